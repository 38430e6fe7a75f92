//! The builtins that see their caller's namespaces: `globals()`, `locals()`, `vars()`,
//! `exec()`, `eval()` and `compile()`.
//!
//! A builtin here gets no frame, so the eval loop hands these few the calling frame's
//! namespaces just before it calls one of them (`wants_caller`, `CallerScope::of`, kept in
//! `Vm::caller` until the builtin takes it), as CPython's C code reads them off the current
//! frame. What they return follows 3.13 (PEP 667):
//!
//! ```text
//!   globals()            the module's own dict (writes are seen by the module)
//!   locals()  module     the same dict; in a class body the class namespace being built
//!             function   a fresh snapshot dict of the bound locals, cells and free variables
//!   exec(src)            runs src in the caller's globals and (snapshot) locals
//!   eval(src, g, l)      one expression; `l` defaults to `g`; `g` gains `__builtins__`
//! ```
//!
//! The source strings are compiled by the project's own compiler (`<string>` in tracebacks);
//! `compile()` gives a code object that `exec` and `eval` run.

use std::cell::RefCell;
use std::rc::Rc;

use super::args::Sig;
use crate::code::kinds::CO_FAST_HIDDEN;
use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::object::dict::str_key;
use crate::object::{Builtin, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// A namespace dict shared with the code that runs in it.
type Namespace = Rc<RefCell<Dict>>;

/// The namespaces of the frame calling one of this file's builtins.
pub struct CallerScope {
    pub globals: Rc<RefCell<Dict>>,
    /// The module or class namespace, or a snapshot of a function's locals.
    pub locals: Rc<RefCell<Dict>>,
}

impl CallerScope {
    /// The namespaces of frame `f` (a function's locals copied out: 3.13's `locals()`).
    pub fn of(f: &Frame) -> CallerScope {
        let locals = match &f.locals {
            Some(l) => l.clone(),
            None => Rc::new(RefCell::new(snapshot(f))),
        };
        CallerScope {
            globals: f.globals.clone(),
            locals,
        }
    }
}

/// A function frame's bound locals, cells and free variables, by name (hidden comprehension
/// variables left out), as `locals()` shows them.
fn snapshot(f: &Frame) -> Dict {
    let code = &f.code.code;
    let mut d = Dict::new();
    for (i, name) in code.localsplusnames.iter().enumerate() {
        if code.localspluskinds.get(i).copied().unwrap_or(0) & CO_FAST_HIDDEN != 0 {
            continue;
        }
        let v = match f.stack.get(i) {
            Some(Value::Cell(c)) => c.borrow().clone(),
            Some(v) => v.clone(),
            None => continue,
        };
        if !v.is_null() {
            d.insert(str_key(name), v);
        }
    }
    d
}

/// True for the builtins that need their caller's namespaces.
pub fn wants_caller(callable: &Value) -> bool {
    matches!(callable, Value::Builtin(b) if wants_caller_builtin(b))
}

/// [`wants_caller`] on a builtin function: a flag set when it was made (`reads_caller`).
#[inline]
pub fn wants_caller_builtin(b: &Builtin) -> bool {
    b.needs_caller
}

/// True for the names of the builtins (module `builtins`) that read their caller's namespaces.
pub fn reads_caller(name: &str) -> bool {
    matches!(
        name,
        "globals" | "locals" | "vars" | "exec" | "eval" | "compile"
    )
}

/// The caller's namespaces, which the eval loop left in `Vm::caller`.
fn caller(vm: &mut Vm, name: &str) -> PyResult<CallerScope> {
    vm.caller.take().ok_or_else(|| {
        super::unsupported(&format!(
            "{name}() called from a builtin, not from Python code"
        ))
    })
}

/// `METH_NOARGS`'s check: no argument, no keyword.
fn no_args(name: &str, args: &[Value], kw: KwArgs<'_>) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(exc::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    if !args.is_empty() {
        return Err(exc::type_error(format!(
            "{name}() takes no arguments ({} given)",
            args.len()
        )));
    }
    Ok(())
}

pub(super) fn globals(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    no_args("globals", args, kw)?;
    Ok(Value::Dict(caller(vm, "globals")?.globals))
}

pub(super) fn locals(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    no_args("locals", args, kw)?;
    Ok(Value::Dict(caller(vm, "locals")?.locals))
}

/// `vars()`: the caller's `locals()`; `vars(obj)`: `obj.__dict__`. For instances that is a
/// copy here (see `Vm::load_method`), so writes to it do not reach the object.
pub(super) fn vars(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("vars", 0, 1);
    let scope = vm.caller.take();
    SIG.bind(args, kw)?;
    let [obj] = args else {
        vm.caller = scope;
        return Ok(Value::Dict(caller(vm, "vars")?.locals));
    };
    match vm.getattr(obj, "__dict__") {
        Err(e) if vm.is_attribute_error(&e) => Err(exc::type_error(
            "vars() argument must have __dict__ attribute",
        )),
        found => found,
    }
}

/// What `exec`/`eval` run: a code object, from a string compiled on the spot.
fn code_arg(vm: &mut Vm, source: &Value, name: &str, eval: bool) -> PyResult<Value> {
    let text = match source {
        Value::Code(_) => return Ok(source.clone()),
        Value::Str(s) => s.as_str().to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        _ => {
            return Err(exc::type_error(format!(
                "{name}() arg 1 must be a string, bytes or code object"
            )))
        }
    };
    // `eval` ignores the indentation of its one line, as CPython strips it.
    let text = if eval {
        text.trim_start_matches([' ', '\t']).to_string()
    } else {
        text
    };
    let code = crate::interp::import::finder::compile_source(vm, &text, "<string>", eval)?;
    Ok(Value::Code(vm.rt_code(&code)))
}

