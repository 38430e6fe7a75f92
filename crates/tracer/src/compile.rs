//! The compiler: Python source to CPython 3.13 code objects, instruction for instruction.
//!
//! ```text
//!   parse ─▶ symtable ─▶ codegen (compile/stmt.rs, compile/expr.rs) ─▶ instruction sequence
//!        ─▶ CFG (flowgraph.rs) ─▶ optimize.rs ─▶ assemble.rs ─▶ CodeObject
//! ```
//!
//! Code generation follows CPython's `compile.c` construct by construct (the same instruction
//! order, the same source locations, the same pseudo-instructions), and the CFG passes follow
//! `flowgraph.c`, because the goal is output equal to `python3.13 -m dis`. Each nested scope
//! (function, lambda, class body, generator expression) is compiled as its own `Unit`.

mod annotate;
mod assemble;
mod asyncs;
mod call;
mod comprehension;
mod consts;
mod expr;
mod flowgraph;
mod fold;
mod fstring;
pub(crate) mod import;
mod interned;
mod ir;
pub mod limits;
mod names;
mod optimize;
mod pattern;
mod percent;
mod stack;
mod stmt;
mod strhash;
mod surrogates;
mod trystar;
mod typeparams;
mod unparse;
mod with;

use crate::object::namehash::FastMap;
use std::rc::Rc;

use indexmap::IndexSet;
use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::TextRange;

use crate::bytecode::Opcode;
use crate::code::{flags, kinds, CodeObject, Const};
use crate::error::{CompileError, SourceLocation, SyntaxError};
use crate::parse::{parse_module, LineIndex};
use crate::symtable::{NameScope, ScopeId, ScopeKind, SymbolTable};
use consts::ConstPool;
use flowgraph::{Cfg, Item};
use ir::{Instr, Label, Loc, Op};

pub use ir::Op as PseudoOrRealOp;

/// Compiles a module's source into its code object (nested code objects hang off `consts`).
pub fn compile(source: &str, filename: &str) -> Result<Rc<CodeObject>, CompileError> {
    compile_with(source, filename, false, BUILTIN_MODULES, &[])
}

/// The modules every `Vm` has built in (`builtins/modules.rs`).
pub use crate::builtins::modules::BUILTIN_MODULES;

/// [`compile`] for a VM that provides the modules `modules` (`Vm::modules`, where an embedder
/// may have registered its own): importing any other is refused as unsupported.
pub fn compile_importing(
    source: &str,
    filename: &str,
    modules: &[&str],
) -> Result<Rc<CodeObject>, CompileError> {
    compile_with(source, filename, false, modules, &[])
}

/// [`compile`] for a script run as `__main__`: it may also import the modules and packages
/// next to it (`sys.path[0]`, see `interp/import/finder.rs`).
pub fn compile_script(source: &str, filename: &str) -> Result<Rc<CodeObject>, CompileError> {
    let local = crate::interp::import::finder::script_dir(filename)
        .map(|dir| crate::interp::import::finder::local_names(&dir))
        .unwrap_or_default();
    compile_with(source, filename, false, BUILTIN_MODULES, &local)
}

/// [`compile_importing`] for a module found on the search path, whose names `local` it may
/// import too.
pub fn compile_imported(
    source: &str,
    filename: &str,
    modules: &[&str],
    local: &[String],
) -> Result<Rc<CodeObject>, CompileError> {
    compile_with(source, filename, false, modules, local)
}

/// [`compile`] for a bytecode listing only: also accepts what the VM cannot run yet
/// (complex numbers, multiple inheritance), so `dis` comparisons with CPython cover them.
pub fn compile_for_listing(source: &str, filename: &str) -> Result<Rc<CodeObject>, CompileError> {
    compile_with(source, filename, true, BUILTIN_MODULES, &[])
}

