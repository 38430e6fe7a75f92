//! [`Host`]: one interpreter's own state, living on its own thread: a `tracer` VM with its
//! heap, its `__main__` namespace and its `sharing` module.
//!
//! Everything here is `!Send` (the VM's objects are `Rc`s), which is the point: Rust will not
//! let a `Host`, or anything from its heap, move to another thread. The interpreter's thread
//! creates its `Host` and keeps it until it closes; other threads reach it only through
//! messages carrying [`Shareable`]s (`interp.rs`).
//!
//! `exec` runs source in `__main__`, as PEP 734's `Interpreter.exec` does (the namespace
//! persists between calls); `call` calls a function that `__main__` defines; `prepare_main`
//! binds shareable values there. An uncaught exception comes back as an [`ExcInfo`] (type,
//! message, traceback text), never as an object.

use std::cell::RefCell;
use std::rc::Rc;

use tracer::exceptions::PyErr;
use tracer::object::dict::str_key;
use tracer::object::{Dict, Module, PyStr};
use tracer::value::Value;
use tracer::vm::{Vm, VmOptions};

use crate::error::{ExcInfo, InterpreterId};
use crate::python;
use crate::roots::Roots;
use crate::share::{NotShareableError, Shareable};

/// The file name CPython gives code run by `Interpreter.exec` in tracebacks.
pub const EXEC_FILENAME: &str = "<string>";

/// One interpreter's VM and `__main__` (see the module docs).
pub struct Host {
    vm: Vm,
    main: Rc<RefCell<Dict>>,
}

/// Why a `call` failed: the callee raised, or its result cannot cross back.
#[derive(Debug)]
pub enum CallError {
    Raised(ExcInfo),
    Result(NotShareableError),
}

impl Host {
    /// A fresh interpreter `id` publishing through `roots`. With `capture_output`, `print`
    /// writes to a buffer ([`Host::take_output`]) instead of the process's stdout.
    pub fn new(id: InterpreterId, roots: Roots, capture_output: bool) -> Host {
        let mut vm = Vm::new(VmOptions {
            capture_output,
            ..VmOptions::default()
        });
        python::install(&mut vm, id, roots);
        let main = Rc::new(RefCell::new(Dict::new()));
        {
            let mut g = main.borrow_mut();
            g.insert(str_key("__name__"), Value::str("__main__"));
            let builtins = Module {
                name: Rc::new(PyStr::new("builtins".into())),
                dict: vm.builtins.clone(),
            };
            g.insert(str_key("__builtins__"), Value::Module(Rc::new(builtins)));
        }
        Host { vm, main }
    }

    /// Runs `source` in `__main__` (`Interpreter.exec`).
    pub fn exec(&mut self, source: &str) -> Result<(), ExcInfo> {
        // The VM's built-in modules (`math`, ...) and those registered on it (`sharing`) are
        // the ones this source may import.
        let mut modules: Vec<&str> = self.vm.modules.keys().map(String::as_str).collect();
        modules.extend(tracer::compile::BUILTIN_MODULES);
        let code = tracer::compile::compile_importing(source, EXEC_FILENAME, &modules)
            .map_err(compile_excinfo)?;
        let rt = self.vm.rt_code(&code);
        let frame = self
            .vm
            .new_frame(rt, self.main.clone(), None, Some(self.main.clone()));
        let result = self.vm.eval_frame(frame);
        self.vm.flush();
        result.map(drop).map_err(|e| self.excinfo(e))
    }

    /// Calls `__main__.name(*args)` and sends the result back (`Interpreter.call`).
    pub fn call(&mut self, name: &str, args: &[Shareable]) -> Result<Shareable, CallError> {
        let raised = |host: &mut Host, e| CallError::Raised(host.excinfo(e));
        let found = self.main.borrow().get_str(name).cloned();
        let func = match found {
            Some(f) => f,
            None => {
                let e =
                    tracer::exceptions::new("NameError", format!("name '{name}' is not defined"));
                return Err(raised(self, e));
            }
        };
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            match python::to_value(&self.vm, a) {
                Ok(v) => values.push(v),
                Err(e) => return Err(raised(self, e)),
            }
        }
        let result = self.vm.call(&func, &values, &[]);
        self.vm.flush();
        match result {
            Ok(v) => python::to_shareable(&v).map_err(CallError::Result),
            Err(e) => Err(raised(self, e)),
        }
    }

    /// Binds each `(name, value)` in `__main__` (`Interpreter.prepare_main`).
    pub fn prepare_main(&mut self, bindings: &[(String, Shareable)]) -> Result<(), ExcInfo> {
        for (name, value) in bindings {
            let v = python::to_value(&self.vm, value).map_err(|e| self.excinfo(e))?;
            self.main.borrow_mut().insert(str_key(name), v);
        }
        Ok(())
    }

    /// What `print` wrote since the last call (only with `capture_output`).
    pub fn take_output(&mut self) -> String {
        self.vm.take_output()
    }

    /// The summary of an uncaught exception, as CPython's `excinfo`.
    fn excinfo(&mut self, err: PyErr) -> ExcInfo {
        let exc = self.vm.materialize(err);
        let type_name = exc.class.name.as_str().to_string();
        let msg = self.vm.exc_str(&exc);
        let formatted = self.vm.exception_line(&exc);
        // CPython's `errdisplay` has no final newline.
        let errdisplay = self
            .vm
            .format_traceback(PyErr::Obj(exc))
            .trim_end()
            .to_string();
        ExcInfo {
            type_name,
            msg,
            formatted,
            errdisplay,
        }
    }
}

/// A compile error of `exec`'s source, as the `SyntaxError` CPython would report.
fn compile_excinfo(err: tracer::error::CompileError) -> ExcInfo {
    use tracer::error::CompileError;
    match err {
        CompileError::Syntax(e) | CompileError::Invalid(e) => {
            // `str(SyntaxError)` adds the place, and `formatted` is built from `str()`.
            let msg = format!(
                "{} ({}, line {})",
                e.message, e.location.file, e.location.line
            );
            ExcInfo {
                type_name: e.kind.to_string(),
                formatted: format!("{}: {msg}", e.kind),
                msg,
                errdisplay: e.to_string(),
            }
        }
        CompileError::Unsupported {
            construct,
            location,
        } => {
            let msg = format!("not supported yet: {construct} at {location}");
            ExcInfo {
                type_name: "NotImplementedError".into(),
                formatted: format!("NotImplementedError: {msg}"),
                errdisplay: format!("NotImplementedError: {msg}"),
                msg,
            }
        }
        CompileError::Limit { kind, message, .. } => ExcInfo {
            type_name: kind.to_string(),
            formatted: format!("{kind}: {message}"),
            errdisplay: format!("{kind}: {message}"),
            msg: message,
        },
    }
}
