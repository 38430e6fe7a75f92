//! Every builtin function, method and type constructor of the VM, called with every arity from
//! none to one too many, an unknown keyword, each argument by keyword and each argument of a
//! wrong type (about 2200 calls), against CPython 3.13's outcome for the same call: the value's
//! repr, or the exception's type and message, word for word.
//!
//! The calls and CPython's outcomes are in tests/builtin_args/expected.txt, written by
//! `PYENV_VERSION=3.13.0 python3.13 scripts/builtin-args.py` (see its docs for how the calls are
//! made). With python3.13 installed, the script's live output must equal the file, so the file
//! cannot drift from CPython; without it the file is the oracle.

use std::path::PathBuf;
use std::process::Command;

use tracer::vm::{run_source, with_big_stack, VmOptions};

/// Calls the VM refuses in so many words ("not supported yet: ..."), with why: checked both
/// ways, like tests/programs/known-differences.txt.
const REFUSED: &[(&str, &str)] = &[
    (
        "vars()",
        "the caller's locals are not reachable from a builtin",
    ),
    ("print(file=1)", "print writes to the VM's stdout only"),
    ("list[int]", "no types.GenericAlias"),
    (
        "setattr((lambda: 1), 'b', 2)",
        "functions keep no attribute dict",
    ),
];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

/// `0x7f3a...` -> `0x?`, as the script scrubs CPython's addresses.
fn scrub_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        let digits = rest[i + 2..]
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(rest.len() - i - 2);
        if digits == 0 {
            out.push_str("0x");
        } else {
            out.push_str("0x?");
        }
        rest = &rest[i + 2 + digits..];
    }
    out.push_str(rest);
    out
}

struct Cases {
    prelude: String,
    template: String,
    cases: Vec<(String, String)>,
}

fn parse(text: &str) -> Cases {
    let mut prelude = String::new();
    let mut template = String::new();
    let mut cases = Vec::new();
    for line in text.lines() {
        let (head, tail) = line.split_once('\t').expect("EXPR<TAB>OUTCOME");
        match head {
            "#prelude" => prelude = unescape(tail),
            "#template" => template = unescape(tail),
            _ => cases.push((head.to_string(), tail.to_string())),
        }
    }
    Cases {
        prelude,
        template,
        cases,
    }
}

fn checked_in() -> String {
    let path = repo_root().join("crates/tracer/tests/builtin_args/expected.txt");
    std::fs::read_to_string(&path).expect("read builtin_args/expected.txt")
}

/// The script's output run live by python3.13, when installed.
fn live() -> Option<String> {
    let out = Command::new("python3.13")
        .arg(repo_root().join("scripts/builtin-args.py"))
        .arg("--print")
        .env("PYENV_VERSION", "3.13.0")
        .env("PYTHONHASHSEED", "0")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What our VM prints for one case, escaped and scrubbed as the script does.
fn ours(program: String) -> String {
    let run = std::panic::catch_unwind(|| run_source(&program, "<case>", VmOptions::default()));
    match run {
        Ok(Ok(out)) => {
            let mut text = out.stdout;
            if let Some(err) = out.error {
                text.push_str(&format!("<uncaught> {}", err.lines().last().unwrap_or("")));
            }
            escape(&scrub_addresses(text.trim_end_matches('\n')))
        }
        Ok(Err(e)) => format!("<compile error> {e}"),
        Err(_) => "<panic>".to_string(),
    }
}

#[test]
fn builtins_check_arguments_as_cpython() {
    let text = checked_in();
    if let Some(live) = live() {
        assert!(
            live == text,
            "tests/builtin_args/expected.txt differs from python3.13's outcomes: rerun \
             PYENV_VERSION=3.13.0 python3.13 scripts/builtin-args.py"
        );
    } else {
        eprintln!("python3.13 not available: comparing with the checked-in outcomes");
    }
    let cases = parse(&text);
    let total = cases.cases.len();
    let failures = with_big_stack(move || {
        let mut failures = Vec::new();
        for (expr, want) in &cases.cases {
            let program = format!(
                "{}{}",
                cases.prelude,
                cases.template.replace("{expr}", expr)
            );
            let got = ours(program);
            let refused = got.contains("NotImplementedError: not supported yet: ");
            let listed = REFUSED.iter().any(|(e, _)| e == expr);
            if listed && !refused {
                failures.push(format!("{expr}\n    listed as refused but ours: {got}"));
            } else if &got != want && !(listed && refused) {
                failures.push(format!(
                    "{expr}\n    python3.13: {want}\n    ours:       {got}"
                ));
            }
        }
        failures
    });
    assert!(
        failures.is_empty(),
        "{} of {total} calls differ from python3.13:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
