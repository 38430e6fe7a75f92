//! Tour stop for the copy-and-patch JIT (`stencil-jit`): the Fibonacci loop's executor turned
//! into machine code, one stencil per uop, shown briefly (`explain jit --brief --redact`:
//! one line per uop, addresses and timings as placeholders so the tour reads the same on
//! every run). The book's "Copy-and-patch JIT" chapter walks through the full view.

use super::Stop;

pub fn stops() -> Vec<Stop> {
    vec![Stop {
        title: "JIT: copy a stencil per uop, patch its holes",
        text: &[
            "CPython 3.13 can also compile tier-2 traces to machine code (built with \
             `--enable-experimental-jit`, PEP 744). Nothing is compiled at run time in the usual \
             sense: when CPython itself is built, every uop's body is compiled once into a \
             *stencil*, machine code with *holes* (the relocations the compiler left for values \
             it could not know: the uop's operand, a helper's address, where the next uop's code \
             is). Compiling a trace is then copying one stencil per uop end to end and writing \
             the values into the holes.",
            "This project's `stencil-jit` does the same with stencils written in Rust and \
             compiled by `rustc` when the crate is built. Loads, stores, int and float \
             arithmetic, comparisons and guards are inline machine code for small ints, floats, \
             bools and `None`, and so are range and list iteration, list subscripts and \
             instance attributes; anything else (an overflow, a big int, a failed guard) jumps \
             to the uop's *slow path*, a copy of the `helper` stencil placed after the trace \
             that runs the uop in the VM and jumps back. Uops with no inline stencil (calls, \
             for one) call the VM, and a run of them is one call (`COUNT=n`; the others get \
             the empty `fused` stencil). Some runs that traces hold again and again get one \
             stencil for the whole run (`self.x`, `x + local`, shown as `inline, 3 uops`, the \
             others `fused (in uop n)`): fewer pushes and reads back, and a failing check runs \
             the whole run in the VM.",
            "Below, each uop of the Fibonacci loop's executor with its stencil, where its code \
             lands, and what its holes became: `OPARG=n` is a value, `CONTINUE>n` a jump to uop \
             n's code, `SLOW>+0x..` a jump to the uop's slow path, `>-` a jump that cannot be \
             taken. The `nop` stencil is 0 bytes: its only instruction was the jump to the next \
             stencil, which now simply follows. The memory is written first and only then made \
             executable, never both at once (W^X). Without `--brief` every stencil's bytes, \
             disassembly and holes are shown, and the finished trace with its slow paths.",
        ],
        args: &["jit", "--brief", "--redact"],
        try_next: &[
            "jit",
            "jit --format json",
            "run --jit --stats benches/vm/sieve.py",
        ],
    }]
}
