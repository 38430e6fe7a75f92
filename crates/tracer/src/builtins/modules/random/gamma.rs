//! The rejection samplers of `random.Random`: `gammavariate` (Cheng's method for alpha > 1,
//! Ahrens-Dieter GS for alpha < 1), `betavariate` (two gamma draws) and `binomialvariate`
//! (geometric skips for small `n*p`, Hormann's BTRS otherwise), each drawing `random()` in
//! the same order and with the same float operations as `Lib/random.py`, so a seeded program
//! gets CPython's values.

use super::dists::float_arg;
use super::{this, RandomObj};
use crate::builtins::args::{self, Sig};
use crate::exceptions::{self as exc, PyResult};
use crate::object::KwArgs;
use crate::value::Value;
use crate::vm::Vm;

/// `SG_MAGICCONST = 1.0 + log(4.5)`.
fn sg_magicconst() -> f64 {
    1.0 + 4.5f64.ln()
}

/// Python's `float ** float` for the positive bases these samplers use.
fn pow(x: f64, y: f64) -> f64 {
    x.powf(y)
}

/// One gamma(alpha, beta) draw; the arguments already checked positive.
fn gamma(r: &RandomObj, alpha: f64, beta: f64) -> f64 {
    if alpha > 1.0 {
        let ainv = (2.0 * alpha - 1.0).sqrt();
        let bbb = alpha - 4f64.ln();
        let ccc = alpha + ainv;
        loop {
            let u1 = r.random();
            if !(1e-7 < u1 && u1 < 0.9999999) {
                continue;
            }
            let u2 = 1.0 - r.random();
            let v = (u1 / (1.0 - u1)).ln() / ainv;
            let x = alpha * v.exp();
            let z = u1 * u1 * u2;
            let rr = bbb + ccc * v - x;
            if rr + sg_magicconst() - 4.5 * z >= 0.0 || rr >= z.ln() {
                return x * beta;
            }
        }
    } else if alpha == 1.0 {
        -(1.0 - r.random()).ln() * beta
    } else {
        let e = std::f64::consts::E;
        let x = loop {
            let u = r.random();
            let b = (e + alpha) / e;
            let p = b * u;
            let x = if p <= 1.0 {
                pow(p, 1.0 / alpha)
            } else {
                -((b - p) / alpha).ln()
            };
            let u1 = r.random();
            if p > 1.0 {
                if u1 <= pow(x, alpha - 1.0) {
                    break x;
                }
            } else if u1 <= (-x).exp() {
                break x;
            }
        };
        x * beta
    }
}

fn gamma_args(b: &args::Bound<'_>, name: &str) -> PyResult<(f64, f64)> {
    let alpha = float_arg(b.get(0).unwrap_or(&Value::None), name)?;
    let beta = float_arg(b.get(1).unwrap_or(&Value::None), name)?;
    Ok((alpha, beta))
}

pub fn gammavariate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("gammavariate", &["alpha", "beta"], 0, 2);
    let r = this(a, "gammavariate")?;
    let b = SIG.bind(&a[1..], kw)?;
    let (alpha, beta) = gamma_args(&b, "gammavariate")?;
    if alpha <= 0.0 || beta <= 0.0 {
        return Err(exc::value_error(
            "gammavariate: alpha and beta must be > 0.0",
        ));
    }
    Ok(Value::Float(gamma(r, alpha, beta)))
}

pub fn betavariate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("betavariate", &["alpha", "beta"], 0, 2);
    let r = this(a, "betavariate")?;
    let b = SIG.bind(&a[1..], kw)?;
    let (alpha, beta) = gamma_args(&b, "betavariate")?;
    let check = |x: f64| {
        if x <= 0.0 {
            Err(exc::value_error(
                "gammavariate: alpha and beta must be > 0.0",
            ))
        } else {
            Ok(x)
        }
    };
    let y = gamma(r, check(alpha)?, 1.0);
    if y != 0.0 {
        let other = gamma(r, check(beta)?, 1.0);
        return Ok(Value::Float(y / (y + other)));
    }
    Ok(Value::Float(0.0))
}

/// `math.lgamma` of a float that is never a non-positive integer here.
fn lgamma(x: f64) -> PyResult<f64> {
    crate::builtins::modules::math::special::lgamma(x)
}

pub fn binomialvariate(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("binomialvariate", &["n", "p"], 0, 0);
    let r = this(a, "binomialvariate")?;
    let b = SIG.bind(&a[1..], kw)?;
    let n_value = b.get(0).cloned().unwrap_or(Value::Int(1));
    let n = match args::index(vm, &n_value)? {
        Value::Int(n) => n,
        _ => {
            return Err(crate::builtins::unsupported(
                "random.binomialvariate() with n beyond 64 bits",
            ))
        }
    };
    let p = match b.get(1) {
        Some(v) => float_arg(v, "binomialvariate")?,
        None => 0.5,
    };
    binomial(r, n, &n_value, p)
}

fn binomial(r: &RandomObj, n: i64, n_value: &Value, p: f64) -> PyResult<Value> {
    if n < 0 {
        return Err(exc::value_error("n must be non-negative"));
    }
    if p <= 0.0 || p >= 1.0 {
        if p == 0.0 {
            return Ok(Value::Int(0));
        }
        if p == 1.0 {
            return Ok(n_value.clone());
        }
        return Err(exc::value_error("p must be in the range 0.0 <= p <= 1.0"));
    }
    if n == 1 {
        return Ok(Value::Int(i64::from(r.random() < p)));
    }
    if p > 0.5 {
        let k = binomial(r, n, &Value::Int(n), 1.0 - p)?;
        let Value::Int(k) = k else { return Ok(k) };
        return Ok(Value::Int(n - k));
    }
    let nf = n as f64;
    if nf * p < 10.0 {
        let (mut x, mut y) = (0i64, 0i64);
        let c = (1.0 - p).log2();
        if c == 0.0 {
            return Ok(Value::Int(x));
        }
        loop {
            let u = r.random();
            if u == 0.0 {
                return Err(crate::builtins::modules::math::domain_error());
            }
            y += (u.log2() / c).floor() as i64 + 1;
            if y > n {
                return Ok(Value::Int(x));
            }
            x += 1;
        }
    }
    let spq = (nf * p * (1.0 - p)).sqrt();
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * p;
    let c = nf * p + 0.5;
    let vr = 0.92 - 4.2 / b;
    let mut setup: Option<(f64, f64, i64, f64)> = None;
    loop {
        let u = r.random() - 0.5;
        let us = 0.5 - u.abs();
        if us == 0.0 {
            return Err(exc::zero_division("float division by zero"));
        }
        let k = ((2.0 * a / us + b) * u + c).floor() as i64;
        if k < 0 || k > n {
            continue;
        }
        let mut v = r.random();
        if us >= 0.07 && v <= vr {
            return Ok(Value::Int(k));
        }
        let (alpha, lpq, m, h) = match setup {
            Some(s) => s,
            None => {
                let alpha = (2.83 + 5.1 / b) * spq;
                let lpq = (p / (1.0 - p)).ln();
                let m = (((n + 1) as f64) * p).floor() as i64;
                let h = lgamma((m + 1) as f64)? + lgamma((n - m + 1) as f64)?;
                setup = Some((alpha, lpq, m, h));
                (alpha, lpq, m, h)
            }
        };
        v *= alpha / (a / (us * us) + b);
        let bound =
            h - lgamma((k + 1) as f64)? - lgamma((n - k + 1) as f64)? + ((k - m) as f64) * lpq;
        if v.ln() <= bound {
            return Ok(Value::Int(k));
        }
    }
}
