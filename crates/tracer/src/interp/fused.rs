//! Tier 1's bodies for the attribute and global forms real programs run most: the same guards
//! and effects as their uops (`forms.rs`, which tier 2 and the JIT still run), written as one body.
//!
//! ```text
//!   LOAD_ATTR_INSTANCE_VALUE      type version, no dict, inline value `index`    self.x
//!   LOAD_ATTR_METHOD_WITH_VALUES  type version, no dict, keys version, method    self.m()
//!   STORE_ATTR_INSTANCE_VALUE     type version, no dict, store inline value      self.x = v
//!   LOAD_ATTR_WITH_HINT           type version, a dict, entry `hint` is the name  (fast path)
//!   LOAD_ATTR_SLOT                type version, `__slots__` member               (fast path)
//!   STORE_ATTR_SLOT               type version, `__slots__` member               (fast path)
//!   LOAD_GLOBAL_MODULE            globals keys version, entry `index`            len(...)
//!   LOAD_GLOBAL_BUILTIN           globals and builtins keys versions, entry
//! ```
//!
//! Why not the uops: run one after another, each re-reads the top of the stack and its own
//! cache units with their bounds checks, and the `Step` each returns is merged through the
//! registers of the whole loop. In one body, the cache is one slice (one bounds check), the
//! owner is looked at once, and a failed guard is one branch. Measured with callgrind on the
//! pyperformance programs: about 94 machine instructions per `LOAD_ATTR_INSTANCE_VALUE`
//! became about 68 with the shared tail (classes, raytrace, chaos, richards run it millions
//! of times); `LOAD_ATTR_WITH_HINT` (129), `LOAD_ATTR_SLOT` (98) and `LOAD_GLOBAL_MODULE` (79)
//! gained alike: go, float and fib ran 7.6%, 7.4% and 1.7% fewer instructions.
//!
//! Those not marked "fast path" return `Step::Deopt` when a guard fails, before anything
//! changed, exactly where the uops would deopt, so counters, statistics and `explain
//! specialize` see the same run. The three fast paths handle only an instance whose guards
//! all pass and return `None` for anything else, before changing anything: the caller then
//! runs the uops, which decide (deopt, or the rarer cases such as `__class__` read through a
//! slot).

use super::fetch::caches;
use super::uop::arith::{comparison_bit, pop2_push_scalars};
use super::uop::attr::replace_owner;
use super::uop::containers::replace_int_subscript;
use crate::frame::Frame;
use crate::object::int::IntOp;
use crate::object::slots::member_index;
use crate::specialize::families::{is_compact, is_nonneg_compact};
use crate::uops::Step;
use crate::value::Value;

/// The type version (cache units 2-3 after the instruction) and the 16-bit index (unit 4) of
/// an instance-value form (`fetch::caches`: no bounds checks).
#[inline(always)]
fn version_and_index(f: &Frame, instr: usize) -> (u32, usize) {
    let [_, lo, hi, index] = caches::<4>(&f.code.units, instr);
    (u32_of(lo, hi), usize::from(index))
}

/// A 32-bit cache value from its two units, low first (as `specialize::write_u32` stores it).
#[inline(always)]
fn u32_of(lo: u16, hi: u16) -> u32 {
    u32::from(lo) | u32::from(hi) << 16
}

/// `LOAD_ATTR_INSTANCE_VALUE` = `_GUARD_TYPE_VERSION` + `_CHECK_MANAGED_OBJECT_HAS_VALUES` +
/// `_LOAD_ATTR_INSTANCE_VALUE`: `(owner -- attr, NULL if oparg & 1)`.
#[inline(always)]
pub(super) fn load_attr_instance_value(f: &mut Box<Frame>, instr: usize, oparg: u32) -> Step {
    let (version, index) = version_and_index(f, instr);
    // The top slot is found once and written through the same reference (looking it up
    // again by index costs a second bounds check).
    let Some(top) = f.stack.last_mut() else {
        return Step::Deopt;
    };
    let v = match &*top {
        Value::Instance(inst) if inst.class.version.get() == version => {
            if inst.has_dict.get() {
                return Step::Deopt;
            }
            match inst.slots.borrow().get(index) {
                Some(v) if !v.is_null() => v.clone(),
                _ => return Step::Deopt,
            }
        }
        _ => return Step::Deopt,
    };
    // The owner leaves as the `Instance` it is: an inline decrement, not the drop glue.
    if let Value::Instance(owner) = std::mem::replace(top, v) {
        drop(owner);
    }
    if oparg & 1 == 1 {
        f.push(Value::Null);
    }
    Step::Continue
}

