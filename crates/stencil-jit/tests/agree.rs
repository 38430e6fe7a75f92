//! The JIT against the uop interpreter on random straight-line int/float loop bodies: the
//! same output (values), the same uncaught error, and the same per-executor counts (entries,
//! iterations, each exit taken, deopts, errors). Types change mid-loop and ints overflow
//! the machine word (operands near `i64::MAX` make the inline `add`/`sub`/`mul` overflow
//! and fall back to the VM's big ints), so guards fail and side exits and deopts are taken;
//! `//`, `%` and `/` may divide by zero, which takes the error stubs (`/` runs inline for
//! ints below 2**53 and floats, and in the VM past that). Every iteration also builds
//! a list and copies it between locals, so the inline loads and stores of heap values
//! (adding and dropping references) run too. The compiled traces must use the inline
//! stencils (loads, stores, guards, arithmetic), not only the helper.

#[path = "support.rs"]
mod support;

use proptest::prelude::*;

const VARS: [&str; 4] = ["a", "b", "c", "d"];

#[derive(Debug, Clone)]
enum Operand {
    Var(usize),
    Int(i64),
    Float(f64),
}

#[derive(Debug, Clone)]
struct Stmt {
    target: usize,
    left: Operand,
    op: &'static str,
    right: Operand,
}

/// Ints at the edge of the machine word: one operation away from overflowing it.
const EDGES: [i64; 6] = [
    i64::MAX,
    -i64::MAX,
    1 << 62,
    -(1 << 62),
    3_037_000_500,
    1 << 31,
];

fn operand() -> impl Strategy<Value = Operand> {
    prop_oneof![
        4 => (0..VARS.len()).prop_map(Operand::Var),
        2 => (-3i64..1000).prop_map(Operand::Int),
        1 => prop::sample::select(EDGES.to_vec()).prop_map(Operand::Int),
        1 => (-8i32..8).prop_map(|x| Operand::Float(f64::from(x) * 0.25)),
    ]
}

/// A local's first value: small, or a few steps below the machine word's edge, so that a
/// loop adding or multiplying crosses it while its trace runs.
fn init() -> impl Strategy<Value = i64> {
    prop_oneof![
        2 => -5i64..50,
        1 => prop::sample::select(vec![i64::MAX - 300, i64::MIN + 300, 1 << 61, 3_037_000_000]),
    ]
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        0..VARS.len(),
        operand(),
        prop::sample::select(vec![
            "+", "-", "*", "+", "-", "//", "%", "/", "<", "==", ">=",
        ]),
        operand(),
    )
        .prop_map(|(target, left, op, right)| Stmt {
            target,
            left,
            op,
            right,
        })
}

fn show(o: &Operand) -> String {
    match o {
        Operand::Var(i) => VARS[*i].to_string(),
        Operand::Int(x) => x.to_string(),
        Operand::Float(x) => format!("{x:?}"),
    }
}

/// The program: four locals, a loop of `stmts`, one of them switching `c` to a float half
/// way (a type change the trace did not see), the locals printed every few iterations.
fn program(inits: &[i64], stmts: &[Stmt], iterations: u32) -> String {
    let mut p = String::from("def f():\n");
    for (v, init) in VARS.iter().zip(inits) {
        p.push_str(&format!("    {v} = {init}\n"));
    }
    p.push_str(&format!("    for i in range({iterations}):\n"));
    for s in stmts {
        let (l, r) = (show(&s.left), show(&s.right));
        let line = format!("{} = {l} {} {r}", VARS[s.target], s.op);
        p.push_str(&format!("        {line}\n"));
        // Keep the numbers small enough to print quickly.
        p.push_str(&format!(
            "        if {0} > 10 ** 30 or {0} < -10 ** 30: {0} = 7\n",
            VARS[s.target]
        ));
    }
    p.push_str("        if i == 40: c = 0.5\n");
    p.push_str("        e = [a, c]\n");
    p.push_str("        f = e\n");
    p.push_str("        if i % 16 == 0: print(i, a, b, c, d)\n");
    p.push_str("    print(a, b, c, d, f)\n");
    p.push_str("f()\n");
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn jit_agrees_with_the_uop_interpreter(
        inits in prop::collection::vec(init(), 4),
        stmts in prop::collection::vec(stmt(), 1..8),
        iterations in 20u32..120,
        stress in any::<bool>(),
    ) {
        let source = program(&inits, &stmts, iterations);
        let interpreted = support::run_with(&source, false, stress, |_, _| {});
        let mut compiled_count = 0;
        let mut inline = Vec::new();
        let jitted = support::run_with(&source, true, stress, |_, c| {
            compiled_count = c.len();
            inline = c.iter().flat_map(|c| c.stencils.iter().copied()).collect();
        });
        prop_assert_eq!(&jitted, &interpreted, "program:\n{}", source);
        if stencil_jit::supported() && !interpreted.executors.is_empty() {
            prop_assert!(compiled_count > 0, "no executor was compiled:\n{}", source);
            for want in ["load_fast", "store_fast"] {
                prop_assert!(inline.contains(&want), "no {} stencil:\n{}", want, source);
            }
        }
    }
}

