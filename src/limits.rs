//! Bounds on imported parameters.
//!
//! Imported costs are attacker input: a record with scrypt N = 2^30 would ask
//! for 128 GiB. Every decoder checks every cost against these limits before
//! any work is done, so a [`crate::Verifier`] that exists is always cheap
//! enough to run. The defaults keep one verification near or under 128 MiB of
//! memory and about a second of one core on current hardware; minimums are the
//! algorithms' own (a weak but valid legacy hash is verified, then upgraded,
//! never rejected: rejecting it would lock its user out).

use crate::Error;

/// Declares [`Limits`] from one table: the struct, its defaults and the
/// names that `--limit NAME=VALUE` (and the bindings) set.
macro_rules! limits {
    ($($(#[doc = $doc:literal])* $name:ident: $ty:ty = $default:expr,)*) => {
        /// Configurable bounds, checked when a record is decoded.
        ///
        /// ```
        /// let mut limits = hashport::Limits::default();
        /// limits.bcrypt_max_cost = 14;
        /// limits.set("min_digest_len", 16)?;
        /// # Ok::<(), hashport::Error>(())
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct Limits {
            $($(#[doc = $doc])* pub $name: $ty,)*
        }

        impl Limits {
            /// The default limits, as documented on each field.
            pub const DEFAULT: Self = Self {
                $($name: $default,)*
            };

            /// The name of every limit, as the fields spell it.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name),)*];

            /// Sets the limit called `name` (a field name) to `value`.
            ///
            /// # Errors
            /// [`Error::InvalidSetting`] for an unknown name or a value the
            /// field cannot hold. Whether the limits make sense together is
            /// [`Limits::validate`]'s question.
            pub fn set(&mut self, name: &str, value: u64) -> Result<(), Error> {
                match name {
                    $(stringify!($name) => {
                        self.$name = <$ty>::try_from(value).map_err(|_| Error::InvalidSetting {
                            setting: stringify!($name),
                            problem: "too large for the field",
                        })?;
                    })*
                    _ => {
                        return Err(Error::InvalidSetting {
                            setting: "(name)",
                            problem: "no such limit; see Limits::NAMES",
                        });
                    }
                }
                Ok(())
            }
        }
    };
}

limits! {
    /// Longest password accepted, in bytes (default 4096, as passlib). Checked
    /// before any hashing.
    max_password_len: usize = 4096,
    /// Longest `passwordHash`, in bytes (default 4096).
    max_hash_len: usize = 4096,
    /// Longest `passwordHashConfig`, in characters (default 4095, the API's own
    /// limit, which counts characters).
    max_config_len: usize = 4095,
    /// Shortest expected digest in bytes (default 10): a shorter digest lets
    /// wrong passwords through by chance too often.
    min_digest_len: usize = 10,
    /// Longest expected digest in bytes (default 1024).
    max_digest_len: usize = 1024,
    /// Longest salt in bytes (default 1024).
    max_salt_len: usize = 1024,
    /// Highest bcrypt cost (log2 of rounds; default 16). Under the default
    /// `max_verify_millis`, `$2b$` passes up to 14 and `$2a$` up to 13.
    bcrypt_max_cost: u32 = 16,
    /// Highest scrypt N (default 2^20).
    scrypt_max_n: u64 = 1 << 20,
    /// Highest scrypt r (default 32).
    scrypt_max_r: u64 = 32,
    /// Highest scrypt p (default 16).
    scrypt_max_p: u64 = 16,
    /// Highest scrypt and Firebase scrypt working memory, 128 * N * r bytes (default 128 MiB).
    scrypt_max_memory: u64 = 128 << 20,
    /// Highest Firebase memCost, log2 N (default 17).
    firebase_max_mem_cost: u64 = 17,
    /// Highest Firebase rounds, the scrypt r (default 16).
    firebase_max_rounds: u64 = 16,
    /// Highest PBKDF2 iteration count (default 10,000,000).
    pbkdf2_max_iterations: u64 = 10_000_000,
    /// Highest PBKDF2 work, iterations times output blocks (default 20,000,000).
    pbkdf2_max_work: u64 = 20_000_000,
    /// Highest argon2 memory in KiB (default 131072 = 128 MiB).
    argon2_max_m_kib: u64 = 131_072,
    /// Highest argon2 passes t (default 16).
    argon2_max_t: u64 = 16,
    /// Highest argon2 lanes p (default 16).
    argon2_max_p: u64 = 16,
    /// Highest estimated time of one verification, in reference
    /// milliseconds of one core ([`crate::Verifier::estimated_millis`];
    /// default 1000). Checked at decode, before any work, on top of the
    /// per-parameter ranges.
    max_verify_millis: u64 = 1000,
}

impl Limits {
    /// Checks the limits as a whole: nothing may let an empty digest, key or
    /// signer key verify (it would match every password), no maximum may be
    /// below the algorithm's own minimum or the matching minimum limit, and
    /// the time budget must allow some work. [`crate::Engine::new`],
    /// [`crate::Record::decode`] and `--limit` run it.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the first limit at fault.
    pub fn validate(&self) -> Result<(), Error> {
        let at_least = |value: u64, min: u64| value >= min;
        let checks: [(&'static str, bool, &'static str); 17] = [
            (
                "min_digest_len",
                self.min_digest_len >= 1,
                "must be at least 1: an empty digest, key or signer key would match every password",
            ),
            (
                "max_digest_len",
                self.max_digest_len >= self.min_digest_len,
                "is below min_digest_len",
            ),
            (
                "max_password_len",
                self.max_password_len >= 1,
                "must be at least 1",
            ),
            ("max_hash_len", self.max_hash_len >= 1, "must be at least 1"),
            (
                "bcrypt_max_cost",
                self.bcrypt_max_cost >= 4,
                "is below bcrypt's minimum cost, 4",
            ),
            (
                "scrypt_max_n",
                at_least(self.scrypt_max_n, 2),
                "is below scrypt's minimum N, 2",
            ),
            (
                "scrypt_max_r",
                at_least(self.scrypt_max_r, 1),
                "must be at least 1",
            ),
            (
                "scrypt_max_p",
                at_least(self.scrypt_max_p, 1),
                "must be at least 1",
            ),
            (
                "scrypt_max_memory",
                at_least(self.scrypt_max_memory, 256),
                "is below the smallest scrypt (128 * N * r with N = 2, r = 1)",
            ),
            (
                "firebase_max_mem_cost",
                at_least(self.firebase_max_mem_cost, 1),
                "must be at least 1",
            ),
            (
                "firebase_max_rounds",
                at_least(self.firebase_max_rounds, 1),
                "must be at least 1",
            ),
            (
                "pbkdf2_max_iterations",
                at_least(self.pbkdf2_max_iterations, 1),
                "must be at least 1",
            ),
            (
                "pbkdf2_max_work",
                at_least(self.pbkdf2_max_work, 1),
                "must be at least 1",
            ),
            (
                "argon2_max_m_kib",
                at_least(self.argon2_max_m_kib, 8),
                "is below argon2's minimum, 8 KiB",
            ),
            (
                "argon2_max_t",
                at_least(self.argon2_max_t, 1),
                "must be at least 1",
            ),
            (
                "argon2_max_p",
                at_least(self.argon2_max_p, 1),
                "must be at least 1",
            ),
            (
                "max_verify_millis",
                at_least(self.max_verify_millis, 1),
                "must be at least 1",
            ),
        ];
        match checks.into_iter().find(|(_, ok, _)| !ok) {
            Some((setting, _, problem)) => Err(Error::InvalidSetting { setting, problem }),
            None => Ok(()),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_sets_its_field() {
        for (i, name) in Limits::NAMES.iter().enumerate() {
            let mut limits = Limits::DEFAULT;
            limits.set(name, 70 + i as u64).unwrap();
            assert_ne!(limits, Limits::DEFAULT, "{name}");
            assert!(format!("{limits:?}").contains(&format!("{name}: {}", 70 + i)));
        }
        let mut limits = Limits::DEFAULT;
        assert_eq!(limits.set("nope", 1).unwrap_err().kind(), "invalid_param");
        assert_eq!(
            limits.set("bcrypt_max_cost", u64::MAX).unwrap_err().kind(),
            "invalid_param"
        );
        assert_eq!(limits, Limits::DEFAULT);
    }
}
