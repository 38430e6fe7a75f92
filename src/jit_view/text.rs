//! The text of `explain jit`: per executor, per uop the stencil (bytes, disassembly, holes)
//! and the values patched into it, then the finished trace with stencil boundaries, then
//! the stats. Disassembly is iced-x86's, in Intel syntax.

use std::fmt::Write as _;

use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter};
use stencil_jit::stencil::{self, HoleKind, Symbol};

use super::{stencil_of, JitRun, Shown};

/// Bytes as `48 b8 00 ...`.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Each instruction of `code` as (offset from the start, Intel syntax); jump targets are
/// offsets too (the code is decoded as if it started at 0).
pub fn disassemble(code: &[u8], start: u64) -> Vec<(u64, String)> {
    let mut decoder = Decoder::with_ip(64, code, start, DecoderOptions::NONE);
    let mut formatter = IntelFormatter::new();
    formatter.options_mut().set_hex_prefix("0x");
    formatter.options_mut().set_hex_suffix("");
    formatter.options_mut().set_uppercase_hex(false);
    formatter
        .options_mut()
        .set_space_after_operand_separator(true);
    formatter.options_mut().set_branch_leading_zeros(false);
    formatter.options_mut().set_leading_zeros(false);
    // `cmp rax, -1`, not `cmp rax, 0xffffffffffffffff` (which reads like an address).
    formatter.options_mut().set_signed_immediate_operands(true);
    let mut instruction = Instruction::default();
    let mut out = Vec::new();
    while decoder.can_decode() {
        decoder.decode_out(&mut instruction);
        let mut text = String::new();
        formatter.format(&instruction, &mut text);
        out.push((instruction.ip(), text));
    }
    out
}

/// The whole view.
pub fn render(run: &JitRun) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "explain jit: {} (the copy-and-patch JIT: {} stencils compiled from Rust at build time)",
        run.filename,
        stencil::STENCILS.len()
    );
    if run.executors.is_empty() {
        s.push_str("\nNo loop got hot: nothing was compiled.\n");
    }
    for shown in &run.executors {
        executor(&mut s, shown);
    }
    totals(&mut s, run);
    s
}

fn executor(s: &mut String, shown: &Shown) {
    let c = &shown.compiled;
    let n = c.uops.len();
    let _ = writeln!(
        s,
        "\nexecutor #{} in {} at offset {}: {n} uops, {} bytes of code, 0 bytes of data",
        c.executor,
        c.qualname,
        c.offset,
        c.code.len()
    );
    let _ = write!(
        s,
        "  compiled in {} ns ({} ns per uop)",
        c.nanos,
        c.nanos / n.max(1) as u64
    );
    match shown.executions {
        Some((entered, iterations)) => {
            let times = if entered == 1 { "time" } else { "times" };
            let _ = writeln!(
                s,
                "; entered {entered} {times}, {iterations} loop iterations in machine code"
            );
        }
        None => s.push_str("; since freed (invalidated)\n"),
    }
    let mut shown_stencils: Vec<(&str, usize)> = Vec::new();
    for i in 0..n {
        uop(s, c, i, &mut shown_stencils);
    }
    s.push_str("\n  the finished trace (offsets from its start; each uop's stencil marked, then the slow paths):\n");
    let listing = disassemble(&c.code, 0);
    let mut next = 0;
    let mut slow = c.slow.iter().peekable();
    for (offset, text) in listing {
        while let Some(&&(uop, at)) = slow.peek() {
            if at as u64 > offset {
                break;
            }
            let _ = writeln!(
                s,
                "    ; slow path of uop {uop} {} (helper, then back to uop {})",
                c.uops[uop].uop.name(),
                uop + 1
            );
            slow.next();
        }
        while next < n && c.offsets[next] as u64 <= offset {
            if c.offsets[next] != c.offsets[next + 1] || c.offsets[next] as u64 == offset {
                let _ = writeln!(
                    s,
                    "    ; uop {next} {} ({})",
                    c.uops[next].uop.name(),
                    c.stencils[next]
                );
            }
            next += 1;
        }
        let _ = writeln!(s, "    {offset:04x}  {text}");
    }
}

