//! Exercise 07, one rule at a time, on bytes you can check by hand. `real_traces.rs` then
//! rebuilds whole traces the project's JIT compiled.

use ex07_patch_holes::{patch, patch_abs64, patch_rel32, HoleKind, PatchError};

#[test]
fn abs64_writes_eight_little_endian_bytes() {
    // `movabs rax, imm64` is 48 b8 followed by the immediate: the hole is at offset 2.
    let mut code = vec![0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xc3];
    patch_abs64(&mut code, 2, 0x1122_3344_5566_7788, 0).unwrap();
    assert_eq!(
        code,
        [0x48, 0xb8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0xc3]
    );
}

#[test]
fn abs64_adds_the_addend() {
    let mut code = vec![0; 8];
    patch_abs64(&mut code, 0, 10, -3).unwrap();
    assert_eq!(code, 7u64.to_le_bytes());
    patch_abs64(&mut code, 0, 0x1000, 0x20).unwrap();
    assert_eq!(code, 0x1020u64.to_le_bytes());
}

#[test]
fn abs64_wraps_like_a_linker() {
    let mut code = vec![0; 8];
    patch_abs64(&mut code, 0, u64::MAX, 1).unwrap();
    assert_eq!(code, [0; 8]);
    patch_abs64(&mut code, 0, 0, -1).unwrap();
    assert_eq!(code, [0xff; 8]);
}

#[test]
fn rel32_to_the_next_instruction_is_zero() {
    // `jmp rel32` (e9 + 4 bytes) at offset 0; the next code starts at 5. The processor adds
    // the displacement to the end of the instruction, hence the addend -4.
    let mut code = vec![0xe9, 0xaa, 0xaa, 0xaa, 0xaa, 0x90];
    assert_eq!(patch_rel32(&mut code, 1, 5, -4), Ok(0));
    assert_eq!(code, [0xe9, 0, 0, 0, 0, 0x90]);
}

#[test]
fn rel32_forward_and_backward() {
    let mut code = vec![0; 0x300];
    // A jump to a stub further on.
    assert_eq!(patch_rel32(&mut code, 0x14, 0x29f, -4), Ok(0x287));
    assert_eq!(code[0x14..0x18], [0x87, 0x02, 0, 0]);
    // `_JUMP_TO_TOP` at 0x296 back to uop 1 at 0x18 (the worked example in src/lib.rs).
    assert_eq!(patch_rel32(&mut code, 0x29b, 0x18, -4), Ok(-647));
    assert_eq!(code[0x29b..0x29f], [0x79, 0xfd, 0xff, 0xff]);
}

#[test]
fn rel32_that_does_not_fit_is_refused_and_nothing_is_written() {
    let mut code = vec![0x5a; 16];
    let far = 3usize << 31;
    assert_eq!(
        patch_rel32(&mut code, 4, far, -4),
        Err(PatchError::TooFar {
            displacement: far as i64 - 8
        })
    );
    assert_eq!(code, [0x5a; 16]);
}

#[test]
fn a_hole_past_the_end_is_refused_and_nothing_is_written() {
    let mut code = vec![0x5a; 10];
    assert_eq!(
        patch_abs64(&mut code, 3, 1, 0),
        Err(PatchError::OutOfBounds {
            at: 3,
            width: 8,
            len: 10
        })
    );
    assert_eq!(
        patch_rel32(&mut code, 7, 0, -4),
        Err(PatchError::OutOfBounds {
            at: 7,
            width: 4,
            len: 10
        })
    );
    assert_eq!(
        patch_abs64(&mut code, usize::MAX - 2, 1, 0),
        Err(PatchError::OutOfBounds {
            at: usize::MAX - 2,
            width: 8,
            len: 10
        })
    );
    assert_eq!(code, [0x5a; 10]);
}

#[test]
fn patch_picks_the_formula_by_kind() {
    let mut code = vec![0; 12];
    patch(&mut code, 0, HoleKind::Abs64, 0xabcd, 0).unwrap();
    patch(&mut code, 8, HoleKind::Rel32, 12, -4).unwrap();
    assert_eq!(code, [0xcd, 0xab, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
}
