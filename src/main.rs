//! The `hashport` binary: the command line lives in the library's `cli`
//! module (src/cli/), behind the default `cli` feature.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    hashport::cli_main()
}
