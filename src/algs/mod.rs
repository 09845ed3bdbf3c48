//! One folder per `passwordHashType`, each speaking the same vocabulary
//! ([`Alg`]): `mod.rs` holds the decoded record (validated parameters,
//! private fields), its `verify`, its typed `params()`, `memory()` and
//! `work()`, and, for the native policies, `encode`; `forms.rs` holds one
//! function per accepted wire form (the place a new form goes); the KDF
//! itself and its SIMD paths sit beside them (`core.rs`, `romix.rs`,
//! `eksblowfish.rs`, ...). Shared checks and parsers are in this file.

/// `unroll!(m: 0 1 2)` is `m!(0); m!(1); m!(2);`: the unrolled round
/// groups of the hash kernels, whose indices must be constants.
macro_rules! unroll {
    ($m:ident: $($i:literal)*) => {
        $( $m!($i); )*
    };
}

pub(crate) mod argon2;
pub(crate) mod bcrypt;
mod firebase_scrypt;
pub(crate) mod pbkdf2;
pub(crate) mod scrypt;

pub(crate) use argon2::Argon2;
pub use argon2::{Argon2Params, Argon2Variant};
pub(crate) use bcrypt::{Bcrypt, MAX_PASSWORD_BYTES};
pub use bcrypt::{BcryptParams, BcryptVariant};
pub(crate) use firebase_scrypt::FirebaseScrypt;
pub use firebase_scrypt::FirebaseScryptParams;
pub(crate) use pbkdf2::Pbkdf2;
pub use pbkdf2::{Pbkdf2Digest, Pbkdf2Params};
pub(crate) use scrypt::Scrypt;
pub use scrypt::ScryptParams;

use subtle::ConstantTimeEq;

use crate::encoding::TextEncoding;
use crate::{Algorithm, Error, Limits};

/// What every algorithm module provides: the one vocabulary that
/// `crate::record` dispatches over.
pub(crate) trait Alg: Sized {
    /// The `passwordHashType` this module decodes.
    const ALGORITHM: Algorithm;

    /// Decodes a record (hash and config) into validated parameters, within
    /// `limits`. The caller (`Record::decode`) has checked the input sizes.
    fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error>;

    /// Whether `password` is the one the record was made from (constant-time
    /// compare; derived keys zeroized).
    fn verify(&self, password: &[u8]) -> Result<bool, Error>;

    /// The decoded parameters (no salt, key or hash).
    fn params(&self) -> Params;

    /// Bytes of working memory one verification uses.
    fn memory(&self) -> u64;

    /// A unitless work figure comparable within one algorithm.
    fn work(&self) -> u64;

    /// The part of [`Alg::memory`] that goes into a thread's kept arena
    /// (`crate::scratch`), if any: scrypt's V, argon2's blocks.
    fn arena(&self) -> Option<(crate::scratch::Arena, u64)> {
        None
    }

    /// The compute part of one verification's estimated time, in reference
    /// milliseconds ([`weights`]); `crate::record` adds the cost of fresh
    /// working memory.
    fn compute_millis(&self) -> f64;
}

/// The cost model's fixed weights: reference milliseconds of one core per
/// unit of each family's work, measured once on the reference machine (AMD
/// EPYC Zen 4 VM, the best kernel level: SHA-NI, AVX2, AVX-512VL, BMI2) by
/// `benches/calibrate` and written down here, so that whether a record is
/// accepted never depends on the CPU it runs on. Estimates err high: a
/// verification is charged its worst case (`$2a$`'s second attempt) and
/// fresh working memory.
pub(crate) mod weights {
    /// bcrypt, per 2^cost (cost 10: 48-55 ms).
    pub(crate) const BCRYPT_PER_ROUND: f64 = 55.0 / 1024.0;
    /// scrypt and Firebase scrypt, per N * r * p (N = 2^14, r = 8: 22-25 ms
    /// in kept memory).
    pub(crate) const SCRYPT_PER_NRP: f64 = 25.0 / 131_072.0;
    /// PBKDF2-HMAC-SHA1, per iteration and output block.
    pub(crate) const PBKDF2_SHA1_PER_BLOCK: f64 = 86.8 / 1_300_000.0;
    /// PBKDF2-HMAC-SHA256, per iteration and output block.
    pub(crate) const PBKDF2_SHA256_PER_BLOCK: f64 = 43.4 / 600_000.0;
    /// PBKDF2-HMAC-SHA512, per iteration and output block (210k: 78-105
    /// ms).
    pub(crate) const PBKDF2_SHA512_PER_BLOCK: f64 = 105.0 / 210_000.0;
    /// argon2, per KiB of memory and pass, in cache (m = 19456, t = 2: 7.7
    /// ms).
    pub(crate) const ARGON2_PER_KIB_PASS: f64 = 7.7 / 38_912.0;
    /// Working memory beyond this many bytes is taken to miss the caches.
    pub(crate) const CACHED_BYTES: f64 = 16.0 * 1024.0 * 1024.0;
    /// argon2, per KiB-pass that misses the caches, on top of
    /// [`ARGON2_PER_KIB_PASS`] (m = 131072, t = 16: 0.43 us per KiB-pass in
    /// all).
    pub(crate) const ARGON2_MISS_PER_KIB_PASS: f64 = 0.23e-3;
    /// scrypt, per random read of V (N * p of them) that misses the caches
    /// (N = 2^20, r = 1, p = 4: 2.1 s, of which 0.8 s is Salsa20/8).
    pub(crate) const SCRYPT_MISS_PER_READ: f64 = 0.3e-3;

