//! `collections.deque`: a double-ended queue (a Rust `VecDeque`) with an optional `maxlen`,
//! as `_collectionsmodule.c` behaves: appending to a full deque drops an item from the other
//! end, iterators fail with `RuntimeError: deque mutated during iteration` once the deque's
//! length changed under them, searches compare with `is` first and then `==`.
//!
//! ```text
//!   d = deque([1, 2, 3], maxlen=3)
//!   d.append(4)          deque([2, 3, 4], maxlen=3)      (1 dropped on the left)
//!   d.rotate(1)          deque([4, 2, 3], maxlen=3)
//! ```
//!
//! Its operators (comparisons, `+`, `*`, `+=`, `*=`) are in `deque/ops.rs`.

mod ops;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use crate::builtins::args::{self, Sig};
use crate::builtins::modules::support::{self, cls_arg, stop, this, Method};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, CallConv, Class, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

pub struct Deque {
    items: RefCell<VecDeque<Value>>,
    maxlen: Cell<Option<usize>>,
    /// Bumped by every change of length: what iterators check.
    state: Cell<u64>,
    /// `repr` of this deque is running (a deque inside itself prints `[...]`).
    in_repr: Cell<bool>,
}

impl Deque {
    fn bump(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    fn push_back(&self, v: Value) {
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return;
        }
        items.push_back(v);
        if self.maxlen.get().is_some_and(|m| items.len() > m) {
            items.pop_front();
        }
        drop(items);
        self.bump();
    }

    fn push_front(&self, v: Value) {
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return;
        }
        items.push_front(v);
        if self.maxlen.get().is_some_and(|m| items.len() > m) {
            items.pop_back();
        }
        drop(items);
        self.bump();
    }

    fn snapshot(&self) -> Vec<Value> {
        self.items.borrow().iter().cloned().collect()
    }
}

fn me<'a>(a: &'a [Value], method: &str) -> PyResult<&'a Deque> {
    this::<Deque>(a, "collections.deque", method)
}

pub fn methods() -> Vec<Method> {
    use CallConv::*;
    vec![
        ("__new__", VarArgs, new),
        ("append", O, append),
        ("appendleft", O, appendleft),
        ("pop", NoArgs, pop),
        ("popleft", NoArgs, popleft),
        ("extend", O, extend),
        ("extendleft", O, extendleft),
        ("clear", NoArgs, clear),
        ("copy", NoArgs, copy),
        ("__copy__", NoArgs, copy),
        ("count", O, count),
        ("index", Fast, index),
        ("insert", Fast, insert),
        ("remove", O, remove),
        ("reverse", NoArgs, reverse),
        ("rotate", Fast, rotate),
        ("__len__", SlotWrapper, len),
        ("__iter__", SlotWrapper, iter),
        ("__reversed__", NoArgs, reversed),
        ("__repr__", SlotWrapper, repr),
        ("__getitem__", VarArgs, getitem),
        ("__setitem__", VarArgs, setitem),
        ("__delitem__", VarArgs, delitem),
        ("__contains__", VarArgs, contains),
        ("__eq__", VarArgs, ops::eq),
        ("__ne__", VarArgs, ops::ne),
        ("__lt__", VarArgs, ops::lt),
        ("__le__", VarArgs, ops::le),
        ("__gt__", VarArgs, ops::gt),
        ("__ge__", VarArgs, ops::ge),
        ("__add__", VarArgs, ops::add),
        ("__mul__", VarArgs, ops::mul),
        ("__rmul__", VarArgs, ops::mul),
        ("__iadd__", VarArgs, ops::iadd),
        ("__imul__", VarArgs, ops::imul),
        ("__reduce__", NoArgs, reduce),
        ("__getattr__", VarArgs, getattr),
    ]
}

/// The iterator types, made with the deque type.
pub fn iterator_methods() -> Vec<Method> {
    vec![
        ("__iter__", CallConv::SlotWrapper, support::iter_self),
        ("__next__", CallConv::SlotWrapper, iter_next),
    ]
}

