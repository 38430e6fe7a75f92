//! Printing traceback entries as CPython 3.13 does:
//!
//! ```text
//!   File "x.py", line 3, in f
//!     return 1 / 0
//!            ~~^~~
//! ```
//!
//! The source line comes from the file named in the code object (read once per entry); the
//! marker line underlines the failing instruction's columns when they do not span the whole
//! line, with CPython's `~`/`^` anchors for binary operators, subscripts and calls.

use crate::object::class::TracebackEntry;

/// One `File ..., line N, in name` block.
pub fn format_entry(e: &TracebackEntry) -> String {
    let pos = e.code.positions.get(e.index).copied().unwrap_or_default();
    let line = pos.line.unwrap_or(0);
    let mut out = format!("  File \"{}\", line {}, in {}\n", e.filename, line, e.name);
    let Some(text) = source_line(&e.filename, line) else {
        return out;
    };
    let trimmed = text.trim_start();
    let indent = text.len() - trimmed.len();
    out.push_str(&format!("    {}\n", trimmed.trim_end()));
    if let (Some(c0), Some(c1), Some(l0), Some(l1)) = (pos.col, pos.end_col, pos.line, pos.end_line)
    {
        let (c0, c1) = (c0 as usize, c1 as usize);
        if l0 == l1
            && c0 >= indent
            && c0 < c1
            && c1 <= text.len()
            && text.is_char_boundary(c0)
            && text.is_char_boundary(c1)
        {
            if let Some(markers) = carets(&text, c0, c1) {
                let pad = text[indent..c0].chars().count();
                out.push_str(&format!("    {}{}\n", " ".repeat(pad), markers));
            }
        }
    }
    out
}

/// The marker line under `line[c0..c1]`, or `None` where CPython 3.13 prints none: `~` under
/// the operands and `^` under the operator of a binary operation, the brackets of a subscript
/// or the argument list of a call; all `^` for other expressions that do not fill the line.
fn carets(line: &str, c0: usize, c1: usize) -> Option<String> {
    let segment = &line[c0..c1];
    if call_fills_statement(line, c0, c1) {
        return None;
    }
    let width = segment.chars().count();
    match anchors(segment) {
        Some((a, b)) => {
            let mut out = String::new();
            for (i, (byte, _)) in segment.char_indices().enumerate() {
                let _ = i;
                out.push(if byte >= a && byte < b { '^' } else { '~' });
            }
            Some(out)
        }
        None => {
            let partial = !line[..c0].trim().is_empty() || !line[c1..].trim().is_empty();
            partial.then(|| "^".repeat(width))
        }
    }
}

/// CPython omits markers for `return f(...)` and `x = f(...)` when the call is the statement.
fn call_fills_statement(line: &str, c0: usize, c1: usize) -> bool {
    use ruff_python_ast::{Expr, Stmt};
    let Ok(parsed) = ruff_python_parser::parse_module(line.trim_start()) else {
        return false;
    };
    let shift = line.len() - line.trim_start().len();
    let value = match parsed.syntax().body.first() {
        Some(Stmt::Return(r)) => match r.value.as_deref() {
            Some(v @ Expr::Call(call)) if matches!(*call.func, Expr::Name(_)) => v,
            _ => return false,
        },
        Some(Stmt::Assign(a)) if a.targets.len() == 1 && matches!(a.targets[0], Expr::Name(_)) => {
            match &*a.value {
                v @ Expr::Call(_) => v,
                _ => return false,
            }
        }
        _ => return false,
    };
    let r = ruff_text_size::Ranged::range(value);
    r.start().to_usize() + shift == c0 && r.end().to_usize() + shift == c1
}

/// The primary span (byte offsets in `segment`) of a binary operation, subscript or call.
fn anchors(segment: &str) -> Option<(usize, usize)> {
    use ruff_python_ast::Expr;
    use ruff_text_size::Ranged;
    let parsed = ruff_python_parser::parse_expression(segment).ok()?;
    let bytes = segment.as_bytes();
    let skip_to = |mut i: usize, stop: &dyn Fn(u8) -> bool| {
        while i < bytes.len() && !stop(bytes[i]) {
            i += 1;
        }
        i
    };
    match parsed.expr() {
        Expr::BinOp(b) => {
            let start = skip_to(b.left.range().end().to_usize(), &|c| {
                !c.is_ascii_whitespace() && c != b')'
            });
            // The operator is one or two characters, and never reaches into the right
            // operand: `1/x` marks only the `/` (CPython 3.13's traceback.py checks the same).
            let mut end = start + 1;
            if end < bytes.len()
                && end < b.right.range().start().to_usize()
                && !bytes[end].is_ascii_whitespace()
                && bytes[end] != b'\\'
                && bytes[end] != b'#'
            {
                end += 1;
            }
            Some((start, end.min(bytes.len())))
        }
        Expr::Subscript(s) => {
            let start = skip_to(s.value.range().end().to_usize(), &|c| c == b'[');
            Some((start, s.range().end().to_usize()))
        }
        Expr::Call(c) => {
            let start = skip_to(c.func.range().end().to_usize(), &|c| c == b'(');
            Some((start, c.range().end().to_usize()))
        }
        _ => None,
    }
}
fn source_line(filename: &str, line: u32) -> Option<String> {
    if line == 0 {
        return None;
    }
    let text = crate::parse::encoding::decode(&std::fs::read(filename).ok()?).ok()?;
    text.lines().nth(line as usize - 1).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::carets;

    /// The marker line CPython 3.13 prints under `expr` inside `line`.
    fn check(line: &str, expr: &str, expected: &str) {
        let c0 = line.find(expr).expect("expr is in line");
        assert_eq!(
            carets(line, c0, c0 + expr.len()).as_deref(),
            Some(expected),
            "{expr}"
        );
    }

    #[test]
    fn binary_operators_with_and_without_spaces() {
        // Checked with python3.13: `return 2**x + 1/x` with x = 0 marks `1/x` as `~^~`.
        check("    return 2**x + 1/x", "1/x", "~^~");
        check("    return 1 / 0", "1 / 0", "~~^~~");
        check("    y = a//b + 1", "a//b", "~^^~");
        check("    y = 2**-x + 1", "2**-x", "~^^~~");
        check("    y = (a)*b + 1", "(a)*b", "~~~^~");
    }
}
