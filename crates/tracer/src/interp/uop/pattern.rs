//! The uops behind `match` statements (PEP 634): `_GET_LEN`, `_MATCH_MAPPING`,
//! `_MATCH_SEQUENCE`, `_MATCH_KEYS` and `_MATCH_CLASS`, with CPython 3.13's semantics
//! (`bytecodes.c`, and `_PyEval_MatchKeys` / `_PyEval_MatchClass` in `ceval.c`).
//!
//! CPython decides "is this a mapping / a sequence?" by two type flags, `Py_TPFLAGS_MAPPING`
//! and `Py_TPFLAGS_SEQUENCE`, which builtin types set and subclasses inherit: `dict` is a
//! mapping; `list`, `tuple`, `range`, `collections.deque`, `array.array` and `memoryview` are
//! sequences; `str`, `bytes` and `bytearray` are not, although they can be indexed. The
//! flags are read here from the builtin classes in the subject's MRO. (CPython also sets them
//! on classes registered with `collections.abc.Mapping`/`Sequence`; this VM has no
//! `collections.abc`.)

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::object::{type_name_of, Class, Instance, TypeKind};
use crate::uops::{Args, Step};
use crate::value::Value;
use crate::vm::Vm;

use Step::Continue;

/// `Py_TPFLAGS_SEQUENCE` of a class (inherited from its builtin bases).
fn is_sequence_type(class: &Rc<Class>) -> bool {
    class.mro().iter().any(|c| {
        c.builtin
            && (matches!(c.kind, TypeKind::List | TypeKind::Tuple | TypeKind::Range)
                || matches!(c.name.as_str(), "deque" | "array" | "memoryview"))
    })
}

/// `Py_TPFLAGS_MAPPING` of a class.
fn is_mapping_type(class: &Rc<Class>) -> bool {
    class
        .mro()
        .iter()
        .any(|c| c.builtin && c.kind == TypeKind::Dict)
}

/// `_Py_TPFLAGS_MATCH_SELF`: the builtins a class pattern's one positional sub-pattern
/// matches against the subject itself (`case int(n):`), inherited by subclasses.
fn matches_self(class: &Rc<Class>) -> bool {
    class.mro().iter().any(|c| {
        c.builtin
            && (matches!(
                c.kind,
                TypeKind::Bool
                    | TypeKind::Int
                    | TypeKind::Float
                    | TypeKind::Str
                    | TypeKind::Bytes
                    | TypeKind::Tuple
                    | TypeKind::List
                    | TypeKind::Dict
                    | TypeKind::Set
                    | TypeKind::FrozenSet
            ) || c.name.as_str() == "bytearray")
    })
}

/// `_GET_LEN`: `(obj -- obj, len)` Push `len(obj)`.
pub(crate) fn get_len(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let obj = f.peek(0).clone();
    let n = vm.len(&obj)?;
    f.push(Value::Int(n as i64));
    Ok(Continue)
}

/// `_MATCH_MAPPING`: `(subject -- subject, res)` Is the subject's type a mapping?
pub(crate) fn match_mapping(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let class = vm.type_of(f.peek(0));
    f.push(Value::bool(is_mapping_type(&class)));
    Ok(Continue)
}

/// `_MATCH_SEQUENCE`: `(subject -- subject, res)` Is the subject's type a sequence?
pub(crate) fn match_sequence(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let class = vm.type_of(f.peek(0));
    f.push(Value::bool(is_sequence_type(&class)));
    Ok(Continue)
}

/// `_MATCH_KEYS`: `(subject, keys -- subject, keys, values_or_none)` The values of all the
/// keys, or None if one is missing.
pub(crate) fn match_keys(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let keys = f.peek(0).clone();
    let subject = f.peek(1).clone();
    let values = match_keys_values(vm, &subject, &keys)?;
    f.push(values);
    Ok(Continue)
}

/// `_PyEval_MatchKeys`: looks each key up with `subject.get(key, dummy)`, which neither
/// raises for a missing key nor calls a `__missing__` (a `defaultdict` stays unchanged).
fn match_keys_values(vm: &mut Vm, subject: &Value, keys: &Value) -> PyResult<Value> {
    let Value::Tuple(keys) = keys else {
        return Err(super::broken("_MATCH_KEYS"));
    };
    if keys.is_empty() {
        return Ok(Value::Tuple(Rc::new(Vec::new())));
    }
    if let Value::Dict(d) = subject {
        // An exact dict: its `get` cannot be overridden, so look the keys up directly.
        return exact_dict_values(vm, d, keys);
    }
    let get = vm.getattr(subject, "get")?;
    let dummy = Value::Instance(Rc::new(Instance::new(vm.types.object.clone())));
    let mut seen: Vec<crate::object::HKey> = Vec::with_capacity(keys.len());
    let mut values = Vec::with_capacity(keys.len());
    for key in keys.iter() {
        let hk = vm.hkey(key)?;
        for s in &seen {
            if s.hash == hk.hash && (s.key.is(key) || vm.eq(&s.key, key)?) {
                return Err(duplicate_key(vm, key));
            }
        }
        seen.push(hk);
        let value = vm.call(&get, &[key.clone(), dummy.clone()], &[])?;
        if value.is(&dummy) {
            return Ok(Value::None);
        }
        values.push(value);
    }
    Ok(Value::Tuple(Rc::new(values)))
}

