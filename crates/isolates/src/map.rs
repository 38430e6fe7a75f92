//! [`SharedMap`]: the immutable map interpreters share by handle, memhive's `Map`.
//!
//! It is a `hamt::Hamt` of [`Shareable`] keys and values: CPython's HAMT layout, nodes in
//! `Arc`s that never change once built. That one property makes sharing safe without a lock:
//! a thread holding a handle can read every node while another thread "updates" the map,
//! because an update never writes to an existing node; it path-copies the few nodes between
//! the root and the changed key into a new version that shares everything else.
//!
//! ```text
//!   main's version v1                  worker's update  v2 = v1.set(k, x)
//!   root ─┬─ A ─┬─ C  (k is here)      root' ─┬─ A' ─┬─ C'   new (3 nodes copied)
//!         │     └─ D                           │      └─ D    shared with v1
//!         └─ B ── ...                          └─ B ── ...    shared with v1
//! ```
//!
//! Sending `v2` back to main costs one `Arc` increment; [`SharedMap::sharing_with`] counts
//! which of its nodes are new and which it still shares with `v1`. The map also implements
//! serde (a map of pairs), for the comparison with the "pickle" hand-off that copies it all.

use std::fmt;

use hamt::{Hamt, NodeId, UpdateEvent};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::share::Shareable;

/// An immutable map shared between interpreters (see the module docs). Cloning is O(1): it
/// is the handle that crosses between interpreters.
#[derive(Clone, Default)]
pub struct SharedMap {
    map: Hamt<Shareable, Shareable>,
}

/// What a map has in common with an older version of itself, node by node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Sharing {
    /// Nodes of this map.
    pub nodes: usize,
    /// Of those, nodes that also belong to the older map (not copied).
    pub shared: usize,
    /// Nodes made since the older map (path copies and new nodes).
    pub new: usize,
    /// Heap bytes of the new nodes.
    pub new_bytes: usize,
    /// Heap bytes of all nodes.
    pub bytes: usize,
}

impl SharedMap {
    /// An empty map.
    pub fn new() -> SharedMap {
        SharedMap::default()
    }

    /// A map built from `pairs` in one batch (`Hamt::mutate`); a later duplicate key wins.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Shareable, Shareable)>) -> SharedMap {
        SharedMap {
            map: pairs.into_iter().collect(),
        }
    }

    /// The map of int keys `0..n`, each mapped to itself: the demo's index.
    pub fn ints(n: i64) -> SharedMap {
        SharedMap::from_pairs((0..n).map(|i| (Shareable::Int(i), Shareable::Int(i))))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the map has no keys.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &Shareable) -> Option<&Shareable> {
        self.map.get(key)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &Shareable) -> bool {
        self.map.contains_key(key)
    }

    /// A new map with `key` set to `value`; `self` is unchanged. Setting a key to an equal
    /// value returns the same map (same root).
    pub fn set(&self, key: Shareable, value: Shareable) -> SharedMap {
        SharedMap {
            map: self.map.insert(key, value),
        }
    }

    /// [`SharedMap::set`] that also reports which nodes it copied (`hamt::UpdateEvent`).
    pub fn set_traced(&self, key: Shareable, value: Shareable) -> (SharedMap, UpdateEvent) {
        let (map, event) = self.map.insert_traced(key, value);
        (SharedMap { map }, event)
    }

    /// A new map without `key` (the same map when it is absent).
    pub fn delete(&self, key: &Shareable) -> SharedMap {
        SharedMap {
            map: self.map.remove(key),
        }
    }

    /// A new map with every pair of `pairs` set, in one batch (`immutables.Map.update`).
    pub fn update(&self, pairs: impl IntoIterator<Item = (Shareable, Shareable)>) -> SharedMap {
        let mut mutation = self.map.mutate();
        for (k, v) in pairs {
            mutation.insert(k, v);
        }
        SharedMap {
            map: mutation.finish(),
        }
    }

    /// Pairs in hash order (CPython's iteration order for the same keys).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&Shareable, &Shareable)> + '_ {
        self.map.iter()
    }

    /// True when both handles point at the same root: the same version of the map.
    pub fn ptr_eq(&self, other: &SharedMap) -> bool {
        self.map.ptr_eq(&other.map)
    }

    /// The root node's identity: what a handle carries across (an address, stable while the
    /// root lives).
    pub fn root(&self) -> NodeId {
        self.map.root_id()
    }

    /// The root's address as a number (identity hashing).
    pub fn root_address(&self) -> usize {
        self.map.root_id().0
    }

    /// The underlying HAMT, read-only (for views and pictures).
    pub fn hamt(&self) -> &Hamt<Shareable, Shareable> {
        &self.map
    }

    /// Which of this map's nodes are shared with `older` and which are new. O(nodes of both).
    pub fn sharing_with(&self, older: &SharedMap) -> Sharing {
        let mine = self.map.view();
        let theirs = older.map.view();
        let mut sharing = Sharing {
            nodes: mine.nodes.len(),
            shared: 0,
            new: 0,
            new_bytes: 0,
            bytes: 0,
        };
        for node in &mine.nodes {
            sharing.bytes += node.bytes;
            if theirs.contains(node.id) {
                sharing.shared += 1;
            } else {
                sharing.new += 1;
                sharing.new_bytes += node.bytes;
            }
        }
        sharing
    }
}

