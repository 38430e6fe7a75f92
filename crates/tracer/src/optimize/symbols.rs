//! The abstract values of the optimizer (CPython's `optimizer_symbols.c`): what is known about
//! each local and stack slot while walking a trace once, front to back.
//!
//! ```text
//!                 unknown (top)
//!              /                \
//!          NULL                 not NULL
//!                                  |
//!                             known type (int, float, str, ...)
//!                                  |
//!                             known constant (42, None, 'a')
//!              \                /
//!              contradiction (bottom)
//! ```
//!
//! A guard that checks what a symbol already is can go; a guard that learns something moves
//! the symbol down; two contradicting facts reach bottom, which abandons the trace (the code
//! is not stable enough to be worth it). Symbols are shared: a local loaded twice is one
//! symbol, so a guard on one copy informs the other.

use std::rc::Rc;

use crate::object::{Class, RtCode};
use crate::value::Value;

/// An index into the symbol arena.
pub type SymId = u32;

/// `TY_ARENA_SIZE`: symbols per optimization.
pub const ARENA_SIZE: usize = crate::trace::MAX_TRACE_LENGTH * 5;
/// `MAX_ABSTRACT_INTERP_SIZE`: local and stack slots of all abstract frames together.
pub const MAX_SLOTS: usize = 4096;
/// `MAX_ABSTRACT_FRAME_DEPTH`: the root frame, five pushed ones, and one being built.
pub const MAX_FRAMES: usize = crate::trace::TRACE_STACK_SIZE + 2;

const IS_NULL: u8 = 1;
const NOT_NULL: u8 = 2;

/// One abstract value.
#[derive(Clone, Default)]
pub struct Sym {
    flags: u8,
    typ: Option<Rc<Class>>,
    konst: Option<Value>,
}

/// The optimizer ran out of room (symbols or slots): it stops, keeping what it did.
#[derive(Debug, Clone, Copy)]
pub struct OutOfSpace;

/// One abstract frame: where its locals and stack live in the slot array.
#[derive(Clone)]
pub struct AbstractFrame {
    pub code: Rc<RtCode>,
    pub locals: usize,
    pub stack: usize,
    pub stack_pointer: usize,
}

/// The symbol arena and the frames (CPython's `_Py_UOpsContext`).
pub struct Context {
    pub syms: Vec<Sym>,
    pub slots: Vec<SymId>,
    pub frames: Vec<AbstractFrame>,
}

impl Context {
    pub fn new() -> Context {
        Context {
            syms: Vec::with_capacity(256),
            slots: Vec::with_capacity(256),
            frames: Vec::new(),
        }
    }

    fn new_sym(&mut self, sym: Sym) -> Result<SymId, OutOfSpace> {
        if self.syms.len() >= ARENA_SIZE {
            return Err(OutOfSpace);
        }
        self.syms.push(sym);
        Ok((self.syms.len() - 1) as SymId)
    }

    /// Top: nothing known.
    pub fn unknown(&mut self) -> Result<SymId, OutOfSpace> {
        self.new_sym(Sym::default())
    }

    /// Some object (not NULL).
    pub fn not_null(&mut self) -> Result<SymId, OutOfSpace> {
        self.new_sym(Sym {
            flags: NOT_NULL,
            ..Sym::default()
        })
    }

    /// NULL.
    pub fn null(&mut self) -> Result<SymId, OutOfSpace> {
        self.new_sym(Sym {
            flags: IS_NULL,
            ..Sym::default()
        })
    }

    /// An object of exactly type `typ`.
    pub fn of_type(&mut self, typ: &Rc<Class>) -> Result<SymId, OutOfSpace> {
        self.new_sym(Sym {
            flags: NOT_NULL,
            typ: Some(typ.clone()),
            konst: None,
        })
    }

    /// The constant `v` (of type `typ`).
    pub fn constant(&mut self, v: Value, typ: Rc<Class>) -> Result<SymId, OutOfSpace> {
        self.new_sym(Sym {
            flags: NOT_NULL,
            typ: Some(typ),
            konst: Some(v),
        })
    }

    fn sym(&self, s: SymId) -> &Sym {
        &self.syms[s as usize]
    }

    fn set_bottom(&mut self, s: SymId) {
        let sym = &mut self.syms[s as usize];
        sym.flags = IS_NULL | NOT_NULL;
        sym.typ = None;
        sym.konst = None;
    }

    /// Contradiction reached.
    pub fn is_bottom(&self, s: SymId) -> bool {
        self.sym(s).flags == IS_NULL | NOT_NULL
    }

    pub fn is_null(&self, s: SymId) -> bool {
        self.sym(s).flags == IS_NULL
    }

    pub fn is_not_null(&self, s: SymId) -> bool {
        self.sym(s).flags == NOT_NULL
    }

    pub fn is_const(&self, s: SymId) -> bool {
        self.sym(s).konst.is_some()
    }

    pub fn get_const(&self, s: SymId) -> Option<&Value> {
        self.sym(s).konst.as_ref()
    }

    /// The known type (none at bottom).
    pub fn get_type(&self, s: SymId) -> Option<&Rc<Class>> {
        if self.is_bottom(s) {
            return None;
        }
        self.sym(s).typ.as_ref()
    }

    pub fn has_type(&self, s: SymId) -> bool {
        self.get_type(s).is_some()
    }

