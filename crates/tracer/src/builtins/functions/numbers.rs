//! The numeric functions of the `builtins` module: `abs`, `round`, `divmod`, `pow`, `chr`,
//! `ord`, `hex`, `bin` and `oct`, each checking its arguments as CPython does.

use super::super::args::{self, Sig};
use super::one;
use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

pub(super) fn abs(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("abs");
    SIG.bind(args, kw)?;
    Ok(match &args[0] {
        Value::Int(i) => i.checked_abs().map(Value::Int).unwrap_or_else(|| {
            Value::from_bigint(num_bigint::BigInt::from(*i).magnitude().clone().into())
        }),
        Value::Bool(b) => Value::Int(b.get() as i64),
        Value::BigInt(b) => Value::from_bigint(b.magnitude().clone().into()),
        Value::Float(f) => Value::float(f.get().abs()),
        v => match vm.call_dunder_opt(v, "__abs__", &[])? {
            Some(r) => r,
            None if crate::builtins::subclass::payload(v).is_some() => {
                let p = crate::builtins::subclass::unwrapped(v).clone();
                return abs(vm, &[p], kw);
            }
            None => {
                return Err(exc::type_error(format!(
                    "bad operand type for abs(): '{}'",
                    type_name_of(v)
                )))
            }
        },
    })
}

pub(super) fn round(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("round", &["number", "ndigits"], 0, 1);
    if let Some(p) = args.first().and_then(crate::builtins::subclass::payload) {
        // A `float`/`int` subclass without a Python `__round__` rounds as its value.
        if vm.type_of(&args[0]).lookup("__round__").is_none() {
            let mut unwrapped = args.to_vec();
            unwrapped[0] = p.clone();
            return round(vm, &unwrapped, kw);
        }
    }
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
            let r = f.get().round_ties_even();
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
            vm.to_int(&Value::float(r))
        }
        (Value::Float(f), Some(n)) => Ok(Value::float(crate::object::float::round_to(
            f.get(),
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
        Value::Bool(b) => i64::from(b.get()),
        Value::BigInt(b) if num_traits::Signed::is_negative(&**b) => i64::MIN,
        _ => i64::MAX,
    }
}

pub(super) fn chr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("chr");
    SIG.bind(args, kw)?;
    let out_of_range = || exc::value_error("chr() arg not in range(0x110000)");
    match args::index(vm, &args[0])? {
        Value::Int(i) if (0xd800..=0xdfff).contains(&i) => Err(crate::builtins::unsupported(
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

pub(super) fn ord(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
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

/// True for the numbers `divmod` and `pow` work on natively.
fn is_number(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
    )
}

pub(super) fn divmod(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
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
        let zero = match b {
            Value::Float(x) => x.get() == 0.0,
            Value::Int(0) => true,
            Value::Bool(x) => !x.get(),
            _ => false,
        };
        if zero {
            return Err(exc::zero_division("float divmod()"));
        }
    }
    let q = vm.binary_op(a, b, 2)?;
    let r = vm.binary_op(a, b, 6)?;
    Ok(Value::tuple(vec![q, r]))
}

pub(super) fn pow(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
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

pub(super) fn hex(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("hex");
    radix(vm, &SIG, args, kw, "#x")
}

pub(super) fn bin(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("bin");
    radix(vm, &SIG, args, kw, "#b")
}

pub(super) fn oct(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("oct");
    radix(vm, &SIG, args, kw, "#o")
}
