//! The import system: `IMPORT_NAME`, `IMPORT_FROM` and `from m import *`, as CPython's
//! `importlib._bootstrap` does them for source modules next to the script.
//!
//! ```text
//!   import a.b.c           import a, then a.b, then a.b.c (each parent first; a child becomes
//!                          an attribute of its parent); the statement binds the top, `a`
//!   from .m import x       resolve `.m` against the importing module's package, import it,
//!                          then `x` is an attribute, or a submodule imported on demand
//! ```
//!
//! Modules come from `Vm::modules` (CPython's `sys.modules`: the built-in ones such as `math`,
//! and every module imported so far), else from the search path: `sys.path[0]`, the directory
//! of the script run as `__main__`, holding `NAME.py` or a package `NAME/__init__.py`; a
//! submodule is looked up in its package's `__path__`. A module is entered in `Vm::modules`
//! before its code runs, so a circular import sees the partially initialised module, and
//! removed again when its code raises. A module of CPython's standard library that the VM does
//! not have is refused ("not supported yet"), never reported as missing: python3.13 would find
//! it. Compiling a module goes through `compile_importing` with the names importable from the
//! search path (`finder.rs`).

pub mod finder;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::frame::Frame;
use crate::object::dict::str_key;
use crate::object::{Dict, Module, PyStr};
use crate::value::Value;
use crate::vm::Vm;

/// What the import system keeps between imports.
#[derive(Default)]
pub struct ImportState {
    /// `sys.path[0]`: the directory of the `__main__` script (absolute), once it runs.
    pub search_path: Option<PathBuf>,
    /// Modules whose code is running now (outermost first): "partially initialized".
    pub initializing: Vec<String>,
}

/// A module's `__dict__` entry `name` as a string.
fn dict_str(d: &Dict, name: &str) -> Option<String> {
    d.get_str(name).and_then(|v| v.as_str().map(str::to_string))
}

/// `module.__name__`, the key it has in `Vm::modules`.
fn module_name(m: &Value) -> String {
    match m {
        Value::Module(m) => {
            dict_str(&m.dict.borrow(), "__name__").unwrap_or_else(|| m.name.as_str().to_string())
        }
        _ => String::new(),
    }
}

impl Vm {
    /// `IMPORT_NAME`: `__import__(name, globals, None, fromlist, level)`.
    pub(crate) fn import_name(&mut self, f: &mut Box<Frame>, name: &str) -> PyResult<Value> {
        let fromlist = f.pop();
        let level = match f.pop() {
            Value::Int(l) => l.max(0) as usize,
            _ => 0,
        };
        let full = if level > 0 {
            self.resolve_relative(&f.globals.borrow(), name, level)?
        } else {
            name.to_string()
        };
        let module = self.import_module(&full)?;
        let names: Vec<Value> = match &fromlist {
            Value::Tuple(t) => t.to_vec(),
            _ => Vec::new(),
        };
        if !names.is_empty() {
            self.handle_fromlist(&module, &names)?;
            return Ok(module);
        }
        if level == 0 {
            let top = full.split('.').next().unwrap_or(&full);
            return Ok(self.modules.get(top).cloned().unwrap_or(module));
        }
        Ok(module)
    }

    /// `importlib._bootstrap._resolve_name`: `name` with `level` leading dots, against the
    /// package of the module whose globals are `g`.
    fn resolve_relative(&self, g: &Dict, name: &str, level: usize) -> PyResult<String> {
        let package = match g.get_str("__package__") {
            Some(Value::Str(p)) => p.as_str().to_string(),
            _ => {
                let own = dict_str(g, "__name__").unwrap_or_default();
                if g.get_str("__path__").is_some() {
                    own
                } else {
                    own.rsplit_once('.')
                        .map_or(String::new(), |(p, _)| p.to_string())
                }
            }
        };
        if package.is_empty() {
            return Err(exc::new(
                "ImportError",
                "attempted relative import with no known parent package",
            ));
        }
        let bits: Vec<&str> = package.rsplitn(level, '.').collect();
        if bits.len() < level {
            return Err(exc::new(
                "ImportError",
                "attempted relative import beyond top-level package",
            ));
        }
        let base = bits[bits.len() - 1];
        Ok(if name.is_empty() {
            base.to_string()
        } else {
            format!("{base}.{name}")
        })
    }

