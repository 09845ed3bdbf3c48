//! `pbkdf2`: PBKDF2-HMAC with SHA-1, SHA-256 or SHA-512.
//!
//! The accepted wire forms are listed in `forms.rs`.

use std::fmt;

use zeroize::Zeroizing;

use super::{Alg, Params, check_digest_len, check_range, check_salt_len, ct_eq, weights};
use crate::encoding::encode_base64_unpadded;
use crate::{Algorithm, Error, Limits};

/// The PBKDF2 loops, on the compression functions, one or two chains at a
/// time.
pub(crate) mod core;
mod forms;

/// Deterministic test words for the kernels' tests (splitmix64).
#[cfg(test)]
fn test_words(seed: &mut u64) -> [u64; 8] {
    let mut out = [0u64; 8];
    for w in &mut out {
        *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        *w = z ^ (z >> 31);
    }
    out
}

/// Eight SHA-2 rounds for the BMI2 kernels (`sha256`, `sha512`), on the
/// working variables `[$a .. $h]` renamed in rotation instead of moved,
/// with the words-plus-constants `$w` (indexable 0..8) and the Σ1 and Σ0
/// rotation amounts of the hash. Ch is written as the sum of its two
/// disjoint terms (`andn` and `and`), Maj as `((a ^ b) & (b ^ c)) ^ b`.
macro_rules! sha2_eight_rounds {
    ([$($sigma1:literal),+], [$($sigma0:literal),+],
     [$a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident],
     $w:expr) => {
        let w = $w;
        sha2_eight_rounds!(@round [$($sigma1),+] [$($sigma0),+] $a $b $c $d $e $f $g $h w[0]);
        sha2_eight_rounds!(@round [$($sigma1),+] [$($sigma0),+] $h $a $b $c $d $e $f $g w[1]);
        sha2_eight_rounds!(@round [$($sigma1),+] [$($sigma0),+] $g $h $a $b $c $d $e $f w[2]);
        sha2_eight_rounds!(@round [$($sigma1),+] [$($sigma0),+] $f $g $h $a $b $c $d $e w[3]);
        sha2_eight_rounds!(@round [$($sigma1),+] [$($sigma0),+] $e $f $g $h $a $b $c $d w[4]);
        sha2_eight_rounds!(@round [$($sigma1),+] [$($sigma0),+] $d $e $f $g $h $a $b $c w[5]);
        sha2_eight_rounds!(@round [$($sigma1),+] [$($sigma0),+] $c $d $e $f $g $h $a $b w[6]);
        sha2_eight_rounds!(@round [$($sigma1),+] [$($sigma0),+] $b $c $d $e $f $g $h $a w[7]);
    };
    (@round [$s1a:literal, $s1b:literal, $s1c:literal] [$s0a:literal, $s0b:literal, $s0c:literal]
     $a:ident $b:ident $c:ident $d:ident $e:ident $f:ident $g:ident $h:ident $wk:expr) => {
        let s1 = $e.rotate_right($s1a) ^ $e.rotate_right($s1b) ^ $e.rotate_right($s1c);
        // Ch(e, f, g): the two terms have no bits in common.
        let ch = ($e & $f).wrapping_add(!$e & $g);
        let t1 = $h.wrapping_add($wk).wrapping_add(ch);
        let s0 = $a.rotate_right($s0a) ^ $a.rotate_right($s0b) ^ $a.rotate_right($s0c);
        let maj = (($a ^ $b) & ($b ^ $c)) ^ $b;
        $d = $d.wrapping_add(t1).wrapping_add(s1);
        $h = t1.wrapping_add(s0.wrapping_add(maj)).wrapping_add(s1);
    };
}

// Constant indices into fixed-size arrays in fully unrolled loops.
#[allow(
    clippy::indexing_slicing,
    reason = "constant indices into fixed-size arrays; see the module docs"
)]
mod sha256;
// Constant indices into fixed-size arrays in fully unrolled loops.
#[allow(
    clippy::indexing_slicing,
    reason = "constant indices into fixed-size arrays; see the module docs"
)]
mod sha512;
// Constant indices into fixed-size arrays in fully unrolled loops.
#[allow(
    clippy::indexing_slicing,
    reason = "constant indices into fixed-size arrays; see the module docs"
)]
mod sha_ni;
// Loop counters bounded by constants index fixed-size arrays.
#[allow(
    clippy::indexing_slicing,
    reason = "loop-bounded indices into fixed-size arrays; see the module docs"
)]
mod soft;

const ALG: Algorithm = Algorithm::Pbkdf2;

/// The HMAC hash function of a PBKDF2 record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Pbkdf2Digest {
    /// HMAC-SHA-1.
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl Pbkdf2Digest {
    /// Output size in bytes.
    #[must_use]
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha512 => 64,
        }
    }

    /// The name used in configs and PHC identifiers (`sha1`, `sha256`, `sha512`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha512 => "sha512",
        }
    }

    /// A digest name as configs spell it, in any case, with or without a dash.
    fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().replace('-', "").as_str() {
            "sha1" => Some(Self::Sha1),
            "sha256" => Some(Self::Sha256),
            "sha512" => Some(Self::Sha512),
            _ => None,
        }
    }
}

/// A PBKDF2 record's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Pbkdf2Params {
    /// The HMAC hash function.
    pub digest: Pbkdf2Digest,
    /// The iteration count.
    pub iterations: u32,
    /// The derived key length in bytes.
    #[serde(rename = "keyLen")]
    pub key_len: usize,
}

use Pbkdf2Digest as Digest;

/// A decoded PBKDF2 record.
#[derive(Clone)]
pub(crate) struct Pbkdf2 {
    digest: Digest,
    iterations: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

impl fmt::Debug for Pbkdf2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pbkdf2")
            .field("digest", &self.digest)
            .field("iterations", &self.iterations)
            .field("salt_len", &self.salt.len())
            .field("hash_len", &self.hash.len())
            .finish_non_exhaustive()
    }
}

