//! The `math` module, every function of CPython 3.13's, with its special values and its
//! errors: a NaN from a non-NaN argument is `ValueError: math domain error`, an infinity from a
//! finite argument `OverflowError: math range error` where the function can overflow (`exp`,
//! `cosh`) and a domain error where it cannot (a singularity such as `atanh(1)`).
//!
//! The elementary functions are the platform C library's (Rust's `f64` methods call the same
//! libm CPython links against), so results agree bit for bit. Where CPython computes something
//! itself, so does this module, the same way: `gamma`/`lgamma` (Lanczos sums, `math/special.rs`),
//! `fsum` (Shewchuk's exact partials), `hypot`/`dist` (scaled, compensated vector norm),
//! `sumprod` (triple-length accumulation), `remainder`, `pow`'s and `atan2`'s special cases,
//! and logarithms of ints too large for a float (`math/sums.rs`, `math/float_ops.rs`,
//! `math/integer.rs`). The calling conventions (`METH_O` for one argument, `METH_FASTCALL`)
//! are CPython's, so calls specialize as CPython's do (`CALL_BUILTIN_O`, `CALL_BUILTIN_FAST`).
//!
//! ```text
//!   math.exp(1000)     exp -> inf from a finite x, can overflow  -> OverflowError
//!   math.sqrt(-1)      sqrt -> nan from a non-NaN x              -> ValueError
//!   math.log(10**400)  too big for a float: frexp, log(m) + log(2) * e
//! ```

pub mod erf;
pub mod float_ops;
pub mod integer;
pub mod special;
pub mod sums;

use crate::builtins::args::{Sig, Style};
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::dict::str_key;
use crate::object::{type_name_of, CallConv, Dict, FloatKernel, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// `PyFloat_AsDouble`: a float, an int (exactly rounded), or an object with `__float__` or
/// `__index__`; anything else is "must be real number, not str".
pub fn to_double(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(f.get()),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => int_to_double(v),
        Value::Instance(_) => {
            if let Some(r) = vm.call_dunder_opt(v, "__float__", &[])? {
                return match r {
                    Value::Float(f) => Ok(f.get()),
                    other => Err(exc::type_error(format!(
                        "{}.__float__ returned non-float (type {})",
                        type_name_of(v),
                        type_name_of(&other)
                    ))),
                };
            }
            match crate::builtins::args::index(vm, v) {
                Ok(i) => int_to_double(&i),
                Err(_) => Err(not_real(v)),
            }
        }
        other => Err(not_real(other)),
    }
}

fn not_real(v: &Value) -> PyErr {
    exc::type_error(format!("must be real number, not {}", type_name_of(v)))
}

fn int_to_double(v: &Value) -> PyResult<f64> {
    crate::object::int::to_f64(v)
        .ok_or_else(|| exc::new("OverflowError", "int too large to convert to float"))
}

pub fn domain_error() -> PyErr {
    exc::value_error("math domain error")
}

pub fn range_error() -> PyErr {
    exc::new("OverflowError", "math range error")
}

/// `math_1`: `f(x)` with CPython's rules for a NaN or an infinity coming out of a number.
pub fn math_1(x: f64, r: f64, can_overflow: bool) -> PyResult<Value> {
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error()
        } else {
            domain_error()
        });
    }
    Ok(Value::float(r))
}

/// `math_2`: `f(x, y)` with the same rules for two arguments (an infinity overflows).
pub fn math_2(x: f64, y: f64, r: f64) -> PyResult<Value> {
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range_error());
    }
    Ok(Value::float(r))
}

/// One argument, `METH_O`: checks the call and converts the argument to a float.
fn one(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>, sig: &'static Sig) -> PyResult<f64> {
    // The call every `CALL_BUILTIN_O` site makes: nothing for `bind` to check.
    if let ([x], []) = (a, kw) {
        return to_double(vm, x);
    }
    sig.bind(a, kw)?;
    to_double(vm, &a[0])
}

