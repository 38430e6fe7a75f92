//! `optimize_uops`: one pass of abstract interpretation over the trace (CPython's
//! `optimizer_bytecodes.c`), with [`Context`] symbols standing in for values.
//!
//! Each uop either has its own handler below or the table's default one: pop the inputs
//! that are not kept, push a fresh "not NULL" symbol per new output. The handlers rewrite
//! the trace as they learn:
//!
//! ```text
//!   x = 0 ... for i in range(n): x = x + 1; x = x + 1
//!     _LOAD_FAST_1                 x: unknown
//!     _LOAD_CONST 2          ->    _LOAD_CONST_INLINE_BORROW 1   (a constant, inlined)
//!     _GUARD_BOTH_INT        ->    _GUARD_NOS_INT   (right is the constant 1: an int)
//!     _BINARY_OP_ADD_INT           result: an int
//!     _STORE_FAST_1                x: an int
//!     _LOAD_FAST_1, _LOAD_CONST
//!     _GUARD_BOTH_INT        ->    _NOP             (both known ints)
//! ```
//!
//! Loop-carried values are not followed around the loop: at the top every local is unknown
//! again (no fixpoint), which is why the first guard of an iteration stays.

use std::rc::Rc;

use crate::object::{Class, RtCode};
use crate::uops::{Operand, Uop, UopInst};
use crate::value::Value;
use crate::vm::Vm;

use super::symbols::{AbstractFrame, Context, OutOfSpace, SymId, MAX_FRAMES};
use super::{is_immortal, watch_globals, Deps, MAX_GLOBALS_MODIFICATIONS};

/// How the pass ended.
pub enum Outcome {
    /// Reached the end (or ran out of room): keep the trace as rewritten so far.
    Done,
    /// A contradiction: the trace is not worth keeping now.
    HitBottom,
}

/// What a handler tells the loop.
enum Next {
    Continue,
    Done,
    Bottom,
}

/// A marker in a stack slot for a frame being built (`_INIT_CALL_PY_EXACT_ARGS` to
/// `_PUSH_FRAME`), which CPython also keeps in the abstract stack.
const FRAME_MARK: SymId = SymId::MAX;

struct Interp<'a> {
    vm: &'a Vm,
    ctx: Context,
    /// The frames, innermost last; the frame being built sits one past them.
    depth: usize,
    /// The code object of the running frame (`co`).
    co: Rc<RtCode>,
    curr_space: i64,
    max_space: i64,
    first_valid_check_stack: Option<usize>,
    corresponding_check_stack: Option<usize>,
    deps: &'a mut Deps,
}

/// Runs the pass over `trace` for a frame of `code` with `stack_entries` values on its stack.
pub fn optimize_uops(
    vm: &Vm,
    code: &Rc<RtCode>,
    trace: &mut [UopInst],
    stack_entries: usize,
    deps: &mut Deps,
) -> Outcome {
    let mut ctx = Context::new();
    let Ok(root) = ctx.frame_new(code, stack_entries, &[]) else {
        return Outcome::Done;
    };
    ctx.frames.push(root);
    let mut it = Interp {
        vm,
        ctx,
        depth: 1,
        co: code.clone(),
        curr_space: 0,
        max_space: 0,
        first_valid_check_stack: None,
        corresponding_check_stack: None,
        deps,
    };
    let mut outcome = Outcome::Done;
    for i in 0..trace.len() {
        match it.step(trace, i) {
            Ok(Next::Continue) => {}
            Ok(Next::Done) | Err(OutOfSpace) => break,
            Ok(Next::Bottom) => {
                outcome = Outcome::HitBottom;
                break;
            }
        }
    }
    if let (Outcome::Done, Some(i)) = (&outcome, it.first_valid_check_stack) {
        trace[i].uop = Uop::_CHECK_STACK_SPACE_OPERAND;
        trace[i].operand = Operand::Int(it.max_space as u64);
    }
    outcome
}

/// `co_framesize`: locals, stack and CPython's frame header (`FRAME_SPECIALS_SIZE`, nine
/// words on a 64-bit build).
pub fn frame_size(code: &RtCode) -> i64 {
    (code.nlocalsplus + code.code.stacksize as usize + 9) as i64
}

