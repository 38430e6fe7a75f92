//! Level 3, the async bridge, shown whole: N interpreters, each running its own event loop,
//! answering requests that async Rust awaits.
//!
//! ```text
//!   async Rust (one current-thread runtime)         interpreter k's thread (its own runtime)
//!   request_async(q) ─▶ Requests queue ─┬────────▶  listener: answer((q, reply))
//!        .await       ◀── reply queue ──┘           listener: tick(msg)  ◀── Broadcast
//!                                                   command task: exec / call / close
//! ```
//!
//! memhive bridges queues into asyncio with a thread per listener; here each interpreter's
//! thread *is* its event loop (a tokio current-thread runtime with a `LocalSet`), so a queue
//! wait is a task parked on the channel, and Python handlers run between awaits, one at a
//! time, as asyncio callbacks do. [`event_loops`] runs the demo and reports who answered.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::channels::{Broadcast, Requests};
use crate::error::{InterpreterError, InterpreterId};
use crate::interp::{create, Interpreter};
use crate::share::Shareable;

/// The Python each event loop runs: a request handler and a broadcast handler.
pub const LOOP_SOURCE: &str = "\
from sharing import interpreter_id
handled = 0
ticks = 0

def answer(item):
    global handled
    question, reply = item
    handled += 1
    reply.put((question * question, interpreter_id()))

def tick(message):
    global ticks
    ticks += 1

def counts():
    return (handled, ticks)
";

/// What [`event_loops`] observed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventLoopsReport {
    /// Requests sent (and answered, each checked).
    pub requests: usize,
    /// Per interpreter: requests it answered and broadcast ticks it handled.
    pub loops: Vec<LoopCounts>,
    /// Wall time from the first request to the last answer.
    pub elapsed: Duration,
}

/// One event loop's share of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LoopCounts {
    pub interpreter: InterpreterId,
    pub answered: usize,
    pub ticks: usize,
}

/// Starts `loops` interpreters serving one request queue and one broadcast each, sends
/// `requests` requests concurrently from async Rust and `ticks` broadcasts, and checks every
/// answer.
pub fn event_loops(
    loops: usize,
    requests: usize,
    ticks: usize,
) -> Result<EventLoopsReport, InterpreterError> {
    let channel = Requests::new(0);
    let broadcast = Broadcast::new();
    let interps: Vec<Interpreter> = (0..loops.max(1)).map(|_| create()).collect();
    for interp in &interps {
        interp.exec(LOOP_SOURCE)?;
        interp.serve(&channel.queue(), "answer")?;
        interp.serve(&broadcast.subscribe(0), "tick")?;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime needs no OS resources beyond a timer");
    let start = Instant::now();
    let answers: Vec<(usize, Shareable)> = runtime.block_on(async {
        let tasks: Vec<_> = (0..requests)
            .map(|q| {
                let channel = channel.clone();
                tokio::spawn(async move { (q, channel.request_async(q as i64).await) })
            })
            .collect();
        for _ in 0..ticks {
            // Unbounded subscriber queues: this never waits.
            let _ = broadcast.send(Shareable::None, None);
        }
        let mut answers = Vec::with_capacity(tasks.len());
        for task in tasks {
            answers.push(task.await.expect("a request task never panics"));
        }
        answers
    });
    let elapsed = start.elapsed();
    let mut answered: BTreeMap<InterpreterId, usize> = BTreeMap::new();
    for (q, answer) in &answers {
        let (square, who) = parse_answer(answer).ok_or_else(|| bad_answer(answer))?;
        if square != (*q as i64) * (*q as i64) {
            return Err(bad_answer(answer));
        }
        *answered.entry(who).or_default() += 1;
    }
    let mut report = EventLoopsReport {
        requests,
        loops: Vec::new(),
        elapsed,
    };
    for interp in &interps {
        let ticks_seen = wait_for_ticks(interp, ticks)?;
        report.loops.push(LoopCounts {
            interpreter: interp.id(),
            answered: answered.get(&interp.id()).copied().unwrap_or(0),
            ticks: ticks_seen,
        });
    }
    Ok(report)
}

fn parse_answer(answer: &Shareable) -> Option<(i64, InterpreterId)> {
    let Shareable::Tuple(items) = answer else {
        return None;
    };
    match &items[..] {
        [square, who] => Some((square.as_i64()?, u64::try_from(who.as_i64()?).ok()?)),
        _ => None,
    }
}

fn bad_answer(answer: &Shareable) -> InterpreterError {
    InterpreterError::Protocol(answer.to_string())
}

/// The broadcast ticks `interp` handled, once all `expected` are in (they travel on their
/// own queue, so they may trail the answers by a moment).
fn wait_for_ticks(interp: &Interpreter, expected: usize) -> Result<usize, InterpreterError> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let counts = interp.call("counts", &[])?;
        let ticks = match &counts {
            Shareable::Tuple(items) if items.len() == 2 => items[1].as_i64().unwrap_or(0) as usize,
            _ => return Err(bad_answer(&counts)),
        };
        if ticks >= expected || Instant::now() > deadline {
            return Ok(ticks);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
