//! The `io` module: `StringIO`, an in-memory text file (what `print(..., file=buf)` and code
//! that builds text piece by piece write to). Files on disk are not offered: `io.open`,
//! `io.BytesIO` and the rest are refused by name.
//!
//! The buffer is a vector of characters and a position, both counted in code points as in
//! CPython: writing at a position inside the text overwrites, writing past the end pads with
//! NUL characters, and reading moves the position.
//!
//! ```text
//!   buf = io.StringIO("ab")     text "ab", position 0
//!   buf.write("xyz")            overwrites from 0: text "xyz", position 3
//!   buf.seek(1); buf.read()     "yz"
//! ```

use std::cell::{Cell, RefCell};

use crate::builtins::args::{self, Sig};
use crate::exceptions::{self as exc, PyResult};
use crate::object::native::NativeType;
use crate::object::{type_name_of, CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;

/// The state of one `StringIO`.
struct StringIO {
    text: RefCell<Vec<char>>,
    pos: Cell<usize>,
    closed: Cell<bool>,
}

fn this<'a>(args: &'a [Value], method: &str) -> PyResult<&'a StringIO> {
    let buf = args
        .first()
        .and_then(|v| v.native::<StringIO>())
        .ok_or_else(|| {
            exc::type_error(format!(
                "descriptor '{method}' for '_io.StringIO' objects doesn't apply to a '{}' object",
                args.first().map_or("NoneType".into(), type_name_of)
            ))
        })?;
    if buf.closed.get() && method != "close" {
        return Err(exc::value_error("I/O operation on closed file"));
    }
    Ok(buf)
}

/// A size argument: `None` or a negative number means "all".
fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match args::index(vm, v)? {
            Value::Int(n) if n >= 0 => Ok(Some(n as usize)),
            _ => Ok(None),
        },
    }
}

fn new(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("StringIO", &["initial_value", "newline"], 0, 0);
    let bound = SIG.bind(&a[1..], kw)?;
    let text = match bound.get(0) {
        None | Some(Value::None) => Vec::new(),
        Some(Value::Str(s)) => s.as_str().chars().collect(),
        Some(other) => {
            return Err(exc::type_error(format!(
                "initial_value must be str or None, not {}",
                type_name_of(other)
            )))
        }
    };
    if let Some(nl) = bound.get_not_none(1) {
        if nl.as_str() != Some("\n") {
            return Err(crate::builtins::unsupported(
                "io.StringIO(newline=...) other than '\\n'",
            ));
        }
    }
    let Value::Type(class) = &a[0] else {
        return Err(exc::type_error(
            "StringIO.__new__(X): X is not a type object",
        ));
    };
    let kind = NativeType {
        class: class.clone(),
        name: "_io.StringIO",
    };
    Ok(kind.instance(StringIO {
        text: RefCell::new(text),
        pos: Cell::new(0),
        closed: Cell::new(false),
    }))
}

fn write(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("write", 1, 1);
    SIG.bind(&a[1..], kw)?;
    let buf = this(a, "write")?;
    let Value::Str(s) = &a[1] else {
        return Err(exc::type_error(format!(
            "string argument expected, got '{}'",
            type_name_of(&a[1])
        )));
    };
    let mut text = buf.text.borrow_mut();
    let mut pos = buf.pos.get();
    if pos > text.len() {
        text.resize(pos, '\0');
    }
    let mut n = 0;
    for c in s.as_str().chars() {
        if pos < text.len() {
            text[pos] = c;
        } else {
            text.push(c);
        }
        pos += 1;
        n += 1;
    }
    buf.pos.set(pos);
    Ok(Value::Int(n))
}

fn getvalue(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("getvalue", 0, 0);
    SIG.bind(&a[1..], kw)?;
    let buf = this(a, "getvalue")?;
    let text: String = buf.text.borrow().iter().collect();
    Ok(Value::str(text))
}

/// The characters from the position on, up to `limit` and (for a line) through a newline.
fn take(buf: &StringIO, limit: Option<usize>, line: bool) -> String {
    let text = buf.text.borrow();
    let start = buf.pos.get().min(text.len());
    let mut end = limit.map_or(text.len(), |n| (start + n).min(text.len()));
    if line {
        if let Some(i) = text[start..end].iter().position(|&c| c == '\n') {
            end = start + i + 1;
        }
    }
    if buf.pos.get() <= text.len() {
        buf.pos.set(end);
    }
    text[start..end].iter().collect()
}

fn read(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("read", 0, 1);
    SIG.bind(&a[1..], kw)?;
    let limit = size_arg(vm, a.get(1))?;
    Ok(Value::str(take(this(a, "read")?, limit, false)))
}