    /// Is the symbol known to be exactly `typ`?
    pub fn matches_type(&self, s: SymId, typ: &Rc<Class>) -> bool {
        self.get_type(s).is_some_and(|t| Rc::ptr_eq(t, typ))
    }

    /// Learn "exactly `typ`"; false (and bottom) on a contradiction.
    pub fn set_type(&mut self, s: SymId, typ: &Rc<Class>) -> bool {
        let sym = &self.syms[s as usize];
        if sym.flags & IS_NULL != 0 {
            self.set_bottom(s);
            return false;
        }
        match &sym.typ {
            Some(t) if !Rc::ptr_eq(t, typ) => {
                self.set_bottom(s);
                false
            }
            Some(_) => true,
            None => {
                let sym = &mut self.syms[s as usize];
                sym.flags |= NOT_NULL;
                sym.typ = Some(typ.clone());
                true
            }
        }
    }

    /// Learn "is the constant `v`" (of type `typ`); false on a contradiction.
    pub fn set_const(&mut self, s: SymId, v: &Value, typ: &Rc<Class>) -> bool {
        let sym = &self.syms[s as usize];
        if sym.flags & IS_NULL != 0 || sym.typ.as_ref().is_some_and(|t| !Rc::ptr_eq(t, typ)) {
            self.set_bottom(s);
            return false;
        }
        match &sym.konst {
            Some(k) if !k.is(v) => {
                self.set_bottom(s);
                false
            }
            Some(_) => true,
            None => {
                let sym = &mut self.syms[s as usize];
                sym.flags |= NOT_NULL;
                sym.typ = Some(typ.clone());
                sym.konst = Some(v.clone());
                true
            }
        }
    }

    /// Learn "is NULL"; false on a contradiction.
    pub fn set_null(&mut self, s: SymId) -> bool {
        if self.is_not_null(s) {
            self.set_bottom(s);
            return false;
        }
        self.syms[s as usize].flags |= IS_NULL;
        true
    }

    /// `_Py_uop_sym_truthiness`: `Some(bool(value))` for constants of the few types whose
    /// truth is known without running code.
    pub fn truthiness(&self, s: SymId) -> Option<bool> {
        if self.is_bottom(s) {
            return None;
        }
        match self.get_const(s)? {
            Value::None => Some(false),
            Value::Int(i) => Some(*i != 0),
            Value::BigInt(_) => Some(true),
            Value::Str(text) => Some(!text.as_str().is_empty()),
            Value::Bool(b) => Some(b.get()),
            _ => None,
        }
    }

    /// `_Py_uop_frame_new`: a frame for `code` whose first locals are `args` and whose stack
    /// holds `stack_entries` unknown values. `None` when the slots are exhausted.
    pub fn frame_new(
        &mut self,
        code: &Rc<RtCode>,
        stack_entries: usize,
        args: &[SymId],
    ) -> Result<AbstractFrame, OutOfSpace> {
        let nlocals = code.nlocalsplus;
        let stacksize = code.code.stacksize as usize;
        let locals = self.slots.len();
        if locals + nlocals + stacksize >= MAX_SLOTS {
            return Err(OutOfSpace);
        }
        for i in 0..nlocals {
            let s = match args.get(i) {
                Some(a) => *a,
                None => self.unknown()?,
            };
            self.slots.push(s);
        }
        let stack = self.slots.len();
        for _ in 0..stack_entries {
            let s = self.unknown()?;
            self.slots.push(s);
        }
        // The rest of the stack region (CPython reserves `co_stacksize` slots).
        self.slots.resize(stack + stacksize.max(stack_entries), 0);
        Ok(AbstractFrame {
            code: code.clone(),
            locals,
            stack,
            stack_pointer: stack + stack_entries,
        })
    }
}

impl Default for Context {
    fn default() -> Self {
        Context::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::{Vm, VmOptions};

    /// The lattice as CPython's `_Py_uop_symbols_test` checks it.
    #[test]
    fn lattice() {
        let vm = Vm::new(VmOptions::default());
        let (int, float) = (vm.types.int.clone(), vm.types.float.clone());
        let mut ctx = Context::new();
        let top = ctx.unknown().unwrap();
        assert!(!ctx.is_null(top) && !ctx.is_not_null(top) && !ctx.is_const(top));
        assert!(!ctx.is_bottom(top) && !ctx.matches_type(top, &int));

        let i = ctx.of_type(&int).unwrap();
        assert!(ctx.is_not_null(i) && ctx.matches_type(i, &int) && !ctx.is_const(i));
        assert!(ctx.set_type(i, &int));
        assert!(!ctx.set_type(i, &float) && ctx.is_bottom(i));

        let k = ctx.of_type(&int).unwrap();
        assert!(ctx.set_const(k, &Value::Int(42), &int));
        assert_eq!(ctx.truthiness(k), Some(true));
        assert!(ctx.set_type(k, &int) && ctx.is_const(k));
        assert!(!ctx.set_const(k, &Value::Int(43), &int) && ctx.is_bottom(k));

        let n = ctx.null().unwrap();
        assert!(!ctx.set_type(n, &int) && ctx.is_bottom(n));
        let z = ctx.constant(Value::Int(0), int.clone()).unwrap();
        assert_eq!(ctx.truthiness(z), Some(false));
        let none = ctx.constant(Value::None, vm.types.none.clone()).unwrap();
        assert_eq!(ctx.truthiness(none), Some(false));
    }
}
