//! The program corpus: every tests/programs/NAME.py runs through `explain` and is compared with
//! what CPython 3.13 did on the same file (tests/programs/expected/, written by
//! scripts/regen-programs.py).
//!
//! One test function per aspect, each looping over all programs and reporting every failure at
//! once (program, aspect, the first differing line or instruction):
//!
//! | aspect          | command                                      | compared with               |
//! |-----------------|----------------------------------------------|-----------------------------|
//! | `run`           | `explain run FILE`                           | NAME.stdout/.stderr/.exit   |
//! | `no-specialize` | `explain run --no-specialize FILE`           | NAME.stdout/.stderr/.exit   |
//! | `tier2`         | `explain run --tier 2 FILE`                  | NAME.stdout/.stderr/.exit   |
//! | `tier2-stress`  | `explain run --tier 2 --trace-every-loop`    | NAME.stdout/.stderr/.exit   |
//! | `jit`           | `explain run --jit FILE`                     | NAME.stdout/.stderr/.exit   |
//! | `jit-stress`    | `explain run --jit --trace-every-loop`       | NAME.stdout/.stderr/.exit   |
//! | `dis`           | `explain dis FILE --format json`             | NAME.dis.json               |
//! | `adaptive`      | `explain dis FILE --adaptive --format json`  | NAME.adaptive.json          |
//! | `cpython`       | `python3.13 FILE` + regen `--emit-json`      | all five expected files     |
//!
//! stderr is compared by its last line only (`Type: message`), since traceback bodies are checked
//! by tests/errors.rs. The `cpython` aspect (only when python3.13 is installed) catches stale
//! expectations: a program edited without rerunning the regen script. Unfinished VM features are
//! listed in tests/programs/known-differences.txt, which the harness checks both ways (see
//! support.rs).

#[path = "programs/support.rs"]
mod support;

use serde_json::Value;
use support::{
    describe_end, expected, explain, panic_line, program_path, programs, python313, Report,
};

