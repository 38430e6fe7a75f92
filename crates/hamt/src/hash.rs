//! Hashing: how a key becomes the 32-bit number whose 5-bit chunks pick its path.
//!
//! CPython's HAMT asks the key for its ordinary Python hash (a 64-bit `Py_hash_t`)
//! and folds it to 32 bits (`hamt_hash` in `Python/hamt.c`). This module provides
//! both halves:
//!
//! * [`PyHash`]: the Python hash of a Rust value. Integers hash exactly as CPython
//!   hashes `int` (the value modulo the Mersenne prime 2**61 - 1, keeping the sign,
//!   with -1 turned into -2); strings hash as CPython 3.13 hashes `str` when run with
//!   `PYTHONHASHSEED=0` (SipHash-1-3 with an all-zero key over the string's
//!   latin-1 / UCS-2 / UCS-4 storage bytes; the empty string hashes to 0).
//! * [`fold`]: the 64 -> 32 bit reduction (high half XOR low half, -1 becomes -2).
//!
//! A map chooses its hash function through a [`KeyHasher`]: [`PyHasher`] (the
//! default) uses [`PyHash`]; [`StdHasher`] wraps any `std::hash::BuildHasher` so
//! every `Hash + Eq` key works too.

use std::hash::{BuildHasher, Hash};

/// The modulus CPython uses for numeric hashes: the Mersenne prime 2**61 - 1
/// (`_PyHASH_MODULUS`).
pub const PY_HASH_MODULUS: u64 = (1 << 61) - 1;

/// A value with a Python hash (`Py_hash_t`, a signed 64-bit integer).
///
/// Invariant: the result is never -1 (CPython reserves -1 for "error"), and equal
/// values hash equally, also across `Borrow` (a `String` and its `&str` agree).
pub trait PyHash {
    /// The value's hash as CPython would compute it for the equivalent Python object.
    fn py_hash(&self) -> i64;
}

/// `x mod (2**61 - 1)` without a division: since `2**61 ≡ 1`, the bits above 61
/// can be added to the low 61 bits (a Mersenne-prime reduction).
#[inline(always)]
fn mod_mersenne61(x: u64) -> u64 {
    let r = (x & PY_HASH_MODULUS) + (x >> 61);
    if r >= PY_HASH_MODULUS {
        r - PY_HASH_MODULUS
    } else {
        r
    }
}

/// Hash of a non-negative integer magnitude with the given sign, CPython style.
#[inline(always)]
fn hash_int_parts(negative: bool, magnitude: u128) -> i64 {
    // `2**64 ≡ 8 (mod 2**61 - 1)`, so the high half counts eight times.
    let (hi, lo) = (
        mod_mersenne61((magnitude >> 64) as u64),
        mod_mersenne61(magnitude as u64),
    );
    // The residue is below 2**61, so it fits an i64 either way.
    let residue = mod_mersenne61(mod_mersenne61(hi << 3) + lo) as i64;
    let hash = if negative { -residue } else { residue };
    if hash == -1 {
        -2
    } else {
        hash
    }
}

macro_rules! py_hash_signed {
    ($($t:ty),*) => {$(
        impl PyHash for $t {
            #[inline]
            fn py_hash(&self) -> i64 {
                hash_int_parts(*self < 0, (*self as i128).unsigned_abs())
            }
        }
    )*};
}
macro_rules! py_hash_unsigned {
    ($($t:ty),*) => {$(
        impl PyHash for $t {
            #[inline]
            fn py_hash(&self) -> i64 {
                hash_int_parts(false, *self as u128)
            }
        }
    )*};
}
py_hash_signed!(i8, i16, i32, i64, isize);
py_hash_unsigned!(u8, u16, u32, u64, usize, u128);

impl PyHash for i128 {
    #[inline]
    fn py_hash(&self) -> i64 {
        hash_int_parts(*self < 0, self.unsigned_abs())
    }
}

impl PyHash for bool {
    /// `hash(True) == 1`, `hash(False) == 0`, as `bool` is an `int` in Python.
    fn py_hash(&self) -> i64 {
        i64::from(*self)
    }
}

impl PyHash for str {
    fn py_hash(&self) -> i64 {
        py_str_hash(self)
    }
}

impl PyHash for String {
    fn py_hash(&self) -> i64 {
        py_str_hash(self)
    }
}

