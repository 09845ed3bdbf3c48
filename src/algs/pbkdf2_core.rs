//! PBKDF2-HMAC (RFC 8018) on the raw SHA compression functions.
//!
//! The HMAC key pads are absorbed once (RFC 2104's precomputation), and each
//! iteration is exactly two compressions on fixed-shape blocks: the previous
//! U followed by constant padding. Compared with `pbkdf2::pbkdf2_hmac`, this
//! skips the generic hasher's buffering and finalisation per iteration; the
//! compressions themselves are the `sha1`/`sha2` crates' (SHA-NI, AVX2 or
//! soft, picked at run time). Results equal `pbkdf2_hmac`'s bit for bit (see
//! the tests, and every PBKDF2 vector).

use sha2::digest::generic_array::GenericArray;
use zeroize::Zeroize;

/// A Merkle-Damgård compression function with its padding constants.
pub(crate) trait Compress {
    /// The chaining state.
    type State: Copy + Zeroize;
    /// Block size in bytes.
    const BLOCK: usize;
    /// Digest size in bytes.
    const OUT: usize;
    /// Bytes of the big-endian message length field.
    const LEN_BYTES: usize;
    /// The initial state.
    const IV: Self::State;
    /// Absorbs the first [`Self::BLOCK`] bytes of `block`.
    fn compress(state: &mut Self::State, block: &Buf);
    /// Writes the state as the big-endian digest over the first
    /// [`Self::OUT`] bytes of `out`, leaving the rest as it is.
    fn write(state: &Self::State, out: &mut Buf);
    /// PBKDF2's iterations after the first, `count` of them: `msg` holds
    /// U (the first [`Self::OUT`] bytes) followed by the fixed padding and
    /// becomes each next U, which is XORed into `acc`.
    fn iterate(inner: &Self::State, outer: &Self::State, msg: &mut Buf, acc: &mut Buf, count: u32) {
        for _ in 0..count {
            let mut st = *inner;
            Self::compress(&mut st, msg);
            Self::write(&st, msg);
            let mut st = *outer;
            Self::compress(&mut st, msg);
            Self::write(&st, msg);
            for (a, v) in acc.iter_mut().zip(msg.iter()).take(Self::OUT) {
                *a ^= v;
            }
        }
    }
}

pub(crate) enum Sha1 {}
pub(crate) enum Sha256 {}
pub(crate) enum Sha512 {}

impl Compress for Sha1 {
    type State = [u32; 5];
    const BLOCK: usize = 64;
    const OUT: usize = 20;
    const LEN_BYTES: usize = 8;
    const IV: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    fn compress(state: &mut [u32; 5], block: &Buf) {
        if let Some(b) = block.first_chunk::<64>() {
            sha1::compress(state, core::slice::from_ref(GenericArray::from_slice(b)));
        }
    }
    fn write(state: &[u32; 5], out: &mut Buf) {
        for (w, o) in state.iter().zip(out.chunks_exact_mut(4)) {
            o.copy_from_slice(&w.to_be_bytes());
        }
    }
}

impl Compress for Sha256 {
    type State = [u32; 8];
    const BLOCK: usize = 64;
    const OUT: usize = 32;
    const LEN_BYTES: usize = 8;
    const IV: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];
    fn compress(state: &mut [u32; 8], block: &Buf) {
        if let Some(b) = block.first_chunk::<64>() {
            sha2::compress256(state, core::slice::from_ref(GenericArray::from_slice(b)));
        }
    }
    fn write(state: &[u32; 8], out: &mut Buf) {
        for (w, o) in state.iter().zip(out.chunks_exact_mut(4)) {
            o.copy_from_slice(&w.to_be_bytes());
        }
    }
}

