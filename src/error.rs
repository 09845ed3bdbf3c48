//! The one error type of the crate.
//!
//! Every variant names the field or parameter at fault and, for a bound, the
//! limit and the value. No variant carries a password, salt, key or hash:
//! errors end up in logs and in `hashport verify` output, so they hold field
//! names and numbers only.

use std::fmt;

use crate::Algorithm;

/// Why a record could not be decoded or a password could not be checked.
///
/// A wrong password is not an error: it is [`crate::Outcome::Mismatch`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// `passwordHashType` is not one of the five supported names.
    UnknownType,
    /// `passwordHashConfig` is not a valid config for this type.
    InvalidConfig {
        /// The config key at fault, if the problem is with one key.
        field: Option<&'static str>,
        /// What is wrong, as a short lowercase phrase.
        problem: &'static str,
    },
    /// `passwordHash` is malformed.
    InvalidHash {
        /// Which part of the hash string is at fault.
        part: &'static str,
        /// What is wrong, as a short lowercase phrase.
        problem: &'static str,
    },
    /// A parameter that no implementation could accept (N not a power of two,
    /// an unknown argon2 version, argon2 memory below 8 blocks per lane).
    InvalidParam {
        /// The algorithm whose parameter it is.
        algorithm: Algorithm,
        /// The parameter's name.
        param: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
    /// A setting of the engine or the batch (a [`crate::Limits`] field, by
    /// its name in [`crate::Limits::NAMES`], or `threads`) that is unknown,
    /// out of its range, or inconsistent with the others.
    InvalidSetting {
        /// The setting's name.
        setting: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
    /// A cost or size parameter outside the configured [`crate::Limits`].
    ParamOutOfRange {
        /// The algorithm whose parameter it is.
        algorithm: Algorithm,
        /// The parameter's name, as the record spells it.
        param: &'static str,
        /// Smallest accepted value.
        min: u64,
        /// Largest accepted value.
        max: u64,
        /// The value in the record (saturated at `u64::MAX`).
        actual: u64,
    },
    /// A well-formed input that hashport deliberately does not verify.
    Unsupported {
        /// What is not supported.
        feature: &'static str,
    },
    /// The password is longer than [`crate::Limits::max_password_len`].
    PasswordTooLong {
        /// Length of the password in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// A bcrypt password contains a NUL byte, which C bcrypt implementations
    /// cannot have hashed as given.
    PasswordContainsNul,
    /// `passwordHash` or `passwordHashConfig` is longer than its limit.
    InputTooLarge {
        /// `passwordHash` or `passwordHashConfig`.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// A verification's estimated memory is larger than the whole budget of
    /// the batch verifier, so it can never be admitted.
    OverBudget {
        /// Estimated bytes of the verification.
        need: u64,
        /// The budget in bytes.
        budget: u64,
    },
    /// The working memory of a verification or hash, or a thread to run it
    /// on, could not be had from the system: a resource limit, not a bug.
    /// Retry later, or lower the memory budget or the limits.
    OutOfMemory {
        /// What could not be had (`working memory`, `thread pool`).
        what: &'static str,
    },
    /// An internal invariant failed. This is a bug in hashport; please report it.
    Internal(&'static str),
}

impl Error {
    /// A stable, machine-readable name for the kind of error, as written in
    /// the `error.kind` member of `hashport verify` output.
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::UnknownType => "unknown_type",
            Self::InvalidConfig { .. } => "invalid_config",
            Self::InvalidHash { .. } => "invalid_hash",
            Self::InvalidParam { .. } | Self::InvalidSetting { .. } => "invalid_param",
            Self::ParamOutOfRange { .. } => "param_out_of_range",
            Self::Unsupported { .. } => "unsupported",
            Self::PasswordTooLong { .. } => "password_too_long",
            Self::PasswordContainsNul => "password_contains_nul",
            Self::InputTooLarge { .. } => "input_too_large",
            Self::OverBudget { .. } => "over_budget",
            Self::OutOfMemory { .. } => "out_of_memory",
            Self::Internal(_) => "internal",
        }
    }

    /// Every value [`Error::kind`] can return: the one list that the README,
    /// the command line and the tests are checked against.
    pub const KINDS: &'static [&'static str] = &[
        "unknown_type",
        "invalid_config",
        "invalid_hash",
        "invalid_param",
        "param_out_of_range",
        "unsupported",
        "password_too_long",
        "password_contains_nul",
        "input_too_large",
        "over_budget",
        "out_of_memory",
        "internal",
    ];

    /// The error's fields as data, for callers (the bindings) that must not
    /// parse messages: which field, part, parameter or setting, and for a
    /// bound the range and the value. Never a secret: errors hold names and
    /// numbers only.
    #[must_use]
    pub fn details(&self) -> Details {
        let mut d = Details::default();
        match *self {
            Self::UnknownType | Self::PasswordContainsNul => {}
            Self::InvalidConfig { field, .. } => {
                d.field = Some("passwordHashConfig");
                d.param = field;
            }
            Self::InvalidHash { part, .. } => {
                d.field = Some("passwordHash");
                d.param = Some(part);
            }
            Self::InvalidParam { param, .. } => d.param = Some(param),
            Self::InvalidSetting { setting, .. } => d.param = Some(setting),
            Self::ParamOutOfRange {
                param,
                min,
                max,
                actual,
                ..
            } => {
                d.param = Some(param);
                (d.min, d.max, d.actual) = (Some(min), Some(max), Some(actual));
            }
            Self::Unsupported { feature } => d.param = Some(feature),
            Self::PasswordTooLong { len, max } => {
                d.field = Some("password");
                (d.max, d.actual) = (Some(max as u64), Some(len as u64));
            }
            Self::InputTooLarge { field, len, max } => {
                d.field = Some(field);
                (d.max, d.actual) = (Some(max as u64), Some(len as u64));
            }
            Self::OverBudget { need, budget } => {
                d.param = Some("memory_budget");
                (d.max, d.actual) = (Some(budget), Some(need));
            }
            Self::OutOfMemory { what } | Self::Internal(what) => d.param = Some(what),
        }
        d
    }

    pub(crate) const fn config(field: &'static str, problem: &'static str) -> Self {
        Self::InvalidConfig {
            field: Some(field),
            problem,
        }
    }

    pub(crate) const fn hash(part: &'static str, problem: &'static str) -> Self {
        Self::InvalidHash { part, problem }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownType => f.write_str(
                "unknown passwordHashType: expected bcrypt, scrypt, firebase-scrypt, pbkdf2 or argon2",
            ),
            Self::InvalidConfig {
                field: Some(field),
                problem,
            } => write!(f, "invalid passwordHashConfig: {field}: {problem}"),
            Self::InvalidConfig {
                field: None,
                problem,
            } => write!(f, "invalid passwordHashConfig: {problem}"),
            Self::InvalidHash { part, problem } => {
                write!(f, "invalid passwordHash: {part}: {problem}")
            }
            Self::InvalidParam {
                algorithm,
                param,
                problem,
            } => write!(f, "invalid {algorithm} parameter {param}: {problem}"),
            Self::InvalidSetting { setting, problem } => {
                write!(f, "invalid setting {setting}: {problem}")
            }
            Self::ParamOutOfRange {
                algorithm,
                param,
                min,
                max,
                actual,
            } => write!(
                f,
                "{algorithm} parameter {param} is {actual}, outside the accepted range {min}..={max}"
            ),
            Self::Unsupported { feature } => write!(f, "unsupported: {feature}"),
            Self::PasswordTooLong { len, max } => {
                write!(f, "password is {len} bytes, longer than the limit of {max}")
            }
            Self::PasswordContainsNul => {
                f.write_str("password contains a NUL byte, which bcrypt cannot verify")
            }
            Self::InputTooLarge { field, len, max } => {
                write!(f, "{field} is {len} bytes, longer than the limit of {max}")
            }
            Self::OverBudget { need, budget } => write!(
                f,
                "verification needs about {need} bytes, more than the whole memory budget of {budget}"
            ),
            Self::OutOfMemory { what } => {
                write!(f, "out of memory: the system could not supply the {what}")
            }
            Self::Internal(what) => write!(f, "internal error (a bug in hashport): {what}"),
        }
    }
}

