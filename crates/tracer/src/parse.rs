//! Parsing: Python source to ruff's AST, plus the line index every later stage uses to turn byte
//! offsets into CPython's (line, column) positions.

use ruff_python_ast::ModModule;
use ruff_python_parser::{LexicalErrorType, ParseErrorType};
use ruff_text_size::{TextRange, TextSize};

use crate::error::{CompileError, SourceLocation, SyntaxError};

/// Byte offsets of line starts, to map AST offsets to 1-based lines and byte columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex { starts }
    }

    /// (1-based line, 0-based byte column) of a byte offset.
    pub fn line_col(&self, offset: TextSize) -> (u32, u32) {
        let offset = u32::from(offset);
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line.saturating_sub(1)];
        (line as u32, offset - start)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text<'s>(&self, source: &'s str, line: u32) -> &'s str {
        let i = (line as usize).saturating_sub(1);
        let start = self.starts.get(i).copied().unwrap_or(0) as usize;
        let end = self.starts.get(i + 1).map_or(source.len(), |&e| e as usize);
        source
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// Parses a module, turning the first parse error into a CPython-style `SyntaxError`.
pub fn parse_module(source: &str, file: &str) -> Result<ModModule, CompileError> {
    match ruff_python_parser::parse_module(source) {
        Ok(parsed) => Ok(parsed.into_syntax()),
        Err(err) => {
            let index = LineIndex::new(source);
            let (mut line, mut col) = index.line_col(err.location.start());
            let (kind, message) = cpython_message(&err.error, source, err.location);
            if let ParseErrorType::Lexical(LexicalErrorType::Eof) = err.error {
                if let Some(offset) = unclosed_bracket(source) {
                    (line, col) = index.line_col(TextSize::from(offset as u32));
                }
            }
            Err(CompileError::Syntax(SyntaxError {
                location: SourceLocation {
                    file: file.to_string(),
                    line,
                    col,
                },
                source_line: index.line_text(source, line).to_string(),
                message,
                kind,
            }))
        }
    }
}

/// CPython's wording for the errors ruff's parser reports in its own words.
fn cpython_message(
    error: &ParseErrorType,
    source: &str,
    range: TextRange,
) -> (&'static str, String) {
    let syntax = |m: &str| ("SyntaxError", m.to_string());
    match error {
        ParseErrorType::Lexical(LexicalErrorType::IndentationError) => (
            "IndentationError",
            "unindent does not match any outer indentation level".into(),
        ),
        ParseErrorType::UnexpectedIndentation => ("IndentationError", "unexpected indent".into()),
        ParseErrorType::Lexical(LexicalErrorType::UnclosedStringError) => {
            let line = LineIndex::new(source).line_col(range.start()).0;
            syntax(&format!(
                "unterminated string literal (detected at line {line})"
            ))
        }
        ParseErrorType::Lexical(LexicalErrorType::Eof) => match unclosed_bracket(source) {
            Some(offset) => {
                let c = &source[offset..offset + 1];
                syntax(&format!("'{c}' was never closed"))
            }
            None => syntax("unexpected EOF while parsing"),
        },
        ParseErrorType::ExpectedToken { expected, .. } => {
            let token = expected.to_string();
            let token = token.trim_matches('`').trim_matches('\'');
            syntax(&format!("expected '{token}'"))
        }
        ParseErrorType::InvalidAssignmentTarget => {
            let text = source
                .get(range.start().to_usize()..range.end().to_usize())
                .unwrap_or("");
            let what = if text.ends_with(')') {
                "function call"
            } else if text.starts_with(|c: char| c.is_ascii_digit() || c == '"' || c == '\'') {
                "literal"
            } else {
                "expression"
            };
            syntax(&format!(
                "cannot assign to {what} here. Maybe you meant '==' instead of '='?"
            ))
        }
        _ => syntax("invalid syntax"),
    }
}

/// Offset of the first bracket that is never closed (strings and comments skipped).
fn unclosed_bracket(source: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut stack: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => stack.push(i),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack.first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_prints_like_cpython() {
        let err = parse_module("x = 1\ny = (1 +\n", "bad.py").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("  File \"bad.py\", line "), "{text}");
        assert!(text.contains("SyntaxError: "), "{text}");
    }

    #[test]
    fn line_index_maps_offsets() {
        let index = LineIndex::new("ab\ncd\n");
        assert_eq!(index.line_col(TextSize::from(4)), (2, 1));
        assert_eq!(index.line_text("ab\ncd\n", 2), "cd");
    }
}
