//! The eval loop's one unchecked read: the next code unit, and the check that makes it sound.
//!
//! Every instruction the loop runs starts with `units[pc]`. Checked, that read costs a load of
//! the length, a compare and a branch, and, measured, more: the branch to the panic keeps
//! three address computations alive in the dispatch, so the checked head was 23 machine
//! instructions and the unchecked one is 17 (`fib(25)`: 7.8% fewer instructions in all).
//! CPython reads `*next_instr` unchecked too; it trusts its compiler. So do we, with the
//! trust written down and tested:
//!
//! ```text
//!   check_code(code)     when a code object gets its runtime form (`Vm::rt_code`):
//!                        every instruction that can fall through has a next one, every jump
//!                        target and exception handler lies inside the code, and so do every
//!                        instruction's cache entries
//!   fetch(units, pc)     then reads without the bounds check (debug builds still check)
//!   caches(units, i)     likewise, the cache entries of the instruction at `i`
//! ```
//!
//! Why every `pc` the loop dispatches is then in range: `pc` only ever becomes (a) 0, (b) the
//! instruction after one that falls through, (c) a jump target or a `FOR_ITER` exit (the
//! target's `END_FOR` skipped, so target + 1 is checked too), (d) an exception handler,
//! (e) a point recorded earlier from one of these (a generator's resume point, a call's
//! return point, a trace's exit target). Specialization rewrites opcodes within their family
//! (same caches, same jumps) and `ENTER_EXECUTOR` replaces a `JUMP_BACKWARD`, whose executor
//! exits to targets of the same code. The safe spelling, for reading, is `units[pc].get()`.

use std::cell::Cell;

use crate::bytecode::Opcode;
use crate::code::{unit_oparg, unit_opcode, CodeObject};

/// The code unit at `pc` of a code object that passed [`check_code`] (see the module doc for
/// why `pc` is in range; debug builds assert it).
#[allow(unsafe_code)]
#[inline(always)]
pub(crate) fn fetch(units: &[Cell<u16>], pc: usize) -> u16 {
    debug_assert!(pc < units.len(), "pc {pc} past the end ({})", units.len());
    // SAFETY: `units` belongs to a code object checked by `check_code` when its runtime form
    // was made (`Vm::rt_code` refuses any other), and the loop sets `pc` only to the places
    // listed in the module doc, each of which that check proved to be inside `units`.
    unsafe { units.get_unchecked(pc) }.get()
}

/// The first `N` cache units of the instruction at `instr` (units `instr + 1 ..= instr + N`),
/// without bounds checks. The caller is the body of the instruction at `instr` (a fused form:
/// `fused.rs`) and `N` is at most its family's number of cache entries; [`check_code`]
/// proved that every instruction's cache entries lie inside the code. Checked, each read
/// of a form's cache cost a compare and a branch on the slice's range (six machine
/// instructions per `LOAD_ATTR_INSTANCE_VALUE`, of about 65). The safe spelling:
/// `units[instr + 1 + k].get()` for each `k`.
#[allow(unsafe_code)]
#[inline(always)]
pub(crate) fn caches<const N: usize>(units: &[Cell<u16>], instr: usize) -> [u16; N] {
    debug_assert!(
        instr + N < units.len() && N <= unit_opcode(units[instr].get()).deopt().cache_entries(),
        "{N} cache units after {instr} ({} units)",
        units.len()
    );
    std::array::from_fn(|k| {
        // SAFETY: `units` belongs to a code object that passed `check_code` (`Vm::rt_code`
        // makes no runtime form of any other), which proved `i + cache_entries(op) < len` for
        // the instruction at every `i`; `instr` is the instruction whose body runs and
        // `k < N <= cache_entries(op)`, so `instr + 1 + k < len`.
        unsafe { units.get_unchecked(instr + 1 + k) }.get()
    })
}

/// The first cache unit of the instruction at `instr` as a cell, for the instructions that
/// write it as they run (`POP_JUMP_IF_*` shift their branch history into it), without the
/// bounds check: the argument of [`caches`], with `N` = 1. The safe spelling:
/// `&units[instr + 1]`.
#[allow(unsafe_code)]
#[inline(always)]
pub(crate) fn first_cache(units: &[Cell<u16>], instr: usize) -> &Cell<u16> {
    debug_assert!(
        instr + 1 < units.len() && unit_opcode(units[instr].get()).deopt().cache_entries() >= 1,
        "no cache unit after {instr} ({} units)",
        units.len()
    );
    // SAFETY: as in `caches`: `check_code` proved `instr + cache_entries(op) < len` for the
    // instruction at `instr`, whose body is running, and its family has a cache entry.
    unsafe { units.get_unchecked(instr + 1) }
}

