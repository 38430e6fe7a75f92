//! Subscripts (`x[i]`, slices) and attributes (`x.name`, methods) for every kind of value:
//! the generic paths of `BINARY_SUBSCR`, `STORE_SUBSCR`, `LOAD_ATTR` and `STORE_ATTR`.

use std::rc::Rc;

use super::subclass;
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::{slots, type_name_of, Class, Instance, Slice, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// Resolves a possibly negative index against `len`; `None` when out of range.
pub fn norm_index(i: i64, len: usize) -> Option<usize> {
    let i = if i < 0 { i + len as i64 } else { i };
    (i >= 0 && (i as usize) < len).then_some(i as usize)
}

/// `slice.indices(len)`: concrete `(start, stop, step)` as CPython adjusts them.
pub fn slice_indices(s: &Slice, len: usize) -> PyResult<(i64, i64, i64)> {
    let get = |v: &Value| -> PyResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            Value::Bool(b) => Ok(Some(b.get() as i64)),
            Value::BigInt(b) => Ok(Some(if b.sign() == num_bigint::Sign::Minus {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            })),
            _ => Err(exc::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    };
    let step = get(&s.step)?.unwrap_or(1);
    if step == 0 {
        return Err(exc::value_error("slice step cannot be zero"));
    }
    let len = len as i64;
    let adjust = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(i) if i < 0 => {
                let i = i + len;
                if i < 0 {
                    if step < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    i
                }
            }
            Some(i) => {
                if i >= len {
                    if step < 0 {
                        len - 1
                    } else {
                        len
                    }
                } else {
                    i
                }
            }
        }
    };
    let (start, stop) = if step > 0 {
        (adjust(get(&s.start)?, 0), adjust(get(&s.stop)?, len))
    } else {
        (adjust(get(&s.start)?, len - 1), adjust(get(&s.stop)?, -1))
    };
    Ok((start, stop, step))
}

/// The positions a slice selects.
pub fn slice_positions(s: &Slice, len: usize) -> PyResult<Vec<usize>> {
    let (start, stop, step) = slice_indices(s, len)?;
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Ok(out)
}

/// The number of positions `slice_indices`' `(start, stop, step)` selects.
fn slice_count(start: i64, stop: i64, step: i64) -> usize {
    let n = if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    n as usize
}

/// The items of a list or tuple that a slice selects, as `list_subscript` copies them: a
/// step of 1 (most slices) is one copy of a contiguous run, any other step a strided walk;
/// no list of positions is made first.
pub fn slice_items(items: &[Value], s: &Slice) -> PyResult<Vec<Value>> {
    let (start, stop, step) = slice_indices(s, items.len())?;
    let count = slice_count(start, stop, step);
    if step == 1 {
        return Ok(items[start as usize..start as usize + count].to_vec());
    }
    let mut out = Vec::with_capacity(count);
    let mut i = start;
    for _ in 0..count {
        out.push(items[i as usize].clone());
        i += step;
    }
    Ok(out)
}

fn index_of(key: &Value, what: &str) -> PyResult<i64> {
    match key {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(b.get() as i64),
        Value::BigInt(_) => Ok(i64::MAX),
        // An `int` subclass indexes as its value.
        Value::Instance(i) if matches!(i.payload, Some(Value::Int(_) | Value::BigInt(_))) => {
            index_of(subclass::unwrapped(key), what)
        }
        other => Err(exc::type_error(format!(
            "{what} indices must be integers or slices, not {}",
            type_name_of(other)
        ))),
    }
}

impl Vm {
    /// `KeyError(key)`.
    pub fn key_error(&mut self, key: &Value) -> PyErr {
        let class = self.exc_types["KeyError"].clone();
        let inst = Instance::new(class);
        if let Some(e) = &inst.exc {
            e.borrow_mut().args = vec![key.clone()];
        }
        PyErr::Obj(Rc::new(inst))
    }

