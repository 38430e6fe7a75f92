//! More `str` methods, the ones that split or transform text by a rule of their own:
//! `partition`, `rpartition`, `splitlines`, `swapcase`, `removeprefix`/`removesuffix` and
//! `expandtabs`, and the character-class tests beyond `isalpha`/`isspace`. Registered by
//! `methods::install`.
//!
//! The numeric classes (`isdecimal`, `isnumeric`, `isdigit`, `isalnum`) depend on Unicode's
//! Numeric_Type, which Rust's `char` does not expose: they answer ASCII text exactly, as
//! CPython does, and refuse other text by name rather than guess.

use super::args::Sig;
use super::methods::str_sig::{noargs, one};
use crate::exceptions::{self as exc, PyResult};
use crate::object::{type_name_of, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// `self` of a bound `str` method (checked by `Sig::bind`).
fn this(args: &[Value]) -> &str {
    args.first().and_then(Value::as_str).unwrap_or("")
}

/// The separator of `partition`/`rpartition`: a non-empty str.
fn separator(args: &[Value]) -> PyResult<&str> {
    match args.get(1) {
        Some(Value::Str(s)) if s.as_str().is_empty() => Err(exc::value_error("empty separator")),
        Some(Value::Str(s)) => Ok(s.as_str()),
        Some(other) => Err(exc::type_error(format!(
            "must be str, not {}",
            type_name_of(other)
        ))),
        None => Err(exc::type_error(
            "partition() takes exactly one argument (0 given)",
        )),
    }
}

fn triple(a: &str, b: &str, c: &str) -> Value {
    Value::tuple(vec![Value::str(a), Value::str(b), Value::str(c)])
}

/// `str.partition(sep)`: `(head, sep, tail)` around the first `sep`, or `(s, '', '')`.
pub fn str_partition(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("partition");
    SIG.bind(args, kw)?;
    let (s, sep) = (this(args), separator(args)?);
    Ok(match s.split_once(sep) {
        Some((head, tail)) => triple(head, sep, tail),
        None => triple(s, "", ""),
    })
}

/// `str.rpartition(sep)`: around the last `sep`, or `('', '', s)`.
pub fn str_rpartition(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("rpartition");
    SIG.bind(args, kw)?;
    let (s, sep) = (this(args), separator(args)?);
    Ok(match s.rsplit_once(sep) {
        Some((head, tail)) => triple(head, sep, tail),
        None => triple("", "", s),
    })
}

/// The line boundaries `str.splitlines` knows (CPython's `Py_UNICODE_ISLINEBREAK`); `\r\n`
/// counts as one.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `str.splitlines(keepends=False)`.
pub fn str_splitlines(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("splitlines", &["keepends"], 0, 0).of("str");
    let a = SIG.bind(args, kw)?;
    let s = this(args);
    let keep = match a.get(0) {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_line_break(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, d)| d == '\n') {
            chars.next();
            end += 1;
        }
        lines.push(Value::str(&s[start..if keep { end } else { i }]));
        start = end;
    }
    if start < s.len() {
        lines.push(Value::str(&s[start..]));
    }
    Ok(Value::list(lines))
}

/// `str.swapcase()`.
pub fn str_swapcase(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("swapcase");
    SIG.bind(args, kw)?;
    let s = this(args);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    Ok(Value::str(out))
}

/// Refuses non-ASCII text for a test that needs Unicode's Numeric_Type (see the module docs).
pub(crate) fn ascii_only(args: &[Value], method: &str) -> PyResult<()> {
    if this(args).is_ascii() {
        Ok(())
    } else {
        Err(super::unsupported(&format!(
            "str.{method}() of non-ASCII text"
        )))
    }
}

/// A test of every character, false for the empty string (CPython's `is*` methods).
fn all_chars(s: &str, f: impl Fn(char) -> bool) -> Value {
    Value::bool(!s.is_empty() && s.chars().all(f))
}

/// `str.isascii()`: true for the empty string too.
pub fn str_isascii(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("isascii");
    SIG.bind(args, kw)?;
    Ok(Value::bool(this(args).is_ascii()))
}

pub fn str_isdecimal(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("isdecimal");
    SIG.bind(args, kw)?;
    ascii_only(args, "isdecimal")?;
    Ok(all_chars(this(args), |c| c.is_ascii_digit()))
}

pub fn str_isnumeric(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("isnumeric");
    SIG.bind(args, kw)?;
    ascii_only(args, "isnumeric")?;
    Ok(all_chars(this(args), |c| c.is_ascii_digit()))
}

pub fn str_isalnum(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("isalnum");
    SIG.bind(args, kw)?;
    ascii_only(args, "isalnum")?;
    Ok(all_chars(this(args), |c| c.is_ascii_alphanumeric()))
}

/// `str.isidentifier()`: XID_Start (or `_`) then XID_Continue, keywords included.
pub fn str_isidentifier(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("isidentifier");
    SIG.bind(args, kw)?;
    let mut chars = this(args).chars();
    let ok = chars
        .next()
        .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c))
        && chars.all(unicode_ident::is_xid_continue);
    Ok(Value::bool(ok))
}

/// `str.istitle()`: uppercase (or titlecase) letters only after uncased characters, lowercase
/// ones only after cased characters, and at least one cased character.
pub fn str_istitle(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("istitle");
    SIG.bind(args, kw)?;
    let (mut cased, mut previous_cased) = (false, false);
    for c in this(args).chars() {
        if c.is_uppercase() {
            if previous_cased {
                return Ok(Value::bool(false));
            }
            previous_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !previous_cased {
                return Ok(Value::bool(false));
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    Ok(Value::bool(cased))
}

/// The affix argument of `removeprefix`/`removesuffix`.
fn affix<'a>(args: &'a [Value], method: &str) -> PyResult<&'a str> {
    match args.get(1) {
        Some(Value::Str(s)) => Ok(s.as_str()),
        Some(other) => Err(exc::type_error(format!(
            "{method}() argument must be str, not {}",
            super::args::arg_type_name(other)
        ))),
        None => Ok(""),
    }
}

/// `str.removeprefix(prefix)`.
pub fn str_removeprefix(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("removeprefix");
    SIG.bind(args, kw)?;
    let s = this(args);
    let p = affix(args, "removeprefix")?;
    Ok(match s.strip_prefix(p) {
        Some(rest) if !p.is_empty() => Value::str(rest),
        _ => args[0].clone(),
    })
}

/// `str.removesuffix(suffix)`.
pub fn str_removesuffix(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("removesuffix");
    SIG.bind(args, kw)?;
    let s = this(args);
    let p = affix(args, "removesuffix")?;
    Ok(match s.strip_suffix(p) {
        Some(rest) if !p.is_empty() => Value::str(rest),
        _ => args[0].clone(),
    })
}

/// `str.expandtabs(tabsize=8)`: each tab becomes spaces up to the next multiple of
/// `tabsize` (columns restart after `\n` and `\r`); a tabsize of 0 or less removes tabs.
pub fn str_expandtabs(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("expandtabs", &["tabsize"], 0, 0).of("str");
    let a = SIG.bind(args, kw)?;
    let tabsize = match a.get(0) {
        Some(v) => super::args::index_ssize(vm, v)?,
        None => 8,
    };
    let mut out = String::new();
    let mut column: i64 = 0;
    for c in this(args).chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let pad = tabsize - column % tabsize;
                    out.extend(std::iter::repeat_n(' ', pad as usize));
                    column += pad;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(Value::str(out))
}
