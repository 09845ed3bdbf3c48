//! Property tests (proptest).
//!
//! - Decoding never panics (nor fails internally) on arbitrary strings, for
//!   every type, and whatever decodes is within the limits.
//! - Random passwords (bytes and unicode) and random small parameters, hashed
//!   by an independent path (the primitive crates directly; bcrypt on the
//!   `blowfish` crate) and written in every accepted form, verify; a changed
//!   password, a flipped digest bit or a changed character of an encoded salt
//!   or digest does not. The builder is `hashport::fuzzing`, shared with the
//!   `verify` fuzz target.
//! - Parameters exactly at each limit decode; one past is rejected with
//!   `param_out_of_range` naming the parameter (decode only at the default
//!   limits, where records are cheap to decode; hash and verify at reduced
//!   limits).
//!
//! Case counts are kept so that the file runs in well under a minute in a
//! debug build: `cargo test --test props`. `PROPTEST_CASES=N` scales every
//! property up for a longer run.

#[path = "../fuzz/src/bcrypt_ref.rs"]
mod bcrypt_ref;

use hashport::fuzzing::{ArgonType, B64, Prf, Spec, assert_bounded, check_roundtrip};
use hashport::{Algorithm, Error, Limits, Outcome, Record};
use proptest::prelude::*;
use proptest::sample::select;

const BCRYPT: Option<hashport::fuzzing::BcryptRaw> = Some(bcrypt_ref::bcrypt_raw);

fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Decoding never panics

/// Strings that look partly like each type's forms, so that decoding gets
/// past the first check, and plain arbitrary strings.
fn hash_text() -> impl Strategy<Value = String> {
    let prefix = select(vec![
        "",
        "$2a$",
        "$2b$04$",
        "$2y$1",
        "$2x$05$",
        "$2$04$",
        "$scrypt$ln=",
        "$scrypt$ln=4,r=1,p=1$",
        "$pbkdf2$",
        "$pbkdf2-sha256$i=",
        "$pbkdf2-sha512$1000$",
        "pbkdf2_sha256$",
        "$argon2id$v=19$m=",
        "$argon2i$m=64,t=1,p=1$",
        "$argon2d$v=16$",
        "salt:",
        "c2FsdA==Bw==",
    ]);
    let body = prop_oneof!["[0-9a-zA-Z./+=_$:,-]{0,120}", "\\PC{0,60}", ".{0,40}",];
    (prefix, body).prop_map(|(p, b)| format!("{p}{b}"))
}

/// JSON objects built from the keys the decoders know, with values of every
/// JSON type, and arbitrary text.
fn config_text() -> impl Strategy<Value = Option<String>> {
    let key = select(vec![
        "saltSeparator",
        "N",
        "n",
        "cost",
        "r",
        "p",
        "keyLen",
        "dkLen",
        "saltEncoding",
        "keyEncoding",
        "memCost",
        "rounds",
        "signerKey",
        "salt",
        "algorithm",
        "digest",
        "iterations",
        "hashEncoding",
        "unknown",
    ]);
    let value = prop_oneof![
        any::<u64>().prop_map(|v| v.to_string()),
        (0u64..40).prop_map(|v| v.to_string()),
        (0u32..64).prop_map(|v| format!("\"{}\"", 1u64 << v.min(63))),
        "[a-zA-Z0-9+/=:]{0,24}".prop_map(|s| format!("\"{s}\"")),
        select(vec![
            "null",
            "true",
            "-1",
            "1.5",
            "1e300",
            "[]",
            "{}",
            "\"hex\"",
            "\"base64\"",
            "\"utf8\"",
            "\"sha256\""
        ])
        .prop_map(str::to_owned),
    ];
    let object = proptest::collection::vec((key, value), 0..8).prop_map(|entries| {
        let body: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        format!("{{{}}}", body.join(","))
    });
    prop_oneof![Just(None), object.prop_map(Some), ".{0,40}".prop_map(Some),]
}

