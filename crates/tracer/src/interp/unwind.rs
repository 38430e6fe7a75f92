//! Exception unwinding through the exception table (CPython's `exception_unwind`).
//!
//! An error in instruction `i` of a frame: record a traceback entry (unless re-raised), look
//! `i` up in `co_exceptiontable`; a handler pops the stack to its depth, optionally pushes
//! `lasti`, pushes the exception and jumps. Without a handler the frame is discarded and the
//! search continues in the caller — until an entry frame, whose Rust caller gets the error.

use std::rc::Rc;

use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::frame::{Frame, FrameKind};
use crate::object::class::TracebackEntry;
use crate::object::Instance;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// Handles `err` raised by `f`'s current instruction. `Ok` when a handler now runs (in
    /// `f`, which may have become a caller frame); `Err` when an entry frame was unwound.
    pub(super) fn handle_error(
        &mut self,
        f: &mut Box<Frame>,
        err: PyErr,
        add_tb: bool,
    ) -> PyResult<()> {
        let name_error = match &err {
            PyErr::Lazy(l) if add_tb && l.0 == "NameError" => {
                exc::name_error_name(&l.1).map(Rc::from)
            }
            _ => None,
        };
        let exc = self.materialize(err);
        if let (Some(name), Some(state)) = (name_error, &exc.exc) {
            state.borrow_mut().suggest = Some(self.name_suggest_from(f, name));
        }
        // __context__: the exception being handled when this one was raised.
        if let (Value::Instance(h), Some(state)) = (&self.handled, &exc.exc) {
            if !Rc::ptr_eq(h, &exc) && h.exc.is_some() {
                let mut st = state.borrow_mut();
                if st.context.is_none() {
                    st.context = Some(Value::Instance(h.clone()));
                }
            }
        }
        if add_tb {
            push_tb(&exc, f);
        }
        loop {
            let handler = f.code.code.handler_for(f.instr as u32).copied();
            if let Some(h) = handler {
                let base = f.code.nlocalsplus + h.depth as usize;
                f.stack.truncate(base);
                if h.lasti {
                    f.push(Value::Int(f.instr as i64));
                }
                f.push(Value::Instance(exc));
                f.pc = h.target as usize;
                return Ok(());
            }
            self.depth -= 1;
            if let FrameKind::Generator { gen, .. } = &f.kind {
                gen.finished.set(true);
                gen.running.set(false);
                self.gen_leave(gen);
            }
            if f.entry {
                let done = std::mem::replace(f, self.placeholder_frame());
                self.recycle(done);
                return Err(PyErr::Obj(exc));
            }
            let caller = self.frames.pop().expect("a non-entry frame has a caller");
            let done = std::mem::replace(f, caller);
            self.recycle(done);
            push_tb(&exc, f);
        }
    }
}

fn push_tb(exc: &Rc<Instance>, f: &Frame) {
    if let Some(state) = &exc.exc {
        let code = f.code.code.clone();
        state.borrow_mut().traceback.push(TracebackEntry {
            filename: code.filename.clone(),
            name: code.name.clone(),
            code,
            index: f.instr,
        });
    }
}
