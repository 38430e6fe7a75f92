//! The accurate sums and products of `math`, computed as CPython computes them so the last
//! bit agrees:
//!
//! - `fsum`: Shewchuk's non-overlapping partials (each addition split into its rounded sum
//!   and the exact error), then a correctly rounded total with the half-even fix-up.
//! - `hypot` and `dist`: `vector_norm`, which scales by a power of two, squares exactly
//!   (`fma`), sums with Neumaier compensation and corrects the square root once.
//! - `sumprod`: exact machine ints while they fit, then triple-length float accumulation,
//!   then plain Python arithmetic for whatever else comes.
//! - `prod`: Python multiplication from `start`.

use super::{to_double, two_args};
use crate::builtins::args::{Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::KwArgs;
use crate::value::Value;
use crate::vm::Vm;

/// `x + y` as (rounded sum, exact error), for any magnitudes (2Sum).
fn dl_sum(a: f64, b: f64) -> (f64, f64) {
    let x = a + b;
    let z = x - a;
    (x, (a - (x - z)) + (b - z))
}

/// `a + b` as (rounded sum, exact error) when `|a| >= |b|` (Fast2Sum).
fn dl_fast_sum(a: f64, b: f64) -> (f64, f64) {
    let x = a + b;
    (x, b - (x - a))
}

/// `x * y` as (rounded product, exact error).
fn dl_mul(x: f64, y: f64) -> (f64, f64) {
    let z = x * y;
    (z, x.mul_add(y, -z))
}

pub fn fsum(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("fsum", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let items = vm.collect(&a[0])?;
    let mut p: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    for item in &items {
        let mut x = to_double(vm, item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..p.len() {
            let mut y = p[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                p[i] = lo;
                i += 1;
            }
            x = hi;
        }
        p.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(exc::new("OverflowError", "intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                p.clear();
            } else {
                p.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(exc::value_error("-inf + inf in fsum"));
        }
        return Ok(Value::float(special_sum));
    }
    let mut hi = 0.0;
    let mut n = p.len();
    if n > 0 {
        n -= 1;
        hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        // Half-even rounding across several partials (sum([1e-16, 1, 1e16]) rounds up).
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    Ok(Value::float(hi))
}

/// The Euclidean norm of `vec` (non-negative entries), `max` its largest entry.
fn vector_norm(vec: &mut [f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = super::float_ops::frexp_f64(max);
    if max_e < -1023 {
        // Subnormals: scale them up to normals first (ldexp(1, -max_e) would overflow).
        for x in vec.iter_mut() {
            *x /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vec, max / f64::MIN_POSITIVE, found_nan);
    }
    let scale = libm::scalbn(1.0, -max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for &v in vec.iter() {
        let x = v * scale;
        let (hi, lo) = dl_mul(x, x);
        let (s, e) = dl_fast_sum(csum, hi);
        csum = s;
        frac1 += lo;
        frac2 += e;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (hi, lo) = dl_mul(-h, h);
    let (s, e) = dl_fast_sum(csum, hi);
    csum = s;
    frac1 += lo;
    frac2 += e;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// Absolute values, their maximum and whether a NaN is among them.
fn norm_of(values: Vec<f64>) -> f64 {
    let mut vec = values;
    let (mut max, mut nan) = (0.0f64, false);
    for x in vec.iter_mut() {
        *x = x.abs();
        nan |= x.is_nan();
        if *x > max {
            max = *x;
        }
    }
    vector_norm(&mut vec, max, nan)
}

pub fn hypot(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("hypot", 0, 0)
        .in_module("math")
        .with_varargs();
    SIG.bind(a, kw)?;
    let mut coords = Vec::with_capacity(a.len());
    for v in a {
        coords.push(to_double(vm, v)?);
    }
    Ok(Value::float(norm_of(coords)))
}

pub fn dist(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("dist", 2, 2).in_module("math");
    let (p, q) = two_args(a, kw, &SIG)?;
    let p = vm.collect(p)?;
    let q = vm.collect(q)?;
    if p.len() != q.len() {
        return Err(exc::value_error(
            "both points must have the same number of dimensions",
        ));
    }
    let mut diffs = Vec::with_capacity(p.len());
    for (px, qx) in p.iter().zip(&q) {
        diffs.push(to_double(vm, px)? - to_double(vm, qx)?);
    }
    Ok(Value::float(norm_of(diffs)))
}

pub fn prod(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("prod", &["iterable", "start"], 1, 1)
        .kwonly_from(1)
        .in_module("math");
    let b = SIG.bind(a, kw)?;
    let mut result = b.get(1).cloned().unwrap_or(Value::Int(1));
    for item in vm.collect(&a[0])? {
        result = vm.binary_op(&result, &item, 5)?;
    }
    Ok(result)
}

/// A float accumulated in three parts (CPython's `TripleLength`).
#[derive(Clone, Copy, Default)]
struct Triple {
    hi: f64,
    lo: f64,
    tiny: f64,
}

impl Triple {
    /// `self + x * y`, nearly exactly.
    fn fma(self, x: f64, y: f64) -> Triple {
        let (phi, plo) = dl_mul(x, y);
        let (shi, slo) = dl_sum(self.hi, phi);
        let (r1hi, r1lo) = dl_sum(self.lo, plo);
        let (r2hi, r2lo) = dl_sum(r1hi, slo);
        Triple {
            hi: shi,
            lo: r2hi,
            tiny: self.tiny + r1lo + r2lo,
        }
    }
    fn to_f64(self) -> f64 {
        let (hi, lo) = dl_sum(self.lo, self.hi);
        self.tiny + lo + hi
    }
}

/// A float of the `sumprod` float path: an exact float, or an int/bool paired with one.
fn float_pair(p: &Value, q: &Value) -> Option<(f64, f64)> {
    let as_int = |v: &Value| match v {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => crate::object::int::to_f64(v),
        _ => None,
    };
    match (p, q) {
        (Value::Float(x), Value::Float(y)) => Some((x.get(), y.get())),
        (Value::Float(x), other) => as_int(other).map(|y| (x.get(), y)),
        (other, Value::Float(y)) => as_int(other).map(|x| (x, y.get())),
        _ => None,
    }
}

pub fn sumprod(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("sumprod", 2, 2).in_module("math");
    let (p, q) = two_args(a, kw, &SIG)?;
    let pi = vm.get_iter(p)?;
    let qi = vm.get_iter(q)?;
    let mut total = Value::Int(0);
    let (mut int_on, mut int_total, mut int_used) = (true, 0i64, false);
    let (mut flt_on, mut flt_total, mut flt_used) = (true, Triple::default(), false);
    loop {
        let pv = vm.next(&pi)?;
        let qv = vm.next(&qi)?;
        if pv.is_some() != qv.is_some() {
            return Err(exc::value_error("Inputs are not the same length"));
        }
        let pair = pv.zip(qv);
        if int_on {
            if let Some((Value::Int(x), Value::Int(y))) = &pair {
                if let Some(t) = x.checked_mul(*y).and_then(|m| int_total.checked_add(m)) {
                    int_total = t;
                    int_used = true;
                    continue;
                }
            }
            int_on = false;
            if int_used {
                total = vm.binary_op(&total, &Value::Int(int_total), 0)?;
                int_used = false;
            }
        }
        if flt_on {
            if let Some((x, y)) = pair.as_ref().and_then(|(p, q)| float_pair(p, q)) {
                let next = flt_total.fma(x, y);
                if next.hi.is_finite() {
                    flt_total = next;
                    flt_used = true;
                    continue;
                }
            }
            flt_on = false;
            if flt_used {
                total = vm.binary_op(&total, &Value::float(flt_total.to_f64()), 0)?;
                flt_used = false;
            }
        }
        let Some((x, y)) = pair else {
            return Ok(total);
        };
        let term = vm.binary_op(&x, &y, 5)?;
        total = vm.binary_op(&total, &term, 0)?;
    }
}
