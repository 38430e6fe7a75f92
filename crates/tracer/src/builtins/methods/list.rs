//! Methods of `list`, plus `index` and `count`, which `list` shares with `tuple`. Every
//! method borrows the list's `RefCell` only briefly, so that calls back into the VM (rich
//! comparison in `index`/`remove`, the key function of `sort`) never run under a borrow.

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::object::KwArgs;
use crate::value::Value;
use crate::vm::Vm;

fn this_list(args: &[Value]) -> PyResult<Rc<std::cell::RefCell<Vec<Value>>>> {
    match args.first() {
        Some(Value::List(l)) => Ok(l.clone()),
        _ => Err(exc::type_error("descriptor requires a 'list' object")),
    }
}

pub(super) fn list_append(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this_list(args)?.borrow_mut().push(args[1].clone());
    Ok(Value::None)
}

pub(super) fn list_pop(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let mut l = l.borrow_mut();
    if l.is_empty() {
        return Err(exc::index_error("pop from empty list"));
    }
    let len = l.len();
    let i = match args.get(1) {
        Some(Value::Int(i)) => *i,
        _ => -1,
    };
    match crate::builtins::access::norm_index(i, len) {
        Some(i) => Ok(l.remove(i)),
        None => Err(exc::index_error("pop index out of range")),
    }
}

pub(super) fn list_insert(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let mut l = l.borrow_mut();
    let len = l.len() as i64;
    let i = match args.get(1) {
        Some(Value::Int(i)) => *i,
        _ => 0,
    };
    let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
    l.insert(i as usize, args.get(2).cloned().unwrap_or(Value::None));
    Ok(Value::None)
}

pub(super) fn list_extend(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let items = vm.collect(&args[1])?;
    l.borrow_mut().extend(items);
    Ok(Value::None)
}

pub(super) fn list_sort(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let items = std::mem::take(&mut *l.borrow_mut());
    let key = vm.kwarg(kw, "key").cloned();
    let reverse = match vm.kwarg(kw, "reverse").cloned() {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
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

pub(super) fn seq_index(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let items = seq_items(args);
    let target = args.get(1).cloned().unwrap_or(Value::None);
    for (i, v) in items.iter().enumerate() {
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

pub(super) fn seq_count(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let items = seq_items(args);
    let mut n = 0;
    for v in &items {
        if v.is(&args[1]) || vm.eq(v, &args[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

pub(super) fn list_reverse(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this_list(args)?.borrow_mut().reverse();
    Ok(Value::None)
}

pub(super) fn list_copy(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::list(this_list(args)?.borrow().clone()))
}

pub(super) fn list_clear(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this_list(args)?.borrow_mut().clear();
    Ok(Value::None)
}

pub(super) fn list_remove(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let items = l.borrow().clone();
    for (i, v) in items.iter().enumerate() {
        if v.is(&args[1]) || vm.eq(v, &args[1])? {
            l.borrow_mut().remove(i);
            return Ok(Value::None);
        }
    }
    Err(exc::value_error("list.remove(x): x not in list"))
}
