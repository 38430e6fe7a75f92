//! The `CALL_*` specialized forms: Python calls that push the callee's frame
//! (`CALL_PY_EXACT_ARGS`, `CALL_PY_GENERAL`, the bound-method and `__init__` forms) and native
//! calls that run a builtin on the caller's stack in place (`CALL_BUILTIN_*`, `CALL_LEN`,
//! `CALL_METHOD_DESCRIPTOR_*`, `CALL_LIST_APPEND`, ...). Split out of `fast.rs`, whose
//! contract they share: `Ok(false)` means a guard failed before anything changed.

use std::rc::Rc;

use crate::bytecode::Opcode;
use crate::exceptions::PyResult;
use crate::frame::{Frame, FrameKind};
use crate::object::{CallConv, TypeKind};
use crate::specialize::read_u32;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `CALL_PY_EXACT_ARGS` / `CALL_PY_GENERAL`: `_CHECK_FUNCTION_VERSION` (and, when
    /// `exact`, `_CHECK_FUNCTION_EXACT_ARGS`), then the callee's frame is pushed. The callable
    /// and the arguments move from our stack into the frame: no reference-count traffic.
    #[inline(always)]
    pub(in crate::interp) fn call_py(
        &mut self,
        f: &mut Frame,
        exact: bool,
        instr: usize,
        argc: usize,
    ) -> PyResult<bool> {
        let n = f.stack.len();
        let total = argc + usize::from(!f.stack[n - argc - 1].is_null());
        let version = read_u32(&f.code.units, instr + 2);
        let func = match std::mem::replace(&mut f.stack[n - argc - 2], Value::Null) {
            Value::Function(func)
                if func.version.get() == version
                    && (!exact || func.code.code.argcount as usize == total) =>
            {
                func
            }
            other => {
                // A failed guard leaves the stack as it was.
                f.stack[n - argc - 2] = other;
                return Ok(false);
            }
        };
        f.pc = instr + 4;
        // Exact arguments move straight from our stack into the callee's locals.
        let frame = match self.frame_from_stack(func, None, &mut f.stack, n - total) {
            Ok(frame) => frame,
            Err(func) => {
                let args = f.stack.split_off(n - total);
                f.stack.truncate(n - argc - 2);
                self.bind_frame(&func, &args, &[])?
            }
        };
        f.stack.truncate(n - argc - 2);
        self.push_frame(f, frame)?;
        Ok(true)
    }

    /// The other `CALL_*` specialized forms.
    pub(in crate::interp) fn call_fast(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        instr: usize,
        argc: usize,
    ) -> PyResult<bool> {
        let n = f.stack.len();
        let callable = f.stack[n - argc - 2].clone();
        let has_self = !f.stack[n - argc - 1].is_null();
        match op {
            Opcode::CALL_BOUND_METHOD_EXACT_ARGS | Opcode::CALL_BOUND_METHOD_GENERAL => {
                let Value::Method(m) = &callable else {
                    return Ok(false);
                };
                let Value::Function(func) = &m.func else {
                    return Ok(false);
                };
                if has_self || func.version.get() != read_u32(&f.code.units, instr + 2) {
                    return Ok(false);
                }
                if op == Opcode::CALL_BOUND_METHOD_EXACT_ARGS
                    && func.code.code.argcount as usize != argc + 1
                {
                    return Ok(false);
                }
                f.pc = instr + 4;
                let self_ = m.self_.clone();
                let fast = self.frame_from_stack(func.clone(), Some(self_), &mut f.stack, n - argc);
                let frame = match fast {
                    Ok(frame) => frame,
                    Err(_) => {
                        let mut args = Vec::with_capacity(argc + 1);
                        args.push(m.self_.clone());
                        args.extend(f.stack.drain(n - argc..));
                        f.stack.truncate(n - argc - 2);
                        self.bind_frame(func, &args, &[])?
                    }
                };
                f.stack.truncate(n - argc - 2);
                self.push_frame(f, frame)?;
            }
            Opcode::CALL_ALLOC_AND_ENTER_INIT => {
                let Value::Type(c) = &callable else {
                    return Ok(false);
                };
                if has_self || c.version.get() != read_u32(&f.code.units, instr + 2) {
                    return Ok(false);
                }
                let Value::Function(init) = f.code.objcache[instr].borrow().clone() else {
                    return Ok(false);
                };
                let obj = Value::Instance(Rc::new(crate::object::Instance::new(c.clone())));
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
                f.stack.truncate(n - argc - 2);
                frame.kind = FrameKind::Init(obj);
                self.push_frame(f, frame)?;
            }
            _ => return self.call_native_fast(f, op, instr, argc, callable, has_self),
        }
        Ok(true)
    }

    /// `CALL_BUILTIN_*`, `CALL_METHOD_DESCRIPTOR_*`, `CALL_LEN`, `CALL_ISINSTANCE`,
    /// `CALL_LIST_APPEND`, `CALL_TYPE_1`/`_STR_1`/`_TUPLE_1`, `CALL_BUILTIN_CLASS`,
    /// `CALL_NON_PY_GENERAL`: guards on the callable's kind, then a direct call.
    fn call_native_fast(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        instr: usize,
        argc: usize,
        callable: Value,
        has_self: bool,
    ) -> PyResult<bool> {
        let total = argc + has_self as usize;
        let ok = match (&callable, op) {
            (Value::Builtin(b), Opcode::CALL_BUILTIN_O) => {
                b.owner.is_none() && b.conv == CallConv::O && total == 1
            }
            (Value::Builtin(b), Opcode::CALL_BUILTIN_FAST) => {
                b.owner.is_none() && b.conv == CallConv::Fast
            }
            (Value::Builtin(b), Opcode::CALL_BUILTIN_FAST_WITH_KEYWORDS) => {
                b.owner.is_none() && b.conv == CallConv::FastKw
            }
            (Value::Builtin(b), Opcode::CALL_LEN) => {
                b.owner.is_none() && b.name == "len" && total == 1
            }
            (Value::Builtin(b), Opcode::CALL_ISINSTANCE) => {
                b.owner.is_none() && b.name == "isinstance" && total == 2
            }
            (Value::Builtin(b), Opcode::CALL_LIST_APPEND) => {
                b.owner == Some("list")
                    && b.name == "append"
                    && has_self
                    && argc == 1
                    && matches!(f.peek(1), Value::List(_))
            }
            (Value::Builtin(b), Opcode::CALL_METHOD_DESCRIPTOR_O) => {
                b.owner.is_some()
                    && b.conv == CallConv::O
                    && total == 2
                    && self.self_matches(f, b, argc)
            }
            (Value::Builtin(b), Opcode::CALL_METHOD_DESCRIPTOR_NOARGS) => {
                b.owner.is_some()
                    && b.conv == CallConv::NoArgs
                    && total == 1
                    && self.self_matches(f, b, argc)
            }
            (Value::Builtin(b), Opcode::CALL_METHOD_DESCRIPTOR_FAST) => {
                b.owner.is_some()
                    && b.conv == CallConv::Fast
                    && total >= 1
                    && self.self_matches(f, b, argc)
            }
            (Value::Builtin(b), Opcode::CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS) => {
                b.owner.is_some()
                    && b.conv == CallConv::FastKw
                    && total >= 1
                    && self.self_matches(f, b, argc)
            }
            (Value::Type(c), Opcode::CALL_TYPE_1) => {
                c.kind == TypeKind::Type && argc == 1 && !has_self
            }
            (Value::Type(c), Opcode::CALL_STR_1) => {
                c.kind == TypeKind::Str && argc == 1 && !has_self
            }
            (Value::Type(c), Opcode::CALL_TUPLE_1) => {
                c.kind == TypeKind::Tuple && argc == 1 && !has_self
            }
            (Value::Type(c), Opcode::CALL_BUILTIN_CLASS) => {
                c.builtin && crate::builtins::has_vectorcall(c)
            }
            (Value::Function(_), Opcode::CALL_NON_PY_GENERAL) => false,
            (Value::Method(_), Opcode::CALL_NON_PY_GENERAL) => false,
            (_, Opcode::CALL_NON_PY_GENERAL) => true,
            _ => false,
        };
        if !ok {
            return Ok(false);
        }
        let n = f.stack.len();
        f.pc = instr + 4;
        if op == Opcode::CALL_LIST_APPEND {
            let v = f.pop();
            let l = f.pop();
            f.pop();
            if let Value::List(l) = l {
                l.borrow_mut().push(v);
            }
            f.push(Value::None);
            return Ok(true);
        }
        if let Value::Builtin(b) = &callable {
            // The arguments are passed in place, as a slice of our stack: no `Vec`.
            let r = (b.func)(self, &f.stack[n - total..], &[]);
            f.stack.truncate(n - argc - 2);
            f.push(r?);
            return Ok(true);
        }
        let args: Vec<Value> = f.stack.drain(n - total..).collect();
        f.stack.truncate(n - argc - 2);
        self.call_and_push(f, callable, args, &[])?;
        Ok(true)
    }

    /// `self` of a method-descriptor call has the descriptor's type (CPython checks this).
    fn self_matches(&self, f: &Frame, b: &crate::object::Builtin, argc: usize) -> bool {
        let n = f.stack.len();
        let self_ = &f.stack[n - argc - 1];
        let self_ = if self_.is_null() && argc > 0 {
            &f.stack[n - argc]
        } else {
            self_
        };
        let t = crate::object::static_type_name(self_);
        Some(t) == b.owner || (b.owner == Some("set") && t == "set")
    }
}
