//! `str`: an immutable Unicode string, its `repr`, and the format-spec mini-language
//! (`f"{x:>8.3f}"`, `format(x, ",")`) shared by `int`, `float` and `str`.
//!
//! Indexing is by code point as in Python. Most strings in the programs are ASCII, so the
//! struct remembers that and indexes bytes directly; other strings walk `chars()`.

use std::cell::Cell;

mod unprintable;

/// A Python `str`.
pub struct PyStr {
    s: String,
    /// Invariant: true iff every char is ASCII (then byte index == char index).
    ascii: bool,
    /// Cached hash (0 = not computed yet).
    hash: Cell<u64>,
}

impl PyStr {
    /// Wraps a Rust string.
    pub fn new(s: String) -> PyStr {
        let ascii = s.is_ascii();
        PyStr {
            s,
            ascii,
            hash: Cell::new(0),
        }
    }

    /// The UTF-8 text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// `len(s)`: the number of code points.
    pub fn char_len(&self) -> usize {
        if self.ascii {
            self.s.len()
        } else {
            self.s.chars().count()
        }
    }

    /// The code point at `index` (already bounds-normalized), as a one-char string.
    pub fn char_at(&self, index: usize) -> Option<char> {
        if self.ascii {
            self.s.as_bytes().get(index).map(|&b| b as char)
        } else {
            self.s.chars().nth(index)
        }
    }

    /// True when all chars are ASCII.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// A deterministic string hash (CPython randomizes str hashes; programs must not depend
    /// on them, so any good hash will do). Never 0 so 0 can mean "not cached".
    pub fn hash(&self) -> u64 {
        let h = self.hash.get();
        if h != 0 {
            return h;
        }
        let h = hash_text(&self.s);
        self.hash.set(h);
        h
    }
}

/// The hash `PyStr::hash` caches, from the text alone (lookups by `&str`).
pub fn hash_text(s: &str) -> u64 {
    // FNV-1a: simple and adequate for interpreter dictionaries.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 2).max(1)
}

/// `repr(s)`: quotes chosen as CPython does (single unless the text has `'` and no `"`).
pub fn repr(s: &str) -> String {
    let quote = repr_quote(s.contains('\''), s.contains('"'));
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        push_repr_char(&mut out, c, quote);
    }
    out.push(quote);
    out
}

/// `repr` of a str given as code points, lone surrogates included (they print as `\udc80`,
/// being unprintable); for listings of constants a Rust `str` cannot hold.
pub fn repr_code_points(units: &[u32]) -> String {
    let has = |c: char| units.contains(&u32::from(c));
    let quote = repr_quote(has('\''), has('"'));
    let mut out = String::with_capacity(units.len() + 2);
    out.push(quote);
    for &u in units {
        match char::from_u32(u) {
            Some(c) => push_repr_char(&mut out, c, quote),
            None => out.push_str(&format!("\\u{u:04x}")),
        }
    }
    out.push(quote);
    out
}

/// CPython's choice: single quotes, unless the text has one and no double quote.
fn repr_quote(has_single: bool, has_double: bool) -> char {
    if has_single && !has_double {
        '"'
    } else {
        '\''
    }
}

/// One character of `repr`, escaped as CPython escapes it.
fn push_repr_char(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        // C0 controls, DEL and the C1 controls are not printable: CPython escapes them.
        c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
            out.push_str(&format!("\\x{:02x}", c as u32));
        }
        c if !is_printable_beyond_latin1_controls(c) => {
            let n = c as u32;
            match n {
                0..=0xff => out.push_str(&format!("\\x{n:02x}")),
                0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
                _ => out.push_str(&format!("\\U{n:08x}")),
            }
        }
        c => out.push(c),
    }
}