impl Compress for Sha512 {
    type State = [u64; 8];
    const BLOCK: usize = 128;
    const OUT: usize = 64;
    const LEN_BYTES: usize = 16;
    const IV: [u64; 8] = [
        0x6a09_e667_f3bc_c908,
        0xbb67_ae85_84ca_a73b,
        0x3c6e_f372_fe94_f82b,
        0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1,
        0x9b05_688c_2b3e_6c1f,
        0x1f83_d9ab_fb41_bd6b,
        0x5be0_cd19_137e_2179,
    ];
    fn compress(state: &mut [u64; 8], block: &Buf) {
        sha2::compress512(
            state,
            core::slice::from_ref(GenericArray::from_slice(block)),
        );
    }
    fn write(state: &[u64; 8], out: &mut Buf) {
        for (w, o) in state.iter().zip(out.chunks_exact_mut(8)) {
            o.copy_from_slice(&w.to_be_bytes());
        }
    }
    /// On words, by `super::sha512_kernel` (its fixed-shape block is this
    /// one's: U, then padding for 128 + 64 bytes).
    fn iterate(inner: &[u64; 8], outer: &[u64; 8], msg: &mut Buf, acc: &mut Buf, count: u32) {
        let read = |bytes: &Buf| {
            let mut words = [0u64; 8];
            for (w, b) in words.iter_mut().zip(bytes.as_chunks::<8>().0) {
                *w = u64::from_be_bytes(*b);
            }
            words
        };
        let (mut u, mut a) = (read(msg), read(acc));
        super::sha512_kernel::iterate(inner, outer, &mut u, &mut a, count);
        Self::write(&u, msg);
        Self::write(&a, acc);
        u.zeroize();
        a.zeroize();
    }
}

/// A block buffer: large enough for the largest block (SHA-512's); the
/// 64-byte-block functions use its first half.
pub(crate) type Buf = [u8; 128];

