//! Hostile records through the `hashport verify` binary (JSON Lines on
//! stdin): huge costs (every cost at 2^31 and 2^32, for every type), N not a
//! power of two, r*p overflowing, zero iterations, empty salts, 10 MB hash
//! strings, 1 MB passwords, deeply nested JSON, invalid UTF-8, non-canonical
//! base64, duplicate JSON keys and more. Each line must give an `error` line
//! of the expected kind, the whole table must finish within seconds (nothing
//! may do real work), and the child's peak RSS must stay bounded.
//!
//! Peak RSS is read from `/proc/<pid>/status` (`VmHWM`, the high-water mark)
//! by polling while the child runs, so this test is Linux-only; elsewhere
//! the memory assertion is skipped.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// One hostile line and the error kinds it may give (the first is the one
/// the current code gives; alternatives are listed where a stricter or
/// looser limit elsewhere would legitimately change the kind).
struct Case {
    name: String,
    line: Vec<u8>,
    kinds: &'static [&'static str],
}

fn record(ty: &str, hash: &str, config: Option<&str>, password: &str) -> Vec<u8> {
    let mut v = json!({ "passwordHashType": ty, "passwordHash": hash, "password": password });
    if let Some(c) = config {
        v["passwordHashConfig"] = Value::String(c.to_owned());
    }
    v.to_string().into_bytes()
}

const OUT_OF_RANGE: &[&str] = &["param_out_of_range"];
const INVALID_HASH: &[&str] = &["invalid_hash"];
const INVALID_CONFIG: &[&str] = &["invalid_config"];
const INVALID_PARAM: &[&str] = &["invalid_param"];
const INVALID_LINE: &[&str] = &["invalid_line"];
/// N not a power of two and above the limit: either check may come first.
const BAD_N: &[&str] = &["invalid_param", "param_out_of_range"];

const BCRYPT_TAIL: &str = "cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm";
const KEY64: &str = "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906";
const B64_32: &str = "ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8";
const SIGNER: &str =
    "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==";
const FB_HASH: &str =
    "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==";

