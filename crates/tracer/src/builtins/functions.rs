//! The functions of the `builtins` module (`print`, `len`, `sorted`, `__build_class__`, ...).

use indexmap::IndexMap;

use super::builtin;
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::dict::str_key;
use crate::object::{type_name_of, CallConv, Class, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// Registers every builtin function.
pub fn install(vm: &mut Vm) {
    use CallConv::*;
    let table: &[(&'static str, CallConv, crate::object::BuiltinFn)] = &[
        ("print", FastKw, print),
        ("len", O, len),
        ("abs", O, abs),
        ("min", FastKw, min),
        ("max", FastKw, max),
        ("sum", FastKw, sum),
        ("sorted", FastKw, sorted),
        ("repr", O, repr),
        ("ascii", O, repr),
        ("isinstance", Fast, isinstance),
        ("issubclass", Fast, issubclass),
        ("round", FastKw, round),
        ("chr", O, chr),
        ("ord", O, ord),
        ("iter", Fast, iter),
        ("next", Fast, next),
        ("any", O, any),
        ("all", O, all),
        ("divmod", Fast, divmod),
        ("pow", FastKw, pow),
        ("hash", O, hash),
        ("getattr", Fast, getattr),
        ("hasattr", Fast, hasattr),
        ("setattr", Fast, setattr),
        ("callable", O, callable),
        ("id", O, id),
        ("format", Fast, format),
        ("hex", O, hex),
        ("bin", O, bin),
        ("oct", O, oct),
        ("__build_class__", FastKw, super::type_new::build_class),
    ];
    let mut b = vm.builtins.borrow_mut();
    for (name, conv, f) in table {
        b.insert(str_key(name), builtin(name, *conv, *f));
    }
    b.insert(str_key("None"), Value::None);
    b.insert(str_key("True"), Value::Bool(true));
    b.insert(str_key("False"), Value::Bool(false));
    b.insert(str_key("NotImplemented"), Value::NotImplemented);
    b.insert(str_key("Ellipsis"), Value::Ellipsis);
    b.insert(str_key("__name__"), Value::str("builtins"));
    let property = Class::new(
        "property",
        TypeKind::Property,
        Some(vm.types.object.clone()),
        IndexMap::new(),
        true,
    );
    b.insert(str_key("property"), Value::Type(property));
    drop(b);
    // `object.__getattribute__(self, name)`, the escape hatch of a user `__getattribute__`. A
    // slot wrapper in CPython, which `CALL` does not specialize beyond CALL_NON_PY_GENERAL.
    let object = vm.types.object.clone();
    super::add_method(&object, "__getattribute__", VarArgs, object_getattribute);
    super::add_method(
        &object,
        "__init_subclass__",
        FastKw,
        super::type_new::object_init_subclass,
    );
}

fn object_getattribute(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let [obj, name] = args else {
        return Err(exc::type_error(match args.len() {
            0 => "descriptor '__getattribute__' of 'object' object needs an argument".to_string(),
            n => format!("expected 1 argument, got {}", n - 1),
        }));
    };
    let name = attr_name(name)?;
    vm.object_getattribute(obj, &name)
}

fn arity(name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    if args.len() < min || args.len() > max {
        let expected = if min == max {
            format!("exactly {min} argument{}", if min == 1 { "" } else { "s" })
        } else if args.len() < min {
            format!("at least {min} argument{}", if min == 1 { "" } else { "s" })
        } else {
            format!("at most {max} arguments")
        };
        return Err(exc::type_error(format!(
            "{name} expected {expected}, got {}",
            args.len()
        )));
    }
    Ok(())
}

fn print(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let sep = match vm.kwarg(kw, "sep") {
        Some(Value::Str(s)) => s.as_str().to_string(),
        _ => " ".into(),
    };
    let end = match vm.kwarg(kw, "end") {
        Some(Value::Str(s)) => s.as_str().to_string(),
        _ => "\n".into(),
    };
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&vm.to_str(a)?);
    }
    out.push_str(&end);
    vm.write_out(&out);
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("len()", args, 1, 1)?;
    Ok(Value::Int(vm.len(&args[0])? as i64))
}

fn abs(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(match &args[0] {
        Value::Int(i) => i.checked_abs().map(Value::Int).unwrap_or_else(|| {
            Value::from_bigint(num_bigint::BigInt::from(*i).magnitude().clone().into())
        }),
        Value::Bool(b) => Value::Int(*b as i64),
        Value::BigInt(b) => Value::from_bigint(b.magnitude().clone().into()),
        Value::Float(f) => Value::Float(f.abs()),
        v => match vm.call_dunder_opt(v, "__abs__", &[])? {
            Some(r) => r,
            None => {
                return Err(exc::type_error(format!(
                    "bad operand type for abs(): '{}'",
                    type_name_of(v)
                )))
            }
        },
    })
}

