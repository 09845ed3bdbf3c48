//! Entry points for the cargo-fuzz targets in `fuzz/`, and the reference
//! record builder they share with `tests/props.rs`. Not a stable API.
//!
//! Each fuzz target is a line or two calling one of [`decode`], [`verify`],
//! [`config`] or [`cli_line`], so that a plain `cargo build` type-checks the
//! fuzzing logic and the targets cannot rot.
//!
//! The reference builder ([`Spec`], [`check_roundtrip`]) hashes with the
//! primitive crates directly (`scrypt`, `pbkdf2`, `argon2`, `aes`/`ctr`, and
//! for bcrypt a caller-supplied [`BcryptRaw`], since `blowfish` is not a
//! dependency of the library) and writes every accepted textual form with its
//! own encoders, never with hashport's decoders or encoders. The functions
//! here panic on a failed check: that is how a fuzz target reports a finding.

use std::ops::Range;
use std::sync::OnceLock;

use aes::Aes256;
use ctr::Ctr128BE;
use ctr::cipher::{KeyIvInit, StreamCipher};
use serde_json::{Map, Value};

use crate::{Algorithm, Engine, Error, Limits, Outcome, Policy, Record, Verifier};

/// One `hashport verify` line through the command line's own code (for the
/// overhead benchmark).
#[must_use]
pub fn process_line(line_no: u64, line: &[u8], engine: &Engine) -> String {
    crate::cli::contract::process_line(line_no, line, engine)
}

// ---------------------------------------------------------------------------
// Fuzz input reader

/// Reads fuzz bytes as a stream of small choices. Past the end every read
/// is zero, so any input is a complete one.
#[derive(Debug)]
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// A reader over `data`.
    #[must_use]
    pub const fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// The next byte, or zero.
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    /// A value in `lo..=hi` (`lo <= hi`).
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        let span = hi.saturating_sub(lo).saturating_add(1);
        let raw = u32::from(self.byte()) << 8 | u32::from(self.byte());
        lo.saturating_add(raw % span)
    }

    /// `lo..=hi` bytes taken from the input.
    pub fn bytes(&mut self, lo: u32, hi: u32) -> Vec<u8> {
        let n = self.range(lo, hi) as usize;
        (0..n).map(|_| self.byte()).collect()
    }

    /// Whatever is left.
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.data)
    }
}

// ---------------------------------------------------------------------------
// Independent encoders

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// passlib's adapted base64: `.` for `+`.
const AB64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./";
/// bcrypt's own alphabet.
const BCRYPT: &[u8; 64] = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// The alphabet of a span of an encoded field, for text mutations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alphabet {
    /// Standard base64.
    Std,
    /// URL-safe base64.
    Url,
    /// passlib's adapted base64.
    Ab64,
    /// bcrypt's base64.
    Bcrypt,
    /// Lowercase hex.
    HexLower,
    /// Uppercase hex.
    HexUpper,
}

impl Alphabet {
    fn chars(self) -> &'static [u8] {
        match self {
            Self::Std => STD,
            Self::Url => URL,
            Self::Ab64 => AB64,
            Self::Bcrypt => BCRYPT,
            Self::HexLower => HEX_LOWER,
            Self::HexUpper => HEX_UPPER,
        }
    }
}

/// The four base64 dialects every base64 field accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum B64 {
    /// Standard alphabet, unpadded.
    Std,
    /// Standard alphabet, padded.
    StdPad,
    /// URL-safe alphabet, unpadded.
    Url,
    /// URL-safe alphabet, padded.
    UrlPad,
}

impl B64 {
    /// Every dialect.
    pub const ALL: [Self; 4] = [Self::Std, Self::StdPad, Self::Url, Self::UrlPad];

    fn alphabet(self) -> Alphabet {
        match self {
            Self::Std | Self::StdPad => Alphabet::Std,
            Self::Url | Self::UrlPad => Alphabet::Url,
        }
    }

    fn encode(self, bytes: &[u8]) -> String {
        let pad = matches!(self, Self::StdPad | Self::UrlPad);
        base64_with(bytes, self.alphabet().chars(), pad)
    }
}

/// Encodes `bytes` in a base64 dialect (this module's own encoder).
#[must_use]
pub fn b64(dialect: B64, bytes: &[u8]) -> String {
    dialect.encode(bytes)
}

