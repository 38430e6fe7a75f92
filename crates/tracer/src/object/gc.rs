//! The cycle collector: CPython's `Python/gc.c` algorithm over `Rc`.
//!
//! The VM frees objects by reference counting (`Rc`), as CPython does; what counting alone
//! cannot free is a reference cycle (`a.other = b; b.other = a`). CPython adds a tracing
//! collector for those, and so does this module, with the same algorithm:
//!
//! ```text
//!   tracked:   a ─▶ b ─▶ a     c ─▶ d       (c is also held by a frame's local)
//!   strong:    a:1  b:1        c:2  d:1
//!   update_refs + subtract_refs: gc_refs = strong count - references from tracked objects
//!              a:0  b:0        c:1  d:0
//!   move_unreachable: c has a reference from outside (gc_refs > 0), so c and all it
//!              reaches (d) are reachable; a and b are not: garbage
//!   delete_garbage: empty a and b (tp_clear); the Rcs then fall to zero and free them
//! ```
//!
//! What differs from CPython, and why:
//! - *Tracking* is a registry of weak handles (`Tracked`) filled by the allocation funnels
//!   (`Value::list`, `Value::dict`, `Value::set`, `Value::instance`, `Value::cell`,
//!   `MAKE_FUNCTION`, `RETURN_GENERATOR`, bound methods): instances, lists, dicts, sets,
//!   cells, functions, generators and bound methods. CPython links a `PyGC_Head` into a
//!   list instead; a `Weak` is the safe-Rust way to find live objects without keeping them
//!   alive. A dead entry keeps its `Rc` allocation (not its contents) until the registry is
//!   pruned, which happens on a schedule proportional to the registry's size (`checkpoint`).
//! - Tuples are not registered (the VM makes too many). A tracked object that holds the
//!   *only* reference to a tuple traverses the tuple's items as its own, which finds cycles
//!   through tuples (`a.t = (a,)`, a closure's tuple of cells) exactly. Any other untracked
//!   object (a shared tuple, an iterator, a class, a module, a deque) is an *external*
//!   reference: what it holds is reachable. That is conservative: the collector never frees
//!   an object something still refers to, it may only miss a cycle through such an object.
//! - A `RefCell` that is borrowed when a collection runs (a builtin in the middle of its
//!   work) is treated as a root: its object is reachable and so is everything it holds.
//! - There are no generations: every collection looks at every tracked object. Automatic
//!   collection follows the net growth of tracked objects since the last collection (CPython
//!   counts allocations minus deallocations; deallocations are not counted here, the prune
//!   finds them), scaled up by a quarter of the survivors as CPython scales its full
//!   collections, so that the cost stays proportional to the allocations (see `checkpoint`).
//! - The count `gc.collect()` returns is CPython's for the objects it would track: an
//!   instance's materialized `__dict__`, a uniquely held tuple that holds containers, an
//!   exception's `args` tuple count one each; a dict counts only while it holds something
//!   CPython would track (CPython keeps a dict tracked once it ever held one).
//! - The VM calls no `__del__` and runs no generator finalizer, here or when a count falls
//!   to zero: garbage with `__del__` is freed without it (CPython 3.4+ calls it first), and a
//!   suspended generator in a cycle is counted (CPython's finalizer closes it first, which
//!   often breaks the cycle before the count, so CPython reports fewer).
//!
//! `collect` lives in `gc/collect.rs`, the per-type `tp_traverse` and `tp_clear` in
//! `gc/traverse.rs`.

mod collect;
mod traverse;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use super::{BoundMethod, Dict, Function, Generator, Instance, Set};
use crate::value::Value;

pub use traverse::maybe_tracked;

/// CPython 3.13's default thresholds (`gc.get_threshold()`).
pub const DEFAULT_THRESHOLD: (i64, i64, i64) = (2000, 10, 10);

/// One registered container: a weak handle, so registration never keeps an object alive.
pub(crate) enum Tracked {
    Instance(Weak<Instance>),
    List(Weak<RefCell<Vec<Value>>>),
    Dict(Weak<RefCell<Dict>>),
    Set(Weak<RefCell<Set>>),
    Cell(Weak<RefCell<Value>>),
    Function(Weak<Function>),
    Generator(Weak<Generator>),
    Method(Weak<BoundMethod>),
}

