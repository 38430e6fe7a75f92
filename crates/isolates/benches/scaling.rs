//! Read throughput as interpreters (or threads) are added, printed as markdown tables.
//!
//! 1. Isolates: N interpreters, each a `tracer` VM on its own thread, run the same Python loop
//!    of pseudo-random `index.get(k)` lookups on one shared 1M-key `SharedMap`. No lock and no
//!    shared counter is touched on the way, so throughput should grow with the cores.
//! 2. The free-threading analogue in plain Rust: N threads looking up random keys in one map
//!    behind a `Mutex<HashMap>`, behind an `RwLock<HashMap>`, and, without any lock, a shared
//!    `hamt::Hamt` and a read-only `Arc<HashMap>` (what immutability buys any map).
//!
//! Each configuration runs three times and the best run counts (others on the machine only
//! ever slow a run down). N goes 1, 2, ... up to the number of cores (at least 2). Ratios are
//! throughput at N over throughput at 1, from the same run. Beside the wall-clock figures, the
//! process's CPU time (`/proc/self/stat`, all threads) gives two more: CPU time per million
//! lookups, which stays flat when the workers do not slow each other down, and the cores the
//! run actually got (CPU time / wall time), which is below N when other work shares the
//! machine. Without `--bench` (as under `cargo test --benches`) everything runs once on a tiny
//! workload, as a smoke test.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use isolates::{create, Shareable, SharedMap};

const WORKER: &str = "\
def lookups(seed, n, keys):
    m = index
    x = seed
    found = 0
    for i in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        if m.get(x % keys) is not None:
            found += 1
    return found
";

struct Workload {
    keys: i64,
    py_lookups: i64,
    rust_lookups: u64,
    runs: usize,
}

/// The next pseudo-random key (the same LCG as the Python worker).
fn next_key(x: &mut u64, keys: u64) -> u64 {
    *x = (x.wrapping_mul(1_103_515_245).wrapping_add(12_345)) % 2_147_483_648;
    *x % keys
}

/// Wall time and the process's CPU time (all threads) of one run.
#[derive(Clone, Copy, Default)]
struct Run {
    wall: Duration,
    cpu: Duration,
}

/// CPU time of this process so far: `utime + stime` of `/proc/self/stat`, in clock ticks of
/// 10 ms (Linux's `USER_HZ` is 100). `None` where there is no procfs.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses: state is the first, utime the
    // twelfth, stime the thirteenth.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// The run with the best wall time of `runs` runs of `n` parallel jobs.
fn best_of(runs: usize, n: usize, job: impl Fn(usize) + Sync) -> Run {
    (0..runs)
        .map(|_| {
            let cpu0 = process_cpu().unwrap_or_default();
            let start = Instant::now();
            std::thread::scope(|s| {
                for i in 0..n {
                    let job = &job;
                    s.spawn(move || job(i));
                }
            });
            let wall = start.elapsed();
            let cpu = process_cpu().unwrap_or_default().saturating_sub(cpu0);
            Run { wall, cpu }
        })
        .min_by_key(|r| r.wall)
        .unwrap_or_default()
}

/// Cores the run got: CPU time over wall time.
fn cores_used(r: Run) -> f64 {
    r.cpu.as_secs_f64() / r.wall.as_secs_f64().max(1e-9)
}

/// CPU time per million lookups.
fn cpu_per_million(r: Run, lookups: f64) -> String {
    format!("{:.3} s", r.cpu.as_secs_f64() * 1e6 / lookups.max(1.0))
}

fn isolates_row(w: &Workload, map: &SharedMap, n: usize) -> Run {
    let interps: Vec<_> = (0..n).map(|_| create()).collect();
    for i in &interps {
        i.prepare_main([("index", Shareable::Map(map.clone()))])
            .expect("binds the map");
        i.exec(WORKER).expect("defines the worker");
    }
    let time = best_of(w.runs, n, |k| {
        let args = [
            Shareable::Int(k as i64 + 1),
            Shareable::Int(w.py_lookups),
            Shareable::Int(w.keys),
        ];
        let found = interps[k].call("lookups", &args).expect("the worker runs");
        assert_eq!(found, Shareable::Int(w.py_lookups), "every key is present");
    });
    for i in interps {
        i.close().expect("closes");
    }
    time
}

