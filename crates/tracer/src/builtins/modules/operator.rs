//! The `operator` module: Python's operators as functions (`operator.add(a, b)` is `a + b`),
//! and the callable getters `itemgetter`, `attrgetter` and `methodcaller`.
//!
//! As CPython's `_operator.c`, every function runs the operator's own protocol (so
//! `operator.add` calls `__add__`/`__radd__`, `operator.iadd` tries `__iadd__` first), takes
//! positional arguments only (`METH_FASTCALL`, or `METH_O` for the one-argument ones, which
//! decides how `CALL` specializes a call of it), and the dunder spellings (`operator.__add__`)
//! are the same functions. The getters are native types (`getters.rs`) whose instances are
//! called like functions:
//!
//! ```text
//!   itemgetter(1)(("a", "b"))        -> "b"            itemgetter(0, 2)(s) -> (s[0], s[2])
//!   attrgetter("a.b")(obj)           -> obj.a.b
//!   methodcaller("split", ",")(s)    -> s.split(",")
//! ```

mod getters;

use crate::builtins::args::{self, Sig};
use crate::builtins::ops::CmpOp;
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::{type_name_of, BuiltinFn, CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// Checks a positional-only signature of `n` arguments, naming the function as CPython does.
fn check(name: &'static str, a: &[Value], kw: KwArgs<'_>, n: usize) -> PyResult<()> {
    super::support::no_keywords(&format!("_operator.{name}"), kw)?;
    crate::builtins::check_positional(name, a.len(), n, n)
}

/// `BINARY_OP` operators by their oparg (`nb`): `add` is 0, `iadd` 13, ...
macro_rules! binary {
    ($($f:ident $name:literal $nb:literal;)*) => {
        $(fn $f(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
            check($name, a, kw, 2)?;
            vm.binary_op(&a[0], &a[1], $nb)
        })*
    };
}

binary! {
    add "add" 0; and_ "and_" 1; floordiv "floordiv" 2; lshift "lshift" 3; matmul "matmul" 4;
    mul "mul" 5; mod_ "mod" 6; or_ "or_" 7; pow "pow" 8; rshift "rshift" 9; sub "sub" 10;
    truediv "truediv" 11; xor "xor" 12;
    iadd "iadd" 13; iand "iand" 14; ifloordiv "ifloordiv" 15; ilshift "ilshift" 16;
    imatmul "imatmul" 17; imul "imul" 18; imod "imod" 19; ior "ior" 20; ipow "ipow" 21;
    irshift "irshift" 22; isub "isub" 23; itruediv "itruediv" 24; ixor "ixor" 25;
}

macro_rules! compare {
    ($($f:ident $name:literal $op:expr;)*) => {
        $(fn $f(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
            check($name, a, kw, 2)?;
            vm.rich_compare(&a[0], &a[1], $op)
        })*
    };
}

compare! {
    lt "lt" CmpOp::Lt; le "le" CmpOp::Le; eq "eq" CmpOp::Eq; ne "ne" CmpOp::Ne;
    gt "gt" CmpOp::Gt; ge "ge" CmpOp::Ge;
}

/// A `METH_O` function: exactly one argument.
fn one(name: &'static str, a: &[Value], kw: KwArgs<'_>) -> PyResult<()> {
    super::support::no_keywords(&format!("_operator.{name}"), kw)?;
    if a.len() != 1 {
        return Err(exc::type_error(format!(
            "_operator.{name}() takes exactly one argument ({} given)",
            a.len()
        )));
    }
    Ok(())
}

fn neg(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    one("neg", a, kw)?;
    vm.unary_negative(&a[0])
}

fn pos(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    one("pos", a, kw)?;
    vm.unary_positive(&a[0])
}

fn inv(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    one("inv", a, kw)?;
    vm.unary_invert(&a[0])
}

fn invert(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    one("invert", a, kw)?;
    vm.unary_invert(&a[0])
}

fn abs(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    one("abs", a, kw)?;
    let f = vm
        .builtins
        .borrow()
        .get_str("abs")
        .cloned()
        .unwrap_or(Value::None);
    vm.call(&f, a, &[])
}

fn not_(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    one("not_", a, kw)?;
    Ok(Value::bool(!vm.truthy(&a[0])?))
}

fn truth(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    one("truth", a, kw)?;
    Ok(Value::bool(vm.truthy(&a[0])?))
}

fn index(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    one("index", a, kw)?;
    args::index(vm, &a[0])
}

fn is_(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    check("is_", a, kw, 2)?;
    Ok(Value::bool(a[0].is(&a[1])))
}

fn is_not(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    check("is_not", a, kw, 2)?;
    Ok(Value::bool(!a[0].is(&a[1])))
}

fn getitem(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    check("getitem", a, kw, 2)?;
    vm.getitem(&a[0], &a[1])
}

fn setitem(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    check("setitem", a, kw, 3)?;
    vm.setitem(&a[0], &a[1], a[2].clone())?;
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    check("delitem", a, kw, 2)?;
    vm.delitem(&a[0], &a[1])?;
    Ok(Value::None)
}

fn contains(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    check("contains", a, kw, 2)?;
    Ok(Value::bool(vm.contains(&a[0], &a[1])?))
}

/// `countOf` and `indexOf`: a walk of the iterable comparing with `is` first, then `==`.
fn seq_search(vm: &mut Vm, seq: &Value, x: &Value, count: bool) -> PyResult<Value> {
    let it = vm.get_iter(seq)?;
    let mut n = 0i64;
    while let Some(item) = vm.next(&it)? {
        if super::support::eq(vm, &item, x)? {
            if !count {
                return Ok(Value::Int(n));
            }
            n += 1;
        } else if !count {
            n += 1;
        }
    }
    if count {
        Ok(Value::Int(n))
    } else {
        Err(exc::value_error("sequence.index(x): x not in sequence"))
    }
}

fn count_of(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    check("countOf", a, kw, 2)?;
    seq_search(vm, &a[0], &a[1], true)
}

fn index_of(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    check("indexOf", a, kw, 2)?;
    seq_search(vm, &a[0], &a[1], false)
}

/// Whether `v` is a sequence for `concat` (`PySequence_Check`: it has `__getitem__` and is
/// not a dict).
fn is_sequence(vm: &Vm, v: &Value) -> bool {
    match crate::builtins::subclass::unwrapped(v) {
        Value::Str(_) | Value::Bytes(_) | Value::Tuple(_) | Value::List(_) | Value::Range(_) => {
            true
        }
        Value::Dict(_) => false,
        other => vm.type_of(other).lookup("__getitem__").is_some(),
    }
}

fn concat_impl(
    vm: &mut Vm,
    a: &[Value],
    kw: KwArgs<'_>,
    name: &'static str,
    nb: usize,
) -> PyResult<Value> {
    check(name, a, kw, 2)?;
    if !is_sequence(vm, &a[0]) {
        return Err(exc::type_error(format!(
            "'{}' object can't be concatenated",
            type_name_of(&a[0])
        )));
    }
    vm.binary_op(&a[0], &a[1], nb)
}

fn concat(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    concat_impl(vm, a, kw, "concat", 0)
}

fn iconcat(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    concat_impl(vm, a, kw, "iconcat", 13)
}

/// `length_hint(obj, default=0, /)`: `len(obj)`, else `obj.__length_hint__()`, else default.
fn length_hint(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("length_hint", 1, 2);
    SIG.bind(a, kw)?;
    let default = match a.get(1) {
        Some(Value::Int(n)) => *n,
        Some(other) => {
            return Err(exc::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name_of(other)
            )))
        }
        None => 0,
    };
    if matches!(&a[0], Value::Iter(_)) {
        return Err(crate::builtins::unsupported(
            "operator.length_hint of a builtin iterator",
        ));
    }
    match vm.len(&a[0]) {
        Ok(n) => return Ok(Value::Int(n as i64)),
        Err(e) if !vm.is_type_error(&e) => return Err(e),
        Err(_) => {}
    }
    match vm.call_dunder_opt(&a[0], "__length_hint__", &[])? {
        Some(Value::NotImplemented) | None => Ok(Value::Int(default)),
        Some(v @ Value::Int(_)) => Ok(v),
        Some(other) => Err(exc::type_error(format!(
            "__length_hint__ must be an integer, not {}",
            type_name_of(&other)
        ))),
    }
}