/// `LOAD_ATTR_METHOD_WITH_VALUES` = `_GUARD_TYPE_VERSION` +
/// `_GUARD_DORV_VALUES_INST_ATTR_FROM_DICT` + `_GUARD_KEYS_VERSION` +
/// `_LOAD_ATTR_METHOD_WITH_VALUES`: `(owner -- method, owner)`, the method cached in the
/// instruction's object cache.
#[inline(always)]
pub(super) fn load_attr_method_with_values(f: &mut Box<Frame>, instr: usize) -> Step {
    // Type version at units 2-3, keys version at units 4-5.
    let [_, v_lo, v_hi, k_lo, k_hi] = caches::<5>(&f.code.units, instr);
    let (version, keys_version) = (u32_of(v_lo, v_hi), u32_of(k_lo, k_hi));
    let method = match f.stack.last() {
        Some(Value::Instance(inst))
            if inst.class.version.get() == version
                && !inst.has_dict.get()
                && inst.class.shared_keys.borrow().len() as u64 + 1 == u64::from(keys_version) =>
        {
            f.code.objcache[instr].borrow().clone()
        }
        _ => return Step::Deopt,
    };
    if let Some(top) = f.stack.last_mut() {
        let owner = std::mem::replace(top, method);
        f.push(owner);
    }
    Step::Continue
}

/// `STORE_ATTR_INSTANCE_VALUE` = `_GUARD_TYPE_VERSION` + `_GUARD_DORV_NO_DICT` +
/// `_STORE_ATTR_INSTANCE_VALUE`: `(value, owner -- )`.
#[inline(always)]
pub(super) fn store_attr_instance_value(f: &mut Box<Frame>, instr: usize) -> Step {
    let (version, index) = version_and_index(f, instr);
    match f.stack.last() {
        Some(Value::Instance(inst))
            if inst.class.version.get() == version && !inst.has_dict.get() => {}
        _ => return Step::Deopt,
    }
    // Popped as the `Instance` the guard saw, so its drop is an inline decrement.
    if let Some(Value::Instance(inst)) = f.stack.pop() {
        let v = f.pop();
        inst.set_slot(index, v);
    }
    Step::Continue
}

/// `LOAD_GLOBAL_MODULE` = `_GUARD_GLOBALS_VERSION` + `_LOAD_GLOBAL_MODULE`:
/// `( -- value, NULL if oparg & 1)`.
#[inline(always)]
pub(super) fn load_global_module(f: &mut Box<Frame>, instr: usize, oparg: u32) -> Step {
    // Entry index at unit 2, keys version at unit 3.
    let [_, index, keys_version] = caches::<3>(&f.code.units, instr);
    let Some(v) = versioned_entry(&f.globals, keys_version, usize::from(index)) else {
        return Step::Deopt;
    };
    push_global(f, v, oparg);
    Step::Continue
}

/// `LOAD_GLOBAL_BUILTIN` = `_GUARD_GLOBALS_VERSION` + `_GUARD_BUILTINS_VERSION` +
/// `_LOAD_GLOBAL_BUILTINS`.
#[inline(always)]
pub(super) fn load_global_builtin(
    f: &mut Box<Frame>,
    builtins: &std::cell::RefCell<crate::object::Dict>,
    instr: usize,
    oparg: u32,
) -> Step {
    // Entry index at unit 2, globals keys version at 3, builtins keys version at 4.
    let [_, index, globals_version, builtins_version] = caches::<4>(&f.code.units, instr);
    if u64::from(f.globals.borrow().current_keys_version()) != u64::from(globals_version) {
        return Step::Deopt;
    }
    let Some(v) = versioned_entry(builtins, builtins_version, usize::from(index)) else {
        return Step::Deopt;
    };
    push_global(f, v, oparg);
    Step::Continue
}

/// Entry `index` of `dict` when its keys are still at `version` (the cached 16 bits).
#[inline(always)]
fn versioned_entry(
    dict: &std::cell::RefCell<crate::object::Dict>,
    version: u16,
    index: usize,
) -> Option<Value> {
    let dict = dict.borrow();
    if u64::from(dict.current_keys_version()) != u64::from(version) {
        return None;
    }
    dict.value_at(index).cloned()
}

