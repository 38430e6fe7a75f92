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
//! Generations work as in CPython 3.13: registrations go to generation 0; once the young
//! objects still alive pass `threshold0` (2000) the youngest generations are collected,
//! objects of older generations counting as references from outside, and survivors move up
//! one generation; generation 1 joins every `threshold1` collections, the oldest every
//! `threshold2` of those, and only when what moved there since its last collection is more
//! than a quarter of what it kept (`checkpoint`).
//!
//! What differs from CPython, and why:
//! - *Tracking* is a registry of weak handles (`Tracked`) filled by the allocation funnels
//!   (`Value::list`, `Value::dict`, `Value::set`, `Value::instance`, `Value::cell`,
//!   `MAKE_FUNCTION`, `RETURN_GENERATOR`, bound methods): instances, lists, dicts, sets,
//!   cells, functions, generators and bound methods. CPython links a `PyGC_Head` into a
//!   list instead; a `Weak` is the safe-Rust way to find live objects without keeping them
//!   alive. A dead handle keeps its `Rc` allocation (not its contents) until it is pruned,
//!   on a schedule that bounds the dead handles to about half the live ones (`checkpoint`).
//! - Tuples are not registered (the VM makes too many). A tracked object that holds the
//!   *only* reference to a tuple traverses the tuple's items as its own, which finds cycles
//!   through tuples (`a.t = (a,)`, a closure's tuple of cells) exactly. Any other untracked
//!   object (a shared tuple, an iterator, a class, a module, a deque, an instance made by a
//!   path that does not register it) is an *external* reference: what it holds is reachable.
//!   That is conservative: the collector never frees an object something still refers to,
//!   it may only miss a cycle through such an object.
//! - A `RefCell` that is borrowed when a collection runs (a builtin in the middle of its
//!   work) is treated as a root: its object is reachable and so is everything it holds.
//!   Collections run at a registration (CPython 3.13 waits for the eval breaker; this VM has
//!   none), which is safe because of that rule and because nothing runs Python code while
//!   garbage is freed.
//! - `count[0]` is found by pruning the young generation (deallocations are not counted as
//!   they happen), so it is exact only at checkpoints.
//! - The count `gc.collect()` returns is CPython's for the objects it would track: an
//!   instance's materialized `__dict__`, a uniquely held tuple that holds containers, an
//!   exception's non-empty `args` tuple count one each; a dict counts only while it holds
//!   something CPython would track (CPython keeps a dict tracked once it ever held one, and a
//!   fresh tuple of atoms until a collection sees it alive, so it can count a few more).
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

/// The number of generations, as CPython's `NUM_GENERATIONS`.
pub const GENERATIONS: usize = 3;

/// The tracked objects of this thread (a VM lives on one thread), by generation, and the
/// countdown to the next `checkpoint`, together so that registering touches one
/// thread-local.
struct Registry {
    /// `generations[0]` is the young generation, where registrations go; survivors of a
    /// collection of generation `g` move to `g + 1` (the oldest stays).
    generations: [Vec<Tracked>; GENERATIONS],
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
    /// `gc.get_count()[1]` and `[2]`: collections of generation 0 since the last one of
    /// generation 1, and of generation 1 since the last full one.
    counts: [usize; 2],
    /// Objects in the oldest generation after the last full collection, and moved there
    /// since (CPython's `long_lived_total` and `long_lived_pending`).
    long_lived_total: usize,
    long_lived_pending: usize,
    /// Registrations since the oldest generation was last pruned of freed objects (up to
    /// the last checkpoint), and the countdown that checkpoint set.
    since_old_prune: usize,
    countdown: usize,
    /// True while a collection runs: a registration then never starts another.
    collecting: bool,
}

const INITIAL_STATE: State = State {
    enabled: true,
    threshold: DEFAULT_THRESHOLD,
    debug: 0,
    registered_at_collection: 0,
    counts: [0, 0],
    long_lived_total: 0,
    long_lived_pending: 0,
    since_old_prune: 0,
    countdown: DEFAULT_THRESHOLD.0 as usize,
    collecting: false,
};

thread_local! {
    static REGISTRY: RefCell<Registry> = const {
        RefCell::new(Registry {
            generations: [Vec::new(), Vec::new(), Vec::new()],
            countdown: DEFAULT_THRESHOLD.0 as usize,
            registered: 0,
        })
    };
    static STATE: Cell<State> = const { Cell::new(INITIAL_STATE) };
}

/// Registers a new container with the collector (CPython's `_PyObject_GC_TRACK` at
/// allocation). Cheap: a weak count increment and a push. Every `threshold0`
/// registrations it runs a `checkpoint`, which collects the young generation.
#[inline(always)]
pub fn track(v: &Value) {
    let Some(t) = Tracked::of(v) else { return };
    let due = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.generations[0].push(t);
        r.registered = r.registered.wrapping_add(1);
        r.countdown = r.countdown.saturating_sub(1);
        r.countdown == 0
    });
    if due {
        checkpoint();
    }
}

