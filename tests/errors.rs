//! Error behaviour of `explain run`, case by case against CPython 3.13, on the files under
//! tests/programs/errors/:
//!
//! - `syntax_*.py`: a syntax error is reported as CPython does (`  File "x.py", line N`, the
//!   source line, a caret line, `SyntaxError: ...`) with exit code 1. Compared: the exit code
//!   and every line of stderr, carets included (the last line, the `File ..., line N` line and
//!   the source line are checked first for a sharper failure message).
//! - `unsupported_*.py`: valid Python outside the supported subset. `explain run` and
//!   `explain dis --adaptive` must both refuse it with `not supported yet:` and `FILE:LINE:COL`, exit 1, and
//!   no panic. The expected line is in [`UNSUPPORTED`].
//! - `runtime_*.py`: an uncaught exception prints the same traceback as CPython's, line for
//!   line: `Traceback (most recent call last):`, the `  File "...", line N, in f` lines in
//!   order, each frame's source line and its caret line (`~~^~~`) where CPython prints one,
//!   `[Previous line repeated N more times]`, chaining messages, `Type: message` and
//!   "Did you mean" suggestions.
//!
//! CPython's output comes from a live python3.13 when installed, else from the checked-in
//! tests/programs/errors/expected/NAME.{stderr,exit} (written by scripts/regen-programs.py).
//! Paths are compared by file name only: CPython prints the absolute path of the main script.
//! Cases that still fail are listed in tests/programs/known-differences.txt (aspects `syntax`,
//! `unsupported`, `traceback`), checked both ways as in tests/programs.rs.

#[path = "programs/support.rs"]
mod support;

use support::{describe_end, explain, panic_line, python313, repo_root, Report};

/// The unsupported cases and the line of the construct each must be reported at.
const UNSUPPORTED: &[(&str, usize)] = &[
    ("unsupported_annotation", 5),
    ("unsupported_async", 4),
    ("unsupported_complex", 3),
    ("unsupported_import", 2),
    ("unsupported_starred_bases", 5),
];

/// The case files whose names start with `prefix`, sorted.
fn cases(prefix: &str) -> Vec<String> {
    let dir = repo_root().join("tests/programs/errors");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names.dedup();
    names
}

fn case_path(name: &str) -> String {
    format!("tests/programs/errors/{name}.py")
}

/// CPython's stderr and exit code for a case: live when python3.13 exists, else checked in.
fn cpython(name: &str) -> Result<(String, i32), String> {
    let path = case_path(name);
    if let Some(cmd) = python313(&[&path]) {
        let out = support::run(cmd);
        return Ok((out.stderr, out.code.unwrap_or(-1)));
    }
    let dir = repo_root().join("tests/programs/errors/expected");
    let read = |suffix: &str| {
        std::fs::read_to_string(dir.join(format!("{name}.{suffix}")))
            .map_err(|e| format!("missing expected {name}.{suffix}: {e}; run the regen script"))
    };
    let code = read("exit")?
        .trim()
        .parse()
        .map_err(|e| format!("bad {name}.exit: {e}"))?;
    Ok((read("stderr")?, code))
}

/// `  File "/abs/dir/x.py", line 3, in f` -> `  File "x.py", line 3, in f`; other lines as is.
fn normalize_file_line(line: &str) -> String {
    let Some(rest) = line.strip_prefix("  File \"") else {
        return line.trim_end().to_string();
    };
    let Some((path, tail)) = rest.split_once('"') else {
        return line.trim_end().to_string();
    };
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    format!("  File \"{base}\"{}", tail.trim_end())
}

/// The first `  File ...` line of a stderr, normalized.
fn file_line(stderr: &str) -> Option<String> {
    stderr
        .lines()
        .find(|l| l.starts_with("  File \""))
        .map(normalize_file_line)
}

/// The source line printed right after the first `  File ...` line (trailing blanks dropped).
fn source_line(stderr: &str) -> Option<&str> {
    let mut lines = stderr.lines().skip_while(|l| !l.starts_with("  File \""));
    lines.next()?;
    lines.next().map(str::trim_end)
}

/// Every non-blank line of an error report, caret lines (`~~^~~`) included, paths normalized
/// to file names, and other paths (an ImportError's module file) made relative to the
/// repository, as the checked-in expectations have them.
fn shape(stderr: &str) -> Vec<String> {
    let root = format!("{}/", repo_root().display());
    stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| normalize_file_line(l).replace(&root, ""))
        .collect()
}

/// Compares two error reports line by line (see [`shape`]), naming the first difference.
fn same_lines(want: &str, got: &str) -> Result<(), String> {
    let (w, g) = (shape(want), shape(got));
    for (i, (wl, gl)) in w.iter().zip(&g).enumerate() {
        if wl != gl {
            return Err(format!(
                "stderr line {}: expected {wl:?}, got {gl:?}",
                i + 1
            ));
        }
    }
    if w.len() != g.len() {
        return Err(format!(
            "expected {} stderr lines, got {}: {g:?}",
            w.len(),
            g.len()
        ));
    }
    Ok(())
}

