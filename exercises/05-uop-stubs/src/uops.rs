//! The uops this exercise meets, and the instruction type a trace is made of.
//!
//! Everything here is given. The table lists only the uops the tests use, each with CPython
//! 3.13.0's flags (the four bits `prepare_for_execution` reads, from
//! `Include/internal/pycore_uop_metadata.h`) and how many stack items it takes as inputs
//! (`_PyUop_num_popped`), which is how many an error stub must pop.

use std::fmt;

/// `HAS_DEOPT_FLAG`: a guard that goes back to tier 1 for good when it fails (`DEOPT_IF`).
pub const DEOPT: u16 = 128;
/// `HAS_ERROR_FLAG`: the uop can raise an exception.
pub const ERROR: u16 = 256;
/// `HAS_EXIT_FLAG`: a guard whose failure is a *side exit* (`EXIT_IF`), which can grow a
/// side trace once it gets hot.
pub const EXIT: u16 = 1024;
/// `HAS_ERROR_NO_POP_FLAG`: when it raises, its inputs are already gone from the stack (or
/// were never there), so the error stub pops nothing.
pub const ERROR_NO_POP: u16 = 16384;

/// How many stack inputs a uop has, as a function of its oparg.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Popped {
    Fixed(u32),
    /// `oparg` plus this many (`_ERROR_POP_N` pops `oparg`).
    OpargPlus(u32),
}

macro_rules! uops {
    ($( $(#[doc = $doc:literal])* $name:ident = $flags:expr, $popped:expr; )*) => {
        /// A CPython 3.13 micro-op, named as CPython names it.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Uop {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Uop {
            /// Every uop of the table, in table order.
            pub const ALL: &'static [Uop] = &[$(Uop::$name),*];

            /// CPython's name (`_GUARD_BOTH_INT`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Uop::$name => stringify!($name),)*
                }
            }

            /// The `HAS_*_FLAG` bits: [`DEOPT`], [`ERROR`], [`EXIT`], [`ERROR_NO_POP`].
            pub fn flags(self) -> u16 {
                match self {
                    $(Uop::$name => $flags,)*
                }
            }

            fn popped_rule(self) -> Popped {
                match self {
                    $(Uop::$name => $popped,)*
                }
            }
        }
    };
}

use Popped::{Fixed, OpargPlus};

