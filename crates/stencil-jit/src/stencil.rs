//! Stencils and holes: the tables `build.rs` generated, and which stencil runs which uop.
//!
//! A [`Stencil`] is machine code compiled once, at build time, with [`Hole`]s where runtime
//! values go (relocations that were left unresolved on purpose). Every uop tier 2 emits maps
//! to one stencil ([`for_uop`]): the trace bookkeeping is inline machine code, the stubs
//! return to the uop interpreter, and every other uop calls the VM through the `helper`
//! stencil (`Value` is a Rust enum whose layout machine code cannot rely on, so arithmetic
//! on it stays in Rust).

use tracer::uops::Uop;

/// How a hole is patched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum HoleKind {
    /// `R_X86_64_64`: eight bytes, the value plus the addend (a `movabs` immediate).
    Abs64,
    /// `R_X86_64_PLT32` / `PC32`: four bytes, the target minus the hole's own address plus
    /// the addend (the displacement of a `jmp` or `jcc`).
    Rel32,
}

/// What a hole stands for (the extern symbol in the stencil source).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Symbol {
    /// `_JIT_INDEX`: the uop's index in its executor.
    Index,
    /// `_JIT_OPERAND`: the uop's operand.
    Operand,
    /// `_JIT_HELPER`: the address of the function that runs a uop in the VM.
    Helper,
    /// `_JIT_VALID`: the address of the executor's `valid` flag.
    Valid,
    /// `_JIT_CONTINUE`: the next uop's code.
    Continue,
    /// `_JIT_JUMP_TARGET`: the code of the uop's stub (failed guard).
    JumpTarget,
    /// `_JIT_ERROR_TARGET`: the code of the uop's error stub.
    ErrorTarget,
    /// `_JIT_TOP`: the code of uop 1 (where `_JUMP_TO_TOP` goes).
    Top,
}

impl Symbol {
    /// The symbol's name in the stencil source.
    pub fn name(self) -> &'static str {
        match self {
            Symbol::Index => "_JIT_INDEX",
            Symbol::Operand => "_JIT_OPERAND",
            Symbol::Helper => "_JIT_HELPER",
            Symbol::Valid => "_JIT_VALID",
            Symbol::Continue => "_JIT_CONTINUE",
            Symbol::JumpTarget => "_JIT_JUMP_TARGET",
            Symbol::ErrorTarget => "_JIT_ERROR_TARGET",
            Symbol::Top => "_JIT_TOP",
        }
    }
}

/// One hole of a stencil.
#[derive(Clone, Copy, Debug)]
pub struct Hole {
    /// Byte offset in the stencil's code.
    pub offset: u32,
    pub kind: HoleKind,
    pub symbol: Symbol,
    pub addend: i64,
}

/// One stencil: code with holes.
#[derive(Debug)]
pub struct Stencil {
    /// The stencil function's name without `stencil_` (`helper`, `set_ip`, ...).
    pub name: &'static str,
    pub code: &'static [u8],
    pub holes: &'static [Hole],
}

include!(concat!(env!("OUT_DIR"), "/stencils.rs"));

/// Whether this build has stencils (x86_64 Linux).
pub fn available() -> bool {
    !STENCILS.is_empty()
}

/// The stencil named `name`, if this build has it.
pub fn by_name(name: &str) -> Option<&'static Stencil> {
    STENCILS.iter().find(|s| s.name == name)
}

/// The name of the stencil that runs `uop` in a trace; `None` for uops a trace never holds
/// (the tier-1-only `_ITER_JUMP_*`).
pub fn name_for(uop: Uop) -> Option<&'static str> {
    use tracer::uops::table::Tier;
    Some(match uop {
        Uop::_NOP | Uop::_TIER2_RESUME_CHECK => "nop",
        Uop::_START_EXECUTOR | Uop::_CHECK_VALIDITY => "check_validity",
        Uop::_CHECK_VALIDITY_AND_SET_IP => "check_validity_and_set_ip",
        Uop::_SET_IP => "set_ip",
        Uop::_JUMP_TO_TOP => "jump_to_top",
        u if tracer::backend::leaves_trace(u) => "leave",
        u if u.meta().tier == Tier::One => return None,
        _ => "helper",
    })
}

/// The stencil that runs `uop`, if this build has stencils.
pub fn for_uop(uop: Uop) -> Option<&'static Stencil> {
    name_for(uop).and_then(by_name)
}

/// Whether the stencil named `name` is inline machine code (no call into the VM).
pub fn is_inline(name: &str) -> bool {
    name != "helper"
}
