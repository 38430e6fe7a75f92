//! Classes and instances, with the two pieces of state the specializer keys on.
//!
//! - `Class::version` is CPython's `tp_version_tag`: a number that identifies the current
//!   contents of the class namespace (and its bases'). `LOAD_ATTR_*`/`STORE_ATTR_*`/`CALL_*`
//!   caches store it and guard with `_GUARD_TYPE_VERSION`; assigning a class attribute hands
//!   out a new version to the class and all its subclasses, so every cache goes stale at once.
//! - Instance attributes live in "inline values" (3.13's `Py_TPFLAGS_INLINE_VALUES`): a vector
//!   indexed by the class's *shared keys*, the attribute names in first-assignment order. A
//!   cache can thus remember "attribute `x` is slot 0 of every `Point`" and read it without a
//!   dict lookup (`LOAD_ATTR_INSTANCE_VALUE`).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use indexmap::IndexMap;

use super::PyStr;
use crate::value::Value;

/// The builtin layout a class (or its nearest builtin base) has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    Method,
    BuiltinFunction,
    Module,
    Generator,
    Iterator,
    /// `BaseException` and every exception class.
    Exception,
    /// Helpers with a fixed behaviour: `enumerate`, `zip`, `reversed`, `super`, `map`, `filter`.
    Enumerate,
    Zip,
    Reversed,
    Map,
    Filter,
    Super,
    Property,
    /// A class defined by a `class` statement (with the builtin base's kind recorded in `base`).
    User,
}

/// Maximum number of shared keys (inline value slots) per class, as CPython's
/// `SHARED_KEYS_MAX_SIZE`; further attributes go to a per-instance dict.
pub const SHARED_KEYS_MAX: usize = 30;

thread_local! {
    static NEXT_TYPE_VERSION: Cell<u32> = const { Cell::new(1) };
}

/// A fresh type version tag.
pub fn next_type_version() -> u32 {
    NEXT_TYPE_VERSION.with(|n| {
        let v = n.get();
        n.set(v + 1);
        v
    })
}

/// A class object.
pub struct Class {
    pub name: Rc<PyStr>,
    pub qualname: Rc<PyStr>,
    pub kind: TypeKind,
    pub base: Option<Rc<Class>>,
    /// The class namespace (`__dict__`), in definition order.
    pub dict: RefCell<IndexMap<Rc<str>, Value>>,
    /// `tp_version_tag`; see the module docs.
    pub version: Cell<u32>,
    /// Attribute names of instances, in first-assignment order (the shared keys).
    pub shared_keys: RefCell<IndexMap<Rc<str>, ()>>,
    pub subclasses: RefCell<Vec<Weak<Class>>>,
    /// True for builtin types (immutable, `Py_TPFLAGS_IMMUTABLETYPE`).
    pub builtin: bool,
    /// The builtin kind this class's instances have (its own for builtins; inherited).
    pub layout: TypeKind,
}

impl Class {
    /// A new class; registers itself with its base for version invalidation.
    pub fn new(
        name: &str,
        kind: TypeKind,
        base: Option<Rc<Class>>,
        dict: IndexMap<Rc<str>, Value>,
        builtin: bool,
    ) -> Rc<Class> {
        Class::new_qualified(name, name, kind, base, dict, builtin)
    }

    /// A new class with a qualified name distinct from its name (nested classes).
    pub fn new_qualified(
        name: &str,
        qualname: &str,
        kind: TypeKind,
        base: Option<Rc<Class>>,
        dict: IndexMap<Rc<str>, Value>,
        builtin: bool,
    ) -> Rc<Class> {
        let layout = match (&base, kind) {
            (Some(b), TypeKind::User) => b.layout,
            _ => kind,
        };
        let class = Rc::new(Class {
            name: Rc::new(PyStr::new(name.to_string())),
            qualname: Rc::new(PyStr::new(qualname.to_string())),
            kind,
            base: base.clone(),
            dict: RefCell::new(dict),
            version: Cell::new(next_type_version()),
            shared_keys: RefCell::new(IndexMap::new()),
            subclasses: RefCell::new(Vec::new()),
            builtin,
            layout,
        });
        if let Some(b) = base {
            b.subclasses.borrow_mut().push(Rc::downgrade(&class));
        }
        class
    }

    /// True for the `type` metaclass itself.
    pub fn is_meta(&self) -> bool {
        self.kind == TypeKind::Type
    }

    /// The method resolution order: this class, then its bases (single inheritance).
    pub fn mro(self: &Rc<Self>) -> Vec<Rc<Class>> {
        let mut out = vec![self.clone()];
        let mut cur = self.base.clone();
        while let Some(c) = cur {
            cur = c.base.clone();
            out.push(c);
        }
        out
    }

