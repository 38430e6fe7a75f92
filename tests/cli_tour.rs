//! `explain tour` end to end: the whole tour (snapshot and book file), single stops, and the
//! error for a stop that does not exist.

#[path = "support/cli.rs"]
mod support;

use support::{check_book_file, failure_of, stdout_of};

#[test]
fn whole_tour() {
    let out = stdout_of(&["tour"]);
    insta::assert_snapshot!("tour", out);
    check_book_file("tour.txt", &out);
}

/// `--stop N` prints exactly the N-th section of the whole tour.
#[test]
fn single_stop_is_a_section_of_the_tour() {
    let whole = stdout_of(&["tour"]);
    let stop = stdout_of(&["tour", "--stop", "3"]);
    assert!(stop.starts_with("== Stop 3 of "), "{stop}");
    assert!(
        whole.contains(&stop),
        "stop 3 differs from its section in the tour"
    );
}

/// Every stop runs a command; the tour shows that command's real output.
#[test]
fn stops_show_real_runs() {
    let stop = stdout_of(&["tour", "--stop", "5"]);
    let command = stop
        .lines()
        .find_map(|line| line.strip_prefix("$ explain "))
        .expect("a stop shows its command");
    let args: Vec<&str> = command.split_whitespace().collect();
    let direct = stdout_of(&args);
    assert!(
        stop.contains(direct.trim_end()),
        "stop 5 does not show `{command}`'s output"
    );
}

#[test]
fn missing_stop_is_a_user_error() {
    let failure = failure_of(&["tour", "--stop", "99"]);
    assert!(failure.starts_with("exit code: 1\n"), "{failure}");
    insta::assert_snapshot!("error_no_such_stop", failure);
}

/// The stop whose title starts with `title`, as `explain tour --stop N` prints it.
fn stop_titled(title: &str) -> String {
    let whole = stdout_of(&["tour"]);
    let number = whole
        .lines()
        .filter_map(|l| l.strip_prefix("== Stop "))
        .find(|rest| rest.contains(&format!(": {title}")))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no stop titled {title:?}"))
        .to_string();
    stdout_of(&["tour", "--stop", &number])
}

/// `text` with every run of whitespace made one space, so that wrapped sentences and aligned
/// columns compare as written.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The specialization stops' sentences name runs and counter values; the runs below them must
/// show exactly those (the runs themselves are pinned to CPython by tests/cli_specialize_book.rs
/// and the tracer's counter tests).
#[test]
fn specialization_stops_say_what_their_runs_show() {
    let warmup = stop_titled("Specialization: an instruction rewrites itself");
    for needle in [
        "The counter is then 832: value 52, backoff 0",
        "rewritten to BINARY_OP_ADD_INT, counter = 832 (value 52, backoff 0); then runs it (1 hit)",
        "* RESUME_CHECK",
        "Per-family counts (pystats) of fibonacci only:",
    ] {
        assert!(
            flat(&warmup).contains(&flat(needle)),
            "{needle:?} missing:\n{warmup}"
        );
    }

    let deopt = stop_titled("Specialization: a guard fails");
    for needle in [
        "runs 11-62     deopt BINARY_OP_ADD_INT (52x): _GUARD_BOTH_INT for (float, float); \
         generic run, counter 51 .. 0",
        "run 63         deopt BINARY_OP_ADD_INT + re-specialize -> BINARY_OP_ADD_FLOAT",
        "After 52 such runs (11-62, counter 51 .. 0)",
    ] {
        assert!(
            flat(&deopt).contains(&flat(needle)),
            "{needle:?} missing:\n{deopt}"
        );
    }

    let backoff = stop_titled("Specialization: when no form fits");
    let attempts: Vec<&str> = backoff
        .lines()
        .filter(|l| l.contains("specialize failed"))
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(attempts, ["2", "5", "12", "27", "58"], "{backoff}");
    for needle in [
        "the attempts come on runs 2, 5, 12, 27 and 58",
        "back off: counter = 50 (value 3, backoff 2)",
        "back off: counter = 1014 (value 63, backoff 6); generic run, counter 62",
        "runs 59-60     generic run, counter 61 .. 60",
    ] {
        assert!(
            flat(&backoff).contains(&flat(needle)),
            "{needle:?} missing:\n{backoff}"
        );
    }
}
