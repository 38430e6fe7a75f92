//! `dict` and `set`: insertion-ordered hash tables keyed by Python hash and equality.
//!
//! CPython's dict is a compact, insertion-ordered table; `IndexMap` has the same shape (an
//! entries vector plus an index), so `LOAD_GLOBAL_MODULE` can cache an entry *index* just as
//! CPython caches an index into `dk_entries`.
//!
//! The keys version (`dk_version`) is what the `LOAD_GLOBAL_*` guards compare. CPython hands a
//! version out lazily and forgets it when the set of keys changes; so does `Dict`:
//! Invariant: `keys_version` is 0 or the version given out since the last key insertion or
//! deletion. Overwriting the value of an existing key keeps it.
//!
//! Iteration follows CPython's `dictiter_iternextkey`. CPython deletes by leaving a dummy
//! entry, so an iterator's position survives deletions; `IndexMap::shift_remove` instead moves
//! later entries down. `Dict` therefore logs the positions of its recent removals and a
//! [`DictCursor`] replays them to keep pointing at the same next entry. Like CPython, the
//! cursor fails with "dictionary changed size during iteration" when the size differs from the
//! start, and with "dictionary keys changed during iteration" when it finds more entries than
//! were left (a visited key deleted and a new one added: same size, different keys).

use std::cell::Cell;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::rc::Rc;

use indexmap::{Equivalent, IndexMap};

use super::PyStr;

use crate::value::Value;

/// A hasher that passes the precomputed Python hash straight through.
#[derive(Default)]
pub struct PassHasher(u64);

impl Hasher for PassHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        // Spread the bits: Python int hashes are the ints themselves.
        self.0 = v.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type Build = BuildHasherDefault<PassHasher>;

/// A hashable key with its Python hash computed once.
#[derive(Clone)]
pub struct HKey {
    pub hash: i64,
    pub key: Value,
}

impl Hash for HKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash as u64);
    }
}

impl PartialEq for HKey {
    fn eq(&self, other: &HKey) -> bool {
        self.hash == other.hash && keys_equal(&self.key, &other.key)
    }
}

impl Eq for HKey {}

/// A `str` key borrowed for a lookup (`LOAD_NAME`, `LOAD_GLOBAL`, `get_str`): no `HKey` (and
/// no reference count) to build. `hash` is the text's `PyStr` hash.
struct StrKey<'a> {
    hash: u64,
    text: &'a str,
    /// The interned name, when the caller has one: usually the very key stored (CPython's
    /// identity check before comparing text).
    name: Option<&'a Rc<PyStr>>,
}

impl Hash for StrKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // The same bits `HKey::hash` writes for a `str`.
        state.write_u64(self.hash as i64 as u64);
    }
}

impl Equivalent<HKey> for StrKey<'_> {
    #[inline]
    fn equivalent(&self, key: &HKey) -> bool {
        match &key.key {
            Value::Str(s) => self.name.is_some_and(|n| Rc::ptr_eq(n, s)) || s.as_str() == self.text,
            _ => false,
        }
    }
}

/// Key equality for the builtin hashable types (numbers compare across int/float/bool).
#[inline]
pub fn keys_equal(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Str(x), Str(y)) => Rc::ptr_eq(x, y) || x.as_str() == y.as_str(),
        (Int(x), Int(y)) => x == y,
        (Int(_) | Bool(_) | Float(_) | BigInt(_), Int(_) | Bool(_) | Float(_) | BigInt(_)) => {
            crate::builtins::ops::num_eq(a, b).unwrap_or(false)
        }
        (Tuple(x), Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| keys_equal(p, q))
        }
        (Bytes(x), Bytes(y)) => x == y,
        (None, None) => true,
        // A `str`/`int`/... subclass instance is equal as its value (no `__eq__` consulted).
        (Instance(x), _) if x.payload.is_some() && !a.is(b) => {
            x.payload.as_ref().is_some_and(|p| keys_equal(p, b))
        }
        (_, Instance(y)) if y.payload.is_some() => {
            y.payload.as_ref().is_some_and(|q| keys_equal(a, q))
        }
        (Set(x), Set(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().all(|k| y.contains(k))
        }
        _ => a.is(b),
    }
}

