//! Making a class, as CPython's `type_new` does, shared by the `class` statement
//! (`__build_class__`) and by `type(name, bases, dict)`:
//!
//! 1. check the bases: types, each one CPython can subclass (`bool`, `range`, ... get CPython's
//!    TypeError), then the layout base and the C3 MRO (`object/mro.rs`, with CPython's errors
//!    for duplicates, layout conflicts and inconsistent orders), and last that this VM can
//!    derive from every base: `object`, an exception, a user class, or `type` (which makes a
//!    metaclass). A builtin base it cannot give instances yet (a provided module's native
//!    type) is refused with "not supported yet", never run with the wrong behaviour;
//! 2. build the class from the namespace (`__slots__` become member descriptors, `__qualname__`
//!    and `__classcell__` are taken out), and fill the `__class__` cell `super()` reads;
//! 3. call `__set_name__(cls, name)` on every attribute whose type defines it;
//! 4. call the parent's `__init_subclass__(cls, **kwargs)` with the class keywords
//!    (`class A(Base, flag=1)`); `object.__init_subclass__` accepts none.
//!
//! A class made by a metaclass other than `type` (`metaclass=M`, or a base's) goes through
//! `metaclass.rs`, which calls `M(name, bases, ns)`; `type.__new__` ends up here all the same.

use std::rc::Rc;

use super::unsupported;
use crate::exceptions::{self as exc, PyResult};
use crate::object::mro::{self, Lineage};
use crate::object::slots;
use crate::object::{type_name_of, Class, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// `__build_class__(func, name, *bases, **kwargs)`: runs the class body with a fresh namespace
/// as its locals, then makes the class.
pub(super) fn build_class(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let Some(Value::Function(body)) = args.first() else {
        return Err(exc::type_error(match args.first() {
            None => "__build_class__: not enough arguments",
            Some(_) => "__build_class__: func must be a function",
        }));
    };
    let Some(Value::Str(name)) = args.get(1) else {
        return Err(exc::type_error(match args.get(1) {
            None => "__build_class__: not enough arguments",
            Some(_) => "__build_class__: name is not a string",
        }));
    };
    // `update_bases`: a base that is no class but has `__mro_entries__` (`Generic[T]`,
    // `List[int]`) stands for what that returns; the bases as written become
    // `__orig_bases__`.
    let (resolved, orig_bases) = super::metaclass::update_bases(vm, &args[2..])?;
    let bases = &resolved[..];
    // `metaclass=M`, or the most derived metaclass of the bases (`super::metaclass`).
    let explicit = kw.iter().find(|(k, _)| k.as_str() == "metaclass");
    let kw_rest: Vec<(Rc<crate::object::PyStr>, Value)> = kw
        .iter()
        .filter(|(k, _)| k.as_str() != "metaclass")
        .cloned()
        .collect();
    if let Some((_, meta @ (Value::Function(_) | Value::Builtin(_) | Value::Method(_)))) = explicit
    {
        return super::metaclass::build_plain(vm, body, name, bases, meta, &kw_rest);
    }
    if let Some(meta) = super::metaclass::for_class_statement(vm, explicit.map(|(_, m)| m), bases)?
    {
        return super::metaclass::build_with(vm, body, name, (bases, orig_bases), &meta, &kw_rest);
    }
    let kw = &kw_rest[..];
    let ns = Rc::new(std::cell::RefCell::new(crate::object::Dict::new()));
    let mut frame = vm.bind_frame(body, &[], &[])?;
    frame.locals = Some(ns.clone());
    vm.eval_frame(frame)?;
    if let Some(orig) = orig_bases {
        ns.borrow_mut()
            .insert(crate::object::dict::str_key("__orig_bases__"), orig);
    }
    // CPython takes the metaclass from the first base: for a base that is not a class (an
    // int, an instance), that is the base's type, called as `type(base)(name, bases, ns)`.
    if let [first, ..] = bases {
        if !matches!(first, Value::Type(_)) {
            let meta = Value::Type(vm.type_of(first));
            let call = [
                Value::Str(name.clone()),
                Value::tuple(bases.to_vec()),
                Value::Dict(ns),
            ];
            return vm.call(&meta, &call, kw);
        }
    }
    let bases = bases_of(bases)?;
    let items: Vec<(Rc<str>, Value)> = ns
        .borrow()
        .iter()
        .filter_map(|(k, v)| Some((Rc::from(k.as_str()?), v.clone())))
        .collect();
    new_class(vm, name.as_str(), bases, items, kw, None).map(Value::Type)
}

/// `type(name, bases, dict, **kwargs)`.
pub(super) fn type_call(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    match args {
        [v] if kw.is_empty() => Ok(Value::Type(vm.type_of(v))),
        [_] => Err(exc::type_error("type() takes no keyword arguments")),
        [_, _, _] => type_new_as(vm, None, args, kw),
        _ => Err(exc::type_error("type() takes 1 or 3 arguments")),
    }
}

/// `type.__new__(meta, name, bases, dict, **kwargs)` with `args` the last three; `meta` `None`
/// for `type` itself. The class's metaclass is the most derived of `meta` and the bases'.
pub(super) fn type_new_as(
    vm: &mut Vm,
    meta: Option<Rc<Class>>,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    match args {
        [name, bases, dict] => {
            let Value::Str(name) = name else {
                return Err(argument_error(1, "str", name));
            };
            let Value::Tuple(bases) = bases else {
                return Err(argument_error(2, "tuple", bases));
            };
            let Value::Dict(dict) = dict else {
                return Err(argument_error(3, "dict", dict));
            };
            let bases = bases_of(bases)?;
            let items: Vec<(Rc<str>, Value)> = dict
                .borrow()
                .iter()
                .map(|(k, v)| match k.as_str() {
                    Some(k) => Ok((Rc::from(k), v.clone())),
                    None => Err(exc::type_error(format!(
                        "type.__new__() argument 3 keys must be str, not {}",
                        type_name_of(k)
                    ))),
                })
                .collect::<PyResult<_>>()?;
            let meta = super::metaclass::winner(vm, meta, &bases)?;
            new_class(vm, name.as_str(), bases, items, kw, meta).map(Value::Type)
        }
        _ => Err(exc::type_error("type.__new__() takes exactly 3 arguments")),
    }
}

/// "type.__new__() argument 2 must be tuple, not list".
fn argument_error(n: usize, want: &str, got: &Value) -> crate::exceptions::PyErr {
    exc::type_error(format!(
        "type.__new__() argument {n} must be {want}, not {}",
        type_name_of(got)
    ))
}

/// The bases of a new class, every one a class (the metaclass is `type`).
pub(super) fn bases_of(bases: &[Value]) -> PyResult<Vec<Rc<Class>>> {
    bases
        .iter()
        .map(|b| match b {
            Value::Type(b) => Ok(b.clone()),
            _ => Err(exc::type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
                 subclass of the metaclasses of all its bases",
            )),
        })
        .collect()
}

