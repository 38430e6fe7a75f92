//! `explain jit [FILE] [--format text|json]`: the copy-and-patch JIT at work on one program.
//!
//! The program runs with tier 2 on and the `stencil-jit` backend recording each compilation
//! (`stencil_jit::Compiled`: the stencil chosen for each uop, every hole patched and why, the
//! finished bytes). This module only renders those records: per executor, per uop, the
//! stencil's bytes, disassembly and holes, the values patched in, then the whole trace's
//! disassembly with stencil boundaries, and the stats. Without FILE the built-in iterative
//! Fibonacci of `explain trace` runs. On targets without stencils it prints one notice.

mod text;

use std::path::PathBuf;

use serde_json::{json, Value as Json};
use stencil_jit::stencil::{self, Stencil};
use stencil_jit::Compiled;

/// Arguments of `explain jit`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  explain jit                                the built-in Fibonacci loop
  explain jit tests/programs/sieve.py        every trace compiled in a program
  explain jit --format json                  the same data as JSON
  explain jit --brief                        one line per uop: its stencil, place and holes
  explain jit --stencils                     every stencil of this build (no program is run)
  explain jit --redact                       addresses and timings as placeholders")]
pub struct JitArgs {
    /// The Python file to run (default: the built-in iterative Fibonacci; `-` reads stdin).
    pub file: Option<PathBuf>,

    /// Output format: the step-by-step story, or JSON.
    #[arg(long, value_enum, default_value_t = JitFormat::Text)]
    pub format: JitFormat,

    /// The stress mode of `explain run --tier 2 --trace-every-loop`.
    #[arg(long)]
    pub trace_every_loop: bool,

    /// One line per uop (its stencil, where its code goes, what each hole became) instead of
    /// every stencil's bytes and disassembly and the finished trace (text format only).
    #[arg(long)]
    pub brief: bool,

    /// List every stencil of this build (bytes, disassembly, holes) instead of running a
    /// program.
    #[arg(long, conflicts_with_all = ["file", "brief", "trace_every_loop"])]
    pub stencils: bool,

    /// Print addresses and timings as `[address]` and `[t]`, so that the output is the same
    /// on every run (as in the book and the tour); text format only.
    #[arg(long)]
    pub redact: bool,
}

/// `--format` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum JitFormat {
    Text,
    Json,
}

/// One compiled executor and what it did afterwards.
pub struct Shown {
    pub compiled: Compiled,
    /// (entered, loop iterations), if the executor was still alive at the end.
    pub executions: Option<(u64, u64)>,
}

/// One program run under the JIT.
pub struct JitRun {
    pub filename: String,
    pub output: String,
    pub ending: crate::program::Ending,
    pub executors: Vec<Shown>,
}

/// Runs the program and prints the view.
pub fn run(args: &JitArgs) -> anyhow::Result<()> {
    if !stencil_jit::supported() {
        crate::style::print_stdout(&format!("{}\n", stencil_jit::NOTICE))?;
        return Ok(());
    }
    if args.stencils && args.format == JitFormat::Text {
        return crate::style::print_stdout(&text::stencils());
    }
    match view(args)? {
        Ok((text, ending)) => {
            crate::style::print_stdout(&text)?;
            eprint!("{}", ending.stderr);
            crate::program::exit_with(ending.status)
        }
        Err(compile_error) => crate::program::report_compile_error(&compile_error),
    }
}

/// The view as text (for the tour): a program's own failure is an error here.
pub fn render(args: &JitArgs) -> anyhow::Result<String> {
    if !stencil_jit::supported() {
        return Ok(format!("{}\n", stencil_jit::NOTICE));
    }
    if args.stencils && args.format == JitFormat::Text {
        return Ok(text::stencils());
    }
    match view(args)? {
        Ok((text, _)) => Ok(text),
        Err(compile_error) => anyhow::bail!("{}", compile_error.trim_end()),
    }
}

/// The view and how the program ended, or the text of a compile error.
type Viewed = Result<(String, crate::program::Ending), String>;

