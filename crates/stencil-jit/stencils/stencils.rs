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
//!     _JIT_OPARG    the uop's oparg                        _JIT_COUNT  uops per helper call
//!     _JIT_CONST_TAG / _JIT_CONST_PAYLOAD  the two words of an immediate constant operand
//!     _JIT_OPERAND_PLUS1 .. _PLUS3  the operand of the uop 1 .. 3 after this one (fused stencils)
//!   continuations (a tail call with the stencil's own signature: jmp rel32 / R_X86_64_PLT32)
//!     _JIT_CONTINUE the next uop's code (the jump is stripped: the next stencil follows)
//!     _JIT_JUMP_TARGET / _JIT_ERROR_TARGET  the uop's stub    _JIT_TOP  uop 1 (_JUMP_TO_TOP)
//!     _JIT_SLOW     the uop's slow path: a copy of `stencil_helper` after the trace
//! ```
//!
//! Every stencil takes the one shared `JitState` (tracer's `backend/state.rs`, included
//! below) and the frame's stack pointer `sp` (the first free slot), both in registers, hands
//! both to the next stencil, and returns the index of the stub where the trace leaves to the
//! uop interpreter. (CPython's stencils likewise get the frame, the stack pointer and the
//! thread state as arguments: the stack pointer never goes through memory between uops.)
//!
//! The uops on numbers are inline machine code with a *fast path* for immediate values
//! (`int` in 64 bits, `float`, `bool`, `None`: no reference count to touch) that reads and
//! writes the frame's stack through `sp` (locals through `JitState::stack`). Whatever the fast path does not
//! cover (a heap value, an overflow, a failed guard, a full stack) falls back to the helper,
//! which runs the whole uop in the VM: the result, the guard statistics and the error are
//! then exactly the uop interpreter's.
//! Rules that keep stencils patchable (build.rs checks them): no panics, bounds or overflow
//! checks (they would call unknown symbols), no constants in memory, and every continuation
//! in tail position so LLVM emits a jump, never a call.

#![no_std]
#![allow(non_upper_case_globals, improper_ctypes, dead_code)]

#[path = "../../tracer/src/backend/state.rs"]
mod state;

use state::iter::{tag as iter_tag, ListIter, RangeIter};
use state::value::{is_immediate, tag, COMPACT_MAX};
use state::{outcome, JitState, Regs, Slot};

