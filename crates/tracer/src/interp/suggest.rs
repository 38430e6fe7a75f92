//! "Did you mean ...?" for uncaught NameError and AttributeError, as CPython 3.13's traceback
//! printer adds them (`traceback._compute_suggestion_error`, computed in C by
//! `Python/suggestions.c`). The raise point records what the suggestion needs (the object of
//! an AttributeError, the frame's bound local names and `self` for a NameError) as a
//! [`SuggestFrom`]; the suggestion itself is computed only when the exception reaches the
//! top-level printer, so `str(e)` never shows it, and caught exceptions pay nothing more.
//!
//! The distance is Levenshtein with CPython's costs: moving (inserting, deleting or replacing)
//! a character costs 2, changing only its case costs 1. A candidate is kept when no more than
//! a third of the characters involved need changing, and a later one replaces it only when it
//! is strictly closer.

pub(crate) mod stdlib;

use std::rc::Rc;

use crate::frame::Frame;
use crate::object::{Class, Dict};
use crate::value::Value;
use crate::vm::Vm;

/// More candidates than this: no suggestion (`MAX_CANDIDATE_ITEMS`).
const MAX_CANDIDATE_ITEMS: usize = 750;
/// A name or candidate longer than this is never matched (`MAX_STRING_SIZE`).
const MAX_STRING_SIZE: usize = 40;
/// Cost of inserting, deleting or replacing one character.
const MOVE_COST: usize = 2;
/// Cost of replacing a character by itself in the other case.
const CASE_COST: usize = 1;

/// What the raise point knew, kept on the exception for the printer.
#[derive(Clone)]
pub enum SuggestFrom {
    /// A NameError: the raising frame's bound local names (its `f_locals`), its globals,
    /// and its `self` local if it had one.
    Name {
        name: Rc<str>,
        locals: Vec<Rc<str>>,
        globals: Rc<std::cell::RefCell<Dict>>,
        self_: Option<Value>,
    },
    /// An AttributeError from `LOAD_ATTR`: the object, and whether it was the raising
    /// frame's `self` (then underscored names are candidates too).
    Attr {
        obj: Value,
        name: Rc<str>,
        obj_is_self: bool,
    },
}

fn substitution_cost(a: char, b: char) -> usize {
    if a == b {
        0
    } else if a.to_lowercase().eq(b.to_lowercase()) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The weighted edit distance of `a` and `b`, or any value above `max_cost` once it is
/// sure to exceed it (CPython's `levenshtein_distance`).
pub fn levenshtein_distance(a: &str, b: &str, max_cost: usize) -> usize {
    if a == b {
        return 0;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // The common prefix and suffix cost nothing.
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mut a, mut b) = (&a[..a.len() - suf], &b[..b.len() - suf]);
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    // Invariant from here: `a` is the shorter one (the row runs along it).
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &bc) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(bc, ac);
            distance = row[ai];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The closest candidate to `wrong`, the first one on ties (`calculate_suggestions`).
pub fn best_candidate<'a>(candidates: &[&'a str], wrong: &str) -> Option<&'a str> {
    let wrong_len = wrong.chars().count();
    if candidates.len() > MAX_CANDIDATE_ITEMS || wrong_len > MAX_STRING_SIZE {
        return None;
    }
    let mut best: Option<&str> = None;
    let mut best_distance = wrong_len;
    for &c in candidates {
        // The name itself was looked up and missed: never suggest it back.
        if c == wrong {
            continue;
        }
        // No more than a third of the characters involved may need changing.
        let max = ((c.chars().count() + wrong_len + 3) * MOVE_COST / 6)
            .min(best_distance.saturating_sub(1));
        let d = levenshtein_distance(wrong, c, max);
        if d > max {
            continue;
        }
        if best.is_none() || d < best_distance {
            best = Some(c);
            best_distance = d;
        }
    }
    best
}

/// `dir(obj)`: the attribute names of a module, or of an instance and its type's MRO, sorted.
fn dir(vm: &Vm, obj: &Value) -> Vec<Rc<str>> {
    let mut names: Vec<Rc<str>> = Vec::new();
    let classes: Vec<Rc<Class>> = match obj {
        Value::Module(m) => {
            names.extend(m.dict.borrow().iter().filter_map(|(k, _)| match k {
                Value::Str(s) => Some(Rc::from(s.as_str())),
                _ => None,
            }));
            Vec::new()
        }
        Value::Type(c) => c.mro(),
        Value::Instance(i) => {
            names.extend(i.attributes().into_iter().map(|(k, _)| k));
            i.class.mro()
        }
        other => vm.type_of(other).mro(),
    };
    for c in classes {
        names.extend(c.dict.borrow().keys().cloned());
    }
    names.sort();
    names.dedup();
    names
}

