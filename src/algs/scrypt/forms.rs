//! scrypt's wire forms: one function per accepted form.
//!
//! Frontegg documents only the shape of its form. The encodings are
//! hashport's decisions, following the Node.js idiom the config's key names
//! come from (`crypto.scrypt(password, salt, keylen, { N, r, p })`):
//! - `N` is the cost itself (not its log), `keyLen` is in bytes;
//! - the key is read from the right, since its length is known: hex
//!   (`2 * keyLen` characters) or base64 (either alphabet, padded or not),
//!   and the separator must sit immediately to its left;
//! - the salt is the text left of the separator, used as its UTF-8 bytes
//!   (Node code typically passes `randomBytes(16).toString('hex')` as a
//!   string); the optional keys `saltEncoding` (`utf8`|`hex`|`base64`) and
//!   `keyEncoding` (`hex`|`base64`) override the defaults.

use super::{ALG, Scrypt};
use crate::algs::{
    ScryptCost, check_digest_len, check_range, check_salt_len, config_keys, phc_decimal,
    phc_params, split_fields, split_key_from_right,
};
use crate::config::Config;
use crate::encoding::{TextEncoding, decode_base64, decode_hex};
use crate::{Error, Limits};

/// Picks the form: strings that carry their parameters take no config
/// (PHC, Django, Werkzeug); anything else is Frontegg's form with a config.
pub(super) fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Scrypt, Error> {
    match crate::config::given(config) {
        None if hash.starts_with("$scrypt$") => phc(hash, limits),
        None if hash.starts_with("scrypt$") => django(hash, limits),
        None if hash.starts_with("scrypt:") => werkzeug(hash, limits),
        None => Err(Error::InvalidConfig {
            field: None,
            problem: "missing: a scrypt hash that is not a $scrypt$ string needs { saltSeparator, N, r, p, keyLen }",
        }),
        Some(text) => frontegg(hash, text, limits),
    }
}

/// Django: `scrypt$<N>$<salt text>$<r>$<p>$<base64 key>`.
fn django(hash: &str, limits: &Limits) -> Result<Scrypt, Error> {
    let Some(["scrypt", n, salt, r, p, key]) = split_fields(hash, '$') else {
        return Err(Error::hash(
            "structure",
            "expected scrypt$N$salt$r$p$key (Werkzeug's default parameters are not assumed)",
        ));
    };
    let key = decode_base64(key).ok_or(Error::hash("hash", "not valid base64"))?;
    text_salted(salt, [n, r, p], key, limits)
}

/// Werkzeug: `scrypt:<N>:<r>:<p>$<salt text>$<hex key>`.
fn werkzeug(hash: &str, limits: &Limits) -> Result<Scrypt, Error> {
    let Some([method, salt, key]) = split_fields(hash, '$') else {
        return Err(Error::hash("structure", "expected scrypt:N:r:p$salt$hex"));
    };
    let Some(["scrypt", n, r, p]) = split_fields(method, ':') else {
        return Err(Error::hash(
            "parameters",
            "expected scrypt:N:r:p (Werkzeug's default parameters are not assumed)",
        ));
    };
    let key = decode_hex(key).ok_or(Error::hash("hash", "not valid hex"))?;
    text_salted(salt, [n, r, p], key, limits)
}

/// A record whose salt is its text's UTF-8 bytes.
fn text_salted(
    salt: &str,
    [n, r, p]: [&str; 3],
    key: Vec<u8>,
    limits: &Limits,
) -> Result<Scrypt, Error> {
    let cost = ScryptCost::new(
        ALG,
        ["N", "r", "p"],
        phc_decimal("N", n)?,
        phc_decimal("r", r)?,
        phc_decimal("p", p)?,
        limits,
    )?;
    check_salt_len(ALG, 0, salt.len(), limits)?;
    check_digest_len(ALG, "hash length", key.len(), limits)?;
    Ok(Scrypt {
        cost,
        salt: salt.as_bytes().to_vec(),
        key,
    })
}

config_keys! {
    "scrypt": "saltSeparator" ["salt_separator"],
    "N" ["n", "cost"],
    "r" ["blockSize"],
    "p" ["parallelization"],
    "keyLen" ["keylen", "dkLen"],
    "saltEncoding",
    "keyEncoding",
}

