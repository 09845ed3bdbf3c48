//! Regression tests for the reliability review: one cost model bounding
//! every verification, honest error kinds, limits validated as a whole, and
//! the edges of the command line. Each test names the reproduction it
//! guards.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use support::hashport;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use hashport::{Batch, BatchOptions, Engine, Error, Limits, Outcome, Policy, Record};
use serde_json::{Value, json};

const BUDGET_PARAM: &str = "estimated verification time (reference ms, see max_verify_millis)";

/// `hashport verify ARGS` on one record line; the output line as JSON.
fn verify_line(args: &[&str], line: &Value) -> Value {
    let mut all = vec!["verify", "--no-upgrade"];
    all.extend_from_slice(args);
    let out = hashport(&all, format!("{line}\n").as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

fn decode_err(ty: &str, hash: &str, config: Option<&str>, limits: &Limits) -> Error {
    Record::new(ty, hash, config).decode(limits).unwrap_err()
}

#[track_caller]
fn over_budget(e: &Error) {
    match e {
        Error::ParamOutOfRange {
            param, max, actual, ..
        } if *param == BUDGET_PARAM => {
            assert_eq!(*max, 1000);
            assert!(*actual > 1000, "{e}");
        }
        other => panic!("expected the time budget, got {other:?}"),
    }
}

#[test]
fn pbkdf2_work_is_weighed_by_digest() {
    let l = Limits::default();
    // Raw SHA-512, 10^7 iterations, 2 blocks: 12-14 s before.
    let config =
        json!({"digest": "sha512", "iterations": 10_000_000, "keyLen": 128, "salt": "salt"});
    let hash = "ab".repeat(128);
    over_budget(&decode_err("pbkdf2", &hash, Some(&config.to_string()), &l));
    // SHA-512, 1.25 * 10^6 iterations, 16 blocks: 15 s before.
    let hash = format!(
        "$pbkdf2-sha512$i=1250000${}${}",
        b64(b"saltsalt"),
        b64(&[7; 1024])
    );
    over_budget(&decode_err("pbkdf2", &hash, None, &l));
    // The same iteration count on SHA-256, one block, is within it.
    let ok = format!(
        "$pbkdf2-sha256$i=1250000${}${}",
        b64(b"saltsalt"),
        b64(&[7; 32])
    );
    Record::new("pbkdf2", &ok, None).decode(&l).unwrap();
}

#[test]
fn scrypt_p_counts() {
    let l = Limits::default();
    let tail = format!("{}${}", b64(b"saltsalt"), b64(&[1; 32]));
    // 9-10 s and 5.4 s before.
    for params in ["ln=20,r=1,p=16", "ln=17,r=8,p=16"] {
        let hash = format!("$scrypt${params}${tail}");
        over_budget(&decode_err("scrypt", &hash, None, &l));
    }
    Record::new("scrypt", &format!("$scrypt$ln=17,r=8,p=1${tail}"), None)
        .decode(&l)
        .unwrap();
}

#[test]
fn bcrypt_2a_is_charged_its_worst_case() {
    let l = Limits::default();
    let hash = |prefix: &str, cost: u32| format!("${prefix}${cost:02}${}", ".".repeat(53));
    // 8.2 s with 72 bytes 0xff before; cost 16 alone is about four seconds.
    for (prefix, cost) in [("2a", 16), ("2b", 16), ("2a", 15), ("2b", 15), ("2a", 14)] {
        over_budget(&decode_err("bcrypt", &hash(prefix, cost), None, &l));
    }
    for (prefix, cost) in [("2b", 14), ("2y", 14), ("2a", 13)] {
        Record::new("bcrypt", &hash(prefix, cost), None)
            .decode(&l)
            .unwrap();
    }
    // A legacy record over the budget stays verifiable by raising it.
    let mut raised = Limits::default();
    raised.max_verify_millis = 5000;
    Record::new("bcrypt", &hash("2a", 15), None)
        .decode(&raised)
        .unwrap();
}

#[test]
fn estimates_are_what_inspect_reports() {
    let line =
        json!({"passwordHashType": "bcrypt", "passwordHash": format!("$2a$10${}", ".".repeat(53))});
    let out = hashport(&["inspect"], format!("{line}\n").as_bytes());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let verifier = Record::new("bcrypt", line["passwordHash"].as_str().unwrap(), None)
        .decode(&Limits::default())
        .unwrap();
    let want = (verifier.estimated_millis() * 100.0).round() / 100.0;
    assert_eq!(v["estimatedMillis"].as_f64().unwrap(), want);
}

#[test]
fn working_memory_that_cannot_be_mapped_is_out_of_memory() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let line = json!({
        "passwordHashType": "scrypt",
        "passwordHash": format!("$scrypt$ln=17,r=8,p=1${}${}", b64(&[0; 16]), b64(&[0; 16])),
        "password": "x",
    });
    let script = format!(
        "ulimit -v 200000; exec '{}' verify --no-upgrade --jobs 1",
        env!("CARGO_BIN_EXE_hashport")
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{line}").unwrap();
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "out_of_memory", "{v}");
}

#[test]
fn thread_counts_are_bounded() {
    let engine = Engine::new(Policy::DEFAULT, Limits::default()).unwrap();
    let mut options = BatchOptions::default();
    options.threads = 100_000;
    let e = Batch::new(&engine, options).unwrap_err();
    assert_eq!(e.kind(), "invalid_param");
    assert!(e.to_string().contains("threads"), "{e}");
    let out = hashport(&["verify", "--jobs", "100000"], b"");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--jobs") && !stderr.contains("bug"),
        "{stderr}"
    );
}

