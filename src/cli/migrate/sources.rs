//! Each source's user object, read into one shape: who the user is, and
//! the password as a record of one of the five types in its canonical form
//! (PHC for pbkdf2 and argon2, MCF for bcrypt, Frontegg's `<salt><sep><key>`
//! with a config for scrypt, `<salt><sep><hash>` with Frontegg's config for
//! firebase-scrypt), or why there is none. The layouts are those of
//! `shared/reference/exporters.md`; the mapping is the README's table.
//!
//! No message here carries a hash, salt, key or password.

use serde_json::{Map, Value, json};

use crate::Algorithm;
use crate::encoding::{decode_base64, decode_hex, encode_base64_unpadded};

/// A user as a source describes them.
#[derive(Debug, Default)]
pub(crate) struct SourceUser {
    pub(crate) id: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) verified: Option<bool>,
    /// The source's own user metadata, merged into `metadata`.
    pub(crate) metadata: Map<String, Value>,
    /// The user object that `--tenant-field` reads.
    pub(crate) object: Value,
    pub(crate) password: Password,
}

/// The password of a source user.
#[derive(Debug, Default)]
pub(crate) enum Password {
    /// A record of one of the five types.
    Record {
        ty: Algorithm,
        hash: String,
        config: Option<String>,
    },
    /// None (social, phone-only, never set, unusable).
    #[default]
    None,
    /// An algorithm no type can verify; the message names it.
    Unsupported(String),
    /// A hash the converter cannot read (`invalid_hash`).
    Invalid(&'static str),
}

impl Password {
    fn record(ty: Algorithm, hash: String, config: Option<Value>) -> Self {
        Self::Record {
            ty,
            hash,
            config: config.map(|c| c.to_string()),
        }
    }
}

/// The project-wide Firebase hash parameters (`--hash-config`).
#[derive(Clone, Debug)]
pub(crate) struct FirebaseConfig {
    pub(crate) signer_key: String,
    pub(crate) salt_separator: String,
    pub(crate) rounds: u64,
    pub(crate) mem_cost: u64,
}

impl FirebaseConfig {
    /// Reads the console's `hash_config { ... }` block, or a JSON object
    /// with Firebase's, the API's or Frontegg's names.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let value: Value = match serde_json::from_str::<Value>(text) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                // `hash_config { algorithm: SCRYPT, base64_signer_key: ..., }`
                let body = text
                    .split_once('{')
                    .and_then(|(_, rest)| rest.rsplit_once('}'))
                    .map(|(body, _)| body)
                    .ok_or("neither JSON nor a hash_config { ... } block")?;
                let mut map = Map::new();
                for item in body.split([',', '\n']) {
                    if let Some((k, v)) = item.split_once(':') {
                        map.insert(k.trim().to_owned(), Value::from(v.trim().to_owned()));
                    }
                }
                Value::Object(map)
            }
        };
        let field = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| value.get(*n))
                .and_then(|v| match v {
                    Value::String(s) => Some(s.trim().to_owned()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
        };
        let number = |names: &[&str], what: &str| {
            field(names)
                .and_then(|s| s.parse::<u64>().ok())
                .ok_or_else(|| format!("hash config: {what} missing or not a number"))
        };
        if let Some(alg) = field(&["algorithm"])
            && !alg.eq_ignore_ascii_case("scrypt")
        {
            return Err("hash config: algorithm is not SCRYPT".into());
        }
        Ok(Self {
            signer_key: field(&["base64_signer_key", "signerKey", "signer_key"])
                .ok_or("hash config: base64_signer_key missing")?,
            salt_separator: field(&["base64_salt_separator", "saltSeparator", "salt_separator"])
                .unwrap_or_default(),
            rounds: number(&["rounds"], "rounds")?,
            mem_cost: number(&["mem_cost", "memCost", "memoryCost"], "mem_cost")?,
        })
    }

    fn record(&self, salt_b64: &str, hash_b64: &str) -> Password {
        let std = |s: &str| s.replace('-', "+").replace('_', "/");
        let (salt, hash) = (std(salt_b64), std(hash_b64));
        if decode_base64(&salt).is_none() || decode_base64(&hash).is_none() {
            return Password::Invalid("the salt or hash is not base64");
        }
        Password::record(
            Algorithm::FirebaseScrypt,
            format!("{salt}{}{hash}", self.salt_separator),
            Some(json!({
                "memCost": self.mem_cost,
                "rounds": self.rounds,
                "saltSeparator": self.salt_separator,
                "signerKey": self.signer_key,
            })),
        )
    }
}

