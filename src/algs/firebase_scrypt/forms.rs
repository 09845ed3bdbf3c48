//! Firebase scrypt's wire forms: one function per accepted form, and
//! [`decode`], which tells them apart.
//!
//! - Frontegg: `<base64 salt><saltSeparator as written><base64 hash>` with a
//!   `{ memCost, rounds, saltSeparator, signerKey }` config (see below).
//! - Strings that carry the project's parameters, with no config (a config
//!   given too must agree): Ory Kratos `$firescrypt$`, Supabase
//!   `$fbscrypt$`, WorkOS `$firebase-scrypt$`, Clerk's `scrypt_firebase`
//!   digest.
//!
//! Where the per-user salt goes is not documented by Frontegg, so both
//! places are accepted: a `salt` key in the config (then `passwordHash` is
//! the base64 hash alone), or inside `passwordHash` as `<salt><saltSeparator
//! exactly as written><hash>`, read from the right because the hash length
//! is known. The snake_case names of Firebase's own `hash_config` export are
//! accepted as aliases.

use super::{ALG, FirebaseScrypt};
use crate::algs::{
    ScryptCost, check_range, check_salt_len, config_keys, phc_decimal, phc_params, split_fields,
    split_key_from_right,
};
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

/// The config, read into its fields (all optional here: a string form
/// may carry some of them).
#[derive(Default)]
struct Params {
    mem_cost: Option<u64>,
    rounds: Option<u64>,
    /// The separator as written (its base64 text) and decoded.
    separator: Option<(String, Vec<u8>)>,
    signer_key: Option<Vec<u8>>,
    salt: Option<Vec<u8>>,
}

fn read_config(text: &str) -> Result<Params, Error> {
    let cfg = Config::parse(text, KEYS, UNKNOWN)?;
    if let Some(alg) = cfg.str("algorithm")?
        && !alg.eq_ignore_ascii_case("scrypt")
    {
        return Err(Error::config("algorithm", "must be SCRYPT when given"));
    }
    let base64 = |key: &'static str| -> Result<Option<Vec<u8>>, Error> {
        cfg.str(key)?
            .map(|t| decode_base64(t).ok_or(Error::config(key, "not valid base64")))
            .transpose()
    };
    Ok(Params {
        mem_cost: cfg.u64("memCost")?,
        rounds: cfg.u64("rounds")?,
        separator: match cfg.str("saltSeparator")? {
            Some(t) => Some((
                t.to_owned(),
                decode_base64(t).ok_or(Error::config("saltSeparator", "not valid base64"))?,
            )),
            None => None,
        },
        signer_key: base64("signerKey")?,
        salt: base64("salt")?,
    })
}

/// Picks the form: a string that carries the project's parameters (Kratos,
/// Supabase, WorkOS, Clerk), else Frontegg's `<salt><sep><hash>` with a
/// config. Where both the string and the config give a parameter, they must
/// agree (`invalid_config` naming it otherwise).
pub(super) fn decode(
    hash: &str,
    config: Option<&str>,
    limits: &Limits,
) -> Result<FirebaseScrypt, Error> {
    let cfg = crate::config::given(config).map(read_config).transpose()?;
    let carried = if let Some(rest) = hash.strip_prefix("$firescrypt$") {
        Some(kratos(rest)?)
    } else if let Some(rest) = hash.strip_prefix("$fbscrypt$") {
        Some(supabase(rest)?)
    } else if let Some(rest) = hash.strip_prefix("$firebase-scrypt$") {
        Some(workos(rest)?)
    } else {
        clerk(hash)?
    };
    match (carried, cfg) {
        (Some((mut from_string, salt, digest)), cfg) => {
            match cfg {
                Some(cfg) => merge(&mut from_string, cfg)?,
                None if from_string.mem_cost.is_none()
                    || from_string.rounds.is_none()
                    || from_string.separator.is_none()
                    || from_string.signer_key.is_none() =>
                {
                    return Err(Error::hash(
                        "parameters",
                        "memCost, rounds, salt separator and signer key are required (in the string or a config)",
                    ));
                }
                None => {}
            }
            build(from_string, salt, digest, limits)
        }
        (None, Some(cfg)) => frontegg(hash, cfg, limits),
        (None, None) if hash.contains('$') => Err(Error::hash(
            "structure",
            "not a firebase-scrypt string of a known form ($firescrypt$, $fbscrypt$, $firebase-scrypt$, Clerk's)",
        )),
        (None, None) => Err(Error::InvalidConfig {
            field: None,
            problem: "missing: firebase-scrypt needs { memCost, rounds, saltSeparator, signerKey }",
        }),
    }
}

