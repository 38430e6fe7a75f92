//! Iterators over builtin objects: what `GET_ITER` produces and `FOR_ITER` advances.
//!
//! `FOR_ITER_LIST`, `_TUPLE` and `_RANGE` check for exactly these variants
//! (`_ITER_CHECK_LIST` etc.) and step them inline; everything else goes through `next`.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Dict, PyStr, ViewKind};
use crate::backend::state::iter::tag as layout;
use crate::value::Value;

/// The state of one builtin iterator.
///
/// `repr(u64)` defines the layout (a tag word, then the variant's fields in order), so the
/// JIT's machine code can step list and range iterators itself: the tags and the field
/// offsets it relies on are `backend::state::iter` (the file the stencils share).
#[repr(u64)]
pub enum Iter {
    /// `list_iterator`: index into a live list (appends during iteration are seen).
    List {
        list: Rc<RefCell<Vec<Value>>>,
        index: usize,
    } = layout::LIST,
    Tuple {
        tuple: Rc<Vec<Value>>,
        index: usize,
    } = layout::TUPLE,
    /// `range_iterator`: `next` is the value to yield, `remaining` how many are left.
    Range {
        next: i64,
        step: i64,
        remaining: i64,
    } = layout::RANGE,
    Str {
        s: Rc<PyStr>,
        byte: usize,
    },
    Bytes {
        b: Rc<Vec<u8>>,
        index: usize,
    },
    /// Iteration over a dict's keys, values or items (by entry index, see `DictCursor`).
    Dict {
        dict: Rc<RefCell<Dict>>,
        kind: ViewKind,
        cursor: super::dict::DictCursor,
    },
    /// `set_iterator`: a snapshot of the items plus the set's size when iteration started,
    /// checked on every step like CPython's `si_used` ("Set changed size during iteration").
    Set {
        set: Rc<RefCell<super::Set>>,
        items: Vec<Value>,
        index: usize,
        len: usize,
    },
    /// `list_reverseiterator`: live, from the last index down; `next` is one past the index of
    /// the next item (0 at the end). A list that shrank below it ends the iteration.
    ListReverse {
        list: Rc<RefCell<Vec<Value>>>,
        next: usize,
    },
    /// `dict_reversekeyiterator` (and the values and items forms): live, from the last entry
    /// down, failing (for good) once the dict's size differs from `used`.
    DictReverse {
        dict: Rc<RefCell<Dict>>,
        kind: ViewKind,
        next: usize,
        used: usize,
    },
    /// A snapshot (`reversed` of a str, tuple or bytes, whose items cannot change).
    Snapshot {
        items: Vec<Value>,
        index: usize,
        name: &'static str,
    },
    Enumerate {
        inner: Value,
        count: i64,
        /// The last `(count, item)` tuple returned, refilled in place when nothing else holds
        /// it any more (CPython's `en_result`, see `reuse_pair`).
        result: Option<Rc<Vec<Value>>>,
    },
    /// `zip(*its, strict=False)`: with `strict`, iterables of different lengths are an error.
    Zip {
        inners: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        inners: Vec<Value>,
    },
    Filter {
        func: Value,
        inner: Value,
    },
    /// `iter(callable, sentinel)`: calls `func` until it returns `sentinel` (then `Exhausted`).
    Callable {
        func: Value,
        sentinel: Value,
    },
    /// `iterator`: the old sequence protocol, for an object with `__getitem__` and no
    /// `__iter__`: `obj[0]`, `obj[1]`, ... until an IndexError (or StopIteration). `reversed`
    /// (of an object with `__len__` and `__getitem__`) walks down from `len - 1` to 0 instead.
    Seq {
        obj: Value,
        index: i64,
        reversed: bool,
    },
    /// A finished iterator that cannot restart (`iter(callable, sentinel)` after the sentinel).
    Exhausted,
}

impl Iter {
    /// CPython's type name of the iterator.
    pub fn type_name(&self) -> &'static str {
        match self {
            Iter::List { .. } => "list_iterator",
            Iter::Tuple { .. } => "tuple_iterator",
            Iter::Range { .. } => "range_iterator",
            Iter::Str { s, .. } if s.is_ascii() => "str_ascii_iterator",
            Iter::Str { .. } => "str_iterator",
            Iter::Bytes { .. } => "bytes_iterator",
            Iter::Dict {
                kind: ViewKind::Keys,
                ..
            } => "dict_keyiterator",
            Iter::Dict {
                kind: ViewKind::Values,
                ..
            } => "dict_valueiterator",
            Iter::Dict {
                kind: ViewKind::Items,
                ..
            } => "dict_itemiterator",
            Iter::Set { .. } => "set_iterator",
            Iter::ListReverse { .. } => "list_reverseiterator",
            Iter::DictReverse {
                kind: ViewKind::Keys,
                ..
            } => "dict_reversekeyiterator",
            Iter::DictReverse {
                kind: ViewKind::Values,
                ..
            } => "dict_reversevalueiterator",
            Iter::DictReverse {
                kind: ViewKind::Items,
                ..
            } => "dict_reverseitemiterator",
            Iter::Snapshot { name, .. } => name,
            Iter::Enumerate { .. } => "enumerate",
            Iter::Zip { .. } => "zip",
            Iter::Map { .. } => "map",
            Iter::Filter { .. } => "filter",
            Iter::Callable { .. } => "callable_iterator",
            Iter::Seq {
                reversed: false, ..
            } => "iterator",
            Iter::Seq { reversed: true, .. } => "reversed",
            Iter::Exhausted => "iterator",
        }
    }
}

/// Wraps iterator state as a value.
pub fn make(it: Iter) -> Value {
    Value::Iter(Rc::new(RefCell::new(it)))
}

/// A two-item tuple `(a, b)` for `enumerate` and the items of a dict, made in the tuple
/// `cache` holds when nothing else refers to it any more, as CPython's `enum_next` and
/// `dictiter_iternextitem` recycle their result: `for i, x in enumerate(xs)` unpacks and
/// drops each tuple before asking for the next, so one tuple serves the whole loop instead of
/// two allocations (the `Rc` and its vector) per item. The old items are dropped on refill.
pub fn reuse_pair(cache: &mut Option<Rc<Vec<Value>>>, a: Value, b: Value) -> Value {
    if let Some(items) = cache.as_mut().and_then(Rc::get_mut) {
        if items.len() == 2 {
            let old_a = std::mem::replace(&mut items[0], a);
            let old_b = std::mem::replace(&mut items[1], b);
            let t = Value::Tuple(Rc::clone(cache.as_ref().expect("checked above")));
            drop((old_a, old_b));
            return t;
        }
    }
    let t = Rc::new(vec![a, b]);
    if cache.is_none() {
        *cache = Some(Rc::clone(&t));
    }
    Value::Tuple(t)
}
