//! `hashport lint`: checks a bulk-migration body (`{"users": [...]}`,
//! streamed) or JSON Lines of user objects before import, so that no user
//! is locked out by a bad record. Decode only: no password is needed and no
//! hash is computed.

use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, Write};

use serde::Serialize;
use serde_json::{Value, json};

use super::stream::{self, Position, Stop};
use crate::{Engine, Error, Params, Record};

/// Frontegg's limit on `passwordHashConfig`, in characters.
const MAX_CONFIG_CHARS: usize = 4095;

#[derive(Debug, Serialize)]
struct Problem {
    kind: &'static str,
    message: String,
}

#[derive(Debug, Default)]
struct Summary {
    users: u64,
    ok: u64,
    problems: u64,
    by_kind: BTreeMap<&'static str, u64>,
    by_type: BTreeMap<String, u64>,
    by_form: BTreeMap<String, u64>,
    needs_upgrade: u64,
    without_password: u64,
    /// Per decoded record: estimated milliseconds and memory bytes.
    millis: Vec<f32>,
    memory: Vec<u64>,
}

/// Runs `hashport lint`: one line per user with a problem, then a summary
/// (JSON with `json`, else a readable table). Returns whether every user is
/// fine.
///
/// # Errors
/// A read or write error, or input that is neither a bulk body nor JSON
/// Lines (exit status 2).
pub(crate) fn lint<R: BufRead, W: Write>(
    mut input: R,
    mut out: W,
    engine: &Engine,
    json_output: bool,
    tick: &mut dyn FnMut(u64),
) -> Result<bool, String> {
    let bulk = is_bulk_body(&mut input).map_err(|e| e.to_string())?;
    let mut summary = Summary::default();
    let hasher = std::collections::hash_map::RandomState::new();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut each = |position: Position, user: Result<Value, &'static str>| -> Result<(), Stop> {
        let problems = check(&user, engine, &mut summary, &mut seen, &hasher);
        summary.users += 1;
        tick(summary.users);
        if problems.is_empty() {
            summary.ok += 1;
            return Ok(());
        }
        summary.problems += 1;
        for p in &problems {
            *summary.by_kind.entry(p.kind).or_default() += 1;
        }
        let email = user.as_ref().ok().and_then(|u| u.get("email")).cloned();
        write_problem(&mut out, position, email, problems, json_output).map_err(|e| e.to_string())
    };
    if bulk {
        stream::json_array(input, "users", &mut |i, user| {
            each(Position::Index(i), Ok(user))
        })?;
    } else {
        stream::json_lines(input, &mut |line, user| each(Position::Line(line), user))?;
    }
    write_summary(&mut out, &mut summary, json_output).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    Ok(summary.problems == 0)
}

/// Whether the input starts as `{"users": [`: a bulk body, else JSON Lines.
fn is_bulk_body<R: BufRead>(input: &mut R) -> std::io::Result<bool> {
    let buf = input.fill_buf()?;
    let text = String::from_utf8_lossy(buf);
    let rest = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let Some(rest) = rest.strip_prefix('{') else {
        return Ok(rest.starts_with('['));
    };
    let rest = rest.trim_start();
    Ok(rest
        .strip_prefix("\"users\"")
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix(':'))
        .is_some_and(|r| r.trim_start().starts_with('[')))
}

