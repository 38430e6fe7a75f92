//! Metaclasses: classes whose instances are classes (`class M(type)`), and what a class made
//! by one does differently, as CPython's `typeobject.c` and `bltinmodule.c` do it.
//!
//! ```text
//!   class C(B, metaclass=M, k=1): body
//!     meta = M, or the most derived of type(B)...   "metaclass conflict" when none is
//!     ns   = meta.__prepare__("C", (B,), k=1)        a plain dict when meta has none
//!     body runs with ns as its locals
//!     C    = meta("C", (B,), ns, k=1)                meta.__call__: meta.__new__, meta.__init__
//!              meta.__new__ -> super().__new__(meta, ...) is type.__new__: the class, whose
//!              `Class::metaclass` is meta (so type(C) is meta)
//! ```
//!
//! A class made by a metaclass then looks attributes up on its metaclass after its own MRO
//! (`access.rs`), is called through the metaclass's `__call__` when it has one, answers
//! `isinstance`/`issubclass` through `__instancecheck__`/`__subclasscheck__`, and takes part
//! in the protocols (`len(C)`, `iter(C)`, `C[k]`) through the metaclass's dunders. `type`'s
//! own `__new__`, `__init__`, `__call__`, `__instancecheck__` and `__subclasscheck__` are
//! builtins here, for `super()` calls from a metaclass's methods.

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, CallConv, Class, Dict, Function, KwArgs, PyStr};
use crate::value::Value;
use crate::vm::Vm;

/// CPython's `_PyType_CalculateMetaclass`: the most derived of `meta` (`None` for `type`) and
/// the metaclasses of `bases`; a TypeError when one is not a subclass of another.
pub fn winner(
    vm: &Vm,
    meta: Option<Rc<Class>>,
    bases: &[Rc<Class>],
) -> PyResult<Option<Rc<Class>>> {
    let ty = vm.types.type_.clone();
    let mut win = meta.unwrap_or_else(|| ty.clone());
    for b in bases {
        let bm = b.meta().unwrap_or_else(|| ty.clone());
        if win.is_subclass(&bm) {
            continue;
        }
        if bm.is_subclass(&win) {
            win = bm;
            continue;
        }
        return Err(exc::type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
             subclass of the metaclasses of all its bases",
        ));
    }
    Ok((!Rc::ptr_eq(&win, &ty)).then_some(win))
}

