//! Plain-Rust SHA-1, SHA-256 and SHA-512 block compression (FIPS 180-4),
//! with no CPU-specific instruction.
//!
//! Why: RustCrypto's `sha1::compress` and `sha2::compress256` pick SHA-NI,
//! and `sha2::compress512` AVX2, by their own run-time detection, which
//! `HASHPORT_CPU=portable` cannot reach. The PBKDF2 code calls these
//! functions instead wherever [`crate::cpu::features`] lacks the feature
//! (SHA-NI for SHA-1, SHA-NI or AVX2 with BMI2 for SHA-256's iteration
//! loop, AVX2 for SHA-512), so the portable level really runs portable
//! code, and a CPU without the feature runs the same plain code RustCrypto
//! would. The tests compare each with the RustCrypto
//! function on random blocks and with FIPS 180-4's examples.

use super::sha_ni::K256;

/// The first 16 big-endian 32-bit words of a 64-byte block.
fn be32(block: &[u8; 64]) -> [u32; 16] {
    let mut w = [0u32; 16];
    for (w, b) in w.iter_mut().zip(block.as_chunks::<4>().0) {
        *w = u32::from_be_bytes(*b);
    }
    w
}

/// SHA-1's compression of one 64-byte block into `state`.
pub(crate) fn sha1(state: &mut [u32; 5], block: &[u8; 64]) {
    sha1_words(state, be32(block));
}

/// SHA-256's compression of one 64-byte block into `state`.
pub(crate) fn sha256(state: &mut [u32; 8], block: &[u8; 64]) {
    sha256_words(state, be32(block));
}

/// SHA-512's compression of one 128-byte block into `state`.
pub(crate) fn sha512(state: &mut [u64; 8], block: &[u8; 128]) {
    let mut w = [0u64; 16];
    for (w, b) in w.iter_mut().zip(block.as_chunks::<8>().0) {
        *w = u64::from_be_bytes(*b);
    }
    sha512_words(state, w);
}

// The compressions proper, on message words. Rounds are unrolled by macros
// (SHA-512's from round 16 on in 16-round bodies of a loop), with the
// working variables renamed instead of shifted and the message schedule
// kept in a 16-word ring, as in OpenSSL's and the SHA reference code's fast
// scalar versions. They are `inline(always)` so that in PBKDF2's loops
// (below), whose blocks end in constant padding words, the compiler folds
// those words through the first rounds and the schedule.

/// The message schedule's next word in the ring `w` at slot `$t` (a round
/// from 16 on, modulo 16).
macro_rules! schedule {
    ($w:ident, $t:expr, $s0:expr, $s1:expr) => {{
        let w15 = $w[($t + 1) & 15];
        let w2 = $w[($t + 14) & 15];
        let next = $w[$t & 15]
            .wrapping_add($s0(w15))
            .wrapping_add($w[($t + 9) & 15])
            .wrapping_add($s1(w2));
        $w[$t & 15] = next;
        next
    }};
}

