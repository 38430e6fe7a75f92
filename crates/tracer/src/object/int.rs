//! `int`: machine-word fast path with an arbitrary-precision fallback.
//!
//! CPython 3.13 stores every int as an array of 30-bit digits and has a fast path for
//! "compact" (single-digit) ints. Here the compact form is `Value::Int(i64)`; an operation that
//! overflows is redone with `num_bigint` and normalized back (see the invariant in `value.rs`).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

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
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
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
        Value::Bool(b) => Some(*b as i64),
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
            let e = y.to_u32().ok_or(IntError::TooBig)?;
            num_traits::pow(x, e as usize)
        }
        IntOp::And => x & y,
        IntOp::Or => x | y,
        IntOp::Xor => x ^ y,
        IntOp::Lshift => {
            if y.is_negative() {
                return Err(IntError::NegativeShift);
            }
            x << y.to_usize().ok_or(IntError::TooBig)?
        }
        IntOp::Rshift => {
            if y.is_negative() {
                return Err(IntError::NegativeShift);
            }
            let s = y.to_usize().unwrap_or(usize::MAX).min(1 << 20);
            x >> s
        }
    };
    Ok(normalize(r))
}

/// An int as f64 (for mixed int/float arithmetic); `None` when too large.
pub fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::BigInt(b) => b.to_f64().filter(|f| f.is_finite()),
        _ => None,
    }
}
