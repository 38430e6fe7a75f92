//! `count`, `cycle` and `repeat`: the iterators that can go on forever. `count` adds its step
//! to the running value each time (so `count(0.1, 0.1)` accumulates float error as CPython's
//! does), `cycle` saves what its input gave on the first pass and replays it, `repeat` hands
//! out one object, `times` times or forever.

use std::cell::{Cell, RefCell};

use super::{make, no_keywords};
use crate::builtins::args::Sig;
use crate::builtins::modules::support::{stop, this};
use crate::exceptions::{self as exc, PyResult};
use crate::object::KwArgs;
use crate::value::Value;
use crate::vm::Vm;

struct Count {
    cnt: RefCell<Value>,
    step: Value,
}

pub(super) fn is_number(v: &Value) -> bool {
    matches!(
        crate::builtins::subclass::unwrapped(v),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
    ) || matches!(v, Value::Instance(_))
}

pub(super) fn count_new(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("count", &["start", "step"], 0, 0);
    let b = SIG.bind(&a[1..], kw)?;
    let start = b.get(0).cloned().unwrap_or(Value::Int(0));
    let step = b.get(1).cloned().unwrap_or(Value::Int(1));
    if !is_number(&start) || !is_number(&step) {
        return Err(exc::type_error("a number is required"));
    }
    make(
        a,
        "count",
        Count {
            cnt: RefCell::new(start),
            step,
        },
    )
}

pub(super) fn count_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let c = this::<Count>(a, "count", "__next__")?;
    let cur = c.cnt.borrow().clone();
    let next = vm.binary_op(&cur, &c.step, 0)?;
    *c.cnt.borrow_mut() = next;
    Ok(cur)
}

pub(super) fn count_repr(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let c = this::<Count>(a, "count", "__repr__")?;
    let cnt = vm.repr(&c.cnt.borrow().clone())?;
    Ok(Value::str(match c.step {
        Value::Int(1) => format!("count({cnt})"),
        _ => format!("count({cnt}, {})", vm.repr(&c.step)?),
    }))
}

struct Cycle {
    it: Value,
    saved: RefCell<Vec<Value>>,
    /// Replaying `saved` (the input is exhausted) at this index.
    index: Cell<Option<usize>>,
}

pub(super) fn cycle_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    no_keywords("cycle", kw)?;
    crate::builtins::check_positional("cycle", a.len() - 1, 1, 1)?;
    let it = vm.get_iter(&a[1])?;
    make(
        a,
        "cycle",
        Cycle {
            it,
            saved: RefCell::new(Vec::new()),
            index: Cell::new(None),
        },
    )
}

pub(super) fn cycle_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let c = this::<Cycle>(a, "cycle", "__next__")?;
    if c.index.get().is_none() {
        if let Some(item) = vm.next(&c.it)? {
            c.saved.borrow_mut().push(item.clone());
            return Ok(item);
        }
        c.index.set(Some(0));
    }
    let saved = c.saved.borrow();
    if saved.is_empty() {
        return Err(stop());
    }
    let i = c.index.get().unwrap_or(0);
    c.index.set(Some((i + 1) % saved.len()));
    Ok(saved[i].clone())
}

struct Repeat {
    object: Value,
    /// Repetitions left, `None` for forever.
    times: Cell<Option<i64>>,
}

pub(super) fn repeat_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("repeat", &["object", "times"], 0, 1);
    let b = SIG.bind(&a[1..], kw)?;
    let object = b.get(0).cloned().unwrap_or(Value::None);
    let times = match b.get(1) {
        Some(v) => Some(crate::builtins::args::index_ssize(vm, v)?.max(0)),
        None => None,
    };
    make(
        a,
        "repeat",
        Repeat {
            object,
            times: Cell::new(times),
        },
    )
}

pub(super) fn repeat_next(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let r = this::<Repeat>(a, "repeat", "__next__")?;
    match r.times.get() {
        Some(0) => Err(stop()),
        Some(n) => {
            r.times.set(Some(n - 1));
            Ok(r.object.clone())
        }
        None => Ok(r.object.clone()),
    }
}

pub(super) fn repeat_repr(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let r = this::<Repeat>(a, "repeat", "__repr__")?;
    let obj = vm.repr(&r.object)?;
    Ok(Value::str(match r.times.get() {
        Some(n) => format!("repeat({obj}, {n})"),
        None => format!("repeat({obj})"),
    }))
}

pub(super) fn repeat_length_hint(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let r = this::<Repeat>(a, "repeat", "__length_hint__")?;
    match r.times.get() {
        Some(n) => Ok(Value::Int(n)),
        None => Err(exc::type_error("len() of unsized object")),
    }
}
