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
//!
//! In a `Mutation` ([`Cx::spare`]) a Bitmap node that gains a key gets its
//! capacity rounded up to a power of two (trailing [`Entry::Spare`] slots), and a
//! node the mutation owns takes later keys into those slots in place: building a
//! map then reallocates each node a few times instead of once per key. Persistent
//! updates keep every node it copies exactly sized, as CPython does.

use std::sync::Arc;

use crate::event::{Conversion, NodeId, NodeKind, Observer, PathStep, SlotState};
use crate::hash::{fold, mask, KeyHasher};
use crate::node::{arc_id, bit_index, live, live_mut, ArrayNode, Entry, Node, BITMAP_MAX};

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

/// Make a Bitmap node's entries uniquely ours, like [`own`], except that a shared
/// node with spare capacity is copied without it (only its live entries).
fn own_bitmap<'a, K: Clone, V: Clone, O: Observer>(
    arc: &'a mut Arc<[Entry<K, V>]>,
    bitmap: u32,
    level: u32,
    obs: &mut O,
) -> &'a mut [Entry<K, V>] {
    // Plain loads first: the crate never makes a `Weak`, so a count above one
    // means shared. Exactly sized nodes (all of a persistent map's) skip this.
    if arc.len() != bitmap.count_ones() as usize && Arc::strong_count(arc) != 1 {
        let old = arc_id(arc);
        *arc = live(bitmap, arc).iter().cloned().collect();
        obs.copied(old, arc_id(arc), NodeKind::Bitmap, level);
    }
    // Unique after a copy: `own` then keeps the address and reports nothing more.
    own(arc, NodeKind::Bitmap, level, obs)
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
    /// True in a `Mutation`: grow Bitmap nodes with spare capacity, in place when
    /// they are ours (see the module docs). False keeps nodes exactly sized.
    pub(crate) spare: bool,
}

/// Spare slots a one-pair node made by a `Mutation` starts with. Zero on purpose: in a large
/// map most leaves keep a single pair for good (1,000,000 sequential ints make a million one-pair
/// nodes), so pre-growing them would cost ~60% more memory than CPython's layout for a build-time
/// gain too small to measure. A node gets spare room only once it really grows.
const FIRST_SPARE: usize = 0;

impl<H, O> Cx<'_, H, O> {
    /// Spare slots for a new one-pair node: room for the keys that likely follow
    /// it in a `Mutation`, none in a persistent update.
    fn first_spare(&self) -> usize {
        if self.spare {
            FIRST_SPARE
        } else {
            0
        }
    }

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
        if bitmap.count_ones() as usize >= BITMAP_MAX {
            *node = bitmap_to_array(node, shift, pair, cx);
            return Assoc::Added;
        }
        let leaf = Entry::Leaf {
            key: pair.key,
            value: pair.value,
        };
        if cx.spare {
            insert_spare(entries, *bitmap, idx, leaf);
        } else {
            let (before, after) = live(*bitmap, entries).split_at(idx);
            *entries = spliced(before.iter().cloned(), leaf, after.iter().cloned(), 0);
        }
        *bitmap |= bit;
        if arc_id(entries) != id {
            cx.obs.copied(id, arc_id(entries), NodeKind::Bitmap, level);
        }
        return Assoc::Added;
    }
    let Some(existing) = live(*bitmap, entries).get(idx) else {
        return Assoc::Unchanged;
    };
    match existing {
        Entry::Child(_) => {
            cx.obs.step(|| step(SlotState::Child));
            let entries = own_bitmap(entries, *bitmap, level, cx.obs);
            match &mut entries[idx] {
                Entry::Child(child) => assoc(child, shift + 5, pair, cx),
                Entry::Leaf { .. } | Entry::Spare => Assoc::Unchanged,
            }
        }
        Entry::Leaf { key, value } if *key == pair.key => {
            cx.obs.step(|| step(SlotState::Pair { same_key: true }));
            if *value == pair.value {
                return Assoc::Unchanged;
            }
            if let Entry::Leaf { value, .. } = &mut own_bitmap(entries, *bitmap, level, cx.obs)[idx]
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
            own_bitmap(entries, *bitmap, level, cx.obs)[idx] = Entry::Child(sub);
            Assoc::Added
        }
        Entry::Spare => Assoc::Unchanged,
    }
}

/// In a `Mutation`: add `leaf` at index `idx` of a Bitmap node with `bitmap`
/// (before its bit is set). A node we own with a spare slot takes it in place;
/// otherwise the node is reallocated with its capacity rounded up to a power of
/// two (at most 16), moving the entries over when it is ours, cloning them when
/// it is shared.
fn insert_spare<K: Clone, V: Clone>(
    entries: &mut Arc<[Entry<K, V>]>,
    bitmap: u32,
    idx: usize,
    leaf: Entry<K, V>,
) {
    let n = bitmap.count_ones() as usize;
    let spare = (n + 1).next_power_of_two().min(BITMAP_MAX) - (n + 1);
    let grown = match Arc::get_mut(entries) {
        // Invariant: slot `n` (just past the live entries) is `Spare`; rotating
        // `idx..=n` right by one moves it to `idx`, where the leaf goes.
        Some(slots) if slots.len() > n => {
            let moved: &mut [_] = slots.get_mut(idx..=n).unwrap_or_default();
            moved.rotate_right(1);
            if let Some(slot) = moved.first_mut() {
                *slot = leaf;
            }
            return;
        }
        Some(slots) => {
            let take = |e: &mut Entry<K, V>| std::mem::replace(e, Entry::Spare);
            let (before, after) = live_mut(bitmap, slots).split_at_mut(idx);
            spliced(
                before.iter_mut().map(take),
                leaf,
                after.iter_mut().map(take),
                spare,
            )
        }
        None => {
            let (before, after) = live(bitmap, entries).split_at(idx);
            spliced(before.iter().cloned(), leaf, after.iter().cloned(), spare)
        }
    };
    *entries = grown;
}

/// A Bitmap node's entries: `before`, `leaf`, `after`, then `spare`
/// [`Entry::Spare`] slots. Chained exact-length iterators (slice iterators,
/// `once`, `take`): `collect` allocates the `Arc` once, with no `Vec` between.
fn spliced<K, V>(
    before: impl Iterator<Item = Entry<K, V>>,
    leaf: Entry<K, V>,
    after: impl Iterator<Item = Entry<K, V>>,
    spare: usize,
) -> Arc<[Entry<K, V>]> {
    let grown = before.chain(std::iter::once(leaf)).chain(after);
    if spare == 0 {
        // Every persistent insert comes here: keep its iterator minimal.
        return grown.collect();
    }
    grown
        .chain(std::iter::repeat_with(|| Entry::Spare).take(spare))
        .collect()
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
    let spare = cx.first_spare();
    let single = |p: NewPair<K, V>, obs: &mut O| {
        let child = Node::single(shift + 5, p.hash, p.key, p.value, spare);
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
                Entry::Spare => continue,
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
            let spare = cx.first_spare();
            let child = Node::single(shift + 5, pair.hash, pair.key, pair.value, spare);
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
