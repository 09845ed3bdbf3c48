//! PBKDF2-HMAC's iteration loop for SHA-1 and SHA-256 on SHA-NI, one or
//! two chains at a time (FIPS 180-4; Intel's SHA extensions).
//!
//! Why two chains: `sha1rnds4` and `sha256rnds2` have latencies of several
//! cycles and each compression is one long chain of them, so one PBKDF2
//! chain leaves the SHA unit mostly idle. Two independent chains (two
//! output blocks of one derivation, or two records of a batch) interleave
//! instruction by instruction and take little longer than one. Figures are
//! in `benches/batch.rs` (`pairs`) and the README.
//!
//! As in `sha512`, every block compressed has the same shape: the
//! previous digest, then padding for a message of one 64-byte key block
//! plus the digest, so the loop keeps the digest in registers as words and
//! never converts to bytes. For SHA-1, in SHA-NI's arrangement (word 0 in
//! the highest lane), the digest registers are the first two message
//! registers as they stand.
//!
//! `unsafe` here is only the call into the `#[target_feature]` functions,
//! with a [`Lanes`] as proof of run-time feature detection; the intrinsics
//! are safe inside them. The tests compare both with the `sha1` and `sha2`
//! crates.

/// One PBKDF2 chain: the key pads' states, the current U and the XOR of
/// all U so far, as the hash's `N` 32-bit words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Chain<const N: usize> {
    pub(crate) inner: [u32; N],
    pub(crate) outer: [u32; N],
    pub(crate) u: [u32; N],
    pub(crate) acc: [u32; N],
}

impl<const N: usize> zeroize::Zeroize for Chain<N> {
    fn zeroize(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
        self.u.zeroize();
        self.acc.zeroize();
    }
}

/// Proof that this CPU has SHA-NI (and the SSE4.1/SSSE3 it needs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Lanes(());

/// A hash with a SHA-NI loop over chains of `N` words.
pub(crate) trait Kernel<const N: usize> {
    /// Runs `count` iterations of `L` chains side by side.
    fn iterate<const L: usize>(lanes: Lanes, chains: &mut [Chain<N>; L], count: u32);
}

/// SHA-1's loop.
pub(crate) enum Sha1Ni {}
/// SHA-256's loop.
pub(crate) enum Sha256Ni {}

impl Kernel<5> for Sha1Ni {
    #[allow(unsafe_code)]
    fn iterate<const L: usize>(lanes: Lanes, chains: &mut [Chain<5>; L], count: u32) {
        let _ = lanes;
        // SAFETY: the only precondition of a safe `#[target_feature]`
        // function is that the CPU has those features; a `Lanes` exists
        // only after `Lanes::detect` found them.
        #[cfg(target_arch = "x86_64")]
        unsafe {
            sha1::iterate(chains, count);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (chains, count);
    }
}

impl Kernel<8> for Sha256Ni {
    #[allow(unsafe_code)]
    fn iterate<const L: usize>(lanes: Lanes, chains: &mut [Chain<8>; L], count: u32) {
        let _ = lanes;
        // SAFETY: as for `Sha1Ni`.
        #[cfg(target_arch = "x86_64")]
        unsafe {
            sha256::iterate(chains, count);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (chains, count);
    }
}

impl Lanes {
    /// `Some` where the CPU has SHA-NI (and the SSE4.1/SSSE3 it needs).
    pub(crate) fn detect() -> Option<Self> {
        #[cfg(target_arch = "x86_64")]
        if crate::cpu::features().sha_ni {
            return Some(Self(()));
        }
        None
    }

    /// Runs `count` iterations of one chain.
    pub(crate) fn one<K: Kernel<N>, const N: usize>(self, chain: &mut Chain<N>, count: u32) {
        K::iterate(self, core::array::from_mut(chain), count);
    }

