//! CPython's messages for the mistakes people make most, where ruff's parser reports something
//! else: a stray or mismatched bracket, a bracket left open, `if x = 1:`, a missing comma,
//! `1 += 2`, `del 1`, `def f(a=1, b)`, `f(x=1, 2)`, `try:` without `except`, `{1:}`, `f(x=)`,
//! `f'{}'`, `012`, an unterminated triple-quoted string and tabs mixed with spaces.
//!
//! Two of these follow CPython's order of events rather than a grammar rule. CPython's
//! tokenizer checks brackets as the parser pulls tokens, so an unmatched or mismatched closing
//! bracket before the point where parsing failed is reported instead of the parse error. And
//! after a parse error CPython tokenizes the rest of the file: a bracket still open at the end,
//! opened on an earlier line than the error (or with nothing but the end of file after the
//! error), turns the error into "'(' was never closed".

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{LexicalErrorType, ParseErrorType};
use ruff_text_size::{TextRange, TextSize};

use super::{assignment_target_kind, Diagnosis, LineIndex};

fn at(kind: &'static str, message: impl Into<String>, range: TextRange) -> Diagnosis {
    Diagnosis {
        kind,
        message: message.into(),
        range,
        show_caret: true,
    }
}

fn offset(i: usize) -> TextSize {
    TextSize::from(i as u32)
}

fn point(i: usize) -> TextRange {
    TextRange::empty(offset(i))
}

/// Calls `f(offset, byte)` for every bracket in `source[..limit]` outside strings and comments.
/// Triple-quoted strings may span lines; other strings end at their line's end.
fn scan(source: &str, limit: usize, mut f: impl FnMut(usize, u8)) {
    let b = source.as_bytes();
    let limit = limit.min(b.len());
    let mut i = 0;
    while i < limit {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let triple = b.get(i..i + 3) == Some(&[q, q, q][..]);
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if triple && b.get(i..i + 3) == Some(&[q, q, q][..]) {
                        i += 2;
                        break;
                    }
                    if !triple && (b[i] == q || b[i] == b'\n') {
                        break;
                    }
                    i += 1;
                }
            }
            c @ (b'(' | b'[' | b'{' | b')' | b']' | b'}') => f(i, c),
            _ => {}
        }
        i += 1;
    }
}

/// The first bracket still open at the end of `source`.
fn open_at_end(source: &str) -> Option<usize> {
    let mut open = Vec::new();
    scan(source, source.len(), |i, c| {
        if matches!(c, b'(' | b'[' | b'{') {
            open.push(i);
        } else {
            open.pop();
        }
    });
    open.first().copied()
}

/// CPython's second look at the whole file after a parse error (see the module docs).
pub(super) fn never_closed(source: &str, error_at: TextRange) -> Option<Diagnosis> {
    let o = open_at_end(source)?;
    let index = LineIndex::new(source);
    let open_line = index.line_col(offset(o)).0;
    let error_line = index.line_col(error_at.start()).0;
    let rest_blank = source
        .get(error_at.end().to_usize()..)
        .is_some_and(|r| r.trim().is_empty());
    (open_line < error_line || rest_blank).then(|| {
        let c = &source[o..o + 1];
        at("SyntaxError", format!("'{c}' was never closed"), point(o))
    })
}

