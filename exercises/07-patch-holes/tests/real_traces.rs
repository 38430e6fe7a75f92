//! Exercise 07 against the real thing: the project's stencils, and the executors its JIT
//! compiled for three programs (Fibonacci, `book/src/examples/backoff.py` and
//! `side_exit.py`). Each trace is rebuilt from the stencils: copy each uop's stencil to the
//! uop's offset, patch every hole with your functions and the value the JIT used, then each
//! slow path after the trace (the `helper` stencil patched for its uop, and a `jmp` back),
//! and compare with the finished code, byte for byte.

mod support;

use ex07_patch_holes::{patch, HoleKind};

/// Copies `stencil` to `base` and patches its holes with the values the JIT used for uop
/// `index` (in its slow path when `slow`); returns how many holes it patched.
fn rebuild(
    code: &mut [u8],
    exec: &support::Executor,
    index: usize,
    stencil: &support::Stencil,
    base: usize,
    slow: bool,
) -> usize {
    code[base..base + stencil.code.len()].copy_from_slice(&stencil.code);
    for hole in &stencil.holes {
        let value = exec
            .patches
            .iter()
            .find(|p| p.uop == index && p.offset == hole.offset && p.slow == slow)
            .unwrap_or_else(|| panic!("{}: uop {index} has no value for its hole", exec.title))
            .value;
        let at = base + hole.offset;
        patch(code, at, hole.kind, value, hole.addend).unwrap_or_else(|e| {
            panic!(
                "{}: uop {index}: patching {} failed: {e:?}",
                exec.title, hole.symbol
            )
        });
        let width = match hole.kind {
            ex07_patch_holes::HoleKind::Abs64 => 8,
            ex07_patch_holes::HoleKind::Rel32 => 4,
        };
        let where_ = if slow { "slow path" } else { "stencil" };
        assert_eq!(
            code[at..at + width],
            exec.code[at..at + width],
            "{}: uop {index} ({}, {where_} {}), hole +{:#x} {} {:?} with S = {value:#x}, addend {}",
            exec.title,
            exec.uops[index].name,
            stencil.name,
            hole.offset,
            hole.symbol,
            hole.kind,
            hole.addend
        );
    }
    stencil.holes.len()
}

#[test]
fn every_trace_is_rebuilt_byte_for_byte() {
    let data = support::load();
    assert!(data.executors.len() >= 4, "the data holds the executors");
    let helper = data.stencil("helper");
    let mut holes = 0;
    let mut slow_paths = 0;
    for exec in &data.executors {
        let mut code = vec![0u8; exec.code.len()];
        for (index, uop) in exec.uops.iter().enumerate() {
            let stencil = data.stencil(&uop.stencil);
            holes += rebuild(&mut code, exec, index, stencil, uop.offset, false);
            // The slow path: the helper stencil patched for this uop, then `jmp rel32` back
            // to the next uop (a Rel32 with addend -4 whose place is just after the opcode).
            if let Some(base) = uop.slow {
                holes += rebuild(&mut code, exec, index, helper, base, true);
                let end = base + helper.code.len();
                code[end] = 0xe9;
                let next = exec.uops[index + 1].offset as u64;
                patch(&mut code, end + 1, HoleKind::Rel32, next, -4).expect("a short jump");
                slow_paths += 1;
            }
        }
        assert_eq!(code, exec.code, "{}: the whole trace", exec.title);
    }
    assert!(holes > 100, "{holes} holes patched");
    assert!(slow_paths > 10, "{slow_paths} slow paths");
}
