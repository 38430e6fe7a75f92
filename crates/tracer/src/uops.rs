//! Micro-ops ("uops"): the small steps CPython 3.13 splits every instruction into, and the one
//! table that describes them.
//!
//! A specialized instruction is already a guard followed by an action; tier 2 makes that split
//! explicit. `BINARY_OP_ADD_INT` is two uops, `LOAD_ATTR_INSTANCE_VALUE` three:
//!
//! ```text
//!   instruction                   uops (CPython 3.13 names)
//!   BINARY_OP_ADD_INT             _GUARD_BOTH_INT            (left right -- left right) exit
//!                                 _BINARY_OP_ADD_INT         (left right -- res)        error
//!   LOAD_ATTR_INSTANCE_VALUE      _GUARD_TYPE_VERSION        (owner -- owner)           exit
//!                                 _CHECK_MANAGED_OBJECT_HAS_VALUES                      deopt
//!                                 _LOAD_ATTR_INSTANCE_VALUE  (owner -- attr, null?)     deopt
//! ```
//!
//! Everything about a uop lives in one place, [`table`]: its name, stack effect, flags (does it
//! guard with a side *exit* or a *deopt*, can it raise, can it *escape* into arbitrary code),
//! its replicated forms (`_LOAD_FAST_0` .. `_LOAD_FAST_7`), the function that runs it and the
//! optimizer's abstract handler. [`expansion`] says which uops each instruction is made of.
//! From those two tables come the tier-1 specialized instructions (run as their uops in a row),
//! the tier-2 projection, the uop interpreter's dispatch and the optimizer's dispatch; nothing
//! about a uop is written twice.
//!
//! A uop in a trace is a [`UopInst`]: the uop, its oparg, where it returns to tier 1
//! (`target`, later `jump_target` / `exit_index` / `error_target`) and an operand (a cache
//! value, an object, an instruction pointer), printed as CPython's `PYTHON_LLTRACE` prints it:
//! `_GUARD_BOTH_INT (0, jump_target=18, operand=0)`.

pub mod expansion;
pub mod table;

use std::fmt;

use crate::value::Value;

pub use expansion::{expansion, OperandSrc, Part};
pub use table::{Uop, UopMeta};

/// `HAS_*_FLAG` bits of a uop, with CPython's values (pycore_opcode_metadata.h).
pub mod flags {
    /// The oparg means something.
    pub const ARG: u16 = 1;
    /// The oparg indexes `co_consts`.
    pub const CONST: u16 = 2;
    /// The oparg indexes `co_names`.
    pub const NAME: u16 = 4;
    /// The uop jumps (tier 1 only).
    pub const JUMP: u16 = 8;
    /// The oparg indexes cell or free variables.
    pub const FREE: u16 = 16;
    /// The oparg indexes the fast locals.
    pub const LOCAL: u16 = 32;
    /// The uop checks the eval breaker.
    pub const EVAL_BREAK: u16 = 64;
    /// A guard that returns to tier 1 at the instruction (`DEOPT_IF`).
    pub const DEOPT: u16 = 128;
    /// The uop can raise.
    pub const ERROR: u16 = 256;
    /// The uop can run arbitrary code (a decref, a call): executors may be invalidated.
    pub const ESCAPES: u16 = 512;
    /// A guard whose failure is a side exit with a temperature (`EXIT_IF`).
    pub const EXIT: u16 = 1024;
    /// No side effects: the optimizer may drop it.
    pub const PURE: u16 = 2048;
    /// Replicated by `oparg & 1` (`_LOAD_ATTR_SLOT_0`/`_1`).
    pub const OPARG_AND_1: u16 = 8192;
    /// An error does not pop the inputs (`_ERROR_POP_N 0`).
    pub const ERROR_NO_POP: u16 = 16384;
}

/// How the 32 bits after the oparg are read (CPython's `UOP_FORMAT_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `target`: the tier-1 instruction this uop belongs to (code-unit index).
    Target,
    /// `exit_index`: which side exit of the executor an `_EXIT_TRACE` stub takes.
    Exit,
    /// `jump_target` (the stub of a guard) and `error_target` (the stub of an error).
    Jump,
}

/// A uop's operand: CPython keeps a 64-bit word; here an object stays an object.
#[derive(Clone, Default)]
pub enum Operand {
    /// A number from an inline cache (a version, an index, a frame size), or nothing (0).
    #[default]
    Zero,
    Int(u64),
    /// An object the uop uses (a constant, a method, a function): an address in CPython.
    Obj(Value),
    /// An instruction pointer (`_SET_IP`): code-unit index into the current code object.
    Ip(u32),
    /// The executor itself (`_START_EXECUTOR`).
    Executor,
}

