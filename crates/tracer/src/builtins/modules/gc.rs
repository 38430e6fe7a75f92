//! The `gc` module, honestly: this VM frees objects by reference counting alone (`Rc`) and
//! has no cycle collector, so `gc.collect()` finds nothing and returns 0, and a reference
//! cycle lives until the VM is dropped. What a program can set (enabled, thresholds, debug
//! flags) is kept and read back as CPython would report it; the introspection functions
//! (`get_objects`, `get_referrers`, `get_count`, `freeze`, ...) are refused by name.
//!
//! ```text
//!   gc.disable(); gc.isenabled()   -> False     (remembered, changes nothing)
//!   gc.collect()                   -> 0         (CPython: the unreachable objects it found)
//! ```

use std::cell::Cell;

use crate::builtins::args::{self, Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::{CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

thread_local! {
    /// The settings of this thread's VM (a VM lives on one thread).
    static ENABLED: Cell<bool> = const { Cell::new(true) };
    static THRESHOLD: Cell<(i64, i64, i64)> = const { Cell::new((2000, 10, 10)) };
    static DEBUG: Cell<i64> = const { Cell::new(0) };
}

fn collect(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("collect", &["generation"], 0, 0).in_module("gc");
    let b = SIG.bind(a, kw)?;
    if let Some(g) = b.get(0) {
        let g = args::index_ssize(vm, g)?;
        if !(0..=2).contains(&g) {
            return Err(exc::value_error("invalid generation"));
        }
    }
    Ok(Value::Int(0))
}

fn set_enabled(a: &[Value], kw: KwArgs<'_>, sig: &'static Sig, on: bool) -> PyResult<Value> {
    sig.bind(a, kw)?;
    ENABLED.with(|e| e.set(on));
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
    Ok(Value::Bool(ENABLED.with(Cell::get)))
}

fn get_threshold(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("get_threshold", 0, 0)
        .in_module("gc")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    let (t0, t1, t2) = THRESHOLD.with(Cell::get);
    Ok(Value::tuple(vec![
        Value::Int(t0),
        Value::Int(t1),
        Value::Int(t2),
    ]))
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
    let mut t = THRESHOLD.with(Cell::get);
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
    THRESHOLD.with(|c| c.set(t));
    Ok(Value::None)
}

fn get_debug(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("get_debug", 0, 0)
        .in_module("gc")
        .style(Style::NoArgs);
    SIG.bind(a, kw)?;
    Ok(Value::Int(DEBUG.with(Cell::get)))
}

fn set_debug(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("set_debug", 1, 1)
        .in_module("gc")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let flags = args::index_ssize(vm, &a[0])?;
    DEBUG.with(|d| d.set(flags));
    Ok(Value::None)
}

/// A fresh `gc` module object.
pub fn module(_: &mut Vm) -> Value {
    use CallConv::*;
    // Built once per VM, at its first `import gc`: the settings start as CPython's.
    ENABLED.with(|e| e.set(true));
    THRESHOLD.with(|t| t.set((2000, 10, 10)));
    DEBUG.with(|d| d.set(0));
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, crate::object::BuiltinFn)] = &[
        ("collect", FastKw, collect),
        ("disable", NoArgs, disable),
        ("enable", NoArgs, enable),
        ("get_debug", NoArgs, get_debug),
        ("get_threshold", NoArgs, get_threshold),
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
