//! The symbol table: which scope every name belongs to, computed before code generation exactly
//! as CPython's `symtable.c` decides it (local, global, free, cell), because that decision picks
//! the opcode family: `LOAD_FAST`, `LOAD_GLOBAL`, `LOAD_NAME` or `LOAD_DEREF`.
//!
//! ```text
//!   def f(a):          f: a = CELL (captured by g)      -> MAKE_CELL, LOAD_FAST a (closure)
//!       def g():       g: a = FREE                      -> COPY_FREE_VARS, LOAD_DEREF a
//!           return a
//! ```
//!
//! Pass 1 (`Builder`) walks the AST and records, per scope, how each name is used (`DEF_*`, `USE`).
//! Pass 2 (`analyze`) resolves scopes top-down with the set of names bound by enclosing functions,
//! then bottom-up turns locals captured by children into cells. List, set and dict comprehensions
//! are inlined into their parent (PEP 709) and only borrow its symbol table.
//!
//! Both passes also collect the errors CPython's symbol table raises (duplicate parameters, a
//! `global`/`nonlocal` statement after the name was used or bound, ...), in CPython's order.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// Index of a scope in `SymbolTable::scopes`.
pub type ScopeId = usize;

pub const DEF_LOCAL: u16 = 1;
pub const DEF_PARAM: u16 = 2;
pub const DEF_GLOBAL: u16 = 4;
pub const DEF_NONLOCAL: u16 = 8;
pub const USE: u16 = 16;
/// Bound as a comprehension iteration variable.
pub const DEF_COMP_ITER: u16 = 32;
/// Bound by an import statement.
pub const DEF_IMPORT: u16 = 64;
/// The target of an annotated assignment (`x: int`), only used to word global/nonlocal errors.
pub const DEF_ANNOT: u16 = 128;
pub const DEF_BOUND: u16 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    /// A list/set/dict comprehension (inlined) or generator expression (its own code object).
    Comprehension {
        inlined: bool,
    },
}

/// Where a name lives once analysis is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

#[derive(Clone, Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    /// Use flags per name, in first-use order (CPython's `ste_symbols`).
    pub symbols: IndexMap<String, u16>,
    /// Resolved scope per name (after `analyze`).
    pub resolved: HashMap<String, NameScope>,
    /// Parameter names in order (positional-only, positional, *args, keyword-only, **kwargs).
    pub params: Vec<String>,
    pub children: Vec<ScopeId>,
    pub is_generator: bool,
    /// A class whose methods use `super()` or `__class__` gets a `__class__` cell.
    pub needs_class_closure: bool,
    /// Attribute names assigned as `self.x = ...` in methods (3.13's `__static_attributes__`).
    pub static_attributes: Vec<String>,
}

impl Scope {
    fn new(kind: ScopeKind, name: &str) -> Scope {
        Scope {
            kind,
            name: name.to_string(),
            symbols: IndexMap::new(),
            resolved: HashMap::new(),
            params: Vec::new(),
            children: Vec::new(),
            is_generator: false,
            needs_class_closure: false,
            static_attributes: Vec::new(),
        }
    }

    /// True for scopes whose locals are fast locals (functions, lambdas, generator expressions).
    pub fn is_function_like(&self) -> bool {
        matches!(
            self.kind,
            ScopeKind::Function | ScopeKind::Comprehension { inlined: false }
        )
    }

    pub fn scope_of(&self, name: &str) -> NameScope {
        self.resolved
            .get(name)
            .copied()
            .unwrap_or(NameScope::GlobalImplicit)
    }

    pub fn flags(&self, name: &str) -> u16 {
        self.symbols.get(name).copied().unwrap_or(0)
    }
}

/// All scopes of a module; scope 0 is the module.
#[derive(Clone, Debug)]
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    /// Scope of each function/lambda/class/comprehension node, by the node's start offset.
    by_node: HashMap<u32, ScopeId>,
    /// Errors CPython's symbol table reports (e.g. a `nonlocal` without a binding), in order.
    pub errors: Vec<(String, TextRange)>,
    /// The first `global`/`nonlocal` statement naming each name, per scope: CPython points the
    /// errors found while resolving names ("no binding for nonlocal") at it.
    directives: HashMap<(ScopeId, String), TextRange>,
}

impl SymbolTable {
    pub fn build(module: &ast::ModModule) -> SymbolTable {
        let mut b = Builder {
            table: SymbolTable {
                scopes: vec![Scope::new(ScopeKind::Module, "top")],
                by_node: HashMap::new(),
                errors: Vec::new(),
                directives: HashMap::new(),
            },
            stack: vec![0],
            privates: vec![None],
        };
        for stmt in &module.body {
            b.stmt(stmt);
        }
        let mut table = b.table;
        analyze(&mut table, 0, &HashSet::new(), &HashSet::new());
        table
    }

    /// The scope created by the node starting at `start` (a def, lambda, class or comprehension).
    pub fn scope_at(&self, start: ruff_text_size::TextSize) -> Option<ScopeId> {
        self.by_node.get(&u32::from(start)).copied()
    }
}

