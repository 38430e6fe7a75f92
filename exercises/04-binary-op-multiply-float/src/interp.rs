//! A tiny adaptive interpreter: a stack machine with five instructions, of which only
//! `BINARY_OP` specializes. It is complete; the parts you write live in `lib.rs`.
//!
//! The one function worth reading is [`BinaryOpSite::execute`]. It follows what CPython 3.13's
//! generated interpreter does for the `BINARY_OP` family (Python/bytecodes.c):
//!
//! ```text
//!   specialized form (e.g. BINARY_OP_ADD_INT = _GUARD_BOTH_INT + _BINARY_OP_ADD_INT)
//!      guard passes ------------------------------> action, done (counter untouched)
//!      guard fails (DEOPT_IF) --+
//!                               v
//!   generic BINARY_OP = _SPECIALIZE_BINARY_OP + _BINARY_OP
//!      counter reads 0? -- yes --> specialize: success -> new form, counter = cooldown
//!                                              failure -> BINARY_OP, counter = restart
//!                                  then run the instruction again (DISPATCH_SAME_OPARG)
//!      no --> counter.advance(), generic operation
//! ```
//!
//! Note that a deopt does *not* rewrite the opcode: the site stays specialized, the generic
//! path counts the cooldown down, and only when it reaches 0 does the site choose again.

use std::fmt::{self, Write as _};

use crate::{
    binary_op_add_float, binary_op_add_int, binary_op_multiply_float, guard_both_float,
    guard_both_int, specialize_binary_op, BackoffCounter, NbOp, Opcode, Value,
};

/// What can go wrong while running a function. No variant is a bug in the interpreter: each is
/// a property of the program or of its arguments.
#[derive(Debug, Clone, PartialEq)]
pub enum RunError {
    /// `call` got a different number of arguments than the function has parameters.
    WrongArgCount { expected: usize, got: usize },
    /// `LOAD_FAST` of a local that was never stored.
    UnboundLocal(usize),
    /// An instruction popped from an empty stack: the code is malformed.
    StackUnderflow,
    /// An int result does not fit in an `i64` (Python ints never overflow; ours are small).
    IntegerOverflow,
    /// The code ran off its end without `RETURN_VALUE`.
    NoReturn,
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::WrongArgCount { expected, got } => {
                write!(f, "expected {expected} arguments, got {got}")
            }
            RunError::UnboundLocal(index) => write!(f, "local {index} is unbound"),
            RunError::StackUnderflow => write!(f, "pop from an empty stack"),
            RunError::IntegerOverflow => write!(f, "int result does not fit in 64 bits"),
            RunError::NoReturn => write!(f, "code ended without RETURN_VALUE"),
        }
    }
}

impl std::error::Error for RunError {}

/// One `BINARY_OP` instruction together with its inline cache: the current form (CPython
/// rewrites the opcode byte in place), the operator (the oparg) and the counter (the `CACHE`
/// unit). `attempts` and `deopts` are statistics for the tests and for you.
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryOpSite {
    pub opcode: Opcode,
    pub oparg: NbOp,
    pub counter: BackoffCounter,
    /// How many times this site tried to specialize (successfully or not).
    pub attempts: u32,
    /// How many times a specialized form's guard failed here.
    pub deopts: u32,
}

impl BinaryOpSite {
    /// A freshly quickened site: generic, with the warmup counter.
    pub fn new(oparg: NbOp) -> Self {
        BinaryOpSite {
            opcode: Opcode::BinaryOp,
            oparg,
            counter: BackoffCounter::warmup(),
            attempts: 0,
            deopts: 0,
        }
    }

    /// Runs this site on two operands (the diagram in the module comment).
    pub fn execute(&mut self, lhs: &Value, rhs: &Value) -> Result<Value, RunError> {
        if let Some(result) = self.run_specialized(lhs, rhs)? {
            return Ok(result);
        }
        if self.opcode != Opcode::BinaryOp {
            self.deopts += 1;
        }
        if self.counter.triggers() {
            self.specialize(lhs, rhs);
            // DISPATCH_SAME_OPARG: run the instruction again in whatever form it now has.
            if let Some(result) = self.run_specialized(lhs, rhs)? {
                return Ok(result);
            }
        }
        self.counter = self.counter.advance();
        binary_op_generic(self.oparg, lhs, rhs)
    }

    /// The specialized form's guard and action; `None` when the site is generic or the guard
    /// failed (a deopt).
    fn run_specialized(&self, lhs: &Value, rhs: &Value) -> Result<Option<Value>, RunError> {
        Ok(match self.opcode {
            Opcode::BinaryOp => None,
            Opcode::BinaryOpAddInt => match guard_both_int(lhs, rhs) {
                Some((left, right)) => Some(binary_op_add_int(left, right)?),
                None => None,
            },
            Opcode::BinaryOpAddFloat => {
                guard_both_float(lhs, rhs).map(|(left, right)| binary_op_add_float(left, right))
            }
            Opcode::BinaryOpMultiplyFloat => guard_both_float(lhs, rhs)
                .map(|(left, right)| binary_op_multiply_float(left, right)),
        })
    }

