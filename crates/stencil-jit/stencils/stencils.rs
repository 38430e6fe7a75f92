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
//!   continuations (a tail call with the stencil's own signature: jmp rel32 / R_X86_64_PLT32)
//!     _JIT_CONTINUE the next uop's code (the jump is stripped: the next stencil follows)
//!     _JIT_JUMP_TARGET / _JIT_ERROR_TARGET  the uop's stub    _JIT_TOP  uop 1 (_JUMP_TO_TOP)
//!     _JIT_SLOW     the uop's slow path: a copy of `stencil_helper` after the trace
//! ```
//!
//! Every stencil takes the one shared `JitState` (tracer's `backend/state.rs`, included
//! below) and returns the index of the stub where the trace leaves to the uop interpreter.
//!
//! The uops on numbers are inline machine code with a *fast path* for immediate values
//! (`int` in 64 bits, `float`, `bool`, `None`: no reference count to touch) that reads and
//! writes the frame's stack through `JitState::stack`/`sp`. Whatever the fast path does not
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
use state::{outcome, JitState, Slot};

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
    fn _JIT_CONTINUE(state: *mut JitState) -> u64;
    fn _JIT_JUMP_TARGET(state: *mut JitState) -> u64;
    fn _JIT_ERROR_TARGET(state: *mut JitState) -> u64;
    fn _JIT_TOP(state: *mut JitState) -> u64;
    fn _JIT_SLOW(state: *mut JitState) -> u64;
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
/// `state` back (so nothing needs to live in a callee-saved register across the call).
type RefHelper = unsafe extern "C" fn(*mut JitState, u64, u64) -> *mut JitState;

/// Adds a reference to the heap value `v` (CPython's `Py_INCREF`), so a copy of its words
/// is a clone.
#[inline(always)]
unsafe fn incref(state: *mut JitState, v: Slot) -> *mut JitState {
    let f: RefHelper = core::mem::transmute(hole!(_JIT_INCREF) as usize);
    f(state, v.tag, v.payload)
}

/// Drops `v` (a value taken off the stack) if it is a heap value (CPython's `Py_DECREF`).
#[inline(always)]
unsafe fn decref(state: *mut JitState, v: Slot) -> *mut JitState {
    if is_immediate(v.tag) {
        return state;
    }
    let f: RefHelper = core::mem::transmute(hole!(_JIT_DECREF) as usize);
    f(state, v.tag, v.payload)
}

/// What `_JIT_HELPER` points to: runs `count` uops from index `first` in the VM; answers
/// `outcome::IN_TRACE` (all went on) or the index of the stub where the uop interpreter
/// takes over (a failed guard's exit, an error's stub).
type Helper = unsafe extern "C" fn(*mut JitState, u64, u64) -> u64;

/// Runs this uop (and the `_JIT_COUNT - 1` after it) in the VM through the helper, then
/// continues, or leaves the trace at the stub the helper names (as the stub's own `leave`
/// stencil would: it only returns its index).
#[inline(always)]
unsafe fn call_helper(state: *mut JitState) -> u64 {
    let helper: Helper = core::mem::transmute(hole!(_JIT_HELPER) as usize);
    let result = helper(state, hole!(_JIT_INDEX), hole!(_JIT_COUNT));
    if result == outcome::IN_TRACE {
        _JIT_CONTINUE(state)
    } else {
        result
    }
}

/// How every inline stencil ends: after its fast path (`fast`), continue with the next uop
/// (the jump is stripped: it falls through); otherwise jump to the uop's slow path, a copy
/// of [`stencil_helper`] that the patcher puts after the trace, which runs the uop in the
/// VM. Both are jumps, so a stencil without reference counting calls nothing and needs no
/// stack frame (a call would make LLVM save registers on every path).
#[inline(always)]
unsafe fn finish(state: *mut JitState, fast: bool) -> u64 {
    if fast {
        _JIT_CONTINUE(state)
    } else {
        _JIT_SLOW(state)
    }
}

/// Every uop without a stencil of its own: the VM runs it.
#[no_mangle]
pub unsafe extern "C" fn stencil_helper(state: *mut JitState) -> u64 {
    call_helper(state)
}

