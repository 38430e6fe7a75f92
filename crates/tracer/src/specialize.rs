//! The specializing adaptive interpreter's decisions (PEP 659, as CPython 3.13 makes them).
//!
//! Lifecycle of one instruction, e.g. `BINARY_OP 0 (+)` in a loop over ints:
//!
//! ```text
//!   quicken:     counter = warmup (value 1, backoff 1)
//!   1st run:     generic BINARY_OP, counter 1 -> 0                       ("deferred")
//!   2nd run:     counter is 0: specialize -> BINARY_OP_ADD_INT, counter = cooldown 52
//!   later runs:  BINARY_OP_ADD_INT = _GUARD_BOTH_INT + _BINARY_OP_ADD_INT  ("hit")
//!   a float:     guard fails -> generic BINARY_OP runs, counter 52 -> 51  ("deopt")
//!   52 deopts:   counter is 0 again: re-specialize (BINARY_OP_ADD_FLOAT if floats now)
//!   no fit:      back to BINARY_OP, counter = 2^(b+1)-1 with backoff b+1 (at most 4095)
//! ```
//!
//! The counter is CPython's 16-bit `_Py_BackoffCounter`: a 12-bit value above a 4-bit
//! backoff exponent, so cooldown (52, 0) reads as 832 in `dis`'s cache view. The per-family
//! rules live in `specialize/`; each returns the chosen form or the failure reason.

pub mod attr;
pub mod counter;
pub mod families;

use std::cell::Cell;

use crate::bytecode::Opcode;
use crate::code::{code_unit, unit_oparg, unit_opcode, CodeObject};
use crate::frame::Frame;
use crate::observe::{Event, Site};
use crate::vm::Vm;

/// The outcome of one specialization attempt.
pub enum Decision {
    /// Rewrite to this form (cache words already written by the family's rule).
    Specialize(Opcode),
    /// No specialized form applies, for this reason (CPython's `SPEC_FAIL_*` in words).
    Fail(&'static str),
}

/// Builds the adaptive copy of `co_code`: counters initialised as `_PyCode_Quicken` does.
/// With `enabled == false` (`--no-specialize`) the code is copied unchanged.
/// `jump_initial` is the `JUMP_BACKWARD` hotness counter (CPython's 16/4; 0 for tier 2's
/// stress mode).
pub fn quicken(code: &CodeObject, enabled: bool, jump_initial: u16) -> Box<[Cell<u16>]> {
    let units: Vec<Cell<u16>> = code.code.iter().map(|&u| Cell::new(u)).collect();
    if !enabled {
        return units.into_boxed_slice();
    }
    let mut i = 0;
    while i < units.len() {
        let op = unit_opcode(units[i].get());
        let caches = op.cache_entries();
        if caches > 0 && i + 1 < units.len() {
            let init = match op {
                Opcode::JUMP_BACKWARD => jump_initial,
                Opcode::POP_JUMP_IF_FALSE
                | Opcode::POP_JUMP_IF_TRUE
                | Opcode::POP_JUMP_IF_NONE
                | Opcode::POP_JUMP_IF_NOT_NONE => counter::BRANCH_HISTORY_INITIAL,
                _ => counter::WARMUP,
            };
            units[i + 1].set(init);
        }
        i += 1 + caches;
    }
    units.into_boxed_slice()
}

impl Vm {
    /// The counter of the instruction at `instr` has reached zero: pick a specialized form
    /// (or fail and back off). The caller then re-executes the instruction.
    pub(crate) fn specialize(&mut self, f: &Frame, instr: usize, oparg: u32) {
        let unit = f.code.units[instr].get();
        let family = unit_opcode(unit).deopt();
        let operands = if self.observer.is_some() {
            families::describe_operands(self, f, family, oparg)
        } else {
            String::new()
        };
        if self.observer.is_some() {
            let site = site(f, instr);
            self.emit(Event::Attempt {
                site,
                family,
                operands: operands.clone(),
            });
        }
        let decision = families::decide(self, f, instr, family, oparg);
        let ctr = &f.code.units[instr + 1];
        match decision {
            Decision::Specialize(form) => {
                f.code.units[instr].set(code_unit(form, unit_oparg(unit)));
                ctr.set(counter::COOLDOWN);
                if self.options.stats {
                    self.stats.family(family).success += 1;
                }
                if self.observer.is_some() {
                    let site = site(f, instr);
                    self.emit(Event::Success {
                        site,
                        family,
                        form,
                        operands,
                        counter: counter::COOLDOWN,
                    });
                }
            }
            Decision::Fail(reason) => {
                f.code.units[instr].set(code_unit(family, unit_oparg(unit)));
                let next = counter::backoff(ctr.get());
                ctr.set(next);
                if self.options.stats {
                    let s = self.stats.family(family);
                    s.failure += 1;
                    *s.failure_kinds.entry(reason.to_string()).or_default() += 1;
                }
                if self.observer.is_some() {
                    let site = site(f, instr);
                    self.emit(Event::Failure {
                        site,
                        family,
                        reason: reason.to_string(),
                        counter: next,
                    });
                }
            }
        }
    }