    /// The share of `bytes` of working memory beyond the caches.
    pub(crate) fn missed_share(bytes: u64) -> f64 {
        #[allow(clippy::cast_precision_loss, reason = "an estimate")]
        let bytes = bytes as f64;
        if bytes > CACHED_BYTES {
            (bytes - CACHED_BYTES) / bytes
        } else {
            0.0
        }
    }
    /// What every verification costs beyond its KDF (decoding, dispatch,
    /// buffers).
    pub(crate) const PER_VERIFICATION: f64 = 0.1;
    /// Mapping, clearing and faulting in fresh working memory, per MiB
    /// (argon2 at t = 1, where memory dominates: 0.5-0.65 ms per MiB on the
    /// reference VM).
    pub(crate) const FRESH_MEMORY_PER_MIB: f64 = 0.6;
}

/// The decoded parameters of a record, by type; serialised (in `hashport
/// inspect`) as the fields of the inner struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Params {
    /// A bcrypt record's.
    Bcrypt(BcryptParams),
    /// A scrypt record's.
    Scrypt(ScryptParams),
    /// A Firebase scrypt record's.
    FirebaseScrypt(FirebaseScryptParams),
    /// A PBKDF2 record's.
    Pbkdf2(Pbkdf2Params),
    /// An argon2 record's.
    Argon2(Argon2Params),
}

/// Declares a config's accepted keys, `KEYS` (canonical name and aliases),
/// and the message for an unknown key, `UNKNOWN`, which lists the canonical
/// names: both from one table, so they cannot disagree.
macro_rules! config_keys {
    ($alg:literal: $first:literal $([$($fa:literal),*])? $(, $key:literal $([$($a:literal),*])?)* $(,)?) => {
        const KEYS: &[$crate::config::Key] = &[
            ($first, &[$($($fa),*)?]),
            $(($key, &[$($($a),*)?]),)*
        ];
        const UNKNOWN: &str = concat!("unknown key; ", $alg, " accepts ", $first $(, ", ", $key)*);
    };
}
pub(crate) use config_keys;

/// Checks `min <= value <= max`, naming the parameter on failure.
pub(crate) fn check_range(
    algorithm: Algorithm,
    param: &'static str,
    value: u64,
    min: u64,
    max: u64,
) -> Result<u64, Error> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(Error::ParamOutOfRange {
            algorithm,
            param,
            min,
            max,
            actual: value,
        })
    }
}

/// Checks the length of an expected digest against the limits.
pub(crate) fn check_digest_len(
    algorithm: Algorithm,
    param: &'static str,
    len: usize,
    limits: &Limits,
) -> Result<(), Error> {
    check_range(
        algorithm,
        param,
        len as u64,
        limits.min_digest_len as u64,
        limits.max_digest_len as u64,
    )
    .map(drop)
}

/// Checks the length of a salt against the limits.
pub(crate) fn check_salt_len(
    algorithm: Algorithm,
    min: usize,
    len: usize,
    limits: &Limits,
) -> Result<(), Error> {
    check_range(
        algorithm,
        "salt length",
        len as u64,
        min as u64,
        limits.max_salt_len as u64,
    )
    .map(drop)
}

