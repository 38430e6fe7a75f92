//! Batch mode: [`Mutation`], like `immutables.Map.mutate()`.
//!
//! A mutation owns a private copy of the root. Its first update of a path copies
//! the shared nodes on it, exactly like a persistent update; the copies belong to
//! the mutation alone (their `Arc` count is one), so later updates that reach them
//! edit them in place instead of copying again. Uniqueness of the `Arc` is the
//! ownership test: a node reachable from any other map has a count of at least
//! two and is never modified. `finish()` turns the mutation back into a map in O(1).

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
