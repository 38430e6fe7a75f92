//! The stencils: every uop body of the copy-and-patch JIT, written once in Rust.
//!
//! This file is not part of the crate: `build.rs` compiles it on its own with `$RUSTC` (fixed
//! flags, `no_std`, static relocation model, medium code model) into an object file, and
//! turns each `stencil_*` function into machine code plus *holes*. A hole is an extern
//! symbol standing for a value known only when a trace is compiled:
//!
//! ```text
//!   value holes (the symbol's address is the value; movabs reg, imm64 / R_X86_64_64)
//!     _JIT_INDEX    the uop's index in its executor        _JIT_OPERAND  the uop's operand
//!     _JIT_HELPER   the VM helper that runs a uop          _JIT_VALID    &executor.valid
//!   continuations (a tail call with the stencil's own signature: jmp rel32 / R_X86_64_PLT32)
//!     _JIT_CONTINUE the next uop's code (the jump is stripped: the next stencil follows)
//!     _JIT_JUMP_TARGET / _JIT_ERROR_TARGET  the uop's stub    _JIT_TOP  uop 1 (_JUMP_TO_TOP)
//! ```
//!
//! Every stencil takes the one shared `JitState` (tracer's `backend/state.rs`, included
//! below) and returns the index of the stub where the trace leaves to the uop interpreter.
//! Rules that keep stencils patchable (build.rs checks them): no panics, bounds or overflow
//! checks (they would call unknown symbols), no constants in memory, and every continuation
//! in tail position so LLVM emits a jump, never a call.

#![no_std]
#![allow(non_upper_case_globals, improper_ctypes, dead_code)]

#[path = "../../tracer/src/backend/state.rs"]
mod state;

use state::{outcome, JitState};

extern "C" {
    static _JIT_INDEX: u8;
    static _JIT_OPERAND: u8;
    static _JIT_HELPER: u8;
    static _JIT_VALID: u8;
    fn _JIT_CONTINUE(state: *mut JitState) -> u64;
    fn _JIT_JUMP_TARGET(state: *mut JitState) -> u64;
    fn _JIT_ERROR_TARGET(state: *mut JitState) -> u64;
    fn _JIT_TOP(state: *mut JitState) -> u64;
}

/// A hole's value. The empty `asm!` hides where the number came from, so LLVM cannot fold
/// it (it assumes an extern symbol's address is non-null and aligned) or turn a call through
/// it into a direct, 32-bit relative call.
macro_rules! hole {
    ($name:ident) => {{
        let mut value = core::ptr::addr_of!($name) as u64;
        core::arch::asm!("/* {0} */", inout(reg) value, options(pure, nomem, nostack, preserves_flags));
        value
    }};
}

/// What `_JIT_HELPER` points to: runs uop `index` in the VM, answers an `outcome`.
type Helper = unsafe extern "C" fn(*mut JitState, u64) -> u64;

/// Every uop run by the VM: call the helper, then continue, or go to the stub.
#[no_mangle]
pub unsafe extern "C" fn stencil_helper(state: *mut JitState) -> u64 {
    let helper: Helper = core::mem::transmute(hole!(_JIT_HELPER) as usize);
    let result = helper(state, hole!(_JIT_INDEX));
    if result == outcome::CONTINUE {
        _JIT_CONTINUE(state)
    } else if result == outcome::JUMP {
        _JIT_JUMP_TARGET(state)
    } else {
        _JIT_ERROR_TARGET(state)
    }
}

/// `_NOP`, `_TIER2_RESUME_CHECK`: nothing (zero bytes once the jump is stripped).
#[no_mangle]
pub unsafe extern "C" fn stencil_nop(state: *mut JitState) -> u64 {
    _JIT_CONTINUE(state)
}

/// `_START_EXECUTOR`, `_CHECK_VALIDITY`: leave through the stub once invalidated.
#[no_mangle]
pub unsafe extern "C" fn stencil_check_validity(state: *mut JitState) -> u64 {
    let valid = hole!(_JIT_VALID) as *const u8;
    if core::ptr::read_volatile(valid) == 0 {
        _JIT_JUMP_TARGET(state)
    } else {
        _JIT_CONTINUE(state)
    }
}

/// `_SET_IP`: the frame's current instruction is the operand.
#[no_mangle]
pub unsafe extern "C" fn stencil_set_ip(state: *mut JitState) -> u64 {
    *(*state).instr = hole!(_JIT_OPERAND) as usize;
    _JIT_CONTINUE(state)
}

/// `_CHECK_VALIDITY_AND_SET_IP`: both of the above.
#[no_mangle]
pub unsafe extern "C" fn stencil_check_validity_and_set_ip(state: *mut JitState) -> u64 {
    let valid = hole!(_JIT_VALID) as *const u8;
    if core::ptr::read_volatile(valid) == 0 {
        return _JIT_JUMP_TARGET(state);
    }
    *(*state).instr = hole!(_JIT_OPERAND) as usize;
    _JIT_CONTINUE(state)
}

/// `_JUMP_TO_TOP`: count the iteration, run the loop body again.
#[no_mangle]
pub unsafe extern "C" fn stencil_jump_to_top(state: *mut JitState) -> u64 {
    (*state).iterations = (*state).iterations.wrapping_add(1);
    _JIT_TOP(state)
}

/// The stubs (`_DEOPT`, `_EXIT_TRACE`, `_ERROR_POP_N`, `_DYNAMIC_EXIT`): return to the
/// uop interpreter, which runs the stub at this index.
#[no_mangle]
pub unsafe extern "C" fn stencil_leave(_state: *mut JitState) -> u64 {
    hole!(_JIT_INDEX)
}
