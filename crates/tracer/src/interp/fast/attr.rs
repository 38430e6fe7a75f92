//! The attribute forms for `__slots__`, lazy dicts and invalidated inline values: guards plus
//! action, as CPython 3.13's uops split them.
//!
//! ```text
//!   LOAD_ATTR_SLOT                   = _GUARD_TYPE_VERSION + _LOAD_ATTR_SLOT (deopt if empty)
//!   STORE_ATTR_SLOT                  = _GUARD_TYPE_VERSION + _STORE_ATTR_SLOT
//!   LOAD_ATTR_WITH_HINT              = _GUARD_TYPE_VERSION + _CHECK_ATTR_WITH_HINT (has a dict)
//!                                      + _LOAD_ATTR_WITH_HINT (entry `hint` is `name`, not empty)
//!   STORE_ATTR_WITH_HINT             = _GUARD_TYPE_VERSION + STORE_ATTR_WITH_HINT (same checks)
//!   LOAD_ATTR_METHOD_LAZY_DICT       = _GUARD_TYPE_VERSION + _CHECK_ATTR_METHOD_LAZY_DICT
//!                                      (no dict yet) + _LOAD_ATTR_METHOD_LAZY_DICT
//!   LOAD_ATTR_NONDESCRIPTOR_NO_DICT  = _GUARD_TYPE_VERSION + _LOAD_ATTR_NONDESCRIPTOR_NO_DICT
//!   LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN  (one instruction in 3.13): type version, function
//!                                      version, then a frame for `__getattribute__(owner, name)`
//! ```
//!
//! Each function returns `false` when a guard fails, before touching the stack, so the caller
//! can deopt to the generic instruction.

use crate::bytecode::Opcode;
use crate::exceptions::PyResult;
use crate::frame::Frame;
use crate::object::slots::member_index;
use crate::object::Instance;
use crate::specialize::read_u32;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `LOAD_ATTR_SLOT`, `_WITH_HINT`, `_METHOD_LAZY_DICT`, `_NONDESCRIPTOR_NO_DICT`.
    /// On success the owner is replaced by the attribute (and `self` or NULL with the method
    /// bit) and `f.pc` skips the nine cache units.
    pub(in crate::interp) fn load_attr_storage_fast(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        instr: usize,
        arg: usize,
    ) -> bool {
        let version = read_u32(&f.code.units, instr + 2);
        let index = f.code.units[instr + 4].get();
        let owner = f.peek(0);
        // _GUARD_TYPE_VERSION (for every form here; builtin objects only reach `__class__`).
        if self.type_of(owner).version.get() != version {
            return false;
        }
        let (value, self_) = match (op, owner) {
            (Opcode::LOAD_ATTR_SLOT, owner) => match self.slot_value(owner, index) {
                Some(v) => (v, false),
                None => return false,
            },
            (Opcode::LOAD_ATTR_WITH_HINT, Value::Instance(inst)) => {
                let name = f.code.names[arg >> 1].as_str();
                match hinted(inst, usize::from(index), name) {
                    Some(v) => (v, false),
                    None => return false,
                }
            }
            (Opcode::LOAD_ATTR_METHOD_LAZY_DICT, Value::Instance(inst)) => {
                if inst.has_lazy_dict() {
                    return false;
                }
                (f.code.objcache[instr].borrow().clone(), true)
            }
            (Opcode::LOAD_ATTR_NONDESCRIPTOR_NO_DICT, Value::Instance(_)) => {
                (f.code.objcache[instr].borrow().clone(), false)
            }
            _ => return false,
        };
        let owner = f.pop();
        f.push(value);
        if arg & 1 == 1 {
            f.push(if self_ { owner } else { Value::Null });
        }
        f.pc += 9;
        true
    }

    /// `_LOAD_ATTR_SLOT`: the object at byte offset `offset` of `owner`, `None` (deopt) when
    /// the member cell is empty. Offset 8 is `ob_type` (`obj.__class__`).
    fn slot_value(&self, owner: &Value, offset: u16) -> Option<Value> {
        match (member_index(offset), owner) {
            (None, owner) => Some(Value::Type(self.type_of(owner))),
            (Some(i), Value::Instance(inst)) => inst.member(i),
            (Some(_), _) => None,
        }
    }

    /// `STORE_ATTR_SLOT` and `STORE_ATTR_WITH_HINT`: `(value, owner -- )`.
    pub(in crate::interp) fn store_attr_storage_fast(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        instr: usize,
        arg: usize,
    ) -> bool {
        let version = read_u32(&f.code.units, instr + 2);
        let index = f.code.units[instr + 4].get();
        let Value::Instance(inst) = f.peek(0) else {
            return false;
        };
        if inst.class.version.get() != version {
            return false;
        }
        let inst = inst.clone();
        match op {
            Opcode::STORE_ATTR_SLOT => {
                let Some(i) = member_index(index) else {
                    return false;
                };
                f.pop();
                let v = f.pop();
                inst.set_member(i, v);
            }
            Opcode::STORE_ATTR_WITH_HINT => {
                let name = f.code.names[arg].as_str();
                if hinted(&inst, usize::from(index), name).is_none() {
                    return false;
                }
                f.pop();
                let v = f.pop();
                if let Some(d) = inst.dict.borrow_mut().as_mut() {
                    if let Some((_, slot)) = d.get_index_mut(usize::from(index)) {
                        *slot = v;
                    }
                }
            }
            _ => return false,
        }
        true
    }
}

impl Vm {
    /// `LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN`: `_GUARD_TYPE_VERSION`, then the cached function's
    /// version, then a new frame running `__getattribute__(owner, name)` whose return value
    /// lands where the attribute goes.
    pub(in crate::interp) fn load_attr_getattribute_fast(
        &mut self,
        f: &mut Frame,
        instr: usize,
        arg: usize,
    ) -> PyResult<bool> {
        let Value::Instance(inst) = f.peek(0) else {
            return Ok(false);
        };
        if inst.class.version.get() != read_u32(&f.code.units, instr + 2) {
            return Ok(false);
        }
        let Value::Function(hook) = f.code.objcache[instr].borrow().clone() else {
            return Ok(false);
        };
        if hook.version.get() != read_u32(&f.code.units, instr + 4) || arg & 1 == 1 {
            return Ok(false);
        }
        let name = Value::Str(f.code.names[arg >> 1].clone());
        let owner = f.pop();
        f.pc += 9;
        let frame = self.bind_frame(&hook, &[owner, name], &[])?;
        self.push_frame(f, frame)?;
        Ok(true)
    }
}

/// The value at entry `hint` of the instance's dict, if the dict exists and that entry is
/// `name` (the hint guards of `_LOAD_ATTR_WITH_HINT` / `STORE_ATTR_WITH_HINT`).
fn hinted(inst: &Instance, hint: usize, name: &str) -> Option<Value> {
    let dict = inst.dict.borrow();
    let (key, value) = dict.as_ref()?.get_index(hint)?;
    (&**key == name && !value.is_null()).then(|| value.clone())
}
