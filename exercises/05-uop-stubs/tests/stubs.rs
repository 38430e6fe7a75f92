//! Exercise 05, one rule at a time: small traces whose stubs can be worked out by hand. The
//! traces are cut down from real ones (targets are code-unit indexes of tier-1 instructions);
//! `vs_cpython.rs` checks whole executors against CPython's.

use ex05_uop_stubs::{
    exhausted_exit_target, make_executor, number_exits, prepare_for_execution, ExitData, Format,
    Uop, UopInst,
};

use Uop::*;

fn uop(uop: Uop, oparg: u32, target: u32) -> UopInst {
    UopInst::new(uop, oparg, target)
}

/// Runs `prepare_for_execution` and compares the result, printed as CPython prints uops.
fn check(trace: Vec<UopInst>, expected: &[&str]) {
    let out: Vec<String> = prepare_for_execution(trace)
        .iter()
        .map(|u| u.to_string())
        .collect();
    assert_eq!(out, expected, "\n got:\n{}", out.join("\n"));
}

#[test]
fn exhaustion_guards_exit_past_the_loop() {
    // fib: FOR_ITER_RANGE 8 at unit 16; END_FOR at 26, POP_TOP at 27.
    assert_eq!(exhausted_exit_target(16, 8), 27);
    // three_adds: FOR_ITER_RANGE 18 at unit 14.
    assert_eq!(exhausted_exit_target(14, 18), 35);
    // decorators.py's main: FOR_ITER_RANGE 123 at unit 71.
    assert_eq!(exhausted_exit_target(71, 123), 197);
    // An oparg of 256 needs an EXTENDED_ARG in front: one unit more.
    assert_eq!(exhausted_exit_target(0, 255), 258);
    assert_eq!(exhausted_exit_target(0, 256), 260);
    assert_eq!(exhausted_exit_target(100, 300), 404);
}

#[test]
fn nops_are_dropped_before_anything_else() {
    check(
        vec![
            uop(_START_EXECUTOR, 0, 24),
            uop(_NOP, 0, 24),
            uop(_NOP, 0, 16),
            uop(_LOAD_FAST_1, 1, 19),
            uop(_NOP, 0, 19),
            uop(_JUMP_TO_TOP, 0, 0),
        ],
        &[
            "_START_EXECUTOR (0, jump_target=3, operand=0)",
            "_LOAD_FAST_1 (1, target=19, operand=0)",
            "_JUMP_TO_TOP (0, target=0, operand=0)",
            "_DEOPT (0, target=24, operand=0)",
        ],
    );
}

#[test]
fn a_trace_without_guards_or_errors_gets_no_stubs() {
    let trace = vec![
        uop(_LOAD_FAST_0, 0, 9),
        uop(_STORE_FAST_1, 1, 10),
        uop(_JUMP_TO_TOP, 0, 0),
    ];
    assert_eq!(prepare_for_execution(trace.clone()), trace);
}

#[test]
fn exit_guards_get_exit_trace_stubs_and_deopt_guards_get_deopt_stubs() {
    check(
        vec![
            uop(_ITER_CHECK_RANGE, 8, 16),
            uop(_UNPACK_SEQUENCE_TWO_TUPLE, 2, 18),
            uop(_JUMP_TO_TOP, 0, 0),
        ],
        &[
            "_ITER_CHECK_RANGE (8, jump_target=3, operand=0)",
            "_UNPACK_SEQUENCE_TWO_TUPLE (2, jump_target=4, operand=0)",
            "_JUMP_TO_TOP (0, target=0, operand=0)",
            "_EXIT_TRACE (0, target=16, operand=0)",
            "_DEOPT (0, target=18, operand=0)",
        ],
    );
}

