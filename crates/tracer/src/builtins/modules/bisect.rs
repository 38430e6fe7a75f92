//! The `bisect` module: binary search in a sorted sequence, and insertion keeping it sorted.
//!
//! As CPython's `_bisectmodule.c`: every probe is one `<` (`x < a[mid]` for the right
//! variants, `a[mid] < x` for the left ones), `key` is applied to the probed item only (never
//! to `x` in `bisect_*`, to `x` once in `insort_*`), `hi=None` means `len(a)`, and `insort`
//! inserts with `list.insert` for a list, with the sequence's own `insert` method otherwise.
//!
//! ```text
//!   bisect_right([1, 2, 2, 3], 2)  -> 3      lo=0 hi=4: mid 2 (2<2? no) lo=3; mid 3 (2<3) hi=3
//!   bisect_left ([1, 2, 2, 3], 2)  -> 1
//! ```

use crate::builtins::args::{self, Sig};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// The arguments every function here takes: `(a, x, lo=0, hi=len(a), *, key=None)`.
struct Search {
    a: Value,
    x: Value,
    lo: i64,
    hi: i64,
    key: Option<Value>,
}

fn parse(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>, sig: &'static Sig) -> PyResult<Search> {
    let b = sig.bind(a, kw)?;
    let seq = b.get(0).cloned().unwrap_or(Value::None);
    let x = b.get(1).cloned().unwrap_or(Value::None);
    let lo = match b.get(2) {
        Some(v) => args::index_ssize(vm, v)?,
        None => 0,
    };
    let hi = match b.get_not_none(3) {
        Some(v) => args::index_ssize(vm, v)?,
        None => -1,
    };
    let key = b.get_not_none(4).cloned();
    Ok(Search {
        a: seq,
        x,
        lo,
        hi,
        key,
    })
}

/// The index where `x` goes: after equal items (`right`) or before them.
fn search(vm: &mut Vm, s: &Search, x: &Value, right: bool) -> PyResult<i64> {
    if s.lo < 0 {
        return Err(exc::value_error("lo must be non-negative"));
    }
    let (mut lo, mut hi) = (s.lo, s.hi);
    if hi == -1 {
        hi = vm.len(&s.a)? as i64;
    }
    while lo < hi {
        let mid = ((lo as u64 + hi as u64) / 2) as i64;
        let mut item = match &s.a {
            Value::List(l) => match l.borrow().get(mid as usize) {
                Some(v) => v.clone(),
                None => return Err(exc::index_error("list index out of range")),
            },
            seq => vm.getitem(seq, &Value::Int(mid))?,
        };
        if let Some(k) = &s.key {
            item = vm.call(k, std::slice::from_ref(&item), &[])?;
        }
        let below = if right {
            super::support::lt(vm, x, &item)?
        } else {
            super::support::lt(vm, &item, x)?
        };
        match (right, below) {
            (true, true) | (false, false) => hi = mid,
            _ => lo = mid + 1,
        }
    }
    Ok(lo)
}

fn insort(vm: &mut Vm, s: &Search, right: bool) -> PyResult<Value> {
    let probe = match &s.key {
        Some(k) => vm.call(k, std::slice::from_ref(&s.x), &[])?,
        None => s.x.clone(),
    };
    let index = search(vm, s, &probe, right)?;
    match &s.a {
        Value::List(l) => {
            let mut l = l.borrow_mut();
            let at = usize::try_from(index).unwrap_or(0).min(l.len());
            l.insert(at, s.x.clone());
        }
        seq => {
            let insert = vm.getattr(seq, "insert")?;
            vm.call(&insert, &[Value::Int(index), s.x.clone()], &[])?;
        }
    }
    Ok(Value::None)
}

const PARAMS: &[&str] = &["a", "x", "lo", "hi", "key"];

fn bisect_right(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("bisect_right", PARAMS, 0, 2)
        .kwonly_from(4)
        .in_module("bisect");
    let s = parse(vm, a, kw, &SIG)?;
    Ok(Value::Int(search(vm, &s, &s.x, true)?))
}

fn bisect_left(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("bisect_left", PARAMS, 0, 2)
        .kwonly_from(4)
        .in_module("bisect");
    let s = parse(vm, a, kw, &SIG)?;
    Ok(Value::Int(search(vm, &s, &s.x, false)?))
}

fn insort_right(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("insort_right", PARAMS, 0, 2)
        .kwonly_from(4)
        .in_module("bisect");
    let s = parse(vm, a, kw, &SIG)?;
    insort(vm, &s, true)
}

fn insort_left(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("insort_left", PARAMS, 0, 2)
        .kwonly_from(4)
        .in_module("bisect");
    let s = parse(vm, a, kw, &SIG)?;
    insort(vm, &s, false)
}

/// A fresh `bisect` module object (`bisect` and `insort` are the `_right` functions, as in
/// bisect.py).
pub fn module(_: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, crate::object::BuiltinFn)] = &[
        ("bisect_right", FastKw, bisect_right),
        ("bisect_left", FastKw, bisect_left),
        ("insort_right", FastKw, insort_right),
        ("insort_left", FastKw, insort_left),
    ];
    super::add_functions(&mut d, "bisect", fns);
    let right = d.get_str("bisect_right").cloned().unwrap_or(Value::None);
    let insort = d.get_str("insort_right").cloned().unwrap_or(Value::None);
    d.insert(crate::object::dict::str_key("bisect"), right);
    d.insert(crate::object::dict::str_key("insort"), insort);
    super::new_module("bisect", d)
}
