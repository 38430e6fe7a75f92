//! `functools._lru_cache_wrapper`: the callable `lru_cache` returns, with CPython's caching
//! decisions (`_functoolsmodule.c`):
//!
//! ```text
//!   key        f(x) with x an exact int or str: x itself; otherwise the arguments as a tuple,
//!              then a marker and the keyword pairs, then (typed=True) the argument types
//!   maxsize 0  no cache, every call a miss          maxsize None   grows without bound
//!   maxsize n  a hit moves the key to the recent end; a miss that finds the cache full
//!              evicts the least recent key (a key a recursive call added meanwhile is kept)
//! ```
//!
//! The wrapper keeps a `__dict__` (what `update_wrapper` copies onto it: `__name__`,
//! `__wrapped__`, ...) and binds like a function when it is a class attribute.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::builtins::modules::support::{cls_arg, this, Method};
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::{CallConv, Dict, Instance, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

struct Lru {
    func: Value,
    /// `None`: unbounded.
    maxsize: Option<usize>,
    typed: bool,
    info_type: Value,
    cache: RefCell<Dict>,
    hits: Cell<i64>,
    misses: Cell<i64>,
    kwd_mark: Value,
    dict: Rc<RefCell<Dict>>,
}

pub fn methods() -> Vec<Method> {
    use CallConv::*;
    vec![
        ("__new__", VarArgs, new),
        ("__call__", VarArgs, call),
        ("cache_info", NoArgs, cache_info),
        ("cache_clear", NoArgs, cache_clear),
        ("__get__", VarArgs, get),
        ("__getattr__", VarArgs, getattr),
        ("__setattr__", VarArgs, setattr),
        ("__copy__", NoArgs, same),
        ("__deepcopy__", O, same),
    ]
}

fn me<'a>(a: &'a [Value], method: &str) -> PyResult<&'a Lru> {
    this::<Lru>(a, "functools._lru_cache_wrapper", method)
}

/// `_lru_cache_wrapper(user_function, maxsize, typed, cache_info_type)`.
fn new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let cls = cls_arg(a)?;
    crate::builtins::modules::support::no_keywords("_lru_cache_wrapper", kw)?;
    let [_, func, maxsize, typed, info_type] = a else {
        return Err(exc::type_error("_lru_cache_wrapper expected 4 arguments"));
    };
    if !super::callable(vm, func) {
        return Err(exc::type_error("the first argument must be callable"));
    }
    let maxsize = match maxsize {
        Value::None => None,
        Value::Int(n) => Some(usize::try_from(*n).unwrap_or(0)),
        Value::Bool(b) => Some(usize::from(b.get())),
        _ => return Err(exc::type_error("maxsize should be integer or None")),
    };
    let typed = vm.truthy(typed)?;
    let kwd_mark = Value::instance(Instance::new(vm.types.object.clone()));
    Ok(crate::builtins::modules::support::new_instance(
        cls,
        Lru {
            func: func.clone(),
            maxsize,
            typed,
            info_type: info_type.clone(),
            cache: RefCell::new(Dict::new()),
            hits: Cell::new(0),
            misses: Cell::new(0),
            kwd_mark,
            dict: Rc::new(RefCell::new(Dict::new())),
        },
    ))
}

/// `lru_cache_make_key`.
fn make_key(vm: &mut Vm, l: &Lru, args: &[Value], kw: KwArgs<'_>) -> Value {
    if kw.is_empty()
        && !l.typed
        && args.len() == 1
        && matches!(args[0], Value::Int(_) | Value::BigInt(_) | Value::Str(_))
    {
        return args[0].clone();
    }
    let mut key = args.to_vec();
    if !kw.is_empty() {
        key.push(l.kwd_mark.clone());
        for (k, v) in kw {
            key.push(Value::Str(k.clone()));
            key.push(v.clone());
        }
    }
    if l.typed {
        for v in args {
            key.push(Value::Type(vm.type_of(v)));
        }
        for (_, v) in kw {
            key.push(Value::Type(vm.type_of(v)));
        }
    }
    Value::tuple(key)
}

fn call(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let l = me(a, "__call__")?;
    let args = &a[1..];
    if l.maxsize == Some(0) {
        l.misses.set(l.misses.get() + 1);
        return vm.call(&l.func, args, kw);
    }
    let key = make_key(vm, l, args, kw);
    let hk = vm.hkey(&key)?;
    let found = l.cache.borrow().get(&hk).cloned();
    if let Some(v) = found {
        l.hits.set(l.hits.get() + 1);
        if l.maxsize.is_some() {
            // The most recently used key moves to the end.
            let mut c = l.cache.borrow_mut();
            if let Some(v) = c.remove(&hk) {
                c.insert(hk, v);
            }
        }
        return Ok(v);
    }
    l.misses.set(l.misses.get() + 1);
    let result = vm.call(&l.func, args, kw)?;
    let mut c = l.cache.borrow_mut();
    if c.get(&hk).is_some() {
        // A recursive call cached this key meanwhile: keep that entry.
        return Ok(result);
    }
    if let Some(max) = l.maxsize {
        if c.len() >= max {
            let oldest = c.hkeys().next().cloned();
            if let Some(oldest) = oldest {
                c.remove(&oldest);
            }
        }
    }
    c.insert(hk, result.clone());
    Ok(result)
}

fn cache_info(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = me(a, "cache_info")?;
    let maxsize = l.maxsize.map_or(Value::None, |m| Value::Int(m as i64));
    let currsize = Value::Int(l.cache.borrow().len() as i64);
    let args = [
        Value::Int(l.hits.get()),
        Value::Int(l.misses.get()),
        maxsize,
        currsize,
    ];
    let t = l.info_type.clone();
    vm.call(&t, &args, &[])
}

fn cache_clear(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = me(a, "cache_clear")?;
    let old = std::mem::take(&mut *l.cache.borrow_mut());
    drop(old);
    l.hits.set(0);
    l.misses.set(0);
    Ok(Value::None)
}

/// Looked up on an instance: a method bound to it, as a function would be.
fn get(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    me(a, "__get__")?;
    match a.get(1) {
        None | Some(Value::None) => Ok(a[0].clone()),
        Some(obj) => Ok(vm.bind(a[0].clone(), obj.clone())),
    }
}

fn getattr(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = me(a, "__getattr__")?;
    let name = a.get(1).and_then(|v| v.as_str()).unwrap_or("");
    if name == "__dict__" {
        return Ok(Value::Dict(l.dict.clone()));
    }
    let found = l.dict.borrow().get_str(name).cloned();
    found.ok_or_else(|| exc::no_attribute("functools._lru_cache_wrapper", name))
}

fn setattr(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = me(a, "__setattr__")?;
    let (Some(name), Some(value)) = (a.get(1).and_then(|v| v.as_str()), a.get(2)) else {
        return Err(exc::type_error("__setattr__ expected a name and a value"));
    };
    l.dict.borrow_mut().insert(str_key(name), value.clone());
    Ok(Value::None)
}

/// `copy.copy` and `copy.deepcopy` of a cached function give the function itself.
fn same(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(a[0].clone())
}