/// `str.isprintable` for the characters `repr` meets past the C0/C1 controls: false for the
/// ranges of `unprintable.rs` (generated from Python 3.13's own `str.isprintable`).
fn is_printable_beyond_latin1_controls(c: char) -> bool {
    let n = c as u32;
    if n < 0x100 {
        return !matches!(n, 0xa0 | 0xad);
    }
    let table = unprintable::UNPRINTABLE;
    let i = table.partition_point(|&(_, end)| end < n);
    table.get(i).is_none_or(|&(start, _)| start > n)
}

/// `repr(b)` of a bytes object.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Debug, Default, Clone)]
pub struct FormatSpec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    /// The `z` option: negative zero coerced to positive zero (floats only).
    pub no_neg_zero: bool,
    pub alternate: bool,
    pub zero: bool,
    pub width: Option<usize>,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

impl FormatSpec {
    /// Parses a spec; `None` when it is malformed.
    pub fn parse(spec: &str) -> Option<FormatSpec> {
        // Specs are short (`>6`, `03d`): decode them on the stack, not into a fresh Vec.
        let mut small = ['\0'; 24];
        let heap: Vec<char>;
        let chars: &[char] = if spec.len() <= small.len() {
            let mut n = 0;
            for c in spec.chars() {
                small[n] = c;
                n += 1;
            }
            &small[..n]
        } else {
            heap = spec.chars().collect();
            &heap
        };
        let mut i = 0;
        let mut f = FormatSpec::default();
        let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
        if chars.len() >= 2 && is_align(chars[1]) {
            f.fill = Some(chars[0]);
            f.align = Some(chars[1]);
            i = 2;
        } else if !chars.is_empty() && is_align(chars[0]) {
            f.align = Some(chars[0]);
            i = 1;
        }
        if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
            f.sign = Some(chars[i]);
            i += 1;
        }
        if i < chars.len() && chars[i] == 'z' {
            f.no_neg_zero = true;
            i += 1;
        }
        if i < chars.len() && chars[i] == '#' {
            f.alternate = true;
            i += 1;
        }
        if i < chars.len() && chars[i] == '0' {
            f.zero = true;
            i += 1;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i > start {
            f.width = Some(saturating_number(&chars[start..i]));
        }
        if i < chars.len() && matches!(chars[i], ',' | '_') {
            f.grouping = Some(chars[i]);
            i += 1;
        }
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return None;
            }
            f.precision = Some(saturating_number(&chars[start..i]));
        }
        if i < chars.len() {
            f.ty = Some(chars[i]);
            i += 1;
        }
        (i == chars.len()).then_some(f)
    }

    /// Pads `body` (already signed) to the width; `numeric` enables `=` and zero padding.
    pub fn pad(&self, body: &str, numeric: bool) -> String {
        let width = self.width.unwrap_or(0);
        let len = body.chars().count();
        if len >= width {
            return body.to_string();
        }
        let (fill, align) = self.fill_align(numeric);
        let n = width - len;
        let pad = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
        match align {
            '<' => format!("{body}{}", pad(n)),
            '^' => format!("{}{body}{}", pad(n / 2), pad(n - n / 2)),
            '=' => {
                let (sign, digits) = split_sign(body);
                format!("{sign}{}{digits}", pad(n))
            }
            _ => format!("{}{body}", pad(n)),
        }
    }
}

impl FormatSpec {
    /// The effective fill and alignment. The `0` flag only supplies defaults: fill `0` unless a
    /// fill is given, and (for numbers) `=` unless an alignment is given, so `>08` pads with
    /// zeros on the left of the sign.
    fn fill_align(&self, numeric: bool) -> (char, char) {
        let fill = self.fill.unwrap_or(if self.zero { '0' } else { ' ' });
        let default_align = match (numeric, self.zero) {
            (true, true) => '=',
            (true, false) => '>',
            (false, _) => '<',
        };
        (fill, self.align.unwrap_or(default_align))
    }