fn base64_with(bytes: &[u8], alphabet: &[u8], pad: bool) -> String {
    let sym = |i: u32| char::from(alphabet.get(i as usize & 63).copied().unwrap_or(b'?'));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = b(0) << 16 | b(1) << 8 | b(2);
        let chars = chunk.len() + 1;
        for k in 0..4 {
            if k < chars {
                out.push(sym(n >> (18 - 6 * k)));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// bcrypt's base64: its own alphabet, big-endian bit order, no padding.
fn bcrypt_b64(bytes: &[u8]) -> String {
    base64_with(bytes, BCRYPT, false)
}

fn hex(bytes: &[u8], upper: bool) -> String {
    let digits = if upper { HEX_UPPER } else { HEX_LOWER };
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 15] {
            out.push(char::from(
                digits.get(usize::from(nibble)).copied().unwrap_or(b'?'),
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Reference records

/// Raw bcrypt from an independent implementation: the first 23 bytes of the
/// ciphertext, for `key` exactly as EksBlowfish cycles it (the caller adds
/// the NUL terminator or not). `fuzz/src/bcrypt_ref.rs` has one on the
/// `blowfish` crate.
pub type BcryptRaw = fn(cost: u32, salt: &[u8; 16], key: &[u8]) -> [u8; 23];

/// A PBKDF2 pseudo-random function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prf {
    /// HMAC-SHA-1.
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl Prf {
    /// Output size in bytes.
    #[must_use]
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha512 => 64,
        }
    }
}

/// An argon2 variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgonType {
    /// argon2d.
    D,
    /// argon2i.
    I,
    /// argon2id.
    Id,
}

/// Parameters, salt and sizes of a reference record. Costs should be tiny:
/// every form of the record is hashed and verified several times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spec {
    /// bcrypt; every minor version is formed.
    Bcrypt {
        /// log2 rounds, 4 or more.
        cost: u32,
        /// The 16-byte salt.
        salt: [u8; 16],
    },
    /// scrypt, in Frontegg and PHC forms.
    Scrypt {
        /// log2 N, 1 or more.
        log_n: u8,
        /// r.
        r: u32,
        /// p.
        p: u32,
        /// Salt bytes (written as UTF-8 text where they are valid UTF-8).
        salt: Vec<u8>,
        /// Key length in bytes, within the digest limits.
        key_len: usize,
        /// The Frontegg `saltSeparator`.
        separator: String,
    },
    /// Firebase scrypt.
    FirebaseScrypt {
        /// log2 N.
        mem_cost: u8,
        /// scrypt r.
        rounds: u32,
        /// The user's salt.
        salt: Vec<u8>,
        /// The project's salt separator bytes.
        separator: Vec<u8>,
        /// The project's signer key (the hash has its length).
        signer_key: Vec<u8>,
    },
    /// PBKDF2, in PHC, passlib, Django and raw-with-config forms.
    Pbkdf2 {
        /// The PRF.
        prf: Prf,
        /// Iterations, 1 or more.
        iterations: u32,
        /// Salt bytes.
        salt: Vec<u8>,
        /// Key length in bytes, within the digest limits.
        key_len: usize,
    },
    /// argon2 PHC strings.
    Argon2 {
        /// Variant.
        variant: ArgonType,
        /// 16 or 19.
        version: u32,
        /// Memory in KiB, at least 8 p.
        m: u32,
        /// Passes.
        t: u32,
        /// Lanes.
        p: u32,
        /// Salt, 8 bytes or more.
        salt: Vec<u8>,
        /// Associated data, at most 32 bytes.
        data: Vec<u8>,
        /// Key length in bytes, within the digest limits.
        key_len: usize,
    },
}

/// One textual form of a reference record.
#[derive(Clone, Debug)]
pub struct Form {
    /// What the form is, for failure messages.
    pub label: String,
    /// `passwordHash`.
    pub hash: String,
    /// `passwordHashConfig`.
    pub config: Option<String>,
    /// Byte ranges of `hash` holding an encoded salt or digest, and their
    /// alphabet: changing one character there must not leave a match.
    pub spans: Vec<(Range<usize>, Alphabet)>,
    /// The form may legitimately be refused as ambiguous (`invalid_hash`):
    /// a scrypt key whose encoding is not given and whose separator does
    /// not tell hex from base64 apart.
    pub may_be_ambiguous: bool,
}

impl Form {
    /// `<head><salt>$<digest>`, the salt and digest already encoded in
    /// `alphabet`, both marked as spans.
    fn dollar(
        label: String,
        head: &str,
        salt: &str,
        digest: &str,
        alphabet: Alphabet,
        config: Option<&str>,
    ) -> Self {
        let salt_at = head.len()..head.len() + salt.len();
        let digest_start = salt_at.end + 1;
        Self {
            label,
            spans: vec![
                (salt_at, alphabet),
                (digest_start..digest_start + digest.len(), alphabet),
            ],
            hash: format!("{head}{salt}${digest}"),
            config: config.map(str::to_owned),
            may_be_ambiguous: false,
        }
    }
}

/// Frontegg salt separators for fuzzed scrypt records, some of which make
/// the key encoding ambiguous.
const SEPARATORS: [&str; 10] = [":", "$", "|", "", "a", "=", "::", "é", "0x", ".:"];

/// Configs that mean "no config" for the types that take none.
const NO_CONFIG: [Option<&str>; 4] = [None, Some(""), Some("null"), Some("{}")];

impl Spec {
    /// The record type.
    #[must_use]
    pub const fn algorithm(&self) -> Algorithm {
        match self {
            Self::Bcrypt { .. } => Algorithm::Bcrypt,
            Self::Scrypt { .. } => Algorithm::Scrypt,
            Self::FirebaseScrypt { .. } => Algorithm::FirebaseScrypt,
            Self::Pbkdf2 { .. } => Algorithm::Pbkdf2,
            Self::Argon2 { .. } => Algorithm::Argon2,
        }
    }

    /// A spec with tiny costs from fuzz bytes: bcrypt cost 4, scrypt
    /// N <= 16 with r, p <= 2, Firebase memCost <= 4 with rounds <= 2,
    /// PBKDF2 <= 16 iterations, argon2 m <= 64 KiB with t <= 2.
    pub fn tiny(input: &mut Bytes<'_>) -> Self {
        let text_salt = |input: &mut Bytes<'_>, lo, hi| {
            let raw = input.bytes(lo, hi);
            if raw.first().is_some_and(|b| b & 1 == 1) {
                raw.iter()
                    .map(|b| match b % 97 {
                        95 => 'é',
                        96 => '€',
                        c => char::from(0x20 + c),
                    })
                    .collect::<String>()
                    .into_bytes()
            } else {
                raw
            }
        };
        let pick = usize::from(input.byte()) % Algorithm::ALL.len();
        match Algorithm::ALL[pick] {
            Algorithm::Bcrypt => {
                let mut salt = [0u8; 16];
                salt.iter_mut().for_each(|b| *b = input.byte());
                Self::Bcrypt { cost: 4, salt }
            }
            Algorithm::Scrypt => {
                let log_n = u8::try_from(input.range(1, 4)).unwrap_or(1);
                let (r, p) = (input.range(1, 2), input.range(1, 2));
                let key_len = input.range(10, 80) as usize;
                let separator = SEPARATORS
                    .get(usize::from(input.byte()) % SEPARATORS.len())
                    .copied()
                    .unwrap_or(":")
                    .to_owned();
                let salt = text_salt(input, 0, 40);
                Self::Scrypt {
                    log_n,
                    r,
                    p,
                    salt,
                    key_len,
                    separator,
                }
            }
            Algorithm::FirebaseScrypt => Self::FirebaseScrypt {
                mem_cost: u8::try_from(input.range(1, 4)).unwrap_or(1),
                rounds: input.range(1, 2),
                salt: input.bytes(0, 24),
                separator: input.bytes(0, 4),
                signer_key: input.bytes(10, 80),
            },
            Algorithm::Pbkdf2 => {
                let prf = [Prf::Sha1, Prf::Sha256, Prf::Sha512][usize::from(input.byte() % 3)];
                let iterations = input.range(1, 16);
                let key_len = if input.byte() & 1 == 0 {
                    prf.output_len()
                } else {
                    input.range(10, 100) as usize
                };
                let salt = text_salt(input, 0, 40);
                Self::Pbkdf2 {
                    prf,
                    iterations,
                    salt,
                    key_len,
                }
            }
            Algorithm::Argon2 => {
                let variant =
                    [ArgonType::D, ArgonType::I, ArgonType::Id][usize::from(input.byte() % 3)];
                let version = if input.byte() & 1 == 0 { 19 } else { 16 };
                let p = input.range(1, 2);
                let m = input.range(8 * p, 64);
                let t = input.range(1, 2);
                let key_len = input.range(10, 64) as usize;
                let salt = input.bytes(8, 32);
                let data = if input.byte() & 3 == 0 {
                    input.bytes(1, 8)
                } else {
                    Vec::new()
                };
                Self::Argon2 {
                    variant,
                    version,
                    m,
                    t,
                    p,
                    salt,
                    data,
                    key_len,
                }
            }
        }
    }

    /// The derived key (or, for Firebase, the stored hash) for `password`,
    /// computed by the primitive crates. For bcrypt, `no_nul` selects `$2$`'s
    /// key without a NUL terminator. `None` when a primitive refuses the
    /// parameters or bcrypt has no reference.
    #[must_use]
    pub fn derive(
        &self,
        password: &[u8],
        bcrypt: Option<BcryptRaw>,
        no_nul: bool,
    ) -> Option<Vec<u8>> {
        match self {
            Self::Bcrypt { cost, salt } => {
                let mut key: Vec<u8> = password.iter().copied().take(72).collect();
                if !no_nul {
                    key.push(0);
                    key.truncate(72);
                } else if key.is_empty() {
                    key.push(0);
                }
                bcrypt.map(|f| f(*cost, salt, &key).to_vec())
            }
            Self::Scrypt {
                log_n,
                r,
                p,
                salt,
                key_len,
                ..
            } => {
                let params = scrypt::Params::new(*log_n, *r, *p, 10).ok()?;
                let mut out = vec![0u8; *key_len];
                scrypt::scrypt(password, salt, &params, &mut out).ok()?;
                Some(out)
            }
            Self::FirebaseScrypt {
                mem_cost,
                rounds,
                salt,
                separator,
                signer_key,
            } => {
                let params = scrypt::Params::new(*mem_cost, *rounds, 1, 32).ok()?;
                let mut full_salt = salt.clone();
                full_salt.extend_from_slice(separator);
                let mut key = [0u8; 32];
                scrypt::scrypt(password, &full_salt, &params, &mut key).ok()?;
                let mut out = signer_key.clone();
                let mut cipher = Ctr128BE::<Aes256>::new((&key).into(), &[0u8; 16].into());
                cipher.apply_keystream(&mut out);
                Some(out)
            }
            Self::Pbkdf2 {
                prf,
                iterations,
                salt,
                key_len,
            } => {
                let mut out = vec![0u8; *key_len];
                match prf {
                    Prf::Sha1 => {
                        pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, *iterations, &mut out)
                    }
                    Prf::Sha256 => {
                        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, *iterations, &mut out);
                    }
                    Prf::Sha512 => {
                        pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, *iterations, &mut out);
                    }
                }
                Some(out)
            }
            Self::Argon2 {
                variant,
                version,
                m,
                t,
                p,
                salt,
                data,
                key_len,
            } => {
                let mut builder = argon2::ParamsBuilder::new();
                builder
                    .m_cost(*m)
                    .t_cost(*t)
                    .p_cost(*p)
                    .output_len(*key_len);
                if !data.is_empty() {
                    builder.data(argon2::AssociatedData::new(data).ok()?);
                }
                let params = builder.build().ok()?;
                let alg = match variant {
                    ArgonType::D => argon2::Algorithm::Argon2d,
                    ArgonType::I => argon2::Algorithm::Argon2i,
                    ArgonType::Id => argon2::Algorithm::Argon2id,
                };
                let v = if *version == 16 {
                    argon2::Version::V0x10
                } else {
                    argon2::Version::V0x13
                };
                let mut out = vec![0u8; *key_len];
                argon2::Argon2::new(alg, v, params)
                    .hash_password_into(password, salt, &mut out)
                    .ok()?;
                Some(out)
            }
        }
    }

    /// Every accepted textual form of the record for `password`, or `None`
    /// where a primitive is missing. `flip` flips that bit (modulo the
    /// digest's size) of the derived digest before formatting; `variety`
    /// picks among equivalent spellings (config aliases, dialects) so that
    /// runs cover them all without multiplying the forms.
    #[must_use]
    pub fn forms(
        &self,
        password: &[u8],
        bcrypt: Option<BcryptRaw>,
        flip: Option<u64>,
        variety: u64,
    ) -> Option<Vec<Form>> {
        let flipped = |mut d: Vec<u8>| {
            if let Some(bit) = flip {
                let bits = (d.len() as u64).saturating_mul(8).max(1);
                let bit = bit % bits;
                if let Some(b) = d.get_mut(usize::try_from(bit / 8).unwrap_or(0)) {
                    *b ^= 1 << (bit % 8);
                }
            }
            d
        };
        let digest = flipped(self.derive(password, bcrypt, false)?);
        let mut out = Vec::new();
        let pick = |i: usize, n: usize| {
            usize::try_from(variety.wrapping_add(i as u64) % n as u64).unwrap_or(0)
        };
        match self {
            Self::Bcrypt { cost, salt } => {
                let no_nul = flipped(self.derive(password, bcrypt, true)?);
                let ascii = password.iter().all(|b| *b < 0x80);
                let minors: &[&str] = if ascii {
                    &["2a", "2b", "2y", "2x", "2"]
                } else {
                    &["2a", "2b", "2y", "2"]
                };
                for (i, minor) in minors.iter().enumerate() {
                    let d = if *minor == "2" { &no_nul } else { &digest };
                    let head = format!("${minor}${cost:02}$");
                    let s = bcrypt_b64(salt);
                    let h = bcrypt_b64(d.get(..23).unwrap_or(d));
                    let spans = vec![
                        (head.len()..head.len() + s.len(), Alphabet::Bcrypt),
                        (
                            head.len() + s.len()..head.len() + s.len() + h.len(),
                            Alphabet::Bcrypt,
                        ),
                    ];
                    let config = NO_CONFIG[pick(i, NO_CONFIG.len())];
                    out.push(Form {
                        label: format!("bcrypt ${minor}$ config {config:?}"),
                        hash: format!("{head}{s}{h}"),
                        config: config.map(str::to_owned),
                        spans,
                        may_be_ambiguous: false,
                    });
                }
            }
            Self::Scrypt {
                log_n,
                r,
                p,
                salt,
                key_len,
                separator,
            } => {
                let n = 1u64 << log_n;
                let salt_text = std::str::from_utf8(salt).ok();
                // Frontegg: one form per key encoding, the salt encoding and
                // the explicitness of keyEncoding varying with `variety`.
                let key_encodings: [(&str, Alphabet, Option<B64>); 6] = [
                    ("hex", Alphabet::HexLower, None),
                    ("hex", Alphabet::HexUpper, None),
                    ("base64", Alphabet::Std, Some(B64::Std)),
                    ("base64", Alphabet::Std, Some(B64::StdPad)),
                    ("base64", Alphabet::Url, Some(B64::Url)),
                    ("base64", Alphabet::Url, Some(B64::UrlPad)),
                ];
                for (i, (enc_name, alphabet, b64)) in key_encodings.into_iter().enumerate() {
                    let key_text = match b64 {
                        Some(d) => d.encode(&digest),
                        None => hex(&digest, alphabet == Alphabet::HexUpper),
                    };
                    let salt_choice = pick(i, 3);
                    let (salt_enc, salt_field, salt_alphabet) = match (salt_choice, salt_text) {
                        (0, Some(t)) => (None, t.to_owned(), None),
                        (1, _) => (
                            Some("hex"),
                            hex(salt, i % 2 == 0),
                            Some(if i % 2 == 0 {
                                Alphabet::HexUpper
                            } else {
                                Alphabet::HexLower
                            }),
                        ),
                        _ => {
                            let d = B64::ALL[pick(i, 4)];
                            (Some("base64"), d.encode(salt), Some(d.alphabet()))
                        }
                    };
                    let explicit = pick(i, 2) == 1;
                    let mut cfg = Map::new();
                    let alias =
                        |canonical: &'static str, aliases: &[&'static str], k: usize| -> String {
                            let all: Vec<&str> = std::iter::once(canonical)
                                .chain(aliases.iter().copied())
                                .collect();
                            all.get(pick(k, all.len()))
                                .copied()
                                .unwrap_or(canonical)
                                .to_owned()
                        };
                    let number = |v: u64, k: usize| -> Value {
                        if pick(k, 3) == 0 {
                            Value::String(v.to_string())
                        } else {
                            Value::from(v)
                        }
                    };
                    cfg.insert(
                        alias("saltSeparator", &["salt_separator"], i),
                        Value::String(separator.clone()),
                    );
                    cfg.insert(alias("N", &["n", "cost"], i + 1), number(n, i));
                    cfg.insert(
                        alias("r", &["blockSize"], i + 2),
                        number(u64::from(*r), i + 1),
                    );
                    cfg.insert(
                        alias("p", &["parallelization"], i + 3),
                        number(u64::from(*p), i + 2),
                    );
                    cfg.insert(
                        alias("keyLen", &["keylen", "dkLen"], i + 4),
                        number(*key_len as u64, i + 3),
                    );
                    if let Some(e) = salt_enc {
                        cfg.insert("saltEncoding".to_owned(), Value::String(e.to_owned()));
                    } else if pick(i, 4) == 0 {
                        cfg.insert("saltEncoding".to_owned(), Value::String("utf8".to_owned()));
                    }
                    if explicit {
                        cfg.insert("keyEncoding".to_owned(), Value::String(enc_name.to_owned()));
                    }
                    let safe_separator = separator
                        .chars()
                        .last()
                        .is_some_and(|c| !c.is_ascii_alphanumeric() && !"+/=-_".contains(c));
                    let mut spans = Vec::new();
                    if let Some(a) = salt_alphabet {
                        spans.push((0..salt_field.len(), a));
                    }
                    let key_start = salt_field.len() + separator.len();
                    spans.push((key_start..key_start + key_text.len(), alphabet));
                    out.push(Form {
                        label: format!(
                            "scrypt frontegg key {enc_name} {alphabet:?} {b64:?} explicit={explicit} salt {salt_enc:?}"
                        ),
                        hash: format!("{salt_field}{separator}{key_text}"),
                        config: Some(Value::Object(cfg).to_string()),
                        spans,
                        may_be_ambiguous: !explicit && !safe_separator,
                    });
                }
                // PHC.
                for (i, d) in [B64::ALL[pick(0, 4)], B64::ALL[pick(1, 4)]]
                    .into_iter()
                    .enumerate()
                {
                    let head = format!("$scrypt$ln={log_n},r={r},p={p}$");
                    let s = d.encode(salt);
                    let k = d.encode(&digest);
                    let config = NO_CONFIG[pick(i, 3)];
                    out.push(Form::dollar(
                        format!("scrypt phc {d:?} config {config:?}"),
                        &head,
                        &s,
                        &k,
                        d.alphabet(),
                        config,
                    ));
                }
            }
            Self::FirebaseScrypt {
                mem_cost,
                rounds,
                salt,
                separator,
                signer_key,
            } => {
                for i in 0..4 {
                    let d = B64::ALL[pick(i, 4)];
                    let sep_text = B64::ALL[pick(i + 1, 4)].encode(separator);
                    let mut cfg = Map::new();
                    let key = |canonical: &str, aliases: &[&str], k: usize| -> String {
                        let all: Vec<&str> = std::iter::once(canonical)
                            .chain(aliases.iter().copied())
                            .collect();
                        all.get(pick(k, all.len()))
                            .copied()
                            .unwrap_or(canonical)
                            .to_owned()
                    };
                    cfg.insert(
                        key("memCost", &["mem_cost", "memoryCost"], i),
                        Value::from(*mem_cost),
                    );
                    cfg.insert("rounds".to_owned(), Value::from(*rounds));
                    cfg.insert(
                        key(
                            "saltSeparator",
                            &["base64_salt_separator", "salt_separator"],
                            i + 1,
                        ),
                        Value::String(sep_text.clone()),
                    );
                    cfg.insert(
                        key(
                            "signerKey",
                            &["base64_signer_key", "signer_key", "key"],
                            i + 2,
                        ),
                        Value::String(B64::ALL[pick(i + 2, 4)].encode(signer_key)),
                    );
                    if pick(i, 3) == 0 {
                        cfg.insert("algorithm".to_owned(), Value::String("SCRYPT".to_owned()));
                    }
                    let h = d.encode(&digest);
                    if i % 2 == 0 || salt.is_empty() {
                        cfg.insert(
                            "salt".to_owned(),
                            Value::String(B64::ALL[pick(i + 3, 4)].encode(salt)),
                        );
                        out.push(Form {
                            label: format!("firebase salt in config, hash {d:?}"),
                            spans: vec![(0..h.len(), d.alphabet())],
                            hash: h,
                            config: Some(Value::Object(cfg).to_string()),
                            may_be_ambiguous: false,
                        });
                    } else {
                        let sd = B64::ALL[pick(i + 3, 4)];
                        let s = sd.encode(salt);
                        let start = s.len() + sep_text.len();
                        out.push(Form {
                            label: format!(
                                "firebase salt in hash {sd:?}, separator {sep_text:?}, hash {d:?}"
                            ),
                            spans: vec![
                                (0..s.len(), sd.alphabet()),
                                (start..start + h.len(), d.alphabet()),
                            ],
                            hash: format!("{s}{sep_text}{h}"),
                            config: Some(Value::Object(cfg).to_string()),
                            may_be_ambiguous: false,
                        });
                    }
                }
            }
            Self::Pbkdf2 {
                prf,
                iterations,
                salt,
                key_len,
            } => {
                let (phc_ids, passlib_id, django_id, names): (&[&str], &str, &str, &[&str]) =
                    match prf {
                        Prf::Sha1 => (
                            &["pbkdf2", "pbkdf2-sha1"],
                            "pbkdf2",
                            "pbkdf2_sha1",
                            &["sha1", "SHA1", "sha-1"],
                        ),
                        Prf::Sha256 => (
                            &["pbkdf2-sha256"],
                            "pbkdf2-sha256",
                            "pbkdf2_sha256",
                            &["sha256", "SHA-256", "Sha256"],
                        ),
                        Prf::Sha512 => (
                            &["pbkdf2-sha512"],
                            "pbkdf2-sha512",
                            "pbkdf2_sha512",
                            &["sha512", "SHA-512", "sha-512"],
                        ),
                    };
                // PHC, with and without l=.
                for (i, with_l) in [false, true].into_iter().enumerate() {
                    let id = phc_ids
                        .get(pick(i, phc_ids.len()))
                        .copied()
                        .unwrap_or("pbkdf2");
                    let d = B64::ALL[pick(i, 4)];
                    let params = if with_l {
                        format!("i={iterations},l={key_len}")
                    } else {
                        format!("i={iterations}")
                    };
                    let head = format!("${id}${params}$");
                    let s = d.encode(salt);
                    let h = d.encode(&digest);
                    let config = NO_CONFIG[pick(i, 4)];
                    out.push(Form::dollar(
                        format!("pbkdf2 phc {id} l={with_l} {d:?} config {config:?}"),
                        &head,
                        &s,
                        &h,
                        d.alphabet(),
                        config,
                    ));
                }
                // passlib: checksum of the digest's size only.
                if *key_len == prf.output_len() {
                    let head = format!("${passlib_id}${iterations}$");
                    let s = base64_with(salt, AB64, false);
                    let h = base64_with(&digest, AB64, false);
                    out.push(Form::dollar(
                        format!("pbkdf2 passlib {passlib_id}"),
                        &head,
                        &s,
                        &h,
                        Alphabet::Ab64,
                        None,
                    ));
                }
                // Django: a text salt without `$`, a hash of the digest's size.
                if let Some(text) = std::str::from_utf8(salt)
                    .ok()
                    .filter(|t| !t.contains('$') && *key_len == prf.output_len())
                {
                    let d = B64::ALL[pick(3, 4)];
                    let head = format!("{django_id}${iterations}${text}$");
                    let h = d.encode(&digest);
                    out.push(Form {
                        label: format!("pbkdf2 django {django_id} {d:?}"),
                        spans: vec![(head.len()..head.len() + h.len(), d.alphabet())],
                        hash: format!("{head}{h}"),
                        config: None,
                        may_be_ambiguous: false,
                    });
                }
                // Raw hash with a config: hex and base64, encodings implicit
                // or explicit, salt as text, hex or base64.
                for i in 0..4 {
                    let (hash_text, alphabet, enc) = match pick(i, 6) {
                        0 => (hex(&digest, false), Alphabet::HexLower, "hex"),
                        1 => (hex(&digest, true), Alphabet::HexUpper, "hex"),
                        k => {
                            let d = B64::ALL[k - 2];
                            (d.encode(&digest), d.alphabet(), "base64")
                        }
                    };
                    let mut cfg = Map::new();
                    let name = names.get(pick(i, names.len())).copied().unwrap_or("sha1");
                    let key = |canonical: &str, aliases: &[&str], k: usize| -> String {
                        let all: Vec<&str> = std::iter::once(canonical)
                            .chain(aliases.iter().copied())
                            .collect();
                        all.get(pick(k, all.len()))
                            .copied()
                            .unwrap_or(canonical)
                            .to_owned()
                    };
                    cfg.insert(
                        key("digest", &["algorithm", "hash"], i),
                        Value::String(name.to_owned()),
                    );
                    let iters = if pick(i, 3) == 0 {
                        Value::String(iterations.to_string())
                    } else {
                        Value::from(*iterations)
                    };
                    cfg.insert(
                        key("iterations", &["rounds", "iteration_amount"], i + 1),
                        iters,
                    );
                    match (pick(i + 1, 3), std::str::from_utf8(salt)) {
                        (0, Ok(text)) => {
                            cfg.insert("salt".to_owned(), Value::String(text.to_owned()));
                        }
                        (1, _) => {
                            cfg.insert("salt".to_owned(), Value::String(hex(salt, false)));
                            cfg.insert("saltEncoding".to_owned(), Value::String("hex".to_owned()));
                        }
                        _ => {
                            cfg.insert(
                                "salt".to_owned(),
                                Value::String(B64::ALL[pick(i, 4)].encode(salt)),
                            );
                            cfg.insert(
                                "saltEncoding".to_owned(),
                                Value::String("base64".to_owned()),
                            );
                        }
                    }
                    if *key_len != prf.output_len() || pick(i, 2) == 0 {
                        cfg.insert(
                            key("keyLen", &["keylen", "dkLen", "key_length"], i + 2),
                            Value::from(*key_len as u64),
                        );
                    }
                    if pick(i + 1, 2) == 0 {
                        cfg.insert("hashEncoding".to_owned(), Value::String(enc.to_owned()));
                    }
                    out.push(Form {
                        label: format!("pbkdf2 raw {enc} {alphabet:?} config {cfg:?}"),
                        spans: vec![(0..hash_text.len(), alphabet)],
                        hash: hash_text,
                        config: Some(Value::Object(cfg).to_string()),
                        may_be_ambiguous: false,
                    });
                }
            }
            Self::Argon2 {
                variant,
                version,
                m,
                t,
                p,
                salt,
                data,
                ..
            } => {
                let id = match variant {
                    ArgonType::D => "argon2d",
                    ArgonType::I => "argon2i",
                    ArgonType::Id => "argon2id",
                };
                let mut versions = vec![format!("v={version}$")];
                if *version == 16 {
                    versions.push(String::new());
                }
                for (i, v) in versions.iter().enumerate() {
                    for j in 0..2 {
                        let d = B64::ALL[pick(i * 2 + j, 4)];
                        let data_param = if data.is_empty() {
                            String::new()
                        } else {
                            format!(",data={}", B64::ALL[pick(j, 4)].encode(data))
                        };
                        let head = format!("${id}${v}m={m},t={t},p={p}{data_param}$");
                        let s = d.encode(salt);
                        let h = d.encode(&digest);
                        let config = NO_CONFIG[pick(i + j, 4)];
                        out.push(Form::dollar(
                            format!("argon2 {id} {v:?} {d:?} config {config:?}"),
                            &head,
                            &s,
                            &h,
                            d.alphabet(),
                            config,
                        ));
                    }
                }
            }
        }
        Some(out)
    }
}

