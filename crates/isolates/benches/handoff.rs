//! The hand-off of a map to another interpreter, two ways, at 1K, 100K and 1M int keys:
//!
//! ```text
//! handoff/share/<size>    clone the handle, put it into a Queue, get it out, drop it
//! handoff/pickle/<size>   postcard::to_allocvec, put the bytes into a Queue, get them,
//!                         postcard::from_bytes (rebuilds every node), drop the copy
//! ```
//!
//! Both go through the same `isolates::Queue` on one thread, so the figures are the cost of
//! the hand-off itself, not of waking another thread (which is the same for both). The maps
//! are built once, outside the timed closures. Criterion ids are `handoff/<way>/<size>`;
//! `scripts/bench-isolates.sh` reads `target/criterion/handoff/*/*/new/estimates.json`.
//!
//! Without `--bench` (as under `cargo test --benches`) only 1K runs, as a quick smoke test.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use isolates::{create_queue, Shareable, SharedMap};

const SIZES: [(i64, &str); 3] = [(1_000, "1K"), (100_000, "100K"), (1_000_000, "1M")];

fn bench_size(c: &mut Criterion, n: i64, label: &str) {
    let map = SharedMap::ints(n);
    let q = create_queue(1);
    // Check once that both ways deliver the same map.
    let bytes = postcard::to_allocvec(&map).expect("serializes");
    let copy: SharedMap = postcard::from_bytes(&bytes).expect("deserializes");
    assert!(copy == map && !copy.ptr_eq(&map));

    let mut group = c.benchmark_group("handoff");
    if n >= 100_000 {
        // A 1M-key round trip takes about a second: fewer, flat samples.
        group.sampling_mode(SamplingMode::Flat).sample_size(10);
    }
    group.bench_with_input(BenchmarkId::new("share", label), &map, |b, map| {
        b.iter(|| {
            let _ = q.put_nowait(Shareable::Map(black_box(map).clone()));
            black_box(q.get_nowait())
        })
    });
    group.bench_with_input(BenchmarkId::new("pickle", label), &map, |b, map| {
        b.iter(|| {
            let bytes = postcard::to_allocvec(black_box(map)).expect("serializes");
            let _ = q.put_nowait(Shareable::Bytes(bytes.into()));
            match q.get_nowait() {
                Ok(Shareable::Bytes(b)) => black_box(postcard::from_bytes::<SharedMap>(&b).ok()),
                _ => None,
            }
        })
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .configure_from_args();
    let full_run = std::env::args().any(|a| a == "--bench");
    let sizes = if full_run { &SIZES[..] } else { &SIZES[..1] };
    for &(n, label) in sizes {
        bench_size(&mut c, n, label);
    }
    c.final_summary();
}