/// Compares a finished run with the checked-in stdout, stderr last line and exit code.
fn check_run(name: &str, out: &support::Output) -> Result<(), String> {
    if out.stderr.contains("panicked at") {
        return Err(format!("panic: {}", panic_line(&out.stderr)));
    }
    let want_stdout = expected(name, "stdout")?;
    let want_stderr = expected(name, "stderr")?;
    let want_exit = expected(name, "exit")?;
    let mut problems = Vec::new();
    if let Some(diff) = support::text_diff(&want_stdout, &out.stdout) {
        problems.push(format!("stdout {diff}"));
    }
    let want_exit: i32 = want_exit
        .trim()
        .parse()
        .map_err(|e| format!("bad NAME.exit: {e}"))?;
    if out.code != Some(want_exit) {
        let why = out.stderr_summary();
        problems.push(format!(
            "expected exit {want_exit}, got {} ({why})",
            describe_end(out)
        ));
    }
    let (want_last, got_last) = (want_stderr.trim_end(), out.stderr_last_line());
    if want_last != got_last {
        problems.push(format!(
            "stderr last line: expected {want_last:?}, got {got_last:?}"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Runs `explain ARGS... FILE` for every program and checks its output against CPython's.
fn run_aspect(aspect: &'static str, flags: &[&str]) {
    let mut report = Report::new(aspect);
    for name in programs() {
        let path = program_path(&name);
        let mut args = vec!["run"];
        args.extend_from_slice(flags);
        args.push(&path);
        let out = support::run(explain(&args));
        report.record(&name, check_run(&name, &out));
    }
    report.finish();
}

#[test]
fn run() {
    run_aspect("run", &[]);
}

#[test]
fn no_specialize() {
    run_aspect("no-specialize", &["--no-specialize"]);
}

/// Tier 2 (`--tier 2`): traces must compute exactly what tier 1 computes.
#[test]
fn tier2() {
    run_aspect("tier2", &["--tier", "2"]);
}

/// Tier 2's stress mode: every loop traced on its first back-edge, every side exit on its
/// first use, so far more code runs in traces (and leaves them) than in a normal run.
#[test]
fn tier2_stress() {
    run_aspect("tier2-stress", &["--tier", "2", "--trace-every-loop"]);
}

/// The copy-and-patch JIT (`--jit`): machine code must compute exactly what the uop
/// interpreter computes (on targets without stencils this runs the uop interpreter).
#[test]
fn jit() {
    run_aspect("jit", &["--jit"]);
}

/// The JIT under the stress mode: every loop and side exit compiled and left early.
#[test]
fn jit_stress() {
    run_aspect("jit-stress", &["--jit", "--trace-every-loop"]);
}

#[test]
fn dis() {
    dis_aspect("dis", "dis.json", &[]);
}

#[test]
fn adaptive() {
    dis_aspect("adaptive", "adaptive.json", &["--adaptive"]);
}

/// Checks the checked-in stdout/stderr/exit and both listings against a live CPython 3.13, when
/// one is installed.
#[test]
fn cpython() {
    if python313(&[]).is_none() {
        eprintln!("python3.13 not available: the checked-in expectations are used as they are");
        return;
    }
    let mut report = Report::new("cpython");
    for name in programs() {
        let path = program_path(&name);
        let cmd = python313(&[&path]).expect("python3.13 was available a moment ago");
        let out = support::run(cmd);
        let outcome = check_run(&name, &out)
            .and_then(|()| check_listings_live(&name, &path))
            .map_err(|why| format!("{why} (stale expectations? rerun scripts/regen-programs.py)"));
        report.record(&name, outcome);
    }
    report.finish();
}

/// Recomputes the cold and adaptive listings with CPython (the regen script's child mode) and
/// compares them with the checked-in NAME.dis.json and NAME.adaptive.json.
fn check_listings_live(name: &str, path: &str) -> Result<(), String> {
    let cmd = python313(&["scripts/regen-programs.py", "--emit-json", path])
        .ok_or("python3.13 disappeared")?;
    let out = support::run(cmd);
    if out.code != Some(0) {
        return Err(format!("regen --emit-json: {}", out.stderr_summary()));
    }
    let both: Value = serde_json::from_str(&out.stdout).map_err(|e| format!("regen JSON: {e}"))?;
    for (key, suffix) in [("dis", "dis.json"), ("adaptive", "adaptive.json")] {
        compare_listings(&expected(name, suffix)?, &both[key].to_string())
            .map_err(|why| format!("{suffix}: {why}"))?;
    }
    Ok(())
}

/// Runs `explain dis FLAGS... FILE --format json` for every program and compares the listing.
fn dis_aspect(aspect: &'static str, suffix: &str, flags: &[&str]) {
    let mut report = Report::new(aspect);
    for name in programs() {
        let path = program_path(&name);
        let mut args = vec!["dis", path.as_str()];
        args.extend_from_slice(flags);
        args.extend_from_slice(&["--format", "json"]);
        let out = support::run(explain(&args));
        let outcome = expected(&name, suffix).and_then(|want| {
            if out.stderr.contains("panicked at") {
                return Err(format!("panic: {}", panic_line(&out.stderr)));
            }
            // `dis --adaptive` runs the program and ends as it does (an uncaught exception
            // exits 1, `SystemExit(N)` N); the listing is printed all the same.
            let want_exit = if flags.contains(&"--adaptive") {
                expected(&name, "exit")?.trim().parse().ok()
            } else {
                Some(0)
            };
            if out.code != want_exit {
                return Err(format!("{}: {}", describe_end(&out), out.stderr_summary()));
            }
            compare_listings(&want, &out.stdout)
        });
        report.record(&name, outcome);
    }
    report.finish();
}

/// Compares two `{"code": [...]}` listings; the error names the first difference.
fn compare_listings(expected: &str, actual: &str) -> Result<(), String> {
    let parse = |text: &str, who: &str| -> Result<Vec<Value>, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("{who} is not JSON: {e}"))?;
        match value.get("code") {
            Some(Value::Array(codes)) => Ok(codes.clone()),
            _ => Err(format!("{who} JSON has no \"code\" array")),
        }
    };
    let want = parse(expected, "expected")?;
    let got = parse(actual, "output")?;
    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        compare_code(w, g).map_err(|why| format!("code #{i} ({}): {why}", w["qualname"]))?;
    }
    if want.len() != got.len() {
        return Err(format!(
            "expected {} code objects, got {}",
            want.len(),
            got.len()
        ));
    }
    Ok(())
}

/// Compares one code object's header and instructions.
fn compare_code(want: &Value, got: &Value) -> Result<(), String> {
    for key in ["qualname", "firstlineno"] {
        if want[key] != got[key] {
            return Err(format!("{key}: expected {}, got {}", want[key], got[key]));
        }
    }
    let empty = Vec::new();
    let list = |v: &Value| v["instructions"].as_array().unwrap_or(&empty).clone();
    let (w, g) = (list(want), list(got));
    for (i, (wi, gi)) in w.iter().zip(&g).enumerate() {
        if instruction(wi) != instruction(gi) {
            return Err(format!(
                "instruction {i}: expected {}, got {}",
                instruction(wi),
                instruction(gi)
            ));
        }
    }
    if w.len() != g.len() {
        let next = |l: &[Value]| l.get(w.len().min(g.len())).map_or("-".into(), instruction);
        return Err(format!(
            "expected {} instructions, got {} (first extra: expected {}, got {})",
            w.len(),
            g.len(),
            next(&w),
            next(&g)
        ));
    }
    Ok(())
}

/// One instruction in a compact comparable form: `offset OPNAME arg (argrepr) line N`.
fn instruction(ins: &Value) -> String {
    let field = |k: &str| match &ins[k] {
        Value::Null => "null".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    format!(
        "{} {} {} ({}) line {}",
        field("offset"),
        field("opname"),
        field("arg"),
        scrub_address(&field("argrepr")),
        field("line")
    )
}

/// Replaces the address in `<code object f at 0x7f...>` by `0x0`, as the regen script does.
fn scrub_address(argrepr: &str) -> String {
    let mut out = String::with_capacity(argrepr.len());
    let mut rest = argrepr;
    while let Some(at) = rest.find(" at 0x") {
        out.push_str(&rest[..at + " at 0x".len()]);
        rest = &rest[at + " at 0x".len()..];
        let hex = rest
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(rest.len());
        out.push('0');
        rest = &rest[hex..];
    }
    out.push_str(rest);
    out
}

/// The ledger itself must name real programs and aspects, or an entry could never be checked.
#[test]
fn known_differences_name_real_cases() {
    let known = support::KnownDifferences::load();
    let names = programs();
    let error_cases = errors_case_names();
    let mut problems = Vec::new();
    for (name, aspect) in known.entries.keys() {
        let ok = match aspect.as_str() {
            "run" | "no-specialize" | "tier2" | "tier2-stress" | "jit" | "jit-stress" | "dis"
            | "adaptive" | "cpython" => names.contains(name),
            "syntax" | "unsupported" | "traceback" => error_cases.contains(name),
            _ => false,
        };
        if !ok {
            problems.push(format!("{name} {aspect}"));
        }
    }
    assert!(
        problems.is_empty(),
        "entries naming no known case or aspect: {problems:?}"
    );
}

/// Names of the error cases of tests/errors.rs (files under tests/programs/errors/).
fn errors_case_names() -> Vec<String> {
    let dir = support::repo_root().join("tests/programs/errors");
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn scrub_address_is_idempotent() {
    let raw = "<code object f at 0x7f6c461dc5b8, file \"x.py\", line 3>";
    let once = scrub_address(raw);
    assert_eq!(once, "<code object f at 0x0, file \"x.py\", line 3>");
    assert_eq!(scrub_address(&once), once);
}

#[test]
fn listing_diff_names_the_first_differing_instruction() {
    let a = r#"{"code": [{"qualname": "<module>", "firstlineno": 1, "instructions": [
        {"offset": 0, "opname": "RESUME", "arg": 0, "argrepr": "", "line": 0},
        {"offset": 2, "opname": "RETURN_CONST", "arg": 0, "argrepr": "None", "line": 1}]}]}"#;
    let b = a.replace("RETURN_CONST", "RETURN_VALUE");
    assert_eq!(compare_listings(a, a), Ok(()));
    let why = compare_listings(a, &b).unwrap_err();
    assert!(
        why.contains("instruction 1") && why.contains("RETURN_VALUE"),
        "{why}"
    );
    assert!(compare_listings(a, "not json").is_err());
}

#[test]
fn ledger_lines_parse_with_comments() {
    let known = support::KnownDifferences::parse(
        "# header comment\n\nfloats run  # repr of 1e16\nbst   adaptive\n  \n",
    );
    assert!(known.contains("floats", "run") && known.contains("bst", "adaptive"));
    assert!(!known.contains("floats", "dis"));
    assert_eq!(known.entries.len(), 2);
    assert_eq!(
        known.entries[&("floats".into(), "run".into())],
        "repr of 1e16"
    );
}

/// Every checked-in expectation belongs to a program (no leftovers from a renamed program).
#[test]
fn expected_files_belong_to_programs() {
    let names = programs();
    let dir = support::repo_root().join("tests/programs/expected");
    let orphans: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|file| {
            !names
                .iter()
                .any(|n| file.split_once('.').is_some_and(|(stem, _)| stem == n))
        })
        .collect();
    assert!(
        orphans.is_empty(),
        "expected files without a program: {orphans:?}"
    );
}
