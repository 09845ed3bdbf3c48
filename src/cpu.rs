//! The one place that asks the CPU what it can do.
//!
//! Every kernel with a feature-specific build (argon2's compression, scrypt's
//! Salsa20/8, EksBlowfish's loop, the SHA-NI and SHA-512 PBKDF2 loops) picks
//! its code path from [`features`], detected once per process. A kernel may
//! only run a `#[target_feature]` build whose features are `true` here: that
//! is the safety argument of every `unsafe` call into such a build.

use std::sync::OnceLock;

/// What this CPU supports, as far as hashport's kernels care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "one flag per independent CPU feature"
)]
pub(crate) struct Features {
    /// AVX2 (256-bit integer vectors).
    pub(crate) avx2: bool,
    /// AVX-512F with AVX-512VL (rotations on 128/256-bit vectors).
    pub(crate) avx512vl: bool,
    /// BMI1 (`bextr`).
    pub(crate) bmi1: bool,
    /// BMI2 (`rorx`).
    pub(crate) bmi2: bool,
    /// SHA-NI with the SSE4.1 and SSSE3 its loops need.
    pub(crate) sha_ni: bool,
}

/// The features of this CPU, detected on first use.
pub(crate) fn features() -> Features {
    static DETECTED: OnceLock<Features> = OnceLock::new();
    *DETECTED.get_or_init(detect)
}

#[cfg(target_arch = "x86_64")]
fn detect() -> Features {
    use std::arch::is_x86_feature_detected as has;
    Features {
        avx2: has!("avx2"),
        avx512vl: has!("avx512f") && has!("avx512vl"),
        bmi1: has!("bmi1"),
        bmi2: has!("bmi2"),
        sha_ni: has!("sha") && has!("sse4.1") && has!("ssse3"),
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn detect() -> Features {
    Features::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_is_stable_and_consistent() {
        let f = features();
        assert_eq!(f, features());
        // Every AVX-512VL CPU also has AVX2.
        assert!(!f.avx512vl || f.avx2);
    }
}
