//! Shared helpers for the `explain` CLI tests (`tests/cli_*.rs` include this file with
//! `#[path = "support/cli.rs"] mod support;`; files in a subfolder of tests/ are not test crates).
//!
//! The helpers run the real binary with `--color never`, and keep the book honest: a book file
//! under `book/src/generated/` is produced by the same run that a snapshot test checks, so the
//! two cannot drift. `PYINTERNALS_BLESS=1 cargo test` (re)writes book files; without it a
//! difference fails the test.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `explain --color never ARGS...` with colour-forcing variables removed.
pub fn explain(args: &[&str]) -> Output {
    let mut all = vec!["--color", "never"];
    all.extend_from_slice(args);
    explain_with_env(&all, &[])
}

/// Runs `explain ARGS...` (no `--color` added) with the given environment variables set and
/// the colour variables otherwise removed.
pub fn explain_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_explain"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .envs(env.iter().copied())
        .output()
        .expect("the explain binary runs")
}

/// The stdout of a run that must succeed (exit 0, empty stderr).
pub fn stdout_of(args: &[&str]) -> String {
    let output = explain(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "explain {args:?} failed with {}: {stderr}",
        output.status
    );
    assert!(
        stderr.is_empty(),
        "explain {args:?} wrote to stderr: {stderr}"
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// Exit code and stderr of a run that must fail, for error-message snapshots.
pub fn failure_of(args: &[&str]) -> String {
    let output = explain(args);
    assert!(
        !output.status.success(),
        "explain {args:?} unexpectedly succeeded"
    );
    assert!(output.stdout.is_empty(), "a failing run printed to stdout");
    format!(
        "exit code: {}\nstderr:\n{}",
        output
            .status
            .code()
            .map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stderr)
    )
}

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of CPython 3.13.0's own output, from the copies the crates keep in their
/// `tests/cpython/` folders (inside the repository, so a fresh clone tests on its own):
/// `fib_dis.txt` in the `tracer` crate's, `hamt_*.txt` in the `hamt` crate's.
pub fn cpython_reference(name: &str) -> String {
    let crate_dir = if name.starts_with("hamt_") {
        "hamt"
    } else {
        "tracer"
    };
    let path = repo_root()
        .join("crates")
        .join(crate_dir)
        .join("tests/cpython")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "cannot read CPython reference output {}: {err}",
            path.display()
        )
    })
}

/// Checks `actual` against `book/src/generated/NAME`, or writes it with PYINTERNALS_BLESS=1.
pub fn check_book_file(name: &str, actual: &str) {
    check_generated_file(&format!("book/src/generated/{name}"), actual);
}

/// Checks `actual` against the file at `path` (relative to the repository root), or writes it
/// with PYINTERNALS_BLESS=1: for generated files outside the book, such as exercise data.
pub fn check_generated_file(path: &str, actual: &str) {
    let path: PathBuf = repo_root().join(path);
    let bless = std::env::var_os("PYINTERNALS_BLESS").is_some_and(|v| v == "1");
    let expected = std::fs::read_to_string(&path).ok();
    if expected.as_deref() == Some(actual) {
        return;
    }
    if bless {
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("write generated file");
        return;
    }
    match expected {
        None => panic!(
            "generated file {} is missing; run `PYINTERNALS_BLESS=1 cargo test` (the test \
             that failed) to create it",
            path.display()
        ),
        Some(expected) => {
            let first_diff = expected
                .lines()
                .zip(actual.lines())
                .position(|(e, a)| e != a)
                .map_or("(length differs)".to_string(), |i| {
                    format!("line {}", i + 1)
                });
            panic!(
                "generated file {} differs from this run at {first_diff}; review the change and \
                 rerun with PYINTERNALS_BLESS=1 to accept it",
                path.display()
            )
        }
    }
}
