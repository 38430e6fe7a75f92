//! The compiler against CPython 3.13 itself: every snippet in `tests/cpython/snippets/` is
//! compiled by `tracer::compile` and by CPython (`scripts/cpython_code_json.py`), and every code
//! object must agree on co_code, constants, names, variables, stack size, the instruction list
//! (offset, opname, arg, argrepr, line) and the full `dis` text.
//!
//! When `python3.13` (pyenv 3.13.0) is available the reference is computed live; otherwise
//! the checked-in `tests/cpython/json/<name>.json` is used (regenerate it with the script).
//! `KNOWN_DIFFERENCES` lists snippets that still differ; the test fails if a listed snippet
//! starts to agree (so the list cannot go stale) or an unlisted one differs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

use serde_json::{json, Value};
use tracer::code::CodeObject;
use tracer::dis::{self, repr};

/// Snippets whose compilation still differs from CPython, with the reason.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cpython")
}

fn normalize(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i]);
        out.push_str(" at 0x?");
        rest = rest[i + 6..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

fn describe(code: &CodeObject, addr: &dyn Fn(&CodeObject) -> u64) -> Value {
    let instrs: Vec<Value> = dis::get_instructions(code, None, false, addr)
        .iter()
        .map(|i| {
            json!({"offset": i.offset, "opname": i.opname, "arg": i.arg,
                   "argrepr": normalize(&i.argrepr), "line": i.line})
        })
        .collect();
    let hex: String = code
        .co_code_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let strs = |v: Vec<Rc<str>>| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    json!({
        "qualname": &*code.qualname,
        "firstlineno": code.firstlineno,
        "co_code": hex,
        "consts": code.consts.iter().map(|c| normalize(&repr::const_repr(c, addr))).collect::<Vec<_>>(),
        "names": strs(code.names.clone()),
        "varnames": strs(code.varnames()),
        "cellvars": strs(code.cellvars()),
        "freevars": strs(code.freevars()),
        "stacksize": code.stacksize,
        "flags": code.flags,
        "positions": code.positions.iter().map(|p| json!([p.line, p.end_line, p.col, p.end_col])).collect::<Vec<_>>(),
        "instructions": instrs,
    })
}

/// What our compiler produces for a snippet, in the script's JSON shape.
fn ours(source: &str, name: &str) -> Result<Value, String> {
    let module = tracer::compile::compile_for_listing(source, name).map_err(|e| e.to_string())?;
    let addresses = dis::Addresses::new(&module);
    let addr = |c: &CodeObject| addresses.of(c);
    let codes: Vec<Value> = module.walk().iter().map(|c| describe(c, &addr)).collect();
    let text = dis::dis(&module, None, dis::DisOptions::default());
    let caches = dis::dis(&module, None, dis::DisOptions { show_caches: true });
    Ok(json!({"code": codes, "dis": normalize(&text), "dis_caches": normalize(&caches)}))
}

fn python() -> Option<Command> {
    let ok = Command::new("python3.13")
        .env("PYENV_VERSION", "3.13.0")
        .arg("-c")
        .arg("import sys; assert sys.version_info[:2] == (3, 13)")
        .status()
        .ok()?
        .success();
    ok.then(|| {
        let mut c = Command::new("python3.13");
        // A fixed seed: frozensets of strings are listed in hash order.
        c.env("PYENV_VERSION", "3.13.0").env("PYTHONHASHSEED", "0");
        c
    })
}

fn reference(path: &Path, name: &str) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/cpython_code_json.py");
    if let Some(mut py) = python() {
        let out = py
            .arg(&script)
            .arg(path)
            .arg(name)
            .output()
            .expect("run python3.13");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return serde_json::from_slice(&out.stdout).expect("script prints JSON");
    }
    let stem = name.strip_suffix(".py").unwrap_or(name);
    let json = root().join("json").join(format!("{stem}.json"));
    let text = std::fs::read_to_string(&json).unwrap_or_else(|e| panic!("{}: {e}", json.display()));
    serde_json::from_str(&text).expect("checked-in JSON parses")
}

