//! Finding and compiling the source of a module on the search path (CPython's `PathFinder`
//! and `SourceFileLoader`, for plain `.py` files only).
//!
//! In a directory, `NAME` is the package `NAME/__init__.py` or else the module `NAME.py`
//! (CPython's `FileFinder` order). [`local_names`] lists every such name of a directory: the
//! compiler accepts an import of one of them at compile time (see `compile::compile_script`),
//! while a standard-library module the VM lacks is refused there.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::code::CodeObject;
use crate::error::CompileError;
use crate::exceptions::{self as exc, PyResult};
use crate::vm::Vm;

/// A module's source file.
pub struct Found {
    pub file: PathBuf,
    /// True for a package (`__init__.py`): it gets `__path__`.
    pub package: bool,
}

/// `name` in `dir`: a package first, then a module.
pub fn find(dir: &Path, name: &str) -> Option<Found> {
    if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_alphanumeric()) {
        return None;
    }
    let init = dir.join(name).join("__init__.py");
    if init.is_file() {
        return Some(Found {
            file: init,
            package: true,
        });
    }
    let file = dir.join(format!("{name}.py"));
    file.is_file().then_some(Found {
        file,
        package: false,
    })
}

/// The names importable from `dir`: its `NAME.py` files and `NAME/__init__.py` packages.
pub fn local_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = if path.is_dir() {
                path.file_name()?.to_str()?.to_string()
            } else if path.extension()? == "py" {
                path.file_stem()?.to_str()?.to_string()
            } else {
                return None;
            };
            find(dir, &name).map(|_| name)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The search-path directory of a script (`sys.path[0]`): its directory, made absolute.
pub fn script_dir(filename: &str) -> Option<PathBuf> {
    let parent = Path::new(filename).parent()?;
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    std::fs::canonicalize(parent).ok()
}

/// Compiles an imported module, accepting imports of the built-in modules and of the names
/// on the search path. A compile error becomes the exception CPython's import would raise:
/// `SyntaxError` (or its subclass), or `NotImplementedError` for a construct the VM does not
/// run yet.
pub fn compile_module(vm: &Vm, source: &str, file: &str) -> PyResult<Rc<CodeObject>> {
    compile_source(vm, source, file, false)
}

/// [`compile_module`], or with `eval` the one expression `eval()` and `compile(..., "eval")`
/// take (`exec()` and `compile(..., "exec")` compile as a module does).
pub fn compile_source(vm: &Vm, source: &str, file: &str, eval: bool) -> PyResult<Rc<CodeObject>> {
    // The built-in modules: those the VM provides (built on first import) and any registered
    // on it, i.e. without a source file (and not `__main__`).
    let mut builtin: Vec<&str> = vm
        .modules
        .iter()
        .filter(|(name, m)| {
            let has_file = matches!(m, crate::value::Value::Module(m)
                if m.dict.borrow().get_str("__file__").is_some());
            !has_file && name.as_str() != "__main__"
        })
        .map(|(name, _)| name.as_str())
        .collect();
    builtin.extend(crate::compile::BUILTIN_MODULES);
    let local = vm
        .imports
        .search_path
        .as_deref()
        .map(local_names)
        .unwrap_or_default();
    let compiled = if eval {
        crate::compile::compile_eval(source, file, &builtin, &local)
    } else {
        crate::compile::compile_imported(source, file, &builtin, &local)
    };
    compiled.map_err(|e| match e {
        CompileError::Syntax(s) | CompileError::Invalid(s) => exc::new(
            s.kind,
            format!(
                "{} ({}, line {})",
                s.message,
                file_name(file),
                s.location.line
            ),
        ),
        CompileError::Limit { kind, message, .. } => exc::new(kind, message),
        other @ CompileError::Unsupported { .. } => {
            exc::new("NotImplementedError", other.to_string())
        }
    })
}

/// The last component of a path, as CPython's SyntaxError message shows it.
fn file_name(file: &str) -> &str {
    Path::new(file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(file)
}
