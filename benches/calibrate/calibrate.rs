//! Calibration of the cost model: times random parameters of every family
//! and compares each measurement with `Verifier::estimated_millis`, the
//! estimate that `Limits::max_verify_millis` bounds.
//!
//!     cargo run --release --example calibrate [-- SEED [RECORDS_PER_FAMILY]]
//!
//! Each record is verified (a mismatch: the time is the same) on a batch
//! worker that keeps no working memory, as a cold login would, so the
//! measurement includes fresh working memory as the estimate does (a thread
//! that keeps its arenas runs memory-heavy records, argon2 at t = 1 above
//! all, in as little as a third of the estimate: estimates err high).
//! Prints one row per record, then per family the range of
//! measured/estimate for records above 1 ms (the cost model's promise: 0.5 to
//! 2) and the slowest record that the default limits accept. Run it alone on
//! a quiet machine; it is not a test.

use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use hashport::{Batch, BatchOptions, Engine, Job, Limits, Policy, Record};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

struct Case {
    family: &'static str,
    label: String,
    hash: String,
    config: Option<String>,
    password: Vec<u8>,
}

fn cases(rng: &mut Rng, per_family: usize) -> Vec<Case> {
    let mut out = Vec::new();
    let b64 = |b: &[u8]| B64.encode(b);
    for i in 0..per_family {
        // bcrypt: all-zero salt and hash are valid bcrypt base64 ('.').
        let cost = rng.range(4, 14);
        let (minor, password) = if i % 3 == 0 {
            // $2a$ with 8-bit bytes: a mismatch also runs the countermeasure.
            ("2a", vec![0xff; 72])
        } else {
            ("2b", b"calibration".to_vec())
        };
        out.push(Case {
            family: "bcrypt",
            label: format!("${minor}$ cost {cost}"),
            hash: format!("${minor}${cost:02}${}", ".".repeat(53)),
            config: None,
            password,
        });

        let ln = rng.range(4, 17);
        let r = rng.range(1, 16);
        let p = rng.range(1, 4);
        if (128u64 << ln) * r <= 256 << 20 {
            out.push(Case {
                family: "scrypt",
                label: format!("ln={ln} r={r} p={p}"),
                hash: format!(
                    "$scrypt$ln={ln},r={r},p={p}${}${}",
                    b64(&rng.bytes(16)),
                    b64(&rng.bytes(32))
                ),
                config: None,
                password: b"calibration".to_vec(),
            });
        }

        let mem_cost = rng.range(4, 16);
        let rounds = rng.range(1, 8);
        out.push(Case {
            family: "firebase-scrypt",
            label: format!("memCost={mem_cost} rounds={rounds}"),
            hash: format!("{}Bw=={}", b64(&rng.bytes(12)), b64(&rng.bytes(32))),
            config: Some(format!(
                r#"{{"memCost":{mem_cost},"rounds":{rounds},"saltSeparator":"Bw==","signerKey":"{}"}}"#,
                B64.encode(rng.bytes(32))
            )),
            password: b"calibration".to_vec(),
        });

        let (ident, digest_len) = match i % 3 {
            0 => ("pbkdf2", 20),
            1 => ("pbkdf2-sha256", 32),
            _ => ("pbkdf2-sha512", 64),
        };
        // log-uniform iterations, 1e3 ..= 4e6; one to three output blocks.
        let iterations = (1000.0 * 4000f64.powf(rng.range(0, 1000) as f64 / 1000.0)) as u64;
        let len = digest_len * rng.range(1, 3) as usize - rng.range(0, 8) as usize;
        out.push(Case {
            family: "pbkdf2",
            label: format!("{ident} i={iterations} l={len}"),
            hash: format!(
                "${ident}$i={iterations},l={len}${}${}",
                b64(&rng.bytes(16)),
                b64(&rng.bytes(len))
            ),
            config: None,
            password: b"calibration".to_vec(),
        });

        let p = rng.range(1, 4);
        let top = 131_072 >> rng.range(0, 6);
        let m = rng.range(8 * p, top);
        let t = rng.range(1, 6);
        let variant = ["argon2id", "argon2i", "argon2d"][i % 3];
        out.push(Case {
            family: "argon2",
            label: format!("{variant} m={m} t={t} p={p}"),
            hash: format!(
                "${variant}$v=19$m={m},t={t},p={p}${}${}",
                b64(&rng.bytes(16)),
                b64(&rng.bytes(32))
            ),
            config: None,
            password: b"calibration".to_vec(),
        });
    }
    out
}

