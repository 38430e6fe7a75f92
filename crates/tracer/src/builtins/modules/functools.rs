//! The `functools` module. What CPython writes in C is Rust here: `reduce`, `partial`,
//! `cmp_to_key` (its `KeyWrapper` objects) and `_lru_cache_wrapper`, the callable that
//! `lru_cache` and `cache` put around a function (`functools/lru.rs`). What CPython writes
//! in Python is Python here too (`functools/functools.py`, run in the module's namespace on
//! first import): `lru_cache` and `cache` themselves, `update_wrapper`, `wraps` and
//! `total_ordering`.
//!
//! ```text
//!   @lru_cache(maxsize=2)      lru_cache(2) -> decorating_function -> _lru_cache_wrapper(f, 2,
//!   def f(x): ...              False, CacheInfo), then update_wrapper copies f's __name__ etc.
//!   f(1); f(1)                 miss, then hit; f.cache_info() -> CacheInfo(hits=1, misses=1,
//!                              maxsize=2, currsize=1)
//! ```
//!
//! `cached_property`, `singledispatch` and `partialmethod` are refused by name: they need
//! descriptors written in Python, which the VM does not run yet.

mod lru;

use std::rc::Rc;

use crate::builtins::modules::support::{self, cls_arg, this, Method};
use crate::builtins::ops::CmpOp;
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::{CallConv, Dict, KwArgs, PyStr};
use crate::value::Value;
use crate::vm::Vm;

/// `reduce(function, iterable[, initial])`.
fn reduce(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    support::no_keywords("reduce", kw)?;
    if a.len() < 2 {
        return Err(exc::type_error(format!(
            "reduce expected at least 2 arguments, got {}",
            a.len()
        )));
    }
    if a.len() > 3 {
        return Err(exc::type_error(format!(
            "reduce expected at most 3 arguments, got {}",
            a.len()
        )));
    }
    let it = vm.get_iter(&a[1]).map_err(|e| {
        if vm.is_type_error(&e) {
            exc::type_error("reduce() arg 2 must support iteration")
        } else {
            e
        }
    })?;
    let mut acc = a.get(2).cloned();
    while let Some(item) = vm.next(&it)? {
        acc = Some(match acc {
            None => item,
            Some(total) => vm.call(&a[0], &[total, item], &[])?,
        });
    }
    acc.ok_or_else(|| exc::type_error("reduce() of empty iterable with no initial value"))
}

/// True when calling `v` can work (`callable(v)`).
pub(crate) fn callable(_: &mut Vm, v: &Value) -> bool {
    crate::builtins::functions::is_callable(v)
}

/// `_class_defines(cls, name)`: whether a class on `cls`'s MRO other than `object` has `name`
/// in its own namespace (what `total_ordering` asks, without `type.__dict__`).
fn class_defines(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let (Some(Value::Type(cls)), Some(name)) = (a.first(), a.get(1).and_then(|v| v.as_str()))
    else {
        return Err(exc::type_error("_class_defines(cls, name)"));
    };
    let object = vm.types.object.clone();
    let found = cls
        .mro()
        .iter()
        .any(|k| !Rc::ptr_eq(k, &object) && k.dict.borrow().contains_key(name));
    Ok(Value::bool(found))
}

// ---- partial ----

struct Partial {
    func: Value,
    args: Vec<Value>,
    keywords: Vec<(Rc<PyStr>, Value)>,
}

fn partial_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let cls = cls_arg(a)?;
    let Some(func) = a.get(1) else {
        return Err(exc::type_error(
            "type 'partial' takes at least one argument",
        ));
    };
    if !callable(vm, func) {
        return Err(exc::type_error("the first argument must be callable"));
    }
    let (mut func, mut args, mut keywords) = (func.clone(), Vec::new(), Vec::new());
    // partial(partial(f, 1), 2) is partial(f, 1, 2), as CPython flattens it.
    if let Some(inner) = func.native::<Partial>() {
        args = inner.args.clone();
        keywords = inner.keywords.clone();
        func = inner.func.clone();
    }
    args.extend_from_slice(&a[2..]);
    for (k, v) in kw {
        set_kw(&mut keywords, k, v.clone());
    }
    Ok(support::new_instance(
        cls,
        Partial {
            func,
            args,
            keywords,
        },
    ))
}

fn set_kw(list: &mut Vec<(Rc<PyStr>, Value)>, k: &Rc<PyStr>, v: Value) {
    match list
        .iter_mut()
        .find(|(name, _)| name.as_str() == k.as_str())
    {
        Some(slot) => slot.1 = v,
        None => list.push((k.clone(), v)),
    }
}

fn partial_call(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let p = this::<Partial>(a, "functools.partial", "__call__")?;
    let mut args = p.args.clone();
    args.extend_from_slice(&a[1..]);
    let mut keywords = p.keywords.clone();
    for (k, v) in kw {
        set_kw(&mut keywords, k, v.clone());
    }
    let func = p.func.clone();
    vm.call(&func, &args, &keywords)
}

fn partial_repr(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let p = this::<Partial>(a, "functools.partial", "__repr__")?;
    let mut parts = vec![vm.repr(&p.func)?];
    parts.extend(vm.repr_items(&p.args)?);
    for (k, v) in &p.keywords {
        parts.push(format!("{}={}", k.as_str(), vm.repr(v)?));
    }
    Ok(Value::str(format!(
        "functools.partial({})",
        parts.join(", ")
    )))
}

