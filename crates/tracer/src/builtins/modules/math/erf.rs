//! `erf` and `erfc` as the platform libm CPython calls computes them: Sun's fdlibm rational
//! approximations on five intervals of |x|, with glibc's (before 2.41) grouping of the
//! polynomial terms (`r1 + z2*r2 + z4*p4`, for instruction-level parallelism), which decides
//! the last bit. The coefficients are fdlibm's.
//!
//! ```text
//!   |x| < 0.84375        erf = x + x*R(x^2)/S(x^2)
//!   0.84375 .. 1.25      erf = erx + P(s)/Q(s), s = |x| - 1
//!   1.25 .. 1/0.35       erfc = exp(-z^2 - 0.5625) exp((z-x)(z+x) + R/S) / x, z = x cut to 32 bits
//!   1/0.35 .. 6 (28)     the same with a second R/S pair
//!   beyond               +-1 (erfc: 0 or 2)
//! ```

#![allow(clippy::excessive_precision, clippy::unreadable_literal)]

const TINY: f64 = 1e-300;
const ERX: f64 = 8.45062911510467529297e-01;
const EFX: f64 = 1.28379167095512586316e-01;
const PP: [f64; 5] = [
    1.28379167095512558561e-01,
    -3.25042107247001499370e-01,
    -2.84817495755985104766e-02,
    -5.77027029648944159157e-03,
    -2.37630166566501626084e-05,
];
const QQ: [f64; 6] = [
    0.0,
    3.97917223959155352819e-01,
    6.50222499887672944485e-02,
    5.08130628187576562776e-03,
    1.32494738004321644526e-04,
    -3.96022827877536812320e-06,
];
const PA: [f64; 7] = [
    -2.36211856075265944077e-03,
    4.14856118683748331666e-01,
    -3.72207876035701323847e-01,
    3.18346619901161753674e-01,
    -1.10894694282396677476e-01,
    3.54783043256182359371e-02,
    -2.16637559486879084300e-03,
];
const QA: [f64; 7] = [
    0.0,
    1.06420880400844228286e-01,
    5.40397917702171048937e-01,
    7.18286544141962662868e-02,
    1.26171219808761642112e-01,
    1.36370839120290507362e-02,
    1.19844998467991074170e-02,
];
const RA: [f64; 8] = [
    -9.86494403484714822705e-03,
    -6.93858572707181764372e-01,
    -1.05586262253232909814e+01,
    -6.23753324503260060396e+01,
    -1.62396669462573470355e+02,
    -1.84605092906711035994e+02,
    -8.12874355063065934246e+01,
    -9.81432934416914548592e+00,
];
const SA: [f64; 9] = [
    0.0,
    1.96512716674392571292e+01,
    1.37657754143519042600e+02,
    4.34565877475229228821e+02,
    6.45387271733267880336e+02,
    4.29008140027567833386e+02,
    1.08635005541779435134e+02,
    6.57024977031928170135e+00,
    -6.04244152148580987438e-02,
];
const RB: [f64; 7] = [
    -9.86494292470009928597e-03,
    -7.99283237680523006574e-01,
    -1.77579549177547519889e+01,
    -1.60636384855821916062e+02,
    -6.37566443368389627722e+02,
    -1.02509513161107724954e+03,
    -4.83519191608651397019e+02,
];
const SB: [f64; 8] = [
    0.0,
    3.03380607434824582924e+01,
    3.25792512996573918826e+02,
    1.53672958608443695994e+03,
    3.19985821950859553908e+03,
    2.55305040643316442583e+03,
    4.74528541206955367215e+02,
    -2.24409524465858183362e+01,
];

/// The high 32 bits of `x` less the sign (`ix`), and the sign-carrying high word (`hx`).
fn words(x: f64) -> (u32, i32) {
    let hx = (x.to_bits() >> 32) as i32;
    ((hx as u32) & 0x7fff_ffff, hx)
}

/// `y = R(z)/S(z)` of the first interval, `z = x*x`.
fn small_ratio(z: f64) -> f64 {
    let r1 = PP[0] + z * PP[1];
    let z2 = z * z;
    let r2 = PP[2] + z * PP[3];
    let z4 = z2 * z2;
    let s1 = 1.0 + z * QQ[1];
    let s2 = QQ[2] + z * QQ[3];
    let s3 = QQ[4] + z * QQ[5];
    let r = r1 + z2 * r2 + z4 * PP[4];
    let s = s1 + z2 * s2 + z4 * s3;
    r / s
}