proptest! {
    #![proptest_config(cases(2000))]

    #[test]
    fn decoding_never_panics(
        ty in select(Algorithm::ALL.to_vec()),
        hash in hash_text(),
        config in config_text(),
    ) {
        let limits = Limits::default();
        match Record::new(ty.as_str(), &hash, config.as_deref()).decode(&limits) {
            Ok(v) => {
                prop_assert_eq!(v.algorithm(), ty);
                assert_bounded(&v, &limits);
            }
            Err(e) => prop_assert!(!matches!(e, Error::Internal(_)), "{:?}", e),
        }
    }

    #[test]
    fn unknown_types_are_refused(ty in "\\PC{0,20}", hash in ".{0,20}") {
        prop_assume!(!Algorithm::ALL.iter().any(|a| a.as_str() == ty));
        let got = Record::new(&ty, &hash, None).decode(&Limits::default());
        prop_assert!(matches!(got, Err(Error::UnknownType)));
    }
}

// ---------------------------------------------------------------------------
// Independent hash, every form: verifies; mutations do not

fn password() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => proptest::collection::vec(any::<u8>(), 0..40),
        3 => "\\PC{0,24}".prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 70..300),
        1 => Just(Vec::new()),
    ]
}

fn salt(lo: usize, hi: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), lo..=hi),
        proptest::collection::vec(0x20u8..0x7f, lo..=hi),
        "[a-zA-Zé€0-9$:]{0,16}".prop_filter_map("salt length", move |s| {
            (lo..=hi).contains(&s.len()).then(|| s.into_bytes())
        }),
    ]
}

fn bcrypt_spec() -> impl Strategy<Value = Spec> {
    any::<[u8; 16]>().prop_map(|salt| Spec::Bcrypt { cost: 4, salt })
}

fn scrypt_spec() -> impl Strategy<Value = Spec> {
    (
        1u8..=4,
        1u32..=2,
        1u32..=2,
        salt(0, 40),
        10usize..=80,
        select(vec![":", "$", "|", "", "a", "=", "é", "::"]),
    )
        .prop_map(|(log_n, r, p, salt, key_len, sep)| Spec::Scrypt {
            log_n,
            r,
            p,
            salt,
            key_len,
            separator: sep.to_owned(),
        })
}

fn firebase_spec() -> impl Strategy<Value = Spec> {
    (
        1u8..=4,
        1u32..=2,
        salt(0, 24),
        proptest::collection::vec(any::<u8>(), 0..=4),
        proptest::collection::vec(any::<u8>(), 10..=80),
    )
        .prop_map(
            |(mem_cost, rounds, salt, separator, signer_key)| Spec::FirebaseScrypt {
                mem_cost,
                rounds,
                salt,
                separator,
                signer_key,
            },
        )
}

fn pbkdf2_spec() -> impl Strategy<Value = Spec> {
    (
        select(vec![Prf::Sha1, Prf::Sha256, Prf::Sha512]),
        1u32..=16,
        salt(0, 40),
        prop_oneof![Just(None), (10usize..=100).prop_map(Some)],
    )
        .prop_map(|(prf, iterations, salt, key_len)| Spec::Pbkdf2 {
            prf,
            iterations,
            salt,
            key_len: key_len.unwrap_or(prf.output_len()),
        })
}

fn argon2_spec() -> impl Strategy<Value = Spec> {
    (
        select(vec![ArgonType::D, ArgonType::I, ArgonType::Id]),
        select(vec![16u32, 19]),
        1u32..=2,
        0u32..=48,
        1u32..=2,
        salt(8, 32),
        proptest::collection::vec(any::<u8>(), 0..=8),
        10usize..=64,
    )
        .prop_map(
            |(variant, version, p, extra_m, t, salt, data, key_len)| Spec::Argon2 {
                variant,
                version,
                m: 8 * p + extra_m,
                t,
                p,
                salt,
                data,
                key_len,
            },
        )
}

fn roundtrip(spec: &Spec, password: &[u8], tweak: u64) -> Result<(), TestCaseError> {
    match check_roundtrip(spec, password, BCRYPT, tweak, &Limits::default()) {
        Ok(n) => {
            prop_assert!(n > 0, "no forms for {:?}", spec);
            Ok(())
        }
        Err(failure) => Err(TestCaseError::fail(format!("{failure}\nspec: {spec:?}"))),
    }
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn bcrypt_every_form(spec in bcrypt_spec(), password in password(), tweak in any::<u64>()) {
        roundtrip(&spec, &password, tweak)?;
    }

    #[test]
    fn scrypt_every_form(spec in scrypt_spec(), password in password(), tweak in any::<u64>()) {
        roundtrip(&spec, &password, tweak)?;
    }

    #[test]
    fn firebase_scrypt_every_form(spec in firebase_spec(), password in password(), tweak in any::<u64>()) {
        roundtrip(&spec, &password, tweak)?;
    }

    #[test]
    fn pbkdf2_every_form(spec in pbkdf2_spec(), password in password(), tweak in any::<u64>()) {
        roundtrip(&spec, &password, tweak)?;
    }

    #[test]
    fn argon2_every_form(spec in argon2_spec(), password in password(), tweak in any::<u64>()) {
        roundtrip(&spec, &password, tweak)?;
    }
}