/// SHA-1's compression of 16 message words into `state`.
#[inline(always)]
#[allow(clippy::many_single_char_names, reason = "FIPS 180-4's names")]
#[allow(
    unused_assignments,
    reason = "the last rounds' ring and Maj carry writes"
)]
pub(crate) fn sha1_words(state: &mut [u32; 5], mut w: [u32; 16]) {
    let [mut a, mut b, mut c, mut d, mut e] = *state;
    macro_rules! round {
        ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $t:expr) => {{
            let wt = if $t < 16 {
                w[$t & 15]
            } else {
                let x = (w[($t + 13) & 15] ^ w[($t + 8) & 15] ^ w[($t + 2) & 15] ^ w[$t & 15])
                    .rotate_left(1);
                w[$t & 15] = x;
                x
            };
            let (f, k) = match $t {
                0..20 => ($d ^ ($b & ($c ^ $d)), 0x5a82_7999u32),
                20..40 => ($b ^ $c ^ $d, 0x6ed9_eba1),
                40..60 => (($b & $c) | ($d & ($b | $c)), 0x8f1b_bcdc),
                _ => ($b ^ $c ^ $d, 0xca62_c1d6),
            };
            $e = $e
                .wrapping_add($a.rotate_left(5))
                .wrapping_add(f)
                .wrapping_add(k)
                .wrapping_add(wt);
            $b = $b.rotate_left(30);
        }};
    }
    macro_rules! five {
        ($t:expr) => {
            round!(a, b, c, d, e, $t);
            round!(e, a, b, c, d, $t + 1);
            round!(d, e, a, b, c, $t + 2);
            round!(c, d, e, a, b, $t + 3);
            round!(b, c, d, e, a, $t + 4);
        };
    }
    five!(0);
    five!(5);
    five!(10);
    five!(15);
    five!(20);
    five!(25);
    five!(30);
    five!(35);
    five!(40);
    five!(45);
    five!(50);
    five!(55);
    five!(60);
    five!(65);
    five!(70);
    five!(75);
    for (s, v) in state.iter_mut().zip([a, b, c, d, e]) {
        *s = s.wrapping_add(v);
    }
}

/// A round-constant table in blocks of 16 rounds (`$blocks` of them).
macro_rules! k_blocks {
    ($name:ident, $word:ty, $k:path, $blocks:literal) => {
        const $name: [[$word; 16]; $blocks] = {
            let mut out = [[0; 16]; $blocks];
            let mut i = 0;
            while i < 16 * $blocks {
                out[i / 16][i % 16] = $k[i];
                i += 1;
            }
            out
        };
    };
}

k_blocks!(K256_BLOCKS, u32, K256, 4);
k_blocks!(K512_BLOCKS, u64, super::sha512::K, 5);

