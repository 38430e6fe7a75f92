//! CPython 3.13's 16-bit backoff counter (`_Py_BackoffCounter`, pycore_backoff.h):
//! `value << 4 | backoff`, a 12-bit countdown and a 4-bit exponent.

/// Bits of the backoff exponent.
pub const BACKOFF_BITS: u16 = 4;
/// Largest exponent: the longest wait is 2^12 - 1 = 4095 executions.
pub const MAX_BACKOFF: u16 = 12;

/// Packs a value and a backoff exponent.
pub const fn make(value: u16, backoff: u16) -> u16 {
    (value << BACKOFF_BITS) | backoff
}

/// The countdown part.
pub const fn value(c: u16) -> u16 {
    c >> BACKOFF_BITS
}

/// The exponent part.
pub const fn backoff_of(c: u16) -> u16 {
    c & ((1 << BACKOFF_BITS) - 1)
}

/// `adaptive_counter_warmup()`: value 1, backoff 1 — specialize on the 2nd execution.
pub const WARMUP: u16 = make(1, 1);
/// `adaptive_counter_cooldown()`: value 52, backoff 0 (shown as 832).
pub const COOLDOWN: u16 = make(52, 0);
/// `initial_jump_backoff_counter()`: value 16, backoff 4 (tier-2 hotness of `JUMP_BACKWARD`).
pub const JUMP_INITIAL: u16 = make(16, 4);
/// Initial branch history of `POP_JUMP_IF_*`: alternating bits.
pub const BRANCH_HISTORY_INITIAL: u16 = 0x5555;

/// `backoff_counter_triggers`: the countdown has reached zero.
#[inline]
pub const fn triggers(c: u16) -> bool {
    value(c) == 0
}

/// `advance_backoff_counter`: one tick down.
#[inline]
pub const fn advance(c: u16) -> u16 {
    c.wrapping_sub(1 << BACKOFF_BITS)
}

/// `restart_backoff_counter` after a failed specialization: wait 2^(b+1) - 1, exponent b+1.
pub const fn backoff(c: u16) -> u16 {
    let b = backoff_of(c);
    if b < MAX_BACKOFF {
        make((1 << (b + 1)) - 1, b + 1)
    } else {
        make((1 << MAX_BACKOFF) - 1, MAX_BACKOFF)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Executions at which an always-failing site attempts to specialize: 2, 5, 12, 27, ...
    #[test]
    fn backoff_schedule() {
        let mut c = WARMUP;
        let mut attempts = Vec::new();
        for execution in 1..=4100u32 {
            if triggers(c) {
                attempts.push(execution);
                c = backoff(c);
            }
            // The generic instruction then runs and ticks the counter.
            c = advance(c);
        }
        assert_eq!(
            attempts,
            [2, 5, 12, 27, 58, 121, 248, 503, 1014, 2037, 4084]
        );
    }

    #[test]
    fn cooldown_reads_as_832() {
        assert_eq!(COOLDOWN, 832);
        assert_eq!(JUMP_INITIAL, 260);
    }
}
