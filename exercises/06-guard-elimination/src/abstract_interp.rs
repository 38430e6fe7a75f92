//! `optimize_uops`: one pass over the trace, interpreting each uop on symbols instead of
//! values (CPython's `Python/optimizer_analysis.c`, with the handlers of
//! `Python/optimizer_bytecodes.c`).
//!
//! This file is given: the loop, and the handlers of the uops that only move symbols around.
//! The four rules that *learn* and *rewrite* are yours, in `lib.rs`.

use crate::symbols::Context;
use crate::uops::{Code, PyType, Uop, UopInst};
use crate::{binary_op_int, guard_both_int, load_const, sym_set_type};

/// The trace contains a contradiction at uop `at`: it assumes something about a value that
/// cannot hold. CPython then builds no executor from it (`goto hit_bottom`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HitBottom {
    pub at: usize,
}

/// What one handler tells the loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Go on with the next uop.
    Continue,
    /// The end of the trace (`_JUMP_TO_TOP`, `_EXIT_TRACE`): stop here.
    Done,
    /// A contradiction.
    Bottom,
}

/// `optimize_uops`: rewrites `trace` in place, for a frame of `code` that has `stack_entries`
/// values on its stack when the trace starts. Returns the abstract frame as it is at the end
/// (for tests and the curious), or where the trace hit bottom.
pub fn optimize_uops(
    code: &Code,
    trace: &mut [UopInst],
    stack_entries: usize,
) -> Result<Context, HitBottom> {
    let mut ctx = Context::new(code.nlocals, stack_entries);
    for (i, inst) in trace.iter_mut().enumerate() {
        match step(&mut ctx, code, inst) {
            Next::Continue => {}
            Next::Done => break,
            Next::Bottom => return Err(HitBottom { at: i }),
        }
    }
    Ok(ctx)
}

/// One uop.
fn step(ctx: &mut Context, code: &Code, inst: &mut UopInst) -> Next {
    use Uop::*;
    let oparg = inst.oparg as usize;
    match inst.uop {
        // ---- yours (lib.rs) ---------------------------------------------------------------
        _LOAD_CONST => load_const(ctx, code, inst),
        _GUARD_BOTH_INT => return guard_both_int(ctx, inst),
        _BINARY_OP_ADD_INT | _BINARY_OP_SUBTRACT_INT | _BINARY_OP_MULTIPLY_INT => {
            binary_op_int(ctx, inst)
        }

        // ---- moving symbols around ----------------------------------------------------------
        _LOAD_FAST => {
            let value = ctx.local(oparg);
            ctx.push(value);
        }
        _STORE_FAST => {
            let value = ctx.pop();
            ctx.set_local(oparg, value);
        }
        _POP_TOP => {
            ctx.pop();
        }
        _LOAD_CONST_INLINE | _LOAD_CONST_INLINE_BORROW => {
            let value = inst
                .operand
                .clone()
                .expect("an inlined constant has a value");
            let sym = ctx.new_const(value);
            ctx.push(sym);
        }
        // In 3.13 the narrowed guards teach the optimizer nothing (it only makes them).
        _GUARD_NOS_INT | _GUARD_TOS_INT => {}
        _COMPARE_OP_INT => {
            ctx.pop();
            ctx.pop();
            let res = ctx.new_type(PyType::Bool);
            ctx.push(res);
        }
        _ITER_NEXT_RANGE => {
            let next = ctx.new_type(PyType::Int);
            ctx.push(next);
        }
        // CPython also drops a `_TO_BOOL_INT` whose value is already a bool or has a known
        // truth value; neither happens in this exercise's traces.
        _TO_BOOL_INT => {
            let value = ctx.pop();
            if !sym_set_type(ctx.sym_mut(value), PyType::Int) {
                return Next::Bottom;
            }
            let res = ctx.new_type(PyType::Bool);
            ctx.push(res);
        }
        _JUMP_TO_TOP | _EXIT_TRACE => return Next::Done,
        _NOP
        | _START_EXECUTOR
        | _TIER2_RESUME_CHECK
        | _CHECK_VALIDITY_AND_SET_IP
        | _SET_IP
        | _CHECK_VALIDITY => {}

        // ---- everything else: the stack effect, with nothing known about new values --------
        // (This includes `_GUARD_IS_TRUE_POP`, which CPython also removes when the flag is a
        // known constant.)
        _ => {
            let (popped, pushed, kept) = inst.uop.stack_effect();
            for _ in kept..popped {
                ctx.pop();
            }
            for _ in kept..pushed {
                let sym = ctx.new_unknown();
                ctx.push(sym);
            }
        }
    }
    Next::Continue
}
