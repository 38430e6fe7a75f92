//! # Isolates: interpreters that share immutable maps instead of copying them
//!
//! CPython 3.12 gave each subinterpreter its own GIL (PEP 684) and 3.14 exposes them as
//! `concurrent.interpreters` (PEP 734): several interpreters in one process, each with its own
//! objects, running Python in parallel on several cores. The price of isolation is that
//! objects cannot be shared: data crosses by copy (or pickle). Yury Selivanov's memhive
//! (PyCon US 2024) showed the way out for one kind of data: an *immutable* map, whose nodes
//! never change once built, can be read by every interpreter at once, and an update
//! path-copies a handful of nodes into a new version that shares all the others.
//!
//! This crate rebuilds that on the project's own parts: every interpreter is a `tracer` VM on
//! its own OS thread, and the shared map is the `hamt` crate's HAMT, CPython's own layout.
//!
//! ```text
//!   main                         worker 1 (own Vm, own thread)    worker 2
//!   index = Map(1M keys) ──handle──▶ index.get(k)   ◀──handle── same root, no copy
//!                                    v2 = index.set(k, x)         (path copy: 3-4 nodes)
//!                                    swap("index", index, v2) ──▶ read("index") sees v2
//! ```
//!
//! ## Three levels (memhive's)
//!
//! 1. **Crossing the boundary** ([`Shareable`]): scalars, strs, bytes and tuples are copied;
//!    a [`SharedMap`] or a [`Queue`] crosses as a handle; anything else is refused with
//!    [`NotShareableError`]. Python code gets the same through the `sharing` module
//!    (`python.rs`): `Map`, `publish`/`read`/`swap` on named [`Roots`], `create_queue`.
//! 2. **Queues and synchronization**: bounded [`Queue`]s, [`Broadcast`], [`Requests`] and the
//!    [`health`] channel (start, failure and close of every interpreter).
//! 3. **An async bridge**: queues can be awaited from async Rust ([`Queue::get_async`]), and
//!    every interpreter runs its own current-thread tokio runtime, serving queues
//!    ([`Interpreter::serve`]) between commands: one event loop per isolate.
//!
//! ## The API of PEP 734
//!
//! ```
//! use isolates::{create, create_queue, Shareable, SharedMap};
//!
//! let interp = create();
//! let index = SharedMap::ints(1000);
//! let results = create_queue(0);
//! interp.prepare_main([("index", Shareable::Map(index.clone())), ("results", results.clone().into())])?;
//! interp.exec("results.put(index.get(7) + len(index))")?;
//! assert_eq!(results.get(None)?, Shareable::Int(1007));
//!
//! // An update in the worker path-copies; sending it back shares the rest with `index`.
//! interp.exec("def bump(m, k):\n    return m.set(k, m[k] + 1)")?;
//! let v2 = interp.call("bump", &[Shareable::Map(index.clone()), Shareable::Int(7)])?;
//! let v2 = v2.as_map().expect("a map");
//! assert_eq!(v2.get(&Shareable::Int(7)), Some(&Shareable::Int(8)));
//! let sharing = v2.sharing_with(&index);
//! assert!(sharing.new <= 4 && sharing.shared > 30);
//!
//! // An exception stays in its interpreter; the caller gets a summary.
//! let err = interp.exec("raise ValueError('boom')").unwrap_err();
//! assert_eq!(err.excinfo().map(|e| e.formatted.as_str()), Some("ValueError: boom"));
//! interp.close()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Isolation is checked by the compiler
//!
//! A VM's objects are `Rc`s, so a `Vm` is not `Send`: Rust refuses to move one (or any of
//! its objects) to another thread, which is exactly the rule subinterpreters live by.
//!
//! ```compile_fail,E0277
//! let vm = tracer::vm::Vm::new(tracer::vm::VmOptions::default());
//! std::thread::spawn(move || drop(vm)); // error: `Rc<..>` cannot be sent between threads
//! ```
//!
//! A shared map is `Send + Sync`: its nodes are `Arc`s that never change, so the same move
//! compiles, and the thread reads the very nodes the caller still holds.
//!
//! ```
//! let map = isolates::SharedMap::ints(1000);
//! let handle = map.clone();
//! let len = std::thread::spawn(move || handle.len()).join().unwrap();
//! assert_eq!(len, map.len());
//! ```
//!
//! ## Map of the crate
//!
//! * [`share`]: [`Shareable`] and its CPython hashes; `share/wire.rs`: the serde ("pickle") way.
//! * [`map`]: [`SharedMap`] and [`Sharing`] (nodes new vs shared); [`roots`]: [`Roots`].
//! * [`queue`], [`channels`], [`health`]: level 2; async methods and `interp/event_loop.rs`:
//!   level 3.
//! * [`interp`]: [`Interpreter`], [`create`], [`list_all`], [`get_current`], [`get_main`];
//!   [`host`]: one interpreter's VM; `python.rs`: the `sharing` module.
//! * [`error`]: PEP 734's errors; [`handoff`] and [`demo`]: what `explain isolates` shows.

pub mod aio;
pub mod channels;
pub mod demo;
pub mod error;
pub mod handoff;
pub mod health;
pub mod host;
pub mod interp;
pub mod map;
pub mod python;
pub mod queue;
pub mod roots;
pub mod share;

pub use channels::{Broadcast, Requests};
pub use error::{
    ExcInfo, ExecutionFailed, InterpreterError, InterpreterId, InterpreterNotFoundError,
};
pub use health::{HealthEvent, HealthMonitor};
pub use interp::{create, create_with, get_current, get_main, list_all, Config, Interpreter};
pub use map::{SharedMap, Sharing};
pub use queue::{create_queue, Queue, QueueEmpty, QueueFull};
pub use roots::Roots;
pub use share::{NotShareableError, Shareable};

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
