//! The `builtins` module, the methods of builtin types, and the `math` module.
//!
//! Every builtin is a `Builtin` record with CPython's calling convention (`METH_O`,
//! `METH_FASTCALL`, ...), because the convention decides which `CALL_*` form the specializer
//! picks: `abs(x)` becomes `CALL_BUILTIN_O`, `min(a, b)` `CALL_BUILTIN_FAST_WITH_KEYWORDS`,
//! `s.upper()` `CALL_METHOD_DESCRIPTOR_NOARGS`. The conventions in the tables below were read
//! off CPython 3.13 by specializing a call to each and looking at the adaptive listing.

pub mod access;
pub mod args;
mod classmethods;
pub mod codecs;
pub(crate) mod construct;
pub mod cpython_attrs;
pub mod descriptors;
pub mod exc_attrs;
pub mod functions;
pub mod metaclass;
pub mod methods;
mod missing;
pub mod modules;
pub mod namespaces;
pub mod new;
pub mod ops;
pub mod protocol;
pub mod range;
mod slots;
pub mod subclass;
pub mod text;
pub mod type_new;
pub mod views;

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::{type_name_of, Builtin, BuiltinFn, CallConv, Class, Dict, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// A builtin function value.
pub fn builtin(name: &'static str, conv: CallConv, func: BuiltinFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner: None,
        conv,
        func,
        module: None,
        positional: UNCHECKED,
        needs_caller: namespaces::reads_caller(name),
        float_kernel: None,
    }))
}

/// A module-level builtin function (`math.sqrt`): named with its module in messages.
pub fn module_builtin(
    module: &'static str,
    name: &'static str,
    conv: CallConv,
    func: BuiltinFn,
) -> Value {
    module_builtin_with(module, name, conv, func, None)
}

/// [`module_builtin`] with its float kernel, if it has one ([`Builtin::float_kernel`]).
pub fn module_builtin_with(
    module: &'static str,
    name: &'static str,
    conv: CallConv,
    func: BuiltinFn,
    float_kernel: Option<crate::object::FloatKernel>,
) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner: None,
        conv,
        func,
        module: Some(module),
        positional: UNCHECKED,
        needs_caller: false,
        float_kernel,
    }))
}

/// A construct this VM does not run, met at run time (`type()` with two bases, subclassing
/// `int`): refused in so many words rather than run with another behaviour.
pub fn unsupported(construct: &str) -> crate::exceptions::PyErr {
    exc::new(
        "NotImplementedError",
        format!("not supported yet: {construct}"),
    )
}

/// `BaseException.__init__` of an exception class without a Python `__init__`: any positional
/// arguments (they become `args`), no keywords.
pub fn base_exception_init(class: &Class, kw: KwArgs<'_>) -> PyResult<()> {
    if kw.is_empty() {
        return Ok(());
    }
    Err(exc::type_error(format!(
        "{}() takes no keyword arguments",
        class.name.as_str()
    )))
}

/// `BaseException.__init__(self, *args)` called as a function (`ValueError.__init__(self,
/// msg)`, `super().__init__(msg)`): the exception's `args` become `args`.
pub fn base_exception_init_method(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let inst = match args.first() {
        Some(Value::Instance(inst)) => inst,
        Some(other) => {
            return Err(exc::type_error(format!(
                "descriptor '__init__' requires a 'BaseException' object but received a '{}'",
                type_name_of(other)
            )))
        }
        None => {
            return Err(exc::type_error(
                "descriptor '__init__' of 'BaseException' object needs an argument",
            ))
        }
    };
    let Some(e) = &inst.exc else {
        return Err(exc::type_error(format!(
            "descriptor '__init__' requires a 'BaseException' object but received a '{}'",
            inst.class.name.as_str()
        )));
    };
    base_exception_init(&inst.class, kw)?;
    e.borrow_mut().args = args[1..].to_vec();
    Ok(Value::None)
}

/// No positional bounds checked before the call.
const UNCHECKED: (usize, usize) = (0, usize::MAX);

