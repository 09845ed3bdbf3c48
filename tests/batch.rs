//! The batch verifier: order, isolation, sequential/parallel equality and
//! memory admission.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use hashport::{Batch, BatchOptions, Engine, Error, Job, Limits, Login, Policy, Record};

fn summary(r: &Result<Login, Error>) -> String {
    match r {
        Ok(Login::Mismatch) => "mismatch".into(),
        Ok(Login::Match { upgrade }) => format!("match upgrade={}", upgrade.is_some()),
        Ok(other) => format!("{other:?}"),
        Err(e) => e.kind().into(),
    }
}

#[test]
fn parallel_and_sequential_give_identical_results_in_input_order() {
    let engine = Engine::new(
        Policy::Argon2id {
            m_kib: 64,
            t: 1,
            p: 1,
        },
        Limits::default(),
    )
    .unwrap();
    let cases: Vec<_> = support::load_all()
        .into_iter()
        .filter(|(_, _, c)| !c.slow)
        .collect();
    let passwords: Vec<Vec<u8>> = cases.iter().map(|(_, _, c)| c.password_bytes()).collect();
    let jobs: Vec<Job<'_>> = cases
        .iter()
        .zip(&passwords)
        .map(|((_, ty, c), pw)| {
            Job::new(
                Record::new(ty, &c.password_hash, c.password_hash_config.as_deref()),
                pw,
            )
        })
        .collect();
    let mut options = BatchOptions::default();
    options.threads = 2;
    let batch = Batch::new(&engine, options).unwrap();
    let parallel = batch.verify(&jobs);
    let sequential = batch.verify_sequential(&jobs);
    assert_eq!(parallel.len(), jobs.len());
    for (((stem, _, case), p), s) in cases.iter().zip(&parallel).zip(&sequential) {
        assert_eq!(summary(p), summary(s), "{stem}/{}", case.name);
        let want = case.expected();
        let got = match p {
            Ok(Login::Match { .. }) => "match".to_owned(),
            other => summary(other),
        };
        assert_eq!(got, want, "{stem}/{}", case.name);
    }
}

#[test]
fn a_record_larger_than_the_whole_budget_is_an_error_not_a_hang() {
    let engine = Engine::new(
        Policy::Argon2id {
            m_kib: 64,
            t: 1,
            p: 1,
        },
        Limits::default(),
    )
    .unwrap();
    let mut options = BatchOptions::default();
    options.memory_budget = 8 << 20;
    let batch = Batch::new(&engine, options).unwrap();
    let big = Record::new(
        "scrypt",
        "$scrypt$ln=14,r=8,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        None,
    );
    let small = Record::new(
        "bcrypt",
        "$2b$05$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe",
        None,
    );
    let jobs = [Job::new(big, b"x"), Job::new(small, b"My S3cre7 P@55w0rd!")];
    let results = batch.verify(&jobs);
    assert!(
        matches!(results[0], Err(Error::OverBudget { .. })),
        "{:?}",
        results[0]
    );
    assert!(results[1].as_ref().unwrap().is_match());
}

/// Peak RSS of `hashport verify --stats` over `input`.
fn peak_rss(args: &[&str], input: &str) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hashport"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    stats["peakRssBytes"].as_u64().expect("peak RSS on Linux")
}

