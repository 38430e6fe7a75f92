//! `__slots__`: member descriptors, fixed per-instance storage, and where a class keeps the
//! attributes that are not slots (its `DictKind`).
//!
//! A class body that assigns `__slots__ = ("a", "b")` asks for instances with two fixed
//! storage cells and (unless `"__dict__"` is listed or a base already has one) no `__dict__`.
//! CPython builds this as a *member descriptor* per name, stored in the class namespace:
//!
//! ```text
//!   class Pair:                     Pair.__dict__:   'a' -> <member 'a' of 'Pair' objects>  offset 16
//!       __slots__ = ("a", "b")                       'b' -> <member 'b' of 'Pair' objects>  offset 24
//!
//!   Pair(1, 2) in memory:  [ refcount | ob_type | a | b ]      (no dict pointer, no inline values)
//!                           0          8         16  24
//! ```
//!
//! Reading `p.a` finds the member descriptor on the type, and the descriptor reads the object at
//! its byte offset; an empty cell raises `AttributeError`. The specializer turns that into
//! `LOAD_ATTR_SLOT` / `STORE_ATTR_SLOT`, whose inline cache holds the byte offset. Here an
//! instance's member values are a vector (`Instance::members`), and a `MemberDescr` keeps its
//! index there; [`member_offset`] converts to CPython's offset for the cache.
//!
//! Slot names are mangled (`__x` in class `C` is `_C__x`) and sorted before offsets are handed
//! out, as CPython does, so offsets follow alphabetical order, not the order written.

use std::rc::{Rc, Weak};

use super::{Class, PyStr};
use crate::exceptions::{self as exc, PyResult};
use crate::value::Value;

/// Where instances of a class keep attributes that are not `__slots__` members. This decides
/// which `LOAD_ATTR`/`STORE_ATTR` forms CPython 3.13 can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictKind {
    /// No `__dict__` at all: every base declares `__slots__` without `"__dict__"`
    /// (`tp_dictoffset == 0`). Method and class-attribute loads use the `*_NO_DICT` forms.
    None,
    /// A managed dict with inline values (`Py_TPFLAGS_INLINE_VALUES`): the plain class case,
    /// attributes live in a values array indexed by the class's shared keys.
    InlineValues,
    /// A managed dict without inline values (`Py_TPFLAGS_MANAGED_DICT` only): the object layout
    /// has slot members, so the values cannot sit right after the header. The dict is created
    /// on the first attribute store.
    Managed,
    /// A dict pointer at a fixed offset in the object (`tp_dictoffset > 0`): exceptions, whose
    /// `BaseException` struct has its own `dict` field, created on the first attribute store.
    Offset,
}

impl DictKind {
    /// True when instances can hold attributes outside the slots.
    pub fn has_dict(self) -> bool {
        self != DictKind::None
    }
}

/// The byte offset of the first slot member of a class whose bases are `object`:
/// `sizeof(PyObject)` (a reference count and a type pointer).
pub const FIRST_MEMBER_OFFSET: u16 = 16;

/// The byte offset of `ob_type` in every object: `LOAD_ATTR_SLOT` for `obj.__class__` reads
/// the type pointer as if it were a slot (CPython's `DUNDER_CLASS` case).
pub const OB_TYPE_OFFSET: u16 = 8;

/// CPython's byte offset of member `index` (what `LOAD_ATTR_SLOT`'s cache stores).
pub fn member_offset(index: usize) -> Option<u16> {
    u16::try_from(index)
        .ok()
        .and_then(|i| i.checked_mul(8))
        .and_then(|o| o.checked_add(FIRST_MEMBER_OFFSET))
}

/// The member index behind a cached byte offset; `None` for `OB_TYPE_OFFSET`.
pub fn member_index(offset: u16) -> Option<usize> {
    offset
        .checked_sub(FIRST_MEMBER_OFFSET)
        .map(|o| usize::from(o / 8))
}

/// A member descriptor (`member_descriptor`, CPython's `PyMemberDescrObject` for a
/// `Py_T_OBJECT_EX` member): one `__slots__` name of one class.
pub struct MemberDescr {
    pub name: Rc<PyStr>,
    /// The class that declared the slot (`d_type`); weak because the class owns the descriptor.
    pub owner: Weak<Class>,
    /// The declaring class's name, for the repr even after the class is gone.
    pub owner_name: Rc<PyStr>,
    /// Index into `Instance::members`.
    pub index: usize,
}