/// The most expensive records the default limits accept, one or more per
/// family: the acceptance check's "worst accepted record".
fn edges(rng: &mut Rng) -> Vec<Case> {
    let b64 = |b: &[u8]| B64.encode(b);
    let plain = |family, label: &str, hash: String| Case {
        family,
        label: format!("edge: {label}"),
        hash,
        config: None,
        password: b"calibration".to_vec(),
    };
    let salt = b64(&rng.bytes(16));
    let key = b64(&rng.bytes(32));
    let key64 = b64(&rng.bytes(64));
    let phc_scrypt = |ln: u32, r: u32, p: u32| format!("$scrypt$ln={ln},r={r},p={p}${salt}${key}");
    let argon2 =
        |v: &str, m: u32, t: u32, p: u32| format!("${v}$v=19$m={m},t={t},p={p}${salt}${key}");
    let mut out = vec![
        plain(
            "bcrypt",
            "$2b$ cost 14",
            format!("$2b$14${}", ".".repeat(53)),
        ),
        Case {
            password: vec![0xff; 72],
            ..plain(
                "bcrypt",
                "$2a$ cost 13, 8-bit password",
                format!("$2a$13${}", ".".repeat(53)),
            )
        },
        plain("scrypt", "ln=20 r=1 p=1", phc_scrypt(20, 1, 1)),
        plain(
            "scrypt",
            "ln=20 r=1 p=4 (over the budget)",
            phc_scrypt(20, 1, 4),
        ),
        plain("scrypt", "ln=17 r=8 p=3", phc_scrypt(17, 8, 3)),
        plain("scrypt", "ln=14 r=16 p=16", phc_scrypt(14, 16, 16)),
        plain(
            "pbkdf2",
            "sha1 i=10000000",
            format!("$pbkdf2$i=10000000${salt}${}", b64(&rng.bytes(20))),
        ),
        plain(
            "pbkdf2",
            "sha256 i=10000000",
            format!("$pbkdf2-sha256$i=10000000${salt}${key}"),
        ),
        plain(
            "pbkdf2",
            "sha512 i=1990000",
            format!("$pbkdf2-sha512$i=1990000${salt}${key64}"),
        ),
        plain(
            "argon2",
            "argon2id m=131072 t=16 p=1",
            argon2("argon2id", 131_072, 16, 1),
        ),
        plain(
            "argon2",
            "argon2d m=131072 t=16 p=16",
            argon2("argon2d", 131_072, 16, 16),
        ),
        plain(
            "argon2",
            "argon2id m=65536 t=16 p=1",
            argon2("argon2id", 65_536, 16, 1),
        ),
    ];
    out.push(Case {
        family: "firebase-scrypt",
        label: "edge: memCost=17 rounds=8".to_owned(),
        hash: format!("{}Bw=={key}", b64(&rng.bytes(12))),
        config: Some(format!(
            r#"{{"memCost":17,"rounds":8,"saltSeparator":"Bw==","signerKey":"{}"}}"#,
            b64(&rng.bytes(32))
        )),
        password: b"calibration".to_vec(),
    });
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let per_family: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(16);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);

    // Wide limits, so that records over the default budget are measured too.
    let mut wide = Limits::default();
    for (name, value) in [
        ("bcrypt_max_cost", 31),
        ("scrypt_max_memory", 1 << 30),
        ("pbkdf2_max_iterations", 1 << 31),
        ("pbkdf2_max_work", u64::MAX),
        ("max_verify_millis", u64::MAX),
    ] {
        wide.set(name, value).expect("a known limit");
    }
    let defaults = Limits::default();
    let engine = Engine::new(Policy::DEFAULT, wide.clone()).expect("engine");
    let mut options = BatchOptions::default();
    options.threads = 1;
    options.upgrade = false;
    // Too small a budget for the worker to keep arenas (they may take a
    // quarter of it), large enough for the largest record: every
    // verification maps fresh memory, the worst case the estimate assumes.
    options.memory_budget = 300 << 20;
    let batch = Batch::new(&engine, options).expect("batch");

    println!("| family | parameters | estimate ms | measured ms | ratio | default limits |");
    println!("|---|---|---|---|---|---|");
    // Per family: lowest and highest ratio, slowest accepted record.
    type Summary = (&'static str, f64, f64, Option<(String, f64)>);
    let mut summary: Vec<Summary> = Vec::new();
    let mut all = edges(&mut rng);
    all.extend(cases(&mut rng, per_family));
    for case in all {
        let record = Record::new(case.family, &case.hash, case.config.as_deref());
        let verifier = match record.decode(&wide) {
            Ok(v) => v,
            Err(e) => {
                println!("| {} | {} | - | - | - | {e} |", case.family, case.label);
                continue;
            }
        };
        let estimate = verifier.estimated_millis();
        if estimate > 4000.0 {
            continue;
        }
        let reps = if estimate > 100.0 { 1 } else { 5 };
        let mut times: Vec<f64> = (0..reps)
            .map(|_| {
                let start = Instant::now();
                let result = batch.verify(&[Job::new(record, &case.password)]);
                assert!(matches!(result.as_slice(), [Ok(_)]), "{}", case.label);
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let measured = times[times.len() / 2];
        let ratio = measured / estimate;
        let accepted = record.decode(&defaults).is_ok();
        println!(
            "| {} | {} | {estimate:.2} | {measured:.2} | {ratio:.2} | {} |",
            case.family,
            case.label,
            if accepted { "accepted" } else { "rejected" }
        );
        let entry = match summary.iter_mut().find(|s| s.0 == case.family) {
            Some(e) => e,
            None => {
                summary.push((case.family, f64::INFINITY, 0.0, None));
                summary.last_mut().expect("just pushed")
            }
        };
        if estimate > 1.0 {
            entry.1 = entry.1.min(ratio);
            entry.2 = entry.2.max(ratio);
        }
        if accepted && entry.3.as_ref().is_none_or(|(_, t)| measured > *t) {
            entry.3 = Some((case.label.clone(), measured));
        }
    }
    println!();
    println!("| family | measured/estimate, estimates > 1 ms | slowest accepted by default |");
    println!("|---|---|---|");
    for (family, lo, hi, worst) in summary {
        let worst = worst.map_or("-".to_owned(), |(l, t)| format!("{l}: {t:.1} ms"));
        println!("| {family} | {lo:.2} ..= {hi:.2} | {worst} |");
    }
}
