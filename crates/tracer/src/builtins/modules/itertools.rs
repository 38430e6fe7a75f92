//! The `itertools` module: lazy iterator types, each a native type with CPython's name
//! (`type(itertools.chain()).__name__ == 'chain'`), stepping its inputs only when asked, in
//! the order `itertoolsmodule.c` does (so side effects and exhaustion match):
//!
//! ```text
//!   chain(a, b)          next(a) until exhausted, then next(b)
//!   compress(d, s)       next(d), then next(s), until a true selector
//!   islice(it, 2, 8, 3)  skips to index 2, then every 3rd, never reads past index 7
//!   groupby(it, key)     one shared cursor: advancing the groupby ends the current group
//!   tee(it, n)           n iterators over one buffer of what `it` gave
//! ```
//!
//! The simple filters and maps live here; `itertools/infinite.rs` has count, cycle and
//! repeat, `itertools/combinatorics.rs` has product,
//! permutations and the combinations, `itertools/grouping.rs` groupby, tee, pairwise,
//! batched and zip_longest.

mod combinatorics;
mod grouping;
mod infinite;

use std::cell::{Cell, RefCell};

use crate::builtins::args::Sig;
use crate::builtins::modules::support::{self, cls_arg, iter_self, stop, this, Method};
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::{CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

pub(crate) use support::no_keywords;

/// A new object of the type `cls` (`args[0]` of `__new__`) holding `data`.
fn make<T: 'static>(a: &[Value], _name: &'static str, data: T) -> PyResult<Value> {
    let class = cls_arg(a)?;
    Ok(support::new_instance(class, data))
}

/// The `__iter__`/`__next__` pair every iterator type has, plus its own entries.
fn iterator_type(
    vm: &Vm,
    name: &'static str,
    new: crate::object::BuiltinFn,
    next: crate::object::BuiltinFn,
    extra: &[Method],
) -> Value {
    let mut methods: Vec<Method> = vec![
        ("__new__", CallConv::VarArgs, new),
        ("__iter__", CallConv::SlotWrapper, iter_self),
        ("__next__", CallConv::SlotWrapper, next),
    ];
    methods.extend_from_slice(extra);
    Value::Type(support::native_type(vm, "itertools", name, &methods).class)
}

// ---- accumulate, chain, compress, dropwhile, takewhile, filterfalse, starmap ----

struct Accumulate {
    it: Value,
    func: Option<Value>,
    total: RefCell<Option<Value>>,
    initial: RefCell<Option<Value>>,
}

fn accumulate_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig =
        Sig::keywords("accumulate", &["iterable", "func", "initial"], 0, 1).kwonly_from(2);
    let b = SIG.bind(&a[1..], kw)?;
    let it = vm.get_iter(b.get(0).unwrap_or(&Value::None))?;
    let func = b.get_not_none(1).cloned();
    let initial = b.get_not_none(2).cloned();
    make(
        a,
        "accumulate",
        Accumulate {
            it,
            func,
            total: RefCell::new(None),
            initial: RefCell::new(initial),
        },
    )
}

fn accumulate_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this::<Accumulate>(a, "accumulate", "__next__")?;
    if let Some(init) = s.initial.borrow_mut().take() {
        *s.total.borrow_mut() = Some(init.clone());
        return Ok(init);
    }
    let Some(val) = vm.next(&s.it)? else {
        return Err(stop());
    };
    let total = s.total.borrow().clone();
    let new = match total {
        None => val,
        Some(t) => match &s.func {
            None => vm.binary_op(&t, &val, 0)?,
            Some(f) => vm.call(f, &[t, val], &[])?,
        },
    };
    *s.total.borrow_mut() = Some(new.clone());
    Ok(new)
}

struct Chain {
    /// The iterator over the iterables; `None` once it is exhausted.
    source: RefCell<Option<Value>>,
    active: RefCell<Option<Value>>,
}

fn chain_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    no_keywords("chain", kw)?;
    let source = vm.get_iter(&Value::tuple(a[1..].to_vec()))?;
    make(
        a,
        "chain",
        Chain {
            source: RefCell::new(Some(source)),
            active: RefCell::new(None),
        },
    )
}

/// `chain.from_iterable(iterable)`, a classmethod: the chain of the iterables it yields.
fn chain_from_iterable(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    no_keywords("from_iterable", kw)?;
    let (cls, rest) = match a.first() {
        Some(Value::Type(c)) if a.len() == 2 => (c.clone(), &a[1..]),
        _ => {
            let class = module_type(vm, "chain")?;
            (class, a)
        }
    };
    if rest.len() != 1 {
        return Err(exc::type_error(format!(
            "chain.from_iterable() takes exactly one argument ({} given)",
            rest.len()
        )));
    }
    let source = vm.get_iter(&rest[0])?;
    Ok(support::new_instance(
        cls,
        Chain {
            source: RefCell::new(Some(source)),
            active: RefCell::new(None),
        },
    ))
}

