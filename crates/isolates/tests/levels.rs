//! memhive's levels 2 and 3: broadcast to all workers, request/response, the health channel,
//! queues awaited from async Rust, and interpreters running their own event loops.

use std::time::Duration;

use isolates::health::{self, HealthEvent};
use isolates::{aio, create, create_queue, Broadcast, Requests, Shareable, SharedMap};

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn broadcast_reaches_every_worker_with_the_same_map() {
    let broadcast = Broadcast::new();
    let out = create_queue(0);
    let workers: Vec<_> = (0..3).map(|_| create()).collect();
    for w in &workers {
        w.prepare_main([
            ("inbox", Shareable::Queue(broadcast.subscribe(0))),
            ("out", Shareable::Queue(out.clone())),
        ])
        .expect("binds");
        w.exec("from sharing import interpreter_id\ndef relay(n):\n    for _ in range(n):\n        out.put((interpreter_id(), inbox.get()))")
            .expect("defines");
    }
    let running: Vec<_> = workers
        .iter()
        .map(|w| w.call_in_thread("relay", &[Shareable::Int(2)]))
        .collect();
    let index = SharedMap::ints(50_000);
    assert_eq!(broadcast.len(), 3);
    assert_eq!(broadcast.send(Shareable::str("hello"), None), Ok(3));
    assert_eq!(broadcast.send(Shareable::Map(index.clone()), None), Ok(3));
    for r in running {
        r.join().expect("no panic").expect("relayed");
    }
    let mut seen = std::collections::BTreeMap::<i64, Vec<Shareable>>::new();
    for _ in 0..6 {
        let Shareable::Tuple(item) = out.get(Some(WAIT)).expect("relayed") else {
            panic!("not a tuple")
        };
        seen.entry(item[0].as_i64().expect("an id"))
            .or_default()
            .push(item[1].clone());
    }
    assert_eq!(seen.len(), 3, "every worker got messages");
    for messages in seen.values() {
        assert_eq!(messages[0], Shareable::str("hello"), "in order");
        let m = messages[1].as_map().expect("the map");
        assert!(m.ptr_eq(&index), "the very same root, not a copy");
    }
}

#[test]
fn requests_get_their_own_answers() {
    let requests = Requests::new(4);
    let workers: Vec<_> = (0..2).map(|_| create()).collect();
    for w in &workers {
        w.prepare_main([("requests", Shareable::Queue(requests.queue()))])
            .expect("binds");
        w.exec("def serve():\n    while True:\n        question, reply = requests.get()\n        if question is None:\n            return\n        reply.put(question * 2)")
            .expect("defines");
    }
    let serving: Vec<_> = workers
        .iter()
        .map(|w| w.call_in_thread("serve", &[]))
        .collect();
    let callers: Vec<_> = (0..4i64)
        .map(|t| {
            let requests = requests.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let q = t * 100 + i;
                    let answer = requests
                        .request(Shareable::Int(q), Some(WAIT))
                        .expect("answered");
                    assert_eq!(answer, Shareable::Int(q * 2), "my own answer");
                }
            })
        })
        .collect();
    for c in callers {
        c.join().expect("all answers right");
    }
    for _ in &workers {
        requests
            .queue()
            .put(
                Shareable::tuple(vec![Shareable::None, Shareable::None]),
                None,
            )
            .expect("room");
    }
    for s in serving {
        s.join().expect("no panic").expect("served");
    }
}

#[test]
fn health_reports_start_failure_and_close() {
    let monitor = health::subscribe();
    let interp = create();
    let id = interp.id();
    let _ = interp.exec("raise KeyError('lost')");
    interp.close().expect("closes");
    assert_eq!(monitor.next_about(id, WAIT), Some(HealthEvent::Started(id)));
    match monitor.next_about(id, WAIT) {
        Some(HealthEvent::Failed(who, info)) => {
            assert_eq!(who, id);
            assert_eq!(info.formatted, "KeyError: 'lost'");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(monitor.next_about(id, WAIT), Some(HealthEvent::Closed(id)));
}

#[test]
fn queues_are_awaited_from_async_rust() {
    let (inbox, outbox) = (create_queue(1), create_queue(1));
    let interp = create();
    interp
        .prepare_main([
            ("inbox", Shareable::Queue(inbox.clone())),
            ("outbox", Shareable::Queue(outbox.clone())),
        ])
        .expect("binds");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    let echo = interp.clone();
    let python = std::thread::spawn(move || echo.exec("outbox.put(inbox.get() + 1)"));
    let got = runtime.block_on(async {
        inbox.put_async(Shareable::Int(41)).await;
        outbox.get_async().await
    });
    python.join().expect("no panic").expect("ran");
    assert_eq!(got, Shareable::Int(42));
}

#[test]
fn an_event_loop_serves_queues_between_commands() {
    let interp = create();
    let requests = Requests::new(0);
    interp
        .exec("def double(item):\n    question, reply = item\n    reply.put(question * 2)\ndef broken(item):\n    raise ValueError(item)")
        .expect("defines");
    interp.serve(&requests.queue(), "double").expect("serves");
    let failing = create_queue(0);
    interp.serve(&failing, "broken").expect("serves");
    let monitor = health::subscribe();
    failing.put(Shareable::Int(7), None).expect("room");
    assert_eq!(
        requests.request(Shareable::Int(21), Some(WAIT)),
        Ok(Shareable::Int(42))
    );
    // A handler that raises is reported, and the loop goes on serving.
    match monitor.next_about(interp.id(), WAIT) {
        Some(HealthEvent::Failed(_, info)) => assert_eq!(info.formatted, "ValueError: 7"),
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(
        requests.request(Shareable::Int(5), Some(WAIT)),
        Ok(Shareable::Int(10))
    );
    // Commands still run in between.
    interp.exec("x = 1").expect("runs");
}

#[test]
fn n_event_loops_answer_concurrent_async_requests() {
    let report = aio::event_loops(3, 300, 5).expect("every answer checked");
    assert_eq!(report.loops.len(), 3);
    let answered: usize = report.loops.iter().map(|l| l.answered).sum();
    assert_eq!(answered, 300);
    for l in &report.loops {
        assert_eq!(l.ticks, 5, "every loop handled every broadcast: {report:?}");
    }
}
