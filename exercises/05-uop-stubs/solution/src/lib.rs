//! Exercise 05: turn an optimized trace into an executor's uops, stubs and exits.
//!
//! After CPython 3.13's optimizer has run, the trace still has holes: guards know *that* they
//! can fail and uops know *that* they can raise, but not *where* to go when they do. The last
//! step before an executor exists, `prepare_for_execution` (`Python/optimizer.c`), fills them
//! in. It drops the `_NOP`s the optimizer left, then appends small *stubs* after the trace and
//! points every guard and every uop that can raise at one:
//!
//! ```text
//!    9 _GUARD_BOTH_INT (0, jump_target=18)        <- fails: go to 18
//!   10 _BINARY_OP_ADD_INT (error_target=19)       <- raises: go to 19
//!   ...
//!   13 _JUMP_TO_TOP                               end of the trace proper
//!   14 _DEOPT (target=24)                         back to tier 1 at instruction 24, for good
//!   ...
//!   18 _EXIT_TRACE (exit_index=2)                 side exit 2 (to instruction 21)
//!   19 _ERROR_POP_N (2, operand=0x15)             pop 2 values, raise at instruction 21
//! ```
//!
//! `make_executor_from_uops` then numbers the `_EXIT_TRACE`s: each gets an `exit_index` and
//! the executor an exit record holding where tier 1 continues (that record is what later
//! carries a temperature and, once hot, a side trace).
//!
//! The uop table and the instruction type are in [`uops`]. Write the three functions marked
//! `todo!()`: [`exhausted_exit_target`], [`prepare_for_execution`] and [`number_exits`].
//! [`make_executor`] strings them together.

pub mod uops;

pub use uops::{Format, Uop, UopInst, DEOPT, ERROR, ERROR_NO_POP, EXIT};

/// One side exit of an executor (CPython's `_PyExitData`, without the temperature and the
/// side-trace link, which only matter at run time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitData {
    /// Where tier 1 continues when the exit is taken (a code-unit index).
    pub target: u32,
}

/// What `make_executor_from_uops` builds: the uops, stubs included, and the exits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Executor {
    pub uops: Vec<UopInst>,
    pub exits: Vec<ExitData>,
}

/// `INLINE_CACHE_ENTRIES_FOR_ITER`: `FOR_ITER` is followed by one cache unit.
pub const FOR_ITER_CACHE_ENTRIES: u32 = 1;

/// CPython's `is_for_iter_test`: the guards of a `for` loop that fail when the iterator is
/// exhausted. Their stub does not go back to the `FOR_ITER` (which would only find the
/// iterator exhausted again) but past the loop.
pub fn is_exhaustion_guard(uop: Uop) -> bool {
    matches!(
        uop,
        Uop::_GUARD_NOT_EXHAUSTED_RANGE
            | Uop::_GUARD_NOT_EXHAUSTED_LIST
            | Uop::_GUARD_NOT_EXHAUSTED_TUPLE
            | Uop::_FOR_ITER_TIER_TWO
    )
}

/// Where an exhaustion guard of the `FOR_ITER` at code unit `target` with this `oparg`
/// exits: the `POP_TOP` right after the loop's `END_FOR`, leaving only the iterator on the
/// stack for it to pop.
///
/// The instruction after `FOR_ITER` is `target + 1 + FOR_ITER_CACHE_ENTRIES`, one more when
/// the oparg needed an `EXTENDED_ARG` in front (oparg > 255: then `target` is the
/// `EXTENDED_ARG`'s unit). From there the jump is `oparg` units to the `END_FOR`; the
/// `POP_TOP` is one after it.
pub fn exhausted_exit_target(target: u32, oparg: u32) -> u32 {
    let extended_arg = u32::from(oparg > 255);
    let next_inst = target + 1 + FOR_ITER_CACHE_ENTRIES + extended_arg;
    next_inst + oparg + 1
}