/// Stack slot `i` (0 = local 0).
#[inline(always)]
unsafe fn slot(state: *mut JitState, i: usize) -> *mut Slot {
    (*state).stack.add(i)
}

/// The value `n` below the top (0 = top).
#[inline(always)]
unsafe fn peek(state: *mut JitState, n: usize) -> *mut Slot {
    (*state).stack.add((*state).sp - 1 - n)
}

/// Reads a slot word by word. A `Value` is written as two words (by the VM and by
/// stencils); reading it back as one 16-byte vector load would stall on those two stores
/// (store forwarding fails), so each word is read on its own (volatile: never merged).
#[inline(always)]
unsafe fn load(p: *const Slot) -> Slot {
    Slot {
        tag: core::ptr::read_volatile(&raw const (*p).tag),
        payload: core::ptr::read_volatile(&raw const (*p).payload),
    }
}

/// Writes a slot word by word (see [`load`]).
#[inline(always)]
unsafe fn store(p: *mut Slot, v: Slot) {
    core::ptr::write_volatile(&raw mut (*p).tag, v.tag);
    core::ptr::write_volatile(&raw mut (*p).payload, v.payload);
}

/// Room for `n` more values without growing the stack.
#[inline(always)]
unsafe fn has_room(state: *mut JitState, n: usize) -> bool {
    (*state).capacity - (*state).sp >= n
}

/// Pushes an immediate value (the caller checked `has_room`).
#[inline(always)]
unsafe fn push(state: *mut JitState, value: Slot) {
    store((*state).stack.add((*state).sp), value);
    (*state).sp += 1;
}

/// Replaces the two top values (immediates) by `value`.
#[inline(always)]
unsafe fn pop2_push(state: *mut JitState, value: Slot) {
    let sp = (*state).sp - 1;
    store((*state).stack.add(sp - 1), value);
    (*state).sp = sp;
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

// ---- loads, stores, stack shuffles ---------------------------------------------------

/// Pushes a clone of the value at `at(state)`, or takes the slow path when the stack is
/// full. After adding a reference the slot is found and read again, so nothing lives in a
/// callee-saved register across the call (the immediate path then needs no stack frame).
#[inline(always)]
unsafe fn push_clone(mut state: *mut JitState, at: impl Fn(*mut JitState) -> *mut Slot) -> u64 {
    if !has_room(state, 1) {
        return _JIT_SLOW(state);
    }
    let v = load(at(state));
    if !is_immediate(v.tag) {
        state = incref(state, v);
        push(state, load(at(state)));
        return _JIT_CONTINUE(state);
    }
    push(state, v);
    _JIT_CONTINUE(state)
}

/// `_LOAD_FAST` (and `_0` .. `_7`): push a clone of local `oparg`.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_fast(state: *mut JitState) -> u64 {
    push_clone(state, |s| slot(s, oparg()))
}

/// `_STORE_FAST` (and `_0` .. `_7`): move the top into local `oparg`, then drop the value
/// it replaced. (A move is a copy of the two words: the top's slot is no longer counted.)
#[no_mangle]
pub unsafe extern "C" fn stencil_store_fast(state: *mut JitState) -> u64 {
    let local = slot(state, oparg());
    let old = load(local);
    let sp = (*state).sp - 1;
    store(local, load(slot(state, sp)));
    (*state).sp = sp;
    _JIT_CONTINUE(decref(state, old))
}

/// `_POP_TOP`
#[no_mangle]
pub unsafe extern "C" fn stencil_pop_top(state: *mut JitState) -> u64 {
    let top = load(peek(state, 0));
    (*state).sp -= 1;
    _JIT_CONTINUE(decref(state, top))
}

/// `_COPY`: push a clone of the value `oparg - 1` below the top.
#[no_mangle]
pub unsafe extern "C" fn stencil_copy(state: *mut JitState) -> u64 {
    push_clone(state, |s| peek(s, oparg() - 1))
}

/// `_SWAP`: exchange the top and the value `oparg - 1` below it (any values: moves).
#[no_mangle]
pub unsafe extern "C" fn stencil_swap(state: *mut JitState) -> u64 {
    let top = peek(state, 0);
    let other = peek(state, oparg() - 1);
    let t = load(top);
    store(top, load(other));
    store(other, t);
    _JIT_CONTINUE(state)
}

