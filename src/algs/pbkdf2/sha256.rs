//! PBKDF2-HMAC-SHA256's iteration loop for x86-64 CPUs with AVX2 and BMI2
//! but no SHA-NI (FIPS 180-4 SHA-256).
//!
//! Why: Intel's server CPUs from Haswell to Cascade Lake have AVX2 and no
//! SHA extensions, and many cloud hosts still run them. There the plain
//! compression (`super::soft`) left PBKDF2-SHA256 about 1.16 times slower
//! than OpenSSL's AVX2 code. This loop is `super::sha512`'s design on
//! 32-bit words, and is what `core.rs` runs for SHA-256 wherever SHA-NI
//! is missing:
//! - every block has the same shape (the previous 32-byte digest, then
//!   padding for a 96-byte message), so the loop works on words;
//! - the message schedule runs on the vector unit, four words per step
//!   (`σ1` of the step's own first two words in a second half-step), 16
//!   words ahead of the scalar rounds, which use BMI2 `rorx` and BMI1
//!   `andn` and rename their eight registers instead of moving values;
//! - rounds 0-47 are a loop of 16-round bodies (each scheduling the next
//!   16 words), then 16 rounds, so the code runs from the op cache rather
//!   than the decoders.
//!
//! Measured on an AMD EPYC (Zen 3) in a build with the SHA-NI path
//! switched off, 600,000 iterations, same-run medians: 251.9 ms with the
//! plain compression, 205.2 ms with this loop; OpenSSL (through
//! `cryptography`) with its SHA-NI code masked off (`OPENSSL_ia32cap`), so
//! that it runs its AVX2 code: 218.3 ms.
//!
//! `unsafe` here is only the call into the `#[target_feature]` function,
//! after run-time feature detection ([`Path::best`]); the intrinsics are
//! safe inside it. The tests compare it with the portable loop.

#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_alignr_epi8, _mm_blend_epi32, _mm_or_si128, _mm_setzero_si128,
    _mm_shuffle_epi32, _mm_slli_epi32, _mm_srli_epi32, _mm_srli_epi64, _mm_xor_si128,
};

#[cfg(target_arch = "x86_64")]
use super::sha_ni::K256 as K;

/// `K[16..64]` in blocks of 16: the constants of the words that each
/// 16-round body of the loop schedules.
#[cfg(target_arch = "x86_64")]
const K_AHEAD: [[u32; 16]; 3] = {
    let mut out = [[0u32; 16]; 3];
    let mut i = 16;
    while i < 64 {
        out[i / 16 - 1][i % 16] = K[i];
        i += 1;
    }
    out
};

/// Words 8 to 15 of every block: padding for a message of one 64-byte key
/// block plus a 32-byte digest (768 bits).
#[cfg(target_arch = "x86_64")]
const PAD: [u32; 8] = [1 << 31, 0, 0, 0, 0, 0, 0, 768];

/// The implementations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    /// `super::soft`'s plain compression.
    Portable,
    /// The vector-schedule loop (AVX2, BMI1, BMI2).
    #[cfg(target_arch = "x86_64")]
    Avx2,
}

impl Path {
    /// The fastest path this CPU supports, for a CPU without SHA-NI (with
    /// SHA-NI, `super::sha_ni` is faster still).
    pub(crate) fn best() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            let cpu = crate::cpu::features();
            if cpu.avx2 && cpu.bmi1 && cpu.bmi2 {
                return Self::Avx2;
            }
        }
        Self::Portable
    }

    /// Every path this CPU supports (for the tests).
    #[cfg(test)]
    pub(crate) fn supported() -> Vec<Self> {
        let mut paths = vec![Self::Portable];
        if Self::best() != Self::Portable {
            paths.push(Self::best());
        }
        paths
    }
}

/// PBKDF2's iterations after the first for one output block, without
/// SHA-NI: `count` times `u = SHA256(outer || SHA256(inner || u))` (the
/// states have absorbed the key pads), XORing each `u` into `acc`. Words
/// are SHA-256's big-endian words of the digests.
pub(crate) fn iterate(
    inner: &[u32; 8],
    outer: &[u32; 8],
    u: &mut [u32; 8],
    acc: &mut [u32; 8],
    count: u32,
) {
    iterate_with(Path::best(), inner, outer, u, acc, count);
}

