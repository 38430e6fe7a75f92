//! The eval loop: one `match` over CPython 3.13 opcodes, generic and specialized.
//!
//! ```text
//!   run_loop(frame)                       Vm::frames (callers)   f (running)
//!     CALL f(x)      -> push_frame        [module]               f's frame
//!     RETURN_VALUE   -> pop_frame         []                     module frame, result pushed
//! ```
//!
//! Python-to-Python calls switch the running frame in place instead of recursing, so deep
//! Python recursion only grows `Vm::frames` (and raises `RecursionError` at 1000 frames).
//!
//! Every specializable generic instruction first consults its counter (`adaptive!`): at zero it
//! asks the specializer for a form and re-executes itself; otherwise it ticks down and runs
//! generically. A specialized instruction checks its guards; on failure it calls `Vm::deopt`
//! and falls through to the generic body — which ticks the counter, exactly as 3.13 does.
//! The loop is compiled twice: `INSTR = true` adds hit counting and tick events (stats and
//! `explain specialize`), `INSTR = false` has no instrumentation at all.

pub mod call;
pub mod call_ex;
pub mod fast;
pub mod generator;
pub mod generic;
pub mod suggest;
pub mod traceback;
pub mod unwind;
pub mod yield_from;

use std::rc::Rc;

use crate::bytecode::Opcode;
use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::object::int::IntOp;
use crate::specialize::counter;
use crate::value::Value;
use crate::vm::Vm;

/// What a failed guard needs to run the generic instruction: see `Vm::fast_or_deopt`.
type DeoptTail<'a> = (
    Option<&'a Rc<crate::object::RtCode>>,
    Opcode,
    u32,
    usize,
    usize,
);

pub use call::Exit;

/// What an instruction body tells the loop.
pub enum Flow {
    /// Continue with `f.pc`.
    Next,
    /// Leave the loop with this result (an entry frame returned or yielded).
    Exit(Exit),
}

impl Vm {
    /// Runs `frame` (and every frame it calls) until `frame` returns or yields.
    pub fn run_loop(&mut self, frame: Frame) -> PyResult<Exit> {
        self.enter(frame, None)
    }

    /// Like `run_loop`, but `frame` starts by raising `err` at its current instruction (what
    /// `generator.throw` does): its exception table decides where it continues.
    pub fn run_loop_throw(
        &mut self,
        frame: Frame,
        err: crate::exceptions::PyErr,
    ) -> PyResult<Exit> {
        self.enter(frame, Some(err))
    }

    /// Counts the frame against the recursion limit, raises `throw` in it if given, then
    /// runs the loop, instrumented only when someone listens.
    fn enter(&mut self, mut f: Frame, throw: Option<crate::exceptions::PyErr>) -> PyResult<Exit> {
        if self.depth >= self.recursion_limit {
            self.recycle(f);
            return Err(exc::new(
                "RecursionError",
                "maximum recursion depth exceeded",
            ));
        }
        self.depth += 1;
        if let Some(err) = throw {
            self.handle_error(&mut f, err, true)?;
        }
        if self.options.stats || self.observer.is_some() {
            self.eval::<true>(f)
        } else {
            self.eval::<false>(f)
        }
    }

    /// The counter protocol of a generic specializable instruction. Returns true when the
    /// instruction was just specialized and must be re-executed from `start`.
    #[inline]
    fn adaptive<const INSTR: bool>(
        &mut self,
        f: &mut Frame,
        instr: usize,
        start: usize,
        oparg: u32,
    ) -> bool {
        if !self.options.specialize {
            return false;
        }
        let c = f.code.units[instr + 1].get();
        if counter::triggers(c) {
            self.specialize(f, instr, oparg);
            f.pc = start;
            return true;
        }
        let next = counter::advance(c);
        f.code.units[instr + 1].set(next);
        if INSTR {
            self.tick(f, instr, next);
        }
        false
    }

    /// The loop proper. It keeps nothing between instructions but the frame: `EXTENDED_ARG`
    /// runs its prefixed instruction itself, and the error path reads the failing opcode back
    /// from `f.instr`, so no opcode or oparg stays live across the dispatch.
    fn eval<const INSTR: bool>(&mut self, mut f: Frame) -> PyResult<Exit> {
        loop {
            let pc = f.pc;
            let unit = f.code.units[pc].get();
            f.instr = pc;
            f.pc = pc + 1;
            let op = Opcode(unit as u8);
            match self.step::<INSTR>(&mut f, op, u32::from(unit >> 8), pc, pc) {
                Ok(Flow::Next) => {}
                Ok(Flow::Exit(e)) => return Ok(e),
                Err(e) => {
                    // A re-raise keeps the traceback it already has (no new entry).
                    let reraise = reraises(&f);
                    self.handle_error(&mut f, e, !reraise)?;
                }
            }
        }
    }

