//! `explain jit` end to end: the Fibonacci view (text and JSON snapshots, with addresses and
//! timings redacted), and the facts it must show: every uop has its stencil, the holes are
//! patched with the right kinds of values, the finished trace's size adds up. Also the book's
//! `book/src/generated/jit-*` files, written by these very runs (`--redact`, `--brief`,
//! `--stencils`; `PYINTERNALS_BLESS=1 cargo test --test cli_jit` rewrites them after review),
//! and the data of exercises 07 and 08 (`tests/data/jit-traces.txt`: the real stencils and
//! the executors of three programs as `--format json` records them, addresses replaced by
//! fixed stand-ins so that the file is the same on every run).

#[path = "support/cli.rs"]
mod support;

use support::{check_book_file, check_generated_file, stdout_of};

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
    // An address and the padding after it: the column width depends on how many digits the
    // allocator's addresses have.
    settings.add_filter(r"0x[0-9a-f]{9,16} +", "0x[addr] ");
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
    // Every uop shows its stencil; range iteration is machine code (one fused stencil for
    // the loop head's three uops), and its slow path (a copy of the helper) is patched with
    // the uop's own index and the run's length.
    assert!(
        out.contains(
            "stencil for_iter_range (inline, fused: uops 3 .. 4, _GUARD_NOT_EXHAUSTED_RANGE + _ITER_NEXT_RANGE; the VM runs them all on its slow path)"
        ),
        "{out}"
    );
    assert!(
        out.contains("_JIT_COUNT         = 2                uops the VM runs: 3 .. 4 in one call (the fused run)"),
        "{out}"
    );
    assert!(
        out.contains("_JIT_INDEX         = 2                uop index 2"),
        "{out}"
    );
    assert!(out.contains("stencil jump_to_top (inline)"), "{out}");
    // Arithmetic on ints is machine code, with the VM on its slow path after the trace: the
    // load of the right operand, the int guard and the add are one fused stencil.
    assert!(
        out.contains(
            "stencil load_fast_binary_op_add_int (inline, fused: uops 8 .. 10, _LOAD_FAST_2 + _GUARD_BOTH_INT + _BINARY_OP_ADD_INT; the VM runs them all on its slow path)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "(no code: uop 8's stencil load_fast_binary_op_add_int does this uop's work: a fused run)"
        ),
        "{out}"
    );
    assert!(out.contains("; slow path of uop"), "{out}");
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
    // Sizes add up: each uop's stencil is laid end to end, then come the slow paths.
    let total: u64 = uops.iter().map(|u| u["size"].as_u64().unwrap_or(0)).sum();
    assert_eq!(Some(total), exec["trace_bytes"].as_u64());
    let trace = exec["trace_bytes"].as_u64().unwrap_or(0);
    for u in uops.iter().filter(|u| !u["slow_path"].is_null()) {
        assert!(u["slow_path"].as_u64() >= Some(trace), "{u}");
    }
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
    // An address and the padding after it: the column width depends on how many digits the
    // allocator's addresses have.
    settings.add_filter(r"0x[0-9a-f]{9,16} +", "0x[addr] ");
    settings.add_filter(r"0x[0-9a-f]{9,16}", "0x[addr]");
    settings.add_filter(
        r#""(compile_ns|copy_and_patch_ns|ns_per_uop)": \d+"#,
        r#""$1": "[t]""#,
    );
    settings.add_filter(r#""value": \d{9,}"#, r#""value": "[addr]""#);
    settings.add_filter(
        r#""code": "[0-9a-f ]+""#,
        r#""code": "[bytes with addresses]""#,
    );
    settings.bind(|| insta::assert_snapshot!("jit_fib_json", out));
}

/// What the exercises use for the helpers' addresses and for executor `k`'s `valid` flag:
/// any 64-bit numbers do, since the exercises never run the code.
const HELPER_STAND_IN: u64 = 0x0000_7f3a_1000_2a40;
const INCREF_STAND_IN: u64 = 0x0000_7f3a_1000_1d30;
const DECREF_STAND_IN: u64 = 0x0000_7f3a_1000_1c00;
const VALID_STAND_IN: u64 = 0x0000_55d0_0c00_0418;

/// `name=N` in a uop as `explain` prints it (`_ITER_NEXT_RANGE (8, jump_target=0, ...)`);
/// decimal or `0x` hex, 0 when absent or not a number (`operand=0xADDR`).
fn uop_field(uop: &str, name: &str) -> u64 {
    let Some(rest) = uop.split(&format!(" {name}=")).nth(1) else {
        return 0;
    };
    let value: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).unwrap_or(0),
        None => value.parse().unwrap_or(0),
    }
}

/// The oparg of a uop as `explain` prints it: the first number in the parentheses.
fn uop_oparg(uop: &str) -> u64 {
    uop.split('(')
        .nth(1)
        .and_then(|rest| rest.split([',', ')']).next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

fn unhex(text: &str) -> Vec<u8> {
    text.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).expect("hex byte"))
        .collect()
}

