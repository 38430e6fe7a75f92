//! `remove_unneeded_uops`: the instruction pointer and validity checks only where needed.
//!
//! Projection puts a `_CHECK_VALIDITY_AND_SET_IP` before every instruction. The IP matters
//! only if the next uop can escape (run arbitrary code that may look at the frame, or raise)
//! or pushes a frame (the return address); validity matters only after something escaped
//! (only then can an executor have been invalidated). A load whose value is popped right away
//! does nothing at all.
//!
//! ```text
//!   _START_EXECUTOR                                   nothing has escaped yet
//!   _CHECK_VALIDITY_AND_SET_IP  -> _NOP
//!   _GUARD_BOTH_INT, _BINARY_OP_ADD_INT               do not escape
//!   _CHECK_VALIDITY_AND_SET_IP  -> _SET_IP            (the call below needs it)
//!   _CALL_BUILTIN_O                                   escapes
//!   _CHECK_VALIDITY_AND_SET_IP  -> _CHECK_VALIDITY    (the call could have invalidated us)
//! ```

use crate::uops::{flags, Uop, UopInst};

/// The pass; returns the length up to and including the trace's end (`_JUMP_TO_TOP` or
/// `_EXIT_TRACE`), which is where the rest of the buffer is cut.
pub fn remove_unneeded_uops(trace: &mut [UopInst]) -> usize {
    let mut last_set_ip: Option<usize> = None;
    let mut may_have_escaped = true;
    for pc in 0..trace.len() {
        match trace[pc].uop {
            Uop::_START_EXECUTOR => may_have_escaped = false,
            Uop::_SET_IP => {
                trace[pc].uop = Uop::_NOP;
                last_set_ip = Some(pc);
            }
            Uop::_CHECK_VALIDITY => {
                if may_have_escaped {
                    may_have_escaped = false;
                } else {
                    trace[pc].uop = Uop::_NOP;
                }
            }
            Uop::_CHECK_VALIDITY_AND_SET_IP => {
                if may_have_escaped {
                    may_have_escaped = false;
                    trace[pc].uop = Uop::_CHECK_VALIDITY;
                } else {
                    trace[pc].uop = Uop::_NOP;
                }
                last_set_ip = Some(pc);
            }
            Uop::_POP_TOP => {
                let Some(mut last) = pc.checked_sub(1) else {
                    continue;
                };
                while last > 0 && trace[last].uop == Uop::_NOP {
                    last -= 1;
                }
                match trace[last].uop.base() {
                    Uop::_LOAD_CONST_INLINE
                    | Uop::_LOAD_CONST_INLINE_BORROW
                    | Uop::_LOAD_FAST
                    | Uop::_COPY => {
                        trace[last].uop = Uop::_NOP;
                        trace[pc].uop = Uop::_NOP;
                    }
                    Uop::_REPLACE_WITH_TRUE => trace[last].uop = Uop::_NOP,
                    _ => {}
                }
            }
            Uop::_JUMP_TO_TOP | Uop::_EXIT_TRACE => return pc + 1,
            uop => {
                // `_PUSH_FRAME` neither escapes nor raises, but needs the return address.
                let mut needs_ip = uop == Uop::_PUSH_FRAME;
                if uop.meta().flags & flags::ESCAPES != 0 {
                    needs_ip = true;
                    may_have_escaped = true;
                }
                if let (true, Some(at)) = (needs_ip, last_set_ip) {
                    trace[at].uop = if trace[at].uop == Uop::_CHECK_VALIDITY {
                        Uop::_CHECK_VALIDITY_AND_SET_IP
                    } else {
                        Uop::_SET_IP
                    };
                    last_set_ip = None;
                }
            }
        }
    }
    trace.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uops::Operand;

    /// `check(before, after)`: run the pass on uop names, compare the names after.
    fn check(before: &[Uop], after: &[Uop]) {
        let mut trace: Vec<UopInst> = before
            .iter()
            .map(|&u| UopInst::new(u, 0, Operand::Zero, 0))
            .collect();
        let n = remove_unneeded_uops(&mut trace);
        let got: Vec<Uop> = trace[..n].iter().map(|u| u.uop).collect();
        assert_eq!(got, after);
    }

    #[test]
    fn ip_only_before_escapes_and_validity_only_after() {
        use Uop::*;
        check(
            &[
                _START_EXECUTOR,
                _CHECK_VALIDITY_AND_SET_IP,
                _GUARD_BOTH_INT,
                _BINARY_OP_ADD_INT,
                _CHECK_VALIDITY_AND_SET_IP,
                _CALL_BUILTIN_O,
                _CHECK_VALIDITY_AND_SET_IP,
                _STORE_FAST,
                _JUMP_TO_TOP,
                _DEOPT,
            ],
            &[
                _START_EXECUTOR,
                _NOP,
                _GUARD_BOTH_INT,
                _BINARY_OP_ADD_INT,
                _SET_IP,
                _CALL_BUILTIN_O,
                _CHECK_VALIDITY,
                _STORE_FAST,
                _JUMP_TO_TOP,
            ],
        );
    }

    #[test]
    fn a_load_then_pop_disappears() {
        use Uop::*;
        check(
            &[_START_EXECUTOR, _LOAD_FAST, _NOP, _POP_TOP, _EXIT_TRACE],
            &[_START_EXECUTOR, _NOP, _NOP, _NOP, _EXIT_TRACE],
        );
    }
}
