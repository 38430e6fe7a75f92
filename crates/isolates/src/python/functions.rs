//! The module-level functions of `sharing`: making maps and queues, and the named shared
//! roots (`publish`, `read`, `swap`).
//!
//! `swap(name, expected, new)` is the safe way to publish an update: it replaces the root only
//! if it is still `expected` (the very version the update started from) and returns whether
//! it did, so a worker can redo its update on the newer root (see `roots.rs`).

use tracer::exceptions::{self as exc, PyResult};
use tracer::object::{type_name_of, BuiltinFn, CallConv, KwArgs};
use tracer::value::Value;
use tracer::vm::Vm;

use super::convert::{shareable_or_raise, to_value};
use super::map_type::pairs_of;
use super::{arity, state, Fast, NoArgs, O};
use crate::map::SharedMap;
use crate::queue::create_queue as new_queue;

pub(super) const FUNCTIONS: &[(&str, CallConv, BuiltinFn)] = &[
    ("Map", Fast, map),
    ("create_queue", Fast, create_queue),
    ("publish", Fast, publish),
    ("read", Fast, read),
    ("swap", Fast, swap),
    ("published", NoArgs, published),
    ("interpreter_id", NoArgs, interpreter_id),
    ("is_shareable", O, is_shareable),
];

/// `Map()`, `Map(dict)` or `Map(map)`.
fn map(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("Map", args, 0, 1)?;
    let map = match args.first() {
        None | Some(Value::None) => SharedMap::new(),
        Some(v) => SharedMap::from_pairs(pairs_of(vm, v)?),
    };
    Ok(state(vm)?.map.instance(map))
}

/// `create_queue(maxsize=0)`: 0 (or less) is unbounded, as in PEP 734.
fn create_queue(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("create_queue", args, 0, 1)?;
    let maxsize = match args.first() {
        None => 0,
        Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(0),
        Some(other) => {
            return Err(exc::type_error(format!(
                "maxsize must be an int, not '{}'",
                type_name_of(other)
            )))
        }
    };
    Ok(state(vm)?.queue.instance(new_queue(maxsize)))
}

fn name_arg<'a>(func: &str, v: &'a Value) -> PyResult<&'a str> {
    v.as_str().ok_or_else(|| {
        exc::type_error(format!(
            "{func}() argument 1 must be str, not {}",
            type_name_of(v)
        ))
    })
}

/// `publish(name, value)`: sets the root unconditionally.
fn publish(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("publish", args, 2, 2)?;
    let name = name_arg("publish", &args[0])?;
    let value = shareable_or_raise(vm, &args[1])?;
    state(vm)?.roots.publish(name, value);
    Ok(Value::None)
}

/// `read(name, default=None)`: the current root (a handle, not a copy).
fn read(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("read", args, 1, 2)?;
    let name = name_arg("read", &args[0])?;
    match state(vm)?.roots.read(name) {
        Some(value) => to_value(vm, &value),
        None => Ok(args.get(1).cloned().unwrap_or(Value::None)),
    }
}

/// `swap(name, expected, new) -> bool`: compare-and-publish; `expected=None` for "nothing
/// published yet".
fn swap(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    arity("swap", args, 3, 3)?;
    let name = name_arg("swap", &args[0])?;
    let expected = match &args[1] {
        Value::None => None,
        v => Some(shareable_or_raise(vm, v)?),
    };
    let new = shareable_or_raise(vm, &args[2])?;
    let done = state(vm)?
        .roots
        .compare_and_publish(name, expected.as_ref(), new)
        .is_ok();
    Ok(Value::bool(done))
}

/// `published()`: the names of the published roots, sorted.
fn published(vm: &mut Vm, _: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let names = state(vm)?.roots.names();
    Ok(Value::list(names.into_iter().map(Value::str).collect()))
}

/// `interpreter_id()`: the id of the interpreter running this code (`get_current().id`).
fn interpreter_id(vm: &mut Vm, _: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Int(state(vm)?.id as i64))
}

/// `is_shareable(obj)`: whether `obj` may cross to another interpreter.
fn is_shareable(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::bool(super::to_shareable(&args[0]).is_ok()))
}