/// `compile(source, filename, "eval")` for `eval()`: a module holding one expression, whose
/// code returns its value (CPython's `Py_eval_input`); anything else is CPython's
/// `SyntaxError: invalid syntax`.
pub fn compile_eval(
    source: &str,
    filename: &str,
    modules: &[&str],
    local: &[String],
) -> Result<Rc<CodeObject>, CompileError> {
    compile_mode(source, filename, false, modules, local, true)
}

fn compile_with(
    source: &str,
    filename: &str,
    for_listing: bool,
    modules: &[&str],
    local: &[String],
) -> Result<Rc<CodeObject>, CompileError> {
    compile_mode(source, filename, for_listing, modules, local, false)
}

fn compile_mode(
    source: &str,
    filename: &str,
    for_listing: bool,
    modules: &[&str],
    local: &[String],
    eval: bool,
) -> Result<Rc<CodeObject>, CompileError> {
    let module = parse_module(source, filename)?;
    let expression = match (eval, module.body.as_slice()) {
        (false, _) => None,
        (true, [Stmt::Expr(e)]) => Some(&*e.value),
        (true, body) => {
            let at = body
                .first()
                .map_or(0, |s| ruff_text_size::Ranged::start(s).to_usize());
            let lines = LineIndex::new(source);
            let (line, col) = lines.line_col(ruff_text_size::TextSize::from(at as u32));
            return Err(CompileError::Syntax(SyntaxError {
                kind: "SyntaxError",
                message: "invalid syntax".into(),
                source_line: source
                    .lines()
                    .nth((line as usize).saturating_sub(1))
                    .unwrap_or("")
                    .to_string(),
                location: SourceLocation {
                    file: filename.to_string(),
                    line,
                    col,
                },
                end_col: col,
                show_caret: true,
            }));
        }
    };
    if let Some(range) = limits::too_deep(&module.body) {
        return Err(crate::parse::limit_error(
            source,
            filename,
            range.start().to_usize(),
            "RecursionError",
            "maximum recursion depth exceeded during compilation",
        ));
    }
    // Lone surrogates (`"\ud800"`) fit CPython's str but not the VM's UTF-8 one: a listing
    // keeps them as code points (`surrogates.rs`), running refuses them.
    let surrogates = crate::parse::scan::scan(source).surrogates;
    let refuse_surrogate = |at: usize, construct: &str| {
        let lines = LineIndex::new(source);
        let (line, col) = lines.line_col(ruff_text_size::TextSize::from(at as u32));
        CompileError::Unsupported {
            construct: construct.into(),
            location: SourceLocation {
                file: filename.to_string(),
                line,
                col,
            },
        }
    };
    const SURROGATES: &str = "lone surrogate escapes in strings (\\ud800 to \\udfff)";
    if let (false, Some(&at)) = (for_listing, surrogates.first()) {
        return Err(refuse_surrogate(at, SURROGATES));
    }
    let symtable = SymbolTable::build(&module);
    let first_error = symtable.errors.first().cloned();
    let mut c = Compiler {
        source,
        filename: filename.to_string(),
        lines: LineIndex::new(source),
        symtable,
        units: Vec::new(),
        for_listing,
        folder: fold::Folder::with_identifiers(interned::identifiers(&module.body)),
        modules: modules.iter().map(|m| m.to_string()).collect(),
        local_modules: local.to_vec(),
        future_ok: import::future_positions(&module.body),
        future_annotations: import::future_annotations(&module.body),
    };
    if let Some((message, range)) = first_error {
        return Err(c.invalid(&message, range));
    }
    if !surrogates.is_empty() {
        c.folder.surrogate_source = Some(source.into());
    }
    c.enter_unit(0, "<module>", 1);
    if let Some(e) = expression {
        c.expr(e)?;
        let loc = c.loc(ruff_text_size::Ranged::range(e));
        c.op(Opcode::RETURN_VALUE, loc);
        return Ok(Rc::new(c.exit_unit(false)));
    }
    c.module_body(&module.body)?;
    // Every surrogate escape must have become a constant's code point; one elsewhere (an
    // f-string, a docstring, an annotation's text) would be listed as U+FFFD.
    let decoded = c.folder.surrogates_decoded.borrow().clone();
    let failure = *c.folder.surrogate_failure.borrow();
    if let Some(at) = failure.or_else(|| surrogates.iter().find(|a| !decoded.contains(a)).copied())
    {
        return Err(refuse_surrogate(
            at,
            "lone surrogate escapes outside string literals and f-string text (docstrings, annotations)",
        ));
    }
    Ok(Rc::new(c.exit_unit(true)))
}

