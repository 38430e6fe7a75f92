//! The set side of dict views: `d.keys()` and `d.items()` behave as sets (CPython's
//! `dictviews_and/or/xor/sub` and `dictview_richcompare`): `keys | other` is a new set of
//! both, whatever iterable `other` is, and a view equals a set or a view holding the same
//! elements. `d.values()` has none of this.

use super::ops::CmpOp;
use crate::exceptions::{self as exc, PyResult};
use crate::object::{static_type_name, KwArgs, Set, ViewKind};
use crate::value::Value;
use crate::vm::Vm;

/// True for a keys or items view, the set-like ones.
pub fn is_set_like_view(v: &Value) -> bool {
    matches!(v, Value::DictView(view) if view.1 != ViewKind::Values)
}

impl Vm {
    /// A new set of the elements of any iterable.
    fn set_of(&mut self, v: &Value) -> PyResult<Set> {
        let mut s = Set::new(false);
        for item in self.collect(v)? {
            let k = self.hkey(&item)?;
            s.insert(k);
        }
        Ok(s)
    }

    /// `a & b`, `a | b`, `a ^ b`, `a - b` when either side is a keys or items view: both sides
    /// as sets, the result a set. `None` for other operands and operators.
    pub fn view_binop(&mut self, a: &Value, b: &Value, op: usize) -> PyResult<Option<Value>> {
        // 1: &, 7: |, 10: -, 12: ^ (BINARY_OP's numbering, in-place forms folded).
        if !matches!(op, 1 | 7 | 10 | 12) || !(is_set_like_view(a) || is_set_like_view(b)) {
            return Ok(None);
        }
        let left = Value::set(self.set_of(a)?);
        let right = Value::set(self.set_of(b)?);
        self.binary_op(&left, &right, op).map(Some)
    }

    /// `view <op> other` compared as sets, when one side is a keys or items view and the other
    /// a set, a frozenset or such a view. `None` otherwise.
    pub fn view_compare(&mut self, a: &Value, b: &Value, op: CmpOp) -> PyResult<Option<Value>> {
        let setlike = |v: &Value| is_set_like_view(v) || matches!(v, Value::Set(_));
        if !(is_set_like_view(a) || is_set_like_view(b)) || !(setlike(a) && setlike(b)) {
            return Ok(None);
        }
        let left = Value::set(self.set_of(a)?);
        let right = Value::set(self.set_of(b)?);
        self.rich_compare(&left, &right, op).map(Some)
    }
}

/// `view.isdisjoint(iterable)`.
pub fn view_isdisjoint(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let owner = args.first().map_or("dict_keys", static_type_name);
    if !kw.is_empty() {
        return Err(exc::type_error(format!(
            "{owner}.isdisjoint() takes no keyword arguments"
        )));
    }
    if args.len() != 2 || !is_set_like_view(&args[0]) {
        return Err(exc::type_error(format!(
            "{owner}.isdisjoint() takes exactly one argument ({} given)",
            args.len().saturating_sub(1)
        )));
    }
    let mine = vm.set_of(&args[0])?;
    for item in vm.collect(&args[1])? {
        let k = vm.hkey(&item)?;
        if mine.contains(&k) {
            return Ok(Value::bool(false));
        }
    }
    Ok(Value::bool(true))
}
