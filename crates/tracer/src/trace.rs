//! Projection: turning a hot loop's specialized bytecode into a micro-op trace (CPython 3.13's
//! `translate_bytecode_to_trace`).
//!
//! Starting at a hot `JUMP_BACKWARD` (or a hot side exit), projection walks the instructions
//! the code is *likely* to run next, reading what tier 1 learned: the specialized form of each
//! instruction, its inline cache, the history bits of each branch. Each instruction becomes a
//! `_CHECK_VALIDITY_AND_SET_IP` and the uops of its expansion; a loop that comes back to its
//! start closes with `_JUMP_TO_TOP`. For the iterative Fibonacci:
//!
//! ```text
//!   24: JUMP_BACKWARD(10)     _START_EXECUTOR  _CHECK_VALIDITY_AND_SET_IP  _TIER2_RESUME_CHECK
//!   16: FOR_ITER_RANGE(8)     _CHECK_VALIDITY_AND_SET_IP  _ITER_CHECK_RANGE
//!                             _GUARD_NOT_EXHAUSTED_RANGE  _ITER_NEXT_RANGE
//!   18: STORE_FAST(3)         _CHECK_VALIDITY_AND_SET_IP  _STORE_FAST
//!   ...
//!   21: BINARY_OP_ADD_INT(0)  _CHECK_VALIDITY_AND_SET_IP  _GUARD_BOTH_INT  _BINARY_OP_ADD_INT
//!   24: JUMP_BACKWARD(10)     _CHECK_VALIDITY_AND_SET_IP  _JUMP_TO_TOP      (length 22)
//! ```
//!
//! A branch continues on the side its history says is likely; confidence starts at 1000 and
//! shrinks with each branch, and below 333 projection stops. Calls to Python functions are
//! followed into the callee (up to 5 frames deep), found by the function version in the
//! `CALL`'s cache. Projection stops at an instruction with no uop expansion, at a jump back
//! that is not to the start, at a recursive call, or when 800 uops would not fit; traces of
//! fewer than 5 uops are dropped. Every decision is written to a [`Log`] in CPython's
//! `PYTHON_LLTRACE=2` wording, so runs can be compared with the reference logs line for line.

pub mod log;

use std::rc::Rc;

use crate::bytecode::Opcode;
use crate::code::{unit_oparg, unit_opcode};
use crate::object::{Function, RtCode};
use crate::uops::{expansion, flags, Operand, OperandSrc, Uop, UopInst};
use crate::value::Value;
use crate::vm::Vm;

pub use log::{Log, Stop};

/// `UOP_MAX_TRACE_LENGTH`.
pub const MAX_TRACE_LENGTH: usize = 800;
/// `TRACE_STACK_SIZE`: how many frames deep projection follows calls.
pub const TRACE_STACK_SIZE: usize = 5;
/// `CONFIDENCE_RANGE` and `CONFIDENCE_CUTOFF`.
pub const CONFIDENCE_RANGE: i32 = 1000;
pub const CONFIDENCE_CUTOFF: i32 = 333;

/// A projected trace, before optimization.
pub struct Projection {
    pub uops: Vec<UopInst>,
    /// The instruction the trace starts with, after a first `JUMP_BACKWARD` (the loop head).
    pub initial: usize,
}

/// Where projection is in the bytecode: which code, which function, which instruction.
struct Place {
    code: Rc<RtCode>,
    func: Option<Rc<Function>>,
    instr: usize,
}

/// The projection state, as `translate_bytecode_to_trace` keeps it in locals.
struct Projector<'a> {
    vm: &'a Vm,
    here: Place,
    trace: Vec<UopInst>,
    /// Room left for the trace; shrinks by one per instruction (its `_DEOPT`) and per exit
    /// or error stub it will need.
    max_length: isize,
    /// The last instruction's target (what a final `_EXIT_TRACE` returns to).
    last_target: u32,
    stack: Vec<Place>,
    confidence: i32,
    initial_instr: usize,
    log: Option<&'a mut Log>,
}

/// Why projection ended (the `goto done` reasons).
enum End {
    Done(Stop),
    /// `trace_length = 0`: no trace at all (the frame stack overflowed).
    Discard(Stop),
}

