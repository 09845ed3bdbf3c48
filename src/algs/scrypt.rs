//! `scrypt`: Frontegg's `salt<saltSeparator>key` form with a
//! `{ saltSeparator, N, r, p, keyLen }` config, and PHC `$scrypt$` strings.
//!
//! Frontegg documents only the shape. The encodings are hashport's decisions,
//! following the Node.js idiom the config's key names come from
//! (`crypto.scrypt(password, salt, keylen, { N, r, p })`):
//! - `N` is the cost itself (not its log), `keyLen` is in bytes;
//! - the key is read from the right, since its length is known: hex
//!   (`2 * keyLen` characters) or base64 (either alphabet, padded or not),
//!   and the separator must sit immediately to its left;
//! - the salt is the text left of the separator, used as its UTF-8 bytes
//!   (Node code typically passes `randomBytes(16).toString('hex')` as a
//!   string); the optional keys `saltEncoding` (`utf8`|`hex`|`base64`) and
//!   `keyEncoding` (`hex`|`base64`) override the defaults.

use std::fmt;

use zeroize::Zeroizing;

use super::{
    ScryptCost, check_digest_len, check_salt_len, ct_eq, phc_decimal, phc_params, split_fields,
};
use crate::config::{Config, Key};
use crate::encoding::{TextEncoding, base64_lens, decode_base64};
use crate::{Algorithm, Error, Limits};

const ALG: Algorithm = Algorithm::Scrypt;

const KEYS: &[Key] = &[
    ("saltSeparator", &["salt_separator"]),
    ("N", &["n", "cost"]),
    ("r", &["blockSize"]),
    ("p", &["parallelization"]),
    ("keyLen", &["keylen", "dkLen"]),
    ("saltEncoding", &[]),
    ("keyEncoding", &[]),
];
const UNKNOWN: &str =
    "unknown key; scrypt accepts saltSeparator, N, r, p, keyLen, saltEncoding, keyEncoding";

/// A decoded scrypt record.
#[derive(Clone)]
pub struct Scrypt {
    cost: ScryptCost,
    salt: Vec<u8>,
    key: Vec<u8>,
}

impl fmt::Debug for Scrypt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scrypt")
            .field("n", &self.cost.n)
            .field("r", &self.cost.r)
            .field("p", &self.cost.p)
            .field("salt_len", &self.salt.len())
            .field("key_len", &self.key.len())
            .finish_non_exhaustive()
    }
}

impl Scrypt {
    /// Decodes a record. A PHC string needs no config; the Frontegg form needs one.
    ///
    /// # Errors
    /// Any [`Error`] naming the field or parameter at fault.
    pub fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
        match crate::config::given(config) {
            None if hash.starts_with("$scrypt$") => Self::decode_phc(hash, limits),
            None => Err(Error::InvalidConfig {
                field: None,
                problem: "missing: a scrypt hash that is not a $scrypt$ string needs { saltSeparator, N, r, p, keyLen }",
            }),
            Some(text) => Self::decode_frontegg(hash, text, limits),
        }
    }

    fn decode_frontegg(hash: &str, text: &str, limits: &Limits) -> Result<Self, Error> {
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
        super::check_range(
            ALG,
            "keyLen",
            key_len,
            limits.min_digest_len as u64,
            limits.max_digest_len as u64,
        )?;
        let key_len = usize::try_from(key_len).map_err(|_| Error::Internal("keyLen"))?;

        let (salt_text, key) = split_from_right(hash, sep, key_len, key_enc)?;
        let salt = salt_enc
            .decode(salt_text)
            .ok_or(Error::hash("salt", "not valid in its saltEncoding"))?;
        check_salt_len(ALG, 0, salt.len(), limits)?;
        Ok(Self { cost, salt, key })
    }

    /// `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`, base64 salt and hash
    /// (any dialect). An `ln` above 63 cannot be a logarithm: Ory Kratos
    /// writes N itself there (`ln=16384`), so such a value is taken as N.
    fn decode_phc(hash: &str, limits: &Limits) -> Result<Self, Error> {
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
        Ok(Self { cost, salt, key })
    }

    /// Checks a password.
    ///
    /// # Errors
    /// Only on an internal failure (allocation).
    pub fn verify(&self, password: &[u8]) -> Result<bool, Error> {
        let mut out = Zeroizing::new(vec![0u8; self.key.len()]);
        super::scrypt_core::scrypt(
            password,
            &self.salt,
            self.cost.n,
            self.cost.r,
            self.cost.p,
            &mut out,
        )?;
        Ok(ct_eq(&out, &self.key))
    }

    /// Estimated bytes of memory one verification uses.
    #[must_use]
    pub fn memory(&self) -> u64 {
        self.cost.memory()
    }

    /// The cost parameters (N, r, p) and the key length in bytes.
    #[must_use]
    pub fn params(&self) -> (u64, u32, u32, usize) {
        (self.cost.n, self.cost.r, self.cost.p, self.key.len())
    }

    /// Relative work: N * r * p.
    #[must_use]
    pub(crate) fn work(&self) -> u64 {
        self.cost
            .n
            .saturating_mul(u64::from(self.cost.r))
            .saturating_mul(u64::from(self.cost.p))
    }
}

/// Reads a key of `key_len` bytes from the right end of `hash`, preceded by
/// `sep`. Returns the salt text and the key. With no `key_enc`, every reading
/// (hex, padded base64, unpadded base64) that fits is a candidate; more than
/// one is an ambiguity the caller must settle with `keyEncoding`.
fn split_from_right<'h>(
    hash: &'h str,
    sep: &str,
    key_len: usize,
    key_enc: Option<TextEncoding>,
) -> Result<(&'h str, Vec<u8>), Error> {
    let (b64_padded, b64_unpadded) = base64_lens(key_len);
    let hex_len = key_len.saturating_mul(2);
    let mut readings: Vec<(TextEncoding, usize)> = Vec::with_capacity(3);
    if key_enc != Some(TextEncoding::Base64) {
        readings.push((TextEncoding::Hex, hex_len));
    }
    if key_enc != Some(TextEncoding::Hex) {
        readings.push((TextEncoding::Base64, b64_padded));
        if b64_unpadded != b64_padded {
            readings.push((TextEncoding::Base64, b64_unpadded));
        }
    }
    let mut found: Option<(&str, Vec<u8>)> = None;
    for (enc, len) in readings {
        let Some(split) = hash.len().checked_sub(len) else {
            continue;
        };
        let (Some(left), Some(text)) = (hash.get(..split), hash.get(split..)) else {
            continue;
        };
        let Some(salt) = left.strip_suffix(sep) else {
            continue;
        };
        let Some(key) = enc.decode(text).filter(|k| k.len() == key_len) else {
            continue;
        };
        if found.is_some() {
            return Err(Error::hash(
                "key",
                "both a hex and a base64 key fit; set keyEncoding in the config",
            ));
        }
        found = Some((salt, key));
    }
    found.ok_or(Error::hash(
        "key",
        "no hex or base64 key of keyLen bytes follows the salt separator",
    ))
}
