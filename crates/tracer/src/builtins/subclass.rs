//! Subclasses of `list`, `dict`, `int`, `float`, `str` and `tuple`: an instance of
//! `class L(list)` is an ordinary instance
//! (a class, a `__dict__` for its own attributes) that also carries the builtin value its
//! base would be, the *payload* (`Instance::payload`), made empty with the instance.
//!
//! ```text
//!   l = L([1, 2])        Instance { class: L, payload: [1, 2], dict: {...} }
//!   l.append(3)          list.append(payload, 3)          the method gets the payload
//!   len(l), l[0], for x in l, repr(l), l == [..], l + [..]
//!                        a dunder L (or a base up to list) defines in Python runs first;
//!                        otherwise the protocol runs on the payload
//! ```
//!
//! CPython does the same through inheritance of the base type's slots: a list subclass's
//! instance *is* a list object with a dict attached, and `list.append` accepts it. Results
//! are those of the builtin (`l + [3]` is a plain `list`), `l += x` extends in place and keeps
//! `l`, and a missing key of a dict subclass calls `__missing__` when the class defines it.
//! The immutable bases get their payload from `__new__` (`new.rs`). Other builtin bases
//! (`set`, `bytes`, ...) are still refused by `type_new.rs`.

use crate::exceptions::PyResult;
use crate::object::{static_type_name, Builtin, Dict, Instance, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// The builtin layouts a user class may extend with a payload.
pub fn has_payload_layout(layout: TypeKind) -> bool {
    matches!(
        layout,
        TypeKind::List
            | TypeKind::Dict
            | TypeKind::Int
            | TypeKind::Float
            | TypeKind::Str
            | TypeKind::Tuple
    )
}

/// A fresh payload for an instance of a class with `layout`: empty, or the zero value an
/// immutable base's `__new__` replaces (see `new.rs`).
pub fn new_payload(layout: TypeKind) -> Option<Value> {
    match layout {
        TypeKind::List => Some(Value::list(Vec::new())),
        TypeKind::Dict => Some(Value::dict(Dict::new())),
        TypeKind::Int => Some(Value::Int(0)),
        TypeKind::Float => Some(Value::Float(0.0)),
        TypeKind::Str => Some(Value::str("")),
        TypeKind::Tuple => Some(Value::tuple(Vec::new())),
        _ => None,
    }
}

/// The payload of `v` when it is an instance of a `list` or `dict` subclass.
#[inline]
pub fn payload(v: &Value) -> Option<&Value> {
    match v {
        Value::Instance(i) => i.payload.as_ref(),
        _ => None,
    }
}

/// `v`, or its payload: what a builtin operation sees of an operand.
pub fn unwrapped(v: &Value) -> &Value {
    payload(v).unwrap_or(v)
}

/// The arguments of a builtin method with `self` replaced by its payload, when `self` is an
/// instance of a subclass of the method's owner (`list.append(l, x)` with `l` an `L`).
pub fn method_args(b: &Builtin, args: &[Value]) -> Option<Vec<Value>> {
    let owner = b.owner?;
    let p = payload(args.first()?)?;
    if static_type_name(p) != owner {
        return None;
    }
    let mut out = args.to_vec();
    out[0] = p.clone();
    Some(out)
}

impl Vm {
    /// `list.__init__(self, iterable=())` / `dict.__init__(self, *args, **kw)` on a subclass
    /// instance: what `L(...)` runs without a Python `__init__`, and what
    /// `super().__init__(...)` reaches from one.
    pub(crate) fn init_payload(
        &mut self,
        inst: &Instance,
        args: &[Value],
        kw: KwArgs<'_>,
    ) -> PyResult<()> {
        let Some(p) = &inst.payload else {
            return Ok(());
        };
        let class = match p {
            Value::List(_) => self.types.list.clone(),
            _ => self.types.dict.clone(),
        };
        let fresh = super::construct(self, &class, args, kw)?;
        match (p, fresh) {
            (Value::List(l), Value::List(items)) => {
                let items = items.borrow().clone();
                *l.borrow_mut() = items;
            }
            (Value::Dict(d), Value::Dict(items)) => {
                let items = items.borrow().clone();
                *d.borrow_mut() = items;
            }
            _ => {}
        }
        Ok(())
    }

    /// `d[key]` on a dict subclass whose payload lacks `key`: `type(d).__missing__(d, key)`
    /// when the class defines it (CPython's `dict_subscript`), else `None`.
    pub(crate) fn call_missing(&mut self, obj: &Value, key: &Value) -> PyResult<Option<Value>> {
        self.call_dunder_opt(obj, "__missing__", std::slice::from_ref(key))
    }
}
