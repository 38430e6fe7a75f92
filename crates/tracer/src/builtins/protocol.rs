//! The object protocols every instruction and builtin goes through when no specialized form
//! applies: `type()`, `repr`/`str`, truth, hashing, subscripts, attributes, `len`, `in`,
//! iteration and calls (CPython's `Objects/object.c` and `abstract.c` in spirit).
//!
//! Dunder methods of user classes are found on the class (never the instance), as CPython
//! does, and called through `Vm::call`, which runs a nested eval loop for Python code.

use std::cell::RefCell;
use std::rc::Rc;

use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::dict::{str_key, DictCursor, IterError};
use crate::object::iter::{make as make_iter, Iter};
use crate::object::str::{repr as str_repr, FormatSpec};
use crate::object::{
    self, type_name_of, BoundMethod, Class, HKey, KwArgs, PyStr, TypeKind, ViewKind,
};
use crate::value::Value;
use crate::vm::Vm;

/// How deeply container reprs may nest: CPython 3.13's C recursion limit (`Py_C_RECURSION_LIMIT`
/// 10000; CPython itself stops a few levels earlier, as its own C frames count too).
const REPR_DEPTH_LIMIT: usize = 10_000;

thread_local! {
    /// The containers whose repr is in progress on this thread, innermost last (0 for tuples,
    /// sets and views): CPython's `Py_ReprEnter` list, and the nesting depth. A VM runs on
    /// one thread, so per-thread is per-VM.
    static REPR_ACTIVE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

impl Vm {
    /// `type(v)`.
    pub fn type_of(&self, v: &Value) -> Rc<Class> {
        let t = &self.types;
        match v {
            Value::Instance(i) => i.class.clone(),
            Value::None | Value::Null => t.none.clone(),
            Value::Bool(_) => t.bool_.clone(),
            Value::Int(_) | Value::BigInt(_) => t.int.clone(),
            Value::Float(_) => t.float.clone(),
            Value::Str(_) => t.str_.clone(),
            Value::Bytes(_) => t.bytes.clone(),
            Value::Tuple(_) => t.tuple.clone(),
            Value::List(_) => t.list.clone(),
            Value::Dict(_) => t.dict.clone(),
            Value::Set(s) if s.borrow().frozen => t.frozenset.clone(),
            Value::Set(_) => t.set.clone(),
            Value::Range(_) => t.range.clone(),
            Value::Slice(_) => t.slice.clone(),
            Value::Function(_) => t.function.clone(),
            Value::Method(_) => t.method.clone(),
            Value::Builtin(_) => t.builtin_function.clone(),
            Value::Type(_) => t.type_.clone(),
            Value::Module(_) => t.module.clone(),
            Value::Generator(_) => t.generator.clone(),
            Value::Iter(it) => match &*it.borrow() {
                Iter::Enumerate { .. } => t.enumerate.clone(),
                Iter::Zip { .. } => t.zip.clone(),
                Iter::Map { .. } => t.map.clone(),
                Iter::Filter { .. } => t.filter.clone(),
                _ => t.iterator.clone(),
            },
            Value::DictView(_) => t.dict_view.clone(),
            Value::Member(_) => t.member_descriptor.clone(),
            _ => t.other.clone(),
        }
    }

    /// Calls `obj.name(*args)` if `type(obj)` defines `name` as a Python function.
    pub fn call_dunder_opt(
        &mut self,
        obj: &Value,
        name: &str,
        args: &[Value],
    ) -> PyResult<Option<Value>> {
        let Value::Instance(inst) = obj else {
            return Ok(None);
        };
        let Some(f) = inst.class.lookup(name) else {
            return Ok(None);
        };
        if matches!(f, Value::Builtin(_)) {
            // Builtin defaults of `object` (e.g. BaseException's) are handled natively.
            return Ok(None);
        }
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(obj.clone());
        full.extend_from_slice(args);
        self.call(&f, &full, &[]).map(Some)
    }

    /// `repr(v)`. Container reprs recurse in Rust, so they are guarded as CPython guards
    /// them: a list or dict met again inside its own repr prints as `[...]` / `{...}`
    /// (`Py_ReprEnter`), and nesting deeper than the C recursion limit raises RecursionError
    /// instead of overflowing the stack.
    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        let nests = matches!(
            v,
            Value::List(_) | Value::Dict(_) | Value::Tuple(_) | Value::Set(_) | Value::DictView(_)
        );
        if !nests {
            return self.repr_one(v);
        }
        // Only lists and dicts can contain themselves (a tuple or set would need itself
        // to exist first, or to be hashable while mutable); 0 marks the others.
        let id = match v {
            Value::List(_) | Value::Dict(_) => v.heap_ptr().unwrap_or(0),
            _ => 0,
        };
        let (cycle, depth) = REPR_ACTIVE.with_borrow(|a| (id != 0 && a.contains(&id), a.len()));
        if cycle {
            return Ok((if matches!(v, Value::List(_)) {
                "[...]"
            } else {
                "{...}"
            })
            .into());
        }
        if depth >= REPR_DEPTH_LIMIT {
            return Err(exc::new(
                "RecursionError",
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        REPR_ACTIVE.with_borrow_mut(|a| a.push(id));
        let result = self.repr_one(v);
        REPR_ACTIVE.with_borrow_mut(|a| a.pop());
        result
    }

    /// `repr(v)` for one object; nested items go back through `repr`.
    fn repr_one(&mut self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::Null => "<NULL>".into(),
            Value::None => "None".into(),
            Value::NotImplemented => "NotImplemented".into(),
            Value::Ellipsis => "Ellipsis".into(),
            Value::Bool(b) => (if *b { "True" } else { "False" }).into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => object::int::to_decimal(b)?,
            Value::Float(f) => object::float::repr(*f),
            Value::Str(s) => str_repr(s.as_str()),
            Value::Bytes(b) => object::str::bytes_repr(b),
            Value::Tuple(t) => {
                let items = self.repr_items(t)?;
                if t.len() == 1 {
                    format!("({},)", items[0])
                } else {
                    format!("({})", items.join(", "))
                }
            }
            Value::List(l) => {
                let items = l.borrow().clone();
                format!("[{}]", self.repr_items(&items)?.join(", "))
            }
            Value::Dict(d) => {
                let items: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::new();
                for (k, v) in items {
                    parts.push(format!("{}: {}", self.repr(&k)?, self.repr(&v)?));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Value::Set(s) => {
                let (items, frozen) = (s.borrow().values(), s.borrow().frozen);
                let body = self.repr_items(&items)?.join(", ");
                match (frozen, items.is_empty()) {
                    (false, true) => "set()".into(),
                    (false, false) => format!("{{{body}}}"),
                    (true, true) => "frozenset()".into(),
                    (true, false) => format!("frozenset({{{body}}})"),
                }
            }
            Value::Range(r) => {
                if r.step == 1 {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Value::Slice(s) => format!(
                "slice({}, {}, {})",
                self.repr(&s.start)?,
                self.repr(&s.stop)?,
                self.repr(&s.step)?
            ),
            Value::Function(f) => format!(
                "<function {} at 0x{:x}>",
                f.qualname.as_str(),
                v.heap_ptr().unwrap_or(0)
            ),
            Value::Method(m) => match &m.func {
                Value::Function(f) => {
                    let s = self.repr(&m.self_)?;
                    format!("<bound method {} of {}>", f.qualname.as_str(), s)
                }
                Value::Builtin(b) => format!(
                    "<built-in method {} of {} object at 0x{:x}>",
                    b.name,
                    type_name_of(&m.self_),
                    m.self_.heap_ptr().unwrap_or(0)
                ),
                _ => "<method>".into(),
            },
            Value::Builtin(b) => match b.owner {
                Some(o) => format!("<method '{}' of '{}' objects>", b.name, o),
                None => format!("<built-in function {}>", b.name),
            },
            Value::Type(c) => {
                if c.builtin {
                    format!("<class '{}'>", c.name.as_str())
                } else {
                    format!("<class '__main__.{}'>", c.qualname.as_str())
                }
            }
            Value::Instance(inst) => {
                if let Some(r) = self.call_dunder_opt(v, "__repr__", &[])? {
                    return self.expect_str(r, "__repr__");
                }
                if inst.exc.is_some() {
                    let args = inst
                        .exc
                        .as_ref()
                        .map(|e| e.borrow().args.clone())
                        .unwrap_or_default();
                    let body = self.repr_items(&args)?.join(", ");
                    return Ok(format!("{}({})", inst.class.name.as_str(), body));
                }
                format!(
                    "<__main__.{} object at 0x{:x}>",
                    inst.class.qualname.as_str(),
                    v.heap_ptr().unwrap_or(0)
                )
            }
            Value::Module(m) => format!("<module '{}'>", m.name.as_str()),
            Value::DictView(view) => {
                let items = self.view_items(view)?;
                format!(
                    "{}([{}])",
                    type_name_of(v),
                    self.repr_items(&items)?.join(", ")
                )
            }
            Value::Generator(g) => format!(
                "<generator object {} at 0x{:x}>",
                g.qualname.as_str(),
                v.heap_ptr().unwrap_or(0)
            ),
            Value::Iter(_) => format!(
                "<{} object at 0x{:x}>",
                type_name_of(v),
                v.heap_ptr().unwrap_or(0)
            ),
            Value::Cell(_) => "<cell>".into(),
            Value::Code(c) => format!("<code object {}>", c.code.name),
            Value::Member(m) => m.repr(),
        })
    }

    fn expect_str(&mut self, r: Value, what: &str) -> PyResult<String> {
        match r {
            Value::Str(s) => Ok(s.as_str().to_string()),
            other => Err(exc::type_error(format!(
                "{what} returned non-string (type {})",
                type_name_of(&other)
            ))),
        }
    }

    fn repr_items(&mut self, items: &[Value]) -> PyResult<Vec<String>> {
        items.iter().map(|v| self.repr(v)).collect()
    }

    /// The items a dict view currently shows.
    pub fn view_items(
        &mut self,
        view: &(Rc<RefCell<object::Dict>>, ViewKind),
    ) -> PyResult<Vec<Value>> {
        let d = view.0.borrow();
        Ok(d.iter()
            .map(|(k, v)| match view.1 {
                ViewKind::Keys => k.clone(),
                ViewKind::Values => v.clone(),
                ViewKind::Items => Value::tuple(vec![k.clone(), v.clone()]),
            })
            .collect())
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.as_str().to_string()),
            Value::Instance(inst) => {
                if let Some(r) = self.call_dunder_opt(v, "__str__", &[])? {
                    return self.expect_str(r, "__str__");
                }
                if inst.exc.is_some() {
                    return Ok(self.exc_str(inst));
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    /// `bool(v)`.
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        Ok(match v {
            Value::Bool(b) => *b,
            Value::None | Value::Null => false,
            Value::Int(i) => *i != 0,
            Value::BigInt(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.as_str().is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Set(s) => !s.borrow().is_empty(),
            Value::Range(r) => !r.is_empty(),
            Value::DictView(v) => !v.0.borrow().is_empty(),
            Value::Instance(_) => {
                if let Some(r) = self.call_dunder_opt(v, "__bool__", &[])? {
                    return self.truthy(&r);
                }
                if let Some(r) = self.call_dunder_opt(v, "__len__", &[])? {
                    return self.truthy(&r);
                }
                true
            }
            _ => true,
        })
    }

    /// `hash(v)`, as CPython computes it for numbers.
    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        Ok(match v {
            Value::Int(i) => object::int::hash_i64(*i),
            Value::Bool(b) => *b as i64,
            Value::BigInt(b) => object::int::hash_big(b),
            Value::Float(f) => object::float::hash(*f),
            Value::Str(s) => s.hash() as i64,
            Value::None => 0x5f4e6f6e65,
            Value::Tuple(t) => {
                let mut acc: i64 = 0x27d4_eb2d;
                for item in t.iter() {
                    let h = self.hash(item)?;
                    acc = acc.wrapping_mul(1_000_003) ^ h;
                }
                if acc == -1 {
                    -2
                } else {
                    acc
                }
            }
            Value::Bytes(b) => {
                let s = PyStr::new(String::from_utf8_lossy(b).into_owned());
                s.hash() as i64
            }
            Value::List(_) | Value::Dict(_) | Value::DictView(_) => {
                return Err(exc::type_error(format!(
                    "unhashable type: '{}'",
                    type_name_of(v)
                )));
            }
            Value::Set(s) if !s.borrow().frozen => {
                return Err(exc::type_error("unhashable type: 'set'"));
            }
            Value::Set(s) => s
                .borrow()
                .iter()
                .fold(0x1234_5678i64, |acc, k| acc ^ k.hash.wrapping_mul(31)),
            Value::Instance(_) => {
                if let Some(r) = self.call_dunder_opt(v, "__hash__", &[])? {
                    return match r {
                        Value::Int(i) => Ok(i),
                        _ => Err(exc::type_error("__hash__ method should return an integer")),
                    };
                }
                (v.heap_ptr().unwrap_or(0) >> 4) as i64
            }
            other => (other.heap_ptr().unwrap_or(0) >> 4) as i64,
        })
    }

    /// A dict/set key for `v` (raises `TypeError` for unhashable values).
    pub fn hkey(&mut self, v: &Value) -> PyResult<HKey> {
        Ok(HKey {
            hash: self.hash(v)?,
            key: v.clone(),
        })
    }

    /// `len(v)`.
    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        Ok(match v {
            Value::Str(s) => s.char_len(),
            Value::Bytes(b) => b.len(),
            Value::Tuple(t) => t.len(),
            Value::List(l) => l.borrow().len(),
            Value::Dict(d) => d.borrow().len(),
            Value::Set(s) => s.borrow().len(),
            Value::Range(r) => usize::try_from(r.count())
                .ok()
                .filter(|&n| n <= isize::MAX as usize)
                .ok_or_else(|| {
                    exc::new(
                        "OverflowError",
                        "Python int too large to convert to C ssize_t",
                    )
                })?,
            Value::DictView(v) => v.0.borrow().len(),
            Value::Instance(_) => match self.call_dunder_opt(v, "__len__", &[])? {
                Some(Value::Int(n)) if n >= 0 => n as usize,
                Some(Value::Int(_)) => {
                    return Err(exc::value_error("__len__() should return >= 0"))
                }
                Some(_) => {
                    return Err(exc::type_error(
                        "'str' object cannot be interpreted as an integer",
                    ))
                }
                None => {
                    return Err(exc::type_error(format!(
                        "object of type '{}' has no len()",
                        type_name_of(v)
                    )))
                }
            },
            _ => {
                return Err(exc::type_error(format!(
                    "object of type '{}' has no len()",
                    type_name_of(v)
                )))
            }
        })
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.as_str().contains(sub.as_str())),
                other => Err(exc::type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    type_name_of(other)
                ))),
            },
            Value::Dict(d) => {
                let k = self.hkey(item)?;
                Ok(d.borrow().get(&k).is_some())
            }
            Value::Bytes(b) => match item {
                Value::Bytes(sub) => {
                    Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == &sub[..]))
                }
                Value::Int(i) => Ok(b.contains(&(*i as u8))),
                other => Err(exc::type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    type_name_of(other)
                ))),
            },
            Value::Set(s) => {
                let k = self.hkey(item)?;
                Ok(s.borrow().contains(&k))
            }
            Value::Range(r) => match item {
                Value::Int(i) => Ok(r.contains(*i)),
                Value::Bool(b) => Ok(r.contains(*b as i64)),
                // A float or an instance with `__eq__` may equal an item: compare one by one.
                _ => self.contains_by_iter(container, item),
            },
            Value::DictView(view) if view.1 == ViewKind::Keys => {
                let k = self.hkey(item)?;
                Ok(view.0.borrow().get(&k).is_some())
            }
            Value::Instance(_) => {
                if let Some(r) =
                    self.call_dunder_opt(container, "__contains__", std::slice::from_ref(item))?
                {
                    return self.truthy(&r);
                }
                self.contains_by_iter(container, item)
            }
            _ => self.contains_by_iter(container, item),
        }
    }

    fn contains_by_iter(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        let it = self.get_iter(container).map_err(|_| {
            exc::type_error(format!(
                "argument of type '{}' is not iterable",
                type_name_of(container)
            ))
        })?;
        while let Some(x) = self.next(&it)? {
            if x.is(item) || self.eq(&x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `iter(v)`.
    pub fn get_iter(&mut self, v: &Value) -> PyResult<Value> {
        Ok(match v {
            Value::List(l) => make_iter(Iter::List {
                list: l.clone(),
                index: 0,
            }),
            Value::Tuple(t) => make_iter(Iter::Tuple {
                tuple: t.clone(),
                index: 0,
            }),
            Value::Range(r) => make_iter(Iter::Range {
                next: r.start,
                step: r.step,
                remaining: r.len(),
            }),
            Value::Str(s) => make_iter(Iter::Str {
                s: s.clone(),
                byte: 0,
            }),
            Value::Bytes(b) => make_iter(Iter::Bytes {
                b: b.clone(),
                index: 0,
            }),
            Value::Dict(d) => make_iter(Iter::Dict {
                dict: d.clone(),
                kind: ViewKind::Keys,
                cursor: DictCursor::new(&d.borrow()),
            }),
            Value::DictView(view) => make_iter(Iter::Dict {
                dict: view.0.clone(),
                kind: view.1,
                cursor: DictCursor::new(&view.0.borrow()),
            }),
            Value::Set(s) => make_iter(Iter::Set {
                set: s.clone(),
                items: s.borrow().values(),
                index: 0,
                len: s.borrow().len(),
            }),
            Value::Iter(_) | Value::Generator(_) => v.clone(),
            Value::Instance(_) => {
                if let Some(r) = self.call_dunder_opt(v, "__iter__", &[])? {
                    return Ok(r);
                }
                return Err(exc::type_error(format!(
                    "'{}' object is not iterable",
                    type_name_of(v)
                )));
            }
            _ => {
                return Err(exc::type_error(format!(
                    "'{}' object is not iterable",
                    type_name_of(v)
                )))
            }
        })
    }

    /// `next(it)`: `None` when exhausted (StopIteration is not raised here).
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        match it {
            Value::Iter(state) => self.next_builtin(state),
            Value::Generator(g) => self.resume_generator(g),
            Value::Instance(_) => match self.call_dunder_opt(it, "__next__", &[]) {
                Ok(Some(v)) => Ok(Some(v)),
                Ok(None) => Err(exc::type_error(format!(
                    "'{}' object is not an iterator",
                    type_name_of(it)
                ))),
                Err(e) => {
                    if self.is_stop_iteration(&e) {
                        Ok(None)
                    } else {
                        Err(e)
                    }
                }
            },
            _ => Err(exc::type_error(format!(
                "'{}' object is not an iterator",
                type_name_of(it)
            ))),
        }
    }

    /// True when `e` is a `StopIteration`.
    pub fn is_stop_iteration(&self, e: &PyErr) -> bool {
        match e {
            PyErr::Lazy(l) => l.0 == "StopIteration",
            PyErr::Obj(i) => self
                .exc_types
                .get("StopIteration")
                .is_some_and(|c| i.class.is_subclass(c)),
        }
    }

    fn next_builtin(&mut self, state: &Rc<RefCell<Iter>>) -> PyResult<Option<Value>> {
        let mut st = state.borrow_mut();
        Ok(match &mut *st {
            Iter::List { list, index } => {
                let v = list.borrow().get(*index).cloned();
                *index += 1;
                v
            }
            Iter::Tuple { tuple, index } => {
                let v = tuple.get(*index).cloned();
                *index += 1;
                v
            }
            Iter::Range {
                next,
                step,
                remaining,
            } => {
                if *remaining <= 0 {
                    None
                } else {
                    let v = *next;
                    *next = next.wrapping_add(*step);
                    *remaining -= 1;
                    Some(Value::Int(v))
                }
            }
            Iter::Str { s, byte } => {
                let c = s.as_str()[*byte..].chars().next();
                c.map(|c| {
                    *byte += c.len_utf8();
                    Value::str(c.to_string())
                })
            }
            Iter::Bytes { b, index } => {
                let v = b.get(*index).map(|&x| Value::Int(i64::from(x)));
                *index += 1;
                v
            }
            Iter::Dict { dict, kind, cursor } => {
                let d = dict.borrow();
                let index = cursor.next_index(&d).map_err(|e| {
                    exc::new(
                        "RuntimeError",
                        match e {
                            IterError::SizeChanged => "dictionary changed size during iteration",
                            IterError::KeysChanged => "dictionary keys changed during iteration",
                        },
                    )
                })?;
                index.and_then(|i| d.entry_at(i)).map(|(k, v)| match kind {
                    ViewKind::Keys => k.clone(),
                    ViewKind::Values => v.clone(),
                    ViewKind::Items => Value::tuple(vec![k.clone(), v.clone()]),
                })
            }
            Iter::Set {
                set,
                items,
                index,
                len,
            } => {
                if set.borrow().len() != *len {
                    // Keep failing on later calls too, as CPython's iterator does.
                    *len = usize::MAX;
                    return Err(exc::new(
                        "RuntimeError",
                        "Set changed size during iteration",
                    ));
                }
                let v = items.get(*index).cloned();
                *index += 1;
                v
            }
            Iter::Snapshot { items, index, .. } => {
                let v = items.get(*index).cloned();
                *index += 1;
                v
            }
            Iter::Enumerate { inner, count } => {
                let inner = inner.clone();
                let n = *count;
                *count += 1;
                drop(st);
                return Ok(self
                    .next(&inner)?
                    .map(|v| Value::tuple(vec![Value::Int(n), v])));
            }
            Iter::Zip { inners } => {
                let inners = inners.clone();
                drop(st);
                // `zip()` of no iterables is empty (not an endless run of `()`).
                if inners.is_empty() {
                    return Ok(None);
                }
                let mut out = Vec::with_capacity(inners.len());
                for i in &inners {
                    match self.next(i)? {
                        Some(v) => out.push(v),
                        None => return Ok(None),
                    }
                }
                return Ok(Some(Value::tuple(out)));
            }
            Iter::Map { func, inners } => {
                let (func, inners) = (func.clone(), inners.clone());
                drop(st);
                let mut args = Vec::with_capacity(inners.len());
                for i in &inners {
                    match self.next(i)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                return self.call(&func, &args, &[]).map(Some);
            }
            Iter::Filter { func, inner } => {
                let (func, inner) = (func.clone(), inner.clone());
                drop(st);
                while let Some(v) = self.next(&inner)? {
                    let keep = if matches!(func, Value::None) {
                        v.clone()
                    } else {
                        self.call(&func, std::slice::from_ref(&v), &[])?
                    };
                    if self.truthy(&keep)? {
                        return Ok(Some(v));
                    }
                }
                return Ok(None);
            }
            Iter::Exhausted => None,
        })
    }

    /// All items of an iterable.
    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v {
            Value::List(l) => return Ok(l.borrow().clone()),
            Value::Tuple(t) => return Ok(t.to_vec()),
            _ => {}
        }
        let it = self.get_iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// `format(v, spec)` (`FORMAT_SIMPLE` / `FORMAT_WITH_SPEC`).
    pub fn format_value(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        if spec.is_empty() {
            return self.to_str(v);
        }
        if let Value::Instance(_) = v {
            if let Some(r) = self.call_dunder_opt(v, "__format__", &[Value::str(spec)])? {
                return self.expect_str(r, "__format__");
            }
        }
        let f =
            FormatSpec::parse(spec).ok_or_else(|| exc::value_error("Invalid format specifier"))?;
        check_spec_size(&f)?;
        match v {
            Value::Float(x) => format_float(*x, &f),
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
                if matches!(f.ty, Some('f' | 'F' | 'e' | 'E' | 'g' | 'G' | '%')) {
                    return format_float(int_to_float(v)?, &f);
                }
                if f.precision.is_some() {
                    return Err(exc::value_error(
                        "Precision not allowed in integer format specifier",
                    ));
                }
                format_int(v, &f)
            }
            Value::Str(s) => {
                if matches!(f.ty, Some(t) if t != 's') {
                    return Err(exc::value_error(format!(
                        "Unknown format code '{}' for object of type 'str'",
                        f.ty.unwrap_or('s')
                    )));
                }
                let mut text = s.as_str().to_string();
                if let Some(p) = f.precision {
                    text = text.chars().take(p).collect();
                }
                Ok(f.pad(&text, false))
            }
            _ => {
                let s = self.to_str(v)?;
                Ok(f.pad(&s, false))
            }
        }
    }

    /// `int(v)` for numbers and numeric strings.
    pub fn to_int(&mut self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            Value::Float(f) => {
                if f.is_nan() {
                    return Err(exc::value_error("cannot convert float NaN to integer"));
                }
                if f.is_infinite() {
                    return Err(exc::new("OverflowError", "cannot convert float infinity to integer"));
                }
                let t = f.trunc();
                if t.abs() < 9.0e18 {
                    Ok(Value::Int(t as i64))
                } else {
                    // Exact: every float this large is an integer.
                    let b = num_traits::FromPrimitive::from_f64(t).unwrap_or_default();
                    Ok(Value::from_bigint(b))
                }
            }
            Value::Str(s) => {
                object::int::check_parse_digits(s.as_str())?;
                object::int::parse_with_base(s.as_str(), 10).map(Value::from_bigint).ok_or_else(|| {
                    exc::value_error(format!("invalid literal for int() with base 10: {}", str_repr(s.as_str())))
                })
            }
            Value::Instance(_) => match self.call_dunder_opt(v, "__int__", &[])? {
                Some(r) => Ok(r),
                None => Err(exc::type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", type_name_of(v)))),
            },
            _ => Err(exc::type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", type_name_of(v)))),
        }
    }

    /// Binds `func` to `self_` (a bound method object).
    pub fn bind(&self, func: Value, self_: Value) -> Value {
        Value::Method(Rc::new(BoundMethod { func, self_ }))
    }

    /// Helper for keyword lookups in builtins.
    pub fn kwarg<'a>(&self, kw: KwArgs<'a>, name: &str) -> Option<&'a Value> {
        kw.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v)
    }

    /// A `str` key value.
    pub fn key_str(&self, name: &str) -> HKey {
        str_key(name)
    }

    /// True when `v` is an instance of `class` (including builtin classes).
    pub fn isinstance(&self, v: &Value, class: &Class) -> bool {
        let t = self.type_of(v);
        if t.is_subclass(class) {
            return true;
        }
        class.kind == TypeKind::Object
    }
}

