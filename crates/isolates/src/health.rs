//! The health channel (memhive's `subs_health`): every interpreter reports its start, each
//! uncaught exception and its close, and anyone may listen.
//!
//! [`subscribe`] returns a [`HealthMonitor`], a receiver of [`HealthEvent`]s from all
//! interpreters created after it; a supervisor uses it to notice that a worker failed
//! without polling each one. Events are sent on unbounded channels, so a slow listener never
//! blocks an interpreter; a dropped monitor is forgotten at the next event.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::error::{ExcInfo, InterpreterId};

/// One interpreter's lifecycle event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum HealthEvent {
    /// The interpreter's thread is up and its VM ready.
    Started(InterpreterId),
    /// Code it ran (`exec`, `call`, a queue listener) raised without catching.
    Failed(InterpreterId, ExcInfo),
    /// It closed; its VM and every handle it held are gone.
    Closed(InterpreterId),
}

impl HealthEvent {
    /// The interpreter the event is about.
    pub fn interpreter(&self) -> InterpreterId {
        match self {
            HealthEvent::Started(id) | HealthEvent::Failed(id, _) | HealthEvent::Closed(id) => *id,
        }
    }
}

/// A listener on the health channel (see the module docs).
pub struct HealthMonitor {
    rx: flume::Receiver<HealthEvent>,
}

static LISTENERS: Mutex<Vec<flume::Sender<HealthEvent>>> = Mutex::new(Vec::new());

/// Starts listening to every interpreter's lifecycle events.
pub fn subscribe() -> HealthMonitor {
    let (tx, rx) = flume::unbounded();
    LISTENERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(tx);
    HealthMonitor { rx }
}

/// Sends `event` to every live listener.
pub(crate) fn report(event: HealthEvent) {
    let mut listeners = LISTENERS.lock().unwrap_or_else(PoisonError::into_inner);
    listeners.retain(|tx| tx.send(event.clone()).is_ok());
}

impl HealthMonitor {
    /// The next event, waiting at most `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<HealthEvent> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// The next event about interpreter `id`, skipping others, waiting at most `timeout` for
    /// each.
    pub fn next_about(&self, id: InterpreterId, timeout: Duration) -> Option<HealthEvent> {
        loop {
            let event = self.next(timeout)?;
            if event.interpreter() == id {
                return Some(event);
            }
        }
    }

    /// Level 3: the next event, awaited.
    pub async fn next_async(&self) -> Option<HealthEvent> {
        self.rx.recv_async().await.ok()
    }

    /// Every event already waiting.
    pub fn drain(&self) -> Vec<HealthEvent> {
        self.rx.try_iter().collect()
    }
}