impl Tracked {
    /// The handle of `v` if its kind is one the collector tracks.
    #[inline(always)]
    fn of(v: &Value) -> Option<Tracked> {
        Some(match v {
            Value::Instance(r) => Tracked::Instance(Rc::downgrade(r)),
            Value::List(r) => Tracked::List(Rc::downgrade(r)),
            Value::Dict(r) => Tracked::Dict(Rc::downgrade(r)),
            Value::Set(r) => Tracked::Set(Rc::downgrade(r)),
            Value::Cell(r) => Tracked::Cell(Rc::downgrade(r)),
            Value::Function(r) => Tracked::Function(Rc::downgrade(r)),
            Value::Generator(r) => Tracked::Generator(Rc::downgrade(r)),
            Value::Method(r) => Tracked::Method(Rc::downgrade(r)),
            _ => return None,
        })
    }

    /// The object as a (strong) value, `None` once it was freed.
    fn upgrade(&self) -> Option<Value> {
        Some(match self {
            Tracked::Instance(w) => Value::Instance(w.upgrade()?),
            Tracked::List(w) => Value::List(w.upgrade()?),
            Tracked::Dict(w) => Value::Dict(w.upgrade()?),
            Tracked::Set(w) => Value::Set(w.upgrade()?),
            Tracked::Cell(w) => Value::Cell(w.upgrade()?),
            Tracked::Function(w) => Value::Function(w.upgrade()?),
            Tracked::Generator(w) => Value::Generator(w.upgrade()?),
            Tracked::Method(w) => Value::Method(w.upgrade()?),
        })
    }

    /// True while the object lives (what the prune keeps).
    fn alive(&self) -> bool {
        match self {
            Tracked::Instance(w) => w.strong_count() > 0,
            Tracked::List(w) => w.strong_count() > 0,
            Tracked::Dict(w) => w.strong_count() > 0,
            Tracked::Set(w) => w.strong_count() > 0,
            Tracked::Cell(w) => w.strong_count() > 0,
            Tracked::Function(w) => w.strong_count() > 0,
            Tracked::Generator(w) => w.strong_count() > 0,
            Tracked::Method(w) => w.strong_count() > 0,
        }
    }
}

/// The tracked objects of this thread (a VM lives on one thread) and the countdown to the
/// next `checkpoint`, together so that registering touches one thread-local.
struct Registry {
    objects: Vec<Tracked>,
    /// Registrations left before the next checkpoint.
    countdown: usize,
    /// Registrations ever made on this thread (wrapping).
    registered: usize,
}

/// The collector's settings and counters (`gc.enable()`, `gc.set_threshold()`, ...).
#[derive(Clone, Copy)]
struct State {
    enabled: bool,
    threshold: (i64, i64, i64),
    debug: i64,
    /// `Registry::registered` at the last collection: `gc.get_count()[0]` is the difference.
    registered_at_collection: usize,
    /// Live tracked objects after the last collection (or the first checkpoint).
    survivors: usize,
    /// True while a collection runs: a registration then never starts another.
    collecting: bool,
    /// Collections run so far (`gc.get_stats()`-like, for tests and `explain`).
    collections: usize,
}

const INITIAL_STATE: State = State {
    enabled: true,
    threshold: DEFAULT_THRESHOLD,
    debug: 0,
    registered_at_collection: 0,
    survivors: 0,
    collecting: false,
    collections: 0,
};

thread_local! {
    static REGISTRY: RefCell<Registry> = const {
        RefCell::new(Registry {
            objects: Vec::new(),
            countdown: DEFAULT_THRESHOLD.0 as usize,
            registered: 0,
        })
    };
    static STATE: Cell<State> = const { Cell::new(INITIAL_STATE) };
}

/// Registers a new container with the collector (CPython's `_PyObject_GC_TRACK` at
/// allocation). Cheap: a weak count increment and a push. Every threshold's worth of
/// registrations it runs a `checkpoint`, which may collect.
#[inline(always)]
pub fn track(v: &Value) {
    let Some(t) = Tracked::of(v) else { return };
    let due = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.objects.push(t);
        r.registered = r.registered.wrapping_add(1);
        r.countdown = r.countdown.saturating_sub(1);
        r.countdown == 0
    });
    if due {
        checkpoint();
    }
}