uops! {
    /// `( -- )` Nothing: what the optimizer leaves where it removed a uop.
    _NOP = 0, Fixed(0);
    /// `( -- )` The first uop of every executor; deopts if the executor is not valid.
    _START_EXECUTOR = DEOPT, Fixed(0);
    /// `( -- )` Deopt if the eval breaker is set or the code was instrumented.
    _TIER2_RESUME_CHECK = DEOPT, Fixed(0);
    /// `( -- )` Record the tier-1 instruction pointer (for tracebacks, exits).
    _SET_IP = 0, Fixed(0);
    /// `( -- )` Deopt if the executor was invalidated.
    _CHECK_VALIDITY = DEOPT, Fixed(0);
    /// `( -- )` Both of the above: projection puts one before every instruction.
    _CHECK_VALIDITY_AND_SET_IP = DEOPT, Fixed(0);
    /// `( -- value)` Push local `oparg`.
    _LOAD_FAST = 0, Fixed(0);
    _LOAD_FAST_0 = 0, Fixed(0);
    _LOAD_FAST_1 = 0, Fixed(0);
    _LOAD_FAST_2 = 0, Fixed(0);
    _LOAD_FAST_3 = 0, Fixed(0);
    _LOAD_FAST_4 = 0, Fixed(0);
    _LOAD_FAST_5 = 0, Fixed(0);
    _LOAD_FAST_6 = 0, Fixed(0);
    _LOAD_FAST_7 = 0, Fixed(0);
    /// `(value -- )` Store into local `oparg`.
    _STORE_FAST = 0, Fixed(1);
    _STORE_FAST_0 = 0, Fixed(1);
    _STORE_FAST_1 = 0, Fixed(1);
    _STORE_FAST_2 = 0, Fixed(1);
    _STORE_FAST_3 = 0, Fixed(1);
    _STORE_FAST_4 = 0, Fixed(1);
    _STORE_FAST_5 = 0, Fixed(1);
    _STORE_FAST_6 = 0, Fixed(1);
    _STORE_FAST_7 = 0, Fixed(1);
    /// `( -- value)` Push the immortal constant in the operand.
    _LOAD_CONST_INLINE_BORROW = 0, Fixed(0);
    /// `(value -- )` Drop the top of the stack.
    _POP_TOP = 0, Fixed(1);
    /// `(iter -- iter)` Exit unless a range iterator.
    _ITER_CHECK_RANGE = EXIT, Fixed(1);
    /// `(iter -- iter)` Exit (past the loop) when the range is exhausted.
    _GUARD_NOT_EXHAUSTED_RANGE = EXIT, Fixed(1);
    /// `(iter -- iter, next)` The next int of the range (can raise: a new int object).
    _ITER_NEXT_RANGE = ERROR, Fixed(1);
    /// `(iter -- iter)` Exit unless a list iterator.
    _ITER_CHECK_LIST = EXIT, Fixed(1);
    /// `(iter -- iter)` Exit (past the loop) when the list iterator is exhausted.
    _GUARD_NOT_EXHAUSTED_LIST = EXIT, Fixed(1);
    /// `(iter -- iter, next)` The list iterator's next item.
    _ITER_NEXT_LIST = 0, Fixed(1);
    /// `(iter -- iter)` Exit (past the loop) when the tuple iterator is exhausted.
    _GUARD_NOT_EXHAUSTED_TUPLE = EXIT, Fixed(1);
    /// `(iter -- iter, next)` Generic `FOR_ITER` in a trace: deopt (past the loop) when the
    /// iterator is exhausted; an error leaves nothing to pop.
    _FOR_ITER_TIER_TWO = DEOPT | ERROR | ERROR_NO_POP, Fixed(1);
    /// `(left, right -- left, right)` Exit unless both are ints.
    _GUARD_BOTH_INT = EXIT, Fixed(2);
    /// `(left, unused -- left, unused)` Exit unless the second item is an int.
    _GUARD_NOS_INT = EXIT, Fixed(2);
    /// `(value -- value)` Exit unless the top is an int.
    _GUARD_TOS_INT = EXIT, Fixed(1);
    /// `(left, right -- res)` `left + right` on ints (can raise: out of memory).
    _BINARY_OP_ADD_INT = ERROR, Fixed(2);
    /// `(left, right -- res)` `left - right` on ints.
    _BINARY_OP_SUBTRACT_INT = ERROR, Fixed(2);
    /// `(left, right -- res)` `left * right` on ints.
    _BINARY_OP_MULTIPLY_INT = ERROR, Fixed(2);
    /// `(left, right -- res)` Any binary operator, generic.
    _BINARY_OP = ERROR, Fixed(2);
    /// `(left, right -- res)` Compare two ints; deopt unless both are compact.
    _COMPARE_OP_INT = DEOPT, Fixed(2);
    /// `(flag -- )` Exit unless the flag is True.
    _GUARD_IS_TRUE_POP = EXIT, Fixed(1);
    /// `(flag -- )` Exit unless the flag is False.
    _GUARD_IS_FALSE_POP = EXIT, Fixed(1);
    /// `(seq -- val1, val0)` Unpack a 2-tuple; deopt unless it is one.
    _UNPACK_SEQUENCE_TWO_TUPLE = DEOPT, Fixed(1);
    /// `(v -- )` `name = v` in the module's namespace.
    _STORE_NAME = ERROR, Fixed(1);
    /// `( -- )` Back to the first uop: the loop closed.
    _JUMP_TO_TOP = 0, Fixed(0);
    /// `( -- )` Leave the trace through a side exit.
    _EXIT_TRACE = 0, Fixed(0);
    /// `( -- )` Leave the trace to tier 1 at `target`, for good.
    _DEOPT = 0, Fixed(0);
    /// `(unused[oparg] -- )` Pop `oparg` items and raise at instruction `operand`.
    _ERROR_POP_N = 0, OpargPlus(0);
}