#[test]
fn consecutive_guards_with_the_same_stub_share_it() {
    check(
        vec![
            // Same kind, same target: one _DEOPT.
            uop(_START_EXECUTOR, 0, 24),
            uop(_TIER2_RESUME_CHECK, 0, 24),
            // Same target, other kind: a new stub.
            uop(_GUARD_BOTH_INT, 0, 24),
            // Back to DEOPT at 24: the last guard stub is the _EXIT_TRACE, so a new one.
            uop(_CHECK_VALIDITY, 0, 24),
            uop(_JUMP_TO_TOP, 0, 0),
        ],
        &[
            "_START_EXECUTOR (0, jump_target=5, operand=0)",
            "_TIER2_RESUME_CHECK (0, jump_target=5, operand=0)",
            "_GUARD_BOTH_INT (0, jump_target=6, operand=0)",
            "_CHECK_VALIDITY (0, jump_target=7, operand=0)",
            "_JUMP_TO_TOP (0, target=0, operand=0)",
            "_DEOPT (0, target=24, operand=0)",
            "_EXIT_TRACE (0, target=24, operand=0)",
            "_DEOPT (0, target=24, operand=0)",
        ],
    );
}

#[test]
fn errors_get_error_pop_n_stubs_popping_the_inputs() {
    check(
        vec![
            uop(_ITER_NEXT_RANGE, 8, 16),
            uop(_BINARY_OP_ADD_INT, 0, 21),
            uop(_STORE_NAME, 35, 918),
            uop(_JUMP_TO_TOP, 0, 0),
        ],
        &[
            // A uop that can raise but is no guard: format Jump with jump_target 0.
            "_ITER_NEXT_RANGE (8, jump_target=0, operand=0, error_target=4)",
            "_BINARY_OP_ADD_INT (0, jump_target=0, operand=0, error_target=5)",
            "_STORE_NAME (35, jump_target=0, operand=0, error_target=6)",
            "_JUMP_TO_TOP (0, target=0, operand=0)",
            // oparg: values to pop; operand: the instruction to raise at.
            "_ERROR_POP_N (1, target=0, operand=0x10)",
            "_ERROR_POP_N (2, target=0, operand=0x15)",
            "_ERROR_POP_N (1, target=0, operand=0x396)",
        ],
    );
}

#[test]
fn error_stubs_are_shared_only_for_the_same_target_and_count() {
    check(
        vec![
            uop(_BINARY_OP, 0, 30),
            uop(_BINARY_OP_MULTIPLY_INT, 5, 30),
            // Same target, one value to pop instead of two: a stub of its own.
            uop(_STORE_NAME, 1, 30),
            uop(_JUMP_TO_TOP, 0, 0),
        ],
        &[
            "_BINARY_OP (0, jump_target=0, operand=0, error_target=4)",
            "_BINARY_OP_MULTIPLY_INT (5, jump_target=0, operand=0, error_target=4)",
            "_STORE_NAME (1, jump_target=0, operand=0, error_target=5)",
            "_JUMP_TO_TOP (0, target=0, operand=0)",
            "_ERROR_POP_N (2, target=0, operand=0x1e)",
            "_ERROR_POP_N (1, target=0, operand=0x1e)",
        ],
    );
}

#[test]
fn guard_stubs_and_error_stubs_are_shared_separately() {
    check(
        vec![
            uop(_GUARD_BOTH_INT, 0, 21),
            uop(_BINARY_OP_ADD_INT, 0, 21),
            // The last *guard* stub is still the _EXIT_TRACE to 21, although an error stub
            // was appended after it: share it.
            uop(_GUARD_TOS_INT, 0, 21),
            uop(_JUMP_TO_TOP, 0, 0),
        ],
        &[
            "_GUARD_BOTH_INT (0, jump_target=4, operand=0)",
            "_BINARY_OP_ADD_INT (0, jump_target=0, operand=0, error_target=5)",
            "_GUARD_TOS_INT (0, jump_target=4, operand=0)",
            "_JUMP_TO_TOP (0, target=0, operand=0)",
            "_EXIT_TRACE (0, target=21, operand=0)",
            "_ERROR_POP_N (2, target=0, operand=0x15)",
        ],
    );
}

