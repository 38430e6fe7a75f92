//! The `builtins` module, the methods of builtin types, and the `math` module.
//!
//! Every builtin is a `Builtin` record with CPython's calling convention (`METH_O`,
//! `METH_FASTCALL`, ...), because the convention decides which `CALL_*` form the specializer
//! picks: `abs(x)` becomes `CALL_BUILTIN_O`, `min(a, b)` `CALL_BUILTIN_FAST_WITH_KEYWORDS`,
//! `s.upper()` `CALL_METHOD_DESCRIPTOR_NOARGS`. The conventions in the tables below were read
//! off CPython 3.13 by specializing a call to each and looking at the adaptive listing.

pub mod access;
pub mod descriptors;
pub mod exc_attrs;
pub mod functions;
pub mod math;
pub mod methods;
pub mod ops;
pub mod protocol;
pub mod range;
pub mod text;
pub mod type_new;

use std::cell::RefCell;
use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::iter::{make as make_iter, Iter};
use crate::object::{
    type_name_of, Builtin, BuiltinFn, CallConv, Class, Dict, KwArgs, Range, Set, Slice, TypeKind,
};
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
    }))
}

/// A module-level builtin function (`math.sqrt`): named with its module in messages.
pub fn module_builtin(
    module: &'static str,
    name: &'static str,
    conv: CallConv,
    func: BuiltinFn,
) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner: None,
        conv,
        func,
        module: Some(module),
        positional: UNCHECKED,
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

/// No positional bounds checked before the call.
const UNCHECKED: (usize, usize) = (0, usize::MAX);

/// The positional bounds of the `METH_FASTCALL` methods whose bodies rely on them, as
/// CPython's argument clinic declares them (`list.pop([index])` is `(0, 1)`).
fn fast_positional(owner: &str, name: &str) -> (usize, usize) {
    match (owner, name) {
        ("str", "strip" | "lstrip" | "rstrip") | ("list", "pop") => (0, 1),
        ("str", "count" | "find" | "index" | "startswith" | "endswith")
        | ("list" | "tuple", "index") => (1, 3),
        ("str", "ljust" | "rjust" | "center") | ("dict", "get" | "pop" | "setdefault") => (1, 2),
        ("list", "insert") => (2, 2),
        _ => UNCHECKED,
    }
}