/// Fills what the string lacks from the config; what both give must agree.
fn merge(from_string: &mut Params, cfg: Params) -> Result<(), Error> {
    const DIFFERS: &str = "differs from the one in passwordHash";
    fn agree<T: PartialEq>(
        slot: &mut Option<T>,
        value: Option<T>,
        field: &'static str,
    ) -> Result<(), Error> {
        match (slot.as_ref(), value) {
            (Some(a), Some(b)) if *a != b => Err(Error::config(field, DIFFERS)),
            (None, Some(b)) => {
                *slot = Some(b);
                Ok(())
            }
            _ => Ok(()),
        }
    }
    agree(&mut from_string.mem_cost, cfg.mem_cost, "memCost")?;
    agree(&mut from_string.rounds, cfg.rounds, "rounds")?;
    agree(&mut from_string.signer_key, cfg.signer_key, "signerKey")?;
    match (&from_string.separator, cfg.separator) {
        (Some((_, a)), Some((_, b))) if *a != b => Err(Error::config("saltSeparator", DIFFERS)),
        (None, Some(sep)) => {
            from_string.separator = Some(sep);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A string form's parameters, salt and hash.
type Carried = (Params, Vec<u8>, Vec<u8>);

fn b64(part: &'static str, text: &str) -> Result<Vec<u8>, Error> {
    decode_base64(text).ok_or(Error::hash(part, "not valid base64"))
}

fn separator(text: &str) -> Result<(String, Vec<u8>), Error> {
    Ok((text.to_owned(), b64("salt separator", text)?))
}

/// Ory Kratos: `$firescrypt$ln=<memCost>,r=<rounds>,p=1$<salt>$<hash>$<salt
/// separator>$<signer key>`, after the prefix.
fn kratos(rest: &str) -> Result<Carried, Error> {
    let Some([params, salt, hash, sep, signer_key]) = split_fields(rest, '$') else {
        return Err(Error::hash(
            "structure",
            "expected $firescrypt$ln=..,r=..,p=..$salt$hash$saltSeparator$signerKey",
        ));
    };
    let mut out = Params::default();
    for (k, v) in phc_params(params)? {
        match k {
            "ln" => out.mem_cost = Some(phc_decimal("parameters", v)?),
            "r" => out.rounds = Some(phc_decimal("parameters", v)?),
            "p" if v == "1" => {}
            "p" => {
                return Err(Error::Unsupported {
                    feature: "firebase scrypt with p other than 1",
                });
            }
            _ => return Err(Error::hash("parameters", "unknown firescrypt parameter")),
        }
    }
    out.separator = Some(separator(sep)?);
    out.signer_key = Some(b64("signer key", signer_key)?);
    Ok((out, b64("salt", salt)?, b64("hash", hash)?))
}

/// Supabase: `$fbscrypt$v=1,n=<memCost>,r=<rounds>,p=1,ss=<separator>,sk=<signer
/// key>$<salt>$<hash>`, after the prefix (`ss` and `sk` may come from the
/// config instead).
fn supabase(rest: &str) -> Result<Carried, Error> {
    let Some([params, salt, hash]) = split_fields(rest, '$') else {
        return Err(Error::hash(
            "structure",
            "expected $fbscrypt$v=1,n=..,r=..,p=..,ss=..,sk=..$salt$hash",
        ));
    };
    let mut out = Params::default();
    for item in params.split(',') {
        let (k, v) = item
            .split_once('=')
            .ok_or(Error::hash("parameters", "expected name=value pairs"))?;
        match k {
            "v" if v == "1" => {}
            "v" => return Err(Error::hash("parameters", "unknown $fbscrypt$ version")),
            "n" => out.mem_cost = Some(phc_decimal("parameters", v)?),
            "r" => out.rounds = Some(phc_decimal("parameters", v)?),
            "p" if v == "1" => {}
            "p" => {
                return Err(Error::Unsupported {
                    feature: "firebase scrypt with p other than 1",
                });
            }
            "ss" => out.separator = Some(separator(v)?),
            "sk" => out.signer_key = Some(b64("signer key", v)?),
            _ => return Err(Error::hash("parameters", "unknown $fbscrypt$ parameter")),
        }
    }
    Ok((out, b64("salt", salt)?, b64("hash", hash)?))
}

/// WorkOS: `$firebase-scrypt$hash=..$salt=..$sk=..$ss=..$r=..$m=..`, after
/// the prefix, values in base64 (padded or not) or decimal.
fn workos(rest: &str) -> Result<Carried, Error> {
    let (mut salt, mut hash) = (None, None);
    let mut out = Params::default();
    for item in rest.split('$') {
        let (k, v) = item
            .split_once('=')
            .ok_or(Error::hash("parameters", "expected name=value fields"))?;
        let repeated = || Error::hash("parameters", "a field is given more than once");
        match k {
            "hash" if hash.is_none() => hash = Some(b64("hash", v)?),
            "salt" if salt.is_none() => salt = Some(b64("salt", v)?),
            "sk" if out.signer_key.is_none() => out.signer_key = Some(b64("signer key", v)?),
            "ss" if out.separator.is_none() => out.separator = Some(separator(v)?),
            "r" if out.rounds.is_none() => out.rounds = Some(phc_decimal("parameters", v)?),
            "m" if out.mem_cost.is_none() => out.mem_cost = Some(phc_decimal("parameters", v)?),
            "hash" | "salt" | "sk" | "ss" | "r" | "m" => return Err(repeated()),
            _ => return Err(Error::hash("parameters", "unknown $firebase-scrypt$ field")),
        }
    }
    match (salt, hash) {
        (Some(salt), Some(hash)) => Ok((out, salt, hash)),
        _ => Err(Error::hash("structure", "hash= and salt= are required")),
    }
}

/// Clerk's `scrypt_firebase` digest: `<hash>$<salt>$<signer key>$<salt
/// separator>$<rounds>$<memCost>`; `None` for any other shape.
fn clerk(text: &str) -> Result<Option<Carried>, Error> {
    let Some([hash, salt, signer_key, sep, rounds, mem_cost]) = split_fields(text, '$') else {
        return Ok(None);
    };
    let decimal = |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    if !decimal(rounds) || !decimal(mem_cost) {
        return Ok(None);
    }
    let out = Params {
        mem_cost: Some(phc_decimal("memCost", mem_cost)?),
        rounds: Some(phc_decimal("rounds", rounds)?),
        separator: Some(separator(sep)?),
        signer_key: Some(b64("signer key", signer_key)?),
        salt: None,
    };
    Ok(Some((out, b64("salt", salt)?, b64("hash", hash)?)))
}

/// Frontegg's `<base64 salt><saltSeparator as written><base64 hash>` (the
/// salt may be empty), or the hash alone with a `salt` key in the config.
fn frontegg(hash: &str, cfg: Params, limits: &Limits) -> Result<FirebaseScrypt, Error> {
    let Some((sep_text, _)) = cfg.separator.as_ref() else {
        return Err(Error::config("saltSeparator", "missing"));
    };
    let Some(key_len) = cfg.signer_key.as_ref().map(Vec::len) else {
        return Err(Error::config("signerKey", "missing"));
    };
    let (salt, digest) = match &cfg.salt {
        Some(salt) => (
            salt.clone(),
            decode_base64(hash).ok_or(Error::hash("hash", "not valid base64"))?,
        ),
        None => {
            let (salt, digest) = split_key_from_right(
                hash,
                sep_text,
                key_len,
                &[TextEncoding::Base64],
                [
                    Error::hash(
                        "structure",
                        "expected <base64 salt><saltSeparator><base64 hash as long as the signer key>",
                    ),
                    Error::hash("structure", "more than one salt/hash split fits"),
                ],
            )?;
            (
                decode_base64(salt).ok_or(Error::hash("salt", "not valid base64"))?,
                digest,
            )
        }
    };
    build(cfg, salt, digest, limits)
}

/// Checks the parameters and builds the record.
fn build(
    params: Params,
    mut salt: Vec<u8>,
    hash: Vec<u8>,
    limits: &Limits,
) -> Result<FirebaseScrypt, Error> {
    let mem_cost = params.mem_cost.ok_or(Error::config("memCost", "missing"))?;
    let rounds = params.rounds.ok_or(Error::config("rounds", "missing"))?;
    let (_, separator) = params
        .separator
        .ok_or(Error::config("saltSeparator", "missing"))?;
    let signer_key = params
        .signer_key
        .ok_or(Error::config("signerKey", "missing"))?;
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
    if signer_key.len() < limits.min_digest_len || signer_key.len() > limits.max_digest_len {
        return Err(Error::config(
            "signerKey",
            "decoded length outside the accepted digest lengths",
        ));
    }
    if hash.len() != signer_key.len() {
        return Err(Error::hash(
            "hash",
            "decoded length differs from the signer key's",
        ));
    }
    check_salt_len(ALG, 0, salt.len(), limits)?;
    salt.extend_from_slice(&separator);
    Ok(FirebaseScrypt {
        cost,
        salt,
        signer_key,
        hash,
    })
}
