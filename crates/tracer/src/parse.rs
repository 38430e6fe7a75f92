//! Parsing: Python source to ruff's AST, plus the line index every later stage uses to turn byte
//! offsets into CPython's (line, column) positions.
//!
//! ruff's parser words its errors its own way and knows nothing of a few rules CPython's grammar
//! has only to explain mistakes (`print x`, an unparenthesized generator argument, the header a
//! missing block belongs to). `diagnose` maps each ruff error to CPython's class, message and
//! underlined range, looking at the source around the error where ruff says too little.
//!
//! Which error CPython reports is a matter of order. Its parser pulls tokens one at a time, so
//! the first of these events stops it: a tokenizer error (`scan`: a NUL byte, a 201st bracket,
//! a bad number, a bad dedent, ...), a parse error, or its stack overflowing (`stack`). Then,
//! after a parse error, CPython tokenizes the rest of the file, and a tokenizer error it finds
//! there is reported instead (`first_stop`, `overridable`). Syntax newer than 3.13, which ruff
//! parses, is refused with 3.13's message.

use ruff_python_ast::token::Token;
use ruff_python_ast::{self as ast, ModModule, PythonVersion};
use ruff_python_parser::{
    InterpolatedStringErrorType, LexicalErrorType, Mode, ParseError, ParseErrorType, ParseOptions,
    UnsupportedSyntaxError, UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{TextRange, TextSize};

use crate::error::{CompileError, SourceLocation, SyntaxError};
use scan::{EventKind, TokenizerEvent};

pub mod encoding;
pub mod scan;
mod stack;
mod typical;
mod yield_operand;

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

/// Parses a module, turning the first error CPython would report into a `CompileError`: a
/// syntax error where CPython's parser or tokenizer stops, or a limit (see `scan` and `stack`).
pub fn parse_module(source: &str, file: &str) -> Result<ModModule, CompileError> {
    let scan = scan::scan(source);
    // Nothing after `end` can change the outcome; stopping there bounds the work on hostile
    // input (200 brackets, 6000 nested operators) as CPython's own limits bound it.
    let end = scan.parse_end(source.len());
    let text = source.get(..end).unwrap_or(source);
    let truncated = text.len() < source.len();
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY313);
    let parsed = ruff_python_parser::parse_unchecked(text, options);
    let tokens: &[Token] = parsed.tokens();
    let module = match parsed.syntax() {
        ast::Mod::Module(m) => m,
        ast::Mod::Expression(_) => return unreachable_mode(source, file),
    };
    // With the text cut short, ruff complains about the missing end: not a real error.
    let real = |e: &&ParseError| {
        !truncated
            || (e.location.end().to_usize() < end
                && !matches!(e.error, ParseErrorType::Lexical(LexicalErrorType::Eof)))
    };
    let parse_error = parsed.errors().iter().find(real);
    let newer_syntax = parsed.unsupported_syntax_errors().first();
    let overflow = stack::overflow(&module.body, tokens).map(|at| at.to_usize());
    let stop = first_stop(parse_error, newer_syntax, scan.event.as_ref(), overflow);
    let diagnosis = match stop {
        None if yield_operand::find(&module.body, source).is_some() => {
            let at = yield_operand::find(&module.body, source).unwrap_or_default();
            // CPython underlines the whole token it stopped at.
            let token = tokens
                .iter()
                .find(|t| ruff_text_size::Ranged::start(*t) == at);
            Diagnosis {
                kind: "SyntaxError",
                message: "invalid syntax".into(),
                range: token.map_or(TextRange::empty(at), ruff_text_size::Ranged::range),
                show_caret: true,
            }
        }
        None => {
            return match parsed.into_syntax() {
                ast::Mod::Module(m) => Ok(m),
                ast::Mod::Expression(_) => unreachable_mode(source, file),
            }
        }
        Some(Stop::Overflow(at)) => {
            return Err(limit_error(
                source,
                file,
                at,
                "MemoryError",
                PARSER_STACK_OVERFLOW,
            ))
        }
        Some(Stop::Tokenizer(e)) if e.kind == EventKind::SpecLineBreak => {
            let index = LineIndex::new(source);
            let (line, col) = index.line_col(TextSize::from(e.offset as u32));
            return Err(CompileError::Unsupported {
                construct: "a line break inside an f-string's format spec".into(),
                location: SourceLocation {
                    file: file.to_string(),
                    line,
                    col,
                },
            });
        }
        Some(Stop::Tokenizer(e)) => tokenizer_diagnosis(e, source),
        Some(Stop::Parser(err)) => {
            let later_tokenizer_error = scan
                .event
                .as_ref()
                .filter(|e| e.kind.raises())
                .map(|e| tokenizer_diagnosis(e, source))
                .or_else(|| {
                    parsed
                        .errors()
                        .iter()
                        .filter(real)
                        .find(|e| raises_in_tokenizer(&e.error))
                        .map(|e| diagnose(&e.error, source, e.location))
                });
            match later_tokenizer_error {
                Some(d) if overridable(&err.error) => d,
                _ => first_error(&err.error, source, err.location),
            }
        }
        Some(Stop::NewerSyntax(e)) => match scan.event.as_ref().filter(|e| e.kind.raises()) {
            Some(t) => tokenizer_diagnosis(t, source),
            None => newer_syntax_diagnosis(e, source),
        },
    };
    Err(CompileError::Syntax(syntax_error(diagnosis, source, file)))
}

