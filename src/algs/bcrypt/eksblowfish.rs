//! EksBlowfish (the bcrypt key schedule) and raw bcrypt, in safe Rust
//! (the one `unsafe` is the call into the BMI1 build of the expensive loop
//! after feature detection; see [`Second`]).
//!
//! This is hashport's own bcrypt core rather than a dependency because
//! imported hashes come in variants that general-purpose crates do not
//! reproduce: `$2$` (no NUL terminator in the key), `$2x$` (crypt_blowfish's
//! pre-2011 sign-extension bug) and `$2a$` as crypt_blowfish >= 1.1 computes
//! it (with its "safety" countermeasure). All variants share one fast
//! EksBlowfish implementation; they differ only in how the password turns
//! into the 18 key words and in one tweak of the initial P-array.
//!
//! Design notes, all for speed on the login hot path:
//! - the state is a plain `[u32; 18]` P-array plus `[[u32; 256]; 4]` S-boxes
//!   on the stack (no allocation), indexed with byte extractions the
//!   compiler can prove to be `< 256`, so there are no bounds checks in the
//!   Feistel rounds;
//! - the 16 rounds are unrolled by hand;
//! - the 18 key words and the 18 "salt as key" words are computed once, and
//!   the 2^cost loop uses an ExpandKey specialised for a zero salt.
//!
//! The initial state lives in `tables.rs`, generated from the hexadecimal
//! digits of pi by `vectors/gen/gen_blowfish_tables.py`.

use zeroize::Zeroize;

// The table file sits beside this one, in the bcrypt folder.
#[path = "tables.rs"]
mod tables;

/// How the password bytes become the 72-byte Blowfish key stream.
///
/// bcrypt's variants differ only here (and in the crypt_blowfish safety
/// tweak), so the caller picks the mode from the hash prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyMode {
    /// $2a$ (OpenBSD), $2b$, $2y$: password bytes followed by a NUL terminator, cycled; 72 bytes used.
    Standard,
    /// $2$: the original variant: password bytes without the NUL terminator, cycled (an empty password cycles a single zero byte).
    NoNulTerminator,
    /// $2x$: crypt_blowfish's pre-2011 sign-extension bug (flags = 1 in crypt_blowfish's BF_set_key).
    SignExtensionBug,
    /// $2a$ as crypt_blowfish >= 1.1 computes it: Standard plus the "safety" countermeasure (flags = 2).
    CryptBlowfishSafety,
}

/// Maximum number of key bytes bcrypt consumes: 18 words of 4 bytes.
const KEY_BYTES: usize = 72;

/// The bcrypt magic plaintext, "OrpheanBeholderScryDoubt", as six
/// big-endian words (three 64-bit Blowfish blocks), precomputed so that
/// `bcrypt_raw` does no byte parsing.
const MAGIC: [u32; 6] = magic_words();

/// Converts the magic string into big-endian words at compile time, so the
/// constant above is derived from the readable string and cannot drift.
const fn magic_words() -> [u32; 6] {
    let b = b"OrpheanBeholderScryDoubt";
    let mut out = [0u32; 6];
    let mut i = 0;
    while i < 6 {
        out[i] = u32::from_be_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
        i += 1;
    }
    out
}

/// The Blowfish state that EksBlowfish keeps mutating: round subkeys and
/// S-boxes. Kept together so one `&mut` lets the compiler assume no
/// aliasing with anything else.
struct State {
    /// The 18 round subkeys.
    p: [u32; 18],
    /// The four key-dependent S-boxes.
    s: [[u32; 256]; 4],
}

/// Blowfish's round function F. Every index is a byte extracted from `x`,
/// so it is provably `< 256` and the compiler drops the bounds checks.
///
/// `second` extracts the second-highest byte (see [`Second`]).
#[inline(always)]
fn f<B: Second>(s: &[[u32; 256]; 4], x: u32, second: B) -> u32 {
    let a = s[0][(x >> 24) as usize];
    let b = s[1][usize::from(second.get(x))];
    let c = s[2][usize::from((x >> 8) as u8)];
    let d = s[3][usize::from(x as u8)];
    (a.wrapping_add(b) ^ c).wrapping_add(d)
}

/// Defines `$name(x, p) -> x ^ p` on `$t`, computed apart from the round
/// function's result.
///
/// A Feistel round is `r ^= F(l) ^ P[i]`. `r` and `P[i]` are ready long
/// before `F(l)`, so their XOR belongs off the critical path, leaving one
/// XOR after F's last addition. LLVM's reassociation orders a XOR tree by
/// operand rank instead: a loaded `P[i]` ranks below `F(l)`, which ranks
/// below `r` (ranks grow along the chain), so it emits `(F(l) ^ P[i]) ^ r`,
/// two XORs after F: one more cycle on a round of about ten. The empty
/// `asm!` makes `x ^ p` opaque, so no pass can merge it back into the tree;
/// it emits no instruction. Same-run medians, bcrypt cost 12, AMD EPYC
/// (Zen 3, family 25 model 1): 223.3 -> 216.4 ms at the best level, 235.9
/// -> 228.7 ms with the plain portable loop; libxcrypt 229.4 ms.
/// `early_xor_is_xor` checks both against a plain XOR.
macro_rules! early_xor {
    ($name:ident, $t:ty, $x86:literal, $arm:literal) => {
        #[inline(always)]
        #[allow(unsafe_code)]
        fn $name(x: $t, p: $t) -> $t {
            #[allow(unused_mut)]
            let mut v = x ^ p;
            // SAFETY: the template is a comment: no instruction, no memory
            // access, no stack use, flags preserved. It only hides `v`'s
            // provenance from the optimiser and hands it back unchanged in
            // the same register.
            #[cfg(target_arch = "x86_64")]
            unsafe {
                core::arch::asm!($x86, inout(reg) v, options(pure, nomem, nostack, preserves_flags));
            }
            #[cfg(target_arch = "aarch64")]
            unsafe {
                core::arch::asm!($arm, inout(reg) v, options(pure, nomem, nostack, preserves_flags));
            }
            v
        }
    };
}
early_xor!(early_xor, u32, "/* {0:e} */", "/* {0:w} */");
early_xor!(early_xor64, u64, "/* {0:r} */", "/* {0:x} */");