#[test]
fn bcrypt_reference_matches_a_published_vector() {
    // The reference itself must be right, or the properties prove nothing:
    // OpenBSD's "U*U" vector (also in vectors/bcrypt.json).
    let record = Record::new(
        "bcrypt",
        "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        None,
    );
    assert_eq!(
        hashport::verify(&record, b"U*U", &Limits::default()),
        Ok(Outcome::Match)
    );
    let salt = [
        0x10, 0x41, 0x04, 0x10, 0x41, 0x04, 0x10, 0x41, 0x04, 0x10, 0x41, 0x04, 0x10, 0x41, 0x04,
        0x10,
    ];
    let spec = Spec::Bcrypt { cost: 5, salt };
    let forms = spec.forms(b"U*U", BCRYPT, None, 0).expect("forms");
    assert!(
        forms
            .iter()
            .any(|f| f.hash == "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
        "{forms:?}"
    );
}

// ---------------------------------------------------------------------------
// Limits: at each limit decodes, one past is refused naming the parameter

fn decode(ty: &str, hash: &str, config: Option<&str>, limits: &Limits) -> Result<(), Error> {
    Record::new(ty, hash, config).decode(limits).map(drop)
}

/// Asserts that decoding fails with `ParamOutOfRange` for `param`.
#[track_caller]
fn out_of_range(got: Result<(), Error>, want: &str) {
    match got {
        Err(Error::ParamOutOfRange { param, .. }) if param == want => {}
        other => panic!("expected param_out_of_range for {want:?}, got {other:?}"),
    }
}

#[track_caller]
fn kind(got: Result<(), Error>, want: &str) {
    match got {
        Err(e) if e.kind() == want => {}
        other => panic!("expected {want}, got {other:?}"),
    }
}

fn b64(bytes: &[u8]) -> String {
    // Unpadded standard base64 through the fuzzing encoders' dialect list.
    hashport::fuzzing::b64(B64::Std, bytes)
}

fn bcrypt_hash(cost: u32) -> String {
    format!("$2b${cost:02}${}", ".".repeat(53))
}

fn scrypt_cfg(n: u64, r: u64, p: u64, key_len: u64) -> String {
    format!(r#"{{"saltSeparator":":","N":{n},"r":{r},"p":{p},"keyLen":{key_len}}}"#)
}

fn scrypt_hash(salt_len: usize, key_len: usize) -> String {
    format!("{}:{}", "s".repeat(salt_len), "ab".repeat(key_len))
}

fn firebase_cfg(mem_cost: u64, rounds: u64, signer_len: usize) -> String {
    format!(
        r#"{{"memCost":{mem_cost},"rounds":{rounds},"saltSeparator":"Bw==","signerKey":"{}","salt":"c2FsdA=="}}"#,
        b64(&vec![7u8; signer_len])
    )
}

fn pbkdf2_hash(iterations: u64, salt_len: usize, hash_len: usize) -> String {
    format!(
        "$pbkdf2-sha1$i={iterations}${}${}",
        b64(&vec![1u8; salt_len]),
        b64(&vec![2u8; hash_len])
    )
}

fn argon2_hash(m: u64, t: u64, p: u64, salt_len: usize, hash_len: usize) -> String {
    format!(
        "$argon2id$v=19$m={m},t={t},p={p}${}${}",
        b64(&vec![1u8; salt_len]),
        b64(&vec![2u8; hash_len])
    )
}

#[test]
fn default_limits_boundaries_decode_only() {
    let l = Limits::default();
    assert_eq!(l, Limits::DEFAULT);

    // bcrypt cost 4..=16, and within the time budget: $2b$ up to 14.
    decode("bcrypt", &bcrypt_hash(14), None, &l).unwrap();
    decode("bcrypt", &bcrypt_hash(4), None, &l).unwrap();
    for cost in [15, 16] {
        out_of_range(
            decode("bcrypt", &bcrypt_hash(cost), None, &l),
            "estimated verification time (reference ms, see max_verify_millis)",
        );
    }
    out_of_range(decode("bcrypt", &bcrypt_hash(17), None, &l), "cost");
    out_of_range(decode("bcrypt", &bcrypt_hash(3), None, &l), "cost");
    out_of_range(decode("bcrypt", &bcrypt_hash(31), None, &l), "cost");

    // scrypt (Frontegg): N <= 2^20, r <= 32, p <= 16, 128 N r <= 128 MiB,
    // keyLen 10..=1024, salt <= 1024 bytes.
    let h32 = scrypt_hash(4, 32);
    decode("scrypt", &h32, Some(&scrypt_cfg(1 << 20, 1, 1, 32)), &l).unwrap();
    out_of_range(
        decode("scrypt", &h32, Some(&scrypt_cfg(1 << 21, 1, 1, 32)), &l),
        "N",
    );
    decode("scrypt", &h32, Some(&scrypt_cfg(2, 1, 1, 32)), &l).unwrap();
    kind(
        decode("scrypt", &h32, Some(&scrypt_cfg(1, 1, 1, 32)), &l),
        "invalid_param",
    );
    kind(
        decode(
            "scrypt",
            &h32,
            Some(&scrypt_cfg((1 << 20) + 1, 1, 1, 32)),
            &l,
        ),
        "invalid_param",
    );
    decode("scrypt", &h32, Some(&scrypt_cfg(1 << 15, 32, 1, 32)), &l).unwrap();
    out_of_range(
        decode("scrypt", &h32, Some(&scrypt_cfg(16, 33, 1, 32)), &l),
        "r",
    );
    out_of_range(
        decode("scrypt", &h32, Some(&scrypt_cfg(16, 0, 1, 32)), &l),
        "r",
    );
    decode("scrypt", &h32, Some(&scrypt_cfg(16, 1, 16, 32)), &l).unwrap();
    out_of_range(
        decode("scrypt", &h32, Some(&scrypt_cfg(16, 1, 17, 32)), &l),
        "p",
    );
    out_of_range(
        decode("scrypt", &h32, Some(&scrypt_cfg(16, 1, 0, 32)), &l),
        "p",
    );
    out_of_range(
        decode("scrypt", &h32, Some(&scrypt_cfg(1 << 20, 2, 1, 32)), &l),
        "memory (128*N*r bytes)",
    );
    out_of_range(
        decode("scrypt", &h32, Some(&scrypt_cfg(1 << 15, 33, 1, 32)), &l),
        "r",
    );
    for (key_len, ok) in [(10, true), (1024, true), (9, false), (1025, false)] {
        let got = decode(
            "scrypt",
            &scrypt_hash(4, key_len),
            Some(&scrypt_cfg(16, 1, 1, key_len as u64)),
            &l,
        );
        if ok {
            got.unwrap();
        } else {
            out_of_range(got, "keyLen");
        }
    }
    decode(
        "scrypt",
        &scrypt_hash(1024, 16),
        Some(&scrypt_cfg(16, 1, 1, 16)),
        &l,
    )
    .unwrap();
    out_of_range(
        decode(
            "scrypt",
            &scrypt_hash(1025, 16),
            Some(&scrypt_cfg(16, 1, 1, 16)),
            &l,
        ),
        "salt length",
    );

    // scrypt (PHC): ln <= 20.
    let phc =
        |ln: u32, r: u32, p: u32| format!("$scrypt$ln={ln},r={r},p={p}$c2FsdA${}", b64(&[3u8; 32]));
    decode("scrypt", &phc(20, 1, 1), None, &l).unwrap();
    out_of_range(decode("scrypt", &phc(21, 1, 1), None, &l), "N (2^ln)");
    out_of_range(decode("scrypt", &phc(63, 1, 1), None, &l), "N (2^ln)");
    // Ory Kratos writes N itself as ln: ln >= 64 is read as N (see
    // vectors/scrypt.json, kratos-scrypt-ln-is-n-itself).
    decode("scrypt", &phc(64, 1, 1), None, &l).unwrap();
    decode("scrypt", &phc(1 << 20, 1, 1), None, &l).unwrap();
    out_of_range(decode("scrypt", &phc(1 << 21, 1, 1), None, &l), "N (2^ln)");
    kind(
        decode("scrypt", &phc(1000, 1, 1), None, &l),
        "invalid_param",
    );
    kind(decode("scrypt", &phc(0, 1, 1), None, &l), "invalid_param");

    // Firebase: memCost 1..=17, rounds 1..=16, 128 * 2^memCost * rounds <= 128 MiB.
    let fb = |m, r| firebase_cfg(m, r, 32);
    let fh = b64(&[9u8; 32]);
    decode("firebase-scrypt", &fh, Some(&fb(17, 8)), &l).unwrap();
    decode("firebase-scrypt", &fh, Some(&fb(16, 16)), &l).unwrap();
    decode("firebase-scrypt", &fh, Some(&fb(1, 1)), &l).unwrap();
    out_of_range(
        decode("firebase-scrypt", &fh, Some(&fb(18, 1)), &l),
        "memCost",
    );
    out_of_range(
        decode("firebase-scrypt", &fh, Some(&fb(0, 1)), &l),
        "memCost",
    );
    out_of_range(
        decode("firebase-scrypt", &fh, Some(&fb(10, 17)), &l),
        "rounds",
    );
    out_of_range(
        decode("firebase-scrypt", &fh, Some(&fb(10, 0)), &l),
        "rounds",
    );
    out_of_range(
        decode("firebase-scrypt", &fh, Some(&fb(17, 9)), &l),
        "memory (128*N*r bytes)",
    );
    for (len, ok) in [(10, true), (1024, true), (9, false), (1025, false)] {
        let got = decode(
            "firebase-scrypt",
            &b64(&vec![9u8; len]),
            Some(&firebase_cfg(4, 1, len)),
            &l,
        );
        if ok {
            got.unwrap();
        } else {
            kind(got, "invalid_config");
        }
    }

    // PBKDF2: iterations 1..=10^7, iterations * blocks <= 2 * 10^7, hash 10..=1024, salt <= 1024.
    decode("pbkdf2", &pbkdf2_hash(10_000_000, 16, 20), None, &l).unwrap();
    out_of_range(
        decode("pbkdf2", &pbkdf2_hash(10_000_001, 16, 20), None, &l),
        "iterations",
    );
    out_of_range(
        decode("pbkdf2", &pbkdf2_hash(0, 16, 20), None, &l),
        "iterations",
    );
    // Two SHA-1 blocks of 10^7 iterations: within the work range, over the
    // time budget.
    out_of_range(
        decode("pbkdf2", &pbkdf2_hash(10_000_000, 16, 40), None, &l),
        "estimated verification time (reference ms, see max_verify_millis)",
    );
    out_of_range(
        decode("pbkdf2", &pbkdf2_hash(10_000_000, 16, 41), None, &l),
        "iterations*blocks",
    );
    decode("pbkdf2", &pbkdf2_hash(1, 16, 10), None, &l).unwrap();
    decode("pbkdf2", &pbkdf2_hash(1, 16, 1024), None, &l).unwrap();
    out_of_range(
        decode("pbkdf2", &pbkdf2_hash(1, 16, 9), None, &l),
        "hash length",
    );
    out_of_range(
        decode("pbkdf2", &pbkdf2_hash(1, 16, 1025), None, &l),
        "hash length",
    );
    decode("pbkdf2", &pbkdf2_hash(1, 1024, 20), None, &l).unwrap();
    out_of_range(
        decode("pbkdf2", &pbkdf2_hash(1, 1025, 20), None, &l),
        "salt length",
    );

    // argon2: m <= 131072 KiB, t 1..=16, p 1..=16, m >= 8 p, salt 8..=1024, hash 10..=1024.
    decode("argon2", &argon2_hash(131_072, 16, 16, 16, 32), None, &l).unwrap();
    out_of_range(
        decode("argon2", &argon2_hash(131_073, 1, 1, 16, 32), None, &l),
        "m",
    );
    out_of_range(
        decode("argon2", &argon2_hash(64, 17, 1, 16, 32), None, &l),
        "t",
    );
    out_of_range(
        decode("argon2", &argon2_hash(64, 0, 1, 16, 32), None, &l),
        "t",
    );
    out_of_range(
        decode("argon2", &argon2_hash(256, 1, 17, 16, 32), None, &l),
        "p",
    );
    out_of_range(
        decode("argon2", &argon2_hash(64, 1, 0, 16, 32), None, &l),
        "p",
    );
    decode("argon2", &argon2_hash(16, 1, 2, 16, 32), None, &l).unwrap();
    kind(
        decode("argon2", &argon2_hash(15, 1, 2, 16, 32), None, &l),
        "invalid_param",
    );
    decode("argon2", &argon2_hash(8, 1, 1, 8, 10), None, &l).unwrap();
    decode("argon2", &argon2_hash(8, 1, 1, 1024, 1024), None, &l).unwrap();
    out_of_range(
        decode("argon2", &argon2_hash(8, 1, 1, 7, 32), None, &l),
        "salt length",
    );
    out_of_range(
        decode("argon2", &argon2_hash(8, 1, 1, 1025, 32), None, &l),
        "salt length",
    );
    out_of_range(
        decode("argon2", &argon2_hash(8, 1, 1, 16, 9), None, &l),
        "hash length",
    );
    out_of_range(
        decode("argon2", &argon2_hash(8, 1, 1, 16, 1025), None, &l),
        "hash length",
    );

    // Field sizes: hash 4096 bytes, config 4095 characters.
    let long_hash = format!("$2b$04${}", ".".repeat(4096 - 7));
    kind(decode("bcrypt", &long_hash, None, &l), "invalid_hash");
    kind(
        decode("bcrypt", &format!("{long_hash}."), None, &l),
        "input_too_large",
    );
    let cfg = |chars: usize| format!("{{\"x\":\"{}\"}}", "é".repeat(chars - 8));
    kind(
        decode("scrypt", "s:00", Some(&cfg(4095)), &l),
        "invalid_config",
    );
    kind(
        decode("scrypt", "s:00", Some(&cfg(4096)), &l),
        "input_too_large",
    );
}

#[test]
fn password_length_limit() {
    let spec = Spec::Pbkdf2 {
        prf: Prf::Sha256,
        iterations: 1,
        salt: b"salt".to_vec(),
        key_len: 32,
    };
    let l = Limits::default();
    for len in [4096usize, 4097] {
        let password = vec![b'a'; len];
        let form = &spec.forms(&password, None, None, 0).expect("forms")[0];
        let got = hashport::verify(
            &Record::new("pbkdf2", &form.hash, form.config.as_deref()),
            &password,
            &l,
        );
        if len <= l.max_password_len {
            assert_eq!(got, Ok(Outcome::Match));
        } else {
            assert!(matches!(got, Err(Error::PasswordTooLong { .. })), "{got:?}");
        }
    }
}

/// At reduced limits, records exactly at each limit are hashed by the
/// reference path and verify; one past is refused before any work.
#[test]
fn reduced_limits_at_limit_verify_past_limit_refused() {
    let mut l = Limits::default();
    l.bcrypt_max_cost = 5;
    l.scrypt_max_n = 16;
    l.scrypt_max_r = 2;
    l.scrypt_max_p = 2;
    l.firebase_max_mem_cost = 4;
    l.firebase_max_rounds = 2;
    l.pbkdf2_max_iterations = 16;
    l.pbkdf2_max_work = 32;
    l.argon2_max_m_kib = 64;
    l.argon2_max_t = 2;
    l.argon2_max_p = 2;
    let at = |spec: Spec| {
        let n =
            check_roundtrip(&spec, b"pass word", BCRYPT, 7, &l).unwrap_or_else(|e| panic!("{e}"));
        assert!(n > 0);
    };
    let past = |spec: Spec, param: &str| {
        for form in spec.forms(b"pw", BCRYPT, None, 3).expect("forms") {
            let got = hashport::verify(
                &Record::new(
                    spec.algorithm().as_str(),
                    &form.hash,
                    form.config.as_deref(),
                ),
                b"pw",
                &l,
            );
            match got {
                Err(Error::ParamOutOfRange { param: p, .. }) if p.starts_with(param) => {}
                other => panic!(
                    "{}: expected {param} out of range, got {other:?}",
                    form.label
                ),
            }
        }
    };
    at(Spec::Bcrypt {
        cost: 5,
        salt: [1; 16],
    });
    past(
        Spec::Bcrypt {
            cost: 6,
            salt: [1; 16],
        },
        "cost",
    );

    let scrypt = |log_n, r, p| Spec::Scrypt {
        log_n,
        r,
        p,
        salt: b"NaCl".to_vec(),
        key_len: 16,
        separator: ":".to_owned(),
    };
    at(scrypt(4, 2, 2));
    past(scrypt(5, 1, 1), "N");
    past(scrypt(1, 3, 1), "r");
    past(scrypt(1, 1, 3), "p");

    let firebase = |mem_cost, rounds| Spec::FirebaseScrypt {
        mem_cost,
        rounds,
        salt: b"salt".to_vec(),
        separator: vec![7],
        signer_key: vec![5; 32],
    };
    at(firebase(4, 2));
    past(firebase(5, 1), "memCost");
    past(firebase(1, 3), "rounds");

    let pbkdf2 = |iterations, key_len| Spec::Pbkdf2 {
        prf: Prf::Sha1,
        iterations,
        salt: b"salt".to_vec(),
        key_len,
    };
    at(pbkdf2(16, 40));
    past(pbkdf2(17, 20), "iterations");
    past(pbkdf2(16, 41), "iterations*blocks");

    let argon2 = |m, t, p| Spec::Argon2 {
        variant: ArgonType::Id,
        version: 19,
        m,
        t,
        p,
        salt: b"saltsalt".to_vec(),
        data: Vec::new(),
        key_len: 16,
    };
    at(argon2(64, 2, 2));
    past(argon2(65, 1, 1), "m");
    past(argon2(64, 3, 1), "t");
    past(argon2(64, 1, 3), "p");
}

proptest! {
    #![proptest_config(cases(200))]

    /// Any cost decodes exactly when it is within the limit.
    #[test]
    fn costs_decode_iff_within_limits(
        cost in 0u32..100,
        m in prop_oneof![0u64..300_000, any::<u64>()],
        t in prop_oneof![0u64..40, any::<u64>()],
        iterations in prop_oneof![0u64..20_000_000, any::<u64>()],
        ln in prop_oneof![0u32..100, (6u32..24).prop_map(|k| 1 << k), any::<u32>()],
    ) {
        let l = Limits::default();
        // Within the time budget: what the estimate of the same record,
        // decoded without a budget, says.
        let mut unbudgeted = l.clone();
        unbudgeted.max_verify_millis = u64::MAX;
        let in_budget = |ty: &str, hash: &str| {
            Record::new(ty, hash, None)
                .decode(&unbudgeted)
                .map_or(true, |v| v.estimated_millis().ceil() <= l.max_verify_millis as f64)
        };
        let got = decode("bcrypt", &bcrypt_hash(cost % 100), None, &l);
        let ok = (4..=16).contains(&cost) && in_budget("bcrypt", &bcrypt_hash(cost % 100));
        prop_assert_eq!(got.is_ok(), ok, "bcrypt cost {}: {:?}", cost, got);

        let got = decode("argon2", &argon2_hash(m, t, 1, 16, 32), None, &l);
        let ok = (8..=l.argon2_max_m_kib).contains(&m) && (1..=l.argon2_max_t).contains(&t)
            && in_budget("argon2", &argon2_hash(m, t, 1, 16, 32));
        prop_assert_eq!(got.is_ok(), ok, "argon2 m={} t={}: {:?}", m, t, got);
        if let Err(e) = &got {
            prop_assert!(matches!(e.kind(), "param_out_of_range" | "invalid_param"), "{:?}", e);
        }

        let got = decode("pbkdf2", &pbkdf2_hash(iterations, 16, 20), None, &l);
        let ok = (1..=10_000_000).contains(&iterations)
            && in_budget("pbkdf2", &pbkdf2_hash(iterations, 16, 20));
        prop_assert_eq!(got.is_ok(), ok, "pbkdf2 i={}: {:?}", iterations, got);

        let scrypt = format!("$scrypt$ln={ln},r=1,p=1$c2FsdA${}", b64(&[3; 16]));
        let got = decode("scrypt", &scrypt, None, &l);
        // ln <= 63 is log2 N; larger is N itself (Ory Kratos).
        let ok = ((1..=20).contains(&ln) || (ln > 63 && ln.is_power_of_two() && ln <= 1 << 20))
            && in_budget("scrypt", &scrypt);
        prop_assert_eq!(got.is_ok(), ok, "scrypt ln={}: {:?}", ln, got);
    }
}