    /// `obj[key]`.
    pub fn getitem(&mut self, obj: &Value, key: &Value) -> PyResult<Value> {
        if let Value::Native(_) = obj {
            if let Some(r) = super::modules::array::subscript(self, obj, key) {
                return r;
            }
        }
        match (obj, key) {
            (Value::List(l), Value::Slice(s)) => {
                let items = slice_items(&l.borrow(), s)?;
                Ok(Value::list(items))
            }
            (Value::List(l), k) => {
                let i = index_of(k, "list")?;
                let l = l.borrow();
                norm_index(i, l.len())
                    .map(|i| l[i].clone())
                    .ok_or_else(|| exc::index_error("list index out of range"))
            }
            (Value::Tuple(t), Value::Slice(s)) => Ok(Value::tuple(slice_items(t, s)?)),
            (Value::Tuple(t), k) => {
                let i = index_of(k, "tuple")?;
                norm_index(i, t.len())
                    .map(|i| t[i].clone())
                    .ok_or_else(|| exc::index_error("tuple index out of range"))
            }
            (Value::Str(s), Value::Slice(sl)) => {
                let chars: Vec<char> = s.as_str().chars().collect();
                Ok(Value::str(
                    slice_positions(sl, chars.len())?
                        .into_iter()
                        .map(|i| chars[i])
                        .collect::<String>(),
                ))
            }
            (Value::Str(s), k) => {
                let i = match k {
                    Value::Int(i) => *i,
                    Value::Bool(b) => b.get() as i64,
                    other => {
                        return Err(exc::type_error(format!(
                            "string indices must be integers, not '{}'",
                            type_name_of(other)
                        )))
                    }
                };
                norm_index(i, s.char_len())
                    .and_then(|i| s.char_at(i))
                    .map(|c| Value::str(c.to_string()))
                    .ok_or_else(|| exc::index_error("string index out of range"))
            }
            (Value::Bytes(b), Value::Slice(sl)) => Ok(Value::Bytes(Rc::new(
                slice_positions(sl, b.len())?
                    .into_iter()
                    .map(|i| b[i])
                    .collect(),
            ))),
            (Value::Bytes(b), k) => {
                let i = index_of(k, "byte")?;
                norm_index(i, b.len())
                    .map(|i| Value::Int(i64::from(b[i])))
                    .ok_or_else(|| exc::index_error("index out of range"))
            }
            (Value::Range(r), Value::Slice(sl)) => {
                let len = usize::try_from(r.len()).unwrap_or(usize::MAX);
                let (start, stop, step) = slice_indices(sl, len)?;
                r.slice(start, stop, step)
                    .map(|r| Value::Range(Rc::new(r)))
                    .ok_or_else(|| {
                        exc::new(
                            "OverflowError",
                            "Python int too large to convert to C ssize_t",
                        )
                    })
            }
            (Value::Range(r), Value::Bool(b)) => {
                Ok(Value::Int(r.item(b.get() as i64).ok_or_else(|| {
                    exc::index_error("range object index out of range")
                })?))
            }
            (Value::Range(r), Value::Int(i)) => r
                .item(*i)
                .map(Value::Int)
                .ok_or_else(|| exc::index_error("range object index out of range")),
            (Value::Dict(d), k) => {
                let hk = self.hkey(k)?;
                let found = d.borrow().get(&hk).cloned();
                match found {
                    Some(v) => Ok(v),
                    None => Err(self.key_error(k)),
                }
            }
            (Value::Instance(_) | Value::Native(_), _) => {
                match self.call_dunder_opt(obj, "__getitem__", std::slice::from_ref(key))? {
                    Some(v) => Ok(v),
                    None if subclass::payload(obj).is_some() => self.payload_getitem(obj, key),
                    None => Err(exc::type_error(format!(
                        "'{}' object is not subscriptable",
                        type_name_of(obj)
                    ))),
                }
            }
            // The metaclass's `__getitem__` comes first (`Color["RED"]`).
            (Value::Type(c), _) => {
                match self.call_dunder_opt(obj, "__getitem__", std::slice::from_ref(key))? {
                    Some(v) => Ok(v),
                    None => self.class_getitem(c, key),
                }
            }
            _ => Err(exc::type_error(format!(
                "'{}' object is not subscriptable",
                type_name_of(obj)
            ))),
        }
    }

    /// `cls[key]`: the class's `__class_getitem__` (an implicit classmethod), or a generic
    /// alias for CPython's generic builtins (`list[int]`), which this VM does not have.
    fn class_getitem(&mut self, c: &Rc<Class>, key: &Value) -> PyResult<Value> {
        match c.lookup("__class_getitem__") {
            Some(Value::Instance(d)) if d.class.kind == TypeKind::ClassMethod => {
                let func = d.get_attr("__func__").unwrap_or(Value::None);
                return self.call(&func, &[Value::Type(c.clone()), key.clone()], &[]);
            }
            Some(f @ Value::Function(_)) => {
                return self.call(&f, &[Value::Type(c.clone()), key.clone()], &[]);
            }
            _ => {}
        }
        let generic = matches!(
            c.kind,
            TypeKind::List
                | TypeKind::Dict
                | TypeKind::Tuple
                | TypeKind::Set
                | TypeKind::FrozenSet
                | TypeKind::Type
                | TypeKind::Enumerate
        );
        if generic && c.builtin {
            return Err(super::unsupported(&format!(
                "generic alias {}[...] (types.GenericAlias)",
                c.name.as_str()
            )));
        }
        Err(exc::type_error(format!(
            "type '{}' is not subscriptable",
            c.name.as_str()
        )))
    }

