//! The one `#[repr(C)]` description of a running trace that machine code may read and write.
//!
//! This file is compiled twice: into `tracer` (as `backend::state`) and, unchanged, into the
//! standalone `no_std` stencil source of `stencil-jit` (through `#[path]`), so the stencils
//! and the VM agree on every field offset by construction. It may only use `core`.
//!
//! ```text
//!   JitState            written by          read by
//!   context    ------>  the backend         helpers (the VM behind an opaque pointer)
//!   instr      ------>  the backend         _SET_IP stencils store the operand through it
//!   iterations          _JUMP_TO_TOP        the backend adds it to the executor's stats
//! ```

/// The state every stencil receives as its only argument (CPython's stencils get the frame,
/// the stack pointer and the thread state; ours get this, and reach the VM through helpers).
#[repr(C)]
pub struct JitState {
    /// Opaque to machine code: what the backend's helpers need to run a uop (the VM, the
    /// frame, the executor, the pending error). Stencils only pass it along.
    pub context: *mut core::ffi::c_void,
    /// The running frame's `instr` (the instruction tracebacks name): `_SET_IP` writes it.
    pub instr: *mut usize,
    /// `_JUMP_TO_TOP` taken since the trace was entered (loop iterations run in the trace).
    pub iterations: u64,
}

/// A helper's answer to the stencil that called it (also the uop interpreter's three ways on).
pub mod outcome {
    /// Go on with the next uop.
    pub const CONTINUE: u64 = 0;
    /// A guard failed: go to the uop's `jump_target` (its `_EXIT_TRACE` or `_DEOPT` stub).
    pub const JUMP: u64 = 1;
    /// The uop raised: go to its `error_target` (an `_ERROR_POP_N` stub).
    pub const ERROR: u64 = 2;
}
