//! Binary operators and comparisons (CPython's `Objects/abstract.c` number protocol and
//! `PyObject_RichCompare`), with dunder dispatch for instances of user classes.
//!
//! `BINARY_OP`'s oparg is an `NB_*` index (`bytecode::NB_OPS`): 0..=12 the plain operators,
//! 13..=25 their in-place forms, which behave the same for the immutable and builtin types
//! supported here except `list += iterable` (extends in place).

use std::rc::Rc;

use super::subclass;
use crate::exceptions::{self as exc, PyResult};
use crate::object::int::{self as int, IntError, IntOp};
use crate::object::type_name_of;
use crate::value::{BoolBits, Value};
use crate::vm::Vm;

/// Dunder names of the `NB_*` operators (plain form), indexed by oparg % 13.
const DUNDERS: [(&str, &str); 13] = [
    ("__add__", "__radd__"),
    ("__and__", "__rand__"),
    ("__floordiv__", "__rfloordiv__"),
    ("__lshift__", "__rlshift__"),
    ("__matmul__", "__rmatmul__"),
    ("__mul__", "__rmul__"),
    ("__mod__", "__rmod__"),
    ("__or__", "__ror__"),
    ("__pow__", "__rpow__"),
    ("__rshift__", "__rrshift__"),
    ("__sub__", "__rsub__"),
    ("__truediv__", "__rtruediv__"),
    ("__xor__", "__rxor__"),
];

/// Comparison operators in `COMPARE_OP` order (`oparg >> 5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl CmpOp {
    /// From `oparg >> 5`.
    pub fn from_index(i: usize) -> CmpOp {
        [
            CmpOp::Lt,
            CmpOp::Le,
            CmpOp::Eq,
            CmpOp::Ne,
            CmpOp::Gt,
            CmpOp::Ge,
        ][i.min(5)]
    }

    fn symbol(self) -> &'static str {
        ["<", "<=", "==", "!=", ">", ">="][self as usize]
    }

    fn dunder(self) -> &'static str {
        ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"][self as usize]
    }

    fn swapped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }

    /// Applies the operator to an ordering.
    pub fn test(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
        }
    }
}

fn is_intlike(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

fn as_float(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(f.get()),
        other => int::to_f64(other),
    }
}

/// Numeric equality across int/float/bool (`None` when either is not a number).
pub fn num_eq(a: &Value, b: &Value) -> Option<bool> {
    num_cmp(a, b).map(|o| o == Some(std::cmp::Ordering::Equal))
}

/// Numeric ordering (`Some(None)` for comparisons with NaN).
fn num_cmp(a: &Value, b: &Value) -> Option<Option<std::cmp::Ordering>> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(Some(x.cmp(y))),
        _ if is_intlike(a) && is_intlike(b) => Some(Some(int::to_big(a)?.cmp(&int::to_big(b)?))),
        (Value::Float(x), y) if is_intlike(y) => Some(float_int_cmp(x.get(), y)),
        (x, Value::Float(y)) if is_intlike(x) => {
            Some(float_int_cmp(y.get(), x).map(|o| o.reverse()))
        }
        (Value::Float(x), Value::Float(y)) => Some(x.get().partial_cmp(&y.get())),
        _ => None,
    }
}

fn float_int_cmp(x: f64, i: &Value) -> Option<std::cmp::Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Less
        });
    }
    match i {
        Value::Int(n) if n.unsigned_abs() < (1u64 << 53) => x.partial_cmp(&(*n as f64)),
        _ => {
            // Exact comparison through big ints: compare floor(x) first, then the fraction.
            let fl = x.floor();
            let big = num_bigint::BigInt::from(fl as i128);
            let ib = int::to_big(i)?;
            match big.cmp(&ib) {
                std::cmp::Ordering::Equal if x > fl => Some(std::cmp::Ordering::Greater),
                o => Some(o),
            }
        }
    }
}

