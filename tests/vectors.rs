//! Runs every case of every file in `vectors/` through the public API and
//! reports all failures at once. `VECTORS_FILTER=substring` narrows the run;
//! cases marked `slow` run with `cargo test --release -- --include-ignored`,
//! under a time budget raised to 10 s: some are over the default budget on
//! purpose (bcrypt cost 16), to show such legacy records stay verifiable.

mod support;

use hashport::{Limits, Outcome, Record};

fn run(slow: bool) {
    let mut limits = Limits::default();
    if slow {
        limits.max_verify_millis = 10_000;
    }
    let mut failures = Vec::new();
    let mut ran = 0usize;
    for (stem, ty, case) in support::load_all() {
        let full = format!("{stem}/{}", case.name);
        if case.slow != slow || !support::selected(&full) {
            continue;
        }
        ran += 1;
        let record = Record::new(
            &ty,
            &case.password_hash,
            case.password_hash_config.as_deref(),
        );
        let got = match hashport::verify(&record, &case.password_bytes(), &limits) {
            Ok(Outcome::Match) => "match".to_owned(),
            Ok(Outcome::Mismatch) => "mismatch".to_owned(),
            Ok(other) => format!("{other:?}"),
            Err(e) => {
                let message = e.to_string();
                // Errors never carry the hash or the password.
                if case.password_hash.len() >= 8 && message.contains(&case.password_hash) {
                    failures.push(format!("{full}: error message contains the hash"));
                }
                e.kind().to_owned()
            }
        };
        let want = case.expected();
        if got != want {
            failures.push(format!("{full}: expected {want}, got {got}"));
        }
    }
    assert!(slow || ran > 0, "no vectors ran");
    assert!(
        failures.is_empty(),
        "{} of {ran} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_vector_file_exists_and_is_well_formed() {
    let all = support::load_all();
    for stem in support::FILES {
        let n = all.iter().filter(|(s, _, _)| s == stem).count();
        assert!(n >= 30, "{stem}.json has {n} cases, fewer than 30");
        for kind in ["match", "mismatch", "error"] {
            assert!(
                all.iter().any(|(s, _, c)| s == stem && c.expect == kind),
                "{stem}.json has no {kind} case"
            );
        }
    }
}

#[test]
fn all_vectors() {
    run(false);
}

#[test]
#[ignore = "costly cases; run with --release -- --include-ignored"]
fn slow_vectors() {
    run(true);
}
