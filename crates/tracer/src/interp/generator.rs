//! The generator object's own methods: `send`, `throw` and `close` (CPython's
//! `Objects/genobject.c`), on top of one resume primitive, `gen_send_ex`.
//!
//! ```text
//!   g.send(v)    push v on g's stack, run g's frame        -> value yielded, or StopIteration
//!   g.throw(e)   push None, raise e at g's YIELD_VALUE     -> its exception table decides
//!   g.close()    throw GeneratorExit; a yield in response  -> RuntimeError
//! ```
//!
//! A generator suspended in `yield from sub` is asked first: `throw` goes to `sub` (recursively
//! for a generator, through its `throw` method otherwise). Whatever `sub` raises — including
//! the StopIteration of its return — is then thrown into the delegating frame at its
//! `YIELD_VALUE`, whose exception-table entry leads to `CLEANUP_THROW`: StopIteration becomes
//! the `yield from` result, anything else propagates. `close` closes `sub` first, then throws
//! GeneratorExit into the delegating frame.

use std::rc::Rc;

use crate::bytecode::Opcode;
use crate::code::unit_opcode;
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::frame::Frame;
use crate::object::{CallConv, Generator, KwArgs, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// Registers `generator.send`, `.throw`, `.close`, `__next__` and `__iter__`.
pub fn install(vm: &mut Vm) {
    let g = vm.types.generator.clone();
    crate::builtins::add_method(&g, "__next__", CallConv::SlotWrapper, gen_next);
    crate::builtins::add_method(&g, "__iter__", CallConv::SlotWrapper, gen_iter);
    crate::builtins::add_method(&g, "send", CallConv::O, gen_send);
    crate::builtins::add_method(&g, "throw", CallConv::Fast, gen_throw);
    crate::builtins::add_method(&g, "close", CallConv::NoArgs, gen_close);
    // A coroutine has the same resume methods, and no `__next__`/`__iter__`.
    let c = vm.types.coroutine.clone();
    crate::builtins::add_method(&c, "send", CallConv::O, gen_send);
    crate::builtins::add_method(&c, "throw", CallConv::Fast, gen_throw);
    crate::builtins::add_method(&c, "close", CallConv::NoArgs, gen_close);
}

/// "generator" or "coroutine", for the messages they share.
fn kind(g: &Generator) -> &'static str {
    if g.coroutine {
        "coroutine"
    } else {
        "generator"
    }
}

fn this(args: &[Value]) -> PyResult<Rc<Generator>> {
    match args.first() {
        Some(Value::Generator(g)) => Ok(g.clone()),
        _ => Err(exc::type_error("descriptor requires a 'generator' object")),
    }
}

fn gen_next(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    send(vm, &this(args)?, Value::None)
}

fn gen_iter(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this(args).map(Value::Generator)
}

fn gen_send(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let v = args.get(1).cloned().unwrap_or(Value::None);
    send(vm, &this(args)?, v)
}

/// `send(v)` as Python sees it: the yielded value, or StopIteration carrying the return value.
fn send(vm: &mut Vm, g: &Rc<Generator>, v: Value) -> PyResult<Value> {
    match vm.gen_send_ex(g, v, None)? {
        Ok(item) => Ok(item),
        Err(returned) => Err(vm.stop_iteration(returned)),
    }
}

fn gen_throw(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let g = this(args)?;
    let rest = &args[1..];
    if rest.is_empty() || rest.len() > 3 {
        let bound = if rest.is_empty() {
            "least 1 argument"
        } else {
            "most 3 arguments"
        };
        return Err(exc::type_error(format!(
            "throw expected at {bound}, got {}",
            rest.len()
        )));
    }
    let err = vm.throw_argument(&rest[0], rest.get(1))?;
    match vm.gen_throw(&g, err, true)? {
        Ok(item) => Ok(item),
        Err(returned) => Err(vm.stop_iteration(returned)),
    }
}

fn gen_close(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let g = this(args)?;
    vm.close_generator(&g)
}

/// Where a suspended frame is: not started yet (still after `RETURN_GENERATOR`), or the
/// sub-iterator it is delegating to (suspended in `yield from`, so the next instruction is a
/// `RESUME` whose location bits say "after yield from", CPython's `_PyGen_yf`).
fn just_started(f: &Frame) -> bool {
    f.pc > 0 && unit_opcode(f.code.units[f.pc - 1].get()) == Opcode::RETURN_GENERATOR
}

fn delegate(g: &Generator) -> Option<Value> {
    let frame = g.frame.borrow();
    let f = frame.as_ref()?;
    let unit = f.code.units.get(f.pc)?.get();
    let op = unit_opcode(unit);
    let is_resume = op == Opcode::RESUME || op == Opcode::RESUME_CHECK;
    // Invariant: a frame suspended after `yield from` keeps the sub-iterator on top.
    (is_resume && (unit >> 8) & 3 >= 2 && !f.stack.is_empty()).then(|| f.peek(0).clone())
}