/// A password that the record must not accept: one bit flipped inside the
/// part the algorithm reads (bcrypt's first 72 bytes), or `x` for an empty
/// password. Never a trailing NUL, which HMAC keys cannot tell apart.
#[must_use]
pub fn wrong_password(algorithm: Algorithm, password: &[u8], tweak: u64) -> Vec<u8> {
    let significant = if algorithm == Algorithm::Bcrypt {
        password.len().min(72)
    } else {
        password.len()
    };
    if significant == 0 {
        return b"x".to_vec();
    }
    let mut out = password.to_vec();
    let bit = tweak % (significant as u64 * 8);
    if let Some(b) = out.get_mut(usize::try_from(bit / 8).unwrap_or(0)) {
        *b ^= 1 << (bit % 8);
    }
    out
}

/// Replaces the character at byte `at` of `text` (inside an encoded span)
/// by another of the same alphabet that encodes a different value (for hex,
/// not merely the other case) in its `used_bits` high bits (6 for base64 but
/// for bcrypt's last characters, whose low bits hashport ignores by design,
/// as crypt(3)'s decoder and passlib do). `None` for a padding character.
fn mutate_char(
    text: &str,
    at: usize,
    alphabet: Alphabet,
    used_bits: u32,
    tweak: u64,
) -> Option<String> {
    let bytes = text.as_bytes();
    let old = *bytes.get(at)?;
    let chars = alphabet.chars();
    let pos = chars.iter().position(|c| *c == old)?;
    let n = chars.len();
    let width = if n == 16 { 4 } else { 6 };
    let ignored = width - used_bits.min(width);
    let start = usize::try_from(tweak % n as u64).unwrap_or(0);
    let new = (0..n)
        .map(|k| (start + k) % n)
        .find(|&k| k >> ignored != pos >> ignored)
        .and_then(|k| chars.get(k).copied())?;
    let mut out = bytes.to_vec();
    *out.get_mut(at)? = new;
    String::from_utf8(out).ok()
}

