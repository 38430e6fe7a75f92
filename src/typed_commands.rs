//! Test-only: every `explain ...` command the project tells a reader to type parses with the
//! CLI's grammar, and the repository files it names exist.
//!
//! The commands come from everywhere a reader meets them: the tour (its stops and "try next"
//! lines, checked in `tour.rs`), the workshop's printed hints and errors (`workshop.rs`), the
//! examples of `--help`, and the text of README.md, the book and the exercises' READMEs. A
//! README or book command may be written `explain X` or as its same-program twin
//! `cargo run [--release] -- X`; both are checked as `explain X`. Placeholders are filled in
//! (`N` with 1, `FILE` with a real example), and synopses with `[...]` or `...` are skipped.

use std::path::Path;

use clap::{CommandFactory as _, Parser as _};

use crate::cli::Cli;

/// The prefixes that introduce a command, longest first.
const PREFIXES: &[&str] = &[
    "explain ",
    "cargo run --release -- ",
    "cargo run --quiet -- ",
    "cargo run -- ",
];

/// A command found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    /// The words after `explain`.
    pub command: String,
    /// True when the command fills its line (a code block, the tour's `$ explain` lines, a
    /// `--help` example): it must be complete. Within a sentence (`explain dis --adaptive`
    /// shows ...) it may name a subcommand or a mode without its required FILE.
    pub whole_line: bool,
}

/// The commands found in `text`: wherever a prefix (`explain `, `cargo run -- `, ...) is
/// followed by a subcommand name or an option. Colour codes are ignored.
pub fn commands_in(text: &str) -> Vec<Typed> {
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let text = strip_ansi(text);
    let mut out = Vec::new();
    for line in text.lines() {
        let mut at = 0;
        while let Some((start, prefix)) = next_prefix(&line[at..]) {
            let begin = at + start;
            let rest = &line[begin + prefix.len()..];
            at = begin + prefix.len();
            let first = rest.split_whitespace().next().unwrap_or("");
            let first = first.trim_end_matches(['`', ',', '.', ')', ':']);
            if !(subcommands.iter().any(|s| s == first) || first.starts_with("--")) {
                continue;
            }
            let (command, end) = cut(rest);
            let before = line[..begin].trim();
            let after = &rest[end..];
            // Alone on its line, but for a shell operator, a comment or a description.
            let whole_line = (before.is_empty() || before == "$")
                && (after.trim().is_empty()
                    || after.starts_with("  ")
                    || after.trim_start().starts_with(['#', '>', '|']));
            out.push(Typed {
                command,
                whole_line,
            });
        }
    }
    out
}

/// The first prefix in `text`: its byte offset and the prefix.
fn next_prefix(text: &str) -> Option<(usize, &'static str)> {
    PREFIXES
        .iter()
        .filter_map(|p| text.find(p).map(|i| (i, *p)))
        .min_by_key(|(i, p)| (*i, std::cmp::Reverse(p.len())))
}

/// The command at the start of `rest`, cut at a closing backtick, a shell operator, a comment,
/// a two-space gap (before a description) or the end of a clause.
/// Returns the command and the byte offset in `rest` where it was cut.
fn cut(rest: &str) -> (String, usize) {
    let mut end = rest.len();
    for stop in ["`", " | ", " > ", " #", "  ", " (", ")", ", ", "; "] {
        if let Some(i) = rest.find(stop) {
            end = end.min(i);
        }
    }
    let command = rest[..end].trim().trim_end_matches(['.', ':']);
    (command.to_string(), end)
}

/// Parses `command` (the words after `explain`) with the CLI's grammar and checks that the
/// repository files it names exist. Synopses (`[FILE]`, `...`) pass unchecked; a command
/// within a sentence may leave out a required argument.
pub fn check(typed: &Typed) -> Result<(), String> {
    let command = &typed.command;
    if command.contains('[') || command.contains("...") {
        return Ok(());
    }
    let words: Vec<&str> = command
        .split_whitespace()
        .map(|word| match word {
            "N" => "1",
            "FILE" => "book/src/examples/fib.py",
            other => other,
        })
        .collect();
    if let Err(e) = Cli::try_parse_from(std::iter::once("explain").chain(words.iter().copied())) {
        use clap::error::ErrorKind;
        let fine = match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => true,
            ErrorKind::MissingRequiredArgument => !typed.whole_line,
            _ => false,
        };
        if !fine {
            return Err(format!("`explain {command}` does not parse:\n{e}"));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for word in &words {
        let is_repo_file = word.ends_with(".py") && word.contains('/') && !word.starts_with('/');
        if is_repo_file && !root.join(word).is_file() {
            return Err(format!(
                "`explain {command}` names {word}, which does not exist"
            ));
        }
    }
    Ok(())
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            out.push(c);
        }
    }
    out
}

/// The Markdown files a reader is sent to: README.md, the book (not its generated pages, which
/// the runs write) and the exercises' READMEs.
fn documents() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut dirs = vec![root.join("book/src"), root.join("exercises")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() && !matches!(name, "generated" | "target" | "solution" | "src") {
                dirs.push(path);
            } else if name.ends_with(".md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(command: &str, whole_line: bool) -> Typed {
        Typed {
            command: command.to_string(),
            whole_line,
        }
    }

    #[test]
    fn finds_commands_in_spans_lines_and_help_examples() {
        let text = "Run `explain tour --stop 3`, or `cargo run --release -- tour`.\n\
                    $ explain hamt set 1\n\
                    \x20 explain workshop 1 --hint   a hint for exercise 1\n\
                    cargo run -- hamt --format svg set 1 > tree.svg\n\
                    Start one with explain workshop N (add --hint). We explain why.\n";
        assert_eq!(
            commands_in(text),
            [
                typed("tour --stop 3", false),
                typed("tour", false),
                typed("hamt set 1", true),
                typed("workshop 1 --hint", true),
                typed("hamt --format svg set 1", true),
                typed("workshop N", false),
            ]
        );
        assert!(check(&typed("tour --stop N", true)).is_ok());
        assert!(check(&typed("tour --stops 3", false)).is_err());
        assert!(check(&typed("dis book/src/examples/nope.py", true)).is_err());
        assert!(check(&typed("hamt set KEY[=VALUE] del KEY ...", true)).is_ok());
        // A sentence may name a mode; a command on its own line must be complete.
        assert!(check(&typed("dis --adaptive", false)).is_ok());
        assert!(check(&typed("dis --adaptive", true)).is_err());
    }

    #[test]
    fn every_command_in_the_readme_the_book_and_the_exercises_parses() {
        let mut failures = Vec::new();
        let mut count = 0;
        for file in documents() {
            let text = std::fs::read_to_string(&file).expect("a readable Markdown file");
            for typed in commands_in(&text) {
                count += 1;
                if let Err(e) = check(&typed) {
                    failures.push(format!("{}: {e}", file.display()));
                }
            }
        }
        assert!(
            count > 40,
            "only {count} commands found: is the scan broken?"
        );
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn every_help_example_parses() {
        let cli = Cli::command();
        let mut count = 0;
        for sub in cli.get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            for typed in commands_in(&help) {
                count += 1;
                assert!(typed.whole_line, "{typed:?}");
                check(&typed).unwrap_or_else(|e| panic!("`{}` --help: {e}", sub.get_name()));
            }
        }
        assert!(count >= 10, "only {count} examples found");
    }
}
