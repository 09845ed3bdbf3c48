//! The hashport side of the comparison harness (`benches/compare/run.sh`).
//!
//! Reads one JSON object per stdin line, `{"type", "hash", "config",
//! "passwordHex", "reps"}`, runs `reps` single-threaded verifications
//! (decode, verify, constant-time compare: what a login does) and writes one
//! line `{"ok": true, "ns": [..]}` with each call's wall time, or
//! `{"ok": false, "error": ".."}` if a call did not return a match.

use std::io::{self, BufRead, Write};
use std::time::Instant;

use hashport::{Limits, Outcome, Record};
use serde_json::{Value, json};

fn hex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn run(request: &Value, limits: &Limits) -> Result<Vec<u128>, String> {
    let field = |name: &str| request.get(name).and_then(Value::as_str);
    let record = Record::new(
        field("type").ok_or("no type")?,
        field("hash").ok_or("no hash")?,
        field("config"),
    );
    let password = hex(field("passwordHex").ok_or("no passwordHex")?).ok_or("bad hex")?;
    let reps = request.get("reps").and_then(Value::as_u64).unwrap_or(1);
    let mut times = Vec::new();
    for _ in 0..reps {
        let start = Instant::now();
        let outcome = hashport::verify(&record, &password, limits);
        times.push(start.elapsed().as_nanos());
        if outcome != Ok(Outcome::Match) {
            return Err(format!("{outcome:?}"));
        }
    }
    Ok(times)
}

fn main() -> io::Result<()> {
    let limits = Limits::DEFAULT;
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line?;
        let reply = match serde_json::from_str::<Value>(&line) {
            Err(e) => json!({"ok": false, "error": e.to_string()}),
            Ok(request) => match run(&request, &limits) {
                Ok(ns) => json!({"ok": true, "ns": ns}),
                Err(error) => json!({"ok": false, "error": error}),
            },
        };
        writeln!(out, "{reply}")?;
        out.flush()?;
    }
    Ok(())
}
