//! Tour stops for specialization: PEP 659's specializing adaptive interpreter, as in CPython 3.13.
//!
//! Four stops: one per thing the adaptive counter does (warmup and the first rewrite on the
//! built-in Fibonacci; a guard that starts failing and the counter counting down to a
//! re-specialization, `--example mixed`; a site no form fits, where the counter backs off
//! exponentially, `--example backoff`), then all of it on a real program, pyperformance's
//! n-body benchmark (`--example nbody`). Each runs `explain specialize` on a program built into
//! the binary, so the tour works from any directory; the sentences here only say what to look
//! for, the story itself comes from the interpreter's recorded events. The book's
//! "Specialization" chapter says the same at length (`specialization/counter.md`).

use super::Stop;

pub fn stops() -> Vec<Stop> {
    vec![
        Stop {
            title: "Specialization: an instruction rewrites itself",
            text: &[
                "CPython 3.11+ compiles a function once, to generic bytecode such as \
                 `BINARY_OP 0 (+)`, which works for any two objects. PEP 659 makes it adaptive: \
                 each specializable instruction carries inline CACHE entries, the first a 16-bit \
                 counter, `value << 4 | backoff` (a 12-bit countdown and a 4-bit exponent). It \
                 starts at value 1 (the warmup), so an instruction runs generically once and ticks \
                 to 0; on its second run it looks at its operands and rewrites itself into a \
                 specialized form, e.g. `BINARY_OP_ADD_INT` for two ints, then runs that form at \
                 once. The counter is then 832: value 52, backoff 0 (the cooldown; 52 * 16 + 0 = 832).",
                "A specialized form is guards plus an action: `BINARY_OP_ADD_INT` checks that \
                 both operands are ints (`_GUARD_BOTH_INT`) and adds them, with no type dispatch \
                 and no counter to touch. Below, every site of `fibonacci` specializes on its \
                 second run and then only hits. In the listing after the run, `RESUME` has \
                 become `RESUME_CHECK` too: it has no counter and quickens on its first run, to \
                 a form whose one comparison checks that nothing (a signal, a debugger, \
                 `sys.monitoring`) needs handling on entry. The listing \
                 equals `dis.dis(fibonacci, adaptive=True)` in python3.13. The pystats table at \
                 the end counts `fibonacci` only: its hits are the story's hits plus 1 per \
                 rewrite (the run that specialized ran the new form).",
            ],
            args: &["specialize", "--function", "fibonacci"],
            try_next: &[
                "specialize",
                "dis --adaptive book/src/examples/fib.py",
                "run --stats book/src/examples/fib.py",
            ],
        },
        Stop {
            title: "Specialization: a guard fails, the counter counts down, it specializes again",
            text: &[
                "`walk` adds ints for 10 iterations, then floats. The `+` site specializes to \
                 `BINARY_OP_ADD_INT` on run 2 and hits through run 10. On run 11 \
                 `_GUARD_BOTH_INT` sees two floats: a deopt. The specialized instruction stays \
                 in place, but this run executes the generic `BINARY_OP` instead, which ticks \
                 the counter down from 52. After 52 such runs (11-62, counter 51 .. 0) the guard \
                 fails once more on run 63, finds the counter at 0 and specializes again, this \
                 time to `BINARY_OP_ADD_FLOAT`; the remaining runs hit.",
                "The 52 is CPython's patience: a site whose types change now and then keeps its \
                 specialization, one whose types changed for good gets a new one soon. \
                 python3.13 does the same: `dis` after `walk(62, 10)` still shows \
                 `BINARY_OP_ADD_INT`, after `walk(63, 10)` `BINARY_OP_ADD_FLOAT`. The `==` \
                 site next to it sees ints throughout and never deopts.",
            ],
            args: &["specialize", "--example", "mixed", "--function", "walk"],
            try_next: &[
                "specialize --example mixed --function walk --format json",
                "dis --adaptive --show-caches book/src/examples/mixed.py",
            ],
        },
        Stop {
            title: "Specialization: when no form fits, back off",
            text: &[
                "`i * 0.5` multiplies an int by a float, and no `BINARY_OP` form of 3.13 takes \
                 mixed operands, so every attempt fails. A failure puts the generic instruction \
                 back and restarts the counter at value 2^(b+1) - 1 with backoff b + 1, where b \
                 is the current backoff: from warmup's b = 1 that is 3 (counter 50), then 7, 15, \
                 31, 63, up to 4095. The generic instruction then runs and ticks once, so the \
                 attempts come on runs 2, 5, 12, 27 and 58: the wait doubles each time, and a \
                 site that never fits costs almost nothing after a few tries.",
                "The `+` site on the same line sees two floats and specializes at once; the \
                 pystats table counts the five failures and their reason. After the 60 runs the \
                 `*` site's counter reads 966 (value 60, backoff \
                 6), the word python3.13's `dis(..., adaptive=True, show_caches=True)` shows.",
            ],
            args: &["specialize", "--example", "backoff", "--function", "halves"],
            try_next: &[
                "dis --adaptive --show-caches book/src/examples/backoff.py",
                "workshop 3",
            ],
        },
        Stop {
            title: "Specialization on a real program: pyperformance's nbody",
            text: &[
                "Code nobody here wrote: the n-body simulation from pyperformance, the suite the \
                 Faster CPython team measures releases with, run once (its harness replaced by a \
                 direct call). Its hot function `advance` unpacks tuples and lists of floats, \
                 indexes lists and does float arithmetic, 300 steps over 10 pairs of bodies. \
                 Almost every site follows the Fibonacci story: generic on run 1, rewritten on \
                 run 2 (`UNPACK_SEQUENCE_TWO_TUPLE`, `UNPACK_SEQUENCE_LIST`, \
                 `BINARY_SUBSCR_LIST_INT`, `STORE_SUBSCR_LIST_INT`, `BINARY_OP_*_FLOAT`, \
                 `FOR_ITER_RANGE`, `FOR_ITER_LIST`), then only hits.",
                "The exception is `** (-1.5)`: 3.13 has no specialized power, so that site \
                 fails on every attempt and backs off as in the previous stop (the `power` \
                 failures in the pystats table). The listing after the run equals \
                 `dis.dis(advance, adaptive=True)` in python3.13 after the same run; the \
                 program is `tests/programs/pyperf_nbody.py` of the test corpus, where it is \
                 checked under every tier.",
            ],
            args: &["specialize", "--example", "nbody", "--function", "advance"],
            try_next: &[
                "trace book/src/examples/nbody.py --function advance",
                "dis --adaptive book/src/examples/nbody.py",
            ],
        },
    ]
}