/// Encrypts one 64-bit block (`l`, `r`) with the current state: the 16
/// Feistel rounds fully unrolled, because this function is essentially all
/// of bcrypt's running time.
#[inline(always)]
fn encipher_with<B: Second>(
    p: &[u32; 18],
    s: &[[u32; 256]; 4],
    mut l: u32,
    mut r: u32,
    b: B,
) -> (u32, u32) {
    let f = |s: &[[u32; 256]; 4], x: u32| f(s, x, b);
    l ^= p[0];
    r = early_xor(r, p[1]) ^ f(s, l);
    l = early_xor(l, p[2]) ^ f(s, r);
    r = early_xor(r, p[3]) ^ f(s, l);
    l = early_xor(l, p[4]) ^ f(s, r);
    r = early_xor(r, p[5]) ^ f(s, l);
    l = early_xor(l, p[6]) ^ f(s, r);
    r = early_xor(r, p[7]) ^ f(s, l);
    l = early_xor(l, p[8]) ^ f(s, r);
    r = early_xor(r, p[9]) ^ f(s, l);
    l = early_xor(l, p[10]) ^ f(s, r);
    r = early_xor(r, p[11]) ^ f(s, l);
    l = early_xor(l, p[12]) ^ f(s, r);
    r = early_xor(r, p[13]) ^ f(s, l);
    l = early_xor(l, p[14]) ^ f(s, r);
    r = early_xor(r, p[15]) ^ f(s, l);
    l = early_xor(l, p[16]) ^ f(s, r);
    (r ^ p[17], l)
}

/// [`encipher_with`] and the portable byte extraction, for the code that
/// runs a fixed number of times per hash.
#[inline(always)]
fn encipher(p: &[u32; 18], s: &[[u32; 256]; 4], l: u32, r: u32) -> (u32, u32) {
    encipher_with(p, s, l, r, Shift)
}

/// How F extracts its second S-box index, bits 16 to 23. That byte's
/// load is on the critical path of every Feistel round (extract, load,
/// add, xor, add, xor), and where the other three bytes take one
/// single-cycle instruction each (`shr 24`, `movzx` of the low and of the
/// high byte register), this one takes two (`shr`, `and`).
/// BMI1's `bextr` takes it in one, which on AMD Zen is a single-cycle
/// operation: measured (AMD EPYC, Zen 4, cost 10), 51.1 ms with [`Shift`]
/// and 47.9 ms with `bextr`. (On Intel cores `bextr` is two micro-ops,
/// like the pair it replaces.)
trait Second: Copy {
    fn get(self, x: u32) -> u8;
}

/// Shift and mask.
#[derive(Clone, Copy)]
struct Shift;

impl Second for Shift {
    #[inline(always)]
    fn get(self, x: u32) -> u8 {
        (x >> 16) as u8
    }
}

impl<F: Fn(u32) -> u8 + Copy> Second for F {
    #[inline(always)]
    fn get(self, x: u32) -> u8 {
        self(x)
    }
}

impl State {
    /// The initial Blowfish state (digits of pi), with `p0_tweak` XORed into
    /// P[0]. The tweak is crypt_blowfish's safety countermeasure and is zero
    /// in every other mode.
    fn initial(p0_tweak: u32) -> Self {
        let mut p = tables::P;
        p[0] ^= p0_tweak;
        State { p, s: tables::S }
    }

    /// ExpandKey(state, salt, key): XOR the key words into P, then refill P
    /// and the S-boxes with a chain of encryptions whose input is XORed with
    /// the salt words, cycled (block k uses salt words 2k mod 4, 2k+1 mod 4).
    /// Used once per hash, so it is kept simple.
    fn expand_salted(&mut self, key: &[u32; 18], salt: &[u32; 4]) {
        for (p, k) in self.p.iter_mut().zip(key) {
            *p ^= *k;
        }
        let (mut l, mut r) = (0u32, 0u32);
        // `half` selects salt words 0,1 or 2,3; it alternates every block.
        let mut half = false;
        for i in 0..9 {
            let (s0, s1) = if half {
                (salt[2], salt[3])
            } else {
                (salt[0], salt[1])
            };
            (l, r) = encipher(&self.p, &self.s, l ^ s0, r ^ s1);
            self.p[2 * i] = l;
            self.p[2 * i + 1] = r;
            half = !half;
        }
        for k in 0..4 {
            for i in 0..128 {
                let (s0, s1) = if half {
                    (salt[2], salt[3])
                } else {
                    (salt[0], salt[1])
                };
                (l, r) = encipher(&self.p, &self.s, l ^ s0, r ^ s1);
                self.s[k][2 * i] = l;
                self.s[k][2 * i + 1] = r;
                half = !half;
            }
        }
    }

    /// ExpandKey(state, 0, key): the hot inner step of EksBlowfish, run
    /// 2^(cost+1) times. With a zero salt the chain needs no XOR per block,
    /// so this specialisation keeps the loop down to pure encryptions.
    ///
    /// The S-box loop does two blocks per iteration: measured on the
    /// development machine (AMD EPYC, Zen 4) this is about 7% faster than one
    /// block per iteration (the compiler keeps some P words in registers
    /// across the pair) and brings it level with libxcrypt's C code; four
    /// per iteration was slower again.
    #[inline(always)]
    #[cfg_attr(not(any(test, target_arch = "x86_64")), allow(dead_code))]
    fn expand_unsalted<B: Second>(&mut self, key: &[u32; 18], b: B) {
        for (p, k) in self.p.iter_mut().zip(key) {
            *p ^= *k;
        }
        let (mut l, mut r) = (0u32, 0u32);
        for i in 0..9 {
            (l, r) = encipher_with(&self.p, &self.s, l, r, b);
            self.p[2 * i] = l;
            self.p[2 * i + 1] = r;
        }
        for k in 0..4 {
            // Indices stay below 256 (i < 64), so no bounds checks remain.
            for i in 0..64 {
                (l, r) = encipher_with(&self.p, &self.s, l, r, b);
                self.s[k][4 * i] = l;
                self.s[k][4 * i + 1] = r;
                (l, r) = encipher_with(&self.p, &self.s, l, r, b);
                self.s[k][4 * i + 2] = l;
                self.s[k][4 * i + 3] = r;
            }
        }
    }
}

