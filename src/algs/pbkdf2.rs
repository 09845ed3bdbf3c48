//! `pbkdf2`: PBKDF2-HMAC with SHA-1, SHA-256 or SHA-512.
//!
//! Accepted forms:
//! - PHC: `$pbkdf2$` (SHA-1), `$pbkdf2-sha256$`, `$pbkdf2-sha512$` with
//!   `i=<iterations>[,l=<length>]` and base64 salt and hash (any dialect; the
//!   salt is decoded). A missing `l` means the decoded hash length; a present
//!   one must agree with it.
//! - passlib: the same identifiers with bare decimal rounds
//!   (`$pbkdf2-sha256$29000$<ab64 salt>$<ab64 hash>`).
//! - Django: `pbkdf2_sha256$<iterations>$<salt text>$<base64 hash>` and
//!   `pbkdf2_sha1$...` (the salt is used as its UTF-8 text).
//! - A raw hash (hex or base64) with a config `{ digest, iterations, salt,
//!   saltEncoding?, keyLen?, hashEncoding? }`. The salt is UTF-8 text unless
//!   `saltEncoding` says `hex` or `base64`. Without `hashEncoding`, the
//!   encoding is the one whose decoded length equals `keyLen` (or, without
//!   `keyLen`, the digest size); if both or neither fit, decoding fails and
//!   asks for `hashEncoding`.

use std::fmt;

use zeroize::Zeroizing;

use super::{
    check_digest_len, check_range, check_salt_len, ct_eq, pbkdf2_core, phc_decimal, phc_params,
    split_fields,
};
use crate::config::{Config, Key, expect_no_config};
use crate::encoding::{TextEncoding, decode_ab64, decode_base64, decode_hex};
use crate::{Algorithm, Error, Limits};

const ALG: Algorithm = Algorithm::Pbkdf2;

const KEYS: &[Key] = &[
    ("digest", &["algorithm", "hash"]),
    ("iterations", &["rounds", "iteration_amount"]),
    ("salt", &[]),
    ("saltEncoding", &[]),
    ("keyLen", &["keylen", "dkLen", "key_length"]),
    ("hashEncoding", &[]),
];
const UNKNOWN: &str =
    "unknown key; pbkdf2 accepts digest, iterations, salt, saltEncoding, keyLen, hashEncoding";

/// The HMAC hash function of a PBKDF2 record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Digest {
    /// HMAC-SHA-1.
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl Digest {
    /// Output size in bytes.
    #[must_use]
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha512 => 64,
        }
    }

    /// The name used in configs and PHC identifiers (`sha1`, `sha256`, `sha512`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha512 => "sha512",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().replace('-', "").as_str() {
            "sha1" => Some(Self::Sha1),
            "sha256" => Some(Self::Sha256),
            "sha512" => Some(Self::Sha512),
            _ => None,
        }
    }
}

/// A decoded PBKDF2 record.
#[derive(Clone)]
pub struct Pbkdf2 {
    digest: Digest,
    iterations: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

impl fmt::Debug for Pbkdf2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pbkdf2")
            .field("digest", &self.digest)
            .field("iterations", &self.iterations)
            .field("salt_len", &self.salt.len())
            .field("hash_len", &self.hash.len())
            .finish_non_exhaustive()
    }
}

