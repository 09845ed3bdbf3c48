//! `argon2`: PHC strings `$argon2i$`, `$argon2d$`, `$argon2id$`.
//!
//! `$argon2<type>$[v=<16|19>$]m=<KiB>,t=<passes>,p=<lanes>[,data=<b64>]$<salt>$<hash>`.
//! - A missing `v=` means version 16 (0x10), as in the reference
//!   implementation's decoder and argon2-cffi. (RustCrypto's `argon2` would
//!   default to 0x13 and silently fail to verify such legacy hashes.)
//! - `data=` is associated data, passed to the hash.
//! - `keyid=` names a secret key (pepper) that an import cannot carry, so it
//!   is rejected as unsupported.
//! - Salt and hash accept either base64 alphabet, padded or not.
//! - A memory size that is not a multiple of 4 p is rounded down internally,
//!   while the string keeps the requested value, as the reference does.

use std::fmt;

use argon2::AssociatedData;
use zeroize::Zeroizing;

use super::argon2_core::{self, Block, Config, Kind};
use super::{check_digest_len, check_range, check_salt_len, ct_eq, phc_decimal, phc_params};
use crate::config::expect_no_config;
use crate::encoding::decode_base64;
use crate::{Algorithm, Error, Limits};

const ALG: Algorithm = Algorithm::Argon2;

/// The argon2 variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Variant {
    /// Argon2d: data-dependent addressing.
    Argon2d,
    /// Argon2i: data-independent addressing.
    Argon2i,
    /// Argon2id: hybrid (the recommended one).
    Argon2id,
}

impl Variant {
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

/// Validated argon2 parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Params {
    /// The variant.
    pub variant: Variant,
    /// 16 (0x10) or 19 (0x13).
    pub version: u32,
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
    /// Output length in bytes.
    pub output_len: usize,
}

/// A decoded argon2 record.
#[derive(Clone)]
pub struct Argon2 {
    params: Params,
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

impl Argon2 {
    /// Decodes a PHC string; the config must be empty.
    ///
    /// # Errors
    /// Any [`Error`] naming the field or parameter at fault.
    pub fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
        expect_no_config(config)?;
        let mut parts = hash.split('$');
        if parts.next() != Some("") {
            return Err(Error::hash("structure", "expected a $argon2..$ PHC string"));
        }
        let variant = match parts.next() {
            Some("argon2id") => Variant::Argon2id,
            Some("argon2i") => Variant::Argon2i,
            Some("argon2d") => Variant::Argon2d,
            _ => {
                return Err(Error::hash(
                    "identifier",
                    "expected argon2i, argon2d or argon2id",
                ));
            }
        };
        let rest: Vec<&str> = parts.collect();
        let (version, params, salt, digest) = match rest.as_slice() {
            [v, params, salt, digest] if v.starts_with("v=") => (Some(*v), *params, *salt, *digest),
            [params, salt, digest] => (None, *params, *salt, *digest),
            _ => {
                return Err(Error::hash(
                    "structure",
                    "expected $argon2id$v=19$m=..,t=..,p=..$salt$hash",
                ));
            }
        };
        let version = match version {
            None => 16,
            Some(v) => {
                let n = phc_decimal("version", v.get(2..).unwrap_or(""))?;
                if n != 16 && n != 19 {
                    return Err(Error::InvalidParam {
                        algorithm: ALG,
                        param: "v",
                        problem: "must be 16 or 19",
                    });
                }
                n
            }
        };
        let (mut m, mut t, mut p, mut data) = (None, None, None, None);
        for (k, v) in phc_params(params)? {
            match k {
                "m" => m = Some(phc_decimal("parameters", v)?),
                "t" => t = Some(phc_decimal("parameters", v)?),
                "p" => p = Some(phc_decimal("parameters", v)?),
                "data" => {
                    data = Some(decode_base64(v).ok_or(Error::hash("data", "not valid base64"))?);
                }
                "keyid" => {
                    return Err(Error::Unsupported {
                        feature: "argon2 keyid (a secret key that the record cannot carry)",
                    });
                }
                _ => return Err(Error::hash("parameters", "unknown argon2 parameter")),
            }
        }
        let (Some(m), Some(t), Some(p)) = (m, t, p) else {
            return Err(Error::hash("parameters", "m, t and p are required"));
        };
        let p = check_range(ALG, "p", p, 1, limits.argon2_max_p)?;
        let t = check_range(ALG, "t", t, 1, limits.argon2_max_t)?;
        if m < 8 * p {
            return Err(Error::InvalidParam {
                algorithm: ALG,
                param: "m",
                problem: "must be at least 8 KiB per lane (8 p)",
            });
        }
        let m = check_range(ALG, "m", m, 8, limits.argon2_max_m_kib)?;
        let data = data.unwrap_or_default();
        check_range(
            ALG,
            "data length",
            data.len() as u64,
            0,
            AssociatedData::MAX_LEN as u64,
        )?;
        let salt = decode_base64(salt).ok_or(Error::hash("salt", "not valid base64"))?;
        let digest = decode_base64(digest).ok_or(Error::hash("hash", "not valid base64"))?;
        check_salt_len(ALG, 8, salt.len(), limits)?;
        check_digest_len(ALG, "hash length", digest.len(), limits)?;
        let to_u32 =
            |v: u64| u32::try_from(v).map_err(|_| Error::Internal("argon2 parameter exceeds u32"));
        Ok(Self {
            params: Params {
                variant,
                version: to_u32(version)?,
                m_kib: to_u32(m)?,
                t: to_u32(t)?,
                p: to_u32(p)?,
                output_len: digest.len(),
            },
            salt,
            data,
            hash: digest,
        })
    }

    /// Checks a password.
    ///
    /// # Errors
    /// Only on an internal failure.
    pub fn verify(&self, password: &[u8]) -> Result<bool, Error> {
        let mut out = Zeroizing::new(vec![0u8; self.hash.len()]);
        derive(&self.params, password, &self.salt, &self.data, &mut out)?;
        Ok(ct_eq(&out, &self.hash))
    }

    /// The validated parameters.
    #[must_use]
    pub const fn params(&self) -> &Params {
        &self.params
    }

    /// Estimated bytes of memory one verification uses.
    #[must_use]
    pub fn memory(&self) -> u64 {
        u64::from(self.params.m_kib) * 1024
    }

    pub(crate) fn work(&self) -> u64 {
        u64::from(self.params.m_kib).saturating_mul(u64::from(self.params.t))
    }
}

/// Runs argon2 with validated parameters into `out`, in this thread's kept
/// working memory where `crate::scratch::may_retain` allows (64 MiB on
/// login threads: a login at the native policy's parameters then neither
/// maps nor faults in fresh pages), otherwise in a fresh region.
pub(crate) fn derive(
    params: &Params,
    password: &[u8],
    salt: &[u8],
    data: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    let config = Config {
        kind: match params.variant {
            Variant::Argon2d => Kind::D,
            Variant::Argon2i => Kind::I,
            Variant::Argon2id => Kind::Id,
        },
        version: if params.version == 16 { 0x10 } else { 0x13 },
        m_kib: params.m_kib,
        t: params.t,
        p: params.p,
    };
    let blocks = config.block_count();
    let run =
        |memory: &mut [Block]| argon2_core::argon2(&config, password, salt, &[], data, memory, out);
    crate::scratch::with_memory(crate::scratch::Arena::Argon2, blocks, run)?
}
