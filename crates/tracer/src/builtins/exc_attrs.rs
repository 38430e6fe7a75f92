//! The attributes CPython's `BaseException` exposes beyond `args`: `__cause__`,
//! `__context__`, `__suppress_context__` and `__traceback__`, read from an exception's
//! `ExcState`, and `SystemExit.code`. `raise X from Y` stores `Y` (or `None`) as the cause, which is what sets
//! `__suppress_context__` in CPython too.

use std::rc::Rc;

use crate::object::class::TracebackEntry;
use crate::object::Instance;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `exc.NAME` for the chaining and traceback attributes; `None` for any other name.
    pub(crate) fn exception_attr(&mut self, inst: &Instance, name: &str) -> Option<Value> {
        let state = inst.exc.as_ref()?.borrow();
        let or_none = |v: &Option<Value>| match v {
            Some(v @ Value::Instance(_)) => v.clone(),
            _ => Value::None,
        };
        Some(match name {
            "__cause__" => or_none(&state.cause),
            "__context__" => or_none(&state.context),
            "__suppress_context__" => Value::bool(state.cause.is_some()),
            "__traceback__" => self.traceback_object(&state.traceback),
            // `SystemExit.code`: the one argument, the args tuple for several, else None.
            "code"
                if self
                    .exc_class("SystemExit")
                    .is_some_and(|c| inst.class.is_subclass(&c)) =>
            {
                match state.args.as_slice() {
                    [] => Value::None,
                    [one] => one.clone(),
                    many => Value::tuple(many.to_vec()),
                }
            }
            _ => return None,
        })
    }

    /// The `traceback` chain of an exception's entries: outermost frame first, each with
    /// `tb_lineno` and `tb_next` (toward the raise point); `None` before it was raised.
    fn traceback_object(&self, entries: &[TracebackEntry]) -> Value {
        if entries.is_empty() {
            return Value::None;
        }
        let class = &self.types.traceback;
        // Entries run from the raise point outwards: build from the innermost.
        let mut next = Value::None;
        for e in entries {
            let tb = Instance::new(class.clone());
            let line = e.code.positions.get(e.index).and_then(|p| p.line);
            tb.set_attr(
                "tb_lineno",
                line.map_or(Value::None, |l| Value::Int(l.into())),
            );
            tb.set_attr("tb_next", next);
            next = Value::Instance(Rc::new(tb));
        }
        next
    }
}
