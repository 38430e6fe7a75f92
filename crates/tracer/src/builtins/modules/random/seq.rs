//! The integer and sequence methods of `random.Random`: `randrange`, `randint`, `choice`,
//! `shuffle`, `sample` and `choices`, each consuming the generator as `Lib/random.py` does
//! (every integer comes from `_randbelow_with_getrandbits`; `choices` without weights and
//! every weighted pick come from `random()`), with its error messages.

use std::collections::HashSet;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::builtins::args::{self, Sig};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

use super::{this, RandomObj};

fn big(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    let i = args::index(vm, v)?;
    Ok(crate::object::int::to_big(&i).unwrap_or_default())
}

/// The body of `randrange` once `start`, `stop` and `step` are known (`stop` absent: `None`).
fn randrange_values(
    vm: &mut Vm,
    r: &RandomObj,
    start: &Value,
    stop: Option<&Value>,
    step: Option<&Value>,
) -> PyResult<Value> {
    let istart = big(vm, start)?;
    let Some(stop) = stop.filter(|v| !matches!(v, Value::None)) else {
        // CPython tests `step is not _ONE`: only the small int 1 counts as "no step".
        if step.is_some_and(|s| !matches!(s, Value::Int(1))) {
            return Err(exc::type_error("Missing a non-None stop argument"));
        }
        if istart.is_positive() {
            return Ok(Value::from_bigint(r.below(&istart)));
        }
        return Err(exc::value_error("empty range for randrange()"));
    };
    let istop = big(vm, stop)?;
    let width = &istop - &istart;
    let istep = match step {
        Some(s) => big(vm, s)?,
        None => BigInt::one(),
    };
    if istep.is_one() {
        if width.is_positive() {
            return Ok(Value::from_bigint(istart + r.below(&width)));
        }
        let (a, b) = (vm.to_str(start)?, vm.to_str(stop)?);
        return Err(exc::value_error(format!(
            "empty range in randrange({a}, {b})"
        )));
    }
    let n = if istep.is_positive() {
        (&width + &istep - BigInt::one()).div_floor(&istep)
    } else if istep.is_negative() {
        (&width + &istep + BigInt::one()).div_floor(&istep)
    } else {
        return Err(exc::value_error("zero step for randrange()"));
    };
    if !n.is_positive() {
        let (a, b) = (vm.to_str(start)?, vm.to_str(stop)?);
        let c = vm.to_str(step.unwrap_or(&Value::Int(1)))?;
        return Err(exc::value_error(format!(
            "empty range in randrange({a}, {b}, {c})"
        )));
    }
    Ok(Value::from_bigint(istart + istep * r.below(&n)))
}

pub fn randrange(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("randrange", &["start", "stop", "step"], 0, 1);
    let r = this(a, "randrange")?;
    let b = SIG.bind(&a[1..], kw)?;
    let start = b.get(0).unwrap_or(&Value::None);
    randrange_values(vm, r, start, b.get(1), b.get(2))
}

pub fn randint(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("randint", &["a", "b"], 0, 2);
    let r = this(a, "randint")?;
    let b = SIG.bind(&a[1..], kw)?;
    let (lo, hi) = (
        b.get(0).unwrap_or(&Value::None),
        b.get(1).unwrap_or(&Value::None),
    );
    // `randrange(a, b + 1)`: `b + 1` is Python addition (a float stays a float and is then
    // refused by randrange's `_index`).
    let stop = match hi {
        Value::Float(f) => Value::Float(f + 1.0),
        other => Value::from_bigint(big(vm, other)? + 1),
    };
    randrange_values(vm, r, lo, Some(&stop), None)
}

pub fn choice(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("choice", &["seq"], 0, 1);
    let r = this(a, "choice")?;
    let b = SIG.bind(&a[1..], kw)?;
    let seq = b.get(0).unwrap_or(&Value::None);
    let n = vm.len(seq)?;
    if n == 0 {
        return Err(exc::new(
            "IndexError",
            "Cannot choose from an empty sequence",
        ));
    }
    let i = r.below_u64(n as u64) as usize;
    match seq {
        Value::List(l) => Ok(l.borrow()[i].clone()),
        Value::Tuple(t) => Ok(t[i].clone()),
        _ => vm.getitem(seq, &Value::Int(i as i64)),
    }
}

pub fn shuffle(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("shuffle", &["x"], 0, 1);
    let r = this(a, "shuffle")?;
    let b = SIG.bind(&a[1..], kw)?;
    let x = b.get(0).unwrap_or(&Value::None);
    let n = vm.len(x)?;
    for i in (1..n).rev() {
        let j = r.below_u64(i as u64 + 1) as usize;
        if let Value::List(l) = x {
            let mut items = l.borrow_mut();
            if i < items.len() && j < items.len() {
                items.swap(i, j);
                continue;
            }
        }
        let (vi, vj) = (Value::Int(i as i64), Value::Int(j as i64));
        let xj = vm.getitem(x, &vj)?;
        let xi = vm.getitem(x, &vi)?;
        vm.setitem(x, &vi, xj)?;
        vm.setitem(x, &vj, xi)?;
    }
    Ok(Value::None)
}