fn int_err(e: IntError) -> crate::exceptions::PyErr {
    match e {
        IntError::ZeroDivision(m) => exc::zero_division(m),
        IntError::NegativeShift => exc::value_error("negative shift count"),
        IntError::NegativePow | IntError::TooBig => exc::new("OverflowError", "int too large"),
        IntError::TooManyDigits => exc::new("OverflowError", "too many digits in integer"),
        IntError::NoMemory => memory_error(),
    }
}

/// Float arithmetic for operator index `op` (0..=12).
fn float_binop(op: usize, x: f64, y: f64) -> PyResult<Option<Value>> {
    Ok(Some(Value::float(match op {
        0 => x + y,
        10 => x - y,
        5 => x * y,
        11 => {
            if y == 0.0 {
                return Err(exc::zero_division("float division by zero"));
            }
            x / y
        }
        2 => {
            if y == 0.0 {
                return Err(exc::zero_division("float floor division by zero"));
            }
            crate::object::float::div_mod(x, y).0
        }
        6 => {
            if y == 0.0 {
                return Err(exc::zero_division("float modulo by zero"));
            }
            crate::object::float::div_mod(x, y).1
        }
        8 => {
            if x == 0.0 && y < 0.0 {
                return Err(exc::zero_division(
                    "0.0 cannot be raised to a negative power",
                ));
            }
            let r = x.powf(y);
            // CPython reports a finite ** finite that overflows as errno ERANGE.
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(exc::new(
                    "OverflowError",
                    "(34, 'Numerical result out of range')",
                ));
            }
            r
        }
        _ => return Ok(None),
    })))
}

/// Int arithmetic for operator index `op`.
fn int_binop(op: usize, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    let iop = match op {
        0 => IntOp::Add,
        10 => IntOp::Sub,
        5 => IntOp::Mul,
        2 => IntOp::FloorDiv,
        6 => IntOp::Mod,
        1 => IntOp::And,
        7 => IntOp::Or,
        12 => IntOp::Xor,
        3 => IntOp::Lshift,
        9 => IntOp::Rshift,
        8 => IntOp::Pow,
        11 => {
            return match int::true_divide(a, b) {
                Ok(f) => Ok(Some(Value::float(f))),
                Err(IntError::TooBig) => Err(exc::new(
                    "OverflowError",
                    "integer division result too large for a float",
                )),
                Err(e) => Err(int_err(e)),
            };
        }
        _ => return Ok(None),
    };
    if matches!((a, b), (Value::Bool(_), Value::Bool(_)))
        && matches!(iop, IntOp::And | IntOp::Or | IntOp::Xor)
    {
        let (x, y) = (
            matches!(a, Value::Bool(BoolBits::TRUE)),
            matches!(b, Value::Bool(BoolBits::TRUE)),
        );
        return Ok(Some(Value::bool(match iop {
            IntOp::And => x & y,
            IntOp::Or => x | y,
            _ => x ^ y,
        })));
    }
    match int::binop(iop, a, b) {
        Ok(v) => Ok(Some(v)),
        Err(IntError::NegativePow) => match (as_float(a), as_float(b)) {
            (Some(x), Some(y)) => float_binop(8, x, y),
            _ => Err(exc::new(
                "OverflowError",
                "int too large to convert to float",
            )),
        },
        Err(e) => Err(int_err(e)),
    }
}

/// The repeat count of `seq * n`: negative counts as 0; a big int does not fit an index
/// (CPython: OverflowError "cannot fit 'int' into an index-sized integer").
fn repeat_count(n: &Value) -> PyResult<usize> {
    match n {
        Value::Int(n) => Ok((*n).max(0) as usize),
        Value::Bool(b) => Ok(b.get() as usize),
        Value::BigInt(b) if num_traits::Signed::is_negative(&**b) => Ok(0),
        _ => Err(exc::new(
            "OverflowError",
            "cannot fit 'int' into an index-sized integer",
        )),
    }
}

