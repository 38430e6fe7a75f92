//! The `copy` module: shallow and deep copies, with the decisions of CPython's copy.py.
//!
//! ```text
//!   copy(x)       immutable (int, str, tuple, function, class, ...)  -> x itself
//!                 list, dict, set                                    -> x.copy()
//!                 type(x).__copy__                                   -> that
//!                 otherwise x's reduction (below), rebuilt without copying its parts
//!   deepcopy(x)   memo[id(x)] first (cycles and shared parts are copied once), atomic values
//!                 are themselves, lists/dicts/tuples item by item (a tuple whose items all
//!                 copy to themselves is itself), x.__deepcopy__(memo), else the reduction
//!                 with every part deep-copied
//! ```
//!
//! The reduction of an instance is what `object.__reduce_ex__(4)` gives: a new object of its
//! class (`cls.__new__(cls, *x.__getnewargs__())`), its state (`x.__getstate__()` or its
//! `__dict__`, set back with `__setstate__` or into the new `__dict__`), and for list and dict
//! subclasses their items. A class's own `__reduce_ex__`/`__reduce__` is honoured, and so is
//! the `__reduce__` of this VM's native types (`deque`). What CPython would copy through
//! machinery this VM lacks (instances with `__slots__`, exceptions, iterators) is refused
//! by name.

use crate::builtins::args::Sig;
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::{type_name_of, CallConv, Dict, KwArgs, Set};
use crate::value::Value;
use crate::vm::Vm;

use std::cell::RefCell;
use std::rc::Rc;

fn unsupported(what: &str) -> crate::exceptions::PyErr {
    crate::builtins::unsupported(what)
}

/// Values both copies return unchanged (`_copy_immutable`, `_deepcopy_atomic`).
fn atomic(x: &Value) -> bool {
    matches!(
        x,
        Value::None
            | Value::NotImplemented
            | Value::Ellipsis
            | Value::Bool(_)
            | Value::Int(_)
            | Value::BigInt(_)
            | Value::Float(_)
            | Value::Str(_)
            | Value::Bytes(_)
            | Value::Function(_)
            | Value::Builtin(_)
            | Value::Type(_)
            | Value::Range(_)
            | Value::Code(_)
    ) || matches!(x, Value::Instance(i) if i.class.kind == crate::object::TypeKind::Property)
}

fn id(x: &Value) -> Value {
    Value::Int(x.heap_ptr().unwrap_or(0) as i64)
}

fn copy(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("copy", &["x"], 0, 1).in_module("copy");
    let b = SIG.bind(a, kw)?;
    let x = b.get(0).cloned().unwrap_or(Value::None);
    shallow(vm, &x)
}

/// `copy.copy(x)`.
pub fn shallow(vm: &mut Vm, x: &Value) -> PyResult<Value> {
    if atomic(x) {
        return Ok(x.clone());
    }
    match x {
        Value::Tuple(_) => return Ok(x.clone()),
        Value::Set(s) if s.borrow().frozen => return Ok(x.clone()),
        Value::Slice(_) => return Ok(x.clone()),
        Value::List(l) => return Ok(Value::list(l.borrow().clone())),
        Value::Dict(d) => return Ok(Value::dict(d.borrow().clone())),
        Value::Set(s) => return Ok(Value::Set(Rc::new(RefCell::new(s.borrow().clone())))),
        _ => {}
    }
    let class = vm.type_of(x);
    if let Some(f) = class.lookup("__copy__") {
        return vm.call(&f, std::slice::from_ref(x), &[]);
    }
    let rv = reduce(vm, x)?;
    reconstruct(vm, x, None, rv)
}

fn deepcopy(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("deepcopy", &["x", "memo", "_nil"], 0, 1).in_module("copy");
    let b = SIG.bind(a, kw)?;
    let x = b.get(0).cloned().unwrap_or(Value::None);
    let memo = match b.get_not_none(1) {
        Some(m @ Value::Dict(_)) => m.clone(),
        Some(other) => {
            return Err(unsupported(&format!(
                "copy.deepcopy with a memo of type '{}'",
                type_name_of(other)
            )))
        }
        None => Value::dict(Dict::new()),
    };
    deep(vm, &x, &memo)
}

fn memo_get(vm: &mut Vm, memo: &Value, key: &Value) -> PyResult<Option<Value>> {
    let Value::Dict(d) = memo else {
        return Ok(None);
    };
    let k = vm.hkey(key)?;
    let found = d.borrow().get(&k).cloned();
    Ok(found)
}

