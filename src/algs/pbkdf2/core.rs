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

use super::sha_ni::{Chain as NiChain, Kernel, Lanes, Sha1Ni, Sha256Ni};

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
    /// Runs `count` more iterations of `chain`.
    fn iterate(chain: &mut Chain<Self::State>, count: u32) {
        default_iterate::<Self>(chain, count);
    }
    /// Runs `count` more iterations of `chain` without SHA-NI or AVX2: the
    /// plain compressions of `super::soft`, on words.
    fn soft_iterate(chain: &mut Chain<Self::State>, count: u32) {
        default_iterate::<Self>(chain, count);
    }
    /// Runs `count` more iterations of two independent chains; where the
    /// hardware can overlap them, faster than one after the other.
    fn iterate2(a: &mut Chain<Self::State>, b: &mut Chain<Self::State>, count: u32) {
        Self::iterate(a, count);
        Self::iterate(b, count);
    }
}

/// One PBKDF2 chain (one output block of one derivation): the key pads'
/// states, `msg` holding U (the first [`Compress::OUT`] bytes) followed by
/// the fixed padding, and `acc`, the XOR of every U so far.
pub(crate) struct Chain<S: Zeroize> {
    inner: S,
    outer: S,
    msg: Buf,
    acc: Buf,
    /// Iterations still to run.
    left: u32,
}

impl<S: Zeroize> Drop for Chain<S> {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
        self.msg.zeroize();
        self.acc.zeroize();
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
            // RustCrypto's picks SHA-NI by itself: only where hashport's
            // level has it (see super::soft).
            if crate::cpu::features().sha_ni {
                sha1::compress(state, core::slice::from_ref(GenericArray::from_slice(b)));
            } else {
                super::soft::sha1(state, b);
            }
        }
    }
    fn write(state: &[u32; 5], out: &mut Buf) {
        put_be_words(state, out);
    }
    fn iterate(chain: &mut Chain<[u32; 5]>, count: u32) {
        ni_iterate::<Self, Sha1Ni, 5>(chain, count);
    }
    fn soft_iterate(chain: &mut Chain<[u32; 5]>, count: u32) {
        words_iterate::<Self, 5>(chain, count, super::soft::pbkdf2_sha1);
    }
    fn iterate2(a: &mut Chain<[u32; 5]>, b: &mut Chain<[u32; 5]>, count: u32) {
        ni_iterate2::<Self, Sha1Ni, 5>(a, b, count);
    }
}

/// Writes `words` big-endian over the start of `out`.
fn put_be_words(words: &[u32], out: &mut Buf) {
    for (w, o) in words.iter().zip(out.chunks_exact_mut(4)) {
        o.copy_from_slice(&w.to_be_bytes());
    }
}

/// The first `N` big-endian 32-bit words of `bytes`.
fn be_words<const N: usize>(bytes: &Buf) -> [u32; N] {
    let mut words = [0u32; N];
    for (w, b) in words.iter_mut().zip(bytes.as_chunks::<4>().0) {
        *w = u32::from_be_bytes(*b);
    }
    words
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
            if crate::cpu::features().sha_ni {
                sha2::compress256(state, core::slice::from_ref(GenericArray::from_slice(b)));
            } else {
                super::soft::sha256(state, b);
            }
        }
    }
    fn write(state: &[u32; 8], out: &mut Buf) {
        put_be_words(state, out);
    }
    fn iterate(chain: &mut Chain<[u32; 8]>, count: u32) {
        ni_iterate::<Self, Sha256Ni, 8>(chain, count);
    }
    /// Without SHA-NI: `super::sha256`'s AVX2 loop where the CPU has
    /// AVX2 and BMI2, the plain compression otherwise.
    fn soft_iterate(chain: &mut Chain<[u32; 8]>, count: u32) {
        words_iterate::<Self, 8>(chain, count, super::sha256::iterate);
    }
    fn iterate2(a: &mut Chain<[u32; 8]>, b: &mut Chain<[u32; 8]>, count: u32) {
        ni_iterate2::<Self, Sha256Ni, 8>(a, b, count);
    }
}

/// [`Compress::iterate`]'s default loop, for the overrides to fall back on.
fn default_iterate<C: Compress + ?Sized>(chain: &mut Chain<C::State>, count: u32) {
    let Chain {
        inner,
        outer,
        msg,
        acc,
        ..
    } = chain;
    for _ in 0..count {
        let mut st = *inner;
        C::compress(&mut st, msg);
        C::write(&st, msg);
        let mut st = *outer;
        C::compress(&mut st, msg);
        C::write(&st, msg);
        for (a, v) in acc.iter_mut().zip(msg.iter()).take(C::OUT) {
            *a ^= v;
        }
    }
}

/// [`Compress::iterate`] on SHA-NI (`super::sha_ni`) where the CPU has it.
fn ni_iterate<C, K, const N: usize>(chain: &mut Chain<[u32; N]>, count: u32)
where
    C: Compress<State = [u32; N]> + ?Sized,
    K: Kernel<N>,
{
    match Lanes::detect() {
        Some(lanes) => {
            let mut c = ni_chain(chain);
            lanes.one::<K, N>(&mut c, count);
            put_ni_chain::<C, N>(&c, chain);
            c.zeroize();
        }
        None => C::soft_iterate(chain, count),
    }
}

