//! The talk's demo, rebuilt: N isolates share one big map (1,000,000 keys by default), each
//! doing lookups and, now and then, an update that path-copies and publishes.
//!
//! ```text
//!   Rust host: index = SharedMap::ints(1M) ──publish──▶ Roots["index"]
//!   isolate k (Python, own thread):
//!       m = read("index")                       # a handle: O(1)
//!       loop: m.get(random key)                 # reads share every node, no lock
//!             every E lookups: swap("index", cur, cur.set(k, -k))   # path copy + publish
//! ```
//!
//! It reports the lookup throughput of all isolates together, the updates and the publish
//! conflicts that were retried, and how much of the final map is still shared with the
//! original: after hundreds of updates, almost every node is.

use std::time::{Duration, Instant};

use crate::error::{InterpreterError, InterpreterId};
use crate::interp::{create_with, Config};
use crate::map::{SharedMap, Sharing};
use crate::roots::Roots;
use crate::share::Shareable;

/// The demo's knobs.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Isolates (default: one per core).
    pub isolates: usize,
    /// Keys of the shared map: the ints `0..keys`.
    pub keys: usize,
    /// Lookups per isolate.
    pub lookups: usize,
    /// One update (path copy + publish) every this many lookups.
    pub update_every: usize,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            isolates: std::thread::available_parallelism().map_or(2, usize::from),
            keys: 1_000_000,
            lookups: 200_000,
            update_every: 1000,
        }
    }
}

/// What one isolate did.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct IsolateWork {
    pub interpreter: InterpreterId,
    pub lookups: usize,
    /// Lookups that found their key (the same in every run: the key sequence is fixed).
    pub hits: usize,
    pub updates: usize,
    /// Publishes refused because another isolate published first, then retried.
    pub conflicts: usize,
    /// Wall time of its run.
    pub elapsed: Duration,
}

/// Everything the demo measured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoReport {
    pub keys: usize,
    /// Time to build the shared map once (in Rust, with `Hamt::mutate`).
    pub build: Duration,
    pub isolates: Vec<IsolateWork>,
    /// Wall time from the first isolate's start to the last one's end.
    pub elapsed: Duration,
    /// All lookups of all isolates per second of `elapsed`.
    pub lookups_per_second: f64,
    /// Length of the published map at the end.
    pub final_len: usize,
    /// The final published map against the original: nodes new and still shared.
    pub sharing: Sharing,
}

/// The worker: a fixed pseudo-random key sequence per isolate (an LCG seeded by its index);
/// about one key in eleven is absent.
pub const WORKER_SOURCE: &str = "\
from sharing import read, swap

def work(seed, n, every, keys):
    m = read('index')
    x = seed
    space = keys + keys // 10
    hits = 0
    updates = 0
    conflicts = 0
    for i in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        if m.get(x % space) is not None:
            hits += 1
        if i % every == every - 1:
            k = x % keys
            while True:
                cur = read('index')
                new = cur.set(k, -k)
                if swap('index', cur, new):
                    break
                conflicts += 1
            updates += 1
            m = new
    return (hits, updates, conflicts)
";

/// Runs the demo (see the module docs).
pub fn run(options: &DemoOptions) -> Result<DemoReport, InterpreterError> {
    let roots = Roots::new();
    let started = Instant::now();
    let original = SharedMap::ints(options.keys as i64);
    let build = started.elapsed();
    roots.publish("index", Shareable::Map(original.clone()));
    let config = Config {
        roots: Some(roots.clone()),
        ..Config::default()
    };
    let workers: Vec<_> = (0..options.isolates.max(1))
        .map(|_| create_with(config.clone()))
        .collect();
    for w in &workers {
        w.exec(WORKER_SOURCE)?;
    }
    let args = |i: usize| {
        [
            Shareable::Int(i as i64 + 1),
            Shareable::Int(options.lookups as i64),
            Shareable::Int(options.update_every.max(1) as i64),
            Shareable::Int(options.keys.max(1) as i64),
        ]
    };
    let start = Instant::now();
    let running: Vec<_> = workers
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let (w, args) = (w.clone(), args(i));
            std::thread::spawn(move || {
                let t = Instant::now();
                (w.call("work", &args), t.elapsed())
            })
        })
        .collect();
    let mut isolates = Vec::new();
    for (w, r) in workers.iter().zip(running) {
        let (result, elapsed) = r.join().expect("a worker thread never panics");
        let counts = result?;
        let count = |i: usize| match &counts {
            Shareable::Tuple(t) => t.get(i).and_then(Shareable::as_i64).unwrap_or(0) as usize,
            _ => 0,
        };
        isolates.push(IsolateWork {
            interpreter: w.id(),
            lookups: options.lookups,
            hits: count(0),
            updates: count(1),
            conflicts: count(2),
            elapsed,
        });
    }
    let elapsed = start.elapsed();
    let total: usize = isolates.iter().map(|w| w.lookups).sum();
    let last = roots
        .read("index")
        .and_then(|m| m.as_map().cloned())
        .unwrap_or_default();
    Ok(DemoReport {
        keys: options.keys,
        build,
        lookups_per_second: total as f64 / elapsed.as_secs_f64().max(1e-9),
        elapsed,
        final_len: last.len(),
        sharing: last.sharing_with(&original),
        isolates,
    })
}
