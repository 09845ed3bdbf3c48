//! Argon2 (RFC 9106; versions 0x10 and 0x13; types d, i, id) with its own
//! compression function.
//!
//! Why not the `argon2` crate: its block loop costs ~40% more than the
//! reference implementation's AVX2 build (benches/compare). This module is
//! written from RFC 9106's description.
//!
//! The compression function G has four implementations, chosen at run
//! time (see [`fill_memory`]): a portable one in safe Rust (each P works on
//! four 4-lane vectors, `[u64; 4]`, two Ps side by side), used where the
//! CPU is not x86-64 and as the tests' reference; `sse2`, x86-64's
//! baseline and so its portable level (the block as 64 `__m128i`); and the
//! `g_kernel!` modules `avx2` and `avx512`, written with explicit
//! `core::arch::x86_64` intrinsics (the block as 32 `__m256i`; the
//! `avx512` build only differs in its rotations, which become `vprorq`).
//! The kernels also prefetch the next block's reference block as soon as
//! the new block's first word is known.
//!
//! `unsafe` in this module: the calls into the `#[target_feature]` fill
//! loops after feature detection ([`fill_memory_with`]), and the AVX2
//! kernels' 32-byte `load`/`store` on `&[u64; 4]` / `&mut [u64; 4]` (the
//! SSE2 kernel's are `bytemuck` casts).
//!
//! Memory: the caller passes `4 p floor(m / 4p)` blocks (the reference
//! rounds the requested size down that way while H0 hashes the requested
//! `m`). Every block is written before it is read, so the memory's previous
//! contents never matter; it is zeroed afterwards.

use blake2::digest::{Update, VariableOutput};
use blake2::{Blake2b512, Blake2bVar, Digest};
use zeroize::Zeroize;

use crate::Error;

/// Words per 1 KiB block.
const WORDS: usize = 128;
/// Slices per pass (sync points).
const SLICES: usize = 4;

/// One 1 KiB Argon2 block, 64-byte aligned.
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C, align(64))]
pub(crate) struct Block([u64; WORDS]);

impl Block {
    pub(crate) const ZERO: Self = Self([0; WORDS]);
}

impl Default for Block {
    fn default() -> Self {
        Self::ZERO
    }
}

/// The Argon2 type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    D = 0,
    I = 1,
    Id = 2,
}

/// Inputs other than the password, salt, secret and associated data.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Config {
    pub(crate) kind: Kind,
    /// 0x10 or 0x13.
    pub(crate) version: u32,
    /// Requested memory in KiB (what H0 hashes).
    pub(crate) m_kib: u32,
    pub(crate) t: u32,
    pub(crate) p: u32,
}

impl Config {
    /// Blocks of working memory: `4 p floor(m / 4p)`.
    pub(crate) fn block_count(&self) -> usize {
        let sync = 4 * self.p as usize;
        if sync == 0 {
            return 0;
        }
        (self.m_kib as usize / sync) * sync
    }
}

/// BLAKE2b with a `len`-byte digest (1..=64) over the concatenated parts.
fn blake2b_var(parts: &[&[u8]], out: &mut [u8]) -> Result<(), Error> {
    let mut h = Blake2bVar::new(out.len()).map_err(|_| Error::Internal("blake2b length"))?;
    for part in parts {
        h.update(part);
    }
    h.finalize_variable(out)
        .map_err(|_| Error::Internal("blake2b length"))
}

/// H' (RFC 9106 section 3.3): the variable-length hash.
fn h_prime(parts: &[&[u8]], out: &mut [u8]) -> Result<(), Error> {
    let len = u32::try_from(out.len()).map_err(|_| Error::Internal("argon2 output length"))?;
    let len_le = len.to_le_bytes();
    if out.len() <= 64 {
        let mut all: Vec<&[u8]> = Vec::with_capacity(parts.len() + 1);
        all.push(&len_le);
        all.extend_from_slice(parts);
        return blake2b_var(&all, out);
    }
    let mut h = Blake2b512::new();
    Digest::update(&mut h, len_le);
    for part in parts {
        Digest::update(&mut h, part);
    }
    let mut v: [u8; 64] = h.finalize().into();
    let mut rest = out;
    while rest.len() > 64 {
        let (head, tail) = rest.split_at_mut(32);
        head.copy_from_slice(v.get(..32).ok_or(Error::Internal("h'"))?);
        rest = tail;
        if rest.len() > 64 {
            v = Blake2b512::digest(v).into();
        }
    }
    blake2b_var(&[&v], rest)?;
    v.zeroize();
    Ok(())
}

fn le32(n: usize) -> Result<[u8; 4], Error> {
    u32::try_from(n)
        .map(u32::to_le_bytes)
        .map_err(|_| Error::Internal("argon2 input too long"))
}

/// Computes Argon2 into `out` using `memory` (exactly
/// [`Config::block_count`] blocks, contents irrelevant).
pub(crate) fn argon2(
    config: &Config,
    password: &[u8],
    salt: &[u8],
    secret: &[u8],
    data: &[u8],
    memory: &mut [Block],
    out: &mut [u8],
) -> Result<(), Error> {
    const BAD: Error = Error::Internal("argon2 parameters not validated");
    let blocks = config.block_count();
    let lanes = config.p as usize;
    if lanes == 0 || config.t == 0 || blocks < 8 * lanes || memory.len() != blocks || out.len() < 4
    {
        return Err(BAD);
    }
    if config.version != 0x10 && config.version != 0x13 {
        return Err(BAD);
    }
    let lane_len = blocks / lanes;

    // H0.
    let mut h0 = Blake2b512::new();
    for n in [
        config.p as usize,
        out.len(),
        config.m_kib as usize,
        config.t as usize,
        config.version as usize,
        config.kind as usize,
    ] {
        Digest::update(&mut h0, le32(n)?);
    }
    for part in [password, salt, secret, data] {
        Digest::update(&mut h0, le32(part.len())?);
        Digest::update(&mut h0, part);
    }
    let mut h0: [u8; 64] = h0.finalize().into();

    // The first two blocks of each lane.
    let mut bytes = [0u8; 1024];
    for (lane, lane_mem) in memory.chunks_exact_mut(lane_len).enumerate() {
        for (j, block) in lane_mem.iter_mut().take(2).enumerate() {
            h_prime(&[&h0, &le32(j)?, &le32(lane)?], &mut bytes)?;
            for (w, chunk) in block.0.iter_mut().zip(bytes.chunks_exact(8)) {
                let mut b = [0u8; 8];
                b.copy_from_slice(chunk);
                *w = u64::from_le_bytes(b);
            }
        }
    }
    h0.zeroize();
    bytes.zeroize();

    fill_memory(config, memory, lane_len);

    // The final block: XOR of each lane's last block.
    let mut last = Block::ZERO;
    for lane_mem in memory.chunks_exact(lane_len) {
        if let Some(b) = lane_mem.last() {
            for (x, y) in last.0.iter_mut().zip(b.0.iter()) {
                *x ^= y;
            }
        }
    }
    let mut bytes = [0u8; 1024];
    for (chunk, w) in bytes.chunks_exact_mut(8).zip(last.0.iter()) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    let result = h_prime(&[&bytes], out);
    bytes.zeroize();
    last.0.zeroize();
    for block in memory.iter_mut() {
        block.0.zeroize();
    }
    result
}

