//! `groupby` (with its `_grouper`), `tee` (with its `_tee`), `pairwise`, `batched` and
//! `zip_longest`: the iterators that hold items back or hand out several at once.
//!
//! ```text
//!   groupby: tgtkey (the group being handed out), currkey/currvalue (the item read ahead),
//!            and which _grouper is current: an older _grouper just stops
//!   tee:     one shared buffer of what the input gave; each _tee keeps its own position
//! ```

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::{iterator_type, make, no_keywords};
use crate::builtins::args::{self, Sig};
use crate::builtins::modules::support::{self, stop, this};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{CallConv, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

pub fn types(vm: &Vm) -> Vec<(&'static str, Value)> {
    vec![
        (
            "groupby",
            iterator_type(vm, "groupby", groupby_new, groupby_next, &[]),
        ),
        (
            "_grouper",
            iterator_type(vm, "_grouper", no_new, grouper_next, &[]),
        ),
        (
            "_tee",
            iterator_type(
                vm,
                "_tee",
                no_new,
                tee_next,
                &[("__copy__", CallConv::NoArgs, tee_copy)],
            ),
        ),
        (
            "pairwise",
            iterator_type(vm, "pairwise", pairwise_new, pairwise_next, &[]),
        ),
        (
            "batched",
            iterator_type(vm, "batched", batched_new, batched_next, &[]),
        ),
        (
            "zip_longest",
            iterator_type(vm, "zip_longest", zip_longest_new, zip_longest_next, &[]),
        ),
    ]
}

fn no_new(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let name = match a.first() {
        Some(Value::Type(c)) => c.name.as_str().to_string(),
        _ => "object".into(),
    };
    Err(exc::type_error(format!(
        "cannot create 'itertools.{name}' instances"
    )))
}

// ---- groupby ----

struct GroupBy {
    it: Value,
    key: Option<Value>,
    tgtkey: RefCell<Option<Value>>,
    currkey: RefCell<Option<Value>>,
    currvalue: RefCell<Option<Value>>,
    /// The serial of the current `_grouper` (0: none), and the last serial given.
    current: Cell<u64>,
    serial: Cell<u64>,
    /// The `_grouper` type, to make groups with.
    grouper: Rc<crate::object::Class>,
}

struct Grouper {
    parent: Value,
    tgtkey: Value,
    serial: u64,
}

fn groupby_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("groupby", &["iterable", "key"], 0, 1);
    let b = SIG.bind(&a[1..], kw)?;
    let it = vm.get_iter(b.get(0).unwrap_or(&Value::None))?;
    let key = b.get_not_none(1).cloned();
    let grouper = super::module_type(vm, "_grouper")?;
    make(
        a,
        "groupby",
        GroupBy {
            it,
            key,
            tgtkey: RefCell::new(None),
            currkey: RefCell::new(None),
            currvalue: RefCell::new(None),
            current: Cell::new(0),
            serial: Cell::new(0),
            grouper,
        },
    )
}

/// `groupby_step`: reads the next item and its key into currvalue/currkey.
fn step(vm: &mut Vm, g: &GroupBy) -> PyResult<bool> {
    let Some(value) = vm.next(&g.it)? else {
        return Ok(false);
    };
    let key = match &g.key {
        Some(f) => vm.call(f, std::slice::from_ref(&value), &[])?,
        None => value.clone(),
    };
    *g.currvalue.borrow_mut() = Some(value);
    *g.currkey.borrow_mut() = Some(key);
    Ok(true)
}