impl Vm {
    /// `gen_send_ex`: resumes `g` with `arg` pushed on its stack, raising `thrown` at its
    /// current instruction when given. `Ok(Ok(item))` for a yield, `Ok(Err(value))` for a
    /// return (or an already finished generator that was only sent a value).
    pub fn gen_send_ex(
        &mut self,
        g: &Rc<Generator>,
        arg: Value,
        thrown: Option<PyErr>,
    ) -> PyResult<Result<Value, Value>> {
        if g.running.get() {
            return Err(exc::value_error(format!("{} already executing", kind(g))));
        }
        let closing = thrown
            .as_ref()
            .is_some_and(|e| self.err_is(e, "GeneratorExit"));
        if g.coroutine && !closing && (g.finished.get() || g.frame.borrow().is_none()) {
            return Err(exc::new(
                "RuntimeError",
                "cannot reuse already awaited coroutine",
            ));
        }
        let frame = if g.finished.get() {
            None
        } else {
            g.frame.borrow_mut().take()
        };
        let Some(mut frame) = frame else {
            return match thrown {
                Some(e) => Err(e),
                None => Ok(Err(Value::None)),
            };
        };
        if thrown.is_none() && !matches!(arg, Value::None) && just_started(&frame) {
            *g.frame.borrow_mut() = Some(frame);
            return Err(exc::type_error(format!(
                "can't send non-None value to a just-started {}",
                kind(g)
            )));
        }
        self.activate_gen_frame(g, &mut frame, arg, None);
        let r = match thrown {
            None => self.run_loop(frame),
            Some(e) => self.run_loop_throw(frame, e),
        };
        g.running.set(false);
        match r? {
            super::Exit::Yield(v) => Ok(Ok(v)),
            super::Exit::Return(v) => Ok(Err(v)),
        }
    }

    /// `_gen_throw`: throws `err` into `g`, first into the sub-iterator it delegates to.
    pub fn gen_throw(
        &mut self,
        g: &Rc<Generator>,
        err: PyErr,
        close_on_genexit: bool,
    ) -> PyResult<Result<Value, Value>> {
        let Some(sub) = delegate(g).filter(|_| !g.running.get()) else {
            return self.gen_send_ex(g, Value::None, Some(err));
        };
        let err = self.materialize(err);
        let is_exit = self.err_is(&PyErr::Obj(err.clone()), "GeneratorExit");
        g.running.set(true);
        let outcome = if is_exit && close_on_genexit {
            match self.close_iter(&sub) {
                Ok(()) => Err(PyErr::Obj(err)),
                Err(close_err) => Err(close_err),
            }
        } else {
            self.throw_into_iter(&sub, PyErr::Obj(err))
        };
        g.running.set(false);
        match outcome {
            Ok(item) => Ok(Ok(item)),
            Err(e) => self.gen_send_ex(g, Value::None, Some(e)),
        }
    }

    /// Throws into a sub-iterator: a generator directly, anything else through its `throw`
    /// method (the error itself is re-raised when it has none). `Err` carries what to throw
    /// into the delegating frame next, the StopIteration of a return included.
    fn throw_into_iter(&mut self, sub: &Value, err: PyErr) -> Result<Value, PyErr> {
        if let Value::Generator(sg) = sub {
            return match self.gen_throw(sg, err, true) {
                Ok(Ok(item)) => Ok(item),
                Ok(Err(returned)) => Err(self.stop_iteration(returned)),
                Err(e) => Err(e),
            };
        }
        let method = match self.getattr(sub, "throw") {
            Ok(m) => m,
            Err(e) if self.err_is(&e, "AttributeError") => return Err(err),
            Err(e) => return Err(e),
        };
        let inst = Value::Instance(self.materialize(err));
        self.call(&method, &[inst], &[])
    }

