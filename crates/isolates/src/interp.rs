//! [`Interpreter`] and the module functions of PEP 734: [`create`], [`list_all`],
//! [`get_current`], [`get_main`].
//!
//! Each interpreter is a `tracer` VM running on its own OS thread (`interp/event_loop.rs`).
//! CPython runs a subinterpreter on the *calling* thread by swapping thread states; a `Vm`
//! cannot do that, because it is not `Send` and so can never leave the thread that made it.
//! Here `exec` and `call` therefore send their work to the interpreter's thread and wait for
//! the answer, which gives the same blocking behaviour PEP 734 describes ("This blocks the
//! current Python thread until done").
//!
//! ```text
//!   caller thread                         interpreter 3's thread (owns its Vm)
//!   interp.exec("x = 1")  ──Exec──▶       event loop: host.exec("x = 1") in __main__
//!          waits          ◀──Ok(())──      (uncaught exception -> ExcInfo, never an object)
//! ```
//!
//! An `Interpreter` is a handle: clones refer to the same interpreter, and when the last
//! handle goes the interpreter closes (as `create()`'s interpreters do in CPython, which
//! hold a reference). `close()` closes it at once. The main interpreter (id 0) is made on
//! first use and lives as long as the process.

mod event_loop;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::thread::JoinHandle;

use crate::error::{ExecutionFailed, InterpreterError, InterpreterId, InterpreterNotFoundError};
use crate::host::CallError;
use crate::queue::Queue;
use crate::roots::Roots;
use crate::share::Shareable;

use event_loop::{Command, Reply};

/// How a new interpreter is set up.
#[derive(Clone, Default)]
pub struct Config {
    /// The named roots its `sharing.publish`/`read`/`swap` use (default: [`Roots::global`]).
    pub roots: Option<Roots>,
    /// Keep what `print` writes for [`Interpreter::take_output`] instead of writing it to
    /// the process's stdout.
    pub capture_output: bool,
}

/// A handle on one interpreter (see the module docs).
#[derive(Clone)]
pub struct Interpreter {
    shared: Arc<Shared>,
}

struct Shared {
    id: InterpreterId,
    commands: flume::Sender<Command>,
    /// True while `exec`, `call` or `prepare_main` runs (`is_running()`).
    running: Arc<AtomicBool>,
    closed: AtomicBool,
    thread: Mutex<Option<JoinHandle<()>>>,
}