/// What `break`, `continue` and `return` must unwind (CPython's fblock stack).
#[derive(Clone)]
pub(crate) enum FBlockKind<'a> {
    WhileLoop,
    ForLoop,
    TryExcept,
    FinallyTry(&'a [Stmt]),
    FinallyEnd,
    ExceptionHandler,
    /// The handlers of a `try/except*`: nothing may unwind through them.
    ExceptionGroupHandler,
    HandlerCleanup(Option<String>),
    PopValue,
    /// A `with` body; the location of its context expression.
    With(Loc),
    /// An `async with` body; the location of its context expression.
    AsyncWith(Loc),
}

#[derive(Clone)]
pub(crate) struct FBlock<'a> {
    pub kind: FBlockKind<'a>,
    /// `continue` target for loops.
    pub block: Option<Label>,
    /// `break` target for loops.
    pub exit: Option<Label>,
}

/// One code object under construction.
pub(crate) struct Unit<'a> {
    pub scope: ScopeId,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
    pub items: Vec<Item>,
    pub next_label: u32,
    pub consts: ConstPool,
    pub names: IndexSet<String>,
    pub varnames: IndexSet<String>,
    pub cellvars: IndexSet<String>,
    pub freevars: IndexSet<String>,
    /// Names temporarily compiled as fast locals (inlined comprehensions in module/class).
    pub fasthidden: FastMap<String, bool>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    /// Parameters including `*args`/`**kwargs` (locals assumed bound at entry).
    pub nparams: u32,
    pub varargs: bool,
    pub varkeywords: bool,
    pub fblocks: Vec<FBlock<'a>>,
    /// Inlined comprehension scopes being compiled inside this unit, innermost last.
    pub inlined: Vec<ScopeId>,
    /// The enclosing class name used for private name mangling.
    pub private: Option<String>,
}

pub(crate) struct Compiler<'a> {
    pub source: &'a str,
    pub filename: String,
    pub lines: LineIndex,
    pub symtable: SymbolTable,
    pub units: Vec<Unit<'a>>,
    /// Constructs the VM cannot run yet (complex constants, several bases) compile for a
    /// listing instead of being refused as for a runnable program.
    pub for_listing: bool,
    /// Constant folding, memoized per node.
    pub folder: fold::Folder,
    /// The modules the VM provides: the only ones a runnable program may import.
    pub modules: Vec<String>,
    /// The modules and packages on the search path (`sys.path[0]`), also importable.
    pub local_modules: Vec<String>,
    /// Where a `from __future__` import may stand (the module's leading run of them).
    pub future_ok: Vec<ruff_text_size::TextSize>,
    /// `from __future__ import annotations`: annotations compile to strings.
    pub future_annotations: bool,
}

pub(crate) type CResult<T = ()> = Result<T, CompileError>;