impl MemberDescr {
    /// `<member 'a' of 'Pair' objects>`.
    pub fn repr(&self) -> String {
        format!(
            "<member '{}' of '{}' objects>",
            self.name.as_str(),
            self.owner_name.as_str()
        )
    }
}

/// What a class body's `__slots__` asks for.
#[derive(Debug, Default)]
pub struct SlotSpec {
    /// Member names, mangled and sorted (the order of their offsets).
    pub names: Vec<Rc<str>>,
    /// `"__dict__"` was listed.
    pub add_dict: bool,
}

/// Reads a `__slots__` value: one `str`, or a tuple, list or dict (its keys) of `str`s.
/// `class_name` mangles private names; `base_has_dict` rejects a second `"__dict__"`.
pub fn parse_slots(value: &Value, class_name: &str, base_has_dict: bool) -> PyResult<SlotSpec> {
    let items: Vec<Value> = match value {
        Value::Str(_) => vec![value.clone()],
        Value::Tuple(t) => t.to_vec(),
        Value::List(l) => l.borrow().clone(),
        Value::Dict(d) => d.borrow().iter().map(|(k, _)| k.clone()).collect(),
        other => {
            return Err(exc::type_error(format!(
                "'{}' object is not iterable",
                super::type_name_of(other)
            )))
        }
    };
    let mut spec = SlotSpec::default();
    for item in &items {
        let Value::Str(s) = item else {
            return Err(exc::type_error(format!(
                "__slots__ items must be strings, not '{}'",
                super::type_name_of(item)
            )));
        };
        let name = s.as_str();
        if !is_identifier(name) {
            return Err(exc::type_error("__slots__ must be identifiers"));
        }
        match name {
            "__dict__" if base_has_dict || spec.add_dict => {
                return Err(exc::type_error(
                    "__dict__ slot disallowed: we already got one",
                ))
            }
            "__dict__" => spec.add_dict = true,
            // Weak references are not modelled; the slot only reserves a pointer in CPython.
            "__weakref__" => {}
            _ => spec.names.push(Rc::from(mangle(class_name, name))),
        }
    }
    spec.names.sort();
    spec.names.dedup();
    Ok(spec)
}

/// Private name mangling (`__x` in class `_C` becomes `_C__x`), as the compiler does.
pub fn mangle(class_name: &str, name: &str) -> String {
    let stripped = class_name.trim_start_matches('_');
    if !name.starts_with("__") || name.ends_with("__") || stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

/// `str.isidentifier()` for the ASCII names our subset uses (letters, digits, underscores,
/// not starting with a digit), extended to any alphabetic character.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The `AttributeError` for storing (or deleting) a non-slot attribute on an instance without
/// `__dict__`: a class attribute of that name is "read-only", any other name has nowhere to go.
pub fn no_dict_error(class: &str, name: &str, class_attr: bool) -> crate::exceptions::PyErr {
    let msg = if class_attr {
        format!("'{class}' object attribute '{name}' is read-only")
    } else {
        format!(
            "'{class}' object has no attribute '{name}' and no __dict__ for setting new attributes"
        )
    };
    exc::new("AttributeError", msg)
}

/// `ValueError` when a slot name is also a class variable (CPython refuses the class).
pub fn check_conflicts(spec: &SlotSpec, namespace_has: impl Fn(&str) -> bool) -> PyResult<()> {
    match spec.names.iter().find(|n| namespace_has(n)) {
        Some(n) => Err(exc::new(
            "ValueError",
            format!("'{n}' in __slots__ conflicts with class variable"),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: Value) -> Vec<String> {
        let spec = parse_slots(&v, "Pair", false).map_err(|_| ()).unwrap();
        spec.names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn slots_are_sorted_and_mangled() {
        let v = Value::tuple(vec![Value::str("b"), Value::str("a"), Value::str("__p")]);
        assert_eq!(names(v), ["_Pair__p", "a", "b"]);
        assert_eq!(names(Value::str("xy")), ["xy"]);
    }

    #[test]
    fn offsets_round_trip() {
        assert_eq!(member_offset(0), Some(16));
        assert_eq!(member_offset(2), Some(32));
        assert_eq!(member_index(32), Some(2));
        assert_eq!(member_index(OB_TYPE_OFFSET), None);
    }

    #[test]
    fn bad_slots_are_type_errors() {
        assert!(parse_slots(&Value::Int(5), "C", false).is_err());
        assert!(parse_slots(&Value::tuple(vec![Value::Int(1)]), "C", false).is_err());
        assert!(parse_slots(&Value::str("1a"), "C", false).is_err());
        assert!(parse_slots(&Value::str("__dict__"), "C", true).is_err());
    }
}
