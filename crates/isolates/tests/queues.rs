//! Queue semantics (PEP 734's `Queue`, like `queue.Queue`): FIFO order, bounded capacity,
//! `QueueFull` / `QueueEmpty` for non-blocking calls and timeouts, sizes, and the same queue
//! seen from Rust and from Python code in several interpreters.

use std::time::{Duration, Instant};

use isolates::{create, create_queue, InterpreterError, QueueEmpty, QueueFull, Shareable};

#[test]
fn fifo_and_sizes() {
    let q = create_queue(3);
    assert_eq!(q.maxsize(), 3);
    assert!(q.empty() && !q.full());
    for i in 0..3 {
        q.put_nowait(Shareable::Int(i)).expect("room");
    }
    assert_eq!(q.qsize(), 3);
    assert!(q.full() && !q.empty());
    let got: Vec<Shareable> = (0..3).map(|_| q.get_nowait().expect("an item")).collect();
    assert_eq!(
        got,
        [Shareable::Int(0), Shareable::Int(1), Shareable::Int(2)]
    );
    assert!(q.empty());
}

#[test]
fn full_and_empty_errors() {
    let q = create_queue(1);
    q.put_nowait(Shareable::None).expect("room");
    assert_eq!(
        q.put_nowait(Shareable::None),
        Err(QueueFull {
            queue: q.id(),
            maxsize: 1
        })
    );
    q.get_nowait().expect("an item");
    assert_eq!(q.get_nowait(), Err(QueueEmpty { queue: q.id() }));
    assert_eq!(
        QueueEmpty { queue: 7 }.to_string(),
        "queue 7 is empty",
        "the message names the queue"
    );
}

#[test]
fn timeouts_wait_then_fail() {
    let q = create_queue(1);
    let start = Instant::now();
    assert!(q.get(Some(Duration::from_millis(50))).is_err());
    assert!(start.elapsed() >= Duration::from_millis(50));
    q.put(Shareable::Int(1), None).expect("room");
    let start = Instant::now();
    assert!(q
        .put(Shareable::Int(2), Some(Duration::from_millis(50)))
        .is_err());
    assert!(start.elapsed() >= Duration::from_millis(50));
}

#[test]
fn a_blocked_get_wakes_on_put() {
    let q = create_queue(0);
    let reader = {
        let q = q.clone();
        std::thread::spawn(move || q.get(Some(Duration::from_secs(30))))
    };
    std::thread::sleep(Duration::from_millis(20));
    q.put(Shareable::str("wake"), None).expect("unbounded");
    assert_eq!(reader.join().expect("no panic"), Ok(Shareable::str("wake")));
}

#[test]
fn unbounded_means_maxsize_zero() {
    let q = create_queue(0);
    for i in 0..10_000 {
        q.put_nowait(Shareable::Int(i)).expect("never full");
    }
    assert!(!q.full());
    assert_eq!(q.qsize(), 10_000);
}

#[test]
fn python_side_queue_methods_and_exceptions() {
    let interp = create();
    let (inbox, outbox) = (create_queue(2), create_queue(0));
    interp
        .prepare_main([
            ("inbox", Shareable::Queue(inbox.clone())),
            ("outbox", Shareable::Queue(outbox.clone())),
        ])
        .expect("binds");
    interp
        .prepare_main([("inbox_id", Shareable::Int(inbox.id() as i64))])
        .expect("binds");
    interp
        .exec(
            "import sharing\n\
             from sharing import QueueEmpty, QueueFull, NotShareableError\n\
             inbox.put(1)\n\
             inbox.put_nowait('two')\n\
             outbox.put((inbox.qsize(), inbox.full(), inbox.empty()))\n\
             try:\n    inbox.put_nowait(3)\nexcept QueueFull:\n    outbox.put('full')\n\
             try:\n    inbox.put(3, timeout=0.01)\nexcept sharing.QueueFull:\n    outbox.put('full after timeout')\n\
             outbox.put(inbox.get())\n\
             outbox.put(inbox.get_nowait())\n\
             try:\n    inbox.get(timeout=0)\nexcept QueueEmpty:\n    outbox.put('empty')\n\
             try:\n    inbox.get(False)\nexcept QueueEmpty:\n    outbox.put('empty, not blocking')\n\
             try:\n    inbox.put([1, 2])\nexcept NotShareableError as e:\n    outbox.put(str(e))\n\
             try:\n    inbox.put(1, timeout=-1)\nexcept ValueError as e:\n    outbox.put(str(e))\n\
             outbox.put(repr(inbox) == 'Queue(%d)' % inbox_id)\n",
        )
        .expect("runs");
    let got: Vec<String> = std::iter::from_fn(|| outbox.get_nowait().ok())
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        got,
        [
            "(2, True, False)",
            "'full'",
            "'full after timeout'",
            "1",
            "'two'",
            "'empty'",
            "'empty, not blocking'",
            "\"'list' object does not support cross-interpreter data\"",
            "'timeout value must be non-negative'",
            "True",
        ]
    );
}

#[test]
fn an_uncaught_queue_error_names_its_class() {
    let interp = create();
    interp
        .prepare_main([("q", Shareable::Queue(create_queue(0)))])
        .expect("binds");
    let err = interp.exec("q.get_nowait()").unwrap_err();
    let info = err.excinfo().expect("ExecutionFailed");
    assert_eq!(info.type_name, "QueueEmpty");
    assert!(info.formatted.starts_with("QueueEmpty: queue "), "{info:?}");
}

#[test]
fn queues_cross_as_the_same_queue() {
    let (a, b) = (create(), create());
    let mailbox = create_queue(0);
    a.prepare_main([("mailbox", Shareable::Queue(mailbox.clone()))])
        .expect("binds");
    // a makes a queue, sends it through the mailbox; b gets that very queue.
    a.exec("from sharing import create_queue\nprivate = create_queue(0)\nmailbox.put(private)\nprivate.put('from a')")
        .expect("runs");
    let private = mailbox.get(None).expect("a queue arrived");
    b.prepare_main([("private", private.clone())])
        .expect("binds");
    b.exec("private.put('from b')").expect("runs");
    let Shareable::Queue(q) = private else {
        panic!("not a queue: {private}")
    };
    assert_eq!(q.get_nowait(), Ok(Shareable::str("from a")));
    assert_eq!(q.get_nowait(), Ok(Shareable::str("from b")));
}

#[test]
fn items_are_copied_into_the_receiving_heap() {
    let interp = create();
    let q = create_queue(0);
    q.put(
        Shareable::tuple(vec![
            Shareable::str("s"),
            Shareable::Bytes(b"\x01"[..].into()),
        ]),
        None,
    )
    .expect("room");
    interp
        .prepare_main([("q", Shareable::Queue(q.clone()))])
        .expect("binds");
    interp
        .exec("item = q.get()\nq.put((type(item).__name__, type(item[0]).__name__, item[1][0]))")
        .expect("runs");
    assert_eq!(
        q.get_nowait().expect("an item").to_string(),
        "('tuple', 'str', 1)"
    );
}

#[test]
fn put_refuses_an_unshareable_item_without_running() {
    let interp = create();
    interp
        .prepare_main([("q", Shareable::Queue(create_queue(0)))])
        .expect("binds");
    let err = interp.exec("q.put({'a': 1})").unwrap_err();
    let InterpreterError::ExecutionFailed(failed) = err else {
        panic!("expected ExecutionFailed")
    };
    assert_eq!(
        failed.excinfo.formatted,
        "NotShareableError: 'dict' object does not support cross-interpreter data"
    );
}