/// The code object a `_PUSH_FRAME` / `_POP_FRAME` operand names (a function or a code).
fn code_of(op: &UopInst) -> Option<Rc<RtCode>> {
    match op.operand.object()? {
        Value::Function(f) => Some(f.code.clone()),
        Value::Code(c) => Some(c.clone()),
        _ => None,
    }
}

impl Interp<'_> {
    fn frame(&mut self) -> &mut AbstractFrame {
        &mut self.ctx.frames[self.depth - 1]
    }

    fn sp(&self) -> usize {
        self.ctx.frames[self.depth - 1].stack_pointer
    }

    /// The stack item `n` below the top (0 = top).
    fn peek(&self, n: usize) -> SymId {
        self.ctx.slots[self.sp() - 1 - n]
    }

    fn set_peek(&mut self, n: usize, s: SymId) {
        let at = self.sp() - 1 - n;
        self.ctx.slots[at] = s;
    }

    fn push(&mut self, s: SymId) {
        let at = self.sp();
        if at < self.ctx.slots.len() {
            self.ctx.slots[at] = s;
        } else {
            self.ctx.slots.push(s);
        }
        self.frame().stack_pointer += 1;
    }

    fn pop(&mut self) -> SymId {
        let s = self.peek(0);
        self.frame().stack_pointer -= 1;
        s
    }

    fn drop_n(&mut self, n: usize) {
        self.frame().stack_pointer -= n;
    }

    fn local(&self, i: usize) -> SymId {
        let f = &self.ctx.frames[self.depth - 1];
        self.ctx.slots[f.locals + i]
    }

    fn set_local(&mut self, i: usize, s: SymId) {
        let at = self.ctx.frames[self.depth - 1].locals + i;
        self.ctx.slots[at] = s;
    }

    fn types(&self) -> &crate::vm::Types {
        &self.vm.types
    }

    fn constant(&mut self, v: Value) -> Result<SymId, OutOfSpace> {
        let t = self.vm.type_of(&v);
        self.ctx.constant(v, t)
    }

    fn of_type(&mut self, t: &Rc<Class>) -> Result<SymId, OutOfSpace> {
        self.ctx.of_type(t)
    }

    /// The table's default: pop the inputs not kept, push a new symbol per new output.
    fn default_effect(&mut self, inst: &UopInst) -> Result<Next, OutOfSpace> {
        let (popped, pushed, kept) = (
            inst.uop.popped(inst.oparg) as usize,
            inst.uop.pushed(inst.oparg) as usize,
            inst.uop.kept(inst.oparg) as usize,
        );
        self.drop_n(popped - kept);
        for _ in kept..pushed {
            let s = self.ctx.not_null()?;
            self.push(s);
        }
        Ok(Next::Continue)
    }

    fn step(&mut self, trace: &mut [UopInst], i: usize) -> Result<Next, OutOfSpace> {
        let inst = trace[i].clone();
        let oparg = inst.oparg as usize;
        let t_int = self.types().int.clone();
        let t_float = self.types().float.clone();
        let t_str = self.types().str_.clone();
        let t_bool = self.types().bool_.clone();
        use Uop::*;
        match inst.uop.base() {
            _LOAD_FAST_CHECK => {
                let v = self.local(oparg);
                // It will certainly raise: not worth optimizing.
                if self.ctx.is_null(v) {
                    return Ok(Next::Done);
                }
                self.push(v);
            }
            _LOAD_FAST => {
                let v = self.local(oparg);
                self.push(v);
            }
            _LOAD_FAST_AND_CLEAR => {
                let v = self.local(oparg);
                let null = self.ctx.null()?;
                self.set_local(oparg, null);
                self.push(v);
            }
            _LOAD_CONST => {
                let val = self.co.consts[oparg].clone();
                let uop = if is_immortal(self.vm, &val) {
                    _LOAD_CONST_INLINE_BORROW
                } else {
                    _LOAD_CONST_INLINE
                };
                replace(&mut trace[i], uop, 0, Operand::Obj(val.clone()));
                let s = self.constant(val)?;
                self.push(s);
            }
            _STORE_FAST => {
                let v = self.pop();
                self.set_local(oparg, v);
            }
            _POP_TOP => {
                self.pop();
            }
            _PUSH_NULL => {
                let s = self.ctx.null()?;
                self.push(s);
            }
            _COPY => {
                let s = self.peek(oparg - 1);
                self.push(s);
            }
            _SWAP => {
                let (top, bottom) = (self.peek(0), self.peek(oparg - 1));
                self.set_peek(0, bottom);
                self.set_peek(oparg - 1, top);
            }
            _TO_BOOL | _TO_BOOL_BOOL | _TO_BOOL_INT | _TO_BOOL_LIST | _TO_BOOL_NONE
            | _TO_BOOL_STR => return self.truth(trace, i),
            _GUARD_BOTH_INT => {
                return self.guard_both(trace, i, &t_int, _GUARD_NOS_INT, _GUARD_TOS_INT)
            }
            _GUARD_BOTH_FLOAT => {
                return self.guard_both(trace, i, &t_float, _GUARD_NOS_FLOAT, _GUARD_TOS_FLOAT)
            }
            _GUARD_BOTH_UNICODE => {
                let (right, left) = (self.peek(0), self.peek(1));
                if self.ctx.matches_type(left, &t_str) && self.ctx.matches_type(right, &t_str) {
                    replace(&mut trace[i], _NOP, 0, Operand::Zero);
                }
                if !self.ctx.set_type(left, &t_str) || !self.ctx.set_type(right, &t_str) {
                    return Ok(Next::Bottom);
                }
            }
            _BINARY_OP_ADD_INT | _BINARY_OP_SUBTRACT_INT | _BINARY_OP_MULTIPLY_INT => {
                return self.fold_binary(inst.uop.base(), &t_int)
            }
            _BINARY_OP_ADD_FLOAT | _BINARY_OP_SUBTRACT_FLOAT | _BINARY_OP_MULTIPLY_FLOAT => {
                return self.fold_binary(inst.uop.base(), &t_float)
            }
            _BINARY_OP_ADD_UNICODE => return self.fold_binary(_BINARY_OP_ADD_UNICODE, &t_str),
            _BINARY_OP => {
                // CPython computes the result type of int/float arithmetic here, then
                // overwrites it with "unknown" (3.13.0); the symbol count follows it.
                let (rt, lt) = (
                    self.ctx.get_type(self.peek(0)).cloned(),
                    self.ctx.get_type(self.peek(1)).cloned(),
                );
                let numeric = |t: &Option<Rc<Class>>| {
                    t.as_ref()
                        .is_some_and(|t| Rc::ptr_eq(t, &t_int) || Rc::ptr_eq(t, &t_float))
                };
                if numeric(&lt) && numeric(&rt) {
                    self.ctx.not_null()?;
                }
                self.drop_n(2);
                let res = self.ctx.unknown()?;
                self.push(res);
            }
            _COMPARE_OP => {
                self.drop_n(2);
                let res = if oparg & 16 != 0 {
                    self.of_type(&t_bool)?
                } else {
                    self.ctx.not_null()?
                };
                self.push(res);
            }
            _COMPARE_OP_FLOAT | _COMPARE_OP_INT | _COMPARE_OP_STR | _IS_OP | _CONTAINS_OP => {
                self.drop_n(2);
                let res = self.of_type(&t_bool)?;
                self.push(res);
            }
            _GUARD_IS_TRUE_POP | _GUARD_IS_FALSE_POP => {
                let flag = self.pop();
                if let Some(v) = self.ctx.get_const(flag) {
                    let want = inst.uop.base() == _GUARD_IS_TRUE_POP;
                    let exits = !matches!(v, Value::Bool(b) if b.get() == want);
                    eliminate_pop_guard(trace, i, exits);
                }
            }
            _GUARD_IS_NONE_POP | _GUARD_IS_NOT_NONE_POP => {
                let flag = self.pop();
                let none_wanted = inst.uop.base() == _GUARD_IS_NONE_POP;
                if let Some(v) = self.ctx.get_const(flag) {
                    let is_none = matches!(v, Value::None);
                    eliminate_pop_guard(trace, i, is_none != none_wanted);
                } else if self.ctx.has_type(flag) {
                    eliminate_pop_guard(trace, i, none_wanted);
                }
            }
            _LOAD_GLOBAL | _LOAD_GLOBAL_MODULE | _LOAD_GLOBAL_BUILTINS => {
                let res = self.ctx.not_null()?;
                let null = self.ctx.null()?;
                self.push(res);
                if oparg & 1 == 1 {
                    self.push(null);
                }
            }
            _LOAD_ATTR => {
                self.pop();
                let attr = self.ctx.not_null()?;
                self.push(attr);
                if oparg & 1 == 1 {
                    let s = self.ctx.unknown()?;
                    self.push(s);
                }
            }
            _LOAD_ATTR_INSTANCE_VALUE
            | _LOAD_ATTR_WITH_HINT
            | _LOAD_ATTR_SLOT
            | _LOAD_ATTR_CLASS => {
                self.pop();
                let attr = self.ctx.not_null()?;
                let null = self.ctx.null()?;
                self.push(attr);
                if oparg & 1 == 1 {
                    self.push(null);
                }
            }
            _CHECK_ATTR_MODULE => self.check_attr_module(trace, i),
            _LOAD_ATTR_MODULE => return self.load_attr_module(trace, i),
            _LOAD_ATTR_METHOD_WITH_VALUES
            | _LOAD_ATTR_METHOD_NO_DICT
            | _LOAD_ATTR_METHOD_LAZY_DICT => {
                let owner = self.pop();
                let attr = self.ctx.not_null()?;
                self.push(attr);
                self.push(owner);
            }
            _UNPACK_SEQUENCE => {
                self.pop();
                for _ in 0..oparg {
                    let s = self.ctx.unknown()?;
                    self.push(s);
                }
            }
            _UNPACK_EX => {
                self.pop();
                for _ in 0..(oparg & 0xFF) + (oparg >> 8) + 1 {
                    let s = self.ctx.unknown()?;
                    self.push(s);
                }
            }
            _YIELD_VALUE => {
                self.pop();
                let s = self.ctx.unknown()?;
                self.push(s);
            }
            _ITER_NEXT_RANGE => {
                let s = self.of_type(&t_int)?;
                self.push(s);
            }
            _FOR_ITER_GEN_FRAME | _PY_FRAME_GENERAL | _JUMP_TO_TOP | _EXIT_TRACE => {
                return Ok(Next::Done)
            }
            _CHECK_PEP_523 => replace(&mut trace[i], _NOP, 0, Operand::Zero),
            _CHECK_FUNCTION_EXACT_ARGS => {
                let callable = self.peek(oparg + 1);
                let function = self.types().function.clone();
                if !self.ctx.set_type(callable, &function) {
                    return Ok(Next::Bottom);
                }
            }
            _CHECK_CALL_BOUND_METHOD_EXACT_ARGS => {
                let (null, callable) = (self.peek(oparg), self.peek(oparg + 1));
                let method = self.types().method.clone();
                if !self.ctx.set_null(null) || !self.ctx.set_type(callable, &method) {
                    return Ok(Next::Bottom);
                }
            }
            _INIT_CALL_BOUND_METHOD_EXACT_ARGS | _EXPAND_METHOD => {
                let func = self.ctx.not_null()?;
                let self_ = self.ctx.not_null()?;
                self.set_peek(oparg + 1, func);
                self.set_peek(oparg, self_);
            }
            _CHECK_STACK_SPACE => self.corresponding_check_stack = Some(i),
            _INIT_CALL_PY_EXACT_ARGS => return self.init_call(trace, i),
            _PUSH_FRAME => return self.push_frame(trace, i),
            _POP_FRAME => return self.pop_frame(trace, i),
            _RETURN_GENERATOR => {
                if self.depth <= 1 {
                    return Ok(Next::Done);
                }
                self.frame_pop();
                let res = self.ctx.unknown()?;
                self.curr_space -= frame_size(&self.co);
                match code_of(&inst) {
                    Some(co) => self.co = co,
                    None => return Ok(Next::Done),
                }
                self.push(res);
            }
            _LOAD_CONST_INLINE | _LOAD_CONST_INLINE_BORROW => {
                let v = inst.operand.object().cloned().unwrap_or(Value::None);
                let s = self.constant(v)?;
                self.push(s);
            }
            _LOAD_CONST_INLINE_WITH_NULL | _LOAD_CONST_INLINE_BORROW_WITH_NULL => {
                let v = inst.operand.object().cloned().unwrap_or(Value::None);
                let s = self.constant(v)?;
                let null = self.ctx.null()?;
                self.push(s);
                self.push(null);
            }
            _ERROR_POP_N => self.drop_n(oparg),
            _START_EXECUTOR
            | _TIER2_RESUME_CHECK
            | _SET_IP
            | _CHECK_VALIDITY
            | _CHECK_VALIDITY_AND_SET_IP
            | _DEOPT
            | _DYNAMIC_EXIT
            | _CHECK_FUNCTION
            | _SAVE_RETURN_OFFSET
            | _NOP
            | _RESUME_CHECK
            | _CHECK_PERIODIC
            | _CHECK_STACK_SPACE_OPERAND => {}
            _ => return self.default_effect(&inst),
        }
        Ok(Next::Continue)
    }

    /// `_GUARD_BOTH_INT` / `_FLOAT`: drop or narrow the guard when a side is known.
    fn guard_both(
        &mut self,
        trace: &mut [UopInst],
        i: usize,
        typ: &Rc<Class>,
        nos: Uop,
        tos: Uop,
    ) -> Result<Next, OutOfSpace> {
        let (right, left) = (self.peek(0), self.peek(1));
        let (l, r) = (
            self.ctx.matches_type(left, typ),
            self.ctx.matches_type(right, typ),
        );
        match (l, r) {
            (true, true) => replace(&mut trace[i], Uop::_NOP, 0, Operand::Zero),
            (true, false) => replace(&mut trace[i], tos, 0, Operand::Zero),
            (false, true) => replace(&mut trace[i], nos, 0, Operand::Zero),
            (false, false) => {}
        }
        if !self.ctx.set_type(left, typ) || !self.ctx.set_type(right, typ) {
            return Ok(Next::Bottom);
        }
        Ok(Next::Continue)
    }

    /// The int, float and str actions: fold two constants, else the result's type.
    fn fold_binary(&mut self, uop: Uop, typ: &Rc<Class>) -> Result<Next, OutOfSpace> {
        let (right, left) = (self.peek(0), self.peek(1));
        let folded = match (self.ctx.get_const(left), self.ctx.get_const(right)) {
            (Some(a), Some(b))
                if self.ctx.matches_type(left, typ) && self.ctx.matches_type(right, typ) =>
            {
                fold(uop, a, b)
            }
            _ => None,
        };
        self.drop_n(2);
        let res = match folded {
            Some(v) => self.constant(v)?,
            None => self.of_type(typ)?,
        };
        self.push(res);
        Ok(Next::Continue)
    }

    /// The `TO_BOOL` family: drop a conversion whose result is already known.
    fn truth(&mut self, trace: &mut [UopInst], i: usize) -> Result<Next, OutOfSpace> {
        let uop = trace[i].uop;
        let value = self.peek(0);
        let t_bool = self.types().bool_.clone();
        if self.ctx.matches_type(value, &t_bool) {
            replace(&mut trace[i], Uop::_NOP, 0, Operand::Zero);
            return Ok(Next::Continue);
        }
        if let Some(truth) = self.ctx.truthiness(value) {
            replace(
                &mut trace[i],
                Uop::_POP_TOP_LOAD_CONST_INLINE_BORROW,
                0,
                Operand::Obj(Value::bool(truth)),
            );
            let res = self.constant(Value::bool(truth))?;
            self.set_peek(0, res);
            return Ok(Next::Continue);
        }
        let types = &self.vm.types;
        let (int, list, str_) = (types.int.clone(), types.list.clone(), types.str_.clone());
        let res = match uop {
            Uop::_TO_BOOL => self.of_type(&t_bool)?,
            Uop::_TO_BOOL_BOOL => {
                if !self.ctx.set_type(value, &t_bool) {
                    return Ok(Next::Bottom);
                }
                value
            }
            Uop::_TO_BOOL_INT | Uop::_TO_BOOL_LIST => {
                let t = if uop == Uop::_TO_BOOL_INT { int } else { list };
                if !self.ctx.set_type(value, &t) {
                    return Ok(Next::Bottom);
                }
                self.of_type(&t_bool)?
            }
            Uop::_TO_BOOL_NONE => {
                let none = self.vm.types.none.clone();
                if !self.ctx.set_const(value, &Value::None, &none) {
                    return Ok(Next::Bottom);
                }
                self.constant(Value::bool(false))?
            }
            _ => {
                let res = self.of_type(&t_bool)?;
                if !self.ctx.set_type(value, &str_) {
                    return Ok(Next::Bottom);
                }
                res
            }
        };
        self.set_peek(0, res);
        Ok(Next::Continue)
    }

    /// `_CHECK_ATTR_MODULE`: a constant module whose dict can be watched needs no check.
    fn check_attr_module(&mut self, trace: &mut [UopInst], i: usize) {
        let owner = self.peek(0);
        let Some(Value::Module(m)) = self.ctx.get_const(owner).cloned() else {
            return;
        };
        if m.dict.borrow().watched_mutations() < MAX_GLOBALS_MODIFICATIONS {
            watch_globals(&m.dict);
            self.deps.dicts.push(m.dict.clone());
            trace[i].uop = Uop::_NOP;
        }
    }

    /// `_LOAD_ATTR_MODULE`: after a removed check, the module's value becomes a constant.
    fn load_attr_module(&mut self, trace: &mut [UopInst], i: usize) -> Result<Next, OutOfSpace> {
        let oparg = trace[i].oparg;
        let owner = self.peek(0);
        let null = self.ctx.null()?;
        let mut attr = None;
        if i > 0 && trace[i - 1].uop == Uop::_NOP {
            if let Some(Value::Module(m)) = self.ctx.get_const(owner).cloned() {
                if let Some(res) = super::convert_global_to_const(self.vm, &mut trace[i], &m.dict) {
                    trace[i - 1].uop = Uop::_POP_TOP;
                    attr = Some(self.constant(res)?);
                }
            }
        }
        let attr = match attr {
            Some(a) => a,
            None => self.ctx.not_null()?,
        };
        self.set_peek(0, attr);
        if oparg & 1 == 1 {
            self.push(null);
        }
        Ok(Next::Continue)
    }

    /// `_INIT_CALL_PY_EXACT_ARGS`: the callee's abstract frame, its first locals the
    /// argument symbols (with `self` when known to be there).
    fn init_call(&mut self, trace: &mut [UopInst], i: usize) -> Result<Next, OutOfSpace> {
        let oparg = trace[i].oparg as usize;
        let Some(push) = trace.get(i + 2) else {
            return Ok(Next::Done);
        };
        let Some(co) = code_of(push) else {
            return Ok(Next::Done);
        };
        let sp = self.sp();
        let self_or_null = self.ctx.slots[sp - 1 - oparg];
        let mut args: Vec<SymId> = self.ctx.slots[sp - oparg..sp].to_vec();
        if self.ctx.is_not_null(self_or_null) {
            args.insert(0, self_or_null);
        }
        if self.depth + 1 > MAX_FRAMES {
            return Ok(Next::Done);
        }
        let known = self.ctx.is_null(self_or_null) || self.ctx.is_not_null(self_or_null);
        let frame = self
            .ctx
            .frame_new(&co, 0, if known { &args } else { &[] })?;
        self.ctx.frames.truncate(self.depth);
        self.ctx.frames.push(frame);
        self.drop_n(oparg + 2);
        self.push(FRAME_MARK);
        Ok(Next::Continue)
    }

    /// `_PUSH_FRAME`: the frame built above becomes the running one.
    fn push_frame(&mut self, trace: &mut [UopInst], i: usize) -> Result<Next, OutOfSpace> {
        self.pop();
        if self.ctx.frames.len() <= self.depth {
            return Ok(Next::Done);
        }
        self.depth += 1;
        let Some(co) = code_of(&trace[i]) else {
            return Ok(Next::Done);
        };
        self.co = co;
        self.curr_space += frame_size(&self.co);
        self.max_space = self.max_space.max(self.curr_space);
        if self.first_valid_check_stack.is_none() {
            self.first_valid_check_stack = self.corresponding_check_stack;
        } else if let Some(c) = self.corresponding_check_stack {
            // Keep only the first `_CHECK_STACK_SPACE`: it checks for the whole trace.
            trace[c].uop = Uop::_NOP;
        }
        self.corresponding_check_stack = None;
        Ok(Next::Continue)
    }

    /// `frame_pop`: the slots of the innermost frame are free again.
    fn frame_pop(&mut self) {
        let f = self.ctx.frames[self.depth - 1].clone();
        self.ctx.slots.truncate(f.locals);
        self.ctx.frames.truncate(self.depth - 1);
        self.depth -= 1;
    }

    /// `_POP_FRAME`: back in the caller, with the return value.
    fn pop_frame(&mut self, trace: &mut [UopInst], i: usize) -> Result<Next, OutOfSpace> {
        let retval = self.pop();
        if self.depth <= 1 {
            return Ok(Next::Done);
        }
        self.frame_pop();
        self.curr_space -= frame_size(&self.co);
        match code_of(&trace[i]) {
            Some(co) => self.co = co,
            None => return Ok(Next::Done),
        }
        self.push(retval);
        Ok(Next::Continue)
    }
}

