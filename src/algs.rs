//! One module per `passwordHashType`. Each owns its decoder (record text to a
//! validated verifier) and its verifier; the primitives come from the
//! RustCrypto crates, except scrypt's ROMix, bcrypt's EksBlowfish, the
//! argon2 core and PBKDF2's iteration loops (see those modules for why).

/// `unroll!(m: 0 1 2)` is `m!(0); m!(1); m!(2);`: the unrolled round
/// groups of the hash kernels, whose indices must be constants.
macro_rules! unroll {
    ($m:ident: $($i:literal)*) => {
        $( $m!($i); )*
    };
}

pub mod argon2;
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
pub(crate) mod argon2_core;
pub mod bcrypt;
// Every index in the Blowfish core is a byte extracted from a word into a
// 256-entry S-box, or a constant into a fixed-size array: provably in
// bounds, whatever the input, and the hot loop relies on it.
#[allow(
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "byte-extracted indices into 256-entry tables; see the module docs"
)]
pub(crate) mod eksblowfish;
pub mod firebase_scrypt;
pub mod pbkdf2;
pub(crate) mod pbkdf2_core;
pub mod scrypt;
pub(crate) mod scrypt_core;
// Constant indices into fixed-size arrays in fully unrolled loops.
#[allow(
    clippy::indexing_slicing,
    reason = "constant indices into fixed-size arrays; see the module docs"
)]
pub(crate) mod sha512_kernel;
// Constant indices into fixed-size arrays in fully unrolled loops.
#[allow(
    clippy::indexing_slicing,
    reason = "constant indices into fixed-size arrays; see the module docs"
)]
pub(crate) mod sha_ni;

use subtle::ConstantTimeEq;

use crate::{Algorithm, Error, Limits};

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

    /// log2 N (N is a power of two).
    pub(crate) fn log_n(&self) -> u32 {
        self.n.trailing_zeros()
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
