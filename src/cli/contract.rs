//! The command-line contracts (`hashport verify`, `hashport inspect`): the
//! line-level code the binary runs, which the `cli_line` fuzz target also
//! exercises.
//!
//! `verify` input: one JSON object per line with `passwordHashType`,
//! `passwordHash`, `passwordHashConfig` (a string, optional or null) and
//! `password` (a string) or `passwordHex`. Other members are ignored. Output:
//! one JSON object per input line, in input order:
//! `{"line": N, "outcome": "match" | "mismatch" | "error", "error": {"kind": "...", "message": "..."}}`
//! with `error` only on errors and N counting from 1; a match that should
//! replace its record gains
//! `"upgrade": {"passwordHashType": ..., "passwordHash": ..., "passwordHashConfig": null}`.

use std::io::{self, BufRead, Write};

use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::batch::{Batch, Job};
use crate::config::{Entries, JsonProblem, parse_object};
use crate::encoding::decode_hex;
use crate::{Engine, Error, Login, NativeRecord, Params, Record};

/// Longest input line read; a longer one gets an `invalid_line` error and is
/// skipped without being held in memory.
pub(crate) const MAX_LINE_LEN: usize = 16 << 20;

/// Lines read before a chunk is verified in parallel and written out.
const CHUNK_LINES: usize = 256;

/// Bytes of input held before a chunk is verified anyway, so that a file of
/// long lines cannot make the chunk hold gigabytes (256 lines of 16 MiB).
const CHUNK_BYTES: usize = 32 << 20;

const TOO_LONG: &str = "line is longer than the 16 MiB limit";

/// The error kind of a line that is not a record of the contract's shape.
pub(crate) const INVALID_LINE: &str = "invalid_line";

/// The command line's own error kinds, beyond the library's
/// [`Error::KINDS`].
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) const CLI_KINDS: &[&str] = &[
    INVALID_LINE,
    // convert's reject reasons and lint's own problems.
    "missing_field",
    "no_password",
    "unsupported_algorithm",
    "invalid_field",
    "duplicate_user",
];

/// One `verify` output line.
#[derive(Debug, Serialize)]
struct Report {
    line: u64,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upgrade: Option<UpgradeReport>,
}

#[derive(Debug, Serialize)]
struct ErrorReport {
    kind: &'static str,
    message: String,
}

impl ErrorReport {
    fn invalid_line(message: &str) -> Self {
        Self {
            kind: INVALID_LINE,
            message: message.to_owned(),
        }
    }
}

