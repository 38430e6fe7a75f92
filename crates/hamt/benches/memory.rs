//! Memory per entry of `hamt::Hamt` and its peers, measured by a counting global allocator.
//!
//! Not a criterion benchmark and not timed: `stats_alloc` wraps the system allocator and counts
//! every byte requested and freed, so "live bytes after building the map" is exact (it is
//! the sum of the sizes Rust asked for; malloc's own per-block header and rounding come on
//! top, which is why the table also shows live blocks per entry). The crate supplies the
//! `GlobalAlloc` impl, so this file needs no `unsafe` under the workspace's
//! `forbid(unsafe_code)`.
//!
//! Three tables come out on stdout, ready for `scripts/bench-hamt.sh` to paste into the book:
//! bytes per entry, allocator blocks per entry, and the bytes one persistent insert adds on top
//! of a map that stays alive (the path copy; for std, a whole copy of the table). Without
//! `--bench` (as under `cargo test --benches`) only the 1K size runs.

use std::alloc::System;
use std::collections::HashMap as StdMap;

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

// The `PyHasher` builder goes unused here: a hasher changes which keys share a node, not how
// big nodes are, so memory is measured once, on the SipHash map the timings call `hamt`.
#[allow(dead_code)]
#[path = "support/peers.rs"]
mod peers;
#[path = "support/workload.rs"]
mod workload;

use peers::{build_hamt_sip, build_imbl, build_rpds, build_std};
use workload::{Workload, SIZES};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// What stayed allocated across one measured closure.
#[derive(Clone, Copy)]
struct Live {
    bytes: i64,
    blocks: i64,
}

/// Runs `make` and reports what it left allocated, keeping its result alive for the caller.
/// Invariant: single-threaded, so every counted allocation belongs to `make`.
fn measure<T>(make: impl FnOnce() -> T) -> (T, Live) {
    let region = Region::new(GLOBAL);
    let value = make();
    let change = region.change();
    let live = Live {
        bytes: change.bytes_allocated as i64 - change.bytes_deallocated as i64,
        blocks: change.allocations as i64 - change.deallocations as i64,
    };
    (value, live)
}

/// One peer's figures at one size.
#[derive(Clone, Copy)]
struct Row {
    map: Live,
    /// What a persistent insert of one new key adds while the old map stays alive.
    insert: Live,
}

/// hamt's row, plus the bytes its own `stats()` reports (nodes only, no allocator view).
fn measure_hamt(w: &Workload) -> (Row, usize) {
    let (map, live) = measure(|| build_hamt_sip(w));
    let (copy, insert) = measure(|| map.insert(w.absent[0], 0));
    assert_eq!(copy.len(), map.len() + 1);
    (Row { map: live, insert }, map.stats().bytes)
}

fn measure_imbl(w: &Workload) -> Row {
    let (map, live) = measure(|| build_imbl(w));
    let (copy, insert) = measure(|| map.update(w.absent[0], 0));
    assert_eq!(copy.len(), map.len() + 1);
    Row { map: live, insert }
}

fn measure_rpds(w: &Workload) -> Row {
    let (map, live) = measure(|| build_rpds(w));
    let (copy, insert) = measure(|| map.insert(w.absent[0], 0));
    assert_eq!(copy.size(), map.size() + 1);
    Row { map: live, insert }
}

fn measure_std(w: &Workload) -> Row {
    let (map, live) = measure(|| build_std(w));
    let (copy, insert) = measure(|| {
        let mut copy: StdMap<u64, u64> = map.clone();
        copy.insert(w.absent[0], 0);
        copy
    });
    assert_eq!(copy.len(), map.len() + 1);
    Row { map: live, insert }
}

/// The figures of all four peers at one size, in the table's column order.
struct SizeRows {
    label: &'static str,
    entries: usize,
    /// hamt, imbl, rpds, std.
    rows: [Row; 4],
    /// `Hamt::stats().bytes` of the measured hamt map.
    hamt_stats_bytes: usize,
}

fn per_entry(x: i64, n: usize) -> f64 {
    x as f64 / n as f64
}

fn print_bytes_table(all: &[SizeRows]) {
    println!("Live heap per entry (bytes requested from the allocator, after building):\n");
    println!("| size | hamt | imbl | rpds | std | imbl/hamt | rpds/hamt | hamt `stats()` |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for s in all {
        let b: Vec<f64> = s
            .rows
            .iter()
            .map(|r| per_entry(r.map.bytes, s.entries))
            .collect();
        let stats = s.hamt_stats_bytes as f64 / s.entries as f64;
        println!(
            "| {} | {:.1} B | {:.1} B | {:.1} B | {:.1} B | {:.2} | {:.2} | {:.1} B |",
            s.label,
            b[0],
            b[1],
            b[2],
            b[3],
            b[1] / b[0],
            b[2] / b[0],
            stats
        );
    }
}

fn print_blocks_and_insert_tables(all: &[SizeRows]) {
    println!("\nLive allocator blocks per entry (each also costs malloc a header and rounding):\n");
    println!("| size | hamt | imbl | rpds | std |");
    println!("|---|---:|---:|---:|---:|");
    for s in all {
        let b: Vec<f64> = s
            .rows
            .iter()
            .map(|r| per_entry(r.map.blocks, s.entries))
            .collect();
        let (h, i, r, st) = (b[0], b[1], b[2], b[3]);
        println!("| {} | {h:.3} | {i:.3} | {r:.3} | {st:.6} |", s.label);
    }
    println!("\nBytes (blocks) one persistent insert adds while the old map stays alive:\n");
    println!("| size | hamt | imbl | rpds | std (clone + insert) |");
    println!("|---|---:|---:|---:|---:|");
    for s in all {
        let cell = |r: &Row| format!("{} ({})", r.insert.bytes, r.insert.blocks);
        let [h, i, r, st] = &s.rows;
        let (h, i, r, st) = (cell(h), cell(i), cell(r), cell(st));
        println!("| {} | {h} | {i} | {r} | {st} |", s.label);
    }
}

fn main() {
    let full_run = std::env::args().any(|a| a == "--bench");
    let sizes = if full_run { &SIZES[..] } else { &SIZES[..1] };
    let mut all = Vec::new();
    for &(entries, label) in sizes {
        let w = Workload::new(entries);
        let (hamt, hamt_stats_bytes) = measure_hamt(&w);
        let rows = [hamt, measure_imbl(&w), measure_rpds(&w), measure_std(&w)];
        // A map of `entries` keys holds at least 16 bytes of key and value per entry.
        for r in &rows {
            assert!(
                r.map.bytes >= 16 * entries as i64,
                "allocator counted too little"
            );
        }
        all.push(SizeRows {
            label,
            entries,
            rows,
            hamt_stats_bytes,
        });
    }
    print_bytes_table(&all);
    print_blocks_and_insert_tables(&all);
}