    /// Executes one instruction.
    #[inline(always)]
    fn step<const INSTR: bool>(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        oparg: u32,
        instr: usize,
        start: usize,
    ) -> PyResult<Flow> {
        let arg = oparg as usize;
        // Instrumented runs remember the code object: a call switches `f` to the callee.
        let code_before = if INSTR { Some(f.code.clone()) } else { None };
        // What a specialized form needs to deopt to `generic` (see `fast_or_deopt`).
        let tail = |generic| (code_before.as_ref(), generic, oparg, instr, start);
        match op {
            Opcode::NOP | Opcode::RESUME_CHECK | Opcode::CACHE => {}
            Opcode::EXTENDED_ARG => {
                // As CPython: read the prefixed instruction and run it with the wide oparg.
                // `start` stays at the first prefix, where a re-execution begins.
                let next = instr + 1;
                let unit = f.code.units[next].get();
                f.instr = next;
                f.pc = next + 1;
                let wide = (oparg << 8) | u32::from(unit >> 8);
                return self.step_generic::<INSTR>(f, Opcode(unit as u8), wide, next, start);
            }
            Opcode::RESUME => {
                if self.options.specialize {
                    f.code.units[instr]
                        .set(crate::code::code_unit(Opcode::RESUME_CHECK, oparg as u8));
                }
            }
            Opcode::LOAD_CONST => {
                let v = f.code.consts[arg].clone();
                f.push(v);
            }
            Opcode::LOAD_FAST => {
                let v = f.stack[arg].clone();
                f.push(v);
            }
            Opcode::LOAD_FAST_CHECK => {
                let v = f.stack[arg].clone();
                if v.is_null() {
                    return Err(self.unbound_local(f, arg));
                }
                f.push(v);
            }
            Opcode::LOAD_FAST_AND_CLEAR => {
                let v = std::mem::replace(&mut f.stack[arg], Value::Null);
                f.push(v);
            }
            Opcode::LOAD_FAST_LOAD_FAST => {
                let a = f.stack[arg >> 4].clone();
                let b = f.stack[arg & 15].clone();
                f.push(a);
                f.push(b);
            }
            // Stores `discard` the old value: no out-of-line drop for scalars.
            Opcode::STORE_FAST => {
                let v = f.pop();
                std::mem::replace(&mut f.stack[arg], v).discard();
            }
            Opcode::STORE_FAST_STORE_FAST => {
                let v1 = f.pop();
                std::mem::replace(&mut f.stack[arg >> 4], v1).discard();
                let v2 = f.pop();
                std::mem::replace(&mut f.stack[arg & 15], v2).discard();
            }
            Opcode::STORE_FAST_LOAD_FAST => {
                let v = f.pop();
                std::mem::replace(&mut f.stack[arg >> 4], v).discard();
                let w = f.stack[arg & 15].clone();
                f.push(w);
            }
            Opcode::DELETE_FAST => {
                if f.stack[arg].is_null() {
                    return Err(self.unbound_local(f, arg));
                }
                f.stack[arg] = Value::Null;
            }
            Opcode::POP_TOP | Opcode::END_FOR => f.pop().discard(),
            Opcode::PUSH_NULL => f.push(Value::Null),
            Opcode::COPY => {
                let v = f.peek(arg - 1).clone();
                f.push(v);
            }
            Opcode::SWAP => {
                let n = f.stack.len();
                f.stack.swap(n - 1, n - arg);
            }
            Opcode::END_SEND => {
                let v = f.pop();
                f.pop();
                f.push(v);
            }
            Opcode::JUMP_FORWARD => f.pc = instr + 1 + arg,
            Opcode::JUMP_BACKWARD => f.pc = instr + 2 - arg,
            Opcode::JUMP_BACKWARD_NO_INTERRUPT => f.pc = instr + 1 - arg,
            Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
                let v = f.pop();
                let b = match v {
                    Value::Bool(b) => b,
                    other => self.truthy(&other)?,
                };
                let taken = b == (op == Opcode::POP_JUMP_IF_TRUE);
                self.branch(f, instr, arg, taken);
            }
            Opcode::POP_JUMP_IF_NONE | Opcode::POP_JUMP_IF_NOT_NONE => {
                let v = f.pop();
                let taken = matches!(v, Value::None) == (op == Opcode::POP_JUMP_IF_NONE);
                self.branch(f, instr, arg, taken);
            }
            Opcode::RETURN_VALUE => {
                let v = f.pop();
                return self.pop_frame(f, v);
            }
            Opcode::RETURN_CONST => {
                let v = f.code.consts[arg].clone();
                return self.pop_frame(f, v);
            }
            Opcode::YIELD_VALUE => {
                let v = f.pop();
                return self.yield_value(f, v);
            }
            Opcode::RETURN_GENERATOR => return self.return_generator(f),
            Opcode::UNARY_NEGATIVE => {
                let v = f.pop();
                let r = self.unary_negative(&v)?;
                f.push(r);
            }
            Opcode::UNARY_INVERT => {
                let v = f.pop();
                let r = self.unary_invert(&v)?;
                f.push(r);
            }
            Opcode::UNARY_NOT => {
                let v = f.pop();
                let b = self.truthy(&v)?;
                f.push(Value::Bool(!b));
            }
            Opcode::IS_OP => {
                let b = f.pop();
                let a = f.pop();
                f.push(Value::Bool(a.is(&b) != (arg == 1)));
            }

            // --- TO_BOOL family ---------------------------------------------------------
            Opcode::TO_BOOL => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                let v = f.pop();
                let b = self.truthy(&v)?;
                f.push(Value::Bool(b));
                f.pc += 3;
            }
            // One arm per form: `fast_to_bool` is inlined with a constant `op`.
            Opcode::TO_BOOL_BOOL => {
                let passed = self.fast_to_bool(f, Opcode::TO_BOOL_BOOL, instr);
                return self.fast_or_deopt::<INSTR>(f, passed, 3, tail(Opcode::TO_BOOL));
            }
            Opcode::TO_BOOL_INT => {
                let passed = self.fast_to_bool(f, Opcode::TO_BOOL_INT, instr);
                return self.fast_or_deopt::<INSTR>(f, passed, 3, tail(Opcode::TO_BOOL));
            }
            Opcode::TO_BOOL_LIST
            | Opcode::TO_BOOL_NONE
            | Opcode::TO_BOOL_STR
            | Opcode::TO_BOOL_ALWAYS_TRUE => {
                let passed = self.fast_to_bool(f, op, instr);
                return self.fast_or_deopt::<INSTR>(f, passed, 3, tail(Opcode::TO_BOOL));
            }

