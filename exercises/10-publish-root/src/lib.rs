//! Exercise 10: publish an updated shared root without losing anybody's update.
//!
//! Interpreters share immutable versions of a map under a name. Reading is an `Arc` clone;
//! writing makes a new version and publishes it. [`Roots::publish`] overwrites blindly, which
//! loses updates when two writers start from the same version; [`Roots::compare_and_publish`]
//! publishes only over the version the update started from (the same `Arc`), and
//! [`Roots::update`] retries on conflicts. Replace the two `todo!()`s.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

/// One immutable version of the shared map. (The real one is a HAMT whose next version shares
/// most nodes; here the next version is a copy, which is fine for learning to publish.)
pub type Version = BTreeMap<u64, u64>;

/// Named shared roots: memhive's index, the `isolates` crate's `Roots`.
#[derive(Default)]
pub struct Roots {
    names: Mutex<HashMap<String, Arc<Version>>>,
}

impl Roots {
    /// An empty registry.
    pub fn new() -> Roots {
        Roots::default()
    }

    /// The current version under `name`: a handle (an `Arc` clone), never a copy.
    pub fn read(&self, name: &str) -> Option<Arc<Version>> {
        let names = self.names.lock().unwrap_or_else(PoisonError::into_inner);
        names.get(name).cloned()
    }

    /// Publishes `new` blindly, whatever is there now. Fine for the first version; loses
    /// updates when several writers race (see the tests).
    pub fn publish(&self, name: &str, new: Arc<Version>) {
        let mut names = self.names.lock().unwrap_or_else(PoisonError::into_inner);
        names.insert(name.to_string(), new);
    }

    /// Publishes `new` under `name` only if the current value is `expected`: both `None`, or
    /// both `Some` of the same allocation (`Arc::ptr_eq`; an *equal* map is not enough). On a
    /// mismatch, changes nothing and returns the current value as the error.
    pub fn compare_and_publish(
        &self,
        name: &str,
        expected: Option<&Arc<Version>>,
        new: Arc<Version>,
    ) -> Result<(), Option<Arc<Version>>> {
        let _ = (name, expected, new);
        todo!("compare the current value with `expected` by identity, under the lock")
    }

    /// Publishes `f(current)`, redoing `f` on the newer version after each conflict.
    /// Returns what was published and how many attempts lost a race. `f` must run without
    /// the lock held.
    pub fn update(
        &self,
        name: &str,
        mut f: impl FnMut(Option<&Version>) -> Version,
    ) -> (Arc<Version>, usize) {
        let _ = (name, &mut f);
        todo!("read, compute, compare_and_publish; on Err(newer) retry from newer")
    }
}
