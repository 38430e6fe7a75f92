//! `float`: CPython's `repr` (shortest round-trip digits), format specs and hashing.
//!
//! Rust's `{:e}` formatting already yields the shortest digit string that reads back to the
//! same `f64` (the property CPython's `repr` has had since 3.1), so `repr` only re-arranges
//! those digits by CPython's rule: positional notation when the decimal exponent is in
//! `-4..16`, otherwise `d.ddde+XX`. One correction: for a value exactly halfway between two
//! shortest candidates (`1249158152965308.25`) CPython's `dtoa` takes the even last digit
//! (`...308.2`) where Rust may take the odd one. Fixed-precision formats (`.2f`, `.3e`) use
//! Rust's exact decimal rounding, which matches C's `printf` that CPython relies on.

use super::str::FormatSpec;

/// Splits `x` (finite, non-negative) into its shortest round-trip digits and decimal exponent:
/// `x == 0.d1d2d3... * 10^(exp+1)`, i.e. the first digit has weight `10^exp`.
fn shortest_digits(x: f64) -> (String, i32) {
    let (digits, exp) = split_e(&format!("{x:e}"));
    if digits.len() >= 16 && digits.ends_with(['1', '3', '5', '7']) {
        if let Some(even) = tie_to_even(x, &digits, exp) {
            return (even, exp);
        }
    }
    (digits, exp)
}

/// The digits and decimal exponent of a `{:e}` rendering.
fn split_e(s: &str) -> (String, i32) {
    let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// When `x` lies exactly halfway between two shortest round-trip candidates (one of them
/// `digits`, with an odd last digit), the other one: CPython's `dtoa` breaks that tie to the
/// even digit (`1249158152965308.25` prints as `...308.2`), where Rust's shortest formatting
/// may pick the odd one.
fn tie_to_even(x: f64, digits: &str, exp: i32) -> Option<String> {
    let n = digits.len();
    // x rounded to one digit more: a tie shows as the candidates' common prefix and a 5.
    let (longer, exp2) = split_e(&format!("{x:.n$e}"));
    if exp2 != exp || !longer.ends_with('5') {
        return None;
    }
    // Exactly halfway only if nothing follows the 5 (a double's expansion is finite).
    let (exact, _) = split_e(&format!("{x:.800e}"));
    if exact[n + 1..].bytes().any(|b| b != b'0') {
        return None;
    }
    let lower = &longer[..n];
    let other = if lower == digits {
        // The upper candidate: the last digit plus one (an odd digit never carries).
        let last = lower.as_bytes()[n - 1] - b'0';
        format!("{}{}", &lower[..n - 1], last + 1)
    } else {
        lower.to_string()
    };
    let back: f64 = format!("0.{other}e{}", exp + 1).parse().ok()?;
    (back == x).then_some(other)
}

/// `repr(x)` exactly as CPython prints it.
/// `x // y` and `x % y` for floats (`y != 0`), as CPython's `float_divmod`: the quotient is
/// `(x - x % y) / y` snapped to the nearest integer, not `floor(x / y)`: `1.0 // 0.1` is
/// `9.0` (the division rounds 9.999... up to 10.0), and a zero remainder takes `y`'s sign.
pub fn div_mod(x: f64, y: f64) -> (f64, f64) {
    let mut rem = x % y;
    let mut div = (x - rem) / y;
    if rem != 0.0 {
        if (y < 0.0) != (rem < 0.0) {
            rem += y;
            div -= 1.0;
        }
    } else {
        rem = 0.0f64.copysign(y);
    }
    let quot = if div != 0.0 {
        let floor = div.floor();
        if div - floor > 0.5 {
            floor + 1.0
        } else {
            floor
        }
    } else {
        0.0f64.copysign(x / y)
    };
    (quot, rem)
}

pub fn repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let (digits, exp) = shortest_digits(x.abs());
    if (-4..16).contains(&exp) {
        format!("{sign}{}", positional(&digits, exp, 1))
    } else {
        format!("{sign}{}", exponential(&digits, exp))
    }
}

