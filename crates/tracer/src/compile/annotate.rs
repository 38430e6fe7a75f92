//! Annotations as CPython 3.13 compiles them (PEP 526 and PEP 3107, before PEP 649's lazy
//! annotations of 3.14):
//!
//! - a module or class body with an annotated assignment anywhere in its own statements starts
//!   with `SETUP_ANNOTATIONS` (the `__annotations__` dict);
//! - `x: T = v` stores `v`, then, for a simple name in a module or class, evaluates `T` and
//!   stores it as `__annotations__['x']`; in a function the annotation is never evaluated;
//!   `a.b: T` and `a[i]: T` evaluate their target's parts (and, outside functions, `T`) and
//!   drop them;
//! - a function's parameter and return annotations become a tuple of name/value pairs passed
//!   to `SET_FUNCTION_ATTRIBUTE 4`.
//!
//! Under `from __future__ import annotations` each annotation is instead a string constant:
//! its expression written back as source text (`unparse.rs`, CPython's
//! `_PyAST_ExprAsUnicode`), never evaluated.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::ir::Loc;
use super::{CResult, Compiler};
use crate::bytecode::Opcode;
use crate::code::Const;
use crate::symtable::ScopeKind;

/// CPython's `find_ann`: does this body (not counting nested defs and classes) annotate?
pub(crate) fn find_ann(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::For(f) => find_ann(&f.body) || find_ann(&f.orelse),
        Stmt::While(w) => find_ann(&w.body) || find_ann(&w.orelse),
        Stmt::If(i) => find_ann(&i.body) || i.elif_else_clauses.iter().any(|c| find_ann(&c.body)),
        Stmt::With(w) => find_ann(&w.body),
        Stmt::Try(t) => {
            t.handlers.iter().any(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                find_ann(&h.body)
            }) || find_ann(&t.body)
                || find_ann(&t.finalbody)
                || find_ann(&t.orelse)
        }
        Stmt::Match(m) => m.cases.iter().any(|c| find_ann(&c.body)),
        _ => false,
    })
}

impl<'a> Compiler<'a> {
    fn in_module_or_class(&self) -> bool {
        matches!(self.scope().kind, ScopeKind::Module | ScopeKind::Class)
    }

    /// An annotation's value (the expression itself; its text under the future import).
    fn annotation(&mut self, e: &'a Expr) -> CResult {
        if self.future_annotations {
            let text = super::unparse::annotation_text(e)
                .map_err(|what| self.unsupported(what, e.range()))?;
            let loc = self.loc(e.range());
            self.load_const(Const::Str(text.into()), loc);
            return Ok(());
        }
        self.expr(e)
    }

    /// `SETUP_ANNOTATIONS` at the start of a module or class body that annotates.
    pub(crate) fn setup_annotations(&mut self, body: &'a [Stmt], loc: Loc) -> CResult {
        if !find_ann(body) {
            return Ok(());
        }
        self.op(Opcode::SETUP_ANNOTATIONS, loc);
        Ok(())
    }

    /// `target: annotation [= value]` (CPython's `compiler_annassign`).
    pub(crate) fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign, loc: Loc) -> CResult {
        if let Some(v) = &a.value {
            self.expr(v)?;
            self.store_target(&a.target)?;
        }
        match &*a.target {
            Expr::Name(n) if a.simple && self.in_module_or_class() => {
                self.annotation(&a.annotation)?;
                self.load_name("__annotations__", loc)?;
                let name = self.mangle(n.id.as_str());
                self.load_const(Const::Str(name.into()), loc);
                self.op(Opcode::STORE_SUBSCR, loc);
            }
            Expr::Attribute(at) if a.value.is_none() => self.check_ann_expr(&at.value)?,
            Expr::Subscript(s) if a.value.is_none() => {
                self.check_ann_expr(&s.value)?;
                self.check_ann_subscr(&s.slice)?;
            }
            _ => {}
        }
        if !a.simple && !self.future_annotations && self.in_module_or_class() {
            self.check_ann_expr(&a.annotation)?;
        }
        Ok(())
    }

    fn check_ann_expr(&mut self, e: &'a Expr) -> CResult {
        self.expr(e)?;
        let loc = self.loc(e.range());
        self.op(Opcode::POP_TOP, loc);
        Ok(())
    }

    /// A subscript target's index, part by part (a slice's bounds, a tuple's items).
    fn check_ann_subscr(&mut self, e: &'a Expr) -> CResult {
        match e {
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.check_ann_expr(part)?;
                }
                Ok(())
            }
            Expr::Tuple(t) => t.elts.iter().try_for_each(|x| self.check_ann_subscr(x)),
            other => self.check_ann_expr(other),
        }
    }

    /// A function's annotations as a tuple of (name, value) pairs on the stack; returns
    /// whether there were any (CPython's `compiler_visit_annotations`).
    pub(crate) fn function_annotations(
        &mut self,
        p: &'a ast::Parameters,
        returns: Option<&'a Expr>,
        loc: Loc,
    ) -> CResult<bool> {
        let mut n = 0;
        let plain = p.args.iter().chain(&p.posonlyargs).map(|a| &a.parameter);
        for param in plain {
            n += self.arg_annotation(param, loc)?;
        }
        if let Some(v) = &p.vararg {
            n += self.arg_annotation(v, loc)?;
        }
        for param in p.kwonlyargs.iter().map(|a| &a.parameter) {
            n += self.arg_annotation(param, loc)?;
        }
        if let Some(k) = &p.kwarg {
            n += self.arg_annotation(k, loc)?;
        }
        if let Some(r) = returns {
            self.load_const(Const::Str("return".into()), loc);
            self.annotation(r)?;
            n += 2;
        }
        if n > 0 {
            self.op_arg(Opcode::BUILD_TUPLE, n, loc);
        }
        Ok(n > 0)
    }

    fn arg_annotation(&mut self, p: &'a ast::Parameter, loc: Loc) -> CResult<u32> {
        let Some(ann) = &p.annotation else {
            return Ok(0);
        };
        let name = self.mangle(p.name.id.as_str());
        self.load_const(Const::Str(name.into()), loc);
        match &**ann {
            // `*args: *Ts` (PEP 646) annotates with the one item of the unpacked value.
            Expr::Starred(s) if !self.future_annotations => {
                self.expr(&s.value)?;
                self.op_arg(Opcode::UNPACK_SEQUENCE, 1, loc);
            }
            other => self.annotation(other)?,
        }
        Ok(2)
    }
}
