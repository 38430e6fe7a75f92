//! `collections.defaultdict`: a `dict` subclass (an instance carrying a dict payload, see
//! `builtins/subclass.rs`) whose `__missing__` calls `default_factory()`, stores the result
//! under the missing key and returns it. `default_factory` is a member cell, as in CPython
//! (`d.default_factory = int` works; other attributes do not, there is no `__dict__`).
//!
//! ```text
//!   d = defaultdict(list)
//!   d["k"].append(1)     d["k"] missing -> __missing__("k") -> d["k"] = list() -> [] .append(1)
//!   repr(d)              defaultdict(<class 'list'>, {'k': [1]})
//! ```

use std::rc::Rc;

use crate::builtins::modules::support::{cls_arg, Method};
use crate::exceptions::{self as exc, PyResult};
use crate::object::mro::Lineage;
use crate::object::slots::SlotSpec;
use crate::object::{Class, Dict, Instance, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// The `defaultdict` class, deriving from `dict`.
pub fn class(vm: &Vm) -> Rc<Class> {
    use crate::object::CallConv::*;
    let methods: Vec<Method> = vec![
        ("__new__", VarArgs, new),
        ("__missing__", O, missing),
        ("__repr__", VarArgs, repr),
        ("copy", NoArgs, copy),
        ("__copy__", NoArgs, copy),
        ("__reduce__", NoArgs, reduce),
    ];
    let mut dict = crate::object::namehash::NameMap::default();
    for (name, conv, func) in methods {
        dict.insert(
            Rc::from(name),
            Value::Builtin(Rc::new(crate::object::Builtin {
                name,
                owner: Some("collections.defaultdict"),
                conv,
                func,
                module: Some("collections"),
                positional: (0, usize::MAX),
                needs_caller: false,
                float_kernel: None,
            })),
        );
    }
    dict.insert(Rc::from("__module__"), Value::str("collections"));
    let base = vm.types.dict.clone();
    let lineage = Lineage {
        best: base.clone(),
        bases: vec![base.clone()],
        mro_rest: base.mro(),
    };
    let spec = SlotSpec {
        names: vec![Rc::from("default_factory")],
        add_dict: false,
    };
    Class::new_builtin_slotted("defaultdict", lineage, dict, &spec)
}

fn inst(v: &Value) -> PyResult<&Rc<Instance>> {
    match v {
        Value::Instance(i) if matches!(i.payload, Some(Value::Dict(_))) => Ok(i),
        _ => Err(exc::type_error(
            "descriptor requires a 'collections.defaultdict' object",
        )),
    }
}

fn factory(i: &Instance) -> Value {
    i.member(0).unwrap_or(Value::None)
}

fn is_callable(vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Type(_) => true,
        Value::Instance(_) | Value::Native(_) => vm.type_of(v).lookup("__call__").is_some(),
        _ => false,
    }
}

/// `defaultdict(default_factory=None, /, *args, **kwargs)`: the rest as `dict(...)` takes it.
fn new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let cls = cls_arg(a)?;
    let f = a.get(1).cloned().unwrap_or(Value::None);
    if !matches!(f, Value::None) && !is_callable(vm, &f) {
        return Err(exc::type_error("first argument must be callable or None"));
    }
    let i = Rc::new(Instance::with_payload(cls, Some(Value::dict(Dict::new()))));
    crate::object::gc::track(&Value::Instance(i.clone()));
    i.set_member(0, f);
    let rest = if a.len() > 2 { &a[2..] } else { &[] };
    vm.init_payload(&i, rest, kw)?;
    Ok(Value::Instance(i))
}

fn missing(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let i = inst(&a[0])?;
    let key = a.get(1).cloned().unwrap_or(Value::None);
    let f = factory(i);
    if matches!(f, Value::None) {
        return Err(vm.key_error(&key));
    }
    let value = vm.call(&f, &[], &[])?;
    vm.setitem(&a[0], &key, value.clone())?;
    Ok(value)
}

fn repr(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let i = inst(&a[0])?;
    let f = factory(i);
    let fr = match &f {
        Value::None => "None".to_string(),
        // A factory that is the defaultdict itself prints as `...`, as CPython guards it.
        v if v.is(&a[0]) => "...".to_string(),
        v => vm.repr(v)?,
    };
    let body = vm.repr(i.payload.as_ref().unwrap_or(&Value::None))?;
    Ok(Value::str(format!(
        "{}({fr}, {body})",
        i.class.name.as_str()
    )))
}

fn copy(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let i = inst(&a[0])?;
    let cls = Value::Type(i.class.clone());
    vm.call(&cls, &[factory(i), a[0].clone()], &[])
}

/// `(type(d), (default_factory,), None, None, iter(d.items()))`.
fn reduce(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let i = inst(&a[0])?;
    let f = factory(i);
    let args = match f {
        Value::None => Value::tuple(Vec::new()),
        f => Value::tuple(vec![f]),
    };
    let items = vm.getattr(&a[0], "items")?;
    let items = vm.call(&items, &[], &[])?;
    let it = vm.get_iter(&items)?;
    Ok(Value::tuple(vec![
        Value::Type(i.class.clone()),
        args,
        Value::None,
        Value::None,
        it,
    ]))
}