    /// `_gcd_import`: the module `full` (a dotted name), importing its parents first.
    pub(crate) fn import_module(&mut self, full: &str) -> PyResult<Value> {
        if let Some(m) = self.modules.get(full) {
            return Ok(m.clone());
        }
        // A provided submodule (`collections.abc`) imports its parent first and becomes its
        // attribute, as any submodule does.
        let provided_parent = full
            .rsplit_once('.')
            .filter(|_| crate::builtins::modules::BUILTIN_MODULES.contains(&full));
        if let Some((parent, _)) = provided_parent {
            self.import_module(parent)?;
        }
        if let Some(m) = crate::builtins::modules::build(self, full) {
            let m = m?;
            self.modules.insert(full.to_string(), m.clone());
            if let Some((parent, child)) = provided_parent {
                if let Some(Value::Module(pm)) = self.modules.get(parent) {
                    pm.dict.borrow_mut().insert(str_key(child), m.clone());
                }
            }
            return Ok(m);
        }
        let (parent, child) = match full.rsplit_once('.') {
            Some((p, c)) => (Some(p), c),
            None => (None, full),
        };
        let dir = match parent {
            Some(p) => {
                let pm = self.import_module(p)?;
                // Importing the parent may have imported this module too.
                if let Some(m) = self.modules.get(full) {
                    return Ok(m.clone());
                }
                match &pm {
                    Value::Module(m) => match m.dict.borrow().get_str("__path__") {
                        Some(Value::List(l)) => l
                            .borrow()
                            .first()
                            .and_then(|v| v.as_str().map(PathBuf::from)),
                        // A submodule of a provided module (`collections.abc`): CPython's is
                        // a package that has it.
                        _ if m.dict.borrow().get_str("__file__").is_none()
                            && crate::compile::BUILTIN_MODULES.contains(&p) =>
                        {
                            return Err(crate::builtins::unsupported(&format!("module '{full}'")))
                        }
                        _ => {
                            return Err(not_found(format!(
                                "No module named '{full}'; '{p}' is not a package"
                            )))
                        }
                    },
                    _ => None,
                }
            }
            None => self.imports.search_path.clone(),
        };
        let found = dir.as_deref().and_then(|d| finder::find(d, child));
        let Some(found) = found else {
            return Err(self.missing_module(full, parent.is_none()));
        };
        let module = self.load_module(full, &found)?;
        if let Some(Value::Module(pm)) = parent.and_then(|p| self.modules.get(p)) {
            pm.dict.borrow_mut().insert(str_key(child), module.clone());
        }
        Ok(module)
    }

    /// The error for a module found nowhere: CPython would find a standard-library module,
    /// so that one is refused as unsupported; anything else is `ModuleNotFoundError`.
    fn missing_module(&self, full: &str, top_level: bool) -> PyErr {
        let top = full.split('.').next().unwrap_or(full);
        let stdlib = crate::interp::suggest::stdlib::STDLIB_MODULE_NAMES
            .binary_search(&top)
            .is_ok();
        if top_level && stdlib {
            let mut have: Vec<&str> = crate::compile::BUILTIN_MODULES
                .iter()
                .copied()
                .filter(|m| !m.starts_with("_pyinternals"))
                .collect();
            have.sort_unstable();
            return crate::builtins::unsupported(&format!(
                "module '{full}' (the VM has built-in: {})",
                have.join(", ")
            ));
        }
        not_found(format!("No module named '{full}'"))
    }

