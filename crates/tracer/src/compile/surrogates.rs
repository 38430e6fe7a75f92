//! String literals holding lone surrogates (`"\ud800"`), for listings.
//!
//! CPython's `str` is a sequence of code points, and U+D800..U+DFFF are code points like any
//! other: `"\udc80"` is a one-character string (surrogateescape decoding makes such strings, so
//! tests of codecs, paths and email are full of them). A Rust `str` cannot hold one, and the
//! parser turns each into U+FFFD. So for `explain dis` the compiler decodes such a literal again
//! from its source text, into code points, and keeps it as `Const::SurrogateStr`; `dis` prints
//! it as CPython does (`'\udc80'`). The VM cannot run these strings yet: compiling to run
//! refuses the file at the first such escape (see `compile_with`).
//!
//! Every surrogate escape must end up in such a constant: the decoder reports the offsets it
//! consumed, and any other (in a docstring, an annotation turned back into text)
//! is refused by name rather than listed as U+FFFD.

use ruff_python_ast::{self as ast, str_prefix::StringLiteralPrefix, StringFlags};

/// The code points of `lit` if one of its parts spells a lone surrogate; `Ok(None)` when none
/// does (the parser's text is then exact). Offsets of the decoded surrogate escapes go into
/// `consumed`. `Err(offset)` if a part could not be decoded consistently with the parser.
pub fn decode(
    source: &str,
    lit: &ast::ExprStringLiteral,
    consumed: &mut Vec<usize>,
) -> Result<Option<Vec<u32>>, usize> {
    let mut parts = Vec::new();
    let mut any = false;
    for part in lit.value.iter() {
        match decode_part(source, part, consumed)? {
            Some(units) => {
                any = true;
                parts.push(Part::Decoded(units));
            }
            None => parts.push(Part::Exact(&part.value)),
        }
    }
    if !any {
        return Ok(None);
    }
    let mut out = Vec::new();
    for part in parts {
        match part {
            Part::Exact(s) => out.extend(s.chars().map(u32::from)),
            Part::Decoded(units) => out.extend(units),
        }
    }
    Ok(Some(out))
}

/// One literal of a string (or of an f-string's concatenation) as code points, if it spells a
/// lone surrogate.
pub fn decode_part(
    source: &str,
    part: &ast::StringLiteral,
    consumed: &mut Vec<usize>,
) -> Result<Option<Vec<u32>>, usize> {
    let raw = matches!(part.flags.prefix(), StringLiteralPrefix::Raw { .. });
    let start = (part.range.start() + part.flags.opener_len()).to_usize();
    let end = (part.range.end() - part.flags.closer_len()).to_usize();
    let body = source
        .get(start..end)
        .ok_or(part.range.start().to_usize())?;
    decode_text(body, start, &part.value, raw, false, consumed)
        .map_err(|()| part.range.start().to_usize())
}

/// The literal text of an f-string (whose source doubles `{{` and `}}`) as code points, if it
/// spells a lone surrogate.
pub fn decode_fstring_text(
    source: &str,
    range: ruff_text_size::TextRange,
    parsed: &str,
    raw: bool,
    consumed: &mut Vec<usize>,
) -> Result<Option<Vec<u32>>, usize> {
    let start = range.start().to_usize();
    let body = source.get(start..range.end().to_usize()).ok_or(start)?;
    decode_text(body, start, parsed, raw, true, consumed).map_err(|()| start)
}

fn decode_text(
    body: &str,
    start: usize,
    parsed: &str,
    raw: bool,
    fstring: bool,
    consumed: &mut Vec<usize>,
) -> Result<Option<Vec<u32>>, ()> {
    if raw || !parsed.contains('\u{fffd}') || !body.contains('\\') {
        return Ok(None);
    }
    let mut found = Vec::new();
    let units = decode_body(body, start, parsed, fstring, &mut found).ok_or(())?;
    if found.is_empty() {
        return Ok(None);
    }
    consumed.extend(found);
    Ok(Some(units))
}

enum Part<'s> {
    Exact(&'s str),
    Decoded(Vec<u32>),
}

/// One decoded unit: a code point we are sure of, or "whatever the parser made" (`\N{...}`,
/// whose table of names lives in the parser).
#[derive(Clone, Copy)]
enum Unit {
    Known(u32),
    FromParser,
}

/// Decodes the text between the quotes of a non-raw literal; `parsed` is the parser's value,
/// which must agree with ours everywhere except at the surrogates (where it has U+FFFD).
fn decode_body(
    body: &str,
    base: usize,
    parsed: &str,
    fstring: bool,
    found: &mut Vec<usize>,
) -> Option<Vec<u32>> {
    let bytes = body.as_bytes();
    let mut units = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let c = body[i..].chars().next()?;
        // In an f-string's text `{{` and `}}` stand for one brace.
        if fstring && (c == '{' || c == '}') && body[i + 1..].starts_with(c) {
            units.push(Unit::Known(u32::from(c)));
            i += 2;
            continue;
        }
        if c != '\\' {
            // The tokenizer reads `\r\n` and `\r` as `\n`.
            if c == '\r' {
                units.push(Unit::Known(u32::from('\n')));
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                continue;
            }
            units.push(Unit::Known(u32::from(c)));
            i += c.len_utf8();
            continue;
        }
        let next = body[i + 1..].chars().next()?;
        let simple = match next {
            '\\' => Some('\\'),
            '\'' => Some('\''),
            '"' => Some('"'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0b'),
            _ => None,
        };
        if let Some(s) = simple {
            units.push(Unit::Known(u32::from(s)));
            i += 2;
            continue;
        }
        match next {
            '\n' => i += 2,
            '\r' => {
                i += if bytes.get(i + 2) == Some(&b'\n') {
                    3
                } else {
                    2
                }
            }
            '0'..='7' => {
                let digits = body[i + 1..]
                    .bytes()
                    .take(3)
                    .take_while(|b| (b'0'..=b'7').contains(b))
                    .count();
                units.push(Unit::Known(
                    u32::from_str_radix(&body[i + 1..i + 1 + digits], 8).ok()?,
                ));
                i += 1 + digits;
            }
            'x' | 'u' | 'U' => {
                let digits = match next {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex = body.get(i + 2..i + 2 + digits)?;
                let value = u32::from_str_radix(hex, 16).ok()?;
                if (0xd800..=0xdfff).contains(&value) {
                    found.push(base + i);
                }
                units.push(Unit::Known(value));
                i += 2 + digits;
            }
            'N' => {
                let close = body[i..].find('}')?;
                units.push(Unit::FromParser);
                i += close + 1;
            }
            // An unknown escape keeps its backslash (CPython warns).
            other => {
                units.push(Unit::Known(u32::from('\\')));
                units.push(Unit::Known(u32::from(other)));
                i += 1 + other.len_utf8();
            }
        }
    }
    // Check against the parser, and take `\N{...}` from it.
    let parsed: Vec<char> = parsed.chars().collect();
    if parsed.len() != units.len() {
        return None;
    }
    units
        .iter()
        .zip(parsed)
        .map(|(unit, p)| match *unit {
            Unit::FromParser => Some(u32::from(p)),
            Unit::Known(v) if (0xd800..=0xdfff).contains(&v) => (p == '\u{fffd}').then_some(v),
            Unit::Known(v) => (v == u32::from(p)).then_some(v),
        })
        .collect()
}

/// The text of code points where a Rust `str` would do (no surrogates).
pub fn as_text(units: &[u32]) -> Option<String> {
    units.iter().map(|&u| char::from_u32(u)).collect()
}
