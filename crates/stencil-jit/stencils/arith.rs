//! The stencils of guards, truth tests, int and float arithmetic and comparisons: the fast
//! path works on immediate values and the VM's helper takes the rest. Part of the standalone
//! stencil source (`stencils.rs` is its root; see its header for the holes and the rules).

use super::*;

// ---- guards ---------------------------------------------------------------------------
// A guard's fast path only passes; anything else asks the VM, which also passes a big int
// where the uop accepts one, counts the failure for `--stats` and answers `JUMP`.

/// `_GUARD_BOTH_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_both_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if (*peek(j, 0)).tag == tag::INT && (*peek(j, 1)).tag == tag::INT {
        return finish(j, true);
    }
    finish(j, false)
}

/// `_GUARD_NOS_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_nos_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if (*peek(j, 1)).tag == tag::INT {
        return finish(j, true);
    }
    finish(j, false)
}

/// `_GUARD_TOS_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_tos_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if (*peek(j, 0)).tag == tag::INT {
        return finish(j, true);
    }
    finish(j, false)
}

/// `_GUARD_BOTH_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_both_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if (*peek(j, 0)).tag == tag::FLOAT && (*peek(j, 1)).tag == tag::FLOAT {
        return finish(j, true);
    }
    finish(j, false)
}

/// `_GUARD_NOS_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_nos_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if (*peek(j, 1)).tag == tag::FLOAT {
        return finish(j, true);
    }
    finish(j, false)
}

/// `_GUARD_TOS_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_tos_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if (*peek(j, 0)).tag == tag::FLOAT {
        return finish(j, true);
    }
    finish(j, false)
}

/// `_GUARD_IS_TRUE_POP`: pop `True` and go on (anything else: the VM pops it and exits).
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_is_true_pop(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let top = peek(j, 0);
    if (*top).tag == tag::BOOL && bool_of(top) != 0 {
        pop(&mut j, 1);
        return finish(j, true);
    }
    finish(j, false)
}

/// `_GUARD_IS_FALSE_POP`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_is_false_pop(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let top = peek(j, 0);
    if (*top).tag == tag::BOOL && bool_of(top) == 0 {
        pop(&mut j, 1);
        return finish(j, true);
    }
    finish(j, false)
}

/// `_GUARD_IS_NONE_POP`
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_is_none_pop(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    if (*peek(j, 0)).tag == tag::NONE {
        pop(&mut j, 1);
        return finish(j, true);
    }
    finish(j, false)
}

/// `_GUARD_IS_NOT_NONE_POP`: pop (and drop) anything but `None`.
#[no_mangle]
pub unsafe extern "C" fn stencil_guard_is_not_none_pop(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let top = load(peek(j, 0));
    if top.tag != tag::NONE {
        pop(&mut j, 1);
        // Anything but None: an int or a float as well as a heap value.
        return go(decref(j, top));
    }
    slow(j)
}

/// `_TO_BOOL_BOOL`
#[no_mangle]
pub unsafe extern "C" fn stencil_to_bool_bool(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    if (*peek(j, 0)).tag == tag::BOOL {
        return finish(j, true);
    }
    finish(j, false)
}

/// `_TO_BOOL_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_to_bool_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    let top = peek(j, 0);
    if (*top).tag == tag::INT {
        store(top, boolean((*top).payload != 0));
        return finish(j, true);
    }
    finish(j, false)
}

/// `_TO_BOOL_NONE`
#[no_mangle]
pub unsafe extern "C" fn stencil_to_bool_none(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    let top = peek(j, 0);
    if (*top).tag == tag::NONE {
        store(top, boolean(false));
        return finish(j, true);
    }
    finish(j, false)
}

// ---- arithmetic and comparisons ----------------------------------------------------

/// The two top values when both have tag `t`: (second from the top, top) payloads.
#[inline(always)]
unsafe fn both(j: Regs, t: u64) -> Option<(u64, u64)> {
    let (a, b) = (load(peek(j, 1)), load(peek(j, 0)));
    if a.tag == t && b.tag == t {
        Some((a.payload, b.payload))
    } else {
        None
    }
}

/// An int action: `i64` arithmetic; on overflow the VM computes the big int.
#[inline(always)]
unsafe fn int_op(mut j: Regs, op: fn(i64, i64) -> Option<i64>) -> u64 {
    if let Some((a, b)) = both(j, tag::INT) {
        if let Some(r) = op(a as i64, b as i64) {
            pop2_push(&mut j, int(r));
            return finish(j, true);
        }
    }
    finish(j, false)
}

/// `_BINARY_OP_ADD_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_add_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    int_op(j, i64::checked_add)
}

/// `_BINARY_OP_SUBTRACT_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_subtract_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    int_op(j, i64::checked_sub)
}

/// `_BINARY_OP_MULTIPLY_INT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_multiply_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    int_op(j, i64::checked_mul)
}

