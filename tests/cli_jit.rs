//! `explain jit` end to end: the Fibonacci view (text and JSON snapshots, with addresses and
//! timings redacted), and the facts it must show: every uop has its stencil, the holes are
//! patched with the right kinds of values, the finished trace's size adds up.

#[path = "support/cli.rs"]
mod support;

use support::stdout_of;

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
        out.contains("_JIT_INDEX         = 2                uop index 2"),
        "{out}"
    );
    assert!(out.contains("stencil jump_to_top (inline)"), "{out}");
    // Arithmetic on ints is machine code, with the VM on its slow path after the trace.
    assert!(
        out.contains("stencil binary_op_add_int (inline; the VM on its slow path)"),
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
