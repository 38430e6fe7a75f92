//! Timed benchmarks of `hamt::Hamt` against its peers, one criterion run for the whole table.
//!
//! For each size in `workload::SIZES` (1K, 100K, 1M random `u64` keys) the maps are built
//! once, outside every timed closure, and then six operation groups run on them:
//!
//! ```text
//! group      hamt, hamt-py    imbl::HashMap   rpds::HashTrieMapSync  std HashMap
//! get_hit    get              get             get                    get
//! get_miss   get              get             get                    get
//! insert     insert (new key) update          insert                 clone + insert
//! remove     remove           without         remove                 -
//! iter       iter             iter            iter                   iter
//! build      mutate()+finish  insert (&mut)   insert_mut             insert
//! ```
//!
//! `hamt` hashes with SipHash like every peer (see `support/peers.rs`); `hamt-py` is the same
//! trie with CPython's int hash, run where hashing is a visible share of the time.
//! `insert` is the persistent update contextvars makes on every `ContextVar.set()`: one new key
//! into an existing map, keeping the old map. std's peer there is "copy the dict, then set",
//! the baseline PEP 550 measured HAMT against. The new map is dropped inside the timed closure
//! (a throwaway version's cost includes freeing it); `build` excludes the drop, since it
//! measures building. Criterion ids are `<group>/<impl>/<size>`; `scripts/bench-hamt.sh`
//! turns `target/criterion/*/*/*/new/estimates.json` into the ratio table.
//!
//! Without `--bench` (as under `cargo test --benches`) only the 1K size runs, once per bench,
//! so the harness stays a quick smoke test.

use std::collections::HashMap as StdMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, SamplingMode};
use imbl::HashMap as ImblMap;
use rpds::HashTrieMapSync as RpdsMap;

#[path = "support/peers.rs"]
mod peers;
#[path = "support/workload.rs"]
mod workload;

use peers::{build_hamt_py, build_hamt_sip, build_imbl, build_rpds, build_std, HamtPy, HamtSip};
use workload::{Workload, SIZES};

type Group<'a> = BenchmarkGroup<'a, WallTime>;

/// The maps of one size, all holding `Workload::pairs()`.
struct Maps {
    hamt: HamtSip,
    hamt_py: HamtPy,
    imbl: ImblMap<u64, u64>,
    rpds: RpdsMap<u64, u64>,
    std: StdMap<u64, u64>,
}

impl Maps {
    fn build(w: &Workload) -> Self {
        let maps = Self {
            hamt: build_hamt_sip(w),
            hamt_py: build_hamt_py(w),
            imbl: build_imbl(w),
            rpds: build_rpds(w),
            std: build_std(w),
        };
        maps.check(w);
        maps
    }

    /// Benchmarks of a wrong map are worthless: check every map agrees with the workload first.
    fn check(&self, w: &Workload) {
        let n = w.present.len();
        let lens = [
            self.hamt.len(),
            self.hamt_py.len(),
            self.imbl.len(),
            self.rpds.size(),
        ];
        assert_eq!(lens, [n; 4], "a map lost or invented keys while building");
        for &k in w.present.iter().step_by(97) {
            let want = Some(Workload::value_of(k));
            assert_eq!(self.hamt.get(&k).copied(), want, "hamt lost key {k:#x}");
            assert_eq!(
                self.hamt_py.get(&k).copied(),
                want,
                "hamt-py lost key {k:#x}"
            );
            assert_eq!(self.imbl.get(&k).copied(), want);
            assert_eq!(self.rpds.get(&k).copied(), want);
        }
        for k in &w.absent {
            assert!(!self.hamt.contains_key(k), "hamt invented key {k:#x}");
            assert!(!self.hamt_py.contains_key(k), "hamt-py invented key {k:#x}");
        }
    }
}

/// Times `op` on one input per iteration, walking `inputs` round-robin so consecutive
/// iterations touch different paths of the trie (as real lookups in a big map do).
fn cycle<T: Copy, R>(g: &mut Group<'_>, id: BenchmarkId, inputs: &[T], mut op: impl FnMut(T) -> R) {
    g.bench_function(id, |b| {
        let mut i = 0;
        b.iter(|| {
            let x = inputs[i];
            i = if i + 1 == inputs.len() { 0 } else { i + 1 };
            op(black_box(x))
        })
    });
}

fn bench_get(c: &mut Criterion, m: &Maps, label: &str, group: &str, keys: &[u64]) {
    let mut g = c.benchmark_group(group);
    let id = |name| BenchmarkId::new(name, label);
    cycle(&mut g, id("hamt"), keys, |k| m.hamt.get(&k).copied());
    cycle(&mut g, id("hamt-py"), keys, |k| m.hamt_py.get(&k).copied());
    cycle(&mut g, id("imbl"), keys, |k| m.imbl.get(&k).copied());
    cycle(&mut g, id("rpds"), keys, |k| m.rpds.get(&k).copied());
    cycle(&mut g, id("std"), keys, |k| m.std.get(&k).copied());
    g.finish();
}