/// The type `name` of this VM's `itertools` module.
fn module_type(vm: &mut Vm, name: &str) -> PyResult<std::rc::Rc<crate::object::Class>> {
    let m = vm.import_module("itertools")?;
    match vm.getattr(&m, name)? {
        Value::Type(c) => Ok(c),
        _ => Err(exc::type_error(format!("itertools.{name} is not a type"))),
    }
}

fn chain_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let c = this::<Chain>(a, "chain", "__next__")?;
    loop {
        let Some(source) = c.source.borrow().clone() else {
            return Err(stop());
        };
        let active = c.active.borrow().clone();
        let active = match active {
            Some(it) => it,
            None => {
                let Some(iterable) = vm.next(&source)? else {
                    *c.source.borrow_mut() = None;
                    return Err(stop());
                };
                let it = vm.get_iter(&iterable)?;
                *c.active.borrow_mut() = Some(it.clone());
                it
            }
        };
        if let Some(item) = vm.next(&active)? {
            return Ok(item);
        }
        *c.active.borrow_mut() = None;
    }
}

struct Compress {
    data: Value,
    selectors: Value,
}

fn compress_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("compress", &["data", "selectors"], 0, 2);
    let b = SIG.bind(&a[1..], kw)?;
    let data = vm.get_iter(b.get(0).unwrap_or(&Value::None))?;
    let selectors = vm.get_iter(b.get(1).unwrap_or(&Value::None))?;
    make(a, "compress", Compress { data, selectors })
}

fn compress_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let c = this::<Compress>(a, "compress", "__next__")?;
    loop {
        let Some(datum) = vm.next(&c.data)? else {
            return Err(stop());
        };
        let Some(sel) = vm.next(&c.selectors)? else {
            return Err(stop());
        };
        if vm.truthy(&sel)? {
            return Ok(datum);
        }
    }
}

/// dropwhile, takewhile and filterfalse: a predicate and an iterator.
struct Predicated {
    pred: Value,
    it: Value,
    /// dropwhile: dropping is over; takewhile: taking is over.
    flag: Cell<bool>,
}

fn predicated(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>, name: &'static str) -> PyResult<Value> {
    no_keywords(name, kw)?;
    crate::builtins::check_positional(name, a.len() - 1, 2, 2)?;
    let it = vm.get_iter(&a[2])?;
    make(
        a,
        name,
        Predicated {
            pred: a[1].clone(),
            it,
            flag: Cell::new(false),
        },
    )
}

fn dropwhile_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    predicated(vm, a, kw, "dropwhile")
}

fn takewhile_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    predicated(vm, a, kw, "takewhile")
}

fn filterfalse_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    predicated(vm, a, kw, "filterfalse")
}

fn test(vm: &mut Vm, pred: &Value, item: &Value) -> PyResult<bool> {
    let r = vm.call(pred, std::slice::from_ref(item), &[])?;
    vm.truthy(&r)
}

fn dropwhile_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this::<Predicated>(a, "dropwhile", "__next__")?;
    loop {
        let Some(item) = vm.next(&s.it)? else {
            return Err(stop());
        };
        if s.flag.get() || !test(vm, &s.pred, &item)? {
            s.flag.set(true);
            return Ok(item);
        }
    }
}

fn takewhile_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this::<Predicated>(a, "takewhile", "__next__")?;
    if s.flag.get() {
        return Err(stop());
    }
    let Some(item) = vm.next(&s.it)? else {
        return Err(stop());
    };
    if test(vm, &s.pred, &item)? {
        return Ok(item);
    }
    s.flag.set(true);
    Err(stop())
}

fn filterfalse_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this::<Predicated>(a, "filterfalse", "__next__")?;
    loop {
        let Some(item) = vm.next(&s.it)? else {
            return Err(stop());
        };
        let keep = match s.pred {
            Value::None => !vm.truthy(&item)?,
            ref p => !test(vm, p, &item)?,
        };
        if keep {
            return Ok(item);
        }
    }
}

struct Starmap {
    func: Value,
    it: Value,
}

fn starmap_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    no_keywords("starmap", kw)?;
    crate::builtins::check_positional("starmap", a.len() - 1, 2, 2)?;
    let it = vm.get_iter(&a[2])?;
    make(
        a,
        "starmap",
        Starmap {
            func: a[1].clone(),
            it,
        },
    )
}

fn starmap_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this::<Starmap>(a, "starmap", "__next__")?;
    let Some(args) = vm.next(&s.it)? else {
        return Err(stop());
    };
    let args = vm.collect(&args)?;
    vm.call(&s.func, &args, &[])
}

// ---- islice ----

struct Islice {
    it: RefCell<Option<Value>>,
    next: Cell<i64>,
    /// `-1`: no stop.
    stop: i64,
    step: i64,
    cnt: Cell<i64>,
}

/// An index argument of `islice` read as CPython's `PyNumber_AsSsize_t` reads it there: an int
/// that fits a `Py_ssize_t`, else -1 (an int too large, or not an int at all: CPython clears the
/// error and lets the range checks below report it).
fn islice_ssize(vm: &mut Vm, v: &Value) -> i64 {
    match crate::builtins::args::index(vm, v) {
        Ok(Value::Int(n)) => n,
        _ => -1,
    }
}

