//! Records as the migration API carries them, and their decoding into a
//! typed [`Verifier`].

use crate::algs::{Alg, Argon2, Bcrypt, FirebaseScrypt, Params, Pbkdf2, Scrypt};
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
    /// [`Error::InvalidSetting`] for limits that fail [`Limits::validate`],
    /// [`Error::InputTooLarge`] for an over-long hash or config,
    /// [`Error::UnknownType`], or the type's own decoding errors.
    pub fn decode(&self, limits: &Limits) -> Result<Verifier, Error> {
        limits.validate()?;
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
        fn decode<A: Alg>(
            hash: &str,
            config: Option<&str>,
            limits: &Limits,
            wrap: fn(A) -> Inner,
        ) -> Result<Verifier, Error> {
            A::decode(hash, config, limits).map(|a| Verifier(wrap(a)))
        }
        let verifier = match algorithm {
            Algorithm::Bcrypt => decode(hash, config, limits, Inner::Bcrypt),
            Algorithm::Scrypt => decode(hash, config, limits, Inner::Scrypt),
            Algorithm::FirebaseScrypt => decode(hash, config, limits, Inner::FirebaseScrypt),
            Algorithm::Pbkdf2 => decode(hash, config, limits, Inner::Pbkdf2),
            Algorithm::Argon2 => decode(hash, config, limits, Inner::Argon2),
        }?;
        // The whole verification against the time budget, after the
        // per-parameter ranges (whose messages are clearer) and before any
        // hashing.
        let estimate = verifier.estimated_millis_ceil();
        if estimate > limits.max_verify_millis {
            return Err(Error::ParamOutOfRange {
                algorithm,
                param: "estimated verification time (reference ms, see max_verify_millis)",
                min: 0,
                max: limits.max_verify_millis,
                actual: estimate,
            });
        }
        Ok(verifier)
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
/// checked against the [`Limits`] it was decoded with. Opaque: what it
/// holds is described by [`Verifier::algorithm`] and [`Verifier::params`].
#[derive(Clone, Debug)]
pub struct Verifier(Inner);

/// The decoded record of each type: the one place that lists them, with
/// [`with_alg!`] as the one dispatch over them.
#[derive(Clone, Debug)]
pub(crate) enum Inner {
    Bcrypt(Bcrypt),
    Scrypt(Scrypt),
    FirebaseScrypt(FirebaseScrypt),
    Pbkdf2(Pbkdf2),
    Argon2(Argon2),
}

/// `with_alg!(inner, v => expr)`: `expr` with `v` bound to the decoded
/// record, whatever its type (each implements [`Alg`]).
macro_rules! with_alg {
    ($inner:expr, $v:ident => $body:expr) => {
        match $inner {
            Inner::Bcrypt($v) => $body,
            Inner::Scrypt($v) => $body,
            Inner::FirebaseScrypt($v) => $body,
            Inner::Pbkdf2($v) => $body,
            Inner::Argon2($v) => $body,
        }
    };
}

impl Verifier {
    /// The decoded record of its type (for the batch's pairing).
    pub(crate) const fn inner(&self) -> &Inner {
        &self.0
    }

    /// The record's type.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        fn of<A: Alg>(_: &A) -> Algorithm {
            A::ALGORITHM
        }
        with_alg!(&self.0, v => of(v))
    }

    /// The decoded parameters (no salt, key or hash).
    #[must_use]
    pub fn params(&self) -> Params {
        with_alg!(&self.0, v => v.params())
    }

    /// Checks `password` (raw bytes: no normalisation, since the legacy
    /// system hashed the bytes it was given). Derived keys are compared in
    /// constant time and zeroized.
    ///
    /// The password length is checked by [`crate::verify`] and the engine,
    /// not here.
    ///
    /// # Errors
    /// [`Error::PasswordContainsNul`] for bcrypt, [`Error::OutOfMemory`]
    /// when the working memory cannot be had.
    pub fn verify(&self, password: &[u8]) -> Result<Outcome, Error> {
        let ok = with_alg!(&self.0, v => v.verify(password))?;
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
        with_alg!(&self.0, v => v.memory()).saturating_add(Self::OVERHEAD_BYTES)
    }

    /// The part of the working memory that goes into a thread's kept arena.
    pub(crate) fn arena(&self) -> Option<(crate::scratch::Arena, u64)> {
        with_alg!(&self.0, v => v.arena())
    }

    /// What every verification is assumed to need beyond its algorithm's
    /// working memory (64 KiB).
    pub const OVERHEAD_BYTES: u64 = 64 << 10;

    /// A unitless work figure comparable within one algorithm: bcrypt
    /// 2^cost, scrypt N r p, Firebase N r, PBKDF2 iterations times blocks,
    /// argon2 m t.
    #[must_use]
    pub fn work(&self) -> u64 {
        with_alg!(&self.0, v => v.work())
    }

    /// The cost model's estimate of one verification's time on one core,
    /// in reference milliseconds: fixed per-family weights (measured once
    /// on the reference machine's best kernel level, so the same on every
    /// host) times the work, plus the cost of fresh working memory. It errs
    /// high (a `$2a$` record is charged two attempts). This is what
    /// [`Limits::max_verify_millis`] bounds.
    #[must_use]
    #[allow(clippy::cast_precision_loss, reason = "an estimate")]
    pub fn estimated_millis(&self) -> f64 {
        let compute = with_alg!(&self.0, v => v.compute_millis());
        let memory_mib = with_alg!(&self.0, v => v.memory()) as f64 / f64::from(1u32 << 20);
        let weights = (
            crate::algs::weights::PER_VERIFICATION,
            crate::algs::weights::FRESH_MEMORY_PER_MIB,
        );
        weights.0 + compute + memory_mib * weights.1
    }

    /// [`Verifier::estimated_millis`] rounded up, saturating.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a non-negative estimate; `as` saturates"
    )]
    pub(crate) fn estimated_millis_ceil(&self) -> u64 {
        self.estimated_millis().ceil() as u64
    }
}

/// Checks the password length against the limit, before any hashing.
///
/// # Errors
/// [`Error::PasswordTooLong`].
pub(crate) fn check_password_len(password: &[u8], limits: &Limits) -> Result<(), Error> {
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
