//! The JIT against the uop interpreter on random straight-line int/float loop bodies: the
//! same output (values), the same uncaught error, and the same per-executor counts (entries,
//! iterations, each exit taken, deopts, errors). Types change mid-loop and ints overflow
//! into big ints, so guards fail and side exits and deopts are taken; `//` and `%` may
//! divide by zero, which takes the error stubs.

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

fn operand() -> impl Strategy<Value = Operand> {
    prop_oneof![
        4 => (0..VARS.len()).prop_map(Operand::Var),
        2 => (-3i64..1000).prop_map(Operand::Int),
        1 => (-8i32..8).prop_map(|x| Operand::Float(f64::from(x) * 0.25)),
    ]
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        0..VARS.len(),
        operand(),
        prop::sample::select(vec!["+", "-", "*", "+", "-", "//", "%", "<"]),
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
        let line = if s.op == "<" {
            format!("{} = {l} < {r}", VARS[s.target])
        } else {
            format!("{} = {l} {} {r}", VARS[s.target], s.op)
        };
        p.push_str(&format!("        {line}\n"));
        // Keep the numbers small enough to print quickly.
        p.push_str(&format!(
            "        if {0} > 10 ** 30 or {0} < -10 ** 30: {0} = 7\n",
            VARS[s.target]
        ));
    }
    p.push_str("        if i == 40: c = 0.5\n");
    p.push_str("        if i % 16 == 0: print(i, a, b, c, d)\n");
    p.push_str("    print(a, b, c, d)\n");
    p.push_str("f()\n");
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn jit_agrees_with_the_uop_interpreter(
        inits in prop::collection::vec(-5i64..50, 4),
        stmts in prop::collection::vec(stmt(), 1..8),
        iterations in 20u32..120,
        stress in any::<bool>(),
    ) {
        let source = program(&inits, &stmts, iterations);
        let interpreted = support::run_with(&source, false, stress, |_, _| {});
        let mut compiled_count = 0;
        let jitted = support::run_with(&source, true, stress, |_, c| compiled_count = c.len());
        prop_assert_eq!(&jitted, &interpreted, "program:\n{}", source);
        if stencil_jit::supported() && !interpreted.executors.is_empty() {
            prop_assert!(compiled_count > 0, "no executor was compiled:\n{}", source);
        }
    }
}
