//! Methods of `range`: `index` and `count`. CPython answers both arithmetically for ints
//! (`range_index`/`range_count` in Objects/rangeobject.c) instead of walking the items, and
//! so do we; any other value is compared item by item, as the sequence fallback does.

use super::add_method;
use super::args::{Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{CallConv, KwArgs, Range};
use crate::value::Value;
use crate::vm::Vm;

/// Registers `range.index` and `range.count` (both METH_O in CPython).
pub fn install(vm: &mut Vm) {
    let r = &vm.types.range;
    add_method(r, "index", CallConv::O, range_index);
    add_method(r, "count", CallConv::O, range_count);
}

fn this_range(args: &[Value]) -> PyResult<&Range> {
    match args.first() {
        Some(Value::Range(r)) => Ok(r),
        _ => Err(exc::type_error("descriptor requires a 'range' object")),
    }
}

/// The int value of an exact int or bool, the values answered without iterating.
fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(b.get() as i64),
        _ => None,
    }
}

/// The positions whose item equals `x`, found by comparing item by item (for floats and
/// instances with `__eq__`), stopping after the first when `first` is set.
fn search(vm: &mut Vm, r: &Range, x: &Value, first: bool) -> PyResult<Vec<i64>> {
    let mut found = Vec::new();
    for i in 0..r.len() {
        let Some(item) = r.item(i) else { break };
        if vm.eq(&Value::Int(item), x)? {
            found.push(i);
            if first {
                break;
            }
        }
    }
    Ok(found)
}

fn range_index(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("index", 1, 1).of("range").style(Style::One);
    SIG.bind(args, kw)?;
    let r = this_range(args)?.clone();
    let x = &args[1];
    let at = match as_int(x) {
        Some(i) => r.index(i),
        None if matches!(x, Value::BigInt(_)) => None,
        None => search(vm, &r, x, true)?.first().copied(),
    };
    match at {
        Some(i) => Ok(Value::Int(i)),
        None if as_int(x).is_some() || matches!(x, Value::BigInt(_)) => {
            Err(exc::value_error(format!("{} is not in range", vm.repr(x)?)))
        }
        None => Err(exc::value_error("sequence.index(x): x not in sequence")),
    }
}

fn range_count(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("count", 1, 1).of("range").style(Style::One);
    SIG.bind(args, kw)?;
    let r = this_range(args)?.clone();
    let x = &args[1];
    let n = match as_int(x) {
        Some(i) => r.contains(i) as i64,
        None if matches!(x, Value::BigInt(_)) => 0,
        None => search(vm, &r, x, false)?.len() as i64,
    };
    Ok(Value::Int(n))
}