fn new_deque(cls: Rc<Class>, items: VecDeque<Value>, maxlen: Option<usize>) -> Value {
    support::new_instance(
        cls,
        Deque {
            items: RefCell::new(items),
            maxlen: Cell::new(maxlen),
            state: Cell::new(0),
            in_repr: Cell::new(false),
        },
    )
}

fn maxlen_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let n = args::index_ssize(vm, v)?;
            usize::try_from(n)
                .map(Some)
                .map_err(|_| exc::value_error("maxlen must be non-negative"))
        }
    }
}

fn new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("deque", &["iterable", "maxlen"], 0, 0);
    let cls = cls_arg(a)?;
    let b = SIG.bind(&a[1..], kw)?;
    let maxlen = maxlen_arg(vm, b.get(1))?;
    let d = new_deque(cls, VecDeque::new(), maxlen);
    if let Some(it) = b.get(0) {
        let items = vm.collect(it)?;
        let dq = me(std::slice::from_ref(&d), "__init__")?;
        for item in items {
            dq.push_back(item);
        }
    }
    Ok(d)
}

fn arg1<'a>(a: &'a [Value], name: &str) -> PyResult<&'a Value> {
    a.get(1).ok_or_else(|| {
        exc::type_error(format!(
            "deque.{name}() takes exactly one argument (0 given)"
        ))
    })
}

fn append(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "append")?;
    d.push_back(arg1(a, "append")?.clone());
    Ok(Value::None)
}

fn appendleft(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "appendleft")?;
    d.push_front(arg1(a, "appendleft")?.clone());
    Ok(Value::None)
}

fn pop(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "pop")?;
    let v = d.items.borrow_mut().pop_back();
    d.bump();
    v.ok_or_else(|| exc::index_error("pop from an empty deque"))
}

fn popleft(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "popleft")?;
    let v = d.items.borrow_mut().pop_front();
    d.bump();
    v.ok_or_else(|| exc::index_error("pop from an empty deque"))
}

fn extend(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "extend")?;
    let items = vm.collect(arg1(a, "extend")?)?;
    for item in items {
        d.push_back(item);
    }
    Ok(Value::None)
}

fn extendleft(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "extendleft")?;
    let items = vm.collect(arg1(a, "extendleft")?)?;
    for item in items {
        d.push_front(item);
    }
    Ok(Value::None)
}

fn clear(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "clear")?;
    let old = std::mem::take(&mut *d.items.borrow_mut());
    d.bump();
    drop(old);
    Ok(Value::None)
}

fn class_of(v: &Value) -> PyResult<Rc<Class>> {
    match v {
        Value::Native(n) => Ok(n.class.clone()),
        _ => Err(exc::type_error("expected a deque")),
    }
}

fn copy(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "copy")?;
    let items = d.items.borrow().clone();
    Ok(new_deque(class_of(&a[0])?, items, d.maxlen.get()))
}

/// Walks the items comparing each with `x` (`is`, then `==`); the deque must not change
/// length meanwhile. Yields the indices of equal items to `found`, which says whether to go on.
fn search(
    vm: &mut Vm,
    d: &Deque,
    x: &Value,
    range: (usize, usize),
    mutated: &str,
    mut found: impl FnMut(usize) -> bool,
) -> PyResult<()> {
    let state = d.state.get();
    for i in range.0..range.1 {
        let item = d.items.borrow().get(i).cloned();
        let Some(item) = item else { break };
        let equal = support::eq(vm, &item, x)?;
        if d.state.get() != state {
            return Err(exc::new("RuntimeError", mutated.to_string()));
        }
        if equal && !found(i) {
            return Ok(());
        }
    }
    Ok(())
}

