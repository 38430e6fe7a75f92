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
//! Files: `builder.rs` (pass 1 over statements, parameters and `global`/`nonlocal`),
//! `names.rs` (pass 1 over expressions: names, comprehensions, attributes of `self`),
//! `analysis.rs` (pass 2).
//!
//! Both passes also collect the errors CPython's symbol table raises (duplicate parameters, a
//! `global`/`nonlocal` statement after the name was used or bound, ...), in CPython's order.

use crate::object::namehash::{FastMap, FastSet};

use indexmap::IndexMap;
use ruff_python_ast as ast;
use ruff_text_size::TextRange;

mod analysis;
mod builder;
mod names;
mod typeparams;

pub use typeparams::{bound_key, default_key};

use analysis::analyze;
use builder::Builder;
pub use names::collect_children;

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
/// A PEP 695 type parameter (a second one of the same name is an error).
pub const DEF_TYPE_PARAM: u16 = 256;
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
    pub resolved: FastMap<String, NameScope>,
    /// Parameter names in order (positional-only, positional, keyword-only, *args, **kwargs), as
    /// `symtable_visit_arguments` adds them: the layout of `co_varnames`.
    pub params: Vec<String>,
    pub children: Vec<ScopeId>,
    pub is_generator: bool,
    /// An `async def` (with `is_generator`: an async generator).
    pub is_coroutine: bool,
    /// Module or class names that are cells only inside an inlined comprehension (captured by
    /// a closure there) and plain names elsewhere.
    pub comp_cells: FastSet<String>,
    /// A class whose methods use `super()` or `__class__` gets a `__class__` cell.
    pub needs_class_closure: bool,
    /// Names a class hands down to its methods as free variables while its own body binds
    /// them, declares them global or reads them (CPython's `DEF_FREE_CLASS`): in
    /// `co_freevars`, without changing how the body itself reaches them.
    pub free_class: FastSet<String>,
    /// A class with annotation scopes reading its namespace gets a `__classdict__` cell.
    pub needs_classdict: bool,
    /// The `<generic parameters of X>` scope of a PEP 695 definition.
    pub is_type_params: bool,
    /// An annotation scope opened directly in a class body: it reads the class namespace
    /// (`__classdict__`) before the enclosing or global one.
    pub can_see_class_scope: bool,
    /// For the scopes PEP 695 opens, what CPython names them in "yield expression cannot be
    /// used within {this}" ("a TypeVar bound", "a type alias", "the definition of a generic").
    pub annotation_info: Option<&'static str>,
    /// In a generic class's parameter scope (and the bound scopes in it), only these names are
    /// mangled: the type parameters (CPython's `ste_mangled_names`).
    pub mangled_names: Option<FastSet<String>>,
    /// Attribute names assigned as `self.x = ...` in methods (3.13's `__static_attributes__`).
    pub static_attributes: Vec<String>,
}

impl Scope {
    fn new(kind: ScopeKind, name: &str) -> Scope {
        Scope {
            kind,
            name: name.to_string(),
            symbols: IndexMap::new(),
            resolved: FastMap::default(),
            params: Vec::new(),
            children: Vec::new(),
            is_generator: false,
            is_coroutine: false,
            comp_cells: FastSet::default(),
            needs_class_closure: false,
            free_class: FastSet::default(),
            needs_classdict: false,
            is_type_params: false,
            can_see_class_scope: false,
            annotation_info: None,
            mangled_names: None,
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
    by_node: FastMap<u32, ScopeId>,
    /// Errors CPython's symbol table reports (e.g. a `nonlocal` without a binding), in order.
    pub errors: Vec<(String, TextRange)>,
    /// The first `global`/`nonlocal` statement naming each name, per scope: CPython points the
    /// errors found while resolving names ("no binding for nonlocal") at it.
    directives: FastMap<(ScopeId, String), TextRange>,
}

impl SymbolTable {
    pub fn build(module: &ast::ModModule) -> SymbolTable {
        let mut b = Builder {
            table: SymbolTable {
                scopes: vec![Scope::new(ScopeKind::Module, "top")],
                by_node: FastMap::default(),
                errors: Vec::new(),
                directives: FastMap::default(),
            },
            stack: vec![0],
            privates: vec![None],
            comp_iter_expr: 0,
            future_annotations: crate::compile::import::future_annotations(&module.body),
        };
        for stmt in &module.body {
            b.stmt(stmt);
        }
        let mut table = b.table;
        analyze(&mut table, 0, &FastSet::default(), &FastSet::default());
        table
    }

    /// The scope created by the node starting at `start` (a def, lambda, class or comprehension).
    pub fn scope_at(&self, start: ruff_text_size::TextSize) -> Option<ScopeId> {
        self.by_node.get(&u32::from(start)).copied()
    }
}

/// CPython's `_Py_MaybeMangle`: [`mangle`], unless `scope` mangles only its type parameters
/// and `name` is not one.
pub fn maybe_mangle(private: Option<&str>, scope: &Scope, name: &str) -> String {
    match &scope.mangled_names {
        Some(names) if !names.contains(name) => name.to_string(),
        _ => mangle(private, name),
    }
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
