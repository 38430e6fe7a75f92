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
    let (adaptive, format) = (args.adaptive, args.format);
    let opts = DisOptions {
        show_caches: args.show_caches,
    };
    // The VM (and its Rc-based objects) lives and dies on the big-stack thread.
    let result =
        tracer::vm::with_big_stack(move || listing(&source, &filename, adaptive, format, opts));
    match result {
        Ok((text, ending)) => {
            print!("{text}");
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
    format: DisFormat,
    opts: DisOptions,
) -> Result<(String, Ending), String> {
    let code = crate::program::compile(source, filename)?;
    let mut vm = None;
    let mut ending = Ending::clean();
    if adaptive {
        let mut machine = tracer::vm::Vm::new(tracer::vm::VmOptions {
            capture_output: true,
            ..Default::default()
        });
        let result = machine.run_module(&code);
        ending = crate::program::ending(&mut machine, result);
        vm = Some(machine);
    }
    let units = |c: &tracer::code::CodeObject| vm.as_ref().and_then(|m| m.adaptive_code(c));
    let adaptive_units: Option<tracer::dis::AdaptiveUnits<'_>> = adaptive.then_some(&units);
    let text = match format {
        DisFormat::Text => dis(&code, adaptive_units, opts),
        DisFormat::Json => {
            let value = dis_json(&code, adaptive_units);
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n"
        }
    };
    Ok((text, ending))
}