#[test]
fn parameters_beyond_the_primitive_are_out_of_range() {
    let max = u64::MAX.to_string();
    let pbkdf2 = json!({
        "passwordHashType": "pbkdf2",
        "passwordHash": format!("$pbkdf2-sha256$i=5000000000${}${}", b64(b"saltsalt"), b64(&[0; 32])),
        "password": "x",
    });
    let limits = [
        format!("pbkdf2_max_iterations={max}"),
        format!("pbkdf2_max_work={max}"),
        format!("max_verify_millis={max}"),
    ];
    let mut args = Vec::new();
    for l in &limits {
        args.extend(["--limit", l.as_str()]);
    }
    let v = verify_line(&args, &pbkdf2);
    assert_eq!(v["error"]["kind"], "param_out_of_range", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("iterations")
    );

    let argon2 = json!({
        "passwordHashType": "argon2",
        "passwordHash": format!("$argon2id$v=19$m=5000000000,t=1,p=1${}${}", b64(b"saltsalt"), b64(&[0; 32])),
        "password": "x",
    });
    let m = format!("argon2_max_m_kib={max}");
    let v = verify_line(&["--limit", &m], &argon2);
    assert_eq!(v["error"]["kind"], "param_out_of_range", "{v}");

    // A 1-byte argon2 tag where min_digest_len allows it: RFC 9106 says 4.
    let short = json!({
        "passwordHashType": "argon2",
        "passwordHash": format!("$argon2id$v=19$m=64,t=1,p=1${}${}", b64(b"saltsalt"), b64(&[0])),
        "password": "x",
    });
    let v = verify_line(&["--limit", "min_digest_len=1"], &short);
    assert_eq!(v["error"]["kind"], "param_out_of_range", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("hash length")
    );

    let out = hashport(
        &["hash", "--policy", "scrypt", "--scrypt-ln", "64"],
        b"pw\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ln") && !stderr.contains("bug"), "{stderr}");
}

