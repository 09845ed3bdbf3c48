//! `bcrypt`: modular crypt strings `$2a$`, `$2b$`, `$2y$`, `$2x$` and `$2$`.
//!
//! - `$2b$`, `$2y$`: standard bcrypt (password bytes, then a NUL, cycled
//!   over 72 bytes).
//! - `$2a$`: standard bcrypt, and, when the password has 8-bit bytes in the
//!   positions where it matters, also crypt_blowfish's countermeasure variant
//!   (PHP >= 5.3.7, Ruby's bcrypt and others use crypt_blowfish, whose `$2a$`
//!   differs from OpenBSD's for those rare passwords). Both populations of
//!   `$2a$` hashes exist, so both readings are tried; the chance that a wrong
//!   password matches either is still 2^-183.
//! - `$2x$`: crypt_blowfish's sign-extension bug, emulated exactly.
//! - `$2$`: the original variant, whose key has no NUL terminator.
//!
//! A password over 72 bytes is verified on its first 72 bytes, as the legacy
//! system did; such a match is flagged so that the login upgrade hashes the
//! full password. A password containing a NUL byte is rejected: C
//! implementations stop at the NUL, so no legacy hash was made from it.

use std::fmt;

use zeroize::Zeroizing;

use super::eksblowfish::{self, KeyMode};
use super::{check_range, ct_eq};
use crate::config::expect_no_config;
use crate::{Algorithm, Error, Limits};

const ALG: Algorithm = Algorithm::Bcrypt;

/// The bytes of the password bcrypt uses at most.
pub const MAX_PASSWORD_BYTES: usize = 72;

/// The bcrypt minor version from the hash prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Minor {
    /// `$2$`.
    None,
    /// `$2a$`.
    A,
    /// `$2b$`.
    B,
    /// `$2x$`.
    X,
    /// `$2y$`.
    Y,
}

impl Minor {
    /// The prefix between the dollars (`2`, `2a`, ...).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "2",
            Self::A => "2a",
            Self::B => "2b",
            Self::X => "2x",
            Self::Y => "2y",
        }
    }
}

/// A decoded bcrypt record.
#[derive(Clone)]
pub struct Bcrypt {
    minor: Minor,
    cost: u32,
    salt: [u8; 16],
    hash: [u8; 23],
}

impl fmt::Debug for Bcrypt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bcrypt")
            .field("minor", &self.minor)
            .field("cost", &self.cost)
            .finish_non_exhaustive()
    }
}

