//! Tests for exercise 03. The numbers come from CPython 3.13 itself: `dis` shows the counter
//! word of a specialized instruction as `counter: 832`, and a `BINARY_OP` site fed `int + float`
//! (which no specialized form accepts) tries to specialize at exactly the executions listed in
//! `ALWAYS_FAILS_SCHEDULE` (see README.md for how the schedule falls out of `restart`).

use ex03_backoff_counter::{BackoffCounter, MAX_BACKOFF};

/// Executions (1-based) at which a site whose specialization always fails tries again.
const ALWAYS_FAILS_SCHEDULE: [u32; 11] = [2, 5, 12, 27, 58, 121, 248, 503, 1014, 2037, 4084];

fn check(counter: BackoffCounter, value: u16, backoff: u16) {
    assert_eq!(counter.value(), value, "value of {counter:?}");
    assert_eq!(counter.backoff(), backoff, "backoff of {counter:?}");
    assert_eq!(
        counter.as_counter,
        value << 4 | backoff,
        "packing of {counter:?}"
    );
}

#[test]
fn new_packs_value_above_a_four_bit_backoff() {
    assert_eq!(BackoffCounter::new(0, 0).as_counter, 0);
    assert_eq!(BackoffCounter::new(1, 1).as_counter, 0x11);
    // The JUMP_BACKWARD counter of fib_dis.txt: value 16, backoff 4 prints as 260.
    assert_eq!(BackoffCounter::new(16, 4).as_counter, 260);
    assert_eq!(BackoffCounter::new(4095, 12).as_counter, 0xFFFC);
    assert_eq!(BackoffCounter::new(4095, 15).as_counter, 0xFFFF);
    for (value, backoff) in [(0, 7), (3, 2), (52, 0), (1000, 9), (4095, 0)] {
        check(BackoffCounter::new(value, backoff), value, backoff);
    }
}

#[test]
fn value_and_backoff_unpack_any_word() {
    for word in [0u16, 1, 0x11, 0x340, 0x1234, 0xFFF0, 0xFFFF] {
        let counter = BackoffCounter { as_counter: word };
        assert_eq!(counter.value(), word >> 4, "value of {word:#06x}");
        assert_eq!(counter.backoff(), word & 0xF, "backoff of {word:#06x}");
        assert_eq!(
            BackoffCounter::new(counter.value(), counter.backoff()),
            counter
        );
    }
}

#[test]
fn warmup_is_value_1_backoff_1() {
    check(BackoffCounter::warmup(), 1, 1);
    assert!(!BackoffCounter::warmup().triggers());
}

#[test]
fn cooldown_is_value_52_backoff_0_shown_as_832() {
    check(BackoffCounter::cooldown(), 52, 0);
    assert_eq!(BackoffCounter::cooldown().as_counter, 832);
    assert_eq!(BackoffCounter::cooldown().as_counter, 0x340);
}

#[test]
fn advance_counts_the_value_down_and_keeps_the_backoff() {
    let mut counter = BackoffCounter::new(3, 2);
    for expected in [2, 1, 0] {
        counter = counter.advance();
        check(counter, expected, 2);
    }
    // From 832, 52 advances reach value 0.
    let mut counter = BackoffCounter::cooldown();
    for _ in 0..52 {
        assert!(!counter.triggers(), "triggered early at {counter:?}");
        counter = counter.advance();
    }
    assert!(counter.triggers());
    check(counter, 0, 0);
}

#[test]
fn triggers_exactly_at_value_zero() {
    assert!(BackoffCounter::new(0, 0).triggers());
    assert!(BackoffCounter::new(0, 12).triggers());
    assert!(!BackoffCounter::new(1, 0).triggers());
    assert!(!BackoffCounter::new(4095, 12).triggers());
    // A zero *backoff* is not a zero value.
    assert!(!BackoffCounter::new(52, 0).triggers());
}

#[test]
fn restart_doubles_the_wait_up_to_backoff_12() {
    let mut counter = BackoffCounter::warmup();
    let expected = [
        (3, 2),
        (7, 3),
        (15, 4),
        (31, 5),
        (63, 6),
        (127, 7),
        (255, 8),
        (511, 9),
        (1023, 10),
        (2047, 11),
        (4095, 12),
        (4095, 12),
        (4095, 12),
    ];
    for (value, backoff) in expected {
        counter = counter.restart();
        check(counter, value, backoff);
    }
    // After a successful specialization (backoff 0) the first failure waits just 1.
    check(BackoffCounter::cooldown().restart(), 1, 1);
    check(BackoffCounter::new(0, MAX_BACKOFF).restart(), 4095, 12);
}

/// Runs one instruction site `executions` times, the way CPython 3.13's generic instruction
/// does (`_SPECIALIZE_BINARY_OP` in Python/bytecodes.c), and returns the executions at which it
/// tried to specialize. `succeeds(n)` says whether the attempt at execution `n` succeeds.
///
/// After a failed attempt CPython re-dispatches the (still generic) instruction, which sees a
/// non-zero counter and advances it once; that is why the loop advances after `restart` too.
/// After a success it dispatches the specialized form, which leaves the counter alone until a
/// guard fails; this simulation only models sites that stay generic or stay specialized.
fn attempts(executions: u32, succeeds: impl Fn(u32) -> bool) -> (Vec<u32>, BackoffCounter) {
    let mut counter = BackoffCounter::warmup();
    let mut tried = Vec::new();
    let mut specialized = false;
    for n in 1..=executions {
        if specialized {
            continue; // its guards always pass here, so the counter is left alone
        }
        if counter.triggers() {
            tried.push(n);
            if succeeds(n) {
                counter = BackoffCounter::cooldown();
                specialized = true;
                continue;
            }
            counter = counter.restart();
        }
        counter = counter.advance();
    }
    (tried, counter)
}

#[test]
fn a_site_that_always_fails_tries_at_2_5_12_27_and_so_on() {
    let (tried, _) = attempts(4084, |_| false);
    assert_eq!(tried, ALWAYS_FAILS_SCHEDULE);
    // Then the wait is capped at 4095 executions: the next tries are at 8179 and 12274.
    let (tried, counter) = attempts(12274, |_| false);
    assert_eq!(&tried[11..], [8179, 12274]);
    assert_eq!(counter.backoff(), MAX_BACKOFF);
}

#[test]
fn a_site_that_specializes_on_its_second_execution_ends_in_cooldown() {
    let (tried, counter) = attempts(100, |_| true);
    assert_eq!(tried, [2]);
    assert_eq!(counter.as_counter, 832);
}

/// The experiment from the chapter: `x + y` fed ints, then floats. The int form is chosen on
/// call 2; each float call fails its guard (`_GUARD_BOTH_INT`), which runs the generic
/// instruction, which advances the counter. The 53rd float call finds 0 and re-specializes.
#[test]
fn fifty_two_guard_failures_then_respecialize() {
    let mut counter = BackoffCounter::warmup();
    let mut specialized = false;
    let mut respecialized_at = None;
    for call in 1..=60u32 {
        let float_call = call > 2;
        if specialized && !float_call {
            continue; // the guard passes: the specialized form never touches the counter
        }
        if counter.triggers() {
            if float_call {
                respecialized_at = Some(call - 2);
                break;
            }
            specialized = true;
            counter = BackoffCounter::cooldown();
            continue;
        }
        counter = counter.advance();
    }
    assert_eq!(respecialized_at, Some(53));
}