/// Wipes the password-derived state when a hash computation ends, so key
/// material does not linger on the stack.
impl Drop for State {
    fn drop(&mut self) {
        self.p.zeroize();
        for sbox in self.s.iter_mut() {
            sbox.zeroize();
        }
    }
}

/// The key words bcrypt derives from a password, plus the initial P[0]
/// tweak (non-zero only for crypt_blowfish's safety countermeasure).
struct KeySchedule {
    /// The 18 words XORed into P by every ExpandKey with the password.
    words: [u32; 18],
    /// Extra XOR applied once to the initial P[0] (crypt_blowfish `sign`).
    p0_tweak: u32,
}

/// Wipes the password-derived words when they are no longer needed.
impl Drop for KeySchedule {
    fn drop(&mut self) {
        self.words.zeroize();
        self.p0_tweak.zeroize();
    }
}

/// Builds the key words for the C-string-style modes (Standard, $2x$ and
/// the crypt_blowfish $2a$), following crypt_blowfish's BF_set_key: the key
/// stream is the password (at most 72 bytes matter) followed by a NUL,
/// cycled. For each word both the correct big-endian value (`tmp0`) and the
/// sign-extending one (`tmp1`) are computed, because the safety
/// countermeasure depends on whether they differ.
///
/// The returned `p0_tweak` is 0x10000 exactly when `safety` is set and the
/// countermeasure's condition holds (some non-leading byte of a word has its
/// high bit set, yet the buggy and correct words are identical), else 0.
fn c_string_schedule(password: &[u8], sign_bug: bool, safety: bool) -> KeySchedule {
    let pw = password.get(..KEY_BYTES).unwrap_or(password);
    // Stream length including the NUL terminator; at least 1.
    let period = pw.len() + 1;
    let mut pos = 0usize;
    let mut words = [0u32; 18];
    let mut sign = 0u32;
    let mut diff = 0u32;
    for w in words.iter_mut() {
        let mut tmp0 = 0u32;
        let mut tmp1 = 0u32;
        for j in 0..4 {
            let byte = pw.get(pos).copied().unwrap_or(0);
            tmp0 = (tmp0 << 8) | u32::from(byte);
            // The historical bug: `char` was signed, so the byte was
            // sign-extended to 32 bits before being ORed in.
            tmp1 = (tmp1 << 8) | (byte as i8 as i32 as u32);
            if j != 0 {
                sign |= tmp1 & 0x80;
            }
            pos += 1;
            if pos == period {
                pos = 0;
            }
        }
        diff |= tmp0 ^ tmp1;
        *w = if sign_bug { tmp1 } else { tmp0 };
    }
    // Bit 16 of `diff` ends up set iff any word differed.
    diff |= diff >> 16;
    diff &= 0xffff;
    diff += 0xffff;
    // Move the "a high-bit byte was sign-extended" flag to bit 16 and keep
    // it only when nothing differed and the safety flag is on.
    sign <<= 9;
    sign &= !diff & if safety { 0x10000 } else { 0 };
    KeySchedule {
        words,
        p0_tweak: sign,
    }
}

/// Builds the key words for `$2$`: the password bytes cycled without a NUL
/// terminator. An empty password cycles a single zero byte, which is what
/// the original implementation read from the empty C string.
fn no_nul_schedule(password: &[u8]) -> KeySchedule {
    let pw = password.get(..KEY_BYTES).unwrap_or(password);
    let stream: &[u8] = if pw.is_empty() { &[0] } else { pw };
    let mut bytes = stream.iter().copied().cycle();
    let mut words = [0u32; 18];
    for w in words.iter_mut() {
        let mut v = 0u32;
        for _ in 0..4 {
            v = (v << 8) | u32::from(bytes.next().unwrap_or(0));
        }
        *w = v;
    }
    KeySchedule { words, p0_tweak: 0 }
}

/// Derives the key schedule for `mode`.
fn key_schedule(password: &[u8], mode: KeyMode) -> KeySchedule {
    match mode {
        KeyMode::Standard => c_string_schedule(password, false, false),
        KeyMode::NoNulTerminator => no_nul_schedule(password),
        KeyMode::SignExtensionBug => c_string_schedule(password, true, false),
        KeyMode::CryptBlowfishSafety => c_string_schedule(password, false, true),
    }
}

/// True when the CryptBlowfishSafety key setup differs from Standard for this password (so a caller only needs the second computation then).
///
/// The safety mode only ever changes the initial P[0], and only for
/// passwords where the sign-extension bug would have been "benign" (buggy and
/// correct key words equal) despite a high-bit byte. Such passwords are rare,
/// so callers verifying a `$2a$` hash of unknown origin can try Standard
/// first and the crypt_blowfish variant only when this returns true.
pub(crate) fn safety_countermeasure_applies(password: &[u8]) -> bool {
    c_string_schedule(password, false, true).p0_tweak != 0
}

