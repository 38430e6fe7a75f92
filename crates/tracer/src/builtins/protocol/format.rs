//! `format(v, spec)`: the format-spec mini-language as `FORMAT_SIMPLE` and `FORMAT_WITH_SPEC`
//! (and so every f-string) reach it (CPython's `PyObject_Format` and the `__format__` of
//! `int`, `float` and `str`).
//!
//! Widths and precisions come from user text, so the helpers here turn sizes the allocator
//! cannot provide into ValueError / MemoryError instead of aborting the process.

use crate::exceptions::{self as exc, PyResult};
use crate::object::{self, str::FormatSpec, type_name_of};
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// `format(v, spec)` (`FORMAT_SIMPLE` / `FORMAT_WITH_SPEC`).
    pub fn format_value(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        if spec.is_empty() {
            return self.to_str(v);
        }
        if let Value::Instance(inst) = v {
            if let Some(r) = self.call_dunder_opt(v, "__format__", &[Value::str(spec)])? {
                return self.expect_str(r, "__format__");
            }
            if let Some(p) = &inst.payload {
                return self.format_value(&p.clone(), spec);
            }
        }
        let f =
            FormatSpec::parse(spec).ok_or_else(|| exc::value_error("Invalid format specifier"))?;
        check_spec_size(&f)?;
        match v {
            Value::Float(_) if f.no_neg_zero => {
                Err(super::super::unsupported("the 'z' format option"))
            }
            Value::Float(x) => format_float(x.get(), &f),
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
                if f.no_neg_zero {
                    return Err(super::super::unsupported("the 'z' format option"));
                }
                if matches!(f.ty, Some('f' | 'F' | 'e' | 'E' | 'g' | 'G' | '%')) {
                    return format_float(int_to_float(v)?, &f);
                }
                if f.precision.is_some() {
                    return Err(exc::value_error(
                        "Precision not allowed in integer format specifier",
                    ));
                }
                format_int(v, &f)
            }
            Value::Str(s) => {
                if let Some(g) = f.grouping.filter(|_| matches!(f.ty, None | Some('s'))) {
                    return Err(exc::value_error(format!("Cannot specify '{g}' with 's'.")));
                }
                if matches!(f.ty, Some(t) if t != 's') {
                    return Err(exc::value_error(format!(
                        "Unknown format code '{}' for object of type 'str'",
                        f.ty.unwrap_or('s')
                    )));
                }
                let refused = match (f.sign, f.no_neg_zero, f.alternate, f.align) {
                    (Some(' '), ..) => Some("Space"),
                    (Some(_), ..) => Some("Sign"),
                    (None, true, ..) => Some("Negative zero coercion (z)"),
                    (None, false, true, _) => Some("Alternate form (#)"),
                    (None, false, false, Some('=')) => Some("'=' alignment"),
                    _ => None,
                };
                if let Some(what) = refused {
                    return Err(exc::value_error(format!(
                        "{what} not allowed in string format specifier"
                    )));
                }
                let mut text = s.as_str().to_string();
                if let Some(p) = f.precision {
                    text = text.chars().take(p).collect();
                }
                Ok(f.pad(&text, false))
            }
            // `object.__format__` takes only an empty spec.
            _ => Err(exc::type_error(format!(
                "unsupported format string passed to {}.__format__",
                type_name_of(v)
            ))),
        }
    }
}

/// `format(float, spec)`. A precision is a count of digits to produce, so one the allocator
/// cannot provide raises MemoryError instead of aborting the process.
fn format_float(x: f64, f: &FormatSpec) -> PyResult<String> {
    if let Some(p) = f.precision.filter(|&p| p <= i32::MAX as usize) {
        crate::object::str::reserve_check(p)?;
    }
    object::float::format(x, f).map_err(exc::value_error)
}

/// An int as a float for the float presentation types.
fn int_to_float(v: &Value) -> PyResult<f64> {
    object::int::to_f64(v)
        .ok_or_else(|| exc::new("OverflowError", "int too large to convert to float"))
}

/// `format(int, spec)`.
fn format_int(v: &Value, f: &FormatSpec) -> PyResult<String> {
    // A machine int in decimal, the usual f-string case, needs no big-int conversion.
    if let (Value::Int(i), None | Some('d' | 'n')) = (v, f.ty) {
        let mut buf = [0u8; 20];
        return Ok(finish_int(
            f,
            *i < 0,
            decimal_digits(i.unsigned_abs(), &mut buf),
        ));
    }
    let big = object::int::to_big(v).unwrap_or_default();
    let neg = big < num_bigint::BigInt::from(0);
    let mag = if neg { -big } else { big };
    let digits = match f.ty {
        None | Some('d') | Some('n') => object::int::to_decimal(&mag)?,
        Some('x') => mag.to_str_radix(16),
        Some('X') => mag.to_str_radix(16).to_uppercase(),
        Some('o') => mag.to_str_radix(8),
        Some('b') => mag.to_str_radix(2),
        Some('c') => char::from_u32(num_traits::ToPrimitive::to_u32(&mag).unwrap_or(0))
            .unwrap_or('?')
            .to_string(),
        Some(t) => {
            return Err(exc::value_error(format!(
                "Unknown format code '{t}' for object of type 'int'"
            )))
        }
    };
    Ok(finish_int(f, neg, &digits))
}

/// `n` in decimal, written from the end of `buf` (20 bytes hold any u64).
fn decimal_digits(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("0")
}

/// Sign, prefix, grouping and padding around the digits of a formatted int.
fn finish_int(f: &FormatSpec, neg: bool, digits: &str) -> String {
    let prefix = match (f.alternate, f.ty) {
        (true, Some('x')) => "0x",
        (true, Some('X')) => "0X",
        (true, Some('o')) => "0o",
        (true, Some('b')) => "0b",
        _ => "",
    };
    let sign = match (neg, f.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    };
    // `_` groups hex, octal and binary digits by four; everything else groups by three.
    let group = f.grouping.map(|sep| match f.ty {
        Some('x' | 'X' | 'o' | 'b') => (sep, 4),
        _ => (sep, 3),
    });
    f.pad_number(sign, prefix, digits, "", group)
}

/// Width and precision come from user text: numbers beyond `isize` are rejected like CPython
/// does, and a width the allocator cannot provide raises MemoryError instead of aborting.
fn check_spec_size(f: &FormatSpec) -> PyResult<()> {
    let too_long = |n: Option<usize>| n.is_some_and(|n| n > isize::MAX as usize);
    if too_long(f.width) || too_long(f.precision) {
        return Err(exc::value_error("Too many decimal digits in format string"));
    }
    // Only a width too big to be an everyday one needs asking the allocator first.
    match f.width {
        Some(w) if w >= 1 << 20 => crate::object::str::reserve_check(w),
        _ => Ok(()),
    }
}
