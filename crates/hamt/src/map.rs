//! [`Hamt`], the persistent map: CPython's `PyHamtObject` (a root node and a length).
//!
//! Every update returns a new map and leaves `self` untouched; the two share every
//! node the update did not copy. Plain updates run the core with
//! [`NoObserver`]; the `_traced` variants run it with a [`Recorder`] and return
//! an [`UpdateEvent`] as well.

use std::borrow::Borrow;
use std::fmt;

use crate::assoc::{assoc, Assoc, Cx, NewPair};
use crate::event::{
    HashInfo, NoObserver, NodeKind, Observer, Op, Outcome, PathStep, Recorder, UpdateEvent,
};
use crate::hash::{fold, KeyHasher, PyHasher};
use crate::node::Node;
use crate::without::{single_node, without, Removal};

/// A persistent hash map with CPython's HAMT layout (see the crate docs).
///
/// `H` chooses how keys hash: [`PyHasher`] (Python's hash, the default) or
/// [`crate::StdHasher`] for any `Hash` key. Cloning is O(1). The map is `Send +
/// Sync` when `K`, `V` and `H` are.
pub struct Hamt<K, V, H = PyHasher> {
    pub(crate) root: Node<K, V>,
    pub(crate) len: usize,
    pub(crate) hasher: H,
}

impl<K, V, H: Clone> Clone for Hamt<K, V, H> {
    fn clone(&self) -> Self {
        Hamt {
            root: self.root.clone(),
            len: self.len,
            hasher: self.hasher.clone(),
        }
    }
}

impl<K, V> Hamt<K, V, PyHasher> {
    /// An empty map hashing keys with their Python hash ([`crate::PyHash`]).
    pub fn new() -> Self {
        Self::with_hasher(PyHasher)
    }
}

impl<K, V> Default for Hamt<K, V, PyHasher> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K, V, H> Hamt<K, V, H> {
    /// An empty map using `hasher`.
    pub fn with_hasher(hasher: H) -> Self {
        Hamt {
            root: Node::empty(),
            len: 0,
            hasher,
        }
    }

    /// Number of keys.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the map has no keys.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The map's hasher.
    pub fn hasher(&self) -> &H {
        &self.hasher
    }

    /// True when both maps have the same root node: one is an unchanged copy of
    /// the other (what `insert` of an equal value or `remove` of an absent key give).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        self.root.id() == other.root.id()
    }

    /// The full (64-bit) hash this map uses for `key`, and its folded form.
    pub fn hash_of<Q: ?Sized>(&self, key: &Q) -> HashInfo
    where
        H: KeyHasher<Q>,
    {
        HashInfo::new(self.hasher.hash_key(key))
    }

    /// The value for `key` (`hamt_find`). Never allocates.
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        H: KeyHasher<Q>,
    {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// The stored key and value for `key`.
    #[inline]
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        H: KeyHasher<Q>,
    {
        if self.len == 0 {
            return None;
        }
        self.root.find(fold(self.hasher.hash_key(key)), key)
    }

    /// True when `key` is in the map.
    #[inline]
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        H: KeyHasher<Q>,
    {
        self.get_key_value(key).is_some()
    }
}