impl std::error::Error for Error {}

/// [`Error::details`]: the fields of an error as data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Details {
    /// The record field at fault: `passwordHash`, `passwordHashConfig` or
    /// `password`.
    pub field: Option<&'static str>,
    /// The part, parameter, config key or setting at fault.
    pub param: Option<&'static str>,
    /// The smallest accepted value, for a bound.
    pub min: Option<u64>,
    /// The largest accepted value, for a bound.
    pub max: Option<u64>,
    /// The value found (saturated at `u64::MAX`), for a bound.
    pub actual: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once() {
        let samples = [
            Error::UnknownType,
            Error::config("N", "missing"),
            Error::hash("salt", "not valid base64"),
            Error::InvalidParam {
                algorithm: Algorithm::Argon2,
                param: "v",
                problem: "must be 16 or 19",
            },
            Error::ParamOutOfRange {
                algorithm: Algorithm::Bcrypt,
                param: "cost",
                min: 4,
                max: 16,
                actual: 31,
            },
            Error::Unsupported { feature: "x" },
            Error::PasswordTooLong { len: 5, max: 4 },
            Error::PasswordContainsNul,
            Error::InputTooLarge {
                field: "passwordHash",
                len: 5,
                max: 4,
            },
            Error::OverBudget { need: 2, budget: 1 },
            Error::OutOfMemory {
                what: "working memory",
            },
            Error::Internal("x"),
        ];
        let kinds: Vec<&str> = samples.iter().map(Error::kind).collect();
        assert_eq!(kinds, Error::KINDS, "one sample per kind, in KINDS order");
        let limit = Error::InvalidSetting {
            setting: "min_digest_len",
            problem: "x",
        };
        assert!(Error::KINDS.contains(&limit.kind()));
        for e in &samples {
            let _ = e.details();
        }
        let d = samples[4].details();
        assert_eq!(
            (d.param, d.min, d.max, d.actual),
            (Some("cost"), Some(4), Some(16), Some(31))
        );
        assert_eq!(samples[8].details().field, Some("passwordHash"));
    }
}