/// Whether execution can continue past `op` to the next instruction.
fn falls_through(op: Opcode) -> bool {
    !matches!(
        op,
        Opcode::RETURN_VALUE
            | Opcode::RETURN_CONST
            | Opcode::RAISE_VARARGS
            | Opcode::RERAISE
            | Opcode::JUMP_FORWARD
            | Opcode::JUMP_BACKWARD
            | Opcode::JUMP_BACKWARD_NO_INTERRUPT
    )
}

/// Checks the promise [`fetch`] relies on: every place the loop can move `pc` to within
/// `code` (the next instruction, a jump target, a handler) is a unit of `code`. An error
/// names the first offending instruction (a compiler bug: our compiler is the only source of
/// code objects).
pub fn check_code(code: &CodeObject) -> Result<(), String> {
    let units = &code.code;
    let len = units.len();
    if len == 0 {
        return Err("no instructions".into());
    }
    let mut extended: u32 = 0;
    let mut i = 0;
    while i < len {
        let op = unit_opcode(units[i]).deopt();
        let arg = u32::from(unit_oparg(units[i])) | extended;
        extended = if op == Opcode::EXTENDED_ARG {
            arg << 8
        } else {
            0
        };
        let next = i + 1 + op.cache_entries();
        // The instruction's own cache entries (`caches` reads them unchecked).
        if next > len {
            return Err(format!(
                "{} at unit {i} has its caches past the end",
                op.name()
            ));
        }
        if falls_through(op) && next >= len {
            return Err(format!("{} at unit {i} runs past the end", op.name()));
        }
        if op.is_jump() {
            let target = if op.is_backward_jump() {
                next.checked_sub(arg as usize)
            } else {
                next.checked_add(arg as usize)
            };
            // A `FOR_ITER` that ends continues after its target's `END_FOR`.
            let last = match target {
                Some(t) if op == Opcode::FOR_ITER => t.checked_add(1),
                t => t,
            };
            if last.is_none_or(|t| t >= len) {
                return Err(format!("{} at unit {i} jumps outside the code", op.name()));
            }
        }
        i = next;
    }
    if let Some(e) = code
        .exception_table
        .iter()
        .find(|e| e.target as usize >= len)
    {
        return Err(format!(
            "an exception handler at unit {} is past the end",
            e.target
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::code_unit;

    fn code_of(source: &str) -> std::rc::Rc<CodeObject> {
        crate::compile::compile(source, "<test>").expect("compiles")
    }

    /// Every code object the compiler makes for a varied program passes.
    #[test]
    fn compiled_code_passes() {
        let src = "def f(n):\n    t = 0\n    for i in range(n):\n        if i % 2:\n            continue\n        t += i\n    try:\n        1 / 0\n    except ZeroDivisionError:\n        t -= 1\n    while t > 100:\n        t //= 2\n    return [x for x in range(t)]\nprint(f(10))\n";
        let module = code_of(src);
        let mut stack = vec![module];
        while let Some(code) = stack.pop() {
            assert_eq!(check_code(&code), Ok(()), "{}", code.qualname);
            for c in &code.consts {
                if let crate::code::Const::Code(inner) = c {
                    stack.push(inner.clone());
                }
            }
        }
    }

    /// A stream that falls off its end, or jumps outside, is refused.
    #[test]
    fn bad_streams_are_refused() {
        let module = code_of("x = 1\n");
        let mut falls = (*module).clone();
        falls.code = vec![code_unit(Opcode::NOP, 0)];
        assert!(check_code(&falls)
            .unwrap_err()
            .contains("runs past the end"));
        let mut jumps = (*module).clone();
        jumps.code = vec![code_unit(Opcode::JUMP_FORWARD, 5)];
        assert!(check_code(&jumps).unwrap_err().contains("jumps outside"));
        let mut back = (*module).clone();
        back.code = vec![code_unit(Opcode::JUMP_BACKWARD, 9), 0];
        assert!(check_code(&back).unwrap_err().contains("jumps outside"));
    }
}