impl PartialEq for SharedMap {
    /// Same keys with equal values (O(n) unless both share their root), as `Map.__eq__`.
    fn eq(&self, other: &SharedMap) -> bool {
        self.map == other.map
    }
}

impl fmt::Debug for SharedMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SharedMap(len={}, root={:?})", self.len(), self.root())
    }
}

impl Serialize for SharedMap {
    /// The "pickle" way: every pair, copied into the output.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.map.iter())
    }
}

impl<'de> Deserialize<'de> for SharedMap {
    /// Rebuilds the whole map from its pairs, in one batch.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SharedMap, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = SharedMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of shareable keys and values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<SharedMap, A::Error> {
                let mut mutation = Hamt::new().mutate();
                while let Some((k, v)) = access.next_entry::<Shareable, Shareable>()? {
                    mutation.insert(k, v);
                }
                Ok(SharedMap {
                    map: mutation.finish(),
                })
            }
        }
        deserializer.deserialize_map(Pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_copies_the_path_and_shares_the_rest() {
        let v1 = SharedMap::ints(100_000);
        let (v2, event) = v1.set_traced(Shareable::Int(7), Shareable::str("seven"));
        let sharing = v2.sharing_with(&v1);
        assert_eq!(sharing.new, event.copied.len() + event.created.len());
        assert_eq!(sharing.shared + sharing.new, sharing.nodes);
        assert!(sharing.new <= 7, "one node per level at most: {sharing:?}");
        assert_eq!(v1.get(&Shareable::Int(7)), Some(&Shareable::Int(7)));
        assert_eq!(v2.get(&Shareable::Int(7)), Some(&Shareable::str("seven")));
        assert!(v2
            .set(Shareable::Int(7), Shareable::str("seven"))
            .ptr_eq(&v2));
    }

    #[test]
    fn serde_round_trip_copies_everything() {
        let v1 = SharedMap::from_pairs([
            (Shareable::str("a"), Shareable::Int(1)),
            (
                Shareable::Int(2),
                Shareable::tuple(vec![Shareable::None, Shareable::Float(0.5)]),
            ),
            (Shareable::str("inner"), Shareable::Map(SharedMap::ints(3))),
        ]);
        let bytes = postcard::to_allocvec(&v1).expect("serializes");
        let back: SharedMap = postcard::from_bytes(&bytes).expect("deserializes");
        assert_eq!(back, v1);
        assert!(!back.ptr_eq(&v1), "a deserialized map is a copy");
        assert_eq!(back.sharing_with(&v1).shared, 0);
    }
}
