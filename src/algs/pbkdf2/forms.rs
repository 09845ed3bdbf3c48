//! PBKDF2's wire forms: one function per accepted form, and [`decode`],
//! which tells them apart.
//!
//! - PHC: `$pbkdf2$` (SHA-1), `$pbkdf2-sha256$`, `$pbkdf2-sha512$` with
//!   `i=<iterations>[,l=<length>]` and base64 salt and hash (any dialect; the
//!   salt is decoded). A missing `l` means the decoded hash length; a present
//!   one must agree with it.
//! - passlib: the same identifiers with bare decimal rounds
//!   (`$pbkdf2-sha256$29000$<ab64 salt>$<ab64 hash>`).
//! - Django: `pbkdf2_sha256$<iterations>$<salt text>$<base64 hash>` and
//!   `pbkdf2_sha1$...` (the salt is used as its UTF-8 text).
//! - Werkzeug: `pbkdf2:<digest>:<iterations>$<salt text>$<hex>`, the hex of
//!   a digest-size key.
//! - ASP.NET Core Identity: the base64 blob of v2 (`0x00`, 16-byte salt,
//!   32-byte PBKDF2-HMAC-SHA1 subkey at 1000 iterations) or v3 (`0x01`,
//!   PRF, iterations and salt length as big-endian u32s, salt, subkey).
//! - Keycloak: the credential JSON (`secretData`/`credentialData`, or the
//!   older `hashedSaltedValue` layout) with algorithm `pbkdf2`,
//!   `pbkdf2-sha256` or `pbkdf2-sha512`.
//! - A raw hash (hex or base64) with a config `{ digest, iterations, salt,
//!   saltEncoding?, keyLen?, hashEncoding? }`. The salt is UTF-8 text unless
//!   `saltEncoding` says `hex` or `base64`. Without `hashEncoding`, the
//!   encoding is the one whose decoded length equals `keyLen` (or, without
//!   `keyLen`, the digest size); if both or neither fit, decoding fails and
//!   asks for `hashEncoding`.

use super::{ALG, Digest, Pbkdf2};
use crate::algs::{
    KeycloakCredential, check_range, config_keys, phc_decimal, phc_params, split_fields,
};
use crate::config::{Config, expect_no_config};
use crate::encoding::{TextEncoding, decode_ab64, decode_base64, decode_hex};
use crate::{Error, Limits};

config_keys! {
    "pbkdf2": "digest" ["algorithm", "hash"],
    "iterations" ["rounds", "iteration_amount"],
    "salt",
    "saltEncoding",
    "keyLen" ["keylen", "dkLen", "key_length"],
    "hashEncoding",
}

/// Picks the form: a string with `$` carries its parameters and takes no
/// config; anything else is a raw hash with a config.
pub(super) fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Pbkdf2, Error> {
    if let Some(credential) = KeycloakCredential::parse(hash)? {
        expect_no_config(config)?;
        return keycloak(&credential, limits);
    }
    if hash.contains('$') {
        expect_no_config(config)?;
        if let Some(rest) = hash.strip_prefix('$') {
            dollar(rest, limits)
        } else if let Some(rest) = hash.strip_prefix("pbkdf2:") {
            werkzeug(rest, limits)
        } else {
            django(hash, limits)
        }
    } else {
        match crate::config::given(config) {
            Some(text) => raw(hash, text, limits),
            // An ASP.NET Core Identity blob starts with its format marker;
            // any other hex or base64 is a raw hash missing its config.
            None => match decode_base64(hash) {
                Some(blob) if matches!(blob.first(), Some(0x00 | 0x01)) => aspnet(&blob, limits),
                None if decode_hex(hash).is_none() => Err(Error::hash(
                    "structure",
                    "neither a pbkdf2 string of a known form nor hex or base64",
                )),
                _ => Err(Error::InvalidConfig {
                    field: None,
                    problem: "missing: a raw pbkdf2 hash needs { digest, iterations, salt }",
                }),
            },
        }
    }
}

