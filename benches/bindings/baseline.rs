//! The Rust side of the bindings' overhead benchmarks
//! (bindings/node/bench/overhead.mjs, bindings/python/bench/overhead.py):
//! the median time of one `Engine::login` on a trivially cheap record
//! (PBKDF2-SHA256 with one iteration, wrong password, so no upgrade hash),
//! in microseconds. Run: `cargo run --release --example binding_baseline`.

use std::time::Instant;

use hashport::{Engine, Limits, Policy, Record};

/// The record both binding benchmarks use (vectors/pbkdf2.json,
/// gen-phc-iterations-1, made by Python's hashlib).
const RECORD: &str =
    "$pbkdf2-sha256$i=1,l=32$9U3WAMXw1Igifj1Y72wgOg$/x21yJ9+q7Ha4d5cxNX6QU7o2X8W+eFg+G9h9JcrY/U";

fn main() -> Result<(), hashport::Error> {
    let engine = Engine::new(Policy::default(), Limits::default())?;
    let record = Record::new("pbkdf2", RECORD, None);
    let mut samples = Vec::with_capacity(20_000);
    for _ in 0..20_000 {
        let start = Instant::now();
        let login = engine.login(Some(&record), b"wrong password")?;
        samples.push(start.elapsed().as_secs_f64() * 1e6);
        assert!(!login.is_match());
    }
    samples.sort_by(f64::total_cmp);
    let median = samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN);
    println!("rust Engine::login (pbkdf2 i=1, mismatch): median {median:.2} us");
    Ok(())
}
