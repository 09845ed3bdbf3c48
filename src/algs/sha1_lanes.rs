//! PBKDF2-HMAC-SHA1's iteration loop on SHA-NI, one or two chains at a
//! time (FIPS 180-4 SHA-1; Intel's SHA extensions). The twin of
//! `sha256_lanes`, which explains why two chains.
//!
//! Every block compressed has the same shape: the previous 20-byte digest,
//! then padding for an 84-byte message (words 5 to 15 are `0x8000_0000`,
//! nine zeros, and 672). In SHA-NI's arrangement (word 0 in the highest
//! lane) the digest registers are the first two message registers as they
//! stand, `ABCD` and `E` (plus the padding word), so the loop needs no
//! shuffles between compressions.
//!
//! `unsafe` here is only the call into the `#[target_feature]` function
//! after run-time feature detection ([`Lanes::detect`]); the intrinsics are
//! safe inside it. The tests compare it with the `sha1` crate.

#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_or_si128, _mm_sha1msg1_epu32, _mm_sha1msg2_epu32,
    _mm_sha1nexte_epu32, _mm_sha1rnds4_epu32, _mm_xor_si128,
};

/// One PBKDF2 chain: the key pads' states, the current U and the XOR of
/// all U so far, as SHA-1 words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Chain {
    pub(crate) inner: [u32; 5],
    pub(crate) outer: [u32; 5],
    pub(crate) u: [u32; 5],
    pub(crate) acc: [u32; 5],
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

#[cfg(target_arch = "x86_64")]
mod ni {
    use super::*;

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
        group!(16);
        group!(17);
        group!(18);
        group!(19);
        for l in 0..L {
            state[l].0 = _mm_add_epi32(state[l].0, saved[l].0);
            state[l].1 = _mm_sha1nexte_epu32(e_next[l], saved[l].1);
        }
    }

    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    pub(super) fn iterate<const L: usize>(chains: &mut [super::Chain; L], count: u32) {
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

#[cfg(test)]
mod tests {
    use sha1::digest::generic_array::GenericArray;

    use super::*;

    /// The reference: the `sha1` crate's compression on the padded block.
    fn reference(chain: &mut Chain, count: u32) {
        let compress = |state: &[u32; 5], words: &[u32; 5]| {
            let mut block = [0u8; 64];
            let pad = [0x8000_0000u32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 672];
            for (b, w) in block.chunks_exact_mut(4).zip(words.iter().chain(&pad)) {
                b.copy_from_slice(&w.to_be_bytes());
            }
            let mut st = *state;
            sha1::compress(
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
            let mut w = [0u32; 5];
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

    /// One and two lanes agree with the `sha1` crate, for several counts.
    #[test]
    fn lanes_agree_with_sha1() {
        let Some(lanes) = Lanes::detect() else {
            return;
        };
        let mut seed = 5;
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