impl<'a> Compiler<'a> {
    pub fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a unit is always open")
    }

    pub fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("a unit is always open")
    }

    pub fn scope(&self) -> &crate::symtable::Scope {
        &self.symtable.scopes[self.ur().scope]
    }

    // ---- locations and errors ----

    pub fn loc(&self, range: TextRange) -> Loc {
        let (line, col) = self.lines.line_col(range.start());
        let (end_line, end_col) = self.lines.line_col(range.end());
        Loc {
            line: line as i32,
            end_line: end_line as i32,
            col: col as i32,
            end_col: end_col as i32,
        }
    }

    pub fn source_location(&self, range: TextRange) -> SourceLocation {
        let (line, col) = self.lines.line_col(range.start());
        SourceLocation {
            file: self.filename.clone(),
            line,
            col,
        }
    }

    pub fn unsupported(&self, construct: &str, range: TextRange) -> CompileError {
        CompileError::Unsupported {
            construct: construct.to_string(),
            location: self.source_location(range),
        }
    }

    pub fn invalid(&self, message: &str, range: TextRange) -> CompileError {
        let location = self.source_location(range);
        let source_line = self.lines.line_text(self.source, location.line).to_string();
        // CPython underlines the node; a node running onto later lines is underlined to the end
        // of its first line.
        let (end_line, end_col) = self.lines.line_col(range.end());
        let end_col = if end_line == location.line {
            end_col
        } else {
            source_line.len() as u32
        };
        CompileError::Invalid(SyntaxError {
            source_line,
            location,
            message: message.to_string(),
            kind: "SyntaxError",
            end_col,
            show_caret: true,
        })
    }

    // ---- emitting ----

    pub fn new_label(&mut self) -> Label {
        let u = self.u();
        u.next_label += 1;
        Label(u.next_label - 1)
    }

    pub fn use_label(&mut self, l: Label) {
        self.u().items.push(Item::Label(l));
    }

    pub fn emit(&mut self, op: Op, arg: u32, loc: Loc) {
        self.u().items.push(Item::Instr(Instr {
            op,
            arg,
            target: None,
            loc,
            except: None,
        }));
    }

    pub fn op(&mut self, op: Opcode, loc: Loc) {
        self.emit(ir::real(op), 0, loc);
    }

    pub fn op_arg(&mut self, op: Opcode, arg: u32, loc: Loc) {
        self.emit(ir::real(op), arg, loc);
    }

    pub fn jump(&mut self, op: Op, target: Label, loc: Loc) {
        self.u().items.push(Item::Instr(Instr {
            op,
            arg: 0,
            target: Some(target.0 as usize),
            loc,
            except: None,
        }));
    }

    pub fn load_const(&mut self, c: Const, loc: Loc) {
        let i = self.u().consts.add(c);
        self.op_arg(Opcode::LOAD_CONST, i, loc);
    }

    /// Index in `co_names` of an attribute name, mangled inside classes.
    pub fn attr_index(&mut self, attr: &str) -> u32 {
        let mangled = self.mangle(attr);
        self.name_index(&mangled)
    }

    /// Private name mangling: inside `class C`, `__x` means `_C__x` (CPython's `_Py_Mangle`).
    pub fn mangle(&self, name: &str) -> String {
        crate::symtable::maybe_mangle(self.ur().private.as_deref(), self.scope(), name)
    }

    pub fn name_index(&mut self, name: &str) -> u32 {
        self.u().names.insert_full(name.to_string()).0 as u32
    }

    pub fn varname_index(&mut self, name: &str) -> u32 {
        self.u().varnames.insert_full(name.to_string()).0 as u32
    }

    // ---- units ----

    pub fn enter_unit(&mut self, scope: ScopeId, name: &str, firstlineno: u32) {
        let s = &self.symtable.scopes[scope];
        let mut cells: Vec<String> = s
            .resolved
            .iter()
            .filter(|(_, &sc)| sc == NameScope::Cell)
            .map(|(n, _)| n.clone())
            .chain(s.comp_cells.iter().cloned())
            .collect();
        cells.sort();
        cells.dedup();
        let mut cellvars: IndexSet<String> = cells.into_iter().collect();
        if s.needs_class_closure {
            cellvars.insert("__class__".to_string());
        }
        if s.needs_classdict {
            cellvars.insert("__classdict__".to_string());
        }
        let mut frees: Vec<String> = s
            .resolved
            .iter()
            .filter(|(_, &sc)| sc == NameScope::Free)
            .map(|(n, _)| n.clone())
            .chain(s.free_class.iter().cloned())
            .collect();
        frees.sort();
        frees.dedup();
        let varnames: IndexSet<String> = if s.is_function_like() {
            s.params.iter().cloned().collect()
        } else {
            IndexSet::new()
        };
        let nparams = if s.is_function_like() {
            s.params.len() as u32
        } else {
            0
        };
        let private = if s.kind == ScopeKind::Class {
            Some(name.to_string())
        } else {
            self.units.last().and_then(|u| u.private.clone())
        };
        let qualname = self.qualname_for(scope, name);
        self.units.push(Unit {
            scope,
            name: name.to_string(),
            qualname,
            firstlineno,
            items: Vec::new(),
            next_label: 0,
            consts: ConstPool::default(),
            names: IndexSet::new(),
            varnames,
            cellvars,
            freevars: frees.into_iter().collect(),
            fasthidden: FastMap::default(),
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            nparams,
            varargs: false,
            varkeywords: false,
            fblocks: Vec::new(),
            inlined: Vec::new(),
            private,
        });
        // CPython gives the module's RESUME line 0 but keeps end line 1.
        let line = if scope == 0 { 0 } else { firstlineno as i32 };
        let loc = Loc {
            line,
            end_line: firstlineno as i32,
            col: 0,
            end_col: 0,
        };
        self.op_arg(Opcode::RESUME, 0, loc);
    }

    /// CPython's `compiler_set_qualname`.
    fn qualname_for(&self, scope: ScopeId, name: &str) -> String {
        let Some(mut parent) = self.units.last() else {
            return name.to_string();
        };
        // A definition inside its `<generic parameters of ...>` is named from the scope
        // around that.
        if self.symtable.scopes[parent.scope].is_type_params {
            match self.units.len() {
                0..=2 => return name.to_string(),
                n => parent = &self.units[n - 2],
            }
        }
        if parent.scope == 0 {
            return name.to_string();
        }
        let pscope = &self.symtable.scopes[parent.scope];
        let kind = self.symtable.scopes[scope].kind;
        if matches!(kind, ScopeKind::Function | ScopeKind::Class)
            && pscope.scope_of(name) == NameScope::GlobalExplicit
        {
            return name.to_string();
        }
        if pscope.kind == ScopeKind::Function {
            format!("{}.<locals>.{}", parent.qualname, name)
        } else {
            format!("{}.{}", parent.qualname, name)
        }
    }

    /// Closes the current unit: optimizes, assembles and builds its code object.
    pub fn exit_unit(&mut self, add_none: bool) -> CodeObject {
        if add_none {
            self.load_const(Const::None, Loc::NONE);
        }
        self.op(Opcode::RETURN_VALUE, Loc::NONE);
        let unit = self.units.pop().expect("exit_unit without a unit");
        let scope = &self.symtable.scopes[unit.scope];
        let is_generator = scope.is_generator || scope.is_coroutine;
        let code_flags = self.code_flags(&unit);
        finish_unit(unit, code_flags, is_generator, &self.filename)
    }

    fn code_flags(&self, unit: &Unit<'_>) -> u32 {
        let scope = &self.symtable.scopes[unit.scope];
        let mut f = 0;
        if scope.is_function_like() {
            f |= flags::CO_NEWLOCALS | flags::CO_OPTIMIZED;
            let nested = self
                .units
                .iter()
                .any(|u| self.symtable.scopes[u.scope].is_function_like());
            if nested {
                f |= flags::CO_NESTED;
            }
            f |= match (scope.is_coroutine, scope.is_generator) {
                (true, true) => flags::CO_ASYNC_GENERATOR,
                (true, false) => flags::CO_COROUTINE,
                (false, true) => flags::CO_GENERATOR,
                (false, false) => 0,
            };
            if unit.varargs {
                f |= flags::CO_VARARGS;
            }
            if unit.varkeywords {
                f |= flags::CO_VARKEYWORDS;
            }
        }
        f
    }
}

