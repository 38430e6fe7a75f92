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
//! line. CPython additionally uses `~` for the operands of binary operators and subscripts;
//! this prints `^` under the whole span (the last line `Type: message` is what tests compare).

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
    let trimmed = trimmed.trim_end();
    out.push_str(&format!("    {trimmed}\n"));
    if let (Some(c0), Some(c1), Some(l0), Some(l1)) = (pos.col, pos.end_col, pos.line, pos.end_line)
    {
        let (c0, c1) = (c0 as usize, c1 as usize);
        let whole = c0 <= indent && (l1 > l0 || c1 >= indent + trimmed.len());
        if l0 == l1 && !whole && c1 > c0 && c0 >= indent {
            let start = text[..c0.min(text.len())].chars().count() - text[..indent].chars().count();
            let width = text[c0.min(text.len())..c1.min(text.len())]
                .chars()
                .count()
                .max(1);
            out.push_str(&format!("    {}{}\n", " ".repeat(start), "^".repeat(width)));
        }
    }
    out
}

fn source_line(filename: &str, line: u32) -> Option<String> {
    if line == 0 {
        return None;
    }
    let text = std::fs::read_to_string(filename).ok()?;
    text.lines().nth(line as usize - 1).map(str::to_string)
}
