//! The five `passwordHashType` names.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A `passwordHashType`, spelled exactly as the migration API spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Algorithm {
    /// `bcrypt`: modular crypt strings `$2a$`, `$2b$`, `$2y$`, `$2x$`, `$2$`.
    Bcrypt,
    /// `scrypt`: Frontegg's `salt<sep>key` form with a config, or a PHC `$scrypt$` string.
    Scrypt,
    /// `firebase-scrypt`: Firebase's modified scrypt (scrypt then AES-256-CTR over a signer key).
    FirebaseScrypt,
    /// `pbkdf2`: PHC, passlib and Django strings, or a raw hash with a config.
    Pbkdf2,
    /// `argon2`: PHC `$argon2i$`, `$argon2d$`, `$argon2id$` strings.
    Argon2,
}

impl Algorithm {
    /// Every algorithm, in a fixed order.
    pub const ALL: [Self; 5] = [
        Self::Bcrypt,
        Self::Scrypt,
        Self::FirebaseScrypt,
        Self::Pbkdf2,
        Self::Argon2,
    ];

    /// The `passwordHashType` name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Bcrypt => "bcrypt",
            Self::Scrypt => "scrypt",
            Self::FirebaseScrypt => "firebase-scrypt",
            Self::Pbkdf2 => "pbkdf2",
            Self::Argon2 => "argon2",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    /// Matches the name exactly (case-sensitive, no trimming), as the API does.
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or(Error::UnknownType)
    }
}
