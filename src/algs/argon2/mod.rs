//! `argon2`: PHC strings `$argon2i$`, `$argon2d$`, `$argon2id$`.
//!
//! The accepted wire forms are in `forms.rs`; the RFC 9106 core and its
//! SIMD kernels in `core.rs`. A memory size that is not a multiple of 4 p is
//! rounded down internally, while the string keeps the requested value, as
//! the reference does.

use std::fmt;

use zeroize::Zeroizing;

use self::core::{Block, Config, Kind};
use super::{Alg, Params, ct_eq, weights};
use crate::encoding::encode_base64_unpadded;
use crate::{Algorithm, Error, Limits};

// The argon2 core indexes its memory with lane, slice and reference-block
// arithmetic that is in bounds by construction: the memory is sized from the
// same validated parameters (`Config::block_count`), reference indices are
// reduced modulo the lane length, and the randomized cross-check against the
// `argon2` crate, the RFC 9106 vectors and the fuzz targets exercise it.
#[allow(
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::too_many_arguments,
    reason = "block indices are in bounds by construction; see above"
)]
mod core;
mod forms;

const ALG: Algorithm = Algorithm::Argon2;

/// The argon2 variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Argon2Variant {
    /// Argon2d: data-dependent addressing.
    Argon2d,
    /// Argon2i: data-independent addressing.
    Argon2i,
    /// Argon2id: hybrid (the recommended one).
    Argon2id,
}

impl Argon2Variant {
    /// The PHC identifier.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Argon2d => "argon2d",
            Self::Argon2i => "argon2i",
            Self::Argon2id => "argon2id",
        }
    }
}

/// An argon2 record's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Argon2Params {
    /// The variant.
    pub variant: Argon2Variant,
    /// 16 (0x10) or 19 (0x13).
    pub version: u32,
    /// Memory in KiB.
    #[serde(rename = "m")]
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
    /// Output length in bytes.
    #[serde(rename = "hashLen")]
    pub output_len: usize,
}

/// A decoded argon2 record.
#[derive(Clone)]
pub(crate) struct Argon2 {
    params: Argon2Params,
    salt: Vec<u8>,
    data: Vec<u8>,
    hash: Vec<u8>,
}

impl fmt::Debug for Argon2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Argon2")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl Alg for Argon2 {
    const ALGORITHM: Algorithm = ALG;

    fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
        forms::decode(hash, config, limits)
    }

    fn verify(&self, password: &[u8]) -> Result<bool, Error> {
        let mut out = Zeroizing::new(vec![0u8; self.hash.len()]);
        derive(&self.params, password, &self.salt, &self.data, &mut out)?;
        Ok(ct_eq(&out, &self.hash))
    }

    fn params(&self) -> Params {
        Params::Argon2(self.params)
    }

    fn memory(&self) -> u64 {
        u64::from(self.params.m_kib) * 1024
    }

    fn arena(&self) -> Option<(crate::scratch::Arena, u64)> {
        Some((crate::scratch::Arena::Argon2, self.memory()))
    }

    /// m * t.
    fn work(&self) -> u64 {
        u64::from(self.params.m_kib).saturating_mul(u64::from(self.params.t))
    }

    #[allow(clippy::cast_precision_loss, reason = "an estimate")]
    fn compute_millis(&self) -> f64 {
        let missed = weights::missed_share(self.memory()) * weights::ARGON2_MISS_PER_KIB_PASS;
        self.work() as f64 * (weights::ARGON2_PER_KIB_PASS + missed)
    }
}

/// `$argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>`, the native form (unpadded
/// standard base64).
pub(crate) fn encode(params: &Argon2Params, salt: &[u8], hash: &[u8]) -> String {
    let Argon2Params { m_kib, t, p, .. } = *params;
    format!(
        "${}$v={}$m={m_kib},t={t},p={p}${}${}",
        params.variant.as_str(),
        params.version,
        encode_base64_unpadded(salt),
        encode_base64_unpadded(hash)
    )
}

/// Hashes `password` in the native form with `params` (version 19).
pub(crate) fn hash(params: &Argon2Params, salt: &[u8], password: &[u8]) -> Result<String, Error> {
    let mut out = Zeroizing::new(vec![0u8; params.output_len]);
    derive(params, password, salt, &[], &mut out)?;
    Ok(encode(params, salt, &out))
}

/// Runs argon2 with validated parameters into `out`, in this thread's kept
/// working memory where `crate::scratch::may_retain` allows (64 MiB on
/// login threads: a login at the native policy's parameters then neither
/// maps nor faults in fresh pages), otherwise in a fresh region.
pub(crate) fn derive(
    params: &Argon2Params,
    password: &[u8],
    salt: &[u8],
    data: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    let config = Config {
        kind: match params.variant {
            Argon2Variant::Argon2d => Kind::D,
            Argon2Variant::Argon2i => Kind::I,
            Argon2Variant::Argon2id => Kind::Id,
        },
        version: if params.version == 16 { 0x10 } else { 0x13 },
        m_kib: params.m_kib,
        t: params.t,
        p: params.p,
    };
    let blocks = config.block_count();
    let run = |memory: &mut [Block]| core::argon2(&config, password, salt, &[], data, memory, out);
    crate::scratch::with_memory(crate::scratch::Arena::Argon2, blocks, run)?
}
