//! The hash of attribute names in class and instance dicts (`NameMap`).
//!
//! Every `obj.attr` that misses the inline caches looks the name up in the instance's dict and
//! then in each class of the MRO: several hash-table probes per access. With the standard
//! library's default hasher (SipHash-1-3, built to resist hash flooding) hashing the name cost
//! more than the rest of the lookup: 15% of all instructions in pyperformance's `richards`
//! (callgrind). CPython hashes a str once and caches it in the object; the names here are
//! `Rc<str>` without room for that, so they get a much cheaper hash instead: FxHash's
//! multiply-and-rotate over 8-byte words (the hash rustc uses for its own symbol tables).
//! Attribute names come from the program, not from an attacker, and the map's order is
//! insertion order whatever the hash, so nothing a program can see changes.

use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use indexmap::IndexMap;

/// A map from attribute names, in insertion order (a class's or an instance's `__dict__`).
pub type NameMap<V> = IndexMap<Rc<str>, V, BuildHasherDefault<NameHasher>>;

/// FxHash: for each word, rotate, xor, multiply by a constant with well-mixed bits.
#[derive(Default, Clone, Copy)]
pub struct NameHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl NameHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for NameHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_hash_apart_and_keep_insertion_order() {
        let mut map: NameMap<u32> = NameMap::default();
        for (i, name) in ["run", "fn", "next", "__init__", "a", "b", "packet_pending"]
            .iter()
            .enumerate()
        {
            map.insert(Rc::from(*name), i as u32);
        }
        assert_eq!(map.get("next"), Some(&2));
        assert_eq!(map.get("packet_pending"), Some(&6));
        assert_eq!(map.get("packet"), None);
        let order: Vec<&str> = map.keys().map(|k| &**k).collect();
        assert_eq!(
            order,
            ["run", "fn", "next", "__init__", "a", "b", "packet_pending"]
        );
    }
}
