//! The functions of the `builtins` module (`print`, `len`, `sorted`, `__build_class__`, ...).

use indexmap::IndexMap;

use super::args::{self, Sig, Style};
use super::builtin;
use super::ops::CmpOp;
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
        ("ascii", O, ascii),
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

fn object_getattribute(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    // A slot wrapper in CPython, with its own wording.
    if !kw.is_empty() {
        return Err(exc::type_error(
            "wrapper __getattribute__() takes no keyword arguments",
        ));
    }
    let [obj, name] = args else {
        return Err(exc::type_error(match args.len() {
            0 => "descriptor '__getattribute__' of 'object' object needs an argument".to_string(),
            n => format!("expected 1 argument, got {}", n - 1),
        }));
    };
    let name = attr_name(name)?;
    vm.object_getattribute(obj, &name)
}

/// A `METH_O` builtin: exactly one argument.
const fn one(name: &'static str) -> Sig {
    Sig::positional(name, 1, 1).style(Style::One)
}

fn print(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("print", &["sep", "end", "file", "flush"], 0, 0)
        .with_varargs()
        .kwonly_from(0);
    let a = SIG.bind(args, kw)?;
    let text_arg = |i: usize, what: &str, default: &str| -> PyResult<String> {
        match a.get(i) {
            None | Some(Value::None) => Ok(default.to_string()),
            Some(Value::Str(s)) => Ok(s.as_str().to_string()),
            Some(other) => Err(exc::type_error(format!(
                "{what} must be None or a string, not {}",
                type_name_of(other)
            ))),
        }
    };
    let sep = text_arg(0, "sep", " ")?;
    let end = text_arg(1, "end", "\n")?;
    if a.get_not_none(2).is_some() {
        return Err(super::unsupported("print(file=...)"));
    }
    if let Some(flush) = a.get(3) {
        vm.truthy(flush)?;
    }
    let mut out = String::new();
    for (i, v) in a.positional().iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&vm.to_str(v)?);
    }
    out.push_str(&end);
    vm.write_out(&out);
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("len");
    SIG.bind(args, kw)?;
    Ok(Value::Int(vm.len(&args[0])? as i64))
}

fn abs(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("abs");
    SIG.bind(args, kw)?;
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

/// The keyword arguments of `list.sort` (and of `sorted`, which hands them over).
pub static SORT: Sig = Sig::keywords("sort", &["key", "reverse"], 0, 0).kwonly_from(0);

/// `key` and `reverse` of a sort (`reverse` is any value, used as a truth value).
pub fn sort_options<'a>(vm: &mut Vm, a: &args::Bound<'a>) -> PyResult<(Option<&'a Value>, bool)> {
    let reverse = match a.get(1) {
        None => false,
        Some(v) => vm.truthy(v)?,
    };
    Ok((a.get_not_none(0), reverse))
}

fn sorted(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    args::check_count("sorted", args.len(), 1, 1)?;
    let items = vm.collect(&args[0])?;
    let a = SORT.bind(&[], kw)?;
    let (key, reverse) = sort_options(vm, &a)?;
    Ok(Value::list(sort_values(vm, items, key, reverse)?))
}

