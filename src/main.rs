//! `explain`: step-by-step views of how CPython got fast, rebuilt as small Rust crates.
//!
//! This file is a thin dispatcher on purpose: it parses the command line (`cli`), applies the
//! `--color` choice (`style`), runs one subcommand and maps the outcome to an exit code:
//! 0 on success, 1 on a user error (one line `error: ...` on stderr), 2 for usage errors that
//! clap reports itself. A Python program's own failures (a syntax error, an uncaught exception,
//! `SystemExit`) are reported as python3.13 reports them by `program` and arrive here as a
//! `program::Exit` carrying the status; `program.rs` states the whole convention, which
//! `explain --help` prints too. The crates record structured events; the modules here only
//! render them.
//! Adding a subcommand is one variant in `cli::Command` plus one arm in `run`.

#![forbid(unsafe_code)]

mod cli;
mod dis;
mod hamt_view;
mod isolates_view;
mod jit_view;
mod program;
mod run;
mod source;
mod specialize;
mod style;
mod tour;
mod trace;
#[cfg(test)]
mod typed_commands;
mod workshop;

/// mimalloc instead of the system allocator: the VM makes and frees small objects (frames'
/// argument vectors, lists, boxed ints and floats) at a high rate, and mimalloc's per-thread
/// free lists serve them in fewer instructions (measured in Cargo.toml's release profile).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    // clap prints usage errors and `--help` itself and exits with 2 (or 0 for help).
    let cli = Cli::parse();
    style::apply_color_choice(cli.color);
    match run(&cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => match err.downcast_ref::<program::Exit>() {
            // Already reported (a traceback, a syntax error): only the status is left to give.
            Some(exit) => ExitCode::from(exit.0),
            None => {
                // `{:#}` joins anyhow's context chain on one line: "outer: inner".
                eprintln!("error: {err:#}");
                ExitCode::from(1)
            }
        },
    }
}

/// Runs one subcommand; each returns the text to print so that `tour` can reuse the views.
fn run(command: &Command) -> anyhow::Result<()> {
    match command {
        Command::Tour(args) => style::print_stdout(&tour::run(args)?),
        Command::Hamt(args) => style::print_stdout(&hamt_view::run(args)?),
        Command::Workshop(args) => workshop::run(args),
        Command::Run(args) => run::run(args),
        Command::Specialize(args) => specialize::run(args),
        Command::Dis(args) => dis::run(args),
        Command::Trace(args) => trace::run(args),
        Command::Jit(args) => jit_view::run(args),
        Command::Isolates(args) => style::print_stdout(&isolates_view::run(args)?),
    }
}
