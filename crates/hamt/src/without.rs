//! Delete (`hamt_node_without` and friends): remove a key, copying only the path.
//!
//! Deletion works bottom-up on shared nodes: each level returns what became of its
//! subtree ([`Removal`]) and the parent builds its own replacement from that, so no
//! node reachable from another map is ever modified.
//!
//! The shrinking rules follow `hamt.c`:
//! * a Bitmap node left with a single key/value pair vanishes and the pair moves up
//!   into the parent Bitmap node's slot ("pulled up"); under an Array node (or at the
//!   root) it stays a one-pair Bitmap node;
//! * a Collision node left with one pair becomes such a one-pair node (dissolved);
//! * an Array node whose child vanishes drops to a Bitmap node once it would hold
//!   15 children, inlining one-pair Bitmap children as it goes.

use std::borrow::Borrow;
use std::sync::Arc;

use crate::event::{Conversion, NodeId, NodeKind, Observer, PathStep, SlotState};
use crate::hash::mask;
use crate::node::{arc_id, bit_index, live, ArrayNode, Entry, Node, ARRAY_SIZE, BITMAP_MAX};

/// What became of a subtree after deleting a key from it (`hamt_without_t`).
pub(crate) enum Removal<K, V> {
    /// `W_NOT_FOUND`: the key was not there; nothing changed.
    NotFound,
    /// `W_EMPTY`: the subtree held only the key.
    Empty,
    /// `W_NEWNODE` with a one-pair Bitmap node: the remaining pair, not yet put in
    /// a node, because a Bitmap parent inlines it; `bit` is the slot it would take
    /// in that one-pair node, `from` the node that vanished.
    Single {
        bit: u32,
        key: K,
        value: V,
        from: NodeId,
        from_kind: NodeKind,
    },
    /// `W_NEWNODE`: the replacement subtree.
    New(Node<K, V>),
}

/// Remove `key` (folded hash `hash`) from the subtree `node` at `shift`.
pub(crate) fn without<K, V, Q, O>(
    node: &Node<K, V>,
    shift: u32,
    hash: u32,
    key: &Q,
    obs: &mut O,
) -> Removal<K, V>
where
    K: Borrow<Q> + Clone,
    V: Clone,
    Q: Eq + ?Sized,
    O: Observer,
{
    match node {
        Node::Bitmap { bitmap, entries } => without_bitmap(
            node.id(),
            *bitmap,
            live(*bitmap, entries),
            shift,
            hash,
            key,
            obs,
        ),
        Node::Array(array) => without_array(array, shift, hash, key, obs),
        Node::Collision { hash: h, entries } => {
            without_collision(node.id(), *h, entries, shift, hash, key, obs)
        }
    }
}

/// Turn a [`Removal::Single`] back into a one-pair node at `shift` (used where the
/// parent cannot inline it: under an Array node and at the root).
pub(crate) fn single_node<K, V, O: Observer>(
    removal: Removal<K, V>,
    shift: u32,
    obs: &mut O,
) -> Removal<K, V> {
    let Removal::Single {
        bit,
        key,
        value,
        from,
        from_kind,
    } = removal
    else {
        return removal;
    };
    let node = Node::single_bit(bit, key, value);
    let level = shift / 5;
    match from_kind {
        NodeKind::Bitmap => obs.copied(from, node.id(), NodeKind::Bitmap, level),
        _ => obs.created(node.id(), NodeKind::Bitmap, level),
    }
    Removal::New(node)
}

/// A Bitmap node's entries minus the one at `idx`.
fn entries_without<K: Clone, V: Clone>(entries: &[Entry<K, V>], idx: usize) -> Arc<[Entry<K, V>]> {
    // Two exact-length slices chained: `collect` allocates the `Arc` once.
    entries[..idx]
        .iter()
        .chain(&entries[idx + 1..])
        .cloned()
        .collect()
}

