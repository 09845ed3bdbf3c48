//! The `hashport` binary's contracts: `verify` over every vector file at
//! once, malformed lines, exit codes, upgrades, `hash` and `inspect`.

mod support;

use support::hashport;

use std::process::Output;

use serde_json::Value;

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn line_of(case: &support::Case, ty: &str) -> String {
    let mut obj = serde_json::json!({
        "passwordHashType": ty,
        "passwordHash": case.password_hash,
        "passwordHashConfig": case.password_hash_config,
    });
    match (&case.password, &case.password_hex) {
        (Some(p), None) => obj["password"] = Value::from(p.clone()),
        (None, Some(h)) => obj["passwordHex"] = Value::from(h.clone()),
        _ => unreachable!(),
    }
    obj.to_string()
}

#[test]
fn verify_gives_the_expected_outcome_on_every_vector_line() {
    let cases: Vec<_> = support::load_all()
        .into_iter()
        .filter(|(_, _, c)| !c.slow)
        .collect();
    let input: String = cases
        .iter()
        .map(|(_, ty, c)| line_of(c, ty) + "\n")
        .collect();
    let out = hashport(&["verify", "--no-upgrade", "--jobs", "2"], input.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out);
    assert_eq!(got.len(), cases.len());
    let mut failures = Vec::new();
    for (i, ((stem, _, case), line)) in cases.iter().zip(&got).enumerate() {
        assert_eq!(line["line"], Value::from(i + 1), "line numbers in order");
        let outcome = line["outcome"].as_str().unwrap();
        let result = if outcome == "error" {
            line["error"]["kind"].as_str().unwrap().to_owned()
        } else {
            assert!(line.get("error").is_none());
            outcome.to_owned()
        };
        if result != case.expected() {
            failures.push(format!(
                "{stem}/{}: expected {}, got {result}",
                case.name,
                case.expected()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn malformed_lines_give_error_lines_and_the_run_goes_on() {
    let input = b"\xef\xbb\xbf{\"passwordHashType\":\"bcrypt\",\"passwordHash\":\"$2b$05$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe\",\"password\":\"x\"}\nnot json\n[1,2]\n{\"passwordHashType\":\"bcrypt\"}\n\xff\xfe\n\n{\"passwordHashType\":\"bcrypt\",\"passwordHash\":\"$2b$05$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe\",\"password\":\"My S3cre7 P@55w0rd!\"}\r\n{\"passwordHashType\":\"bcrypt\",\"passwordHashType\":\"bcrypt\",\"passwordHash\":\"x\",\"password\":\"x\"}\n{\"passwordHashType\":\"bcrypt\",\"passwordHash\":\"x\",\"password\":\"x\",\"passwordHex\":\"00\"}\n{\"passwordHashType\":\"bcrypt\",\"passwordHash\":\"x\",\"passwordHex\":\"0g\"}";
    let out = hashport(&["verify", "-"], input);
    assert_eq!(out.status.code(), Some(0));
    let got = lines(&out);
    let outcomes: Vec<&str> = got.iter().map(|l| l["outcome"].as_str().unwrap()).collect();
    assert_eq!(
        outcomes,
        [
            "mismatch", "error", "error", "error", "error", "error", "match", "error", "error",
            "error"
        ]
    );
    for (i, l) in got.iter().enumerate() {
        assert_eq!(l["line"], Value::from(i + 1));
        if l["outcome"] == "error" {
            assert_eq!(l["error"]["kind"], "invalid_line", "{l}");
            assert!(l["error"]["message"].is_string());
        }
    }
    // The match carries an upgrade to the default native policy.
    let up = &got[6]["upgrade"];
    assert_eq!(up["passwordHashType"], "argon2");
    assert!(
        up["passwordHash"]
            .as_str()
            .unwrap()
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
    assert!(up["passwordHashConfig"].is_null());
}

#[test]
fn exit_codes() {
    let out = hashport(&["verify", "/nonexistent/file.jsonl"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = hashport(&["verify", "--no-such-flag"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = hashport(&["verify"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn hash_then_verify_round_trips_and_inspect_describes() {
    for policy in [
        &[
            "--policy",
            "argon2id",
            "--argon2-m",
            "64",
            "--argon2-t",
            "1",
        ][..],
        &["--policy", "bcrypt", "--bcrypt-cost", "4"],
        &["--policy", "scrypt", "--scrypt-ln", "4"],
        &["--policy", "pbkdf2-sha256", "--pbkdf2-iterations", "10"],
    ] {
        let out = hashport(&[&["hash"][..], policy].concat(), "pässword\n".as_bytes());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut record: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(record["passwordHashConfig"].is_null());
        record["password"] = Value::from("pässword");
        let line = format!("{record}\n");
        let out = hashport(&[&["verify"][..], policy].concat(), line.as_bytes());
        let got = lines(&out);
        assert!(
            !got.is_empty(),
            "{policy:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(got[0]["outcome"], "match", "{policy:?}");
        assert!(
            got[0].get("upgrade").is_none(),
            "native record upgraded: {policy:?}"
        );
        let out = hashport(&[&["inspect"][..], policy].concat(), line.as_bytes());
        let got = lines(&out);
        assert_eq!(got[0]["needsUpgrade"], false);
        assert!(got[0]["memoryBytes"].as_u64().unwrap() > 0);
        assert!(got[0].get("estimatedMillis").is_some());
    }
}

#[test]
fn the_shipped_example_verifies_as_annotated() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/records.jsonl");
    let input = std::fs::read(path).unwrap();
    let out = hashport(&["verify", path], b"");
    assert_eq!(out.status.code(), Some(0));
    let got = lines(&out);
    let want: Vec<Value> = String::from_utf8(input)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        let result = match g["outcome"].as_str().unwrap() {
            "error" => g["error"]["kind"].as_str().unwrap(),
            o => o,
        };
        assert_eq!(result, w["expect"], "{w}");
    }
}
