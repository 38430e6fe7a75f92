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

use tracer::code::CodeObject;
use tracer::observe::{Event, SharedRecorder};
use tracer::specialize::{code_id, counter};

/// Each instruction's events, keyed by (code object identity, code-unit index). Keyed by
/// identity, not qualname: two lambdas of one scope share a qualname but not their stories.
type PerSite = BTreeMap<(usize, usize), Vec<Event>>;

/// Arguments of `explain specialize`.
#[derive(Debug, clap::Args)]
pub struct SpecializeArgs {
    /// The Python file to run (default: a built-in iterative Fibonacci; `-` reads stdin).
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

/// A syntax error or unsupported construct, already formatted by the front end as CPython
/// prints it (`File "x.py", line 3` ... or `not supported yet: ... at x.py:2:1`).
#[derive(Debug)]
pub struct CompileFailed(pub String);

impl std::fmt::Display for CompileFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.trim_end())
    }
}

impl std::error::Error for CompileFailed {}

/// Runs the program and prints the story. A program that does not compile is reported as
/// `explain run` reports it (the front end's own text, no `error:` prefix) with status 1.
pub fn run(args: &SpecializeArgs) -> anyhow::Result<()> {
    match render(args) {
        Ok(text) => {
            print!("{text}");
            Ok(())
        }
        Err(err) => match err.downcast_ref::<CompileFailed>() {
            Some(failed) => {
                eprintln!("{failed}");
                std::process::exit(1);
            }
            None => Err(err),
        },
    }
}

/// Runs the program and returns the story as text (or JSON), so `explain tour` can show it.
pub fn render(args: &SpecializeArgs) -> anyhow::Result<String> {
    let (source, filename) = match &args.file {
        Some(p) => {
            let source = crate::source::read(p)?;
            (source.text, source.name)
        }
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
    let code =
        tracer::compile::compile(source, filename).map_err(|e| CompileFailed(e.to_string()))?;
    let recorder = SharedRecorder::default();
    let options = tracer::vm::VmOptions {
        specialize: true,
        stats: true,
        capture_output: true,
        ..Default::default()
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
        let known: Vec<String> = code.walk().iter().map(|c| c.qualname.to_string()).collect();
        anyhow::bail!(
            "no function named '{}' in {filename}; its code objects are: {}",
            function.unwrap_or(""),
            known.join(", ")
        );
    }
    let mut per_site: PerSite = BTreeMap::new();
    for e in events {
        let site = site_of(&e);
        per_site
            .entry((site.code_id, site.index))
            .or_default()
            .push(e);
    }
    match format {
        StoryFormat::Json => Ok(json_story(
            &vm,
            &code,
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
    let line = format!("      {runs:<14} {what}");
    if s.kind.starts_with("deopt") || s.kind == "specialize failed" {
        format!("{}\n", crate::style::failed(&line))
    } else {
        format!("{line}\n")
    }
}

fn text_story(
    vm: &tracer::vm::Vm,
    root: &Rc<CodeObject>,
    codes: &[Rc<CodeObject>],
    per_site: &PerSite,
    output: &str,
    error: Option<&str>,
) -> String {
    let addresses = tracer::dis::Addresses::new(root);
    let addr = |c: &CodeObject| addresses.of(c);
    let mut out = String::new();
    out.push_str("Specialization story (CPython 3.13 rules: warmup 1 tick, cooldown 52, backoff 2^(b+1)-1)\n");
    // The program's lines joined with ` | ` on one line, so the story stays the focus.
    let printed = output.trim_end().replace('\n', " | ");
    out.push_str(&format!(
        "Program output: {}\n",
        if printed.is_empty() {
            "(none)"
        } else {
            &printed
        }
    ));
    if let Some(e) = error {
        out.push_str(&format!(
            "Uncaught exception: {}\n",
            e.lines().last().unwrap_or("")
        ));
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
    out.push_str("\nPer-family counts (pystats):\n");
    out.push_str(&vm.stats.table());
    out
}

/// `--format json`: keys print in this order (structs, not a sorted `serde_json::Value` map).
#[derive(serde::Serialize)]
struct JsonStory<'a> {
    output: &'a str,
    error: Option<&'a str>,
    code: Vec<JsonCode>,
    stats: BTreeMap<&'static str, JsonFamily>,
}

/// One code object: its instructions before and after the run, each with its story.
#[derive(serde::Serialize)]
struct JsonCode {
    qualname: String,
    firstlineno: u32,
    instructions: Vec<JsonInstruction>,
}

#[derive(serde::Serialize)]
struct JsonInstruction {
    offset: usize,
    before: &'static str,
    after: &'static str,
    arg: Option<u32>,
    argrepr: String,
    line: Option<u32>,
    story: Vec<JsonStretch>,
}

/// A folded stretch of runs (`kind` is the fold key, `detail` the sentence of the text form).
#[derive(serde::Serialize)]
struct JsonStretch {
    first_run: usize,
    last_run: usize,
    kind: String,
    detail: String,
}

/// pystats' counters of one family.
#[derive(serde::Serialize)]
struct JsonFamily {
    success: u64,
    failure: u64,
    hit: u64,
    deopt: u64,
    deferred: u64,
}

fn json_story(
    vm: &tracer::vm::Vm,
    root: &Rc<CodeObject>,
    codes: &[Rc<CodeObject>],
    per_site: &PerSite,
    output: &str,
    error: Option<&str>,
) -> String {
    // The same placeholder addresses as the text story and `explain dis`.
    let addresses = tracer::dis::Addresses::new(root);
    let addr = |c: &CodeObject| addresses.of(c);
    let code = codes
        .iter()
        .map(|code| {
            let cold = tracer::dis::get_instructions(code, None, false, &addr);
            let units = vm.adaptive_code(code);
            let warm = tracer::dis::get_instructions(code, units.as_deref(), false, &addr);
            let instructions = cold
                .into_iter()
                .zip(&warm)
                .map(|(c, w)| {
                    let events = per_site.get(&(code_id(code), c.offset / 2));
                    let story = events.map(|e| stretches(e)).unwrap_or_default();
                    JsonInstruction {
                        offset: c.offset,
                        before: c.opname,
                        after: w.opname,
                        arg: c.arg,
                        argrepr: c.argrepr,
                        line: c.line,
                        story: story.into_iter().map(json_stretch).collect(),
                    }
                })
                .collect();
            JsonCode {
                qualname: code.qualname.to_string(),
                firstlineno: code.firstlineno,
                instructions,
            }
        })
        .collect();
    let stats = vm
        .stats
        .families
        .iter()
        .map(|(name, s)| {
            let family = JsonFamily {
                success: s.success,
                failure: s.failure,
                hit: s.hit,
                deopt: s.deopt,
                deferred: s.deferred,
            };
            (*name, family)
        })
        .collect();
    let story = JsonStory {
        output,
        error,
        code,
        stats,
    };
    serde_json::to_string_pretty(&story).unwrap_or_default() + "\n"
}

fn json_stretch(s: Stretch) -> JsonStretch {
    JsonStretch {
        first_run: s.first,
        last_run: s.last,
        kind: s.kind,
        detail: s.detail,
    }
}
