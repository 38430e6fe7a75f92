//! The builtins of CPython 3.13 this VM does not provide (`open`, `bytearray`, `input`, ...).
//!
//! Each is still a name in the builtins module, bound to a function that refuses in so many
//! words when called ("not supported yet: builtin open()"), so that a program using one is
//! refused, not met with a `NameError` CPython would never raise. `delattr`, `__debug__` and
//! the exception-class aliases are real, and so are `globals`, `locals`, `exec`, `eval` and
//! `compile` (`namespaces.rs`), registered here in the places they had.

use super::args::Sig;
use super::{builtin, namespaces, unsupported};
use crate::exceptions::PyResult;
use crate::object::dict::str_key;
use crate::object::{BuiltinFn, CallConv, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// One refusing function per missing builtin, so each names itself.
macro_rules! refused {
    ($($f:ident => $name:literal),* $(,)?) => {
        $(
            fn $f(_: &mut Vm, _: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
                Err(unsupported(concat!("builtin ", $name, "()")))
            }
        )*
        /// The refused builtins, by name.
        const REFUSED: &[(&str, CallConv, BuiltinFn)] = &[$(($name, CallConv::VarArgs, $f)),*];
    };
}

refused! {
    import => "__import__",
    aiter => "aiter",
    anext => "anext",
    breakpoint => "breakpoint",
    bytearray => "bytearray",
    complex => "complex",
    dir => "dir",
    input => "input",
    memoryview => "memoryview",
    open => "open",
    base_exception_group => "BaseExceptionGroup",
    exception_group => "ExceptionGroup",
}

/// The builtins dict order of the refused names and of the real ones that once were refused
/// (`LOAD_GLOBAL_BUILTIN` caches show a builtin's position).
const ORDER: &[&str] = &[
    "__import__",
    "aiter",
    "anext",
    "breakpoint",
    "bytearray",
    "compile",
    "complex",
    "dir",
    "eval",
    "exec",
    "globals",
    "input",
    "locals",
    "memoryview",
    "open",
    "BaseExceptionGroup",
    "ExceptionGroup",
];

/// Registers them after every other builtin (so the others keep their dict positions).
pub fn install(vm: &mut Vm) {
    let alias = vm.exc_class("OSError");
    let mut b = vm.builtins.borrow_mut();
    // The real ones among them keep the places they had when they were refused too.
    let mut all: Vec<(&str, CallConv, BuiltinFn)> = REFUSED.to_vec();
    let real: [(&str, CallConv, BuiltinFn); 5] = [
        ("compile", CallConv::FastKw, namespaces::compile),
        ("eval", CallConv::FastKw, namespaces::eval),
        ("exec", CallConv::FastKw, namespaces::exec),
        ("globals", CallConv::NoArgs, namespaces::globals),
        ("locals", CallConv::NoArgs, namespaces::locals),
    ];
    all.extend(real);
    all.sort_by_key(|(name, _, _)| ORDER.iter().position(|n| n == name));
    for (name, conv, f) in all {
        b.insert(str_key(name), builtin(name, conv, f));
    }
    b.insert(
        str_key("delattr"),
        builtin("delattr", CallConv::Fast, delattr),
    );
    b.insert(str_key("__debug__"), Value::bool(true));
    if let Some(os_error) = alias {
        b.insert(str_key("EnvironmentError"), Value::Type(os_error.clone()));
        b.insert(str_key("IOError"), Value::Type(os_error));
    }
}

fn delattr(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("delattr", 2, 2);
    SIG.bind(args, kw)?;
    let Value::Str(name) = &args[1] else {
        return Err(crate::exceptions::type_error(format!(
            "attribute name must be string, not '{}'",
            crate::object::type_name_of(&args[1])
        )));
    };
    vm.delattr(&args[0], name.as_str())?;
    Ok(Value::None)
}
