//! Reading CPython's own logs, so the tests' traces and expectations are CPython's.
//!
//! `tests/data/NAME.tier2-log.txt` are `PYTHON_LLTRACE=2` logs of a real CPython 3.13.0
//! tier-2 build running `NAME.py` (the project's `tests/programs/expected/`). For each
//! executor they print the *proto-trace* (`ADD_TO_TRACE` lines), which is exactly what
//! `optimize_uops` received, and the *optimized trace* (`OPTIMIZED` lines), which is what
//! came out of all the passes, stubs appended.
//!
//! To compare the two, [`view`] and [`reference_view`] keep only what this exercise decides:
//! they drop `_NOP`s, the `_CHECK_VALIDITY_AND_SET_IP` bookkeeping (and the `_SET_IP` /
//! `_CHECK_VALIDITY` another pass, `remove_unneeded_uops`, leaves of it), the stubs after the
//! end of the trace, and the per-oparg names a later fix-up gives loads and stores
//! (`_LOAD_FAST_1` is `_LOAD_FAST` with oparg 1).

#![allow(dead_code)]

use ex06_guard_elimination::{Uop, UopInst};

/// One block of a log that made an executor.
#[derive(Clone, Debug)]
pub struct Block {
    /// `three_adds (three_adds.py:1) at byte offset 64`
    pub title: String,
    /// The proto-trace: (name, oparg, target).
    pub proto: Vec<(String, u32, u32)>,
    /// The optimized trace: (name, oparg).
    pub optimized: Vec<(String, u32)>,
}

/// `_NAME (oparg, target=T, ...)` -> (name, oparg, the number after the first `=`).
fn parse_uop(text: &str) -> (String, u32, u32) {
    let (name, rest) = text.trim().split_once(" (").expect("NAME (...)");
    let mut parts = rest.split(", ");
    let oparg = parts.next().unwrap().parse().expect("oparg");
    let value = parts
        .next()
        .and_then(|p| p.split_once('='))
        .map(|(_, v)| v.trim_end_matches(')').parse().expect("a number"))
        .expect("field=value");
    (name.to_string(), oparg, value)
}

/// Every block of a log that made an executor.
pub fn blocks(log: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    for line in log.lines() {
        if let Some(title) = line.strip_prefix("Optimizing ") {
            blocks.extend(current.take().filter(|b| !b.optimized.is_empty()));
            current = Some(Block {
                title: title.to_string(),
                proto: Vec::new(),
                optimized: Vec::new(),
            });
        } else if let Some((_, uop)) = line.split_once(" ADD_TO_TRACE: ") {
            current
                .as_mut()
                .expect("in a block")
                .proto
                .push(parse_uop(uop));
        } else if let Some((_, uop)) = line.split_once(" OPTIMIZED: ") {
            let (name, oparg, _) = parse_uop(uop);
            current
                .as_mut()
                .expect("in a block")
                .optimized
                .push((name, oparg));
        }
    }
    blocks.extend(current.filter(|b| !b.optimized.is_empty()));
    blocks
}

/// The block whose title starts with `title`.
pub fn block(log: &str, title: &str) -> Block {
    blocks(log)
        .into_iter()
        .find(|b| b.title.starts_with(title))
        .unwrap_or_else(|| panic!("no executor for {title}"))
}

/// The proto-trace as the optimizer's input.
pub fn proto_trace(block: &Block) -> Vec<UopInst> {
    block
        .proto
        .iter()
        .map(|(name, oparg, target)| {
            let uop = Uop::from_name(name)
                .unwrap_or_else(|| panic!("{}: {name} is not in the uop table", block.title));
            UopInst::new(uop, *oparg, *target)
        })
        .collect()
}

fn bookkeeping(name: &str) -> bool {
    matches!(
        name,
        "_NOP" | "_CHECK_VALIDITY_AND_SET_IP" | "_SET_IP" | "_CHECK_VALIDITY"
    )
}

/// `_LOAD_FAST_1` -> `_LOAD_FAST`.
fn unreplicated(name: &str) -> &str {
    for base in ["_LOAD_FAST", "_STORE_FAST"] {
        if let Some(rest) = name.strip_prefix(base) {
            if rest.len() == 2 && rest.starts_with('_') {
                return base;
            }
        }
    }
    name
}

/// Names and opargs up to the end of the trace, bookkeeping left out.
fn trimmed<'a>(uops: impl Iterator<Item = (&'a str, u32)>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, oparg) in uops {
        if !bookkeeping(name) {
            out.push(format!("{} ({oparg})", unreplicated(name)));
        }
        if name == "_JUMP_TO_TOP" || name == "_EXIT_TRACE" {
            break;
        }
    }
    out
}

/// Our optimized trace, as [`reference_view`] shows CPython's.
pub fn view(trace: &[UopInst]) -> Vec<String> {
    trimmed(trace.iter().map(|u| (u.uop.name(), u.oparg)))
}

/// CPython's optimized trace: `_GUARD_NOS_INT (0)`, `_BINARY_OP_ADD_INT (0)`, ...
pub fn reference_view(block: &Block) -> Vec<String> {
    trimmed(block.optimized.iter().map(|(n, o)| (n.as_str(), *o)))
}

/// Reads a data file of this exercise.
pub fn data(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}
