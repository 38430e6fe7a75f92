//! Per-type `tp_traverse` and `tp_clear` for the collector, and CPython's count of each.
//!
//! `edges` lists the strong references an object holds to objects the collector may track,
//! by address (`Rc::as_ptr`): one address per strong reference, never more, or the
//! subtraction of `collect` would free a live object. A reference it cannot see (a
//! `RefCell` borrowed right now, a field it does not know) is simply not listed, which
//! leaves the target looking referenced from outside: the safe direction.
//!
//! A tuple is not tracked, but when the object holds its only reference (strong count 1)
//! the tuple's items are listed as the object's own: exact, since nothing else can reach
//! them through that tuple. The same holds for a function's private keyword-defaults dict.
//!
//! `clear` empties an object (CPython's `tp_clear`) into a trash vector that the collector
//! drops once no borrow is active.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::frame::{Frame, FrameKind};
use crate::object::slots::DictKind;
use crate::object::{Dict, Instance, Set};
use crate::value::Value;

/// A `RefCell` of the object was borrowed: it cannot be traversed now.
pub(super) struct Busy;

/// How deep `edges` follows uniquely held tuples inside tuples before giving up (and
/// leaving the deeper items looking referenced from outside).
const TUPLE_DEPTH: usize = 64;

/// The references found by one traversal.
#[derive(Default)]
pub(super) struct Edges {
    /// Addresses of the objects referred to (tracked or not: `collect` looks them up).
    pub addrs: Vec<usize>,
    /// Uniquely held tuples (and keyword-defaults dicts) passed through that CPython would
    /// track: part of the object for CPython's count.
    pub inline: usize,
}

/// The address `edges` reports for `v`, for the kinds the collector tracks.
#[inline]
pub(super) fn addr(v: &Value) -> Option<usize> {
    Some(match v {
        Value::Instance(r) => Rc::as_ptr(r) as usize,
        Value::List(r) => Rc::as_ptr(r) as usize,
        Value::Dict(r) => Rc::as_ptr(r) as usize,
        Value::Set(r) => Rc::as_ptr(r) as usize,
        Value::Cell(r) => Rc::as_ptr(r) as usize,
        Value::Function(r) => Rc::as_ptr(r) as usize,
        Value::Generator(r) => Rc::as_ptr(r) as usize,
        Value::Method(r) => Rc::as_ptr(r) as usize,
        _ => return None,
    })
}

impl Edges {
    fn value(&mut self, v: &Value) {
        self.value_at(v, 0);
    }

    fn value_at(&mut self, v: &Value, depth: usize) {
        match v {
            Value::Tuple(t) if Rc::strong_count(t) == 1 => self.tuple(t, depth),
            other => {
                if let Some(a) = addr(other) {
                    self.addrs.push(a);
                }
            }
        }
    }

    /// A tuple field (`Rc<Vec<Value>>`): its items when this object holds it alone.
    fn tuple_rc(&mut self, t: &Rc<Vec<Value>>) {
        if Rc::strong_count(t) == 1 {
            self.tuple(t, 0);
        }
    }

    fn tuple(&mut self, items: &[Value], depth: usize) {
        if depth >= TUPLE_DEPTH {
            return;
        }
        if items.iter().any(maybe_tracked) {
            self.inline += 1;
        }
        for v in items {
            self.value_at(v, depth + 1);
        }
    }

    fn rc<T>(&mut self, r: &Rc<T>) {
        self.addrs.push(Rc::as_ptr(r) as usize);
    }
}

/// `tp_traverse`: the references `v` holds, into `out`. `Err(Busy)` (with `out` partly
/// filled, to be discarded) when one of its cells is borrowed.
pub(super) fn edges(v: &Value, out: &mut Edges) -> Result<(), Busy> {
    match v {
        Value::Instance(i) => instance(i, out)?,
        Value::List(l) => {
            for v in l.try_borrow().map_err(|_| Busy)?.iter() {
                out.value(v);
            }
        }
        Value::Dict(d) => {
            for (k, v) in d.try_borrow().map_err(|_| Busy)?.iter() {
                out.value(k);
                out.value(v);
            }
        }
        Value::Set(s) => {
            for k in s.try_borrow().map_err(|_| Busy)?.iter() {
                out.value(&k.key);
            }
        }
        Value::Cell(c) => out.value(&*c.try_borrow().map_err(|_| Busy)?),
        Value::Function(f) => function(f, out)?,
        Value::Generator(g) => {
            if let Some(frame) = g.frame.try_borrow().map_err(|_| Busy)?.as_ref() {
                frame_edges(frame, out);
            }
            out.value(&*g.exc_state.try_borrow().map_err(|_| Busy)?);
            out.value(&*g.outer_exc.try_borrow().map_err(|_| Busy)?);
        }
        Value::Method(m) => {
            out.value(&m.func);
            out.value(&m.self_);
        }
        _ => {}
    }
    Ok(())
}

