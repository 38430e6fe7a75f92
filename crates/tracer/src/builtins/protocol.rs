//! The object protocols every instruction and builtin goes through when no specialized form
//! applies (CPython's `Objects/object.c` and `abstract.c` in spirit). This file holds the
//! small ones: `type()`, dunder lookup, truth, hashing, `len`, `in` and `int()`; the larger
//! protocols live in submodules: `repr`/`str` in `protocol/repr.rs`, iteration in
//! `protocol/iter.rs` and `format()` in `protocol/format.rs`.
//!
//! Dunder methods of user classes are found on the class (never the instance), as CPython
//! does, and called through `Vm::call`, which runs a nested eval loop for Python code.

mod format;
mod iter;
mod repr;

use std::rc::Rc;

use super::subclass;
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::iter::Iter;
use crate::object::str::repr as str_repr;
use crate::object::{
    self, type_name_of, BoundMethod, Class, HKey, KwArgs, PyStr, TypeKind, ViewKind,
};
use crate::value::Value;
use crate::vm::Vm;

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
            Value::Type(c) => c.meta().unwrap_or_else(|| t.type_.clone()),
            Value::Module(_) => t.module.clone(),
            Value::Generator(g) if g.coroutine => t.coroutine.clone(),
            Value::Generator(_) => t.generator.clone(),
            Value::Iter(it) => match &*it.borrow() {
                Iter::Enumerate { .. } => t.enumerate.clone(),
                Iter::Zip { .. } => t.zip.clone(),
                Iter::Map { .. } => t.map.clone(),
                Iter::Filter { .. } => t.filter.clone(),
                other => match other.type_name() {
                    "reversed" => t.reversed.clone(),
                    name => t.iterators.get(name).unwrap_or(&t.iterator).clone(),
                },
            },
            Value::DictView(v) => match v.1 {
                ViewKind::Keys => t.dict_view.clone(),
                ViewKind::Values => t.dict_values.clone(),
                ViewKind::Items => t.dict_items.clone(),
            },
            Value::Member(_) => t.member_descriptor.clone(),
            Value::Native(n) => n.class.clone(),
            _ => t.other.clone(),
        }
    }

    /// Calls `obj.name(*args)` if `type(obj)` defines `name` as a Python function (or, for
    /// a native object, as a builtin: its type's slots).
    pub fn call_dunder_opt(
        &mut self,
        obj: &Value,
        name: &str,
        args: &[Value],
    ) -> PyResult<Option<Value>> {
        let inst = match obj {
            Value::Instance(inst) => inst,
            // A class made by a metaclass: the metaclass's own dunders (`len(Color)`).
            Value::Type(c) if c.meta().is_some() => {
                let hook = c
                    .meta()
                    .and_then(|m| super::metaclass::hook(&m, name))
                    .filter(|f| matches!(f, Value::Function(_)));
                let Some(f) = hook else {
                    return Ok(None);
                };
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(obj.clone());
                full.extend_from_slice(args);
                return self.call(&f, &full, &[]).map(Some);
            }
            Value::Native(native) => {
                let Some(f) = native.class.lookup(name) else {
                    return Ok(None);
                };
                return self.call_with_self(&f, obj, args).map(Some);
            }
            _ => return Ok(None),
        };
        let Some(f) = inst.class.lookup(name) else {
            return Ok(None);
        };
        if matches!(&f, Value::Builtin(b) if b.module.is_none()) {
            // Builtin defaults of `object` (e.g. BaseException's) are handled natively; the
            // methods of a provided module's type (`defaultdict.__missing__`) and a module's
            // function placed in a class by Rust code (`sys.version_info`'s `__repr__`) are
            // called like methods.
            return Ok(None);
        }
        self.call_with_self(&f, obj, args).map(Some)
    }

    /// `f(obj, *args)`. The arguments of a dunder (`a[i]`, `a[i] = v`, `x + y`) are one or
    /// two, so they go in an array on the Rust stack: no `Vec` allocated and freed per call
    /// (an `array.array` subscript in scimark's loops paid one each).
    fn call_with_self(&mut self, f: &Value, obj: &Value, args: &[Value]) -> PyResult<Value> {
        // A Python dunder (`__eq__`, `__lt__`, `__len__`, ...) taking exactly these
        // arguments: `self` and the arguments go straight into its frame.
        if let Value::Function(func) = f {
            if let Some(frame) = self.exact_frame(func, Some(obj), args) {
                return self.eval_frame(frame);
            }
        }
        match args {
            [] => self.call(f, std::slice::from_ref(obj), &[]),
            [a] => self.call(f, &[obj.clone(), a.clone()], &[]),
            [a, b] => self.call(f, &[obj.clone(), a.clone(), b.clone()], &[]),
            _ => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(obj.clone());
                full.extend_from_slice(args);
                self.call(f, &full, &[])
            }
        }
    }

    /// `bool(v)`.
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        Ok(match v {
            Value::Bool(b) => b.get(),
            Value::None | Value::Null => false,
            Value::Int(i) => *i != 0,
            Value::BigInt(_) => true,
            Value::Float(f) => f.get() != 0.0,
            Value::Str(s) => !s.as_str().is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Set(s) => !s.borrow().is_empty(),
            Value::Range(r) => !r.is_empty(),
            Value::DictView(v) => !v.0.borrow().is_empty(),
            Value::Instance(_) | Value::Native(_) => {
                if let Some(r) = self.call_dunder_opt(v, "__bool__", &[])? {
                    return self.truthy(&r);
                }
                if let Some(r) = self.call_dunder_opt(v, "__len__", &[])? {
                    return self.truthy(&r);
                }
                match subclass::payload(v) {
                    Some(p) => return self.truthy(&p.clone()),
                    None => true,
                }
            }
            _ => true,
        })
    }

    /// `hash(v)`, as CPython computes it for numbers.
    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        Ok(match v {
            Value::Int(i) => object::int::hash_i64(*i),
            Value::Bool(b) => b.get() as i64,
            Value::BigInt(b) => object::int::hash_big(b),
            Value::Float(f) => object::float::hash(f.get()),
            Value::Str(s) => s.hash() as i64,
            // CPython 3.12+ hashes None to a constant.
            Value::None => 0xFCA8_6420,
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
            Value::Instance(inst) => {
                if let Some(r) = self.call_dunder_opt(v, "__hash__", &[])? {
                    return match r {
                        Value::Int(i) => Ok(i),
                        _ => Err(exc::type_error("__hash__ method should return an integer")),
                    };
                }
                if let Some(p) = &inst.payload {
                    if matches!(p, Value::List(_) | Value::Dict(_)) {
                        return Err(exc::type_error(format!(
                            "unhashable type: '{}'",
                            type_name_of(v)
                        )));
                    }
                    return self.hash(&p.clone());
                }
                (v.heap_ptr().unwrap_or(0) >> 4) as i64
            }
            Value::Native(n) => match n.class.lookup("__hash__") {
                Some(Value::None) => {
                    return Err(exc::type_error(format!(
                        "unhashable type: '{}'",
                        type_name_of(v)
                    )))
                }
                Some(f @ Value::Builtin(_)) => match self.call(&f, std::slice::from_ref(v), &[])? {
                    Value::Int(i) => i,
                    _ => return Err(exc::type_error("__hash__ method should return an integer")),
                },
                _ => (v.heap_ptr().unwrap_or(0) >> 4) as i64,
            },
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
            Value::Instance(_) | Value::Native(_) | Value::Type(_) => {
                match self.call_dunder_opt(v, "__len__", &[])? {
                    Some(Value::Int(n)) if n >= 0 => n as usize,
                    Some(Value::Int(_)) => {
                        return Err(exc::value_error("__len__() should return >= 0"))
                    }
                    Some(_) => {
                        return Err(exc::type_error(
                            "'str' object cannot be interpreted as an integer",
                        ))
                    }
                    None if subclass::payload(v).is_some() => {
                        return self.len(subclass::unwrapped(v))
                    }
                    None => {
                        return Err(exc::type_error(format!(
                            "object of type '{}' has no len()",
                            type_name_of(v)
                        )))
                    }
                }
            }
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
                Value::Bool(b) => Ok(r.contains(b.get() as i64)),
                // Our ranges hold 64-bit ints only: a bigger int is in none of them.
                Value::BigInt(_) => Ok(false),
                // A float or an instance with `__eq__` may equal an item: compare one by one
                // (as CPython does, slowly for a long range).
                _ => self.contains_by_iter(container, item),
            },
            Value::DictView(view) if view.1 == ViewKind::Keys => {
                let k = self.hkey(item)?;
                Ok(view.0.borrow().get(&k).is_some())
            }
            Value::Instance(_) | Value::Native(_) | Value::Type(_) => {
                if let Some(r) =
                    self.call_dunder_opt(container, "__contains__", std::slice::from_ref(item))?
                {
                    return self.truthy(&r);
                }
                if let Some(p) = subclass::payload(container) {
                    return self.contains(&p.clone(), item);
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

    /// `int(v)` for numbers and numeric strings.
    pub fn to_int(&mut self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::Int(b.get() as i64)),
            Value::Float(f) => {
                let f = f.get();
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
                None if subclass::payload(v).is_some() => self.to_int(&subclass::unwrapped(v).clone()),
                None => Err(exc::type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", type_name_of(v)))),
            },
            _ => Err(exc::type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", type_name_of(v)))),
        }
    }

    /// Binds `func` to `self_` (a bound method object).
    pub fn bind(&self, func: Value, self_: Value) -> Value {
        let m = Value::Method(Rc::new(BoundMethod { func, self_ }));
        crate::object::gc::track(&m);
        m
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