/// Two float arguments, `METH_FASTCALL`.
pub fn two(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>, sig: &'static Sig) -> PyResult<(f64, f64)> {
    sig.bind(a, kw)?;
    Ok((to_double(vm, &a[0])?, to_double(vm, &a[1])?))
}

/// Two arguments of any type, `METH_FASTCALL`.
pub fn two_args<'a>(
    a: &'a [Value],
    kw: KwArgs<'_>,
    sig: &'static Sig,
) -> PyResult<(&'a Value, &'a Value)> {
    sig.bind(a, kw)?;
    Ok((&a[0], &a[1]))
}

/// A `METH_O` function of `math` that applies a libm-style `f64 -> f64` function through
/// `math_1` (the first argument of the macro is the Python name, the last `can_overflow`),
/// and its float kernel `$name::kernel` ([`crate::object::Builtin::float_kernel`]: a module of the same
/// name, which Rust keeps apart from the function's), listed in [`KERNELS`].
macro_rules! func1 {
    ($name:ident, $f:expr, $overflow:expr) => {
        fn $name(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
            static SIG: Sig = Sig::positional(stringify!($name), 1, 1)
                .in_module("math")
                .style(Style::One);
            let x = one(vm, a, kw, &SIG)?;
            let f: fn(f64) -> f64 = $f;
            math_1(x, f(x), $overflow)
        }
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            /// The function on a float, for machine code: a finite result is the one
            /// `math_1` accepts unchanged (it raises only for a NaN or an infinity).
            pub extern "C" fn kernel(x: f64) -> f64 {
                let f: fn(f64) -> f64 = $f;
                f(x)
            }
        }
    };
}

func1!(acos, f64::acos, false);
func1!(acosh, special::acosh, false);
func1!(asin, f64::asin, false);
func1!(asinh, special::asinh, false);
func1!(atan, f64::atan, false);
func1!(atanh, special::atanh, false);
func1!(cbrt, special::cbrt, false);
func1!(cos, f64::cos, false);
func1!(cosh, f64::cosh, true);
func1!(exp, f64::exp, true);
func1!(exp2, f64::exp2, true);
func1!(expm1, f64::exp_m1, true);
func1!(fabs, f64::abs, false);
func1!(log1p, special::log1p, false);
func1!(sin, f64::sin, false);
func1!(sinh, f64::sinh, true);
func1!(sqrt, f64::sqrt, false);
func1!(tan, f64::tan, false);
func1!(tanh, f64::tanh, false);

/// The `func1!` functions' float kernels ([`crate::object::Builtin::float_kernel`]).
const KERNELS: &[(&str, FloatKernel)] = &[
    ("acos", acos::kernel),
    ("acosh", acosh::kernel),
    ("asin", asin::kernel),
    ("asinh", asinh::kernel),
    ("atan", atan::kernel),
    ("atanh", atanh::kernel),
    ("cbrt", cbrt::kernel),
    ("cos", cos::kernel),
    ("cosh", cosh::kernel),
    ("exp", exp::kernel),
    ("exp2", exp2::kernel),
    ("expm1", expm1::kernel),
    ("fabs", fabs::kernel),
    ("log1p", log1p::kernel),
    ("sin", sin::kernel),
    ("sinh", sinh::kernel),
    ("sqrt", sqrt::kernel),
    ("tan", tan::kernel),
    ("tanh", tanh::kernel),
];

/// A `METH_O` function of one float with its own result (`isnan`, `degrees`, `ulp`).
macro_rules! float_fn {
    ($name:ident, |$x:ident| $body:expr) => {
        fn $name(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
            static SIG: Sig = Sig::positional(stringify!($name), 1, 1)
                .in_module("math")
                .style(Style::One);
            let $x = one(vm, a, kw, &SIG)?;
            Ok($body)
        }
    };
}

float_fn!(isfinite, |x| Value::bool(x.is_finite()));
float_fn!(isinf, |x| Value::bool(x.is_infinite()));
float_fn!(isnan, |x| Value::bool(x.is_nan()));
float_fn!(degrees, |x| Value::float(
    x * (180.0 / std::f64::consts::PI)
));
float_fn!(radians, |x| Value::float(
    x * (std::f64::consts::PI / 180.0)
));
float_fn!(ulp, |x| Value::float(float_ops::ulp(x)));