/// `Mode::Module` parses a module: an expression tree here would be a bug in ruff.
fn unreachable_mode(source: &str, file: &str) -> Result<ModModule, CompileError> {
    Err(limit_error(
        source,
        file,
        0,
        "SystemError",
        "the parser returned an expression",
    ))
}

/// CPython's message when its parser runs out of stack.
pub const PARSER_STACK_OVERFLOW: &str =
    "Parser stack overflowed - Python source too complex to parse";

/// What stopped CPython first, in source order.
enum Stop<'p> {
    Parser(&'p ParseError),
    NewerSyntax(&'p UnsupportedSyntaxError),
    Tokenizer(&'p TokenizerEvent),
    Overflow(usize),
}

/// The event CPython meets first: its parser reads tokens in order, so a tokenizer error, a
/// parse error and a stack overflow each stop it where they occur.
fn first_stop<'p>(
    parse_error: Option<&'p ParseError>,
    newer_syntax: Option<&'p UnsupportedSyntaxError>,
    event: Option<&'p TokenizerEvent>,
    overflow: Option<usize>,
) -> Option<Stop<'p>> {
    let mut stops: Vec<(usize, u8, Stop<'p>)> = Vec::new();
    if let Some(e) = event {
        stops.push((e.offset, 0, Stop::Tokenizer(e)));
    }
    if let Some(at) = overflow {
        stops.push((at, 1, Stop::Overflow(at)));
    }
    if let Some(e) = parse_error {
        stops.push((e.location.start().to_usize(), 2, Stop::Parser(e)));
    }
    if let Some(e) = newer_syntax {
        stops.push((e.range.start().to_usize(), 3, Stop::NewerSyntax(e)));
    }
    stops.sort_by_key(|(at, rank, _)| (*at, *rank));
    stops.into_iter().next().map(|(_, _, s)| s)
}

/// True for the errors CPython's tokenizer raises on the spot (they win over an earlier parse
/// error, see `TokenizerEvent::raises`); an inconsistent dedent is only reported when reached.
fn raises_in_tokenizer(error: &ParseErrorType) -> bool {
    matches!(error, ParseErrorType::Lexical(l) if !matches!(l, LexicalErrorType::IndentationError | LexicalErrorType::Eof))
}

/// True for parse errors CPython replaces with a tokenizer error found later in the file: all
/// that its parser raises, except an unexpected indent (reported off the INDENT token) and the
/// tokenizer's own errors.
fn overridable(error: &ParseErrorType) -> bool {
    !matches!(
        error,
        ParseErrorType::Lexical(_) | ParseErrorType::UnexpectedIndentation
    )
}

/// A limit error (`MemoryError`, `RecursionError`): CPython prints the exception alone.
pub fn limit_error(
    source: &str,
    file: &str,
    at: usize,
    kind: &'static str,
    message: &str,
) -> CompileError {
    let index = LineIndex::new(source);
    let (line, col) = index.line_col(TextSize::from(at.min(source.len()) as u32));
    CompileError::Limit {
        kind,
        message: message.to_string(),
        location: SourceLocation {
            file: file.to_string(),
            line,
            col,
        },
    }
}

/// CPython's report of a tokenizer error found by `scan`.
fn tokenizer_diagnosis(e: &TokenizerEvent, source: &str) -> Diagnosis {
    let here = TextRange::empty(TextSize::from(e.offset as u32));
    let syntax = |message: String| Diagnosis {
        kind: "SyntaxError",
        message,
        range: here,
        show_caret: true,
    };
    match &e.kind {
        EventKind::NulByte => Diagnosis {
            show_caret: false,
            ..syntax("source code cannot contain null bytes".into())
        },
        EventKind::TooManyParentheses => syntax("too many nested parentheses".into()),
        EventKind::TooManyFStrings => syntax("too many nested f-strings".into()),
        // Refused before a diagnosis is asked for (`parse_module`); a syntax error if reached.
        EventKind::SpecLineBreak => syntax("invalid syntax".into()),
        // CPython points at column 0 of the line: its caret shows only when the indentation
        // is tabs (SyntaxError::fmt drops a caret that points into stripped spaces).
        EventKind::TooDeepIndentation => Diagnosis {
            kind: "IndentationError",
            range: line_start(source, e.offset),
            ..syntax("too many levels of indentation".into())
        },
        EventKind::BadDedent => {
            // CPython points just past the end of the badly dedented line.
            let rest = source.get(e.offset..).unwrap_or("");
            let end = rest
                .find(['\n', '\r'])
                .map_or(source.len(), |i| e.offset + i);
            Diagnosis {
                kind: "IndentationError",
                range: TextRange::empty(TextSize::from(end as u32)),
                ..syntax("unindent does not match any outer indentation level".into())
            }
        }
        EventKind::TabSpace => Diagnosis {
            kind: "TabError",
            range: line_start(source, e.offset),
            ..syntax("inconsistent use of tabs and spaces in indentation".into())
        },
        EventKind::Unmatched(c) => syntax(format!("unmatched '{}'", *c as char)),
        EventKind::BadNumber {
            message,
            caret,
            end,
        } => Diagnosis {
            range: TextRange::new(
                TextSize::from(*caret as u32),
                TextSize::from((*end).max(*caret) as u32),
            ),
            ..syntax(message.clone())
        },
        EventKind::Mismatched {
            close,
            open,
            open_offset,
        } => {
            let index = LineIndex::new(source);
            let open_line = index.line_col(TextSize::from(*open_offset as u32)).0;
            let line = index.line_col(here.start()).0;
            let mut m = format!(
                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                *close as char, *open as char
            );
            if open_line != line {
                m.push_str(&format!(" on line {open_line}"));
            }
            syntax(m)
        }
    }
}

/// Syntax newer than 3.13 that ruff parses (and flags): CPython 3.13's error for it.
fn newer_syntax_diagnosis(e: &UnsupportedSyntaxError, source: &str) -> Diagnosis {
    let message = match e.kind {
        UnsupportedSyntaxErrorKind::UnparenthesizedExceptionTypes => {
            "multiple exception types must be parenthesized"
        }
        UnsupportedSyntaxErrorKind::UnpackingInComprehension(_) => {
            let text = source.get(e.range.start().to_usize()..).unwrap_or("");
            if text.starts_with("**") {
                "dict unpacking cannot be used in dict comprehension"
            } else {
                "iterable unpacking cannot be used in comprehension"
            }
        }
        _ => "invalid syntax",
    };
    Diagnosis {
        kind: "SyntaxError",
        message: message.to_string(),
        range: e.range,
        show_caret: true,
    }
}

/// The start of the line holding byte `offset`, as an empty range (column 0, where CPython's
/// indentation errors point).
fn line_start(source: &str, offset: usize) -> TextRange {
    let before = source.get(..offset).unwrap_or(source);
    let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    TextRange::empty(TextSize::from(start as u32))
}

/// What CPython would report for a parse error: class, message and the range it underlines.
struct Diagnosis {
    kind: &'static str,
    message: String,
    /// Where the error points; an empty range draws a single caret.
    range: TextRange,
    show_caret: bool,
}

fn syntax_error(d: Diagnosis, source: &str, file: &str) -> SyntaxError {
    let index = LineIndex::new(source);
    let (line, col) = index.line_col(d.range.start());
    // CPython's tokenizer works on C strings: a line is shown up to a NUL byte.
    let text = index.line_text(source, line);
    let source_line = text.split('\0').next().unwrap_or(text).to_string();
    let (end_line, end_col) = index.line_col(d.range.end());
    // A range running onto later lines is underlined to the end of its first line.
    let end_col = if d.range.is_empty() {
        col
    } else if end_line == line {
        end_col
    } else {
        source_line.len() as u32
    };
    SyntaxError {
        location: SourceLocation {
            file: file.to_string(),
            line,
            col,
        },
        source_line,
        message: d.message,
        kind: d.kind,
        end_col,
        show_caret: d.show_caret,
    }
}

/// The error CPython reports for a parse error when no tokenizer error takes over: the parse
/// error, unless a bracket left open at the end of the file takes over (see `typical`).
fn first_error(error: &ParseErrorType, source: &str, range: TextRange) -> Diagnosis {
    let d = diagnose(error, source, range);
    let from_parser = !matches!(
        error,
        ParseErrorType::Lexical(_) | ParseErrorType::UnexpectedIndentation
    );
    match from_parser.then(|| typical::never_closed(source, range)) {
        Some(Some(never_closed)) => never_closed,
        _ => d,
    }
}

/// The offset of the prefix of the f-string around `at`: the nearest quote before it that
/// follows an `f`-prefix (`f"`, `rf'`, `Fr"`).
fn fstring_start(source: &str, at: usize) -> usize {
    let b = source.as_bytes();
    (0..at.min(b.len()))
        .rev()
        .filter(|&q| matches!(b[q], b'"' | b'\''))
        .find_map(|q| {
            let prefix = source[..q]
                .bytes()
                .rev()
                .take_while(u8::is_ascii_alphabetic)
                .count();
            let letters = &source[q - prefix..q];
            let is_f = prefix <= 2
                && letters.bytes().any(|c| c.eq_ignore_ascii_case(&b'f'))
                && letters.bytes().all(|c| b"fFrR".contains(&c));
            is_f.then_some(q - prefix)
        })
        .unwrap_or(at)
}

/// CPython's wording (and position) for the errors ruff's parser reports in its own words.
fn diagnose(error: &ParseErrorType, source: &str, range: TextRange) -> Diagnosis {
    let at = |kind, message: String, range| Diagnosis {
        kind,
        message,
        range,
        show_caret: true,
    };
    let point = TextRange::empty(range.start());
    let syntax = |m: &str| at("SyntaxError", m.to_string(), point);
    if let Some(d) = typical::diagnose(error, source, range) {
        return d;
    }
    match error {
        ParseErrorType::Lexical(LexicalErrorType::IndentationError) => {
            // CPython points just past the end of the badly dedented line.
            let at_ = range.start().to_usize();
            let rest = source.get(at_..).unwrap_or("");
            let end = rest.find('\n').map_or(source.len(), |i| at_ + i);
            let end = TextRange::empty(TextSize::from(end as u32));
            let message = "unindent does not match any outer indentation level";
            at("IndentationError", message.into(), end)
        }
        ParseErrorType::UnexpectedIndentation => at(
            "IndentationError",
            "unexpected indent".into(),
            line_start(source, range.start().to_usize()),
        ),
        ParseErrorType::Lexical(LexicalErrorType::FStringError(
            InterpolatedStringErrorType::UnterminatedString
            | InterpolatedStringErrorType::NewlineInFormatSpec,
        )) => {
            // CPython points at the f-string's prefix; ruff at its text or the line break.
            let line = LineIndex::new(source).line_col(range.start()).0;
            let start = fstring_start(source, range.start().to_usize());
            at(
                "SyntaxError",
                format!("unterminated f-string literal (detected at line {line})"),
                TextRange::empty(TextSize::from(start as u32)),
            )
        }
        ParseErrorType::Lexical(LexicalErrorType::UnclosedStringError) => {
            let line = LineIndex::new(source).line_col(range.start()).0;
            syntax(&format!(
                "unterminated string literal (detected at line {line})"
            ))
        }
        ParseErrorType::Lexical(LexicalErrorType::Eof) => match unclosed_bracket(source) {
            Some(offset) => {
                let c = &source[offset..offset + 1];
                let here = TextRange::empty(TextSize::from(offset as u32));
                at("SyntaxError", format!("'{c}' was never closed"), here)
            }
            None => syntax("unexpected EOF while parsing"),
        },
        ParseErrorType::ExpectedToken { expected, .. } => {
            let token = expected.to_string();
            let token = token.trim_matches('`').trim_matches('\'');
            syntax(&format!("expected '{token}'"))
        }
        ParseErrorType::InvalidAssignmentTarget => {
            let text = source.get(range.start().to_usize()..range.end().to_usize());
            let what = assignment_target_kind(text.unwrap_or(""));
            let message =
                format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?");
            at("SyntaxError", message, range)
        }
        ParseErrorType::UnparenthesizedGeneratorExpression => at(
            "SyntaxError",
            "Generator expression must be parenthesized".into(),
            range,
        ),
        ParseErrorType::SimpleStatementsOnSameLine => match legacy_print(source, range.start()) {
            Some((name, whole)) => at(
                "SyntaxError",
                format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?"),
                whole,
            ),
            // CPython underlines the whole unexpected token (`1.2.3` -> `.3`).
            None => at("SyntaxError", "invalid syntax".into(), range),
        },
        ParseErrorType::OtherError(msg) => match missing_block(msg, source, range) {
            // At the end of the file ruff points at the header's own newline; CPython then shows
            // the header line without a caret.
            Some(message) => Diagnosis {
                show_caret: !source
                    .get(range.start().to_usize()..)
                    .is_some_and(|rest| rest.starts_with(['\n', '\r'])),
                ..at("IndentationError", message, range)
            },
            // ruff's range is the token it did not expect, which CPython underlines whole
            // (`else` without `if`, `from import x`, `x := 1`).
            None => at("SyntaxError", "invalid syntax".into(), range),
        },
        _ => syntax("invalid syntax"),
    }
}

/// How CPython names an invalid assignment target, from its source text.
fn assignment_target_kind(text: &str) -> &'static str {
    if text.ends_with(')') {
        "function call"
    } else if text.starts_with(|c: char| c.is_ascii_digit() || c == '"' || c == '\'') {
        "literal"
    } else {
        "expression"
    }
}

