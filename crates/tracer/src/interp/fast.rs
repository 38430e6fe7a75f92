//! The specialized instructions that have no uop expansion in CPython 3.13 (they are "not
//! viable" for tier 2): each pushes a frame, skips the next instruction or stores into a dict
//! by hint, which a trace cannot express. Tier 1 runs them as one fused guard-plus-action;
//! projection stops at them. Every other specialized form is built from uops in `forms.rs`.
//!
//! ```text
//!   BINARY_SUBSCR_GETITEM              type version, then a frame for __getitem__
//!   LOAD_ATTR_PROPERTY                 type version, then a frame for the getter
//!   LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN  type and function versions, a frame for the hook
//!   STORE_ATTR_WITH_HINT               type version, dict entry `hint` is the name
//!   CALL_ALLOC_AND_ENTER_INIT          class version, a new instance, a frame for __init__
//!   CALL_LIST_APPEND                   list.append(x) without a call
//! ```
//!
//! Each function returns `Ok(false)` when a guard fails before anything changed, so the
//! caller can deopt to the generic instruction.

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::frame::{Frame, FrameKind};
use crate::specialize::read_u32;
use crate::value::Value;
use crate::vm::Vm;

use super::uop::attr::hint_holds;

impl Vm {
    /// `BINARY_SUBSCR_GETITEM`: a frame running the class's `__getitem__(container, sub)`.
    pub(super) fn binary_subscr_getitem(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
    ) -> PyResult<bool> {
        let Value::Instance(inst) = f.peek(1) else {
            return Ok(false);
        };
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
        Ok(true)
    }

    /// `LOAD_ATTR_PROPERTY`: a frame running the cached getter on the owner.
    pub(super) fn load_attr_property(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
        arg: usize,
    ) -> PyResult<bool> {
        let version = read_u32(&f.code.units, instr + 2);
        let ok = matches!(f.peek(0), Value::Instance(inst) if inst.class.version.get() == version);
        if !ok || arg & 1 == 1 {
            return Ok(false);
        }
        let Value::Function(getter) = f.code.objcache[instr].borrow().clone() else {
            return Err(exc::type_error("property getter"));
        };
        f.pc += 9;
        // The owner moves from our stack into the getter's frame, as `CALL_PY_EXACT_ARGS`
        // moves arguments (no argument slice to clone from).
        let n = f.stack.len();
        let frame = match self.frame_from_stack(getter, None, &mut f.stack, n - 1) {
            Ok(frame) => frame,
            Err(getter) => {
                let owner = f.pop();
                self.bind_frame(&getter, &[owner], &[])?
            }
        };
        self.push_frame(f, frame)?;
        Ok(true)
    }

    /// `LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN`: `_GUARD_TYPE_VERSION`, then the cached function's
    /// version, then a new frame running `__getattribute__(owner, name)` whose return value
    /// lands where the attribute goes.
    pub(super) fn load_attr_getattribute(
        &mut self,
        f: &mut Box<Frame>,
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

    /// `STORE_ATTR_WITH_HINT`: `(value, owner -- )` into dict entry `hint`, if it is the name.
    pub(super) fn store_attr_with_hint(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
        arg: usize,
    ) -> bool {
        let version = read_u32(&f.code.units, instr + 2);
        let index = usize::from(f.code.units[instr + 4].get());
        let Value::Instance(inst) = f.peek(0) else {
            return false;
        };
        if inst.class.version.get() != version
            || !hint_holds(inst, index, f.code.names[arg].as_str())
        {
            return false;
        }
        let inst = inst.clone();
        f.pop();
        let v = f.pop();
        if let Some(d) = inst.dict.borrow_mut().as_mut() {
            if let Some((_, slot)) = d.get_index_mut(index) {
                // A scalar being replaced needs no drop glue.
                std::mem::replace(slot, v).discard();
            }
        }
        true
    }

    /// `CALL_ALLOC_AND_ENTER_INIT`: a new instance of the cached class and a frame running its
    /// `__init__`, whose return the caller never sees (the init shim returns the instance).
    pub(super) fn call_alloc_and_enter_init(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
        argc: usize,
    ) -> PyResult<bool> {
        let n = f.stack.len();
        let Value::Type(c) = &f.stack[n - argc - 2] else {
            return Ok(false);
        };
        if !f.stack[n - argc - 1].is_null() || c.version.get() != read_u32(&f.code.units, instr + 2)
        {
            return Ok(false);
        }
        let c = c.clone();
        let Value::Function(init) = f.code.objcache[instr].borrow().clone() else {
            return Ok(false);
        };
        let obj = Value::instance(crate::object::Instance::new(c));
        f.pc = instr + 4;
        let fast = self.frame_from_stack(init, Some(obj.clone()), &mut f.stack, n - argc);
        let mut frame = match fast {
            Ok(frame) => frame,
            Err(init) => {
                let mut args = Vec::with_capacity(argc + 1);
                args.push(obj.clone());
                args.extend(f.stack.drain(n - argc..));
                f.stack.truncate(n - argc - 2);
                self.bind_frame(&init, &args, &[])?
            }
        };
        // Left above the caller's stack: the class and the NULL above it (unless the slow
        // path took them). Popped one by one: the NULL owns nothing and the class is an `Rc`
        // dropped inline, where `truncate` calls the out-of-line drop of a `Value` for each.
        if f.stack.len() == n - argc {
            debug_assert!(f.stack[n - argc - 1].is_null());
            std::mem::forget(f.stack.pop());
            if let Some(Value::Type(c)) = f.stack.pop() {
                drop(c);
            }
        }
        debug_assert_eq!(f.stack.len(), n - argc - 2);
        // A new frame's kind is `Normal`: replaced without running the drop of the old kind
        // (an out-of-line call).
        debug_assert!(matches!(frame.kind, FrameKind::Normal));
        std::mem::forget(std::mem::replace(&mut frame.kind, FrameKind::Init(obj)));
        self.push_frame(f, frame)?;
        Ok(true)
    }

    /// `CALL_LIST_APPEND`: `list.append(x)` on an exact list, without a call.
    pub(super) fn call_list_append(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
        argc: usize,
    ) -> bool {
        let ok = argc == 1
            && matches!(f.peek(2), Value::Builtin(b) if b.owner == Some("list") && b.name == "append")
            && matches!(f.peek(1), Value::List(_));
        if !ok {
            return false;
        }
        f.pc = instr + 4;
        let v = f.pop();
        let l = f.pop();
        f.pop();
        if let Value::List(l) = l {
            l.borrow_mut().push(v);
        }
        f.push(Value::None);
        true
    }
}
