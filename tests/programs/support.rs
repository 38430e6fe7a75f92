//! Shared machinery of the corpus harnesses (tests/programs.rs and tests/errors.rs): running the
//! `explain` binary and CPython 3.13 with a timeout, and the known-differences ledger.
//!
//! The VM is built while these tests are written, so a failing comparison is expected for some
//! (program, aspect) pairs. The ledger tests/programs/known-differences.txt lists them, one per
//! line as `NAME aspect  # reason`, and is checked both ways: an unlisted failure fails the test,
//! and a listed pair that now passes fails it too ("fixed! remove it"), so the list cannot go stale.
//! Every failure of one test function is collected and reported at once.

#![allow(dead_code)] // Each test crate that includes this file uses a different part of it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long one child process may run before it is killed and reported as a failure. The
/// harness runs the debug build of `explain`, so this is generous; a hang must not hang CI.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The repository root (the root package's manifest directory).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a finished (or killed) child process left behind.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// The exit code; `None` when the process was killed by a signal or by the timeout.
    pub code: Option<i32>,
    pub timed_out: bool,
}

impl Output {
    /// The last non-empty line of stderr (`Type: message` for an uncaught exception), or "".
    pub fn stderr_last_line(&self) -> &str {
        last_line(&self.stderr)
    }

    /// The most telling stderr line for a failure message: the first `error: ...` line (a CLI
    /// or usage error, e.g. a subcommand that does not exist yet), else the last line.
    pub fn stderr_summary(&self) -> &str {
        self.stderr
            .lines()
            .find(|l| l.starts_with("error:"))
            .unwrap_or_else(|| self.stderr_last_line())
    }
}

/// Where a Rust panic happened and its message, from a child's stderr.
pub fn panic_line(stderr: &str) -> String {
    let mut lines = stderr.lines().skip_while(|l| !l.contains("panicked at"));
    let place = lines
        .next()
        .unwrap_or("")
        .split("panicked at")
        .nth(1)
        .unwrap_or("")
        .trim();
    format!("{place} {}", lines.next().unwrap_or("").trim())
}

/// The last non-empty line of `text`, without its newline.
pub fn last_line(text: &str) -> &str {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

/// Runs `cmd` (stdin closed) from the repository root, killing it after [`TIMEOUT`].
/// Pipes are drained on helper threads so a chatty child cannot block on a full pipe.
pub fn run(cmd: Command) -> Output {
    run_with(cmd, TIMEOUT, usize::MAX)
}

/// [`run`] with its own timeout, keeping at most `cap` bytes of each stream (the rest is read
/// and dropped, so a program printing without end cannot fill the harness's memory).
pub fn run_with(mut cmd: Command, timeout: Duration, cap: usize) -> Output {
    cmd.current_dir(repo_root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) => {
            return Output {
                stdout: String::new(),
                stderr: format!("could not start {cmd:?}: {e}"),
                code: None,
                timed_out: false,
            }
        }
    };
    let drain = move |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let mut chunk = [0u8; 8192];
                while let Ok(n) = pipe.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    let room = cap.saturating_sub(bytes.len()).min(n);
                    bytes.extend_from_slice(&chunk[..room]);
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let (code, timed_out) = loop {
        match child.try_wait() {
            Ok(Some(status)) => break (status.code(), false),
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break (None, true);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(_) => break (None, false),
        }
    };
    Output {
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        code,
        timed_out,
    }
}

/// A command running the `explain` binary built for these tests.
pub fn explain(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_explain"));
    cmd.args(args).env("NO_COLOR", "1");
    cmd
}

/// A command running CPython 3.13 with str hashing fixed, if python3.13 is installed.
pub fn python313(args: &[&str]) -> Option<Command> {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    let make = || {
        let mut cmd = Command::new("python3.13");
        cmd.env("PYENV_VERSION", "3.13.0")
            .env("PYTHONHASHSEED", "0");
        cmd
    };
    let available = *AVAILABLE.get_or_init(|| {
        let mut probe = make();
        probe.arg("--version");
        let out = run(probe);
        out.code == Some(0) && out.stdout.starts_with("Python 3.13")
    });
    available.then(|| {
        let mut cmd = make();
        cmd.args(args);
        cmd
    })
}

/// A short description of how a process ended, for failure messages.
pub fn describe_end(out: &Output) -> String {
    if out.timed_out {
        format!("killed after {}s (timeout)", TIMEOUT.as_secs())
    } else {
        match out.code {
            Some(code) => format!("exit {code}"),
            None => "killed by a signal".to_string(),
        }
    }
}

