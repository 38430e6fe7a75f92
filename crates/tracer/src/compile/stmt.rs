//! Code generation for statements, following CPython 3.13's `compiler_visit_stmt` and friends:
//! the same instruction order and locations, so the CFG passes see what CPython's see.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::ir::{self, Loc};
use super::{docstring, CResult, Compiler, FBlock, FBlockKind};
use crate::bytecode::{Opcode, INTRINSIC_STOPITERATION_ERROR};
use crate::code::Const;

/// Inline docstring cleanup as CPython 3.13 does it: the first line loses its leading
/// whitespace, the other lines lose their common indentation.
pub(crate) fn clean_doc(doc: &str) -> String {
    let doc = doc.replace('\t', "        ");
    let lines: Vec<&str> = doc.split('\n').collect();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push(l.trim_start_matches(' ').to_string());
        } else {
            out.push(l.get(margin.min(l.len())..).unwrap_or("").to_string());
        }
    }
    out.join("\n")
}

impl<'a> Compiler<'a> {
    pub(crate) fn module_body(&mut self, body: &'a [Stmt]) -> CResult {
        let loc = body.first().map_or(Loc::NONE, |s| self.loc(s.range()));
        self.body_with_docstring(body, loc)
    }

    /// Module and class bodies: `SETUP_ANNOTATIONS` if they annotate, then a docstring is
    /// stored as `__doc__`.
    fn body_with_docstring(&mut self, body: &'a [Stmt], loc: Loc) -> CResult {
        self.setup_annotations(body, loc)?;
        let mut rest = body;
        if let Some(doc) = docstring(body) {
            let loc = self.loc(doc.range);
            self.load_const(Const::Str(clean_doc(doc.value.to_str()).into()), loc);
            self.store_name("__doc__", Loc::NONE)?;
            rest = &body[1..];
        }
        self.stmts(rest)
    }

