//! Fused stencils: one stencil for a run of adjacent uops that traces hold again and again
//! (superinstructions, the JIT's form of them). Part of the standalone stencil source
//! (`stencils.rs` is its root). Which runs are fused, and the uops each covers, is the
//! crate's `stencil::FUSIONS` table (checked against the uop table by the tests); the
//! patcher picks a fused stencil for the first uop of a matching run and gives the others
//! the empty `fused` stencil.
//!
//! A fused stencil reads the operands of the later uops of its run through holes of their
//! own (`_JIT_OPERAND_PLUS1` is the operand of the uop one after the stencil's own, ...).
//! (Some runs need no stencil of their own: a type guard before an arithmetic uop whose
//! stencil tests both tags anyway is that stencil alone; `FUSIONS` lists those too.)
//! It checks everything first and writes nothing until every check passed, so that on any
//! failure the stack is still as it was before the run's first uop. Its slow path then runs
//! the whole run in the VM (`_JIT_COUNT` is the run's length): a failing guard exits through
//! its own stub with the stack the uop interpreter would leave, and its statistics are the
//! uop interpreter's.

use super::stack::constant;
use super::heap::{class_of, field, push_next_list_item, top_instance, top_range};
use super::*;

extern "C" {
    static _JIT_OPERAND_PLUS1: u8;
    static _JIT_OPERAND_PLUS2: u8;
    static _JIT_OPERAND_PLUS3: u8;
}

/// The slot of inline value `index` of the instance whose payload word is `inst`, when the
/// instance passes what the run's guards check (its class has version `version`:
/// `_GUARD_TYPE_VERSION`; it has no dict: `_CHECK_MANAGED_OBJECT_HAS_VALUES` or
/// `_GUARD_DORV_NO_DICT`) and the value is set (what `_LOAD_ATTR_INSTANCE_VALUE` and this
/// JIT's `_STORE_ATTR_INSTANCE_VALUE` fast path need).
#[inline(always)]
unsafe fn checked_value(j: Regs, inst: u64, version: u64, index: u64) -> Option<*mut Slot> {
    let layout = &(*j.state).layout;
    let class = class_of(j, inst);
    if u64::from(*field::<u32>(class, layout.class_version)) != version {
        return None;
    }
    if *field::<u8>(inst, layout.instance_has_dict) != 0 {
        return None;
    }
    if index >= *field::<u64>(inst, layout.instance_len) {
        return None;
    }
    let at = (*field::<*mut Slot>(inst, layout.instance_items)).add(index as usize);
    ((*at).tag != tag::NULL).then_some(at)
}

/// `_LOAD_FAST` + `_GUARD_TYPE_VERSION` + `_CHECK_MANAGED_OBJECT_HAS_VALUES` +
/// `_LOAD_ATTR_INSTANCE_VALUE` (oparg's low bit clear): `local.attr`, CPython's most
/// common attribute load in a loop (`self.x`, `body.vx`). Push a clone of the instance's
/// inline value `operand` (of the fourth uop) when local `oparg` is an instance without a
/// dict whose class has version `operand` (of the second).
///
/// What the fusion saves over the four stencils: the instance is never pushed, so its
/// reference count is neither raised (`_LOAD_FAST`) nor lowered (`_LOAD_ATTR_*`): the
/// local holds it throughout. Its tag and payload are read once, into registers, instead
/// of being stored to the stack and read back by each of the three uops after it.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_fast_load_attr_instance_value(
    state: *mut JitState,
    sp: *mut Slot,
) -> u64 {
    let mut j = Regs { state, sp };
    if !has_room(j, 1) {
        return slow(j);
    }
    let owner = load(slot(j, oparg()));
    if owner.tag != tag::INSTANCE {
        return slow(j);
    }
    let version = hole!(_JIT_OPERAND_PLUS1);
    let Some(at) = checked_value(j, owner.payload, version, hole!(_JIT_OPERAND_PLUS3)) else {
        return slow(j);
    };
    let v;
    (j, v) = load_new_ref(j, at);
    push(&mut j, v);
    go(j)
}

/// `_GUARD_TYPE_VERSION` + `_CHECK_MANAGED_OBJECT_HAS_VALUES` + `_LOAD_ATTR_INSTANCE_VALUE`
/// (low bit clear) on the instance at the top (`a.x += ...` loads `a.x` after a `_COPY`):
/// replace it by a clone of its value. Saves two reads of the top and two tag tests.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_attr_instance_value_guarded(
    state: *mut JitState,
    sp: *mut Slot,
) -> u64 {
    let mut j = Regs { state, sp };
    let Some(inst) = top_instance(j) else {
        return slow(j);
    };
    let version = hole!(_JIT_OPERAND);
    let Some(at) = checked_value(j, inst, version, hole!(_JIT_OPERAND_PLUS2)) else {
        return slow(j);
    };
    let v;
    (j, v) = load_new_ref(j, at);
    let owner = load(peek(j, 0));
    store(peek(j, 0), v);
    go(decref_heap(j, owner))
}