/// The immediate constant in the holes.
#[inline(always)]
unsafe fn constant() -> Slot {
    Slot {
        tag: hole!(_JIT_CONST_TAG),
        payload: hole!(_JIT_CONST_PAYLOAD),
    }
}

/// The constant in the holes as a clone: a heap value gets a reference of its own (the
/// executor's operand keeps the object alive). Returns `state` and the constant; after the
/// call the holes are read again, so the immediate path saves no registers.
#[inline(always)]
unsafe fn constant_clone(state: *mut JitState) -> (*mut JitState, Slot) {
    let c = constant();
    if is_immediate(c.tag) {
        return (state, c);
    }
    let state = incref(state, c);
    let again = Slot {
        tag: hole_again!(_JIT_CONST_TAG),
        payload: hole_again!(_JIT_CONST_PAYLOAD),
    };
    (state, again)
}

/// `_LOAD_CONST_INLINE` and `_BORROW` (this VM has no immortal objects: both add a
/// reference).
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_inline(state: *mut JitState) -> u64 {
    if !has_room(state, 1) {
        return _JIT_SLOW(state);
    }
    let (state, c) = constant_clone(state);
    push(state, c);
    _JIT_CONTINUE(state)
}

/// `_LOAD_CONST_INLINE_WITH_NULL` and `_BORROW_WITH_NULL`.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_inline_with_null(state: *mut JitState) -> u64 {
    if !has_room(state, 2) {
        return _JIT_SLOW(state);
    }
    let (state, c) = constant_clone(state);
    push(state, c);
    push(state, NULL);
    _JIT_CONTINUE(state)
}

/// The NULL stack slot.
const NULL: Slot = Slot {
    tag: tag::NULL,
    payload: 0,
};

/// `_PUSH_NULL`
#[no_mangle]
pub unsafe extern "C" fn stencil_push_null(state: *mut JitState) -> u64 {
    if has_room(state, 1) {
        push(state, NULL);
        return finish(state, true);
    }
    finish(state, false)
}

/// `_POP_TOP_LOAD_CONST_INLINE_BORROW`
#[no_mangle]
pub unsafe extern "C" fn stencil_pop_top_load_const_inline(state: *mut JitState) -> u64 {
    let (state, c) = constant_clone(state);
    let top = peek(state, 0);
    let old = load(top);
    store(top, c);
    _JIT_CONTINUE(decref(state, old))
}

// ---- guards ---------------------------------------------------------------------------
// A guard's fast path only passes; anything else asks the VM, which also passes a big int
// where the uop accepts one, counts the failure for `--stats` and answers `JUMP`.

/// `_GUARD_BOTH_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_both_int(state: *mut JitState) -> u64 {
    if (*peek(state, 0)).tag == tag::INT && (*peek(state, 1)).tag == tag::INT {
        return finish(state, true);
    }
    finish(state, false)
}

/// `_GUARD_NOS_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_nos_int(state: *mut JitState) -> u64 {
    if (*peek(state, 1)).tag == tag::INT {
        return finish(state, true);
    }
    finish(state, false)
}

/// `_GUARD_TOS_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_tos_int(state: *mut JitState) -> u64 {
    if (*peek(state, 0)).tag == tag::INT {
        return finish(state, true);
    }
    finish(state, false)
}

/// `_GUARD_BOTH_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_both_float(state: *mut JitState) -> u64 {
    if (*peek(state, 0)).tag == tag::FLOAT && (*peek(state, 1)).tag == tag::FLOAT {
        return finish(state, true);
    }
    finish(state, false)
}

/// `_GUARD_NOS_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_nos_float(state: *mut JitState) -> u64 {
    if (*peek(state, 1)).tag == tag::FLOAT {
        return finish(state, true);
    }
    finish(state, false)
}

/// `_GUARD_TOS_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_tos_float(state: *mut JitState) -> u64 {
    if (*peek(state, 0)).tag == tag::FLOAT {
        return finish(state, true);
    }
    finish(state, false)
}

/// `_GUARD_IS_TRUE_POP`: pop `True` and go on (anything else: the VM pops it and exits).
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_is_true_pop(state: *mut JitState) -> u64 {
    let top = peek(state, 0);
    if (*top).tag == tag::BOOL && bool_of(top) != 0 {
        (*state).sp -= 1;
        return finish(state, true);
    }
    finish(state, false)
}

