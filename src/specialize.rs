//! `explain specialize [FILE] [--function NAME] [--format text|json]`: the story of PEP 659
//! specialization in one program run.
//!
//! The program runs on the `tracer` VM with an observer attached. Every execution of a
//! specializable instruction becomes one *run*: a generic run that ticks the counter down, an
//! attempt that picks a specialized form (or fails and backs off), a hit of the specialized
//! form, or a deopt (a guard failed; the generic instruction ran instead). Consecutive runs of
//! the same kind are folded ("runs 3-20: 18 hits of BINARY_OP_ADD_INT"), then the listing
//! before and after is printed with the rewritten instructions marked `*`.
//! Without FILE the built-in iterative Fibonacci (`tracer::specialize::FIB_EXAMPLE`) runs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;

use anyhow::Context;
use tracer::code::CodeObject;
use tracer::observe::{Event, SharedRecorder};
use tracer::specialize::counter;

/// Arguments of `explain specialize`.
#[derive(Debug, clap::Args)]
pub struct SpecializeArgs {
    /// The Python file to run (default: a built-in iterative Fibonacci).
    pub file: Option<PathBuf>,

    /// Only tell the story of this function (its name or qualified name).
    #[arg(long, value_name = "NAME")]
    pub function: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = StoryFormat::Text)]
    pub format: StoryFormat,
}

/// `--format` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StoryFormat {
    Text,
    Json,
}

/// Runs the program and prints the story.
pub fn run(args: &SpecializeArgs) -> anyhow::Result<()> {
    print!("{}", render(args)?);
    Ok(())
}

/// Runs the program and returns the story as text (or JSON), so `explain tour` can show it.
pub fn render(args: &SpecializeArgs) -> anyhow::Result<String> {
    let (source, filename) = match &args.file {
        Some(p) => (
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?,
            p.display().to_string(),
        ),
        None => (
            tracer::specialize::FIB_EXAMPLE.to_string(),
            "fib.py".to_string(),
        ),
    };
    let function = args.function.clone();
    let format = args.format;
    tracer::vm::with_big_stack(move || story(&source, &filename, function.as_deref(), format))
}

/// One folded stretch of runs of one instruction.
#[derive(Debug, Clone, PartialEq)]
struct Stretch {
    first: usize,
    last: usize,
    kind: String,
    detail: String,
}

fn story(
    source: &str,
    filename: &str,
    function: Option<&str>,
    format: StoryFormat,
) -> anyhow::Result<String> {
    let code = tracer::compile::compile(source, filename).map_err(|e| anyhow::anyhow!("{e}"))?;
    let recorder = SharedRecorder::default();
    let options = tracer::vm::VmOptions {
        specialize: true,
        stats: true,
        capture_output: true,
    };
    let mut vm = tracer::vm::Vm::new(options);
    vm.set_observer(Box::new(recorder.clone()));
    let result = vm.run_module(&code);
    let program_output = vm.take_output();
    let error = result.err().map(|e| vm.format_traceback(e));
    let events = recorder.0.borrow().clone();
    let codes: Vec<Rc<CodeObject>> = code
        .walk()
        .into_iter()
        .filter(|c| function.is_none_or(|f| &*c.name == f || &*c.qualname == f))
        .collect();
    if codes.is_empty() {
        anyhow::bail!(
            "no function named '{}' in {filename}",
            function.unwrap_or("")
        );
    }
    let mut per_site: BTreeMap<(String, usize), Vec<Event>> = BTreeMap::new();
    for e in events {
        let site = site_of(&e);
        per_site
            .entry((site.qualname.clone(), site.index))
            .or_default()
            .push(e);
    }
    match format {
        StoryFormat::Json => Ok(json_story(
            &vm,
            &codes,
            &per_site,
            &program_output,
            error.as_deref(),
        )),
        StoryFormat::Text => Ok(text_story(
            &vm,
            &code,
            &codes,
            &per_site,
            &program_output,
            error.as_deref(),
        )),
    }
}

