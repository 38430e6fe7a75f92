//! The story of `explain specialize` and its pystats table tell the same numbers.
//!
//! Every counter of the table is recounted from the story's lines, family by family:
//! `success` from "specialize -> FORM", `failure` from "specialize failed", `hit` from
//! "N hits of FORM" plus one per "then runs it (1 hit)" (the run that specialized runs the new
//! form, which pystats counts as a hit), `deopt` from "deopt FORM (Nx)", and `deferred` from the
//! runs whose sentence includes "generic run" (plain generic runs, and the generic run that
//! follows a deopt or a failed attempt). With `--function` the table covers that function only;
//! without it, the whole program, where it must equal `explain run --stats`.

#[path = "support/cli.rs"]
mod support;

use std::collections::BTreeMap;

use support::{explain, stdout_of};

/// success, failure, hit, deopt, deferred.
type Counts = [u64; 5];

/// Splits a stretch line into its run count and its sentence.
fn stretch(line: &str) -> (u64, &str) {
    let line = line.trim_start();
    let (head, rest) = line.split_at(15.min(line.len()));
    let head = head.trim();
    let count = if let Some(range) = head.strip_prefix("runs ") {
        let (first, last) = range.split_once('-').expect("runs A-B");
        last.parse::<u64>().expect("B") - first.parse::<u64>().expect("A") + 1
    } else {
        1
    };
    (count, rest.trim_start())
}

/// The rows of the story's pystats table (failure-kind lines skipped).
fn table_counts(story: &str) -> BTreeMap<String, Counts> {
    let table = story
        .split("\nPer-family counts")
        .nth(1)
        .expect("a pystats table");
    rows(table)
}

fn rows(table: &str) -> BTreeMap<String, Counts> {
    table
        .lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let numbers: Vec<u64> = words
                .iter()
                .skip(1)
                .filter_map(|w| w.parse().ok())
                .collect();
            (words.len() == 6 && numbers.len() == 5).then(|| {
                let counts: Counts = numbers.try_into().expect("five numbers");
                (words[0].to_string(), counts)
            })
        })
        .collect()
}

/// The counts recounted from the story, with `stretch` splitting each run line.
fn recount(story: &str) -> BTreeMap<String, Counts> {
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut family = String::new();
    let body = story
        .split("\nPer-family counts")
        .next()
        .unwrap_or_default();
    for line in body.lines() {
        if line.starts_with("      run") {
            let (runs, what) = stretch(line);
            let c = counts.entry(family.clone()).or_default();
            c[0] += u64::from(what.contains("specialize -> "));
            c[1] += u64::from(what.starts_with("specialize failed"));
            if let Some((n, _)) = what.split_once(" hits of ") {
                c[2] += n.parse::<u64>().expect("a hit count");
            } else if what.starts_with("hit ") {
                c[2] += 1;
            }
            c[2] += u64::from(what.contains("then runs it (1 hit)"));
            if what.starts_with("deopt ") {
                c[3] += runs;
            }
            if what.contains("generic run") {
                c[4] += runs;
            }
        } else if let Some(header) = line.strip_prefix("  ") {
            // `  42 BINARY_OP 0 (+)  (line 4)`: an instruction header names the family head.
            let mut words = header.split_whitespace();
            if words.next().is_some_and(|w| w.parse::<usize>().is_ok()) {
                family = words.next().unwrap_or_default().to_string();
            }
        }
    }
    counts
}

fn check_agree(args: &[&str]) -> String {
    let story = stdout_of(args);
    let table = table_counts(&story);
    assert!(!table.is_empty(), "{story}");
    assert_eq!(recount(&story), table, "explain {args:?}:\n{story}");
    story
}

#[test]
fn story_and_table_agree() {
    check_agree(&["specialize", "--function", "fibonacci"]);
    check_agree(&["specialize"]);
    check_agree(&["specialize", "--example", "mixed", "--function", "walk"]);
    check_agree(&["specialize", "--example", "backoff"]);
    check_agree(&["specialize", "tests/fixtures/two_lambdas.py"]);
}

#[test]
fn function_scopes_the_table() {
    let scoped = check_agree(&["specialize", "--function", "fibonacci"]);
    assert!(
        scoped.contains("\nPer-family counts (pystats) of fibonacci only:\n"),
        "{scoped}"
    );
    // fibonacci has one CALL site (`range(n)`), run once per call: one generic run, then the
    // run that specializes. The module's own calls are not counted.
    let table = table_counts(&scoped);
    assert_eq!(table["CALL"], [1, 0, 1, 0, 1], "{scoped}");
    let whole = table_counts(&stdout_of(&["specialize"]));
    assert!(whole["CALL"][4] > table["CALL"][4], "{whole:?}");
}

#[test]
fn the_whole_program_table_is_run_stats() {
    for file in [
        "book/src/examples/mixed.py",
        "book/src/examples/backoff.py",
        "tests/fixtures/two_lambdas.py",
    ] {
        let story = stdout_of(&["specialize", file]);
        assert!(
            story.contains("\nPer-family counts (pystats) of the whole program:\n"),
            "{story}"
        );
        let run = explain(&["run", "--stats", file]);
        assert!(run.status.success(), "{file}");
        let stats = String::from_utf8(run.stderr).expect("UTF-8");
        assert_eq!(table_counts(&story), rows(&stats), "{file}");
    }
}
