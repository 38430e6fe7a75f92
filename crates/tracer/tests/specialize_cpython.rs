//! Adaptive listings after a run, compared with CPython 3.13's `dis.get_instructions(code,
//! adaptive=True)` for the programs in `tests/specialize/`. CPython is asked live when
//! `python3.13` is installed; otherwise the checked-in `NAME.json` (written by
//! `tests/specialize/cpython_adaptive.py`) is the oracle.

use std::path::{Path, PathBuf};
use std::process::Command;

use tracer::vm::{with_big_stack, Vm, VmOptions};

/// `[[qualname, [opname, ...]], ...]` in dis order.
type Listing = Vec<(String, Vec<String>)>;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specialize")
}

fn parse(json: &str) -> Listing {
    let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    v.as_array()
        .expect("array")
        .iter()
        .map(|pair| {
            let name = pair[0].as_str().expect("qualname").to_string();
            let ops = pair[1]
                .as_array()
                .expect("ops")
                .iter()
                .map(|o| o.as_str().expect("op").to_string())
                .collect();
            (name, ops)
        })
        .collect()
}

/// CPython's listing: live if python3.13 runs, else the checked-in file.
fn cpython(name: &str) -> Listing {
    let file = dir().join(format!("{name}.py"));
    let live = Command::new("python3.13")
        .env("PYENV_VERSION", "3.13.0")
        .arg(dir().join("cpython_adaptive.py"))
        .arg(&file)
        .output();
    match live {
        Ok(out) if out.status.success() => parse(&String::from_utf8_lossy(&out.stdout)),
        _ => parse(
            &std::fs::read_to_string(dir().join(format!("{name}.json")))
                .expect("checked-in listing"),
        ),
    }
}

/// Our listing after running the program once.
fn ours(name: &str) -> Listing {
    let file = dir().join(format!("{name}.py"));
    with_big_stack(move || {
        let source = std::fs::read_to_string(&file).expect("program");
        let code =
            tracer::compile::compile(&source, &file.display().to_string()).expect("compiles");
        let mut vm = Vm::new(VmOptions {
            capture_output: true,
            ..VmOptions::default()
        });
        vm.run_module(&code)
            .map_err(|e| format!("{e:?}"))
            .expect("runs");
        code.walk()
            .iter()
            .map(|c| {
                let units = vm.adaptive_code(c);
                let ops = tracer::dis::get_instructions(c, units.as_deref(), false, &|_| 0)
                    .iter()
                    .map(|i| i.opname.to_string())
                    .collect();
                (c.qualname.to_string(), ops)
            })
            .collect()
    })
}

fn check(name: &str) {
    let (want, got) = (cpython(name), ours(name));
    assert_eq!(want.len(), got.len(), "{name}: number of code objects");
    let mut diffs = Vec::new();
    for ((qw, ow), (_, og)) in want.iter().zip(&got) {
        for (i, (w, g)) in ow.iter().zip(og).enumerate() {
            if w != g {
                diffs.push(format!("{qw} #{i}: ours {g}, CPython {w}"));
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "{name}: adaptive listing differs from CPython:\n{}",
        diffs.join("\n")
    );
}

#[test]
fn int_then_float_stays_int_after_52_deopts() {
    check("int_then_float_52");
    let l = ours("int_then_float_52");
    assert!(l[1].1.contains(&"BINARY_OP_ADD_INT".to_string()));
}

#[test]
fn int_then_float_respecializes_on_the_53rd_float_call() {
    check("int_then_float_53");
    let l = ours("int_then_float_53");
    assert!(l[1].1.contains(&"BINARY_OP_ADD_FLOAT".to_string()));
}

#[test]
fn attributes_methods_classes_super() {
    check("attributes");
}

#[test]
fn containers_iteration_calls() {
    check("containers");
}

#[test]
fn truthiness() {
    check("truthiness");
}

#[test]
fn failing_families_back_off() {
    check("failures");
}

#[test]
fn attribute_storage_slots_hints_lazy_dicts() {
    check("attr_storage");
    let l = ours("attr_storage");
    let has = |qualname: &str, op: &str| {
        l.iter()
            .any(|(q, ops)| q == qualname && ops.iter().any(|o| o == op))
    };
    // An empty slot deopts, but re-specializing picks the slot form again.
    assert!(has("empty_slot_deopts", "LOAD_ATTR_SLOT"));
    assert!(has("polymorphic", "LOAD_ATTR_NONDESCRIPTOR_NO_DICT"));
    // Once each exception has a dict, the lazy-dict method form no longer fits.
    assert!(!has("dict_appears", "LOAD_ATTR_METHOD_LAZY_DICT"));
    assert!(has("values_invalidated", "LOAD_ATTR_WITH_HINT"));
    assert!(has("values_invalidated", "STORE_ATTR_WITH_HINT"));
    assert!(has("dunder_class", "LOAD_ATTR_SLOT"));
    // A split dict (no inline values) never specializes; once combined, it takes hints.
    assert!(has("split_then_combined", "LOAD_ATTR_WITH_HINT"));
    assert!(has("split_then_combined", "STORE_ATTR_WITH_HINT"));
    // Instances use up shared-key places: the 30th name of a first instance, or a second
    // late name after 40 instances, no longer fits inline.
    assert!(has("lazily_added", "STORE_ATTR_INSTANCE_VALUE"));
    assert!(has("lazily_added", "LOAD_ATTR_WITH_HINT"));
    assert!(has("twenty_nine_inline", "LOAD_ATTR_WITH_HINT"));
}
