//! Which string constants CPython will find already interned when it builds a code object,
//! for the order of frozensets of strings.
//!
//! When CPython 3.13 makes a code object it interns its name-like string constants
//! (`intern_constants` in `codeobject.c`). If a frozenset constant holds such a string and an
//! equal string was interned before as another object, the item is swapped for that object
//! and the frozenset is built once more from its current order, which can change that order
//! (`fold.rs` simulates the set table). The identifiers of the source itself are interned by
//! the parser, so a string that is also a name in the file is such a case; so is one of the
//! strings CPython allocates statically (`'True'`, `'link'`, `'win32'`: its `_Py_ID`s, listed
//! in `optimize/static_strings.rs`). Strings interned by
//! the running interpreter for other reasons (its own modules' names) cannot be known here:
//! the listing may then differ from CPython's.

use crate::object::namehash::FastSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};

/// The identifiers of a module: names, attributes, parameters, keywords, imports, defs.
pub fn identifiers(body: &[Stmt]) -> FastSet<String> {
    let mut v = Collect(FastSet::default());
    v.visit_body(body);
    v.0
}

/// CPython's `all_name_chars`: only ASCII letters, digits and `_`.
pub fn name_like(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

struct Collect(FastSet<String>);

impl<'a> Visitor<'a> for Collect {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.0.insert(f.name.id.to_string());
            }
            Stmt::ClassDef(c) => {
                self.0.insert(c.name.id.to_string());
            }
            Stmt::Global(g) => self.0.extend(g.names.iter().map(|n| n.id.to_string())),
            Stmt::Nonlocal(n) => self.0.extend(n.names.iter().map(|n| n.id.to_string())),
            Stmt::ImportFrom(i) => {
                if let Some(m) = &i.module {
                    self.0.extend(m.id.split('.').map(str::to_string));
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => {
                self.0.insert(n.id.to_string());
            }
            Expr::Attribute(a) => {
                self.0.insert(a.attr.id.to_string());
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }

    fn visit_parameter(&mut self, p: &'a ast::Parameter) {
        self.0.insert(p.name.id.to_string());
        visitor::walk_parameter(self, p);
    }

    fn visit_keyword(&mut self, k: &'a ast::Keyword) {
        if let Some(a) = &k.arg {
            self.0.insert(a.id.to_string());
        }
        visitor::walk_keyword(self, k);
    }

    fn visit_alias(&mut self, a: &'a ast::Alias) {
        self.0.extend(a.name.id.split('.').map(str::to_string));
        if let Some(n) = &a.asname {
            self.0.insert(n.id.to_string());
        }
    }
}
