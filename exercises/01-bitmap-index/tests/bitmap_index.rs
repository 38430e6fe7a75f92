//! Tests for exercise 01. They compare against values worked out by hand in README.md and
//! against a slow, obviously-correct count of the occupied slots below a bit.

use ex01_bitmap_index::{bitmap_index, bitpos, mask};

fn check_mask(hash: u32, shift: u32, expected: u32) {
    assert_eq!(mask(hash, shift), expected, "mask({hash:#034b}, {shift})");
}

#[test]
fn mask_takes_five_bits_at_the_shift() {
    check_mask(0, 0, 0);
    check_mask(1, 0, 1);
    check_mask(33, 0, 1); // 33 = 0b1_00001: same root slot as 1 ...
    check_mask(33, 5, 1); // ... but a different slot one level down
    check_mask(0b11111_00000, 5, 31);
    check_mask(0b10101_11111, 5, 21);
    check_mask(u32::MAX, 30, 3); // only 2 bits are left at the last level
}

#[test]
fn bitpos_sets_exactly_the_mask_bit() {
    assert_eq!(bitpos(0, 0), 0b1);
    assert_eq!(bitpos(2, 0), 0b100);
    assert_eq!(bitpos(31, 0), 1 << 31);
    assert_eq!(bitpos(1025, 10), 0b10); // 1025 = 1 << 10 | 1
    for hash in [0u32, 7, 1 << 20, 0xdead_beef, u32::MAX] {
        for shift in (0..=30).step_by(5) {
            let bit = bitpos(hash, shift);
            assert_eq!(bit.count_ones(), 1, "bitpos({hash}, {shift}) = {bit:#b}");
            assert_eq!(bit.trailing_zeros(), mask(hash, shift));
        }
    }
}

fn check_index(bitmap: u32, bit: u32, expected: usize) {
    assert_eq!(
        bitmap_index(bitmap, bit),
        expected,
        "bitmap_index({bitmap:#b}, {bit:#b})"
    );
}

#[test]
fn bitmap_index_counts_the_slots_below() {
    check_index(0b1011_0010, 0b0010_0000, 2); // the worked example in README.md
    check_index(0b1011_0010, 0b0000_0010, 0); // the first stored slot
    check_index(0b1011_0010, 0b1000_0000, 3); // the last stored slot
    check_index(0, 0b1, 0); // an empty node: a new slot goes first
    check_index(u32::MAX, 1 << 31, 31); // a full node, the last slot
}

#[test]
fn bitmap_index_matches_a_slow_count() {
    let bitmaps = [0u32, 1, 0b1011_0010, 0x8000_0001, 0x5555_5555, u32::MAX];
    for bitmap in bitmaps {
        for slot in 0..32 {
            let slow = (0..slot).filter(|i| bitmap & (1 << i) != 0).count();
            check_index(bitmap, 1 << slot, slow);
        }
    }
}
