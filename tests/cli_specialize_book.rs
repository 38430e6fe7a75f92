//! The CLI runs the Specialization chapter shows: `explain specialize` on the built-in
//! Fibonacci and on `book/src/examples/mixed.py` (one `+` site fed ints, then floats), and
//! `explain dis [--adaptive]` on `book/src/examples/fib.py` (Fibonacci called twice).
//! The book shows `book/src/generated/specialize-*.txt`, written by these very runs
//! (`PYINTERNALS_BLESS=1 cargo test --test cli_specialize_book` rewrites them after review).
//! The two `dis` listings of `fibonacci` must equal CPython 3.13's own (`fib_dis.txt`).
//!
//! Besides keeping the book in sync, the tests pin what CPython 3.13 does on the same code
//! (checked with `dis.get_instructions(..., adaptive=True)`): the int site specializes on its
//! 2nd execution, and after the switch to floats it deopts 52 times and re-specializes to
//! `BINARY_OP_ADD_FLOAT` on the 63rd execution (`walk(62, 10)` leaves `BINARY_OP_ADD_INT`,
//! `walk(63, 10)` gives `BINARY_OP_ADD_FLOAT`).

#[path = "support/cli.rs"]
mod support;

use support::{check_book_file, cpython_reference, stdout_of};

/// Relative to the repository root, which is where cargo runs integration tests, and what a
/// reader of the chapter types.
const MIXED: &str = "book/src/examples/mixed.py";
/// Fibonacci with `def` on line 2, as in the script that produced CPython's `fib_dis.txt`.
const FIB: &str = "book/src/examples/fib.py";

/// The run lines under the instruction header that starts with `header_start`
/// (`42 BINARY_OP 0 (+)`), up to the next header.
fn stretches<'a>(story: &'a str, header_start: &str) -> Vec<&'a str> {
    story
        .lines()
        .skip_while(|line| !line.trim_start().starts_with(header_start))
        .skip(1)
        .take_while(|line| line.starts_with("      run"))
        .map(str::trim)
        .collect()
}

/// The opnames of a listing (`dis` text or the story's before/after table column).
fn opnames(listing: &str) -> Vec<String> {
    listing
        .lines()
        .filter_map(|line| {
            line.split_whitespace().find(|token| {
                token.len() > 2 && token.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            })
        })
        .map(str::to_string)
        .collect()
}

