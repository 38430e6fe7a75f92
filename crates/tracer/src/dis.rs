//! `dis`: listings of code objects in exactly the format of CPython 3.13's `dis.dis` (default
//! options), plus the JSON form of `dis.get_instructions`.
//!
//! ```text
//!   4           LOAD_GLOBAL              1 (range + NULL)
//!               LOAD_FAST                0 (n)
//!       L1:     FOR_ITER                 8 (to L2)
//!   ^line ^label ^opname (20 columns)   ^arg ^argrepr
//! ```
//!
//! The listing reads the instruction stream from `co_code` or, for adaptive listings, from a
//! caller-supplied copy of the code units (the runtime's specialized code): opcodes come from
//! that stream, while jump targets and labels come from the original code, as in CPython.
//!
//! Intended difference: CPython prints a code object's memory address; we print a placeholder
//! address derived from the code object's position in dis order (`0x7f0000000000`, `...1000`,
//! ...), so listings are reproducible.

pub mod repr;

use std::rc::Rc;

use crate::bytecode::{Opcode, CMP_OPS, INTRINSIC_1, INTRINSIC_2, NB_OPS};
use crate::code::{unit_oparg, unit_opcode, CodeObject, Const};

/// Width of the opname column.
const OPNAME_WIDTH: usize = 20;
/// Width of the oparg column.
const OPARG_WIDTH: usize = 5;
const NO_LINENO: &str = "  --";
/// First placeholder address; each code object in dis order adds 0x1000.
const BASE_ADDRESS: u64 = 0x7f00_0000_0000;

/// Supplies the current (adaptive) code units of a code object, if it has run.
pub type AdaptiveUnits<'a> = &'a dyn Fn(&CodeObject) -> Option<Vec<u16>>;

/// Options of a text listing.
#[derive(Clone, Copy, Debug, Default)]
pub struct DisOptions {
    /// Print the inline CACHE entries after each instruction.
    pub show_caches: bool,
}

/// One decoded instruction, as `dis.get_instructions` yields it.
#[derive(Clone, Debug, PartialEq)]
pub struct Instruction {
    /// Byte offset (2 per code unit).
    pub offset: usize,
    pub opcode: Opcode,
    pub opname: &'static str,
    /// None for instructions without an argument.
    pub arg: Option<u32>,
    pub argrepr: String,
    pub starts_line: bool,
    pub line: Option<u32>,
    pub label: Option<usize>,
    /// (field name, size in code units, the code units) for each inline cache field.
    pub cache_info: Vec<(&'static str, usize, Vec<u16>)>,
}

/// Placeholder addresses of the code objects under a root, by dis order.
pub struct Addresses {
    order: Vec<*const CodeObject>,
}

impl Addresses {
    pub fn new(root: &Rc<CodeObject>) -> Addresses {
        Addresses {
            order: root.walk().iter().map(Rc::as_ptr).collect(),
        }
    }