/// Fills every block after the first two of each lane, over all passes,
/// with the widest code path this CPU supports.
fn fill_memory(config: &Config, memory: &mut [Block], lane_len: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        let cpu = crate::cpu::features();
        let path = if cpu.avx512vl {
            Path::Avx512
        } else if cpu.avx2 {
            Path::Avx2
        } else {
            Path::Sse2
        };
        fill_memory_with(path, config, memory, lane_len);
    }
    #[cfg(not(target_arch = "x86_64"))]
    fill_memory_impl(config, memory, lane_len, fill_block_portable);
}

/// A compiled variant of the fill loop.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Path {
    /// The plain-Rust block step ([`fill_block_portable`]): the tests'
    /// reference on x86-64, the only path elsewhere.
    #[cfg_attr(not(test), allow(dead_code, reason = "the tests' reference"))]
    Generic,
    /// [`sse2`]: x86-64's baseline, so the portable level's kernel there.
    Sse2,
    Avx2,
    Avx512,
}

/// Runs `path`'s variant; the caller has checked that the CPU supports it.
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
fn fill_memory_with(path: Path, config: &Config, memory: &mut [Block], lane_len: usize) {
    match path {
        Path::Generic => fill_memory_impl(config, memory, lane_len, fill_block_portable),
        // SAFETY: as below; SSE2 is part of every x86-64 CPU.
        Path::Sse2 => unsafe { fill_memory_sse2(config, memory, lane_len) },
        // SAFETY: the only precondition of a safe `#[target_feature]`
        // function is that the CPU has those features; `fill_memory`
        // (and the tests) select this path only after
        // `is_x86_feature_detected!("avx2")`.
        Path::Avx2 => unsafe { fill_memory_avx2(config, memory, lane_len) },
        // SAFETY: as above, after detecting avx512f and avx512vl.
        Path::Avx512 => unsafe { fill_memory_avx512(config, memory, lane_len) },
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn fill_memory_sse2(config: &Config, memory: &mut [Block], lane_len: usize) {
    fill_memory_impl(config, memory, lane_len, |m, p, r, c, x, n| {
        sse2::fill_block(m, p, r, c, x, n)
    });
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fill_memory_avx2(config: &Config, memory: &mut [Block], lane_len: usize) {
    fill_memory_impl(config, memory, lane_len, |m, p, r, c, x, n| {
        avx2::fill_block(m, p, r, c, x, n)
    });
}

/// AVX-512VL adds a vector rotate (`vprorq`) and 32 registers; the kernel
/// still works on 256-bit vectors.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,avx512f,avx512vl")]
fn fill_memory_avx512(config: &Config, memory: &mut [Block], lane_len: usize) {
    fill_memory_impl(config, memory, lane_len, |m, p, r, c, x, n| {
        avx512::fill_block(m, p, r, c, x, n)
    });
}

/// A word's low 32 bits as a 64-bit value.
#[inline(always)]
const fn lo(x: u64) -> u64 {
    x & 0xFFFF_FFFF
}

/// The pass loop. `#[inline(always)]` down to the lane operations so that
/// each caller compiles it for its own target features.
///
/// `fill(memory, prev, refi, cur, with_xor, next_ref)` computes block `cur`
/// from blocks `prev` and `refi` (never `cur`): G, XORed into `cur`'s old
/// contents when `with_xor`. `next_ref(new word 0)` names the next block's
/// reference block, if known, so that a kernel may prefetch it.
#[inline(always)]
fn fill_memory_impl<F>(config: &Config, memory: &mut [Block], lane_len: usize, mut fill: F)
where
    F: FnMut(&mut [Block], usize, usize, usize, bool, &dyn Fn(u64) -> Option<usize>),
{
    let lanes = config.p as usize;
    let seg_len = lane_len / SLICES;
    let blocks = memory.len() as u64;
    let xor_pass = config.version == 0x13;
    let mut address = Block::ZERO;
    let mut input = Block::ZERO;
    let mut tmp = Block::ZERO;
    for pass in 0..config.t as usize {
        for slice in 0..SLICES {
            let independent = match config.kind {
                Kind::I => true,
                Kind::D => false,
                Kind::Id => pass == 0 && slice < SLICES / 2,
            };
            for lane in 0..lanes {
                let mut start = 0;
                if independent {
                    input = Block::ZERO;
                    input.0[0] = pass as u64;
                    input.0[1] = lane as u64;
                    input.0[2] = slice as u64;
                    input.0[3] = blocks;
                    input.0[4] = u64::from(config.t);
                    input.0[5] = config.kind as u64;
                }
                if pass == 0 && slice == 0 {
                    start = 2;
                    if independent {
                        next_addresses(&mut address, &mut input, &mut tmp);
                    }
                }
                let lane_base = lane * lane_len;
                // The reference block for `index` given its pseudo-random word.
                let ref_of = |index: usize, rand: u64| -> usize {
                    let col = slice * seg_len + index;
                    let ref_lane = if pass == 0 && slice == 0 {
                        lane
                    } else {
                        ((rand >> 32) % lanes as u64) as usize
                    };
                    let same_lane = ref_lane == lane;
                    // Reference area size (RFC 9106 section 3.4.2).
                    let area = if pass == 0 {
                        if slice == 0 || same_lane {
                            col - 1
                        } else {
                            slice * seg_len - usize::from(index == 0)
                        }
                    } else if same_lane {
                        lane_len - seg_len + index - 1
                    } else {
                        lane_len - seg_len - usize::from(index == 0)
                    } as u64;
                    let x = lo(rand);
                    let y = (x * x) >> 32;
                    let rel = area - 1 - ((area * y) >> 32);
                    let start_pos = if pass != 0 && slice != SLICES - 1 {
                        (slice + 1) * seg_len
                    } else {
                        0
                    };
                    let abs = (start_pos + rel as usize) % lane_len;
                    ref_lane * lane_len + abs
                };
                for index in start..seg_len {
                    let col = slice * seg_len + index;
                    let cur = lane_base + col;
                    let prev = if col == 0 {
                        cur + lane_len - 1
                    } else {
                        cur - 1
                    };
                    let rand = if independent {
                        if index % WORDS == 0 {
                            next_addresses(&mut address, &mut input, &mut tmp);
                        }
                        address.0[index % WORDS]
                    } else {
                        memory[prev].0[0]
                    };
                    let refi = ref_of(index, rand);
                    // The next block's reference, from this block's first
                    // output word (or the address block), for prefetching.
                    let next = index + 1;
                    let next_ref = |word0: u64| -> Option<usize> {
                        if next >= seg_len {
                            None
                        } else if independent {
                            address
                                .0
                                .get(next % WORDS)
                                .filter(|_| next % WORDS != 0)
                                .map(|&w| ref_of(next, w))
                        } else {
                            Some(ref_of(next, word0))
                        }
                    };
                    fill(memory, prev, refi, cur, xor_pass && pass != 0, &next_ref);
                }
            }
        }
    }
    address.0.zeroize();
    input.0.zeroize();
    tmp.0.zeroize();
}

/// The next block of data-independent addresses: G(0, G(0, input)) after
/// incrementing the counter.
#[inline(always)]
fn next_addresses(address: &mut Block, input: &mut Block, tmp: &mut Block) {
    input.0[6] = input.0[6].wrapping_add(1);
    compress(&Block::ZERO, input, tmp, false);
    compress(&Block::ZERO, tmp, address, false);
}

/// Two Ps side by side: lanes 0..4 are one P's vector, 4..8 the other's.
type V = [u64; 8];

#[inline(always)]
fn bla(x: V, y: V) -> V {
    let mut r = [0u64; 8];
    for i in 0..8 {
        r[i] = x[i]
            .wrapping_add(y[i])
            .wrapping_add(lo(x[i]).wrapping_mul(lo(y[i])).wrapping_mul(2));
    }
    r
}

#[inline(always)]
fn xor_rot(x: V, y: V, n: u32) -> V {
    let mut r = [0u64; 8];
    for i in 0..8 {
        r[i] = (x[i] ^ y[i]).rotate_right(n);
    }
    r
}

/// The RFC's GB on all eight lanes.
#[inline(always)]
fn gb(a: &mut V, b: &mut V, c: &mut V, d: &mut V) {
    *a = bla(*a, *b);
    *d = xor_rot(*d, *a, 32);
    *c = bla(*c, *d);
    *b = xor_rot(*b, *c, 24);
    *a = bla(*a, *b);
    *d = xor_rot(*d, *a, 16);
    *c = bla(*c, *d);
    *b = xor_rot(*b, *c, 63);
}

/// Rotates each 4-lane half left by `n` lanes.
#[inline(always)]
fn rot(x: V, n: usize) -> V {
    let mut r = [0u64; 8];
    for i in 0..4 {
        r[i] = x[(i + n) % 4];
        r[i + 4] = x[4 + (i + n) % 4];
    }
    r
}

/// P on two 16-word inputs held as (a, b, c, d) = words (0..4, 4..8, 8..12,
/// 12..16) of each.
#[inline(always)]
fn p2(a: &mut V, b: &mut V, c: &mut V, d: &mut V) {
    gb(a, b, c, d);
    let mut b2 = rot(*b, 1);
    let mut c2 = rot(*c, 2);
    let mut d2 = rot(*d, 3);
    gb(a, &mut b2, &mut c2, &mut d2);
    *b = rot(b2, 3);
    *c = rot(c2, 2);
    *d = rot(d2, 1);
}

#[inline(always)]
fn join(x: &[u64; 4], y: &[u64; 4]) -> V {
    [x[0], x[1], x[2], x[3], y[0], y[1], y[2], y[3]]
}

#[inline(always)]
fn split(v: &V) -> ([u64; 4], [u64; 4]) {
    ([v[0], v[1], v[2], v[3]], [v[4], v[5], v[6], v[7]])
}

/// Per 128-bit half: (x's second word, y's first word).
#[inline(always)]
fn align(x: &[u64; 4], y: &[u64; 4]) -> [u64; 4] {
    [x[1], y[0], x[3], y[2]]
}

/// Two Ps (one per 128-bit half) on inputs held as pairs: vector `r` holds
/// input words 2r and 2r + 1 of each P.
#[inline(always)]
fn p_pairs(x: &mut [[u64; 4]; 8]) {
    let mut a = join(&x[0], &x[1]);
    let mut b = join(&x[2], &x[3]);
    let mut c = join(&x[4], &x[5]);
    let mut d = join(&x[6], &x[7]);
    gb(&mut a, &mut b, &mut c, &mut d);
    let (x2, x3) = split(&b);
    let (x4, x5) = split(&c);
    let (x6, x7) = split(&d);
    let mut b = join(&align(&x2, &x3), &align(&x3, &x2));
    let mut c = join(&x5, &x4);
    let mut d = join(&align(&x7, &x6), &align(&x6, &x7));
    gb(&mut a, &mut b, &mut c, &mut d);
    let (x0, x1) = split(&a);
    let (b0, b1) = split(&b);
    let (c0, c1) = split(&c);
    let (d0, d1) = split(&d);
    *x = [
        x0,
        x1,
        align(&b1, &b0),
        align(&b0, &b1),
        c1,
        c0,
        align(&d0, &d1),
        align(&d1, &d0),
    ];
}

#[inline(always)]
fn load4(dst: &mut V, half: usize, src: &[u64]) {
    for i in 0..4 {
        dst[half * 4 + i] = src[i];
    }
}

#[inline(always)]
fn store4(src: &V, half: usize, dst: &mut [u64]) {
    for i in 0..4 {
        dst[i] = src[half * 4 + i];
    }
}

/// The portable block step for [`fill_memory_impl`].
#[inline(always)]
fn fill_block_portable(
    memory: &mut [Block],
    prev: usize,
    refi: usize,
    cur: usize,
    with_xor: bool,
    _next_ref: &dyn Fn(u64) -> Option<usize>,
) {
    let r = xor_blocks(&memory[prev], &memory[refi]);
    permute_into(r, &mut memory[cur], with_xor);
}

/// G (RFC 9106 section 3.5): `out = P(R) ^ R` with `R = prev ^ refb`,
/// XORed into `out`'s previous contents when `with_xor`.
#[inline(always)]
fn compress(prev: &Block, refb: &Block, out: &mut Block, with_xor: bool) {
    permute_into(xor_blocks(prev, refb), out, with_xor);
}

#[inline(always)]
fn xor_blocks(x: &Block, y: &Block) -> Block {
    let mut r = Block::ZERO;
    for i in 0..WORDS {
        r.0[i] = x.0[i] ^ y.0[i];
    }
    r
}

/// `out = P(r) ^ r`, or `out ^= P(r) ^ r`.
#[inline(always)]
fn permute_into(r: Block, out: &mut Block, with_xor: bool) {
    let mut q = r;
    // Rows: words 16i..16i+16; two rows at a time.
    for pair in 0..4 {
        let (mut a, mut b, mut c, mut d) = ([0u64; 8], [0u64; 8], [0u64; 8], [0u64; 8]);
        for h in 0..2 {
            let base = (2 * pair + h) * 16;
            load4(&mut a, h, &q.0[base..base + 4]);
            load4(&mut b, h, &q.0[base + 4..base + 8]);
            load4(&mut c, h, &q.0[base + 8..base + 12]);
            load4(&mut d, h, &q.0[base + 12..base + 16]);
        }
        p2(&mut a, &mut b, &mut c, &mut d);
        for h in 0..2 {
            let base = (2 * pair + h) * 16;
            store4(&a, h, &mut q.0[base..base + 4]);
            store4(&b, h, &mut q.0[base + 4..base + 8]);
            store4(&c, h, &mut q.0[base + 8..base + 12]);
            store4(&d, h, &mut q.0[base + 12..base + 16]);
        }
    }
    // Columns: column j's input word 2r + w is block word 16r + 2j + w.
    // X_r = words 16r + 4i .. 16r + 4i + 4 holds that pair for columns 2i
    // (lanes 0, 1) and 2i + 1 (lanes 2, 3): the column step is lane-wise on
    // (X0, X2, X4, X6) and (X1, X3, X5, X7), and the diagonal step only
    // exchanges words within 128-bit halves (see `p_pairs`).
    for i in 0..4 {
        let mut x = [[0u64; 4]; 8];
        for (r, xr) in x.iter_mut().enumerate() {
            xr.copy_from_slice(&q.0[16 * r + 4 * i..16 * r + 4 * i + 4]);
        }
        p_pairs(&mut x);
        for (r, xr) in x.iter().enumerate() {
            q.0[16 * r + 4 * i..16 * r + 4 * i + 4].copy_from_slice(xr);
        }
    }
    if with_xor {
        for i in 0..WORDS {
            out.0[i] ^= q.0[i] ^ r.0[i];
        }
    } else {
        for i in 0..WORDS {
            out.0[i] = q.0[i] ^ r.0[i];
        }
    }
}

/// Blocks `prev` and `refi` (one block when they are the same) and block
/// `cur`, borrowed at once for a kernel's block step; `None` when `cur` is
/// one of the inputs, which the fill loop never asks for.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn operands(
    memory: &mut [Block],
    prev: usize,
    refi: usize,
    cur: usize,
) -> Option<(&Block, &Block, &mut Block)> {
    if prev == refi {
        let [pb, ob] = memory.get_disjoint_mut([prev, cur]).ok()?;
        let pb: &Block = pb;
        Some((pb, pb, ob))
    } else {
        let [pb, rb, ob] = memory.get_disjoint_mut([prev, refi, cur]).ok()?;
        Some((pb, rb, ob))
    }
}

/// Starts fetching block `next` of the `len` blocks at `base` into the
/// cache, if it is one: a hint, which never faults, so `base` is never
/// dereferenced.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "sse2")]
fn prefetch(base: *const Block, len: usize, next: Option<usize>) {
    use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    if let Some(j) = next.filter(|&j| j < len) {
        let block = base.wrapping_add(j).cast::<i8>();
        for line in 0..16 {
            _mm_prefetch::<_MM_HINT_T0>(block.wrapping_add(64 * line));
        }
    }
}

/// The portable step, out of line: a kernel's fallback should `cur` alias
/// an input ([`operands`]).
#[cfg(target_arch = "x86_64")]
#[cold]
#[inline(never)]
fn fill_block_aliased(memory: &mut [Block], prev: usize, refi: usize, cur: usize, with_xor: bool) {
    fill_block_portable(memory, prev, refi, cur, with_xor, &|_| None);
}

/// G on SSE2, which every x86-64 CPU has: the portable level's kernel there
/// (`HASHPORT_CPU=portable`, or a CPU without AVX2).
///
/// The block is held as 64 vectors of two words, vector `k` = words
/// `2k, 2k + 1`. Row `r` is vectors `8r..8r + 8`; column `j`'s P input
/// words `2k, 2k + 1` are block words `16k + 2j, 16k + 2j + 1`, vector
/// `8k + j`. So both are P on eight vectors `(a0, a1, b0, b1, c0, c1, d0,
/// d1)` holding its 16 input words in order: the column step is G on
/// `(a0, b0, c0, d0)` and `(a1, b1, c1, d1)`, and the diagonal step the
/// same after moving single words between the halves of b and of d
/// (`shufpd`) and swapping c0 and c1. Rotations by 32 and 16 are word
/// shuffles (`pshufd`, `pshuflw`/`pshufhw`); SSE2 has no byte shuffle, so
/// 24 is two shifts. Like the AVX2 kernel it starts fetching the next
/// reference block as soon as the first output word is known. Vectors are
/// read and written through `bytemuck` casts: no `unsafe` here.
#[cfg(target_arch = "x86_64")]
#[allow(
    clippy::indexing_slicing,
    reason = "blocks have 64 vectors and the arrays are fixed-size: every index is a loop constant below those"
)]
mod sse2 {
    use core::arch::x86_64::{
        __m128i, _mm_add_epi64, _mm_castpd_si128, _mm_castsi128_pd, _mm_mul_epu32,
        _mm_shuffle_epi32, _mm_shuffle_pd, _mm_shufflehi_epi16, _mm_shufflelo_epi16,
        _mm_slli_epi64, _mm_srli_epi64, _mm_xor_si128,
    };