/// `hamt_node_bitmap_without`.
fn without_bitmap<K, V, Q, O>(
    id: NodeId,
    bitmap: u32,
    entries: &[Entry<K, V>],
    shift: u32,
    hash: u32,
    key: &Q,
    obs: &mut O,
) -> Removal<K, V>
where
    K: Borrow<Q> + Clone,
    V: Clone,
    Q: Eq + ?Sized,
    O: Observer,
{
    let bits = mask(hash, shift);
    let bit = 1u32 << bits;
    let at = Slot {
        id,
        bitmap,
        entries,
        idx: bit_index(bitmap, bit),
        bit,
        level: shift / 5,
    };
    let step = |slot| PathStep {
        level: at.level,
        shift,
        bits,
        node: id,
        kind: NodeKind::Bitmap,
        bitmap: Some(bitmap),
        index: Some(at.idx),
        slot,
    };
    let entry = if bitmap & bit == 0 {
        None
    } else {
        entries.get(at.idx)
    };
    match entry {
        // `entries` are the live ones, so a spare slot is not reached here.
        None | Some(Entry::Spare) => {
            obs.step(|| step(SlotState::Empty));
            Removal::NotFound
        }
        Some(Entry::Leaf { key: k, .. }) => {
            let same_key = k.borrow() == key;
            obs.step(|| step(SlotState::Pair { same_key }));
            if same_key {
                at.remove_pair(obs)
            } else {
                Removal::NotFound
            }
        }
        Some(Entry::Child(child)) => {
            obs.step(|| step(SlotState::Child));
            let removal = without(child, shift + 5, hash, key, obs);
            at.child_removed(removal, obs)
        }
    }
}

/// A Bitmap node and the slot a removal goes through.
struct Slot<'a, K, V> {
    id: NodeId,
    bitmap: u32,
    /// The node's live entries (without spare capacity).
    entries: &'a [Entry<K, V>],
    idx: usize,
    bit: u32,
    level: u32,
}

impl<K: Clone, V: Clone> Slot<'_, K, V> {
    /// The slot held the key: drop it. A node left with one pair vanishes
    /// (its parent takes the pair); a node left empty reports `Empty`.
    fn remove_pair<O: Observer>(&self, obs: &mut O) -> Removal<K, V> {
        if self.entries.len() == 2 {
            if let Some(Entry::Leaf { key, value }) = self.entries.get(1 - self.idx) {
                return Removal::Single {
                    bit: self.bitmap & !self.bit,
                    key: key.clone(),
                    value: value.clone(),
                    from: self.id,
                    from_kind: NodeKind::Bitmap,
                };
            }
        }
        self.shrink(obs)
    }

    /// The slot led to a child and the key was removed below: rebuild this node.
    fn child_removed<O: Observer>(&self, removal: Removal<K, V>, obs: &mut O) -> Removal<K, V> {
        match removal {
            Removal::NotFound => Removal::NotFound,
            // CPython asserts this cannot happen (no one-pair Bitmap child sits
            // under a Bitmap node); dropping the slot keeps the tree valid anyway.
            Removal::Empty => self.shrink(obs),
            Removal::Single {
                key, value, from, ..
            } => {
                let into_level = self.level;
                obs.converted(Conversion::PulledUp { from, into_level });
                if self.entries.len() == 1 {
                    // This node now holds just that pair: it vanishes as well.
                    let (bit, from, from_kind) = (self.bitmap, self.id, NodeKind::Bitmap);
                    return Removal::Single {
                        bit,
                        key,
                        value,
                        from,
                        from_kind,
                    };
                }
                self.replace(Entry::Leaf { key, value }, obs)
            }
            Removal::New(new) => self.replace(Entry::Child(new), obs),
        }
    }

    /// A copy of the node with the slot's entry replaced.
    fn replace<O: Observer>(&self, entry: Entry<K, V>, obs: &mut O) -> Removal<K, V> {
        let mut copy: Arc<[Entry<K, V>]> = self.entries.iter().cloned().collect();
        if let Some(slot) = Arc::get_mut(&mut copy).and_then(|c| c.get_mut(self.idx)) {
            *slot = entry;
        }
        let new = Node::Bitmap {
            bitmap: self.bitmap,
            entries: copy,
        };
        obs.copied(self.id, new.id(), NodeKind::Bitmap, self.level);
        Removal::New(new)
    }

    /// A copy of the node without the slot (or `Empty` if it was the only one).
    fn shrink<O: Observer>(&self, obs: &mut O) -> Removal<K, V> {
        if self.entries.len() == 1 {
            return Removal::Empty;
        }
        let new = Node::Bitmap {
            bitmap: self.bitmap & !self.bit,
            entries: entries_without(self.entries, self.idx),
        };
        obs.copied(self.id, new.id(), NodeKind::Bitmap, self.level);
        Removal::New(new)
    }
}

