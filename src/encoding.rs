//! Lenient-but-canonical decoders for the text encodings that imported
//! records use.
//!
//! Exporters disagree on base64 dialects (Firebase's REST API emits URL-safe,
//! its CLI standard; PHC strings are unpadded, Kratos pads), so every base64
//! field accepts the standard and the URL-safe alphabet, padded or not. What
//! is never accepted is a non-canonical encoding (non-zero trailing bits):
//! no producer writes one, so it marks a tampered or corrupted field.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const UNPADDED: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(false)
    .with_decode_padding_mode(DecodePaddingMode::RequireNone);
const PADDED: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(true)
    .with_decode_padding_mode(DecodePaddingMode::RequireCanonical);

const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, UNPADDED);
/// bcrypt's alphabet (`./A-Za-z0-9`), unpadded. Non-zero unused bits in the
/// last character are rejected (the crate's default): every bcrypt encoder
/// writes them as zero, OpenBSD and PHP compare the re-encoded string, and
/// pyca/bcrypt rejects them, so accepting them would let a changed hash
/// string match.
const BCRYPT: GeneralPurpose = GeneralPurpose::new(&alphabet::BCRYPT, UNPADDED);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, UNPADDED);
const STANDARD_PADDED: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, PADDED);
const URL_SAFE_PADDED: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, PADDED);

/// Decodes base64 in either alphabet, padded or unpadded, rejecting
/// non-canonical trailing bits and partial padding. The alphabet is chosen by
/// the characters present; a string mixing `+`/`/` with `-`/`_` is rejected.
pub(crate) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let url = s.bytes().any(|b| b == b'-' || b == b'_');
    let padded = s.ends_with('=');
    let engine = match (url, padded) {
        (false, false) => &STANDARD,
        (true, false) => &URL_SAFE,
        (false, true) => &STANDARD_PADDED,
        (true, true) => &URL_SAFE_PADDED,
    };
    engine.decode(s).ok()
}

/// Decodes passlib's "adapted base64": the standard alphabet with `.` in
/// place of `+`, unpadded.
pub(crate) fn decode_ab64(s: &str) -> Option<Vec<u8>> {
    if s.contains(['+', '-', '_', '=']) {
        return None;
    }
    STANDARD.decode(s.replace('.', "+")).ok()
}

/// Encodes standard base64 without padding (the PHC form).
pub(crate) fn encode_base64_unpadded(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes bcrypt base64 into exactly `out.len()` bytes (16 for a salt from
/// 22 characters, 23 for a hash from 31), or `None`.
pub(crate) fn decode_bcrypt_b64(s: &[u8], out: &mut [u8]) -> Option<()> {
    let bytes = BCRYPT.decode(s).ok()?;
    if bytes.len() != out.len() {
        return None;
    }
    out.copy_from_slice(&bytes);
    Some(())
}

/// Encodes bytes as bcrypt base64, unpadded.
pub(crate) fn encode_bcrypt_b64(bytes: &[u8]) -> String {
    BCRYPT.encode(bytes)
}

/// Decodes hex in either case.
pub(crate) fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.as_bytes()
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => Some(hex_digit(*hi)? << 4 | hex_digit(*lo)?),
            _ => None,
        })
        .collect()
}

const fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Lengths in characters of the base64 encodings of `n` bytes: padded, then
/// unpadded. They are equal when `n` is a multiple of 3.
pub(crate) fn base64_lens(n: usize) -> (usize, usize) {
    let padded = n.div_ceil(3).saturating_mul(4);
    let unpadded = (n / 3).saturating_mul(4)
        + match n % 3 {
            0 => 0,
            1 => 2,
            _ => 3,
        };
    (padded, unpadded)
}

/// A text encoding named in a config (`saltEncoding`, `keyEncoding`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextEncoding {
    Utf8,
    Hex,
    Base64,
}

impl TextEncoding {
    pub(crate) fn parse(name: &str) -> Option<Self> {
        match name {
            "utf8" | "utf-8" => Some(Self::Utf8),
            "hex" => Some(Self::Hex),
            "base64" => Some(Self::Base64),
            _ => None,
        }
    }

