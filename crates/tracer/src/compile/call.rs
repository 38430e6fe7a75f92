//! Calls: `f(a, k=v)` (PUSH_NULL, CALL / CALL_KW with a tuple of keyword names), the method
//! form `o.m(a)` (LOAD_ATTR with the method bit), zero- and two-argument `super()` (LOAD_SUPER_ATTR)
//! and MAKE_FUNCTION with its closure tuple, as CPython 3.13 compiles them.

use ruff_python_ast::{self as ast, Expr, ExprContext};
use ruff_text_size::Ranged;

use super::expr::{WithLoc, STACK_USE_GUIDELINE};
use super::ir::{self, Loc};
use super::{CResult, Compiler};
use crate::bytecode::Opcode;
use crate::code::{CodeObject, Const};
use crate::symtable::{NameScope, ScopeKind, DEF_IMPORT};

impl<'a> Compiler<'a> {
    // ---- calls ----

    pub(crate) fn call(&mut self, c: &'a ast::ExprCall, loc: Loc) -> CResult {
        if self.maybe_method_call(c, loc)? {
            return Ok(());
        }
        self.expr(&c.func)?;
        let floc = self.loc(c.func.range());
        self.op(Opcode::PUSH_NULL, floc);
        self.call_helper(loc, 0, &c.arguments.args, &c.arguments.keywords)
    }

    /// `is_import_originated`: whether the module scope binds the name by an import (then
    /// `name.attr(...)` is not compiled as a method call). CPython reads the module's symbol
    /// table, which an inlined comprehension at module level has temporarily overwritten with
    /// its own entry for each name whose scope differs inside it (`push_inlined_comprehension_
    /// state`): there `[math.f(x) for x in xs]` sees the comprehension's `math`, no import.
    fn is_import_originated(&self, e: &Expr) -> bool {
        let Expr::Name(n) = e else {
            return false;
        };
        let name = n.id.as_str();
        let module = &self.symtable.scopes[0];
        let mut flags = module.flags(name);
        if self.scope().kind == ScopeKind::Module {
            let mut outer = module.scope_of(name);
            for &comp in &self.ur().inlined {
                let inner = &self.symtable.scopes[comp];
                if !inner.symbols.contains_key(name) {
                    continue;
                }
                let scope = inner.scope_of(name);
                if scope != outer && !(scope == NameScope::Cell && outer == NameScope::Free) {
                    flags = inner.flags(name);
                    outer = scope;
                }
            }
        }
        flags & DEF_IMPORT != 0
    }

    fn maybe_method_call(&mut self, c: &'a ast::ExprCall, call_loc: Loc) -> CResult<bool> {
        let Expr::Attribute(meth) = &*c.func else {
            return Ok(false);
        };
        if meth.ctx != ExprContext::Load || self.is_import_originated(&meth.value) {
            return Ok(false);
        }
        let (args, kws) = (&c.arguments.args, &c.arguments.keywords);
        if args.len() + kws.len() + usize::from(!kws.is_empty()) >= STACK_USE_GUIDELINE
            || args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || kws.iter().any(|k| k.arg.is_none())
        {
            return Ok(false);
        }
        self.validate_keywords(kws)?;
        let loc = self.loc(meth.range);
        let aloc = self.attr_loc(loc, meth);
        if let Some(nargs) = self.can_optimize_super_call(meth) {
            self.load_args_for_super(&meth.value)?;
            let i = self.attr_index(meth.attr.id.as_str());
            let arg = (i << 2) | if nargs > 0 { 3 } else { 1 };
            self.op_arg(Opcode::LOAD_SUPER_ATTR, arg, loc);
            self.op(Opcode::NOP, aloc);
        } else {
            self.expr(&meth.value)?;
            let i = self.attr_index(meth.attr.id.as_str());
            self.op_arg(Opcode::LOAD_ATTR, (i << 1) | 1, aloc);
        }
        for a in args.iter() {
            self.expr(a)?;
        }
        let cloc = self.attr_loc(call_loc, meth);
        if kws.is_empty() {
            self.op_arg(Opcode::CALL, args.len() as u32, cloc);
        } else {
            for k in kws.iter() {
                self.expr(&k.value)?;
            }
            // The names tuple is placed where the method was loaded.
            self.kwnames(kws, aloc);
            self.op_arg(Opcode::CALL_KW, (args.len() + kws.len()) as u32, cloc);
        }
        Ok(true)
    }