    /// Looks `name` up along the MRO (`_PyType_Lookup`).
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.dict.borrow().get(name) {
            return Some(v.clone());
        }
        let mut cur = self.base.clone();
        while let Some(c) = cur {
            if let Some(v) = c.dict.borrow().get(name) {
                return Some(v.clone());
            }
            cur = c.base.clone();
        }
        None
    }

    /// Like `lookup`, also returning the class that defines the name.
    pub fn lookup_with_owner(self: &Rc<Self>, name: &str) -> Option<(Value, Rc<Class>)> {
        for c in self.mro() {
            if let Some(v) = c.dict.borrow().get(name) {
                return Some((v.clone(), c.clone()));
            }
        }
        None
    }

    /// True when `self` is `other` or a subclass of it.
    pub fn is_subclass(&self, other: &Class) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        let mut cur = self.base.clone();
        while let Some(c) = cur {
            if std::ptr::eq(&*c, other) {
                return true;
            }
            cur = c.base.clone();
        }
        false
    }

    /// Sets a class attribute and invalidates this class's and every subclass's version.
    pub fn set_attr(&self, name: Rc<str>, value: Value) {
        self.dict.borrow_mut().insert(name, value);
        self.invalidate();
    }

    /// Hands out new version tags to this class and its subclasses (`PyType_Modified`).
    pub fn invalidate(&self) {
        self.version.set(next_type_version());
        for sub in self.subclasses.borrow().iter() {
            if let Some(sub) = sub.upgrade() {
                sub.invalidate();
            }
        }
    }

    /// The slot of a shared key, adding it when there is room (`insert_into_shared_keys`).
    pub fn shared_key_index(&self, name: &str, add: bool) -> Option<usize> {
        let mut keys = self.shared_keys.borrow_mut();
        if let Some(i) = keys.get_index_of(name) {
            return Some(i);
        }
        if add && keys.len() < SHARED_KEYS_MAX {
            keys.insert(Rc::from(name), ());
            return Some(keys.len() - 1);
        }
        None
    }
}

/// The state of an exception instance (`args`, traceback entries, context).
#[derive(Default)]
pub struct ExcState {
    pub args: Vec<Value>,
    /// `(code name, filename, line, source position)` from the raise point outwards.
    pub traceback: Vec<TracebackEntry>,
    pub context: Option<Value>,
    pub cause: Option<Value>,
}

/// One frame line of a traceback.
#[derive(Clone, Debug)]
pub struct TracebackEntry {
    pub filename: Rc<str>,
    pub name: Rc<str>,
    pub code: Rc<crate::code::CodeObject>,
    pub index: usize,
}

/// An instance of a user class (or of an exception class).
pub struct Instance {
    pub class: Rc<Class>,
    /// Inline values, indexed by the class's shared keys; `Value::Null` = not set.
    pub slots: RefCell<Vec<Value>>,
    /// Attributes that did not fit in the shared keys (a materialized `__dict__`).
    pub dict: RefCell<Option<IndexMap<Rc<str>, Value>>>,
    /// Present for exception instances.
    pub exc: Option<RefCell<ExcState>>,
}

impl Instance {
    /// A fresh instance with no attributes.
    pub fn new(class: Rc<Class>) -> Instance {
        let exc = (class.layout == TypeKind::Exception).then(|| RefCell::new(ExcState::default()));
        // Room for every shared key up front: `__init__` fills them without regrowing.
        let slots = Vec::with_capacity(class.shared_keys.borrow().len());
        Instance {
            class,
            slots: RefCell::new(slots),
            dict: RefCell::new(None),
            exc,
        }
    }

    /// Reads an instance attribute (inline values first, then the overflow dict).
    pub fn get_attr(&self, name: &str) -> Option<Value> {
        if let Some(i) = self.class.shared_keys.borrow().get_index_of(name) {
            if let Some(v) = self.slots.borrow().get(i) {
                if !v.is_null() {
                    return Some(v.clone());
                }
            }
        }
        self.dict
            .borrow()
            .as_ref()
            .and_then(|d| d.get(name).cloned())
    }

    /// Writes an instance attribute.
    pub fn set_attr(&self, name: &str, value: Value) {
        if self.dict.borrow().is_none() {
            if let Some(i) = self.class.shared_key_index(name, true) {
                self.set_slot(i, value);
                return;
            }
        }
        let mut d = self.dict.borrow_mut();
        d.get_or_insert_with(IndexMap::new)
            .insert(Rc::from(name), value);
    }

    /// Writes inline value `i`.
    #[inline]
    pub fn set_slot(&self, i: usize, value: Value) {
        let mut slots = self.slots.borrow_mut();
        if slots.len() <= i {
            slots.resize(i + 1, Value::Null);
        }
        slots[i] = value;
    }

    /// Deletes an attribute; false when it was not set.
    pub fn del_attr(&self, name: &str) -> bool {
        if let Some(i) = self.class.shared_keys.borrow().get_index_of(name) {
            let mut slots = self.slots.borrow_mut();
            if let Some(v) = slots.get_mut(i) {
                if !v.is_null() {
                    *v = Value::Null;
                    return true;
                }
            }
        }
        let mut d = self.dict.borrow_mut();
        d.as_mut().and_then(|d| d.shift_remove(name)).is_some()
    }
}
