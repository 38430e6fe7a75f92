//! Name access: which opcode family a name uses (`LOAD_FAST`, `LOAD_GLOBAL`, `LOAD_NAME`,
//! `LOAD_DEREF`, ...) from its symbol-table scope, the kind of code unit and whether an inlined
//! comprehension is being compiled (CPython's `compiler_nameop`).

use super::ir::Loc;
use super::{CResult, Compiler};
use crate::bytecode::Opcode;
use crate::symtable::{NameScope, ScopeKind};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    Load,
    Store,
    Del,
}

impl<'a> Compiler<'a> {
    // ---- names ----

    /// The scope a name has at this point, taking an inlined comprehension into account.
    pub(crate) fn name_scope(&self, name: &str) -> NameScope {
        // The implicit `__class__` cell of a class body, unless the body binds the name itself
        // (`__class__ = property(...)` is an ordinary class attribute).
        if name == "__class__"
            && self.scope().kind == ScopeKind::Class
            && self.scope().flags(name) & crate::symtable::DEF_BOUND == 0
        {
            return NameScope::Cell;
        }
        let outer = self.scope().scope_of(name);
        if let Some(&comp) = self.ur().inlined.last() {
            let cs = &self.symtable.scopes[comp];
            if cs.symbols.contains_key(name) {
                let inner = cs.scope_of(name);
                if inner != outer && !matches!(inner, NameScope::Free | NameScope::Cell) {
                    return inner;
                }
                // Free outside and a cell inside: treated as free throughout (CPython's
                // push_inlined_comprehension_state; *_DEREF either way), but in a class body,
                // where the comprehension's own scope always wins.
                let in_class = self.scope().kind == ScopeKind::Class;
                if inner == NameScope::Cell && outer == NameScope::Free && !in_class {
                    return NameScope::Free;
                }
                // A module or class name that is a cell inside this comprehension only.
                if inner == NameScope::Cell && self.scope().comp_cells.contains(name) {
                    return NameScope::Cell;
                }
            }
        }
        outer
    }

    fn nameop(&mut self, name: &str, ctx: Ctx, loc: Loc) -> CResult {
        let mangled = self.mangle(name);
        let name = mangled.as_str();
        let scope = self.name_scope(name);
        let function_like = self.scope().is_function_like();
        let in_class = self.scope().kind == ScopeKind::Class;
        let in_comp = !self.ur().inlined.is_empty();
        enum Kind {
            Fast,
            Global,
            Name,
            Deref,
        }
        let kind = match scope {
            NameScope::Free | NameScope::Cell => Kind::Deref,
            NameScope::Local if function_like => Kind::Fast,
            NameScope::Local if self.ur().fasthidden.get(name) == Some(&true) => Kind::Fast,
            NameScope::Local => Kind::Name,
            NameScope::GlobalImplicit if function_like => Kind::Global,
            NameScope::GlobalImplicit => Kind::Name,
            NameScope::GlobalExplicit => Kind::Global,
        };
        match kind {
            Kind::Fast => {
                let i = self.varname_index(name);
                let op = match ctx {
                    Ctx::Load => Opcode::LOAD_FAST,
                    Ctx::Store => Opcode::STORE_FAST,
                    Ctx::Del => Opcode::DELETE_FAST,
                };
                self.op_arg(op, i, loc);
            }
            Kind::Deref => {
                let i = self.deref_index(name, scope);
                let op = match ctx {
                    Ctx::Load if in_class && !in_comp => {
                        self.op(Opcode::LOAD_LOCALS, loc);
                        Opcode::LOAD_FROM_DICT_OR_DEREF
                    }
                    Ctx::Load if self.scope().can_see_class_scope => {
                        self.load_classdict(loc);
                        Opcode::LOAD_FROM_DICT_OR_DEREF
                    }
                    Ctx::Load => Opcode::LOAD_DEREF,
                    Ctx::Store => Opcode::STORE_DEREF,
                    Ctx::Del => Opcode::DELETE_DEREF,
                };
                self.op_arg(op, i, loc);
            }
            Kind::Global
                if ctx == Ctx::Load
                    && scope == NameScope::GlobalImplicit
                    && self.scope().can_see_class_scope =>
            {
                self.load_classdict(loc);
                let i = self.name_index(name);
                self.op_arg(Opcode::LOAD_FROM_DICT_OR_GLOBALS, i, loc);
            }
            Kind::Global => {
                let i = self.name_index(name);
                match ctx {
                    Ctx::Load => self.op_arg(Opcode::LOAD_GLOBAL, i << 1, loc),
                    Ctx::Store => self.op_arg(Opcode::STORE_GLOBAL, i, loc),
                    Ctx::Del => self.op_arg(Opcode::DELETE_GLOBAL, i, loc),
                }
            }
            Kind::Name => {
                let i = self.name_index(name);
                match ctx {
                    Ctx::Load if in_class && in_comp => {
                        self.op_arg(Opcode::LOAD_GLOBAL, i << 1, loc)
                    }
                    Ctx::Load => self.op_arg(Opcode::LOAD_NAME, i, loc),
                    Ctx::Store => self.op_arg(Opcode::STORE_NAME, i, loc),
                    Ctx::Del => self.op_arg(Opcode::DELETE_NAME, i, loc),
                }
            }
        }
        Ok(())
    }

    /// An annotation scope in a class body reads the class namespace first: the class's
    /// `__classdict__` cell, free here.
    fn load_classdict(&mut self, loc: Loc) {
        let i = self.deref_index("__classdict__", NameScope::Free);
        self.op_arg(Opcode::LOAD_DEREF, i, loc);
    }

    /// Pre-layout index of a cell (`0..ncells`) or free variable (`ncells..`).
    pub(crate) fn deref_index(&mut self, name: &str, scope: NameScope) -> u32 {
        let u = self.u();
        if scope == NameScope::Cell {
            if let Some(i) = u.cellvars.get_index_of(name) {
                return i as u32;
            }
        }
        let ncells = u.cellvars.len();
        let i = u.freevars.insert_full(name.to_string()).0;
        (ncells + i) as u32
    }

    pub(crate) fn load_name(&mut self, name: &str, loc: Loc) -> CResult {
        self.nameop(name, Ctx::Load, loc)
    }

    pub(crate) fn store_name(&mut self, name: &str, loc: Loc) -> CResult {
        self.nameop(name, Ctx::Store, loc)
    }

    pub(crate) fn delete_name(&mut self, name: &str, loc: Loc) -> CResult {
        self.nameop(name, Ctx::Del, loc)
    }
}
