//! A first pass over the raw source, before ruff's parser sees it: the limits CPython's
//! *tokenizer* enforces, and a cheap bound on how deeply the parser will have to nest.
//!
//! CPython's tokenizer refuses a source line holding a NUL byte ("source code cannot contain
//! null bytes"), a 201st bracket open at once (`MAXLEVEL`, "too many nested parentheses"), a
//! 100th indentation level (`MAXINDENT`, "too many levels of indentation") and a 150th f-string
//! inside an f-string (`MAXFSTRINGLEVEL`, "too many nested f-strings"); it also reports a closing
//! bracket that closes nothing or the wrong bracket. [`scan`] finds the first of these events, in
//! the order the tokenizer meets them, with the offset where CPython reports it.
//!
//! It also keeps a running count of the constructs that nest inside each other while an
//! expression is read: open brackets, prefix operators (`-x`, `not x`, `await x`, `lambda:`)
//! and right-associative operators (`**`, the `else` of `a if b else c`), popped as an
//! operator-precedence parser would pop them (`-a - -b` nests once, `-(-(-a))` three times).
//! Each of these costs CPython's parser at least one level of its 6000-level stack, so where the
//! count passes 6000 CPython has certainly given up ([`Scan::cut`]); the source is parsed only up
//! to there, which keeps the time and memory of parsing hostile input (a megabyte of `~`)
//! proportional to what CPython would read.

mod nesting;
mod number;

use nesting::Nesting;

/// CPython's `MAXLEVEL`: brackets open at once.
pub const MAXLEVEL: usize = 200;
/// CPython's `MAXINDENT`: the indentation stack holds at most this many levels (level 0 included).
pub const MAXINDENT: usize = 100;
/// CPython's `MAXFSTRINGLEVEL`: tokenizer modes, the regular mode included.
pub const MAXFSTRINGLEVEL: usize = 150;
/// CPython's parser stack (`MAXSTACK` in the generated parser).
pub const MAXSTACK: usize = 6000;

/// A tokenizer error, at the byte offset where CPython reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizerEvent {
    pub offset: usize,
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A NUL byte on the line starting at `offset`.
    NulByte,
    /// The 201st bracket open at once.
    TooManyParentheses,
    /// The 150th nested f-string.
    TooManyFStrings,
    /// A line indented a 100th level (reported without a caret).
    TooDeepIndentation,
    /// A dedent to a column no enclosing block has.
    BadDedent,
    /// Indentation that compares differently with tabs as 8 columns and as 1.
    TabSpace,
    /// `)` with nothing open.
    Unmatched(u8),
    /// `)` closing a `[` opened at `open`.
    Mismatched {
        close: u8,
        open: u8,
        open_offset: usize,
    },
    /// A line break in the format spec of a single-quoted f-string, where only blank lines and
    /// comments lead to the field's `}`: CPython's tokenizer ends the spec at the line break
    /// and accepts it (`f"{x:d<newline>}"` is `f"{x:d}"`); ruff's parser does not, so it is
    /// refused by name.
    SpecLineBreak,
    /// A malformed number literal (`12abc`, `0x`, `0o8`, `012`), with the range CPython
    /// underlines.
    BadNumber {
        message: String,
        caret: usize,
        end: usize,
    },
}

impl EventKind {
    /// True when CPython's tokenizer raises this as an exception on the spot (`syntaxerror()`),
    /// which makes it win over a parser error found earlier in the file: after a parse error
    /// CPython tokenizes the rest of the file and reports such an error instead. Indentation
    /// errors are only reported when the parser reaches them.
    pub fn raises(&self) -> bool {
        !matches!(
            self,
            EventKind::TooDeepIndentation
                | EventKind::BadDedent
                | EventKind::TabSpace
                | EventKind::SpecLineBreak
        )
    }
}

/// What [`scan`] found.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// The first tokenizer error; the scan stops there, as CPython's tokenizer does.
    pub event: Option<TokenizerEvent>,
    /// Offset of the token where the nesting count first passed [`MAXSTACK`].
    pub cut: Option<usize>,
    /// Offsets of the `\\ud800`-style escapes of lone surrogates in str literals, in order.
    pub surrogates: Vec<usize>,
}

impl Scan {
    /// Where parsing can stop: nothing after this offset can change the outcome.
    pub fn parse_end(&self, len: usize) -> usize {
        let event = self.event.as_ref().map_or(len, |e| e.offset);
        event.min(self.cut.unwrap_or(len))
    }
}

