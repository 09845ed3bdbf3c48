//! PBKDF2-HMAC-SHA256's iteration loop on SHA-NI, one or two chains at a
//! time (FIPS 180-4 SHA-256; Intel's SHA extensions).
//!
//! Why two chains: `sha256rnds2` has a latency of several cycles and each
//! compression is a chain of 32 of them, so one PBKDF2 chain leaves the SHA
//! unit mostly idle. Two independent chains (two output blocks of one
//! derivation, or two records of a batch) interleave instruction by
//! instruction and take little longer than one. Figures are in
//! `benches/verify.rs` (`pbkdf2-sha256 two chains`) and the README.
//!
//! As in `sha512_kernel`, every block compressed has the same shape: the
//! previous 32-byte digest, then padding for a 96-byte message (words 8 to
//! 15 are `0x8000_0000, 0, 0, 0, 0, 0, 0, 768`), so the loop keeps the
//! digest in registers as words and never converts to bytes.
//!
//! `unsafe` here is only the call into the `#[target_feature]` function
//! after run-time feature detection ([`Lanes::detect`]); the intrinsics are
//! safe inside it. The tests compare it with the `sha2` crate.

#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_alignr_epi8, _mm_blend_epi16, _mm_sha256msg1_epu32,
    _mm_sha256msg2_epu32, _mm_sha256rnds2_epu32, _mm_shuffle_epi32, _mm_unpackhi_epi64,
    _mm_unpacklo_epi64, _mm_xor_si128,
};

/// One PBKDF2 chain: the key pads' states, the current U and the XOR of
/// all U so far, as SHA-256 words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Chain {
    pub(crate) inner: [u32; 8],
    pub(crate) outer: [u32; 8],
    pub(crate) u: [u32; 8],
    pub(crate) acc: [u32; 8],
}

impl zeroize::Zeroize for Chain {
    fn zeroize(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
        self.u.zeroize();
        self.acc.zeroize();
    }
}

/// Whether this CPU runs the SHA-NI loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Lanes(());

impl Lanes {
    /// `Some` where the CPU has SHA-NI (and the SSE4.1/SSSE3 it needs).
    pub(crate) fn detect() -> Option<Self> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("sha")
            && std::arch::is_x86_feature_detected!("sse4.1")
            && std::arch::is_x86_feature_detected!("ssse3")
        {
            return Some(Self(()));
        }
        None
    }

    /// Runs `count` iterations of one chain.
    pub(crate) fn one(self, chain: &mut Chain, count: u32) {
        self.run(core::array::from_mut(chain), count);
    }

    /// Runs `count` iterations of two chains side by side.
    pub(crate) fn two(self, a: &mut Chain, b: &mut Chain, count: u32) {
        let mut pair = [*a, *b];
        self.run(&mut pair, count);
        [*a, *b] = pair;
        zeroize::Zeroize::zeroize(&mut pair);
    }

    #[allow(unsafe_code)]
    fn run<const L: usize>(self, chains: &mut [Chain; L], count: u32) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: the only precondition of a safe `#[target_feature]`
        // function is that the CPU has those features; a `Lanes` exists
        // only after `detect` found them.
        unsafe {
            ni::iterate(chains, count);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (chains, count);
    }
}

/// SHA-256 round constants (FIPS 180-4 section 4.2.2).
const K: [u32; 64] = [
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
mod ni {
    use super::*;

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
        group!(0);
        group!(1);
        group!(2);
        group!(3);
        group!(4);
        group!(5);
        group!(6);
        group!(7);
        group!(8);
        group!(9);
        group!(10);
        group!(11);
        group!(12);
        group!(13);
        group!(14);
        group!(15);
        for l in 0..L {
            state[l].0 = _mm_add_epi32(state[l].0, saved[l].0);
            state[l].1 = _mm_add_epi32(state[l].1, saved[l].1);
        }
    }

    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    pub(super) fn iterate<const L: usize>(chains: &mut [super::Chain; L], count: u32) {
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

    /// The reference: the `sha2` crate's compression on the padded block.
    fn reference(chain: &mut Chain, count: u32) {
        let compress = |state: &[u32; 8], words: &[u32; 8]| {
            let mut block = [0u8; 64];
            let pad = [0x8000_0000u32, 0, 0, 0, 0, 0, 0, 768];
            for (b, w) in block.chunks_exact_mut(4).zip(words.iter().chain(&pad)) {
                b.copy_from_slice(&w.to_be_bytes());
            }
            let mut st = *state;
            sha2::compress256(
                &mut st,
                core::slice::from_ref(GenericArray::from_slice(&block)),
            );
            st
        };
        for _ in 0..count {
            let mid = compress(&chain.inner, &chain.u);
            chain.u = compress(&chain.outer, &mid);
            for (a, v) in chain.acc.iter_mut().zip(chain.u) {
                *a ^= v;
            }
        }
    }

    fn chain(seed: &mut u32) -> Chain {
        let mut next = || {
            let mut w = [0u32; 8];
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

    /// One and two lanes agree with the `sha2` crate, for several counts.
    #[test]
    fn lanes_agree_with_sha2() {
        let Some(lanes) = Lanes::detect() else {
            return;
        };
        let mut seed = 3;
        for count in [0u32, 1, 2, 5, 100] {
            for _ in 0..20 {
                let (a0, b0) = (chain(&mut seed), chain(&mut seed));
                let (mut want_a, mut want_b) = (a0, b0);
                reference(&mut want_a, count);
                reference(&mut want_b, count);
                let mut a = a0;
                lanes.one(&mut a, count);
                assert_eq!(a, want_a, "one lane, count {count}");
                let (mut a, mut b) = (a0, b0);
                lanes.two(&mut a, &mut b, count);
                assert_eq!((a, b), (want_a, want_b), "two lanes, count {count}");
            }
        }
    }
}