/// Constant-time equality of two byte strings. Their lengths are public (the
/// expected length is in the record), so a length difference returns early.
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Validated scrypt cost parameters, shared by `scrypt` and `firebase-scrypt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ScryptCost {
    pub(crate) n: u64,
    pub(crate) r: u32,
    pub(crate) p: u32,
}

impl ScryptCost {
    /// Validates N (a power of two >= 2), r and p against the limits, and the
    /// working memory 128 * N * r.
    pub(crate) fn new(
        algorithm: Algorithm,
        names: [&'static str; 3],
        n: u64,
        r: u64,
        p: u64,
        limits: &Limits,
    ) -> Result<Self, Error> {
        let [n_name, r_name, p_name] = names;
        if n < 2 || !n.is_power_of_two() {
            return Err(Error::InvalidParam {
                algorithm,
                param: n_name,
                problem: "must be a power of two, at least 2",
            });
        }
        check_range(algorithm, n_name, n, 2, limits.scrypt_max_n)?;
        let max_r = if algorithm == Algorithm::FirebaseScrypt {
            limits.firebase_max_rounds
        } else {
            limits.scrypt_max_r
        };
        check_range(algorithm, r_name, r, 1, max_r)?;
        check_range(algorithm, p_name, p, 1, limits.scrypt_max_p)?;
        let memory = Self::memory_of(n, r);
        check_range(
            algorithm,
            "memory (128*N*r bytes)",
            memory,
            0,
            limits.scrypt_max_memory,
        )?;
        // RFC 7914: p <= (2^32 - 1) * 32 / (128 r), i.e. r * p < 2^30.
        check_range(algorithm, "r*p", r.saturating_mul(p), 1, (1 << 30) - 1)?;
        Ok(Self {
            n,
            r: u32::try_from(r).map_err(|_| Error::Internal("r exceeds u32"))?,
            p: u32::try_from(p).map_err(|_| Error::Internal("p exceeds u32"))?,
        })
    }

    fn memory_of(n: u64, r: u64) -> u64 {
        n.saturating_mul(r).saturating_mul(128)
    }

    /// Bytes of working memory: V (128 N r) plus B (128 r p).
    pub(crate) fn memory(&self) -> u64 {
        Self::memory_of(self.n, u64::from(self.r))
            .saturating_add(128u64.saturating_mul(u64::from(self.r) * u64::from(self.p)))
    }

    /// Bytes of V, 128 N r.
    pub(crate) fn v_bytes(&self) -> u64 {
        Self::memory_of(self.n, u64::from(self.r))
    }

    /// log2 N (N is a power of two).
    pub(crate) fn log_n(&self) -> u32 {
        self.n.trailing_zeros()
    }
}

/// A Keycloak credential given as `passwordHash`: the realm export's
/// `{"secretData": "<JSON>", "credentialData": "<JSON>", ...}` (JSON inside
/// JSON), or the older `{"hashedSaltedValue", "salt", "hashIterations",
/// "algorithm"}` layout.
#[derive(Debug)]
pub(crate) struct KeycloakCredential {
    pub(crate) algorithm: String,
    pub(crate) iterations: u64,
    pub(crate) salt: Vec<u8>,
    pub(crate) value: Vec<u8>,
    /// `additionalParameters`, each a list of strings.
    pub(crate) params: serde_json::Value,
}

impl KeycloakCredential {
    /// Reads a credential, or `None` for text that is not a JSON object.
    pub(crate) fn parse(text: &str) -> Result<Option<Self>, Error> {
        use serde_json::Value;
        if !text.trim_start().starts_with('{') {
            return Ok(None);
        }
        let bad = |problem| Error::hash("keycloak credential", problem);
        let credential: Value = serde_json::from_str(text).map_err(|_| bad("not a JSON object"))?;
        // secretData and credentialData are JSON strings (objects accepted).
        let inner = |key: &str| -> Result<Value, Error> {
            match credential.get(key) {
                Some(Value::String(s)) => serde_json::from_str(s)
                    .map_err(|_| bad("secretData or credentialData is not JSON")),
                Some(v @ Value::Object(_)) => Ok(v.clone()),
                _ => Err(bad("secretData and credentialData are required")),
            }
        };
        if let Some(ty) = credential.get("type").and_then(Value::as_str)
            && ty != "password"
        {
            return Err(bad("not a password credential"));
        }
        let (secret, data) = if credential.get("hashedSaltedValue").is_some() {
            let secret = serde_json::json!({
                "value": credential.get("hashedSaltedValue"),
                "salt": credential.get("salt"),
            });
            (secret, credential.clone())
        } else {
            (inner("secretData")?, inner("credentialData")?)
        };
        let text_of = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
        let value = text_of(&secret, "value").ok_or(bad("value is missing"))?;
        let salt = text_of(&secret, "salt").ok_or(bad("salt is missing"))?;
        Ok(Some(Self {
            algorithm: text_of(&data, "algorithm").ok_or(bad("algorithm is missing"))?,
            iterations: data
                .get("hashIterations")
                .and_then(Value::as_u64)
                .ok_or(bad("hashIterations is missing"))?,
            salt: crate::encoding::decode_base64(&salt).ok_or(bad("salt is not base64"))?,
            value: crate::encoding::decode_base64(&value).ok_or(bad("value is not base64"))?,
            params: data
                .get("additionalParameters")
                .cloned()
                .unwrap_or(Value::Null),
        }))
    }

    /// An additional parameter's first value.
    pub(crate) fn param(&self, name: &str) -> Option<String> {
        let v = self.params.get(name)?;
        let first = v.get(0).unwrap_or(v);
        first
            .as_str()
            .map(str::to_owned)
            .or_else(|| first.as_u64().map(|n| n.to_string()))
    }
}

/// Splits `text` at every `sep` into exactly `N` fields, or `None`.
pub(crate) fn split_fields<const N: usize>(text: &str, sep: char) -> Option<[&str; N]> {
    let mut fields = [""; N];
    let mut parts = text.split(sep);
    for field in &mut fields {
        *field = parts.next()?;
    }
    parts.next().is_none().then_some(fields)
}

/// Splits a PHC-style parameter list `a=1,b=2` into pairs, rejecting empty
/// or duplicate names.
pub(crate) fn phc_params(text: &str) -> Result<Vec<(&str, &str)>, Error> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for item in text.split(',') {
        let (k, v) = item
            .split_once('=')
            .ok_or(Error::hash("parameters", "expected name=value pairs"))?;
        if k.is_empty() || out.iter().any(|(seen, _)| *seen == k) {
            return Err(Error::hash("parameters", "empty or repeated name"));
        }
        out.push((k, v));
    }
    Ok(out)
}