/// The positional bounds of the `METH_FASTCALL` generator methods (`throw` takes 1 to 3),
/// which `check_arity` checks for them.
fn fast_positional(owner: &str, name: &str) -> (usize, usize) {
    match (owner, name) {
        ("generator", "throw") => (1, 3),
        _ => UNCHECKED,
    }
}

/// The argument count a `METH_O` or `METH_NOARGS` builtin requires, checked by the generic call
/// path before it runs, with CPython's messages. Every builtin of this module checks its own
/// arguments (see `args`), since the specialized `CALL_*` forms call it directly; only the
/// generator methods, which live with the interpreter, still rely on this check.
pub fn check_arity(b: &Builtin, args: &[Value], kw: KwArgs<'_>) -> PyResult<()> {
    if b.conv == CallConv::SlotWrapper {
        return slots::check(b, args, kw);
    }
    if b.owner != Some("generator") {
        return Ok(());
    }
    let (want, wording) = match b.conv {
        CallConv::O => (1, "exactly one argument"),
        CallConv::NoArgs => (0, "no arguments"),
        CallConv::Fast if b.positional != UNCHECKED => {
            if !kw.is_empty() {
                return Err(exc::type_error(format!(
                    "generator.{}() takes no keyword arguments",
                    b.name
                )));
            }
            let given = args.len().saturating_sub(1);
            return check_positional(b.name, given, b.positional.0, b.positional.1);
        }
        _ => return Ok(()),
    };
    let name = format!("generator.{}", b.name);
    if !kw.is_empty() {
        return Err(exc::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    let Some((first, rest)) = args.split_first() else {
        return Err(exc::type_error(format!(
            "unbound method {name}() needs an argument"
        )));
    };
    if !matches!(first, Value::Generator(_)) {
        return Err(exc::type_error(format!(
            "descriptor '{}' for 'generator' objects doesn't apply to a '{}' object",
            b.name,
            crate::object::type_name_of(first)
        )));
    }
    if rest.len() != want {
        return Err(exc::type_error(format!(
            "{name}() takes {wording} ({} given)",
            rest.len()
        )));
    }
    Ok(())
}

/// A `METH_FASTCALL` builtin's positional count, checked as CPython's `_PyArg_CheckPositional`
/// checks it (`get expected at least 1 argument, got 0`). `given` excludes a method's `self`.
pub fn check_positional(name: &str, given: usize, min: usize, max: usize) -> PyResult<()> {
    if (min..=max).contains(&given) {
        return Ok(());
    }
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let message = if min == max {
        format!("{name} expected {min} argument{}, got {given}", s(min))
    } else if given < min {
        format!(
            "{name} expected at least {min} argument{}, got {given}",
            s(min)
        )
    } else {
        format!(
            "{name} expected at most {max} argument{}, got {given}",
            s(max)
        )
    };
    Err(exc::type_error(message))
}

/// Adds a method descriptor to a builtin type.
pub fn add_method(class: &Rc<Class>, name: &'static str, conv: CallConv, func: BuiltinFn) {
    let b = method_of(owner_name(class), name, conv, func);
    // Through `set_attr`: a new version, so no type cache entry can miss the method.
    class.set_attr(Rc::from(name), b);
}

/// The name a builtin type's methods give as their owner (`str.upper`).
pub fn owner_name(class: &Class) -> &'static str {
    match class.kind {
        TypeKind::Str => "str",
        TypeKind::List => "list",
        TypeKind::Dict => "dict",
        TypeKind::Set => "set",
        TypeKind::FrozenSet => "frozenset",
        TypeKind::Tuple => "tuple",
        TypeKind::Int => "int",
        TypeKind::Float => "float",
        TypeKind::Bytes => "bytes",
        TypeKind::Generator => "generator",
        TypeKind::Range => "range",
        TypeKind::Type => "type",
        _ => "object",
    }
}

/// A method of the builtin type named `owner`, as its namespace holds it.
pub fn method_of(
    owner: &'static str,
    name: &'static str,
    conv: CallConv,
    func: BuiltinFn,
) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner: Some(owner),
        conv,
        func,
        module: None,
        positional: match conv {
            CallConv::Fast => fast_positional(owner, name),
            _ => UNCHECKED,
        },
        needs_caller: false,
        float_kernel: None,
    }))
}

