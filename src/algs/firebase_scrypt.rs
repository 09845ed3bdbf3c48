//! `firebase-scrypt`: Firebase Authentication's modified scrypt.
//!
//! The algorithm is firebase/scrypt's: `key = scrypt(password, salt ||
//! saltSeparator, N = 2^memCost, r = rounds, p = 1)`, then the signer key is
//! encrypted with AES-256-CTR under the first 32 bytes of `key` and an
//! all-zero initial counter block; the result is the stored hash (so the hash
//! is as long as the signer key).
//!
//! Config: `{ memCost, rounds, saltSeparator, signerKey }`, the two keys in
//! base64 (either alphabet), as Frontegg documents. Where the per-user salt
//! goes is not documented, so both places are accepted: a `salt` key in the
//! config (then `passwordHash` is the base64 hash alone), or inside
//! `passwordHash` as `<salt><saltSeparator exactly as written><hash>`, read
//! from the right because the hash length is known. The snake_case names of
//! Firebase's own `hash_config` export are accepted as aliases.

use std::fmt;

use aes::Aes256;
use ctr::Ctr128BE;
use ctr::cipher::{KeyIvInit, StreamCipher};
use zeroize::Zeroizing;

use super::{ScryptCost, check_range, check_salt_len, ct_eq};
use crate::config::{Config, Key};
use crate::encoding::{base64_lens, decode_base64};
use crate::{Algorithm, Error, Limits};

const ALG: Algorithm = Algorithm::FirebaseScrypt;

const KEYS: &[Key] = &[
    ("memCost", &["mem_cost", "memoryCost"]),
    ("rounds", &[]),
    (
        "saltSeparator",
        &["base64_salt_separator", "salt_separator"],
    ),
    ("signerKey", &["base64_signer_key", "signer_key", "key"]),
    ("salt", &[]),
    ("algorithm", &[]),
];
const UNKNOWN: &str =
    "unknown key; firebase-scrypt accepts memCost, rounds, saltSeparator, signerKey, salt";

/// A decoded Firebase scrypt record.
#[derive(Clone)]
pub struct FirebaseScrypt {
    cost: ScryptCost,
    /// The user's salt followed by the project's salt separator.
    salt: Vec<u8>,
    signer_key: Vec<u8>,
    hash: Vec<u8>,
}

impl fmt::Debug for FirebaseScrypt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FirebaseScrypt")
            .field("mem_cost", &self.cost.log_n())
            .field("rounds", &self.cost.r)
            .field("hash_len", &self.hash.len())
            .finish_non_exhaustive()
    }
}

impl FirebaseScrypt {
    /// Decodes a record; the config is required.
    ///
    /// # Errors
    /// Any [`Error`] naming the field or parameter at fault.
    pub fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
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
                let (salt, h) = split_from_right(hash, sep_text, signer_key.len())?;
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
        Ok(Self {
            cost,
            salt,
            signer_key,
            hash: hash_bytes,
        })
    }

    /// Checks a password.
    ///
    /// # Errors
    /// Only on an internal failure (allocation).
    pub fn verify(&self, password: &[u8]) -> Result<bool, Error> {
        let mut key = Zeroizing::new([0u8; 32]);
        super::scrypt_core::scrypt(
            password,
            &self.salt,
            self.cost.n,
            self.cost.r,
            1,
            key.as_mut_slice(),
        )?;
        let mut out = Zeroizing::new(self.signer_key.clone());
        let mut cipher = Ctr128BE::<Aes256>::new(key.as_ref().into(), &[0u8; 16].into());
        cipher.apply_keystream(&mut out);
        Ok(ct_eq(&out, &self.hash))
    }

    /// Estimated bytes of memory one verification uses.
    #[must_use]
    pub fn memory(&self) -> u64 {
        self.cost.memory()
    }

    /// memCost (log2 N) and rounds (r).
    #[must_use]
    pub fn params(&self) -> (u32, u32) {
        (self.cost.log_n(), self.cost.r)
    }

    pub(crate) fn work(&self) -> u64 {
        self.cost.n.saturating_mul(u64::from(self.cost.r))
    }
}

/// Splits `<salt><sep><hash>` from the right, the hash being `hash_len`
/// bytes of base64 (padded or not).
fn split_from_right<'h>(
    hash: &'h str,
    sep: &str,
    hash_len: usize,
) -> Result<(&'h str, Vec<u8>), Error> {
    let (padded, unpadded) = base64_lens(hash_len);
    let mut found: Option<(&str, Vec<u8>)> = None;
    let lens: &[usize] = if padded == unpadded {
        &[padded]
    } else {
        &[padded, unpadded]
    };
    for &len in lens {
        let Some(split) = hash.len().checked_sub(len) else {
            continue;
        };
        let (Some(left), Some(text)) = (hash.get(..split), hash.get(split..)) else {
            continue;
        };
        let Some(salt) = left.strip_suffix(sep) else {
            continue;
        };
        let Some(bytes) = decode_base64(text).filter(|b| b.len() == hash_len) else {
            continue;
        };
        if found.as_ref().is_some_and(|(s, _)| *s != salt) {
            return Err(Error::hash(
                "structure",
                "more than one salt/hash split fits",
            ));
        }
        found = Some((salt, bytes));
    }
    match found {
        Some(("", _)) => Err(Error::hash(
            "salt",
            "missing: give it before the separator or as `salt` in the config",
        )),
        Some(f) => Ok(f),
        None => Err(Error::hash(
            "structure",
            "expected <base64 salt><saltSeparator><base64 hash as long as the signer key>",
        )),
    }
}
