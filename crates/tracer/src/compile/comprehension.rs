//! Comprehensions. List, set and dict comprehensions are inlined into the enclosing code (PEP
//! 709, 3.12+): the iteration variables are saved with LOAD_FAST_AND_CLEAR, a hidden handler
//! restores them if the body raises, and SWAPs keep the iterator and the result in place.
//! Generator expressions still get their own code object, called with the outermost iterator.
//!
//! ```text
//!   GET_ITER; LOAD_FAST_AND_CLEAR x; SWAP 2        save x, iterator back on top
//!   BUILD_LIST 0; SWAP 2                           result under the iterator
//!   L1: FOR_ITER L2; STORE_FAST x; ...; LIST_APPEND 2; JUMP_BACKWARD L1
//!   L2: END_FOR; POP_TOP; SWAP 2; STORE_FAST x     restore x, result on top
//! ```

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::ir::{self, Loc};
use super::{CResult, Compiler};
use crate::bytecode::Opcode;
use crate::symtable::{NameScope, ScopeKind, DEF_LOCAL, DEF_NONLOCAL};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

/// One clause of a comprehension being compiled, with what the clauses inside it need.
#[derive(Clone, Copy)]
struct CompClause<'a> {
    loc: Loc,
    generators: &'a [ast::Comprehension],
    index: usize,
    depth: u32,
    elt: &'a Expr,
    val: Option<&'a Expr>,
    kind: CompKind,
}

/// What `push_inlined_comprehension_state` saved, to restore afterwards.
struct InlinedState {
    pushed: Vec<String>,
    fast_hidden: Vec<String>,
    cleanup: Option<super::Label>,
    end: Option<super::Label>,
}

impl<'a> Compiler<'a> {
    // ---- comprehensions ----

    /// A generator expression that is a call's only argument shares the call's parentheses,
    /// which CPython counts as part of its location.
    fn comprehension_loc(&self, e: &Expr) -> Loc {
        let mut range = e.range();
        if let Expr::Generator(g) = e {
            if !g.parenthesized {
                let before = self.source[..range.start().to_usize()].trim_end();
                let after_start = range.end().to_usize();
                let after = &self.source[after_start..];
                let skipped = after.len() - after.trim_start().len();
                if before.ends_with('(') && after.trim_start().starts_with(')') {
                    let start = ruff_text_size::TextSize::from(before.len() as u32 - 1);
                    let end = ruff_text_size::TextSize::from((after_start + skipped + 1) as u32);
                    range = ruff_text_size::TextRange::new(start, end);
                }
            }
        }
        self.loc(range)
    }

