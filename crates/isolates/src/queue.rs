//! [`Queue`]: PEP 734's cross-interpreter queue (`create_queue(maxsize)`), memhive's level 2.
//!
//! A FIFO of [`Shareable`] items with `queue.Queue`'s surface: `put`/`get` block (with an
//! optional timeout), `put_nowait`/`get_nowait` raise [`QueueFull`]/[`QueueEmpty`] at once,
//! `qsize`, `empty`, `full`. The queue itself is shareable: putting a queue into a queue, or
//! binding one with `prepare_main`, hands over the same queue, not a copy.
//!
//! Underneath is one `flume` channel: a sender and a receiver over a shared buffer, both
//! `Send + Sync`, with blocking, timed and async ends. That last part is level 3: async Rust
//! can `.await` a queue ([`Queue::get_async`], [`Queue::put_async`]) while isolates block on
//! the same queue. (CPython 3.14's `Queue.get()` polls every 10 ms while it waits and truncates
//! a timeout to whole seconds; these wait on the channel and take any `Duration`.)

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use flume::{Receiver, Sender};

use crate::share::Shareable;

/// A queue that interpreters share (see the module docs). Cloning gives another handle on the
/// same queue.
#[derive(Clone)]
pub struct Queue {
    inner: Arc<Inner>,
}

struct Inner {
    id: u64,
    maxsize: usize,
    tx: Sender<Shareable>,
    rx: Receiver<Shareable>,
}

/// `QueueEmpty`: `get_nowait()` on an empty queue, or `get()` timed out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("queue {queue} is empty")]
pub struct QueueEmpty {
    /// The queue's id.
    pub queue: u64,
}

/// `QueueFull`: `put_nowait()` on a full queue, or `put()` timed out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("queue {queue} is full (maxsize {maxsize})")]
pub struct QueueFull {
    /// The queue's id.
    pub queue: u64,
    /// Its capacity.
    pub maxsize: usize,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// `create_queue(maxsize)`: a new queue; `maxsize == 0` means unbounded, as in PEP 734.
pub fn create_queue(maxsize: usize) -> Queue {
    let (tx, rx) = if maxsize == 0 {
        flume::unbounded()
    } else {
        flume::bounded(maxsize)
    };
    Queue {
        inner: Arc::new(Inner {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            maxsize,
            tx,
            rx,
        }),
    }
}

impl Queue {
    /// The queue's process-wide id (`Queue.id`).
    pub fn id(&self) -> u64 {
        self.inner.id
    }

    /// The capacity; 0 for unbounded (`Queue.maxsize`).
    pub fn maxsize(&self) -> usize {
        self.inner.maxsize
    }

    /// Adds `item`, waiting while the queue is full: forever with `timeout == None`, else
    /// at most `timeout`, then [`QueueFull`].
    pub fn put(
        &self,
        item: impl Into<Shareable>,
        timeout: Option<Duration>,
    ) -> Result<(), QueueFull> {
        let item = item.into();
        let sent = match timeout {
            // Both ends live as long as `self`, so a send can only fail by timing out.
            None => self.inner.tx.send(item).map_err(|_| ()),
            Some(t) => self.inner.tx.send_timeout(item, t).map_err(|_| ()),
        };
        sent.map_err(|()| self.full_error())
    }

    /// Adds `item` now, or fails with [`QueueFull`].
    pub fn put_nowait(&self, item: impl Into<Shareable>) -> Result<(), QueueFull> {
        self.inner
            .tx
            .try_send(item.into())
            .map_err(|_| self.full_error())
    }

    /// The next item, waiting while the queue is empty: forever with `timeout == None`, else
    /// at most `timeout`, then [`QueueEmpty`].
    pub fn get(&self, timeout: Option<Duration>) -> Result<Shareable, QueueEmpty> {
        let got = match timeout {
            None => self.inner.rx.recv().map_err(|_| ()),
            Some(t) => self.inner.rx.recv_timeout(t).map_err(|_| ()),
        };
        got.map_err(|()| self.empty_error())
    }

    /// The next item now, or [`QueueEmpty`].
    pub fn get_nowait(&self) -> Result<Shareable, QueueEmpty> {
        self.inner.rx.try_recv().map_err(|_| self.empty_error())
    }

    /// Level 3: waits for the next item without blocking the thread (any executor).
    pub async fn get_async(&self) -> Shareable {
        // The queue holds a sender, so the channel never disconnects while `self` lives.
        loop {
            if let Ok(item) = self.inner.rx.recv_async().await {
                return item;
            }
        }
    }

    /// Level 3: adds `item`, waiting for room without blocking the thread.
    pub async fn put_async(&self, item: impl Into<Shareable>) {
        // Cannot fail: the queue holds a receiver, so the channel stays connected.
        let _ = self.inner.tx.send_async(item.into()).await;
    }

    /// Items waiting (`qsize()`); a snapshot, as in `queue.Queue`.
    pub fn qsize(&self) -> usize {
        self.inner.rx.len()
    }

    /// True when no item waits (a snapshot).
    pub fn empty(&self) -> bool {
        self.inner.rx.is_empty()
    }

    /// True when a bounded queue has `maxsize` items waiting (a snapshot).
    pub fn full(&self) -> bool {
        self.inner.maxsize > 0 && self.inner.rx.len() >= self.inner.maxsize
    }

    /// True when both handles are the same queue.
    pub fn same_queue(&self, other: &Queue) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// The queue's address (identity hashing).
    pub fn address(&self) -> usize {
        Arc::as_ptr(&self.inner) as usize
    }

    /// How many handles on this queue exist, anywhere: in Rust, in interpreters, inside maps
    /// and inside other queues. The leak tests watch it fall back to one.
    pub fn handle_count(&self) -> usize {
        Arc::strong_count(&self.inner)
    }

    fn full_error(&self) -> QueueFull {
        QueueFull {
            queue: self.inner.id,
            maxsize: self.inner.maxsize,
        }
    }

    fn empty_error(&self) -> QueueEmpty {
        QueueEmpty {
            queue: self.inner.id,
        }
    }
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Queue({})", self.inner.id)
    }
}