fn string(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn object(v: &Value, key: &str) -> Map<String, Value> {
    match v.get(key) {
        Some(Value::Object(m)) => m.clone(),
        // Supabase dumps write raw_*_meta_data as a string of JSON.
        Some(Value::String(s)) => match serde_json::from_str(s) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        },
        _ => Map::new(),
    }
}

/// `$pbkdf2[-sha256|-sha512]$i=..,l=..$<salt>$<hash>`.
fn pbkdf2_phc(digest: &str, iterations: u64, salt: &[u8], hash: &[u8]) -> Password {
    let ident = match digest {
        "sha1" => "pbkdf2",
        "sha256" => "pbkdf2-sha256",
        "sha512" => "pbkdf2-sha512",
        other => return Password::Unsupported(format!("pbkdf2 with digest {other}")),
    };
    Password::record(
        Algorithm::Pbkdf2,
        format!(
            "${ident}$i={iterations},l={}${}${}",
            hash.len(),
            encode_base64_unpadded(salt),
            encode_base64_unpadded(hash)
        ),
        None,
    )
}

/// Frontegg's scrypt: `<salt text><sep><key>` with its config.
fn scrypt_frontegg(
    salt: &str,
    sep: &str,
    key: &str,
    n: u64,
    r: u64,
    p: u64,
    key_len: usize,
) -> Password {
    Password::record(
        Algorithm::Scrypt,
        format!("{salt}{sep}{key}"),
        Some(json!({"saltSeparator": sep, "N": n, "r": r, "p": p, "keyLen": key_len})),
    )
}

/// A bcrypt string as is, anything before `$2` stripped (some tools
/// prepend an identifier).
fn bcrypt(hash: &str) -> Password {
    match hash.find("$2") {
        Some(at) => Password::record(
            Algorithm::Bcrypt,
            hash.get(at..).unwrap_or(hash).to_owned(),
            None,
        ),
        None => Password::Invalid("not a bcrypt string"),
    }
}

/// The Django `password` column (also Clerk's `pbkdf2_sha256_django`).
pub(crate) fn django_password(password: &str) -> Password {
    if password.is_empty() || password.starts_with('!') {
        return Password::None;
    }
    let fields: Vec<&str> = password.split('$').collect();
    match fields.as_slice() {
        [
            alg @ ("pbkdf2_sha256" | "pbkdf2_sha1"),
            iterations,
            salt,
            hash,
        ] => {
            let (Ok(iterations), Some(hash)) = (iterations.parse::<u64>(), decode_base64(hash))
            else {
                return Password::Invalid("malformed Django pbkdf2 string");
            };
            let digest = alg.trim_start_matches("pbkdf2_");
            pbkdf2_phc(digest, iterations, salt.as_bytes(), &hash)
        }
        ["argon2", ..] => Password::record(
            Algorithm::Argon2,
            password.trim_start_matches("argon2").to_owned(),
            None,
        ),
        ["bcrypt", "", ..] => bcrypt(password.trim_start_matches("bcrypt$")),
        ["scrypt", n, salt, r, p, key] => {
            let (Ok(n), Ok(r), Ok(p)) = (n.parse::<u64>(), r.parse::<u64>(), p.parse::<u64>())
            else {
                return Password::Invalid("malformed Django scrypt string");
            };
            let key_len = decode_base64(key).map_or(64, |k| k.len());
            scrypt_frontegg(salt, "$", key, n, r, p, key_len)
        }
        [alg, ..] if alg.starts_with("pbkdf2") || *alg == "scrypt" => {
            Password::Invalid("malformed Django password string")
        }
        [alg, ..] if fields.len() > 1 => {
            Password::Unsupported(format!("Django hasher {}", printable(alg)))
        }
        _ => Password::Unsupported("unsalted or unknown Django hash".into()),
    }
}

/// An algorithm name as found, cut short and kept to plain characters, for
/// messages.
fn printable(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .take(32)
        .collect()
}