fn instance(i: &Instance, out: &mut Edges) -> Result<(), Busy> {
    for v in i.slots.try_borrow().map_err(|_| Busy)?.iter() {
        out.value(v);
    }
    if let Some(d) = i.dict.try_borrow().map_err(|_| Busy)?.as_ref() {
        for v in d.values() {
            out.value(v);
        }
    }
    for v in i.members.try_borrow().map_err(|_| Busy)?.iter() {
        out.value(v);
    }
    if let Some(exc) = &i.exc {
        let e = exc.try_borrow().map_err(|_| Busy)?;
        for v in e.args.iter().chain(&e.context).chain(&e.cause) {
            out.value(v);
        }
    }
    if let Some(p) = &i.payload {
        out.value(p);
    }
    Ok(())
}

fn function(f: &crate::object::Function, out: &mut Edges) -> Result<(), Busy> {
    out.rc(&f.globals);
    out.tuple_rc(&*f.defaults.try_borrow().map_err(|_| Busy)?);
    out.tuple_rc(&*f.closure.try_borrow().map_err(|_| Busy)?);
    if let Some(kw) = f.kwdefaults.try_borrow().map_err(|_| Busy)?.as_ref() {
        if Rc::strong_count(kw) == 1 {
            if dict_tracked(kw, 0) {
                out.inline += 1;
            }
            for (k, v) in kw.iter() {
                out.value(k);
                out.value(v);
            }
        }
    }
    out.value(&*f.annotations.try_borrow().map_err(|_| Busy)?);
    if let Some(a) = f.attrs.try_borrow().map_err(|_| Busy)?.as_ref() {
        out.rc(&a.dict);
        for (k, v) in a.special.iter() {
            out.value(k);
            out.value(v);
        }
    }
    Ok(())
}

/// A suspended generator's frame: its locals and stack, and what it refers to.
fn frame_edges(f: &Frame, out: &mut Edges) {
    for v in &f.stack {
        out.value(v);
    }
    out.rc(&f.globals);
    if let Some(l) = &f.locals {
        out.rc(l);
    }
    if let Some(func) = &f.func {
        out.rc(func);
    }
    match &f.kind {
        FrameKind::Normal => {}
        FrameKind::Init(v) => out.value(v),
        FrameKind::Generator { gen, .. } => out.rc(gen),
    }
}

/// What CPython's count adds for `v` itself when it is garbage (its inline tuples are
/// counted by `edges`): 1, plus an instance's materialized dict when CPython would track
/// it and an exception's non-empty `args` tuple; a dict counts only while it holds
/// something CPython would track.
pub(super) fn weight(v: &Value) -> usize {
    match v {
        Value::Instance(i) => 1 + instance_parts(i),
        Value::Dict(d) => d
            .try_borrow()
            .map_or(1, |d| usize::from(dict_tracked(&d, 0))),
        _ => 1,
    }
}

fn instance_parts(i: &Instance) -> usize {
    let mut n = 0;
    if let Ok(d) = i.dict.try_borrow() {
        if let Some(d) = d.as_ref() {
            n += usize::from(d.values().any(maybe_tracked));
        } else if i.class.dict_kind == DictKind::Managed {
            // A split dict exists once the first value is stored (see `Instance::slots`).
            if let Ok(s) = i.slots.try_borrow() {
                n += usize::from(s.iter().any(maybe_tracked));
            }
        }
    }
    if let Some(exc) = &i.exc {
        if let Ok(e) = exc.try_borrow() {
            // CPython makes the `args` tuple when the exception is made and untracks a
            // tuple of atoms only when a collection finds it reachable; the empty one is a
            // shared, untracked singleton.
            n += usize::from(!e.args.is_empty());
        }
    }
    n
}