/// A decimal parameter value from a hash string. Leading zeros, signs and
/// empty values are malformed; values beyond `u64` saturate so that the
/// range check names them.
pub(crate) fn phc_decimal(part: &'static str, v: &str) -> Result<u64, Error> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) || (v.len() > 1 && v.starts_with('0'))
    {
        return Err(Error::hash(part, "not a decimal number"));
    }
    Ok(v.parse::<u64>().unwrap_or(u64::MAX))
}

/// Reads a key of `len` bytes from the right end of `text`, where it follows
/// `sep`: the forms that pack `<salt><separator><key>` into one string
/// (Frontegg's scrypt, Firebase's). Each reading of `encodings` (hex, or
/// base64 padded or unpadded) whose text decodes to `len` bytes is a
/// candidate; the one `(salt text, key)` split found is returned, or `none`
/// when there is none, or `many` when distinct splits fit.
pub(crate) fn split_key_from_right<'t>(
    text: &'t str,
    sep: &str,
    len: usize,
    encodings: &[TextEncoding],
    [none, many]: [Error; 2],
) -> Result<(&'t str, Vec<u8>), Error> {
    let (b64_padded, b64_unpadded) = crate::encoding::base64_lens(len);
    let mut readings: Vec<(TextEncoding, usize)> = Vec::with_capacity(3);
    for &enc in encodings {
        match enc {
            TextEncoding::Hex => readings.push((enc, len.saturating_mul(2))),
            TextEncoding::Base64 => {
                readings.push((enc, b64_padded));
                if b64_unpadded != b64_padded {
                    readings.push((enc, b64_unpadded));
                }
            }
            TextEncoding::Utf8 => {}
        }
    }
    let mut found: Vec<(&str, Vec<u8>)> = Vec::new();
    for (enc, key_chars) in readings {
        let Some(split) = text.len().checked_sub(key_chars) else {
            continue;
        };
        let (Some(left), Some(key_text)) = (text.get(..split), text.get(split..)) else {
            continue;
        };
        let Some(salt) = left.strip_suffix(sep) else {
            continue;
        };
        let Some(key) = enc.decode(key_text).filter(|k| k.len() == len) else {
            continue;
        };
        if !found.iter().any(|(s, _)| *s == salt) {
            found.push((salt, key));
        }
    }
    let mut found = found.into_iter();
    match (found.next(), found.next()) {
        (Some(split), None) => Ok(split),
        (Some(_), Some(_)) => Err(many),
        (None, _) => Err(none),
    }
}
