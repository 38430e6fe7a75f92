//! The tree's nodes: CPython's three node kinds and lookup (`hamt_node_find`).
//!
//! Layout choices, each one allocation per node:
//!
//! * A Bitmap node is an `Arc<[Entry]>`; its 32-bit bitmap lives beside the pointer
//!   in [`Node::Bitmap`], so the entries are reached with one indirection. An entry
//!   is either a key/value pair or a child node (CPython's NULL key slot). A node a
//!   `Mutation` grows may end in [`Entry::Spare`] slots (its capacity is rounded up
//!   to a power of two) so that later keys fill it in place instead of copying it;
//!   the live entries are always the first `bitmap.count_ones()` ones ([`live`]). Like
//!   CPython, pairs do not cache their hash: with 8-byte keys and values a pair
//!   then fits the same 24 bytes as a child pointer, and the rare places that need
//!   a stored key's hash (splitting a slot, building an Array node) recompute it.
//! * An Array node is an `Arc<ArrayNode>`: 32 optional children and their count.
//! * A Collision node is an `Arc<[(K, V)]>` plus the shared folded hash.
//!
//! Nodes are immutable once shared. Updates copy a node only when its `Arc` is
//! shared (see [`crate::assoc`]); a node owned by nothing else (one a `Mutation`
//! made) is edited in place.

use std::borrow::Borrow;
use std::sync::Arc;

use crate::event::{NodeId, NodeKind};
use crate::hash::mask;

/// Most entries a Bitmap node holds; a 17th slot turns it into an Array node.
pub(crate) const BITMAP_MAX: usize = 16;
/// Children of an Array node (`HAMT_ARRAY_NODE_SIZE`).
pub(crate) const ARRAY_SIZE: usize = 32;

/// A tree node. Cloning clones the `Arc` (O(1)).
#[derive(Debug)]
pub(crate) enum Node<K, V> {
    /// Invariant: the first `bitmap.count_ones()` entries are the live ones, in bit
    /// order, at most 16; any entries after them are [`Entry::Spare`] (only nodes a
    /// `Mutation` grew have those). Only the root may be empty.
    Bitmap {
        bitmap: u32,
        entries: Arc<[Entry<K, V>]>,
    },
    /// Invariant: `count` equals the number of `Some` slots, and is >= 16.
    Array(Arc<ArrayNode<K, V>>),
    /// Invariant: at least 2 entries, all with folded hash `hash`, keys distinct.
    Collision { hash: u32, entries: Arc<[(K, V)]> },
}

impl<K, V> Clone for Node<K, V> {
    #[inline]
    fn clone(&self) -> Self {
        match self {
            Node::Bitmap { bitmap, entries } => Node::Bitmap {
                bitmap: *bitmap,
                entries: Arc::clone(entries),
            },
            Node::Array(array) => Node::Array(Arc::clone(array)),
            Node::Collision { hash, entries } => Node::Collision {
                hash: *hash,
                entries: Arc::clone(entries),
            },
        }
    }
}

/// One slot of a Bitmap node.
#[derive(Debug, Clone)]
pub(crate) enum Entry<K, V> {
    /// A key/value pair.
    Leaf { key: K, value: V },
    /// A deeper level (CPython: a NULL key, the value slot pointing to a node).
    Child(Node<K, V>),
    /// Unused capacity after the live entries of a node a `Mutation` grew: the
    /// next key added to that node takes it without reallocating. Never live.
    Spare,
}

/// The live entries of a Bitmap node: the first `bitmap.count_ones()`, without the
/// trailing [`Entry::Spare`] capacity.
#[inline(always)]
pub(crate) fn live<K, V>(bitmap: u32, entries: &[Entry<K, V>]) -> &[Entry<K, V>] {
    entries
        .get(..bitmap.count_ones() as usize)
        .unwrap_or(entries)
}

/// [`live`], mutably.
#[inline(always)]
pub(crate) fn live_mut<K, V>(bitmap: u32, entries: &mut [Entry<K, V>]) -> &mut [Entry<K, V>] {
    let n = (bitmap.count_ones() as usize).min(entries.len());
    &mut entries[..n]
}

/// The 32 children of an Array node.
#[derive(Debug, Clone)]
pub(crate) struct ArrayNode<K, V> {
    pub(crate) count: usize,
    pub(crate) slots: [Option<Node<K, V>>; ARRAY_SIZE],
}

impl<K, V> ArrayNode<K, V> {
    pub(crate) fn empty() -> Self {
        ArrayNode {
            count: 0,
            slots: std::array::from_fn(|_| None),
        }
    }
}

