//! `Stats::record` rebuilds the pystats table from observer events: counted from every event
//! of a run, it must equal the table the VM keeps itself (`VmOptions::stats`). This is what lets
//! `explain specialize --function NAME` show the counts of one function only, and the test keeps
//! the two ways of counting from drifting apart when a family or a counter is added.

use tracer::observe::{SharedRecorder, Stats};
use tracer::vm::{with_big_stack, Vm, VmOptions};

/// Runs `source` with both the VM's counters and a recorder; returns (the VM's table, the table
/// rebuilt from the events).
fn both_tables(source: &'static str) -> (Stats, Stats) {
    with_big_stack(move || {
        let code = tracer::compile::compile(source, "<test>").expect("compiles");
        let recorder = SharedRecorder::default();
        let mut vm = Vm::new(VmOptions {
            specialize: true,
            stats: true,
            capture_output: true,
            ..Default::default()
        });
        vm.set_observer(Box::new(recorder.clone()));
        // Whether the program ends in an exception or not, the counts so far must agree.
        let _ = vm.run_module(&code);
        let mut rebuilt = Stats::default();
        for event in recorder.0.borrow().iter() {
            rebuilt.record(event);
        }
        (vm.stats.clone(), rebuilt)
    })
}

fn check(source: &'static str) {
    let (kept, rebuilt) = both_tables(source);
    assert!(!kept.families.is_empty(), "the program specializes nothing");
    assert_eq!(
        kept,
        rebuilt,
        "\nkept:\n{}\nrebuilt:\n{}",
        kept.table(),
        rebuilt.table()
    );
}

#[test]
fn hits_deopts_and_respecialization() {
    // One `+` site fed ints, then floats: hits, 52 deopts, a re-specialization.
    check(
        "def walk(n, switch):\n    x = 0\n    step = 1\n    for i in range(n):\n        \
         if i == switch:\n            x = 0.0\n            step = 0.5\n        x = x + step\n    \
         return x\nprint(walk(70, 10))\n",
    );
}

#[test]
fn failures_and_backoff() {
    // int * float fits no BINARY_OP form: failed attempts, each with its reason.
    check("def halves(n):\n    t = 0.0\n    for i in range(n):\n        t = t + i * 0.5\n    return t\nprint(halves(300))\n");
}

#[test]
fn calls_attributes_and_a_program_that_raises() {
    check(
        "class P:\n    def __init__(self, x):\n        self.x = x\n    def get(self):\n        \
         return self.x\nps = [P(i) for i in range(40)]\ntotal = 0\nfor p in ps:\n    \
         total += p.get() + p.x\nprint(total)\nps[0].missing\n",
    );
}
