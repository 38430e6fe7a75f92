//! Code generation for `match` statements (PEP 634), following CPython 3.13's `compiler_match`
//! and the `compiler_pattern_*` family in `compile.c`.
//!
//! A pattern is compiled against a subject on top of the stack. While it runs, the stack holds
//! (bottom to top) the values captured so far, then `on_top` working items (copies of the
//! subject, unpacked elements, the keys tuple of a mapping pattern). A failed check jumps to
//! `fail_pop[n]`, where `n` is how many of those items are on the stack at that point: the
//! failure blocks are emitted after the case body as a ladder of `POP_TOP`s
//! (`fail_pop[n]` pops one and falls into `fail_pop[n - 1]`), so every failure leaves the
//! stack as the case found it. Captured values are rotated (`SWAP`s) under the working items
//! as they are bound, and stored into their names only once the whole pattern matched.
//!
//! ```text
//!   case [x, 1]:          MATCH_SEQUENCE; POP_JUMP_IF_FALSE fail_pop[1]
//!                         GET_LEN; LOAD_CONST 2; COMPARE_OP ==; POP_JUMP_IF_FALSE fail_pop[1]
//!                         UNPACK_SEQUENCE 2          (x's item on top, then 1's)
//!                         SWAP 2                     (x's value goes under the item for 1)
//!                         LOAD_CONST 1; COMPARE_OP ==; POP_JUMP_IF_FALSE fail_pop[1]
//!                         STORE_FAST x               (the match succeeded: bind)
//! ```

use ruff_python_ast::{self as ast, Expr, Pattern};
use ruff_text_size::{Ranged, TextRange};

mod mapping;
mod or;

use super::ir::{self, Label, Loc};
use super::{CResult, Compiler};
use crate::bytecode::Opcode;
use crate::code::Const;

/// CPython's `pattern_context`: what a pattern being compiled has left on the stack.
#[derive(Default)]
pub(crate) struct PatternContext {
    /// Names captured so far, in the order their values sit on the stack (bottom first).
    stores: Vec<String>,
    /// May this pattern be irrefutable (only the last case, a guarded one, or a sub-pattern)?
    allow_irrefutable: bool,
    /// `fail_pop[n]`: where a failure with `n` items to pop jumps.
    fail_pop: Vec<Label>,
    /// Working items above the captured values.
    on_top: usize,
}

/// `case _:` (and `_` inside a pattern): a capture without a name or sub-pattern.
fn is_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

/// `*_` inside a sequence pattern.
fn is_star_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchStar(s) if s.name.is_none())
}