/// CPython's checks of each base in `best_base` order (a TypeError for a type that cannot be
/// subclassed), then the layout base and the MRO (`mro.rs`), then the refusal of a layout
/// this VM cannot give instances yet.
fn lineage_of(vm: &Vm, bases: Vec<Rc<Class>>) -> PyResult<Lineage> {
    let bases = if bases.is_empty() {
        vec![vm.types.object.clone()]
    } else {
        bases
    };
    for b in &bases {
        acceptable_base(b)?;
    }
    let lineage = mro::lineage(bases)?;
    for b in &lineage.bases {
        supported_base(b)?;
    }
    Ok(lineage)
}

/// CPython's TypeError for a builtin type that is not an acceptable base.
fn acceptable_base(base: &Class) -> PyResult<()> {
    match base.layout {
        TypeKind::Bool
        | TypeKind::NoneType
        | TypeKind::Range
        | TypeKind::Slice
        | TypeKind::Function
        | TypeKind::Method
        | TypeKind::BuiltinFunction
        | TypeKind::Generator
        | TypeKind::Iterator => Err(exc::type_error(format!(
            "type '{}' is not an acceptable base type",
            base.name.as_str()
        ))),
        _ => Ok(()),
    }
}

/// Refuses a base this VM cannot derive from yet (see the module docs).
fn supported_base(base: &Class) -> PyResult<()> {
    // `type` itself: the new class is a metaclass (`builtins/metaclass.rs`).
    if base.is_meta() {
        return Ok(());
    }
    // A native type that allows it: its `__new__` gives the subclass's instance the Rust
    // value as a payload (`_random.Random` under `random.Random`).
    if base.base_type.get() {
        return Ok(());
    }
    // The types of the provided modules (`collections.deque`) keep Rust state a subclass
    // instance would not have.
    if let Some(module) = super::modules::support::type_module(base) {
        return Err(unsupported(&format!(
            "subclassing {module}.{}",
            base.name.as_str()
        )));
    }
    // A native type (`random.Random`, a `sharing.Map`): a builtin class on `object` that is
    // not `object` itself; its instances hold Rust data a subclass instance would lack.
    if base.builtin && base.kind == TypeKind::Object && base.base.is_some() {
        return Err(unsupported(&format!(
            "subclassing the builtin type '{}'",
            base.name.as_str()
        )));
    }
    match base.layout {
        TypeKind::Object | TypeKind::Exception | TypeKind::User | TypeKind::Type => Ok(()),
        l if super::subclass::has_payload_layout(l) => Ok(()),
        _ => Err(unsupported(&format!(
            "subclassing the builtin type '{}'",
            base.name.as_str()
        ))),
    }
}

