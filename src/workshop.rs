//! `explain workshop`: the exercise runner, in the spirit of rustlings.
//!
//! The exercises live in `exercises/`, one standalone crate each (they are not workspace
//! members, so `cargo test --workspace` stays green while a learner's exercise still fails).
//! `exercises/exercises.toml` is the manifest: number, name, path, book chapter, task, hint.
//! This module only reads that file and runs `cargo test` on one exercise; the exercises and
//! their tests carry all the teaching. `scripts/check-exercises.sh` is the maintainer's side:
//! it proves every exercise fails as shipped and passes with its `solution/`.
//!
//! ```text
//! explain workshop          list the exercises
//! explain workshop 1        say what to do, then run exercise 1's tests
//! explain workshop 1 --hint show the hint only
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use serde::Deserialize;

use crate::style;

/// Arguments of `explain workshop`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  explain workshop            list the exercises
  explain workshop 1          what to do in exercise 1, then run its tests
  explain workshop 1 --hint   a hint for exercise 1")]
pub struct WorkshopArgs {
    /// The exercise to run; without it, list them all.
    #[arg(value_name = "N")]
    pub number: Option<u32>,

    /// Show the exercise's hint instead of running its tests.
    #[arg(long, requires = "number")]
    pub hint: bool,
}

/// The manifest, `exercises/exercises.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    exercise: Vec<Exercise>,
}

/// One `[[exercise]]` entry of the manifest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exercise {
    number: u32,
    name: String,
    /// One line for the list.
    title: String,
    /// The crate's directory, relative to the manifest.
    path: String,
    /// The book page that teaches what the exercise needs, relative to `book/src`.
    chapter: String,
    task: String,
    hint: String,
}

/// The project root, where `exercises/` and `book/` live. Fixed at build time: the runner is
/// meant to be used through `cargo run` (or `just`) inside a checkout.
fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `explain workshop`.
pub fn run(args: &WorkshopArgs) -> anyhow::Result<()> {
    let root = project_root();
    let manifest = load_manifest(&root.join("exercises/exercises.toml"))?;
    let Some(number) = args.number else {
        return style::print_stdout(&list(&manifest));
    };
    let exercise = find(&manifest, number)?;
    if args.hint {
        return style::print_stdout(&hint_text(exercise));
    }
    style::print_stdout(&task_text(exercise))?;
    run_tests(&root, exercise)
}

/// Reads and checks the manifest: numbers are unique and every path is a crate.
fn load_manifest(path: &Path) -> anyhow::Result<Manifest> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the exercise list {}", path.display()))?;
    let manifest: Manifest =
        toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    let mut numbers: Vec<u32> = manifest.exercise.iter().map(|e| e.number).collect();
    numbers.sort_unstable();
    if let Some(pair) = numbers.windows(2).find(|pair| pair[0] == pair[1]) {
        bail!(
            "{}: exercise number {} appears twice",
            path.display(),
            pair[0]
        );
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Some(e) = manifest
        .exercise
        .iter()
        .find(|e| !dir.join(&e.path).join("Cargo.toml").is_file())
    {
        bail!(
            "{}: exercise {} points at {}, which has no Cargo.toml",
            path.display(),
            e.number,
            dir.join(&e.path).display()
        );
    }
    Ok(manifest)
}

/// The exercise numbered `number`, or an error that lists the valid numbers.
fn find(manifest: &Manifest, number: u32) -> anyhow::Result<&Exercise> {
    manifest
        .exercise
        .iter()
        .find(|e| e.number == number)
        .with_context(|| {
            let known: Vec<String> = manifest
                .exercise
                .iter()
                .map(|e| e.number.to_string())
                .collect();
            format!(
                "there is no exercise {number}; the exercises are {} \
             (run `explain workshop` to list them)",
                known.join(", ")
            )
        })
}

/// The table printed by a bare `explain workshop`.
fn list(manifest: &Manifest) -> String {
    let mut out = format!("{}\n\n", style::heading("Workshop exercises"));
    for e in &manifest.exercise {
        let path = format!("exercises/{}", e.path);
        let _ = writeln!(out, "  {:>2}  {}  {}", e.number, e.name, style::dim(&path));
        let _ = writeln!(out, "      {}", e.title);
    }
    let _ = writeln!(
        out,
        "\nStart one with {} (add {} for a hint).",
        style::command("explain workshop N"),
        style::command("--hint")
    );
    out
}

/// What `explain workshop N` prints before it runs the tests.
fn task_text(e: &Exercise) -> String {
    let mut out = format!(
        "{}\n\n",
        style::heading(&format!("Exercise {}: {}", e.number, e.name))
    );
    let _ = writeln!(out, "{}\n", e.task.trim());
    let _ = writeln!(
        out,
        "Files:   exercises/{}/src/lib.rs (the tests are in tests/)",
        e.path
    );
    let _ = writeln!(
        out,
        "Read:    exercises/{}/README.md and book/src/{}",
        e.path, e.chapter
    );
    let _ = writeln!(
        out,
        "Hint:    {}\n",
        style::command(&format!("explain workshop {} --hint", e.number))
    );
    out
}

/// What `explain workshop N --hint` prints.
fn hint_text(e: &Exercise) -> String {
    format!(
        "{}\n\n{}\n\nThe reference answer is in exercises/{}/solution/.\n",
        style::heading(&format!("Hint for exercise {}: {}", e.number, e.name)),
        e.hint.trim(),
        e.path
    )
}