/// CPython's message for the common mistakes below, `None` for the rest.
pub(super) fn diagnose(
    error: &ParseErrorType,
    source: &str,
    range: TextRange,
) -> Option<Diagnosis> {
    let text = source
        .get(range.start().to_usize()..range.end().to_usize())
        .unwrap_or("");
    let here = point(range.start().to_usize());
    Some(match error {
        ParseErrorType::InvalidAugmentedAssignmentTarget => at(
            "SyntaxError",
            format!(
                "'{}' is an illegal expression for augmented assignment",
                assignment_target_kind(text)
            ),
            range,
        ),
        ParseErrorType::InvalidDeleteTarget => at(
            "SyntaxError",
            format!("cannot delete {}", assignment_target_kind(text)),
            range,
        ),
        ParseErrorType::NonDefaultParamAfterDefaultParam => at(
            "SyntaxError",
            "parameter without a default follows parameter with a default",
            range,
        ),
        // CPython's caret lands on the bracket closing the call.
        ParseErrorType::PositionalAfterKeywordArgument => at(
            "SyntaxError",
            "positional argument follows keyword argument",
            closing_bracket(source, range.start().to_usize()).map_or(range, point),
        ),
        ParseErrorType::OtherError(m) if m.starts_with("Expected `except` or `finally`") => {
            // CPython underlines the first token of the statement found instead.
            let start = range.start().to_usize();
            let rest = source.get(start..).unwrap_or("");
            let word = rest.len() - rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_').len();
            let token = TextRange::at(range.start(), offset(word.max(1)));
            at("SyntaxError", "expected 'except' or 'finally' block", token)
        }
        ParseErrorType::OtherError(m)
            if m.starts_with("Cannot have both 'except' and 'except*'") =>
        {
            // CPython underlines the clause's `except` keyword, with its `*` if any.
            let start = range.start().to_usize();
            let rest = source.get(start..).unwrap_or("");
            let after = rest.get(6..).unwrap_or("");
            let len = match after.trim_start().strip_prefix('*') {
                Some(tail) => rest.len() - tail.len(),
                None => 6,
            };
            let message = "cannot have both 'except' and 'except*' on the same 'try'";
            at("SyntaxError", message, TextRange::at(range.start(), offset(len)))
        }
        ParseErrorType::EmptyTypeParams => {
            at("SyntaxError", "Type parameter list cannot be empty", here)
        }
        // `except* as e:` is plain invalid syntax at `as` in CPython.
        ParseErrorType::OtherError(m)
            if m.starts_with("Expected one or more exception types") && text != "as" =>
        {
            at("SyntaxError", "expected one or more exception types", here)
        }
        ParseErrorType::ExpectedExpression => missing_expression(source, range)?,
        ParseErrorType::ExpectedToken { expected, found } => expected_token(*expected, *found, source, range)?,
        ParseErrorType::Lexical(LexicalErrorType::OtherError(m))
            if m.contains("decimal integer literal") && text.starts_with('0') =>
        {
            at(
                "SyntaxError",
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                here,
            )
        }
        ParseErrorType::Lexical(LexicalErrorType::UnclosedStringError)
            if is_triple_quoted(text) =>
        {
            let index = LineIndex::new(source);
            let last = index.line_col(offset(source.trim_end().len())).0;
            at(
                "SyntaxError",
                format!("unterminated triple-quoted string literal (detected at line {last})"),
                here,
            )
        }
        ParseErrorType::UnexpectedIndentation if tab_error(source, range) => Diagnosis {
            show_caret: false,
            ..at("TabError", "inconsistent use of tabs and spaces in indentation", here)
        },
        _ => return None,
    })
}

/// A string token opening with three quotes (after any `r`/`b`/`f`/`u` prefix).
fn is_triple_quoted(text: &str) -> bool {
    let body = text.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    body.starts_with("\"\"\"") || body.starts_with("'''")
}

/// `{1:}`, `f(x=)` and `f'{}'`: an expression missing right after `:`, `=` or `{`.
fn missing_expression(source: &str, range: TextRange) -> Option<Diagnosis> {
    let start = range.start().to_usize();
    let before = source.get(..start)?.trim_end();
    let prev = before.len().checked_sub(1)?;
    let opener = innermost_open(source, start);
    match (before.as_bytes()[prev], opener) {
        (b':', Some(b'{')) => Some(at(
            "SyntaxError",
            "expression expected after dictionary key and ':'",
            point(prev),
        )),
        (b'=', Some(b'(')) => {
            let name_start = before[..prev]
                .trim_end_matches(|c: char| c.is_alphanumeric() || c == '_')
                .len();
            Some(at(
                "SyntaxError",
                "expected argument value expression",
                TextRange::new(offset(name_start), offset(prev + 1)),
            ))
        }
        (b'{', _) if source[start..].starts_with('}') => Some(at(
            "SyntaxError",
            "f-string: valid expression required before '}'",
            point(start),
        )),
        _ => None,
    }
}