/// `hamt_node_array_without`.
fn without_array<K, V, Q, O>(
    array: &Arc<ArrayNode<K, V>>,
    shift: u32,
    hash: u32,
    key: &Q,
    obs: &mut O,
) -> Removal<K, V>
where
    K: Borrow<Q> + Clone,
    V: Clone,
    Q: Eq + ?Sized,
    O: Observer,
{
    let level = shift / 5;
    let bits = mask(hash, shift);
    let slot = bits as usize;
    let id = arc_id(array);
    let child = array.slots[slot].as_ref();
    obs.step(|| PathStep {
        level,
        shift,
        bits,
        node: id,
        kind: NodeKind::Array,
        bitmap: None,
        index: Some(slot),
        slot: if child.is_some() {
            SlotState::Child
        } else {
            SlotState::Empty
        },
    });
    let Some(child) = child else {
        return Removal::NotFound;
    };
    let replaced = |new: Option<Node<K, V>>, obs: &mut O| {
        let mut copy = ArrayNode::clone(array);
        if new.is_none() {
            copy.count -= 1;
        }
        copy.slots[slot] = new;
        let copy = Arc::new(copy);
        obs.copied(id, arc_id(&copy), NodeKind::Array, level);
        Removal::New(Node::Array(copy))
    };
    match single_node(without(child, shift + 5, hash, key, obs), shift + 5, obs) {
        Removal::NotFound => Removal::NotFound,
        Removal::New(new) => replaced(Some(new), obs),
        Removal::Single { .. } => Removal::NotFound,
        Removal::Empty => match array.count - 1 {
            0 => Removal::Empty,
            n if n >= BITMAP_MAX => replaced(None, obs),
            _ => Removal::New(array_to_bitmap(array, slot, level, obs)),
        },
    }
}

/// The shrinking branch of `hamt_node_array_without`: the Array node minus slot
/// `gone` becomes a Bitmap node; one-pair Bitmap children are inlined as pairs.
fn array_to_bitmap<K, V, O>(
    array: &Arc<ArrayNode<K, V>>,
    gone: usize,
    level: u32,
    obs: &mut O,
) -> Node<K, V>
where
    K: Clone,
    V: Clone,
    O: Observer,
{
    let mut bitmap = 0u32;
    let mut entries = Vec::with_capacity(array.count.saturating_sub(1));
    for i in (0..ARRAY_SIZE).filter(|i| *i != gone) {
        let Some(child) = &array.slots[i] else {
            continue;
        };
        bitmap |= 1 << i;
        entries.push(match child.as_single_leaf() {
            Some(leaf) => leaf.clone(),
            None => Entry::Child(child.clone()),
        });
    }
    let new = Node::Bitmap {
        bitmap,
        entries: Arc::from(entries),
    };
    obs.created(new.id(), NodeKind::Bitmap, level);
    obs.converted(Conversion::ArrayToBitmap {
        old: arc_id(array),
        new: new.id(),
        level,
    });
    new
}

/// `hamt_node_collision_without`.
fn without_collision<K, V, Q, O>(
    id: NodeId,
    node_hash: u32,
    entries: &Arc<[(K, V)]>,
    shift: u32,
    hash: u32,
    key: &Q,
    obs: &mut O,
) -> Removal<K, V>
where
    K: Borrow<Q> + Clone,
    V: Clone,
    Q: Eq + ?Sized,
    O: Observer,
{
    let level = shift / 5;
    let same_hash = node_hash == hash;
    let found = if same_hash {
        entries.iter().position(|(k, _)| k.borrow() == key)
    } else {
        None
    };
    obs.step(|| PathStep {
        level,
        shift,
        bits: mask(hash, shift),
        node: id,
        kind: NodeKind::Collision,
        bitmap: None,
        index: found,
        slot: SlotState::Collision {
            found: found.is_some(),
            same_hash,
        },
    });
    let Some(idx) = found else {
        return Removal::NotFound;
    };
    match entries.len() {
        1 => Removal::Empty,
        2 => {
            let (key, value) = entries[1 - idx].clone();
            obs.converted(Conversion::CollisionDissolved { old: id, level });
            Removal::Single {
                bit: 1 << mask(node_hash, shift),
                key,
                value,
                from: id,
                from_kind: NodeKind::Collision,
            }
        }
        _ => {
            let kept = entries[..idx].iter().chain(&entries[idx + 1..]);
            let new = Node::Collision {
                hash: node_hash,
                entries: kept.cloned().collect(),
            };
            obs.copied(id, new.id(), NodeKind::Collision, level);
            Removal::New(new)
        }
    }
}