/// `_GUARD_IS_FALSE_POP`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_is_false_pop(state: *mut JitState) -> u64 {
    let top = peek(state, 0);
    if (*top).tag == tag::BOOL && bool_of(top) == 0 {
        (*state).sp -= 1;
        return finish(state, true);
    }
    finish(state, false)
}

/// `_GUARD_IS_NONE_POP`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_is_none_pop(state: *mut JitState) -> u64 {
    if (*peek(state, 0)).tag == tag::NONE {
        (*state).sp -= 1;
        return finish(state, true);
    }
    finish(state, false)
}

/// `_GUARD_IS_NOT_NONE_POP`: pop (and drop) anything but `None`.
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_is_not_none_pop(state: *mut JitState) -> u64 {
    let top = load(peek(state, 0));
    if top.tag != tag::NONE {
        (*state).sp -= 1;
        return _JIT_CONTINUE(decref(state, top));
    }
    _JIT_SLOW(state)
}

/// `_TO_BOOL_BOOL`
#[no_mangle]
pub unsafe extern "C" fn stencil_to_bool_bool(state: *mut JitState) -> u64 {
    if (*peek(state, 0)).tag == tag::BOOL {
        return finish(state, true);
    }
    finish(state, false)
}

/// `_TO_BOOL_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_to_bool_int(state: *mut JitState) -> u64 {
    let top = peek(state, 0);
    if (*top).tag == tag::INT {
        store(top, boolean((*top).payload != 0));
        return finish(state, true);
    }
    finish(state, false)
}

/// `_TO_BOOL_NONE`
#[no_mangle]
pub unsafe extern "C" fn stencil_to_bool_none(state: *mut JitState) -> u64 {
    let top = peek(state, 0);
    if (*top).tag == tag::NONE {
        store(top, boolean(false));
        return finish(state, true);
    }
    finish(state, false)
}

// ---- arithmetic and comparisons ----------------------------------------------------

/// The two top values when both have tag `t`: (second from the top, top) payloads.
#[inline(always)]
unsafe fn both(state: *mut JitState, t: u64) -> Option<(u64, u64)> {
    let (a, b) = (load(peek(state, 1)), load(peek(state, 0)));
    if a.tag == t && b.tag == t {
        Some((a.payload, b.payload))
    } else {
        None
    }
}

/// An int action: `i64` arithmetic; on overflow the VM computes the big int.
#[inline(always)]
unsafe fn int_op(state: *mut JitState, op: fn(i64, i64) -> Option<i64>) -> u64 {
    if let Some((a, b)) = both(state, tag::INT) {
        if let Some(r) = op(a as i64, b as i64) {
            pop2_push(state, int(r));
            return finish(state, true);
        }
    }
    finish(state, false)
}

/// `_BINARY_OP_ADD_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_add_int(state: *mut JitState) -> u64 {
    int_op(state, i64::checked_add)
}

/// `_BINARY_OP_SUBTRACT_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_subtract_int(state: *mut JitState) -> u64 {
    int_op(state, i64::checked_sub)
}

/// `_BINARY_OP_MULTIPLY_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_multiply_int(state: *mut JitState) -> u64 {
    int_op(state, i64::checked_mul)
}

/// A float action.
#[inline(always)]
unsafe fn float_op(state: *mut JitState, op: fn(f64, f64) -> f64) -> u64 {
    if let Some((a, b)) = both(state, tag::FLOAT) {
        pop2_push(state, float(op(f64::from_bits(a), f64::from_bits(b))));
        return finish(state, true);
    }
    finish(state, false)
}

/// `_BINARY_OP_ADD_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_add_float(state: *mut JitState) -> u64 {
    float_op(state, |a, b| a + b)
}

/// `_BINARY_OP_SUBTRACT_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_subtract_float(state: *mut JitState) -> u64 {
    float_op(state, |a, b| a - b)
}

/// `_BINARY_OP_MULTIPLY_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_multiply_float(state: *mut JitState) -> u64 {
    float_op(state, |a, b| a * b)
}