/// Stable merge sort using only `<`, with errors from comparisons propagated.
pub fn merge_sort(vm: &mut Vm, items: &mut Vec<(Value, Value)>) -> PyResult<()> {
    if items.len() <= 1 {
        return Ok(());
    }
    let mut right = items.split_off(items.len() / 2);
    merge_sort(vm, items)?;
    merge_sort(vm, &mut right)?;
    let left = std::mem::take(items);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
        if vm.less_than(&b.0, &a.0)? {
            out.extend(r.next());
        } else {
            out.extend(l.next());
        }
    }
    out.extend(l);
    out.extend(r);
    *items = out;
    Ok(())
}

/// Sorts `values` by `key` (or themselves), optionally reversed, stably.
pub fn sort_values(
    vm: &mut Vm,
    values: Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<Vec<Value>> {
    let mut pairs = Vec::with_capacity(values.len());
    for v in values {
        let k = match key {
            Some(f) if !matches!(f, Value::None) => vm.call(f, std::slice::from_ref(&v), &[])?,
            _ => v.clone(),
        };
        pairs.push((k, v));
    }
    if reverse {
        pairs.reverse();
    }
    merge_sort(vm, &mut pairs)?;
    if reverse {
        pairs.reverse();
    }
    Ok(pairs.into_iter().map(|(_, v)| v).collect())
}

fn sorted(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    arity("sorted", args, 1, 1)?;
    let items = vm.collect(&args[0])?;
    let reverse = match vm.kwarg(kw, "reverse") {
        Some(v) => vm.truthy(&v.clone())?,
        None => false,
    };
    let key = vm.kwarg(kw, "key").cloned();
    Ok(Value::list(sort_values(vm, items, key.as_ref(), reverse)?))
}

fn min_max(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kw: KwArgs<'_>,
    want_max: bool,
) -> PyResult<Value> {
    let items = if args.len() == 1 {
        vm.collect(&args[0])?
    } else {
        args.to_vec()
    };
    if args.is_empty() {
        return Err(exc::type_error(format!(
            "{name} expected at least 1 argument, got 0"
        )));
    }
    let key = vm
        .kwarg(kw, "key")
        .cloned()
        .filter(|k| !matches!(k, Value::None));
    if items.is_empty() {
        if let Some(d) = vm.kwarg(kw, "default") {
            return Ok(d.clone());
        }
        return Err(exc::value_error(format!(
            "{name}() iterable argument is empty"
        )));
    }
    let mut best = items[0].clone();
    let mut best_key = match &key {
        Some(f) => vm.call(f, std::slice::from_ref(&best), &[])?,
        None => best.clone(),
    };
    for item in &items[1..] {
        let k = match &key {
            Some(f) => vm.call(f, std::slice::from_ref(item), &[])?,
            None => item.clone(),
        };
        let better = if want_max {
            vm.less_than(&best_key, &k)?
        } else {
            vm.less_than(&k, &best_key)?
        };
        if better {
            best = item.clone();
            best_key = k;
        }
    }
    Ok(best)
}

fn min(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    min_max(vm, "min", args, kw, false)
}

fn max(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    min_max(vm, "max", args, kw, true)
}

fn sum(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    if args.is_empty() {
        return Err(exc::type_error(
            "sum() takes at least 1 positional argument (0 given)",
        ));
    }
    let mut acc = args
        .get(1)
        .or_else(|| vm.kwarg(kw, "start"))
        .cloned()
        .unwrap_or(Value::Int(0));
    if let Value::Str(_) = acc {
        return Err(exc::type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let it = vm.get_iter(&args[0])?;
    // Floats are added with Neumaier's compensated summation, as CPython 3.12+ does.
    let mut comp = 0.0f64;
    let mut float_mode = false;
    while let Some(v) = vm.next(&it)? {
        if let (Value::Float(a), Value::Float(x)) = (&acc, &v) {
            let (a, x) = (*a, *x);
            let t = a + x;
            if a.abs() >= x.abs() {
                comp += (a - t) + x
            } else {
                comp += (x - t) + a
            }
            acc = Value::Float(t);
            float_mode = true;
            continue;
        }
        if float_mode {
            if let Value::Float(a) = acc {
                acc = Value::Float(a + comp);
            }
            comp = 0.0;
            float_mode = false;
        }
        acc = match (&acc, &v) {
            (Value::Int(a), Value::Int(b)) if a.checked_add(*b).is_some() => Value::Int(a + b),
            _ => vm.binary_op(&acc, &v, 0)?,
        };
    }
    if float_mode && comp != 0.0 && comp.is_finite() {
        if let Value::Float(a) = acc {
            acc = Value::Float(a + comp);
        }
    }
    Ok(acc)
}

fn repr(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::str(vm.repr(&args[0])?))
}

fn class_matches(vm: &mut Vm, v: &Value, spec: &Value, sub: bool) -> PyResult<bool> {
    match spec {
        Value::Type(c) => Ok(if sub {
            match v {
                Value::Type(t) => t.is_subclass(c),
                _ => false,
            }
        } else {
            vm.isinstance(v, c)
        }),
        Value::Tuple(t) => {
            for s in t.iter() {
                if class_matches(vm, v, s, sub)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(exc::type_error(format!(
            "{}() arg 2 must be a type, a tuple of types, or a union",
            if sub { "issubclass" } else { "isinstance" }
        ))),
    }
}

fn isinstance(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("isinstance", args, 2, 2)?;
    Ok(Value::Bool(class_matches(vm, &args[0], &args[1], false)?))
}

fn issubclass(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("issubclass", args, 2, 2)?;
    Ok(Value::Bool(class_matches(vm, &args[0], &args[1], true)?))
}

fn round(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    if args.is_empty() {
        return Err(exc::type_error(
            "round() missing required argument 'number' (pos 1)",
        ));
    }
    let nd = args
        .get(1)
        .or_else(|| vm.kwarg(kw, "ndigits"))
        .cloned()
        .unwrap_or(Value::None);
    match (&args[0], nd) {
        (Value::Float(f), Value::None) => {
            let r = f.round_ties_even();
            if !r.is_finite() {
                return Err(exc::new(
                    "OverflowError",
                    "cannot convert float infinity to integer",
                ));
            }
            vm.to_int(&Value::Float(r))
        }
        (Value::Float(f), n @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => Ok(
            Value::Float(crate::object::float::round_to(*f, clamp_ndigits(&n))),
        ),
        (v @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_)), Value::None) => vm.to_int(v),
        (v @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_)), n)
            if matches!(n, Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) =>
        {
            let x = crate::object::int::to_big(v).unwrap_or_default();
            let r = crate::object::int::round_digits(&x, clamp_ndigits(&n));
            Ok(Value::from_bigint(r))
        }
        (v, _) => match vm.call_dunder_opt(v, "__round__", &args[1..])? {
            Some(r) => Ok(r),
            None => Err(exc::type_error(format!(
                "type {} doesn't define __round__ method",
                type_name_of(v)
            ))),
        },
    }
}

/// `ndigits` of `round` as i64; a big int saturates (every such count rounds the same way).
fn clamp_ndigits(n: &Value) -> i64 {
    match n {
        Value::Int(n) => *n,
        Value::Bool(b) => i64::from(*b),
        Value::BigInt(b) if num_traits::Signed::is_negative(&**b) => i64::MIN,
        _ => i64::MAX,
    }
}

fn chr(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    match &args[0] {
        Value::Int(i) => char::from_u32(*i as u32)
            .filter(|_| (0..0x110000).contains(i))
            .map(|c| Value::str(c.to_string()))
            .ok_or_else(|| exc::value_error("chr() arg not in range(0x110000)")),
        Value::Bool(b) => Ok(Value::str(char::from(u8::from(*b)).to_string())),
        // Beyond 64 bits is out of range as well (CPython 3.13 no longer overflows here).
        Value::BigInt(_) => Err(exc::value_error("chr() arg not in range(0x110000)")),
        v => Err(exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name_of(v)
        ))),
    }
}

