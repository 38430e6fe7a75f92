//! Python exceptions as Rust errors: the builtin hierarchy and `PyErr`.
//!
//! Most errors are raised deep inside object code that has no access to the VM (an int
//! division, a list index). They are created *lazily* as `PyErr::Lazy(type name, message)` and
//! turned into real exception instances by the VM when they start unwinding a Python frame
//! (`Vm::materialize`). Exceptions raised by Python code (`raise X(...)`) are instances from the
//! start. Messages are CPython's, word for word, because programs print them.

use std::rc::Rc;

use crate::object::Instance;

/// A raised Python exception.
#[derive(Clone)]
pub enum PyErr {
    /// A builtin exception not yet turned into an instance: `(type name, message)`.
    /// Boxed so that `PyResult` stays two words wide on the hot path.
    Lazy(Box<(&'static str, String)>),
    /// An exception instance.
    Obj(Rc<Instance>),
}

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PyErr::Lazy(l) => write!(f, "{}: {}", l.0, l.1),
            PyErr::Obj(i) => write!(f, "<{} instance>", i.class.name.as_str()),
        }
    }
}

/// Result of anything that can raise.
pub type PyResult<T> = Result<T, PyErr>;

/// The builtin exception classes: `(name, base)`, bases listed before subclasses.
pub const HIERARCHY: &[(&str, Option<&str>)] = &[
    ("BaseException", None),
    ("Exception", Some("BaseException")),
    ("SystemExit", Some("BaseException")),
    ("KeyboardInterrupt", Some("BaseException")),
    ("GeneratorExit", Some("BaseException")),
    ("ArithmeticError", Some("Exception")),
    ("ZeroDivisionError", Some("ArithmeticError")),
    ("OverflowError", Some("ArithmeticError")),
    ("LookupError", Some("Exception")),
    ("KeyError", Some("LookupError")),
    ("IndexError", Some("LookupError")),
    ("ValueError", Some("Exception")),
    ("UnicodeError", Some("ValueError")),
    ("TypeError", Some("Exception")),
    ("NameError", Some("Exception")),
    ("UnboundLocalError", Some("NameError")),
    ("AttributeError", Some("Exception")),
    ("AssertionError", Some("Exception")),
    ("StopIteration", Some("Exception")),
    ("RuntimeError", Some("Exception")),
    ("RecursionError", Some("RuntimeError")),
    ("NotImplementedError", Some("RuntimeError")),
    ("ImportError", Some("Exception")),
    ("ModuleNotFoundError", Some("ImportError")),
    ("MemoryError", Some("Exception")),
    ("SystemError", Some("Exception")),
    ("OSError", Some("Exception")),
    // The rest of CPython 3.13's builtin exceptions, so that a program naming one finds it.
    ("FloatingPointError", Some("ArithmeticError")),
    ("BufferError", Some("Exception")),
    ("EOFError", Some("Exception")),
    ("ReferenceError", Some("Exception")),
    ("StopAsyncIteration", Some("Exception")),
    ("PythonFinalizationError", Some("RuntimeError")),
    ("SyntaxError", Some("Exception")),
    ("IndentationError", Some("SyntaxError")),
    ("TabError", Some("IndentationError")),
    ("UnicodeDecodeError", Some("UnicodeError")),
    ("UnicodeEncodeError", Some("UnicodeError")),
    ("UnicodeTranslateError", Some("UnicodeError")),
    ("BlockingIOError", Some("OSError")),
    ("ChildProcessError", Some("OSError")),
    ("ConnectionError", Some("OSError")),
    ("BrokenPipeError", Some("ConnectionError")),
    ("ConnectionAbortedError", Some("ConnectionError")),
    ("ConnectionRefusedError", Some("ConnectionError")),
    ("ConnectionResetError", Some("ConnectionError")),
    ("FileExistsError", Some("OSError")),
    ("FileNotFoundError", Some("OSError")),
    ("InterruptedError", Some("OSError")),
    ("IsADirectoryError", Some("OSError")),
    ("NotADirectoryError", Some("OSError")),
    ("PermissionError", Some("OSError")),
    ("ProcessLookupError", Some("OSError")),
    ("TimeoutError", Some("OSError")),
    ("Warning", Some("Exception")),
    ("BytesWarning", Some("Warning")),
    ("DeprecationWarning", Some("Warning")),
    ("EncodingWarning", Some("Warning")),
    ("FutureWarning", Some("Warning")),
    ("ImportWarning", Some("Warning")),
    ("PendingDeprecationWarning", Some("Warning")),
    ("ResourceWarning", Some("Warning")),
    ("RuntimeWarning", Some("Warning")),
    ("SyntaxWarning", Some("Warning")),
    ("UnicodeWarning", Some("Warning")),
    ("UserWarning", Some("Warning")),
];

/// Builds a lazy exception of a builtin type.
pub fn new(ty: &'static str, msg: impl Into<String>) -> PyErr {
    PyErr::Lazy(Box::new((ty, msg.into())))
}

/// `TypeError(msg)`.
pub fn type_error(msg: impl Into<String>) -> PyErr {
    new("TypeError", msg)
}

/// `ValueError(msg)`.
pub fn value_error(msg: impl Into<String>) -> PyErr {
    new("ValueError", msg)
}

/// `IndexError(msg)`.
pub fn index_error(msg: impl Into<String>) -> PyErr {
    new("IndexError", msg)
}

/// `ZeroDivisionError(msg)`.
pub fn zero_division(msg: impl Into<String>) -> PyErr {
    new("ZeroDivisionError", msg)
}

/// `AttributeError` for a missing attribute on an object of type `ty`.
pub fn no_attribute(ty: &str, name: &str) -> PyErr {
    new(
        "AttributeError",
        format!("'{ty}' object has no attribute '{name}'"),
    )
}

/// `NameError` for an unbound global or builtin.
pub fn name_error(name: &str) -> PyErr {
    new("NameError", format!("name '{name}' is not defined"))
}

/// The name back from a [`name_error`] message (CPython keeps it as `exc.name`, which the
/// traceback printer's suggestions use; NameErrors with other messages carry none).
pub fn name_error_name(message: &str) -> Option<&str> {
    message
        .strip_prefix("name '")?
        .strip_suffix("' is not defined")
}

/// The `TypeError` of an unsupported binary operator.
pub fn unsupported_binop(op: &str, a: &str, b: &str) -> PyErr {
    type_error(format!(
        "unsupported operand type(s) for {op}: '{a}' and '{b}'"
    ))
}

/// `NameError` for an empty free variable (a closure read before the outer assignment).
pub fn name_error_free(name: &str) -> PyErr {
    new(
        "NameError",
        format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suggestion hook reads the name back from exactly the message `name_error` writes.
    #[test]
    fn name_error_name_inverts_name_error() {
        let PyErr::Lazy(l) = name_error("pritn") else {
            panic!("name_error is lazy");
        };
        assert_eq!(name_error_name(&l.1), Some("pritn"));
        assert_eq!(name_error_name("free variable 'x' referenced"), None);
    }
}
