//! The stencils of uops on heap values whose state machine code reads itself: range and
//! list iteration, list subscripts, and instance attributes. Part of the standalone stencil
//! source (`stencils.rs` is its root); the offsets where that state sits come from
//! `JitState::layout`, measured by the JIT on real values.

use super::stack::NULL;
use super::*;

// ---- range and list iteration -------------------------------------------------------
// An iterator is a `Value::Iter`: its payload word points to the `Rc`'s allocation, and the
// `Iter` (`#[repr(u64)]`: tag, then fields) sits `Layout::iter` bytes in. A list's `Vec`
// words (items pointer, length) sit `list_items` / `list_len` bytes into its own
// allocation. The JIT measures those offsets once on real values (Rust does not define
// them) and hands them over through `JitState::layout`. Anything unexpected takes the slow path, where the VM runs
// the uop: a guard's failure is then counted and reported exactly as without the JIT.

/// The iterator state of the heap value whose payload word is `payload`.
#[inline(always)]
unsafe fn iter_at(j: Regs, payload: u64) -> *mut u64 {
    payload.wrapping_add((*j.state).layout.iter) as *mut u64
}

/// The top of the stack as a range iterator, if it is one.
#[inline(always)]
pub(crate) unsafe fn top_range(j: Regs) -> Option<*mut RangeIter> {
    let top = load(peek(j, 0));
    if top.tag != tag::ITER {
        return None;
    }
    let it = iter_at(j, top.payload);
    (*it == iter_tag::RANGE).then_some(it.cast())
}

/// `_ITER_CHECK_RANGE`
#[no_mangle]
pub unsafe extern "C" fn stencil_iter_check_range(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    finish(j, top_range(j).is_some())
}

/// `_GUARD_NOT_EXHAUSTED_RANGE`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_not_exhausted_range(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    match top_range(j) {
        Some(it) if (*it).remaining > 0 => finish(j, true),
        _ => finish(j, false),
    }
}

/// `_ITER_NEXT_RANGE`: push the next int (the guard before it saw one left).
#[no_mangle]
pub unsafe extern "C" fn stencil_iter_next_range(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    if has_room(j, 1) {
        if let Some(it) = top_range(j) {
            let v = (*it).next;
            (*it).next = v.wrapping_add((*it).step);
            (*it).remaining = (*it).remaining.wrapping_sub(1);
            push(&mut j, int(v));
            return finish(j, true);
        }
    }
    finish(j, false)
}

/// The top of the stack as a list iterator, if it is one.
#[inline(always)]
pub(crate) unsafe fn top_list_iter(j: Regs) -> Option<*mut ListIter> {
    let top = load(peek(j, 0));
    if top.tag != tag::ITER {
        return None;
    }
    let it = iter_at(j, top.payload);
    (*it == iter_tag::LIST).then_some(it.cast())
}

/// The length of the list whose payload word is `list`.
#[inline(always)]
pub(crate) unsafe fn list_len(j: Regs, list: u64) -> u64 {
    *(list.wrapping_add((*j.state).layout.list_len) as *const u64)
}

/// The items of the list whose payload word is `list`.
#[inline(always)]
pub(crate) unsafe fn list_items(j: Regs, list: u64) -> *mut Slot {
    *(list.wrapping_add((*j.state).layout.list_items) as *const *mut Slot)
}

/// `_ITER_CHECK_LIST`
#[no_mangle]
pub unsafe extern "C" fn stencil_iter_check_list(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    finish(j, top_list_iter(j).is_some())
}

/// `_GUARD_NOT_EXHAUSTED_LIST`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_not_exhausted_list(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    match top_list_iter(j) {
        Some(it) if (*it).index < list_len(j, (*it).list) => finish(j, true),
        _ => finish(j, false),
    }
}

/// `_ITER_NEXT_LIST`: push a clone of the next item (a heap item gets its reference).
#[no_mangle]
pub unsafe extern "C" fn stencil_iter_next_list(state: *mut JitState, sp: *mut Slot) -> u64 {
    push_next_list_item(Regs { state, sp }, slow)
}

/// The body of `_ITER_NEXT_LIST` (also the fused loop head's, which reads the iterator once
/// for both uops): the slow path when the iterator is not a list's, and `exhausted` when
/// it has no item left.
#[inline(always)]
pub(crate) unsafe fn push_next_list_item(mut j: Regs, exhausted: unsafe fn(Regs) -> u64) -> u64 {
    if !has_room(j, 1) {
        return slow(j);
    }
    let Some(it) = top_list_iter(j) else {
        return slow(j);
    };
    let (list, index) = ((*it).list, (*it).index);
    if index >= list_len(j, list) {
        return exhausted(j);
    }
    let item = load(list_items(j, list).add(index as usize));
    if !is_immediate(item.tag) {
        j = incref(j, item);
    }
    (*it).index = index + 1;
    push(&mut j, item);
    go(j)
}

