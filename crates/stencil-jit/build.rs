//! Build time of the copy-and-patch JIT: compile `stencils/stencils.rs` with `$RUSTC` into an
//! object file, read every `stencil_*` function's bytes and relocations with the `object`
//! crate, check that each stencil can be copied and patched, and write the stencil tables to
//! `$OUT_DIR/stencils.rs` (included by `src/stencil.rs`).
//!
//! A stencil that cannot be used fails the build with a message naming it and the problem: a
//! continuation reached by `call` instead of `jmp` (the tail call was not taken), a symbol
//! that is no hole (a panic, a bounds check, a `memcpy`), a GOT or data relocation.
//! On targets other than x86_64 Linux nothing is compiled and the table is empty (the JIT
//! then declines every executor and the uop interpreter runs them).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use object::{Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget};

/// The holes whose symbol address is the value (patched as a 64-bit absolute).
const VALUE_HOLES: &[(&str, &str)] = &[
    ("_JIT_INDEX", "Index"),
    ("_JIT_OPERAND", "Operand"),
    ("_JIT_HELPER", "Helper"),
    ("_JIT_VALID", "Valid"),
    ("_JIT_OPARG", "Oparg"),
    ("_JIT_COUNT", "Count"),
    ("_JIT_INCREF", "Incref"),
    ("_JIT_DECREF", "Decref"),
    ("_JIT_CONST_TAG", "ConstTag"),
    ("_JIT_CONST_PAYLOAD", "ConstPayload"),
    ("_JIT_OPERAND_PLUS1", "OperandPlus1"),
    ("_JIT_OPERAND_PLUS2", "OperandPlus2"),
    ("_JIT_OPERAND_PLUS3", "OperandPlus3"),
];
/// The holes that are code to continue at (patched as a 32-bit displacement of a jump).
const CONTINUATIONS: &[(&str, &str)] = &[
    ("_JIT_CONTINUE", "Continue"),
    ("_JIT_JUMP_TARGET", "JumpTarget"),
    ("_JIT_ERROR_TARGET", "ErrorTarget"),
    ("_JIT_TOP", "Top"),
    ("_JIT_SLOW", "Slow"),
];

const R_X86_64_64: u32 = 1;
const R_X86_64_PC32: u32 = 2;
const R_X86_64_PLT32: u32 = 4;

struct Hole {
    offset: u64,
    kind: &'static str,
    symbol: &'static str,
    addend: i64,
}

struct Stencil {
    name: String,
    code: Vec<u8>,
    holes: Vec<Hole>,
}

fn main() {
    println!("cargo::rerun-if-changed=stencils/stencils.rs");
    println!("cargo::rerun-if-changed=stencils/heap.rs");
    println!("cargo::rerun-if-changed=stencils/fused.rs");
    println!("cargo::rerun-if-changed=stencils/stack.rs");
    println!("cargo::rerun-if-changed=stencils/arith.rs");
    println!("cargo::rerun-if-changed=../tracer/src/backend/state.rs");
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let stencils = if arch == "x86_64" && os == "linux" {
        match build_stencils(&out) {
            Ok(s) => s,
            Err(why) => {
                eprintln!("error: stencil-jit: {why}");
                std::process::exit(1);
            }
        }
    } else {
        Vec::new()
    };
    std::fs::write(out.join("stencils.rs"), render(&stencils)).expect("write stencil tables");
}

/// Compiles the stencil source and extracts every stencil.
fn build_stencils(out: &std::path::Path) -> Result<Vec<Stencil>, String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let target = std::env::var("TARGET").map_err(|e| format!("TARGET: {e}"))?;
    let object_path = out.join("stencils.o");
    // Fixed flags, never the user's RUSTFLAGS: the stencils' shape depends on them.
    let status = Command::new(&rustc)
        .args([
            "stencils/stencils.rs",
            "--crate-type=lib",
            "--crate-name=stencils",
        ])
        .args(["--edition=2021", "--target", &target])
        .arg(format!("--emit=obj={}", object_path.display()))
        .args([
            "-C",
            "opt-level=3",
            "-C",
            "panic=abort",
            "-C",
            "codegen-units=1",
        ])
        .args(["-C", "debug-assertions=off", "-C", "overflow-checks=off"])
        .args(["-C", "relocation-model=static", "-C", "code-model=medium"])
        .args(["-C", "force-unwind-tables=no", "-C", "debuginfo=0"])
        .status()
        .map_err(|e| format!("cannot run {rustc}: {e}"))?;
    if !status.success() {
        return Err(format!("{rustc} failed to compile stencils/stencils.rs"));
    }
    let data = std::fs::read(&object_path).map_err(|e| format!("read stencils.o: {e}"))?;
    let file = object::File::parse(&*data).map_err(|e| format!("parse stencils.o: {e}"))?;
    let mut stencils = Vec::new();
    for symbol in file.symbols() {
        let Ok(name) = symbol.name() else { continue };
        let Some(short) = name.strip_prefix("stencil_") else {
            continue;
        };
        if !symbol.is_definition() {
            continue;
        }
        stencils.push(
            extract(&file, &symbol, short).map_err(|why| format!("stencil `{short}`: {why}"))?,
        );
    }
    stencils.sort_by(|a, b| a.name.cmp(&b.name));
    if stencils.is_empty() {
        return Err("stencils.o defines no stencil_* function".into());
    }
    Ok(stencils)
}

