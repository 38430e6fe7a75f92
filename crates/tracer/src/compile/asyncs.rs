//! Code generation for coroutines, as CPython 3.13 compiles them: `await`, `async for` and
//! `async with`. Each wait is the `yield from` loop (`SEND` / `YIELD_VALUE` / `RESUME 3` /
//! `CLEANUP_THROW` / `END_SEND`) on an awaitable: `GET_AWAITABLE` for `await`, `GET_ANEXT`
//! for the next item of an `async for` (whose `StopAsyncIteration` ends the loop at
//! `END_ASYNC_FOR`), and the awaited `__aenter__` / `__aexit__` of an `async with`.
//!
//! `async def` bodies compile as functions flagged `CO_COROUTINE` (`CO_ASYNC_GENERATOR` when
//! they also `yield`, each value wrapped by `INTRINSIC_ASYNC_GEN_WRAP`). The VM runs
//! coroutines and `await`; async generators, `async for` and `async with` compile for
//! listings only (refused by name when run).

use ruff_python_ast as ast;
use ruff_text_size::Ranged;

use super::ir::{self, Loc};
use super::{CResult, Compiler, FBlockKind};
use crate::bytecode::Opcode;
use crate::code::Const;
use crate::symtable::ScopeKind;

impl<'a> Compiler<'a> {
    /// True inside an `async def` body (comprehensions inlined there included).
    fn in_async_function(&self) -> bool {
        let s = self.scope();
        s.kind == ScopeKind::Function && s.is_coroutine
    }

    /// Where `await` may stand: an `async def` body or any comprehension (an `await` makes a
    /// generator expression an async generator, and an inlined comprehension outside an
    /// `async def` is the symbol table's error).
    fn await_allowed(&self) -> bool {
        self.in_async_function()
            || matches!(self.scope().kind, ScopeKind::Comprehension { .. })
            || !self.ur().inlined.is_empty()
    }

    /// `await e`.
    pub(crate) fn await_expr(&mut self, a: &'a ast::ExprAwait, loc: Loc) -> CResult {
        if !self.scope().is_function_like() {
            return Err(self.invalid("'await' outside function", a.range));
        }
        if !self.await_allowed() {
            return Err(self.invalid("'await' outside async function", a.range));
        }
        self.expr(&a.value)?;
        self.op_arg(Opcode::GET_AWAITABLE, 0, loc);
        self.load_const(Const::None, loc);
        self.add_yield_from(loc, true);
        Ok(())
    }

    /// `async for target in iter: body else: orelse` (CPython's `compiler_async_for`).
    pub(crate) fn async_for(&mut self, f: &'a ast::StmtFor, loc: Loc) -> CResult {
        if !self.in_async_function() {
            return Err(self.invalid("'async for' outside async function", f.range));
        }
        if !self.for_listing {
            return Err(self.unsupported("async for", f.range));
        }
        let (start, except, end) = (self.new_label(), self.new_label(), self.new_label());
        self.expr(&f.iter)?;
        let iter_loc = self.loc(f.iter.range());
        self.op(Opcode::GET_AITER, iter_loc);
        self.use_label(start);
        self.push_fblock(FBlockKind::ForLoop, Some(start), Some(end), f.range)?;
        self.jump(ir::SETUP_FINALLY, except, loc);
        self.op(Opcode::GET_ANEXT, loc);
        self.load_const(Const::None, loc);
        self.add_yield_from(loc, true);
        self.emit(ir::POP_BLOCK, 0, loc);
        self.store_target(&f.target)?;
        self.stmts(&f.body)?;
        self.jump(ir::JUMP, start, Loc::NONE);
        self.u().fblocks.pop();
        self.use_label(except);
        self.op(Opcode::END_ASYNC_FOR, iter_loc);
        self.stmts(&f.orelse)?;
        self.use_label(end);
        Ok(())
    }

    /// `async with a as x, b: body` (CPython's `compiler_async_with`).
    pub(crate) fn async_with(&mut self, w: &'a ast::StmtWith, pos: usize) -> CResult {
        if !self.in_async_function() {
            return Err(self.invalid("'async with' outside async function", w.range));
        }
        if !self.for_listing {
            return Err(self.unsupported("async with", w.range));
        }
        let item = &w.items[pos];
        let loc = self.loc(item.context_expr.range());
        let (block, final_, exit, cleanup) = (
            self.new_label(),
            self.new_label(),
            self.new_label(),
            self.new_label(),
        );
        self.expr(&item.context_expr)?;
        self.op(Opcode::BEFORE_ASYNC_WITH, loc);
        self.await_on_stack(1, loc);
        self.jump(ir::SETUP_WITH, final_, loc);
        self.use_label(block);
        self.push_fblock(
            FBlockKind::AsyncWith(loc),
            Some(block),
            Some(final_),
            w.range,
        )?;
        match &item.optional_vars {
            Some(target) => self.store_target(target)?,
            None => self.op(Opcode::POP_TOP, loc),
        }
        if pos + 1 == w.items.len() {
            self.stmts(&w.body)?;
        } else {
            self.async_with(w, pos + 1)?;
        }
        self.u().fblocks.pop();
        self.emit(ir::POP_BLOCK, 0, loc);
        self.call_exit_with_nones(loc);
        self.await_on_stack(2, loc);
        self.op(Opcode::POP_TOP, loc);
        self.jump(ir::JUMP, exit, loc);

        self.use_label(final_);
        self.jump(ir::SETUP_CLEANUP, cleanup, loc);
        self.op(Opcode::PUSH_EXC_INFO, loc);
        self.op(Opcode::WITH_EXCEPT_START, loc);
        self.await_on_stack(2, loc);
        self.with_except_finish(cleanup);
        self.use_label(exit);
        Ok(())
    }

    /// Awaits the value on top of the stack; `GET_AWAITABLE`'s oparg says where it came from
    /// (1: `__aenter__`, 2: `__aexit__`), for its error message.
    fn await_on_stack(&mut self, from: u32, loc: Loc) {
        self.op_arg(Opcode::GET_AWAITABLE, from, loc);
        self.load_const(Const::None, loc);
        self.add_yield_from(loc, true);
    }

    /// Leaving an `async with` body early: await `__aexit__(None, None, None)`.
    pub(crate) fn unwind_async_with(&mut self, loc: &mut Loc, at: Loc, preserve_tos: bool) {
        *loc = at;
        self.emit(ir::POP_BLOCK, 0, at);
        if preserve_tos {
            self.op_arg(Opcode::SWAP, 2, at);
        }
        self.call_exit_with_nones(at);
        self.await_on_stack(2, at);
        self.op(Opcode::POP_TOP, at);
    }
}
