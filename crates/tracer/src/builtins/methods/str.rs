//! Methods of `str` (and `bytes.decode`, the inverse of `str.encode`): splitting, stripping,
//! case mapping, searching with CPython's `[start:end]` windows, padding and `str.format`.
//! They share a few argument helpers (the `self` check, the search window, the pad width),
//! which is why they live together and apart from the container methods.

use std::rc::Rc;

use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::{type_name_of, KwArgs, PyStr};
use crate::value::Value;
use crate::vm::Vm;

fn this_str(args: &[Value]) -> PyResult<Rc<PyStr>> {
    match args.first() {
        Some(Value::Str(s)) => Ok(s.clone()),
        _ => Err(exc::type_error("descriptor requires a 'str' object")),
    }
}

fn str_arg<'a>(v: Option<&'a Value>, what: &str) -> PyResult<Option<&'a str>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(exc::type_error(format!(
            "{what} arg must be None or str, not {}",
            type_name_of(other)
        ))),
    }
}

pub(super) fn str_join(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let sep = this_str(args)?;
    // As PySequence_Fast: a TypeError from iter() becomes the join-specific message.
    let items = match vm.get_iter(&args[1]) {
        Err(PyErr::Lazy(l)) if l.0 == "TypeError" => {
            return Err(exc::type_error("can only join an iterable"))
        }
        Err(e) => return Err(e),
        Ok(it) => vm.collect(&it)?,
    };
    let mut parts = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Str(s) => parts.push(s.as_str().to_string()),
            other => {
                return Err(exc::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    type_name_of(other)
                )))
            }
        }
    }
    Ok(Value::str(parts.join(sep.as_str())))
}

pub(super) fn str_split(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let sep = str_arg(args.get(1).or_else(|| vm.kwarg(kw, "sep")), "sep")?;
    let maxsplit = match args.get(2).or_else(|| vm.kwarg(kw, "maxsplit")) {
        Some(Value::Int(n)) => *n,
        _ => -1,
    };
    let parts: Vec<Value> = match sep {
        None => {
            let words = s.as_str().split_whitespace();
            if maxsplit < 0 {
                words.map(Value::str).collect()
            } else {
                let mut out = Vec::new();
                let mut rest = s.as_str().trim_start();
                for _ in 0..maxsplit {
                    match rest.find(char::is_whitespace) {
                        Some(i) => {
                            out.push(Value::str(&rest[..i]));
                            rest = rest[i..].trim_start();
                        }
                        None => break,
                    }
                }
                if !rest.is_empty() {
                    out.push(Value::str(rest));
                }
                out
            }
        }
        Some("") => return Err(exc::value_error("empty separator")),
        Some(sep) => {
            if maxsplit < 0 {
                s.as_str().split(sep).map(Value::str).collect()
            } else {
                s.as_str()
                    .splitn(maxsplit as usize + 1, sep)
                    .map(Value::str)
                    .collect()
            }
        }
    };
    Ok(Value::list(parts))
}

/// `str.rsplit`: like `split` but `maxsplit` counts from the right.
pub(super) fn str_rsplit(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let sep = str_arg(args.get(1).or_else(|| vm.kwarg(kw, "sep")), "sep")?;
    let maxsplit = match args.get(2).or_else(|| vm.kwarg(kw, "maxsplit")) {
        Some(Value::Int(n)) => *n,
        _ => -1,
    };
    if maxsplit < 0 {
        // Without a limit the splits are the same from either end.
        return str_split(vm, args, kw);
    }
    let mut parts: Vec<Value> = match sep {
        None => {
            let mut out = Vec::new();
            let mut rest = s.as_str().trim_end();
            for _ in 0..maxsplit {
                let Some(i) = rest.rfind(char::is_whitespace) else {
                    break;
                };
                let width = rest[i..].chars().next().map_or(1, char::len_utf8);
                out.push(Value::str(&rest[i + width..]));
                rest = rest[..i].trim_end();
            }
            if !rest.is_empty() {
                out.push(Value::str(rest));
            }
            out
        }
        Some("") => return Err(exc::value_error("empty separator")),
        Some(sep) => s
            .as_str()
            .rsplitn(maxsplit as usize + 1, sep)
            .map(Value::str)
            .collect(),
    };
    parts.reverse();
    Ok(Value::list(parts))
}

fn strip_chars(args: &[Value]) -> PyResult<Option<Vec<char>>> {
    Ok(str_arg(args.get(1), "strip")?.map(|c| c.chars().collect()))
}

pub(super) fn str_strip(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::str(match strip_chars(args)? {
        Some(cs) => s.as_str().trim_matches(|c| cs.contains(&c)),
        None => s.as_str().trim(),
    }))
}

