//! PBKDF2-HMAC-SHA512's iteration loop for x86-64 (FIPS 180-4 SHA-512).
//!
//! Why: a PBKDF2-SHA512 verification is 2 x iterations dependent SHA-512
//! compressions (420,000 at the 210,000 iterations OWASP recommends), and
//! the `sha2` crate's single-block AVX path left hashport 1.20x slower than
//! OpenSSL (benches/compare). Two things make this loop faster:
//! - Every block it compresses has the same shape: the previous 64-byte
//!   digest, then padding for a 192-byte message (words 8 to 15 are the
//!   constants `1 << 63, 0, 0, 0, 0, 0, 0, 1536`), so the loop works on
//!   words, never bytes, and the compiler folds the constant words into the
//!   message schedule and the first rounds.
//! - The message schedule runs on the vector unit (two words per step, with
//!   `vprorq` rotations where AVX-512VL is present), four steps interleaved
//!   with each group of eight scalar rounds, 16 words ahead of them, so it
//!   overlaps the rounds instead of delaying them. The rounds use BMI2
//!   `rorx` and BMI1 `andn`, and rotate their eight registers by renaming
//!   (eight unrolled rounds per group) instead of moving values.
//! - Rounds 0-63 are a loop of four 16-round bodies, not 80 unrolled
//!   rounds: unrolled, the compression was 11.5 KB of code, which Zen 3
//!   runs from its decoders (16 bytes a cycle, about 9 cycles a round)
//!   rather than from its op cache.
//!
//! Measured on an AMD EPYC (Zen 4), 210,000 iterations: 95.4 ms with
//! `sha2::compress512`, 77.7 ms with the AVX2 build of this loop (80
//! unrolled rounds), 72.9 ms with the AVX-512VL build (OpenSSL: 79 ms in
//! benches/compare). On an AVX2-only EPYC (Zen 3), same-run medians: 94.4
//! ms with 80 unrolled rounds, 85.9 ms with the 16-round loop, OpenSSL
//! (through `cryptography`) 100.8 ms.
//!
//! `unsafe` here is only the call into the `#[target_feature]` functions,
//! after run-time feature detection ([`iterate`]); the intrinsics are safe
//! inside them. The tests compare every path the CPU supports with the
//! portable one, and every PBKDF2-SHA512 vector runs through [`iterate`].

#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{
    __m128i, _mm_add_epi64, _mm_alignr_epi8, _mm_or_si128, _mm_setzero_si128, _mm_slli_epi64,
    _mm_srli_epi64, _mm_xor_si128,
};

