//! `explain specialize` on the two programs the Specialization chapter walks through: the
//! built-in Fibonacci and `book/src/examples/mixed.py` (one `+` site fed ints, then floats).
//! The book shows `book/src/generated/specialize-*.txt`, written by these very runs
//! (`PYINTERNALS_BLESS=1 cargo test --test cli_specialize_book` rewrites them after review).
//!
//! Besides keeping the book in sync, the tests pin what CPython 3.13 does on the same code
//! (checked with `dis.get_instructions(..., adaptive=True)`): the int site specializes on its
//! 2nd execution, and after the switch to floats it deopts 52 times and re-specializes to
//! `BINARY_OP_ADD_FLOAT` on the 63rd execution (`walk(62, 10)` leaves `BINARY_OP_ADD_INT`,
//! `walk(63, 10)` gives `BINARY_OP_ADD_FLOAT`).

#[path = "cli_support.rs"]
mod support;

use support::{check_book_file, stdout_of};

/// Relative to the repository root, which is where cargo runs integration tests, and what a
/// reader of the chapter types.
const MIXED: &str = "book/src/examples/mixed.py";

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

#[test]
fn fibonacci_story_for_the_book() {
    let out = stdout_of(&["specialize"]);
    check_book_file("specialize-fib.txt", &out);
    assert!(out.contains("Program output: 6765"), "{out}");
    let add = stretches(&out, "42 BINARY_OP 0 (+)");
    assert_eq!(add.len(), 3, "{add:#?}");
    assert!(add[0].starts_with("run 1 ") && add[0].contains("generic"));
    assert!(add[1].starts_with("run 2 ") && add[1].contains("BINARY_OP_ADD_INT"));
    assert!(add[1].contains("counter = 832"), "{}", add[1]);
    assert!(add[2].starts_with("runs 3-20") && add[2].contains("18 hits"));
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
