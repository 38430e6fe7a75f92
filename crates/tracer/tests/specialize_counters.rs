//! The counter schedule seen through the observer: warmup, cooldown, deopts counting down,
//! exponential backoff after failed attempts — CPython 3.13's numbers.

use tracer::bytecode::Opcode;
use tracer::observe::{Event, SharedRecorder};
use tracer::vm::{with_big_stack, Vm, VmOptions};

/// Runs `source` with a recorder attached; returns the events of function `func`.
fn events(source: &'static str, func: &'static str) -> Vec<Event> {
    with_big_stack(move || {
        let code = tracer::compile::compile(source, "<test>").expect("compiles");
        let rec = SharedRecorder::default();
        let mut vm = Vm::new(VmOptions {
            capture_output: true,
            ..VmOptions::default()
        });
        vm.set_observer(Box::new(rec.clone()));
        vm.run_module(&code)
            .map_err(|e| format!("{e:?}"))
            .expect("runs");
        let all = rec.0.borrow().clone();
        all.into_iter()
            .filter(|e| match e {
                Event::Tick { site, .. }
                | Event::Attempt { site, .. }
                | Event::Success { site, .. }
                | Event::Failure { site, .. }
                | Event::Deopt { site, .. }
                | Event::Hit { site, .. } => site.qualname == func,
            })
            .collect()
    })
}

/// Execution numbers (1-based) of one instruction family at which an attempt happened.
fn attempt_runs(events: &[Event], family: Opcode) -> Vec<usize> {
    let mut run = 0;
    let mut out = Vec::new();
    let mut open = false;
    for e in events {
        match e {
            Event::Tick { family: f, .. } if *f == family => {
                if !open {
                    run += 1;
                }
                open = false;
            }
            Event::Attempt { family: f, .. } if *f == family => {
                run += 1;
                out.push(run);
                open = true;
            }
            Event::Hit { form, .. } if form.deopt() == family => {
                if !open {
                    run += 1;
                }
                open = false;
            }
            _ => {}
        }
    }
    out
}

#[test]
fn failed_attempts_back_off_exponentially() {
    // int + float never specializes: attempts at executions 2, 5, 12, 27, 58, 121, 248.
    let ev = events(
        "def f(x, y):\n    return x + y\n\nfor i in range(300):\n    f(1, 2.0)\n",
        "f",
    );
    assert_eq!(
        attempt_runs(&ev, Opcode::BINARY_OP),
        [2, 5, 12, 27, 58, 121, 248]
    );
    let failures: Vec<u16> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Failure { counter, .. } => Some(tracer::specialize::counter::value(*counter)),
            _ => None,
        })
        .collect();
    assert_eq!(failures, [3, 7, 15, 31, 63, 127, 255]);
}

#[test]
fn deopts_count_down_from_the_cooldown_then_respecialize() {
    let ev = events(
        "def f(x, y):\n    return x + y\n\nfor i in range(2):\n    f(1, 2)\nfor i in range(60):\n    f(1.5, 2.5)\n",
        "f",
    );
    let forms: Vec<Opcode> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Success { form, family, .. } if *family == Opcode::BINARY_OP => Some(*form),
            _ => None,
        })
        .collect();
    assert_eq!(
        forms,
        [Opcode::BINARY_OP_ADD_INT, Opcode::BINARY_OP_ADD_FLOAT]
    );
    let deopts = ev
        .iter()
        .filter(|e| matches!(e, Event::Deopt { form, .. } if *form == Opcode::BINARY_OP_ADD_INT))
        .count();
    // 52 deopts tick the cooldown (52) down to 0; the 53rd re-specializes.
    assert_eq!(deopts, 53);
}

#[test]
fn stats_count_successes_hits_deopts_and_deferred_runs() {
    let stats = with_big_stack(|| {
        let src = "def f(x, y):\n    return x + y\n\nfor i in range(2):\n    f(1, 2)\nfor i in range(60):\n    f(1.5, 2.5)\n";
        tracer::vm::run_source(
            src,
            "<test>",
            VmOptions {
                stats: true,
                ..VmOptions::default()
            },
        )
        .expect("compiles")
        .stats
    });
    let b = &stats.families["BINARY_OP"];
    // run 1 deferred; run 2 specializes (+ its hit); 52 deopts tick the cooldown down
    // (deferred); the 53rd deopt re-specializes to ADD_FLOAT (+ hit); 7 more hits.
    assert_eq!(
        (b.success, b.failure, b.deopt, b.deferred, b.hit),
        (2, 0, 53, 53, 9)
    );
}

#[test]
fn no_specialize_leaves_the_code_generic() {
    let generic = with_big_stack(|| {
        let code = tracer::compile::compile(
            "def f(x):\n    return x + 1\nfor i in range(10):\n    f(i)\n",
            "<t>",
        )
        .expect("compiles");
        let mut vm = Vm::new(VmOptions {
            specialize: false,
            capture_output: true,
            ..VmOptions::default()
        });
        vm.run_module(&code)
            .map_err(|e| format!("{e:?}"))
            .expect("runs");
        code.walk()
            .iter()
            .all(|c| vm.adaptive_code(c).is_some_and(|u| u == c.code))
    });
    assert!(generic);
}