thread_local! {
    static NEXT_KEYS_VERSION: Cell<u32> = const { Cell::new(1) };
}

/// How many recent removal positions a dict remembers for its iterators.
const REMOVAL_LOG: usize = 1024;

/// The positions of a dict's most recent removals, with the total count ever made. `recent`
/// is a ring of at most [`REMOVAL_LOG`] positions, allocated on the first removal (most dicts
/// never remove anything). Removal number `n` is at `recent[n % REMOVAL_LOG]`.
#[derive(Default, Clone)]
struct Removals {
    count: u64,
    recent: Vec<usize>,
}

/// An insertion-ordered Python dict.
#[derive(Default)]
pub struct Dict {
    map: IndexMap<HKey, Value, Build>,
    keys_version: Cell<u32>,
    removals: Removals,
    /// Tier 2's watch, on the globals and builtins dicts whose values traces inlined.
    watch: Option<Box<Watch>>,
}

/// A dict watcher as the tier-2 optimizer uses them (CPython's `PyDict_Watch` with watcher 0
/// for builtins, 1 for globals). Any change to a watched globals dict invalidates the
/// executors that depend on it, counts one "watched mutation" and stops watching; after
/// `_Py_MAX_ALLOWED_GLOBALS_MODIFICATIONS` (6) the optimizer no longer watches that dict. A
/// change to the builtins invalidates every executor, the first three times.
#[derive(Default)]
pub struct Watch {
    /// The builtins watcher (stays on) rather than the globals one (one shot).
    pub builtins: bool,
    pub watched: bool,
    /// Watched mutations so far (`get_mutations`; `rare_events.builtin_dict` for builtins).
    pub mutations: u32,
    /// Executors to invalidate on the next event.
    pub dependents: Vec<std::rc::Weak<crate::executor::Executor>>,
}

impl Clone for Dict {
    /// A copy has its own (not yet assigned) keys version and no removal history.
    fn clone(&self) -> Dict {
        Dict {
            map: self.map.clone(),
            keys_version: Cell::new(0),
            removals: Removals::default(),
            watch: None,
        }
    }
}

/// Why a [`DictCursor`] stopped with an error (CPython raises RuntimeError for both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IterError {
    /// "dictionary changed size during iteration"
    SizeChanged,
    /// "dictionary keys changed during iteration"
    KeysChanged,
}

/// The state of a dict iterator: CPython's `di_pos`, `di_used` and `len`, plus how many of
/// the dict's removals it has replayed.
#[derive(Debug, Clone)]
pub struct DictCursor {
    index: usize,
    used: usize,
    remaining: usize,
    removals_seen: u64,
    failed: Option<IterError>,
}

impl DictCursor {
    /// A cursor at the first entry of `dict`.
    pub fn new(dict: &Dict) -> DictCursor {
        DictCursor {
            index: 0,
            used: dict.len(),
            remaining: dict.len(),
            removals_seen: dict.removals.count,
            failed: None,
        }
    }

    /// The entry index of the next item, `Ok(None)` at the end. Errors are sticky, as in
    /// CPython, where a failed iterator keeps failing.
    pub fn next_index(&mut self, dict: &Dict) -> Result<Option<usize>, IterError> {
        let result = self.step(dict);
        if let Err(e) = result {
            self.failed = Some(e);
        }
        result
    }