    use super::Block;

    #[inline(always)]
    fn load(src: &[u64; 2]) -> __m128i {
        bytemuck::cast(*src)
    }

    #[inline(always)]
    fn store(dst: &mut [u64; 2], v: __m128i) {
        *dst = bytemuck::cast(v);
    }

    /// BlaMka: `x + y + 2 * lo(x) * lo(y)` per word.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn bla(x: __m128i, y: __m128i) -> __m128i {
        let m = _mm_mul_epu32(x, y);
        _mm_add_epi64(_mm_add_epi64(x, y), _mm_add_epi64(m, m))
    }

    /// `(x ^ y) >>> 32`: swap the 32-bit halves of each word.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn xor_ror32(x: __m128i, y: __m128i) -> __m128i {
        _mm_shuffle_epi32::<0b1011_0001>(_mm_xor_si128(x, y))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    fn xor_ror24(x: __m128i, y: __m128i) -> __m128i {
        let t = _mm_xor_si128(x, y);
        _mm_xor_si128(_mm_srli_epi64::<24>(t), _mm_slli_epi64::<40>(t))
    }

    /// `(x ^ y) >>> 16`: each word's 16-bit parts (0, 1, 2, 3) become
    /// (1, 2, 3, 0).
    #[inline]
    #[target_feature(enable = "sse2")]
    fn xor_ror16(x: __m128i, y: __m128i) -> __m128i {
        let t = _mm_xor_si128(x, y);
        _mm_shufflehi_epi16::<0b0011_1001>(_mm_shufflelo_epi16::<0b0011_1001>(t))
    }

    /// `(x ^ y) >>> 63`, that is `<<< 1`.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn xor_ror63(x: __m128i, y: __m128i) -> __m128i {
        let t = _mm_xor_si128(x, y);
        _mm_xor_si128(_mm_srli_epi64::<63>(t), _mm_add_epi64(t, t))
    }

    /// The RFC's GB on two independent 4-tuples at once (the two halves of
    /// P's step), interleaved for the out-of-order core.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn gb2(v: &mut [__m128i; 8], [a0, b0, c0, d0]: [usize; 4], [a1, b1, c1, d1]: [usize; 4]) {
        v[a0] = bla(v[a0], v[b0]);
        v[a1] = bla(v[a1], v[b1]);
        v[d0] = xor_ror32(v[d0], v[a0]);
        v[d1] = xor_ror32(v[d1], v[a1]);
        v[c0] = bla(v[c0], v[d0]);
        v[c1] = bla(v[c1], v[d1]);
        v[b0] = xor_ror24(v[b0], v[c0]);
        v[b1] = xor_ror24(v[b1], v[c1]);
        v[a0] = bla(v[a0], v[b0]);
        v[a1] = bla(v[a1], v[b1]);
        v[d0] = xor_ror16(v[d0], v[a0]);
        v[d1] = xor_ror16(v[d1], v[a1]);
        v[c0] = bla(v[c0], v[d0]);
        v[c1] = bla(v[c1], v[d1]);
        v[b0] = xor_ror63(v[b0], v[c0]);
        v[b1] = xor_ror63(v[b1], v[c1]);
    }

    /// `(x's high word, y's low word)`.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn hi_lo(x: __m128i, y: __m128i) -> __m128i {
        _mm_castpd_si128(_mm_shuffle_pd::<0b01>(
            _mm_castsi128_pd(x),
            _mm_castsi128_pd(y),
        ))
    }

    /// P on the 16 words held in order by `v` (see the module's comment).
    #[inline]
    #[target_feature(enable = "sse2")]
    fn p(v: &mut [__m128i; 8]) {
        const A0: usize = 0;
        const A1: usize = 1;
        const B0: usize = 2;
        const B1: usize = 3;
        const C0: usize = 4;
        const C1: usize = 5;
        const D0: usize = 6;
        const D1: usize = 7;
        // Columns: (w0, w4, w8, w12) and (w1, w5, w9, w13) in the low and
        // high halves of (a0, b0, c0, d0); likewise words 2, 3 + 4i.
        gb2(v, [A0, B0, C0, D0], [A1, B1, C1, D1]);
        // Diagonals (w0, w5, w10, w15), (w1, w6, w11, w12) and (w2, w7, w8,
        // w13), (w3, w4, w9, w14): b = (w5, w6), (w7, w4); c swapped;
        // d = (w15, w12), (w13, w14).
        let (b0, b1, d0, d1) = (v[B0], v[B1], v[D0], v[D1]);
        v[B0] = hi_lo(b0, b1);
        v[B1] = hi_lo(b1, b0);
        v[D0] = hi_lo(d1, d0);
        v[D1] = hi_lo(d0, d1);
        gb2(v, [A0, B0, C1, D0], [A1, B1, C0, D1]);
        let (b0, b1, d0, d1) = (v[B0], v[B1], v[D0], v[D1]);
        v[B0] = hi_lo(b1, b0);
        v[B1] = hi_lo(b0, b1);
        v[D0] = hi_lo(d0, d1);
        v[D1] = hi_lo(d1, d0);
    }

    /// Block `cur` = G(block `prev`, block `refi`), XORed into its old
    /// contents when `with_xor`, as the AVX2 kernel's `fill_block`.
    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn fill_block(
        memory: &mut [Block],
        prev: usize,
        refi: usize,
        cur: usize,
        with_xor: bool,
        next_ref: &dyn Fn(u64) -> Option<usize>,
    ) {
        // For the prefetch only: never dereferenced.
        let (base, len) = (memory.as_ptr(), memory.len());
        let Some((pb, rb, ob)) = super::operands(memory, prev, refi, cur) else {
            return super::fill_block_aliased(memory, prev, refi, cur, with_xor);
        };
        let (pw, _) = pb.0.as_chunks::<2>();
        let (rw, _) = rb.0.as_chunks::<2>();
        let (out, _) = ob.0.as_chunks_mut::<2>();
        let mut q: [__m128i; 64] =
            core::array::from_fn(|k| _mm_xor_si128(load(&pw[k]), load(&rw[k])));
        for row in 0..8 {
            let mut v: [__m128i; 8] = core::array::from_fn(|i| q[8 * row + i]);
            p(&mut v);
            for (i, x) in v.into_iter().enumerate() {
                q[8 * row + i] = x;
            }
        }
        // Columns, then out (^)= Q ^ R, reloading R from `prev` and `ref`.
        for col in 0..8 {
            let mut v: [__m128i; 8] = core::array::from_fn(|k| q[8 * k + col]);
            p(&mut v);
            for (k, x) in v.into_iter().enumerate() {
                let at = 8 * k + col;
                let mut x = _mm_xor_si128(x, _mm_xor_si128(load(&pw[at]), load(&rw[at])));
                if with_xor {
                    x = _mm_xor_si128(x, load(&out[at]));
                }
                store(&mut out[at], x);
            }
            if col == 0 {
                // Word 0 is final: start fetching the next block's reference.
                super::prefetch(base, len, next_ref(out[0][0]));
            }
        }
    }
}

