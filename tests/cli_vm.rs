//! What a user of `explain run`, `explain dis` and `explain specialize` sees, as insta
//! snapshots (reviewed by hand), plus the edge cases of reading a program: a missing file, a
//! directory, bytes that are not UTF-8, an empty file, stdin (`-`), and the exit codes (0, 1 for
//! a Python error or a user error, 2 for a usage error that clap reports).
//!
//! The listings themselves are compared with CPython 3.13 by `tests/programs.rs`
//! (`tests/programs/code_order.py` is the nesting case); here the point is the CLI's own text.

#[path = "support/cli.rs"]
mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use support::{explain, explain_with_env, failure_of, stdout_of};

const CODE_ORDER: &str = "tests/programs/code_order.py";
const MIXED: &str = "book/src/examples/mixed.py";
const FIB: &str = "book/src/examples/fib.py";
const TWO_LAMBDAS: &str = "tests/fixtures/two_lambdas.py";

/// The `Disassembly of <code object ...>` headers, in the order `explain dis` prints them.
fn headers(listing: &str) -> Vec<&str> {
    listing
        .lines()
        .filter(|l| l.starts_with("Disassembly of"))
        .collect()
}

/// Writes `bytes` to a fresh file in the target's temporary folder and returns its path.
fn temp_file(name: &str, bytes: &[u8]) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_vm");
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temporary file");
    path.display().to_string()
}

