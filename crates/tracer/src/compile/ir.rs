//! The compiler's instruction form before assembly: opcodes that may be pseudo-instructions
//! (CPython's `JUMP`, `SETUP_FINALLY`, `POP_BLOCK`, ...), opargs not yet split into
//! `EXTENDED_ARG`s, jump targets as labels, and a source location per instruction.

use crate::bytecode::Opcode;

/// An instruction's opcode: a real one (< 256) or one of CPython's pseudo-opcodes (>= 256).
pub type Op = u16;

/// Unconditional jump; becomes JUMP_FORWARD or JUMP_BACKWARD.
pub const JUMP: Op = 256;
/// Unconditional jump without an eval-breaker check; becomes JUMP_FORWARD or
/// JUMP_BACKWARD_NO_INTERRUPT.
pub const JUMP_NO_INTERRUPT: Op = 257;
/// `LOAD_FAST` of a cell for building a closure tuple; its oparg is fixed up at the end.
pub const LOAD_CLOSURE: Op = 258;
/// Ends the innermost SETUP_* region.
pub const POP_BLOCK: Op = 263;
/// Like SETUP_FINALLY but the handler also receives `lasti`.
pub const SETUP_CLEANUP: Op = 264;
/// Pushes an exception handler for the following instructions.
pub const SETUP_FINALLY: Op = 265;
pub const SETUP_WITH: Op = 266;
/// A STORE_FAST that may store NULL (restoring an inlined comprehension's variable).
pub const STORE_FAST_MAYBE_NULL: Op = 267;

/// The real opcode as an `Op`.
pub const fn real(op: Opcode) -> Op {
    op.0 as Op
}

/// A jump target inside one code unit. Invariant: labels are dense small integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Label(pub u32);

/// Source span of an instruction; `line == -1` means "no location" (filled in by the
/// line-number passes, as CPython's NO_LOCATION).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    pub line: i32,
    pub end_line: i32,
    pub col: i32,
    pub end_col: i32,
}

impl Loc {
    pub const NONE: Loc = Loc {
        line: -1,
        end_line: -1,
        col: -1,
        end_col: -1,
    };
}

/// One instruction in a basic block.
#[derive(Clone, Copy, Debug)]
pub struct Instr {
    pub op: Op,
    pub arg: u32,
    /// Jump or handler target (a block index after CFG construction).
    pub target: Option<usize>,
    pub loc: Loc,
    /// The exception handler block covering this instruction (set by label_exception_targets).
    pub except: Option<usize>,
}

pub fn is_pseudo(op: Op) -> bool {
    op >= 256
}

pub fn opcode(op: Op) -> Opcode {
    debug_assert!(!is_pseudo(op));
    Opcode(op as u8)
}

pub fn is_block_push(op: Op) -> bool {
    matches!(op, SETUP_FINALLY | SETUP_CLEANUP | SETUP_WITH)
}

pub fn is_unconditional_jump(op: Op) -> bool {
    op == JUMP
        || op == JUMP_NO_INTERRUPT
        || op == real(Opcode::JUMP_FORWARD)
        || op == real(Opcode::JUMP_BACKWARD)
        || op == real(Opcode::JUMP_BACKWARD_NO_INTERRUPT)
}

pub fn is_jump(op: Op) -> bool {
    op == JUMP || op == JUMP_NO_INTERRUPT || (!is_pseudo(op) && opcode(op).is_jump())
}

pub fn has_target(op: Op) -> bool {
    is_jump(op) || is_block_push(op)
}

/// Instructions after which control never falls through.
pub fn is_scope_exit(op: Op) -> bool {
    [
        Opcode::RETURN_VALUE,
        Opcode::RETURN_CONST,
        Opcode::RAISE_VARARGS,
        Opcode::RERAISE,
    ]
    .iter()
    .any(|o| real(*o) == op)
}

/// Instructions that end a basic block.
pub fn is_terminator(op: Op) -> bool {
    is_jump(op) || is_scope_exit(op)
}

pub fn has_const(op: Op) -> bool {
    op == real(Opcode::LOAD_CONST) || op == real(Opcode::RETURN_CONST)
}

/// Code units an instruction occupies once assembled (EXTENDED_ARGs + itself + caches).
pub fn instr_size(op: Op, arg: u32) -> usize {
    let extended = match arg {
        0..=0xff => 0,
        0x100..=0xffff => 1,
        0x1_0000..=0xff_ffff => 2,
        _ => 3,
    };
    extended + 1 + opcode(op).cache_entries()
}