    /// Compiles and runs a found module's code in a fresh module namespace, entered in
    /// `Vm::modules` first (circular imports see it) and removed if its code raises.
    fn load_module(&mut self, full: &str, found: &finder::Found) -> PyResult<Value> {
        let bytes = std::fs::read(&found.file).map_err(|e| {
            exc::new(
                "ImportError",
                format!("cannot read {}: {e}", found.file.display()),
            )
        })?;
        // Decoded as its coding line says (PEP 263), as CPython's importer reads it.
        let source = crate::parse::encoding::decode(&bytes).map_err(|e| {
            exc::new(
                "SyntaxError",
                format!("cannot decode {}: {e}", found.file.display()),
            )
        })?;
        let file = found.file.display().to_string();
        let code = finder::compile_module(self, &source, &file)?;
        let globals = Rc::new(RefCell::new(Dict::new()));
        {
            let mut g = globals.borrow_mut();
            let package = if found.package {
                full.to_string()
            } else {
                full.rsplit_once('.')
                    .map_or(String::new(), |(p, _)| p.to_string())
            };
            g.insert(str_key("__name__"), Value::str(full));
            g.insert(str_key("__doc__"), Value::None);
            g.insert(str_key("__package__"), Value::str(package));
            if let (true, Some(dir)) = (found.package, found.file.parent()) {
                let dir = Value::str(dir.display().to_string());
                g.insert(str_key("__path__"), Value::list(vec![dir]));
            }
            g.insert(str_key("__file__"), Value::str(file.clone()));
            g.insert(str_key("__builtins__"), self.builtins_module());
        }
        self.exec_module(full, &code, globals)
    }

    /// Runs a frozen module: Python source built into the VM (`builtins/modules/frozen/`),
    /// named `<frozen NAME>` in tracebacks as CPython names its own frozen modules.
    pub(crate) fn load_frozen(&mut self, full: &str, source: &str) -> PyResult<Value> {
        let code = finder::compile_module(self, source, &format!("<frozen {full}>"))?;
        let globals = Rc::new(RefCell::new(Dict::new()));
        {
            let mut g = globals.borrow_mut();
            g.insert(str_key("__name__"), Value::str(full));
            g.insert(str_key("__doc__"), Value::None);
            g.insert(str_key("__package__"), Value::str(""));
            g.insert(str_key("__builtins__"), self.builtins_module());
        }
        self.exec_module(full, &code, globals)
    }

    /// Enters module `full` (namespace `globals`) in `Vm::modules` and runs its code there;
    /// a module whose code raises is removed again.
    fn exec_module(
        &mut self,
        full: &str,
        code: &Rc<crate::code::CodeObject>,
        globals: Rc<RefCell<Dict>>,
    ) -> PyResult<Value> {
        let module = Value::Module(Rc::new(Module {
            name: Rc::new(PyStr::new(full.to_string())),
            dict: globals.clone(),
        }));
        self.modules.insert(full.to_string(), module.clone());
        self.imports.initializing.push(full.to_string());
        let rt = self.rt_code(code);
        let frame = self.new_frame(rt, globals.clone(), None, Some(globals));
        let result = self.eval_frame(frame);
        self.imports.initializing.pop();
        if let Err(e) = result {
            self.modules.remove(full);
            return Err(e);
        }
        // The module may have replaced itself in `sys.modules`; the statement gets that.
        Ok(self.modules.get(full).cloned().unwrap_or(module))
    }