fn groupby_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let g = this::<GroupBy>(a, "groupby", "__next__")?;
    g.current.set(0);
    loop {
        let curr = g.currkey.borrow().clone();
        let tgt = g.tgtkey.borrow().clone();
        match (curr, tgt) {
            (None, _) => {}
            (Some(_), None) => break,
            (Some(c), Some(t)) => {
                if !support::eq(vm, &t, &c)? {
                    break;
                }
            }
        }
        if !step(vm, g)? {
            return Err(stop());
        }
    }
    let key = g.currkey.borrow().clone().unwrap_or(Value::None);
    *g.tgtkey.borrow_mut() = Some(key.clone());
    let serial = g.serial.get() + 1;
    g.serial.set(serial);
    g.current.set(serial);
    let grouper = support::new_instance(
        g.grouper.clone(),
        Grouper {
            parent: a[0].clone(),
            tgtkey: key.clone(),
            serial,
        },
    );
    Ok(Value::tuple(vec![key, grouper]))
}

fn grouper_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let gr = this::<Grouper>(a, "_grouper", "__next__")?;
    let Some(g) = gr.parent.native::<GroupBy>() else {
        return Err(stop());
    };
    if g.current.get() != gr.serial {
        return Err(stop());
    }
    if g.currvalue.borrow().is_none() && !step(vm, g)? {
        return Err(stop());
    }
    let curr = g.currkey.borrow().clone().unwrap_or(Value::None);
    if !support::eq(vm, &gr.tgtkey, &curr)? {
        return Err(stop());
    }
    let value = g.currvalue.borrow_mut().take();
    value.ok_or_else(stop)
}

// ---- tee ----

struct TeeData {
    it: Value,
    buffer: RefCell<Vec<Value>>,
    /// Re-entered while reading (`tee` over an iterator that reads the tee).
    running: Cell<bool>,
}

struct Tee {
    data: Rc<TeeData>,
    index: Cell<usize>,
}

pub fn tee(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("tee", 1, 2);
    SIG.bind(a, kw)?;
    let n = match a.get(1) {
        Some(v) => args::index_ssize(vm, v)?,
        None => 2,
    };
    if n < 0 {
        return Err(exc::value_error("n must be >= 0"));
    }
    let class = super::module_type(vm, "_tee")?;
    let (data, start) = match a[0].native::<Tee>() {
        Some(t) => (t.data.clone(), t.index.get()),
        None => {
            let it = vm.get_iter(&a[0])?;
            (
                Rc::new(TeeData {
                    it,
                    buffer: RefCell::new(Vec::new()),
                    running: Cell::new(false),
                }),
                0,
            )
        }
    };
    let mut out = Vec::new();
    for i in 0..n {
        // `tee` of a `_tee` gives the original itself first (its `__copy__`s after).
        if i == 0 && a[0].native::<Tee>().is_some() {
            out.push(a[0].clone());
            continue;
        }
        out.push(support::new_instance(
            class.clone(),
            Tee {
                data: data.clone(),
                index: Cell::new(start),
            },
        ));
    }
    Ok(Value::tuple(out))
}

fn tee_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let t = this::<Tee>(a, "_tee", "__next__")?;
    let i = t.index.get();
    let buffered = t.data.buffer.borrow().get(i).cloned();
    let item = match buffered {
        Some(v) => v,
        None => {
            if t.data.running.get() {
                return Err(exc::new("RuntimeError", "cannot re-enter the tee iterator"));
            }
            t.data.running.set(true);
            let r = vm.next(&t.data.it);
            t.data.running.set(false);
            let Some(v) = r? else {
                return Err(stop());
            };
            t.data.buffer.borrow_mut().push(v.clone());
            v
        }
    };
    t.index.set(i + 1);
    Ok(item)
}

fn tee_copy(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let t = this::<Tee>(a, "_tee", "__copy__")?;
    let Value::Native(n) = &a[0] else {
        return Err(stop());
    };
    Ok(support::new_instance(
        n.class.clone(),
        Tee {
            data: t.data.clone(),
            index: Cell::new(t.index.get()),
        },
    ))
}

// ---- pairwise, batched, zip_longest ----

struct Pairwise {
    it: RefCell<Option<Value>>,
    old: RefCell<Option<Value>>,
}