/// A float action.
#[inline(always)]
unsafe fn float_op(mut j: Regs, op: fn(f64, f64) -> f64) -> u64 {
    if let Some((a, b)) = both(j, tag::FLOAT) {
        pop2_push(&mut j, float(op(f64::from_bits(a), f64::from_bits(b))));
        return finish(j, true);
    }
    finish(j, false)
}

/// `_BINARY_OP_ADD_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_add_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    float_op(j, |a, b| a + b)
}

/// `_BINARY_OP_SUBTRACT_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_subtract_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    float_op(j, |a, b| a - b)
}

/// `_BINARY_OP_MULTIPLY_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_multiply_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    let j = Regs { state, sp };
    float_op(j, |a, b| a * b)
}

/// CPython's `COMPARISON_BIT` (as `interp/uop/arith.rs` computes it): 2 for `<`, 4 for
/// `>`, 8 for `==`, 1 when unordered; the oparg holds the mask of bits meaning "true".
#[inline(always)]
fn comparison_bit<T: PartialOrd>(x: T, y: T) -> usize {
    1 << (2 * (x >= y) as usize + (x <= y) as usize)
}

/// `_COMPARE_OP_INT` (both compact, else the VM deopts).
#[no_mangle]
pub unsafe extern "C" fn stencil_compare_op_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    if let Some((a, b)) = both(j, tag::INT) {
        let (a, b) = (a as i64, b as i64);
        if a.unsigned_abs() <= COMPACT_MAX as u64 && b.unsigned_abs() <= COMPACT_MAX as u64 {
            pop2_push(&mut j, boolean(oparg() & comparison_bit(a, b) != 0));
            return finish(j, true);
        }
    }
    finish(j, false)
}

/// `_COMPARE_OP_FLOAT`
#[no_mangle]
pub unsafe extern "C" fn stencil_compare_op_float(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    if let Some((a, b)) = both(j, tag::FLOAT) {
        let (a, b) = (f64::from_bits(a), f64::from_bits(b));
        pop2_push(&mut j, boolean(oparg() & comparison_bit(a, b) != 0));
        return finish(j, true);
    }
    finish(j, false)
}

/// An int or a float operand of `/` as the `f64` the VM divides, when the conversion is
/// exact: a float, or an int below 2**53 in magnitude (then `int / int` is CPython's own
/// fast path in `long_true_divide`: both converted exactly, one correctly rounded
/// division). Anything else (a bool, a big int, a heap value) is left to the VM.
#[inline(always)]
fn exact_float(v: Slot) -> Option<f64> {
    if v.tag == tag::FLOAT {
        return Some(f64::from_bits(v.payload));
    }
    let i = v.payload as i64;
    (v.tag == tag::INT && i.unsigned_abs() < 1 << 53).then_some(i as f64)
}

/// `_BINARY_OP` for `/` and `/=` (CPython 3.13 has no specialized form of true division,
/// so traces keep the generic uop; the layout picks this stencil by the oparg). Numbers
/// that convert exactly and a non-zero divisor are divided inline; everything else
/// (division by zero and its error, other types, dunder methods) is the VM's.
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_true_divide(state: *mut JitState, sp: *mut Slot) -> u64 {
    let mut j = Regs { state, sp };
    let (a, b) = (load(peek(j, 1)), load(peek(j, 0)));
    if let (Some(x), Some(y)) = (exact_float(a), exact_float(b)) {
        if y != 0.0 {
            pop2_push(&mut j, float(x / y));
            return finish(j, true);
        }
    }
    finish(j, false)
}

/// `_BINARY_OP` for `//` and `//=` on ints (the layout picks it by the oparg). CPython 3.13
/// specializes neither `//` nor `%`: both operands must be machine-word ints and the quotient
/// defined (a non-zero divisor, and not `i64::MIN // -1`), rounded toward minus infinity as
/// Python rounds, exactly as the VM's small-int path (`interp/generic.rs`'s
/// `small_int_division`) computes it. Anything else, a division by zero and its error
/// included, is the VM's.
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_floor_divide_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    int_op(Regs { state, sp }, |a, b| {
        let q = a.checked_div(b)?;
        // Truncation rounded toward zero; Python's `//` rounds down.
        Some(if a % b != 0 && (a < 0) != (b < 0) { q - 1 } else { q })
    })
}

/// `_BINARY_OP` for `%` and `%=` on ints (the layout picks it by the oparg).
#[no_mangle]
pub unsafe extern "C" fn stencil_binary_op_remainder_int(state: *mut JitState, sp: *mut Slot) -> u64 {
    int_op(Regs { state, sp }, |a, b| {
        let r = a.checked_rem(b)?;
        // Python's remainder takes the divisor's sign.
        Some(if r != 0 && (r < 0) != (b < 0) { r + b } else { r })
    })
}