pub(super) fn str_lstrip(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::str(match strip_chars(args)? {
        Some(cs) => s.as_str().trim_start_matches(|c| cs.contains(&c)),
        None => s.as_str().trim_start(),
    }))
}

pub(super) fn str_rstrip(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::str(match strip_chars(args)? {
        Some(cs) => s.as_str().trim_end_matches(|c| cs.contains(&c)),
        None => s.as_str().trim_end(),
    }))
}

pub(super) fn str_upper(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::str(this_str(args)?.as_str().to_uppercase()))
}

pub(super) fn str_lower(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::str(this_str(args)?.as_str().to_lowercase()))
}

pub(super) fn str_capitalize(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let mut chars = s.as_str().chars();
    Ok(Value::str(match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
        None => String::new(),
    }))
}

pub(super) fn str_title(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let mut out = String::new();
    let mut prev_alpha = false;
    for c in s.as_str().chars() {
        if prev_alpha {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_alpha = c.is_alphabetic();
    }
    Ok(Value::str(out))
}

pub(super) fn str_replace(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let (Some(Value::Str(old)), Some(Value::Str(new))) = (args.get(1), args.get(2)) else {
        return Err(exc::type_error("replace() arguments must be str"));
    };
    Ok(Value::str(match args.get(3) {
        Some(Value::Int(n)) if *n >= 0 => {
            s.as_str().replacen(old.as_str(), new.as_str(), *n as usize)
        }
        _ => s.as_str().replace(old.as_str(), new.as_str()),
    }))
}

fn char_to_byte(s: &str, ci: usize) -> usize {
    s.char_indices().nth(ci).map_or(s.len(), |(b, _)| b)
}

fn byte_to_char(s: &str, bi: usize) -> usize {
    s[..bi].chars().count()
}

/// The `[start:end]` window of a search method, as byte offsets.
fn window(s: &PyStr, args: &[Value]) -> (usize, usize) {
    let len = s.char_len() as i64;
    let norm = |v: Option<&Value>, d: i64| match v {
        Some(Value::Int(i)) => {
            if *i < 0 {
                (*i + len).max(0)
            } else {
                (*i).min(len)
            }
        }
        _ => d,
    };
    let (a, b) = (norm(args.get(2), 0), norm(args.get(3), len));
    let b = b.max(a);
    (
        char_to_byte(s.as_str(), a as usize),
        char_to_byte(s.as_str(), b as usize),
    )
}

fn sub_arg(args: &[Value], what: &str) -> PyResult<Rc<PyStr>> {
    match args.get(1) {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(other) => Err(exc::type_error(format!(
            "must be str, not {}",
            type_name_of(other)
        ))),
        None => Err(exc::type_error(format!(
            "{what}() takes at least 1 argument (0 given)"
        ))),
    }
}

pub(super) fn str_count(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let sub = sub_arg(args, "count")?;
    let (a, b) = window(&s, args);
    let hay = &s.as_str()[a..b];
    let n = if sub.as_str().is_empty() {
        hay.chars().count() + 1
    } else {
        hay.matches(sub.as_str()).count()
    };
    Ok(Value::Int(n as i64))
}

fn find_in(args: &[Value], what: &str) -> PyResult<Option<usize>> {
    let s = this_str(args)?;
    let sub = sub_arg(args, what)?;
    let (a, b) = window(&s, args);
    Ok(s.as_str()[a..b]
        .find(sub.as_str())
        .map(|i| byte_to_char(s.as_str(), a + i)))
}

pub(super) fn str_find(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Int(find_in(args, "find")?.map_or(-1, |i| i as i64)))
}

pub(super) fn str_index(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    find_in(args, "index")?
        .map(|i| Value::Int(i as i64))
        .ok_or_else(|| exc::value_error("substring not found"))
}

fn affix_test(args: &[Value], test: fn(&str, &str) -> bool, what: &str) -> PyResult<Value> {
    let s = this_str(args)?;
    let (a, b) = window(&s, args);
    let hay = &s.as_str()[a..b];
    match args.get(1) {
        Some(Value::Str(p)) => Ok(Value::Bool(test(hay, p.as_str()))),
        Some(Value::Tuple(t)) => Ok(Value::Bool(
            t.iter().any(|p| p.as_str().is_some_and(|p| test(hay, p))),
        )),
        Some(other) => Err(exc::type_error(format!(
            "{what} first arg must be str or a tuple of str, not {}",
            type_name_of(other)
        ))),
        None => Err(exc::type_error(format!(
            "{what}() takes at least 1 argument (0 given)"
        ))),
    }
}

pub(super) fn str_startswith(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    affix_test(args, |h, p| h.starts_with(p), "startswith")
}

pub(super) fn str_endswith(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    affix_test(args, |h, p| h.ends_with(p), "endswith")
}

