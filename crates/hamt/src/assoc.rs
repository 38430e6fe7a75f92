//! Insert (`hamt_node_assoc` and friends): set a key, copying only the path.
//!
//! One function per node kind, each taking the node by `&mut`: a node whose `Arc`
//! is shared with another tree is first copied ("path copying"), a node owned by
//! nothing else (made earlier by the same `Mutation`) is edited in place. A
//! persistent `insert` starts from a clone of the root, so every node it reaches
//! is shared and gets copied exactly once: the same nodes CPython allocates.
//!
//! The decisions follow `hamt.c` one for one, so int keys build CPython's trees:
//! a Bitmap node that needs a 17th slot becomes an Array node whose children are
//! one-pair Bitmap nodes; two keys meeting in one slot are pushed into a new node
//! one level down (a Collision node if their folded hashes are equal); a key with
//! a different hash reaching a Collision node wraps it in a new Bitmap node.

use std::sync::Arc;

use crate::event::{Conversion, NodeId, NodeKind, Observer, PathStep, SlotState};
use crate::hash::{fold, mask, KeyHasher};
use crate::node::{arc_id, bit_index, ArrayNode, Entry, Node, BITMAP_MAX};

/// What an insert did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Assoc {
    Added,
    Replaced,
    Unchanged,
}

/// The pair being inserted, with its folded hash.
pub(crate) struct NewPair<K, V> {
    pub(crate) hash: u32,
    pub(crate) key: K,
    pub(crate) value: V,
}

/// Make the entries of a node uniquely ours, copying them if they are shared.
///
/// `Arc::make_mut` tests uniqueness once (one atomic operation) and copies only
/// when another owner exists; a copy shows as a changed data address, which is
/// exactly the node id ([`arc_id`] is the data address too).
fn own<'a, T: Clone, O: Observer>(
    arc: &'a mut Arc<[T]>,
    kind: NodeKind,
    level: u32,
    obs: &mut O,
) -> &'a mut [T] {
    let old = arc_id(arc);
    let entries = Arc::make_mut(arc);
    let new = NodeId(entries.as_ptr() as usize);
    if new != old {
        obs.copied(old, new, kind, level);
    }
    entries
}

/// Set `pair` in the subtree `node` at level `shift / 5` (`hamt_node_assoc`).
/// `hasher` recomputes the hash of a stored key where `hamt.c` does (`hamt_hash`).
pub(crate) fn assoc<K, V, H, O>(
    node: &mut Node<K, V>,
    shift: u32,
    pair: NewPair<K, V>,
    cx: &mut Cx<'_, H, O>,
) -> Assoc
where
    K: Eq + Clone,
    V: PartialEq + Clone,
    H: KeyHasher<K>,
    O: Observer,
{
    match node {
        Node::Bitmap { .. } => assoc_bitmap(node, shift, pair, cx),
        Node::Array(array) => assoc_array(array, shift, pair, cx),
        Node::Collision { .. } => assoc_collision(node, shift, pair, cx),
    }
}

/// What every level of an insert needs besides the node: the map's hasher (to
/// rehash stored keys) and the observer.
pub(crate) struct Cx<'a, H, O> {
    pub(crate) hasher: &'a H,
    pub(crate) obs: &'a mut O,
}

impl<H, O> Cx<'_, H, O> {
    fn hash_of<K>(&self, key: &K) -> u32
    where
        H: KeyHasher<K>,
    {
        fold(self.hasher.hash_key(key))
    }
}

/// `hamt_node_bitmap_assoc`.
fn assoc_bitmap<K, V, H, O>(
    node: &mut Node<K, V>,
    shift: u32,
    pair: NewPair<K, V>,
    cx: &mut Cx<'_, H, O>,
) -> Assoc
where
    K: Eq + Clone,
    V: PartialEq + Clone,
    H: KeyHasher<K>,
    O: Observer,
{
    let id = node.id();
    let Node::Bitmap { bitmap, entries } = node else {
        return Assoc::Unchanged;
    };
    let level = shift / 5;
    let bits = mask(pair.hash, shift);
    let bit = 1u32 << bits;
    let idx = bit_index(*bitmap, bit);
    let step = |slot| PathStep {
        level,
        shift,
        bits,
        node: id,
        kind: NodeKind::Bitmap,
        bitmap: Some(*bitmap),
        index: Some(idx),
        slot,
    };
    if *bitmap & bit == 0 {
        cx.obs.step(|| step(SlotState::Empty));
        if entries.len() >= BITMAP_MAX {
            *node = bitmap_to_array(node, shift, pair, cx);
            return Assoc::Added;
        }
        *entries = with_pair_at(entries, idx, pair);
        *bitmap |= bit;
        cx.obs.copied(id, arc_id(entries), NodeKind::Bitmap, level);
        return Assoc::Added;
    }
    let Some(existing) = entries.get(idx) else {
        return Assoc::Unchanged;
    };
    match existing {
        Entry::Child(_) => {
            cx.obs.step(|| step(SlotState::Child));
            let entries = own(entries, NodeKind::Bitmap, level, cx.obs);
            match &mut entries[idx] {
                Entry::Child(child) => assoc(child, shift + 5, pair, cx),
                Entry::Leaf { .. } => Assoc::Unchanged,
            }
        }
        Entry::Leaf { key, value } if *key == pair.key => {
            cx.obs.step(|| step(SlotState::Pair { same_key: true }));
            if *value == pair.value {
                return Assoc::Unchanged;
            }
            if let Entry::Leaf { value, .. } =
                &mut own(entries, NodeKind::Bitmap, level, cx.obs)[idx]
            {
                *value = pair.value;
            }
            Assoc::Replaced
        }
        Entry::Leaf { key, value } => {
            cx.obs.step(|| step(SlotState::Pair { same_key: false }));
            let old = NewPair {
                hash: cx.hash_of(key),
                key: key.clone(),
                value: value.clone(),
            };
            let sub = push_down(shift + 5, old, pair, cx.obs);
            own(entries, NodeKind::Bitmap, level, cx.obs)[idx] = Entry::Child(sub);
            Assoc::Added
        }
    }
}