/// Raw bcrypt: returns the 24-byte ciphertext of "OrpheanBeholderScryDoubt" (callers use the first 23 bytes).
/// `cost` is log2 rounds, caller guarantees 4 <= cost <= 31. `password` contains no NUL byte (caller guarantees).
///
/// Runs EksBlowfishSetup (ExpandKey with salt and key, then 2^cost rounds of
/// ExpandKey with the key and with the salt) and then encrypts the magic
/// text 64 times in ECB mode. Nothing here allocates or panics: a cost above
/// 31 is clamped to 31 rather than trusted, as a last line of defence
/// against an unbounded loop.
// Never inlined: it runs for tens of milliseconds, so a call costs nothing,
// and keeping it out of line keeps the measured code layout of the hot loop
// independent of whichever caller uses it.
#[inline(never)]
pub(crate) fn bcrypt_raw(cost: u32, salt: &[u8; 16], password: &[u8], mode: KeyMode) -> [u8; 24] {
    bcrypt_raw_on(Path::best(), cost, salt, password, mode)
}

/// The implementations of EksBlowfish's expensive loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Path {
    /// The packed loop ([`Packed`]) for one computation; pairs use
    /// [`Shift`] extraction.
    Portable,
    /// `bextr` extraction (see [`Second`]).
    #[cfg(target_arch = "x86_64")]
    Bmi1,
}

impl Path {
    fn best() -> Self {
        #[cfg(target_arch = "x86_64")]
        if crate::cpu::features().bmi1 {
            return Self::Bmi1;
        }
        Self::Portable
    }
}

/// EksBlowfish's expensive loop on `path`, which the CPU must support:
/// `rounds` times, ExpandKey with the key, then with the salt as key.
#[allow(unsafe_code)]
fn cost_loop(path: Path, state: &mut State, key: &[u32; 18], salt_key: &[u32; 18], rounds: u64) {
    match path {
        Path::Portable => {
            let mut packed = Packed::of(state);
            let (key, salt_key) = (packed_key(key), packed_key(salt_key));
            for _ in 0..rounds {
                packed.expand_unsalted(&key);
                packed.expand_unsalted(&salt_key);
            }
            packed.unpack_into(state);
        }
        // SAFETY: the only precondition of a safe `#[target_feature]`
        // function is that the CPU has the feature; `Path::best` yields this
        // path only after detecting bmi1.
        #[cfg(target_arch = "x86_64")]
        Path::Bmi1 => unsafe { cost_loop_bmi1(state, key, salt_key, rounds) },
    }
}

/// The state in the form the portable expensive loop runs on: every word
/// `w` of P and S as the 64-bit `pack(w) = w | w << 40` (the top 24 bits
/// of the shifted copy fall off).
///
/// Why: F's second S-box index is bits 16 to 23 of its input. In a 32-bit
/// register that takes two instructions (`shr`, `and`), and it is on the
/// critical path of every round (see [`Second`]); BMI1's `bextr` does it in
/// one, but the portable level has no BMI1. In the packed form those bits
/// are also bits 56 to 63, so the index is one `shr 56`, while the other
/// three stay one instruction each (`shr 24` of the low half, and the low
/// and high byte registers). Same-run medians, bcrypt cost 12, AMD EPYC
/// (Zen 3): 219.7 ms packed against 228.1 ms for the plain loop; libxcrypt
/// 229.2 ms; `bextr` on the plain loop 214.6 ms, which stays the loop where
/// BMI1 is present.
///
/// Why the arithmetic stays exact: F adds and XORs S-box words. In the
/// packed form the low 32 bits are the word itself, and a carry out of
/// bit 31 lands in the gap (bits 32 to 39) instead of vanishing, so the low
/// half of every sum is the 32-bit wrapping sum. The copy in bits 40 to 63
/// is the word's low 24 bits, and the low 24 bits of a sum or XOR depend
/// only on the operands' low 24 bits, so it follows as long as nothing
/// carries from the gap into bit 40. Table words have an empty gap; F is
/// `((a + b) ^ c) + d`, after which the gap holds at most 2 (one carry per
/// addition), so it never carries. The block values F is XORed into pick
/// up gap bits, but they are only XORed and used as indices, never added;
/// what the loop stores back into P and S is masked to an empty gap.
/// Tested against the plain loop in `packed_loop_matches_plain`.
struct Packed {
    p: [u64; 18],
    s: [[u64; 256]; 4],
}

/// The gap between a packed word's two copies: it takes the carries.
const GAP: u64 = 0xff << 32;

/// A word in packed form (see [`Packed`]).
#[inline(always)]
fn pack(w: u32) -> u64 {
    u64::from(w) | (u64::from(w) << 40)
}

/// The 18 key words in packed form, wiped when dropped.
fn packed_key(words: &[u32; 18]) -> zeroize::Zeroizing<[u64; 18]> {
    zeroize::Zeroizing::new(words.map(pack))
}

impl Packed {
    /// `state` in packed form.
    fn of(state: &State) -> Self {
        let mut out = Packed {
            p: state.p.map(pack),
            s: [[0; 256]; 4],
        };
        for (to, from) in out.s.iter_mut().zip(state.s.iter()) {
            for (to, from) in to.iter_mut().zip(from.iter()) {
                *to = pack(*from);
            }
        }
        out
    }

    /// Writes the state back: each word is its packed form's low half.
    fn unpack_into(&self, state: &mut State) {
        for (to, from) in state.p.iter_mut().zip(self.p.iter()) {
            *to = *from as u32;
        }
        for (to, from) in state.s.iter_mut().zip(self.s.iter()) {
            for (to, from) in to.iter_mut().zip(from.iter()) {
                *to = *from as u32;
            }
        }
    }

