//! The collector's algorithm on hand-built object graphs: unreachable cycles are found and
//! freed, reachable ones (from a Rust local, a borrowed cell, an untracked holder) never are.

use std::rc::{Rc, Weak};

use super::{collect_generation, collect_now, count};
use crate::object::dict::str_key;
use crate::object::Dict;
use crate::value::Value;

/// A list holding itself, and a weak handle to see whether it was freed.
fn self_list() -> (Value, Weak<std::cell::RefCell<Vec<Value>>>) {
    let l = Value::list(Vec::new());
    let Value::List(rc) = &l else { unreachable!() };
    rc.borrow_mut().push(l.clone());
    let weak = Rc::downgrade(rc);
    (l, weak)
}

/// Runs `f` on a registry emptied of whatever earlier tests of this thread left.
fn check(f: impl FnOnce()) {
    collect_now();
    f();
}

#[test]
fn an_unreachable_cycle_is_collected_and_freed() {
    check(|| {
        let (l, weak) = self_list();
        drop(l);
        assert!(weak.upgrade().is_some(), "the cycle keeps itself alive");
        assert_eq!(collect_now(), 1);
        assert!(weak.upgrade().is_none(), "collected means freed");
        assert_eq!(collect_now(), 0);
    });
}

#[test]
fn a_reachable_cycle_is_never_collected() {
    check(|| {
        let (l, weak) = self_list();
        assert_eq!(collect_now(), 0);
        let Value::List(rc) = &l else { unreachable!() };
        assert!(rc.borrow()[0].is(&l), "its contents are untouched");
        drop(l);
        assert_eq!(collect_now(), 1);
        assert!(weak.upgrade().is_none());
    });
}

#[test]
fn everything_a_reachable_object_reaches_survives() {
    check(|| {
        // root -> a <-> b: a and b form a cycle, but the root (a Rust local) reaches it.
        let a = Value::dict(Dict::new());
        let b = Value::dict(Dict::new());
        let (Value::Dict(ad), Value::Dict(bd)) = (&a, &b) else {
            unreachable!()
        };
        ad.borrow_mut().insert(str_key("b"), b.clone());
        bd.borrow_mut().insert(str_key("a"), a.clone());
        let root = Value::list(vec![a.clone()]);
        drop((a, b));
        assert_eq!(collect_now(), 0);
        drop(root);
        assert_eq!(collect_now(), 2);
    });
}

#[test]
fn a_borrowed_object_is_a_root() {
    check(|| {
        let (l, weak) = self_list();
        let Value::List(rc) = &l else { unreachable!() };
        let rc = rc.clone();
        drop(l);
        // A builtin in the middle of its work: the collector must not touch the list.
        let guard = rc.borrow();
        assert_eq!(collect_now(), 0);
        drop(guard);
        drop(rc);
        assert_eq!(collect_now(), 1);
        assert!(weak.upgrade().is_none());
    });
}

#[test]
fn an_untracked_holder_counts_as_a_reference_from_outside() {
    check(|| {
        // A tuple held twice is not traversed: what it holds looks referenced from outside.
        let (l, weak) = self_list();
        let shared = Value::tuple(vec![l.clone()]);
        let Value::List(rc) = &l else { unreachable!() };
        rc.borrow_mut().push(shared.clone());
        rc.borrow_mut().push(shared);
        drop(l);
        assert_eq!(
            collect_now(),
            0,
            "conservative: the cycle through a shared tuple stays"
        );
        assert!(weak.upgrade().is_some());
    });
}

#[test]
fn a_uniquely_held_tuple_is_traversed() {
    check(|| {
        // list -> (list,) -> list: the tuple is the list's alone, so the cycle is found, and
        // counted as CPython counts it (the list and the tuple, which holds a container).
        let (l, weak) = self_list();
        let Value::List(rc) = &l else { unreachable!() };
        rc.borrow_mut().clear();
        rc.borrow_mut().push(Value::tuple(vec![l.clone()]));
        drop(l);
        assert_eq!(collect_now(), 2);
        assert!(weak.upgrade().is_none());
    });
}

#[test]
fn garbage_reaching_a_live_object_leaves_it_alone() {
    check(|| {
        let keep = Value::list(vec![Value::Int(7)]);
        let (l, _) = self_list();
        let Value::List(rc) = &l else { unreachable!() };
        rc.borrow_mut().push(keep.clone());
        drop(l);
        assert_eq!(collect_now(), 1);
        let Value::List(k) = &keep else {
            unreachable!()
        };
        assert_eq!(k.borrow().len(), 1);
    });
}

#[test]
fn the_count_follows_registrations_and_resets_on_collection() {
    check(|| {
        let before = count().0;
        let made: Vec<Value> = (0..5).map(|_| Value::list(Vec::new())).collect();
        assert_eq!(count().0, before + 5);
        collect_now();
        assert_eq!(count(), (0, 0, 0));
        drop(made);
    });
}

#[test]
fn a_young_collection_sees_older_objects_as_outside_references() {
    check(|| {
        // The cycle survives a young collection while referenced, so it moves to generation
        // 1: collecting generation 0 alone no longer looks at it, collecting 1 does.
        let (l, weak) = self_list();
        assert_eq!(collect_generation(0), 0);
        drop(l);
        assert_eq!(collect_generation(0), 0);
        assert!(weak.upgrade().is_some());
        assert_eq!(collect_generation(1), 1);
        assert!(weak.upgrade().is_none());
        // A young object held by an old one is reachable through it.
        let old = Value::list(Vec::new());
        collect_generation(1);
        let (young, young_weak) = self_list();
        let Value::List(o) = &old else { unreachable!() };
        o.borrow_mut().push(young.clone());
        drop(young);
        assert_eq!(collect_generation(0), 0);
        assert!(young_weak.upgrade().is_some());
        // The old list is no cycle: its count frees it, leaving the young self-cycle.
        drop(old);
        assert_eq!(collect_now(), 1);
        assert!(young_weak.upgrade().is_none());
    });
}
