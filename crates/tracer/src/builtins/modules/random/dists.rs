//! The real-valued distributions of `random.Random`: `uniform`, `triangular`, `gauss`,
//! `normalvariate`, `expovariate` and friends, each drawing `random()` as many times and in
//! the same order as `Lib/random.py`'s version, and computing with the same float operations
//! (an int argument becomes a float where Python's arithmetic would convert it).

use crate::builtins::args::Sig;
use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

use super::this;

/// `NV_MAGICCONST = 4 * exp(-0.5) / sqrt(2.0)`, the bound of Kinderman and Monahan's method.
pub fn nv_magicconst() -> f64 {
    4.0 * (-0.5f64).exp() / 2f64.sqrt()
}

/// A number argument as a float; other types are refused (CPython would apply Python
/// arithmetic to them, which these Rust versions do not).
pub fn float_arg(v: &Value, function: &str) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => crate::object::int::to_f64(v)
            .ok_or_else(|| exc::new("OverflowError", "int too large to convert to float")),
        other => Err(crate::builtins::unsupported(&format!(
            "random.{function}() with a {} argument",
            type_name_of(other)
        ))),
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

/// `b - a` as Python computes it, then as a float: exact for two ints, in floats otherwise.
fn difference(b: &Value, a: &Value, function: &str) -> PyResult<f64> {
    if is_int(a) && is_int(b) {
        let (x, y) = (
            crate::object::int::to_big(b).unwrap_or_default(),
            crate::object::int::to_big(a).unwrap_or_default(),
        );
        return float_arg(&Value::from_bigint(x - y), function);
    }
    Ok(float_arg(b, function)? - float_arg(a, function)?)
}

/// Parameter `i` of a bound signature as a float, `default` when absent.
fn param(b: &crate::builtins::args::Bound<'_>, i: usize, default: f64, f: &str) -> PyResult<f64> {
    b.get(i).map_or(Ok(default), |v| float_arg(v, f))
}

/// `a / b` for floats, with Python's ZeroDivisionError.
fn divide(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Err(exc::zero_division("float division by zero"));
    }
    Ok(a / b)
}

pub fn uniform(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("uniform", &["a", "b"], 0, 2);
    let r = this(a, "uniform")?;
    let b = SIG.bind(&a[1..], kw)?;
    let (lo, hi) = (
        b.get(0).unwrap_or(&Value::None),
        b.get(1).unwrap_or(&Value::None),
    );
    let width = difference(hi, lo, "uniform")?;
    Ok(Value::Float(float_arg(lo, "uniform")? + width * r.random()))
}

pub fn triangular(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("triangular", &["low", "high", "mode"], 0, 0);
    let r = this(a, "triangular")?;
    let b = SIG.bind(&a[1..], kw)?;
    let low_v = b.get(0).cloned().unwrap_or(Value::Float(0.0));
    let high_v = b.get(1).cloned().unwrap_or(Value::Float(1.0));
    let u = r.random();
    let width = difference(&high_v, &low_v, "triangular")?;
    let c = match b.get_not_none(2) {
        None => 0.5,
        Some(mode) => {
            let m = difference(mode, &low_v, "triangular")?;
            if width == 0.0 {
                // (mode - low) / (high - low) divides by zero: CPython returns `low` as is.
                return Ok(low_v);
            }
            m / width
        }
    };
    let mut low = float_arg(&low_v, "triangular")?;
    let (mut u, mut c, mut span) = (u, c, width);
    if u > c {
        // `low, high = high, low`: `high - low` is then the same difference negated.
        u = 1.0 - u;
        c = 1.0 - c;
        low = float_arg(&high_v, "triangular")?;
        span = -span;
    }
    Ok(Value::Float(low + span * (u * c).sqrt()))
}

pub fn normalvariate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("normalvariate", &["mu", "sigma"], 0, 0);
    let r = this(a, "normalvariate")?;
    let b = SIG.bind(&a[1..], kw)?;
    let mu = param(&b, 0, 0.0, "normalvariate")?;
    let sigma = param(&b, 1, 1.0, "normalvariate")?;
    Ok(Value::Float(mu + normal(r) * sigma))
}

/// Kinderman and Monahan's ratio-of-uniforms draw of a standard normal value.
fn normal(r: &super::RandomObj) -> f64 {
    let magic = nv_magicconst();
    loop {
        let u1 = r.random();
        let u2 = 1.0 - r.random();
        let z = magic * (u1 - 0.5) / u2;
        let zz = z * z / 4.0;
        if zz <= -u2.ln() {
            return z;
        }
    }
}

