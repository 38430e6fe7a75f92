//! Exercise 01, reference solution: the three bit tricks a HAMT Bitmap node uses to find a
//! key's slot (CPython's `hamt_mask`, `hamt_bitpos` and `hamt_bitindex`).

/// The 5 bits of `hash` that start at bit `shift`, as a slot number 0..=31.
pub fn mask(hash: u32, shift: u32) -> u32 {
    (hash >> shift) & 0x1f
}

/// A word with exactly one bit set: bit number `mask(hash, shift)`.
pub fn bitpos(hash: u32, shift: u32) -> u32 {
    1 << mask(hash, shift)
}

/// The number of set bits in `bitmap` below `bit`, which is the slot's index in the packed
/// array because slots are stored in bit order.
pub fn bitmap_index(bitmap: u32, bit: u32) -> usize {
    // `bit - 1` has every bit below `bit` set; `bit` is never 0 (it comes from `bitpos`).
    (bitmap & bit.wrapping_sub(1)).count_ones() as usize
}