    /// `obj[start:stop]` (`BINARY_SLICE`). Lists and tuples are sliced directly from the
    /// stack's bounds: no `slice` object is allocated (CPython 3.13 makes one, from a
    /// one-entry free list); any other container gets a real `slice`, as `obj[key]` would.
    pub fn getitem_slice(&mut self, obj: &Value, s: Slice) -> PyResult<Value> {
        match obj {
            Value::List(l) => {
                let items = slice_items(&l.borrow(), &s)?;
                Ok(Value::list(items))
            }
            Value::Tuple(t) => Ok(Value::tuple(slice_items(t, &s)?)),
            _ => self.getitem(obj, &Value::Slice(Rc::new(s))),
        }
    }

    /// `obj[start:stop] = value` (`STORE_SLICE`): as [`Vm::getitem_slice`], a list takes the
    /// bounds without a `slice` object.
    pub fn setitem_slice(&mut self, obj: &Value, s: Slice, value: Value) -> PyResult<()> {
        match obj {
            Value::List(l) => self.list_ass_slice(l, &s, value),
            _ => self.setitem(obj, &Value::Slice(Rc::new(s)), value),
        }
    }

    /// `list[slice] = value`. The new items are read before the list changes, as
    /// `PySequence_Fast` does: a list or tuple is copied directly (no iterator object),
    /// anything else iterated.
    fn list_ass_slice(
        &mut self,
        l: &Rc<std::cell::RefCell<Vec<Value>>>,
        s: &Slice,
        value: Value,
    ) -> PyResult<()> {
        // The slice's bounds are checked first, as `PySlice_Unpack` does before the value
        // is read (their final values follow from the length after reading it).
        slice_indices(s, l.borrow().len())?;
        let items = match &value {
            Value::List(v) => v.borrow().clone(),
            Value::Tuple(t) => t.to_vec(),
            _ => {
                // PySequence_Fast: a list made of the iterator, asked for its length hint; a
                // value that cannot be iterated gets CPython's message for slices.
                let it = match self.get_iter(&value) {
                    Ok(it) => it,
                    Err(e) if self.is_type_error(&e) => {
                        return Err(exc::type_error("must assign iterable to extended slice"))
                    }
                    Err(e) => return Err(e),
                };
                self.collect_hinted(&it)?
            }
        };
        let mut l = l.borrow_mut();
        let (start, stop, step) = slice_indices(s, l.len())?;
        if step == 1 {
            let stop = stop.max(start);
            // The replaced items are dropped after the borrow ends.
            let old: Vec<Value> = l.splice(start as usize..stop as usize, items).collect();
            drop(l);
            drop(old);
        } else {
            let count = slice_count(start, stop, step);
            if count != items.len() {
                return Err(exc::value_error(format!(
                    "attempt to assign sequence of size {} to extended slice of size {}",
                    items.len(),
                    count
                )));
            }
            let mut i = start;
            for v in items {
                l[i as usize] = v;
                i += step;
            }
        }
        Ok(())
    }

    /// `obj[key] = value`.
    pub fn setitem(&mut self, obj: &Value, key: &Value, value: Value) -> PyResult<()> {
        if let Value::Native(_) = obj {
            if let Some(r) = super::modules::array::assign(self, obj, key, &value) {
                return r;
            }
        }
        match (obj, key) {
            (Value::List(l), Value::Slice(s)) => self.list_ass_slice(l, s, value),
            (Value::List(l), k) => {
                let i = index_of(k, "list")?;
                let mut l = l.borrow_mut();
                let len = l.len();
                match norm_index(i, len) {
                    Some(i) => {
                        l[i] = value;
                        Ok(())
                    }
                    None => Err(exc::index_error("list assignment index out of range")),
                }
            }
            (Value::Dict(d), k) => {
                let hk = self.hkey(k)?;
                d.borrow_mut().insert(hk, value);
                Ok(())
            }
            (Value::Instance(_) | Value::Native(_), _) => {
                match self.call_dunder_opt(obj, "__setitem__", &[key.clone(), value.clone()])? {
                    Some(_) => Ok(()),
                    None if subclass::payload(obj).is_some() => {
                        self.setitem(&subclass::unwrapped(obj).clone(), key, value)
                    }
                    None => Err(exc::type_error(format!(
                        "'{}' object does not support item assignment",
                        type_name_of(obj)
                    ))),
                }
            }
            _ => Err(exc::type_error(format!(
                "'{}' object does not support item assignment",
                type_name_of(obj)
            ))),
        }
    }