fn bench_insert(c: &mut Criterion, m: &Maps, label: &str, w: &Workload) {
    let mut g = c.benchmark_group("insert");
    let id = |name| BenchmarkId::new(name, label);
    let keys = &w.absent;
    cycle(&mut g, id("hamt"), keys, |k| m.hamt.insert(k, k));
    cycle(&mut g, id("hamt-py"), keys, |k| m.hamt_py.insert(k, k));
    cycle(&mut g, id("imbl"), keys, |k| m.imbl.update(k, k));
    cycle(&mut g, id("rpds"), keys, |k| m.rpds.insert(k, k));
    // Copying a big table takes milliseconds: sample flat so criterion does not need
    // thousands of iterations for its linear fit.
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    cycle(&mut g, id("std"), keys, |k| {
        let mut copy = m.std.clone();
        copy.insert(k, k);
        copy
    });
    g.finish();
}

fn bench_remove(c: &mut Criterion, m: &Maps, label: &str, w: &Workload) {
    let mut g = c.benchmark_group("remove");
    let id = |name| BenchmarkId::new(name, label);
    let keys = &w.present;
    cycle(&mut g, id("hamt"), keys, |k| m.hamt.remove(&k));
    cycle(&mut g, id("imbl"), keys, |k| m.imbl.without(&k));
    cycle(&mut g, id("rpds"), keys, |k| m.rpds.remove(&k));
    g.finish();
}

fn bench_iter(c: &mut Criterion, m: &Maps, label: &str) {
    let mut g = c.benchmark_group("iter");
    g.sampling_mode(SamplingMode::Flat);
    if m.std.len() >= 100_000 {
        // Walking 100K+ entries takes milliseconds: ten samples are enough.
        g.sample_size(10);
    }
    let id = |name| BenchmarkId::new(name, label);
    let sum = |acc: u64, v: &u64| acc.wrapping_add(*v);
    g.bench_function(id("hamt"), |b| {
        b.iter(|| m.hamt.iter().fold(0, |acc, (_, v)| sum(acc, v)))
    });
    g.bench_function(id("imbl"), |b| {
        b.iter(|| m.imbl.iter().fold(0, |acc, (_, v)| sum(acc, v)))
    });
    g.bench_function(id("rpds"), |b| {
        b.iter(|| m.rpds.iter().fold(0, |acc, (_, v)| sum(acc, v)))
    });
    g.bench_function(id("std"), |b| {
        b.iter(|| m.std.iter().fold(0, |acc, (_, v)| sum(acc, v)))
    });
    g.finish();
}

fn bench_build(c: &mut Criterion, w: &Workload, label: &str) {
    let mut g = c.benchmark_group("build");
    g.sampling_mode(SamplingMode::Flat);
    if w.present.len() >= 100_000 {
        // A big build takes tens to hundreds of milliseconds: ten samples, one build each at 1M.
        g.sample_size(10).measurement_time(Duration::from_secs(3));
    }
    let id = |name| BenchmarkId::new(name, label);
    g.bench_function(id("hamt"), |b| b.iter_with_large_drop(|| build_hamt_sip(w)));
    g.bench_function(id("hamt-py"), |b| {
        b.iter_with_large_drop(|| build_hamt_py(w))
    });
    g.bench_function(id("imbl"), |b| b.iter_with_large_drop(|| build_imbl(w)));
    g.bench_function(id("rpds"), |b| b.iter_with_large_drop(|| build_rpds(w)));
    g.bench_function(id("std"), |b| b.iter_with_large_drop(|| build_std(w)));
    g.finish();
}

fn bench_size(c: &mut Criterion, size: usize, label: &str) {
    let w = Workload::new(size);
    let m = Maps::build(&w);
    bench_get(c, &m, label, "get_hit", &w.present);
    bench_get(c, &m, label, "get_miss", &w.absent);
    bench_insert(c, &m, label, &w);
    bench_remove(c, &m, label, &w);
    bench_iter(c, &m, label);
    drop(m);
    bench_build(c, &w, label);
}

fn main() {
    // Settings chosen so the whole run (about 80 benchmarks) stays near six minutes on two
    // cores; command-line flags such as `--measurement-time` still override them.
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(30)
        .configure_from_args();
    let full_run = std::env::args().any(|a| a == "--bench");
    let sizes = if full_run { &SIZES[..] } else { &SIZES[..1] };
    for &(size, label) in sizes {
        bench_size(&mut c, size, label);
    }
    c.final_summary();
}
