//! `repr(v)` and `str(v)`: the text protocols (CPython's `PyObject_Repr` / `PyObject_Str`).
//!
//! They get their own module because container reprs recurse back into `repr` for every item,
//! so this is where CPython's `Py_ReprEnter` cycle guard (`[...]`, `{...}`) and its recursion
//! limit are rebuilt, alongside the per-type spellings (`frozenset()`, `<bound method ...>`).

use std::cell::RefCell;
use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::object::str::repr as str_repr;
use crate::object::{self, type_name_of, CallConv, TypeKind, ViewKind};
use crate::value::Value;
use crate::vm::Vm;

/// How deeply container reprs may nest: CPython 3.13's C recursion limit (`Py_C_RECURSION_LIMIT`
/// 10000; CPython itself stops a few levels earlier, as its own C frames count too).
const REPR_DEPTH_LIMIT: usize = 10_000;

thread_local! {
    /// The containers whose repr is in progress on this thread, innermost last (0 for tuples,
    /// sets and views): CPython's `Py_ReprEnter` list, and the nesting depth. A VM runs on
    /// one thread, so per-thread is per-VM.
    static REPR_ACTIVE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}
/// A Python class's `__module__` (its class body sets it from the module's `__name__`).
fn class_module(c: &crate::object::Class) -> String {
    match c.dict.borrow().get("__module__") {
        Some(Value::Str(m)) => m.as_str().to_string(),
        _ => "__main__".to_string(),
    }
}

