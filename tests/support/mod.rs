//! Loader for the known-answer vector files in `vectors/`.
#![allow(dead_code, reason = "each test crate uses part of the loader")]

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

/// The five files, one per `passwordHashType`; all must exist.
pub const FILES: [&str; 5] = ["bcrypt", "scrypt", "firebase-scrypt", "pbkdf2", "argon2"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    #[serde(rename = "type")]
    pub hash_type: String,
    pub description: String,
    pub cases: Vec<Case>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub source: String,
    pub password: Option<String>,
    #[serde(rename = "passwordHex")]
    pub password_hex: Option<String>,
    #[serde(rename = "passwordHash")]
    pub password_hash: String,
    #[serde(rename = "passwordHashConfig")]
    pub password_hash_config: Option<String>,
    #[serde(rename = "type")]
    pub hash_type: Option<String>,
    pub expect: String,
    pub error: Option<String>,
    #[serde(default)]
    pub slow: bool,
    #[serde(default)]
    pub note: Option<String>,
}

impl Case {
    pub fn password_bytes(&self) -> Vec<u8> {
        match (&self.password, &self.password_hex) {
            (Some(p), None) => p.as_bytes().to_vec(),
            (None, Some(h)) => hex(h),
            _ => panic!(
                "case {}: exactly one of password and passwordHex",
                self.name
            ),
        }
    }

    /// The expected result as `hashport verify` writes it: `match`,
    /// `mismatch`, or the error kind.
    pub fn expected(&self) -> String {
        match (self.expect.as_str(), &self.error) {
            ("match" | "mismatch", None) => self.expect.clone(),
            ("error", Some(kind)) => kind.clone(),
            _ => panic!("case {}: bad expect/error pair", self.name),
        }
    }
}

pub fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// The exporter forms' vector files, one per type, under `vectors/forms/`.
pub const FORM_FILES: [&str; 5] = [
    "forms/bcrypt",
    "forms/scrypt",
    "forms/firebase-scrypt",
    "forms/pbkdf2",
    "forms/argon2",
];

/// Loads every vector file, checking names are unique and every case has a
/// source. Returns `(file stem, type, case)` triples.
pub fn load_all() -> Vec<(String, String, Case)> {
    let mut out = Vec::new();
    for stem in FILES.into_iter().chain(FORM_FILES) {
        let path = vectors_dir().join(format!("{stem}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file: File =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            file.hash_type,
            stem.trim_start_matches("forms/"),
            "{stem}.json: type"
        );
        assert!(!file.description.is_empty());
        let mut names = BTreeSet::new();
        for case in file.cases {
            assert!(
                names.insert(case.name.clone()),
                "{stem}: duplicate name {}",
                case.name
            );
            assert!(
                !case.source.trim().is_empty(),
                "{stem}/{}: no source",
                case.name
            );
            let ty = case
                .hash_type
                .clone()
                .unwrap_or_else(|| file.hash_type.clone());
            out.push((stem.to_owned(), ty, case));
        }
    }
    out
}

/// `VECTORS_FILTER=a,b` keeps cases whose `file/name` contains a or b.
pub fn selected(full_name: &str) -> bool {
    match std::env::var("VECTORS_FILTER") {
        Ok(f) if !f.is_empty() => f.split(',').any(|s| full_name.contains(s)),
        _ => true,
    }
}

/// Runs the `hashport` binary in the repository root with `args`, feeding
/// `stdin` from another thread (so a large input cannot deadlock on a full
/// output pipe).
pub fn hashport<S: AsRef<OsStr>>(args: &[S], stdin: &[u8]) -> Output {
    // option_env!: the test crates without the `cli` feature's binary also
    // compile this module, and never call it.
    #[allow(clippy::option_env_unwrap, reason = "see above")]
    let binary = option_env!("CARGO_BIN_EXE_hashport").expect("the hashport binary (feature cli)");
    let mut child = Command::new(binary)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}
