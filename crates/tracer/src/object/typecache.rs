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
//! - The key is the name's text, hashed with `NameMap`'s hash and compared on a hit; CPython
//!   compares string pointers, which needs its interned strings.
//! - An entry stores *where* the name was found (position along the MRO, index in that
//!   class's namespace), not the value, so the cache keeps no attribute value alive after its
//!   class dropped it. The position stays right for the same reason the entry does: a new
//!   name, a deletion or an overwrite anywhere along the MRO changes the version.

use std::cell::RefCell;
use std::rc::Rc;

use super::class::Class;
use super::namehash::hash_name;
use crate::value::Value;

/// log2 of the number of entries (CPython's `MCACHE_SIZE_EXP`).
const SIZE_EXP: u32 = 12;

/// Longer names are looked up without the cache (CPython's `MCACHE_MAX_ATTR_SIZE`).
const MAX_NAME_LEN: usize = 100;

/// `Entry::owner` when no class along the MRO has the name (a cached miss).
const ABSENT: u32 = u32::MAX;

#[derive(Clone)]
struct Entry {
    /// The version tag of the class this entry answers for; 0 for an unused entry (version
    /// tags start at 1).
    version: u32,
    /// Position along the MRO of the class that has the name (0: the class itself), or
    /// `ABSENT`.
    owner: u32,
    /// Index of the name in that class's namespace.
    index: u32,
    name: Option<Rc<str>>,
}

const EMPTY: Entry = Entry {
    version: 0,
    owner: ABSENT,
    index: 0,
    name: None,
};

thread_local! {
    /// One cache per thread, as CPython has one per interpreter: version tags are unique per
    /// thread (`next_type_version`), so the VMs of a thread can share it. Allocated on first
    /// use.
    static CACHE: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// The entry for `(version, name)`: the top bits of the name's hash (its best-mixed ones)
/// with the version folded in.
#[inline]
fn slot(version: u32, hash: u64) -> usize {
    ((hash >> (64 - SIZE_EXP)) as usize ^ version as usize) & ((1 << SIZE_EXP) - 1)
}

/// `name` along `class`'s MRO, and the class that has it (`_PyType_Lookup`).
#[inline]
pub(super) fn lookup(class: &Class, name: &str) -> Option<(Value, u32)> {
    if name.len() > MAX_NAME_LEN {
        return walk(class, name).map(|(v, owner, _, _)| (v, owner));
    }
    let version = class.version.get();
    let slot = slot(version, hash_name(name));
    let cached = CACHE.with(|cache| {
        let cache = cache.borrow();
        let e = cache.get(slot)?;
        (e.version == version && e.name.as_deref() == Some(name)).then_some((e.owner, e.index))
    });
    match cached {
        Some((ABSENT, _)) => None,
        Some((owner, index)) => read(class, owner, index, name).map(|v| (v, owner)),
        None => fill(class, name, version, slot),
    }
}

/// A miss: walk the MRO and remember the answer.
#[cold]
fn fill(class: &Class, name: &str, version: u32, slot: usize) -> Option<(Value, u32)> {
    let found = walk(class, name);
    let (owner, index, key) = match &found {
        Some((_, owner, index, key)) => (*owner, u32::try_from(*index).ok(), key.clone()),
        None => (ABSENT, Some(0), Rc::from(name)),
    };
    if let Some(index) = index {
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.is_empty() {
                cache.resize(1 << SIZE_EXP, EMPTY);
            }
            cache[slot] = Entry {
                version,
                owner,
                index,
                name: Some(key),
            };
        });
    }
    found.map(|(v, owner, _, _)| (v, owner))
}

/// The MRO walk: the value, the position of the class that has it, its index in that
/// class's namespace and the key stored there.
fn walk(class: &Class, name: &str) -> Option<(Value, u32, usize, Rc<str>)> {
    let mro = std::iter::once(class).chain(class.mro_after_self().iter().map(|c| &**c));
    for (pos, c) in mro.enumerate() {
        if let Some((index, key, v)) = c.dict.borrow().get_full(name) {
            return Some((v.clone(), pos as u32, index, key.clone()));
        }
    }
    None
}

/// The value a hit points at.
#[inline]
fn read(class: &Class, owner: u32, index: u32, name: &str) -> Option<Value> {
    let c = match owner.checked_sub(1) {
        None => class,
        Some(i) => class.mro_after_self().get(i as usize)?,
    };
    let dict = c.dict.borrow();
    let (key, v) = dict.get_index(index as usize)?;
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
    fn long_names_and_colliding_slots_still_answer() {
        let long = "x".repeat(MAX_NAME_LEN + 1);
        let c = class("C", None, &[(long.as_str(), 7)]);
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
