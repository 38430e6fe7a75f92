//! Calls: binding arguments into a new frame, calling classes, and calling from Rust.
//!
//! The eval loop calls Python functions by pushing the callee's frame (no Rust recursion).
//! Builtins that must call back into Python (`sorted(key=...)`, `__repr__` from `print`) use
//! `Vm::call`, which runs a nested eval loop until that one frame returns, exactly like
//! CPython's C code calling `PyObject_Call`. The recursion limit counts every frame.

use std::rc::Rc;

use crate::code::flags::{CO_VARARGS, CO_VARKEYWORDS};
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::frame::Frame;
use crate::object::dict::str_key;
use crate::object::{type_name_of, Class, Dict, Function, Generator, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// How an eval loop run ended.
pub enum Exit {
    Return(Value),
    Yield(Value),
}

impl Vm {
    /// Calls any callable with positional and keyword arguments.
    pub fn call(&mut self, f: &Value, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
        match f {
            Value::Function(func) => {
                let frame = self.bind_frame(func, args, kw)?;
                self.eval_frame(frame)
            }
            Value::Method(m) => {
                // A bound Python function taking exactly these arguments: `self` goes in
                // first, no argument vector.
                if let (Value::Function(func), true) = (&m.func, kw.is_empty()) {
                    if let Some(frame) = self.exact_frame(func, Some(&m.self_), args) {
                        return self.eval_frame(frame);
                    }
                }
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(m.self_.clone());
                full.extend_from_slice(args);
                let func = m.func.clone();
                self.call(&func, &full, kw)
            }
            Value::Builtin(b) => {
                crate::builtins::check_arity(b, args, kw)?;
                match crate::builtins::subclass::method_args(b, args) {
                    Some(unwrapped) => (b.func)(self, &unwrapped, kw),
                    None => (b.func)(self, args, kw),
                }
            }
            Value::Type(c) => {
                let c = c.clone();
                self.call_type(&c, args, kw)
            }
            // A staticmethod object is callable (3.10+): it calls the function it wraps.
            Value::Instance(i) if i.class.kind == TypeKind::StaticMethod => {
                let func = i.get_attr("__func__").unwrap_or(Value::None);
                self.call(&func, args, kw)
            }
            Value::Instance(_) | Value::Native(_) => {
                match self.call_dunder_opt_kw(f, "__call__", args, kw)? {
                    Some(v) => Ok(v),
                    None => Err(exc::type_error(format!(
                        "'{}' object is not callable",
                        type_name_of(f)
                    ))),
                }
            }
            _ => Err(exc::type_error(format!(
                "'{}' object is not callable",
                type_name_of(f)
            ))),
        }
    }

    fn call_dunder_opt_kw(
        &mut self,
        obj: &Value,
        name: &str,
        args: &[Value],
        kw: KwArgs<'_>,
    ) -> PyResult<Option<Value>> {
        let class = match obj {
            Value::Instance(inst) => &inst.class,
            Value::Native(n) => &n.class,
            _ => return Ok(None),
        };
        let Some(f) = class.lookup(name) else {
            return Ok(None);
        };
        let mut full = vec![obj.clone()];
        full.extend_from_slice(args);
        self.call(&f, &full, kw).map(Some)
    }

    /// Runs `frame` to completion in a nested eval loop (a Rust caller waits for it).
    pub fn eval_frame(&mut self, mut frame: Box<Frame>) -> PyResult<Value> {
        frame.entry = true;
        match self.run_loop(frame)? {
            Exit::Return(v) | Exit::Yield(v) => Ok(v),
        }
    }

    /// The frame of `func(first, *args)` when the arguments bind one-to-one to its
    /// positional parameters (`first`, if any, is `self`), else `None`. The arguments are
    /// cloned straight into a pooled stack and the other locals pushed unbound after them:
    /// no argument array to build first, no pass that writes NULLs and then overwrites them.
    #[inline]
    pub(crate) fn exact_frame(
        &mut self,
        func: &Rc<Function>,
        first: Option<&Value>,
        args: &[Value],
    ) -> Option<Box<Frame>> {
        let co = &func.code.code;
        if !crate::vm::binds_exactly(co, args.len() + usize::from(first.is_some())) {
            return None;
        }
        let size = func.code.nlocalsplus + co.stacksize as usize;
        let nlocalsplus = func.code.nlocalsplus;
        // A pooled frame (`Vm::frame_box`): its stack is empty and keeps its buffer.
        let mut frame = self.frame_box(&func.code, func.globals.clone(), Some(func.clone()), None);
        let stack = &mut frame.stack;
        stack.reserve(size);
        if let Some(first) = first {
            stack.push(first.clone());
        }
        // One push per argument and per unbound local: `extend_from_slice` and `resize` each
        // run out of line (their generic loops), about 35 machine instructions a call more
        // for the usual one or two arguments of a dunder called from Rust.
        for a in args {
            stack.push(a.clone());
        }
        for _ in stack.len()..nlocalsplus {
            stack.push(Value::Null);
        }
        Some(frame)
    }

    /// Builds the callee frame of `func(*args, **kw)`: CPython's `initialize_locals`.
    pub fn bind_frame(
        &mut self,
        func: &Rc<Function>,
        args: &[Value],
        kw: KwArgs<'_>,
    ) -> PyResult<Box<Frame>> {
        if kw.is_empty() {
            if let Some(frame) = self.exact_frame(func, None, args) {
                return Ok(frame);
            }
        }
        let argcount = func.code.code.argcount as usize;
        let kwonly = func.code.code.kwonlyargcount as usize;
        let code = func.code.clone();
        let co = code.code.clone();
        let mut frame = self.new_frame(code, func.globals.clone(), Some(func.clone()), None);
        let renamed = func_qualname(func);
        let name = renamed.as_deref().unwrap_or(func.qualname.as_str());
        let npos = args.len().min(argcount);
        frame.stack[..npos].clone_from_slice(&args[..npos]);
        let mut slot = argcount + kwonly;
        if co.flags & CO_VARARGS != 0 {
            let extra = if args.len() > argcount {
                args[argcount..].to_vec()
            } else {
                Vec::new()
            };
            frame.stack[slot] = Value::tuple(extra);
            slot += 1;
        } else if args.len() > argcount {
            let defaults = func.defaults.borrow().len();
            let takes = if defaults > 0 {
                format!(
                    "from {} to {} positional arguments",
                    argcount - defaults,
                    argcount
                )
            } else {
                format!(
                    "{} positional argument{}",
                    argcount,
                    if argcount == 1 { "" } else { "s" }
                )
            };
            return Err(exc::type_error(format!(
                "{name}() takes {takes} but {} {} given",
                args.len(),
                if args.len() == 1 { "was" } else { "were" }
            )));
        }
        let mut kwdict = (co.flags & CO_VARKEYWORDS != 0).then(Dict::new);
        let posonly = co.posonlyargcount as usize;
        for (k, v) in kw {
            let pos = co.localsplusnames[posonly..argcount + kwonly]
                .iter()
                .position(|n| &**n == k.as_str())
                .map(|p| p + posonly);
            match pos {
                Some(p) if !frame.stack[p].is_null() => {
                    return Err(exc::type_error(format!(
                        "{name}() got multiple values for argument '{}'",
                        k.as_str()
                    )));
                }
                Some(p) => frame.stack[p] = v.clone(),
                None => match &mut kwdict {
                    Some(d) => d.insert(str_key(k.as_str()), v.clone()),
                    None => {
                        return Err(exc::type_error(format!(
                            "{name}() got an unexpected keyword argument '{}'",
                            k.as_str()
                        )));
                    }
                },
            }
        }
        if let Some(d) = kwdict {
            frame.stack[slot] = Value::dict(d);
        }
        self.fill_defaults(func, &mut frame, argcount, kwonly)?;
        Ok(frame)
    }

    fn fill_defaults(
        &mut self,
        func: &Rc<Function>,
        frame: &mut Box<Frame>,
        argcount: usize,
        kwonly: usize,
    ) -> PyResult<()> {
        let defaults = func.defaults.borrow().clone();
        let first_default = argcount - defaults.len().min(argcount);
        let renamed = func_qualname(func);
        let name = renamed.as_deref().unwrap_or(func.qualname.as_str());
        let mut missing = Vec::new();
        for i in 0..argcount {
            if frame.stack[i].is_null() {
                if i >= first_default {
                    frame.stack[i] = defaults[i - first_default].clone();
                } else {
                    missing.push(format!("'{}'", frame.code.code.localsplusnames[i]));
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_args(name, "positional", &missing));
        }
        let kwdefaults = func.kwdefaults.borrow().clone();
        for i in argcount..argcount + kwonly {
            if frame.stack[i].is_null() {
                let param = frame.code.code.localsplusnames[i].clone();
                match kwdefaults.as_ref().and_then(|d| d.get_str(&param).cloned()) {
                    Some(v) => frame.stack[i] = v,
                    None => missing.push(format!("'{param}'")),
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_args(name, "keyword-only", &missing));
        }
        Ok(())
    }

    /// Calls a class: builtin constructors, or a new instance plus `__init__`.
    pub fn call_type(
        &mut self,
        class: &Rc<Class>,
        args: &[Value],
        kw: KwArgs<'_>,
    ) -> PyResult<Value> {
        // A metaclass's own `__call__` decides what calling its classes does.
        if let Some(call) = class
            .meta()
            .and_then(|m| crate::builtins::metaclass::hook(&m, "__call__"))
        {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(Value::Type(class.clone()));
            full.extend_from_slice(args);
            return self.call(&call, &full, kw);
        }
        self.call_type_plain(class, args, kw)
    }

    /// `type.__call__(class, *args, **kw)`: `__new__` then `__init__`, whatever the metaclass.
    pub fn call_type_plain(
        &mut self,
        class: &Rc<Class>,
        args: &[Value],
        kw: KwArgs<'_>,
    ) -> PyResult<Value> {
        if class.builtin && class.layout != TypeKind::Exception {
            return crate::builtins::construct(self, class, args, kw);
        }
        self.instantiate(class, args, kw)
    }

    /// Resumes a generator from Rust (`next(g)`); `None` when it finishes.
    pub fn resume_generator(&mut self, g: &Rc<Generator>) -> PyResult<Option<Value>> {
        Ok(self.gen_send_ex(g, Value::None, None)?.ok())
    }

    /// `StopIteration(value)`: no args for `None`, like a generator's bare `return`.
    pub fn stop_iteration(&mut self, value: Value) -> PyErr {
        let inst = self.materialize(exc::new("StopIteration", ""));
        if let (Some(e), false) = (&inst.exc, matches!(value, Value::None)) {
            e.borrow_mut().args = vec![value];
        }
        PyErr::Obj(inst)
    }

    /// A `TypeError` with an exception instance, for `RAISE_VARARGS` on a non-exception.
    pub fn make_exception(&mut self, v: Value) -> PyResult<PyErr> {
        match &v {
            Value::Instance(i) if i.exc.is_some() => Ok(PyErr::Obj(i.clone())),
            Value::Type(c) if c.layout == TypeKind::Exception => {
                let c = c.clone();
                match self.call_type(&c, &[], &[])? {
                    Value::Instance(i) => Ok(PyErr::Obj(i)),
                    _ => Err(exc::type_error("exceptions must derive from BaseException")),
                }
            }
            _ => Err(exc::type_error("exceptions must derive from BaseException")),
        }
    }
}

fn missing_args(name: &str, kind: &str, missing: &[String]) -> PyErr {
    let list = match missing.len() {
        1 => missing[0].clone(),
        2 => format!("{} and {}", missing[0], missing[1]),
        n => format!("{}, and {}", missing[..n - 1].join(", "), missing[n - 1]),
    };
    exc::type_error(format!(
        "{name}() missing {} required {kind} argument{}: {list}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" }
    ))
}

/// A `__qualname__` assigned to `func` after its creation: it names the function in the
/// argument errors, as CPython's `func_qualname` does.
fn func_qualname(func: &Function) -> Option<String> {
    func.attrs.borrow().as_ref().and_then(|a| {
        a.special
            .get_str("__qualname__")
            .and_then(|q| q.as_str().map(str::to_string))
    })
}
