//! Iteration uops: `iter()`, the generic `next()` of tier 2, and the list/tuple/range forms
//! of `FOR_ITER` split into check, exhaustion test and next. In tier 1 the exhaustion test
//! jumps past the loop (`_ITER_JUMP_*`); a trace cannot jump, so it exits there instead
//! (`_GUARD_NOT_EXHAUSTED_*`), leaving the iterator on the stack for the `POP_TOP` after the
//! loop's `END_FOR`.

use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::object::iter::Iter;
use crate::uops::{Args, Step};
use crate::value::Value;
use crate::vm::Vm;

use super::broken;
use Step::{Continue, Deopt, Jumped};

/// `_GET_ITER`
pub(crate) fn get_iter(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    let it = vm.get_iter(&v)?;
    f.push(it);
    Ok(Continue)
}

/// `_GET_YIELD_FROM_ITER`: generators are their own iterators.
pub(crate) fn get_yield_from_iter(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    let it = if matches!(v, Value::Generator(_)) {
        v
    } else {
        vm.get_iter(&v)?
    };
    f.push(it);
    Ok(Continue)
}

/// `_GET_AWAITABLE`: what `await v` waits on. A coroutine is its own awaitable; anything else
/// needs an `__await__` returning an iterator (CPython's `_PyCoro_GetAwaitableIter`).
pub(crate) fn get_awaitable(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    let awaitable = match &v {
        Value::Generator(g) if g.coroutine => v.clone(),
        Value::Instance(_) | Value::Native(_) => match vm.call_dunder_opt(&v, "__await__", &[])? {
            Some(Value::Generator(g)) if g.coroutine => {
                return Err(exc::type_error("__await__() returned a coroutine"))
            }
            Some(it @ (Value::Generator(_) | Value::Iter(_))) => it,
            Some(it @ (Value::Instance(_) | Value::Native(_)))
                if vm.type_of(&it).lookup("__next__").is_some() =>
            {
                it
            }
            Some(other) => {
                return Err(exc::type_error(format!(
                    "__await__() returned non-iterator of type '{}'",
                    crate::object::type_name_of(&other)
                )))
            }
            None => return Err(cannot_await(&v)),
        },
        _ => return Err(cannot_await(&v)),
    };
    f.push(awaitable);
    Ok(Continue)
}

fn cannot_await(v: &Value) -> crate::exceptions::PyErr {
    exc::type_error(format!(
        "object {} can't be used in 'await' expression",
        crate::object::type_name_of(v)
    ))
}

/// `_FOR_ITER_TIER_TWO`: `next(iter)`, or exit past the loop when it is exhausted.
pub(crate) fn for_iter_tier_two(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let it = f.peek(0).clone();
    match vm.next(&it)? {
        Some(v) => {
            f.push(v);
            Ok(Continue)
        }
        None => Ok(Deopt),
    }
}

fn check(f: &Frame, ok: fn(&Iter) -> bool) -> PyResult<Step> {
    let pass = matches!(f.peek(0), Value::Iter(it) if ok(&it.borrow()));
    Ok(if pass { Continue } else { Deopt })
}

/// `_ITER_CHECK_LIST`
#[inline(always)]
pub(crate) fn iter_check_list(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    check(f, |it| matches!(it, Iter::List { .. }))
}

/// `_ITER_CHECK_TUPLE`
#[inline(always)]
pub(crate) fn iter_check_tuple(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    check(f, |it| matches!(it, Iter::Tuple { .. }))
}

/// `_ITER_CHECK_RANGE`
#[inline(always)]
pub(crate) fn iter_check_range(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    check(f, |it| matches!(it, Iter::Range { .. }))
}

/// True when a list, tuple or range iterator has no item left.
#[inline(always)]
fn exhausted(it: &Iter) -> bool {
    match it {
        Iter::List { list, index } => *index >= list.borrow().len(),
        Iter::Tuple { tuple, index } => *index >= tuple.len(),
        Iter::Range { remaining, .. } => *remaining <= 0,
        _ => true,
    }
}

#[inline(always)]
fn top_exhausted(f: &Frame) -> bool {
    match f.peek(0) {
        Value::Iter(it) => exhausted(&it.borrow()),
        _ => true,
    }
}

