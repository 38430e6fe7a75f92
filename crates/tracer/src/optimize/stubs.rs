//! The last steps before an executor exists: replicated forms, stubs, exits.
//!
//! Guards and errors in a trace do not know where they go until now. `prepare_for_execution`
//! drops the `_NOP`s, then appends one stub per distinct destination after the trace and
//! points each guard (`jump_target`) and each uop that can raise (`error_target`) at one:
//!
//! ```text
//!    9 _GUARD_BOTH_INT (0, jump_target=18)      18 _EXIT_TRACE (exit_index=2)   -> target 21
//!   10 _BINARY_OP_ADD_INT (error_target=19)     19 _ERROR_POP_N (2, operand=0x15)
//! ```
//!
//! An `EXIT` guard gets an `_EXIT_TRACE` stub (a side exit, which can grow a side trace), a
//! `DEOPT` guard a `_DEOPT` stub (back to tier 1 for good), an error an `_ERROR_POP_N` that
//! pops the uop's inputs and raises at its instruction. Consecutive uops share a stub when
//! they would create an identical one. The exhaustion guards of `for` loops exit just past the
//! loop's `END_FOR`, leaving only the iterator.

use crate::uops::{flags, Format, Operand, Uop, UopInst};

/// The fix-up after optimization: `_LOAD_FAST` with oparg 2 becomes `_LOAD_FAST_2`, and so
/// on, until the trace's end.
pub fn replicate(trace: &mut [UopInst]) {
    for inst in trace.iter_mut() {
        if let Some(r) = inst.uop.replicated(inst.oparg) {
            inst.uop = r;
        } else if matches!(inst.uop, Uop::_JUMP_TO_TOP | Uop::_EXIT_TRACE) {
            break;
        }
    }
}

/// `is_for_iter_test`: guards whose exit is past the end of the loop.
fn exits_past_loop(uop: Uop) -> bool {
    matches!(
        uop,
        Uop::_GUARD_NOT_EXHAUSTED_RANGE
            | Uop::_GUARD_NOT_EXHAUSTED_LIST
            | Uop::_GUARD_NOT_EXHAUSTED_TUPLE
            | Uop::_FOR_ITER_TIER_TWO
    )
}

/// A stub uop with a target.
fn stub(uop: Uop, target: u32) -> UopInst {
    UopInst::new(uop, 0, Operand::Zero, target)
}

/// `prepare_for_execution`: no `_NOP`s; stubs appended; guards and errors pointed at them.
pub fn prepare_for_execution(trace: Vec<UopInst>) -> Vec<UopInst> {
    let mut buf: Vec<UopInst> = trace.into_iter().filter(|u| u.uop != Uop::_NOP).collect();
    let length = buf.len();
    let mut current_jump = 0u16;
    let mut current_jump_target: i64 = -1;
    let mut current_exit_op: Option<Uop> = None;
    let mut current_error = 0u16;
    let mut current_error_target: i64 = -1;
    let mut current_popped: i64 = -1;
    for i in 0..length {
        let (uop, oparg, target) = (buf[i].uop, buf[i].oparg, buf[i].target);
        let f = uop.meta().flags;
        if f & (flags::EXIT | flags::DEOPT) != 0 {
            let exit_op = if f & flags::EXIT != 0 {
                Uop::_EXIT_TRACE
            } else {
                Uop::_DEOPT
            };
            let mut jump_target = i64::from(target);
            if exits_past_loop(uop) {
                // The `POP_TOP` right after the loop's `END_FOR`.
                let extended_arg = i64::from(oparg > 255);
                let next_inst = i64::from(target) + 1 + 1 + extended_arg;
                jump_target = next_inst + i64::from(oparg) + 1;
            }
            if jump_target != current_jump_target || current_exit_op != Some(exit_op) {
                buf.push(stub(exit_op, jump_target as u32));
                current_exit_op = Some(exit_op);
                current_jump_target = jump_target;
                current_jump = (buf.len() - 1) as u16;
            }
            buf[i].jump_target = current_jump;
            buf[i].format = Format::Jump;
        }
        if f & flags::ERROR != 0 {
            let popped = if f & flags::ERROR_NO_POP != 0 {
                0
            } else {
                i64::from(uop.popped(oparg))
            };
            if i64::from(target) != current_error_target || popped != current_popped {
                current_popped = popped;
                current_error_target = i64::from(target);
                let mut e = stub(Uop::_ERROR_POP_N, 0);
                e.oparg = popped as u32;
                e.operand = Operand::Int(u64::from(target));
                buf.push(e);
                current_error = (buf.len() - 1) as u16;
            }
            buf[i].error_target = current_error;
            if buf[i].format == Format::Target {
                buf[i].format = Format::Jump;
                buf[i].jump_target = 0;
            }
        }
    }
    buf
}

