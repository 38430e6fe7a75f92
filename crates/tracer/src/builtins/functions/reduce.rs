//! The functions of the `builtins` module that consume an iterable: `sorted` (with the
//! merge sort `list.sort` shares), `min`, `max` and `sum`.

use super::super::args::{self, Sig};
use crate::builtins::ops::CmpOp;
use crate::exceptions::{self as exc, PyResult};
use crate::object::KwArgs;
use crate::value::Value;
use crate::vm::Vm;

/// Stable merge sort using only `<`, with errors from comparisons propagated.
///
/// Top-down: sort the first `len / 2` pairs, then the rest, then merge, taking from the right
/// half only when its head is strictly less than the left's. The merge moves the left half
/// into one scratch buffer shared by every level and writes back in place, so a sort makes
/// one allocation instead of two per level (the halves used to be split off into new
/// vectors); the comparisons made, and their order, are the same.
pub fn merge_sort(vm: &mut Vm, items: &mut [(Value, Value)]) -> PyResult<()> {
    let mut scratch = Vec::with_capacity(items.len() / 2);
    sort_run(vm, items, &mut scratch)
}

fn sort_run(
    vm: &mut Vm,
    items: &mut [(Value, Value)],
    scratch: &mut Vec<(Value, Value)>,
) -> PyResult<()> {
    if items.len() <= 1 {
        return Ok(());
    }
    let mid = items.len() / 2;
    sort_run(vm, &mut items[..mid], scratch)?;
    sort_run(vm, &mut items[mid..], scratch)?;
    // The left half moves out (NULLs left behind need no drop); then the merge fills
    // `items` from the front. Invariant: the write position `k` never passes the next
    // unread right item `j`, because `k = i + (j - mid)` with `i <= mid`.
    scratch.clear();
    scratch.extend(
        items[..mid]
            .iter_mut()
            .map(|p| std::mem::replace(p, (Value::Null, Value::Null))),
    );
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < scratch.len() && j < items.len() {
        if vm.less_than(&items[j].0, &scratch[i].0)? {
            items.swap(k, j);
            j += 1;
        } else {
            std::mem::swap(&mut items[k], &mut scratch[i]);
            i += 1;
        }
        k += 1;
    }
    for p in scratch.drain(i..) {
        items[k] = p;
        k += 1;
    }
    Ok(())
}

/// Sorts `values` by `key` (or themselves), optionally reversed, stably.
pub fn sort_values(
    vm: &mut Vm,
    values: Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<Vec<Value>> {
    let mut pairs = Vec::with_capacity(values.len());
    for v in values {
        let k = match key {
            Some(f) if !matches!(f, Value::None) => vm.call(f, std::slice::from_ref(&v), &[])?,
            _ => v.clone(),
        };
        pairs.push((k, v));
    }
    if reverse {
        pairs.reverse();
    }
    merge_sort(vm, &mut pairs)?;
    if reverse {
        pairs.reverse();
    }
    Ok(pairs.into_iter().map(|(_, v)| v).collect())
}

/// The keyword arguments of `list.sort` (and of `sorted`, which hands them over).
pub static SORT: Sig = Sig::keywords("sort", &["key", "reverse"], 0, 0).kwonly_from(0);

/// `key` and `reverse` of a sort (`reverse` is any value, used as a truth value).
pub fn sort_options<'a>(vm: &mut Vm, a: &args::Bound<'a>) -> PyResult<(Option<&'a Value>, bool)> {
    let reverse = match a.get(1) {
        None => false,
        Some(v) => vm.truthy(v)?,
    };
    Ok((a.get_not_none(0), reverse))
}

pub(super) fn sorted(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    args::check_count("sorted", args.len(), 1, 1)?;
    let items = vm.collect_hinted(&args[0])?;
    let a = SORT.bind(&[], kw)?;
    let (key, reverse) = sort_options(vm, &a)?;
    Ok(Value::list(sort_values(vm, items, key, reverse)?))
}

