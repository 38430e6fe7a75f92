//! The float operations of `math` with CPython's own special-value handling: rounding to ints
//! (`floor`, `ceil`, `trunc` and their `__floor__`/`__ceil__`/`__trunc__` hooks), the
//! logarithms (ints of any size), `pow`, `atan2`, `fmod`, `remainder`, `copysign`, `fma`,
//! `frexp`/`ldexp`/`modf`, `nextafter` (with `steps`) and `ulp`, and `isclose`.

use num_traits::{Signed, ToPrimitive, Zero};

use super::{domain_error, math_2, range_error, to_double, two};
use crate::builtins::args::{self, Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// `floor`/`ceil`: an int stays itself, a float rounds, another object's hook is called.
fn rounding(vm: &mut Vm, v: &Value, hook: &str, f: fn(f64) -> f64) -> PyResult<Value> {
    match v {
        Value::Int(_) | Value::BigInt(_) => return Ok(v.clone()),
        Value::Bool(b) => return Ok(Value::Int(i64::from(b.get()))),
        Value::Instance(_) => {
            if let Some(r) = vm.call_dunder_opt(v, hook, &[])? {
                return Ok(r);
            }
        }
        _ => {}
    }
    let x = to_double(vm, v)?;
    vm.to_int(&Value::float(f(x)))
}

pub fn floor(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("floor", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    rounding(vm, &a[0], "__floor__", f64::floor)
}

pub fn ceil(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("ceil", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    rounding(vm, &a[0], "__ceil__", f64::ceil)
}

pub fn trunc(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("trunc", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    match &a[0] {
        Value::Float(_) | Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => vm.to_int(&a[0]),
        v @ Value::Instance(_) => match vm.call_dunder_opt(v, "__trunc__", &[])? {
            Some(r) => Ok(r),
            None => Err(no_trunc(v)),
        },
        other => Err(no_trunc(other)),
    }
}

fn no_trunc(v: &Value) -> exc::PyErr {
    exc::type_error(format!(
        "type {} doesn't define __trunc__ method",
        type_name_of(v)
    ))
}

/// CPython's `m_log`, `m_log2`, `m_log10`: a domain error for 0 and negatives.
fn checked_log(x: f64, f: fn(f64) -> f64) -> PyResult<f64> {
    if x.is_nan() || x == f64::INFINITY {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(domain_error());
    }
    Ok(f(x))
}

/// `loghelper`: an int of any size (too big for a float: frexp it and add `e * log(2)`).
fn loghelper(vm: &mut Vm, v: &Value, f: fn(f64) -> f64) -> PyResult<f64> {
    let int = match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => crate::object::int::to_big(v),
        _ => None,
    };
    let Some(n) = int else {
        return checked_log(to_double(vm, v)?, f);
    };
    if !n.is_positive() {
        return Err(domain_error());
    }
    if let Some(x) = n.to_f64().filter(|x| x.is_finite()) {
        return Ok(f(x));
    }
    // `_PyLong_Frexp`: n ~= m * 2**e with 0.5 <= m < 1, m rounded to 53 bits.
    let bits = n.bits();
    let shift = bits - 63;
    let top: num_bigint::BigInt = &n >> shift;
    let mut top = top.to_u64().unwrap_or(u64::MAX);
    if !(&n - (num_bigint::BigInt::from(top) << shift)).is_zero() {
        top |= 1;
    }
    let mut m = top as f64 / 2f64.powi(63);
    let mut e = bits as f64;
    if m == 1.0 {
        m = 0.5;
        e += 1.0;
    }
    Ok(f(m) + f(2.0) * e)
}

pub fn log(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("log", 1, 2).in_module("math");
    SIG.bind(a, kw)?;
    let num = loghelper(vm, &a[0], f64::ln)?;
    let Some(base) = a.get(1) else {
        return Ok(Value::float(num));
    };
    let den = loghelper(vm, base, f64::ln)?;
    if den == 0.0 {
        return Err(exc::zero_division("float division by zero"));
    }
    Ok(Value::float(num / den))
}

pub fn log2(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("log2", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    loghelper(vm, &a[0], f64::log2).map(Value::float)
}

pub fn log10(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("log10", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    loghelper(vm, &a[0], f64::log10).map(Value::float)
}

pub fn pow(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("pow", 2, 2).in_module("math");
    let (x, y) = two(vm, a, kw, &SIG)?;
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y
        } else {
            0.0
        };
        return Ok(Value::float(r));
    }
    let r = x.powf(y);
    if r.is_nan() || (r.is_infinite() && x == 0.0) {
        return Err(domain_error());
    }
    if r.is_infinite() {
        return Err(range_error());
    }
    Ok(Value::float(r))
}

pub fn atan2(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("atan2", 2, 2).in_module("math");
    let (y, x) = two(vm, a, kw, &SIG)?;
    let pi = std::f64::consts::PI;
    let r = if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if y.is_infinite() {
        if x.is_infinite() {
            if x > 0.0 {
                (0.25 * pi).copysign(y)
            } else {
                (0.75 * pi).copysign(y)
            }
        } else {
            (0.5 * pi).copysign(y)
        }
    } else if x.is_infinite() || y == 0.0 {
        if 1f64.copysign(x) == 1.0 {
            0f64.copysign(y)
        } else {
            pi.copysign(y)
        }
    } else {
        y.atan2(x)
    };
    math_2(y, x, r)
}

pub fn copysign(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("copysign", 2, 2).in_module("math");
    let (x, y) = two(vm, a, kw, &SIG)?;
    math_2(x, y, x.copysign(y))
}

pub fn fmod(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("fmod", 2, 2).in_module("math");
    let (x, y) = two(vm, a, kw, &SIG)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error());
    }
    Ok(Value::float(r))
}

/// IEEE 754 remainder: `x - n*y` with `n` the nearest integer to `x/y`, ties to even.
fn m_remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = absx % absy;
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return 1f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

pub fn remainder(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("remainder", 2, 2).in_module("math");
    let (x, y) = two(vm, a, kw, &SIG)?;
    math_2(x, y, m_remainder(x, y))
}

pub fn fma(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("fma", 3, 3).in_module("math");
    SIG.bind(a, kw)?;
    let (x, y, z) = (
        to_double(vm, &a[0])?,
        to_double(vm, &a[1])?,
        to_double(vm, &a[2])?,
    );
    let r = x.mul_add(y, z);
    if r.is_finite() {
        return Ok(Value::float(r));
    }
    if r.is_nan() {
        if !x.is_nan() && !y.is_nan() && !z.is_nan() {
            return Err(exc::value_error("invalid operation in fma"));
        }
    } else if x.is_finite() && y.is_finite() && z.is_finite() {
        return Err(exc::new("OverflowError", "overflow in fma"));
    }
    Ok(Value::float(r))
}

/// C's `frexp`: `x = m * 2**e`, `0.5 <= |m| < 1` (zeros, infinities and NaNs: `(x, 0)`).
pub fn frexp_f64(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (scaled, bias) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(64), -64)
    } else {
        (x, 0)
    };
    let bits = scaled.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022 + bias)
}