/// Every `countdown` registrations: prune the dead handles, then collect if the live
/// tracked objects grew by the threshold since the last collection.
///
/// Costs, amortised: a collection walks every live object, so it waits until the live
/// count grew by a quarter of the last survivors (CPython's rule for its full collections)
/// as well as by `threshold0`. The prune walks the registry, so checkpoints are spaced by
/// the growth still missing, but never closer than a quarter of the threshold nor further
/// than half the registry (which bounds the dead handles kept to about the live ones).
#[cold]
#[inline(never)]
fn checkpoint() {
    let live = prune();
    let st = STATE.with(Cell::get);
    let t0 = usize::try_from(st.threshold.0).unwrap_or(0);
    let automatic = st.enabled && !st.collecting && t0 > 0;
    let needed = t0.max(st.survivors / 4);
    let mut grown = live.saturating_sub(st.survivors);
    if automatic && grown >= needed {
        collect_now();
        grown = 0;
    }
    let survivors = STATE.with(Cell::get).survivors;
    let live = REGISTRY.with(|r| r.borrow().objects.len());
    let widest = (live / 2).max(if t0 > 0 {
        t0
    } else {
        DEFAULT_THRESHOLD.0 as usize
    });
    let next = if automatic {
        let needed = t0.max(survivors / 4);
        needed.saturating_sub(grown).clamp((t0 / 4).max(1), widest)
    } else {
        widest
    };
    REGISTRY.with(|r| r.borrow_mut().countdown = next);
}

/// Drops the handles of freed objects; returns how many live ones remain.
fn prune() -> usize {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.objects.retain(Tracked::alive);
        r.objects.len()
    })
}

/// Runs a full collection now; returns the number of unreachable objects it found (what
/// `gc.collect()` returns). 0 if a collection is already running.
pub fn collect_now() -> usize {
    let mut st = STATE.with(Cell::get);
    if st.collecting {
        return 0;
    }
    st.collecting = true;
    STATE.with(|s| s.set(st));
    // The registry is moved out for the scan: registrations during it (none are expected:
    // the scan allocates no Python object) go to a fresh vector and are merged back.
    let objects = REGISTRY.with(|r| std::mem::take(&mut r.borrow_mut().objects));
    let outcome = collect::run(objects);
    let (live, registered) = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let newer = std::mem::replace(&mut r.objects, outcome.survivors);
        r.objects.extend(newer);
        (r.objects.len(), r.registered)
    });
    // Only now, with no borrow of ours active, does the garbage go: its contents first
    // (which may free objects outside the cycles), then the emptied objects themselves.
    drop(outcome.garbage);
    let mut st = STATE.with(Cell::get);
    st.collecting = false;
    st.registered_at_collection = registered;
    st.survivors = live;
    st.collections += 1;
    STATE.with(|s| s.set(st));
    outcome.collected
}

/// A new interpreter starts on this thread: garbage a previous one left is freed (its
/// cycles lived until now), and the settings start as CPython's.
pub fn new_interpreter() {
    STATE.with(|s| {
        let mut st = s.get();
        st.enabled = true;
        st.threshold = DEFAULT_THRESHOLD;
        st.debug = 0;
        s.set(st);
    });
    collect_now();
}

/// `gc.isenabled()`.
pub fn is_enabled() -> bool {
    STATE.with(Cell::get).enabled
}

/// `gc.enable()` / `gc.disable()`: whether registrations may start a collection.
pub fn set_enabled(on: bool) {
    update(|st| st.enabled = on);
}

/// `gc.get_threshold()`.
pub fn threshold() -> (i64, i64, i64) {
    STATE.with(Cell::get).threshold
}

/// `gc.set_threshold()`: only `threshold0` changes what this collector does (0 turns
/// automatic collection off, as in CPython); the other two are kept and reported.
pub fn set_threshold(t: (i64, i64, i64)) {
    update(|st| st.threshold = t);
}

/// `gc.get_debug()`.
pub fn debug() -> i64 {
    STATE.with(Cell::get).debug
}

/// `gc.set_debug()` (the flags are kept; none changes what the collector prints).
pub fn set_debug(flags: i64) {
    update(|st| st.debug = flags);
}

/// `gc.get_count()`: registrations since the last collection (CPython counts allocations
/// minus deallocations), and 0 for the older generations, which this collector has not.
pub fn count() -> (usize, usize, usize) {
    let since = STATE.with(Cell::get).registered_at_collection;
    let registered = REGISTRY.with(|r| r.borrow().registered);
    (registered.wrapping_sub(since), 0, 0)
}

/// Collections run on this thread so far.
pub fn collections() -> usize {
    STATE.with(Cell::get).collections
}

/// The live tracked objects (`gc.get_objects()`), in registration order.
pub fn objects() -> Vec<Value> {
    REGISTRY.with(|r| {
        r.borrow()
            .objects
            .iter()
            .filter_map(Tracked::upgrade)
            .collect()
    })
}

fn update(f: impl FnOnce(&mut State)) {
    STATE.with(|s| {
        let mut st = s.get();
        f(&mut st);
        s.set(st);
    });
}

#[cfg(test)]
mod tests;
