//! `stencil_jit::teach`, the notebook's entry point: a trace patched by hand (here, by the
//! test's own copy-and-patch, written from the relocation formulas) runs when it is the JIT's
//! byte for byte, and is refused, with the place of the first difference, when it is not; the
//! program's output is the same either way.

use stencil_jit::patch;
use stencil_jit::stencil::{HoleKind, Stencil, Symbol};
use stencil_jit::teach::{self, Blank, Outcome};

const LOOP: &str = "
def total(n):
    t = 0
    for i in range(n):
        t = t + i
    return t
print(total(100))
";

/// The value a hole of uop `i` stands for (for jumps: the offset the jump lands on).
fn hole_value(blank: &Blank, i: usize, symbol: Symbol) -> i64 {
    let uop = &blank.uops[i];
    let offset = |to: usize| blank.layout.offsets[to] as i64;
    match symbol {
        Symbol::Index => i as i64,
        Symbol::Operand => uop.operand.int() as i64,
        Symbol::Oparg => i64::from(uop.oparg),
        Symbol::Count => i64::from(blank.layout.counts[i]),
        Symbol::ConstTag => blank.constants[i].0 as i64,
        Symbol::ConstPayload => blank.constants[i].1 as i64,
        // A fused stencil reads the operands of the uops it covers.
        Symbol::OperandPlus1 => blank.uops[i + 1].operand.int() as i64,
        Symbol::OperandPlus2 => blank.uops[i + 2].operand.int() as i64,
        Symbol::OperandPlus3 => blank.uops[i + 3].operand.int() as i64,
        Symbol::Helper => blank.helper as i64,
        Symbol::Incref => blank.incref as i64,
        Symbol::Decref => blank.decref as i64,
        Symbol::Valid => blank.valid as i64,
        Symbol::Continue => offset(i + 1),
        Symbol::JumpTarget => offset(usize::from(uop.jump_target)),
        Symbol::ErrorTarget => offset(usize::from(uop.error_target)),
        Symbol::Top => offset(1),
        Symbol::Slow => blank.layout.slow_at(i).expect("a slow path") as i64,
    }
}

/// Copies `st` to `base` and patches its holes as uop `i`'s: Abs64 = S + A,
/// Rel32 = S + A - P.
fn copy_and_patch(code: &mut [u8], blank: &Blank, i: usize, st: &Stencil, base: usize) {
    code[base..base + st.code.len()].copy_from_slice(st.code);
    for hole in st.holes {
        let at = base + hole.offset as usize;
        let s = hole_value(blank, i, hole.symbol);
        match hole.kind {
            HoleKind::Abs64 => {
                let v = s.wrapping_add(hole.addend);
                code[at..at + 8].copy_from_slice(&v.to_le_bytes());
            }
            HoleKind::Rel32 => {
                let v = (s + hole.addend - at as i64) as i32;
                code[at..at + 4].copy_from_slice(&v.to_le_bytes());
            }
        }
    }
}

/// Copy-and-patch by hand on the JIT's layout: the hot stencils, then each slow path (the
/// helper stencil patched as its uop's, then `jmp` back to the next uop).
fn by_hand(blank: &Blank) -> Vec<u8> {
    let mut code = vec![0u8; blank.layout.size()];
    for (i, st) in blank.stencils.iter().enumerate() {
        copy_and_patch(&mut code, blank, i, st, blank.layout.offsets[i]);
    }
    for &(i, base) in &blank.layout.slow {
        copy_and_patch(&mut code, blank, i, blank.helper_stencil, base);
        let end = base + blank.helper_stencil.code.len();
        let back = blank.layout.offsets[i + 1] as i64 - (end + patch::JMP_LEN) as i64;
        code[end] = patch::JMP_REL32;
        code[end + 1..end + patch::JMP_LEN].copy_from_slice(&(back as i32).to_le_bytes());
    }
    code
}

#[test]
fn a_correct_hand_patched_trace_runs() {
    let run = teach::run(LOOP, Box::new(by_hand)).expect("runs");
    assert_eq!(run.output, "4950\n");
    assert_eq!(run.error, None);
    if !stencil_jit::supported() {
        assert!(matches!(run.outcomes[..], [Outcome::Declined { .. }]));
        return;
    }
    assert!(
        matches!(run.outcomes[..], [Outcome::Ran { executor: 0, bytes }] if bytes > 0),
        "{:?}",
        run.outcomes
    );
    // The loop ran in the machine code.
    assert!(run
        .executions
        .iter()
        .any(|&(_, entered, iterations)| entered == 1 && iterations > 50));
}

#[test]
fn a_wrong_byte_is_refused_and_the_uop_interpreter_runs_instead() {
    if !stencil_jit::supported() {
        return;
    }
    // Forget `_JUMP_TO_TOP`'s jump back: leave its hole as the stencil has it (zeros).
    let seen = std::rc::Rc::new(std::cell::Cell::new(usize::MAX));
    let seen_in = seen.clone();
    let forgetful = move |blank: &Blank| {
        let mut code = by_hand(blank);
        let index = blank
            .uops
            .iter()
            .position(|u| u.uop.name() == "_JUMP_TO_TOP")
            .expect("a loop");
        seen_in.set(index);
        let hole = blank.stencils[index]
            .holes
            .iter()
            .find(|h| h.symbol == Symbol::Top)
            .expect("a jump to the top");
        let at = blank.layout.offsets[index] + hole.offset as usize;
        code[at..at + 4].copy_from_slice(&[0; 4]);
        code
    };
    let run = teach::run(LOOP, Box::new(forgetful)).expect("runs");
    assert_eq!(run.output, "4950\n", "the uop interpreter ran the executor");
    match &run.outcomes[..] {
        [Outcome::Refused {
            uop,
            slow: false,
            got: Some(0),
            expected: Some(e),
            ..
        }] => {
            assert_ne!(*e, 0);
            assert_eq!(run.executions.len(), 1);
            assert_eq!(*uop, seen.get(), "the difference is in _JUMP_TO_TOP's code");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_wrong_slow_path_is_refused_and_named() {
    if !stencil_jit::supported() {
        return;
    }
    // Forget the `jmp` back at the end of the first slow path (`t + i` overflowing).
    let forgetful = |blank: &Blank| {
        let mut code = by_hand(blank);
        let &(_, base) = blank.layout.slow.first().expect("a slow path");
        code[base + blank.helper_stencil.code.len()] = 0x90;
        code
    };
    let run = teach::run(LOOP, Box::new(forgetful)).expect("runs");
    assert_eq!(run.output, "4950\n");
    match &run.outcomes[..] {
        [Outcome::Refused {
            slow: true,
            expected: Some(0xE9),
            got: Some(0x90),
            ..
        }] => {}
        other => panic!("{other:?}"),
    }
}
