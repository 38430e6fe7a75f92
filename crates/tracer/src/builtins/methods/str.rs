//! Methods of `str` (and `bytes.decode`, the inverse of `str.encode`): splitting, stripping,
//! case mapping, searching with CPython's `[start:end]` windows, padding and `str.format`.
//! They share a few argument helpers (the `self` check, the search window, the pad width),
//! which is why they live together and apart from the container methods.

use std::rc::Rc;

use crate::builtins::args::{self, Bound, Sig, Style};
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::{type_name_of, KwArgs, PyStr};
use crate::value::Value;
use crate::vm::Vm;

/// A `METH_O` method of `str`.
pub(crate) const fn one(name: &'static str) -> Sig {
    Sig::positional(name, 1, 1).of("str").style(Style::One)
}

/// A `METH_NOARGS` method of `str`.
pub(crate) const fn noargs(name: &'static str) -> Sig {
    Sig::positional(name, 0, 0).of("str").style(Style::NoArgs)
}

/// `self` of a bound `str` method (checked by `Sig::bind`).
fn this_str(args: &[Value]) -> Rc<PyStr> {
    match args.first() {
        Some(Value::Str(s)) => s.clone(),
        _ => Rc::new(PyStr::new(String::new())),
    }
}

/// `sep` of `split`: "must be str or None, not int".
fn sep_arg(v: Option<&Value>) -> PyResult<Option<&str>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(exc::type_error(format!(
            "must be str or None, not {}",
            type_name_of(other)
        ))),
    }
}

/// `maxsplit`/`count`: an index, -1 when absent.
fn count_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        None => Ok(-1),
        Some(v) => args::index_ssize(vm, v),
    }
}

