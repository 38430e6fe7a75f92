//! Uops of the operators: unary, truth, binary arithmetic and comparisons, with the type
//! guards the specialized forms put in front of them.
//!
//! A guard only looks; the action after it assumes what the guard proved. The int actions
//! compute on `i64` and fall back to big ints on overflow (Python ints are unbounded).

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::object::int::{self as int, IntOp};
use crate::specialize::families::is_compact;
use crate::uops::{Args, Step};
use crate::value::{BoolBits, Value};
use crate::vm::Vm;

use super::broken;
use Step::{Continue, Deopt};

/// The two operands of a binary uop: (second from the top, top).
#[inline(always)]
fn operands(f: &Frame) -> (&Value, &Value) {
    let n = f.stack.len();
    (&f.stack[n - 2], &f.stack[n - 1])
}

/// Replaces the two top values by `r`.
#[inline(always)]
fn pop2_push(f: &mut Box<Frame>, r: Value) {
    if let Some(v) = f.stack.pop() {
        v.discard();
    }
    let n = f.stack.len();
    std::mem::replace(&mut f.stack[n - 1], r).discard();
}

/// Replaces the two top values by `r` when both are scalars (the int and float fast paths,
/// after their guards): the operands hold no reference, so they are forgotten rather than
/// dropped. `pop2_push` would re-read both tags from memory to decide whether to drop them
/// (the compiler cannot tell that the stack's length, just stored, is not one of them): about
/// 8 machine instructions per operation.
#[inline(always)]
pub(crate) fn pop2_push_scalars(f: &mut Box<Frame>, r: Value) {
    let n = f.stack.len();
    debug_assert!(
        f.stack[n - 2..].iter().all(is_scalar),
        "operands must be scalars"
    );
    std::mem::forget(std::mem::replace(&mut f.stack[n - 2], r));
    if let Some(v) = f.stack.pop() {
        std::mem::forget(v);
    }
}

/// A value with nothing to release when it goes (what `pop2_push_scalars` may forget).
fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Float(_) | Value::Bool(_))
}

/// Replaces the top value by `r`.
#[inline(always)]
fn set_top(f: &mut Box<Frame>, r: Value) {
    let n = f.stack.len();
    std::mem::replace(&mut f.stack[n - 1], r).discard();
}

#[inline(always)]
fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::BigInt(_))
}

#[inline(always)]
fn guard(ok: bool) -> PyResult<Step> {
    Ok(if ok { Continue } else { Deopt })
}

/// `_UNARY_NEGATIVE`
pub(crate) fn unary_negative(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    let r = vm.unary_negative(&v)?;
    f.push(r);
    Ok(Continue)
}

/// `_UNARY_NOT`
pub(crate) fn unary_not(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    let b = match v {
        Value::Bool(b) => b.get(),
        other => vm.truthy(&other)?,
    };
    f.push(Value::bool(!b));
    Ok(Continue)
}

/// `_UNARY_INVERT`
pub(crate) fn unary_invert(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    let r = vm.unary_invert(&v)?;
    f.push(r);
    Ok(Continue)
}

/// `_TO_BOOL`
pub(crate) fn to_bool(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    let b = vm.truthy(&v)?;
    f.push(Value::bool(b));
    Ok(Continue)
}

/// `_TO_BOOL_BOOL`
#[inline(always)]
pub(crate) fn to_bool_bool(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard(matches!(f.peek(0), Value::Bool(_)))
}

/// `_TO_BOOL_INT`
#[inline(always)]
pub(crate) fn to_bool_int(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let r = match f.peek(0) {
        Value::Int(i) => *i != 0,
        // A big int is never zero (`Value` invariant).
        Value::BigInt(_) => true,
        _ => return Ok(Deopt),
    };
    set_top(f, Value::bool(r));
    Ok(Continue)
}

/// `_TO_BOOL_LIST`
pub(crate) fn to_bool_list(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let r = match f.peek(0) {
        Value::List(l) => !l.borrow().is_empty(),
        _ => return Ok(Deopt),
    };
    set_top(f, Value::bool(r));
    Ok(Continue)
}

/// `_TO_BOOL_NONE`
pub(crate) fn to_bool_none(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    if !matches!(f.peek(0), Value::None) {
        return Ok(Deopt);
    }
    set_top(f, Value::Bool(BoolBits::FALSE));
    Ok(Continue)
}

/// `_TO_BOOL_STR`
pub(crate) fn to_bool_str(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let r = match f.peek(0) {
        Value::Str(s) => !s.as_str().is_empty(),
        _ => return Ok(Deopt),
    };
    set_top(f, Value::bool(r));
    Ok(Continue)
}

/// `_REPLACE_WITH_TRUE`
pub(crate) fn replace_with_true(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    set_top(f, Value::Bool(BoolBits::TRUE));
    Ok(Continue)
}