/// `call(obj, /, *args, **kwargs)`: `obj(*args, **kwargs)`.
fn call(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let Some((f, rest)) = a.split_first() else {
        return Err(exc::type_error(
            "call() missing 1 required positional argument: 'obj'",
        ));
    };
    vm.call(f, rest, kw)
}

/// A fresh `operator` module object.
pub fn module(vm: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, BuiltinFn)] = &[
        ("add", Fast, add),
        ("and_", Fast, and_),
        ("floordiv", Fast, floordiv),
        ("lshift", Fast, lshift),
        ("matmul", Fast, matmul),
        ("mul", Fast, mul),
        ("mod", Fast, mod_),
        ("or_", Fast, or_),
        ("pow", Fast, pow),
        ("rshift", Fast, rshift),
        ("sub", Fast, sub),
        ("truediv", Fast, truediv),
        ("xor", Fast, xor),
        ("iadd", Fast, iadd),
        ("iand", Fast, iand),
        ("ifloordiv", Fast, ifloordiv),
        ("ilshift", Fast, ilshift),
        ("imatmul", Fast, imatmul),
        ("imul", Fast, imul),
        ("imod", Fast, imod),
        ("ior", Fast, ior),
        ("ipow", Fast, ipow),
        ("irshift", Fast, irshift),
        ("isub", Fast, isub),
        ("itruediv", Fast, itruediv),
        ("ixor", Fast, ixor),
        ("lt", Fast, lt),
        ("le", Fast, le),
        ("eq", Fast, eq),
        ("ne", Fast, ne),
        ("gt", Fast, gt),
        ("ge", Fast, ge),
        ("neg", O, neg),
        ("pos", O, pos),
        ("inv", O, inv),
        ("invert", O, invert),
        ("abs", O, abs),
        ("not_", O, not_),
        ("truth", O, truth),
        ("index", O, index),
        ("is_", Fast, is_),
        ("is_not", Fast, is_not),
        ("getitem", Fast, getitem),
        ("setitem", Fast, setitem),
        ("delitem", Fast, delitem),
        ("contains", Fast, contains),
        ("countOf", Fast, count_of),
        ("indexOf", Fast, index_of),
        ("concat", Fast, concat),
        ("iconcat", Fast, iconcat),
        ("length_hint", Fast, length_hint),
        ("call", FastKw, call),
    ];
    super::add_functions(&mut d, "operator", fns);
    // The dunder spellings are the same function objects (operator.py: `__add__ = add`).
    let dunders = [
        "add",
        "and",
        "floordiv",
        "lshift",
        "matmul",
        "mul",
        "mod",
        "or",
        "pow",
        "rshift",
        "sub",
        "truediv",
        "xor",
        "iadd",
        "iand",
        "ifloordiv",
        "ilshift",
        "imatmul",
        "imul",
        "imod",
        "ior",
        "ipow",
        "irshift",
        "isub",
        "itruediv",
        "ixor",
        "lt",
        "le",
        "eq",
        "ne",
        "gt",
        "ge",
        "neg",
        "pos",
        "inv",
        "invert",
        "abs",
        "not",
        "index",
        "getitem",
        "setitem",
        "delitem",
        "contains",
        "concat",
        "iconcat",
        "call",
    ];
    for name in dunders {
        let plain = match name {
            "and" | "or" | "not" => format!("{name}_"),
            _ => name.to_string(),
        };
        if let Some(f) = d.get_str(&plain).cloned() {
            d.insert(str_key(&format!("__{name}__")), f);
        }
    }
    for (name, ty) in getters::types(vm) {
        d.insert(str_key(name), ty);
    }
    super::new_module("operator", d)
}
