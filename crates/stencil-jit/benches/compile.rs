//! Compile speed of the copy-and-patch JIT, steady state: the executors tier 2 builds for
//! `benches/vm/nbody.py` that are still alive when it ends (5 of its 15 traces, 573 uops)
//! compiled again and again.
//!
//! Two measurements per round, both reported per uop (criterion's "elements"):
//! - `copy_and_patch`: laying out, copying the stencils and patching their holes, the work
//!   the technique is about (the time `stencil_jit::compile` reports as `patch_nanos`);
//! - `whole`: everything `compile` does, including getting fresh pages (a page fault each)
//!   and the `mprotect` that makes them executable.
//!
//! `explain run --jit --stats` shows the same two figures for one real run, where every
//! compilation is a first one (cold caches); these are the warm figures.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tracer::vm::{Vm, VmOptions};

fn executors() -> (Vm, Vec<std::rc::Rc<tracer::executor::Executor>>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../benches/vm/nbody.py");
    let source = std::fs::read_to_string(path).expect("benches/vm/nbody.py");
    let code = tracer::compile::compile(&source, "nbody.py").expect("nbody compiles");
    let mut vm = Vm::new(VmOptions {
        capture_output: true,
        tier2: true,
        ..VmOptions::default()
    });
    vm.run_module(&code).expect("nbody runs");
    let execs = vm
        .tier2
        .executors
        .iter()
        .filter_map(|e| e.upgrade())
        .collect();
    (vm, execs)
}

fn compile(c: &mut Criterion) {
    if !stencil_jit::supported() {
        eprintln!("{}", stencil_jit::NOTICE);
        return;
    }
    let _jit = stencil_jit::Jit::default(); // builds the stencil tables
    let (_vm, execs) = executors();
    let uops: usize = execs.iter().map(|e| e.uops.len()).sum();
    let mut group = c.benchmark_group("compile");
    group.throughput(Throughput::Elements(uops as u64));
    group.bench_function("copy_and_patch", |b| {
        b.iter_custom(|rounds| {
            let mut nanos = 0;
            for _ in 0..rounds {
                for e in &execs {
                    let (trace, _) = stencil_jit::compile(e, false).expect("compiles");
                    nanos += trace.patch_nanos;
                }
            }
            Duration::from_nanos(nanos)
        });
    });
    group.bench_function("whole", |b| {
        b.iter(|| {
            for e in &execs {
                let (trace, _) = stencil_jit::compile(e, false).expect("compiles");
                std::hint::black_box(&trace);
            }
        });
    });
    group.finish();
}

criterion_group!(benches, compile);
criterion_main!(benches);
