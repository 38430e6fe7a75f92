//! Constant folding on the AST, as CPython 3.13's `ast_opt.c` does before code generation:
//! literals, tuples of constants, unary and binary operators on constants (within CPython's
//! size limits, so `2**1000` stays a computation), and lists/sets used only for iteration or
//! membership turned into tuples/frozensets.

use crate::object::namehash::{FastMap, FastSet};
use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{FromPrimitive, One, Signed, ToPrimitive, Zero};
use ruff_python_ast::{self as ast, Expr, Number, Operator, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use crate::code::Const;

/// Largest int result (in bits) CPython folds.
const MAX_INT_SIZE: u64 = 128;
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_STR_SIZE: usize = 4096;

/// True when `c` is or holds a complex number.
pub fn has_complex(c: &Const) -> bool {
    match c {
        Const::Complex { .. } => true,
        Const::Tuple(items) | Const::FrozenSet(items) => items.iter().any(has_complex),
        _ => false,
    }
}

/// Folds expressions, remembering each node's result: code generation asks for the constant of
/// every node on its way down, and without the memo a chain like `a + a + ... + a` would be
/// folded again from each of its nodes (quadratic time in the chain's length).
#[derive(Default)]
pub struct Folder {
    /// Keyed by the node's address and range: the tree outlives the folder and never moves
    /// (the range guards against a temporary copy reusing a freed address).
    memo: RefCell<FastMap<(usize, TextRange), Option<Const>>>,
    /// The module's identifiers, interned by CPython's parser (see `interned.rs`).
    pub identifiers: FastSet<String>,
    /// The source, when a listing is made of a module spelling lone surrogates (their literals
    /// are decoded again from it: see `surrogates.rs`).
    pub surrogate_source: Option<Rc<str>>,
    /// Offsets of the surrogate escapes decoded into constants so far.
    pub surrogates_decoded: RefCell<Vec<usize>>,
    /// Where a literal with surrogates could not be decoded.
    pub surrogate_failure: RefCell<Option<usize>>,
}

impl Folder {
    /// A folder for a module whose identifiers are `identifiers`.
    pub fn with_identifiers(identifiers: FastSet<String>) -> Folder {
        Folder {
            identifiers,
            ..Default::default()
        }
    }

    /// The constant value of `e` after folding, if it has one.
    pub fn fold(&self, e: &Expr) -> Option<Const> {
        let key = (e as *const Expr as usize, e.range());
        if let Some(known) = self.memo.borrow().get(&key) {
            return known.clone();
        }
        let value = self.fold_node(e);
        self.memo.borrow_mut().insert(key, value.clone());
        value
    }

    fn fold_node(&self, e: &Expr) -> Option<Const> {
        match e {
            Expr::NumberLiteral(n) => Some(match &n.value {
                Number::Int(i) => match i.as_i64() {
                    Some(v) => Const::Int(v),
                    None => big(int_literal(&i.to_string())?),
                },
                Number::Float(f) => Const::Float(*f),
                Number::Complex { real, imag } => Const::Complex {
                    re: *real,
                    im: *imag,
                },
            }),
            Expr::StringLiteral(s) => Some(self.string_literal(s)),
            Expr::BytesLiteral(b) => Some(Const::Bytes(b.value.bytes().collect())),
            Expr::BooleanLiteral(b) => Some(Const::Bool(b.value)),
            Expr::NoneLiteral(_) => Some(Const::None),
            // `__debug__` is True unless Python runs with -O.
            Expr::Name(n) if n.ctx == ast::ExprContext::Load && n.id.as_str() == "__debug__" => {
                Some(Const::Bool(true))
            }
            Expr::EllipsisLiteral(_) => Some(Const::Ellipsis),
            Expr::Tuple(t) if t.ctx == ast::ExprContext::Load => self.const_tuple(&t.elts),
            Expr::UnaryOp(u) => unary(u.op, &self.fold(&u.operand)?),
            Expr::BinOp(b) => binary(b.op, &self.fold(&b.left)?, &self.fold(&b.right)?),
            Expr::Subscript(s) if s.ctx == ast::ExprContext::Load => {
                subscript(&self.fold(&s.value)?, &self.fold(&s.slice)?)
            }
            _ => None,
        }
    }

    fn string_literal(&self, s: &ast::ExprStringLiteral) -> Const {
        if let Some(source) = &self.surrogate_source {
            let mut decoded = self.surrogates_decoded.borrow_mut();
            match super::surrogates::decode(source, s, &mut decoded) {
                Ok(Some(units)) => return Const::SurrogateStr(units.into()),
                Ok(None) => {}
                Err(at) => {
                    self.surrogate_failure.borrow_mut().get_or_insert(at);
                }
            }
        }
        Const::Str(Rc::from(s.value.to_str()))
    }

    /// A tuple constant if every element folds.
    pub fn const_tuple<'e>(&self, elts: impl IntoIterator<Item = &'e Expr>) -> Option<Const> {
        let items: Option<Vec<Const>> = elts.into_iter().map(|e| self.fold(e)).collect();
        Some(Const::Tuple(items?.into()))
    }

    /// For `for x in {1, 2}` / `x in {1, 2}`: a frozenset constant if every element folds.
    pub fn const_frozenset(&self, elts: &[Expr]) -> Option<Const> {
        let items: Option<Vec<Const>> = elts.iter().map(|e| self.fold(e)).collect();
        let mut unique: Vec<Const> = Vec::new();
        for c in items? {
            // A set keeps the first of equal items: `{1, 1.0, True}` is `{1}`.
            let key = set_key(&c);
            if !unique.iter().any(|u| set_key(u) == key) {
                unique.push(c);
            }
        }
        // Built from the source order, then again by the constant merging (from its own
        // order), and a third time if interning swaps an item (see `interned.rs`).
        let reinterned = unique.iter().any(|c| match c {
            Const::Str(s) => {
                super::interned::name_like(s)
                    && (self.identifiers.contains(&**s)
                        || crate::optimize::globals::is_static_string(s))
            }
            _ => false,
        });
        let mut items = set_order(set_order(unique));
        if reinterned {
            items = set_order(items);
        }
        Some(Const::FrozenSet(items.into()))
    }
}

