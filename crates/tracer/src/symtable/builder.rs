//! Pass 1 of the symbol table over statements: scopes entered and left, parameters, defaults,
//! assignments, imports, `global`/`nonlocal` directives and their errors. Expressions are
//! walked in `names.rs`.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::*;

pub(super) struct Builder {
    pub(super) table: SymbolTable,
    pub(super) stack: Vec<ScopeId>,
    /// The class name for private name mangling, per entry of `stack`.
    pub(super) privates: Vec<Option<String>>,
    /// How many comprehension iterables are being visited (CPython's `ste_comp_iter_expr`,
    /// which a new scope inherits from the one it opens in): a walrus there is an error.
    pub(super) comp_iter_expr: usize,
    /// `from __future__ import annotations`: annotations are strings, never evaluated, so
    /// their names bind or capture nothing (CPython visits them in a throwaway scope).
    pub(super) future_annotations: bool,
}

impl Builder {
    pub(super) fn cur(&mut self) -> &mut Scope {
        let id = *self.stack.last().expect("scope stack is never empty");
        &mut self.table.scopes[id]
    }

    pub(super) fn mangled(&self, name: &str) -> String {
        let id = *self.stack.last().expect("scope stack is never empty");
        let private = self.privates.last().cloned().flatten();
        maybe_mangle(private.as_deref(), &self.table.scopes[id], name)
    }

    pub(super) fn add(&mut self, name: &str, flag: u16) {
        if flag & DEF_TYPE_PARAM != 0 {
            if let Some(names) = &mut self.cur().mangled_names {
                names.insert(name.to_string());
            }
        }
        let name = self.mangled(name);
        *self.cur().symbols.entry(name).or_insert(0) |= flag;
    }

    pub(super) fn enter(&mut self, kind: ScopeKind, name: &str, start: ruff_text_size::TextSize) {
        let id = self.table.scopes.len();
        let mut scope = Scope::new(kind, name);
        if kind != ScopeKind::Class {
            scope.mangled_names = self.cur().mangled_names.clone();
        }
        self.table.scopes.push(scope);
        self.cur().children.push(id);
        self.table.by_node.insert(u32::from(start), id);
        let private = if kind == ScopeKind::Class {
            Some(name.to_string())
        } else {
            self.privates.last().cloned().flatten()
        };
        self.stack.push(id);
        self.privates.push(private);
    }

    pub(super) fn leave(&mut self) {
        self.stack.pop();
        self.privates.pop();
    }

