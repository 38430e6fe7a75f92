//! `explain hamt` end to end: the real binary, every format, CPython's own dumps as the oracle
//! for `--format cpython`, error messages, and the book files generated from the same runs.

#[path = "support/cli.rs"]
mod support;

use serde_json::Value;
use support::{check_book_file, cpython_reference, explain_with_env, failure_of, stdout_of};

/// The ops of CPython's `hamt_small.txt` reference dump.
const SMALL: &[&str] = &[
    "set",
    "1",
    "set",
    "33",
    "set",
    "65",
    "set",
    "2",
    "set",
    "1025",
    "set",
    "1099511627776",
];
/// The ops of `hamt_collision.txt`: 4294967300 = 2**32 + 4 folds to 5's 32-bit hash.
const COLLISION: &[&str] = &["set", "5", "set", "4294967300", "set", "37"];

fn hamt(extra: &[&str], ops: &[&str]) -> String {
    let args: Vec<&str> = ["hamt"].iter().chain(extra).chain(ops).copied().collect();
    stdout_of(&args)
}

#[test]
fn builtin_example_text() {
    let out = hamt(&[], &[]);
    insta::assert_snapshot!("builtin_text", out);
    check_book_file("hamt-builtin.txt", &out);
}

#[test]
fn custom_ops_text() {
    let out = hamt(
        &[],
        &[
            "set", "1", "set", "33", "set", "65", "del", "33", "set", "1=one", "set", "name=ada",
            "del", "404",
        ],
    );
    insta::assert_snapshot!("custom_text", out);
}

#[test]
fn collision_text() {
    let out = hamt(&[], COLLISION);
    insta::assert_snapshot!("collision_text", out);
    check_book_file("hamt-collision.txt", &out);
}

#[test]
fn cpython_format_matches_cpython_small() {
    let out = hamt(&["--format", "cpython"], SMALL);
    assert_eq!(out, cpython_reference("hamt_small.txt"));
    insta::assert_snapshot!("small_cpython", out);
    check_book_file("hamt-small-cpython.txt", &out);
}

#[test]
fn cpython_format_matches_cpython_collision() {
    let out = hamt(&["--format", "cpython"], COLLISION);
    assert_eq!(out, cpython_reference("hamt_collision.txt"));
}

#[test]
fn json_has_one_object_per_op() {
    let out = hamt(&["--format", "json"], SMALL);
    insta::assert_snapshot!("small_json", out);
    check_book_file("hamt-small.json", &out);
    let ops: Vec<Value> = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(ops.len(), SMALL.len() / 2);
    let last = &ops[5];
    assert_eq!(last["op"], "set");
    assert_eq!(last["key"], "1099511627776");
    assert_eq!(last["hash"], 1_099_511_627_776_i64);
    assert_eq!(last["folded_hash"], 256);
    assert_eq!(last["outcome"], "added");
    let path = last["path"].as_array().expect("path is a list");
    assert_eq!(path.len(), 1);
    for field in ["level", "bits", "index", "node"] {
        assert!(path[0].get(field).is_some(), "path step lacks {field}");
    }
    // The root is copied; the level-1 subtree (3 nodes) is shared.
    assert_eq!(last["copied"].as_array().map(Vec::len), Some(1));
    assert_eq!(last["total_nodes"], 3);
    assert_eq!(last["shared"], 2);
}

/// DOT of the last update: both versions, the copied root marked `*`, the old root `-`.
#[test]
fn dot_shows_both_versions_of_the_last_update() {
    let out = hamt(&["--format", "dot"], SMALL);
    insta::assert_snapshot!("small_dot", out);
    assert!(out.starts_with("digraph hamt {"));
    assert!(out.contains("* Bitmap 0b111"), "the copied root is marked");
    assert!(out.contains("old map (len=5)") && out.contains("new map (len=6)"));
}

/// SVG without graphviz; the book shows this picture.
#[test]
fn svg_of_the_small_tree() {
    let out = hamt(&["--format", "svg"], SMALL);
    assert!(
        out.contains("<svg") && out.trim_end().ends_with("</svg>"),
        "an SVG document"
    );
    for _ in 0..3 {
        let again = hamt(&["--format", "svg"], SMALL);
        assert_eq!(again, out, "the SVG is the same on every run");
    }
    insta::assert_snapshot!("small_svg", out);
    check_book_file("hamt-small.svg", &out);
}