/// Index of `bit`'s slot in a Bitmap node's entries (`hamt_bitindex`).
#[inline(always)]
pub(crate) fn bit_index(bitmap: u32, bit: u32) -> usize {
    (bitmap & bit.wrapping_sub(1)).count_ones() as usize
}

/// The address of an `Arc`'s allocation, as a [`NodeId`].
#[inline]
pub(crate) fn arc_id<T: ?Sized>(arc: &Arc<T>) -> NodeId {
    NodeId(Arc::as_ptr(arc).cast::<()>() as usize)
}

impl<K, V> Node<K, V> {
    /// A Bitmap node with no entries: the root of an empty map.
    pub(crate) fn empty() -> Self {
        Node::Bitmap {
            bitmap: 0,
            entries: Arc::from(Vec::new()),
        }
    }

    /// A Bitmap node holding one pair, at level `shift`, with `spare` slots of
    /// room to grow (see [`Entry::Spare`]; zero outside a `Mutation`).
    pub(crate) fn single(shift: u32, hash: u32, key: K, value: V, spare: usize) -> Self {
        let bit = 1 << mask(hash, shift);
        if spare == 0 {
            return Self::single_bit(bit, key, value);
        }
        let leaf = Entry::Leaf { key, value };
        let spares = std::iter::repeat_with(|| Entry::Spare).take(spare);
        Node::Bitmap {
            bitmap: bit,
            entries: std::iter::once(leaf).chain(spares).collect(),
        }
    }

    /// A Bitmap node holding one pair in slot `bit` (a single set bit).
    pub(crate) fn single_bit(bit: u32, key: K, value: V) -> Self {
        Node::Bitmap {
            bitmap: bit,
            entries: Arc::from([Entry::Leaf { key, value }]),
        }
    }

    pub(crate) fn id(&self) -> NodeId {
        match self {
            Node::Bitmap { entries, .. } => arc_id(entries),
            Node::Array(array) => arc_id(array),
            Node::Collision { entries, .. } => arc_id(entries),
        }
    }

    pub(crate) fn kind(&self) -> NodeKind {
        match self {
            Node::Bitmap { .. } => NodeKind::Bitmap,
            Node::Array(_) => NodeKind::Array,
            Node::Collision { .. } => NodeKind::Collision,
        }
    }

    /// Heap bytes of this node alone: the `Arc` header (two counters) plus payload.
    /// Heap memory owned by keys and values themselves is not included.
    pub(crate) fn heap_bytes(&self) -> usize {
        let header = 2 * std::mem::size_of::<usize>();
        header
            + match self {
                Node::Bitmap { entries, .. } => std::mem::size_of_val::<[Entry<K, V>]>(entries),
                Node::Array(_) => std::mem::size_of::<ArrayNode<K, V>>(),
                Node::Collision { entries, .. } => std::mem::size_of_val::<[(K, V)]>(entries),
            }
    }

    /// If this is a Bitmap node holding exactly one pair, that pair.
    pub(crate) fn as_single_leaf(&self) -> Option<&Entry<K, V>> {
        match self {
            Node::Bitmap { bitmap, entries } if bitmap.count_ones() == 1 => {
                entries.first().filter(|e| matches!(e, Entry::Leaf { .. }))
            }
            _ => None,
        }
    }

    /// Lookup (`hamt_node_find`): walk down by 5-bit chunks; no allocation.
    #[inline]
    pub(crate) fn find<Q>(&self, hash: u32, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let mut node = self;
        let mut shift = 0u32;
        loop {
            match node {
                Node::Bitmap { bitmap, entries } => {
                    let bit = 1u32 << mask(hash, shift);
                    if bitmap & bit == 0 {
                        return None;
                    }
                    match entries.get(bit_index(*bitmap, bit))? {
                        Entry::Leaf { key: k, value } => {
                            return (k.borrow() == key).then_some((k, value));
                        }
                        Entry::Child(child) => node = child,
                        Entry::Spare => return None,
                    }
                }
                Node::Array(array) => match &array.slots[mask(hash, shift) as usize] {
                    Some(child) => node = child,
                    None => return None,
                },
                Node::Collision { hash: h, entries } => {
                    if *h != hash {
                        return None;
                    }
                    let (k, v) = entries.iter().find(|(k, _)| k.borrow() == key)?;
                    return Some((k, v));
                }
            }
            shift += 5;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout the memory budget relies on: a pair of 8-byte key and value fits
    /// in the same 24 bytes as a child pointer.
    #[test]
    fn entry_sizes() {
        assert_eq!(std::mem::size_of::<Node<u64, u64>>(), 24);
        assert_eq!(std::mem::size_of::<Entry<u64, u64>>(), 24);
        assert_eq!(std::mem::size_of::<Option<Node<u64, u64>>>(), 24);
    }
}