    /// ExpandKey(state, 0, key) on the packed state, as
    /// [`State::expand_unsalted`].
    #[inline(always)]
    fn expand_unsalted(&mut self, key: &[u64; 18]) {
        for (p, k) in self.p.iter_mut().zip(key) {
            *p ^= *k;
        }
        let (mut l, mut r) = (0u64, 0u64);
        for i in 0..9 {
            (l, r) = encipher_packed(&self.p, &self.s, l, r);
            self.p[2 * i] = l;
            self.p[2 * i + 1] = r;
        }
        for k in 0..4 {
            // Indices stay below 256 (i < 64), so no bounds checks remain.
            for i in 0..64 {
                (l, r) = encipher_packed(&self.p, &self.s, l, r);
                self.s[k][4 * i] = l;
                self.s[k][4 * i + 1] = r;
                (l, r) = encipher_packed(&self.p, &self.s, l, r);
                self.s[k][4 * i + 2] = l;
                self.s[k][4 * i + 3] = r;
            }
        }
    }
}

/// Wipes the password-derived state.
impl Drop for Packed {
    fn drop(&mut self) {
        self.p.zeroize();
        for sbox in self.s.iter_mut() {
            sbox.zeroize();
        }
    }
}

/// F on a packed input: a packed result whose gap holds at most 2.
#[inline(always)]
fn f_packed(s: &[[u64; 256]; 4], x: u64) -> u64 {
    let a = ((x as u32) >> 24) as usize;
    let b = (x >> 56) as usize;
    let c = usize::from((x >> 8) as u8);
    let d = usize::from(x as u8);
    (s[0][a].wrapping_add(s[1][b]) ^ s[2][c]).wrapping_add(s[3][d])
}

/// [`encipher_with`] on packed words; the block comes back with empty gaps,
/// ready to be stored.
#[inline(always)]
fn encipher_packed(p: &[u64; 18], s: &[[u64; 256]; 4], mut l: u64, mut r: u64) -> (u64, u64) {
    l ^= p[0];
    r = early_xor64(r, p[1]) ^ f_packed(s, l);
    l = early_xor64(l, p[2]) ^ f_packed(s, r);
    r = early_xor64(r, p[3]) ^ f_packed(s, l);
    l = early_xor64(l, p[4]) ^ f_packed(s, r);
    r = early_xor64(r, p[5]) ^ f_packed(s, l);
    l = early_xor64(l, p[6]) ^ f_packed(s, r);
    r = early_xor64(r, p[7]) ^ f_packed(s, l);
    l = early_xor64(l, p[8]) ^ f_packed(s, r);
    r = early_xor64(r, p[9]) ^ f_packed(s, l);
    l = early_xor64(l, p[10]) ^ f_packed(s, r);
    r = early_xor64(r, p[11]) ^ f_packed(s, l);
    l = early_xor64(l, p[12]) ^ f_packed(s, r);
    r = early_xor64(r, p[13]) ^ f_packed(s, l);
    l = early_xor64(l, p[14]) ^ f_packed(s, r);
    r = early_xor64(r, p[15]) ^ f_packed(s, l);
    l = early_xor64(l, p[16]) ^ f_packed(s, r);
    ((r ^ p[17]) & !GAP, l & !GAP)
}

/// The loop compiled with BMI1; the closure inherits the target feature,
/// and everything it is passed to is inlined here.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "bmi1")]
fn cost_loop_bmi1(state: &mut State, key: &[u32; 18], salt_key: &[u32; 18], rounds: u64) {
    let second = |x: u32| core::arch::x86_64::_bextr_u32(x, 16, 8) as u8;
    for _ in 0..rounds {
        state.expand_unsalted(key, second);
        state.expand_unsalted(salt_key, second);
    }
}

/// [`bcrypt_raw`] with the expensive loop on `path`.
fn bcrypt_raw_on(
    path: Path,
    cost: u32,
    salt: &[u8; 16],
    password: &[u8],
    mode: KeyMode,
) -> [u8; 24] {
    let mut setup = Setup::new(salt, password, mode);
    let rounds: u64 = 1u64 << cost.min(31);
    cost_loop(
        path,
        &mut setup.state,
        &setup.key.words,
        &setup.salt_key,
        rounds,
    );
    setup.finish()
}

/// Two bcrypt computations with the same cost, their expensive loops
/// interleaved instruction by instruction (see [`cost_loop2`]): the batch
/// verifier's pairs. Each result equals [`bcrypt_raw`]'s.
pub(crate) fn bcrypt_raw_pair(
    cost: u32,
    a: (&[u8; 16], &[u8], KeyMode),
    b: (&[u8; 16], &[u8], KeyMode),
) -> [[u8; 24]; 2] {
    bcrypt_raw_pair_on(Path::best(), cost, a, b)
}

fn bcrypt_raw_pair_on(
    path: Path,
    cost: u32,
    a: (&[u8; 16], &[u8], KeyMode),
    b: (&[u8; 16], &[u8], KeyMode),
) -> [[u8; 24]; 2] {
    let mut sa = Setup::new(a.0, a.1, a.2);
    let mut sb = Setup::new(b.0, b.1, b.2);
    let rounds: u64 = 1u64 << cost.min(31);
    cost_loop2(
        path,
        [&mut sa.state, &mut sb.state],
        [&sa.key.words, &sb.key.words],
        [&sa.salt_key, &sb.salt_key],
        rounds,
    );
    [sa.finish(), sb.finish()]
}

/// A bcrypt computation before and after its expensive loop.
struct Setup {
    key: KeySchedule,
    salt_key: [u32; 18],
    state: State,
}

impl Setup {
    /// The key words, the salt as key words, and the state after
    /// ExpandKey(state, salt, key).
    fn new(salt: &[u8; 16], password: &[u8], mode: KeyMode) -> Self {
        let key = key_schedule(password, mode);
        let salt_words: [u32; 4] = [
            u32::from_be_bytes([salt[0], salt[1], salt[2], salt[3]]),
            u32::from_be_bytes([salt[4], salt[5], salt[6], salt[7]]),
            u32::from_be_bytes([salt[8], salt[9], salt[10], salt[11]]),
            u32::from_be_bytes([salt[12], salt[13], salt[14], salt[15]]),
        ];
        // ExpandKey(state, 0, salt) uses the 16 salt bytes as a key, cycled
        // over 18 words: precompute them once.
        let mut salt_key = [0u32; 18];
        for (i, w) in salt_key.iter_mut().enumerate() {
            *w = salt_words[i % 4];
        }
        let mut state = State::initial(key.p0_tweak);
        state.expand_salted(&key.words, &salt_words);
        Self {
            key,
            salt_key,
            state,
        }
    }