impl Bcrypt {
    /// Decodes a modular crypt string; the config must be empty.
    ///
    /// # Errors
    /// Any [`Error`] naming the part or parameter at fault.
    pub fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
        expect_no_config(config)?;
        let (minor, rest) = if let Some(rest) = hash.strip_prefix("$2$") {
            (Minor::None, rest)
        } else {
            let minor = match hash.get(..4) {
                Some("$2a$") => Minor::A,
                Some("$2b$") => Minor::B,
                Some("$2x$") => Minor::X,
                Some("$2y$") => Minor::Y,
                _ => {
                    return Err(Error::hash(
                        "prefix",
                        "expected $2a$, $2b$, $2y$, $2x$ or $2$",
                    ));
                }
            };
            (minor, hash.get(4..).unwrap_or(""))
        };
        let bytes = rest.as_bytes();
        let [c1, c2, b'$', tail @ ..] = bytes else {
            return Err(Error::hash("cost", "expected two digits and a $"));
        };
        if !c1.is_ascii_digit() || !c2.is_ascii_digit() {
            return Err(Error::hash("cost", "expected two digits and a $"));
        }
        let cost = u32::from(c1 - b'0') * 10 + u32::from(c2 - b'0');
        if tail.len() != 53 {
            return Err(Error::hash(
                "salt and hash",
                "expected 22 salt and 31 hash characters",
            ));
        }
        let (salt_text, hash_text) = tail.split_at(22);
        let mut salt = [0u8; 16];
        let mut digest = [0u8; 23];
        eksblowfish::decode_bcrypt_b64(salt_text, &mut salt)
            .ok_or(Error::hash("salt", "not valid bcrypt base64"))?;
        eksblowfish::decode_bcrypt_b64(hash_text, &mut digest)
            .ok_or(Error::hash("hash", "not valid bcrypt base64"))?;
        check_range(
            ALG,
            "cost",
            u64::from(cost),
            4,
            u64::from(limits.bcrypt_max_cost),
        )?;
        Ok(Self {
            minor,
            cost,
            salt,
            hash: digest,
        })
    }

    /// Checks a password.
    ///
    /// # Errors
    /// [`Error::PasswordContainsNul`] when the password has a NUL byte.
    pub fn verify(&self, password: &[u8]) -> Result<bool, Error> {
        if password.contains(&0) {
            return Err(Error::PasswordContainsNul);
        }
        let key = password.get(..MAX_PASSWORD_BYTES).unwrap_or(password);
        let out = Zeroizing::new(eksblowfish::bcrypt_raw(
            self.cost,
            &self.salt,
            key,
            self.mode(),
        ));
        Ok(self.conclude(key, &out))
    }

    /// Checks `password` against this record and `other_password` against
    /// `other` together: with the same cost, their EksBlowfish loops run
    /// interleaved (`eksblowfish::bcrypt_raw_pair`), in little more than
    /// the time of one. The results are [`Bcrypt::verify`]'s.
    pub(crate) fn verify_pair(
        &self,
        password: &[u8],
        other: &Self,
        other_password: &[u8],
    ) -> [Result<bool, Error>; 2] {
        if self.cost != other.cost || password.contains(&0) || other_password.contains(&0) {
            return [self.verify(password), other.verify(other_password)];
        }
        let key = password.get(..MAX_PASSWORD_BYTES).unwrap_or(password);
        let other_key = other_password
            .get(..MAX_PASSWORD_BYTES)
            .unwrap_or(other_password);
        let [out, other_out] = eksblowfish::bcrypt_raw_pair(
            self.cost,
            (&self.salt, key, self.mode()),
            (&other.salt, other_key, other.mode()),
        )
        .map(Zeroizing::new);
        [
            Ok(self.conclude(key, &out)),
            Ok(other.conclude(other_key, &other_out)),
        ]
    }

    /// How this record's minor version turns the password into key words.
    fn mode(&self) -> KeyMode {
        match self.minor {
            Minor::None => KeyMode::NoNulTerminator,
            Minor::X => KeyMode::SignExtensionBug,
            Minor::A | Minor::B | Minor::Y => KeyMode::Standard,
        }
    }

    /// Whether `out`, computed from `key` in [`Bcrypt::mode`], matches; for
    /// `$2a$`, also tries crypt_blowfish's countermeasure where it applies.
    fn conclude(&self, key: &[u8], out: &[u8; 24]) -> bool {
        if ct_eq(out.get(..23).unwrap_or(&[]), &self.hash) {
            return true;
        }
        if self.minor == Minor::A && eksblowfish::safety_countermeasure_applies(key) {
            let out = Zeroizing::new(eksblowfish::bcrypt_raw(
                self.cost,
                &self.salt,
                key,
                KeyMode::CryptBlowfishSafety,
            ));
            return ct_eq(out.get(..23).unwrap_or(&[]), &self.hash);
        }
        false
    }

    /// The minor version and the cost.
    #[must_use]
    pub const fn params(&self) -> (Minor, u32) {
        (self.minor, self.cost)
    }

    /// Estimated bytes of memory one verification uses (the Blowfish state).
    #[must_use]
    pub const fn memory(&self) -> u64 {
        4168
    }

    pub(crate) fn work(&self) -> u64 {
        1u64 << self.cost.min(63)
    }
}
