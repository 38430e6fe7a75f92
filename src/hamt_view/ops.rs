//! Parsing the `OP...` words of `explain hamt` into updates.
//!
//! The grammar is deliberately tiny: `set KEY[=VALUE]` and `del KEY`, repeated. A word that is
//! not `set`/`del`, or an op with no key, is a user error with a one-line message saying what is
//! expected (the CLI turns it into exit code 1). KEY and VALUE are Python ints when they parse
//! as one (any size), else Python strs; VALUE defaults to KEY, as in CPython's own test trees.

use thiserror::Error;

use super::pyobj::PyObj;

/// One update to apply to the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `set KEY[=VALUE]`: `Hamt::insert` (CPython's `hamt_node_assoc`).
    Set { key: PyObj, value: PyObj },
    /// `del KEY`: `Hamt::remove` (CPython's `hamt_node_without`).
    Del { key: PyObj },
}

impl Op {
    /// The op as the user would type it, e.g. `set 33` or `set name='ada'`.
    pub fn describe(&self) -> String {
        match self {
            Op::Set { key, value } if key == value => format!("set {key}"),
            Op::Set { key, value } => format!("set {key}={value}"),
            Op::Del { key } => format!("del {key}"),
        }
    }

    pub fn key(&self) -> &PyObj {
        match self {
            Op::Set { key, .. } | Op::Del { key } => key,
        }
    }
}

/// What went wrong in the op list; each message says what was expected.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum OpsError {
    #[error("`{0}` needs a key: expected `{1}`")]
    MissingKey(&'static str, &'static str),
    #[error("unknown op `{0}`: expected `set KEY[=VALUE]` or `del KEY`")]
    UnknownOp(String),
    #[error("empty key in `set {0}`: expected `set KEY[=VALUE]`")]
    EmptyKey(String),
    #[error("`del` takes only a key, not `{0}`: expected `del KEY`")]
    DelWithValue(String),
}

/// Parses words such as `["set", "1", "set", "a=b", "del", "1"]`.
pub fn parse_ops(words: &[String]) -> Result<Vec<Op>, OpsError> {
    let mut ops = Vec::new();
    let mut words = words.iter();
    while let Some(word) = words.next() {
        let op = match word.as_str() {
            "set" => {
                let arg = words
                    .next()
                    .ok_or(OpsError::MissingKey("set", "set KEY[=VALUE]"))?;
                parse_set(arg)?
            }
            "del" => {
                let arg = words.next().ok_or(OpsError::MissingKey("del", "del KEY"))?;
                if arg.contains('=') {
                    return Err(OpsError::DelWithValue(arg.clone()));
                }
                Op::Del {
                    key: PyObj::parse(arg),
                }
            }
            other => return Err(OpsError::UnknownOp(other.to_string())),
        };
        ops.push(op);
    }
    Ok(ops)
}

/// `KEY` or `KEY=VALUE`; the first `=` separates them, so a value may contain `=`.
fn parse_set(arg: &str) -> Result<Op, OpsError> {
    let (key, value) = match arg.split_once('=') {
        Some((key, value)) => (key, Some(value)),
        None => (arg, None),
    };
    if key.is_empty() {
        return Err(OpsError::EmptyKey(arg.to_string()));
    }
    let key = PyObj::parse(key);
    let value = value.map_or_else(|| key.clone(), PyObj::parse);
    Ok(Op::Set { key, value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    fn check(text: &str, expected: &[&str]) {
        let ops = parse_ops(&words(text)).expect(text);
        let described: Vec<String> = ops.iter().map(Op::describe).collect();
        assert_eq!(described, expected);
    }

    #[test]
    fn parses_sets_and_dels() {
        check("set 1 set 33=x del 1", &["set 1", "set 33='x'", "del 1"]);
        check("set a=b=c", &["set 'a'='b=c'"]);
        check("set -5 set 007", &["set -5", "set 7"]);
        check("set k= ", &["set 'k'=''"]);
        check("", &[]);
    }

    #[test]
    fn rejects_bad_ops_with_what_is_expected() {
        let err = |text: &str| parse_ops(&words(text)).unwrap_err().to_string();
        assert_eq!(err("set"), "`set` needs a key: expected `set KEY[=VALUE]`");
        assert_eq!(err("set 1 del"), "`del` needs a key: expected `del KEY`");
        assert_eq!(
            err("set 1 put 1"),
            "unknown op `put`: expected `set KEY[=VALUE]` or `del KEY`"
        );
        assert_eq!(
            err("set =1"),
            "empty key in `set =1`: expected `set KEY[=VALUE]`"
        );
        assert_eq!(
            err("del a=1"),
            "`del` takes only a key, not `a=1`: expected `del KEY`"
        );
    }
}