/// A Bitmap node's entries with `pair` inserted at index `idx`.
fn with_pair_at<K: Clone, V: Clone>(
    entries: &[Entry<K, V>],
    idx: usize,
    pair: NewPair<K, V>,
) -> Arc<[Entry<K, V>]> {
    let leaf = Entry::Leaf {
        key: pair.key,
        value: pair.value,
    };
    // Chained slice iterators have an exact length: one allocation, no Vec.
    let (before, after) = entries.split_at(idx);
    let grown = before.iter().cloned().chain(std::iter::once(leaf));
    grown.chain(after.iter().cloned()).collect()
}

/// Two keys met in one slot at `shift - 5`: move both into a new node at `shift`
/// and report which conversion that was.
fn push_down<K, V, O: Observer>(
    shift: u32,
    old: NewPair<K, V>,
    new: NewPair<K, V>,
    obs: &mut O,
) -> Node<K, V> {
    let sub = bitmap_or_collision(shift, old, new, obs);
    let (id, level) = (sub.id(), shift / 5);
    obs.converted(match sub {
        Node::Collision { .. } => Conversion::PairToCollision { new: id, level },
        _ => Conversion::PairPushedDown { new: id, level },
    });
    sub
}

/// `hamt_node_new_bitmap_or_collision`: one new node at `shift` holding two pairs
/// that met in the same slot one level up.
fn bitmap_or_collision<K, V, O: Observer>(
    shift: u32,
    a: NewPair<K, V>,
    b: NewPair<K, V>,
    obs: &mut O,
) -> Node<K, V> {
    let level = shift / 5;
    if a.hash == b.hash {
        let node = Node::Collision {
            hash: a.hash,
            entries: Arc::from([(a.key, a.value), (b.key, b.value)]),
        };
        obs.created(node.id(), NodeKind::Collision, level);
        return node;
    }
    let (ca, cb) = (mask(a.hash, shift), mask(b.hash, shift));
    let node = if ca == cb {
        // Same chunk here too: the pair goes one more level down.
        let child = bitmap_or_collision(shift + 5, a, b, obs);
        Node::Bitmap {
            bitmap: 1 << ca,
            entries: Arc::from([Entry::Child(child)]),
        }
    } else {
        let (first, second) = if ca < cb { (a, b) } else { (b, a) };
        let leaf = |p: NewPair<K, V>| Entry::Leaf {
            key: p.key,
            value: p.value,
        };
        Node::Bitmap {
            bitmap: (1 << ca) | (1 << cb),
            entries: Arc::from([leaf(first), leaf(second)]),
        }
    };
    obs.created(node.id(), NodeKind::Bitmap, level);
    node
}

/// The `n >= 16` branch of `hamt_node_bitmap_assoc`: the full Bitmap node becomes
/// an Array node; each of its pairs (and the new one) moves into its own one-pair
/// Bitmap node one level down, child nodes move over as they are.
fn bitmap_to_array<K, V, H, O>(
    node: &Node<K, V>,
    shift: u32,
    pair: NewPair<K, V>,
    cx: &mut Cx<'_, H, O>,
) -> Node<K, V>
where
    K: Clone,
    V: Clone,
    H: KeyHasher<K>,
    O: Observer,
{
    let level = shift / 5;
    let mut array = ArrayNode::empty();
    let single = |p: NewPair<K, V>, obs: &mut O| {
        let child = Node::single(shift + 5, p.hash, p.key, p.value);
        obs.created(child.id(), NodeKind::Bitmap, level + 1);
        child
    };
    let jdx = mask(pair.hash, shift) as usize;
    array.slots[jdx] = Some(single(pair, cx.obs));
    if let Node::Bitmap { bitmap, entries } = node {
        let slots = (0..32).filter(|i| bitmap & (1 << i) != 0);
        for (slot, entry) in slots.zip(entries.iter()) {
            array.slots[slot] = Some(match entry {
                Entry::Child(child) => child.clone(),
                // hamt.c rehashes each stored key here (`hamt_hash`).
                Entry::Leaf { key, value } => single(
                    NewPair {
                        hash: cx.hash_of(key),
                        key: key.clone(),
                        value: value.clone(),
                    },
                    cx.obs,
                ),
            });
        }
        array.count = entries.len() + 1;
    }
    let new = Node::Array(Arc::new(array));
    cx.obs.created(new.id(), NodeKind::Array, level);
    cx.obs.converted(Conversion::BitmapToArray {
        old: node.id(),
        new: new.id(),
        level,
    });
    new
}

