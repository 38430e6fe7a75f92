//! The type attribute cache: `_PyType_Lookup` in one probe instead of an MRO walk.
//!
//! Looking a name up on a class means asking each class of its MRO in turn until one has the
//! name in its namespace; a method defined on a base, or a name no class has (`__getattr__`,
//! `__set__`), costs a hash-table probe per class. Programs ask the same questions over and
//! over, so CPython remembers the answers in a per-interpreter table of 4096 entries
//! (`Objects/typeobject.c`, the "method cache"), keyed by the class's version tag and the name:
//!
//! ```text
//!   Task.version = 41                      slot = (hash("runTask") ⊕ 41) mod 4096
//!   t.runTask()  ──► entry[slot] ─┬─ version 41, name "runTask" ──► hit: MRO[1] entry 3
//!                                 └─ anything else ──► walk the MRO, overwrite the entry
//! ```
//!
//! The version is what makes the entries safe to trust: every change to a class namespace
//! hands out new versions to the class and all its subclasses (`Class::invalidate`), so an
//! entry written before the change can never match again. Versions are never reused, so an
//! entry cannot answer for another class either.
//!
//! Two differences from CPython, both so that the cache changes nothing a program can see:
//! - The key is the name's text, not its address; CPython compares string pointers, which
//!   needs its interned strings. A name of up to 16 bytes is its own key (its length and two
//!   words read from its ends, see `Key`), so a hit compares three integers, no string; a
//!   longer name is also compared with the namespace key the entry points at.
//! - An entry stores *where* the name was found (position along the MRO, index in that
//!   class's namespace), not the value, so the cache keeps no attribute value alive after its
//!   class dropped it. The position stays right for the same reason the entry does: a new
//!   name, a deletion or an overwrite anywhere along the MRO changes the version.
//!
//! An entry also remembers the name's index among the class's shared keys (the inline-value
//! slot an instance keeps it in), so a generic `obj.name` costs one probe where CPython does
//! a second lookup in the instance's keys. Shared keys are only ever appended, so an index
//! found stays right; "not a shared key" is kept with the number of keys it was true for.
//!
//! CPython's table belongs to the interpreter; here there is one per thread (version tags are
//! unique per thread, see `next_type_version`), and each class holds a handle to it
//! (`Class::type_cache`, taken from its base when it is made), so a lookup reaches the table
//! with one load where a thread-local access costs ~25 instructions.

use std::cell::{Cell, OnceCell};
use std::rc::Rc;

use super::class::Class;
use crate::value::Value;

/// log2 of the number of entries (CPython's `MCACHE_SIZE_EXP`).
const SIZE_EXP: u32 = 12;

/// `Entry::owner` when no class along the MRO has the name (a cached miss).
const ABSENT: u32 = u32::MAX;

/// `Entry::keys_index` when the name is not among the class's shared keys.
const NO_KEY: u32 = u32::MAX;

/// A name as the cache compares it: its length and two little-endian words, the first and
/// the last 8 bytes (overlapping below 16 bytes; below 8, packed from 4-byte or single-byte
/// reads). Together they hold every byte of a name of up to 16 bytes, so for those names
/// equal keys mean equal names.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    len: usize,
    head: u64,
    tail: u64,
}

/// Names up to this length are identified by their `Key` alone.
const SHORT: usize = 16;

impl Key {
    #[inline]
    fn of(name: &str) -> Key {
        let b = name.as_bytes();
        let n = b.len();
        let word = |at: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[at..at + 8]);
            u64::from_le_bytes(w)
        };
        let (head, tail) = if n >= 8 {
            (word(0), word(n - 8))
        } else if n >= 4 {
            let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
            (u64::from(lo) | u64::from(hi) << 32, 0)
        } else if n > 0 {
            let w = u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16;
            (w, 0)
        } else {
            (0, 0)
        };
        Key { len: n, head, tail }
    }

    /// The entry for this name and `version`: the top bits of a multiplicative hash (its
    /// best-mixed ones) with the version folded in, as CPython's `MCACHE_HASH`.
    #[inline]
    fn slot(&self, version: u32) -> usize {
        let h = (self.head ^ self.tail.rotate_left(29) ^ self.len as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        ((h >> (64 - SIZE_EXP)) as usize ^ version as usize) & ((1 << SIZE_EXP) - 1)
    }
}

