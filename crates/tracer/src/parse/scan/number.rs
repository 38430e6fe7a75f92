//! Number literals as CPython's tokenizer reads them, for its errors: "invalid decimal literal"
//! (`12abc`, `1__0`, `1e`), "invalid hexadecimal literal" (`0x`, `0x1g`), "invalid digit '8'
//! in octal literal", "invalid imaginary literal" (`1jx`), ... A letter right after a number
//! is an error, except the keywords that may follow one in valid code (`1if x else y`, which
//! CPython only warns about). Leading zeros (`012`) are left to the parser's diagnosis.
//!
//! The reading follows `tok_get_normal_mode` character by character, with its cursor: where
//! CPython backs up before raising, the caret lands on the character before the cursor.

/// A number literal's error: CPython's message and the range it underlines (`end` at or
/// before `start + 1` draws one caret).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct NumberError {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// The end of the number starting at `start`, or CPython's error for it.
pub(super) fn number(b: &[u8], start: usize) -> Result<usize, NumberError> {
    let mut t = Cursor {
        b,
        cur: start,
        start,
    };
    t.read().map_err(|(at, message)| {
        let (start, end) = match message.strip_prefix('\0') {
            Some(_) => (t.start, at),
            None => (at, at + 1),
        };
        NumberError {
            start,
            end,
            message: message.trim_start_matches('\0').to_string(),
        }
    })
}

struct Cursor<'b> {
    b: &'b [u8],
    /// The next character to read.
    cur: usize,
    /// Where the number starts.
    start: usize,
}

type Read = Result<usize, (usize, String)>;