/// Runs the CFG pipeline on a finished unit and builds the code object.
fn finish_unit(
    mut unit: Unit<'_>,
    code_flags: u32,
    is_generator: bool,
    filename: &str,
) -> CodeObject {
    let mut cfg = Cfg::from_sequence(&unit.items);
    cfg.mark_except_handlers();
    cfg.label_exception_targets();
    optimize::optimize_cfg(&mut cfg, &mut unit.consts);
    optimize::remove_unused_consts(&mut cfg, &mut unit.consts);
    let nparams = unit.nparams as usize;
    optimize::add_checks_for_loads_of_uninitialized_variables(
        &mut cfg,
        unit.varnames.len(),
        nparams,
    );
    optimize::insert_superinstructions(&mut cfg);
    cfg.push_cold_blocks_to_end();
    cfg.resolve_line_numbers();

    let stacksize = assemble::stackdepth(&mut cfg);
    let (layout, localsplusnames, localspluskinds) = localsplus(&unit);
    let generator_line = is_generator.then_some(unit.firstlineno as i32);
    assemble::insert_prefix(
        &mut cfg,
        &layout,
        unit.cellvars.len(),
        unit.freevars.len(),
        generator_line,
    );
    assemble::fix_cell_offsets(&mut cfg, &layout);
    assemble::convert_pseudo_ops(&mut cfg);
    assemble::normalize_jumps(&mut cfg);
    let out = assemble::emit(&mut cfg);
    CodeObject {
        name: unit.name.as_str().into(),
        qualname: unit.qualname.as_str().into(),
        filename: filename.into(),
        firstlineno: unit.firstlineno,
        argcount: unit.argcount,
        posonlyargcount: unit.posonlyargcount,
        kwonlyargcount: unit.kwonlyargcount,
        flags: code_flags,
        code: out.code,
        consts: unit.consts.consts,
        names: unit.names.iter().map(|n| n.as_str().into()).collect(),
        localsplusnames,
        localspluskinds,
        positions: out.positions,
        exception_table: out.exception_table,
        stacksize,
    }
}

