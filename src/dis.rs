//! `explain dis FILE [--adaptive] [--show-caches] [--format text|json]`: the bytecode our
//! compiler produces for a Python file, printed exactly like CPython 3.13's `dis.dis`.
//!
//! `--adaptive` first runs the program on the tracer VM (its own output is discarded) and then
//! lists each code object's current, specialized instructions, like `dis.dis(...,
//! adaptive=True)`. A program that ends in an uncaught exception still gets its listing, then
//! its traceback on stderr and exit status 1, as under `explain run` (see `program.rs`). Code
//! object addresses are deterministic placeholders (see `tracer::dis`).

use std::path::PathBuf;

use tracer::dis::{dis, dis_json, DisOptions};

use crate::program::Ending;

/// Output formats of `explain dis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DisFormat {
    /// CPython's `dis.dis` listing.
    Text,
    /// `{"code": [{"qualname", "firstlineno", "instructions": [...]}]}`.
    Json,
}

/// Arguments of `explain dis`.
#[derive(Debug, clap::Args)]
pub struct DisArgs {
    /// The Python file to disassemble (`-` reads it from stdin).
    pub file: PathBuf,

    /// Run the program first and show the specialized (adaptive) instructions.
    #[arg(long)]
    pub adaptive: bool,

    /// With `--adaptive`: 2 runs the program with tier 2 on (as a CPython built with
    /// `--enable-experimental-jit=interpreter`) and lists the executors installed. The listing
    /// itself shows the instruction each `ENTER_EXECUTOR` replaced, as CPython's `dis` does.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2), requires = "adaptive")]
    pub tier: u8,

    /// Also print the inline CACHE entries of each instruction.
    #[arg(long)]
    pub show_caches: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DisFormat::Text)]
    pub format: DisFormat,
}

/// Prints the listing; a syntax error, an unsupported construct or (with `--adaptive`) an
/// uncaught exception is reported as `program.rs` describes, with its exit status.
pub fn run(args: &DisArgs) -> anyhow::Result<()> {
    let crate::source::Source {
        text: source,
        name: filename,
    } = crate::source::read(&args.file)?;
    let (adaptive, format, tier2) = (args.adaptive, args.format, args.tier == 2);
    let opts = DisOptions {
        show_caches: args.show_caches,
    };
    // The VM (and its Rc-based objects) lives and dies on the big-stack thread.
    let result = tracer::vm::with_big_stack(move || {
        listing(&source, &filename, adaptive, tier2, format, opts)
    });
    match result {
        Ok((text, ending)) => {
            crate::style::print_stdout(&text)?;
            eprint!("{}", ending.stderr);
            crate::program::exit_with(ending.status)
        }
        Err(message) => crate::program::report_compile_error(&message),
    }
}

/// Compiles (and for `--adaptive` runs) the program and renders the listing; with it, how the
/// run ended (a clean ending without `--adaptive`). A compile error is its text.
fn listing(
    source: &str,
    filename: &str,
    adaptive: bool,
    tier2: bool,
    format: DisFormat,
    opts: DisOptions,
) -> Result<(String, Ending), String> {
    // A listing alone never runs, so it accepts what the VM cannot run yet (and any import).
    let code = if adaptive {
        crate::program::compile(source, filename)?
    } else {
        crate::program::compile_for_listing(source, filename)?
    };
    let mut vm = None;
    let mut ending = Ending::clean();
    if adaptive {
        let mut machine = tracer::vm::Vm::new(tracer::vm::VmOptions {
            capture_output: true,
            tier2,
            ..Default::default()
        });
        let result = machine.run_module(&code);
        ending = crate::program::ending(&mut machine, result);
        vm = Some(machine);
    }
    let units = |c: &tracer::code::CodeObject| vm.as_ref().and_then(|m| m.adaptive_code(c));
    let adaptive_units: Option<tracer::dis::AdaptiveUnits<'_>> = adaptive.then_some(&units);
    let executors = match (&vm, tier2) {
        (Some(m), true) => executor_rows(m),
        _ => Vec::new(),
    };
    let text = match format {
        DisFormat::Text => {
            let mut text = dis(&code, adaptive_units, opts);
            if tier2 {
                text.push_str(&executors_text(&executors));
            }
            text
        }
        DisFormat::Json => {
            let listing = dis_json(&code, adaptive_units);
            let text = if tier2 {
                // The listing's keys first, in their documented order, then the executors.
                #[derive(serde::Serialize)]
                struct WithExecutors<'a> {
                    #[serde(flatten)]
                    listing: tracer::dis::DisJson,
                    executors: &'a [ExecutorRow],
                }
                serde_json::to_string_pretty(&WithExecutors {
                    listing,
                    executors: &executors,
                })
            } else {
                serde_json::to_string_pretty(&listing)
            };
            text.map_err(|e| e.to_string())? + "\n"
        }
    };
    Ok((text, ending))
}

/// One installed executor, for `--tier 2`.
#[derive(serde::Serialize)]
struct ExecutorRow {
    qualname: String,
    /// Byte offset of the `ENTER_EXECUTOR` (and of the instruction it replaced).
    offset: usize,
    /// `ENTER_EXECUTOR`'s oparg: the executor's slot in the code object.
    oparg: u8,
    /// The instruction it replaced, as `dis` shows it in the listing.
    replaced: String,
    /// `explain trace`'s number for it.
    executor: usize,
    uops: usize,
}

fn executor_rows(vm: &tracer::vm::Vm) -> Vec<ExecutorRow> {
    let mut rows = Vec::new();
    for code in vm.installed_executors() {
        for e in code.executors {
            let oparg = e
                .code
                .borrow()
                .upgrade()
                .map_or(0, |c| tracer::code::unit_oparg(c.units[e.index].get()));
            rows.push(ExecutorRow {
                qualname: code.qualname.clone(),
                offset: e.offset(),
                oparg,
                replaced: format!("{} {}", e.opcode.name(), e.oparg),
                executor: e.id,
                uops: e.uops.len(),
            });
        }
    }
    rows
}

/// The `--tier 2` appendix: where executors sit in the code `dis` just listed.
fn executors_text(rows: &[ExecutorRow]) -> String {
    let mut out = String::from(
        "\nTier 2: executors installed (CPython's dis, like the listing above, shows the \
         instruction each ENTER_EXECUTOR replaced):\n",
    );
    if rows.is_empty() {
        out.push_str("  none: no loop ran often enough (17 back-edges) to be projected\n");
    }
    for r in rows {
        out.push_str(&format!(
            "  {:<24} offset {:>4}  ENTER_EXECUTOR {:<3} replaced {:<22} executor #{} ({} uops)\n",
            r.qualname, r.offset, r.oparg, r.replaced, r.executor, r.uops
        ));
    }
    out
}
