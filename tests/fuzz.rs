//! Mutation fuzzing of the whole pipeline against CPython 3.13.
//!
//! Mutants (tests/fuzz/mutate.rs) of the corpus programs (tests/programs/*.py) and, when
//! python3.13 is installed, of top-level functions and classes cut from its standard library,
//! are run with `explain run` and, when python3.13 is installed, with CPython. Each mutant must
//!
//! - never panic, die from a signal or hang (a run slower than CPython's by far is a hang);
//!   running out of memory is the one exception: where CPython raises MemoryError, Rust's
//!   allocator aborts the process ("memory allocation of N bytes failed"), which counts as the
//!   run failing, as CPython's does;
//! - compile exactly when CPython compiles it, and run to success exactly when CPython's run
//!   succeeds, unless the VM refuses it in so many words ("not supported yet: ...").
//!
//! The run is seeded and bounded in time: `PYINTERNALS_FUZZ_SECONDS` (default 4: the short run
//! `cargo test` makes) and `PYINTERNALS_FUZZ_SEED` (default 13). Mutant `i` of a seed is the
//! same on every machine, so a finding can be replayed alone with `PYINTERNALS_FUZZ_CASE=i`;
//! findings are also written to target/fuzz-findings/. `just fuzz` runs it for 15 minutes on a
//! release build.

#[path = "fuzz/mutate.rs"]
mod mutate;
#[path = "programs/support.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use mutate::{mutant, Rng};
use support::repo_root;

/// How a run ended, as far as the comparison cares.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Refused at compile time (`SyntaxError`, `MemoryError: Parser stack overflowed`, ...).
    CompileError(String),
    Ran {
        ok: bool,
        last: String,
    },
    /// "not supported yet": the VM refused a construct; nothing to compare.
    Unsupported,
    TimedOut,
    /// A Rust panic, a signal or another crash: always a finding.
    Crashed(String),
}

const COMPILE_ERRORS: &[&str] = &[
    "SyntaxError",
    "IndentationError",
    "TabError",
    "MemoryError",
    "RecursionError",
    "ValueError: source code",
];

fn classify(out: &support::Output) -> Outcome {
    if out.timed_out {
        return Outcome::TimedOut;
    }
    if out.stderr.contains("panicked at") || out.stderr.contains("has overflowed its stack") {
        return Outcome::Crashed(support::panic_line(&out.stderr));
    }
    if out.stderr.contains("memory allocation of") {
        // Rust aborts where CPython raises MemoryError: a failure either way (see the docs).
        return Outcome::Ran {
            ok: false,
            last: "MemoryError (the allocator gave up)".into(),
        };
    }
    let Some(code) = out.code else {
        return Outcome::Crashed("killed by a signal".into());
    };
    if out.stderr.contains("not supported yet") {
        return Outcome::Unsupported;
    }
    let last = out.stderr_last_line().to_string();
    let traceback = out.stderr.contains("Traceback (most recent call last):");
    if code != 0 && !traceback && COMPILE_ERRORS.iter().any(|k| last.starts_with(k)) {
        return Outcome::CompileError(last);
    }
    Outcome::Ran {
        ok: code == 0,
        last,
    }
}

/// The python3.13 binary itself (not a pyenv shim, which costs 100 ms per start).
fn python() -> Option<PathBuf> {
    let mut probe = support::python313(&["-c", "import sys; print(sys.executable)"])?;
    probe.env("PYENV_VERSION", "3.13.0");
    let out = support::run(probe);
    let path = PathBuf::from(out.stdout.trim());
    (out.code == Some(0) && path.exists()).then_some(path)
}

/// A command run under a 2 GB address-space limit (a mutant asking for `[0] * 10**10` must
/// not take the machine down).
fn limited(program: &Path, args: &[&str]) -> Command {
    let mut cmd = if cfg!(unix) {
        let mut sh = Command::new("sh");
        sh.arg("-c")
            .arg("ulimit -v 2097152 2>/dev/null; exec \"$0\" \"$@\"")
            .arg(program);
        sh
    } else {
        Command::new(program)
    };
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("PYTHONHASHSEED", "0");
    cmd
}

/// Where the corpus comes from, for the report.
struct Source {
    name: String,
    text: String,
}

fn corpus() -> Vec<Source> {
    let dir = repo_root().join("tests/programs");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("list tests/programs")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|p| {
            Some(Source {
                name: p.file_stem()?.to_str()?.to_string(),
                text: std::fs::read_to_string(&p).ok()?,
            })
        })
        .collect()
}

