//! Tier-2 fidelity: for every corpus program that has a CPython tier-2 reference
//! (tests/programs/expected/NAME.executors.json and NAME.tier2-log.txt, imported from a real
//! CPython 3.13.0 tier-2 build by scripts/import-tier2-reference.py), `explain trace FILE
//! --format json` must build the same executors and log the same optimization attempts.
//!
//! | aspect      | compared                                                                  |
//! |-------------|---------------------------------------------------------------------------|
//! | `executors` | the `code` list: code objects with executors (dis order), each executor's |
//! |             | offset, validity and every uop's name, oparg, raw target and operand      |
//! | `tier2-log` | every attempt in the program's own code, line for line as                 |
//! |             | `PYTHON_LLTRACE=2` prints it: projection, stop reason, optimized trace    |
//!
//! Two kinds of numbers cannot agree and are masked on both sides: version tags (type,
//! dict-keys and function versions come from process-wide counters, so CPython's depend on
//! everything that ran before the program) and `_LOAD_GLOBAL_BUILTINS`' index into the
//! builtins dict (ours holds a different set of names). Everything else, including operands
//! such as attribute indexes, frame sizes and constants' immortality, is compared exactly.
//! Failures are judged against tests/programs/known-differences.txt like the other aspects.

#[path = "programs/support.rs"]
mod support;

use serde_json::Value;
use support::{describe_end, explain, panic_line, program_path, programs, Report};

/// Uops whose operand is a version tag or a builtins index (see the module comment).
const MASKED_OPERANDS: &[&str] = &[
    "_GUARD_TYPE_VERSION",
    "_GUARD_GLOBALS_VERSION",
    "_GUARD_BUILTINS_VERSION",
    "_GUARD_KEYS_VERSION",
    "_CHECK_FUNCTION",
    "_CHECK_FUNCTION_EXACT_ARGS",
    "_CHECK_FUNCTION_VERSION",
    "_CHECK_ATTR_CLASS",
    "_CHECK_ATTR_MODULE",
    "_LOAD_GLOBAL_BUILTINS",
];

/// The reference file `tests/programs/expected/NAME.SUFFIX`, if the program has one.
fn reference(name: &str, suffix: &str) -> Option<String> {
    let path = support::repo_root()
        .join("tests/programs/expected")
        .join(format!("{name}.{suffix}"));
    std::fs::read_to_string(path).ok()
}

#[test]
fn executors_and_logs_match_cpython() {
    let mut executors = Report::new("executors");
    let mut logs = Report::new("tier2-log");
    let mut compared = 0;
    for name in programs() {
        let (Some(want_exec), Some(want_log)) = (
            reference(&name, "executors.json"),
            reference(&name, "tier2-log.txt"),
        ) else {
            continue; // added after the reference was made: only output equality applies
        };
        compared += 1;
        let path = program_path(&name);
        let out = support::run(explain(&["trace", &path, "--format", "json"]));
        // A program that ends in an uncaught exception still prints its JSON (and exits 1).
        let got: Result<Value, String> = if out.stderr.contains("panicked at") {
            Err(format!("panic: {}", panic_line(&out.stderr)))
        } else {
            serde_json::from_str(&out.stdout).map_err(|e| {
                format!(
                    "output is not JSON ({e}); {}: {}",
                    describe_end(&out),
                    out.stderr_summary()
                )
            })
        };
        match got {
            Ok(got) => {
                executors.record(&name, compare_executors(&want_exec, &got));
                logs.record(&name, compare_logs(&name, &want_log, &got));
            }
            Err(why) => {
                executors.record(&name, Err(why.clone()));
                logs.record(&name, Err(why));
            }
        }
    }
    assert!(
        compared > 80,
        "only {compared} programs have a tier-2 reference"
    );
    executors.finish();
    logs.finish();
}

/// One uop of a `uops_detail` list in a comparable form, the masked operands as `V`.
fn uop_detail(u: &Value) -> String {
    let name = u["name"].as_str().unwrap_or("?");
    let operand = if MASKED_OPERANDS.contains(&name) {
        "V".to_string()
    } else {
        u["operand"].to_string()
    };
    format!(
        "{name} (oparg {}, target {}, operand {operand})",
        u["oparg"], u["target"]
    )
}