/// Copies `src` to the start of `dst` (as much as fits).
fn put(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

/// Writes the final padding of a message of `total` bytes into `buf`, whose
/// first `used` bytes hold the message's last partial block: 0x80, zeros,
/// and the big-endian bit length in the block's last bytes.
fn pad_tail<C: Compress>(buf: &mut Buf, used: usize, total: usize) {
    for (i, b) in buf.iter_mut().enumerate().skip(used) {
        *b = if i == used { 0x80 } else { 0 };
    }
    let bits = (total as u64).wrapping_mul(8).to_be_bytes();
    let at = C::BLOCK.saturating_sub(8);
    for (b, v) in buf.iter_mut().skip(at).zip(bits) {
        *b = v;
    }
}

/// Hashes `data` from `state`, which has absorbed `prefix` bytes already
/// (whole blocks), and writes the digest to the start of `out`.
fn hash_from<C: Compress>(mut state: C::State, prefix: usize, data: &[u8], out: &mut [u8]) {
    let mut buf: Buf = [0; 128];
    let mut chunks = data.chunks_exact(C::BLOCK);
    for c in &mut chunks {
        put(&mut buf, c);
        C::compress(&mut state, &buf);
    }
    let rest = chunks.remainder();
    buf.fill(0);
    put(&mut buf, rest);
    if rest.len() + 1 > C::BLOCK - C::LEN_BYTES {
        // No room for the length: pad this block, then one of zeros.
        if let Some(b) = buf.get_mut(rest.len()) {
            *b = 0x80;
        }
        C::compress(&mut state, &buf);
        buf.fill(0);
        pad_tail::<C>(&mut buf, 0, prefix + data.len());
        if let Some(b) = buf.first_mut() {
            *b = 0;
        }
    } else {
        pad_tail::<C>(&mut buf, rest.len(), prefix + data.len());
    }
    C::compress(&mut state, &buf);
    let mut digest: Buf = [0; 128];
    C::write(&state, &mut digest);
    put(out, digest.get(..C::OUT).unwrap_or_default());
    buf.zeroize();
    digest.zeroize();
    state.zeroize();
}

/// PBKDF2-HMAC-`C`(password, salt, iterations) into `out`.
pub(crate) fn pbkdf2<C: Compress>(password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) {
    let n = C::OUT;
    // The HMAC key: the password, or its digest if longer than a block.
    let mut key: Buf = [0; 128];
    if password.len() > C::BLOCK {
        hash_from::<C>(C::IV, 0, password, &mut key);
    } else {
        put(&mut key, password);
    }
    // The key pads, absorbed once. (Bytes past the block are unused.)
    let mut pad: Buf = [0; 128];
    let (mut inner, mut outer) = (C::IV, C::IV);
    for (p, k) in pad.iter_mut().zip(&key) {
        *p = k ^ 0x36;
    }
    C::compress(&mut inner, &pad);
    for (p, k) in pad.iter_mut().zip(&key) {
        *p = k ^ 0x5c;
    }
    C::compress(&mut outer, &pad);
    pad.zeroize();
    key.zeroize();

    // The fixed-shape block of every iteration after the first: U (n
    // bytes), then padding for a message of one block plus n bytes.
    let mut msg: Buf = [0; 128];
    pad_tail::<C>(&mut msg, n, C::BLOCK + n);

    let mut first = Vec::with_capacity(salt.len() + 4);
    let mut acc: Buf = [0; 128];
    let mut u: Buf = [0; 128];
    let mut index = 0u32;
    for chunk in out.chunks_mut(n) {
        // U1 = HMAC(password, salt || INT(index)).
        index = index.wrapping_add(1);
        first.clear();
        first.extend_from_slice(salt);
        first.extend_from_slice(&index.to_be_bytes());
        hash_from::<C>(inner, C::BLOCK, &first, &mut u);
        hash_from::<C>(outer, C::BLOCK, u.get(..n).unwrap_or_default(), &mut msg);
        put(&mut acc, &msg);
        C::iterate(
            &inner,
            &outer,
            &mut msg,
            &mut acc,
            iterations.saturating_sub(1),
        );
        put(chunk, &acc);
    }
    acc.zeroize();
    u.zeroize();
    msg.zeroize();
    inner.zeroize();
    outer.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compares with the `pbkdf2` crate over password lengths around the
    /// block size (long keys are hashed first), salts, iteration counts and
    /// output lengths spanning several blocks.
    #[test]
    fn matches_pbkdf2_crate() {
        for pw_len in [
            0usize, 1, 20, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 200, 300,
        ] {
            let pw: Vec<u8> = (0..pw_len)
                .map(|i| u8::try_from((i * 7 + 1) % 256).unwrap_or(0))
                .collect();
            for salt_len in [0usize, 16, 100] {
                let salt: Vec<u8> = (0..salt_len)
                    .map(|i| u8::try_from((i * 3) % 256).unwrap_or(0))
                    .collect();
                for iters in [1u32, 2, 5] {
                    for len in [10usize, 20, 32, 64, 65, 150] {
                        let mut a = vec![0u8; len];
                        let mut b = vec![0u8; len];
                        pbkdf2::<Sha1>(&pw, &salt, iters, &mut a);
                        pbkdf2::pbkdf2_hmac::<sha1::Sha1>(&pw, &salt, iters, &mut b);
                        assert_eq!(a, b, "sha1 {pw_len} {salt_len} {iters} {len}");
                        pbkdf2::<Sha256>(&pw, &salt, iters, &mut a);
                        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(&pw, &salt, iters, &mut b);
                        assert_eq!(a, b, "sha256 {pw_len} {salt_len} {iters} {len}");
                        pbkdf2::<Sha512>(&pw, &salt, iters, &mut a);
                        pbkdf2::pbkdf2_hmac::<sha2::Sha512>(&pw, &salt, iters, &mut b);
                        assert_eq!(a, b, "sha512 {pw_len} {salt_len} {iters} {len}");
                    }
                }
            }
        }
    }

    /// RFC 6070, 4096 iterations.
    #[test]
    fn rfc6070() {
        let mut out = [0u8; 20];
        pbkdf2::<Sha1>(b"password", b"salt", 4096, &mut out);
        assert_eq!(
            out.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "4b007901b765489abead49d926f721d065a429c1"
        );
    }
}