/// Top-level `def`/`class` blocks (with their decorators) of the standard library's own
/// modules, up to 120 lines each.
fn stdlib(python: &Path) -> Vec<Source> {
    let out = support::run({
        let mut c = Command::new(python);
        c.args([
            "-I",
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ]);
        c
    });
    let dir = PathBuf::from(out.stdout.trim());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let top =
                |l: &str| l.starts_with("def ") || l.starts_with("class ") || l.starts_with('@');
            if !top(lines[i]) {
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            while i < lines.len()
                && (lines[i].is_empty() || lines[i].starts_with([' ', '\t', '#', ')']))
            {
                i += 1;
            }
            if i - start <= 120 {
                out.push(Source {
                    name: format!("stdlib/{stem}:{}", start + 1),
                    text: lines[start..i].join("\n") + "\n",
                });
            }
        }
    }
    out
}

struct Settings {
    seconds: f64,
    seed: u64,
    case: Option<usize>,
    /// At most this many mutants (`PYINTERNALS_FUZZ_MAX`): CI replays a prefix of one seed
    /// known to be clean, so a faster machine does not reach new mutants and fail at random.
    max: usize,
}

fn settings() -> Settings {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    Settings {
        seconds: var("PYINTERNALS_FUZZ_SECONDS")
            .and_then(|s| s.parse().ok())
            .unwrap_or(4.0),
        seed: var("PYINTERNALS_FUZZ_SEED")
            .and_then(|s| s.parse().ok())
            .unwrap_or(13),
        case: var("PYINTERNALS_FUZZ_CASE").and_then(|s| s.parse().ok()),
        max: var("PYINTERNALS_FUZZ_MAX")
            .and_then(|s| s.parse().ok())
            .unwrap_or(usize::MAX),
    }
}

/// What one mutant did on both sides, and whether that is a finding.
fn judge(ours: &Outcome, theirs: Option<&Outcome>) -> Option<String> {
    if let Outcome::Crashed(why) = ours {
        return Some(format!("crash: {why}"));
    }
    let Some(theirs) = theirs else {
        // Without CPython only crashes count; a hang counts unless it is an endless loop,
        // which only CPython could tell apart: the VM gets a generous timeout instead.
        return matches!(ours, Outcome::TimedOut).then(|| "hang".to_string());
    };
    match (ours, theirs) {
        (Outcome::Unsupported, _) | (_, Outcome::TimedOut | Outcome::Unsupported) => None,
        (Outcome::TimedOut, _) => Some(format!("hang where CPython finished: {theirs:?}")),
        (Outcome::CompileError(_), Outcome::CompileError(_)) => None,
        (Outcome::CompileError(e), _) => {
            Some(format!("we refuse to compile ({e}); CPython compiles"))
        }
        (_, Outcome::CompileError(e)) => Some(format!("we compile; CPython refuses ({e})")),
        (Outcome::Ran { ok: a, last: la }, Outcome::Ran { ok: b, last: lb }) if a != b => {
            Some(format!(
                "run: ours {} ({la}), CPython {} ({lb})",
                ok_word(*a),
                ok_word(*b)
            ))
        }
        _ => None,
    }
}

fn ok_word(ok: bool) -> &'static str {
    if ok {
        "succeeds"
    } else {
        "fails"
    }
}