/// [`iterate`] on `path`, which the caller has checked the CPU supports.
#[allow(unsafe_code)]
pub(crate) fn iterate_with(
    path: Path,
    inner: &[u32; 8],
    outer: &[u32; 8],
    u: &mut [u32; 8],
    acc: &mut [u32; 8],
    count: u32,
) {
    match path {
        Path::Portable => super::soft::pbkdf2_sha256(inner, outer, u, acc, count),
        // SAFETY: the only precondition of a safe `#[target_feature]`
        // function is that the CPU has those features; `Path::best` (and
        // `Path::supported` in the tests) yield this path only after
        // detecting avx2, bmi1 and bmi2.
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => unsafe { avx2::iterate(inner, outer, u, acc, count) },
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::*;

    #[target_feature(enable = "avx2,bmi1,bmi2")]
    pub(super) fn iterate(
        inner: &[u32; 8],
        outer: &[u32; 8],
        u: &mut [u32; 8],
        acc: &mut [u32; 8],
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

    /// Rotate each 32-bit lane right by `N` (`M` = 32 - `N`).
    #[inline]
    #[target_feature(enable = "avx2,bmi1,bmi2")]
    fn ror<const N: i32, const M: i32>(x: __m128i) -> __m128i {
        _mm_or_si128(_mm_srli_epi32::<N>(x), _mm_slli_epi32::<M>(x))
    }

    /// σ1 of the words in lanes 0 and 2 of `d`, where each of those words
    /// is also in the lane above it: a 64-bit shift of `w:w` by n leaves
    /// `w >>> n` in the low half. The results are in lanes 0 and 2.
    #[inline]
    #[target_feature(enable = "avx2,bmi1,bmi2")]
    fn sigma1_even(d: __m128i) -> __m128i {
        _mm_xor_si128(
            _mm_xor_si128(_mm_srli_epi64::<17>(d), _mm_srli_epi64::<19>(d)),
            _mm_srli_epi32::<10>(d),
        )
    }

    /// The next four schedule words `W[t..t + 4]` from `W[t - 16..t]`, four
    /// to a vector (`w16` holds `W[t - 16..t - 12]`).
    #[inline]
    #[target_feature(enable = "avx2,bmi1,bmi2")]
    fn step(w16: __m128i, w12: __m128i, w8: __m128i, w4: __m128i) -> __m128i {
        let w15 = _mm_alignr_epi8::<4>(w12, w16);
        let w7 = _mm_alignr_epi8::<4>(w4, w8);
        let s0 = _mm_xor_si128(
            _mm_xor_si128(ror::<7, 25>(w15), ror::<18, 14>(w15)),
            _mm_srli_epi32::<3>(w15),
        );
        let partial = _mm_add_epi32(_mm_add_epi32(w16, s0), w7);
        // W[t], W[t + 1]: σ1 of W[t - 2], W[t - 1] (lanes 2 and 3 of w4).
        let s1 = sigma1_even(_mm_shuffle_epi32::<0b11_11_10_10>(w4));
        let s1 = _mm_shuffle_epi32::<0b10_00_10_00>(s1);
        let low = _mm_add_epi32(partial, _mm_blend_epi32::<0b0011>(_mm_setzero_si128(), s1));
        // W[t + 2], W[t + 3]: σ1 of W[t], W[t + 1], just computed.
        let s1 = sigma1_even(_mm_shuffle_epi32::<0b01_01_00_00>(low));
        let s1 = _mm_shuffle_epi32::<0b10_00_10_00>(s1);
        _mm_add_epi32(low, _mm_blend_epi32::<0b1100>(_mm_setzero_si128(), s1))
    }

    /// `W + K` for four words.
    #[inline]
    #[target_feature(enable = "avx2,bmi1,bmi2")]
    fn plus_k(w: __m128i, k: [u32; 4]) -> [u32; 4] {
        bytemuck::cast(_mm_add_epi32(w, bytemuck::cast(k)))
    }

    /// One compression of `[u[0..8], PAD]` into `state`: rounds 0-47 as a
    /// loop of three 16-round bodies, each computing the schedule 16 words
    /// ahead (`x` is a ring of the last 16 words, `wk` the next 16 words
    /// plus their constants), then 16 rounds without a schedule.
    #[inline(never)]
    #[target_feature(enable = "avx2,bmi1,bmi2")]
    fn compress(state: &mut [u32; 8], u: &[u32; 8]) {
        let x0: [u32; 4] = [u[0], u[1], u[2], u[3]];
        let x1: [u32; 4] = [u[4], u[5], u[6], u[7]];
        let x2: [u32; 4] = [PAD[0], PAD[1], PAD[2], PAD[3]];
        let x3: [u32; 4] = [PAD[4], PAD[5], PAD[6], PAD[7]];
        let mut x: [__m128i; 4] = [
            bytemuck::cast(x0),
            bytemuck::cast(x1),
            bytemuck::cast(x2),
            bytemuck::cast(x3),
        ];
        let mut wk = [0u32; 16];
        for (i, w) in wk.iter_mut().enumerate() {
            let v = if i < 8 { u[i] } else { PAD[i - 8] };
            *w = v.wrapping_add(K[i]);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        macro_rules! eight {
            ($w:expr) => {
                sha2_eight_rounds!([6, 11, 25], [2, 13, 22], [a, b, c, d, e, f, g, h], $w);
            };
        }
        // Vector `j` of the ring becomes the four words 16 further on,
        // and their W + K go to wk[4j..4j + 4].
        macro_rules! next {
            ($kc:ident, $j:literal, $j1:literal, $j2:literal, $j3:literal) => {
                x[$j] = step(x[$j], x[$j1], x[$j2], x[$j3]);
                let v = plus_k(
                    x[$j],
                    [
                        $kc[4 * $j],
                        $kc[4 * $j + 1],
                        $kc[4 * $j + 2],
                        $kc[4 * $j + 3],
                    ],
                );
                wk[4 * $j] = v[0];
                wk[4 * $j + 1] = v[1];
                wk[4 * $j + 2] = v[2];
                wk[4 * $j + 3] = v[3];
            };
        }
        for kc in &K_AHEAD {
            let lo = [wk[0], wk[1], wk[2], wk[3], wk[4], wk[5], wk[6], wk[7]];
            next!(kc, 0, 1, 2, 3);
            next!(kc, 1, 2, 3, 0);
            eight!(lo);
            let hi = [wk[8], wk[9], wk[10], wk[11], wk[12], wk[13], wk[14], wk[15]];
            next!(kc, 2, 3, 0, 1);
            next!(kc, 3, 0, 1, 2);
            eight!(hi);
        }
        eight!([wk[0], wk[1], wk[2], wk[3], wk[4], wk[5], wk[6], wk[7]]);
        eight!([wk[8], wk[9], wk[10], wk[11], wk[12], wk[13], wk[14], wk[15]]);
        for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic 32-bit test words: the low halves of
    /// `super::super::test_words`.
    fn words(seed: &mut u64) -> [u32; 8] {
        super::super::test_words(seed).map(|z| {
            let [b0, b1, b2, b3, ..] = z.to_le_bytes();
            u32::from_le_bytes([b0, b1, b2, b3])
        })
    }

    /// Every supported path agrees with the portable loop (itself checked
    /// against the `sha2` crate in `soft.rs`) on random states and digests,
    /// for several iteration counts.
    #[test]
    fn paths_agree_with_portable() {
        let paths = Path::supported();
        let mut seed = 7;
        for count in [0u32, 1, 2, 3, 17, 1000] {
            for _ in 0..50 {
                let (inner, outer, u0, acc0) = (
                    words(&mut seed),
                    words(&mut seed),
                    words(&mut seed),
                    words(&mut seed),
                );
                let (mut want_u, mut want_acc) = (u0, acc0);
                super::super::soft::pbkdf2_sha256(
                    &inner,
                    &outer,
                    &mut want_u,
                    &mut want_acc,
                    count,
                );
                for &path in &paths {
                    let (mut u, mut acc) = (u0, acc0);
                    iterate_with(path, &inner, &outer, &mut u, &mut acc, count);
                    assert_eq!((u, acc), (want_u, want_acc), "{path:?} count {count}");
                }
            }
        }
    }
}
