//! `sharing` queues as Python code sees them: PEP 734's `Queue` methods over a [`Queue`].
//!
//! `q.put(obj, block=True, timeout=None)`, `q.get(block=True, timeout=None)`,
//! `q.put_nowait(obj)`, `q.get_nowait()`, `q.qsize()`, `q.empty()`, `q.full()`. A timed-out or
//! non-blocking call raises `sharing.QueueFull` / `sharing.QueueEmpty`. Items must be
//! shareable (`NotShareableError` otherwise); what comes out of `get()` is built in the
//! receiving interpreter, a copy for scalars and the same map or queue for handles.

use std::time::Duration;

use tracer::exceptions::{self as exc, PyResult};
use tracer::object::{type_name_of, BuiltinFn, CallConv, KwArgs, NativeType};
use tracer::value::Value;
use tracer::vm::Vm;

use super::convert::{shareable_or_raise, to_value};
use super::{arity, keyword, raise, state, FastKw, NoArgs, O};
use crate::queue::Queue;

const METHODS: &[(&str, CallConv, BuiltinFn)] = &[
    ("put", FastKw, put),
    ("get", FastKw, get),
    ("put_nowait", O, put_nowait),
    ("get_nowait", NoArgs, get_nowait),
    ("qsize", NoArgs, qsize),
    ("empty", NoArgs, empty_method),
    ("full", NoArgs, full_method),
    ("__repr__", NoArgs, repr),
];

/// The `Queue` type of one interpreter.
pub(super) fn native_type(object: &std::rc::Rc<tracer::object::Class>) -> NativeType {
    NativeType::new("Queue", object, METHODS)
}

fn this<'a>(args: &'a [Value], method: &str) -> PyResult<&'a Queue> {
    args.first()
        .and_then(|v| v.native::<Queue>())
        .ok_or_else(|| {
            exc::type_error(format!(
                "descriptor '{method}' for 'Queue' objects doesn't apply to a '{}' object",
                args.first().map_or("nothing".to_string(), type_name_of)
            ))
        })
}

/// `(block, timeout)` from the positional values after the item and the keywords: `None`
/// waits forever, `Some(ZERO)` does not wait.
fn wait_of(func: &str, vm: &mut Vm, rest: &[Value], kw: KwArgs<'_>) -> PyResult<Option<Duration>> {
    arity(func, rest, 0, 2)?;
    let named = keyword(func, kw, &["block", "timeout"])?;
    let block = named[0].clone().or_else(|| rest.first().cloned());
    let timeout = named[1].clone().or_else(|| rest.get(1).cloned());
    if let Some(b) = block {
        if !vm.truthy(&b)? {
            return Ok(Some(Duration::ZERO));
        }
    }
    let seconds = match timeout {
        None | Some(Value::None) => return Ok(None),
        Some(Value::Int(i)) => i as f64,
        Some(Value::Float(x)) => x.get(),
        Some(other) => {
            return Err(exc::type_error(format!(
                "timeout must be a number, not '{}'",
                type_name_of(&other)
            )))
        }
    };
    if seconds.is_nan() || seconds < 0.0 {
        return Err(exc::value_error("timeout value must be non-negative"));
    }
    Ok(Some(Duration::from_secs_f64(seconds.min(1e9))))
}

fn put(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let queue = this(args, "put")?.clone();
    arity("put", &args[1..], 1, 3)?;
    let item = shareable_or_raise(vm, &args[1])?;
    let wait = wait_of("put", vm, &args[2..], kw)?;
    let sent = match wait {
        Some(Duration::ZERO) => queue.put_nowait(item),
        wait => queue.put(item, wait),
    };
    sent.map_err(|e| full(vm, e))?;
    Ok(Value::None)
}

fn put_nowait(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let queue = this(args, "put_nowait")?.clone();
    let item = shareable_or_raise(vm, &args[1])?;
    queue.put_nowait(item).map_err(|e| full(vm, e))?;
    Ok(Value::None)
}

fn get(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let queue = this(args, "get")?.clone();
    let wait = wait_of("get", vm, &args[1..], kw)?;
    let got = match wait {
        Some(Duration::ZERO) => queue.get_nowait(),
        wait => queue.get(wait),
    };
    let item = got.map_err(|e| empty(vm, e))?;
    to_value(vm, &item)
}

fn get_nowait(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let queue = this(args, "get_nowait")?.clone();
    let item = queue.get_nowait().map_err(|e| empty(vm, e))?;
    to_value(vm, &item)
}

fn full(vm: &Vm, e: crate::queue::QueueFull) -> tracer::exceptions::PyErr {
    match state(vm) {
        Ok(s) => raise(&s.queue_full, e.to_string()),
        Err(err) => err,
    }
}

fn empty(vm: &Vm, e: crate::queue::QueueEmpty) -> tracer::exceptions::PyErr {
    match state(vm) {
        Ok(s) => raise(&s.queue_empty, e.to_string()),
        Err(err) => err,
    }
}

fn qsize(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(args, "qsize")?.qsize() as i64))
}

fn empty_method(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::bool(this(args, "empty")?.empty()))
}

fn full_method(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::bool(this(args, "full")?.full()))
}

fn repr(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::str(format!(
        "Queue({})",
        this(args, "__repr__")?.id()
    )))
}
