//! Pass 1 of the symbol table over expressions: name uses and bindings, comprehensions (their
//! own scope, or inlined per PEP 709), lambdas, and the `self.x` attributes CPython 3.13 lists in
//! `__static_attributes__`.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::builder::Builder;
use super::*;

impl Builder {
    pub(super) fn name(&mut self, n: &ast::ExprName) {
        let id = n.id.as_str();
        match n.ctx {
            ast::ExprContext::Load => {
                self.add(id, USE);
                // A method calling super() implicitly needs the enclosing class's __class__.
                if id == "super" && self.cur().kind == ScopeKind::Function {
                    self.add("__class__", USE);
                }
            }
            ast::ExprContext::Store | ast::ExprContext::Del => self.add(id, DEF_LOCAL),
            ast::ExprContext::Invalid => {}
        }
    }

    pub(super) fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => self.name(n),
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.defaults(p);
                }
                self.enter(ScopeKind::Function, "<lambda>", l.range.start());
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.expr(&l.body);
                self.leave();
            }
            Expr::ListComp(c) => self.comprehension(e, &c.generators, &[&c.elt], true),
            Expr::SetComp(c) => self.comprehension(e, &c.generators, &[&c.elt], true),
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = c.key.as_deref().into_iter().collect();
                elts.push(&c.value);
                self.comprehension(e, &c.generators, &elts, true)
            }
            Expr::Generator(g) => self.comprehension(e, &g.generators, &[&g.elt], false),
            Expr::Yield(y) => {
                if self.refused_in_annotation_scope("yield expression", y.range) {
                    return;
                }
                self.cur().is_generator = true;
                if let Some(v) = &y.value {
                    self.expr(v);
                }
            }
            Expr::YieldFrom(y) => {
                if self.refused_in_annotation_scope("yield expression", y.range) {
                    return;
                }
                self.cur().is_generator = true;
                self.expr(&y.value);
            }
            Expr::Await(a) => {
                if self.refused_in_annotation_scope("await expression", a.range) {
                    return;
                }
                // An `await` makes a comprehension asynchronous (an `async def` is already; an
                // `await` anywhere else is the compiler's error).
                if matches!(self.cur().kind, ScopeKind::Comprehension { .. }) {
                    self.cur().is_coroutine = true;
                }
                self.expr(&a.value);
            }
            Expr::Attribute(a) => {
                self.expr(&a.value);
                self.note_static_attribute(a);
            }
            Expr::Named(n) => {
                if self.refused_in_annotation_scope("named expression", n.range) {
                    return;
                }
                if self.comp_iter_expr > 0 {
                    let msg = "assignment expression cannot be used in a comprehension iterable expression";
                    self.table.errors.push((msg.to_string(), n.range));
                    return;
                }
                if matches!(self.cur().kind, ScopeKind::Comprehension { .. }) {
                    if let Expr::Name(t) = &*n.target {
                        self.extend_namedexpr_scope(t);
                    }
                }
                self.expr(&n.value);
                self.expr(&n.target);
            }
            _ => self.children(e),
        }
    }

    /// `(x := v)` inside a comprehension binds `x` in the nearest enclosing function (free in
    /// the comprehension) or module (global), as CPython's `symtable_extend_namedexpr_scope`.
    fn extend_namedexpr_scope(&mut self, t: &ast::ExprName) {
        let name = self.mangled(t.id.as_str());
        let here = *self.stack.last().expect("scope stack is never empty");
        for &id in self.stack.iter().rev() {
            let scope = &self.table.scopes[id];
            match scope.kind {
                ScopeKind::Comprehension { .. } => {
                    if scope.flags(&name) & DEF_COMP_ITER != 0 {
                        let msg = format!(
                            "assignment expression cannot rebind comprehension iteration variable '{name}'"
                        );
                        self.table.errors.push((msg, t.range));
                        return;
                    }
                }
                ScopeKind::Function => {
                    let flag = if scope.flags(&name) & DEF_GLOBAL != 0 {
                        DEF_GLOBAL
                    } else {
                        DEF_NONLOCAL
                    };
                    *self.table.scopes[here]
                        .symbols
                        .entry(name.clone())
                        .or_insert(0) |= flag;
                    self.table
                        .directives
                        .entry((here, name.clone()))
                        .or_insert(t.range);
                    *self.table.scopes[id].symbols.entry(name).or_insert(0) |= DEF_LOCAL;
                    return;
                }
                ScopeKind::Module => {
                    *self.table.scopes[here]
                        .symbols
                        .entry(name.clone())
                        .or_insert(0) |= DEF_GLOBAL;
                    self.table
                        .directives
                        .entry((here, name.clone()))
                        .or_insert(t.range);
                    *self.table.scopes[id].symbols.entry(name).or_insert(0) |= DEF_GLOBAL;
                    return;
                }
                ScopeKind::Class => {
                    let msg = "assignment expression within a comprehension cannot be used in a class body";
                    self.table.errors.push((msg.to_string(), t.range));
                    return;
                }
            }
        }
    }

    /// `self.x = ...` anywhere inside a class records `x` for the nearest enclosing class's
    /// `__static_attributes__` (3.13 looks for the literal name `self`).
    pub(super) fn note_static_attribute(&mut self, a: &ast::ExprAttribute) {
        if a.ctx != ast::ExprContext::Store {
            return;
        }
        let Expr::Name(base) = &*a.value else { return };
        if base.id.as_str() != "self" {
            return;
        }
        let scopes = &mut self.table.scopes;
        if let Some(&class) = self
            .stack
            .iter()
            .rev()
            .skip(1)
            .find(|&&s| scopes[s].kind == ScopeKind::Class)
        {
            let attr = a.attr.id.to_string();
            if !scopes[class].static_attributes.contains(&attr) {
                scopes[class].static_attributes.push(attr);
            }
        }
    }

    pub(super) fn comprehension(
        &mut self,
        node: &Expr,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
        inlined: bool,
    ) {
        // The outermost iterable is evaluated in the enclosing scope.
        let Some(first) = generators.first() else {
            return;
        };
        self.comp_iter_expr += 1;
        self.expr(&first.iter);
        self.comp_iter_expr -= 1;
        let name = match node {
            Expr::ListComp(_) => "<listcomp>",
            Expr::SetComp(_) => "<setcomp>",
            Expr::DictComp(_) => "<dictcomp>",
            _ => "<genexpr>",
        };
        self.enter(ScopeKind::Comprehension { inlined }, name, node.start());
        if generators.iter().any(|g| g.is_async) {
            self.cur().is_coroutine = true;
        }
        // The outermost iterator is the implicit parameter `.0` (inlined comprehensions keep
        // the symbol too: class bodies save and restore it).
        if !inlined {
            self.cur().params.push(".0".to_string());
        }
        self.add(".0", DEF_PARAM);
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.comp_iter_expr += 1;
                self.expr(&g.iter);
                self.comp_iter_expr -= 1;
            }
            self.comp_target(&g.target);
            for cond in &g.ifs {
                self.expr(cond);
            }
        }
        for e in elts {
            self.expr(e);
        }
        if !inlined {
            // A generator expression is a generator function.
            self.cur().is_generator = true;
        }
        let is_async = inlined && self.cur().is_coroutine;
        self.leave();
        // An asynchronous list/set/dict comprehension awaits in the enclosing scope: that must
        // be an `async def` or another comprehension (which becomes asynchronous in turn). An
        // asynchronous generator expression is only an async generator object: no await here.
        if is_async {
            let parent = self.cur();
            match parent.kind {
                ScopeKind::Function if parent.is_coroutine => {}
                ScopeKind::Comprehension { .. } => parent.is_coroutine = true,
                _ => {
                    let msg = "asynchronous comprehension outside of an asynchronous function";
                    self.table.errors.push((msg.to_string(), node.range()));
                }
            }
        }
    }

    pub(super) fn comp_target(&mut self, target: &Expr) {
        match target {
            Expr::Name(n) => self.add(n.id.as_str(), DEF_LOCAL | DEF_COMP_ITER),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.comp_target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.comp_target(e)),
            other => self.expr(other),
        }
    }

    pub(super) fn children(&mut self, e: &Expr) {
        let mut kids: Vec<&Expr> = Vec::new();
        collect_children(e, &mut kids);
        for k in kids {
            self.expr(k);
        }
    }
}

