//! How each benchmarked map is built from a `Workload`, shared by `ops.rs` and `memory.rs` so
//! the timed `build` group and the memory table measure the very same construction.
//!
//! Every map hashes with std's SipHash-1-3 `RandomState`, so the ratios compare tries, not
//! hash functions; hamt is also built with its default `PyHasher` to show what CPython's
//! cheap int hash buys. Each peer is built the cheapest way its API offers for a map nobody
//! else holds yet: hamt's batch `mutate()` (the `immutables.Map.mutate()` design), imbl's
//! in-place `insert` on a uniquely owned map, rpds's `insert_mut`, and std's plain `insert`.

use std::collections::HashMap as StdMap;
use std::hash::RandomState;

use hamt::{Hamt, KeyHasher, PyHasher, StdHasher};
use imbl::HashMap as ImblMap;
use rpds::HashTrieMapSync as RpdsMap;

use crate::workload::Workload;

/// hamt with std's SipHash (`RandomState`), the hasher every peer uses: the fair comparison of
/// the data structures, and the `hamt` column of the table.
pub type HamtSip = Hamt<u64, u64, StdHasher<RandomState>>;

/// hamt with its default `PyHasher` (CPython's int hash, `x mod (2**61 - 1)`), the hash
/// contextvars really uses: the `hamt-py` column.
pub type HamtPy = Hamt<u64, u64, PyHasher>;

pub fn build_hamt<H: KeyHasher<u64> + Clone>(w: &Workload, hasher: H) -> Hamt<u64, u64, H> {
    let empty = Hamt::with_hasher(hasher);
    let mut mutation = empty.mutate();
    for (k, v) in w.pairs() {
        mutation.insert(k, v);
    }
    mutation.finish()
}

pub fn build_hamt_sip(w: &Workload) -> HamtSip {
    build_hamt(w, StdHasher(RandomState::new()))
}

pub fn build_hamt_py(w: &Workload) -> HamtPy {
    build_hamt(w, PyHasher)
}

pub fn build_imbl(w: &Workload) -> ImblMap<u64, u64> {
    // A uniquely owned imbl map edits its nodes in place, imbl's counterpart of `mutate()`.
    let mut map = ImblMap::new();
    for (k, v) in w.pairs() {
        map.insert(k, v);
    }
    map
}

pub fn build_rpds(w: &Workload) -> RpdsMap<u64, u64> {
    let mut map = RpdsMap::new_sync();
    for (k, v) in w.pairs() {
        map.insert_mut(k, v);
    }
    map
}

pub fn build_std(w: &Workload) -> StdMap<u64, u64> {
    // No `with_capacity`: the table grows as a dict does, the fair peer of a trie that grows.
    let mut map = StdMap::new();
    for (k, v) in w.pairs() {
        map.insert(k, v);
    }
    map
}
