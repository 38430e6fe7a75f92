//! The adaptive counter of exercise 03, complete: CPython 3.13's `_Py_BackoffCounter`, a 12-bit
//! countdown value above a 4-bit backoff exponent in one `u16`. It lives in the first `CACHE`
//! unit after every `BINARY_OP` and decides when the instruction (re-)specializes.

/// `_Py_BackoffCounter`: `as_counter = value << 4 | backoff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackoffCounter {
    pub as_counter: u16,
}

impl BackoffCounter {
    /// `make_backoff_counter`: value (12 bits) above backoff (4 bits).
    pub fn new(value: u16, backoff: u16) -> Self {
        BackoffCounter {
            as_counter: ((value & 0xFFF) << 4) | (backoff & 0xF),
        }
    }

    /// The 12-bit countdown.
    pub fn value(self) -> u16 {
        self.as_counter >> 4
    }

    /// The 4-bit exponent.
    pub fn backoff(self) -> u16 {
        self.as_counter & 0xF
    }

    /// Every family head starts here: it tries to specialize on its second execution.
    pub fn warmup() -> Self {
        Self::new(1, 1)
    }

    /// After a successful specialization: 52 deopts before the next attempt (832 = 0x340).
    pub fn cooldown() -> Self {
        Self::new(52, 0)
    }

    /// One execution of the generic instruction that did not try to specialize.
    pub fn advance(self) -> Self {
        Self::new(self.value().wrapping_sub(1), self.backoff())
    }

    /// Time to try: the value reads 0.
    pub fn triggers(self) -> bool {
        self.value() == 0
    }

    /// After a failed attempt: value 2^(b+1) - 1 with exponent b + 1, capped at 4095 and 12.
    pub fn restart(self) -> Self {
        let backoff = (self.backoff() + 1).min(12);
        Self::new((1 << backoff) - 1, backoff)
    }
}
