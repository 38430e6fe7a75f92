//! Attribute uops: the generic `LOAD_ATTR`/`STORE_ATTR`, the guards the specialized forms
//! start with (type version, inline values, shared keys version, module and class versions),
//! and the loads and stores from each kind of storage (inline values, dict hints, `__slots__`
//! members, class attributes, methods).

use crate::exceptions::PyResult;
use crate::frame::Frame;
use crate::object::slots::member_index;
use crate::uops::{Args, Step};
use crate::value::Value;
use crate::vm::Vm;

use super::broken;
use Step::{Continue, Deopt};

#[inline(always)]
fn guard(ok: bool) -> PyResult<Step> {
    Ok(if ok { Continue } else { Deopt })
}

/// Replaces the owner by `attr`, then pushes `self_or_null` when the oparg asks for a method.
#[inline(always)]
pub(crate) fn replace_owner(f: &mut Box<Frame>, attr: Value, method: bool, self_or_null: Value) {
    let n = f.stack.len();
    // Most owners are instances: their drop is an inline decrement, not the drop glue of
    // every `Value` kind.
    match std::mem::replace(&mut f.stack[n - 1], attr) {
        Value::Instance(owner) => drop(owner),
        other => other.discard(),
    }
    if method {
        f.push(self_or_null);
    }
}

/// `_LOAD_ATTR`
pub(crate) fn load_attr(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    vm.generic_load_attr(f, a.oparg as usize)?;
    Ok(Continue)
}

/// `_GUARD_TYPE_VERSION`
#[inline(always)]
pub(crate) fn guard_type_version(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let ok = match f.peek(0) {
        // The common case without a reference-count round trip.
        Value::Instance(i) => u64::from(i.class.version.get()) == a.operand,
        other => u64::from(vm.type_of(other).version.get()) == a.operand,
    };
    guard(ok)
}

/// `_CHECK_MANAGED_OBJECT_HAS_VALUES` and `_GUARD_DORV_VALUES_INST_ATTR_FROM_DICT`: the
/// attributes are still inline (no dict was materialized).
#[inline(always)]
pub(crate) fn check_managed_object_has_values(
    _: &mut Vm,
    f: &mut Box<Frame>,
    _: Args<'_>,
) -> PyResult<Step> {
    // The `has_dict` flag mirrors `dict.is_some()`: one byte read instead of a `RefCell`
    // borrow check plus the `Option` test.
    guard(matches!(f.peek(0), Value::Instance(i) if {
        debug_assert_eq!(i.has_dict.get(), i.dict.borrow().is_some());
        !i.has_dict.get()
    }))
}

/// `_GUARD_DORV_NO_DICT`
#[inline(always)]
pub(crate) fn guard_dorv_no_dict(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    check_managed_object_has_values(vm, f, a)
}

/// `_LOAD_ATTR_INSTANCE_VALUE`: inline value `operand`; deopt when unset.
#[inline(always)]
pub(crate) fn load_attr_instance_value(
    _: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let n = f.stack.len();
    let v = match &f.stack[n - 1] {
        Value::Instance(inst) => match inst.slots.borrow().get(a.operand as usize) {
            Some(v) if !v.is_null() => v.clone(),
            _ => return Ok(Deopt),
        },
        _ => return Ok(Deopt),
    };
    // The owner is the instance just read: dropping it as one is an inline decrement, not
    // the drop glue of every `Value` kind.
    if let Value::Instance(owner) = std::mem::replace(&mut f.stack[n - 1], v) {
        drop(owner);
    }
    if a.oparg & 1 == 1 {
        f.push(Value::Null);
    }
    Ok(Continue)
}

/// `_CHECK_ATTR_MODULE`
#[inline(always)]
pub(crate) fn check_attr_module(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    guard(matches!(f.peek(0), Value::Module(m)
        if u64::from(m.dict.borrow().current_keys_version()) == a.operand))
}

/// `_LOAD_ATTR_MODULE`
#[inline(always)]
pub(crate) fn load_attr_module(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = match f.peek(0) {
        Value::Module(m) => match m.dict.borrow().value_at(a.operand as usize) {
            Some(v) => v.clone(),
            None => return Ok(Deopt),
        },
        _ => return Ok(Deopt),
    };
    replace_owner(f, v, a.oparg & 1 == 1, Value::Null);
    Ok(Continue)
}

/// `_CHECK_ATTR_WITH_HINT`: the instance has a dict.
#[inline(always)]
pub(crate) fn check_attr_with_hint(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard(matches!(f.peek(0), Value::Instance(i) if i.has_dict.get()))
}

/// `_LOAD_ATTR_WITH_HINT`: dict entry `operand`, if it holds the name.
#[inline(always)]
pub(crate) fn load_attr_with_hint(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    // The name is borrowed from the code object for the check (no reference-count round
    // trip): the frame is only changed once the value is in hand.
    let v = match f.peek(0) {
        Value::Instance(inst) => {
            let name = f.code.names[(a.oparg >> 1) as usize].as_str();
            match hinted(inst, a.operand as usize, name) {
                Some(v) => v,
                None => return Ok(Deopt),
            }
        }
        _ => return Ok(Deopt),
    };
    replace_owner(f, v, a.oparg & 1 == 1, Value::Null);
    Ok(Continue)
}

/// The value at entry `hint` of the instance's dict, if the dict exists and that entry is
/// `name` (the hint guards of `_LOAD_ATTR_WITH_HINT` / `STORE_ATTR_WITH_HINT`).
#[inline(always)]
pub(in crate::interp) fn hinted(
    inst: &crate::object::Instance,
    hint: usize,
    name: &str,
) -> Option<Value> {
    let dict = inst.dict.borrow();
    let (key, value) = dict.as_ref()?.get_index(hint)?;
    (&**key == name && !value.is_null()).then(|| value.clone())
}

