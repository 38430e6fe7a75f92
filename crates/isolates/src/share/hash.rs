//! CPython 3.13's `hash()` for the shareable types, so a shared map built from Python keys
//! has the tree CPython's HAMT would build (`hash.c` in `Python/pyhash.c` and the
//! `tp_hash` slots of `NoneType`, `bytes` and `tuple`). Ints and strs come from the `hamt`
//! crate's `PyHash`, floats and big ints from the `tracer` crate, which already match.

use num_bigint::BigInt;

/// `hash(None)`: a constant since 3.12 (`_Py_HashPointer` of nothing: `0xFCA86420`).
pub const NONE: i64 = 0xFCA8_6420;

/// `hash(x)` for a float: equal to the hash of an equal int.
pub fn float(x: f64) -> i64 {
    tracer::object::float::hash(x)
}

/// `hash(n)` for an int outside `i64`: `n mod (2**61 - 1)` with `n`'s sign.
pub fn bigint(n: &BigInt) -> i64 {
    tracer::object::int::hash_big(n)
}

/// `hash(b)` for bytes: SipHash-1-3 of the bytes (key 0 under `PYTHONHASHSEED=0`), 0 for
/// `b''`; the same function as a latin-1 str, so `hash(b'abc') == hash('abc')`.
pub fn bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    minus_one_is_minus_two(hamt::hash::siphash13(0, 0, b) as i64)
}

/// `tuplehash` (3.8+): xxHash's accumulation over the items' hashes.
pub fn tuple(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let len = items.len() as u64;
    let mut acc = PRIME_5;
    for lane in items {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add(len ^ (PRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

/// A map's hash from its pairs' `(hash(key), hash(value))`: each pair is hashed as a
/// 2-tuple and the results are XOR-ed (order-free), then mixed with the length.
pub fn map(pairs: impl Iterator<Item = (i64, i64)>, len: usize) -> i64 {
    let folded = pairs.fold(0i64, |acc, (k, v)| acc ^ tuple([k, v].into_iter()));
    minus_one_is_minus_two(tuple([folded, len as i64].into_iter()))
}

/// The default `object.__hash__`: the address rotated by 4 bits (`_Py_HashPointer`).
pub fn identity(address: usize) -> i64 {
    minus_one_is_minus_two((address as u64).rotate_right(4) as i64)
}

fn minus_one_is_minus_two(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::Shareable;
    use hamt::PyHash;

    /// Printed by `PYTHONHASHSEED=0 PYENV_VERSION=3.13.0 python3.13 -c 'print(hash(...))'`.
    #[test]
    fn hashes_match_cpython_3_13() {
        let cases: Vec<(Shareable, i64)> = vec![
            (Shareable::None, 4_238_894_112),
            (Shareable::Float(1.5), 1_152_921_504_606_846_977),
            (Shareable::Float(-2.25), -576_460_752_303_423_490),
            (Shareable::Float(1e300), 1_224_995_262_755_759_164),
            (Shareable::Float(f64::INFINITY), 314_159),
            (Shareable::Float(0.1), 230_584_300_921_369_408),
            (
                Shareable::tuple(vec![Shareable::Int(1), Shareable::Int(2)]),
                -3_550_055_125_485_641_917,
            ),
            (Shareable::tuple(vec![]), 5_740_354_900_026_072_187),
            (
                Shareable::tuple(vec![
                    Shareable::str("a"),
                    Shareable::Int(1),
                    Shareable::None,
                ]),
                5_539_470_292_755_676_449,
            ),
            (
                Shareable::Bytes(std::sync::Arc::from(&b"abc"[..])),
                -4_594_863_902_769_663_758,
            ),
            (Shareable::Bytes(std::sync::Arc::from(&b""[..])), 0),
            (Shareable::Bool(true), 1),
            (Shareable::int(BigInt::from(1u128 << 70)), 512),
        ];
        for (value, expected) in cases {
            assert_eq!(value.py_hash(), expected, "hash({value})");
        }
    }
}
