#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]

mod algorithm;
pub mod algs;
pub mod cli;
#[doc(hidden)]
pub mod fuzzing;
mod config;
mod encoding;
mod error;
mod limits;
mod record;

pub use algorithm::Algorithm;
pub use error::Error;
pub use limits::Limits;
pub use record::{Outcome, Record, Verifier, check_password_len, verify};