#[test]
fn a_deopting_uop_that_raises_without_popping_gets_both_stubs() {
    // builtins_tour.py: a generic FOR_ITER 20 at unit 914 in a module-level loop.
    check(
        vec![
            uop(_START_EXECUTOR, 0, 934),
            uop(_FOR_ITER_TIER_TWO, 20, 914),
            uop(_EXIT_TRACE, 0, 916),
        ],
        &[
            "_START_EXECUTOR (0, jump_target=3, operand=0)",
            // The jump target stays: only a uop still in the target format gets 0.
            "_FOR_ITER_TIER_TWO (20, jump_target=4, operand=0, error_target=5)",
            "_EXIT_TRACE (0, target=916, operand=0)",
            "_DEOPT (0, target=934, operand=0)",
            // Exhausted: past the loop (914 + 2 + 20 + 1).
            "_DEOPT (0, target=937, operand=0)",
            // ERROR_NO_POP: the error stub pops nothing.
            "_ERROR_POP_N (0, target=0, operand=0x392)",
        ],
    );
}

#[test]
fn exits_are_numbered_in_order_inside_and_after_the_trace() {
    let mut buffer = vec![
        uop(_GUARD_IS_TRUE_POP, 0, 45),
        uop(_EXIT_TRACE, 0, 43),
        UopInst::stub(_DEOPT, 24),
        UopInst::stub(_EXIT_TRACE, 26),
        UopInst::stub(_ERROR_POP_N, 0),
        UopInst::stub(_EXIT_TRACE, 45),
    ];
    buffer[0].format = Format::Jump;
    buffer[0].jump_target = 5;
    let exits = number_exits(&mut buffer);
    assert_eq!(
        exits,
        [
            ExitData { target: 43 },
            ExitData { target: 26 },
            ExitData { target: 45 }
        ]
    );
    let printed: Vec<String> = buffer.iter().map(|u| u.to_string()).collect();
    assert_eq!(
        printed,
        [
            "_GUARD_IS_TRUE_POP (0, jump_target=5, operand=0)",
            "_EXIT_TRACE (0, exit_index=0, operand=0)",
            "_DEOPT (0, target=24, operand=0)",
            "_EXIT_TRACE (0, exit_index=1, operand=0)",
            "_ERROR_POP_N (0, target=0, operand=0)",
            "_EXIT_TRACE (0, exit_index=2, operand=0)",
        ]
    );
    // Nothing but the _EXIT_TRACEs changed.
    assert_eq!(buffer[2], UopInst::stub(_DEOPT, 24));
}

#[test]
fn make_executor_puts_it_together() {
    let executor = make_executor(vec![
        uop(_START_EXECUTOR, 0, 24),
        uop(_NOP, 0, 24),
        uop(_ITER_CHECK_RANGE, 8, 16),
        uop(_GUARD_NOT_EXHAUSTED_RANGE, 8, 16),
        uop(_ITER_NEXT_RANGE, 8, 16),
        uop(_STORE_FAST_3, 3, 18),
        uop(_JUMP_TO_TOP, 0, 0),
    ]);
    let raw: Vec<(&str, u32)> = executor
        .uops
        .iter()
        .map(|u| (u.uop.name(), u.raw_target()))
        .collect();
    assert_eq!(
        raw,
        [
            ("_START_EXECUTOR", 6),
            ("_ITER_CHECK_RANGE", 7),
            ("_GUARD_NOT_EXHAUSTED_RANGE", 8),
            // error_target 9 in the high half: 9 << 16.
            ("_ITER_NEXT_RANGE", 9 << 16),
            ("_STORE_FAST_3", 18),
            ("_JUMP_TO_TOP", 0),
            ("_DEOPT", 24),
            ("_EXIT_TRACE", 0),
            ("_EXIT_TRACE", 1),
            ("_ERROR_POP_N", 0),
        ]
    );
    assert_eq!(
        executor.exits,
        [ExitData { target: 16 }, ExitData { target: 27 }]
    );
}