impl Alg for Pbkdf2 {
    const ALGORITHM: Algorithm = ALG;

    fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Self, Error> {
        forms::decode(hash, config, limits)
    }

    fn verify(&self, password: &[u8]) -> Result<bool, Error> {
        let mut out = Zeroizing::new(vec![0u8; self.hash.len()]);
        derive(self.digest, &mut [self.derivation(password, &mut out)]);
        Ok(ct_eq(&out, &self.hash))
    }

    fn params(&self) -> Params {
        Params::Pbkdf2(Pbkdf2Params {
            digest: self.digest,
            iterations: self.iterations,
            key_len: self.hash.len(),
        })
    }

    /// Nothing beyond the per-verification overhead.
    fn memory(&self) -> u64 {
        0
    }

    /// Iterations times output blocks.
    fn work(&self) -> u64 {
        u64::from(self.iterations)
            .saturating_mul(self.hash.len().div_ceil(self.digest.output_len()) as u64)
    }

    /// SHA-512 blocks weigh more than SHA-1 and SHA-256 blocks.
    #[allow(clippy::cast_precision_loss, reason = "an estimate")]
    fn compute_millis(&self) -> f64 {
        let per_block = match self.digest {
            Digest::Sha1 => weights::PBKDF2_SHA1_PER_BLOCK,
            Digest::Sha256 => weights::PBKDF2_SHA256_PER_BLOCK,
            Digest::Sha512 => weights::PBKDF2_SHA512_PER_BLOCK,
        };
        self.work() as f64 * per_block
    }
}

impl Pbkdf2 {
    pub(super) fn build(
        digest: Digest,
        iterations: u64,
        salt: Vec<u8>,
        hash: Vec<u8>,
        limits: &Limits,
    ) -> Result<Self, Error> {
        // PBKDF2 implementations count iterations in 32 bits.
        check_range(
            ALG,
            "iterations",
            iterations,
            1,
            limits.pbkdf2_max_iterations.min(u64::from(u32::MAX)),
        )?;
        check_salt_len(ALG, 0, salt.len(), limits)?;
        check_digest_len(ALG, "hash length", hash.len(), limits)?;
        let blocks = hash.len().div_ceil(digest.output_len()) as u64;
        check_range(
            ALG,
            "iterations*blocks",
            iterations.saturating_mul(blocks),
            1,
            limits.pbkdf2_max_work,
        )?;
        let iterations = u32::try_from(iterations).map_err(|_| Error::Internal("checked above"))?;
        Ok(Self {
            digest,
            iterations,
            salt,
            hash,
        })
    }

    /// Checks `password` against this record and `other_password` against
    /// `other` together: with the same digest, their chains run side by
    /// side (`core::pbkdf2_many`), which SHA-NI runs in little more
    /// than the time of one. The results are [`Pbkdf2::verify`]'s.
    pub(crate) fn verify_pair(
        &self,
        password: &[u8],
        other: &Self,
        other_password: &[u8],
    ) -> [Result<bool, Error>; 2] {
        if self.digest != other.digest {
            return [self.verify(password), other.verify(other_password)];
        }
        let mut out = Zeroizing::new(vec![0u8; self.hash.len()]);
        let mut other_out = Zeroizing::new(vec![0u8; other.hash.len()]);
        derive(
            self.digest,
            &mut [
                self.derivation(password, &mut out),
                other.derivation(other_password, &mut other_out),
            ],
        );
        [
            Ok(ct_eq(&out, &self.hash)),
            Ok(ct_eq(&other_out, &other.hash)),
        ]
    }

    /// Whether [`Pbkdf2::verify_pair`] on two records with this digest is
    /// faster than two [`Pbkdf2::verify`]s: SHA-1 and SHA-256 on a CPU with
    /// SHA-NI.
    pub(crate) fn pairs_well(&self) -> Option<Digest> {
        let lanes = match self.digest {
            Digest::Sha1 | Digest::Sha256 => sha_ni::Lanes::detect().is_some(),
            Digest::Sha512 => false,
        };
        lanes.then_some(self.digest)
    }

    fn derivation<'a>(&'a self, password: &'a [u8], out: &'a mut [u8]) -> core::Derivation<'a> {
        core::Derivation {
            password,
            salt: &self.salt,
            iterations: self.iterations,
            out,
        }
    }
}

/// Runs PBKDF2 derivations that share `digest`.
fn derive(digest: Digest, jobs: &mut [core::Derivation<'_>]) {
    match digest {
        Digest::Sha1 => core::pbkdf2_many::<core::Sha1>(jobs),
        Digest::Sha256 => core::pbkdf2_many::<core::Sha256>(jobs),
        Digest::Sha512 => core::pbkdf2_many::<core::Sha512>(jobs),
    }
}

/// `$pbkdf2-sha256$i=..,l=..$<salt>$<hash>`, the native form (unpadded
/// standard base64).
pub(crate) fn encode(iterations: u32, salt: &[u8], hash: &[u8]) -> String {
    format!(
        "$pbkdf2-sha256$i={iterations},l={}${}${}",
        hash.len(),
        encode_base64_unpadded(salt),
        encode_base64_unpadded(hash)
    )
}

/// Hashes `password` in the native form (PBKDF2-HMAC-SHA256, 32 bytes).
pub(crate) fn hash(iterations: u32, salt: &[u8], password: &[u8]) -> String {
    let mut out = Zeroizing::new([0u8; 32]);
    core::pbkdf2::<core::Sha256>(password, salt, iterations, out.as_mut_slice());
    encode(iterations, salt, out.as_slice())
}