fn char_test(args: &[Value], f: fn(char) -> bool) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::Bool(
        !s.as_str().is_empty() && s.as_str().chars().all(f),
    ))
}

pub(super) fn str_isdigit(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    char_test(args, |c| c.is_ascii_digit())
}

pub(super) fn str_isalpha(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    char_test(args, char::is_alphabetic)
}

pub(super) fn str_isspace(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    char_test(args, char::is_whitespace)
}

pub(super) fn str_isupper(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::Bool(
        s.as_str().chars().any(char::is_uppercase) && !s.as_str().chars().any(char::is_lowercase),
    ))
}

pub(super) fn str_islower(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::Bool(
        s.as_str().chars().any(char::is_lowercase) && !s.as_str().chars().any(char::is_uppercase),
    ))
}

fn justify(args: &[Value], align: char) -> PyResult<Value> {
    let s = this_str(args)?;
    let width = width_arg(args.get(1))?;
    let fill = match args.get(2) {
        Some(Value::Str(f)) => f.as_str().chars().next().unwrap_or(' '),
        _ => ' ',
    };
    let spec = crate::object::str::FormatSpec {
        fill: Some(fill),
        align: Some(align),
        width: Some(width),
        ..Default::default()
    };
    let mut out = spec.pad(s.as_str(), false);
    if align == '^' {
        // str.center puts the extra fill char on the right only when the padding is odd and
        // the width is odd, unlike format's '^'; CPython: left = pad/2 + (pad & width & 1).
        let len = s.char_len();
        if width > len {
            let pad = width - len;
            let left = pad / 2 + (pad & width & 1);
            let f: String = std::iter::repeat_n(fill, left).collect();
            let r: String = std::iter::repeat_n(fill, pad - left).collect();
            out = format!("{f}{}{r}", s.as_str());
        }
    }
    Ok(Value::str(out))
}

pub(super) fn str_ljust(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    justify(args, '<')
}

pub(super) fn str_rjust(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    justify(args, '>')
}

pub(super) fn str_center(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    justify(args, '^')
}

pub(super) fn str_zfill(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let width = width_arg(args.get(1))?;
    let spec = crate::object::str::FormatSpec {
        zero: true,
        width: Some(width),
        ..Default::default()
    };
    Ok(Value::str(spec.pad(s.as_str(), true)))
}

pub(super) fn str_encode(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Bytes(Rc::new(
        this_str(args)?.as_str().as_bytes().to_vec(),
    )))
}

pub(super) fn bytes_decode(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    match &args[0] {
        Value::Bytes(b) => Ok(Value::str(String::from_utf8_lossy(b).into_owned())),
        _ => Err(exc::type_error("decode() requires bytes")),
    }
}

/// `str.format`: `{}`, `{0}`, `{name}`, with conversions and specs.
pub(super) fn str_format(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let pos = &args[1..];
    let mut out = String::new();
    let mut auto = 0;
    let text = s.as_str();
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for (_, d) in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                    field.push(d);
                }
                let (head, spec) = field
                    .split_once(':')
                    .map_or((field.as_str(), ""), |(a, b)| (a, b));
                let (name, conv) = head
                    .split_once('!')
                    .map_or((head, None), |(a, b)| (a, Some(b)));
                let index = if name.is_empty() {
                    auto += 1;
                    Some(auto - 1)
                } else {
                    name.parse::<usize>().ok()
                };
                let value = match index {
                    Some(i) => pos.get(i).cloned().ok_or_else(|| {
                        exc::new(
                            "IndexError",
                            format!("Replacement index {i} out of range for positional args tuple"),
                        )
                    })?,
                    None => match vm.kwarg(kw, name).cloned() {
                        Some(v) => v,
                        None => return Err(vm.key_error(&Value::str(name))),
                    },
                };
                let value = match conv {
                    Some("r") => Value::str(vm.repr(&value)?),
                    Some("s") => Value::str(vm.to_str(&value)?),
                    _ => value,
                };
                out.push_str(&vm.format_value(&value, spec)?);
            }
            c => out.push(c),
        }
    }
    Ok(Value::str(out))
}

/// The width of `str.ljust/rjust/center/zfill`: a big int does not fit an index, and a width
/// too large to allocate raises MemoryError (both as in CPython).
fn width_arg(v: Option<&Value>) -> PyResult<usize> {
    let width = match v {
        Some(Value::Int(w)) => (*w).max(0) as usize,
        Some(Value::Bool(b)) => *b as usize,
        Some(Value::BigInt(_)) => {
            return Err(exc::new(
                "OverflowError",
                "Python int too large to convert to C ssize_t",
            ))
        }
        _ => 0,
    };
    crate::object::str::reserve_check(width)?;
    Ok(width)
}