fn run(
    algorithm: Algorithm,
    form: &Form,
    password: &[u8],
    limits: &Limits,
) -> Result<Outcome, Error> {
    crate::verify(
        &Record::new(algorithm.as_str(), &form.hash, form.config.as_deref()),
        password,
        limits,
    )
}

/// Hashes `password` by the reference path into every form, and checks with
/// [`crate::verify`] that each form matches; that a wrong password, a
/// flipped digest bit and a changed character of an encoded salt or digest
/// do not. Returns the number of forms checked, or a description of the
/// first failure. Passwords containing NUL (bcrypt) or over the length
/// limit must give their errors instead.
///
/// # Errors
/// A description of the first check that failed.
pub fn check_roundtrip(
    spec: &Spec,
    password: &[u8],
    bcrypt: Option<BcryptRaw>,
    tweak: u64,
    limits: &Limits,
) -> Result<usize, String> {
    let algorithm = spec.algorithm();
    let Some(forms) = spec.forms(password, bcrypt, None, tweak) else {
        return Ok(0);
    };
    let flipped = spec
        .forms(password, bcrypt, Some(tweak.rotate_left(17)), tweak)
        .ok_or("flipped forms")?;
    if flipped.len() != forms.len() {
        return Err("flipped forms differ in number".to_owned());
    }
    let expected_error = if password.len() > limits.max_password_len {
        Some("password_too_long")
    } else if algorithm == Algorithm::Bcrypt && password.contains(&0) {
        Some("password_contains_nul")
    } else {
        None
    };
    let wrong = wrong_password(algorithm, password, tweak);
    for (i, (form, bad)) in forms.iter().zip(&flipped).enumerate() {
        let describe = |what: &str, got: &Result<Outcome, Error>, f: &Form| {
            format!(
                "{what}: {} form {:?} hash {:?} config {:?} password {:?}: got {got:?}",
                algorithm,
                f.label,
                f.hash,
                f.config,
                String::from_utf8_lossy(password)
            )
        };
        let got = run(algorithm, form, password, limits);
        match (&got, expected_error) {
            (Err(e), Some(kind)) if e.kind() == kind => continue,
            (_, Some(kind)) => return Err(describe(&format!("expected {kind}"), &got, form)),
            (Ok(Outcome::Match), None) => {}
            (Err(Error::InvalidHash { .. }), None) if form.may_be_ambiguous => continue,
            (_, None) => return Err(describe("expected a match", &got, form)),
        }
        let got = run(algorithm, form, &wrong, limits);
        if matches!(got, Ok(Outcome::Match)) {
            return Err(describe(
                &format!(
                    "wrong password {:?} matched",
                    String::from_utf8_lossy(&wrong)
                ),
                &got,
                form,
            ));
        }
        let got = run(algorithm, bad, password, limits);
        if matches!(got, Ok(Outcome::Match)) {
            return Err(describe("a flipped digest bit matched", &got, bad));
        }
        for (k, (span, alphabet)) in form.spans.iter().enumerate() {
            if span.is_empty() {
                continue;
            }
            let t = tweak
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .wrapping_add((i * 7 + k) as u64);
            let at = span.start + usize::try_from(t % span.len() as u64).unwrap_or(0);
            // The last data character of a span carries the unused bits of
            // an unpadded encoding; try it too.
            let last = span
                .clone()
                .rev()
                .find(|&j| form.hash.as_bytes().get(j) != Some(&b'='))
                .unwrap_or(at);
            for at in [at, last] {
                // bcrypt's last characters carry unused low bits (4 in the
                // salt, 2 in the hash) that the decoder ignores.
                let used = if *alphabet == Alphabet::Bcrypt && at + 1 == span.end {
                    6 - u32::try_from(span.len() * 6 % 8).unwrap_or(0)
                } else {
                    6
                };
                let Some(hash) = mutate_char(&form.hash, at, *alphabet, used, t >> 8) else {
                    continue;
                };
                let mutated = Form {
                    hash,
                    ..form.clone()
                };
                let got = run(algorithm, &mutated, password, limits);
                if matches!(got, Ok(Outcome::Match)) {
                    return Err(describe(
                        &format!(
                            "changing character {at} of the hash ({alphabet:?}) still matched"
                        ),
                        &got,
                        &mutated,
                    ));
                }
            }
        }
    }
    Ok(forms.len())
}

