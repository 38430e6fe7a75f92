//! The running nesting count of `scan` (see its docs): how many constructs are open inside each
//! other at the current token, counted as an operator-precedence parser would stack them. A
//! prefix operator (`-x`, `not x`, `await x`, `lambda:`) and a right-associative one (`**`, the
//! `else` of a conditional) stay open until an operator binding more loosely, a separator or the
//! closing bracket pops them; an open bracket counts one. Left-associative operators are stacked
//! too, so that they pop what they should, but do not count: `a + a + a` does not nest in
//! CPython's parser.

use super::MAXSTACK;

/// One pending operator of the nesting count: its binding power, and whether it nests what
/// follows inside it (prefix and right-associative operators do; left-associative ones are
/// kept only so that they pop what they should).
#[derive(Clone, Copy, Debug)]
struct Pending {
    precedence: u8,
    nests: bool,
}

/// The running nesting count (see the module docs): one stack of pending operators per open
/// bracket, as an operator-precedence parser keeps them.
#[derive(Debug, Default)]
pub(super) struct Nesting {
    /// `levels[0]` is outside every bracket.
    levels: Vec<Level>,
    /// Open brackets plus pending operators that nest.
    count: usize,
    after_operand: bool,
}

#[derive(Debug, Default)]
struct Level {
    ops: Vec<Pending>,
    /// `lambda` parameter lists still open at this level (until their `:`).
    lambda_params: u32,
}

impl Nesting {
    fn level(&mut self) -> &mut Level {
        if self.levels.is_empty() {
            self.levels.push(Level::default());
        }
        self.levels.last_mut().expect("a level was just pushed")
    }

    /// Pushes a pending operator; true when the count passes `MAXSTACK`.
    fn push(&mut self, precedence: u8, nests: bool) -> bool {
        self.level().ops.push(Pending { precedence, nests });
        self.after_operand = false;
        if nests {
            self.count += 1;
        }
        self.count > MAXSTACK
    }

    /// Pops the operators that bind at least as tightly as `precedence` (more tightly than it,
    /// for a right-associative operator).
    fn pop_while(&mut self, precedence: u8, right: bool) {
        let mut popped = 0;
        let level = self.level();
        while let Some(top) = level.ops.last() {
            let pops = if right {
                top.precedence > precedence
            } else {
                top.precedence >= precedence
            };
            if !pops {
                break;
            }
            popped += usize::from(top.nests);
            level.ops.pop();
        }
        self.count -= popped;
    }

    pub(super) fn operand(&mut self) {
        self.after_operand = true;
    }

    pub(super) fn open(&mut self) -> bool {
        self.level();
        self.levels.push(Level::default());
        self.count += 1;
        self.after_operand = false;
        self.count > MAXSTACK
    }

    pub(super) fn close(&mut self) {
        if self.levels.len() > 1 {
            let level = self.levels.pop().unwrap_or_default();
            self.count -= level.ops.iter().filter(|p| p.nests).count() + 1;
        }
        self.after_operand = true;
    }

    pub(super) fn separator(&mut self) {
        if self.level().lambda_params == 0 {
            self.pop_while(0, false);
        }
        self.after_operand = false;
    }

    pub(super) fn newline(&mut self) {
        self.levels.clear();
        self.count = 0;
        self.after_operand = false;
    }

    pub(super) fn binary(&mut self, precedence: u8, right: bool) -> bool {
        if !self.after_operand {
            // `**kwargs` / `*args`: a prefix.
            return self.push(13, true);
        }
        self.pop_while(precedence, right);
        self.push(precedence, right)
    }

    pub(super) fn single(&mut self, c: u8) -> bool {
        match c {
            b'-' | b'+' | b'~' if !self.after_operand => self.push(13, true),
            b'*' if !self.after_operand => self.push(13, true),
            b'-' | b'+' => self.binary(11, false),
            b'*' | b'/' | b'%' | b'@' => self.binary(12, false),
            b'|' => self.binary(7, false),
            b'^' => self.binary(8, false),
            b'&' => self.binary(9, false),
            b'<' | b'>' => self.binary(6, false),
            b':' if self.level().lambda_params > 0 => {
                self.level().lambda_params -= 1;
                self.after_operand = false;
                false
            }
            b'.' => {
                self.after_operand = false;
                false
            }
            _ => {
                self.separator();
                false
            }
        }
    }

    /// A name or keyword; true when the count passes `MAXSTACK`.
    pub(super) fn word(&mut self, word: &str) -> bool {
        match word {
            "not" if self.after_operand => self.binary(6, false),
            "not" => self.push(5, true),
            "in" | "is" => self.binary(6, false),
            "and" => self.binary(3, false),
            "or" => self.binary(2, false),
            "await" => self.push(15, true),
            "yield" => self.push(0, true),
            "lambda" => {
                self.level().lambda_params += 1;
                self.push(0, true)
            }
            "if" if self.after_operand => {
                self.pop_while(1, true);
                self.push(1, false)
            }
            "else" => {
                // Close the matching `if` and nest the alternative inside it.
                self.pop_while(1, true);
                let level = self.level();
                if let Some(top) = level.ops.last_mut() {
                    if top.precedence == 1 && !top.nests {
                        top.nests = true;
                        self.count += 1;
                    }
                }
                self.after_operand = false;
                self.count > MAXSTACK
            }
            "for" | "async" | "from" | "as" | "import" | "if" | "elif" | "while" | "with"
            | "return" | "del" | "assert" | "raise" | "global" | "nonlocal" | "def" | "class"
            | "except" | "try" | "finally" | "pass" | "break" | "continue" | "case" | "match" => {
                if word != "from" {
                    self.separator();
                }
                false
            }
            _ => {
                self.after_operand = true;
                false
            }
        }
    }
}