/// Where the scanner is: in code, in an f-string's replacement field, or in the literal part of
/// an f-string (or of a format spec, which ends at the field's `}`).
#[derive(Clone, Copy, Debug)]
enum Frame {
    Code,
    Field {
        brackets: usize,
        quote: u8,
        triple: bool,
    },
    Literal {
        quote: u8,
        triple: bool,
        raw: bool,
        spec: bool,
        /// A format spec that has held a nested field (`{x:{width}}`).
        nested: bool,
    },
}

/// Scans `source` for CPython's tokenizer limits (see the module docs).
pub fn scan(source: &str) -> Scan {
    let mut s = Scanner {
        b: source.as_bytes(),
        i: 0,
        frames: vec![Frame::Code],
        brackets: Vec::new(),
        indents: vec![(0, 0)],
        line_start: true,
        continuation: false,
        nesting: Nesting::default(),
        out: Scan::default(),
    };
    if let Some(nul) = source.bytes().position(|b| b == 0) {
        // CPython reads a whole line before tokenizing it: the error comes at the line's start.
        let start = source[..nul].rfind('\n').map_or(0, |i| i + 1);
        s.b = &source.as_bytes()[..start];
        s.run();
        if s.out.event.is_none() {
            s.out.event = Some(TokenizerEvent {
                offset: start,
                kind: EventKind::NulByte,
            });
        }
        return s.out;
    }
    s.run();
    s.out
}

struct Scanner<'s> {
    b: &'s [u8],
    i: usize,
    frames: Vec<Frame>,
    /// Open brackets: (byte, offset).
    brackets: Vec<(u8, usize)>,
    /// The indentation stack: (columns with tabs to multiples of 8, columns with tabs as 1).
    indents: Vec<(usize, usize)>,
    line_start: bool,
    continuation: bool,
    nesting: Nesting,
    out: Scan,
}