#[test]
fn pictures_of_huge_trees_are_refused() {
    let failure = failure_of(&["hamt", "--fill", "5000", "--format", "svg", "set", "1=x"]);
    assert!(failure.starts_with("exit code: 1\n"), "{failure}");
    insta::assert_snapshot!("error_picture_too_big", failure);
}

#[test]
fn fill_text_shows_path_and_counts_only() {
    let out = hamt(&["--fill", "10000"], &["set", "10000", "del", "7"]);
    insta::assert_snapshot!("fill_10000_text", out);
    assert!(
        out.contains("not printed"),
        "a big tree is summarised, not printed"
    );
}

/// The point of `--fill`: in a big map one update copies one node per level and shares the rest.
#[test]
fn fill_update_copies_a_handful_of_nodes() {
    let out = hamt(
        &["--fill", "50000", "--format", "json"],
        &["set", "50000", "del", "7"],
    );
    let ops: Vec<Value> = serde_json::from_str(&out).expect("valid JSON");
    for op in &ops {
        let new = op["new_nodes"].as_u64().expect("new_nodes");
        let total = op["total_nodes"].as_u64().expect("total_nodes");
        assert!((1..=8).contains(&new), "{new} new nodes in {op}");
        assert!(total > 10_000, "{total} nodes for 50,000 keys");
        assert_eq!(op["shared"].as_u64(), Some(total - new));
    }
}

/// The book's big example. 1,000,000 keys: see the report for the debug-build timing.
#[test]
fn fill_million_book_file() {
    let out = hamt(&["--fill", "1000000"], &["set", "1000000", "del", "7"]);
    check_book_file("hamt-fill.txt", &out);
}

#[test]
fn str_keys_and_big_ints() {
    let big = "340282366920938463463374607431768211456"; // 2**128, beyond i128
    let out = hamt(
        &["--format", "cpython"],
        &["set", "name=ada", "set", big, "--", "set", "-1=it's"],
    );
    insta::assert_snapshot!("str_and_big_int_cpython", out);
}

#[test]
fn colour_is_decoration_only() {
    let plain = hamt(&[], COLLISION);
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = args.to_vec();
        all.extend_from_slice(&["hamt", "set", "5", "set", "4294967300", "set", "37"]);
        String::from_utf8(explain_with_env(&all, env).stdout).expect("UTF-8")
    };
    let coloured = run(&["--color", "always"], &[]);
    assert!(coloured.contains("\u{1b}["), "--color always colours");
    assert!(!plain.contains('\u{1b}'), "--color never does not");
    assert_eq!(
        strip_ansi(&coloured),
        plain,
        "colour adds escapes and nothing else"
    );
    // `auto` (the default): a pipe gets no colour unless CLICOLOR_FORCE asks for it.
    assert_eq!(run(&[], &[]), plain);
    assert_eq!(run(&[], &[("CLICOLOR_FORCE", "1")]), coloured);
    assert_eq!(run(&["--color", "auto"], &[("NO_COLOR", "1")]), plain);
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\u{1b}' {
            // Skip "[...m".
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(ch);
        }
    }
    out
}

#[test]
fn user_errors_are_one_line_with_exit_code_1() {
    let cases: &[(&str, &[&str])] = &[
        ("set_without_key", &["hamt", "set"]),
        ("unknown_op", &["hamt", "put", "1"]),
        ("del_with_value", &["hamt", "del", "a=1"]),
        ("empty_key", &["hamt", "set", "=5"]),
    ];
    for (name, args) in cases {
        let failure = failure_of(args);
        assert!(failure.starts_with("exit code: 1\n"), "{name}: {failure}");
        assert_eq!(
            failure.matches("error:").count(),
            1,
            "{name}: one error line"
        );
        assert_eq!(
            failure.lines().count(),
            3,
            "{name}: one line on stderr: {failure}"
        );
        insta::assert_snapshot!(format!("error_{name}"), failure);
    }
}

#[test]
fn usage_errors_exit_with_clap_code_2() {
    for (name, args) in [
        ("fill_not_a_number", &["hamt", "--fill", "abc"][..]),
        ("unknown_format", &["hamt", "--format", "png"][..]),
    ] {
        let failure = failure_of(args);
        assert!(failure.starts_with("exit code: 2\n"), "{name}: {failure}");
        insta::assert_snapshot!(format!("usage_{name}"), failure);
    }
}
