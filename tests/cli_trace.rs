//! `explain trace` end to end: the runs the "Micro-op traces" chapter and the tour show
//! (snapshots, and the book's `book/src/generated/trace-*` files written by these very runs;
//! `PYINTERNALS_BLESS=1 cargo test --test cli_trace` rewrites them after review), the facts the
//! chapter states about them, and the errors a user can meet.
//!
//! Whether the executors themselves are CPython's is tests/tier2.rs's job (every corpus program
//! against a real tier-2 CPython 3.13.0); `tests/programs/three_adds.py` is one of them, so the
//! executor shown for `--example three-adds` is CPython's too.

#[path = "support/cli.rs"]
mod support;

use support::{check_book_file, failure_of, stdout_of};

/// The uop names of executor `#id`'s listing in the text view (up to its stubs).
fn executor_uops(text: &str, id: usize) -> Vec<String> {
    text.lines()
        .skip_while(|l| !l.starts_with(&format!("3. Executor #{id}:")))
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with("stubs"))
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_string))
        .collect()
}

/// The block of `text` that starts with the `nth` line (0-based) beginning with `start`, up
/// to the next blank line: the excerpts the chapter shows are cut by these runs, not by line
/// numbers, so they follow the output when it changes.
fn block(text: &str, start: &str, nth: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with(start))
        .nth(nth)
        .unwrap_or_else(|| panic!("no block #{nth} starting with {start:?} in:\n{text}"))
        .0;
    let mut out: Vec<&str> = Vec::new();
    for l in &lines[first..] {
        if l.trim().is_empty() {
            break;
        }
        out.push(l);
    }
    out.join("\n") + "\n"
}

#[test]
fn fibonacci_loop() {
    let out = stdout_of(&["trace"]);
    insta::assert_snapshot!("trace_fib", out);
    check_book_file("trace-fib.txt", &out);
    check_book_file("trace-fib-projection.txt", &block(&out, "1. Projection", 0));
    // The trace closes the loop and the loop ends through the exhausted-range exit.
    assert!(out.contains("Projection stopped: the loop closed"), "{out}");
    let uops = executor_uops(&out, 0);
    assert_eq!(uops.first().map(String::as_str), Some("_START_EXECUTOR"));
    assert_eq!(uops.last().map(String::as_str), Some("_JUMP_TO_TOP"));
    assert!(uops.contains(&"_GUARD_BOTH_INT".to_string()), "{uops:?}");
}

#[test]
fn three_adds_keep_one_guard() {
    let out = stdout_of(&["trace", "--example", "three-adds"]);
    insta::assert_snapshot!("trace_three_adds", out);
    check_book_file("trace-three-adds.txt", &out);
    check_book_file(
        "trace-three-adds-optimizer.txt",
        &block(&out, "2. Optimizer", 0),
    );
    check_book_file(
        "trace-three-adds-executor.txt",
        &block(&out, "3. Executor", 0),
    );
    let uops = executor_uops(&out, 0);
    let guards: Vec<&String> = uops
        .iter()
        .filter(|u| u.contains("_INT") && u.starts_with("_GUARD"))
        .collect();
    assert_eq!(guards, ["_GUARD_NOS_INT"], "{uops:?}");
    let adds = uops.iter().filter(|u| *u == "_BINARY_OP_ADD_INT").count();
    assert_eq!(adds, 3);
}

#[test]
fn side_exit_grows_a_linked_side_trace() {
    let out = stdout_of(&["trace", "--example", "side-exit"]);
    insta::assert_snapshot!("trace_side_exit", out);
    check_book_file("trace-side-exit.txt", &out);
    let excerpt = block(&out, "4. At run time", 0) + "\n" + &block(&out, "Attempt 2", 0);
    check_book_file("trace-side-exit-linked.txt", &excerpt);
    assert!(
        out.contains("Attempt 2: a side trace for exit 2 of executor #0"),
        "{out}"
    );
    assert!(out.contains("linked to executor #1"), "{out}");
    // ... and the side trace's own exit at the loop's end links back to the loop's executor.
    assert!(out.contains("linked to executor #0"), "{out}");
    let dot = stdout_of(&["trace", "--example", "side-exit", "--format", "dot"]);
    insta::assert_snapshot!("trace_side_exit_dot", dot);
    let svg = stdout_of(&["trace", "--example", "side-exit", "--format", "svg"]);
    assert!(svg.contains("<svg") && svg.contains("executor #1"));
    for _ in 0..3 {
        let again = stdout_of(&["trace", "--example", "side-exit", "--format", "svg"]);
        assert_eq!(again, svg, "the SVG is the same on every run");
    }
    check_book_file("trace-side-exit.svg", &svg);
}

