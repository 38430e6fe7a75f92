//! The invariant checker: [`Hamt::debug_check`] walks the whole tree and reports
//! the first broken rule. Tests call it after every update; it is public so
//! learners can break things on purpose and see which rule they broke.

use crate::event::NodeId;
use crate::hash::{fold, mask, KeyHasher};
use crate::map::Hamt;
use crate::node::{Entry, Node, ARRAY_SIZE, BITMAP_MAX};

/// A broken tree invariant, naming the node (by id) where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvariantError {
    /// A Bitmap node's popcount differs from its number of entries.
    #[error("bitmap node {node}: popcount {popcount} but {entries} entries")]
    BitmapCount {
        /// The node.
        node: NodeId,
        /// `bitmap.count_ones()`.
        popcount: usize,
        /// Entries stored.
        entries: usize,
    },
    /// A Bitmap node with more than 16 entries.
    #[error("bitmap node {node}: {entries} entries, more than 16")]
    BitmapTooBig {
        /// The node.
        node: NodeId,
        /// Entries stored.
        entries: usize,
    },
    /// An empty node below the root.
    #[error("node {node}: empty below the root")]
    EmptyNode {
        /// The node.
        node: NodeId,
    },
    /// A one-pair Bitmap node directly under a Bitmap node (it should have been
    /// pulled up into its parent).
    #[error("bitmap node {node}: a lone key/value pair under a bitmap node")]
    LonePair {
        /// The node.
        node: NodeId,
    },
    /// An Array node whose `count` is wrong or below 16.
    #[error("array node {node}: count {count}, {children} children")]
    ArrayCount {
        /// The node.
        node: NodeId,
        /// The stored count.
        count: usize,
        /// Children present.
        children: usize,
    },
    /// A Collision node with fewer than two entries, duplicate keys, or a key whose
    /// hash differs from the node's.
    #[error("collision node {node}: {reason}")]
    Collision {
        /// The node.
        node: NodeId,
        /// What is wrong.
        reason: &'static str,
    },
    /// A key stored where its hash chunks do not lead (or in a Collision node of
    /// another hash).
    #[error("node {node}: a key is misplaced (level {level})")]
    Misplaced {
        /// The node.
        node: NodeId,
        /// The level at which the chunk does not match.
        level: u32,
    },
    /// The number of pairs in the tree differs from `len()`.
    #[error("len() is {len} but the tree holds {found} pairs")]
    Len {
        /// `len()`.
        len: usize,
        /// Pairs found.
        found: usize,
    },
}

/// Walk state: the chunks every key below must have (one per ancestor level).
struct Checker<'h, H> {
    hasher: &'h H,
    path: Vec<u32>,
    pairs: usize,
}

impl<H> Checker<'_, H> {
    /// The key's hash chunks match the slots leading to it; for a Collision node,
    /// its hash is also the node's.
    fn placed<K>(&self, node: NodeId, key: &K, node_hash: Option<u32>) -> Result<(), InvariantError>
    where
        H: KeyHasher<K>,
    {
        let hash = fold(self.hasher.hash_key(key));
        if node_hash.is_some_and(|h| h != hash) {
            let level = self.path.len() as u32;
            return Err(InvariantError::Misplaced { node, level });
        }
        for (level, chunk) in self.path.iter().enumerate() {
            if mask(hash, 5 * level as u32) != *chunk {
                let level = level as u32;
                return Err(InvariantError::Misplaced { node, level });
            }
        }
        Ok(())
    }

    fn node<K: Eq, V>(
        &mut self,
        node: &Node<K, V>,
        under_bitmap: bool,
    ) -> Result<(), InvariantError>
    where
        H: KeyHasher<K>,
    {
        let id = node.id();
        let root = self.path.is_empty();
        match node {
            Node::Bitmap { bitmap, entries } => {
                // Spare capacity may only follow the live entries (see `node::live`).
                let popcount = bitmap.count_ones() as usize;
                let n = entries
                    .iter()
                    .filter(|e| !matches!(e, Entry::Spare))
                    .count();
                let packed = entries.iter().take(n).all(|e| !matches!(e, Entry::Spare));
                if popcount != n || !packed {
                    return Err(InvariantError::BitmapCount {
                        node: id,
                        popcount,
                        entries: n,
                    });
                }
                if n > BITMAP_MAX {
                    return Err(InvariantError::BitmapTooBig {
                        node: id,
                        entries: n,
                    });
                }
                if n == 0 && !root {
                    return Err(InvariantError::EmptyNode { node: id });
                }
                if under_bitmap && node.as_single_leaf().is_some() {
                    return Err(InvariantError::LonePair { node: id });
                }
                let bits = (0..32u32).filter(|b| bitmap & (1 << b) != 0);
                for (bit, entry) in bits.zip(entries.iter()) {
                    self.path.push(bit);
                    match entry {
                        Entry::Leaf { key, .. } => {
                            self.placed(id, key, None)?;
                            self.pairs += 1;
                        }
                        Entry::Child(child) => self.node(child, true)?,
                        Entry::Spare => {}
                    }
                    self.path.pop();
                }
            }
            Node::Array(array) => {
                let children = array.slots.iter().flatten().count();
                if children != array.count || children < BITMAP_MAX {
                    let count = array.count;
                    return Err(InvariantError::ArrayCount {
                        node: id,
                        count,
                        children,
                    });
                }
                for slot in 0..ARRAY_SIZE {
                    if let Some(child) = &array.slots[slot] {
                        self.path.push(slot as u32);
                        self.node(child, false)?;
                        self.path.pop();
                    }
                }
            }
            Node::Collision { hash, entries } => {
                let reason = if entries.len() < 2 {
                    Some("fewer than 2 entries")
                } else if entries
                    .iter()
                    .enumerate()
                    .any(|(i, (k, _))| entries[..i].iter().any(|(k2, _)| k2 == k))
                {
                    Some("duplicate keys")
                } else {
                    None
                };
                if let Some(reason) = reason {
                    return Err(InvariantError::Collision { node: id, reason });
                }
                for (key, _) in entries.iter() {
                    self.placed(id, key, Some(*hash))?;
                    self.pairs += 1;
                }
            }
        }
        Ok(())
    }
}

impl<K: Eq, V, H: KeyHasher<K>> Hamt<K, V, H> {
    /// Check every structural invariant (bitmap popcounts, node sizes, no empty
    /// or lone-pair nodes below the root, array counts, collision nodes with two
    /// or more distinct keys of one hash, every key's hash chunks matching its
    /// position, and `len()`). O(n).
    pub fn debug_check(&self) -> Result<(), InvariantError> {
        let mut checker = Checker {
            hasher: &self.hasher,
            path: Vec::new(),
            pairs: 0,
        };
        checker.node(&self.root, false)?;
        if checker.pairs != self.len {
            return Err(InvariantError::Len {
                len: self.len,
                found: checker.pairs,
            });
        }
        Ok(())
    }
}
