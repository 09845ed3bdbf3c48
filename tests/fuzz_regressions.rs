//! Inputs found by fuzzing (and by the property tests), minimized and kept
//! under `tests/fuzz_regressions/<target>-<short-name>`, replayed on stable
//! with plain `cargo test`: every file goes through the fuzz target its name
//! starts with (`decode`, `verify`, `config`, `cli_line`), and the named tests
//! below pin what each one broke.
//!
//! To add one: `cargo +nightly fuzz tmin <target> <artifact>`, copy the
//! minimized file here as `<target>-<what-broke>`, and add a test saying what
//! broke and what the fix was.

#[path = "../fuzz/src/bcrypt_ref.rs"]
mod bcrypt_ref;

use std::path::Path;

use hashport::{Error, Limits, Outcome, Record};

fn replay(target: &str, data: &[u8]) {
    match target {
        "decode" => hashport::fuzzing::decode(data),
        "verify" => hashport::fuzzing::verify(data, Some(bcrypt_ref::bcrypt_raw)),
        "config" => hashport::fuzzing::config(data),
        "cli_line" => hashport::fuzzing::cli_line(data),
        "convert_line" => hashport::fuzzing::convert_line(data),
        other => panic!("no fuzz target {other:?}"),
    }
}

/// The committed seeds of `convert_line` (every line of the line-based
/// example exports) go through the target: the carried objects have the
/// migrate-user shape and decode.
#[test]
fn convert_line_seeds_replay_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/convert_line");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/seeds/convert_line") {
        let data = std::fs::read(entry.expect("entry").path()).expect("read");
        hashport::fuzzing::convert_line(&data);
        n += 1;
    }
    assert!(n >= 40, "{n} seeds");
}

#[test]
fn every_kept_input_replays_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fuzz_regressions")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let target = ["cli_line", "convert_line", "decode", "verify", "config"]
            .into_iter()
            .find(|t| name.starts_with(&format!("{t}-")))
            .unwrap_or_else(|| panic!("{name}: name must start with a target"));
        let data = std::fs::read(dir.join(&name)).expect("read");
        let result = std::panic::catch_unwind(|| replay(target, &data));
        assert!(result.is_ok(), "{name} fails its target again");
    }
}

/// `verify-bcrypt-unused-bits` (the empty input: bcrypt, all-zero salt,
/// empty password). The `verify` target changed the last salt character
/// from `.` to `/`, which differs only in the 4 unused low bits, and the
/// record still matched: the decoder read the value bits only, as passlib
/// does. OpenBSD, PHP and pyca/bcrypt compare the re-encoded string and so
/// never verified such a record; hashport now rejects it as `invalid_hash`,
/// so that no changed hash string matches.
#[test]
fn bcrypt_unused_low_bits_are_rejected() {
    let canonical = "$2a$04$......................w74bL5gU7LSJClZClCa.Pkz14aTv/XO";
    let limits = Limits::default();
    let got = hashport::verify(&Record::new("bcrypt", canonical, None), b"", &limits);
    assert_eq!(got, Ok(Outcome::Match));
    let unused_salt_bits =
        canonical.replacen("......................", "...................../", 1);
    assert_eq!(unused_salt_bits.len(), canonical.len());
    let got = hashport::verify(
        &Record::new("bcrypt", &unused_salt_bits, None),
        b"",
        &limits,
    );
    assert_eq!(
        got.map_err(|e| e.kind()),
        Err("invalid_hash"),
        "a changed hash string must not match"
    );
    let value_bit = canonical.replacen("......................", ".....................O", 1);
    let got = hashport::verify(&Record::new("bcrypt", &value_bit, None), b"", &limits);
    assert_eq!(got, Ok(Outcome::Mismatch));
}

/// Found by the differential check (vectors/gen/differential.py, seed 1,
/// `pbkdf2-6-sha256-django-truncated`): a Django `pbkdf2_sha256$` hash cut
/// short still matched, because PBKDF2's output for a shorter length is a
/// prefix of the longer one and the Django form took the decoded length as
/// the key length. Django always stores a hash of the digest's size, so any
/// other length must be refused (as the passlib form already does).
#[test]
fn django_pbkdf2_hash_of_another_length_is_refused() {
    let limits = Limits::default();
    let full = "pbkdf2_sha256$507$7hSO9HsR$CsAA27lKxavQABEgkPPBU9aubFzfmXjK3gk3XQJW6/o=";
    let got = hashport::verify(&Record::new("pbkdf2", full, None), b"", &limits);
    assert_eq!(got, Ok(Outcome::Match));
    for truncated in [
        "pbkdf2_sha256$507$7hSO9HsR$CsAA27lKxavQABEgkPPBU9aubFzfmXjK3gk3XQ",
        "pbkdf2_sha256$507$7hSO9HsR$CsAA27lKxavQABEgkPPBUw==",
    ] {
        let got = hashport::verify(&Record::new("pbkdf2", truncated, None), b"", &limits);
        assert!(
            matches!(got, Err(Error::InvalidHash { .. })),
            "{truncated}: expected invalid_hash, got {got:?}"
        );
    }
}
