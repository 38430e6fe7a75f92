//! The errors of PEP 734, as Rust types: [`InterpreterError`] and what it can carry.
//!
//! CPython's hierarchy is `InterpreterError` with the subclasses `InterpreterNotFoundError`
//! and `ExecutionFailed`; `NotShareableError` is a `ValueError`, and `QueueEmpty` /
//! `QueueFull` belong to the queues. Here each is its own type, and [`InterpreterError`] is
//! the enum of what an interpreter operation can fail with, so `?` converts the specific
//! ones into it.
//!
//! An uncaught exception in an interpreter cannot cross the boundary as an object (it lives
//! in that interpreter's heap), so, as in CPython, it is summarized in an [`ExcInfo`]: the
//! type's name, the message, `formatted` (`"ValueError: boom"`) and `errdisplay` (the full
//! traceback text), and delivered inside [`ExecutionFailed`].

use crate::share::NotShareableError;

/// An interpreter's id (`Interpreter.id`); the main interpreter is 0.
pub type InterpreterId = u64;

/// A summary of an exception raised in another interpreter (CPython's `excinfo` namespace).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExcInfo {
    /// `type(exc).__name__`.
    pub type_name: String,
    /// `str(exc)`.
    pub msg: String,
    /// `"Type: msg"` (or just `"Type"`), the last line of the traceback.
    pub formatted: String,
    /// The whole traceback as the interpreter would print it.
    pub errdisplay: String,
}

/// `ExecutionFailed`: code run by `exec` or `call` raised and did not catch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}\n\nUncaught in the interpreter:\n\n{}", .excinfo.formatted, .excinfo.errdisplay.trim_end())]
pub struct ExecutionFailed {
    /// The interpreter that raised.
    pub interpreter: InterpreterId,
    /// What was raised.
    pub excinfo: ExcInfo,
}

/// `InterpreterNotFoundError`: no interpreter has this id (it was closed, or never existed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("interpreter {id} not found")]
pub struct InterpreterNotFoundError {
    pub id: InterpreterId,
}

/// `InterpreterError` and its subclasses: everything an interpreter operation can fail with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InterpreterError {
    #[error(transparent)]
    NotFound(#[from] InterpreterNotFoundError),
    #[error(transparent)]
    ExecutionFailed(#[from] ExecutionFailed),
    #[error(transparent)]
    NotShareable(#[from] NotShareableError),
    /// PEP 734 refuses `exec`, `call`, `prepare_main` and `close` while the interpreter is
    /// running code.
    #[error("interpreter {0} is running")]
    Running(InterpreterId),
    /// The interpreter's thread is gone (it panicked, or shut down under us).
    #[error("interpreter {0} has stopped")]
    Stopped(InterpreterId),
    /// An interpreter answered a request with something the protocol does not allow (the
    /// demos check every answer).
    #[error("unexpected answer: {0}")]
    Protocol(String),
}

impl InterpreterError {
    /// The `ExecutionFailed` inside, if this is one.
    pub fn excinfo(&self) -> Option<&ExcInfo> {
        match self {
            InterpreterError::ExecutionFailed(e) => Some(&e.excinfo),
            _ => None,
        }
    }
}
