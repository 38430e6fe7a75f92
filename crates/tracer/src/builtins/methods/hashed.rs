//! Methods of the hash-keyed containers, `dict` and `set`. Both hash their keys through
//! `Vm::hkey` before touching the table, so an unhashable key fails with CPython's TypeError
//! before anything is changed; the set algebra (`union`, `intersection`, `difference`) reuses
//! the VM's binary operators so the method and operator forms cannot disagree.

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::object::{KwArgs, ViewKind};
use crate::value::Value;
use crate::vm::Vm;

fn this_dict(args: &[Value]) -> PyResult<Rc<std::cell::RefCell<crate::object::Dict>>> {
    match args.first() {
        Some(Value::Dict(d)) => Ok(d.clone()),
        _ => Err(exc::type_error("descriptor requires a 'dict' object")),
    }
}

pub(super) fn dict_get(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = this_dict(args)?;
    crate::builtins::check_positional("get", args.len() - 1, 1, 2)?;
    let k = vm.hkey(&args[1])?;
    let found = d.borrow().get(&k).cloned();
    Ok(found.unwrap_or_else(|| args.get(2).cloned().unwrap_or(Value::None)))
}

fn view(args: &[Value], kind: ViewKind) -> PyResult<Value> {
    Ok(Value::DictView(Rc::new((this_dict(args)?, kind))))
}

pub(super) fn dict_keys(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    view(args, ViewKind::Keys)
}

pub(super) fn dict_values(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    view(args, ViewKind::Values)
}

pub(super) fn dict_items(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    view(args, ViewKind::Items)
}

pub(super) fn dict_pop(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = this_dict(args)?;
    crate::builtins::check_positional("pop", args.len() - 1, 1, 2)?;
    let k = vm.hkey(&args[1])?;
    let removed = d.borrow_mut().remove(&k);
    match (removed, args.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(vm.key_error(&args[1])),
    }
}

/// `dict.popitem()`: removes and returns the last inserted `(key, value)`.
pub(super) fn dict_popitem(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
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

pub(super) fn dict_setdefault(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = this_dict(args)?;
    crate::builtins::check_positional("setdefault", args.len() - 1, 1, 2)?;
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

pub(super) fn dict_copy(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let mut c = this_dict(args)?.borrow().clone();
    c.clear_version();
    Ok(Value::dict(c))
}

pub(super) fn dict_clear(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this_dict(args)?.borrow_mut().clear();
    Ok(Value::None)
}

fn this_set(args: &[Value]) -> PyResult<Rc<std::cell::RefCell<crate::object::Set>>> {
    match args.first() {
        Some(Value::Set(s)) => Ok(s.clone()),
        _ => Err(exc::type_error("descriptor requires a 'set' object")),
    }
}

pub(super) fn set_add(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let k = vm.hkey(&args[1])?;
    this_set(args)?.borrow_mut().insert(k);
    Ok(Value::None)
}

pub(super) fn set_discard(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let k = vm.hkey(&args[1])?;
    this_set(args)?.borrow_mut().remove(&k);
    Ok(Value::None)
}

pub(super) fn set_remove(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let k = vm.hkey(&args[1])?;
    if this_set(args)?.borrow_mut().remove(&k) {
        Ok(Value::None)
    } else {
        Err(vm.key_error(&args[1]))
    }
}

pub(super) fn set_update(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_set(args)?;
    for other in &args[1..] {
        for item in vm.collect(other)? {
            let k = vm.hkey(&item)?;
            s.borrow_mut().insert(k);
        }
    }
    Ok(Value::None)
}

pub(super) fn set_pop(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let _ = vm;
    this_set(args)?
        .borrow_mut()
        .pop_first()
        .ok_or_else(|| exc::new("KeyError", "pop from an empty set"))
}

pub(super) fn set_copy(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Set(Rc::new(std::cell::RefCell::new(
        this_set(args)?.borrow().clone(),
    ))))
}

fn set_op(vm: &mut Vm, args: &[Value], nb: usize) -> PyResult<Value> {
    let mut acc = Value::Set(Rc::new(std::cell::RefCell::new(
        this_set(args)?.borrow().clone(),
    )));
    for other in &args[1..] {
        let mut s = crate::object::Set::new(false);
        for item in vm.collect(other)? {
            let k = vm.hkey(&item)?;
            s.insert(k);
        }
        acc = vm.binary_op(&acc, &Value::Set(Rc::new(std::cell::RefCell::new(s))), nb)?;
    }
    Ok(acc)
}

pub(super) fn set_union(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    set_op(vm, args, 7)
}

pub(super) fn set_intersection(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    set_op(vm, args, 1)
}

pub(super) fn set_difference(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    set_op(vm, args, 10)
}

pub(super) fn set_issubset(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_set(args)?;
    let items = vm.collect(&args[1])?;
    let mut other = crate::object::Set::new(false);
    for item in items {
        let k = vm.hkey(&item)?;
        other.insert(k);
    }
    let r = s.borrow().iter().all(|k| other.contains(k));
    Ok(Value::Bool(r))
}
