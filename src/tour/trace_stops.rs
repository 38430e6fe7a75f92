//! Tour stops for tier 2: CPython 3.13's micro-op traces.
//!
//! Three stops, one per thing that happens to a hot loop: it is projected into uops, optimized
//! and installed as an executor (the built-in Fibonacci); the optimizer proves guards redundant
//! (`--example three-adds`); a guard that starts failing becomes a hot side exit with its own
//! side trace (`--example side-exit`). Each runs `explain trace` on a program built into the
//! binary. The book's "Micro-op traces" chapter says the same at length.

use super::Stop;

pub fn stops() -> Vec<Stop> {
    vec![
        Stop {
            title: "Tier 2: a hot loop becomes a micro-op trace",
            text: &[
                "Specialized bytecode still runs one instruction at a time. CPython 3.13's tier \
                 2 (off in default builds; `--enable-experimental-jit=interpreter` turns it on) \
                 goes further for hot loops: every `JUMP_BACKWARD` has a counter, and after 17 \
                 back-edges the optimizer *projects* the loop, following the code from the jump \
                 around the loop once and replacing each instruction by its micro-ops (uops): \
                 `BINARY_OP_ADD_INT` becomes `_GUARD_BOTH_INT` + `_BINARY_OP_ADD_INT`, the guard \
                 and the action that tier 1 runs glued together.",
                "Three passes then shrink the trace, and the result is installed as an \
                 *executor*: `ENTER_EXECUTOR` replaces the `JUMP_BACKWARD`, so the next \
                 iteration runs the trace in the uop interpreter. A failing guard jumps to a \
                 stub at the end: `_DEOPT` (back to tier 1 at that instruction) or `_EXIT_TRACE` \
                 (a side exit, which can later grow a trace of its own). Below, the loop \
                 finishes by its `_GUARD_NOT_EXHAUSTED_RANGE` exit. Every executor this VM \
                 builds for the test programs equals what a tier-2 CPython 3.13.0 builds, uop \
                 for uop (tests/tier2.rs).",
            ],
            args: &["trace"],
            try_next: &[
                "trace --verbose",
                "run --tier 2 --stats book/src/examples/fib.py",
                "trace --format json",
            ],
        },
        Stop {
            title: "Tier 2: the optimizer removes guards it can prove",
            text: &[
                "The middle pass, `optimize_uops`, runs the trace over abstract values: for each \
                 stack slot and local it tracks what is known (an int, a given constant, a given \
                 type version). After `x = x + 1` has run once, `x` is known to be an int, so the \
                 next two additions need no `_GUARD_BOTH_INT`; the first keeps only \
                 `_GUARD_NOS_INT`, since the constant `1` on top of the stack is an int already. \
                 Constants become `_LOAD_CONST_INLINE_BORROW` (small ints are immortal: no \
                 reference counting). The last pass drops the per-instruction \
                 `_CHECK_VALIDITY_AND_SET_IP` bookkeeping that nothing needs.",
            ],
            args: &["trace", "--example", "three-adds"],
            try_next: &[
                "trace --example invalidation",
                "trace --example three-adds --verbose",
            ],
        },
        Stop {
            title: "Tier 2: a side exit gets hot and grows a side trace",
            text: &[
                "`classify` takes the `if` branch for 100 iterations, then the `else` branch. \
                 The loop was projected during the first 100, so its trace guards `i < 100` \
                 with `_GUARD_IS_TRUE_POP`. From then on that guard fails on every iteration: \
                 its side exit returns to tier 1 and its temperature (64 at first) counts down. \
                 When it reaches zero the optimizer projects a *side trace* from the exit's \
                 target, the `else` branch, and links the exit to it, so the loop stays in \
                 tier 2 on both paths. The side trace ends at the loop's `JUMP_BACKWARD` (now \
                 an `ENTER_EXECUTOR`) with an exit that, once hot too, links back to the \
                 loop's executor.",
            ],
            args: &["trace", "--example", "side-exit"],
            try_next: &[
                "trace --example side-exit --format dot",
                "run --tier 2 --trace-every-loop --stats book/src/examples/side_exit.py",
            ],
        },
    ]
}
