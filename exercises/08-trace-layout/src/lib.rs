//! Exercise 08: lay out a copy-and-patch trace, the way `crates/stencil-jit/src/patch.rs`
//! does before it writes a single byte.
//!
//! An executor is a list of uops (the trace, then its stubs). The JIT gives each uop one
//! stencil and puts the stencils end to end, in uop order: that is the *hot* code. Then,
//! after it, the *slow paths*: every uop whose stencil has a `_JIT_SLOW` hole (an inline
//! stencil that cannot handle every value: a big int, an overflow, a failed guard) gets a
//! copy of the `helper` stencil, which runs the uop in the VM, followed by a 5-byte
//! `jmp rel32` back to the next uop's code.
//!
//! ```text
//!   uop 0 _START_EXECUTOR     check_validity  24 bytes  at 0x000
//!   uop 1 _TIER2_RESUME_CHECK nop              0 bytes  at 0x018   (shares its offset)
//!   uop 2 _ITER_CHECK_RANGE   helper          48 bytes  at 0x018   (runs uops 2..4)
//!   uop 3 _GUARD_NOT_EXH..    fused            0 bytes  at 0x048
//!   uop 4 _ITER_NEXT_RANGE    fused            0 bytes  at 0x048
//!   ...
//!   uop 6 _LOAD_FAST_2        load_fast      129 bytes  at 0x0af   (has a slow path)
//!   ...
//!   uop 19 _ERROR_POP_N       leave           11 bytes  at 0x3bd
//!                                                       hot code ends at 0x3c8
//!   slow path of uop 6        helper + jmp    48 + 5    at 0x3c8
//!   slow path of uop 7        helper + jmp    48 + 5    at 0x3fd
//!   ...
//! ```
//!
//! Then every hole gets its value, `S`. Value holes get a number: `_JIT_INDEX` the uop's own
//! index, `_JIT_OPERAND` its operand, `_JIT_OPARG` its oparg, `_JIT_CONST_TAG` and
//! `_JIT_CONST_PAYLOAD` the two words of its constant, `_JIT_OPERAND_PLUS1` ..
//! `_JIT_OPERAND_PLUS3` the operand of the uop 1 .. 3 after it (a *fused* stencil does the
//! work of a run of uops, and reads their operands), `_JIT_COUNT` how many uops the helper
//! call runs (1, plus one per `fused` uop right after it: a run of uops that all call the VM
//! is one call, and a fused stencil's slow path runs its whole run), `_JIT_HELPER`, `_JIT_INCREF` and `_JIT_DECREF` the addresses of the
//! functions machine code calls, `_JIT_VALID` the address of the executor's `valid` flag.
//! Continuation holes are jumps, and `S` is where they land:
//!
//! ```text
//!   _JIT_CONTINUE      the next uop (index + 1)
//!   _JIT_JUMP_TARGET   the uop's jump_target (its stub; 0 when it has none: never taken)
//!   _JIT_ERROR_TARGET  the uop's error_target (its error stub; 0 when it has none)
//!   _JIT_TOP           uop 1, the loop's top (uop 0, _START_EXECUTOR, runs once per entry)
//!   _JIT_SLOW          the uop's own slow path
//! ```
//!
//! A slow path's holes are those of the `helper` stencil, with the values of the uop it runs.
//! Everything is known before the code has an address: jumps are differences of offsets.
//! Write [`layout`], [`slow_paths`], [`hole_value`] and [`assemble`]; the patch arithmetic is
//! given in [`patch`] (exercise 07's answer).

pub mod patch;

pub use patch::{patch_abs64, patch_rel32, HoleKind, PatchError};

/// Bytes of the `jmp rel32` that ends a slow path: the opcode [`JMP_REL32`], then the
/// 4-byte displacement (a `Rel32` with addend -4, its place just after the opcode).
pub const JMP_LEN: usize = 5;

/// The opcode of `jmp rel32`.
pub const JMP_REL32: u8 = 0xe9;

/// What a hole stands for (the extern symbol in the stencil source).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbol {
    /// `_JIT_INDEX`
    Index,
    /// `_JIT_OPERAND`
    Operand,
    /// `_JIT_OPARG`
    Oparg,
    /// `_JIT_COUNT`
    Count,
    /// `_JIT_CONST_TAG`
    ConstTag,
    /// `_JIT_CONST_PAYLOAD`
    ConstPayload,
    /// `_JIT_OPERAND_PLUS1`: the operand of the uop one after this one (a fused stencil)
    OperandPlus1,
    /// `_JIT_OPERAND_PLUS2`: the operand of the uop two after this one
    OperandPlus2,
    /// `_JIT_OPERAND_PLUS3`: the operand of the uop three after this one
    OperandPlus3,
    /// `_JIT_HELPER`
    Helper,
    /// `_JIT_INCREF`
    Incref,
    /// `_JIT_DECREF`
    Decref,
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
    /// `_JIT_SLOW`
    Slow,
}