static REGISTRY: Mutex<BTreeMap<InterpreterId, Weak<Shared>>> = Mutex::new(BTreeMap::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(1);
static MAIN: OnceLock<Interpreter> = OnceLock::new();

thread_local! {
    /// The interpreter whose thread this is (`None` on every other thread).
    static CURRENT: std::cell::Cell<Option<InterpreterId>> = const { std::cell::Cell::new(None) };
}

/// `create()`: a new, idle interpreter with the default [`Config`].
pub fn create() -> Interpreter {
    create_with(Config::default())
}

/// A new interpreter set up by `config`.
pub fn create_with(config: Config) -> Interpreter {
    spawn(NEXT_ID.fetch_add(1, Ordering::Relaxed), config)
}

/// `get_main()`: the main interpreter (id 0), started on first use.
pub fn get_main() -> Interpreter {
    MAIN.get_or_init(|| spawn(0, Config::default())).clone()
}

/// `get_current()`: the interpreter running the calling thread; the main interpreter on any
/// thread that is not an interpreter's.
pub fn get_current() -> Interpreter {
    match CURRENT.with(|c| c.get()).and_then(lookup) {
        Some(interp) => interp,
        None => get_main(),
    }
}

/// `list_all()`: every interpreter that is not closed, the main one first.
pub fn list_all() -> Vec<Interpreter> {
    let main = get_main();
    // Upgrade under the lock, filter after releasing it: dropping the last handle of an
    // interpreter closes it, which takes the lock again.
    let live: Vec<Arc<Shared>> = {
        let registry = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
        registry
            .iter()
            .filter(|(id, _)| **id != 0)
            .filter_map(|(_, weak)| weak.upgrade())
            .collect()
    };
    let mut all = vec![main];
    all.extend(
        live.into_iter()
            .filter(|s| !s.closed.load(Ordering::Acquire))
            .map(|shared| Interpreter { shared }),
    );
    all
}

/// The interpreter with `id`, if it is still open.
pub fn lookup(id: InterpreterId) -> Option<Interpreter> {
    let shared = {
        let registry = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
        registry.get(&id)?.upgrade()?
    };
    (!shared.closed.load(Ordering::Acquire)).then_some(Interpreter { shared })
}

fn spawn(id: InterpreterId, config: Config) -> Interpreter {
    let (commands, inbox) = flume::unbounded();
    let running = Arc::new(AtomicBool::new(false));
    let (ready_tx, ready_rx) = flume::bounded(1);
    let thread_running = running.clone();
    let thread = std::thread::Builder::new()
        .name(format!("interpreter-{id}"))
        .stack_size(tracer::vm::VM_STACK_SIZE)
        .spawn(move || {
            CURRENT.with(|c| c.set(Some(id)));
            event_loop::run(id, config, inbox, thread_running, ready_tx);
        })
        .expect("the OS starts an interpreter thread");
    // Wait until the VM exists, so a `Started` event precedes anything done with the handle.
    let _ = ready_rx.recv();
    let shared = Arc::new(Shared {
        id,
        commands,
        running,
        closed: AtomicBool::new(false),
        thread: Mutex::new(Some(thread)),
    });
    REGISTRY
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(id, Arc::downgrade(&shared));
    Interpreter { shared }
}

impl Interpreter {
    /// `Interpreter.id`.
    pub fn id(&self) -> InterpreterId {
        self.shared.id
    }

    /// `is_running()`: true while `exec`, `call` or `prepare_main` runs in it.
    pub fn is_running(&self) -> bool {
        self.shared.running.load(Ordering::Acquire)
    }

    /// `exec(source)`: runs `source` in the interpreter's `__main__` and waits. An uncaught
    /// exception comes back as [`InterpreterError::ExecutionFailed`].
    pub fn exec(&self, source: &str) -> Result<(), InterpreterError> {
        let reply = self.request(|reply| Command::Exec(source.to_string(), reply))?;
        reply.map_err(|excinfo| self.failed(excinfo))
    }

    /// `call(function, *args)`: calls the function `name` defined in the interpreter's
    /// `__main__` with shareable arguments and returns its (shareable) result. PEP 734 passes
    /// the callable itself; a function object belongs to one heap, so here it is named.
    pub fn call(&self, name: &str, args: &[Shareable]) -> Result<Shareable, InterpreterError> {
        let reply = self.request(|reply| Command::Call(name.to_string(), args.to_vec(), reply))?;
        match reply {
            Ok(value) => Ok(value),
            Err(CallError::Raised(excinfo)) => Err(self.failed(excinfo)),
            Err(CallError::Result(e)) => Err(e.into()),
        }
    }

    /// `call_in_thread(function, *args)`: [`Interpreter::call`] on a new thread, whose
    /// handle returns the result (CPython's discards it).
    pub fn call_in_thread(
        &self,
        name: &str,
        args: &[Shareable],
    ) -> JoinHandle<Result<Shareable, InterpreterError>> {
        let (me, name, args) = (self.clone(), name.to_string(), args.to_vec());
        std::thread::spawn(move || me.call(&name, &args))
    }

    /// `prepare_main(**kwargs)`: binds each name to its value in `__main__`.
    pub fn prepare_main<K: Into<String>>(
        &self,
        bindings: impl IntoIterator<Item = (K, Shareable)>,
    ) -> Result<(), InterpreterError> {
        let bindings: Vec<(String, Shareable)> =
            bindings.into_iter().map(|(k, v)| (k.into(), v)).collect();
        let reply = self.request(|reply| Command::Prepare(bindings, reply))?;
        reply.map_err(|excinfo| self.failed(excinfo))
    }

    /// Level 3: from now on the interpreter's event loop calls `__main__.handler(item)` for
    /// each item put into `queue`, between other work (an uncaught exception is reported on
    /// the health channel and the loop goes on).
    pub fn serve(&self, queue: &Queue, handler: &str) -> Result<(), InterpreterError> {
        self.check_open()?;
        let (reply, done) = flume::bounded(1);
        self.send(Command::Serve(queue.clone(), handler.to_string(), reply))?;
        done.recv().map_err(|_| self.stopped())
    }

    /// What `print` wrote since the last call (with [`Config::capture_output`]).
    pub fn take_output(&self) -> Result<String, InterpreterError> {
        self.check_open()?;
        let (reply, done) = flume::bounded(1);
        self.send(Command::TakeOutput(reply))?;
        done.recv().map_err(|_| self.stopped())
    }

    /// `close()`: finalizes the interpreter: its thread stops, its VM and everything it held
    /// (handles on maps and queues included) are freed. Refused while it is running.
    pub fn close(&self) -> Result<(), InterpreterError> {
        if CURRENT.with(|c| c.get()) == Some(self.id()) {
            return Err(InterpreterError::Running(self.id()));
        }
        self.check_open()?;
        if self.is_running() {
            return Err(InterpreterError::Running(self.id()));
        }
        self.shared.shut_down();
        Ok(())
    }

    /// Sends a command that runs code (`exec`, `call`, `prepare_main`) and waits for its reply.
    fn request<T>(&self, command: impl FnOnce(Reply<T>) -> Command) -> Result<T, InterpreterError> {
        self.check_open()?;
        let running = &self.shared.running;
        if running
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return Err(InterpreterError::Running(self.id()));
        }
        let (reply, answer) = flume::bounded(1);
        if let Err(e) = self.send(command(reply)) {
            running.store(false, Ordering::Release);
            return Err(e);
        }
        // The interpreter clears `running` before it replies.
        answer.recv().map_err(|_| {
            running.store(false, Ordering::Release);
            self.stopped()
        })
    }

    fn send(&self, command: Command) -> Result<(), InterpreterError> {
        self.shared
            .commands
            .send(command)
            .map_err(|_| self.stopped())
    }

    fn check_open(&self) -> Result<(), InterpreterError> {
        if self.shared.closed.load(Ordering::Acquire) {
            return Err(InterpreterNotFoundError { id: self.id() }.into());
        }
        Ok(())
    }

    fn failed(&self, excinfo: crate::error::ExcInfo) -> InterpreterError {
        ExecutionFailed {
            interpreter: self.id(),
            excinfo,
        }
        .into()
    }

    fn stopped(&self) -> InterpreterError {
        InterpreterError::Stopped(self.id())
    }
}

impl Shared {
    /// Stops the thread and waits for it, once.
    fn shut_down(&self) {
        if self.closed.swap(true, Ordering::AcqRel) {
            return;
        }
        let _ = self.commands.send(Command::Close);
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = thread {
            // A panic in the interpreter's thread has already been reported by the runtime.
            let _ = thread.join();
        }
        let mut registry = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
        registry.remove(&self.id);
    }
}

impl Drop for Shared {
    /// The last handle closes the interpreter.
    fn drop(&mut self) {
        self.shut_down();
    }
}

impl PartialEq for Interpreter {
    fn eq(&self, other: &Interpreter) -> bool {
        self.id() == other.id()
    }
}

impl Eq for Interpreter {}

impl std::fmt::Debug for Interpreter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Interpreter({})", self.id())
    }
}
