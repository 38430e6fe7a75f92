//! Slot wrappers: a builtin type's C slot (`tp_iter`, `tp_iternext`) seen from Python as a
//! method, `type(iter([])).__next__` (`<slot wrapper '__next__' of 'list_iterator' objects>`).
//!
//! They differ from method descriptors in two ways a program can see: a call through one is
//! never specialized (CPython's `CALL` has no form for `wrapper_descriptor`, so it becomes
//! `CALL_NON_PY_GENERAL`), and their argument errors have their own wording:
//!
//! ```text
//!   G.__next__()          descriptor '__next__' of 'generator' object needs an argument
//!   G.__next__(5)         descriptor '__next__' requires a 'generator' object but received a 'int'
//!   g.__next__(x=1)       wrapper __next__() takes no keyword arguments
//!   g.__next__(1)         expected 0 arguments, got 1
//! ```
//!
//! Every iterator type gets `__iter__` (itself) and `__next__` (the next item, or
//! `StopIteration`) here; the generator's live with the interpreter (`interp/generator.rs`).

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::object::{static_type_name, type_name_of, Builtin, BuiltinFn, CallConv, Class, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// Checks a slot wrapper's call (self, then keywords, then the count), with CPython's words.
pub(super) fn check(b: &Builtin, args: &[Value], kw: KwArgs<'_>) -> PyResult<()> {
    let owner = b.owner.unwrap_or("object");
    let Some((first, rest)) = args.split_first() else {
        return Err(exc::type_error(format!(
            "descriptor '{}' of '{owner}' object needs an argument",
            b.name
        )));
    };
    if static_type_name(first) != owner {
        return Err(exc::type_error(format!(
            "descriptor '{}' requires a '{owner}' object but received a '{}'",
            b.name,
            type_name_of(first)
        )));
    }
    if !kw.is_empty() {
        return Err(exc::type_error(format!(
            "wrapper {}() takes no keyword arguments",
            b.name
        )));
    }
    if !rest.is_empty() {
        return Err(exc::type_error(format!(
            "expected 0 arguments, got {}",
            rest.len()
        )));
    }
    Ok(())
}

/// `__iter__` and `__next__` on every iterator type.
pub(super) fn install(vm: &mut Vm) {
    let t = &vm.types;
    let mut classes: Vec<(&'static str, Rc<Class>)> = crate::vm::ITERATOR_TYPES
        .iter()
        .map(|&name| (name, t.iterators[name].clone()))
        .collect();
    classes.extend([
        ("iterator", t.iterator.clone()),
        ("reversed", t.reversed.clone()),
        ("enumerate", t.enumerate.clone()),
        ("zip", t.zip.clone()),
        ("map", t.map.clone()),
        ("filter", t.filter.clone()),
    ]);
    let methods: [(&'static str, BuiltinFn); 2] =
        [("__iter__", iter_self), ("__next__", iter_next)];
    for (owner, class) in classes {
        for (name, func) in methods {
            let b = Value::Builtin(Rc::new(Builtin {
                name,
                owner: Some(owner),
                conv: CallConv::SlotWrapper,
                func,
                module: None,
                positional: (0, 0),
                needs_caller: false,
                float_kernel: None,
            }));
            class.set_attr(Rc::from(name), b);
        }
    }
}

/// `it.__iter__()`: the iterator itself.
fn iter_self(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(args[0].clone())
}

/// `it.__next__()`: what `next(it)` gives, `StopIteration` at the end.
fn iter_next(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    match vm.next(&args[0])? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration(Value::None)),
    }
}