/// ASP.NET Core Identity's `PasswordHasher` output, decoded from base64.
fn aspnet(blob: &[u8], limits: &Limits) -> Result<Pbkdf2, Error> {
    let bad = |problem| Error::hash("ASP.NET Core Identity hash", problem);
    let u32_at = |at: usize| -> Result<u64, Error> {
        blob.get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(|b| u64::from(u32::from_be_bytes(b)))
            .ok_or(bad("truncated header"))
    };
    let (digest, iterations, salt, subkey) = match blob.split_first() {
        Some((0x00, rest)) => {
            let (salt, subkey) = rest.split_at_checked(16).ok_or(bad("truncated"))?;
            if subkey.len() != 32 {
                return Err(bad("a v2 hash is 49 bytes"));
            }
            (Digest::Sha1, 1000, salt, subkey)
        }
        Some((0x01, _)) => {
            let digest = match u32_at(1)? {
                0 => Digest::Sha1,
                1 => Digest::Sha256,
                2 => Digest::Sha512,
                _ => return Err(bad("unknown PRF")),
            };
            let iterations = u32_at(5)?;
            let salt_len = usize::try_from(u32_at(9)?).map_err(|_| bad("salt length"))?;
            let rest = blob.get(13..).ok_or(bad("truncated"))?;
            let (salt, subkey) = rest
                .split_at_checked(salt_len)
                .ok_or(bad("salt longer than the hash"))?;
            (digest, iterations, salt, subkey)
        }
        _ => return Err(bad("unknown format marker (expected 0x00 or 0x01)")),
    };
    // ASP.NET's own minimums.
    if salt.len() < 16 || subkey.len() < 16 {
        return Err(bad("salt and subkey are at least 16 bytes"));
    }
    Pbkdf2::build(digest, iterations, salt.to_vec(), subkey.to_vec(), limits)
}

/// A Keycloak PBKDF2 credential.
fn keycloak(credential: &KeycloakCredential, limits: &Limits) -> Result<Pbkdf2, Error> {
    let digest = match credential.algorithm.as_str() {
        "pbkdf2" => Digest::Sha1,
        "pbkdf2-sha256" => Digest::Sha256,
        "pbkdf2-sha512" => Digest::Sha512,
        other if other.starts_with("pbkdf2") => {
            return Err(Error::Unsupported {
                feature: "pbkdf2 digest other than sha1, sha256, sha512",
            });
        }
        _ => {
            return Err(Error::hash(
                "keycloak credential",
                "algorithm is not pbkdf2, pbkdf2-sha256 or pbkdf2-sha512",
            ));
        }
    };
    Pbkdf2::build(
        digest,
        credential.iterations,
        credential.salt.clone(),
        credential.value.clone(),
        limits,
    )
}

/// PHC (`i=..,l=..`) and passlib (bare rounds) strings, after the leading `$`.
fn dollar(rest: &str, limits: &Limits) -> Result<Pbkdf2, Error> {
    let Some([ident, params, salt, hash]) = split_fields(rest, '$') else {
        return Err(Error::hash(
            "structure",
            "expected $pbkdf2[-sha256|-sha512]$i=..[,l=..]$salt$hash",
        ));
    };
    let digest = match ident {
        "pbkdf2" | "pbkdf2-sha1" => Digest::Sha1,
        "pbkdf2-sha256" => Digest::Sha256,
        "pbkdf2-sha512" => Digest::Sha512,
        other if other.starts_with("pbkdf2-") => {
            return Err(Error::Unsupported {
                feature: "pbkdf2 digest other than sha1, sha256, sha512",
            });
        }
        _ => {
            return Err(Error::hash(
                "identifier",
                "expected pbkdf2, pbkdf2-sha256 or pbkdf2-sha512",
            ));
        }
    };
    if params.contains('=') {
        let (mut i, mut l) = (None, None);
        for (k, v) in phc_params(params)? {
            let slot = match k {
                "i" => &mut i,
                "l" => &mut l,
                _ => return Err(Error::hash("parameters", "unknown pbkdf2 parameter")),
            };
            *slot = Some(phc_decimal("parameters", v)?);
        }
        let i = i.ok_or(Error::hash("parameters", "i is required"))?;
        let salt = decode_base64(salt).ok_or(Error::hash("salt", "not valid base64"))?;
        let hash = decode_base64(hash).ok_or(Error::hash("hash", "not valid base64"))?;
        if let Some(l) = l
            && l != hash.len() as u64
        {
            return Err(Error::hash(
                "hash",
                "decoded length differs from the l parameter",
            ));
        }
        Pbkdf2::build(digest, i, salt, hash, limits)
    } else {
        let rounds = phc_decimal("rounds", params)?;
        let salt = decode_ab64(salt).ok_or(Error::hash("salt", "not valid passlib base64"))?;
        let hash = decode_ab64(hash).ok_or(Error::hash("hash", "not valid passlib base64"))?;
        // passlib always stores a checksum of the digest's size.
        if hash.len() != digest.output_len() {
            return Err(Error::hash("hash", "length differs from the digest size"));
        }
        Pbkdf2::build(digest, rounds, salt, hash, limits)
    }
}