/// The stand-in of an address hole (helpers, `valid`), `None` for other symbols.
fn stand_in(symbol: &str, valid: u64) -> Option<u64> {
    match symbol {
        "_JIT_HELPER" => Some(HELPER_STAND_IN),
        "_JIT_INCREF" => Some(INCREF_STAND_IN),
        "_JIT_DECREF" => Some(DECREF_STAND_IN),
        "_JIT_VALID" => Some(valid),
        _ => None,
    }
}

/// One uop's fields as the exercises see them.
struct UopFields {
    index: usize,
    jump: usize,
    error: usize,
    operand: i64,
    oparg: i64,
    count: i64,
    consts: (i64, i64),
}

/// The `S` a value hole of a uop must have had (checked against what the JIT wrote).
fn expected_value(symbol: &str, u: &UopFields) -> i64 {
    match symbol {
        "_JIT_INDEX" => u.index as i64,
        "_JIT_OPERAND" => u.operand,
        "_JIT_OPARG" => u.oparg,
        "_JIT_COUNT" => u.count,
        "_JIT_CONST_TAG" => u.consts.0,
        "_JIT_CONST_PAYLOAD" => u.consts.1,
        other => panic!("unknown value hole {other}: teach the exercises"),
    }
}

/// The exercises' data file: every stencil with its holes, then per executor its uops, each
/// hole's symbol value (`S`: an absolute value, or the trace offset a jump lands on) and the
/// finished code. See the exercises' README for the format.
fn exercise_data() -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "# The copy-and-patch JIT's stencils and the executors of three programs, written by\n\
         # tests/cli_jit.rs from `explain jit --format json` (PYINTERNALS_BLESS=1 rewrites it).\n\
         # The helpers' and the `valid` flags' addresses are replaced by fixed stand-ins.\n",
    );
    let programs: [(&str, Option<&str>); 3] = [
        ("fib", None),
        ("backoff", Some("book/src/examples/backoff.py")),
        ("side_exit", Some("book/src/examples/side_exit.py")),
    ];
    let mut valid_index = 0u64;
    for (n, (label, file)) in programs.iter().enumerate() {
        let mut args = vec!["jit", "--format", "json"];
        args.extend(file.iter().copied());
        let json: serde_json::Value = serde_json::from_str(&stdout_of(&args)).expect("valid JSON");
        let stencils = json["stencils"].as_array().expect("stencils");
        let stencil = |name: &str| {
            stencils
                .iter()
                .find(|st| st["name"] == name)
                .expect("a known stencil")
        };
        let addend_of = |name: &str, offset: u64| -> Option<i64> {
            stencil(name)["holes"]
                .as_array()?
                .iter()
                .find(|h| h["offset"] == offset)?["addend"]
                .as_i64()
        };
        let helper_len = unhex(stencil("helper")["bytes"].as_str().expect("bytes")).len() as u64;
        if n == 0 {
            for st in stencils {
                let name = st["name"].as_str().expect("name");
                let bytes = st["bytes"].as_str().unwrap_or("");
                let _ = writeln!(out, "{}", format!("stencil {name} {bytes}").trim_end());
                for h in st["holes"].as_array().expect("holes") {
                    let _ = writeln!(
                        out,
                        "hole {name} {} {} {} {}",
                        h["offset"],
                        h["kind"].as_str().expect("kind"),
                        h["symbol"].as_str().expect("symbol"),
                        h["addend"]
                    );
                }
            }
        }
        for exec in json["executors"].as_array().expect("executors") {
            let valid = VALID_STAND_IN + 0x100 * valid_index;
            valid_index += 1;
            let mut code = unhex(exec["code"].as_str().expect("code"));
            let uops = exec["uops"].as_array().expect("uops");
            let trace = exec["trace_bytes"].as_u64().expect("trace_bytes");
            let offsets: Vec<u64> = uops
                .iter()
                .map(|u| u["offset"].as_u64().expect("offset"))
                .chain(std::iter::once(trace))
                .collect();
            let _ = writeln!(
                out,
                "executor {label} {} trace={trace} helper={HELPER_STAND_IN:#x} \
                 incref={INCREF_STAND_IN:#x} decref={DECREF_STAND_IN:#x} valid={valid:#x}",
                exec["executor"]
            );
            let mut patches = String::new();
            for (i, u) in uops.iter().enumerate() {
                let text = u["uop"].as_str().expect("uop");
                let name = text.split_whitespace().next().expect("a name");
                let stencil_name = u["stencil"].as_str().expect("stencil");
                let slow_at = u["slow_path"].as_u64();
                let all = u["patches"].as_array().expect("patches");
                // `S` of a value hole, from what the JIT wrote into it (the view prints
                // `_SET_IP`'s operand, a code position in CPython, as `0xADDR`).
                let written = |symbol: &str| {
                    all.iter()
                        .find(|p| p["symbol"] == symbol && p["slow_path"] == false)
                        .map(|p| {
                            let offset = p["offset"].as_u64().expect("offset");
                            let addend = addend_of(stencil_name, offset).expect("a hole");
                            p["value"].as_i64().expect("value").wrapping_sub(addend)
                        })
                };
                let fields = UopFields {
                    index: i,
                    jump: uop_field(text, "jump_target") as usize,
                    error: uop_field(text, "error_target") as usize,
                    operand: written("_JIT_OPERAND")
                        .unwrap_or_else(|| uop_field(text, "operand") as i64),
                    oparg: uop_oparg(text) as i64,
                    // The exercises' rule: 1, plus one per `fused` uop right after this
                    // one (a helper call's run, or a fused stencil's run, which its slow
                    // path runs whole).
                    count: 1 + uops[i + 1..]
                        .iter()
                        .take_while(|u| u["stencil"] == "fused")
                        .count() as i64,
                    consts: (
                        written("_JIT_CONST_TAG").unwrap_or(0),
                        written("_JIT_CONST_PAYLOAD").unwrap_or(0),
                    ),
                };
                let slow = slow_at.map_or_else(|| "-".to_string(), |at| at.to_string());
                let _ = writeln!(
                    out,
                    "uop {i} {name} {stencil_name} {} jump={} error={} operand={} oparg={} \
                     const={}:{} slow={slow}",
                    offsets[i],
                    fields.jump,
                    fields.error,
                    fields.operand,
                    fields.oparg,
                    fields.consts.0,
                    fields.consts.1
                );
                for p in all {
                    let offset = p["offset"].as_u64().expect("offset");
                    let symbol = p["symbol"].as_str().expect("symbol");
                    let value = p["value"].as_i64().expect("value");
                    let in_slow = p["slow_path"] == true;
                    let (base, st) = if in_slow {
                        (slow_at.expect("a slow path"), "helper")
                    } else {
                        (offsets[i], stencil_name)
                    };
                    if in_slow && offset == helper_len {
                        // The `jmp` back after the helper's copy: no hole of a stencil, and
                        // the exercises' own rule (checked by the code bytes below).
                        continue;
                    }
                    let addend = addend_of(st, offset).expect("every patch is a hole");
                    let at = (base + offset) as usize;
                    let target = match p["kind"].as_str() {
                        Some("Abs64") => {
                            assert_eq!(code[at..at + 8], value.to_le_bytes(), "{label} uop {i}");
                            match stand_in(symbol, valid) {
                                Some(s) => {
                                    let v = (s as i64).wrapping_add(addend);
                                    code[at..at + 8].copy_from_slice(&v.to_le_bytes());
                                    s as i64
                                }
                                None => {
                                    let s = value.wrapping_sub(addend);
                                    let expected = expected_value(symbol, &fields);
                                    assert_eq!(s, expected, "{label} uop {i} {symbol}");
                                    s
                                }
                            }
                        }
                        Some("Rel32") => {
                            let target = value + at as i64 - addend;
                            let expected = match symbol {
                                "_JIT_CONTINUE" => offsets[i + 1],
                                "_JIT_JUMP_TARGET" => offsets[fields.jump],
                                "_JIT_ERROR_TARGET" => offsets[fields.error],
                                "_JIT_TOP" => offsets[1],
                                "_JIT_SLOW" => slow_at.expect("a slow path"),
                                other => panic!("unknown continuation {other}"),
                            };
                            assert_eq!(target, expected as i64, "{label} uop {i} {symbol}");
                            target
                        }
                        other => panic!("hole kind {other:?} is new: teach the exercises"),
                    };
                    let where_ = if in_slow { " slow" } else { "" };
                    let _ = writeln!(patches, "patch {i} {offset} {symbol} {target}{where_}");
                }
            }
            out.push_str(&patches);
            let hex: Vec<String> = code.iter().map(|b| format!("{b:02x}")).collect();
            let _ = writeln!(out, "code {}", hex.join(" "));
        }
    }
    out
}

/// Exercises 07 (patch holes) and 08 (trace layout) test against the real stencils and real
/// executors: this run writes their data, and fails when the JIT changed under them.
#[test]
fn exercise_data_files() {
    if !stencil_jit::supported() {
        return;
    }
    let data = exercise_data();
    assert_eq!(data, exercise_data(), "two runs differ");
    assert!(
        data.contains("_JIT_OPERAND"),
        "a _SET_IP operand is in the data"
    );
    check_generated_file("exercises/07-patch-holes/tests/data/jit-traces.txt", &data);
    check_generated_file("exercises/08-trace-layout/tests/data/jit-traces.txt", &data);
}