    /// `gen_close_iter`: closes a sub-iterator (its `close` method, if any).
    fn close_iter(&mut self, sub: &Value) -> PyResult<()> {
        if let Value::Generator(sg) = sub {
            return self.close_generator(sg).map(drop);
        }
        match self.getattr(sub, "close") {
            Ok(m) => self.call(&m, &[], &[]).map(drop),
            Err(e) if self.err_is(&e, "AttributeError") => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// `generator.close()`: throws GeneratorExit in; returns what the generator returned
    /// (3.13), None when it let GeneratorExit through.
    pub fn close_generator(&mut self, g: &Rc<Generator>) -> PyResult<Value> {
        if g.finished.get() || g.frame.borrow().is_none() && !g.running.get() {
            return Ok(Value::None);
        }
        let created = g.frame.borrow().as_ref().is_some_and(|f| just_started(f));
        if created {
            // Never started: there is no try block to run, the frame is just dropped.
            g.frame.borrow_mut().take();
            g.finished.set(true);
            return Ok(Value::None);
        }
        let mut thrown = exc::new("GeneratorExit", "");
        if let Some(sub) = delegate(g).filter(|_| !g.running.get()) {
            g.running.set(true);
            let r = self.close_iter(&sub);
            g.running.set(false);
            if let Err(e) = r {
                thrown = e;
            }
        }
        match self.gen_send_ex(g, Value::None, Some(thrown)) {
            Ok(Ok(_)) => Err(exc::new("RuntimeError", "generator ignored GeneratorExit")),
            Ok(Err(returned)) => Ok(returned),
            Err(e) if self.err_is(&e, "GeneratorExit") => Ok(Value::None),
            Err(e) => Err(e),
        }
    }

    /// The exception `throw(typ[, val])` raises: an instance as is, a class called with `val`.
    fn throw_argument(&mut self, typ: &Value, val: Option<&Value>) -> PyResult<PyErr> {
        match typ {
            Value::Instance(i) if i.exc.is_some() => match val {
                Some(v) if !matches!(v, Value::None) => Err(exc::type_error(
                    "instance exception may not have a separate value",
                )),
                _ => Ok(PyErr::Obj(i.clone())),
            },
            Value::Type(c) if c.layout == TypeKind::Exception => {
                let c = c.clone();
                let args: Vec<Value> = val
                    .filter(|v| !matches!(v, Value::None))
                    .cloned()
                    .into_iter()
                    .collect();
                let inst = self.call_type(&c, &args, &[])?;
                Ok(self.value_to_err(inst))
            }
            other => Err(exc::type_error(format!(
                "exceptions must be classes or instances deriving from BaseException, not {}",
                crate::object::type_name_of(other)
            ))),
        }
    }

    /// A generator frame starts running: it sees its own handled exception if it was
    /// suspended inside an `except` block, the resumer's otherwise (CPython links
    /// `gi_exc_state` in front of the thread's `exc_info`).
    #[inline(always)]
    pub(crate) fn gen_enter(&mut self, g: &Generator) {
        // The common case, no exception handled by the generator nor by its resumer: every
        // swap below would move a None into a None (and `outer_exc` is None while suspended),
        // so skip them. This saves about 70 machine instructions per resume.
        if matches!(self.handled, Value::None) && matches!(*g.exc_state.borrow(), Value::None) {
            return;
        }
        self.gen_enter_swap(g);
    }

    /// `gen_enter` when there is an exception to move.
    #[inline(never)]
    fn gen_enter_swap(&mut self, g: &Generator) {
        let own = g.exc_state.replace(Value::None);
        let current = if matches!(own, Value::None) {
            self.handled.clone()
        } else {
            own
        };
        let outer = std::mem::replace(&mut self.handled, current);
        *g.outer_exc.borrow_mut() = outer;
    }

    /// A generator frame stops running (yield, return or an escaping exception): it keeps
    /// the exception it is handling, and the resumer's comes back.
    #[inline(always)]
    pub(crate) fn gen_leave(&mut self, g: &Generator) {
        // As in `gen_enter`: with no exception current and none to restore, every swap below
        // is a None into a None (and `exc_state` is None while running); skip them. The test
        // is inlined into the frame switches (a call was ~20 machine instructions per yield).
        if matches!(self.handled, Value::None) && matches!(*g.outer_exc.borrow(), Value::None) {
            return;
        }
        self.gen_leave_swap(g);
    }

    /// `gen_leave` when there is an exception to move.
    #[inline(never)]
    fn gen_leave_swap(&mut self, g: &Generator) {
        let outer = g.outer_exc.replace(Value::None);
        let current = std::mem::replace(&mut self.handled, outer.clone());
        let own = match (&current, &outer) {
            (Value::Instance(a), Value::Instance(b)) if Rc::ptr_eq(a, b) => Value::None,
            (Value::Instance(_), _) => current,
            _ => Value::None,
        };
        *g.exc_state.borrow_mut() = own;
    }

    /// Whether `e` is an instance of the builtin exception class `name` (or a subclass).
    fn err_is(&self, e: &PyErr, name: &str) -> bool {
        match e {
            PyErr::Lazy(l) => {
                l.0 == name
                    || matches!(
                        (self.exc_types.get(l.0), self.exc_types.get(name)),
                        (Some(a), Some(b)) if a.is_subclass(b)
                    )
            }
            PyErr::Obj(i) => self
                .exc_types
                .get(name)
                .is_some_and(|c| i.class.is_subclass(c)),
        }
    }
}