    pub(super) fn body(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    pub(super) fn params(&mut self, params: &ast::Parameters) {
        let order = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .map(|p| &p.parameter)
            .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(params.vararg.as_deref())
            .chain(params.kwarg.as_deref());
        for p in order {
            let name = self.mangled(p.name.id.as_str());
            // CPython's symtable_add_def refuses a second DEF_PARAM for the same name, pointing
            // at the repeated parameter.
            if self.cur().flags(&name) & DEF_PARAM != 0 {
                let msg = format!("duplicate argument '{name}' in function definition");
                self.table.errors.push((msg, p.range));
            }
            self.cur().params.push(name.clone());
            self.add(&name, DEF_PARAM);
        }
    }

    pub(super) fn defaults(&mut self, params: &ast::Parameters) {
        for p in params.posonlyargs.iter().chain(&params.args) {
            if let Some(d) = &p.default {
                self.expr(d);
            }
        }
        for p in &params.kwonlyargs {
            if let Some(d) = &p.default {
                self.expr(d);
            }
        }
    }

    /// Parameter and return annotations are evaluated in the scope around the `def`.
    fn annotations(&mut self, params: &ast::Parameters, returns: Option<&Expr>) {
        if self.future_annotations {
            return;
        }
        for p in params.iter() {
            if let Some(a) = p.annotation() {
                self.expr(a);
            }
        }
        if let Some(r) = returns {
            self.expr(r);
        }
    }

    pub(super) fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                self.defaults(&f.parameters);
                if let Some(tp) = &f.type_params {
                    // Bound outside; the annotations are evaluated in the parameters' scope.
                    self.add(f.name.id.as_str(), DEF_LOCAL);
                    let kwdefaults = f.parameters.kwonlyargs.iter().any(|a| a.default.is_some());
                    let owner = typeparams::Owner::Function { kwdefaults };
                    self.enter_type_params(f.name.id.as_str(), tp, owner);
                }
                self.annotations(&f.parameters, f.returns.as_deref());
                if f.type_params.is_none() {
                    self.add(f.name.id.as_str(), DEF_LOCAL);
                }
                self.enter(ScopeKind::Function, f.name.id.as_str(), f.range.start());
                self.cur().is_coroutine = f.is_async;
                self.params(&f.parameters);
                self.body(&f.body);
                self.leave();
                if f.type_params.is_some() {
                    self.leave();
                }
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(&d.expression);
                }
                if let Some(tp) = &c.type_params {
                    self.add(c.name.id.as_str(), DEF_LOCAL);
                    self.enter_type_params(c.name.id.as_str(), tp, typeparams::Owner::Class);
                }
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.expr(a);
                    }
                    for k in &args.keywords {
                        self.expr(&k.value);
                    }
                }
                if c.type_params.is_none() {
                    self.add(c.name.id.as_str(), DEF_LOCAL);
                }
                self.enter(ScopeKind::Class, c.name.id.as_str(), c.range.start());
                if c.type_params.is_some() {
                    self.add("__type_params__", DEF_LOCAL);
                    self.add(".type_params", USE);
                }
                self.body(&c.body);
                self.leave();
                if c.type_params.is_some() {
                    self.leave();
                }
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v);
                }
            }
            Stmt::Delete(d) => d.targets.iter().for_each(|t| self.expr(t)),
            Stmt::Assign(a) => {
                self.expr(&a.value);
                a.targets.iter().for_each(|t| self.expr(t));
            }
            Stmt::AugAssign(a) => {
                match &*a.target {
                    Expr::Name(n) => self.add(n.id.as_str(), DEF_LOCAL | USE),
                    // `self.x += 1` does not count toward __static_attributes__.
                    Expr::Attribute(at) => self.expr(&at.value),
                    other => self.expr(other),
                }
                self.expr(&a.value);
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    // The module's table also carries DEF_GLOBAL for names some function declares
                    // global; CPython skips the check there, and so do we.
                    let at_module = *self.stack.last().expect("scope stack is never empty") == 0;
                    let flags = if at_module {
                        0
                    } else {
                        let name = self.mangled(n.id.as_str());
                        self.cur().flags(&name)
                    };
                    for (bit, what) in [(DEF_GLOBAL, "global"), (DEF_NONLOCAL, "nonlocal")] {
                        if flags & bit != 0 {
                            let msg = format!("annotated name '{}' can't be {what}", n.id);
                            self.table.errors.push((msg, s.range()));
                        }
                    }
                    // A simple `x: T` makes `x` local even without a value.
                    if a.simple {
                        self.add(n.id.as_str(), DEF_ANNOT | DEF_LOCAL);
                    } else {
                        self.add(n.id.as_str(), DEF_ANNOT);
                        if a.value.is_some() {
                            self.add(n.id.as_str(), DEF_LOCAL);
                        }
                    }
                } else {
                    self.expr(&a.target);
                }
                if !self.future_annotations {
                    self.expr(&a.annotation);
                }
                if let Some(v) = &a.value {
                    self.expr(v);
                }
            }
            Stmt::For(f) => {
                self.expr(&f.target);
                self.expr(&f.iter);
                self.body(&f.body);
                self.body(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.body(&w.body);
                self.body(&w.orelse);
            }
            Stmt::If(i) => {
                self.expr(&i.test);
                self.body(&i.body);
                for clause in &i.elif_else_clauses {
                    if let Some(t) = &clause.test {
                        self.expr(t);
                    }
                    self.body(&clause.body);
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.expr(v);
                    }
                }
                self.body(&w.body);
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                }
                if let Some(c) = &r.cause {
                    self.expr(c);
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty);
                    }
                    if let Some(n) = &h.name {
                        self.add(n.id.as_str(), DEF_LOCAL);
                    }
                    self.body(&h.body);
                }
                self.body(&t.orelse);
                self.body(&t.finalbody);
            }
            Stmt::Assert(a) => {
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let bound = match &alias.asname {
                        Some(n) => n.id.as_str(),
                        None => alias.name.id.as_str().split('.').next().unwrap_or(""),
                    };
                    self.add(bound, DEF_IMPORT);
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    if alias.name.id.as_str() == "*" {
                        if *self.stack.last().expect("scope stack is never empty") != 0 {
                            let msg = "import * only allowed at module level";
                            self.table.errors.push((msg.to_string(), alias.range));
                        }
                        continue;
                    }
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.add(bound.id.as_str(), DEF_IMPORT);
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.check_directive(n.id.as_str(), "global", g.range);
                    let scope = *self.stack.last().expect("scope stack is never empty");
                    let name = self.mangled(n.id.as_str());
                    self.table
                        .directives
                        .entry((scope, name.clone()))
                        .or_insert(g.range);
                    self.add(n.id.as_str(), DEF_GLOBAL);
                    // CPython also records the declaration in the module's own table, so the
                    // module body itself then uses LOAD_GLOBAL/STORE_GLOBAL for the name.
                    *self.table.scopes[0].symbols.entry(name).or_insert(0) |= DEF_GLOBAL;
                }
            }
            Stmt::Nonlocal(stmt) => {
                let scope = *self.stack.last().expect("scope stack is never empty");
                for n in &stmt.names {
                    if scope == 0 {
                        let msg = "nonlocal declaration not allowed at module level";
                        self.table.errors.push((msg.to_string(), stmt.range));
                    }
                    self.check_directive(n.id.as_str(), "nonlocal", stmt.range);
                    let name = self.mangled(n.id.as_str());
                    self.table
                        .directives
                        .entry((scope, name))
                        .or_insert(stmt.range);
                    self.add(n.id.as_str(), DEF_NONLOCAL);
                }
            }
            Stmt::Expr(e) => self.expr(&e.value),
            Stmt::Match(m) => {
                self.expr(&m.subject);
                for case in &m.cases {
                    self.pattern(&case.pattern);
                    if let Some(g) = &case.guard {
                        self.expr(g);
                    }
                    self.body(&case.body);
                }
            }
            Stmt::TypeAlias(t) => self.type_alias(t),
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) | Stmt::IpyEscapeCommand(_) => {}
        }
    }

    /// A `case` pattern (`symtable_visit_pattern`): capture names are stores, value patterns,
    /// class names and mapping keys are loads.
    fn pattern(&mut self, p: &ast::Pattern) {
        use ast::Pattern as P;
        match p {
            P::MatchValue(v) => self.expr(&v.value),
            P::MatchSingleton(_) => {}
            P::MatchSequence(s) => s.patterns.iter().for_each(|q| self.pattern(q)),
            P::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.add(n.id.as_str(), DEF_LOCAL);
                }
            }
            P::MatchAs(a) => {
                if let Some(q) = &a.pattern {
                    self.pattern(q);
                }
                if let Some(n) = &a.name {
                    self.add(n.id.as_str(), DEF_LOCAL);
                }
            }
            P::MatchOr(o) => o.patterns.iter().for_each(|q| self.pattern(q)),
            P::MatchClass(c) => {
                self.expr(&c.cls);
                c.arguments.patterns.iter().for_each(|q| self.pattern(q));
                for k in &c.arguments.keywords {
                    self.pattern(&k.pattern);
                }
            }
            P::MatchMapping(m) => {
                m.keys.iter().for_each(|k| self.expr(k));
                m.patterns.iter().for_each(|q| self.pattern(q));
                if let Some(n) = &m.rest {
                    self.add(n.id.as_str(), DEF_LOCAL);
                }
            }
        }
    }

    /// CPython's checks when a `global`/`nonlocal` statement names something the scope already
    /// knows: the first matching flag, in CPython's order, picks the wording. The error points at
    /// the whole statement.
    pub(super) fn check_directive(&mut self, name: &str, directive: &str, range: TextRange) {
        let mangled = self.mangled(name);
        let flags = self.cur().flags(&mangled);
        let msg = if flags & DEF_PARAM != 0 {
            format!("name '{name}' is parameter and {directive}")
        } else if flags & USE != 0 {
            format!("name '{name}' is used prior to {directive} declaration")
        } else if flags & DEF_ANNOT != 0 {
            format!("annotated name '{name}' can't be {directive}")
        } else if flags & DEF_LOCAL != 0 {
            // An import binding (DEF_IMPORT) is not checked: CPython accepts `import os; global os`.
            format!("name '{name}' is assigned to before {directive} declaration")
        } else {
            return;
        };
        self.table.errors.push((msg, range));
    }
}
