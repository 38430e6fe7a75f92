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
        TypeKind::Float => Some(Value::float(0.0)),
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
    // A base's dunder (`base_dunder`) takes the instance itself.
    if b.name.starts_with("__") {
        return None;
    }
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

/// What `super().NAME` finds on the builtin base of an instance whose payload is `payload`,
/// where this VM's builtin types keep no dunder methods: the builtin's behaviour on the
/// payload, or `None` where the base has no such attribute (`dict` has no `__add__`). As in
/// CPython, `list.__getitem__`, `dict.__getitem__`, `dict.__contains__` and `__format__` are
/// method descriptors (`METH_O`: `CALL` specializes them as such), the others slot wrappers.
/// `dict.__getitem__` still calls the class's `__missing__`, as `dict_subscript` does.
pub fn base_dunder(name: &str, payload: &Value) -> Option<Value> {
    let (container, mutable, number) = match payload {
        Value::List(_) => (true, true, false),
        Value::Dict(_) => (true, true, false),
        Value::Str(_) | Value::Tuple(_) => (true, false, false),
        _ => (false, false, true),
    };
    let has = match name {
        "__bool__" => number,
        "__getitem__" | "__len__" | "__contains__" | "__iter__" => container,
        "__setitem__" | "__delitem__" => mutable,
        "__add__" | "__mul__" => !matches!(payload, Value::Dict(_)),
        _ => true,
    };
    if !has {
        return None;
    }
    let descriptor_of = match (name, payload) {
        ("__getitem__", Value::List(_) | Value::Dict(_)) | ("__contains__", Value::Dict(_)) => {
            Some(static_type_name(payload))
        }
        ("__format__", Value::List(_) | Value::Dict(_) | Value::Tuple(_)) => Some("object"),
        ("__format__", _) => Some(static_type_name(payload)),
        _ => None,
    };
    let f: crate::object::BuiltinFn = match name {
        "__getitem__" => |vm, a, _| {
            let [s, k] = need::<2>(a, "__getitem__")?;
            vm.payload_getitem(s, k)
        },
        "__setitem__" => |vm, a, _| {
            let [s, k, v] = need::<3>(a, "__setitem__")?;
            vm.setitem(&unwrapped(s).clone(), k, v.clone())?;
            Ok(Value::None)
        },
        "__delitem__" => |vm, a, _| {
            let [s, k] = need::<2>(a, "__delitem__")?;
            vm.delitem(&unwrapped(s).clone(), k)?;
            Ok(Value::None)
        },
        "__len__" => |vm, a, _| {
            let [s] = need::<1>(a, "__len__")?;
            Ok(Value::Int(vm.len(&unwrapped(s).clone())? as i64))
        },
        "__contains__" => |vm, a, _| {
            let [s, x] = need::<2>(a, "__contains__")?;
            Ok(Value::bool(vm.contains(&unwrapped(s).clone(), x)?))
        },
        "__iter__" => |vm, a, _| {
            let [s] = need::<1>(a, "__iter__")?;
            vm.get_iter(&unwrapped(s).clone())
        },
        "__repr__" => |vm, a, _| {
            let [s] = need::<1>(a, "__repr__")?;
            Ok(Value::str(vm.repr(&unwrapped(s).clone())?))
        },
        // `str.__str__` is the text; the other bases inherit `object.__str__`: `repr(self)`.
        "__str__" => |vm, a, _| {
            let [s] = need::<1>(a, "__str__")?;
            Ok(match unwrapped(s) {
                v @ Value::Str(_) => v.clone(),
                _ => Value::str(vm.repr(s)?),
            })
        },
        "__hash__" => |vm, a, _| {
            let [s] = need::<1>(a, "__hash__")?;
            Ok(Value::Int(vm.hash(&unwrapped(s).clone())?))
        },
        "__bool__" => |vm, a, _| {
            let [s] = need::<1>(a, "__bool__")?;
            Ok(Value::bool(vm.truthy(&unwrapped(s).clone())?))
        },
        "__eq__" => |vm, a, _| compare(vm, a, crate::builtins::ops::CmpOp::Eq),
        "__ne__" => |vm, a, _| compare(vm, a, crate::builtins::ops::CmpOp::Ne),
        "__lt__" => |vm, a, _| compare(vm, a, crate::builtins::ops::CmpOp::Lt),
        "__le__" => |vm, a, _| compare(vm, a, crate::builtins::ops::CmpOp::Le),
        "__gt__" => |vm, a, _| compare(vm, a, crate::builtins::ops::CmpOp::Gt),
        "__ge__" => |vm, a, _| compare(vm, a, crate::builtins::ops::CmpOp::Ge),
        "__add__" => |vm, a, _| {
            let [s, o] = need::<2>(a, "__add__")?;
            vm.binary_op(&unwrapped(s).clone(), o, 0)
        },
        "__mul__" => |vm, a, _| {
            let [s, o] = need::<2>(a, "__mul__")?;
            vm.binary_op(&unwrapped(s).clone(), o, 5)
        },
        "__format__" => |vm, a, _| {
            let [s, spec] = need::<2>(a, "__format__")?;
            let spec = spec.as_str().unwrap_or("").to_string();
            Ok(Value::str(vm.format_value(&unwrapped(s).clone(), &spec)?))
        },
        _ => return None,
    };
    let name = BASE_DUNDERS.iter().find(|n| **n == name)?;
    Some(Value::Builtin(std::rc::Rc::new(Builtin {
        name,
        owner: descriptor_of,
        conv: match descriptor_of {
            Some(_) => crate::object::CallConv::O,
            None => crate::object::CallConv::VarArgs,
        },
        func: f,
        module: None,
        positional: (0, usize::MAX),
        needs_caller: false,
        float_kernel: None,
    })))
}

/// The names [`base_dunder`] answers.
const BASE_DUNDERS: [&str; 19] = [
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__len__",
    "__contains__",
    "__iter__",
    "__repr__",
    "__str__",
    "__hash__",
    "__bool__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__add__",
    "__mul__",
    "__format__",
];

/// The arguments of a base dunder, `self` first, exactly `N` of them.
fn need<'a, const N: usize>(args: &'a [Value], name: &str) -> PyResult<&'a [Value; N]> {
    args.try_into().map_err(|_| {
        crate::exceptions::type_error(format!(
            "expected {} argument{}, got {} (in {name})",
            N - 1,
            if N == 2 { "" } else { "s" },
            args.len().saturating_sub(1)
        ))
    })
}

/// `super().__eq__(other)` and the other comparisons: the payload compared with `other`.
fn compare(vm: &mut Vm, a: &[Value], op: crate::builtins::ops::CmpOp) -> PyResult<Value> {
    let [s, o] = need::<2>(a, "comparison")?;
    vm.rich_compare(&unwrapped(s).clone(), o, op)
}