    fn step(&mut self, dict: &Dict) -> Result<Option<usize>, IterError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        if dict.len() != self.used {
            return Err(IterError::SizeChanged);
        }
        self.replay_removals(dict)?;
        if self.index >= dict.len() {
            return Ok(None);
        }
        // An entry found when none was left: keys were swapped behind our back.
        if self.remaining == 0 {
            return Err(IterError::KeysChanged);
        }
        self.remaining -= 1;
        self.index += 1;
        Ok(Some(self.index - 1))
    }

    /// Moves `index` down once per removal made before it since the last step, so it still
    /// names the entry CPython's position (past a dummy) would reach next.
    fn replay_removals(&mut self, dict: &Dict) -> Result<(), IterError> {
        let log = &dict.removals;
        let missed = log.count - self.removals_seen;
        if missed > REMOVAL_LOG as u64 {
            // Too many to replay: with the size unchanged, keys were certainly replaced.
            return Err(IterError::KeysChanged);
        }
        for n in self.removals_seen..log.count {
            if log.recent[(n % REMOVAL_LOG as u64) as usize] < self.index {
                self.index -= 1;
            }
        }
        self.removals_seen = log.count;
        Ok(())
    }
}

impl Dict {
    /// Forgets the keys version (a fresh copy).
    pub fn clear_version(&mut self) {
        self.keys_version.set(0);
    }

    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The keys version for the current set of keys, assigning one if needed.
    pub fn keys_version(&self) -> u32 {
        if self.keys_version.get() == 0 {
            let v = NEXT_KEYS_VERSION.with(|n| {
                let v = n.get();
                n.set(v.wrapping_add(1).max(1));
                v
            });
            self.keys_version.set(v);
        }
        self.keys_version.get()
    }

    /// Where a `Dict` keeps its keys version (a `Cell<u32>`, so a `u32`), in bytes: for the
    /// JIT, whose `LOAD_GLOBAL_MODULE` stencils compare it as `current_keys_version` does.
    pub const KEYS_VERSION_OFFSET: usize = std::mem::offset_of!(Dict, keys_version);

    /// The keys version without assigning one (0 = none).
    #[inline]
    pub fn current_keys_version(&self) -> u32 {
        self.keys_version.get()
    }

    /// Looks a key up.
    pub fn get(&self, key: &HKey) -> Option<&Value> {
        self.map.get(key)
    }

    /// Looks a string key up (globals, attributes).
    pub fn get_str(&self, name: &str) -> Option<&Value> {
        let hash = super::str::hash_text(name);
        self.map.get(&StrKey {
            hash,
            text: name,
            name: None,
        })
    }

    /// Looks an interned name (`co_names[i]`) up without building a key.
    #[inline]
    pub fn get_name(&self, name: &Rc<PyStr>) -> Option<&Value> {
        self.map.get(&StrKey {
            hash: name.hash(),
            text: name.as_str(),
            name: Some(name),
        })
    }

    /// Sets an interned name (`STORE_NAME`, `STORE_GLOBAL`): an existing entry is overwritten
    /// in place, a new one is inserted (and invalidates the keys version).
    pub fn set_name(&mut self, name: &Rc<PyStr>, value: Value) {
        let key = StrKey {
            hash: name.hash(),
            text: name.as_str(),
            name: Some(name),
        };
        match self.map.get_mut(&key) {
            Some(slot) => {
                // Only a watched dict cares whether the value really changed.
                let watched = self.watch.as_ref().is_some_and(|w| w.watched);
                let changed = watched && !slot.is(&value);
                *slot = value;
                if changed {
                    self.notify();
                }
            }
            None => self.insert(
                HKey {
                    hash: name.hash() as i64,
                    key: Value::Str(name.clone()),
                },
                value,
            ),
        }
    }

    /// Index of a key in the entries (what `LOAD_GLOBAL_MODULE` caches).
    pub fn index_of(&self, key: &HKey) -> Option<usize> {
        self.map.get_index_of(key)
    }

    /// The value at an entry index.
    #[inline]
    pub fn value_at(&self, index: usize) -> Option<&Value> {
        self.map.get_index(index).map(|(_, v)| v)
    }

    /// The key and value at an entry index.
    pub fn entry_at(&self, index: usize) -> Option<(&Value, &Value)> {
        self.map.get_index(index).map(|(k, v)| (&k.key, v))
    }