impl Scanner<'_> {
    fn run(&mut self) {
        while self.i < self.b.len() && self.out.event.is_none() {
            match *self.frames.last().unwrap_or(&Frame::Code) {
                Frame::Literal {
                    quote,
                    triple,
                    raw,
                    spec,
                    ..
                } => self.literal(quote, triple, raw, spec),
                Frame::Code | Frame::Field { .. } => self.code(),
            }
        }
    }

    fn event(&mut self, offset: usize, kind: EventKind) {
        if self.out.event.is_none() {
            self.out.event = Some(TokenizerEvent { offset, kind });
        }
    }

    fn peek(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    /// One step in the literal part of an f-string.
    fn literal(&mut self, quote: u8, triple: bool, raw: bool, spec: bool) {
        let c = self.b[self.i];
        match c {
            b'\\' if !raw => {
                self.note_surrogate();
                self.i += 2;
            }
            b'\n'
                if !triple
                    && spec
                    && !self.spec_nested()
                    && self.field_closes_after_blank_lines() =>
            {
                self.event(self.i, EventKind::SpecLineBreak);
            }
            b'\n' if !triple => {
                // Unterminated: ruff reports it; carry on as code.
                self.frames.pop();
                if spec {
                    self.close_field();
                }
            }
            _ if !spec
                && c == quote
                && (!triple || (self.peek(1) == quote && self.peek(2) == quote)) =>
            {
                self.i += if triple { 3 } else { 1 };
                self.frames.pop();
                self.nesting.operand();
            }
            b'{' if self.peek(1) == b'{' && !spec => self.i += 2,
            b'{' => {
                if let Some(Frame::Literal { nested, .. }) = self.frames.last_mut() {
                    *nested = true;
                }
                self.open_bracket(b'{', self.i);
                self.i += 1;
                self.frames.push(Frame::Field {
                    brackets: self.brackets.len(),
                    quote,
                    triple,
                });
            }
            b'}' if spec => {
                self.frames.pop();
                self.close_field();
                self.i += 1;
            }
            b'}' if self.peek(1) == b'}' => self.i += 2,
            _ => self.i += 1,
        }
    }

    /// Whether the format spec being read has held a nested field: after one, CPython's
    /// tokenizer reports a line break in the spec as an unterminated f-string.
    fn spec_nested(&self) -> bool {
        matches!(
            self.frames.last(),
            Some(Frame::Literal { nested: true, .. })
        )
    }

    /// At a line break: whether only whitespace, line breaks and comments come before a `}`.
    fn field_closes_after_blank_lines(&self) -> bool {
        let mut j = self.i;
        while let Some(&c) = self.b.get(j) {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' => j += 1,
                b'#' => {
                    while self.b.get(j).is_some_and(|&c| c != b'\n') {
                        j += 1;
                    }
                }
                b'}' => return true,
                _ => return false,
            }
        }
        false
    }

    /// Leaves the replacement field under the top frame (after its format spec).
    fn close_field(&mut self) {
        if let Some(Frame::Field { .. }) = self.frames.last() {
            self.frames.pop();
            self.brackets.pop();
            self.nesting.close();
        }
    }

    /// One token of code.
    fn code(&mut self) {
        if self.line_start {
            self.line_start = false;
            if self.brackets.is_empty() && !self.continuation && self.frames.len() == 1 {
                self.indentation();
                if self.out.event.is_some() || self.i >= self.b.len() {
                    return;
                }
            }
            self.continuation = false;
        }
        let c = self.b[self.i];
        let field = match self.frames.last() {
            Some(&Frame::Field {
                brackets,
                quote,
                triple,
            }) if brackets == self.brackets.len() => Some((quote, triple)),
            _ => None,
        };
        match c {
            b' ' | b'\t' | b'\x0c' | b'\r' => self.i += 1,
            b'\\' if matches!(self.peek(1), b'\n' | b'\r') => {
                self.i += 1;
                self.continuation = true;
            }
            b'\n' => {
                self.i += 1;
                self.line_start = true;
                if self.brackets.is_empty() && self.frames.len() == 1 {
                    self.nesting.newline();
                }
            }
            b'#' => {
                while self.i < self.b.len() && self.b[self.i] != b'\n' {
                    self.i += 1;
                }
            }
            b'"' | b'\'' => self.string(""),
            b'}' if field.is_some() => {
                self.brackets.pop();
                self.frames.pop();
                self.nesting.close();
                self.i += 1;
            }
            // At the field's own bracket depth a colon always starts the format spec, even
            // before `=` (`f"{x:=^9}"` is a spec; a walrus there needs parentheses).
            b':' if field.is_some() => {
                let (quote, triple) = field.unwrap_or((b'"', false));
                self.i += 1;
                self.frames.push(Frame::Literal {
                    quote,
                    triple,
                    raw: false,
                    spec: true,
                    nested: false,
                });
            }
            b'!' if field.is_some() && self.peek(1) != b'=' => {
                self.i += 1;
                while self.i < self.b.len() && self.b[self.i].is_ascii_alphanumeric() {
                    self.i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                let at = self.i;
                self.i += 1;
                if self.brackets.len() >= MAXLEVEL {
                    self.event(at, EventKind::TooManyParentheses);
                    return;
                }
                self.open_bracket(c, at);
            }
            b')' | b']' | b'}' => {
                let at = self.i;
                self.i += 1;
                match self.brackets.pop() {
                    None => self.event(at, EventKind::Unmatched(c)),
                    Some((open, open_offset)) if closer(open) != c => self.event(
                        at,
                        EventKind::Mismatched {
                            close: c,
                            open,
                            open_offset,
                        },
                    ),
                    Some(_) => self.nesting.close(),
                }
            }
            c if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_ascii_digit()) => {
                self.number()
            }
            c if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => self.word(),
            _ => self.operator(),
        }
    }

    fn open_bracket(&mut self, c: u8, at: usize) {
        self.brackets.push((c, at));
        if self.nesting.open() {
            self.cut_here(at);
        }
    }

    fn cut_here(&mut self, at: usize) {
        if self.out.cut.is_none() {
            self.out.cut = Some(at);
        }
    }

    /// The indentation of a new logical line, as CPython's tokenizer measures it (a tab moves to
    /// the next multiple of 8); blank and comment-only lines do not count.
    fn indentation(&mut self) {
        let start = self.i;
        // `col` counts a tab to the next multiple of 8, `alt` counts it as 1: CPython compares
        // both, and a line whose two counts disagree with its block's is a TabError.
        let (mut col, mut alt) = (0, 0);
        while self.i < self.b.len() {
            match self.b[self.i] {
                b' ' => (col, alt) = (col + 1, alt + 1),
                b'\t' => (col, alt) = ((col / 8 + 1) * 8, alt + 1),
                b'\x0c' => (col, alt) = (0, 0),
                _ => break,
            }
            self.i += 1;
        }
        if matches!(self.peek(0), b'#' | b'\n' | b'\r' | 0) {
            return;
        }
        let (top, top_alt) = *self.indents.last().unwrap_or(&(0, 0));
        if col == top {
            if alt != top_alt {
                self.event(start, EventKind::TabSpace);
            }
        } else if col > top {
            if self.indents.len() >= MAXINDENT {
                self.event(start, EventKind::TooDeepIndentation);
            } else if alt <= top_alt {
                self.event(start, EventKind::TabSpace);
            } else {
                self.indents.push((col, alt));
            }
        } else {
            while self.indents.len() > 1 && col < self.indents.last().map_or(0, |t| t.0) {
                self.indents.pop();
            }
            let (top, top_alt) = *self.indents.last().unwrap_or(&(0, 0));
            if col != top {
                self.event(start, EventKind::BadDedent);
            } else if alt != top_alt {
                self.event(start, EventKind::TabSpace);
            }
        }
    }

    fn number(&mut self) {
        match number::number(self.b, self.i) {
            Ok(end) => self.i = end.max(self.i + 1),
            Err(e) => {
                let start = self.i;
                let kind = EventKind::BadNumber {
                    message: e.message,
                    caret: e.start,
                    end: e.end,
                };
                self.event(start, kind);
                self.i = self.b.len();
            }
        }
        self.nesting.operand();
    }

    fn word(&mut self) {
        let start = self.i;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80 {
                self.i += 1;
            } else {
                break;
            }
        }
        let word = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("");
        if matches!(self.peek(0), b'"' | b'\'') && is_string_prefix(word) {
            self.string(word);
            return;
        }
        if self.nesting.word(word) {
            self.cut_here(start);
        }
    }

    /// A string starting at the quote under `self.i`, after `prefix`.
    fn string(&mut self, prefix: &str) {
        let quote_at = self.i;
        let quote = self.b[self.i];
        let triple = self.peek(1) == quote && self.peek(2) == quote;
        self.i += if triple { 3 } else { 1 };
        let lower = prefix.to_ascii_lowercase();
        let raw = lower.contains('r');
        if lower.contains('f') || lower.contains('t') {
            let fstrings = self
                .frames
                .iter()
                .filter(|f| matches!(f, Frame::Literal { spec: false, .. }))
                .count();
            if fstrings + 1 >= MAXFSTRINGLEVEL {
                // CPython points at the opening quote.
                self.event(quote_at, EventKind::TooManyFStrings);
                return;
            }
            self.frames.push(Frame::Literal {
                quote,
                triple,
                raw,
                spec: false,
                nested: false,
            });
            return;
        }
        let text = !lower.contains('b');
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if c == b'\\' {
                if !raw && text {
                    self.note_surrogate();
                }
                self.i += 2;
                continue;
            }
            if c == quote && (!triple || (self.peek(1) == quote && self.peek(2) == quote)) {
                self.i += if triple { 3 } else { 1 };
                break;
            }
            if c == b'\n' && !triple {
                break;
            }
            self.i += 1;
        }
        self.nesting.operand();
    }

    /// At a backslash in a text literal: records `\\ud800`-style escapes of a lone surrogate,
    /// which CPython's str can hold and ours (UTF-8) cannot.
    fn note_surrogate(&mut self) {
        let digits = match self.peek(1) {
            b'u' => 4,
            b'U' => 8,
            _ => return,
        };
        let hex = self.b.get(self.i + 2..self.i + 2 + digits).unwrap_or(&[]);
        let value = std::str::from_utf8(hex)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        if value.is_some_and(|v| (0xd800..=0xdfff).contains(&v)) {
            self.out.surrogates.push(self.i);
        }
    }

    fn operator(&mut self) {
        let at = self.i;
        let two = [self.peek(0), self.peek(1)];
        let three = [self.peek(0), self.peek(1), self.peek(2)];
        let (len, op) = match (&three, &two) {
            (b"**=" | b"//=" | b">>=" | b"<<=" | b"...", _) => (3, Op::Separator),
            (_, b"**") => (2, Op::Power),
            (_, b"//" | b"<<" | b">>" | b"==" | b"!=" | b"<=" | b">=" | b"<>") => {
                (2, Op::Binary(binary_precedence(&two)))
            }
            (_, b":=") => (2, Op::Separator),
            (_, b"->") | (_, [_, b'=']) => (2, Op::Separator),
            _ => (1, Op::Single(two[0])),
        };
        self.i += len;
        let cut = match op {
            Op::Separator if &three == b"..." => {
                self.nesting.operand();
                false
            }
            Op::Separator => {
                self.nesting.separator();
                false
            }
            Op::Power => self.nesting.binary(14, true),
            Op::Binary(p) => self.nesting.binary(p, false),
            Op::Single(c) => self.nesting.single(c),
        };
        if cut {
            self.cut_here(at);
        }
    }
}

enum Op {
    Separator,
    Power,
    Binary(u8),
    Single(u8),
}

fn binary_precedence(op: &[u8; 2]) -> u8 {
    match op {
        b"//" => 12,
        b"<<" | b">>" => 10,
        _ => 6,
    }
}

fn closer(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// `rb`, `f`, `Rt`, ...: a prefix that makes the following quote start a string.
fn is_string_prefix(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    matches!(
        w.as_str(),
        "r" | "u" | "b" | "f" | "t" | "br" | "rb" | "fr" | "rf" | "tr" | "rt"
    )
}

#[cfg(test)]
mod tests;
