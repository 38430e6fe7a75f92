//! The command line as clap types: one struct per subcommand, no behaviour.
//!
//! Keeping the grammar here (and the work in `hamt_view`, `tour`, ...) means a new subcommand is
//! one enum variant here plus one match arm in `main.rs`. Options that belong to every command
//! (`--color`) are `global = true`, so they may appear before or after the subcommand name.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Step-by-step views of how CPython got fast, rebuilt in Rust.
#[derive(Debug, Parser)]
#[command(
    name = "explain",
    version,
    about,
    propagate_version = true,
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// When to colour the output: `auto` colours only a terminal and honours NO_COLOR,
    /// CLICOLOR and CLICOLOR_FORCE.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

/// The end of `explain --help`: how to get the command, and the error convention every
/// subcommand follows (`program.rs` implements it for Python programs).
const AFTER_HELP: &str = "\
Getting `explain`: `cargo install --locked --path .` in the repository puts it on your PATH;
`cargo run --release -- ARGS` there runs the same program without installing. Commands that
name files (book/src/examples/fib.py) expect the repository root as the current directory.

Errors and exit status, the same under every subcommand:
  0  success
  1  an error: one line `error: ...` on stderr; for a Python program (run, dis, specialize),
     what python3.13 prints instead: a SyntaxError, or the traceback of an uncaught exception
     (after the story or listing, which are still printed)
  2  a usage error (an unknown option, a missing argument)
  N  a program that raises SystemExit(N) exits with N, as python3.13 does";

/// The `--color` choices, mapped onto `colored::control` in `style::apply_color_choice`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// A guided tour over built-in examples: each stop explains one idea and shows a real run.
    Tour(TourArgs),
    /// Show what a persistent HAMT (CPython's `contextvars` map) does on each update.
    Hamt(HamtArgs),
    /// The workshop exercises: list them, run one's tests, or show a hint.
    Workshop(crate::workshop::WorkshopArgs),
    /// Run a Python program on the tracer VM (specializing adaptive interpreter).
    Run(crate::run::RunArgs),
    /// Tell the story of PEP 659 specialization in a program, instruction by instruction.
    Specialize(crate::specialize::SpecializeArgs),
    /// Disassemble a Python file as CPython 3.13's `dis` does (optionally after running it).
    Dis(crate::dis::DisArgs),
    /// Show CPython 3.13's tier 2 in a program: hot loops projected into micro-op traces,
    /// optimized, installed as executors and run, with their side exits.
    Trace(crate::trace::TraceArgs),
    /// Show the copy-and-patch JIT compiling tier 2's traces: stencils, holes, patched
    /// values and the finished machine code.
    Jit(crate::jit_view::JitArgs),
    /// Interpreters (PEP 734) sharing a HAMT map by handle instead of copying it (memhive).
    Isolates(crate::isolates_view::IsolatesArgs),
}

#[derive(Debug, Args)]
pub struct TourArgs {
    /// Print only stop N (1-based) instead of the whole tour.
    #[arg(long, value_name = "N")]
    pub stop: Option<usize>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  explain hamt                                  the built-in example
  explain hamt set 1 set 33 set 65 del 33       your own updates
  explain hamt set name=ada set 7=seven         str and int keys and values
  explain hamt --fill 1000000 set 1000000 del 7  one update in a big map
  explain hamt --format cpython set 5 set 4294967300 set 37")]
pub struct HamtArgs {
    /// Start from the map of int keys 0..N (value = key) instead of the empty map.
    #[arg(long, value_name = "N", value_parser = parse_fill)]
    pub fill: Option<usize>,

    /// Output format: step-by-step text, JSON (one object per op, in an array), CPython's
    /// `__dump__()` text of the final tree, or a picture of the last update (DOT or SVG).
    #[arg(long, value_enum, default_value_t = HamtFormat::Text)]
    pub format: HamtFormat,

    /// Updates applied in order: `set KEY[=VALUE]` or `del KEY`. KEY and VALUE are ints when
    /// they parse as one, else strs; VALUE defaults to KEY. With no ops (and no --fill) a
    /// built-in example runs. Options may follow the ops; words after `--` are all ops, for
    /// keys such as `-1=x` that look like options.
    #[arg(value_name = "OP", allow_negative_numbers = true)]
    pub ops: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HamtFormat {
    Text,
    Json,
    Cpython,
    Dot,
    Svg,
}

/// The largest `--fill`: ten million keys take about 1.3 GB, more would only exhaust memory.
pub const MAX_FILL: usize = 10_000_000;

/// `--fill N`: a count of keys, with a message that says so (clap's own is about digits).
fn parse_fill(text: &str) -> Result<usize, String> {
    match text.parse() {
        Ok(n) if n <= MAX_FILL => Ok(n),
        _ => Err(format!(
            "expected a number of keys from 0 to {MAX_FILL}, such as 1000000, not `{text}`"
        )),
    }
}
