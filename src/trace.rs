//! `explain trace [FILE] [--function NAME] [--format text|json|dot|svg]`: CPython 3.13's tier 2
//! in one program run: which loops got hot, how each was projected into micro-ops, what the
//! optimizer removed, the executor that was installed, and what happened when it ran (side
//! exits, side traces, deopts, invalidation).
//!
//! The program runs on the `tracer` VM with tier 2 on and the projection recorder attached;
//! this module only renders what the VM recorded (`tracer::trace::Log` per optimization
//! attempt, the executors installed in each code object, tier 2's counters).
//! Without FILE the built-in iterative Fibonacci (`tracer::specialize::FIB_EXAMPLE`) runs.

mod graph;
mod model;
mod text;

use std::path::PathBuf;

pub use model::TraceRun;

/// Arguments of `explain trace`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  explain trace                                   the built-in Fibonacci loop
  explain trace --example side-exit               a side exit that grows a side trace
  explain trace tests/programs/sieve.py           every loop that got hot in a program
  explain trace tests/programs/sieve.py --function factorize
                                                  only the traces that start in factorize()
  explain trace tests/programs/sieve.py --format json
                                                  executors as CPython's _opcode.get_executor shows them
  explain trace --example side-exit --format svg  the executors and their exits, as a picture")]
pub struct TraceArgs {
    /// The Python file to run (default: a built-in iterative Fibonacci; `-` reads stdin).
    pub file: Option<PathBuf>,

    /// Run a built-in example instead of a file (see the book's "Micro-op traces" chapter).
    #[arg(long, value_enum, conflicts_with = "file")]
    pub example: Option<Example>,

    /// Only show traces that start in this function (its name or qualified name).
    #[arg(long, value_name = "NAME")]
    pub function: Option<String>,

    /// Output format: the step-by-step story, JSON (executors in the shape of CPython's
    /// reference files, plus every projection log), or a graph of executors and side exits
    /// (Graphviz DOT, or SVG drawn without Graphviz).
    #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
    pub format: TraceFormat,

    /// The stress mode of `explain run --tier 2 --trace-every-loop`: every loop is projected
    /// on its first back-edge, every side exit on its first use.
    #[arg(long)]
    pub trace_every_loop: bool,

    /// Text format: also print every projection step (`ADD_TO_TRACE` lines, as CPython's
    /// `PYTHON_LLTRACE=2` prints them) and each optimizer pass's full output.
    #[arg(long)]
    pub verbose: bool,
}

/// The built-in example programs of `--example` (files of the repository, compiled in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Example {
    /// Three `x = x + 1` in one loop: the optimizer keeps one int guard of three.
    ThreeAdds,
    /// A branch that flips mid-loop: a side exit warms up and grows a side trace.
    SideExit,
    /// A global the trace baked in is rebound: the executor is invalidated.
    Invalidation,
}

impl Example {
    /// The program's path in the repository, also its name in the views.
    pub fn path(self) -> &'static str {
        match self {
            Example::ThreeAdds => "tests/programs/three_adds.py",
            Example::SideExit => "book/src/examples/side_exit.py",
            Example::Invalidation => "book/src/examples/invalidation.py",
        }
    }

    /// The program's text, compiled into the binary.
    pub fn source(self) -> &'static str {
        match self {
            Example::ThreeAdds => include_str!("../tests/programs/three_adds.py"),
            Example::SideExit => include_str!("../book/src/examples/side_exit.py"),
            Example::Invalidation => include_str!("../book/src/examples/invalidation.py"),
        }
    }
}

/// `--format` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    Text,
    Json,
    Dot,
    Svg,
}

/// Runs the program and prints the view; an uncaught exception's traceback follows on stderr
/// and sets the exit status, as under `explain run` (`program.rs`).
pub fn run(args: &TraceArgs) -> anyhow::Result<()> {
    match view(args)? {
        Ok((text, ending)) => {
            crate::style::print_stdout(&text)?;
            eprint!("{}", ending.stderr);
            crate::program::exit_with(ending.status)
        }
        Err(compile_error) => crate::program::report_compile_error(&compile_error),
    }
}

/// Runs the program and returns the view as text, so `explain tour` can show it too.
pub fn render(args: &TraceArgs) -> anyhow::Result<String> {
    match view(args)? {
        Ok((text, _)) => Ok(text),
        Err(compile_error) => anyhow::bail!("{}", compile_error.trim_end()),
    }
}

/// The view and how the program ended, or the text of a compile error.
type Shown = Result<(String, crate::program::Ending), String>;

fn view(args: &TraceArgs) -> anyhow::Result<Shown> {
    let (source, filename) = match (&args.file, args.example) {
        (Some(p), _) => {
            let source = crate::source::read(p)?;
            (source.text, source.name)
        }
        (None, Some(example)) => (example.source().to_string(), example.path().to_string()),
        (None, None) => (
            tracer::specialize::FIB_EXAMPLE.to_string(),
            "fib.py".to_string(),
        ),
    };
    let (every, function, format, verbose) = (
        args.trace_every_loop,
        args.function.clone(),
        args.format,
        args.verbose,
    );
    tracer::vm::with_big_stack(move || {
        let run = match TraceRun::record(&source, &filename, every) {
            Ok(run) => run,
            Err(text) => return Ok(Err(text)),
        };
        let run = match &function {
            Some(name) => run.only_function(name, &filename)?,
            None => run,
        };
        let text = match format {
            TraceFormat::Text => text::render(&run, verbose),
            TraceFormat::Json => serde_json::to_string_pretty(&run.to_json())? + "\n",
            TraceFormat::Dot => graph::dot(&run),
            TraceFormat::Svg => graph::svg(&run)?,
        };
        Ok(Ok((text, run.ending)))
    })
}