    /// `_handle_fromlist`: in a package, a name of the fromlist that is not an attribute yet
    /// is imported as a submodule (`from pkg import sub`); `*` stands for `__all__`.
    fn handle_fromlist(&mut self, module: &Value, names: &[Value]) -> PyResult<()> {
        let Value::Module(m) = module else {
            return Ok(());
        };
        if m.dict.borrow().get_str("__path__").is_none() {
            return Ok(());
        }
        let base = module_name(module);
        for n in names {
            let Some(n) = n.as_str() else { continue };
            if n == "*" {
                let all = m.dict.borrow().get_str("__all__").cloned();
                if let Some(all) = all {
                    let all = self.collect(&all)?;
                    self.handle_fromlist(module, &all)?;
                }
                continue;
            }
            if m.dict.borrow().get_str(n).is_some() {
                continue;
            }
            let sub = format!("{base}.{n}");
            match self.import_module(&sub) {
                Ok(_) => {}
                // A name that is no submodule either: IMPORT_FROM reports it.
                Err(e) if self.is_module_not_found(&e, &sub) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// True for the `ModuleNotFoundError` of exactly the module `name`.
    fn is_module_not_found(&self, e: &PyErr, name: &str) -> bool {
        match e {
            PyErr::Lazy(l) => {
                l.0 == "ModuleNotFoundError" && l.1 == format!("No module named '{name}'")
            }
            PyErr::Obj(_) => false,
        }
    }

    /// `IMPORT_FROM`: `module.name`, or the submodule `module.name` already in `Vm::modules`
    /// (a circular import), else CPython's ImportError.
    pub(crate) fn import_from(&mut self, module: &Value, name: &str) -> PyResult<Value> {
        match self.getattr(module, name) {
            Ok(v) => return Ok(v),
            Err(e) if !self.is_attribute_error(&e) => return Err(e),
            Err(_) => {}
        }
        let mname = module_name(module);
        if let Some(sub) = self.modules.get(&format!("{mname}.{name}")) {
            return Ok(sub.clone());
        }
        let file = match module {
            Value::Module(m) => dict_str(&m.dict.borrow(), "__file__"),
            _ => None,
        };
        let location = file.unwrap_or_else(|| "unknown location".to_string());
        let msg = if self.imports.initializing.contains(&mname) {
            format!(
                "cannot import name '{name}' from partially initialized module '{mname}' \
                 (most likely due to a circular import) ({location})"
            )
        } else {
            format!("cannot import name '{name}' from '{mname}' ({location})")
        };
        Err(exc::new("ImportError", msg))
    }

    /// `from module import *` into `f`'s namespace: the names of `__all__`, else every name
    /// not starting with an underscore (CPython's `import_all_from`).
    pub(crate) fn import_star(&mut self, f: &mut Box<Frame>, module: &Value) -> PyResult<()> {
        let Value::Module(m) = module else {
            return Ok(());
        };
        let all = m.dict.borrow().get_str("__all__").cloned();
        let names: Vec<Value> = match all {
            Some(all) => self.collect(&all)?,
            None => m
                .dict
                .borrow()
                .iter()
                .filter_map(|(k, _)| k.as_str().filter(|s| !s.starts_with('_')).map(Value::str))
                .collect(),
        };
        let target = f.locals.clone().unwrap_or_else(|| f.globals.clone());
        for n in names {
            let Some(name) = n.as_str() else {
                return Err(exc::type_error(format!(
                    "Item in {}.__all__ must be str, not {}",
                    module_name(module),
                    crate::object::type_name_of(&n)
                )));
            };
            let v = self.import_from(module, name).map_err(|e| {
                if self.is_instance_of_import_error(&e) {
                    exc::new(
                        "AttributeError",
                        format!("module '{}' has no attribute '{name}'", module_name(module)),
                    )
                } else {
                    e
                }
            })?;
            target.borrow_mut().insert(str_key(name), v);
        }
        Ok(())
    }

    fn is_instance_of_import_error(&self, e: &PyErr) -> bool {
        matches!(e, PyErr::Lazy(l) if l.0 == "ImportError")
    }

    /// The `builtins` module object modules see as `__builtins__`.
    pub(crate) fn builtins_module(&self) -> Value {
        Value::Module(Rc::new(Module {
            name: Rc::new(PyStr::new("builtins".into())),
            dict: self.builtins.clone(),
        }))
    }
}

fn not_found(msg: String) -> PyErr {
    exc::new("ModuleNotFoundError", msg)
}