fn pairwise_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    no_keywords("pairwise", kw)?;
    crate::builtins::check_positional("pairwise", a.len() - 1, 1, 1)?;
    let it = vm.get_iter(&a[1])?;
    make(
        a,
        "pairwise",
        Pairwise {
            it: RefCell::new(Some(it)),
            old: RefCell::new(None),
        },
    )
}

fn pairwise_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let p = this::<Pairwise>(a, "pairwise", "__next__")?;
    let Some(it) = p.it.borrow().clone() else {
        return Err(stop());
    };
    let old = p.old.borrow().clone();
    let old = match old {
        Some(v) => v,
        None => match vm.next(&it)? {
            Some(v) => {
                *p.old.borrow_mut() = Some(v.clone());
                v
            }
            None => {
                *p.it.borrow_mut() = None;
                return Err(stop());
            }
        },
    };
    let Some(new) = vm.next(&it)? else {
        *p.it.borrow_mut() = None;
        *p.old.borrow_mut() = None;
        return Err(stop());
    };
    *p.old.borrow_mut() = Some(new.clone());
    Ok(Value::tuple(vec![old, new]))
}

struct Batched {
    it: RefCell<Option<Value>>,
    n: usize,
    strict: bool,
}

fn batched_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("batched", &["iterable", "n", "strict"], 0, 2).kwonly_from(2);
    let b = SIG.bind(&a[1..], kw)?;
    let n = args::index_ssize(vm, b.get(1).unwrap_or(&Value::None))?;
    if n < 1 {
        return Err(exc::value_error("n must be at least one"));
    }
    let strict = match b.get(2) {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let it = vm.get_iter(b.get(0).unwrap_or(&Value::None))?;
    make(
        a,
        "batched",
        Batched {
            it: RefCell::new(Some(it)),
            n: n as usize,
            strict,
        },
    )
}

fn batched_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let b = this::<Batched>(a, "batched", "__next__")?;
    let Some(it) = b.it.borrow().clone() else {
        return Err(stop());
    };
    let mut items = Vec::with_capacity(b.n.min(64));
    while items.len() < b.n {
        match vm.next(&it)? {
            Some(v) => items.push(v),
            None => break,
        }
    }
    if items.is_empty() {
        *b.it.borrow_mut() = None;
        return Err(stop());
    }
    if items.len() < b.n && b.strict {
        *b.it.borrow_mut() = None;
        return Err(exc::value_error("batched(): incomplete batch"));
    }
    Ok(Value::tuple(items))
}

struct ZipLongest {
    its: RefCell<Vec<Option<Value>>>,
    active: Cell<usize>,
    fill: Value,
}

fn zip_longest_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let mut fill = Value::None;
    for (k, v) in kw {
        if k.as_str() != "fillvalue" {
            return Err(exc::type_error(
                "zip_longest() got an unexpected keyword argument '".to_string() + k.as_str() + "'",
            ));
        }
        fill = v.clone();
    }
    let mut its = Vec::new();
    for x in &a[1..] {
        its.push(Some(vm.get_iter(x)?));
    }
    let active = its.len();
    make(
        a,
        "zip_longest",
        ZipLongest {
            its: RefCell::new(its),
            active: Cell::new(active),
            fill,
        },
    )
}

fn zip_longest_next(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let z = this::<ZipLongest>(a, "zip_longest", "__next__")?;
    let n = z.its.borrow().len();
    if n == 0 || z.active.get() == 0 {
        return Err(stop());
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let it = z.its.borrow()[i].clone();
        let item = match it {
            None => z.fill.clone(),
            Some(it) => match vm.next(&it) {
                Ok(Some(v)) => v,
                Ok(None) => {
                    z.active.set(z.active.get() - 1);
                    if z.active.get() == 0 {
                        return Err(stop());
                    }
                    z.its.borrow_mut()[i] = None;
                    z.fill.clone()
                }
                Err(e) => {
                    z.active.set(0);
                    return Err(e);
                }
            },
        };
        out.push(item);
    }
    Ok(Value::tuple(out))
}