/// CPython's `compute_localsplus_info` + `build_cellfixedoffsets`: fast locals first (a cell
/// that is also a parameter shares its slot), then the other cells, then free variables.
fn localsplus(unit: &Unit<'_>) -> (assemble::LocalsLayout, Vec<Rc<str>>, Vec<u8>) {
    let nlocals = unit.varnames.len();
    let mut names: Vec<Rc<str>> = Vec::new();
    let mut kinds_out: Vec<u8> = Vec::new();
    for v in &unit.varnames {
        let mut k = kinds::CO_FAST_LOCAL;
        if unit.fasthidden.contains_key(v) {
            k |= kinds::CO_FAST_HIDDEN;
        }
        if unit.cellvars.contains(v) {
            k |= kinds::CO_FAST_CELL;
        }
        names.push(v.as_str().into());
        kinds_out.push(k);
    }
    let mut fixed = Vec::new();
    let mut dropped = 0;
    for (i, c) in unit.cellvars.iter().enumerate() {
        if let Some(vi) = unit.varnames.get_index_of(c) {
            fixed.push(vi as u32);
            dropped += 1;
            continue;
        }
        fixed.push((nlocals + i - dropped) as u32);
        names.push(c.as_str().into());
        kinds_out.push(kinds::CO_FAST_CELL);
    }
    let ncells = unit.cellvars.len();
    for (j, f) in unit.freevars.iter().enumerate() {
        fixed.push((nlocals + ncells + j - dropped) as u32);
        names.push(f.as_str().into());
        kinds_out.push(kinds::CO_FAST_FREE);
    }
    (assemble::LocalsLayout { fixed }, names, kinds_out)
}

/// True for statements/expressions that are a docstring (a string constant statement).
pub(crate) fn docstring(body: &[Stmt]) -> Option<&ast::ExprStringLiteral> {
    match body.first() {
        Some(Stmt::Expr(e)) => match &*e.value {
            ast::Expr::StringLiteral(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}