/// The first line where two texts differ, as a short two-line diff (or None when equal).
pub fn text_diff(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let (exp, act): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let n = exp.len().max(act.len());
    for i in 0..n {
        let (e, a) = (exp.get(i), act.get(i));
        if e != a {
            let show = |l: Option<&&str>| l.map_or("<missing>".to_string(), |l| format!("{l:?}"));
            return Some(format!(
                "line {}: expected {}, got {} ({} vs {} lines)",
                i + 1,
                show(e),
                show(a),
                exp.len(),
                act.len()
            ));
        }
    }
    Some("same lines, different line endings or trailing newline".to_string())
}

/// The known-differences ledger: (NAME, aspect) -> reason.
pub struct KnownDifferences {
    pub entries: BTreeMap<(String, String), String>,
}

/// Where the ledger lives, relative to the repository root.
pub const KNOWN_DIFFERENCES: &str = "tests/programs/known-differences.txt";

impl KnownDifferences {
    /// Reads the ledger; blank lines and lines starting with `#` are comments.
    pub fn load() -> Self {
        let path = repo_root().join(KNOWN_DIFFERENCES);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Self {
        let mut entries = BTreeMap::new();
        for line in text.lines() {
            let (body, reason) = line.split_once('#').unwrap_or((line, ""));
            let mut words = body.split_whitespace();
            if let (Some(name), Some(aspect)) = (words.next(), words.next()) {
                entries.insert(
                    (name.to_string(), aspect.to_string()),
                    reason.trim().to_string(),
                );
            }
        }
        Self { entries }
    }

    pub fn contains(&self, name: &str, aspect: &str) -> bool {
        self.entries
            .contains_key(&(name.to_string(), aspect.to_string()))
    }
}

/// Collects the outcome of one aspect over many cases, then judges it against the ledger.
pub struct Report {
    aspect: &'static str,
    known: KnownDifferences,
    passed: Vec<String>,
    failed: Vec<(String, String)>,
}

impl Report {
    pub fn new(aspect: &'static str) -> Self {
        Self {
            aspect,
            known: KnownDifferences::load(),
            passed: Vec::new(),
            failed: Vec::new(),
        }
    }

    /// Records one case: `Ok(())` when it matched, `Err(short diff)` when it did not.
    pub fn record(&mut self, name: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.passed.push(name.to_string()),
            Err(why) => self.failed.push((name.to_string(), why)),
        }
    }

    /// Panics with every unexpected failure and every stale ledger entry, all at once.
    pub fn finish(self) {
        let mut problems = String::new();
        for (name, why) in &self.failed {
            if !self.known.contains(name, self.aspect) {
                let _ = writeln!(problems, "FAIL {name} {}: {why}", self.aspect);
            }
        }
        for name in &self.passed {
            if self.known.contains(name, self.aspect) {
                let _ = writeln!(
                    problems,
                    "FIXED {name} {}: it passes now; fixed! remove it from {KNOWN_DIFFERENCES}",
                    self.aspect
                );
            }
        }
        let total = self.passed.len() + self.failed.len();
        let listed = self
            .failed
            .iter()
            .filter(|(n, _)| self.known.contains(n, self.aspect));
        eprintln!(
            "aspect {}: {} of {total} pass, {} fail ({} of them listed as known differences)",
            self.aspect,
            self.passed.len(),
            self.failed.len(),
            listed.count()
        );
        assert!(
            problems.is_empty(),
            "aspect {}: {} of {total} pass; these disagree with {KNOWN_DIFFERENCES}:\n{problems}",
            self.aspect,
            self.passed.len()
        );
    }
}

/// Every program of the corpus: the NAMEs of tests/programs/NAME.py, sorted.
pub fn programs() -> Vec<String> {
    let dir = repo_root().join("tests/programs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "py").then(|| path.file_stem()?.to_str().map(str::to_string))?
        })
        .collect();
    names.sort();
    names
}

/// The path of a corpus program as given to `explain` and python3.13 (relative to the root).
pub fn program_path(name: &str) -> String {
    format!("tests/programs/{name}.py")
}

/// The checked-in expectation `tests/programs/expected/NAME.SUFFIX`.
pub fn expected(name: &str, suffix: &str) -> Result<String, String> {
    let path: PathBuf = Path::new("tests/programs/expected").join(format!("{name}.{suffix}"));
    std::fs::read_to_string(repo_root().join(&path)).map_err(|e| {
        format!(
            "missing {} ({e}); run PYENV_VERSION=3.13.0 python3.13 scripts/regen-programs.py",
            path.display()
        )
    })
}