#[test]
fn no_limit_lets_an_empty_digest_verify() {
    let mut l = Limits::default();
    l.min_digest_len = 0;
    assert_eq!(l.validate().unwrap_err().kind(), "invalid_param");
    assert_eq!(
        Engine::new(Policy::DEFAULT, l.clone()).unwrap_err().kind(),
        "invalid_param"
    );
    // A firebase record with an empty signer key and hash, and an empty
    // scrypt digest: they matched every password before.
    let firebase = json!({"memCost": 4, "rounds": 1, "saltSeparator": "Bw==", "signerKey": ""});
    let e = decode_err(
        "firebase-scrypt",
        "c2FsdA==Bw==",
        Some(&firebase.to_string()),
        &l,
    );
    assert_eq!(e.kind(), "invalid_param");
    let e = decode_err("scrypt", "$scrypt$ln=1,r=1,p=1$c2FsdA$", None, &l);
    assert_eq!(e.kind(), "invalid_param");
    let out = hashport(&["verify", "--limit", "min_digest_len=0"], b"");
    assert_eq!(out.status.code(), Some(2));

    let mut l = Limits::default();
    l.min_digest_len = 64;
    l.max_digest_len = 32;
    assert!(
        l.validate()
            .unwrap_err()
            .to_string()
            .contains("max_digest_len")
    );
    let out = hashport(&["inspect", "--limit", "bcrypt_max_cost=3"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn hash_reads_a_bounded_password_and_drops_one_line_ending() {
    // 1.5 GB in was read whole before: now at most the limit and a line
    // ending, plus one byte to tell it is over.
    let big = vec![b'a'; 64 << 20];
    let out = hashport(
        &[
            "hash",
            "--policy",
            "pbkdf2-sha256",
            "--pbkdf2-iterations",
            "1000",
        ],
        &big,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("4099 bytes"), "{stderr}");

    let cheap = [
        "hash",
        "--policy",
        "pbkdf2-sha256",
        "--pbkdf2-iterations",
        "1000",
    ];
    let limits = Limits::default();
    for (input, password, not) in [
        (&b"abc\r"[..], &b"abc\r"[..], &b"abc"[..]),
        (b"abc\r\n", b"abc", b"abc\r"),
        (b"abc\n\n", b"abc\n", b"abc"),
        (b"abc", b"abc", b"abc\n"),
    ] {
        let out = hashport(&cheap, input);
        assert!(out.status.success());
        let record: Value = serde_json::from_slice(&out.stdout).unwrap();
        let record = Record::new("pbkdf2", record["passwordHash"].as_str().unwrap(), None);
        assert_eq!(
            hashport::verify(&record, password, &limits).unwrap(),
            Outcome::Match
        );
        assert_eq!(
            hashport::verify(&record, not, &limits).unwrap(),
            Outcome::Mismatch
        );
    }
}

#[test]
fn a_closed_output_pipe_ends_the_run_with_status_2() {
    let dir = std::env::temp_dir().join(format!("hashport-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("records.jsonl");
    let line = json!({"passwordHashType": "unknown", "passwordHash": "x", "password": "x"});
    std::fs::write(&file, format!("{line}\n").repeat(200_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hashport"))
        .args(["verify", "--no-upgrade", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe closes.
    let out = child.wait_with_output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(first.starts_with("{\"line\":1,"), "{first}");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn io_errors_name_the_path() {
    let dir = std::env::temp_dir();
    let out = hashport(&["verify", dir.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(dir.to_str().unwrap()), "{stderr}");
    let missing = dir.join("hashport-no-such-file.jsonl");
    let out = hashport(&["inspect", missing.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hashport-no-such-file.jsonl"));
}

#[test]
fn inline_config_objects_refuse_duplicate_keys() {
    let line = r#"{"passwordHashType":"scrypt","passwordHash":"salt:00112233445566778899aabbccddeeff","passwordHashConfig":{"saltSeparator":":","N":1048576,"N":16,"r":1,"p":1,"keyLen":16},"password":"x"}"#;
    let out = hashport(&["verify", "--no-upgrade"], format!("{line}\n").as_bytes());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "invalid_config", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("more than once")
    );
}

#[test]
fn an_empty_object_means_no_config_for_every_type() {
    let l = Limits::default();
    let phc = format!("$scrypt$ln=4,r=1,p=1${}${}", b64(b"salt"), b64(&[0; 16]));
    for config in [None, Some("null"), Some(""), Some("{}"), Some(" { } ")] {
        Record::new("scrypt", &phc, config).decode(&l).unwrap();
    }
}

#[test]
fn argon2_associated_data_limit_is_the_documented_32_bytes() {
    let l = Limits::default();
    let hash = |data: &[u8]| {
        format!(
            "$argon2id$v=19$m=64,t=1,p=1,data={}${}${}",
            b64(data),
            b64(b"saltsalt"),
            b64(&[0; 32])
        )
    };
    Record::new("argon2", &hash(&[1; 32]), None)
        .decode(&l)
        .unwrap();
    match decode_err("argon2", &hash(&[1; 33]), None, &l) {
        Error::ParamOutOfRange { param, max, .. } => {
            assert_eq!((param, max), ("data length", 32));
        }
        other => panic!("{other:?}"),
    }
    let readme = include_str!("../README.md");
    assert!(readme.contains("`data=` up to 32 bytes"));
}
