//! A user's Python program under `explain run`, `dis` and `specialize`: how its compile errors
//! and its end are reported, the same way under every subcommand.
//!
//! The convention (also printed by `explain --help` and stated in the README):
//!
//! - What python3.13 itself would print is printed as it prints it, on stderr: a syntax error as
//!   its `File "x.py", line N` block, an uncaught exception as its traceback.
//! - Every other error is one line starting `error: ` on stderr: a construct the tracer does not
//!   support yet, a file that cannot be read, a bad argument (`main.rs` prefixes those).
//! - The exit status is 0 when the program ran to its end, 1 after a syntax error, an
//!   unsupported construct or an uncaught exception, the code of an uncaught `SystemExit` as
//!   CPython uses it, and 2 for a usage error (clap's own).
//!
//! A subcommand with something left to show after an uncaught exception (the story of
//! `specialize`, the listing of `dis --adaptive`) shows it on stdout, reports the exception on
//! stderr and exits 1, as `run` does. Reporting happens here or in the subcommand; what reaches
//! `main.rs` is an [`Exit`], a status whose message is already printed.

use std::rc::Rc;

use tracer::code::CodeObject;
use tracer::error::CompileError;
use tracer::exceptions::PyErr;
use tracer::value::Value;
use tracer::vm::Vm;

/// The program's failure has been reported on stderr already: exit with this status and print
/// nothing more. `main.rs` turns it into the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit(pub u8);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the program ended with exit status {}", self.0)
    }
}

impl std::error::Error for Exit {}

/// `Ok(())` for status 0, else the [`Exit`] that makes `main.rs` exit with `status`.
pub fn exit_with(status: u8) -> anyhow::Result<()> {
    match status {
        0 => Ok(()),
        status => Err(Exit(status).into()),
    }
}

/// Compiles the script `source` (which may import its neighbours); a failure comes back as the
/// text to print on stderr (see [`compile_error_text`]), ready for [`report_compile_error`].
pub fn compile(source: &str, filename: &str) -> Result<Rc<CodeObject>, String> {
    tracer::compile::compile_script(source, filename).map_err(|err| compile_error_text(&err))
}

/// [`compile`] for a listing that will not run (`explain dis` without `--adaptive`): accepts
/// every construct the compiler knows, even those the VM cannot run yet.
pub fn compile_for_listing(source: &str, filename: &str) -> Result<Rc<CodeObject>, String> {
    tracer::compile::compile_for_listing(source, filename).map_err(|err| compile_error_text(&err))
}

/// A compile error as the convention prints it: a syntax error exactly as python3.13 prints it,
/// a construct outside the supported subset as one `error: not supported yet: ...` line.
/// Ends with a newline.
pub fn compile_error_text(err: &CompileError) -> String {
    let text = match err {
        CompileError::Unsupported { .. } => format!("error: {err}"),
        CompileError::Syntax(_) | CompileError::Invalid(_) | CompileError::Limit { .. } => {
            err.to_string()
        }
    };
    format!("{}\n", text.trim_end())
}

/// Prints a compile error's text on stderr (ending it with a newline) and returns the status
/// to exit with (1).
pub fn report_compile_error(text: &str) -> anyhow::Result<()> {
    eprintln!("{}", text.trim_end());
    exit_with(1)
}

/// How a program that ran has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ending {
    /// The exit status the program asks for (see the module documentation).
    pub status: u8,
    /// What to print on stderr: the traceback of an uncaught exception, or a `SystemExit` code
    /// that is neither None nor an int, as CPython prints it. Empty for a clean end.
    pub stderr: String,
    /// The last line of the traceback (`TypeError: ...`) when an exception other than
    /// `SystemExit` ended the program.
    pub uncaught: Option<String>,
}

impl Ending {
    /// The ending of a program that ran to its last line.
    pub fn clean() -> Self {
        Ending {
            status: 0,
            stderr: String::new(),
            uncaught: None,
        }
    }
}

/// The ending of `vm.run_module(..)`'s result. Call it on the thread the VM lives on.
pub fn ending<T>(vm: &mut Vm, result: Result<T, PyErr>) -> Ending {
    let err = match result {
        Ok(_) => return Ending::clean(),
        Err(err) => err,
    };
    if let Some((status, stderr)) = system_exit(vm, &err) {
        return Ending {
            status,
            stderr,
            uncaught: None,
        };
    }
    let traceback = vm.format_traceback(err);
    let last = traceback.lines().last().unwrap_or_default().to_string();
    Ending {
        status: 1,
        stderr: traceback,
        uncaught: Some(last),
    }
}

/// An uncaught `SystemExit` (or subclass) ends the program without a traceback, as CPython's
/// `_Py_HandleSystemExit` does: its code (the single argument, the argument tuple, or None) is
/// the exit status when None (0) or an int; anything else is printed to stderr, status 1.
/// Returns None for every other exception.
fn system_exit(vm: &mut Vm, err: &PyErr) -> Option<(u8, String)> {
    let PyErr::Obj(instance) = err else {
        return None;
    };
    let is_system_exit = std::iter::successors(Some(instance.class.clone()), |c| c.base.clone())
        .any(|c| c.builtin && c.name.as_str() == "SystemExit");
    if !is_system_exit {
        return None;
    }
    let args = instance.exc.as_ref()?.borrow().args.clone();
    let code = match args.as_slice() {
        [] => Value::None,
        [one] => one.clone(),
        _ => Value::tuple(args),
    };
    Some(match code {
        Value::None => (0, String::new()),
        // The OS keeps the low 8 bits, as with CPython's exit().
        Value::Int(status) => (status as u8, String::new()),
        Value::Bool(b) => (u8::from(b.get()), String::new()),
        other => {
            let text = match vm.to_str(&other) {
                Ok(text) => format!("{text}\n"),
                Err(_) => "(the SystemExit code has no printable str)\n".to_string(),
            };
            (1, text)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile_error(source: &str) -> String {
        match compile(source, "x.py") {
            Ok(_) => panic!("{source:?} compiled"),
            Err(text) => text,
        }
    }

    #[test]
    fn unsupported_constructs_are_error_lines_and_syntax_errors_are_cpythons() {
        let unsupported = compile_error("async def f(x):\n    async for y in x:\n        pass\n");
        assert!(
            unsupported.starts_with("error: not supported yet: ") && unsupported.ends_with('\n'),
            "{unsupported:?}"
        );
        assert_eq!(unsupported.lines().count(), 1, "{unsupported:?}");
        let syntax = compile_error("def f(:\n    pass\n");
        assert!(
            syntax.starts_with("  File \"x.py\", line 1\n"),
            "{syntax:?}"
        );
        assert!(syntax.contains("\nSyntaxError: "), "{syntax:?}");
    }

    #[test]
    fn exit_zero_is_ok_and_other_statuses_are_exits() {
        assert!(exit_with(0).is_ok());
        let err = exit_with(3).unwrap_err();
        assert_eq!(err.downcast_ref::<Exit>(), Some(&Exit(3)));
    }
}
