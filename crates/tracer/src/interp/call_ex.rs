//! Calls with `*args` / `**kwargs` at the call site: the instructions that build the argument
//! tuple and dict, and `CALL_FUNCTION_EX`, with CPython 3.13's error messages.
//!
//! ```text
//!   f(1, *xs, k=2, **kw)
//!     LOAD_GLOBAL f + NULL
//!     LOAD_CONST 1; BUILD_LIST 1; LOAD_FAST xs; LIST_EXTEND 1; CALL_INTRINSIC_1 LIST_TO_TUPLE
//!     LOAD_CONST 'k'; LOAD_CONST 2; BUILD_MAP 1; LOAD_FAST kw; DICT_MERGE 1
//!     CALL_FUNCTION_EX 1                      (func, NULL, args_tuple, kwargs_dict -- result)
//! ```
//!
//! The messages name the callee as `_PyObject_FunctionStr` does (`__main__.f()`, `len()`),
//! which is why DICT_MERGE looks down the stack for the callable.

use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::frame::Frame;
use crate::object::type_name_of;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `LIST_EXTEND`: `(list, ..., iterable -- list, ...)`.
    pub(super) fn list_extend(&mut self, f: &mut Box<Frame>, arg: usize) -> PyResult<()> {
        let it = f.pop();
        let items = self
            .collect_hinted(&it)
            .map_err(|e| not_iterable(e, &it, None))?;
        if let Value::List(l) = f.peek(arg - 1) {
            l.borrow_mut().extend(items);
        }
        Ok(())
    }

    /// `DICT_MERGE`: like `DICT_UPDATE`, but a repeated key is an error naming the callee
    /// (the callable sits below NULL, the argument tuple and the dict).
    pub(super) fn dict_merge(&mut self, f: &mut Box<Frame>, arg: usize) -> PyResult<()> {
        let other = f.pop();
        let target = f.peek(arg - 1).clone();
        let func = f.peek(arg + 2).clone();
        let Value::Dict(d) = &target else {
            return Ok(());
        };
        let entries = self.mapping_items(&other, &func)?;
        for (k, v) in entries {
            let h = self.hkey(&k)?;
            if d.borrow().get(&h).is_some() {
                return Err(exc::type_error(format!(
                    "{} got multiple values for keyword argument '{}'",
                    function_str(&func),
                    self.str_of(&k)?
                )));
            }
            d.borrow_mut().insert(h, v);
        }
        Ok(())
    }

    /// `CALL_FUNCTION_EX`: `(func, self_or_null, callargs, kwargs? -- result)`.
    pub(super) fn call_function_ex(&mut self, f: &mut Box<Frame>, arg: usize) -> PyResult<()> {
        let kwargs = if arg & 1 == 1 { f.pop() } else { Value::Null };
        let callargs = f.pop();
        let self_or_null = f.pop();
        let callable = f.pop();
        let mut args = Vec::new();
        if !self_or_null.is_null() {
            args.push(self_or_null);
        }
        match &callargs {
            Value::Tuple(t) => args.extend(t.iter().cloned()),
            other => {
                let items = self
                    .collect_hinted(other)
                    .map_err(|e| not_iterable(e, other, Some(&callable)))?;
                args.extend(items);
            }
        }
        let mut kw = Vec::new();
        if let Value::Dict(d) = &kwargs {
            for (k, v) in d.borrow().iter() {
                match k {
                    Value::Str(s) => kw.push((s.clone(), v.clone())),
                    _ => return Err(exc::type_error("keywords must be strings")),
                }
            }
        }
        self.call_and_push(f, callable, args, &kw)
    }

    /// The `(key, value)` pairs of a `**` operand: a dict directly, any other object with a
    /// `keys` method through `keys()` and `[]` (CPython's `PyDict_Update` fallback).
    fn mapping_items(&mut self, m: &Value, func: &Value) -> PyResult<Vec<(Value, Value)>> {
        if let Value::Dict(d) = m {
            let d = d.borrow();
            return Ok(d.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
        }
        let keys = match m {
            Value::Instance(i) if i.class.lookup("keys").is_some() => self.getattr(m, "keys")?,
            _ => {
                return Err(exc::type_error(format!(
                    "{} argument after ** must be a mapping, not {}",
                    function_str(func),
                    type_name_of(m)
                )))
            }
        };
        let keys = self.call(&keys, &[], &[])?;
        let mut items = Vec::new();
        for k in self.collect(&keys)? {
            let v = self.getitem(m, &k)?;
            items.push((k, v));
        }
        Ok(items)
    }

    fn str_of(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.as_str().to_string()),
            other => self.repr(other),
        }
    }
}

/// Replaces the TypeError of iterating a non-iterable by the call-site wording: "Value after
/// * must be an iterable" in a display, "f() argument after * ..." at CALL_FUNCTION_EX.
fn not_iterable(e: PyErr, v: &Value, func: Option<&Value>) -> PyErr {
    if is_iterable_type(v) {
        return e;
    }
    let what = match func {
        Some(func) => format!("{} argument", function_str(func)),
        None => "Value".to_string(),
    };
    exc::type_error(format!(
        "{what} after * must be an iterable, not {}",
        type_name_of(v)
    ))
}

/// `_PyObject_FunctionStr`: `module.qualname()`, without the module for builtins.
fn function_str(func: &Value) -> String {
    match func {
        Value::Function(f) => {
            let module = match f.globals.borrow().get_str("__name__") {
                Some(Value::Str(m)) => m.as_str().to_string(),
                _ => String::new(),
            };
            if module.is_empty() || module == "builtins" {
                format!("{}()", f.qualname.as_str())
            } else {
                format!("{module}.{}()", f.qualname.as_str())
            }
        }
        Value::Method(m) => function_str(&m.func),
        Value::Builtin(b) => match b.owner {
            Some(owner) => format!("{owner}.{}()", b.name),
            None => format!("{}()", b.name),
        },
        Value::Type(c) if !c.builtin => format!("__main__.{}()", c.qualname.as_str()),
        Value::Type(c) => format!("{}()", c.name.as_str()),
        other => format!("{} object", type_name_of(other)),
    }
}

/// Whether `v`'s type can be iterated (`tp_iter` or the sequence protocol): only then is a
/// failure to iterate it reported as it is.
fn is_iterable_type(v: &Value) -> bool {
    match v {
        Value::Instance(i) => {
            i.class.lookup("__iter__").is_some() || i.class.lookup("__getitem__").is_some()
        }
        Value::Int(_)
        | Value::BigInt(_)
        | Value::Float(_)
        | Value::Bool(_)
        | Value::None
        | Value::Function(_)
        | Value::Builtin(_)
        | Value::Method(_)
        | Value::Type(_) => false,
        _ => true,
    }
}
