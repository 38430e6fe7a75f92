//! Crossing the boundary: a VM `Value` to a [`Shareable`] and back (memhive's level 1).
//!
//! Scalars, strs, bytes and tuples of them are copied out of the interpreter's heap into
//! `Arc`-owned data, and copied into the receiving heap as new objects; maps and queues cross
//! as handles (one `Arc` increment); everything else is refused, naming its type. This is the
//! only place where an interpreter's objects meet the shared world.

use std::rc::Rc;
use std::sync::Arc;

use tracer::exceptions::PyResult;
use tracer::object::type_name_of;
use tracer::value::Value;
use tracer::vm::Vm;

use crate::map::SharedMap;
use crate::queue::Queue;
use crate::share::{NotShareableError, Shareable};

/// Tuples nest at most this deep (a guard against a tuple that is its own ancestor is not
/// needed: tuples cannot contain themselves; this only bounds the recursion).
const MAX_DEPTH: usize = 200;

/// Copies (or, for maps and queues, shares) `v` out of its interpreter.
pub(crate) fn to_shareable(v: &Value) -> Result<Shareable, NotShareableError> {
    to_shareable_at(v, 0)
}

fn to_shareable_at(v: &Value, depth: usize) -> Result<Shareable, NotShareableError> {
    let refuse = || NotShareableError {
        type_name: type_name_of(v),
    };
    Ok(match v {
        Value::None => Shareable::None,
        Value::Bool(b) => Shareable::Bool(b.get()),
        Value::Int(i) => Shareable::Int(*i),
        Value::BigInt(b) => Shareable::BigInt(Arc::new((**b).clone())),
        Value::Float(x) => Shareable::Float(x.get()),
        Value::Str(s) => Shareable::Str(Arc::from(s.as_str())),
        Value::Bytes(b) => Shareable::Bytes(Arc::from(b.as_slice())),
        Value::Tuple(items) if depth < MAX_DEPTH => Shareable::Tuple(
            items
                .iter()
                .map(|item| to_shareable_at(item, depth + 1))
                .collect::<Result<Arc<[Shareable]>, _>>()?,
        ),
        Value::Native(_) => {
            if let Some(map) = v.native::<SharedMap>() {
                Shareable::Map(map.clone())
            } else if let Some(queue) = v.native::<Queue>() {
                Shareable::Queue(queue.clone())
            } else {
                return Err(refuse());
            }
        }
        _ => return Err(refuse()),
    })
}

/// Builds `s` in the heap of the interpreter running `vm`: new objects for copied values,
/// native objects holding the same handle for maps and queues.
pub(crate) fn to_value(vm: &Vm, s: &Shareable) -> PyResult<Value> {
    Ok(match s {
        Shareable::None => Value::None,
        Shareable::Bool(b) => Value::bool(*b),
        Shareable::Int(i) => Value::Int(*i),
        Shareable::BigInt(b) => Value::from_bigint((**b).clone()),
        Shareable::Float(x) => Value::float(*x),
        Shareable::Str(t) => Value::str(t.to_string()),
        Shareable::Bytes(b) => Value::Bytes(Rc::new(b.to_vec())),
        Shareable::Tuple(items) => Value::tuple(
            items
                .iter()
                .map(|item| to_value(vm, item))
                .collect::<PyResult<Vec<Value>>>()?,
        ),
        Shareable::Map(m) => super::state(vm)?.map.instance(m.clone()),
        Shareable::Queue(q) => super::state(vm)?.queue.instance(q.clone()),
    })
}

/// [`to_shareable`] raising `NotShareableError` in the interpreter.
pub(crate) fn shareable_or_raise(vm: &Vm, v: &Value) -> PyResult<Shareable> {
    to_shareable(v).map_err(|e| super::not_shareable(vm, e))
}