/// Compares the `code` lists of the reference and our run.
fn compare_executors(want: &str, got: &Value) -> Result<(), String> {
    let want: Value = serde_json::from_str(want).map_err(|e| format!("reference JSON: {e}"))?;
    let empty = Vec::new();
    let codes = |v: &Value| v["code"].as_array().cloned().unwrap_or_default();
    let (w, g) = (codes(&want), codes(got));
    let describe = |list: &[Value]| -> Vec<String> {
        list.iter()
            .flat_map(|c| {
                let execs = c["executors"].as_array().unwrap_or(&empty).clone();
                let q = c["qualname"].as_str().unwrap_or("?").to_string();
                execs
                    .into_iter()
                    .map(move |e| format!("{q}@{}", e["offset"]))
            })
            .collect()
    };
    let (wd, gd) = (describe(&w), describe(&g));
    if wd != gd {
        return Err(format!(
            "executors: expected [{}], got [{}]",
            wd.join(", "),
            gd.join(", ")
        ));
    }
    for (wc, gc) in w.iter().zip(&g) {
        if wc["firstlineno"] != gc["firstlineno"] {
            return Err(format!(
                "{}: firstlineno {} vs {}",
                wc["qualname"], wc["firstlineno"], gc["firstlineno"]
            ));
        }
        let list = |c: &Value| c["executors"].as_array().cloned().unwrap_or_default();
        for (we, ge) in list(wc).iter().zip(&list(gc)) {
            let at = format!(
                "{}@{}",
                wc["qualname"].as_str().unwrap_or("?"),
                we["offset"]
            );
            if we["valid"] != ge["valid"] {
                return Err(format!("{at}: valid {} vs {}", we["valid"], ge["valid"]));
            }
            let uops = |e: &Value| -> Vec<String> {
                e["uops_detail"]
                    .as_array()
                    .unwrap_or(&empty)
                    .iter()
                    .map(uop_detail)
                    .collect()
            };
            let (wu, gu) = (uops(we), uops(ge));
            if let Some(i) = (0..wu.len().max(gu.len())).find(|&i| wu.get(i) != gu.get(i)) {
                let show = |l: &[String]| l.get(i).cloned().unwrap_or_else(|| "-".into());
                return Err(format!(
                    "{at} uop {i}: expected {}, got {} ({} vs {} uops)",
                    show(&wu),
                    show(&gu),
                    wu.len(),
                    gu.len()
                ));
            }
        }
    }
    Ok(())
}

/// Masks version tags in one log line (the operand of the masked uops, and the version of
/// `Function: version=0x...;` lines), and makes file names base names.
fn normalize_log_line(line: &str) -> String {
    let mut out = line.to_string();
    for uop in MASKED_OPERANDS {
        let key = format!("{uop} (");
        if let Some(at) = out.find(&key) {
            if let Some(op) = out[at..]
                .find("operand=")
                .map(|o| at + o + "operand=".len())
            {
                let end = out[op..].find([',', ')']).map_or(out.len(), |e| op + e);
                out.replace_range(op..end, "V");
            }
        }
    }
    if let Some(rest) = out.strip_prefix("Function: version=") {
        if let Some(semi) = rest.find(';') {
            out = format!("Function: version=V{}", &rest[semi..]);
        }
    }
    // `(/abs/path/prog.py:3)` -> `(prog.py:3)`, as the reference prints base names.
    if let Some(open) = out.find(" (/") {
        if let Some(colon) = out[open..].find(".py:").map(|c| open + c) {
            let slash = out[..colon].rfind('/').unwrap_or(open + 1);
            out.replace_range(open + 2..slash + 1, "");
        }
    }
    out
}

/// Compares the optimization attempts in the program's own code with the reference log.
fn compare_logs(name: &str, want: &str, got: &Value) -> Result<(), String> {
    let own = format!("({name}.py:");
    let mut ours = Vec::new();
    for attempt in got["attempts"].as_array().cloned().unwrap_or_default() {
        let lines: Vec<String> = attempt["projection"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|l| normalize_log_line(l.as_str().unwrap_or("")))
            .collect();
        if lines.first().is_some_and(|l| l.contains(&own)) {
            ours.extend(lines);
        }
    }
    let theirs: Vec<String> = want.lines().map(normalize_log_line).collect();
    let i = (0..ours.len().max(theirs.len())).find(|&i| ours.get(i) != theirs.get(i));
    match i {
        None => Ok(()),
        Some(i) => {
            // Name the attempt the difference is in.
            let attempt = theirs[..i.min(theirs.len())]
                .iter()
                .rev()
                .find(|l| l.starts_with("Optimizing "))
                .cloned()
                .unwrap_or_default();
            Err(format!(
                "log line {} (in `{attempt}`): expected `{}`, got `{}`",
                i + 1,
                theirs.get(i).map_or("-", |s| s.as_str()),
                ours.get(i).map_or("-", |s| s.as_str())
            ))
        }
    }
}

#[test]
fn log_lines_are_normalized() {
    assert_eq!(
        normalize_log_line(
            "  11 ADD_TO_TRACE: _GUARD_TYPE_VERSION (2, target=55, operand=0x2004e)"
        ),
        "  11 ADD_TO_TRACE: _GUARD_TYPE_VERSION (2, target=55, operand=V)"
    );
    assert_eq!(
        normalize_log_line("Function: version=0x95c0a72; new_func=(nil), new_code=(nil)"),
        "Function: version=V; new_func=(nil), new_code=(nil)"
    );
    assert_eq!(
        normalize_log_line("Optimizing f (/tmp/x/prog.py:3) at byte offset 8"),
        "Optimizing f (prog.py:3) at byte offset 8"
    );
    assert_eq!(
        normalize_log_line("   5 ADD_TO_TRACE: _LOAD_FAST (0, target=9, operand=0)"),
        "   5 ADD_TO_TRACE: _LOAD_FAST (0, target=9, operand=0)"
    );
}
