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

/// The compiler's and the symbol table's maps (names, constants, labels, scopes) use the same
/// hash: with the standard SipHash, hashing was 15% of compiling a module (callgrind, `import
/// dataclasses, enum, typing`). Their keys come from the source being compiled and none of
/// them is iterated in hash order into anything a program sees.
pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<NameHasher>>;
/// A set with the same hash as [`FastMap`].
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<NameHasher>>;

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
            self.add(tail_word(rest));
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
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The last 1 to 7 bytes of a name as one word, read in at most two fixed-size loads that
/// may overlap. Copying them into a zeroed buffer instead (`word[..n].copy_from_slice`) has a
/// length known only at run time, which compiles to a call of `memcpy`: 2.8% of all
/// instructions in `richards`. Any fixed function of the bytes is a valid hash; the length
/// goes into the top bits so that tails like `ab` and `abb` differ.
#[inline]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    let word = if n >= 4 {
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        u64::from(lo) | u64::from(hi) << 32
    } else {
        // 1 to 3 bytes: the first, the middle and the last (some may be the same byte).
        u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16
    };
    word ^ (n as u64) << 61
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