impl Vm {
    /// Projects a trace starting at code unit `start` of `code` (run by `func`, if any).
    /// `None` when no worthwhile trace results (too short, or no progress).
    pub fn project(
        &self,
        code: &Rc<RtCode>,
        func: Option<&Rc<Function>>,
        start: usize,
        mut log: Option<&mut Log>,
    ) -> (Option<Projection>, Stop) {
        if let Some(l) = log.as_deref_mut() {
            l.optimizing(code, start);
        }
        let mut p = Projector {
            vm: self,
            here: Place {
                code: code.clone(),
                func: func.cloned(),
                instr: start,
            },
            trace: Vec::with_capacity(64),
            max_length: MAX_TRACE_LENGTH as isize - 2,
            last_target: start as u32,
            stack: Vec::new(),
            confidence: CONFIDENCE_RANGE,
            initial_instr: start,
            log,
        };
        p.add(Uop::_START_EXECUTOR, 0, Operand::Executor, start as u32);
        let (end, progress_needed) = p.walk();
        let stop = match end {
            End::Done(s) => s,
            End::Discard(s) => {
                p.trace.clear();
                s
            }
        };
        // `done:` back in the initial code object.
        if let Some(first) = p.stack.drain(..).next() {
            p.here = first;
        }
        let initial = p.initial_instr;
        if progress_needed || p.trace.len() < 5 {
            let why = if progress_needed {
                "no progress"
            } else {
                "too short"
            };
            p.note(format!(
                "No trace for {} at byte offset {} ({why})",
                where_is(&p.here.code),
                2 * initial
            ));
            return (None, stop);
        }
        if p.trace.last().map(|u| u.uop) != Some(Uop::_JUMP_TO_TOP) {
            let target = p.last_target;
            p.add(Uop::_EXIT_TRACE, 0, Operand::Zero, target);
        }
        p.note(format!(
            "Created a proto-trace for {} at byte offset {} -- length {}",
            where_is(code),
            2 * initial,
            p.trace.len()
        ));
        (
            Some(Projection {
                uops: p.trace,
                initial,
            }),
            stop,
        )
    }
}

/// `qualname (file:line)` as the log names a code object.
fn where_is(code: &Rc<RtCode>) -> String {
    let c = &code.code;
    let file = c.filename.rsplit('/').next().unwrap_or(&c.filename);
    format!("{} ({}:{})", c.qualname, file, c.firstlineno)
}

