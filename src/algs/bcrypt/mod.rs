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

use self::eksblowfish::KeyMode;
use super::{Alg, Params, ct_eq, weights};
use crate::encoding::encode_bcrypt_b64;
use crate::{Algorithm, Error, Limits};

// Every index in the Blowfish core is a byte extracted from a word into a
// 256-entry S-box, or a constant into a fixed-size array: provably in
// bounds, whatever the input, and the hot loop relies on it.
#[allow(
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "byte-extracted indices into 256-entry tables; see the module docs"
)]
pub(crate) mod eksblowfish;
mod forms;

const ALG: Algorithm = Algorithm::Bcrypt;

/// The bytes of the password bcrypt uses at most.
pub(crate) const MAX_PASSWORD_BYTES: usize = 72;

/// The bcrypt variant (minor version) from the hash prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum BcryptVariant {
    /// `$2$`.
    #[serde(rename = "2")]
    None,
    /// `$2a$`.
    #[serde(rename = "2a")]
    A,
    /// `$2b$`.
    #[serde(rename = "2b")]
    B,
    /// `$2x$`.
    #[serde(rename = "2x")]
    X,
    /// `$2y$`.
    #[serde(rename = "2y")]
    Y,
}

/// A bcrypt record's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct BcryptParams {
    /// The variant.
    pub variant: BcryptVariant,
    /// log2 of the rounds.
    pub cost: u32,
}

impl BcryptVariant {
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
pub(crate) struct Bcrypt {
    minor: BcryptVariant,
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

impl Alg for Bcrypt {
    const ALGORITHM: Algorithm = ALG;

    fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
        forms::decode(hash, config, limits)
    }

    /// [`Error::PasswordContainsNul`] when the password has a NUL byte.
    fn verify(&self, password: &[u8]) -> Result<bool, Error> {
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

    fn params(&self) -> Params {
        Params::Bcrypt(BcryptParams {
            variant: self.minor,
            cost: self.cost,
        })
    }

    /// The Blowfish state.
    fn memory(&self) -> u64 {
        4168
    }

    fn work(&self) -> u64 {
        1u64 << self.cost.min(63)
    }

    /// 2^cost rounds; `$2a$` twice, its worst case: with 8-bit password
    /// bytes a mismatch also tries crypt_blowfish's countermeasure, and the
    /// password is not known at decode.
    #[allow(clippy::cast_precision_loss, reason = "an estimate")]
    fn compute_millis(&self) -> f64 {
        let attempts = if self.minor == BcryptVariant::A {
            2.0
        } else {
            1.0
        };
        self.work() as f64 * weights::BCRYPT_PER_ROUND * attempts
    }
}

impl Bcrypt {
    /// The cost (pairs need equal costs).
    pub(crate) const fn cost(&self) -> u32 {
        self.cost
    }

    /// How this record's minor version turns the password into key words.
    fn mode(&self) -> KeyMode {
        match self.minor {
            BcryptVariant::None => KeyMode::NoNulTerminator,
            BcryptVariant::X => KeyMode::SignExtensionBug,
            BcryptVariant::A | BcryptVariant::B | BcryptVariant::Y => KeyMode::Standard,
        }
    }

    /// Whether `out`, computed from `key` in [`Bcrypt::mode`], matches; for
    /// `$2a$`, also tries crypt_blowfish's countermeasure where it applies.
    fn conclude(&self, key: &[u8], out: &[u8; 24]) -> bool {
        if ct_eq(out.get(..23).unwrap_or(&[]), &self.hash) {
            return true;
        }
        if self.minor == BcryptVariant::A && eksblowfish::safety_countermeasure_applies(key) {
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
}

/// `$2b$<cost>$<salt><hash>`, the native form.
pub(crate) fn encode(cost: u32, salt: &[u8; 16], hash: &[u8; 23]) -> String {
    format!(
        "$2b${cost:02}${}{}",
        encode_bcrypt_b64(salt),
        encode_bcrypt_b64(hash)
    )
}

/// Hashes `password` (at most 72 bytes, no NUL: the policy checks) in the
/// native form at `cost`.
pub(crate) fn hash(cost: u32, salt: &[u8; 16], password: &[u8]) -> String {
    let raw = Zeroizing::new(eksblowfish::bcrypt_raw(
        cost,
        salt,
        password,
        KeyMode::Standard,
    ));
    let mut digest = Zeroizing::new([0u8; 23]);
    if let Some(head) = raw.get(..23) {
        digest.copy_from_slice(head);
    }
    encode(cost, salt, &digest)
}
