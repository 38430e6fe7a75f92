//! A deque's operators: comparisons (item by item, as lists compare, and only with another
//! deque), `+` and `*` (new deques keeping the left operand's `maxlen`), `+=` and `*=` (in
//! place, extending by any iterable).

use std::collections::VecDeque;

use super::{class_of, me, new_deque, two, Deque};
use crate::builtins::args;
use crate::builtins::ops::CmpOp;
use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// Rich comparison of two deques: their items compared as lists are; anything else is
/// `NotImplemented`.
pub(super) fn compare(vm: &mut Vm, a: &[Value], op: CmpOp) -> PyResult<Value> {
    let d = me(a, "comparison")?;
    let Some(other) = a.get(1).and_then(|v| v.native::<Deque>()) else {
        return Ok(Value::NotImplemented);
    };
    let (x, y) = (Value::list(d.snapshot()), Value::list(other.snapshot()));
    vm.rich_compare(&x, &y, op)
}

pub(super) fn eq(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    compare(vm, a, CmpOp::Eq)
}
pub(super) fn ne(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    compare(vm, a, CmpOp::Ne)
}
pub(super) fn lt(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    compare(vm, a, CmpOp::Lt)
}
pub(super) fn le(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    compare(vm, a, CmpOp::Le)
}
pub(super) fn gt(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    compare(vm, a, CmpOp::Gt)
}
pub(super) fn ge(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    compare(vm, a, CmpOp::Ge)
}

pub(super) fn add(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__add__")?;
    let other = two(a, "__add__")?;
    let Some(o) = other.native::<Deque>() else {
        return Err(exc::type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            type_name_of(other)
        )));
    };
    let new = new_deque(class_of(&a[0])?, VecDeque::new(), d.maxlen.get());
    let nd = me(std::slice::from_ref(&new), "__add__")?;
    for v in d.snapshot().into_iter().chain(o.snapshot()) {
        nd.push_back(v);
    }
    Ok(new)
}

pub(super) fn repeat_into(vm: &mut Vm, d: &Deque, times: &Value) -> PyResult<()> {
    let n = match times {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => args::index_ssize(vm, times)?,
        _ => {
            return Err(exc::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                type_name_of(times)
            )))
        }
    };
    let items = d.snapshot();
    if n <= 0 {
        d.items.borrow_mut().clear();
        d.bump();
        return Ok(());
    }
    for _ in 1..n {
        for v in &items {
            d.push_back(v.clone());
        }
    }
    Ok(())
}

pub(super) fn mul(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__mul__")?;
    let new = new_deque(class_of(&a[0])?, d.items.borrow().clone(), d.maxlen.get());
    repeat_into(
        vm,
        me(std::slice::from_ref(&new), "__mul__")?,
        two(a, "__mul__")?,
    )?;
    Ok(new)
}

pub(super) fn iadd(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__iadd__")?;
    let items = vm.collect(two(a, "__iadd__")?)?;
    for item in items {
        d.push_back(item);
    }
    Ok(a[0].clone())
}

pub(super) fn imul(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__imul__")?;
    repeat_into(vm, d, two(a, "__imul__")?)?;
    Ok(a[0].clone())
}