/// SHA-256's and SHA-512's compressions of 16 message words, which differ
/// only in word type, rounds, constants and rotation amounts. The Σ and σ
/// functions are written as nested rotations, `Σ(x) = ((x >>> i ^ x) >>> j
/// ^ x) >>> k` for FIPS 180-4's `x >>> k ^ x >>> (j + k) ^ x >>> (i + j +
/// k)`, which needs one register copy instead of two without BMI2's
/// `rorx`.
///
/// SHA-256 and SHA-512: rounds 0-15 on the message words as they come (the
/// compiler folds PBKDF2's constant padding words into them), then 16-round
/// bodies that schedule their own words in the ring: the blocks of constants
/// `unrolled` one after the other, those from `looped` on in a loop. SHA-512
/// loops: fully unrolled and inlined twice into PBKDF2's loop it was 25 KB
/// of code, which runs from the decoders rather than the op cache (see
/// `sha512.rs`); at `HASHPORT_CPU=portable` on Zen 3, 210,000 iterations,
/// 113.6 ms unrolled, 102.7 ms looped (same-run medians). SHA-256 measured
/// 5% slower looped (250.3 against 263.6 ms at 600,000 iterations) and
/// stays unrolled.
macro_rules! sha2_words {
    ($(#[$doc:meta])* $name:ident, $word:ty, $k:ident,
     big_sigma1: $e1:literal $e2:literal $e3:literal,
     big_sigma0: $a1:literal $a2:literal $a3:literal,
     sigma0: $s01:literal $s02:literal $s03:literal,
     sigma1: $s11:literal $s12:literal $s13:literal,
     unrolled: $($unrolled:literal)*, looped: $looped:literal) => {
        $(#[$doc])*
        #[inline(always)]
        #[allow(clippy::many_single_char_names, reason = "FIPS 180-4's names")]
        #[allow(
            unused_assignments,
            reason = "the last rounds' ring and Maj carry writes"
        )]
        pub(crate) fn $name(state: &mut [$word; 8], mut w: [$word; 16]) {
            let s0 = |x: $word| (x.rotate_right($s01) ^ x).rotate_right($s02) ^ (x >> $s03);
            let s1 = |x: $word| (x.rotate_right($s11) ^ x).rotate_right($s12) ^ (x >> $s13);
            let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
            // Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)), and this round's a ^ b
            // is the next round's b ^ c.
            let (mut x, mut y): ($word, $word) = (0, b ^ c);
            macro_rules! round {
                ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident,
                 $h:ident, $ab:ident, $bc:ident, $wt:expr, $kt:expr) => {{
                    let wt = $wt;
                    let t1 = $h
                        .wrapping_add(
                            ((($e.rotate_right($e1) ^ $e).rotate_right($e2)) ^ $e)
                                .rotate_right($e3),
                        )
                        .wrapping_add($g ^ ($e & ($f ^ $g)))
                        .wrapping_add($kt)
                        .wrapping_add(wt);
                    $ab = $a ^ $b;
                    let maj = $b ^ ($ab & $bc);
                    $d = $d.wrapping_add(t1);
                    $h = t1
                        .wrapping_add(
                            ((($a.rotate_right($a1) ^ $a).rotate_right($a2)) ^ $a)
                                .rotate_right($a3),
                        )
                        .wrapping_add(maj);
                }};
            }
            // Rounds $j..$j + 8 of a block of 16 (ring slots $j..$j + 8),
            // with the block's constants `$kc`; `$w` gives slot j's word.
            macro_rules! eight {
                ($kc:ident, $j:literal, $w:ident) => {
                    round!(a, b, c, d, e, f, g, h, x, y, $w!($j), $kc[$j]);
                    round!(h, a, b, c, d, e, f, g, y, x, $w!($j + 1), $kc[$j + 1]);
                    round!(g, h, a, b, c, d, e, f, x, y, $w!($j + 2), $kc[$j + 2]);
                    round!(f, g, h, a, b, c, d, e, y, x, $w!($j + 3), $kc[$j + 3]);
                    round!(e, f, g, h, a, b, c, d, x, y, $w!($j + 4), $kc[$j + 4]);
                    round!(d, e, f, g, h, a, b, c, y, x, $w!($j + 5), $kc[$j + 5]);
                    round!(c, d, e, f, g, h, a, b, x, y, $w!($j + 6), $kc[$j + 6]);
                    round!(b, c, d, e, f, g, h, a, y, x, $w!($j + 7), $kc[$j + 7]);
                };
            }
            macro_rules! given {
                ($t:expr) => {
                    w[$t]
                };
            }
            macro_rules! scheduled {
                ($t:expr) => {
                    schedule!(w, $t, s0, s1)
                };
            }
            let k0 = &$k[0];
            eight!(k0, 0, given);
            eight!(k0, 8, given);
            $(
                let kc = &$k[$unrolled];
                eight!(kc, 0, scheduled);
                eight!(kc, 8, scheduled);
            )*
            if let Some(rest) = $k.get($looped..) {
                for kc in rest {
                    eight!(kc, 0, scheduled);
                    eight!(kc, 8, scheduled);
                }
            }
            let _ = (x, y);
            for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
                *s = s.wrapping_add(v);
            }
        }
    };
}

sha2_words!(
    /// SHA-256's compression of 16 message words into `state`.
    sha256_words, u32, K256_BLOCKS,
    big_sigma1: 14 5 6,
    big_sigma0: 9 11 2,
    sigma0: 11 7 3,
    sigma1: 2 17 10,
    unrolled: 1 2 3, looped: 4
);

sha2_words!(
    /// SHA-512's compression of 16 message words into `state`.
    sha512_words, u64, K512_BLOCKS,
    big_sigma1: 23 4 14,
    big_sigma0: 5 6 28,
    sigma0: 7 1 7,
    sigma1: 42 19 6,
    unrolled:, looped: 1
);