// ---------------------------------------------------------------------------
// Decoding checks shared by the targets

/// The largest `memory()` and `work()` a verifier decoded under `limits`
/// can have, derived from the limits alone.
#[must_use]
pub fn bounds(algorithm: Algorithm, limits: &Limits) -> (u64, u64) {
    let scrypt_nr = limits.scrypt_max_memory / 128;
    let scrypt_memory = limits.scrypt_max_memory.saturating_add(
        128 * limits.scrypt_max_r.max(limits.firebase_max_rounds) * limits.scrypt_max_p,
    );
    // Every estimate includes the fixed per-verification overhead.
    let overhead = Verifier::OVERHEAD_BYTES;
    let (memory, work) = match algorithm {
        Algorithm::Bcrypt => (64 << 10, 1u64 << limits.bcrypt_max_cost.min(63)),
        Algorithm::Scrypt => (scrypt_memory, scrypt_nr.saturating_mul(limits.scrypt_max_p)),
        Algorithm::FirebaseScrypt => (scrypt_memory, scrypt_nr),
        Algorithm::Pbkdf2 => (0, limits.pbkdf2_max_work),
        Algorithm::Argon2 => (
            limits.argon2_max_m_kib.saturating_mul(1024),
            limits.argon2_max_m_kib.saturating_mul(limits.argon2_max_t),
        ),
    };
    (memory.saturating_add(overhead), work)
}