fn table() -> Vec<Case> {
    let mut t: Vec<Case> = Vec::new();
    let mut add = |name: String, line: Vec<u8>, kinds: &'static [&'static str]| {
        t.push(Case { name, line, kinds });
    };
    let big = [
        "2147483648",
        "4294967296",
        "18446744073709551616",
        "99999999999999999999999",
    ];

    // bcrypt: the cost is two digits; larger ones are malformed.
    for cost in ["17", "31", "99"] {
        add(
            format!("bcrypt cost {cost}"),
            record("bcrypt", &format!("$2b${cost}${BCRYPT_TAIL}"), None, "pw"),
            OUT_OF_RANGE,
        );
    }
    for cost in big {
        add(
            format!("bcrypt cost {cost}"),
            record("bcrypt", &format!("$2b${cost}${BCRYPT_TAIL}"), None, "pw"),
            INVALID_HASH,
        );
    }

    // scrypt (Frontegg): every parameter at 2^31, 2^32 and beyond u64.
    let scrypt = |n: &str, r: &str, p: &str, key_len: &str| {
        format!(r#"{{"saltSeparator":":","N":{n},"r":{r},"p":{p},"keyLen":{key_len}}}"#)
    };
    let frontegg = format!(":{KEY64}");
    for v in big {
        let n_kinds: &'static [&'static str] = if v == "2147483648" || v == "4294967296" {
            OUT_OF_RANGE
        } else {
            BAD_N
        };
        add(
            format!("scrypt N={v}"),
            record("scrypt", &frontegg, Some(&scrypt(v, "1", "1", "64")), ""),
            n_kinds,
        );
        add(
            format!("scrypt r={v}"),
            record("scrypt", &frontegg, Some(&scrypt("16", v, "1", "64")), ""),
            OUT_OF_RANGE,
        );
        add(
            format!("scrypt p={v}"),
            record("scrypt", &frontegg, Some(&scrypt("16", "1", v, "64")), ""),
            OUT_OF_RANGE,
        );
        add(
            format!("scrypt keyLen={v}"),
            record("scrypt", &frontegg, Some(&scrypt("16", "1", "1", v)), ""),
            OUT_OF_RANGE,
        );
        add(
            format!("scrypt N={v} as a string"),
            record(
                "scrypt",
                &frontegg,
                Some(&scrypt(&format!("\"{v}\""), "1", "1", "64")),
                "",
            ),
            n_kinds,
        );
    }
    add(
        "scrypt N=1000 (not a power of two)".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&scrypt("1000", "1", "1", "64")),
            "",
        ),
        INVALID_PARAM,
    );
    add(
        "scrypt N=0".into(),
        record("scrypt", &frontegg, Some(&scrypt("0", "1", "1", "64")), ""),
        INVALID_PARAM,
    );
    add(
        "scrypt N=1".into(),
        record("scrypt", &frontegg, Some(&scrypt("1", "1", "1", "64")), ""),
        INVALID_PARAM,
    );
    add(
        "scrypt N=2^30".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&scrypt("1073741824", "1", "1", "64")),
            "",
        ),
        OUT_OF_RANGE,
    );
    add(
        "scrypt N=2^63".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&scrypt("9223372036854775808", "1", "1", "64")),
            "",
        ),
        OUT_OF_RANGE,
    );
    add(
        "scrypt r*p overflowing u32 and u64".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&scrypt("16", "4294967296", "4294967296", "64")),
            "",
        ),
        OUT_OF_RANGE,
    );
    add(
        "scrypt r*p = 2^62".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&scrypt("16", "2147483648", "2147483648", "64")),
            "",
        ),
        OUT_OF_RANGE,
    );
    add(
        "scrypt 128*N*r overflowing".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&scrypt("1048576", "18446744073709551615", "1", "64")),
            "",
        ),
        OUT_OF_RANGE,
    );
    add(
        "scrypt r=0".into(),
        record("scrypt", &frontegg, Some(&scrypt("16", "0", "1", "64")), ""),
        OUT_OF_RANGE,
    );
    add(
        "scrypt p=0".into(),
        record("scrypt", &frontegg, Some(&scrypt("16", "1", "0", "64")), ""),
        OUT_OF_RANGE,
    );
    add(
        "scrypt N=1e300".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&scrypt("1e300", "1", "1", "64")),
            "",
        ),
        BAD_N,
    );
    add(
        "scrypt N=-16".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&scrypt("-16", "1", "1", "64")),
            "",
        ),
        INVALID_CONFIG,
    );
    add(
        "scrypt N=16.5".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&scrypt("16.5", "1", "1", "64")),
            "",
        ),
        INVALID_CONFIG,
    );
    add(
        "scrypt keyLen=0".into(),
        record("scrypt", &frontegg, Some(&scrypt("16", "1", "1", "0")), ""),
        OUT_OF_RANGE,
    );
    // scrypt (PHC).
    let phc = |ln: &str, r: &str, p: &str| format!("$scrypt$ln={ln},r={r},p={p}$c2FsdA${B64_32}");
    for v in ["31", "32", "63"] {
        add(
            format!("scrypt PHC ln={v}"),
            record("scrypt", &phc(v, "1", "1"), None, ""),
            OUT_OF_RANGE,
        );
    }
    for v in big {
        add(
            format!("scrypt PHC ln={v}"),
            record("scrypt", &phc(v, "1", "1"), None, ""),
            BAD_N,
        );
        add(
            format!("scrypt PHC r={v}"),
            record("scrypt", &phc("4", v, "1"), None, ""),
            OUT_OF_RANGE,
        );
        add(
            format!("scrypt PHC p={v}"),
            record("scrypt", &phc("4", "1", v), None, ""),
            OUT_OF_RANGE,
        );
    }
    add(
        "scrypt PHC ln=0".into(),
        record("scrypt", &phc("0", "1", "1"), None, ""),
        INVALID_PARAM,
    );

    // Firebase scrypt.
    let firebase = |mem_cost: &str, rounds: &str| {
        format!(
            r#"{{"memCost":{mem_cost},"rounds":{rounds},"saltSeparator":"Bw==","signerKey":"{SIGNER}","salt":"42xEC+ixf3L2lw=="}}"#
        )
    };
    for v in [
        "18",
        "31",
        "32",
        "63",
        "64",
        "2147483648",
        "4294967296",
        "18446744073709551616",
    ] {
        add(
            format!("firebase memCost={v}"),
            record("firebase-scrypt", FB_HASH, Some(&firebase(v, "8")), ""),
            OUT_OF_RANGE,
        );
    }
    for v in ["17", "2147483648", "4294967296", "18446744073709551616"] {
        add(
            format!("firebase rounds={v}"),
            record("firebase-scrypt", FB_HASH, Some(&firebase("14", v)), ""),
            OUT_OF_RANGE,
        );
    }
    add(
        "firebase memCost=0".into(),
        record("firebase-scrypt", FB_HASH, Some(&firebase("0", "8")), ""),
        OUT_OF_RANGE,
    );
    add(
        "firebase rounds=0".into(),
        record("firebase-scrypt", FB_HASH, Some(&firebase("14", "0")), ""),
        OUT_OF_RANGE,
    );
    add(
        "firebase non-canonical signerKey".into(),
        record(
            "firebase-scrypt",
            FB_HASH,
            Some(&firebase("14", "8").replace("XA==", "XB==")),
            "",
        ),
        INVALID_CONFIG,
    );
    add(
        "firebase non-canonical hash".into(),
        record(
            "firebase-scrypt",
            &FB_HASH.replace("lQ==", "lR=="),
            Some(&firebase("14", "8")),
            "",
        ),
        INVALID_HASH,
    );

    // PBKDF2.
    let pbkdf2 = |i: &str| format!("$pbkdf2-sha256$i={i},l=32$c2FsdA${B64_32}");
    for v in [
        "0",
        "10000001",
        "2147483648",
        "4294967296",
        "18446744073709551616",
    ] {
        add(
            format!("pbkdf2 i={v}"),
            record("pbkdf2", &pbkdf2(v), None, ""),
            OUT_OF_RANGE,
        );
        add(
            format!("pbkdf2 passlib rounds={v}"),
            record(
                "pbkdf2",
                &format!("$pbkdf2-sha256${v}$c2FsdA$ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8"),
                None,
                "",
            ),
            OUT_OF_RANGE,
        );
        add(
            format!("pbkdf2 django iterations={v}"),
            record(
                "pbkdf2",
                &format!("pbkdf2_sha256${v}$salt$ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8="),
                None,
                "",
            ),
            OUT_OF_RANGE,
        );
        add(
            format!("pbkdf2 raw iterations={v}"),
            record(
                "pbkdf2",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                Some(&format!(
                    r#"{{"digest":"sha256","iterations":{v},"salt":"salt"}}"#
                )),
                "",
            ),
            OUT_OF_RANGE,
        );
    }
    add(
        "pbkdf2 work 10^7 x 20 blocks".into(),
        record(
            "pbkdf2",
            &format!("$pbkdf2$i=10000000$c2FsdA${}", "A".repeat(534)),
            None,
            "",
        ),
        OUT_OF_RANGE,
    );
    add(
        "pbkdf2 raw keyLen=2^32".into(),
        record(
            "pbkdf2",
            "00",
            Some(r#"{"digest":"sha1","iterations":1,"salt":"s","keyLen":4294967296}"#),
            "",
        ),
        OUT_OF_RANGE,
    );
    add(
        "pbkdf2 l=2^32".into(),
        record(
            "pbkdf2",
            &format!("$pbkdf2-sha256$i=1,l=4294967296$c2FsdA${B64_32}"),
            None,
            "",
        ),
        INVALID_HASH,
    );
    add(
        "pbkdf2 non-canonical base64 hash".into(),
        record(
            "pbkdf2",
            &format!("$pbkdf2-sha256$i=1$c2FsdA${}9", &B64_32[..42]),
            None,
            "",
        ),
        INVALID_HASH,
    );
    add(
        "pbkdf2 non-canonical base64 salt".into(),
        record(
            "pbkdf2",
            &format!("$pbkdf2-sha256$i=1$c2FsdB${B64_32}"),
            None,
            "",
        ),
        INVALID_HASH,
    );

    // argon2.
    let argon2 = |m: &str, t: &str, p: &str| {
        format!("$argon2id$v=19$m={m},t={t},p={p}$c29tZXNhbHQ${B64_32}")
    };
    for v in [
        "131073",
        "4194304",
        "2147483648",
        "4294967296",
        "18446744073709551616",
    ] {
        add(
            format!("argon2 m={v}"),
            record("argon2", &argon2(v, "1", "1"), None, ""),
            OUT_OF_RANGE,
        );
    }
    for v in ["17", "2147483648", "4294967296", "18446744073709551616"] {
        add(
            format!("argon2 t={v}"),
            record("argon2", &argon2("64", v, "1"), None, ""),
            OUT_OF_RANGE,
        );
        add(
            format!("argon2 p={v}"),
            record("argon2", &argon2("131072", "1", v), None, ""),
            OUT_OF_RANGE,
        );
    }
    add(
        "argon2 t=0".into(),
        record("argon2", &argon2("64", "0", "1"), None, ""),
        OUT_OF_RANGE,
    );
    add(
        "argon2 p=0".into(),
        record("argon2", &argon2("64", "1", "0"), None, ""),
        OUT_OF_RANGE,
    );
    add(
        "argon2 m < 8p".into(),
        record("argon2", &argon2("15", "1", "2"), None, ""),
        INVALID_PARAM,
    );
    add(
        "argon2 empty salt".into(),
        record(
            "argon2",
            &format!("$argon2id$v=19$m=64,t=1,p=1$${B64_32}"),
            None,
            "",
        ),
        OUT_OF_RANGE,
    );
    add(
        "argon2 empty hash".into(),
        record(
            "argon2",
            "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$",
            None,
            "",
        ),
        OUT_OF_RANGE,
    );
    for v in ["18", "4294967296", "4294967315"] {
        add(
            format!("argon2 v={v}"),
            record(
                "argon2",
                &format!("$argon2id$v={v}$m=64,t=1,p=1$c29tZXNhbHQ${B64_32}"),
                None,
                "",
            ),
            INVALID_PARAM,
        );
    }
    add(
        "argon2 keyid".into(),
        record(
            "argon2",
            &format!("$argon2id$v=19$m=64,t=1,p=1,keyid=AAAA$c29tZXNhbHQ${B64_32}"),
            None,
            "",
        ),
        &["unsupported"],
    );
    add(
        "argon2 data of 1 KiB".into(),
        record(
            "argon2",
            &format!(
                "$argon2id$v=19$m=64,t=1,p=1,data={}$c29tZXNhbHQ${B64_32}",
                "A".repeat(1368)
            ),
            None,
            "",
        ),
        OUT_OF_RANGE,
    );
    add(
        "argon2 non-canonical salt".into(),
        record(
            "argon2",
            &format!("$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHR${B64_32}"),
            None,
            "",
        ),
        INVALID_HASH,
    );
    add(
        "argon2 duplicate m".into(),
        record(
            "argon2",
            &format!("$argon2id$v=19$m=64,m=4194304,t=1,p=1$c29tZXNhbHQ${B64_32}"),
            None,
            "",
        ),
        INVALID_HASH,
    );

    // Oversized fields: 10 MB hash strings for every type, a 1 MB password,
    // a 1 MB config, a line over the 16 MiB line limit.
    let ten_mb = "A".repeat(10 << 20);
    for ty in ["bcrypt", "scrypt", "firebase-scrypt", "pbkdf2", "argon2"] {
        add(
            format!("{ty} 10 MB hash"),
            record(ty, &ten_mb, None, ""),
            &["input_too_large", "invalid_line"],
        );
    }
    add(
        "1 MB password".into(),
        record(
            "bcrypt",
            &format!("$2b$04${BCRYPT_TAIL}"),
            None,
            &"p".repeat(1 << 20),
        ),
        &["password_too_long", "invalid_line"],
    );
    add(
        "1 MB passwordHex".into(),
        json!({"passwordHashType": "pbkdf2", "passwordHash": pbkdf2("1"), "passwordHex": "ab".repeat(1 << 19)}).to_string().into_bytes(),
        &["password_too_long", "invalid_line"],
    );
    add(
        "1 MB config".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&format!("{{\"x\":\"{}\"}}", "y".repeat(1 << 20))),
            "",
        ),
        &["input_too_large", "invalid_line"],
    );
    add(
        "20 MB line".into(),
        record("bcrypt", &"A".repeat(20 << 20), None, ""),
        INVALID_LINE,
    );

    // Deep nesting: in the config (within and beyond its size limit), in
    // an inline config object, and in the line itself.
    let nest = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    add(
        "config nested 2000 deep".into(),
        record("scrypt", &frontegg, Some(&nest(2000)), ""),
        INVALID_CONFIG,
    );
    add(
        "config object nested 1000 deep".into(),
        record(
            "scrypt",
            &frontegg,
            Some(&format!("{{\"N\":{}}}", nest(1000))),
            "",
        ),
        INVALID_CONFIG,
    );
    add(
        "config nested 100000 deep".into(),
        record("scrypt", &frontegg, Some(&nest(100_000)), ""),
        &["input_too_large"],
    );
    add(
        "line nested 100000 deep".into(),
        format!(r#"{{"passwordHashType":"bcrypt","x":{}}}"#, nest(100_000)).into_bytes(),
        INVALID_LINE,
    );
    // An inline config object is passed on as written (so that its
    // duplicate keys are seen): this one is then too large.
    add(
        "inline config nested 100000 deep".into(),
        format!(r#"{{"passwordHashType":"scrypt","passwordHash":":00","password":"","passwordHashConfig":{{"a":{}}}}}"#, nest(100_000)).into_bytes(),
        &["input_too_large"],
    );
    add(
        "inline config nested 1000 deep".into(),
        format!(r#"{{"passwordHashType":"scrypt","passwordHash":":00","password":"","passwordHashConfig":{{"a":{}}}}}"#, nest(1000)).into_bytes(),
        INVALID_CONFIG,
    );

    // Encoding: invalid UTF-8, lone surrogates, NUL bytes, empty lines.
    add(
        "invalid UTF-8".into(),
        b"{\"passwordHashType\":\"bcrypt\",\"passwordHash\":\"\xff\xfe\",\"password\":\"\"}"
            .to_vec(),
        INVALID_LINE,
    );
    add(
        "overlong UTF-8".into(),
        b"{\"passwordHashType\":\"bcr\xc0\xafypt\"}".to_vec(),
        INVALID_LINE,
    );
    add(
        "lone surrogate".into(),
        br#"{"passwordHashType":"bcrypt","passwordHash":"x","password":"\ud800"}"#.to_vec(),
        INVALID_LINE,
    );
    add(
        "raw bytes".into(),
        (0u8..=255).filter(|b| *b != b'\n').collect(),
        INVALID_LINE,
    );
    add("empty line".into(), Vec::new(), INVALID_LINE);
    add("a JSON array".into(), b"[1,2,3]".to_vec(), INVALID_LINE);
    add(
        "NUL in the hash".into(),
        record(
            "bcrypt",
            &format!("$2b$04$\0{}", &BCRYPT_TAIL[1..]),
            None,
            "pw",
        ),
        INVALID_HASH,
    );
    add(
        "NUL in a bcrypt password".into(),
        record("bcrypt", &format!("$2b$04${BCRYPT_TAIL}"), None, "p\0w"),
        &["password_contains_nul"],
    );
    add(
        "unknown type".into(),
        record("BCRYPT", "x", None, ""),
        &["unknown_type"],
    );
    add(
        "type with a NUL".into(),
        record("bcrypt\0", "x", None, ""),
        &["unknown_type"],
    );

    // Duplicate keys: in the line, and in the config.
    add(
        "duplicate passwordHash".into(),
        format!(r#"{{"passwordHashType":"bcrypt","passwordHash":"x","passwordHash":"$2b$04${BCRYPT_TAIL}","password":""}}"#).into_bytes(),
        INVALID_LINE,
    );
    add(
        "duplicate password".into(),
        format!(r#"{{"passwordHashType":"bcrypt","passwordHash":"$2b$04${BCRYPT_TAIL}","password":"a","password":"b"}}"#).into_bytes(),
        INVALID_LINE,
    );
    add(
        "duplicate N in the config".into(),
        record(
            "scrypt",
            &frontegg,
            Some(r#"{"saltSeparator":":","N":16,"N":1073741824,"r":1,"p":1,"keyLen":64}"#),
            "",
        ),
        INVALID_CONFIG,
    );
    add(
        "N and its alias in the config".into(),
        record(
            "scrypt",
            &frontegg,
            Some(r#"{"saltSeparator":":","N":16,"cost":1073741824,"r":1,"p":1,"keyLen":64}"#),
            "",
        ),
        INVALID_CONFIG,
    );
    add(
        "duplicate memCost".into(),
        record(
            "firebase-scrypt",
            FB_HASH,
            Some(&format!(
                r#"{{"memCost":14,"memCost":64,"rounds":8,"saltSeparator":"Bw==","signerKey":"{SIGNER}","salt":"42xEC+ixf3L2lw=="}}"#
            )),
            "",
        ),
        INVALID_CONFIG,
    );
    add(
        "password and passwordHex".into(),
        format!(r#"{{"passwordHashType":"bcrypt","passwordHash":"$2b$04${BCRYPT_TAIL}","password":"a","passwordHex":"61"}}"#).into_bytes(),
        INVALID_LINE,
    );
    add(
        "config of the wrong JSON type".into(),
        format!(r#"{{"passwordHashType":"bcrypt","passwordHash":"$2b$04${BCRYPT_TAIL}","password":"a","passwordHashConfig":12}}"#).into_bytes(),
        INVALID_LINE,
    );
    t
}

/// Runs `hashport verify -` on `input`, returning stdout, the wall time and
/// the child's peak RSS in KiB (`None` where /proc is not available).
fn run_verify(
    feed: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'static,
) -> (String, Duration, Option<u64>) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hashport"))
        .args(["verify", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn hashport");
    let pid = child.id();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        // The child may stop reading early on a bug; ignore EPIPE here and
        // let the output checks report it.
        let _ = feed(&mut stdin);
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).expect("read stdout");
        out
    });
    // Poll the high-water mark until the child exits (`try_wait` reaps it,
    // and /proc is not read after that, so a reused pid is never read).
    let mut peak: Option<u64> = None;
    loop {
        let hwm = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            });
        if let Some(kib) = hwm {
            peak = Some(peak.unwrap_or(0).max(kib));
        }
        if child.try_wait().expect("try_wait").is_some()
            || start.elapsed() > Duration::from_secs(120)
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    let status = child.wait().expect("wait");
    writer.join().expect("writer");
    let out = reader.join().expect("reader");
    assert!(status.success(), "hashport verify exited with {status}");
    (out, start.elapsed(), peak)
}

#[test]
fn hostile_table_gives_errors_quickly_in_bounded_memory() {
    let cases = table();
    let mut input = Vec::new();
    for c in &cases {
        input.extend_from_slice(&c.line);
        input.push(b'\n');
    }
    let (out, elapsed, peak_kib) = run_verify(move |w| w.write_all(&input));
    let lines: Vec<&str> = out.lines().collect();
    let mut failures = Vec::new();
    if lines.len() != cases.len() {
        failures.push(format!(
            "{} input lines gave {} output lines",
            cases.len(),
            lines.len()
        ));
    }
    for (i, (case, line)) in cases.iter().zip(&lines).enumerate() {
        let n = i as u64 + 1;
        if let Err(e) = hashport::fuzzing::check_output_line(line, n) {
            failures.push(format!("{}: {e}", case.name));
            continue;
        }
        let v: Value = serde_json::from_str(line).expect("checked");
        let kind = v["error"]["kind"].as_str().unwrap_or("(none)");
        if v["outcome"] != "error" || !case.kinds.contains(&kind) {
            failures.push(format!(
                "{}: expected {:?}, got {line}",
                case.name, case.kinds
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} hostile lines failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // Nothing in the table may do real work: generous for a debug build on
    // a loaded machine.
    assert!(
        elapsed < Duration::from_secs(20),
        "the table took {elapsed:?}"
    );
    if let Some(kib) = peak_kib {
        eprintln!(
            "hostile table: {} lines, {elapsed:?}, peak RSS {} MiB",
            cases.len(),
            kib / 1024
        );
        assert!(kib < 256 * 1024, "peak RSS {} MiB", kib / 1024);
    }
}

/// Many large lines at once: the reader must not buffer them all. Each line
/// is under the line limit but far over every field limit, so none can be
/// valid; memory must stay bounded whatever their number.
#[test]
fn many_large_lines_stay_bounded() {
    let line = record("argon2", &"A".repeat(8 << 20), None, "");
    let count = 48; // 384 MiB of input, written as the child reads it.
    let (out, elapsed, peak_kib) = run_verify(move |w| {
        for _ in 0..count {
            w.write_all(&line)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    });
    assert_eq!(out.lines().count(), count);
    for (i, l) in out.lines().enumerate() {
        hashport::fuzzing::check_output_line(l, i as u64 + 1).unwrap_or_else(|e| panic!("{e}"));
        assert!(l.contains("\"error\""), "{l}");
    }
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
    if let Some(kib) = peak_kib {
        eprintln!(
            "{count} lines of 8 MiB: {elapsed:?}, peak RSS {} MiB",
            kib / 1024
        );
        assert!(
            kib < 256 * 1024,
            "peak RSS {} MiB for {count} lines of 8 MiB",
            kib / 1024
        );
    }
}