/// Pushes a global's value, then NULL for a call's `self_or_null` when the oparg asks.
#[inline(always)]
fn push_global(f: &mut Box<Frame>, v: Value, oparg: u32) {
    f.push(v);
    if oparg & 1 == 1 {
        f.push(Value::Null);
    }
}

/// The owner on top of the stack when it is an instance of the class version `version`.
#[inline(always)]
fn instance_of(f: &Frame, version: u32) -> Option<&crate::object::Instance> {
    match f.stack.last() {
        Some(Value::Instance(inst)) if inst.class.version.get() == version => Some(inst),
        _ => None,
    }
}

/// `LOAD_ATTR_WITH_HINT` = `_GUARD_TYPE_VERSION` + `_CHECK_ATTR_WITH_HINT` +
/// `_LOAD_ATTR_WITH_HINT`, fast path: `(owner -- attr, NULL if oparg & 1)`.
#[inline(always)]
pub(super) fn load_attr_with_hint(f: &mut Box<Frame>, instr: usize, oparg: u32) -> Option<Step> {
    let (version, hint) = version_and_index(f, instr);
    let inst = instance_of(f, version)?;
    if !inst.has_dict.get() {
        return None;
    }
    // The name is borrowed from the code object, so the check costs no reference count.
    let name = f.code.names[(oparg >> 1) as usize].as_str();
    let v = super::uop::attr::hinted(inst, hint, name)?;
    replace_instance(f, v, oparg & 1 == 1);
    Some(Step::Continue)
}

/// `LOAD_ATTR_SLOT` = `_GUARD_TYPE_VERSION` + `_LOAD_ATTR_SLOT`, fast path: a member of an
/// instance's `__slots__`.
#[inline(always)]
pub(super) fn load_attr_slot(f: &mut Box<Frame>, instr: usize, oparg: u32) -> Option<Step> {
    let (version, offset) = version_and_index(f, instr);
    let member = member_index(offset as u16)?;
    let v = instance_of(f, version)?.member(member)?;
    replace_instance(f, v, oparg & 1 == 1);
    Some(Step::Continue)
}

/// `STORE_ATTR_SLOT` = `_GUARD_TYPE_VERSION` + `_STORE_ATTR_SLOT`, fast path:
/// `(value, owner -- )` into a member of an instance's `__slots__`.
#[inline(always)]
pub(super) fn store_attr_slot(f: &mut Box<Frame>, instr: usize) -> Option<Step> {
    let (version, offset) = version_and_index(f, instr);
    let member = member_index(offset as u16)?;
    instance_of(f, version)?;
    // Popped as the `Instance` just seen, so its drop is an inline decrement.
    if let Some(Value::Instance(inst)) = f.stack.pop() {
        let v = f.pop();
        inst.set_member(member, v);
    }
    Some(Step::Continue)
}

/// Replaces the instance on top of the stack by `attr`, and pushes NULL for a method call's
/// `self_or_null` when `method`.
#[inline(always)]
fn replace_instance(f: &mut Box<Frame>, attr: Value, method: bool) {
    let n = f.stack.len();
    if let Value::Instance(owner) = std::mem::replace(&mut f.stack[n - 1], attr) {
        drop(owner);
    }
    if method {
        f.push(Value::Null);
    }
}

// --- operators -------------------------------------------------------------------------------
// The int, float and compare forms are two uops each, a type guard and the operation; run as
// uops, the guard and the operation each read both operands with their bounds checks, and the
// `PyResult<Step>` of each goes through the stack frame. Fused (callgrind, `COMPARE_OP_INT`
// on deltablue): 61 machine instructions per execution became about 36, the hit count and
// the cache skip of `form_tail` included.

/// The two operands of a binary operator, if the stack holds two (it always does, in code
/// our compiler made: the `None` arm costs one compare).
#[inline(always)]
fn two(f: &Frame) -> Option<(&Value, &Value)> {
    match f.stack.get(f.stack.len().wrapping_sub(2)..)? {
        [a, b] => Some((a, b)),
        _ => None,
    }
}