/// Django: `pbkdf2_sha256$<iterations>$<salt text>$<base64 hash>`.
fn django(hash: &str, limits: &Limits) -> Result<Pbkdf2, Error> {
    let Some([ident, iterations, salt, hash]) = split_fields(hash, '$') else {
        return Err(Error::hash(
            "structure",
            "expected pbkdf2_sha256$iterations$salt$hash",
        ));
    };
    let digest = match ident {
        "pbkdf2_sha1" => Digest::Sha1,
        "pbkdf2_sha256" => Digest::Sha256,
        "pbkdf2_sha512" => Digest::Sha512,
        _ => {
            return Err(Error::hash(
                "identifier",
                "expected $pbkdf2...$ or pbkdf2_sha256$",
            ));
        }
    };
    let iterations = phc_decimal("iterations", iterations)?;
    let hash = decode_base64(hash).ok_or(Error::hash("hash", "not valid base64"))?;
    // Django always stores a hash of the digest's size; a shorter one
    // would match as a prefix of the PBKDF2 output stream.
    if hash.len() != digest.output_len() {
        return Err(Error::hash("hash", "length differs from the digest size"));
    }
    Pbkdf2::build(digest, iterations, salt.as_bytes().to_vec(), hash, limits)
}

/// Werkzeug: `pbkdf2:<digest>:<iterations>$<salt text>$<hex>`, after
/// `pbkdf2:`. Werkzeug reads a missing iteration count as its current
/// default, which has changed between versions and which no version writes:
/// such a string is refused rather than guessed at.
fn werkzeug(rest: &str, limits: &Limits) -> Result<Pbkdf2, Error> {
    let Some([method, salt, hex]) = split_fields(rest, '$') else {
        return Err(Error::hash(
            "structure",
            "expected pbkdf2:<digest>:<iterations>$salt$hex",
        ));
    };
    let Some((digest, iterations)) = method.split_once(':') else {
        return Err(Error::hash(
            "iterations",
            "missing: Werkzeug's default count depends on its version",
        ));
    };
    let digest = match digest {
        "sha1" => Digest::Sha1,
        "sha256" => Digest::Sha256,
        "sha512" => Digest::Sha512,
        _ => {
            return Err(Error::Unsupported {
                feature: "pbkdf2 digest other than sha1, sha256, sha512",
            });
        }
    };
    let iterations = phc_decimal("iterations", iterations)?;
    let hash = decode_hex(hex).ok_or(Error::hash("hash", "not valid hex"))?;
    // Werkzeug always stores the digest's full output; a shorter one would
    // match as a prefix of the PBKDF2 output stream.
    if hash.len() != digest.output_len() {
        return Err(Error::hash("hash", "length differs from the digest size"));
    }
    Pbkdf2::build(digest, iterations, salt.as_bytes().to_vec(), hash, limits)
}

/// A raw hash with its parameters in the config.
fn raw(hash: &str, text: &str, limits: &Limits) -> Result<Pbkdf2, Error> {
    let cfg = Config::parse(text, KEYS, UNKNOWN)?;
    let digest = Digest::parse(cfg.required_str("digest")?)
        .ok_or(Error::config("digest", "must be sha1, sha256 or sha512"))?;
    let iterations = cfg.required_u64("iterations")?;
    let salt_text = cfg.required_str("salt")?;
    let salt_enc = match cfg.str("saltEncoding")? {
        None => TextEncoding::Utf8,
        Some(name) => TextEncoding::parse(name)
            .ok_or(Error::config("saltEncoding", "must be utf8, hex or base64"))?,
    };
    let salt = salt_enc
        .decode(salt_text)
        .ok_or(Error::config("salt", "not valid in its saltEncoding"))?;
    let key_len = cfg.u64("keyLen")?;
    if let Some(k) = key_len {
        check_range(
            ALG,
            "keyLen",
            k,
            limits.min_digest_len as u64,
            limits.max_digest_len as u64,
        )?;
    }
    let hash_enc = match cfg.str("hashEncoding")? {
        None => None,
        Some(name) => match TextEncoding::parse(name) {
            Some(e @ (TextEncoding::Hex | TextEncoding::Base64)) => Some(e),
            _ => return Err(Error::config("hashEncoding", "must be hex or base64")),
        },
    };
    let want = key_len.unwrap_or(digest.output_len() as u64);
    let hash = match hash_enc {
        Some(TextEncoding::Hex) => decode_hex(hash).ok_or(Error::hash("hash", "not valid hex"))?,
        Some(_) => decode_base64(hash).ok_or(Error::hash("hash", "not valid base64"))?,
        None => {
            let hex = decode_hex(hash).filter(|h| h.len() as u64 == want);
            let b64 = decode_base64(hash).filter(|h| h.len() as u64 == want);
            match (hex, b64) {
                (Some(h), None) | (None, Some(h)) => h,
                (Some(_), Some(_)) => {
                    return Err(Error::hash(
                        "hash",
                        "reads as both hex and base64; set hashEncoding in the config",
                    ));
                }
                (None, None) => {
                    return Err(Error::hash(
                        "hash",
                        "neither hex nor base64 of the expected length; check keyLen or set hashEncoding",
                    ));
                }
            }
        }
    };
    if key_len.is_some_and(|k| k != hash.len() as u64) {
        return Err(Error::hash("hash", "decoded length differs from keyLen"));
    }
    Pbkdf2::build(digest, iterations, salt, hash, limits)
}