    /// `_Py_Specialize_BinaryOp`: choose a form for these operands, or back off.
    fn specialize(&mut self, lhs: &Value, rhs: &Value) {
        self.attempts += 1;
        match specialize_binary_op(self.oparg, lhs, rhs) {
            Some(form) => {
                self.opcode = form;
                self.counter = BackoffCounter::cooldown();
            }
            None => {
                self.opcode = Opcode::BinaryOp;
                self.counter = self.counter.restart();
            }
        }
    }
}

/// The generic `BINARY_OP` (`_BINARY_OP`): any mix of int and float. Two ints give an int; a
/// float on either side makes the result a float, as in Python.
pub fn binary_op_generic(op: NbOp, lhs: &Value, rhs: &Value) -> Result<Value, RunError> {
    match (lhs, rhs) {
        (Value::Int(left), Value::Int(right)) => {
            let result = match op {
                NbOp::Add => left.checked_add(*right),
                NbOp::Multiply => left.checked_mul(*right),
            };
            result.map(Value::Int).ok_or(RunError::IntegerOverflow)
        }
        _ => {
            let (left, right) = (lhs.as_f64(), rhs.as_f64());
            Ok(Value::Float(match op {
                NbOp::Add => left + right,
                NbOp::Multiply => left * right,
            }))
        }
    }
}

/// The instructions of the tiny machine. Stack effects are written `(in -- out)`.
#[derive(Debug, Clone, PartialEq)]
pub enum Instruction {
    /// `LOAD_FAST i`: `( -- locals[i])`.
    LoadFast(usize),
    /// `LOAD_CONST`: `( -- value)`.
    LoadConst(Value),
    /// `STORE_FAST i`: `(value -- )`.
    StoreFast(usize),
    /// `BINARY_OP op`, in whichever form the site currently has: `(lhs rhs -- result)`.
    BinaryOp(BinaryOpSite),
    /// `RETURN_VALUE`: `(value -- )`, ends the call.
    ReturnValue,
}

/// A function: straight-line code over `nlocals` locals, the first `nparams` being parameters.
/// Its `BINARY_OP` sites keep their forms and counters across calls, as a code object does.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub nparams: usize,
    pub nlocals: usize,
    pub code: Vec<Instruction>,
}

impl Function {
    pub fn new(nparams: usize, nlocals: usize, code: Vec<Instruction>) -> Self {
        Function {
            nparams,
            nlocals: nlocals.max(nparams),
            code,
        }
    }

    /// Runs the function once on `args`.
    pub fn call(&mut self, args: &[Value]) -> Result<Value, RunError> {
        if args.len() != self.nparams {
            return Err(RunError::WrongArgCount {
                expected: self.nparams,
                got: args.len(),
            });
        }
        let mut locals: Vec<Option<Value>> = vec![None; self.nlocals];
        for (slot, arg) in locals.iter_mut().zip(args) {
            *slot = Some(arg.clone());
        }
        let mut stack: Vec<Value> = Vec::new();
        for instruction in &mut self.code {
            match instruction {
                Instruction::LoadFast(index) => {
                    let value = locals.get(*index).cloned().flatten();
                    stack.push(value.ok_or(RunError::UnboundLocal(*index))?);
                }
                Instruction::LoadConst(value) => stack.push(value.clone()),
                Instruction::StoreFast(index) => {
                    let value = stack.pop().ok_or(RunError::StackUnderflow)?;
                    let slot = locals
                        .get_mut(*index)
                        .ok_or(RunError::UnboundLocal(*index))?;
                    *slot = Some(value);
                }
                Instruction::BinaryOp(site) => {
                    let rhs = stack.pop().ok_or(RunError::StackUnderflow)?;
                    let lhs = stack.pop().ok_or(RunError::StackUnderflow)?;
                    stack.push(site.execute(&lhs, &rhs)?);
                }
                Instruction::ReturnValue => return stack.pop().ok_or(RunError::StackUnderflow),
            }
        }
        Err(RunError::NoReturn)
    }

    /// The `BINARY_OP` sites in code order.
    pub fn binary_op_sites(&self) -> Vec<&BinaryOpSite> {
        self.code
            .iter()
            .filter_map(|instruction| match instruction {
                Instruction::BinaryOp(site) => Some(site),
                _ => None,
            })
            .collect()
    }

    /// A `dis`-like listing with the current forms and counters, one instruction per line.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for instruction in &self.code {
            let _ = match instruction {
                Instruction::LoadFast(index) => writeln!(out, "LOAD_FAST {index}"),
                Instruction::LoadConst(value) => writeln!(out, "LOAD_CONST {value:?}"),
                Instruction::StoreFast(index) => writeln!(out, "STORE_FAST {index}"),
                Instruction::BinaryOp(site) => writeln!(
                    out,
                    "{} {} ({})  counter: {} (value {}, backoff {})",
                    site.opcode.name(),
                    site.oparg as u8,
                    site.oparg.symbol(),
                    site.counter.as_counter,
                    site.counter.value(),
                    site.counter.backoff()
                ),
                Instruction::ReturnValue => writeln!(out, "RETURN_VALUE"),
            };
        }
        out
    }
}