impl Symbol {
    /// The symbol named `name` in the stencil source.
    pub fn from_name(name: &str) -> Option<Symbol> {
        Some(match name {
            "_JIT_INDEX" => Symbol::Index,
            "_JIT_OPERAND" => Symbol::Operand,
            "_JIT_OPARG" => Symbol::Oparg,
            "_JIT_COUNT" => Symbol::Count,
            "_JIT_CONST_TAG" => Symbol::ConstTag,
            "_JIT_CONST_PAYLOAD" => Symbol::ConstPayload,
            "_JIT_OPERAND_PLUS1" => Symbol::OperandPlus1,
            "_JIT_OPERAND_PLUS2" => Symbol::OperandPlus2,
            "_JIT_OPERAND_PLUS3" => Symbol::OperandPlus3,
            "_JIT_HELPER" => Symbol::Helper,
            "_JIT_INCREF" => Symbol::Incref,
            "_JIT_DECREF" => Symbol::Decref,
            "_JIT_VALID" => Symbol::Valid,
            "_JIT_CONTINUE" => Symbol::Continue,
            "_JIT_JUMP_TARGET" => Symbol::JumpTarget,
            "_JIT_ERROR_TARGET" => Symbol::ErrorTarget,
            "_JIT_TOP" => Symbol::Top,
            "_JIT_SLOW" => Symbol::Slow,
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

impl Stencil {
    /// Whether the stencil has a slow path (a `_JIT_SLOW` hole).
    pub fn has_slow_path(&self) -> bool {
        self.holes.iter().any(|h| h.symbol == Symbol::Slow)
    }
}

/// One uop of an executor, with the name of its stencil.
#[derive(Clone, Debug, Default)]
pub struct UopInst {
    pub name: String,
    pub stencil: String,
    /// Where a failing guard goes (an index in the executor); 0 when the uop has no stub.
    pub jump_target: usize,
    /// Where an error goes (an index in the executor); 0 when the uop cannot raise.
    pub error_target: usize,
    pub operand: u64,
    pub oparg: u64,
    /// The two words (tag, payload) of the uop's constant; zeros when it has none.
    pub constant: (u64, u64),
}

/// An executor to compile, with the addresses its trace needs.
#[derive(Clone, Debug)]
pub struct Executor {
    pub uops: Vec<UopInst>,
    /// The address of the function that runs uops in the VM.
    pub helper: u64,
    /// The addresses of the functions that add and drop a reference to a heap value.
    pub incref: u64,
    pub decref: u64,
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
    /// The start of this uop's slow path.
    SlowPath(usize),
}

/// Why an executor could not be assembled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssembleError {
    /// A uop names a stencil that is not in the table (`helper` must be there too: the slow
    /// paths copy it).
    NoStencil { uop: usize, stencil: String },
    /// A hole could not be patched.
    Patch { uop: usize, error: PatchError },
}

/// The offset of each uop's code when stencils of these sizes are laid end to end, in order,
/// followed by one more entry: the end of the hot code. `layout(&[24, 0, 48])` is
/// `[0, 24, 24, 72]`.
pub fn layout(sizes: &[usize]) -> Vec<usize> {
    todo!("a running sum: push the offset of each stencil, then the end of the hot code")
}

/// The slow paths, from `start` (the end of the hot code) on: `(uop, offset)` for each uop
/// with `has_slow[uop]`, in uop order, each `helper_len + JMP_LEN` bytes long.
/// `slow_paths(&[false, true, true], 100, 48)` is `[(1, 100), (2, 153)]`.
pub fn slow_paths(has_slow: &[bool], start: usize, helper_len: usize) -> Vec<(usize, usize)> {
    todo!("one (uop, offset) per uop with a slow path, each helper_len + JMP_LEN long")
}

/// What hole `symbol` of uop `index` of `exec` stands for.
pub fn hole_value(symbol: Symbol, index: usize, exec: &Executor) -> Value {
    todo!("value holes: Absolute(..); jumps: Uop(the uop it lands on) or SlowPath(uop)")
}

/// The finished trace: every uop's stencil copied to its offset, then the slow paths (the
/// `helper` stencil, then `jmp` back to the next uop), every hole patched. A `Value::Uop(u)`
/// becomes the offset of uop `u`'s code, a `Value::SlowPath(u)` that of its slow path.
pub fn assemble(exec: &Executor, stencils: &[Stencil]) -> Result<Vec<u8>, AssembleError> {
    todo!("hot stencils, then slow paths (helper + jmp back), every hole patched")
}
