//! The native hash: what a migrated user's password is re-hashed to.

use std::fmt;

use crate::algs::{
    Argon2Params, Argon2Variant, BcryptParams, BcryptVariant, MAX_PASSWORD_BYTES, Params,
    Pbkdf2Digest, Pbkdf2Params, ScryptParams, argon2, bcrypt, pbkdf2, scrypt,
};
use crate::{Algorithm, Error, Limits, Verifier};

/// The native hash and its parameters.
///
/// The default is argon2id with m = 19456 KiB, t = 2, p = 1, OWASP's first
/// recommendation
/// (<https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html>).
/// bcrypt, scrypt and PBKDF2-HMAC-SHA256 (for FIPS-bound deployments) can be
/// chosen instead. [`crate::Engine::new`] checks that the policy's own
/// hashes decode within the engine's limits, so the engine can always verify
/// what it writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Policy {
    /// `$argon2id$v=19$m=..,t=..,p=..$<16-byte salt>$<32-byte hash>`.
    Argon2id {
        /// Memory in KiB.
        m_kib: u32,
        /// Passes.
        t: u32,
        /// Lanes.
        p: u32,
    },
    /// `$2b$<cost>$...`. Passwords over 72 bytes or with a NUL byte cannot
    /// be hashed in full by bcrypt, so they get no upgrade under this policy.
    Bcrypt {
        /// log2 of the rounds.
        cost: u32,
    },
    /// `$scrypt$ln=..,r=..,p=..$<16-byte salt>$<32-byte hash>`.
    Scrypt {
        /// log2 N.
        ln: u32,
        /// Block size r.
        r: u32,
        /// Parallelism p.
        p: u32,
    },
    /// `$pbkdf2-sha256$i=..,l=32$<16-byte salt>$<32-byte hash>`.
    Pbkdf2Sha256 {
        /// Iteration count.
        iterations: u32,
    },
}

impl Default for Policy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A record in the migration API's three-field shape, as written by the
/// native policy.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NativeRecord {
    /// `passwordHashType`.
    pub password_hash_type: Algorithm,
    /// `passwordHash`: a PHC or modular crypt string.
    pub password_hash: String,
    /// `passwordHashConfig`: always `None` for the native forms.
    pub password_hash_config: Option<String>,
}

impl fmt::Debug for NativeRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NativeRecord")
            .field("password_hash_type", &self.password_hash_type)
            .finish_non_exhaustive()
    }
}

impl NativeRecord {
    /// The record as a borrowed [`crate::Record`].
    #[must_use]
    pub fn as_record(&self) -> crate::Record<'_> {
        crate::Record::new(
            self.password_hash_type.as_str(),
            &self.password_hash,
            self.password_hash_config.as_deref(),
        )
    }
}

const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;

impl Policy {
    /// argon2id, m = 19456 KiB, t = 2, p = 1.
    pub const DEFAULT: Self = Self::Argon2id {
        m_kib: 19456,
        t: 2,
        p: 1,
    };

    /// The `passwordHashType` this policy writes.
    #[must_use]
    pub const fn algorithm(&self) -> Algorithm {
        match self {
            Self::Argon2id { .. } => Algorithm::Argon2,
            Self::Bcrypt { .. } => Algorithm::Bcrypt,
            Self::Scrypt { .. } => Algorithm::Scrypt,
            Self::Pbkdf2Sha256 { .. } => Algorithm::Pbkdf2,
        }
    }

    /// Whether this policy can hash `password` in full.
    pub(crate) fn can_hash(&self, password: &[u8]) -> bool {
        match self {
            Self::Bcrypt { .. } => password.len() <= MAX_PASSWORD_BYTES && !password.contains(&0),
            _ => true,
        }
    }

