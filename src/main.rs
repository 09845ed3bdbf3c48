//! The `hashport` command line: a thin shell over [`hashport::cli`].
#![forbid(unsafe_code)]

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "hashport",
    version,
    about = "Verify imported legacy password hashes"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify JSON Lines records: one output line per input line, in order.
    Verify {
        /// Input file, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hashport: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> io::Result<()> {
    match args.command {
        Command::Verify { file } => {
            let limits = hashport::Limits::default();
            let stdout = io::stdout().lock();
            let out = BufWriter::new(stdout);
            if file.as_os_str() == "-" {
                hashport::cli::run_verify(io::stdin().lock(), out, &limits, |_| {})?;
            } else {
                let f = File::open(&file).map_err(|e| {
                    io::Error::new(e.kind(), format!("cannot open {}: {e}", file.display()))
                })?;
                hashport::cli::run_verify(BufReader::new(f), out, &limits, |_| {})?;
            }
            Ok(())
        }
    }
}