fn count(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "count")?;
    let x = arg1(a, "count")?.clone();
    let n = d.items.borrow().len();
    let mut total = 0i64;
    search(vm, d, &x, (0, n), "deque mutated during iteration", |_| {
        total += 1;
        true
    })?;
    Ok(Value::Int(total))
}

fn not_in(vm: &mut Vm, x: &Value) -> PyResult<crate::exceptions::PyErr> {
    Ok(exc::value_error(format!("{} is not in deque", vm.repr(x)?)))
}

fn index(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("index", 1, 3);
    let d = me(a, "index")?;
    SIG.bind(&a[1..], kw)?;
    let n = d.items.borrow().len() as i64;
    let bound = |vm: &mut Vm, v: Option<&Value>, default: i64| -> PyResult<usize> {
        let mut i = match v {
            Some(v) => args::index_ssize(vm, v)?,
            None => default,
        };
        if i < 0 {
            i = (i + n).max(0);
        }
        Ok(i.min(n) as usize)
    };
    let start = bound(vm, a.get(2), 0)?;
    let stop = bound(vm, a.get(3), n)?;
    let x = a[1].clone();
    let mut at = None;
    search(
        vm,
        d,
        &x,
        (start, stop),
        "deque mutated during iteration",
        |i| {
            at = Some(i);
            false
        },
    )?;
    match at {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(not_in(vm, &x)?),
    }
}

fn insert(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("insert", 2, 2);
    let d = me(a, "insert")?;
    SIG.bind(&a[1..], kw)?;
    let i = args::index_ssize(vm, &a[1])?;
    let n = d.items.borrow().len();
    if d.maxlen.get() == Some(n) {
        return Err(exc::index_error("deque already at its maximum size"));
    }
    let n = n as i64;
    let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
    d.items.borrow_mut().insert(at as usize, a[2].clone());
    d.bump();
    Ok(Value::None)
}

fn remove(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "remove")?;
    let x = arg1(a, "remove")?.clone();
    let n = d.items.borrow().len();
    let mut at = None;
    search(vm, d, &x, (0, n), "deque mutated during remove().", |i| {
        at = Some(i);
        false
    })?;
    match at {
        Some(i) => {
            d.items.borrow_mut().remove(i);
            d.bump();
            Ok(Value::None)
        }
        None => Err(not_in(vm, &x)?),
    }
}

fn reverse(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "reverse")?;
    d.items.borrow_mut().make_contiguous().reverse();
    Ok(Value::None)
}

fn rotate(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("rotate", 0, 1);
    let d = me(a, "rotate")?;
    SIG.bind(&a[1..], kw)?;
    let n = match a.get(1) {
        Some(v) => args::index_ssize(vm, v)?,
        None => 1,
    };
    let mut items = d.items.borrow_mut();
    let len = items.len() as i64;
    if len > 1 {
        items.rotate_right(n.rem_euclid(len) as usize);
    }
    Ok(Value::None)
}

fn len(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Int(me(a, "__len__")?.items.borrow().len() as i64))
}

/// A deque iterator: the deque, the next index, how many are left, the state it expects.
struct DequeIter {
    deque: Value,
    index: Cell<usize>,
    left: Cell<usize>,
    state: u64,
    reversed: bool,
}

fn make_iter(vm: &mut Vm, a: &[Value], reversed: bool) -> PyResult<Value> {
    let d = me(a, "__iter__")?;
    let n = d.items.borrow().len();
    let name = if reversed {
        "_deque_reverse_iterator"
    } else {
        "_deque_iterator"
    };
    let m = vm.import_module("collections")?;
    let Value::Type(class) = vm.getattr(&m, name)? else {
        return Err(exc::type_error("no deque iterator type"));
    };
    Ok(support::new_instance(
        class,
        DequeIter {
            deque: a[0].clone(),
            index: Cell::new(0),
            left: Cell::new(n),
            state: d.state.get(),
            reversed,
        },
    ))
}

fn iter(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    make_iter(vm, a, false)
}

fn reversed(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    make_iter(vm, a, true)
}

