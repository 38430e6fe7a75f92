//! Running a program with or without the JIT, for the tests of this crate.

#![allow(dead_code)]

use std::rc::Rc;

use stencil_jit::{Compiled, Jit};
use tracer::vm::{Vm, VmOptions};

/// Per executor (by id): entered, iterations, exits taken, deopts, errors.
pub type ExecutorCounts = (usize, u64, u64, Vec<u64>, u64, u64);

/// What one run produced.
#[derive(Debug, PartialEq)]
pub struct Run {
    pub stdout: String,
    pub error: Option<String>,
    pub executors: Vec<ExecutorCounts>,
}

/// Runs `source` with tier 2 on, with the JIT (`jit`) or the uop interpreter (`stress`:
/// every loop traced at once); `keep` sees the VM and the JIT's compilations before the VM
/// is dropped.
pub fn run_with(source: &str, jit: bool, stress: bool, keep: impl FnOnce(&Vm, &[Compiled])) -> Run {
    let code = tracer::compile::compile(source, "<test>").expect("the test program compiles");
    let mut vm = Vm::new(VmOptions {
        specialize: true,
        stats: false,
        capture_output: true,
        tier2: true,
        trace_every_loop: stress,
    });
    let (backend, log) = Jit::recording();
    if jit {
        vm.tier2.backend = Rc::new(backend);
    }
    let error = vm.run_module(&code).err().map(|e| vm.format_traceback(e));
    let mut executors: Vec<ExecutorCounts> = vm
        .tier2
        .executors
        .iter()
        .filter_map(|e| e.upgrade())
        .map(|e| {
            let s = e.stats.borrow();
            (
                e.id,
                s.entered,
                s.iterations,
                s.exits_taken.clone(),
                s.deopts,
                s.errors,
            )
        })
        .collect();
    executors.sort();
    keep(&vm, &log.borrow());
    Run {
        stdout: vm.take_output(),
        error,
        executors,
    }
}

/// Runs `source` both ways.
pub fn run(source: &str, jit: bool) -> Run {
    run_with(source, jit, false, |_, _| {})
}

/// Runs `source` with the uop interpreter and with the JIT, normally and in the stress mode:
/// the interpreter prints `want` (CPython 3.13's output, which the caller recorded), and the
/// JIT's run agrees with the interpreter's in output, error and per-executor counts. Answers
/// the JIT's compilations of each mode: (normal, stress).
pub fn jit_agrees(source: &str, want: &str) -> (Vec<Compiled>, Vec<Compiled>) {
    let mut compiled = (Vec::new(), Vec::new());
    for stress in [false, true] {
        let interpreted = run_with(source, false, stress, |_, _| {});
        let mut kept = Vec::new();
        let jitted = run_with(source, true, stress, |_, c| kept = c.to_vec());
        assert_eq!(interpreted.stdout, want, "stress: {stress}");
        assert_eq!(jitted, interpreted, "stress: {stress}");
        if stress {
            compiled.1 = kept;
        } else {
            compiled.0 = kept;
        }
    }
    compiled
}

/// Asserts that each stencil of `names` was given to at least `at_least` uops (or fused
/// runs) of `compiled`: the program reaches the stencils its test is about. Nothing to
/// check on a build without stencils.
pub fn assert_uses(compiled: &[Compiled], names: &[&str], at_least: usize) {
    if !stencil_jit::supported() {
        return;
    }
    for name in names {
        let used = compiled
            .iter()
            .flat_map(|c| c.stencils.iter())
            .filter(|&s| s == name)
            .count();
        assert!(used >= at_least, "{name}: used {used} times");
    }
}