/// The innermost bracket open at `limit`.
fn innermost_open(source: &str, limit: usize) -> Option<u8> {
    let mut open = Vec::new();
    scan(source, limit, |_, c| {
        if matches!(c, b'(' | b'[' | b'{') {
            open.push(c);
        } else {
            open.pop();
        }
    });
    open.last().copied()
}

/// CPython forces only some tokens (`&&':'`, `&&'('`) and words those "expected 'X'"; a missing
/// comma between two expressions in brackets gets its own hint; the rest is "invalid syntax"
/// at the unexpected token.
fn expected_token(
    expected: TokenKind,
    found: TokenKind,
    source: &str,
    range: TextRange,
) -> Option<Diagnosis> {
    let start = range.start().to_usize();
    if expected == TokenKind::Colon && found == TokenKind::Equal {
        return assignment_in_condition(source, start);
    }
    if matches!(expected, TokenKind::Colon | TokenKind::Lpar) {
        return None;
    }
    if expected == TokenKind::Comma {
        if let Some(d) = forgot_comma(found, source, range) {
            return Some(d);
        }
    }
    Some(at("SyntaxError", "invalid syntax", range))
}

/// `if x = 1:` / `while x = 1:`: CPython underlines the whole condition.
fn assignment_in_condition(source: &str, eq: usize) -> Option<Diagnosis> {
    let line_start = source[..eq].rfind('\n').map_or(0, |i| i + 1);
    let line = &source[line_start..];
    let indent = line.len() - line.trim_start().len();
    let keyword = ["if", "elif", "while"]
        .into_iter()
        .find(|k| line[indent..].starts_with(k))?;
    let cond = line_start + indent + keyword.len();
    let cond = cond + (source[cond..].len() - source[cond..].trim_start().len());
    let line_end = source[eq..].find('\n').map_or(source.len(), |i| eq + i);
    let end = source[eq..line_end].rfind(':').map_or(line_end, |i| eq + i);
    let end = cond + source[cond..end].trim_end().len();
    Some(at(
        "SyntaxError",
        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        TextRange::new(offset(cond), offset(end)),
    ))
}

/// CPython's `invalid_expression` hint: inside brackets, an expression directly followed by
/// another (not a name followed by a string, and not in a `def` parameter list).
fn forgot_comma(found: TokenKind, source: &str, range: TextRange) -> Option<Diagnosis> {
    let starts_expression = matches!(
        found,
        TokenKind::Name | TokenKind::Int | TokenKind::Float | TokenKind::String
    );
    let start = range.start().to_usize();
    let open = open_bracket_offset(source, start)?;
    if !starts_expression || in_def_parameters(source, open) {
        return None;
    }
    let prev = previous_atom(source, start)?;
    let prev_text = source[prev..start].trim_end();
    let prev_is_name = !prev_text.starts_with(|c: char| c.is_ascii_digit())
        && prev_text.chars().all(|c| c.is_alphanumeric() || c == '_');
    if prev_is_name && found == TokenKind::String {
        return None;
    }
    Some(at(
        "SyntaxError",
        "invalid syntax. Perhaps you forgot a comma?",
        TextRange::new(offset(prev), range.end()),
    ))
}

/// Offset of the innermost bracket open at `limit`.
fn open_bracket_offset(source: &str, limit: usize) -> Option<usize> {
    let mut open = Vec::new();
    scan(source, limit, |i, c| {
        if matches!(c, b'(' | b'[' | b'{') {
            open.push(i);
        } else {
            open.pop();
        }
    });
    open.last().copied()
}

/// True when the `(` at `open` starts a `def NAME(` parameter list.
fn in_def_parameters(source: &str, open: usize) -> bool {
    let before = source[..open].trim_end();
    let name = before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_');
    name.len() < before.len() && name.trim_end().ends_with("def")
}