impl Cursor<'_> {
    fn next(&mut self) -> u8 {
        let c = self.b.get(self.cur).copied().unwrap_or(0);
        self.cur += 1;
        c
    }

    fn backup(&mut self) {
        self.cur -= 1;
    }

    /// A syntax error reported with the cursor where it is (CPython's `syntaxerror`).
    fn error(&self, message: impl Into<String>) -> Read {
        Err((self.cur.saturating_sub(1), message.into()))
    }

    fn read(&mut self) -> Read {
        let c = self.next();
        if c == b'.' {
            let c = self.next();
            return self.fraction(c);
        }
        if c == b'0' {
            let c = self.next();
            return match c {
                b'x' | b'X' => self.radix(16, "hexadecimal"),
                b'o' | b'O' => self.radix(8, "octal"),
                b'b' | b'B' => self.radix(2, "binary"),
                _ => self.zero(c),
            };
        }
        let c = self.decimal_tail()?;
        self.after_integer(c)
    }

    /// Digits with single underscores between them; returns the character after them.
    fn decimal_tail(&mut self) -> Result<u8, (usize, String)> {
        loop {
            let mut c;
            loop {
                c = self.next();
                if !c.is_ascii_digit() {
                    break;
                }
            }
            if c != b'_' {
                return Ok(c);
            }
            let c = self.next();
            if !c.is_ascii_digit() {
                self.backup();
                return self.error("invalid decimal literal").map(|_| 0);
            }
        }
    }

    /// `0x..`, `0o..`, `0b..`.
    fn radix(&mut self, base: u32, kind: &str) -> Read {
        let digit = |c: u8| (c as char).is_digit(base);
        let mut c = self.next();
        loop {
            if c == b'_' {
                c = self.next();
            }
            if !digit(c) {
                if base != 16 && c.is_ascii_digit() {
                    return self.error(format!("invalid digit '{}' in {kind} literal", c as char));
                }
                self.backup();
                return self.error(format!("invalid {kind} literal"));
            }
            loop {
                c = self.next();
                if !digit(c) {
                    break;
                }
            }
            if c != b'_' {
                break;
            }
        }
        if base != 16 && c.is_ascii_digit() {
            return self.error(format!("invalid digit '{}' in {kind} literal", c as char));
        }
        self.end(c, kind)
    }

    /// After a leading `0`: more zeros, then maybe a fraction, exponent or imaginary part.
    fn zero(&mut self, mut c: u8) -> Read {
        loop {
            if c == b'_' {
                c = self.next();
                if !c.is_ascii_digit() {
                    self.backup();
                    return self.error("invalid decimal literal");
                }
            }
            if c != b'0' {
                break;
            }
            c = self.next();
        }
        let zeros_end = self.cur;
        let nonzero = c.is_ascii_digit();
        if nonzero {
            c = self.decimal_tail()?;
        }
        match c {
            b'.' => {
                let c = self.next();
                self.fraction(c)
            }
            b'e' | b'E' => self.exponent(c),
            b'j' | b'J' => self.imaginary(),
            // `012`: underlined from the number to the last of its leading zeros. (A NUL
            // marks the message as one with its own range, see `number`.)
            _ if nonzero => Err((
                zeros_end - 1,
                "\0leading zeros in decimal integer literals are not permitted; use an 0o \
                 prefix for octal integers"
                    .to_string(),
            )),
            _ => self.end(c, "decimal"),
        }
    }

    fn after_integer(&mut self, c: u8) -> Read {
        if c == b'.' {
            let c = self.next();
            return self.fraction(c);
        }
        self.float_rest(c)
    }

    fn fraction(&mut self, mut c: u8) -> Read {
        if c.is_ascii_digit() {
            c = self.decimal_tail()?;
        }
        self.float_rest(c)
    }

    /// An optional exponent and imaginary `j` after the digits.
    fn float_rest(&mut self, c: u8) -> Read {
        match c {
            b'e' | b'E' => self.exponent(c),
            b'j' | b'J' => self.imaginary(),
            _ => self.end(c, "decimal"),
        }
    }

    fn exponent(&mut self, e: u8) -> Read {
        let mut c = self.next();
        if c == b'+' || c == b'-' {
            c = self.next();
            if !c.is_ascii_digit() {
                self.backup();
                return self.error("invalid decimal literal");
            }
        } else if !c.is_ascii_digit() {
            self.backup();
            self.verify_end(e, "decimal")?;
            self.backup();
            return Ok(self.cur);
        }
        let c = self.decimal_tail()?;
        match c {
            b'j' | b'J' => self.imaginary(),
            _ => self.end(c, "decimal"),
        }
    }

    fn imaginary(&mut self) -> Read {
        let c = self.next();
        self.end(c, "imaginary")
    }

    /// The number ended at `c` (already read): fine unless a letter follows.
    fn end(&mut self, c: u8, kind: &str) -> Read {
        self.verify_end(c, kind)?;
        self.backup();
        Ok(self.cur)
    }

    /// CPython's `verify_end_of_number`: a keyword that may follow a number in valid code
    /// (`and`, `else`, `for`, `if`, `in`, `is`, `or`, `not`) only warns; another letter, digit
    /// or underscore is an error.
    fn verify_end(&mut self, c: u8, kind: &str) -> Result<(), (usize, String)> {
        let rest = self.b.get(self.cur..).unwrap_or(&[]);
        let keyword = match c {
            b'a' => rest.starts_with(b"nd"),
            b'e' => rest.starts_with(b"lse"),
            b'f' => rest.starts_with(b"or"),
            b'i' => matches!(rest.first(), Some(b'f' | b'n' | b's')),
            b'o' => rest.starts_with(b"r"),
            b'n' => rest.starts_with(b"ot"),
            _ => false,
        };
        if !keyword && c < 128 && (c.is_ascii_alphanumeric() || c == b'_') {
            self.backup();
            return self.error(format!("invalid {kind} literal")).map(|_| ());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    /// (caret column, message) for a number at the start of `src`, or its length.
    fn check(src: &str) -> Result<usize, (usize, String)> {
        number(src.as_bytes(), 0).map_err(|e| (e.start, e.message))
    }

    #[test]
    fn cpythons_errors_and_carets() {
        let err = |at: usize, m: &str| Err((at, m.to_string()));
        assert_eq!(check("12abc"), err(1, "invalid decimal literal"));
        assert_eq!(check("1__0"), err(1, "invalid decimal literal"));
        assert_eq!(check("1e\n"), err(0, "invalid decimal literal"));
        assert_eq!(check("1e+\n"), err(2, "invalid decimal literal"));
        assert_eq!(check("1.e\n"), err(1, "invalid decimal literal"));
        assert_eq!(check("0x\n"), err(1, "invalid hexadecimal literal"));
        assert_eq!(check("0x1fg"), err(3, "invalid hexadecimal literal"));
        assert_eq!(check("0o8"), err(2, "invalid digit '8' in octal literal"));
        assert_eq!(check("0b2"), err(2, "invalid digit '2' in binary literal"));
        assert_eq!(check("1jx"), err(1, "invalid imaginary literal"));
        assert_eq!(check("1L"), err(0, "invalid decimal literal"));
    }

    #[test]
    fn valid_numbers_and_keywords_after_them() {
        assert_eq!(check("1_000 "), Ok(5));
        assert_eq!(check("1.5e-3)"), Ok(6));
        assert_eq!(check("0xff,"), Ok(4));
        assert_eq!(check("1if x"), Ok(1));
        assert_eq!(check("0else"), Ok(1));
        assert_eq!(check("3j "), Ok(2));
        assert_eq!(check(".5 "), Ok(2));
        assert_eq!(
            number(b"0_7 ", 0).map_err(|e| (e.start, e.end)),
            Err((0, 2)),
            "leading zeros are underlined up to the first other digit"
        );
    }
}