/// `hamt_node_array_assoc`.
fn assoc_array<K, V, H, O>(
    array: &mut Arc<ArrayNode<K, V>>,
    shift: u32,
    pair: NewPair<K, V>,
    cx: &mut Cx<'_, H, O>,
) -> Assoc
where
    K: Eq + Clone,
    V: PartialEq + Clone,
    H: KeyHasher<K>,
    O: Observer,
{
    let level = shift / 5;
    let bits = mask(pair.hash, shift);
    let slot = bits as usize;
    let id = arc_id(array);
    let occupied = array.slots[slot].is_some();
    cx.obs.step(|| PathStep {
        level,
        shift,
        bits,
        node: id,
        kind: NodeKind::Array,
        bitmap: None,
        index: Some(slot),
        slot: if occupied {
            SlotState::Child
        } else {
            SlotState::Empty
        },
    });
    // One uniqueness test; a copy shows as a new address (see `own`).
    let array = Arc::make_mut(array);
    let new = NodeId(std::ptr::from_ref::<ArrayNode<K, V>>(array) as usize);
    if new != id {
        cx.obs.copied(id, new, NodeKind::Array, level);
    }
    match &mut array.slots[slot] {
        Some(child) => assoc(child, shift + 5, pair, cx),
        empty @ None => {
            let child = Node::single(shift + 5, pair.hash, pair.key, pair.value);
            cx.obs.created(child.id(), NodeKind::Bitmap, level + 1);
            *empty = Some(child);
            array.count += 1;
            Assoc::Added
        }
    }
}

/// `hamt_node_collision_assoc`.
fn assoc_collision<K, V, H, O>(
    node: &mut Node<K, V>,
    shift: u32,
    pair: NewPair<K, V>,
    cx: &mut Cx<'_, H, O>,
) -> Assoc
where
    K: Eq + Clone,
    V: PartialEq + Clone,
    H: KeyHasher<K>,
    O: Observer,
{
    let id = node.id();
    let Node::Collision { hash, entries } = node else {
        return Assoc::Unchanged;
    };
    let level = shift / 5;
    let same_hash = *hash == pair.hash;
    let found = if same_hash {
        entries.iter().position(|(k, _)| *k == pair.key)
    } else {
        None
    };
    cx.obs.step(|| PathStep {
        level,
        shift,
        bits: mask(pair.hash, shift),
        node: id,
        kind: NodeKind::Collision,
        bitmap: None,
        index: found,
        slot: SlotState::Collision {
            found: found.is_some(),
            same_hash,
        },
    });
    if !same_hash {
        *node = wrap_collision(node, shift, pair, cx);
        return Assoc::Added;
    }
    match found {
        Some(i) if entries[i].1 == pair.value => Assoc::Unchanged,
        Some(i) => {
            own(entries, NodeKind::Collision, level, cx.obs)[i].1 = pair.value;
            Assoc::Replaced
        }
        None => {
            let grown = entries
                .iter()
                .cloned()
                .chain(std::iter::once((pair.key, pair.value)));
            *entries = grown.collect();
            cx.obs
                .copied(id, arc_id(entries), NodeKind::Collision, level);
            Assoc::Added
        }
    }
}

/// The "different hash" branch of `hamt_node_collision_assoc`: a new Bitmap node
/// at this level holds the Collision node as a child, and the new pair goes into
/// it (one level further down again if both take the same slot).
fn wrap_collision<K, V, H, O>(
    collision: &Node<K, V>,
    shift: u32,
    pair: NewPair<K, V>,
    cx: &mut Cx<'_, H, O>,
) -> Node<K, V>
where
    K: Eq + Clone,
    V: PartialEq + Clone,
    H: KeyHasher<K>,
    O: Observer,
{
    let Node::Collision { hash, .. } = collision else {
        return collision.clone();
    };
    let (cc, cp) = (mask(*hash, shift), mask(pair.hash, shift));
    let new = if cc == cp {
        let mut child = collision.clone();
        assoc_collision(&mut child, shift + 5, pair, cx);
        Node::Bitmap {
            bitmap: 1 << cc,
            entries: Arc::from([Entry::Child(child)]),
        }
    } else {
        let leaf = Entry::Leaf {
            key: pair.key,
            value: pair.value,
        };
        let child = Entry::Child(collision.clone());
        let entries = if cc < cp {
            [child, leaf]
        } else {
            [leaf, child]
        };
        Node::Bitmap {
            bitmap: (1 << cc) | (1 << cp),
            entries: Arc::from(entries),
        }
    };
    cx.obs.created(new.id(), NodeKind::Bitmap, shift / 5);
    cx.obs.converted(Conversion::CollisionWrapped {
        collision: collision.id(),
        new: new.id(),
        level: shift / 5,
    });
    new
}