/// CPython's `COMPARISON_BIT` (as `interp/uop/arith.rs` computes it): 2 for `<`, 4 for
/// `>`, 8 for `==`, 1 when unordered; the oparg holds the mask of bits meaning "true".
#[inline(always)]
fn comparison_bit<T: PartialOrd>(x: T, y: T) -> usize {
    1 << (2 * (x >= y) as usize + (x <= y) as usize)
}

/// `_COMPARE_OP_INT` (both compact, else the VM deopts).
#[no_mangle]
pub unsafe extern "C" fn stencil_compare_op_int(state: *mut JitState) -> u64 {
    if let Some((a, b)) = both(state, tag::INT) {
        let (a, b) = (a as i64, b as i64);
        if a.unsigned_abs() <= COMPACT_MAX as u64 && b.unsigned_abs() <= COMPACT_MAX as u64 {
            pop2_push(state, boolean(oparg() & comparison_bit(a, b) != 0));
            return finish(state, true);
        }
    }
    finish(state, false)
}

/// `_COMPARE_OP_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_compare_op_float(state: *mut JitState) -> u64 {
    if let Some((a, b)) = both(state, tag::FLOAT) {
        let (a, b) = (f64::from_bits(a), f64::from_bits(b));
        pop2_push(state, boolean(oparg() & comparison_bit(a, b) != 0));
        return finish(state, true);
    }
    finish(state, false)
}

// ---- range and list iteration -------------------------------------------------------
// An iterator is a `Value::Iter`: its payload word points to the `Rc`'s allocation, and the
// `Iter` (`#[repr(u64)]`: tag, then fields) sits `Layout::iter` bytes in. A list's `Vec`
// words (items pointer, length) sit `list_items` / `list_len` bytes into its own
// allocation. The JIT measures those offsets once on real values (Rust does not define
// them) and hands them over through `JitState::layout`. Anything unexpected takes the slow path, where the VM runs
// the uop: a guard's failure is then counted and reported exactly as without the JIT.

/// The iterator state of the heap value whose payload word is `payload`.
#[inline(always)]
unsafe fn iter_at(state: *mut JitState, payload: u64) -> *mut u64 {
    payload.wrapping_add((*(*state).layout).iter) as *mut u64
}

/// The top of the stack as a range iterator, if it is one.
#[inline(always)]
unsafe fn top_range(state: *mut JitState) -> Option<*mut RangeIter> {
    let top = load(peek(state, 0));
    if top.tag != tag::ITER {
        return None;
    }
    let it = iter_at(state, top.payload);
    (*it == iter_tag::RANGE).then_some(it.cast())
}

/// `_ITER_CHECK_RANGE`
#[no_mangle]
pub unsafe extern "C" fn stencil_iter_check_range(state: *mut JitState) -> u64 {
    finish(state, top_range(state).is_some())
}

/// `_GUARD_NOT_EXHAUSTED_RANGE`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_not_exhausted_range(state: *mut JitState) -> u64 {
    match top_range(state) {
        Some(it) if (*it).remaining > 0 => finish(state, true),
        _ => finish(state, false),
    }
}

/// `_ITER_NEXT_RANGE`: push the next int (the guard before it saw one left).
#[no_mangle]
pub unsafe extern "C" fn stencil_iter_next_range(state: *mut JitState) -> u64 {
    if has_room(state, 1) {
        if let Some(it) = top_range(state) {
            let v = (*it).next;
            (*it).next = v.wrapping_add((*it).step);
            (*it).remaining = (*it).remaining.wrapping_sub(1);
            push(state, int(v));
            return finish(state, true);
        }
    }
    finish(state, false)
}

/// The top of the stack as a list iterator, if it is one.
#[inline(always)]
unsafe fn top_list_iter(state: *mut JitState) -> Option<*mut ListIter> {
    let top = load(peek(state, 0));
    if top.tag != tag::ITER {
        return None;
    }
    let it = iter_at(state, top.payload);
    (*it == iter_tag::LIST).then_some(it.cast())
}

/// The length of the list whose payload word is `list`.
#[inline(always)]
unsafe fn list_len(state: *mut JitState, list: u64) -> u64 {
    *(list.wrapping_add((*(*state).layout).list_len) as *const u64)
}

/// The items of the list whose payload word is `list`.
#[inline(always)]
unsafe fn list_items(state: *mut JitState, list: u64) -> *mut Slot {
    *(list.wrapping_add((*(*state).layout).list_items) as *const *mut Slot)
}

