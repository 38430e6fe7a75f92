//! Exercise 02: insert into a persistent Bitmap node by path copying.
//!
//! This is a small, self-contained copy of the HAMT crate's Bitmap node (CPython's
//! `PyHamtNode_Bitmap` in Python/hamt.c), cut down so the idea stands alone:
//!
//! - a key is a `u32` that is its own hash, as small ints are in CPython, so two different
//!   keys never have the same full hash and no Collision node is needed;
//! - a node never turns into an Array node (the real one does at 16 entries).
//!
//! Everything is written except [`BitmapNode::assoc`]: replace its `todo!()`. The rule of the
//! game is *never mutate a node that already exists*: build new nodes for the path from the
//! root down to the changed slot, and share every other child with the old tree by cloning its
//! `Arc` (a pointer copy, not a deep copy). The tests check both with `Arc::ptr_eq`.

use std::sync::Arc;

/// Bits of the hash consumed per level: 2^5 = 32 slots per node.
pub const BITS_PER_LEVEL: u32 = 5;

/// One occupied slot of a Bitmap node: a key and its value, or a child node one level down.
/// (The `hamt` crate's `Entry` has the same two variants.)
///
/// CPython stores both in the same `(key, value)` array and marks a child by a NULL key.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry<V> {
    /// A key (which is also its hash) and its value.
    Leaf(u32, V),
    /// A subtree for the keys whose hashes share this slot's bits at this level.
    Child(Arc<BitmapNode<V>>),
}

/// A node with 32 slots, of which only the occupied ones are stored, as `entries`.
///
/// Invariant: `entries.len() == bitmap.count_ones()`, and `entries` is in bit order: the entry of
/// bit `b` is at index `bitmap_index(bitmap, b)`.
#[derive(Debug, Clone, PartialEq)]
pub struct BitmapNode<V> {
    pub bitmap: u32,
    pub entries: Vec<Entry<V>>,
}

/// The slot number (0..=31) of `hash` at the level that starts at bit `shift`.
pub fn mask(hash: u32, shift: u32) -> u32 {
    (hash >> shift) & 0x1f
}

/// The bit of `bitmap` that stands for `hash`'s slot at this level.
pub fn bitpos(hash: u32, shift: u32) -> u32 {
    1 << mask(hash, shift)
}

/// Where the entry for `bit` lives in the packed `entries` vector (exercise 01).
pub fn bitmap_index(bitmap: u32, bit: u32) -> usize {
    (bitmap & (bit - 1)).count_ones() as usize
}

impl<V: Clone> BitmapNode<V> {
    /// A node with no entries: the root of an empty map.
    pub fn empty() -> Self {
        BitmapNode {
            bitmap: 0,
            entries: Vec::new(),
        }
    }

    /// The value stored for `key`, walking down from this node at level `shift`.
    pub fn find(&self, shift: u32, key: u32) -> Option<&V> {
        let bit = bitpos(key, shift);
        if self.bitmap & bit == 0 {
            return None;
        }
        match &self.entries[bitmap_index(self.bitmap, bit)] {
            Entry::Leaf(k, v) => (*k == key).then_some(v),
            Entry::Child(child) => child.find(shift + BITS_PER_LEVEL, key),
        }
    }

    /// How many keys this node and its children hold.
    pub fn len(&self) -> usize {
        self.entries
            .iter()
            .map(|entry| match entry {
                Entry::Leaf(..) => 1,
                Entry::Child(child) => child.len(),
            })
            .sum()
    }

    /// True when the node holds no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A new node at level `shift` holding two pairs whose keys differ. Used when a new key
    /// lands on a slot that already holds a different key: both move one level down.
    ///
    /// If the keys still share a slot at this level, the result is a chain of one-slot nodes
    /// down to the first level where they differ.
    pub fn two_pairs(shift: u32, key1: u32, value1: V, key2: u32, value2: V) -> Self {
        assert_ne!(key1, key2, "two_pairs needs two different keys");
        let (bit1, bit2) = (bitpos(key1, shift), bitpos(key2, shift));
        if bit1 == bit2 {
            let child = Self::two_pairs(shift + BITS_PER_LEVEL, key1, value1, key2, value2);
            return BitmapNode {
                bitmap: bit1,
                entries: vec![Entry::Child(Arc::new(child))],
            };
        }
        let (first, second) = (Entry::Leaf(key1, value1), Entry::Leaf(key2, value2));
        let entries = if bit1 < bit2 {
            vec![first, second]
        } else {
            vec![second, first]
        };
        BitmapNode {
            bitmap: bit1 | bit2,
            entries,
        }
    }

    /// A new node that is this one with `key` set to `value`, at level `shift` (0 for the
    /// root). `self` is left unchanged; every child that the insert does not go through is
    /// shared with the result (same `Arc`).
    ///
    /// There are four cases, depending on the slot for `key` at this level:
    ///
    /// 1. the slot is empty: copy the entries, inserting `Entry::Leaf(key, value)` at the
    ///    right index, and set the bit in the bitmap;
    /// 2. the slot holds `key` itself: copy the entries with the value replaced;
    /// 3. the slot holds another key: replace that pair by a child made with
    ///    [`BitmapNode::two_pairs`] at the next level;
    /// 4. the slot holds a child: insert into the child (recursively, one level down), and
    ///    copy the entries with the new child in place of the old one.
    pub fn assoc(&self, shift: u32, key: u32, value: V) -> Self {
        let _ = (shift, key, value);
        todo!("return a new node with `key` set; see the four cases above")
    }
}
