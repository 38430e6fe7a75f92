//! The attributes CPython 3.13's builtin types have, so that one the VM lacks is refused by
//! name ("not supported yet: str.casefold") rather than reported missing with an AttributeError
//! CPython would never raise, which a program could even catch and go on differently.
//!
//! The table (`cpython_attrs.txt`, one line per type: its name, then what `dir()` lists for
//! it) is written by `scripts/cpython-attrs.py` under python3.13 and checked against it by
//! tests/cpython_attrs.rs. Only the error path reads it: a lookup that succeeds never does.
//!
//! ```text
//!   "abc".casefold       str's dict: no  -> table: str has casefold  -> NotImplementedError
//!   "abc".nosuch         str's dict: no  -> table: no             -> AttributeError (as CPython)
//!   obj.__sizeof__       class, then its builtin bases (object)   -> "object.__sizeof__"
//! ```

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::OnceLock;

use crate::exceptions::PyErr;
use crate::object::{Class, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

static TABLE: &str = include_str!("cpython_attrs.txt");

/// Type name -> the names CPython finds on it.
fn table() -> &'static HashMap<&'static str, HashSet<&'static str>> {
    static PARSED: OnceLock<HashMap<&'static str, HashSet<&'static str>>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TABLE
            .lines()
            .filter_map(|line| {
                let mut words = line.split(' ');
                Some((words.next()?, words.collect()))
            })
            .collect()
    })
}

/// Whether CPython's type `ty` (by name) has attribute `name`.
pub fn cpython_has(ty: &str, name: &str) -> bool {
    table().get(ty).is_some_and(|names| names.contains(name))
}

/// The table line of builtin class `c` (a builtin exception class shares `BaseException`'s).
fn table_name(c: &Class) -> String {
    if c.layout == TypeKind::Exception {
        "BaseException".to_string()
    } else {
        c.name.as_str().to_string()
    }
}

/// The builtin classes whose attributes an object of class `class` reaches: the builtin ones
/// of its MRO.
fn builtin_owners(class: &Rc<Class>) -> Vec<String> {
    class
        .mro()
        .iter()
        .filter(|c| c.builtin)
        .map(|c| table_name(c))
        .collect()
}

/// For `super().name` that found nothing after `class` in `start`'s MRO: the refusal to raise
/// when CPython would have found `name` on a builtin class there (`object.__str__`).
pub fn unsupported_super_attr(start: &Rc<Class>, class: &Rc<Class>, name: &str) -> Option<PyErr> {
    let mro = start.mro();
    let after = mro
        .iter()
        .position(|c| Rc::ptr_eq(c, class))
        .map_or(0, |i| i + 1);
    let rest = mro[after..].iter().filter(|c| c.builtin);
    let owner = rest
        .map(|c| table_name(c))
        .find(|ty| cpython_has(ty, name))?;
    Some(super::unsupported(&format!("{owner}.{name}")))
}

impl Vm {
    /// For an attribute lookup that found nothing: the refusal to raise instead of the
    /// AttributeError, when CPython would have found `name` on `obj` through a builtin type.
    pub fn unsupported_attr(&self, obj: &Value, name: &str) -> Option<PyErr> {
        let owners = match obj {
            Value::Instance(inst) => builtin_owners(&inst.class),
            Value::Native(n) => builtin_owners(&n.class),
            Value::Type(c) => {
                let mut owners = builtin_owners(c);
                owners.push("type".to_string());
                owners
            }
            Value::Module(_) => return None,
            other => vec![crate::object::type_name_of(other)],
        };
        let owner = owners.iter().find(|ty| cpython_has(ty, name))?;
        Some(super::unsupported(&format!("{owner}.{name}")))
    }
}
