//! Batch mode: [`Mutation`], like `immutables.Map.mutate()`.
//!
//! A mutation owns a private copy of the root. Its first update of a path copies
//! the shared nodes on it, exactly like a persistent update; the copies belong to
//! the mutation alone (their `Arc` count is one), so later updates that reach them
//! edit them in place instead of copying again. Uniqueness of the `Arc` is the
//! ownership test: a node reachable from any other map has a count of at least
//! two and is never modified. `finish()` turns the mutation back into a map in O(1).
//!
//! To make building cheap, Bitmap nodes a mutation creates or grows get spare
//! capacity (`Entry::Spare` slots, rounded up to a power of two), so
//! most added keys fill an owned node in place rather than reallocating it. The
//! tree's shape, its CPython dump and every invariant are the same as without; the
//! finished map just keeps that slack (a few bytes per entry, see `stats()`).

use std::borrow::Borrow;

use crate::assoc::{assoc, Assoc, Cx, NewPair};
use crate::event::NoObserver;
use crate::hash::{fold, KeyHasher};
use crate::map::Hamt;
use crate::node::Node;
use crate::without::{single_node, without, Removal};

/// An in-progress batch of updates; see the module docs. Made by [`Hamt::mutate`].
pub struct Mutation<K, V, H> {
    map: Hamt<K, V, H>,
}

impl<K, V, H: Clone> Hamt<K, V, H> {
    /// Start a batch of updates that edits the nodes it creates in place.
    /// `self` is not affected.
    pub fn mutate(&self) -> Mutation<K, V, H> {
        Mutation { map: self.clone() }
    }
}

impl<K, V, H> Mutation<K, V, H>
where
    K: Eq + Clone,
    V: PartialEq + Clone,
    H: KeyHasher<K>,
{
    /// Set `key` to `value`; true when the key was new.
    pub fn insert(&mut self, key: K, value: V) -> bool {
        let hash = fold(self.map.hasher.hash_key(&key));
        let pair = NewPair { hash, key, value };
        let mut cx = Cx {
            hasher: &self.map.hasher,
            obs: &mut NoObserver,
            spare: true,
        };
        let added = assoc(&mut self.map.root, 0, pair, &mut cx) == Assoc::Added;
        self.map.len += usize::from(added);
        added
    }

    /// Remove `key`; true when it was present.
    pub fn remove<Q>(&mut self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        H: KeyHasher<Q>,
    {
        let hash = fold(self.map.hasher.hash_key(key));
        let mut obs = NoObserver;
        match single_node(without(&self.map.root, 0, hash, key, &mut obs), 0, &mut obs) {
            Removal::NotFound | Removal::Single { .. } => return false,
            Removal::Empty => self.map.root = Node::empty(),
            Removal::New(root) => self.map.root = root,
        }
        self.map.len -= 1;
        true
    }
}

impl<K, V, H> Mutation<K, V, H> {
    /// The value for `key`, seeing this mutation's updates.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        H: KeyHasher<Q>,
    {
        self.map.get(key)
    }

    /// True when `key` is present.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        H: KeyHasher<Q>,
    {
        self.map.contains_key(key)
    }

    /// Number of keys now.
    pub fn len(&self) -> usize {
        self.map.len
    }

    /// True when no keys are left.
    pub fn is_empty(&self) -> bool {
        self.map.len == 0
    }

    /// End the batch: the map with all updates applied (O(1)).
    pub fn finish(self) -> Hamt<K, V, H> {
        self.map
    }
}

#[cfg(test)]
mod tests {
    use crate::node::Node;
    use crate::Hamt;

    /// Entries a Bitmap root holds, spare capacity included.
    fn root_slots(map: &Hamt<i64, i64>) -> usize {
        match &map.root {
            Node::Bitmap { entries, .. } => entries.len(),
            _ => 0,
        }
    }

    /// Spare capacity is invisible: a mutation builds the very tree (same CPython
    /// dump, same invariants) that one persistent insert per key builds.
    #[test]
    fn mutation_builds_the_persistent_tree() {
        for n in [1i64, 2, 3, 5, 16, 17, 40, 300, 3000] {
            let keys = (0..n).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A) ^ (i << 3));
            let mut persistent = Hamt::new();
            let mut m = Hamt::new().mutate();
            for k in keys {
                persistent = persistent.insert(k, k);
                assert!(m.insert(k, k));
            }
            let built = m.finish();
            assert!(built.debug_check().is_ok(), "{n} keys");
            assert_eq!(built.cpython_dump(), persistent.cpython_dump(), "{n} keys");
            assert!(built.stats().bytes >= persistent.stats().bytes);
        }
    }

    /// A node the mutation owns takes new keys into its spare slots without
    /// moving; a persistent update copies it back to its exact size.
    #[test]
    fn owned_nodes_grow_in_place() {
        let mut m = Hamt::new().mutate();
        // Keys 1..=3 go to root slots 1..=3: the root grows to 4 slots.
        for k in 1..=3i64 {
            m.insert(k, k);
        }
        assert_eq!(root_slots(&m.map), 4);
        let id = m.map.root.id();
        m.insert(4, 4);
        assert_eq!(m.map.root.id(), id, "the 4th key should fill a spare slot");
        m.insert(0, 0);
        assert_eq!(root_slots(&m.map), 8);
        let built = m.finish();
        assert!(built.debug_check().is_ok());
        let replaced = built.insert(2, 20);
        assert_eq!(root_slots(&replaced), 5);
        assert_eq!(replaced.get(&2), Some(&20));
        assert_eq!(built.get(&2), Some(&2));
        let added = built.insert(5, 5);
        assert_eq!(root_slots(&added), 6);
        assert!(added.debug_check().is_ok());
    }
}