/// Runs `count` iterations of `chain` through `f`, which works on the
/// chain's big-endian words (`super::soft`'s PBKDF2 loops).
fn words_iterate<C, const N: usize>(
    chain: &mut Chain<[u32; N]>,
    count: u32,
    f: super::soft::WordLoop<u32, N>,
) where
    C: Compress<State = [u32; N]> + ?Sized,
{
    let mut u = be_words::<N>(&chain.msg);
    let mut acc = be_words::<N>(&chain.acc);
    f(&chain.inner, &chain.outer, &mut u, &mut acc, count);
    C::write(&u, &mut chain.msg);
    C::write(&acc, &mut chain.acc);
    u.zeroize();
    acc.zeroize();
}

/// [`Compress::iterate2`]: both chains side by side on SHA-NI where the
/// CPU has it.
fn ni_iterate2<C, K, const N: usize>(a: &mut Chain<[u32; N]>, b: &mut Chain<[u32; N]>, count: u32)
where
    C: Compress<State = [u32; N]> + ?Sized,
    K: Kernel<N>,
{
    match Lanes::detect() {
        Some(lanes) => {
            let (mut ca, mut cb) = (ni_chain(a), ni_chain(b));
            lanes.two::<K, N>(&mut ca, &mut cb, count);
            put_ni_chain::<C, N>(&ca, a);
            put_ni_chain::<C, N>(&cb, b);
            ca.zeroize();
            cb.zeroize();
        }
        None => {
            C::soft_iterate(a, count);
            C::soft_iterate(b, count);
        }
    }
}

/// A chain as `sha_ni` words.
fn ni_chain<const N: usize>(chain: &Chain<[u32; N]>) -> NiChain<N> {
    NiChain {
        inner: chain.inner,
        outer: chain.outer,
        u: be_words(&chain.msg),
        acc: be_words(&chain.acc),
    }
}

/// Writes `sha_ni` words back into a chain.
fn put_ni_chain<C: Compress<State = [u32; N]> + ?Sized, const N: usize>(
    c: &NiChain<N>,
    chain: &mut Chain<[u32; N]>,
) {
    C::write(&c.u, &mut chain.msg);
    C::write(&c.acc, &mut chain.acc);
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
        if let Some(b) = block.first_chunk::<128>() {
            sha512_block(state, b);
        }
    }
    fn write(state: &[u64; 8], out: &mut Buf) {
        for (w, o) in state.iter().zip(out.chunks_exact_mut(8)) {
            o.copy_from_slice(&w.to_be_bytes());
        }
    }
    /// On words, by `super::sha512` (its fixed-shape block is this
    /// one's: U, then padding for 128 + 64 bytes).
    fn iterate(chain: &mut Chain<[u64; 8]>, count: u32) {
        let read = |bytes: &Buf| {
            let mut words = [0u64; 8];
            for (w, b) in words.iter_mut().zip(bytes.as_chunks::<8>().0) {
                *w = u64::from_be_bytes(*b);
            }
            words
        };
        let (mut u, mut a) = (read(&chain.msg), read(&chain.acc));
        super::sha512::iterate(&chain.inner, &chain.outer, &mut u, &mut a, count);
        Self::write(&u, &mut chain.msg);
        Self::write(&a, &mut chain.acc);
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

/// One PBKDF2 derivation to compute.
pub(crate) struct Derivation<'a> {
    pub(crate) password: &'a [u8],
    pub(crate) salt: &'a [u8],
    pub(crate) iterations: u32,
    pub(crate) out: &'a mut [u8],
}

/// PBKDF2-HMAC-`C`(password, salt, iterations) into `out`.
pub(crate) fn pbkdf2<C: Compress>(password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) {
    pbkdf2_many::<C>(&mut [Derivation {
        password,
        salt,
        iterations,
        out,
    }]);
}

