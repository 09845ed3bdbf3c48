//! The one place that asks the CPU what it can do.
//!
//! Every kernel with a feature-specific build (argon2's compression, scrypt's
//! Salsa20/8, EksBlowfish's loop, the SHA-NI and SHA-512 PBKDF2 loops) picks
//! its code path from [`features`], detected once per process. A kernel may
//! only run a `#[target_feature]` build whose features are `true` here: that
//! is the safety argument of every `unsafe` call into such a build.
//!
//! `HASHPORT_CPU=portable|avx2|avx2-nosha|avx512`, read once, forces a
//! lower kernel level for testing and benchmarking: `portable` turns every
//! feature off (SHA-NI and BMI paths included; on x86-64 the argon2 and
//! scrypt kernels still use SSE2, which is part of the architecture's
//! baseline and which every x86-64 build of Rust assumes), `avx2` turns off
//! AVX-512, `avx2-nosha` also SHA-NI (what an Intel CPU from Haswell to
//! Skylake runs: AVX2 and BMI2 without SHA extensions), `avx512` is what an
//! AVX-512 CPU does anyway. The command line refuses an unknown
//! value or a level the CPU lacks at start ([`check_level`]); the library
//! then ignores the variable. RustCrypto's SHA compression functions pick
//! SHA-NI and AVX2 by their own detection, so the PBKDF2 code calls them only
//! where these features say so, and plain-Rust ones otherwise
//! (`algs/pbkdf2/soft.rs`).

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
    *DETECTED.get_or_init(|| {
        let cpu = detect();
        match std::env::var("HASHPORT_CPU")
            .as_deref()
            .map(|v| at_level(cpu, v))
        {
            Ok(Ok(forced)) => forced,
            _ => cpu,
        }
    })
}

/// `cpu` limited to the kernel level `level` (`portable`, `avx2`,
/// `avx2-nosha`, `avx512`), or why that cannot be.
fn at_level(cpu: Features, level: &str) -> Result<Features, String> {
    match level {
        "portable" => Ok(Features::default()),
        "avx2" if cpu.avx2 => Ok(Features {
            avx512vl: false,
            ..cpu
        }),
        "avx2-nosha" if cpu.avx2 => Ok(Features {
            avx512vl: false,
            sha_ni: false,
            ..cpu
        }),
        "avx512" if cpu.avx512vl => Ok(cpu),
        "avx2" | "avx2-nosha" | "avx512" => Err(format!("HASHPORT_CPU={level}: this CPU lacks it")),
        other => Err(format!(
            "HASHPORT_CPU={other:?}: expected portable, avx2, avx2-nosha or avx512"
        )),
    }
}

/// Checks `HASHPORT_CPU`, if set: the command line's usage error at start.
#[cfg(feature = "cli")]
pub(crate) fn check_level() -> Result<(), String> {
    match std::env::var("HASHPORT_CPU") {
        Ok(level) => at_level(detect(), &level).map(drop),
        Err(_) => Ok(()),
    }
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

    #[test]
    fn levels_only_lower() {
        let all = Features {
            avx2: true,
            avx512vl: true,
            bmi1: true,
            bmi2: true,
            sha_ni: true,
        };
        assert_eq!(at_level(all, "portable").unwrap(), Features::default());
        assert!(!at_level(all, "avx2").unwrap().avx512vl);
        assert!(at_level(all, "avx2").unwrap().sha_ni);
        let nosha = at_level(all, "avx2-nosha").unwrap();
        assert!(!nosha.sha_ni && !nosha.avx512vl);
        assert!(nosha.avx2 && nosha.bmi1 && nosha.bmi2);
        assert!(at_level(Features::default(), "avx2-nosha").is_err());
        assert_eq!(at_level(all, "avx512").unwrap(), all);
        assert!(at_level(Features::default(), "avx2").is_err());
        assert!(at_level(all, "sse9").is_err());
    }
}
