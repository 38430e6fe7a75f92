//! Exercise 01: the three bit tricks a HAMT Bitmap node uses to find a key's slot.
//!
//! CPython names them `hamt_mask`, `hamt_bitpos` and `hamt_bitindex` (Python/hamt.c).
//! Replace each `todo!()` so that `cargo test` passes; see README.md for the picture.

/// The 5 bits of `hash` that start at bit `shift`, as a slot number 0..=31.
///
/// `shift` is 0 at the root and grows by 5 per level (0, 5, 10, ..., 30).
pub fn mask(hash: u32, shift: u32) -> u32 {
    let _ = (hash, shift);
    todo!("take 5 bits of `hash` starting at bit `shift`")
}

/// A word with exactly one bit set: bit number `mask(hash, shift)`.
pub fn bitpos(hash: u32, shift: u32) -> u32 {
    let _ = (hash, shift);
    todo!("shift 1 left by the mask")
}

/// The index, in a node's packed slot array, of the slot whose bit is `bit`: the number of
/// set bits in `bitmap` below `bit`.
pub fn bitmap_index(bitmap: u32, bit: u32) -> usize {
    let _ = (bitmap, bit);
    todo!("count the set bits of `bitmap` below `bit`")
}
