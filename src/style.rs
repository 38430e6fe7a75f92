//! Colour and output helpers shared by every view.
//!
//! Colour is decoration only: every coloured mark also has a plain-text marker (`*`, `+`, `~`),
//! so output reads the same with `--color never`, in a pipe, or in the book. The colour decision
//! is made once, in `apply_color_choice`, through `colored`'s global override.

use std::io::{self, Write};

use colored::{ColoredString, Colorize};

use crate::cli::ColorChoice;

/// Maps `--color` onto `colored`. `auto` leaves `colored` to decide: colour only when stdout is
/// a terminal, honouring NO_COLOR, CLICOLOR and CLICOLOR_FORCE.
pub fn apply_color_choice(choice: ColorChoice) {
    match choice {
        ColorChoice::Auto => colored::control::unset_override(),
        ColorChoice::Always => colored::control::set_override(true),
        ColorChoice::Never => colored::control::set_override(false),
    }
}

/// Writes `text` to stdout. A closed pipe (`explain tour | head`) is not an error worth a
/// message: the reader has seen what it wanted.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// A section heading, e.g. a tour stop's title or an op's header line.
pub fn heading(text: &str) -> ColoredString {
    text.bold().cyan()
}

/// A command line the reader can type.
pub fn command(text: &str) -> ColoredString {
    text.green()
}

/// Secondary information (hash bits, counts of shared nodes).
pub fn dim(text: &str) -> ColoredString {
    text.dimmed()
}

/// Nodes this update copied from the old tree (marker `*`).
pub fn copied(text: &str) -> ColoredString {
    text.yellow().bold()
}

/// Nodes this update created with no predecessor (marker `+`).
pub fn created(text: &str) -> ColoredString {
    text.green().bold()
}

/// Nodes whose kind changed (Bitmap <-> Array, pair -> Collision) (marker `~`).
pub fn converted(text: &str) -> ColoredString {
    text.magenta().bold()
}

/// Instructions the specializer rewrote, in `explain specialize`'s before/after listing
/// (marker `*`).
pub fn rewritten(text: &str) -> ColoredString {
    text.yellow().bold()
}

/// A guard that failed (a deopt) or a specialization attempt that failed, in a story line.
pub fn failed(text: &str) -> ColoredString {
    text.red()
}
