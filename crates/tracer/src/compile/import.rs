//! Code generation for `import` and `from ... import`, as CPython 3.13's `compiler_import`
//! and `compiler_from_import`: push the level and the fromlist, `IMPORT_NAME`, then a store
//! per name (`IMPORT_FROM` each one for the `from` form, then `POP_TOP` the module).
//!
//! The VM has no import system: a module exists only if the VM has it built in (`math`, or
//! one an embedder registered in `Vm::modules`, such as the isolates' `sharing`). So a
//! program that imports anything else is refused at compile time with the modules it may
//! use, rather than failing later with `ModuleNotFoundError`; the compiler learns which
//! modules the VM provides from `compile_importing`. A bytecode listing accepts any module.

use ruff_python_ast as ast;
use ruff_text_size::Ranged;

use super::ir::Loc;
use super::{CResult, Compiler};
use crate::bytecode::Opcode;
use crate::code::Const;

impl<'a> Compiler<'a> {
    /// `import a, b.c as d`.
    pub(crate) fn import(&mut self, i: &ast::StmtImport, loc: Loc) -> CResult {
        for alias in &i.names {
            let name = alias.name.id.as_str();
            self.check_module(name, "import", alias.range())?;
            self.load_const(Const::Int(0), loc);
            self.load_const(Const::None, loc);
            let idx = self.name_index(name);
            self.op_arg(Opcode::IMPORT_NAME, idx, loc);
            match &alias.asname {
                Some(_) if name.contains('.') => {
                    return Err(self.unsupported("import a.b as c", alias.range));
                }
                Some(asname) => self.store_name(asname.id.as_str(), loc)?,
                None => {
                    let top = name.split('.').next().unwrap_or(name);
                    self.store_name(top, loc)?;
                }
            }
        }
        Ok(())
    }

    /// `from m import a, b as c` (absolute, without `*`).
    pub(crate) fn import_from(&mut self, i: &ast::StmtImportFrom, loc: Loc) -> CResult {
        let module = match (&i.module, i.level) {
            (Some(m), 0) => m.id.as_str(),
            _ => return Err(self.unsupported("relative import", i.range)),
        };
        if i.names.iter().any(|a| a.name.id.as_str() == "*") {
            return Err(self.unsupported("from ... import *", i.range));
        }
        self.check_module(module, "from", i.range)?;
        self.load_const(Const::Int(0), loc);
        let fromlist = i
            .names
            .iter()
            .map(|a| Const::Str(a.name.id.as_str().into()))
            .collect();
        self.load_const(Const::Tuple(fromlist), loc);
        let idx = self.name_index(module);
        self.op_arg(Opcode::IMPORT_NAME, idx, loc);
        for alias in &i.names {
            let name = alias.name.id.as_str();
            let idx = self.name_index(name);
            self.op_arg(Opcode::IMPORT_FROM, idx, loc);
            let store = alias.asname.as_ref().map_or(name, |a| a.id.as_str());
            self.store_name(store, loc)?;
        }
        self.op(Opcode::POP_TOP, loc);
        Ok(())
    }

    /// Refuses a module the VM does not provide (any module is fine for a listing).
    fn check_module(&self, name: &str, form: &str, range: ruff_text_size::TextRange) -> CResult {
        if self.for_listing || self.modules.iter().any(|m| m == name) {
            return Ok(());
        }
        let mut known: Vec<String> = self
            .modules
            .iter()
            .map(|m| format!("`import {m}`"))
            .collect();
        known.sort();
        let what = if form == "import" {
            format!("import {name}")
        } else {
            format!("from {name} import")
        };
        Err(self.unsupported(&format!("{what} (only {})", known.join(", ")), range))
    }
}
