//! Live heap bytes per entry of `Hamt` next to `imbl::HashMap` at 1M `u64` keys,
//! counted by `stats_alloc` (the real table comes from `benches/memory.rs`).
//!
//! Run: `cargo run -p hamt --example memory_probe`

use std::alloc::System;

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn live<T>(make: impl FnOnce() -> T) -> (T, i64, i64) {
    let region = Region::new(GLOBAL);
    let value = make();
    let c = region.change();
    let bytes = c.bytes_allocated as i64 - c.bytes_deallocated as i64;
    let blocks = c.allocations as i64 - c.deallocations as i64;
    (value, bytes, blocks)
}

fn main() {
    let n: u64 = 1_000_000;
    let keys = (0..n).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 3);
    let (h, hb, hn) = live(|| {
        keys.clone()
            .map(|k| (k, k))
            .collect::<hamt::Hamt<u64, u64>>()
    });
    let (i, ib, inn) = live(|| {
        keys.clone()
            .map(|k| (k, k))
            .collect::<imbl::HashMap<u64, u64>>()
    });
    println!(
        "hamt: {:.1} B/entry, {:.2} blocks/entry",
        hb as f64 / n as f64,
        hn as f64 / n as f64
    );
    println!(
        "imbl: {:.1} B/entry, {:.2} blocks/entry",
        ib as f64 / n as f64,
        inn as f64 / n as f64
    );
    drop((h, i));
}