/// Several PBKDF2-HMAC-`C` derivations. Every output block of every
/// derivation is an independent chain of iterations; chains run two at a
/// time ([`Compress::iterate2`]), so two derivations, or a derivation with
/// two or more output blocks, can share the hardware.
pub(crate) fn pbkdf2_many<C: Compress>(jobs: &mut [Derivation<'_>]) {
    let n = C::OUT;
    let total: usize = jobs.iter().map(|j| j.out.len().div_ceil(n)).sum();
    if let ([job], 1) = (&mut *jobs, total) {
        // The common case, without the heap.
        let (inner, outer) = key_pads::<C>(job.password);
        let mut chain = first_iteration::<C>(inner, outer, job, 1);
        let left = chain.left;
        C::iterate(&mut chain, left);
        put(job.out, &chain.acc);
        return;
    }
    let mut chains: Vec<Chain<C::State>> = Vec::with_capacity(total);
    for job in jobs.iter() {
        let (inner, outer) = key_pads::<C>(job.password);
        for index in 1..=job.out.len().div_ceil(n) {
            chains.push(first_iteration::<C>(inner, outer, job, index));
        }
    }
    run_chains::<C>(&mut chains);
    let mut chains = chains.iter();
    for job in jobs.iter_mut() {
        for (chunk, chain) in job.out.chunks_mut(n).zip(&mut chains) {
            put(chunk, &chain.acc);
        }
    }
}

/// Output block `index` (from 1) of `job`'s derivation after its first
/// iteration: U1 = HMAC(password, salt || INT(index)).
fn first_iteration<C: Compress>(
    inner: C::State,
    outer: C::State,
    job: &Derivation<'_>,
    index: usize,
) -> Chain<C::State> {
    let n = C::OUT;
    let index = u32::try_from(index).unwrap_or(u32::MAX).to_be_bytes();
    let mut u: Buf = [0; 128];
    // salt || INT(index), on the stack for salts of up to 256 bytes.
    let mut small = [0u8; 260];
    match small.get_mut(..job.salt.len() + 4) {
        Some(first) => {
            let (salt, int) = first.split_at_mut(job.salt.len());
            salt.copy_from_slice(job.salt);
            int.copy_from_slice(&index);
            hash_from::<C>(inner, C::BLOCK, first, &mut u);
            first.zeroize();
        }
        None => {
            let mut first = [job.salt, &index].concat();
            hash_from::<C>(inner, C::BLOCK, &first, &mut u);
            first.zeroize();
        }
    }
    // The fixed-shape block of every iteration after the first: U (n
    // bytes), then padding for a message of one block plus n bytes.
    let mut msg: Buf = [0; 128];
    pad_tail::<C>(&mut msg, n, C::BLOCK + n);
    hash_from::<C>(outer, C::BLOCK, u.get(..n).unwrap_or_default(), &mut msg);
    u.zeroize();
    let mut acc: Buf = [0; 128];
    put(&mut acc, msg.get(..n).unwrap_or_default());
    Chain {
        inner,
        outer,
        msg,
        acc,
        left: job.iterations.saturating_sub(1),
    }
}

/// The HMAC key pads' states: the password (or its digest, if longer than
/// a block) XOR 0x36 and XOR 0x5c, each absorbed as one block.
fn key_pads<C: Compress>(password: &[u8]) -> (C::State, C::State) {
    let mut key: Buf = [0; 128];
    if password.len() > C::BLOCK {
        hash_from::<C>(C::IV, 0, password, &mut key);
    } else {
        put(&mut key, password);
    }
    // (Bytes past the block are unused.)
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
    (inner, outer)
}

/// Runs every chain to its end, two at a time while two have iterations
/// left.
fn run_chains<C: Compress>(chains: &mut [Chain<C::State>]) {
    loop {
        let mut live = chains.iter_mut().filter(|c| c.left > 0);
        match (live.next(), live.next()) {
            (Some(a), Some(b)) => {
                let count = a.left.min(b.left);
                C::iterate2(a, b, count);
                a.left -= count;
                b.left -= count;
            }
            (Some(a), None) => {
                C::iterate(a, a.left);
                a.left = 0;
            }
            (None, _) => return,
        }
    }
}

/// One SHA-512 block: RustCrypto's compression, which picks AVX2 by itself,
/// where hashport's level has AVX2; the plain one otherwise (see
/// super::soft).
pub(super) fn sha512_block(state: &mut [u64; 8], block: &[u8; 128]) {
    if crate::cpu::features().avx2 {
        sha2::compress512(
            state,
            core::slice::from_ref(GenericArray::from_slice(block)),
        );
    } else {
        super::soft::sha512(state, block);
    }
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

    /// Several derivations at once, with different passwords, salts,
    /// iteration counts and output lengths (so chains pair up unevenly),
    /// equal the `pbkdf2` crate's one at a time.
    #[test]
    fn many_matches_one_at_a_time() {
        let specs: [(&[u8], &[u8], u32, usize); 5] = [
            (b"password", b"salt", 7, 32),
            (b"other", b"NaCl", 3, 70),
            (b"", b"", 1, 20),
            (b"long password long password", b"pepper", 12, 33),
            (b"x", b"y", 0, 16),
        ];
        let mut outs: Vec<Vec<u8>> = specs.iter().map(|s| vec![0u8; s.3]).collect();
        let mut jobs: Vec<Derivation<'_>> = specs
            .iter()
            .zip(outs.iter_mut())
            .map(|(s, out)| Derivation {
                password: s.0,
                salt: s.1,
                iterations: s.2,
                out,
            })
            .collect();
        pbkdf2_many::<Sha256>(&mut jobs);
        drop(jobs);
        for (s, got) in specs.iter().zip(&outs) {
            let mut want = vec![0u8; s.3];
            if s.2 > 0 {
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(s.0, s.1, s.2, &mut want);
            } else {
                // Zero iterations: U1 only, as with one iteration.
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(s.0, s.1, 1, &mut want);
            }
            assert_eq!(got, &want, "{s:?}");
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