#[test]
fn rebinding_a_global_invalidates() {
    let out = stdout_of(&["trace", "--example", "invalidation"]);
    insta::assert_snapshot!("trace_invalidation", out);
    check_book_file("trace-invalidation.txt", &out);
    check_book_file(
        "trace-invalidation-run.txt",
        &block(&out, "4. At run time", 0),
    );
    check_book_file(
        "trace-invalidation-optimizer.txt",
        &block(&out, "2. Optimizer", 0),
    );
    check_book_file(
        "trace-invalidation-executors.txt",
        &block(&out, "Executors", 0),
    );
    assert!(out.contains("later invalidated"), "{out}");
    assert!(out.contains("_LOAD_GLOBAL_MODULE"), "{out}");
    assert!(
        out.contains("executors invalidated                     1"),
        "{out}"
    );
}

/// The JSON view's `code` list has the reference files' shape.
#[test]
fn json_has_the_reference_shape() {
    let out = stdout_of(&["trace", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let exec = &v["code"][0]["executors"][0];
    assert_eq!(v["code"][0]["qualname"], "fibonacci");
    assert_eq!(exec["offset"], 48);
    assert_eq!(exec["uops"][0], "_START_EXECUTOR");
    assert_eq!(exec["uops_detail"][0]["operand"], "0xADDR");
    assert!(v["attempts"][0]["projection"][0]
        .as_str()
        .unwrap()
        .starts_with("Optimizing fibonacci (fib.py:"));
}

#[test]
fn errors() {
    insta::assert_snapshot!(
        "trace_error_no_function",
        failure_of(&["trace", "--function", "nope"])
    );
    insta::assert_snapshot!(
        "trace_error_missing_file",
        failure_of(&["trace", "no/such/file.py"])
    );
    insta::assert_snapshot!(
        "trace_error_example_and_file",
        failure_of(&["trace", "--example", "side-exit", "x.py"])
    );
}

/// `dis --adaptive --tier 2` lists what CPython's `dis` lists after a tier-2 run (the
/// instruction an executor replaced, not `ENTER_EXECUTOR`), then where the executors are.
#[test]
fn dis_after_a_tier2_run() {
    let tier1 = stdout_of(&["dis", "--adaptive", "book/src/examples/fib.py"]);
    let tier2 = stdout_of(&[
        "dis",
        "--adaptive",
        "--tier",
        "2",
        "book/src/examples/fib.py",
    ]);
    let (listing, appendix) = tier2
        .split_once("\nTier 2: executors installed")
        .expect("the executors appendix");
    assert_eq!(listing, tier1.trim_end_matches('\n').to_string() + "\n");
    assert!(!listing.contains("ENTER_EXECUTOR"));
    insta::assert_snapshot!("dis_tier2_appendix", appendix);
    let json = stdout_of(&[
        "dis",
        "--adaptive",
        "--tier",
        "2",
        "--format",
        "json",
        "book/src/examples/fib.py",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["executors"][0]["qualname"], "fibonacci");
    assert_eq!(v["executors"][0]["offset"], 48);
    assert_eq!(v["executors"][0]["replaced"], "JUMP_BACKWARD 10");
}

/// Rebinding globals and shadowing a builtin invalidates executors, and the program's output
/// stays CPython's (the output itself is compared by the `tier2` aspect of tests/programs.rs).
#[test]
fn invalidation_keeps_results_right() {
    let out = support::explain(&[
        "run",
        "--tier",
        "2",
        "--stats",
        "tests/programs/tier2_invalidation.py",
    ]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let expected = std::fs::read_to_string("tests/programs/expected/tier2_invalidation.stdout")
        .expect("expected stdout");
    assert_eq!(stdout, expected);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let invalidated: u64 = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("executors invalidated"))
        .and_then(|n| n.trim().parse().ok())
        .expect("the tier-2 stats table");
    assert!(invalidated >= 3, "{stderr}");
}
