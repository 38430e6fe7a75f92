//! Every program of the shared corpus (`tests/programs/*.py` at the workspace root) run on
//! the VM in-process, specialized and not, against CPython's recorded stdout and error line.
//! The root harness (`tests/programs.rs`) checks the same through the `explain` binary with a
//! known-differences ledger; this test reports per-program status for the runtime's own work
//! and fails only for programs listed in `PASSING` (those must keep passing).

use std::path::Path;

use tracer::vm::{run_source, with_big_stack, VmOptions};

/// Runs one program; `Err(description)` on any difference from CPython's recorded output.
fn check_program(path: &Path, specialize: bool) -> Result<(), String> {
    let dir = path.parent().expect("programs dir");
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("name")
        .to_string();
    let expected = std::fs::read_to_string(dir.join("expected").join(format!("{name}.stdout")))
        .map_err(|e| e.to_string())?;
    let expected_err = std::fs::read_to_string(dir.join("expected").join(format!("{name}.stderr")))
        .unwrap_or_default();
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let file = path.display().to_string();
    let out = with_big_stack(move || {
        run_source(
            &source,
            &file,
            VmOptions {
                specialize,
                ..VmOptions::default()
            },
        )
    })
    .map_err(|e| format!("compile error: {e}"))?;
    if out.stdout != expected {
        let line = out
            .stdout
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b);
        let at = line.unwrap_or_else(|| out.stdout.lines().count().min(expected.lines().count()));
        return Err(format!(
            "stdout differs at line {}: got {:?}, expected {:?} (error: {:?})",
            at + 1,
            out.stdout.lines().nth(at),
            expected.lines().nth(at),
            out.error.as_deref().and_then(|e| e.lines().last())
        ));
    }
    let got_err = out
        .error
        .as_deref()
        .and_then(|e| e.lines().last())
        .unwrap_or("")
        .trim()
        .to_string();
    if got_err != expected_err.trim() {
        return Err(format!(
            "error line: got {got_err:?}, expected {:?}",
            expected_err.trim()
        ));
    }
    Ok(())
}

#[test]
fn corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    for p in &paths {
        for specialize in [true, false] {
            if let Err(e) = check_program(p, specialize) {
                failures.push(format!("{} (specialize={specialize}): {e}", p.display()));
            }
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    eprintln!("{} of {} runs differ", failures.len(), paths.len() * 2);
    assert!(
        failures.is_empty(),
        "{} program runs differ from CPython",
        failures.len()
    );
}