/// The 16 words of PBKDF2's fixed-shape block: the previous U (`N` words),
/// the padding's first word `pad` (0x80 then zeros), zeros, and the
/// message's bit length `bits` (the key pad's block plus U).
#[inline(always)]
fn block_of<T: Copy + Default, const N: usize>(u: &[T; N], pad: T, bits: T) -> [T; 16] {
    let mut w = [T::default(); 16];
    for (w, v) in w.iter_mut().zip(u) {
        *w = *v;
    }
    if let Some(p) = w.get_mut(N) {
        *p = pad;
    }
    if let Some(len) = w.last_mut() {
        *len = bits;
    }
    w
}

/// A PBKDF2 loop on words: the key pads' states, U and the XOR of every U,
/// then the iteration count.
pub(crate) type WordLoop<W, const N: usize> = fn(&[W; N], &[W; N], &mut [W; N], &mut [W; N], u32);

/// PBKDF2's iterations on words, for the plain compressions: `count` times
/// `u = H(outer || H(inner || u))`, XORing each `u` into `acc`.
macro_rules! soft_iterate {
    ($name:ident, $word:ty, $n:literal, $pad:expr, $bits:expr, $compress:ident) => {
        pub(crate) fn $name(
            inner: &[$word; $n],
            outer: &[$word; $n],
            u: &mut [$word; $n],
            acc: &mut [$word; $n],
            count: u32,
        ) {
            for _ in 0..count {
                let mut st = *inner;
                $compress(&mut st, block_of(u, $pad, $bits));
                *u = *outer;
                $compress(u, block_of(&st, $pad, $bits));
                for (a, v) in acc.iter_mut().zip(u.iter()) {
                    *a ^= v;
                }
            }
        }
    };
}

// Bit lengths: one key-pad block (64 or 128 bytes) plus U.
soft_iterate!(pbkdf2_sha1, u32, 5, 1 << 31, (64 + 20) * 8, sha1_words);
soft_iterate!(pbkdf2_sha256, u32, 8, 1 << 31, (64 + 32) * 8, sha256_words);
soft_iterate!(pbkdf2_sha512, u64, 8, 1 << 63, (128 + 64) * 8, sha512_words);

#[cfg(test)]
mod tests {
    use sha2::digest::generic_array::GenericArray;

    use super::super::core::{Compress, Sha1, Sha256, Sha512};
    use super::*;

