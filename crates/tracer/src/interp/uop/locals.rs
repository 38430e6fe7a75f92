//! Uops that move values between the fast locals, cells, constants and the stack.

use crate::exceptions::PyResult;
use crate::frame::Frame;
use crate::uops::{Args, Step};
use crate::value::Value;
use crate::vm::Vm;

use Step::Continue;

/// `_NOP`, `_RESUME_CHECK`, `_CHECK_PEP_523`, `_CHECK_PERIODIC`: nothing to check here (no
/// instrumentation, no frame evaluator, no signals).
#[inline(always)]
pub(crate) fn nop(_: &mut Vm, _: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    Ok(Continue)
}

/// `_LOAD_FAST_CHECK`
pub(crate) fn load_fast_check(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let i = a.oparg as usize;
    let v = f.stack[i].clone();
    if v.is_null() {
        return Err(vm.unbound_local(f, i));
    }
    f.push(v);
    Ok(Continue)
}

/// `_LOAD_FAST`
#[inline(always)]
pub(crate) fn load_fast(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = f.stack[a.oparg as usize].clone();
    f.push(v);
    Ok(Continue)
}

/// `_LOAD_FAST_AND_CLEAR`
pub(crate) fn load_fast_and_clear(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = std::mem::replace(&mut f.stack[a.oparg as usize], Value::Null);
    f.push(v);
    Ok(Continue)
}

/// `_LOAD_CONST`
#[inline(always)]
pub(crate) fn load_const(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = f.code.consts[a.oparg as usize].clone();
    f.push(v);
    Ok(Continue)
}

/// `_STORE_FAST`: the old value is `discard`ed (no out-of-line drop for scalars).
///
/// The value moves as the two words it is (a typed pop and store). `swap_remove` does the
/// same work with one bounds check fewer, but it copies the slot as one 16-byte block, and
/// a 16-byte load of a value the previous instruction pushed as two 8-byte stores cannot be
/// forwarded from them: measured, a loop of `x = i` ran 30% slower that way.
#[inline(always)]
pub(crate) fn store_fast(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    std::mem::replace(&mut f.stack[a.oparg as usize], v).discard();
    Ok(Continue)
}

/// `_POP_TOP`
#[inline(always)]
pub(crate) fn pop_top(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    f.pop().discard();
    Ok(Continue)
}

/// `_PUSH_NULL`
pub(crate) fn push_null(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    f.push(Value::Null);
    Ok(Continue)
}

/// `_COPY`
#[inline(always)]
pub(crate) fn copy(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = f.peek(a.oparg as usize - 1).clone();
    f.push(v);
    Ok(Continue)
}

/// `_SWAP`
#[inline(always)]
pub(crate) fn swap(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let n = f.stack.len();
    f.stack.swap(n - 1, n - a.oparg as usize);
    Ok(Continue)
}

/// `_END_SEND`
pub(crate) fn end_send(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    f.pop();
    f.push(v);
    Ok(Continue)
}

/// `_DELETE_FAST`
pub(crate) fn delete_fast(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let i = a.oparg as usize;
    if f.stack[i].is_null() {
        return Err(vm.unbound_local(f, i));
    }
    f.stack[i] = Value::Null;
    Ok(Continue)
}

/// `_MAKE_CELL`
pub(crate) fn make_cell(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let i = a.oparg as usize;
    let v = std::mem::replace(&mut f.stack[i], Value::Null);
    f.stack[i] = Value::cell(v);
    Ok(Continue)
}

/// `_DELETE_DEREF`
pub(crate) fn delete_deref(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    if let Value::Cell(c) = &f.stack[a.oparg as usize] {
        *c.borrow_mut() = Value::Null;
    }
    Ok(Continue)
}

/// `_LOAD_FROM_DICT_OR_DEREF`
pub(crate) fn load_from_dict_or_deref(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    vm.load_from_dict_or_deref(f, a.oparg as usize)?;
    Ok(Continue)
}

/// `_LOAD_DEREF`
pub(crate) fn load_deref(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let i = a.oparg as usize;
    let v = match &f.stack[i] {
        Value::Cell(c) => c.borrow().clone(),
        _ => Value::Null,
    };
    if v.is_null() {
        return Err(vm.unbound_deref(f, i));
    }
    f.push(v);
    Ok(Continue)
}

/// `_STORE_DEREF`
pub(crate) fn store_deref(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let i = a.oparg as usize;
    let v = f.pop();
    if let Value::Cell(c) = &f.stack[i] {
        *c.borrow_mut() = v;
    } else {
        f.stack[i] = Value::cell(v);
    }
    Ok(Continue)
}

/// `_COPY_FREE_VARS`
pub(crate) fn copy_free_vars(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let n = a.oparg as usize;
    // The frame's fields borrowed apart: the function is read in place (no reference-count
    // round trip on it), the cells written into the stack. Every method that uses `super()`
    // runs this first, for its `__class__` cell.
    let Frame {
        func, stack, code, ..
    } = &mut **f;
    let Some(func) = func else {
        return Ok(Continue);
    };
    let closure = func.closure.borrow();
    let base = code.nlocalsplus - n;
    for (slot, c) in stack[base..].iter_mut().zip(closure.iter().take(n)) {
        // The slot held NULL: no drop glue to run.
        std::mem::replace(slot, c.clone()).discard();
    }
    Ok(Continue)
}

/// `_LOAD_CONST_INLINE` and `_LOAD_CONST_INLINE_BORROW`
#[inline(always)]
pub(crate) fn load_const_inline(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    f.push(a.object());
    Ok(Continue)
}

/// `_LOAD_CONST_INLINE_WITH_NULL` and `_LOAD_CONST_INLINE_BORROW_WITH_NULL`
pub(crate) fn load_const_inline_with_null(
    _: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    f.push(a.object());
    f.push(Value::Null);
    Ok(Continue)
}

/// `_POP_TOP_LOAD_CONST_INLINE_BORROW`
pub(crate) fn pop_top_load_const_inline(
    _: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let n = f.stack.len();
    std::mem::replace(&mut f.stack[n - 1], a.object()).discard();
    Ok(Continue)
}