    /// `del obj[key]`.
    pub fn delitem(&mut self, obj: &Value, key: &Value) -> PyResult<()> {
        match (obj, key) {
            (Value::List(l), Value::Slice(s)) => {
                let mut l = l.borrow_mut();
                let (start, stop, step) = slice_indices(s, l.len())?;
                if step == 1 {
                    // One move of the tail, not one `remove` per item.
                    let count = slice_count(start, stop, step);
                    let old: Vec<Value> = l.drain(start as usize..start as usize + count).collect();
                    drop(l);
                    drop(old);
                    return Ok(());
                }
                let mut pos = slice_positions(s, l.len())?;
                pos.sort_unstable();
                for p in pos.into_iter().rev() {
                    l.remove(p);
                }
                Ok(())
            }
            (Value::List(l), k) => {
                let i = index_of(k, "list")?;
                let mut l = l.borrow_mut();
                let len = l.len();
                match norm_index(i, len) {
                    Some(i) => {
                        l.remove(i);
                        Ok(())
                    }
                    None => Err(exc::index_error("list assignment index out of range")),
                }
            }
            (Value::Dict(d), k) => {
                let hk = self.hkey(k)?;
                let removed = d.borrow_mut().remove(&hk);
                match removed {
                    Some(_) => Ok(()),
                    None => Err(self.key_error(k)),
                }
            }
            (Value::Instance(_) | Value::Native(_), _) => {
                match self.call_dunder_opt(obj, "__delitem__", std::slice::from_ref(key))? {
                    Some(_) => Ok(()),
                    None if subclass::payload(obj).is_some() => {
                        self.delitem(&subclass::unwrapped(obj).clone(), key)
                    }
                    None => Err(exc::type_error(format!(
                        "'{}' object does not support item deletion",
                        type_name_of(obj)
                    ))),
                }
            }
            _ => Err(exc::type_error(format!(
                "'{}' object doesn't support item deletion",
                type_name_of(obj)
            ))),
        }
    }

    /// `obj[key]` on a `list` or `dict` subclass without a Python `__getitem__`: the
    /// payload's item, or for a dict's missing key the class's `__missing__`.
    pub(crate) fn payload_getitem(&mut self, obj: &Value, key: &Value) -> PyResult<Value> {
        let p = subclass::unwrapped(obj).clone();
        if let Value::Dict(d) = &p {
            let hk = self.hkey(key)?;
            let found = d.borrow().get(&hk).cloned();
            if let Some(v) = found {
                return Ok(v);
            }
            if let Some(v) = self.call_missing(obj, key)? {
                return Ok(v);
            }
        }
        self.getitem(&p, key)
    }

    /// `obj.name`.
    pub fn getattr(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        let (callable, self_) = self.load_method(obj, name)?;
        Ok(if self_.is_null() {
            callable
        } else {
            self.bind(callable, self_)
        })
    }

    /// `LOAD_ATTR` with the method bit: `(callable, self)` for methods, `(attr, NULL)` else.
    /// A class whose `__getattribute__` is a Python function answers every lookup itself.
    /// A Python `__getattr__` is the fallback after an `AttributeError` (`slot_tp_getattr_hook`).
    pub fn load_method(&mut self, obj: &Value, name: &str) -> PyResult<(Value, Value)> {
        let Value::Instance(inst) = obj else {
            return self.generic_load_method(obj, name);
        };
        let found = match inst.class.getattribute_hook() {
            Some(hook) => {
                let args = [obj.clone(), Value::str(name)];
                self.call(&Value::Function(hook), &args, &[])
                    .map(|v| (v, Value::Null))
            }
            None => self.generic_load_method(obj, name),
        };
        match found {
            // Looked up only on a miss, so hits never walk the MRO for it.
            Err(e) if self.is_attribute_error(&e) => match inst.class.lookup("__getattr__") {
                Some(fallback @ Value::Function(_)) => {
                    let args = [obj.clone(), Value::str(name)];
                    Ok((self.call(&fallback, &args, &[])?, Value::Null))
                }
                _ => Err(e),
            },
            found => found,
        }
    }

    /// True for an `AttributeError` (or a subclass of it).
    pub fn is_attribute_error(&self, e: &PyErr) -> bool {
        self.is_instance_of(e, "AttributeError")
    }

    /// True when `e` is a `TypeError`.
    pub fn is_type_error(&self, e: &PyErr) -> bool {
        self.is_instance_of(e, "TypeError")
    }

    /// True when `e` is an instance of the builtin exception class `name` (or a subclass).
    fn is_instance_of(&self, e: &PyErr, name: &str) -> bool {
        match e {
            PyErr::Lazy(l) => {
                l.0 == name
                    || self
                        .exc_types
                        .get(l.0)
                        .zip(self.exc_types.get(name))
                        .is_some_and(|(c, base)| c.is_subclass(base))
            }
            PyErr::Obj(i) => self
                .exc_types
                .get(name)
                .is_some_and(|c| i.class.is_subclass(c)),
        }
    }