/// `_GUARD_TYPE_VERSION` + `_GUARD_DORV_NO_DICT` + `_STORE_ATTR_INSTANCE_VALUE`:
/// `instance.attr = value` (value, instance on the stack) over a value already set.
#[no_mangle]
pub unsafe extern "C" fn stencil_store_attr_instance_value_guarded(
    state: *mut JitState,
    sp: *mut Slot,
) -> u64 {
    let mut j = Regs { state, sp };
    let Some(inst) = top_instance(j) else {
        return slow(j);
    };
    let version = hole!(_JIT_OPERAND);
    let Some(at) = checked_value(j, inst, version, hole!(_JIT_OPERAND_PLUS2)) else {
        return slow(j);
    };
    let owner = load(peek(j, 0));
    let old = load(at);
    store(at, load(peek(j, 1)));
    pop(&mut j, 2);
    j = decref_heap(j, owner);
    go(decref(j, old))
}

/// `_COPY` (oparg 1) + `_GUARD_TYPE_VERSION` + `_CHECK_MANAGED_OBJECT_HAS_VALUES` +
/// `_LOAD_ATTR_INSTANCE_VALUE` (low bit clear): `a.x += ...` reads `a.x` and keeps `a`
/// below it for the store. Push a clone of the top instance's value: the copy of the owner
/// would get a reference and lose it again, so it is never made.
#[no_mangle]
pub unsafe extern "C" fn stencil_copy_load_attr_instance_value(
    state: *mut JitState,
    sp: *mut Slot,
) -> u64 {
    let mut j = Regs { state, sp };
    if !has_room(j, 1) {
        return slow(j);
    }
    let Some(inst) = top_instance(j) else {
        return slow(j);
    };
    let version = hole!(_JIT_OPERAND_PLUS1);
    let Some(at) = checked_value(j, inst, version, hole!(_JIT_OPERAND_PLUS3)) else {
        return slow(j);
    };
    let v;
    (j, v) = load_new_ref(j, at);
    push(&mut j, v);
    go(j)
}

/// `_SWAP` (oparg 2) + `_GUARD_TYPE_VERSION` + `_GUARD_DORV_NO_DICT` +
/// `_STORE_ATTR_INSTANCE_VALUE`: the end of `a.x += ...`, with the new value on the top and
/// the owner below it. The two are never exchanged: the value goes straight into the
/// instance.
#[no_mangle]
pub unsafe extern "C" fn stencil_swap_store_attr_instance_value(
    state: *mut JitState,
    sp: *mut Slot,
) -> u64 {
    let mut j = Regs { state, sp };
    let owner = load(peek(j, 1));
    if owner.tag != tag::INSTANCE {
        return slow(j);
    }
    let version = hole!(_JIT_OPERAND_PLUS1);
    let Some(at) = checked_value(j, owner.payload, version, hole!(_JIT_OPERAND_PLUS3)) else {
        return slow(j);
    };
    let old = load(at);
    store(at, load(peek(j, 0)));
    pop(&mut j, 2);
    j = decref_heap(j, owner);
    go(decref(j, old))
}

// ---- for loops ---------------------------------------------------------------------------

/// `_GUARD_NOT_EXHAUSTED_RANGE` + `_ITER_NEXT_RANGE`: the head of `for i in range(...)`
/// (after `_ITER_CHECK_RANGE`). The iterator's state is read once instead of twice; an
/// exhausted range leaves through the guard's exit (see [`exhausted`]).
#[no_mangle]
pub unsafe extern "C" fn stencil_for_iter_range(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    if !has_room(j, 1) {
        return slow(j);
    }
    let Some(it) = top_range(j) else {
        return slow(j);
    };
    if (*it).remaining <= 0 {
        return exhausted(j);
    }
    let v = (*it).next;
    (*it).next = v.wrapping_add((*it).step);
    (*it).remaining = (*it).remaining.wrapping_sub(1);
    push(&mut j, int(v));
    go(j)
}

/// `_GUARD_NOT_EXHAUSTED_LIST` + `_ITER_NEXT_LIST`: the head of `for x in a_list` (after
/// `_ITER_CHECK_LIST`), the iterator read once; push a clone of the next item.
#[no_mangle]
pub unsafe extern "C" fn stencil_for_iter_list(state: *mut JitState, sp: *mut Slot) -> u64 {
    // `_ITER_NEXT_LIST` checks exhaustion itself: its body is the guard's too, but an
    // exhausted list leaves through the guard's exit (see [`exhausted`]).
    push_next_list_item(Regs { state, sp }, exhausted)
}