    pub fn of(&self, code: &CodeObject) -> u64 {
        let i = self
            .order
            .iter()
            .position(|&p| std::ptr::eq(p, code))
            .unwrap_or(self.order.len());
        BASE_ADDRESS + 0x1000 * i as u64
    }
}

/// (offset, start, opcode, arg) of every instruction, EXTENDED_ARGs included, skipping caches.
fn unpack_opargs(code: &[u16]) -> Vec<(usize, Opcode, Option<u32>)> {
    let mut out = Vec::new();
    let mut extended: u32 = 0;
    let mut i = 0;
    while i < code.len() {
        let op = unit_opcode(code[i]);
        let deop = op.deopt();
        let arg = if deop.has_arg() {
            let a = u32::from(unit_oparg(code[i])) | extended;
            extended = if deop == Opcode::EXTENDED_ARG {
                a << 8
            } else {
                0
            };
            Some(a)
        } else {
            extended = 0;
            None
        };
        out.push((i * 2, op, arg));
        i += 1 + deop.cache_entries();
    }
    out
}

/// Target byte offset of a jump at `offset`.
fn jump_target(op: Opcode, arg: u32, offset: usize) -> usize {
    let deop = op.deopt();
    let base = offset + 2 + 2 * deop.cache_entries();
    if deop.is_backward_jump() {
        base - 2 * arg as usize
    } else {
        base + 2 * arg as usize
    }
}

/// Offsets that get an `L<n>:` label: jump targets, plus (for text listings) exception ranges.
fn labels_map(code: &CodeObject, with_exceptions: bool) -> Vec<usize> {
    let mut labels: Vec<usize> = unpack_opargs(&code.code)
        .into_iter()
        .filter(|(_, op, arg)| op.is_jump() && arg.is_some())
        .map(|(offset, op, arg)| jump_target(op, arg.unwrap_or(0), offset))
        .collect();
    if with_exceptions {
        for e in &code.exception_table {
            labels.extend([
                e.start as usize * 2,
                e.end as usize * 2,
                e.target as usize * 2,
            ]);
        }
    }
    labels.sort_unstable();
    labels.dedup();
    labels
}

fn label_of(labels: &[usize], offset: usize) -> Option<usize> {
    labels.binary_search(&offset).ok().map(|i| i + 1)
}

fn varname(code: &CodeObject, i: u32) -> String {
    code.localsplusnames
        .get(i as usize)
        .map_or_else(|| format!("<{i}>"), |n| n.to_string())
}

fn name(code: &CodeObject, i: u32) -> String {
    code.names
        .get(i as usize)
        .map_or_else(|| format!("<{i}>"), |n| n.to_string())
}

/// CPython's `ArgResolver.get_argval_argrepr`: the text in parentheses.
fn argrepr(
    code: &CodeObject,
    op: Opcode,
    arg: u32,
    offset: usize,
    labels: &[usize],
    addr: &dyn Fn(&CodeObject) -> u64,
) -> String {
    let deop = op.deopt();
    let with = |s: String, bit: bool, suffix: &str| if bit { format!("{s}{suffix}") } else { s };
    match deop {
        _ if deop.has_const() => code
            .consts
            .get(arg as usize)
            .map_or_else(String::new, |c: &Const| repr::const_repr(c, addr)),
        Opcode::LOAD_GLOBAL => with(name(code, arg >> 1), arg & 1 != 0, " + NULL"),
        Opcode::LOAD_ATTR => with(name(code, arg >> 1), arg & 1 != 0, " + NULL|self"),
        Opcode::LOAD_SUPER_ATTR => with(name(code, arg >> 2), arg & 1 != 0, " + NULL|self"),
        _ if deop.has_name() => name(code, arg),
        _ if deop.is_jump() => match label_of(labels, jump_target(op, arg, offset)) {
            Some(l) => format!("to L{l}"),
            None => String::new(),
        },
        Opcode::LOAD_FAST_LOAD_FAST
        | Opcode::STORE_FAST_LOAD_FAST
        | Opcode::STORE_FAST_STORE_FAST => {
            format!("{}, {}", varname(code, arg >> 4), varname(code, arg & 15))
        }
        _ if deop.has_local() || deop.has_free() => varname(code, arg),
        Opcode::COMPARE_OP => {
            let op = CMP_OPS.get((arg >> 5) as usize).copied().unwrap_or("?");
            if arg & 16 != 0 {
                format!("bool({op})")
            } else {
                op.to_string()
            }
        }
        Opcode::CONVERT_VALUE => ["", "str", "repr", "ascii"]
            .get(arg as usize)
            .copied()
            .unwrap_or("")
            .to_string(),
        Opcode::SET_FUNCTION_ATTRIBUTE => ["defaults", "kwdefaults", "annotations", "closure"]
            .iter()
            .enumerate()
            .filter(|(i, _)| arg & (1 << i) != 0)
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(", "),
        Opcode::BINARY_OP => NB_OPS.get(arg as usize).copied().unwrap_or("").to_string(),
        Opcode::CALL_INTRINSIC_1 => INTRINSIC_1
            .get(arg as usize)
            .copied()
            .unwrap_or("")
            .to_string(),
        Opcode::CALL_INTRINSIC_2 => INTRINSIC_2
            .get(arg as usize)
            .copied()
            .unwrap_or("")
            .to_string(),
        _ => String::new(),
    }
}

/// Decodes a code object. `units` overrides the instruction stream (adaptive code);
/// `exception_labels` adds exception-table offsets to the labels (as text listings do).
pub fn get_instructions(
    code: &CodeObject,
    units: Option<&[u16]>,
    exception_labels: bool,
    addr: &dyn Fn(&CodeObject) -> u64,
) -> Vec<Instruction> {
    let current = units.unwrap_or(&code.code);
    let labels = labels_map(code, exception_labels);
    let mut out = Vec::new();
    let mut prev_line: Option<Option<u32>> = None;
    for (offset, orig_op, arg) in unpack_opargs(&code.code) {
        let index = offset / 2;
        let op = current.get(index).map_or(orig_op, |u| unit_opcode(*u));
        let line = code.line_at(index);
        let starts_line = prev_line != Some(line);
        prev_line = Some(line);
        let argrepr = arg.map_or_else(String::new, |a| argrepr(code, op, a, offset, &labels, addr));
        let mut cache_info = Vec::new();
        let mut at = index + 1;
        for (field, size) in op.cache_format() {
            let size = usize::from(*size);
            let data = current
                .get(at..at + size)
                .map(<[u16]>::to_vec)
                .unwrap_or_default();
            cache_info.push((*field, size, data));
            at += size;
        }
        out.push(Instruction {
            offset,
            opcode: op,
            opname: op.name(),
            arg,
            argrepr,
            starts_line,
            line,
            label: label_of(&labels, offset),
            cache_info,
        });
    }
    out
}

fn lineno_width(instrs: &[Instruction]) -> usize {
    let starts: Vec<Option<u32>> = instrs
        .iter()
        .filter(|i| i.starts_line)
        .map(|i| i.line)
        .collect();
    // As `dis._get_lineno_width`: line 0 (an empty module's) does not count.
    let Some(max) = starts.iter().flatten().filter(|&&l| l != 0).max() else {
        return 0;
    };
    let mut width = 3.max(max.to_string().len());
    if width < NO_LINENO.len() && starts.contains(&None) {
        width = NO_LINENO.len();
    }
    width
}

struct Formatter {
    lineno_width: usize,
    label_width: usize,
}

impl Formatter {
    #[allow(clippy::too_many_arguments)]
    fn line(
        &self,
        out: &mut String,
        offset: usize,
        starts_line: bool,
        line: Option<u32>,
        label: Option<usize>,
        opname: &str,
        arg: Option<u32>,
        argrepr: &str,
    ) {
        if self.lineno_width > 0 && starts_line && offset > 0 {
            out.push('\n');
        }
        let mut fields: Vec<String> = Vec::new();
        if self.lineno_width > 0 {
            if starts_line {
                match line {
                    Some(l) => fields.push(format!("{l:>w$}", w = self.lineno_width)),
                    None => fields.push(format!("{NO_LINENO:>w$}", w = self.lineno_width)),
                }
            } else {
                fields.push(" ".repeat(self.lineno_width));
            }
        }
        match label {
            Some(l) => fields.push(format!("{:>w$}", format!("L{l}:"), w = self.label_width)),
            None => fields.push(" ".repeat(self.label_width)),
        }
        fields.push("   ".into());
        fields.push(format!("{opname:<OPNAME_WIDTH$}"));
        if let Some(a) = arg {
            let excess = opname.len().saturating_sub(OPNAME_WIDTH);
            fields.push(format!("{a:>w$}", w = OPARG_WIDTH.saturating_sub(excess)));
            if !argrepr.is_empty() {
                fields.push(format!("({argrepr})"));
            }
        }
        out.push_str(fields.join(" ").trim_end());
        out.push('\n');
    }
}

/// The listing of one code object (no nested ones), like `dis.disassemble`.
pub fn disassemble(
    code: &CodeObject,
    units: Option<&[u16]>,
    opts: DisOptions,
    addr: &dyn Fn(&CodeObject) -> u64,
) -> String {
    let instrs = get_instructions(code, units, true, addr);
    let nlabels = labels_map(code, true).len();
    let f = Formatter {
        lineno_width: lineno_width(&instrs),
        label_width: 4 + nlabels.to_string().len(),
    };
    let mut out = String::new();
    for i in &instrs {
        f.line(
            &mut out,
            i.offset,
            i.starts_line,
            i.line,
            i.label,
            i.opname,
            i.arg,
            &i.argrepr,
        );
        if opts.show_caches {
            let mut offset = i.offset;
            for (field, size, data) in &i.cache_info {
                for k in 0..*size {
                    offset += 2;
                    let repr = if k == 0 {
                        let value = data
                            .iter()
                            .rev()
                            .fold(0u64, |acc, &w| (acc << 16) | u64::from(w));
                        format!("{field}: {value}")
                    } else {
                        String::new()
                    };
                    f.line(
                        &mut out,
                        offset,
                        false,
                        i.line,
                        None,
                        "CACHE",
                        Some(0),
                        &repr,
                    );
                }
            }
        }
    }
    let labels = labels_map(code, true);
    if !code.exception_table.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &code.exception_table {
            let l = |u: u32| label_of(&labels, u as usize * 2).unwrap_or(0);
            let lasti = if e.lasti { " lasti" } else { "" };
            out.push_str(&format!(
                "  L{} to L{} -> L{} [{}]{}\n",
                l(e.start),
                l(e.end),
                l(e.target),
                e.depth,
                lasti
            ));
        }
    }
    out
}

