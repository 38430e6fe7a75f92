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
#[command(group(clap::ArgGroup::new("tiers").args(["tier", "jit"])))]
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
    /// tier 2 with its uop interpreter). jit: tier 2 with traces compiled to machine code by
    /// the copy-and-patch JIT (x86_64 Linux; elsewhere the uop interpreter runs them).
    #[arg(long, value_enum, default_value_t = Tier::One)]
    pub tier: Tier,

    /// The same as `--tier jit`.
    #[arg(long, conflicts_with = "tier")]
    pub jit: bool,

    /// With `--tier 2` or `--jit`: a stress mode that projects every loop on its first
    /// back-edge and every side exit on its first use, so traces run (and exit) far more.
    #[arg(long, requires = "tiers")]
    pub trace_every_loop: bool,

    /// Arguments for the program: `sys.argv[1:]` (options of `explain run` go before FILE).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Which tiers run the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Tier {
    /// The specializing interpreter.
    #[value(name = "1")]
    One,
    /// Plus micro-op traces run by the uop interpreter.
    #[value(name = "2")]
    Two,
    /// Plus micro-op traces compiled by the copy-and-patch JIT.
    #[value(name = "jit")]
    Jit,
}

impl RunArgs {
    /// The tier asked for (`--jit` is `--tier jit`).
    pub fn tier(&self) -> Tier {
        if self.jit {
            Tier::Jit
        } else {
            self.tier
        }
    }
}

/// Runs the program. A Python error is reported as `program` describes and ends as an
/// [`crate::program::Exit`] with its status.
pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    let source = crate::source::read(&args.file)?;
    // `sys.argv[0]`: the script as typed (`-` for stdin), as CPython keeps it.
    let argv0 = if source.is_stdin() {
        "-".to_string()
    } else {
        args.file.display().to_string()
    };
    let argv: Vec<String> = std::iter::once(argv0).chain(args.args.clone()).collect();
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
    let tier = args.tier();
    if args.trace_every_loop && tier == Tier::One {
        anyhow::bail!("--trace-every-loop needs --tier 2 or --jit (it stresses tier 2's traces)");
    }
    let options = tracer::vm::VmOptions {
        specialize: !args.no_specialize,
        stats: args.stats,
        capture_output: false,
        tier2: tier != Tier::One,
        trace_every_loop: args.trace_every_loop,
    };
    let stats = args.stats;
    let jit = tier == Tier::Jit;
    if jit && !stencil_jit::supported() {
        eprintln!("{}", stencil_jit::NOTICE);
    }
    let status = tracer::vm::with_big_stack(move || {
        run_in_vm(&source, &filename, argv, options, stats, jit)
    });
    crate::program::exit_with(status)
}

/// Compiles and runs on the current (big-stack) thread, reporting on stderr as it goes;
/// returns the exit status.
fn run_in_vm(
    source: &str,
    filename: &str,
    argv: Vec<String>,
    options: tracer::vm::VmOptions,
    stats: bool,
    jit: bool,
) -> u8 {
    let options_specialize = options.specialize;
    let code = match crate::program::compile(source, filename) {
        Ok(code) => code,
        Err(text) => {
            eprint!("{text}");
            return 1;
        }
    };
    let mut vm = tracer::vm::Vm::new(options);
    vm.argv = argv;
    let jit = jit.then(|| std::rc::Rc::new(stencil_jit::Jit::default()));
    if let Some(jit) = &jit {
        vm.tier2.backend = jit.clone();
    }
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
        if let Some(jit) = &jit {
            eprint!("{}", jit_table(&jit.stats.borrow()));
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

/// `--stats` with `--jit`: what the JIT compiled.
fn jit_table(s: &stencil_jit::JitStats) -> String {
    let per_uop = s.nanos.checked_div(s.uops).unwrap_or(0);
    let patch = s.patch_nanos.checked_div(s.uops).unwrap_or(0);
    format!(
        "jit: {} executors compiled ({} declined), {} uops, {} bytes of code, {per_uop} ns per uop ({patch} copying and patching, the rest getting pages and mprotect)\n",
        s.compiled, s.declined, s.uops, s.code_bytes
    )
}