/// `prepare_for_execution`: the trace without its `_NOP`s, followed by its stubs, with every
/// guard and every uop that can raise pointing at its stub.
///
/// For each uop, in order (indices are those of the trace *without* the `_NOP`s):
///
/// - a guard (flag [`EXIT`] or [`DEOPT`]) needs a stub that leaves the trace: an
///   `_EXIT_TRACE` for `EXIT`, a `_DEOPT` for `DEOPT`, with the uop's `target` (or, for an
///   exhaustion guard, [`exhausted_exit_target`]). When the previous guard's stub had the same
///   kind and target, share it; otherwise append a new one ([`UopInst::stub`]). The guard
///   becomes [`Format::Jump`] with `jump_target` = the stub's index.
/// - a uop that can raise (flag [`ERROR`]) needs an `_ERROR_POP_N` stub with `target` 0,
///   `oparg` = how many values to pop (the uop's [`Uop::popped`], or 0 with
///   [`ERROR_NO_POP`]) and `operand` = the uop's `target`. Share the previous error stub when
///   both the target and the count are the same. Set `error_target`; a uop still in
///   [`Format::Target`] becomes [`Format::Jump`] with `jump_target` 0.
///
/// "The previous stub" is the last one of its family (guards or errors) made so far, not
/// the last one appended.
pub fn prepare_for_execution(trace: Vec<UopInst>) -> Vec<UopInst> {
    let mut buffer: Vec<UopInst> = trace.into_iter().filter(|u| u.uop != Uop::_NOP).collect();
    let length = buffer.len();
    // The last guard stub: (its index, its target, its kind).
    let mut current_jump: Option<(u16, u32, Uop)> = None;
    // The last error stub: (its index, its target, how many it pops).
    let mut current_error: Option<(u16, u32, u32)> = None;
    for i in 0..length {
        let UopInst {
            uop, oparg, target, ..
        } = buffer[i];
        if uop.has(EXIT | DEOPT) {
            let exit_op = if uop.has(EXIT) {
                Uop::_EXIT_TRACE
            } else {
                Uop::_DEOPT
            };
            let jump_target = if is_exhaustion_guard(uop) {
                exhausted_exit_target(target, oparg)
            } else {
                target
            };
            let stub = match current_jump {
                Some((index, t, op)) if t == jump_target && op == exit_op => index,
                _ => {
                    buffer.push(UopInst::stub(exit_op, jump_target));
                    let index = (buffer.len() - 1) as u16;
                    current_jump = Some((index, jump_target, exit_op));
                    index
                }
            };
            buffer[i].jump_target = stub;
            buffer[i].format = Format::Jump;
        }
        if uop.has(ERROR) {
            let popped = if uop.has(ERROR_NO_POP) {
                0
            } else {
                uop.popped(oparg)
            };
            let stub = match current_error {
                Some((index, t, p)) if t == target && p == popped => index,
                _ => {
                    let mut error = UopInst::stub(Uop::_ERROR_POP_N, 0);
                    error.oparg = popped;
                    error.operand = u64::from(target);
                    buffer.push(error);
                    let index = (buffer.len() - 1) as u16;
                    current_error = Some((index, target, popped));
                    index
                }
            };
            buffer[i].error_target = stub;
            if buffer[i].format == Format::Target {
                buffer[i].format = Format::Jump;
                buffer[i].jump_target = 0;
            }
        }
    }
    buffer
}

/// The exit-numbering part of `make_executor_from_uops`: every `_EXIT_TRACE` in `buffer`
/// (in the trace or among the stubs), in order, becomes side exit 0, 1, 2, ...: its
/// `exit_index` is set and its format becomes [`Format::Exit`]. Returns the exits, each with
/// the `target` of its `_EXIT_TRACE`.
pub fn number_exits(buffer: &mut [UopInst]) -> Vec<ExitData> {
    let mut exits = Vec::new();
    for inst in buffer.iter_mut().filter(|u| u.uop == Uop::_EXIT_TRACE) {
        inst.exit_index = exits.len() as u16;
        inst.format = Format::Exit;
        exits.push(ExitData {
            target: inst.target,
        });
    }
    exits
}

/// `prepare_for_execution` then `make_executor_from_uops`: the executor for an optimized
/// trace.
pub fn make_executor(trace: Vec<UopInst>) -> Executor {
    let mut uops = prepare_for_execution(trace);
    let exits = number_exits(&mut uops);
    Executor { uops, exits }
}