/// `_GUARD_BOTH_INT`
#[inline(always)]
pub(crate) fn guard_both_int(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let (a, b) = operands(f);
    guard(is_int(a) && is_int(b))
}

/// `_GUARD_NOS_INT`
#[inline(always)]
pub(crate) fn guard_nos_int(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard(is_int(f.peek(1)))
}

/// `_GUARD_TOS_INT`
#[inline(always)]
pub(crate) fn guard_tos_int(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard(is_int(f.peek(0)))
}

/// The int actions: `i64` arithmetic, big ints past the machine word.
#[inline(always)]
fn int_op(f: &mut Box<Frame>, op: IntOp, name: &str) -> PyResult<Step> {
    let r = match operands(f) {
        (Value::Int(a), Value::Int(b)) => {
            let small = match op {
                IntOp::Add => a.checked_add(*b),
                IntOp::Sub => a.checked_sub(*b),
                _ => a.checked_mul(*b),
            };
            match small {
                Some(r) => {
                    pop2_push_scalars(f, Value::Int(r));
                    return Ok(Continue);
                }
                None => big(op, operands(f))?,
            }
        }
        (a, b) if is_int(a) && is_int(b) => big(op, (a, b))?,
        _ => return Err(broken(name)),
    };
    pop2_push(f, r);
    Ok(Continue)
}

/// The big-int slow path of the int actions.
#[cold]
#[inline(never)]
fn big(op: IntOp, (a, b): (&Value, &Value)) -> PyResult<Value> {
    int::binop(op, a, b).map_err(|_| exc::new("OverflowError", "integer overflow"))
}

/// `_BINARY_OP_ADD_INT`
#[inline(always)]
pub(crate) fn binary_op_add_int(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    int_op(f, IntOp::Add, "_BINARY_OP_ADD_INT")
}

/// `_BINARY_OP_SUBTRACT_INT`
#[inline(always)]
pub(crate) fn binary_op_subtract_int(
    _: &mut Vm,
    f: &mut Box<Frame>,
    _: Args<'_>,
) -> PyResult<Step> {
    int_op(f, IntOp::Sub, "_BINARY_OP_SUBTRACT_INT")
}

/// `_BINARY_OP_MULTIPLY_INT`
#[inline(always)]
pub(crate) fn binary_op_multiply_int(
    _: &mut Vm,
    f: &mut Box<Frame>,
    _: Args<'_>,
) -> PyResult<Step> {
    int_op(f, IntOp::Mul, "_BINARY_OP_MULTIPLY_INT")
}

/// `_GUARD_BOTH_FLOAT`
#[inline(always)]
pub(crate) fn guard_both_float(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard(matches!(operands(f), (Value::Float(_), Value::Float(_))))
}

/// `_GUARD_NOS_FLOAT`
pub(crate) fn guard_nos_float(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard(matches!(f.peek(1), Value::Float(_)))
}

/// `_GUARD_TOS_FLOAT`
pub(crate) fn guard_tos_float(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard(matches!(f.peek(0), Value::Float(_)))
}

#[inline(always)]
fn float_op(f: &mut Box<Frame>, op: fn(f64, f64) -> f64, name: &str) -> PyResult<Step> {
    let r = match operands(f) {
        (Value::Float(a), Value::Float(b)) => op(a.get(), b.get()),
        _ => return Err(broken(name)),
    };
    pop2_push_scalars(f, Value::float(r));
    Ok(Continue)
}

/// `_BINARY_OP_ADD_FLOAT`
#[inline(always)]
pub(crate) fn binary_op_add_float(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    float_op(f, |a, b| a + b, "_BINARY_OP_ADD_FLOAT")
}

/// `_BINARY_OP_SUBTRACT_FLOAT`
#[inline(always)]
pub(crate) fn binary_op_subtract_float(
    _: &mut Vm,
    f: &mut Box<Frame>,
    _: Args<'_>,
) -> PyResult<Step> {
    float_op(f, |a, b| a - b, "_BINARY_OP_SUBTRACT_FLOAT")
}

/// `_BINARY_OP_MULTIPLY_FLOAT`
#[inline(always)]
pub(crate) fn binary_op_multiply_float(
    _: &mut Vm,
    f: &mut Box<Frame>,
    _: Args<'_>,
) -> PyResult<Step> {
    float_op(f, |a, b| a * b, "_BINARY_OP_MULTIPLY_FLOAT")
}

/// `_GUARD_BOTH_UNICODE`
pub(crate) fn guard_both_unicode(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard(matches!(operands(f), (Value::Str(_), Value::Str(_))))
}

