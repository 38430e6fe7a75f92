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
pub mod fetch;
pub mod forms;
pub mod fused;
pub mod generator;
pub mod generic;
pub mod import;
pub mod suggest;
pub mod tier2;
pub mod traceback;
pub mod unwind;
pub mod uop;
pub mod yield_from;

use std::rc::Rc;

use crate::bytecode::Opcode;
use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::object::int::IntOp;
use crate::specialize::counter;
use crate::uops::table::ExecFn;
use crate::uops::{Args, Step, Uop};
use crate::value::Value;
use crate::vm::Vm;

use u::iter::IterKind;
use uop as u;

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
    pub fn run_loop(&mut self, frame: Box<Frame>) -> PyResult<Exit> {
        self.enter(frame, None)
    }

    /// Like `run_loop`, but `frame` starts by raising `err` at its current instruction (what
    /// `generator.throw` does): its exception table decides where it continues.
    pub fn run_loop_throw(
        &mut self,
        frame: Box<Frame>,
        err: crate::exceptions::PyErr,
    ) -> PyResult<Exit> {
        self.enter(frame, Some(err))
    }

    /// Counts the frame against the recursion limit, raises `throw` in it if given, then
    /// runs the loop, instrumented only when someone listens.
    fn enter(
        &mut self,
        mut f: Box<Frame>,
        throw: Option<crate::exceptions::PyErr>,
    ) -> PyResult<Exit> {
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
        f: &mut Box<Frame>,
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
    fn eval<const INSTR: bool>(&mut self, mut f: Box<Frame>) -> PyResult<Exit> {
        loop {
            let pc = f.pc;
            // `f.code.units[pc].get()`, without the bounds check: see `fetch.rs`.
            let unit = fetch::fetch(&f.code.units, pc);
            f.instr = pc;
            f.pc = pc + 1;
            let op = Opcode(unit as u8);
            match self.step::<INSTR>(&mut f, op, u32::from(unit >> 8), pc, pc) {
                Ok(Flow::Next) => {}
                Ok(Flow::Exit(e)) => {
                    // `f` is the placeholder the leaving frame left: pooled again.
                    self.recycle(f);
                    return Ok(e);
                }
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
        f: &mut Box<Frame>,
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
        // A generic instruction that is exactly its uop (after the counter, if it has one).
        macro_rules! uop {
            ($name:ident) => {{
                const RUN: ExecFn = Uop::$name.exec();
                RUN(self, f, Args::oparg(oparg))?;
            }};
        }
        // A generic instruction with an adaptive counter: specialize when the counter says so,
        // else run its uop and advance `pc` as the other adaptive arms do.
        macro_rules! adaptive_uop {
            ($name:ident) => {{
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                uop!($name);
                f.pc += 1;
            }};
        }
        // A specialized instruction built from its uops (see `forms.rs`).
        macro_rules! form {
            ($op:ident) => {
                return relay(self.run_form::<INSTR, { Opcode::$op.0 }>(
                    f,
                    oparg,
                    instr,
                    start,
                    code_before.as_ref(),
                ))
            };
        }
        // A specialized instruction with a fused tier-1 body (see `fused.rs`).
        macro_rules! fused {
            ($op:ident, $body:expr) => {{
                let step = $body;
                return relay(self.form_tail::<INSTR, { Opcode::$op.0 }>(
                    f,
                    step,
                    oparg,
                    instr,
                    start,
                    code_before.as_ref(),
                ));
            }};
        }
        // A specialized instruction with a fused fast path (see `fused.rs`); anything else it
        // leaves to the form's uops.
        macro_rules! fast_path {
            ($op:ident, $body:expr) => {{
                match $body {
                    Some(step) => fused!($op, step),
                    None => form!($op),
                }
            }};
        }
        match op {
            Opcode::NOP | Opcode::CACHE => {}
            // No hit is counted: CPython's RESUME_CHECK has no stats either.
            Opcode::RESUME_CHECK => uop!(_RESUME_CHECK),
            Opcode::EXTENDED_ARG => {
                // As CPython: read the prefixed instruction and run it with the wide oparg.
                // `start` stays at the first prefix, where a re-execution begins.
                let next = instr + 1;
                let unit = f.code.units[next].get();
                f.instr = next;
                f.pc = next + 1;
                let wide = (oparg << 8) | u32::from(unit >> 8);
                return relay(self.step_generic::<INSTR>(f, Opcode(unit as u8), wide, next, start));
            }
            Opcode::RESUME => {
                if self.options.specialize {
                    f.code.units[instr]
                        .set(crate::code::code_unit(Opcode::RESUME_CHECK, oparg as u8));
                }
            }
            Opcode::LOAD_CONST => uop!(_LOAD_CONST),
            Opcode::LOAD_FAST => uop!(_LOAD_FAST),
            Opcode::LOAD_FAST_CHECK => uop!(_LOAD_FAST_CHECK),
            Opcode::LOAD_FAST_AND_CLEAR => uop!(_LOAD_FAST_AND_CLEAR),
            Opcode::LOAD_FAST_LOAD_FAST => {
                u::locals::load_fast(self, f, Args::oparg(oparg >> 4))?;
                u::locals::load_fast(self, f, Args::oparg(oparg & 15))?;
            }
            Opcode::STORE_FAST => uop!(_STORE_FAST),
            Opcode::STORE_FAST_STORE_FAST => {
                u::locals::store_fast(self, f, Args::oparg(oparg >> 4))?;
                u::locals::store_fast(self, f, Args::oparg(oparg & 15))?;
            }
            Opcode::STORE_FAST_LOAD_FAST => {
                u::locals::store_fast(self, f, Args::oparg(oparg >> 4))?;
                u::locals::load_fast(self, f, Args::oparg(oparg & 15))?;
            }
            Opcode::DELETE_FAST => uop!(_DELETE_FAST),
            Opcode::POP_TOP | Opcode::END_FOR => uop!(_POP_TOP),
            Opcode::PUSH_NULL => uop!(_PUSH_NULL),
            Opcode::COPY => uop!(_COPY),
            Opcode::SWAP => uop!(_SWAP),
            Opcode::END_SEND => uop!(_END_SEND),
            Opcode::JUMP_FORWARD => f.pc = instr + 1 + arg,
            Opcode::JUMP_BACKWARD => {
                f.pc = instr + 2 - arg;
                if self.options.tier2 {
                    return relay(self.jump_backward_tier2(f, instr, start));
                }
            }
            Opcode::JUMP_BACKWARD_NO_INTERRUPT => f.pc = instr + 1 - arg,
            Opcode::ENTER_EXECUTOR => {
                return relay(self.enter_executor::<INSTR>(f, instr, oparg, start))
            }
            Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
                let v = f.pop();
                let b = match v {
                    Value::Bool(b) => b.get(),
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
                return relay(self.return_to_caller(f, v));
            }
            Opcode::RETURN_CONST => {
                let v = f.code.consts[arg].clone();
                return relay(self.return_to_caller(f, v));
            }
            Opcode::YIELD_VALUE => {
                let v = f.pop();
                return relay(self.yield_value(f, v));
            }
            Opcode::RETURN_GENERATOR => return relay(self.return_generator(f)),
            Opcode::UNARY_NEGATIVE => uop!(_UNARY_NEGATIVE),
            Opcode::UNARY_INVERT => uop!(_UNARY_INVERT),
            Opcode::UNARY_NOT => uop!(_UNARY_NOT),
            Opcode::IS_OP => uop!(_IS_OP),

            // --- adaptive families: the counter, then the generic uop ----------------------
            Opcode::TO_BOOL => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                uop!(_TO_BOOL);
                f.pc += 3;
            }
            Opcode::BINARY_OP => adaptive_uop!(_BINARY_OP),
            Opcode::COMPARE_OP => adaptive_uop!(_COMPARE_OP),
            Opcode::CONTAINS_OP => adaptive_uop!(_CONTAINS_OP),
            Opcode::BINARY_SUBSCR => adaptive_uop!(_BINARY_SUBSCR),
            Opcode::STORE_SUBSCR => adaptive_uop!(_STORE_SUBSCR),
            Opcode::UNPACK_SEQUENCE => adaptive_uop!(_UNPACK_SEQUENCE),
            Opcode::FOR_ITER => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.generic_for_iter(f, instr, arg)?;
            }
            Opcode::SEND => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.send(f, instr, arg)?;
            }
            Opcode::LOAD_GLOBAL => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                uop!(_LOAD_GLOBAL);
                f.pc += 4;
            }
            Opcode::LOAD_ATTR => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                uop!(_LOAD_ATTR);
                f.pc += 9;
            }
            Opcode::STORE_ATTR => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                uop!(_STORE_ATTR);
                f.pc += 4;
            }
            Opcode::LOAD_SUPER_ATTR => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                self.load_super_attr(f, arg, None)?;
                f.pc += 1;
            }
            Opcode::CALL => {
                if self.adaptive::<INSTR>(f, instr, start, oparg) {
                    return Ok(Flow::Next);
                }
                f.pc += 3;
                self.generic_call(f, arg, None)?;
            }

            // --- specialized forms made of uops (one arm per hot form, the rest below) ----
            // Fused operators (`fused.rs`); the int ones fall back to their uops for big ints.
            Opcode::BINARY_OP_ADD_INT => {
                fast_path!(BINARY_OP_ADD_INT, fused::int_op(f, IntOp::Add))
            }
            Opcode::BINARY_OP_SUBTRACT_INT => {
                fast_path!(BINARY_OP_SUBTRACT_INT, fused::int_op(f, IntOp::Sub))
            }
            Opcode::BINARY_OP_MULTIPLY_INT => {
                fast_path!(BINARY_OP_MULTIPLY_INT, fused::int_op(f, IntOp::Mul))
            }
            Opcode::BINARY_OP_ADD_FLOAT => {
                fused!(BINARY_OP_ADD_FLOAT, fused::float_op(f, IntOp::Add))
            }
            Opcode::BINARY_OP_SUBTRACT_FLOAT => {
                fused!(BINARY_OP_SUBTRACT_FLOAT, fused::float_op(f, IntOp::Sub))
            }
            Opcode::BINARY_OP_MULTIPLY_FLOAT => {
                fused!(BINARY_OP_MULTIPLY_FLOAT, fused::float_op(f, IntOp::Mul))
            }
            Opcode::COMPARE_OP_INT => fused!(COMPARE_OP_INT, fused::compare_op_int(f, oparg)),
            Opcode::COMPARE_OP_FLOAT => {
                fused!(COMPARE_OP_FLOAT, fused::compare_op_float(f, oparg))
            }
            Opcode::TO_BOOL_BOOL => fused!(TO_BOOL_BOOL, fused::to_bool_bool(f)),
            Opcode::TO_BOOL_INT => form!(TO_BOOL_INT),
            Opcode::FOR_ITER_RANGE => {
                return relay(self.for_iter_fast::<INSTR>(
                    f,
                    instr,
                    oparg,
                    start,
                    code_before.as_ref(),
                    IterKind::Range,
                ))
            }
            Opcode::FOR_ITER_LIST => {
                return relay(self.for_iter_fast::<INSTR>(
                    f,
                    instr,
                    oparg,
                    start,
                    code_before.as_ref(),
                    IterKind::List,
                ))
            }
            Opcode::FOR_ITER_TUPLE => {
                return relay(self.for_iter_fast::<INSTR>(
                    f,
                    instr,
                    oparg,
                    start,
                    code_before.as_ref(),
                    IterKind::Tuple,
                ))
            }
            Opcode::BINARY_SUBSCR_LIST_INT => {
                fused!(BINARY_SUBSCR_LIST_INT, fused::binary_subscr_list_int(f))
            }
            Opcode::UNPACK_SEQUENCE_TWO_TUPLE => form!(UNPACK_SEQUENCE_TWO_TUPLE),
            Opcode::LOAD_GLOBAL_MODULE => fused!(
                LOAD_GLOBAL_MODULE,
                fused::load_global_module(f, instr, oparg)
            ),
            Opcode::LOAD_GLOBAL_BUILTIN => fused!(
                LOAD_GLOBAL_BUILTIN,
                fused::load_global_builtin(f, &self.builtins, instr, oparg)
            ),
            // Fused bodies in tier 1 (`fused.rs`): the same guards as their uops, in one.
            Opcode::LOAD_ATTR_INSTANCE_VALUE => fused!(
                LOAD_ATTR_INSTANCE_VALUE,
                fused::load_attr_instance_value(f, instr, oparg)
            ),
            Opcode::LOAD_ATTR_METHOD_WITH_VALUES => fused!(
                LOAD_ATTR_METHOD_WITH_VALUES,
                fused::load_attr_method_with_values(f, instr)
            ),
            Opcode::STORE_ATTR_INSTANCE_VALUE => fused!(
                STORE_ATTR_INSTANCE_VALUE,
                fused::store_attr_instance_value(f, instr)
            ),
            Opcode::CALL_PY_EXACT_ARGS => {
                return relay(self.call_py_exact_fast::<INSTR>(
                    f,
                    instr,
                    oparg,
                    start,
                    code_before.as_ref(),
                    false,
                ))
            }
            Opcode::CALL_BOUND_METHOD_EXACT_ARGS => {
                return relay(self.call_py_exact_fast::<INSTR>(
                    f,
                    instr,
                    oparg,
                    start,
                    code_before.as_ref(),
                    true,
                ))
            }
            Opcode::CALL_BUILTIN_O => form!(CALL_BUILTIN_O),
            Opcode::CALL_LEN => form!(CALL_LEN),
            Opcode::BINARY_SUBSCR_DICT => form!(BINARY_SUBSCR_DICT),
            Opcode::STORE_SUBSCR_DICT => form!(STORE_SUBSCR_DICT),
            Opcode::STORE_SUBSCR_LIST_INT => form!(STORE_SUBSCR_LIST_INT),
            Opcode::CONTAINS_OP_DICT => form!(CONTAINS_OP_DICT),
            Opcode::CONTAINS_OP_SET => form!(CONTAINS_OP_SET),
            Opcode::COMPARE_OP_STR => form!(COMPARE_OP_STR),
            Opcode::LOAD_ATTR_SLOT => {
                fast_path!(LOAD_ATTR_SLOT, fused::load_attr_slot(f, instr, oparg))
            }
            Opcode::LOAD_ATTR_METHOD_NO_DICT => form!(LOAD_ATTR_METHOD_NO_DICT),
            Opcode::CALL_METHOD_DESCRIPTOR_FAST => form!(CALL_METHOD_DESCRIPTOR_FAST),
            Opcode::CALL_METHOD_DESCRIPTOR_O => form!(CALL_METHOD_DESCRIPTOR_O),
            Opcode::CALL_BUILTIN_FAST => form!(CALL_BUILTIN_FAST),
            Opcode::CALL_PY_GENERAL => form!(CALL_PY_GENERAL),
            // Arms of their own, not `dispatch_form`'s second `match` (about 10 machine
            // instructions a run): the forms the pyperformance programs run most.
            Opcode::LOAD_ATTR_WITH_HINT => {
                fast_path!(
                    LOAD_ATTR_WITH_HINT,
                    fused::load_attr_with_hint(f, instr, oparg)
                )
            }
            Opcode::LOAD_ATTR_CLASS => {
                fused!(LOAD_ATTR_CLASS, fused::load_attr_class(f, instr, oparg))
            }
            Opcode::LOAD_ATTR_MODULE => form!(LOAD_ATTR_MODULE),
            Opcode::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES => {
                form!(LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES)
            }
            Opcode::LOAD_ATTR_NONDESCRIPTOR_NO_DICT => form!(LOAD_ATTR_NONDESCRIPTOR_NO_DICT),
            Opcode::LOAD_ATTR_METHOD_LAZY_DICT => form!(LOAD_ATTR_METHOD_LAZY_DICT),
            Opcode::STORE_ATTR_SLOT => {
                fast_path!(STORE_ATTR_SLOT, fused::store_attr_slot(f, instr))
            }
            Opcode::CALL_ISINSTANCE => form!(CALL_ISINSTANCE),
            Opcode::UNPACK_SEQUENCE_TUPLE => form!(UNPACK_SEQUENCE_TUPLE),
            Opcode::UNPACK_SEQUENCE_LIST => form!(UNPACK_SEQUENCE_LIST),
            Opcode::BINARY_SUBSCR_TUPLE_INT => form!(BINARY_SUBSCR_TUPLE_INT),
            Opcode::TO_BOOL_LIST => form!(TO_BOOL_LIST),
            Opcode::TO_BOOL_NONE => form!(TO_BOOL_NONE),
            Opcode::TO_BOOL_STR => form!(TO_BOOL_STR),
            Opcode::TO_BOOL_ALWAYS_TRUE => form!(TO_BOOL_ALWAYS_TRUE),
            Opcode::CALL_BUILTIN_CLASS => form!(CALL_BUILTIN_CLASS),
            Opcode::CALL_NON_PY_GENERAL => form!(CALL_NON_PY_GENERAL),
            Opcode::CALL_METHOD_DESCRIPTOR_NOARGS => form!(CALL_METHOD_DESCRIPTOR_NOARGS),

            // --- specialized forms CPython cannot trace (fused, in `fast.rs`) ---------------
            Opcode::BINARY_OP_INPLACE_ADD_UNICODE => {
                let passed = u::arith::guard_both_unicode(self, f, Args::oparg(oparg))?
                    == Step::Continue
                    && u::arith::binary_op_add_unicode(self, f, Args::oparg(oparg))?
                        == Step::Continue;
                return relay(self.fast_or_deopt::<INSTR>(f, passed, 1, tail(Opcode::BINARY_OP)));
            }
            Opcode::BINARY_SUBSCR_GETITEM => {
                let passed = self.binary_subscr_getitem(f, instr)?;
                return relay(self.fast_or_deopt::<INSTR>(
                    f,
                    passed,
                    0,
                    tail(Opcode::BINARY_SUBSCR),
                ));
            }
            Opcode::LOAD_ATTR_PROPERTY => {
                let passed = self.load_attr_property(f, instr, arg)?;
                return relay(self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::LOAD_ATTR)));
            }
            Opcode::LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN => {
                let passed = self.load_attr_getattribute(f, instr, arg)?;
                return relay(self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::LOAD_ATTR)));
            }
            Opcode::STORE_ATTR_WITH_HINT => {
                let passed = self.store_attr_with_hint(f, instr, arg);
                return relay(self.fast_or_deopt::<INSTR>(f, passed, 4, tail(Opcode::STORE_ATTR)));
            }
            Opcode::CALL_ALLOC_AND_ENTER_INIT => {
                let passed = self.call_alloc_and_enter_init(f, instr, arg)?;
                return relay(self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::CALL)));
            }
            Opcode::CALL_LIST_APPEND => {
                let passed = self.call_list_append(f, instr, arg);
                return relay(self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::CALL)));
            }
            Opcode::SEND_GEN => {
                let passed = self.send_gen(f, instr, arg)?;
                return relay(self.fast_or_deopt::<INSTR>(f, passed, 0, tail(Opcode::SEND)));
            }

            // --- names, globals, cells -----------------------------------------------------
            Opcode::STORE_GLOBAL => uop!(_STORE_GLOBAL),
            Opcode::DELETE_GLOBAL => uop!(_DELETE_GLOBAL),
            Opcode::LOAD_NAME => self.load_name(f, arg)?,
            Opcode::STORE_NAME => uop!(_STORE_NAME),
            Opcode::DELETE_NAME => uop!(_DELETE_NAME),
            Opcode::LOAD_LOCALS => uop!(_LOAD_LOCALS),
            Opcode::SETUP_ANNOTATIONS => uop!(_SETUP_ANNOTATIONS),
            Opcode::LOAD_FROM_DICT_OR_GLOBALS => self.load_from_dict_or_globals(f, arg)?,
            Opcode::LOAD_FROM_DICT_OR_DEREF => uop!(_LOAD_FROM_DICT_OR_DEREF),
            Opcode::MAKE_CELL => uop!(_MAKE_CELL),
            Opcode::COPY_FREE_VARS => uop!(_COPY_FREE_VARS),
            Opcode::LOAD_DEREF => uop!(_LOAD_DEREF),
            Opcode::STORE_DEREF => uop!(_STORE_DEREF),
            Opcode::DELETE_DEREF => uop!(_DELETE_DEREF),
            Opcode::DELETE_ATTR => uop!(_DELETE_ATTR),

            // --- calls and functions -------------------------------------------------------
            Opcode::CALL_KW => {
                let names = f.pop();
                self.generic_call(f, arg, Some(names))?;
            }
            Opcode::CALL_FUNCTION_EX => self.call_function_ex(f, arg)?,
            Opcode::EXIT_INIT_CHECK => uop!(_EXIT_INIT_CHECK),
            Opcode::CALL_INTRINSIC_1 => uop!(_CALL_INTRINSIC_1),
            Opcode::MAKE_FUNCTION => uop!(_MAKE_FUNCTION),
            Opcode::SET_FUNCTION_ATTRIBUTE => uop!(_SET_FUNCTION_ATTRIBUTE),
            Opcode::LOAD_BUILD_CLASS => uop!(_LOAD_BUILD_CLASS),

            // --- building ------------------------------------------------------------------
            Opcode::BUILD_TUPLE => uop!(_BUILD_TUPLE),
            Opcode::BUILD_LIST => uop!(_BUILD_LIST),
            Opcode::BUILD_SET => self.build_set(f, arg)?,
            Opcode::BUILD_MAP => uop!(_BUILD_MAP),
            Opcode::BUILD_CONST_KEY_MAP => uop!(_BUILD_CONST_KEY_MAP),
            Opcode::BUILD_STRING => uop!(_BUILD_STRING),
            Opcode::BUILD_SLICE => uop!(_BUILD_SLICE),
            Opcode::BINARY_SLICE => uop!(_BINARY_SLICE),
            Opcode::STORE_SLICE => uop!(_STORE_SLICE),
            Opcode::DELETE_SUBSCR => uop!(_DELETE_SUBSCR),
            Opcode::UNPACK_EX => uop!(_UNPACK_EX),
            Opcode::LIST_APPEND => uop!(_LIST_APPEND),
            Opcode::SET_ADD => uop!(_SET_ADD),
            Opcode::MAP_ADD => uop!(_MAP_ADD),
            Opcode::LIST_EXTEND => uop!(_LIST_EXTEND),
            Opcode::SET_UPDATE => uop!(_SET_UPDATE),
            Opcode::DICT_MERGE => uop!(_DICT_MERGE),
            Opcode::DICT_UPDATE => uop!(_DICT_UPDATE),
            Opcode::GET_ITER => uop!(_GET_ITER),
            Opcode::GET_LEN => uop!(_GET_LEN),
            Opcode::MATCH_MAPPING => uop!(_MATCH_MAPPING),
            Opcode::MATCH_SEQUENCE => uop!(_MATCH_SEQUENCE),
            Opcode::MATCH_KEYS => uop!(_MATCH_KEYS),
            Opcode::MATCH_CLASS => uop!(_MATCH_CLASS),
            Opcode::GET_YIELD_FROM_ITER => uop!(_GET_YIELD_FROM_ITER),
            Opcode::GET_AWAITABLE => uop!(_GET_AWAITABLE),

            // --- formatting ----------------------------------------------------------------
            Opcode::FORMAT_SIMPLE => uop!(_FORMAT_SIMPLE),
            Opcode::FORMAT_WITH_SPEC => uop!(_FORMAT_WITH_SPEC),
            Opcode::CONVERT_VALUE => uop!(_CONVERT_VALUE),

            // --- exceptions ----------------------------------------------------------------
            Opcode::RAISE_VARARGS => return Err(self.raise_varargs(f, arg)),
            Opcode::RERAISE => {
                // The `lasti` below the exception (oparg 1) only restores `f_lasti` for
                // tracebacks; the handler search uses this instruction's own offset.
                let e = f.pop();
                return Err(self.value_to_err(e));
            }
            Opcode::PUSH_EXC_INFO => uop!(_PUSH_EXC_INFO),
            Opcode::WITH_EXCEPT_START => uop!(_WITH_EXCEPT_START),
            Opcode::BEFORE_WITH => self.before_with(f)?,
            Opcode::POP_EXCEPT => uop!(_POP_EXCEPT),
            Opcode::CHECK_EXC_MATCH => uop!(_CHECK_EXC_MATCH),
            Opcode::LOAD_ASSERTION_ERROR => uop!(_LOAD_ASSERTION_ERROR),
            Opcode::CLEANUP_THROW => self.cleanup_throw(f)?,

            // --- imports -------------------------------------------------------------------
            Opcode::IMPORT_NAME => {
                let name = f.code.names[arg].clone();
                let m = self.import_name(f, name.as_str())?;
                f.push(m);
            }
            Opcode::IMPORT_FROM => {
                let m = f.peek(0).clone();
                let name = f.code.names[arg].clone();
                let v = self.import_from(&m, name.as_str())?;
                f.push(v);
            }
            // Every other specialized form: its uops, through the generated dispatcher.
            other if forms::has_form(other) => {
                return relay(self.dispatch_form::<INSTR>(
                    f,
                    other,
                    oparg,
                    instr,
                    start,
                    code_before.as_ref(),
                ));
            }
            other => return Err(unsupported_opcode(other)),
        }
        Ok(Flow::Next)
    }

    /// A specialized instruction made of uops (`forms.rs`): run them; on success count a hit
    /// and skip the inline cache (unless a uop moved the pc), on a failed guard deopt.
    #[inline(always)]
    fn run_form<const INSTR: bool, const OP: u8>(
        &mut self,
        f: &mut Box<Frame>,
        oparg: u32,
        instr: usize,
        start: usize,
        code_before: Option<&Rc<crate::object::RtCode>>,
    ) -> PyResult<Flow> {
        let step = self.form::<OP>(f, instr, oparg)?;
        self.form_tail::<INSTR, OP>(f, step, oparg, instr, start, code_before)
    }

    /// What follows a specialized instruction's body, whether built from uops (`run_form`) or
    /// fused (`fused.rs`): count a hit and skip the cache, or deopt on a failed guard.
    #[inline(always)]
    fn form_tail<const INSTR: bool, const OP: u8>(
        &mut self,
        f: &mut Box<Frame>,
        step: Step,
        oparg: u32,
        instr: usize,
        start: usize,
        code_before: Option<&Rc<crate::object::RtCode>>,
    ) -> PyResult<Flow> {
        // Constants of the instruction, folded at compile time.
        let (caches, generic) = const { (Opcode(OP).cache_entries(), Opcode(OP).deopt()) };
        let (passed, skip) = match step {
            Step::Continue => (true, caches),
            Step::Jumped => (true, 0),
            Step::Deopt => (false, 0),
        };
        let tail = (code_before, generic, oparg, instr, start);
        self.fast_or_deopt::<INSTR>(f, passed, skip, tail)
    }

    /// `CALL_PY_EXACT_ARGS` and `CALL_BOUND_METHOD_EXACT_ARGS` (`bound`): their uops, the last
    /// five in one body (see [`u::call::call_py_exact_args_tier_one`]).
    #[inline(always)]
    fn call_py_exact_fast<const INSTR: bool>(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
        oparg: u32,
        start: usize,
        code_before: Option<&Rc<crate::object::RtCode>>,
        bound: bool,
    ) -> PyResult<Flow> {
        let step = if bound
            && u::call::check_call_bound_method_exact_args(self, f, Args::oparg(oparg))?
                == Step::Deopt
        {
            Step::Deopt
        } else {
            if bound {
                u::call::expand_method(self, f, Args::oparg(oparg))?;
            }
            let version = u64::from(crate::specialize::read_u32(&f.code.units, instr + 2));
            let return_offset = const { 1 + Opcode::CALL.cache_entries() as u32 };
            u::call::call_py_exact_args_tier_one(self, f, oparg, version, return_offset)?
        };
        let passed = step != Step::Deopt;
        let tail = (code_before, Opcode::CALL, oparg, instr, start);
        self.fast_or_deopt::<INSTR>(f, passed, 0, tail)
    }

    /// `FOR_ITER_LIST`, `_TUPLE`, `_RANGE`: their three uops in one body (see
    /// [`u::iter::for_iter_tier_one`]), then the tail every specialized form shares.
    #[inline(always)]
    fn for_iter_fast<const INSTR: bool>(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
        oparg: u32,
        start: usize,
        code_before: Option<&Rc<crate::object::RtCode>>,
        kind: IterKind,
    ) -> PyResult<Flow> {
        let (passed, skip) = match u::iter::for_iter_tier_one(f, oparg, kind)? {
            Step::Continue => (true, 1),
            Step::Jumped => (true, 0),
            Step::Deopt => (false, 0),
        };
        let tail = (code_before, Opcode::FOR_ITER, oparg, instr, start);
        self.fast_or_deopt::<INSTR>(f, passed, skip, tail)
    }

    /// The tail of every specialized form. When its guards `passed` (and its action ran), count
    /// a hit and step over the `skip` cache units the action left behind; otherwise deoptimize:
    /// run the generic instruction of `tail` = (code before the step, generic opcode, oparg,
    /// instruction index, start).
    #[inline(always)]
    fn fast_or_deopt<const INSTR: bool>(
        &mut self,
        f: &mut Box<Frame>,
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
        f: &mut Box<Frame>,
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
        f: &mut Box<Frame>,
        op: Opcode,
        oparg: u32,
        instr: usize,
        start: usize,
    ) -> PyResult<Flow> {
        self.step::<INSTR>(f, op, oparg, instr, start)
    }

    /// `POP_JUMP_IF_*`: records the branch in the 16-bit history and jumps when taken.
    #[inline]
    fn branch(&mut self, f: &mut Box<Frame>, instr: usize, arg: usize, taken: bool) {
        if self.options.specialize {
            let history = fetch::first_cache(&f.code.units, instr);
            history.set((history.get() << 1) | taken as u16);
        }
        f.pc = if taken { instr + 2 + arg } else { instr + 2 };
    }
}

/// The error of an opcode this interpreter has no arm for.
#[cold]
fn unsupported_opcode(op: Opcode) -> exc::PyErr {
    exc::new(
        "SystemError",
        format!("opcode {} is not supported by this interpreter", op.name()),
    )
}

/// Passes a `PyResult<Flow>` on unchanged. The eval loop wraps every out-of-line call that
/// returns one: the callee then writes its result into a temporary of its own, and the
/// result of `step` can live in registers, so an instruction that continues jumps straight
/// back to the dispatch instead of storing `Ok(Flow::Next)` to memory and reading it back.
/// (The match looks like it does nothing, and to Rust it does nothing; it is there for the
/// code generator, measured: a loop of `LOAD_FAST`/`STORE_FAST` ran 9% fewer instructions.)
#[allow(clippy::needless_match)]
#[inline(always)]
fn relay(r: PyResult<Flow>) -> PyResult<Flow> {
    match r {
        Ok(Flow::Next) => Ok(Flow::Next),
        Ok(Flow::Exit(e)) => Ok(Flow::Exit(e)),
        Err(e) => Err(e),
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
