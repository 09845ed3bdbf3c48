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

use super::scrypt::romix;
use super::{Alg, Params, ScryptCost, ct_eq, weights};
use crate::{Algorithm, Error, Limits};

mod forms;

const ALG: Algorithm = Algorithm::FirebaseScrypt;

/// A Firebase scrypt record's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct FirebaseScryptParams {
    /// log2 of the scrypt N.
    #[serde(rename = "memCost")]
    pub mem_cost: u32,
    /// The scrypt r.
    pub rounds: u32,
}

/// A decoded Firebase scrypt record.
#[derive(Clone)]
pub(crate) struct FirebaseScrypt {
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

impl Alg for FirebaseScrypt {
    const ALGORITHM: Algorithm = ALG;

    fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
        forms::decode(hash, config, limits)
    }

    fn verify(&self, password: &[u8]) -> Result<bool, Error> {
        let mut key = Zeroizing::new([0u8; 32]);
        romix::scrypt(
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

    fn params(&self) -> Params {
        Params::FirebaseScrypt(FirebaseScryptParams {
            mem_cost: self.cost.log_n(),
            rounds: self.cost.r,
        })
    }

    fn memory(&self) -> u64 {
        self.cost.memory()
    }

    /// V, 128 * N * r bytes.
    fn arena(&self) -> Option<(crate::scratch::Arena, u64)> {
        Some((crate::scratch::Arena::Scrypt, self.cost.v_bytes()))
    }

    /// N * r.
    fn work(&self) -> u64 {
        self.cost.n.saturating_mul(u64::from(self.cost.r))
    }

    #[allow(clippy::cast_precision_loss, reason = "an estimate")]
    fn compute_millis(&self) -> f64 {
        let reads = self.cost.n as f64;
        self.work() as f64 * weights::SCRYPT_PER_NRP
            + reads * weights::missed_share(self.memory()) * weights::SCRYPT_MISS_PER_READ
    }
}
