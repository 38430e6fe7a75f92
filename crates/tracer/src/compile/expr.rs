//! Code generation for expressions and assignment targets, following CPython 3.13's
//! `compile.c`: operators, attribute and subscript access, slices, boolean and comparison
//! jumps (`jump_if`, the heart of every `if` and `while`), displays and lambdas. Calls, names,
//! f-strings and comprehensions live in their own modules.

use ruff_python_ast::{self as ast, BoolOp, CmpOp, Expr, ExprContext, Operator, UnaryOp};
use ruff_text_size::Ranged;

use super::comprehension::CompKind;
use super::ir::{self, Loc};
use super::{CResult, Compiler};
use crate::bytecode::{
    Opcode, INTRINSIC_ASYNC_GEN_WRAP, INTRINSIC_LIST_TO_TUPLE, INTRINSIC_UNARY_POSITIVE,
};
use crate::code::Const;

/// Above this many stack items CPython switches to incremental building.
pub(crate) const STACK_USE_GUIDELINE: usize = 30;

/// `BINARY_OP` oparg (`NB_*`) of an operator.
pub fn binop_arg(op: Operator) -> u32 {
    match op {
        Operator::Add => 0,
        Operator::BitAnd => 1,
        Operator::FloorDiv => 2,
        Operator::LShift => 3,
        Operator::MatMult => 4,
        Operator::Mult => 5,
        Operator::Mod => 6,
        Operator::BitOr => 7,
        Operator::Pow => 8,
        Operator::RShift => 9,
        Operator::Sub => 10,
        Operator::Div => 11,
        Operator::BitXor => 12,
    }
}

impl<'a> Compiler<'a> {
    // ---- targets ----