/// The first difference between our output and CPython's, if any.
fn first_difference(ours: &Value, cpython: &Value) -> Option<String> {
    let (a, b) = (ours["code"].as_array()?, cpython["code"].as_array()?);
    if a.len() != b.len() {
        return Some(format!("{} code objects, CPython has {}", a.len(), b.len()));
    }
    for (x, y) in a.iter().zip(b) {
        let q = &y["qualname"];
        for field in [
            "qualname",
            "firstlineno",
            "consts",
            "names",
            "varnames",
            "cellvars",
            "freevars",
            "stacksize",
        ] {
            if x[field] != y[field] {
                return Some(format!(
                    "{q}: {field}: ours {} cpython {}",
                    x[field], y[field]
                ));
            }
        }
        let (xi, yi) = (x["instructions"].as_array()?, y["instructions"].as_array()?);
        for (k, (i, j)) in xi.iter().zip(yi).enumerate() {
            if i != j {
                return Some(format!("{q}: instruction {k}: ours {i} cpython {j}"));
            }
        }
        if xi.len() != yi.len() {
            return Some(format!(
                "{q}: {} instructions, CPython has {}",
                xi.len(),
                yi.len()
            ));
        }
        if x["co_code"] != y["co_code"] {
            return Some(format!("{q}: co_code differs"));
        }
        let (xp, yp) = (x["positions"].as_array()?, y["positions"].as_array()?);
        for (k, (i, j)) in xp.iter().zip(yp).enumerate() {
            if i != j {
                return Some(format!(
                    "{q}: position of code unit {k}: ours {i} cpython {j}"
                ));
            }
        }
    }
    for field in ["dis", "dis_caches"] {
        if ours[field] != cpython[field] {
            let (o, c) = (ours[field].as_str()?, cpython[field].as_str()?);
            for (k, (l1, l2)) in o.lines().zip(c.lines()).enumerate() {
                if l1 != l2 {
                    return Some(format!("{field} line {k}: ours {l1:?} cpython {l2:?}"));
                }
            }
            return Some(format!("{field} text length differs"));
        }
    }
    None
}

fn snippets() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("snippets"))
        .expect("snippets dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().to_string(), p))
        .collect();
    out.sort();
    out
}

fn check(name: &str, path: &Path) -> Option<String> {
    let source = std::fs::read_to_string(path).expect("read snippet");
    let file = format!("{name}.py");
    let cpython = reference(path, &file);
    match ours(&source, &file) {
        Err(e) => Some(format!("compile error: {e}")),
        Ok(v) => {
            let diff = first_difference(&v, &cpython);
            if diff.is_some() && std::env::var("SNIPPET").is_ok() {
                let show = |v: &Value| v["dis"].as_str().unwrap_or("").to_string();
                eprintln!(
                    "--- ours ---\n{}\n--- cpython ---\n{}",
                    show(&v),
                    show(&cpython)
                );
            }
            diff
        }
    }
}

#[test]
fn snippets_compile_exactly_like_cpython() {
    let only = std::env::var("SNIPPET").ok();
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let mut count = 0;
    for (name, path) in snippets() {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        count += 1;
        let known = KNOWN_DIFFERENCES.iter().any(|(n, _)| *n == name);
        match (check(&name, &path), known) {
            (Some(diff), false) => unexpected.push(format!("{name}: {diff}")),
            (None, true) => fixed.push(name),
            _ => {}
        }
    }
    assert!(count > 0, "no snippets found");
    assert!(
        unexpected.is_empty(),
        "differences from CPython:\n{}",
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now equal to CPython, remove from KNOWN_DIFFERENCES: {fixed:?}"
    );
}

/// Regenerates the checked-in JSON (run with `REGENERATE_CPYTHON_JSON=1` and python3.13).
#[test]
fn checked_in_json_is_current() {
    let Some(_) = python() else { return };
    let dir = root().join("json");
    std::fs::create_dir_all(&dir).expect("json dir");
    for (name, path) in snippets() {
        let live = reference(&path, &format!("{name}.py"));
        let file = dir.join(format!("{name}.json"));
        let text = serde_json::to_string(&live).expect("serialize") + "\n";
        if std::env::var("REGENERATE_CPYTHON_JSON").is_ok() {
            std::fs::write(&file, &text).expect("write json");
            continue;
        }
        let stored = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            stored == text,
            "{} is stale: rerun with REGENERATE_CPYTHON_JSON=1",
            file.display()
        );
    }
}

/// The whole program corpus (`tests/programs/*.py`, written for the VM) compiles exactly as
/// CPython compiles it. Without python3.13 only "compiles without error" is checked.
#[test]
fn program_corpus_compiles_like_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    paths.sort();
    let live = python().is_some();
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(path).expect("read program");
        let result = match ours(&source, &name) {
            Err(e) => Some(format!("compile error: {e}")),
            Ok(v) if live => first_difference(&v, &reference(path, &name)),
            Ok(_) => None,
        };
        if let Some(diff) = result {
            failures.push(format!("{name}: {diff}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