/// `_ITER_JUMP_LIST`, `_TUPLE`, `_RANGE` (tier 1): when exhausted, continue at the
/// `POP_TOP` after the loop's `END_FOR` (`oparg` code units after the instruction and its
/// cache), which drops the iterator.
#[inline(always)]
pub(crate) fn iter_jump(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    if top_exhausted(f) {
        f.pc = f.instr + 2 + a.oparg as usize + 1;
        return Ok(Jumped);
    }
    Ok(Continue)
}

/// `_GUARD_NOT_EXHAUSTED_LIST`, `_TUPLE`, `_RANGE` (tier 2).
pub(crate) fn guard_not_exhausted(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    Ok(if top_exhausted(f) { Deopt } else { Continue })
}

/// `_ITER_NEXT_LIST`, `_TUPLE`, `_RANGE`: the next item (the iterator is not exhausted).
#[inline(always)]
pub(crate) fn iter_next(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let next = {
        let Value::Iter(state) = f.peek(0) else {
            return Err(broken("_ITER_NEXT"));
        };
        let mut st = state.borrow_mut();
        match &mut *st {
            Iter::List { list, index } => {
                let v = list.borrow().get(*index).cloned();
                *index += 1;
                v
            }
            Iter::Tuple { tuple, index } => {
                let v = tuple.get(*index).cloned();
                *index += 1;
                v
            }
            Iter::Range {
                next,
                step,
                remaining,
            } => {
                let v = *next;
                *next = next.wrapping_add(*step);
                *remaining -= 1;
                Some(Value::Int(v))
            }
            _ => None,
        }
    };
    match next {
        Some(v) => {
            f.push(v);
            Ok(Continue)
        }
        None => Err(broken("_ITER_NEXT")),
    }
}

/// Which specialized `FOR_ITER` a tier-1 step runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum IterKind {
    List,
    Tuple,
    Range,
}

/// Tier 1's `FOR_ITER_LIST`, `_TUPLE` and `_RANGE` in one body: the check, the exhaustion
/// jump and the next item of the three uops above, under a single borrow of the iterator.
/// CPython's generated tier-1 case is likewise one block made of the same three uop bodies;
/// tier 2 runs them separately.
#[inline(always)]
pub(crate) fn for_iter_tier_one(f: &mut Box<Frame>, oparg: u32, kind: IterKind) -> PyResult<Step> {
    let next = {
        let Value::Iter(state) = f.peek(0) else {
            return Ok(Deopt);
        };
        let mut st = state.borrow_mut();
        match (&mut *st, kind) {
            (Iter::List { list, index }, IterKind::List) => {
                let v = list.borrow().get(*index).cloned();
                if v.is_some() {
                    *index += 1;
                }
                v
            }
            (Iter::Tuple { tuple, index }, IterKind::Tuple) => {
                let v = tuple.get(*index).cloned();
                if v.is_some() {
                    *index += 1;
                }
                v
            }
            (
                Iter::Range {
                    next,
                    step,
                    remaining,
                },
                IterKind::Range,
            ) => {
                if *remaining <= 0 {
                    None
                } else {
                    let v = *next;
                    *next = next.wrapping_add(*step);
                    *remaining -= 1;
                    Some(Value::Int(v))
                }
            }
            _ => return Ok(Deopt),
        }
    };
    match next {
        Some(v) => {
            f.push(v);
            Ok(Continue)
        }
        None => {
            f.pc = f.instr + 2 + oparg as usize + 1;
            Ok(Jumped)
        }
    }
}

/// `_FOR_ITER_GEN_FRAME`: deopt unless a generator that is neither running nor finished;
/// otherwise its suspended frame becomes the frame to push, resumed with None. The caller
/// continues after the instruction when the generator yields, at the loop's `END_FOR` when it
/// returns.
pub(crate) fn for_iter_gen_frame(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let Value::Generator(g) = f.peek(0) else {
        return Ok(Deopt);
    };
    if g.running.get() || g.finished.get() {
        return Ok(Deopt);
    }
    let g = g.clone();
    let Some(mut gf) = g.frame.borrow_mut().take() else {
        return Ok(Deopt);
    };
    let instr = f.instr;
    vm.activate_gen_frame(&g, &mut gf, Value::None, Some(instr + 2 + a.oparg as usize));
    f.pc = instr + 2;
    vm.pending_frame = Some(gf);
    Ok(Continue)
}
