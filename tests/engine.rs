//! Login-time behaviour: upgrades, native records, equal-time rejection
//! paths, and the policy self-check.

use hashport::{Engine, Error, Limits, Login, Policy, Record, UpgradeReason};

/// rust-bcrypt's test string (formats.md §4.2), cost 5.
const BCRYPT: &str = "$2b$05$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe";
const BCRYPT_PASSWORD: &[u8] = b"My S3cre7 P@55w0rd!";

fn engine() -> Engine {
    Engine::new(Policy::DEFAULT, Limits::default()).unwrap()
}

#[test]
fn legacy_match_offers_a_verified_native_upgrade() {
    let engine = engine();
    let record = Record::new("bcrypt", BCRYPT, None);
    let Login::Match { upgrade: Some(up) } = engine.verify(&record, BCRYPT_PASSWORD).unwrap()
    else {
        panic!("expected a match with an upgrade");
    };
    assert_eq!(up.replaces, BCRYPT);
    assert_eq!(up.reason, UpgradeReason::NotNative);
    assert_eq!(up.record.password_hash_type, hashport::Algorithm::Argon2);
    assert_eq!(up.record.password_hash_config, None);
    assert!(
        up.record
            .password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
    // The upgrade is itself native: verifying it gives no further upgrade.
    let native = up.record.as_record();
    assert_eq!(
        engine.verify(&native, BCRYPT_PASSWORD).unwrap(),
        Login::Match { upgrade: None }
    );
    assert_eq!(engine.verify(&native, b"wrong").unwrap(), Login::Mismatch);
    assert!(!engine.needs_upgrade(&native).unwrap());
    assert!(engine.needs_upgrade(&record).unwrap());
}

#[test]
fn fresh_salts_make_every_upgrade_different() {
    let engine = engine();
    let record = Record::new("bcrypt", BCRYPT, None);
    let a = engine.verify(&record, BCRYPT_PASSWORD).unwrap();
    let b = engine.verify(&record, BCRYPT_PASSWORD).unwrap();
    let (Login::Match { upgrade: Some(a) }, Login::Match { upgrade: Some(b) }) = (a, b) else {
        panic!("expected upgrades");
    };
    assert_ne!(a.record.password_hash, b.record.password_hash);
}

#[test]
fn mismatch_offers_nothing() {
    let engine = engine();
    let record = Record::new("bcrypt", BCRYPT, None);
    assert_eq!(
        engine.verify(&record, b"My S3cre7 P@55w0rd?").unwrap(),
        Login::Mismatch
    );
}

#[test]
fn native_records_with_other_parameters_are_upgraded() {
    let engine = engine();
    // argon2-cffi KAT (formats.md KAT-A0): argon2id v=19 m=64 t=2 p=1.
    let record = Record::new(
        "argon2",
        "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Gpj7qOY5RCXJvcMzqcdQqvgR3wcPX7SleI4c9NtXk6E",
        None,
    );
    assert!(engine.needs_upgrade(&record).unwrap());
    let login = engine.verify(&record, b"password").unwrap();
    assert!(matches!(login, Login::Match { upgrade: Some(_) }));
}

#[test]
fn every_policy_writes_what_it_reads_without_upgrade() {
    let policies = [
        Policy::Argon2id {
            m_kib: 64,
            t: 1,
            p: 1,
        },
        Policy::Bcrypt { cost: 4 },
        Policy::Scrypt { ln: 4, r: 8, p: 1 },
        Policy::Pbkdf2Sha256 { iterations: 10 },
    ];
    for policy in policies {
        let engine = Engine::new(policy, Limits::default()).unwrap();
        for password in [&b""[..], b"p", "pässwörd ✓".as_bytes(), &[0xffu8; 72][..]] {
            let native = engine.hash(password).unwrap();
            let record = native.as_record();
            assert_eq!(
                engine.verify(&record, password).unwrap(),
                Login::Match { upgrade: None },
                "{policy:?}"
            );
            assert_eq!(engine.verify(&record, b"other").unwrap(), Login::Mismatch);
            assert!(!engine.needs_upgrade(&record).unwrap());
        }
    }
}

#[test]
fn a_policy_outside_the_limits_is_refused_at_start() {
    let too_big = Policy::Argon2id {
        m_kib: 1 << 20,
        t: 2,
        p: 1,
    };
    assert_eq!(
        Engine::new(too_big, Limits::default()).unwrap_err().kind(),
        "param_out_of_range"
    );
    assert!(Engine::new(Policy::Bcrypt { cost: 17 }, Limits::default()).is_err());
    assert!(Engine::new(Policy::Bcrypt { cost: 3 }, Limits::default()).is_err());
    assert!(Engine::new(Policy::Scrypt { ln: 21, r: 8, p: 1 }, Limits::default()).is_err());
}

#[test]
fn bcrypt_truncation_is_upgraded_to_the_full_password() {
    let engine = engine();
    let password = [b'a'; 80];
    // A bcrypt hash of the first 72 bytes, made by the native bcrypt policy
    // itself (bcrypt only sees 72 bytes).
    let bcrypt = Engine::new(Policy::Bcrypt { cost: 4 }, Limits::default()).unwrap();
    let legacy = bcrypt.hash(&password[..72]).unwrap();
    let login = engine.verify(&legacy.as_record(), &password).unwrap();
    let Login::Match { upgrade: Some(up) } = login else {
        panic!("expected an upgrade");
    };
    // The first applicable reason is the truncation.
    assert_eq!(up.reason, UpgradeReason::Truncated);
    let native = up.record.as_record();
    assert!(engine.verify(&native, &password).unwrap().is_match());
    // The upgrade hashed all 80 bytes, so the 72-byte prefix no longer matches.
    assert_eq!(
        engine.verify(&native, &password[..72]).unwrap(),
        Login::Mismatch
    );
}

#[test]
fn login_rejection_paths_are_errors_or_mismatches() {
    let engine = engine();
    assert_eq!(engine.login(None, b"whatever").unwrap(), Login::Mismatch);
    let bad = Record::new(
        "bcrypt",
        "$2b$31$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe",
        None,
    );
    assert!(matches!(
        engine.login(Some(&bad), b"x"),
        Err(Error::ParamOutOfRange { param: "cost", .. })
    ));
    let ok = Record::new("bcrypt", BCRYPT, None);
    let long = vec![b'a'; 5000];
    assert_eq!(
        engine.login(Some(&ok), &long).unwrap_err().kind(),
        "password_too_long"
    );
    assert!(engine.login(Some(&ok), BCRYPT_PASSWORD).unwrap().is_match());
}

#[test]
fn errors_never_echo_secrets() {
    let engine = engine();
    let secret_salt = "SECRETSALTVALUE";
    let record = Record::new(
        "scrypt",
        "SECRETSALTVALUE:zz",
        Some(r#"{"saltSeparator":":","N":16,"r":1,"p":1,"keyLen":16,"bogus":"SECRETCONFIG"}"#),
    );
    let e = engine.verify(&record, b"SECRETPASSWORD").unwrap_err();
    let text = format!("{e} {e:?}");
    for secret in [secret_salt, "SECRETCONFIG", "SECRETPASSWORD"] {
        assert!(!text.contains(secret), "{text}");
    }
    let config = r#"{"saltSeparator":":","N":"SECRETN","r":1,"p":1,"keyLen":16}"#;
    let e = engine
        .verify(&Record::new("scrypt", "a:b", Some(config)), b"x")
        .unwrap_err();
    assert!(!format!("{e} {e:?}").contains("SECRETN"));
}

/// `EngineOptions`: logins stay correct with one slot shared by several
/// threads, and with no kept working memory; a `Batch` can share the engine.
#[test]
fn engine_options_and_a_shared_batch() {
    use std::sync::Arc;

    use hashport::{Batch, BatchOptions, EngineOptions, Job};

    let mut options = EngineOptions::default();
    options.max_concurrent_logins = 1;
    options.retain_bytes = Some(0);
    let policy = Policy::Argon2id {
        m_kib: 64,
        t: 1,
        p: 1,
    };
    let engine = Arc::new(Engine::with_options(policy, Limits::default(), options).unwrap());
    assert_eq!(engine.options().max_concurrent_logins, 1);
    let stored = engine.hash(b"secret").unwrap();
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let (engine, stored) = (Arc::clone(&engine), stored.clone());
            std::thread::spawn(move || {
                let password: &[u8] = if i % 2 == 0 { b"secret" } else { b"wrong" };
                engine
                    .login(Some(&stored.as_record()), password)
                    .unwrap()
                    .is_match()
            })
        })
        .collect();
    let got: Vec<bool> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(got, [true, false, true, false]);

    let batch = Batch::shared(Arc::clone(&engine), BatchOptions::default()).unwrap();
    let record = stored.as_record();
    let results = batch.verify(&[Job::new(record, b"secret"), Job::new(record, b"nope")]);
    assert!(matches!(results[0], Ok(Login::Match { .. })));
    assert!(matches!(results[1], Ok(Login::Mismatch)));
}
