//! `explain isolates [SCENARIO]`: interpreters sharing a HAMT map by handle (memhive, PEP 734).
//!
//! The `isolates` crate runs each scenario for real and returns a record: `handoff` (the
//! default) builds a map in the main interpreter, hands it to a worker through a queue, lets
//! the worker update it, sends the new version back, then does the same hand-off the
//! "pickle" way and compares the costs; `demo` is the talk's demo (N isolates sharing a big
//! map, reading and publishing updates); `event-loops` is level 3 (interpreters running their
//! own event loops, answering requests awaited from async Rust). This module only lays the
//! records out: `text` for people, `json` for programs, `svg` for the hand-off's two versions.
//!
//! Timings vary from run to run; `--no-timings` leaves them (and the counts that depend on
//! scheduling) out, so the output is the same every time, as the book and the tour show it.

mod json;
mod text;

use anyhow::bail;
use isolates::demo::DemoOptions;
use isolates::handoff::HandoffOptions;

use crate::hamt_view::picture::stable_style_order;
use crate::hamt_view::text::plural;

/// Arguments of `explain isolates`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  explain isolates                              main hands a 1,000-key map to a worker
  explain isolates --keys 1000000               the same at a million keys (pickle vs handle)
  explain isolates --keys 12 --stride 8 --format svg   both versions, shared nodes drawn once
  explain isolates demo                         N isolates (one per core) sharing 1M keys
  explain isolates demo --isolates 1            the same work on one isolate, to compare
  explain isolates event-loops                  level 3: one event loop per interpreter")]
pub struct IsolatesArgs {
    /// What to show.
    #[arg(value_enum, default_value_t = Scenario::Handoff)]
    pub scenario: Scenario,

    /// Keys of the shared map (ints 0..N, value = key). Default: 1,000 for `handoff`,
    /// 1,000,000 for `demo`.
    #[arg(long, value_name = "N", value_parser = parse_keys)]
    pub keys: Option<usize>,

    /// `handoff`: keys are 0, S, 2S, ... (default 1). With `--keys 12 --stride 8` the tree
    /// has four children under the root, which makes a small picture.
    #[arg(long, value_name = "S", default_value_t = 1, value_parser = clap::value_parser!(i64).range(1..=1_000_000))]
    pub stride: i64,

    /// `handoff`: the key the worker updates (default: the middle key).
    #[arg(long, value_name = "KEY", allow_negative_numbers = true)]
    pub key: Option<i64>,

    /// `demo`, `event-loops`: how many isolates (default: one per core; 3 loops).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub isolates: Option<u16>,

    /// `demo`: lookups per isolate.
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    pub lookups: usize,

    /// `demo`: one update (path copy + publish) every N lookups.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub update_every: u64,

    /// Output format (`svg`: `handoff` only).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Leave out measured times and whatever depends on thread scheduling, for output that
    /// is the same on every run.
    #[arg(long)]
    pub no_timings: bool,
}

/// The scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// Main hands a map to a worker by handle, the worker updates it, then the pickle way.
    Handoff,
    /// The talk's demo: N isolates sharing one big map, reading and publishing updates.
    Demo,
    /// Level 3: interpreters running their own event loops, serving async requests.
    EventLoops,
}

/// `--format` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Svg,
}

/// The largest `--keys`. The hand-off builds its map in Python (a dict comprehension first), so
/// two million keys already take seconds and a few hundred megabytes.
const MAX_KEYS: usize = 2_000_000;

/// Pictures are drawn for up to this many nodes (both versions together).
const PICTURE_LIMIT: usize = crate::hamt_view::picture::PICTURE_LIMIT;

fn parse_keys(text: &str) -> Result<usize, String> {
    match text.parse() {
        Ok(n) if (1..=MAX_KEYS).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number of keys from 1 to {MAX_KEYS}, such as 1000, not `{text}`"
        )),
    }
}

/// Runs the scenario and returns its output.
pub fn run(args: &IsolatesArgs) -> anyhow::Result<String> {
    let measure = !args.no_timings;
    if args.format == Format::Svg && args.scenario != Scenario::Handoff {
        bail!("--format svg draws the hand-off only: use `explain isolates handoff --format svg`");
    }
    match args.scenario {
        Scenario::Handoff => {
            let options = HandoffOptions {
                keys: args.keys.unwrap_or(1000),
                stride: args.stride,
                key: args.key,
                measure,
            };
            let report = isolates::handoff::run(&options)?;
            Ok(match args.format {
                Format::Text => text::handoff(&report),
                Format::Json => json::handoff(&report)?,
                Format::Svg => svg(&report)?,
            })
        }
        Scenario::Demo => {
            let defaults = DemoOptions::default();
            let options = DemoOptions {
                isolates: args.isolates.map_or(defaults.isolates, usize::from),
                keys: args.keys.unwrap_or(defaults.keys),
                lookups: args.lookups,
                update_every: usize::try_from(args.update_every).unwrap_or(usize::MAX),
            };
            let report = isolates::demo::run(&options)?;
            Ok(match args.format {
                Format::Json => json::demo(&report, &options, measure)?,
                _ => text::demo(&report, &options, measure),
            })
        }
        Scenario::EventLoops => {
            let loops = args.isolates.map_or(3, usize::from);
            let report = isolates::aio::event_loops(loops, 300, 5)?;
            Ok(match args.format {
                Format::Json => json::event_loops(&report, measure)?,
                _ => text::event_loops(&report, measure),
            })
        }
    }
}

/// Both versions of the map in one picture: main's and the worker's, sharing nodes.
fn svg(report: &isolates::handoff::HandoffReport) -> anyhow::Result<String> {
    let (v1, v2) = &report.maps;
    let nodes = report.built.nodes + report.update.sharing.new;
    if nodes > PICTURE_LIMIT {
        bail!(
            "the picture would have {}; --format svg draws up to {PICTURE_LIMIT} \
             (use --keys 100 or fewer, or --format text)",
            plural(nodes, "node")
        );
    }
    let picture = hamt::render::svg_versions(v1.hamt(), v2.hamt(), None);
    Ok(stable_style_order(&picture.0))
}
