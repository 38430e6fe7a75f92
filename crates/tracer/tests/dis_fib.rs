//! `dis` of the running example against CPython's own listing
//! (CPython 3.13.0's `fib_dis.txt`, kept in `tests/cpython/fib_dis.txt`),
//! and a snapshot of the whole-module listing that `explain dis fib.py` prints.

use std::path::Path;
use std::rc::Rc;

use tracer::code::CodeObject;
use tracer::dis::{self, DisOptions};

fn fib() -> Rc<CodeObject> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cpython");
    let source = std::fs::read_to_string(dir.join("snippets/fib.py")).expect("fib.py");
    tracer::compile::compile(&source, "fib.py").expect("fib.py compiles")
}

/// The `=== cold (adaptive=False) ===` section of CPython's reference listing.
fn reference_cold_section() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cpython/fib_dis.txt");
    let text = std::fs::read_to_string(path).expect("fib_dis.txt");
    let start = text
        .find("=== cold (adaptive=False) ===\n")
        .expect("cold section")
        + 30;
    let end = text[start..].find("=== ").map_or(text.len(), |e| start + e);
    text[start..end].to_string()
}

#[test]
fn fibonacci_listing_equals_cpython_line_for_line() {
    // The reference was produced by a script in which `def fibonacci` sat on line 2, so the
    // function is compiled one line down here; everything else is the same source.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cpython");
    let source = std::fs::read_to_string(dir.join("snippets/fib.py")).expect("fib.py");
    let module = tracer::compile::compile(&format!("\n{source}"), "fib.py").expect("compiles");
    let function = module
        .nested()
        .next()
        .expect("fibonacci's code object")
        .clone();
    let addresses = dis::Addresses::new(&module);
    let ours = dis::disassemble(&function, None, DisOptions::default(), &|c| addresses.of(c));
    let reference = reference_cold_section();
    for (k, (a, b)) in ours.lines().zip(reference.lines()).enumerate() {
        assert_eq!(a, b, "line {k} differs");
    }
    assert_eq!(ours.lines().count(), reference.lines().count());
}

#[test]
fn module_listing_snapshot() {
    let text = dis::dis(&fib(), None, DisOptions::default());
    insta::assert_snapshot!(text);
}

#[test]
fn show_caches_lists_every_cache_unit() {
    let module = fib();
    let function = module.nested().next().unwrap().clone();
    let text = dis::disassemble(&function, None, DisOptions { show_caches: true }, &|_| 0);
    // LOAD_GLOBAL has 4 cache units, CALL 3, FOR_ITER/BINARY_OP/UNPACK_SEQUENCE/JUMP_BACKWARD 1.
    assert_eq!(text.matches("CACHE").count(), 4 + 3 + 1 + 1 + 1 + 1);
    assert!(
        text.contains("CACHE                    0 (counter: 0)"),
        "{text}"
    );
    assert!(
        text.contains("CACHE                    0 (func_version: 0)"),
        "{text}"
    );
}

#[test]
fn adaptive_units_override_opcodes_but_not_labels() {
    let module = fib();
    let function = module.nested().next().unwrap().clone();
    let mut units = function.code.clone();
    // Pretend the specializer rewrote BINARY_OP into BINARY_OP_ADD_INT.
    let at = units
        .iter()
        .position(|&u| tracer::code::unit_opcode(u) == tracer::bytecode::Opcode::BINARY_OP)
        .unwrap();
    units[at] = tracer::code::code_unit(tracer::bytecode::Opcode::BINARY_OP_ADD_INT, 0);
    let text = dis::disassemble(&function, Some(&units), DisOptions::default(), &|_| 0);
    assert!(text.contains("BINARY_OP_ADD_INT        0 (+)"), "{text}");
    assert!(
        text.contains("JUMP_BACKWARD           10 (to L1)"),
        "{text}"
    );
}
