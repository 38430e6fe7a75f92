//! A `yield` used as an operand without its own parentheses (`yield & i`, `x = yield == 1`,
//! `yield, 1`): ruff's parser reads the bare `yield` and carries on with the operator, while
//! CPython's grammar only takes a yield expression whole (a statement, an assignment's value,
//! or inside parentheses) and stops at the operator with "invalid syntax". This pass finds such
//! a yield in the tree ruff built and says where CPython stops: the token after it.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

/// Where CPython reports "invalid syntax" for the first unparenthesized yield operand.
pub fn find(body: &[Stmt], source: &str) -> Option<TextSize> {
    let mut finder = Finder {
        source,
        found: None,
    };
    finder.visit_body(body);
    finder.found
}

struct Finder<'s> {
    source: &'s str,
    found: Option<TextSize>,
}

impl Finder<'_> {
    /// `operand` is a yield not wrapped in its own parentheses: remember the token after it.
    fn check(&mut self, operand: &Expr) {
        if self.found.is_some() || !matches!(operand, Expr::Yield(_) | Expr::YieldFrom(_)) {
            return;
        }
        let before = self.source.get(..operand.start().to_usize()).unwrap_or("");
        let after = self.source.get(operand.end().to_usize()..).unwrap_or("");
        let opened = before.trim_end().ends_with('(');
        let rest = after.trim_start();
        if opened && rest.starts_with(')') {
            return;
        }
        let next = operand.end().to_usize() + (after.len() - rest.len());
        self.found = Some(TextSize::from(next as u32));
    }
}

impl<'a> Visitor<'a> for Finder<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.found.is_none() {
            visitor::walk_stmt(self, stmt);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found.is_some() {
            return;
        }
        match expr {
            Expr::BinOp(e) => {
                self.check(&e.left);
                self.check(&e.right);
            }
            Expr::BoolOp(e) => e.values.iter().for_each(|v| self.check(v)),
            Expr::Compare(e) => {
                self.check(&e.left);
                e.comparators.iter().for_each(|v| self.check(v));
            }
            Expr::If(e) => {
                self.check(&e.test);
                self.check(&e.body);
                self.check(&e.orelse);
            }
            Expr::UnaryOp(e) => self.check(&e.operand),
            Expr::Tuple(e) if e.elts.len() > 1 => e.elts.iter().for_each(|v| self.check(v)),
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}
