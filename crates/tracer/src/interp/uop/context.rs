//! Context managers: the two instructions a `with` statement runs besides ordinary calls.
//!
//! ```text
//!   BEFORE_WITH        (mgr -- exit, res)     exit = mgr.__exit__ (bound), res = mgr.__enter__()
//!   WITH_EXCEPT_START  (exit, lasti, prev, exc -- exit, lasti, prev, exc, res)
//!                                             res = exit(type(exc), exc, exc.__traceback__)
//! ```
//!
//! Both dunders are looked up on the type, never the instance (CPython's
//! `_PyObject_LookupSpecial`), and bound as a descriptor would bind them. CPython 3.13 has a
//! uop for `WITH_EXCEPT_START` only: `BEFORE_WITH` cannot be traced, so projection stops at it
//! ("Unsupported opcode"), and here it is a tier-1 method rather than a row of the uop table.

use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::object::type_name_of;
use crate::uops::{Args, Step};
use crate::value::Value;
use crate::vm::Vm;

use super::broken;

impl Vm {
    /// `type(obj).name` bound to `obj`, or `None` when the type has no such attribute.
    pub(crate) fn lookup_special(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let class = self.type_of(obj);
        match class.lookup(name) {
            None => Ok(None),
            Some(v @ (Value::Function(_) | Value::Builtin(_))) => {
                Ok(Some(self.bind(v, obj.clone())))
            }
            Some(other) => self
                .descriptor_get(other, Some(obj), &class, name)
                .map(Some),
        }
    }

    /// `BEFORE_WITH`: replace the manager on top of the stack with its bound `__exit__` and
    /// the result of calling its `__enter__`.
    pub(crate) fn before_with(&mut self, f: &mut Box<Frame>) -> PyResult<()> {
        let mgr = f.peek(0).clone();
        let protocol = |extra: &str| {
            exc::type_error(format!(
                "'{}' object does not support the context manager protocol{extra}",
                type_name_of(&mgr)
            ))
        };
        let Some(enter) = self.lookup_special(&mgr, "__enter__")? else {
            return Err(protocol(""));
        };
        let Some(exit) = self.lookup_special(&mgr, "__exit__")? else {
            return Err(protocol(" (missed __exit__ method)"));
        };
        f.pop();
        // From here on the manager is gone: an error in `__enter__` pops nothing more.
        let res = self.call(&enter, &[], &[])?;
        f.push(exit);
        f.push(res);
        Ok(())
    }
}

/// `_WITH_EXCEPT_START`: call the `__exit__` four below the top with the exception being
/// handled, its type and its traceback; push what it returned (the stack stays otherwise).
pub(crate) fn with_except_start(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let val = f.peek(0).clone();
    let exit = f.peek(3).clone();
    let Value::Instance(inst) = &val else {
        return Err(broken("_WITH_EXCEPT_START"));
    };
    let ty = Value::Type(inst.class.clone());
    let tb = vm
        .exception_attr(inst, "__traceback__")
        .unwrap_or(Value::None);
    let res = vm.call(&exit, &[ty, val.clone(), tb], &[])?;
    f.push(res);
    Ok(Step::Continue)
}