/// Fails when a run panicked or did not exit with `want`.
fn check_exit(out: &support::Output, want: i32) -> Result<(), String> {
    if out.stderr.contains("panicked at") {
        return Err(format!("panic: {}", panic_line(&out.stderr)));
    }
    if out.code != Some(want) {
        return Err(format!(
            "expected exit {want}, got {}: {}",
            describe_end(out),
            out.stderr_summary()
        ));
    }
    Ok(())
}

fn check_syntax(name: &str) -> Result<(), String> {
    let (want, want_code) = cpython(name)?;
    let out = support::run(explain(&["run", &case_path(name)]));
    check_exit(&out, want_code)?;
    let (w, g) = (support::last_line(&want), out.stderr_last_line());
    if w != g {
        return Err(format!("last line: expected {w:?}, got {g:?}"));
    }
    let (w, g) = (file_line(&want), file_line(&out.stderr));
    if w != g {
        return Err(format!("File line: expected {w:?}, got {g:?}"));
    }
    let (w, g) = (source_line(&want), source_line(&out.stderr));
    if w != g {
        return Err(format!("source line: expected {w:?}, got {g:?}"));
    }
    same_lines(&want, &out.stderr)
}

fn check_unsupported(name: &str, line: usize) -> Result<(), String> {
    let path = case_path(name);
    // A plain `explain dis` lists anything the compiler knows; `--adaptive` runs it, so refuses.
    for args in [
        vec!["run", path.as_str()],
        vec!["dis", "--adaptive", path.as_str()],
    ] {
        let out = support::run(explain(&args));
        check_exit(&out, 1).map_err(|why| format!("{}: {why}", args[0]))?;
        let location = format!("{name}.py:{line}:");
        if !out.stderr.contains("not supported yet:") || !out.stderr.contains(&location) {
            return Err(format!(
                "{}: stderr lacks `not supported yet:` and `{location}COL`: {:?}",
                args[0],
                out.stderr.trim_end()
            ));
        }
    }
    Ok(())
}

fn check_traceback(name: &str) -> Result<(), String> {
    let (want, want_code) = cpython(name)?;
    let out = support::run(explain(&["run", &case_path(name)]));
    check_exit(&out, want_code)?;
    same_lines(&want, &out.stderr)
}

#[test]
fn syntax() {
    let mut report = Report::new("syntax");
    for name in cases("syntax_") {
        report.record(&name, check_syntax(&name));
    }
    report.finish();
}

#[test]
fn unsupported() {
    let mut report = Report::new("unsupported");
    let files = cases("unsupported_");
    let listed: Vec<&str> = UNSUPPORTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        files, listed,
        "every unsupported_*.py needs its line in UNSUPPORTED"
    );
    for (name, line) in UNSUPPORTED {
        report.record(name, check_unsupported(name, *line));
    }
    report.finish();
}

#[test]
fn traceback() {
    let mut report = Report::new("traceback");
    for name in cases("runtime_") {
        report.record(&name, check_traceback(&name));
    }
    report.finish();
}

#[test]
fn shape_keeps_carets_and_normalizes_paths() {
    let stderr = "Traceback (most recent call last):\n  File \"/a/b/x.py\", line 3, in f\n    \
                  return 1 / 0\n           ~~^~~\nZeroDivisionError: division by zero\n";
    assert_eq!(
        shape(stderr),
        [
            "Traceback (most recent call last):",
            "  File \"x.py\", line 3, in f",
            "    return 1 / 0",
            "           ~~^~~",
            "ZeroDivisionError: division by zero"
        ]
    );
    assert_eq!(
        file_line("  File \"x.py\", line 2\n").as_deref(),
        Some("  File \"x.py\", line 2")
    );
}

/// With python3.13 installed, the checked-in expectations (the fallback used without it) must
/// equal what CPython prints now; otherwise rerun scripts/regen-programs.py.
#[test]
fn checked_in_expectations_are_fresh() {
    let mut stale = Vec::new();
    for name in cases("syntax_").into_iter().chain(cases("runtime_")) {
        let Some(cmd) = python313(&[&case_path(&name)]) else {
            eprintln!("python3.13 not available: nothing to compare the checked-in files with");
            return;
        };
        let out = support::run(cmd);
        let live = out
            .stderr
            .replace(&format!("{}/", repo_root().display()), "");
        let dir = repo_root().join("tests/programs/errors/expected");
        let read = |suffix: &str| std::fs::read_to_string(dir.join(format!("{name}.{suffix}")));
        let fresh = read("stderr").is_ok_and(|s| s == live)
            && read("exit").is_ok_and(|c| c.trim() == out.code.unwrap_or(-1).to_string());
        if !fresh {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale expectations (rerun scripts/regen-programs.py): {stale:?}"
    );
}
