//! `_pyinternals_json`: the Rust half of the `json` module. The Python half, `frozen/json.py`,
//! holds the public functions and `JSONDecodeError`, as CPython splits `json` into Python and
//! its `_json` accelerators (named differently here: these functions are not `_json`'s).
//!
//! `encode(obj, skipkeys, ensure_ascii, check_circular, allow_nan, indent, item_sep,
//! key_sep, default, sort_keys)` writes JSON text the way CPython's encoder does: floats by
//! `repr`, `NaN`/`Infinity` unless `allow_nan` is false, `ensure_ascii` escapes as `\u00e9`
//! (a surrogate pair above U+FFFF), dict keys converted (`True` -> `"true"`, `1.5` ->
//! `"1.5"`), with `indent` a newline and the indent string repeated per level.
//!
//! `scan(text)` parses a whole document: `(True, value)`, or `(False, (message,
//! position))` for `json.py` to raise as `JSONDecodeError` with CPython's message.
//!
//! ```text
//!   json.dumps({"a": [1, 2.5, None]})   -> '{"a": [1, 2.5, null]}'
//!   json.loads('[1, 2,]')               -> JSONDecodeError: Illegal trailing comma before
//!                                          end of array: line 1 column 6 (char 5)
//! ```

use std::rc::Rc;

use num_bigint::BigInt;

use crate::builtins::subclass;
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::{type_name_of, CallConv, Dict, KwArgs};
use crate::value::{BoolBits, Value};
use crate::vm::Vm;

/// The encoder's settings (`json.dumps` keyword arguments).
struct Encoder {
    skipkeys: bool,
    ensure_ascii: bool,
    check_circular: bool,
    allow_nan: bool,
    indent: Option<String>,
    item_sep: String,
    key_sep: String,
    default: Option<Value>,
    sort_keys: bool,
    /// Containers being written (by address), for "Circular reference detected".
    open: Vec<usize>,
}

fn quote(s: &str, ensure_ascii: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ensure_ascii && (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Encoder {
    fn float(&self, x: f64) -> PyResult<String> {
        if x.is_finite() {
            return Ok(crate::object::float::repr(x));
        }
        if !self.allow_nan {
            return Err(exc::value_error(format!(
                "Out of range float values are not JSON compliant: {}",
                crate::object::float::repr(x)
            )));
        }
        Ok(if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .to_string())
    }

    fn newline(&self, depth: usize, out: &mut String) {
        if let Some(ind) = &self.indent {
            out.push('\n');
            for _ in 0..depth {
                out.push_str(ind);
            }
        }
    }

    fn enter(&mut self, addr: usize) -> PyResult<()> {
        if self.check_circular {
            if self.open.contains(&addr) {
                return Err(exc::value_error("Circular reference detected"));
            }
            self.open.push(addr);
        }
        Ok(())
    }

    fn leave(&mut self) {
        if self.check_circular {
            self.open.pop();
        }
    }

    /// A dict key as JSON text, or `None` to skip it (`skipkeys`).
    fn key(&self, k: &Value) -> PyResult<Option<String>> {
        Ok(Some(match subclass::unwrapped(k) {
            Value::Str(s) => s.as_str().to_string(),
            Value::Float(f) => self.float(f.get())?,
            Value::Bool(BoolBits::TRUE) => "true".into(),
            Value::Bool(BoolBits::FALSE) => "false".into(),
            Value::None => "null".into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => b.to_string(),
            _ if self.skipkeys => return Ok(None),
            other => {
                return Err(exc::type_error(format!(
                    "keys must be str, int, float, bool or None, not {}",
                    type_name_of(other)
                )))
            }
        }))
    }

    fn items(
        &mut self,
        vm: &mut Vm,
        items: &[Value],
        depth: usize,
        out: &mut String,
    ) -> PyResult<()> {
        if items.is_empty() {
            out.push_str("[]");
            return Ok(());
        }
        out.push('[');
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(&self.item_sep);
            }
            self.newline(depth + 1, out);
            self.value(vm, v, depth + 1, out)?;
        }
        self.newline(depth, out);
        out.push(']');
        Ok(())
    }

    fn dict(&mut self, vm: &mut Vm, d: &Dict, depth: usize, out: &mut String) -> PyResult<()> {
        let mut pairs: Vec<(Value, Value)> =
            d.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        if pairs.is_empty() {
            out.push_str("{}");
            return Ok(());
        }
        if self.sort_keys {
            // CPython sorts the (key, value) items: by key, since keys are unique.
            let items = pairs
                .into_iter()
                .map(|(k, v)| Value::tuple(vec![k, v]))
                .collect();
            let sorted = crate::builtins::functions::reduce::sort_values(vm, items, None, false)?;
            pairs = sorted
                .iter()
                .filter_map(|t| match t {
                    Value::Tuple(kv) => Some((kv[0].clone(), kv[1].clone())),
                    _ => None,
                })
                .collect();
        }
        out.push('{');
        let mut first = true;
        for (k, v) in &pairs {
            let Some(key) = self.key(k)? else { continue };
            if !first {
                out.push_str(&self.item_sep);
            }
            first = false;
            self.newline(depth + 1, out);
            quote(&key, self.ensure_ascii, out);
            out.push_str(&self.key_sep);
            self.value(vm, v, depth + 1, out)?;
        }
        self.newline(depth, out);
        out.push('}');
        Ok(())
    }

    fn value(&mut self, vm: &mut Vm, v: &Value, depth: usize, out: &mut String) -> PyResult<()> {
        match subclass::unwrapped(v) {
            Value::None => out.push_str("null"),
            Value::Bool(BoolBits::TRUE) => out.push_str("true"),
            Value::Bool(BoolBits::FALSE) => out.push_str("false"),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::BigInt(b) => out.push_str(&b.to_string()),
            Value::Float(f) => out.push_str(&self.float(f.get())?),
            Value::Str(s) => quote(s.as_str(), self.ensure_ascii, out),
            Value::List(l) => {
                self.enter(Rc::as_ptr(l) as *const u8 as usize)?;
                let items = l.borrow().clone();
                self.items(vm, &items, depth, out)?;
                self.leave();
            }
            Value::Tuple(t) => {
                self.enter(Rc::as_ptr(t) as *const u8 as usize)?;
                self.items(vm, t, depth, out)?;
                self.leave();
            }
            Value::Dict(d) => {
                self.enter(Rc::as_ptr(d) as *const u8 as usize)?;
                let snapshot = d.borrow().clone();
                self.dict(vm, &snapshot, depth, out)?;
                self.leave();
            }
            other => {
                let Some(default) = self.default.clone() else {
                    return Err(exc::type_error(format!(
                        "Object of type {} is not JSON serializable",
                        type_name_of(other)
                    )));
                };
                let addr = match v {
                    Value::Instance(i) => Rc::as_ptr(i) as *const u8 as usize,
                    _ => 0,
                };
                if addr != 0 {
                    self.enter(addr)?;
                }
                let replaced = vm.call(&default, std::slice::from_ref(v), &[])?;
                self.value(vm, &replaced, depth, out)?;
                if addr != 0 {
                    self.leave();
                }
            }
        }
        Ok(())
    }
}