    /// Runs `count` iterations of two chains side by side.
    pub(crate) fn two<K: Kernel<N>, const N: usize>(
        self,
        a: &mut Chain<N>,
        b: &mut Chain<N>,
        count: u32,
    ) {
        let mut pair = [*a, *b];
        K::iterate(self, &mut pair, count);
        [*a, *b] = pair;
        zeroize::Zeroize::zeroize(&mut pair);
    }
}

/// SHA-256 round constants (FIPS 180-4 section 4.2.2).
pub(super) const K256: [u32; 64] = [
    0x428a_2f98,
    0x7137_4491,
    0xb5c0_fbcf,
    0xe9b5_dba5,
    0x3956_c25b,
    0x59f1_11f1,
    0x923f_82a4,
    0xab1c_5ed5,
    0xd807_aa98,
    0x1283_5b01,
    0x2431_85be,
    0x550c_7dc3,
    0x72be_5d74,
    0x80de_b1fe,
    0x9bdc_06a7,
    0xc19b_f174,
    0xe49b_69c1,
    0xefbe_4786,
    0x0fc1_9dc6,
    0x240c_a1cc,
    0x2de9_2c6f,
    0x4a74_84aa,
    0x5cb0_a9dc,
    0x76f9_88da,
    0x983e_5152,
    0xa831_c66d,
    0xb003_27c8,
    0xbf59_7fc7,
    0xc6e0_0bf3,
    0xd5a7_9147,
    0x06ca_6351,
    0x1429_2967,
    0x27b7_0a85,
    0x2e1b_2138,
    0x4d2c_6dfc,
    0x5338_0d13,
    0x650a_7354,
    0x766a_0abb,
    0x81c2_c92e,
    0x9272_2c85,
    0xa2bf_e8a1,
    0xa81a_664b,
    0xc24b_8b70,
    0xc76c_51a3,
    0xd192_e819,
    0xd699_0624,
    0xf40e_3585,
    0x106a_a070,
    0x19a4_c116,
    0x1e37_6c08,
    0x2748_774c,
    0x34b0_bcb5,
    0x391c_0cb3,
    0x4ed8_aa4a,
    0x5b9c_ca4f,
    0x682e_6ff3,
    0x748f_82ee,
    0x78a5_636f,
    0x84c8_7814,
    0x8cc7_0208,
    0x90be_fffa,
    0xa450_6ceb,
    0xbef9_a3f7,
    0xc671_78f2,
];

#[cfg(target_arch = "x86_64")]
mod sha1 {
    use core::arch::x86_64::{
        __m128i, _mm_add_epi32, _mm_or_si128, _mm_sha1msg1_epu32, _mm_sha1msg2_epu32,
        _mm_sha1nexte_epu32, _mm_sha1rnds4_epu32, _mm_xor_si128,
    };

    use super::Chain;

    /// A state in SHA-NI's arrangement: `[d, c, b, a]` and `[0, 0, 0, e]`
    /// (lane 0 first).
    type State = (__m128i, __m128i);

    fn arrange(s: &[u32; 5]) -> State {
        (
            bytemuck::cast([s[3], s[2], s[1], s[0]]),
            bytemuck::cast([0, 0, 0, s[4]]),
        )
    }

    fn natural(s: State) -> [u32; 5] {
        let abcd: [u32; 4] = bytemuck::cast(s.0);
        let e: [u32; 4] = bytemuck::cast(s.1);
        [abcd[3], abcd[2], abcd[1], abcd[0], e[3]]
    }

