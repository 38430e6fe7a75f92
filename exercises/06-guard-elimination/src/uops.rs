//! The uops of this exercise, the values they can carry, and the trace instruction type.
//!
//! Everything here is given. The table lists the uops the tests' traces contain, with CPython
//! 3.13's stack effects written `(popped, pushed, kept)`: `kept` inputs stay on the stack
//! untouched (a guard `(left, right -- left, right)` is `(2, 2, 2)`), which is what the
//! optimizer's default handler needs to know.

use std::fmt;

/// The Python values the exercise's constants can be.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Tuple(Vec<Value>),
}

/// The exact type of a value (what `Py_TYPE(v)` would be).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PyType {
    NoneType,
    Bool,
    Int,
    Float,
    Tuple,
}

/// Python's `repr`: `None`, `True`, `1`, `1.5`, `(0, 1)`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 => write!(f, "{x:.1}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Tuple(items) => {
                let items: Vec<String> = items.iter().map(Value::to_string).collect();
                match items.len() {
                    1 => write!(f, "({},)", items[0]),
                    _ => write!(f, "({})", items.join(", ")),
                }
            }
        }
    }
}

impl Value {
    /// The value's exact type.
    pub fn py_type(&self) -> PyType {
        match self {
            Value::None => PyType::NoneType,
            Value::Bool(_) => PyType::Bool,
            Value::Int(_) => PyType::Int,
            Value::Float(_) => PyType::Float,
            Value::Tuple(_) => PyType::Tuple,
        }
    }
}

/// `_Py_IsImmortal` for these values: `None`, `True`, `False`, the small ints CPython keeps
/// preallocated (-5 to 256) and the empty tuple live forever, so a trace can use them without
/// counting references (the `_BORROW` forms). Everything else is a new object somewhere and
/// must be reference-counted.
pub fn is_immortal(value: &Value) -> bool {
    match value {
        Value::None | Value::Bool(_) => true,
        Value::Int(i) => (-5..=256).contains(i),
        Value::Float(_) => false,
        Value::Tuple(items) => items.is_empty(),
    }
}

macro_rules! uops {
    ($( $(#[doc = $doc:literal])* $name:ident = ($popped:expr, $pushed:expr, $kept:expr); )*) => {
        /// A CPython 3.13 micro-op, named as CPython names it.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Uop {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Uop {
            /// Every uop of the table.
            pub const ALL: &'static [Uop] = &[$(Uop::$name),*];

            /// CPython's name (`_GUARD_BOTH_INT`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Uop::$name => stringify!($name),)*
                }
            }

            /// `(popped, pushed, kept)`: inputs, outputs, and how many of the inputs are
            /// outputs again unchanged (the bottom ones).
            pub fn stack_effect(self) -> (usize, usize, usize) {
                match self {
                    $(Uop::$name => ($popped, $pushed, $kept),)*
                }
            }
        }
    };
}

