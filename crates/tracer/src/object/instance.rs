//! Instances of user classes (and of exception classes): where their attributes live.
//!
//! An instance keeps its attributes by the class's *shared keys* (`Class::shared_keys`): in
//! inline values for `DictKind::InlineValues` classes, or in a split dict for
//! `DictKind::Managed` ones, until it outgrows them and everything moves to a real dict
//! (`Instance::dict`). `__slots__` members have fixed cells (`Instance::members`), an
//! exception carries its `ExcState`, and an instance of a `list`/`dict`/`int`/... subclass
//! carries the builtin value its base would be (`Instance::payload`, see
//! `builtins/subclass.rs`).

use crate::object::namehash::NameMap;
use std::cell::RefCell;
use std::rc::Rc;

use super::class::{Class, ExcState, TypeKind};
use super::slots::DictKind;
use crate::value::Value;

/// An instance of a user class (or of an exception class).
pub struct Instance {
    pub class: Rc<Class>,
    /// Values indexed by the class's shared keys; `Value::Null` = not set. For
    /// `DictKind::InlineValues` these are the inline values; for `DictKind::Managed` they stand
    /// for CPython's *split* dict (created by the first store, sharing the class's keys), so a
    /// non-empty vector means that dict exists. Used only while `dict` is `None`.
    pub slots: RefCell<Vec<Value>>,
    /// A real (combined) `__dict__`. For the two shared-keys layouts, `Some` means the values
    /// outgrew the shared keys and every attribute moved here; for `DictKind::Offset` classes
    /// (exceptions) it is the only storage, created by the first store. Boxed: most instances
    /// never have one, and the map's 56 bytes inline made every instance larger.
    pub dict: RefCell<Option<Box<NameMap<Value>>>>,
    /// Whether `dict` is `Some` (it never goes back to `None`): a flag the JIT's machine
    /// code can read for `_CHECK_MANAGED_OBJECT_HAS_VALUES` (an `Option`'s layout is not
    /// defined, a `Cell<bool>`'s is).
    pub has_dict: std::cell::Cell<bool>,
    /// `__slots__` member cells, one per member of the class and its bases; `Value::Null` =
    /// not set. Invariant: `members.len() == class.nslots`.
    pub members: RefCell<Vec<Value>>,
    /// The order this instance assigned its values, as indices into `slots` (CPython's values
    /// `order` array), kept only once it differs from ascending key order; `None` = ascending.
    /// It decides the order of `__dict__` and of the dict the values move to. Boxed, as it is
    /// rare (one pointer inline instead of a vector's three words; the extra allocation
    /// clippy warns about is made only by the instances that need an order).
    #[allow(clippy::box_collection)]
    order: RefCell<Option<Box<Vec<u8>>>>,
    /// Present for exception instances. Boxed: the state is 160 bytes that every other
    /// instance would carry unused (it made a `Point` of pyperformance's float 352 bytes).
    pub exc: Option<Box<RefCell<ExcState>>>,
    /// The builtin value of an instance of a `list` or `dict` subclass (see
    /// `builtins/subclass.rs`); `None` for every other instance.
    pub payload: Option<Value>,
}

impl Instance {
    /// A fresh instance with no attributes (and the default payload of its builtin base).
    pub fn new(class: Rc<Class>) -> Instance {
        let payload = if class.builtin {
            None
        } else {
            crate::builtins::subclass::new_payload(class.layout)
        };
        Instance::with_payload(class, payload)
    }

    /// A fresh instance with no attributes carrying `payload` (see `builtins/subclass.rs`).
    pub fn with_payload(class: Rc<Class>, payload: Option<Value>) -> Instance {
        let exc = (class.layout == TypeKind::Exception)
            .then(|| Box::new(RefCell::new(ExcState::default())));
        let members = vec![Value::Null; class.nslots];
        if class.dict_kind == DictKind::InlineValues {
            class.reserve_inline_values();
        }
        // Room for every shared key up front: `__init__` fills them without regrowing.
        let slots = Vec::with_capacity(class.shared_keys.borrow().len());
        Instance {
            class,
            slots: RefCell::new(slots),
            dict: RefCell::new(None),
            has_dict: std::cell::Cell::new(false),
            members: RefCell::new(members),
            order: RefCell::new(None),
            exc,
            payload,
        }
    }

    /// True while attributes live in the inline values (CPython's `values->valid`).
    #[inline]
    pub fn has_inline_values(&self) -> bool {
        self.class.dict_kind == DictKind::InlineValues && self.dict.borrow().is_none()
    }

    /// True while attributes are stored by shared-key index (inline values, or a split dict).
    fn uses_shared_keys(&self) -> bool {
        matches!(
            self.class.dict_kind,
            DictKind::InlineValues | DictKind::Managed
        ) && self.dict.borrow().is_none()
    }

    /// True once a dict object exists for a class whose dict is made on demand (what
    /// `LOAD_ATTR_METHOD_LAZY_DICT` guards against): a split or combined dict for
    /// `DictKind::Managed`, the dict for `DictKind::Offset`.
    pub fn has_lazy_dict(&self) -> bool {
        self.dict.borrow().is_some()
            || (self.class.dict_kind == DictKind::Managed && !self.slots.borrow().is_empty())
    }

    /// Reads an instance attribute (the inline values, or the materialized dict).
    pub fn get_attr(&self, name: &str) -> Option<Value> {
        if let Some(d) = self.dict.borrow().as_ref() {
            return d.get(name).cloned();
        }
        let i = self.class.shared_keys.borrow().get_index_of(name)?;
        self.slots.borrow().get(i).filter(|v| !v.is_null()).cloned()
    }