/// `"abc"[1]`, `(1, 2)[0]`, `b"ab"[0]` with a constant index.
fn subscript(container: &Const, index: &Const) -> Option<Const> {
    let i = match index {
        Const::Int(i) => *i,
        Const::Bool(b) => i64::from(*b),
        _ => return None,
    };
    let pick = |len: usize| -> Option<usize> {
        let i = if i < 0 { i + len as i64 } else { i };
        (0..len as i64).contains(&i).then_some(i as usize)
    };
    match container {
        Const::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            Some(Const::Str(chars[pick(chars.len())?].to_string().into()))
        }
        Const::SurrogateStr(u) => Some(text_or_surrogates(vec![u[pick(u.len())?]])),
        Const::Bytes(b) => Some(Const::Int(i64::from(b[pick(b.len())?]))),
        Const::Tuple(t) => Some(t[pick(t.len())?].clone()),
        _ => None,
    }
}

/// The value of an int literal too wide for 64 bits, written in any base (`0x1234...`,
/// `0b1...`, `1_000...`): ruff keeps such a literal's text.
fn int_literal(text: &str) -> Option<BigInt> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..]),
        Some("0o") => (8, &lower[2..]),
        Some("0b") => (2, &lower[2..]),
        _ => (10, lower.as_str()),
    };
    BigInt::parse_bytes(body.as_bytes(), radix)
}

fn big(v: BigInt) -> Const {
    match v.to_i64() {
        Some(i) => Const::Int(i),
        None => Const::BigInt(v.to_string().into()),
    }
}

fn as_big(c: &Const) -> Option<BigInt> {
    match c {
        Const::Int(i) => Some(BigInt::from(*i)),
        Const::BigInt(b) => b.parse().ok(),
        Const::Bool(b) => Some(BigInt::from(u8::from(*b))),
        _ => None,
    }
}