/// `min()` and `max()`: one iterable or several arguments; `key`, and `default` with one.
fn min_max(vm: &mut Vm, sig: &'static Sig, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let name = sig.name;
    if args.is_empty() {
        return Err(exc::type_error(format!(
            "{name} expected at least 1 argument, got 0"
        )));
    }
    let a = sig.bind(&[], kw)?;
    let key = a.get_not_none(0);
    let default = a.get(1);
    if default.is_some() && args.len() > 1 {
        return Err(exc::type_error(format!(
            "Cannot specify a default for {name}() with multiple positional arguments"
        )));
    }
    let items = if args.len() == 1 {
        vm.collect(&args[0])?
    } else {
        args.to_vec()
    };
    let Some((first, rest)) = items.split_first() else {
        return match default {
            Some(d) => Ok(d.clone()),
            None => Err(exc::value_error(format!(
                "{name}() iterable argument is empty"
            ))),
        };
    };
    let op = if name == "max" { CmpOp::Gt } else { CmpOp::Lt };
    let mut best = first.clone();
    let mut best_key = match key {
        Some(f) => vm.call(f, std::slice::from_ref(&best), &[])?,
        None => best.clone(),
    };
    for item in rest {
        let k = match key {
            Some(f) => vm.call(f, std::slice::from_ref(item), &[])?,
            None => item.clone(),
        };
        let better = vm.rich_compare(&k, &best_key, op)?;
        if vm.truthy(&better)? {
            best = item.clone();
            best_key = k;
        }
    }
    Ok(best)
}

fn min(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("min", &["key", "default"], 0, 0).kwonly_from(0);
    min_max(vm, &SIG, args, kw)
}

fn max(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("max", &["key", "default"], 0, 0).kwonly_from(0);
    min_max(vm, &SIG, args, kw)
}

