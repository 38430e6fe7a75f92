//! The `heapq` module: binary min-heaps kept in a plain `list`.
//!
//! CPython's `_heapqmodule.c` does the five list operations in C and `heapq.py` adds
//! `nlargest`, `nsmallest` and `merge` in Python; here all of them are Rust, making the same
//! comparisons in the same order (only `<`, `a < b` as `PyObject_RichCompareBool(a, b,
//! Py_LT)`), so a class counting its `__lt__` calls or keys that tie come out as in CPython:
//!
//! ```text
//!   siftdown(start, pos)   the new item at pos climbs while item < parent
//!   siftup(pos)            the hole at pos sinks to a leaf along the smaller child
//!                          (child < right? keep child : take right), then siftdown
//! ```
//!
//! `merge` is a generator in Python, as in heapq.py (`heapq/heapq.py`, the module's Python
//! part), and so are the thin `nsmallest`/`nlargest` calling the Rust ones.
//!
//! A comparison may run Python code that changes the list's length; CPython then raises
//! `RuntimeError: list changed size during iteration`, and so does this.

use std::cell::RefCell;
use std::rc::Rc;

use crate::builtins::args::{Sig, Style};
use crate::builtins::ops::CmpOp;
use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

type List = Rc<RefCell<Vec<Value>>>;

/// `a < b`, or `b < a` for the max-heap helpers of `nsmallest`.
fn less(vm: &mut Vm, a: &Value, b: &Value, max: bool) -> PyResult<bool> {
    if max {
        super::support::lt(vm, b, a)
    } else {
        super::support::lt(vm, a, b)
    }
}

fn changed() -> crate::exceptions::PyErr {
    exc::new("RuntimeError", "list changed size during iteration")
}

fn item(heap: &List, i: usize) -> Value {
    heap.borrow()[i].clone()
}

/// `_siftdown`: the item at `pos` moves up towards `start` while it is less than its parent.
fn siftdown(vm: &mut Vm, heap: &List, start: usize, mut pos: usize, max: bool) -> PyResult<()> {
    let size = heap.borrow().len();
    if pos >= size {
        return Err(exc::index_error("index out of range"));
    }
    while pos > start {
        let parentpos = (pos - 1) >> 1;
        let (newitem, parent) = (item(heap, pos), item(heap, parentpos));
        let lower = less(vm, &newitem, &parent, max)?;
        if size != heap.borrow().len() {
            return Err(changed());
        }
        if !lower {
            break;
        }
        heap.borrow_mut().swap(parentpos, pos);
        pos = parentpos;
    }
    Ok(())
}

/// `_siftup`: the item at `pos` sinks to a leaf along the smaller children, then climbs back.
fn siftup(vm: &mut Vm, heap: &List, mut pos: usize, max: bool) -> PyResult<()> {
    let end = heap.borrow().len();
    let start = pos;
    let limit = end >> 1;
    while pos < limit {
        let mut child = 2 * pos + 1;
        if child + 1 < end {
            let (a, b) = (item(heap, child), item(heap, child + 1));
            if !less(vm, &a, &b, max)? {
                child += 1;
            }
            if end != heap.borrow().len() {
                return Err(changed());
            }
        }
        heap.borrow_mut().swap(pos, child);
        pos = child;
    }
    siftdown(vm, heap, start, pos, max)
}

/// `heapify` (and `_heapify_max`): bottom-up, in CPython's order, which for more than 2500
/// items visits the nodes row by row to stay in cache.
fn heapify_list(vm: &mut Vm, heap: &List, max: bool) -> PyResult<()> {
    let n = heap.borrow().len();
    if n <= 2500 {
        for i in (0..n / 2).rev() {
            siftup(vm, heap, i, max)?;
        }
        return Ok(());
    }
    let m = n >> 1;
    let top_bit = |x: usize| 1usize << (usize::BITS - 1 - x.leading_zeros());
    let leftmost = top_bit(m + 1) - 1;
    let mhalf = m >> 1;
    let visit = |vm: &mut Vm, i: usize| -> PyResult<()> {
        let mut j = i;
        loop {
            siftup(vm, heap, j, max)?;
            if j & 1 == 0 {
                return Ok(());
            }
            j >>= 1;
        }
    };
    for i in (mhalf..leftmost).rev() {
        visit(vm, i)?;
    }
    for i in (leftmost..m).rev() {
        visit(vm, i)?;
    }
    Ok(())
}

fn list_arg(v: &Value, what: &str) -> PyResult<List> {
    match v {
        Value::List(l) => Ok(l.clone()),
        other => Err(exc::type_error(format!(
            "{what} must be list, not {}",
            type_name_of(other)
        ))),
    }
}

