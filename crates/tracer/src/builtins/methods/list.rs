//! Methods of `list`, plus `index` and `count`, which `list` shares with `tuple`. Every
//! method borrows the list's `RefCell` only briefly, so that calls back into the VM (rich
//! comparison in `index`/`remove`, the key function of `sort`) never run under a borrow.

use std::rc::Rc;

use crate::builtins::args::{self, Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::KwArgs;
use crate::value::Value;
use crate::vm::Vm;

const fn one(name: &'static str, owner: &'static str) -> Sig {
    Sig::positional(name, 1, 1).of(owner).style(Style::One)
}

const fn noargs(name: &'static str) -> Sig {
    Sig::positional(name, 0, 0).of("list").style(Style::NoArgs)
}

/// `self` of a bound `list` method (checked by `Sig::bind`).
fn this_list(args: &[Value]) -> Rc<std::cell::RefCell<Vec<Value>>> {
    match args.first() {
        Some(Value::List(l)) => l.clone(),
        _ => Rc::default(),
    }
}

pub(super) fn list_append(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("append", "list");
    SIG.bind(args, kw)?;
    this_list(args).borrow_mut().push(args[1].clone());
    Ok(Value::None)
}

pub(super) fn list_pop(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("pop", 0, 1).of("list");
    SIG.bind(args, kw)?;
    let i = match args.get(1) {
        Some(v) => args::index_ssize(vm, v)?,
        None => -1,
    };
    let l = this_list(args);
    let mut l = l.borrow_mut();
    if l.is_empty() {
        return Err(exc::index_error("pop from empty list"));
    }
    let len = l.len();
    match crate::builtins::access::norm_index(i, len) {
        Some(i) => Ok(l.remove(i)),
        None => Err(exc::index_error("pop index out of range")),
    }
}

pub(super) fn list_insert(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("insert", 2, 2).of("list");
    SIG.bind(args, kw)?;
    let i = args::index_ssize(vm, &args[1])?;
    let l = this_list(args);
    let mut l = l.borrow_mut();
    let len = l.len() as i64;
    let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
    l.insert(i as usize, args.get(2).cloned().unwrap_or(Value::None));
    Ok(Value::None)
}

pub(super) fn list_extend(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("extend", "list");
    SIG.bind(args, kw)?;
    let l = this_list(args);
    let items = vm.collect_hinted(&args[1])?;
    l.borrow_mut().extend(items);
    Ok(Value::None)
}

pub(super) fn list_sort(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("sort", &["key", "reverse"], 0, 0)
        .kwonly_from(0)
        .of("list");
    let a = SIG.bind(args, kw)?;
    let (key, reverse) = crate::builtins::functions::sort_options(vm, &a)?;
    let key = key.cloned();
    let l = this_list(args);
    let items = std::mem::take(&mut *l.borrow_mut());
    let sorted = crate::builtins::functions::sort_values(vm, items.clone(), key.as_ref(), reverse);
    match sorted {
        Ok(v) => {
            *l.borrow_mut() = v;
            Ok(Value::None)
        }
        Err(e) => {
            *l.borrow_mut() = items;
            Err(e)
        }
    }
}

fn seq_items(args: &[Value]) -> Vec<Value> {
    match args.first() {
        Some(Value::List(l)) => l.borrow().clone(),
        Some(Value::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

/// The type name of `self` of a sequence method.
fn owner(args: &[Value]) -> &'static str {
    match args.first() {
        Some(Value::Tuple(_)) => "tuple",
        _ => "list",
    }
}

/// `start`/`stop` of `index`: "slice indices must be integers or have an __index__ method".
fn index_bound(vm: &mut Vm, v: Option<&Value>, len: usize, default: usize) -> PyResult<usize> {
    let Some(v) = v else {
        return Ok(default);
    };
    let i = match v {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Instance(_) => {
            match args::index(vm, v) {
                Ok(Value::Int(i)) => i,
                Ok(big)
                    if crate::object::int::to_big(&big)
                        .is_some_and(|b| num_traits::Signed::is_negative(&b)) =>
                {
                    i64::MIN
                }
                Ok(_) => i64::MAX,
                Err(_) => return Err(bad_index()),
            }
        }
        _ => return Err(bad_index()),
    };
    let len = len as i64;
    Ok(if i < 0 {
        i.saturating_add(len).max(0)
    } else {
        i.min(len)
    } as usize)
}

fn bad_index() -> crate::exceptions::PyErr {
    exc::type_error("slice indices must be integers or have an __index__ method")
}

pub(super) fn seq_index(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static LIST: Sig = Sig::positional("index", 1, 3).of("list");
    static TUPLE: Sig = Sig::positional("index", 1, 3).of("tuple");
    let sig = if owner(args) == "tuple" {
        &TUPLE
    } else {
        &LIST
    };
    sig.bind(args, kw)?;
    let items = seq_items(args);
    let target = args[1].clone();
    let start = index_bound(vm, args.get(2), items.len(), 0)?;
    let stop = index_bound(vm, args.get(3), items.len(), items.len())?;
    for (i, v) in items.iter().enumerate().take(stop).skip(start) {
        if v.is(&target) || vm.eq(v, &target)? {
            return Ok(Value::Int(i as i64));
        }
    }
    let what = if matches!(args[0], Value::Tuple(_)) {
        "tuple.index(x): x not in tuple".to_string()
    } else {
        format!("{} is not in list", vm.repr(&target)?)
    };
    Err(exc::value_error(what))
}

pub(super) fn seq_count(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static LIST: Sig = one("count", "list");
    static TUPLE: Sig = one("count", "tuple");
    let sig = if owner(args) == "tuple" {
        &TUPLE
    } else {
        &LIST
    };
    sig.bind(args, kw)?;
    let items = seq_items(args);
    let mut n = 0;
    for v in &items {
        if v.is(&args[1]) || vm.eq(v, &args[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

pub(super) fn list_reverse(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("reverse");
    SIG.bind(args, kw)?;
    this_list(args).borrow_mut().reverse();
    Ok(Value::None)
}

pub(super) fn list_copy(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("copy");
    SIG.bind(args, kw)?;
    Ok(Value::list(this_list(args).borrow().clone()))
}

pub(super) fn list_clear(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("clear");
    SIG.bind(args, kw)?;
    this_list(args).borrow_mut().clear();
    Ok(Value::None)
}

pub(super) fn list_remove(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("remove", "list");
    SIG.bind(args, kw)?;
    let l = this_list(args);
    let items = l.borrow().clone();
    for (i, v) in items.iter().enumerate() {
        if v.is(&args[1]) || vm.eq(v, &args[1])? {
            l.borrow_mut().remove(i);
            return Ok(Value::None);
        }
    }
    Err(exc::value_error("list.remove(x): x not in list"))
}
