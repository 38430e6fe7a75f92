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
