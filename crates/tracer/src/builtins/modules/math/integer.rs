//! The integer functions of `math`: `gcd`, `lcm`, `factorial`, `isqrt`, `comb` and `perm`, on
//! ints of any size, with CPython's argument errors (`operator.index` conversions, negative
//! and oversized arguments). Results are exact, so the algorithm is free: products of ranges
//! split in halves, Newton's integer square root from `num-bigint`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::builtins::args::{self, Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::KwArgs;
use crate::value::Value;
use crate::vm::Vm;

fn big(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    let i = args::index(vm, v)?;
    Ok(crate::object::int::to_big(&i).unwrap_or_default())
}

pub fn gcd(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("gcd", 0, 0)
        .in_module("math")
        .with_varargs();
    SIG.bind(a, kw)?;
    let mut g = BigInt::zero();
    for v in a {
        let n = big(vm, v)?;
        g = g.gcd(&n);
    }
    Ok(Value::from_bigint(g))
}

pub fn lcm(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("lcm", 0, 0)
        .in_module("math")
        .with_varargs();
    SIG.bind(a, kw)?;
    let mut l = BigInt::one();
    for v in a {
        let n = big(vm, v)?;
        l = if l.is_zero() || n.is_zero() {
            BigInt::zero()
        } else {
            l.lcm(&n)
        };
    }
    Ok(Value::from_bigint(l))
}

/// The product `lo * (lo + 1) * ... * (hi - 1)`, split in halves so big factors meet late.
fn range_product(lo: u64, hi: u64) -> BigInt {
    if hi <= lo {
        return BigInt::one();
    }
    if hi - lo <= 16 {
        let mut acc = BigInt::one();
        for k in lo..hi {
            acc *= k;
        }
        return acc;
    }
    let mid = lo + (hi - lo) / 2;
    range_product(lo, mid) * range_product(mid, hi)
}

pub fn factorial(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("factorial", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let n = big(vm, &a[0])?;
    if n.is_negative() {
        return Err(exc::value_error(
            "factorial() not defined for negative values",
        ));
    }
    let Some(n) = n.to_i64() else {
        return Err(exc::new(
            "OverflowError",
            "factorial() argument should not exceed 9223372036854775807",
        ));
    };
    Ok(Value::from_bigint(range_product(1, n as u64 + 1)))
}

pub fn isqrt(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("isqrt", 1, 1)
        .in_module("math")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let n = big(vm, &a[0])?;
    if n.is_negative() {
        return Err(exc::value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_bigint(n.sqrt()))
}

/// `n` and `k` of `comb`/`perm` checked as CPython checks them.
fn n_and_k(vm: &mut Vm, n: &Value, k: &Value) -> PyResult<(BigInt, BigInt)> {
    let n = big(vm, n)?;
    let k = big(vm, k)?;
    if n.is_negative() {
        return Err(exc::value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(exc::value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

fn too_big(what: &str) -> exc::PyErr {
    exc::new(
        "OverflowError",
        format!("{what} must not exceed 9223372036854775807"),
    )
}

/// `n * (n - 1) * ... * (n - k + 1)` for a big `n` and a machine-size `k`.
fn falling(n: &BigInt, k: u64) -> BigInt {
    match n.to_u64() {
        Some(small) => range_product(small - k + 1, small + 1),
        None => {
            let mut acc = BigInt::one();
            for i in 0..k {
                acc *= n - i;
            }
            acc
        }
    }
}

pub fn comb(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("comb", 2, 2).in_module("math");
    SIG.bind(a, kw)?;
    let (n, k) = n_and_k(vm, &a[0], &a[1])?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let Some(k) = k.to_i64() else {
        return Err(too_big("min(n - k, k)"));
    };
    let k = k as u64;
    let num = falling(&n, k);
    Ok(Value::from_bigint(num / range_product(1, k + 1)))
}

pub fn perm(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("perm", 1, 2).in_module("math");
    SIG.bind(a, kw)?;
    let k_value = match a.get(1) {
        None | Some(Value::None) => None,
        Some(k) => Some(k.clone()),
    };
    let Some(k_value) = k_value else {
        return factorial(vm, &a[..1], &[]);
    };
    let (n, k) = n_and_k(vm, &a[0], &k_value)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let Some(k) = k.to_i64() else {
        return Err(too_big("k"));
    };
    Ok(Value::from_bigint(falling(&n, k as u64)))
}
