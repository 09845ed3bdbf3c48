//! The native hash: what a migrated user's password is re-hashed to.

use std::fmt;

use zeroize::Zeroizing;

use crate::algs::argon2::{self as argon2_alg, Variant};
use crate::algs::bcrypt::MAX_PASSWORD_BYTES;
use crate::algs::pbkdf2::Digest;
use crate::algs::{eksblowfish, scrypt_core};
use crate::encoding::encode_base64_unpadded;
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
    /// hash in full; [`Error::Internal`] when the system's random source or
    /// the primitive fails.
    pub fn hash(&self, password: &[u8]) -> Result<NativeRecord, Error> {
        if !self.can_hash(password) {
            return Err(Error::Unsupported {
                feature: "bcrypt cannot hash a password over 72 bytes or with a NUL byte in full",
            });
        }
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|_| Error::Internal("no system randomness"))?;
        let mut out = Zeroizing::new([0u8; HASH_LEN]);
        let b64 = encode_base64_unpadded;
        let password_hash = match *self {
            Self::Argon2id { m_kib, t, p } => {
                let params = argon2_alg::Params {
                    variant: Variant::Argon2id,
                    version: 19,
                    m_kib,
                    t,
                    p,
                    output_len: HASH_LEN,
                };
                argon2_alg::derive(&params, password, &salt, &[], out.as_mut_slice())?;
                format!(
                    "$argon2id$v=19$m={m_kib},t={t},p={p}${}${}",
                    b64(&salt),
                    b64(out.as_slice())
                )
            }
            Self::Bcrypt { cost } => {
                let raw = Zeroizing::new(eksblowfish::bcrypt_raw(
                    cost,
                    &salt,
                    password,
                    eksblowfish::KeyMode::Standard,
                ));
                format!(
                    "$2b${cost:02}${}{}",
                    eksblowfish::encode_bcrypt_b64(&salt),
                    eksblowfish::encode_bcrypt_b64(raw.get(..23).unwrap_or(&[]))
                )
            }
            Self::Scrypt { ln, r, p } => {
                let n = 1u64.checked_shl(ln).ok_or(Error::Internal("scrypt ln"))?;
                scrypt_core::scrypt(password, &salt, n, r, p, out.as_mut_slice())?;
                format!(
                    "$scrypt$ln={ln},r={r},p={p}${}${}",
                    b64(&salt),
                    b64(out.as_slice())
                )
            }
            Self::Pbkdf2Sha256 { iterations } => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
                    password,
                    &salt,
                    iterations,
                    out.as_mut_slice(),
                );
                format!(
                    "$pbkdf2-sha256$i={iterations},l={HASH_LEN}${}${}",
                    b64(&salt),
                    b64(out.as_slice())
                )
            }
        };
        Ok(NativeRecord {
            password_hash_type: self.algorithm(),
            password_hash,
            password_hash_config: None,
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
        match (*self, verifier) {
            (Self::Argon2id { m_kib, t, p }, Verifier::Argon2(v)) => {
                let q = v.params();
                q.variant == Variant::Argon2id
                    && q.version == 19
                    && (q.m_kib, q.t, q.p) == (m_kib, t, p)
                    && q.output_len == HASH_LEN
            }
            (Self::Bcrypt { cost }, Verifier::Bcrypt(v)) => {
                let (minor, c) = v.params();
                c == cost
                    && matches!(
                        minor,
                        crate::algs::bcrypt::Minor::B | crate::algs::bcrypt::Minor::Y
                    )
            }
            (Self::Scrypt { ln, r, p }, Verifier::Scrypt(v)) => {
                let (n, vr, vp, len) = v.params();
                n == 1u64 << ln.min(63) && (vr, vp, len) == (r, p, HASH_LEN)
            }
            (Self::Pbkdf2Sha256 { iterations }, Verifier::Pbkdf2(v)) => {
                v.params() == (Digest::Sha256, iterations, HASH_LEN)
            }
            _ => false,
        }
    }

    /// Checks that hashes written by this policy decode within `limits`.
    ///
    /// # Errors
    /// The decoding error of a sample hash at the policy's parameters.
    pub fn check(&self, limits: &Limits) -> Result<(), Error> {
        let sample = self.describe_sample();
        crate::Record::new(self.algorithm().as_str(), &sample, None)
            .decode(limits)
            .map(drop)
    }

    /// A syntactically valid hash string at the policy's parameters (all-zero
    /// salt and hash), used to check the parameters without hashing.
    fn describe_sample(&self) -> String {
        let salt = encode_base64_unpadded(&[0u8; SALT_LEN]);
        let hash = encode_base64_unpadded(&[0u8; HASH_LEN]);
        match *self {
            Self::Argon2id { m_kib, t, p } => {
                format!("$argon2id$v=19$m={m_kib},t={t},p={p}${salt}${hash}")
            }
            Self::Bcrypt { cost } => format!("$2b${cost:02}${}", ".".repeat(53)),
            Self::Scrypt { ln, r, p } => format!("$scrypt$ln={ln},r={r},p={p}${salt}${hash}"),
            Self::Pbkdf2Sha256 { iterations } => {
                format!("$pbkdf2-sha256$i={iterations},l={HASH_LEN}${salt}${hash}")
            }
        }
    }
}
