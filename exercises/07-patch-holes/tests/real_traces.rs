//! Exercise 07 against the real thing: the project's stencils, and the executors its JIT
//! compiled for three programs (Fibonacci, `book/src/examples/backoff.py` and
//! `side_exit.py`). Each trace is rebuilt from the stencils: copy each uop's stencil to the
//! uop's offset, patch every hole with your functions and the value the JIT used, and compare
//! with the finished code, byte for byte.

mod support;

use ex07_patch_holes::patch;

#[test]
fn every_trace_is_rebuilt_byte_for_byte() {
    let data = support::load();
    assert!(data.executors.len() >= 4, "the data holds the executors");
    let mut holes = 0;
    for exec in &data.executors {
        let mut code = vec![0u8; exec.code.len()];
        for (index, uop) in exec.uops.iter().enumerate() {
            let stencil = data.stencil(&uop.stencil);
            code[uop.offset..uop.offset + stencil.code.len()].copy_from_slice(&stencil.code);
            for hole in &stencil.holes {
                let value = exec
                    .patches
                    .iter()
                    .find(|p| p.uop == index && p.offset == hole.offset)
                    .unwrap_or_else(|| {
                        panic!("{}: uop {index} has no value for its hole", exec.title)
                    })
                    .value;
                let at = uop.offset + hole.offset;
                patch(&mut code, at, hole.kind, value, hole.addend).unwrap_or_else(|e| {
                    panic!(
                        "{}: uop {index}: patching {} failed: {e:?}",
                        exec.title, hole.symbol
                    )
                });
                let width = match hole.kind {
                    ex07_patch_holes::HoleKind::Abs64 => 8,
                    ex07_patch_holes::HoleKind::Rel32 => 4,
                };
                assert_eq!(
                    code[at..at + width],
                    exec.code[at..at + width],
                    "{}: uop {index} ({}, stencil {}), hole +{:#x} {} {:?} with S = {value:#x}, addend {}",
                    exec.title,
                    uop.name,
                    stencil.name,
                    hole.offset,
                    hole.symbol,
                    hole.kind,
                    hole.addend
                );
                holes += 1;
            }
        }
        assert_eq!(code, exec.code, "{}: the whole trace", exec.title);
    }
    assert!(holes > 100, "{holes} holes patched");
}