/// Error-raising functions of one float that CPython wraps with `math_1a` (errno decides).
macro_rules! func1a {
    ($name:ident, $f:expr) => {
        fn $name(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
            static SIG: Sig = Sig::positional(stringify!($name), 1, 1)
                .in_module("math")
                .style(Style::One);
            let x = one(vm, a, kw, &SIG)?;
            let f: fn(f64) -> PyResult<f64> = $f;
            f(x).map(Value::float)
        }
    };
}

func1a!(gamma, special::tgamma);
func1a!(lgamma, special::lgamma);
func1a!(erf, |x| Ok(erf::erf(x)));
func1a!(erfc, |x| Ok(erf::erfc(x)));

/// A fresh `math` module object.
pub fn module(_: &mut Vm) -> Value {
    use CallConv::*;
    let mut d = Dict::new();
    let fns: &[(&'static str, CallConv, crate::object::BuiltinFn)] = &[
        ("acos", O, acos),
        ("acosh", O, acosh),
        ("asin", O, asin),
        ("asinh", O, asinh),
        ("atan", O, atan),
        ("atan2", Fast, float_ops::atan2),
        ("atanh", O, atanh),
        ("cbrt", O, cbrt),
        ("ceil", O, float_ops::ceil),
        ("comb", Fast, integer::comb),
        ("copysign", Fast, float_ops::copysign),
        ("cos", O, cos),
        ("cosh", O, cosh),
        ("degrees", O, degrees),
        ("dist", Fast, sums::dist),
        ("erf", O, erf),
        ("erfc", O, erfc),
        ("exp", O, exp),
        ("exp2", O, exp2),
        ("expm1", O, expm1),
        ("fabs", O, fabs),
        ("factorial", O, integer::factorial),
        ("floor", O, float_ops::floor),
        ("fma", Fast, float_ops::fma),
        ("fmod", Fast, float_ops::fmod),
        ("frexp", O, float_ops::frexp),
        ("fsum", O, sums::fsum),
        ("gamma", O, gamma),
        ("gcd", Fast, integer::gcd),
        ("hypot", Fast, sums::hypot),
        ("isclose", FastKw, float_ops::isclose),
        ("isfinite", O, isfinite),
        ("isinf", O, isinf),
        ("isnan", O, isnan),
        ("isqrt", O, integer::isqrt),
        ("lcm", Fast, integer::lcm),
        ("ldexp", Fast, float_ops::ldexp),
        ("lgamma", O, lgamma),
        ("log", Fast, float_ops::log),
        ("log10", O, float_ops::log10),
        ("log1p", O, log1p),
        ("log2", O, float_ops::log2),
        ("modf", O, float_ops::modf),
        ("nextafter", FastKw, float_ops::nextafter),
        ("perm", Fast, integer::perm),
        ("pow", Fast, float_ops::pow),
        ("prod", FastKw, sums::prod),
        ("radians", O, radians),
        ("remainder", Fast, float_ops::remainder),
        ("sin", O, sin),
        ("sinh", O, sinh),
        ("sqrt", O, sqrt),
        ("sumprod", Fast, sums::sumprod),
        ("tan", O, tan),
        ("tanh", O, tanh),
        ("trunc", O, float_ops::trunc),
        ("ulp", O, ulp),
    ];
    for &(name, conv, func) in fns {
        let kernel = KERNELS.iter().find(|k| k.0 == name).map(|k| k.1);
        d.insert(
            str_key(name),
            crate::builtins::module_builtin_with("math", name, conv, func, kernel),
        );
    }
    d.insert(str_key("pi"), Value::float(std::f64::consts::PI));
    d.insert(str_key("e"), Value::float(std::f64::consts::E));
    d.insert(str_key("tau"), Value::float(std::f64::consts::TAU));
    d.insert(str_key("inf"), Value::float(f64::INFINITY));
    d.insert(str_key("nan"), Value::float(f64::NAN));
    super::new_module("math", d)
}
