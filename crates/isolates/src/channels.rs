//! Level 2 patterns on top of [`Queue`]: [`Broadcast`] (one message to every worker) and
//! [`Requests`] (a question to whichever worker is free, and its answer).
//!
//! Both are plain compositions of queues, so the worker side is ordinary Python:
//!
//! ```python
//! # a worker serving requests, handed `requests` by prepare_main
//! while True:
//!     question, reply = requests.get()      # a tuple: the payload and a reply queue
//!     reply.put(answer(question))
//! ```
//!
//! A request carries its own reply queue (bounded to one item), so answers cannot be
//! mixed up however many callers and workers there are; memhive's request channels do the
//! same with a request id.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::queue::{create_queue, Queue, QueueEmpty, QueueFull};
use crate::share::Shareable;

/// One message to every subscriber (see the module docs).
#[derive(Clone, Default)]
pub struct Broadcast {
    subscribers: Arc<Mutex<Vec<Queue>>>,
}

impl Broadcast {
    /// A broadcast with no subscribers yet.
    pub fn new() -> Broadcast {
        Broadcast::default()
    }

    /// A new queue that receives every later message; hand it to a worker.
    pub fn subscribe(&self, maxsize: usize) -> Queue {
        let queue = create_queue(maxsize);
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(queue.clone());
        queue
    }

    /// Puts `message` into every subscriber's queue, waiting for room in each (a map is
    /// shared, not copied, so this costs one handle per subscriber). Returns how many got it.
    pub fn send(
        &self,
        message: impl Into<Shareable>,
        timeout: Option<Duration>,
    ) -> Result<usize, QueueFull> {
        let message = message.into();
        let subscribers = self
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        for queue in &subscribers {
            queue.put(message.clone(), timeout)?;
        }
        Ok(subscribers.len())
    }

    /// Number of subscribers.
    pub fn len(&self) -> usize {
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// True when nobody subscribed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A request/response channel: callers send `(payload, reply_queue)` tuples into one queue
/// that workers share (see the module docs).
#[derive(Clone)]
pub struct Requests {
    queue: Queue,
}

impl Requests {
    /// A channel holding at most `maxsize` waiting requests (0: unbounded).
    pub fn new(maxsize: usize) -> Requests {
        Requests {
            queue: create_queue(maxsize),
        }
    }

    /// The queue workers take requests from.
    pub fn queue(&self) -> Queue {
        self.queue.clone()
    }

    /// Sends `payload` and waits for the answer, at most `timeout` (for the answer; sending
    /// waits for room as long as it takes).
    pub fn request(
        &self,
        payload: impl Into<Shareable>,
        timeout: Option<Duration>,
    ) -> Result<Shareable, QueueEmpty> {
        let reply = self.send(payload.into());
        reply.get(timeout)
    }

    /// Level 3: [`Requests::request`], awaited.
    pub async fn request_async(&self, payload: impl Into<Shareable>) -> Shareable {
        let reply = create_queue(1);
        let message = Shareable::tuple(vec![payload.into(), Shareable::Queue(reply.clone())]);
        self.queue.put_async(message).await;
        reply.get_async().await
    }

    fn send(&self, payload: Shareable) -> Queue {
        let reply = create_queue(1);
        let message = Shareable::tuple(vec![payload, Shareable::Queue(reply.clone())]);
        // Unbounded wait: a full request queue only delays the caller.
        let _ = self.queue.put(message, None);
        reply
    }
}
