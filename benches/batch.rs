//! Batch throughput against thread count and batch size, on mixed records.
//!
//! The records are matching hashes of all five families at moderate costs
//! (made by hashport's native policies, plus the firebase/scrypt README
//! record), in round-robin order.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hashport::{Batch, BatchOptions, Engine, Job, Limits, NativeRecord, Policy, Record};

const FIREBASE_HASH: &str = "42xEC+ixf3L2lw==Bw==lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==";
const FIREBASE_CONFIG: &str = r#"{"memCost":12,"rounds":8,"saltSeparator":"Bw==","signerKey":"jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA=="}"#;

/// The records: a native record, or `None` for the Firebase one.
type Mixed = Vec<(Option<NativeRecord>, Vec<u8>)>;

fn mixed(n: usize) -> Mixed {
    let policies = [
        Policy::Bcrypt { cost: 8 },
        Policy::Scrypt { ln: 12, r: 8, p: 1 },
        Policy::Pbkdf2Sha256 { iterations: 50_000 },
        Policy::Argon2id {
            m_kib: 4096,
            t: 2,
            p: 1,
        },
    ];
    let engines: Vec<Engine> = policies
        .into_iter()
        .map(|p| Engine::new(p, Limits::default()).unwrap())
        .collect();
    (0..n)
        .map(|i| {
            let password = format!("password-{i}").into_bytes();
            // Every fifth record is Firebase scrypt (memCost 12: a mismatch,
            // at the same cost as a match).
            let native = engines.get(i % 5).map(|e| e.hash(&password).unwrap());
            (native, password)
        })
        .collect()
}

fn jobs(m: &Mixed) -> Vec<Job<'_>> {
    m.iter()
        .map(|(native, pw)| match native {
            Some(r) => Job::new(r.as_record(), pw),
            None => Job::new(
                Record::new("firebase-scrypt", FIREBASE_HASH, Some(FIREBASE_CONFIG)),
                b"user1password",
            ),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let engine = Engine::new(Policy::DEFAULT, Limits::default()).unwrap();
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let mut group = c.benchmark_group("batch");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for size in [16usize, 64] {
        let m = mixed(size);
        let jobs = jobs(&m);
        group.throughput(Throughput::Elements(size as u64));
        let mut threads = vec![1usize, 2];
        if cores > 2 {
            threads.extend([4, 8, 16].into_iter().filter(|&t| t <= cores));
        }
        for t in threads {
            for upgrade in [false, true] {
                let mut options = BatchOptions::default();
                options.threads = t;
                options.upgrade = upgrade;
                let batch = Batch::new(&engine, options).unwrap();
                let id = format!("size{size}/upgrade={upgrade}");
                group.bench_with_input(BenchmarkId::new(id, t), &jobs, |b, jobs| {
                    b.iter(|| black_box(batch.verify(black_box(jobs))));
                });
            }
        }
    }
    group.finish();
}

/// Per-core throughput of the pairs the batch forms: one worker verifying
/// 16 records of one family, as the batch does (bcrypt of equal cost, and
/// PBKDF2-SHA256 on SHA-NI, two at a time), against one at a time
/// (`verify_sequential`).
fn pairs(c: &mut Criterion) {
    let policies = [
        ("bcrypt cost 8", Policy::Bcrypt { cost: 8 }),
        (
            "pbkdf2-sha256 100k",
            Policy::Pbkdf2Sha256 {
                iterations: 100_000,
            },
        ),
    ];
    let mut group = c.benchmark_group("pairs");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Elements(16));
    for (name, policy) in policies {
        let engine = Engine::new(policy, Limits::default()).unwrap();
        let m: Vec<(NativeRecord, Vec<u8>)> = (0..16)
            .map(|i| {
                let password = format!("password-{i}").into_bytes();
                (engine.hash(&password).unwrap(), password)
            })
            .collect();
        let jobs: Vec<Job<'_>> = m
            .iter()
            .map(|(r, pw)| Job::new(r.as_record(), pw))
            .collect();
        let mut options = BatchOptions::default();
        options.threads = 1;
        options.upgrade = false;
        let batch = Batch::new(&engine, options).unwrap();
        paired_and_not(&mut group, name, &batch, &jobs);
    }
    // PBKDF2-SHA1 (passlib's `$pbkdf2$`), hashed with the `pbkdf2` crate.
    let engine = Engine::new(Policy::DEFAULT, Limits::default()).unwrap();
    let ab64 = |b: &[u8]| {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD_NO_PAD
            .encode(b)
            .replace('+', ".")
    };
    let m: Vec<(String, Vec<u8>)> = (0..16)
        .map(|i| {
            let password = format!("password-{i}").into_bytes();
            let salt = format!("salt-{i}").into_bytes();
            let mut key = [0u8; 20];
            pbkdf2::pbkdf2_hmac::<sha1::Sha1>(&password, &salt, 200_000, &mut key);
            (
                format!("$pbkdf2$200000${}${}", ab64(&salt), ab64(&key)),
                password,
            )
        })
        .collect();
    let jobs: Vec<Job<'_>> = m
        .iter()
        .map(|(r, pw)| Job::new(Record::new("pbkdf2", r, None), pw))
        .collect();
    let mut options = BatchOptions::default();
    options.threads = 1;
    options.upgrade = false;
    let batch = Batch::new(&engine, options).unwrap();
    paired_and_not(&mut group, "pbkdf2-sha1 200k", &batch, &jobs);
    group.finish();
}

/// Benches `jobs` through `Batch::verify` (paired) and
/// `Batch::verify_sequential`, after checking that every job matches both
/// ways (the bench verifies what it claims to).
fn paired_and_not(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    batch: &Batch<'_>,
    jobs: &[Job<'_>],
) {
    for results in [batch.verify(jobs), batch.verify_sequential(jobs)] {
        assert!(
            results
                .iter()
                .all(|r| matches!(r, Ok(hashport::Login::Match { .. })))
        );
    }
    group.bench_function(BenchmarkId::new(name, "paired"), |b| {
        b.iter(|| black_box(batch.verify(black_box(jobs))));
    });
    group.bench_function(BenchmarkId::new(name, "one at a time"), |b| {
        b.iter(|| black_box(batch.verify_sequential(black_box(jobs))));
    });
}

criterion_group!(benches, bench, pairs);
criterion_main!(benches);