/// One stencil: its bytes, its holes (checked), the trailing jump to the next uop stripped.
fn extract(
    file: &object::File<'_>,
    symbol: &object::Symbol<'_, '_>,
    name: &str,
) -> Result<Stencil, String> {
    let index = symbol.section_index().ok_or("not in a section")?;
    let section = file.section_by_index(index).map_err(|e| e.to_string())?;
    let bytes = section.data().map_err(|e| e.to_string())?;
    let (start, size) = (symbol.address(), symbol.size());
    let code = bytes
        .get(start as usize..(start + size) as usize)
        .ok_or("symbol outside its section")?
        .to_vec();
    let mut holes = Vec::new();
    for (offset, reloc) in section.relocations() {
        if offset < start || offset >= start + size {
            continue;
        }
        let offset = offset - start;
        let RelocationTarget::Symbol(target) = reloc.target() else {
            return Err(format!("relocation at {offset:#x} has no symbol"));
        };
        let target = file.symbol_by_index(target).map_err(|e| e.to_string())?;
        let target_name = target.name().unwrap_or("?");
        let RelocationFlags::Elf { r_type } = reloc.flags() else {
            return Err("not an ELF relocation".into());
        };
        holes.push(classify(
            &code,
            offset,
            r_type,
            target_name,
            reloc.addend(),
        )?);
    }
    let mut stencil = Stencil {
        name: name.to_string(),
        code,
        holes,
    };
    strip_trailing_jump(&mut stencil);
    Ok(stencil)
}

/// Maps a relocation to a hole, or says why it cannot be one.
fn classify(
    code: &[u8],
    offset: u64,
    r_type: u32,
    symbol: &str,
    addend: i64,
) -> Result<Hole, String> {
    if let Some(&(_, kind)) = VALUE_HOLES.iter().find(|(s, _)| *s == symbol) {
        if r_type != R_X86_64_64 {
            return Err(format!(
                "value hole {symbol} at {offset:#x} has relocation type {r_type}, not R_X86_64_64 (is it a GOT or 32-bit reference?)"
            ));
        }
        return Ok(Hole {
            offset,
            kind: "Abs64",
            symbol: kind,
            addend,
        });
    }
    if let Some(&(_, kind)) = CONTINUATIONS.iter().find(|(s, _)| *s == symbol) {
        if r_type != R_X86_64_PLT32 && r_type != R_X86_64_PC32 {
            return Err(format!(
                "continuation {symbol} at {offset:#x} has relocation type {r_type}"
            ));
        }
        let at = offset as usize;
        let jmp = at >= 1 && code[at - 1] == 0xE9;
        let jcc = at >= 2 && code[at - 2] == 0x0F && code[at - 1] & 0xF0 == 0x80;
        if !(jmp || jcc) {
            let what = if at >= 1 && code[at - 1] == 0xE8 {
                "a call"
            } else {
                "not a jump"
            };
            return Err(format!(
                "continuation {symbol} at {offset:#x} is {what}: the tail call was not taken (keep it in tail position, take no local's address)"
            ));
        }
        return Ok(Hole {
            offset,
            kind: "Rel32",
            symbol: kind,
            addend,
        });
    }
    Err(format!(
        "unknown symbol `{symbol}` at {offset:#x} (relocation type {r_type}): a panic, bounds check, memcpy or constant in memory cannot be patched"
    ))
}

/// The last instruction `jmp _JIT_CONTINUE` is dropped: the next stencil follows directly.
fn strip_trailing_jump(stencil: &mut Stencil) {
    let len = stencil.code.len() as u64;
    let last = stencil
        .holes
        .iter()
        .position(|h| h.symbol == "Continue" && h.offset + 4 == len);
    if let Some(i) = last {
        if len >= 5 && stencil.code[len as usize - 5] == 0xE9 {
            stencil.holes.remove(i);
            stencil.code.truncate(len as usize - 5);
        }
    }
}

/// The generated table (`STENCILS`), sorted by name.
fn render(stencils: &[Stencil]) -> String {
    let mut s = String::from("// Generated by build.rs from stencils/stencils.rs: do not edit.\n");
    s.push_str("pub static STENCILS: &[Stencil] = &[\n");
    for st in stencils {
        let _ = writeln!(
            s,
            "    Stencil {{\n        name: {:?},\n        code: &{:?},\n        holes: &[",
            st.name, st.code
        );
        for h in &st.holes {
            let _ = writeln!(
                s,
                "            Hole {{ offset: {}, kind: HoleKind::{}, symbol: Symbol::{}, addend: {} }},",
                h.offset, h.kind, h.symbol, h.addend
            );
        }
        s.push_str("        ],\n    },\n");
    }
    s.push_str("];\n");
    s
}