    pub(crate) fn decode(self, s: &str) -> Option<Vec<u8>> {
        match self {
            Self::Utf8 => Some(s.as_bytes().to_vec()),
            Self::Hex => decode_hex(s),
            Self::Base64 => decode_base64(s),
        }
    }
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, reason = "test data")]
mod tests {
    use super::*;

    #[test]
    fn base64_accepts_every_dialect_of_the_same_bytes() {
        let want = vec![0xfb, 0xff, 0x01, 0x02];
        for s in ["+/8BAg==", "+/8BAg", "-_8BAg==", "-_8BAg"] {
            assert_eq!(decode_base64(s), Some(want.clone()), "{s}");
        }
    }

    #[test]
    fn base64_rejects_non_canonical_and_mixed() {
        assert_eq!(decode_base64("QR"), None, "trailing bits set");
        assert_eq!(decode_base64("+_8BAg"), None, "mixed alphabets");
        assert_eq!(decode_base64("Q==="), None);
        assert_eq!(decode_base64("+/8BAg="), None, "partial padding");
    }

    #[test]
    fn bcrypt_b64_roundtrip_and_rejects() {
        let salt: [u8; 16] = core::array::from_fn(|i| (i * 37 + 5) as u8);
        let enc = encode_bcrypt_b64(&salt);
        assert_eq!(enc.len(), 22);
        let mut back = [0u8; 16];
        decode_bcrypt_b64(enc.as_bytes(), &mut back).unwrap();
        assert_eq!(back, salt);

        let hash: [u8; 23] = core::array::from_fn(|i| (255 - i * 11) as u8);
        let enc = encode_bcrypt_b64(&hash);
        assert_eq!(enc.len(), 31);
        let mut back = [0u8; 23];
        decode_bcrypt_b64(enc.as_bytes(), &mut back).unwrap();
        assert_eq!(back, hash);

        // A known salt string re-encodes canonically.
        let mut s = [0u8; 16];
        decode_bcrypt_b64(b"abcdefghijklmnopqrstuu", &mut s).unwrap();
        assert_eq!(encode_bcrypt_b64(&s), "abcdefghijklmnopqrstuu");

        // Non-zero leftover bits in the last character are rejected.
        let mut a = [0u8; 16];
        assert!(decode_bcrypt_b64(b"CCCCCCCCCCCCCCCCCCCCC.", &mut a).is_some());
        assert!(decode_bcrypt_b64(b"CCCCCCCCCCCCCCCCCCCCC/", &mut a).is_none());

        let mut out = [0u8; 16];
        assert!(decode_bcrypt_b64(b"abcdefghijklmnopqrstu", &mut out).is_none());
        assert!(decode_bcrypt_b64(b"abcdefghijklmnopqrstuuu", &mut out).is_none());
        assert!(decode_bcrypt_b64(b"abcdefghijklmnopqrst+u", &mut out).is_none());
        assert!(decode_bcrypt_b64(b"abcdefghijklmnopqrst=u", &mut out).is_none());
        assert!(decode_bcrypt_b64("abcdefghijklmnopqrsé".as_bytes(), &mut out).is_none());
        let mut h = [0u8; 23];
        assert!(decode_bcrypt_b64(b"", &mut h).is_none());
        assert_eq!(encode_bcrypt_b64(&[]), "");
    }

    #[test]
    fn hex_and_lengths() {
        assert_eq!(decode_hex("0aFf"), Some(vec![0x0a, 0xff]));
        assert_eq!(decode_hex("0aF"), None);
        assert_eq!(decode_hex("0g"), None);
        assert_eq!(base64_lens(64), (88, 86));
        assert_eq!(base64_lens(32), (44, 43));
        assert_eq!(base64_lens(3), (4, 4));
        assert_eq!(decode_ab64("a.b"), STANDARD.decode("a+b").ok());
    }
}