    pub(crate) fn comprehension(
        &mut self,
        e: &'a Expr,
        kind: CompKind,
        generators: &'a [ast::Comprehension],
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> CResult {
        if !self.for_listing {
            if let Some(g) = generators.iter().find(|g| g.is_async) {
                return Err(self.unsupported("async comprehension", g.range));
            }
        }
        let loc = self.comprehension_loc(e);
        let scope = self
            .symtable
            .scope_at(e.range().start())
            .expect("symtable has every comprehension");
        let inlined = kind != CompKind::Gen;
        let outermost = &generators[0];
        let mut state = None;
        if inlined {
            self.comprehension_iter(outermost)?;
            state = Some(self.push_inlined_state(scope, loc));
        } else {
            let name = "<genexpr>";
            self.enter_unit(scope, name, loc.line as u32);
            self.u().argcount = 1;
        }
        let build = match kind {
            CompKind::List => Some(Opcode::BUILD_LIST),
            CompKind::Set => Some(Opcode::BUILD_SET),
            CompKind::Dict => Some(Opcode::BUILD_MAP),
            CompKind::Gen => None,
        };
        if let Some(b) = build {
            self.op_arg(b, 0, loc);
            self.op_arg(Opcode::SWAP, 2, loc);
        }
        self.comp_generator(loc, generators, 0, 0, elt, val, kind, inlined)?;
        if let Some(st) = state {
            self.pop_inlined_state(st, loc);
            return Ok(());
        }
        self.wrap_in_stopiteration_handler();
        let code = self.exit_unit(true);
        self.make_closure(code, 0, loc)?;
        self.comprehension_iter(outermost)?;
        self.op_arg(Opcode::CALL, 0, loc);
        Ok(())
    }

    /// The outermost iterable, evaluated in the enclosing scope: `GET_AITER` for `async for`.
    fn comprehension_iter(&mut self, outermost: &'a ast::Comprehension) -> CResult {
        self.iter_expr(&outermost.iter)?;
        let iter_loc = self.loc(outermost.iter.range());
        let get = if outermost.is_async {
            Opcode::GET_AITER
        } else {
            Opcode::GET_ITER
        };
        self.op(get, iter_loc);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn comp_generator(
        &mut self,
        loc: Loc,
        generators: &'a [ast::Comprehension],
        index: usize,
        depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
        iter_on_stack: bool,
    ) -> CResult {
        if generators[index].is_async {
            let c = CompClause {
                loc,
                generators,
                index,
                depth,
                elt,
                val,
                kind,
            };
            return self.async_comp_generator(c, iter_on_stack);
        }
        let mut start = Some(self.new_label());
        let if_cleanup = self.new_label();
        let anchor = self.new_label();
        let gen = &generators[index];
        let iter_loc = self.loc(gen.iter.range());
        let mut depth = depth;
        if !iter_on_stack {
            if index == 0 {
                self.op_arg(Opcode::LOAD_FAST, 0, loc);
                self.varname_index(".0");
            } else {
                let single = match &gen.iter {
                    Expr::List(l) if l.elts.len() == 1 => Some(&l.elts[0]),
                    Expr::Tuple(t) if t.elts.len() == 1 => Some(&t.elts[0]),
                    _ => None,
                };
                match single {
                    Some(x) if !matches!(x, Expr::Starred(_)) => {
                        self.expr(x)?;
                        start = None;
                    }
                    _ => {
                        self.iter_expr(&gen.iter)?;
                        self.op(Opcode::GET_ITER, iter_loc);
                    }
                }
            }
        }
        if let Some(s) = start {
            depth += 1;
            self.use_label(s);
            self.jump(ir::real(Opcode::FOR_ITER), anchor, iter_loc);
        }
        self.store_target(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        let c = CompClause {
            loc,
            generators,
            index,
            depth,
            elt,
            val,
            kind,
        };
        let elt_loc = self.comp_inner(c)?;
        self.use_label(if_cleanup);
        if let Some(s) = start {
            self.jump(ir::JUMP, s, elt_loc);
            self.use_label(anchor);
            self.op(Opcode::END_FOR, Loc::NONE);
            self.op(Opcode::POP_TOP, Loc::NONE);
        }
        Ok(())
    }

    /// The next clause, or the element once the last clause is reached (CPython's
    /// "comprehension specific code"); returns the element's location for the loop's jump.
    fn comp_inner(&mut self, c: CompClause<'a>) -> CResult<Loc> {
        let CompClause {
            loc,
            generators,
            index,
            depth,
            elt,
            val,
            kind,
        } = c;
        if index + 1 < generators.len() {
            self.comp_generator(loc, generators, index + 1, depth, elt, val, kind, false)?;
        }
        let mut elt_loc = self.loc(elt.range());
        if index + 1 >= generators.len() {
            self.expr(elt)?;
            match kind {
                CompKind::Gen => {
                    if self.scope().is_coroutine {
                        if !self.for_listing {
                            let what = "async generators (a generator expression that awaits)";
                            return Err(self.unsupported(what, elt.range()));
                        }
                        let wrap = crate::bytecode::INTRINSIC_ASYNC_GEN_WRAP;
                        self.op_arg(Opcode::CALL_INTRINSIC_1, wrap, elt_loc);
                    }
                    self.op_arg(Opcode::YIELD_VALUE, 0, elt_loc);
                    self.op_arg(Opcode::RESUME, 1, elt_loc);
                    self.op(Opcode::POP_TOP, elt_loc);
                }
                CompKind::List => self.op_arg(Opcode::LIST_APPEND, depth + 1, elt_loc),
                CompKind::Set => self.op_arg(Opcode::SET_ADD, depth + 1, elt_loc),
                CompKind::Dict => {
                    let v = val.expect("dict comprehension value");
                    self.expr(v)?;
                    let vloc = self.loc(v.range());
                    elt_loc.end_line = vloc.end_line;
                    elt_loc.end_col = vloc.end_col;
                    self.op_arg(Opcode::MAP_ADD, depth + 1, elt_loc);
                }
            }
        }
        Ok(elt_loc)
    }

    /// An `async for` clause (CPython's `compiler_async_comprehension_generator`): each item
    /// is awaited from `GET_ANEXT` under a handler whose `END_ASYNC_FOR` ends the loop on
    /// `StopAsyncIteration`. There is no `END_FOR`: the handler pops the iterator.
    fn async_comp_generator(&mut self, c: CompClause<'a>, iter_on_stack: bool) -> CResult {
        let (start, except, if_cleanup) = (self.new_label(), self.new_label(), self.new_label());
        let gen = &c.generators[c.index];
        if !iter_on_stack {
            if c.index == 0 {
                self.op_arg(Opcode::LOAD_FAST, 0, c.loc);
                self.varname_index(".0");
            } else {
                self.iter_expr(&gen.iter)?;
                let iter_loc = self.loc(gen.iter.range());
                self.op(Opcode::GET_AITER, iter_loc);
            }
        }
        self.use_label(start);
        self.jump(ir::SETUP_FINALLY, except, c.loc);
        self.op(Opcode::GET_ANEXT, c.loc);
        self.load_const(crate::code::Const::None, c.loc);
        self.add_yield_from(c.loc, true);
        self.emit(ir::POP_BLOCK, 0, c.loc);
        self.store_target(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        let inner = CompClause {
            depth: c.depth + 1,
            ..c
        };
        let elt_loc = self.comp_inner(inner)?;
        self.use_label(if_cleanup);
        self.jump(ir::JUMP, start, elt_loc);
        self.use_label(except);
        self.op(Opcode::END_ASYNC_FOR, c.loc);
        Ok(())
    }

    fn push_inlined_state(&mut self, comp: usize, loc: Loc) -> InlinedState {
        let in_class = self.scope().kind == ScopeKind::Class && self.ur().inlined.is_empty();
        let function_like = self.scope().is_function_like();
        self.u().inlined.push(comp);
        let symbols: Vec<(String, u16)> = self.symtable.scopes[comp]
            .symbols
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        let mut st = InlinedState {
            pushed: Vec::new(),
            fast_hidden: Vec::new(),
            cleanup: None,
            end: None,
        };
        for (name, flags) in symbols {
            let local = flags & DEF_LOCAL != 0 && flags & DEF_NONLOCAL == 0;
            if !(local || in_class) {
                continue;
            }
            let i = self.varname_index(&name);
            self.op_arg(Opcode::LOAD_FAST_AND_CLEAR, i, loc);
            if self.symtable.scopes[comp].scope_of(&name) == NameScope::Cell {
                // A name free outside is the free variable's cell here too.
                let outer = match self.scope().scope_of(&name) {
                    NameScope::Free => NameScope::Free,
                    _ => NameScope::Cell,
                };
                let cell = self.deref_index(&name, outer);
                self.op_arg(Opcode::MAKE_CELL, cell, loc);
            }
            st.pushed.push(name.clone());
            if !function_like && self.ur().fasthidden.get(&name) != Some(&true) {
                self.u().fasthidden.insert(name.clone(), true);
                st.fast_hidden.push(name);
            }
        }
        if !st.pushed.is_empty() {
            self.op_arg(Opcode::SWAP, st.pushed.len() as u32 + 1, loc);
            let (cleanup, end) = (self.new_label(), self.new_label());
            self.jump(ir::SETUP_FINALLY, cleanup, loc);
            st.cleanup = Some(cleanup);
            st.end = Some(end);
        }
        st
    }

    fn pop_inlined_state(&mut self, st: InlinedState, loc: Loc) {
        self.u().inlined.pop();
        if let (Some(cleanup), Some(end)) = (st.cleanup, st.end) {
            self.emit(ir::POP_BLOCK, 0, Loc::NONE);
            self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
            self.use_label(cleanup);
            self.op_arg(Opcode::SWAP, 2, Loc::NONE);
            self.op(Opcode::POP_TOP, Loc::NONE);
            self.restore_inlined_locals(&st.pushed, loc);
            self.op_arg(Opcode::RERAISE, 0, Loc::NONE);
            self.use_label(end);
            self.restore_inlined_locals(&st.pushed, loc);
        }
        for name in st.fast_hidden {
            self.u().fasthidden.insert(name, false);
        }
    }

    fn restore_inlined_locals(&mut self, pushed: &[String], loc: Loc) {
        self.op_arg(Opcode::SWAP, pushed.len() as u32 + 1, loc);
        for name in pushed.iter().rev() {
            let i = self.varname_index(name);
            self.emit(ir::STORE_FAST_MAYBE_NULL, i, loc);
        }
    }
}
