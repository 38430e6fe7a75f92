//! Source encodings (PEP 263): the bytes of a `.py` file to the text the parser reads.
//!
//! A file is UTF-8 unless a *coding line* says otherwise: a comment on line 1, or on line 2
//! when line 1 holds nothing but a comment or blanks, containing `coding:` or `coding=` and a
//! name (`# -*- coding: koi8-r -*-`). CPython's tokenizer first simplifies the name
//! (`get_normal_name`: `UTF_8-x` is `utf-8`, `Latin-1` is `iso-8859-1`), then asks the codec
//! registry, which normalizes it again (`encodings.normalize_encoding`, lowercased) and follows
//! the aliases. A UTF-8 byte order mark allows only UTF-8.
//!
//! The single-byte codecs (Latin-1, the ISO 8859 family, KOI8, the Windows and DOS code pages,
//! Mac encodings: 55 of them) decode here from tables generated from python3.13's own codecs
//! (`encoding/tables.rs`). A name Python knows but these tables do not (Shift JIS, UTF-16, ...)
//! is refused by name; a name Python does not know is CPython's "unknown encoding" error.

#[rustfmt::skip]
mod tables;

/// Why the bytes of a file are not source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not valid UTF-8 (the encoding in force): the offset of the first bad byte.
    NotUtf8 { offset: usize },
    /// A byte the declared single-byte encoding maps to nothing.
    Undefined {
        encoding: String,
        offset: usize,
        byte: u8,
    },
    /// CPython's own refusal, as its SyntaxError words it (`unknown encoding: x`,
    /// `encoding problem: latin-1 with BOM`), on `line`.
    Invalid { message: String, line: u32 },
    /// A real Python encoding the tracer cannot decode yet.
    Unsupported { encoding: String, line: u32 },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NotUtf8 { offset } => write!(
                f,
                "not UTF-8 (byte offset {offset}) and no coding line declares another encoding"
            ),
            DecodeError::Undefined {
                encoding,
                offset,
                byte,
            } => write!(
                f,
                "byte 0x{byte:02x} at offset {offset} is not a character in {encoding}"
            ),
            DecodeError::Invalid { message, line } => write!(f, "{message} (line {line})"),
            DecodeError::Unsupported { encoding, line } => write!(
                f,
                "not supported yet: source encoding {encoding} (line {line})"
            ),
        }
    }
}

/// Decodes a source file's bytes as CPython would read them.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let declared = coding_line(body);
    let Some((name, line)) = declared else {
        return utf8(body);
    };
    let normal = normal_name(&name);
    if normal == "utf-8" {
        return utf8(body);
    }
    if bom {
        return Err(DecodeError::Invalid {
            message: format!("encoding problem: {name} with BOM"),
            line,
        });
    }
    let key = registry_key(&normal);
    // The registry also tries the name with `.` as `_` (`iso8859.1`).
    let known = |k: &str| k == key || k == key.replace('.', "_");
    if UTF8_ALIASES.iter().any(|a| known(a)) {
        return utf8(body);
    }
    let found = tables::CODECS
        .iter()
        .find(|(codec, aliases, _)| known(codec) || aliases.iter().any(|a| known(a)));
    match found {
        Some((codec, _, table)) => single_byte(body, codec, table),
        None if tables::OTHER_CODECS.iter().any(|c| known(c)) => Err(DecodeError::Unsupported {
            encoding: name,
            line,
        }),
        None => Err(DecodeError::Invalid {
            message: format!("unknown encoding: {name}"),
            line,
        }),
    }
}

/// Python's names for UTF-8 that `get_normal_name` leaves alone (`utf8`, `u8`, ...): without
/// a BOM they decode as UTF-8 too.
const UTF8_ALIASES: &[&str] = &[
    "utf_8",
    "utf8",
    "u8",
    "utf",
    "utf8_ucs2",
    "utf8_ucs4",
    "cp65001",
];