    /// Encrypts the magic text 64 times in ECB mode.
    fn finish(mut self) -> [u8; 24] {
        let mut ctext = MAGIC;
        for block in ctext.chunks_exact_mut(2) {
            let (mut l, mut r) = (block[0], block[1]);
            for _ in 0..64 {
                (l, r) = encipher(&self.state.p, &self.state.s, l, r);
            }
            block[0] = l;
            block[1] = r;
        }
        let mut out = [0u8; 24];
        for (chunk, w) in out.chunks_exact_mut(4).zip(ctext.iter()) {
            chunk.copy_from_slice(&w.to_be_bytes());
        }
        ctext.zeroize();
        self.salt_key.zeroize();
        out
    }
}

/// Two computations' expensive loops on `path`, interleaved.
///
/// Why: one Feistel round is a dependency chain (extract, load, add, xor,
/// add, xor) of about ten cycles that uses a fraction of a core's load and
/// ALU ports; a second, independent chain fills them. Measured in
/// `benches/batch.rs` (`bcrypt pairs`).
#[allow(unsafe_code)]
fn cost_loop2(
    path: Path,
    states: [&mut State; 2],
    keys: [&[u32; 18]; 2],
    salt_keys: [&[u32; 18]; 2],
    rounds: u64,
) {
    let [a, b] = states;
    match path {
        Path::Portable => {
            for _ in 0..rounds {
                expand_unsalted2(a, b, keys, Shift);
                expand_unsalted2(a, b, salt_keys, Shift);
            }
        }
        // SAFETY: as in `cost_loop`.
        #[cfg(target_arch = "x86_64")]
        Path::Bmi1 => unsafe { cost_loop2_bmi1(a, b, keys, salt_keys, rounds) },
    }
}

/// [`cost_loop2`] compiled with BMI1 (see `cost_loop_bmi1`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "bmi1")]
fn cost_loop2_bmi1(
    a: &mut State,
    b: &mut State,
    keys: [&[u32; 18]; 2],
    salt_keys: [&[u32; 18]; 2],
    rounds: u64,
) {
    let second = |x: u32| core::arch::x86_64::_bextr_u32(x, 16, 8) as u8;
    for _ in 0..rounds {
        expand_unsalted2(a, b, keys, second);
        expand_unsalted2(a, b, salt_keys, second);
    }
}

/// ExpandKey(state, 0, key) on two states at once.
#[inline(always)]
fn expand_unsalted2<B: Second>(a: &mut State, b: &mut State, keys: [&[u32; 18]; 2], ext: B) {
    for (p, k) in a.p.iter_mut().zip(keys[0]) {
        *p ^= *k;
    }
    for (p, k) in b.p.iter_mut().zip(keys[1]) {
        *p ^= *k;
    }
    let mut x = [(0u32, 0u32); 2];
    for i in 0..9 {
        x = encipher2(a, b, x, ext);
        (a.p[2 * i], a.p[2 * i + 1]) = x[0];
        (b.p[2 * i], b.p[2 * i + 1]) = x[1];
    }
    for k in 0..4 {
        for i in 0..128 {
            x = encipher2(a, b, x, ext);
            (a.s[k][2 * i], a.s[k][2 * i + 1]) = x[0];
            (b.s[k][2 * i], b.s[k][2 * i + 1]) = x[1];
        }
    }
}