    /// xorshift64*: deterministic test blocks.
    fn blocks<const N: usize>(seed: u64, count: usize) -> Vec<[u8; N]> {
        let mut x = seed;
        (0..count)
            .map(|_| {
                let mut b = [0u8; N];
                for byte in &mut b {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    *byte = (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8;
                }
                b
            })
            .collect()
    }

    /// `mine` and `theirs` (RustCrypto's, through a `GenericArray`) give
    /// the same states over 500 chained random blocks.
    fn agree<const B: usize, S: Copy + PartialEq + core::fmt::Debug>(
        seed: u64,
        start: S,
        mine: fn(&mut S, &[u8; B]),
        theirs: impl Fn(&mut S, &[u8; B]),
    ) {
        let (mut a, mut b) = (start, start);
        for block in blocks::<B>(seed, 500) {
            mine(&mut a, &block);
            theirs(&mut b, &block);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn each_agrees_with_rustcrypto() {
        agree::<64, _>(1, [1u32, 2, 3, 4, 5], sha1, |s, b| {
            ::sha1::compress(s, core::slice::from_ref(GenericArray::from_slice(b)));
        });
        agree::<64, _>(2, [7u32; 8], sha256, |s, b| {
            sha2::compress256(s, core::slice::from_ref(GenericArray::from_slice(b)));
        });
        agree::<128, _>(3, [9u64; 8], sha512, |s, b| {
            sha2::compress512(s, core::slice::from_ref(GenericArray::from_slice(b)));
        });
    }

    /// PBKDF2's word loops equal two RustCrypto compressions per
    /// iteration of the padded block, for random key-pad states and U.
    #[test]
    fn pbkdf2_loops_agree_with_rustcrypto_blocks() {
        fn check<W, const N: usize, const B: usize>(
            seed: u64,
            ours: WordLoop<W, N>,
            theirs: fn(&mut [W; N], &[u8; B]),
            to_be: fn(W) -> Vec<u8>,
            from_random: fn(&[u8]) -> W,
        ) where
            W: Copy + PartialEq + core::fmt::Debug + core::ops::BitXorAssign + Default,
        {
            let word = core::mem::size_of::<W>();
            for (n, bytes) in blocks::<256>(seed, 6).iter().enumerate() {
                let take = |at: usize| -> [W; N] {
                    core::array::from_fn(|i| from_random(&bytes[at + i * word..][..word]))
                };
                let (inner, outer, u0) = (take(0), take(N * word), take(2 * N * word % 192));
                let count = [1, 2, 3, 17, 64, 1000][n];
                // Reference: the padded block as bytes, RustCrypto's compression.
                let (mut u, mut acc) = (u0, [W::default(); N]);
                for _ in 0..count {
                    for key in [inner, outer] {
                        let mut block = [0u8; B];
                        let mut at = 0;
                        for w in u {
                            block[at..at + word].copy_from_slice(&to_be(w));
                            at += word;
                        }
                        block[at] = 0x80;
                        let bits = u32::try_from((B + N * word) * 8).unwrap();
                        block[B - 4..].copy_from_slice(&bits.to_be_bytes());
                        let mut st = key;
                        theirs(&mut st, &block);
                        u = st;
                    }
                    for (a, v) in acc.iter_mut().zip(u) {
                        *a ^= v;
                    }
                }
                let (mut mine_u, mut mine_acc) = (u0, [W::default(); N]);
                ours(&inner, &outer, &mut mine_u, &mut mine_acc, count);
                assert_eq!((mine_u, mine_acc), (u, acc), "count {count}");
            }
        }
        let r32 = |b: &[u8]| u32::from_be_bytes(b.try_into().unwrap());
        let r64 = |b: &[u8]| u64::from_be_bytes(b.try_into().unwrap());
        check::<u32, 5, 64>(
            11,
            pbkdf2_sha1,
            |s, b| {
                ::sha1::compress(s, core::slice::from_ref(GenericArray::from_slice(b)));
            },
            |w| w.to_be_bytes().to_vec(),
            r32,
        );
        check::<u32, 8, 64>(
            12,
            pbkdf2_sha256,
            |s, b| {
                sha2::compress256(s, core::slice::from_ref(GenericArray::from_slice(b)));
            },
            |w| w.to_be_bytes().to_vec(),
            r32,
        );
        check::<u64, 8, 128>(
            13,
            pbkdf2_sha512,
            |s, b| {
                sha2::compress512(s, core::slice::from_ref(GenericArray::from_slice(b)));
            },
            |w| w.to_be_bytes().to_vec(),
            r64,
        );
    }

    /// FIPS 180-4's one-block examples: "abc", padded.
    #[test]
    fn fips_180_abc() {
        let mut block = [0u8; 64];
        block[..3].copy_from_slice(b"abc");
        block[3] = 0x80;
        block[63] = 24;
        let mut s1 = <Sha1 as Compress>::IV;
        sha1(&mut s1, &block);
        assert_eq!(
            s1,
            [
                0xa999_3e36,
                0x4706_816a,
                0xba3e_2571,
                0x7850_c26c,
                0x9cd0_d89d
            ]
        );
        let mut s256 = <Sha256 as Compress>::IV;
        sha256(&mut s256, &block);
        assert_eq!(s256[0], 0xba78_16bf);
        assert_eq!(s256[7], 0xf200_15ad);
        let mut block = [0u8; 128];
        block[..3].copy_from_slice(b"abc");
        block[3] = 0x80;
        block[127] = 24;
        let mut s512 = <Sha512 as Compress>::IV;
        sha512(&mut s512, &block);
        assert_eq!(s512[0], 0xddaf_35a1_9361_7aba);
        assert_eq!(s512[7], 0x2a9a_c94f_a54c_a49f);
    }
}
