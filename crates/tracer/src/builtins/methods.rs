//! Methods of the builtin types (`str.join`, `list.append`, `dict.get`, ...). Each receives
//! `self` as `args[0]`; the calling conventions are CPython 3.13's.

use std::rc::Rc;

use super::add_method;
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::{type_name_of, CallConv, KwArgs, PyStr, ViewKind};
use crate::value::Value;
use crate::vm::Vm;

/// Registers the methods of every builtin type.
pub fn install(vm: &mut Vm) {
    use CallConv::*;
    let t = &vm.types;
    let s = &t.str_;
    for (name, conv, f) in [
        ("join", O, str_join as crate::object::BuiltinFn),
        ("split", FastKw, str_split),
        ("rsplit", FastKw, str_rsplit),
        ("strip", Fast, str_strip),
        ("lstrip", Fast, str_lstrip),
        ("rstrip", Fast, str_rstrip),
        ("upper", NoArgs, str_upper),
        ("lower", NoArgs, str_lower),
        ("capitalize", NoArgs, str_capitalize),
        ("title", NoArgs, str_title),
        ("replace", FastKw, str_replace),
        ("count", Fast, str_count),
        ("find", Fast, str_find),
        ("index", Fast, str_index),
        ("startswith", Fast, str_startswith),
        ("endswith", Fast, str_endswith),
        ("isdigit", NoArgs, str_isdigit),
        ("isalpha", NoArgs, str_isalpha),
        ("isspace", NoArgs, str_isspace),
        ("isupper", NoArgs, str_isupper),
        ("islower", NoArgs, str_islower),
        ("ljust", Fast, str_ljust),
        ("rjust", Fast, str_rjust),
        ("center", Fast, str_center),
        ("zfill", O, str_zfill),
        ("format", VarArgs, str_format),
        ("encode", FastKw, str_encode),
        ("partition", O, super::text::str_partition),
        ("rpartition", O, super::text::str_rpartition),
        ("splitlines", FastKw, super::text::str_splitlines),
        ("swapcase", NoArgs, super::text::str_swapcase),
    ] {
        add_method(s, name, conv, f);
    }
    let l = &t.list;
    for (name, conv, f) in [
        ("append", O, list_append as crate::object::BuiltinFn),
        ("pop", Fast, list_pop),
        ("insert", Fast, list_insert),
        ("extend", O, list_extend),
        ("sort", FastKw, list_sort),
        ("index", Fast, seq_index),
        ("count", O, seq_count),
        ("reverse", NoArgs, list_reverse),
        ("copy", NoArgs, list_copy),
        ("clear", NoArgs, list_clear),
        ("remove", O, list_remove),
    ] {
        add_method(l, name, conv, f);
    }
    add_method(&t.tuple, "index", Fast, seq_index);
    add_method(&t.tuple, "count", O, seq_count);
    let d = &t.dict;
    for (name, conv, f) in [
        ("get", Fast, dict_get as crate::object::BuiltinFn),
        ("keys", NoArgs, dict_keys),
        ("values", NoArgs, dict_values),
        ("items", NoArgs, dict_items),
        ("pop", Fast, dict_pop),
        ("popitem", NoArgs, dict_popitem),
        ("setdefault", Fast, dict_setdefault),
        ("update", VarArgs, dict_update),
        ("copy", NoArgs, dict_copy),
        ("clear", NoArgs, dict_clear),
    ] {
        add_method(d, name, conv, f);
    }
    for (name, conv, f) in [
        ("add", O, set_add as crate::object::BuiltinFn),
        ("discard", O, set_discard),
        ("remove", O, set_remove),
        ("update", Fast, set_update),
        ("pop", NoArgs, set_pop),
        ("copy", NoArgs, set_copy),
        ("union", Fast, set_union),
        ("intersection", Fast, set_intersection),
        ("difference", Fast, set_difference),
        ("issubset", O, set_issubset),
    ] {
        add_method(&t.set, name, conv, f);
    }
    add_method(&t.frozenset, "union", Fast, set_union);
    add_method(&t.float, "is_integer", NoArgs, float_is_integer);
    add_method(&t.int, "bit_length", NoArgs, int_bit_length);
    add_method(&t.bytes, "decode", FastKw, bytes_decode);
}

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