/// Panics if a decoded verifier is outside what `limits` allow: its memory
/// and work against the per-parameter limits, and its cost estimate
/// against the time budget.
pub fn assert_bounded(verifier: &Verifier, limits: &Limits) {
    let (memory, work) = bounds(verifier.algorithm(), limits);
    assert!(
        verifier.memory() <= memory && verifier.work() <= work,
        "decoded {verifier:?} needs memory {} (bound {memory}) and work {} (bound {work})",
        verifier.memory(),
        verifier.work()
    );
    #[allow(clippy::cast_precision_loss, reason = "a bound on an estimate")]
    let budget = limits.max_verify_millis as f64;
    assert!(
        verifier.estimated_millis().ceil() <= budget,
        "decoded {verifier:?} is estimated at {} ms, over the budget of {budget}",
        verifier.estimated_millis()
    );
}

/// Runs a verification when it is cheap (a few thousand units of work and
/// at most 4 MiB), checking that a decoded verifier never fails with an
/// internal error (parameters the primitive refuses after decode accepted
/// them).
pub fn verify_if_cheap(verifier: &Verifier) {
    let cheap = match verifier.algorithm() {
        Algorithm::Bcrypt => verifier.work() <= 1 << 6,
        _ => verifier.work() <= 4096,
    } && verifier.memory() <= 4 << 20;
    if cheap {
        for password in [&b"password"[..], b"", &[0xff; 80]] {
            let got = verifier.verify(password);
            assert!(
                !matches!(got, Err(Error::Internal(_))),
                "decoded {verifier:?} fails to verify: {got:?}"
            );
        }
    }
}