/// `items * n`. The allocation is reserved up front and fallibly: a result too large for memory
/// raises MemoryError instead of aborting the process.
fn repeat<T: Clone>(items: &[T], n: &Value) -> PyResult<Vec<T>> {
    let n = repeat_count(n)?;
    repeat_n_times(items, n)
}

/// `s * n` for a str (`what` = "string") or bytes (`what` = "bytes"), whose `len` counts
/// characters or bytes. Unlike lists and tuples (MemoryError), CPython rejects a result longer
/// than `PY_SSIZE_T_MAX` items with OverflowError before trying to allocate it.
fn repeat_text(data: &[u8], len: usize, n: &Value, too_long: &str) -> PyResult<Vec<u8>> {
    let n = repeat_count(n)?;
    if n > 0 && len > isize::MAX as usize / n {
        return Err(exc::new("OverflowError", too_long));
    }
    repeat_n_times(data, n)
}

fn repeat_n_times<T: Clone>(items: &[T], n: usize) -> PyResult<Vec<T>> {
    if items.is_empty() {
        // `[] * 2**62` is instant in CPython too: no 2**62 empty copies.
        return Ok(Vec::new());
    }
    let total = items.len().checked_mul(n).ok_or_else(memory_error)?;
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| memory_error())?;
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    Ok(out)
}

/// CPython's MemoryError for a request the allocator cannot satisfy (it has no message).
pub fn memory_error() -> crate::exceptions::PyErr {
    exc::new("MemoryError", "")
}

