//! `explain tour`: a guided, non-interactive walk through the built-in examples.
//!
//! The tour is a list of stops. Each stop has a title, a few sentences, one `explain ...` command
//! line that is really parsed and run (so the tour can never show output the tool does not
//! produce), and "try next" commands. Every part of the project contributes stops from its own
//! submodule (`tour/hamt_stops.rs`, `tour/specialize_stops.rs`, `tour/trace_stops.rs`,
//! `tour/jit_stops.rs`, `tour/isolates_stops.rs`), and `stops()` concatenates them in reading order.
//!
//! A stop's own command never reads a file (the specialization stops run programs built into
//! the binary), so the tour works from any directory. "Try next" commands may name files of the
//! repository; the tour's opening lines say how to type them (`HOW_TO_TYPE`), in the words of
//! the README. The tests parse every command with the CLI's grammar (`typed_commands.rs`).

mod hamt_stops;
mod isolates_stops;
mod jit_stops;
mod specialize_stops;
mod trace_stops;

use std::fmt::Write as _;

use anyhow::{bail, Context as _};
use clap::Parser as _;

use crate::cli::{Cli, Command, TourArgs};
use crate::{hamt_view, isolates_view, jit_view, specialize, style, trace};

/// One stop of the tour.
pub struct Stop {
    pub title: &'static str,
    /// Paragraphs of explanation, printed before the run.
    pub text: &'static [&'static str],
    /// The command line after `explain`, run for real; its output is shown.
    pub args: &'static [&'static str],
    /// Commands the reader may type next.
    pub try_next: &'static [&'static str],
}

/// How to type the commands the tour shows (the README's "Start here" says the same).
const HOW_TO_TYPE: &str = "Type the commands as shown once `explain` is installed (`cargo install \
     --locked --path .` in the repository), or as `cargo run --release -- ...` there without \
     installing: the same program. Run them from the repository root, where the files they name \
     are.";

/// All stops in reading order.
fn stops() -> Vec<Stop> {
    let mut stops = hamt_stops::stops();
    stops.extend(specialize_stops::stops());
    stops.extend(trace_stops::stops());
    stops.extend(jit_stops::stops());
    stops.extend(isolates_stops::stops());
    stops
}

pub fn run(args: &TourArgs) -> anyhow::Result<String> {
    let stops = stops();
    let mut out = String::new();
    match args.stop {
        None => {
            writeln!(out, "{}", style::heading("A tour of pyinternals"))?;
            writeln!(
                out,
                "{} stops; `explain tour --stop N` prints only stop N.",
                stops.len()
            )?;
            writeln!(out, "{}\n", wrap(HOW_TO_TYPE, 96))?;
            for (index, stop) in stops.iter().enumerate() {
                render_stop(&mut out, index + 1, stops.len(), stop)?;
            }
        }
        Some(number) if (1..=stops.len()).contains(&number) => {
            render_stop(&mut out, number, stops.len(), &stops[number - 1])?;
        }
        Some(number) => bail!(
            "there is no tour stop {number}: expected --stop between 1 and {}",
            stops.len()
        ),
    }
    Ok(out)
}

fn render_stop(out: &mut String, number: usize, total: usize, stop: &Stop) -> anyhow::Result<()> {
    let title = format!("== Stop {number} of {total}: {} ==", stop.title);
    writeln!(out, "{}\n", style::heading(&title))?;
    for paragraph in stop.text {
        writeln!(out, "{}\n", wrap(paragraph, 96))?;
    }
    let line = format!("$ explain {}", stop.args.join(" "));
    writeln!(out, "{}", style::command(&line))?;
    let output =
        run_command(stop.args).with_context(|| format!("tour stop {number} (`{line}`) failed"))?;
    out.push_str(output.trim_end());
    out.push('\n');
    writeln!(out, "\ntry next:")?;
    for command in stop.try_next {
        writeln!(out, "  {}", style::command(&format!("explain {command}")))?;
    }
    out.push('\n');
    Ok(())
}

/// Parses `args` exactly as the command line would be parsed, and runs the view it names.
fn run_command(args: &[&str]) -> anyhow::Result<String> {
    let cli = Cli::try_parse_from(std::iter::once("explain").chain(args.iter().copied()))?;
    match &cli.command {
        Command::Hamt(hamt_args) => hamt_view::run(hamt_args),
        Command::Specialize(specialize_args) => specialize::render(specialize_args),
        Command::Trace(trace_args) => trace::render(trace_args),
        Command::Isolates(isolates_args) => isolates_view::run(isolates_args),
        Command::Jit(jit_args) => jit_view::render(jit_args),
        // A view joins the tour with an arm here that returns its text. Other commands (the
        // tour itself, `workshop`, views that print as they go) have no place in it; the
        // wildcard keeps a new subcommand a two-line change in cli.rs and main.rs.
        _ => bail!("a tour stop can only run a view that returns its text, such as `hamt`"),
    }
}

/// Greedy word wrap, so paragraphs can be written as one long string.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        if line_len > 0 && line_len + 1 + word.len() > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The isolates stop drives the process-wide main interpreter (`isolates::get_main`),
    /// which refuses a second caller while it runs: the tests that run every stop take turns.
    static WHOLE_TOUR: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(wrap("aa bb cc", 5), "aa bb\ncc");
        assert_eq!(wrap("  one   word ", 80), "one word");
    }

    #[test]
    fn every_stop_parses_and_runs() {
        let _turn = WHOLE_TOUR.lock().unwrap_or_else(|e| e.into_inner());
        for stop in stops() {
            let output = run_command(stop.args).expect(stop.title);
            assert!(!output.is_empty(), "stop {:?} printed nothing", stop.title);
        }
    }

    /// What the reader types from the tour: each stop's command and its "try next" lines, and
    /// the commands of the opening lines, as printed.
    #[test]
    fn every_command_the_tour_prints_parses() {
        let whole = {
            let _turn = WHOLE_TOUR.lock().unwrap_or_else(|e| e.into_inner());
            run(&TourArgs { stop: None }).expect("the tour runs")
        };
        let commands = crate::typed_commands::commands_in(&whole);
        let stops = stops();
        let try_next: usize = stops.iter().map(|s| s.try_next.len()).sum();
        // `explain tour --stop N` once, then one command and its "try next" lines per stop.
        assert_eq!(commands.len(), 1 + stops.len() + try_next, "{commands:#?}");
        for command in &commands {
            crate::typed_commands::check(command).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}
