#![doc = include_str!("../README.md")]
// `unsafe` is denied everywhere but in the SIMD kernels, each with a
// `SAFETY` argument and a test against its portable path: argon2's
// (src/algs/argon2_core.rs: dispatch and 32-byte loads and stores), and the
// calls into the feature-detected builds of the PBKDF2 loops
// (sha512_kernel.rs, sha_ni.rs), EksBlowfish's loop (eksblowfish.rs) and
// scrypt's ROMix (scrypt_core.rs).
#![deny(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::unreachable
)]

mod algorithm;
mod algs;
mod batch;
#[cfg(feature = "cli")]
mod cli;
mod config;
mod cpu;
mod encoding;
mod engine;
mod error;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "fuzz harness: a panic is how it reports a bug"
)]
pub mod fuzzing;
mod limits;
mod policy;
mod record;
mod scratch;

pub use algorithm::Algorithm;
pub use algs::{
    Argon2Params, Argon2Variant, BcryptParams, BcryptVariant, FirebaseScryptParams, Params,
    Pbkdf2Digest, Pbkdf2Params, ScryptParams,
};
pub use batch::{Batch, BatchOptions, Job};
/// The `hashport` command line; `src/main.rs` is only a call to it.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub use cli::main as cli_main;
pub use engine::{Engine, EngineOptions, Login, Upgrade, UpgradeReason};
pub use error::{Details, Error};
pub use limits::Limits;
pub use policy::{NativeRecord, Policy};
pub(crate) use record::check_password_len;
pub use record::{Outcome, Record, Verifier, verify};
