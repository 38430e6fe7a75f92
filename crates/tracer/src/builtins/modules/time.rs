//! The `time` module's clocks: `time`/`time_ns` (the wall clock), `perf_counter`,
//! `monotonic` (and their `_ns` forms, one monotonic clock as CPython uses on Linux),
//! `process_time` (CPU time of the process) and `sleep`. The calendar half of CPython's module
//! (`gmtime`, `strftime`, `struct_time`, ...) is not here and is refused by name.
//!
//! ```text
//!   time.time()          seconds since the epoch, a float (SystemTime)
//!   time.perf_counter()  seconds on a monotonic clock with an arbitrary start (Instant)
//!   time.process_time()  CPU seconds of this process (/proc/self/schedstat on Linux)
//! ```

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::builtins::args::{Sig, Style};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

fn no_args(a: &[Value], kw: KwArgs<'_>, sig: &'static Sig) -> PyResult<()> {
    sig.bind(a, kw).map(|_| ())
}

/// Nanoseconds since the epoch.
fn wall_ns() -> i128 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// Nanoseconds on the monotonic clock, counted from the first reading in this process (the
/// reference point of `perf_counter` is undefined in CPython too).
fn monotonic_ns_now() -> u128 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos()
}

/// CPU time of this process in nanoseconds, where the platform tells.
fn process_ns() -> Option<u128> {
    let text = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn int_ns(ns: i128) -> Value {
    match i64::try_from(ns) {
        Ok(n) => Value::Int(n),
        Err(_) => Value::from_bigint(num_bigint::BigInt::from(ns)),
    }
}

macro_rules! clock {
    ($name:ident, $body:expr) => {
        fn $name(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
            static SIG: Sig = Sig::positional(stringify!($name), 0, 0)
                .in_module("time")
                .style(Style::NoArgs);
            no_args(a, kw, &SIG)?;
            $body
        }
    };
}

clock!(time, Ok(Value::float(wall_ns() as f64 / 1e9)));
clock!(time_ns, Ok(int_ns(wall_ns())));
clock!(
    perf_counter,
    Ok(Value::float(monotonic_ns_now() as f64 / 1e9))
);
clock!(perf_counter_ns, Ok(int_ns(monotonic_ns_now() as i128)));
clock!(monotonic, Ok(Value::float(monotonic_ns_now() as f64 / 1e9)));
clock!(monotonic_ns, Ok(int_ns(monotonic_ns_now() as i128)));
clock!(
    process_time,
    process_ns()
        .map(|ns| Value::float(ns as f64 / 1e9))
        .ok_or_else(|| crate::builtins::unsupported("time.process_time on this platform"))
);
clock!(
    process_time_ns,
    process_ns()
        .map(|ns| int_ns(ns as i128))
        .ok_or_else(|| crate::builtins::unsupported("time.process_time_ns on this platform"))
);

fn sleep(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("sleep", 1, 1)
        .in_module("time")
        .style(Style::One);
    SIG.bind(a, kw)?;
    let secs = match &a[0] {
        Value::Float(f) => f.get(),
        v @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => crate::object::int::to_f64(v)
            .ok_or_else(|| {
                exc::new(
                    "OverflowError",
                    "timestamp too large to convert to C _PyTime_t",
                )
            })?,
        other => {
            return Err(exc::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name_of(other)
            )))
        }
    };
    if secs.is_nan() {
        return Err(exc::value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(exc::value_error("sleep length must be non-negative"));
    }
    let d = Duration::try_from_secs_f64(secs).map_err(|_| {
        exc::new(
            "OverflowError",
            "timestamp too large to convert to C _PyTime_t",
        )
    })?;
    std::thread::sleep(d);
    Ok(Value::None)
}

/// A fresh `time` module object.
pub fn module(_: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, crate::object::BuiltinFn)] = &[
        ("monotonic", NoArgs, monotonic),
        ("monotonic_ns", NoArgs, monotonic_ns),
        ("perf_counter", NoArgs, perf_counter),
        ("perf_counter_ns", NoArgs, perf_counter_ns),
        ("process_time", NoArgs, process_time),
        ("process_time_ns", NoArgs, process_time_ns),
        ("sleep", O, sleep),
        ("time", NoArgs, time),
        ("time_ns", NoArgs, time_ns),
    ];
    super::add_functions(&mut d, "time", fns);
    super::new_module("time", d)
}