fn text_arg(v: &Value, what: &str) -> PyResult<String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| exc::type_error(format!("{what} must be a string")))
}

fn encode(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    crate::builtins::args::check_count("encode", a.len(), 10, 10)?;
    let mut flags = [false; 5];
    for (slot, i) in flags.iter_mut().zip([1, 2, 3, 4, 9]) {
        *slot = vm.truthy(&a[i])?;
    }
    let [skipkeys, ensure_ascii, check_circular, allow_nan, sort_keys] = flags;
    let indent = match &a[5] {
        Value::None => None,
        v => Some(text_arg(v, "indent")?),
    };
    let mut enc = Encoder {
        skipkeys,
        ensure_ascii,
        check_circular,
        allow_nan,
        indent,
        item_sep: text_arg(&a[6], "item_separator")?,
        key_sep: text_arg(&a[7], "key_separator")?,
        default: (!matches!(a[8], Value::None)).then(|| a[8].clone()),
        sort_keys,
        open: Vec::new(),
    };
    let mut out = String::new();
    enc.value(vm, &a[0], 0, &mut out)?;
    Ok(Value::str(out))
}

/// A parse failure: CPython's message and the character position it reports.
struct Fail(&'static str, usize);

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    fn starts(&self, word: &str) -> bool {
        word.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c))
    }

    fn value(&mut self, vm: &mut Vm) -> Result<Value, Fail> {
        let Some(c) = self.peek() else {
            return Err(Fail("Expecting value", self.pos));
        };
        match c {
            '"' => self.string().map(Value::str),
            '{' => self.object(vm),
            '[' => self.array(vm),
            'n' if self.starts("null") => {
                self.pos += 4;
                Ok(Value::None)
            }
            't' if self.starts("true") => {
                self.pos += 4;
                Ok(Value::bool(true))
            }
            'f' if self.starts("false") => {
                self.pos += 5;
                Ok(Value::bool(false))
            }
            'N' if self.starts("NaN") => {
                self.pos += 3;
                Ok(Value::float(f64::NAN))
            }
            'I' if self.starts("Infinity") => {
                self.pos += 8;
                Ok(Value::float(f64::INFINITY))
            }
            '-' if self.starts("-Infinity") => {
                self.pos += 9;
                Ok(Value::float(f64::NEG_INFINITY))
            }
            '-' | '0'..='9' => self.number(),
            _ => Err(Fail("Expecting value", self.pos)),
        }
    }

    /// CPython's number pattern: `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`.
    fn number(&mut self) -> Result<Value, Fail> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.peek(), Some('0'..='9')) {
                p.pos += 1;
            }
            p.pos - s
        };
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        match self.peek() {
            Some('0') => self.pos += 1,
            Some('1'..='9') => {
                digits(self);
            }
            _ => return Err(Fail("Expecting value", start)),
        }
        let mut float = false;
        if self.peek() == Some('.') && matches!(self.chars.get(self.pos + 1), Some('0'..='9')) {
            self.pos += 1;
            digits(self);
            float = true;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let save = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                self.pos = save;
            } else {
                float = true;
            }
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        if float {
            return Ok(Value::float(text.parse().unwrap_or(f64::NAN)));
        }
        Ok(match text.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::from_bigint(text.parse::<BigInt>().unwrap_or_default()),
        })
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let s: String = self.chars.get(at..at + 4)?.iter().collect();
        if s.len() == 4 && s.chars().all(|c| c.is_ascii_hexdigit()) {
            u32::from_str_radix(&s, 16).ok()
        } else {
            None
        }
    }

    fn string(&mut self) -> Result<String, Fail> {
        let begin = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(Fail("Unterminated string starting at", begin));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    let Some(e) = self.chars.get(self.pos + 1).copied() else {
                        return Err(Fail("Unterminated string starting at", begin));
                    };
                    let simple = match e {
                        '"' => Some('"'),
                        '\\' => Some('\\'),
                        '/' => Some('/'),
                        'b' => Some('\u{8}'),
                        'f' => Some('\u{c}'),
                        'n' => Some('\n'),
                        'r' => Some('\r'),
                        't' => Some('\t'),
                        _ => None,
                    };
                    if let Some(s) = simple {
                        out.push(s);
                        self.pos += 2;
                        continue;
                    }
                    if e != 'u' {
                        return Err(Fail("Invalid \\escape", self.pos));
                    }
                    let Some(mut u) = self.hex4(self.pos + 2) else {
                        return Err(Fail("Invalid \\uXXXX escape", self.pos + 1));
                    };
                    self.pos += 6;
                    if (0xd800..0xdc00).contains(&u)
                        && self.starts("\\u")
                        && self
                            .hex4(self.pos + 2)
                            .is_some_and(|lo| (0xdc00..0xe000).contains(&lo))
                    {
                        let lo = self.hex4(self.pos + 2).unwrap_or(0);
                        u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                        self.pos += 6;
                    }
                    match char::from_u32(u) {
                        Some(ch) => out.push(ch),
                        // A lone surrogate: the VM's str cannot hold one.
                        None => return Err(Fail("Lone surrogate (not supported yet)", self.pos)),
                    }
                }
                c if (c as u32) < 0x20 => {
                    return Err(Fail("Invalid control character at", self.pos));
                }
                c => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn array(&mut self, vm: &mut Vm) -> Result<Value, Fail> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(Value::list(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(vm)?);
            self.skip_ws();
            match self.peek() {
                Some(']') => {
                    self.pos += 1;
                    return Ok(Value::list(items));
                }
                Some(',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(']') {
                        return Err(Fail("Illegal trailing comma before end of array", comma));
                    }
                }
                _ => return Err(Fail("Expecting ',' delimiter", self.pos)),
            }
        }
    }

    fn object(&mut self, vm: &mut Vm) -> Result<Value, Fail> {
        self.pos += 1;
        let mut d = Dict::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(Value::dict(d));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some('"') {
                return Err(Fail(
                    "Expecting property name enclosed in double quotes",
                    self.pos,
                ));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(':') {
                return Err(Fail("Expecting ':' delimiter", self.pos));
            }
            self.pos += 1;
            self.skip_ws();
            let v = self.value(vm)?;
            d.insert(str_key(&key), v);
            self.skip_ws();
            match self.peek() {
                Some('}') => {
                    self.pos += 1;
                    return Ok(Value::dict(d));
                }
                Some(',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some('}') {
                        return Err(Fail("Illegal trailing comma before end of object", comma));
                    }
                }
                _ => return Err(Fail("Expecting ',' delimiter", self.pos)),
            }
        }
    }
}

fn scan(vm: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    crate::builtins::args::check_count("scan", a.len(), 1, 1)?;
    let text = text_arg(&a[0], "scan() argument")?;
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    let result = (|| {
        if p.peek() == Some('\u{feff}') {
            return Err(Fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
        }
        p.skip_ws();
        let v = p.value(vm)?;
        p.skip_ws();
        if p.pos < p.chars.len() {
            return Err(Fail("Extra data", p.pos));
        }
        Ok(v)
    })();
    Ok(match result {
        Ok(v) => Value::tuple(vec![Value::bool(true), v]),
        Err(Fail(msg, pos)) => Value::tuple(vec![
            Value::bool(false),
            Value::tuple(vec![Value::str(msg), Value::Int(pos as i64)]),
        ]),
    })
}

/// A fresh `_pyinternals_json` module object.
pub fn module(_: &mut Vm) -> Value {
    let mut d = Dict::new();
    super::add_functions(
        &mut d,
        "_pyinternals_json",
        &[
            ("encode", CallConv::Fast, encode),
            ("scan", CallConv::O, scan),
        ],
    );
    super::new_module("_pyinternals_json", d)
}