/// G with explicit AVX2 intrinsics.
///
/// The block is held as 32 vectors, vector `k` = words `4k..4k + 4`.
///
/// Rows: row `r` is vectors `4r..4r + 4`, exactly P's (a, b, c, d); the
/// diagonal step rotates b, c, d by 1, 2, 3 lanes (`vpermq`). Two rows are
/// processed together so that their dependency chains overlap.
///
/// Columns: column `j`'s P input words `2r, 2r + 1` are block words
/// `16r + 2j, 16r + 2j + 1`, the low or high 128-bit half of vector
/// `4r + j / 2`. So the eight vectors `4r + i` (`r = 0..8`) hold columns
/// `2i` (low halves) and `2i + 1` (high halves) with a = (X0, X1),
/// b = (X2, X3), c = (X4, X5), d = (X6, X7) as pairs of 2-word halves; the
/// column step is lane-wise and the diagonal step only moves words within
/// 128-bit halves (`vpalignr`) or swaps whole vectors.
///
/// Memory is read and written only through `load` and `store`, which take
/// `&[u64; 4]` / `&mut [u64; 4]`: the only `unsafe` here. (The prefetch,
/// [`prefetch`], is a hint that never faults, and is safe.)
///
/// `g_kernel!(name, features, wide)` defines module `name`: this kernel
/// compiled for `features`; `wide` selects shift-or rotations, which LLVM
/// turns into `vprorq` under AVX-512VL.
macro_rules! g_kernel {
    ($name:ident, $features:literal, $wide:expr) => {
    #[cfg(target_arch = "x86_64")]
    #[allow(
        clippy::indexing_slicing,
        reason = "blocks have 32 vectors and the arrays are fixed-size: every index is a loop constant below those"
    )]
    mod $name {
        use core::arch::x86_64::{
            __m256i, _mm256_add_epi64, _mm256_alignr_epi8, _mm256_loadu_si256, _mm256_mul_epu32,
            _mm256_or_si256, _mm256_permute4x64_epi64, _mm256_setr_epi8, _mm256_shuffle_epi8,
            _mm256_shuffle_epi32, _mm256_slli_epi64, _mm256_srli_epi64, _mm256_storeu_si256,
            _mm256_xor_si256,
        };

        /// Rotations as shift-or, which LLVM turns into `vprorq` when AVX-512VL
        /// is enabled; otherwise byte shuffles.
        const WIDE: bool = $wide;

        use super::Block;

        #[inline]
        #[target_feature(enable = $features)]
        #[allow(unsafe_code)]
        fn load(src: &[u64; 4]) -> __m256i {
            // SAFETY: `src` is a valid, initialised 32-byte region borrowed for
            // the duration of the read; `vmovdqu` has no alignment requirement;
            // AVX2 is enabled on this function.
            unsafe { _mm256_loadu_si256(src.as_ptr().cast()) }
        }

        #[inline]
        #[target_feature(enable = $features)]
        #[allow(unsafe_code)]
        fn store(dst: &mut [u64; 4], v: __m256i) {
            // SAFETY: `dst` is a valid, exclusively borrowed 32-byte region;
            // every bit pattern is a valid `[u64; 4]`; `vmovdqu` has no
            // alignment requirement; AVX2 is enabled on this function.
            unsafe { _mm256_storeu_si256(dst.as_mut_ptr().cast(), v) }
        }

        /// fBlaMka: `x + y + 2 * lo32(x) * lo32(y)` per 64-bit lane.
        #[inline]
        #[target_feature(enable = $features)]
        fn bla(x: __m256i, y: __m256i) -> __m256i {
            let m = _mm256_mul_epu32(x, y);
            _mm256_add_epi64(_mm256_add_epi64(x, y), _mm256_add_epi64(m, m))
        }

        #[inline]
        #[target_feature(enable = $features)]
        fn ror32(x: __m256i) -> __m256i {
            if WIDE {
                return _mm256_or_si256(_mm256_srli_epi64::<32>(x), _mm256_slli_epi64::<32>(x));
            }
            _mm256_shuffle_epi32::<0b10_11_00_01>(x)
        }

        /// Rotate right by 24 bits: result byte i = input byte (i + 3) mod 8.
        #[inline]
        #[target_feature(enable = $features)]
        fn ror24(x: __m256i) -> __m256i {
            if WIDE {
                return _mm256_or_si256(_mm256_srli_epi64::<24>(x), _mm256_slli_epi64::<40>(x));
            }
            let m = _mm256_setr_epi8(
                3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, //
                3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10,
            );
            _mm256_shuffle_epi8(x, m)
        }

        /// Rotate right by 16 bits: result byte i = input byte (i + 2) mod 8.
        #[inline]
        #[target_feature(enable = $features)]
        fn ror16(x: __m256i) -> __m256i {
            if WIDE {
                return _mm256_or_si256(_mm256_srli_epi64::<16>(x), _mm256_slli_epi64::<48>(x));
            }
            let m = _mm256_setr_epi8(
                2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, //
                2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9,
            );
            _mm256_shuffle_epi8(x, m)
        }

        /// Rotate right by 63 = left by 1.
        #[inline]
        #[target_feature(enable = $features)]
        fn ror63(x: __m256i) -> __m256i {
            if WIDE {
                return _mm256_or_si256(_mm256_srli_epi64::<63>(x), _mm256_slli_epi64::<1>(x));
            }
            _mm256_xor_si256(_mm256_srli_epi64::<63>(x), _mm256_add_epi64(x, x))
        }

        /// RFC 9106 GB on four lanes.
        #[inline]
        #[target_feature(enable = $features)]
        fn gb(a: &mut __m256i, b: &mut __m256i, c: &mut __m256i, d: &mut __m256i) {
            *a = bla(*a, *b);
            *d = ror32(_mm256_xor_si256(*d, *a));
            *c = bla(*c, *d);
            *b = ror24(_mm256_xor_si256(*b, *c));
            *a = bla(*a, *b);
            *d = ror16(_mm256_xor_si256(*d, *a));
            *c = bla(*c, *d);
            *b = ror63(_mm256_xor_si256(*b, *c));
        }

        /// P on two rows: `s` = row r's (a, b, c, d) then row r + 1's.
        #[inline]
        #[target_feature(enable = $features)]
        fn rows2(s: &mut [__m256i; 8]) {
            let [a0, b0, c0, d0, a1, b1, c1, d1] = s;
            gb(a0, b0, c0, d0);
            gb(a1, b1, c1, d1);
            // Diagonals: b, c, d rotated left by 1, 2, 3 lanes.
            *b0 = _mm256_permute4x64_epi64::<0b00_11_10_01>(*b0);
            *c0 = _mm256_permute4x64_epi64::<0b01_00_11_10>(*c0);
            *d0 = _mm256_permute4x64_epi64::<0b10_01_00_11>(*d0);
            *b1 = _mm256_permute4x64_epi64::<0b00_11_10_01>(*b1);
            *c1 = _mm256_permute4x64_epi64::<0b01_00_11_10>(*c1);
            *d1 = _mm256_permute4x64_epi64::<0b10_01_00_11>(*d1);
            gb(a0, b0, c0, d0);
            gb(a1, b1, c1, d1);
            *b0 = _mm256_permute4x64_epi64::<0b10_01_00_11>(*b0);
            *c0 = _mm256_permute4x64_epi64::<0b01_00_11_10>(*c0);
            *d0 = _mm256_permute4x64_epi64::<0b00_11_10_01>(*d0);
            *b1 = _mm256_permute4x64_epi64::<0b10_01_00_11>(*b1);
            *c1 = _mm256_permute4x64_epi64::<0b01_00_11_10>(*c1);
            *d1 = _mm256_permute4x64_epi64::<0b00_11_10_01>(*d1);
        }

        /// P on two columns held as X0..X7 (see the module docs).
        /// `_mm256_alignr_epi8::<8>(hi, lo)` = per 128-bit half (lo.1, hi.0).
        #[inline]
        #[target_feature(enable = $features)]
        fn cols2(x: &mut [__m256i; 8]) {
            let [a0, a1, b0, b1, c0, c1, d0, d1] = x;
            gb(a0, b0, c0, d0);
            gb(a1, b1, c1, d1);
            // b' = (b1, b2 | b3, b0), c' = (c2, c3 | c0, c1), d' = (d3, d0 | d1, d2)
            let mut e0 = _mm256_alignr_epi8::<8>(*b1, *b0);
            let mut e1 = _mm256_alignr_epi8::<8>(*b0, *b1);
            let mut f0 = _mm256_alignr_epi8::<8>(*d0, *d1);
            let mut f1 = _mm256_alignr_epi8::<8>(*d1, *d0);
            gb(a0, &mut e0, c1, &mut f0);
            gb(a1, &mut e1, c0, &mut f1);
            *b0 = _mm256_alignr_epi8::<8>(e0, e1);
            *b1 = _mm256_alignr_epi8::<8>(e1, e0);
            *d0 = _mm256_alignr_epi8::<8>(f1, f0);
            *d1 = _mm256_alignr_epi8::<8>(f0, f1);
        }

        /// Block `cur` = G(block `prev`, block `refi`), XORed into its old
        /// contents when `with_xor`. `cur` differs from `prev` and `refi` (the
        /// reference set never contains the block being made); should it not,
        /// the portable step (which copies R first) is used.
        #[inline]
        #[target_feature(enable = $features)]
        pub(super) fn fill_block(
            memory: &mut [Block],
            prev: usize,
            refi: usize,
            cur: usize,
            with_xor: bool,
            next_ref: &dyn Fn(u64) -> Option<usize>,
        ) {
            // For the prefetch only: never dereferenced.
            let (base, len) = (memory.as_ptr(), memory.len());
            let Some((pb, rb, ob)) = super::operands(memory, prev, refi, cur) else {
                return super::fill_block_aliased(memory, prev, refi, cur, with_xor);
            };
            let (p, _) = pb.0.as_chunks::<4>();
            let (r, _) = rb.0.as_chunks::<4>();
            let (out, _) = ob.0.as_chunks_mut::<4>();
            // Rows of R = prev ^ ref, two at a time: q[k] = rows 2k and 2k + 1.
            let q: [[__m256i; 8]; 4] = core::array::from_fn(|k| {
                let mut x: [__m256i; 8] =
                    core::array::from_fn(|j| _mm256_xor_si256(load(&p[8 * k + j]), load(&r[8 * k + j])));
                rows2(&mut x);
                x
            });
            // Columns 2i and 2i + 1: vectors 4r + i; then out (^)= Q ^ R,
            // reloading R from `prev` and `ref` rather than keeping a copy.
            for i in 0..4 {
                let mut x: [__m256i; 8] = core::array::from_fn(|r| q[r / 2][4 * (r % 2) + i]);
                cols2(&mut x);
                for (row, v) in x.into_iter().enumerate() {
                    let k = 4 * row + i;
                    let mut v = _mm256_xor_si256(v, _mm256_xor_si256(load(&p[k]), load(&r[k])));
                    if with_xor {
                        v = _mm256_xor_si256(v, load(&out[k]));
                    }
                    store(&mut out[k], v);
                }
                if i == 0 {
                    // Word 0 is final: start fetching the next block's
                    // reference while the other columns are computed.
                    super::prefetch(base, len, next_ref(out[0][0]));
                }
            }
        }
    }
    };
}