fn str_join(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
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

fn str_split(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
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
fn str_rsplit(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
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

fn str_strip(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::str(match strip_chars(args)? {
        Some(cs) => s.as_str().trim_matches(|c| cs.contains(&c)),
        None => s.as_str().trim(),
    }))
}

fn str_lstrip(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::str(match strip_chars(args)? {
        Some(cs) => s.as_str().trim_start_matches(|c| cs.contains(&c)),
        None => s.as_str().trim_start(),
    }))
}

fn str_rstrip(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::str(match strip_chars(args)? {
        Some(cs) => s.as_str().trim_end_matches(|c| cs.contains(&c)),
        None => s.as_str().trim_end(),
    }))
}

fn str_upper(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::str(this_str(args)?.as_str().to_uppercase()))
}

fn str_lower(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::str(this_str(args)?.as_str().to_lowercase()))
}

fn str_capitalize(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let mut chars = s.as_str().chars();
    Ok(Value::str(match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
        None => String::new(),
    }))
}

fn str_title(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
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

fn str_replace(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
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

fn str_count(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
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

fn str_find(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Int(find_in(args, "find")?.map_or(-1, |i| i as i64)))
}

fn str_index(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
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

fn str_startswith(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    affix_test(args, |h, p| h.starts_with(p), "startswith")
}

fn str_endswith(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    affix_test(args, |h, p| h.ends_with(p), "endswith")
}

fn char_test(args: &[Value], f: fn(char) -> bool) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::Bool(
        !s.as_str().is_empty() && s.as_str().chars().all(f),
    ))
}

fn str_isdigit(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    char_test(args, |c| c.is_ascii_digit())
}

fn str_isalpha(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    char_test(args, char::is_alphabetic)
}

fn str_isspace(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    char_test(args, char::is_whitespace)
}

fn str_isupper(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    Ok(Value::Bool(
        s.as_str().chars().any(char::is_uppercase) && !s.as_str().chars().any(char::is_lowercase),
    ))
}

fn str_islower(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
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

fn str_ljust(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    justify(args, '<')
}

fn str_rjust(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    justify(args, '>')
}

fn str_center(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    justify(args, '^')
}

fn str_zfill(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_str(args)?;
    let width = width_arg(args.get(1))?;
    let spec = crate::object::str::FormatSpec {
        zero: true,
        width: Some(width),
        ..Default::default()
    };
    Ok(Value::str(spec.pad(s.as_str(), true)))
}

fn str_encode(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Bytes(Rc::new(
        this_str(args)?.as_str().as_bytes().to_vec(),
    )))
}

fn bytes_decode(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    match &args[0] {
        Value::Bytes(b) => Ok(Value::str(String::from_utf8_lossy(b).into_owned())),
        _ => Err(exc::type_error("decode() requires bytes")),
    }
}

/// `str.format`: `{}`, `{0}`, `{name}`, with conversions and specs.
fn str_format(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
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

fn this_list(args: &[Value]) -> PyResult<Rc<std::cell::RefCell<Vec<Value>>>> {
    match args.first() {
        Some(Value::List(l)) => Ok(l.clone()),
        _ => Err(exc::type_error("descriptor requires a 'list' object")),
    }
}

fn list_append(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this_list(args)?.borrow_mut().push(args[1].clone());
    Ok(Value::None)
}

fn list_pop(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let mut l = l.borrow_mut();
    if l.is_empty() {
        return Err(exc::index_error("pop from empty list"));
    }
    let len = l.len();
    let i = match args.get(1) {
        Some(Value::Int(i)) => *i,
        _ => -1,
    };
    match super::access::norm_index(i, len) {
        Some(i) => Ok(l.remove(i)),
        None => Err(exc::index_error("pop index out of range")),
    }
}

fn list_insert(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let mut l = l.borrow_mut();
    let len = l.len() as i64;
    let i = match args.get(1) {
        Some(Value::Int(i)) => *i,
        _ => 0,
    };
    let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
    l.insert(i as usize, args.get(2).cloned().unwrap_or(Value::None));
    Ok(Value::None)
}

fn list_extend(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let items = vm.collect(&args[1])?;
    l.borrow_mut().extend(items);
    Ok(Value::None)
}

fn list_sort(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let items = std::mem::take(&mut *l.borrow_mut());
    let key = vm.kwarg(kw, "key").cloned();
    let reverse = match vm.kwarg(kw, "reverse").cloned() {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let sorted = super::functions::sort_values(vm, items.clone(), key.as_ref(), reverse);
    match sorted {
        Ok(v) => {
            *l.borrow_mut() = v;
            Ok(Value::None)
        }
        Err(e) => {
            *l.borrow_mut() = items;
            Err(e)
        }
    }
}

fn seq_items(args: &[Value]) -> Vec<Value> {
    match args.first() {
        Some(Value::List(l)) => l.borrow().clone(),
        Some(Value::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

fn seq_index(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let items = seq_items(args);
    let target = args.get(1).cloned().unwrap_or(Value::None);
    for (i, v) in items.iter().enumerate() {
        if v.is(&target) || vm.eq(v, &target)? {
            return Ok(Value::Int(i as i64));
        }
    }
    let what = if matches!(args[0], Value::Tuple(_)) {
        "tuple.index(x): x not in tuple".to_string()
    } else {
        format!("{} is not in list", vm.repr(&target)?)
    };
    Err(exc::value_error(what))
}

fn seq_count(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let items = seq_items(args);
    let mut n = 0;
    for v in &items {
        if v.is(&args[1]) || vm.eq(v, &args[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn list_reverse(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this_list(args)?.borrow_mut().reverse();
    Ok(Value::None)
}

fn list_copy(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::list(this_list(args)?.borrow().clone()))
}

fn list_clear(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this_list(args)?.borrow_mut().clear();
    Ok(Value::None)
}

fn list_remove(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let l = this_list(args)?;
    let items = l.borrow().clone();
    for (i, v) in items.iter().enumerate() {
        if v.is(&args[1]) || vm.eq(v, &args[1])? {
            l.borrow_mut().remove(i);
            return Ok(Value::None);
        }
    }
    Err(exc::value_error("list.remove(x): x not in list"))
}

fn this_dict(args: &[Value]) -> PyResult<Rc<std::cell::RefCell<crate::object::Dict>>> {
    match args.first() {
        Some(Value::Dict(d)) => Ok(d.clone()),
        _ => Err(exc::type_error("descriptor requires a 'dict' object")),
    }
}

fn dict_get(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = this_dict(args)?;
    super::check_positional("get", args.len() - 1, 1, 2)?;
    let k = vm.hkey(&args[1])?;
    let found = d.borrow().get(&k).cloned();
    Ok(found.unwrap_or_else(|| args.get(2).cloned().unwrap_or(Value::None)))
}

fn view(args: &[Value], kind: ViewKind) -> PyResult<Value> {
    Ok(Value::DictView(Rc::new((this_dict(args)?, kind))))
}

fn dict_keys(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    view(args, ViewKind::Keys)
}

fn dict_values(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    view(args, ViewKind::Values)
}

fn dict_items(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    view(args, ViewKind::Items)
}

fn dict_pop(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = this_dict(args)?;
    super::check_positional("pop", args.len() - 1, 1, 2)?;
    let k = vm.hkey(&args[1])?;
    let removed = d.borrow_mut().remove(&k);
    match (removed, args.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(vm.key_error(&args[1])),
    }
}

/// `dict.popitem()`: removes and returns the last inserted `(key, value)`.
fn dict_popitem(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = this_dict(args)?;
    let last = d.borrow().len().checked_sub(1);
    let entry = last.and_then(|i| {
        let d = d.borrow();
        let key = d.hkeys().nth(i).cloned();
        key.zip(d.value_at(i).cloned())
    });
    let Some((k, v)) = entry else {
        return Err(vm.key_error(&Value::str("popitem(): dictionary is empty")));
    };
    d.borrow_mut().remove(&k);
    Ok(Value::tuple(vec![k.key, v]))
}

fn dict_setdefault(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let d = this_dict(args)?;
    super::check_positional("setdefault", args.len() - 1, 1, 2)?;
    let k = vm.hkey(&args[1])?;
    let existing = d.borrow().get(&k).cloned();
    Ok(match existing {
        Some(v) => v,
        None => {
            let v = args.get(2).cloned().unwrap_or(Value::None);
            d.borrow_mut().insert(k, v.clone());
            v
        }
    })
}

fn dict_update(vm: &mut Vm, args: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let d = this_dict(args)?;
    let mut copy = d.borrow().clone();
    if let Some(other) = args.get(1) {
        super::dict_update(vm, &mut copy, other)?;
    }
    for (k, v) in kw {
        copy.insert(vm.key_str(k.as_str()), v.clone());
    }
    *d.borrow_mut() = copy;
    Ok(Value::None)
}

fn dict_copy(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let mut c = this_dict(args)?.borrow().clone();
    c.clear_version();
    Ok(Value::dict(c))
}

fn dict_clear(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this_dict(args)?.borrow_mut().clear();
    Ok(Value::None)
}

fn this_set(args: &[Value]) -> PyResult<Rc<std::cell::RefCell<crate::object::Set>>> {
    match args.first() {
        Some(Value::Set(s)) => Ok(s.clone()),
        _ => Err(exc::type_error("descriptor requires a 'set' object")),
    }
}

fn set_add(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let k = vm.hkey(&args[1])?;
    this_set(args)?.borrow_mut().insert(k);
    Ok(Value::None)
}

fn set_discard(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let k = vm.hkey(&args[1])?;
    this_set(args)?.borrow_mut().remove(&k);
    Ok(Value::None)
}

fn set_remove(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let k = vm.hkey(&args[1])?;
    if this_set(args)?.borrow_mut().remove(&k) {
        Ok(Value::None)
    } else {
        Err(vm.key_error(&args[1]))
    }
}

fn set_update(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_set(args)?;
    for other in &args[1..] {
        for item in vm.collect(other)? {
            let k = vm.hkey(&item)?;
            s.borrow_mut().insert(k);
        }
    }
    Ok(Value::None)
}

fn set_pop(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let _ = vm;
    this_set(args)?
        .borrow_mut()
        .pop_first()
        .ok_or_else(|| exc::new("KeyError", "pop from an empty set"))
}

fn set_copy(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    Ok(Value::Set(Rc::new(std::cell::RefCell::new(
        this_set(args)?.borrow().clone(),
    ))))
}

fn set_op(vm: &mut Vm, args: &[Value], nb: usize) -> PyResult<Value> {
    let mut acc = Value::Set(Rc::new(std::cell::RefCell::new(
        this_set(args)?.borrow().clone(),
    )));
    for other in &args[1..] {
        let mut s = crate::object::Set::new(false);
        for item in vm.collect(other)? {
            let k = vm.hkey(&item)?;
            s.insert(k);
        }
        acc = vm.binary_op(&acc, &Value::Set(Rc::new(std::cell::RefCell::new(s))), nb)?;
    }
    Ok(acc)
}

fn set_union(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    set_op(vm, args, 7)
}

fn set_intersection(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    set_op(vm, args, 1)
}

fn set_difference(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    set_op(vm, args, 10)
}

fn set_issubset(vm: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let s = this_set(args)?;
    let items = vm.collect(&args[1])?;
    let mut other = crate::object::Set::new(false);
    for item in items {
        let k = vm.hkey(&item)?;
        other.insert(k);
    }
    let r = s.borrow().iter().all(|k| other.contains(k));
    Ok(Value::Bool(r))
}

fn float_is_integer(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    match args[0] {
        Value::Float(f) => Ok(Value::Bool(f.is_finite() && f.fract() == 0.0)),
        _ => Err(exc::type_error("descriptor requires a 'float' object")),
    }
}

fn int_bit_length(_: &mut Vm, args: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    match &args[0] {
        Value::Int(i) => Ok(Value::Int(64 - i64::from(i.unsigned_abs().leading_zeros()))),
        Value::BigInt(b) => Ok(Value::Int(b.bits() as i64)),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        _ => Err(exc::type_error("descriptor requires an 'int' object")),
    }
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