/// The direct sub-expressions of expressions that open no scope, in evaluation order.
pub fn collect_children<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::BoolOp(b) => out.extend(b.values.iter()),
        Expr::BinOp(b) => out.extend([&*b.left, &*b.right]),
        Expr::UnaryOp(u) => out.push(&u.operand),
        Expr::If(i) => out.extend([&*i.test, &*i.body, &*i.orelse]),
        Expr::Dict(d) => {
            for item in &d.items {
                if let Some(k) = &item.key {
                    out.push(k);
                }
                out.push(&item.value);
            }
        }
        Expr::Set(s) => out.extend(s.elts.iter()),
        Expr::List(l) => out.extend(l.elts.iter()),
        Expr::Tuple(t) => out.extend(t.elts.iter()),
        Expr::Compare(c) => {
            out.push(&c.left);
            out.extend(c.comparators.iter());
        }
        Expr::Call(c) => {
            out.push(&c.func);
            out.extend(c.arguments.args.iter());
            out.extend(c.arguments.keywords.iter().map(|k| &k.value));
        }
        Expr::FString(f) => {
            for part in f.value.iter() {
                if let ast::FStringPart::FString(fs) = part {
                    collect_fstring_elements(&fs.elements, out);
                }
            }
        }
        Expr::Subscript(s) => out.extend([&*s.value, &*s.slice]),
        Expr::Starred(s) => out.push(&s.value),
        Expr::Slice(s) => {
            out.extend(s.lower.as_deref());
            out.extend(s.upper.as_deref());
            out.extend(s.step.as_deref());
        }
        Expr::Await(a) => out.push(&a.value),
        Expr::Attribute(a) => out.push(&a.value),
        _ => {}
    }
}

fn collect_fstring_elements<'a>(
    elements: &'a ast::InterpolatedStringElements,
    out: &mut Vec<&'a Expr>,
) {
    for el in elements.iter() {
        if let ast::InterpolatedStringElement::Interpolation(i) = el {
            out.push(&i.expression);
            if let Some(spec) = &i.format_spec {
                collect_fstring_elements(&spec.elements, out);
            }
        }
    }
}
