//! `try/except*` (PEP 654), as CPython 3.13's `compiler_try_star_except` compiles it. The
//! handlers share one list of what they raised (or re-raised): each `except*` clause splits
//! the group with `CHECK_EG_MATCH` into the part it handles and the rest, runs its body on the
//! part under a cleanup handler that appends a new exception to the list, and passes the rest
//! on. After the last clause the unhandled rest is appended too, and
//! `CALL_INTRINSIC_2 INTRINSIC_PREP_RERAISE_STAR` combines the list with the original group
//! into what to re-raise (None: all handled).
//!
//! ```text
//!   SETUP_FINALLY except; body; POP_BLOCK; JUMP_NO_INTERRUPT orelse
//!   except: SETUP_CLEANUP cleanup; PUSH_EXC_INFO
//!           BUILD_LIST 0; COPY 2                      [orig, raised, eg]
//!           <type>; CHECK_EG_MATCH; COPY 1; POP_JUMP_IF_NONE no_match
//!           STORE name; SETUP_CLEANUP cleanup_end; handler body; POP_BLOCK; ...; JUMP next
//!   cleanup_end: LIST_APPEND 3; POP_TOP; JUMP with_error
//!   next: NOP; JUMP with_error     no_match: POP_TOP
//!   with_error: (last clause) LIST_APPEND 1; JUMP reraise_star
//!   reraise_star: CALL_INTRINSIC_2 PREP_RERAISE_STAR; COPY 1; POP_JUMP_IF_NOT_NONE reraise
//!           POP_TOP; POP_BLOCK; POP_EXCEPT; JUMP_NO_INTERRUPT end
//!   reraise: POP_BLOCK; SWAP 2; POP_EXCEPT; RERAISE 0
//!   cleanup: COPY 3; POP_EXCEPT; RERAISE 1
//!   orelse: ...  end:
//! ```
//!
//! A `break`, `continue` or `return` that would leave an `except*` body is a SyntaxError
//! (`check_except_star_exit`): the group's other parts would be lost.

use ruff_python_ast as ast;
use ruff_text_size::TextRange;

use super::ir::{self, Loc};
use super::{CResult, Compiler, FBlockKind};
use crate::bytecode::{Opcode, INTRINSIC_PREP_RERAISE_STAR};
use crate::code::Const;