/// `P(s)/Q(s)` of the second interval, `s = |x| - 1`.
fn middle_ratio(s: f64) -> f64 {
    let p1 = PA[0] + s * PA[1];
    let s2 = s * s;
    let q1 = 1.0 + s * QA[1];
    let s4 = s2 * s2;
    let p2 = PA[2] + s * PA[3];
    let s6 = s4 * s2;
    let q2 = QA[2] + s * QA[3];
    let p3 = PA[4] + s * PA[5];
    let q3 = QA[4] + s * QA[5];
    let p = p1 + s2 * p2 + s4 * p3 + s6 * PA[6];
    let q = q1 + s2 * q2 + s4 * q3 + s6 * QA[6];
    p / q
}

/// `exp(-x*x - 0.5625 + R/S) / x` for `|x| >= 1.25`, evaluated as fdlibm does.
/// `first_cut` is where the second R/S pair takes over (erf and erfc differ by one ulp there).
fn tail(x: f64, ix: u32, first_cut: u32) -> f64 {
    let s = 1.0 / (x * x);
    let (r, q) = if ix < first_cut {
        let r1 = RA[0] + s * RA[1];
        let s2 = s * s;
        let q1 = 1.0 + s * SA[1];
        let s4 = s2 * s2;
        let r2 = RA[2] + s * RA[3];
        let s6 = s4 * s2;
        let q2 = SA[2] + s * SA[3];
        let s8 = s4 * s4;
        let r3 = RA[4] + s * RA[5];
        let q3 = SA[4] + s * SA[5];
        let r4 = RA[6] + s * RA[7];
        let q4 = SA[6] + s * SA[7];
        (
            r1 + s2 * r2 + s4 * r3 + s6 * r4,
            q1 + s2 * q2 + s4 * q3 + s6 * q4 + s8 * SA[8],
        )
    } else {
        let r1 = RB[0] + s * RB[1];
        let s2 = s * s;
        let q1 = 1.0 + s * SB[1];
        let s4 = s2 * s2;
        let r2 = RB[2] + s * RB[3];
        let s6 = s4 * s2;
        let q2 = SB[2] + s * SB[3];
        let r3 = RB[4] + s * RB[5];
        let q3 = SB[4] + s * SB[5];
        let q4 = SB[6] + s * SB[7];
        (
            r1 + s2 * r2 + s4 * r3 + s6 * RB[6],
            q1 + s2 * q2 + s4 * q3 + s6 * q4,
        )
    };
    let z = f64::from_bits(x.to_bits() & 0xffff_ffff_0000_0000);
    (-z * z - 0.5625).exp() * ((z - x) * (z + x) + r / q).exp() / x
}

pub fn erf(x: f64) -> f64 {
    let (ix, hx) = words(x);
    if ix >= 0x7ff0_0000 {
        let sign = if hx < 0 { -1.0 } else { 1.0 };
        return sign + 1.0 / x;
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3e30_0000 {
            if ix < 0x0080_0000 {
                return 0.0625 * (16.0 * x + (16.0 * EFX) * x);
            }
            return x + EFX * x;
        }
        return x + x * small_ratio(x * x);
    }
    if ix < 0x3ff4_0000 {
        let pq = middle_ratio(x.abs() - 1.0);
        return if hx >= 0 { ERX + pq } else { -ERX - pq };
    }
    if ix >= 0x4018_0000 {
        return if hx >= 0 { 1.0 - TINY } else { TINY - 1.0 };
    }
    let r = tail(x.abs(), ix, 0x4006_db6e);
    if hx >= 0 {
        1.0 - r
    } else {
        r - 1.0
    }
}

pub fn erfc(x: f64) -> f64 {
    let (ix, hx) = words(x);
    if ix >= 0x7ff0_0000 {
        let base = if hx < 0 { 2.0 } else { 0.0 };
        return base + 1.0 / x;
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3c70_0000 {
            return 1.0 - x;
        }
        let y = small_ratio(x * x);
        if hx < 0x3fd0_0000 {
            return 1.0 - (x + x * y);
        }
        let r = x * y + (x - 0.5);
        return 0.5 - r;
    }
    if ix < 0x3ff4_0000 {
        let pq = middle_ratio(x.abs() - 1.0);
        return if hx >= 0 {
            (1.0 - ERX) - pq
        } else {
            1.0 + (ERX + pq)
        };
    }
    if ix < 0x403c_0000 {
        if hx < 0 && ix >= 0x4018_0000 {
            return 2.0 - TINY;
        }
        let r = tail(x.abs(), ix, 0x4006_db6d);
        return if hx > 0 { r } else { 2.0 - r };
    }
    if hx > 0 {
        TINY * TINY
    } else {
        2.0 - TINY
    }
}