/// Python 2's `print x` / `exec x`: ruff sees two expressions side by side; CPython's grammar
/// has a rule for a bare `print`/`exec` name followed by an expression. Detected from the source:
/// the error is right after a `print`/`exec` word that starts a statement. Returns the name and
/// the range CPython underlines: from the name to the end of the line's code (comment dropped).
/// A legacy expression spanning several lines is underlined on its first line only.
fn legacy_print(source: &str, at: TextSize) -> Option<(&'static str, TextRange)> {
    let at = at.to_usize();
    // Invariant: `at` is a token boundary from the parser, so every slice below is on a char
    // boundary; `get` keeps a surprise from becoming a panic.
    let line_start = source.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let before = source[line_start..at].trim_end();
    let name = ["print", "exec"]
        .into_iter()
        .find(|n| before.ends_with(n))?;
    let name_start = line_start + before.len() - name.len();
    let prev = source[line_start..name_start].trim_end().chars().last();
    if !matches!(prev, None | Some(';' | ':')) || source[at..].starts_with('(') {
        return None;
    }
    let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let code = strip_comment(&source[name_start..line_end]).trim_end();
    let range = TextRange::at(
        TextSize::from(name_start as u32),
        TextSize::from(code.len() as u32),
    );
    Some((name, range))
}