/// The globals and locals `exec`/`eval` run in: the caller's when `globals` is None.
fn namespaces(
    vm: &mut Vm,
    name: &str,
    globals: Option<&Value>,
    locals: Option<&Value>,
    scope: Option<CallerScope>,
) -> PyResult<(Namespace, Namespace)> {
    let type_name = crate::object::type_name_of;
    // `eval` checks the locals first, `exec` the globals first (CPython's order).
    if let (Some(l), "eval") = (locals, name) {
        if !is_mapping(l) {
            return Err(exc::type_error("locals must be a mapping"));
        }
    }
    let (g, default_locals) = match globals {
        None => {
            vm.caller = scope;
            let scope = caller(vm, name)?;
            (scope.globals, scope.locals)
        }
        Some(Value::Dict(g)) => (g.clone(), g.clone()),
        Some(other) if name == "exec" => {
            return Err(exc::type_error(format!(
                "exec() globals must be a dict, not {}",
                type_name(other)
            )))
        }
        Some(other) if is_mapping(other) => {
            return Err(exc::type_error(
                "globals must be a real dict; try eval(expr, {}, mapping)",
            ))
        }
        Some(_) => return Err(exc::type_error("globals must be a dict")),
    };
    let l = match locals {
        None => default_locals,
        Some(Value::Dict(l)) => l.clone(),
        Some(other) if is_mapping(other) => {
            return Err(super::unsupported(&format!(
                "{name}() with a locals mapping that is not a dict"
            )));
        }
        Some(other) => {
            return Err(exc::type_error(format!(
                "locals must be a mapping or None, not {}",
                type_name(other)
            )));
        }
    };
    if g.borrow().get_str("__builtins__").is_none() {
        let b = vm.builtins_module();
        g.borrow_mut().insert(str_key("__builtins__"), b);
    }
    Ok((g, l))
}

/// CPython's `PyMapping_Check`: anything subscriptable (a str or a list counts).
fn is_mapping(v: &Value) -> bool {
    match v {
        Value::Dict(_)
        | Value::List(_)
        | Value::Tuple(_)
        | Value::Str(_)
        | Value::Bytes(_)
        | Value::Range(_) => true,
        Value::Instance(i) => i.class.lookup("__getitem__").is_some() || i.payload.is_some(),
        Value::Native(n) => n.class.lookup("__getitem__").is_some(),
        _ => false,
    }
}

/// Runs code object `code` with namespaces `g` and `l`, as a module body runs.
fn run(vm: &mut Vm, code: &Value, g: Rc<RefCell<Dict>>, l: Rc<RefCell<Dict>>) -> PyResult<Value> {
    let Value::Code(rt) = code else {
        return Ok(Value::None);
    };
    let frame = vm.new_frame(rt.clone(), g, None, Some(l));
    vm.eval_frame(frame)
}

pub(super) fn exec(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig =
        Sig::keywords("exec", &["source", "globals", "locals", "closure"], 1, 1).kwonly_from(3);
    let scope = vm.caller.take();
    let b = SIG.bind(args, kw)?;
    if b.get_not_none(3).is_some() {
        return Err(super::unsupported("exec() with closure="));
    }
    let (g, l) = namespaces(vm, "exec", b.get_not_none(1), b.get_not_none(2), scope)?;
    let code = code_arg(vm, b.get(0).unwrap_or(&Value::None), "exec", false)?;
    run(vm, &code, g, l)?;
    Ok(Value::None)
}

pub(super) fn eval(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("eval", &["source", "globals", "locals"], 1, 1);
    let scope = vm.caller.take();
    let b = SIG.bind(args, kw)?;
    let (g, l) = namespaces(vm, "eval", b.get_not_none(1), b.get_not_none(2), scope)?;
    let code = code_arg(vm, b.get(0).unwrap_or(&Value::None), "eval", true)?;
    run(vm, &code, g, l)
}

pub(super) fn compile(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords(
        "compile",
        &[
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
            "_feature_version",
        ],
        0,
        3,
    )
    .kwonly_from(6);
    vm.caller = None;
    let b = SIG.bind(args, kw)?;
    let source = match b.get(0) {
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(Value::Bytes(s)) => String::from_utf8_lossy(s).into_owned(),
        _ => {
            return Err(exc::type_error(
                "compile() arg 1 must be a string, bytes or AST object",
            ))
        }
    };
    let filename = match b.get(1) {
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(other) => {
            return Err(exc::type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                crate::object::type_name_of(other)
            )))
        }
        None => String::new(),
    };
    let mode = match b.get(2) {
        Some(Value::Str(s)) => s.as_str().to_string(),
        // Argument Clinic names None "None", not "NoneType".
        Some(Value::None) | None => {
            return Err(exc::type_error(
                "compile() argument 'mode' must be str, not None",
            ))
        }
        Some(other) => {
            return Err(exc::type_error(format!(
                "compile() argument 'mode' must be str, not {}",
                crate::object::type_name_of(other)
            )))
        }
    };
    let mode = mode.as_str();
    let eval = match mode {
        "exec" => false,
        "eval" => true,
        "single" => return Err(super::unsupported("compile() in 'single' mode")),
        _ => {
            return Err(exc::new(
                "ValueError",
                "compile() mode must be 'exec', 'eval' or 'single'",
            ))
        }
    };
    if b.get(3).is_some_and(|f| !matches!(f, Value::Int(0))) {
        return Err(super::unsupported("compile() with flags"));
    }
    let source = if eval {
        source.trim_start_matches([' ', '\t']).to_string()
    } else {
        source
    };
    let code = crate::interp::import::finder::compile_source(vm, &source, &filename, eval)?;
    Ok(Value::Code(vm.rt_code(&code)))
}