fn heappush(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("heappush", 2, 2).in_module("heapq");
    SIG.bind(a, kw)?;
    let heap = list_arg(&a[0], "heappush() argument 1")?;
    heap.borrow_mut().push(a[1].clone());
    let last = heap.borrow().len() - 1;
    siftdown(vm, &heap, 0, last, false)?;
    Ok(Value::None)
}

fn pop_impl(vm: &mut Vm, heap: &List, max: bool) -> PyResult<Value> {
    let last = heap
        .borrow_mut()
        .pop()
        .ok_or_else(|| exc::index_error("index out of range"))?;
    if heap.borrow().is_empty() {
        return Ok(last);
    }
    let top = std::mem::replace(&mut heap.borrow_mut()[0], last);
    siftup(vm, heap, 0, max)?;
    Ok(top)
}

fn heappop(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("heappop", 1, 1)
        .in_module("heapq")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let heap = list_arg(&a[0], "heappop() argument")?;
    pop_impl(vm, &heap, false)
}

fn replace_impl(vm: &mut Vm, heap: &List, x: &Value, max: bool) -> PyResult<Value> {
    let top = {
        let mut h = heap.borrow_mut();
        let Some(first) = h.first_mut() else {
            return Err(exc::index_error("index out of range"));
        };
        std::mem::replace(first, x.clone())
    };
    siftup(vm, heap, 0, max)?;
    Ok(top)
}

fn heapreplace(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("heapreplace", 2, 2).in_module("heapq");
    SIG.bind(a, kw)?;
    let heap = list_arg(&a[0], "heapreplace() argument 1")?;
    replace_impl(vm, &heap, &a[1], false)
}

fn heappushpop(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("heappushpop", 2, 2).in_module("heapq");
    SIG.bind(a, kw)?;
    let heap = list_arg(&a[0], "heappushpop() argument 1")?;
    let first = heap.borrow().first().cloned();
    let Some(top) = first else {
        return Ok(a[1].clone());
    };
    if !super::support::lt(vm, &top, &a[1])? {
        return Ok(a[1].clone());
    }
    if heap.borrow().is_empty() {
        return Err(exc::index_error("index out of range"));
    }
    replace_impl(vm, &heap, &a[1], false)
}

fn heapify(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("heapify", 1, 1)
        .in_module("heapq")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let heap = list_arg(&a[0], "heapify() argument")?;
    heapify_list(vm, &heap, false)?;
    Ok(Value::None)
}

/// `_heapify_max`, `_heappop_max`, `_heapreplace_max`: the max-heap helpers heapq.py uses.
fn heapify_max(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("_heapify_max", 1, 1)
        .in_module("heapq")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let heap = list_arg(&a[0], "_heapify_max() argument")?;
    heapify_list(vm, &heap, true)?;
    Ok(Value::None)
}

fn heappop_max(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("_heappop_max", 1, 1)
        .in_module("heapq")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let heap = list_arg(&a[0], "_heappop_max() argument")?;
    pop_impl(vm, &heap, true)
}

fn heapreplace_max(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("_heapreplace_max", 2, 2).in_module("heapq");
    SIG.bind(a, kw)?;
    let heap = list_arg(&a[0], "_heapreplace_max() argument 1")?;
    replace_impl(vm, &heap, &a[1], true)
}

/// `min`/`max` of heapq.py's `n == 1` case: the first best item (`min` replaces on `<`, `max`
/// on `>`, as `min_max` does), with its key.
fn best_one(vm: &mut Vm, it: &Value, key: Option<&Value>, largest: bool) -> PyResult<Vec<Value>> {
    let mut best: Option<(Value, Value)> = None;
    while let Some(x) = vm.next(it)? {
        let k = match key {
            Some(f) => vm.call(f, std::slice::from_ref(&x), &[])?,
            None => x.clone(),
        };
        let better = match &best {
            None => true,
            Some((bk, _)) => {
                let op = if largest { CmpOp::Gt } else { CmpOp::Lt };
                let r = vm.rich_compare(&k, bk, op)?;
                vm.truthy(&r)?
            }
        };
        if better {
            best = Some((k, x));
        }
    }
    Ok(best.map(|(_, x)| vec![x]).unwrap_or_default())
}

/// `sorted(iterable, key=key, reverse=largest)[:n]`.
fn sorted_head(
    vm: &mut Vm,
    iterable: &Value,
    key: Option<&Value>,
    largest: bool,
    n: i64,
) -> PyResult<Value> {
    let sorted = vm
        .builtins
        .borrow()
        .get_str("sorted")
        .cloned()
        .ok_or_else(|| exc::new("NameError", "name 'sorted' is not defined"))?;
    let mut kw = vec![(
        Rc::new(crate::object::PyStr::new("key".to_string())),
        key.cloned().unwrap_or(Value::None),
    )];
    if largest {
        kw.push((
            Rc::new(crate::object::PyStr::new("reverse".to_string())),
            Value::bool(true),
        ));
    }
    let out = vm.call(&sorted, std::slice::from_ref(iterable), &kw)?;
    if let Value::List(l) = &out {
        let keep = usize::try_from(n.max(0)).unwrap_or(0);
        l.borrow_mut().truncate(keep);
    }
    Ok(out)
}

