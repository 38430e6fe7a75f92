//! CPython's compile limits, chain by chain: for every shape of tests/programs/limits/shapes.txt
//! (`~~~..1`, `lambda: lambda: ..`, 200 brackets, 100 indentation levels, `a + a + ..`, ...),
//! `explain run` must accept the largest N python3.13 compiles and refuse N + 1 with the error
//! python3.13 prints (`MemoryError: Parser stack overflowed - ...`, `RecursionError: maximum
//! recursion depth exceeded during compilation`, `SyntaxError: too many nested parentheses`, ...).
//!
//! The thresholds come from tests/programs/limits/expected.txt, written by
//! `scripts/compile-limits.py`; with python3.13 installed the test also checks that CPython still
//! draws the line there. The time each refusal takes is checked too: hostile input must not make
//! the front end slow (CPython answers in well under a second).

#[path = "programs/support.rs"]
mod support;

use std::time::{Duration, Instant};

use support::{explain, python313, repo_root, Report};

struct Shape {
    name: String,
    parts: [String; 5],
}

impl Shape {
    fn source(&self, n: usize) -> String {
        let spaces = |text: &str, i: usize| text.replace("{i}", &" ".repeat(i));
        let [prefix, unit, core, closer, suffix] = &self.parts;
        let mut s = prefix.clone();
        for i in 0..n {
            s.push_str(&spaces(unit, i));
        }
        s.push_str(&spaces(core, n));
        for i in (0..n).rev() {
            s.push_str(&spaces(closer, i));
        }
        s.push_str(suffix);
        s
    }
}

fn shapes() -> Vec<Shape> {
    let path = repo_root().join("tests/programs/limits/shapes.txt");
    let text = std::fs::read_to_string(&path).expect("read shapes.txt");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let fields: Vec<String> = l
                .split('\t')
                .map(|f| f.replace("\\n", "\n").replace("\\t", "\t"))
                .collect();
            assert_eq!(fields.len(), 6, "malformed shape line {l:?}");
            Shape {
                name: fields[0].clone(),
                parts: [
                    fields[1].clone(),
                    fields[2].clone(),
                    fields[3].clone(),
                    fields[4].clone(),
                    fields[5].clone(),
                ],
            }
        })
        .collect()
}

/// `name -> (largest N CPython compiles, its error for N + 1)`.
fn expected() -> Vec<(String, usize, String)> {
    let path = repo_root().join("tests/programs/limits/expected.txt");
    let text =
        std::fs::read_to_string(&path).expect("read expected.txt (run scripts/compile-limits.py)");
    text.lines()
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            let name = f.next().unwrap_or_default().to_string();
            let n = f.next().and_then(|n| n.parse().ok()).expect("a count");
            (name, n, f.next().unwrap_or_default().to_string())
        })
        .collect()
}

/// A scratch file holding `source`, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str, source: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("pyinternals-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let path = dir.join(format!("{name}.py"));
        std::fs::write(&path, source).expect("write scratch file");
        Scratch(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The compile error `explain run` (or python3.13) reports for a file, if any: the last stderr
/// line when it is one of the compile-time errors and no traceback came before it.
fn compile_error(out: &support::Output) -> Option<String> {
    let last = out.stderr_last_line();
    let compile_time = [
        "SyntaxError",
        "IndentationError",
        "MemoryError",
        "RecursionError",
    ];
    (!out.stderr.contains("Traceback (most recent call last):")
        && compile_time.iter().any(|k| last.starts_with(k)))
    .then(|| last.to_string())
}

/// The front end of a debug build must refuse or accept any of these in this time (CPython
/// needs about 0.1 s; ours takes a fraction of a second in a release build).
const BUDGET: Duration = Duration::from_secs(10);

fn check(shape: &Shape, max_ok: usize, error: &str) -> Result<(), String> {
    for (n, want) in [(max_ok, None), (max_ok + 1, Some(error))] {
        let file = Scratch::new(&format!("{}_{n}", shape.name), &shape.source(n));
        let start = Instant::now();
        let out = support::run(explain(&["run", file.path()]));
        let took = start.elapsed();
        if out.stderr.contains("panicked at") || out.timed_out {
            return Err(format!("N = {n}: {}", support::describe_end(&out)));
        }
        let got = compile_error(&out);
        if got.as_deref() != want {
            return Err(format!("N = {n}: expected {want:?}, got {got:?}"));
        }
        if took > BUDGET {
            return Err(format!("N = {n}: took {took:?}"));
        }
    }
    Ok(())
}

#[test]
fn limits_match_cpython() {
    let shapes = shapes();
    let expected = expected();
    let names: Vec<&str> = shapes.iter().map(|s| s.name.as_str()).collect();
    let listed: Vec<&str> = expected.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        names, listed,
        "expected.txt is stale: rerun scripts/compile-limits.py"
    );
    let mut report = Report::new("limits");
    for (shape, (_, max_ok, error)) in shapes.iter().zip(&expected) {
        report.record(&shape.name, check(shape, *max_ok, error));
    }
    report.finish();
}

/// With python3.13 installed, the checked-in thresholds must still be CPython's.
#[test]
fn expected_thresholds_are_cpythons() {
    let mut stale = Vec::new();
    for (shape, (name, max_ok, error)) in shapes().iter().zip(expected()) {
        for (n, want) in [(max_ok, None), (max_ok + 1, Some(error.as_str()))] {
            let file = Scratch::new(&format!("cpython_{name}_{n}"), &shape.source(n));
            let Some(cmd) = python313(&[file.path()]) else {
                eprintln!("python3.13 not available: nothing to compare the checked-in file with");
                return;
            };
            let got = compile_error(&support::run(cmd));
            if got.as_deref() != want {
                stale.push(format!("{name} N = {n}: CPython says {got:?}"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale tests/programs/limits/expected.txt (rerun scripts/compile-limits.py): {stale:?}"
    );
}
