//! Reading a Python program for `explain run`, `dis` and `specialize`: from a file, or from
//! stdin when the path is `-` (as `python3 -` does, under the name `<stdin>`).
//!
//! CPython reads source as UTF-8 unless the file declares another encoding (PEP 263); the
//! tracer decodes UTF-8 and the single-byte encodings (`tracer::parse::encoding`), and a file
//! it cannot decode is refused with the position of the first bad byte, the way CPython's
//! "Non-UTF-8 code starting with ..." error names it.
//! Every failure is a one-line `anyhow` error naming the path; the caller exits with status 1.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use tracer::parse::encoding::DecodeError;

/// The name CPython gives a program read from stdin (in tracebacks and `co_filename`).
pub const STDIN_NAME: &str = "<stdin>";

/// A program's text and the name the front end and tracebacks use for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub text: String,
    /// The path as given, `<stdin>` for `-`.
    pub name: String,
}

impl Source {
    /// True for a program read from stdin.
    pub fn is_stdin(&self) -> bool {
        self.name == STDIN_NAME
    }
}

/// Reads `path` (or stdin for `-`) as UTF-8 source.
pub fn read(path: &Path) -> anyhow::Result<Source> {
    let (bytes, name) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read the program from stdin")?;
        (bytes, STDIN_NAME.to_string())
    } else {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        (bytes, path.display().to_string())
    };
    let text =
        tracer::parse::encoding::decode(&bytes).map_err(|err| undecodable(&name, &bytes, err))?;
    Ok(Source { text, name })
}

/// Why `bytes` are not source text, naming the file, the line and the column (1-based, in
/// characters of the part before the bad byte) and what to do.
fn undecodable(name: &str, bytes: &[u8], err: DecodeError) -> anyhow::Error {
    // Line and column of `offset`, counting characters of the text before it: UTF-8 up to
    // there for a UTF-8 error, one byte per character in a single-byte encoding.
    let place = |offset: usize, one_byte_chars: bool| {
        let prefix = &bytes[..offset];
        let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
        let last = prefix.rsplit(|&b| b == b'\n').next().unwrap_or_default();
        let column = if one_byte_chars {
            last.len()
        } else {
            String::from_utf8_lossy(last).chars().count()
        };
        (line, column + 1)
    };
    match err {
        DecodeError::NotUtf8 { offset } => {
            // Past a UTF-8 byte order mark, offsets count from after it.
            let offset = offset
                + if bytes.starts_with(b"\xef\xbb\xbf") {
                    3
                } else {
                    0
                };
            let (line, column) = place(offset, false);
            anyhow::anyhow!(
                "cannot read {name}: it is not UTF-8 (byte 0x{:02x} at line {line}, column \
                 {column}) and declares no other encoding; save it as UTF-8 or add a coding \
                 line such as `# -*- coding: latin-1 -*-` (PEP 263)",
                bytes[offset]
            )
        }
        DecodeError::Undefined {
            encoding,
            offset,
            byte,
        } => {
            let (line, column) = place(offset, true);
            anyhow::anyhow!(
                "cannot read {name}: byte 0x{byte:02x} at line {line}, column {column} is not a \
                 character in {encoding}, the encoding its coding line declares"
            )
        }
        DecodeError::Invalid { message, line } => {
            anyhow::anyhow!("cannot read {name}: SyntaxError at line {line}: {message}")
        }
        DecodeError::Unsupported { encoding, line } => anyhow::anyhow!(
            "cannot read {name}: not supported yet: source encoding {encoding} (line {line}); \
             the tracer decodes UTF-8 and single-byte encodings, so save the file as UTF-8"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: &str) {
        let err = tracer::parse::encoding::decode(bytes).expect_err("not decodable");
        assert_eq!(undecodable("x.py", bytes, err).to_string(), expected);
    }

    #[test]
    fn names_the_first_bad_byte() {
        check(
            b"\xff",
            "cannot read x.py: it is not UTF-8 (byte 0xff at line 1, column 1) and declares no \
             other encoding; save it as UTF-8 or add a coding line such as \
             `# -*- coding: latin-1 -*-` (PEP 263)",
        );
        // Columns count characters: the valid 'é' before the Latin-1 byte is one column.
        let mut latin1_after_utf8 = "x = 'é'\ny = 'é".as_bytes().to_vec();
        latin1_after_utf8.extend(b"\xe9'");
        check(
            &latin1_after_utf8,
            "cannot read x.py: it is not UTF-8 (byte 0xe9 at line 2, column 7) and declares no \
             other encoding; save it as UTF-8 or add a coding line such as \
             `# -*- coding: latin-1 -*-` (PEP 263)",
        );
        check(
            b"# coding: ascii\nx = '\xe9'\n",
            "cannot read x.py: byte 0xe9 at line 2, column 6 is not a character in ascii, the \
             encoding its coding line declares",
        );
        // In a single-byte encoding every byte before the bad one is one column.
        check(
            b"# coding: cp1253\nx = '\xe9\xe4\xaa'\n",
            "cannot read x.py: byte 0xaa at line 2, column 8 is not a character in cp1253, the \
             encoding its coding line declares",
        );
        check(
            b"# coding: utf-42\n",
            "cannot read x.py: SyntaxError at line 1: unknown encoding: utf-42",
        );
    }
}
