//! Reads `tests/data/jit-traces.txt`: the project's real stencils and the executors the JIT
//! compiled for three programs (`explain jit --format json`, written by the project's
//! `tests/cli_jit.rs`). Line by line:
//!
//! ```text
//!   stencil NAME BYTES...                  a stencil's code as build.rs cut it out (hex)
//!   hole NAME OFFSET KIND SYMBOL ADDEND    one hole of stencil NAME
//!   executor PROGRAM ID trace=T helper=.. incref=.. decref=.. valid=..
//!                                          an executor (T: bytes of hot code before the
//!                                          slow paths; addresses are stand-ins)
//!   uop INDEX NAME STENCIL OFFSET jump=J error=E operand=O oparg=A const=TAG:PAYLOAD slow=S
//!                                          S: the offset of the uop's slow path, or `-`
//!   patch UOP OFFSET SYMBOL S [slow]       S: the value, or the trace offset jumped to;
//!                                          `slow`: a hole of the uop's slow path (the
//!                                          helper stencil copied after the trace)
//!   code BYTES...                          the finished trace, every hole patched
//! ```

#![allow(dead_code)]

use ex07_patch_holes::HoleKind;

pub struct Hole {
    pub offset: usize,
    pub kind: HoleKind,
    pub symbol: String,
    pub addend: i64,
}

pub struct Stencil {
    pub name: String,
    pub code: Vec<u8>,
    pub holes: Vec<Hole>,
}

pub struct Uop {
    pub name: String,
    pub stencil: String,
    pub offset: usize,
    /// Where its slow path starts, if its stencil has one.
    pub slow: Option<usize>,
}

pub struct Patch {
    pub uop: usize,
    pub offset: usize,
    pub symbol: String,
    pub value: u64,
    /// A hole of the uop's slow path (`offset` is inside the helper stencil's copy).
    pub slow: bool,
}

pub struct Executor {
    /// `fib #0`
    pub title: String,
    pub uops: Vec<Uop>,
    pub patches: Vec<Patch>,
    pub code: Vec<u8>,
}

pub struct Data {
    pub stencils: Vec<Stencil>,
    pub executors: Vec<Executor>,
}

impl Data {
    pub fn stencil(&self, name: &str) -> &Stencil {
        self.stencils
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no stencil {name} in the data"))
    }
}

fn hex(words: &[&str]) -> Vec<u8> {
    words
        .iter()
        .map(|w| u8::from_str_radix(w, 16).expect("a hex byte"))
        .collect()
}

fn num<T: std::str::FromStr>(word: &str) -> T {
    let word = word.split('=').next_back().unwrap_or(word);
    word.parse()
        .unwrap_or_else(|_| panic!("not a number: {word}"))
}

pub fn load() -> Data {
    let text = include_str!("../data/jit-traces.txt");
    let mut data = Data {
        stencils: Vec::new(),
        executors: Vec::new(),
    };
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["stencil", name, bytes @ ..] => data.stencils.push(Stencil {
                name: name.to_string(),
                code: hex(bytes),
                holes: Vec::new(),
            }),
            ["hole", name, offset, kind, symbol, addend] => {
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
                    offset: num(offset),
                    kind,
                    symbol: symbol.to_string(),
                    addend: num(addend),
                });
            }
            ["executor", program, id, ..] => data.executors.push(Executor {
                title: format!("{program} #{id}"),
                uops: Vec::new(),
                patches: Vec::new(),
                code: Vec::new(),
            }),
            ["uop", _, name, stencil, offset, .., slow] => {
                let exec = data
                    .executors
                    .last_mut()
                    .expect("uops follow their executor");
                exec.uops.push(Uop {
                    name: name.to_string(),
                    stencil: stencil.to_string(),
                    offset: num(offset),
                    slow: slow.strip_prefix("slow=").and_then(|s| s.parse().ok()),
                });
            }
            ["patch", uop, offset, symbol, value, rest @ ..] => {
                let exec = data
                    .executors
                    .last_mut()
                    .expect("patches follow their executor");
                exec.patches.push(Patch {
                    uop: num(uop),
                    offset: num(offset),
                    symbol: symbol.to_string(),
                    value: num::<i64>(value) as u64,
                    slow: rest == ["slow"],
                });
            }
            ["code", bytes @ ..] => {
                data.executors
                    .last_mut()
                    .expect("code follows its executor")
                    .code = hex(bytes);
            }
            _ => panic!("unexpected line in jit-traces.txt: {line}"),
        }
    }
    data
}