impl Vm {
    /// `a <op> b` for `BINARY_OP` oparg `nb`.
    pub fn binary_op(&mut self, a: &Value, b: &Value, nb: usize) -> PyResult<Value> {
        let inplace = nb >= 13;
        let op = nb % 13;
        if let Some(v) = self.builtin_binop(a, b, op, inplace)? {
            return Ok(v);
        }
        if let Some(v) = self.view_binop(a, b, op)? {
            return Ok(v);
        }
        let (name, rname) = DUNDERS[op];
        if inplace {
            let iname = format!("__i{}", &name[2..]);
            if let Some(v) = self.call_dunder_opt(a, &iname, std::slice::from_ref(b))? {
                if !matches!(v, Value::NotImplemented) {
                    return Ok(v);
                }
            }
        }
        if let Some(v) = self.call_dunder_opt(a, name, std::slice::from_ref(b))? {
            if !matches!(v, Value::NotImplemented) {
                return Ok(v);
            }
        }
        if let Some(v) = self.call_dunder_opt(b, rname, std::slice::from_ref(a))? {
            if !matches!(v, Value::NotImplemented) {
                return Ok(v);
            }
        }
        if subclass::payload(a).is_some() || subclass::payload(b).is_some() {
            // The builtin base's operator on the payloads; `l += x` keeps `l` itself.
            let (pa, pb) = (
                subclass::unwrapped(a).clone(),
                subclass::unwrapped(b).clone(),
            );
            let r = self.binary_op(&pa, &pb, nb)?;
            return Ok(if inplace && r.is(&pa) { a.clone() } else { r });
        }
        // `int | str` and `int | None` build a `types.UnionType` (PEP 604) in CPython, which the
        // VM does not have: refuse by name rather than raise a TypeError CPython would not.
        let type_or_none = |v: &Value| matches!(v, Value::Type(_) | Value::None);
        if op == 7
            && type_or_none(a)
            && type_or_none(b)
            && (matches!(a, Value::Type(_)) || matches!(b, Value::Type(_)))
        {
            return Err(super::unsupported("`|` between types (PEP 604 unions)"));
        }
        let sym = crate::bytecode::NB_OPS[nb];
        let (ta, tb) = (type_name_of(a), type_name_of(b));
        Err(match (op, a, b) {
            (0, Value::Str(_), _) => {
                exc::type_error(format!("can only concatenate str (not \"{tb}\") to str"))
            }
            (0, Value::List(_), _) => {
                exc::type_error(format!("can only concatenate list (not \"{tb}\") to list"))
            }
            (0, Value::Tuple(_), _) => exc::type_error(format!(
                "can only concatenate tuple (not \"{tb}\") to tuple"
            )),
            (5, Value::Str(_) | Value::List(_) | Value::Tuple(_), _)
            | (5, _, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => {
                let other = if matches!(a, Value::Str(_) | Value::List(_) | Value::Tuple(_)) {
                    tb
                } else {
                    ta
                };
                exc::type_error(format!(
                    "can't multiply sequence by non-int of type '{other}'"
                ))
            }
            (8, _, _) => {
                exc::unsupported_binop(if inplace { "**=" } else { "** or pow()" }, &ta, &tb)
            }
            _ => exc::unsupported_binop(sym, &ta, &tb),
        })
    }

    /// The builtin types' operators; `None` when the types do not support `op`.
    fn builtin_binop(
        &mut self,
        a: &Value,
        b: &Value,
        op: usize,
        inplace: bool,
    ) -> PyResult<Option<Value>> {
        if is_intlike(a) && is_intlike(b) {
            return int_binop(op, a, b);
        }
        if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
            if let (Some(x), Some(y)) = (as_float(a), as_float(b)) {
                return float_binop(op, x, y);
            }
            if (is_intlike(a) || is_intlike(b)) && matches!(op, 0 | 2 | 5 | 6 | 8 | 10 | 11) {
                // The other operand is an int too large for a float.
                return Err(exc::new(
                    "OverflowError",
                    "int too large to convert to float",
                ));
            }
        }
        Ok(match (op, a, b) {
            (0, Value::Str(x), Value::Str(y)) => {
                let mut s = String::with_capacity(x.as_str().len() + y.as_str().len());
                s.push_str(x.as_str());
                s.push_str(y.as_str());
                Some(Value::str(s))
            }
            (0, Value::List(x), _) if inplace => {
                let items = self.collect_hinted(b)?;
                x.borrow_mut().extend(items);
                Some(a.clone())
            }
            (0, Value::List(x), Value::List(y)) => {
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                Some(Value::list(v))
            }
            (0, Value::Tuple(x), Value::Tuple(y)) => {
                Some(Value::tuple(x.iter().chain(y.iter()).cloned().collect()))
            }
            (0, Value::Bytes(x), Value::Bytes(y)) => Some(Value::Bytes(Rc::new(
                x.iter().chain(y.iter()).copied().collect(),
            ))),
            (5, Value::Str(s), n) | (5, n, Value::Str(s)) if is_intlike(n) => {
                let text = s.as_str().as_bytes();
                let bytes = repeat_text(text, s.char_len(), n, "repeated string is too long")?;
                // Invariant: repeating valid UTF-8 bytes gives valid UTF-8.
                Some(Value::str(String::from_utf8(bytes).unwrap_or_default()))
            }
            (5, Value::Bytes(b), n) | (5, n, Value::Bytes(b)) if is_intlike(n) => {
                let too_long = "repeated bytes are too long";
                Some(Value::Bytes(Rc::new(repeat_text(b, b.len(), n, too_long)?)))
            }
            (5, Value::List(l), n) | (5, n, Value::List(l)) if is_intlike(n) => {
                let items = repeat(&l.borrow(), n)?;
                if inplace && matches!(a, Value::List(_)) {
                    *l.borrow_mut() = items;
                    Some(a.clone())
                } else {
                    Some(Value::list(items))
                }
            }
            (5, Value::Tuple(t), n) | (5, n, Value::Tuple(t)) if is_intlike(n) => {
                Some(Value::tuple(repeat(t, n)?))
            }
            (6, Value::Str(fmt), args) => {
                Some(Value::str(self.percent_format(fmt.as_str(), args)?))
            }
            (1 | 7 | 10 | 12, Value::Set(x), Value::Set(y)) => {
                // Both operands are read in place (no copy); the result is built new.
                let (xs, ys) = (x.borrow(), y.borrow());
                let mut out = crate::object::Set::new(xs.frozen);
                match op {
                    1 => xs
                        .iter()
                        .filter(|k| ys.contains(k))
                        .for_each(|k| out.insert(k.clone())),
                    7 => xs
                        .iter()
                        .chain(ys.iter())
                        .for_each(|k| out.insert(k.clone())),
                    10 => xs
                        .iter()
                        .filter(|k| !ys.contains(k))
                        .for_each(|k| out.insert(k.clone())),
                    _ => {
                        xs.iter()
                            .filter(|k| !ys.contains(k))
                            .for_each(|k| out.insert(k.clone()));
                        ys.iter()
                            .filter(|k| !xs.contains(k))
                            .for_each(|k| out.insert(k.clone()));
                    }
                }
                let frozen = xs.frozen;
                drop((xs, ys));
                if inplace && !frozen {
                    *x.borrow_mut() = out;
                    Some(a.clone())
                } else {
                    Some(Value::set(out))
                }
            }
            (7, Value::Dict(x), Value::Dict(y)) => {
                let mut d = x.borrow().clone();
                for k in y.borrow().hkeys() {
                    let v = y.borrow().get(k).cloned().unwrap_or(Value::None);
                    d.insert(k.clone(), v);
                }
                Some(Value::dict(d))
            }
            _ => None,
        })
    }

