//! Calling a builtin class: `int(x, base)`, `list(it)`, `range(n)`, `enumerate(it, start)`, ...
//!
//! Each constructor checks its arguments as CPython 3.13's does. Most have a vectorcall entry
//! that takes positional arguments only ("list expected at most 1 argument, got 2", "list()
//! takes no keyword arguments"); `int`, `str`, `bytes`, `property` and `zip` parse keywords with
//! Argument Clinic; `enumerate` keeps the older `PyArg_ParseTupleAndKeywords` wording.

use std::rc::Rc;

use super::args::{self, check_count, Sig};
use super::codecs::{decode, encode};
use super::{descriptors, dict_update, parse_float};
use crate::exceptions::{self as exc, PyResult};
use crate::object::iter::{make as make_iter, Iter};
use crate::object::{type_name_of, Class, Dict, KwArgs, Range, Set, Slice, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// "list() takes no keyword arguments" and "list expected at most 1 argument, got 2".
fn positional_only(
    name: &str,
    args: &[Value],
    kw: KwArgs<'_>,
    min: usize,
    max: usize,
) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(exc::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    check_count(name, args.len(), min, max)
}

/// An index for `range` and friends: our ranges stop at 64 bits.
fn arg_i64(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match args::index(vm, v)? {
        Value::Int(i) => Ok(i),
        _ => Err(exc::new(
            "OverflowError",
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// One item of `bytes(iterable)`: an int in `0..256`.
pub(super) fn byte_item(vm: &mut Vm, x: &Value) -> PyResult<u8> {
    let out_of_range = || exc::value_error("bytes must be in range(0, 256)");
    match args::index(vm, x)? {
        Value::Int(i) => u8::try_from(i).map_err(|_| out_of_range()),
        _ => Err(out_of_range()),
    }
}

/// Calls a builtin class: `int(x)`, `list(it)`, `range(n)`, ...
pub fn construct(
    vm: &mut Vm,
    class: &Rc<Class>,
    args: &[Value],
    kw: KwArgs<'_>,
) -> PyResult<Value> {
    let name = class.name.as_str();
    if let Some(new) = super::modules::support::type_new_of(class) {
        // A type of a provided module (`collections.deque`): its own `__new__` builds it.
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(Value::Type(class.clone()));
        full.extend_from_slice(args);
        return new(vm, &full, kw);
    }
    let a0 = args.first();
    Ok(match class.kind {
        TypeKind::Int => int(vm, args, kw)?,
        TypeKind::Float => {
            positional_only(name, args, kw, 0, 1)?;
            float(vm, a0)?
        }
        TypeKind::Bool => {
            positional_only(name, args, kw, 0, 1)?;
            Value::bool(match a0 {
                Some(v) => vm.truthy(v)?,
                None => false,
            })
        }
        TypeKind::Str => str(vm, args, kw)?,
        TypeKind::Bytes => bytes(vm, args, kw)?,
        TypeKind::List => {
            positional_only(name, args, kw, 0, 1)?;
            Value::list(match a0 {
                Some(v) => vm.collect_hinted(v)?,
                None => Vec::new(),
            })
        }
        TypeKind::Tuple => {
            positional_only(name, args, kw, 0, 1)?;
            match a0 {
                Some(t @ Value::Tuple(_)) => t.clone(),
                Some(v) => Value::tuple(vm.collect_hinted(v)?),
                None => Value::tuple(Vec::new()),
            }
        }
        TypeKind::Dict => {
            check_count(name, args.len(), 0, 1)?;
            let mut d = Dict::new();
            if let Some(v) = a0 {
                dict_update(vm, &mut d, v)?;
            }
            for (k, v) in kw {
                d.insert(crate::object::dict::str_key(k.as_str()), v.clone());
            }
            Value::dict(d)
        }
        TypeKind::Set | TypeKind::FrozenSet => {
            positional_only(name, args, kw, 0, 1)?;
            let mut s = Set::new(class.kind == TypeKind::FrozenSet);
            if let Some(v) = a0 {
                for item in vm.collect(v)? {
                    let k = vm.hkey(&item)?;
                    s.insert(k);
                }
            }
            Value::set(s)
        }
        TypeKind::Range => {
            positional_only(name, args, kw, 1, 3)?;
            if let Some(range) = range_of_ints(args) {
                return Ok(range);
            }
            let mut ints = Vec::with_capacity(args.len());
            for a in args {
                // CPython's ranges take any int; ours stop at 64 bits and say so.
                match args::index(vm, a)? {
                    Value::Int(i) => ints.push(i),
                    _ => return Err(super::unsupported("range() with bounds beyond 64 bits")),
                }
            }
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step, ..] => (*start, *stop, *step),
                [] => (0, 0, 1),
            };
            if step == 0 {
                return Err(exc::value_error("range() arg 3 must not be zero"));
            }
            Value::Range(Rc::new(Range { start, stop, step }))
        }
        TypeKind::Slice => {
            positional_only(name, args, kw, 1, 3)?;
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
        TypeKind::Type => super::type_new::type_call(vm, args, kw)?,
        TypeKind::Object => {
            // A native type with a constructor of its own (`random.Random(x)`) has a module's
            // builtin as `__new__` in its namespace (not `object.__new__`), called with the
            // class first as CPython's `tp_new`.
            let own_new = class.dict.borrow().get("__new__").cloned();
            if let Some(new @ Value::Builtin(b)) = &own_new {
                if b.module.is_some() {
                    let mut full = Vec::with_capacity(args.len() + 1);
                    full.push(Value::Type(class.clone()));
                    full.extend_from_slice(args);
                    return vm.call(new, &full, kw);
                }
            }
            if !args.is_empty() || !kw.is_empty() {
                return Err(exc::type_error(format!("{name}() takes no arguments")));
            }
            Value::instance(crate::object::Instance::new(class.clone()))
        }
        TypeKind::Property => {
            static SIG: Sig = Sig::keywords("property", &["fget", "fset", "fdel", "doc"], 0, 0);
            SIG.bind(args, kw)?;
            descriptors::new_property(vm, class, args, kw)?
        }
        TypeKind::StaticMethod | TypeKind::ClassMethod => {
            positional_only(name, args, kw, 1, 1)?;
            descriptors::new_wrapper(class, args)?
        }
        TypeKind::Enumerate => enumerate(vm, args, kw)?,
        TypeKind::Zip => {
            static SIG: Sig = Sig::keywords("zip", &["strict"], 0, 0)
                .with_varargs()
                .kwonly_from(0);
            let a = SIG.bind(args, kw)?;
            let strict = match a.get(0) {
                Some(v) => vm.truthy(v)?,
                None => false,
            };
            let its: PyResult<Vec<Value>> = args.iter().map(|a| vm.get_iter(a)).collect();
            make_iter(Iter::Zip {
                inners: its?,
                strict,
            })
        }
        TypeKind::Map => {
            if !kw.is_empty() {
                return Err(exc::type_error("map() takes no keyword arguments"));
            }
            if args.len() < 2 {
                return Err(exc::type_error("map() must have at least two arguments."));
            }
            let its: PyResult<Vec<Value>> = args[1..].iter().map(|a| vm.get_iter(a)).collect();
            make_iter(Iter::Map {
                func: args[0].clone(),
                inners: its?,
            })
        }
        TypeKind::Filter => {
            positional_only(name, args, kw, 2, 2)?;
            let it = vm.get_iter(&args[1])?;
            make_iter(Iter::Filter {
                func: args[0].clone(),
                inner: it,
            })
        }
        TypeKind::Reversed => {
            positional_only(name, args, kw, 1, 1)?;
            reversed(vm, &args[0])?
        }
        TypeKind::Super => return Err(explicit_super(args, kw)),
        _ => return Err(exc::type_error(format!("cannot create '{name}' instances"))),
    })
}

/// `int(x=0, /, base=10)`; without keywords CPython checks only the count first.
fn int(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("int", &["x", "base"], 1, 0);
    if kw.is_empty() {
        check_count("int", args.len(), 0, 2)?;
    }
    let a = SIG.bind(args, kw)?;
    let Some(base) = a.get(1) else {
        return match a.get(0) {
            None => Ok(Value::Int(0)),
            Some(Value::Bytes(b)) => parse_int(&String::from_utf8_lossy(b), 10, &bytes_repr(b)),
            Some(v) => vm.to_int(v),
        };
    };
    let base = match args::index(vm, base)? {
        Value::Int(b) => b,
        _ => i64::MAX,
    };
    let (text, shown) = match a.get(0) {
        None => return Err(exc::type_error("int() missing string argument")),
        Some(Value::Str(s)) => (s.as_str().to_string(), crate::object::str::repr(s.as_str())),
        Some(Value::Bytes(b)) => (String::from_utf8_lossy(b).into_owned(), bytes_repr(b)),
        Some(_) => {
            return Err(exc::type_error(
                "int() can't convert non-string with explicit base",
            ))
        }
    };
    if base == 1 || !(0..=36).contains(&base) {
        return Err(exc::value_error("int() base must be >= 2 and <= 36, or 0"));
    }
    parse_int(&text, base as u32, &shown)
}

fn bytes_repr(b: &[u8]) -> String {
    crate::object::str::bytes_repr(b)
}

/// `int(text, base)`, with CPython's message for a bad literal.
fn parse_int(text: &str, base: u32, shown: &str) -> PyResult<Value> {
    // Only bases that are not powers of two have the quadratic conversion.
    if !base.is_power_of_two() {
        crate::object::int::check_parse_digits(text)?;
    }
    crate::object::int::parse_with_base(text, base)
        .map(Value::from_bigint)
        .ok_or_else(|| {
            exc::value_error(format!(
                "invalid literal for int() with base {base}: {shown}"
            ))
        })
}

fn float(vm: &mut Vm, v: Option<&Value>) -> PyResult<Value> {
    Ok(match v {
        None => Value::float(0.0),
        Some(Value::Float(f)) => Value::Float(*f),
        Some(Value::Str(s)) => Value::float(parse_float(s.as_str()).ok_or_else(|| {
            exc::value_error(format!(
                "could not convert string to float: {}",
                crate::object::str::repr(s.as_str())
            ))
        })?),
        Some(v @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => Value::float(
            crate::object::int::to_f64(v)
                .ok_or_else(|| exc::new("OverflowError", "int too large to convert to float"))?,
        ),
        Some(v) => match vm.call_dunder_opt(v, "__float__", &[])? {
            Some(r) => r,
            None if super::subclass::payload(v).is_some() => {
                return float(vm, Some(&super::subclass::unwrapped(v).clone()))
            }
            None => {
                return Err(exc::type_error(format!(
                    "float() argument must be a string or a real number, not '{}'",
                    type_name_of(v)
                )))
            }
        },
    })
}

/// `str(object='', encoding='utf-8', errors='strict')`.
fn str(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("str", &["object", "encoding", "errors"], 0, 0);
    let a = SIG.bind(args, kw)?;
    let encoding = a
        .get(1)
        .map(|v| args::str_arg(v, "str", "'encoding'"))
        .transpose()?;
    let errors = a
        .get(2)
        .map(|v| args::str_arg(v, "str", "'errors'"))
        .transpose()?;
    let Some(object) = a.get(0) else {
        return Ok(Value::str(""));
    };
    if encoding.is_none() && errors.is_none() {
        return Ok(Value::str(vm.to_str(object)?));
    }
    match object {
        Value::Bytes(b) => Ok(Value::str(decode(
            b,
            encoding.unwrap_or("utf-8"),
            errors.unwrap_or("strict"),
        )?)),
        Value::Str(_) => Err(exc::type_error("decoding str is not supported")),
        other => Err(exc::type_error(format!(
            "decoding to str: need a bytes-like object, {} found",
            type_name_of(other)
        ))),
    }
}

/// `bytes(source, encoding, errors)`.
fn bytes(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("bytes", &["source", "encoding", "errors"], 0, 0);
    let a = SIG.bind(args, kw)?;
    let encoding = a
        .get(1)
        .map(|v| args::str_arg(v, "bytes", "'encoding'"))
        .transpose()?;
    let errors = a
        .get(2)
        .map(|v| args::str_arg(v, "bytes", "'errors'"))
        .transpose()?;
    let source = a.get(0);
    if let Some(Value::Str(s)) = source {
        let Some(encoding) = encoding else {
            return Err(exc::type_error("string argument without an encoding"));
        };
        return Ok(Value::Bytes(Rc::new(encode(
            s.as_str(),
            encoding,
            errors.unwrap_or("strict"),
        )?)));
    }
    if encoding.is_some() {
        return Err(exc::type_error("encoding without a string argument"));
    }
    if errors.is_some() {
        return Err(exc::type_error("errors without a string argument"));
    }
    Ok(match source {
        None => Value::Bytes(Rc::new(Vec::new())),
        Some(b @ Value::Bytes(_)) => b.clone(),
        Some(v @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => {
            let n = arg_i64(vm, v)?;
            if n < 0 {
                return Err(exc::value_error("negative count"));
            }
            let mut b = Vec::new();
            b.try_reserve_exact(n as usize)
                .map_err(|_| super::ops::memory_error())?;
            b.resize(n as usize, 0);
            Value::Bytes(Rc::new(b))
        }
        Some(v) => {
            let iterable = matches!(
                v,
                Value::List(_)
                    | Value::Tuple(_)
                    | Value::Set(_)
                    | Value::Dict(_)
                    | Value::Range(_)
                    | Value::Iter(_)
                    | Value::Generator(_)
                    | Value::DictView(_)
                    | Value::Instance(_)
            );
            if !iterable {
                return Err(exc::type_error(format!(
                    "cannot convert '{}' object to bytes",
                    type_name_of(v)
                )));
            }
            let items = vm.collect(v)?;
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                out.push(byte_item(vm, item)?);
            }
            Value::Bytes(Rc::new(out))
        }
    })
}

/// `enumerate(iterable, start=0)`, with its own (older) wording.
fn enumerate(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    if args.len() + kw.len() > 2 {
        return Err(exc::type_error(format!(
            "enumerate() takes at most 2 arguments ({} given)",
            args.len() + kw.len()
        )));
    }
    for (k, _) in kw {
        let position = ["iterable", "start"].iter().position(|p| *p == k.as_str());
        match position {
            Some(i) if i < args.len() => {
                return Err(exc::type_error(format!(
                    "argument for enumerate() given by name ('{}') and position ({})",
                    k.as_str(),
                    i + 1
                )))
            }
            Some(_) => {}
            None => {
                return Err(exc::type_error(format!(
                    "'{}' is an invalid keyword argument for enumerate()",
                    k.as_str()
                )))
            }
        }
    }
    let Some(iterable) = args.first().or_else(|| vm.kwarg(kw, "iterable")) else {
        return Err(exc::type_error(
            "enumerate() missing required argument 'iterable'",
        ));
    };
    let it = vm.get_iter(iterable)?;
    let start = match args.get(1).or_else(|| vm.kwarg(kw, "start")) {
        Some(v) => arg_i64(vm, v)?,
        None => 0,
    };
    Ok(make_iter(Iter::Enumerate {
        inner: it,
        count: start,
        result: None,
    }))
}

/// `reversed(seq)`.
fn reversed(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Value::Range(r) = v {
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
    // A class whose metaclass defines `__reversed__` (`reversed(Color)`).
    if let Value::Type(c) = v {
        if c.meta().is_some() {
            if let Some(r) = vm.call_dunder_opt(v, "__reversed__", &[])? {
                return Ok(r);
            }
        }
    }
    let reversible = match v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::DictView(_) | Value::Dict(_) => {
            true
        }
        Value::Bytes(_) => true,
        Value::Native(_) => {
            let class = vm.type_of(v);
            class.lookup("__reversed__").is_some()
                || (class.lookup("__len__").is_some() && class.lookup("__getitem__").is_some())
        }
        Value::Instance(i) => {
            i.class.lookup("__reversed__").is_some()
                || (i.class.lookup("__len__").is_some() && i.class.lookup("__getitem__").is_some())
                || matches!(
                    i.payload,
                    Some(Value::List(_) | Value::Dict(_) | Value::Tuple(_) | Value::Str(_))
                )
        }
        _ => false,
    };
    if !reversible {
        return Err(exc::type_error(format!(
            "'{}' object is not reversible",
            type_name_of(v)
        )));
    }
    if let Value::Instance(_) | Value::Native(_) = v {
        if let Some(r) = vm.call_dunder_opt(v, "__reversed__", &[])? {
            return Ok(r);
        }
        // A subclass of a builtin sequence or dict reverses its payload (`list.__reversed__`).
        if let Value::Instance(i) = v {
            if let (Some(p), None) = (&i.payload, i.class.lookup("__getitem__")) {
                return reversed(vm, &p.clone());
            }
        }
        // The sequence protocol, lazily as CPython's `reversed` object: obj[len - 1] down to
        // obj[0], stopping early at an IndexError.
        let n = vm.len(v)?;
        return Ok(make_iter(Iter::Seq {
            obj: v.clone(),
            index: n as i64 - 1,
            reversed: true,
        }));
    }
    let (dict, kind) = match v {
        Value::List(l) => {
            let next = l.borrow().len();
            return Ok(make_iter(Iter::ListReverse {
                list: l.clone(),
                next,
            }));
        }
        Value::Dict(d) => (d.clone(), crate::object::ViewKind::Keys),
        Value::DictView(view) => (view.0.clone(), view.1),
        _ => {
            // str, tuple, bytes: immutable, so a reversed copy is what CPython's `reversed`
            // object (walking the sequence by index) sees.
            let mut items = vm.collect(v)?;
            items.reverse();
            return Ok(make_iter(Iter::Snapshot {
                items,
                index: 0,
                name: "reversed",
            }));
        }
    };
    let used = dict.borrow().len();
    Ok(make_iter(Iter::DictReverse {
        dict,
        kind,
        next: used,
        used,
    }))
}

/// `super(...)` called as a function: CPython's argument errors, then a refusal, since the VM
/// runs `super()` only as the compiler's `super().name` (LOAD_SUPER_ATTR).
fn explicit_super(args: &[Value], kw: KwArgs<'_>) -> exc::PyErr {
    if !kw.is_empty() {
        return exc::type_error("super() takes no keyword arguments");
    }
    if args.len() > 2 {
        return exc::type_error(format!(
            "super() expected at most 2 arguments, got {}",
            args.len()
        ));
    }
    match args.first() {
        None => super::unsupported("super() outside `super().name`"),
        Some(Value::Type(_)) => super::unsupported("super() with arguments"),
        Some(other) => exc::type_error(format!(
            "super() argument 1 must be a type, not {}",
            type_name_of(other)
        )),
    }
}

/// `range(...)` for the usual call, one to three machine ints (a nonzero step), read in
/// place (no vector of bounds); `None` for anything else. Also `CALL_BUILTIN_CLASS`'s way
/// to `range` without `type.__call__`.
pub(crate) fn range_of_ints(args: &[Value]) -> Option<Value> {
    let (start, stop, step) = match *args {
        [Value::Int(stop)] => (0, stop, 1),
        [Value::Int(start), Value::Int(stop)] => (start, stop, 1),
        [Value::Int(start), Value::Int(stop), Value::Int(step)] if step != 0 => (start, stop, step),
        _ => return None,
    };
    Some(Value::Range(Rc::new(Range { start, stop, step })))
}