/// `COMPARE_OP_INT` = `_GUARD_BOTH_INT` + `_COMPARE_OP_INT`: `(left, right -- bool)`. A big
/// int passes the guard and fails the compact check of `_COMPARE_OP_INT`; either deopt
/// happens before anything changed, as with the uops.
#[inline(always)]
pub(super) fn compare_op_int(f: &mut Box<Frame>, oparg: u32) -> Step {
    let r = match two(f) {
        Some((x @ Value::Int(i), y @ Value::Int(j))) if is_compact(x) && is_compact(y) => {
            oparg & comparison_bit(i, j) != 0
        }
        _ => return Step::Deopt,
    };
    pop2_push_scalars(f, Value::bool(r));
    Step::Continue
}

/// `COMPARE_OP_FLOAT` = `_GUARD_BOTH_FLOAT` + `_COMPARE_OP_FLOAT`.
#[inline(always)]
pub(super) fn compare_op_float(f: &mut Box<Frame>, oparg: u32) -> Step {
    let r = match two(f) {
        Some((Value::Float(x), Value::Float(y))) => oparg & comparison_bit(&x.get(), &y.get()) != 0,
        _ => return Step::Deopt,
    };
    pop2_push_scalars(f, Value::bool(r));
    Step::Continue
}

/// `BINARY_OP_{ADD,SUBTRACT,MULTIPLY}_INT` = `_GUARD_BOTH_INT` + the operation, fast path: two
/// machine-word ints whose result fits one. `None` (nothing changed) for a big operand, an
/// overflow or a failed guard: the uops then compute the big int, or deopt.
#[inline(always)]
pub(super) fn int_op(f: &mut Box<Frame>, op: IntOp) -> Option<Step> {
    let r = match two(f)? {
        (Value::Int(a), Value::Int(b)) => match op {
            IntOp::Add => a.checked_add(*b)?,
            IntOp::Sub => a.checked_sub(*b)?,
            _ => a.checked_mul(*b)?,
        },
        _ => return None,
    };
    pop2_push_scalars(f, Value::Int(r));
    Some(Step::Continue)
}

/// `BINARY_OP_{ADD,SUBTRACT,MULTIPLY}_FLOAT` = `_GUARD_BOTH_FLOAT` + the operation (`op` names
/// it with the int forms' `IntOp`: the same three operators).
#[inline(always)]
pub(super) fn float_op(f: &mut Box<Frame>, op: IntOp) -> Step {
    let r = match two(f) {
        Some((Value::Float(a), Value::Float(b))) => match (op, a.get(), b.get()) {
            (IntOp::Add, a, b) => a + b,
            (IntOp::Sub, a, b) => a - b,
            (_, a, b) => a * b,
        },
        _ => return Step::Deopt,
    };
    pop2_push_scalars(f, Value::float(r));
    Step::Continue
}

/// `TO_BOOL_BOOL` = `_TO_BOOL_BOOL`: a guard, nothing to do when it holds.
#[inline(always)]
pub(super) fn to_bool_bool(f: &Frame) -> Step {
    match f.stack.last() {
        Some(Value::Bool(_)) => Step::Continue,
        _ => Step::Deopt,
    }
}

/// `BINARY_SUBSCR_LIST_INT` = `_BINARY_SUBSCR_LIST_INT`: `(list, index -- item)`.
#[inline(always)]
pub(super) fn binary_subscr_list_int(f: &mut Box<Frame>) -> Step {
    let v = match two(f) {
        Some((Value::List(l), sub @ Value::Int(i))) if is_nonneg_compact(sub) => {
            match l.borrow().get(*i as usize) {
                Some(v) => v.clone(),
                None => return Step::Deopt,
            }
        }
        _ => return Step::Deopt,
    };
    replace_int_subscript(f, v);
    Step::Continue
}

/// `LOAD_ATTR_CLASS` = `_CHECK_ATTR_CLASS` + `_LOAD_ATTR_CLASS`: the class attribute cached in
/// the instruction's object cache, when the owner is the class of the cached version.
#[inline(always)]
pub(super) fn load_attr_class(f: &mut Box<Frame>, instr: usize, oparg: u32) -> Step {
    let [_, lo, hi] = caches::<3>(&f.code.units, instr);
    match f.stack.last() {
        Some(Value::Type(c)) if c.version.get() == u32_of(lo, hi) => {}
        _ => return Step::Deopt,
    }
    let attr = f.code.objcache[instr].borrow().clone();
    replace_owner(f, attr, oparg & 1 == 1, Value::Null);
    Step::Continue
}