/// heapq.py's `nsmallest` / `nlargest`: the n best kept in a heap of `(key, order, elem)`
/// (or `(elem, order)`) tuples, the order number breaking ties by position.
fn n_best(
    vm: &mut Vm,
    a: &[Value],
    kw: KwArgs<'_>,
    largest: bool,
    sig: &'static Sig,
) -> PyResult<Value> {
    let b = sig.bind(a, kw)?;
    let n = crate::builtins::args::index_ssize(vm, b.get(0).unwrap_or(&Value::None))?;
    let iterable = b.get(1).cloned().unwrap_or(Value::None);
    let key = b.get_not_none(2).cloned();
    if n == 1 {
        let it = vm.get_iter(&iterable)?;
        return Ok(Value::list(best_one(vm, &it, key.as_ref(), largest)?));
    }
    if let Ok(size) = vm.len(&iterable) {
        if n >= size as i64 {
            return sorted_head(vm, &iterable, key.as_ref(), largest, n);
        }
    }
    let it = vm.get_iter(&iterable)?;
    let mut result = Vec::new();
    let mut i = 0i64;
    while i < n {
        let Some(elem) = vm.next(&it)? else { break };
        let order = if largest { -i } else { i };
        result.push(match &key {
            Some(f) => {
                let k = vm.call(f, std::slice::from_ref(&elem), &[])?;
                Value::tuple(vec![k, Value::Int(order), elem])
            }
            None => Value::tuple(vec![elem, Value::Int(order)]),
        });
        i += 1;
    }
    if result.is_empty() {
        return Ok(Value::list(result));
    }
    let heap: List = Rc::new(RefCell::new(result));
    // nsmallest keeps the n smallest in a max-heap; nlargest the n largest in a min-heap.
    let max = !largest;
    heapify_list(vm, &heap, max)?;
    let first = |heap: &List| match &heap.borrow()[0] {
        Value::Tuple(t) => t[0].clone(),
        _ => Value::None,
    };
    let mut top = first(&heap);
    let mut order = if largest { -n } else { n };
    while let Some(elem) = vm.next(&it)? {
        let k = match &key {
            Some(f) => vm.call(f, std::slice::from_ref(&elem), &[])?,
            None => elem.clone(),
        };
        let better = if largest {
            super::support::lt(vm, &top, &k)?
        } else {
            super::support::lt(vm, &k, &top)?
        };
        if better {
            let entry = match &key {
                Some(_) => Value::tuple(vec![k, Value::Int(order), elem]),
                None => Value::tuple(vec![k, Value::Int(order)]),
            };
            replace_impl(vm, &heap, &entry, max)?;
            top = first(&heap);
            order += if largest { -1 } else { 1 };
        }
    }
    let list = Value::List(heap.clone());
    let sort = vm.getattr(&list, "sort")?;
    let kw = [(
        Rc::new(crate::object::PyStr::new("reverse".to_string())),
        Value::bool(largest),
    )];
    vm.call(&sort, &[], &kw)?;
    let last = if key.is_some() { 2 } else { 0 };
    let out: Vec<Value> = heap
        .borrow()
        .iter()
        .map(|t| match t {
            Value::Tuple(t) => t[last].clone(),
            other => other.clone(),
        })
        .collect();
    Ok(Value::list(out))
}

fn nsmallest(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig =
        Sig::keywords("nsmallest", &["n", "iterable", "key"], 0, 2).in_module("heapq");
    n_best(vm, a, kw, false, &SIG)
}

fn nlargest(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("nlargest", &["n", "iterable", "key"], 0, 2).in_module("heapq");
    n_best(vm, a, kw, true, &SIG)
}

/// A fresh `heapq` module object.
pub fn module(vm: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, crate::object::BuiltinFn)] = &[
        ("heappush", Fast, heappush),
        ("heappop", O, heappop),
        ("heapify", O, heapify),
        ("heapreplace", Fast, heapreplace),
        ("heappushpop", Fast, heappushpop),
        ("_heapify_max", O, heapify_max),
        ("_heappop_max", O, heappop_max),
        ("_heapreplace_max", Fast, heapreplace_max),
        ("_nsmallest", FastKw, nsmallest),
        ("_nlargest", FastKw, nlargest),
    ];
    super::add_functions(&mut d, "heapq", fns);
    let module = super::new_module("heapq", d);
    // heapq.py's functions are Python functions (see `support::run_python`).
    let source = include_str!("heapq/heapq.py");
    if let Err(e) = super::support::run_python(vm, &module, source) {
        debug_assert!(false, "heapq's Python part: {e:?}");
    }
    module
}