impl From<&Error> for ErrorReport {
    fn from(e: &Error) -> Self {
        Self {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

/// A native record as `hashport verify` and `hashport hash` print it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpgradeReport {
    password_hash_type: &'static str,
    password_hash: String,
    password_hash_config: Option<String>,
}

impl From<NativeRecord> for UpgradeReport {
    fn from(r: NativeRecord) -> Self {
        Self {
            password_hash_type: r.password_hash_type.as_str(),
            password_hash: r.password_hash,
            password_hash_config: r.password_hash_config,
        }
    }
}

/// Renders a native record as one JSON object.
#[must_use]
pub(crate) fn render_native(record: NativeRecord) -> String {
    serde_json::to_string(&UpgradeReport::from(record)).unwrap_or_default()
}

/// A parsed input line.
#[derive(Debug)]
struct Input {
    hash_type: String,
    hash: String,
    config: Option<String>,
    password: Option<Vec<u8>>,
}

impl Input {
    fn record(&self) -> Record<'_> {
        Record::new(&self.hash_type, &self.hash, self.config.as_deref())
    }
}

fn report(line: u64, result: Result<Login, Error>) -> Report {
    let (outcome, error, upgrade) = match result {
        Ok(Login::Mismatch) => ("mismatch", None, None),
        Ok(Login::Match { upgrade }) => ("match", None, upgrade.map(|u| u.record.into())),
        Err(e) => ("error", Some(ErrorReport::from(&e)), None),
    };
    Report {
        line,
        outcome,
        error,
        upgrade,
    }
}

fn error_report(line: u64, error: ErrorReport) -> Report {
    Report {
        line,
        outcome: "error",
        error: Some(error),
        upgrade: None,
    }
}

fn render<T: Serialize>(report: &T, line: u64) -> String {
    serde_json::to_string(report).unwrap_or_else(|_| {
        format!(
            r#"{{"line":{line},"outcome":"error","error":{{"kind":"internal","message":"cannot render output"}}}}"#
        )
    })
}

/// Verifies one `verify` input line (without its newline) with `engine`
/// and returns the output line (without a newline). Never panics, whatever
/// the bytes.
#[cfg(any(test, feature = "fuzzing"))]
#[must_use]
pub(crate) fn process_line(line_no: u64, line: &[u8], engine: &Engine) -> String {
    let report = match parse_input(line, true) {
        Err(message) => error_report(line_no, ErrorReport::invalid_line(message)),
        Ok(input) => {
            let password = input.password.as_deref().unwrap_or_default();
            report(line_no, engine.verify(&input.record(), password))
        }
    };
    render(&report, line_no)
}

fn parse_input(line: &[u8], want_password: bool) -> Result<Input, &'static str> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // Spreadsheet exports often start with a UTF-8 byte order mark.
    let line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
    // Members are kept as raw JSON first: an inline config object is passed
    // on as written, so that its duplicate keys are refused like those of a
    // string config.
    let Entries(entries) = match std::str::from_utf8(line) {
        Err(_) => return Err("line is not valid UTF-8"),
        Ok(text) => parse_object::<Box<RawValue>>(text).map_err(|p| match p {
            JsonProblem::Syntax => "line is not valid JSON",
            JsonProblem::NotAnObject => "line is not a JSON object",
        })?,
    };
    let mut hash_type = None;
    let mut hash = None;
    let mut config = None;
    let mut password = None;
    let mut password_hex = None;
    for (key, value) in entries {
        let slot = match key.as_str() {
            "passwordHashType" => &mut hash_type,
            "passwordHash" => &mut hash,
            "passwordHashConfig" => &mut config,
            "password" => &mut password,
            "passwordHex" => &mut password_hex,
            _ => continue,
        };
        if slot.is_some() {
            return Err("a member is given more than once");
        }
        *slot = Some(value);
    }
    let value = |raw: Option<Box<RawValue>>| {
        raw.map(|r| serde_json::from_str::<Value>(r.get()).unwrap_or(Value::Null))
    };
    let config = match config {
        Some(raw) if raw.get().starts_with('{') => Some(raw.get().to_owned()),
        other => match value(other) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(_) => return Err("passwordHashConfig must be a string, an object or null"),
        },
    };
    let (hash_type, hash) = (value(hash_type), value(hash));
    let (password, password_hex) = (value(password), value(password_hex));
    let string = |v: Option<Value>, missing: &'static str, bad: &'static str| match v {
        None => Err(missing),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(bad),
    };
    let hash_type = string(
        hash_type,
        "missing passwordHashType",
        "passwordHashType must be a string",
    )?;
    let hash = string(
        hash,
        "missing passwordHash",
        "passwordHash must be a string",
    )?;
    let password = match (password, password_hex) {
        (Some(Value::String(s)), None) => Some(s.into_bytes()),
        (None, Some(Value::String(h))) => {
            Some(decode_hex(&h).ok_or("passwordHex is not valid hex")?)
        }
        (Some(_), Some(_)) => return Err("give password or passwordHex, not both"),
        (None, None) if want_password => return Err("missing password or passwordHex"),
        (None, None) => None,
        _ => return Err("password and passwordHex must be strings"),
    };
    Ok(Input {
        hash_type,
        hash,
        config,
        password,
    })
}

/// Reads one line into `buf` (without its newline), at most `max` bytes.
/// Returns `None` at end of input, or the number of bytes consumed and
/// whether the line was too long (its bytes are then discarded).
///
/// # Errors
/// Any I/O error of the reader.
pub(crate) fn read_line_bounded<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<(u64, bool)>> {
    buf.clear();
    let mut too_long = false;
    let mut consumed: u64 = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed > 0).then_some((consumed, too_long)));
        }
        let newline = available.iter().position(|&b| b == b'\n');
        let chunk = available
            .get(..newline.unwrap_or(available.len()))
            .unwrap_or_default();
        if !too_long {
            if buf.len().saturating_add(chunk.len()) > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = newline.map_or(available.len(), |i| i + 1);
        reader.consume(used);
        consumed += used as u64;
        if newline.is_some() {
            return Ok(Some((consumed, too_long)));
        }
    }
}

/// Reads lines in chunks, hands each chunk to `handle`, writes its output
/// lines in order, and reports bytes consumed and lines done to `progress`.
fn run_lines<R: BufRead, W: Write>(
    mut input: R,
    mut output: W,
    mut handle: impl FnMut(&[(u64, Option<Vec<u8>>)]) -> Vec<String>,
    mut progress: impl FnMut(u64, u64),
) -> io::Result<u64> {
    let mut line_no: u64 = 0;
    let mut bytes: u64 = 0;
    let mut chunk: Vec<(u64, Option<Vec<u8>>)> = Vec::with_capacity(CHUNK_LINES);
    let mut chunk_bytes: usize = 0;
    let mut buf = Vec::new();
    loop {
        let read = read_line_bounded(&mut input, &mut buf, MAX_LINE_LEN)?;
        if let Some((used, too_long)) = read {
            line_no += 1;
            bytes += used;
            chunk_bytes = chunk_bytes.saturating_add(buf.len());
            chunk.push((line_no, (!too_long).then(|| std::mem::take(&mut buf))));
        }
        if chunk.len() >= CHUNK_LINES
            || chunk_bytes >= CHUNK_BYTES
            || (read.is_none() && !chunk.is_empty())
        {
            chunk_bytes = 0;
            for l in handle(&chunk) {
                output.write_all(l.as_bytes())?;
                output.write_all(b"\n")?;
            }
            output.flush()?;
            chunk.clear();
            progress(bytes, line_no);
        }
        if read.is_none() {
            return Ok(line_no);
        }
    }
}

