//! `explain run FILE [--no-specialize] [--stats]`: runs a Python program on the `tracer` VM.
//!
//! stdout is exactly the program's output. An uncaught exception prints a CPython-style
//! traceback on stderr and exits with status 1; so does a syntax error (printed by the front
//! end), and an unsupported construct is one `error: not supported yet: ...` line, status 1.
//! An uncaught `SystemExit` exits as CPython does: no traceback, its code as the status
//! (`program.rs` has the convention all subcommands share). FILE `-` reads the program from
//! stdin. `--stats` prints a per-family specialization table (successes, failures, hits,
//! deopts, deferred ticks — pystats' counters) on stderr after the run, so stdout stays the
//! program's own.

use std::path::PathBuf;

/// Arguments of `explain run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The Python file to run (`-` reads the program from stdin).
    pub file: PathBuf,

    /// Run the generic interpreter only: no quickening, no specialization.
    #[arg(long)]
    pub no_specialize: bool,

    /// Print per-family specialization statistics on stderr after the run (with `--tier 2`,
    /// also tier 2's: traces, executors, side exits).
    #[arg(long)]
    pub stats: bool,

    /// 1: the specializing interpreter (the default, as a default CPython build). 2: also
    /// project hot loops into micro-op traces, optimize them and run them (CPython 3.13's
    /// tier 2 with its uop interpreter).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub tier: u8,

    /// With `--tier 2`: a stress mode that projects every loop on its first back-edge and
    /// every side exit on its first use, so traces run (and exit) far more than usual.
    #[arg(long, requires = "tier")]
    pub trace_every_loop: bool,
}

/// Runs the program. A Python error is reported as `program` describes and ends as an
/// [`crate::program::Exit`] with its status.
pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    let source = crate::source::read(&args.file)?;
    // CPython names the main script by its absolute path in tracebacks (`<stdin>` as is).
    let filename = if source.is_stdin() {
        source.name
    } else {
        std::path::absolute(&args.file)
            .unwrap_or_else(|_| args.file.clone())
            .display()
            .to_string()
    };
    let source = source.text;
    let options = tracer::vm::VmOptions {
        specialize: !args.no_specialize,
        stats: args.stats,
        capture_output: false,
        tier2: args.tier == 2,
        trace_every_loop: args.trace_every_loop,
    };
    let stats = args.stats;
    let status = tracer::vm::with_big_stack(move || run_in_vm(&source, &filename, options, stats));
    crate::program::exit_with(status)
}

/// Compiles and runs on the current (big-stack) thread, reporting on stderr as it goes;
/// returns the exit status.
fn run_in_vm(source: &str, filename: &str, options: tracer::vm::VmOptions, stats: bool) -> u8 {
    let options_specialize = options.specialize;
    let code = match crate::program::compile(source, filename) {
        Ok(code) => code,
        Err(text) => {
            eprint!("{text}");
            return 1;
        }
    };
    let mut vm = tracer::vm::Vm::new(options);
    let result = vm.run_module(&code);
    vm.flush();
    let ending = crate::program::ending(&mut vm, result);
    eprint!("{}", ending.stderr);
    if stats {
        eprint!("{}", vm.stats.table());
        if vm.options.tier2 {
            eprint!(
                "{}",
                vm.tier2.stats.table(tracer::executor::invalidated_count())
            );
        }
        if !options_specialize {
            // An empty table would look like a program with no hot sites.
            eprintln!(
                "(no rows: --no-specialize runs the generic interpreter, nothing specializes)"
            );
        }
    }
    ending.status
}