    /// `object.__getattribute__`: the lookup without a user `__getattribute__`.
    pub fn object_getattribute(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        let (callable, self_) = self.generic_load_method(obj, name)?;
        Ok(if self_.is_null() {
            callable
        } else {
            self.bind(callable, self_)
        })
    }

    /// `PyObject_GenericGetAttr` in its method-loading shape (`_PyObject_GetMethod`).
    fn generic_load_method(&mut self, obj: &Value, name: &str) -> PyResult<(Value, Value)> {
        match obj {
            Value::Instance(inst) => {
                // One type-cache probe answers both questions: what the class has under the
                // name, and which inline value slot the instance would keep it in.
                let (found, key_index) = inst.class.lookup_with_key(name);
                // A member descriptor is a data descriptor: it wins over the instance dict.
                if inst.class.nslots > 0 {
                    if let Some(Value::Member(m)) = &found {
                        return match inst.member(m.index) {
                            Some(v) => Ok((v, Value::Null)),
                            None => Err(exc::no_attribute(inst.class.name.as_str(), name)),
                        };
                    }
                }
                // A data descriptor written in Python (`__get__` with `__set__` or
                // `__delete__`) wins over the instance dict.
                if let Some(d) = &found {
                    // `property` always is one (it has `__set__` and `__delete__`).
                    if matches!(d, Value::Instance(p) if p.class.kind == TypeKind::Property) {
                        let v = self.descriptor_get(d.clone(), Some(obj), &inst.class, name)?;
                        return Ok((v, Value::Null));
                    }
                    let data = python_slot(d, "__set__").is_some()
                        || python_slot(d, "__delete__").is_some();
                    if let (true, Some(get)) = (data, python_slot(d, "__get__")) {
                        let owner = Value::Type(inst.class.clone());
                        let v = self.call(&get, &[d.clone(), obj.clone(), owner], &[])?;
                        return Ok((v, Value::Null));
                    }
                }
                if let Some(v) = inst.get_attr_at(name, key_index) {
                    return Ok((v, Value::Null));
                }
                if let Some(v) = found {
                    return Ok(match v {
                        Value::Function(_) | Value::Builtin(_) => (v, obj.clone()),
                        other => {
                            let owner = inst.class.clone();
                            (
                                self.descriptor_get(other, Some(obj), &owner, name)?,
                                Value::Null,
                            )
                        }
                    });
                }
                if let Some(e) = &inst.exc {
                    if name == "args" {
                        return Ok((Value::tuple(e.borrow().args.clone()), Value::Null));
                    }
                    if let Some(v) = self.exception_attr(inst, name) {
                        return Ok((v, Value::Null));
                    }
                    if name == "value" && self.is_stop_iteration(&PyErr::Obj(inst.clone())) {
                        let first = e.borrow().args.first().cloned();
                        return Ok((first.unwrap_or(Value::None), Value::Null));
                    }
                }
                if name == "__class__" {
                    return Ok((Value::Type(inst.class.clone()), Value::Null));
                }
                if name == "__dict__" && inst.class.dict_kind.has_dict() {
                    return Ok((self.instance_dict_snapshot(inst), Value::Null));
                }
                Err(self
                    .unsupported_attr(obj, name)
                    .unwrap_or_else(|| exc::no_attribute(inst.class.name.as_str(), name)))
            }
            Value::Type(c) => {
                if let Some(v) = c.lookup(name) {
                    return Ok((self.descriptor_get(v, None, c, name)?, Value::Null));
                }
                match name {
                    // `ValueError.__init__(self, msg)`: BaseException's, which sets `args`.
                    "__init__" if c.layout == TypeKind::Exception => Ok((
                        super::builtin(
                            "__init__",
                            crate::object::CallConv::VarArgs,
                            super::base_exception_init_method,
                        ),
                        Value::Null,
                    )),
                    "__name__" => Ok((Value::Str(c.name.clone()), Value::Null)),
                    "__qualname__" => Ok((Value::Str(c.qualname.clone()), Value::Null)),
                    "__base__" => Ok((
                        c.base.clone().map(Value::Type).unwrap_or(Value::None),
                        Value::Null,
                    )),
                    "__bases__" => Ok((
                        Value::tuple(c.bases.iter().cloned().map(Value::Type).collect()),
                        Value::Null,
                    )),
                    "__mro__" => Ok((
                        Value::tuple(c.mro().into_iter().map(Value::Type).collect()),
                        Value::Null,
                    )),
                    "__module__" if c.builtin => Ok((Value::str("builtins"), Value::Null)),
                    "__class__" => Ok((Value::Type(self.type_of(obj)), Value::Null)),
                    // CPython's is a read-only live `mappingproxy`; here, as for an
                    // instance's, a new dict holding the namespace as it is now.
                    "__dict__" => {
                        let mut d = crate::object::Dict::new();
                        for (k, v) in c.dict.borrow().iter() {
                            d.insert(crate::object::dict::str_key(k), v.clone());
                        }
                        Ok((
                            Value::Dict(Rc::new(std::cell::RefCell::new(d))),
                            Value::Null,
                        ))
                    }
                    // Then the metaclass's attributes, bound to the class (`Color.__members__`).
                    _ if c.meta().is_some_and(|m| m.lookup(name).is_some()) => {
                        let meta = c.meta().unwrap_or_else(|| self.types.type_.clone());
                        match meta.lookup(name).unwrap_or(Value::None) {
                            f @ (Value::Function(_) | Value::Builtin(_)) => Ok((f, obj.clone())),
                            v => Ok((self.descriptor_get(v, Some(obj), &meta, name)?, Value::Null)),
                        }
                    }
                    _ => Err(self.unsupported_attr(obj, name).unwrap_or_else(|| {
                        exc::new(
                            "AttributeError",
                            format!(
                                "type object '{}' has no attribute '{name}'",
                                c.name.as_str()
                            ),
                        )
                    })),
                }
            }
            Value::Module(m) => {
                let d = m.dict.borrow();
                match d.get_str(name) {
                    Some(v) => Ok((v.clone(), Value::Null)),
                    None => Err(super::modules::unsupported_attr(m.name.as_str(), &d, name)
                        .unwrap_or_else(|| {
                            exc::new(
                                "AttributeError",
                                format!("module '{}' has no attribute '{name}'", m.name.as_str()),
                            )
                        })),
                }
            }
            _ => {
                if let Some(v) = self.special_attr(obj, name) {
                    return Ok((v, Value::Null));
                }
                let class = self.type_of(obj);
                match class.lookup(name) {
                    Some(v @ Value::Builtin(_)) => Ok((v, obj.clone())),
                    // A builtin type's classmethod (`{}.fromkeys`): bound to the type.
                    Some(v @ Value::Instance(_)) => Ok((
                        self.descriptor_get(v, Some(obj), &class, name)?,
                        Value::Null,
                    )),
                    Some(v) => Ok((v, Value::Null)),
                    // A provided module's type answers its data attributes (`d.maxlen`).
                    None if matches!(obj, Value::Native(_))
                        && class.lookup("__getattr__").is_some() =>
                    {
                        let f = class.lookup("__getattr__").unwrap_or(Value::None);
                        let v = self.call(&f, &[obj.clone(), Value::str(name)], &[])?;
                        Ok((v, Value::Null))
                    }
                    None => Err(self
                        .unsupported_attr(obj, name)
                        .unwrap_or_else(|| exc::no_attribute(&type_name_of(obj), name))),
                }
            }
        }
    }