fn decode_checked(record: &Record<'_>, limits: &Limits) {
    match record.decode(limits) {
        Ok(v) => {
            assert_eq!(v.algorithm().as_str(), record.password_hash_type);
            assert_bounded(&v, limits);
            verify_if_cheap(&v);
        }
        Err(e) => {
            assert!(
                !matches!(e, Error::Internal(_)),
                "internal error decoding {record:?}: {e:?}"
            );
            assert!(!e.to_string().is_empty());
        }
    }
}

// ---------------------------------------------------------------------------
// Targets

/// Splits fuzz bytes into a record: the first byte picks the type (one of
/// the five, or text up to the first NUL), the rest is `hash`, then after a
/// NUL the config (absent without one). Lossy UTF-8.
#[must_use]
pub fn split_record(data: &[u8]) -> (String, String, Option<String>) {
    let (first, rest) = data.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
    // first % (types + 3) names a type, or (the last 3) spells one as text.
    let (ty, rest) = match Algorithm::ALL.get(usize::from(first) % (Algorithm::ALL.len() + 3)) {
        Some(algorithm) => (algorithm.as_str().to_owned(), rest),
        None => {
            let end = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
            let (t, r) = rest.split_at(end);
            (
                String::from_utf8_lossy(t).into_owned(),
                r.get(1..).unwrap_or(&[]),
            )
        }
    };
    let text = String::from_utf8_lossy(rest);
    let (hash, config) = match text.split_once('\0') {
        Some((h, c)) => (h.to_owned(), Some(c.to_owned())),
        None => (text.into_owned(), None),
    };
    (ty, hash, config)
}

/// `decode` target: arbitrary bytes as a record. Decoding must not panic,
/// must not fail internally, and a decoded verifier must be within the
/// default limits (so decoding did no hashing: over-limit costs were
/// refused before any work). Cheap verifiers are also run.
pub fn decode(data: &[u8]) {
    let (ty, hash, config) = split_record(data);
    decode_checked(
        &Record::new(&ty, &hash, config.as_deref()),
        &Limits::default(),
    );
}

/// `verify` target: a reference record with tiny costs from fuzz bytes,
/// hashed by the primitive crates, formatted into every accepted form; each
/// must match, and mutations must not. `bcrypt` is the independent bcrypt
/// (without it, bcrypt specs are skipped).
///
/// # Panics
/// On a failed check: that is the finding.
pub fn verify(data: &[u8], bcrypt: Option<BcryptRaw>) {
    let mut input = Bytes::new(data);
    let spec = Spec::tiny(&mut input);
    let tweak = u64::from(input.range(0, u32::MAX));
    let password = input.rest();
    let password = password.get(..300).unwrap_or(password);
    if let Err(failure) = check_roundtrip(&spec, password, bcrypt, tweak, &Limits::default()) {
        // A finding: panicking is how a fuzz target reports one.
        panic!("{failure}\nspec: {spec:?}");
    }
}