    /// Pads a number given in parts: `sign`, radix `prefix` (`0x`), integer `digits` and the
    /// rest (`.5e+00`). `group` is `(separator, group size)` when the digits are grouped. With
    /// `0` fill and `=` alignment the padding zeros are digits too and get separators, so the
    /// result can be one character wider than asked (`format(255, "08,")` is `0,000,255`).
    pub fn pad_number(
        &self,
        sign: &str,
        prefix: &str,
        digits: &str,
        suffix: &str,
        group: Option<(char, usize)>,
    ) -> String {
        let (fill, align) = self.fill_align(true);
        let width = self.width.unwrap_or(0);
        let fixed = sign.len() + prefix.len() + suffix.chars().count();
        let grouped: std::borrow::Cow<'_, str> = match group {
            Some((sep, size)) if fill == '0' && align == '=' => {
                group_to_width(digits, sep, size, width.saturating_sub(fixed)).into()
            }
            Some((sep, size)) => group_digits_by(digits, sep, size).into(),
            None => digits.into(),
        };
        let n = width.saturating_sub(fixed + grouped.chars().count());
        // Built with pushes into one buffer: this runs for every `{i:>6}` of an f-string.
        let (before, inside, after) = match align {
            '=' => (0, n, 0),
            '<' => (0, 0, n),
            '^' => (n / 2, 0, n - n / 2),
            _ => (n, 0, 0),
        };
        let pad = |out: &mut String, k: usize| out.extend(std::iter::repeat_n(fill, k));
        let mut out = String::with_capacity(
            sign.len() + prefix.len() + grouped.len() + suffix.len() + n * fill.len_utf8(),
        );
        pad(&mut out, before);
        out.push_str(sign);
        out.push_str(prefix);
        pad(&mut out, inside);
        out.push_str(&grouped);
        out.push_str(suffix);
        pad(&mut out, after);
        out
    }
}

/// A run of ASCII digits as a number, `usize::MAX` when it does not fit: the caller reports
/// "Too many decimal digits" for anything past `isize::MAX`, as CPython does.
fn saturating_number(digits: &[char]) -> usize {
    digits
        .iter()
        .try_fold(0usize, |n, d| {
            n.checked_mul(10)?.checked_add(d.to_digit(10)? as usize)
        })
        .unwrap_or(usize::MAX)
}

/// Groups `digits`, prepending zeros until the grouped text is at least `min_width` long.
fn group_to_width(digits: &str, sep: char, size: usize, min_width: usize) -> String {
    let mut digits = digits.to_string();
    loop {
        let grouped = group_digits_by(&digits, sep, size);
        if grouped.chars().count() >= min_width {
            return grouped;
        }
        digits.insert(0, '0');
    }
}

fn split_sign(body: &str) -> (&str, &str) {
    if body.starts_with(['-', '+', ' ']) {
        body.split_at(1)
    } else {
        ("", body)
    }
}

/// Inserts a thousands separator into a run of decimal digits.
pub fn group_digits(digits: &str, sep: char) -> String {
    group_digits_by(digits, sep, 3)
}

/// Inserts `sep` every `size` digits from the right (4 for `_` in hex, octal and binary).
pub fn group_digits_by(digits: &str, sep: char, size: usize) -> String {
    let bytes = digits.as_bytes();
    let mut out = String::with_capacity(digits.len() + digits.len() / size);
    for (i, &b) in bytes.iter().enumerate() {
        if i > 0 && (bytes.len() - i).is_multiple_of(size) {
            out.push(sep);
        }
        out.push(b as char);
    }
    out
}

/// Fails with MemoryError when a string of `len` bytes cannot be allocated: padding widths come
/// from user input, and an infallible allocation of that size would abort the process.
pub fn reserve_check(len: usize) -> crate::exceptions::PyResult<()> {
    let mut probe = String::new();
    probe
        .try_reserve_exact(len)
        .map_err(|_| crate::exceptions::new("MemoryError", ""))
}
