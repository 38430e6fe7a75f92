//! `sharing.Map`: a [`SharedMap`] as Python code sees it, with `immutables.Map`'s methods.
//!
//! `m.get(k[, default])`, `m[k]`, `k in m`, `len(m)`, iteration (keys, in hash order),
//! `keys()`, `values()`, `items()`; `m.set(k, v)`, `m.delete(k)` and `m.update(mapping)`
//! return a new map and leave `m` as it was. Keys and values must be shareable: a key or
//! value that is not raises `NotShareableError` instead of entering the map, so a map can
//! always cross to another interpreter whole.

use std::cell::Cell;

use tracer::exceptions::{self as exc, PyResult};
use tracer::object::{type_name_of, BuiltinFn, CallConv, KwArgs, NativeType};
use tracer::value::Value;
use tracer::vm::Vm;

use super::convert::{shareable_or_raise, to_value};
use super::{arity, Fast, NoArgs, O};
use crate::map::SharedMap;
use crate::share::Shareable;

const NAME: &str = "Map";

const METHODS: &[(&str, CallConv, BuiltinFn)] = &[
    ("get", Fast, get),
    ("set", Fast, set),
    ("delete", O, delete),
    ("update", O, update),
    ("keys", NoArgs, keys),
    ("values", NoArgs, values),
    ("items", NoArgs, items),
    ("__len__", NoArgs, len),
    ("__iter__", NoArgs, keys),
    ("__contains__", O, contains),
    ("__getitem__", O, getitem),
    ("__repr__", NoArgs, repr),
];

/// The `Map` type of one interpreter.
pub(super) fn native_type(object: &std::rc::Rc<tracer::object::Class>) -> NativeType {
    NativeType::new(NAME, object, METHODS)
}

/// The type of a map's iterators (`keys()`, `values()`, `items()`, `iter(m)`).
pub(super) fn iter_type(object: &std::rc::Rc<tracer::object::Class>) -> NativeType {
    NativeType::new(
        "map_iterator",
        object,
        &[("__next__", NoArgs, next), ("__iter__", NoArgs, iter_self)],
    )
}

/// A snapshot iterator: the map is immutable, so the snapshot is exactly what a live walk
/// would see.
struct MapIter {
    items: Vec<Shareable>,
    pos: Cell<usize>,
}

/// `self` as a map, or the TypeError CPython gives a descriptor called on the wrong type.
fn this<'a>(args: &'a [Value], method: &str) -> PyResult<&'a SharedMap> {
    match args.first() {
        Some(v) => v.native::<SharedMap>().ok_or_else(|| {
            exc::type_error(format!(
                "descriptor '{method}' for 'Map' objects doesn't apply to a '{}' object",
                type_name_of(v)
            ))
        }),
        None => Err(exc::type_error(format!(
            "unbound method Map.{method}() needs an argument"
        ))),
    }
}

/// A new map object of the same type as `args[0]`.
fn new_map(args: &[Value], map: SharedMap) -> Value {
    match &args[0] {
        Value::Native(n) => NativeType {
            class: n.class.clone(),
            name: n.type_name,
        }
        .instance(map),
        _ => Value::None,
    }
}

fn get(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let map = this(args, "get")?;
    arity("get", &args[1..], 1, 2)?;
    let key = shareable_or_raise(vm, &args[1])?;
    match map.get(&key) {
        Some(v) => to_value(vm, v),
        None => Ok(args.get(2).cloned().unwrap_or(Value::None)),
    }
}

fn getitem(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let map = this(args, "__getitem__")?;
    let key = shareable_or_raise(vm, &args[1])?;
    match map.get(&key) {
        Some(v) => to_value(vm, v),
        None => Err(vm.key_error(&args[1])),
    }
}

fn contains(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let map = this(args, "__contains__")?;
    // A value that cannot be a key is simply not in the map.
    Ok(Value::bool(
        super::to_shareable(&args[1]).is_ok_and(|k| map.contains_key(&k)),
    ))
}

fn set(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let map = this(args, "set")?;
    arity("set", &args[1..], 2, 2)?;
    let key = shareable_or_raise(vm, &args[1])?;
    let value = shareable_or_raise(vm, &args[2])?;
    Ok(new_map(args, map.set(key, value)))
}

fn delete(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let map = this(args, "delete")?;
    let key = shareable_or_raise(vm, &args[1])?;
    if !map.contains_key(&key) {
        return Err(vm.key_error(&args[1]));
    }
    Ok(new_map(args, map.delete(&key)))
}

fn update(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let map = this(args, "update")?;
    let pairs = pairs_of(vm, &args[1])?;
    Ok(new_map(args, map.update(pairs)))
}

/// The pairs of a dict or a map, converted (`Map(...)` and `update(...)` take either).
pub(super) fn pairs_of(vm: &mut Vm, v: &Value) -> PyResult<Vec<(Shareable, Shareable)>> {
    if let Some(map) = v.native::<SharedMap>() {
        return Ok(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
    }
    let Value::Dict(d) = v else {
        return Err(exc::type_error(format!(
            "expected a dict or a Map, not '{}'",
            type_name_of(v)
        )));
    };
    let entries: Vec<(Value, Value)> = d
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    entries
        .iter()
        .map(|(k, v)| Ok((shareable_or_raise(vm, k)?, shareable_or_raise(vm, v)?)))
        .collect()
}

fn len(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(args, "__len__")?.len() as i64))
}

fn snapshot(
    vm: &mut Vm,
    args: &[Value],
    method: &str,
    item: fn(&Shareable, &Shareable) -> Shareable,
) -> PyResult<Value> {
    let map = this(args, method)?;
    let items = map.iter().map(|(k, v)| item(k, v)).collect();
    let state = super::state(vm)?;
    Ok(state.map_iter.instance(MapIter {
        items,
        pos: Cell::new(0),
    }))
}

fn keys(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    snapshot(vm, args, "keys", |k, _| k.clone())
}

fn values(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    snapshot(vm, args, "values", |_, v| v.clone())
}

fn items(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    snapshot(vm, args, "items", |k, v| {
        Shareable::tuple(vec![k.clone(), v.clone()])
    })
}

fn next(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let it = args
        .first()
        .and_then(|v| v.native::<MapIter>())
        .ok_or_else(|| exc::type_error("expected a map_iterator"))?;
    let pos = it.pos.get();
    match it.items.get(pos) {
        Some(item) => {
            it.pos.set(pos + 1);
            to_value(vm, item)
        }
        None => Err(exc::new("StopIteration", "")),
    }
}

fn iter_self(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(args[0].clone())
}

/// Maps longer than this print their length instead of their items.
const REPR_ITEMS: usize = 16;

fn repr(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let map = this(args, "__repr__")?;
    if map.len() > REPR_ITEMS {
        return Ok(Value::str(format!("sharing.Map(<{} items>)", map.len())));
    }
    let mut parts = Vec::with_capacity(map.len());
    for (k, v) in map.iter() {
        let (k, v) = (to_value(vm, k)?, to_value(vm, v)?);
        parts.push(format!("{}: {}", vm.repr(&k)?, vm.repr(&v)?));
    }
    Ok(Value::str(format!("sharing.Map({{{}}})", parts.join(", "))))
}
