//! The keys every hamt benchmark uses, shared by `ops.rs` (timed, criterion) and `memory.rs`
//! (allocator-counted). Both binaries pull this file in with `#[path]`, so the timed and the
//! memory figures describe exactly the same maps.
//!
//! Keys are `u64`s from SplitMix64 with fixed seeds: random enough that every map spreads its
//! keys over the whole hash space (no accidental sequential locality), and reproducible from
//! run to run without adding a `rand` dependency. `present` keys are in the map; `absent` keys
//! come from a second stream and are checked to be disjoint from `present`, so a "miss" lookup
//! and a "new key" insert really are a miss and a new key.

use std::collections::HashSet;

/// The sizes the issue asks for, with the labels used in criterion ids and in the table.
pub const SIZES: [(usize, &str); 3] = [(1_000, "1K"), (100_000, "100K"), (1_000_000, "1M")];

/// How many absent keys a workload carries: enough that consecutive misses and inserts do not
/// keep hitting the same few cache lines, few enough to be cheap at every size.
const ABSENT: usize = 4096;

/// SplitMix64 (Steele, Lea, Flood 2014): a 64-bit state stepped by a constant, then mixed.
/// Every output is distinct within one stream of 2^64 steps, so `present` has no duplicates.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The keys of one benchmark size.
pub struct Workload {
    /// Keys in the map, in insertion order (which is random with respect to any hash order).
    pub present: Vec<u64>,
    /// Keys not in the map. Invariant: disjoint from `present`.
    pub absent: Vec<u64>,
}

impl Workload {
    pub fn new(size: usize) -> Self {
        let mut rng = SplitMix64::new(0x5EED_0000_0000_0001);
        let present: Vec<u64> = (0..size).map(|_| rng.next_u64()).collect();
        let in_map: HashSet<u64> = present.iter().copied().collect();
        let mut other = SplitMix64::new(0x5EED_0000_0000_0002);
        let absent = std::iter::repeat_with(|| other.next_u64())
            .filter(|k| !in_map.contains(k))
            .take(ABSENT)
            .collect();
        Self { present, absent }
    }

    /// The value stored under `key`: derived from the key so a wrong lookup cannot go unseen.
    pub fn value_of(key: u64) -> u64 {
        key.rotate_left(17)
    }

    /// (key, value) pairs in insertion order, for the build benchmarks.
    pub fn pairs(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.present.iter().map(|&k| (k, Self::value_of(k)))
    }
}