struct Builder {
    table: SymbolTable,
    stack: Vec<ScopeId>,
    /// The class name for private name mangling, per entry of `stack`.
    privates: Vec<Option<String>>,
}

/// CPython's `_Py_Mangle`: inside `class _C`, `__x` (not ending in `__`) becomes `_C__x`.
pub fn mangle(private: Option<&str>, name: &str) -> String {
    let Some(class) = private else {
        return name.to_string();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let class = class.trim_start_matches('_');
    if class.is_empty() {
        return name.to_string();
    }
    format!("_{class}{name}")
}

impl Builder {
    fn cur(&mut self) -> &mut Scope {
        let id = *self.stack.last().expect("scope stack is never empty");
        &mut self.table.scopes[id]
    }

    fn mangled(&self, name: &str) -> String {
        mangle(self.privates.last().cloned().flatten().as_deref(), name)
    }

    fn add(&mut self, name: &str, flag: u16) {
        let name = self.mangled(name);
        *self.cur().symbols.entry(name).or_insert(0) |= flag;
    }

    fn enter(&mut self, kind: ScopeKind, name: &str, start: ruff_text_size::TextSize) {
        let id = self.table.scopes.len();
        self.table.scopes.push(Scope::new(kind, name));
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

    fn leave(&mut self) {
        self.stack.pop();
        self.privates.pop();
    }

    fn body(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn params(&mut self, params: &ast::Parameters) {
        let order = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .map(|p| &p.parameter)
            .chain(params.vararg.as_deref())
            .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
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

    fn defaults(&mut self, params: &ast::Parameters) {
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

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                self.defaults(&f.parameters);
                self.add(f.name.id.as_str(), DEF_LOCAL);
                self.enter(ScopeKind::Function, f.name.id.as_str(), f.range.start());
                self.params(&f.parameters);
                self.body(&f.body);
                self.leave();
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(&d.expression);
                }
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.expr(a);
                    }
                    for k in &args.keywords {
                        self.expr(&k.value);
                    }
                }
                self.add(c.name.id.as_str(), DEF_LOCAL);
                self.enter(ScopeKind::Class, c.name.id.as_str(), c.range.start());
                self.body(&c.body);
                self.leave();
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
                if let Some(v) = &a.value {
                    self.expr(v);
                }
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
                    self.add(n.id.as_str(), DEF_ANNOT);
                }
                self.expr(&a.target);
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
                    self.body(&case.body);
                }
            }
            Stmt::TypeAlias(_)
            | Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::IpyEscapeCommand(_) => {}
        }
    }

    /// CPython's checks when a `global`/`nonlocal` statement names something the scope already
    /// knows: the first matching flag, in CPython's order, picks the wording. The error points at
    /// the whole statement.
    fn check_directive(&mut self, name: &str, directive: &str, range: TextRange) {
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

    fn name(&mut self, n: &ast::ExprName) {
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

    fn expr(&mut self, e: &Expr) {
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
                self.cur().is_generator = true;
                if let Some(v) = &y.value {
                    self.expr(v);
                }
            }
            Expr::YieldFrom(y) => {
                self.cur().is_generator = true;
                self.expr(&y.value);
            }
            Expr::Attribute(a) => {
                self.expr(&a.value);
                self.note_static_attribute(a);
            }
            Expr::Named(n) => {
                self.expr(&n.value);
                self.expr(&n.target);
            }
            _ => self.children(e),
        }
    }

    /// `self.x = ...` anywhere inside a class records `x` for the nearest enclosing class's
    /// `__static_attributes__` (3.13 looks for the literal name `self`).
    fn note_static_attribute(&mut self, a: &ast::ExprAttribute) {
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

    fn comprehension(
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
        self.expr(&first.iter);
        let name = match node {
            Expr::ListComp(_) => "<listcomp>",
            Expr::SetComp(_) => "<setcomp>",
            Expr::DictComp(_) => "<dictcomp>",
            _ => "<genexpr>",
        };
        self.enter(ScopeKind::Comprehension { inlined }, name, node.start());
        // The outermost iterator is the implicit parameter `.0` (inlined comprehensions keep
        // the symbol too: class bodies save and restore it).
        if !inlined {
            self.cur().params.push(".0".to_string());
        }
        self.add(".0", DEF_PARAM);
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter);
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
        self.leave();
    }

    fn comp_target(&mut self, target: &Expr) {
        match target {
            Expr::Name(n) => self.add(n.id.as_str(), DEF_LOCAL | DEF_COMP_ITER),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.comp_target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.comp_target(e)),
            other => self.expr(other),
        }
    }

    fn children(&mut self, e: &Expr) {
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

/// Resolves every name of `id` and its children. `bound`: names bound by enclosing function
/// scopes; `global`: names declared global in enclosing scopes. Returns the names free in `id`
/// (which the parent must provide as cells or pass through).
fn analyze(
    table: &mut SymbolTable,
    id: ScopeId,
    bound: &HashSet<String>,
    global: &HashSet<String>,
) -> HashSet<String> {
    let scope = &table.scopes[id];
    let kind = scope.kind;
    let mut resolved = HashMap::new();
    let mut free = HashSet::new();
    let mut local = HashSet::new();
    let mut global = global.clone();
    let mut nonlocal_errors = Vec::new();
    for (name, &flags) in &scope.symbols {
        let directive = || {
            table
                .directives
                .get(&(id, name.clone()))
                .copied()
                .unwrap_or_default()
        };
        if flags & DEF_GLOBAL != 0 && flags & DEF_NONLOCAL != 0 {
            nonlocal_errors.push((format!("name '{name}' is nonlocal and global"), directive()));
        }
        let s = if flags & DEF_GLOBAL != 0 {
            global.insert(name.clone());
            NameScope::GlobalExplicit
        } else if flags & DEF_NONLOCAL != 0 {
            if id != 0 && !bound.contains(name) {
                let message = format!("no binding for nonlocal '{name}' found");
                nonlocal_errors.push((message, directive()));
            }
            free.insert(name.clone());
            NameScope::Free
        } else if flags & DEF_BOUND != 0 {
            local.insert(name.clone());
            global.remove(name);
            NameScope::Local
        } else if kind != ScopeKind::Module && bound.contains(name) {
            free.insert(name.clone());
            NameScope::Free
        } else if global.contains(name) {
            NameScope::GlobalExplicit
        } else {
            NameScope::GlobalImplicit
        };
        resolved.insert(name.clone(), s);
    }
    table.errors.extend(nonlocal_errors);
    // What children may capture: enclosing function bindings plus ours if we are a function.
    let mut child_bound = bound.clone();
    match kind {
        ScopeKind::Module => child_bound.clear(),
        ScopeKind::Class => {
            // Class-level names are not visible inside methods, but `__class__` is.
            child_bound.insert("__class__".to_string());
        }
        _ => child_bound.extend(local.iter().cloned()),
    }
    for name in &global {
        child_bound.remove(name);
    }
    let children = table.scopes[id].children.clone();
    let mut child_free = HashSet::new();
    for child in children {
        let inlined = table.scopes[child].kind == (ScopeKind::Comprehension { inlined: true });
        let f = analyze(table, child, &child_bound, &global);
        if inlined {
            inline_comprehension(table, id, child, &mut resolved, &f, &mut child_free);
        } else {
            child_free.extend(f);
        }
    }
    finish_scope(table, id, kind, resolved, free, child_free)
}

/// Merges an inlined comprehension's names into its parent (PEP 709): iteration variables become
/// the parent's locals (hidden fast locals in module and class bodies).
fn inline_comprehension(
    table: &mut SymbolTable,
    parent: ScopeId,
    comp: ScopeId,
    resolved: &mut HashMap<String, NameScope>,
    comp_free: &HashSet<String>,
    child_free: &mut HashSet<String>,
) {
    let comp_symbols = table.scopes[comp].symbols.clone();
    let parent_kind = table.scopes[parent].kind;
    for (name, flags) in comp_symbols {
        if flags & DEF_PARAM != 0 {
            continue;
        }
        let comp_scope = table.scopes[comp].scope_of(&name);
        if !table.scopes[parent].symbols.contains_key(&name) {
            table.scopes[parent]
                .symbols
                .insert(name.clone(), flags & !DEF_COMP_ITER);
            resolved.insert(name.clone(), comp_scope);
        }
        // A comprehension variable captured by a closure is a cell of the enclosing code.
        if comp_scope == NameScope::Cell
            && matches!(resolved.get(&name), None | Some(NameScope::Local))
        {
            resolved.insert(name.clone(), NameScope::Cell);
        }
        let parent_flags = table.scopes[parent].flags(&name);
        let local_in_parent = parent_flags & DEF_BOUND != 0 && parent_kind != ScopeKind::Class;
        if comp_free.contains(&name) && !local_in_parent {
            child_free.insert(name);
        }
    }
}

fn finish_scope(
    table: &mut SymbolTable,
    id: ScopeId,
    kind: ScopeKind,
    mut resolved: HashMap<String, NameScope>,
    mut free: HashSet<String>,
    child_free: HashSet<String>,
) -> HashSet<String> {
    for name in child_free {
        match resolved.get(&name).copied() {
            Some(NameScope::Local) if kind != ScopeKind::Class && kind != ScopeKind::Module => {
                resolved.insert(name, NameScope::Cell);
            }
            Some(NameScope::Cell) | Some(NameScope::GlobalExplicit) => {}
            _ if kind == ScopeKind::Class && name == "__class__" => {
                table.scopes[id].needs_class_closure = true;
            }
            _ if kind == ScopeKind::Module => {}
            Some(NameScope::Free) => {}
            _ => {
                // Passed through: free here too, so the closure can reach the child.
                resolved.insert(name.clone(), NameScope::Free);
                free.insert(name);
            }
        }
    }
    table.scopes[id].resolved = resolved;
    free
}
