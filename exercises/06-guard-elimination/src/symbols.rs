//! The abstract values of the optimizer (CPython's `_Py_UopsSymbol`, `optimizer_symbols.c`)
//! and the abstract frame they live in.
//!
//! The optimizer never sees a real value. Each stack slot and each local holds a *symbol*:
//! what is known about the value that will be there when the trace runs. Symbols live in an
//! arena and slots hold their index ([`SymId`]), so a value loaded twice (`x + x`, or `x`
//! stored then loaded again) is *one* symbol: whatever a guard learns about it, every slot
//! holding it learns too.
//!
//! ```text
//!        Unknown                 nothing known yet
//!           |
//!      Type(Int)                 an int, value unknown      (sym_new_type / sym_set_type)
//!           |
//!      Const(Int(1))             exactly this value         (sym_new_const)
//!           |
//!        Bottom                  a contradiction: no value can be both
//! ```
//!
//! Knowledge only goes down the lattice. CPython's symbols also track NULL / not-NULL and a
//! few more types; this exercise keeps the part guard elimination needs.

use crate::uops::{PyType, Value};

/// What is known about one value.
#[derive(Clone, Debug, PartialEq)]
pub enum Sym {
    /// Nothing is known.
    Unknown,
    /// Its exact type is known.
    Type(PyType),
    /// Its value is known (and so its type).
    Const(Value),
    /// A contradiction: the trace assumes two incompatible things about this value.
    Bottom,
}

/// A symbol's index in the [`Context`] arena.
pub type SymId = usize;

/// The abstract frame: the symbols, the locals and the value stack (CPython's
/// `_Py_UOpsContext` with one `_Py_UOpsAbstractFrame`).
#[derive(Clone, Debug)]
pub struct Context {
    syms: Vec<Sym>,
    /// The locals, by index (`GETLOCAL(oparg)`).
    pub locals: Vec<SymId>,
    /// The value stack, top last.
    pub stack: Vec<SymId>,
}

impl Context {
    /// A frame at the top of a trace: `nlocals` locals and `stack_entries` values already on
    /// the stack (a `for` loop's iterator, say), all unknown. Nothing is carried over from a
    /// previous iteration: CPython 3.13 does not follow values around the loop.
    pub fn new(nlocals: usize, stack_entries: usize) -> Context {
        let mut ctx = Context {
            syms: Vec::new(),
            locals: Vec::new(),
            stack: Vec::new(),
        };
        for _ in 0..nlocals {
            let s = ctx.new_unknown();
            ctx.locals.push(s);
        }
        for _ in 0..stack_entries {
            let s = ctx.new_unknown();
            ctx.stack.push(s);
        }
        ctx
    }

    /// `sym_new_unknown`.
    pub fn new_unknown(&mut self) -> SymId {
        self.add(Sym::Unknown)
    }

    /// `sym_new_type`: a value of type `typ`.
    pub fn new_type(&mut self, typ: PyType) -> SymId {
        self.add(Sym::Type(typ))
    }

    /// `sym_new_const`: exactly `value`.
    pub fn new_const(&mut self, value: Value) -> SymId {
        self.add(Sym::Const(value))
    }

    fn add(&mut self, sym: Sym) -> SymId {
        self.syms.push(sym);
        self.syms.len() - 1
    }

    /// The symbol `id`.
    pub fn sym(&self, id: SymId) -> &Sym {
        &self.syms[id]
    }

    /// The symbol `id`, to refine it (see `sym_set_type` in `lib.rs`).
    pub fn sym_mut(&mut self, id: SymId) -> &mut Sym {
        &mut self.syms[id]
    }

    /// `sym_matches_type`: is the value known to be of type `typ`?
    pub fn matches_type(&self, id: SymId, typ: PyType) -> bool {
        match self.sym(id) {
            Sym::Type(t) => *t == typ,
            Sym::Const(v) => v.py_type() == typ,
            Sym::Unknown | Sym::Bottom => false,
        }
    }

    /// `sym_get_const`: the value, when it is known.
    pub fn get_const(&self, id: SymId) -> Option<&Value> {
        match self.sym(id) {
            Sym::Const(v) => Some(v),
            _ => None,
        }
    }

    pub fn push(&mut self, id: SymId) {
        self.stack.push(id);
    }

    /// Pops the top symbol. A trace never pops more than the frame holds.
    pub fn pop(&mut self) -> SymId {
        self.stack.pop().expect("the abstract stack underflowed")
    }

    /// The symbol `n` slots below the top: `peek(0)` is the top (`stack_pointer[-1]` in
    /// CPython), `peek(1)` the one under it.
    pub fn peek(&self, n: usize) -> SymId {
        self.stack[self.stack.len() - 1 - n]
    }

    /// `GETLOCAL(index)`.
    pub fn local(&self, index: usize) -> SymId {
        self.locals[index]
    }

    pub fn set_local(&mut self, index: usize, id: SymId) {
        self.locals[index] = id;
    }
}
