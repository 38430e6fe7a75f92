//! The generic `CALL` / `CALL_KW` and the function objects it calls: the fast path that
//! moves exact positional arguments straight into a new frame, the general path that binds
//! keywords, `__init__` frames for user classes, and `MAKE_FUNCTION` /
//! `SET_FUNCTION_ATTRIBUTE`, which build the functions in the first place.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::exceptions::PyResult;
use crate::frame::{Frame, FrameKind};
use crate::object::{Function, PyStr, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `CALL` / `CALL_KW` (generic). Python functions get a new running frame (no Rust
    /// recursion); `kwnames` is the tuple of keyword names for `CALL_KW`.
    pub(in crate::interp) fn generic_call(
        &mut self,
        f: &mut Box<Frame>,
        argc: usize,
        kwnames: Option<Value>,
    ) -> PyResult<()> {
        let args_start = f.stack.len() - argc;
        let self_or_null = f.stack[args_start - 1].clone();
        let callable = f.stack[args_start - 2].clone();
        if kwnames.is_none()
            && self.push_exact_args_frame(f, &callable, &self_or_null, args_start)?
        {
            return Ok(());
        }
        let mut args: Vec<Value> = Vec::with_capacity(argc + 1);
        if !self_or_null.is_null() {
            args.push(self_or_null);
        }
        args.extend(f.stack.drain(args_start..));
        f.stack.truncate(args_start - 2);
        let kw: Vec<(Rc<PyStr>, Value)> = match &kwnames {
            Some(Value::Tuple(names)) => {
                let split = args.len() - names.len();
                let vals = args.split_off(split);
                names
                    .iter()
                    .zip(vals)
                    .map(|(n, v)| {
                        (
                            match n {
                                Value::Str(s) => s.clone(),
                                _ => Rc::new(PyStr::new(String::new())),
                            },
                            v,
                        )
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        self.call_and_push(f, callable, args, &kw)
    }

    /// The allocation-free path of a generic `CALL` to a Python function (or a bound method
    /// of one) whose positional arguments match its parameters exactly: the arguments move
    /// from our stack into the callee's locals. False (stack untouched) for any other call.
    fn push_exact_args_frame(
        &mut self,
        f: &mut Box<Frame>,
        callable: &Value,
        self_or_null: &Value,
        args_start: usize,
    ) -> PyResult<bool> {
        // `from` is where the arguments start; a non-NULL `self_or_null` is the first one.
        let (func, self_, from) = match (callable, self_or_null) {
            (Value::Function(func), Value::Null) => (func, None, args_start),
            (Value::Function(func), _) => (func, None, args_start - 1),
            (Value::Method(m), Value::Null) => match &m.func {
                Value::Function(func) => (func, Some(m.self_.clone()), args_start),
                _ => return Ok(false),
            },
            _ => return Ok(false),
        };
        let Ok(frame) = self.frame_from_stack(func.clone(), self_, &mut f.stack, from) else {
            return Ok(false);
        };
        // Drop the callable and the NULL slot (if not moved as an argument).
        f.stack.truncate(args_start - 2);
        self.push_frame(f, frame)?;
        Ok(true)
    }

    /// Calls `callable(*args, **kw)`: pushes a frame for Python code, else calls and pushes.
    pub(in crate::interp) fn call_and_push(
        &mut self,
        f: &mut Box<Frame>,
        callable: Value,
        mut args: Vec<Value>,
        kw: &[(Rc<PyStr>, Value)],
    ) -> PyResult<()> {
        match &callable {
            Value::Function(func) => {
                let frame = self.bind_frame(func, &args, kw)?;
                self.push_frame(f, frame)
            }
            Value::Method(m) if matches!(m.func, Value::Function(_)) => {
                args.insert(0, m.self_.clone());
                let func = m.func.clone();
                self.call_and_push(f, func, args, kw)
            }
            Value::Type(c)
                if !c.builtin
                    && c.layout == TypeKind::Object
                    && c.meta().is_none()
                    && crate::builtins::new::custom_new(c).is_none() =>
            {
                let c = c.clone();
                match c.lookup("__init__") {
                    Some(Value::Function(init)) => {
                        // Made only here: a new instance reserves room in the class's shared
                        // keys, so an unused one would change later layout decisions.
                        let obj = Value::instance(crate::object::Instance::new(c.clone()));
                        args.insert(0, obj.clone());
                        let mut frame = self.bind_frame(&init, &args, kw)?;
                        frame.kind = FrameKind::Init(obj);
                        self.push_frame(f, frame)
                    }
                    _ => {
                        let r = self.call_type(&c, &args, kw)?;
                        f.push(r);
                        Ok(())
                    }
                }
            }
            _ => {
                if crate::builtins::namespaces::wants_caller(&callable) {
                    self.caller = Some(crate::builtins::namespaces::CallerScope::of(f));
                }
                let r = self.call(&callable, &args, kw)?;
                f.push(r);
                Ok(())
            }
        }
    }

    /// `MAKE_FUNCTION`: a function from the code object on the stack.
    pub(in crate::interp) fn make_function(&mut self, f: &mut Box<Frame>) {
        let code = f.pop();
        let Value::Code(code) = code else {
            return f.push(Value::None);
        };
        // The names and the empty defaults and closure are shared, not allocated: a
        // generator expression or lambda evaluated in a loop makes one function per run.
        let func = Function {
            name: code.co_name.clone(),
            qualname: code.co_qualname.clone(),
            globals: f.globals.clone(),
            defaults: RefCell::new(self.empty_tuple.clone()),
            kwdefaults: RefCell::new(None),
            annotations: RefCell::new(Value::None),
            closure: RefCell::new(self.empty_tuple.clone()),
            version: Cell::new(code.version),
            attrs: RefCell::new(None),
            code,
        };
        let func = Rc::new(func);
        // `_PyFunction_SetVersion`: projection finds the function by this version.
        self.func_versions.set(&func);
        let func = Value::Function(func);
        crate::object::gc::track(&func);
        f.push(func);
    }

    /// `SET_FUNCTION_ATTRIBUTE`: defaults (1), keyword defaults (2), annotations (4),
    /// closure (8).
    pub(in crate::interp) fn set_function_attribute(&mut self, f: &mut Box<Frame>, arg: usize) {
        let func = f.pop();
        let attr = f.pop();
        if let Value::Function(func) = &func {
            match arg {
                1 => {
                    if let Value::Tuple(t) = attr {
                        *func.defaults.borrow_mut() = t;
                    }
                }
                2 => {
                    if let Value::Dict(d) = attr {
                        *func.kwdefaults.borrow_mut() = Some(Rc::new(d.borrow().clone()));
                    }
                }
                4 => *func.annotations.borrow_mut() = attr,
                8 => {
                    if let Value::Tuple(t) = attr {
                        *func.closure.borrow_mut() = t;
                    }
                }
                _ => {}
            }
        }
        f.push(func);
    }
}