    pub(crate) fn kwnames(&mut self, kws: &[ast::Keyword], loc: Loc) {
        let names: Vec<Const> = kws
            .iter()
            .map(|k| Const::Str(k.arg.as_ref().map_or("", |a| a.id.as_str()).into()))
            .collect();
        self.load_const(Const::Tuple(names.into()), loc);
    }

    /// `Some(number of explicit args)` when `a` is `super().attr` / `super(C, self).attr`
    /// and can use LOAD_SUPER_ATTR.
    pub(crate) fn can_optimize_super_call(&self, a: &ast::ExprAttribute) -> Option<usize> {
        let Expr::Call(call) = &*a.value else {
            return None;
        };
        let Expr::Name(n) = &*call.func else {
            return None;
        };
        if n.id.as_str() != "super"
            || a.attr.id.as_str() == "__class__"
            || !call.arguments.keywords.is_empty()
        {
            return None;
        }
        if self.name_scope("super") != NameScope::GlobalImplicit
            || self.symtable.scopes[0].symbols.contains_key("super")
        {
            return None;
        }
        let nargs = call.arguments.args.len();
        if nargs == 2 {
            return (!call
                .arguments
                .args
                .iter()
                .any(|x| matches!(x, Expr::Starred(_))))
            .then_some(2);
        }
        if nargs != 0 || self.ur().argcount == 0 {
            return None;
        }
        (self.name_scope("__class__") == NameScope::Free).then_some(0)
    }

    pub(crate) fn load_args_for_super(&mut self, value: &'a Expr) -> CResult {
        let Expr::Call(call) = value else {
            return Ok(());
        };
        let loc = self.loc(value.range());
        let floc = self.loc(call.func.range());
        self.load_name("super", floc)?;
        if call.arguments.args.len() == 2 {
            self.expr(&call.arguments.args[0])?;
            self.expr(&call.arguments.args[1])?;
            return Ok(());
        }
        self.load_name("__class__", loc)?;
        let first = self.ur().varnames.get_index(0).cloned().unwrap_or_default();
        self.load_name(&first, loc)
    }

    /// Arguments and the CALL/CALL_KW of a call whose callable (and NULL) are pushed.
    /// CPython's `validate_keywords`: a keyword given twice is a compile-time error, reported
    /// at the second one.
    pub(crate) fn validate_keywords(&self, kws: &[ast::Keyword]) -> CResult {
        for (i, k) in kws.iter().enumerate() {
            let Some(name) = &k.arg else { continue };
            if kws[..i]
                .iter()
                .any(|p| p.arg.as_ref().map(|a| a.id.as_str()) == Some(name.id.as_str()))
            {
                let message = format!("keyword argument repeated: {}", name.id.as_str());
                return Err(self.invalid(&message, k.range));
            }
        }
        Ok(())
    }

    pub(crate) fn call_helper(
        &mut self,
        loc: Loc,
        n: usize,
        args: &'a [Expr],
        kws: &'a [ast::Keyword],
    ) -> CResult {
        self.validate_keywords(kws)?;
        let starred = args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || kws.iter().any(|k| k.arg.is_none());
        if starred || args.len() + kws.len() * 2 > STACK_USE_GUIDELINE {
            return self.ex_call(loc, n, args, kws);
        }
        for a in args {
            self.expr(a)?;
        }
        if kws.is_empty() {
            self.op_arg(Opcode::CALL, (n + args.len()) as u32, loc);
        } else {
            for k in kws {
                self.expr(&k.value)?;
            }
            self.kwnames(kws, loc);
            self.op_arg(Opcode::CALL_KW, (n + args.len() + kws.len()) as u32, loc);
        }
        Ok(())
    }

