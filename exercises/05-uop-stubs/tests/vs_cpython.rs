//! Exercise 05 against CPython: for executors a real CPython 3.13.0 built, the input to
//! `prepare_for_execution` is rebuilt from its log (see `support/mod.rs`) and the result must
//! be CPython's executor, uop for uop, stub for stub, exit for exit.

mod support;

use ex05_uop_stubs::{make_executor, Executor};
use support::{block, blocks, data, executor_details, input_of, printed, Block};

/// Builds the executor for `block` and checks every uop against CPython's `OPTIMIZED` lines.
fn check(block: &Block) -> Executor {
    let executor = make_executor(input_of(block));
    let ours: Vec<String> = executor.uops.iter().map(printed).collect();
    let cpython: Vec<String> = block.optimized.iter().map(|l| l.text.clone()).collect();
    for (i, (a, b)) in ours.iter().zip(&cpython).enumerate() {
        assert_eq!(
            a,
            b,
            "{}: uop {i} differs\n ours:\n{}\n CPython:\n{}",
            block.title,
            ours.join("\n"),
            cpython.join("\n")
        );
    }
    assert_eq!(
        ours.len(),
        cpython.len(),
        "{}: length\n ours:\n{}\n CPython:\n{}",
        block.title,
        ours.join("\n"),
        cpython.join("\n")
    );
    let exit_stubs = cpython
        .iter()
        .filter(|l| l.starts_with("_EXIT_TRACE"))
        .count();
    assert_eq!(
        executor.exits.len(),
        exit_stubs,
        "{}: one exit per _EXIT_TRACE",
        block.title
    );
    executor
}

/// `SIDE EXIT: [UOp _EXIT_TRACE (...), exit N, temp T, target X -> OPNAME]`, as CPython
/// prints when an exit is taken: (N, X).
fn side_exit(line: &str) -> (usize, u32) {
    let field = |key: &str| -> u32 {
        let at = line.find(key).expect(key) + key.len();
        line[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (field(", exit ") as usize, field(", target "))
}

#[test]
fn fibonacci_executor_is_cpythons() {
    let fib = block(&data("fib.tier2-log.txt"), "fibonacci");
    let executor = check(&fib);
    assert_eq!(executor.uops.len(), 20);
    let names: Vec<&str> = executor.uops[14..].iter().map(|u| u.uop.name()).collect();
    assert_eq!(
        names,
        [
            "_DEOPT",
            "_EXIT_TRACE",
            "_EXIT_TRACE",
            "_ERROR_POP_N",
            "_EXIT_TRACE",
            "_ERROR_POP_N"
        ]
    );
    // Exit 0: _ITER_CHECK_RANGE fails, back to the FOR_ITER (unit 16). Exit 1: the range is
    // exhausted, out past the loop. Exit 2: _GUARD_BOTH_INT, back to BINARY_OP_ADD_INT (21).
    let targets: Vec<u32> = executor.exits.iter().map(|e| e.target).collect();
    assert_eq!(targets, [16, 27, 21]);
    // What CPython printed when the loop ended (fib.lltrace.txt in the project's reference):
    let (exit, target) = side_exit(
        "SIDE EXIT: [UOp _EXIT_TRACE (0, exit_index=1, operand=0), exit 1, temp 1030, \
         target 27 -> POP_TOP]",
    );
    assert_eq!(executor.exits[exit].target, target);
}

#[test]
fn three_adds_executor_is_cpythons() {
    let three_adds = block(&data("three_adds.tier2-log.txt"), "three_adds");
    let executor = check(&three_adds);
    assert_eq!(executor.uops.len(), 28);
    // Three adds, three error stubs: each raises at its own instruction, so none is shared.
    let errors: Vec<u64> = executor
        .uops
        .iter()
        .filter(|u| u.uop.name() == "_ERROR_POP_N")
        .map(|u| u.operand)
        .collect();
    assert_eq!(errors, [14, 19, 24, 29]);
    let (exit, target) = side_exit(
        "SIDE EXIT: [UOp _EXIT_TRACE (0, exit_index=1, operand=0), exit 1, temp 1030, \
         target 35 -> POP_TOP]",
    );
    assert_eq!(executor.exits[exit].target, target);
}

/// The `target` numbers `_opcode.get_executor` gives (CPython's raw union field) match too.
#[test]
fn raw_targets_are_what_get_executor_reports() {
    for (log, json, title) in [
        ("fib.tier2-log.txt", "fib.executors.json", "fibonacci"),
        (
            "three_adds.tier2-log.txt",
            "three_adds.executors.json",
            "three_adds",
        ),
    ] {
        let executor = make_executor(input_of(&block(&data(log), title)));
        let details = executor_details(&data(json));
        assert_eq!(details.len(), 1, "{json}: one executor");
        let ours: Vec<(String, u32, u32)> = executor
            .uops
            .iter()
            .map(|u| (u.uop.name().to_string(), u.oparg, u.raw_target()))
            .collect();
        let cpython: Vec<(String, u32, u32)> = details[0]
            .iter()
            .map(|(name, oparg, target, _)| (name.clone(), *oparg, *target))
            .collect();
        assert_eq!(ours, cpython, "{json}");
    }
}

/// A trace that ends in an `_EXIT_TRACE` (projection met `LOAD_ATTR_PROPERTY`, which has no
/// uops): that exit is numbered first, before the stubs' exits.
#[test]
fn an_exit_inside_the_trace_is_exit_0() {
    let main = block(&data("decorators.tier2-log.txt"), "main");
    let executor = check(&main);
    let targets: Vec<u32> = executor.exits.iter().map(|e| e.target).collect();
    assert_eq!(targets, [75, 71, 197]);
    for line in [
        "SIDE EXIT: [UOp _EXIT_TRACE (0, exit_index=0, operand=0), exit 0, temp 1030, target 75 \
         -> LOAD_ATTR_PROPERTY]",
        "SIDE EXIT: [UOp _EXIT_TRACE (0, exit_index=2, operand=0), exit 2, temp 1030, target \
         197 -> POP_TOP]",
    ] {
        let (exit, target) = side_exit(line);
        assert_eq!(executor.exits[exit].target, target, "{line}");
    }
}

/// A generic `FOR_ITER` (`_FOR_ITER_TIER_TWO`: a deopt guard that can also raise, without
/// popping), `_CHECK_VALIDITY` and `_SET_IP` left by remove_unneeded_uops, `_STORE_NAME`.
#[test]
fn module_level_loop_with_a_generic_for_iter() {
    let module = block(&data("builtins_tour.tier2-log.txt"), "<module>");
    let executor = check(&module);
    // CPython: "DEOPT: [UOp _DEOPT (0, target=937, operand=0) -> POP_TOP]" when the loop ended.
    assert_eq!(
        executor.uops[17].to_string(),
        "_DEOPT (0, target=937, operand=0)"
    );
    assert_eq!(
        executor.uops[18].to_string(),
        "_ERROR_POP_N (0, target=0, operand=0x392)"
    );
}

/// Every executor CPython built for arith_loops.py: while loops, branches that became
/// `_GUARD_IS_TRUE_POP`, a side trace, a module-level loop.
#[test]
fn every_executor_of_arith_loops() {
    let all = blocks(&data("arith_loops.tier2-log.txt"));
    assert_eq!(all.len(), 5);
    for b in &all {
        check(b);
    }
}