impl<K, V, H> Hamt<K, V, H>
where
    K: Eq + Clone,
    V: PartialEq + Clone,
    H: KeyHasher<K> + Clone,
{
    /// A new map with `key` set to `value` (`_PyHamt_Assoc`). When `key` already
    /// maps to an equal value, the result shares `self`'s root (`ptr_eq` holds).
    pub fn insert(&self, key: K, value: V) -> Self {
        self.insert_with(key, value, &mut NoObserver).0
    }

    /// [`Hamt::insert`], also returning what the update did.
    pub fn insert_traced(&self, key: K, value: V) -> (Self, UpdateEvent) {
        let hash = self.hash_of(&key);
        let mut recorder = Recorder::default();
        let pair = NewPair {
            hash: hash.folded,
            key: key.clone(),
            value: value.clone(),
        };
        let (map, outcome) = self.insert_with(key, value, &mut recorder);
        if outcome == Outcome::Unchanged {
            // Nothing changed, but show the path: walk a throwaway copy of the
            // root and keep only the steps (the copies it makes are dropped).
            let mut cx = Cx {
                hasher: &self.hasher,
                obs: &mut StepsOnly(&mut recorder),
                spare: false,
            };
            assoc(&mut self.root.clone(), 0, pair, &mut cx);
        }
        let event = self.event(&map, Op::Insert, hash, outcome, recorder);
        (map, event)
    }

    fn insert_with<O: Observer>(&self, key: K, value: V, obs: &mut O) -> (Self, Outcome) {
        let hash = fold(self.hasher.hash_key(&key));
        // An equal value returns this very map. A recording observer must not see
        // copies that are then thrown away, so it gets a lookup first; otherwise
        // the rare unchanged case just drops its copies (see `Assoc::Unchanged`).
        if O::RECORDS
            && self
                .root
                .find(hash, &key)
                .is_some_and(|(_, old)| *old == value)
        {
            return (self.clone(), Outcome::Unchanged);
        }
        let mut root = self.root.clone();
        let mut cx = Cx {
            hasher: &self.hasher,
            obs,
            spare: false,
        };
        let result = assoc(&mut root, 0, NewPair { hash, key, value }, &mut cx);
        let (len, outcome) = match result {
            Assoc::Added => (self.len + 1, Outcome::Added),
            Assoc::Replaced => (self.len, Outcome::Replaced),
            Assoc::Unchanged => return (self.clone(), Outcome::Unchanged),
        };
        let map = Hamt {
            root,
            len,
            hasher: self.hasher.clone(),
        };
        (map, outcome)
    }

    /// A new map without `key` (`_PyHamt_Without`). When `key` is absent, the
    /// result shares `self`'s root.
    pub fn remove<Q>(&self, key: &Q) -> Self
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        H: KeyHasher<Q>,
    {
        self.remove_with(key, &mut NoObserver).0
    }

    /// [`Hamt::remove`], also returning what the update did.
    pub fn remove_traced<Q>(&self, key: &Q) -> (Self, UpdateEvent)
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        H: KeyHasher<Q>,
    {
        let hash = self.hash_of(key);
        let mut recorder = Recorder::default();
        let (map, outcome) = self.remove_with(key, &mut recorder);
        let event = self.event(&map, Op::Remove, hash, outcome, recorder);
        (map, event)
    }

    fn remove_with<Q, O: Observer>(&self, key: &Q, obs: &mut O) -> (Self, Outcome)
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
        H: KeyHasher<Q>,
    {
        let hash = fold(self.hasher.hash_key(key));
        let root = match single_node(without(&self.root, 0, hash, key, obs), 0, obs) {
            Removal::NotFound | Removal::Single { .. } => return (self.clone(), Outcome::NotFound),
            Removal::Empty => {
                let root = Node::empty();
                obs.created(root.id(), NodeKind::Bitmap, 0);
                root
            }
            Removal::New(root) => root,
        };
        let map = Hamt {
            root,
            len: self.len - 1,
            hasher: self.hasher.clone(),
        };
        (map, Outcome::Removed)
    }

    fn event(
        &self,
        new: &Self,
        op: Op,
        hash: HashInfo,
        outcome: Outcome,
        rec: Recorder,
    ) -> UpdateEvent {
        UpdateEvent {
            op,
            hash,
            path: rec.path,
            copied: rec.copied,
            created: rec.created,
            converted: rec.converted,
            outcome,
            old_root: self.root.id(),
            new_root: new.root.id(),
            len_before: self.len,
            len_after: new.len,
        }
    }
}

impl<K, V, H> PartialEq for Hamt<K, V, H>
where
    K: Eq,
    V: PartialEq,
    H: KeyHasher<K>,
{
    /// Same keys mapping to equal values (`_PyHamt_Eq`): O(n) unless both maps
    /// share their root.
    fn eq(&self, other: &Self) -> bool {
        if self.root.id() == other.root.id() {
            return true;
        }
        self.len == other.len && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Eq, V: Eq, H: KeyHasher<K>> Eq for Hamt<K, V, H> {}

impl<K: fmt::Debug, V: fmt::Debug, H> fmt::Debug for Hamt<K, V, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V, H> FromIterator<(K, V)> for Hamt<K, V, H>
where
    K: Eq + Clone,
    V: PartialEq + Clone,
    H: KeyHasher<K> + Clone + Default,
{
    /// Builds the map with one [`crate::Mutation`], inserting in iteration order
    /// (a later duplicate key wins).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Hamt::with_hasher(H::default());
        map.extend(iter);
        map
    }
}

impl<K, V, H> Extend<(K, V)> for Hamt<K, V, H>
where
    K: Eq + Clone,
    V: PartialEq + Clone,
    H: KeyHasher<K> + Clone,
{
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        let mut mutation = self.mutate();
        for (k, v) in iter {
            mutation.insert(k, v);
        }
        *self = mutation.finish();
    }
}

/// Forwards only path steps: used to report the path of an update that changes
/// nothing, whose walk may copy nodes that are then thrown away.
struct StepsOnly<'a, O>(&'a mut O);

impl<O: Observer> Observer for StepsOnly<'_, O> {
    fn step(&mut self, step: impl FnOnce() -> PathStep) {
        self.0.step(step);
    }
}