fn islice_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    no_keywords("islice", kw)?;
    let n = a.len() - 1;
    if !(2..=4).contains(&n) {
        let message = if n < 2 {
            format!("islice expected at least 2 arguments, got {n}")
        } else {
            format!("islice expected at most 4 arguments, got {n}")
        };
        return Err(exc::type_error(message));
    }
    const STOP: &str =
        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    const INDICES: &str = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    // CPython's `islice_new`: a stop of -1 that was not None is the stop's own error; then any
    // negative start, or a stop below -1 (None), is the general one; then the step.
    let (start_arg, stop_arg) = if n == 2 {
        (None, &a[2])
    } else {
        (Some(&a[2]), &a[3])
    };
    let start = match start_arg {
        None | Some(Value::None) => 0,
        Some(v) => islice_ssize(vm, v),
    };
    let stop_at = match stop_arg {
        Value::None => -1,
        v => match islice_ssize(vm, v) {
            -1 => return Err(exc::value_error(STOP)),
            stop => stop,
        },
    };
    if start < 0 || stop_at < -1 {
        return Err(exc::value_error(INDICES));
    }
    let step = match a.get(4) {
        None | Some(Value::None) => 1,
        Some(v) => match islice_ssize(vm, v) {
            s if s >= 1 => s,
            _ => {
                return Err(exc::value_error(
                    "Step for islice() must be a positive integer or None.",
                ))
            }
        },
    };
    let it = vm.get_iter(&a[1])?;
    make(
        a,
        "islice",
        Islice {
            it: RefCell::new(Some(it)),
            next: Cell::new(start),
            stop: stop_at,
            step,
            cnt: Cell::new(0),
        },
    )
}

fn islice_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this::<Islice>(a, "islice", "__next__")?;
    let Some(it) = s.it.borrow().clone() else {
        return Err(stop());
    };
    let empty = |s: &Islice| {
        *s.it.borrow_mut() = None;
        Err(stop())
    };
    while s.cnt.get() < s.next.get() {
        if vm.next(&it)?.is_none() {
            return empty(s);
        }
        s.cnt.set(s.cnt.get() + 1);
    }
    if s.stop != -1 && s.cnt.get() >= s.stop {
        return empty(s);
    }
    let Some(item) = vm.next(&it)? else {
        return empty(s);
    };
    s.cnt.set(s.cnt.get() + 1);
    let old = s.next.get();
    let mut next = old.wrapping_add(s.step);
    if next < old || (s.stop != -1 && next > s.stop) {
        next = s.stop;
    }
    s.next.set(next);
    Ok(item)
}

/// A fresh `itertools` module object.
pub fn module(vm: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let types: Vec<(&'static str, Value)> = vec![
        (
            "count",
            iterator_type(
                vm,
                "count",
                infinite::count_new,
                infinite::count_next,
                &[("__repr__", SlotWrapper, infinite::count_repr)],
            ),
        ),
        (
            "cycle",
            iterator_type(vm, "cycle", infinite::cycle_new, infinite::cycle_next, &[]),
        ),
        (
            "repeat",
            iterator_type(
                vm,
                "repeat",
                infinite::repeat_new,
                infinite::repeat_next,
                &[
                    ("__repr__", SlotWrapper, infinite::repeat_repr),
                    ("__length_hint__", NoArgs, infinite::repeat_length_hint),
                ],
            ),
        ),
        (
            "accumulate",
            iterator_type(vm, "accumulate", accumulate_new, accumulate_next, &[]),
        ),
        (
            "chain",
            iterator_type(
                vm,
                "chain",
                chain_new,
                chain_next,
                &[("from_iterable", VarArgs, chain_from_iterable)],
            ),
        ),
        (
            "compress",
            iterator_type(vm, "compress", compress_new, compress_next, &[]),
        ),
        (
            "dropwhile",
            iterator_type(vm, "dropwhile", dropwhile_new, dropwhile_next, &[]),
        ),
        (
            "takewhile",
            iterator_type(vm, "takewhile", takewhile_new, takewhile_next, &[]),
        ),
        (
            "filterfalse",
            iterator_type(vm, "filterfalse", filterfalse_new, filterfalse_next, &[]),
        ),
        (
            "starmap",
            iterator_type(vm, "starmap", starmap_new, starmap_next, &[]),
        ),
        (
            "islice",
            iterator_type(vm, "islice", islice_new, islice_next, &[]),
        ),
    ];
    for (name, ty) in types {
        d.insert(str_key(name), ty);
    }
    for (name, ty) in combinatorics::types(vm) {
        d.insert(str_key(name), ty);
    }
    for (name, ty) in grouping::types(vm) {
        d.insert(str_key(name), ty);
    }
    super::add_functions(&mut d, "itertools", &[("tee", Fast, grouping::tee)]);
    super::new_module("itertools", d)
}
