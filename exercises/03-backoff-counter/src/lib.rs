//! Exercise 03: the 16-bit adaptive counter that decides when CPython 3.13 specializes.
//!
//! Every specializable instruction (every *family* head: `BINARY_OP`, `LOAD_ATTR`, `CALL`, ...)
//! is followed by inline `CACHE` code units, and the first one is this counter. CPython calls
//! the type `_Py_BackoffCounter` (Include/internal/pycore_backoff.h). It packs two fields into
//! one `u16`:
//!
//! ```text
//!   bit 15                 4 3        0
//!      +--------------------+----------+
//!      |  value (12 bits)   | backoff  |     as_counter = value << 4 | backoff
//!      +--------------------+----------+
//!   warmup   value 1,  backoff 1   ->   1 << 4 | 1 =  17 (0x011)
//!   cooldown value 52, backoff 0   ->  52 << 4 | 0 = 832 (0x340)
//! ```
//!
//! The generic instruction counts `value` down by one per execution (`advance`); when it reads
//! 0 (`triggers`) the instruction tries to specialize. Success rewrites the opcode and sets the
//! counter to `cooldown`; failure keeps the generic opcode and *backs off*: the next attempt
//! waits roughly twice as long as the last one (`restart`).
//!
//! Replace each `todo!()` so that `cargo test` passes; README.md has the worked schedule.

/// Bits of the 16-bit word that hold the backoff exponent (the low 4).
pub const BACKOFF_BITS: u16 = 4;
/// The exponent stops growing here: 2^12 - 1 = 4095 is the largest 12-bit value.
pub const MAX_BACKOFF: u16 = 12;
/// A new instruction specializes on its second execution: value 1, backoff 1.
pub const ADAPTIVE_WARMUP_VALUE: u16 = 1;
pub const ADAPTIVE_WARMUP_BACKOFF: u16 = 1;
/// After a successful specialization: 52 guard failures before the next attempt.
pub const ADAPTIVE_COOLDOWN_VALUE: u16 = 52;
pub const ADAPTIVE_COOLDOWN_BACKOFF: u16 = 0;

/// CPython's `_Py_BackoffCounter`: a 12-bit countdown `value` and a 4-bit `backoff` exponent in
/// one 16-bit word, `as_counter` (the number `dis` prints as `counter: 832`).
///
/// Invariant: `value() <= 0xFFF` and `backoff() <= 15`, which holds for every `u16`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackoffCounter {
    pub as_counter: u16,
}

impl BackoffCounter {
    /// CPython's `make_backoff_counter`: pack `value` (at most 0xFFF) above `backoff` (at most
    /// 15). Values that do not fit are a caller bug, so they are masked, not reported.
    pub fn new(value: u16, backoff: u16) -> Self {
        let _ = (value, backoff);
        todo!("shift `value` left by BACKOFF_BITS and OR in `backoff`")
    }

    /// The 12-bit countdown: the high 12 bits of the word.
    pub fn value(self) -> u16 {
        let _ = self;
        todo!("the high 12 bits of `as_counter`")
    }

    /// The 4-bit exponent: the low 4 bits of the word.
    pub fn backoff(self) -> u16 {
        let _ = self;
        todo!("the low 4 bits of `as_counter`")
    }

    /// `adaptive_counter_warmup()`: the counter every family head starts with.
    pub fn warmup() -> Self {
        todo!("value ADAPTIVE_WARMUP_VALUE, backoff ADAPTIVE_WARMUP_BACKOFF")
    }

    /// `adaptive_counter_cooldown()`: the counter after a successful specialization.
    pub fn cooldown() -> Self {
        todo!("value ADAPTIVE_COOLDOWN_VALUE, backoff ADAPTIVE_COOLDOWN_BACKOFF")
    }

    /// `advance_backoff_counter`: one execution that did not trigger. The value goes down by
    /// one (modulo 12 bits, as in CPython) and the exponent is kept.
    pub fn advance(self) -> Self {
        let _ = self;
        todo!("one less in `value`, the same `backoff`")
    }

    /// `backoff_counter_triggers`: time to (re-)specialize when the value reads 0.
    pub fn triggers(self) -> bool {
        let _ = self;
        todo!("is `value` zero?")
    }

    /// `restart_backoff_counter` (`adaptive_counter_backoff`): after a failed attempt, wait
    /// 2^(b+1) - 1 executions with exponent b + 1, where b is the current exponent; from
    /// exponent 12 on, stay at 4095 and 12.
    pub fn restart(self) -> Self {
        let _ = self;
        todo!("value 2^(b+1) - 1 and backoff b + 1, capped at MAX_BACKOFF")
    }
}
