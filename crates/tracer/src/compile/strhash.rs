//! CPython's hash of `str`, `bytes` and `tuple` as it is under `PYTHONHASHSEED=0`: SipHash-1-3 with an
//! all-zero key over the object's bytes (a `str` in its compact form: one, two or four
//! little-endian bytes per code point, by its widest character), with `-1` mapped to `-2`.
//! Frozenset constants need it: their iteration order (and so `dis`'s listing) follows these
//! hashes, which are reproducible only with the seed fixed; `scripts/stdlib-dis.py` and the
//! compile tests run python3.13 with `PYTHONHASHSEED=0` for that reason.

/// `hash(s)` for a `str` under `PYTHONHASHSEED=0`.
pub fn str_hash(s: &str) -> u64 {
    code_points_hash(&s.chars().map(u32::from).collect::<Vec<u32>>())
}

/// `hash(s)` for a `str` given as code points (lone surrogates included).
pub fn code_points_hash(units: &[u32]) -> u64 {
    let widest = units.iter().copied().max().unwrap_or(0);
    let mut data = Vec::with_capacity(units.len() * 2);
    for &c in units {
        if widest < 0x100 {
            data.push(c as u8);
        } else if widest < 0x1_0000 {
            data.extend_from_slice(&(c as u16).to_le_bytes());
        } else {
            data.extend_from_slice(&c.to_le_bytes());
        }
    }
    bytes_hash(&data)
}

/// `hash(b)` for `bytes` (and the raw data of a `str`) under `PYTHONHASHSEED=0`.
pub fn bytes_hash(data: &[u8]) -> u64 {
    if data.is_empty() {
        return 0;
    }
    let h = siphash13(0, 0, data);
    if h == u64::MAX {
        // -1 is reserved for errors in CPython.
        return (-2i64) as u64;
    }
    h
}

/// `hash(t)` for a tuple whose items hash to `items` (CPython's xxHash-based `tuplehash`).
pub fn tuple_hash(items: &[u64]) -> u64 {
    const PRIME_1: u64 = 11400714785074694791;
    const PRIME_2: u64 = 14029467366897019727;
    const PRIME_5: u64 = 2870177450012600261;
    let mut acc = PRIME_5;
    for &lane in items {
        acc = acc.wrapping_add(lane.wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (PRIME_5 ^ 3527539));
    if acc == u64::MAX {
        return 1546275796;
    }
    acc
}

fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    let round = |v: &mut [u64; 4]| {
        v[0] = v[0].wrapping_add(v[1]);
        v[2] = v[2].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[1]);
        v[0] = v[0].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = u64::from_le_bytes(word);
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(last);
    v[3] ^= b;
    round(&mut v);
    v[0] ^= b;
    v[2] ^= 0xff;
    round(&mut v);
    round(&mut v);
    round(&mut v);
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values printed by `PYTHONHASHSEED=0 python3.13 -c 'print(hash(...))'`.
    #[test]
    fn matches_cpython_with_seed_zero() {
        let cases = [
            ("a", 4644417185603328019),
            ("hello", -2096571579003691106),
            ("win32", -2142873555684861305),
            ("abcdefgh", 4574395652268504554),
            ("é", 6047309291227476195),
            ("€uro", 7542247858446192590),
            ("😀x", -8926728262118538918),
            ("", 0),
        ];
        for (s, want) in cases {
            assert_eq!(str_hash(s) as i64, want, "{s:?}");
        }
        assert_eq!(bytes_hash(b"ab") as i64, 6148830537548944441);
        assert_eq!(tuple_hash(&[]) as i64, 5740354900026072187);
        assert_eq!(tuple_hash(&[str_hash("a"), 1]) as i64, 6955645834154447545);
    }
}