/// The indices `sample(range(n), k)` picks, in selection order (`0 <= k <= n` checked).
fn sample_indices(r: &RandomObj, n: u64, k: u64) -> Vec<u64> {
    let mut setsize: u64 = 21;
    if k > 5 {
        let exponent = ((k * 3) as f64).ln() / 4f64.ln();
        setsize += 4u64.saturating_pow(exponent.ceil() as u32);
    }
    let mut result = Vec::with_capacity(k as usize);
    if n <= setsize {
        let mut pool: Vec<u64> = (0..n).collect();
        for i in 0..k {
            let j = r.below_u64(n - i) as usize;
            result.push(pool[j]);
            pool[j] = pool[(n - i - 1) as usize];
        }
    } else {
        let mut selected = HashSet::new();
        for _ in 0..k {
            let mut j = r.below_u64(n);
            while selected.contains(&j) {
                j = r.below_u64(n);
            }
            selected.insert(j);
            result.push(j);
        }
    }
    result
}

/// `population[i]` for an index found by `sample` or `choices`.
fn item(vm: &mut Vm, population: &Value, i: u64) -> PyResult<Value> {
    match population {
        Value::List(l) => {
            if let Some(v) = l.borrow().get(i as usize) {
                return Ok(v.clone());
            }
        }
        Value::Tuple(t) => {
            if let Some(v) = t.get(i as usize) {
                return Ok(v.clone());
            }
        }
        _ => {}
    }
    vm.getitem(population, &Value::Int(i as i64))
}

/// `isinstance(population, collections.abc.Sequence)` for the types the VM has.
fn is_sequence(v: &Value) -> bool {
    matches!(
        v,
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_) | Value::Bytes(_)
    )
}

/// `k` of `sample`, checked as `0 <= k <= n` and then `[None] * k` check it.
fn sample_k(vm: &mut Vm, k: &Value, n: u64) -> PyResult<u64> {
    let too_big = || exc::value_error("Sample larger than population or is negative");
    match k {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
            let k = big(vm, k)?;
            match k.to_u64() {
                Some(k) if k <= n => Ok(k),
                _ => Err(too_big()),
            }
        }
        Value::Float(f) if !(0.0 <= *f && *f <= n as f64) => Err(too_big()),
        other => Err(exc::type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            type_name_of(other)
        ))),
    }
}

pub fn sample(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("sample", &["population", "k", "counts"], 0, 2).kwonly_from(2);
    let r = this(a, "sample")?;
    let b = SIG.bind(&a[1..], kw)?;
    let population = b.get(0).unwrap_or(&Value::None);
    let k = b.get(1).unwrap_or(&Value::None);
    if !is_sequence(population) {
        return Err(exc::type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        ));
    }
    let n = vm.len(population)? as u64;
    if let Some(counts) = b.get_not_none(2) {
        return sample_counts(vm, r, population, n, counts, k);
    }
    let k = sample_k(vm, k, n)?;
    let picks = sample_indices(r, n, k);
    let mut out = Vec::with_capacity(picks.len());
    for i in picks {
        out.push(item(vm, population, i)?);
    }
    Ok(Value::list(out))
}

/// `sample(population, k, counts=counts)`: a sample of `range(total)` mapped back through
/// the cumulative counts with `bisect`.
fn sample_counts(
    vm: &mut Vm,
    r: &RandomObj,
    population: &Value,
    n: u64,
    counts: &Value,
    k: &Value,
) -> PyResult<Value> {
    let mut cum: Vec<BigInt> = Vec::new();
    let mut total = BigInt::zero();
    for c in vm.collect(counts)? {
        match &c {
            Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
                total += crate::object::int::to_big(&c).unwrap_or_default();
            }
            other => {
                return Err(crate::builtins::unsupported(&format!(
                    "random.sample() with counts of type {}",
                    type_name_of(other)
                )))
            }
        }
        cum.push(total.clone());
    }
    if cum.len() as u64 != n {
        return Err(exc::value_error(
            "The number of counts does not match the population",
        ));
    }
    let total = cum.pop().unwrap_or_default();
    if !total.is_positive() {
        return Err(exc::value_error(
            "Total of counts must be greater than zero",
        ));
    }
    let total = total.to_u64().ok_or_else(|| {
        crate::builtins::unsupported("random.sample() with counts totalling 2**64 or more")
    })?;
    let k = sample_k(vm, k, total)?;
    let mut out = Vec::new();
    for s in sample_indices(r, total, k) {
        let s = BigInt::from(s);
        let i = cum.partition_point(|c| *c <= s) as u64;
        out.push(item(vm, population, i)?);
    }
    Ok(Value::list(out))
}

