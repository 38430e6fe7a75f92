//! `explain specialize [FILE | --example NAME] [--function NAME] [--format text|json]`: the
//! story of PEP 659 specialization in one program run.
//!
//! The program runs on the `tracer` VM with an observer attached. Every execution of a
//! specializable instruction becomes one *run*: a generic run that ticks the counter down, an
//! attempt that picks a specialized form (or fails and backs off), a hit of the specialized
//! form, or a deopt (a guard failed; the generic instruction ran instead). Consecutive runs of
//! the same kind are folded ("runs 3-20: 18 hits of BINARY_OP_ADD_INT", `specialize/stretch.rs`),
//! then the listing before and after is printed with the rewritten instructions marked `*`
//! (`specialize/text.rs`; `specialize/json.rs` for `--format json`). The pystats table at the
//! end is counted from the same events (`tracer::observe::Stats::record`), over the code objects
//! the story shows: `--function` scopes both.
//!
//! Without FILE the built-in iterative Fibonacci (`tracer::specialize::FIB_EXAMPLE`) runs;
//! `--example NAME` runs one of the book's example programs, built into the binary so that the
//! tour works from any directory. A program that ends in an uncaught exception still gets its
//! story, then its traceback on stderr and exit status 1 (`program.rs`).

mod json;
mod stretch;
mod text;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;

use tracer::code::CodeObject;
use tracer::observe::{Event, SharedRecorder, Stats};
use tracer::specialize::code_id;
use tracer::vm::Vm;

use crate::program::Ending;

/// Each instruction's events, keyed by (code object identity, code-unit index). Keyed by
/// identity, not qualname: two lambdas of one scope share a qualname but not their stories.
type PerSite = BTreeMap<(usize, usize), Vec<Event>>;

/// Arguments of `explain specialize`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  explain specialize                                the built-in Fibonacci
  explain specialize --example mixed --function walk  ints, then floats: deopts, re-specialization
  explain specialize --example backoff              a site that never fits: backoff
  explain specialize --example nbody --function advance  a real program (pyperformance)
  explain specialize my_program.py --format json")]
pub struct SpecializeArgs {
    /// The Python file to run (default: a built-in iterative Fibonacci; `-` reads stdin).
    #[arg(conflicts_with = "example")]
    pub file: Option<PathBuf>,

    /// Run one of the book's example programs (book/src/examples/NAME.py), built in.
    #[arg(long, value_enum, value_name = "NAME")]
    pub example: Option<Example>,

    /// Only tell the story of this function (its name or qualified name); the pystats table
    /// then counts this function only.
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

/// The built-in example programs of `--example`: the files of `book/src/examples/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Example {
    /// `walk`: one `+` site fed ints, then floats (deopts, then re-specialization).
    Mixed,
    /// `halves`: an `int * float` site no form fits (failed attempts, exponential backoff).
    Backoff,
    /// pyperformance's n-body benchmark, run once: a real program (try `--function advance`).
    Nbody,
}

impl Example {
    /// The program's path in the repository, also its name in tracebacks.
    pub fn path(self) -> &'static str {
        match self {
            Example::Mixed => "book/src/examples/mixed.py",
            Example::Backoff => "book/src/examples/backoff.py",
            Example::Nbody => "book/src/examples/nbody.py",
        }
    }

    /// The program's text, compiled into the binary.
    pub fn source(self) -> &'static str {
        match self {
            Example::Mixed => include_str!("../book/src/examples/mixed.py"),
            Example::Backoff => include_str!("../book/src/examples/backoff.py"),
            Example::Nbody => include_str!("../book/src/examples/nbody.py"),
        }
    }
}

