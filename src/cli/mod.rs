//! The `hashport` command line (behind the default `cli` feature): argument
//! parsing, files and exit codes here; the line contracts of `verify` and
//! `inspect` in [`contract`]. `src/main.rs` only calls [`main`].

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::{Batch, BatchOptions, Engine, Error, Limits, Policy};

pub(crate) mod contract;
pub(crate) mod migrate;

#[derive(Debug, Parser)]
#[command(
    name = "hashport",
    version,
    about = "Verify imported legacy password hashes and upgrade them to a native hash"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify JSON Lines records with passwords: one output line per input line, in order.
    Verify {
        /// Input file, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        /// Worker threads (default: one per core).
        #[arg(long, value_name = "N", default_value_t = 0)]
        jobs: usize,
        /// Bytes that verifications in flight may use together (default: a quarter of physical memory).
        #[arg(long, value_name = "BYTES")]
        memory_budget: Option<u64>,
        /// Do not hash upgrades for matches (faster dry runs).
        #[arg(long)]
        no_upgrade: bool,
        /// Print a JSON summary (lines, elapsed time, peak memory) to standard error at the end.
        #[arg(long)]
        stats: bool,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Read one password from standard input and print the native record as JSON.
    Hash {
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Decode records without passwords and describe each one.
    Inspect {
        /// Input file, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Turn a vendor's export into migrate-user objects (JSON Lines, or bulk bodies with --bulk).
    ///
    /// Exit status 0 when every user is carried, 1 when some are rejected, 2 on a usage or I/O error.
    Convert {
        /// The export's source.
        #[arg(long, value_enum)]
        from: migrate::Source,
        /// One tenantId for every user.
        #[arg(long, value_name = "ID", conflicts_with = "tenant_field")]
        tenant_id: Option<String>,
        /// A dotted path into each source user object that holds its tenantId.
        #[arg(long, value_name = "PATH")]
        tenant_field: Option<String>,
        /// Write one JSON line per user not carried here (a password-reset list).
        #[arg(long, value_name = "FILE")]
        rejects: Option<PathBuf>,
        /// Write bulk bodies DIR/users-0001.json, ... instead of JSON Lines.
        #[arg(long, value_name = "DIR")]
        bulk: Option<PathBuf>,
        /// Users per bulk body.
        #[arg(long, value_name = "N", default_value_t = 1000, requires = "bulk")]
        chunk: usize,
        /// Also write users without a password (without password fields); they stay on the rejects list.
        #[arg(long)]
        keep_passwordless: bool,
        /// Firebase: the project's hash parameters (the console's hash_config block, or JSON).
        #[arg(long, value_name = "FILE")]
        hash_config: Option<PathBuf>,
        /// Auth0: the bulk user export (NDJSON) to join for names, metadata and the tenant field.
        #[arg(long, value_name = "FILE")]
        profiles: Option<PathBuf>,
        /// The export files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Check a bulk body ({"users": [...]}) or JSON Lines of users before import.
    ///
    /// Exit status 0 when every user is fine, 1 when some are not, 2 on a usage or I/O error.
    Lint {
        /// Input file, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        /// JSON Lines output, with a last `{"summary": ...}` line.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        engine: EngineArgs,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum PolicyName {
    Argon2id,
    Bcrypt,
    Scrypt,
    #[value(name = "pbkdf2-sha256")]
    Pbkdf2Sha256,
}

/// The native policy and the decoding limits.
#[derive(Debug, Args)]
struct EngineArgs {
    /// The native hash that matches are upgraded to.
    #[arg(long, value_enum, default_value = "argon2id")]
    policy: PolicyName,
    /// argon2id memory in KiB.
    #[arg(long, default_value_t = 19456)]
    argon2_m: u32,
    /// argon2id passes.
    #[arg(long, default_value_t = 2)]
    argon2_t: u32,
    /// argon2id lanes.
    #[arg(long, default_value_t = 1)]
    argon2_p: u32,
    /// bcrypt cost.
    #[arg(long, default_value_t = 12)]
    bcrypt_cost: u32,
    /// scrypt log2 N.
    #[arg(long, default_value_t = 17)]
    scrypt_ln: u32,
    /// scrypt r.
    #[arg(long, default_value_t = 8)]
    scrypt_r: u32,
    /// scrypt p.
    #[arg(long, default_value_t = 1)]
    scrypt_p: u32,
    /// PBKDF2-HMAC-SHA256 iterations.
    #[arg(long, default_value_t = 600_000)]
    pbkdf2_iterations: u32,
    /// Override a decoding limit, e.g. `--limit bcrypt_max_cost=14` (repeatable; names as in hashport::Limits).
    #[arg(long = "limit", value_name = "NAME=VALUE")]
    limits: Vec<String>,
}

impl EngineArgs {
    /// The engine; `probe` says whether it hashes the policy's probe at
    /// start (only commands that hash do: the others start in milliseconds).
    fn engine(&self, probe: bool) -> Result<Engine, String> {
        let policy = match self.policy {
            PolicyName::Argon2id => Policy::Argon2id {
                m_kib: self.argon2_m,
                t: self.argon2_t,
                p: self.argon2_p,
            },
            PolicyName::Bcrypt => Policy::Bcrypt {
                cost: self.bcrypt_cost,
            },
            PolicyName::Scrypt => Policy::Scrypt {
                ln: self.scrypt_ln,
                r: self.scrypt_r,
                p: self.scrypt_p,
            },
            PolicyName::Pbkdf2Sha256 => Policy::Pbkdf2Sha256 {
                iterations: self.pbkdf2_iterations,
            },
        };
        let mut limits = Limits::default();
        for item in &self.limits {
            set_limit(&mut limits, item)?;
        }
        limits.validate().map_err(|e| format!("--limit: {e}"))?;
        let engine = if probe {
            Engine::new(policy, limits)
        } else {
            Engine::without_probe(policy, limits)
        };
        engine.map_err(|e| format!("invalid policy: {e}"))
    }
}

fn set_limit(limits: &mut Limits, item: &str) -> Result<(), String> {
    let (name, value) = item
        .split_once('=')
        .ok_or_else(|| format!("--limit takes NAME=VALUE, got {item:?}"))?;
    if !Limits::NAMES.contains(&name) {
        return Err(format!(
            "--limit: unknown limit {name:?}; the limits are {}",
            Limits::NAMES.join(", ")
        ));
    }
    let v: u64 = value
        .parse()
        .map_err(|_| format!("--limit {name}: not a number"))?;
    limits
        .set(name, v)
        .map_err(|e| format!("--limit {name}: {e}"))
}

/// Runs the command line on the process's arguments.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if let Err(e) = crate::cpu::check_level() {
        eprintln!("hashport: {e}");
        return ExitCode::from(2);
    }
    match run(cli) {
        Ok(code) => code,
        // A closed output pipe (`verify FILE | head -1`): most output was
        // never written, so the run did not complete. Exit 2, without a
        // message (the reader went away on purpose).
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(2),
        Err(Failure::Io(e)) => {
            eprintln!("hashport: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Usage(e)) => {
            eprintln!("hashport: {e}");
            ExitCode::from(2)
        }
    }
}

enum Failure {
    Io(io::Error),
    Usage(String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// A progress bar on standard error when it is a terminal: records done,
/// records per second and elapsed time, and with a known input size the
/// bytes read and an ETA.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    what: &'static str,
}

impl Progress {
    fn new(len: Option<u64>, what: &'static str) -> Self {
        if !io::stderr().is_terminal() {
            return Self { bar: None, what };
        }
        let (bar, template) = match len {
            Some(len) => (
                indicatif::ProgressBar::with_draw_target(
                    Some(len),
                    indicatif::ProgressDrawTarget::stderr(),
                ),
                "{bar:30} {bytes}/{total_bytes} {msg} [{elapsed_precise}, ETA {eta}]",
            ),
            None => (
                indicatif::ProgressBar::with_draw_target(
                    None,
                    indicatif::ProgressDrawTarget::stderr(),
                ),
                "{spinner} {msg} [{elapsed_precise}]",
            ),
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        Self {
            bar: Some(bar),
            what,
        }
    }

    /// `bytes` read (where the size is known) and `records` done.
    fn set(&self, bytes: u64, records: u64) {
        if let Some(bar) = &self.bar {
            if bar.length().is_some() {
                bar.set_position(bytes);
            } else {
                bar.tick();
            }
            let secs = bar.elapsed().as_secs_f64().max(1e-3);
            #[allow(clippy::cast_precision_loss, reason = "a rate for display")]
            let rate = records as f64 / secs;
            bar.set_message(format!("{records} {}, {rate:.0}/s", self.what));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Runs `work` (convert, lint) with a users-counting progress bar; its
/// error is a closed output pipe or a usage error worded by `usage`.
fn counted<T>(
    work: impl FnOnce(&mut dyn FnMut(u64)) -> Result<T, String>,
    usage: impl FnOnce(String) -> String,
) -> Result<T, Failure> {
    let bar = Progress::new(None, "users");
    let result = work(&mut |n| {
        if n % 256 == 0 {
            bar.set(0, n);
        }
    });
    bar.finish();
    result.map_err(|e| {
        if e.contains("Broken pipe") {
            Failure::Io(io::Error::from(io::ErrorKind::BrokenPipe))
        } else {
            Failure::Usage(usage(e))
        }
    })
}

/// Opens the input (`-` is standard input) and its length where known. Every
/// error, then and while reading, names the path.
fn open(file: &Path) -> io::Result<(Box<dyn BufRead>, Option<u64>)> {
    if file.as_os_str() == "-" {
        return Ok((Box::new(io::stdin().lock()), None));
    }
    let named =
        |e: io::Error| io::Error::new(e.kind(), format!("cannot read {}: {e}", file.display()));
    let f = File::open(file).map_err(named)?;
    let meta = f.metadata().map_err(named)?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("cannot read {}: it is a directory", file.display()),
        ));
    }
    let reader = Named {
        inner: BufReader::new(f),
        path: file.to_owned(),
    };
    Ok((Box::new(reader), Some(meta.len())))
}

/// A reader whose errors name its path.
struct Named<R> {
    inner: R,
    path: PathBuf,
}

impl<R> Named<R> {
    fn name(&self, e: io::Error) -> io::Error {
        io::Error::new(
            e.kind(),
            format!("cannot read {}: {e}", self.path.display()),
        )
    }
}

impl<R: Read> Read for Named<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| self.name(e))
    }
}

impl<R: BufRead> BufRead for Named<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        // The borrow checker cannot see that the error path does not use
        // the buffer: ask first, then borrow.
        if let Err(e) = self.inner.fill_buf() {
            return Err(self.name(e));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
    }
}

/// The process's peak resident set size (VmHWM), where /proc has it.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(kib * 1024)
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let out = BufWriter::new(io::stdout().lock());
    match cli.command {
        Command::Verify {
            file,
            jobs,
            memory_budget,
            no_upgrade,
            stats,
            engine,
        } => {
            let started = std::time::Instant::now();
            let engine = engine.engine(!no_upgrade).map_err(Failure::Usage)?;
            let defaults = BatchOptions::default();
            let options = BatchOptions {
                threads: jobs,
                memory_budget: memory_budget.unwrap_or(defaults.memory_budget),
                upgrade: !no_upgrade,
            };
            let batch = Batch::new(&engine, options).map_err(|e| match e {
                Error::InvalidSetting {
                    setting: "threads",
                    problem,
                } => Failure::Usage(format!("--jobs: {problem}")),
                e => Failure::Usage(e.to_string()),
            })?;
            let (input, len) = open(&file)?;
            let bar = Progress::new(len, "records");
            let lines = contract::run_verify(input, out, &batch, |bytes, records| {
                bar.set(bytes, records);
            })?;
            bar.finish();
            if stats {
                eprintln!(
                    r#"{{"lines":{lines},"threads":{},"elapsedMillis":{},"peakRssBytes":{}}}"#,
                    batch.threads(),
                    started.elapsed().as_millis(),
                    peak_rss_bytes().map_or_else(|| "null".to_owned(), |b| b.to_string())
                );
            }
        }
        Command::Hash { engine } => {
            let engine = engine.engine(true).map_err(Failure::Usage)?;
            // At most the password limit and a line ending (plus one byte,
            // to tell an over-long password), never all of a huge input.
            let max = engine.limits().max_password_len;
            let mut password = Vec::new();
            io::stdin()
                .lock()
                .take(u64::try_from(max.saturating_add(3)).unwrap_or(u64::MAX))
                .read_to_end(&mut password)?;
            // One trailing "\n" or "\r\n" is the line ending; nothing else is
            // dropped.
            let password = password
                .strip_suffix(b"\r\n")
                .or_else(|| password.strip_suffix(b"\n"))
                .unwrap_or(&password);
            let record = engine
                .hash(password)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            let mut out = out;
            writeln!(out, "{}", contract::render_native(record))?;
            out.flush()?;
        }
        Command::Inspect { file, engine } => {
            let engine = engine.engine(false).map_err(Failure::Usage)?;
            let (input, _) = open(&file)?;
            contract::run_inspect(input, out, &engine)?;
        }
        Command::Convert {
            from,
            tenant_id,
            tenant_field,
            rejects,
            bulk,
            chunk,
            keep_passwordless,
            hash_config,
            profiles,
            inputs,
            engine,
        } => {
            let tenant = match (tenant_id, tenant_field) {
                (Some(id), None) => migrate::Tenant::Id(id),
                (None, Some(path)) => migrate::Tenant::Field(path),
                _ => {
                    return Err(Failure::Usage(
                        "convert needs --tenant-id ID or --tenant-field PATH".into(),
                    ));
                }
            };
            let engine = engine.engine(false).map_err(Failure::Usage)?;
            let options = migrate::Convert {
                from,
                tenant,
                inputs,
                rejects,
                bulk,
                chunk,
                keep_passwordless,
                hash_config,
                profiles,
                limits: engine.limits().clone(),
            };
            let totals = counted(|tick| migrate::convert(&options, out, tick), |e| e)?;
            let reasons: Vec<String> = totals
                .by_reason
                .iter()
                .map(|(r, n)| format!("{r} {n}"))
                .collect();
            eprintln!(
                "hashport convert: {} carried, {} rejected{}",
                totals.carried,
                totals.rejected,
                if reasons.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", reasons.join(", "))
                }
            );
            return Ok(if totals.rejected == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Command::Lint { file, json, engine } => {
            let engine = engine.engine(false).map_err(Failure::Usage)?;
            let (input, _) = open(&file)?;
            let fine = counted(
                |tick| migrate::lint::lint(input, out, &engine, json, tick),
                |e| format!("{}: {e}", file.display()),
            )?;
            return Ok(if fine {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