impl PyHash for char {
    /// A `char` hashes as the one-character Python `str`.
    fn py_hash(&self) -> i64 {
        let mut buf = [0u8; 4];
        py_str_hash(self.encode_utf8(&mut buf))
    }
}

impl<T: PyHash + ?Sized> PyHash for &T {
    fn py_hash(&self) -> i64 {
        (**self).py_hash()
    }
}

impl<T: PyHash + ?Sized> PyHash for Box<T> {
    fn py_hash(&self) -> i64 {
        (**self).py_hash()
    }
}

impl<T: PyHash + ?Sized> PyHash for std::sync::Arc<T> {
    fn py_hash(&self) -> i64 {
        (**self).py_hash()
    }
}

/// CPython 3.13's `hash(s)` for a `str` under `PYTHONHASHSEED=0`.
///
/// CPython stores a string in the narrowest fixed-width form that holds its largest
/// code point (PEP 393) and hashes those bytes, so the same text hashes differently
/// from its UTF-8 bytes. The empty string hashes to 0 without running SipHash.
pub fn py_str_hash(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let max = s.chars().map(u32::from).max().unwrap_or(0);
    let mut bytes = Vec::with_capacity(s.len() * 4);
    for c in s.chars() {
        let c = u32::from(c);
        match max {
            0..=0xff => bytes.push(c as u8),
            0x100..=0xffff => bytes.extend_from_slice(&(c as u16).to_le_bytes()),
            _ => bytes.extend_from_slice(&c.to_le_bytes()),
        }
    }
    let hash = siphash13(0, 0, &bytes) as i64;
    if hash == -1 {
        -2
    } else {
        hash
    }
}