impl Vm {
    /// `repr(v)`. Container reprs recurse in Rust, so they are guarded as CPython guards
    /// them: a list or dict met again inside its own repr prints as `[...]` / `{...}`
    /// (`Py_ReprEnter`), and nesting deeper than the C recursion limit raises RecursionError
    /// instead of overflowing the stack.
    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        let nests = matches!(
            v,
            Value::List(_) | Value::Dict(_) | Value::Tuple(_) | Value::Set(_) | Value::DictView(_)
        );
        if !nests {
            return self.repr_one(v);
        }
        // Only lists and dicts can contain themselves (a tuple or set would need itself
        // to exist first, or to be hashable while mutable); 0 marks the others.
        let id = match v {
            Value::List(_) | Value::Dict(_) => v.heap_ptr().unwrap_or(0),
            _ => 0,
        };
        let (cycle, depth) = REPR_ACTIVE.with_borrow(|a| (id != 0 && a.contains(&id), a.len()));
        if cycle {
            return Ok((if matches!(v, Value::List(_)) {
                "[...]"
            } else {
                "{...}"
            })
            .into());
        }
        if depth >= REPR_DEPTH_LIMIT {
            return Err(exc::new(
                "RecursionError",
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        REPR_ACTIVE.with_borrow_mut(|a| a.push(id));
        let result = self.repr_one(v);
        REPR_ACTIVE.with_borrow_mut(|a| a.pop());
        result
    }

    /// `repr(v)` for one object; nested items go back through `repr`.
    fn repr_one(&mut self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::Null => "<NULL>".into(),
            Value::None => "None".into(),
            Value::NotImplemented => "NotImplemented".into(),
            Value::Ellipsis => "Ellipsis".into(),
            Value::Bool(b) => (if b.get() { "True" } else { "False" }).into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => object::int::to_decimal(b)?,
            Value::Float(f) => object::float::repr(f.get()),
            Value::Str(s) => str_repr(s.as_str()),
            Value::Bytes(b) => object::str::bytes_repr(b),
            Value::Tuple(t) => {
                let items = self.repr_items(t)?;
                if t.len() == 1 {
                    format!("({},)", items[0])
                } else {
                    format!("({})", items.join(", "))
                }
            }
            Value::List(l) => {
                let items = l.borrow().clone();
                format!("[{}]", self.repr_items(&items)?.join(", "))
            }
            Value::Dict(d) => {
                let items: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::new();
                for (k, v) in items {
                    parts.push(format!("{}: {}", self.repr(&k)?, self.repr(&v)?));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Value::Set(s) => {
                let (items, frozen) = (s.borrow().values(), s.borrow().frozen);
                let body = self.repr_items(&items)?.join(", ");
                match (frozen, items.is_empty()) {
                    (false, true) => "set()".into(),
                    (false, false) => format!("{{{body}}}"),
                    (true, true) => "frozenset()".into(),
                    (true, false) => format!("frozenset({{{body}}})"),
                }
            }
            Value::Range(r) => {
                if r.step == 1 {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Value::Slice(s) => format!(
                "slice({}, {}, {})",
                self.repr(&s.start)?,
                self.repr(&s.stop)?,
                self.repr(&s.step)?
            ),
            Value::Function(f) => format!(
                "<function {} at 0x{:x}>",
                f.qualname.as_str(),
                v.heap_ptr().unwrap_or(0)
            ),
            Value::Method(m) => match &m.func {
                Value::Function(f) => {
                    let s = self.repr(&m.self_)?;
                    format!("<bound method {} of {}>", f.qualname.as_str(), s)
                }
                Value::Builtin(b) if b.conv == CallConv::SlotWrapper => format!(
                    "<method-wrapper '{}' of {} object at 0x{:x}>",
                    b.name,
                    type_name_of(&m.self_),
                    m.self_.heap_ptr().unwrap_or(0)
                ),
                Value::Builtin(b) => format!(
                    "<built-in method {} of {} object at 0x{:x}>",
                    b.name,
                    type_name_of(&m.self_),
                    m.self_.heap_ptr().unwrap_or(0)
                ),
                _ => "<method>".into(),
            },
            Value::Builtin(b) => match b.owner {
                Some(o) if b.conv == CallConv::SlotWrapper => {
                    format!("<slot wrapper '{}' of '{}' objects>", b.name, o)
                }
                Some(o) => format!("<method '{}' of '{}' objects>", b.name, o),
                None => format!("<built-in function {}>", b.name),
            },
            Value::Type(c) => {
                // A metaclass's own `__repr__` (`<enum 'Color'>`).
                if c.meta().is_some() {
                    if let Some(r) = self.call_dunder_opt(v, "__repr__", &[])? {
                        return self.expect_str(r, "__repr__");
                    }
                }
                if let Some(module) = crate::builtins::modules::support::type_module(c) {
                    format!("<class '{module}.{}'>", c.name.as_str())
                } else if c.builtin {
                    format!("<class '{}'>", c.name.as_str())
                } else {
                    format!("<class '{}.{}'>", class_module(c), c.qualname.as_str())
                }
            }
            Value::Instance(inst) => {
                if let Some(r) = self.call_dunder_opt(v, "__repr__", &[])? {
                    return self.expect_str(r, "__repr__");
                }
                if let Some(p) = &inst.payload {
                    return self.repr(&p.clone());
                }
                if inst.exc.is_some() {
                    let args = inst
                        .exc
                        .as_ref()
                        .map(|e| e.borrow().args.clone())
                        .unwrap_or_default();
                    let body = self.repr_items(&args)?.join(", ");
                    return Ok(format!("{}({})", inst.class.name.as_str(), body));
                }
                match inst.class.kind {
                    TypeKind::StaticMethod | TypeKind::ClassMethod => {
                        let func = inst.get_attr("__func__").unwrap_or(Value::None);
                        format!("<{}({})>", inst.class.name.as_str(), self.repr(&func)?)
                    }
                    // Instances of builtin classes (`object()`, `property()`) have no module.
                    _ if inst.class.builtin => format!(
                        "<{} object at 0x{:x}>",
                        inst.class.name.as_str(),
                        v.heap_ptr().unwrap_or(0)
                    ),
                    _ => format!(
                        "<{}.{} object at 0x{:x}>",
                        class_module(&inst.class),
                        inst.class.qualname.as_str(),
                        v.heap_ptr().unwrap_or(0)
                    ),
                }
            }
            Value::Module(m) => format!("<module '{}'>", m.name.as_str()),
            Value::DictView(view) => {
                let items = self.view_items(view)?;
                format!(
                    "{}([{}])",
                    type_name_of(v),
                    self.repr_items(&items)?.join(", ")
                )
            }
            Value::Generator(g) => format!(
                "<{} object {} at 0x{:x}>",
                type_name_of(v),
                g.qualname.as_str(),
                v.heap_ptr().unwrap_or(0)
            ),
            Value::Iter(_) => format!(
                "<{} object at 0x{:x}>",
                type_name_of(v),
                v.heap_ptr().unwrap_or(0)
            ),
            Value::Cell(_) => "<cell>".into(),
            Value::Code(c) => format!(
                "<code object {} at {:#x}, file \"{}\", line {}>",
                c.code.name,
                v.heap_ptr().unwrap_or(0),
                c.code.filename,
                c.code.firstlineno
            ),
            Value::Member(m) => m.repr(),
            Value::Native(n) => match self.call_dunder_opt(v, "__repr__", &[])? {
                Some(r) => return self.expect_str(r, "__repr__"),
                None => format!(
                    "<{} object at 0x{:x}>",
                    n.type_name,
                    v.heap_ptr().unwrap_or(0)
                ),
            },
        })
    }

    pub(super) fn expect_str(&mut self, r: Value, what: &str) -> PyResult<String> {
        match r {
            Value::Str(s) => Ok(s.as_str().to_string()),
            other => Err(exc::type_error(format!(
                "{what} returned non-string (type {})",
                type_name_of(&other)
            ))),
        }
    }

    pub(crate) fn repr_items(&mut self, items: &[Value]) -> PyResult<Vec<String>> {
        items.iter().map(|v| self.repr(v)).collect()
    }

    /// The items a dict view currently shows.
    pub fn view_items(
        &mut self,
        view: &(Rc<RefCell<object::Dict>>, ViewKind),
    ) -> PyResult<Vec<Value>> {
        let d = view.0.borrow();
        Ok(d.iter()
            .map(|(k, v)| match view.1 {
                ViewKind::Keys => k.clone(),
                ViewKind::Values => v.clone(),
                ViewKind::Items => Value::tuple(vec![k.clone(), v.clone()]),
            })
            .collect())
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.as_str().to_string()),
            Value::Instance(inst) => {
                if let Some(r) = self.call_dunder_opt(v, "__str__", &[])? {
                    return self.expect_str(r, "__str__");
                }
                if inst.exc.is_some() {
                    return Ok(self.exc_str(inst));
                }
                // Only `str` has a `__str__` of its own; the other bases print their repr,
                // which is the class's `__repr__` when it defines one.
                if let Some(p @ Value::Str(_)) = &inst.payload {
                    return self.to_str(&p.clone());
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }
}
