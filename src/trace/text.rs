//! The text story of `explain trace`: one section per optimization attempt (a hot loop, or a
//! hot side exit), in the order they happened, then a table of every executor.
//!
//! Each section follows CPython's pipeline: (1) projection, instruction by instruction, with
//! the uops each one became and why projection stopped; (2) the optimizer's passes, as what
//! each changed per instruction; (3) the executor: its uops with the stub each guard jumps
//! to; (4) what the executor did when it ran (entries, loop iterations, exits taken, side
//! traces linked). `--verbose` adds the raw `PYTHON_LLTRACE=2` log of the attempt.

use std::fmt::Write as _;

use tracer::trace::log::Line;
use tracer::trace::Log;
use tracer::uops::{Format, Uop, UopInst};

use super::model::TraceRun;
use crate::style;

/// Renders the whole story.
pub fn render(run: &TraceRun, verbose: bool) -> String {
    let mut out = String::new();
    let made = run.attempts.iter().filter(|l| l.made.is_some()).count();
    let scope = match &run.function {
        Some(f) => format!(" (traces starting in {f})"),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "{}",
        style::heading(&format!(
            "Tier 2 in {}{scope}: {} optimization attempt{}, {made} executor{} built",
            run.filename,
            run.attempts.len(),
            plural(run.attempts.len()),
            plural(made),
        ))
    );
    out.push_str("\nProgram output:\n");
    for line in run.output.lines().take(12) {
        let _ = writeln!(out, "    {line}");
    }
    if run.output.lines().count() > 12 {
        let _ = writeln!(
            out,
            "    {}",
            style::dim(&format!(
                "... ({} lines in all)",
                run.output.lines().count()
            ))
        );
    }
    if let Some(last) = &run.ending.uncaught {
        let _ = writeln!(out, "    {last}  (uncaught; the traceback is on stderr)");
    }
    if run.attempts.is_empty() {
        out.push_str(
            "\nNo loop got hot: a loop is projected when its JUMP_BACKWARD has run 17 times\n\
             (the counter starts at 16 and triggers on the next jump after it reaches 0).\n",
        );
    }
    for (n, log) in run.attempts.iter().enumerate() {
        attempt(&mut out, n + 1, log, verbose);
    }
    if made > 0 {
        summary(&mut out, run);
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The tier-1 instruction a log starts at: (opcode name as found, source line).
fn start_instruction(log: &Log) -> (String, Option<u32>) {
    log.lines
        .iter()
        .find_map(|l| match l {
            Line::Instr {
                opcode,
                oparg,
                line,
                ..
            } => Some((format!("{} {oparg}", opcode.name()), *line)),
            _ => None,
        })
        .unwrap_or_default()
}

/// One attempt: header, projection, passes, executor, run.
fn attempt(out: &mut String, n: usize, log: &Log, verbose: bool) {
    let (first, line) = start_instruction(log);
    let line = line.map_or(String::new(), |l| format!("line {l} of "));
    let title = match log.from_exit {
        None => format!(
            "Attempt {n}: the loop at {line}{} ({first} at offset {})",
            log.qualname,
            2 * log.start
        ),
        Some((e, x)) => format!(
            "Attempt {n}: a side trace for exit {x} of executor #{e}, at {line}{} ({first} at offset {})",
            log.qualname,
            2 * log.start
        ),
    };
    let _ = writeln!(out, "\n{}", style::heading(&title));
    match log.from_exit {
        None => out.push_str(
            "The loop's JUMP_BACKWARD counter reached zero, so tier 1 hands the loop to the\n\
             optimizer, starting at the jump itself.\n",
        ),
        Some(_) => out.push_str(
            "That exit was taken often enough for its temperature to reach zero: a new trace\n\
             starts where the exit returns to tier 1, and the exit is linked to it.\n",
        ),
    }
    projection(out, log);
    if let Some(why) = &log.failure {
        let _ = writeln!(out, "No executor: {why}.");
    } else {
        passes(out, log);
        if let (Some(uops), Some(id)) = (&log.executor, log.executor_id) {
            executor(out, id, log, uops);
        }
        if let Some(exec) = &log.made {
            ran(out, exec);
        }
    }
    if verbose {
        out.push_str("\nThe attempt as CPython's PYTHON_LLTRACE=2 prints it:\n");
        for l in log.lltrace().lines() {
            let _ = writeln!(out, "    {l}");
        }
    }
}

/// The projection table: each tier-1 instruction and the uops it became.
fn projection(out: &mut String, log: &Log) {
    let adds = log
        .lines
        .iter()
        .filter(|l| matches!(l, Line::Add(..)))
        .count();
    let _ = writeln!(
        out,
        "\n1. Projection: each instruction becomes its micro-ops ({adds} uops)"
    );
    let _ = writeln!(
        out,
        "   {:>6} {:>4}  {:<30} uops",
        "offset", "line", "instruction"
    );
    let mut row: Option<(String, Vec<String>)> = None;
    let mut notes: Vec<String> = Vec::new();
    let flush =
        |out: &mut String, row: &mut Option<(String, Vec<String>)>, notes: &mut Vec<String>| {
            if let Some((head, uops)) = row.take() {
                let uops = if uops.is_empty() {
                    style::dim("(none)").to_string()
                } else {
                    uops.join(" ")
                };
                let _ = writeln!(out, "   {head} {uops}");
            }
            for n in notes.drain(..) {
                let _ = writeln!(out, "   {:>6} {:>4}  {}", "", "", style::dim(&n));
            }
        };
    let mut first_function: Option<String> = None;
    for l in &log.lines {
        match l {
            Line::Instr {
                index,
                opcode,
                oparg,
                qualname,
                line,
            } => {
                flush(out, &mut row, &mut notes);
                let first = first_function.get_or_insert_with(|| qualname.to_string());
                let name = if qualname.as_ref() == first.as_str() {
                    format!("{} {oparg}", opcode.name())
                } else {
                    format!("{} {oparg} [{qualname}]", opcode.name())
                };
                let line = line.map_or("-".to_string(), |l| l.to_string());
                row = Some((
                    format!("{:>6} {line:>4}  {name:<30}", 2 * index),
                    Vec::new(),
                ));
            }
            Line::Add(_, inst) => {
                let text = short_uop(inst);
                match row.as_mut() {
                    Some((_, uops)) => uops.push(text),
                    None => notes.push(format!("{text} (the executor's entry)")),
                }
            }
            Line::Note(text) => {
                if text.starts_with("Optimizing ") || text.starts_with("Created a proto-trace") {
                    continue;
                }
                notes.push(text.clone());
            }
        }
    }
    flush(out, &mut row, &mut notes);
    if let Some(stop) = log.stop {
        let _ = writeln!(out, "   Projection stopped: {}.", stop_reason(stop.name()));
    }
}

/// A uop as the tables show it: name, and its oparg when it has one that matters.
fn short_uop(inst: &UopInst) -> String {
    let name = inst.uop.name();
    // A replica (`_LOAD_FAST_3`) carries its oparg in its name.
    if inst.uop.meta().flags & tracer::uops::flags::ARG != 0 && inst.uop.base() == inst.uop {
        format!("{name}({})", inst.oparg)
    } else {
        name.to_string()
    }
}

fn stop_reason(name: &str) -> String {
    match name {
        "closed loop" => {
            "the loop closed: back at its start, so the trace ends in _JUMP_TO_TOP".into()
        }
        "inner loop" => {
            "a JUMP_BACKWARD that does not lead to where this trace started (an inner loop, or \
             the loop of a side trace); the trace exits there"
                .into()
        }
        "unsupported opcode" => {
            "an instruction with no micro-op form; the trace exits to tier 1 there".into()
        }
        "trace stack underflow" => {
            "a return from the function the trace started in; the trace exits there".into()
        }
        "unknown callee" => {
            "a call whose function the version cache does not know; the trace exits there".into()
        }
        other => other.to_string(),
    }
}

/// The optimizer's passes, as per-instruction changes.
fn passes(out: &mut String, log: &Log) {
    let Some((_, last)) = log.passes.last() else {
        return;
    };
    let _ = writeln!(
        out,
        "\n2. Optimizer: {} uops in, {} out",
        log.proto.len(),
        last.iter().filter(|u| u.uop != Uop::_NOP).count()
    );
    let mut before: &[UopInst] = &log.proto;
    for (name, after) in &log.passes {
        let changes = changes(before, after);
        if changes.is_empty() {
            let _ = writeln!(out, "   {name:<22} {}", style::dim("no change"));
        } else {
            for (i, c) in changes.iter().enumerate() {
                let label = if i == 0 { *name } else { "" };
                let _ = writeln!(out, "   {label:<22} {c}");
            }
        }
        before = after;
    }
}

/// Consecutive uops with the same target: one tier-1 instruction's uops.
fn groups(uops: &[UopInst]) -> Vec<(u32, Vec<&UopInst>)> {
    let mut out: Vec<(u32, Vec<&UopInst>)> = Vec::new();
    for u in uops.iter().filter(|u| u.uop != Uop::_NOP) {
        match out.last_mut() {
            Some((t, list)) if *t == u.target => list.push(u),
            _ => out.push((u.target, vec![u])),
        }
    }
    out
}

/// What a pass changed, one line per instruction whose uops differ ("offset 40: A B -> A").
/// Groups are aligned by target, in order; a group a pass removed entirely shows as `-> (none)`.
fn changes(before: &[UopInst], after: &[UopInst]) -> Vec<String> {
    let (b, a) = (groups(before), groups(after));
    let mut out = Vec::new();
    let mut j = 0;
    // Collapse "dropped _CHECK_VALIDITY_AND_SET_IP" style lines that repeat.
    let mut dropped_only: std::collections::BTreeMap<String, usize> = Default::default();
    for (target, old) in &b {
        let new = match a.get(j) {
            Some((t, list)) if t == target => {
                j += 1;
                list.clone()
            }
            _ => Vec::new(),
        };
        let names = |l: &[&UopInst]| -> Vec<String> {
            let mut v: Vec<String> = l.iter().map(|u| short_uop(u)).collect();
            // The per-instruction bookkeeping uop says nothing about what changed.
            if v.first().is_some_and(|n| n == "_CHECK_VALIDITY_AND_SET_IP") {
                v.remove(0);
            }
            v
        };
        let (old_names, new_names) = (names(old), names(&new));
        if old_names == new_names {
            // Only the bookkeeping uop went.
            if old.len() != new.len() {
                *dropped_only
                    .entry("_CHECK_VALIDITY_AND_SET_IP".into())
                    .or_default() += 1;
            }
            continue;
        }
        if old_names == new_names {
            continue;
        }
        // Only uops removed, the rest kept in order: name what was dropped.
        let kept_in_order = {
            let mut it = old_names.iter();
            new_names.iter().all(|n| it.any(|o| o == n))
        };
        if kept_in_order {
            let dropped: Vec<&String> = old_names
                .iter()
                .filter(|o| !new_names.contains(o))
                .collect();
            let bookkeeping = dropped.iter().all(|d| {
                d.starts_with("_SET_IP")
                    || d.starts_with("_CHECK_VALIDITY")
                    || d.starts_with("_CHECK_VALIDITY_AND_SET_IP")
            });
            if bookkeeping && !dropped.is_empty() {
                let key = dropped
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                *dropped_only.entry(key).or_default() += 1;
                continue;
            }
            let what = dropped
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let why = why_changed(&dropped, &[]);
            out.push(format!("offset {:>4}: dropped {what}{why}", 2 * target));
        } else {
            let show = |l: &[String]| {
                if l.is_empty() {
                    "(none)".to_string()
                } else {
                    l.join(" ")
                }
            };
            let gone: Vec<&String> = old_names
                .iter()
                .filter(|o| !new_names.contains(o))
                .collect();
            let came: Vec<&String> = new_names
                .iter()
                .filter(|n| !old_names.contains(n))
                .collect();
            out.push(format!(
                "offset {:>4}: {} -> {}{}",
                2 * target,
                show(&old_names),
                show(&new_names),
                why_changed(&gone, &came)
            ));
        }
    }
    for (what, count) in dropped_only {
        out.push(format!(
            "dropped {what} at {count} instruction{} (bookkeeping the trace does not need)",
            plural(count)
        ));
    }
    out
}

/// A short reason for the common rewrites of CPython 3.13's optimizer (empty when there is
/// no stock explanation).
fn why_changed(gone: &[&String], came: &[&String]) -> String {
    let has = |l: &[&String], p: &str| l.iter().any(|n| n.starts_with(p));
    let why = if has(came, "_LOAD_CONST_INLINE") && has(gone, "_LOAD_GLOBAL") {
        "the global's value is baked in; its dict is watched instead of checked"
    } else if has(came, "_LOAD_CONST_INLINE_BORROW") {
        "the constant is inlined, immortal so no reference counting"
    } else if has(came, "_LOAD_CONST_INLINE") {
        "the constant is inlined"
    } else if has(gone, "_GUARD_BOTH_") && (has(came, "_GUARD_NOS_") || has(came, "_GUARD_TOS_")) {
        "one operand's type is already known: only the other is checked"
    } else if has(gone, "_GUARD_BOTH_") || has(gone, "_GUARD_NOS_") || has(gone, "_GUARD_TOS_") {
        "both operands' types are already known"
    } else if has(gone, "_GUARD_GLOBALS_VERSION") || has(gone, "_GUARD_BUILTINS_VERSION") {
        "the dict is watched: a change invalidates the executor instead"
    } else if has(gone, "_CHECK_FUNCTION") {
        "the function is known while the executor is valid"
    } else if has(gone, "_CHECK_STACK_SPACE") {
        "stack space is checked once, for the whole trace"
    } else if has(gone, "_CHECK_PEP_523") {
        "no frame-evaluation hook is installed"
    } else if has(gone, "_POP_TOP") || has(gone, "_LOAD_") {
        "a value pushed and then popped unused: both go"
    } else {
        ""
    };
    if why.is_empty() {
        String::new()
    } else {
        format!("  ({why})")
    }
}

/// The executor listing: the trace, then its stubs, each guard pointing at its stub.
fn executor(out: &mut String, id: usize, log: &Log, uops: &[UopInst]) {
    let (first, _) = start_instruction(log);
    let _ = writeln!(
        out,
        "\n3. Executor #{id}: {} uops, installed at offset {} (ENTER_EXECUTOR replaces {first})",
        uops.len(),
        2 * log.start
    );
    let end = uops
        .iter()
        .position(|u| {
            matches!(
                u.uop,
                Uop::_JUMP_TO_TOP | Uop::_EXIT_TRACE | Uop::_DYNAMIC_EXIT
            )
        })
        .map_or(uops.len(), |p| p + 1);
    for (i, u) in uops.iter().enumerate() {
        if i == end {
            let _ = writeln!(
                out,
                "   {}",
                style::dim("stubs (where a failed guard or an error goes):")
            );
        }
        let text = short_uop(u);
        let note = if i < end {
            trace_note(u, uops)
        } else {
            stub_note(u)
        };
        let _ = writeln!(out, "   {i:>3} {text:<36} {}", style::dim(&note));
    }
}

/// What a uop in the trace does with its guard or error.
fn trace_note(u: &UopInst, uops: &[UopInst]) -> String {
    match u.uop {
        Uop::_JUMP_TO_TOP => return "back to the top of the trace".into(),
        Uop::_START_EXECUTOR => return "checks the executor is still valid".into(),
        Uop::_EXIT_TRACE => return format!("leaves the trace: exit {}", u.exit_index),
        Uop::_DYNAMIC_EXIT => {
            return format!(
                "leaves the trace where the new frame resumes: exit {}",
                u.oparg
            )
        }
        _ => {}
    }
    let mut parts = Vec::new();
    if u.format == Format::Jump
        && u.uop.meta().flags & (tracer::uops::flags::EXIT | tracer::uops::flags::DEOPT) != 0
    {
        let stub = usize::from(u.jump_target);
        let kind = uops.get(stub).map_or("?", |s| s.uop.name());
        parts.push(format!("fails -> #{stub} {kind}"));
    }
    if u.uop.meta().flags & tracer::uops::flags::ERROR != 0 && u.error_target != 0 {
        parts.push(format!("error -> #{}", u.error_target));
    }
    parts.join(", ")
}

/// What a stub does.
fn stub_note(u: &UopInst) -> String {
    match u.uop {
        Uop::_DEOPT => format!("back to tier 1 at offset {}", 2 * u.target),
        Uop::_EXIT_TRACE => format!(
            "side exit {}: tier 1 at offset {} until hot, then a side trace",
            u.exit_index,
            2 * exit_target(u)
        ),
        Uop::_ERROR_POP_N => format!(
            "raise: pop {} and unwind from offset {}",
            u.oparg,
            2 * u.operand.int()
        ),
        _ => String::new(),
    }
}

/// An `_EXIT_TRACE` stub's tier-1 target (kept in `target` before exits are numbered).
fn exit_target(u: &UopInst) -> u32 {
    u.target
}

/// What the executor did at run time.
fn ran(out: &mut String, exec: &tracer::executor::Executor) {
    let st = exec.stats.borrow();
    let _ = writeln!(
        out,
        "\n4. At run time: entered {} time{}, {} loop iteration{} inside the trace{}",
        st.entered,
        plural(st.entered as usize),
        st.iterations,
        plural(st.iterations as usize),
        if exec.valid.get() {
            ""
        } else {
            "; later invalidated (a dict it depends on changed)"
        }
    );
    for (i, exit) in exec.exits.iter().enumerate() {
        let taken = st.exits_taken.get(i).copied().unwrap_or(0);
        if taken == 0 {
            continue;
        }
        let dynamic = exec
            .uops
            .iter()
            .any(|u| u.uop == Uop::_DYNAMIC_EXIT && u.oparg as usize == i);
        if dynamic {
            let _ = writeln!(
                out,
                "   dynamic exit {i} (into the frame it pushed) taken {taken} time{}",
                plural(taken as usize)
            );
            continue;
        }
        let linked = match exit.executor.borrow().as_ref() {
            Some(next) => format!(", linked to executor #{}", next.id),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "   exit {i} (to offset {}) taken {taken} time{}{linked}",
            2 * exit.target,
            plural(taken as usize)
        );
    }
    if st.deopts > 0 {
        let _ = writeln!(
            out,
            "   _DEOPT stubs taken {} time{}",
            st.deopts,
            plural(st.deopts as usize)
        );
    }
    if st.errors > 0 {
        let _ = writeln!(out, "   errors raised inside the trace: {}", st.errors);
    }
}

/// The table of every executor, then tier 2's counters.
fn summary(out: &mut String, run: &TraceRun) {
    let _ = writeln!(out, "\n{}", style::heading("Executors"));
    let _ = writeln!(
        out,
        "   {:>3}  {:<28} {:>6} {:>5} {:>8} {:>10} {:>6}  kind",
        "#", "where", "offset", "uops", "entered", "iterations", "exits"
    );
    for log in &run.attempts {
        let Some(exec) = &log.made else { continue };
        let st = exec.stats.borrow();
        let exits: u64 = st.exits_taken.iter().sum();
        let kind = match log.from_exit {
            None => "loop".to_string(),
            Some((e, x)) => format!("side trace of #{e} exit {x}"),
        };
        let valid = if exec.valid.get() {
            ""
        } else {
            " (invalidated)"
        };
        let _ = writeln!(
            out,
            "   {:>3}  {:<28} {:>6} {:>5} {:>8} {:>10} {:>6}  {kind}{valid}",
            exec.id,
            log.qualname,
            2 * log.start,
            exec.uops.len(),
            st.entered,
            st.iterations,
            exits
        );
    }
    let _ = writeln!(out);
    out.push_str(&run.stats.table(run.invalidated));
}