/// `format(float, spec)`. A precision is a count of digits to produce, so one the allocator
/// cannot provide raises MemoryError instead of aborting the process.
fn format_float(x: f64, f: &FormatSpec) -> PyResult<String> {
    if let Some(p) = f.precision.filter(|&p| p <= i32::MAX as usize) {
        crate::object::str::reserve_check(p)?;
    }
    object::float::format(x, f).map_err(exc::value_error)
}

/// An int as a float for the float presentation types.
fn int_to_float(v: &Value) -> PyResult<f64> {
    object::int::to_f64(v)
        .ok_or_else(|| exc::new("OverflowError", "int too large to convert to float"))
}

/// `format(int, spec)`.
fn format_int(v: &Value, f: &FormatSpec) -> PyResult<String> {
    // A machine int in decimal, the usual f-string case, needs no big-int conversion.
    if let (Value::Int(i), None | Some('d' | 'n')) = (v, f.ty) {
        return Ok(finish_int(f, *i < 0, &i.unsigned_abs().to_string()));
    }
    let big = object::int::to_big(v).unwrap_or_default();
    let neg = big < num_bigint::BigInt::from(0);
    let mag = if neg { -big } else { big };
    let digits = match f.ty {
        None | Some('d') | Some('n') => object::int::to_decimal(&mag)?,
        Some('x') => mag.to_str_radix(16),
        Some('X') => mag.to_str_radix(16).to_uppercase(),
        Some('o') => mag.to_str_radix(8),
        Some('b') => mag.to_str_radix(2),
        Some('c') => char::from_u32(num_traits::ToPrimitive::to_u32(&mag).unwrap_or(0))
            .unwrap_or('?')
            .to_string(),
        Some(t) => {
            return Err(exc::value_error(format!(
                "Unknown format code '{t}' for object of type 'int'"
            )))
        }
    };
    Ok(finish_int(f, neg, &digits))
}

/// Sign, prefix, grouping and padding around the digits of a formatted int.
fn finish_int(f: &FormatSpec, neg: bool, digits: &str) -> String {
    let prefix = match (f.alternate, f.ty) {
        (true, Some('x')) => "0x",
        (true, Some('X')) => "0X",
        (true, Some('o')) => "0o",
        (true, Some('b')) => "0b",
        _ => "",
    };
    let sign = match (neg, f.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    };
    // `_` groups hex, octal and binary digits by four; everything else groups by three.
    let group = f.grouping.map(|sep| match f.ty {
        Some('x' | 'X' | 'o' | 'b') => (sep, 4),
        _ => (sep, 3),
    });
    f.pad_number(sign, prefix, digits, "", group)
}

/// Width and precision come from user text: numbers beyond `isize` are rejected like CPython
/// does, and a width the allocator cannot provide raises MemoryError instead of aborting.
fn check_spec_size(f: &FormatSpec) -> PyResult<()> {
    let too_long = |n: Option<usize>| n.is_some_and(|n| n > isize::MAX as usize);
    if too_long(f.width) || too_long(f.precision) {
        return Err(exc::value_error("Too many decimal digits in format string"));
    }
    crate::object::str::reserve_check(f.width.unwrap_or(0))
}
