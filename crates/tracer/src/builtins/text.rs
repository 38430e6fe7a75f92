//! More `str` methods, the ones that split or transform text by a rule of their own:
//! `partition`, `rpartition`, `splitlines` and `swapcase`. Registered by `methods::install`.

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