fn ord(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    match &args[0] {
        Value::Str(s) => {
            let n = s.char_len();
            if n != 1 {
                return Err(exc::type_error(format!(
                    "ord() expected a character, but string of length {n} found"
                )));
            }
            Ok(Value::Int(
                s.as_str().chars().next().map_or(0, |c| c as i64),
            ))
        }
        Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(i64::from(b[0]))),
        v => Err(exc::type_error(format!(
            "ord() expected string of length 1, but {} found",
            type_name_of(v)
        ))),
    }
}

fn iter(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("iter", args, 1, 1)?;
    vm.get_iter(&args[0])
}

fn next(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("next", args, 1, 2)?;
    if !matches!(
        args[0],
        Value::Iter(_) | Value::Generator(_) | Value::Instance(_)
    ) {
        return Err(exc::type_error(format!(
            "'{}' object is not an iterator",
            type_name_of(&args[0])
        )));
    }
    let step = match &args[0] {
        Value::Generator(g) => vm.gen_send_ex(g, Value::None, None)?,
        it => vm.next(it)?.ok_or(Value::None),
    };
    match (step, args.get(1)) {
        (Ok(v), _) => Ok(v),
        (Err(_), Some(default)) => Ok(default.clone()),
        (Err(returned), None) => Err(vm.stop_iteration(returned)),
    }
}

