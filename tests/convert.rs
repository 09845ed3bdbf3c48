//! `hashport convert` on every example export (examples/exports/, made by
//! the producers' own libraries, see its README): every carried user
//! verifies with its known password through `hashport verify`, every user
//! the manifest expects to be rejected is, with the manifest's reason, and
//! nothing else is rejected. Also `hashport lint` on the bulk bodies that
//! convert writes, and on a body with planted faults.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;
use support::hashport;

use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(root().join("examples/exports/manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hashport-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// One convert run: its source, files (relative to examples/exports) and
/// extra arguments.
struct Case {
    from: &'static str,
    files: &'static [&'static str],
    extra: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        from: "auth0",
        files: &["auth0/password-hashes.ndjson"],
        extra: &[
            "--tenant-field",
            "app_metadata.tenantId",
            "--profiles",
            "examples/exports/auth0/profiles.ndjson",
        ],
    },
    Case {
        from: "auth0-import",
        files: &["auth0-import/users.json"],
        extra: &["--tenant-id", "t1"],
    },
    Case {
        from: "firebase",
        files: &["firebase/users.json"],
        extra: &[
            "--tenant-id",
            "t1",
            "--hash-config",
            "examples/exports/firebase/hash_config.txt",
        ],
    },
    Case {
        from: "firebase",
        files: &["firebase/users.csv"],
        extra: &[
            "--tenant-id",
            "t1",
            "--hash-config",
            "examples/exports/firebase/hash_config.json",
        ],
    },
    Case {
        from: "supabase",
        files: &["supabase/users.json"],
        extra: &["--tenant-id", "t1"],
    },
    Case {
        from: "supabase",
        files: &["supabase/users.jsonl"],
        extra: &["--tenant-id", "t1"],
    },
    Case {
        from: "supabase",
        files: &["supabase/users.csv"],
        extra: &["--tenant-id", "t1"],
    },
    Case {
        from: "clerk",
        files: &["clerk/users.csv"],
        extra: &["--tenant-id", "t1"],
    },
    Case {
        from: "keycloak",
        files: &["keycloak/acme-realm.json", "keycloak/acme-users-0.json"],
        extra: &["--tenant-id", "t1"],
    },
    Case {
        from: "keycloak",
        files: &["keycloak/legacy-realm.json"],
        extra: &["--tenant-id", "t1"],
    },
    Case {
        from: "django",
        files: &["django/dumpdata.json"],
        extra: &["--tenant-id", "t1"],
    },
    Case {
        from: "django",
        files: &["django/users.csv"],
        extra: &["--tenant-id", "t1"],
    },
];

