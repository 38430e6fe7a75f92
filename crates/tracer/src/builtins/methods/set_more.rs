//! The rest of the set algebra as methods: the tests (`isdisjoint`, `issuperset`), the
//! symmetric difference, the in-place `*_update` forms and `clear`, plus the read-only ones
//! `frozenset` shares (`copy`, `difference`, `intersection`, `issubset`, ...). Like the
//! methods in `hashed.rs`, they hash every item through `Vm::hkey` first, and the forms that
//! build a new set reuse the VM's binary operators, so `s.symmetric_difference(t)` and `s ^ t`
//! cannot disagree.

use std::cell::RefCell;
use std::rc::Rc;

use crate::builtins::args::{Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{KwArgs, Set};
use crate::value::Value;
use crate::vm::Vm;

/// The set (or frozenset) a method is bound to.
fn this(args: &[Value]) -> PyResult<Rc<RefCell<Set>>> {
    match args.first() {
        Some(Value::Set(s)) => Ok(s.clone()),
        _ => Err(exc::type_error("descriptor requires a 'set' object")),
    }
}

fn frozen(args: &[Value]) -> bool {
    matches!(args.first(), Some(Value::Set(s)) if s.borrow().frozen)
}

/// Signatures for a method both types have: messages name the one called.
struct Pair {
    set: Sig,
    frozenset: Sig,
}

impl Pair {
    const fn one(name: &'static str) -> Pair {
        Pair {
            set: Sig::positional(name, 1, 1).of("set").style(Style::One),
            frozenset: Sig::positional(name, 1, 1)
                .of("frozenset")
                .style(Style::One),
        }
    }

    const fn varargs(name: &'static str) -> Pair {
        Pair {
            set: Sig::positional(name, 0, 0)
                .of("set")
                .with_varargs()
                .style(Style::Tuple),
            frozenset: Sig::positional(name, 0, 0)
                .of("frozenset")
                .with_varargs()
                .style(Style::Tuple),
        }
    }

    fn pick(&'static self, args: &[Value]) -> &'static Sig {
        if frozen(args) {
            &self.frozenset
        } else {
            &self.set
        }
    }
}

/// An iterable's items as a fresh set (a set operand is used as it is).
fn as_set(vm: &mut Vm, other: &Value) -> PyResult<Rc<RefCell<Set>>> {
    if let Value::Set(s) = other {
        return Ok(s.clone());
    }
    let mut s = Set::new(false);
    for item in vm.collect(other)? {
        let k = vm.hkey(&item)?;
        s.insert(k);
    }
    Ok(Rc::new(RefCell::new(s)))
}

/// `s <op> other` through the binary operator, `other` made a set first.
fn binary(vm: &mut Vm, s: &Value, other: &Value, nb: usize) -> PyResult<Value> {
    let other = Value::Set(as_set(vm, other)?);
    vm.binary_op(s, &other, nb)
}

pub(super) fn set_isdisjoint(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Pair = Pair::one("isdisjoint");
    SIG.pick(args).bind(args, kw)?;
    let s = this(args)?;
    // Items are hashed (and may fail) one by one, stopping at the first shared one.
    let items = vm.collect(&args[1])?;
    for item in items {
        let k = vm.hkey(&item)?;
        if s.borrow().contains(&k) {
            return Ok(Value::bool(false));
        }
    }
    Ok(Value::bool(true))
}

pub(super) fn set_issuperset(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Pair = Pair::one("issuperset");
    SIG.pick(args).bind(args, kw)?;
    let s = this(args)?;
    let other = as_set(vm, &args[1])?;
    let r = other.borrow().iter().all(|k| s.borrow().contains(k));
    Ok(Value::bool(r))
}

pub(super) fn frozenset_issubset(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("issubset", 1, 1)
        .of("frozenset")
        .style(Style::One);
    SIG.bind(args, kw)?;
    let s = this(args)?;
    let other = as_set(vm, &args[1])?;
    let r = s.borrow().iter().all(|k| other.borrow().contains(k));
    Ok(Value::bool(r))
}

pub(super) fn set_symmetric_difference(
    vm: &mut Vm,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    static SIG: Pair = Pair::one("symmetric_difference");
    SIG.pick(args).bind(args, kw)?;
    binary(vm, &args[0], &args[1], 12)
}

pub(super) fn frozenset_difference(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Pair = Pair::varargs("difference");
    // `set_op` keeps self's type: a frozenset's difference is a frozenset.
    super::hashed::set_op(vm, &SIG.frozenset, args, kw, 10)
}

pub(super) fn frozenset_intersection(
    vm: &mut Vm,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    static SIG: Pair = Pair::varargs("intersection");
    super::hashed::set_op(vm, &SIG.frozenset, args, kw, 1)
}

pub(super) fn frozenset_copy(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("copy", 0, 0)
        .of("frozenset")
        .style(Style::NoArgs);
    SIG.bind(args, kw)?;
    // A frozenset is immutable: its copy is itself, as in CPython.
    Ok(args[0].clone())
}

pub(super) fn set_clear(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("clear", 0, 0)
        .of("set")
        .style(Style::NoArgs);
    SIG.bind(args, kw)?;
    let s = this(args)?;
    let empty = Set::new(false);
    *s.borrow_mut() = empty;
    Ok(Value::None)
}

pub(super) fn set_difference_update(
    vm: &mut Vm,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    static SIG: Pair = Pair::varargs("difference_update");
    SIG.set.bind(args, kw)?;
    let s = this(args)?;
    for other in &args[1..] {
        let other = as_set(vm, other)?;
        let keys: Vec<_> = other.borrow().iter().cloned().collect();
        for k in keys {
            s.borrow_mut().remove(&k);
        }
    }
    Ok(Value::None)
}

pub(super) fn set_intersection_update(
    vm: &mut Vm,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    static SIG: Pair = Pair::varargs("intersection_update");
    SIG.set.bind(args, kw)?;
    let s = this(args)?;
    let mut acc = args[0].clone();
    for other in &args[1..] {
        acc = binary(vm, &acc, other, 1)?;
    }
    if let Value::Set(result) = acc {
        if !Rc::ptr_eq(&result, &s) {
            let mut items = result.borrow().clone();
            items.frozen = false;
            *s.borrow_mut() = items;
        }
    }
    Ok(Value::None)
}

pub(super) fn set_symmetric_difference_update(
    vm: &mut Vm,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    static SIG: Pair = Pair::one("symmetric_difference_update");
    SIG.set.bind(args, kw)?;
    let s = this(args)?;
    let other = as_set(vm, &args[1])?;
    if Rc::ptr_eq(&other, &s) {
        *s.borrow_mut() = Set::new(false);
        return Ok(Value::None);
    }
    let keys: Vec<_> = other.borrow().iter().cloned().collect();
    for k in keys {
        let mut s = s.borrow_mut();
        if !s.remove(&k) {
            s.insert(k);
        }
    }
    Ok(Value::None)
}