fn as_float(c: &Const) -> Option<f64> {
    match c {
        Const::Float(f) => Some(*f),
        Const::Int(_) | Const::BigInt(_) | Const::Bool(_) => as_big(c)?.to_f64(),
        _ => None,
    }
}

fn unary(op: UnaryOp, v: &Const) -> Option<Const> {
    match (op, v) {
        // `~True` is deprecated, CPython leaves it to run time.
        (UnaryOp::Invert, Const::Bool(_)) => None,
        (UnaryOp::Not, v) => Some(Const::Bool(!super::consts::is_true(v))),
        (UnaryOp::USub, Const::Float(f)) => Some(Const::Float(-f)),
        (UnaryOp::USub, Const::Complex { re, im }) => Some(Const::Complex { re: -re, im: -im }),
        (UnaryOp::UAdd, Const::Float(_) | Const::Complex { .. }) => Some(v.clone()),
        (UnaryOp::USub, _) => Some(big(-as_big(v)?)),
        (UnaryOp::UAdd, _) => Some(big(as_big(v)?)),
        (UnaryOp::Invert, _) => Some(big(-(as_big(v)? + BigInt::from(1)))),
    }
}

fn binary(op: Operator, l: &Const, r: &Const) -> Option<Const> {
    // `bool & bool` (and `|`, `^`) stays a bool.
    if let (Const::Bool(a), Const::Bool(b)) = (l, r) {
        match op {
            Operator::BitAnd => return Some(Const::Bool(a & b)),
            Operator::BitOr => return Some(Const::Bool(a | b)),
            Operator::BitXor => return Some(Const::Bool(a ^ b)),
            _ => {}
        }
    }
    if let (Const::Str(a), Const::Str(b)) = (l, r) {
        return (op == Operator::Add).then(|| Const::Str(format!("{a}{b}").into()));
    }
    if let (Some(a), Some(b)) = (code_points(l), code_points(r)) {
        return (op == Operator::Add).then(|| text_or_surrogates([a, b].concat()));
    }
    if let (Const::Bytes(a), Const::Bytes(b)) = (l, r) {
        return (op == Operator::Add)
            .then(|| Const::Bytes(a.iter().chain(b.iter()).copied().collect()));
    }
    if matches!(l, Const::Complex { .. }) || matches!(r, Const::Complex { .. }) {
        return complex_binary(op, as_complex(l)?, as_complex(r)?);
    }
    if op == Operator::Mult {
        // `seq * n` and `n * seq`, within CPython's size limits; a negative count is left to
        // run time (CPython's safe_multiply refuses it).
        let (seq, n) = match (as_big(l), as_big(r)) {
            (None, Some(n)) => (l, n),
            (Some(n), None) => (r, n),
            _ => (l, BigInt::from(-1)),
        };
        if !matches!(
            seq,
            Const::Int(_)
                | Const::BigInt(_)
                | Const::Bool(_)
                | Const::Float(_)
                | Const::Complex { .. }
        ) {
            return repeat(seq, &n);
        }
    }
    if let (Const::Tuple(a), Const::Tuple(b)) = (l, r) {
        return (op == Operator::Add && a.len() + b.len() <= MAX_COLLECTION_SIZE)
            .then(|| Const::Tuple(a.iter().chain(b.iter()).cloned().collect()));
    }
    if matches!(l, Const::Str(_) | Const::SurrogateStr(_) | Const::Bytes(_)) {
        return None;
    }
    match (as_big(l), as_big(r)) {
        (Some(a), Some(b)) => int_binary(op, a, b),
        _ => float_binary(op, as_float(l)?, as_float(r)?),
    }
}

fn as_complex(c: &Const) -> Option<(f64, f64)> {
    match c {
        Const::Complex { re, im } => Some((*re, *im)),
        other => Some((as_float(other)?, 0.0)),
    }
}