    pub(crate) fn store_target(&mut self, t: &'a Expr) -> CResult {
        let loc = self.loc(t.range());
        match t {
            Expr::Name(n) => self.store_name(n.id.as_str(), loc),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let aloc = self.attr_loc(loc, a);
                let i = self.attr_index(a.attr.id.as_str());
                self.op_arg(Opcode::STORE_ATTR, i, aloc);
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                match &*s.slice {
                    Expr::Slice(sl) if sl.step.is_none() => {
                        self.slice_parts(sl)?;
                        self.op(Opcode::STORE_SLICE, loc);
                    }
                    other => {
                        self.expr(other)?;
                        self.op(Opcode::STORE_SUBSCR, loc);
                    }
                }
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                self.unpack(elts, loc, t)?;
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.store_target(&s.value)?,
                        _ => self.store_target(e)?,
                    }
                }
                Ok(())
            }
            _ => Err(self.unsupported("this assignment target", t.range())),
        }
    }

    fn unpack(&mut self, elts: &[Expr], loc: Loc, t: &Expr) -> CResult {
        let n = elts.len();
        let stars: Vec<usize> = (0..n)
            .filter(|&i| matches!(elts[i], Expr::Starred(_)))
            .collect();
        match stars.as_slice() {
            [] => self.op_arg(Opcode::UNPACK_SEQUENCE, n as u32, loc),
            [i] => self.op_arg(Opcode::UNPACK_EX, (*i + ((n - i - 1) << 8)) as u32, loc),
            _ => return Err(self.invalid("multiple starred expressions in assignment", t.range())),
        }
        Ok(())
    }

    pub(crate) fn delete_target(&mut self, t: &'a Expr) -> CResult {
        let loc = self.loc(t.range());
        match t {
            Expr::Name(n) => self.delete_name(n.id.as_str(), loc),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let aloc = self.attr_loc(loc, a);
                let i = self.attr_index(a.attr.id.as_str());
                self.op_arg(Opcode::DELETE_ATTR, i, aloc);
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.op(Opcode::DELETE_SUBSCR, loc);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                elts.iter().try_for_each(|e| self.delete_target(e))
            }
            _ => Err(self.unsupported("this del target", t.range())),
        }
    }

    /// A multi-line attribute access is attributed to the line of the attribute name.
    pub(crate) fn attr_loc(&self, loc: Loc, a: &ast::ExprAttribute) -> Loc {
        let mut loc = loc;
        let end = self.loc(a.range);
        if loc.line != end.end_line {
            loc.line = end.end_line;
            loc.col = (end.end_col - a.attr.id.len() as i32).max(0);
        }
        loc
    }

    // ---- expressions ----

    pub(crate) fn expr(&mut self, e: &'a Expr) -> CResult {
        if let Some(c) = self.folder.fold(e) {
            // The VM has no complex type: refuse rather than run `1j` as a float.
            if !self.for_listing && super::fold::has_complex(&c) {
                return Err(self.unsupported("complex numbers", e.range()));
            }
            let loc = self.loc(e.range());
            self.load_const(c, loc);
            return Ok(());
        }
        let loc = self.loc(e.range());
        match e {
            Expr::BoolOp(b) => self.boolop(b, loc),
            Expr::BinOp(b) => {
                if self.percent_format(b, loc)? {
                    return Ok(());
                }
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.op_arg(Opcode::BINARY_OP, binop_arg(b.op), loc);
                Ok(())
            }
            Expr::UnaryOp(u) => {
                if let Some((c, op)) = inverted_compare(u) {
                    let cloc = self.loc(c.range);
                    self.expr(&c.left)?;
                    self.comparator(op, &c.comparators[0])?;
                    self.cmp(op, cloc);
                    return Ok(());
                }
                self.expr(&u.operand)?;
                match u.op {
                    UnaryOp::Not => {
                        self.op(Opcode::TO_BOOL, loc);
                        self.op(Opcode::UNARY_NOT, loc);
                    }
                    UnaryOp::USub => self.op(Opcode::UNARY_NEGATIVE, loc),
                    UnaryOp::Invert => self.op(Opcode::UNARY_INVERT, loc),
                    UnaryOp::UAdd => {
                        self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_UNARY_POSITIVE, loc)
                    }
                }
                Ok(())
            }
            Expr::Lambda(l) => self.lambda(l, loc),
            Expr::If(i) => {
                let (end, next) = (self.new_label(), self.new_label());
                self.jump_if(&i.test, next, false)?;
                self.expr(&i.body)?;
                self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
                self.use_label(next);
                self.expr(&i.orelse)?;
                self.use_label(end);
                Ok(())
            }
            Expr::Dict(d) => self.dict(d, loc),
            Expr::Set(s) => self.starunpack(
                &s.elts,
                loc,
                Opcode::BUILD_SET,
                Opcode::SET_ADD,
                Opcode::SET_UPDATE,
                false,
            ),
            Expr::List(l) if l.ctx == ExprContext::Load => self.starunpack(
                &l.elts,
                loc,
                Opcode::BUILD_LIST,
                Opcode::LIST_APPEND,
                Opcode::LIST_EXTEND,
                false,
            ),
            Expr::Tuple(t) if t.ctx == ExprContext::Load => self.starunpack(
                &t.elts,
                loc,
                Opcode::BUILD_LIST,
                Opcode::LIST_APPEND,
                Opcode::LIST_EXTEND,
                true,
            ),
            Expr::ListComp(c) => self.comprehension(e, CompKind::List, &c.generators, &c.elt, None),
            Expr::SetComp(c) => self.comprehension(e, CompKind::Set, &c.generators, &c.elt, None),
            Expr::DictComp(c) => {
                let Some(key) = c.key.as_deref() else {
                    return Err(self.invalid(
                        "dict unpacking cannot be used in dict comprehension",
                        c.range,
                    ));
                };
                self.comprehension(e, CompKind::Dict, &c.generators, key, Some(&c.value))
            }
            Expr::Generator(g) => self.comprehension(e, CompKind::Gen, &g.generators, &g.elt, None),
            Expr::Yield(y) => {
                if !self.scope().is_function_like() {
                    return Err(self.invalid("'yield' outside function", y.range));
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None, loc),
                }
                if self.scope().is_coroutine {
                    if !self.for_listing {
                        return Err(self.unsupported("async generators", y.range));
                    }
                    self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_ASYNC_GEN_WRAP, loc);
                }
                self.op_arg(Opcode::YIELD_VALUE, 0, loc);
                self.op_arg(Opcode::RESUME, 1, loc);
                Ok(())
            }
            Expr::Compare(c) => self.compare(c, loc),
            Expr::Call(c) => self.call(c, loc),
            Expr::FString(f) => self.fstring(f, loc),
            Expr::Attribute(a) => self.attribute(a, loc),
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                match &*s.slice {
                    Expr::Slice(sl) if sl.step.is_none() => {
                        self.slice_parts(sl)?;
                        self.op(Opcode::BINARY_SLICE, loc);
                    }
                    other => {
                        self.expr(other)?;
                        self.op(Opcode::BINARY_SUBSCR, loc);
                    }
                }
                Ok(())
            }
            Expr::Slice(sl) => {
                self.slice_parts(sl)?;
                let n = if let Some(step) = &sl.step {
                    self.expr(step)?;
                    3
                } else {
                    2
                };
                self.op_arg(Opcode::BUILD_SLICE, n, loc);
                Ok(())
            }
            Expr::Name(n) => self.load_name(n.id.as_str(), loc),
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.op_arg(Opcode::COPY, 1, loc);
                self.store_target(&n.target)
            }
            Expr::Await(a) => self.await_expr(a, loc),
            Expr::YieldFrom(y) => {
                if !self.scope().is_function_like() {
                    return Err(self.invalid("'yield from' outside function", y.range));
                }
                if self.scope().is_coroutine {
                    return Err(self.invalid("'yield from' inside async function", y.range));
                }
                self.expr(&y.value)?;
                self.op(Opcode::GET_YIELD_FROM_ITER, loc);
                self.load_const(Const::None, loc);
                self.yield_from_loop(loc);
                Ok(())
            }
            Expr::Starred(_) => Err(self.invalid("can't use starred expression here", e.range())),
            Expr::TString(_) => Err(self.unsupported("template strings", e.range())),
            _ => Err(self.unsupported("this expression", e.range())),
        }
    }

    /// CPython's `compiler_add_yield_from`: with the sub-iterator and the value to send on the
    /// stack, `SEND` passes the value on and jumps to `exit` once the sub-iterator is done;
    /// otherwise its item is yielded to our caller (`YIELD_VALUE 1`, then `RESUME 2`, "after
    /// yield from"), and whatever is sent back goes round again. The `fail` handler covers
    /// only the `YIELD_VALUE`: there `CLEANUP_THROW` turns a StopIteration raised by a
    /// `throw()` into the expression's value. `END_SEND` drops the sub-iterator, leaving the
    /// value it returned.
    pub(crate) fn yield_from_loop(&mut self, loc: Loc) {
        self.add_yield_from(loc, false);
    }

    /// CPython's `compiler_add_yield_from`; `await` resumes with oparg 3, `yield from` with 2.
    pub(crate) fn add_yield_from(&mut self, loc: Loc, is_await: bool) {
        let (send, fail, exit) = (self.new_label(), self.new_label(), self.new_label());
        self.use_label(send);
        self.jump(ir::real(Opcode::SEND), exit, loc);
        self.jump(ir::SETUP_FINALLY, fail, loc);
        self.op_arg(Opcode::YIELD_VALUE, 1, loc);
        self.emit(ir::POP_BLOCK, 0, Loc::NONE);
        self.op_arg(Opcode::RESUME, if is_await { 3 } else { 2 }, loc);
        self.jump(ir::JUMP_NO_INTERRUPT, send, loc);
        self.use_label(fail);
        self.op(Opcode::CLEANUP_THROW, loc);
        self.use_label(exit);
        self.op(Opcode::END_SEND, loc);
    }

    /// The lower and upper bounds of a two-element slice (None when omitted).
    pub(crate) fn slice_parts(&mut self, sl: &'a ast::ExprSlice) -> CResult {
        let loc = self.loc(sl.range);
        for part in [&sl.lower, &sl.upper] {
            match part {
                Some(p) => self.expr(p)?,
                None => self.load_const(Const::None, loc),
            }
        }
        Ok(())
    }

    fn attribute(&mut self, a: &'a ast::ExprAttribute, loc: Loc) -> CResult {
        if let Some(nargs) = self.can_optimize_super_call(a) {
            self.load_args_for_super(&a.value)?;
            let i = self.attr_index(a.attr.id.as_str());
            let arg = (i << 2) | if nargs > 0 { 2 } else { 0 };
            self.op_arg(Opcode::LOAD_SUPER_ATTR, arg, loc);
            let aloc = self.attr_loc(loc, a);
            self.op(Opcode::NOP, aloc);
            return Ok(());
        }
        self.expr(&a.value)?;
        let aloc = self.attr_loc(loc, a);
        let i = self.attr_index(a.attr.id.as_str());
        self.op_arg(Opcode::LOAD_ATTR, i << 1, aloc);
        Ok(())
    }

    /// A constant folded from a whole display: refused if it holds a complex number (the VM
    /// has no complex type), as `expr` refuses a single one.
    fn load_folded(&mut self, c: Const, range: ruff_text_size::TextRange, loc: Loc) -> CResult {
        if !self.for_listing && super::fold::has_complex(&c) {
            return Err(self.unsupported("complex numbers", range));
        }
        self.load_const(c, loc);
        Ok(())
    }

    /// For iteration and `in`: a list becomes a tuple and constant sets become frozensets.
    pub(crate) fn iter_expr(&mut self, e: &'a Expr) -> CResult {
        let loc = self.loc(e.range());
        match e {
            Expr::List(l) if !l.elts.iter().any(|x| matches!(x, Expr::Starred(_))) => {
                match self.folder.const_tuple(&l.elts) {
                    Some(c) => self.load_folded(c, e.range(), loc),
                    None => self.starunpack(
                        &l.elts,
                        loc,
                        Opcode::BUILD_LIST,
                        Opcode::LIST_APPEND,
                        Opcode::LIST_EXTEND,
                        true,
                    ),
                }
            }
            Expr::Set(s) => match self.folder.const_frozenset(&s.elts) {
                Some(c) => self.load_folded(c, e.range(), loc),
                None => self.expr(e),
            },
            _ => self.expr(e),
        }
    }

    fn boolop(&mut self, b: &'a ast::ExprBoolOp, loc: Loc) -> CResult {
        let jump = if b.op == BoolOp::And {
            Opcode::POP_JUMP_IF_FALSE
        } else {
            Opcode::POP_JUMP_IF_TRUE
        };
        let end = self.new_label();
        let (last, init) = b
            .values
            .split_last()
            .expect("a boolean operation has operands");
        for v in init {
            self.expr(v)?;
            self.op_arg(Opcode::COPY, 1, loc);
            self.op(Opcode::TO_BOOL, loc);
            self.jump(ir::real(jump), end, loc);
            self.op(Opcode::POP_TOP, loc);
        }
        self.expr(last)?;
        self.use_label(end);
        Ok(())
    }

    pub(crate) fn cmp(&mut self, op: CmpOp, loc: Loc) {
        match op {
            CmpOp::Is => self.op_arg(Opcode::IS_OP, 0, loc),
            CmpOp::IsNot => self.op_arg(Opcode::IS_OP, 1, loc),
            CmpOp::In => self.op_arg(Opcode::CONTAINS_OP, 0, loc),
            CmpOp::NotIn => self.op_arg(Opcode::CONTAINS_OP, 1, loc),
            _ => {
                let (i, mask) = match op {
                    CmpOp::Lt => (0, 2),
                    CmpOp::LtE => (1, 2 | 8),
                    CmpOp::Eq => (2, 8),
                    CmpOp::NotEq => (3, 1 | 2 | 4),
                    CmpOp::Gt => (4, 4),
                    _ => (5, 4 | 8),
                };
                self.op_arg(Opcode::COMPARE_OP, (i << 5) | mask, loc);
            }
        }
    }

    /// A comparator: `x in [1, 2]` compares against a tuple constant.
    fn comparator(&mut self, op: CmpOp, e: &'a Expr) -> CResult {
        if matches!(op, CmpOp::In | CmpOp::NotIn) {
            self.iter_expr(e)
        } else {
            self.expr(e)
        }
    }

    fn compare(&mut self, c: &'a ast::ExprCompare, loc: Loc) -> CResult {
        self.expr(&c.left)?;
        let n = c.ops.len() - 1;
        if n == 0 {
            self.comparator(c.ops[0], &c.comparators[0])?;
            self.cmp(c.ops[0], loc);
            return Ok(());
        }
        let cleanup = self.new_label();
        for i in 0..n {
            self.comparator(c.ops[i], &c.comparators[i])?;
            self.op_arg(Opcode::SWAP, 2, loc);
            self.op_arg(Opcode::COPY, 2, loc);
            self.cmp(c.ops[i], loc);
            self.op_arg(Opcode::COPY, 1, loc);
            self.op(Opcode::TO_BOOL, loc);
            self.jump(ir::real(Opcode::POP_JUMP_IF_FALSE), cleanup, loc);
            self.op(Opcode::POP_TOP, loc);
        }
        self.comparator(c.ops[n], &c.comparators[n])?;
        self.cmp(c.ops[n], loc);
        let end = self.new_label();
        self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
        self.use_label(cleanup);
        self.op_arg(Opcode::SWAP, 2, loc);
        self.op(Opcode::POP_TOP, loc);
        self.use_label(end);
        Ok(())
    }

    /// Jumps to `next` when the truth of `e` equals `cond` (CPython's `compiler_jump_if`).
    pub(crate) fn jump_if(&mut self, e: &'a Expr, next: super::Label, cond: bool) -> CResult {
        let loc = self.loc(e.range());
        match e {
            Expr::UnaryOp(u) if u.op == UnaryOp::Not && self.folder.fold(e).is_none() => {
                if let Some((c, op)) = inverted_compare(u) {
                    // `not a in b` is `a not in b` (CPython's AST optimizer rewrites it).
                    let cloc = self.loc(c.range);
                    self.expr(&c.left)?;
                    self.comparator(op, &c.comparators[0])?;
                    self.cmp(op, cloc);
                    self.op(Opcode::TO_BOOL, cloc);
                    let j = if cond {
                        Opcode::POP_JUMP_IF_TRUE
                    } else {
                        Opcode::POP_JUMP_IF_FALSE
                    };
                    self.jump(ir::real(j), next, cloc);
                    return Ok(());
                }
                return self.jump_if(&u.operand, next, !cond);
            }
            Expr::BoolOp(b) => {
                let cond2 = b.op == BoolOp::Or;
                let next2 = if cond2 != cond {
                    self.new_label()
                } else {
                    next
                };
                let (last, init) = b.values.split_last().expect("operands");
                for v in init {
                    self.jump_if(v, next2, cond2)?;
                }
                self.jump_if(last, next, cond)?;
                if next2 != next {
                    self.use_label(next2);
                }
                return Ok(());
            }
            Expr::If(i) => {
                let (end, next2) = (self.new_label(), self.new_label());
                self.jump_if(&i.test, next2, false)?;
                self.jump_if(&i.body, next, cond)?;
                self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
                self.use_label(next2);
                self.jump_if(&i.orelse, next, cond)?;
                self.use_label(end);
                return Ok(());
            }
            Expr::Compare(c) if c.ops.len() > 1 => {
                let cleanup = self.new_label();
                self.expr(&c.left)?;
                let n = c.ops.len() - 1;
                for i in 0..n {
                    self.comparator(c.ops[i], &c.comparators[i])?;
                    self.op_arg(Opcode::SWAP, 2, loc);
                    self.op_arg(Opcode::COPY, 2, loc);
                    self.cmp(c.ops[i], loc);
                    self.op(Opcode::TO_BOOL, loc);
                    self.jump(ir::real(Opcode::POP_JUMP_IF_FALSE), cleanup, loc);
                }
                self.comparator(c.ops[n], &c.comparators[n])?;
                self.cmp(c.ops[n], loc);
                self.op(Opcode::TO_BOOL, loc);
                let j = if cond {
                    Opcode::POP_JUMP_IF_TRUE
                } else {
                    Opcode::POP_JUMP_IF_FALSE
                };
                self.jump(ir::real(j), next, loc);
                let end = self.new_label();
                self.jump(ir::JUMP_NO_INTERRUPT, end, Loc::NONE);
                self.use_label(cleanup);
                self.op(Opcode::POP_TOP, loc);
                if !cond {
                    self.jump(ir::JUMP_NO_INTERRUPT, next, Loc::NONE);
                }
                self.use_label(end);
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        self.op(Opcode::TO_BOOL, loc);
        let j = if cond {
            Opcode::POP_JUMP_IF_TRUE
        } else {
            Opcode::POP_JUMP_IF_FALSE
        };
        self.jump(ir::real(j), next, loc);
        Ok(())
    }

    fn lambda(&mut self, l: &'a ast::ExprLambda, loc: Loc) -> CResult {
        let empty = ast::Parameters::default();
        let params: &'a ast::Parameters = match &l.parameters {
            Some(p) => p,
            None => Box::leak(Box::new(empty)),
        };
        let flags = self.default_arguments(params, loc)?;
        let scope = self
            .symtable
            .scope_at(l.range.start())
            .expect("symtable has every lambda");
        let line = loc.line as u32;
        self.enter_unit(scope, "<lambda>", line);
        self.u().consts.add(Const::None);
        self.set_arg_counts(params);
        self.expr(&l.body)?;
        let code = if self.scope().is_generator {
            self.exit_unit(false)
        } else {
            let bloc = self.loc(l.body.range());
            self.op(Opcode::RETURN_VALUE, bloc);
            self.exit_unit(true)
        };
        self.make_closure(code, flags, loc)
    }

    // ---- displays ----

    pub(crate) fn starunpack(
        &mut self,
        elts: &'a [Expr],
        loc: Loc,
        build: Opcode,
        add: Opcode,
        extend: Opcode,
        tuple: bool,
    ) -> CResult {
        self.starunpack_pushed(elts, 0, loc, (build, add, extend), tuple)
    }

    /// CPython's `starunpack_helper`: `pushed` items are already on the stack (a class
    /// statement's function and name) and join the sequence.
    pub(crate) fn starunpack_pushed(
        &mut self,
        elts: &'a [Expr],
        pushed: usize,
        loc: Loc,
        (build, add, extend): (Opcode, Opcode, Opcode),
        tuple: bool,
    ) -> CResult {
        let n = elts.len();
        if n > 2 {
            if let Some(Const::Tuple(items)) = self.folder.const_tuple(elts) {
                // Folded whole, the items skip `expr`'s refusal of complex constants.
                if !self.for_listing && items.iter().any(super::fold::has_complex) {
                    let at = elts.iter().find(|e| {
                        self.folder
                            .fold(e)
                            .is_some_and(|c| super::fold::has_complex(&c))
                    });
                    let range = at.map_or(elts[0].range(), |e| e.range());
                    return Err(self.unsupported("complex numbers", range));
                }
                if tuple && pushed == 0 {
                    self.load_const(Const::Tuple(items), loc);
                } else {
                    let folded = if add == Opcode::SET_ADD {
                        self.folder.const_frozenset(elts).expect("all constant")
                    } else {
                        Const::Tuple(items)
                    };
                    self.op_arg(build, pushed as u32, loc);
                    self.load_const(folded, loc);
                    self.op_arg(extend, 1, loc);
                    if tuple {
                        self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_LIST_TO_TUPLE, loc);
                    }
                }
                return Ok(());
            }
        }
        let big = n + pushed > STACK_USE_GUIDELINE;
        let starred = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !starred && !big {
            for e in elts {
                self.expr(e)?;
            }
            let op = if tuple { Opcode::BUILD_TUPLE } else { build };
            self.op_arg(op, (n + pushed) as u32, loc);
            return Ok(());
        }
        let mut built = false;
        if big {
            self.op_arg(build, pushed as u32, loc);
            built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let Expr::Starred(s) = e {
                if !built {
                    self.op_arg(build, (i + pushed) as u32, loc);
                    built = true;
                }
                self.expr(&s.value)?;
                self.op_arg(extend, 1, loc);
            } else {
                self.expr(e)?;
                if built {
                    self.op_arg(add, 1, loc);
                }
            }
        }
        if tuple {
            self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_LIST_TO_TUPLE, loc);
        }
        Ok(())
    }

    /// CPython's `compiler_dict`: runs of `key: value` items become one dict each (at most
    /// 17 items per run, a big run built with `MAP_ADD`), merged with `DICT_UPDATE`, as is
    /// each `**mapping`.
    fn dict(&mut self, d: &'a ast::ExprDict, loc: Loc) -> CResult {
        let n = d.items.len();
        let (mut have_dict, mut elements) = (false, 0usize);
        for (i, item) in d.items.iter().enumerate() {
            if item.key.is_none() {
                if elements > 0 {
                    self.subdict(&d.items[i - elements..i], loc)?;
                    if have_dict {
                        self.op_arg(Opcode::DICT_UPDATE, 1, loc);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.op_arg(Opcode::BUILD_MAP, 0, loc);
                    have_dict = true;
                }
                self.expr(&item.value)?;
                self.op_arg(Opcode::DICT_UPDATE, 1, loc);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(&d.items[i - elements..=i], loc)?;
                if have_dict {
                    self.op_arg(Opcode::DICT_UPDATE, 1, loc);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(&d.items[n - elements..], loc)?;
            if have_dict {
                self.op_arg(Opcode::DICT_UPDATE, 1, loc);
            }
            have_dict = true;
        }
        if !have_dict {
            self.op_arg(Opcode::BUILD_MAP, 0, loc);
        }
        Ok(())
    }

    /// One run of `key: value` items (CPython's `compiler_subdict`).
    fn subdict(&mut self, items: &'a [ast::DictItem], loc: Loc) -> CResult {
        let n = items.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            if let Some(k) = self
                .folder
                .const_tuple(items.iter().filter_map(|i| i.key.as_ref()))
            {
                for item in items {
                    self.expr(&item.value)?;
                }
                let keys_range = items[0]
                    .key
                    .as_ref()
                    .map_or(items[0].value.range(), |k| k.range());
                self.load_folded(k, keys_range, loc)?;
                self.op_arg(Opcode::BUILD_CONST_KEY_MAP, n as u32, loc);
                return Ok(());
            }
        }
        if big {
            self.op_arg(Opcode::BUILD_MAP, 0, loc);
        }
        for item in items {
            if let Some(key) = &item.key {
                self.expr(key)?;
            }
            self.expr(&item.value)?;
            if big {
                self.op_arg(Opcode::MAP_ADD, 1, loc);
            }
        }
        if !big {
            self.op_arg(Opcode::BUILD_MAP, n as u32, loc);
        }
        Ok(())
    }
}

/// `not (a in b)` / `not (a is b)` with one comparison: the comparison and its inverse
/// operator, as CPython's `fold_unaryop` rewrites it (the other comparisons are left alone:
/// `not a < b` is not `a >= b` for every type).
fn inverted_compare(u: &ast::ExprUnaryOp) -> Option<(&ast::ExprCompare, ast::CmpOp)> {
    if u.op != UnaryOp::Not {
        return None;
    }
    let Expr::Compare(c) = &*u.operand else {
        return None;
    };
    if c.ops.len() != 1 {
        return None;
    }
    let op = match c.ops[0] {
        ast::CmpOp::Is => ast::CmpOp::IsNot,
        ast::CmpOp::IsNot => ast::CmpOp::Is,
        ast::CmpOp::In => ast::CmpOp::NotIn,
        ast::CmpOp::NotIn => ast::CmpOp::In,
        _ => return None,
    };
    Some((c, op))
}

pub(crate) trait WithLoc {
    fn with_loc(self, c: &Compiler<'_>, loc: Loc) -> Self;
}

impl WithLoc for crate::error::CompileError {
    /// Points an error built without a node at `loc` instead.
    fn with_loc(mut self, c: &Compiler<'_>, loc: Loc) -> Self {
        if let crate::error::CompileError::Unsupported { location, .. } = &mut self {
            location.file = c.filename.clone();
            location.line = loc.line.max(0) as u32;
            location.col = loc.col.max(0) as u32;
        }
        self
    }
}
