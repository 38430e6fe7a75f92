//! `int`: machine-word fast path with an arbitrary-precision fallback.
//!
//! CPython 3.13 stores every int as an array of 30-bit digits and has a fast path for
//! "compact" (single-digit) ints. Here the compact form is `Value::Int(i64)`; an operation that
//! overflows is redone with `num_bigint` and normalized back (see the invariant in `value.rs`).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::value::Value;

/// Returns `Int` when `b` fits in an `i64`, else `BigInt`.
pub fn normalize(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::BigInt(std::rc::Rc::new(b)),
    }
}

/// The big-int view of an int-like value (`bool` counts as int, as in Python).
pub fn to_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(b.get() as i64)),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// CPython's `hash(int)`: the value modulo 2**61 - 1, keeping the sign; -1 becomes -2.
pub fn hash_i64(i: i64) -> i64 {
    const MODULUS: i64 = (1 << 61) - 1;
    let h = if i < 0 {
        -((-(i as i128) % MODULUS as i128) as i64)
    } else {
        i % MODULUS
    };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash()` of a big int.
pub fn hash_big(b: &BigInt) -> i64 {
    let modulus = BigInt::from((1i64 << 61) - 1);
    let r = (b.abs() % &modulus).to_i64().unwrap_or(0);
    let h = if b.is_negative() { -r } else { r };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Integer operators, on the big-int path (the caller already tried the i64 fast path).
#[derive(Debug, Clone, Copy)]
pub enum IntOp {
    Add,
    Sub,
    Mul,
    FloorDiv,
    Mod,
    Pow,
    And,
    Or,
    Xor,
    Lshift,
    Rshift,
}

/// Error of an int operation, mapped to a Python exception by the caller.
#[derive(Debug)]
pub enum IntError {
    ZeroDivision(&'static str),
    NegativeShift,
    /// `int ** negative` gives a float: the caller redoes it on floats.
    NegativePow,
    TooBig,
    /// The result would need more 30-bit digits than CPython's `_PyLong_New` allows
    /// (OverflowError "too many digits in integer").
    TooManyDigits,
    /// The result fits CPython's limits but not this machine's memory (MemoryError).
    NoMemory,
}

/// CPython's `MAX_LONG_DIGITS` on a 64-bit build: the largest int has this many 30-bit digits
/// (`(PY_SSIZE_T_MAX - offsetof(PyLongObject, long_value.ob_digit)) / sizeof(digit)`).
const MAX_LONG_DIGITS: u128 = (i64::MAX as u128 - 24) / 4;

/// Bits per CPython int digit (`PyLong_SHIFT`).
const PYLONG_SHIFT: u128 = 30;

/// Checks that an int of `bits` bits can be created: CPython's digit limit first, then this
/// process's allocator (probed fallibly, since num-bigint would abort on a failed allocation).
fn check_size(bits: u128) -> Result<(), IntError> {
    if bits.div_ceil(PYLONG_SHIFT) > MAX_LONG_DIGITS {
        return Err(IntError::TooManyDigits);
    }
    let bytes = usize::try_from(bits.div_ceil(8)).map_err(|_| IntError::NoMemory)?;
    let mut probe: Vec<u8> = Vec::new();
    probe
        .try_reserve_exact(bytes)
        .map_err(|_| IntError::NoMemory)
}

/// `x << y` for `y >= 0` by CPython's rule: a shift whose word count does not even fit its
/// clip (`PY_SSIZE_T_MAX / sizeof(digit)`) is clipped there, so it fails as "too many digits".
fn big_lshift(x: BigInt, y: &BigInt) -> Result<BigInt, IntError> {
    if x.is_zero() {
        return Ok(x);
    }
    let clip = (i64::MAX / 4) as u128;
    let words = y.to_u128().map_or(clip, |s| (s / PYLONG_SHIFT).min(clip));
    let rem = if words == clip {
        0
    } else {
        y.to_u128().unwrap_or(0) % PYLONG_SHIFT
    };
    let digits = (x.bits() as u128).div_ceil(PYLONG_SHIFT) + words + u128::from(rem != 0);
    check_size(digits * PYLONG_SHIFT)?;
    // Invariant: check_size accepted the result, so the shift fits usize.
    let s = usize::try_from(words * PYLONG_SHIFT + rem).map_err(|_| IntError::NoMemory)?;
    Ok(x << s)
}

/// `x >> y` for `y >= 0`: every bit shifted out leaves 0, or -1 for a negative `x` (floor).
fn big_rshift(x: BigInt, y: &BigInt) -> BigInt {
    match y.to_u64().filter(|&s| s < x.bits()) {
        Some(s) => x >> s,
        None if x.is_negative() => BigInt::from(-1),
        None => BigInt::zero(),
    }
}

/// `x ** e` for `e >= 0`. Bases 0, 1 and -1 take any exponent; otherwise the result's size is
/// checked before computing it.
fn big_pow(x: BigInt, e: &BigInt) -> Result<BigInt, IntError> {
    if x.is_zero() || x.is_one() || e.is_zero() {
        return Ok(if e.is_zero() { BigInt::one() } else { x });
    }
    if x == BigInt::from(-1) {
        return Ok(if e.is_even() { BigInt::one() } else { x });
    }
    let bits = e
        .to_u128()
        .and_then(|e| e.checked_mul(x.bits() as u128))
        .unwrap_or(u128::MAX);
    check_size(bits)?;
    // Invariant: check_size accepted at least `e` bits, so `e` fits usize.
    let e = e.to_usize().ok_or(IntError::NoMemory)?;
    Ok(num_traits::pow(x, e))
}

/// `a op b` for two ints, with machine-word fast paths and big-int fallback.
pub fn binop(op: IntOp, a: &Value, b: &Value) -> Result<Value, IntError> {
    if let (Some(x), Some(y)) = (small(a), small(b)) {
        if let Some(v) = small_binop(op, x, y)? {
            return Ok(Value::Int(v));
        }
    }
    let (x, y) = (to_big(a).unwrap_or_default(), to_big(b).unwrap_or_default());
    big_binop(op, x, y)
}

fn small(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(b.get() as i64),
        _ => None,
    }
}

/// The i64 result, `None` on overflow.
fn small_binop(op: IntOp, x: i64, y: i64) -> Result<Option<i64>, IntError> {
    Ok(match op {
        IntOp::Add => x.checked_add(y),
        IntOp::Sub => x.checked_sub(y),
        IntOp::Mul => x.checked_mul(y),
        IntOp::FloorDiv => {
            if y == 0 {
                return Err(IntError::ZeroDivision("integer division or modulo by zero"));
            }
            if x == i64::MIN && y == -1 {
                None
            } else {
                Some(Integer::div_floor(&x, &y))
            }
        }
        IntOp::Mod => {
            if y == 0 {
                return Err(IntError::ZeroDivision("integer modulo by zero"));
            }
            if x == i64::MIN && y == -1 {
                Some(0)
            } else {
                Some(x.mod_floor(&y))
            }
        }
        IntOp::Pow => {
            if y < 0 {
                return Err(IntError::NegativePow);
            }
            u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
        }
        IntOp::And => Some(x & y),
        IntOp::Or => Some(x | y),
        IntOp::Xor => Some(x ^ y),
        IntOp::Lshift => {
            if y < 0 {
                return Err(IntError::NegativeShift);
            }
            if y < 63 && x.unsigned_abs() < (1u64 << (63 - y)) {
                Some(x << y)
            } else if x == 0 {
                Some(0)
            } else {
                None
            }
        }
        IntOp::Rshift => {
            if y < 0 {
                return Err(IntError::NegativeShift);
            }
            Some(if y >= 64 {
                if x < 0 {
                    -1
                } else {
                    0
                }
            } else {
                x >> y
            })
        }
    })
}

fn big_binop(op: IntOp, x: BigInt, y: BigInt) -> Result<Value, IntError> {
    let r = match op {
        IntOp::Add => x + y,
        IntOp::Sub => x - y,
        IntOp::Mul => x * y,
        IntOp::FloorDiv | IntOp::Mod if y.is_zero() => {
            let msg = if matches!(op, IntOp::Mod) {
                "integer modulo by zero"
            } else {
                "integer division or modulo by zero"
            };
            return Err(IntError::ZeroDivision(msg));
        }
        IntOp::FloorDiv => x.div_floor(&y),
        IntOp::Mod => x.mod_floor(&y),
        IntOp::Pow => {
            if y.is_negative() {
                return Err(IntError::NegativePow);
            }
            big_pow(x, &y)?
        }
        IntOp::And => x & y,
        IntOp::Or => x | y,
        IntOp::Xor => x ^ y,
        IntOp::Lshift => {
            if y.is_negative() {
                return Err(IntError::NegativeShift);
            }
            big_lshift(x, &y)?
        }
        IntOp::Rshift => {
            if y.is_negative() {
                return Err(IntError::NegativeShift);
            }
            big_rshift(x, &y)
        }
    };
    Ok(normalize(r))
}

/// An int as f64 (for mixed int/float arithmetic); `None` when too large.
pub fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(b.get() as i64 as f64),
        Value::BigInt(b) => b.to_f64().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// `a / b` for two ints, correctly rounded like CPython's `long_true_divide`: when both fit in
/// 53 bits the float division is exact-input and already correctly rounded; otherwise the
/// quotient is computed on big ints with ~55 significant bits plus a sticky bit, so the final
/// conversion to f64 rounds once. `Err(TooBig)` when the result overflows a float.
pub fn true_divide(a: &Value, b: &Value) -> Result<f64, IntError> {
    let (x, y) = (to_big(a).unwrap_or_default(), to_big(b).unwrap_or_default());
    if y.is_zero() {
        return Err(IntError::ZeroDivision("division by zero"));
    }
    if x.bits() <= 53 && y.bits() <= 53 {
        let (fx, fy) = (x.to_f64().unwrap_or(0.0), y.to_f64().unwrap_or(1.0));
        return Ok(fx / fy);
    }
    let negative = x.is_negative() != y.is_negative();
    let (x, y) = (x.abs(), y.abs());
    // Choose `shift` so that the integer quotient has 55 or 56 bits.
    let shift = x.bits() as i64 - y.bits() as i64 - 55;
    let (num, den) = if shift >= 0 {
        (x, y << shift as usize)
    } else {
        (x << (-shift) as usize, y)
    };
    let (q, r) = num.div_rem(&den);
    // The sticky bit records a non-zero remainder so round-half-even sees "above half".
    let q = q.to_u64().unwrap_or(u64::MAX) | u64::from(!r.is_zero());
    let mut f = q as f64;
    // Scale by 2**shift in steps that cannot overflow or underflow an intermediate.
    let mut s = shift;
    while s != 0 {
        let step = s.clamp(-1000, 1000);
        f *= 2f64.powi(step as i32);
        s -= step;
    }
    if f.is_infinite() {
        return Err(IntError::TooBig);
    }
    Ok(if negative { -f } else { f })
}

/// Error of `pow(base, exp, mod)` with all-int arguments.
#[derive(Debug)]
pub enum PowModError {
    /// The modulus is 0.
    ZeroModulus,
    /// A negative exponent needs the inverse of `base`, which does not exist.
    NotInvertible,
}

/// `pow(base, exp, modulus)` for ints. A negative `exp` first inverts `base` modulo the
/// modulus (Python 3.8+). The result takes the sign of the modulus, like `%`.
pub fn pow_mod(base: &BigInt, exp: &BigInt, modulus: &BigInt) -> Result<BigInt, PowModError> {
    if modulus.is_zero() {
        return Err(PowModError::ZeroModulus);
    }
    let m = modulus.abs();
    let mut b = base.mod_floor(&m);
    let mut e = exp.clone();
    if e.is_negative() {
        b = mod_inverse(&b, &m).ok_or(PowModError::NotInvertible)?;
        e = -e;
    }
    // Invariant: here `e >= 0` and `m > 0`, so `modpow` cannot panic.
    let r = b.modpow(&e, &m);
    Ok(if modulus.is_negative() && !r.is_zero() {
        r - m
    } else {
        r
    })
}

/// The inverse of `a` modulo `m > 0` by the extended Euclidean algorithm, if `gcd(a, m) == 1`.
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let g = a.extended_gcd(m);
    if g.gcd != BigInt::from(1) {
        return None;
    }
    Some(g.x.mod_floor(m))
}

/// `round(x, ndigits)` for an int: exact, rounding half to even like CPython's `long_round`.
/// A non-negative `ndigits` leaves `x` unchanged.
pub fn round_digits(x: &BigInt, ndigits: i64) -> BigInt {
    if ndigits >= 0 {
        return x.clone();
    }
    // Past the number of decimal digits of `x` the result is 0 (also keeps `10**n` small).
    let max_digits = x.bits() / 3 + 2;
    let n = ndigits.unsigned_abs();
    if n > max_digits {
        return BigInt::zero();
    }
    let p = num_traits::pow(BigInt::from(10), n as usize);
    let r = x.mod_floor(&p);
    let q = x - &r;
    let twice = &r * 2;
    let odd_quotient = (&q / &p).is_odd();
    if twice > p || (twice == p && odd_quotient) {
        q + p
    } else {
        q
    }
}

/// CPython's default `sys.get_int_max_str_digits()`: decimal conversions of ints with more
/// digits raise ValueError (a guard against quadratic-time conversions, CVE-2020-10735).
pub const MAX_STR_DIGITS: usize = 4300;

/// `str(b)` in decimal, or the ValueError CPython raises past `MAX_STR_DIGITS` digits.
pub fn to_decimal(b: &BigInt) -> crate::exceptions::PyResult<String> {
    let too_many = || {
        crate::exceptions::value_error(format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion; \
             use sys.set_int_max_str_digits() to increase the limit"
        ))
    };
    // A number of `bits` bits has at least (bits - 1) * log10(2) + 1 digits: refuse early
    // without converting when that bound is already over the limit.
    if (b.bits().saturating_sub(1)) as f64 * std::f64::consts::LOG10_2 >= MAX_STR_DIGITS as f64 {
        return Err(too_many());
    }
    let s = b.to_string();
    if s.trim_start_matches('-').len() > MAX_STR_DIGITS {
        return Err(too_many());
    }
    Ok(s)
}

/// The ValueError of `int(text)` when a decimal literal has more than `MAX_STR_DIGITS` digits.
pub fn check_parse_digits(text: &str) -> crate::exceptions::PyResult<()> {
    let digits = text.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    if digits > MAX_STR_DIGITS {
        return Err(crate::exceptions::value_error(format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: \
             value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
        )));
    }
    Ok(())
}

/// `int(text, base)` as CPython's `PyLong_FromString`: optional whitespace and sign, for base 0
/// a `0x`/`0o`/`0b` prefix choosing the base (else 10, where a nonzero number cannot start with
/// 0), for bases 16, 8 and 2 the matching optional prefix, and single underscores between
/// digits (or after a prefix). `None` when the text is not such a literal.
/// Invariant: `base` is 0 or in `2..=36` (the caller rejects the rest).
pub fn parse_with_base(text: &str, base: u32) -> Option<BigInt> {
    let t = text.trim();
    let (negative, t) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let auto = base == 0;
    let lower = t.to_ascii_lowercase();
    let prefixed = |p: &str| lower.starts_with(p).then(|| &t[2..]);
    let (base, digits, had_prefix) = match base {
        0 => match [("0x", 16), ("0o", 8), ("0b", 2)]
            .into_iter()
            .find_map(|(p, b)| prefixed(p).map(|d| (b, d)))
        {
            Some((b, d)) => (b, d, true),
            None => (10, t, false),
        },
        16 | 8 | 2 => {
            let p = match base {
                16 => "0x",
                8 => "0o",
                _ => "0b",
            };
            prefixed(p).map_or((base, t, false), |d| (base, d, true))
        }
        b => (b, t, false),
    };
    // Underscores: one at a time, between digits, or right after a prefix.
    let digits = if had_prefix {
        digits.strip_prefix('_').unwrap_or(digits)
    } else {
        digits
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    // Base 0 without a prefix forbids `012` (but allows `0`, `00`).
    if auto && !had_prefix && leading_zero(&clean) {
        return None;
    }
    let magnitude = BigInt::parse_bytes(clean.as_bytes(), base)?;
    Some(if negative { -magnitude } else { magnitude })
}

/// True for digits with a leading zero and a nonzero value (`012`, not `0` or `00`).
fn leading_zero(clean: &str) -> bool {
    clean.starts_with('0') && !clean.trim_start_matches('0').is_empty()
}