pub(super) fn str_join(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("join");
    SIG.bind(args, kw)?;
    let sep = this_str(args);
    // As PySequence_Fast: a TypeError from iter() becomes the join-specific message.
    let items = match vm.get_iter(&args[1]) {
        Err(PyErr::Lazy(l)) if l.0 == "TypeError" => {
            return Err(exc::type_error("can only join an iterable"))
        }
        Err(e) => return Err(e),
        Ok(it) => {
            // PySequence_Fast makes a list of the *iterator*, so that is what gets asked.
            vm.length_hint(&it)?;
            vm.collect(&it)?
        }
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

static SPLIT: Sig = Sig::keywords("split", &["sep", "maxsplit"], 0, 0).of("str");
static RSPLIT: Sig = Sig::keywords("rsplit", &["sep", "maxsplit"], 0, 0).of("str");

pub(super) fn str_split(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let a = SPLIT.bind(args, kw)?;
    split(vm, args, a)
}

fn split(vm: &mut Vm, args: &[Value], a: Bound<'_>) -> PyResult<Value> {
    let s = this_str(args);
    let sep = sep_arg(a.get(0))?;
    let maxsplit = count_arg(vm, a.get(1))?;
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
    let a = RSPLIT.bind(args, kw)?;
    let s = this_str(args);
    let sep = sep_arg(a.get(0))?;
    let maxsplit = count_arg(vm, a.get(1))?;
    if maxsplit < 0 {
        // Without a limit the splits are the same from either end.
        return split(vm, args, a);
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

/// The characters to strip: "strip arg must be None or str".
fn strip_chars(sig: &'static Sig, args: &[Value], kw: KwArgs<'_>) -> PyResult<Option<Vec<char>>> {
    let a = sig.bind(args, kw)?;
    match a.get(0) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(c)) => Ok(Some(c.as_str().chars().collect())),
        Some(_) => Err(exc::type_error(format!(
            "{} arg must be None or str",
            sig.name
        ))),
    }
}

pub(super) fn str_strip(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("strip", 0, 1).of("str");
    let chars = strip_chars(&SIG, args, kw)?;
    let s = this_str(args);
    Ok(Value::str(match chars {
        Some(cs) => s.as_str().trim_matches(|c| cs.contains(&c)),
        None => s.as_str().trim(),
    }))
}

pub(super) fn str_lstrip(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("lstrip", 0, 1).of("str");
    let chars = strip_chars(&SIG, args, kw)?;
    let s = this_str(args);
    Ok(Value::str(match chars {
        Some(cs) => s.as_str().trim_start_matches(|c| cs.contains(&c)),
        None => s.as_str().trim_start(),
    }))
}

pub(super) fn str_rstrip(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("rstrip", 0, 1).of("str");
    let chars = strip_chars(&SIG, args, kw)?;
    let s = this_str(args);
    Ok(Value::str(match chars {
        Some(cs) => s.as_str().trim_end_matches(|c| cs.contains(&c)),
        None => s.as_str().trim_end(),
    }))
}

pub(super) fn str_upper(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("upper");
    SIG.bind(args, kw)?;
    Ok(Value::str(this_str(args).as_str().to_uppercase()))
}

pub(super) fn str_lower(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("lower");
    SIG.bind(args, kw)?;
    Ok(Value::str(this_str(args).as_str().to_lowercase()))
}

pub(super) fn str_capitalize(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("capitalize");
    SIG.bind(args, kw)?;
    let s = this_str(args);
    let mut chars = s.as_str().chars();
    Ok(Value::str(match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
        None => String::new(),
    }))
}

pub(super) fn str_title(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("title");
    SIG.bind(args, kw)?;
    let s = this_str(args);
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

pub(super) fn str_replace(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("replace", &["old", "new", "count"], 2, 2).of("str");
    let a = SIG.bind(args, kw)?;
    let s = this_str(args);
    let old = args::str_arg(&a.positional()[0], "replace", "1")?;
    let new = args::str_arg(&a.positional()[1], "replace", "2")?;
    let count = count_arg(vm, a.get(2))?;
    let limit = usize::try_from(count).unwrap_or(usize::MAX);
    if !replace_surely_fits(s.as_str().len(), old.len(), new.len(), limit) {
        let times = if old.is_empty() {
            s.char_len() + 1
        } else {
            s.as_str().matches(old).count()
        };
        let grown = times.min(limit).saturating_mul(new.len());
        crate::object::str::reserve_check(s.as_str().len().saturating_add(grown))?;
    }
    Ok(Value::str(if count >= 0 {
        s.as_str().replacen(old, new, limit)
    } else {
        s.as_str().replace(old, new)
    }))
}

/// Whether `replace` on a string of `len` bytes certainly makes a result small enough to
/// allocate without asking first (under 64 MiB even if every possible match is replaced), so
/// the common case scans the string once instead of counting matches before replacing them.
fn replace_surely_fits(len: usize, old: usize, new: usize, limit: usize) -> bool {
    const SMALL: usize = 64 << 20;
    let most = len.checked_div(old).unwrap_or(len.saturating_add(1));
    let grown = most.min(limit).saturating_mul(new);
    len.saturating_add(grown) < SMALL
}

fn char_to_byte(s: &str, ci: usize) -> usize {
    s.char_indices().nth(ci).map_or(s.len(), |(b, _)| b)
}

fn byte_to_char(s: &str, bi: usize) -> usize {
    s[..bi].chars().count()
}

/// `start`/`end` of a search: None, or an index clamped as a `Py_ssize_t`.
fn slice_bound(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(i64::from(b.get()))),
        Some(Value::BigInt(b)) => Ok(Some(if num_traits::Signed::is_negative(&**b) {
            i64::MIN
        } else {
            i64::MAX
        })),
        Some(v @ Value::Instance(_)) => match args::index(vm, v) {
            Ok(Value::Int(i)) => Ok(Some(i)),
            Ok(_) => Ok(Some(i64::MAX)),
            Err(_) => Err(bad_slice_index()),
        },
        Some(_) => Err(bad_slice_index()),
    }
}

fn bad_slice_index() -> PyErr {
    exc::type_error("slice indices must be integers or None or have an __index__ method")
}

/// The `[start:end]` window of a search method, as byte offsets; `None` when it is empty
/// because `start` lies past `end` or past the string (CPython's `ADJUST_INDICES` leaves
/// such a start alone, so even an empty `sub` is not found there: `'abc'.find('', 5)` is -1).
fn window(vm: &mut Vm, s: &PyStr, a: &Bound<'_>) -> PyResult<Option<(usize, usize)>> {
    let len = s.char_len() as i64;
    let (start, end) = (slice_bound(vm, a.get(1))?, slice_bound(vm, a.get(2))?);
    let start = match start {
        Some(i) if i < 0 => i.saturating_add(len).max(0),
        Some(i) => i,
        None => 0,
    };
    let end = match end {
        Some(i) if i < 0 => i.saturating_add(len).max(0),
        Some(i) => i.min(len),
        None => len,
    };
    if start > end {
        return Ok(None);
    }
    Ok(Some((
        char_to_byte(s.as_str(), start as usize),
        char_to_byte(s.as_str(), end as usize),
    )))
}