/// The end of a `for` loop in a fused loop head, whose first uop is the exhausted guard:
/// straight to that guard's exit stub, as the uop interpreter goes there after the guard
/// fails (the stack unchanged), without the slow path's call into the VM (about 200 machine
/// instructions at the end of every loop). With `--stats` on, the slow path all the same, so
/// that the VM counts the failed guard by uop.
#[inline(always)]
unsafe fn exhausted(j: Regs) -> u64 {
    if (*j.state).counting_guards != 0 {
        return slow(j);
    }
    _JIT_JUMP_TARGET(j.state, j.sp)
}

// ---- a local as the right operand -----------------------------------------------------

/// `_LOAD_FAST` (+ a type guard) + an int operation: `left op local`, with `left` on the
/// top of the stack. The local is read into a register, never pushed (saving the room
/// check, two stores and the reads that take it back off the stack).
#[inline(always)]
unsafe fn local_int_op(j: Regs, op: fn(i64, i64) -> Option<i64>) -> u64 {
    int_op_on_top(j, || load(slot(j, oparg())), op)
}

/// `_LOAD_FAST` (+ a type guard) + a float operation: `left op local`.
#[inline(always)]
unsafe fn local_float_op(j: Regs, op: fn(f64, f64) -> f64) -> u64 {
    float_op_on_top(j, || load(slot(j, oparg())), op)
}

/// `left op right` for `left` on the top of the stack and `right` read by `right` (after
/// `left`), into registers: both ints in 64 bits, no overflow, and the result replaces
/// `left`; anything else takes the slow path.
#[inline(always)]
unsafe fn int_op_on_top(
    j: Regs,
    right: impl FnOnce() -> Slot,
    op: fn(i64, i64) -> Option<i64>,
) -> u64 {
    let (left, right) = (load(peek(j, 0)), right());
    if left.tag != tag::INT || right.tag != tag::INT {
        return slow(j);
    }
    let Some(r) = op(left.payload as i64, right.payload as i64) else {
        return slow(j);
    };
    core::ptr::write_volatile(&raw mut (*peek(j, 0)).payload, r as u64);
    go(j)
}

/// `int_op_on_top` for two floats.
#[inline(always)]
unsafe fn float_op_on_top(j: Regs, right: impl FnOnce() -> Slot, op: fn(f64, f64) -> f64) -> u64 {
    let (left, right) = (load(peek(j, 0)), right());
    if left.tag != tag::FLOAT || right.tag != tag::FLOAT {
        return slow(j);
    }
    let r = op(f64::from_bits(left.payload), f64::from_bits(right.payload));
    core::ptr::write_volatile(&raw mut (*peek(j, 0)).payload, r.to_bits());
    go(j)
}

/// `_LOAD_FAST` (+ guard) + `_BINARY_OP_ADD_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_fast_binary_op_add_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    local_int_op(Regs { state, sp }, i64::checked_add)
}

/// `_LOAD_FAST` (+ guard) + `_BINARY_OP_SUBTRACT_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_fast_binary_op_subtract_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    local_int_op(Regs { state, sp }, i64::checked_sub)
}

/// `_LOAD_FAST` (+ guard) + `_BINARY_OP_MULTIPLY_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_fast_binary_op_multiply_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    local_int_op(Regs { state, sp }, i64::checked_mul)
}

/// `_LOAD_FAST` (+ guard) + `_BINARY_OP_ADD_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_fast_binary_op_add_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    local_float_op(Regs { state, sp }, |a, b| a + b)
}

/// `_LOAD_FAST` (+ guard) + `_BINARY_OP_SUBTRACT_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_fast_binary_op_subtract_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    local_float_op(Regs { state, sp }, |a, b| a - b)
}

/// `_LOAD_FAST` (+ guard) + `_BINARY_OP_MULTIPLY_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_fast_binary_op_multiply_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    local_float_op(Regs { state, sp }, |a, b| a * b)
}

// ---- a constant as the right operand --------------------------------------------------

/// A constant (+ a type guard) + an int operation: `left op constant`, `left` on the top of
/// the stack. The constant's two words are this stencil's holes (`_JIT_CONST_TAG`,
/// `_JIT_CONST_PAYLOAD`): it is never pushed nor read back.
#[inline(always)]
unsafe fn const_int_op(j: Regs, op: fn(i64, i64) -> Option<i64>) -> u64 {
    int_op_on_top(j, || constant(), op)
}

/// A constant (+ a type guard) + a float operation: `left op constant`.
#[inline(always)]
unsafe fn const_float_op(j: Regs, op: fn(f64, f64) -> f64) -> u64 {
    float_op_on_top(j, || constant(), op)
}