/// Numbers the exits (`_EXIT_TRACE`s, in order) and returns each exit's target; each
/// `_EXIT_TRACE` gets its `exit_index` and `_DYNAMIC_EXIT` its oparg, as
/// `make_executor_from_uops` does.
pub fn number_exits(buf: &mut [UopInst]) -> Vec<u32> {
    let mut targets = Vec::new();
    for inst in buf.iter_mut() {
        match inst.uop {
            Uop::_EXIT_TRACE => {
                targets.push(inst.target);
                inst.exit_index = (targets.len() - 1) as u16;
                inst.format = Format::Exit;
            }
            Uop::_DYNAMIC_EXIT => {
                targets.push(0);
                inst.oparg = (targets.len() - 1) as u32;
            }
            _ => {}
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(uop: Uop, oparg: u32, target: u32) -> UopInst {
        UopInst::new(uop, oparg, Operand::Zero, target)
    }

    /// The iterative Fibonacci's executor: the stub layout of the reference trace
    /// (fib_tier2_lltrace.txt).
    #[test]
    fn fibonacci_stubs_as_cpython() {
        use Uop::*;
        let trace = vec![
            inst(_START_EXECUTOR, 0, 24),
            inst(_TIER2_RESUME_CHECK, 0, 24),
            inst(_ITER_CHECK_RANGE, 8, 16),
            inst(_GUARD_NOT_EXHAUSTED_RANGE, 8, 16),
            inst(_ITER_NEXT_RANGE, 8, 16),
            inst(_STORE_FAST_3, 3, 18),
            inst(_LOAD_FAST_2, 2, 19),
            inst(_LOAD_FAST_1, 1, 19),
            inst(_LOAD_FAST_2, 2, 20),
            inst(_GUARD_BOTH_INT, 0, 21),
            inst(_BINARY_OP_ADD_INT, 0, 21),
            inst(_STORE_FAST_2, 2, 23),
            inst(_STORE_FAST_1, 1, 23),
            inst(_JUMP_TO_TOP, 0, 0),
        ];
        let mut buf = prepare_for_execution(trace);
        number_exits(&mut buf);
        let text: Vec<String> = buf.iter().map(|u| u.to_string()).collect();
        assert_eq!(text[0], "_START_EXECUTOR (0, jump_target=14, operand=0)");
        assert_eq!(
            text[4],
            "_ITER_NEXT_RANGE (8, jump_target=0, operand=0, error_target=17)"
        );
        assert_eq!(text[9], "_GUARD_BOTH_INT (0, jump_target=18, operand=0)");
        assert_eq!(
            text[14..],
            [
                "_DEOPT (0, target=24, operand=0)",
                "_EXIT_TRACE (0, exit_index=0, operand=0)",
                "_EXIT_TRACE (0, exit_index=1, operand=0)",
                "_ERROR_POP_N (1, target=0, operand=0x10)",
                "_EXIT_TRACE (0, exit_index=2, operand=0)",
                "_ERROR_POP_N (2, target=0, operand=0x15)",
            ]
        );
        assert_eq!(buf[16].target, 27, "exhaustion exits past END_FOR");
    }
}