/// Steps 2 to 4 of the module docs.
pub(super) fn new_class(
    vm: &mut Vm,
    name: &str,
    bases: Vec<Rc<Class>>,
    items: Vec<(Rc<str>, Value)>,
    kw: KwArgs<'_>,
    meta: Option<Rc<Class>>,
) -> PyResult<Rc<Class>> {
    let lineage = lineage_of(vm, bases)?;
    let mut dict = crate::object::namehash::NameMap::default();
    let mut cell = None;
    let mut qualname = name.to_string();
    for (k, v) in items {
        match &*k {
            "__classcell__" => cell = Some(v),
            "__qualname__" => match &v {
                Value::Str(q) => qualname = q.as_str().to_string(),
                other => {
                    return Err(exc::type_error(format!(
                        "type __qualname__ must be a str, not {}",
                        type_name_of(other)
                    )))
                }
            },
            // A plain function as `__new__` becomes a staticmethod, as in CPython.
            "__new__" if matches!(v, Value::Function(_)) => {
                let staticmethod = vm.builtins.borrow().get_str("staticmethod").cloned();
                let v = match staticmethod {
                    Some(Value::Type(sm)) => super::descriptors::new_wrapper(&sm, &[v])?,
                    _ => v,
                };
                dict.insert(k, v);
            }
            _ => {
                dict.insert(k, v);
            }
        }
    }
    // `type_new_set_doc`: a class without a docstring has `__doc__ = None` of its own.
    if !dict.contains_key("__doc__") {
        dict.insert(Rc::from("__doc__"), Value::None);
    }
    let class = match dict.get("__slots__").cloned() {
        Some(slots) => {
            let spec = slots::parse_slots(&slots, name, lineage.best.dict_kind.has_dict())?;
            slots::check_conflicts(&spec, |n| dict.contains_key(n))?;
            Class::new_slotted(name, &qualname, lineage, dict, &spec)
        }
        None => Class::new_user(name, &qualname, lineage, dict),
    };
    *class.metaclass.borrow_mut() = meta;
    if let Some(Value::Cell(c)) = cell {
        *c.borrow_mut() = Value::Type(class.clone());
    }
    set_names(vm, &class)?;
    init_subclass(vm, &class, kw)?;
    Ok(class)
}

/// `attr.__set_name__(cls, name)` for every attribute whose type defines it, in definition order.
fn set_names(vm: &mut Vm, class: &Rc<Class>) -> PyResult<()> {
    let attrs: Vec<(Rc<str>, Value)> = class
        .dict
        .borrow()
        .iter()
        .filter(|(_, v)| matches!(v, Value::Instance(_)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (name, value) in attrs {
        if let Some(hook) = vm.type_of(&value).lookup("__set_name__") {
            let args = [
                value,
                Value::Type(class.clone()),
                Value::str(name.to_string()),
            ];
            vm.call(&hook, &args, &[])?;
        }
    }
    Ok(())
}

/// `super(cls, cls).__init_subclass__(**kw)`: the first definition above the new class. A plain
/// function there is an implicit classmethod, as in CPython.
fn init_subclass(vm: &mut Vm, class: &Rc<Class>, kw: KwArgs<'_>) -> PyResult<()> {
    let hook = class
        .mro_after_self()
        .iter()
        .find_map(|c| c.dict.borrow().get("__init_subclass__").cloned());
    let cls = Value::Type(class.clone());
    match hook {
        Some(Value::Instance(d)) if d.class.kind == TypeKind::ClassMethod => {
            let func = d.get_attr("__func__").unwrap_or(Value::None);
            vm.call(&func, &[cls], kw)?;
        }
        Some(hook @ (Value::Function(_) | Value::Builtin(_))) => {
            vm.call(&hook, &[cls], kw)?;
        }
        _ => object_init_subclass(vm, &[cls], kw).map(drop)?,
    }
    Ok(())
}

/// `object.__init_subclass__()`: the end of the chain, which takes no keyword arguments.
pub(super) fn object_init_subclass(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    if !kw.is_empty() {
        // A classmethod: called on an instance, it is bound to the instance's class.
        let who = match args.first() {
            Some(Value::Type(c)) => c.qualname.as_str().to_string(),
            Some(v) => vm.type_of(v).qualname.as_str().to_string(),
            None => "object".to_string(),
        };
        return Err(exc::type_error(format!(
            "{who}.__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(Value::None)
}