/// Whether entry `hint` of the instance's dict holds `name` with a value: the guard of
/// `STORE_ATTR_WITH_HINT`, which needs no copy of the value it replaces.
#[inline(always)]
pub(in crate::interp) fn hint_holds(
    inst: &crate::object::Instance,
    hint: usize,
    name: &str,
) -> bool {
    let dict = inst.dict.borrow();
    let entry = dict.as_ref().and_then(|d| d.get_index(hint));
    entry.is_some_and(|(key, value)| &**key == name && !value.is_null())
}

/// `_LOAD_ATTR_SLOT`: the member at byte offset `operand`; deopt when empty. Offset 8 is
/// `ob_type` (`obj.__class__`).
#[inline(always)]
pub(crate) fn load_attr_slot(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = match slot_value(vm, f.peek(0), a.operand as u16) {
        Some(v) => v,
        None => return Ok(Deopt),
    };
    replace_owner(f, v, a.oparg & 1 == 1, Value::Null);
    Ok(Continue)
}

/// The object at `__slots__` offset `offset` of `owner`, `None` when the member is empty.
#[inline(always)]
pub(in crate::interp) fn slot_value(vm: &Vm, owner: &Value, offset: u16) -> Option<Value> {
    match (member_index(offset), owner) {
        (None, owner) => Some(Value::Type(vm.type_of(owner))),
        (Some(i), Value::Instance(inst)) => inst.member(i),
        (Some(_), _) => None,
    }
}

/// `_CHECK_ATTR_CLASS`
#[inline(always)]
pub(crate) fn check_attr_class(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    guard(matches!(f.peek(0), Value::Type(c) if u64::from(c.version.get()) == a.operand))
}

/// `_LOAD_ATTR_CLASS`: the class attribute cached in the operand.
#[inline(always)]
pub(crate) fn load_attr_class(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    replace_owner(f, a.object(), a.oparg & 1 == 1, Value::Null);
    Ok(Continue)
}

/// `_STORE_ATTR_INSTANCE_VALUE`
#[inline(always)]
pub(crate) fn store_attr_instance_value(
    _: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    // Popped as the `Instance` the guard saw, so its drop is an inline decrement.
    match f.stack.pop() {
        Some(Value::Instance(inst)) => {
            let v = f.pop();
            inst.set_slot(a.operand as usize, v);
            Ok(Continue)
        }
        Some(other) => {
            f.push(other);
            Err(broken("_STORE_ATTR_INSTANCE_VALUE"))
        }
        None => Err(broken("_STORE_ATTR_INSTANCE_VALUE")),
    }
}

/// `_STORE_ATTR_SLOT`
#[inline(always)]
pub(crate) fn store_attr_slot(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let (Value::Instance(inst), Some(i)) = (f.peek(0), member_index(a.operand as u16)) else {
        return Err(broken("_STORE_ATTR_SLOT"));
    };
    let inst = inst.clone();
    f.pop();
    let v = f.pop();
    inst.set_member(i, v);
    Ok(Continue)
}

/// `_GUARD_KEYS_VERSION`: the class's shared keys are as the specializer saw them (this VM's
/// keys version is their count plus one).
#[inline(always)]
pub(crate) fn guard_keys_version(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    guard(matches!(f.peek(0), Value::Instance(i)
        if i.class.shared_keys.borrow().len() as u64 + 1 == a.operand))
}

/// `_LOAD_ATTR_METHOD_WITH_VALUES`, `_NO_DICT`, `_LAZY_DICT`: `(owner -- attr, self)` with
/// the method cached in the operand.
#[inline(always)]
pub(crate) fn load_attr_method(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let n = f.stack.len();
    let owner = std::mem::replace(&mut f.stack[n - 1], a.object());
    f.push(owner);
    Ok(Continue)
}

/// `_LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES`, `_NO_DICT`: `(owner -- attr)`.
#[inline(always)]
pub(crate) fn load_attr_nondescriptor(
    _: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    replace_owner(f, a.object(), false, Value::Null);
    Ok(Continue)
}

/// `_CHECK_ATTR_METHOD_LAZY_DICT`: the instance's dict was never materialized.
#[inline(always)]
pub(crate) fn check_attr_method_lazy_dict(
    _: &mut Vm,
    f: &mut Box<Frame>,
    _: Args<'_>,
) -> PyResult<Step> {
    guard(matches!(f.peek(0), Value::Instance(i) if !i.has_lazy_dict()))
}

/// `_STORE_ATTR`
pub(crate) fn store_attr(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let owner = f.pop();
    let v = f.pop();
    // Borrowed from the code object, which outlives the call: no reference-count round trip.
    vm.setattr(&owner, f.code.names[a.oparg as usize].as_str(), v)?;
    Ok(Continue)
}

/// `_DELETE_ATTR`
pub(crate) fn delete_attr(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let owner = f.pop();
    let name = f.code.names[a.oparg as usize].clone();
    vm.delattr(&owner, name.as_str())?;
    Ok(Continue)
}

/// `_LOAD_SUPER_ATTR_ATTR` / `_METHOD`: deopt unless `super` is the builtin and the class a
/// class; the lookup is memoized in the instruction's object cache.
pub(crate) fn load_super_attr(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let ok = matches!(f.peek(2), Value::Type(c) if std::rc::Rc::ptr_eq(c, &vm.types.super_))
        && matches!(f.peek(1), Value::Type(_));
    if !ok {
        return Ok(Deopt);
    }
    let instr = f.instr;
    vm.load_super_attr(f, a.oparg as usize, Some(instr))?;
    Ok(Continue)
}