    /// Inserts or overwrites; a new key invalidates the keys version.
    pub fn insert(&mut self, key: HKey, value: Value) {
        match self.map.get_mut(&key) {
            Some(slot) => {
                // Only a watched dict cares whether the value really changed.
                let watched = self.watch.as_ref().is_some_and(|w| w.watched);
                let changed = watched && !slot.is(&value);
                *slot = value;
                if changed {
                    self.notify();
                }
            }
            None => {
                self.map.insert(key, value);
                self.keys_version.set(0);
                self.notify();
            }
        }
    }

    /// Removes a key, keeping the order of the rest.
    pub fn remove(&mut self, key: &HKey) -> Option<Value> {
        let (index, _, v) = self.map.shift_remove_full(key)?;
        self.keys_version.set(0);
        self.log_removal(index);
        self.notify();
        Some(v)
    }

    fn log_removal(&mut self, index: usize) {
        let log = &mut self.removals;
        let slot = (log.count % REMOVAL_LOG as u64) as usize;
        if slot == log.recent.len() {
            log.recent.push(index);
        } else {
            log.recent[slot] = index;
        }
        log.count += 1;
    }

    /// Items in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.map.iter().map(|(k, v)| (&k.key, v))
    }

    /// Keys with their hashes.
    pub fn hkeys(&self) -> impl Iterator<Item = &HKey> {
        self.map.keys()
    }

    /// Replaces the contents with `other`'s (`dict.update` builds a new table, then swaps it
    /// in): the dict keeps its identity, and its keys version is new.
    pub fn assign(&mut self, other: Dict) {
        self.map = other.map;
        self.keys_version.set(0);
        self.notify();
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        for _ in 0..self.map.len().min(REMOVAL_LOG + 1) {
            self.log_removal(0);
        }
        self.map.clear();
        self.keys_version.set(0);
        self.notify();
    }

    /// Starts watching this dict for tier 2 (`PyDict_Watch`).
    pub fn watch(&mut self, builtins: bool) {
        let w = self.watch.get_or_insert_with(Box::default);
        w.builtins = builtins;
        w.watched = true;
    }

    /// The watch state, if this dict was ever watched.
    pub fn watch_state(&self) -> Option<&Watch> {
        self.watch.as_deref()
    }

    /// Watched mutations so far (CPython's `get_mutations`).
    pub fn watched_mutations(&self) -> u32 {
        self.watch.as_ref().map_or(0, |w| w.mutations)
    }

    /// Makes `exec` depend on this dict: the next watched change invalidates it.
    pub fn add_dependent(&mut self, exec: &std::rc::Rc<crate::executor::Executor>) {
        let w = self.watch.get_or_insert_with(Box::default);
        w.dependents.retain(|d| d.strong_count() > 0);
        w.dependents.push(std::rc::Rc::downgrade(exec));
    }

    /// A watched dict changed: the watcher callbacks of CPython's optimizer.
    #[inline]
    fn notify(&mut self) {
        if let Some(w) = &mut self.watch {
            if w.watched {
                w.event();
            }
        }
    }
}

impl Watch {
    #[cold]
    fn event(&mut self) {
        if self.builtins {
            // `builtins_dict_watcher`: invalidate everything, the first few times.
            if self.mutations < crate::optimize::MAX_BUILTINS_MODIFICATIONS {
                for exec in std::mem::take(&mut self.dependents) {
                    if let Some(e) = exec.upgrade() {
                        e.invalidate();
                    }
                }
            }
            self.mutations += 1;
        } else {
            // `globals_watcher_callback`: invalidate the dependents, count, unwatch.
            for exec in std::mem::take(&mut self.dependents) {
                if let Some(e) = exec.upgrade() {
                    e.invalidate();
                }
            }
            self.mutations += 1;
            self.watched = false;
        }
    }
}

