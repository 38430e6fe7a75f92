//! The compiler's own limits, as CPython 3.13 words them.
//!
//! - Recursion: CPython's AST optimizer and symbol table walk the tree recursively and count
//!   every statement and expression they enter against the C recursion limit (10000 in a
//!   release build). A module nesting deeper, such as `a + a + ... + a` with 10000 terms (a
//!   left-leaning tree of 9999 `BinOp`s), stops with `RecursionError: maximum recursion depth
//!   exceeded during compilation`. [`too_deep`] counts the same way (an `elif` nests its
//!   clause inside the previous `if`, as in CPython's tree; an f-string replacement field is a
//!   `FormattedValue` node) and so refuses exactly the modules CPython refuses.
//! - Blocks: at most 20 loops, `try` blocks and handlers open at once (`CO_MAXBLOCKS`), "too
//!   many statically nested blocks"; checked where the code generator pushes a block.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// `Py_C_RECURSION_LIMIT` of a release build of CPython 3.13.
pub const C_RECURSION_LIMIT: usize = 10_000;

/// CPython's `CO_MAXBLOCKS`: frame blocks (loops, `try`, handlers) open at once, plus one.
pub const CO_MAXBLOCKS: usize = 21;

/// The node where compiling `body` would pass CPython's recursion limit, if any.
pub fn too_deep(body: &[Stmt]) -> Option<TextRange> {
    let mut d = Depth {
        depth: 0,
        found: None,
    };
    for s in body {
        d.visit_stmt(s);
    }
    d.found
}

struct Depth {
    depth: usize,
    found: Option<TextRange>,
}

impl Depth {
    /// Enters one counted node; false (and the node recorded) when that passes the limit.
    fn enter(&mut self, range: TextRange) -> bool {
        if self.found.is_some() {
            return false;
        }
        self.depth += 1;
        if self.depth > C_RECURSION_LIMIT {
            self.found = Some(range);
            self.depth -= 1;
            return false;
        }
        true
    }
}

impl<'a> Visitor<'a> for Depth {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if !self.enter(stmt.range()) {
            return;
        }
        match stmt {
            // `elif` is an `If` in the `orelse` of the one before, one level deeper each time.
            Stmt::If(i) => {
                self.visit_expr(&i.test);
                self.visit_body(&i.body);
                let mut opened = 0;
                for clause in &i.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        if !self.enter(clause.range()) {
                            break;
                        }
                        opened += 1;
                        self.visit_expr(test);
                    }
                    self.visit_body(&clause.body);
                }
                self.depth -= opened;
            }
            _ => visitor::walk_stmt(self, stmt),
        }
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.enter(expr.range()) {
            visitor::walk_expr(self, expr);
            self.depth -= 1;
        }
    }

    fn visit_interpolated_string_element(
        &mut self,
        element: &'a ruff_python_ast::InterpolatedStringElement,
    ) {
        if self.enter(element.range()) {
            visitor::walk_interpolated_string_element(self, element);
            self.depth -= 1;
        }
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        if self.enter(pattern.range()) {
            visitor::walk_pattern(self, pattern);
            self.depth -= 1;
        }
    }
}