fn iter_next(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let it = this::<DequeIter>(a, "_deque_iterator", "__next__")?;
    let Some(d) = it.deque.native::<Deque>() else {
        return Err(stop());
    };
    if d.state.get() != it.state {
        it.left.set(0);
        return Err(exc::new("RuntimeError", "deque mutated during iteration"));
    }
    if it.left.get() == 0 {
        return Err(stop());
    }
    let items = d.items.borrow();
    let i = it.index.get();
    let v = if it.reversed {
        items.get(items.len() - 1 - i).cloned()
    } else {
        items.get(i).cloned()
    };
    it.index.set(i + 1);
    it.left.set(it.left.get() - 1);
    v.ok_or_else(stop)
}

fn repr(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__repr__")?;
    let name = class_of(&a[0])?.name.as_str().to_string();
    if d.in_repr.get() {
        return Ok(Value::str("[...]"));
    }
    d.in_repr.set(true);
    let items = d.snapshot();
    let body = vm.repr_items(&items);
    d.in_repr.set(false);
    let body = body?.join(", ");
    Ok(Value::str(match d.maxlen.get() {
        Some(m) => format!("{name}([{body}], maxlen={m})"),
        None => format!("{name}([{body}])"),
    }))
}

/// The index `i` of a deque of length `n` (negative from the end).
fn position(vm: &mut Vm, key: &Value, n: usize) -> PyResult<usize> {
    let i = match key {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Instance(_) => {
            args::index_ssize(vm, key)?
        }
        other => {
            return Err(exc::type_error(format!(
                "sequence index must be integer, not '{}'",
                type_name_of(other)
            )))
        }
    };
    let n = n as i64;
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(exc::index_error("deque index out of range"));
    }
    Ok(j as usize)
}

fn two<'a>(a: &'a [Value], name: &str) -> PyResult<&'a Value> {
    a.get(1)
        .ok_or_else(|| exc::type_error(format!("expected 1 argument, got 0 (in {name})")))
}

fn getitem(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__getitem__")?;
    let n = d.items.borrow().len();
    let i = position(vm, two(a, "__getitem__")?, n)?;
    let v = d.items.borrow()[i].clone();
    Ok(v)
}

fn setitem(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__setitem__")?;
    let n = d.items.borrow().len();
    let i = position(vm, two(a, "__setitem__")?, n)?;
    let v = a.get(2).cloned().unwrap_or(Value::None);
    d.items.borrow_mut()[i] = v;
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__delitem__")?;
    let n = d.items.borrow().len();
    let i = position(vm, two(a, "__delitem__")?, n)?;
    d.items.borrow_mut().remove(i);
    d.bump();
    Ok(Value::None)
}

fn contains(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__contains__")?;
    let x = two(a, "__contains__")?.clone();
    let n = d.items.borrow().len();
    let mut hit = false;
    search(vm, d, &x, (0, n), "deque mutated during iteration", |_| {
        hit = true;
        false
    })?;
    Ok(Value::bool(hit))
}

/// `(type(d), (), None, iter(d))`, or with `((), maxlen)` as arguments: how `copy` rebuilds it.
fn reduce(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__reduce__")?;
    let cls = Value::Type(class_of(&a[0])?);
    let args = match d.maxlen.get() {
        Some(m) => Value::tuple(vec![Value::tuple(Vec::new()), Value::Int(m as i64)]),
        None => Value::tuple(Vec::new()),
    };
    let it = iter(vm, a, &[])?;
    Ok(Value::tuple(vec![cls, args, Value::None, it]))
}

fn getattr(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = me(a, "__getattr__")?;
    let name = a.get(1).and_then(|v| v.as_str()).unwrap_or("");
    match name {
        "maxlen" => Ok(d.maxlen.get().map_or(Value::None, |m| Value::Int(m as i64))),
        _ => Err(exc::no_attribute("collections.deque", name)),
    }
}