fn sum(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("sum", &["iterable", "start"], 1, 1);
    let a = SIG.bind(args, kw)?;
    let mut acc = a.get(1).cloned().unwrap_or(Value::Int(0));
    match acc {
        Value::Str(_) => {
            return Err(exc::type_error(
                "sum() can't sum strings [use ''.join(seq) instead]",
            ))
        }
        Value::Bytes(_) => {
            return Err(exc::type_error(
                "sum() can't sum bytes [use b''.join(seq) instead]",
            ))
        }
        _ => {}
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

fn repr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("repr");
    SIG.bind(args, kw)?;
    Ok(Value::str(vm.repr(&args[0])?))
}

/// `ascii(x)`: `repr(x)` with every non-ASCII character escaped (`\xe9`, `\u20ac`, `\U0001f600`).
fn ascii(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("ascii");
    SIG.bind(args, kw)?;
    let text = vm.repr(&args[0])?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n @ 0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    Ok(Value::str(out))
}

fn class_matches(vm: &mut Vm, v: &Value, spec: &Value, sub: bool) -> PyResult<bool> {
    match spec {
        Value::Type(c) => Ok(if sub {
            match v {
                Value::Type(t) => t.is_subclass(c),
                _ => return Err(exc::type_error("issubclass() arg 1 must be a class")),
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
        _ if sub => {
            if !matches!(v, Value::Type(_)) {
                return Err(exc::type_error("issubclass() arg 1 must be a class"));
            }
            Err(exc::type_error(
                "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            ))
        }
        _ => Err(exc::type_error(
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

fn isinstance(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("isinstance", 2, 2);
    SIG.bind(args, kw)?;
    Ok(Value::Bool(class_matches(vm, &args[0], &args[1], false)?))
}

fn issubclass(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("issubclass", 2, 2);
    SIG.bind(args, kw)?;
    Ok(Value::Bool(class_matches(vm, &args[0], &args[1], true)?))
}

fn round(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("round", &["number", "ndigits"], 0, 1);
    let a = SIG.bind(args, kw)?;
    let number = a.get(0).cloned().unwrap_or(Value::None);
    let nd = match a.get_not_none(1) {
        Some(n @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => Some(n.clone()),
        // `__round__` of a user type takes what it wants; a builtin number wants an int.
        Some(n) if !matches!(number, Value::Instance(_)) => Some(args::index(vm, n)?),
        Some(n) => Some(n.clone()),
        None => None,
    };
    match (&number, nd) {
        (Value::Float(f), None) => {
            let r = f.round_ties_even();
            if !r.is_finite() {
                return Err(exc::new(
                    if r.is_nan() {
                        "ValueError"
                    } else {
                        "OverflowError"
                    },
                    if r.is_nan() {
                        "cannot convert float NaN to integer"
                    } else {
                        "cannot convert float infinity to integer"
                    },
                ));
            }
            vm.to_int(&Value::Float(r))
        }
        (Value::Float(f), Some(n)) => Ok(Value::Float(crate::object::float::round_to(
            *f,
            clamp_ndigits(&n),
        ))),
        (v @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_)), None) => vm.to_int(v),
        (v @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_)), Some(n)) => {
            let x = crate::object::int::to_big(v).unwrap_or_default();
            let r = crate::object::int::round_digits(&x, clamp_ndigits(&n));
            Ok(Value::from_bigint(r))
        }
        (v, nd) => {
            let extra: Vec<Value> = nd.into_iter().collect();
            match vm.call_dunder_opt(v, "__round__", &extra)? {
                Some(r) => Ok(r),
                None => Err(exc::type_error(format!(
                    "type {} doesn't define __round__ method",
                    type_name_of(v)
                ))),
            }
        }
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

fn chr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("chr");
    SIG.bind(args, kw)?;
    let out_of_range = || exc::value_error("chr() arg not in range(0x110000)");
    match args::index(vm, &args[0])? {
        Value::Int(i) if (0xd800..=0xdfff).contains(&i) => Err(super::unsupported(
            "lone surrogates in strings (chr(0xd800) to chr(0xdfff))",
        )),
        Value::Int(i) => char::from_u32(i as u32)
            .filter(|_| (0..0x110000).contains(&i))
            .map(|c| Value::str(c.to_string()))
            .ok_or_else(out_of_range),
        // Beyond 64 bits is out of range as well (CPython 3.13 no longer overflows here).
        _ => Err(out_of_range()),
    }
}

fn ord(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("ord");
    SIG.bind(args, kw)?;
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
        Value::Bytes(b) => Err(exc::type_error(format!(
            "ord() expected a character, but string of length {} found",
            b.len()
        ))),
        v => Err(exc::type_error(format!(
            "ord() expected string of length 1, but {} found",
            type_name_of(v)
        ))),
    }
}

fn iter(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("iter", 1, 2);
    SIG.bind(args, kw)?;
    match args {
        [v] => vm.get_iter(v),
        [func, sentinel] => {
            if !is_callable(func) {
                return Err(exc::type_error("iter(v, w): v must be callable"));
            }
            Ok(crate::object::iter::make(
                crate::object::iter::Iter::Callable {
                    func: func.clone(),
                    sentinel: sentinel.clone(),
                },
            ))
        }
        _ => unreachable_count(),
    }
}

/// For a match the signature check has made impossible.
fn unreachable_count<T>() -> PyResult<T> {
    Err(exc::new("SystemError", "bad argument count"))
}

fn next(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("next", 1, 2);
    SIG.bind(args, kw)?;
    let is_iterator = match &args[0] {
        Value::Iter(_) | Value::Generator(_) => true,
        Value::Instance(i) => i.class.lookup("__next__").is_some(),
        _ => false,
    };
    if !is_iterator {
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

fn any(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("any");
    SIG.bind(args, kw)?;
    let it = vm.get_iter(&args[0])?;
    while let Some(v) = vm.next(&it)? {
        if vm.truthy(&v)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn all(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("all");
    SIG.bind(args, kw)?;
    let it = vm.get_iter(&args[0])?;
    while let Some(v) = vm.next(&it)? {
        if !vm.truthy(&v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// True for the numbers `divmod` and `pow` work on natively.
fn is_number(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
    )
}

fn divmod(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("divmod", 2, 2);
    SIG.bind(args, kw)?;
    let (a, b) = (&args[0], &args[1]);
    let user = matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_));
    let numbers = is_number(a) && is_number(b);
    if !(user || numbers) {
        return Err(exc::unsupported_binop(
            "divmod()",
            &type_name_of(a),
            &type_name_of(b),
        ));
    }
    if let (Value::Float(_), _) | (_, Value::Float(_)) = (a, b) {
        if matches!(b, Value::Float(0.0) | Value::Int(0) | Value::Bool(false)) {
            return Err(exc::zero_division("float divmod()"));
        }
    }
    let q = vm.binary_op(a, b, 2)?;
    let r = vm.binary_op(a, b, 6)?;
    Ok(Value::tuple(vec![q, r]))
}

fn pow(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("pow", &["base", "exp", "mod"], 0, 2);
    let a = SIG.bind(args, kw)?;
    let (base, exp) = (
        a.get(0).cloned().unwrap_or(Value::None),
        a.get(1).cloned().unwrap_or(Value::None),
    );
    let Some(m) = a.get_not_none(2) else {
        return vm.binary_op(&base, &exp, 8);
    };
    let all = [&base, &exp, m];
    if all.iter().any(|v| !is_number(v)) {
        return Err(exc::type_error(format!(
            "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
            type_name_of(&base),
            type_name_of(&exp),
            type_name_of(m)
        )));
    }
    let big = crate::object::int::to_big;
    let (Some(b), Some(e), Some(m)) = (big(&base), big(&exp), big(m)) else {
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

fn hash(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("hash");
    SIG.bind(args, kw)?;
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

fn getattr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("getattr", 2, 3);
    SIG.bind(args, kw)?;
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

fn hasattr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("hasattr", 2, 2);
    SIG.bind(args, kw)?;
    let name = attr_name(&args[1])?;
    match vm.getattr(&args[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if is_attribute_error(vm, &e) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("setattr", 3, 3);
    SIG.bind(args, kw)?;
    let name = attr_name(&args[1])?;
    vm.setattr(&args[0], &name, args[2].clone())?;
    Ok(Value::None)
}

/// `vars(obj)`: `obj.__dict__`. For instances that is a copy here (see `Vm::load_method`), so
/// writes to it do not reach the object; `vars()` without an argument (the caller's locals) is
/// not supported. Registered last (`builtins::install`) so the other builtins keep their
/// positions in the builtins dict, which `LOAD_GLOBAL_BUILTIN` caches show.
pub(super) fn vars(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("vars", 0, 1);
    SIG.bind(args, kw)?;
    let [obj] = args else {
        return Err(super::unsupported("vars() without an argument"));
    };
    match vm.getattr(obj, "__dict__") {
        Err(e) if is_attribute_error(vm, &e) => Err(exc::type_error(
            "vars() argument must have __dict__ attribute",
        )),
        found => found,
    }
}

/// `callable(v)`.
pub fn is_callable(v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Method(_) | Value::Builtin(_) | Value::Type(_) => true,
        Value::Instance(i) => i.class.lookup("__call__").is_some(),
        _ => false,
    }
}

fn callable(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("callable");
    SIG.bind(args, kw)?;
    Ok(Value::Bool(is_callable(&args[0])))
}

fn id(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("id");
    SIG.bind(args, kw)?;
    Ok(Value::Int(args[0].heap_ptr().unwrap_or(0) as i64))
}

fn format(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("format", 1, 2);
    SIG.bind(args, kw)?;
    let spec = match args.get(1) {
        Some(v) => args::str_arg(v, "format", "2")?,
        None => "",
    };
    Ok(Value::str(vm.format_value(&args[0], spec)?))
}

/// `hex`, `bin`, `oct`: the integer (through `__index__`) in base 16, 2 or 8.
fn radix(
    vm: &mut Vm,
    sig: &'static Sig,
    args: &[Value],
    kw: KwArgs<'_>,
    spec: &str,
) -> PyResult<Value> {
    sig.bind(args, kw)?;
    let n = args::index(vm, &args[0])?;
    Ok(Value::str(vm.format_value(&n, spec)?))
}

fn hex(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("hex");
    radix(vm, &SIG, args, kw, "#x")
}

fn bin(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("bin");
    radix(vm, &SIG, args, kw, "#b")
}

fn oct(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("oct");
    radix(vm, &SIG, args, kw, "#o")
}
