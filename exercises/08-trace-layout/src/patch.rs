//! Given: the patch arithmetic of exercise 07 (`S + A` for `Abs64`, `S + A - P` for `Rel32`).

/// How a hole is patched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoleKind {
    /// `R_X86_64_64`: eight bytes, little-endian, `S + A`.
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
    let len = code.len();
    let Some(bytes) = code.get_mut(at..at.saturating_add(8)) else {
        return Err(PatchError::OutOfBounds { at, width: 8, len });
    };
    bytes.copy_from_slice(&symbol.wrapping_add_signed(addend).to_le_bytes());
    Ok(())
}

/// Writes `target + addend - at` as four little-endian bytes at `code[at..at + 4]`, where
/// `target` and `at` are offsets in `code`; returns the displacement written.
pub fn patch_rel32(
    code: &mut [u8],
    at: usize,
    target: usize,
    addend: i64,
) -> Result<i32, PatchError> {
    let len = code.len();
    if at.checked_add(4).is_none_or(|end| end > len) {
        return Err(PatchError::OutOfBounds { at, width: 4, len });
    }
    let displacement = target as i64 + addend - at as i64;
    let value = i32::try_from(displacement).map_err(|_| PatchError::TooFar { displacement })?;
    code[at..at + 4].copy_from_slice(&value.to_le_bytes());
    Ok(value)
}