fn memo_set(vm: &mut Vm, memo: &Value, key: Value, y: Value) -> PyResult<()> {
    vm.setitem(memo, &key, y)
}

/// `_keep_alive`: `memo[id(memo)]` lists the originals copied, as copy.py keeps them.
fn keep_alive(vm: &mut Vm, x: &Value, memo: &Value) -> PyResult<()> {
    let key = id(memo);
    match memo_get(vm, memo, &key)? {
        Some(Value::List(l)) => l.borrow_mut().push(x.clone()),
        _ => memo_set(vm, memo, key, Value::list(vec![x.clone()]))?,
    }
    Ok(())
}

/// `copy.deepcopy(x, memo)`.
pub fn deep(vm: &mut Vm, x: &Value, memo: &Value) -> PyResult<Value> {
    if atomic(x) {
        return Ok(x.clone());
    }
    let d = id(x);
    if let Some(y) = memo_get(vm, memo, &d)? {
        return Ok(y);
    }
    let y = match x {
        Value::List(l) => {
            // Made through `Value::list`, so that the cycle collector tracks the copy (a
            // deep copy of a cyclic list is cyclic too).
            let copy = Value::list(Vec::new());
            let Value::List(y) = copy.clone() else {
                unreachable!("Value::list makes a list")
            };
            memo_set(vm, memo, d.clone(), copy)?;
            let mut i = 0;
            loop {
                let item = l.borrow().get(i).cloned();
                let Some(item) = item else { break };
                let c = deep(vm, &item, memo)?;
                y.borrow_mut().push(c);
                i += 1;
            }
            Value::List(y)
        }
        Value::Tuple(t) => {
            let mut items = Vec::with_capacity(t.len());
            for item in t.iter() {
                items.push(deep(vm, item, memo)?);
            }
            // A tuple reached again through its own items was copied by the inner call.
            if let Some(y) = memo_get(vm, memo, &d)? {
                return Ok(y);
            }
            if items.iter().zip(t.iter()).all(|(c, o)| c.is(o)) {
                x.clone()
            } else {
                Value::tuple(items)
            }
        }
        Value::Dict(src) => {
            let y = Value::dict(Dict::new());
            memo_set(vm, memo, d.clone(), y.clone())?;
            let pairs: Vec<(Value, Value)> = super::support::dict_items(&src.borrow());
            for (k, v) in pairs {
                let k = deep(vm, &k, memo)?;
                let v = deep(vm, &v, memo)?;
                vm.setitem(&y, &k, v)?;
            }
            y
        }
        Value::Set(s) => {
            // set.__reduce__: (set, (list(x),)) rebuilt from a deep copy of the list.
            let frozen = s.borrow().frozen;
            let items = Value::list(s.borrow().values());
            let items = deep(vm, &items, memo)?;
            let mut out = Set::new(frozen);
            for item in vm.collect(&items)? {
                let k = vm.hkey(&item)?;
                out.insert(k);
            }
            let y = Value::set(out);
            memo_set(vm, memo, d.clone(), y.clone())?;
            y
        }
        Value::Slice(sl) => {
            let parts = Value::tuple(vec![sl.start.clone(), sl.stop.clone(), sl.step.clone()]);
            let parts = deep(vm, &parts, memo)?;
            let p = vm.collect(&parts)?;
            let y = Value::Slice(Rc::new(crate::object::Slice {
                start: p[0].clone(),
                stop: p[1].clone(),
                step: p[2].clone(),
            }));
            memo_set(vm, memo, d.clone(), y.clone())?;
            y
        }
        Value::Method(m) => {
            let self_ = deep(vm, &m.self_, memo)?;
            vm.bind(m.func.clone(), self_)
        }
        _ => {
            let has_deepcopy = match x {
                Value::Instance(_) | Value::Native(_) => vm.type_of(x).lookup("__deepcopy__"),
                _ => None,
            };
            match has_deepcopy {
                Some(_) => {
                    let f = vm.getattr(x, "__deepcopy__")?;
                    vm.call(&f, std::slice::from_ref(memo), &[])?
                }
                None => {
                    let rv = reduce(vm, x)?;
                    reconstruct(vm, x, Some(memo), rv)?
                }
            }
        }
    };
    if !y.is(x) {
        memo_set(vm, memo, d, y.clone())?;
        keep_alive(vm, x, memo)?;
    }
    Ok(y)
}