/// Runs a case; returns the carried users and the rejects.
fn run(case: &Case, bulk: Option<&PathBuf>) -> (Vec<Value>, Vec<Value>, Output) {
    let rejects = temp(&format!(
        "rejects-{}-{}.jsonl",
        case.from,
        case.files[0].replace('/', "_")
    ));
    let mut args: Vec<String> = vec![
        String::from("convert"),
        String::from("--from"),
        case.from.into(),
    ];
    args.extend(case.extra.iter().map(|s| (*s).to_owned()));
    args.extend([String::from("--rejects"), rejects.display().to_string()]);
    if let Some(dir) = bulk {
        args.extend([
            String::from("--bulk"),
            dir.display().to_string(),
            String::from("--chunk"),
            String::from("3"),
        ]);
    }
    args.extend(case.files.iter().map(|f| format!("examples/exports/{f}")));
    let out = hashport(&args, b"");
    let lines = |bytes: &[u8]| -> Vec<Value> {
        String::from_utf8_lossy(bytes)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let carried = lines(&out.stdout);
    let rejected = lines(&std::fs::read(&rejects).unwrap());
    (carried, rejected, out)
}

#[test]
fn every_example_export_converts_as_its_manifest_says() {
    let manifest = manifest();
    let mut checked = 0;
    for case in CASES {
        let (carried, rejected, out) = run(case, None);
        let label = format!("{} {:?}", case.from, case.files);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut files: Vec<String> = case.files.iter().map(|f| (*f).to_owned()).collect();
        if case.from == "auth0" {
            files.push(String::from("auth0/profiles.ndjson"));
        }
        let expected: Vec<&Value> = manifest
            .iter()
            .filter(|m| files.contains(&m["file"].as_str().unwrap().to_owned()))
            // A profile that a password-hash line joins is that line's user;
            // only the others are users of their own.
            .filter(|m| {
                m["role"] != "profiles"
                    || !manifest.iter().any(|u| {
                        u["role"] == "users" && u["id"] == m["id"] && u["file"] != m["file"]
                    })
            })
            .collect();
        let want_rejects: BTreeMap<String, String> = expected
            .iter()
            .filter(|m| m["expect"] == "reject")
            .map(|m| {
                let file = format!("examples/exports/{}", m["file"].as_str().unwrap());
                let pos = m["position"].as_u64().unwrap();
                let line_based =
                    file.ends_with(".csv") || file.ends_with(".ndjson") || file.ends_with(".jsonl");
                let source = if line_based {
                    format!("{file}:{pos}")
                } else {
                    format!("{file}#{pos}")
                };
                (source, m["reason"].as_str().unwrap().to_owned())
            })
            .collect();
        let got_rejects: BTreeMap<String, String> = rejected
            .iter()
            .map(|r| {
                (
                    r["source"].as_str().unwrap().to_owned(),
                    r["reason"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(got_rejects, want_rejects, "{label}: rejects\n{stderr}");
        let want_carried = expected.iter().filter(|m| m["expect"] == "carried").count();
        assert_eq!(carried.len(), want_carried, "{label}: carried\n{stderr}");
        assert_eq!(
            out.status.code(),
            Some(if want_rejects.is_empty() { 0 } else { 1 }),
            "{label}: exit status"
        );

        // Every carried user verifies with its known password, and not with
        // another.
        let mut input = String::new();
        for user in &carried {
            let email = user["email"].as_str().unwrap();
            let m = expected
                .iter()
                .find(|m| m["expect"] == "carried" && m["email"] == email)
                .unwrap_or_else(|| panic!("{label}: {email} is not in the manifest"));
            assert_eq!(
                user["passwordHashType"], m["passwordHashType"],
                "{label}: {email}"
            );
            assert!(user["tenantId"].is_string(), "{label}: {email}");
            let metadata: Value = serde_json::from_str(user["metadata"].as_str().unwrap()).unwrap();
            assert_eq!(metadata["migratedFrom"], case.from, "{label}: {email}");
            for (password, _) in [
                (m["password"].clone(), "match"),
                (json!("not the password"), "mismatch"),
            ] {
                let line = json!({
                    "passwordHashType": user["passwordHashType"],
                    "passwordHash": user["passwordHash"],
                    "passwordHashConfig": user.get("passwordHashConfig"),
                    "password": password,
                });
                input.push_str(&line.to_string());
                input.push('\n');
            }
        }
        let out = hashport(
            &[String::from("verify"), String::from("--no-upgrade")],
            input.as_bytes(),
        );
        let outcomes: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["outcome"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let want: Vec<&str> = carried.iter().flat_map(|_| ["match", "mismatch"]).collect();
        assert_eq!(outcomes, want, "{label}: verify");
        checked += carried.len();
    }
    assert!(checked >= 60, "only {checked} carried users checked");
}

#[test]
fn bulk_bodies_hold_every_carried_user_and_lint_clean() {
    let dir = temp("bulk-clerk");
    let _ = std::fs::remove_dir_all(&dir);
    let case = CASES.iter().find(|c| c.from == "clerk").unwrap();
    let (carried, _, _) = run(case, Some(&dir));
    assert!(carried.is_empty(), "--bulk writes no lines");
    let mut users = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files[0].file_name().unwrap(), "users-0001.json");
    for file in &files {
        let body: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let n = body["users"].as_array().unwrap().len();
        assert!((1..=3).contains(&n), "{}", file.display());
        users += n;
        let out = hashport(
            &[
                String::from("lint"),
                String::from("--json"),
                file.display().to_string(),
            ],
            b"",
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let want = manifest()
        .iter()
        .filter(|m| m["file"] == "clerk/users.csv" && m["expect"] == "carried")
        .count();
    assert_eq!(users, want);
}

#[test]
fn lint_reports_planted_faults_at_their_positions() {
    // examples/lint/planted-faults.json: one fault per user but the first
    // and the last; user 4 repeats user 0's email in another case.
    let text = std::fs::read_to_string(root().join("examples/lint/planted-faults.json")).unwrap();
    let users: Value = serde_json::from_str(&text).unwrap();
    let want = [
        (1, "missing_field"),
        (2, "unknown_type"),
        (3, "invalid_config"),
        (4, "duplicate_user"),
        (5, "invalid_field"),
        (6, "param_out_of_range"),
        (7, "input_too_large"),
        (8, "invalid_hash"),
    ];
    let out = hashport(
        &[String::from("lint"), String::from("--json")],
        users.to_string().as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (summary, problems) = lines.split_last().unwrap();
    let got: Vec<(u64, &str)> = problems
        .iter()
        .map(|p| {
            (
                p["index"].as_u64().unwrap(),
                p["error"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert!(problems.iter().all(|p| p["hint"].is_string()));
    let s = &summary["summary"];
    assert_eq!(s["users"], 10);
    assert_eq!(s["problems"], 8);
    assert_eq!(s["ok"], 2);
    let by_kind: u64 = s["byKind"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_kind, 8);
    // Every record that decodes counts, whatever the user's other problems.
    assert_eq!(s["byType"]["bcrypt"], 2);
    assert_eq!(s["needsUpgrade"], 2);

    // The same users as JSON Lines: 1-based lines.
    let jsonl: String = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| format!("{u}\n"))
        .collect();
    let out = hashport(
        &[String::from("lint"), String::from("--json")],
        jsonl.as_bytes(),
    );
    let first: Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["line"], 2);
    // Without --json: a readable report, the same exit status.
    let out = hashport(&[String::from("lint")], jsonl.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("hint:"));
}

#[test]
fn convert_usage_errors_exit_2() {
    for args in [
        vec![
            "convert",
            "--from",
            "clerk",
            "examples/exports/clerk/users.csv",
        ],
        vec![
            "convert",
            "--from",
            "firebase",
            "--tenant-id",
            "t",
            "examples/exports/firebase/users.json",
        ],
        vec![
            "convert",
            "--from",
            "clerk",
            "--tenant-id",
            "t",
            "examples/exports/no-such-file.csv",
        ],
    ] {
        let args: Vec<String> = args.into_iter().map(str::to_owned).collect();
        let out = hashport(&args, b"");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
