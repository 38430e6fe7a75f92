//! `explain isolates` end to end: each scenario in text and JSON, the picture of the hand-off,
//! a timed run (the pickle way must cost more than the handle), usage errors, and the book
//! files generated from the same runs (`--no-timings` makes them the same on every run).

#[path = "support/cli.rs"]
mod support;

use serde_json::Value;
use support::{check_book_file, failure_of, stdout_of};

#[test]
fn handoff_text() {
    let out = stdout_of(&["isolates", "--no-timings"]);
    insta::assert_snapshot!("handoff_text", out);
    check_book_file("isolates-handoff.txt", &out);
}

#[test]
fn handoff_json_records_every_step() {
    let out = stdout_of(&["isolates", "--no-timings", "--format", "json"]);
    insta::assert_snapshot!("handoff_json", out);
    check_book_file("isolates-handoff.json", &out);
    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["scenario"], "handoff");
    assert_eq!(v["sent"]["same_root"], true);
    assert_eq!(v["sent"]["bytes_copied"], 0);
    assert_eq!(v["update"]["sharing"]["new"], 3);
    assert_eq!(v["pickled"]["nodes_built"], v["built"]["nodes"]);
    assert_eq!(v["pickled"]["shared_with_original"], 0);
    assert!(v["timings"].is_null());
}

#[test]
fn handoff_timed_pickle_costs_more() {
    let out = stdout_of(&["isolates", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    let t = &v["timings"];
    let (share, pickle) = (t["share_ns"].as_u64(), t["pickle_ns"].as_u64());
    assert!(share.is_some() && pickle.is_some(), "{t}");
    assert!(t["ratio"].as_f64().is_some_and(|r| r > 1.0), "{t}");
    let text = stdout_of(&["isolates"]);
    assert!(text.contains("the pickle way took "), "{text}");
}

#[test]
fn handoff_svg_draws_both_versions() {
    let args = [
        "isolates", "--keys", "12", "--stride", "8", "--format", "svg",
    ];
    let out = stdout_of(&args);
    assert!(out.contains("<svg") && out.trim_end().ends_with("</svg>"));
    assert!(out.contains("old map (len=12)") && out.contains("new map (len=12)"));
    assert_eq!(stdout_of(&args), out, "the same picture every run");
    check_book_file("isolates-handoff.svg", &out);
}

#[test]
fn demo_text() {
    let args = [
        "isolates",
        "demo",
        "--isolates",
        "2",
        "--keys",
        "100000",
        "--lookups",
        "20000",
        "--no-timings",
    ];
    let out = stdout_of(&args);
    insta::assert_snapshot!("demo_text", out);
    check_book_file("isolates-demo.txt", &out);
}

#[test]
fn demo_json_and_timed_text() {
    let out = stdout_of(&[
        "isolates",
        "demo",
        "--isolates",
        "2",
        "--keys",
        "10000",
        "--lookups",
        "2000",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["final_len"], 10000);
    assert_eq!(v["isolates"].as_array().map(Vec::len), Some(2));
    assert!(v["lookups_per_second"].as_f64().is_some_and(|x| x > 0.0));
    let text = stdout_of(&["isolates", "demo", "--keys", "10000", "--lookups", "2000"]);
    assert!(text.contains("lookups/s"), "{text}");
}

#[test]
fn event_loops_text() {
    let out = stdout_of(&["isolates", "event-loops", "--no-timings"]);
    insta::assert_snapshot!("event_loops_text", out);
    check_book_file("isolates-event-loops.txt", &out);
}

#[test]
fn errors() {
    let too_big = failure_of(&["isolates", "--keys", "1000", "--format", "svg"]);
    insta::assert_snapshot!("error_picture_too_big", too_big);
    let not_handoff = failure_of(&["isolates", "demo", "--format", "svg"]);
    insta::assert_snapshot!("error_svg_demo", not_handoff);
    let zero = failure_of(&["isolates", "--keys", "0"]);
    assert!(zero.starts_with("exit code: 2\n"), "{zero}");
    insta::assert_snapshot!("usage_zero_keys", zero);
}