/// Auth0's password-hash export line, joined with its profile.
pub(crate) fn auth0(mut user: Value, profile: Option<Value>) -> SourceUser {
    let oid = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("$oid").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    let raw_id = string(&user, "alt_id")
        .or_else(|| user.get("_id").and_then(oid))
        .or_else(|| user.get("_ID").and_then(oid));
    let id = raw_id.map(|i| format!("auth0|{i}"));
    let from_identifiers = user
        .get("identifiers")
        .and_then(Value::as_array)
        .and_then(|ids| {
            ids.iter()
                .find(|i| i.get("type").and_then(Value::as_str) == Some("email"))
                .and_then(|i| string(i, "value"))
        });
    let mut out = SourceUser {
        id,
        email: string(&user, "email").or(from_identifiers),
        verified: user.get("email_verified").and_then(Value::as_bool),
        password: string(&user, "passwordHash").map_or(Password::None, |h| bcrypt(&h)),
        ..SourceUser::default()
    };
    if let Some(profile) = profile {
        out.email = out.email.or_else(|| string(&profile, "email"));
        out.name = string(&profile, "name");
        out.phone = string(&profile, "phone_number");
        out.verified = out
            .verified
            .or(profile.get("email_verified").and_then(Value::as_bool));
        out.metadata = object(&profile, "user_metadata");
        if let (Value::Object(u), Value::Object(p)) = (&mut user, profile) {
            for (k, v) in p {
                u.entry(k).or_insert(v);
            }
        }
    }
    out.object = user;
    out
}

/// A user of Auth0's bulk-import file.
pub(crate) fn auth0_import(user: Value) -> SourceUser {
    let password = match (user.get("password_hash"), user.get("custom_password_hash")) {
        (Some(Value::String(h)), _) if !h.is_empty() => bcrypt(h),
        (_, Some(custom @ Value::Object(_))) => auth0_custom(custom),
        _ => Password::None,
    };
    SourceUser {
        id: string(&user, "user_id"),
        email: string(&user, "email"),
        name: string(&user, "name"),
        phone: string(&user, "phone_number"),
        verified: user.get("email_verified").and_then(Value::as_bool),
        metadata: object(&user, "user_metadata"),
        password,
        object: user,
    }
}

fn auth0_custom(custom: &Value) -> Password {
    let alg = custom
        .get("algorithm")
        .and_then(Value::as_str)
        .unwrap_or("");
    let hash = custom.get("hash").cloned().unwrap_or(Value::Null);
    let value = string(&hash, "value").unwrap_or_default();
    let encoding = string(&hash, "encoding").unwrap_or_else(|| "utf8".into());
    let password_encoding = custom
        .get("password")
        .and_then(|p| p.get("encoding"))
        .and_then(Value::as_str)
        .unwrap_or("utf8");
    if password_encoding != "utf8" {
        return Password::Unsupported(format!(
            "password.encoding {} (only utf8 maps)",
            printable(password_encoding)
        ));
    }
    let salt = custom.get("salt");
    match alg {
        "bcrypt" if salt.is_some() => {
            Password::Unsupported("bcrypt with a separate salt (bcrypt(salt || password))".into())
        }
        "bcrypt" => bcrypt(&value),
        "argon2" => Password::record(Algorithm::Argon2, value, None),
        "pbkdf2" => auth0_pbkdf2(&value),
        "scrypt" => {
            let salt = salt.cloned().unwrap_or(Value::Null);
            let salt_value = string(&salt, "value").unwrap_or_default();
            let salt_encoding = string(&salt, "encoding").unwrap_or_else(|| "utf8".into());
            let number =
                |k: &str, default: u64| custom.get(k).and_then(Value::as_u64).unwrap_or(default);
            let Some(key_len) = custom.get("keylen").and_then(Value::as_u64) else {
                return Password::Invalid("scrypt without keylen");
            };
            let key_len = usize::try_from(key_len).unwrap_or(usize::MAX);
            let (n, r, p) = (
                number("cost", 16384),
                number("blockSize", 8),
                number("parallelization", 1),
            );
            let Password::Record {
                ty,
                hash,
                config: Some(config),
            } = scrypt_frontegg(&salt_value, ":", &value, n, r, p, key_len)
            else {
                return Password::Invalid("scrypt");
            };
            let mut config: Value = serde_json::from_str(&config).unwrap_or(Value::Null);
            if let Value::Object(c) = &mut config {
                c.insert("saltEncoding".into(), Value::from(salt_encoding));
                c.insert("keyEncoding".into(), Value::from(encoding));
            }
            Password::Record {
                ty,
                hash,
                config: Some(config.to_string()),
            }
        }
        other => Password::Unsupported(format!("Auth0 algorithm {}", printable(other))),
    }
}