fn check(
    user: &Result<Value, &'static str>,
    engine: &Engine,
    summary: &mut Summary,
    seen: &mut HashSet<u64>,
    hasher: &std::collections::hash_map::RandomState,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem =
        |kind: &'static str, message: String| problems.push(Problem { kind, message });
    let user = match user {
        Ok(u @ Value::Object(_)) => u,
        Ok(_) => {
            problem("invalid_field", "the user is not a JSON object".into());
            return problems;
        }
        Err(m) => {
            problem("invalid_field", (*m).to_owned());
            return problems;
        }
    };
    let text = |key: &str| {
        user.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let (email, tenant) = (text("email"), text("tenantId"));
    if email.is_none() {
        problem("missing_field", "email is missing".into());
    }
    if tenant.is_none() {
        problem("missing_field", "tenantId is missing".into());
    }
    if let (Some(email), Some(tenant)) = (email, tenant) {
        let mut h = hasher.build_hasher();
        h.write(tenant.as_bytes());
        h.write_u8(0);
        h.write(email.to_lowercase().as_bytes());
        if !seen.insert(h.finish()) {
            problem(
                "duplicate_user",
                "another user of this tenant has the same email".into(),
            );
        }
    }
    for key in ["metadata", "vendorMetadata"] {
        match user.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if serde_json::from_str::<Value>(s).is_ok() => {}
            Some(_) => problem("invalid_field", format!("{key} must be a string of JSON")),
        }
    }
    let ty = user.get("passwordHashType");
    let hash = user.get("passwordHash");
    let config = match user.get("passwordHashConfig") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() > MAX_CONFIG_CHARS => Err(Problem {
            kind: "input_too_large",
            message: format!(
                "passwordHashConfig is {} characters, longer than the API's limit of {MAX_CONFIG_CHARS}",
                s.chars().count()
            ),
        }),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(Problem {
            kind: "invalid_config",
            message: "passwordHashConfig must be a string of JSON, not an object".into(),
        }),
    };
    let config = match config {
        Ok(c) => c,
        Err(p) => {
            problems.push(p);
            return problems;
        }
    };
    match (ty, hash) {
        (None | Some(Value::Null), None | Some(Value::Null)) => summary.without_password += 1,
        (Some(Value::String(ty)), Some(Value::String(hash))) => {
            let record = Record::new(ty, hash, config);
            match engine.decode(&record) {
                Ok(v) => {
                    *summary.by_type.entry(ty.clone()).or_default() += 1;
                    *summary
                        .by_form
                        .entry(form_of(&v.params(), hash, config))
                        .or_default() += 1;
                    if engine.upgrade_due(&record, &v) {
                        summary.needs_upgrade += 1;
                    }
                    #[allow(clippy::cast_possible_truncation, reason = "an estimate")]
                    summary.millis.push(v.estimated_millis() as f32);
                    summary.memory.push(v.memory());
                }
                Err(e) => {
                    let e: Error = e;
                    problems.push(Problem {
                        kind: e.kind(),
                        message: e.to_string(),
                    });
                }
            }
        }
        (Some(Value::String(_)), _) => {
            problems.push(Problem {
                kind: "missing_field",
                message: "passwordHashType without a passwordHash string".into(),
            });
        }
        (_, Some(Value::String(_))) => {
            problems.push(Problem {
                kind: "missing_field",
                message: "passwordHash without a passwordHashType string".into(),
            });
        }
        _ => problems.push(Problem {
            kind: "invalid_field",
            message: "passwordHashType and passwordHash must be strings".into(),
        }),
    }
    problems
}

/// The wire form, as the summary counts it.
fn form_of(params: &Params, hash: &str, config: Option<&str>) -> String {
    let with_config = crate::config::given(config).is_some();
    let prefix = |p: &str| hash.starts_with(p);
    match params {
        Params::Bcrypt(_) => hash
            .get(..4)
            .unwrap_or("bcrypt")
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_owned(),
        Params::Argon2(a) => a.variant.as_str().to_owned(),
        Params::Scrypt(_) if with_config => "frontegg".into(),
        Params::Scrypt(_) => "phc".into(),
        Params::FirebaseScrypt(_) => "frontegg".into(),
        Params::Pbkdf2(_) if with_config => "raw+config".into(),
        Params::Pbkdf2(_) if prefix("pbkdf2:") => "werkzeug".into(),
        Params::Pbkdf2(_) if prefix("pbkdf2_") => "django".into(),
        Params::Pbkdf2(_) if hash.contains("$i=") => "phc".into(),
        Params::Pbkdf2(_) => "passlib".into(),
    }
}

fn hint(kind: &str) -> &'static str {
    match kind {
        "missing_field" => {
            "give every user an email and a tenantId, and both passwordHash and passwordHashType or neither"
        }
        "invalid_field" => "metadata and vendorMetadata must be strings holding JSON",
        "duplicate_user" => "each email may appear once per tenant: merge or drop the duplicate",
        "unknown_type" => {
            "passwordHashType must be bcrypt, scrypt, firebase-scrypt, pbkdf2 or argon2"
        }
        "invalid_config" => {
            "passwordHashConfig must be a string of JSON with the type's keys (README: Accepted inputs)"
        }
        "input_too_large" => "shorten the field: the API refuses it",
        "invalid_hash" => {
            "check the hash's encoding (hex or base64) and that the export did not cut it"
        }
        "param_out_of_range" => {
            "a cost over the limits: raise the limit (--limit, e.g. max_verify_millis) or reset this user's password"
        }
        "invalid_param" => "a parameter no implementation accepts: re-export the hash",
        "unsupported" => "hashport cannot verify this hash: reset this user's password",
        _ => "see the message",
    }
}

