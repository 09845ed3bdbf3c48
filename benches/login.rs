//! Equal-time rejection at login: every rejection path of `Engine::login`
//! should take as long as verifying a wrong password against a native
//! record at the policy's parameters (the first bench of the group).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hashport::{Engine, Limits, Policy, Record};

fn bench(c: &mut Criterion) {
    let engine = Engine::new(Policy::DEFAULT, Limits::default()).unwrap();
    let native = engine.hash(b"correct horse").unwrap();
    let native = native.as_record();
    let undecodable = Record::new("bcrypt", "$2b$10$not-a-valid-hash", None);
    let over_limit = Record::new(
        "scrypt",
        "$scrypt$ln=30,r=8,p=1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        None,
    );
    let unknown_type = Record::new("md5", "5f4dcc3b5aa765d61d8327deb882cf99", None);
    let long_password = vec![b'a'; 1 << 20];

    let mut group = c.benchmark_group("login");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(6));
    group.bench_function("native-wrong-password", |b| {
        b.iter(|| black_box(engine.login(Some(&native), black_box(b"wrong"))));
    });
    group.bench_function("unknown-user", |b| {
        b.iter(|| black_box(engine.login(None, black_box(b"wrong"))));
    });
    group.bench_function("undecodable-record", |b| {
        b.iter(|| black_box(engine.login(Some(&undecodable), black_box(b"wrong"))));
    });
    group.bench_function("over-limit-record", |b| {
        b.iter(|| black_box(engine.login(Some(&over_limit), black_box(b"wrong"))));
    });
    group.bench_function("unknown-type", |b| {
        b.iter(|| black_box(engine.login(Some(&unknown_type), black_box(b"wrong"))));
    });
    group.bench_function("over-long-password", |b| {
        b.iter(|| black_box(engine.login(Some(&native), black_box(&long_password))));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
