//! The stencils that move values: local loads and stores, stack shuffles and constants.
//! Part of the standalone stencil source (`stencils.rs` is its root; see its header for the
//! holes and the rules every stencil keeps).

use super::*;

// ---- loads, stores, stack shuffles ---------------------------------------------------

/// Pushes a clone of the value at `at(j, oparg)`, or takes the slow path when the stack is
/// full. A heap value gets its reference inline (see `incref`): no call, so no stack frame.
#[inline(always)]
unsafe fn push_clone(mut j: Regs, at: impl Fn(Regs, usize) -> *mut Slot) -> u64 {
    if !has_room(j, 1) {
        return slow(j);
    }
    let v = load(at(j, oparg()));
    if !is_immediate(v.tag) {
        j = incref(j, v);
    }
    push(&mut j, v);
    go(j)
}

/// `_LOAD_FAST` (and `_0` .. `_7`): push a clone of local `oparg`.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_fast(state: *mut JitState, sp: *mut Slot) -> u64 {
    push_clone(Regs { state, sp }, |j, n| slot(j, n))
}

/// `_STORE_FAST` (and `_0` .. `_7`): move the top into local `oparg`, then drop the value
/// it replaced. (A move is a copy of the two words: the top's slot is no longer counted.)
#[no_mangle]
pub unsafe extern "C" fn stencil_store_fast(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let local = slot(j, oparg());
    let old = load(local);
    store(local, load(peek(j, 0)));
    pop(&mut j, 1);
    go(decref(j, old))
}

/// `_POP_TOP`
#[no_mangle]
pub unsafe extern "C" fn stencil_pop_top(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let top = load(peek(j, 0));
    pop(&mut j, 1);
    go(decref(j, top))
}

/// `_COPY`: push a clone of the value `oparg - 1` below the top.
#[no_mangle]
pub unsafe extern "C" fn stencil_copy(state: *mut JitState, sp: *mut Slot) -> u64 {
    push_clone(Regs { state, sp }, |j, n| peek(j, n - 1))
}

/// `_COPY` with oparg 1 (`a.x += ...` copies the owner): push a clone of the top. The
/// layout picks it by oparg; it is also the first uop of a fused attribute load.
#[no_mangle]
pub unsafe extern "C" fn stencil_copy_1(state: *mut JitState, sp: *mut Slot) -> u64 {
    push_clone(Regs { state, sp }, |j, _| peek(j, 0))
}

/// `_SWAP` with oparg 2: exchange the two top values (the layout picks it by oparg; it is
/// also the first uop of a fused attribute store).
#[no_mangle]
pub unsafe extern "C" fn stencil_swap_2(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    let (top, other) = (peek(j, 0), peek(j, 1));
    let t = load(top);
    store(top, load(other));
    store(other, t);
    go(j)
}

/// `_SWAP`: exchange the top and the value `oparg - 1` below it (any values: moves).
#[no_mangle]
pub unsafe extern "C" fn stencil_swap(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    let top = peek(j, 0);
    let other = peek(j, oparg() - 1);
    let t = load(top);
    store(top, load(other));
    store(other, t);
    go(j)
}

/// The immediate constant in the holes.
#[inline(always)]
pub(crate) unsafe fn constant() -> Slot {
    Slot {
        tag: hole!(_JIT_CONST_TAG),
        payload: hole!(_JIT_CONST_PAYLOAD),
    }
}

/// The constant in the holes as a clone: a heap value gets a reference of its own (the
/// executor's operand keeps the object alive).
#[inline(always)]
pub(crate) unsafe fn constant_clone(j: Regs) -> (Regs, Slot) {
    let c = constant();
    if is_immediate(c.tag) {
        return (j, c);
    }
    (incref(j, c), c)
}

/// `_LOAD_CONST_INLINE` and `_BORROW` (this VM has no immortal objects: both add a
/// reference).
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_inline(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if !has_room(j, 1) {
        return slow(j);
    }
    let (mut j, c) = constant_clone(j);
    push(&mut j, c);
    go(j)
}

/// `_LOAD_CONST_INLINE_WITH_NULL` and `_BORROW_WITH_NULL`.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_inline_with_null(
    state: *mut JitState,
    sp: *mut Slot,
) -> u64 {
    let j = Regs { state, sp };
    if !has_room(j, 2) {
        return slow(j);
    }
    let (mut j, c) = constant_clone(j);
    push(&mut j, c);
    push(&mut j, NULL);
    go(j)
}

/// The NULL stack slot.
pub(crate) const NULL: Slot = Slot {
    tag: tag::NULL,
    payload: 0,
};

/// `_PUSH_NULL`
#[no_mangle]
pub unsafe extern "C" fn stencil_push_null(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    if has_room(j, 1) {
        push(&mut j, NULL);
        return finish(j, true);
    }
    finish(j, false)
}

/// `_POP_TOP_LOAD_CONST_INLINE_BORROW`
#[no_mangle]
pub unsafe extern "C" fn stencil_pop_top_load_const_inline(
    state: *mut JitState,
    sp: *mut Slot,
) -> u64 {
    let (j, c) = constant_clone(Regs { state, sp });
    let top = peek(j, 0);
    let old = load(top);
    store(top, c);
    go(decref(j, old))
}