/// Auth0's PBKDF2 PHC (`$pbkdf2-sha1$`, defaults i=100000 and l=64), to
/// hashport's PHC with every parameter written out.
fn auth0_pbkdf2(phc: &str) -> Password {
    let fields: Vec<&str> = phc.split('$').collect();
    let ["", ident, params, salt, hash] = fields.as_slice() else {
        return Password::Invalid("malformed pbkdf2 PHC string");
    };
    let Some(digest) = ident.strip_prefix("pbkdf2-") else {
        return Password::Invalid("malformed pbkdf2 PHC string");
    };
    let mut iterations = 100_000;
    for item in params.split(',') {
        if let Some(i) = item.strip_prefix("i=") {
            iterations = i.parse().unwrap_or(0);
        }
    }
    match (decode_base64(salt), decode_base64(hash)) {
        (Some(salt), Some(hash)) => pbkdf2_phc(digest, iterations, &salt, &hash),
        _ => Password::Invalid("the salt or hash is not base64"),
    }
}

/// Firebase `auth:export` JSON, or an Admin SDK `listUsers()` record.
pub(crate) fn firebase_json(user: Value, config: &FirebaseConfig) -> SourceUser {
    let hash = string(&user, "passwordHash");
    let salt = string(&user, "salt").or_else(|| string(&user, "passwordSalt"));
    let password = match hash {
        Some(h) => config.record(salt.as_deref().unwrap_or(""), &h),
        None => Password::None,
    };
    let mut metadata = Map::new();
    if let Some(Value::String(attrs)) = user.get("customAttributes")
        && let Ok(Value::Object(m)) = serde_json::from_str(attrs)
    {
        metadata = m;
    }
    SourceUser {
        id: string(&user, "localId").or_else(|| string(&user, "uid")),
        email: string(&user, "email"),
        name: string(&user, "displayName"),
        phone: string(&user, "phoneNumber"),
        verified: user.get("emailVerified").and_then(Value::as_bool),
        metadata,
        password,
        object: user,
    }
}

/// Firebase `auth:export` CSV: no header, columns 0-6 positional.
pub(crate) fn firebase_csv(record: &csv::StringRecord, config: &FirebaseConfig) -> SourceUser {
    let col = |i: usize| record.get(i).filter(|s| !s.is_empty()).map(str::to_owned);
    let password = match col(3) {
        Some(h) => config.record(col(4).as_deref().unwrap_or(""), &h),
        None => Password::None,
    };
    let object = json!({"localId": col(0), "email": col(1), "displayName": col(5)});
    SourceUser {
        id: col(0),
        email: col(1),
        name: col(5),
        verified: col(2).map(|v| v == "true"),
        password,
        object,
        ..SourceUser::default()
    }
}

/// A Supabase `auth.users` row (JSON, or CSV with a header).
pub(crate) fn supabase(user: Value, config: Option<&FirebaseConfig>) -> SourceUser {
    let _ = config;
    let hash = string(&user, "encrypted_password").unwrap_or_default();
    let password = if hash.is_empty() {
        Password::None
    } else if hash.starts_with("$2") {
        bcrypt(&hash)
    } else if hash.starts_with("$argon2") {
        Password::record(Algorithm::Argon2, hash, None)
    } else if let Some(rest) = hash.strip_prefix("$fbscrypt$") {
        fbscrypt(rest)
    } else {
        Password::Unsupported("Supabase hash that is not bcrypt, argon2 or $fbscrypt$".into())
    };
    let mut metadata = object(&user, "raw_user_meta_data");
    let app = object(&user, "raw_app_meta_data");
    if !app.is_empty() {
        metadata.insert("app_metadata".into(), Value::Object(app));
    }
    SourceUser {
        id: string(&user, "id"),
        email: string(&user, "email"),
        phone: string(&user, "phone"),
        verified: Some(string(&user, "email_confirmed_at").is_some()),
        metadata,
        password,
        object: user,
        ..SourceUser::default()
    }
}