/// How to rebuild an object: copy.py's `rv` tuple, with `copyreg.__newobj__` spelled out.
struct Reduction {
    /// `Some(cls)`: `cls.__new__(cls, *args)`; `None`: call `func(*args)`.
    newobj: Option<Rc<crate::object::Class>>,
    func: Value,
    args: Value,
    state: Value,
    listiter: Value,
    dictiter: Value,
}

/// The reduction of `x` (`__reduce_ex__(4)`), see the module docs.
fn reduce(vm: &mut Vm, x: &Value) -> PyResult<Reduction> {
    let class = vm.type_of(x);
    // A Python method, or one of a provided module's types (`defaultdict.__reduce__`).
    let custom = |name: &str| match class.lookup(name) {
        Some(Value::Function(_)) => true,
        Some(Value::Builtin(b)) => b.module.is_some(),
        _ => false,
    };
    let rv = if custom("__reduce_ex__") {
        let f = vm.getattr(x, "__reduce_ex__")?;
        Some(vm.call(&f, &[Value::Int(4)], &[])?)
    } else if custom("__reduce__")
        || matches!((x, class.lookup("__reduce__")), (Value::Native(_), Some(_)))
    {
        let f = vm.getattr(x, "__reduce__")?;
        Some(vm.call(&f, &[], &[])?)
    } else {
        None
    };
    if let Some(rv) = rv {
        return from_tuple(x, rv);
    }
    let Value::Instance(inst) = x else {
        return Err(match x {
            Value::Module(_) | Value::Generator(_) => {
                exc::type_error(format!("cannot pickle '{}' object", type_name_of(x)))
            }
            _ => unsupported(&format!("copying a '{}' object", type_name_of(x))),
        });
    };
    if inst.exc.is_some() {
        return Err(unsupported("copying an exception object"));
    }
    if inst.class.nslots > 0 {
        return Err(unsupported("copying an instance of a class with __slots__"));
    }
    if inst.class.builtin && inst.payload.is_none() {
        return Err(unsupported(&format!(
            "copying a '{}' object",
            type_name_of(x)
        )));
    }
    let args = if custom("__getnewargs__") {
        let f = vm.getattr(x, "__getnewargs__")?;
        vm.call(&f, &[], &[])?
    } else {
        match &inst.payload {
            // int, float, str and tuple define __getnewargs__: the value itself.
            Some(p @ (Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Tuple(_))) => {
                Value::tuple(vec![p.clone()])
            }
            _ => Value::tuple(Vec::new()),
        }
    };
    let state = if custom("__getstate__") {
        let f = vm.getattr(x, "__getstate__")?;
        vm.call(&f, &[], &[])?
    } else {
        let attrs = inst.attributes();
        if attrs.is_empty() {
            Value::None
        } else {
            let mut d = Dict::new();
            for (k, v) in attrs {
                d.insert(vm.key_str(&k), v);
            }
            Value::dict(d)
        }
    };
    let (listiter, dictiter) = match &inst.payload {
        Some(p @ Value::List(_)) => (vm.get_iter(p)?, Value::None),
        Some(Value::Dict(d)) => {
            let items = Value::list(
                super::support::dict_items(&d.borrow())
                    .into_iter()
                    .map(|(k, v)| Value::tuple(vec![k, v]))
                    .collect(),
            );
            (Value::None, vm.get_iter(&items)?)
        }
        _ => (Value::None, Value::None),
    };
    Ok(Reduction {
        newobj: Some(inst.class.clone()),
        func: Value::None,
        args,
        state,
        listiter,
        dictiter,
    })
}

/// A `__reduce__` result: a string means "a global, copy as is"; else a 2-to-5 tuple.
fn from_tuple(x: &Value, rv: Value) -> PyResult<Reduction> {
    let Value::Tuple(t) = &rv else {
        if matches!(rv, Value::Str(_)) {
            return Ok(Reduction {
                newobj: None,
                func: Value::None,
                args: x.clone(),
                state: Value::Str(Rc::new(crate::object::PyStr::new(String::new()))),
                listiter: Value::None,
                dictiter: Value::None,
            });
        }
        return Err(exc::type_error("__reduce__ must return a string or tuple"));
    };
    if !(2..=5).contains(&t.len()) {
        return Err(exc::type_error(
            "tuple returned by __reduce__ must contain 2 through 5 elements",
        ));
    }
    let get = |i: usize| t.get(i).cloned().unwrap_or(Value::None);
    Ok(Reduction {
        newobj: None,
        func: get(0),
        args: get(1),
        state: get(2),
        listiter: get(3),
        dictiter: get(4),
    })
}