/// Places the decimal point in `digits` (first digit of weight `10^exp`), keeping at least
/// `min_frac` fractional digits.
fn positional(digits: &str, exp: i32, min_frac: usize) -> String {
    let mut out = String::new();
    if exp < 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
        out.push_str(digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(digits);
            out.extend(std::iter::repeat_n('0', int_len - digits.len()));
            if min_frac > 0 {
                out.push('.');
                out.extend(std::iter::repeat_n('0', min_frac));
            }
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
    out
}

/// `d.ddde+XX` with CPython's at-least-two-digit exponent.
fn exponential(digits: &str, exp: i32) -> String {
    let mut out = String::new();
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    out.push_str(&exp_suffix(exp));
    out
}

fn exp_suffix(exp: i32) -> String {
    format!("e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

/// Digits Rust's `{:.N}` is asked for at most. Every finite `f64` has an exact decimal
/// expansion of at most 1074 fractional digits (767 significant ones), so digits past this cap
/// are zeros and can be appended as text; Rust itself rejects precisions above `u16::MAX`, while
/// CPython accepts any precision up to `INT_MAX`.
const EXACT_DIGITS: usize = 1100;

/// `x` with `prec` fractional digits (`%.*f`), any `prec`.
fn fixed(x: f64, prec: usize) -> String {
    let shown = prec.min(EXACT_DIGITS);
    let mut s = format!("{x:.shown$}");
    s.extend(std::iter::repeat_n('0', prec - shown));
    s
}

/// `%e` with `prec` fractional digits, CPython style (`1.50e+03`), any `prec`.
fn fmt_e(x: f64, prec: usize) -> String {
    let shown = prec.min(EXACT_DIGITS);
    let s = format!("{x:.shown$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let zeros: String = std::iter::repeat_n('0', prec - shown).collect();
    format!("{m}{zeros}{}", exp_suffix(e.parse().unwrap_or(0)))
}

/// `%g`-style: `prec` significant digits. `add_dot_0` is the no-type variant of `format`
/// (`format(x, ".3")`): it switches to exponent notation one digit earlier than `g` does and
/// keeps a `.0` on integral results, so `format(123.0, ".3")` is `1.23e+02`, not `123`.
/// `alternate` (`#`) keeps trailing zeros; its decimal point is added by the caller.
fn fmt_g(x: f64, prec: usize, alternate: bool, add_dot_0: bool) -> String {
    let prec = prec.max(1);
    let e_form = fmt_e(x, prec - 1);
    let exp: i64 = e_form
        .rsplit_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let strip = |s: String| -> String {
        if alternate || !s.contains('.') {
            return s;
        }
        let (m, rest) = s.split_at(s.find('e').unwrap_or(s.len()));
        let m = m.trim_end_matches('0').trim_end_matches('.');
        format!("{m}{rest}")
    };
    // CPython's rule, in terms of the decimal point's position `exp + 1`.
    let limit = if add_dot_0 {
        prec as i64 - 1
    } else {
        prec as i64
    };
    if exp >= -4 && exp < limit {
        let frac = (prec as i64 - 1 - exp).max(0) as usize;
        let mut s = strip(fixed(x, frac));
        if add_dot_0 && !s.contains('.') {
            s.push_str(".0");
        }
        s
    } else {
        strip(e_form)
    }
}

/// The digits of `a` (finite, non-negative) for a presentation type, before `#` and padding.
/// Invariant: `ty` is one of the codes [`format`] accepts, with `%` already turned into `f`.
fn digits(a: f64, ty: Option<char>, precision: Option<usize>, alternate: bool) -> String {
    match (ty, precision) {
        (None, None) => repr(a),
        (None, Some(p)) => fmt_g(a, p, alternate, true),
        (Some('f' | 'F'), p) => fixed(a, p.unwrap_or(6)),
        (Some('e'), p) => fmt_e(a, p.unwrap_or(6)),
        (Some('E'), p) => fmt_e(a, p.unwrap_or(6)).to_uppercase(),
        (Some('G'), p) => fmt_g(a, p.unwrap_or(6), alternate, false).to_uppercase(),
        // `g`, and `n`: `g` with the locale's separators, none in the C locale the VM runs in.
        (Some(_), p) => fmt_g(a, p.unwrap_or(6), alternate, false),
    }
}

/// `format(x, spec)` for a float.
pub fn format(x: f64, spec: &FormatSpec) -> Result<String, String> {
    if let Some(t) = spec.ty.filter(|t| !"fFeEgGn%".contains(*t)) {
        return Err(format!(
            "Unknown format code '{t}' for object of type 'float'"
        ));
    }
    // CPython keeps the precision in a C int.
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err("precision too big".to_string());
    }
    // `%` is `f` of the value times 100 (which may overflow to inf), then a `%` sign.
    let (x, ty, suffix) = match spec.ty {
        Some('%') => (x * 100.0, Some('f'), "%"),
        t => (x, t, ""),
    };
    let neg = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let mut body = if a.is_finite() {
        digits(a, ty, spec.precision, spec.alternate)
    } else {
        let s = if a.is_nan() { "nan" } else { "inf" };
        if matches!(ty, Some('E' | 'F' | 'G')) {
            s.to_uppercase()
        } else {
            s.to_string()
        }
    };
    // `#` keeps the decimal point even with no digits after it (`format(3.0, "#.0f")` is "3.",
    // `format(3.0, "#.1")` is "3.e+00").
    if spec.alternate && a.is_finite() {
        let end = body
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len());
        if !body[end..].starts_with('.') {
            body.insert(end, '.');
        }
    }
    body.push_str(suffix);
    let sign = match (neg, spec.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    };
    // Only the integer digits are grouped; inf and nan are padded but never grouped.
    let end = if a.is_finite() {
        body.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len())
    } else {
        body.len()
    };
    let group = spec.grouping.filter(|_| a.is_finite()).map(|sep| (sep, 3));
    Ok(spec.pad_number(sign, "", &body[..end], &body[end..], group))
}

/// `round(x, ndigits)` with CPython's correctly rounded decimal result.
pub fn round_to(x: f64, ndigits: i64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    if ndigits >= 0 {
        let n = ndigits.min(400) as usize;
        format!("{x:.n$}").parse().unwrap_or(x)
    } else {
        let p = 10f64.powi(ndigits.saturating_neg().min(308) as i32);
        (x / p).round_ties_even() * p
    }
}

/// CPython's `hash(float)`: equal to `hash(int(x))` for integral values, so `1 == 1.0` keys
/// collide as they must. Uses the modulus 2**61 - 1 of `sys.hash_info`.
pub fn hash(x: f64) -> i64 {
    const BITS: i32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if x.is_infinite() {
        return if x > 0.0 { 314_159 } else { -314_159 };
    }
    if x.is_nan() {
        return 0;
    }
    let (mut m, mut e) = frexp(x.abs());
    let mut acc: u64 = 0;
    while m != 0.0 {
        acc = ((acc << 28) & MODULUS) | (acc >> (BITS - 28));
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        acc += y;
        if acc >= MODULUS {
            acc -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS
    } else {
        BITS - 1 - ((-1 - e) % BITS)
    };
    acc = ((acc << e) & MODULUS) | (acc >> (BITS - e));
    let mut h = acc as i64;
    if x < 0.0 {
        h = -h;
    }
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `frexp`: `x == m * 2**e` with `0.5 <= m < 1` (for finite non-zero `x`).
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (0.0, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_cpython() {
        for (x, s) in [
            (1.0, "1.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0.0"),
            (1.5e300, "1.5e+300"),
            (123.456, "123.456"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(repr(x), s);
        }
    }

    #[test]
    fn hash_of_integral_float_is_int_hash() {
        assert_eq!(hash(1.0), 1);
        assert_eq!(hash(-1.0), -2);
        assert_eq!(hash(0.5), 1 << 60);
    }
}
