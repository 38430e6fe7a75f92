//! An interpreter's thread: its own current-thread tokio runtime (level 3), driving one task
//! that answers commands and one task per queue the interpreter serves.
//!
//! ```text
//!   interpreter thread
//!   ├─ Host (Vm, __main__, sharing)         Rc<RefCell<..>>: this thread only
//!   └─ runtime (current thread) + LocalSet
//!        ├─ command task: Exec / Call / Prepare / Serve / TakeOutput / Close
//!        ├─ listener task: await queue A -> handler_a(item)
//!        └─ listener task: await queue B -> handler_b(item)
//! ```
//!
//! Tasks take turns at their `.await`s, as asyncio callbacks do: Python code runs to
//! completion on this one thread, and a task waiting on an empty queue costs nothing. When
//! `Close` arrives (or every handle is gone) the command task ends, the runtime drops the
//! listener tasks, and the `Host` with the VM and every handle it held is freed before the
//! `Closed` event goes out.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::{ExcInfo, InterpreterId};
use crate::health::{self, HealthEvent};
use crate::host::{CallError, Host};
use crate::queue::Queue;
use crate::roots::Roots;
use crate::share::Shareable;

use super::Config;

/// Where a command's answer goes.
pub(super) type Reply<T> = flume::Sender<T>;

/// What other threads ask of an interpreter.
pub(super) enum Command {
    Exec(String, Reply<Result<(), ExcInfo>>),
    Call(String, Vec<Shareable>, Reply<Result<Shareable, CallError>>),
    Prepare(Vec<(String, Shareable)>, Reply<Result<(), ExcInfo>>),
    Serve(Queue, String, Reply<()>),
    TakeOutput(Reply<String>),
    Close,
}

/// The body of interpreter `id`'s thread.
pub(super) fn run(
    id: InterpreterId,
    config: Config,
    inbox: flume::Receiver<Command>,
    running: Arc<AtomicBool>,
    ready: flume::Sender<()>,
) {
    let roots = config.roots.unwrap_or_else(Roots::global);
    let host = Rc::new(RefCell::new(Host::new(id, roots, config.capture_output)));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime needs no OS resources beyond a timer");
    let tasks = tokio::task::LocalSet::new();
    health::report(HealthEvent::Started(id));
    let _ = ready.send(());
    tasks.block_on(&runtime, commands(id, host.clone(), inbox, running));
    drop(tasks);
    drop(runtime);
    drop(host);
    health::report(HealthEvent::Closed(id));
}

/// Answers commands until `Close` (or until every sender is gone).
async fn commands(
    id: InterpreterId,
    host: Rc<RefCell<Host>>,
    inbox: flume::Receiver<Command>,
    running: Arc<AtomicBool>,
) {
    // Code-running commands clear `running` before they reply, so a caller that got its
    // answer may immediately run more.
    let done = || running.store(false, Ordering::Release);
    while let Ok(command) = inbox.recv_async().await {
        match command {
            Command::Exec(source, reply) => {
                let result = host.borrow_mut().exec(&source);
                report_failure(id, result.as_ref().err());
                done();
                let _ = reply.send(result);
            }
            Command::Call(name, args, reply) => {
                let result = host.borrow_mut().call(&name, &args);
                // The arguments go before the reply: a caller that gets its answer sees no
                // handle of ours left (tests/leaks.rs counts them).
                drop(args);
                if let Err(CallError::Raised(excinfo)) = &result {
                    report_failure(id, Some(excinfo));
                }
                done();
                let _ = reply.send(result);
            }
            Command::Prepare(bindings, reply) => {
                let result = host.borrow_mut().prepare_main(&bindings);
                drop(bindings);
                done();
                let _ = reply.send(result);
            }
            Command::Serve(queue, handler, reply) => {
                tokio::task::spawn_local(listen(id, host.clone(), queue, handler));
                let _ = reply.send(());
            }
            Command::TakeOutput(reply) => {
                let _ = reply.send(host.borrow_mut().take_output());
            }
            Command::Close => break,
        }
    }
}

/// Calls `handler(item)` for every item of `queue`, until the interpreter closes.
async fn listen(id: InterpreterId, host: Rc<RefCell<Host>>, queue: Queue, handler: String) {
    loop {
        let item = queue.get_async().await;
        let result = host.borrow_mut().call(&handler, &[item]);
        match result {
            Ok(_) => {}
            Err(CallError::Raised(excinfo)) => report_failure(id, Some(&excinfo)),
            // The result is discarded anyway; a handler answers through queues.
            Err(CallError::Result(_)) => {}
        }
        // Let the other tasks in before the next item, as an event loop does.
        tokio::task::yield_now().await;
    }
}

fn report_failure(id: InterpreterId, excinfo: Option<&ExcInfo>) {
    if let Some(excinfo) = excinfo {
        health::report(HealthEvent::Failed(id, excinfo.clone()));
    }
}
