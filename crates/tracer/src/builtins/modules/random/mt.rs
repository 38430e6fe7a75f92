//! The Mersenne Twister (MT19937) behind `random`, seeded the way CPython's `_random` module
//! seeds it, so that `random.seed(n)` gives CPython's sequences.
//!
//! The generator is Matsumoto and Nishimura's: 624 words of state, a tempered 32-bit output,
//! the whole state regenerated every 624 draws. CPython adds three things on top, each kept
//! here because a program can see them:
//!
//! ```text
//!   seed(n)        n = abs(n) cut into 32-bit words, least significant first
//!                  ([0] for 0), then init_by_array(words)
//!   random()       a = next >> 5 (27 bits), b = next >> 6 (26 bits):
//!                  (a * 2**26 + b) / 2**53, a float with all 53 bits random
//!   getrandbits(k) k <= 32: next >> (32 - k); else ceil(k / 32) words, least
//!                  significant first, the last one shifted right to keep k bits
//! ```

use num_bigint::{BigInt, BigUint, Sign};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// MT19937's state: the 624 words and the position of the next one to temper.
#[derive(Clone)]
pub struct Mt {
    pub state: [u32; N],
    /// `mti`: `N` means "regenerate before the next draw".
    pub index: usize,
}

impl Mt {
    /// A generator seeded from `key` (`init_by_array`).
    pub fn from_key(key: &[u32]) -> Mt {
        let mut mt = Mt {
            state: [0; N],
            index: N,
        };
        mt.init_by_array(key);
        mt
    }

    /// `init_genrand`: the linear recurrence that fills the state from one word.
    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// `init_by_array`: mixes every word of `key` into the state (an empty key is `[0]`).
    pub fn init_by_array(&mut self, key: &[u32]) {
        let key: &[u32] = if key.is_empty() { &[0] } else { key };
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        let s = &mut self.state;
        for _ in 0..N.max(key.len()) {
            let prev = s[i - 1];
            s[i] = (s[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                s[0] = s[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = s[i - 1];
            s[i] =
                (s[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                s[0] = s[N - 1];
                i = 1;
            }
        }
        s[0] = 0x8000_0000;
        self.index = N;
    }

    /// Regenerates all 624 words (the "twist").
    fn twist(&mut self) {
        let s = &mut self.state;
        let mag = |y: u32| if y & 1 == 0 { 0 } else { MATRIX_A };
        for k in 0..N {
            let y = (s[k] & UPPER_MASK) | (s[(k + 1) % N] & LOWER_MASK);
            s[k] = s[(k + M) % N] ^ (y >> 1) ^ mag(y);
        }
        self.index = 0;
    }

    /// `genrand_uint32`: the next tempered 32-bit output.
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: a float in [0, 1) with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `k <= 64`, as a `u64`.
    pub fn bits_u64(&mut self, k: u32) -> u64 {
        match k {
            0 => 0,
            1..=32 => u64::from(self.next_u32() >> (32 - k)),
            _ => {
                let low = u64::from(self.next_u32());
                let high = u64::from(self.next_u32() >> (64 - k));
                (high << 32) | low
            }
        }
    }

    /// `getrandbits(k)` for any `k`: the words least significant first.
    pub fn bits_words(&mut self, k: u64) -> Vec<u32> {
        let mut words = Vec::with_capacity(k.div_ceil(32) as usize);
        let mut left = k;
        while left > 0 {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            words.push(r);
            left = left.saturating_sub(32);
        }
        words
    }

    /// `getrandbits(k)` as a big int.
    pub fn bits_big(&mut self, k: u64) -> BigInt {
        BigInt::from_biguint(Sign::Plus, BigUint::new(self.bits_words(k)))
    }

    /// `_randbelow_with_getrandbits(n)` for `0 < n`: draws `n.bit_length()` bits until below n.
    pub fn below_u64(&mut self, n: u64) -> u64 {
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.bits_u64(k);
            if r < n {
                return r;
            }
        }
    }

    /// `_randbelow_with_getrandbits(n)` for a big `n > 0`.
    pub fn below_big(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits();
        loop {
            let r = self.bits_big(k);
            if &r < n {
                return r;
            }
        }
    }
}

/// The key `random_seed` makes of an int seed: abs(n) in 32-bit words, least significant first.
pub fn int_key(n: &BigInt) -> Vec<u32> {
    let words = n.magnitude().to_u32_digits();
    if words.is_empty() {
        vec![0]
    } else {
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference output of mt19937ar.c's own `main` (init_by_array {0x123, 0x234,
    /// 0x345, 0x456}): its first five `genrand_int32` values.
    #[test]
    fn matches_the_reference_implementation() {
        let mut mt = Mt::from_key(&[0x123, 0x234, 0x345, 0x456]);
        let first: Vec<u32> = (0..5).map(|_| mt.next_u32()).collect();
        assert_eq!(
            first,
            [1067595299, 955945823, 477289528, 4107218783, 4228976476]
        );
    }

    #[test]
    fn seed_words_are_little_endian_magnitudes() {
        assert_eq!(int_key(&BigInt::from(0)), [0]);
        assert_eq!(int_key(&BigInt::from(-5)), [5]);
        assert_eq!(int_key(&(BigInt::from(1) << 32u32)), [0, 1]);
    }
}