/// Runs the program and prints the story. A program that does not compile is reported as
/// `explain run` reports it, and so is one that ends in an uncaught exception (after its
/// story): both exit with their status (`program.rs`).
pub fn run(args: &SpecializeArgs) -> anyhow::Result<()> {
    match tell(args)? {
        Ok((text, ending)) => {
            crate::style::print_stdout(&text)?;
            eprint!("{}", ending.stderr);
            crate::program::exit_with(ending.status)
        }
        Err(compile_error) => crate::program::report_compile_error(&compile_error),
    }
}

/// Runs the program and returns the story as text (or JSON), so `explain tour` can show it.
/// A compile error is an error here; an uncaught exception is a line of the story.
pub fn render(args: &SpecializeArgs) -> anyhow::Result<String> {
    match tell(args)? {
        Ok((text, _)) => Ok(text),
        Err(compile_error) => anyhow::bail!("{}", compile_error.trim_end()),
    }
}

/// The story and how the program ended, or the text of a compile error. The outer error is
/// the explain user's (a file that cannot be read, no such function).
type Told = Result<(String, Ending), String>;

fn tell(args: &SpecializeArgs) -> anyhow::Result<Told> {
    let (source, filename) = match (&args.file, args.example) {
        (Some(path), _) => {
            let source = crate::source::read(path)?;
            (source.text, source.name)
        }
        (None, Some(example)) => (example.source().to_string(), example.path().to_string()),
        (None, None) => (
            tracer::specialize::FIB_EXAMPLE.to_string(),
            "fib.py".to_string(),
        ),
    };
    let function = args.function.clone();
    let format = args.format;
    tracer::vm::with_big_stack(move || story(&source, &filename, function.as_deref(), format))
}

/// Everything one run of the program leaves for the views.
struct Outcome {
    vm: Vm,
    root: Rc<CodeObject>,
    /// The code objects the story shows (all, or those `--function` names).
    codes: Vec<Rc<CodeObject>>,
    per_site: PerSite,
    /// pystats' counters over `codes` only.
    stats: Stats,
    /// The function `--function` named, for the table's title.
    function: Option<String>,
    output: String,
    ending: Ending,
}

fn story(
    source: &str,
    filename: &str,
    function: Option<&str>,
    format: StoryFormat,
) -> anyhow::Result<Told> {
    let root = match crate::program::compile(source, filename) {
        Ok(code) => code,
        Err(text) => return Ok(Err(text)),
    };
    let codes: Vec<Rc<CodeObject>> = root
        .walk()
        .into_iter()
        .filter(|c| function.is_none_or(|f| &*c.name == f || &*c.qualname == f))
        .collect();
    if codes.is_empty() {
        let known: Vec<String> = root.walk().iter().map(|c| c.qualname.to_string()).collect();
        anyhow::bail!(
            "no function named '{}' in {filename}; its code objects are: {}",
            function.unwrap_or(""),
            known.join(", ")
        );
    }
    let recorder = SharedRecorder::default();
    let mut vm = Vm::new(tracer::vm::VmOptions {
        specialize: true,
        stats: false,
        capture_output: true,
        ..Default::default()
    });
    vm.set_observer(Box::new(recorder.clone()));
    let result = vm.run_module(&root);
    let output = vm.take_output();
    let ending = crate::program::ending(&mut vm, result);
    let shown: Vec<usize> = codes.iter().map(|c| code_id(c)).collect();
    let mut per_site: PerSite = BTreeMap::new();
    let mut stats = Stats::default();
    for event in recorder.0.take() {
        let site = event.site();
        if !shown.contains(&site.code_id) {
            continue;
        }
        stats.record(&event);
        per_site
            .entry((site.code_id, site.index))
            .or_default()
            .push(event);
    }
    let outcome = Outcome {
        vm,
        root,
        codes,
        per_site,
        stats,
        function: function.map(str::to_string),
        output,
        ending,
    };
    let text = match format {
        StoryFormat::Json => json::json_story(&outcome),
        StoryFormat::Text => text::text_story(&outcome),
    };
    Ok(Ok((text, outcome.ending)))
}
