//! [`Roots`]: named shared roots, memhive's index. One name holds one [`Shareable`] (usually a
//! [`SharedMap`](crate::SharedMap)) that every interpreter may read and replace.
//!
//! Reading clones the handle under a read lock: O(1), whatever the map's size, and the reader
//! then works on that version without any lock while others publish newer ones. Publishing
//! safely is the interesting part. Two workers that both read version v1, each set a key and
//! publish, would lose one update if publishing simply overwrote the root:
//!
//! ```text
//!   worker A: read v1 -> a = v1.set(x, 1) -> publish a       root: a
//!   worker B: read v1 -> b = v1.set(y, 2) -> publish b       root: b   (x is lost)
//! ```
//!
//! [`Roots::compare_and_publish`] replaces the root only if it is still the version the
//! update started from (compared by identity: the same root node, not equal contents), and
//! otherwise hands back the current one, so the writer can redo its update on top of it.
//! [`Roots::update`] is that retry loop. Updates are path copies of a few nodes, so redoing
//! one is cheap.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, PoisonError, RwLock};

use crate::share::Shareable;

/// A registry of named shared roots (see the module docs). Cloning gives another handle on
/// the same registry.
#[derive(Clone, Default)]
pub struct Roots {
    names: Arc<RwLock<HashMap<String, Shareable>>>,
}

static GLOBAL: LazyLock<Roots> = LazyLock::new(Roots::new);

/// True when `a` and `b` are the same version: the same root for maps, the same queue for
/// queues, equal values for copied scalars.
pub fn same_version(a: &Shareable, b: &Shareable) -> bool {
    match (a, b) {
        (Shareable::Map(x), Shareable::Map(y)) => x.ptr_eq(y),
        (Shareable::Queue(x), Shareable::Queue(y)) => x.same_queue(y),
        (Shareable::Map(_) | Shareable::Queue(_), _)
        | (_, Shareable::Map(_) | Shareable::Queue(_)) => false,
        _ => a == b,
    }
}

impl Roots {
    /// An empty registry.
    pub fn new() -> Roots {
        Roots::default()
    }

    /// The process-wide registry that interpreters see unless they are given another.
    pub fn global() -> Roots {
        GLOBAL.clone()
    }

    /// The value published under `name`, if any: a handle, never a copy of a map.
    pub fn read(&self, name: &str) -> Option<Shareable> {
        let names = self.names.read().unwrap_or_else(PoisonError::into_inner);
        names.get(name).cloned()
    }

    /// Publishes `value` under `name` unconditionally and returns the value it replaced.
    /// Concurrent writers should prefer [`Roots::compare_and_publish`].
    pub fn publish(&self, name: &str, value: Shareable) -> Option<Shareable> {
        let mut names = self.names.write().unwrap_or_else(PoisonError::into_inner);
        names.insert(name.to_string(), value)
    }

    /// Publishes `new` under `name` only if the current value is the same version as
    /// `expected` (`None`: nothing published yet). On a conflict nothing changes and the
    /// current value comes back as the error, for a retry.
    pub fn compare_and_publish(
        &self,
        name: &str,
        expected: Option<&Shareable>,
        new: Shareable,
    ) -> Result<(), Option<Shareable>> {
        let mut names = self.names.write().unwrap_or_else(PoisonError::into_inner);
        let current = names.get(name);
        let matches = match (current, expected) {
            (None, None) => true,
            (Some(c), Some(e)) => same_version(c, e),
            _ => false,
        };
        if !matches {
            return Err(current.cloned());
        }
        names.insert(name.to_string(), new);
        Ok(())
    }

    /// Applies `f` to the current value and publishes the result, redoing `f` on the newer
    /// value whenever another writer published first. Returns the value published and how
    /// many attempts lost a race. `f` runs without the lock held, so it may take its time.
    pub fn update(
        &self,
        name: &str,
        mut f: impl FnMut(Option<&Shareable>) -> Shareable,
    ) -> (Shareable, usize) {
        let mut current = self.read(name);
        let mut conflicts = 0;
        loop {
            let new = f(current.as_ref());
            match self.compare_and_publish(name, current.as_ref(), new.clone()) {
                Ok(()) => return (new, conflicts),
                Err(newer) => {
                    conflicts += 1;
                    current = newer;
                }
            }
        }
    }

    /// Removes `name` and returns what it held.
    pub fn remove(&self, name: &str) -> Option<Shareable> {
        let mut names = self.names.write().unwrap_or_else(PoisonError::into_inner);
        names.remove(name)
    }

    /// The published names, sorted.
    pub fn names(&self) -> Vec<String> {
        let names = self.names.read().unwrap_or_else(PoisonError::into_inner);
        let mut out: Vec<String> = names.keys().cloned().collect();
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::SharedMap;

    #[test]
    fn a_stale_publish_is_refused_and_retried() {
        let roots = Roots::new();
        let v1 = Shareable::Map(SharedMap::new());
        roots.publish("index", v1.clone());
        let a = Shareable::Map(SharedMap::new().set(Shareable::Int(1), Shareable::Int(1)));
        assert!(roots
            .compare_and_publish("index", Some(&v1), a.clone())
            .is_ok());
        // An update based on v1 is stale now: it gets the current root back.
        let b = Shareable::Map(SharedMap::new().set(Shareable::Int(2), Shareable::Int(2)));
        let current = roots
            .compare_and_publish("index", Some(&v1), b)
            .expect_err("stale");
        assert!(same_version(current.as_ref().expect("published"), &a));
    }

    #[test]
    fn concurrent_updates_lose_nothing() {
        let roots = Roots::new();
        roots.publish("index", Shareable::Map(SharedMap::new()));
        std::thread::scope(|s| {
            for t in 0..4i64 {
                let roots = &roots;
                s.spawn(move || {
                    for i in 0..200 {
                        roots.update("index", |m| {
                            let m = m.and_then(Shareable::as_map).cloned().unwrap_or_default();
                            Shareable::Map(m.set(Shareable::Int(t * 1000 + i), Shareable::Int(i)))
                        });
                    }
                });
            }
        });
        let m = roots
            .read("index")
            .and_then(|m| m.as_map().cloned())
            .expect("a map");
        assert_eq!(m.len(), 800);
    }
}