/// Every so many registrations: prune the young generation of freed objects, which gives
/// CPython's `count[0]` (allocations minus deallocations of young objects); past
/// `threshold0` run `gc_collect_generations`, which collects the oldest generation whose
/// count passed its threshold, the oldest one only when the objects moved there since the
/// last full collection are more than a quarter of those it kept (CPython's rule, which
/// keeps full collections proportional to the allocations). With automatic collection off
/// the young generation is only pruned.
///
/// Dead handles keep their `Rc` allocation until pruned: the young generation is pruned at
/// every checkpoint (at most every quarter threshold, so a few handles looked at per
/// registration), the middle one by its collections, the oldest also whenever the
/// registrations since its last prune reach half its size, which bounds what it keeps to
/// about half the live objects at a cost of at most two handles looked at per registration.
#[cold]
#[inline(never)]
fn checkpoint() {
    let st = STATE.with(Cell::get);
    let t0 = usize::try_from(st.threshold.0).unwrap_or(0);
    let automatic = st.enabled && !st.collecting && t0 > 0;
    let mut young = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.generations[0].retain(Tracked::alive);
        r.generations[0].len()
    });
    if automatic && young >= t0 {
        let over = |g: usize| {
            let t = if g == 1 {
                st.threshold.1
            } else {
                st.threshold.2
            };
            st.counts[g - 1] as i64 >= t
        };
        let generation = if over(2) && st.long_lived_pending > st.long_lived_total / 4 {
            2
        } else if over(1) {
            1
        } else {
            0
        };
        collect_generation(generation);
        young = 0;
    }
    let step = if t0 > 0 {
        t0
    } else {
        DEFAULT_THRESHOLD.0 as usize
    };
    let next = if automatic {
        step.saturating_sub(young).max(step / 4).max(1)
    } else {
        // Nothing is collected: the young generation grows, pruned every half its size.
        step.max(young / 2)
    };
    REGISTRY.with(|r| r.borrow_mut().countdown = next);
    let mut st = STATE.with(Cell::get);
    st.since_old_prune += st.countdown;
    st.countdown = next;
    let old = REGISTRY.with(|r| r.borrow().generations[GENERATIONS - 1].len());
    if st.since_old_prune >= old / 2 {
        st.since_old_prune = 0;
        REGISTRY.with(|r| r.borrow_mut().generations[GENERATIONS - 1].retain(Tracked::alive));
    }
    STATE.with(|s| s.set(st));
}

/// Runs a full collection now; returns the number of unreachable objects it found (what
/// `gc.collect()` returns). 0 if a collection is already running.
pub fn collect_now() -> usize {
    collect_generation(GENERATIONS - 1)
}

/// Collects generations `0..=generation` (`gc_collect_main`): objects of older generations
/// are references from outside, as in CPython. Survivors move one generation up.
pub fn collect_generation(generation: usize) -> usize {
    let generation = generation.min(GENERATIONS - 1);
    let mut st = STATE.with(Cell::get);
    if st.collecting {
        return 0;
    }
    st.collecting = true;
    STATE.with(|s| s.set(st));
    // The generations are moved out for the scan: registrations during it (none are
    // expected: the scan allocates no Python object) go to a fresh vector.
    let objects = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let mut all = Vec::new();
        for g in (0..=generation).rev() {
            all.append(&mut r.generations[g]);
        }
        all
    });
    let outcome = collect::run(objects);
    let kept = outcome.survivors.len();
    let target = (generation + 1).min(GENERATIONS - 1);
    let registered = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.generations[target].extend(outcome.survivors);
        r.registered
    });
    // Only now, with no borrow of ours active, does the garbage go: its contents first
    // (which may free objects outside the cycles), then the emptied objects themselves.
    drop(outcome.garbage);
    let mut st = STATE.with(Cell::get);
    st.collecting = false;
    st.registered_at_collection = registered;
    match generation {
        0 => st.counts[0] += 1,
        1 => {
            st.counts = [0, st.counts[1] + 1];
            st.long_lived_pending += kept;
        }
        _ => {
            st.counts = [0, 0];
            st.long_lived_pending = 0;
            st.long_lived_total = kept;
            st.since_old_prune = 0;
        }
    }
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
/// minus deallocations), then the collection counts of generations 0 and 1.
pub fn count() -> (usize, usize, usize) {
    let st = STATE.with(Cell::get);
    let registered = REGISTRY.with(|r| r.borrow().registered);
    (
        registered.wrapping_sub(st.registered_at_collection),
        st.counts[0],
        st.counts[1],
    )
}

/// The live tracked objects (`gc.get_objects(generation)`), all of them for `None`.
pub fn objects(generation: Option<usize>) -> Vec<Value> {
    REGISTRY.with(|r| {
        let r = r.borrow();
        let gens = match generation {
            Some(g) => &r.generations[g.min(GENERATIONS - 1)..=g.min(GENERATIONS - 1)],
            None => &r.generations[..],
        };
        gens.iter().flatten().filter_map(Tracked::upgrade).collect()
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