/// `REPLACE_OP`.
fn replace(inst: &mut UopInst, uop: Uop, oparg: u32, operand: Operand) {
    inst.uop = uop;
    inst.oparg = oparg;
    inst.operand = operand;
}

/// `eliminate_pop_guard`: the guard's outcome is known. It becomes a `_POP_TOP`; when it
/// would always exit, the next uop becomes that exit (the rest of the trace is dead).
fn eliminate_pop_guard(trace: &mut [UopInst], i: usize, exits: bool) {
    let target = trace[i].target;
    replace(&mut trace[i], Uop::_POP_TOP, 0, Operand::Zero);
    if exits {
        if let Some(next) = trace.get_mut(i + 1) {
            replace(next, Uop::_EXIT_TRACE, 0, Operand::Zero);
            next.target = target;
        }
    }
}

/// Constant folding of the int, float and str actions.
fn fold(uop: Uop, a: &Value, b: &Value) -> Option<Value> {
    use crate::object::int::{self, IntOp};
    match (uop, a, b) {
        (Uop::_BINARY_OP_ADD_INT, ..) => int::binop(IntOp::Add, a, b).ok(),
        (Uop::_BINARY_OP_SUBTRACT_INT, ..) => int::binop(IntOp::Sub, a, b).ok(),
        (Uop::_BINARY_OP_MULTIPLY_INT, ..) => int::binop(IntOp::Mul, a, b).ok(),
        (Uop::_BINARY_OP_ADD_FLOAT, Value::Float(x), Value::Float(y)) => {
            Some(Value::float(x.get() + y.get()))
        }
        (Uop::_BINARY_OP_SUBTRACT_FLOAT, Value::Float(x), Value::Float(y)) => {
            Some(Value::float(x.get() - y.get()))
        }
        (Uop::_BINARY_OP_MULTIPLY_FLOAT, Value::Float(x), Value::Float(y)) => {
            Some(Value::float(x.get() * y.get()))
        }
        (Uop::_BINARY_OP_ADD_UNICODE, Value::Str(x), Value::Str(y)) => {
            Some(Value::str(format!("{}{}", x.as_str(), y.as_str())))
        }
        _ => None,
    }
}
