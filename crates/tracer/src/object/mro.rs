//! Where a new class sits among its bases: the base its instances are laid out as (CPython's
//! `best_base`) and its method resolution order (the C3 linearization of `mro_implementation`).
//!
//! ```text
//!   class A: ...          class E(B, D): ...     E.__mro__ == (E, B, C, D, A, object)
//!   class C(A): ...       C3: merge([B C A object], [D A object], [B D])
//!   class B(C): ...           = E + the first head found in no list's tail, repeatedly
//!   class D(A): ...
//! ```
//!
//! Each base's *solid base* is the nearest class (itself or an ancestor) that adds fields to
//! the instance layout: `__slots__` members, or the builtin representation of `int`, `list`,
//! `OSError` and the like. The solid bases must form one chain; the base with the most
//! derived one becomes `__base__` and decides the layout, else "multiple bases have instance
//! lay-out conflict". Errors carry CPython 3.13's wording.

use std::rc::Rc;

use super::{Class, TypeKind};
use crate::exceptions::{self as exc, PyResult};

/// Builtin exceptions whose instances have fields beyond their base's (`__basicsize__` grows),
/// so each is its own solid base.
const EXCEPTIONS_WITH_FIELDS: &[&str] = &[
    "BaseException",
    "BaseExceptionGroup",
    "AttributeError",
    "ImportError",
    "NameError",
    "OSError",
    "StopIteration",
    "SyntaxError",
    "SystemExit",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeTranslateError",
];

/// A new class's place in the hierarchy, computed before the class exists.
pub struct Lineage {
    /// `__base__`: the base whose instance layout the class extends.
    pub best: Rc<Class>,
    /// `__bases__`, as written.
    pub bases: Vec<Rc<Class>>,
    /// The MRO without the class itself.
    pub mro_rest: Vec<Rc<Class>>,
}

/// The nearest class at or above `c` that adds instance fields (`solid_base`).
fn solid_base(c: &Rc<Class>) -> Rc<Class> {
    let parent = c.base.as_ref().map(solid_base);
    let extra = match (c.builtin, &parent) {
        (_, None) => true,
        (true, Some(_)) => match c.kind {
            TypeKind::Exception => EXCEPTIONS_WITH_FIELDS.contains(&c.name.as_str()),
            TypeKind::Object => false,
            _ => true,
        },
        (false, Some(_)) => c.nslots > c.base.as_ref().map_or(0, |b| b.nslots),
    };
    match parent {
        Some(p) if !extra => p,
        _ => c.clone(),
    }
}

/// The base whose solid base is the most derived (`best_base`); a layout conflict otherwise.
fn best_base(bases: &[Rc<Class>]) -> PyResult<Rc<Class>> {
    let mut best: Option<(Rc<Class>, Rc<Class>)> = None;
    for base in bases {
        let candidate = solid_base(base);
        best = match best {
            None => Some((base.clone(), candidate)),
            Some((b, winner)) if winner.is_subclass(&candidate) => Some((b, winner)),
            Some((_, winner)) if candidate.is_subclass(&winner) => Some((base.clone(), candidate)),
            Some(_) => {
                return Err(exc::type_error(
                    "multiple bases have instance lay-out conflict",
                ))
            }
        };
    }
    let (best, _) = best.expect("at least one base");
    Ok(best)
}

/// `bases` (at least one) checked for duplicates, the layout base chosen and the MRO merged.
pub fn lineage(bases: Vec<Rc<Class>>) -> PyResult<Lineage> {
    for (i, b) in bases.iter().enumerate() {
        if bases[..i].iter().any(|o| Rc::ptr_eq(o, b)) {
            return Err(exc::type_error(format!(
                "duplicate base class {}",
                b.name.as_str()
            )));
        }
    }
    let best = best_base(&bases)?;
    let mro_rest = if let [only] = &bases[..] {
        only.mro()
    } else {
        let mut lists: Vec<Vec<Rc<Class>>> = bases.iter().map(|b| b.mro()).collect();
        lists.push(bases.clone());
        merge(lists)?
    };
    Ok(Lineage {
        best,
        bases,
        mro_rest,
    })
}

/// The C3 merge: repeatedly take the first list head that appears in no list's tail.
fn merge(mut lists: Vec<Vec<Rc<Class>>>) -> PyResult<Vec<Rc<Class>>> {
    // Each list is consumed from the front; `pos[i]` is the index of list i's head.
    let mut pos = vec![0usize; lists.len()];
    let mut out = Vec::new();
    let in_tail = |lists: &[Vec<Rc<Class>>], pos: &[usize], c: &Rc<Class>| {
        lists
            .iter()
            .zip(pos)
            .any(|(l, &p)| l.iter().skip(p + 1).any(|x| Rc::ptr_eq(x, c)))
    };
    loop {
        let heads = lists.iter().zip(&pos).filter_map(|(l, &p)| l.get(p));
        let mut chosen = None;
        let mut any_left = false;
        for head in heads {
            any_left = true;
            if !in_tail(&lists, &pos, head) {
                chosen = Some(head.clone());
                break;
            }
        }
        if !any_left {
            return Ok(out);
        }
        let Some(next) = chosen else {
            return Err(mro_error(&lists, &pos));
        };
        for (l, p) in lists.iter_mut().zip(pos.iter_mut()) {
            if l.get(*p).is_some_and(|h| Rc::ptr_eq(h, &next)) {
                *p += 1;
            }
        }
        out.push(next);
    }
}

/// "Cannot create a consistent method resolution order (MRO) for bases A, B": the heads
/// left when the merge got stuck, each named once, in list order (`set_mro_error`).
fn mro_error(lists: &[Vec<Rc<Class>>], pos: &[usize]) -> crate::exceptions::PyErr {
    let mut names: Vec<Rc<Class>> = Vec::new();
    for (l, &p) in lists.iter().zip(pos) {
        if let Some(h) = l.get(p) {
            if !names.iter().any(|n| Rc::ptr_eq(n, h)) {
                names.push(h.clone());
            }
        }
    }
    let names: Vec<&str> = names.iter().map(|c| c.name.as_str()).collect();
    exc::type_error(format!(
        "Cannot create a consistent method resolution order (MRO) for bases {}",
        names.join(", ")
    ))
}