    /// Compresses, for each lane, the block `[digest, PAD]` into `state`,
    /// where `digest` is a state in SHA-NI's arrangement.
    #[inline]
    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    fn compress<const L: usize>(state: &mut [State; L], digest: [State; L]) {
        let saved = *state;
        // Words 4..8 are [e, 0x8000_0000, 0, 0] (lane 3 first), 8..12 zero,
        // 12..16 [0, 0, 0, 672].
        let pad1: __m128i = bytemuck::cast([0u32, 0, 0x8000_0000, 0]);
        let pad3: __m128i = bytemuck::cast([672u32, 0, 0, 0]);
        let zero: __m128i = bytemuck::cast([0u32; 4]);
        let mut m = digest.map(|(abcd, e)| [abcd, _mm_or_si128(e, pad1), zero, pad3]);
        let mut e_next = [zero; L];
        // Rounds 4i..4i+4 for every lane, unrolled so that every index and
        // the round function selector are constants.
        macro_rules! group {
            ($i:literal) => {{
                let i: usize = $i;
                for l in 0..L {
                    let (abcd, e0) = &mut state[l];
                    let e = if i == 0 {
                        _mm_add_epi32(*e0, m[l][0])
                    } else {
                        _mm_sha1nexte_epu32(e_next[l], m[l][i % 4])
                    };
                    e_next[l] = *abcd;
                    *abcd = _mm_sha1rnds4_epu32::<{ $i / 5 }>(*abcd, e);
                    if (3..=18).contains(&i) {
                        let next = (i + 1) % 4;
                        m[l][next] = _mm_sha1msg2_epu32(m[l][next], m[l][i % 4]);
                    }
                    if (1..=16).contains(&i) {
                        let prev = (i + 3) % 4;
                        m[l][prev] = _mm_sha1msg1_epu32(m[l][prev], m[l][i % 4]);
                    }
                    if (2..=17).contains(&i) {
                        let back = (i + 2) % 4;
                        m[l][back] = _mm_xor_si128(m[l][back], m[l][i % 4]);
                    }
                }
            }};
        }
        unroll!(group: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19);
        for l in 0..L {
            state[l].0 = _mm_add_epi32(state[l].0, saved[l].0);
            state[l].1 = _mm_sha1nexte_epu32(e_next[l], saved[l].1);
        }
    }

    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    pub(super) fn iterate<const L: usize>(chains: &mut [Chain<5>; L], count: u32) {
        let inner = chains.map(|c| arrange(&c.inner));
        let outer = chains.map(|c| arrange(&c.outer));
        let mut u = chains.map(|c| arrange(&c.u));
        let mut acc = chains.map(|c| arrange(&c.acc));
        for _ in 0..count {
            let mut st = inner;
            compress(&mut st, u);
            let mid = st;
            let mut st = outer;
            compress(&mut st, mid);
            u = st;
            for l in 0..L {
                acc[l].0 = _mm_xor_si128(acc[l].0, u[l].0);
                acc[l].1 = _mm_xor_si128(acc[l].1, u[l].1);
            }
        }
        for l in 0..L {
            chains[l].u = natural(u[l]);
            chains[l].acc = natural(acc[l]);
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod sha256 {
    use core::arch::x86_64::{
        __m128i, _mm_add_epi32, _mm_alignr_epi8, _mm_blend_epi16, _mm_sha256msg1_epu32,
        _mm_sha256msg2_epu32, _mm_sha256rnds2_epu32, _mm_shuffle_epi32, _mm_unpackhi_epi64,
        _mm_unpacklo_epi64, _mm_xor_si128,
    };

    use super::{Chain, K256 as K};

    /// A state in SHA-NI's arrangement: `[f, e, b, a]` and `[h, g, d, c]`
    /// (lane 0 first).
    type State = (__m128i, __m128i);

    /// Natural `[a..h]` to SHA-NI's arrangement.
    #[inline]
    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    fn arrange(s: &[u32; 8]) -> State {
        let abcd: __m128i = bytemuck::cast([s[0], s[1], s[2], s[3]]);
        let efgh: __m128i = bytemuck::cast([s[4], s[5], s[6], s[7]]);
        let badc = _mm_shuffle_epi32::<0xb1>(abcd);
        let hgfe = _mm_shuffle_epi32::<0x1b>(efgh);
        (
            _mm_alignr_epi8::<8>(badc, hgfe),
            _mm_blend_epi16::<0xf0>(hgfe, badc),
        )
    }

    /// SHA-NI's arrangement to the digest words `[a, b, c, d]`, `[e, f, g, h]`.
    #[inline]
    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    fn words(s: State) -> [__m128i; 2] {
        [
            _mm_shuffle_epi32::<0xb1>(_mm_unpackhi_epi64(s.0, s.1)),
            _mm_shuffle_epi32::<0xb1>(_mm_unpacklo_epi64(s.0, s.1)),
        ]
    }

    /// Compresses, for each lane, the block `[w[0], w[1], PAD]` into `state`.
    #[inline]
    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    fn compress<const L: usize>(state: &mut [State; L], w: [[__m128i; 2]; L]) {
        let saved = *state;
        let pad0: __m128i = bytemuck::cast([0x8000_0000u32, 0, 0, 0]);
        let pad1: __m128i = bytemuck::cast([0u32, 0, 0, 768]);
        let mut m = w.map(|[w0, w1]| [w0, w1, pad0, pad1]);
        // Rounds 4i..4i+4 for every lane, unrolled so that every index is
        // a constant.
        macro_rules! group {
            ($i:literal) => {{
                let i: usize = $i;
                let k: __m128i =
                    bytemuck::cast([K[4 * i], K[4 * i + 1], K[4 * i + 2], K[4 * i + 3]]);
                for l in 0..L {
                    let (abef, cdgh) = &mut state[l];
                    let wk = _mm_add_epi32(m[l][i % 4], k);
                    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
                    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32::<0x0e>(wk));
                    // Words 4(i+1).. from the four groups before them.
                    if (3..=14).contains(&i) {
                        let t = _mm_alignr_epi8::<4>(m[l][i % 4], m[l][(i + 3) % 4]);
                        let next = (i + 1) % 4;
                        m[l][next] =
                            _mm_sha256msg2_epu32(_mm_add_epi32(m[l][next], t), m[l][i % 4]);
                    }
                    if (1..=12).contains(&i) {
                        let prev = (i + 3) % 4;
                        m[l][prev] = _mm_sha256msg1_epu32(m[l][prev], m[l][i % 4]);
                    }
                }
            }};
        }
        unroll!(group: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
        for l in 0..L {
            state[l].0 = _mm_add_epi32(state[l].0, saved[l].0);
            state[l].1 = _mm_add_epi32(state[l].1, saved[l].1);
        }
    }

    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    pub(super) fn iterate<const L: usize>(chains: &mut [Chain<8>; L], count: u32) {
        let inner = chains.map(|c| arrange(&c.inner));
        let outer = chains.map(|c| arrange(&c.outer));
        let split = |x: [u32; 8]| -> [__m128i; 2] {
            [
                bytemuck::cast([x[0], x[1], x[2], x[3]]),
                bytemuck::cast([x[4], x[5], x[6], x[7]]),
            ]
        };
        let mut u = chains.map(|c| split(c.u));
        let mut acc = chains.map(|c| split(c.acc));
        for _ in 0..count {
            let mut st = inner;
            compress(&mut st, u);
            let mid = st.map(|s| words(s));
            let mut st = outer;
            compress(&mut st, mid);
            u = st.map(|s| words(s));
            for l in 0..L {
                acc[l][0] = _mm_xor_si128(acc[l][0], u[l][0]);
                acc[l][1] = _mm_xor_si128(acc[l][1], u[l][1]);
            }
        }
        let join = |x: [__m128i; 2]| -> [u32; 8] {
            let lo: [u32; 4] = bytemuck::cast(x[0]);
            let hi: [u32; 4] = bytemuck::cast(x[1]);
            [lo[0], lo[1], lo[2], lo[3], hi[0], hi[1], hi[2], hi[3]]
        };
        for l in 0..L {
            chains[l].u = join(u[l]);
            chains[l].acc = join(acc[l]);
        }
    }
}

#[cfg(test)]
mod tests {
    use sha2::digest::generic_array::GenericArray;

    use super::*;

    /// The reference: `compress` (a crate's) on the padded block.
    fn reference<const N: usize>(
        chain: &mut Chain<N>,
        count: u32,
        pad: &[u32],
        compress: fn(&mut [u32; N], &[u8; 64]),
    ) {
        let run = |state: &[u32; N], words: &[u32; N]| {
            let mut block = [0u8; 64];
            for (b, w) in block.chunks_exact_mut(4).zip(words.iter().chain(pad)) {
                b.copy_from_slice(&w.to_be_bytes());
            }
            let mut st = *state;
            compress(&mut st, &block);
            st
        };
        for _ in 0..count {
            let mid = run(&chain.inner, &chain.u);
            chain.u = run(&chain.outer, &mid);
            for (a, v) in chain.acc.iter_mut().zip(chain.u) {
                *a ^= v;
            }
        }
    }

    fn chain<const N: usize>(seed: &mut u32) -> Chain<N> {
        let mut next = || {
            let mut w = [0u32; N];
            for x in &mut w {
                *seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                *x = *seed;
            }
            w
        };
        Chain {
            inner: next(),
            outer: next(),
            u: next(),
            acc: next(),
        }
    }

    /// One and two lanes of `K` agree with the reference, for several counts.
    fn agree<K: Kernel<N>, const N: usize>(pad: &[u32], compress: fn(&mut [u32; N], &[u8; 64])) {
        let Some(lanes) = Lanes::detect() else {
            return;
        };
        let mut seed = 3;
        for count in [0u32, 1, 2, 5, 100] {
            for _ in 0..20 {
                let (a0, b0) = (chain::<N>(&mut seed), chain::<N>(&mut seed));
                let (mut want_a, mut want_b) = (a0, b0);
                reference(&mut want_a, count, pad, compress);
                reference(&mut want_b, count, pad, compress);
                let mut a = a0;
                lanes.one::<K, N>(&mut a, count);
                assert_eq!(a, want_a, "one lane, count {count}");
                let (mut a, mut b) = (a0, b0);
                lanes.two::<K, N>(&mut a, &mut b, count);
                assert_eq!((a, b), (want_a, want_b), "two lanes, count {count}");
            }
        }
    }

    #[test]
    fn sha1_agrees_with_sha1_crate() {
        agree::<Sha1Ni, 5>(&[0x8000_0000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 672], |st, b| {
            ::sha1::compress(st, core::slice::from_ref(GenericArray::from_slice(b)));
        });
    }

    #[test]
    fn sha256_agrees_with_sha2_crate() {
        agree::<Sha256Ni, 8>(&[0x8000_0000, 0, 0, 0, 0, 0, 0, 768], |st, b| {
            sha2::compress256(st, core::slice::from_ref(GenericArray::from_slice(b)));
        });
    }
}