impl Projector<'_> {
    fn note(&mut self, text: String) {
        if let Some(l) = self.log.as_deref_mut() {
            l.note(text);
        }
    }

    /// `ADD_TO_TRACE`.
    fn add(&mut self, uop: Uop, oparg: u32, operand: Operand, target: u32) {
        let inst = UopInst::new(uop, oparg, operand, target);
        if let Some(l) = self.log.as_deref_mut() {
            l.add(self.trace.len() + 1, &inst);
        }
        self.trace.push(inst);
    }

    /// `RESERVE_RAW`: is there room for `n` more uops?
    fn room(&mut self, n: usize, name: &str) -> Result<(), End> {
        if (self.trace.len() + n) as isize > self.max_length {
            self.note(format!(
                "No room for {name} (need {n}, got {})",
                self.max_length - self.trace.len() as isize
            ));
            return Err(End::Done(Stop::TooLong));
        }
        Ok(())
    }

    /// `RESERVE`: room for `needed` uops plus `_SET_IP`, `_CHECK_VALIDITY` and `_EXIT_TRACE`.
    fn reserve(&mut self, needed: usize, name: &str) -> Result<(), End> {
        self.room(needed + 3, name)
    }

    /// The projection loop; `(why it ended, progress still needed)`.
    fn walk(&mut self) -> (End, bool) {
        let mut progress_needed = true;
        loop {
            match self.step(&mut progress_needed) {
                Ok(()) => {}
                Err(end) => return (end, progress_needed),
            }
        }
    }

    /// One instruction (one iteration of CPython's `for (;;)`).
    fn step(&mut self, progress_needed: &mut bool) -> Result<(), End> {
        let code = self.here.code.clone();
        let mut instr = self.here.instr;
        let target = instr as u32;
        self.last_target = target;
        // Need space for _DEOPT.
        self.max_length -= 1;
        let unit = code.units[instr].get();
        let (mut opcode, mut oparg) = (unit_opcode(unit), u32::from(unit_oparg(unit)));
        if let Some(l) = self.log.as_deref_mut() {
            l.lines.push(crate::trace::log::Line::Instr {
                index: instr,
                opcode,
                oparg,
                qualname: code.code.qualname.clone(),
                line: code.code.line_at(instr),
            });
        }
        if opcode == Opcode::ENTER_EXECUTOR {
            if let Some(exec) = code.executor(oparg) {
                opcode = exec.opcode;
                oparg = u32::from(exec.oparg);
                self.note(format!("  * ENTER_EXECUTOR -> {}", opcode.name()));
            }
        }
        if opcode == Opcode::EXTENDED_ARG {
            instr += 1;
            let next = code.base_unit(instr);
            opcode = unit_opcode(next);
            oparg = (oparg << 8) | u32::from(unit_oparg(next));
            if opcode == Opcode::EXTENDED_ARG {
                return Err(End::Done(Stop::Unsupported(Opcode::EXTENDED_ARG)));
            }
        }
        self.room(2, "_CHECK_VALIDITY_AND_SET_IP")?;
        self.add(
            Uop::_CHECK_VALIDITY_AND_SET_IP,
            0,
            Operand::Ip(instr as u32),
            target,
        );
        // The first instruction: guarantee forward progress.
        if *progress_needed {
            *progress_needed = false;
            if opcode == Opcode::JUMP_BACKWARD || opcode == Opcode::JUMP_BACKWARD_NO_INTERRUPT {
                let to = instr + 1 + opcode.cache_entries() - oparg as usize;
                self.initial_instr = to;
                if opcode == Opcode::JUMP_BACKWARD {
                    self.add(Uop::_TIER2_RESUME_CHECK, 0, Operand::Zero, target);
                }
                self.here.instr = to;
                return Ok(());
            }
            if instruction_flags(opcode) & (flags::EXIT | flags::DEOPT) != 0 {
                opcode = opcode.deopt();
            }
        }
        let f = instruction_flags(opcode);
        if f & flags::EXIT != 0 {
            self.max_length -= 1;
        }
        if f & flags::ERROR != 0 {
            self.max_length -= 1;
        }
        match opcode {
            Opcode::POP_JUMP_IF_NONE
            | Opcode::POP_JUMP_IF_NOT_NONE
            | Opcode::POP_JUMP_IF_FALSE
            | Opcode::POP_JUMP_IF_TRUE => return self.branch(&code, instr, opcode, oparg),
            Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT => {
                let to = instr + 1 + opcode.cache_entries() - oparg as usize;
                if to == self.initial_instr && Rc::ptr_eq(&code, &self.initial_code()) {
                    self.reserve(1, "_JUMP_TO_TOP")?;
                    self.add(Uop::_JUMP_TO_TOP, 0, Operand::Zero, 0);
                    return Err(End::Done(Stop::Closed));
                }
                self.note("JUMP_BACKWARD not to top ends trace".into());
                return Err(End::Done(Stop::InnerLoop));
            }
            Opcode::JUMP_FORWARD => {
                self.reserve(0, "JUMP_FORWARD")?;
                // Two `_SET_IP`s in a row: the optimizer removes the first.
                instr += oparg as usize;
            }
            Opcode::RESUME => self.add(Uop::_TIER2_RESUME_CHECK, 0, Operand::Zero, target),
            _ => {
                let Some(parts) = expansion(opcode) else {
                    self.note(format!("Unsupported opcode {}", opcode.name()));
                    return Err(End::Done(Stop::Unsupported(opcode)));
                };
                self.reserve(parts.len() + 1, parts[0].uop.name())?;
                let last = parts[parts.len() - 1].uop;
                if matches!(
                    last,
                    Uop::_POP_FRAME | Uop::_RETURN_GENERATOR | Uop::_YIELD_VALUE
                ) && self.stack.is_empty()
                {
                    self.note("Trace stack underflow".into());
                    return Err(End::Done(Stop::StackUnderflow));
                }
                for part in parts {
                    if let Some(moved) =
                        self.expand_part(&code, instr, opcode, oparg, part.uop, part.src)?
                    {
                        self.here = moved;
                        return Ok(());
                    }
                }
            }
        }
        self.here.instr = instr + 1 + opcode.deopt().cache_entries();
        Ok(())
    }

    /// The code object of the frame projection started in.
    fn initial_code(&self) -> Rc<RtCode> {
        self.stack
            .first()
            .map_or_else(|| self.here.code.clone(), |p| p.code.clone())
    }

    /// One part of an instruction's expansion. `Some(place)` when projection moves to
    /// another frame (a call followed, a return to the caller).
    fn expand_part(
        &mut self,
        code: &Rc<RtCode>,
        instr: usize,
        opcode: Opcode,
        orig_oparg: u32,
        part_uop: Uop,
        src: OperandSrc,
    ) -> Result<Option<Place>, End> {
        let target = self.last_target;
        let mut uop = part_uop;
        let mut oparg = orig_oparg;
        let mut operand = Operand::Zero;
        match src {
            OperandSrc::Oparg => {}
            OperandSrc::Cache16(k) => {
                operand = Operand::Int(u64::from(code.units[instr + k].get()));
            }
            OperandSrc::Cache32(k) => {
                let v = crate::specialize::read_u32(&code.units, instr + k);
                operand = Operand::Int(u64::from(v));
            }
            OperandSrc::Object => {
                operand = Operand::Obj(code.objcache[instr].borrow().clone());
            }
            OperandSrc::Top => oparg = orig_oparg >> 4,
            OperandSrc::Bottom => oparg = orig_oparg & 15,
            OperandSrc::ReturnOffset => oparg = 1 + opcode.deopt().cache_entries() as u32,
            OperandSrc::Replaced(with) => uop = with,
        }
        if matches!(
            uop,
            Uop::_POP_FRAME | Uop::_RETURN_GENERATOR | Uop::_YIELD_VALUE
        ) {
            let Some(back) = self.stack.pop() else {
                return Err(End::Done(Stop::StackUnderflow));
            };
            let operand = match (&back.func, &back.code) {
                (Some(f), _) => Operand::Obj(Value::Function(f.clone())),
                (None, c) => Operand::Obj(Value::Code(c.clone())),
            };
            self.add(uop, oparg, operand, target);
            self.note(format!(
                "Returning to {} at byte offset {}",
                where_is(&back.code),
                2 * back.instr
            ));
            return Ok(Some(back));
        }
        if uop == Uop::_PUSH_FRAME {
            return self
                .push_frame(code, instr, opcode, oparg, target)
                .map(Some);
        }
        self.add(uop, oparg, operand, target);
        Ok(None)
    }

    /// `_PUSH_FRAME`: follow the call into the function whose version the `CALL` cached.
    fn push_frame(
        &mut self,
        code: &Rc<RtCode>,
        instr: usize,
        opcode: Opcode,
        oparg: u32,
        target: u32,
    ) -> Result<Place, End> {
        // `func_version` is two units after the instruction (the `CALL` cache layout; for
        // `FOR_ITER_GEN` that reads past its own cache, as CPython's does).
        let version = if instr + 3 < code.units.len() {
            crate::specialize::read_u32(&code.units, instr + 2)
        } else {
            0
        };
        let (new_func, new_code) = self.vm.func_versions.lookup(version);
        self.note(format!(
            "Function: version={version:#x}; new_func={}, new_code={}",
            if new_func.is_some() {
                "0xADDR"
            } else {
                "(nil)"
            },
            if new_code.is_some() {
                "0xADDR"
            } else {
                "(nil)"
            },
        ));
        let Some(new_code) = new_code else {
            self.note("Bail, new_code == NULL".into());
            self.add(Uop::_PUSH_FRAME, oparg, Operand::Zero, target);
            self.add(Uop::_DYNAMIC_EXIT, 0, Operand::Zero, 0);
            return Err(End::Done(Stop::UnknownCallee));
        };
        if Rc::ptr_eq(&new_code, code) {
            self.note(format!(
                "Bailing on recursive call to {}",
                where_is(&new_code)
            ));
            self.add(Uop::_PUSH_FRAME, oparg, Operand::Zero, target);
            self.add(Uop::_EXIT_TRACE, 0, Operand::Zero, 0);
            return Err(End::Done(Stop::Recursion));
        }
        if new_code.version != version {
            self.note("Bailing because co_version != func_version".into());
            self.add(Uop::_PUSH_FRAME, oparg, Operand::Zero, target);
            self.add(Uop::_EXIT_TRACE, 0, Operand::Zero, 0);
            return Err(End::Done(Stop::UnknownCallee));
        }
        if opcode == Opcode::FOR_ITER_GEN {
            self.note("Bailing due to dynamic target".into());
            self.add(Uop::_PUSH_FRAME, oparg, Operand::Zero, target);
            self.add(Uop::_DYNAMIC_EXIT, 0, Operand::Zero, 0);
            return Err(End::Done(Stop::Generator));
        }
        if self.stack.len() >= TRACE_STACK_SIZE {
            self.note("Trace stack overflow".into());
            return Err(End::Discard(Stop::StackOverflow));
        }
        // Return to the instruction after the call.
        let ret = instr + opcode.deopt().cache_entries() + 1;
        self.stack.push(Place {
            code: code.clone(),
            func: self.here.func.clone(),
            instr: ret,
        });
        let operand = match &new_func {
            Some(f) => Operand::Obj(Value::Function(f.clone())),
            None => Operand::Obj(Value::Code(new_code.clone())),
        };
        self.add(Uop::_PUSH_FRAME, oparg, operand, target);
        self.note(format!(
            "Continuing in {} at byte offset 0",
            where_is(&new_code)
        ));
        Ok(Place {
            code: new_code,
            func: new_func,
            instr: 0,
        })
    }

    /// `POP_JUMP_IF_*`: continue on the likely side, guarded; stop when confidence is low.
    fn branch(
        &mut self,
        code: &Rc<RtCode>,
        instr: usize,
        opcode: Opcode,
        oparg: u32,
    ) -> Result<(), End> {
        self.reserve(1, "branch guard")?;
        let target = self.last_target;
        let history = code.units[instr + 1].get();
        let bits = history.count_ones() as i32;
        let likely = bits > 8;
        self.confidence = if likely {
            self.confidence * (bits + 2) / 20
        } else {
            self.confidence * (18 - bits) / 20
        };
        let uop = branch_guard(opcode, likely);
        self.note(format!(
            "{target}: {}({oparg}): counter={history:04x}, bitcount={bits}, likely={}, \
             confidence={}, uopcode={}",
            opcode.name(),
            u8::from(likely),
            self.confidence,
            uop.name()
        ));
        if self.confidence < CONFIDENCE_CUTOFF {
            self.note(format!(
                "Confidence too low ({} < {CONFIDENCE_CUTOFF})",
                self.confidence
            ));
            return Err(End::Done(Stop::LowConfidence));
        }
        let next = instr + 1 + opcode.cache_entries();
        let jump = next + oparg as usize;
        if likely {
            self.note(format!(
                "Jump likely ({history:04x} = {bits} bits), continue at byte offset {}",
                2 * jump
            ));
            self.add(uop, 0, Operand::Zero, next as u32);
            self.here.instr = jump;
        } else {
            self.add(uop, 0, Operand::Zero, jump as u32);
            self.here.instr = next;
        }
        Ok(())
    }
}

