//! Tests for exercise 09: what is copied, what is shared (the same `Arc`, checked with
//! `Arc::ptr_eq`), and what is refused, with CPython's wording.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use ex09_shareable_check::{to_shareable, to_value, NotShareable, Shareable, Value};

fn str_value(s: &str) -> Value {
    Value::Str(Rc::from(s))
}

/// `Shareable` may go to another thread; `Value` may not (this only compiles for the first).
fn assert_send_sync<T: Send + Sync>(_: &T) {}

#[test]
fn scalars_cross_as_values() {
    for v in [
        Value::None,
        Value::Bool(true),
        Value::Int(-7),
        Value::Float(0.5),
    ] {
        let s = to_shareable(&v).expect("scalars cross");
        assert_send_sync(&s);
        assert_eq!(format!("{:?}", to_value(&s)), format!("{v:?}"));
    }
}

#[test]
fn strs_and_bytes_are_copied_into_new_allocations() {
    let text: Rc<str> = Rc::from("hello");
    let Ok(Shareable::Str(copy)) = to_shareable(&Value::Str(text.clone())) else {
        panic!("a str crosses as a Str")
    };
    assert_eq!(&*copy, "hello");
    assert_ne!(
        copy.as_ptr(),
        text.as_ptr(),
        "a copy, not the sender's buffer"
    );
    let Ok(Shareable::Bytes(b)) = to_shareable(&Value::Bytes(Rc::from(&b"\x00\xff"[..]))) else {
        panic!("bytes cross as Bytes")
    };
    assert_eq!(&*b, b"\x00\xff");
}

#[test]
fn tuples_are_copied_item_by_item() {
    let t = Value::Tuple(Rc::new(vec![
        Value::Int(1),
        str_value("a"),
        Value::Tuple(Rc::new(vec![Value::None])),
    ]));
    let Ok(Shareable::Tuple(items)) = to_shareable(&t) else {
        panic!("a tuple of shareables crosses")
    };
    assert_eq!(items.len(), 3);
    assert!(matches!(&items[1], Shareable::Str(s) if &**s == "a"));
    assert!(matches!(&items[2], Shareable::Tuple(inner) if matches!(inner[0], Shareable::None)));
}

#[test]
fn maps_and_queues_are_shared_not_copied() {
    let map = Arc::new(vec![(1, 10), (2, 20)]);
    let Ok(Shareable::Map(m)) = to_shareable(&Value::Map(map.clone())) else {
        panic!("a map crosses as a Map")
    };
    assert!(Arc::ptr_eq(&m, &map), "the very same map");
    assert_eq!(
        Arc::strong_count(&map),
        2,
        "one more handle, nothing copied"
    );
    let queue = Arc::new(Mutex::new(Vec::new()));
    let Ok(Shareable::Queue(q)) = to_shareable(&Value::Queue(queue.clone())) else {
        panic!("a queue crosses as a Queue")
    };
    assert!(Arc::ptr_eq(&q, &queue));
}

#[test]
fn mutable_objects_are_refused_by_type() {
    let list = Value::List(Rc::new(RefCell::new(vec![Value::Int(1)])));
    let dict = Value::Dict(Rc::new(RefCell::new(Vec::new())));
    assert_eq!(
        to_shareable(&list).unwrap_err(),
        NotShareable { type_name: "list" }
    );
    assert_eq!(
        to_shareable(&dict).unwrap_err().to_string(),
        "'dict' object does not support cross-interpreter data"
    );
    assert_eq!(
        to_shareable(&Value::Object("Point")).unwrap_err(),
        NotShareable { type_name: "Point" }
    );
}

#[test]
fn a_tuple_holding_a_list_is_refused_naming_the_list() {
    let t = Value::Tuple(Rc::new(vec![
        Value::Int(1),
        Value::List(Rc::new(RefCell::new(Vec::new()))),
    ]));
    assert_eq!(
        to_shareable(&t).unwrap_err(),
        NotShareable { type_name: "list" }
    );
}

#[test]
fn a_round_trip_keeps_the_shared_map() {
    let map = Arc::new(vec![(5, 50)]);
    let t = Value::Tuple(Rc::new(vec![Value::Map(map.clone()), str_value("k")]));
    let back = to_value(&to_shareable(&t).expect("crosses"));
    let Value::Tuple(items) = back else {
        panic!("a tuple comes back")
    };
    assert!(matches!(&items[0], Value::Map(m) if Arc::ptr_eq(m, &map)));
}