/// The list's items and the index when the two top values are a list and an int that
/// indexes one of its items (`0 <= i <= COMPACT_MAX`, as the VM's `is_nonneg_compact`).
#[inline(always)]
unsafe fn list_index(j: Regs) -> Option<*mut Slot> {
    let (list, sub) = (load(peek(j, 1)), load(peek(j, 0)));
    if list.tag != tag::LIST || sub.tag != tag::INT || sub.payload > COMPACT_MAX as u64 {
        return None;
    }
    if sub.payload >= list_len(j, list.payload) {
        return None;
    }
    Some(list_items(j, list.payload).add(sub.payload as usize))
}

/// `_BINARY_SUBSCR_LIST_INT`: replace the list and the index by a clone of the item. The
/// item gets its reference (if on the heap) before the list may lose its last one.
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_subscr_list_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let Some(at) = list_index(j) else {
        return slow(j);
    };
    let item = load(at);
    if !is_immediate(item.tag) {
        j = incref(j, item);
    }
    let list = load(peek(j, 1));
    pop2_push(&mut j, item);
    go(decref_heap(j, list))
}

/// `_STORE_SUBSCR_LIST_INT`: `list[i] = value` (value, list, index on the stack): the
/// value moves into the list; the list and the item it replaced are dropped.
#[no_mangle]
pub unsafe extern "C" fn stencil_store_subscr_list_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let Some(at) = list_index(j) else {
        return slow(j);
    };
    let old = load(at);
    let list = load(peek(j, 1));
    store(at, load(peek(j, 2)));
    pop(&mut j, 3);
    // The list is on the heap: drop it (its last reference frees it, with its items).
    j = decref_heap(j, list);
    go(decref(j, old))
}

// ---- instance attributes -----------------------------------------------------------
// An instance's class word, its inline values (a `Vec<Value>`) and its `has_dict` flag sit
// at the offsets of `JitState::layout`; the class's `version` sits at an offset from the
// class word. Anything but the plain case takes the slow path.

/// The field `offset` bytes from a heap value's payload word.
#[inline(always)]
pub(crate) unsafe fn field<T>(payload: u64, offset: u64) -> *mut T {
    payload.wrapping_add(offset) as *mut T
}

/// The top of the stack's payload when it is an instance.
#[inline(always)]
pub(crate) unsafe fn top_instance(j: Regs) -> Option<u64> {
    let top = load(peek(j, 0));
    (top.tag == tag::INSTANCE).then_some(top.payload)
}

/// The class word (an `Rc<Class>` pointer) of the instance whose payload word is `inst`.
#[inline(always)]
pub(crate) unsafe fn class_of(j: Regs, inst: u64) -> u64 {
    *field::<u64>(inst, (*j.state).layout.instance_class)
}

/// `_GUARD_TYPE_VERSION`: an instance whose class has the version in the operand (any
/// other value: the VM looks its type up).
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_type_version(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if let Some(inst) = top_instance(j) {
        let version = *field::<u32>(class_of(j, inst), (*j.state).layout.class_version);
        if u64::from(version) == hole!(_JIT_OPERAND) {
            return finish(j, true);
        }
    }
    finish(j, false)
}

/// `_GUARD_KEYS_VERSION`: an instance whose class's shared keys are as the specializer saw
/// them (their count plus one is the operand), so the method it cached is still the class's.
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_keys_version(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if let Some(inst) = top_instance(j) {
        let keys = *field::<u64>(class_of(j, inst), (*j.state).layout.class_keys_len);
        return finish(j, keys.wrapping_add(1) == hole!(_JIT_OPERAND));
    }
    finish(j, false)
}

/// `_LOAD_ATTR_METHOD_WITH_VALUES`, `_NO_DICT`: `(owner -- method, owner)`, the method the
/// specializer cached being the operand's object (its two words are holes, as a constant's);
/// the guards before it checked the owner.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_attr_method(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if !has_room(j, 1) {
        return slow(j);
    }
    let owner = load(peek(j, 0));
    let (mut j, method) = super::stack::constant_clone(j);
    store(peek(j, 0), method);
    push(&mut j, owner);
    go(j)
}

/// `_CHECK_MANAGED_OBJECT_HAS_VALUES`, `_GUARD_DORV_NO_DICT`: an instance without a dict.
#[no_mangle]
pub unsafe extern "C" fn stencil_check_managed_object_has_values(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if let Some(inst) = top_instance(j) {
        if *field::<u8>(inst, (*j.state).layout.instance_has_dict) == 0 {
            return finish(j, true);
        }
    }
    finish(j, false)
}