/// Start of the atom that ends right before `end`: a name or number, a run of adjacent string
/// literals, or a bracketed group with the name it calls or subscripts.
fn previous_atom(source: &str, end: usize) -> Option<usize> {
    let b = source.as_bytes();
    let mut i = source[..end].trim_end().len();
    loop {
        let last = *b.get(i.checked_sub(1)?)?;
        let start = match last {
            b'"' | b'\'' => source[..i - 1].rfind(last as char)?,
            b')' | b']' | b'}' => matching_open(source, i - 1)?,
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' => source[..i]
                .trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '.')
                .len(),
            _ => return None,
        };
        let before = source[..start].trim_end();
        let more = match last {
            b'"' | b'\'' => before.ends_with(['"', '\'']),
            b')' | b']' => before.ends_with(|c: char| c.is_alphanumeric() || c == '_'),
            _ => false,
        };
        if !more {
            return Some(start);
        }
        i = before.len();
    }
}

/// Offset of the first bracket after `from` that closes one opened before it.
fn closing_bracket(source: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in source.get(from..)?.bytes().enumerate() {
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return Some(from + i),
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Offset of the bracket opening the one closed at `close`.
fn matching_open(source: &str, close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in source[..=close].bytes().enumerate().rev() {
        match c {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// CPython's TabError: the unexpected indentation compares differently with tabs counted as 8
/// columns and as 1, against the previous non-blank line.
fn tab_error(source: &str, range: TextRange) -> bool {
    let index = LineIndex::new(source);
    let line = index.line_col(range.start()).0;
    let width = |text: &str, tab: usize| {
        text.chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .fold(0, |w, c| {
                if c == '\t' {
                    (w / tab + 1) * tab
                } else {
                    w + 1
                }
            })
    };
    let Some(prev) = (1..line)
        .rev()
        .find(|&n| !index.line_text(source, n).trim().is_empty())
    else {
        return false;
    };
    let (a, b) = (index.line_text(source, prev), index.line_text(source, line));
    let by8 = width(a, 8).cmp(&width(b, 8));
    let by1 = width(a, 1).cmp(&width(b, 1));
    by8 != by1
}

#[cfg(test)]
mod tests {
    use super::super::parse_module;

    /// The last line of the error `source` gets, as `explain run` prints it.
    fn check(source: &str, expected: &str) {
        let err = parse_module(source, "t.py").expect_err("source must not parse");
        let text = err.to_string();
        let last = text.lines().last().unwrap_or("");
        assert_eq!(last, expected, "for {source:?}");
    }

    #[test]
    fn brackets_in_strings_and_comments_are_not_code() {
        check(
            "s = \"\"\"doc (\nstill ] doc\n\"\"\"\nx = )\n",
            "SyntaxError: unmatched ')'",
        );
        check(
            "# a ( comment\nx = [1, 2)\n",
            "SyntaxError: closing parenthesis ')' does not match opening parenthesis '['",
        );
    }

    #[test]
    fn open_bracket_on_an_earlier_line_wins() {
        check("print('a'\nx = 1\n", "SyntaxError: '(' was never closed");
        check(
            "f(a b)\n",
            "SyntaxError: invalid syntax. Perhaps you forgot a comma?",
        );
    }

    #[test]
    fn comma_hint_skips_parameters_and_name_string_pairs() {
        check("def f(x y):\n    pass\n", "SyntaxError: invalid syntax");
        check("f(x 'a')\n", "SyntaxError: invalid syntax");
        check(
            "d = {'a': 1 'b': 2}\n",
            "SyntaxError: invalid syntax. Perhaps you forgot a comma?",
        );
    }

    #[test]
    fn tabs_against_spaces() {
        check(
            "if x:\n\ty = 1\n        z = 2\n",
            "TabError: inconsistent use of tabs and spaces in indentation",
        );
        check(
            "if x:\n    y = 1\n        z = 2\n",
            "IndentationError: unexpected indent",
        );
    }
}
