//! `yield from`: the `SEND` family, which passes a value into a sub-iterator and gets back
//! either its next item or the value it returned.
//!
//! ```text
//!     GET_YIELD_FROM_ITER           stack: ... sub
//!     LOAD_CONST None               stack: ... sub None
//! L:  SEND exit                     sub finished? -> stack: ... sub retval, jump to exit
//!     YIELD_VALUE 1                 stack: ... sub item  -> item goes to our caller
//!     RESUME 2                      stack: ... sub sent  (what our caller sent back)
//!     JUMP_BACKWARD_NO_INTERRUPT L
//! exit: END_SEND                    stack: ... retval
//! ```
//!
//! When the sub-iterator is a generator that is not running, CPython does not call it from C:
//! `SEND` (and its specialized form `SEND_GEN`) pushes the sub-generator's frame on top of
//! ours, as `FOR_ITER_GEN` does, and records where we continue when it returns (the jump
//! target, so its return value lands on `END_SEND`). A `yield` in the sub-generator then
//! hands its item straight to our `YIELD_VALUE`. Other iterators are advanced by calling
//! `__next__` (or their `send` method for a value other than None).
//!
//! Specialization (`_Py_Specialize_Send`): `SEND` becomes `SEND_GEN` when the receiver is a
//! generator, and fails otherwise. `SEND_GEN` deopts when the receiver is not a generator or
//! its frame is already executing or finished (`gi_frame_state >= FRAME_EXECUTING`).

use std::rc::Rc;

use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::object::Generator;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `SEND` (generic): `(receiver, v -- receiver, item_or_retval)`; jumps by `arg` past the
    /// cache when the receiver is done.
    pub(super) fn send(&mut self, f: &mut Box<Frame>, instr: usize, arg: usize) -> PyResult<()> {
        let exit = instr + 2 + arg;
        let receiver = f.peek(1).clone();
        if let Value::Generator(g) = &receiver {
            if g.running.get() {
                return Err(exc::value_error("generator already executing"));
            }
            if !g.finished.get() {
                return self.send_into_generator(f, g, instr, exit);
            }
        }
        let v = f.pop();
        let item = match (&receiver, &v) {
            // A finished generator returns None to every further send.
            (Value::Generator(_), _) => None,
            (_, Value::None) => self.next(&receiver)?,
            _ => self.call_send_method(&receiver, v)?,
        };
        match item {
            Some(item) => {
                f.push(item);
                f.pc = instr + 2;
            }
            None => {
                f.push(Value::None);
                f.pc = exit;
            }
        }
        Ok(())
    }

    /// `SEND_GEN`: the guarded fast path. `Ok(false)` when a guard fails (deopt to `SEND`).
    pub(super) fn send_gen(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
        arg: usize,
    ) -> PyResult<bool> {
        let Value::Generator(g) = f.peek(1) else {
            return Ok(false);
        };
        if g.running.get() || g.finished.get() {
            return Ok(false);
        }
        let g = g.clone();
        self.send_into_generator(f, &g, instr, instr + 2 + arg)?;
        Ok(true)
    }

    /// Pushes `g`'s frame with the sent value on its stack (what its `RESUME` after a yield
    /// sees). Our frame continues after `SEND` when `g` yields, and at `exit` with `g`'s return
    /// value pushed when it returns.
    /// Invariant: `g` is neither running nor finished. Inlined always into `SEND_GEN` and
    /// `SEND` (it runs once per value passed up through each `yield from`).
    #[inline(always)]
    fn send_into_generator(
        &mut self,
        f: &mut Box<Frame>,
        g: &Rc<Generator>,
        instr: usize,
        exit: usize,
    ) -> PyResult<()> {
        let v = f.pop();
        let Some(mut gf) = g.frame.borrow_mut().take() else {
            f.push(Value::None);
            f.pc = exit;
            return Ok(());
        };
        self.activate_gen_frame(g, &mut gf, v, Some(exit));
        f.pc = instr + 2;
        self.push_frame(f, gf)
    }

    /// `receiver.send(v)` for an iterator that is not a generator: `None` when it raised
    /// StopIteration (its value is then dropped, like a bare `return`).
    fn call_send_method(&mut self, receiver: &Value, v: Value) -> PyResult<Option<Value>> {
        let method = self.getattr(receiver, "send")?;
        match self.call(&method, &[v], &[]) {
            Ok(item) => Ok(Some(item)),
            Err(e) if self.is_stop_iteration(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl Vm {
    /// `CLEANUP_THROW`: `(sub, last_sent, exc -- None, value)`. Reached only through the
    /// exception table when something thrown into a `yield from` came back out of the
    /// sub-iterator: its StopIteration carries the `yield from` result, any other exception
    /// is re-raised (without a new traceback entry).
    pub(super) fn cleanup_throw(&mut self, f: &mut Box<Frame>) -> PyResult<()> {
        let e = f.pop();
        let err = self.value_to_err(e);
        if !self.is_stop_iteration(&err) {
            return Err(err);
        }
        let inst = self.materialize(err);
        let value = inst
            .exc
            .as_ref()
            .and_then(|s| s.borrow().args.first().cloned())
            .unwrap_or(Value::None);
        f.pop();
        f.pop();
        f.push(Value::None);
        f.push(value);
        Ok(())
    }
}