/// SHA-512 round constants (FIPS 180-4 section 4.2.3).
pub(super) const K: [u64; 80] = [
    0x428a_2f98_d728_ae22,
    0x7137_4491_23ef_65cd,
    0xb5c0_fbcf_ec4d_3b2f,
    0xe9b5_dba5_8189_dbbc,
    0x3956_c25b_f348_b538,
    0x59f1_11f1_b605_d019,
    0x923f_82a4_af19_4f9b,
    0xab1c_5ed5_da6d_8118,
    0xd807_aa98_a303_0242,
    0x1283_5b01_4570_6fbe,
    0x2431_85be_4ee4_b28c,
    0x550c_7dc3_d5ff_b4e2,
    0x72be_5d74_f27b_896f,
    0x80de_b1fe_3b16_96b1,
    0x9bdc_06a7_25c7_1235,
    0xc19b_f174_cf69_2694,
    0xe49b_69c1_9ef1_4ad2,
    0xefbe_4786_384f_25e3,
    0x0fc1_9dc6_8b8c_d5b5,
    0x240c_a1cc_77ac_9c65,
    0x2de9_2c6f_592b_0275,
    0x4a74_84aa_6ea6_e483,
    0x5cb0_a9dc_bd41_fbd4,
    0x76f9_88da_8311_53b5,
    0x983e_5152_ee66_dfab,
    0xa831_c66d_2db4_3210,
    0xb003_27c8_98fb_213f,
    0xbf59_7fc7_beef_0ee4,
    0xc6e0_0bf3_3da8_8fc2,
    0xd5a7_9147_930a_a725,
    0x06ca_6351_e003_826f,
    0x1429_2967_0a0e_6e70,
    0x27b7_0a85_46d2_2ffc,
    0x2e1b_2138_5c26_c926,
    0x4d2c_6dfc_5ac4_2aed,
    0x5338_0d13_9d95_b3df,
    0x650a_7354_8baf_63de,
    0x766a_0abb_3c77_b2a8,
    0x81c2_c92e_47ed_aee6,
    0x9272_2c85_1482_353b,
    0xa2bf_e8a1_4cf1_0364,
    0xa81a_664b_bc42_3001,
    0xc24b_8b70_d0f8_9791,
    0xc76c_51a3_0654_be30,
    0xd192_e819_d6ef_5218,
    0xd699_0624_5565_a910,
    0xf40e_3585_5771_202a,
    0x106a_a070_32bb_d1b8,
    0x19a4_c116_b8d2_d0c8,
    0x1e37_6c08_5141_ab53,
    0x2748_774c_df8e_eb99,
    0x34b0_bcb5_e19b_48a8,
    0x391c_0cb3_c5c9_5a63,
    0x4ed8_aa4a_e341_8acb,
    0x5b9c_ca4f_7763_e373,
    0x682e_6ff3_d6b2_b8a3,
    0x748f_82ee_5def_b2fc,
    0x78a5_636f_4317_2f60,
    0x84c8_7814_a1f0_ab72,
    0x8cc7_0208_1a64_39ec,
    0x90be_fffa_2363_1e28,
    0xa450_6ceb_de82_bde9,
    0xbef9_a3f7_b2c6_7915,
    0xc671_78f2_e372_532b,
    0xca27_3ece_ea26_619c,
    0xd186_b8c7_21c0_c207,
    0xeada_7dd6_cde0_eb1e,
    0xf57d_4f7f_ee6e_d178,
    0x06f0_67aa_7217_6fba,
    0x0a63_7dc5_a2c8_98a6,
    0x113f_9804_bef9_0dae,
    0x1b71_0b35_131c_471b,
    0x28db_77f5_2304_7d84,
    0x32ca_ab7b_40c7_2493,
    0x3c9e_be0a_15c9_bebc,
    0x431d_67c4_9c10_0d4c,
    0x4cc5_d4be_cb3e_42b6,
    0x597f_299c_fc65_7e2a,
    0x5fcb_6fab_3ad6_faec,
    0x6c44_198c_4a47_5817,
];

/// `K[16..80]` in blocks of 16: the constants of the words that each
/// 16-round body of the loop schedules.
#[cfg(target_arch = "x86_64")]
const K_AHEAD: [[u64; 16]; 4] = {
    let mut out = [[0u64; 16]; 4];
    let mut i = 16;
    while i < 80 {
        out[i / 16 - 1][i % 16] = K[i];
        i += 1;
    }
    out
};

/// Words 8 to 15 of every block: padding for a message of one 128-byte
/// key block plus a 64-byte digest (1536 bits).
const PAD: [u64; 8] = [1 << 63, 0, 0, 0, 0, 0, 0, 1536];

/// The implementations, fastest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Path {
    /// The fastest path this CPU supports.
    pub(crate) fn best() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            let cpu = crate::cpu::features();
            let base = cpu.avx2 && cpu.bmi1 && cpu.bmi2;
            if base && cpu.avx512vl {
                return Self::Avx512;
            }
            if base {
                return Self::Avx2;
            }
        }
        Self::Portable
    }

    /// Every path this CPU supports (for the tests).
    #[cfg(test)]
    pub(crate) fn supported() -> Vec<Self> {
        let mut paths = vec![Self::Portable];
        #[cfg(target_arch = "x86_64")]
        {
            let best = Self::best();
            if best != Self::Portable {
                paths.push(Self::Avx2);
            }
            if best == Self::Avx512 {
                paths.push(Self::Avx512);
            }
        }
        paths
    }
}

/// PBKDF2's iterations after the first for one output block: `count` times,
/// `u = SHA512(outer || SHA512(inner || u))` (the states have absorbed the
/// key pads), XORing each `u` into `acc`. Words are SHA-512's big-endian
/// words of the digests.
pub(crate) fn iterate(
    inner: &[u64; 8],
    outer: &[u64; 8],
    u: &mut [u64; 8],
    acc: &mut [u64; 8],
    count: u32,
) {
    iterate_with(Path::best(), inner, outer, u, acc, count);
}