fn partial_getattr(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let p = this::<Partial>(a, "functools.partial", "__getattr__")?;
    let name = a.get(1).and_then(|v| v.as_str()).unwrap_or("");
    match name {
        "func" => Ok(p.func.clone()),
        "args" => Ok(Value::tuple(p.args.clone())),
        "keywords" => {
            let mut d = Dict::new();
            for (k, v) in &p.keywords {
                d.insert(str_key(k.as_str()), v.clone());
            }
            Ok(Value::dict(d))
        }
        _ => Err(exc::no_attribute("functools.partial", name)),
    }
}

// ---- cmp_to_key ----

struct KeyWrapper {
    cmp: Value,
    obj: Option<Value>,
}

fn cmp_to_key(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: crate::builtins::args::Sig =
        crate::builtins::args::Sig::keywords("cmp_to_key", &["mycmp"], 0, 1);
    let b = SIG.bind(a, kw)?;
    let cmp = b.get(0).cloned().unwrap_or(Value::None);
    let m = vm.import_module("functools")?;
    let Value::Type(class) = vm.getattr(&m, "KeyWrapper")? else {
        return Err(exc::type_error("functools.KeyWrapper is not a type"));
    };
    Ok(support::new_instance(class, KeyWrapper { cmp, obj: None }))
}

fn key_call(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let k = this::<KeyWrapper>(a, "functools.KeyWrapper", "__call__")?;
    let obj = match (a.get(1), kw) {
        (Some(v), []) if a.len() == 2 => v.clone(),
        (None, [(name, v)]) if name.as_str() == "obj" => v.clone(),
        _ => {
            return Err(exc::type_error(format!(
                "K() takes exactly 1 argument ({} given)",
                a.len() - 1 + kw.len()
            )))
        }
    };
    let Value::Native(n) = &a[0] else {
        return Err(exc::type_error("expected a KeyWrapper"));
    };
    Ok(support::new_instance(
        n.class.clone(),
        KeyWrapper {
            cmp: k.cmp.clone(),
            obj: Some(obj),
        },
    ))
}

fn key_compare(vm: &mut Vm, a: &[Value], op: CmpOp) -> PyResult<Value> {
    let k = this::<KeyWrapper>(a, "functools.KeyWrapper", "comparison")?;
    let Some(other) = a.get(1).and_then(|v| v.native::<KeyWrapper>()) else {
        return Err(exc::type_error("other argument must be K instance"));
    };
    let (Some(x), Some(y)) = (&k.obj, &other.obj) else {
        return Err(exc::new("AttributeError", "object"));
    };
    let r = vm.call(&k.cmp, &[x.clone(), y.clone()], &[])?;
    vm.rich_compare(&r, &Value::Int(0), op)
}

fn key_lt(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    key_compare(vm, a, CmpOp::Lt)
}
fn key_le(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    key_compare(vm, a, CmpOp::Le)
}
fn key_eq(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    key_compare(vm, a, CmpOp::Eq)
}
fn key_ne(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    key_compare(vm, a, CmpOp::Ne)
}
fn key_gt(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    key_compare(vm, a, CmpOp::Gt)
}
fn key_ge(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    key_compare(vm, a, CmpOp::Ge)
}

fn key_getattr(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let k = this::<KeyWrapper>(a, "functools.KeyWrapper", "__getattr__")?;
    let name = a.get(1).and_then(|v| v.as_str()).unwrap_or("");
    match (name, &k.obj) {
        ("obj", Some(v)) => Ok(v.clone()),
        ("obj", None) => Err(exc::new("AttributeError", "obj")),
        _ => Err(exc::no_attribute("functools.KeyWrapper", name)),
    }
}

/// A fresh `functools` module object.
pub fn module(vm: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    super::add_functions(
        &mut d,
        "functools",
        &[
            ("reduce", VarArgs, reduce),
            ("cmp_to_key", FastKw, cmp_to_key),
            ("_class_defines", Fast, class_defines),
        ],
    );
    let partial: Vec<Method> = vec![
        ("__new__", VarArgs, partial_new),
        ("__call__", VarArgs, partial_call),
        ("__repr__", SlotWrapper, partial_repr),
        ("__getattr__", VarArgs, partial_getattr),
    ];
    let partial = support::native_type(vm, "functools", "partial", &partial);
    d.insert(str_key("partial"), Value::Type(partial.class));
    let key: Vec<Method> = vec![
        ("__call__", VarArgs, key_call),
        ("__lt__", VarArgs, key_lt),
        ("__le__", VarArgs, key_le),
        ("__eq__", VarArgs, key_eq),
        ("__ne__", VarArgs, key_ne),
        ("__gt__", VarArgs, key_gt),
        ("__ge__", VarArgs, key_ge),
        ("__getattr__", VarArgs, key_getattr),
    ];
    let key = support::native_type(vm, "functools", "KeyWrapper", &key);
    key.class
        .dict
        .borrow_mut()
        .insert(Rc::from("__hash__"), Value::None);
    d.insert(str_key("KeyWrapper"), Value::Type(key.class));
    let wrapper = support::native_type(vm, "functools", "_lru_cache_wrapper", &lru::methods());
    d.insert(str_key("_lru_cache_wrapper"), Value::Type(wrapper.class));
    let module = super::new_module("functools", d);
    if let Err(e) = support::run_python(vm, &module, include_str!("functools/functools.py")) {
        debug_assert!(false, "functools' Python part: {e:?}");
    }
    module
}