impl Uop {
    /// How many stack items the uop takes as inputs (`_PyUop_num_popped`).
    pub fn popped(self, oparg: u32) -> u32 {
        match self.popped_rule() {
            Fixed(n) => n,
            OpargPlus(n) => oparg + n,
        }
    }

    /// The uop called `name`, if the table has it.
    pub fn from_name(name: &str) -> Option<Uop> {
        Uop::ALL.iter().copied().find(|u| u.name() == name)
    }

    /// True when the uop has any of the `flags` bits.
    pub fn has(self, flags: u16) -> bool {
        self.flags() & flags != 0
    }
}

/// How the 32 bits after the oparg are read (CPython's `UOP_FORMAT_*`). In CPython they are
/// one union; here each meaning has its own field and `format` says which one counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `target`: the tier-1 instruction this uop belongs to (a code-unit index).
    Target,
    /// `jump_target` (index of the guard's stub) and `error_target` (index of the error stub).
    Jump,
    /// `exit_index`: which of the executor's side exits an `_EXIT_TRACE` stub takes.
    Exit,
}

/// One uop of a trace (CPython's `_PyUOpInstruction`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UopInst {
    pub uop: Uop,
    pub oparg: u32,
    /// A cache entry, a constant or an address; for `_ERROR_POP_N`, the instruction to raise
    /// at.
    pub operand: u64,
    pub format: Format,
    /// The tier-1 instruction (code-unit index) this uop was projected from. Read it before
    /// the uop changes format: it is what its stubs send tier 1 back to.
    pub target: u32,
    /// With [`Format::Jump`]: index (in the final buffer) of the stub a failing guard jumps to.
    pub jump_target: u16,
    /// With [`Format::Jump`]: index of the `_ERROR_POP_N` stub an exception goes through.
    pub error_target: u16,
    /// With [`Format::Exit`]: the side exit an `_EXIT_TRACE` takes.
    pub exit_index: u16,
}

impl UopInst {
    /// A uop as projection and the optimizer leave it: format `Target`, nothing else set.
    pub fn new(uop: Uop, oparg: u32, target: u32) -> UopInst {
        UopInst {
            uop,
            oparg,
            operand: 0,
            format: Format::Target,
            target,
            jump_target: 0,
            error_target: 0,
            exit_index: 0,
        }
    }

    /// The same uop with an operand.
    pub fn with_operand(mut self, operand: u64) -> UopInst {
        self.operand = operand;
        self
    }

    /// `make_exit`: a stub uop (`_DEOPT`, `_EXIT_TRACE`, `_ERROR_POP_N`) with oparg 0,
    /// operand 0 and this target.
    pub fn stub(uop: Uop, target: u32) -> UopInst {
        UopInst::new(uop, 0, target)
    }

    /// The 32-bit field as CPython stores it (its union): `target`, or
    /// `jump_target | error_target << 16`, or `exit_index`. The `target` of
    /// `_opcode.get_executor(...)`'s uops in `NAME.executors.json` is this number.
    pub fn raw_target(&self) -> u32 {
        match self.format {
            Format::Target => self.target,
            Format::Jump => u32::from(self.jump_target) | u32::from(self.error_target) << 16,
            Format::Exit => u32::from(self.exit_index),
        }
    }
}

/// CPython's `_PyUOpPrint`: `_GUARD_BOTH_INT (0, jump_target=18, operand=0)`, with
/// `error_target` for uops that can raise. The lines of `PYTHON_LLTRACE=2` logs.
impl fmt::Display for UopInst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, ", self.uop.name(), self.oparg)?;
        match self.format {
            Format::Target => write!(f, "target={}", self.target)?,
            Format::Jump => write!(f, "jump_target={}", self.jump_target)?,
            Format::Exit => write!(f, "exit_index={}", self.exit_index)?,
        }
        // C's `%#x` prints 0 without the 0x.
        if self.operand == 0 {
            write!(f, ", operand=0")?;
        } else {
            write!(f, ", operand={:#x}", self.operand)?;
        }
        if self.uop.has(ERROR) {
            write!(f, ", error_target={}", self.error_target)?;
        }
        write!(f, ")")
    }
}