#[derive(Clone, Copy)]
struct Entry {
    /// The version tag of the class this entry answers for; 0 for an unused entry (version
    /// tags start at 1).
    version: u32,
    /// Position along the MRO of the class that has the name (0: the class itself), or
    /// `ABSENT` (cached for short names only: a long name needs a key to compare with).
    owner: u32,
    /// Index of the name in that class's namespace.
    index: u32,
    /// Index of the name among the class's shared keys, or `NO_KEY` while the class had
    /// `keys_len` of them.
    keys_index: u32,
    keys_len: u32,
    key: Key,
}

const EMPTY: Entry = Entry {
    version: 0,
    owner: ABSENT,
    index: 0,
    keys_index: NO_KEY,
    keys_len: 0,
    key: Key {
        len: 0,
        head: 0,
        tail: 0,
    },
};

/// The table (see the module docs). Allocated on the first miss.
#[derive(Default)]
pub struct TypeCache {
    entries: OnceCell<Box<[Cell<Entry>]>>,
}

thread_local! {
    static TABLE: Rc<TypeCache> = Rc::default();
}

/// This thread's table, for a class without a base (`object`): the others share their base's.
pub(super) fn thread_table() -> Rc<TypeCache> {
    TABLE.with(Rc::clone)
}

/// `name` along `class`'s MRO, and the position of the class that has it (`_PyType_Lookup`).
#[inline]
pub(super) fn lookup(class: &Class, name: &str) -> Option<(Value, u32)> {
    probe(class, name).0
}

/// `lookup`, and the index of `name` among `class`'s shared keys (where an instance with
/// inline values keeps the attribute), for the generic instance attribute paths.
// Always inlined, as `probe`: its answer would otherwise travel through memory.
#[inline(always)]
pub(super) fn lookup_with_key(class: &Class, name: &str) -> (Option<Value>, Option<usize>) {
    let (found, e) = probe(class, name);
    let key_index = match e.keys_index {
        NO_KEY if e.keys_len as usize != class.shared_keys.borrow().len() => {
            // Names were added since: look again, and remember.
            let (keys_index, keys_len) = shared_key(class, name);
            if e.version != 0 {
                if let Some(entries) = class.type_cache.entries.get() {
                    let slot = e.key.slot(e.version);
                    entries[slot].set(Entry {
                        keys_index,
                        keys_len,
                        ..e
                    });
                }
            }
            keys_index
        }
        i => i,
    };
    (
        found.map(|(v, _)| v),
        (key_index != NO_KEY).then_some(key_index as usize),
    )
}

/// The answer and the entry it came from (filled on a miss; version 0 when not cached).
/// Always inlined into its two callers: as a call it returned its 72-byte answer through
/// memory and saved six registers (a hit cost ~100 instructions; inlined with
/// `lookup_with_key`, a generic load costs ~35 fewer).
#[inline(always)]
fn probe(class: &Class, name: &str) -> (Option<(Value, u32)>, Entry) {
    let version = class.version.get();
    let key = Key::of(name);
    let slot = key.slot(version);
    if let Some(entries) = class.type_cache.entries.get() {
        let e = entries[slot].get();
        if e.version == version && e.key == key {
            if e.owner == ABSENT {
                return (None, e);
            }
            if let Some(v) = read(class, e.owner, e.index, name, key.len > SHORT) {
                return (Some((v, e.owner)), e);
            }
        }
    }
    fill(class, name, version, key, slot)
}

/// The index of `name` among the shared keys (or `NO_KEY`), and their number.
fn shared_key(class: &Class, name: &str) -> (u32, u32) {
    let keys = class.shared_keys.borrow();
    let index = keys.get_index_of(name).map_or(NO_KEY, |i| i as u32);
    (index, keys.len() as u32)
}

/// A miss: walk the MRO and remember the answer.
#[cold]
fn fill(
    class: &Class,
    name: &str,
    version: u32,
    key: Key,
    slot: usize,
) -> (Option<(Value, u32)>, Entry) {
    let found = walk(class, name);
    let place = match &found {
        Some((_, owner, index)) => u32::try_from(*index).ok().map(|i| (*owner, i)),
        None if key.len <= SHORT => Some((ABSENT, 0)),
        None => None,
    };
    let (keys_index, keys_len) = shared_key(class, name);
    let mut entry = Entry {
        version: 0,
        owner: ABSENT,
        index: 0,
        keys_index,
        keys_len,
        key,
    };
    if let Some((owner, index)) = place {
        entry = Entry {
            version,
            owner,
            index,
            ..entry
        };
        let entries = class
            .type_cache
            .entries
            .get_or_init(|| vec![Cell::new(EMPTY); 1 << SIZE_EXP].into_boxed_slice());
        entries[slot].set(entry);
    }
    (found.map(|(v, owner, _)| (v, owner)), entry)
}