/// A `str` key (hash computed from the text).
pub fn str_key(name: &str) -> HKey {
    let s = super::PyStr::new(name.to_string());
    let hash = s.hash() as i64;
    HKey {
        hash,
        key: Value::Str(std::rc::Rc::new(s)),
    }
}

/// A `set` or `frozenset`.
#[derive(Clone, Default)]
pub struct Set {
    map: IndexMap<HKey, (), Build>,
    pub frozen: bool,
    /// `cpython_order`, kept until the next insertion or removal: iterating a set that did not
    /// change (meteor_contest's `min()` over the same sets) replays CPython's table once.
    order: std::cell::OnceCell<Vec<usize>>,
}

impl Set {
    /// An empty set.
    pub fn new(frozen: bool) -> Set {
        Set {
            map: IndexMap::default(),
            frozen,
            order: std::cell::OnceCell::new(),
        }
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Adds an item.
    pub fn insert(&mut self, key: HKey) {
        if self.map.insert(key, ()).is_none() {
            self.order.take();
        }
    }

    /// Membership.
    pub fn contains(&self, key: &HKey) -> bool {
        self.map.contains_key(key)
    }

    /// Removes an item, returning whether it was there.
    pub fn remove(&mut self, key: &HKey) -> bool {
        let removed = self.map.shift_remove(key).is_some();
        if removed {
            self.order.take();
        }
        removed
    }

    /// Items with their hashes.
    pub fn iter(&self) -> impl Iterator<Item = &HKey> {
        self.map.keys()
    }

    /// Item values in CPython's iteration order (see `cpython_order`).
    pub fn values(&self) -> Vec<Value> {
        self.order
            .get_or_init(|| self.cpython_order())
            .iter()
            .map(|&i| {
                self.map
                    .get_index(i)
                    .map(|(k, _)| k.key.clone())
                    .unwrap_or(Value::None)
            })
            .collect()
    }

    /// The order CPython's open-addressing set table would iterate these items in, had they
    /// been inserted in insertion order: the table starts with 8 slots, probes 9 neighbours
    /// linearly, then perturbs (`i = i*5 + 1 + (perturb >>= 5)`), and grows to the next power
    /// of two above 4x the size once 3/5 full. (Deleted items are not replayed, so a set that
    /// had removals may iterate differently from CPython.) Returns indexes into the entries.
    fn cpython_order(&self) -> Vec<usize> {
        const LINEAR_PROBES: usize = 9;
        fn insert(table: &mut [Option<usize>], mask: usize, hash: u64, idx: usize) {
            let mut perturb = hash;
            let mut i = (hash as usize) & mask;
            loop {
                if table[i].is_none() {
                    table[i] = Some(idx);
                    return;
                }
                if i + LINEAR_PROBES <= mask {
                    for j in 1..=LINEAR_PROBES {
                        if table[i + j].is_none() {
                            table[i + j] = Some(idx);
                            return;
                        }
                    }
                }
                perturb >>= 5;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
        }
        let hashes: Vec<u64> = self.map.keys().map(|k| k.hash as u64).collect();
        let mut mask = 7usize;
        let mut table: Vec<Option<usize>> = vec![None; 8];
        for (idx, &h) in hashes.iter().enumerate() {
            insert(&mut table, mask, h, idx);
            let used = idx + 1;
            if used * 5 >= mask * 3 {
                let minused = if used > 50_000 { used * 2 } else { used * 4 };
                let mut size = 8;
                while size <= minused {
                    size <<= 1;
                }
                let old = std::mem::replace(&mut table, vec![None; size]);
                mask = size - 1;
                for j in old.into_iter().flatten() {
                    insert(&mut table, mask, hashes[j], j);
                }
            }
        }
        table.into_iter().flatten().collect()
    }

    /// Removes and returns the first item in iteration order.
    pub fn pop_first(&mut self) -> Option<Value> {
        let first = *self.order.get_or_init(|| self.cpython_order()).first()?;
        self.order.take();
        self.map.shift_remove_index(first).map(|(k, _)| k.key)
    }
}