impl Pbkdf2 {
    /// Decodes a record.
    ///
    /// # Errors
    /// Any [`Error`] naming the field or parameter at fault.
    pub fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
        if hash.contains('$') {
            expect_no_config(config)?;
            if let Some(rest) = hash.strip_prefix('$') {
                Self::decode_dollar(rest, limits)
            } else {
                Self::decode_django(hash, limits)
            }
        } else {
            let text = crate::config::given(config).ok_or(Error::InvalidConfig {
                field: None,
                problem: "missing: a raw pbkdf2 hash needs { digest, iterations, salt }",
            })?;
            Self::decode_raw(hash, text, limits)
        }
    }

    fn build(
        digest: Digest,
        iterations: u64,
        salt: Vec<u8>,
        hash: Vec<u8>,
        limits: &Limits,
    ) -> Result<Self, Error> {
        check_range(
            ALG,
            "iterations",
            iterations,
            1,
            limits.pbkdf2_max_iterations,
        )?;
        check_salt_len(ALG, 0, salt.len(), limits)?;
        check_digest_len(ALG, "hash length", hash.len(), limits)?;
        let blocks = hash.len().div_ceil(digest.output_len()) as u64;
        check_range(
            ALG,
            "iterations*blocks",
            iterations.saturating_mul(blocks),
            1,
            limits.pbkdf2_max_work,
        )?;
        let iterations =
            u32::try_from(iterations).map_err(|_| Error::Internal("iterations exceed u32"))?;
        Ok(Self {
            digest,
            iterations,
            salt,
            hash,
        })
    }

    /// PHC (`i=..,l=..`) and passlib (bare rounds) strings, after the leading `$`.
    fn decode_dollar(rest: &str, limits: &Limits) -> Result<Self, Error> {
        let Some([ident, params, salt, hash]) = split_fields(rest, '$') else {
            return Err(Error::hash(
                "structure",
                "expected $pbkdf2[-sha256|-sha512]$i=..[,l=..]$salt$hash",
            ));
        };
        let digest = match ident {
            "pbkdf2" | "pbkdf2-sha1" => Digest::Sha1,
            "pbkdf2-sha256" => Digest::Sha256,
            "pbkdf2-sha512" => Digest::Sha512,
            other if other.starts_with("pbkdf2-") => {
                return Err(Error::Unsupported {
                    feature: "pbkdf2 digest other than sha1, sha256, sha512",
                });
            }
            _ => {
                return Err(Error::hash(
                    "identifier",
                    "expected pbkdf2, pbkdf2-sha256 or pbkdf2-sha512",
                ));
            }
        };
        if params.contains('=') {
            let (mut i, mut l) = (None, None);
            for (k, v) in phc_params(params)? {
                let slot = match k {
                    "i" => &mut i,
                    "l" => &mut l,
                    _ => return Err(Error::hash("parameters", "unknown pbkdf2 parameter")),
                };
                *slot = Some(phc_decimal("parameters", v)?);
            }
            let i = i.ok_or(Error::hash("parameters", "i is required"))?;
            let salt = decode_base64(salt).ok_or(Error::hash("salt", "not valid base64"))?;
            let hash = decode_base64(hash).ok_or(Error::hash("hash", "not valid base64"))?;
            if let Some(l) = l
                && l != hash.len() as u64
            {
                return Err(Error::hash(
                    "hash",
                    "decoded length differs from the l parameter",
                ));
            }
            Self::build(digest, i, salt, hash, limits)
        } else {
            let rounds = phc_decimal("rounds", params)?;
            let salt = decode_ab64(salt).ok_or(Error::hash("salt", "not valid passlib base64"))?;
            let hash = decode_ab64(hash).ok_or(Error::hash("hash", "not valid passlib base64"))?;
            // passlib always stores a checksum of the digest's size.
            if hash.len() != digest.output_len() {
                return Err(Error::hash("hash", "length differs from the digest size"));
            }
            Self::build(digest, rounds, salt, hash, limits)
        }
    }

    /// Django: `pbkdf2_sha256$<iterations>$<salt text>$<base64 hash>`.
    fn decode_django(hash: &str, limits: &Limits) -> Result<Self, Error> {
        let Some([ident, iterations, salt, hash]) = split_fields(hash, '$') else {
            return Err(Error::hash(
                "structure",
                "expected pbkdf2_sha256$iterations$salt$hash",
            ));
        };
        let digest = match ident {
            "pbkdf2_sha1" => Digest::Sha1,
            "pbkdf2_sha256" => Digest::Sha256,
            "pbkdf2_sha512" => Digest::Sha512,
            _ => {
                return Err(Error::hash(
                    "identifier",
                    "expected $pbkdf2...$ or pbkdf2_sha256$",
                ));
            }
        };
        let iterations = phc_decimal("iterations", iterations)?;
        let hash = decode_base64(hash).ok_or(Error::hash("hash", "not valid base64"))?;
        // Django always stores a hash of the digest's size; a shorter one
        // would match as a prefix of the PBKDF2 output stream.
        if hash.len() != digest.output_len() {
            return Err(Error::hash("hash", "length differs from the digest size"));
        }
        Self::build(digest, iterations, salt.as_bytes().to_vec(), hash, limits)
    }

    fn decode_raw(hash: &str, text: &str, limits: &Limits) -> Result<Self, Error> {
        let cfg = Config::parse(text, KEYS, UNKNOWN)?;
        let digest = Digest::parse(cfg.required_str("digest")?)
            .ok_or(Error::config("digest", "must be sha1, sha256 or sha512"))?;
        let iterations = cfg.required_u64("iterations")?;
        let salt_text = cfg.required_str("salt")?;
        let salt_enc = match cfg.str("saltEncoding")? {
            None => TextEncoding::Utf8,
            Some(name) => TextEncoding::parse(name)
                .ok_or(Error::config("saltEncoding", "must be utf8, hex or base64"))?,
        };
        let salt = salt_enc
            .decode(salt_text)
            .ok_or(Error::config("salt", "not valid in its saltEncoding"))?;
        let key_len = cfg.u64("keyLen")?;
        if let Some(k) = key_len {
            check_range(
                ALG,
                "keyLen",
                k,
                limits.min_digest_len as u64,
                limits.max_digest_len as u64,
            )?;
        }
        let hash_enc = match cfg.str("hashEncoding")? {
            None => None,
            Some(name) => match TextEncoding::parse(name) {
                Some(e @ (TextEncoding::Hex | TextEncoding::Base64)) => Some(e),
                _ => return Err(Error::config("hashEncoding", "must be hex or base64")),
            },
        };
        let want = key_len.unwrap_or(digest.output_len() as u64);
        let hash = match hash_enc {
            Some(TextEncoding::Hex) => {
                decode_hex(hash).ok_or(Error::hash("hash", "not valid hex"))?
            }
            Some(_) => decode_base64(hash).ok_or(Error::hash("hash", "not valid base64"))?,
            None => {
                let hex = decode_hex(hash).filter(|h| h.len() as u64 == want);
                let b64 = decode_base64(hash).filter(|h| h.len() as u64 == want);
                match (hex, b64) {
                    (Some(h), None) | (None, Some(h)) => h,
                    (Some(_), Some(_)) => {
                        return Err(Error::hash(
                            "hash",
                            "reads as both hex and base64; set hashEncoding in the config",
                        ));
                    }
                    (None, None) => {
                        return Err(Error::hash(
                            "hash",
                            "neither hex nor base64 of the expected length; check keyLen or set hashEncoding",
                        ));
                    }
                }
            }
        };
        if key_len.is_some_and(|k| k != hash.len() as u64) {
            return Err(Error::hash("hash", "decoded length differs from keyLen"));
        }
        Self::build(digest, iterations, salt, hash, limits)
    }

    /// Checks a password.
    ///
    /// # Errors
    /// None in practice; the signature matches the other verifiers.
    pub fn verify(&self, password: &[u8]) -> Result<bool, Error> {
        let mut out = Zeroizing::new(vec![0u8; self.hash.len()]);
        derive(self.digest, &mut [self.derivation(password, &mut out)]);
        Ok(ct_eq(&out, &self.hash))
    }

    /// Checks `password` against this record and `other_password` against
    /// `other` together: with the same digest, their chains run side by
    /// side (`pbkdf2_core::pbkdf2_many`), which SHA-NI runs in little more
    /// than the time of one. The results are [`Pbkdf2::verify`]'s.
    pub(crate) fn verify_pair(
        &self,
        password: &[u8],
        other: &Self,
        other_password: &[u8],
    ) -> [Result<bool, Error>; 2] {
        if self.digest != other.digest {
            return [self.verify(password), other.verify(other_password)];
        }
        let mut out = Zeroizing::new(vec![0u8; self.hash.len()]);
        let mut other_out = Zeroizing::new(vec![0u8; other.hash.len()]);
        derive(
            self.digest,
            &mut [
                self.derivation(password, &mut out),
                other.derivation(other_password, &mut other_out),
            ],
        );
        [
            Ok(ct_eq(&out, &self.hash)),
            Ok(ct_eq(&other_out, &other.hash)),
        ]
    }

    /// Whether [`Pbkdf2::verify_pair`] on two records with this digest is
    /// faster than two [`Pbkdf2::verify`]s: SHA-1 and SHA-256 on a CPU with
    /// SHA-NI.
    pub(crate) fn pairs_well(&self) -> Option<Digest> {
        let lanes = match self.digest {
            Digest::Sha1 | Digest::Sha256 => super::sha_ni::Lanes::detect().is_some(),
            Digest::Sha512 => false,
        };
        lanes.then_some(self.digest)
    }

    fn derivation<'a>(
        &'a self,
        password: &'a [u8],
        out: &'a mut [u8],
    ) -> pbkdf2_core::Derivation<'a> {
        pbkdf2_core::Derivation {
            password,
            salt: &self.salt,
            iterations: self.iterations,
            out,
        }
    }

    /// The digest, iteration count and hash length in bytes.
    #[must_use]
    pub fn params(&self) -> (Digest, u32, usize) {
        (self.digest, self.iterations, self.hash.len())
    }

    pub(crate) fn work(&self) -> u64 {
        u64::from(self.iterations)
            .saturating_mul(self.hash.len().div_ceil(self.digest.output_len()) as u64)
    }
}

/// Runs PBKDF2 derivations that share `digest`.
fn derive(digest: Digest, jobs: &mut [pbkdf2_core::Derivation<'_>]) {
    match digest {
        Digest::Sha1 => pbkdf2_core::pbkdf2_many::<pbkdf2_core::Sha1>(jobs),
        Digest::Sha256 => pbkdf2_core::pbkdf2_many::<pbkdf2_core::Sha256>(jobs),
        Digest::Sha512 => pbkdf2_core::pbkdf2_many::<pbkdf2_core::Sha512>(jobs),
    }
}