/// A running total of weights as Python adds them: ints stay exact until a float joins.
#[derive(Clone, Copy, Debug)]
enum Weight {
    Int(i128),
    Float(f64),
}

impl Weight {
    fn of(v: &Value) -> PyResult<Weight> {
        match v {
            Value::Int(i) => Ok(Weight::Int(i128::from(*i))),
            Value::Bool(b) => Ok(Weight::Int(i128::from(*b))),
            Value::Float(f) => Ok(Weight::Float(*f)),
            other => Err(crate::builtins::unsupported(&format!(
                "random.choices() with weights of type {}",
                type_name_of(other)
            ))),
        }
    }
    fn float(self) -> f64 {
        match self {
            Weight::Int(i) => i as f64,
            Weight::Float(f) => f,
        }
    }
    fn add(self, other: Weight) -> PyResult<Weight> {
        Ok(match (self, other) {
            (Weight::Int(a), Weight::Int(b)) => Weight::Int(a.checked_add(b).ok_or_else(|| {
                crate::builtins::unsupported("random.choices() with weights beyond 2**127")
            })?),
            (a, b) => Weight::Float(a.float() + b.float()),
        })
    }
    /// `x < self` for a float `x`, exactly as Python compares a float with an int.
    fn above(self, x: f64) -> bool {
        match self {
            Weight::Float(f) => x < f,
            Weight::Int(i) => {
                if x.is_nan() {
                    false
                } else if x.is_infinite() {
                    x < 0.0
                } else {
                    let fl = x.floor();
                    // x < i  <=>  floor(x) < i (i an integer).
                    (fl as i128) < i
                }
            }
        }
    }
}

/// `k` of `choices` (`itertools.repeat(None, k)`): a negative count repeats nothing.
fn repeat_count(vm: &mut Vm, k: Option<&Value>) -> PyResult<u64> {
    match k {
        None => Ok(1),
        Some(v) => {
            let n = args::index_ssize(vm, v)?;
            Ok(n.max(0) as u64)
        }
    }
}

pub fn choices(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords(
        "choices",
        &["population", "weights", "cum_weights", "k"],
        0,
        1,
    )
    .kwonly_from(2);
    let r = this(a, "choices")?;
    let b = SIG.bind(&a[1..], kw)?;
    let population = b.get(0).unwrap_or(&Value::None);
    let n = vm.len(population)?;
    let weights = b.get_not_none(1);
    let cum = match (weights, b.get_not_none(2)) {
        (None, None) => {
            let k = repeat_count(vm, b.get(3))?;
            let nf = n as f64;
            let mut out = Vec::new();
            for _ in 0..k {
                let i = (r.random() * nf).floor() as u64;
                out.push(item(vm, population, i)?);
            }
            return Ok(Value::list(out));
        }
        (Some(w), None) => {
            if let Value::Int(k) = w {
                if vm.get_iter(w).is_err() {
                    return Err(exc::type_error(format!(
                        "The number of choices must be a keyword argument: k={k}"
                    )));
                }
            }
            let mut cum = Vec::new();
            let mut acc: Option<Weight> = None;
            for v in vm.collect(w)? {
                let wv = Weight::of(&v)?;
                let next = match acc {
                    None => wv,
                    Some(t) => t.add(wv)?,
                };
                acc = Some(next);
                cum.push(next);
            }
            cum
        }
        (None, Some(c)) => {
            let items = vm.collect(c)?;
            items.iter().map(Weight::of).collect::<PyResult<Vec<_>>>()?
        }
        (Some(_), Some(_)) => {
            return Err(exc::type_error(
                "Cannot specify both weights and cumulative weights",
            ))
        }
    };
    if cum.len() != n {
        return Err(exc::value_error(
            "The number of weights does not match the population",
        ));
    }
    let Some(last) = cum.last() else {
        return Err(exc::new("IndexError", "list index out of range"));
    };
    let total = last.float() + 0.0;
    if total <= 0.0 {
        return Err(exc::value_error(
            "Total of weights must be greater than zero",
        ));
    }
    if !total.is_finite() {
        return Err(exc::value_error("Total of weights must be finite"));
    }
    let k = repeat_count(vm, b.get(3))?;
    let hi = n - 1;
    let mut out = Vec::new();
    for _ in 0..k {
        let x = r.random() * total;
        // bisect_right(cum_weights, x, 0, hi)
        let (mut lo, mut top) = (0usize, hi);
        while lo < top {
            let mid = (lo + top) / 2;
            if cum[mid].above(x) {
                top = mid;
            } else {
                lo = mid + 1;
            }
        }
        out.push(item(vm, population, lo as u64)?);
    }
    Ok(Value::list(out))
}