/// Supabase's `$fbscrypt$v=1,n=..,r=..,p=..,ss=..,sk=..$<salt>$<hash>`.
fn fbscrypt(rest: &str) -> Password {
    let fields: Vec<&str> = rest.split('$').collect();
    let [params, salt, hash] = fields.as_slice() else {
        return Password::Invalid("malformed $fbscrypt$ string");
    };
    let (mut n, mut r, mut ss, mut sk) = (None, None, None, None);
    for item in params.split(',') {
        match item.split_once('=') {
            Some(("n", v)) => n = v.parse::<u64>().ok(),
            Some(("r", v)) => r = v.parse::<u64>().ok(),
            Some(("ss", v)) => ss = Some(v.to_owned()),
            Some(("sk", v)) => sk = Some(v.to_owned()),
            _ => {}
        }
    }
    let (Some(n), Some(r), Some(ss), Some(sk)) = (n, r, ss, sk) else {
        return Password::Invalid("$fbscrypt$ without n, r, ss and sk");
    };
    FirebaseConfig {
        signer_key: sk,
        salt_separator: ss,
        rounds: r,
        mem_cost: n,
    }
    .record(salt, hash)
}

/// A Clerk dashboard CSV row.
pub(crate) fn clerk(record: &csv::StringRecord, header: &csv::StringRecord) -> SourceUser {
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .and_then(|i| record.get(i))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let digest = col("password_digest");
    let hasher = col("password_hasher").unwrap_or_default();
    let password = match digest {
        None => Password::None,
        Some(d) => clerk_digest(&hasher, &d),
    };
    let name = match (col("first_name"), col("last_name")) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (f, l) => f.or(l),
    };
    let email = col("primary_email_address");
    let verified = email.as_ref().map(|e| {
        col("verified_email_addresses").is_some_and(|v| v.split(['|', ',']).any(|x| x == e))
    });
    let mut object = Map::new();
    for (h, v) in header.iter().zip(record.iter()) {
        if h != "password_digest" && h != "totp_secret" {
            object.insert(h.to_owned(), Value::from(v));
        }
    }
    SourceUser {
        id: col("id"),
        email,
        name,
        phone: col("primary_phone_number"),
        verified,
        password,
        object: Value::Object(object),
        ..SourceUser::default()
    }
}

fn clerk_digest(hasher: &str, digest: &str) -> Password {
    let fields: Vec<&str> = digest.split('$').collect();
    match hasher {
        "bcrypt" => bcrypt(digest),
        "argon2i" | "argon2id" => Password::record(Algorithm::Argon2, digest.to_owned(), None),
        "pbkdf2_sha256_django" => django_password(digest),
        "pbkdf2_sha256" => match fields.as_slice() {
            [_, iterations, salt, hash] => {
                match (iterations.parse(), decode_base64(salt), decode_base64(hash)) {
                    (Ok(i), Some(salt), Some(hash)) => pbkdf2_phc("sha256", i, &salt, &hash),
                    _ => Password::Invalid("malformed pbkdf2_sha256 digest"),
                }
            }
            _ => Password::Invalid("malformed pbkdf2_sha256 digest"),
        },
        "pbkdf2_sha1" => match fields.as_slice() {
            [_, iterations, salt, hash] => match (iterations.parse(), decode_hex(hash)) {
                (Ok(i), Some(hash)) => pbkdf2_phc("sha1", i, salt.as_bytes(), &hash),
                _ => Password::Invalid("malformed pbkdf2_sha1 digest"),
            },
            _ => Password::Invalid("malformed pbkdf2_sha1 digest"),
        },
        "scrypt_firebase" => match fields.as_slice() {
            [hash, salt, signer_key, separator, rounds, mem_cost] => {
                match (rounds.parse(), mem_cost.parse()) {
                    (Ok(rounds), Ok(mem_cost)) => FirebaseConfig {
                        signer_key: (*signer_key).to_owned(),
                        salt_separator: (*separator).to_owned(),
                        rounds,
                        mem_cost,
                    }
                    .record(salt, hash),
                    _ => Password::Invalid("malformed scrypt_firebase digest"),
                }
            }
            _ => Password::Invalid("malformed scrypt_firebase digest"),
        },
        "scrypt_werkzeug" => werkzeug_scrypt(digest),
        "" => Password::Unsupported("no password_hasher".into()),
        other => Password::Unsupported(format!("Clerk hasher {}", printable(other))),
    }
}

/// Werkzeug's `scrypt:N:r:p$<salt>$<hex key>` as Frontegg scrypt.
fn werkzeug_scrypt(digest: &str) -> Password {
    let fields: Vec<&str> = digest.split('$').collect();
    let [method, salt, key] = fields.as_slice() else {
        return Password::Invalid("malformed scrypt_werkzeug digest");
    };
    let params: Vec<&str> = method.split(':').collect();
    let ["scrypt", n, r, p] = params.as_slice() else {
        return Password::Invalid("malformed scrypt_werkzeug digest");
    };
    match (n.parse(), r.parse(), p.parse(), decode_hex(key)) {
        (Ok(n), Ok(r), Ok(p), Some(k)) => scrypt_frontegg(salt, "$", key, n, r, p, k.len()),
        _ => Password::Invalid("malformed scrypt_werkzeug digest"),
    }
}

