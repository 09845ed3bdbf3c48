//! Firebase scrypt's wire forms: one function per accepted form.
//!
//! Where the per-user salt goes is not documented by Frontegg, so both
//! places are accepted: a `salt` key in the config (then `passwordHash` is
//! the base64 hash alone), or inside `passwordHash` as `<salt><saltSeparator
//! exactly as written><hash>`, read from the right because the hash length
//! is known. The snake_case names of Firebase's own `hash_config` export are
//! accepted as aliases.

use super::{ALG, FirebaseScrypt};
use crate::algs::{ScryptCost, check_range, check_salt_len, config_keys, split_key_from_right};
use crate::config::Config;
use crate::encoding::{TextEncoding, decode_base64};
use crate::{Error, Limits};

config_keys! {
    "firebase-scrypt": "memCost" ["mem_cost", "memoryCost"],
    "rounds",
    "saltSeparator" ["base64_salt_separator", "salt_separator"],
    "signerKey" ["base64_signer_key", "signer_key", "key"],
    "salt",
    "algorithm",
}

/// `<base64 salt><saltSeparator><base64 hash>` (or the hash alone with a
/// `salt` key) and a `{ memCost, rounds, saltSeparator, signerKey }` config.
pub(super) fn frontegg(
    hash: &str,
    config: Option<&str>,
    limits: &Limits,
) -> Result<FirebaseScrypt, Error> {
    let text = crate::config::given(config).ok_or(Error::InvalidConfig {
        field: None,
        problem: "missing: firebase-scrypt needs { memCost, rounds, saltSeparator, signerKey }",
    })?;
    let cfg = Config::parse(text, KEYS, UNKNOWN)?;
    if let Some(alg) = cfg.str("algorithm")?
        && !alg.eq_ignore_ascii_case("scrypt")
    {
        return Err(Error::config("algorithm", "must be SCRYPT when given"));
    }
    let mem_cost = cfg.required_u64("memCost")?;
    let rounds = cfg.required_u64("rounds")?;
    let sep_text = cfg.required_str("saltSeparator")?;
    let signer_text = cfg.required_str("signerKey")?;
    check_range(ALG, "memCost", mem_cost, 1, limits.firebase_max_mem_cost)?;
    check_range(ALG, "rounds", rounds, 1, limits.firebase_max_rounds)?;
    let cost = ScryptCost::new(
        ALG,
        ["memCost (N = 2^memCost)", "rounds", "p"],
        1u64 << mem_cost.min(63),
        rounds,
        1,
        limits,
    )?;
    let separator =
        decode_base64(sep_text).ok_or(Error::config("saltSeparator", "not valid base64"))?;
    let signer_key =
        decode_base64(signer_text).ok_or(Error::config("signerKey", "not valid base64"))?;
    if signer_key.len() < limits.min_digest_len || signer_key.len() > limits.max_digest_len {
        return Err(Error::config(
            "signerKey",
            "decoded length outside the accepted digest lengths",
        ));
    }

    let (salt, hash_bytes) = match cfg.str("salt")? {
        Some(salt) => {
            let salt = decode_base64(salt).ok_or(Error::config("salt", "not valid base64"))?;
            let h = decode_base64(hash).ok_or(Error::hash("hash", "not valid base64"))?;
            (salt, h)
        }
        None => {
            let (salt, h) = split_key_from_right(
                hash,
                sep_text,
                signer_key.len(),
                &[TextEncoding::Base64],
                [
                    Error::hash(
                        "structure",
                        "expected <base64 salt><saltSeparator><base64 hash as long as the signer key>",
                    ),
                    Error::hash("structure", "more than one salt/hash split fits"),
                ],
            )?;
            if salt.is_empty() {
                return Err(Error::hash(
                    "salt",
                    "missing: give it before the separator or as `salt` in the config",
                ));
            }
            let salt = decode_base64(salt).ok_or(Error::hash("salt", "not valid base64"))?;
            (salt, h)
        }
    };
    if hash_bytes.len() != signer_key.len() {
        return Err(Error::hash(
            "hash",
            "decoded length differs from the signer key's",
        ));
    }
    let mut salt = salt;
    check_salt_len(ALG, 0, salt.len(), limits)?;
    salt.extend_from_slice(&separator);
    Ok(FirebaseScrypt {
        cost,
        salt,
        signer_key,
        hash: hash_bytes,
    })
}