/// Installs builtins, type methods and the `math` module into a fresh VM.
pub fn install(vm: &mut Vm) {
    functions::install(vm);
    methods::install(vm);
    crate::interp::generator::install(vm);
    range::install(vm);
    slots::install(vm);
    // Keys and items views are set-like; a values view has no `isdisjoint`.
    for views in [vm.types.dict_view.clone(), vm.types.dict_items.clone()] {
        add_method(&views, "isdisjoint", CallConv::O, views::view_isdisjoint);
    }
    let types: Vec<(&str, Rc<Class>)> = {
        let t = &vm.types;
        vec![
            ("object", t.object.clone()),
            ("type", t.type_.clone()),
            ("int", t.int.clone()),
            ("float", t.float.clone()),
            ("bool", t.bool_.clone()),
            ("str", t.str_.clone()),
            ("bytes", t.bytes.clone()),
            ("tuple", t.tuple.clone()),
            ("list", t.list.clone()),
            ("dict", t.dict.clone()),
            ("set", t.set.clone()),
            ("frozenset", t.frozenset.clone()),
            ("range", t.range.clone()),
            ("slice", t.slice.clone()),
            ("enumerate", t.enumerate.clone()),
            ("zip", t.zip.clone()),
            ("reversed", t.reversed.clone()),
            ("map", t.map.clone()),
            ("filter", t.filter.clone()),
            ("super", t.super_.clone()),
        ]
    };
    let mut b = vm.builtins.borrow_mut();
    for (name, class) in types {
        b.insert(str_key(name), Value::Type(class));
    }
    for (name, class) in &vm.exc_types {
        b.insert(str_key(name), Value::Type(class.clone()));
    }
    b.insert(
        str_key("vars"),
        builtin("vars", CallConv::VarArgs, namespaces::vars),
    );
    drop(b);
    missing::install(vm);
    descriptors::install(vm);
    metaclass::install(vm);
}

/// True when CPython's type has a vectorcall constructor (`CALL_BUILTIN_CLASS` applies).
pub fn has_vectorcall(class: &Class) -> bool {
    matches!(
        class.kind,
        TypeKind::Int
            | TypeKind::Float
            | TypeKind::Bool
            | TypeKind::Str
            | TypeKind::List
            | TypeKind::Tuple
            | TypeKind::Dict
            | TypeKind::Set
            | TypeKind::FrozenSet
            | TypeKind::Range
            | TypeKind::Enumerate
            | TypeKind::Reversed
            | TypeKind::Map
            | TypeKind::Filter
            | TypeKind::Super
            | TypeKind::Type
    )
}

pub use construct::construct;

/// `dict.update(other)` / `dict(other)`: a mapping or an iterable of pairs.
pub fn dict_update(vm: &mut Vm, d: &mut Dict, v: &Value) -> PyResult<()> {
    if let Value::Dict(other) = subclass::unwrapped(v) {
        let items: Vec<_> = other
            .borrow()
            .hkeys()
            .cloned()
            .zip(other.borrow().iter().map(|(_, v)| v.clone()))
            .collect();
        for (k, v) in items {
            d.insert(k, v);
        }
        return Ok(());
    }
    for (i, item) in vm.collect(v)?.iter().enumerate() {
        let pair = match vm.collect(item) {
            Ok(pair) => pair,
            Err(e) if vm.is_type_error(&e) => {
                return Err(exc::type_error(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                )))
            }
            Err(e) => return Err(e),
        };
        if pair.len() != 2 {
            return Err(exc::value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let k = vm.hkey(&pair[0])?;
        d.insert(k, pair[1].clone());
    }
    Ok(())
}

/// `float(str)`: decimal literals plus `inf`/`nan` spellings.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim().replace('_', "");
    match t.to_lowercase().as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => return Some(f64::NAN),
        _ => {}
    }
    if t.chars().any(|c| c.is_alphabetic() && c != 'e' && c != 'E') {
        return None;
    }
    t.parse().ok()
}
