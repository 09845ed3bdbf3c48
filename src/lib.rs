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
pub mod algs;
pub mod batch;
pub mod cli;
mod config;
mod encoding;
mod engine;
mod error;
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
pub use batch::{Batch, BatchOptions, Job};
pub use engine::{Engine, Login, Upgrade, UpgradeReason};
pub use error::Error;
pub use limits::Limits;
pub use policy::{NativeRecord, Policy};
pub use record::{Outcome, Record, Verifier, check_password_len, verify};