/// The MRO walk: the value, the position of the class that has it and its index in that
/// class's namespace.
fn walk(class: &Class, name: &str) -> Option<(Value, u32, usize)> {
    let mro = std::iter::once(class).chain(class.mro_after_self().iter().map(|c| &**c));
    for (pos, c) in mro.enumerate() {
        if let Some((index, _, v)) = c.dict.borrow().get_full(name) {
            return Some((v.clone(), pos as u32, index));
        }
    }
    None
}

/// The value a hit points at; for a long name, only if the key there is the name (another
/// long name can share its `Key`).
#[inline(always)]
fn read(class: &Class, owner: u32, index: u32, name: &str, long: bool) -> Option<Value> {
    let c = match owner.checked_sub(1) {
        None => class,
        Some(i) => class.mro_after_self().get(i as usize)?,
    };
    let dict = c.dict.borrow();
    let (key, v) = dict.get_index(index as usize)?;
    if long && &**key != name {
        return None;
    }
    // Invariant: the version matched, so the namespace is as the walk saw it.
    debug_assert_eq!(&**key, name, "type cache entry out of date");
    Some(v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::namehash::NameMap;
    use crate::object::TypeKind;

    fn class(name: &str, base: Option<Rc<Class>>, attrs: &[(&str, i64)]) -> Rc<Class> {
        let mut dict = NameMap::default();
        for (k, v) in attrs {
            dict.insert(Rc::from(*k), Value::Int(*v));
        }
        Class::new(name, TypeKind::User, base, dict, false)
    }

    fn check(c: &Class, name: &str, expected: Option<i64>) {
        let got = c.lookup(name).map(|v| match v {
            Value::Int(i) => i,
            _ => panic!("not an int"),
        });
        assert_eq!(got, expected, "{}.{name}", c.name.as_str());
    }

    #[test]
    fn answers_follow_every_change_along_the_mro() {
        let base = class("Base", None, &[("f", 1), ("g", 2)]);
        let sub = class("Sub", Some(base.clone()), &[("g", 3)]);
        // Twice each: the second answer comes from the cache.
        for _ in 0..2 {
            check(&sub, "f", Some(1));
            check(&sub, "g", Some(3));
            check(&sub, "h", None);
        }
        base.set_attr(Rc::from("f"), Value::Int(10));
        base.set_attr(Rc::from("h"), Value::Int(11));
        for _ in 0..2 {
            check(&sub, "f", Some(10));
            check(&sub, "h", Some(11));
        }
        // A deletion moves later entries of the namespace down: positions must not survive.
        base.dict.borrow_mut().shift_remove("f");
        base.invalidate();
        check(&sub, "f", None);
        check(&sub, "h", Some(11));
        sub.dict.borrow_mut().shift_remove("g");
        sub.invalidate();
        check(&sub, "g", Some(2));
        check(&base, "g", Some(2));
    }

    #[test]
    fn short_keys_tell_every_name_apart() {
        let names = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abb",
            "aab",
            "abc",
            "abcd",
            "abcde",
            "aaaaa",
            "aaaa",
            "__init__",
            "__init_",
            "packet_pending",
            "packet_pendinh",
            "0123456789abcdef",
            "0123456789abcdeF",
            "0123456789abcdef0",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                if a.len() <= SHORT && b.len() <= SHORT {
                    assert!(Key::of(a) != Key::of(b), "{a:?} and {b:?} share a key");
                }
            }
        }
        // Longer names may share a key (same length, ends and start): the text decides.
        let (x, y) = ("01234567_x_bcdefgh", "01234567_y_bcdefgh");
        assert!(Key::of(x) == Key::of(y));
        let c = class("L", None, &[(x, 1)]);
        check(&c, x, Some(1));
        check(&c, y, None);
        check(&c, x, Some(1));
    }

    #[test]
    fn long_names_and_colliding_slots_still_answer() {
        let long = "x".repeat(200);
        let c = class("C", None, &[(long.as_str(), 7)]);
        check(&c, &long, Some(7));
        check(&c, &long, Some(7));
        // Many classes and names compete for 4096 entries; every answer stays right.
        let classes: Vec<Rc<Class>> = (0..64)
            .map(|i| class("K", None, &[("a", i), ("b", -i)]))
            .collect();
        for _ in 0..2 {
            for (i, c) in classes.iter().enumerate() {
                check(c, "a", Some(i as i64));
                check(c, "b", Some(-(i as i64)));
                check(c, "c", None);
            }
        }
    }
}
