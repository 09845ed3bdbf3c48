//! The `hashport verify` JSON Lines contract, as library code so that the
//! binary stays thin and the fuzz target exercises exactly what it runs.
//!
//! Input: one JSON object per line with `passwordHashType`, `passwordHash`,
//! `passwordHashConfig` (a string, optional or null) and `password` (a
//! string) or `passwordHex`. Other members are ignored. Output: one JSON
//! object per input line, in input order:
//! `{"line": N, "outcome": "match" | "mismatch" | "error", "error": {"kind": "...", "message": "..."}}`
//! with `error` only on errors and N counting from 1.

use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::config::{Entries, JsonProblem, parse_object};
use crate::encoding::decode_hex;
use crate::{Error, Limits, Outcome, Record};

/// Longest input line read; a longer one gets an `invalid_line` error and is
/// skipped without being held in memory.
pub const MAX_LINE_LEN: usize = 16 << 20;

/// Lines read before a chunk is verified in parallel and written out.
const CHUNK_LINES: usize = 256;

/// The error kind of a line that is not a record of the contract's shape.
pub const INVALID_LINE: &str = "invalid_line";

/// One output line.
#[derive(Debug, Serialize)]
struct Report<'a> {
    line: u64,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorReport<'a>>,
}

#[derive(Debug, Serialize)]
struct ErrorReport<'a> {
    kind: &'a str,
    message: String,
}

/// A parsed input line.
#[derive(Debug)]
struct Input {
    hash_type: String,
    hash: String,
    config: Option<String>,
    password: Vec<u8>,
}

/// Verifies one input line (without its newline) and returns the output
/// line (without a newline). Never panics, whatever the bytes.
#[must_use]
pub fn process_line(line_no: u64, line: &[u8], limits: &Limits) -> String {
    let (outcome, error) = match parse_input(line) {
        Err(message) => (
            "error",
            Some(ErrorReport {
                kind: INVALID_LINE,
                message: message.to_owned(),
            }),
        ),
        Ok(input) => {
            let record = Record::new(&input.hash_type, &input.hash, input.config.as_deref());
            match crate::verify(&record, &input.password, limits) {
                Ok(Outcome::Match) => ("match", None),
                Ok(Outcome::Mismatch) => ("mismatch", None),
                Err(e) => ("error", Some(error_report(&e))),
            }
        }
    };
    render(&Report {
        line: line_no,
        outcome,
        error,
    })
}

fn error_report(e: &Error) -> ErrorReport<'static> {
    ErrorReport {
        kind: e.kind(),
        message: e.to_string(),
    }
}

fn render(report: &Report<'_>) -> String {
    serde_json::to_string(report).unwrap_or_else(|_| {
        format!(
            r#"{{"line":{},"outcome":"error","error":{{"kind":"internal","message":"cannot render output"}}}}"#,
            report.line
        )
    })
}

/// The output line for an input line longer than [`MAX_LINE_LEN`].
#[must_use]
pub fn too_long_line(line_no: u64) -> String {
    render(&Report {
        line: line_no,
        outcome: "error",
        error: Some(ErrorReport {
            kind: INVALID_LINE,
            message: format!("line is longer than {MAX_LINE_LEN} bytes"),
        }),
    })
}

fn parse_input(line: &[u8]) -> Result<Input, &'static str> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let Entries(entries) = match std::str::from_utf8(line) {
        Err(_) => return Err("line is not valid UTF-8"),
        Ok(text) => parse_object(text).map_err(|p| match p {
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
    let config = match config {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        // Accept a config object given inline, as its JSON text.
        Some(v @ Value::Object(_)) => Some(v.to_string()),
        Some(_) => return Err("passwordHashConfig must be a string or null"),
    };
    let password = match (password, password_hex) {
        (Some(Value::String(s)), None) => s.into_bytes(),
        (None, Some(Value::String(h))) => decode_hex(&h).ok_or("passwordHex is not valid hex")?,
        (Some(_), Some(_)) => return Err("give password or passwordHex, not both"),
        (None, None) => return Err("missing password or passwordHex"),
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
/// Returns `None` at end of input, `Some(false)` for a line that fits and
/// `Some(true)` for one that was too long (its bytes are discarded).
///
/// # Errors
/// Any I/O error of the reader.
pub fn read_line_bounded<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (chunk, done) = match memchr(available) {
            Some(i) => (available.get(..i).unwrap_or(available), Some(i + 1)),
            None => (available, None),
        };
        if !too_long {
            if buf.len() + chunk.len() > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = done.unwrap_or(available.len());
        reader.consume(used);
        if done.is_some() {
            return Ok(Some(too_long));
        }
    }
}

fn memchr(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// Runs the whole `verify` contract from `input` to `output`. Lines are
/// verified in parallel on the current rayon pool, chunk by chunk, and
/// written in input order. `progress` is called with the number of lines
/// done after each chunk.
///
/// # Errors
/// I/O errors of the reader or writer.
pub fn run_verify<R: BufRead, W: Write>(
    mut input: R,
    mut output: W,
    limits: &Limits,
    mut progress: impl FnMut(u64),
) -> io::Result<u64> {
    let mut line_no: u64 = 0;
    let mut chunk: Vec<(u64, Option<Vec<u8>>)> = Vec::with_capacity(CHUNK_LINES);
    let mut buf = Vec::new();
    loop {
        let read = read_line_bounded(&mut input, &mut buf, MAX_LINE_LEN)?;
        if let Some(too_long) = read {
            line_no += 1;
            chunk.push((line_no, (!too_long).then(|| std::mem::take(&mut buf))));
        }
        if chunk.len() >= CHUNK_LINES || (read.is_none() && !chunk.is_empty()) {
            let lines: Vec<String> = chunk
                .par_iter()
                .map(|(n, line)| match line {
                    Some(bytes) => process_line(*n, bytes, limits),
                    None => too_long_line(*n),
                })
                .collect();
            for l in lines {
                output.write_all(l.as_bytes())?;
                output.write_all(b"\n")?;
            }
            output.flush()?;
            chunk.clear();
            progress(line_no);
        }
        if read.is_none() {
            return Ok(line_no);
        }
    }
}