/// Runs the exercise's tests with cargo, streaming cargo's output to the terminal, and turns a
/// failure into an error that says what to do next.
fn run_tests(root: &Path, e: &Exercise) -> anyhow::Result<()> {
    let manifest_path = root.join("exercises").join(&e.path).join("Cargo.toml");
    // A target directory of its own, under the project's target/, so the exercise build never
    // waits on (or invalidates) the workspace build.
    let target_dir = root.join("target/workshop");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .arg("test")
        .arg("--manifest-path")
        .arg(&manifest_path)
        .arg("--target-dir")
        .arg(&target_dir)
        // The tests' own messages say what is wrong; a backtrace only buries them.
        .env("RUST_BACKTRACE", "0")
        .status()
        .with_context(|| format!("cannot run cargo for {}", manifest_path.display()))?;
    if !status.success() {
        return Err(not_solved(e));
    }
    style::print_stdout(&format!(
        "\n{} Exercise {} passes. Compare with exercises/{}/solution/ if you like.\n",
        style::heading("Well done!"),
        e.number,
        e.path
    ))
}

/// The error of an exercise whose tests fail.
fn not_solved(e: &Exercise) -> anyhow::Error {
    anyhow::anyhow!(
        "exercise {} is not solved yet: edit exercises/{}/src/lib.rs until its tests pass \
         (`explain workshop {} --hint` for a hint)",
        e.number,
        e.path,
        e.number
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        load_manifest(&project_root().join("exercises/exercises.toml")).unwrap()
    }

    #[test]
    fn every_exercise_points_at_a_crate_a_solution_and_a_chapter() {
        let root = project_root();
        let manifest = manifest();
        assert!(!manifest.exercise.is_empty());
        for e in &manifest.exercise {
            let dir = root.join("exercises").join(&e.path);
            assert!(
                dir.join("Cargo.toml").is_file(),
                "{}: no Cargo.toml",
                e.path
            );
            assert!(dir.join("README.md").is_file(), "{}: no README.md", e.path);
            assert!(
                dir.join("solution/src/lib.rs").is_file(),
                "{}: no solution",
                e.path
            );
            let chapter = root.join("book/src").join(&e.chapter);
            assert!(
                chapter.is_file(),
                "{}: chapter {} is missing",
                e.path,
                e.chapter
            );
            assert!(
                e.path.starts_with(&format!("{:02}-", e.number)),
                "{}: number",
                e.path
            );
        }
    }

    #[test]
    fn unknown_numbers_are_an_error_naming_the_valid_ones() {
        let manifest = manifest();
        let err = find(&manifest, 99).unwrap_err().to_string();
        assert!(err.contains("no exercise 99"), "{err}");
        assert!(err.contains("1, 2"), "{err}");
        assert_eq!(find(&manifest, 2).unwrap().name, "path-copying");
    }

    #[test]
    fn duplicate_numbers_are_rejected() {
        let dir = std::env::temp_dir().join(format!("workshop-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("exercises.toml");
        let entry =
            "[[exercise]]\nnumber = 1\nname = 'a'\ntitle = 'x'\npath = '01-a'\nchapter = 'c.md'\n\
                     task = 't'\nhint = 'h'\n";
        std::fs::write(&path, format!("{entry}{entry}")).unwrap();
        let err = load_manifest(&path).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(err.contains("number 1 appears twice"), "{err}");
    }

    #[test]
    fn paths_without_a_crate_are_rejected() {
        let dir = std::env::temp_dir().join(format!("workshop-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("exercises.toml");
        let entry = "[[exercise]]\nnumber = 7\nname = 'a'\ntitle = 'x'\npath = '07-a'\n\
                     chapter = 'c.md'\ntask = 't'\nhint = 'h'\n";
        std::fs::write(&path, entry).unwrap();
        let err = load_manifest(&path).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(err.contains("exercise 7 points at"), "{err}");
    }

    /// The commands the runner tells a learner to type (in the list, the task, the hint and
    /// the errors) parse with the CLI's grammar.
    #[test]
    fn every_command_the_workshop_prints_parses() {
        let manifest = manifest();
        let mut texts = vec![
            list(&manifest),
            find(&manifest, 99).unwrap_err().to_string(),
        ];
        for e in &manifest.exercise {
            texts.push(task_text(e));
            texts.push(hint_text(e));
            texts.push(not_solved(e).to_string());
        }
        let commands: Vec<crate::typed_commands::Typed> = texts
            .iter()
            .flat_map(|t| crate::typed_commands::commands_in(t))
            .collect();
        // The list's and the error's, then per exercise the task's and the error's hint.
        assert_eq!(
            commands.len(),
            2 + 2 * manifest.exercise.len(),
            "{commands:#?}"
        );
        for command in &commands {
            crate::typed_commands::check(command).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn the_list_and_texts_name_every_exercise() {
        let manifest = manifest();
        let listing = list(&manifest);
        for e in &manifest.exercise {
            assert!(listing.contains(&e.name), "{listing}");
            assert!(task_text(e).contains(&format!("exercises/{}/README.md", e.path)));
            assert!(hint_text(e).contains(e.hint.trim()));
        }
    }
}
