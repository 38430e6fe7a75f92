//! The `gc` module over the VM's cycle collector (`object::gc`, CPython's algorithm over
//! `Rc`): `gc.collect()` finds the unreachable cycles among the tracked containers, frees
//! them and returns CPython's count of them; `enable`/`disable`/`set_threshold` steer the
//! automatic collections; `get_count`, `is_tracked` and `get_objects` answer from the
//! registry. The functions that need generations or referrer search (`freeze`,
//! `get_referrers`, `get_referents`, `get_stats`, ...) are refused by name.
//!
//! ```text
//!   a = A(); b = A(); a.b = b; b.a = a; del a, b
//!   gc.collect()                   -> 2         (the two instances, as CPython 3.13)
//!   gc.disable(); gc.isenabled()   -> False     (no automatic collection until enable())
//! ```
//!
//! Where it differs from CPython (no generations, what is tracked, how counts are made) is
//! written in `object/gc.rs`.

use crate::builtins::args::{self, Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::gc;
use crate::object::{CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// `gc.collect(generation=2)`: collects that generation and the younger ones.
fn collect(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("collect", &["generation"], 0, 0).in_module("gc");
    let b = SIG.bind(a, kw)?;
    let mut generation = 2;
    if let Some(g) = b.get(0) {
        let g = args::index_ssize(vm, g)?;
        if !(0..=2).contains(&g) {
            return Err(exc::value_error("invalid generation"));
        }
        generation = g as usize;
    }
    Ok(Value::Int(gc::collect_generation(generation) as i64))
}

fn set_enabled(a: &[Value], kw: KwArgs<'_>, sig: &'static Sig, on: bool) -> PyResult<Value> {
    sig.bind(a, kw)?;
    gc::set_enabled(on);
    Ok(Value::None)
}

fn enable(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("enable", 0, 0)
        .in_module("gc")
        .style(Style::NoArgs);
    set_enabled(a, kw, &SIG, true)
}

fn disable(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("disable", 0, 0)
        .in_module("gc")
        .style(Style::NoArgs);
    set_enabled(a, kw, &SIG, false)
}

fn isenabled(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("isenabled", 0, 0)
        .in_module("gc")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    Ok(Value::bool(gc::is_enabled()))
}

fn get_threshold(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("get_threshold", 0, 0)
        .in_module("gc")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    let (t0, t1, t2) = gc::threshold();
    Ok(Value::tuple(vec![
        Value::Int(t0),
        Value::Int(t1),
        Value::Int(t2),
    ]))
}

/// `gc.get_count()` (see `object::gc::count`).
fn get_count(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("get_count", 0, 0)
        .in_module("gc")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    let (c0, c1, c2) = gc::count();
    let int = |n: usize| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
    Ok(Value::tuple(vec![int(c0), int(c1), int(c2)]))
}

/// `gc.is_tracked(obj)`: whether CPython would have `obj` tracked after a full collection
/// (containers yes; atoms, and tuples and dicts holding only atoms, no).
fn is_tracked(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("is_tracked", 1, 1)
        .in_module("gc")
        .style(Style::One);
    SIG.bind(a, kw)?;
    Ok(Value::bool(gc::maybe_tracked(&a[0])))
}

/// `gc.get_objects(generation=None)`: the live objects the collector tracks (a subset of
/// CPython's list: see `object/gc.rs` for what is tracked).
fn get_objects(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("get_objects", &["generation"], 0, 0).in_module("gc");
    let b = SIG.bind(a, kw)?;
    let mut generation = None;
    if let Some(g) = b.get(0).filter(|g| !matches!(g, Value::None)) {
        let g = args::index_ssize(vm, g)?;
        if g >= 3 {
            return Err(exc::value_error(
                "generation parameter must be less than the number of available generations (3)",
            ));
        }
        if g < 0 {
            return Err(exc::value_error("generation parameter cannot be negative"));
        }
        generation = Some(g as usize);
    }
    Ok(Value::list(gc::objects(generation)))
}

/// `set_threshold(threshold0[, threshold1[, threshold2]])` (`PyArg_ParseTuple` with `i|ii`).
fn set_threshold(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(exc::type_error(
            "set_threshold() takes no keyword arguments",
        ));
    }
    if a.is_empty() || a.len() > 3 {
        return Err(exc::type_error(
            "gc.set_threshold requires 1 to 3 arguments",
        ));
    }
    let mut t = gc::threshold();
    let mut values = Vec::new();
    for v in a {
        let n = args::index_ssize(vm, v)?;
        let n = i32::try_from(n).map_err(|_| {
            exc::new(
                "OverflowError",
                if n > 0 {
                    "signed integer is greater than maximum"
                } else {
                    "signed integer is less than minimum"
                },
            )
        })?;
        values.push(i64::from(n));
    }
    t.0 = values[0];
    if let Some(v) = values.get(1) {
        t.1 = *v;
    }
    if let Some(v) = values.get(2) {
        t.2 = *v;
    }
    gc::set_threshold(t);
    Ok(Value::None)
}

fn get_debug(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("get_debug", 0, 0)
        .in_module("gc")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    Ok(Value::Int(gc::debug()))
}

fn set_debug(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("set_debug", 1, 1)
        .in_module("gc")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let flags = args::index_ssize(vm, &a[0])?;
    gc::set_debug(flags);
    Ok(Value::None)
}

/// A fresh `gc` module object.
pub fn module(_: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, crate::object::BuiltinFn)] = &[
        ("collect", FastKw, collect),
        ("disable", NoArgs, disable),
        ("enable", NoArgs, enable),
        ("get_count", NoArgs, get_count),
        ("get_debug", NoArgs, get_debug),
        ("get_objects", FastKw, get_objects),
        ("get_threshold", NoArgs, get_threshold),
        ("is_tracked", O, is_tracked),
        ("isenabled", NoArgs, isenabled),
        ("set_debug", O, set_debug),
        ("set_threshold", VarArgs, set_threshold),
    ];
    super::add_functions(&mut d, "gc", fns);
    let flags = [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ];
    for (name, v) in flags {
        d.insert(str_key(name), Value::Int(v));
    }
    d.insert(str_key("garbage"), Value::list(Vec::new()));
    d.insert(str_key("callbacks"), Value::list(Vec::new()));
    super::new_module("gc", d)
}
