//! `CodeObject`: the compiled form of one Python function, class body, comprehension or module,
//! laid out as CPython 3.13 lays out `PyCodeObject`.
//!
//! The compiler (`compile`) builds these and never changes them afterwards; the interpreter keeps
//! its own adaptive copy of `code` to specialize in place. `dis` prints them.
//!
//! ```text
//!   co_code      [RESUME 0][LOAD_GLOBAL 1][CACHE][CACHE][CACHE][CACHE][LOAD_FAST 0]...
//!                 one u16 per code unit: low byte = opcode, high byte = oparg
//!   co_consts    [None, (0, 1), <code object ...>]
//!   localsplus   [n (arg), a, b, _]    kinds: CO_FAST_LOCAL | CO_FAST_ARG_POS, ...
//!   positions    one (line, end_line, col, end_col) per code unit, CACHE units included
//!   exceptiontable  (start, end) -> target, stack depth, push lasti?
//! ```

use std::rc::Rc;

use crate::bytecode::Opcode;

/// `co_flags` bits (CPython's `CO_*` values).
pub mod flags {
    pub const CO_OPTIMIZED: u32 = 0x0001;
    pub const CO_NEWLOCALS: u32 = 0x0002;
    pub const CO_VARARGS: u32 = 0x0004;
    pub const CO_VARKEYWORDS: u32 = 0x0008;
    pub const CO_NESTED: u32 = 0x0010;
    pub const CO_GENERATOR: u32 = 0x0020;
    pub const CO_NOFREE: u32 = 0x0040;
    pub const CO_COROUTINE: u32 = 0x0080;
    pub const CO_ITERABLE_COROUTINE: u32 = 0x0100;
    pub const CO_ASYNC_GENERATOR: u32 = 0x0200;
}

/// `co_localspluskinds` bits: what each slot of `localsplus` is.
pub mod kinds {
    /// A positional (or positional-only) parameter.
    pub const CO_FAST_ARG_POS: u8 = 0x02;
    /// A keyword-only parameter.
    pub const CO_FAST_ARG_KW: u8 = 0x04;
    /// `*args` or `**kwargs`.
    pub const CO_FAST_ARG_VAR: u8 = 0x08;
    /// A comprehension variable saved/cleared by an inlined comprehension.
    pub const CO_FAST_HIDDEN: u8 = 0x10;
    /// An ordinary fast local.
    pub const CO_FAST_LOCAL: u8 = 0x20;
    /// A variable captured by an inner scope: lives in a cell (MAKE_CELL).
    pub const CO_FAST_CELL: u8 = 0x40;
    /// A variable of an enclosing scope (COPY_FREE_VARS).
    pub const CO_FAST_FREE: u8 = 0x80;
}

/// One entry of `co_consts`.
#[derive(Clone, Debug)]
pub enum Const {
    None,
    Bool(bool),
    /// An int that fits 64 bits.
    Int(i64),
    /// An int that does not fit 64 bits, as its decimal text (sign included).
    BigInt(Rc<str>),
    Float(f64),
    /// `complex(re, im)`, from imaginary literals such as `2j`.
    Complex {
        re: f64,
        im: f64,
    },
    Str(Rc<str>),
    /// A str holding lone surrogates (`'\udc80'`), as code points: a Rust `str` cannot hold
    /// one. Only listings have these (see `compile/surrogates.rs`).
    SurrogateStr(Rc<[u32]>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Const]>),
    /// Folded `x in {1, 2}` sets become frozensets (insertion order kept for printing).
    FrozenSet(Rc<[Const]>),
    Ellipsis,
    Code(Rc<CodeObject>),
}

/// Source span of one code unit (CPython's `co_positions()`); columns are UTF-8 byte offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub line: Option<u32>,
    pub end_line: Option<u32>,
    pub col: Option<u32>,
    pub end_col: Option<u32>,
}

/// One row of the exception table, in code units: an exception raised by an instruction in
/// `start..end` pops the stack to `depth`, pushes `lasti` if asked, then the exception, and
/// jumps to `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionTableEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

/// A compiled code object. Invariant: immutable once built; `code`, `positions` have one entry
/// per code unit; every specializable instruction is followed by its zeroed CACHE units.
#[derive(Clone, Debug)]
pub struct CodeObject {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub filename: Rc<str>,
    pub firstlineno: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    /// Code units: `opcode | oparg << 8` (CPython's `_Py_CODEUNIT` on a little-endian machine).
    pub code: Vec<u16>,
    pub consts: Vec<Const>,
    pub names: Vec<Rc<str>>,
    /// Fast locals, then cells that are not arguments, then free variables.
    pub localsplusnames: Vec<Rc<str>>,
    /// One `kinds::*` byte set per `localsplusnames` entry.
    pub localspluskinds: Vec<u8>,
    pub positions: Vec<Position>,
    pub exception_table: Vec<ExceptionTableEntry>,
    pub stacksize: u32,
}

/// Builds a code unit from an opcode and the low 8 bits of its oparg.
pub fn code_unit(op: Opcode, oparg: u8) -> u16 {
    u16::from(op.0) | (u16::from(oparg) << 8)
}

/// The opcode of a code unit.
pub fn unit_opcode(unit: u16) -> Opcode {
    Opcode((unit & 0xff) as u8)
}

/// The oparg byte of a code unit.
pub fn unit_oparg(unit: u16) -> u8 {
    (unit >> 8) as u8
}

impl CodeObject {
    /// `co_code` as CPython's bytes object holds it.
    pub fn co_code_bytes(&self) -> Vec<u8> {
        self.code.iter().flat_map(|u| u.to_le_bytes()).collect()
    }

    fn names_of_kind(&self, keep: impl Fn(u8) -> bool) -> Vec<Rc<str>> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|(_, &k)| keep(k))
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// `co_varnames`: arguments and fast locals (which may also be cells).
    pub fn varnames(&self) -> Vec<Rc<str>> {
        self.names_of_kind(|k| k & kinds::CO_FAST_LOCAL != 0)
    }

    /// `co_cellvars`: variables captured by inner scopes.
    pub fn cellvars(&self) -> Vec<Rc<str>> {
        self.names_of_kind(|k| k & kinds::CO_FAST_CELL != 0)
    }

    /// `co_freevars`: variables of enclosing scopes.
    pub fn freevars(&self) -> Vec<Rc<str>> {
        self.names_of_kind(|k| k & kinds::CO_FAST_FREE != 0)
    }

    /// Number of `localsplus` slots (the frame's fast-locals array size).
    pub fn nlocalsplus(&self) -> usize {
        self.localsplusnames.len()
    }

    /// Nested code objects in `co_consts` order.
    pub fn nested(&self) -> impl Iterator<Item = &Rc<CodeObject>> {
        self.consts.iter().filter_map(|c| match c {
            Const::Code(code) => Some(code),
            _ => None,
        })
    }

    /// This code object and every nested one, depth first in `co_consts` order (dis order).
    pub fn walk(self: &Rc<Self>) -> Vec<Rc<CodeObject>> {
        let mut out = vec![self.clone()];
        for inner in self.nested() {
            out.extend(inner.walk());
        }
        out
    }

    /// The line of the code unit at `index` (None for artificial instructions).
    pub fn line_at(&self, index: usize) -> Option<u32> {
        self.positions.get(index).and_then(|p| p.line)
    }

    /// The exception handler covering code unit `index`, if any.
    pub fn handler_for(&self, index: u32) -> Option<&ExceptionTableEntry> {
        self.exception_table
            .iter()
            .find(|e| e.start <= index && index < e.end)
    }
}
