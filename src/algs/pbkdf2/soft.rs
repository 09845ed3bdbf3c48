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

/// SHA-256 round constants (FIPS 180-4 section 4.2.2).
const K256: [u32; 64] = [
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

    #[test]
    fn sha1_agrees_with_the_sha1_crate() {
        let (mut mine, mut theirs) = ([1u32, 2, 3, 4, 5], [1u32, 2, 3, 4, 5]);
        for b in blocks::<64>(1, 500) {
            sha1(&mut mine, &b);
            ::sha1::compress(
                &mut theirs,
                core::slice::from_ref(GenericArray::from_slice(&b)),
            );
            assert_eq!(mine, theirs);
        }
    }

    #[test]
    fn sha256_agrees_with_the_sha2_crate() {
        let mut mine = [7u32; 8];
        let mut theirs = mine;
        for b in blocks::<64>(2, 500) {
            sha256(&mut mine, &b);
            sha2::compress256(
                &mut theirs,
                core::slice::from_ref(GenericArray::from_slice(&b)),
            );
            assert_eq!(mine, theirs);
        }
    }

    #[test]
    fn sha512_agrees_with_the_sha2_crate() {
        let mut mine = [9u64; 8];
        let mut theirs = mine;
        for b in blocks::<128>(3, 500) {
            sha512(&mut mine, &b);
            sha2::compress512(
                &mut theirs,
                core::slice::from_ref(GenericArray::from_slice(&b)),
            );
            assert_eq!(mine, theirs);
        }
    }

    /// FIPS 180-4's one-block examples: "abc", padded.
    #[test]
    fn fips_180_abc() {
        let mut block = [0u8; 64];
        block[..3].copy_from_slice(b"abc");
        block[3] = 0x80;
        block[63] = 24;
        let mut s1 = [
            0x6745_2301,
            0xefcd_ab89,
            0x98ba_dcfe,
            0x1032_5476,
            0xc3d2_e1f0,
        ];
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
        let mut s256 = [
            0x6a09_e667,
            0xbb67_ae85,
            0x3c6e_f372,
            0xa54f_f53a,
            0x510e_527f,
            0x9b05_688c,
            0x1f83_d9ab,
            0x5be0_cd19,
        ];
        sha256(&mut s256, &block);
        assert_eq!(s256[0], 0xba78_16bf);
        assert_eq!(s256[7], 0xf200_15ad);
        let mut block = [0u8; 128];
        block[..3].copy_from_slice(b"abc");
        block[3] = 0x80;
        block[127] = 24;
        let mut s512 = [
            0x6a09_e667_f3bc_c908,
            0xbb67_ae85_84ca_a73b,
            0x3c6e_f372_fe94_f82b,
            0xa54f_f53a_5f1d_36f1,
            0x510e_527f_ade6_82d1,
            0x9b05_688c_2b3e_6c1f,
            0x1f83_d9ab_fb41_bd6b,
            0x5be0_cd19_137e_2179,
        ];
        sha512(&mut s512, &block);
        assert_eq!(s512[0], 0xddaf_35a1_9361_7aba);
        assert_eq!(s512[7], 0x2a9a_c94f_a54c_a49f);
    }
}
