//! Bodies of the generic instructions that are too long for the dispatch `match`: what runs
//! before specialization, after a deopt, and always under `--no-specialize`.
//!
//! This file keeps the operators, unpacking, container builders, intrinsics and exception
//! matching; the larger families have their own submodules: `generic/frames.rs` (pushing and
//! popping frames, generators), `generic/names.rs` (name, global, attribute and `super()`
//! lookups) and `generic/call.rs` (`CALL` and function objects).

mod call;
mod frames;
mod names;

use crate::builtins::ops::CmpOp;
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::frame::Frame;
use crate::object::{type_name_of, Dict};
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `BINARY_OP` (generic): operands popped, result pushed.
    pub(super) fn generic_binary_op(&mut self, f: &mut Box<Frame>, nb: usize) -> PyResult<()> {
        let rhs = f.pop();
        let lhs = f.pop();
        if let (Value::Int(a), Value::Int(b)) = (&lhs, &rhs) {
            if let Some(r) = small_int_division(nb, *a, *b) {
                f.push(Value::Int(r));
                return Ok(());
            }
        }
        if let Some(r) = small_float_op(nb, &lhs, &rhs) {
            f.push(Value::float(r));
            return Ok(());
        }
        let r = self.binary_op(&lhs, &rhs, nb)?;
        lhs.discard();
        rhs.discard();
        f.push(r);
        Ok(())
    }

    /// `COMPARE_OP` (generic); bit 16 of the oparg asks for a bool result.
    pub(super) fn generic_compare_op(&mut self, f: &mut Box<Frame>, arg: usize) -> PyResult<()> {
        let rhs = f.pop();
        let lhs = f.pop();
        let r = self.rich_compare(&lhs, &rhs, CmpOp::from_index(arg >> 5))?;
        let r = if arg & 16 != 0 && !matches!(r, Value::Bool(_)) {
            Value::bool(self.truthy(&r)?)
        } else {
            r
        };
        f.push(r);
        Ok(())
    }

    /// `CONTAINS_OP` (generic): `in` (0) or `not in` (1).
    pub(super) fn generic_contains_op(&mut self, f: &mut Box<Frame>, arg: usize) -> PyResult<()> {
        let container = f.pop();
        let item = f.pop();
        let r = self.contains(&container, &item)?;
        f.push(Value::bool(r != (arg == 1)));
        Ok(())
    }

    /// `UNPACK_SEQUENCE` (generic), CPython's `unpack_iterable`: the `n` items go on the
    /// stack last first. A tuple or list is read in place (no temporary `Vec`); any other
    /// iterable is advanced exactly `n + 1` times, as CPython does, so an endless generator
    /// can be unpacked and an error raised while iterating propagates unchanged.
    pub(super) fn generic_unpack(&mut self, f: &mut Box<Frame>, n: usize) -> PyResult<()> {
        let seq = f.pop();
        match &seq {
            Value::Tuple(t) => {
                unpack_len(t.len(), n)?;
                f.stack.extend(t.iter().rev().cloned());
                return Ok(());
            }
            Value::List(l) => {
                let l = l.borrow();
                unpack_len(l.len(), n)?;
                f.stack.extend(l.iter().rev().cloned());
                return Ok(());
            }
            _ => {}
        }
        let it = match self.get_iter(&seq) {
            Ok(it) => it,
            Err(e) if self.is_type_error(&e) && !defines_iteration(&seq) => {
                return Err(exc::type_error(format!(
                    "cannot unpack non-iterable {} object",
                    type_name_of(&seq)
                )));
            }
            Err(e) => return Err(e),
        };
        // The items fill `n` reserved slots from the top down; on an error the slots go.
        let base = f.stack.len();
        f.stack.resize(base + n, Value::Null);
        for i in 0..n {
            match self.next(&it) {
                Ok(Some(v)) => f.stack[base + n - 1 - i] = v,
                Ok(None) => {
                    f.stack.truncate(base);
                    return Err(unpack_len(i, n).unwrap_err());
                }
                Err(e) => {
                    f.stack.truncate(base);
                    return Err(e);
                }
            }
        }
        match self.next(&it) {
            Ok(None) => Ok(()),
            Ok(Some(_)) => {
                f.stack.truncate(base);
                Err(unpack_len(n + 1, n).unwrap_err())
            }
            Err(e) => {
                f.stack.truncate(base);
                Err(e)
            }
        }
    }

    /// `UNPACK_EX`: `a, *b, c = seq` (oparg = before | after << 8).
    pub(super) fn unpack_ex(&mut self, f: &mut Box<Frame>, arg: usize) -> PyResult<()> {
        let (before, after) = (arg & 0xff, arg >> 8);
        let seq = f.pop();
        let items = self.collect(&seq)?;
        if items.len() < before + after {
            return Err(exc::value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                items.len()
            )));
        }
        let mid = items[before..items.len() - after].to_vec();
        for v in items[items.len() - after..].iter().rev() {
            f.push(v.clone());
        }
        f.push(Value::list(mid));
        for v in items[..before].iter().rev() {
            f.push(v.clone());
        }
        Ok(())
    }

    /// `CALL_INTRINSIC_1`.
    pub(super) fn intrinsic_1(&mut self, f: &mut Box<Frame>, arg: usize) -> PyResult<()> {
        let v = f.pop();
        let r = match arg as u32 {
            crate::bytecode::INTRINSIC_UNARY_POSITIVE => self.unary_positive(&v)?,
            crate::bytecode::INTRINSIC_LIST_TO_TUPLE => Value::tuple(self.collect(&v)?),
            crate::bytecode::INTRINSIC_IMPORT_STAR => {
                self.import_star(f, &v)?;
                Value::None
            }
            crate::bytecode::INTRINSIC_STOPITERATION_ERROR => {
                // The generator's outer handler: a StopIteration escaping the body becomes
                // RuntimeError; any other exception passes through unchanged (RERAISE follows).
                let err = self.value_to_err(v.clone());
                if self.is_stop_iteration(&err) {
                    let e = self
                        .materialize(exc::new("RuntimeError", "generator raised StopIteration"));
                    Value::Instance(e)
                } else {
                    v
                }
            }
            1 => {
                if !matches!(v, Value::None) {
                    let s = self.repr(&v)?;
                    self.write_out(&format!("{s}\n"));
                }
                Value::None
            }
            _ => {
                return Err(exc::new(
                    "SystemError",
                    format!("intrinsic {arg} is not supported"),
                ))
            }
        };
        f.push(r);
        Ok(())
    }

    /// `BUILD_SET`.
    pub(super) fn build_set(&mut self, f: &mut Box<Frame>, n: usize) -> PyResult<()> {
        let items = f.stack.split_off(f.stack.len() - n);
        let mut s = crate::object::Set::new(false);
        for v in items {
            let k = self.hkey(&v)?;
            s.insert(k);
        }
        f.push(Value::set(s));
        Ok(())
    }

    /// `BUILD_MAP`: `n` key/value pairs.
    pub(super) fn build_map(&mut self, f: &mut Box<Frame>, n: usize) -> PyResult<()> {
        let items = f.stack.split_off(f.stack.len() - 2 * n);
        let mut d = Dict::new();
        for pair in items.chunks(2) {
            let k = self.hkey(&pair[0])?;
            d.insert(k, pair[1].clone());
        }
        f.push(Value::dict(d));
        Ok(())
    }

    /// `BUILD_CONST_KEY_MAP`: values, then a tuple of keys.
    pub(super) fn build_const_key_map(&mut self, f: &mut Box<Frame>, n: usize) -> PyResult<()> {
        let keys = f.pop();
        let values = f.stack.split_off(f.stack.len() - n);
        let mut d = Dict::new();
        if let Value::Tuple(keys) = keys {
            for (k, v) in keys.iter().zip(values) {
                let hk = self.hkey(k)?;
                d.insert(hk, v);
            }
        }
        f.push(Value::dict(d));
        Ok(())
    }

    /// `RAISE_VARARGS`: re-raise (0), raise (1), raise from (2).
    pub(super) fn raise_varargs(&mut self, f: &mut Box<Frame>, arg: usize) -> PyErr {
        match arg {
            0 => match &self.handled {
                Value::Instance(i) => PyErr::Obj(i.clone()),
                _ => exc::new("RuntimeError", "No active exception to reraise"),
            },
            _ => {
                let cause = if arg == 2 { Some(f.pop()) } else { None };
                let v = f.pop();
                // `from None` is kept as Some(None): it suppresses the context.
                let cause = match cause {
                    None => None,
                    Some(Value::None) => Some(Value::None),
                    Some(c) => match self.make_exception(c) {
                        Ok(PyErr::Obj(i)) => Some(Value::Instance(i)),
                        Ok(_) | Err(_) => {
                            return exc::type_error(
                                "exception causes must derive from BaseException",
                            )
                        }
                    },
                };
                match self.make_exception(v) {
                    Ok(PyErr::Obj(i)) => {
                        if let (Some(e), Some(c)) = (&i.exc, cause) {
                            e.borrow_mut().cause = Some(c);
                        }
                        PyErr::Obj(i)
                    }
                    Ok(e) | Err(e) => e,
                }
            }
        }
    }

    /// An exception value from the stack as an error.
    pub(crate) fn value_to_err(&mut self, v: Value) -> PyErr {
        match v {
            Value::Instance(i) if i.exc.is_some() => PyErr::Obj(i),
            other => match self.make_exception(other) {
                Ok(e) | Err(e) => e,
            },
        }
    }

    /// `except T:` matching: `T` a class or a tuple of classes.
    pub(super) fn exc_matches(&mut self, e: &Value, ty: &Value) -> PyResult<bool> {
        let Value::Instance(inst) = e else {
            return Ok(false);
        };
        match ty {
            Value::Type(c) => Ok(inst.class.is_subclass(c)),
            Value::Tuple(t) => {
                for x in t.iter() {
                    if self.exc_matches(e, x)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(exc::type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }
}

/// `%` and `//` on two machine-word ints, rounded toward negative infinity as Python rounds.
/// 3.13 has no specialized form for them, so `BINARY_OP` stays generic at these sites; this
/// shortcut only skips the general numeric dispatch. `None` (a zero divisor, `MIN // -1`, any
/// other operator) takes the general path, which raises or widens exactly as before.
#[inline]
fn small_int_division(nb: usize, a: i64, b: i64) -> Option<i64> {
    // NB_FLOOR_DIVIDE = 2, NB_REMAINDER = 6; the in-place forms are 13 higher.
    match nb {
        2 | 15 => {
            let q = a.checked_div(b)?;
            Some(if a % b != 0 && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            })
        }
        6 | 19 => {
            let r = a.checked_rem(b)?;
            Some(if r != 0 && ((r < 0) != (b < 0)) {
                r + b
            } else {
                r
            })
        }
        _ => None,
    }
}

/// `+`, `-`, `*`, `/` and `**` on a float and a float or machine int, which the generic
/// `BINARY_OP` meets at every site 3.13 leaves unspecialized: all of `/` (there is no
/// `BINARY_OP_TRUE_DIVIDE_FLOAT`), the in-place forms on attributes (`self.x /= norm`) and
/// mixed int/float operands. The shortcut skips the operator protocol's dispatch (about 100
/// instructions); the int converts as `float_binop` converts it, so the result is the same.
/// `None` for a zero divisor (the general path raises) and everything else.
#[inline]
fn small_float_op(nb: usize, a: &Value, b: &Value) -> Option<f64> {
    let (x, y) = match (a, b) {
        (Value::Float(x), Value::Float(y)) => (x.get(), y.get()),
        (Value::Float(x), Value::Int(i)) => (x.get(), *i as f64),
        (Value::Int(i), Value::Float(y)) => (*i as f64, y.get()),
        _ => return None,
    };
    // NB_ADD = 0, NB_MULTIPLY = 5, NB_POWER = 8, NB_SUBTRACT = 10, NB_TRUE_DIVIDE = 11; in
    // place: + 13. A power only for a positive finite base and finite exponent with a finite
    // result: zero, negative bases and overflow have their own errors in the general path.
    match nb % 13 {
        0 => Some(x + y),
        5 => Some(x * y),
        8 if x > 0.0 && x.is_finite() && y.is_finite() => Some(x.powf(y)).filter(|r| r.is_finite()),
        10 => Some(x - y),
        11 if y != 0.0 => Some(x / y),
        _ => None,
    }
}

/// The length check of `UNPACK_SEQUENCE`: `got` items for `n` targets.
fn unpack_len(got: usize, n: usize) -> PyResult<()> {
    match got.cmp(&n) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err(exc::value_error(format!(
            "too many values to unpack (expected {n})"
        ))),
        std::cmp::Ordering::Less => Err(exc::value_error(format!(
            "not enough values to unpack (expected {n}, got {got})"
        ))),
    }
}

/// True when `v`'s class defines `__iter__` or `__getitem__`: a TypeError from `iter(v)` then
/// comes from that code and is kept (CPython's `tp_iter == NULL && !PySequence_Check(v)`).
fn defines_iteration(v: &Value) -> bool {
    let class = match v {
        Value::Instance(i) => &i.class,
        Value::Native(n) => &n.class,
        _ => return false,
    };
    class.lookup("__iter__").is_some() || class.lookup("__getitem__").is_some()
}

#[cfg(test)]
mod tests {
    use super::{small_float_op, small_int_division};
    use crate::object::int::{self, IntOp};
    use crate::value::Value;

    /// The shortcut agrees with the general int arithmetic on signs, zero and the extremes.
    #[test]
    fn small_int_division_matches_the_general_path() {
        let xs = [i64::MIN, i64::MIN + 1, -7, -3, -1, 0, 1, 3, 7, i64::MAX];
        for &a in &xs {
            for &b in &xs {
                for (nb, op) in [(2, IntOp::FloorDiv), (6, IntOp::Mod)] {
                    let general = int::binop(op, &Value::Int(a), &Value::Int(b)).ok();
                    match small_int_division(nb, a, b) {
                        Some(r) => assert!(
                            matches!(general, Some(Value::Int(g)) if g == r),
                            "{a} op{nb} {b}: shortcut {r}"
                        ),
                        None => assert!(b == 0 || (a == i64::MIN && b == -1)),
                    }
                }
            }
        }
    }

    /// The float shortcut gives the general operator's result, and leaves a zero divisor and
    /// the other operators to it.
    #[test]
    fn small_float_op_matches_the_general_path() {
        let mut vm = crate::vm::Vm::new(crate::vm::VmOptions::default());
        let vals = [
            Value::float(1.5),
            Value::float(-2.5),
            Value::float(-0.0),
            Value::float(f64::NAN),
            Value::float(f64::INFINITY),
            Value::Int(3),
            Value::Int(0),
            Value::Int(i64::MAX),
        ];
        for a in &vals {
            for b in &vals {
                for nb in [0, 5, 8, 10, 11, 13, 18, 21, 23, 24, 2, 6] {
                    let general = vm.binary_op(a, b, nb);
                    match small_float_op(nb, a, b) {
                        Some(r) => match general {
                            Ok(Value::Float(g)) => assert_eq!(g.to_bits(), r.to_bits()),
                            other => panic!("{a:?} op{nb} {b:?}: shortcut {r}, general {other:?}"),
                        },
                        None => assert!(
                            matches!((a, b), (Value::Int(_), Value::Int(_)))
                                || ![0, 5, 10, 11].contains(&(nb % 13))
                                || nb % 13 == 8
                                || matches!(b, Value::Float(y) if y.get() == 0.0)
                                || matches!(b, Value::Int(0))
                        ),
                    }
                }
            }
        }
    }
}