    /// `get_attr` with the index of `name` among the shared keys already known
    /// (`Class::lookup_with_key`): no hash lookup while the values are inline.
    #[inline(always)]
    pub fn get_attr_at(&self, name: &str, key_index: Option<usize>) -> Option<Value> {
        if let Some(d) = self.dict.borrow().as_ref() {
            return d.get(name).cloned();
        }
        debug_assert_eq!(
            key_index,
            self.class.shared_keys.borrow().get_index_of(name),
            "stale shared-key index"
        );
        self.slots
            .borrow()
            .get(key_index?)
            .filter(|v| !v.is_null())
            .cloned()
    }

    /// `set_attr` with the index of `name` among the shared keys already known, if it is one.
    #[inline]
    pub fn set_attr_at(&self, name: &str, key_index: Option<usize>, value: Value) {
        match key_index {
            Some(i) if self.uses_shared_keys() => self.set_slot(i, value),
            _ => self.set_attr(name, value),
        }
    }

    /// Writes an instance attribute (the caller checked that instances have a dict).
    pub fn set_attr(&self, name: &str, value: Value) {
        if self.uses_shared_keys() {
            if let Some(i) = self.class.shared_key_index(name, true) {
                self.set_slot(i, value);
                return;
            }
            // No room in the shared keys: the values are invalidated (`dict_materialized_new_key`),
            // or a split dict becomes a combined one.
            self.materialize();
        }
        let mut d = self.dict.borrow_mut();
        d.get_or_insert_with(Box::default)
            .insert(Rc::from(name), value);
        self.has_dict.set(true);
    }

    /// Moves the values into a real dict, in shared-key order, and invalidates them.
    fn materialize(&self) {
        let d: NameMap<Value> = self.attributes().into_iter().collect();
        self.slots.borrow_mut().clear();
        *self.order.borrow_mut() = None;
        *self.dict.borrow_mut() = Some(Box::new(d));
        self.has_dict.set(true);
    }

    /// The instance's attributes in assignment order (what `__dict__` shows).
    pub fn attributes(&self) -> Vec<(Rc<str>, Value)> {
        if let Some(d) = self.dict.borrow().as_ref() {
            return d.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        }
        let keys = self.class.shared_keys.borrow();
        let slots = self.slots.borrow();
        let entry = |i: usize| {
            let v = slots.get(i).filter(|v| !v.is_null())?;
            Some((keys.get_index(i)?.0.clone(), v.clone()))
        };
        match self.order.borrow().as_ref() {
            Some(order) => order
                .iter()
                .filter_map(|&i| entry(usize::from(i)))
                .collect(),
            None => (0..slots.len()).filter_map(entry).collect(),
        }
    }

    /// Writes inline value `i`.
    #[inline(always)]
    pub fn set_slot(&self, i: usize, value: Value) {
        // The common store replaces a value that is already set: nothing about the order
        // changes, and the old value's drop skips the drop glue when it is a scalar.
        if let Some(slot) = self.slots.borrow_mut().get_mut(i) {
            if !slot.is_null() {
                std::mem::replace(slot, value).discard();
                return;
            }
        }
        self.set_new_slot(i, value);
    }

    /// `set_slot` of a value not set yet: it may extend the values and the order.
    #[inline(never)]
    fn set_new_slot(&self, i: usize, value: Value) {
        let mut slots = self.slots.borrow_mut();
        if slots.len() <= i {
            // Past every value set so far: ascending order still holds. (`__init__` storing
            // its attributes in key order only ever pushes.)
            slots.resize(i, Value::Null);
            slots.push(value);
            if let Some(order) = self.order.borrow_mut().as_mut() {
                order.push(i as u8);
            }
            return;
        }
        if slots[i].is_null() {
            self.note_new_value(i, &slots);
        }
        slots[i] = value;
    }

    /// A first value at `i` below the end of `slots`: it goes last in the order.
    #[cold]
    fn note_new_value(&self, i: usize, slots: &[Value]) {
        let mut order = self.order.borrow_mut();
        if order.is_none() && slots[i + 1..].iter().all(Value::is_null) {
            return;
        }
        let order = order.get_or_insert_with(|| {
            Box::new(
                (0..slots.len())
                    .filter(|&j| !slots[j].is_null())
                    .map(|j| j as u8)
                    .collect(),
            )
        });
        order.push(i as u8);
    }

    /// Deletes an attribute; false when it was not set.
    pub fn del_attr(&self, name: &str) -> bool {
        if let Some(d) = self.dict.borrow_mut().as_mut() {
            return d.shift_remove(name).is_some();
        }
        let Some(i) = self.class.shared_keys.borrow().get_index_of(name) else {
            return false;
        };
        let mut slots = self.slots.borrow_mut();
        match slots.get_mut(i) {
            Some(v) if !v.is_null() => {
                *v = Value::Null;
                if let Some(order) = self.order.borrow_mut().as_mut() {
                    order.retain(|&j| usize::from(j) != i);
                }
                true
            }
            _ => false,
        }
    }

    /// Reads member cell `index` (`None` when unset).
    pub fn member(&self, index: usize) -> Option<Value> {
        self.members
            .borrow()
            .get(index)
            .filter(|v| !v.is_null())
            .cloned()
    }

    /// Writes member cell `index` (`Value::Null` empties it).
    pub fn set_member(&self, index: usize, value: Value) {
        if let Some(cell) = self.members.borrow_mut().get_mut(index) {
            *cell = value;
        }
    }
}

#[cfg(test)]
mod size_tests {
    /// Every Python object of a user class is one of these: keep it small (the pyperformance
    /// programs make hundreds of thousands).
    #[test]
    fn instance_stays_small() {
        let size = std::mem::size_of::<super::Instance>();
        eprintln!("size_of::<Instance>() = {size}");
        assert!(size <= 256, "Instance grew to {size} bytes");
    }
}