/// [`encipher_with`] on two states and blocks, round by round.
#[inline(always)]
fn encipher2<B: Second>(a: &State, b: &State, x: [(u32, u32); 2], ext: B) -> [(u32, u32); 2] {
    let ([(mut l0, mut r0), (mut l1, mut r1)], pa, pb) = (x, &a.p, &b.p);
    let (sa, sb) = (&a.s, &b.s);
    l0 ^= pa[0];
    l1 ^= pb[0];
    macro_rules! two_rounds {
        ($i:literal) => {
            r0 = early_xor(r0, pa[$i]) ^ f(sa, l0, ext);
            r1 = early_xor(r1, pb[$i]) ^ f(sb, l1, ext);
            l0 = early_xor(l0, pa[$i + 1]) ^ f(sa, r0, ext);
            l1 = early_xor(l1, pb[$i + 1]) ^ f(sb, r1, ext);
        };
    }
    two_rounds!(1);
    two_rounds!(3);
    two_rounds!(5);
    two_rounds!(7);
    two_rounds!(9);
    two_rounds!(11);
    two_rounds!(13);
    two_rounds!(15);
    [(r0 ^ pa[17], l0), (r1 ^ pb[17], l1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses "$2?$NN$<22 salt><31 hash>" into (cost, salt, hash) with the
    /// codec under test, so the vectors are used exactly as published.
    fn parse(h: &str) -> (u32, [u8; 16], [u8; 23]) {
        let parts: Vec<&str> = h.split('$').collect();
        assert_eq!(parts.len(), 4, "{h}");
        let cost: u32 = parts[2].parse().unwrap();
        let rest = parts[3].as_bytes();
        assert_eq!(rest.len(), 53, "{h}");
        let mut salt = [0u8; 16];
        let mut hash = [0u8; 23];
        crate::encoding::decode_bcrypt_b64(&rest[..22], &mut salt).unwrap();
        crate::encoding::decode_bcrypt_b64(&rest[22..], &mut hash).unwrap();
        (cost, salt, hash)
    }

    /// Decodes a hex password (the published vectors give non-UTF-8
    /// passwords in hex).
    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Asserts that `password` under `mode` reproduces the published `hash`,
    /// on the best path and on the portable one.
    fn check(hash: &str, password: &[u8], mode: KeyMode) {
        let (cost, salt, expect) = parse(hash);
        let got = bcrypt_raw(cost, &salt, password, mode);
        assert_eq!(&got[..23], &expect[..], "{hash} mode {mode:?}");
        let got = bcrypt_raw_on(Path::Portable, cost, &salt, password, mode);
        assert_eq!(&got[..23], &expect[..], "{hash} mode {mode:?}, portable");
    }

    /// The expensive loop written plainly: the reference for the packed
    /// loop and the BMI1 one.
    fn plain_raw(cost: u32, salt: &[u8; 16], password: &[u8], mode: KeyMode) -> [u8; 24] {
        let mut setup = Setup::new(salt, password, mode);
        for _ in 0..1u64 << cost {
            setup.state.expand_unsalted(&setup.key.words, Shift);
            setup.state.expand_unsalted(&setup.salt_key, Shift);
        }
        setup.finish()
    }

    /// The hidden XOR is a XOR.
    #[test]
    fn early_xor_is_xor() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (a, b) = (x as u32, (x >> 32) as u32);
            assert_eq!(early_xor(a, b), a ^ b);
            assert_eq!(early_xor64(x, x.rotate_left(29)), x ^ x.rotate_left(29));
        }
    }

    /// The packed loop (and the BMI1 one, where the CPU has it) computes
    /// what the plain loop does, for passwords with every byte value, both
    /// C-string modes and salts with high bits set.
    #[test]
    fn packed_loop_matches_plain() {
        let mut paths = vec![Path::Portable];
        #[cfg(target_arch = "x86_64")]
        if Path::best() == Path::Bmi1 {
            paths.push(Path::Bmi1);
        }
        for cost in [4u32, 5, 6] {
            for len in [0usize, 1, 3, 8, 40, 71, 72] {
                let password: Vec<u8> = (0..len)
                    .map(|i| u8::try_from((i * 97 + cost as usize * 31) % 255 + 1).unwrap_or(1))
                    .collect();
                let mut salt = [0u8; 16];
                for (i, b) in salt.iter_mut().enumerate() {
                    *b = u8::try_from((i * 73 + len * 11) % 256).unwrap_or(0) | 0x80;
                }
                for mode in [KeyMode::Standard, KeyMode::SignExtensionBug] {
                    let expect = plain_raw(cost, &salt, &password, mode);
                    for &path in &paths {
                        assert_eq!(
                            bcrypt_raw_on(path, cost, &salt, &password, mode),
                            expect,
                            "{path:?} cost {cost} len {len} {mode:?}"
                        );
                    }
                }
            }
        }
    }

    /// Packing: the low half is the word, the high copy its low 24 bits,
    /// and a packed sum's halves are the 32-bit sum and its low 24 bits
    /// (the gap takes the carry), for extreme words.
    #[test]
    fn packed_arithmetic_is_exact() {
        let words = [
            0u32,
            1,
            0x00ff_ffff,
            0x0100_0000,
            0x7fff_ffff,
            0x8000_0000,
            0xffff_ffff,
        ];
        for &a in &words {
            for &b in &words {
                for &c in &words {
                    for &d in &words {
                        let f = (a.wrapping_add(b) ^ c).wrapping_add(d);
                        let g = (pack(a).wrapping_add(pack(b)) ^ pack(c)).wrapping_add(pack(d));
                        assert_eq!(g as u32, f);
                        assert_eq!(g >> 40, u64::from(f & 0x00ff_ffff));
                        assert!((g & GAP) >> 32 <= 2);
                    }
                }
            }
        }
    }

    /// Pairs equal two single computations, on both paths, including
    /// different key modes on each side.
    #[test]
    fn pairs_equal_singles() {
        let mut paths = vec![Path::Portable];
        #[cfg(target_arch = "x86_64")]
        if Path::best() == Path::Bmi1 {
            paths.push(Path::Bmi1);
        }
        let salts = [[7u8; 16], [0x99u8; 16]];
        for path in paths {
            for (pa, pb, ma, mb) in [
                (
                    &b"first"[..],
                    &b"second"[..],
                    KeyMode::Standard,
                    KeyMode::Standard,
                ),
                (
                    &b""[..],
                    &b"\xff\xa3x"[..],
                    KeyMode::NoNulTerminator,
                    KeyMode::SignExtensionBug,
                ),
            ] {
                let got = bcrypt_raw_pair_on(path, 5, (&salts[0], pa, ma), (&salts[1], pb, mb));
                assert_eq!(got[0], bcrypt_raw_on(Path::Portable, 5, &salts[0], pa, ma));
                assert_eq!(got[1], bcrypt_raw_on(Path::Portable, 5, &salts[1], pb, mb));
            }
        }
    }

    #[test]
    fn tables_spot_values() {
        // Schneier's published first/last words of the pi tables.
        assert_eq!(tables::P[0], 0x243F_6A88);
        assert_eq!(tables::P[17], 0x8979_FB1B);
        assert_eq!(tables::S[0][0], 0xD131_0BA6);
        assert_eq!(tables::S[3][255], 0x3AC3_72E6);
    }

    #[test]
    fn blowfish_known_answer() {
        // Eric Young's Blowfish ECB test vector (key 0, plaintext 0 ->
        // 4EF99745 6198DD78), checked with the plain key schedule built from
        // this module's pieces: state = pi tables, P ^= key, fill chain.
        let mut st = State::initial(0);
        st.expand_unsalted(&[0u32; 18], Shift);
        assert_eq!(encipher(&st.p, &st.s, 0, 0), (0x4EF9_9745, 0x6198_DD78));
    }

    #[test]
    fn standard_vectors() {
        // Openwall crypt_blowfish wrapper.c test table, commit 3354bb8
        // (openwall-wrapper.c-01, -04, -11, -28) and pyca/bcrypt
        // tests/test_bcrypt.py, commit c4d027f (pyca-bcrypt-01, -02, -31);
        // passlib 1.7.4 test_handlers_bcrypt.py (passlib-bcrypt-24, -37).
        let cases: &[(&str, &[u8])] = &[
            ("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", b"U*U"),
            (
                "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui",
                b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored",
            ),
            ("$2b$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", b"\xa3"),
            ("$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy", b""),
            ("$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm", b"Kk4DQuMMfZL9o"),
            ("$2b$04$pQ7gRO7e6wx/936oXhNjrOUNOHL1D0h1N2IDbJZYs.1ppzSof6SPy", b"9IeRXmnGxMYbs"),
            ("$2a$10$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u", b"a"),
            (
                "$2a$05$......................XuQjdH.wPVNUZ/bOfstdW/FqB8QSjte",
                b"abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc",
            ),
        ];
        for (h, pw) in cases {
            check(h, pw, KeyMode::Standard);
        }
        // pyca-bcrypt-31: a 260-byte password; only the first 72 bytes count.
        let long: Vec<u8> = b"0123456789".iter().copied().cycle().take(260).collect();
        check(
            "$2a$04$R1lJ2gkNaoPGdafE.H.16.1MKHPvmKwryeulRe225LKProWYwt9Oi",
            &long,
            KeyMode::Standard,
        );
    }

    #[test]
    fn sign_extension_bug_vectors() {
        // Openwall crypt_blowfish wrapper.c, commit 3354bb8: $2x$ entries
        // openwall-wrapper.c-05, -15, -21, -24.
        check(
            "$2x$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e",
            &hex("a3"),
            KeyMode::SignExtensionBug,
        );
        check(
            "$2x$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi",
            &hex("ffa33334ffffffa3333435"),
            KeyMode::SignExtensionBug,
        );
        check(
            "$2x$05$/OK.fbVrR/bpIqNJ5ianF.6IflQkJytoRVc1yuaNtHfiuq.FRlSIS",
            &hex("a36162"),
            KeyMode::SignExtensionBug,
        );
        check(
            "$2x$05$6bNw2HLQYeqHYyBfLMsv/O9LIGgn8OMzuDoHfof8AQimSGfcSWxnS",
            &hex("d0c1d2cfccd8"),
            KeyMode::SignExtensionBug,
        );
    }

    #[test]
    fn crypt_blowfish_safety_vectors() {
        // Openwall crypt_blowfish wrapper.c, commit 3354bb8:
        // openwall-wrapper.c-08 and -17 are $2a$ hashes where the
        // countermeasure fires; -07 / -16 are the same passwords as $2y$
        // (Standard). -11 and -19 are $2a$ where it does not fire, so both
        // modes agree.
        let ffffa3 = hex("ffffa3");
        let long = hex("ffa33334ffffffa3333435");
        assert!(safety_countermeasure_applies(&ffffa3));
        assert!(safety_countermeasure_applies(&long));
        check(
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.nqd1wy.pTMdcvrRWxyiGL2eMz.2a85.",
            &ffffa3,
            KeyMode::CryptBlowfishSafety,
        );
        check(
            "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e",
            &ffffa3,
            KeyMode::Standard,
        );
        check(
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.ZC1JEJ8Z4gPfpe1JOr/oyPXTWl9EFd.",
            &long,
            KeyMode::CryptBlowfishSafety,
        );
        check(
            "$2y$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi",
            &long,
            KeyMode::Standard,
        );

        for pw in [hex("a3"), hex("ffa3333435"), b"U*U".to_vec(), Vec::new()] {
            assert!(!safety_countermeasure_applies(&pw), "{pw:x?}");
        }
        check(
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq",
            &hex("a3"),
            KeyMode::CryptBlowfishSafety,
        );
        check(
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.nRht2l/HRhr6zmCp9vYUvvsqynflf9e",
            &hex("ffa3333435"),
            KeyMode::CryptBlowfishSafety,
        );
    }

    #[test]
    fn no_nul_terminator_vectors() {
        // passlib 1.7.4 test_handlers_bcrypt.py known_correct_hashes
        // (passlib-bcrypt-30, -32, -34): "$2$" hashes.
        check(
            "$2$05$......................J2ihDv8vVf7QZ9BsaRrKyqs2tkn55Yq",
            b"",
            KeyMode::NoNulTerminator,
        );
        check(
            "$2$05$......................XuQjdH.wPVNUZ/bOfstdW/FqB8QSjte",
            b"abc",
            KeyMode::NoNulTerminator,
        );
        check(
            "$2$05$......................XuQjdH.wPVNUZ/bOfstdW/FqB8QSjte",
            b"abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc",
            KeyMode::NoNulTerminator,
        );
        // Generated for this test with passlib 1.7.4's pure-Python builtin
        // backend (PASSLIB_BUILTIN_BCRYPT=enabled, bcrypt.set_backend("builtin"),
        // bcrypt.using(ident="2", rounds=..., salt=...).hash(...)): non-zero
        // salts, which the published $2$ hashes above lack.
        check(
            "$2$05$abcdefghijklmnopqrstuuYtckdYtm61cp40AD.hZq3un1U0s.9IS",
            b"U*U*U*U",
            KeyMode::NoNulTerminator,
        );
        check(
            "$2$06$0123456789ABCDEFGHIJKuwMGU.FwRBca.4kUdFil6KA2Ox7xvDdS",
            b"secret password!",
            KeyMode::NoNulTerminator,
        );
        // Same passlib run: the $2a$/$2b$ hash of "U*U*U*U" with that salt
        // differs from the $2$ one only by the NUL terminator.
        check(
            "$2b$05$abcdefghijklmnopqrstuubycgq1i48gqmwY30l8KEzMAsI//szD6",
            b"U*U*U*U",
            KeyMode::Standard,
        );
    }
}
