//! The `sharing` module from Python code: its import forms, the `Map` type's methods, named
//! roots, and maps crossing between interpreters as handles (node sharing checked by
//! identity).

use isolates::{create, create_with, Config, Roots, Shareable, SharedMap};

/// Runs `source` in a fresh interpreter and returns `result` from its `__main__`.
fn eval(source: &str) -> String {
    let interp = create();
    interp
        .exec(&format!("{source}\ndef __result():\n    return result"))
        .unwrap_or_else(|e| panic!("{e}"));
    interp.call("__result", &[]).expect("result").to_string()
}

#[test]
fn import_forms() {
    assert_eq!(
        eval("import sharing\nresult = sharing.Map().set(1, 2)[1]"),
        "2"
    );
    assert_eq!(
        eval("import sharing as s\nresult = len(s.Map({1: 1}))"),
        "1"
    );
    assert_eq!(
        eval("from sharing import Map, read as r\nresult = (len(Map()), r('never published'))"),
        "(0, None)"
    );
    let err = create().exec("import os").unwrap_err();
    assert_eq!(
        err.excinfo().map(|e| e.msg.as_str()),
        Some(
            "not supported yet: import os (only `import gc`, `import math`, `import random`, \
             `import sharing`, `import sys`, `import time`) at <string>:1:8"
        )
    );
    let err = create()
        .exec("from sharing import nothing_here")
        .unwrap_err();
    assert_eq!(
        err.excinfo().map(|e| e.formatted.as_str()),
        Some("ImportError: cannot import name 'nothing_here' from 'sharing' (unknown location)")
    );
}

#[test]
fn map_methods() {
    let out = eval(
        "from sharing import Map\n\
         m = Map({'a': 1, 'b': 2})\n\
         m2 = m.set('c', 3).delete('a')\n\
         m3 = m.update({'z': 26, 'a': 0})\n\
         result = (len(m), len(m2), m.get('a'), m2.get('a', 'gone'), m3['a'], 'c' in m2, \
         'c' in m, [1] in m, tuple(sorted(m2)), tuple(sorted(m3.values())), tuple(sorted(m.items())))",
    );
    assert_eq!(
        out,
        "(2, 2, 1, 'gone', 0, True, False, False, ('b', 'c'), (0, 2, 26), (('a', 1), ('b', 2)))"
    );
}

#[test]
fn map_errors_are_pythons() {
    let check = |source: &str, expected: &str| {
        let err = create().exec(source).unwrap_err();
        assert_eq!(
            err.excinfo().map(|e| e.formatted.as_str()),
            Some(expected),
            "{source}"
        );
    };
    check("from sharing import Map\nMap()['x']", "KeyError: 'x'");
    check("from sharing import Map\nMap().delete(3)", "KeyError: 3");
    check(
        "from sharing import Map\nMap().set([1], 2)",
        "NotShareableError: 'list' object does not support cross-interpreter data",
    );
    check(
        "from sharing import Map\nMap({1: {}})",
        "NotShareableError: 'dict' object does not support cross-interpreter data",
    );
    check(
        "from sharing import Map\nMap().set(1)",
        "TypeError: set expected 2 arguments, got 1",
    );
}

#[test]
fn numbers_are_one_key_as_in_a_dict() {
    assert_eq!(
        eval("from sharing import Map\nm = Map({1: 'one'})\nresult = (m[1.0], m[True], len(m.set(1.0, 'x')))"),
        "('one', 'one', 1)"
    );
}

#[test]
fn small_maps_repr_their_items() {
    assert_eq!(
        eval("from sharing import Map\nresult = (repr(Map({'k': (1, None)})), repr(Map({i: i for i in range(100)})))"),
        "(\"sharing.Map({'k': (1, None)})\", 'sharing.Map(<100 items>)')"
    );
}

#[test]
fn a_map_crosses_as_a_handle_and_an_update_shares_the_rest() {
    let (a, b) = (create(), create());
    a.exec("from sharing import Map\nindex = Map({i: i * i for i in range(10000)})\ndef get():\n    return index")
        .expect("builds");
    let index = a.call("get", &[]).expect("a map");
    let index = index.as_map().expect("a map").clone();
    assert_eq!(index.len(), 10_000);
    // The same handle again: the same root, nothing copied.
    let again = a.call("get", &[]).expect("a map");
    assert!(again.as_map().expect("a map").ptr_eq(&index));

    b.prepare_main([("index", Shareable::Map(index.clone()))])
        .expect("binds");
    b.exec("def update():\n    return index.set(5, -1).set(9999, -1)")
        .expect("defines");
    let v2 = b.call("update", &[]).expect("a map");
    let v2 = v2.as_map().expect("a map");
    assert_eq!(v2.get(&Shareable::Int(5)), Some(&Shareable::Int(-1)));
    assert_eq!(
        index.get(&Shareable::Int(5)),
        Some(&Shareable::Int(25)),
        "unchanged"
    );
    let sharing = v2.sharing_with(&index);
    assert!(
        sharing.new <= 2 * 4,
        "two paths copied at most: {sharing:?}"
    );
    assert!(sharing.shared * 10 > sharing.nodes * 9, "{sharing:?}");
}

#[test]
fn roots_publish_read_and_swap_across_interpreters() {
    let roots = Roots::new();
    let config = Config {
        roots: Some(roots.clone()),
        ..Config::default()
    };
    let (a, b) = (create_with(config.clone()), create_with(config));
    a.exec("from sharing import Map, publish\npublish('index', Map({'v': 1}))")
        .expect("publishes");
    // b's update is based on what it read; a's later swap from the stale version fails.
    a.exec("from sharing import read, swap\nstale = read('index')")
        .expect("reads");
    b.exec("from sharing import read, swap\ncur = read('index')\nok = swap('index', cur, cur.set('v', 2))")
        .expect("swaps");
    a.exec("def retry():\n    lost = not swap('index', stale, stale.set('w', 1))\n    cur = read('index')\n    return (lost, swap('index', cur, cur.set('w', 1)))")
        .expect("defines");
    assert_eq!(
        a.call("retry", &[]).expect("runs").to_string(),
        "(True, True)"
    );
    let m = roots.read("index").expect("published");
    let m = m.as_map().expect("a map");
    assert_eq!(m.get(&Shareable::str("v")), Some(&Shareable::Int(2)));
    assert_eq!(m.get(&Shareable::str("w")), Some(&Shareable::Int(1)));
    assert_eq!(roots.names(), ["index"]);
    // The Rust side sees the same map that Python published: a handle, not a copy.
    b.exec("from sharing import published\ndef names():\n    return tuple(published())")
        .expect("defines");
    assert_eq!(
        b.call("names", &[]).expect("runs").to_string(),
        "('index',)"
    );
}

#[test]
fn specialized_method_calls_on_native_objects() {
    // Run a loop long enough for LOAD_ATTR / CALL to specialize on the native Map type.
    let out = eval(
        "from sharing import Map\n\
         m = Map({i: i for i in range(100)})\n\
         total = 0\n\
         for i in range(1000):\n    total += m.get(i % 100) + len(m)\n\
         result = total",
    );
    assert_eq!(out, "149500");
}

#[test]
fn rust_built_maps_are_usable_from_python() {
    let interp = create();
    interp
        .prepare_main([("index", Shareable::Map(SharedMap::ints(1000)))])
        .expect("binds");
    interp
        .exec("def total():\n    return sum(index.values()) + sum(1 for k in index)")
        .expect("defines");
    assert_eq!(
        interp.call("total", &[]).expect("runs"),
        Shareable::Int(499_500 + 1000)
    );
}