    /// A specialized instruction's guard failed: count it and tell the observer. The caller
    /// then runs the generic instruction, which ticks the counter down.
    #[inline]
    pub(crate) fn deopt(&mut self, f: &Frame, instr: usize) {
        // Two flag tests inline; the call (and its register saves) only when someone listens.
        // A polymorphic method site deopts often (richards: 730K times).
        if self.options.stats || self.observer.is_some() {
            self.deopt_observed(f, instr);
        }
    }

    #[cold]
    fn deopt_observed(&mut self, f: &Frame, instr: usize) {
        let form = unit_opcode(f.code.units[instr].get());
        if self.options.stats {
            self.stats.family(form.deopt()).deopt += 1;
        }
        if self.observer.is_some() {
            let guard = guard_of(form);
            let operands = families::describe_operands(self, f, form.deopt(), 0);
            let site = site(f, instr);
            self.emit(Event::Deopt {
                site,
                form,
                guard,
                operands,
            });
        }
    }

    /// Instrumented runs: a generic instruction counted down without specializing.
    pub(crate) fn tick(&mut self, f: &Frame, instr: usize, counter: u16) {
        let family = unit_opcode(f.code.units[instr].get()).deopt();
        if self.options.stats {
            self.stats.family(family).deferred += 1;
        }
        if self.observer.is_some() {
            let site = site(f, instr);
            self.emit(Event::Tick {
                site,
                family,
                counter,
            });
        }
    }

    /// Instrumented runs: a specialized instruction of `code` passed its guards.
    pub(crate) fn hit(&mut self, code: Option<&std::rc::Rc<crate::object::RtCode>>, instr: usize) {
        let Some(code) = code else { return };
        let form = unit_opcode(code.units[instr].get());
        if self.options.stats {
            self.stats.family(form.deopt()).hit += 1;
        }
        if self.observer.is_some() {
            let site = Site {
                code_id: code_id(&code.code),
                qualname: code.code.qualname.to_string(),
                index: instr,
                line: code.code.line_at(instr),
            };
            self.emit(Event::Hit { site, form });
        }
    }

