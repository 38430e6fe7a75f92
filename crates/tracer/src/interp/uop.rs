//! The uop functions: what each micro-op of [`crate::uops::table`] does, written once and run
//! by both tiers.
//!
//! Tier 1 runs a specialized instruction as its uops in a row (`interp/forms.rs`) and a
//! generic instruction as its single uop after the adaptive counter; the uop interpreter
//! (`interp/tier2.rs`) runs them one by one from a trace. Every function has the same shape:
//!
//! ```text
//!   fn uop(vm, frame, Args { oparg, operand, object }) -> PyResult<Step>
//!     Ok(Continue)  done, go on                     (the stack effect happened)
//!     Ok(Deopt)     a guard failed, nothing changed (tier 1: generic instruction;
//!                                                    tier 2: the uop's exit or deopt stub)
//!     Ok(Jumped)    moved the pc or switched frames (tier 1 only stops the instruction)
//!     Err(e)        raised                          (tier 2: the error stub)
//! ```
//!
//! Guards never panic on a value they did not expect: a failed check is a `Deopt`, and an
//! action handed something its guard should have excluded raises `SystemError` instead.

pub mod arith;
pub mod attr;
pub mod call;
pub mod containers;
pub mod context;
pub mod frame;
pub mod globals;
pub mod iter;
pub mod locals;
pub mod pattern;

use crate::exceptions::{self as exc, PyErr};

/// The error an action raises when its guards were bypassed (a bug, never user input).
#[cold]
pub(crate) fn broken(uop: &str) -> PyErr {
    exc::new(
        "SystemError",
        format!("{uop}: operands do not match the guards that precede it"),
    )
}