#[test]
fn peak_memory_stays_under_the_budget_with_ten_times_the_budget_queued() {
    const MIB: u64 = 1 << 20;
    let budget = 48 * MIB;
    // 30 records of 16 MiB each, scrypt and argon2 alternating: 480 MiB in
    // all, ten times the budget.
    let scrypt = r#"{"passwordHashType":"scrypt","passwordHash":"$scrypt$ln=14,r=8,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","password":"x"}"#;
    let argon2 = r#"{"passwordHashType":"argon2","passwordHash":"$argon2id$v=19$m=16384,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","password":"x"}"#;
    let input: String = (0..30)
        .map(|i| format!("{}\n", if i % 2 == 0 { scrypt } else { argon2 }))
        .collect();
    let budget_arg = budget.to_string();
    let args = [
        "verify",
        "--stats",
        "--no-upgrade",
        "--jobs",
        "8",
        "--memory-budget",
        &budget_arg,
    ];
    // The process's own footprint, with every worker thread started and
    // busy on records whose working memory is negligible (PBKDF2, i=1).
    let cheap = r#"{"passwordHashType":"pbkdf2","passwordHash":"$pbkdf2-sha256$i=1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","password":"x"}"#;
    let cheap: String = std::iter::repeat_n(format!("{cheap}\n"), 600).collect();
    let baseline = peak_rss(&args, &cheap);
    let peak = peak_rss(&args, &input);
    assert!(
        peak < baseline + budget,
        "peak {} MiB over baseline {} MiB + budget {} MiB",
        peak / MIB,
        baseline / MIB,
        budget / MIB
    );
    // And the budget is what limits it: a budget of one record's size gives
    // a lower peak than three records' worth.
    let one = (17 * MIB).to_string();
    let low = peak_rss(
        &[
            "verify",
            "--stats",
            "--no-upgrade",
            "--jobs",
            "8",
            "--memory-budget",
            &one,
        ],
        &input,
    );
    assert!(
        low < baseline + 17 * MIB + 4 * MIB,
        "one-at-a-time peak {} MiB",
        low / MIB
    );
}

/// PBKDF2-SHA256 jobs, which the batch verifies two at a time where the
/// CPU has SHA-NI, each get their own result: matches, mismatches,
/// different iteration counts, and jobs that fail
/// (over-long password, undecodable record) mixed in between.
#[test]
fn paired_pbkdf2_jobs_each_get_their_own_result() {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let engine = Engine::new(Policy::DEFAULT, Limits::default()).unwrap();
    // (password used to hash, password tried, iterations, key length:
    // passlib's form holds exactly one SHA-256 output)
    let specs: Vec<(String, String, u32, usize)> = (0..14u32)
        .map(|i| {
            let pw = format!("pw-{i}");
            let tried = if i % 3 == 0 {
                format!("wrong-{i}")
            } else {
                pw.clone()
            };
            (pw, tried, 1000 + 517 * (i % 4), 32)
        })
        .collect();
    let records: Vec<String> = specs
        .iter()
        .enumerate()
        .map(|(i, (pw, _, iters, len))| {
            let salt = format!("salt{i}");
            let mut out = vec![0u8; *len];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pw.as_bytes(), salt.as_bytes(), *iters, &mut out);
            format!(
                "$pbkdf2-sha256${iters}${}${}",
                ab64(&b64.encode(salt)),
                ab64(&b64.encode(&out))
            )
        })
        .collect();
    let long = vec![b'a'; 100_000];
    let mut jobs: Vec<Job<'_>> = Vec::new();
    let mut want: Vec<String> = Vec::new();
    for (i, ((_, tried, _, _), rec)) in specs.iter().zip(&records).enumerate() {
        jobs.push(Job::new(Record::new("pbkdf2", rec, None), tried.as_bytes()));
        want.push(if i % 3 == 0 { "mismatch" } else { "match" }.to_owned());
        if i == 4 {
            jobs.push(Job::new(Record::new("pbkdf2", rec, None), &long));
            want.push("password_too_long".to_owned());
        }
        if i == 7 {
            jobs.push(Job::new(
                Record::new("pbkdf2", "$pbkdf2-sha256$1$x", None),
                b"p",
            ));
            want.push("invalid_hash".to_owned());
        }
    }
    let mut options = BatchOptions::default();
    options.threads = 2;
    options.upgrade = false;
    let batch = Batch::new(&engine, options).unwrap();
    let got: Vec<String> = batch
        .verify(&jobs)
        .iter()
        .map(|r| match r {
            Ok(Login::Match { .. }) => "match".to_owned(),
            other => summary(other),
        })
        .collect();
    assert_eq!(got, want);
}

/// passlib's adapted base64: `+` becomes `.`, no padding.
fn ab64(s: &str) -> String {
    s.trim_end_matches('=').replace('+', ".")
}