/// `BRANCH_TO_GUARD`: the guard a branch becomes, by direction.
fn branch_guard(opcode: Opcode, likely: bool) -> Uop {
    match (opcode, likely) {
        (Opcode::POP_JUMP_IF_FALSE, false) | (Opcode::POP_JUMP_IF_TRUE, true) => {
            Uop::_GUARD_IS_TRUE_POP
        }
        (Opcode::POP_JUMP_IF_FALSE, true) | (Opcode::POP_JUMP_IF_TRUE, false) => {
            Uop::_GUARD_IS_FALSE_POP
        }
        (Opcode::POP_JUMP_IF_NONE, false) | (Opcode::POP_JUMP_IF_NOT_NONE, true) => {
            Uop::_GUARD_IS_NOT_NONE_POP
        }
        _ => Uop::_GUARD_IS_NONE_POP,
    }
}

/// An instruction's `HAS_EXIT` / `HAS_DEOPT` / `HAS_ERROR` flags: those of its uops (for the
/// instructions a trace can hold), else CPython 3.13's for the rest that matter here.
pub fn instruction_flags(op: Opcode) -> u16 {
    if let Some(parts) = expansion(op) {
        return parts.iter().fold(0, |acc, p| acc | p.uop.meta().flags);
    }
    match op {
        Opcode::RESUME | Opcode::JUMP_BACKWARD => flags::ERROR | flags::ESCAPES,
        // A specialized form tier 2 cannot run (`LOAD_ATTR_PROPERTY`, ...): its guards
        // deoptimize, which is what the first-instruction rule looks at.
        _ if op.deopt() != op => flags::DEOPT,
        _ => 0,
    }
}
