//! The text of `explain jit`: per executor, per uop the stencil (bytes, disassembly, holes)
//! and the values patched into it, then the finished trace with stencil boundaries, then
//! the stats. Disassembly is iced-x86's, in Intel syntax. `--brief` keeps one line per uop;
//! `--redact` prints the two kinds of address a trace holds (the helper's, `&executor.valid`)
//! and the timings as placeholders, so the book and the tour show the same text every run.

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

/// How much to show, and whether run-dependent numbers are hidden.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub brief: bool,
    pub redact: bool,
}

/// The whole view.
pub fn render(run: &JitRun, options: Options) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "The copy-and-patch JIT on {}: {} stencils compiled from Rust at build time",
        run.filename,
        stencil::STENCILS.len()
    );
    if run.executors.is_empty() {
        s.push_str("\nNo loop got hot: nothing was compiled.\n");
    }
    for shown in &run.executors {
        executor(&mut s, shown, options);
    }
    totals(&mut s, run, options);
    if options.redact {
        redact_addresses(&mut s, run);
    }
    s
}

/// Replaces every address patched into a trace (helper, `&executor.valid`), wherever it
/// appears (patch lists, the finished trace's `mov` immediates), by `[address]`.
fn redact_addresses(s: &mut String, run: &JitRun) {
    let mut addresses: Vec<i64> = run
        .executors
        .iter()
        .flat_map(|e| e.compiled.patches.iter())
        .filter(|p| is_address(p.symbol))
        .map(|p| p.value)
        .collect();
    addresses.sort_unstable();
    addresses.dedup();
    for a in addresses {
        *s = s.replace(&format!("{a:#x}"), "[address]");
    }
}

/// Whether a hole of this symbol holds an address (a helper's, `&executor.valid`), which
/// changes from run to run.
fn is_address(symbol: Symbol) -> bool {
    matches!(
        symbol,
        Symbol::Helper | Symbol::Valid | Symbol::Incref | Symbol::Decref
    )
}

/// An address patched into a trace, or `[address]` when redacting.
fn address(value: i64, options: Options) -> String {
    if options.redact {
        "[address]".to_string()
    } else {
        format!("{value:#x}")
    }
}

/// `123 ns`, or `[t] ns` when redacting.
fn nanos(n: u64, options: Options) -> String {
    if options.redact {
        "[t]".to_string()
    } else {
        n.to_string()
    }
}

fn executor(s: &mut String, shown: &Shown, options: Options) {
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
        nanos(c.nanos, options),
        nanos(c.nanos / n.max(1) as u64, options)
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
    if options.brief {
        brief(s, c, options);
        return;
    }
    let mut shown_stencils: Vec<(&str, usize)> = Vec::new();
    for i in 0..n {
        uop(s, c, i, &mut shown_stencils, options);
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
            match c.fused_run(uop) {
                Some(run) => writeln!(
                    s,
                    "    ; slow path of uop {uop} {} (helper for uops {} .. {}, then back to uop {})",
                    c.uops[uop].uop.name(),
                    run.start,
                    run.end - 1,
                    run.end
                ),
                None => writeln!(
                    s,
                    "    ; slow path of uop {uop} {} (helper, then back to uop {})",
                    c.uops[uop].uop.name(),
                    uop + 1
                ),
            }
            .ok();
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
    options: Options,
) {
    let st = stencil_of(c, i);
    let run = c.fused_run(i);
    let what = if let Some(run) = &run {
        let names: Vec<&str> = c.uops[run.clone()].iter().map(|u| u.uop.name()).collect();
        format!(
            "inline, fused: uops {} .. {}, {}; the VM runs them all on its slow path",
            run.start,
            run.end - 1,
            names.join(" + ")
        )
    } else if c.is_inline(i) && st.name == "fused" {
        "inline: in an earlier uop's fused stencil".to_string()
    } else if !stencil::is_inline(st.name) {
        "calls the VM".to_string()
    } else if st.holes.iter().any(|h| h.symbol == Symbol::Slow) {
        "inline; the VM on its slow path".to_string()
    } else {
        "inline".to_string()
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
        let head = c.head_of(i).unwrap_or(0);
        if c.fused_run(head).is_some() {
            let _ = writeln!(
                s,
                "         (no code: uop {head}'s stencil {} does this uop's work: a fused run)",
                c.stencils[head]
            );
        } else {
            let _ = writeln!(
                s,
                "         (no code: uop {head}'s helper call runs this uop too)"
            );
        }
        return;
    }
    if let Some(&(_, first)) = shown.iter().find(|&&(n, _)| n == st.name) {
        let _ = writeln!(
            s,
            "         (bytes, disassembly and holes as shown at uop {first})"
        );
    } else {
        shown.push((st.name, i));
        stencil_body(s, st);
    }
    patches(s, c, i, false, "patched", options);
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
        patches(s, c, i, true, "       ", options);
    }
}

