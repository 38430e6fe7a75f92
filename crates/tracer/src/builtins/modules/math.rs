//! The `math` module: the handful of functions and constants the subset uses.

use crate::builtins::args::{self, Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::{type_name_of, CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

fn num(v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => crate::object::int::to_f64(v)
            .ok_or_else(|| exc::new("OverflowError", "int too large to convert to float")),
        other => Err(exc::type_error(format!(
            "must be real number, not {}",
            type_name_of(other)
        ))),
    }
}

fn domain(x: f64) -> PyResult<Value> {
    if x.is_nan() {
        Err(exc::value_error("math domain error"))
    } else {
        Ok(Value::Float(x))
    }
}

fn sqrt(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("sqrt", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let x = num(&a[0])?;
    if x < 0.0 {
        return Err(exc::value_error("math domain error"));
    }
    Ok(Value::Float(x.sqrt()))
}

fn to_int_value(vm: &mut Vm, x: f64) -> PyResult<Value> {
    vm.to_int(&Value::Float(x))
}

fn floor(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("floor", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    match &a[0] {
        v @ (Value::Int(_) | Value::BigInt(_)) => Ok(v.clone()),
        v => {
            let x = num(v)?;
            to_int_value(vm, x.floor())
        }
    }
}

fn ceil(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("ceil", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    match &a[0] {
        v @ (Value::Int(_) | Value::BigInt(_)) => Ok(v.clone()),
        v => {
            let x = num(v)?;
            to_int_value(vm, x.ceil())
        }
    }
}

fn sin(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("sin", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    domain(num(&a[0])?.sin())
}

fn cos(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("cos", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    domain(num(&a[0])?.cos())
}

fn tan(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("tan", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    domain(num(&a[0])?.tan())
}

fn exp(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("exp", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let r = num(&a[0])?.exp();
    if r.is_infinite() {
        return Err(exc::new("OverflowError", "math range error"));
    }
    Ok(Value::Float(r))
}

fn log(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("log", 1, 2).in_module("math");
    SIG.bind(a, kw)?;
    let x = num(&a[0])?;
    let base = a.get(1).map(num).transpose()?;
    if x <= 0.0 || base.is_some_and(|b| b <= 0.0) {
        return Err(exc::value_error("math domain error"));
    }
    match base {
        Some(1.0) => Err(exc::zero_division("float division by zero")),
        Some(b) => Ok(Value::Float(x.ln() / b.ln())),
        None => Ok(Value::Float(x.ln())),
    }
}

fn log2(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("log2", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let x = num(&a[0])?;
    if x <= 0.0 {
        return Err(exc::value_error("math domain error"));
    }
    Ok(Value::Float(x.log2()))
}

fn log10(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("log10", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let x = num(&a[0])?;
    if x <= 0.0 {
        return Err(exc::value_error("math domain error"));
    }
    Ok(Value::Float(x.log10()))
}

fn pow(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("pow", 2, 2).in_module("math");
    SIG.bind(a, kw)?;
    domain(num(&a[0])?.powf(num(&a[1])?))
}

fn fabs(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("fabs", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    Ok(Value::Float(num(&a[0])?.abs()))
}

fn hypot(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("hypot", 0, 0)
        .in_module("math")
        .with_varargs();
    SIG.bind(a, kw)?;
    let mut acc = 0.0f64;
    for v in a {
        acc = acc.hypot(num(v)?);
    }
    Ok(Value::Float(acc))
}

fn atan2(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("atan2", 2, 2).in_module("math");
    SIG.bind(a, kw)?;
    Ok(Value::Float(num(&a[0])?.atan2(num(&a[1])?)))
}

fn isclose(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("isclose", &["a", "b", "rel_tol", "abs_tol"], 0, 2)
        .kwonly_from(2)
        .in_module("math");
    let b = SIG.bind(a, kw)?;
    let arg = |i: usize| b.get(i).map(num).transpose();
    let (x, y) = (arg(0)?.unwrap_or(0.0), arg(1)?.unwrap_or(0.0));
    let rel = arg(2)?.unwrap_or(1e-9);
    let abs = arg(3)?.unwrap_or(0.0);
    if rel < 0.0 || abs < 0.0 {
        return Err(exc::value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::Bool(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (x - y).abs();
    Ok(Value::Bool(
        diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs,
    ))
}

fn gcd(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("gcd", 0, 0)
        .in_module("math")
        .with_varargs();
    SIG.bind(a, kw)?;
    let mut g = num_bigint::BigInt::from(0);
    for v in a {
        let n = args::index(vm, v)?;
        let b = crate::object::int::to_big(&n).unwrap_or_default();
        g = num_integer::Integer::gcd(&g, &b);
    }
    Ok(Value::from_bigint(g))
}

fn factorial(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("factorial", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let n = match args::index(vm, &a[0])? {
        Value::Int(n) if n >= 0 => n,
        Value::Int(_) => {
            return Err(exc::value_error(
                "factorial() not defined for negative values",
            ))
        }
        _ => {
            return Err(exc::new(
                "OverflowError",
                "factorial() argument should not exceed 9223372036854775807",
            ))
        }
    };
    let mut acc = num_bigint::BigInt::from(1);
    for i in 2..=n {
        acc *= i;
    }
    Ok(Value::from_bigint(acc))
}

fn isqrt(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("isqrt", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let n = args::index(vm, &a[0])?;
    let b = crate::object::int::to_big(&n).unwrap_or_default();
    if num_traits::Signed::is_negative(&b) {
        return Err(exc::value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_bigint(b.sqrt()))
}

/// A fresh `math` module object.
pub fn module(_: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, crate::object::BuiltinFn)] = &[
        ("sqrt", O, sqrt),
        ("floor", O, floor),
        ("ceil", O, ceil),
        ("sin", O, sin),
        ("cos", O, cos),
        ("tan", O, tan),
        ("exp", O, exp),
        ("log", Fast, log),
        ("log2", O, log2),
        ("log10", O, log10),
        ("pow", Fast, pow),
        ("fabs", O, fabs),
        ("hypot", Fast, hypot),
        ("atan2", Fast, atan2),
        ("isclose", FastKw, isclose),
        ("gcd", Fast, gcd),
        ("factorial", O, factorial),
        ("isqrt", O, isqrt),
    ];
    super::add_functions(&mut d, "math", fns);
    d.insert(str_key("pi"), Value::Float(std::f64::consts::PI));
    d.insert(str_key("e"), Value::Float(std::f64::consts::E));
    d.insert(str_key("tau"), Value::Float(std::f64::consts::TAU));
    d.insert(str_key("inf"), Value::Float(f64::INFINITY));
    d.insert(str_key("nan"), Value::Float(f64::NAN));
    super::new_module("math", d)
}