/// The instance's inline value `operand`, when the top is an instance that has it set.
#[inline(always)]
unsafe fn instance_value(j: Regs) -> Option<(u64, *mut Slot)> {
    let inst = top_instance(j)?;
    let layout = &(*j.state).layout;
    let i = hole!(_JIT_OPERAND);
    if i >= *field::<u64>(inst, layout.instance_len) {
        return None;
    }
    let at = (*field::<*mut Slot>(inst, layout.instance_items)).add(i as usize);
    ((*at).tag != tag::NULL).then_some((inst, at))
}

/// `_LOAD_ATTR_INSTANCE_VALUE`: replace the instance by a clone of its value `operand`,
/// then push a NULL when `WITH_NULL` (the oparg's low bit, for a method call). The layout
/// picks the stencil by that bit, so the common case tests nothing at run time and, pushing
/// nothing, needs no room check.
#[inline(always)]
unsafe fn load_attr_instance_value<const WITH_NULL: bool>(mut j: Regs) -> u64 {
    if WITH_NULL && !has_room(j, 1) {
        return slow(j);
    }
    let Some((_, at)) = instance_value(j) else {
        return slow(j);
    };
    let v;
    (j, v) = load_new_ref(j, at);
    let owner = load(peek(j, 0));
    store(peek(j, 0), v);
    if WITH_NULL {
        push(&mut j, NULL);
    }
    go(decref_heap(j, owner))
}

/// `_LOAD_ATTR_INSTANCE_VALUE` with the oparg's low bit clear: `instance.attr`.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_attr_instance_value(state: *mut JitState, sp: *mut Slot) -> u64 {
    load_attr_instance_value::<false>(Regs { state, sp })
}

/// `_LOAD_ATTR_INSTANCE_VALUE` with the low bit set: the value, then a NULL.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_attr_instance_value_with_null(
    state: *mut JitState,
    sp: *mut Slot,
) -> u64 {
    load_attr_instance_value::<true>(Regs { state, sp })
}

/// `_STORE_ATTR_INSTANCE_VALUE`: `instance.attr = value` (value, instance on the stack)
/// over a value already set (a first store keeps the order of the values: the VM's).
#[no_mangle]
pub unsafe extern "C" fn stencil_store_attr_instance_value(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let Some((_, at)) = instance_value(j) else {
        return slow(j);
    };
    let owner = load(peek(j, 0));
    let old = load(at);
    store(at, load(peek(j, 1)));
    pop(&mut j, 2);
    j = decref_heap(j, owner);
    go(decref(j, old))
}


// ---- builtin calls ------------------------------------------------------------------

/// `_CALL_BUILTIN_O` on `f(x)` where `f` is a builtin with a float kernel
/// (`Builtin::float_kernel`, at `Layout::builtin_float_kernel`: `math.sqrt` and its kin)
/// and `x` a float: call the kernel directly, as CPython's stencil calls the C function,
/// and push its result when finite. Everything else (another callable, a bound method, an
/// int argument, a NaN or infinite result that may have to raise) takes the slow path,
/// where the VM runs the uop (the kernel is pure: computing again changes nothing).
#[no_mangle]
pub unsafe extern "C" fn stencil_call_builtin_o(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    if oparg() == 1 {
        let (callable, self_or_null, arg) = (load(peek(j, 2)), load(peek(j, 1)), load(peek(j, 0)));
        if callable.tag == tag::BUILTIN && self_or_null.tag == tag::NULL && arg.tag == tag::FLOAT {
            let kernel = *field::<u64>(callable.payload, (*j.state).layout.builtin_float_kernel);
            if kernel != 0 {
                let f: extern "C" fn(f64) -> f64 = core::mem::transmute(kernel as usize);
                let r = f(f64::from_bits(arg.payload));
                if r.is_finite() {
                    // The stack's reference to the builtin goes (the argument is a float:
                    // nothing to drop); the result takes the callable's slot.
                    j = decref_heap(j, callable);
                    pop(&mut j, 2);
                    store(peek(j, 0), float(r));
                    return go(j);
                }
            }
        }
    }
    slow(j)
}

// ---- closure cells --------------------------------------------------------------------

/// `_LOAD_DEREF`: push the value of the cell in local `oparg` (a new reference), read at
/// `Layout::cell_value` without a `RefCell` borrow (none is held while a trace runs). An
/// empty cell (the VM raises `NameError`) or a slot that holds no cell takes the slow path.
#[no_mangle]
pub unsafe extern "C" fn stencil_load_deref(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if has_room(j, 1) {
        let cell = load(slot(j, oparg()));
        if cell.tag == tag::CELL {
            let (mut j, v) = load_new_ref(j, field::<Slot>(cell.payload, (*j.state).layout.cell_value));
            if v.tag != tag::NULL {
                push(&mut j, v);
                return go(j);
            }
        }
    }
    slow(j)
}