    /// Hashes `password` with a fresh random salt.
    ///
    /// # Errors
    /// [`Error::Unsupported`] when a bcrypt policy meets a password it cannot
    /// hash in full; [`Error::Internal`] when the system's random source
    /// fails; [`Error::OutOfMemory`] when working memory cannot be had.
    pub fn hash(&self, password: &[u8]) -> Result<NativeRecord, Error> {
        if !self.can_hash(password) {
            return Err(Error::Unsupported {
                feature: "bcrypt cannot hash a password over 72 bytes or with a NUL byte in full",
            });
        }
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|_| Error::Internal("no system randomness"))?;
        Ok(NativeRecord {
            password_hash_type: self.algorithm(),
            password_hash: self.write(&salt, Some(password))?,
            password_hash_config: None,
        })
    }

    /// The native hash string of `password` with `salt`, or with `None` a
    /// syntactically valid one at the policy's parameters (all-zero salt and
    /// hash), to check the parameters without hashing. Both go through the
    /// algorithm's one encoder.
    fn write(&self, salt: &[u8; SALT_LEN], password: Option<&[u8]>) -> Result<String, Error> {
        let zero = [0u8; HASH_LEN];
        Ok(match *self {
            Self::Argon2id { m_kib, t, p } => {
                let params = argon2_params(m_kib, t, p);
                match password {
                    Some(pw) => argon2::hash(&params, salt, pw)?,
                    None => argon2::encode(&params, salt, &zero),
                }
            }
            Self::Bcrypt { cost } => match password {
                Some(pw) => bcrypt::hash(cost, salt, pw),
                None => bcrypt::encode(cost, salt, &[0u8; 23]),
            },
            Self::Scrypt { ln, r, p } => match password {
                Some(pw) => scrypt::hash(ln, r, p, salt, pw)?,
                None => scrypt::encode(ln, r, p, salt, &zero),
            },
            Self::Pbkdf2Sha256 { iterations } => match password {
                Some(pw) => pbkdf2::hash(iterations, salt, pw),
                None => pbkdf2::encode(iterations, salt, &zero),
            },
        })
    }

    /// Whether a decoded record is already in this policy's native form: the
    /// same algorithm and parameters, and no config (native forms carry
    /// their parameters in the string). An over-strong legacy record is
    /// also re-hashed: the policy is the single source of truth.
    #[must_use]
    pub fn is_native(&self, verifier: &Verifier, has_config: bool) -> bool {
        if has_config {
            return false;
        }
        match (*self, verifier.params()) {
            (Self::Argon2id { m_kib, t, p }, Params::Argon2(q)) => q == argon2_params(m_kib, t, p),
            (
                Self::Bcrypt { cost },
                Params::Bcrypt(BcryptParams {
                    variant, cost: c, ..
                }),
            ) => c == cost && matches!(variant, BcryptVariant::B | BcryptVariant::Y),
            (Self::Scrypt { ln, r, p }, Params::Scrypt(q)) => {
                let ScryptParams {
                    n,
                    r: vr,
                    p: vp,
                    key_len,
                    ..
                } = q;
                n == 1u64 << ln.min(63) && (vr, vp, key_len) == (r, p, HASH_LEN)
            }
            (Self::Pbkdf2Sha256 { iterations }, Params::Pbkdf2(q)) => {
                let Pbkdf2Params {
                    digest,
                    iterations: i,
                    key_len,
                    ..
                } = q;
                (digest, i, key_len) == (Pbkdf2Digest::Sha256, iterations, HASH_LEN)
            }
            _ => false,
        }
    }

    /// Checks that hashes written by this policy decode within `limits`.
    ///
    /// # Errors
    /// The decoding error of a sample hash at the policy's parameters.
    pub fn check(&self, limits: &Limits) -> Result<(), Error> {
        self.sample(limits).map(drop)
    }

    /// The estimated peak working memory of one hash or verification at the
    /// policy's parameters, in bytes, without hashing anything: what
    /// [`crate::EngineOptions::retain_bytes`] should keep for logins at the
    /// policy (the bindings' default).
    ///
    /// # Errors
    /// As [`Policy::check`]: parameters outside `limits`.
    pub fn memory(&self, limits: &Limits) -> Result<u64, Error> {
        Ok(self.sample(limits)?.memory())
    }

    /// [`Policy::check`]'s sample hash, decoded: what one native record at
    /// the policy's parameters costs, without hashing anything.
    pub(crate) fn sample(&self, limits: &Limits) -> Result<Verifier, Error> {
        // What the samples below cannot show: a cost the string form would
        // misread (scrypt's ln above 63 reads as N; bcrypt's cost has two
        // digits).
        match *self {
            Self::Scrypt { ln, .. } if !(1..=63).contains(&ln) => {
                return Err(Error::ParamOutOfRange {
                    algorithm: Algorithm::Scrypt,
                    param: "ln",
                    min: 1,
                    max: 63,
                    actual: u64::from(ln),
                });
            }
            Self::Bcrypt { cost } if !(4..=31).contains(&cost) => {
                return Err(Error::ParamOutOfRange {
                    algorithm: Algorithm::Bcrypt,
                    param: "cost",
                    min: 4,
                    max: 31,
                    actual: u64::from(cost),
                });
            }
            _ => {}
        }
        let sample = self.write(&[0u8; SALT_LEN], None)?;
        crate::Record::new(self.algorithm().as_str(), &sample, None).decode(limits)
    }
}

/// The argon2id parameters of an `Argon2id` policy.
const fn argon2_params(m_kib: u32, t: u32, p: u32) -> Argon2Params {
    Argon2Params {
        variant: Argon2Variant::Argon2id,
        version: 19,
        m_kib,
        t,
        p,
        output_len: HASH_LEN,
    }
}