/// [`iterate`] on `path`, which the caller has checked the CPU supports.
#[allow(unsafe_code)]
pub(crate) fn iterate_with(
    path: Path,
    inner: &[u64; 8],
    outer: &[u64; 8],
    u: &mut [u64; 8],
    acc: &mut [u64; 8],
    count: u32,
) {
    match path {
        Path::Portable => portable::iterate(inner, outer, u, acc, count),
        // SAFETY: the only precondition of a safe `#[target_feature]`
        // function is that the CPU has those features; `Path::best` (and
        // `Path::supported` in the tests) yield this path only after
        // detecting avx2, bmi1 and bmi2.
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => unsafe { avx2::iterate(inner, outer, u, acc, count) },
        // SAFETY: as above, after also detecting avx512f and avx512vl.
        #[cfg(target_arch = "x86_64")]
        Path::Avx512 => unsafe { avx512::iterate(inner, outer, u, acc, count) },
    }
}

/// The reference path: hashport's plain SHA-512 (`super::soft`), two
/// whole compressions per iteration.
mod portable {
    pub(super) use super::super::soft::pbkdf2_sha512 as iterate;
}

/// The vector-schedule loop, compiled once per target feature set.
/// Indices are constants of fully unrolled loops over fixed-size arrays.
#[cfg(target_arch = "x86_64")]
macro_rules! kernel {
    ($name:ident, $features:literal) => {
        mod $name {
            use super::*;

            #[target_feature(enable = $features)]
            pub(super) fn iterate(
                inner: &[u64; 8],
                outer: &[u64; 8],
                u: &mut [u64; 8],
                acc: &mut [u64; 8],
                count: u32,
            ) {
                for _ in 0..count {
                    let mut st = *inner;
                    compress(&mut st, u);
                    let mut st2 = *outer;
                    compress(&mut st2, &st);
                    *u = st2;
                    for (a, v) in acc.iter_mut().zip(u.iter()) {
                        *a ^= v;
                    }
                }
            }

            /// Rotate each 64-bit lane right by `N` (`M` = 64 - `N`); a
            /// `vprorq` where AVX-512VL is enabled.
            #[inline]
            #[target_feature(enable = $features)]
            fn ror<const N: i32, const M: i32>(x: __m128i) -> __m128i {
                _mm_or_si128(_mm_srli_epi64::<N>(x), _mm_slli_epi64::<M>(x))
            }

            /// The next schedule pair `W[2k], W[2k + 1]` from the pairs
            /// `k - 8` (`w16`), `k - 7`, `k - 4`, `k - 3` and `k - 1`.
            #[inline]
            #[target_feature(enable = $features)]
            fn step(w16: __m128i, w14: __m128i, w8: __m128i, w6: __m128i, w2: __m128i) -> __m128i {
                let w15 = _mm_alignr_epi8::<8>(w14, w16);
                let w7 = _mm_alignr_epi8::<8>(w6, w8);
                let s0 = _mm_xor_si128(
                    _mm_xor_si128(ror::<1, 63>(w15), ror::<8, 56>(w15)),
                    _mm_srli_epi64::<7>(w15),
                );
                let s1 = _mm_xor_si128(
                    _mm_xor_si128(ror::<19, 45>(w2), ror::<61, 3>(w2)),
                    _mm_srli_epi64::<6>(w2),
                );
                _mm_add_epi64(_mm_add_epi64(w16, s0), _mm_add_epi64(w7, s1))
            }

            /// `W + K` for one pair, as two words.
            #[inline]
            #[target_feature(enable = $features)]
            fn plus_k(w: __m128i, k0: u64, k1: u64) -> [u64; 2] {
                bytemuck::cast(_mm_add_epi64(w, bytemuck::cast([k0, k1])))
            }

            /// One compression of `[u[0..8], PAD]` into `state`.
            ///
            /// Rounds 0-63 run as a loop of four 16-round bodies, each
            /// computing the schedule 16 words ahead on the vector unit
            /// (the pairs `x` are a ring of the last 16 words, `wk` the
            /// next 16 words plus their constants), then 16 rounds without
            /// a schedule (see the module documentation for why a loop).
            #[inline(never)]
            #[target_feature(enable = $features)]
            fn compress(state: &mut [u64; 8], u: &[u64; 8]) {
                let mut x = [_mm_setzero_si128(); 8];
                for (k, xk) in x.iter_mut().enumerate().take(4) {
                    *xk = bytemuck::cast([u[2 * k], u[2 * k + 1]]);
                }
                x[4] = bytemuck::cast([PAD[0], PAD[1]]);
                x[5] = bytemuck::cast([PAD[2], PAD[3]]);
                x[6] = bytemuck::cast([PAD[4], PAD[5]]);
                x[7] = bytemuck::cast([PAD[6], PAD[7]]);
                let mut wk = [0u64; 16];
                for (i, w) in wk.iter_mut().enumerate() {
                    let pair: [u64; 2] = bytemuck::cast(x[i / 2]);
                    *w = pair[i % 2].wrapping_add(K[i]);
                }
                let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
                macro_rules! eight {
                    ($w:expr) => {
                        sha2_eight_rounds!(
                            [14, 18, 41],
                            [28, 34, 39],
                            [a, b, c, d, e, f, g, h],
                            $w
                        );
                    };
                }
                // Pair `j` of the ring becomes the pair 8 further on, and
                // its W + K goes to wk[2j], wk[2j + 1].
                macro_rules! next {
                    ($kc:ident, $j:literal, $j1:literal, $j4:literal, $j5:literal, $j7:literal) => {
                        x[$j] = step(x[$j], x[$j1], x[$j4], x[$j5], x[$j7]);
                        let v = plus_k(x[$j], $kc[2 * $j], $kc[2 * $j + 1]);
                        wk[2 * $j] = v[0];
                        wk[2 * $j + 1] = v[1];
                    };
                }
                for kc in &K_AHEAD {
                    let lo = [wk[0], wk[1], wk[2], wk[3], wk[4], wk[5], wk[6], wk[7]];
                    next!(kc, 0, 1, 4, 5, 7);
                    next!(kc, 1, 2, 5, 6, 0);
                    next!(kc, 2, 3, 6, 7, 1);
                    next!(kc, 3, 4, 7, 0, 2);
                    eight!(lo);
                    let hi = [wk[8], wk[9], wk[10], wk[11], wk[12], wk[13], wk[14], wk[15]];
                    next!(kc, 4, 5, 0, 1, 3);
                    next!(kc, 5, 6, 1, 2, 4);
                    next!(kc, 6, 7, 2, 3, 5);
                    next!(kc, 7, 0, 3, 4, 6);
                    eight!(hi);
                }
                eight!([wk[0], wk[1], wk[2], wk[3], wk[4], wk[5], wk[6], wk[7]]);
                eight!([wk[8], wk[9], wk[10], wk[11], wk[12], wk[13], wk[14], wk[15]]);
                for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
                    *s = s.wrapping_add(v);
                }
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
kernel!(avx2, "avx2,bmi1,bmi2");
#[cfg(target_arch = "x86_64")]
kernel!(avx512, "avx2,bmi1,bmi2,avx512f,avx512vl");

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::test_words as words;

    /// Every supported path agrees with the `sha2` crate's compression on
    /// random states and digests, for several iteration counts (this also
    /// checks this module's copy of the round constants).
    #[test]
    fn paths_agree_with_portable() {
        let paths = Path::supported();
        let mut seed = 1;
        for count in [0u32, 1, 2, 3, 17, 1000] {
            for _ in 0..50 {
                let (inner, outer, u0, acc0) = (
                    words(&mut seed),
                    words(&mut seed),
                    words(&mut seed),
                    words(&mut seed),
                );
                let (mut want_u, mut want_acc) = (u0, acc0);
                portable::iterate(&inner, &outer, &mut want_u, &mut want_acc, count);
                for &path in &paths {
                    let (mut u, mut acc) = (u0, acc0);
                    iterate_with(path, &inner, &outer, &mut u, &mut acc, count);
                    assert_eq!((u, acc), (want_u, want_acc), "{path:?} count {count}");
                }
            }
        }
    }
}
