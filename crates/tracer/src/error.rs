//! Errors of the front end: syntax errors (reported like CPython reports them) and constructs the
//! compiler does not support yet. Both are values, never panics: the CLI decides the exit code.

use std::fmt;

/// A position in a source file: 1-based line, 0-based UTF-8 byte column (CPython's convention).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLocation {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col + 1)
    }
}

/// A syntax error with the offending source line, printed the way CPython prints one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub location: SourceLocation,
    /// The text of the offending line, without its newline.
    pub source_line: String,
    pub message: String,
    /// The exception class CPython would raise: `SyntaxError` or `IndentationError`.
    pub kind: &'static str,
    /// Exclusive end column (0-based byte, on `location.line`) of the range CPython underlines
    /// with `^^^^`; at or before `location.col` means a single caret.
    pub end_col: u32,
    /// False where CPython prints no caret line at all (an unexpected indent, a block missing at
    /// the end of the file).
    pub show_caret: bool,
}

impl fmt::Display for SyntaxError {
    /// `  File "x.py", line 3` / the line / a caret / `SyntaxError: message`, as CPython's
    /// `traceback` module lays it out: the line loses its leading spaces and form feeds but keeps
    /// its tabs, the caret line copies those tabs so the caret stays aligned, and an error that
    /// points into the stripped spaces (an indentation error on a space-indented line) gets no
    /// caret at all.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self
            .source_line
            .trim_start_matches([' ', '\x0c'])
            .trim_end();
        let spaces =
            self.source_line.len() - self.source_line.trim_start_matches([' ', '\x0c']).len();
        writeln!(
            f,
            "  File \"{}\", line {}",
            self.location.file, self.location.line
        )?;
        writeln!(f, "    {shown}")?;
        let col = self.location.col as usize;
        if self.show_caret && col >= spaces {
            // Byte columns into the shown text, counted in characters for the caret line.
            let chars_before =
                |byte: usize| shown.char_indices().take_while(|(i, _)| *i < byte).count();
            let start = chars_before(col - spaces);
            let end = chars_before((self.end_col as usize).saturating_sub(spaces));
            // Invariant: at least one caret; a range never runs past the shown text.
            let width = end.saturating_sub(start).max(1);
            let lead: String = shown
                .chars()
                .chain(std::iter::repeat(' '))
                .take(start)
                .map(|c| if c.is_whitespace() { c } else { ' ' })
                .collect();
            writeln!(f, "    {lead}{}", "^".repeat(width))?;
        }
        write!(f, "{}: {}", self.kind, self.message)
    }
}

/// Everything that can stop `compile`.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("{0}")]
    Syntax(SyntaxError),
    /// A construct outside the supported subset, e.g. `with` or `match`.
    #[error("not supported yet: {construct} at {location}")]
    Unsupported {
        construct: String,
        location: SourceLocation,
    },
    /// A program the parser accepts but CPython's compiler rejects (e.g. `return` at module level).
    #[error("{0}")]
    Invalid(SyntaxError),
    /// A limit of CPython's parser or compiler: `MemoryError: Parser stack overflowed - ...`,
    /// `RecursionError: maximum recursion depth exceeded during compilation`. CPython prints the
    /// exception alone, without a location; `location` says where the limit was passed.
    #[error("{kind}: {message}")]
    Limit {
        kind: &'static str,
        message: String,
        location: SourceLocation,
    },
}

impl CompileError {
    /// Where the error points.
    pub fn location(&self) -> &SourceLocation {
        match self {
            CompileError::Syntax(e) | CompileError::Invalid(e) => &e.location,
            CompileError::Unsupported { location, .. } | CompileError::Limit { location, .. } => {
                location
            }
        }
    }
}
