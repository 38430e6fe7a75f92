//! Exercise 08: lay out a copy-and-patch trace, the way `crates/stencil-jit/src/patch.rs`
//! does before it writes a single byte.
//!
//! An executor is a list of uops (the trace, then its stubs). The JIT gives each uop one
//! stencil and puts the stencils end to end, in uop order:
//!
//! ```text
//!   uop 0 _START_EXECUTOR     check_validity  24 bytes  at 0x000
//!   uop 1 _TIER2_RESUME_CHECK nop              0 bytes  at 0x018   (shares its offset)
//!   uop 2 _ITER_CHECK_RANGE   helper          58 bytes  at 0x018
//!   ...
//!   uop 13 _JUMP_TO_TOP       jump_to_top      9 bytes  at 0x296
//!   uop 14 _DEOPT             leave           11 bytes  at 0x29f
//!   ...                                                 total 0x2e1
//! ```
//!
//! Then every hole gets its value, `S`. Value holes get a number: `_JIT_INDEX` the uop's own
//! index, `_JIT_OPERAND` its operand, `_JIT_HELPER` the address of the function that runs a
//! uop in the VM, `_JIT_VALID` the address of the executor's `valid` flag. Continuation holes
//! are jumps, and `S` is the offset of the uop they land on:
//!
//! ```text
//!   _JIT_CONTINUE      the next uop (index + 1)
//!   _JIT_JUMP_TARGET   the uop's jump_target (its stub; 0 when it has none: never taken)
//!   _JIT_ERROR_TARGET  the uop's error_target (its error stub; 0 when it has none)
//!   _JIT_TOP           uop 1, the loop's top (uop 0, _START_EXECUTOR, runs once per entry)
//! ```
//!
//! Everything is known before the code has an address: jumps are differences of offsets.
//! Write [`layout`], [`hole_value`] and [`assemble`]; the patch arithmetic is given in
//! [`patch`] (exercise 07's answer).

pub mod patch;

pub use patch::{patch_abs64, patch_rel32, HoleKind, PatchError};

/// What a hole stands for (the extern symbol in the stencil source).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbol {
    /// `_JIT_INDEX`
    Index,
    /// `_JIT_OPERAND`
    Operand,
    /// `_JIT_HELPER`
    Helper,
    /// `_JIT_VALID`
    Valid,
    /// `_JIT_CONTINUE`
    Continue,
    /// `_JIT_JUMP_TARGET`
    JumpTarget,
    /// `_JIT_ERROR_TARGET`
    ErrorTarget,
    /// `_JIT_TOP`
    Top,
}

impl Symbol {
    /// The symbol named `name` in the stencil source.
    pub fn from_name(name: &str) -> Option<Symbol> {
        Some(match name {
            "_JIT_INDEX" => Symbol::Index,
            "_JIT_OPERAND" => Symbol::Operand,
            "_JIT_HELPER" => Symbol::Helper,
            "_JIT_VALID" => Symbol::Valid,
            "_JIT_CONTINUE" => Symbol::Continue,
            "_JIT_JUMP_TARGET" => Symbol::JumpTarget,
            "_JIT_ERROR_TARGET" => Symbol::ErrorTarget,
            "_JIT_TOP" => Symbol::Top,
            _ => return None,
        })
    }
}

/// One hole of a stencil.
#[derive(Clone, Debug)]
pub struct Hole {
    /// Byte offset in the stencil's code.
    pub offset: usize,
    pub kind: HoleKind,
    pub symbol: Symbol,
    pub addend: i64,
}

/// A stencil: code with holes (the holes' bytes are zeros).
#[derive(Clone, Debug)]
pub struct Stencil {
    pub name: String,
    pub code: Vec<u8>,
    pub holes: Vec<Hole>,
}

/// One uop of an executor, with the name of its stencil.
#[derive(Clone, Debug)]
pub struct UopInst {
    pub name: String,
    pub stencil: String,
    /// Where a failing guard goes (an index in the executor); 0 when the uop has no stub.
    pub jump_target: usize,
    /// Where an error goes (an index in the executor); 0 when the uop cannot raise.
    pub error_target: usize,
    pub operand: u64,
}

/// An executor to compile, with the two addresses its trace needs.
#[derive(Clone, Debug)]
pub struct Executor {
    pub uops: Vec<UopInst>,
    /// The address of the function that runs a uop in the VM.
    pub helper: u64,
    /// The address of the executor's `valid` flag.
    pub valid: u64,
}

/// What a hole's `S` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// A number written as it is (value holes).
    Absolute(u64),
    /// The start of this uop's code (continuations).
    Uop(usize),
}

/// Why an executor could not be assembled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssembleError {
    /// A uop names a stencil that is not in the table.
    NoStencil { uop: usize, stencil: String },
    /// A hole could not be patched.
    Patch { uop: usize, error: PatchError },
}

/// The offset of each uop's code when stencils of these sizes are laid end to end, in order,
/// followed by one more entry: the total size. `layout(&[24, 0, 58])` is `[0, 24, 24, 82]`.
pub fn layout(sizes: &[usize]) -> Vec<usize> {
    todo!("a running sum: push the offset of each stencil, then the total")
}

/// What hole `symbol` of uop `index` of `exec` stands for.
pub fn hole_value(symbol: Symbol, index: usize, exec: &Executor) -> Value {
    todo!("value holes: Absolute(..); continuations: Uop(the uop the jump lands on)")
}

/// The finished trace: every uop's stencil copied to its offset, every hole patched. A
/// `Value::Uop(u)` becomes the offset of uop `u`'s code.
pub fn assemble(exec: &Executor, stencils: &[Stencil]) -> Result<Vec<u8>, AssembleError> {
    todo!("find each uop's stencil, lay them out, copy them, patch every hole")
}
