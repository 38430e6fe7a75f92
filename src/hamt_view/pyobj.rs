//! `PyObj`: the keys and values typed on the command line, as the Python objects they stand for.
//!
//! A word that parses as an integer becomes a Python int of any size (`i128` when it fits, else
//! its normalized decimal digits), anything else a Python str. Two facts must match CPython so
//! that the trees match CPython's: the hash (ints: value mod 2**61 - 1 keeping the sign, -1
//! becomes -2; strs: the `hamt` crate's CPython-compatible str hash) and the repr printed in dumps
//! (`Display` here is Python's `repr()`).

use std::fmt::{self, Write as _};

use hamt::{PyHash, PyRepr};

/// CPython's modulus for int hashes: the Mersenne prime 2**61 - 1 (`_PyHASH_MODULUS`).
const HASH_MODULUS: u128 = (1 << 61) - 1;

/// A Python object typed on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PyObj {
    Int(PyInt),
    Str(String),
}

/// A Python int. Invariant: `Big` is only used when the value does not fit in `i128`, and its
/// digits have no leading zeros, so derived equality is value equality.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PyInt {
    Small(i128),
    Big { negative: bool, digits: String },
}

impl PyObj {
    /// An int when `word` is an optional sign followed by ASCII digits, else a str.
    pub fn parse(word: &str) -> PyObj {
        match PyInt::parse(word) {
            Some(int) => PyObj::Int(int),
            None => PyObj::Str(word.to_string()),
        }
    }
}

impl PyInt {
    fn parse(word: &str) -> Option<PyInt> {
        let (negative, digits) = match word.as_bytes().first()? {
            b'-' => (true, &word[1..]),
            b'+' => (false, &word[1..]),
            _ => (false, word),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if let Ok(value) = word.parse::<i128>() {
            return Some(PyInt::Small(value));
        }
        let trimmed = digits.trim_start_matches('0');
        Some(PyInt::Big {
            negative,
            digits: trimmed.to_string(),
        })
    }

    /// CPython's `hash()` of this int: `sign * (|n| mod (2**61 - 1))`, with -1 mapped to -2
    /// because -1 signals an error in CPython's C API.
    pub fn py_hash(&self) -> i64 {
        let (negative, magnitude) = match self {
            PyInt::Small(value) => (*value < 0, value.unsigned_abs() % HASH_MODULUS),
            PyInt::Big { negative, digits } => {
                let magnitude = digits.bytes().fold(0u128, |acc, digit| {
                    (acc * 10 + u128::from(digit - b'0')) % HASH_MODULUS
                });
                (*negative, magnitude)
            }
        };
        // Invariant: magnitude < 2**61, so it fits in i64 with room for the sign.
        let magnitude = i64::try_from(magnitude).unwrap_or(i64::MAX);
        let hash = if negative { -magnitude } else { magnitude };
        if hash == -1 {
            -2
        } else {
            hash
        }
    }
}

/// The hash CPython computes for the object, so trees have CPython's shape.
impl PyHash for PyObj {
    fn py_hash(&self) -> i64 {
        match self {
            PyObj::Int(int) => int.py_hash(),
            PyObj::Str(text) => text.py_hash(),
        }
    }
}

/// The dump prints keys and values with Python's `repr()`, which is what `Display` writes.
impl PyRepr for PyObj {
    fn py_repr(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl fmt::Display for PyObj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PyObj::Int(int) => write!(f, "{int}"),
            PyObj::Str(text) => f.write_str(&hamt::repr(text.as_str())),
        }
    }
}

impl fmt::Display for PyInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PyInt::Small(value) => write!(f, "{value}"),
            PyInt::Big { negative, digits } => {
                write!(f, "{}{digits}", if *negative { "-" } else { "" })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_and_strs() {
        assert_eq!(PyObj::parse("42"), PyObj::Int(PyInt::Small(42)));
        assert_eq!(PyObj::parse("-0"), PyObj::Int(PyInt::Small(0)));
        assert_eq!(PyObj::parse("4a"), PyObj::Str("4a".into()));
        assert_eq!(PyObj::parse("-"), PyObj::Str("-".into()));
        let huge = PyObj::parse("-000170141183460469231731687303715884105728000");
        assert_eq!(
            huge.to_string(),
            "-170141183460469231731687303715884105728000"
        );
    }

    #[test]
    fn reprs_match_python() {
        assert_eq!(PyObj::parse("ada").to_string(), "'ada'");
        assert_eq!(PyObj::parse("it's").to_string(), "\"it's\"");
        assert_eq!(PyObj::parse("a'\"\\").to_string(), r#"'a\'"\\'"#);
        assert_eq!(PyObj::parse("tab\there").to_string(), r"'tab\there'");
    }

    #[test]
    fn hashes_follow_cpython() {
        // Strs: `PYTHONHASHSEED=0 python3.13 -c 'print(hash("abc"))'`, via the hamt crate.
        assert_eq!(PyObj::parse("").py_hash(), 0);
        assert_eq!(PyObj::parse("abc").py_hash(), hamt::PyHash::py_hash("abc"));
        // Ints that fit agree with the hamt crate's own int hash.
        assert_eq!(PyObj::parse("-1").py_hash(), (-1i128).py_hash());
    }

    /// Expected values from `PYENV_VERSION=3.13.0 python3.13 -c 'print(hash(N))'`.
    #[test]
    fn int_hashes_match_cpython() {
        let hash = |word: &str| match PyObj::parse(word) {
            PyObj::Int(int) => int.py_hash(),
            PyObj::Str(_) => panic!("{word} is not an int"),
        };
        assert_eq!(hash("1"), 1);
        assert_eq!(hash("-1"), -2);
        assert_eq!(hash("-2"), -2);
        assert_eq!(hash("2305843009213693951"), 0);
        assert_eq!(hash("2305843009213693952"), 1);
        assert_eq!(hash("-2305843009213693952"), -2);
        assert_eq!(hash("170141183460469231731687303715884105727"), 31);
        assert_eq!(hash("340282366920938463463374607431768211456"), 64);
        assert_eq!(hash("-340282366920938463463374607431768211457"), -65);
    }
}
