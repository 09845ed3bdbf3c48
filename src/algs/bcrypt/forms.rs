//! bcrypt's wire forms: one function per accepted form, and [`decode`],
//! which tells them apart: modular crypt strings, and Django's
//! `bcrypt$$2b$...`.

use super::{ALG, Bcrypt, BcryptVariant};
use crate::algs::check_range;
use crate::config::expect_no_config;
use crate::encoding::decode_bcrypt_b64;
use crate::{Error, Limits};

/// Picks the form.
pub(super) fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Bcrypt, Error> {
    if hash.starts_with("bcrypt_sha256$") {
        return Err(Error::Unsupported {
            feature: "Django's bcrypt_sha256 (bcrypt over a SHA-256 of the password)",
        });
    }
    // Django: `bcrypt$` before the modular crypt string.
    mcf(hash.strip_prefix("bcrypt$").unwrap_or(hash), config, limits)
}

/// Modular crypt: `$2a$`, `$2b$`, `$2x$`, `$2y$` or `$2$`, two cost digits,
/// then 22 salt and 31 hash characters of bcrypt base64. No config.
fn mcf(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Bcrypt, Error> {
    expect_no_config(config)?;
    let (minor, rest) = if let Some(rest) = hash.strip_prefix("$2$") {
        (BcryptVariant::None, rest)
    } else {
        let minor = match hash.get(..4) {
            Some("$2a$") => BcryptVariant::A,
            Some("$2b$") => BcryptVariant::B,
            Some("$2x$") => BcryptVariant::X,
            Some("$2y$") => BcryptVariant::Y,
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
    decode_bcrypt_b64(salt_text, &mut salt)
        .ok_or(Error::hash("salt", "not valid bcrypt base64"))?;
    decode_bcrypt_b64(hash_text, &mut digest)
        .ok_or(Error::hash("hash", "not valid bcrypt base64"))?;
    check_range(
        ALG,
        "cost",
        u64::from(cost),
        4,
        u64::from(limits.bcrypt_max_cost),
    )?;
    Ok(Bcrypt {
        minor,
        cost,
        salt,
        hash: digest,
    })
}