/// `min()` and `max()`: one iterable or several arguments; `key`, and `default` with one.
fn min_max(vm: &mut Vm, sig: &'static Sig, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let name = sig.name;
    if args.is_empty() {
        return Err(exc::type_error(format!(
            "{name} expected at least 1 argument, got 0"
        )));
    }
    let a = sig.bind(&[], kw)?;
    let key = a.get_not_none(0);
    let default = a.get(1);
    if default.is_some() && args.len() > 1 {
        return Err(exc::type_error(format!(
            "Cannot specify a default for {name}() with multiple positional arguments"
        )));
    }
    if args.len() == 1 && key.is_none() {
        if let Some(best) = int_extreme(&args[0], name == "max") {
            return Ok(best);
        }
    }
    let items = if args.len() == 1 {
        vm.collect(&args[0])?
    } else {
        args.to_vec()
    };
    let Some((first, rest)) = items.split_first() else {
        return match default {
            Some(d) => Ok(d.clone()),
            None => Err(exc::value_error(format!(
                "{name}() iterable argument is empty"
            ))),
        };
    };
    let op = if name == "max" { CmpOp::Gt } else { CmpOp::Lt };
    let mut best = first.clone();
    let mut best_key = match key {
        Some(f) => vm.call(f, std::slice::from_ref(&best), &[])?,
        None => best.clone(),
    };
    for item in rest {
        let k = match key {
            Some(f) => vm.call(f, std::slice::from_ref(item), &[])?,
            None => item.clone(),
        };
        let better = vm.rich_compare(&k, &best_key, op)?;
        if vm.truthy(&better)? {
            best = item.clone();
            best_key = k;
        }
    }
    Ok(best)
}

/// `min(x)` / `max(x)` without a key when `x` is a non-empty list, tuple or set of machine
/// ints: the answer read in place. Comparing ints runs no code and distinct ints have one
/// extreme, so neither the copy of the items nor, for a set, CPython's iteration order
/// (which `collect` replays, see `Set::values`) can change it. `None` for anything else.
fn int_extreme(v: &Value, max: bool) -> Option<Value> {
    fn pick<'a>(mut ints: impl Iterator<Item = &'a Value>, max: bool) -> Option<Value> {
        let Some(Value::Int(first)) = ints.next() else {
            return None;
        };
        let mut best = *first;
        for v in ints {
            let Value::Int(i) = v else {
                return None;
            };
            // Ties keep the first, as CPython's strict comparison does (equal ints are
            // indistinguishable anyway).
            if (max && *i > best) || (!max && *i < best) {
                best = *i;
            }
        }
        Some(Value::Int(best))
    }
    match v {
        Value::List(l) => pick(l.borrow().iter(), max),
        Value::Tuple(t) => pick(t.iter(), max),
        Value::Set(s) => pick(s.borrow().iter().map(|k| &k.key), max),
        _ => None,
    }
}

pub(super) fn min(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("min", &["key", "default"], 0, 0).kwonly_from(0);
    min_max(vm, &SIG, args, kw)
}

pub(super) fn max(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("max", &["key", "default"], 0, 0).kwonly_from(0);
    min_max(vm, &SIG, args, kw)
}

pub(super) fn sum(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("sum", &["iterable", "start"], 1, 1);
    let a = SIG.bind(args, kw)?;
    let mut acc = a.get(1).cloned().unwrap_or(Value::Int(0));
    match acc {
        Value::Str(_) => {
            return Err(exc::type_error(
                "sum() can't sum strings [use ''.join(seq) instead]",
            ))
        }
        Value::Bytes(_) => {
            return Err(exc::type_error(
                "sum() can't sum bytes [use b''.join(seq) instead]",
            ))
        }
        _ => {}
    }
    let it = vm.get_iter(&args[0])?;
    // Floats are added with Neumaier's compensated summation, as CPython 3.12+ does.
    let mut comp = 0.0f64;
    let mut float_mode = false;
    while let Some(v) = vm.next(&it)? {
        if let (Value::Float(a), Value::Float(x)) = (&acc, &v) {
            let (a, x) = (a.get(), x.get());
            let t = a + x;
            if a.abs() >= x.abs() {
                comp += (a - t) + x
            } else {
                comp += (x - t) + a
            }
            acc = Value::float(t);
            float_mode = true;
            continue;
        }
        if float_mode {
            if let Value::Float(a) = acc {
                acc = Value::float(a.get() + comp);
            }
            comp = 0.0;
            float_mode = false;
        }
        acc = match (&acc, &v) {
            (Value::Int(a), Value::Int(b)) if a.checked_add(*b).is_some() => Value::Int(a + b),
            _ => vm.binary_op(&acc, &v, 0)?,
        };
    }
    if float_mode && comp != 0.0 && comp.is_finite() {
        if let Value::Float(a) = acc {
            acc = Value::float(a.get() + comp);
        }
    }
    Ok(acc)
}
