//! Text codecs for `str.encode`, `bytes.decode`, `str(b, encoding)` and `bytes(s, encoding)`:
//! utf-8, ascii and latin-1 (under CPython's names and aliases), with the `strict`, `ignore`
//! and `replace` error handlers and CPython's UnicodeDecodeError/UnicodeEncodeError messages.

use crate::exceptions::{self as exc, PyErr, PyResult};

/// The codecs this VM knows, by CPython's normalized names.
fn known_encoding(name: &str) -> Option<&'static str> {
    match name.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
        "utf8" | "u8" | "utf" => Some("utf-8"),
        "ascii" | "usascii" => Some("ascii"),
        "latin1" | "iso88591" | "l1" => Some("latin-1"),
        _ => None,
    }
}

/// What an error handler does with a character that does not fit: raise (`strict`), drop it
/// (`ignore`) or put a marker in its place (`replace`); other names are looked up only when
/// needed, as CPython does.
fn handle_error(errors: &str, error: PyErr) -> PyResult<bool> {
    match errors {
        "strict" => Err(error),
        "ignore" => Ok(false),
        "replace" => Ok(true),
        other => Err(exc::new(
            "LookupError",
            format!("unknown error handler name '{other}'"),
        )),
    }
}

/// `bytes.decode` / `str(b, encoding, errors)`: utf-8, ascii and latin-1.
pub fn decode(data: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let Some(codec) = known_encoding(encoding) else {
        return Err(exc::new(
            "LookupError",
            format!("unknown encoding: {encoding}"),
        ));
    };
    let bad = |pos: usize, why: &str| {
        exc::new(
            "UnicodeDecodeError",
            format!(
                "'{codec}' codec can't decode byte 0x{:02x} in position {pos}: {why}",
                data[pos]
            ),
        )
    };
    let mut out = String::with_capacity(data.len());
    let mut rest = data;
    let mut offset = 0;
    while !rest.is_empty() {
        let (valid, skip, why) = match codec {
            "utf-8" => match std::str::from_utf8(rest) {
                Ok(_) => (rest.len(), 0, ""),
                Err(e) => {
                    let at = e.valid_up_to();
                    let why = match e.error_len() {
                        None => "unexpected end of data",
                        Some(_) if (rest[at] & 0xc0) == 0x80 || rest[at] >= 0xf8 => {
                            "invalid start byte"
                        }
                        Some(_) => "invalid continuation byte",
                    };
                    (at, e.error_len().unwrap_or(rest.len() - at), why)
                }
            },
            "ascii" => match rest.iter().position(|&b| b >= 0x80) {
                Some(at) => (at, 1, "ordinal not in range(128)"),
                None => (rest.len(), 0, ""),
            },
            _ => (rest.len(), 0, ""),
        };
        if codec == "latin-1" {
            out.extend(rest.iter().map(|&b| char::from(b)));
        } else {
            out.push_str(&String::from_utf8_lossy(&rest[..valid]));
        }
        if skip == 0 {
            break;
        }
        if handle_error(errors, bad(offset + valid, why))? {
            out.push('\u{fffd}');
        }
        offset += valid + skip;
        rest = &rest[valid + skip..];
    }
    Ok(out)
}

/// `str.encode` / `bytes(s, encoding, errors)`.
pub fn encode(text: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let Some(codec) = known_encoding(encoding) else {
        return Err(exc::new(
            "LookupError",
            format!("unknown encoding: {encoding}"),
        ));
    };
    let limit = match codec {
        "utf-8" => return Ok(text.as_bytes().to_vec()),
        "ascii" => 0x80,
        _ => 0x100,
    };
    let mut out = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            continue;
        }
        let shown = match c as u32 {
            n @ 0..=0xff => format!("\\x{n:02x}"),
            n @ 0x100..=0xffff => format!("\\u{n:04x}"),
            n => format!("\\U{n:08x}"),
        };
        let error = exc::new(
            "UnicodeEncodeError",
            format!(
                "'{codec}' codec can't encode character '{shown}' in position {i}: ordinal not in range({limit})"
            ),
        );
        if handle_error(errors, error)? {
            out.push(b'?');
        }
    }
    Ok(out)
}