/// Complex `+ - * /` as CPython's `_Py_c_sum`, `_Py_c_diff`, `_Py_c_prod`, `_Py_c_quot`.
fn complex_binary(op: Operator, (a, b): (f64, f64), (c, d): (f64, f64)) -> Option<Const> {
    let (re, im) = match op {
        Operator::Add => (a + c, b + d),
        Operator::Sub => (a - c, b - d),
        Operator::Mult => (a * c - b * d, a * d + b * c),
        Operator::Div if c.abs() >= d.abs() => {
            if c == 0.0 {
                return None;
            }
            let ratio = d / c;
            let denom = c + d * ratio;
            ((a + b * ratio) / denom, (b - a * ratio) / denom)
        }
        Operator::Div if d.abs() >= c.abs() => {
            let ratio = c / d;
            let denom = c * ratio + d;
            ((a * ratio + b) / denom, (b * ratio - a) / denom)
        }
        Operator::Pow => return complex_pow((a, b), (c, d)),
        _ => return None,
    };
    Some(Const::Complex {
        re: fresh_nan(re),
        im: fresh_nan(im),
    })
}

/// Complex `**` as CPython's `complex_pow`: an integral real exponent up to 100 in size by
/// repeated squaring (`c_powi`), any other by the polar form (`_Py_c_pow`). Left to run time
/// when CPython raises (zero to a negative or complex power, overflow).
fn complex_pow(base: (f64, f64), exp: (f64, f64)) -> Option<Const> {
    let prod = |(a, b): (f64, f64), (c, d): (f64, f64)| (a * c - b * d, a * d + b * c);
    let (re, im) = if base == (0.0, 0.0) && exp != (0.0, 0.0) {
        if exp.1 != 0.0 || exp.0 < 0.0 {
            return None;
        }
        (0.0, 0.0)
    } else if exp.1 == 0.0 && exp.0 == exp.0.floor() && exp.0.abs() <= 100.0 {
        let n = exp.0 as i64;
        let (mut acc, mut square, mut k) = ((1.0, 0.0), base, n.unsigned_abs());
        while k > 0 {
            if k & 1 == 1 {
                acc = prod(acc, square);
            }
            square = prod(square, square);
            k >>= 1;
        }
        if n >= 0 {
            acc
        } else {
            let Some(Const::Complex { re, im }) = complex_binary(Operator::Div, (1.0, 0.0), acc)
            else {
                return None;
            };
            (re, im)
        }
    } else if exp == (0.0, 0.0) {
        (1.0, 0.0)
    } else {
        let size = base.0.hypot(base.1);
        let angle = base.1.atan2(base.0);
        let mut len = size.powf(exp.0);
        let mut phase = angle * exp.0;
        if exp.1 != 0.0 {
            len /= (angle * exp.1).exp();
            phase += exp.1 * size.ln();
        }
        (len * phase.cos(), len * phase.sin())
    };
    (re.is_finite() && im.is_finite()).then_some(Const::Complex { re, im })
}

/// A NaN result gets a payload of its own: CPython makes a new float object per folded NaN
/// and, NaN being unequal to itself, never merges two of them in `co_consts`; distinct bits
/// keep our constant pool from merging them either. (Every NaN prints as `nan`.)
fn fresh_nan(v: f64) -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SERIAL: AtomicU64 = AtomicU64::new(1);
    if !v.is_nan() {
        return v;
    }
    let serial = SERIAL.fetch_add(1, Ordering::Relaxed) & ((1 << 50) - 1);
    f64::from_bits(0x7ff8_0000_0000_0000 | serial)
}

/// Equality of constants as a set sees it: numbers by value across int, bool, float and
/// complex (`1 == 1.0 == True`), the rest as the constant pool keys them.
fn set_key(c: &Const) -> String {
    match c {
        Const::Int(_) | Const::BigInt(_) | Const::Bool(_) => {
            format!("n{}", as_big(c).unwrap_or_default())
        }
        Const::Float(f) if f.is_finite() && f.fract() == 0.0 => {
            format!("n{}", BigInt::from_f64(*f).unwrap_or_default())
        }
        Const::Complex { re, im } if *im == 0.0 => set_key(&Const::Float(*re)),
        Const::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(set_key).collect();
            format!("t({})", inner.join(","))
        }
        other => super::consts::const_key(other),
    }
}

