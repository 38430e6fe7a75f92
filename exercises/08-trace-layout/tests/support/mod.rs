//! Reads `tests/data/jit-traces.txt`: the project's real stencils and the executors the JIT
//! compiled for three programs (`explain jit --format json`, written by the project's
//! `tests/cli_jit.rs`). Line by line:
//!
//! ```text
//!   stencil NAME BYTES...                  a stencil's code as build.rs cut it out (hex)
//!   hole NAME OFFSET KIND SYMBOL ADDEND    one hole of stencil NAME
//!   executor PROGRAM ID trace=T helper=H incref=I decref=D valid=V
//!                                          an executor (T: bytes of hot code before the
//!                                          slow paths; the addresses are stand-ins)
//!   uop INDEX NAME STENCIL OFFSET jump=J error=E operand=O oparg=A const=TAG:PAYLOAD slow=S
//!                                          S: the offset of the uop's slow path, or `-`
//!   patch UOP OFFSET SYMBOL S [slow]       S: the value, or the trace offset jumped to;
//!                                          `slow`: a hole of the uop's slow path (the
//!                                          helper stencil copied after the trace)
//!   code BYTES...                          the finished trace, every hole patched
//! ```

#![allow(dead_code)]

use ex08_trace_layout::{Executor, Hole, HoleKind, Stencil, Symbol, UopInst};

/// What the JIT did for one hole.
pub struct Patch {
    pub uop: usize,
    pub offset: usize,
    pub symbol: Symbol,
    pub value: u64,
    /// A hole of the uop's slow path (`offset` is inside the helper stencil's copy).
    pub slow: bool,
}

/// One executor as the JIT compiled it.
pub struct Compiled {
    /// `fib #0`
    pub title: String,
    pub executor: Executor,
    /// Each uop's offset, as the JIT laid them out, then the end of the hot code.
    pub offsets: Vec<usize>,
    /// The slow paths, as the JIT laid them out: (uop, offset).
    pub slow: Vec<(usize, usize)>,
    pub patches: Vec<Patch>,
    pub code: Vec<u8>,
}

pub struct Data {
    pub stencils: Vec<Stencil>,
    pub compiled: Vec<Compiled>,
}

fn hex(words: &[&str]) -> Vec<u8> {
    words
        .iter()
        .map(|w| u8::from_str_radix(w, 16).expect("a hex byte"))
        .collect()
}

/// A number, after an optional `name=`, decimal or `0x` hex.
fn num(word: &str) -> i64 {
    let word = word.split('=').next_back().unwrap_or(word);
    let parsed = match word.strip_prefix("0x") {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => word.parse().ok(),
    };
    parsed.unwrap_or_else(|| panic!("not a number: {word}"))
}

fn symbol(name: &str) -> Symbol {
    Symbol::from_name(name).unwrap_or_else(|| panic!("unknown hole symbol {name}"))
}

pub fn load() -> Data {
    let text = include_str!("../data/jit-traces.txt");
    let mut data = Data {
        stencils: Vec::new(),
        compiled: Vec::new(),
    };
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["stencil", name, bytes @ ..] => data.stencils.push(Stencil {
                name: name.to_string(),
                code: hex(bytes),
                holes: Vec::new(),
            }),
            ["hole", name, offset, kind, sym, addend] => {
                let kind = match *kind {
                    "Abs64" => HoleKind::Abs64,
                    "Rel32" => HoleKind::Rel32,
                    other => panic!("unknown hole kind {other}"),
                };
                let stencil = data
                    .stencils
                    .iter_mut()
                    .find(|s| s.name == *name)
                    .expect("holes follow their stencil");
                stencil.holes.push(Hole {
                    offset: num(offset) as usize,
                    kind,
                    symbol: symbol(sym),
                    addend: num(addend),
                });
            }
            ["executor", program, id, trace, helper, incref, decref, valid] => {
                data.compiled.push(Compiled {
                    title: format!("{program} #{id}"),
                    executor: Executor {
                        uops: Vec::new(),
                        helper: num(helper) as u64,
                        incref: num(incref) as u64,
                        decref: num(decref) as u64,
                        valid: num(valid) as u64,
                    },
                    offsets: vec![num(trace) as usize],
                    slow: Vec::new(),
                    patches: Vec::new(),
                    code: Vec::new(),
                })
            }
            ["uop", index, name, stencil, offset, jump, error, operand, oparg, constant, slow] => {
                let c = data
                    .compiled
                    .last_mut()
                    .expect("uops follow their executor");
                let (tag, payload) = constant
                    .trim_start_matches("const=")
                    .split_once(':')
                    .expect("const=TAG:PAYLOAD");
                c.executor.uops.push(UopInst {
                    name: name.to_string(),
                    stencil: stencil.to_string(),
                    jump_target: num(jump) as usize,
                    error_target: num(error) as usize,
                    operand: num(operand) as u64,
                    oparg: num(oparg) as u64,
                    constant: (num(tag) as u64, num(payload) as u64),
                });
                // Keep the end of the hot code last.
                let end = c.offsets.len() - 1;
                c.offsets.insert(end, num(offset) as usize);
                if let Some(at) = slow.strip_prefix("slow=").and_then(|s| s.parse().ok()) {
                    c.slow.push((num(index) as usize, at));
                }
            }
            ["patch", uop, offset, sym, value, rest @ ..] => {
                let c = data
                    .compiled
                    .last_mut()
                    .expect("patches follow their executor");
                c.patches.push(Patch {
                    uop: num(uop) as usize,
                    offset: num(offset) as usize,
                    symbol: symbol(sym),
                    value: num(value) as u64,
                    slow: rest == ["slow"],
                });
            }
            ["code", bytes @ ..] => {
                data.compiled
                    .last_mut()
                    .expect("code follows its executor")
                    .code = hex(bytes);
            }
            _ => panic!("unexpected line in jit-traces.txt: {line}"),
        }
    }
    data
}