/// The metaclass of a `class` statement when it is not `type`: the explicit `metaclass=`, or
/// the bases' most derived one. A non-class `metaclass=` (a function) is refused.
pub fn for_class_statement(
    vm: &Vm,
    explicit: Option<&Value>,
    bases: &[Value],
) -> PyResult<Option<Rc<Class>>> {
    let meta = match explicit {
        Some(Value::Type(m)) if Rc::ptr_eq(m, &vm.types.type_) => None,
        Some(Value::Type(m)) => Some(m.clone()),
        // Any other callable is `build_plain`'s.
        Some(_) => return Ok(None),
        None => None,
    };
    let classes: Vec<Rc<Class>> = bases
        .iter()
        .filter_map(|b| match b {
            Value::Type(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    if classes.len() != bases.len() {
        // A base that is no class: `__build_class__`'s own path (its type is called).
        return Ok(None);
    }
    // Only `type` subclasses make classes here; their check is `winner`'s.
    match (meta, classes.iter().any(|c| c.meta().is_some())) {
        (None, false) => Ok(None),
        (meta, _) => winner(vm, meta, &classes),
    }
}

/// A metaclass method written in Python (or another non-`type` one), found along `meta`'s MRO
/// before `type`'s own builtins.
pub fn hook(meta: &Class, name: &str) -> Option<Value> {
    meta.lookup(name)
        .filter(|v| !matches!(v, Value::Builtin(b) if b.owner == Some("type")))
}

/// CPython's `update_bases`: each base that is not a class but whose type has
/// `__mro_entries__` is replaced by the classes that returns; `Some(bases as written)` when
/// any was (they become `__orig_bases__`).
pub fn update_bases(vm: &mut Vm, bases: &[Value]) -> PyResult<(Vec<Value>, Option<Value>)> {
    let written = Value::tuple(bases.to_vec());
    let mut out = Vec::with_capacity(bases.len());
    let mut changed = false;
    for b in bases {
        let entries = match b {
            Value::Instance(i) => i.class.lookup("__mro_entries__"),
            _ => None,
        };
        let Some(f) = entries else {
            out.push(b.clone());
            continue;
        };
        let r = vm.call(&f, &[b.clone(), written.clone()], &[])?;
        let Value::Tuple(t) = r else {
            return Err(exc::type_error("__mro_entries__ must return a tuple"));
        };
        out.extend(t.iter().cloned());
        changed = true;
    }
    Ok((out, changed.then_some(written)))
}

/// The rest of `__build_class__` for metaclass `meta`: `__prepare__`, the body, `meta(...)`.
pub fn build_with(
    vm: &mut Vm,
    body: &Rc<Function>,
    name: &Rc<PyStr>,
    (bases, orig_bases): (&[Value], Option<Value>),
    meta: &Rc<Class>,
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    let meta_value = Value::Type(meta.clone());
    let bases_tuple = Value::tuple(bases.to_vec());
    let prepare = match hook(meta, "__prepare__") {
        Some(_) => Some(vm.getattr(&meta_value, "__prepare__")?),
        None => None,
    };
    let ns = match prepare {
        Some(prepare) => {
            let ns = vm.call(
                &prepare,
                &[Value::Str(name.clone()), bases_tuple.clone()],
                kw,
            )?;
            match ns {
                Value::Dict(d) => d,
                other => {
                    return Err(super::unsupported(&format!(
                        "a __prepare__ that returns a {} rather than a dict",
                        type_name_of(&other)
                    )))
                }
            }
        }
        None => Rc::new(std::cell::RefCell::new(Dict::new())),
    };
    let mut frame = vm.bind_frame(body, &[], &[])?;
    frame.locals = Some(ns.clone());
    vm.eval_frame(frame)?;
    if let Some(orig) = orig_bases {
        ns.borrow_mut()
            .insert(crate::object::dict::str_key("__orig_bases__"), orig);
    }
    let args = [Value::Str(name.clone()), bases_tuple, Value::Dict(ns)];
    vm.call(&meta_value, &args, kw)
}

/// `class C(metaclass=f)` with a callable `f` that is no class: the body runs in a plain
/// dict, then `f(name, bases, ns, **kw)` is the result (no `__prepare__`, no check).
pub fn build_plain(
    vm: &mut Vm,
    body: &Rc<Function>,
    name: &Rc<PyStr>,
    bases: &[Value],
    meta: &Value,
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    let ns = Rc::new(std::cell::RefCell::new(Dict::new()));
    let mut frame = vm.bind_frame(body, &[], &[])?;
    frame.locals = Some(ns.clone());
    vm.eval_frame(frame)?;
    let args = [
        Value::Str(name.clone()),
        Value::tuple(bases.to_vec()),
        Value::Dict(ns),
    ];
    vm.call(meta, &args, kw)
}

/// `meta(*args, **kw)` for a metaclass `meta` (a subclass of `type`): its `__new__` (a
/// Python one, else `type.__new__`), then its `__init__` on the result when that is an
/// instance of `meta`. `M(x)` with one argument is `type(x)`, as for `type` itself.
pub fn instantiate_meta(
    vm: &mut Vm,
    meta: &Rc<Class>,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    let cls = match super::new::custom_new(meta) {
        Some(new) => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(Value::Type(meta.clone()));
            full.extend_from_slice(args);
            vm.call(&new, &full, kw)?
        }
        None => match args {
            [v] if kw.is_empty() => return Ok(Value::Type(vm.type_of(v))),
            _ => super::type_new::type_new_as(vm, Some(meta.clone()), args, kw)?,
        },
    };
    let made_by_meta =
        matches!(&cls, Value::Type(c) if c.meta().is_some_and(|m| m.is_subclass(meta)));
    if made_by_meta {
        if let Some(init @ Value::Function(_)) = hook(meta, "__init__") {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(cls.clone());
            full.extend_from_slice(args);
            vm.call(&init, &full, kw)?;
        }
    }
    Ok(cls)
}

/// `type.__new__(meta, name, bases, dict, **kw)`.
fn type_new(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let Some((first, rest)) = args.split_first() else {
        return Err(exc::type_error("type.__new__(): not enough arguments"));
    };
    let Value::Type(meta) = first else {
        return Err(exc::type_error(format!(
            "type.__new__(X): X is not a type object ({})",
            type_name_of(first)
        )));
    };
    if !meta.makes_classes() {
        return Err(exc::type_error(format!(
            "type.__new__({}): {} is not a subtype of type",
            meta.name.as_str(),
            meta.name.as_str()
        )));
    }
    let meta = (!meta.is_meta()).then(|| meta.clone());
    match rest {
        [v] if meta.is_none() && kw.is_empty() => Ok(Value::Type(vm.type_of(v))),
        [_, _, _] => super::type_new::type_new_as(vm, meta, rest, kw),
        _ => Err(exc::type_error("type.__new__() takes exactly 3 arguments")),
    }
}

/// `type.__init__(cls, ...)`: nothing to do once `__new__` made the class.
fn type_init(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    match args.len() {
        2 | 4 => Ok(Value::None),
        _ => Err(exc::type_error("type.__init__() takes 1 or 3 arguments")),
    }
}

/// `type.__call__(cls, *args, **kw)`: making an instance the ordinary way (what a metaclass's
/// own `__call__` reaches through `super().__call__`).
fn type_call(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let Some((Value::Type(cls), rest)) = args.split_first() else {
        return Err(exc::type_error(
            "descriptor '__call__' requires a 'type' object",
        ));
    };
    let cls = cls.clone();
    vm.call_type_plain(&cls, rest, kw)
}

/// `type.__instancecheck__(cls, obj)`: the MRO test without any hook.
fn type_instancecheck(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let [Value::Type(cls), obj] = args else {
        return Err(exc::type_error("__instancecheck__ expected 1 argument"));
    };
    Ok(Value::bool(vm.isinstance(obj, cls)))
}

/// `type.__subclasscheck__(cls, sub)`.
fn type_subclasscheck(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let [Value::Type(cls), sub] = args else {
        return Err(exc::type_error("__subclasscheck__ expected 1 argument"));
    };
    match sub {
        Value::Type(s) => Ok(Value::bool(s.is_subclass(cls))),
        _ => Err(exc::type_error("issubclass() arg 1 must be a class")),
    }
}

/// `isinstance(obj, cls)` for a class made by a metaclass with `__instancecheck__`: `Some`
/// answer from the hook (an exact type match answers first, as CPython's does).
pub fn instancecheck(vm: &mut Vm, obj: &Value, cls: &Rc<Class>) -> PyResult<Option<bool>> {
    let Some(meta) = cls.meta() else {
        return Ok(None);
    };
    if Rc::ptr_eq(&vm.type_of(obj), cls) {
        return Ok(Some(true));
    }
    let Some(check) = hook(&meta, "__instancecheck__") else {
        return Ok(None);
    };
    let r = vm.call(&check, &[Value::Type(cls.clone()), obj.clone()], &[])?;
    vm.truthy(&r).map(Some)
}

/// `issubclass(sub, cls)` through the metaclass's `__subclasscheck__`.
pub fn subclasscheck(vm: &mut Vm, sub: &Value, cls: &Rc<Class>) -> PyResult<Option<bool>> {
    let Some(check) = cls.meta().and_then(|m| hook(&m, "__subclasscheck__")) else {
        return Ok(None);
    };
    let r = vm.call(&check, &[Value::Type(cls.clone()), sub.clone()], &[])?;
    vm.truthy(&r).map(Some)
}

/// `cls.__subclasses__()`: the live classes that name `cls` among their bases.
fn type_subclasses(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let [Value::Type(cls)] = args else {
        return Err(exc::type_error(
            "descriptor '__subclasses__' requires a 'type' object",
        ));
    };
    let subs = cls
        .subclasses
        .borrow()
        .iter()
        .filter_map(|w| w.upgrade())
        .map(Value::Type)
        .collect();
    Ok(Value::list(subs))
}

/// Installs `type`'s methods.
pub fn install(vm: &mut Vm) {
    let ty = vm.types.type_.clone();
    super::add_method(&ty, "__new__", CallConv::VarArgs, type_new);
    super::add_method(&ty, "__init__", CallConv::VarArgs, type_init);
    super::add_method(&ty, "__call__", CallConv::VarArgs, type_call);
    super::add_method(&ty, "__instancecheck__", CallConv::O, type_instancecheck);
    super::add_method(&ty, "__subclasscheck__", CallConv::O, type_subclasscheck);
    super::add_method(&ty, "__subclasses__", CallConv::NoArgs, type_subclasses);
}