impl<'a> Compiler<'a> {
    /// `try: ... except* T as e: ... else: ...` (CPython's `compiler_try_star_except`).
    pub(crate) fn try_star_except(&mut self, t: &'a ast::StmtTry, loc: Loc) -> CResult {
        let [body, mut except, orelse, end, cleanup, reraise_star] =
            [(); 6].map(|_| self.new_label());
        self.jump(ir::SETUP_FINALLY, except, loc);
        self.use_label(body);
        self.push_fblock(FBlockKind::TryExcept, Some(body), None, t.range)?;
        self.stmts(&t.body)?;
        self.u().fblocks.pop();
        self.emit(ir::POP_BLOCK, 0, Loc::NONE);
        self.jump(ir::JUMP_NO_INTERRUPT, orelse, Loc::NONE);
        self.use_label(except);
        self.jump(ir::SETUP_CLEANUP, cleanup, Loc::NONE);
        self.op(Opcode::PUSH_EXC_INFO, Loc::NONE);
        self.push_fblock(FBlockKind::ExceptionGroupHandler, None, None, t.range)?;
        let n = t.handlers.len();
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let hloc = self.loc(h.range);
            let next_except = self.new_label();
            except = next_except;
            let (with_error, no_match) = (self.new_label(), self.new_label());
            if i == 0 {
                // The list of exceptions the handlers raise, and a copy of the group to split.
                self.op_arg(Opcode::BUILD_LIST, 0, hloc);
                self.op_arg(Opcode::COPY, 2, hloc);
            }
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.op(Opcode::CHECK_EG_MATCH, hloc);
                self.op_arg(Opcode::COPY, 1, hloc);
                self.jump(ir::real(Opcode::POP_JUMP_IF_NONE), no_match, hloc);
            }
            let (cleanup_end, cleanup_body) = (self.new_label(), self.new_label());
            let name = h.name.as_ref().map(|n| n.id.as_str());
            match name {
                Some(name) => self.store_name(name, hloc)?,
                None => self.op(Opcode::POP_TOP, hloc),
            }
            self.jump(ir::SETUP_CLEANUP, cleanup_end, hloc);
            self.use_label(cleanup_body);
            self.push_fblock(
                FBlockKind::HandlerCleanup(name.map(str::to_string)),
                Some(cleanup_body),
                None,
                h.range,
            )?;
            self.stmts(&h.body)?;
            self.u().fblocks.pop();
            self.emit(ir::POP_BLOCK, 0, Loc::NONE);
            if let Some(name) = name {
                self.clear_handler_name(name)?;
            }
            self.jump(ir::JUMP, except, Loc::NONE);
            self.use_label(cleanup_end);
            if let Some(name) = name {
                self.clear_handler_name(name)?;
            }
            // What the body raised joins the list; the `lasti` under it is dropped.
            self.op_arg(Opcode::LIST_APPEND, 3, Loc::NONE);
            self.op(Opcode::POP_TOP, Loc::NONE);
            self.jump(ir::JUMP, with_error, Loc::NONE);
            self.use_label(except);
            self.op(Opcode::NOP, Loc::NONE);
            self.jump(ir::JUMP, with_error, Loc::NONE);
            self.use_label(no_match);
            self.op(Opcode::POP_TOP, hloc);
            self.use_label(with_error);
            if i + 1 == n {
                // The unhandled rest of the group (None when every part was handled).
                self.op_arg(Opcode::LIST_APPEND, 1, Loc::NONE);
                self.jump(ir::JUMP, reraise_star, Loc::NONE);
            }
        }
        self.u().fblocks.pop();
        let reraise = self.new_label();
        self.use_label(reraise_star);
        self.op_arg(
            Opcode::CALL_INTRINSIC_2,
            INTRINSIC_PREP_RERAISE_STAR,
            Loc::NONE,
        );
        self.op_arg(Opcode::COPY, 1, Loc::NONE);
        self.jump(ir::real(Opcode::POP_JUMP_IF_NOT_NONE), reraise, Loc::NONE);
        self.op(Opcode::POP_TOP, Loc::NONE);
        self.emit(ir::POP_BLOCK, 0, Loc::NONE);
        self.op(Opcode::POP_EXCEPT, Loc::NONE);
        self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
        self.use_label(reraise);
        self.emit(ir::POP_BLOCK, 0, Loc::NONE);
        self.op_arg(Opcode::SWAP, 2, Loc::NONE);
        self.op(Opcode::POP_EXCEPT, Loc::NONE);
        self.op_arg(Opcode::RERAISE, 0, Loc::NONE);
        self.use_label(cleanup);
        self.op_arg(Opcode::COPY, 3, Loc::NONE);
        self.op(Opcode::POP_EXCEPT, Loc::NONE);
        self.op_arg(Opcode::RERAISE, 1, Loc::NONE);
        self.use_label(orelse);
        self.stmts(&t.orelse)?;
        self.use_label(end);
        if !self.for_listing {
            // The VM has no exception groups yet: compiled for listings only (refused after
            // the body, so its syntax errors come first, as CPython reports them).
            return Err(self.unsupported("try/except*", t.range));
        }
        Ok(())
    }

    /// `name = None; del name` after an `except* T as name` body.
    fn clear_handler_name(&mut self, name: &str) -> CResult {
        self.load_const(Const::None, Loc::NONE);
        self.store_name(name, Loc::NONE)?;
        self.delete_name(name, Loc::NONE)
    }

    /// CPython refuses to unwind through an `except*` body: `break` / `continue` (`to_loop`,
    /// stopping at the innermost loop) or `return` that would leave one is a SyntaxError
    /// pointing at `range`.
    pub(crate) fn check_except_star_exit(&self, range: TextRange, to_loop: bool) -> CResult {
        for fb in self.ur().fblocks.iter().rev() {
            match fb.kind {
                FBlockKind::WhileLoop | FBlockKind::ForLoop if to_loop => return Ok(()),
                FBlockKind::ExceptionGroupHandler => {
                    let msg = "'break', 'continue' and 'return' cannot appear in an except* block";
                    return Err(self.invalid(msg, range));
                }
                _ => {}
            }
        }
        Ok(())
    }
}
