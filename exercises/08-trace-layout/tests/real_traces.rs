//! Exercise 08 against the real thing: the project's stencils and the executors its JIT
//! compiled for three programs (Fibonacci, `book/src/examples/backoff.py`, `side_exit.py`).
//! Your layout must put every uop and every slow path where the JIT did, every hole must get
//! the value the JIT gave it, and the assembled trace must be the JIT's, byte for byte.

mod support;

use ex08_trace_layout::{assemble, hole_value, layout, slow_paths, Value};

#[test]
fn offsets_are_the_jits() {
    let data = support::load();
    for c in &data.compiled {
        let sizes: Vec<usize> = c
            .executor
            .uops
            .iter()
            .map(|u| {
                data.stencils
                    .iter()
                    .find(|s| s.name == u.stencil)
                    .map_or(0, |s| s.code.len())
            })
            .collect();
        let offsets = layout(&sizes);
        assert_eq!(offsets, c.offsets, "{}", c.title);
        let has_slow: Vec<bool> = c
            .executor
            .uops
            .iter()
            .map(|u| {
                data.stencils
                    .iter()
                    .find(|s| s.name == u.stencil)
                    .is_some_and(|s| s.has_slow_path())
            })
            .collect();
        let helper_len = data
            .stencils
            .iter()
            .find(|s| s.name == "helper")
            .map_or(0, |s| s.code.len());
        let slow = slow_paths(&has_slow, offsets[sizes.len()], helper_len);
        assert_eq!(slow, c.slow, "{}: the slow paths", c.title);
    }
}

#[test]
fn every_hole_gets_the_jits_value() {
    let data = support::load();
    let mut checked = 0;
    for c in &data.compiled {
        for p in &c.patches {
            let got = match hole_value(p.symbol, p.uop, &c.executor) {
                Value::Absolute(v) => v,
                Value::Uop(to) => c.offsets[to] as u64,
                Value::SlowPath(of) => c
                    .slow
                    .iter()
                    .find(|&&(u, _)| u == of)
                    .map_or(u64::MAX, |&(_, at)| at as u64),
            };
            assert_eq!(
                got,
                p.value,
                "{}: uop {} ({}), {}hole +{:#x} {:?}",
                c.title,
                p.uop,
                c.executor.uops[p.uop].name,
                if p.slow { "slow path " } else { "" },
                p.offset,
                p.symbol
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} holes");
}

#[test]
fn every_trace_is_assembled_byte_for_byte() {
    let data = support::load();
    assert!(data.compiled.len() >= 4);
    for c in &data.compiled {
        let code =
            assemble(&c.executor, &data.stencils).unwrap_or_else(|e| panic!("{}: {e:?}", c.title));
        if let Some(at) = code.iter().zip(&c.code).position(|(a, b)| a != b) {
            let (uop, where_) = match c.slow.iter().rev().find(|&&(_, s)| s <= at) {
                Some(&(uop, _)) => (uop, "the slow path of "),
                None => (c.offsets.iter().rposition(|&o| o <= at).unwrap_or(0), ""),
            };
            panic!(
                "{}: first difference at byte {at:#x}, in {where_}uop {uop} ({})",
                c.title, c.executor.uops[uop].name
            );
        }
        assert_eq!(code.len(), c.code.len(), "{}", c.title);
    }
}