/// `_ITER_CHECK_LIST`
#[no_mangle]
pub unsafe extern "C" fn stencil_iter_check_list(state: *mut JitState) -> u64 {
    finish(state, top_list_iter(state).is_some())
}

/// `_GUARD_NOT_EXHAUSTED_LIST`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_not_exhausted_list(state: *mut JitState) -> u64 {
    match top_list_iter(state) {
        Some(it) if (*it).index < list_len(state, (*it).list) => finish(state, true),
        _ => finish(state, false),
    }
}

/// `_ITER_NEXT_LIST`: push a clone of the next item. A heap item gets its reference first;
/// after that call the iterator is found again (nothing lives across it in a register).
#[no_mangle]
pub unsafe extern "C" fn stencil_iter_next_list(mut state: *mut JitState) -> u64 {
    if !has_room(state, 1) {
        return _JIT_SLOW(state);
    }
    let Some(it) = top_list_iter(state) else {
        return _JIT_SLOW(state);
    };
    let (list, index) = ((*it).list, (*it).index);
    if index >= list_len(state, list) {
        return _JIT_SLOW(state);
    }
    let item = load(list_items(state, list).add(index as usize));
    if !is_immediate(item.tag) {
        state = incref(state, item);
        let it = iter_at(state, load(peek(state, 0)).payload).cast::<ListIter>();
        let index = (*it).index;
        (*it).index = index + 1;
        push(state, load(list_items(state, (*it).list).add(index as usize)));
        return _JIT_CONTINUE(state);
    }
    (*it).index = index + 1;
    push(state, item);
    _JIT_CONTINUE(state)
}

/// The list's items and the index when the two top values are a list and an int that
/// indexes one of its items (`0 <= i <= COMPACT_MAX`, as the VM's `is_nonneg_compact`).
#[inline(always)]
unsafe fn list_index(state: *mut JitState) -> Option<*mut Slot> {
    let (list, sub) = (load(peek(state, 1)), load(peek(state, 0)));
    if list.tag != tag::LIST || sub.tag != tag::INT || sub.payload > COMPACT_MAX as u64 {
        return None;
    }
    if sub.payload >= list_len(state, list.payload) {
        return None;
    }
    Some(list_items(state, list.payload).add(sub.payload as usize))
}

/// `_BINARY_SUBSCR_LIST_INT`: replace the list and the index by a clone of the item. The
/// item gets its reference (if on the heap) before the list may lose its last one.
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_subscr_list_int(mut state: *mut JitState) -> u64 {
    let Some(at) = list_index(state) else {
        return _JIT_SLOW(state);
    };
    let mut item = load(at);
    if !is_immediate(item.tag) {
        // `incref` changes no list: the item is where it was (found again, not checked again).
        state = incref(state, item);
        let (list, sub) = (load(peek(state, 1)), load(peek(state, 0)));
        item = load(list_items(state, list.payload).add(sub.payload as usize));
    }
    let list = load(peek(state, 1));
    pop2_push(state, item);
    _JIT_CONTINUE(decref(state, list))
}

/// `_STORE_SUBSCR_LIST_INT`: `list[i] = value` (value, list, index on the stack): the
/// value moves into the list; the list and the item it replaced are dropped.
#[no_mangle]
pub unsafe extern "C" fn stencil_store_subscr_list_int(mut state: *mut JitState) -> u64 {
    let Some(at) = list_index(state) else {
        return _JIT_SLOW(state);
    };
    let old = load(at);
    let list = load(peek(state, 1));
    store(at, load(peek(state, 2)));
    (*state).sp -= 3;
    // The list is on the heap: drop it (its last reference frees it, with its items).
    let f: RefHelper = core::mem::transmute(hole!(_JIT_DECREF) as usize);
    state = f(state, list.tag, list.payload);
    _JIT_CONTINUE(decref(state, old))
}

// ---- instance attributes -----------------------------------------------------------
// An instance's class word, its inline values (a `Vec<Value>`) and its `has_dict` flag sit
// at the offsets of `JitState::layout`; the class's `version` sits at an offset from the
// class word. Anything but the plain case takes the slow path.