    /// `str % args` (printf-style formatting: %s %r %d %i %f %.Nf %x %%).
    fn percent_format(&mut self, fmt: &str, args: &Value) -> PyResult<String> {
        // CPython lets a mapping-like right operand go unused (it may feed `%(name)s`).
        let may_be_unused = matches!(args, Value::List(_) | Value::Dict(_) | Value::Instance(_));
        let args: Vec<Value> = match args {
            Value::Tuple(t) => t.to_vec(),
            other => vec![other.clone()],
        };
        let mut out = String::new();
        let mut it = args.into_iter();
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut spec = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || matches!(d, '.' | '-' | '+' | ' ' | '0' | '#') {
                    spec.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            let conv = chars.next().unwrap_or('%');
            if conv == '%' {
                out.push('%');
                continue;
            }
            let arg = it
                .next()
                .ok_or_else(|| exc::type_error("not enough arguments for format string"))?;
            let spec = spec.replace('-', "<");
            let body = match conv {
                's' => {
                    let s = self.to_str(&arg)?;
                    self.format_value(&Value::str(s), &spec)?
                }
                'r' => {
                    let s = self.repr(&arg)?;
                    self.format_value(&Value::str(s), &spec)?
                }
                'd' | 'i' => {
                    let i = self.to_int(&arg)?;
                    self.format_value(&i, &format!("{spec}d"))?
                }
                other => self.format_value(&arg, &format!("{spec}{other}"))?,
            };
            out.push_str(&body);
        }
        if it.next().is_some() && !may_be_unused {
            return Err(exc::type_error(
                "not all arguments converted during string formatting",
            ));
        }
        Ok(out)
    }

