//! PEP 734's interpreter API: create, list, current and main; exec, call, prepare_main;
//! exceptions summarized as CPython summarizes them; close. CPython 3.13's private
//! `_interpreters` module is the oracle for the `excinfo` texts.

use isolates::{
    create, create_with, get_current, get_main, list_all, Config, ExcInfo, InterpreterError,
    Shareable,
};

/// Runs `source` in a fresh interpreter and returns what its uncaught exception summarized to.
fn excinfo_of(source: &str) -> ExcInfo {
    let interp = create();
    let err = interp.exec(source).expect_err("the source raises");
    err.excinfo()
        .cloned()
        .unwrap_or_else(|| panic!("not ExecutionFailed: {err:?}"))
}

/// `(type, msg, formatted, errdisplay)` as printed by
/// `PYENV_VERSION=3.13.0 python3.13 -c "import _interpreters as I; r = I.exec(I.create(), SRC); ..."`.
fn check(source: &str, expected: (&str, &str, &str, &str)) {
    let info = excinfo_of(source);
    let got = (
        info.type_name.as_str(),
        info.msg.as_str(),
        info.formatted.as_str(),
        info.errdisplay.as_str(),
    );
    assert_eq!(got, expected, "excinfo of {source:?}");
}

#[test]
fn excinfo_matches_cpython() {
    check(
        "raise ValueError(\"boom\")",
        (
            "ValueError",
            "boom",
            "ValueError: boom",
            "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nValueError: boom",
        ),
    );
    check(
        "def f(x):\n    return 1 // x\n\nf(0)",
        (
            "ZeroDivisionError",
            "integer division or modulo by zero",
            "ZeroDivisionError: integer division or modulo by zero",
            "Traceback (most recent call last):\n  File \"<string>\", line 4, in <module>\n  \
             File \"<string>\", line 2, in f\nZeroDivisionError: integer division or modulo by zero",
        ),
    );
    check(
        "print(undefined_name)",
        (
            "NameError",
            "name 'undefined_name' is not defined",
            "NameError: name 'undefined_name' is not defined",
            "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n\
             NameError: name 'undefined_name' is not defined",
        ),
    );
    check(
        "x = (1,\n",
        (
            "SyntaxError",
            "'(' was never closed (<string>, line 1)",
            "SyntaxError: '(' was never closed (<string>, line 1)",
            "  File \"<string>\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed",
        ),
    );
}

#[test]
fn main_namespace_persists_between_execs() {
    let interp = create();
    interp.exec("total = 40").expect("runs");
    interp.exec("total += 2").expect("runs");
    interp
        .exec("def get():\n    return total")
        .expect("defines");
    assert_eq!(interp.call("get", &[]).expect("calls"), Shareable::Int(42));
}

#[test]
fn call_passes_and_returns_shareables() {
    let interp = create();
    interp
        .exec("def describe(n, s, t):\n    return (n * 2, s.upper(), len(t), t[1])")
        .expect("defines");
    let args = [
        Shareable::Int(21),
        Shareable::str("abc"),
        Shareable::tuple(vec![Shareable::None, Shareable::Float(0.5)]),
    ];
    let got = interp.call("describe", &args).expect("calls");
    assert_eq!(got.to_string(), "(42, 'ABC', 2, 0.5)");
}

#[test]
fn a_result_that_cannot_cross_is_refused_by_type() {
    let interp = create();
    interp
        .exec("def make():\n    return [1, 2]")
        .expect("defines");
    let err = interp.call("make", &[]).expect_err("a list does not cross");
    assert_eq!(
        err.to_string(),
        "'list' object does not support cross-interpreter data"
    );
    assert!(matches!(err, InterpreterError::NotShareable(_)));
}

#[test]
fn calling_a_missing_function_raises_name_error_inside() {
    let interp = create();
    let err = interp.call("nope", &[]).expect_err("no such function");
    assert_eq!(
        err.excinfo().map(|e| e.formatted.as_str()),
        Some("NameError: name 'nope' is not defined")
    );
}