uops! {
    /// `( -- )` Nothing: what the optimizer leaves where it removed a uop.
    _NOP = (0, 0, 0);
    /// `( -- )` The first uop of every trace.
    _START_EXECUTOR = (0, 0, 0);
    /// `( -- )` Tier 2's `RESUME_CHECK` at the top of a loop trace.
    _TIER2_RESUME_CHECK = (0, 0, 0);
    /// `( -- )` Before every instruction: deopt if invalidated, record the instruction.
    _CHECK_VALIDITY_AND_SET_IP = (0, 0, 0);
    /// `( -- )` The `_SET_IP` half of it.
    _SET_IP = (0, 0, 0);
    /// `( -- )` The `_CHECK_VALIDITY` half of it.
    _CHECK_VALIDITY = (0, 0, 0);
    /// `( -- value)` Push local `oparg`.
    _LOAD_FAST = (0, 1, 0);
    /// `(value -- )` Store into local `oparg`.
    _STORE_FAST = (1, 0, 0);
    /// `(value -- )` Drop the top of the stack.
    _POP_TOP = (1, 0, 0);
    /// `( -- value)` Push `co_consts[oparg]`.
    _LOAD_CONST = (0, 1, 0);
    /// `( -- value)` Push the constant in the operand (reference-counted).
    _LOAD_CONST_INLINE = (0, 1, 0);
    /// `( -- value)` Push the immortal constant in the operand (no reference count).
    _LOAD_CONST_INLINE_BORROW = (0, 1, 0);
    /// `(left, right -- left, right)` Exit unless both are ints.
    _GUARD_BOTH_INT = (2, 2, 2);
    /// `(left, unused -- left, unused)` Exit unless the second item is an int.
    _GUARD_NOS_INT = (2, 2, 2);
    /// `(value -- value)` Exit unless the top is an int.
    _GUARD_TOS_INT = (1, 1, 1);
    /// `(left, right -- res)` `left + right` on ints.
    _BINARY_OP_ADD_INT = (2, 1, 0);
    /// `(left, right -- res)` `left - right` on ints.
    _BINARY_OP_SUBTRACT_INT = (2, 1, 0);
    /// `(left, right -- res)` `left * right` on ints.
    _BINARY_OP_MULTIPLY_INT = (2, 1, 0);
    /// `(left, right -- res)` Any binary operator, generic.
    _BINARY_OP = (2, 1, 0);
    /// `(left, right -- res)` Compare two ints: a bool.
    _COMPARE_OP_INT = (2, 1, 0);
    /// `(value -- res)` `bool(value)` for an int; exit unless an int.
    _TO_BOOL_INT = (1, 1, 0);
    /// `(flag -- )` Exit unless the flag is True.
    _GUARD_IS_TRUE_POP = (1, 0, 0);
    /// `(flag -- )` Exit unless the flag is False.
    _GUARD_IS_FALSE_POP = (1, 0, 0);
    /// `(iter -- iter)` Exit unless a range iterator.
    _ITER_CHECK_RANGE = (1, 1, 1);
    /// `(iter -- iter)` Exit (past the loop) when the range is exhausted.
    _GUARD_NOT_EXHAUSTED_RANGE = (1, 1, 1);
    /// `(iter -- iter, next)` The next int of the range.
    _ITER_NEXT_RANGE = (1, 2, 1);
    /// `( -- )` Back to the first uop: the loop closed.
    _JUMP_TO_TOP = (0, 0, 0);
    /// `( -- )` Leave the trace (projection stopped here).
    _EXIT_TRACE = (0, 0, 0);
}

impl Uop {
    /// The uop called `name`, if the table has it.
    pub fn from_name(name: &str) -> Option<Uop> {
        Uop::ALL.iter().copied().find(|u| u.name() == name)
    }
}

/// One uop of a trace (CPython's `_PyUOpInstruction`, with the operand as a value).
#[derive(Clone, Debug, PartialEq)]
pub struct UopInst {
    pub uop: Uop,
    pub oparg: u32,
    /// The object the operand points at, for `_LOAD_CONST_INLINE[_BORROW]`.
    pub operand: Option<Value>,
    /// The tier-1 instruction (code-unit index) the uop was projected from.
    pub target: u32,
}

impl UopInst {
    pub fn new(uop: Uop, oparg: u32, target: u32) -> UopInst {
        UopInst {
            uop,
            oparg,
            operand: None,
            target,
        }
    }

    /// CPython's `REPLACE_OP`: the uop becomes another one, with a new oparg and operand
    /// (the target stays).
    pub fn replace(&mut self, uop: Uop, oparg: u32, operand: Option<Value>) {
        self.uop = uop;
        self.oparg = oparg;
        self.operand = operand;
    }
}

/// `_GUARD_NOS_INT (0)`, `_LOAD_CONST_INLINE_BORROW (0, 1)`: name, oparg, and the operand's
/// value when there is one.
impl fmt::Display for UopInst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}", self.uop.name(), self.oparg)?;
        if let Some(v) = &self.operand {
            write!(f, ", {v}")?;
        }
        write!(f, ")")
    }
}

/// What the optimizer needs of the code object the trace runs in.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// `co_consts`.
    pub consts: Vec<Value>,
    /// `co_nlocals`: the fast locals.
    pub nlocals: usize,
}