/// `sub` of `count`/`find`/`index`: "count() argument 1 must be str, not int".
fn sub_arg(a: &Bound<'_>, what: &str) -> PyResult<Rc<PyStr>> {
    match a.get(0) {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(other) => {
            args::str_arg(other, what, "1")?;
            Err(bad_slice_index())
        }
        None => Err(exc::type_error(format!(
            "{what} expected at least 1 argument, got 0"
        ))),
    }
}

pub(super) fn str_count(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("count", 1, 3).of("str");
    let bound = SIG.bind(args, kw)?;
    let s = this_str(args);
    let sub = sub_arg(&bound, "count")?;
    let Some((a, b)) = window(vm, &s, &bound)? else {
        return Ok(Value::Int(0));
    };
    let hay = &s.as_str()[a..b];
    let n = if sub.as_str().is_empty() {
        hay.chars().count() + 1
    } else {
        hay.matches(sub.as_str()).count()
    };
    Ok(Value::Int(n as i64))
}

/// The first (or, `rev`, the last) match of `sub` in the window, as a char index.
fn find_in(
    vm: &mut Vm,
    sig: &'static Sig,
    args: &[Value],
    kw: KwArgs<'_>,
    rev: bool,
) -> PyResult<Option<usize>> {
    let bound = sig.bind(args, kw)?;
    let s = this_str(args);
    let sub = sub_arg(&bound, sig.name)?;
    let Some((a, b)) = window(vm, &s, &bound)? else {
        return Ok(None);
    };
    let hay = &s.as_str()[a..b];
    let found = if rev {
        hay.rfind(sub.as_str())
    } else {
        hay.find(sub.as_str())
    };
    Ok(found.map(|i| byte_to_char(s.as_str(), a + i)))
}

pub(super) fn str_find(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("find", 1, 3).of("str");
    Ok(Value::Int(
        find_in(vm, &SIG, args, kw, false)?.map_or(-1, |i| i as i64),
    ))
}

pub(super) fn str_rfind(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("rfind", 1, 3).of("str");
    Ok(Value::Int(
        find_in(vm, &SIG, args, kw, true)?.map_or(-1, |i| i as i64),
    ))
}

pub(super) fn str_rindex(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("rindex", 1, 3).of("str");
    find_in(vm, &SIG, args, kw, true)?
        .map(|i| Value::Int(i as i64))
        .ok_or_else(|| exc::value_error("substring not found"))
}

pub(super) fn str_index(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("index", 1, 3).of("str");
    find_in(vm, &SIG, args, kw, false)?
        .map(|i| Value::Int(i as i64))
        .ok_or_else(|| exc::value_error("substring not found"))
}

fn affix_test(
    vm: &mut Vm,
    sig: &'static Sig,
    args: &[Value],
    kw: KwArgs<'_>,
    test: fn(&str, &str) -> bool,
) -> PyResult<Value> {
    let bound = sig.bind(args, kw)?;
    let what = sig.name;
    let s = this_str(args);
    let prefixes: Vec<Rc<PyStr>> = match bound.get(0) {
        Some(Value::Str(p)) => vec![p.clone()],
        Some(Value::Tuple(t)) => {
            let mut out = Vec::with_capacity(t.len());
            for p in t.iter() {
                match p {
                    Value::Str(p) => out.push(p.clone()),
                    other => {
                        return Err(exc::type_error(format!(
                            "tuple for {what} must only contain str, not {}",
                            type_name_of(other)
                        )))
                    }
                }
            }
            out
        }
        Some(other) => {
            return Err(exc::type_error(format!(
                "{what} first arg must be str or a tuple of str, not {}",
                type_name_of(other)
            )))
        }
        None => Vec::new(),
    };
    let Some((a, b)) = window(vm, &s, &bound)? else {
        return Ok(Value::bool(false));
    };
    let hay = &s.as_str()[a..b];
    Ok(Value::bool(prefixes.iter().any(|p| test(hay, p.as_str()))))
}

pub(super) fn str_startswith(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("startswith", 1, 3).of("str");
    affix_test(vm, &SIG, args, kw, |h, p| h.starts_with(p))
}

pub(super) fn str_endswith(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("endswith", 1, 3).of("str");
    affix_test(vm, &SIG, args, kw, |h, p| h.ends_with(p))
}

fn char_test(
    sig: &'static Sig,
    args: &[Value],
    kw: KwArgs<'_>,
    f: fn(char) -> bool,
) -> PyResult<Value> {
    sig.bind(args, kw)?;
    let s = this_str(args);
    Ok(Value::bool(
        !s.as_str().is_empty() && s.as_str().chars().all(f),
    ))
}