/// The field `offset` bytes from a heap value's payload word.
#[inline(always)]
unsafe fn field<T>(payload: u64, offset: u64) -> *mut T {
    payload.wrapping_add(offset) as *mut T
}

/// The top of the stack's payload when it is an instance.
#[inline(always)]
unsafe fn top_instance(state: *mut JitState) -> Option<u64> {
    let top = load(peek(state, 0));
    (top.tag == tag::INSTANCE).then_some(top.payload)
}

/// `_GUARD_TYPE_VERSION`: an instance whose class has the version in the operand (any
/// other value: the VM looks its type up).
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_type_version(state: *mut JitState) -> u64 {
    if let Some(inst) = top_instance(state) {
        let layout = &*(*state).layout;
        let class = *field::<u64>(inst, layout.instance_class);
        let version = *field::<u32>(class, layout.class_version);
        if u64::from(version) == hole!(_JIT_OPERAND) {
            return finish(state, true);
        }
    }
    finish(state, false)
}

/// `_CHECK_MANAGED_OBJECT_HAS_VALUES`, `_GUARD_DORV_NO_DICT`: an instance without a dict.
#[no_mangle]
pub unsafe extern "C" fn stencil_check_managed_object_has_values(state: *mut JitState) -> u64 {
    if let Some(inst) = top_instance(state) {
        if *field::<u8>(inst, (*(*state).layout).instance_has_dict) == 0 {
            return finish(state, true);
        }
    }
    finish(state, false)
}

/// The instance's inline value `operand`, when the top is an instance that has it set.
#[inline(always)]
unsafe fn instance_value(state: *mut JitState) -> Option<(u64, *mut Slot)> {
    let inst = top_instance(state)?;
    let layout = &*(*state).layout;
    let i = hole!(_JIT_OPERAND);
    if i >= *field::<u64>(inst, layout.instance_len) {
        return None;
    }
    let at = (*field::<*mut Slot>(inst, layout.instance_items)).add(i as usize);
    ((*at).tag != tag::NULL).then_some((inst, at))
}

/// `_LOAD_ATTR_INSTANCE_VALUE`: replace the instance by a clone of its value `operand`
/// (then a NULL when the oparg's low bit is set, for a method call).
#[no_mangle]
pub unsafe extern "C" fn stencil_load_attr_instance_value(mut state: *mut JitState) -> u64 {
    if !has_room(state, 1) {
        return _JIT_SLOW(state);
    }
    let Some((inst, at)) = instance_value(state) else {
        return _JIT_SLOW(state);
    };
    let mut v = load(at);
    if !is_immediate(v.tag) {
        // `incref` changes no instance: the value is where it was (read again).
        state = incref(state, v);
        let inst = load(peek(state, 0)).payload;
        let layout = &*(*state).layout;
        let items = *field::<*mut Slot>(inst, layout.instance_items);
        v = load(items.add(hole!(_JIT_OPERAND) as usize));
    }
    let owner = load(peek(state, 0));
    let _ = inst;
    store(peek(state, 0), v);
    if oparg() & 1 == 1 {
        push(state, NULL);
    }
    let f: RefHelper = core::mem::transmute(hole!(_JIT_DECREF) as usize);
    _JIT_CONTINUE(f(state, owner.tag, owner.payload))
}

/// `_STORE_ATTR_INSTANCE_VALUE`: `instance.attr = value` (value, instance on the stack)
/// over a value already set (a first store keeps the order of the values: the VM's).
#[no_mangle]
pub unsafe extern "C" fn stencil_store_attr_instance_value(mut state: *mut JitState) -> u64 {
    let Some((_, at)) = instance_value(state) else {
        return _JIT_SLOW(state);
    };
    let owner = load(peek(state, 0));
    let old = load(at);
    store(at, load(peek(state, 1)));
    (*state).sp -= 2;
    let f: RefHelper = core::mem::transmute(hole!(_JIT_DECREF) as usize);
    state = f(state, owner.tag, owner.payload);
    _JIT_CONTINUE(decref(state, old))
}

/// A uop run by the `helper` call of the uop before it (zero bytes once the jump is
/// stripped): a run of uops that all call the VM is one call.
#[no_mangle]
pub unsafe extern "C" fn stencil_fused(state: *mut JitState) -> u64 {
    _JIT_CONTINUE(state)
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
