//! Exercise 07: patch the holes of a stencil, the run-time half of copy-and-patch.
//!
//! A stencil is machine code compiled once, at build time, with *holes*: the relocations the
//! compiler left for values it could not know. At run time the JIT copies the stencil into
//! the trace and writes each value into its hole. The value is computed by the relocation's
//! formula, from three numbers:
//!
//! ```text
//!   S  the symbol's value: what the hole stands for (a helper's address, an operand, or,
//!      for a jump, where the code it jumps to starts)
//!   A  the addend the compiler stored with the relocation
//!   P  the place: where the hole itself is
//!
//!   Abs64 (R_X86_64_64)                   8 bytes, little-endian     S + A
//!   Rel32 (R_X86_64_PC32, R_X86_64_PLT32) 4 bytes, little-endian,    S + A - P
//!                                         signed
//! ```
//!
//! A worked example, the `jump_to_top` stencil (`inc qword ptr [rdi+0x10]; jmp _JIT_TOP`):
//!
//! ```text
//!   bytes   48 ff 47 10 e9 00 00 00 00      hole at +5: Rel32 _JIT_TOP, addend -4
//!
//!   placed at offset 0x296 of a trace whose uop 1 (the loop's top) starts at 0x18:
//!   P = 0x296 + 5 = 0x29b,  S = 0x18,  S + A - P = 0x18 - 4 - 0x29b = -647 = 0xfffffd79
//!   bytes   48 ff 47 10 e9 79 fd ff ff      jmp back 647 bytes from the end of the jmp
//! ```
//!
//! Every place and target here is an offset in the same trace buffer, so `P` is simply `at`.
//! Write [`patch_abs64`] and [`patch_rel32`]; [`patch`] picks one by the hole's kind.

/// How a hole is patched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoleKind {
    /// `R_X86_64_64`: eight bytes, little-endian, `S + A` (wrapping, as a linker computes).
    Abs64,
    /// `R_X86_64_PC32` / `R_X86_64_PLT32`: four bytes, little-endian, signed, `S + A - P`.
    Rel32,
}

/// Why a hole could not be patched. Nothing is written when an error is returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchError {
    /// The hole's bytes `at..at + width` are not all inside the code (`len` bytes).
    OutOfBounds { at: usize, width: usize, len: usize },
    /// A `Rel32` displacement that does not fit in a signed 32-bit number.
    TooFar { displacement: i64 },
}

/// Writes `symbol + addend` (wrapping) as eight little-endian bytes at `code[at..at + 8]`.
pub fn patch_abs64(code: &mut [u8], at: usize, symbol: u64, addend: i64) -> Result<(), PatchError> {
    todo!("check the bounds, then write symbol + addend (wrapping) at code[at..at + 8]")
}

/// Writes `target + addend - at` as four little-endian bytes at `code[at..at + 4]`, where
/// `target` and `at` are offsets in `code`; returns the displacement written.
pub fn patch_rel32(
    code: &mut [u8],
    at: usize,
    target: usize,
    addend: i64,
) -> Result<i32, PatchError> {
    todo!("check the bounds, compute target + addend - at, check it fits in an i32, write it")
}

/// Patches one hole of either kind: for `Abs64`, `symbol` is the value; for `Rel32`, it is
/// the offset in `code` that the jump lands on.
pub fn patch(
    code: &mut [u8],
    at: usize,
    kind: HoleKind,
    symbol: u64,
    addend: i64,
) -> Result<(), PatchError> {
    match kind {
        HoleKind::Abs64 => patch_abs64(code, at, symbol, addend),
        HoleKind::Rel32 => {
            let target = usize::try_from(symbol).map_err(|_| PatchError::TooFar {
                displacement: i64::MAX,
            })?;
            patch_rel32(code, at, target, addend).map(|_| ())
        }
    }
}