pub fn frexp(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("frexp", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let (m, e) = frexp_f64(to_double(vm, &a[0])?);
    Ok(Value::tuple(vec![
        Value::float(m),
        Value::Int(i64::from(e)),
    ]))
}

pub fn ldexp(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("ldexp", 2, 2).in_module("math");
    SIG.bind(a, kw)?;
    let x = to_double(vm, &a[0])?;
    let exp = match &a[1] {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(b.get()),
        Value::BigInt(b) => {
            if b.is_negative() {
                i64::MIN
            } else {
                i64::MAX
            }
        }
        _ => {
            return Err(exc::type_error(
                "Expected an int as second argument to ldexp.",
            ))
        }
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::float(x));
    }
    if exp > i64::from(i32::MAX) {
        return Err(range_error());
    }
    if exp < i64::from(i32::MIN) {
        return Ok(Value::float(0f64.copysign(x)));
    }
    let r = libm::scalbn(x, exp as i32);
    if r.is_infinite() {
        return Err(range_error());
    }
    Ok(Value::float(r))
}

pub fn modf(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("modf", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let x = to_double(vm, &a[0])?;
    let (frac, int) = if x.is_infinite() {
        (0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        let int = x.trunc();
        ((x - int).copysign(x), int)
    };
    Ok(Value::tuple(vec![Value::float(frac), Value::float(int)]))
}

/// C's `nextafter`: the next float after `x` towards `y`.
fn next_toward(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

pub fn nextafter(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("nextafter", &["x", "y", "steps"], 2, 2)
        .kwonly_from(2)
        .in_module("math");
    let b = SIG.bind(a, kw)?;
    let x = to_double(vm, &a[0])?;
    let y = to_double(vm, &a[1])?;
    let Some(steps) = b.get_not_none(2) else {
        return Ok(Value::float(next_toward(x, y)));
    };
    let steps = args::index(vm, steps)?;
    let steps = crate::object::int::to_big(&steps).unwrap_or_default();
    if steps.is_negative() {
        return Err(exc::value_error("steps must be a non-negative integer"));
    }
    let n = steps.to_u64().unwrap_or(u64::MAX);
    if n == 0 || x.is_nan() {
        return Ok(Value::float(x));
    }
    if y.is_nan() {
        return Ok(Value::float(y));
    }
    let (ux, uy) = (x.to_bits(), y.to_bits());
    if ux == uy {
        return Ok(Value::float(x));
    }
    let sign = 1u64 << 63;
    let (ax, ay) = (ux & !sign, uy & !sign);
    let r = if (ux ^ uy) & sign != 0 {
        if ax + ay <= n {
            uy
        } else if ax < n {
            (uy & sign) | (n - ax)
        } else {
            ux - n
        }
    } else if ax > ay {
        if ax - ay >= n {
            ux - n
        } else {
            uy
        }
    } else if ay - ax >= n {
        ux + n
    } else {
        uy
    };
    Ok(Value::float(f64::from_bits(r)))
}

/// `math.ulp`: the gap to the next float away from zero (to the previous for the largest).
pub fn ulp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.abs();
    if x.is_infinite() {
        return x;
    }
    let up = next_toward(x, f64::INFINITY);
    if up.is_infinite() {
        return x - next_toward(x, f64::NEG_INFINITY);
    }
    up - x
}

pub fn isclose(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("isclose", &["a", "b", "rel_tol", "abs_tol"], 0, 2)
        .kwonly_from(2)
        .in_module("math");
    let b = SIG.bind(a, kw)?;
    let mut arg = |i: usize, default: f64| -> PyResult<f64> {
        match b.get(i) {
            Some(v) => to_double(vm, v),
            None => Ok(default),
        }
    };
    let (x, y) = (arg(0, 0.0)?, arg(1, 0.0)?);
    let rel = arg(2, 1e-9)?;
    let abs = arg(3, 0.0)?;
    if rel < 0.0 || abs < 0.0 {
        return Err(exc::value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::bool(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::bool(false));
    }
    let diff = (y - x).abs();
    Ok(Value::bool(
        diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs,
    ))
}