/// `_BINARY_OP_ADD_UNICODE`
pub(crate) fn binary_op_add_unicode(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let r = match operands(f) {
        (Value::Str(a), Value::Str(b)) => {
            let mut s = String::with_capacity(a.as_str().len() + b.as_str().len());
            s.push_str(a.as_str());
            s.push_str(b.as_str());
            Value::str(s)
        }
        _ => return Err(broken("_BINARY_OP_ADD_UNICODE")),
    };
    pop2_push(f, r);
    Ok(Continue)
}

/// `_BINARY_OP`
pub(crate) fn binary_op(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    vm.generic_binary_op(f, a.oparg as usize)?;
    Ok(Continue)
}

/// `_COMPARE_OP`
pub(crate) fn compare_op(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    vm.generic_compare_op(f, a.oparg as usize)?;
    Ok(Continue)
}

/// CPython's `COMPARISON_BIT`: 2 when `x < y`, 4 when `x > y`, 8 when equal, 1 when
/// unordered (a NaN). The oparg's low bits are the mask of bits that mean "true".
#[inline(always)]
pub(crate) fn comparison_bit<T: PartialOrd>(x: &T, y: &T) -> u32 {
    1 << (2 * u32::from(x >= y) + u32::from(x <= y))
}

/// `_COMPARE_OP_INT`: deopt unless both ints are compact (CPython's 30-bit digits).
#[inline(always)]
pub(crate) fn compare_op_int(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let r = match operands(f) {
        (x @ Value::Int(i), y @ Value::Int(j)) if is_compact(x) && is_compact(y) => {
            a.oparg & comparison_bit(i, j) != 0
        }
        _ => return Ok(Deopt),
    };
    pop2_push_scalars(f, Value::bool(r));
    Ok(Continue)
}

/// `_COMPARE_OP_FLOAT`
#[inline(always)]
pub(crate) fn compare_op_float(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let r = match operands(f) {
        (Value::Float(x), Value::Float(y)) => a.oparg & comparison_bit(&x.get(), &y.get()) != 0,
        _ => return Err(broken("_COMPARE_OP_FLOAT")),
    };
    pop2_push_scalars(f, Value::bool(r));
    Ok(Continue)
}

/// `_COMPARE_OP_STR` (`==` and `!=` only).
pub(crate) fn compare_op_str(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let r = match operands(f) {
        (Value::Str(x), Value::Str(y)) => {
            let eq = Rc::ptr_eq(x, y) || x.as_str() == y.as_str();
            eq == (a.oparg >> 5 == 2)
        }
        _ => return Err(broken("_COMPARE_OP_STR")),
    };
    pop2_push(f, Value::bool(r));
    Ok(Continue)
}

/// `_IS_OP`
pub(crate) fn is_op(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let b = f.pop();
    let x = f.pop();
    f.push(Value::bool(x.is(&b) != (a.oparg == 1)));
    Ok(Continue)
}

/// `_CONTAINS_OP`
pub(crate) fn contains_op(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    vm.generic_contains_op(f, a.oparg as usize)?;
    Ok(Continue)
}

fn contains_in(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let container = f.pop();
    let item = f.pop();
    let r = vm.contains(&container, &item)?;
    f.push(Value::bool(r != (a.oparg == 1)));
    Ok(Continue)
}

/// `_CONTAINS_OP_SET` (sets and frozensets)
pub(crate) fn contains_op_set(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    if !matches!(f.peek(0), Value::Set(_)) {
        return Ok(Deopt);
    }
    contains_in(vm, f, a)
}

/// `_CONTAINS_OP_DICT`
pub(crate) fn contains_op_dict(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    if !matches!(f.peek(0), Value::Dict(_)) {
        return Ok(Deopt);
    }
    contains_in(vm, f, a)
}

/// `_IS_NONE`
pub(crate) fn is_none(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    f.push(Value::bool(matches!(v, Value::None)));
    Ok(Continue)
}

/// The branch guards pop the flag first, then check: a failed guard leaves at the other
/// branch's first instruction with the flag already gone.
fn guard_pop(f: &mut Box<Frame>, ok: fn(&Value) -> bool) -> PyResult<Step> {
    let v = f.pop();
    guard(ok(&v))
}

/// `_GUARD_IS_TRUE_POP`
pub(crate) fn guard_is_true_pop(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard_pop(f, |v| matches!(v, Value::Bool(BoolBits::TRUE)))
}

/// `_GUARD_IS_FALSE_POP`
pub(crate) fn guard_is_false_pop(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard_pop(f, |v| matches!(v, Value::Bool(BoolBits::FALSE)))
}

/// `_GUARD_IS_NONE_POP`
pub(crate) fn guard_is_none_pop(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard_pop(f, |v| matches!(v, Value::None))
}

/// `_GUARD_IS_NOT_NONE_POP`
pub(crate) fn guard_is_not_none_pop(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard_pop(f, |v| !matches!(v, Value::None))
}
