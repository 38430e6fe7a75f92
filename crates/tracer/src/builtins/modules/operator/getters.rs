//! `operator.itemgetter`, `attrgetter` and `methodcaller`: native types whose instances
//! remember what to fetch and fetch it when called, with CPython's reprs
//! (`operator.itemgetter(1)`, `operator.attrgetter('a.b')`, `operator.methodcaller('f', 1)`).

use std::rc::Rc;

use crate::builtins::modules::support::{self, cls_arg, this};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{CallConv, KwArgs, PyStr};
use crate::value::Value;
use crate::vm::Vm;

struct ItemGetter(Vec<Value>);

/// Each attribute as its dotted path, split once at creation.
struct AttrGetter(Vec<Vec<String>>);

struct MethodCaller {
    name: String,
    args: Vec<Value>,
    kw: Vec<(Rc<PyStr>, Value)>,
}

/// The three types, to enter in the module.
pub fn types(vm: &Vm) -> Vec<(&'static str, Value)> {
    use CallConv::*;
    let item = support::native_type(
        vm,
        "operator",
        "itemgetter",
        &[
            ("__new__", VarArgs, itemgetter_new),
            ("__call__", VarArgs, itemgetter_call),
            ("__repr__", SlotWrapper, itemgetter_repr),
        ],
    );
    let attr = support::native_type(
        vm,
        "operator",
        "attrgetter",
        &[
            ("__new__", VarArgs, attrgetter_new),
            ("__call__", VarArgs, attrgetter_call),
            ("__repr__", SlotWrapper, attrgetter_repr),
        ],
    );
    let method = support::native_type(
        vm,
        "operator",
        "methodcaller",
        &[
            ("__new__", VarArgs, methodcaller_new),
            ("__call__", VarArgs, methodcaller_call),
            ("__repr__", SlotWrapper, methodcaller_repr),
        ],
    );
    vec![
        ("itemgetter", Value::Type(item.class)),
        ("attrgetter", Value::Type(attr.class)),
        ("methodcaller", Value::Type(method.class)),
    ]
}

/// The one object a getter is called with.
fn single<'a>(name: &str, a: &'a [Value], kw: KwArgs<'_>) -> PyResult<&'a Value> {
    support::no_keywords(name, kw)?;
    crate::builtins::check_positional(name, a.len() - 1, 1, 1)?;
    Ok(&a[1])
}

fn itemgetter_new(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let cls = cls_arg(a)?;
    support::no_keywords("itemgetter", kw)?;
    if a.len() < 2 {
        return Err(exc::type_error("itemgetter expected 1 argument, got 0"));
    }
    Ok(support::new_instance(cls, ItemGetter(a[1..].to_vec())))
}

fn itemgetter_call(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let g = this::<ItemGetter>(a, "itemgetter", "__call__")?;
    let obj = single("itemgetter", a, kw)?;
    if let [item] = g.0.as_slice() {
        return vm.getitem(obj, item);
    }
    let mut out = Vec::with_capacity(g.0.len());
    for item in &g.0 {
        out.push(vm.getitem(obj, item)?);
    }
    Ok(Value::tuple(out))
}

fn itemgetter_repr(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let g = this::<ItemGetter>(a, "itemgetter", "__repr__")?;
    let items = vm.repr_items(&g.0)?.join(", ");
    Ok(Value::str(format!("operator.itemgetter({items})")))
}

fn attrgetter_new(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let cls = cls_arg(a)?;
    support::no_keywords("attrgetter", kw)?;
    if a.len() < 2 {
        return Err(exc::type_error("attrgetter expected 1 argument, got 0"));
    }
    let mut paths = Vec::new();
    for name in &a[1..] {
        let Some(s) = name.as_str() else {
            return Err(exc::type_error("attribute name must be a string"));
        };
        paths.push(s.split('.').map(str::to_string).collect());
    }
    Ok(support::new_instance(cls, AttrGetter(paths)))
}

fn attrgetter_call(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let g = this::<AttrGetter>(a, "attrgetter", "__call__")?;
    let obj = single("attrgetter", a, kw)?;
    let mut out = Vec::with_capacity(g.0.len());
    for path in &g.0 {
        let mut v = obj.clone();
        for part in path {
            v = vm.getattr(&v, part)?;
        }
        out.push(v);
    }
    Ok(if out.len() == 1 {
        out.pop().unwrap_or(Value::None)
    } else {
        Value::tuple(out)
    })
}

fn attrgetter_repr(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let g = this::<AttrGetter>(a, "attrgetter", "__repr__")?;
    let names: Vec<Value> = g.0.iter().map(|p| Value::str(p.join("."))).collect();
    let items = vm.repr_items(&names)?.join(", ");
    Ok(Value::str(format!("operator.attrgetter({items})")))
}

fn methodcaller_new(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let cls = cls_arg(a)?;
    let Some(name) = a.get(1) else {
        return Err(exc::type_error(
            "methodcaller needs at least one argument, the method name",
        ));
    };
    let Some(name) = name.as_str() else {
        return Err(exc::type_error("method name must be a string"));
    };
    Ok(support::new_instance(
        cls,
        MethodCaller {
            name: name.to_string(),
            args: a[2..].to_vec(),
            kw: kw.to_vec(),
        },
    ))
}

fn methodcaller_call(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let m = this::<MethodCaller>(a, "methodcaller", "__call__")?;
    let obj = single("methodcaller", a, kw)?;
    let f = vm.getattr(obj, &m.name)?;
    let (args, kw) = (m.args.clone(), m.kw.clone());
    vm.call(&f, &args, &kw)
}

fn methodcaller_repr(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let m = this::<MethodCaller>(a, "methodcaller", "__repr__")?;
    let mut parts = vec![vm.repr(&Value::str(m.name.clone()))?];
    parts.extend(vm.repr_items(&m.args)?);
    for (k, v) in &m.kw {
        parts.push(format!("{}={}", k.as_str(), vm.repr(v)?));
    }
    Ok(Value::str(format!(
        "operator.methodcaller({})",
        parts.join(", ")
    )))
}