/// The part of one line before a `#` comment (quotes skipped, as in `unclosed_bracket`).
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => return &line[..i],
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    line
}

/// ruff's "Expected an indented block after `else` clause" becomes CPython's "expected an
/// indented block after 'else' statement on line 3". ruff does not say where the header is, so
/// we look for it: the nearest line above the error that starts with the clause's keyword. (A
/// continuation line of a multi-line header starting with that keyword would fool this.)
fn missing_block(msg: &str, source: &str, range: TextRange) -> Option<String> {
    let clause = msg.strip_prefix("Expected an indented block after ")?;
    let (keyword, what) = match clause {
        "function definition" => ("def", "function definition".to_string()),
        "`class` definition" => ("class", "class definition".to_string()),
        "`case` block" => ("case", "'case' statement".to_string()),
        other => {
            let word = other.split('`').nth(1)?;
            (word, format!("'{word}' statement"))
        }
    };
    let index = LineIndex::new(source);
    let error_line = index.line_col(range.start()).0;
    let header = (1..=error_line).rev().find(|&n| {
        let text = index.line_text(source, n).trim_start();
        let text = text.strip_prefix("async ").map_or(text, str::trim_start);
        text.strip_prefix(keyword)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    })?;
    let header_text = index.line_text(source, header).trim_start();
    let starred = header_text
        .strip_prefix("except")
        .is_some_and(|rest| rest.trim_start().starts_with('*'));
    let what = if starred {
        "'except*' statement".to_string()
    } else {
        what
    };
    Some(format!(
        "expected an indented block after {what} on line {header}"
    ))
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
