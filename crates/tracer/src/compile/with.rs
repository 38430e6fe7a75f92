//! Code generation for `with` (and the frame-block cleanup it needs), as CPython 3.13's
//! `compiler_with`: each context manager in turn is entered with `BEFORE_WITH`, which leaves
//! its bound `__exit__` below the `__enter__` result; the body runs under a `SETUP_WITH`
//! handler. Leaving normally calls `__exit__(None, None, None)`; an exception goes to
//! `WITH_EXCEPT_START`, which calls `__exit__` with it and re-raises unless that returned true.
//!
//! ```text
//!   with cm as x:        LOAD cm; BEFORE_WITH; SETUP_WITH final; STORE x
//!       body             body; POP_BLOCK
//!                        LOAD_CONST None x3; CALL 2; POP_TOP; JUMP exit
//!                 final: PUSH_EXC_INFO; WITH_EXCEPT_START; TO_BOOL; POP_JUMP_IF_TRUE suppress
//!                        RERAISE 2; suppress: POP_TOP; POP_EXCEPT; POP_TOP; POP_TOP ...
//! ```

use ruff_python_ast as ast;
use ruff_text_size::Ranged;

use super::ir::{self, Loc};
use super::{CResult, Compiler, FBlockKind};
use crate::bytecode::Opcode;
use crate::code::Const;

impl<'a> Compiler<'a> {
    /// `with a as x, b: body`: one nesting level per item, starting at `pos`.
    pub(crate) fn with_stmt(&mut self, w: &'a ast::StmtWith, pos: usize) -> CResult {
        if w.is_async {
            return Err(self.unsupported("async with", w.range));
        }
        let item = &w.items[pos];
        let (block, final_, exit, cleanup) = (
            self.new_label(),
            self.new_label(),
            self.new_label(),
            self.new_label(),
        );
        self.expr(&item.context_expr)?;
        let loc = self.loc(item.context_expr.range());
        self.op(Opcode::BEFORE_WITH, loc);
        self.jump(ir::SETUP_WITH, final_, loc);
        self.use_label(block);
        self.push_fblock(FBlockKind::With(loc), Some(block), Some(final_), w.range)?;
        match &item.optional_vars {
            Some(target) => self.store_target(target)?,
            None => self.op(Opcode::POP_TOP, loc),
        }
        if pos + 1 == w.items.len() {
            self.stmts(&w.body)?;
        } else {
            self.with_stmt(w, pos + 1)?;
        }
        self.emit(ir::POP_BLOCK, 0, Loc::NONE);
        self.u().fblocks.pop();
        self.call_exit_with_nones(loc);
        self.op(Opcode::POP_TOP, loc);
        self.jump(ir::JUMP, exit, loc);

        self.use_label(final_);
        self.jump(ir::SETUP_CLEANUP, cleanup, loc);
        self.op(Opcode::PUSH_EXC_INFO, loc);
        self.op(Opcode::WITH_EXCEPT_START, loc);
        self.with_except_finish(cleanup);
        self.use_label(exit);
        Ok(())
    }

    /// `__exit__(None, None, None)`: the bound method sits below, the first None fills the
    /// `self` slot of `CALL`, so the call has two arguments.
    pub(crate) fn call_exit_with_nones(&mut self, loc: Loc) {
        for _ in 0..3 {
            self.load_const(Const::None, loc);
        }
        self.op_arg(Opcode::CALL, 2, loc);
    }

    /// After `WITH_EXCEPT_START`: re-raise unless `__exit__` returned a true value, else drop
    /// the exception and the exit method (CPython's `compiler_with_except_finish`).
    pub(crate) fn with_except_finish(&mut self, cleanup: super::Label) {
        let (suppress, exit) = (self.new_label(), self.new_label());
        self.op(Opcode::TO_BOOL, Loc::NONE);
        self.jump(ir::real(Opcode::POP_JUMP_IF_TRUE), suppress, Loc::NONE);
        self.op_arg(Opcode::RERAISE, 2, Loc::NONE);
        self.use_label(suppress);
        self.op(Opcode::POP_TOP, Loc::NONE);
        self.emit(ir::POP_BLOCK, 0, Loc::NONE);
        self.op(Opcode::POP_EXCEPT, Loc::NONE);
        self.op(Opcode::POP_TOP, Loc::NONE);
        self.op(Opcode::POP_TOP, Loc::NONE);
        self.jump(ir::JUMP_NO_INTERRUPT, exit, Loc::NONE);
        self.use_label(cleanup);
        self.op_arg(Opcode::COPY, 3, Loc::NONE);
        self.op(Opcode::POP_EXCEPT, Loc::NONE);
        self.op_arg(Opcode::RERAISE, 1, Loc::NONE);
        self.use_label(exit);
    }

    /// Leaving a `with` body early (`return`, `break`, `continue`): call `__exit__` with
    /// Nones at the `with`'s own location, keeping a return value on top.
    pub(crate) fn unwind_with(&mut self, loc: &mut Loc, at: Loc, preserve_tos: bool) {
        *loc = at;
        self.emit(ir::POP_BLOCK, 0, at);
        if preserve_tos {
            self.op_arg(Opcode::SWAP, 2, at);
        }
        self.call_exit_with_nones(at);
        self.op(Opcode::POP_TOP, at);
    }
}