/// copy.py's `_reconstruct`: the object rebuilt from its reduction, its parts deep-copied
/// when `memo` is given.
fn reconstruct(vm: &mut Vm, x: &Value, memo: Option<&Value>, r: Reduction) -> PyResult<Value> {
    // A string reduction: the object is its own copy.
    if r.newobj.is_none() && matches!(r.func, Value::None) && matches!(r.state, Value::Str(_)) {
        return Ok(x.clone());
    }
    let mut args = r.args;
    if let Some(m) = memo {
        if !matches!(&args, Value::Tuple(t) if t.is_empty()) {
            args = deep(vm, &args, m)?;
        }
    }
    let args = vm.collect(&args)?;
    let y = match &r.newobj {
        Some(cls) => {
            let mut full = vec![Value::Type(cls.clone())];
            full.extend(args);
            match crate::builtins::new::custom_new(cls) {
                Some(new) => vm.call(&new, &full, &[])?,
                None => crate::builtins::new::object_new(vm, &full, &[])?,
            }
        }
        None => vm.call(&r.func, &args, &[])?,
    };
    if let Some(m) = memo {
        memo_set(vm, m, id(x), y.clone())?;
    }
    if !matches!(r.state, Value::None) {
        let mut state = r.state;
        if let Some(m) = memo {
            state = deep(vm, &state, m)?;
        }
        if vm.type_of(&y).lookup("__setstate__").is_some() {
            let f = vm.getattr(&y, "__setstate__")?;
            vm.call(&f, &[state], &[])?;
        } else {
            let (dict_state, slot_state) = match &state {
                Value::Tuple(t) if t.len() == 2 => (t[0].clone(), t[1].clone()),
                _ => (state.clone(), Value::None),
            };
            if let Value::Dict(d) = &dict_state {
                let pairs = super::support::dict_items(&d.borrow());
                for (k, v) in pairs {
                    match (&y, k.as_str()) {
                        (Value::Instance(inst), Some(name)) => inst.set_attr(name, v),
                        _ => {
                            return Err(unsupported(&format!(
                                "restoring the state of a '{}' object",
                                type_name_of(&y)
                            )))
                        }
                    }
                }
            }
            if let Value::Dict(d) = &slot_state {
                let pairs = super::support::dict_items(&d.borrow());
                for (k, v) in pairs {
                    let name = k.as_str().unwrap_or_default().to_string();
                    vm.setattr(&y, &name, v)?;
                }
            }
        }
    }
    if !matches!(r.listiter, Value::None) {
        let append = vm.getattr(&y, "append")?;
        while let Some(item) = vm.next(&r.listiter)? {
            let item = match memo {
                Some(m) => deep(vm, &item, m)?,
                None => item,
            };
            vm.call(&append, &[item], &[])?;
        }
    }
    if !matches!(r.dictiter, Value::None) {
        while let Some(pair) = vm.next(&r.dictiter)? {
            let kv = vm.collect(&pair)?;
            let [k, v] = <[Value; 2]>::try_from(kv)
                .map_err(|_| exc::value_error("not enough values to unpack (expected 2)"))?;
            let (k, v) = match memo {
                Some(m) => (deep(vm, &k, m)?, deep(vm, &v, m)?),
                None => (k, v),
            };
            vm.setitem(&y, &k, v)?;
        }
    }
    Ok(y)
}

/// A fresh `copy` module object.
pub fn module(vm: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, crate::object::BuiltinFn)] =
        &[("_copy", FastKw, copy), ("_deepcopy", FastKw, deepcopy)];
    super::add_functions(&mut d, "copy", fns);
    if let Some(error) = vm.exc_types.get("Exception").cloned() {
        let class = crate::object::Class::new(
            "Error",
            crate::object::TypeKind::User,
            Some(error),
            crate::object::namehash::NameMap::from_iter([(
                std::rc::Rc::from("__module__"),
                Value::str("copy"),
            )]),
            false,
        );
        d.insert(str_key("Error"), Value::Type(class.clone()));
        d.insert(str_key("error"), Value::Type(class));
    }
    let module = super::new_module("copy", d);
    // copy.py's functions are Python functions (see `support::run_python`).
    let source = "def copy(x):\n    return _copy(x)\n\n\n\
                  def deepcopy(x, memo=None, _nil=[]):\n    return _deepcopy(x, memo)\n";
    if let Err(e) = super::support::run_python(vm, &module, source) {
        debug_assert!(false, "copy's Python part: {e:?}");
    }
    module
}