            // --- BINARY_OP family -------------------------------------------------------
            Opcode::BINARY_OP => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.generic_binary_op(f, arg)?;
            }
            // One arm per form, each only its guard and its operation (see `fast.rs`).
            Opcode::BINARY_OP_ADD_INT => {
                let passed = self.binary_op_int(f, IntOp::Add)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::BINARY_OP));
            }
            Opcode::BINARY_OP_SUBTRACT_INT => {
                let passed = self.binary_op_int(f, IntOp::Sub)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::BINARY_OP));
            }
            Opcode::BINARY_OP_MULTIPLY_INT => {
                let passed = self.binary_op_int(f, IntOp::Mul)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::BINARY_OP));
            }
            Opcode::BINARY_OP_ADD_FLOAT => {
                let passed = self.binary_op_float(f, |a, b| a + b);
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::BINARY_OP));
            }
            Opcode::BINARY_OP_SUBTRACT_FLOAT => {
                let passed = self.binary_op_float(f, |a, b| a - b);
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::BINARY_OP));
            }
            Opcode::BINARY_OP_MULTIPLY_FLOAT => {
                let passed = self.binary_op_float(f, |a, b| a * b);
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::BINARY_OP));
            }
            Opcode::BINARY_OP_ADD_UNICODE | Opcode::BINARY_OP_INPLACE_ADD_UNICODE => {
                let passed = self.binary_op_unicode(f);
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::BINARY_OP));
            }

            // --- COMPARE_OP / CONTAINS_OP ----------------------------------------------
            Opcode::COMPARE_OP => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.generic_compare_op(f, arg)?;
            }
            Opcode::COMPARE_OP_INT => {
                let passed = self.compare_op_int(f, arg);
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::COMPARE_OP));
            }
            Opcode::COMPARE_OP_FLOAT => {
                let passed = self.compare_op_float(f, arg);
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::COMPARE_OP));
            }
            Opcode::COMPARE_OP_STR => {
                let passed = self.compare_op_str(f, arg);
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::COMPARE_OP));
            }
            Opcode::CONTAINS_OP => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.generic_contains_op(f, arg)?;
            }
            Opcode::CONTAINS_OP_DICT | Opcode::CONTAINS_OP_SET => {
                let passed = self.contains_op_fast(f, op, arg)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::CONTAINS_OP));
            }

            // --- subscripts -------------------------------------------------------------
            Opcode::BINARY_SUBSCR => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                let sub = f.pop();
                let container = f.pop();
                let v = self.getitem(&container, &sub)?;
                f.push(v);
                f.pc += 1;
            }
            Opcode::BINARY_SUBSCR_LIST_INT
            | Opcode::BINARY_SUBSCR_TUPLE_INT
            | Opcode::BINARY_SUBSCR_STR_INT
            | Opcode::BINARY_SUBSCR_DICT
            | Opcode::BINARY_SUBSCR_GETITEM => {
                let passed = self.binary_subscr_fast(f, op, instr)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::BINARY_SUBSCR));
            }
            Opcode::STORE_SUBSCR => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                let sub = f.pop();
                let container = f.pop();
                let v = f.pop();
                self.setitem(&container, &sub, v)?;
                f.pc += 1;
            }
            Opcode::STORE_SUBSCR_LIST_INT | Opcode::STORE_SUBSCR_DICT => {
                let passed = self.store_subscr_fast(f, op)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::STORE_SUBSCR));
            }
            Opcode::BINARY_SLICE => {
                let stop = f.pop();
                let start_v = f.pop();
                let container = f.pop();
                let s = Value::Slice(Rc::new(crate::object::Slice {
                    start: start_v,
                    stop,
                    step: Value::None,
                }));
                let v = self.getitem(&container, &s)?;
                f.push(v);
            }
            Opcode::STORE_SLICE => {
                let stop = f.pop();
                let start_v = f.pop();
                let container = f.pop();
                let v = f.pop();
                let s = Value::Slice(Rc::new(crate::object::Slice {
                    start: start_v,
                    stop,
                    step: Value::None,
                }));
                self.setitem(&container, &s, v)?;
            }
            Opcode::DELETE_SUBSCR => {
                let sub = f.pop();
                let container = f.pop();
                self.delitem(&container, &sub)?;
            }

            // --- UNPACK_SEQUENCE --------------------------------------------------------
            Opcode::UNPACK_SEQUENCE => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.generic_unpack(f, arg)?;
                f.pc += 1;
            }
            Opcode::UNPACK_SEQUENCE_TWO_TUPLE
            | Opcode::UNPACK_SEQUENCE_TUPLE
            | Opcode::UNPACK_SEQUENCE_LIST => {
                let passed = self.unpack_fast(f, op, arg);
                return self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::UNPACK_SEQUENCE));
            }
            Opcode::UNPACK_EX => self.unpack_ex(f, arg)?,

            // --- iteration --------------------------------------------------------------
            Opcode::GET_ITER => {
                let v = f.pop();
                let it = self.get_iter(&v)?;
                f.push(it);
            }
            Opcode::GET_YIELD_FROM_ITER => {
                let v = f.pop();
                let it = if matches!(v, Value::Generator(_)) {
                    v
                } else {
                    self.get_iter(&v)?
                };
                f.push(it);
            }
            Opcode::FOR_ITER => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.generic_for_iter(f, instr, arg)?;
            }
            Opcode::FOR_ITER_RANGE => {
                let passed = self.for_iter_fast(f, Opcode::FOR_ITER_RANGE, instr, arg)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::FOR_ITER));
            }
            Opcode::FOR_ITER_LIST => {
                let passed = self.for_iter_fast(f, Opcode::FOR_ITER_LIST, instr, arg)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::FOR_ITER));
            }
            Opcode::FOR_ITER_TUPLE | Opcode::FOR_ITER_GEN => {
                let passed = self.for_iter_fast(f, op, instr, arg)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::FOR_ITER));
            }
            Opcode::SEND => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.send(f, instr, arg)?;
            }
            Opcode::SEND_GEN => {
                let passed = self.send_gen(f, instr, arg)?;
                let tail = (code_before.as_ref(), Opcode::SEND, oparg, instr, start);
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail);
            }

            // --- globals, names, cells --------------------------------------------------
            Opcode::LOAD_GLOBAL => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.generic_load_global(f, arg)?;
                f.pc += 4;
            }
            Opcode::LOAD_GLOBAL_MODULE => {
                let passed = self.load_global_fast(f, Opcode::LOAD_GLOBAL_MODULE, instr, arg);
                return self.fast_or_deopt::<INSTR>(f, passed, 4, tail(Opcode::LOAD_GLOBAL));
            }
            Opcode::LOAD_GLOBAL_BUILTIN => {
                let passed = self.load_global_fast(f, Opcode::LOAD_GLOBAL_BUILTIN, instr, arg);
                return self.fast_or_deopt::<INSTR>(f, passed, 4, tail(Opcode::LOAD_GLOBAL));
            }
            Opcode::STORE_GLOBAL => {
                let v = f.pop();
                f.globals.borrow_mut().set_name(&f.code.names[arg], v);
            }
            Opcode::DELETE_GLOBAL => {
                let key = self.name_key(f, arg);
                if f.globals.borrow_mut().remove(&key).is_none() {
                    return Err(exc::name_error(f.code.names[arg].as_str()));
                }
            }
            Opcode::LOAD_NAME => self.load_name(f, arg)?,
            Opcode::STORE_NAME => {
                let v = f.pop();
                let target = f.locals.as_ref().unwrap_or(&f.globals);
                target.borrow_mut().set_name(&f.code.names[arg], v);
            }
            Opcode::DELETE_NAME => {
                let key = self.name_key(f, arg);
                let target = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                if target.borrow_mut().remove(&key).is_none() {
                    return Err(exc::name_error(f.code.names[arg].as_str()));
                }
            }
            Opcode::LOAD_LOCALS => {
                let l = f
                    .locals
                    .clone()
                    .ok_or_else(|| exc::new("SystemError", "no locals found"))?;
                f.push(Value::Dict(l));
            }
            Opcode::LOAD_FROM_DICT_OR_GLOBALS => self.load_from_dict_or_globals(f, arg)?,
            Opcode::LOAD_FROM_DICT_OR_DEREF => self.load_from_dict_or_deref(f, arg)?,
            Opcode::MAKE_CELL => {
                let v = std::mem::replace(&mut f.stack[arg], Value::Null);
                f.stack[arg] = Value::Cell(Rc::new(std::cell::RefCell::new(v)));
            }
            Opcode::COPY_FREE_VARS => {
                let closure = f
                    .func
                    .as_ref()
                    .map(|func| func.closure.borrow().clone())
                    .unwrap_or_default();
                let base = f.code.nlocalsplus - arg;
                for (i, c) in closure.iter().enumerate().take(arg) {
                    f.stack[base + i] = c.clone();
                }
            }
            Opcode::LOAD_DEREF => {
                let v = match &f.stack[arg] {
                    Value::Cell(c) => c.borrow().clone(),
                    _ => Value::Null,
                };
                if v.is_null() {
                    return Err(self.unbound_deref(f, arg));
                }
                f.push(v);
            }
            Opcode::STORE_DEREF => {
                let v = f.pop();
                if let Value::Cell(c) = &f.stack[arg] {
                    *c.borrow_mut() = v;
                } else {
                    f.stack[arg] = Value::Cell(Rc::new(std::cell::RefCell::new(v)));
                }
            }
            Opcode::DELETE_DEREF => {
                if let Value::Cell(c) = &f.stack[arg] {
                    *c.borrow_mut() = Value::Null;
                }
            }

            // --- attributes -------------------------------------------------------------
            Opcode::LOAD_ATTR => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.generic_load_attr(f, arg)?;
                f.pc += 9;
            }
            Opcode::LOAD_ATTR_INSTANCE_VALUE => {
                let passed = self.load_attr_instance_value(f, instr, arg);
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::LOAD_ATTR));
            }
            Opcode::LOAD_ATTR_MODULE
            | Opcode::LOAD_ATTR_METHOD_WITH_VALUES
            | Opcode::LOAD_ATTR_METHOD_NO_DICT
            | Opcode::LOAD_ATTR_CLASS
            | Opcode::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES
            | Opcode::LOAD_ATTR_PROPERTY => {
                let passed = self.load_attr_fast(f, op, instr, arg)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::LOAD_ATTR));
            }
            Opcode::LOAD_ATTR_SLOT
            | Opcode::LOAD_ATTR_WITH_HINT
            | Opcode::LOAD_ATTR_METHOD_LAZY_DICT
            | Opcode::LOAD_ATTR_NONDESCRIPTOR_NO_DICT => {
                let passed = self.load_attr_storage_fast(f, op, instr, arg);
                let tail = (code_before.as_ref(), Opcode::LOAD_ATTR, oparg, instr, start);
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail);
            }
            Opcode::LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN => {
                let passed = self.load_attr_getattribute_fast(f, instr, arg)?;
                let tail = (code_before.as_ref(), Opcode::LOAD_ATTR, oparg, instr, start);
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail);
            }
            Opcode::STORE_ATTR_SLOT | Opcode::STORE_ATTR_WITH_HINT => {
                let passed = self.store_attr_storage_fast(f, op, instr, arg);
                let tail = (
                    code_before.as_ref(),
                    Opcode::STORE_ATTR,
                    oparg,
                    instr,
                    start,
                );
                return self.fast_or_deopt::<INSTR>(f, passed, 4, tail);
            }
            Opcode::STORE_ATTR => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                let owner = f.pop();
                let v = f.pop();
                let name = f.code.names[arg].clone();
                self.setattr(&owner, name.as_str(), v)?;
                f.pc += 4;
            }
            Opcode::STORE_ATTR_INSTANCE_VALUE => {
                let passed = self.store_attr_fast(f, instr);
                return self.fast_or_deopt::<INSTR>(f, passed, 4, tail(Opcode::STORE_ATTR));
            }
            Opcode::DELETE_ATTR => {
                let owner = f.pop();
                let name = f.code.names[arg].clone();
                self.delattr(&owner, name.as_str())?;
            }
            Opcode::LOAD_SUPER_ATTR => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.load_super_attr(f, arg, None)?;
                f.pc += 1;
            }
            Opcode::LOAD_SUPER_ATTR_ATTR | Opcode::LOAD_SUPER_ATTR_METHOD => {
                let ok = matches!(f.peek(2), Value::Type(c) if Rc::ptr_eq(c, &self.types.super_))
                    && matches!(f.peek(1), Value::Type(_));
                if ok {
                    if INSTR {
                        self.hit(code_before.as_ref(), instr);
                    }
                    self.load_super_attr(f, arg, Some(instr))?;
                    f.pc += 1;
                } else {
                    return self.generic_after_deopt::<INSTR>(
                        f,
                        Opcode::LOAD_SUPER_ATTR,
                        oparg,
                        instr,
                        start,
                    );
                }
            }

            // --- calls ------------------------------------------------------------------
            Opcode::CALL => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                f.pc += 3;
                self.generic_call(f, arg, None)?;
            }
            Opcode::CALL_KW => {
                let names = f.pop();
                self.generic_call(f, arg, Some(names))?;
            }
            Opcode::CALL_FUNCTION_EX => self.call_function_ex(f, arg)?,
            // The pc is already past the cache when a frame was pushed: skip nothing.
            Opcode::CALL_PY_EXACT_ARGS => {
                let passed = self.call_py(f, true, instr, arg)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::CALL));
            }
            Opcode::CALL_PY_GENERAL => {
                let passed = self.call_py(f, false, instr, arg)?;
                return self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::CALL));
            }
            // The rest of the CALL family, listed so that other opcodes need no `deopt()`.
            Opcode::CALL_ALLOC_AND_ENTER_INIT
            | Opcode::CALL_BOUND_METHOD_EXACT_ARGS
            | Opcode::CALL_BOUND_METHOD_GENERAL
            | Opcode::CALL_BUILTIN_CLASS
            | Opcode::CALL_BUILTIN_FAST
            | Opcode::CALL_BUILTIN_FAST_WITH_KEYWORDS
            | Opcode::CALL_BUILTIN_O
            | Opcode::CALL_ISINSTANCE
            | Opcode::CALL_LEN
            | Opcode::CALL_LIST_APPEND
            | Opcode::CALL_METHOD_DESCRIPTOR_FAST
            | Opcode::CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS
            | Opcode::CALL_METHOD_DESCRIPTOR_NOARGS
            | Opcode::CALL_METHOD_DESCRIPTOR_O
            | Opcode::CALL_NON_PY_GENERAL
            | Opcode::CALL_STR_1
            | Opcode::CALL_TUPLE_1
            | Opcode::CALL_TYPE_1 => {
                if self.call_fast(f, op, instr, arg)? {
                    if INSTR {
                        self.hit(code_before.as_ref(), instr);
                    }
                } else {
                    return self.generic_after_deopt::<INSTR>(f, Opcode::CALL, oparg, instr, start);
                }
            }
            Opcode::EXIT_INIT_CHECK => {
                let v = f.pop();
                if !matches!(v, Value::None) {
                    return Err(exc::type_error(format!(
                        "__init__() should return None, not '{}'",
                        crate::object::type_name_of(&v)
                    )));
                }
            }
            Opcode::CALL_INTRINSIC_1 => self.intrinsic_1(f, arg)?,
            Opcode::MAKE_FUNCTION => self.make_function(f),
            Opcode::SET_FUNCTION_ATTRIBUTE => self.set_function_attribute(f, arg),
            Opcode::LOAD_BUILD_CLASS => {
                let b = self
                    .builtins
                    .borrow()
                    .get_str("__build_class__")
                    .cloned()
                    .unwrap_or(Value::None);
                f.push(b);
            }

            // --- building ---------------------------------------------------------------
            Opcode::BUILD_TUPLE => {
                let items = f.stack.split_off(f.stack.len() - arg);
                f.push(Value::tuple(items));
            }
            Opcode::BUILD_LIST => {
                let items = f.stack.split_off(f.stack.len() - arg);
                f.push(Value::list(items));
            }
            Opcode::BUILD_SET => self.build_set(f, arg)?,
            Opcode::BUILD_MAP => self.build_map(f, arg)?,
            Opcode::BUILD_CONST_KEY_MAP => self.build_const_key_map(f, arg)?,
            Opcode::BUILD_STRING => {
                let parts = f.stack.split_off(f.stack.len() - arg);
                let mut s = String::new();
                for p in &parts {
                    s.push_str(p.as_str().unwrap_or(""));
                }
                f.push(Value::str(s));
            }
            Opcode::BUILD_SLICE => {
                let step = if arg == 3 { f.pop() } else { Value::None };
                let stop = f.pop();
                let start_v = f.pop();
                f.push(Value::Slice(Rc::new(crate::object::Slice {
                    start: start_v,
                    stop,
                    step,
                })));
            }
            Opcode::LIST_APPEND => {
                let v = f.pop();
                if let Value::List(l) = f.peek(arg - 1) {
                    l.borrow_mut().push(v);
                }
            }
            Opcode::SET_ADD => {
                let v = f.pop();
                let k = self.hkey(&v)?;
                if let Value::Set(s) = f.peek(arg - 1) {
                    s.borrow_mut().insert(k);
                }
            }
            Opcode::MAP_ADD => {
                let v = f.pop();
                let k = f.pop();
                let hk = self.hkey(&k)?;
                if let Value::Dict(d) = f.peek(arg - 1) {
                    d.borrow_mut().insert(hk, v);
                }
            }
            Opcode::LIST_EXTEND => self.list_extend(f, arg)?,
            Opcode::SET_UPDATE => {
                let it = f.pop();
                let items = self.collect(&it)?;
                let target = f.peek(arg - 1).clone();
                for item in items {
                    let k = self.hkey(&item)?;
                    if let Value::Set(s) = &target {
                        s.borrow_mut().insert(k);
                    }
                }
            }
            Opcode::DICT_MERGE => self.dict_merge(f, arg)?,
            Opcode::DICT_UPDATE => {
                let other = f.pop();
                let target = f.peek(arg - 1).clone();
                if let Value::Dict(d) = &target {
                    let mut copy = d.borrow().clone();
                    crate::builtins::dict_update(self, &mut copy, &other)?;
                    *d.borrow_mut() = copy;
                }
            }

            // --- formatting -------------------------------------------------------------
            Opcode::FORMAT_SIMPLE => {
                let v = f.pop();
                let s = match &v {
                    Value::Str(_) => v,
                    other => Value::str(self.format_value(other, "")?),
                };
                f.push(s);
            }
            Opcode::FORMAT_WITH_SPEC => {
                let spec = f.pop();
                let v = f.pop();
                let s = self.format_value(&v, spec.as_str().unwrap_or(""))?;
                f.push(Value::str(s));
            }
            Opcode::CONVERT_VALUE => {
                let v = f.pop();
                let s = match arg {
                    1 => self.to_str(&v)?,
                    2 | 3 => self.repr(&v)?,
                    _ => self.to_str(&v)?,
                };
                f.push(Value::str(s));
            }

            // --- exceptions -------------------------------------------------------------
            Opcode::RAISE_VARARGS => return Err(self.raise_varargs(f, arg)),
            Opcode::RERAISE => {
                // The `lasti` below the exception (oparg 1) only restores `f_lasti` for
                // tracebacks; the handler search uses this instruction's own offset.
                let e = f.pop();
                return Err(self.value_to_err(e));
            }
            Opcode::PUSH_EXC_INFO => {
                let e = f.pop();
                let prev = std::mem::replace(&mut self.handled, e.clone());
                f.push(prev);
                f.push(e);
            }
            Opcode::POP_EXCEPT => {
                self.handled = f.pop();
            }
            Opcode::CHECK_EXC_MATCH => {
                let ty = f.pop();
                let e = f.peek(0).clone();
                let m = self.exc_matches(&e, &ty)?;
                f.push(Value::Bool(m));
            }
            Opcode::LOAD_ASSERTION_ERROR => {
                let c = self
                    .exc_class("AssertionError")
                    .map(Value::Type)
                    .unwrap_or(Value::None);
                f.push(c);
            }
            Opcode::CLEANUP_THROW => self.cleanup_throw(f)?,

            // --- imports ----------------------------------------------------------------
            Opcode::IMPORT_NAME => {
                f.pop();
                f.pop();
                let name = f.code.names[arg].clone();
                match self.modules.get(name.as_str()) {
                    Some(m) => f.push(m.clone()),
                    None => {
                        return Err(exc::new(
                            "ModuleNotFoundError",
                            format!("No module named '{}'", name.as_str()),
                        ));
                    }
                }
            }
            Opcode::IMPORT_FROM => {
                let m = f.peek(0).clone();
                let name = f.code.names[arg].clone();
                let v = self.getattr(&m, name.as_str()).map_err(|_| {
                    exc::new(
                        "ImportError",
                        format!("cannot import name '{}'", name.as_str()),
                    )
                })?;
                f.push(v);
            }
            other => {
                return Err(exc::new(
                    "SystemError",
                    format!(
                        "opcode {} is not supported by this interpreter",
                        other.name()
                    ),
                ))
            }
        }
        Ok(Flow::Next)
    }

    /// The tail of every specialized form. When its guards `passed` (and its action ran), count
    /// a hit and step over the `skip` cache units the action left behind; otherwise deoptimize:
    /// run the generic instruction of `tail` = (code before the step, generic opcode, oparg,
    /// instruction index, start).
    #[inline(always)]
    fn fast_or_deopt<const INSTR: bool>(
        &mut self,
        f: &mut Frame,
        passed: bool,
        skip: usize,
        tail: DeoptTail<'_>,
    ) -> PyResult<Flow> {
        let (code_before, generic, oparg, instr, start) = tail;
        if passed {
            if INSTR {
                self.hit(code_before, instr);
            }
            f.pc += skip;
            Ok(Flow::Next)
        } else {
            self.generic_after_deopt::<INSTR>(f, generic, oparg, instr, start)
        }
    }

    /// After a failed guard: report the deopt, then run the generic instruction (with its
    /// counter protocol) in place of the specialized one.
    fn generic_after_deopt<const INSTR: bool>(
        &mut self,
        f: &mut Frame,
        generic: Opcode,
        oparg: u32,
        instr: usize,
        start: usize,
    ) -> PyResult<Flow> {
        self.deopt(f, instr);
        self.step_generic::<INSTR>(f, generic, oparg, instr, start)
    }

    /// One instruction outside the loop's inlined copy: the generic body after a deopt, and
    /// the instruction after an `EXTENDED_ARG`.
    #[inline(never)]
    fn step_generic<const INSTR: bool>(
        &mut self,
        f: &mut Frame,
        op: Opcode,
        oparg: u32,
        instr: usize,
        start: usize,
    ) -> PyResult<Flow> {
        self.step::<INSTR>(f, op, oparg, instr, start)
    }

    /// `POP_JUMP_IF_*`: records the branch in the 16-bit history and jumps when taken.
    #[inline]
    fn branch(&mut self, f: &mut Frame, instr: usize, arg: usize, taken: bool) {
        if self.options.specialize {
            let h = f.code.units[instr + 1].get();
            f.code.units[instr + 1].set((h << 1) | taken as u16);
        }
        f.pc = if taken { instr + 2 + arg } else { instr + 2 };
    }
}

/// True when `f`'s failing instruction re-raises (`RERAISE`, `CLEANUP_THROW`, a bare `raise`): the exception
/// then keeps the traceback it has. Read back from the code, so the loop need not keep
/// `op` and `oparg` alive (`RAISE_VARARGS` never takes an `EXTENDED_ARG`).
fn reraises(f: &Frame) -> bool {
    let unit = f.code.units[f.instr].get();
    let (op, oparg) = (Opcode(unit as u8), unit >> 8);
    op == Opcode::RERAISE
        || op == Opcode::CLEANUP_THROW
        || (op == Opcode::RAISE_VARARGS && oparg == 0)
}
