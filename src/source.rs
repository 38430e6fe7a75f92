//! Reading a Python program for `explain run`, `dis` and `specialize`: from a file, or from
//! stdin when the path is `-` (as `python3 -` does, under the name `<stdin>`).
//!
//! CPython reads source as UTF-8 unless the file declares another encoding (PEP 263); the
//! tracer supports UTF-8 only, so a file that is not UTF-8 is refused with the position of
//! the first bad byte, the way CPython's "Non-UTF-8 code starting with ..." error names it.
//! Every failure is a one-line `anyhow` error naming the path; the caller exits with status 1.

use std::io::Read;
use std::path::Path;

use anyhow::Context;

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
    let text = String::from_utf8(bytes).map_err(|err| not_utf8(&name, &err))?;
    Ok(Source { text, name })
}

/// "x.py is not UTF-8: byte 0xff at line 2, column 5 ...": where the first invalid byte is,
/// counting lines and columns (1-based, in characters) in the valid prefix.
fn not_utf8(name: &str, err: &std::string::FromUtf8Error) -> anyhow::Error {
    let bytes = err.as_bytes();
    let valid = err.utf8_error().valid_up_to();
    // Invariant: bytes[..valid] is valid UTF-8 (that is what valid_up_to promises).
    let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    anyhow::anyhow!(
        "cannot read {name}: it is not UTF-8 (byte 0x{:02x} at line {line}, column {column}); \
         the tracer reads UTF-8 source only, so save the file as UTF-8",
        bytes[valid]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: &str) {
        let err = String::from_utf8(bytes.to_vec()).expect_err("invalid UTF-8");
        assert_eq!(not_utf8("x.py", &err).to_string(), expected);
    }

    #[test]
    fn names_the_first_bad_byte() {
        check(
            b"\xff",
            "cannot read x.py: it is not UTF-8 (byte 0xff at line 1, column 1); \
             the tracer reads UTF-8 source only, so save the file as UTF-8",
        );
        // Columns count characters: the valid 'é' before the Latin-1 byte is one column.
        let mut latin1_after_utf8 = "x = 'é'\ny = 'é".as_bytes().to_vec();
        latin1_after_utf8.extend(b"\xe9'");
        check(
            &latin1_after_utf8,
            "cannot read x.py: it is not UTF-8 (byte 0xe9 at line 2, column 7); \
             the tracer reads UTF-8 source only, so save the file as UTF-8",
        );
    }
}