/// `x` crosses `i64::MAX` half way through the loop: the inline `add` overflows and hands
/// the uop to the VM, which makes a big int; the int guards then pass big ints through the
/// VM too. Floats, comparisons and a branch guard run inline.
const OVERFLOW: &str = "
def f():
    x = 9223372036854775700
    y = 1.5
    n = 0
    t = 0
    for i in range(200):
        x = x + 1
        y = y * 1.01 - 0.25
        if i < 150:
            n = n + i * 3
        t = t - 1
    print(x, y, n, t, x > n, y < 2.0)
f()
";

#[test]
fn inline_arithmetic_overflows_into_the_vm() {
    let interpreted = support::run(OVERFLOW, false);
    let mut stencils = Vec::new();
    let jitted = support::run_with(OVERFLOW, true, false, |_, c| {
        stencils = c.iter().flat_map(|c| c.stencils.iter().copied()).collect();
    });
    // CPython 3.13 prints the same line.
    let want = "9223372036854775900 -146.92641951800388 33525 -200 True True\n";
    assert_eq!(interpreted.stdout, want);
    assert_eq!(jitted, interpreted);
    if stencil_jit::supported() {
        // `x + 1`, `i * 3` and `... - 0.25` are fused with their constant (the overflow of
        // `x + 1` takes the fused stencil's slow path).
        for st in [
            "binary_op_add_int",
            "load_const_binary_op_add_int",
            "load_const_binary_op_multiply_int",
            "load_const_binary_op_subtract_float",
            "compare_op_int",
            "guard_is_true_pop",
            "load_const_inline",
        ] {
            assert!(stencils.contains(&st), "{st} not used: {stencils:?}");
        }
    }
}

/// Heap constants pushed by machine code (a function for `g(...)`, the builtin `len`, the
/// string `"xy"`) carry a reference of their own: the loop runs 300 times, so a missing
/// reference would free the function or the string while the program still uses them.
const CONSTANTS: &str = r#"
def g(x):
    return x + 1

def f():
    t = 0
    s = ""
    for i in range(300):
        t = t + g(i) + len("ab")
        s = "xy"
        u = None
    print(t, s, u, g(1), len(s))
f()
"#;

#[test]
fn heap_constants_are_cloned_by_machine_code() {
    let interpreted = support::run(CONSTANTS, false);
    let mut stencils = Vec::new();
    let jitted = support::run_with(CONSTANTS, true, false, |_, c| {
        stencils = c.iter().flat_map(|c| c.stencils.iter().copied()).collect();
    });
    // CPython 3.13 prints the same line.
    assert_eq!(interpreted.stdout, "45750 xy None 2 2\n");
    assert_eq!(jitted, interpreted);
    if stencil_jit::supported() {
        assert!(
            stencils.contains(&"load_const_inline_with_null"),
            "{stencils:?}"
        );
        assert!(stencils.contains(&"load_const_inline"), "{stencils:?}");
    }
}
