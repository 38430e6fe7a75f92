//! One error convention under every subcommand, as `explain --help` states it:
//!
//! - status 0 for success; 1 for an error; 2 for a usage error; N for `SystemExit(N)`;
//! - an error of `explain`'s own (a missing file, a construct the tracer does not support yet, a
//!   bad stop or exercise number) is exactly one line on stderr, starting `error: `;
//! - a Python program's own failure is printed as python3.13 prints it: a syntax error as its
//!   `File ..., line N` block, an uncaught exception as its traceback (tests/errors.rs compares
//!   those texts with CPython's). `specialize` and `dis --adaptive` still print their story or
//!   listing first; `dis` without `--adaptive` does not run the program, so nothing is raised.
//!
//! Each case runs every subcommand that reads a program, so a new subcommand or a changed one
//! cannot drift from the others unnoticed.

#[path = "support/cli.rs"]
mod support;

use support::explain;

/// Writes `text` to a fresh file in the target's temporary folder and returns its path.
fn program(name: &str, text: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_errors");
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temporary file");
    path.display().to_string()
}

/// What one run left: exit code, stdout, stderr.
struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ran(args: &[&str]) -> Ran {
    let out = explain(args);
    Ran {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every way of running or compiling `file` that the CLI has.
fn program_commands(file: &str) -> Vec<Vec<&str>> {
    vec![
        vec!["run", file],
        vec!["run", "--no-specialize", file],
        vec!["dis", file],
        vec!["dis", "--adaptive", file],
        vec!["specialize", file],
        vec!["specialize", "--format", "json", file],
    ]
}

/// Asserts an `explain` error: status 1, nothing on stdout, one `error: ` line on stderr.
fn assert_error_line(args: &[&str], r: &Ran) {
    assert_eq!(r.code, 1, "explain {args:?}: {}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "explain {args:?} printed {:?}",
        r.stdout
    );
    assert!(
        r.stderr.starts_with("error: ") && r.stderr.ends_with('\n'),
        "explain {args:?}: {:?}",
        r.stderr
    );
    assert_eq!(
        r.stderr.lines().count(),
        1,
        "explain {args:?}: {:?}",
        r.stderr
    );
}

#[test]
fn unsupported_constructs_are_error_lines_everywhere() {
    let file = program(
        "unsupported_async.py",
        "async def f(xs):\n    async for x in xs:\n        pass\n",
    );
    for args in program_commands(&file) {
        let r = ran(&args);
        if args == ["dis", file.as_str()] {
            // A listing alone never runs: it shows what the VM cannot run yet.
            assert_eq!(r.code, 0, "explain {args:?}: {}", r.stderr);
            assert!(r.stdout.contains("RETURN_GENERATOR"), "{}", r.stdout);
            continue;
        }
        assert_error_line(&args, &r);
        assert_eq!(
            r.stderr,
            format!("error: not supported yet: async for at {file}:2:5\n"),
            "explain {args:?}"
        );
    }
}

#[test]
fn syntax_errors_are_printed_as_cpython_prints_them_everywhere() {
    let file = program("syntax.py", "def f(:\n    pass\n");
    let mut texts = Vec::new();
    for args in program_commands(&file) {
        let r = ran(&args);
        assert_eq!(r.code, 1, "explain {args:?}");
        assert!(r.stdout.is_empty(), "explain {args:?}");
        let last = r.stderr.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("SyntaxError: "),
            "explain {args:?}: {}",
            r.stderr
        );
        texts.push(r.stderr);
    }
    // `explain run` names the file by its absolute path, as CPython does; otherwise the same.
    let last_lines: Vec<&str> = texts.iter().map(|t| t.lines().last().unwrap()).collect();
    assert!(last_lines.windows(2).all(|w| w[0] == w[1]), "{texts:#?}");
}

#[test]
fn an_uncaught_exception_exits_1_wherever_the_program_runs() {
    let file = program("raises.py", "print('before')\n1 / 0\n");
    let last = "ZeroDivisionError: division by zero";
    for args in program_commands(&file) {
        let r = ran(&args);
        if args == ["dis", file.as_str()] {
            // Only compiled, never run: nothing is raised.
            assert_eq!((r.code, r.stderr.as_str()), (0, ""), "explain {args:?}");
            continue;
        }
        assert_eq!(r.code, 1, "explain {args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("Traceback (most recent call last):\n")
                && r.stderr.ends_with(&format!("{last}\n")),
            "explain {args:?}: {}",
            r.stderr
        );
        // What the subcommand shows is still shown.
        let shown = match args[0] {
            "run" => "before\n",
            "dis" => "BINARY_OP",
            _ if args.contains(&"json") => "\"error\": \"Traceback",
            _ => "Uncaught exception: ZeroDivisionError",
        };
        assert!(r.stdout.contains(shown), "explain {args:?}: {}", r.stdout);
    }
}

#[test]
fn system_exit_gives_its_status_wherever_the_program_runs() {
    let file = program("exits.py", "print('bye')\nraise SystemExit(3)\n");
    for args in program_commands(&file) {
        let r = ran(&args);
        let expected = if args == ["dis", file.as_str()] { 0 } else { 3 };
        assert_eq!(r.code, expected, "explain {args:?}: {}", r.stderr);
        assert_eq!(r.stderr, "", "explain {args:?}");
    }
    let clean = program("exits_0.py", "raise SystemExit\n");
    for args in program_commands(&clean) {
        assert_eq!(ran(&args).code, 0, "explain {args:?}");
    }
}

#[test]
fn errors_of_explain_itself_are_one_error_line_with_status_1() {
    let missing = "tests/fixtures/no_such_file.py";
    let mut cases: Vec<Vec<&str>> = program_commands(missing);
    cases.extend([
        vec!["specialize", "--function", "no_such_function"],
        vec!["tour", "--stop", "99"],
        vec!["hamt", "set"],
        vec!["hamt", "--format", "svg", "--fill", "100000", "set", "1"],
        vec!["workshop", "99"],
        vec!["workshop", "99", "--hint"],
    ]);
    for args in cases {
        assert_error_line(&args, &ran(&args));
    }
}

#[test]
fn usage_errors_exit_2_with_an_error_line_first() {
    for args in [
        vec!["run"],
        vec!["specialize", "--format", "yaml"],
        vec!["specialize", "--example", "nope"],
        vec!["specialize", "x.py", "--example", "mixed"],
        vec!["tour", "--stop", "one"],
        vec!["no-such-command"],
    ] {
        let r = ran(&args);
        assert_eq!(r.code, 2, "explain {args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("error: "),
            "explain {args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn help_states_the_convention() {
    let r = ran(&["--help"]);
    assert_eq!(r.code, 0);
    for needle in [
        "Errors and exit status",
        "one line `error: ...`",
        "SystemExit(N)",
        "cargo install --locked --path .",
    ] {
        assert!(
            r.stdout.contains(needle),
            "--help lacks {needle:?}:\n{}",
            r.stdout
        );
    }
}
