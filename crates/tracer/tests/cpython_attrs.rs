//! The table of CPython 3.13's builtin-type attributes (src/builtins/cpython_attrs.txt, written
//! by scripts/cpython-attrs.py) against python3.13 itself when installed, and the refusals it
//! drives: an attribute CPython has and the VM lacks is "not supported yet", one neither has
//! stays an AttributeError with CPython's message.

use std::path::PathBuf;
use std::process::Command;

use tracer::vm::{run_source, VmOptions};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn table_is_cpythons() {
    let path = repo_root().join("crates/tracer/src/builtins/cpython_attrs.txt");
    let checked_in = std::fs::read_to_string(&path).expect("read the table");
    let live = Command::new("python3.13")
        .arg(repo_root().join("scripts/cpython-attrs.py"))
        .arg("--print")
        .env("PYENV_VERSION", "3.13.0")
        .output()
        .ok()
        .filter(|out| out.status.success());
    let Some(live) = live else {
        eprintln!("python3.13 not available: the checked-in table is the oracle");
        return;
    };
    assert!(
        String::from_utf8_lossy(&live.stdout) == checked_in,
        "src/builtins/cpython_attrs.txt differs from python3.13: rerun \
         PYENV_VERSION=3.13.0 python3.13 scripts/cpython-attrs.py"
    );
}

/// The error a one-line program ends with.
fn error_of(source: &str) -> String {
    let out = run_source(source, "<test>", VmOptions::default()).expect("compiles");
    out.error.unwrap_or_default()
}

#[test]
fn missing_attributes_cpython_has_are_refused() {
    for (source, refused) in [
        ("'abc'.casefold()", "str.casefold"),
        ("float.fromhex('0x1p1')", "float.fromhex"),
        ("b'ab'.hex()", "bytes.hex"),
        ("class C: pass\nC().__sizeof__()", "object.__sizeof__"),
        ("class E(ValueError): pass\nE().with_traceback(None)", "BaseException.with_traceback"),
        ("class C: pass\nC.mro()", "type.mro"),
        ("import math\nmath.__loader__", "math.__loader__"),
        ("from math import __loader__", "math.__loader__"),
        (
            "class B:\n    pass\nclass C(B):\n    def __str__(self):\n        return super().__str__()\nstr(C())",
            "object.__str__",
        ),
    ] {
        let error = error_of(source);
        assert!(
            error.contains(&format!("NotImplementedError: not supported yet: {refused}")),
            "{source:?}: {error}"
        );
    }
    for (source, message) in [
        ("'abc'.nosuch", "'str' object has no attribute 'nosuch'"),
        (
            "class C: pass\nC().nosuch",
            "'C' object has no attribute 'nosuch'",
        ),
        (
            "import math\nmath.nosuch",
            "module 'math' has no attribute 'nosuch'",
        ),
        (
            "class C: pass\nC.nosuch",
            "type object 'C' has no attribute 'nosuch'",
        ),
    ] {
        let error = error_of(source);
        assert!(
            error.contains(&format!("AttributeError: {message}")),
            "{source:?}: {error}"
        );
    }
}

#[test]
fn every_provided_module_imports_and_has_a_table_line() {
    let table =
        std::fs::read_to_string(repo_root().join("crates/tracer/src/builtins/cpython_attrs.txt"))
            .expect("read the table");
    for name in tracer::builtins::modules::BUILTIN_MODULES {
        let error = error_of(&format!("import {name}\n{name}.__name__"));
        assert!(error.is_empty(), "import {name}: {error}");
        if name.starts_with("_pyinternals") {
            // The VM's own helper modules (the Rust half of a frozen one): not CPython's.
            continue;
        }
        assert!(
            table
                .lines()
                .any(|l| l.starts_with(&format!("module:{name} "))),
            "module {name} has no line in cpython_attrs.txt: add it to MODULES in \
             scripts/cpython-attrs.py"
        );
    }
}