#[test]
fn call_in_thread_returns_through_its_handle() {
    let interp = create();
    interp
        .exec("def square(x):\n    return x * x")
        .expect("defines");
    let handles: Vec<_> = (0..4)
        .map(|_| interp.clone())
        .map(|i| std::thread::spawn(move || i.call("square", &[Shareable::Int(9)])))
        .collect();
    // Concurrent calls on one interpreter: each either runs or is refused as running.
    let mut ran = 0;
    for h in handles {
        match h.join().expect("no panic") {
            Ok(v) => {
                assert_eq!(v, Shareable::Int(81));
                ran += 1;
            }
            Err(InterpreterError::Running(id)) => assert_eq!(id, interp.id()),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert!(ran >= 1);
    let t = interp.call_in_thread("square", &[Shareable::Int(12)]);
    assert_eq!(
        t.join().expect("no panic").expect("runs"),
        Shareable::Int(144)
    );
}

#[test]
fn a_failing_interpreter_does_not_take_down_the_others() {
    let (a, b) = (create(), create());
    b.exec("state = 'fine'\ndef get():\n    return state")
        .expect("runs");
    let err = a
        .exec("def f():\n    raise RuntimeError('worker died')\nf()")
        .unwrap_err();
    assert_eq!(
        err.excinfo().map(|e| e.formatted.as_str()),
        Some("RuntimeError: worker died")
    );
    // `a` itself keeps running, and `b` never noticed.
    a.exec("x = 1").expect("a still works");
    assert_eq!(b.call("get", &[]).expect("b works"), Shareable::str("fine"));
}

#[test]
fn prepare_main_binds_names() {
    let interp = create();
    interp
        .prepare_main([("greeting", Shareable::str("hi")), ("n", Shareable::Int(3))])
        .expect("binds");
    interp
        .exec("def f():\n    return greeting * n")
        .expect("defines");
    assert_eq!(
        interp.call("f", &[]).expect("calls"),
        Shareable::str("hihihi")
    );
}

#[test]
fn ids_listing_and_current() {
    let main = get_main();
    assert_eq!(main.id(), 0);
    assert_eq!(
        get_current(),
        main,
        "a plain thread belongs to the main interpreter"
    );
    let a = create();
    let b = create();
    assert!(a.id() > 0 && b.id() > a.id());
    let all = list_all();
    assert_eq!(all[0], main);
    assert!(all.contains(&a) && all.contains(&b));
    // Inside an interpreter, `sharing.interpreter_id()` is its own id.
    a.exec("import sharing\ndef me():\n    return sharing.interpreter_id()")
        .expect("runs");
    assert_eq!(
        a.call("me", &[]).expect("calls"),
        Shareable::Int(a.id() as i64)
    );
}

#[test]
fn close_joins_and_later_use_is_not_found() {
    let interp = create();
    let other_handle = interp.clone();
    let id = interp.id();
    interp.close().expect("closes");
    assert!(!list_all().iter().any(|i| i.id() == id));
    let err = other_handle.exec("x = 1").expect_err("closed");
    assert_eq!(err.to_string(), format!("interpreter {id} not found"));
    assert!(matches!(err, InterpreterError::NotFound(_)));
    assert!(matches!(
        other_handle.close(),
        Err(InterpreterError::NotFound(_))
    ));
}

#[test]
fn close_is_refused_while_running() {
    let interp = create();
    let q = isolates::create_queue(0);
    interp
        .prepare_main([("q", Shareable::Queue(q.clone()))])
        .expect("binds");
    let busy = interp.clone();
    let worker = std::thread::spawn(move || busy.exec("q.get()"));
    while !interp.is_running() {
        std::thread::yield_now();
    }
    assert_eq!(interp.close(), Err(InterpreterError::Running(interp.id())));
    assert!(matches!(
        interp.exec("x = 1"),
        Err(InterpreterError::Running(_))
    ));
    q.put(Shareable::None, None).expect("unblocks it");
    worker.join().expect("no panic").expect("exec finished");
    assert!(!interp.is_running());
    interp.close().expect("idle now");
}

#[test]
fn print_output_can_be_captured() {
    let interp = create_with(Config {
        capture_output: true,
        ..Config::default()
    });
    interp
        .exec("print('hello from', 'an isolate')")
        .expect("runs");
    assert_eq!(
        interp.take_output().expect("output"),
        "hello from an isolate\n"
    );
}