fn site_of(e: &Event) -> &tracer::observe::Site {
    match e {
        Event::Tick { site, .. }
        | Event::Attempt { site, .. }
        | Event::Success { site, .. }
        | Event::Failure { site, .. }
        | Event::Deopt { site, .. }
        | Event::Hit { site, .. } => site,
    }
}

fn counter_text(c: u16) -> String {
    format!(
        "{} (value {}, backoff {})",
        c,
        counter::value(c),
        counter::backoff_of(c)
    )
}

/// Splits one instruction's events into runs (one per execution) and folds equal neighbours.
fn stretches(events: &[Event]) -> Vec<Stretch> {
    let mut runs: Vec<Vec<&Event>> = Vec::new();
    let mut open = false;
    for e in events {
        match e {
            Event::Deopt { .. } => {
                runs.push(vec![e]);
                open = true;
            }
            Event::Attempt { .. } => {
                if open {
                    runs.last_mut().expect("open run").push(e);
                } else {
                    runs.push(vec![e]);
                }
                open = true;
            }
            Event::Success { .. } | Event::Failure { .. } => match runs.last_mut() {
                Some(r) if open => r.push(e),
                _ => runs.push(vec![e]),
            },
            Event::Tick { .. } | Event::Hit { .. } => {
                if open {
                    runs.last_mut().expect("open run").push(e);
                } else {
                    runs.push(vec![e]);
                }
                open = false;
            }
        }
    }
    let mut out: Vec<Stretch> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let (kind, detail) = classify(run);
        let n = i + 1;
        if let Some(last) = out.last_mut() {
            let foldable =
                kind == "generic" || kind.starts_with("hit ") || kind.starts_with("deopt ");
            if foldable && last.kind == kind && last.last + 1 == n {
                last.last = n;
                let head = last.detail.split(" .. ").next().unwrap_or("").to_string();
                let tail = detail.rsplit("counter ").next().unwrap_or("").to_string();
                last.detail = if tail.is_empty() || head.is_empty() {
                    head
                } else {
                    format!("{head} .. {tail}")
                };
                continue;
            }
        }
        out.push(Stretch {
            first: n,
            last: n,
            kind,
            detail,
        });
    }
    out
}

/// A key (equal keys fold together) and a sentence for one run.
fn classify(run: &[&Event]) -> (String, String) {
    let mut deopt = None;
    let mut attempt = None;
    let mut parts = Vec::new();
    for e in run {
        match e {
            Event::Deopt {
                form,
                guard,
                operands,
                ..
            } => {
                deopt = Some(*form);
                parts.push(format!("{guard} for ({operands})"));
            }
            Event::Attempt { operands, .. } => {
                attempt = Some(operands.clone());
                parts.push(format!("counter reached 0, operands ({operands})"));
            }
            Event::Success { form, .. } => {
                parts.push(format!(
                    "rewritten to {form}, counter = {}",
                    counter_text(counter::COOLDOWN)
                ));
            }
            Event::Failure {
                reason, counter: c, ..
            } => {
                parts.push(format!(
                    "no form fits ({reason}), back off: counter = {}",
                    counter_text(*c)
                ));
            }
            Event::Tick { counter: c, .. } => {
                parts.push(format!("generic run, counter {}", counter::value(*c)))
            }
            Event::Hit { .. } => {}
        }
    }
    let kind = match (run.first(), deopt, &attempt) {
        (_, _, Some(_)) => {
            let outcome = run.iter().find_map(|e| match e {
                Event::Success { form, .. } => Some(format!("specialize -> {form}")),
                Event::Failure { .. } => Some("specialize failed".to_string()),
                _ => None,
            });
            let base = outcome.unwrap_or_else(|| "attempt".into());
            if let Some(form) = deopt {
                format!("deopt {form} + re-{base}")
            } else {
                base
            }
        }
        (_, Some(form), None) => format!("deopt {form}"),
        (Some(Event::Hit { form, .. }), _, _) => format!("hit {form}"),
        _ => "generic".to_string(),
    };
    (kind, parts.join("; "))
}