impl Vm {
    /// What a NameError raised by `f` needs for its suggestion.
    pub(crate) fn name_suggest_from(&self, f: &Frame, name: Rc<str>) -> SuggestFrom {
        let code = &f.code.code;
        let mut locals = Vec::new();
        let mut self_ = None;
        if let Some(l) = &f.locals {
            locals.extend(l.borrow().iter().filter_map(|(k, _)| match k {
                Value::Str(s) => Some(Rc::from(s.as_str())),
                _ => None,
            }));
        } else {
            // Module code has no fast locals: its f_locals are its globals, listed anyway.
            for (n, v) in code.localsplusnames.iter().zip(&f.stack) {
                if !v.is_null() {
                    if n.as_ref() == "self" {
                        self_ = Some(v.clone());
                    }
                    locals.push(n.clone());
                }
            }
        }
        SuggestFrom::Name {
            name,
            locals,
            globals: f.globals.clone(),
            self_,
        }
    }

    /// The text CPython's printer appends to the exception line: ". Did you mean: 'x'?"
    /// and/or the forgotten-import hint; empty when it has nothing to say.
    pub fn suggestion_suffix(&mut self, from: &SuggestFrom) -> String {
        match from {
            SuggestFrom::Attr {
                obj,
                name,
                obj_is_self,
            } => {
                let mut names = dir(self, obj);
                if !name.starts_with('_') && !obj_is_self {
                    names.retain(|n| !n.starts_with('_'));
                }
                let refs: Vec<&str> = names.iter().map(|n| n.as_ref()).collect();
                best_candidate(&refs, name)
                    .map(|s| format!(". Did you mean: '{s}'?"))
                    .unwrap_or_default()
            }
            SuggestFrom::Name {
                name,
                locals,
                globals,
                self_,
            } => self.name_suffix(name, locals, globals, self_.as_ref()),
        }
    }

    fn name_suffix(
        &mut self,
        name: &str,
        locals: &[Rc<str>],
        globals: &Rc<std::cell::RefCell<Dict>>,
        self_: Option<&Value>,
    ) -> String {
        let self_has = self_.is_some_and(|s| self.getattr(s, name).is_ok());
        let suggestion = if self_has {
            Some(format!("self.{name}"))
        } else {
            let dict_names = |d: &Dict| -> Vec<Rc<str>> {
                d.iter()
                    .filter_map(|(k, _)| match k {
                        Value::Str(s) => Some(Rc::from(s.as_str())),
                        _ => None,
                    })
                    .collect()
            };
            let mut all: Vec<Rc<str>> = locals.to_vec();
            all.extend(dict_names(&globals.borrow()));
            all.extend(dict_names(&self.builtins.borrow()));
            let refs: Vec<&str> = all.iter().map(|n| n.as_ref()).collect();
            best_candidate(&refs, name).map(str::to_string)
        };
        let mut out = String::new();
        if let Some(s) = &suggestion {
            out.push_str(&format!(". Did you mean: '{s}'?"));
        }
        if stdlib::STDLIB_MODULE_NAMES.binary_search(&name).is_ok() {
            let lead = if suggestion.is_some() { " Or d" } else { ". D" };
            out.push_str(&format!("{lead}id you forget to import '{name}'?"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_use_cpython_costs() {
        assert_eq!(levenshtein_distance("value", "value", 10), 0);
        assert_eq!(levenshtein_distance("Value", "value", 10), CASE_COST);
        assert_eq!(levenshtein_distance("valeu", "value", 10), 2 * MOVE_COST);
        assert_eq!(levenshtein_distance("vale", "value", 10), MOVE_COST);
        assert!(levenshtein_distance("abcdef", "uvwxyz", 3) > 3);
    }

    #[test]
    fn best_candidate_keeps_the_first_closest() {
        assert_eq!(
            best_candidate(&["vlaue", "value", "valeu"], "valu"),
            Some("value")
        );
        assert_eq!(best_candidate(&["zzzzz"], "value"), None);
        assert_eq!(best_candidate(&["value"], "value"), None);
    }
}