/// A constant (+ guard) + `_BINARY_OP_ADD_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_binary_op_add_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    const_int_op(Regs { state, sp }, i64::checked_add)
}

/// A constant (+ guard) + `_BINARY_OP_SUBTRACT_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_binary_op_subtract_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    const_int_op(Regs { state, sp }, i64::checked_sub)
}

/// A constant (+ guard) + `_BINARY_OP_MULTIPLY_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_binary_op_multiply_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    const_int_op(Regs { state, sp }, i64::checked_mul)
}

/// A constant (+ guard) + `_BINARY_OP_ADD_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_binary_op_add_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    const_float_op(Regs { state, sp }, |a, b| a + b)
}

/// A constant (+ guard) + `_BINARY_OP_SUBTRACT_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_binary_op_subtract_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    const_float_op(Regs { state, sp }, |a, b| a - b)
}

/// A constant (+ guard) + `_BINARY_OP_MULTIPLY_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_load_const_binary_op_multiply_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    const_float_op(Regs { state, sp }, |a, b| a * b)
}

/// The value slot of entry `index` of the `Dict` at `dict`, when the dict's keys version is
/// `version` (what `_GUARD_GLOBALS_VERSION` and `_CHECK_ATTR_MODULE` check; the layout fuses
/// only runs whose versions are nonzero). A nonzero version means the keys are those it was
/// given out for (tracer's `Dict` sets it to 0 on any insertion or removal of a key), so the
/// index cached with it is inside the entries: what `Dict::value_at` would answer, without
/// its bounds check.
#[inline(always)]
unsafe fn versioned_entry(j: Regs, dict: u64, version: u64, index: u64) -> Option<*mut Slot> {
    let layout = &(*j.state).layout;
    if u64::from(*field::<u32>(dict, layout.dict_keys_version)) != version {
        return None;
    }
    let entries = *field::<u64>(dict, layout.dict_entries);
    Some((entries + index * layout.dict_entry_size + layout.dict_entry_value) as *mut Slot)
}

/// `_GUARD_GLOBALS_VERSION` + `_LOAD_GLOBAL_MODULE` + `_CHECK_ATTR_MODULE` +
/// `_LOAD_ATTR_MODULE` (both opargs even: no NULL pushed; the layout fuses only those, and
/// only with nonzero versions):
/// `math.sqrt`. Push a clone of entry `operand` (of the fourth uop) of the module's dict,
/// when the frame's globals have keys version `operand` (of the first), their entry
/// `operand` (of the second) is a module, and its dict has keys version `operand` (of the
/// third).
///
/// What it saves: the four uops called the VM (one helper call running four uops: 290
/// instructions per `math.sqrt` in nbody, callgrind); here the module is never pushed, so
/// its reference count is neither raised nor lowered.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_global_module_attr(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    if !has_room(j, 1) {
        return slow(j);
    }
    let globals = (*j.state).globals as u64;
    let Some(at) = versioned_entry(j, globals, hole!(_JIT_OPERAND), hole!(_JIT_OPERAND_PLUS1))
    else {
        return slow(j);
    };
    let module = load(at);
    let Some(at) = module_entry(j, module, hole!(_JIT_OPERAND_PLUS2), hole!(_JIT_OPERAND_PLUS3))
    else {
        return slow(j);
    };
    let v;
    (j, v) = load_new_ref(j, at);
    push(&mut j, v);
    go(j)
}

/// The value slot of entry `index` of the dict of `module`, when it is a module whose dict
/// has keys version `version` (`_CHECK_ATTR_MODULE`).
#[inline(always)]
unsafe fn module_entry(j: Regs, module: Slot, version: u64, index: u64) -> Option<*mut Slot> {
    if module.tag != tag::MODULE {
        return None;
    }
    let layout = &(*j.state).layout;
    let dict = (*field::<u64>(module.payload, layout.module_dict)).wrapping_add(layout.dict);
    versioned_entry(j, dict, version, index)
}

/// `_CHECK_ATTR_MODULE` + `_LOAD_ATTR_MODULE` (oparg even, nonzero version: the layout
/// fuses only those) on the module at the top, usually a constant of the trace
/// (`_LOAD_CONST_INLINE`, where tier 2 watches the globals): replace it by a clone of its
/// dict's entry `operand` (of the second uop) when its dict has keys version `operand`.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_attr_module(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let module = load(peek(j, 0));
    let Some(at) = module_entry(j, module, hole!(_JIT_OPERAND), hole!(_JIT_OPERAND_PLUS1)) else {
        return slow(j);
    };
    let v;
    (j, v) = load_new_ref(j, at);
    store(peek(j, 0), v);
    go(decref_heap(j, module))
}