pub fn lognormvariate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("lognormvariate", &["mu", "sigma"], 0, 2);
    let r = this(a, "lognormvariate")?;
    let b = SIG.bind(&a[1..], kw)?;
    let mu = param(&b, 0, 0.0, "lognormvariate")?;
    let sigma = param(&b, 1, 1.0, "lognormvariate")?;
    let x = (mu + normal(r) * sigma).exp();
    if x.is_infinite() {
        return Err(exc::new("OverflowError", "math range error"));
    }
    Ok(Value::Float(x))
}

pub fn gauss(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("gauss", &["mu", "sigma"], 0, 0);
    let r = this(a, "gauss")?;
    let b = SIG.bind(&a[1..], kw)?;
    let mu = param(&b, 0, 0.0, "gauss")?;
    let sigma = param(&b, 1, 1.0, "gauss")?;
    let z = match r.gauss_next.take() {
        Some(z) => z,
        None => {
            let x2pi = r.random() * std::f64::consts::TAU;
            let g2rad = (-2.0 * (1.0 - r.random()).ln()).sqrt();
            r.gauss_next.set(Some(x2pi.sin() * g2rad));
            x2pi.cos() * g2rad
        }
    };
    Ok(Value::Float(mu + z * sigma))
}

pub fn expovariate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("expovariate", &["lambd"], 0, 0);
    let r = this(a, "expovariate")?;
    let b = SIG.bind(&a[1..], kw)?;
    let lambd = param(&b, 0, 1.0, "expovariate")?;
    Ok(Value::Float(divide(-(1.0 - r.random()).ln(), lambd)?))
}

pub fn paretovariate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("paretovariate", &["alpha"], 0, 1);
    let r = this(a, "paretovariate")?;
    let b = SIG.bind(&a[1..], kw)?;
    let alpha = param(&b, 0, 0.0, "paretovariate")?;
    let u = 1.0 - r.random();
    Ok(Value::Float(float_pow(u, divide(-1.0, alpha)?)?))
}

pub fn weibullvariate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("weibullvariate", &["alpha", "beta"], 0, 2);
    let r = this(a, "weibullvariate")?;
    let b = SIG.bind(&a[1..], kw)?;
    let alpha = param(&b, 0, 0.0, "weibullvariate")?;
    let beta = param(&b, 1, 0.0, "weibullvariate")?;
    let u = 1.0 - r.random();
    Ok(Value::Float(
        alpha * float_pow(-u.ln(), divide(1.0, beta)?)?,
    ))
}

/// `x ** y` on floats as Python's `float.__pow__` reports its errors.
fn float_pow(x: f64, y: f64) -> PyResult<f64> {
    if x == 0.0 && y < 0.0 {
        return Err(exc::zero_division("zero to a negative power"));
    }
    let p = x.powf(y);
    if p.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(exc::new(
            "OverflowError",
            "(34, 'Numerical result out of range')",
        ));
    }
    Ok(p)
}

pub fn vonmisesvariate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("vonmisesvariate", &["mu", "kappa"], 0, 2);
    let r = this(a, "vonmisesvariate")?;
    let b = SIG.bind(&a[1..], kw)?;
    let mu = param(&b, 0, 0.0, "vonmisesvariate")?;
    let kappa = param(&b, 1, 0.0, "vonmisesvariate")?;
    let tau = std::f64::consts::TAU;
    if kappa <= 1e-6 {
        return Ok(Value::Float(tau * r.random()));
    }
    let s = 0.5 / kappa;
    let rr = s + (1.0 + s * s).sqrt();
    let z = loop {
        let u1 = r.random();
        let z = (std::f64::consts::PI * u1).cos();
        let d = z / (rr + z);
        let u2 = r.random();
        if u2 < 1.0 - d * d || u2 <= (1.0 - d) * d.exp() {
            break z;
        }
    };
    let q = 1.0 / rr;
    let f = (q + z) / (1.0 + q * z);
    let theta = if r.random() > 0.5 {
        py_fmod(mu + f.acos(), tau)
    } else {
        py_fmod(mu - f.acos(), tau)
    };
    Ok(Value::Float(theta))
}

/// Python's float `%`: the result takes the sign of the divisor.
fn py_fmod(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m != 0.0 && (m < 0.0) != (y < 0.0) {
        m + y
    } else if m == 0.0 {
        0.0f64.copysign(y)
    } else {
        m
    }
}