/// Python equality of two constants, as the set of seen mapping keys compares them
/// (`1`, `1.0` and `True` are the same key).
fn const_eq(a: &Const, b: &Const) -> bool {
    fn num(c: &Const) -> Option<(f64, f64)> {
        match c {
            Const::Bool(b) => Some((f64::from(u8::from(*b)), 0.0)),
            Const::Int(i) => Some((*i as f64, 0.0)),
            Const::Float(f) => Some((*f, 0.0)),
            Const::Complex { re, im } => Some((*re, *im)),
            _ => None,
        }
    }
    match (a, b) {
        (Const::Int(x), Const::Int(y)) => x == y,
        (Const::BigInt(x), Const::BigInt(y)) => x == y,
        (Const::Str(x), Const::Str(y)) => x == y,
        (Const::Bytes(x), Const::Bytes(y)) => x == y,
        (Const::None, Const::None) | (Const::Ellipsis, Const::Ellipsis) => true,
        (Const::Tuple(x), Const::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| const_eq(p, q))
        }
        _ => match (num(a), num(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

impl<'a> Compiler<'a> {
    /// `compiler_match`: the subject, then each case in turn.
    pub(crate) fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> CResult {
        self.expr(&m.subject)?;
        let end = self.new_label();
        let cases = m.cases.len();
        let last = &m.cases[cases - 1];
        let has_default = is_wildcard(&last.pattern) && cases > 1;
        let n = cases - usize::from(has_default);
        for (i, case) in m.cases[..n].iter().enumerate() {
            let ploc = self.loc(case.pattern.range());
            // Only the cases before the last compiled one keep a copy of the subject.
            if i != n - 1 {
                self.op_arg(Opcode::COPY, 1, ploc);
            }
            let mut pc = PatternContext {
                // An irrefutable case must be guarded, last, or both.
                allow_irrefutable: case.guard.is_some() || i == cases - 1,
                ..PatternContext::default()
            };
            self.pattern(&case.pattern, &mut pc)?;
            debug_assert_eq!(pc.on_top, 0);
            // It matched: bind the captured values, which are on the stack in order.
            for name in std::mem::take(&mut pc.stores) {
                self.store_name(&name, ploc)?;
            }
            if let Some(guard) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let fail = pc.fail_pop[0];
                self.jump_if(guard, fail, false)?;
            }
            if i != n - 1 {
                self.op(Opcode::POP_TOP, ploc);
            }
            self.stmts(&case.body)?;
            self.jump(ir::JUMP, end, Loc::NONE);
            // A failed pattern's cleanup belongs to the pattern's line, not the body's last.
            self.emit_and_reset_fail_pop(ploc, &mut pc);
        }
        if has_default {
            let ploc = self.loc(last.pattern.range());
            if cases == 1 {
                self.op(Opcode::POP_TOP, ploc);
            } else {
                // No code for `case _:`, but the line shows as covered.
                self.op(Opcode::NOP, ploc);
            }
            if let Some(guard) = &last.guard {
                self.jump_if(guard, end, false)?;
            }
            self.stmts(&last.body)?;
        }
        self.use_label(end);
        Ok(())
    }

    /// `compiler_pattern`: one pattern against the subject on top of the stack.
    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        match p {
            Pattern::MatchValue(v) => self.pattern_value(v, pc),
            Pattern::MatchSingleton(s) => {
                let loc = self.loc(s.range);
                let c = match s.value {
                    ast::Singleton::None => Const::None,
                    ast::Singleton::True => Const::Bool(true),
                    ast::Singleton::False => Const::Bool(false),
                };
                self.load_const(c, loc);
                self.op_arg(Opcode::IS_OP, 0, loc);
                self.jump_to_fail_pop(loc, pc, Opcode::POP_JUMP_IF_FALSE);
                Ok(())
            }
            Pattern::MatchSequence(s) => self.pattern_sequence(s, pc),
            Pattern::MatchMapping(m) => self.pattern_mapping(m, pc),
            Pattern::MatchClass(c) => self.pattern_class(c, pc),
            Pattern::MatchStar(s) => {
                let loc = self.loc(s.range);
                let name = s.name.as_ref().map(|n| n.id.as_str());
                self.pattern_store_name(loc, name, s.range, pc)
            }
            Pattern::MatchAs(a) => self.pattern_as(a, pc),
            Pattern::MatchOr(o) => self.pattern_or(o, pc),
        }
    }

    /// `compiler_pattern_subpattern`: a pattern inside another may always be irrefutable.
    fn subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    /// Makes sure `fail_pop[n]` exists.
    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let l = self.new_label();
            pc.fail_pop.push(l);
        }
    }

    /// Jumps (with `op`) to the failure block that pops everything this pattern pushed.
    fn jump_to_fail_pop(&mut self, loc: Loc, pc: &mut PatternContext, op: Opcode) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.jump(ir::real(op), pc.fail_pop[pops], loc);
    }

    /// An unconditional jump to the failure block (the end of an or-pattern's alternatives).
    fn jump_to_fail_pop_always(&mut self, loc: Loc, pc: &mut PatternContext) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.jump(ir::JUMP, pc.fail_pop[pops], loc);
    }

    /// `emit_and_reset_fail_pop`: the ladder of `POP_TOP`s the failure jumps land on.
    fn emit_and_reset_fail_pop(&mut self, loc: Loc, pc: &mut PatternContext) {
        let labels = std::mem::take(&mut pc.fail_pop);
        let Some((first, rest)) = labels.split_first() else {
            return;
        };
        for l in rest.iter().rev() {
            self.use_label(*l);
            self.op(Opcode::POP_TOP, loc);
        }
        self.use_label(*first);
    }

    /// `pattern_helper_rotate`: moves the top item `count - 1` places down (3.10's `ROT_N`).
    fn pattern_rotate(&mut self, loc: Loc, count: usize) {
        for n in (2..=count).rev() {
            self.op_arg(Opcode::SWAP, n as u32, loc);
        }
    }

    /// `pattern_helper_store_name`: a capture (or `POP_TOP` for `_`): the value goes under
    /// the working items, beside the values captured before it.
    fn pattern_store_name(
        &mut self,
        loc: Loc,
        name: Option<&str>,
        range: TextRange,
        pc: &mut PatternContext,
    ) -> CResult {
        let Some(name) = name else {
            self.op(Opcode::POP_TOP, loc);
            return Ok(());
        };
        if name == "__debug__" {
            return Err(self.invalid("cannot assign to __debug__", range));
        }
        if pc.stores.iter().any(|s| s == name) {
            return Err(self.duplicate_store(name, range));
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.pattern_rotate(loc, rotations);
        pc.stores.push(name.to_string());
        Ok(())
    }

    fn duplicate_store(&self, name: &str, range: TextRange) -> crate::error::CompileError {
        let msg = format!("multiple assignments to name '{name}' in pattern");
        self.invalid(&msg, range)
    }

    /// `compiler_pattern_value`: `case 1:` / `case Color.RED:` compare with `==`.
    fn pattern_value(&mut self, v: &'a ast::PatternMatchValue, pc: &mut PatternContext) -> CResult {
        let loc = self.loc(v.range);
        if self.folder.fold(&v.value).is_none() && !matches!(*v.value, Expr::Attribute(_)) {
            let msg = "patterns may only match literals and attribute lookups";
            return Err(self.invalid(msg, v.range));
        }
        self.expr(&v.value)?;
        self.cmp(ast::CmpOp::Eq, loc);
        self.op(Opcode::TO_BOOL, loc);
        self.jump_to_fail_pop(loc, pc, Opcode::POP_JUMP_IF_FALSE);
        Ok(())
    }

    /// `compiler_pattern_as`: `x`, `_`, or `pattern as x`.
    fn pattern_as(&mut self, a: &'a ast::PatternMatchAs, pc: &mut PatternContext) -> CResult {
        let loc = self.loc(a.range);
        let name = a.name.as_ref().map(|n| n.id.as_str());
        let Some(inner) = &a.pattern else {
            if !pc.allow_irrefutable {
                let msg = match name {
                    Some(n) => format!("name capture '{n}' makes remaining patterns unreachable"),
                    None => "wildcard makes remaining patterns unreachable".to_string(),
                };
                return Err(self.invalid(&msg, a.range));
            }
            return self.pattern_store_name(loc, name, a.range, pc);
        };
        // Keep a copy of the subject to bind if the inner pattern matches.
        pc.on_top += 1;
        self.op_arg(Opcode::COPY, 1, loc);
        self.pattern(inner, pc)?;
        pc.on_top -= 1;
        self.pattern_store_name(loc, name, a.range, pc)
    }

    /// `compiler_pattern_sequence`: `[a, b]`, `(a, *rest)`, `a, b`.
    fn pattern_sequence(
        &mut self,
        s: &'a ast::PatternMatchSequence,
        pc: &mut PatternContext,
    ) -> CResult {
        let loc = self.loc(s.range);
        let patterns = &s.patterns;
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if let Pattern::MatchStar(_) = p {
                if star.is_some() {
                    let msg = "multiple starred names in sequence pattern";
                    return Err(self.invalid(msg, s.range));
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        // The subject stays on top through the type and length checks.
        pc.on_top += 1;
        self.op(Opcode::MATCH_SEQUENCE, loc);
        self.jump_to_fail_pop(loc, pc, Opcode::POP_JUMP_IF_FALSE);
        match star {
            None => self.length_check(loc, pc, size, ast::CmpOp::Eq),
            // A star: at least the other elements (always true of one star alone).
            Some(_) if size > 1 => self.length_check(loc, pc, size - 1, ast::CmpOp::GtE),
            Some(_) => {}
        }
        // What follows consumes the subject.
        pc.on_top -= 1;
        if only_wildcard {
            self.op(Opcode::POP_TOP, loc);
            Ok(())
        } else if star_wildcard {
            self.sequence_subscr(loc, patterns, star.unwrap_or(size), pc)
        } else {
            self.sequence_unpack(loc, s.range, patterns, pc)
        }
    }

    /// `GET_LEN; LOAD_CONST n; COMPARE_OP op`, failing when false.
    fn length_check(&mut self, loc: Loc, pc: &mut PatternContext, n: usize, op: ast::CmpOp) {
        self.op(Opcode::GET_LEN, loc);
        self.load_const(Const::Int(n as i64), loc);
        self.cmp(op, loc);
        self.jump_to_fail_pop(loc, pc, Opcode::POP_JUMP_IF_FALSE);
    }

    /// `pattern_helper_sequence_unpack`: `UNPACK_SEQUENCE`/`UNPACK_EX`, then each element.
    fn sequence_unpack(
        &mut self,
        loc: Loc,
        range: TextRange,
        patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> CResult {
        let n = patterns.len();
        let mut seen_star = false;
        for (i, p) in patterns.iter().enumerate() {
            if let Pattern::MatchStar(_) = p {
                if seen_star {
                    let msg = "multiple starred expressions in sequence pattern";
                    return Err(self.invalid(msg, range));
                }
                if i >= 1 << 8 {
                    let msg = "too many expressions in star-unpacking sequence pattern";
                    return Err(self.invalid(msg, range));
                }
                self.op_arg(Opcode::UNPACK_EX, (i + ((n - i - 1) << 8)) as u32, loc);
                seen_star = true;
            }
        }
        if !seen_star {
            self.op_arg(Opcode::UNPACK_SEQUENCE, n as u32, loc);
        }
        // The elements stay on the stack until their own sub-pattern consumes them.
        pc.on_top += n;
        for p in patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    /// `pattern_helper_sequence_subscr`: with a `*_`, index the elements that matter
    /// (`subject[i]`, or `subject[len(subject) - k]` after the star) instead of unpacking.
    fn sequence_subscr(
        &mut self,
        loc: Loc,
        patterns: &'a [Pattern],
        star: usize,
        pc: &mut PatternContext,
    ) -> CResult {
        pc.on_top += 1;
        let size = patterns.len();
        for (i, p) in patterns.iter().enumerate() {
            if is_wildcard(p) || i == star {
                continue;
            }
            self.op_arg(Opcode::COPY, 1, loc);
            if i < star {
                self.load_const(Const::Int(i as i64), loc);
            } else {
                // The subject may not support negative indices.
                self.op(Opcode::GET_LEN, loc);
                self.load_const(Const::Int((size - i) as i64), loc);
                self.op_arg(Opcode::BINARY_OP, 10, loc);
            }
            self.op(Opcode::BINARY_SUBSCR, loc);
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 1;
        self.op(Opcode::POP_TOP, loc);
        Ok(())
    }
}