#[test]
fn mutants_behave_as_cpython() {
    let s = settings();
    let python = python();
    let mut sources = corpus();
    let programs = sources.len();
    if let Some(p) = &python {
        sources.extend(stdlib(p));
    } else {
        eprintln!("python3.13 not available: checking for crashes and hangs only");
    }
    let lines: Vec<String> = sources
        .iter()
        .flat_map(|s| s.text.lines().map(str::to_string))
        .filter(|l| !l.trim().is_empty())
        .collect();
    let others: Vec<&str> = lines.iter().map(String::as_str).collect();
    let scratch = repo_root().join("target/fuzz-scratch");
    let findings_dir = repo_root().join("target/fuzz-findings");
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let explain_bin = PathBuf::from(env!("CARGO_BIN_EXE_explain"));
    let start = Instant::now();
    let mut findings: Vec<String> = Vec::new();
    let mut kept = 0;
    let (mut run, mut compared, mut unsupported, mut compile_failures) =
        (0usize, 0usize, 0usize, 0usize);
    let cases: Box<dyn Iterator<Item = usize>> = match s.case {
        Some(i) => Box::new(std::iter::once(i)),
        None => Box::new(0..),
    };
    for i in cases {
        if s.case.is_none() && (start.elapsed().as_secs_f64() > s.seconds || i >= s.max) {
            break;
        }
        let mut rng = Rng::new(s.seed.wrapping_mul(0x1000_0000_01B3) ^ i as u64);
        // Half the mutants come from the corpus, which runs; half from the standard library.
        let pick = if rng.below(2) == 0 || sources.len() == programs {
            rng.below(programs)
        } else {
            programs + rng.below(sources.len() - programs)
        };
        let source = &sources[pick];
        let text = mutant(&mut rng, &source.text, &others);
        let file = scratch.join(format!("case_{}_{i}.py", s.seed));
        std::fs::write(&file, &text).expect("write mutant");
        let path = file.to_str().expect("utf-8 path");
        let cpython_started = Instant::now();
        let theirs = python.as_ref().map(|p| {
            let out = support::run_with(
                limited(p, &["-I", "-S", path]),
                Duration::from_secs(5),
                1 << 16,
            );
            classify(&out)
        });
        // The VM (a debug build under `cargo test`) may be much slower than CPython: a run
        // gets 30 s, or 150 times what CPython took when that is more (a mutant that loops a
        // million times is slow, not hung). Where CPython itself did not finish (an endless
        // loop), a short look for crashes is enough.
        let cpython_time = cpython_started.elapsed();
        let budget = match theirs {
            Some(Outcome::TimedOut) => Duration::from_secs(3),
            _ => Duration::from_secs(30).max(cpython_time * 150),
        };
        let ours_of = |args: &[&str]| {
            classify(&support::run_with(
                limited(&explain_bin, args),
                budget,
                1 << 16,
            ))
        };
        let ours = ours_of(&["run", path]);
        // `dis` compiles for a listing (complex numbers and several bases allowed), and
        // `specialize` runs the instrumented copy of the eval loop: both must hold up too.
        let listing = ours_of(&["dis", path]);
        let story = (rng.below(4) == 0).then(|| ours_of(&["specialize", path]));
        for (what, other) in [("dis", Some(&listing)), ("specialize", story.as_ref())] {
            let Some(other) = other else { continue };
            let why = match (other, &theirs) {
                (Outcome::Crashed(why), _) => Some(format!("crash: {why}")),
                (Outcome::TimedOut, Some(Outcome::Ran { .. } | Outcome::CompileError(_))) => {
                    Some("hang where CPython finished".to_string())
                }
                (Outcome::CompileError(e), Some(Outcome::Ran { .. })) if what == "dis" => {
                    Some(format!("we refuse to compile ({e}); CPython compiles"))
                }
                (Outcome::Ran { .. }, Some(Outcome::CompileError(e))) if what == "dis" => {
                    Some(format!("we compile; CPython refuses ({e})"))
                }
                _ => None,
            };
            if let Some(why) = why {
                findings.push(format!(
                    "case {i} (mutant of {}), explain {what}: {why}",
                    source.name
                ));
            }
        }
        run += 1;
        match (&ours, &theirs) {
            (Outcome::Unsupported, _) => unsupported += 1,
            (_, Some(_)) => compared += 1,
            _ => {}
        }
        if matches!(theirs, Some(Outcome::CompileError(_))) {
            compile_failures += 1;
        }
        if let Some(why) = judge(&ours, theirs.as_ref()) {
            findings.push(format!(
                "case {i} (mutant of {}), explain run: {why}",
                source.name
            ));
        }
        if findings.len() > kept {
            std::fs::create_dir_all(&findings_dir).expect("findings dir");
            let keep = findings_dir.join(format!("seed{}_case{i}.py", s.seed));
            let _ = std::fs::write(&keep, &text);
            kept = findings.len();
        }
        let _ = std::fs::remove_file(&file);
    }
    eprintln!(
        "fuzz seed {}: {run} mutants in {:.1}s ({compared} compared with CPython, {unsupported} \
         refused as not supported, {compile_failures} refused by CPython's compiler), {} findings",
        s.seed,
        start.elapsed().as_secs_f64(),
        findings.len()
    );
    assert!(
        findings.is_empty(),
        "{} findings (mutants kept in target/fuzz-findings/; replay one with \
         PYINTERNALS_FUZZ_SEED={} PYINTERNALS_FUZZ_CASE=N):\n{}",
        findings.len(),
        s.seed,
        findings.join("\n")
    );
}
