//! Plain-Rust SHA-1, SHA-256 and SHA-512 block compression (FIPS 180-4),
//! with no CPU-specific instruction.
//!
//! Why: RustCrypto's `sha1::compress` and `sha2::compress256` pick SHA-NI,
//! and `sha2::compress512` AVX2, by their own run-time detection, which
//! `HASHPORT_CPU=portable` cannot reach. The PBKDF2 code calls these
//! functions instead wherever [`crate::cpu::features`] lacks the feature
//! (SHA-NI for SHA-1 and SHA-256, AVX2 for SHA-512), so the portable level
//! really runs portable code, and a CPU without the feature runs the same
//! plain code RustCrypto would. The tests compare each with the RustCrypto
//! function on random blocks and with FIPS 180-4's examples.

use super::sha_ni::K256;

/// SHA-1's compression of one 64-byte block into `state`.
pub(crate) fn sha1(state: &mut [u32; 5], block: &[u8; 64]) {
    let mut w = [0u32; 80];
    for (w, b) in w.iter_mut().zip(block.as_chunks::<4>().0) {
        *w = u32::from_be_bytes(*b);
    }
    for t in 16..80 {
        w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1);
    }
    let [mut a, mut b, mut c, mut d, mut e] = *state;
    for (t, &wt) in w.iter().enumerate() {
        let (f, k) = match t {
            0..20 => ((b & c) | (!b & d), 0x5a82_7999),
            20..40 => (b ^ c ^ d, 0x6ed9_eba1),
            40..60 => ((b & c) | (b & d) | (c & d), 0x8f1b_bcdc),
            _ => (b ^ c ^ d, 0xca62_c1d6),
        };
        let temp = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(wt);
        e = d;
        d = c;
        c = b.rotate_left(30);
        b = a;
        a = temp;
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e]) {
        *s = s.wrapping_add(v);
    }
}

/// SHA-256's compression of one 64-byte block into `state`.
pub(crate) fn sha256(state: &mut [u32; 8], block: &[u8; 64]) {
    let mut w = [0u32; 64];
    for (w, b) in w.iter_mut().zip(block.as_chunks::<4>().0) {
        *w = u32::from_be_bytes(*b);
    }
    for t in 16..64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16]
            .wrapping_add(s0)
            .wrapping_add(w[t - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (&k, &wt) in K256.iter().zip(&w) {
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(k)
            .wrapping_add(wt);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(maj);
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(v);
    }
}

/// SHA-512's compression of one 128-byte block into `state`.
pub(crate) fn sha512(state: &mut [u64; 8], block: &[u8; 128]) {
    let mut w = [0u64; 80];
    for (w, b) in w.iter_mut().zip(block.as_chunks::<8>().0) {
        *w = u64::from_be_bytes(*b);
    }
    for t in 16..80 {
        let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
        let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
        w[t] = w[t - 16]
            .wrapping_add(s0)
            .wrapping_add(w[t - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (&k, &wt) in super::sha512::K.iter().zip(&w) {
        let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(k)
            .wrapping_add(wt);
        let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(maj);
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(v);
    }
}

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
