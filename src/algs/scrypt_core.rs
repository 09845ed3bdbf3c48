//! scrypt (RFC 7914) with its own ROMix.
//!
//! Why not the `scrypt` crate's entry point: `scrypt::Params::new` enforces
//! the RFC's `N < 2^(128 r / 8)` condition, which refuses N = 2^16 with
//! r = 1. Other implementations compute such hashes (see RustCrypto
//! password-hashes#866), and a user whose legacy hash has those parameters
//! must not be locked out. Every other bound is checked by the decoder
//! against [`crate::Limits`] before this runs.

use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;
use zeroize::Zeroize;

use crate::Error;

/// One 64-byte Salsa20 block as little-endian words.
type Block = [u32; 16];

/// Derives `out.len()` bytes of scrypt(password, salt, N, r, p).
///
/// The caller guarantees `n` is a power of two >= 2 and that `128 * n * r`
/// and `128 * r * p` fit the configured limits; arithmetic is still checked.
pub(crate) fn scrypt(
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u32,
    p: u32,
    out: &mut [u8],
) -> Result<(), Error> {
    const OVERFLOW: Error = Error::Internal("scrypt size overflow");
    let n = usize::try_from(n).map_err(|_| OVERFLOW)?;
    let r = usize::try_from(r).map_err(|_| OVERFLOW)?;
    let p = usize::try_from(p).map_err(|_| OVERFLOW)?;
    let blocks_per_chunk = r.checked_mul(2).ok_or(OVERFLOW)?;
    let chunk_bytes = blocks_per_chunk.checked_mul(64).ok_or(OVERFLOW)?;
    let b_len = chunk_bytes.checked_mul(p).ok_or(OVERFLOW)?;
    let v_blocks = blocks_per_chunk.checked_mul(n).ok_or(OVERFLOW)?;
    if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
        return Err(Error::Internal("scrypt parameters not validated"));
    }

    let mut b = vec![0u8; b_len];
    pbkdf2_hmac::<Sha256>(password, salt, 1, &mut b);

    let mut x: Vec<Block> = vec![[0u32; 16]; blocks_per_chunk];
    let mut y: Vec<Block> = vec![[0u32; 16]; blocks_per_chunk];
    let mix = |v: &mut [Block]| {
        for chunk in b.chunks_exact_mut(chunk_bytes) {
            for (block, bytes) in x.iter_mut().zip(chunk.chunks_exact(64)) {
                for (word, le) in block.iter_mut().zip(bytes.as_chunks::<4>().0) {
                    *word = u32::from_le_bytes(*le);
                }
            }
            ro_mix(&mut x, &mut y, v, n);
            for (block, bytes) in x.iter().zip(chunk.chunks_exact_mut(64)) {
                for (word, le) in block.iter().zip(bytes.chunks_exact_mut(4)) {
                    le.copy_from_slice(&word.to_le_bytes());
                }
            }
        }
    };
    // V's previous contents never matter: the first loop writes it whole.
    crate::scratch::with_memory(crate::scratch::Arena::Scrypt, v_blocks, mix)?;

    pbkdf2_hmac::<Sha256>(password, &b, 1, out);
    b.zeroize();
    x.zeroize();
    y.zeroize();
    Ok(())
}

/// ROMix over one chunk `x` of 2r blocks, with `v` of N * 2r blocks:
/// V[0] = X, V[i] = BlockMix(V[i-1]), X = BlockMix(V[N-1]), then N times
/// X = BlockMix(X xor V[Integerify(X) mod N]), ping-ponging between `x` and
/// `y` (N is even) instead of copying.
fn ro_mix(x: &mut [Block], y: &mut [Block], v: &mut [Block], n: usize) {
    let len = x.len();
    let Some(first) = v.get_mut(..len) else {
        return;
    };
    first.copy_from_slice(x);
    for i in 1..n {
        let (done, rest) = v.split_at_mut(i * len);
        if let (Some(prev), Some(next)) = (done.get((i - 1) * len..), rest.get_mut(..len)) {
            block_mix(prev, next);
        }
    }
    if let Some(last) = v.get((n - 1) * len..) {
        block_mix(last, x);
    }
    let mask = (n - 1) as u64;
    let pick = |x: &[Block]| -> &[Block] {
        let j = integerify(x) & mask;
        // j < n, so the range is inside v (v.len() == n * len).
        #[allow(clippy::cast_possible_truncation)]
        let start = (j as usize) * len;
        v.get(start..start + len).unwrap_or(&[])
    };
    for _ in 0..n / 2 {
        block_mix_xor(x, pick(x), y);
        block_mix_xor(y, pick(y), x);
    }
}