/// [`match_keys_values`] for an exact `dict`: the same duplicate check and lookups, without
/// calling `dict.get` through the method machinery.
fn exact_dict_values(
    vm: &mut Vm,
    d: &Rc<std::cell::RefCell<crate::object::Dict>>,
    keys: &[Value],
) -> PyResult<Value> {
    let mut seen: Vec<crate::object::HKey> = Vec::with_capacity(keys.len());
    let mut values = Vec::with_capacity(keys.len());
    for key in keys {
        let hk = vm.hkey(key)?;
        for s in &seen {
            if s.hash == hk.hash && (s.key.is(key) || vm.eq(&s.key, key)?) {
                return Err(duplicate_key(vm, key));
            }
        }
        let found = d.borrow().get(&hk).cloned();
        seen.push(hk);
        match found {
            Some(v) => values.push(v),
            None => return Ok(Value::None),
        }
    }
    Ok(Value::Tuple(Rc::new(values)))
}

/// CPython's ValueError for a key a mapping pattern names twice (two attribute keys with the
/// same value; literal duplicates are a SyntaxError).
fn duplicate_key(vm: &mut Vm, key: &Value) -> crate::exceptions::PyErr {
    match vm.repr(key) {
        Ok(repr) => exc::new(
            "ValueError",
            format!("mapping pattern checks duplicate key ({repr})"),
        ),
        Err(e) => e,
    }
}

/// `_MATCH_CLASS`: `(subject, type, names -- attrs)` The attributes a class pattern matches
/// its sub-patterns against (`oparg` positional ones, then the keywords `names`), or None.
pub(crate) fn match_class(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let names = f.pop();
    let ty = f.pop();
    let subject = f.pop();
    let attrs = match_class_attrs(vm, &subject, &ty, a.oparg as usize, &names)?;
    f.push(attrs.map_or(Value::None, |v| Value::Tuple(Rc::new(v))));
    Ok(Continue)
}

/// `_PyEval_MatchClass`: `None` (as `Ok(None)`) when the match fails without an error.
fn match_class_attrs(
    vm: &mut Vm,
    subject: &Value,
    ty: &Value,
    nargs: usize,
    names: &Value,
) -> PyResult<Option<Vec<Value>>> {
    let Value::Type(class) = ty else {
        return Err(exc::type_error("called match pattern must be a class"));
    };
    let Value::Tuple(kw_names) = names else {
        return Err(super::broken("_MATCH_CLASS"));
    };
    if !vm.isinstance(subject, class) {
        return Ok(None);
    }
    // CPython's `tp_name`: a C type of a module is `module.name` (`collections.deque`).
    let tp_name = match crate::builtins::modules::support::type_module(class) {
        Some(m) if m != "builtins" => format!("{m}.{}", class.name.as_str()),
        _ => class.name.as_str().to_string(),
    };
    let mut seen: Vec<Value> = Vec::new();
    let mut attrs = Vec::with_capacity(nargs + kw_names.len());
    if nargs > 0 {
        let match_args = match vm.getattr(ty, "__match_args__") {
            Ok(v) => Some(v),
            Err(e) if vm.is_attribute_error(&e) => None,
            Err(e) => return Err(e),
        };
        // `__match_args__` wins over matching the subject itself, as for subclasses that
        // define it.
        let (match_args, match_self) = match match_args {
            Some(Value::Tuple(t)) => (t, false),
            Some(other) => {
                return Err(exc::type_error(format!(
                    "{tp_name}.__match_args__ must be a tuple (got {})",
                    type_name_of(&other)
                )))
            }
            None => (Rc::new(Vec::new()), matches_self(class)),
        };
        let allowed = if match_self { 1 } else { match_args.len() };
        if allowed < nargs {
            let plural = if allowed == 1 { "" } else { "s" };
            return Err(exc::type_error(format!(
                "{tp_name}() accepts {allowed} positional sub-pattern{plural} ({nargs} given)"
            )));
        }
        if match_self {
            attrs.push(subject.clone());
        } else {
            for name in match_args.iter().take(nargs) {
                if !matches!(name, Value::Str(_)) {
                    return Err(exc::type_error(format!(
                        "__match_args__ elements must be strings (got {})",
                        type_name_of(name)
                    )));
                }
                match match_class_attr(vm, subject, &tp_name, name, &mut seen)? {
                    Some(v) => attrs.push(v),
                    None => return Ok(None),
                }
            }
        }
    }
    for name in kw_names.iter() {
        match match_class_attr(vm, subject, &tp_name, name, &mut seen)? {
            Some(v) => attrs.push(v),
            None => return Ok(None),
        }
    }
    Ok(Some(attrs))
}

/// `match_class_attr`: one attribute, `None` if the subject lacks it; naming an attribute
/// twice is a TypeError.
fn match_class_attr(
    vm: &mut Vm,
    subject: &Value,
    tp_name: &str,
    name: &Value,
    seen: &mut Vec<Value>,
) -> PyResult<Option<Value>> {
    let Value::Str(s) = name else {
        return Err(super::broken("_MATCH_CLASS"));
    };
    if seen
        .iter()
        .any(|v| matches!(v, Value::Str(o) if o.as_str() == s.as_str()))
    {
        let repr = vm.repr(name)?;
        return Err(exc::type_error(format!(
            "{tp_name}() got multiple sub-patterns for attribute {repr}"
        )));
    }
    seen.push(name.clone());
    match vm.getattr(subject, s.as_str()) {
        Ok(v) => Ok(Some(v)),
        Err(e) if vm.is_attribute_error(&e) => Ok(None),
        Err(e) => Err(e),
    }
}
