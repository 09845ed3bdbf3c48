//! argon2's wire forms: one function per accepted form, and [`decode`],
//! which tells them apart: PHC strings, Django's `argon2$argon2id$...`, and
//! Keycloak's credential JSON with algorithm `argon2`.

use super::{ALG, Argon2, Argon2Params, Argon2Variant};
use crate::algs::{
    KeycloakCredential, check_digest_len, check_range, check_salt_len, phc_decimal, phc_params,
};
use crate::config::expect_no_config;
use crate::encoding::decode_base64;
use crate::encoding::encode_base64_unpadded;
use crate::{Error, Limits};

/// Picks the form.
pub(super) fn decode(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Argon2, Error> {
    if let Some(credential) = KeycloakCredential::parse(hash)? {
        expect_no_config(config)?;
        return keycloak(&credential, limits);
    }
    // Django: `argon2` before the PHC string.
    let phc_text = hash
        .strip_prefix("argon2")
        .filter(|rest| rest.starts_with("$argon2"))
        .unwrap_or(hash);
    phc(phc_text, config, limits)
}

/// A Keycloak argon2 credential, written as the PHC string it stands for
/// and read by [`phc`].
fn keycloak(credential: &KeycloakCredential, limits: &Limits) -> Result<Argon2, Error> {
    if credential.algorithm != "argon2" {
        return Err(Error::hash(
            "keycloak credential",
            "algorithm is not argon2",
        ));
    }
    let bad = |problem| Error::hash("keycloak credential", problem);
    let variant = match credential.param("type").as_deref() {
        Some("id") | None => "argon2id",
        Some("i") => "argon2i",
        Some("d") => "argon2d",
        Some(_) => return Err(bad("unknown argon2 type")),
    };
    let version = match credential.param("version").as_deref() {
        Some("1.3") | None => 19,
        Some("1.0") => 16,
        Some(_) => {
            return Err(Error::InvalidParam {
                algorithm: ALG,
                param: "version",
                problem: "must be 1.0 or 1.3",
            });
        }
    };
    let memory = credential.param("memory").ok_or(bad("memory is missing"))?;
    let parallelism = credential
        .param("parallelism")
        .ok_or(bad("parallelism is missing"))?;
    if let Some(len) = credential.param("hashLength")
        && len != credential.value.len().to_string()
    {
        return Err(bad("hashLength differs from the value's length"));
    }
    let text = format!(
        "${variant}$v={version}$m={memory},t={},p={parallelism}${}${}",
        credential.iterations,
        encode_base64_unpadded(&credential.salt),
        encode_base64_unpadded(&credential.value)
    );
    phc(&text, None, limits)
}

/// Longest associated data (`data=`) accepted, in bytes: RustCrypto's
/// `argon2::AssociatedData::MAX_LEN`.
const MAX_DATA_LEN: u64 = 32;

/// `$argon2<type>$[v=<16|19>$]m=<KiB>,t=<passes>,p=<lanes>[,data=<b64>]$<salt>$<hash>`;
/// the config must be empty.
/// - A missing `v=` means version 16 (0x10), as in the reference
///   implementation's decoder and argon2-cffi. (RustCrypto's `argon2` would
///   default to 0x13 and silently fail to verify such legacy hashes.)
/// - `data=` is associated data, passed to the hash.
/// - `keyid=` names a secret key (pepper) that an import cannot carry, so it
///   is rejected as unsupported.
/// - Salt and hash accept either base64 alphabet, padded or not.
fn phc(hash: &str, config: Option<&str>, limits: &Limits) -> Result<Argon2, Error> {
    expect_no_config(config)?;
    let mut parts = hash.split('$');
    if parts.next() != Some("") {
        return Err(Error::hash("structure", "expected a $argon2..$ PHC string"));
    }
    let variant = match parts.next() {
        Some("argon2id") => Argon2Variant::Argon2id,
        Some("argon2i") => Argon2Variant::Argon2i,
        Some("argon2d") => Argon2Variant::Argon2d,
        _ => {
            return Err(Error::hash(
                "identifier",
                "expected argon2i, argon2d or argon2id",
            ));
        }
    };
    let rest: Vec<&str> = parts.collect();
    let (version, params, salt, digest) = match rest.as_slice() {
        [v, params, salt, digest] if v.starts_with("v=") => (Some(*v), *params, *salt, *digest),
        [params, salt, digest] => (None, *params, *salt, *digest),
        _ => {
            return Err(Error::hash(
                "structure",
                "expected $argon2id$v=19$m=..,t=..,p=..$salt$hash",
            ));
        }
    };
    let version = match version {
        None => 16,
        Some(v) => {
            let n = phc_decimal("version", v.get(2..).unwrap_or(""))?;
            if n != 16 && n != 19 {
                return Err(Error::InvalidParam {
                    algorithm: ALG,
                    param: "v",
                    problem: "must be 16 or 19",
                });
            }
            n
        }
    };
    let (mut m, mut t, mut p, mut data) = (None, None, None, None);
    for (k, v) in phc_params(params)? {
        match k {
            "m" => m = Some(phc_decimal("parameters", v)?),
            "t" => t = Some(phc_decimal("parameters", v)?),
            "p" => p = Some(phc_decimal("parameters", v)?),
            "data" => {
                data = Some(decode_base64(v).ok_or(Error::hash("data", "not valid base64"))?);
            }
            "keyid" => {
                return Err(Error::Unsupported {
                    feature: "argon2 keyid (a secret key that the record cannot carry)",
                });
            }
            _ => return Err(Error::hash("parameters", "unknown argon2 parameter")),
        }
    }
    let (Some(m), Some(t), Some(p)) = (m, t, p) else {
        return Err(Error::hash("parameters", "m, t and p are required"));
    };
    // The reference implementation takes m, t and p as 32-bit numbers.
    let u32_max = u64::from(u32::MAX);
    let p = check_range(ALG, "p", p, 1, limits.argon2_max_p.min(u32_max))?;
    let t = check_range(ALG, "t", t, 1, limits.argon2_max_t.min(u32_max))?;
    if m < 8 * p {
        return Err(Error::InvalidParam {
            algorithm: ALG,
            param: "m",
            problem: "must be at least 8 KiB per lane (8 p)",
        });
    }
    let m = check_range(ALG, "m", m, 8, limits.argon2_max_m_kib.min(u32_max))?;
    let data = data.unwrap_or_default();
    check_range(ALG, "data length", data.len() as u64, 0, MAX_DATA_LEN)?;
    let salt = decode_base64(salt).ok_or(Error::hash("salt", "not valid base64"))?;
    let digest = decode_base64(digest).ok_or(Error::hash("hash", "not valid base64"))?;
    check_salt_len(ALG, 8, salt.len(), limits)?;
    check_digest_len(ALG, "hash length", digest.len(), limits)?;
    // RFC 9106: tags of at least 4 bytes, whatever min_digest_len allows.
    check_range(ALG, "hash length", digest.len() as u64, 4, u32_max)?;
    let to_u32 = |v: u64| u32::try_from(v).map_err(|_| Error::Internal("checked above"));
    Ok(Argon2 {
        params: Argon2Params {
            variant,
            version: to_u32(version)?,
            m_kib: to_u32(m)?,
            t: to_u32(t)?,
            p: to_u32(p)?,
            output_len: digest.len(),
        },
        salt,
        data,
        hash: digest,
    })
}