    /// `obj.__dict__` as a new dict (a copy: writes to it do not reach the object).
    fn instance_dict_snapshot(&mut self, inst: &crate::object::Instance) -> Value {
        let mut d = crate::object::Dict::new();
        for (k, v) in inst.attributes() {
            d.insert(self.key_str(&k), v);
        }
        Value::dict(d)
    }

    /// Data attributes of builtin objects (`f.__name__`, `r.start`, `c.real`).
    fn special_attr(&self, obj: &Value, name: &str) -> Option<Value> {
        if let Value::Function(f) = obj {
            if let Some(v) = f.assigned(name) {
                return Some(v);
            }
        }
        Some(match (obj, name) {
            (Value::Function(f), "__name__") => Value::Str(f.name.clone()),
            (Value::Function(f), "__qualname__") => Value::Str(f.qualname.clone()),
            (Value::Function(f), "__defaults__") => {
                let d = f.defaults.borrow();
                if d.is_empty() {
                    Value::None
                } else {
                    Value::tuple(d.to_vec())
                }
            }
            (Value::Function(f), "__annotations__") => {
                let mut ann = f.annotations.borrow_mut();
                if !matches!(*ann, Value::Dict(_)) {
                    let mut d = crate::object::Dict::new();
                    if let Value::Tuple(pairs) = &*ann {
                        for pair in pairs.chunks(2) {
                            if let [k, v] = pair {
                                if let Some(name) = k.as_str() {
                                    d.insert(self.key_str(name), v.clone());
                                }
                            }
                        }
                    }
                    *ann = Value::dict(d);
                }
                ann.clone()
            }
            (Value::Builtin(b), "__name__") => Value::str(b.name),
            (Value::Range(r), "start") => Value::Int(r.start),
            (Value::Range(r), "stop") => Value::Int(r.stop),
            (Value::Range(r), "step") => Value::Int(r.step),
            (Value::Slice(s), "start") => s.start.clone(),
            (Value::Slice(s), "stop") => s.stop.clone(),
            (Value::Slice(s), "step") => s.step.clone(),
            (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "real" | "numerator") => {
                obj.clone()
            }
            (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "imag") => Value::Int(0),
            (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "denominator") => Value::Int(1),
            (Value::Float(_), "real") => obj.clone(),
            (Value::Float(_), "imag") => Value::float(0.0),
            (Value::Generator(g), "__name__") => Value::Str(g.name.clone()),
            (Value::Function(f), "__dict__") => Value::Dict(f.attrs_mut().dict.clone()),
            // The first constant of a function's code is its docstring, or None without one
            // (a lambda's is always None), as CPython 3.13 compiles them.
            (Value::Function(f), "__doc__") => match f.code.consts.first() {
                Some(s @ Value::Str(_)) => s.clone(),
                _ => Value::None,
            },
            (Value::Function(f), "__module__") => f
                .globals
                .borrow()
                .get_str("__name__")
                .cloned()
                .unwrap_or(Value::None),
            // The compiler refuses type parameters, so a function has none.
            (Value::Function(_), "__type_params__") => Value::tuple(Vec::new()),
            (Value::Generator(g), "gi_running") if !g.coroutine => Value::bool(g.running.get()),
            (Value::Generator(g), "cr_running") if g.coroutine => Value::bool(g.running.get()),
            (Value::Generator(g), "__qualname__") => Value::Str(g.qualname.clone()),
            (_, "__class__") => Value::Type(self.type_of(obj)),
            _ => return None,
        })
    }