/// Runs `explain --color never ARGS` with `stdin` piped in; (exit code, stdout, stderr).
fn with_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_explain"))
        .args(["--color", "never"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("explain starts");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    let out = child.wait_with_output().expect("explain finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dis_lists_code_objects_in_dis_order() {
    // The module, then co_consts order depth first: outer's inner before its <genexpr>,
    // Point's methods and nested class before P3. Comprehensions are inlined (PEP 709).
    let text = stdout_of(&["dis", CODE_ORDER]);
    insta::assert_snapshot!("dis_code_order_headers", headers(&text).join("\n"));
    let json = stdout_of(&["dis", "--format", "json", CODE_ORDER]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let qualnames: Vec<&str> = value["code"]
        .as_array()
        .expect("a code array")
        .iter()
        .map(|c| c["qualname"].as_str().expect("a qualname"))
        .collect();
    let from_text: Vec<&str> = headers(&text)
        .iter()
        .map(|h| h.split(' ').nth(4).expect("a code object name"))
        .collect();
    let names: Vec<&str> = qualnames
        .iter()
        .map(|q| q.rsplit('.').next().unwrap_or(q))
        .collect();
    // The text headers show co_name; the JSON's qualnames end with it.
    assert_eq!(names[1..], from_text[..], "{qualnames:?}");
}

#[test]
fn dis_json_keys_in_documented_order() {
    // `{"code": [{"qualname", "firstlineno", "instructions": [{"offset", "opname", "arg",
    // "argrepr", "line"}]}]}`, `arg` null where CPython's is None (RESUME has an arg; the
    // module's POP_TOP and RETURN_VALUE do not).
    let json = stdout_of(&["dis", "--format", "json", FIB]);
    let head: Vec<&str> = json.lines().take(21).collect();
    insta::assert_snapshot!("dis_json_head", head.join("\n"));
    assert!(json.contains("\"arg\": null"), "{json}");
}

#[test]
fn dis_adaptive_with_caches() {
    let out = stdout_of(&["dis", "--adaptive", "--show-caches", MIXED]);
    insta::assert_snapshot!("dis_adaptive_caches_mixed", out);
}

#[test]
fn specialize_keeps_same_named_lambdas_apart() {
    let out = stdout_of(&["specialize", TWO_LAMBDAS]);
    insta::assert_snapshot!("specialize_two_lambdas", out);
    let story = out.split("\nPer-family counts").next().unwrap_or_default();
    let sections: Vec<&str> = story.split("\n== <lambda> ").skip(1).collect();
    assert_eq!(sections.len(), 2, "{out}");
    assert!(sections[0].contains("BINARY_OP_ADD_INT"), "{}", sections[0]);
    assert!(!sections[0].contains("float"), "{}", sections[0]);
    assert!(sections[1].contains("specialize failed"), "{}", sections[1]);
    assert!(!sections[1].contains("hit"), "{}", sections[1]);
}

#[test]
fn specialize_json_story() {
    let out = stdout_of(&[
        "specialize",
        MIXED,
        "--function",
        "walk",
        "--format",
        "json",
    ]);
    insta::assert_snapshot!("specialize_json_mixed_walk", out);
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(value["output"], "30.0\n");
    assert_eq!(value["stats"]["BINARY_OP"]["deopt"], 53);
}

#[test]
fn specialize_errors() {
    insta::assert_snapshot!(
        "specialize_no_such_function",
        failure_of(&["specialize", "--function", "fib"])
    );
    let path = temp_file("unclosed.py", b"def f(:\n    pass\n");
    let failure = failure_of(&["specialize", &path]).replace(&path, "unclosed.py");
    insta::assert_snapshot!("specialize_syntax_error", failure);
}

#[test]
fn run_stats_table() {
    let output = explain(&["run", "--stats", MIXED]);
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "30.0\n");
    insta::assert_snapshot!("run_stats_mixed", String::from_utf8_lossy(&output.stderr));
    let generic = explain(&["run", "--stats", "--no-specialize", MIXED]);
    assert_eq!(String::from_utf8_lossy(&generic.stdout), "30.0\n");
    insta::assert_snapshot!(
        "run_stats_no_specialize",
        String::from_utf8_lossy(&generic.stderr)
    );
}

#[test]
fn run_reads_stdin_for_dash() {
    let (code, out, err) = with_stdin(&["run", "-"], "print(6 * 7)\n");
    assert_eq!((code, out.as_str(), err.as_str()), (0, "42\n", ""));
    // Tracebacks name the program `<stdin>`, as `python3.13 -` does.
    let (code, out, err) = with_stdin(&["run", "-"], "x = 1\n1 / 0\n");
    assert_eq!((code, out.as_str()), (1, ""));
    insta::assert_snapshot!("run_stdin_traceback", err);
    let (code, out, _) = with_stdin(&["dis", "-"], "pass\n");
    assert_eq!(code, 0);
    assert!(out.contains("RETURN_CONST"), "{out}");
}

/// Words after FILE are the program's (`sys.argv[1:]`), even ones that look like options, as
/// `python3.13 FILE ARGS` gives them; options of `explain run` go before FILE.
#[test]
fn run_passes_arguments_after_the_file_to_sys_argv() {
    let (code, out, err) = with_stdin(
        &["run", "--tier", "2", "-", "5", "-x", "--tier", "1"],
        "import sys\nprint(sys.argv)\n",
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "['-', '5', '-x', '--tier', '1']\n", "")
    );
}

#[test]
fn run_edge_cases_of_reading_a_file() {
    let missing = failure_of(&["run", "tests/fixtures/no_such_file.py"]);
    insta::assert_snapshot!("run_missing_file", missing);
    let directory = failure_of(&["run", "tests/fixtures"]);
    assert!(
        directory.starts_with("exit code: 1\nstderr:\nerror: cannot read tests/fixtures:"),
        "{directory}"
    );
    let latin1 = temp_file("latin1.py", b"s = 'caf\xe9'\n");
    let failure = failure_of(&["run", &latin1]).replace(&latin1, "latin1.py");
    insta::assert_snapshot!("run_not_utf8", failure);
    // With a coding line (PEP 263) the same bytes are Latin-1 text, as python3.13 reads them;
    // a BOM says UTF-8, and its three bytes are not part of the text.
    let declared = temp_file(
        "declared.py",
        b"# -*- coding: latin-1 -*-\nprint('caf\xe9')\n",
    );
    assert_eq!(stdout_of(&["run", &declared]), "caf\u{e9}\n");
    let koi8 = temp_file(
        "koi8.py",
        b"#!/usr/bin/env python\n# coding: koi8-r\nprint('\xf0\xd2')\n",
    );
    assert_eq!(stdout_of(&["run", &koi8]), "\u{41f}\u{440}\n");
    let bom = temp_file("bom.py", b"\xef\xbb\xbfprint(1)\n");
    assert_eq!(stdout_of(&["run", &bom]), "1\n");
    let unknown = temp_file("unknown.py", b"# coding: utf-42\nprint(1)\n");
    assert!(failure_of(&["run", &unknown])
        .ends_with("SyntaxError at line 1: unknown encoding: utf-42\n"));
    let empty = temp_file("empty.py", b"");
    assert_eq!(stdout_of(&["run", &empty]), "");
    let usage = explain(&["run"]);
    assert_eq!(usage.status.code(), Some(2), "clap's usage error");
}

/// `text` without ANSI colour sequences (`ESC [ ... m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn specialize_colours_rewritten_rows_and_deopts() {
    let output = explain_with_env(&["--color", "always", "specialize", MIXED], &[]);
    let coloured = String::from_utf8(output.stdout).expect("UTF-8");
    // Colour is decoration only: without it the text is the plain output.
    assert_eq!(strip_ansi(&coloured), stdout_of(&["specialize", MIXED]));
    let line_of = |needle: &str| {
        coloured
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?}"))
            .to_string()
    };
    assert!(line_of("* BINARY_OP_ADD_FLOAT").starts_with('\u{1b}'));
    assert!(line_of("deopt BINARY_OP_ADD_INT (52x)").starts_with('\u{1b}'));
    // Unchanged rows stay plain.
    assert!(!line_of("GET_ITER").contains('\u{1b}'));
}

#[test]
fn specialize_story_of_a_program_that_raises() {
    // The story is still told on stdout, with the uncaught exception as one line of it; the
    // traceback follows on stderr and the status is 1, as under `explain run`
    // (tests/cli_errors.rs checks the convention across subcommands).
    let output = explain(&[
        "specialize",
        "tests/fixtures/deopt_then_raise.py",
        "--function",
        "f",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).expect("UTF-8");
    insta::assert_snapshot!("specialize_deopt_then_raise", out);
    assert!(out.contains("Program output: (none)\nUncaught exception: TypeError: "));
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(
        stderr.starts_with("Traceback (most recent call last):\n"),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().last(),
        out.lines()
            .find_map(|l| l.strip_prefix("Uncaught exception: ")),
        "{stderr}"
    );
}