fn readline(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("readline", 0, 1);
    SIG.bind(&a[1..], kw)?;
    let limit = size_arg(vm, a.get(1))?;
    Ok(Value::str(take(this(a, "readline")?, limit, true)))
}

fn readlines(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("readlines", 0, 1);
    SIG.bind(&a[1..], kw)?;
    let buf = this(a, "readlines")?;
    let mut lines = Vec::new();
    loop {
        let line = take(buf, None, true);
        if line.is_empty() {
            break;
        }
        lines.push(Value::str(line));
    }
    Ok(Value::list(lines))
}

fn next(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let line = take(this(a, "__next__")?, None, true);
    if line.is_empty() {
        return Err(exc::new("StopIteration", ""));
    }
    Ok(Value::str(line))
}

fn iter(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this(a, "__iter__")?;
    Ok(a[0].clone())
}

fn seek(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("seek", 1, 2);
    SIG.bind(&a[1..], kw)?;
    let buf = this(a, "seek")?;
    let whence = match a.get(2) {
        Some(v) => args::index(vm, v)?,
        None => Value::Int(0),
    };
    let pos = match args::index(vm, &a[1])? {
        Value::Int(p) => p,
        _ => {
            return Err(exc::new(
                "OverflowError",
                "Python int too large to convert to C ssize_t",
            ))
        }
    };
    let end = buf.text.borrow().len() as i64;
    let new = match whence {
        Value::Int(0) if pos < 0 => {
            return Err(exc::value_error(format!("Negative seek position {pos}")))
        }
        Value::Int(0) => pos,
        Value::Int(1 | 2) if pos != 0 => {
            return Err(exc::new("OSError", "Can't do nonzero cur-relative seeks"))
        }
        Value::Int(1) => buf.pos.get() as i64,
        Value::Int(2) => end,
        Value::Int(w) => {
            return Err(exc::value_error(format!(
                "Invalid whence ({w}, should be 0, 1 or 2)"
            )))
        }
        _ => {
            return Err(exc::new(
                "OverflowError",
                "Python int too large to convert to C int",
            ))
        }
    };
    buf.pos.set(new as usize);
    Ok(Value::Int(new))
}

fn tell(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("tell", 0, 0);
    SIG.bind(&a[1..], kw)?;
    Ok(Value::Int(this(a, "tell")?.pos.get() as i64))
}

fn truncate(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("truncate", 0, 1);
    SIG.bind(&a[1..], kw)?;
    let buf = this(a, "truncate")?;
    let size = match a.get(1) {
        None | Some(Value::None) => buf.pos.get(),
        Some(v) => match args::index(vm, v)? {
            Value::Int(n) if n >= 0 => n as usize,
            Value::Int(n) => return Err(exc::value_error(format!("Negative size value {n}"))),
            _ => usize::MAX,
        },
    };
    let mut text = buf.text.borrow_mut();
    text.truncate(size);
    Ok(Value::Int(size as i64))
}

fn close(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("close", 0, 0);
    SIG.bind(&a[1..], kw)?;
    this(a, "close")?.closed.set(true);
    Ok(Value::None)
}

fn no_op(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this(a, "flush")?;
    Ok(Value::None)
}

fn yes(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this(a, "readable")?;
    Ok(Value::bool(true))
}

fn enter(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    this(a, "__enter__")?;
    Ok(a[0].clone())
}

fn exit(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    if let Some(buf) = a.first().and_then(|v| v.native::<StringIO>()) {
        buf.closed.set(true);
    }
    Ok(Value::None)
}

/// A fresh `io` module object.
pub fn module(vm: &mut Vm) -> Value {
    use CallConv::*;
    let object = vm.types.object.clone();
    let string_io = NativeType::new(
        "StringIO",
        &object,
        &[
            ("__new__", FastKw, new),
            ("write", O, write),
            ("getvalue", NoArgs, getvalue),
            ("read", Fast, read),
            ("readline", Fast, readline),
            ("readlines", Fast, readlines),
            ("seek", Fast, seek),
            ("tell", NoArgs, tell),
            ("truncate", Fast, truncate),
            ("close", NoArgs, close),
            ("flush", NoArgs, no_op),
            ("readable", NoArgs, yes),
            ("writable", NoArgs, yes),
            ("seekable", NoArgs, yes),
            ("__iter__", NoArgs, iter),
            ("__next__", NoArgs, next),
            ("__enter__", NoArgs, enter),
            ("__exit__", Fast, exit),
        ],
    );
    let mut d = Dict::new();
    d.insert(
        crate::object::dict::str_key("StringIO"),
        Value::Type(string_io.class),
    );
    super::new_module("io", d)
}