/// The "after" column of the story's before/after table for `function`.
fn after_column(story: &str, function: &str) -> String {
    story
        .lines()
        .skip_while(|line| !line.starts_with(&format!("== {function} ")))
        .skip_while(|line| !line.trim_start().starts_with("before"))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .map(|line| line.split_whitespace().last().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn fibonacci_story_for_the_book() {
    let out = stdout_of(&["specialize"]);
    check_book_file("specialize-fib.txt", &out);
    let add = stretches(&out, "42 BINARY_OP 0 (+)");
    assert_eq!(add.len(), 3, "{add:#?}");
    assert!(add[0].starts_with("run 1 ") && add[0].contains("generic"));
    assert!(add[1].starts_with("run 2 ") && add[1].contains("BINARY_OP_ADD_INT"));
    assert!(add[1].contains("counter = 832"), "{}", add[1]);
    // "runs 3-N  (N-2) hits of BINARY_OP_ADD_INT": every later run is a hit.
    let (range, hits) = add[2]
        .strip_prefix("runs 3-")
        .and_then(|rest| rest.split_once(char::is_whitespace))
        .expect("a stretch of hits");
    let last: usize = range.parse().expect("a run number");
    assert!(
        hits.trim_start()
            .starts_with(&format!("{} hits of BINARY_OP_ADD_INT", last - 2)),
        "{}",
        add[2]
    );
    // The built-in example calls fibonacci more than once, so every family head of it has
    // specialized: the forms after the run are those of CPython's warm listing.
    let after = opnames(&after_column(&out, "fibonacci"));
    assert_eq!(after.len(), 19, "{after:?}");
    assert_eq!(after, opnames(&cpython_section("warm (adaptive=True)")));
}

#[test]
fn mixed_int_then_float_story_for_the_book() {
    let out = stdout_of(&["specialize", MIXED, "--function", "walk"]);
    check_book_file("specialize-mixed.txt", &out);
    assert!(out.contains("Program output: 30.0"), "{out}");
    let add = stretches(&out, "58 BINARY_OP 0 (+)");
    let expected_starts = [
        "run 1 ",
        "run 2 ",
        "runs 3-10 ",
        "runs 11-62 ",
        "run 63 ",
        "runs 64-70 ",
    ];
    assert_eq!(add.len(), expected_starts.len(), "{add:#?}");
    for (line, start) in add.iter().zip(expected_starts) {
        assert!(
            line.starts_with(start),
            "{line:?} should start with {start:?}"
        );
    }
    assert!(add[1].contains("BINARY_OP_ADD_INT"), "{}", add[1]);
    assert!(add[3].contains("(52x)"), "{}", add[3]);
    assert!(
        add[4].contains("re-specialize -> BINARY_OP_ADD_FLOAT"),
        "{}",
        add[4]
    );
}

/// The part of `explain dis` output about `fibonacci`: its `Disassembly of <code object
/// fibonacci ...>:` header and the listing after it (the book shows only this part).
fn fibonacci_part(dis: &str) -> &str {
    let header = dis
        .find("Disassembly of <code object fibonacci")
        .expect("a listing of fibonacci");
    &dis[header..]
}

/// The listing itself, without the header line.
fn fibonacci_listing(dis: &str) -> &str {
    let part = fibonacci_part(dis);
    &part[part.find('\n').expect("header line ends") + 1..]
}

/// One `=== title ===` section of CPython's `fib_dis.txt`.
fn cpython_section(title: &str) -> String {
    let reference = cpython_reference("fib_dis.txt");
    let marker = format!("=== {title} ===\n");
    let start = reference.find(&marker).expect("section present") + marker.len();
    let end = reference[start..]
        .find("=== ")
        .map_or(reference.len(), |e| start + e);
    reference[start..end].to_string()
}

#[test]
fn cold_and_adaptive_listings_match_cpython() {
    let cold = stdout_of(&["dis", FIB]);
    check_book_file("specialize-fib-dis-cold.txt", fibonacci_part(&cold));
    assert_eq!(
        fibonacci_listing(&cold),
        cpython_section("cold (adaptive=False)")
    );

    let warm = stdout_of(&["dis", "--adaptive", FIB]);
    check_book_file("specialize-fib-dis-adaptive.txt", fibonacci_part(&warm));
    assert_eq!(
        fibonacci_listing(&warm),
        cpython_section("warm (adaptive=True)")
    );
}

/// The cache view. CPython 3.13.0's `show_caches` prints the counter word in every field (a
/// known bug), so only the counters and the layout are compared with its listing: the same
/// lines, and the same text on every line but the non-counter cache fields.
#[test]
fn cache_view_for_the_book() {
    let caches = stdout_of(&["dis", "--adaptive", "--show-caches", FIB]);
    check_book_file("specialize-fib-dis-caches.txt", fibonacci_part(&caches));
    let ours = fibonacci_listing(&caches);
    let reference = cpython_section("warm (adaptive=True, show_caches=True)");
    assert_eq!(ours.lines().count(), reference.lines().count());
    for (a, b) in ours.lines().zip(reference.lines()) {
        let is_other_field = a.contains("CACHE") && a.contains(": ") && !a.contains("(counter: ");
        if !is_other_field {
            assert_eq!(a, b);
        }
    }
}

/// The backoff example (`explain specialize --example backoff`, tour stop 8) leaves the counters
/// python3.13 leaves: after 60 runs of `i * 0.5` with five failed attempts, 966 (value 60,
/// backoff 6). The reference is CPython 3.13.0's `dis.dis(halves, adaptive=True,
/// show_caches=True)` after running the file, kept in
/// tests/fixtures/cpython/backoff_halves_dis_caches.txt (regenerate: exec the file with its
/// output discarded, then that call). As in `cache_view_for_the_book`, non-counter cache fields
/// are skipped: CPython 3.13.0 prints the counter word in every field.
#[test]
fn backoff_example_counters_match_cpython() {
    let ours = stdout_of(&[
        "dis",
        "--adaptive",
        "--show-caches",
        "book/src/examples/backoff.py",
    ]);
    let header = ours
        .find("Disassembly of <code object halves")
        .expect("a listing of halves");
    let ours = &ours[header..];
    let ours = &ours[ours.find('\n').expect("header line ends") + 1..];
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cpython/backoff_halves_dis_caches.txt");
    let reference = std::fs::read_to_string(path).expect("the CPython reference");
    assert_eq!(ours.lines().count(), reference.lines().count(), "{ours}");
    let mut counters = 0;
    for (a, b) in ours.lines().zip(reference.lines()) {
        let is_other_field = a.contains("CACHE") && a.contains(": ") && !a.contains("(counter: ");
        if !is_other_field {
            assert_eq!(a, b);
            counters += usize::from(a.contains("(counter: "));
        }
    }
    assert!(ours.contains("BINARY_OP                5 (*)\n              CACHE                    0 (counter: 966)"), "{ours}");
    assert!(counters >= 5, "{ours}");
}

/// pyperformance's nbody as the program corpus runs it: the book's real-program example.
const NBODY: &str = "tests/programs/pyperf_nbody.py";

/// The opnames python3.13 left in `qualname` after one run of a corpus program
/// (`tests/programs/expected/NAME.adaptive.json`, written by scripts/regen-programs.py).
fn cpython_adaptive_opnames(program: &str, qualname: &str) -> Vec<String> {
    let path =
        support::repo_root().join(format!("tests/programs/expected/{program}.adaptive.json"));
    let text = std::fs::read_to_string(&path).expect("the corpus expectation");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let code = json["code"]
        .as_array()
        .and_then(|codes| codes.iter().find(|c| c["qualname"] == qualname))
        .expect("the function's code object");
    code["instructions"]
        .as_array()
        .expect("instructions")
        .iter()
        .filter_map(|i| i["opname"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn real_program_story_for_the_book() {
    let out = stdout_of(&["specialize", NBODY, "--function", "advance"]);
    // The power site: `**` on floats has no specialized form, so its counter backs off.
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("BINARY_OP 8 (**)"))
        .expect("advance's `**` site");
    let power: Vec<&str> = std::iter::once(lines[at])
        .chain(
            lines[at + 1..]
                .iter()
                .copied()
                .take_while(|l| l.starts_with("      run")),
        )
        .collect();
    assert!(
        power.iter().any(|l| l.contains("no form fits (power)")),
        "{power:#?}"
    );
    check_book_file("specialize-nbody-power.txt", &(power.join("\n") + "\n"));
    // The before/after table and the counts: every form is the one CPython left there.
    let table = &out[out.find("  before").expect("the before/after table")..];
    check_book_file("specialize-nbody-table.txt", table);
    let after = opnames(&after_column(&out, "advance"));
    assert_eq!(after, cpython_adaptive_opnames("pyperf_nbody", "advance"));
}

/// `explain specialize --example nbody` runs book/src/examples/nbody.py, a copy of the corpus
/// program tests/programs/pyperf_nbody.py with its harness replaced by one direct call: the
/// simulation itself (everything from `combinations` up to the timed `bench_nbody`) must stay
/// the same text, so the tour's story is the one the corpus checks against python3.13.
#[test]
fn nbody_example_is_the_corpus_program() {
    let simulation = |path: &str| {
        let text = std::fs::read_to_string(support::repo_root().join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let start = text.find("def combinations").expect("def combinations");
        let end = text.find("def bench_nbody").expect("def bench_nbody");
        text[start..end].to_string()
    };
    assert_eq!(
        simulation("book/src/examples/nbody.py"),
        simulation("tests/programs/pyperf_nbody.py")
    );
}
