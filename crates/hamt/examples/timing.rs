//! A quick, dependency-free timing of the operations the benchmarks compare
//! (the real numbers come from `cargo bench -p hamt`): at 1M `u64` keys, get,
//! persistent insert, building with `mutate()` against a std `HashMap`, and the
//! node bytes per entry from `stats()`.
//!
//! Run: `cargo run --release -p hamt --example timing --no-default-features`

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use hamt::Hamt;

/// splitmix64: fixed-seed pseudo-random keys.
fn keys(n: usize) -> Vec<u64> {
    let mut x = 0x1234_5678u64;
    (0..n)
        .map(|_| {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        })
        .collect()
}

fn per_op(start: Instant, n: usize) -> f64 {
    start.elapsed().as_nanos() as f64 / n as f64
}

fn main() {
    let n = 1_000_000;
    let ks = keys(n + 10_000);
    let t = Instant::now();
    let mut m = Hamt::<u64, u64>::new().mutate();
    for &k in &ks[..n] {
        m.insert(k, k);
    }
    let map = m.finish();
    let build = per_op(t, n);
    let t = Instant::now();
    let mut std_map = HashMap::new();
    for &k in &ks[..n] {
        std_map.insert(k, k);
    }
    let std_build = per_op(t, n);
    black_box(&std_map);

    let t = Instant::now();
    let mut hits = 0u64;
    for &k in ks[..n].iter().step_by(7) {
        hits += u64::from(map.get(&k).is_some());
    }
    let get = per_op(t, n / 7);
    assert!(hits > 0);

    let t = Instant::now();
    for &k in &ks[n..] {
        black_box(map.insert(k, k));
    }
    let insert = per_op(t, 10_000);

    let stats = map.stats();
    println!("mutate build {build:.0} ns/key (std HashMap {std_build:.0} ns/key)");
    println!("get hit {get:.0} ns, persistent insert {insert:.0} ns");
    println!(
        "{stats:?}: {:.1} node bytes/entry",
        stats.bytes as f64 / n as f64
    );
}