/// SipHash-1-3 (one compression round, three finalization rounds) of `data`
/// with key `(k0, k1)`: the string hash CPython has used since 3.11.
pub fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    let mut words = data.chunks_exact(8);
    for word in &mut words {
        let mut le = [0u8; 8];
        le.copy_from_slice(word);
        let m = u64::from_le_bytes(le);
        v[3] ^= m;
        sip_round(&mut v);
        v[0] ^= m;
    }
    // The last block holds the leftover bytes and, in its top byte, the length.
    let mut last = (data.len() as u64 & 0xff) << 56;
    for (i, byte) in words.remainder().iter().enumerate() {
        last |= u64::from(*byte) << (8 * i);
    }
    v[3] ^= last;
    sip_round(&mut v);
    v[0] ^= last;
    v[2] ^= 0xff;
    for _ in 0..3 {
        sip_round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

#[inline]
fn sip_round(v: &mut [u64; 4]) {
    v[0] = v[0].wrapping_add(v[1]);
    v[1] = v[1].rotate_left(13) ^ v[0];
    v[0] = v[0].rotate_left(32);
    v[2] = v[2].wrapping_add(v[3]);
    v[3] = v[3].rotate_left(16) ^ v[2];
    v[0] = v[0].wrapping_add(v[3]);
    v[3] = v[3].rotate_left(21) ^ v[0];
    v[2] = v[2].wrapping_add(v[1]);
    v[1] = v[1].rotate_left(17) ^ v[2];
    v[2] = v[2].rotate_left(32);
}

/// CPython's `hamt_hash` reduction: fold a 64-bit hash to 32 bits by XOR-ing its
/// halves; a folded -1 becomes -2. The result is returned as the unsigned bit
/// pattern of CPython's `int32_t` (use `as i32` to see CPython's signed value).
#[inline]
pub fn fold(hash: i64) -> u32 {
    let folded = (hash as u32) ^ ((hash >> 32) as u32);
    if folded == u32::MAX {
        u32::MAX - 1
    } else {
        folded
    }
}

/// The 5-bit chunk of a folded hash used at `shift` (`hamt_mask`): the slot a key
/// takes at level `shift / 5`. Shifts of 32 or more yield 0 (those levels only
/// exist below a collision, where no chunk is read).
#[inline]
pub fn mask(hash: u32, shift: u32) -> u32 {
    hash.checked_shr(shift).unwrap_or(0) & 0x1f
}

/// All seven 5-bit chunks of a folded hash, root level first (the last one has
/// only two significant bits).
pub fn chunks(hash: u32) -> [u8; 7] {
    let mut out = [0u8; 7];
    for (level, chunk) in out.iter_mut().enumerate() {
        *chunk = mask(hash, 5 * level as u32) as u8;
    }
    out
}

/// How a map hashes its keys: the full 64-bit hash of `key`, before folding.
///
/// Invariant: keys that are equal (also through `Borrow`) hash equally.
pub trait KeyHasher<Q: ?Sized> {
    /// The full (64-bit, Python-style) hash of `key`.
    fn hash_key(&self, key: &Q) -> i64;
}

/// The default hasher: the key's [`PyHash`], so int keys build CPython's exact trees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PyHasher;

impl<Q: PyHash + ?Sized> KeyHasher<Q> for PyHasher {
    #[inline]
    fn hash_key(&self, key: &Q) -> i64 {
        key.py_hash()
    }
}

/// A hasher for arbitrary `Hash` keys through a `BuildHasher` (for example
/// `std::hash::RandomState` or `BuildHasherDefault<DefaultHasher>`).
///
/// The 64-bit result is reinterpreted as `i64`; -1 becomes -2 as in CPython.
#[derive(Debug, Clone, Default)]
pub struct StdHasher<S>(pub S);

impl<Q: Hash + ?Sized, S: BuildHasher> KeyHasher<Q> for StdHasher<S> {
    #[inline]
    fn hash_key(&self, key: &Q) -> i64 {
        let hash = self.0.hash_one(key) as i64;
        if hash == -1 {
            -2
        } else {
            hash
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values printed by `PYTHONHASHSEED=0 PYENV_VERSION=3.13.0 python3.13`.
    #[test]
    fn str_hashes_match_cpython_with_seed_zero() {
        let cases: &[(&str, i64)] = &[
            ("", 0),
            ("a", 4644417185603328019),
            ("abc", -4594863902769663758),
            ("hello world", -5642461784034726774),
            ("h\u{e9}llo", 6395329678795984700),
            ("\u{65e5}\u{672c}\u{8a9e}", 7116994712188270),
            ("\u{1f40d}x", -400280203169259654),
            ("abcdefgh", 4574395652268504554),
            ("abcdefghi", -532774252720507163),
        ];
        for (s, expected) in cases {
            assert_eq!(s.py_hash(), *expected, "hash({s:?})");
            assert_eq!(s.to_string().py_hash(), *expected);
        }
    }

    /// Expected values printed by `python3.13 -c 'print(hash(-1), hash(2**61-1), ...)'`.
    #[test]
    fn int_hashes_match_cpython() {
        assert_eq!((-1i64).py_hash(), -2);
        assert_eq!(((1u64 << 61) - 1).py_hash(), 0);
        assert_eq!((1u64 << 61).py_hash(), 1);
        assert_eq!((-(1i64 << 61)).py_hash(), -2);
        assert_eq!((1u128 << 64).py_hash(), 8);
        assert_eq!(i128::MIN.py_hash(), -32);
        assert_eq!(i128::MAX.py_hash(), 31);
        assert_eq!(true.py_hash(), 1);
        assert_eq!(7u8.py_hash(), 7i64.py_hash());
    }

    proptest::proptest! {
        /// The division-free reduction agrees with plain `%` on every integer.
        #[test]
        fn fast_int_hash_matches_modulo(x: i128) {
            let residue = (x.unsigned_abs() % u128::from(PY_HASH_MODULUS)) as i64;
            let expected = match if x < 0 { -residue } else { residue } {
                -1 => -2,
                h => h,
            };
            proptest::prop_assert_eq!(x.py_hash(), expected);
            proptest::prop_assert_eq!((x as u64).py_hash(), ((x as u64) % PY_HASH_MODULUS) as i64);
        }
    }

    #[test]
    fn fold_xors_halves_and_avoids_minus_one() {
        assert_eq!(fold(1 << 40), 256);
        assert_eq!(fold(4294967300), 5);
        // Python's hash(-1) is -2, whose halves XOR to 1: keys -1 and 1 collide fully.
        assert_eq!(fold(-2), 1);
        // -1 as a 64-bit hash never occurs, but a folded -1 does: 0xffff_ffff_0000_0000.
        assert_eq!(fold(0xffff_ffff_0000_0000u64 as i64), u32::MAX - 1);
        assert_eq!(chunks(1025), [1, 0, 1, 0, 0, 0, 0]);
    }
}