/// `seq * n` for str, bytes and tuples.
fn repeat(seq: &Const, n: &BigInt) -> Option<Const> {
    let n = usize::try_from(n.to_i64()?).ok()?;
    match seq {
        Const::Str(s) => {
            let len = s.chars().count();
            (len == 0 || n <= MAX_STR_SIZE / len).then(|| Const::Str(s.repeat(n).into()))
        }
        Const::SurrogateStr(u) => (u.is_empty() || n <= MAX_STR_SIZE / u.len())
            .then(|| Const::SurrogateStr(u.repeat(n).into())),
        Const::Bytes(b) => {
            (b.is_empty() || n <= MAX_STR_SIZE / b.len()).then(|| Const::Bytes(b.repeat(n).into()))
        }
        Const::Tuple(t) => (t.is_empty() || n <= MAX_COLLECTION_SIZE / t.len())
            .then(|| Const::Tuple(t.iter().cloned().cycle().take(t.len() * n).collect())),
        _ => None,
    }
}

fn int_binary(op: Operator, a: BigInt, b: BigInt) -> Option<Const> {
    let bits = |v: &BigInt| v.bits();
    let v = match op {
        Operator::Add => a + b,
        Operator::Sub => a - b,
        Operator::Mult => {
            if !a.is_zero() && !b.is_zero() && bits(&a) + bits(&b) > MAX_INT_SIZE {
                return None;
            }
            a * b
        }
        Operator::FloorDiv if !b.is_zero() => a.div_floor(&b),
        Operator::Mod if !b.is_zero() => a.mod_floor(&b),
        Operator::Div if !b.is_zero() => return Some(Const::Float(a.to_f64()? / b.to_f64()?)),
        Operator::Pow => {
            if b.is_negative() {
                if a.is_zero() {
                    return None;
                }
                return Some(Const::Float(a.to_f64()?.powf(b.to_f64()?)));
            }
            // CPython's safe_power checks sizes only for a non-zero base, so `0 ** 10**30`
            // folds while `1 ** 10**30` (an exponent beyond size_t) does not.
            if a.is_zero() {
                return Some(big(if b.is_zero() { BigInt::one() } else { a }));
            }
            let e = b.to_u32()?;
            if bits(&a) * u64::from(e) > MAX_INT_SIZE {
                return None;
            }
            a.pow(e)
        }
        // safe_lshift likewise lets `0 << n` through for any n >= 0.
        Operator::LShift if a.is_zero() && !b.is_negative() => a,
        Operator::LShift => {
            let s = b.to_u64()?;
            if !a.is_zero() && (s > MAX_INT_SIZE || bits(&a) > MAX_INT_SIZE - s) {
                return None;
            }
            a << s
        }
        // Any non-negative shift folds; past the last bit it is 0 (or -1 for a negative `a`).
        Operator::RShift if b.is_negative() => return None,
        Operator::RShift => match b.to_u64().filter(|&s| s < a.bits()) {
            Some(s) => a >> s,
            None if a.is_negative() => BigInt::from(-1),
            None => BigInt::zero(),
        },
        Operator::BitAnd => a & b,
        Operator::BitOr => a | b,
        Operator::BitXor => a ^ b,
        _ => return None,
    };
    Some(big(v))
}