fn rust_rows(w: &Workload, n: usize) -> [Run; 4] {
    let keys = w.keys as u64;
    let pairs = || (0..w.keys).map(|k| (k, k));
    let std_map: HashMap<i64, i64> = pairs().collect();
    let hamt: hamt::Hamt<i64, i64> = pairs().collect();
    let mutex = Mutex::new(std_map.clone());
    let rwlock = RwLock::new(std_map.clone());
    let shared_std = Arc::new(std_map);
    let lookups = |k: usize, get: &dyn Fn(i64) -> bool| {
        let mut x = k as u64 + 1;
        let mut found = 0u64;
        for _ in 0..w.rust_lookups {
            found += u64::from(get(next_key(&mut x, keys) as i64));
        }
        assert_eq!(found, w.rust_lookups);
    };
    [
        best_of(w.runs, n, |k| {
            lookups(k, &|key| {
                mutex.lock().expect("no poison").contains_key(&key)
            })
        }),
        best_of(w.runs, n, |k| {
            lookups(k, &|key| {
                rwlock.read().expect("no poison").contains_key(&key)
            })
        }),
        best_of(w.runs, n, |k| {
            let mine = hamt.clone();
            lookups(k, &|key| mine.contains_key(&key))
        }),
        best_of(w.runs, n, |k| {
            let mine = Arc::clone(&shared_std);
            lookups(k, &|key| mine.contains_key(&key))
        }),
    ]
}

fn rate(lookups: f64, r: Run) -> f64 {
    lookups / r.wall.as_secs_f64().max(1e-9)
}

fn millions(x: f64) -> String {
    format!("{:.2} M/s", x / 1e6)
}

fn main() {
    let full_run = std::env::args().any(|a| a == "--bench");
    let w = if full_run {
        Workload {
            keys: 1_000_000,
            py_lookups: 1_000_000,
            rust_lookups: 5_000_000,
            runs: 3,
        }
    } else {
        Workload {
            keys: 10_000,
            py_lookups: 2_000,
            rust_lookups: 10_000,
            runs: 1,
        }
    };
    let cores = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .max(2);
    let counts: Vec<usize> = (1..=cores).collect();

    let map = SharedMap::ints(w.keys);
    println!("### Isolates reading one shared map\n");
    println!(
        "Each isolate runs {} Python lookups (`index.get(k)`, pseudo-random keys) on one \
         shared {}-key map; best of {} runs.\n",
        w.py_lookups, w.keys, w.runs
    );
    println!(
        "| isolates | time | lookups/s, all together | vs 1 isolate | CPU time per 1M lookups | cores used |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut base = 0.0;
    for &n in &counts {
        let run = isolates_row(&w, &map, n);
        let total = (w.py_lookups as usize * n) as f64;
        let r = rate(total, run);
        if n == 1 {
            base = r;
        }
        println!(
            "| {n} | {:.3} s | {} | {:.2}x | {} | {:.2} |",
            run.wall.as_secs_f64(),
            millions(r),
            r / base,
            cpu_per_million(run, total),
            cores_used(run)
        );
    }

    println!("\n### Rust threads: locks against sharing\n");
    println!(
        "Each thread runs {} lookups (`contains_key`, pseudo-random keys) on one {}-key map \
         of `i64`s; best of {} runs. Cells: lookups/s of all threads together (vs 1 thread; \
         cores the run got).\n",
        w.rust_lookups, w.keys, w.runs
    );
    let names = [
        "`Mutex<HashMap>`",
        "`RwLock<HashMap>`",
        "`hamt::Hamt`, shared, no lock",
        "`Arc<HashMap>`, read-only, no lock",
    ];
    let header: Vec<String> = counts
        .iter()
        .map(|n| format!("{n} thread{}", if *n == 1 { "" } else { "s" }))
        .collect();
    println!("| map | {} |", header.join(" | "));
    println!(
        "|---|{}|",
        counts.iter().map(|_| "---:").collect::<Vec<_>>().join("|")
    );
    let rows: Vec<[Run; 4]> = counts.iter().map(|&n| rust_rows(&w, n)).collect();
    for (i, name) in names.iter().enumerate() {
        let base = rate(w.rust_lookups as f64, rows[0][i]);
        let cells: Vec<String> = counts
            .iter()
            .zip(&rows)
            .map(|(&n, row)| {
                let r = rate((w.rust_lookups as usize * n) as f64, row[i]);
                format!(
                    "{} ({:.2}x; {:.1})",
                    millions(r),
                    r / base,
                    cores_used(row[i])
                )
            })
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
}