g_kernel!(avx2, "avx2", false);
g_kernel!(avx512, "avx2,avx512f,avx512vl", true);

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        kind: Kind,
        version: u32,
        m: u32,
        t: u32,
        p: u32,
        pw: &[u8],
        salt: &[u8],
        secret: &[u8],
        data: &[u8],
        len: usize,
    ) -> Vec<u8> {
        let config = Config {
            kind,
            version,
            m_kib: m,
            t,
            p,
        };
        let mut memory = vec![Block::ZERO; config.block_count()];
        let mut out = vec![0u8; len];
        argon2(&config, pw, salt, secret, data, &mut memory, &mut out).unwrap();
        out
    }

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn rfc(kind: Kind) -> Vec<u8> {
        run(
            kind, 0x13, 32, 3, 4, &[1; 32], &[2; 16], &[3; 8], &[4; 12], 32,
        )
    }

    #[test]
    fn rfc9106_argon2d() {
        assert_eq!(
            rfc(Kind::D),
            hex(
                "51 2b 39 1b 6f 11 62 97 53 71 d3 09 19 73 42 94 f8 68 e3 be 39 84 f3 c1 a1 3a 4d b9 fa be 4a cb"
            )
        );
    }

    #[test]
    fn rfc9106_argon2i() {
        assert_eq!(
            rfc(Kind::I),
            hex(
                "c8 14 d9 d1 dc 7f 37 aa 13 f0 d7 7f 24 94 bd a1 c8 de 6b 01 6d d3 88 d2 99 52 a4 c4 67 2b 6c e8"
            )
        );
    }

    #[test]
    fn rfc9106_argon2id() {
        assert_eq!(
            rfc(Kind::Id),
            hex(
                "0d 64 0d f5 8d 78 76 6c 08 c0 37 a3 4a 8b 53 c9 d0 1e f0 45 2d 75 b6 5e b5 25 20 e9 6b 01 e6 59"
            )
        );
    }

    /// A small deterministic generator (xorshift64*).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn bytes(&mut self, max: u64) -> Vec<u8> {
            let n = self.below(max + 1);
            (0..n).map(|_| self.next() as u8).collect()
        }
    }

    fn reference(
        kind: Kind,
        version: u32,
        m: u32,
        t: u32,
        p: u32,
        pw: &[u8],
        salt: &[u8],
        secret: &[u8],
        data: &[u8],
        len: usize,
    ) -> Vec<u8> {
        let mut b = argon2::ParamsBuilder::new();
        b.m_cost(m).t_cost(t).p_cost(p).output_len(len);
        if !data.is_empty() {
            b.data(argon2::AssociatedData::new(data).unwrap());
        }
        let alg = match kind {
            Kind::D => argon2::Algorithm::Argon2d,
            Kind::I => argon2::Algorithm::Argon2i,
            Kind::Id => argon2::Algorithm::Argon2id,
        };
        let v = if version == 0x10 {
            argon2::Version::V0x10
        } else {
            argon2::Version::V0x13
        };
        let h = argon2::Argon2::new_with_secret(secret, alg, v, b.build().unwrap()).unwrap();
        let mut out = vec![0u8; len];
        h.hash_password_into(pw, salt, &mut out).unwrap();
        out
    }

    #[test]
    fn matches_argon2_crate_on_random_inputs() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for case in 0..300 {
            let kind = [Kind::D, Kind::I, Kind::Id][rng.below(3) as usize];
            let version = if rng.below(2) == 0 { 0x10 } else { 0x13 };
            let p = 1 + rng.below(5) as u32;
            // Includes sizes that are not a multiple of 4p, and enough
            // blocks per segment (> 128) to need several address blocks.
            let m = 8 * p + rng.below(if case % 10 == 0 { 1200 } else { 200 }) as u32;
            let t = 1 + rng.below(3) as u32;
            let len = 4 + rng.below(if case % 3 == 0 { 200 } else { 61 }) as usize;
            let pw = rng.bytes(40);
            let mut salt = rng.bytes(24);
            salt.extend_from_slice(b"saltsalt");
            let secret = if case % 4 == 0 {
                rng.bytes(16)
            } else {
                Vec::new()
            };
            let data = if case % 2 == 0 {
                rng.bytes(16)
            } else {
                Vec::new()
            };
            assert_eq!(
                run(kind, version, m, t, p, &pw, &salt, &secret, &data, len),
                reference(kind, version, m, t, p, &pw, &salt, &secret, &data, len),
                "case {case}: {kind:?} v={version:#x} m={m} t={t} p={p} len={len}"
            );
        }
    }

    /// Every compiled path this CPU can run gives the generic path's blocks.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn dispatch_paths_agree() {
        let mut paths = vec![Path::Generic, Path::Sse2];
        if crate::cpu::features().avx2 {
            paths.push(Path::Avx2);
        }
        if crate::cpu::features().avx512vl {
            paths.push(Path::Avx512);
        }
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        for case in 0..60 {
            let kind = [Kind::D, Kind::I, Kind::Id][case % 3];
            let version = if case % 2 == 0 { 0x10 } else { 0x13 };
            let p = 1 + rng.below(4) as u32;
            let config = Config {
                kind,
                version,
                m_kib: 8 * p + rng.below(600) as u32,
                t: 1 + rng.below(3) as u32,
                p,
            };
            let blocks = config.block_count();
            let mut start = vec![Block::ZERO; blocks];
            for b in &mut start {
                for w in &mut b.0 {
                    *w = rng.next();
                }
            }
            let results: Vec<Vec<Block>> = paths
                .iter()
                .map(|&path| {
                    let mut memory = start.clone();
                    fill_memory_with(path, &config, &mut memory, blocks / p as usize);
                    memory
                })
                .collect();
            for (path, memory) in paths.iter().zip(&results) {
                assert!(
                    memory.iter().zip(&results[0]).all(|(x, y)| x.0 == y.0),
                    "{path:?} case {case}"
                );
            }
        }
    }

    /// Checks `step` (one kernel's block step, as `fill_block_portable`'s
    /// signature) against the portable step on 2,000 random three-block
    /// memories, with and without the version-0x13 XOR, including
    /// `ref == prev`; the prefetch hint gets an index from the new word.
    #[cfg(target_arch = "x86_64")]
    fn block_step_matches_portable(
        name: &str,
        seed: u64,
        step: impl Fn(&mut [Block], usize, usize, usize, bool, &dyn Fn(u64) -> Option<usize>),
    ) {
        let mut rng = Rng(seed);
        for case in 0..2000 {
            let mut memory = vec![Block::ZERO; 3];
            for b in &mut memory {
                for w in &mut b.0 {
                    // Mix in all-ones/zero words so carries and the 32-bit
                    // multiply's edge cases are exercised.
                    *w = match rng.below(8) {
                        0 => u64::MAX,
                        1 => 0,
                        2 => 0xFFFF_FFFF,
                        _ => rng.next(),
                    };
                }
            }
            let with_xor = case % 2 == 1;
            let (prev, refi, cur) = [(0, 1, 2), (2, 0, 1), (1, 2, 0), (0, 0, 1)][case % 4];
            let mut expected = memory.clone();
            fill_block_portable(&mut expected, prev, refi, cur, with_xor, &|_| None);
            let mut got = memory.clone();
            step(&mut got, prev, refi, cur, with_xor, &|w| {
                Some(w as usize % 4)
            });
            assert!(
                got.iter().zip(&expected).all(|(x, y)| x.0 == y.0),
                "{name} case {case}"
            );
        }
    }

    /// The SSE2 block step gives the portable one's block.
    #[cfg(target_arch = "x86_64")]
    #[test]
    #[allow(unsafe_code)]
    fn sse2_block_matches_portable() {
        // SAFETY: SSE2 is part of every x86-64 CPU.
        block_step_matches_portable("sse2", 0x2545_F491_4F6C_DD1D, |m, p, r, c, x, n| unsafe {
            sse2::fill_block(m, p, r, c, x, n);
        });
    }

    /// The AVX2 (and, where the CPU has it, AVX-512VL) block step gives the
    /// portable one's block.
    #[cfg(target_arch = "x86_64")]
    #[test]
    #[allow(unsafe_code)]
    fn avx2_block_matches_portable() {
        if !crate::cpu::features().avx2 {
            return;
        }
        // SAFETY: AVX2 was detected above.
        block_step_matches_portable("avx2", 0x9E37_79B9_7F4A_7C15, |m, p, r, c, x, n| unsafe {
            avx2::fill_block(m, p, r, c, x, n);
        });
        if crate::cpu::features().avx512vl {
            // SAFETY: AVX2, AVX-512F and AVX-512VL were detected.
            block_step_matches_portable(
                "avx512",
                0x9E37_79B9_7F4A_7C15,
                |m, p, r, c, x, n| unsafe {
                    avx512::fill_block(m, p, r, c, x, n);
                },
            );
        }
    }
}
