//! Exercise 06 against CPython: proto-traces a real CPython 3.13.0 projected (from its logs in
//! `tests/data/`) go through your `optimize_uops`, and the guards and constants that come out
//! must be the ones CPython's optimizer left.
//!
//! The optimizer reads `co_consts` and the number of locals, which the logs do not print; they
//! are written below as python3.13 reports them, e.g.
//! `PYENV_VERSION=3.13.0 python3.13 -c 'import three_adds as m; c = m.three_adds.__code__;
//! print(c.co_consts, c.co_nlocals)'`. `stack_entries` is what the frame's stack holds at the
//! trace's first instruction: the iterator of each `for` loop the trace is inside.

mod support;

use ex06_guard_elimination::{optimize_uops, Code, Uop, Value};
use support::{block, data, proto_trace, reference_view, view, Block};

use Value::{Int, None as PyNone, Tuple};

/// Optimizes `block`'s proto-trace and compares the result with CPython's.
fn check(block: &Block, consts: Vec<Value>, nlocals: usize, stack_entries: usize) {
    let code = Code { consts, nlocals };
    let mut trace = proto_trace(block);
    if let Err(bottom) = optimize_uops(&code, &mut trace, stack_entries) {
        panic!("{}: hit bottom at uop {}", block.title, bottom.at);
    }
    assert_eq!(
        view(&trace),
        reference_view(block),
        "{}: ours (left) and CPython's (right)",
        block.title
    );
}

#[test]
fn three_adds_keeps_one_narrowed_guard() {
    let log = data("three_adds.tier2-log.txt");
    let three_adds = block(&log, "three_adds");
    // def three_adds(n): x = 0; for i in range(n): x = x + 1 (three times)
    check(&three_adds, vec![PyNone, Int(0), Int(1)], 3, 1);

    // The same run, looked at closely: the three guards and the three constants.
    let code = Code {
        consts: vec![PyNone, Int(0), Int(1)],
        nlocals: 3,
    };
    let mut trace = proto_trace(&three_adds);
    let before: Vec<u32> = trace
        .iter()
        .enumerate()
        .filter(|(_, u)| u.uop == Uop::_GUARD_BOTH_INT)
        .map(|(i, _)| i as u32)
        .collect();
    optimize_uops(&code, &mut trace, 1).expect("no contradiction");
    let guards: Vec<&str> = before
        .iter()
        .map(|&i| trace[i as usize].uop.name())
        .collect();
    assert_eq!(guards, ["_GUARD_NOS_INT", "_NOP", "_NOP"]);
    let constants: Vec<String> = trace
        .iter()
        .filter(|u| u.uop == Uop::_LOAD_CONST_INLINE_BORROW)
        .map(|u| u.to_string())
        .collect();
    assert_eq!(constants, ["_LOAD_CONST_INLINE_BORROW (0, 1)"; 3]);
}

#[test]
fn fibonacci_keeps_its_guard() {
    // a + b: both come from locals, unknown at the top of every iteration.
    let fib = block(&data("fib.tier2-log.txt"), "fibonacci");
    check(&fib, vec![PyNone, Tuple(vec![Int(0), Int(1)])], 4, 1);
}

#[test]
fn a_loop_variable_from_range_is_an_int() {
    // sum_squares: `total + i * i`. i comes from _ITER_NEXT_RANGE: the guard of `i * i`
    // goes, the guard of `total + ...` narrows.
    let log = data("arith_loops.tier2-log.txt");
    check(&block(&log, "sum_squares"), vec![PyNone, Int(0)], 3, 1);
    // bigints.py's factorial: `result *= i`.
    let log = data("bigints.tier2-log.txt");
    check(
        &block(&log, "factorial"),
        vec![PyNone, Int(1), Int(2)],
        3,
        1,
    );
    // generators.py: `sum(x * x for x in range(100))`: both operands are the loop variable.
    let log = data("generators.tier2-log.txt");
    check(
        &block(&log, "<genexpr> (generators.py:26)"),
        vec![PyNone],
        2,
        1,
    );
}

#[test]
fn while_loops_and_branches() {
    let log = data("arith_loops.tier2-log.txt");
    // count_down: n = n - 3; steps += 1; while n > 0. The comparison's guard goes: n was
    // just computed by an int subtraction.
    check(
        &block(&log, "count_down"),
        vec![PyNone, Int(0), Int(3), Int(1)],
        2,
        0,
    );
    // collatz_length: a generic `n % 2` (its result is unknown), `n // 2`, `length += 1`.
    let collatz = vec![PyNone, Int(1), Int(2), Int(0), Int(3)];
    check(
        &block(&log, "collatz_length (arith_loops.py:17) at byte offset 86"),
        collatz.clone(),
        2,
        0,
    );
    // Its side trace for the `else` branch, `n = 3 * n + 1`: `3 * n` keeps only the check of
    // n (_GUARD_TOS_INT), `... + 1` none, and the loop test `n != 1` none either.
    check(
        &block(&log, "collatz_length (arith_loops.py:17) at byte offset 48"),
        collatz,
        2,
        0,
    );
}

/// game_of_life.py: `if alive and (n == 2 or n == 3)`. The first comparison's guard teaches
/// the optimizer that n is an int, so the second comparison needs none: the guard changed
/// the *symbol* of n, which the second `_LOAD_FAST` pushes again.
#[test]
fn a_guard_teaches_every_slot_holding_the_value() {
    let log = data("game_of_life.step-306.tier2-log.txt");
    let step = block(&log, "step");
    let consts = vec![
        PyNone,
        Int(0),
        Tuple(vec![Int(-1), Int(0), Int(1)]),
        Int(2),
        Int(3),
        Int(1),
    ];
    // Inside `for y` and `for x`: two iterators on the stack.
    check(&step, consts, 9, 2);
}