fn write_problem<W: Write>(
    out: &mut W,
    position: Position,
    email: Option<Value>,
    mut problems: Vec<Problem>,
    json_output: bool,
) -> std::io::Result<()> {
    let first = problems.remove(0);
    let hint = hint(first.kind);
    if json_output {
        let mut line = serde_json::Map::new();
        match position {
            Position::Index(i) => line.insert("index".into(), Value::from(i)),
            Position::Line(n) => line.insert("line".into(), Value::from(n)),
        };
        line.insert("email".into(), email.unwrap_or(Value::Null));
        line.insert("error".into(), json!(first));
        if !problems.is_empty() {
            line.insert("others".into(), json!(problems));
        }
        line.insert("hint".into(), Value::from(hint));
        serde_json::to_writer(&mut *out, &Value::Object(line))?;
        out.write_all(b"\n")
    } else {
        let at = match position {
            Position::Index(i) => format!("users[{i}]"),
            Position::Line(n) => format!("line {n}"),
        };
        let email = email
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or("(no email)");
        writeln!(out, "{at} {email}: {}: {}", first.kind, first.message)?;
        for p in &problems {
            writeln!(out, "    also {}: {}", p.kind, p.message)?;
        }
        writeln!(out, "    hint: {hint}")
    }
}

fn percentiles<T: Copy + PartialOrd + Into<f64>>(values: &mut [T]) -> Value {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let at = |q: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "an index into a sorted list"
        )]
        let i = ((values.len().saturating_sub(1)) as f64 * q).round() as usize;
        // Two decimals: these are estimates.
        values
            .get(i)
            .map_or(0.0, |v| ((*v).into() * 100.0).round() / 100.0)
    };
    json!({"p50": at(0.5), "p95": at(0.95), "max": at(1.0)})
}

fn write_summary<W: Write>(out: &mut W, s: &mut Summary, json_output: bool) -> std::io::Result<()> {
    let cpu_seconds: f64 = s.millis.iter().map(|m| f64::from(*m)).sum::<f64>() / 1000.0;
    let round = |x: f64| (x * 100.0).round() / 100.0;
    #[allow(clippy::cast_precision_loss, reason = "a summary figure")]
    let mut memory: Vec<f64> = s.memory.iter().map(|m| *m as f64).collect();
    let summary = json!({
        "users": s.users,
        "ok": s.ok,
        "problems": s.problems,
        "byKind": s.by_kind,
        "byType": s.by_type,
        "byForm": s.by_form,
        "withoutPassword": s.without_password,
        "needsUpgrade": s.needs_upgrade,
        "estimatedMillis": percentiles(&mut s.millis),
        "memoryBytes": percentiles(&mut memory),
        "estimatedLoginCpuSeconds": round(cpu_seconds),
    });
    if json_output {
        serde_json::to_writer(&mut *out, &json!({ "summary": summary }))?;
        return out.write_all(b"\n");
    }
    writeln!(out)?;
    writeln!(out, "users           {}", s.users)?;
    writeln!(out, "ok              {}", s.ok)?;
    writeln!(out, "with problems   {}", s.problems)?;
    for (kind, n) in &s.by_kind {
        writeln!(out, "  {kind:<22}{n}")?;
    }
    writeln!(out, "without password {}", s.without_password)?;
    writeln!(out, "needs upgrade   {}", s.needs_upgrade)?;
    for (ty, n) in &s.by_type {
        writeln!(out, "type {ty:<18}{n}")?;
    }
    for (form, n) in &s.by_form {
        writeln!(out, "form {form:<18}{n}")?;
    }
    if let Some(est) = summary.get("estimatedMillis") {
        let q = |k: &str| est.get(k).cloned().unwrap_or(Value::Null);
        writeln!(
            out,
            "estimated ms    p50 {} p95 {} max {}",
            q("p50"),
            q("p95"),
            q("max")
        )?;
    }
    writeln!(
        out,
        "login CPU       {} s to log every user in once",
        round(cpu_seconds)
    )
}