    /// `-v`, `+v`, `~v`, `not v` helpers for `UNARY_*`.
    pub fn unary_negative(&mut self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(i) => Ok(i
                .checked_neg()
                .map(Value::Int)
                .unwrap_or_else(|| Value::from_bigint(-num_bigint::BigInt::from(*i)))),
            Value::Bool(b) => Ok(Value::Int(-(b.get() as i64))),
            Value::BigInt(b) => Ok(Value::from_bigint(-(**b).clone())),
            Value::Float(f) => Ok(Value::float(-f.get())),
            _ => match self.call_dunder_opt(v, "__neg__", &[])? {
                Some(r) => Ok(r),
                None if subclass::payload(v).is_some() => {
                    self.unary_negative(&subclass::unwrapped(v).clone())
                }
                None => Err(exc::type_error(format!(
                    "bad operand type for unary -: '{}'",
                    type_name_of(v)
                ))),
            },
        }
    }

    /// `~v`.
    pub fn unary_invert(&mut self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(i) => Ok(Value::Int(!i)),
            Value::Bool(b) => Ok(Value::Int(!(b.get() as i64))),
            Value::BigInt(b) => Ok(Value::from_bigint(-(**b).clone() - 1)),
            _ if subclass::payload(v).is_some() => {
                self.unary_invert(&subclass::unwrapped(v).clone())
            }
            _ => Err(exc::type_error(format!(
                "bad operand type for unary ~: '{}'",
                type_name_of(v)
            ))),
        }
    }

    /// `+v`.
    pub fn unary_positive(&mut self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(_) | Value::BigInt(_) | Value::Float(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::Int(b.get() as i64)),
            _ => match self.call_dunder_opt(v, "__pos__", &[])? {
                Some(r) => Ok(r),
                None if subclass::payload(v).is_some() => {
                    self.unary_positive(&subclass::unwrapped(v).clone())
                }
                None => Err(exc::type_error(format!(
                    "bad operand type for unary +: '{}'",
                    type_name_of(v)
                ))),
            },
        }
    }

    /// `a == b` as a bool (dunder `__eq__` honoured).
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let Some(v) = self.view_compare(a, b, CmpOp::Eq)? {
            return self.truthy(&v);
        }
        if let Some(r) = builtin_eq(a, b) {
            return Ok(r);
        }
        match (a, b) {
            (Value::List(x), Value::List(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                self.seq_eq(&x, &y)
            }
            (Value::Tuple(x), Value::Tuple(y)) => self.seq_eq(x, y),
            (Value::Dict(x), Value::Dict(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, v) in x.hkeys().map(|k| (k, x.get(k))) {
                    match (y.get(k), v) {
                        (Some(w), Some(v)) => {
                            if !self.eq(v, w)? {
                                return Ok(false);
                            }
                        }
                        _ => return Ok(false),
                    }
                }
                Ok(true)
            }
            _ => {
                let r = self.rich_compare(a, b, CmpOp::Eq)?;
                self.truthy(&r)
            }
        }
    }

    fn seq_eq(&mut self, x: &[Value], y: &[Value]) -> PyResult<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (p, q) in x.iter().zip(y) {
            if !p.is(q) && !self.eq(p, q)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `a <op> b` as a value (what `COMPARE_OP` computes before the bool conversion).
    pub fn rich_compare(&mut self, a: &Value, b: &Value, op: CmpOp) -> PyResult<Value> {
        if let Some(v) = self.view_compare(a, b, op)? {
            return Ok(v);
        }
        if let Some(ord) = num_cmp(a, b) {
            return Ok(Value::bool(
                ord.is_some_and(|o| op.test(o)) || (op == CmpOp::Ne && ord.is_none()),
            ));
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => {
                return Ok(Value::bool(op.test(x.as_str().cmp(y.as_str()))))
            }
            (Value::Bytes(x), Value::Bytes(y)) => return Ok(Value::bool(op.test(x.cmp(y)))),
            // A tuple cannot change, so its items are compared in place; a list is copied
            // first, as a comparison that runs Python code may change it.
            (Value::Tuple(x), Value::Tuple(y)) => return self.seq_compare(x, y, op),
            (Value::List(_), Value::List(_)) => {
                let x = self.seq_items(a);
                let y = self.seq_items(b);
                return self.seq_compare(&x, &y, op);
            }
            (Value::Set(x), Value::Set(y)) => {
                // Read in place (membership tests run no Python code), and only the inclusion
                // the operator needs, after CPython's size checks: no copy of either set.
                let (x, y) = (x.borrow(), y.borrow());
                let subset = |a: &crate::object::Set, b: &crate::object::Set| {
                    a.len() <= b.len() && a.iter().all(|k| b.contains(k))
                };
                return Ok(Value::bool(match op {
                    CmpOp::Eq => x.len() == y.len() && subset(&x, &y),
                    CmpOp::Ne => !(x.len() == y.len() && subset(&x, &y)),
                    CmpOp::Le => subset(&x, &y),
                    CmpOp::Lt => x.len() < y.len() && subset(&x, &y),
                    CmpOp::Ge => subset(&y, &x),
                    CmpOp::Gt => x.len() > y.len() && subset(&y, &x),
                }));
            }
            _ => {}
        }
        if matches!(op, CmpOp::Eq | CmpOp::Ne) {
            if let Some(r) = builtin_eq(a, b) {
                return Ok(Value::bool(r == (op == CmpOp::Eq)));
            }
            if matches!((a, b), (Value::Dict(_), Value::Dict(_))) {
                let r = self.eq(a, b)?;
                return Ok(Value::bool(r == (op == CmpOp::Eq)));
            }
        }
        if let Some(v) = self.call_dunder_opt(a, op.dunder(), std::slice::from_ref(b))? {
            if !matches!(v, Value::NotImplemented) {
                return Ok(v);
            }
        }
        if let Some(v) = self.call_dunder_opt(b, op.swapped().dunder(), std::slice::from_ref(a))? {
            if !matches!(v, Value::NotImplemented) {
                return Ok(v);
            }
        }
        if subclass::payload(a).is_some() || subclass::payload(b).is_some() {
            let (pa, pb) = (
                subclass::unwrapped(a).clone(),
                subclass::unwrapped(b).clone(),
            );
            return self.rich_compare(&pa, &pb, op);
        }
        match op {
            CmpOp::Eq => Ok(Value::bool(a.is(b))),
            CmpOp::Ne => {
                if let Some(Value::Bool(r)) =
                    self.call_dunder_opt(a, "__eq__", std::slice::from_ref(b))?
                {
                    return Ok(Value::bool(!r.get()));
                }
                Ok(Value::bool(!a.is(b)))
            }
            _ => Err(exc::type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                type_name_of(a),
                type_name_of(b)
            ))),
        }
    }

    fn seq_items(&self, v: &Value) -> Vec<Value> {
        match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.to_vec(),
            _ => Vec::new(),
        }
    }

    fn seq_compare(&mut self, x: &[Value], y: &[Value], op: CmpOp) -> PyResult<Value> {
        for (p, q) in x.iter().zip(y) {
            if !p.is(q) && !self.eq(p, q)? {
                if op == CmpOp::Eq {
                    return Ok(Value::Bool(BoolBits::FALSE));
                }
                if op == CmpOp::Ne {
                    return Ok(Value::Bool(BoolBits::TRUE));
                }
                return self.rich_compare(p, q, op);
            }
        }
        Ok(Value::bool(op.test(x.len().cmp(&y.len()))))
    }

    /// `a < b` as a bool (used by `sort`, `min`, `max`).
    pub fn less_than(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(x < y);
        }
        let r = self.rich_compare(a, b, CmpOp::Lt)?;
        self.truthy(&r)
    }
}

/// Equality for the cases that need no dunder dispatch; `None` otherwise.
fn builtin_eq(a: &Value, b: &Value) -> Option<bool> {
    if let Some(r) = num_eq(a, b) {
        return Some(r);
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.as_str() == y.as_str()),
        (Value::None, Value::None) => Some(true),
        (Value::Bytes(x), Value::Bytes(y)) => Some(x == y),
        (Value::Instance(_) | Value::Native(_), _) | (_, Value::Instance(_) | Value::Native(_)) => {
            None
        }
        (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)) => None,
        (Value::Dict(_), Value::Dict(_)) | (Value::Set(_), Value::Set(_)) => None,
        _ => Some(a.is(b)),
    }
}