extern "C" {
    static _JIT_INDEX: u8;
    static _JIT_OPERAND: u8;
    static _JIT_HELPER: u8;
    static _JIT_VALID: u8;
    static _JIT_OPARG: u8;
    static _JIT_COUNT: u8;
    static _JIT_INCREF: u8;
    static _JIT_DECREF: u8;
    static _JIT_CONST_TAG: u8;
    static _JIT_CONST_PAYLOAD: u8;
    fn _JIT_CONTINUE(state: *mut JitState, sp: *mut Slot) -> u64;
    fn _JIT_JUMP_TARGET(state: *mut JitState, sp: *mut Slot) -> u64;
    fn _JIT_ERROR_TARGET(state: *mut JitState, sp: *mut Slot) -> u64;
    fn _JIT_TOP(state: *mut JitState, sp: *mut Slot) -> u64;
    fn _JIT_SLOW(state: *mut JitState, sp: *mut Slot) -> u64;
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

/// A hole's value, read again where it is used: unlike [`hole!`], LLVM may not reuse an
/// earlier read, so the value need not live in a callee-saved register across a call.
macro_rules! hole_again {
    ($name:ident) => {{
        let mut value = core::ptr::addr_of!($name) as u64;
        core::arch::asm!("/* {0} */", inout(reg) value, options(nomem, nostack, preserves_flags));
        value
    }};
}

/// What `_JIT_INCREF` and `_JIT_DECREF` point to: take a heap value's two words, and hand
/// `state` and `sp` back (so nothing needs to live in a callee-saved register across the
/// call).
type RefHelper = unsafe extern "C" fn(*mut JitState, *mut Slot, u64, u64) -> Regs;

/// The strong count of the heap value `v`: every heap variant of `Value` is an `Rc<T>`
/// whose payload word points to std's `RcInner<T>` (`#[repr(C)]`: the strong count, the
/// weak count, then `T`), so the count sits at the same place, `Layout::strong`, for every
/// kind (the JIT measured it on several kinds and found them to agree).
#[inline(always)]
unsafe fn strong_count(j: Regs, v: Slot) -> *mut u64 {
    v.payload.wrapping_add((*j.state).layout.strong) as *mut u64
}

/// Adds a reference to the heap value `v` (CPython's `Py_INCREF`), so a copy of its words
/// is a clone. Inline for every kind: one `inc` of the count, no call, so a stencil that
/// clones (`_LOAD_FAST`, `_COPY`, ...) needs no stack frame and saves no registers.
#[inline(always)]
unsafe fn incref(j: Regs, v: Slot) -> Regs {
    *strong_count(j, v) += 1;
    j
}

/// A new reference to the value in slot `at` (read, and counted if it is a heap value).
#[inline(always)]
unsafe fn load_new_ref(j: Regs, at: *mut Slot) -> (Regs, Slot) {
    let v = load(at);
    if is_immediate(v.tag) {
        (j, v)
    } else {
        (incref(j, v), v)
    }
}

/// Drops the heap value `v` (a value taken off the stack: CPython's `Py_DECREF`): inline
/// while other references remain (a `dec`), else through the helper, which frees it (and
/// runs whatever dropping its contents does).
#[inline(always)]
unsafe fn decref_heap(j: Regs, v: Slot) -> Regs {
    let count = strong_count(j, v);
    if *count > 1 {
        *count -= 1;
        return j;
    }
    let f: RefHelper = core::mem::transmute(hole!(_JIT_DECREF) as usize);
    f(j.state, j.sp, v.tag, v.payload)
}

/// Drops `v` (a value taken off the stack) if it is a heap value.
#[inline(always)]
unsafe fn decref(j: Regs, v: Slot) -> Regs {
    if is_immediate(v.tag) {
        return j;
    }
    decref_heap(j, v)
}

/// Goes on with the next uop (a jump, stripped: the next stencil follows).
#[inline(always)]
unsafe fn go(j: Regs) -> u64 {
    _JIT_CONTINUE(j.state, j.sp)
}

/// Jumps to the uop's slow path (see [`finish`]).
#[inline(always)]
unsafe fn slow(j: Regs) -> u64 {
    _JIT_SLOW(j.state, j.sp)
}

/// What `_JIT_HELPER` points to: runs `count` uops from index `first` in the VM; answers
/// `outcome::IN_TRACE` (all went on) or the index of the stub where the uop interpreter
/// takes over (a failed guard's exit, an error's stub).
type Helper = unsafe extern "C" fn(*mut JitState, u64, u64) -> u64;

/// Runs this uop (and the `_JIT_COUNT - 1` after it) in the VM through the helper, then
/// continues, or leaves the trace at the stub the helper names (as the stub's own `leave`
/// stencil would: it only returns its index). The VM sees the stack pointer as
/// `JitState::sp` (a count) and may move the stack: both are read back afterwards.
#[inline(always)]
unsafe fn call_helper(state: *mut JitState, sp: *mut Slot) -> u64 {
    sync_sp(state, sp);
    let helper: Helper = core::mem::transmute(hole!(_JIT_HELPER) as usize);
    let result = helper(state, hole!(_JIT_INDEX), hole!(_JIT_COUNT));
    if result == outcome::IN_TRACE {
        _JIT_CONTINUE(state, (*state).stack.add((*state).sp))
    } else {
        result
    }
}

/// Writes the stack pointer into `JitState::sp` (as a count of slots), where the VM reads it.
#[inline(always)]
unsafe fn sync_sp(state: *mut JitState, sp: *mut Slot) {
    (*state).sp = (sp as usize - (*state).stack as usize) / core::mem::size_of::<Slot>();
}

/// How every inline stencil ends: after its fast path (`fast`), continue with the next uop
/// (the jump is stripped: it falls through); otherwise jump to the uop's slow path, a copy
/// of [`stencil_helper`] that the patcher puts after the trace, which runs the uop in the
/// VM. Both are jumps, so a stencil without reference counting calls nothing and needs no
/// stack frame (a call would make LLVM save registers on every path).
#[inline(always)]
unsafe fn finish(j: Regs, fast: bool) -> u64 {
    if fast {
        go(j)
    } else {
        slow(j)
    }
}

/// Every uop without a stencil of its own: the VM runs it.
#[no_mangle]
pub unsafe extern "C" fn stencil_helper(state: *mut JitState, sp: *mut Slot) -> u64 {
    call_helper(state, sp)
}

/// Stack slot `i` (0 = local 0).
#[inline(always)]
unsafe fn slot(j: Regs, i: usize) -> *mut Slot {
    (*j.state).stack.add(i)
}

/// The value `n` below the top (0 = top).
#[inline(always)]
unsafe fn peek(j: Regs, n: usize) -> *mut Slot {
    j.sp.sub(1 + n)
}

/// Reads a slot: two plain word loads, which LLVM may reuse (a stencil that checks the top
/// and later moves it reads it once). A slot is never read as one 16-byte vector load
/// (that would stall on the two word stores that wrote it: store forwarding fails): every
/// value read either goes into a word-sized [`store`] or is inspected in a register.
#[inline(always)]
unsafe fn load(p: *const Slot) -> Slot {
    Slot {
        tag: (*p).tag,
        payload: (*p).payload,
    }
}

/// Writes a slot word by word (volatile: two word stores, never merged into a vector
/// store, so the word loads that read it back are forwarded from them).
#[inline(always)]
unsafe fn store(p: *mut Slot, v: Slot) {
    core::ptr::write_volatile(&raw mut (*p).tag, v.tag);
    core::ptr::write_volatile(&raw mut (*p).payload, v.payload);
}

/// Room for `n` more values without growing the stack: the `n`th slot from `sp` is below
/// `limit`. Written as one pointer comparison (`cmp rsi, [rdi+..]; jae`), not as the room
/// left in bytes (a load, a subtraction and a comparison): slots are 16-byte aligned, so
/// `sp + n - 1 < limit` is the same test.
#[inline(always)]
unsafe fn has_room(j: Regs, n: usize) -> bool {
    (j.sp.wrapping_add(n - 1) as usize) < (*j.state).limit as usize
}

/// Pushes a value (the caller checked `has_room`).
#[inline(always)]
unsafe fn push(j: &mut Regs, value: Slot) {
    store(j.sp, value);
    j.sp = j.sp.add(1);
}

/// Pops `n` values (the caller took care of them).
#[inline(always)]
unsafe fn pop(j: &mut Regs, n: usize) {
    j.sp = j.sp.sub(n);
}

/// Replaces the two top values (immediates) by `value`.
#[inline(always)]
unsafe fn pop2_push(j: &mut Regs, value: Slot) {
    j.sp = j.sp.sub(1);
    store(j.sp.sub(1), value);
}

#[inline(always)]
fn int(v: i64) -> Slot {
    Slot {
        tag: tag::INT,
        payload: v as u64,
    }
}

#[inline(always)]
fn float(v: f64) -> Slot {
    Slot {
        tag: tag::FLOAT,
        payload: v.to_bits(),
    }
}

#[inline(always)]
fn boolean(b: bool) -> Slot {
    Slot {
        tag: tag::BOOL,
        payload: b as u64,
    }
}

/// A `bool` slot's value: its payload's first byte (the other seven are padding).
#[inline(always)]
unsafe fn bool_of(s: *const Slot) -> u8 {
    (*s).payload as u8
}

/// The oparg.
#[inline(always)]
unsafe fn oparg() -> usize {
    hole!(_JIT_OPARG) as usize
}

/// A uop run by the `helper` call of the uop before it (zero bytes once the jump is
/// stripped): a run of uops that all call the VM is one call.
#[no_mangle]
pub unsafe extern "C" fn stencil_fused(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    go(j)
}

/// `_NOP`, `_TIER2_RESUME_CHECK`: nothing (zero bytes once the jump is stripped).
#[no_mangle]
pub unsafe extern "C" fn stencil_nop(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    go(j)
}

/// `_START_EXECUTOR`, `_CHECK_VALIDITY`: leave through the stub once invalidated.
#[no_mangle]
pub unsafe extern "C" fn stencil_check_validity(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    let valid = hole!(_JIT_VALID) as *const u8;
    if core::ptr::read_volatile(valid) == 0 {
        _JIT_JUMP_TARGET(j.state, j.sp)
    } else {
        go(j)
    }
}

/// `_CHECK_FUNCTION`: the running function still has the version the trace was made for
/// (the operand); otherwise the slow path, where the VM fails the guard as the uop
/// interpreter does.
#[no_mangle]
pub unsafe extern "C" fn stencil_check_function(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    finish(j, u64::from(*(*j.state).func_version) == hole!(_JIT_OPERAND))
}

/// `_SET_IP`: the frame's current instruction is the operand.
#[no_mangle]
pub unsafe extern "C" fn stencil_set_ip(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    *(*j.state).instr = hole!(_JIT_OPERAND) as usize;
    go(j)
}

/// `_CHECK_VALIDITY_AND_SET_IP`: both of the above.
#[no_mangle]
pub unsafe extern "C" fn stencil_check_validity_and_set_ip(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    let valid = hole!(_JIT_VALID) as *const u8;
    if core::ptr::read_volatile(valid) == 0 {
        return _JIT_JUMP_TARGET(j.state, j.sp);
    }
    *(*j.state).instr = hole!(_JIT_OPERAND) as usize;
    go(j)
}

/// `_JUMP_TO_TOP`: count the iteration, run the loop body again.
#[no_mangle]
pub unsafe extern "C" fn stencil_jump_to_top(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    (*j.state).iterations = (*j.state).iterations.wrapping_add(1);
    _JIT_TOP(j.state, j.sp)
}

/// The stubs (`_DEOPT`, `_EXIT_TRACE`, `_ERROR_POP_N`, `_DYNAMIC_EXIT`): return to the
/// uop interpreter, which runs the stub at this index.
#[no_mangle]
pub unsafe extern "C" fn stencil_leave(state: *mut JitState, sp: *mut Slot) -> u64 {
    sync_sp(state, sp);
    hole!(_JIT_INDEX)
}

// Declared last: the macros above are in scope in them.
mod arith;
mod fused;
mod heap;
mod stack;