    pub(crate) fn stmts(&mut self, body: &'a [Stmt]) -> CResult {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult {
        let loc = self.loc(s.range());
        match s {
            Stmt::FunctionDef(f) => self.function_def(f),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Return(r) => self.return_stmt(r, loc),
            Stmt::Delete(d) => d.targets.iter().try_for_each(|t| self.delete_target(t)),
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.op_arg(Opcode::COPY, 1, loc);
                    }
                    self.store_target(t)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.aug_assign(a, loc),
            Stmt::For(f) if !f.is_async => self.for_stmt(f, loc),
            Stmt::While(w) => self.while_stmt(w, loc),
            Stmt::If(i) => self.if_stmt(&i.test, &i.body, &i.elif_else_clauses, loc),
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n += 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n += 1;
                    }
                }
                self.op_arg(Opcode::RAISE_VARARGS, n, loc);
                Ok(())
            }
            Stmt::Try(t) => {
                if t.handlers.is_empty() && !t.orelse.is_empty() {
                    // `try: ... else: ... finally: ...` without an `except`: CPython's
                    // grammar has no such form (ruff's parser accepts it).
                    let body_start = t.orelse[0].range().start().to_usize();
                    let at = self.source[..body_start]
                        .rfind("else")
                        .unwrap_or(body_start);
                    let at = ruff_text_size::TextSize::from(at as u32);
                    let range =
                        ruff_text_size::TextRange::at(at, ruff_text_size::TextSize::from(4));
                    return Err(self.invalid("expected 'except' or 'finally' block", range));
                }
                if t.finalbody.is_empty() && t.is_star {
                    self.try_star_except(t, loc)
                } else if t.finalbody.is_empty() {
                    self.try_except(t, loc)
                } else {
                    self.try_finally(t, loc)
                }
            }
            Stmt::Assert(a) => {
                let end = self.new_label();
                self.jump_if(&a.test, end, true)?;
                self.op(Opcode::LOAD_ASSERTION_ERROR, loc);
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                    self.op_arg(Opcode::CALL, 0, loc);
                }
                let test_loc = self.loc(a.test.range());
                self.op_arg(Opcode::RAISE_VARARGS, 1, test_loc);
                self.use_label(end);
                Ok(())
            }
            Stmt::Import(i) => self.import(i, loc),
            Stmt::Global(_) | Stmt::Nonlocal(_) => Ok(()),
            Stmt::Expr(e) => {
                if self.folder.fold(&e.value).is_some() {
                    self.op(Opcode::NOP, loc);
                    return Ok(());
                }
                self.expr(&e.value)?;
                self.op(Opcode::POP_TOP, Loc::NONE);
                Ok(())
            }
            Stmt::Pass(_) => {
                self.op(Opcode::NOP, loc);
                Ok(())
            }
            Stmt::Break(_) => self.break_stmt(loc, s),
            Stmt::Continue(_) => self.continue_stmt(loc, s),
            Stmt::For(f) => self.async_for(f, loc),
            Stmt::With(w) if w.is_async => self.async_with(w, 0),
            Stmt::With(w) => self.with_stmt(w, 0),
            Stmt::Match(m) => self.match_stmt(m),
            Stmt::ImportFrom(i) => self.import_from(i, loc),
            Stmt::AnnAssign(a) => self.ann_assign(a, loc),
            Stmt::TypeAlias(t) => self.type_alias(t, loc),
            Stmt::IpyEscapeCommand(_) => Err(self.unsupported("IPython escape", s.range())),
        }
    }

    fn return_stmt(&mut self, r: &'a ast::StmtReturn, stmt_loc: Loc) -> CResult {
        if !self.scope().is_function_like() {
            return Err(self.invalid("'return' outside function", r.range));
        }
        let constant = r.value.as_deref().and_then(|v| self.folder.fold(v));
        let preserve_tos = r.value.is_some() && constant.is_none();
        let mut loc = stmt_loc;
        if preserve_tos {
            self.expr(r.value.as_deref().unwrap())?;
        } else if let Some(v) = &r.value {
            // The constant is loaded (and returned) at the value's own location.
            loc = self.loc(v.range());
            self.op(Opcode::NOP, loc);
        }
        let value_line = r.value.as_deref().map(|v| self.loc(v.range()).line);
        if value_line != Some(stmt_loc.line) {
            loc = stmt_loc;
            self.op(Opcode::NOP, loc);
        }
        // The error points where the unwinding would start: a constant's own location.
        let at = match &r.value {
            Some(v) if !preserve_tos && value_line == Some(stmt_loc.line) => v.range(),
            _ => r.range,
        };
        self.check_except_star_exit(at, false)?;
        self.unwind_fblock_stack(&mut loc, preserve_tos, false)?;
        if !preserve_tos {
            self.load_const(constant.unwrap_or(Const::None), loc);
        }
        self.op(Opcode::RETURN_VALUE, loc);
        Ok(())
    }

    fn break_stmt(&mut self, loc: Loc, s: &Stmt) -> CResult {
        self.check_except_star_exit(s.range(), true)?;
        self.op(Opcode::NOP, loc);
        let mut loc = loc;
        let Some(idx) = self.unwind_fblock_stack(&mut loc, false, true)? else {
            return Err(self.invalid("'break' outside loop", s.range()));
        };
        let fb = self.ur().fblocks[idx].clone();
        self.unwind_fblock(&mut loc, &fb, false)?;
        self.jump(ir::JUMP, fb.exit.unwrap(), loc);
        Ok(())
    }

    fn continue_stmt(&mut self, loc: Loc, s: &Stmt) -> CResult {
        self.check_except_star_exit(s.range(), true)?;
        self.op(Opcode::NOP, loc);
        let mut loc = loc;
        let Some(idx) = self.unwind_fblock_stack(&mut loc, false, true)? else {
            return Err(self.invalid("'continue' not properly in loop", s.range()));
        };
        let fb = self.ur().fblocks[idx].clone();
        self.jump(ir::JUMP, fb.block.unwrap(), loc);
        Ok(())
    }

    /// Emits the cleanup of every fblock up to (not including) the innermost loop when
    /// `stop_at_loop`; returns that loop's index.
    fn unwind_fblock_stack(
        &mut self,
        loc: &mut Loc,
        preserve_tos: bool,
        stop_at_loop: bool,
    ) -> CResult<Option<usize>> {
        let n = self.ur().fblocks.len();
        for idx in (0..n).rev() {
            let fb = self.ur().fblocks[idx].clone();
            if stop_at_loop && matches!(fb.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop) {
                return Ok(Some(idx));
            }
            // While the fblock's own cleanup runs it is no longer active.
            let saved = self.u().fblocks.split_off(idx);
            let r = self.unwind_fblock(loc, &fb, preserve_tos);
            self.u().fblocks.extend(saved);
            r?;
        }
        Ok(None)
    }

    fn unwind_fblock(&mut self, loc: &mut Loc, fb: &FBlock<'a>, preserve_tos: bool) -> CResult {
        match &fb.kind {
            FBlockKind::WhileLoop | FBlockKind::ExceptionHandler => {}
            // Refused before unwinding starts (`check_except_star_exit`).
            FBlockKind::ExceptionGroupHandler => {}
            FBlockKind::ForLoop => {
                if preserve_tos {
                    self.op_arg(Opcode::SWAP, 2, *loc);
                }
                self.op(Opcode::POP_TOP, *loc);
            }
            FBlockKind::TryExcept => self.emit(ir::POP_BLOCK, 0, *loc),
            FBlockKind::FinallyTry(body) => {
                self.emit(ir::POP_BLOCK, 0, *loc);
                if preserve_tos {
                    self.push_fblock(FBlockKind::PopValue, None, None, TextRange::default())?;
                }
                self.stmts(body)?;
                if preserve_tos {
                    self.u().fblocks.pop();
                }
                *loc = Loc::NONE;
            }
            FBlockKind::FinallyEnd => {
                if preserve_tos {
                    self.op_arg(Opcode::SWAP, 2, *loc);
                }
                self.op(Opcode::POP_TOP, *loc);
                if preserve_tos {
                    self.op_arg(Opcode::SWAP, 2, *loc);
                }
                self.emit(ir::POP_BLOCK, 0, *loc);
                self.op(Opcode::POP_EXCEPT, *loc);
            }
            FBlockKind::HandlerCleanup(name) => {
                if name.is_some() {
                    self.emit(ir::POP_BLOCK, 0, *loc);
                }
                if preserve_tos {
                    self.op_arg(Opcode::SWAP, 2, *loc);
                }
                self.emit(ir::POP_BLOCK, 0, *loc);
                self.op(Opcode::POP_EXCEPT, *loc);
                if let Some(name) = name {
                    self.load_const(Const::None, *loc);
                    self.store_name(name, *loc)?;
                    self.delete_name(name, *loc)?;
                }
            }
            FBlockKind::With(at) => self.unwind_with(loc, *at, preserve_tos),
            FBlockKind::AsyncWith(at) => self.unwind_async_with(loc, *at, preserve_tos),
            FBlockKind::PopValue => {
                if preserve_tos {
                    self.op_arg(Opcode::SWAP, 2, *loc);
                }
                self.op(Opcode::POP_TOP, *loc);
            }
        }
        Ok(())
    }

    /// Opens a frame block; CPython refuses a 21st one open at once, naming `range` (the
    /// statement that opens it).
    pub(crate) fn push_fblock(
        &mut self,
        kind: FBlockKind<'a>,
        block: Option<super::Label>,
        exit: Option<super::Label>,
        range: TextRange,
    ) -> CResult {
        if self.ur().fblocks.len() >= super::limits::CO_MAXBLOCKS {
            return Err(self.invalid("too many statically nested blocks", range));
        }
        self.u().fblocks.push(FBlock { kind, block, exit });
        Ok(())
    }

    fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    fn if_stmt(
        &mut self,
        test: &'a Expr,
        body: &'a [Stmt],
        clauses: &'a [ast::ElifElseClause],
        loc: Loc,
    ) -> CResult {
        let _ = loc;
        let end = self.new_label();
        let next = if clauses.is_empty() {
            end
        } else {
            self.new_label()
        };
        self.jump_if(test, next, false)?;
        self.stmts(body)?;
        if let Some((first, rest)) = clauses.split_first() {
            self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
            self.use_label(next);
            match &first.test {
                Some(t) => {
                    let l = self.loc(first.range);
                    self.if_stmt(t, &first.body, rest, l)?;
                }
                None => self.stmts(&first.body)?,
            }
        }
        self.use_label(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile, _loc: Loc) -> CResult {
        let (lp, body, end, anchor) = (
            self.new_label(),
            self.new_label(),
            self.new_label(),
            self.new_label(),
        );
        self.use_label(lp);
        self.push_fblock(FBlockKind::WhileLoop, Some(lp), Some(end), w.range)?;
        self.jump_if(&w.test, anchor, false)?;
        self.use_label(body);
        self.stmts(&w.body)?;
        self.jump_if(&w.test, body, true)?;
        self.pop_fblock();
        self.use_label(anchor);
        self.stmts(&w.orelse)?;
        self.use_label(end);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor, loc: Loc) -> CResult {
        let (start, body, cleanup, end) = (
            self.new_label(),
            self.new_label(),
            self.new_label(),
            self.new_label(),
        );
        self.push_fblock(FBlockKind::ForLoop, Some(start), Some(end), f.range)?;
        self.iter_expr(&f.iter)?;
        let iter_loc = self.loc(f.iter.range());
        self.op(Opcode::GET_ITER, iter_loc);
        self.use_label(start);
        self.jump(ir::real(Opcode::FOR_ITER), cleanup, iter_loc);
        let target_loc = self.loc(f.target.range());
        self.op(Opcode::NOP, target_loc);
        self.use_label(body);
        self.store_target(&f.target)?;
        self.stmts(&f.body)?;
        self.jump(ir::JUMP, start, Loc::NONE);
        self.use_label(cleanup);
        self.op(Opcode::END_FOR, Loc::NONE);
        self.op(Opcode::POP_TOP, Loc::NONE);
        self.pop_fblock();
        let _ = loc;
        self.stmts(&f.orelse)?;
        self.use_label(end);
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign, stmt_loc: Loc) -> CResult {
        let target = &*a.target;
        let loc = self.loc(target.range());
        match target {
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.op_arg(Opcode::COPY, 1, loc);
                let aloc = self.attr_loc(loc, at);
                let idx = self.attr_index(at.attr.id.as_str());
                self.op_arg(Opcode::LOAD_ATTR, idx << 1, aloc);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                if let Expr::Slice(sl) = &*s.slice {
                    if sl.step.is_none() {
                        self.slice_parts(sl)?;
                        for _ in 0..3 {
                            self.op_arg(Opcode::COPY, 3, loc);
                        }
                        self.op(Opcode::BINARY_SLICE, loc);
                    } else {
                        self.expr(&s.slice)?;
                        self.op_arg(Opcode::COPY, 2, loc);
                        self.op_arg(Opcode::COPY, 2, loc);
                        self.op(Opcode::BINARY_SUBSCR, loc);
                    }
                } else {
                    self.expr(&s.slice)?;
                    self.op_arg(Opcode::COPY, 2, loc);
                    self.op_arg(Opcode::COPY, 2, loc);
                    self.op(Opcode::BINARY_SUBSCR, loc);
                }
            }
            Expr::Name(n) => self.load_name(n.id.as_str(), loc)?,
            _ => return Err(self.unsupported("this augmented assignment target", target.range())),
        }
        self.expr(&a.value)?;
        let inplace = super::expr::binop_arg(a.op) + 13;
        self.op_arg(Opcode::BINARY_OP, inplace, stmt_loc);
        match target {
            Expr::Attribute(at) => {
                let aloc = self.attr_loc(loc, at);
                self.op_arg(Opcode::SWAP, 2, aloc);
                let idx = self.attr_index(at.attr.id.as_str());
                self.op_arg(Opcode::STORE_ATTR, idx, aloc);
            }
            Expr::Subscript(s) => {
                let two = matches!(&*s.slice, Expr::Slice(sl) if sl.step.is_none());
                if two {
                    self.op_arg(Opcode::SWAP, 4, loc);
                    self.op_arg(Opcode::SWAP, 3, loc);
                    self.op_arg(Opcode::SWAP, 2, loc);
                    self.op(Opcode::STORE_SLICE, loc);
                } else {
                    self.op_arg(Opcode::SWAP, 3, loc);
                    self.op_arg(Opcode::SWAP, 2, loc);
                    self.op(Opcode::STORE_SUBSCR, loc);
                }
            }
            Expr::Name(n) => self.store_name(n.id.as_str(), loc)?,
            _ => {}
        }
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry, loc: Loc) -> CResult {
        let (body, except, end, cleanup) = (
            self.new_label(),
            self.new_label(),
            self.new_label(),
            self.new_label(),
        );
        self.jump(ir::SETUP_FINALLY, except, loc);
        self.use_label(body);
        self.push_fblock(FBlockKind::TryExcept, Some(body), None, t.range)?;
        self.stmts(&t.body)?;
        self.pop_fblock();
        self.emit(ir::POP_BLOCK, 0, Loc::NONE);
        self.stmts(&t.orelse)?;
        self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
        self.use_label(except);
        self.jump(ir::SETUP_CLEANUP, cleanup, Loc::NONE);
        self.op(Opcode::PUSH_EXC_INFO, Loc::NONE);
        self.push_fblock(FBlockKind::ExceptionHandler, None, None, t.range)?;
        let n = t.handlers.len();
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let hloc = self.loc(h.range);
            if h.type_.is_none() && i + 1 < n {
                return Err(self.invalid("default 'except:' must be last", h.range));
            }
            let next_except = self.new_label();
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.op(Opcode::CHECK_EXC_MATCH, hloc);
                self.jump(ir::real(Opcode::POP_JUMP_IF_FALSE), next_except, hloc);
            }
            if let Some(name) = &h.name {
                let name = name.id.as_str();
                let (cleanup_end, cleanup_body) = (self.new_label(), self.new_label());
                self.store_name(name, hloc)?;
                self.jump(ir::SETUP_CLEANUP, cleanup_end, hloc);
                self.use_label(cleanup_body);
                self.push_fblock(
                    FBlockKind::HandlerCleanup(Some(name.to_string())),
                    Some(cleanup_body),
                    None,
                    h.range,
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.emit(ir::POP_BLOCK, 0, Loc::NONE);
                self.emit(ir::POP_BLOCK, 0, Loc::NONE);
                self.op(Opcode::POP_EXCEPT, Loc::NONE);
                self.load_const(Const::None, Loc::NONE);
                self.store_name(name, Loc::NONE)?;
                self.delete_name(name, Loc::NONE)?;
                self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
                self.use_label(cleanup_end);
                self.load_const(Const::None, Loc::NONE);
                self.store_name(name, Loc::NONE)?;
                self.delete_name(name, Loc::NONE)?;
                self.op_arg(Opcode::RERAISE, 1, Loc::NONE);
            } else {
                let cleanup_body = self.new_label();
                self.op(Opcode::POP_TOP, hloc);
                self.use_label(cleanup_body);
                self.push_fblock(
                    FBlockKind::HandlerCleanup(None),
                    Some(cleanup_body),
                    None,
                    h.range,
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.emit(ir::POP_BLOCK, 0, Loc::NONE);
                self.op(Opcode::POP_EXCEPT, Loc::NONE);
                self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
            }
            self.use_label(next_except);
        }
        self.pop_fblock();
        self.op_arg(Opcode::RERAISE, 0, Loc::NONE);
        self.use_label(cleanup);
        self.pop_except_and_reraise(Loc::NONE);
        self.use_label(end);
        Ok(())
    }

    fn pop_except_and_reraise(&mut self, loc: Loc) {
        self.op_arg(Opcode::COPY, 3, loc);
        self.op(Opcode::POP_EXCEPT, loc);
        self.op_arg(Opcode::RERAISE, 1, loc);
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry, loc: Loc) -> CResult {
        let (body, end, exit, cleanup) = (
            self.new_label(),
            self.new_label(),
            self.new_label(),
            self.new_label(),
        );
        self.jump(ir::SETUP_FINALLY, end, loc);
        self.use_label(body);
        self.push_fblock(
            FBlockKind::FinallyTry(&t.finalbody),
            Some(body),
            Some(end),
            t.range,
        )?;
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
        } else if t.is_star {
            self.try_star_except(t, loc)?;
        } else {
            self.try_except(t, loc)?;
        }
        self.emit(ir::POP_BLOCK, 0, Loc::NONE);
        self.pop_fblock();
        self.stmts(&t.finalbody)?;
        self.jump(ir::JUMP_NO_INTERRUPT, exit, Loc::NONE);
        self.use_label(end);
        self.jump(ir::SETUP_CLEANUP, cleanup, Loc::NONE);
        self.op(Opcode::PUSH_EXC_INFO, Loc::NONE);
        self.push_fblock(FBlockKind::FinallyEnd, Some(end), None, t.range)?;
        self.stmts(&t.finalbody)?;
        self.pop_fblock();
        self.op_arg(Opcode::RERAISE, 0, Loc::NONE);
        self.use_label(cleanup);
        self.pop_except_and_reraise(Loc::NONE);
        self.use_label(exit);
        Ok(())
    }

    /// Generators: the whole body runs under a handler turning a leaked StopIteration into
    /// RuntimeError (CPython's `wrap_in_stopiteration_handler`).
    pub(crate) fn wrap_in_stopiteration_handler(&mut self) {
        let handler = self.new_label();
        let setup = super::flowgraph::Item::Instr(super::ir::Instr {
            op: ir::SETUP_CLEANUP,
            arg: 0,
            target: Some(handler.0 as usize),
            loc: Loc::NONE,
            except: None,
        });
        self.u().items.insert(0, setup);
        self.load_const(Const::None, Loc::NONE);
        self.op(Opcode::RETURN_VALUE, Loc::NONE);
        self.use_label(handler);
        self.op_arg(
            Opcode::CALL_INTRINSIC_1,
            INTRINSIC_STOPITERATION_ERROR,
            Loc::NONE,
        );
        self.op_arg(Opcode::RERAISE, 1, Loc::NONE);
    }

    /// Decorators are evaluated first, top to bottom, before the defaults and the function
    /// itself (`compiler_decorators`).
    fn decorators(&mut self, list: &'a [ast::Decorator]) -> CResult {
        for d in list {
            self.expr(&d.expression)?;
        }
        Ok(())
    }

    /// One `CALL 0` per decorator, innermost first: the decorated object sits in the
    /// `self_or_null` slot above its decorator, so `CALL 0` passes it as the one argument.
    fn apply_decorators(&mut self, list: &'a [ast::Decorator]) {
        for d in list.iter().rev() {
            let loc = self.loc(d.expression.range());
            self.op_arg(Opcode::CALL, 0, loc);
        }
    }

    /// The location of a `def`/`class` statement without its decorators (CPython's node
    /// location starts at the keyword).
    fn def_loc(
        &self,
        range: ruff_text_size::TextRange,
        name: &ast::Identifier,
        keyword: &str,
    ) -> Loc {
        let before = &self.source[..usize::from(name.range.start())];
        let mut start = before.trim_end().len();
        if before[..start].ends_with(keyword) {
            start -= keyword.len();
            let rest = before[..start].trim_end();
            if keyword == "def" && rest.ends_with("async") {
                start = rest.len() - "async".len();
            }
        }
        let start = ruff_text_size::TextSize::from(start as u32);
        self.loc(ruff_text_size::TextRange::new(start, range.end()))
    }

    fn first_line(&self, range: ruff_text_size::TextRange, decorators: &[ast::Decorator]) -> u32 {
        let start = decorators.first().map_or(range, |d| d.expression.range());
        self.lines.line_col(start.start()).0
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> CResult {
        let loc = self.def_loc(f.range, &f.name, "def");
        self.decorators(&f.decorator_list)?;
        let firstlineno = self.first_line(f.range, &f.decorator_list);
        let mut funcflags = self.default_arguments(&f.parameters, loc)?;
        let generic = match &f.type_params {
            Some(tp) => {
                let name = f.name.id.as_str();
                Some(self.enter_generic_function(tp, name, funcflags, firstlineno, loc)?)
            }
            None => None,
        };
        if self.function_annotations(&f.parameters, f.returns.as_deref(), loc)? {
            funcflags |= 4;
        }
        let scope = self
            .symtable
            .scope_at(f.range.start())
            .expect("symtable has every def");
        self.enter_unit(scope, f.name.id.as_str(), firstlineno);
        let body: &'a [Stmt] = &f.body;
        let doc = docstring(body).map(|d| clean_doc(d.value.to_str()));
        let rest = if doc.is_some() { &body[1..] } else { body };
        self.u()
            .consts
            .add(doc.map_or(Const::None, |d| Const::Str(d.into())));
        self.set_arg_counts(&f.parameters);
        let start = self.new_label();
        self.use_label(start);
        let is_gen = self.scope().is_generator || self.scope().is_coroutine;
        self.stmts(rest)?;
        if is_gen {
            self.wrap_in_stopiteration_handler();
        }
        let code = self.exit_unit(true);
        self.make_closure(code, funcflags, loc)?;
        if let (Some(nargs), Some(tp)) = (generic, &f.type_params) {
            self.exit_generic_function(tp, nargs, loc)?;
        }
        self.apply_decorators(&f.decorator_list);
        self.store_name(f.name.id.as_str(), loc)
    }

    pub(crate) fn set_arg_counts(&mut self, p: &ast::Parameters) {
        let u = self.u();
        u.posonlyargcount = p.posonlyargs.len() as u32;
        u.argcount = (p.posonlyargs.len() + p.args.len()) as u32;
        u.kwonlyargcount = p.kwonlyargs.len() as u32;
        u.varargs = p.vararg.is_some();
        u.varkeywords = p.kwarg.is_some();
    }

    /// Pushes defaults (a tuple) and keyword-only defaults (a dict); returns MAKE_FUNCTION flags.
    pub(crate) fn default_arguments(&mut self, p: &'a ast::Parameters, loc: Loc) -> CResult<u32> {
        let mut flags = 0;
        let defaults: Vec<&Expr> = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.op_arg(Opcode::BUILD_TUPLE, defaults.len() as u32, loc);
            flags |= 1;
        }
        let kw: Vec<&ast::ParameterWithDefault> = p
            .kwonlyargs
            .iter()
            .filter(|a| a.default.is_some())
            .collect();
        if !kw.is_empty() {
            for a in &kw {
                self.expr(a.default.as_deref().unwrap())?;
            }
            let keys = kw
                .iter()
                .map(|a| Const::Str(self.mangle(a.parameter.name.id.as_str()).into()));
            self.load_const(Const::Tuple(keys.collect()), loc);
            self.op_arg(Opcode::BUILD_CONST_KEY_MAP, kw.len() as u32, loc);
            flags |= 2;
        }
        Ok(flags)
    }

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> CResult {
        let loc = self.def_loc(c.range, &c.name, "class");
        self.decorators(&c.decorator_list)?;
        let firstlineno = self.first_line(c.range, &c.decorator_list);
        if let Some(tp) = &c.type_params {
            self.enter_generic_class(tp, c.name.id.as_str(), firstlineno, loc)?;
        }
        let scope = self
            .symtable
            .scope_at(c.range.start())
            .expect("symtable has every class");
        let name = c.name.id.as_str();
        self.enter_unit(scope, name, firstlineno);
        self.class_body(c, firstlineno)?;
        let code = self.class_epilogue();
        self.op(Opcode::LOAD_BUILD_CLASS, loc);
        self.op(Opcode::PUSH_NULL, loc);
        self.make_closure(code, 0, loc)?;
        self.load_const(Const::Str(name.into()), loc);
        let (args, keywords): (&[Expr], &[ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        if let Some(tp) = &c.type_params {
            self.exit_generic_class(tp, args, keywords, loc)?;
        } else {
            self.call_helper(loc, 2, args, keywords)?;
        }
        self.apply_decorators(&c.decorator_list);
        self.store_name(name, loc)
    }

    fn class_body(&mut self, c: &'a ast::StmtClassDef, firstlineno: u32) -> CResult {
        // The prologue is attributed to the first line, columns 0..0, as CPython does.
        let line = firstlineno as i32;
        let loc = Loc {
            line,
            end_line: line,
            col: 0,
            end_col: 0,
        };
        self.load_name("__name__", loc)?;
        self.store_name("__module__", loc)?;
        let qualname = self.ur().qualname.clone();
        self.load_const(Const::Str(qualname.into()), loc);
        self.store_name("__qualname__", loc)?;
        self.load_const(Const::Int(i64::from(firstlineno)), loc);
        self.store_name("__firstlineno__", loc)?;
        if c.type_params.is_some() {
            self.load_name(".type_params", loc)?;
            self.store_name("__type_params__", loc)?;
        }
        if self.scope().needs_classdict {
            // The class namespace, for the annotation scopes inside (a cell of its own).
            self.op(Opcode::LOAD_LOCALS, loc);
            let i = self
                .ur()
                .cellvars
                .get_index_of("__classdict__")
                .unwrap_or(0) as u32;
            self.op_arg(Opcode::STORE_DEREF, i, loc);
        }
        self.body_with_docstring(&c.body, loc)
    }

    /// `__static_attributes__`, `__classcell__` and the return of a class body.
    fn class_epilogue(&mut self) -> crate::code::CodeObject {
        let mut attrs = self.scope().static_attributes.clone();
        attrs.sort();
        let tuple = Const::Tuple(
            attrs
                .iter()
                .map(|a| Const::Str(a.as_str().into()))
                .collect(),
        );
        self.load_const(tuple, Loc::NONE);
        let _ = self.store_name("__static_attributes__", Loc::NONE);
        if self.scope().needs_classdict {
            let i = self
                .ur()
                .cellvars
                .get_index_of("__classdict__")
                .unwrap_or(0) as u32;
            self.emit(ir::LOAD_CLOSURE, i, Loc::NONE);
            let _ = self.store_name("__classdictcell__", Loc::NONE);
        }
        if self.scope().needs_class_closure {
            let i = self.ur().cellvars.get_index_of("__class__").unwrap_or(0) as u32;
            self.emit(ir::LOAD_CLOSURE, i, Loc::NONE);
            self.op_arg(Opcode::COPY, 1, Loc::NONE);
            let _ = self.store_name("__classcell__", Loc::NONE);
        } else {
            self.load_const(Const::None, Loc::NONE);
        }
        self.op(Opcode::RETURN_VALUE, Loc::NONE);
        self.exit_unit(true)
    }
}
