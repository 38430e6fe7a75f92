//! `explain hamt`: apply updates to a persistent HAMT and show what each one did.
//!
//! The `hamt` crate does the work and records it: `insert_traced`/`remove_traced` return an
//! `UpdateEvent` (hash, path, copied/created/converted nodes, outcome), `view()` and `stats()`
//! describe a tree, `cpython_dump()` prints it CPython's way and `hamt::render` draws it. This
//! module only runs the ops (`Session`) and hands the result to one renderer per `--format`:
//! `text` (step by step, for people), `json` (the same facts, for programs), `cpython`, `dot`
//! and `svg`. Every version of the map stays alive until the output is written, so node ids
//! (addresses) stay unique and a node shared by two versions is recognisably the same node.

mod explain;
mod json;
mod names;
mod ops;
pub(crate) mod picture;
mod pyobj;
pub(crate) mod text;

use anyhow::Context as _;
use hamt::{Hamt, Stats, UpdateEvent};

use crate::cli::{HamtArgs, HamtFormat};
pub use ops::Op;
pub use pyobj::{PyInt, PyObj};

/// The map the CLI works on: Python-like keys and values, CPython's hashing.
pub type Map = Hamt<PyObj, PyObj>;

/// The ops run when none are given: path copying and sharing (`set 2`, `set 5`), a second and a
/// third level (`set 33`, `set 1025`), a Collision node (`set 4294967300`: 2**32 + 4 folds to the
/// same 32-bit hash as 5), and a delete that pulls a lone pair up into its parent (`del 1025`).
pub const BUILTIN_OPS: &[&str] = &[
    "set",
    "1",
    "set",
    "33",
    "set",
    "2",
    "set",
    "1025",
    "set",
    "5",
    "set",
    "4294967300",
    "del",
    "1025",
];

/// One applied op: the event and both versions of the map.
pub struct Step {
    pub op: Op,
    pub event: UpdateEvent,
    pub before: Map,
    pub after: Map,
    /// `after.stats()`, computed once.
    pub stats: Stats,
}

/// A whole run: where it started and every step.
pub struct Session {
    /// `Some(n)` when the map started as int keys 0..n.
    pub fill: Option<usize>,
    /// True when the ops are `BUILTIN_OPS` because the user gave none.
    pub builtin: bool,
    pub start: Map,
    pub steps: Vec<Step>,
}

impl Session {
    /// Builds the start map and applies `ops` in order.
    pub fn run(fill: Option<usize>, ops: Vec<Op>, builtin: bool) -> Session {
        let start = fill.map_or_else(Map::new, filled);
        let mut steps = Vec::with_capacity(ops.len());
        let mut current = start.clone();
        for op in ops {
            let (after, event) = match &op {
                Op::Set { key, value } => current.insert_traced(key.clone(), value.clone()),
                Op::Del { key } => current.remove_traced(key),
            };
            let stats = after.stats();
            let before = std::mem::replace(&mut current, after.clone());
            steps.push(Step {
                op,
                event,
                before,
                after,
                stats,
            });
        }
        Session {
            fill,
            builtin,
            start,
            steps,
        }
    }

    /// The map after the last op.
    pub fn last(&self) -> &Map {
        self.steps.last().map_or(&self.start, |step| &step.after)
    }
}

/// The map of int keys `0..n` with value = key, built in place with `mutate()` (the batch mode
/// of `immutables.Map`), which is much faster than `n` persistent inserts.
fn filled(n: usize) -> Map {
    let mut mutation = Map::new().mutate();
    for i in 0..n {
        // usize always fits in i128.
        let key = PyObj::Int(PyInt::Small(i as i128));
        mutation.insert(key.clone(), key);
    }
    mutation.finish()
}

pub fn run(args: &HamtArgs) -> anyhow::Result<String> {
    let builtin = args.ops.is_empty() && args.fill.is_none();
    let ops = if builtin {
        let words: Vec<String> = BUILTIN_OPS.iter().map(|w| w.to_string()).collect();
        ops::parse_ops(&words).context("the built-in example")?
    } else {
        ops::parse_ops(&args.ops)?
    };
    let session = Session::run(args.fill, ops, builtin);
    match args.format {
        HamtFormat::Text => Ok(text::render(&session)),
        HamtFormat::Json => json::render(&session),
        // `print(h.__dump__())` ends with one more newline than the dump itself.
        HamtFormat::Cpython => Ok(format!("{}\n", session.last().cpython_dump())),
        HamtFormat::Dot => picture::dot(&session),
        HamtFormat::Svg => picture::svg(&session),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(words: &str) -> Session {
        let words: Vec<String> = words.split_whitespace().map(str::to_string).collect();
        Session::run(None, ops::parse_ops(&words).expect("valid ops"), false)
    }

    /// The views count "shared = total - copied - created". That holds only if every node the
    /// event reports as new is in the new tree and every other node is in the old one: check it
    /// against the trees themselves, over ops that copy, create, convert and pull up.
    #[test]
    fn shared_count_matches_the_trees() {
        let mut words = String::from("set 1 set 33 set 2 set 1025 set 5 set 4294967300 set 37");
        for key in 64..100 {
            words.push_str(&format!(" set {key}"));
        }
        words.push_str(" del 1025 del 5 del 4294967300 set 37=x set 37=x del 404");
        for key in 64..90 {
            words.push_str(&format!(" del {key}"));
        }
        for step in session(&words).steps {
            let before = step.before.view().ids();
            let after = step.after.view();
            let shared = after.shared_with(&step.before.view()).len();
            let new = step.event.new_nodes();
            assert!(new
                .iter()
                .all(|id| after.contains(*id) && !before.contains(id)));
            assert_eq!(
                shared,
                step.stats.nodes() - new.len(),
                "{}",
                step.op.describe()
            );
        }
    }

    #[test]
    fn fill_builds_int_keys() {
        let map = filled(100);
        assert_eq!(map.len(), 100);
        let key = PyObj::parse("42");
        assert_eq!(map.get(&key), Some(&key));
    }
}
