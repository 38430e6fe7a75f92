//! Iteration: `iter(v)`, `next(it)` and collecting an iterable into a `Vec` (CPython's
//! `PyObject_GetIter` / `PyIter_Next`).
//!
//! Builtin iterators are one `Iter` enum stepped here in Rust; generators resume their frame
//! and user classes go through `__iter__` / `__next__`. Exhaustion is `Ok(None)` rather than
//! a raised StopIteration, so `FOR_ITER` and builtins such as `list()` need not allocate one.

use std::cell::RefCell;
use std::rc::Rc;

use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::dict::{DictCursor, IterError};
use crate::object::iter::{make as make_iter, Iter};
use crate::object::{type_name_of, ViewKind};
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
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
            // A coroutine is awaited, never iterated.
            Value::Generator(g) if g.coroutine => {
                return Err(exc::type_error("'coroutine' object is not iterable"))
            }
            Value::Iter(_) | Value::Generator(_) => v.clone(),
            // A class whose metaclass defines `__iter__` (`for member in Color`).
            Value::Type(c) if c.meta().is_some() => {
                match self.call_dunder_opt(v, "__iter__", &[])? {
                    Some(r) => return Ok(r),
                    None => {
                        return Err(exc::type_error(format!(
                            "'{}' object is not iterable",
                            type_name_of(v)
                        )))
                    }
                }
            }
            Value::Instance(_) | Value::Native(_) => {
                let lookup = |name: &str| match v {
                    Value::Instance(i) => i.class.lookup(name),
                    Value::Native(n) => n.class.lookup(name),
                    _ => None,
                };
                // `__iter__ = None` marks a class as not iterable (CPython's convention).
                let blocked = matches!(lookup("__iter__"), Some(Value::None));
                if !blocked {
                    if let Some(r) = self.call_dunder_opt(v, "__iter__", &[])? {
                        return Ok(r);
                    }
                }
                if let (false, Some(p)) = (blocked, crate::builtins::subclass::payload(v)) {
                    return self.get_iter(&p.clone());
                }
                if !blocked && lookup("__getitem__").is_some_and(|f| !matches!(f, Value::None)) {
                    return Ok(make_iter(Iter::Seq {
                        obj: v.clone(),
                        index: 0,
                        reversed: false,
                    }));
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
            Value::Generator(g) if g.coroutine => {
                Err(exc::type_error("'coroutine' object is not an iterator"))
            }
            Value::Generator(g) => self.resume_generator(g),
            Value::Instance(_) | Value::Native(_) => {
                match self.call_dunder_opt(it, "__next__", &[]) {
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
                }
            }
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
            Iter::ListReverse { list, next } => {
                let l = list.borrow();
                if *next == 0 || *next > l.len() {
                    *next = 0;
                    return Ok(None);
                }
                *next -= 1;
                Some(l[*next].clone())
            }
            Iter::DictReverse {
                dict,
                kind,
                next,
                used,
            } => {
                let d = dict.borrow();
                if d.len() != *used {
                    // Sticky, as CPython's `di_used = -1`.
                    *used = usize::MAX;
                    return Err(exc::new(
                        "RuntimeError",
                        "dictionary changed size during iteration",
                    ));
                }
                if *next == 0 {
                    return Ok(None);
                }
                *next -= 1;
                d.entry_at(*next).map(|(k, v)| match kind {
                    ViewKind::Keys => k.clone(),
                    ViewKind::Values => v.clone(),
                    ViewKind::Items => Value::tuple(vec![k.clone(), v.clone()]),
                })
            }
            Iter::Snapshot { items, index, .. } => {
                let v = items.get(*index).cloned();
                *index += 1;
                v
            }
            Iter::Enumerate { inner, .. } => {
                let inner = inner.clone();
                drop(st);
                // As `enum_next`: the count moves only when the inner iterator gave an item.
                let Some(v) = self.next(&inner)? else {
                    return Ok(None);
                };
                let mut st = state.borrow_mut();
                let Iter::Enumerate { count, result, .. } = &mut *st else {
                    return Err(exc::new("SystemError", "enumerate state changed"));
                };
                let n = *count;
                *count += 1;
                return Ok(Some(crate::object::iter::reuse_pair(
                    result,
                    Value::Int(n),
                    v,
                )));
            }
            Iter::Zip { inners, strict } => {
                let (inners, strict) = (inners.clone(), *strict);
                drop(st);
                // `zip()` of no iterables is empty (not an endless run of `()`).
                if inners.is_empty() {
                    return Ok(None);
                }
                let mut out = Vec::with_capacity(inners.len());
                for (i, it) in inners.iter().enumerate() {
                    match self.next(it)? {
                        Some(v) => out.push(v),
                        None if strict => return self.zip_strict_end(&inners, i),
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
            Iter::Callable { func, sentinel } => {
                let (func, sentinel) = (func.clone(), sentinel.clone());
                drop(st);
                let v = match self.call(&func, &[], &[]) {
                    Err(e) if self.is_stop_iteration(&e) => {
                        *state.borrow_mut() = Iter::Exhausted;
                        return Ok(None);
                    }
                    result => result?,
                };
                if self.eq(&v, &sentinel)? {
                    *state.borrow_mut() = Iter::Exhausted;
                    return Ok(None);
                }
                return Ok(Some(v));
            }
            Iter::Seq {
                obj,
                index,
                reversed,
            } => {
                let (obj, i) = (obj.clone(), *index);
                if *reversed && i < 0 {
                    *st = Iter::Exhausted;
                    return Ok(None);
                }
                *index += if *reversed { -1 } else { 1 };
                drop(st);
                return match self.getitem(&obj, &Value::Int(i)) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.ends_sequence(&e) => {
                        *state.borrow_mut() = Iter::Exhausted;
                        Ok(None)
                    }
                    Err(e) => Err(e),
                };
            }
            Iter::Exhausted => None,
        })
    }

    /// An IndexError or StopIteration (or a subclass) from `__getitem__`: the end of a
    /// sequence iterated by index.
    fn ends_sequence(&self, e: &PyErr) -> bool {
        let class_is = |name: &str, of: &str| {
            name == of
                || matches!(
                    (self.exc_types.get(name), self.exc_types.get(of)),
                    (Some(a), Some(b)) if a.is_subclass(b)
                )
        };
        ["IndexError", "StopIteration"].iter().any(|of| match e {
            PyErr::Lazy(l) => class_is(l.0, of),
            PyErr::Obj(i) => self
                .exc_types
                .get(*of)
                .is_some_and(|c| i.class.is_subclass(c)),
        })
    }

    /// `zip(strict=True)` when iterable `i` ran out: fine only if all did at once.
    fn zip_strict_end(&mut self, inners: &[Value], i: usize) -> PyResult<Option<Value>> {
        let earlier = |n: usize| {
            if n == 1 {
                "argument 1".to_string()
            } else {
                format!("arguments 1-{n}")
            }
        };
        if i > 0 {
            return Err(exc::value_error(format!(
                "zip() argument {} is shorter than {}",
                i + 1,
                earlier(i)
            )));
        }
        for (j, it) in inners.iter().enumerate().skip(1) {
            if self.next(it)?.is_some() {
                return Err(exc::value_error(format!(
                    "zip() argument {} is longer than {}",
                    j + 1,
                    earlier(j)
                )));
            }
        }
        Ok(None)
    }

    /// `collect` as CPython's `list(v)`, `tuple(v)` and `list.extend(v)` do it: after taking
    /// the iterator they ask `v` for a length hint (to size the result), which a program can
    /// see when `__len__` or `__length_hint__` is its own code.
    pub fn collect_hinted(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        if matches!(v, Value::List(_) | Value::Tuple(_)) {
            return self.collect(v);
        }
        let it = self.get_iter(v)?;
        self.length_hint(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// CPython's `PyObject_LengthHint`, for its side effects and errors only (the VM does not
    /// preallocate from it): `len(v)` if the type has `__len__` (a TypeError from it is
    /// ignored), else `v.__length_hint__()` if defined, which must give an int >= 0 or
    /// `NotImplemented`. Builtin values answer without running any code, so only instances
    /// and `reversed` over one (whose hint is its sequence's length) are asked.
    pub fn length_hint(&mut self, v: &Value) -> PyResult<()> {
        let ignore_type_error = |vm: &Vm, r: PyResult<()>| match r {
            Err(e) if vm.is_type_error(&e) => Ok(()),
            other => other,
        };
        let class = match v {
            Value::Instance(i) => i.class.clone(),
            Value::Iter(it) => {
                let seq = match &*it.borrow() {
                    Iter::Seq {
                        obj,
                        reversed: true,
                        index,
                    } if *index >= 0 => obj.clone(),
                    _ => return Ok(()),
                };
                let r = self.len(&seq).map(drop);
                return ignore_type_error(self, r);
            }
            _ => return Ok(()),
        };
        if class.lookup("__len__").is_some() {
            let r = self.len(v).map(drop);
            return ignore_type_error(self, r);
        }
        if class.lookup("__length_hint__").is_none() {
            return Ok(());
        }
        let hint = match self.call_dunder_opt(v, "__length_hint__", &[]) {
            Ok(Some(hint)) => hint,
            Ok(None) => return Ok(()),
            Err(e) => return ignore_type_error(self, Err(e)),
        };
        match hint {
            Value::NotImplemented => Ok(()),
            Value::Int(n) if n < 0 => Err(exc::value_error("__length_hint__() should return >= 0")),
            Value::Int(_) | Value::Bool(_) => Ok(()),
            Value::BigInt(_) => Err(exc::new(
                "OverflowError",
                "cannot fit 'int' into an index-sized integer",
            )),
            other => Err(exc::type_error(format!(
                "__length_hint__ must be an integer, not {}",
                type_name_of(&other)
            ))),
        }
    }

    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v {
            Value::List(l) => return Ok(l.borrow().clone()),
            Value::Tuple(t) => return Ok(t.to_vec()),
            _ => {}
        }
        let it = self.get_iter(v)?;
        // A set or dict says how many items come: one allocation instead of a `Vec` grown
        // by doubling (`min(s)`, `sorted(d)`, `list(s)` of a large set).
        let size = match v {
            Value::Set(s) => s.borrow().len(),
            Value::Dict(d) => d.borrow().len(),
            _ => 0,
        };
        let mut out = Vec::with_capacity(size);
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }
}