fn any(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let it = vm.get_iter(&args[0])?;
    while let Some(v) = vm.next(&it)? {
        if vm.truthy(&v)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn all(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let it = vm.get_iter(&args[0])?;
    while let Some(v) = vm.next(&it)? {
        if !vm.truthy(&v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn divmod(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("divmod", args, 2, 2)?;
    if let (Value::Float(_), _) | (_, Value::Float(_)) = (&args[0], &args[1]) {
        if matches!(args[1], Value::Float(0.0) | Value::Int(0)) {
            return Err(exc::zero_division("float divmod()"));
        }
    }
    let q = vm.binary_op(&args[0], &args[1], 2)?;
    let r = vm.binary_op(&args[0], &args[1], 6)?;
    Ok(Value::tuple(vec![q, r]))
}

fn pow(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("pow", args, 2, 3)?;
    let Some(m) = args.get(2).filter(|m| !matches!(m, Value::None)) else {
        return vm.binary_op(&args[0], &args[1], 8);
    };
    let big = crate::object::int::to_big;
    let (Some(b), Some(e), Some(m)) = (big(&args[0]), big(&args[1]), big(m)) else {
        return Err(exc::type_error(
            "pow() 3rd argument not allowed unless all arguments are integers",
        ));
    };
    match crate::object::int::pow_mod(&b, &e, &m) {
        Ok(r) => Ok(Value::from_bigint(r)),
        Err(crate::object::int::PowModError::ZeroModulus) => {
            Err(exc::value_error("pow() 3rd argument cannot be 0"))
        }
        Err(crate::object::int::PowModError::NotInvertible) => Err(exc::value_error(
            "base is not invertible for the given modulus",
        )),
    }
}

fn hash(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Int(vm.hash(&args[0])?))
}

fn attr_name(v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.as_str().to_string()),
        other => Err(exc::type_error(format!(
            "attribute name must be string, not '{}'",
            type_name_of(other)
        ))),
    }
}

fn getattr(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("getattr", args, 2, 3)?;
    let name = attr_name(&args[1])?;
    match vm.getattr(&args[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 3 && is_attribute_error(vm, &e) => Ok(args[2].clone()),
        Err(e) => Err(e),
    }
}

fn is_attribute_error(vm: &Vm, e: &PyErr) -> bool {
    vm.is_attribute_error(e)
}

fn hasattr(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("hasattr", args, 2, 2)?;
    let name = attr_name(&args[1])?;
    match vm.getattr(&args[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if is_attribute_error(vm, &e) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("setattr", args, 3, 3)?;
    let name = attr_name(&args[1])?;
    vm.setattr(&args[0], &name, args[2].clone())?;
    Ok(Value::None)
}

/// `vars(obj)`: `obj.__dict__`. For instances that is a copy here (see `Vm::load_method`), so
/// writes to it do not reach the object; `vars()` without an argument (the caller's locals) is
/// not supported. Registered last (`builtins::install`) so the other builtins keep their
/// positions in the builtins dict, which `LOAD_GLOBAL_BUILTIN` caches show.
pub(super) fn vars(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let [obj] = args else {
        return Err(exc::type_error(match args.len() {
            0 => "vars() without an argument is not supported by this VM".to_string(),
            n => format!("vars expected at most 1 argument, got {n}"),
        }));
    };
    match vm.getattr(obj, "__dict__") {
        Err(e) if is_attribute_error(vm, &e) => Err(exc::type_error(
            "vars() argument must have __dict__ attribute",
        )),
        found => found,
    }
}

fn callable(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Bool(match &args[0] {
        Value::Function(_) | Value::Method(_) | Value::Builtin(_) | Value::Type(_) => true,
        Value::Instance(i) => i.class.lookup("__call__").is_some(),
        _ => false,
    }))
}

fn id(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Int(args[0].heap_ptr().unwrap_or(0) as i64))
}

fn format(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    if args.is_empty() {
        return Err(exc::type_error(
            "format expected at least 1 argument, got 0",
        ));
    }
    let spec = match args.get(1) {
        Some(Value::Str(s)) => s.as_str().to_string(),
        _ => String::new(),
    };
    Ok(Value::str(vm.format_value(&args[0], &spec)?))
}

fn radix(vm: &mut Vm, v: &Value, spec: &str) -> PyResult<Value> {
    Ok(Value::str(vm.format_value(v, spec)?))
}

fn hex(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    radix(vm, &args[0], "#x")
}

fn bin(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    radix(vm, &args[0], "#b")
}

fn oct(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    radix(vm, &args[0], "#o")
}
