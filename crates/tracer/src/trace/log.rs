//! The record of one optimization attempt, for `explain trace`, tests and the book: every
//! projection step as CPython's `PYTHON_LLTRACE=2` prints it, then the optimizer's passes.
//!
//! Lines read like the reference logs (`3: FOR_ITER_RANGE(8)`, `   4 ADD_TO_TRACE:
//! _ITER_CHECK_RANGE (8, target=16, operand=0)`, `Unsupported opcode LOAD_NAME`), with
//! addresses printed as `0xADDR`, so a log can be compared with CPython's line for line.

use std::rc::Rc;

use crate::bytecode::Opcode;
use crate::object::RtCode;
use crate::uops::UopInst;

/// Why projection ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The loop came back to its start: `_JUMP_TO_TOP`.
    Closed,
    /// A `JUMP_BACKWARD` to another loop's head.
    InnerLoop,
    /// An instruction with no uop expansion.
    Unsupported(Opcode),
    /// 800 uops would not fit.
    TooLong,
    /// A branch too unpredictable to follow.
    LowConfidence,
    /// A call to the function being traced.
    Recursion,
    /// A return (or yield) from the frame the trace started in.
    StackUnderflow,
    /// Calls nested deeper than 5 frames.
    StackOverflow,
    /// A call whose function the version cache no longer knows.
    UnknownCallee,
    /// A generator resumed by `FOR_ITER_GEN`: where it continues is only known at run time.
    Generator,
}

impl Stop {
    /// pystats' name for the reason (`trace_too_long`, `unsupported_opcode`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Stop::Closed => "closed loop",
            Stop::InnerLoop => "inner loop",
            Stop::Unsupported(_) => "unsupported opcode",
            Stop::TooLong => "trace too long",
            Stop::LowConfidence => "low confidence",
            Stop::Recursion => "recursive call",
            Stop::StackUnderflow => "trace stack underflow",
            Stop::StackOverflow => "trace stack overflow",
            Stop::UnknownCallee => "unknown callee",
            Stop::Generator => "generator frame",
        }
    }
}

/// One line of the projection log.
#[derive(Clone, Debug)]
pub enum Line {
    /// The tier-1 instruction projection reads next (`24: JUMP_BACKWARD(10)`): its code-unit
    /// index, opcode and oparg as found in the code (specialized, or `ENTER_EXECUTOR`), the
    /// function it is in and its source line.
    Instr {
        index: usize,
        opcode: Opcode,
        oparg: u32,
        qualname: Rc<str>,
        line: Option<u32>,
    },
    /// `ADD_TO_TRACE`, numbered from 1 as CPython numbers them.
    Add(usize, UopInst),
    /// Any other line, already in CPython's words.
    Note(String),
}

/// The record of one attempt to build an executor.
#[derive(Clone, Default)]
pub struct Log {
    /// The code object projection started in (kept alive for views).
    pub rt_code: Option<Rc<RtCode>>,
    /// `qualname (file:line)` of the code projection started in.
    pub code: String,
    pub qualname: String,
    /// Code-unit index where projection started (the `JUMP_BACKWARD` or the exit target).
    pub start: usize,
    pub lines: Vec<Line>,
    /// Why projection ended.
    pub stop: Option<Stop>,
    /// The proto-trace, if projection produced one.
    pub proto: Vec<UopInst>,
    /// Each optimizer pass's output, by name, in order.
    pub passes: Vec<(&'static str, Vec<UopInst>)>,
    /// The final executor's uops (with stubs), if one was made.
    pub executor: Option<Vec<UopInst>>,
    /// The id of the executor made, if any.
    pub executor_id: Option<usize>,
    /// The executor made, kept alive while recording so views can show what it did even
    /// after it was invalidated.
    pub made: Option<Rc<crate::executor::Executor>>,
    /// Why no executor was made, when none was.
    pub failure: Option<String>,
    /// Side trace: the executor and exit it grew from.
    pub from_exit: Option<(usize, usize)>,
}

impl Log {
    /// `Optimizing QUALNAME (FILE:LINE) at byte offset N`.
    pub fn optimizing(&mut self, code: &RtCode, start: usize) {
        let c = &code.code;
        let file = c.filename.rsplit('/').next().unwrap_or(&c.filename);
        self.code = format!("{} ({}:{})", c.qualname, file, c.firstlineno);
        self.qualname = c.qualname.to_string();
        self.start = start;
        self.note(format!(
            "Optimizing {} at byte offset {}",
            self.code,
            2 * start
        ));
    }

    pub fn note(&mut self, text: String) {
        self.lines.push(Line::Note(text));
    }

    pub fn add(&mut self, n: usize, inst: &UopInst) {
        self.lines.push(Line::Add(n, inst.clone()));
    }

    /// The projection lines as text, the way `PYTHON_LLTRACE=2` prints them.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            match line {
                Line::Instr {
                    index,
                    opcode,
                    oparg,
                    ..
                } => out.push_str(&format!("{index}: {}({oparg})\n", opcode.name())),
                Line::Add(n, inst) => out.push_str(&format!("{n:4} ADD_TO_TRACE: {inst}\n")),
                Line::Note(s) => {
                    out.push_str(s);
                    out.push('\n');
                }
            }
        }
        out
    }
}

impl Log {
    /// The whole record as `PYTHON_LLTRACE=2` prints it at optimization time: the projection,
    /// then (when an executor was made) `Optimized trace (length N):` and its uops.
    pub fn lltrace(&self) -> String {
        let mut out = self.text();
        if let Some(uops) = &self.executor {
            out.push_str(&format!("Optimized trace (length {}):\n", uops.len()));
            for (i, u) in uops.iter().enumerate() {
                out.push_str(&format!("{i:4} OPTIMIZED: {u}\n"));
            }
        }
        out
    }
}

/// A sink for logs: the VM keeps one per attempt while recording is on.
#[derive(Default)]
pub struct Recorder {
    pub logs: Vec<Log>,
}

/// Identity of a code object in logs (the same key `specialize::code_id` uses).
pub fn code_key(code: &Rc<RtCode>) -> usize {
    crate::specialize::code_id(&code.code)
}
