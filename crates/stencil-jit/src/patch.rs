//! Copy and patch: lay one stencil per uop end to end and write the runtime values into
//! their holes.
//!
//! ```text
//!   uop 0 _START_EXECUTOR  check_validity  [movabs rax, &valid][cmp][jne +0][jmp stub 7]
//!   uop 1 _LOAD_FAST_1     helper          [movabs rax, helper][movabs rsi, 1][call rax] ...
//!   ...
//!   uop 6 _JUMP_TO_TOP     jump_to_top     [inc iterations][jmp uop 1]
//!   uop 7 _EXIT_TRACE      leave           [movabs rax, 7][ret]
//! ```
//!
//! Every value is known before the code has an address: value holes get absolute values
//! (helper addresses, the operand), and every jump goes to another stencil of the same trace,
//! so its displacement is a difference of offsets. The layout is therefore computed first
//! ([`Layout`]), then [`patch_into`] writes the finished code straight into the mapping.

use tracer::executor::Executor;

use crate::stencil::{self, HoleKind, Stencil, Symbol};

/// Why an executor was not compiled (it then runs in the uop interpreter).
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CompileError {
    #[error("this build has no stencils (the JIT supports x86_64 Linux only)")]
    NoStencils,
    #[error("uop {index} ({name}) has no stencil")]
    NoStencil { index: usize, name: &'static str },
    #[error("uop {index} ({name}) continues past the end of the trace")]
    FallsOffEnd { index: usize, name: &'static str },
    #[error("the trace's code does not fit in 32-bit jumps")]
    TooLarge,
    #[error("the system refused to map or protect memory for the code")]
    NoMemory,
}

/// Where each uop's code goes.
pub struct Layout {
    pub stencils: Vec<&'static Stencil>,
    /// Byte offset of each uop's code; one more entry: the total size.
    pub offsets: Vec<usize>,
}

impl Layout {
    /// Chooses each uop's stencil and computes the offsets.
    pub fn new(exec: &Executor) -> Result<Layout, CompileError> {
        if !stencil::available() {
            return Err(CompileError::NoStencils);
        }
        let mut stencils = Vec::with_capacity(exec.uops.len());
        let mut offsets = Vec::with_capacity(exec.uops.len() + 1);
        let mut at = 0usize;
        for (index, inst) in exec.uops.iter().enumerate() {
            let st = stencil::for_uop(inst.uop).ok_or(CompileError::NoStencil {
                index,
                name: inst.uop.name(),
            })?;
            let continues = !matches!(st.name, "leave" | "jump_to_top");
            if continues && index + 1 == exec.uops.len() {
                return Err(CompileError::FallsOffEnd {
                    index,
                    name: inst.uop.name(),
                });
            }
            offsets.push(at);
            at += st.code.len();
            stencils.push(st);
        }
        offsets.push(at);
        if at > i32::MAX as usize {
            return Err(CompileError::TooLarge);
        }
        Ok(Layout { stencils, offsets })
    }

    /// Total bytes of code.
    pub fn size(&self) -> usize {
        self.offsets.last().copied().unwrap_or(0)
    }
}

/// One hole as patched (for `explain jit`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Patch {
    /// The uop whose stencil has the hole.
    pub uop: usize,
    /// Offset of the hole inside that stencil.
    pub offset: u32,
    pub kind: HoleKind,
    pub symbol: Symbol,
    /// The value written (for `Rel32`, the displacement).
    pub value: i64,
    /// Why this value: `oparg`, `next uop (3)`, ...
    pub why: String,
}

/// The runtime values a trace needs besides its layout.
pub struct Values {
    /// The address of the function stencils call to run a uop in the VM.
    pub helper: u64,
}

/// Copies every stencil into `code` (exactly `layout.size()` bytes) and patches its holes;
/// records each patch in `log` when given one.
pub fn patch_into(
    code: &mut [u8],
    exec: &Executor,
    layout: &Layout,
    values: &Values,
    mut log: Option<&mut Vec<Patch>>,
) {
    debug_assert_eq!(code.len(), layout.size());
    for (index, st) in layout.stencils.iter().enumerate() {
        let base = layout.offsets[index];
        code[base..base + st.code.len()].copy_from_slice(st.code);
        let inst = &exec.uops[index];
        for hole in st.holes {
            let at = base + hole.offset as usize;
            let (target, why) = match hole.symbol {
                Symbol::Index => (index as i64, format!("uop index {index}")),
                Symbol::Operand => (inst.operand.int() as i64, "operand".to_string()),
                Symbol::Helper => (values.helper as i64, "helper: run the uop in the VM".into()),
                Symbol::Valid => (exec.valid.as_ptr() as i64, "&executor.valid".into()),
                Symbol::Continue => jump(layout, index + 1, "next uop"),
                Symbol::JumpTarget => jump(layout, usize::from(inst.jump_target), "stub"),
                Symbol::ErrorTarget => jump(layout, usize::from(inst.error_target), "error stub"),
                Symbol::Top => jump(layout, 1, "top of the loop"),
            };
            let value = match hole.kind {
                HoleKind::Abs64 => {
                    let v = target.wrapping_add(hole.addend);
                    code[at..at + 8].copy_from_slice(&v.to_le_bytes());
                    v
                }
                HoleKind::Rel32 => {
                    // target + addend - place, all relative to the start of the trace.
                    let v = target + hole.addend - at as i64;
                    let v32 = i32::try_from(v).unwrap_or(i32::MAX);
                    debug_assert_eq!(i64::from(v32), v, "layout checked the size");
                    code[at..at + 4].copy_from_slice(&v32.to_le_bytes());
                    v
                }
            };
            if let Some(log) = log.as_deref_mut() {
                log.push(Patch {
                    uop: index,
                    offset: hole.offset,
                    kind: hole.kind,
                    symbol: hole.symbol,
                    value,
                    why,
                });
            }
        }
    }
}

/// A jump hole's target: the offset of uop `to`'s code. Index 0 is never a stub: the uop
/// has no such exit, and the jump (never taken) points at the start of the trace.
fn jump(layout: &Layout, to: usize, what: &str) -> (i64, String) {
    let offset = layout.offsets.get(to).copied().unwrap_or(0);
    let why = if to == 0 {
        format!("no {what}: never taken (uop 0)")
    } else {
        format!("{what} (uop {to})")
    };
    (offset as i64, why)
}
