//! `explain jit` end to end: the Fibonacci view (text and JSON snapshots, with addresses and
//! timings redacted), and the facts it must show: every uop has its stencil, the holes are
//! patched with the right kinds of values, the finished trace's size adds up. Also the book's
//! `book/src/generated/jit-*` files, written by these very runs (`--redact`, `--brief`,
//! `--stencils`; `PYINTERNALS_BLESS=1 cargo test --test cli_jit` rewrites them after review).

#[path = "support/cli.rs"]
mod support;

use support::{check_book_file, stdout_of};

/// The block of `text` from the first line that starts with `start` up to the next blank
/// line: the chapter's excerpts are cut by content, so they follow the output when it changes.
fn block(text: &str, start: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no block starting with {start:?} in:\n{text}"));
    let mut out: Vec<&str> = Vec::new();
    for l in &lines[first..] {
        if l.trim().is_empty() {
            break;
        }
        out.push(l);
    }
    out.join("\n") + "\n"
}

/// Whether `text` holds a hexadecimal number of 9 digits or more (an address).
fn has_address(text: &str) -> bool {
    text.split("0x")
        .skip(1)
        .any(|rest| rest.chars().take_while(char::is_ascii_hexdigit).count() >= 9)
}

/// The chapter "Copy-and-patch JIT" shows these runs; `--redact` makes them the same on
/// every run, so they can be checked byte for byte.
#[test]
fn book_files() {
    if !stencil_jit::supported() {
        return;
    }
    let full = stdout_of(&["jit", "--redact"]);
    assert!(!has_address(&full), "--redact left an address:\n{full}");
    assert!(
        full.contains("compiled in [t] ns ([t] ns per uop)"),
        "{full}"
    );
    assert!(full.contains("[t] ns per uop to compile"), "{full}");
    assert!(full.contains("= [address]"), "{full}");
    assert_eq!(full, stdout_of(&["jit", "--redact"]), "two runs differ");
    check_book_file("jit-fib.txt", &full);
    check_book_file("jit-fib-uop0.txt", &block(&full, "  uop 0 "));
    // The finished trace's first uops: the start of the executor as it runs.
    let finished = block(&full, "  the finished trace");
    let head: Vec<&str> = finished
        .lines()
        .take_while(|l| !l.starts_with("    ; uop 3 "))
        .collect();
    check_book_file("jit-fib-finished-start.txt", &(head.join("\n") + "\n"));

    let brief = stdout_of(&["jit", "--brief", "--redact"]);
    assert!(!has_address(&brief), "{brief}");
    // One line per uop, and each names the stencil the full view shows for it.
    for line in brief
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(" ("))
    {
        let mut words = line.split_whitespace();
        if let (Some(index), Some(_), Some(stencil)) = (words.next(), words.next(), words.next()) {
            if index.parse::<usize>().is_ok() {
                assert!(
                    full.contains(&format!("stencil {stencil} (")),
                    "uop {index}: {line}"
                );
            }
        }
    }
    check_book_file("jit-fib-brief.txt", &brief);

    let stencils = stdout_of(&["jit", "--stencils"]);
    check_book_file("jit-stencils.txt", &stencils);
    check_book_file(
        "jit-stencil-helper.txt",
        &block(&stencils, "  stencil helper "),
    );
    // Every stencil of the table is listed, with its holes.
    for st in stencil_jit::stencil::STENCILS {
        assert!(
            stencils.contains(&format!("  stencil {} (", st.name)),
            "{}",
            st.name
        );
    }
}

#[test]
fn fibonacci_text() {
    if !stencil_jit::supported() {
        return;
    }
    let out = stdout_of(&["jit"]);
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"0x[0-9a-f]{9,16}", "0x[addr]");
    settings.add_filter(
        r"compiled in \d+ ns \(\d+ ns per uop\)",
        "compiled in [t] ns ([t] ns per uop)",
    );
    settings.add_filter(r"\d+ ns per uop to compile", "[t] ns per uop to compile");
    settings.bind(|| insta::assert_snapshot!("jit_fib", out));
    // The loop is compiled and runs in machine code.
    assert!(out.contains("executor #0 in fibonacci"), "{out}");
    assert!(out.contains("loop iterations in machine code"), "{out}");
    // Every uop shows its stencil; the helper is patched with a code address, the index
    // with the uop's own index.
    assert!(out.contains("stencil helper (calls the VM)"), "{out}");
    assert!(
        out.contains("_JIT_INDEX        = 2                uop index 2"),
        "{out}"
    );
    assert!(out.contains("stencil jump_to_top (inline)"), "{out}");
    assert!(
        out.contains("; uop 0 _START_EXECUTOR (check_validity)"),
        "{out}"
    );
}

#[test]
fn fibonacci_json() {
    if !stencil_jit::supported() {
        return;
    }
    let out = stdout_of(&["jit", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let exec = &json["executors"][0];
    let uops = exec["uops"].as_array().expect("uops");
    // Sizes add up: each uop's stencil is laid end to end.
    let total: u64 = uops.iter().map(|u| u["size"].as_u64().unwrap_or(0)).sum();
    assert_eq!(Some(total), exec["code_bytes"].as_u64());
    let bytes = exec["code"].as_str().unwrap_or("").split(' ').count() as u64;
    assert_eq!(Some(bytes), exec["code_bytes"].as_u64());
    // Every stencil a uop uses is listed with its holes.
    for u in uops {
        let name = u["stencil"].as_str().unwrap_or("");
        assert!(
            json["stencils"]
                .as_array()
                .is_some_and(|s| s.iter().any(|st| st["name"] == name)),
            "{name}"
        );
    }
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"0x[0-9a-f]{9,16}", "0x[addr]");
    settings.add_filter(r#""(compile_ns|ns_per_uop)": \d+"#, r#""$1": "[t]""#);
    settings.add_filter(r#""value": \d{9,}"#, r#""value": "[addr]""#);
    settings.add_filter(
        r#""code": "[0-9a-f ]+""#,
        r#""code": "[bytes with addresses]""#,
    );
    settings.bind(|| insta::assert_snapshot!("jit_fib_json", out));
}