/// `dis.dis(code)`: the code object and every nested one, with `Disassembly of ...:` headers.
pub fn dis(root: &Rc<CodeObject>, adaptive: Option<AdaptiveUnits<'_>>, opts: DisOptions) -> String {
    let addresses = Addresses::new(root);
    let addr = |c: &CodeObject| addresses.of(c);
    let mut out = String::new();
    for (i, code) in root.walk().iter().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&format!(
                "Disassembly of {}:\n",
                repr::code_repr(code, addr(code))
            ));
        }
        let units = adaptive.and_then(|f| f(code));
        out.push_str(&disassemble(code, units.as_deref(), opts, &addr));
    }
    out
}

/// The JSON form of one instruction, keys in the documented order (offset, opname, arg,
/// argrepr, line). `arg` is `null` where CPython's `Instruction.arg` is None.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InstructionJson {
    pub offset: usize,
    pub opname: &'static str,
    pub arg: Option<u32>,
    pub argrepr: String,
    pub line: Option<u32>,
}

/// The JSON form of one code object.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CodeJson {
    pub qualname: String,
    pub firstlineno: u32,
    pub instructions: Vec<InstructionJson>,
}

/// `{"code": [...]}`: every code object in dis order (the module, then nested code objects in
/// co_consts order, depth first).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DisJson {
    pub code: Vec<CodeJson>,
}

/// Every code object in dis order, each with its instructions as `dis.get_instructions` gives
/// them (adaptive when `adaptive` supplies the current code units). A struct rather than a
/// `serde_json::Value` so that the keys keep this order when printed (a `Value` map sorts them).
pub fn dis_json(root: &Rc<CodeObject>, adaptive: Option<AdaptiveUnits<'_>>) -> DisJson {
    let addresses = Addresses::new(root);
    let addr = |c: &CodeObject| addresses.of(c);
    let code = root
        .walk()
        .iter()
        .map(|code| {
            let units = adaptive.and_then(|f| f(code));
            let instructions = get_instructions(code, units.as_deref(), false, &addr)
                .into_iter()
                .map(|i| InstructionJson {
                    offset: i.offset,
                    opname: i.opname,
                    arg: i.arg,
                    argrepr: i.argrepr,
                    line: i.line,
                })
                .collect();
            CodeJson {
                qualname: code.qualname.to_string(),
                firstlineno: code.firstlineno,
                instructions,
            }
        })
        .collect();
    DisJson { code }
}