    /// `f(*a, **k)`: the positional arguments become one tuple (a list built with
    /// LIST_APPEND/LIST_EXTEND, then made a tuple), the keywords one dict (BUILD_MAP or
    /// BUILD_CONST_KEY_MAP runs merged with DICT_MERGE), and CALL_FUNCTION_EX calls.
    fn ex_call(
        &mut self,
        loc: Loc,
        n: usize,
        args: &'a [Expr],
        kws: &'a [ast::Keyword],
    ) -> CResult {
        if n > 0 && !self.for_listing {
            let first = args.first().map_or(loc, |a| self.loc(a.range()));
            return Err(self
                .unsupported(
                    "starred class bases or keywords (`*` or `**` in a class statement)",
                    ruff_text_size::TextRange::default(),
                )
                .with_loc(self, first));
        }
        match args {
            [Expr::Starred(s)] if n == 0 => self.expr(&s.value)?,
            _ => self.starunpack_pushed(
                args,
                n,
                loc,
                (Opcode::BUILD_LIST, Opcode::LIST_APPEND, Opcode::LIST_EXTEND),
                true,
            )?,
        }
        self.ex_call_keywords(kws, loc)?;
        self.op_arg(Opcode::CALL_FUNCTION_EX, u32::from(!kws.is_empty()), loc);
        Ok(())
    }

    /// The keywords of a `CALL_FUNCTION_EX` call as one dict (nothing when there are none).
    pub(crate) fn ex_call_keywords(&mut self, kws: &'a [ast::Keyword], loc: Loc) -> CResult {
        if !kws.is_empty() {
            let mut have_dict = false;
            let mut seen = 0;
            for (i, k) in kws.iter().enumerate() {
                if k.arg.is_some() {
                    seen += 1;
                    continue;
                }
                if seen > 0 {
                    self.subkwargs(&kws[i - seen..i], loc)?;
                    if have_dict {
                        self.op_arg(Opcode::DICT_MERGE, 1, loc);
                    }
                    have_dict = true;
                    seen = 0;
                }
                if !have_dict {
                    self.op_arg(Opcode::BUILD_MAP, 0, loc);
                    have_dict = true;
                }
                self.expr(&k.value)?;
                self.op_arg(Opcode::DICT_MERGE, 1, loc);
            }
            if seen > 0 {
                self.subkwargs(&kws[kws.len() - seen..], loc)?;
                if have_dict {
                    self.op_arg(Opcode::DICT_MERGE, 1, loc);
                }
            }
        }
        Ok(())
    }

    /// A run of named keywords as one dict (`compiler_subkwargs`).
    fn subkwargs(&mut self, kws: &'a [ast::Keyword], loc: Loc) -> CResult {
        let n = kws.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in kws {
                self.expr(&k.value)?;
            }
            self.kwnames(kws, loc);
            self.op_arg(Opcode::BUILD_CONST_KEY_MAP, n as u32, loc);
            return Ok(());
        }
        if big {
            self.op_arg(Opcode::BUILD_MAP, 0, Loc::NONE);
        }
        for k in kws {
            let name = k.arg.as_ref().map_or("", |a| a.id.as_str());
            self.load_const(Const::Str(name.into()), loc);
            self.expr(&k.value)?;
            if big {
                self.op_arg(Opcode::MAP_ADD, 1, Loc::NONE);
            }
        }
        if !big {
            self.op_arg(Opcode::BUILD_MAP, n as u32, loc);
        }
        Ok(())
    }

    /// MAKE_FUNCTION for a finished code object, with its closure tuple and attributes.
    pub(crate) fn make_closure(&mut self, code: CodeObject, flags: u32, loc: Loc) -> CResult {
        let frees = code.freevars();
        let mut flags = flags;
        if !frees.is_empty() {
            for name in &frees {
                // CPython's `get_ref_type`: a class body's `__class__` is always its cell.
                let class_cell = matches!(&**name, "__class__" | "__classdict__")
                    && self.scope().kind == crate::symtable::ScopeKind::Class;
                let scope = self.name_scope(name);
                let i = if scope == NameScope::Cell || class_cell {
                    self.ur().cellvars.get_index_of(&**name).unwrap_or(0) as u32
                } else {
                    self.deref_index(name, NameScope::Free)
                };
                self.emit(ir::LOAD_CLOSURE, i, loc);
            }
            flags |= 8;
            self.op_arg(Opcode::BUILD_TUPLE, frees.len() as u32, loc);
        }
        self.load_const(Const::Code(std::rc::Rc::new(code)), loc);
        self.op(Opcode::MAKE_FUNCTION, loc);
        for bit in [8, 4, 2, 1] {
            if flags & bit != 0 {
                self.op_arg(Opcode::SET_FUNCTION_ATTRIBUTE, bit, loc);
            }
        }
        Ok(())
    }
}