fn view(args: &JitArgs) -> anyhow::Result<Viewed> {
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
    let (every, format) = (args.trace_every_loop, args.format);
    let options = text::Options {
        brief: args.brief,
        redact: args.redact,
    };
    tracer::vm::with_big_stack(move || -> anyhow::Result<Viewed> {
        let run = match record(&source, &filename, every) {
            Ok(run) => run,
            Err(text) => return Ok(Err(text)),
        };
        let text = match format {
            JitFormat::Text => text::render(&run, options),
            JitFormat::Json => serde_json::to_string_pretty(&to_json(&run))? + "\n",
        };
        Ok(Ok((text, run.ending)))
    })
}

/// Compiles and runs `source` with the recording JIT.
pub fn record(source: &str, filename: &str, every_loop: bool) -> Result<JitRun, String> {
    let code = crate::program::compile(source, filename)?;
    let mut vm = tracer::vm::Vm::new(tracer::vm::VmOptions {
        specialize: true,
        stats: false,
        capture_output: true,
        tier2: true,
        trace_every_loop: every_loop,
    });
    let (jit, log) = stencil_jit::Jit::recording();
    vm.tier2.backend = std::rc::Rc::new(jit);
    let result = vm.run_module(&code);
    let output = vm.take_output();
    let ending = crate::program::ending(&mut vm, result);
    let live: Vec<_> = vm
        .tier2
        .executors
        .iter()
        .filter_map(|e| e.upgrade())
        .collect();
    let executors = log
        .borrow()
        .iter()
        .map(|c| Shown {
            compiled: c.clone(),
            executions: live.iter().find(|e| e.id == c.executor).map(|e| {
                let s = e.stats.borrow();
                (s.entered, s.iterations)
            }),
        })
        .collect();
    Ok(JitRun {
        filename: filename.to_string(),
        output,
        ending,
        executors,
    })
}

/// The stencil used by uop `i` of `c`.
fn stencil_of(c: &Compiled, i: usize) -> &'static Stencil {
    stencil::by_name(c.stencils[i]).expect("a compiled trace only uses known stencils")
}

fn to_json(run: &JitRun) -> Json {
    let executors: Vec<Json> = run.executors.iter().map(executor_json).collect();
    json!({
        "file": run.filename,
        "output": run.output,
        "stencils": stencil::STENCILS.iter().map(|s| json!({
            "name": s.name,
            "inline": stencil::is_inline(s.name),
            "fuses": stencil::fusions_by(s.name).map(|f| f.uops.iter().map(|(u, _)| u.name()).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "bytes": text::hex(s.code),
            "disassembly": text::disassemble(s.code, 0).iter().map(|(o, t)| format!("{o:04x}  {t}")).collect::<Vec<_>>(),
            "holes": s.holes.iter().map(|h| json!({
                "offset": h.offset, "kind": h.kind, "symbol": h.symbol.name(), "addend": h.addend,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "executors": executors,
    })
}

fn executor_json(shown: &Shown) -> Json {
    let c = &shown.compiled;
    let uops: Vec<Json> = c
        .uops
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let patches: Vec<Json> = c
                .patches
                .iter()
                .filter(|p| p.uop == i)
                .map(|p| {
                    json!({"offset": p.offset, "kind": p.kind, "symbol": p.symbol.name(),
                           "value": p.value, "why": p.why, "slow_path": p.slow})
                })
                .collect();
            json!({
                "index": i,
                "uop": u.to_string(),
                "stencil": c.stencils[i],
                "offset": c.offsets[i],
                "size": c.offsets[i + 1] - c.offsets[i],
                "slow_path": c.slow.iter().find(|&&(u, _)| u == i).map(|&(_, at)| at),
                "patches": patches,
            })
        })
        .collect();
    json!({
        "executor": c.executor,
        "qualname": c.qualname,
        "offset": c.offset,
        "code_bytes": c.code.len(),
        "trace_bytes": c.offsets.last().copied().unwrap_or(0),
        "data_bytes": 0,
        "compile_ns": c.nanos,
        "copy_and_patch_ns": c.patch_nanos,
        "ns_per_uop": c.nanos / c.uops.len().max(1) as u64,
        "entered": shown.executions.map(|e| e.0),
        "iterations": shown.executions.map(|e| e.1),
        "uops": uops,
        "code": text::hex(&c.code),
    })
}
