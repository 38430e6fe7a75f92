//! Mutants of Python sources for tests/fuzz.rs: a seeded generator (SplitMix64, so a case is
//! the same on every machine) and the edits it makes, each the kind of slip a person makes or a
//! construct the compiler must refuse: a line deleted, duplicated, swapped or re-indented, a
//! span deleted, a fragment of syntax inserted, a name, number, operator or keyword replaced by
//! another, a line spliced in from another program.

/// SplitMix64: tiny, fast, and good enough to pick edits.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Syntax fragments worth inserting: brackets, operators, keywords in odd places, limits.
const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "=",
    "==",
    "*",
    "**",
    ".",
    "@",
    "->",
    ":=",
    "...",
    "not ",
    "lambda: ",
    " if x else ",
    "\n",
    "    ",
    "\t",
    "\"",
    "'",
    "#",
    "\\",
    "yield ",
    "return ",
    "await ",
    "async ",
    "global x\n",
    "nonlocal x\n",
    "del ",
    "break\n",
    "continue\n",
    "pass\n",
    "f\"{",
    "}\"",
    "0x",
    "1e",
    "_",
    "None",
    "True",
    " for x in y",
    "*x",
    "**x",
    "x=1, ",
    "def f(): pass\n",
    "class C: pass\n",
    "try:\n",
    "except:\n",
    "finally:\n",
    "else:\n",
    "elif x:\n",
    "while x:\n",
    "with x:\n",
    "import math\n",
    "from x import y\n",
    "assert ",
    "raise ",
    " and ",
    " or ",
    " in ",
    " is ",
    "~",
    "-",
    "+",
    "%",
    "//",
    "<<",
    ">>",
    "&",
    "|",
    "^",
    "<",
    ">",
    "!=",
    "0",
    "1",
    "-1",
    "2**64",
    "1.5",
    "''",
    "b''",
    "[]",
    "{}",
    "()",
    "x",
    "self",
    "super()",
    "__class__",
    "print(x)",
    "type(x)",
    "len(x)",
    "sorted(x, key=len)",
    "range(x)",
    "int(x, 2)",
    "str.upper",
    "x.y",
    "x[0]",
    "x[1:2]",
    "*",
    "class M(type): pass\n",
    "metaclass=M",
    "(((((((((((",
    ")))))))))))",
    "~~~~~~~~",
    "lambda: lambda: ",
    "\x00",
    "\u{e9}",
    "\u{3c0}",
];

const OPERATORS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "<", ">", "==", "!=", "<=",
    ">=", " in ", " not in ", " is ", " is not ", " and ", " or ",
];

const KEYWORDS: &[&str] = &[
    "if", "elif", "else", "while", "for", "in", "def", "class", "return", "yield", "pass", "break",
    "continue", "try", "except", "finally", "raise", "del", "global", "nonlocal", "lambda", "not",
    "and", "or", "is", "None", "True", "False", "assert", "with", "as",
];

const NUMBERS: &[&str] = &[
    "0", "1", "-1", "2", "10", "255", "1000000", "2**63", "-2**63", "10**20", "0.5", "1e300",
    "-0.0", "3j", "0b101", "0o17", "0xff", "1_000",
];

/// One edit applied to `source`, whose lines are `lines`; `others` are lines of other programs.
fn edit(rng: &mut Rng, source: &str, others: &[&str]) -> String {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    if lines.is_empty() {
        return source.to_string();
    }
    let line = rng.below(lines.len());
    let rebuild = |replace: &dyn Fn(usize, &str) -> String| -> String {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| replace(i, l))
            .collect()
    };
    match rng.below(11) {
        0 => rebuild(&|i, l| {
            if i == line {
                String::new()
            } else {
                l.to_string()
            }
        }),
        1 => rebuild(&|i, l| {
            if i == line {
                format!("{l}{l}")
            } else {
                l.to_string()
            }
        }),
        2 if line + 1 < lines.len() => rebuild(&|i, l| {
            if i == line {
                lines[line + 1].to_string()
            } else if i == line + 1 {
                lines[line].to_string()
            } else {
                l.to_string()
            }
        }),
        3 => {
            let indent = *rng.pick(&["", " ", "    ", "\t", "        "]);
            let dedent = rng.below(2) == 0;
            rebuild(&|i, l| {
                if i != line {
                    l.to_string()
                } else if dedent {
                    l.trim_start().to_string()
                } else {
                    format!("{indent}{l}")
                }
            })
        }
        4 => {
            let at = char_boundary(source, rng.below(source.len() + 1));
            let len = 1 + rng.below(6);
            let end = char_boundary(source, (at + len).min(source.len()));
            format!("{}{}", &source[..at], &source[end..])
        }
        5 | 6 => {
            let at = char_boundary(source, rng.below(source.len() + 1));
            format!("{}{}{}", &source[..at], rng.pick(FRAGMENTS), &source[at..])
        }
        7 => replace_word(
            rng,
            source,
            |w| {
                w.chars().all(|c| c.is_alphanumeric() || c == '_')
                    && w.starts_with(|c: char| c.is_alphabetic() || c == '_')
            },
            &[],
        ),
        8 => replace_word(
            rng,
            source,
            |w| w.chars().all(|c| c.is_ascii_digit()),
            NUMBERS,
        ),
        9 => replace_token(rng, source, OPERATORS),
        10 if !others.is_empty() => {
            let spliced = rng.pick(others);
            rebuild(&|i, l| {
                if i == line {
                    format!("{l}{spliced}")
                } else {
                    l.to_string()
                }
            })
        }
        _ => replace_token(rng, source, KEYWORDS),
    }
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

/// Replaces one word matching `is_word` by another word of the source (or of `pool`).
fn replace_word(
    rng: &mut Rng,
    source: &str,
    is_word: impl Fn(&str) -> bool,
    pool: &[&str],
) -> String {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in source
        .char_indices()
        .chain(std::iter::once((source.len(), ' ')))
    {
        let word_char = c.is_alphanumeric() || c == '_';
        match (start, word_char) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                if is_word(&source[s..i]) {
                    spans.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    if spans.is_empty() {
        return source.to_string();
    }
    let (s, e) = *rng.pick(&spans);
    let replacement = if pool.is_empty() {
        let (a, b) = *rng.pick(&spans);
        source[a..b].to_string()
    } else {
        rng.pick(pool).to_string()
    };
    format!("{}{replacement}{}", &source[..s], &source[e..])
}

/// Replaces one occurrence of a token of `set` by another of `set`.
fn replace_token(rng: &mut Rng, source: &str, set: &[&str]) -> String {
    let mut found = Vec::new();
    for t in set {
        for (i, _) in source.match_indices(t) {
            found.push((i, t.len()));
        }
    }
    if found.is_empty() {
        return source.to_string();
    }
    let (at, len) = *rng.pick(&found);
    format!("{}{}{}", &source[..at], rng.pick(set), &source[at + len..])
}

/// A mutant of `source`: one to three edits.
pub fn mutant(rng: &mut Rng, source: &str, others: &[&str]) -> String {
    let mut s = source.to_string();
    for _ in 0..1 + rng.below(3) {
        s = edit(rng, &s, others);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutants_are_reproducible() {
        let src = "def f(x):\n    return x + 1\nprint(f(2))\n";
        let a = mutant(&mut Rng::new(7), src, &[]);
        let b = mutant(&mut Rng::new(7), src, &[]);
        assert_eq!(a, b);
        let changed = (0..20).filter(|&s| mutant(&mut Rng::new(s), src, &[]) != src);
        assert!(
            changed.count() > 10,
            "most mutants differ from their source"
        );
    }
}
