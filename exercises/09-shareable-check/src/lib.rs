//! Exercise 09: decide what may cross from one interpreter to another, and how.
//!
//! An interpreter's objects (`Value`) live in its own heap: `Rc`s and `RefCell`s, which are
//! not `Send`, so Rust refuses to let them reach another thread. A value crosses as a
//! [`Shareable`], which is `Send + Sync`: scalars, strings, bytes and tuples are *copied* into
//! fresh `Arc`s; an immutable map and a queue are *shared*, by cloning the `Arc` they already
//! are; anything else is refused with [`NotShareable`], naming the type as CPython's
//! `NotShareableError` does.
//!
//! Everything is written except [`to_shareable`]: replace its `todo!()`. [`to_value`], the
//! way back into an interpreter, is a worked example of the same match.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

/// An immutable map, shared between interpreters (the real one is a HAMT; any `Arc` of data
/// that never changes will do here).
pub type MapHandle = Arc<Vec<(i64, i64)>>;

/// A queue, shared between interpreters.
pub type QueueHandle = Arc<Mutex<Vec<Shareable>>>;

/// One object as an interpreter holds it: a cut-down `tracer::value::Value`.
#[derive(Debug, Clone)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<Vec<Value>>),
    List(Rc<RefCell<Vec<Value>>>),
    Dict(Rc<RefCell<Vec<(Value, Value)>>>),
    Map(MapHandle),
    Queue(QueueHandle),
    /// An instance of a class: only its type's name matters here.
    Object(&'static str),
}

impl Value {
    /// `type(v).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Map(_) => "Map",
            Value::Queue(_) => "Queue",
            Value::Object(name) => name,
        }
    }
}

/// A value that may cross between interpreters: `Send + Sync`, owned by none of them.
#[derive(Debug, Clone)]
pub enum Shareable {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Arc<[Shareable]>),
    Map(MapHandle),
    Queue(QueueHandle),
}

/// The value's type cannot cross (CPython: `NotShareableError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotShareable {
    /// The refused object's type name, e.g. `"list"`.
    pub type_name: &'static str,
}

impl std::fmt::Display for NotShareable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "'{}' object does not support cross-interpreter data",
            self.type_name
        )
    }
}

/// Copies (or, for maps and queues, shares) `v` out of its interpreter.
///
/// - `None`, `Bool`, `Int`, `Float`: the same value;
/// - `Str`, `Bytes`: a new `Arc` with the same contents (never reuse the `Rc`: it is not
///   `Send`, and the sender may still use it);
/// - `Tuple`: each item converted; the first item that cannot cross makes the whole tuple
///   fail with that item's error;
/// - `Map`, `Queue`: `Arc::clone`, the very same allocation;
/// - anything else: `Err(NotShareable { type_name: v.type_name() })`.
pub fn to_shareable(v: &Value) -> Result<Shareable, NotShareable> {
    let _ = v;
    todo!("copy the scalars, strs, bytes and tuples; share maps and queues; refuse the rest")
}

/// The way back: builds `s` in the receiving interpreter's heap (new `Rc`s for what was
/// copied, the same `Arc` for what is shared). A worked example of the match to write above.
pub fn to_value(s: &Shareable) -> Value {
    match s {
        Shareable::None => Value::None,
        Shareable::Bool(b) => Value::Bool(*b),
        Shareable::Int(i) => Value::Int(*i),
        Shareable::Float(x) => Value::Float(*x),
        Shareable::Str(t) => Value::Str(Rc::from(&**t)),
        Shareable::Bytes(b) => Value::Bytes(Rc::from(&**b)),
        Shareable::Tuple(items) => Value::Tuple(Rc::new(items.iter().map(to_value).collect())),
        Shareable::Map(m) => Value::Map(Arc::clone(m)),
        Shareable::Queue(q) => Value::Queue(Arc::clone(q)),
    }
}
