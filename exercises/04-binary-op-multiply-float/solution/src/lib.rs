//! Exercise 04: teach a tiny adaptive interpreter `BINARY_OP_MULTIPLY_FLOAT`.
//!
//! CPython 3.13 rewrites a generic `BINARY_OP` into a specialized form once it has seen what
//! the operands are. Each specialized form is a *guard* followed by an *action* (two micro-ops,
//! "uops"):
//!
//! ```text
//!   BINARY_OP_ADD_INT        = _GUARD_BOTH_INT   + _BINARY_OP_ADD_INT
//!   BINARY_OP_ADD_FLOAT      = _GUARD_BOTH_FLOAT + _BINARY_OP_ADD_FLOAT
//!   BINARY_OP_MULTIPLY_FLOAT = _GUARD_BOTH_FLOAT + _BINARY_OP_MULTIPLY_FLOAT   <- you
//! ```
//!
//! The guard checks the assumption the form was chosen for (both operands are exact floats);
//! if it fails, the instruction *deopts*: it runs the generic code instead, which also counts
//! down the adaptive counter. The action does the work with no checks at all.
//!
//! This file holds the values, the opcodes, the uops and the specialization decision;
//! `interp.rs` holds the machine that runs them and `counter.rs` the counter of exercise 03.
//! Write the three pieces marked `todo!()`: [`guard_both_float`], [`binary_op_multiply_float`]
//! and the `Multiply` arm of [`specialize_binary_op`].

mod counter;
mod interp;

pub use counter::BackoffCounter;
pub use interp::{binary_op_generic, BinaryOpSite, Function, Instruction, RunError};

/// A Python value of the tiny machine: an int (small enough for an `i64`) or a float.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Float(f64),
}

impl Value {
    /// The value as a float, the way Python converts an int operand in `int * float`.
    pub fn as_f64(&self) -> f64 {
        match self {
            Value::Int(int) => *int as f64,
            Value::Float(float) => *float,
        }
    }
}

/// The operator of a `BINARY_OP`, its oparg. The numbers are CPython's `NB_ADD` and
/// `NB_MULTIPLY` (what `dis` shows as `BINARY_OP 0 (+)` and `BINARY_OP 5 (*)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NbOp {
    Add = 0,
    Multiply = 5,
}

impl NbOp {
    /// The operator as `dis` prints it in parentheses.
    pub fn symbol(self) -> &'static str {
        match self {
            NbOp::Add => "+",
            NbOp::Multiply => "*",
        }
    }
}

/// The forms of the `BINARY_OP` family this machine knows: the generic head and three of
/// CPython's specialized forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opcode {
    /// `BINARY_OP`: any operands; counts the adaptive counter down.
    BinaryOp,
    /// `BINARY_OP_ADD_INT`: `_GUARD_BOTH_INT` + `_BINARY_OP_ADD_INT`.
    BinaryOpAddInt,
    /// `BINARY_OP_ADD_FLOAT`: `_GUARD_BOTH_FLOAT` + `_BINARY_OP_ADD_FLOAT`.
    BinaryOpAddFloat,
    /// `BINARY_OP_MULTIPLY_FLOAT`: `_GUARD_BOTH_FLOAT` + `_BINARY_OP_MULTIPLY_FLOAT`.
    BinaryOpMultiplyFloat,
}

impl Opcode {
    /// CPython's name for the form, as `dis` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Opcode::BinaryOp => "BINARY_OP",
            Opcode::BinaryOpAddInt => "BINARY_OP_ADD_INT",
            Opcode::BinaryOpAddFloat => "BINARY_OP_ADD_FLOAT",
            Opcode::BinaryOpMultiplyFloat => "BINARY_OP_MULTIPLY_FLOAT",
        }
    }
}

// ---- worked example: the int guard and the int action ------------------------------------

/// `_GUARD_BOTH_INT`: both operands are ints. `None` means the guard failed: deopt.
///
/// CPython's guard only checks the types and leaves the values on the stack; returning the
/// unboxed values as well is how Rust lets the action rely on what the guard checked.
pub fn guard_both_int(lhs: &Value, rhs: &Value) -> Option<(i64, i64)> {
    match (lhs, rhs) {
        (Value::Int(left), Value::Int(right)) => Some((*left, *right)),
        _ => None,
    }
}

/// `_BINARY_OP_ADD_INT`: `(left right -- left + right)`, no type checks (the guard did them).
/// Python ints cannot overflow; an `i64` can, and that is reported, not wrapped.
pub fn binary_op_add_int(left: i64, right: i64) -> Result<Value, RunError> {
    left.checked_add(right)
        .map(Value::Int)
        .ok_or(RunError::IntegerOverflow)
}

// ---- the float forms ----------------------------------------------------------------------

/// `_GUARD_BOTH_FLOAT`: both operands are floats (an int is *not* good enough: the form was
/// chosen for floats, and `int * float` must take the generic path). `None` means deopt.
pub fn guard_both_float(lhs: &Value, rhs: &Value) -> Option<(f64, f64)> {
    match (lhs, rhs) {
        (Value::Float(left), Value::Float(right)) => Some((*left, *right)),
        _ => None,
    }
}

/// `_BINARY_OP_ADD_FLOAT`: `(left right -- left + right)`.
pub fn binary_op_add_float(left: f64, right: f64) -> Value {
    Value::Float(left + right)
}

/// `_BINARY_OP_MULTIPLY_FLOAT`: `(left right -- left * right)`.
pub fn binary_op_multiply_float(left: f64, right: f64) -> Value {
    Value::Float(left * right)
}

// ---- the decision -------------------------------------------------------------------------

/// `_Py_Specialize_BinaryOp`: the specialized form for this operator and these operands, or
/// `None` when no form fits (then the site stays generic and backs off). As in CPython, a form
/// is only chosen when both operands have exactly the type it guards for.
pub fn specialize_binary_op(op: NbOp, lhs: &Value, rhs: &Value) -> Option<Opcode> {
    match (op, lhs, rhs) {
        (NbOp::Add, Value::Int(_), Value::Int(_)) => Some(Opcode::BinaryOpAddInt),
        (NbOp::Add, Value::Float(_), Value::Float(_)) => Some(Opcode::BinaryOpAddFloat),
        (NbOp::Multiply, Value::Float(_), Value::Float(_)) => Some(Opcode::BinaryOpMultiplyFloat),
        // No BINARY_OP_MULTIPLY_INT here (CPython has one): int * int stays generic.
        _ => None,
    }
}
