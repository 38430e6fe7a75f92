//! Methods of the hash-keyed containers, `dict` and `set`. Both hash their keys through
//! `Vm::hkey` before touching the table, so an unhashable key fails with CPython's TypeError
//! before anything is changed; the set algebra (`union`, `intersection`, `difference`) reuses
//! the VM's binary operators so the method and operator forms cannot disagree.

use std::rc::Rc;

use crate::builtins::args::{Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{KwArgs, ViewKind};
use crate::value::Value;
use crate::vm::Vm;

const fn one(name: &'static str, owner: &'static str) -> Sig {
    Sig::positional(name, 1, 1).of(owner).style(Style::One)
}

const fn noargs(name: &'static str, owner: &'static str) -> Sig {
    Sig::positional(name, 0, 0).of(owner).style(Style::NoArgs)
}

/// `set.union(*others)`-style methods: `METH_VARARGS`, any number of positional arguments.
const fn varargs(name: &'static str, owner: &'static str) -> Sig {
    Sig::positional(name, 0, 0)
        .of(owner)
        .with_varargs()
        .style(Style::Tuple)
}

/// `self` of a bound `dict` method (checked by `Sig::bind`).
fn this_dict(args: &[Value]) -> PyResult<Rc<std::cell::RefCell<crate::object::Dict>>> {
    match args.first() {
        Some(Value::Dict(d)) => Ok(d.clone()),
        _ => Err(exc::type_error("descriptor requires a 'dict' object")),
    }
}

pub(super) fn dict_get(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("get", 1, 2).of("dict");
    SIG.bind(args, kw)?;
    let k = vm.hkey(&args[1])?;
    // The dict is read where it is (`bind` checked `self`): no clone of its `Rc`.
    let Some(Value::Dict(d)) = args.first() else {
        return Err(exc::type_error("descriptor requires a 'dict' object"));
    };
    let found = d.borrow().get(&k).cloned();
    Ok(found.unwrap_or_else(|| args.get(2).cloned().unwrap_or(Value::None)))
}

fn view(args: &[Value], kind: ViewKind) -> PyResult<Value> {
    Ok(Value::DictView(Rc::new((this_dict(args)?, kind))))
}

pub(super) fn dict_keys(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("keys", "dict");
    SIG.bind(args, kw)?;
    view(args, ViewKind::Keys)
}

pub(super) fn dict_values(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("values", "dict");
    SIG.bind(args, kw)?;
    view(args, ViewKind::Values)
}

pub(super) fn dict_items(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("items", "dict");
    SIG.bind(args, kw)?;
    view(args, ViewKind::Items)
}

pub(super) fn dict_pop(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("pop", 1, 2).of("dict");
    SIG.bind(args, kw)?;
    let d = this_dict(args)?;
    let k = vm.hkey(&args[1])?;
    let removed = d.borrow_mut().remove(&k);
    match (removed, args.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(vm.key_error(&args[1])),
    }
}

/// `dict.popitem()`: removes and returns the last inserted `(key, value)`.
pub(super) fn dict_popitem(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("popitem", "dict");
    SIG.bind(args, kw)?;
    let d = this_dict(args)?;
    let last = d.borrow().len().checked_sub(1);
    let entry = last.and_then(|i| {
        let d = d.borrow();
        let key = d.hkeys().nth(i).cloned();
        key.zip(d.value_at(i).cloned())
    });
    let Some((k, v)) = entry else {
        return Err(vm.key_error(&Value::str("popitem(): dictionary is empty")));
    };
    d.borrow_mut().remove(&k);
    Ok(Value::tuple(vec![k.key, v]))
}

pub(super) fn dict_setdefault(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("setdefault", 1, 2).of("dict");
    SIG.bind(args, kw)?;
    let d = this_dict(args)?;
    let k = vm.hkey(&args[1])?;
    let existing = d.borrow().get(&k).cloned();
    Ok(match existing {
        Some(v) => v,
        None => {
            let v = args.get(2).cloned().unwrap_or(Value::None);
            d.borrow_mut().insert(k, v.clone());
            v
        }
    })
}

pub(super) fn dict_update(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("update", 0, 1).of("dict");
    SIG.bind(args, &[])?;
    let d = this_dict(args)?;
    let mut copy = d.borrow().clone();
    if let Some(other) = args.get(1) {
        crate::builtins::dict_update(vm, &mut copy, other)?;
    }
    for (k, v) in kw {
        copy.insert(vm.key_str(k.as_str()), v.clone());
    }
    d.borrow_mut().assign(copy);
    Ok(Value::None)
}

pub(super) fn dict_copy(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("copy", "dict");
    SIG.bind(args, kw)?;
    let mut c = this_dict(args)?.borrow().clone();
    c.clear_version();
    Ok(Value::dict(c))
}

pub(super) fn dict_clear(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("clear", "dict");
    SIG.bind(args, kw)?;
    this_dict(args)?.borrow_mut().clear();
    Ok(Value::None)
}

fn this_set(args: &[Value]) -> PyResult<Rc<std::cell::RefCell<crate::object::Set>>> {
    match args.first() {
        Some(Value::Set(s)) => Ok(s.clone()),
        _ => Err(exc::type_error("descriptor requires a 'set' object")),
    }
}

pub(super) fn set_add(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("add", "set");
    SIG.bind(args, kw)?;
    let k = vm.hkey(&args[1])?;
    this_set(args)?.borrow_mut().insert(k);
    Ok(Value::None)
}

pub(super) fn set_discard(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("discard", "set");
    SIG.bind(args, kw)?;
    let k = vm.hkey(&args[1])?;
    this_set(args)?.borrow_mut().remove(&k);
    Ok(Value::None)
}

pub(super) fn set_remove(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("remove", "set");
    SIG.bind(args, kw)?;
    let k = vm.hkey(&args[1])?;
    if this_set(args)?.borrow_mut().remove(&k) {
        Ok(Value::None)
    } else {
        Err(vm.key_error(&args[1]))
    }
}

pub(super) fn set_update(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = varargs("update", "set");
    SIG.bind(args, kw)?;
    let s = this_set(args)?;
    for other in &args[1..] {
        for item in vm.collect(other)? {
            let k = vm.hkey(&item)?;
            s.borrow_mut().insert(k);
        }
    }
    Ok(Value::None)
}

pub(super) fn set_pop(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("pop", "set");
    SIG.bind(args, kw)?;
    this_set(args)?
        .borrow_mut()
        .pop_first()
        .ok_or_else(|| exc::new("KeyError", "pop from an empty set"))
}

pub(super) fn set_copy(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("copy", "set");
    SIG.bind(args, kw)?;
    Ok(Value::Set(Rc::new(std::cell::RefCell::new(
        this_set(args)?.borrow().clone(),
    ))))
}

/// `s.<op>(*others)`: a copy of `s` (same type) combined with each other iterable in turn
/// through the binary operator `nb`.
pub(super) fn set_op(
    vm: &mut Vm,
    sig: &'static Sig,
    args: &[Value],
    kw: KwArgs<'_>,
    nb: usize,
) -> PyResult<Value> {
    sig.bind(args, kw)?;
    let mut acc = Value::Set(Rc::new(std::cell::RefCell::new(
        this_set(args)?.borrow().clone(),
    )));
    for other in &args[1..] {
        let mut s = crate::object::Set::new(false);
        for item in vm.collect(other)? {
            let k = vm.hkey(&item)?;
            s.insert(k);
        }
        acc = vm.binary_op(&acc, &Value::set(s), nb)?;
    }
    Ok(acc)
}

pub(super) fn set_union(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SET: Sig = varargs("union", "set");
    static FROZEN: Sig = varargs("union", "frozenset");
    let frozen = matches!(args.first(), Some(Value::Set(s)) if s.borrow().frozen);
    set_op(vm, if frozen { &FROZEN } else { &SET }, args, kw, 7)
}

pub(super) fn set_intersection(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = varargs("intersection", "set");
    set_op(vm, &SIG, args, kw, 1)
}

pub(super) fn set_difference(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = varargs("difference", "set");
    set_op(vm, &SIG, args, kw, 10)
}

pub(super) fn set_issubset(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("issubset", "set");
    SIG.bind(args, kw)?;
    let s = this_set(args)?;
    let items = vm.collect(&args[1])?;
    let mut other = crate::object::Set::new(false);
    for item in items {
        let k = vm.hkey(&item)?;
        other.insert(k);
    }
    let r = s.borrow().iter().all(|k| other.contains(k));
    Ok(Value::bool(r))
}