/// The holes patched in uop `i`'s stencil (or, `slow`, in its slow path's helper copy).
fn patches(
    s: &mut String,
    c: &stencil_jit::Compiled,
    i: usize,
    slow: bool,
    first: &str,
    options: Options,
) {
    let mine = c.patches.iter().filter(|p| p.uop == i && p.slow == slow);
    for (k, p) in mine.enumerate() {
        let label = if k == 0 { first } else { "       " };
        let value = match (p.kind, p.symbol) {
            (HoleKind::Abs64, sym) if is_address(sym) => address(p.value, options),
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

/// One line per uop: index, uop, stencil, where its code goes, and what each hole became
/// (`INDEX=2`: a value; `CONTINUE>3`: a jump to uop 3's code; `>-`: a jump never taken;
/// `SLOW>+0x0618`: a jump to the uop's slow path). A slow path's own holes are left out:
/// they are always the helper's, run for this uop, then the jump back to the next uop.
fn brief(s: &mut String, c: &stencil_jit::Compiled, options: Options) {
    let _ = writeln!(
        s,
        "\n  uop                             stencil                             code at  bytes  holes"
    );
    for (i, inst) in c.uops.iter().enumerate() {
        let st = c.stencils[i];
        let kind = match (c.fused_run(i), c.head_of(i)) {
            (Some(run), _) => format!("inline, {} uops", run.len()),
            (None, Some(head)) if c.is_inline(i) => format!("in uop {head}"),
            _ if stencil::is_inline(st) => "inline".to_string(),
            _ => "calls VM".to_string(),
        };
        let holes: Vec<String> = c
            .patches
            .iter()
            .filter(|p| p.uop == i && !p.slow)
            .map(|p| {
                let name = p.symbol.name().trim_start_matches("_JIT_");
                if p.symbol == Symbol::Slow {
                    let at = c
                        .slow
                        .iter()
                        .find(|&&(u, _)| u == i)
                        .map_or(0, |&(_, at)| at);
                    return format!("{name}>+{at:#06x}");
                }
                match p.kind {
                    HoleKind::Abs64 if is_address(p.symbol) => {
                        format!("{name}={}", address(p.value, options))
                    }
                    HoleKind::Abs64 => format!("{name}={}", p.value),
                    HoleKind::Rel32 => match jump_target(c, i, p) {
                        Some(to) => format!("{name}>{to}"),
                        None => format!("{name}>-"),
                    },
                }
            })
            .collect();
        let line = format!(
            "  {i:>3}  {:<26} {:<35} +{:#06x} {:>5}  {}",
            inst.uop.name(),
            format!("{st} ({kind})"),
            c.offsets[i],
            c.offsets[i + 1] - c.offsets[i],
            holes.join(" ")
        );
        let _ = writeln!(s, "{}", line.trim_end());
    }
    if let Some(&(_, first)) = c.slow.first() {
        let uops: Vec<String> = c.slow.iter().map(|(u, _)| u.to_string()).collect();
        let _ = writeln!(
            s,
            "  slow paths from +{first:#06x} (a copy of helper each, then a jmp back), for uops {}",
            uops.join(", ")
        );
    }
}

/// The uop whose code a patched jump lands on, `None` for uop 0 (a jump never taken). A
/// stencil with no bytes shares its offset with the next uop: the uop the hole names wins.
fn jump_target(c: &stencil_jit::Compiled, i: usize, p: &stencil_jit::Patch) -> Option<usize> {
    let addend = stencil::by_name(c.stencils[i])
        .and_then(|st| st.holes.iter().find(|h| h.offset == p.offset))
        .map_or(-4, |h| h.addend);
    // value = target + addend - place, so target = value + place - addend.
    let place = (c.offsets[i] + p.offset as usize) as i64;
    let target = p.value + place - addend;
    let inst = &c.uops[i];
    let named = match p.symbol {
        Symbol::Continue => i + 1,
        Symbol::JumpTarget => usize::from(inst.jump_target),
        Symbol::ErrorTarget => usize::from(inst.error_target),
        _ => 1,
    };
    let to = if c.offsets.get(named).is_some_and(|&o| o as i64 == target) {
        named
    } else {
        c.offsets.iter().position(|&o| o as i64 == target)?
    };
    (to != 0).then_some(to)
}

/// A stencil's bytes, disassembly and holes, indented under its heading.
fn stencil_body(s: &mut String, st: &stencil::Stencil) {
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

/// `explain jit --stencils`: every stencil of this build, as `build.rs` cut it out of the
/// object file (trailing jump stripped, holes still zero), with the uops that use it.
pub fn stencils() -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "The copy-and-patch JIT's stencils: {} compiled from Rust at build time (crates/stencil-jit/stencils/)",
        stencil::STENCILS.len()
    );
    for st in stencil::STENCILS {
        let mut users: Vec<String> = tracer::uops::Uop::ALL
            .iter()
            .filter(|&&u| stencil::name_for(u) == Some(st.name))
            .map(|u| u.name().to_string())
            .collect();
        // A stencil the layout picks by oparg names its uop too.
        let by_oparg = tracer::uops::Uop::ALL
            .iter()
            .find(|&&u| u.base() == u && stencil::oparg_forms(u).contains(&st.name));
        if let Some(u) = by_oparg {
            users.push(format!("{} (picked by its oparg)", u.name()));
        }
        let fused_only = stencil::is_fused_only(st.name);
        let what = if fused_only {
            "inline, fused"
        } else if stencil::is_inline(st.name) {
            "inline"
        } else {
            "calls the VM"
        };
        let _ = writeln!(
            s,
            "\n  stencil {} ({what}), {} bytes, {} hole{}",
            st.name,
            st.code.len(),
            st.holes.len(),
            if st.holes.len() == 1 { "" } else { "s" }
        );
        let runs: Vec<String> = stencil::fusions_by(st.name)
            .map(|f| {
                let parts: Vec<&str> = f.uops.iter().map(|(u, _)| u.name()).collect();
                parts.join(" + ")
            })
            .collect();
        let shown = if fused_only {
            format!("the run {}", runs.join(", the run "))
        } else if users.len() > 6 {
            format!("{} and {} more", users[..6].join(", "), users.len() - 6)
        } else {
            users.join(", ")
        };
        let _ = writeln!(s, "         for      {shown}");
        if !fused_only && !runs.is_empty() {
            let _ = writeln!(s, "         fuses    {}", runs.join(", "));
        }
        stencil_body(&mut s, st);
    }
    s
}

fn totals(s: &mut String, run: &JitRun, options: Options) {
    let uops: usize = run.executors.iter().map(|e| e.compiled.uops.len()).sum();
    let code: usize = run.executors.iter().map(|e| e.compiled.code.len()).sum();
    let nanos: u64 = run.executors.iter().map(|e| e.compiled.nanos).sum();
    let inline: usize = run
        .executors
        .iter()
        .map(|e| {
            let c = &e.compiled;
            (0..c.stencils.len()).filter(|&i| c.is_inline(i)).count()
        })
        .sum();
    let _ = writeln!(
        s,
        "\nstats: {} executors, {uops} uops ({inline} inline, {} calling the VM), {code} bytes of code, 0 bytes of data, {} ns per uop to compile",
        run.executors.len(),
        uops - inline,
        self::nanos(nanos / uops.max(1) as u64, options)
    );
}
