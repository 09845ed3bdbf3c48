//! Records as the migration API carries them, and their decoding into a
//! typed [`Verifier`].

use crate::algs::argon2::Argon2;
use crate::algs::bcrypt::Bcrypt;
use crate::algs::firebase_scrypt::FirebaseScrypt;
use crate::algs::pbkdf2::Pbkdf2;
use crate::algs::scrypt::Scrypt;
use crate::{Algorithm, Error, Limits};

/// An imported record: the three fields of the migration API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Record<'a> {
    /// `passwordHashType`: `bcrypt`, `scrypt`, `firebase-scrypt`, `pbkdf2` or `argon2`.
    pub password_hash_type: &'a str,
    /// `passwordHash`.
    pub password_hash: &'a str,
    /// `passwordHashConfig`: stringified JSON, or `None`.
    pub password_hash_config: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// A record from its three fields.
    #[must_use]
    pub const fn new(
        password_hash_type: &'a str,
        password_hash: &'a str,
        password_hash_config: Option<&'a str>,
    ) -> Self {
        Self {
            password_hash_type,
            password_hash,
            password_hash_config,
        }
    }

    /// Decodes the record into a verifier whose every parameter is within
    /// `limits`. No hashing happens here, and nothing here allocates more
    /// than the record's own size.
    ///
    /// # Errors
    /// [`Error::InputTooLarge`] for an over-long hash or config,
    /// [`Error::UnknownType`], or the type's own decoding errors.
    pub fn decode(&self, limits: &Limits) -> Result<Verifier, Error> {
        if self.password_hash.len() > limits.max_hash_len {
            return Err(Error::InputTooLarge {
                field: "passwordHash",
                len: self.password_hash.len(),
                max: limits.max_hash_len,
            });
        }
        if let Some(config) = self.password_hash_config {
            // The API's limit is in characters; a byte count above 4 times the
            // limit cannot be within it, which bounds the counting work.
            let len = if config.len() > limits.max_config_len.saturating_mul(4) {
                config.len()
            } else {
                config.chars().count()
            };
            if len > limits.max_config_len {
                return Err(Error::InputTooLarge {
                    field: "passwordHashConfig",
                    len,
                    max: limits.max_config_len,
                });
            }
        }
        let algorithm: Algorithm = self.password_hash_type.parse()?;
        let (hash, config) = (self.password_hash, self.password_hash_config);
        Ok(match algorithm {
            Algorithm::Bcrypt => Verifier::Bcrypt(Bcrypt::decode(hash, config, limits)?),
            Algorithm::Scrypt => Verifier::Scrypt(Scrypt::decode(hash, config, limits)?),
            Algorithm::FirebaseScrypt => {
                Verifier::FirebaseScrypt(FirebaseScrypt::decode(hash, config, limits)?)
            }
            Algorithm::Pbkdf2 => Verifier::Pbkdf2(Pbkdf2::decode(hash, config, limits)?),
            Algorithm::Argon2 => Verifier::Argon2(Argon2::decode(hash, config, limits)?),
        })
    }
}

/// The result of checking a password against a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The password is the one the record was made from.
    Match,
    /// It is not.
    Mismatch,
}

/// A decoded record, ready to check passwords. Every parameter has been
/// checked against the [`Limits`] it was decoded with.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Verifier {
    /// A bcrypt record.
    Bcrypt(Bcrypt),
    /// A scrypt record.
    Scrypt(Scrypt),
    /// A Firebase scrypt record.
    FirebaseScrypt(FirebaseScrypt),
    /// A PBKDF2 record.
    Pbkdf2(Pbkdf2),
    /// An argon2 record.
    Argon2(Argon2),
}

impl Verifier {
    /// The record's type.
    #[must_use]
    pub const fn algorithm(&self) -> Algorithm {
        match self {
            Self::Bcrypt(_) => Algorithm::Bcrypt,
            Self::Scrypt(_) => Algorithm::Scrypt,
            Self::FirebaseScrypt(_) => Algorithm::FirebaseScrypt,
            Self::Pbkdf2(_) => Algorithm::Pbkdf2,
            Self::Argon2(_) => Algorithm::Argon2,
        }
    }

    /// Checks `password` (raw bytes: no normalisation, since the legacy
    /// system hashed the bytes it was given). Derived keys are compared in
    /// constant time and zeroized.
    ///
    /// The password length is checked by [`crate::verify`] and the engine,
    /// not here.
    ///
    /// # Errors
    /// [`Error::PasswordContainsNul`] for bcrypt, or an internal failure.
    pub fn verify(&self, password: &[u8]) -> Result<Outcome, Error> {
        let ok = match self {
            Self::Bcrypt(v) => v.verify(password)?,
            Self::Scrypt(v) => v.verify(password)?,
            Self::FirebaseScrypt(v) => v.verify(password)?,
            Self::Pbkdf2(v) => v.verify(password)?,
            Self::Argon2(v) => v.verify(password)?,
        };
        Ok(if ok {
            Outcome::Match
        } else {
            Outcome::Mismatch
        })
    }

