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

/// Hashes an address: a multiply spreads the bits (addresses are aligned, so the low bits
/// carry nothing).
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
        self.0 = (v as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 7;
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
    // update_refs
    let objects: Vec<Value> = handles.iter().filter_map(Tracked::upgrade).collect();
    drop(handles);
    let mut index = AddrMap::default();
    index.reserve(objects.len());
    for (i, v) in objects.iter().enumerate() {
        if let Some(a) = traverse::addr(v) {
            index.insert(a, i);
        }
    }
    let mut gc_refs: Vec<isize> = objects.iter().map(|v| strong_count(v) - 1).collect();
    // subtract_refs: a busy object's references are not subtracted (its targets keep
    // looking referenced from outside), and the object itself is a root.
    let mut busy = vec![false; objects.len()];
    let mut edges = Edges::default();
    for (i, v) in objects.iter().enumerate() {
        edges.addrs.clear();
        if let Err(Busy) = traverse::edges(v, &mut edges) {
            busy[i] = true;
            continue;
        }
        for a in &edges.addrs {
            if let Some(&j) = index.get(a) {
                gc_refs[j] -= 1;
            }
        }
    }
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
        edges.addrs.clear();
        if traverse::edges(&objects[i], &mut edges).is_err() {
            continue;
        }
        for a in &edges.addrs {
            if let Some(&j) = index.get(a) {
                if !reachable[j] {
                    reachable[j] = true;
                    work.push(j);
                }
            }
        }
    }
    let collected = count(&objects, &reachable, &index);
    // delete_garbage
    let mut trash = Trash::new();
    let mut survivors = Vec::with_capacity(objects.len());
    let mut garbage = Vec::new();
    for (v, reachable) in objects.into_iter().zip(reachable) {
        if reachable {
            survivors.extend(Tracked::of(&v));
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
fn count(objects: &[Value], reachable: &[bool], index: &AddrMap) -> usize {
    let mut n = 0;
    let mut edges = Edges::default();
    for (v, _) in objects.iter().zip(reachable).filter(|(_, r)| !**r) {
        n += traverse::weight(v);
        edges.addrs.clear();
        edges.inline = 0;
        if traverse::edges(v, &mut edges).is_ok() {
            n += edges.inline;
        }
        if let Value::Instance(i) = v {
            let payload = i.payload.as_ref().and_then(traverse::addr);
            if let Some(&j) = payload.and_then(|a| index.get(&a)) {
                if !reachable[j] {
                    n -= traverse::weight(&objects[j]).min(n);
                }
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
