//! One collection: `gc_collect_main`'s steps over the registry.
//!
//! 1. `update_refs`: upgrade every live handle (pruning the dead) and start each object's
//!    `gc_refs` at its strong count, less the one reference the scan itself now holds.
//! 2. `subtract_refs`: for every reference a tracked object holds to a tracked object,
//!    subtract one from the target. What is left is the number of references from outside
//!    the tracked set: frames, the VM, Rust locals, untracked objects.
//! 3. `move_unreachable`: objects with references from outside (or that could not be
//!    traversed because a builtin has them borrowed) are reachable, and so is everything
//!    they reach. The rest is garbage.
//! 4. Count the garbage as CPython would, then `delete_garbage`: empty every garbage object
//!    (`tp_clear`). The caller drops the emptied objects once it holds no borrow.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::traverse::{self, Busy, Edges, Trash};
use super::Tracked;
use crate::value::Value;

/// Hashes an address: a multiply spreads the bits into the high half (which the table's
/// control bytes use), folded back into the low half (its bucket index), since aligned
/// addresses carry nothing in their low bits.
#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_usize(&mut self, v: usize) {
        let x = (v as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = x ^ (x >> 32);
    }
}

type AddrMap = HashMap<usize, usize, BuildHasherDefault<AddrHasher>>;

/// What a collection found.
pub(super) struct Outcome {
    /// The reachable objects, to go back into the registry.
    pub survivors: Vec<Tracked>,
    /// The emptied garbage and what was taken out of it, to drop with no borrow active.
    pub garbage: (Trash, Vec<Value>),
    /// CPython's count of the unreachable objects (`gc.collect()`'s result).
    pub collected: usize,
}

/// Runs the four steps over the registry's handles.
pub(super) fn run(handles: Vec<Tracked>) -> Outcome {
    // update_refs: the live objects, with their handles kept to go back into the registry.
    let (objects, handles): (Vec<Value>, Vec<Tracked>) = handles
        .into_iter()
        .filter_map(|t| Some((t.upgrade()?, t)))
        .unzip();
    let mut index = AddrMap::default();
    index.reserve(objects.len());
    for (i, v) in objects.iter().enumerate() {
        if let Some(a) = traverse::addr(v) {
            index.insert(a, i);
        }
    }
    let mut gc_refs: Vec<isize> = objects.iter().map(|v| strong_count(v) - 1).collect();
    // subtract_refs, remembering each object's tracked targets (`targets[starts[i]..
    // starts[i + 1]]`) for the next step. A busy object's references are not subtracted
    // (its targets keep looking referenced from outside), and the object itself is a root.
    let mut busy = vec![false; objects.len()];
    // Indices as `u32`: every reference between tracked objects is one entry (500,000 in
    // pyperformance's gc_traversal), so half the width is half the collector's peak memory.
    // Invariant: fewer than 2^32 tracked objects (each is a heap allocation of 16+ bytes).
    let mut targets: Vec<u32> = Vec::new();
    let mut starts: Vec<usize> = Vec::with_capacity(objects.len() + 1);
    let mut edges = Edges::default();
    for (i, v) in objects.iter().enumerate() {
        starts.push(targets.len());
        edges.addrs.clear();
        if let Err(Busy) = traverse::edges(v, &mut edges) {
            busy[i] = true;
            continue;
        }
        for a in &edges.addrs {
            if let Some(&j) = index.get(a) {
                gc_refs[j] -= 1;
                targets.push(j as u32);
            }
        }
    }
    starts.push(targets.len());
    drop(index);
    // move_unreachable
    let mut reachable = vec![false; objects.len()];
    let mut work: Vec<usize> = Vec::new();
    for i in 0..objects.len() {
        debug_assert!(gc_refs[i] >= 0, "more references subtracted than counted");
        if gc_refs[i] > 0 || busy[i] {
            reachable[i] = true;
            work.push(i);
        }
    }
    while let Some(i) = work.pop() {
        for &j in &targets[starts[i]..starts[i + 1]] {
            let j = j as usize;
            if !reachable[j] {
                reachable[j] = true;
                work.push(j);
            }
        }
    }
    let collected = count(&objects, &reachable, &targets, &starts);
    // delete_garbage
    let mut trash = Trash::new();
    let mut survivors = Vec::with_capacity(objects.len());
    let mut garbage = Vec::new();
    for ((v, handle), reachable) in objects.into_iter().zip(handles).zip(reachable) {
        if reachable {
            survivors.push(handle);
        } else {
            traverse::clear(&v, &mut trash);
            garbage.push(v);
        }
    }
    Outcome {
        survivors,
        garbage: (trash, garbage),
        collected,
    }
}

/// CPython's count of the garbage: each object's weight, its uniquely held tuples that
/// CPython would track, less the builtin value inside an instance of a `list` or `dict`
/// subclass (one object in CPython, two here).
fn count(objects: &[Value], reachable: &[bool], targets: &[u32], starts: &[usize]) -> usize {
    let mut n = 0;
    let mut edges = Edges::default();
    for (i, v) in objects.iter().enumerate().filter(|&(i, _)| !reachable[i]) {
        n += traverse::weight(v);
        edges.addrs.clear();
        edges.inline = 0;
        if traverse::edges(v, &mut edges).is_ok() {
            n += edges.inline;
        }
        let Value::Instance(inst) = v else { continue };
        // The payload is among the instance's targets when it is tracked.
        let Some(payload) = inst.payload.as_ref().and_then(traverse::addr) else {
            continue;
        };
        let mine = &targets[starts[i]..starts[i + 1]];
        if let Some(j) = mine
            .iter()
            .map(|&j| j as usize)
            .find(|&j| traverse::addr(&objects[j]) == Some(payload))
        {
            if !reachable[j] {
                n -= traverse::weight(&objects[j]).min(n);
            }
        }
    }
    n
}

/// The strong count of a tracked object.
fn strong_count(v: &Value) -> isize {
    use std::rc::Rc;
    let n = match v {
        Value::Instance(r) => Rc::strong_count(r),
        Value::List(r) => Rc::strong_count(r),
        Value::Dict(r) => Rc::strong_count(r),
        Value::Set(r) => Rc::strong_count(r),
        Value::Cell(r) => Rc::strong_count(r),
        Value::Function(r) => Rc::strong_count(r),
        Value::Generator(r) => Rc::strong_count(r),
        Value::Method(r) => Rc::strong_count(r),
        _ => 1,
    };
    n as isize
}