/// A Keycloak user from a realm or users file.
pub(crate) fn keycloak(user: Value) -> SourceUser {
    let credentials = user
        .get("credentials")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let password = credentials
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str) == Some("password"))
        .map_or(Password::None, keycloak_credential);
    let name = match (string(&user, "firstName"), string(&user, "lastName")) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (f, l) => f.or(l),
    };
    SourceUser {
        id: string(&user, "id"),
        email: string(&user, "email"),
        name,
        verified: user.get("emailVerified").and_then(Value::as_bool),
        metadata: object(&user, "attributes"),
        password,
        object: user,
        ..SourceUser::default()
    }
}

/// One `password` credential: `secretData`/`credentialData` (JSON strings),
/// or the older top-level `hashedSaltedValue` layout.
pub(crate) fn keycloak_credential(credential: &Value) -> Password {
    let (secret, data) = if credential.get("hashedSaltedValue").is_some() {
        (
            json!({"value": credential.get("hashedSaltedValue"), "salt": credential.get("salt")}),
            credential.clone(),
        )
    } else {
        (
            object(credential, "secretData").into(),
            object(credential, "credentialData").into(),
        )
    };
    let (Some(value), Some(salt)) = (string(&secret, "value"), string(&secret, "salt")) else {
        return Password::Invalid("credential without value and salt");
    };
    let (Some(value_bytes), Some(salt_bytes)) = (decode_base64(&value), decode_base64(&salt))
    else {
        return Password::Invalid("credential value or salt is not base64");
    };
    let iterations = data
        .get("hashIterations")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let algorithm = data
        .get("algorithm")
        .and_then(Value::as_str)
        .unwrap_or("pbkdf2-sha256");
    let params = data
        .get("additionalParameters")
        .cloned()
        .unwrap_or(Value::Null);
    // Keycloak stores each additional parameter as a list of strings.
    let param = |name: &str| {
        params
            .get(name)
            .and_then(|v| v.get(0).or(Some(v)))
            .and_then(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .or_else(|| v.as_u64().map(|n| n.to_string()))
            })
    };
    match algorithm {
        "pbkdf2" => pbkdf2_phc("sha1", iterations, &salt_bytes, &value_bytes),
        "pbkdf2-sha256" => pbkdf2_phc("sha256", iterations, &salt_bytes, &value_bytes),
        "pbkdf2-sha512" => pbkdf2_phc("sha512", iterations, &salt_bytes, &value_bytes),
        "argon2" => {
            let variant = match param("type").as_deref() {
                Some("i") => "argon2i",
                Some("d") => "argon2d",
                _ => "argon2id",
            };
            let version = if param("version").as_deref() == Some("1.0") {
                16
            } else {
                19
            };
            let (Some(m), Some(p)) = (param("memory"), param("parallelism")) else {
                return Password::Invalid("argon2 credential without memory and parallelism");
            };
            Password::record(
                Algorithm::Argon2,
                format!(
                    "${variant}$v={version}$m={m},t={iterations},p={p}${}${}",
                    encode_base64_unpadded(&salt_bytes),
                    encode_base64_unpadded(&value_bytes)
                ),
                None,
            )
        }
        other => Password::Unsupported(format!("Keycloak algorithm {}", printable(other))),
    }
}

/// A Django `dumpdata auth.user` object, or a CSV row as an object of
/// strings.
pub(crate) fn django(user: Value) -> SourceUser {
    let fields = user.get("fields").cloned().unwrap_or_else(|| user.clone());
    let name = match (string(&fields, "first_name"), string(&fields, "last_name")) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (f, l) => f.or(l),
    };
    let id = user
        .get("pk")
        .map(|pk| pk.as_str().map_or_else(|| pk.to_string(), str::to_owned))
        .or_else(|| string(&fields, "id"))
        .or_else(|| string(&fields, "username"));
    SourceUser {
        id,
        email: string(&fields, "email"),
        name,
        password: django_password(&string(&fields, "password").unwrap_or_default()),
        object: user,
        ..SourceUser::default()
    }
}
