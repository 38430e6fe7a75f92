//! Frame uops (returns, yields, generators) and exception-handler uops.
//!
//! In a trace `_POP_FRAME` only ever returns from a frame the same trace pushed (projection
//! stops at a return it has no caller for), and `_YIELD_VALUE` / `_RETURN_GENERATOR` never
//! appear at all, for the same reason; they are still real uops so the table is complete.

use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::interp::Flow;
use crate::uops::{Args, Step};
use crate::value::Value;
use crate::vm::Vm;

use super::broken;
use Step::{Continue, Jumped};

/// A frame switch that must stay inside the eval loop (an entry frame would leave it).
fn in_loop(flow: Flow, uop: &str) -> PyResult<Step> {
    match flow {
        Flow::Next => Ok(Jumped),
        Flow::Exit(_) => Err(broken(uop)),
    }
}

/// `_POP_FRAME`: return the top of the stack to the caller, which becomes the frame. The
/// plain return takes tier 1's inlined path (`return_to_caller`, which leaves every other
/// case to `pop_frame`): about 40 machine instructions a return fewer in a trace.
pub(crate) fn pop_frame(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    let flow = vm.return_to_caller(f, v)?;
    in_loop(flow, "_POP_FRAME")
}

/// `_YIELD_VALUE`. The generator resumes after this instruction: as CPython's
/// `frame->instr_ptr++`, that comes from `f.instr`, which tier 2 keeps current (`_SET_IP`)
/// while it never advances `f.pc`.
pub(crate) fn yield_value(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    f.pc = f.instr + 1;
    let v = f.pop();
    let flow = vm.yield_value(f, v)?;
    in_loop(flow, "_YIELD_VALUE")
}

/// `_RETURN_GENERATOR`: the new generator's frame resumes after this instruction (see
/// [`yield_value`]).
pub(crate) fn return_generator(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    f.pc = f.instr + 1;
    let flow = vm.return_generator(f)?;
    in_loop(flow, "_RETURN_GENERATOR")
}

/// `_POP_EXCEPT`
pub(crate) fn pop_except(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    vm.handled = f.pop();
    Ok(Continue)
}

/// `_PUSH_EXC_INFO`
pub(crate) fn push_exc_info(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let e = f.pop();
    let prev = std::mem::replace(&mut vm.handled, e.clone());
    f.push(prev);
    f.push(e);
    Ok(Continue)
}

/// `_CHECK_EXC_MATCH`
pub(crate) fn check_exc_match(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let ty = f.pop();
    let e = f.peek(0).clone();
    let m = vm.exc_matches(&e, &ty)?;
    f.push(Value::bool(m));
    Ok(Continue)
}

/// The trace-bookkeeping uops are run by the uop interpreter itself; reaching this is a bug.
pub(crate) fn tier2_only(_: &mut Vm, _: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    Err(exc::new(
        "SystemError",
        "a trace-only uop was dispatched outside the uop interpreter",
    ))
}
