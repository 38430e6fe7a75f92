//! Reading CPython's own logs, so the tests' inputs and expectations are CPython's.
//!
//! `tests/data/NAME.tier2-log.txt` are `PYTHON_LLTRACE=2` logs of a real CPython 3.13.0
//! tier-2 build running `NAME.py` (the project's `tests/programs/expected/`). For each
//! executor they print the *proto-trace* (`ADD_TO_TRACE` lines: every uop with the tier-1
//! instruction it came from) and the *optimized trace* (`OPTIMIZED` lines: the executor's
//! final uops, stubs included).
//!
//! The input `prepare_for_execution` received is not printed, but it follows from the two: it
//! is the optimized trace before its stubs, with each uop's `target` taken from the proto-trace
//! uop it came from, and a `_NOP` wherever the optimizer removed a proto-trace uop.
//! [`input_of`] rebuilds it by walking both lists side by side.

#![allow(dead_code)]

use ex05_uop_stubs::{Uop, UopInst};

/// Operands that are addresses are printed as `0xADDR` in the logs; they stand for this
/// number in the tests (anything above 32 bits is printed back as `0xADDR`).
pub const ADDRESS: u64 = 0x7f00_dead_0000;

/// One line of a log: a uop with its fields as printed.
#[derive(Clone, Debug)]
pub struct Line {
    pub name: String,
    pub oparg: u32,
    /// `target`, `jump_target` or `exit_index`, whichever was printed.
    pub field: &'static str,
    pub value: u32,
    pub operand: u64,
    /// The line as printed, with `0xADDR` for addresses.
    pub text: String,
}

/// One "Optimizing ..." block that produced an executor.
#[derive(Clone, Debug)]
pub struct Block {
    /// `three_adds (three_adds.py:1) at byte offset 64`
    pub title: String,
    pub proto: Vec<Line>,
    pub optimized: Vec<Line>,
}

impl Block {
    /// The optimized trace before its stubs: everything up to and including the first
    /// `_JUMP_TO_TOP` or `_EXIT_TRACE`.
    pub fn trace_part(&self) -> &[Line] {
        let end = self
            .optimized
            .iter()
            .position(|l| l.name == "_JUMP_TO_TOP" || l.name == "_EXIT_TRACE")
            .expect("a trace ends with _JUMP_TO_TOP or _EXIT_TRACE");
        &self.optimized[..=end]
    }
}

/// Parses `_NAME (oparg, field=value, operand=X[, error_target=E])`.
pub fn parse_uop(text: &str) -> Line {
    let text = text.trim();
    let (name, rest) = text.split_once(" (").expect("NAME (...)");
    let inner = rest.strip_suffix(')').expect("closing parenthesis");
    let mut parts = inner.split(", ");
    let oparg = parts.next().unwrap().parse().expect("oparg");
    let (field, value) = parts.next().unwrap().split_once('=').expect("field=value");
    let field = match field {
        "target" => "target",
        "jump_target" => "jump_target",
        "exit_index" => "exit_index",
        other => panic!("unknown field {other} in {text}"),
    };
    let operand = parts
        .next()
        .and_then(|p| p.strip_prefix("operand="))
        .expect("operand=");
    let operand = match operand {
        "0xADDR" => ADDRESS,
        hex if hex.starts_with("0x") => u64::from_str_radix(&hex[2..], 16).expect("hex operand"),
        dec => dec.parse().expect("decimal operand"),
    };
    Line {
        name: name.to_string(),
        oparg,
        field,
        value: value.parse().expect("a number"),
        operand,
        text: text.to_string(),
    }
}

/// Every block of a log that made an executor.
pub fn blocks(log: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
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
                .expect("inside a block")
                .proto
                .push(parse_uop(uop));
        } else if let Some((_, uop)) = line.split_once(" OPTIMIZED: ") {
            current
                .as_mut()
                .expect("inside a block")
                .optimized
                .push(parse_uop(uop));
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

/// `_LOAD_FAST_1` -> `_LOAD_FAST`: the fix-up before `prepare_for_execution` replaces a uop
/// by its form for one oparg.
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

/// Whether an optimized uop can be what the optimizer made of a proto-trace uop.
fn comes_from(optimized: &str, proto: &str) -> bool {
    let optimized = unreplicated(optimized);
    optimized == proto
        || matches!(
            (optimized, proto),
            // optimize_uops: constants inlined, guards narrowed.
            ("_LOAD_CONST_INLINE_BORROW", "_LOAD_CONST")
                | ("_GUARD_NOS_INT" | "_GUARD_TOS_INT", "_GUARD_BOTH_INT")
                // remove_unneeded_uops: half of the check kept.
                | ("_SET_IP" | "_CHECK_VALIDITY", "_CHECK_VALIDITY_AND_SET_IP")
        )
}

fn uop(name: &str) -> Uop {
    Uop::from_name(name).unwrap_or_else(|| panic!("{name} is not in the uop table"))
}

/// The trace `prepare_for_execution` received for this block (see the module comment).
pub fn input_of(block: &Block) -> Vec<UopInst> {
    let mut input = Vec::new();
    let mut proto = block.proto.iter();
    for opt in block.trace_part() {
        loop {
            let p = proto
                .next()
                .unwrap_or_else(|| panic!("{}: no proto-trace uop for {}", block.title, opt.text));
            // A uop still in the target format printed its target: it must be the same.
            let same_target = opt.field != "target" || opt.value == p.value;
            if comes_from(&opt.name, &p.name) && same_target {
                input.push(
                    UopInst::new(uop(&opt.name), opt.oparg, p.value).with_operand(opt.operand),
                );
                break;
            }
            // The optimizer removed this one: it left a _NOP in its place.
            input.push(UopInst::new(Uop::_NOP, 0, p.value));
        }
    }
    assert!(
        proto.next().is_none(),
        "{}: proto-trace uops left over after the optimized trace",
        block.title
    );
    input
}

/// A uop as the logs print it: addresses as `0xADDR`.
pub fn printed(inst: &UopInst) -> String {
    inst.to_string().replace(&format!("{ADDRESS:#x}"), "0xADDR")
}

/// Reads a data file of this exercise.
pub fn data(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The `uops_detail` of every executor in an `_opcode.get_executor` dump
/// (`NAME.executors.json`): (name, oparg, raw target, operand as printed). The file is
/// pretty-printed JSON with one field per line, which is all this reads.
pub fn executor_details(json: &str) -> Vec<Vec<(String, u32, u32, String)>> {
    let mut executors: Vec<Vec<(String, u32, u32, String)>> = Vec::new();
    let mut name = None;
    let mut oparg = None;
    let mut target = None;
    for line in json.lines().map(str::trim) {
        let value = |prefix: &str| {
            line.strip_prefix(prefix)
                .map(|v| v.trim_end_matches(',').trim_matches('"').to_string())
        };
        if line.starts_with("\"uops_detail\"") {
            executors.push(Vec::new());
        } else if let Some(v) = value("\"name\": ") {
            name = Some(v);
        } else if let Some(v) = value("\"oparg\": ") {
            oparg = Some(v.parse().expect("oparg"));
        } else if let Some(v) = value("\"target\": ") {
            target = Some(v.parse().expect("target"));
        } else if let Some(v) = value("\"operand\": ") {
            let entry = (
                name.take().expect("name"),
                oparg.take().expect("oparg"),
                target.take().expect("target"),
                v,
            );
            executors
                .last_mut()
                .expect("inside uops_detail")
                .push(entry);
        }
    }
    executors
}
