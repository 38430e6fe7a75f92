//! Pass 1 of the symbol table for PEP 695 (3.12+) and PEP 696 (3.13) syntax: the annotation
//! scopes CPython 3.13 opens for `def f[T](...)`, `class C[T]` and `type X[T] = ...`.
//!
//! ```text
//!   module                           `def f[T: int = str](x: T)` opens:
//!   └── <generic parameters of f>    T (local), .defaults (parameter); annotations here
//!       ├── T      (bound: `int`, evaluated lazily by TypeVar.__bound__)
//!       ├── T      (default: `str`, lazily by TypeVar.__default__)
//!       └── f      the function itself, which sees T as a free variable
//! ```
//!
//! A generic class's parameter scope also binds `.type_params` (the tuple the class body
//! stores as `__type_params__`) and `.generic_base` (`Generic[T, ...]`, its extra base). An
//! annotation scope opened directly in a class body "can see the class scope": it reads the
//! class namespace through the class's `__classdict__` cell first (LOAD_FROM_DICT_OR_DEREF /
//! LOAD_FROM_DICT_OR_GLOBALS).

use ruff_python_ast as ast;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::builder::Builder;
use super::*;

/// What the annotation scope of a parameter list belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// A function, and whether it has keyword-only defaults (positional defaults always
    /// count: CPython tests the default list for NULL, never for emptiness).
    Function {
        kwdefaults: bool,
    },
    Class,
    TypeAlias,
}

/// The key of a bound's scope: the type parameter's start (no other scope starts there).
pub fn bound_key(p: &ast::TypeParam) -> TextSize {
    p.range().start()
}

/// The key of a default's scope: just after the parameter's name (a `:` or `=` or space).
pub fn default_key(p: &ast::TypeParam) -> TextSize {
    p.name().range.end()
}

impl Builder {
    /// CPython's `symtable_raise_if_annotation_block`: `yield`, `await` and `:=` have no
    /// place in these scopes. Returns true (after recording the error) when refused.
    pub(super) fn refused_in_annotation_scope(&mut self, what: &str, range: TextRange) -> bool {
        match self.cur().annotation_info {
            Some(info) => {
                let msg = format!("{what} cannot be used within {info}");
                self.table.errors.push((msg, range));
                true
            }
            None => false,
        }
    }

    /// Opens the `<generic parameters of NAME>` scope (CPython's
    /// `symtable_enter_type_param_block`) and binds the parameters in it; the caller leaves it.
    pub(super) fn enter_type_params(&mut self, name: &str, tp: &ast::TypeParams, owner: Owner) {
        let in_class = self.cur().kind == ScopeKind::Class;
        self.enter(ScopeKind::Function, name, tp.range.start());
        self.cur().is_type_params = true;
        self.cur().annotation_info = Some("the definition of a generic");
        if in_class {
            self.cur().can_see_class_scope = true;
            self.add("__classdict__", USE);
        }
        match owner {
            Owner::Class => {
                // The class's private name mangles its type parameters (only them) here.
                *self
                    .privates
                    .last_mut()
                    .expect("scope stack is never empty") = Some(name.to_string());
                self.cur().mangled_names = Some(FastSet::default());
                self.add(".type_params", DEF_LOCAL | USE);
                self.add(".generic_base", DEF_LOCAL | USE);
            }
            Owner::Function { kwdefaults } => {
                self.cur().params.push(".defaults".to_string());
                self.add(".defaults", DEF_PARAM);
                if kwdefaults {
                    self.cur().params.push(".kwdefaults".to_string());
                    self.add(".kwdefaults", DEF_PARAM);
                }
            }
            Owner::TypeAlias => {}
        }
        for p in tp.iter() {
            let pname = p.name().id.as_str();
            let mangled = self.mangled(pname);
            let flags = self.cur().flags(&mangled);
            if flags & DEF_TYPE_PARAM != 0 {
                let msg = format!("duplicate type parameter '{pname}'");
                self.table.errors.push((msg, p.name().range));
            }
            self.add(pname, DEF_TYPE_PARAM | DEF_LOCAL);
            if let ast::TypeParam::TypeVar(t) = p {
                if let Some(b) = &t.bound {
                    let info = if matches!(**b, ast::Expr::Tuple(_)) {
                        "a TypeVar constraint"
                    } else {
                        "a TypeVar bound"
                    };
                    self.lazy_scope(pname, b, bound_key(p), info);
                }
            }
            if let Some(d) = p.default() {
                let info = match p {
                    ast::TypeParam::TypeVar(_) => "a TypeVar default",
                    ast::TypeParam::ParamSpec(_) => "a ParamSpec default",
                    ast::TypeParam::TypeVarTuple(_) => "a TypeVarTuple default",
                };
                self.lazy_scope(pname, d, default_key(p), info);
            }
        }
    }

    /// The scope of a bound, constraints or default, evaluated only when asked for.
    fn lazy_scope(&mut self, name: &str, e: &ast::Expr, key: TextSize, info: &'static str) {
        let in_class = self.cur().can_see_class_scope;
        self.enter(ScopeKind::Function, name, key);
        self.cur().annotation_info = Some(info);
        if in_class {
            self.cur().can_see_class_scope = true;
            self.add("__classdict__", USE);
        }
        self.expr(e);
        self.leave();
    }

    /// `type X[T] = value` (CPython's `TypeAlias_kind` case): the value is its own lazily
    /// evaluated scope, inside the parameters' scope when generic.
    pub(super) fn type_alias(&mut self, t: &ast::StmtTypeAlias) {
        self.expr(&t.name);
        let ast::Expr::Name(n) = &*t.name else {
            return;
        };
        let name = n.id.as_str();
        let in_class = self.cur().kind == ScopeKind::Class;
        if let Some(tp) = &t.type_params {
            self.enter_type_params(name, tp, Owner::TypeAlias);
        }
        self.enter(ScopeKind::Function, name, t.range.start());
        self.cur().annotation_info = Some("a type alias");
        if in_class {
            self.cur().can_see_class_scope = true;
            self.add("__classdict__", USE);
        }
        self.expr(&t.value);
        self.leave();
        if t.type_params.is_some() {
            self.leave();
        }
    }
}