fn float_binary(op: Operator, a: f64, b: f64) -> Option<Const> {
    let v = match op {
        Operator::Add => a + b,
        Operator::Sub => a - b,
        Operator::Mult => a * b,
        Operator::Div if b != 0.0 => a / b,
        Operator::FloorDiv if b != 0.0 => crate::object::float::div_mod(a, b).0,
        Operator::Mod if b != 0.0 => crate::object::float::div_mod(a, b).1,
        Operator::Pow if !(a < 0.0 && b.fract() != 0.0 || a == 0.0 && b < 0.0) => a.powf(b),
        _ => return None,
    };
    // Float arithmetic overflows to inf without an error, but `**` raises OverflowError.
    (v.is_finite() || op != Operator::Pow).then_some(Const::Float(fresh_nan(v)))
}

/// CPython's `hash()` of a constant when it does not depend on the per-process string hash
/// seed (ints, bools, integral floats).
fn stable_hash(c: &Const) -> Option<u64> {
    const MODULUS: i128 = (1 << 61) - 1;
    let v: i128 = match c {
        Const::Int(i) => i128::from(*i),
        Const::Bool(b) => i128::from(*b),
        Const::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => *f as i128,
        Const::Str(s) => return Some(super::strhash::str_hash(s)),
        Const::SurrogateStr(u) => return Some(super::strhash::code_points_hash(u)),
        Const::None => return Some(0xFCA8_6420),
        Const::Tuple(items) => {
            let hashes: Option<Vec<u64>> = items.iter().map(stable_hash).collect();
            return Some(super::strhash::tuple_hash(&hashes?));
        }
        Const::Bytes(b) => return Some(super::strhash::bytes_hash(b)),
        _ => return None,
    };
    let mut h = v.abs() % MODULUS;
    if v < 0 {
        h = -h;
    }
    if h == -1 {
        h = -2;
    }
    Some(h as i64 as u64)
}

/// Iteration order of a frozenset built once from `items`, simulating CPython's open-addressing
/// set table (8 slots, linear probes of 9, perturbed jumps, growth at 60% fill). Strings and
/// bytes hash as under `PYTHONHASHSEED=0` (`strhash.rs`); other items without a known hash
/// keep insertion order.
pub fn set_order(items: Vec<Const>) -> Vec<Const> {
    let Some(hashes) = items.iter().map(stable_hash).collect::<Option<Vec<u64>>>() else {
        return items;
    };
    let once = |entries: Vec<(u64, Const)>| -> Vec<(u64, Const)> {
        let mut table: Vec<Option<(u64, Const)>> = vec![None; 8];
        let mut used = 0usize;
        for (hash, key) in entries {
            insert(&mut table, hash, key);
            used += 1;
            let mask = table.len() - 1;
            if used * 5 >= mask * 3 {
                let mut size = 8;
                while size <= used * 4 {
                    size <<= 1;
                }
                let old = std::mem::replace(&mut table, vec![None; size]);
                for (h, k) in old.into_iter().flatten() {
                    insert(&mut table, h, k);
                }
            }
        }
        table.into_iter().flatten().collect()
    };
    once(hashes.into_iter().zip(items).collect())
        .into_iter()
        .map(|(_, k)| k)
        .collect()
}

fn insert(table: &mut [Option<(u64, Const)>], hash: u64, key: Const) {
    const LINEAR_PROBES: usize = 9;
    let mask = table.len() - 1;
    let mut perturb = hash;
    let mut i = (hash as usize) & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        };
        if let Some(slot) = table[i..=i + probes].iter_mut().find(|s| s.is_none()) {
            *slot = Some((hash, key));
            return;
        }
        perturb >>= 5;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize))
            & mask;
    }
}

/// The code points of a str constant, surrogates or not.
fn code_points(c: &Const) -> Option<Vec<u32>> {
    match c {
        Const::Str(s) => Some(s.chars().map(u32::from).collect()),
        Const::SurrogateStr(u) => Some(u.to_vec()),
        _ => None,
    }
}

/// A str constant of `units`: a plain one when no lone surrogate is left.
pub(super) fn text_or_surrogates(units: Vec<u32>) -> Const {
    match super::surrogates::as_text(&units) {
        Some(text) => Const::Str(text.into()),
        None => Const::SurrogateStr(units.into()),
    }
}