    /// `obj.name = value`: a class's own `__setattr__` written in Python, else
    /// [`Vm::generic_setattr`].
    pub fn setattr(&mut self, obj: &Value, name: &str, value: Value) -> PyResult<()> {
        // An instance's class remembers that it has no hook (one comparison per store).
        let hook = match obj {
            Value::Instance(inst) => inst.class.setattr_hook().map(Value::Function),
            _ => python_hook(obj, "__setattr__"),
        };
        if let Some(hook) = hook {
            return self
                .call(&hook, &[obj.clone(), Value::str(name), value], &[])
                .map(drop);
        }
        self.generic_setattr(obj, name, value)
    }

    /// `object.__setattr__`: `PyObject_GenericSetAttr`.
    pub fn generic_setattr(&mut self, obj: &Value, name: &str, value: Value) -> PyResult<()> {
        match obj {
            Value::Instance(inst) => {
                let (found, key_index) = inst.class.lookup_with_key(name);
                if let Some(set) = found.as_ref().and_then(|d| python_slot(d, "__set__")) {
                    let d = found.clone().unwrap_or(Value::None);
                    return self.call(&set, &[d, obj.clone(), value], &[]).map(drop);
                }
                if let Some(Value::Member(m)) = &found {
                    inst.set_member(m.index, value);
                    return Ok(());
                }
                if let Some(Value::Instance(d)) = &found {
                    if d.class.kind == TypeKind::Property {
                        if let Some(setter) =
                            d.get_attr("fset").filter(|s| !matches!(s, Value::None))
                        {
                            self.call(&setter, &[obj.clone(), value], &[])?;
                            return Ok(());
                        }
                        return Err(exc::new(
                            "AttributeError",
                            format!(
                                "property '{name}' of '{}' object has no setter",
                                inst.class.name.as_str()
                            ),
                        ));
                    }
                }
                if !inst.class.dict_kind.has_dict() {
                    let class = inst.class.name.as_str();
                    return Err(slots::no_dict_error(class, name, found.is_some()));
                }
                inst.set_attr_at(name, key_index, value);
                Ok(())
            }
            Value::Type(c) if !c.builtin => {
                c.set_attr(Rc::from(name), value);
                Ok(())
            }
            Value::Type(c) => Err(exc::type_error(format!(
                "cannot set '{name}' attribute of immutable type '{}'",
                c.name.as_str()
            ))),
            Value::Function(f) => set_function_attr(f, name, value),
            // A provided module's type with settable attributes (`lru_cache` wrappers).
            Value::Native(n)
                if n.class.lookup("__setattr__").is_some_and(
                    |v| !matches!(v, Value::Builtin(b) if b.owner == Some("object")),
                ) =>
            {
                let f = n.class.lookup("__setattr__").unwrap_or(Value::None);
                self.call(&f, &[obj.clone(), Value::str(name), value], &[])
                    .map(drop)
            }
            _ => Err(exc::new(
                "AttributeError",
                format!(
                "'{}' object has no attribute '{name}' and no __dict__ for setting new attributes",
                type_name_of(obj)
            ),
            )),
        }
    }