/// Integerify: the first 64 bits of the last block.
fn integerify(b: &[Block]) -> u64 {
    let last = b.last().copied().unwrap_or([0; 16]);
    u64::from(last[0]) | (u64::from(last[1]) << 32)
}

/// BlockMix_{Salsa20/8, r}: `y` receives the even-indexed outputs first,
/// then the odd-indexed ones.
fn block_mix(b: &[Block], y: &mut [Block]) {
    let r = b.len() / 2;
    let mut x = b.last().copied().unwrap_or([0; 16]);
    for (i, bi) in b.iter().enumerate() {
        for (a, c) in x.iter_mut().zip(bi) {
            *a ^= *c;
        }
        salsa20_8(&mut x);
        let dst = if i % 2 == 0 { i / 2 } else { r + i / 2 };
        if let Some(slot) = y.get_mut(dst) {
            *slot = x;
        }
    }
}

/// BlockMix of `b xor v` (ROMix's second loop) without a separate XOR pass.
/// If `v` is short (it never is), `b` alone is mixed.
fn block_mix_xor(b: &[Block], v: &[Block], y: &mut [Block]) {
    let r = b.len() / 2;
    let mut x = b.last().copied().unwrap_or([0; 16]);
    if let Some(vl) = v.last() {
        for (a, c) in x.iter_mut().zip(vl) {
            *a ^= *c;
        }
    }
    for (i, bi) in b.iter().enumerate() {
        let vi = v.get(i).copied().unwrap_or([0; 16]);
        for ((a, c), d) in x.iter_mut().zip(bi).zip(vi) {
            *a ^= *c ^ d;
        }
        salsa20_8(&mut x);
        let dst = if i % 2 == 0 { i / 2 } else { r + i / 2 };
        if let Some(slot) = y.get_mut(dst) {
            *slot = x;
        }
    }
}

/// The Salsa20/8 core. Scalar on purpose: its four quarter-rounds are
/// independent chains that a wide core runs in parallel, while a 4-lane SSE2
/// version (no vector rotate) has a longer dependency chain per round.
#[inline(always)]
fn salsa20_8(b: &mut Block) {
    let mut x = *b;
    macro_rules! quarter {
        ($a:expr, $b:expr, $c:expr, $d:expr) => {
            x[$b] ^= x[$a].wrapping_add(x[$d]).rotate_left(7);
            x[$c] ^= x[$b].wrapping_add(x[$a]).rotate_left(9);
            x[$d] ^= x[$c].wrapping_add(x[$b]).rotate_left(13);
            x[$a] ^= x[$d].wrapping_add(x[$c]).rotate_left(18);
        };
    }
    for _ in 0..4 {
        quarter!(0, 4, 8, 12);
        quarter!(5, 9, 13, 1);
        quarter!(10, 14, 2, 6);
        quarter!(15, 3, 7, 11);
        quarter!(0, 1, 2, 3);
        quarter!(5, 6, 7, 4);
        quarter!(10, 11, 8, 9);
        quarter!(15, 12, 13, 14);
    }
    for (out, add) in b.iter_mut().zip(x) {
        *out = out.wrapping_add(add);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        crate::encoding::decode_hex(&s.replace(' ', "")).unwrap_or_default()
    }

    /// RFC 7914 section 8: Salsa20/8 core test vector.
    #[test]
    fn salsa20_8_matches_rfc7914_section_8() {
        let input = hex(
            "7e879a214f3ec9867ca940e641718f26baee555b8c61c1b50df846116dcd3b1dee24f319df9b3d8514121e4b5ac5aa3276021d2909c74829edebc68db8b8c25e",
        );
        let want = hex(
            "a41f859c6608cc993b81cacb020cef05044b2181a2fd337dfd7b1c6396682f29b4393168e3c9e6bcfe6bc5b7a06d96bae424cc102c91745c24ad673dc7618f81",
        );
        let mut block = [0u32; 16];
        for (w, c) in block.iter_mut().zip(input.chunks_exact(4)) {
            *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        salsa20_8(&mut block);
        let got: Vec<u8> = block.iter().flat_map(|w| w.to_le_bytes()).collect();
        assert_eq!(got, want);
    }

    /// RFC 7914 section 12, second vector.
    #[test]
    fn scrypt_matches_rfc7914_section_12() {
        let mut out = [0u8; 64];
        scrypt(b"password", b"NaCl", 1024, 8, 16, &mut out).unwrap();
        assert_eq!(
            out.to_vec(),
            hex(
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
            )
        );
    }
}
