//! `stencil_jit::teach`, the notebook's entry point: a trace patched by hand (here, by the
//! test's own copy-and-patch, written from the relocation formulas) runs when it is the JIT's
//! byte for byte, and is refused, with the place of the first difference, when it is not; the
//! program's output is the same either way.

use stencil_jit::stencil::{HoleKind, Symbol};
use stencil_jit::teach::{self, Blank, Outcome};

const LOOP: &str = "
def total(n):
    t = 0
    for i in range(n):
        t = t + i
    return t
print(total(100))
";

/// Copy-and-patch from the formulas: Abs64 = S + A, Rel32 = S + A - P.
fn by_hand(blank: &Blank) -> Vec<u8> {
    let mut offsets = vec![0];
    for st in &blank.stencils {
        offsets.push(offsets.last().copied().unwrap_or(0) + st.code.len());
    }
    let mut code = Vec::new();
    for st in &blank.stencils {
        code.extend_from_slice(st.code);
    }
    for (i, (st, uop)) in blank.stencils.iter().zip(&blank.uops).enumerate() {
        for hole in st.holes {
            let at = offsets[i] + hole.offset as usize;
            let s: i64 = match hole.symbol {
                Symbol::Index => i as i64,
                Symbol::Operand => uop.operand.int() as i64,
                Symbol::Helper => blank.helper as i64,
                Symbol::Valid => blank.valid as i64,
                Symbol::Continue => offsets[i + 1] as i64,
                Symbol::JumpTarget => offsets[usize::from(uop.jump_target)] as i64,
                Symbol::ErrorTarget => offsets[usize::from(uop.error_target)] as i64,
                Symbol::Top => offsets[1] as i64,
            };
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
        let at: usize = blank.stencils[..index]
            .iter()
            .map(|s| s.code.len())
            .sum::<usize>()
            + blank.stencils[index].holes[0].offset as usize;
        code[at..at + 4].copy_from_slice(&[0; 4]);
        code
    };
    let run = teach::run(LOOP, Box::new(forgetful)).expect("runs");
    assert_eq!(run.output, "4950\n", "the uop interpreter ran the executor");
    match &run.outcomes[..] {
        [Outcome::Refused {
            uop,
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