/// Frontegg's `<salt><saltSeparator><key>` with a
/// `{ saltSeparator, N, r, p, keyLen }` config.
fn frontegg(hash: &str, text: &str, limits: &Limits) -> Result<Scrypt, Error> {
    let cfg = Config::parse(text, KEYS, UNKNOWN)?;
    let sep = cfg.required_str("saltSeparator")?;
    let n = cfg.required_u64("N")?;
    let r = cfg.required_u64("r")?;
    let p = cfg.required_u64("p")?;
    let key_len = cfg.required_u64("keyLen")?;
    let salt_enc = match cfg.str("saltEncoding")? {
        None => TextEncoding::Utf8,
        Some(name) => TextEncoding::parse(name)
            .ok_or(Error::config("saltEncoding", "must be utf8, hex or base64"))?,
    };
    let key_enc = match cfg.str("keyEncoding")? {
        None => None,
        Some(name) => match TextEncoding::parse(name) {
            Some(e @ (TextEncoding::Hex | TextEncoding::Base64)) => Some(e),
            _ => return Err(Error::config("keyEncoding", "must be hex or base64")),
        },
    };
    let cost = ScryptCost::new(ALG, ["N", "r", "p"], n, r, p, limits)?;
    check_range(
        ALG,
        "keyLen",
        key_len,
        limits.min_digest_len as u64,
        limits.max_digest_len as u64,
    )?;
    let key_len = usize::try_from(key_len).map_err(|_| Error::Internal("keyLen"))?;

    let encodings: &[TextEncoding] = match key_enc {
        Some(e) => &[e],
        None => &[TextEncoding::Hex, TextEncoding::Base64],
    };
    let (salt_text, key) = split_key_from_right(
        hash,
        sep,
        key_len,
        encodings,
        [
            Error::hash(
                "key",
                "no hex or base64 key of keyLen bytes follows the salt separator",
            ),
            Error::hash(
                "key",
                "both a hex and a base64 key fit; set keyEncoding in the config",
            ),
        ],
    )?;
    let salt = salt_enc
        .decode(salt_text)
        .ok_or(Error::hash("salt", "not valid in its saltEncoding"))?;
    check_salt_len(ALG, 0, salt.len(), limits)?;
    Ok(Scrypt { cost, salt, key })
}

/// `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`, base64 salt and hash
/// (any dialect). An `ln` above 63 cannot be a logarithm: Ory Kratos
/// writes N itself there (`ln=16384`), so such a value is taken as N.
fn phc(hash: &str, limits: &Limits) -> Result<Scrypt, Error> {
    let Some(["", "scrypt", params, salt, key]) = split_fields(hash, '$') else {
        return Err(Error::hash(
            "structure",
            "expected $scrypt$ln=..,r=..,p=..$salt$hash",
        ));
    };
    let (mut ln, mut r, mut p) = (None, None, None);
    for (k, v) in phc_params(params)? {
        let slot = match k {
            "ln" => &mut ln,
            "r" => &mut r,
            "p" => &mut p,
            _ => return Err(Error::hash("parameters", "unknown scrypt parameter")),
        };
        *slot = Some(phc_decimal("parameters", v)?);
    }
    let (Some(ln), Some(r), Some(p)) = (ln, r, p) else {
        return Err(Error::hash("parameters", "ln, r and p are required"));
    };
    let n = if ln > 63 {
        ln
    } else {
        1u64.checked_shl(u32::try_from(ln).unwrap_or(u32::MAX))
            .unwrap_or(u64::MAX)
    };
    let cost = ScryptCost::new(ALG, ["N (2^ln)", "r", "p"], n, r, p, limits)?;
    let salt = decode_base64(salt).ok_or(Error::hash("salt", "not valid base64"))?;
    let key = decode_base64(key).ok_or(Error::hash("hash", "not valid base64"))?;
    check_salt_len(ALG, 0, salt.len(), limits)?;
    check_digest_len(ALG, "hash length", key.len(), limits)?;
    Ok(Scrypt { cost, salt, key })
}