/// Adds a method descriptor to a builtin type.
/// The argument count a `METH_O` or `METH_NOARGS` builtin requires, checked before it runs
/// (its body may then index `args` freely), with CPython's messages: `abs() takes exactly one
/// argument (0 given)`, `list.copy() takes no arguments (1 given)`. Methods receive `self` as
/// `args[0]`, which is not counted.
pub fn check_arity(b: &Builtin, args: &[Value], kw: KwArgs<'_>) -> PyResult<()> {
    let (want, wording) = match b.conv {
        CallConv::O => (1, "exactly one argument"),
        CallConv::NoArgs => (0, "no arguments"),
        CallConv::Fast if b.positional != UNCHECKED => {
            let given = args.len().saturating_sub(usize::from(b.owner.is_some()));
            return check_positional(b.name, given, b.positional.0, b.positional.1);
        }
        _ => return Ok(()),
    };
    let name = match (b.owner, b.module) {
        (Some(prefix), _) | (None, Some(prefix)) => format!("{prefix}.{}", b.name),
        (None, None) => b.name.to_string(),
    };
    if !kw.is_empty() {
        return Err(exc::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    let given = args.len() - usize::from(b.owner.is_some() && !args.is_empty());
    if given != want || (b.owner.is_some() && args.is_empty()) {
        return Err(exc::type_error(format!(
            "{name}() takes {wording} ({given} given)"
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

pub fn add_method(class: &Rc<Class>, name: &'static str, conv: CallConv, func: BuiltinFn) {
    let owner: &'static str = match class.kind {
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
        _ => "object",
    };
    let b = Value::Builtin(Rc::new(Builtin {
        name,
        owner: Some(owner),
        conv,
        func,
        module: None,
        positional: match conv {
            CallConv::Fast => fast_positional(owner, name),
            _ => UNCHECKED,
        },
    }));
    class.dict.borrow_mut().insert(Rc::from(name), b);
}

/// Installs builtins, type methods and the `math` module into a fresh VM.
pub fn install(vm: &mut Vm) {
    functions::install(vm);
    methods::install(vm);
    crate::interp::generator::install(vm);
    range::install(vm);
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
        builtin("vars", CallConv::VarArgs, functions::vars),
    );
    drop(b);
    descriptors::install(vm);
    let m = math::module();
    vm.modules.insert("math".into(), m);
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

fn arg_int(v: &Value, what: &str) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        // CPython's own limit where it needs a C long; our ranges and counts stop at i64.
        Value::BigInt(_) => Err(exc::new(
            "OverflowError",
            "Python int too large to convert to C long",
        )),
        other => Err(exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer{what}",
            type_name_of(other)
        ))),
    }
}

/// One item of `bytes(iterable)`: an int in `0..256`.
fn byte_item(x: &Value) -> PyResult<u8> {
    let out_of_range = || exc::value_error("bytes must be in range(0, 256)");
    match x {
        Value::BigInt(_) => Err(out_of_range()),
        _ => u8::try_from(arg_int(x, "")?).map_err(|_| out_of_range()),
    }
}

/// Calls a builtin class: `int(x)`, `list(it)`, `range(n)`, ...
pub fn construct(
    vm: &mut Vm,
    class: &Rc<Class>,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    let a0 = args.first();
    Ok(match class.kind {
        TypeKind::Int => match (a0, args.get(1).or_else(|| vm.kwarg(kw, "base"))) {
            (None, _) => Value::Int(0),
            (Some(Value::Str(s)), Some(base)) => {
                let base = match base {
                    Value::BigInt(_) => u32::MAX,
                    b => u32::try_from(arg_int(b, "")?).unwrap_or(u32::MAX),
                };
                if base == 1 || base > 36 {
                    return Err(exc::value_error("int() base must be >= 2 and <= 36, or 0"));
                }
                // Only bases that are not powers of two have the quadratic conversion.
                if !base.is_power_of_two() {
                    crate::object::int::check_parse_digits(s.as_str())?;
                }
                crate::object::int::parse_with_base(s.as_str(), base)
                    .map(Value::from_bigint)
                    .ok_or_else(|| {
                        exc::value_error(format!(
                            "invalid literal for int() with base {base}: {}",
                            crate::object::str::repr(s.as_str())
                        ))
                    })?
            }
            (Some(v), _) => vm.to_int(v)?,
        },
        TypeKind::Float => match a0 {
            None => Value::Float(0.0),
            Some(Value::Float(f)) => Value::Float(*f),
            Some(Value::Str(s)) => Value::Float(parse_float(s.as_str()).ok_or_else(|| {
                exc::value_error(format!(
                    "could not convert string to float: {}",
                    crate::object::str::repr(s.as_str())
                ))
            })?),
            Some(v @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => {
                Value::Float(crate::object::int::to_f64(v).ok_or_else(|| {
                    exc::new("OverflowError", "int too large to convert to float")
                })?)
            }
            Some(v) => match vm.call_dunder_opt(v, "__float__", &[])? {
                Some(r) => r,
                None => {
                    return Err(exc::type_error(format!(
                        "float() argument must be a string or a real number, not '{}'",
                        type_name_of(v)
                    )))
                }
            },
        },
        TypeKind::Bool => Value::Bool(match a0 {
            Some(v) => vm.truthy(v)?,
            None => false,
        }),
        TypeKind::Str => match a0 {
            None => Value::str(""),
            Some(Value::Bytes(b)) if args.len() > 1 => {
                Value::str(String::from_utf8_lossy(b).into_owned())
            }
            Some(v) => Value::str(vm.to_str(v)?),
        },
        TypeKind::Bytes => match a0 {
            None => Value::Bytes(Rc::new(Vec::new())),
            Some(Value::Int(n)) => {
                if *n < 0 {
                    return Err(exc::value_error("negative count"));
                }
                let mut b = Vec::new();
                b.try_reserve_exact(*n as usize)
                    .map_err(|_| crate::builtins::ops::memory_error())?;
                b.resize(*n as usize, 0);
                Value::Bytes(Rc::new(b))
            }
            Some(Value::Str(s)) => Value::Bytes(Rc::new(s.as_str().as_bytes().to_vec())),
            Some(v) => {
                let items = vm.collect(v)?;
                let bytes: PyResult<Vec<u8>> = items.iter().map(byte_item).collect();
                Value::Bytes(Rc::new(bytes?))
            }
        },
        TypeKind::List => Value::list(match a0 {
            Some(v) => vm.collect(v)?,
            None => Vec::new(),
        }),
        TypeKind::Tuple => match a0 {
            Some(t @ Value::Tuple(_)) => t.clone(),
            Some(v) => Value::tuple(vm.collect(v)?),
            None => Value::tuple(Vec::new()),
        },
        TypeKind::Dict => {
            let mut d = Dict::new();
            if let Some(v) = a0 {
                dict_update(vm, &mut d, v)?;
            }
            for (k, v) in kw {
                d.insert(str_key(k.as_str()), v.clone());
            }
            Value::dict(d)
        }
        TypeKind::Set | TypeKind::FrozenSet => {
            let mut s = Set::new(class.kind == TypeKind::FrozenSet);
            if let Some(v) = a0 {
                for item in vm.collect(v)? {
                    let k = vm.hkey(&item)?;
                    s.insert(k);
                }
            }
            Value::Set(Rc::new(RefCell::new(s)))
        }
        TypeKind::Range => {
            let ints: PyResult<Vec<i64>> = args.iter().map(|a| arg_int(a, "")).collect();
            let ints = ints?;
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                [] => return Err(exc::type_error("range expected at least 1 argument, got 0")),
                _ => {
                    return Err(exc::type_error(format!(
                        "range expected at most 3 arguments, got {}",
                        ints.len()
                    )))
                }
            };
            if step == 0 {
                return Err(exc::value_error("range() arg 3 must not be zero"));
            }
            Value::Range(Rc::new(Range { start, stop, step }))
        }
        TypeKind::Slice => {
            let get = |i: usize| args.get(i).cloned().unwrap_or(Value::None);
            match args.len() {
                1 => Value::Slice(Rc::new(Slice {
                    start: Value::None,
                    stop: get(0),
                    step: Value::None,
                })),
                _ => Value::Slice(Rc::new(Slice {
                    start: get(0),
                    stop: get(1),
                    step: get(2),
                })),
            }
        }
        TypeKind::Type => type_new::type_call(vm, args, kw)?,
        TypeKind::Object => Value::Instance(Rc::new(crate::object::Instance::new(class.clone()))),
        TypeKind::Property => descriptors::new_property(vm, class, args, kw)?,
        TypeKind::StaticMethod | TypeKind::ClassMethod => descriptors::new_wrapper(class, args)?,
        TypeKind::Enumerate => {
            let it = vm.get_iter(a0.unwrap_or(&Value::None))?;
            let start = match args.get(1).or_else(|| vm.kwarg(kw, "start")) {
                Some(v) => arg_int(v, "")?,
                None => 0,
            };
            make_iter(Iter::Enumerate {
                inner: it,
                count: start,
            })
        }
        TypeKind::Zip => {
            let its: PyResult<Vec<Value>> = args.iter().map(|a| vm.get_iter(a)).collect();
            make_iter(Iter::Zip { inners: its? })
        }
        TypeKind::Map => {
            if args.len() < 2 {
                return Err(exc::type_error("map() must have at least two arguments."));
            }
            let its: PyResult<Vec<Value>> = args[1..].iter().map(|a| vm.get_iter(a)).collect();
            make_iter(Iter::Map {
                func: a0.cloned().unwrap_or(Value::None),
                inners: its?,
            })
        }
        TypeKind::Filter => {
            let it = vm.get_iter(args.get(1).unwrap_or(&Value::None))?;
            make_iter(Iter::Filter {
                func: a0.cloned().unwrap_or(Value::None),
                inner: it,
            })
        }
        TypeKind::Reversed => {
            let v = a0.cloned().unwrap_or(Value::None);
            if let Value::Range(r) = &v {
                let n = r.len();
                // i128: `start + (n - 1) * step` can leave i64 only past the last item.
                let last = r.start as i128 + (n - 1).max(0) as i128 * r.step as i128;
                let last = i64::try_from(last).unwrap_or(r.start);
                return Ok(make_iter(Iter::Range {
                    next: last,
                    step: -r.step,
                    remaining: n,
                }));
            }
            if !matches!(
                v,
                Value::List(_)
                    | Value::Tuple(_)
                    | Value::Str(_)
                    | Value::Instance(_)
                    | Value::DictView(_)
                    | Value::Dict(_)
            ) {
                return Err(exc::type_error(format!(
                    "'{}' object is not reversible",
                    type_name_of(&v)
                )));
            }
            let mut items = vm.collect(&v)?;
            items.reverse();
            let name = if matches!(v, Value::List(_)) {
                "list_reverseiterator"
            } else {
                "reversed"
            };
            make_iter(Iter::Snapshot {
                items,
                index: 0,
                name,
            })
        }
        _ => {
            return Err(exc::type_error(format!(
                "cannot create '{}' instances",
                class.name.as_str()
            )))
        }
    })
}

/// `dict.update(other)` / `dict(other)`: a mapping or an iterable of pairs.
pub fn dict_update(vm: &mut Vm, d: &mut Dict, v: &Value) -> PyResult<()> {
    if let Value::Dict(other) = v {
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
    for item in vm.collect(v)? {
        let pair = vm.collect(&item)?;
        if pair.len() != 2 {
            return Err(exc::value_error(format!(
                "dictionary update sequence element #0 has length {}; 2 is required",
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
