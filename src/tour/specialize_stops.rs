//! Tour stops for specialization: PEP 659's specializing adaptive interpreter, as in CPython 3.13.
//!
//! The stop runs the built-in iterative Fibonacci on the `tracer` VM and tells its story: each
//! specializable instruction counts down, is rewritten to a specialized form chosen from the
//! operand types it saw, and then runs that form. The sentences here only say what to look for;
//! the story itself comes from the interpreter's recorded events.

use super::Stop;

pub fn stops() -> Vec<Stop> {
    vec![Stop {
        title: "Specialization: an instruction rewrites itself",
        text: &[
            "CPython 3.11+ compiles a function once, to generic bytecode such as `BINARY_OP 0 (+)`, \
             which works for any two objects. PEP 659 makes it adaptive: each specializable \
             instruction carries inline CACHE entries, the first a 16-bit counter. In 3.13 the \
             counter starts at 1, so an instruction runs generically once; on its second run it \
             looks at its operands and rewrites itself into a specialized form, e.g. \
             `BINARY_OP_ADD_INT` when both operands were ints.",
            "A specialized form is guards plus an action: `BINARY_OP_ADD_INT` checks that both \
             operands are ints (`_GUARD_BOTH_INT`) and adds them without any type dispatch. When a \
             guard fails, the instruction deoptimizes: the generic code runs and the counter, set \
             to 52 at specialization, counts down; at zero it specializes again for the new types. \
             Below, every site of `fibonacci` specializes on its second run and then only hits; \
             the listing before and after marks the rewritten instructions with `*`. The \
             `tracer` crate's compiler emits the bytecode `python3.13 -m dis` shows, and its \
             listing after the run equals `dis.dis(fibonacci, adaptive=True)`.",
        ],
        args: &["specialize", "--function", "fibonacci"],
        try_next: &[
            "specialize book/src/examples/mixed.py",
            "dis --adaptive book/src/examples/fib.py",
            "run --stats book/src/examples/fib.py",
        ],
    }]
}