/// Whether CPython would have `v` tracked by the collector at the end of a full collection:
/// every container except tuples and dicts that hold only untracked objects (which CPython
/// untracks), and no atomic object (numbers, strings, code).
pub fn maybe_tracked(v: &Value) -> bool {
    tracked_at(v, 0)
}

fn tracked_at(v: &Value, depth: usize) -> bool {
    if depth > TUPLE_DEPTH {
        return true;
    }
    match v {
        Value::Tuple(t) => t.iter().any(|v| tracked_at(v, depth + 1)),
        Value::Dict(d) => d.try_borrow().map_or(true, |d| dict_tracked(&d, depth + 1)),
        Value::List(_)
        | Value::Set(_)
        | Value::Instance(_)
        | Value::Function(_)
        | Value::Method(_)
        | Value::Builtin(_)
        | Value::Generator(_)
        | Value::Cell(_)
        | Value::Iter(_)
        | Value::DictView(_)
        | Value::Module(_)
        | Value::Native(_) => true,
        Value::Type(c) => !c.builtin,
        _ => false,
    }
}

fn dict_tracked(d: &Dict, depth: usize) -> bool {
    d.iter()
        .any(|(k, v)| tracked_at(k, depth) || tracked_at(v, depth))
}

/// The contents `clear` took out of garbage objects, dropped after the collection.
pub(super) type Trash = Vec<Box<dyn Any>>;

/// `tp_clear`: takes out what `v` refers to, breaking the cycles through it. A cell that is
/// borrowed is left as it is (a garbage object is never borrowed: nothing can reach it).
pub(super) fn clear(v: &Value, trash: &mut Trash) {
    fn take<T: Default + 'static>(c: &RefCell<T>, trash: &mut Trash) {
        if let Ok(mut b) = c.try_borrow_mut() {
            trash.push(Box::new(std::mem::take(&mut *b)));
        }
    }
    match v {
        Value::Instance(i) => {
            take(&i.slots, trash);
            if let Ok(mut d) = i.dict.try_borrow_mut() {
                if let Some(d) = d.as_mut() {
                    trash.push(Box::new(std::mem::take(d)));
                }
            }
            if let Ok(mut m) = i.members.try_borrow_mut() {
                let taken: Vec<Value> = m
                    .iter_mut()
                    .map(|v| std::mem::replace(v, Value::Null))
                    .collect();
                trash.push(Box::new(taken));
            }
            if let Some(exc) = &i.exc {
                if let Ok(mut e) = exc.try_borrow_mut() {
                    trash.push(Box::new(std::mem::take(&mut e.args)));
                    trash.push(Box::new((e.context.take(), e.cause.take())));
                }
            }
        }
        Value::List(l) => take(l.as_ref(), trash),
        Value::Dict(d) => {
            if let Ok(mut d) = d.try_borrow_mut() {
                trash.push(Box::new(std::mem::replace(&mut *d, Dict::new())));
            }
        }
        Value::Set(s) => {
            if let Ok(mut s) = s.try_borrow_mut() {
                let frozen = s.frozen;
                trash.push(Box::new(std::mem::replace(&mut *s, Set::new(frozen))));
            }
        }
        Value::Cell(c) => {
            if let Ok(mut c) = c.try_borrow_mut() {
                trash.push(Box::new(std::mem::replace(&mut *c, Value::Null)));
            }
        }
        Value::Function(f) => {
            take(&f.defaults, trash);
            take(&f.closure, trash);
            take(&f.kwdefaults, trash);
            take(&f.attrs, trash);
            if let Ok(mut a) = f.annotations.try_borrow_mut() {
                trash.push(Box::new(std::mem::replace(&mut *a, Value::None)));
            }
        }
        Value::Generator(g) => {
            take(&g.frame, trash);
            for cell in [&g.exc_state, &g.outer_exc] {
                if let Ok(mut c) = cell.try_borrow_mut() {
                    trash.push(Box::new(std::mem::replace(&mut *c, Value::None)));
                }
            }
        }
        // A bound method's two references are fixed at creation: clearing what it refers to
        // breaks any cycle through it.
        _ => {}
    }
}