    /// Estimated peak memory of one verification, in bytes: the
    /// algorithm's working memory plus [`Verifier::OVERHEAD_BYTES`] for
    /// buffers, digests and stack, so that estimates err on the high side.
    #[must_use]
    pub fn memory(&self) -> u64 {
        let working = match self {
            Self::Bcrypt(v) => v.memory(),
            Self::Scrypt(v) => v.memory(),
            Self::FirebaseScrypt(v) => v.memory(),
            Self::Pbkdf2(_) => 0,
            Self::Argon2(v) => v.memory(),
        };
        working.saturating_add(Self::OVERHEAD_BYTES)
    }

    /// What every verification is assumed to need beyond its algorithm's
    /// working memory (64 KiB).
    pub const OVERHEAD_BYTES: u64 = 64 << 10;

    /// A unitless work figure comparable within one algorithm: bcrypt
    /// 2^cost, scrypt N r p, Firebase N r, PBKDF2 iterations times blocks,
    /// argon2 m t.
    #[must_use]
    pub fn work(&self) -> u64 {
        match self {
            Self::Bcrypt(v) => v.work(),
            Self::Scrypt(v) => v.work(),
            Self::FirebaseScrypt(v) => v.work(),
            Self::Pbkdf2(v) => v.work(),
            Self::Argon2(v) => v.work(),
        }
    }
}

impl Verifier {
    /// A rough estimate of one verification's time on one core, in
    /// milliseconds, from per-algorithm rates measured on a 2020s x86-64
    /// server core (bcrypt cost 10 ~ 55 ms, scrypt N=2^14 r=8 ~ 25 ms,
    /// PBKDF2-SHA256 ~ 95 ns per iteration, argon2 ~ 0.55 us per KiB-pass).
    /// Good for ranking records and sizing dry runs, not for promises.
    #[must_use]
    #[allow(clippy::cast_precision_loss, reason = "an estimate")]
    pub fn estimated_millis(&self) -> f64 {
        let work = self.work() as f64;
        match self {
            Self::Bcrypt(_) => work * 55.0 / 1024.0,
            Self::Scrypt(_) | Self::FirebaseScrypt(_) => work * 25.0 / 131_072.0,
            Self::Pbkdf2(v) => {
                let per_iteration_ns = match v.params().0 {
                    crate::algs::pbkdf2::Digest::Sha1 => 100.0,
                    crate::algs::pbkdf2::Digest::Sha256 => 95.0,
                    crate::algs::pbkdf2::Digest::Sha512 => 450.0,
                };
                work * per_iteration_ns / 1e6
            }
            Self::Argon2(_) => work * 0.00055,
        }
    }

    /// The decoded parameters as a JSON object (no salt, key or hash).
    #[must_use]
    pub fn params_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Self::Bcrypt(v) => {
                let (minor, cost) = v.params();
                json!({ "variant": minor.as_str(), "cost": cost })
            }
            Self::Scrypt(v) => {
                let (n, r, p, key_len) = v.params();
                json!({ "N": n, "r": r, "p": p, "keyLen": key_len })
            }
            Self::FirebaseScrypt(v) => {
                let (mem_cost, rounds) = v.params();
                json!({ "memCost": mem_cost, "rounds": rounds })
            }
            Self::Pbkdf2(v) => {
                let (digest, iterations, key_len) = v.params();
                json!({ "digest": digest.as_str(), "iterations": iterations, "keyLen": key_len })
            }
            Self::Argon2(v) => {
                let q = v.params();
                json!({
                    "variant": q.variant.as_str(), "version": q.version,
                    "m": q.m_kib, "t": q.t, "p": q.p, "hashLen": q.output_len,
                })
            }
        }
    }
}

/// Checks the password length against the limit, before any hashing.
///
/// # Errors
/// [`Error::PasswordTooLong`].
pub fn check_password_len(password: &[u8], limits: &Limits) -> Result<(), Error> {
    if password.len() > limits.max_password_len {
        Err(Error::PasswordTooLong {
            len: password.len(),
            max: limits.max_password_len,
        })
    } else {
        Ok(())
    }
}

/// Decodes `record` and checks `password` against it.
///
/// # Errors
/// Any decoding error, [`Error::PasswordTooLong`], or the verifier's errors.
/// A wrong password is `Ok(Outcome::Mismatch)`, not an error.
pub fn verify(record: &Record<'_>, password: &[u8], limits: &Limits) -> Result<Outcome, Error> {
    let verifier = record.decode(limits)?;
    check_password_len(password, limits)?;
    verifier.verify(password)
}
