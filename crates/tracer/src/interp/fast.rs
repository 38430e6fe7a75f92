//! Specialized instructions: guards plus action, named after CPython's uops.
//!
//! Each function returns `Ok(false)` when a guard fails *before anything was changed*, so the
//! caller can deopt and run the generic instruction on the untouched stack. On success the
//! function has done the work and advanced `f.pc` past the inline cache when it switches
//! frames (calls); otherwise the dispatch arm skips the cache. The storage forms of
//! `LOAD_ATTR`/`STORE_ATTR` (slots, hints, lazy dicts) live in `fast/attr.rs`, the `CALL_*`
//! forms in `fast/call.rs`.

mod attr;
mod call;

use std::rc::Rc;

use crate::bytecode::Opcode;
use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::object::int::{self as int, IntOp};
use crate::object::iter::Iter;
use crate::specialize::families::{is_compact, is_nonneg_compact};
use crate::specialize::read_u32;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `TO_BOOL_*`: `_GUARD_*` on the operand's type, then the truth test.
    #[inline(always)]
    pub(super) fn fast_to_bool(&mut self, f: &mut Frame, op: Opcode, instr: usize) -> bool {
        let r = match (op, f.peek(0)) {
            (Opcode::TO_BOOL_BOOL, Value::Bool(_)) => return true,
            (Opcode::TO_BOOL_INT, Value::Int(i)) => *i != 0,
            (Opcode::TO_BOOL_INT, Value::BigInt(_)) => true,
            (Opcode::TO_BOOL_LIST, Value::List(l)) => !l.borrow().is_empty(),
            (Opcode::TO_BOOL_NONE, Value::None) => false,
            (Opcode::TO_BOOL_STR, Value::Str(s)) => !s.as_str().is_empty(),
            (Opcode::TO_BOOL_ALWAYS_TRUE, Value::Instance(i)) => {
                // _GUARD_TYPE_VERSION against the version cached at specialization.
                let _ = instr;
                if i.class.lookup("__bool__").is_some() || i.class.lookup("__len__").is_some() {
                    return false;
                }
                true
            }
            _ => return false,
        };
        let n = f.stack.len();
        f.stack[n - 1] = Value::Bool(r);
        true
    }

    /// `BINARY_OP_{ADD,SUBTRACT,MULTIPLY}_INT`: `_GUARD_BOTH_INT` then the operation. One
    /// dispatch arm per form passes its `op` as a constant, so after inlining each arm is just
    /// its guard and its `checked_*` (no second match on the opcode). An `i64` overflow falls
    /// back to big ints, as CPython's ints are unbounded.
    #[inline(always)]
    pub(super) fn binary_op_int(&mut self, f: &mut Frame, op: IntOp) -> PyResult<bool> {
        let n = f.stack.len();
        let r = match (&f.stack[n - 2], &f.stack[n - 1]) {
            (Value::Int(a), Value::Int(b)) => {
                let small = match op {
                    IntOp::Add => a.checked_add(*b),
                    IntOp::Sub => a.checked_sub(*b),
                    _ => a.checked_mul(*b),
                };
                match small {
                    Some(r) => Value::Int(r),
                    None => big(op, &f.stack[n - 2], &f.stack[n - 1])?,
                }
            }
            (a @ (Value::Int(_) | Value::BigInt(_)), b @ (Value::Int(_) | Value::BigInt(_))) => {
                big(op, a, b)?
            }
            _ => return Ok(false),
        };
        pop2_push(f, r);
        Ok(true)
    }

    /// `BINARY_OP_{ADD,SUBTRACT,MULTIPLY}_FLOAT`: `_GUARD_BOTH_FLOAT` then `op` (a constant
    /// closure per dispatch arm, inlined).
    #[inline(always)]
    pub(super) fn binary_op_float(&mut self, f: &mut Frame, op: fn(f64, f64) -> f64) -> bool {
        let n = f.stack.len();
        let r = match (&f.stack[n - 2], &f.stack[n - 1]) {
            (Value::Float(a), Value::Float(b)) => op(*a, *b),
            _ => return false,
        };
        pop2_push(f, Value::Float(r));
        true
    }

    /// `BINARY_OP_ADD_UNICODE` / `_INPLACE_ADD_UNICODE`: `_GUARD_BOTH_UNICODE`, then a new
    /// string (the following `STORE_FAST` stores it).
    pub(super) fn binary_op_unicode(&mut self, f: &mut Frame) -> bool {
        let n = f.stack.len();
        let r = match (&f.stack[n - 2], &f.stack[n - 1]) {
            (Value::Str(a), Value::Str(b)) => {
                let mut s = String::with_capacity(a.as_str().len() + b.as_str().len());
                s.push_str(a.as_str());
                s.push_str(b.as_str());
                Value::str(s)
            }
            _ => return false,
        };
        pop2_push(f, r);
        true
    }

    /// `COMPARE_OP_INT` (both compact ints). The oparg's low bits are CPython's comparison
    /// mask (less 2, greater 4, equal 8), so the result is one bit test.
    #[inline(always)]
    pub(super) fn compare_op_int(&mut self, f: &mut Frame, arg: usize) -> bool {
        let n = f.stack.len();
        let r = match (&f.stack[n - 2], &f.stack[n - 1]) {
            (a @ Value::Int(x), b @ Value::Int(y)) if is_compact(a) && is_compact(b) => {
                arg & comparison_bit(x, y) != 0
            }
            _ => return false,
        };
        pop2_push(f, Value::Bool(r));
        true
    }

    /// `COMPARE_OP_FLOAT`: as `COMPARE_OP_INT`; a NaN operand sets the "unordered" bit,
    /// which only `!=` has in its mask.
    #[inline(always)]
    pub(super) fn compare_op_float(&mut self, f: &mut Frame, arg: usize) -> bool {
        let n = f.stack.len();
        let r = match (&f.stack[n - 2], &f.stack[n - 1]) {
            (Value::Float(x), Value::Float(y)) => arg & comparison_bit(x, y) != 0,
            _ => return false,
        };
        pop2_push(f, Value::Bool(r));
        true
    }

    /// `COMPARE_OP_STR` (`==` and `!=` only).
    pub(super) fn compare_op_str(&mut self, f: &mut Frame, arg: usize) -> bool {
        let n = f.stack.len();
        let r = match (&f.stack[n - 2], &f.stack[n - 1]) {
            (Value::Str(x), Value::Str(y)) => {
                let eq = Rc::ptr_eq(x, y) || x.as_str() == y.as_str();
                eq == (arg >> 5 == 2)
            }
            _ => return false,
        };
        pop2_push(f, Value::Bool(r));
        true
    }

    /// `CONTAINS_OP_DICT` / `_SET`.
    pub(super) fn contains_op_fast(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        arg: usize,
    ) -> PyResult<bool> {
        let ok = matches!(
            (op, f.peek(0)),
            (Opcode::CONTAINS_OP_DICT, Value::Dict(_)) | (Opcode::CONTAINS_OP_SET, Value::Set(_))
        );
        if !ok {
            return Ok(false);
        }
        let container = f.pop();
        let item = f.pop();
        let r = self.contains(&container, &item)?;
        f.push(Value::Bool(r != (arg == 1)));
        Ok(true)
    }

    /// `BINARY_SUBSCR_*`.
    pub(super) fn binary_subscr_fast(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        instr: usize,
    ) -> PyResult<bool> {
        let n = f.stack.len();
        let (container, sub) = (&f.stack[n - 2], &f.stack[n - 1]);
        let v = match (op, container, sub) {
            (Opcode::BINARY_SUBSCR_LIST_INT, Value::List(l), Value::Int(i)) => {
                if !is_nonneg_compact(sub) {
                    return Ok(false);
                }
                match l.borrow().get(*i as usize) {
                    Some(v) => v.clone(),
                    None => return Ok(false),
                }
            }
            (Opcode::BINARY_SUBSCR_TUPLE_INT, Value::Tuple(t), Value::Int(i)) => {
                if !is_nonneg_compact(sub) {
                    return Ok(false);
                }
                match t.get(*i as usize) {
                    Some(v) => v.clone(),
                    None => return Ok(false),
                }
            }
            (Opcode::BINARY_SUBSCR_STR_INT, Value::Str(s), Value::Int(i)) => {
                if !is_nonneg_compact(sub) {
                    return Ok(false);
                }
                match s.char_at(*i as usize) {
                    Some(c) if c.is_ascii() => Value::str(c.to_string()),
                    _ => return Ok(false),
                }
            }
            (Opcode::BINARY_SUBSCR_DICT, Value::Dict(d), _) => {
                let key = self.hkey(sub)?;
                let found = d.borrow().get(&key).cloned();
                match found {
                    Some(v) => v,
                    None => {
                        let sub = sub.clone();
                        return Err(self.key_error(&sub));
                    }
                }
            }
            (Opcode::BINARY_SUBSCR_GETITEM, Value::Instance(inst), _) => {
                let cached = f.code.objcache[instr].borrow().clone();
                let same = matches!(&cached, Value::Type(c) if Rc::ptr_eq(c, &inst.class));
                let Some(Value::Function(getitem)) = inst.class.lookup("__getitem__") else {
                    return Ok(false);
                };
                if !same {
                    return Ok(false);
                }
                let sub = f.pop();
                let container = f.pop();
                f.pc += 1;
                let frame = self.bind_frame(&getitem, &[container, sub], &[])?;
                self.push_frame(f, frame)?;
                return Ok(true);
            }
            _ => return Ok(false),
        };
        f.stack.truncate(n - 2);
        f.push(v);
        f.pc += 1;
        Ok(true)
    }

    /// `STORE_SUBSCR_LIST_INT` / `_DICT`.
    pub(super) fn store_subscr_fast(&mut self, f: &mut Frame, op: Opcode) -> PyResult<bool> {
        let n = f.stack.len();
        match (op, &f.stack[n - 2], &f.stack[n - 1]) {
            (Opcode::STORE_SUBSCR_LIST_INT, Value::List(l), sub @ Value::Int(i)) => {
                if !is_nonneg_compact(sub) || *i as usize >= l.borrow().len() {
                    return Ok(false);
                }
                let l = l.clone();
                let i = *i as usize;
                f.stack.truncate(n - 2);
                let v = f.pop();
                l.borrow_mut()[i] = v;
                Ok(true)
            }
            (Opcode::STORE_SUBSCR_DICT, Value::Dict(_), _) => {
                let sub = f.pop();
                let d = f.pop();
                let v = f.pop();
                let k = self.hkey(&sub)?;
                if let Value::Dict(d) = d {
                    d.borrow_mut().insert(k, v);
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// `UNPACK_SEQUENCE_TWO_TUPLE` / `_TUPLE` / `_LIST`.
    pub(super) fn unpack_fast(&mut self, f: &mut Frame, op: Opcode, n: usize) -> bool {
        let items: Vec<Value> = match (op, f.peek(0)) {
            (Opcode::UNPACK_SEQUENCE_TWO_TUPLE, Value::Tuple(t)) if t.len() == 2 => {
                let (a, b) = (t[0].clone(), t[1].clone());
                f.pop();
                f.push(b);
                f.push(a);
                return true;
            }
            (Opcode::UNPACK_SEQUENCE_TUPLE, Value::Tuple(t)) if t.len() == n => t.to_vec(),
            (Opcode::UNPACK_SEQUENCE_LIST, Value::List(l)) if l.borrow().len() == n => {
                l.borrow().clone()
            }
            _ => return false,
        };
        f.pop();
        f.stack.extend(items.into_iter().rev());
        true
    }

    /// `FOR_ITER_LIST` / `_TUPLE` / `_RANGE` (`_ITER_CHECK_*` + `_ITER_JUMP_*` +
    /// `_ITER_NEXT_*`) and `FOR_ITER_GEN`; inlined, with a constant `op` for the hot forms.
    #[inline(always)]
    pub(super) fn for_iter_fast(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        instr: usize,
        arg: usize,
    ) -> PyResult<bool> {
        let exit = instr + 2 + arg;
        if op == Opcode::FOR_ITER_GEN {
            let Value::Generator(g) = f.peek(0) else {
                return Ok(false);
            };
            if g.running.get() {
                return Ok(false);
            }
            let g = g.clone();
            f.pc = instr + 2;
            self.resume_gen_frame(f, &g, exit)?;
            return Ok(true);
        }
        let next = {
            let Value::Iter(state) = f.peek(0) else {
                return Ok(false);
            };
            let mut st = state.borrow_mut();
            match (op, &mut *st) {
                (Opcode::FOR_ITER_LIST, Iter::List { list, index }) => {
                    let v = list.borrow().get(*index).cloned();
                    *index += 1;
                    v
                }
                (Opcode::FOR_ITER_TUPLE, Iter::Tuple { tuple, index }) => {
                    let v = tuple.get(*index).cloned();
                    *index += 1;
                    v
                }
                (
                    Opcode::FOR_ITER_RANGE,
                    Iter::Range {
                        next,
                        step,
                        remaining,
                    },
                ) => {
                    if *remaining <= 0 {
                        None
                    } else {
                        let v = *next;
                        *next = next.wrapping_add(*step);
                        *remaining -= 1;
                        Some(Value::Int(v))
                    }
                }
                _ => return Ok(false),
            }
        };
        match next {
            Some(v) => {
                f.push(v);
                f.pc = instr + 2;
            }
            None => f.pc = exit + 1,
        }
        Ok(true)
    }

    /// `LOAD_GLOBAL_MODULE` (`_GUARD_GLOBALS_VERSION` + `_LOAD_GLOBAL_MODULE`) and
    /// `LOAD_GLOBAL_BUILTIN` (+ `_GUARD_BUILTINS_VERSION`). Inlined into one arm per form.
    #[inline(always)]
    pub(super) fn load_global_fast(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        instr: usize,
        arg: usize,
    ) -> bool {
        let units = &f.code.units;
        let index = usize::from(units[instr + 2].get());
        let gv = u32::from(units[instr + 3].get());
        let v = {
            let g = f.globals.borrow();
            if g.current_keys_version() != gv {
                return false;
            }
            if op == Opcode::LOAD_GLOBAL_MODULE {
                match g.value_at(index) {
                    Some(v) => v.clone(),
                    None => return false,
                }
            } else {
                let bv = u32::from(units[instr + 4].get());
                let b = self.builtins.borrow();
                if b.current_keys_version() != bv {
                    return false;
                }
                match b.value_at(index) {
                    Some(v) => v.clone(),
                    None => return false,
                }
            }
        };
        f.push(v);
        if arg & 1 == 1 {
            f.push(Value::Null);
        }
        true
    }

    /// `LOAD_ATTR_INSTANCE_VALUE`: `_GUARD_TYPE_VERSION`, `_CHECK_MANAGED_OBJECT_HAS_VALUES`,
    /// then `_LOAD_ATTR_INSTANCE_VALUE`: the attribute replaces its owner on the stack (plus a
    /// NULL for a method-style load), and `f.pc` skips the cache.
    #[inline(always)]
    pub(super) fn load_attr_instance_value(
        &mut self,
        f: &mut Frame,
        instr: usize,
        arg: usize,
    ) -> bool {
        let units = &f.code.units;
        let version = read_u32(units, instr + 2);
        let Value::Instance(inst) = f.peek(0) else {
            return false;
        };
        if inst.class.version.get() != version || inst.dict.borrow().is_some() {
            return false;
        }
        let index = usize::from(units[instr + 4].get());
        let v = match inst.slots.borrow().get(index) {
            Some(v) if !v.is_null() => v.clone(),
            _ => return false,
        };
        let n = f.stack.len();
        // The owner is known to be an `Instance`: drop it as one (an inline decrement).
        if let Value::Instance(owner) = std::mem::replace(&mut f.stack[n - 1], v) {
            drop(owner);
        }
        if arg & 1 == 1 {
            f.push(Value::Null);
        }
        f.pc += 9;
        true
    }

    /// The other `LOAD_ATTR_*` specialized forms.
    pub(super) fn load_attr_fast(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        instr: usize,
        arg: usize,
    ) -> PyResult<bool> {
        let version = read_u32(&f.code.units, instr + 2);
        let method = arg & 1 == 1;
        let (value, self_) = match (op, f.peek(0)) {
            (Opcode::LOAD_ATTR_MODULE, Value::Module(m)) => {
                let d = m.dict.borrow();
                if d.current_keys_version() != version {
                    return Ok(false);
                }
                match d.value_at(usize::from(f.code.units[instr + 4].get())) {
                    Some(v) => (v.clone(), None),
                    None => return Ok(false),
                }
            }
            (
                Opcode::LOAD_ATTR_METHOD_WITH_VALUES | Opcode::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES,
                Value::Instance(inst),
            ) => {
                let keys = read_u32(&f.code.units, instr + 4);
                if inst.class.version.get() != version
                    || inst.dict.borrow().is_some()
                    || inst.class.shared_keys.borrow().len() as u32 + 1 != keys
                {
                    return Ok(false);
                }
                let d = f.code.objcache[instr].borrow().clone();
                if op == Opcode::LOAD_ATTR_METHOD_WITH_VALUES {
                    (d, Some(f.peek(0).clone()))
                } else {
                    (d, None)
                }
            }
            // Builtin objects, and instances of classes without `__dict__` (`__slots__`).
            (Opcode::LOAD_ATTR_METHOD_NO_DICT, owner)
                if !matches!(owner, Value::Type(_) | Value::Module(_)) =>
            {
                if self.type_of(owner).version.get() != version {
                    return Ok(false);
                }
                (f.code.objcache[instr].borrow().clone(), Some(owner.clone()))
            }
            (Opcode::LOAD_ATTR_CLASS, Value::Type(c)) => {
                if c.version.get() != version {
                    return Ok(false);
                }
                (f.code.objcache[instr].borrow().clone(), None)
            }
            (Opcode::LOAD_ATTR_PROPERTY, Value::Instance(inst)) => {
                if inst.class.version.get() != version || method {
                    return Ok(false);
                }
                let getter = f.code.objcache[instr].borrow().clone();
                let owner = f.pop();
                f.pc += 9;
                let Value::Function(getter) = getter else {
                    return Err(exc::type_error("property getter"));
                };
                let frame = self.bind_frame(&getter, &[owner], &[])?;
                self.push_frame(f, frame)?;
                return Ok(true);
            }
            _ => return Ok(false),
        };
        f.pop();
        match (method, self_) {
            (true, Some(s)) => {
                f.push(value);
                f.push(s);
            }
            (true, None) => {
                f.push(value);
                f.push(Value::Null);
            }
            (false, Some(s)) => {
                let b = self.bind(value, s);
                f.push(b);
            }
            (false, None) => f.push(value),
        }
        f.pc += 9;
        Ok(true)
    }

    /// `STORE_ATTR_INSTANCE_VALUE` = `_GUARD_TYPE_VERSION` + `_GUARD_DORV_NO_DICT` +
    /// `_STORE_ATTR_INSTANCE_VALUE`.
    #[inline(always)]
    pub(super) fn store_attr_fast(&mut self, f: &mut Frame, instr: usize) -> bool {
        let version = read_u32(&f.code.units, instr + 2);
        let index = usize::from(f.code.units[instr + 4].get());
        let Value::Instance(inst) = f.peek(0) else {
            return false;
        };
        if inst.class.version.get() != version || inst.dict.borrow().is_some() {
            return false;
        }
        // Popped as the `Instance` the guard saw, so its drop is an inline decrement.
        if let Some(Value::Instance(inst)) = f.stack.pop() {
            let v = f.pop();
            inst.set_slot(index, v);
        }
        true
    }
}

/// Replaces the two top values by `r` (the operands of a fast binary operation).
#[inline(always)]
fn pop2_push(f: &mut Frame, r: Value) {
    if let Some(v) = f.stack.pop() {
        v.discard();
    }
    let n = f.stack.len();
    let old = std::mem::replace(&mut f.stack[n - 1], r);
    old.discard();
}

/// CPython's `COMPARISON_BIT`: 2 when `x < y`, 4 when `x > y`, 8 when equal, 1 when
/// unordered (a NaN).
#[inline(always)]
fn comparison_bit<T: PartialOrd>(x: &T, y: &T) -> usize {
    1 << (2 * usize::from(x >= y) + usize::from(x <= y))
}

/// The big-int slow path of the `BINARY_OP_*_INT` forms.
#[cold]
#[inline(never)]
fn big(op: IntOp, a: &Value, b: &Value) -> PyResult<Value> {
    int::binop(op, a, b).map_err(|_| exc::new("OverflowError", "integer overflow"))
}