    fn emit(&mut self, event: Event) {
        if let Some(o) = self.observer.as_mut() {
            o.event(event);
        }
    }
}

/// The guard uop (CPython's name) of a specialized form, as its uop expansion starts; the
/// name a deopt reports.
pub fn guard_of(form: Opcode) -> &'static str {
    use Opcode as O;
    match form {
        O::BINARY_OP_ADD_INT | O::BINARY_OP_SUBTRACT_INT | O::BINARY_OP_MULTIPLY_INT => {
            "_GUARD_BOTH_INT"
        }
        O::BINARY_OP_ADD_FLOAT | O::BINARY_OP_SUBTRACT_FLOAT | O::BINARY_OP_MULTIPLY_FLOAT => {
            "_GUARD_BOTH_FLOAT"
        }
        O::BINARY_OP_ADD_UNICODE | O::BINARY_OP_INPLACE_ADD_UNICODE => "_GUARD_BOTH_UNICODE",
        O::COMPARE_OP_INT => "_GUARD_BOTH_INT",
        O::COMPARE_OP_FLOAT => "_GUARD_BOTH_FLOAT",
        O::COMPARE_OP_STR => "_GUARD_BOTH_UNICODE",
        O::TO_BOOL_BOOL => "TO_BOOL_BOOL (exact bool)",
        O::TO_BOOL_INT => "TO_BOOL_INT (exact int)",
        O::TO_BOOL_LIST => "TO_BOOL_LIST (exact list)",
        O::TO_BOOL_NONE => "TO_BOOL_NONE (None)",
        O::TO_BOOL_STR => "TO_BOOL_STR (exact str)",
        O::TO_BOOL_ALWAYS_TRUE => "_GUARD_TYPE_VERSION",
        O::BINARY_SUBSCR_LIST_INT => "BINARY_SUBSCR_LIST_INT (list, compact index in range)",
        O::BINARY_SUBSCR_TUPLE_INT => "BINARY_SUBSCR_TUPLE_INT (tuple, compact index in range)",
        O::BINARY_SUBSCR_STR_INT => "BINARY_SUBSCR_STR_INT (str, index in range, ASCII char)",
        O::BINARY_SUBSCR_DICT => "BINARY_SUBSCR_DICT (exact dict)",
        O::BINARY_SUBSCR_GETITEM => "BINARY_SUBSCR_GETITEM (type version)",
        O::STORE_SUBSCR_LIST_INT => "STORE_SUBSCR_LIST_INT (list, index in range)",
        O::STORE_SUBSCR_DICT => "STORE_SUBSCR_DICT (exact dict)",
        O::UNPACK_SEQUENCE_TWO_TUPLE | O::UNPACK_SEQUENCE_TUPLE => {
            "UNPACK_SEQUENCE_TUPLE (tuple of oparg items)"
        }
        O::UNPACK_SEQUENCE_LIST => "UNPACK_SEQUENCE_LIST (list of oparg items)",
        O::FOR_ITER_LIST => "_ITER_CHECK_LIST",
        O::FOR_ITER_TUPLE => "_ITER_CHECK_TUPLE",
        O::FOR_ITER_RANGE => "_ITER_CHECK_RANGE",
        O::FOR_ITER_GEN => "FOR_ITER_GEN (generator not running)",
        O::SEND_GEN => "SEND_GEN (generator neither running nor finished)",
        O::LOAD_GLOBAL_MODULE => "_GUARD_GLOBALS_VERSION",
        O::LOAD_GLOBAL_BUILTIN => "_GUARD_GLOBALS_VERSION / _GUARD_BUILTINS_VERSION",
        O::LOAD_ATTR_INSTANCE_VALUE => "_GUARD_TYPE_VERSION / _CHECK_MANAGED_OBJECT_HAS_VALUES",
        O::LOAD_ATTR_MODULE => "_CHECK_ATTR_MODULE (module keys version)",
        O::LOAD_ATTR_METHOD_WITH_VALUES | O::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES => {
            "_GUARD_TYPE_VERSION / _GUARD_DORV_VALUES_INST_ATTR_FROM_DICT / _GUARD_KEYS_VERSION"
        }
        O::LOAD_ATTR_METHOD_NO_DICT
        | O::LOAD_ATTR_NONDESCRIPTOR_NO_DICT
        | O::LOAD_ATTR_PROPERTY
        | O::STORE_ATTR_SLOT => "_GUARD_TYPE_VERSION",
        O::LOAD_ATTR_SLOT => "_GUARD_TYPE_VERSION / _LOAD_ATTR_SLOT (slot not empty)",
        O::LOAD_ATTR_METHOD_LAZY_DICT => "_GUARD_TYPE_VERSION / _CHECK_ATTR_METHOD_LAZY_DICT",
        O::LOAD_ATTR_WITH_HINT => {
            "_GUARD_TYPE_VERSION / _CHECK_ATTR_WITH_HINT / _LOAD_ATTR_WITH_HINT"
        }
        O::LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN => {
            "_GUARD_TYPE_VERSION / LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN (function version)"
        }
        O::STORE_ATTR_WITH_HINT => "_GUARD_TYPE_VERSION / STORE_ATTR_WITH_HINT (hint)",
        O::LOAD_ATTR_CLASS => "_CHECK_ATTR_CLASS (class version)",
        O::STORE_ATTR_INSTANCE_VALUE => "_GUARD_TYPE_VERSION / _GUARD_DORV_NO_DICT",
        O::CALL_PY_EXACT_ARGS => "_CHECK_FUNCTION_EXACT_ARGS",
        O::CALL_BOUND_METHOD_EXACT_ARGS => "_CHECK_CALL_BOUND_METHOD_EXACT_ARGS",
        O::CALL_PY_GENERAL | O::CALL_BOUND_METHOD_GENERAL => "_CHECK_FUNCTION_VERSION",
        O::CALL_ALLOC_AND_ENTER_INIT => "CALL_ALLOC_AND_ENTER_INIT (type version)",
        O::CALL_NON_PY_GENERAL => "_CHECK_IS_NOT_PY_CALLABLE",
        O::LOAD_SUPER_ATTR_ATTR | O::LOAD_SUPER_ATTR_METHOD => {
            "LOAD_SUPER_ATTR (super is the builtin)"
        }
        _ => "callable kind / calling convention",
    }
}

/// The identity of a code object while it lives: its address, the key `Vm::adaptive_code`
/// also uses. Two code objects may share a qualname (two lambdas in one scope), never this.
pub fn code_id(code: &CodeObject) -> usize {
    code as *const CodeObject as usize
}

/// Where an instruction is, for events.
pub fn site(f: &Frame, instr: usize) -> Site {
    Site {
        code_id: code_id(&f.code.code),
        qualname: f.code.code.qualname.to_string(),
        index: instr,
        line: f.code.code.line_at(instr),
    }
}

/// Reads a 32-bit value stored in two cache units (low half first, like CPython's `read_u32`).
// Always inlined: the generated tier-1 forms are large functions in which LLVM otherwise
// leaves this two-load helper as a call.
#[inline(always)]
pub fn read_u32(units: &[Cell<u16>], at: usize) -> u32 {
    u32::from(units[at].get()) | (u32::from(units[at + 1].get()) << 16)
}

/// Writes a 32-bit value into two cache units.
pub fn write_u32(units: &[Cell<u16>], at: usize, v: u32) {
    units[at].set(v as u16);
    units[at + 1].set((v >> 16) as u16);
}

/// The built-in example of `explain specialize`: an iterative Fibonacci whose loop warms up
/// `FOR_ITER`, `BINARY_OP`, `UNPACK_SEQUENCE`, `LOAD_GLOBAL` and `CALL` (the program of the
/// reference listing `fib_dis.txt`, called twice so that every site gets its second run).
pub const FIB_EXAMPLE: &str = "\
def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

print(fibonacci(10))
print(fibonacci(20))
";