impl Operand {
    /// The numeric value (0 for objects).
    #[inline]
    pub fn int(&self) -> u64 {
        match self {
            Operand::Int(i) => *i,
            Operand::Ip(i) => u64::from(*i),
            _ => 0,
        }
    }

    /// The object, if the operand is one.
    #[inline]
    pub fn object(&self) -> Option<&Value> {
        match self {
            Operand::Obj(v) => Some(v),
            _ => None,
        }
    }

    /// True when CPython would print an address (`0xADDR` in the references).
    pub fn is_address(&self) -> bool {
        matches!(self, Operand::Obj(_) | Operand::Ip(_) | Operand::Executor)
    }
}

impl fmt::Display for Operand {
    /// `%#x` for numbers (`0`, `0x10`), `0xADDR` for addresses.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Zero | Operand::Int(0) => write!(f, "0"),
            Operand::Int(i) => write!(f, "{i:#x}"),
            _ => write!(f, "0xADDR"),
        }
    }
}

/// One uop of a trace (CPython's `_PyUOpInstruction`).
#[derive(Clone)]
pub struct UopInst {
    pub uop: Uop,
    pub format: Format,
    pub oparg: u32,
    /// `Format::Target`: the code-unit index of the tier-1 instruction.
    pub target: u32,
    /// `Format::Jump`: index of this guard's stub.
    pub jump_target: u16,
    /// `Format::Exit`: index into the executor's exits.
    pub exit_index: u16,
    /// Index of the error stub, for uops with `flags::ERROR`.
    pub error_target: u16,
    pub operand: Operand,
}

impl UopInst {
    /// A uop as projection adds it (`add_to_trace`).
    pub fn new(uop: Uop, oparg: u32, operand: Operand, target: u32) -> UopInst {
        UopInst {
            uop,
            format: Format::Target,
            oparg,
            target,
            jump_target: 0,
            exit_index: 0,
            error_target: 0,
            operand,
        }
    }

    /// The uop's flags.
    #[inline]
    pub fn flags(&self) -> u16 {
        self.uop.meta().flags
    }

    /// CPython's raw 32-bit field after the oparg: the target, or `jump_target` /
    /// `exit_index` in the low half with `error_target` in the high half (what iterating an
    /// executor from Python shows).
    pub fn raw_target(&self) -> u32 {
        match self.format {
            Format::Target => self.target,
            Format::Jump => u32::from(self.jump_target) | (u32::from(self.error_target) << 16),
            Format::Exit => u32::from(self.exit_index) | (u32::from(self.error_target) << 16),
        }
    }
}

impl fmt::Display for UopInst {
    /// `NAME (oparg, target=N | jump_target=N | exit_index=N, operand=X[, error_target=N])`,
    /// as `_PyUOpPrint` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, ", self.uop.name(), self.oparg)?;
        match self.format {
            Format::Target => write!(f, "target={}", self.target)?,
            Format::Jump => write!(f, "jump_target={}", self.jump_target)?,
            Format::Exit => write!(f, "exit_index={}", self.exit_index)?,
        }
        write!(f, ", operand={}", self.operand)?;
        if self.flags() & flags::ERROR != 0 {
            write!(f, ", error_target={}", self.error_target)?;
        }
        write!(f, ")")
    }
}

impl fmt::Debug for UopInst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// What a uop function receives besides the VM and the frame: the oparg and operand of the
/// uop (tier 2), or of the instruction and its inline cache (tier 1).
#[derive(Clone, Copy)]
pub struct Args<'a> {
    pub oparg: u32,
    pub operand: u64,
    pub object: Option<&'a Value>,
}

impl<'a> Args<'a> {
    /// Arguments with only an oparg.
    #[inline(always)]
    pub fn oparg(oparg: u32) -> Args<'a> {
        Args {
            oparg,
            operand: 0,
            object: None,
        }
    }

    /// The object operand, or NULL.
    #[inline(always)]
    pub fn object(&self) -> Value {
        // A `match`: `unwrap_or` would build and drop a NULL (see `Frame::pop`).
        match self.object {
            Some(v) => v.clone(),
            None => Value::Null,
        }
    }
}

/// How a uop function ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Go on with the next uop.
    Continue,
    /// A guard failed before anything changed: tier 1 runs the generic instruction; tier 2
    /// takes the uop's exit or deopt.
    Deopt,
    /// The uop moved `f.pc` or switched frames (`_ITER_JUMP_*`, `_PUSH_FRAME`): the rest of
    /// the instruction must not run and tier 1 must not skip the inline cache.
    Jumped,
}
