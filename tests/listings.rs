//! Listings of constructs the VM compiles but does not run yet (async comprehensions,
//! `try/except*`, type parameters and aliases, ...): `explain dis FILE` must print exactly what
//! `python3.13 -m dis FILE` prints, for every file under tests/programs/listings/.
//!
//! These files never run (a listing does not), so they may use what `explain run` refuses.
//! CPython's listing comes from a live python3.13 when installed, else from the checked-in
//! tests/programs/listings/expected/NAME.dis (written by `scripts/regen-programs.py
//! --listings`). Code object addresses and the file's directory are the only things
//! normalized.

#[path = "programs/support.rs"]
mod support;

use support::{explain, python313, repo_root, text_diff};

/// `at 0x7f...` becomes `at 0x?` and the listing's path its file name.
fn normalize(listing: &str, path: &str) -> String {
    let name = std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    let mut out = String::with_capacity(listing.len());
    for line in listing.lines() {
        let line = line.replace(path, name);
        let mut rest = line.as_str();
        while let Some(at) = rest.find(" at 0x") {
            out.push_str(&rest[..at]);
            out.push_str(" at 0x?");
            let tail = &rest[at + 6..];
            rest = tail.trim_start_matches(|c: char| c.is_ascii_hexdigit());
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

fn listing_files() -> Vec<String> {
    let dir = repo_root().join("tests/programs/listings");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "py" {
                return None;
            }
            p.file_stem()?.to_str().map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

/// CPython's listing of `path`: live, else the checked-in one.
fn cpython_listing(name: &str, path: &str) -> String {
    if let Some(cmd) = python313(&["-m", "dis", path]) {
        let out = support::run(cmd);
        assert_eq!(
            out.code,
            Some(0),
            "python3.13 -m dis {path}: {}",
            out.stderr
        );
        return normalize(&out.stdout, path);
    }
    let expected = repo_root().join(format!("tests/programs/listings/expected/{name}.dis"));
    std::fs::read_to_string(&expected)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", expected.display()))
}

#[test]
fn listings_match_cpython() {
    let names = listing_files();
    assert!(!names.is_empty(), "no listing files");
    let mut failures = Vec::new();
    for name in &names {
        let path = repo_root()
            .join(format!("tests/programs/listings/{name}.py"))
            .display()
            .to_string();
        let theirs = cpython_listing(name, &path);
        let out = support::run(explain(&["dis", &path]));
        if out.code != Some(0) {
            failures.push(format!(
                "{name}: explain dis failed: {}",
                out.stderr_summary()
            ));
            continue;
        }
        if let Some(diff) = text_diff(&theirs, &normalize(&out.stdout, &path)) {
            failures.push(format!("{name}: {diff}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