/// A valid-looking `passwordHash` of each type and shape for the `config`
/// target, plus the empty string.
const CONFIG_HASHES: &[(&str, &str)] = &[
    (
        "bcrypt",
        "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
    ),
    ("scrypt", "salt:0123456789abcdef0123456789abcdef"),
    (
        "scrypt",
        "salt:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ),
    (
        "scrypt",
        "c2FsdA==$ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8=",
    ),
    (
        "scrypt",
        "$scrypt$ln=4,r=1,p=1$c2FsdA$ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8",
    ),
    (
        "firebase-scrypt",
        "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==",
    ),
    (
        "firebase-scrypt",
        "42xEC+ixf3L2lw==Bw==lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==",
    ),
    ("pbkdf2", "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
    ("pbkdf2", "DGDID5YfDnHzqbUkr2ASBi/gN6Y="),
    (
        "pbkdf2",
        "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
    ),
    (
        "pbkdf2",
        "$pbkdf2-sha256$i=1,l=32$c2FsdA$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs",
    ),
    (
        "argon2",
        "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$ASNFZ4mrze8BI0VniavN7w",
    ),
];

/// `config` target: arbitrary text as `passwordHashConfig` for every type
/// and hash shape. No panic, no internal error, bounded verifiers.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let limits = Limits::default();
    let empty = Algorithm::ALL.map(|a| (a.as_str(), ""));
    for (ty, hash) in CONFIG_HASHES.iter().chain(&empty) {
        let record = Record::new(ty, hash, Some(&text));
        decode_checked(&record, &limits);
    }
}

/// Limits for the `cli_line` target: the defaults, with costs capped low so
/// that a fuzzed record of realistic cost does not slow every execution to
/// seconds. The default bounds themselves are the `decode` target's job.
#[must_use]
pub fn cheap_limits() -> Limits {
    Limits {
        bcrypt_max_cost: 6,
        scrypt_max_n: 1 << 10,
        scrypt_max_memory: 1 << 20,
        firebase_max_mem_cost: 10,
        pbkdf2_max_iterations: 20_000,
        pbkdf2_max_work: 20_000,
        argon2_max_m_kib: 1024,
        argon2_max_t: 4,
        ..Limits::DEFAULT
    }
}

/// Whether `kind` is an `error.kind` value of the contract: the library's
/// [`Error::KINDS`] or the command line's own.
#[must_use]
pub fn is_documented_kind(kind: &str) -> bool {
    Error::KINDS.contains(&kind) || crate::cli::contract::CLI_KINDS.contains(&kind)
}

/// Checks one output line of `hashport verify` against the contract:
/// a single line of JSON, an object with exactly `line` (= `line_no`),
/// `outcome`, and `error` `{kind, message}` only on errors, with a
/// documented kind (never `internal`).
///
/// # Errors
/// What is wrong with the line.
pub fn check_output_line(out: &str, line_no: u64) -> Result<&'static str, String> {
    if out.contains(['\n', '\r']) {
        return Err(format!("output is not one line: {out:?}"));
    }
    let v: Value =
        serde_json::from_str(out).map_err(|e| format!("output is not JSON ({e}): {out:?}"))?;
    let obj = v
        .as_object()
        .ok_or_else(|| format!("output is not an object: {out}"))?;
    if obj.get("line").and_then(Value::as_u64) != Some(line_no) {
        return Err(format!("wrong line number: {out}"));
    }
    let outcome = match obj.get("outcome").and_then(Value::as_str) {
        Some("match") => "match",
        Some("mismatch") => "mismatch",
        Some("error") => "error",
        _ => return Err(format!("bad outcome: {out}")),
    };
    if outcome == "error" {
        let err = obj
            .get("error")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("error outcome without an error object: {out}"))?;
        let kind = err.get("kind").and_then(Value::as_str).unwrap_or("");
        if !is_documented_kind(kind) {
            return Err(format!("undocumented error kind: {out}"));
        }
        if err
            .get("message")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
            || err.len() != 2
        {
            return Err(format!("error object is not {{kind, message}}: {out}"));
        }
        if obj.len() != 3 {
            return Err(format!("unexpected members: {out}"));
        }
    } else if outcome == "match" && obj.len() == 3 {
        let up = obj
            .get("upgrade")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("unexpected members: {out}"))?;
        let ok = up.len() == 3
            && up.get("passwordHashType").is_some_and(Value::is_string)
            && up.get("passwordHash").is_some_and(Value::is_string)
            && up
                .get("passwordHashConfig")
                .is_some_and(|c| c.is_null() || c.is_string());
        if !ok {
            return Err(format!("upgrade is not a record: {out}"));
        }
    } else if obj.len() != 2 {
        return Err(format!("unexpected members: {out}"));
    }
    Ok(outcome)
}

/// The engine of the `cli_line` target: [`cheap_limits`], and a tiny
/// argon2id policy so that upgrades on a match cost microseconds.
///
/// # Panics
/// If the engine cannot be built.
pub fn cheap_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(
            Policy::Argon2id {
                m_kib: 8,
                t: 1,
                p: 1,
            },
            cheap_limits(),
        )
        // Unreachable from input: the policy and limits are constants above.
        .expect("a tiny argon2id policy is within the cheap limits")
    })
}

/// The line-based sources of `convert_line`, by the first byte.
const CONVERT_SOURCES: [(crate::cli::migrate::Source, &str); 5] = [
    (crate::cli::migrate::Source::Auth0, "ndjson"),
    (crate::cli::migrate::Source::Supabase, "jsonl"),
    (crate::cli::migrate::Source::Firebase, "csv"),
    (crate::cli::migrate::Source::Clerk, "csv"),
    (crate::cli::migrate::Source::Django, "csv"),
];

/// `convert_line` target: the first byte picks a line-based source of
/// `hashport convert` (Auth0 NDJSON, Supabase JSON Lines, Firebase CSV,
/// Clerk CSV, Django CSV), the rest is its input. Never panics; every
/// carried object has the migrate-user shape and its record decodes within
/// the limits.
pub fn convert_line(data: &[u8]) {
    let (first, rest) = data.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
    let (source, ext) = CONVERT_SOURCES[usize::from(first) % CONVERT_SOURCES.len()];
    let (carried, _) = crate::cli::migrate::convert_bytes(source, ext, rest);
    for user in carried {
        let text = |k: &str| user.get(k).and_then(Value::as_str).map(str::to_owned);
        assert!(
            text("email").is_some() && text("tenantId").is_some(),
            "{user}"
        );
        let metadata = text("metadata").unwrap_or_default();
        assert!(
            serde_json::from_str::<Value>(&metadata).is_ok(),
            "metadata: {user}"
        );
        if let Some(ty) = text("passwordHashType") {
            let hash = text("passwordHash").unwrap_or_default();
            let config = text("passwordHashConfig");
            let decoded = Record::new(&ty, &hash, config.as_deref()).decode(&cheap_limits());
            assert!(
                decoded.is_ok(),
                "carried a record that does not decode: {decoded:?}"
            );
        }
    }
}

/// `cli_line` target: arbitrary bytes as one input line of `hashport
/// verify`. Never panics; always one line of JSON of the contract's shape.
pub fn cli_line(data: &[u8]) {
    let out = crate::cli::contract::process_line(1, data, cheap_engine());
    if let Err(e) = check_output_line(&out, 1) {
        // A finding: panicking is how a fuzz target reports one.
        panic!("{e}");
    }
}
