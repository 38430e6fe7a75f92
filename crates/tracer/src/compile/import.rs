//! Code generation for `import` and `from ... import`, as CPython 3.13's `compiler_import`
//! and `compiler_from_import`: push the level and the fromlist, `IMPORT_NAME`, then a store
//! per name (`IMPORT_FROM` each one for the `from` form, then `POP_TOP` the module).
//!
//! At run time the VM imports its built-in modules (`math`, or one an embedder registered in
//! `Vm::modules`, such as the isolates' `sharing`) and source modules next to the script
//! (`interp/import.rs`). A module of CPython's standard library that it does not have is
//! refused here, at compile time, naming the modules it may use; the compiler learns which
//! modules the VM provides from `compile_importing` (and `compile_script`, which adds the
//! script's neighbours). Any other name compiles: importing it raises `ModuleNotFoundError`
//! at run time, as in CPython. A bytecode listing accepts any module.

use ruff_python_ast as ast;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::ir::Loc;
use super::{CResult, Compiler};
use crate::bytecode::{Opcode, INTRINSIC_IMPORT_STAR};
use crate::code::Const;

/// The `__future__` features Python 3.13 accepts.
const FUTURE_FEATURES: [&str; 10] = [
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// Where `from __future__` may stand: the start of each statement of the module's leading run
/// of future imports (after an optional docstring).
pub(crate) fn future_positions(body: &[ast::Stmt]) -> Vec<TextSize> {
    let mut out = Vec::new();
    let skip = usize::from(super::docstring(body).is_some());
    for s in &body[skip..] {
        match s {
            ast::Stmt::ImportFrom(i)
                if i.level == 0
                    && i.module
                        .as_ref()
                        .is_some_and(|m| m.id.as_str() == "__future__") =>
            {
                out.push(i.range.start());
            }
            _ => break,
        }
    }
    out
}

/// True when the module's leading future imports include `from __future__ import annotations`.
pub(crate) fn future_annotations(body: &[ast::Stmt]) -> bool {
    let skip = usize::from(super::docstring(body).is_some());
    body[skip..]
        .iter()
        .map_while(|s| match s {
            ast::Stmt::ImportFrom(i)
                if i.level == 0
                    && i.module
                        .as_ref()
                        .is_some_and(|m| m.id.as_str() == "__future__") =>
            {
                Some(i)
            }
            _ => None,
        })
        .any(|i| i.names.iter().any(|a| a.name.id.as_str() == "annotations"))
}

impl<'a> Compiler<'a> {
    /// `import a, b.c as d` (CPython's `compiler_import`).
    pub(crate) fn import(&mut self, i: &ast::StmtImport, loc: Loc) -> CResult {
        for alias in &i.names {
            let name = alias.name.id.as_str();
            self.check_module(name, "import", alias.range())?;
            self.load_const(Const::Int(0), loc);
            self.load_const(Const::None, loc);
            // IMPORT_NAME's and IMPORT_FROM's names are mangled like any other name of
            // `co_names` (CPython's ADDOP_NAME): `import __m` in `class A` imports `_A__m`.
            let idx = self.attr_index(name);
            self.op_arg(Opcode::IMPORT_NAME, idx, loc);
            match &alias.asname {
                Some(asname) => self.import_as(name, asname.id.as_str(), loc)?,
                None => {
                    let top = name.split('.').next().unwrap_or(name);
                    self.store_name(top, loc)?;
                }
            }
        }
        Ok(())
    }

    /// `import a.b.c as d` binds `d` to the innermost module: `IMPORT_FROM` each attribute
    /// after the first name, dropping the module it came from (CPython's `compiler_import_as`).
    fn import_as(&mut self, name: &str, asname: &str, loc: Loc) -> CResult {
        let mut parts = name.split('.');
        parts.next();
        let attrs: Vec<&str> = parts.collect();
        if attrs.is_empty() {
            return self.store_name(asname, loc);
        }
        for (k, attr) in attrs.iter().enumerate() {
            let idx = self.attr_index(attr);
            self.op_arg(Opcode::IMPORT_FROM, idx, loc);
            if k + 1 < attrs.len() {
                self.op_arg(Opcode::SWAP, 2, loc);
                self.op(Opcode::POP_TOP, loc);
            }
        }
        self.store_name(asname, loc)?;
        self.op(Opcode::POP_TOP, loc);
        Ok(())
    }

    /// `from m import a, b as c`, `from . import x`, `from m import *` (CPython's
    /// `compiler_from_import`).
    pub(crate) fn import_from(&mut self, i: &ast::StmtImportFrom, loc: Loc) -> CResult {
        let module = i.module.as_ref().map_or("", |m| m.id.as_str());
        let star = i.names.first().is_some_and(|a| a.name.id.as_str() == "*");
        if module == "__future__" && i.level == 0 {
            self.check_future(i)?;
        } else if i.level == 0 {
            self.check_module(module, "from", i.range)?;
        }
        self.load_const(Const::Int(i.level.into()), loc);
        let fromlist = i
            .names
            .iter()
            .map(|a| Const::Str(a.name.id.as_str().into()))
            .collect();
        self.load_const(Const::Tuple(fromlist), loc);
        let idx = self.attr_index(module);
        self.op_arg(Opcode::IMPORT_NAME, idx, loc);
        if star {
            self.op_arg(Opcode::CALL_INTRINSIC_1, INTRINSIC_IMPORT_STAR, loc);
            self.op(Opcode::POP_TOP, loc);
            return Ok(());
        }
        for alias in &i.names {
            let name = alias.name.id.as_str();
            let idx = self.attr_index(name);
            self.op_arg(Opcode::IMPORT_FROM, idx, loc);
            let store = alias.asname.as_ref().map_or(name, |a| a.id.as_str());
            self.store_name(store, loc)?;
        }
        self.op(Opcode::POP_TOP, loc);
        Ok(())
    }

    /// `from __future__ import x`: only at the top of a module (after the docstring and other
    /// future imports), and only for features Python 3.13 knows; a runnable program may use
    /// those that change nothing in 3.13 (all but `annotations` and `barry_as_FLUFL`).
    fn check_future(&self, i: &ast::StmtImportFrom) -> CResult {
        if !self.future_ok.contains(&i.range.start()) {
            return Err(self.invalid(
                "from __future__ imports must occur at the beginning of the file",
                i.range,
            ));
        }
        for alias in &i.names {
            let name = alias.name.id.as_str();
            if name == "braces" {
                return Err(self.invalid("not a chance", alias.range));
            }
            if !FUTURE_FEATURES.contains(&name) {
                return Err(self.invalid(
                    &format!("future feature {name} is not defined"),
                    alias.range,
                ));
            }
            if !self.for_listing && name == "barry_as_FLUFL" {
                return Err(self.unsupported(&format!("from __future__ import {name}"), i.range));
            }
        }
        Ok(())
    }

    /// Refuses a module of CPython's standard library that the VM does not provide (any
    /// module is fine for a listing). Names the VM or the search path provides pass, and so
    /// does any other name: importing it raises `ModuleNotFoundError` at run time, as in
    /// CPython.
    fn check_module(&self, name: &str, form: &str, range: TextRange) -> CResult {
        let top = name.split('.').next().unwrap_or(name);
        let provided = self
            .modules
            .iter()
            .chain(&self.local_modules)
            .any(|m| m == name || m == top);
        let stdlib = crate::interp::suggest::stdlib::STDLIB_MODULE_NAMES
            .binary_search(&top)
            .is_ok();
        if self.for_listing || provided || !stdlib {
            return Ok(());
        }
        // The VM's own helper modules (`_pyinternals_json`) are not offered to programs.
        let mut known: Vec<String> = self
            .modules
            .iter()
            .filter(|m| !m.starts_with("_pyinternals"))
            .map(|m| format!("`import {m}`"))
            .collect();
        known.sort();
        known.dedup();
        let what = if form == "import" {
            format!("import {name}")
        } else {
            format!("from {name} import")
        };
        Err(self.unsupported(&format!("{what} (only {})", known.join(", ")), range))
    }
}