    /// `del obj.name`: a class's own `__delattr__` written in Python, else
    /// [`Vm::generic_delattr`].
    pub fn delattr(&mut self, obj: &Value, name: &str) -> PyResult<()> {
        if let Some(hook) = python_hook(obj, "__delattr__") {
            return self
                .call(&hook, &[obj.clone(), Value::str(name)], &[])
                .map(drop);
        }
        self.generic_delattr(obj, name)
    }

    /// `object.__delattr__`: `PyObject_GenericSetAttr` with no value.
    pub fn generic_delattr(&mut self, obj: &Value, name: &str) -> PyResult<()> {
        match obj {
            Value::Instance(inst) => {
                let found = inst.class.lookup(name);
                if let Some(del) = found.as_ref().and_then(|d| python_slot(d, "__delete__")) {
                    let d = found.clone().unwrap_or(Value::None);
                    return self.call(&del, &[d, obj.clone()], &[]).map(drop);
                }
                if let Some(Value::Member(m)) = &found {
                    // CPython's member_set with no value: an empty cell is an error whose
                    // message is just the name.
                    if inst.member(m.index).is_none() {
                        return Err(exc::new("AttributeError", name.to_string()));
                    }
                    inst.set_member(m.index, Value::Null);
                    return Ok(());
                }
                if let Some(Value::Instance(p)) = &found {
                    if p.class.kind == TypeKind::Property {
                        return self.property_delete(p, obj, &inst.class, name);
                    }
                }
                if inst.del_attr(name) {
                    return Ok(());
                }
                if !inst.class.dict_kind.has_dict() {
                    let class = inst.class.name.as_str();
                    return Err(slots::no_dict_error(class, name, found.is_some()));
                }
                Err(exc::no_attribute(inst.class.name.as_str(), name))
            }
            Value::Type(c) if !c.builtin && c.dict.borrow().contains_key(name) => {
                c.dict.borrow_mut().shift_remove(name);
                c.invalidate();
                Ok(())
            }
            Value::Type(_) | Value::Module(_) | Value::Function(_) => {
                Err(exc::no_attribute(&type_name_of(obj), name))
            }
            // Objects with no `__dict__` word it as a failed store would.
            _ => Err(exc::new(
                "AttributeError",
                format!(
                    "'{}' object has no attribute '{name}' and no __dict__ for setting new attributes",
                    type_name_of(obj)
                ),
            )),
        }
    }
}

/// `f.name = value` on a Python function: the attributes CPython keeps in the function object
/// (`__name__` and `__qualname__` must be strings), or its `__dict__`. What would change how
/// the function runs (`__code__`, `__defaults__`, ...) is refused.
fn set_function_attr(f: &crate::object::Function, name: &str, value: Value) -> PyResult<()> {
    match name {
        "__name__" | "__qualname__" if !matches!(value, Value::Str(_)) => Err(exc::type_error(
            format!("{name} must be set to a string object"),
        )),
        "__name__" | "__qualname__" | "__doc__" | "__module__" | "__annotations__"
        | "__type_params__" => {
            f.attrs_mut()
                .special
                .insert(crate::object::dict::str_key(name), value);
            Ok(())
        }
        "__dict__" => match value {
            Value::Dict(d) => {
                f.attrs_mut().dict = d;
                Ok(())
            }
            other => Err(exc::type_error(format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                type_name_of(&other)
            ))),
        },
        "__code__" | "__defaults__" | "__kwdefaults__" | "__closure__" | "__globals__"
        | "__builtins__" => Err(super::unsupported(&format!(
            "setting attributes of functions (.{name})"
        ))),
        _ => {
            let d = f.attrs_mut().dict.clone();
            d.borrow_mut()
                .insert(crate::object::dict::str_key(name), value);
            Ok(())
        }
    }
}

/// `type(obj).__setattr__` or `__delattr__` when it is a Python function: on an instance's
/// class, or on a class's metaclass (`cls.x = v` in a metaclass method). Each is one type
/// cache probe.
fn python_hook(obj: &Value, hook: &str) -> Option<Value> {
    let found = match obj {
        Value::Instance(inst) => inst.class.lookup(hook),
        Value::Type(c) => c.meta()?.lookup(hook),
        _ => None,
    };
    found.filter(|f| matches!(f, Value::Function(_)))
}

/// The method `slot` (`__get__`, `__set__`, `__delete__`) of a descriptor `d` whose class
/// defines it in Python: the descriptor protocol of user classes.
pub(crate) fn python_slot(d: &Value, slot: &str) -> Option<Value> {
    match d {
        Value::Instance(i) => i
            .class
            .lookup(slot)
            .filter(|f| matches!(f, Value::Function(_))),
        _ => None,
    }
}