fn uop(
    s: &mut String,
    c: &stencil_jit::Compiled,
    i: usize,
    shown: &mut Vec<(&'static str, usize)>,
) {
    let st = stencil_of(c, i);
    let what = if !stencil::is_inline(st.name) {
        "calls the VM"
    } else if st.holes.iter().any(|h| h.symbol == Symbol::Slow) {
        "inline; the VM on its slow path"
    } else {
        "inline"
    };
    let _ = writeln!(
        s,
        "\n  uop {i:<3} {}\n         stencil {} ({what}), {} bytes at +{:#06x}",
        c.uops[i],
        st.name,
        st.code.len(),
        c.offsets[i]
    );
    if st.name == "fused" {
        let head = (0..i)
            .rev()
            .find(|&k| c.stencils[k] != "fused")
            .unwrap_or(0);
        let _ = writeln!(
            s,
            "         (no code: uop {head}'s helper call runs this uop too)"
        );
        return;
    }
    if let Some(&(_, first)) = shown.iter().find(|&&(n, _)| n == st.name) {
        let _ = writeln!(
            s,
            "         (bytes, disassembly and holes as shown at uop {first})"
        );
    } else {
        shown.push((st.name, i));
        if st.code.is_empty() {
            s.push_str("         bytes    (none: its only jump, to the next uop, was stripped)\n");
        } else {
            let _ = writeln!(s, "         bytes    {}", hex(st.code));
            for (k, (offset, text)) in disassemble(st.code, 0).into_iter().enumerate() {
                let label = if k == 0 { "code  " } else { "      " };
                let _ = writeln!(s, "         {label}   {offset:04x}  {text}");
            }
        }
        for (k, h) in st.holes.iter().enumerate() {
            let label = if k == 0 { "holes " } else { "      " };
            let _ = writeln!(
                s,
                "         {label}   +{:#04x}  {:?}  {} (addend {})",
                h.offset,
                h.kind,
                h.symbol.name(),
                h.addend
            );
        }
    }
    patches(s, c, i, false, "patched");
    if c.patches.iter().any(|p| p.uop == i && p.slow) {
        let at = c
            .slow
            .iter()
            .find(|&&(u, _)| u == i)
            .map_or(0, |&(_, at)| at);
        let _ = writeln!(
            s,
            "         slow     a copy of the helper stencil at +{at:#06x}, then a jmp back:"
        );
        patches(s, c, i, true, "       ");
    }
}

/// The holes patched in uop `i`'s stencil (or, `slow`, in its slow path's helper copy).
fn patches(s: &mut String, c: &stencil_jit::Compiled, i: usize, slow: bool, first: &str) {
    let mine = c.patches.iter().filter(|p| p.uop == i && p.slow == slow);
    for (k, p) in mine.enumerate() {
        let label = if k == 0 { first } else { "       " };
        let value = match (p.kind, p.symbol) {
            (HoleKind::Abs64, Symbol::Helper | Symbol::Valid | Symbol::Incref | Symbol::Decref) => {
                format!("{:#x}", p.value)
            }
            (HoleKind::Rel32, _) => format!("{:+}", p.value),
            _ => p.value.to_string(),
        };
        let _ = writeln!(
            s,
            "         {label}  +{:#04x}  {:<18} = {value:<16} {}",
            p.offset,
            p.symbol.name(),
            p.why
        );
    }
}

fn totals(s: &mut String, run: &JitRun) {
    let uops: usize = run.executors.iter().map(|e| e.compiled.uops.len()).sum();
    let code: usize = run.executors.iter().map(|e| e.compiled.code.len()).sum();
    let nanos: u64 = run.executors.iter().map(|e| e.compiled.nanos).sum();
    let inline = run
        .executors
        .iter()
        .flat_map(|e| e.compiled.stencils.iter())
        .filter(|n| stencil::is_inline(n))
        .count();
    let _ = writeln!(
        s,
        "\nstats: {} executors, {uops} uops ({inline} inline, {} calling the VM), {code} bytes of code, 0 bytes of data, {} ns per uop to compile",
        run.executors.len(),
        uops - inline,
        nanos / uops.max(1) as u64
    );
}