/// Runs the `verify` contract from `input` to `output` on `batch`: lines are
/// verified in parallel, chunk by chunk, within the batch's memory budget,
/// and written in input order. `progress` gets the bytes read and lines
/// done so far.
///
/// # Errors
/// I/O errors of the reader or writer.
pub(crate) fn run_verify<R: BufRead, W: Write>(
    input: R,
    output: W,
    batch: &Batch<'_>,
    progress: impl FnMut(u64, u64),
) -> io::Result<u64> {
    run_lines(
        input,
        output,
        |chunk| {
            let parsed: Vec<Result<Input, ErrorReport>> = chunk
                .iter()
                .map(|(_, line)| match line {
                    Some(bytes) => parse_input(bytes, true).map_err(ErrorReport::invalid_line),
                    None => Err(ErrorReport::invalid_line(TOO_LONG)),
                })
                .collect();
            let jobs: Vec<Job<'_>> = parsed
                .iter()
                .filter_map(|p| p.as_ref().ok())
                .map(|i| Job::new(i.record(), i.password.as_deref().unwrap_or_default()))
                .collect();
            let mut results = batch.verify(&jobs).into_iter();
            chunk
                .iter()
                .zip(parsed)
                .map(|((n, _), p)| {
                    let r = match p {
                        Err(e) => error_report(*n, e),
                        Ok(_) => report(
                            *n,
                            results
                                .next()
                                .unwrap_or(Err(Error::Internal("batch lost a result"))),
                        ),
                    };
                    render(&r, *n)
                })
                .collect()
        },
        progress,
    )
}

/// One `inspect` output line.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Inspection {
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_hash_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<Params>,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    estimated_millis: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    needs_upgrade: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorReport>,
}

impl Inspection {
    const fn error(line: u64, error: ErrorReport) -> Self {
        Self {
            line,
            password_hash_type: None,
            params: None,
            memory_bytes: None,
            estimated_millis: None,
            needs_upgrade: None,
            error: Some(error),
        }
    }
}

/// Decodes one `inspect` input line (a record; any password is ignored)
/// and describes it: type, parameters, estimated memory and time of one
/// verification, and whether a match would upgrade it, or the decode error.
#[must_use]
pub(crate) fn inspect_line(line_no: u64, line: &[u8], engine: &Engine) -> String {
    let mut out = Inspection::error(line_no, ErrorReport::invalid_line(""));
    out.error = None; // filled in below, either way
    match parse_input(line, false) {
        Err(message) => out.error = Some(ErrorReport::invalid_line(message)),
        Ok(input) => {
            let record = input.record();
            match engine.decode(&record) {
                Err(e) => out.error = Some(ErrorReport::from(&e)),
                Ok(v) => {
                    out.password_hash_type = Some(v.algorithm().as_str());
                    out.params = Some(v.params());
                    out.memory_bytes = Some(v.memory());
                    out.estimated_millis = Some((v.estimated_millis() * 100.0).round() / 100.0);
                    out.needs_upgrade = Some(engine.upgrade_due(&record, &v));
                }
            }
        }
    }
    render(&out, line_no)
}

/// Runs `inspect` over every line of `input`.
///
/// # Errors
/// I/O errors of the reader or writer.
pub(crate) fn run_inspect<R: BufRead, W: Write>(
    input: R,
    output: W,
    engine: &Engine,
) -> io::Result<u64> {
    run_lines(
        input,
        output,
        |chunk| {
            chunk
                .iter()
                .map(|(n, line)| match line {
                    Some(bytes) => inspect_line(*n, bytes, engine),
                    None => render(
                        &Inspection::error(*n, ErrorReport::invalid_line(TOO_LONG)),
                        *n,
                    ),
                })
                .collect()
        },
        |_, _| {},
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table of error kinds lists exactly the library's kinds
    /// and the command line's own.
    #[test]
    fn readme_lists_every_error_kind() {
        let readme = include_str!("../../README.md");
        let table: Vec<&str> = readme
            .lines()
            .skip_while(|l| *l != "| kind | meaning |")
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .filter_map(|l| l.strip_prefix("| `")?.split_once("` |").map(|(k, _)| k))
            .collect();
        let mut want: Vec<&str> = Error::KINDS.iter().chain(CLI_KINDS).copied().collect();
        let mut got = table;
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "README error-kind table");
    }

    #[test]
    fn a_malformed_line_has_a_cli_kind() {
        let engine = Engine::new(crate::Policy::DEFAULT, crate::Limits::default()).unwrap();
        let out = process_line(7, b"not json", &engine);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["line"], 7);
        assert!(CLI_KINDS.contains(&v["error"]["kind"].as_str().unwrap()));
    }
}