fn utf8(body: &[u8]) -> Result<String, DecodeError> {
    String::from_utf8(body.to_vec()).map_err(|e| DecodeError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

fn single_byte(body: &[u8], codec: &str, table: &[u16; 256]) -> Result<String, DecodeError> {
    let mut text = String::with_capacity(body.len());
    for (offset, &byte) in body.iter().enumerate() {
        match char::from_u32(u32::from(table[usize::from(byte)])) {
            Some(c) if table[usize::from(byte)] != 0xFFFF => text.push(c),
            _ => {
                return Err(DecodeError::Undefined {
                    encoding: codec.to_string(),
                    offset,
                    byte,
                })
            }
        }
    }
    Ok(text)
}

/// The encoding a coding line declares, with its line number (1 or 2).
fn coding_line(body: &[u8]) -> Option<(String, u32)> {
    let mut lines = body.split_inclusive(|&b| b == b'\n');
    let first = lines.next()?;
    if let Some(name) = coding_spec(first) {
        return Some((name, 1));
    }
    // Line 2 counts only after a line of nothing but a comment or blanks.
    if !comment_or_blank(first) {
        return None;
    }
    lines.next().and_then(coding_spec).map(|name| (name, 2))
}

fn comment_or_blank(line: &[u8]) -> bool {
    let code = line
        .iter()
        .position(|&b| b == b'#')
        .map_or(line, |at| &line[..at]);
    code.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\x0c' | b'\r' | b'\n'))
}

/// `coding[:=]name` in a line that is only a comment (CPython's `get_coding_spec`).
fn coding_spec(line: &[u8]) -> Option<String> {
    let hash = line.iter().position(|&b| b == b'#')?;
    if !line[..hash]
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
    {
        return None;
    }
    let comment = &line[hash..];
    let mut from = 0;
    while let Some(at) = find(&comment[from..], b"coding") {
        let mut i = from + at + 6;
        from = from + at + 1;
        if !matches!(comment.get(i), Some(b':' | b'=')) {
            continue;
        }
        i += 1;
        while matches!(comment.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let start = i;
        while comment
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            i += 1;
        }
        if i > start {
            return Some(String::from_utf8_lossy(&comment[start..i]).into_owned());
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// CPython's `get_normal_name`: looks at the first 12 characters, lowercased, `_` as `-`.
fn normal_name(name: &str) -> String {
    let head: String = name
        .chars()
        .take(12)
        .map(|c| match c.to_ascii_lowercase() {
            '_' => '-',
            c => c,
        })
        .collect();
    let is = |base: &str| head == base || head.starts_with(&format!("{base}-"));
    if is("utf-8") {
        "utf-8".into()
    } else if is("latin-1") || is("iso-8859-1") || is("iso-latin-1") {
        "iso-8859-1".into()
    } else {
        name.to_string()
    }
}

/// The codec registry's key for a name: lowercased, every run of characters other than
/// letters, digits and `.` turned into one `_` (`encodings.normalize_encoding`).
fn registry_key(name: &str) -> String {
    let mut key = String::new();
    let mut gap = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if gap && !key.is_empty() {
                key.push('_');
            }
            gap = false;
            key.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coding_lines_as_cpython_reads_them() {
        assert_eq!(
            coding_line(b"# -*- coding: latin-1 -*-\nx = 1\n"),
            Some(("latin-1".into(), 1))
        );
        assert_eq!(
            coding_line(b"#!/usr/bin/env python\n# vim: set fileencoding=koi8-r :\n"),
            Some(("koi8-r".into(), 2))
        );
        // Line 2 does not count after code, nor a spec after code on its own line.
        assert_eq!(coding_line(b"x = 1\n# coding: latin-1\n"), None);
        assert_eq!(coding_line(b"x = 1  # coding: latin-1\n"), None);
        assert_eq!(normal_name("Latin_1"), "iso-8859-1");
        assert_eq!(normal_name("UTF-8-SIG"), "utf-8");
        assert_eq!(registry_key("ISO-8859-15"), "iso_8859_15");
    }

    #[test]
    fn single_byte_encodings_decode_as_python() {
        assert_eq!(
            decode(b"# coding: latin-1\ns = '\xe9t\xe9'\n").as_deref(),
            Ok("# coding: latin-1\ns = '\u{e9}t\u{e9}'\n")
        );
        assert_eq!(
            decode(b"# -*- encoding: koi8-r -*-\n\xf0\xd2\xc9").as_deref(),
            Ok("# -*- encoding: koi8-r -*-\n\u{41f}\u{440}\u{438}")
        );
        assert!(matches!(
            decode(b"# coding: ascii\n\xe9"),
            Err(DecodeError::Undefined { offset: 16, .. })
        ));
        assert!(matches!(
            decode(b"# coding: shift_jis\n"),
            Err(DecodeError::Unsupported { .. })
        ));
        assert_eq!(
            decode(b"# coding: klingon\n"),
            Err(DecodeError::Invalid {
                message: "unknown encoding: klingon".into(),
                line: 1
            })
        );
        assert_eq!(
            decode(b"\xef\xbb\xbf# coding: latin-1\n"),
            Err(DecodeError::Invalid {
                message: "encoding problem: latin-1 with BOM".into(),
                line: 1
            })
        );
        assert_eq!(decode(b"\xef\xbb\xbfx = 1\n").as_deref(), Ok("x = 1\n"));
    }
}
