//! No leaks: a shared map lives exactly as long as some interpreter (or Rust code, a queue or
//! a named root) holds a handle on it, and is freed when the last one lets go.
//!
//! A map's nodes cannot be counted from outside, so each map here carries a sentinel: a queue
//! stored as one of its values. The queue's handle count is 1 (the test's own) exactly when
//! no node holding it is alive any more.

use isolates::{create, create_queue, create_with, Config, Queue, Roots, Shareable, SharedMap};

/// A 10,000-key map with `sentinel` as the value of the key `'sentinel'`.
fn map_with(sentinel: &Queue) -> SharedMap {
    SharedMap::ints(10_000).set(
        Shareable::str("sentinel"),
        Shareable::Queue(sentinel.clone()),
    )
}

#[test]
fn closing_every_interpreter_frees_the_map() {
    let sentinel = create_queue(0);
    let map = map_with(&sentinel);
    assert_eq!(
        sentinel.handle_count(),
        2,
        "the test's handle and the map's value"
    );
    let workers: Vec<_> = (0..3).map(|_| create()).collect();
    for w in &workers {
        w.prepare_main([("index", Shareable::Map(map.clone()))])
            .expect("binds");
        // Each keeps the map and an updated version that shares most of its nodes.
        w.exec("versions = [index, index.set(1, 'x'), index.set('sentinel', None)]")
            .expect("runs");
    }
    drop(map);
    assert!(
        sentinel.handle_count() > 1,
        "the workers still hold the map"
    );
    for w in workers {
        w.close().expect("closes");
    }
    assert_eq!(
        sentinel.handle_count(),
        1,
        "no node of any version survived"
    );
}

#[test]
fn dropping_the_last_handle_closes_and_frees() {
    let sentinel = create_queue(0);
    let interp = create();
    interp
        .prepare_main([("index", Shareable::Map(map_with(&sentinel)))])
        .expect("binds");
    assert_eq!(
        sentinel.handle_count(),
        2,
        "only the interpreter holds the map"
    );
    drop(interp);
    assert_eq!(sentinel.handle_count(), 1);
}

#[test]
fn queues_and_roots_hold_maps_until_they_let_go() {
    let sentinel = create_queue(0);
    let roots = Roots::new();
    let interp = create_with(Config {
        roots: Some(roots.clone()),
        ..Config::default()
    });
    let q = create_queue(0);
    interp
        .prepare_main([
            ("index", Shareable::Map(map_with(&sentinel))),
            ("q", Shareable::Queue(q.clone())),
        ])
        .expect("binds");
    interp
        .exec("from sharing import publish\npublish('index', index)\nq.put(index)\nindex = None")
        .expect("runs");
    interp.close().expect("closes");
    assert!(
        sentinel.handle_count() > 1,
        "the root and the queue item hold it"
    );
    let item = q.get_nowait().expect("the map");
    drop(item);
    assert!(sentinel.handle_count() > 1, "the root still holds it");
    roots.remove("index");
    assert_eq!(sentinel.handle_count(), 1);
}

#[test]
fn a_failed_call_leaves_nothing_behind() {
    let sentinel = create_queue(0);
    let interp = create();
    interp
        .exec("def boom(m):\n    raise ValueError(len(m))")
        .expect("defines");
    let err = interp
        .call("boom", &[Shareable::Map(map_with(&sentinel))])
        .unwrap_err();
    assert_eq!(err.excinfo().map(|e| e.msg.as_str()), Some("10001"));
    // The traceback's frames (and the argument they held) are gone with the exception.
    assert_eq!(sentinel.handle_count(), 1);
}