pub(super) fn str_isdigit(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("isdigit");
    crate::builtins::text::ascii_only(args, "isdigit")?;
    char_test(&SIG, args, kw, |c| c.is_ascii_digit())
}

pub(super) fn str_isalpha(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("isalpha");
    char_test(&SIG, args, kw, char::is_alphabetic)
}

pub(super) fn str_isspace(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("isspace");
    char_test(&SIG, args, kw, char::is_whitespace)
}

pub(super) fn str_isupper(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("isupper");
    SIG.bind(args, kw)?;
    let s = this_str(args);
    Ok(Value::bool(
        s.as_str().chars().any(char::is_uppercase) && !s.as_str().chars().any(char::is_lowercase),
    ))
}

pub(super) fn str_islower(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = noargs("islower");
    SIG.bind(args, kw)?;
    let s = this_str(args);
    Ok(Value::bool(
        s.as_str().chars().any(char::is_lowercase) && !s.as_str().chars().any(char::is_uppercase),
    ))
}

fn justify(
    vm: &mut Vm,
    sig: &'static Sig,
    args: &[Value],
    kw: KwArgs<'_>,
    align: char,
) -> PyResult<Value> {
    let bound = sig.bind(args, kw)?;
    let s = this_str(args);
    let width = width_arg(vm, bound.get(0))?;
    let fill = match bound.get(1) {
        None => ' ',
        Some(Value::Str(f)) if f.char_len() == 1 => f.as_str().chars().next().unwrap_or(' '),
        Some(Value::Str(_)) => {
            return Err(exc::type_error(
                "The fill character must be exactly one character long",
            ))
        }
        Some(other) => {
            return Err(exc::type_error(format!(
                "The fill character must be a unicode character, not {}",
                type_name_of(other)
            )))
        }
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

pub(super) fn str_ljust(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("ljust", 1, 2).of("str");
    justify(vm, &SIG, args, kw, '<')
}

pub(super) fn str_rjust(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("rjust", 1, 2).of("str");
    justify(vm, &SIG, args, kw, '>')
}

pub(super) fn str_center(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("center", 1, 2).of("str");
    justify(vm, &SIG, args, kw, '^')
}

pub(super) fn str_zfill(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = one("zfill");
    SIG.bind(args, kw)?;
    let s = this_str(args);
    let width = width_arg(vm, args.get(1))?;
    let spec = crate::object::str::FormatSpec {
        zero: true,
        width: Some(width),
        ..Default::default()
    };
    Ok(Value::str(spec.pad(s.as_str(), true)))
}

/// `encoding` and `errors` of `encode`/`decode`: strs, "utf-8" and "strict" by default.
fn codec_args<'a>(a: &Bound<'a>, what: &str) -> PyResult<(&'a str, &'a str)> {
    let encoding = match a.get(0) {
        Some(v) => args::str_arg(v, what, "'encoding'")?,
        None => "utf-8",
    };
    let errors = match a.get(1) {
        Some(v) => args::str_arg(v, what, "'errors'")?,
        None => "strict",
    };
    Ok((encoding, errors))
}

pub(super) fn str_encode(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("encode", &["encoding", "errors"], 0, 0).of("str");
    let a = SIG.bind(args, kw)?;
    let (encoding, errors) = codec_args(&a, "encode")?;
    let text = this_str(args);
    Ok(Value::Bytes(Rc::new(crate::builtins::codecs::encode(
        text.as_str(),
        encoding,
        errors,
    )?)))
}

pub(super) fn bytes_decode(_: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("decode", &["encoding", "errors"], 0, 0).of("bytes");
    let a = SIG.bind(args, kw)?;
    let (encoding, errors) = codec_args(&a, "decode")?;
    match &args[0] {
        Value::Bytes(b) => Ok(Value::str(crate::builtins::codecs::decode(
            b, encoding, errors,
        )?)),
        _ => Err(exc::type_error("decode() requires bytes")),
    }
}

/// `str.format`: `{}`, `{0}`, `{name}`, with conversions and specs.
pub(super) fn str_format(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("format", 0, 0).of("str").with_varargs();
    SIG.bind(args, &[])?;
    let s = this_str(args);
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
fn width_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<usize> {
    let width = match v {
        Some(v) => args::index_ssize(vm, v)?.max(0) as usize,
        None => 0,
    };
    crate::object::str::reserve_check(width)?;
    Ok(width)
}
