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

use super::{Alg, Params, ScryptCost, ct_eq, weights};
use crate::encoding::encode_base64_unpadded;
use crate::{Algorithm, Error, Limits};

mod forms;
/// ROMix, shared with `firebase-scrypt`.
pub(crate) mod romix;

const ALG: Algorithm = Algorithm::Scrypt;

/// A scrypt record's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ScryptParams {
    /// The cost N (a power of two).
    #[serde(rename = "N")]
    pub n: u64,
    /// The block size r.
    pub r: u32,
    /// The parallelism p.
    pub p: u32,
    /// The key length in bytes.
    #[serde(rename = "keyLen")]
    pub key_len: usize,
}

/// A decoded scrypt record.
#[derive(Clone)]
pub(crate) struct Scrypt {
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

impl Alg for Scrypt {
    const ALGORITHM: Algorithm = ALG;

    fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
        forms::decode(hash, config, limits)
    }

    fn verify(&self, password: &[u8]) -> Result<bool, Error> {
        let mut out = Zeroizing::new(vec![0u8; self.key.len()]);
        romix::scrypt(
            password,
            &self.salt,
            self.cost.n,
            self.cost.r,
            self.cost.p,
            &mut out,
        )?;
        Ok(ct_eq(&out, &self.key))
    }

    fn params(&self) -> Params {
        Params::Scrypt(ScryptParams {
            n: self.cost.n,
            r: self.cost.r,
            p: self.cost.p,
            key_len: self.key.len(),
        })
    }

    fn memory(&self) -> u64 {
        self.cost.memory()
    }

    /// V, 128 * N * r bytes.
    fn arena(&self) -> Option<(crate::scratch::Arena, u64)> {
        Some((crate::scratch::Arena::Scrypt, self.cost.v_bytes()))
    }

    /// N * r * p.
    fn work(&self) -> u64 {
        self.cost
            .n
            .saturating_mul(u64::from(self.cost.r))
            .saturating_mul(u64::from(self.cost.p))
    }

    #[allow(clippy::cast_precision_loss, reason = "an estimate")]
    fn compute_millis(&self) -> f64 {
        let reads = self.cost.n.saturating_mul(u64::from(self.cost.p)) as f64;
        self.work() as f64 * weights::SCRYPT_PER_NRP
            + reads * weights::missed_share(self.memory()) * weights::SCRYPT_MISS_PER_READ
    }
}

/// `$scrypt$ln=..,r=..,p=..$<salt>$<hash>`, the native form (unpadded
/// standard base64).
pub(crate) fn encode(ln: u32, r: u32, p: u32, salt: &[u8], hash: &[u8]) -> String {
    format!(
        "$scrypt$ln={ln},r={r},p={p}${}${}",
        encode_base64_unpadded(salt),
        encode_base64_unpadded(hash)
    )
}

/// Hashes `password` in the native form.
pub(crate) fn hash(ln: u32, r: u32, p: u32, salt: &[u8], password: &[u8]) -> Result<String, Error> {
    let n = 1u64.checked_shl(ln).ok_or(Error::ParamOutOfRange {
        algorithm: ALG,
        param: "ln",
        min: 1,
        max: 63,
        actual: u64::from(ln),
    })?;
    let mut out = Zeroizing::new([0u8; 32]);
    romix::scrypt(password, salt, n, r, p, out.as_mut_slice())?;
    Ok(encode(ln, r, p, salt, out.as_slice()))
}
