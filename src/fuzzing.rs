//! Entry points for the cargo-fuzz targets in `fuzz/`. Not a stable API.
//!
//! Each fuzz target is a line or two calling one of these, so that a plain
//! `cargo build` type-checks the fuzzing logic.