fn describe(s: &Stretch) -> String {
    let runs = if s.first == s.last {
        format!("run {}", s.first)
    } else {
        format!("runs {}-{}", s.first, s.last)
    };
    let count = s.last - s.first + 1;
    let what = if let Some(form) = s.kind.strip_prefix("hit ") {
        if count == 1 {
            format!("hit {form}")
        } else {
            format!("{count} hits of {form}")
        }
    } else if s.kind == "generic" {
        s.detail.clone()
    } else if count > 1 {
        format!("{} ({count}x): {}", s.kind, s.detail)
    } else {
        format!("{}: {}", s.kind, s.detail)
    };
    format!("      {runs:<14} {what}\n")
}

fn text_story(
    vm: &tracer::vm::Vm,
    root: &Rc<CodeObject>,
    codes: &[Rc<CodeObject>],
    per_site: &BTreeMap<(String, usize), Vec<Event>>,
    output: &str,
    error: Option<&str>,
) -> String {
    let addresses = tracer::dis::Addresses::new(root);
    let addr = |c: &CodeObject| addresses.of(c);
    let mut out = String::new();
    out.push_str("Specialization story (CPython 3.13 rules: warmup 1 tick, cooldown 52, backoff 2^(b+1)-1)\n");
    out.push_str(&format!(
        "Program output: {}\n",
        output.trim_end().replace('\n', " | ")
    ));
    if let Some(e) = error {
        out.push_str(&format!(
            "Uncaught exception: {}\n",
            e.lines().last().unwrap_or("")
        ));
    }
    for code in codes {
        out.push_str(&format!(
            "\n== {} (line {}) ==\n",
            code.qualname, code.firstlineno
        ));
        let cold = tracer::dis::get_instructions(code, None, false, &addr);
        for ins in &cold {
            let Some(events) = per_site.get(&(code.qualname.to_string(), ins.offset / 2)) else {
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
            let mark = if c.opname != w.opname { "*" } else { " " };
            out.push_str(&format!(
                "  {:>4} {:<32} {mark} {}\n",
                c.offset, c.opname, w.opname
            ));
        }
    }
    out.push_str("\nPer-family counts (pystats):\n");
    out.push_str(&vm.stats.table());
    out
}

fn json_story(
    vm: &tracer::vm::Vm,
    codes: &[Rc<CodeObject>],
    per_site: &BTreeMap<(String, usize), Vec<Event>>,
    output: &str,
    error: Option<&str>,
) -> String {
    let addr = |_: &CodeObject| 0u64;
    let mut code_out = Vec::new();
    for code in codes {
        let cold = tracer::dis::get_instructions(code, None, false, &addr);
        let units = vm.adaptive_code(code);
        let warm = tracer::dis::get_instructions(code, units.as_deref(), false, &addr);
        let mut instrs = Vec::new();
        for (c, w) in cold.iter().zip(&warm) {
            let events = per_site.get(&(code.qualname.to_string(), c.offset / 2));
            let story: Vec<serde_json::Value> = events
                .map(|e| stretches(e))
                .unwrap_or_default()
                .iter()
                .map(|s| serde_json::json!({"first_run": s.first, "last_run": s.last, "kind": s.kind, "detail": s.detail}))
                .collect();
            instrs.push(serde_json::json!({
                "offset": c.offset, "before": c.opname, "after": w.opname, "arg": c.arg,
                "argrepr": c.argrepr, "line": c.line, "story": story,
            }));
        }
        code_out.push(serde_json::json!({"qualname": &*code.qualname, "firstlineno": code.firstlineno, "instructions": instrs}));
    }
    let families: serde_json::Map<String, serde_json::Value> = vm
        .stats
        .families
        .iter()
        .map(|(k, s)| {
            (k.to_string(), serde_json::json!({"success": s.success, "failure": s.failure, "hit": s.hit, "deopt": s.deopt, "deferred": s.deferred}))
        })
        .collect();
    let v =
        serde_json::json!({"output": output, "error": error, "code": code_out, "stats": families});
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
