//! `explain specialize`'s text form: for each code object shown, every specializable
//! instruction with its folded story, the listing before and after the run (rewritten rows
//! marked `*`), then the pystats table of those code objects with a note on what its columns
//! count, so that the story's numbers and the table's can be checked against each other.

use tracer::code::CodeObject;
use tracer::specialize::code_id;

use super::stretch::{describe, stretches};
use super::Outcome;

/// The story as text: the header, per code object its instructions' stretches and the
/// listing before and after, then the pystats table with what its columns count.
pub fn text_story(run: &Outcome) -> String {
    let Outcome {
        vm,
        root,
        codes,
        per_site,
        ..
    } = run;
    let addresses = tracer::dis::Addresses::new(root);
    let addr = |c: &CodeObject| addresses.of(c);
    let mut out = String::new();
    out.push_str("Specialization story (CPython 3.13 rules: warmup 1 tick, cooldown 52, backoff 2^(b+1)-1)\n");
    // The program's lines joined with ` | ` on one line, so the story stays the focus.
    let printed = run.output.trim_end().replace('\n', " | ");
    out.push_str(&format!(
        "Program output: {}\n",
        if printed.is_empty() {
            "(none)"
        } else {
            &printed
        }
    ));
    if let Some(last) = &run.ending.uncaught {
        out.push_str(&format!("Uncaught exception: {last}\n"));
    } else if run.ending.status != 0 {
        out.push_str(&format!("SystemExit: exit status {}\n", run.ending.status));
    }
    for code in codes {
        let title = format!("== {} (line {}) ==", code.qualname, code.firstlineno);
        out.push_str(&format!("\n{}\n", crate::style::heading(&title)));
        let cold = tracer::dis::get_instructions(code, None, false, &addr);
        for ins in &cold {
            let Some(events) = per_site.get(&(code_id(code), ins.offset / 2)) else {
                continue;
            };
            out.push_str(&format!(
                "  {:>4} {} {}{}  (line {})\n",
                ins.offset,
                ins.opname,
                ins.arg.map(|a| a.to_string()).unwrap_or_default(),
                if ins.argrepr.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", ins.argrepr)
                },
                ins.line
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "-".into())
            ));
            for s in stretches(events) {
                out.push_str(&describe(&s));
            }
        }
        let units = vm.adaptive_code(code);
        let warm = tracer::dis::get_instructions(code, units.as_deref(), false, &addr);
        out.push_str("\n  before                                after\n");
        for (c, w) in cold.iter().zip(&warm) {
            let row = if c.opname != w.opname {
                let row = format!("  {:>4} {:<32} * {}", c.offset, c.opname, w.opname);
                crate::style::rewritten(&row).to_string()
            } else {
                format!("  {:>4} {:<32}   {}", c.offset, c.opname, w.opname)
            };
            out.push_str(&row);
            out.push('\n');
        }
    }
    out.push_str(&stats_table(run));
    out
}

/// The pystats table of the code objects shown, and a note on how its columns relate to the
/// stretches above (a run that specializes counts as one hit: it runs the new form at once).
fn stats_table(run: &Outcome) -> String {
    let scope = match &run.function {
        Some(name) => format!("of {name} only"),
        None => "of the whole program".to_string(),
    };
    let mut out = format!("\nPer-family counts (pystats) {scope}:\n");
    if run.stats.families.is_empty() {
        out.push_str("(none: no specializable instruction ran)\n");
        return out;
    }
    out.push_str(&run.stats.table());
    out.push_str(
        "hit: runs of a specialized form, the run that specialized included (\"then runs it\");\n\
         deferred: generic runs that ticked the counter down, after a deopt or a failed attempt too.\n",
    );
    out
}
