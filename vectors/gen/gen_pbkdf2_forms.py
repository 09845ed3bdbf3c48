#!/usr/bin/env python3
"""Known-answer cases for producer spellings of PBKDF2 (passwordHashType "pbkdf2", no config).

Run:  python gen_pbkdf2_forms.py     (writes pbkdf2.json beside this file)

Forms:
  * Django  pbkdf2_sha1$<iterations>$<salt text>$<std base64, padded, of the 20-byte key>
    written by Django's own PBKDF2SHA1PasswordHasher (make_password) and re-checked with
    django.contrib.auth.hashers.check_password.  (pbkdf2_sha256 is already covered by vectors/pbkdf2.json:
    Django's and passlib's published strings plus generated ones, so it is not repeated here.)
  * ASP.NET Core Identity, std base64 (padded) of a binary blob:
      v2: 0x00 || salt[16] || subkey[32]                       PBKDF2-HMAC-SHA1, 1000 iterations
      v3: 0x01 || prf u32be || iterations u32be || saltLen u32be || salt || subkey (rest of the blob)
          prf 0 = HMAC-SHA1, 1 = HMAC-SHA256, 2 = HMAC-SHA512
    written by a line-by-line Python port of Microsoft's PasswordHasher.cs (HashPasswordV2 / HashPasswordV3,
    dotnet/aspnetcore@31c080a) and re-checked with the port of its VerifyHashedPassword; the published
    strings of aspnetcore's PasswordHasherTest.cs are included as they are.
  * Keycloak password credential, the whole credential object as JSON text in passwordHash
    (shared/reference/exporters.md section 5), in two layouts:
      current: {"type":"password","secretData":"{\"value\":\"<b64 key>\",\"salt\":\"<b64 salt>\",
               \"additionalParameters\":{}}","credentialData":"{\"hashIterations\":N,\"algorithm\":\"<alg>\",
               \"additionalParameters\":{}}"}       (secretData / credentialData are JSON strings)
      legacy:  {"type":"password","hashedSaltedValue":"<b64 key>","salt":"<b64 salt>","hashIterations":N,
               "algorithm":"<alg>"}
    alg: pbkdf2 (HMAC-SHA1), pbkdf2-sha256, pbkdf2-sha512; key length = decoded value length.
    Written by a Python port of Keycloak's Pbkdf2PasswordHashProvider (including its NUL padding of
    passwords shorter than 14 chars, which leaves the HMAC key unchanged) and PasswordCredentialModel JSON.

Every positive is re-checked by the producer's verify (Django check_password, the PasswordHasher port, the
Keycloak port) and by two independent PBKDF2s (formskit: written out over bare hashes, and pyca/cryptography),
and every mismatch case is asserted to fail both.  Deterministic: seeded salts.
"""
import hashlib
import hmac
import importlib.metadata
import json
import os
import random
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django
from django.conf import settings

settings.configure(PASSWORD_HASHERS=[
    "django.contrib.auth.hashers.MD5PasswordHasher",  # cheap default: check_password never "hardens" with it
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
])
from django.contrib.auth import hashers as dj  # noqa: E402

import formskit as fk  # noqa: E402
from vecfile import case, write  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "forms", "pbkdf2.json")
DJ_VERSION = importlib.metadata.version("Django")
assert DJ_VERSION.startswith("5.2."), DJ_VERSION

SCRIPT = "vectors/gen/gen_pbkdf2.py"
DJANGO = f"{SCRIPT} (Django {DJ_VERSION} PBKDF2SHA1PasswordHasher via make_password)"
ASPNET_SRC = ("dotnet/aspnetcore@31c080a1e81582a239f050f4d2c89a18c2fc119d "
              "src/Identity/Extensions.Core/src/PasswordHasher.cs")
ASPNET_V2 = f"{SCRIPT} (Python port of ASP.NET Core Identity PasswordHasher.HashPasswordV2, {ASPNET_SRC})"
ASPNET_V3 = f"{SCRIPT} (Python port of ASP.NET Core Identity PasswordHasher.HashPasswordV3, {ASPNET_SRC})"
ASPNET_TEST = ("https://github.com/dotnet/aspnetcore/blob/03741a0a53c95e382c351bc9a2ae0796aded4fa7/"
               "src/Identity/test/Identity.Test/PasswordHasherTest.cs")
KC_SRC = ("keycloak/keycloak server-spi-private/src/main/java/org/keycloak/credential/hash/"
          "Pbkdf2PasswordHashProvider.java")
KEYCLOAK = f"{SCRIPT} (Python port of Keycloak Pbkdf2PasswordHashProvider.encodedCredential, {KC_SRC})"
KEYCLOAK_LEGACY = (f"{SCRIPT} (Python port of Keycloak Pbkdf2PasswordHashProvider, written in the deprecated "
                   "CredentialRepresentation layout hashedSaltedValue/salt/hashIterations/algorithm that "
                   "RepresentationToModel still imports)")

cases = []
n_pos = {}
n_neg = {}


def add(form, name, source, pw, phash, expect, error=None, slow=False):
    cases.append(case(name, source, pw, phash, expect, error=error, slow=slow))
    (n_pos if expect == "match" else n_neg)[form] = (n_pos if expect == "match" else n_neg).get(form, 0) + 1


# ---------------------------------------------------------------------------
# Django pbkdf2_sha1, by Django itself.
# BasePasswordHasher.salt() draws 22 chars with get_random_string (secrets); for a deterministic file the
# module's get_random_string is replaced by a seeded draw from the same alphabet.
dj_rng = random.Random(13_000)
dj.get_random_string = lambda n, allowed_chars=dj.RANDOM_STRING_CHARS: "".join(
    dj_rng.choice(allowed_chars) for _ in range(n))


class SHA1Iter(dj.PBKDF2SHA1PasswordHasher):
    """Django's documented way to change the work factor: a subclass with another `iterations`."""

    def __init__(self, iterations):
        self.iterations = iterations


def dj_parse(s):
    alg, it, salt, h = s.split("$")
    assert alg == "pbkdf2_sha1"
    return int(it), salt.encode(), fk.b64d_strict(h)


def dj_ok(pw, s):
    try:
        return dj.check_password(pw, s)
    except (ValueError, TypeError, AssertionError):
        return False


def dj_gen(name, pw, iterations=None, slow=False):
    hasher = dj.PBKDF2SHA1PasswordHasher() if iterations is None else SHA1Iter(iterations)
    s = dj.make_password(pw, hasher=hasher)
    it, salt, key = dj_parse(s)
    assert dj_ok(pw, s) and not dj_ok(pw + "x", s), name
    assert fk.pbkdf2_check("sha1", pw, salt, it, key), name
    add("django", name, DJANGO, pw, s, "match", slow=slow)
    return s


def dj_neg(name, base, pw, s, expect="mismatch", error=None):
    assert not dj_ok(pw, s), name
    if expect == "mismatch":
        it, salt, key = dj_parse(s)
        assert not fk.pbkdf2_check("sha1", pw, salt, it, key), name
    add("django", name, f"{DJANGO}, tampered from {base}", pw, s, expect, error)


PW = "pbkdf2 form password"
DJ1 = dj_gen("django-pbkdf2-sha1-1000", PW, 1000)
dj_gen("django-pbkdf2-sha1-20000-unicode-password", "Ιωαννης пароль 🔑", 20000)
dj_gen("django-pbkdf2-sha1-1000-empty-password", "", 1000)
dj_gen("django-pbkdf2-sha1-1000-long-password", "correct horse battery staple " * 6, 1000)
dj_gen(f"django-pbkdf2-sha1-default-{dj.PBKDF2SHA1PasswordHasher.iterations}-iterations", PW, slow=True)

it1, salt1, key1 = dj_parse(DJ1)
head1 = DJ1.rsplit("$", 1)[0]
B = "django-pbkdf2-sha1-1000"
dj_neg("django-pbkdf2-sha1-wrong-password", B, "pbkdf2 form passwore", DJ1)
dj_neg("django-pbkdf2-sha1-near-miss-trailing-space", B, PW + " ", DJ1)
dj_neg("django-pbkdf2-sha1-near-miss-case", B, PW.upper(), DJ1)
dj_neg("django-pbkdf2-sha1-hash-bit-flipped", B, PW, head1 + "$" + fk.b64(fk.flip(key1, 77)))
dj_neg("django-pbkdf2-sha1-iterations-tampered", B, PW, DJ1.replace("$1000$", "$1001$", 1))
SALT1 = salt1.decode()
dj_neg("django-pbkdf2-sha1-salt-char-changed", B, PW, DJ1.replace("$" + SALT1 + "$",
                                                                   "$" + SALT1[:-1] + ("Z" if SALT1[-1] != "Z"
                                                                                       else "Y") + "$", 1))
dj_neg("django-pbkdf2-sha1-truncated-salt", B, PW, DJ1.replace("$" + salt1.decode() + "$",
                                                                "$" + salt1.decode()[:-1] + "$", 1))
dj_neg("django-pbkdf2-sha1-truncated-hash", B, PW, head1 + "$" + fk.b64(key1[:15]), "error", "invalid_hash")
dj_neg("django-pbkdf2-sha1-missing-hash", B, PW, head1, "error", "invalid_hash")
dj_neg("django-pbkdf2-sha1-iterations-0", B, PW, DJ1.replace("$1000$", "$0$", 1), "error", "param_out_of_range")


# ---------------------------------------------------------------------------
# ASP.NET Core Identity: a port of PasswordHasher.cs
PRF = {0: "sha1", 1: "sha256", 2: "sha512"}


class SeededRng:
    """Stands in for the RandomNumberGenerator handed to PasswordHasher (options.Rng)."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def GetBytes(self, n):
        return bytes(self.r.randrange(256) for _ in range(n))


def key_derivation_pbkdf2(password, salt, prf, iter_count, n):
    """Microsoft.AspNetCore.Cryptography.KeyDerivation.Pbkdf2: UTF-8 password bytes."""
    return hashlib.pbkdf2_hmac(PRF[prf], password.encode("utf-8"), salt, iter_count, n)


def hash_password_v2(password, rng):
    salt = rng.GetBytes(16)
    subkey = key_derivation_pbkdf2(password, salt, 0, 1000, 32)
    return fk.b64(b"\x00" + salt + subkey)


def hash_password_v3(password, rng, prf, iter_count, salt_size, num_bytes):
    salt = rng.GetBytes(salt_size)
    subkey = key_derivation_pbkdf2(password, salt, prf, iter_count, num_bytes)
    return fk.b64(b"\x01" + struct.pack(">III", prf, iter_count, salt_size) + salt + subkey)


def verify_hashed_password(hashed, provided):
    """PasswordHasher.VerifyHashedPassword: True for Success / SuccessRehashNeeded, False for Failed
    (Convert.FromBase64String's FormatException on bad base64 is read as Failed here)."""
    try:
        d = fk.b64d_strict(hashed)
    except ValueError:
        return False
    if not d:
        return False
    if d[0] == 0x00:
        if len(d) != 49:
            return False
        return hmac.compare_digest(key_derivation_pbkdf2(provided, d[1:17], 0, 1000, 32), d[17:])
    if d[0] == 0x01:
        try:
            prf, it, salt_len = struct.unpack(">III", d[1:13])
            if salt_len < 16:
                return False
            salt = d[13:13 + salt_len]
            if len(salt) != salt_len:
                return False  # Buffer.BlockCopy past the end throws: caught, Failed
            sub_len = len(d) - 13 - salt_len
            if sub_len < 16:
                return False
            if prf not in PRF or it < 1 or it > 0x7FFFFFFF:
                return False  # KeyDerivation.Pbkdf2 throws: caught, Failed
            return hmac.compare_digest(key_derivation_pbkdf2(provided, salt, prf, it, sub_len), d[13 + salt_len:])
        except struct.error:
            return False
    return False


def aspnet_params(s):
    d = fk.b64d_strict(s)
    if d[0] == 0:
        return "sha1", d[1:17], 1000, d[17:]
    prf, it, sl = struct.unpack(">III", d[1:13])
    return PRF[prf], d[13:13 + sl], it, d[13 + sl:]


def aspnet_match(name, source, pw, s, slow=False):
    assert verify_hashed_password(s, pw), name
    dg, salt, it, key = aspnet_params(s)
    assert fk.pbkdf2_check(dg, pw, salt, it, key), name
    add("aspnet", name, source, pw, s, "match", slow=slow)


def aspnet_neg(name, source, pw, s, expect="mismatch", error=None):
    assert not verify_hashed_password(s, pw), name
    if expect == "mismatch":
        dg, salt, it, key = aspnet_params(s)
        assert not fk.pbkdf2_check(dg, pw, salt, it, key), name
    add("aspnet", name, source, pw, s, expect, error)


# published strings (aspnetcore PasswordHasherTest.cs; all for "my password")
MYPW = "my password"
ASPNET_PUB = [
    ("aspnet-test-v2-hashpassword-version2", "HashPassword_Version2 (SequentialRandomNumberGenerator salt 00..0f)",
     "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJg=="),
    ("aspnet-test-v3-hashpassword-version3-sha256-10000", "HashPassword_Version3 (SHA256, 10000 iterations)",
     "AQAAAAEAACcQAAAAEAABAgMEBQYHCAkKCwwNDg+yWU7rLgUwPZb1Itsmra7cbxw2EFpwpVFIEtP+JIuUEw=="),
    ("aspnet-test-v2-success-sha1-1000", "VerifyHashedPassword_Version3CompatMode_SuccessCases (V2 payload)",
     "ANXrDknc7fGPpigibZXXZFMX4aoqz44JveK6jQuwY3eH/UyPhvr5xTPeGYEckLxz9A=="),
    ("aspnet-test-v3-success-sha512-50-subkey-16", "VerifyHashedPassword_Version3CompatMode_SuccessCases "
     "(SHA512, 50 iterations, 128-bit salt, 128-bit subkey)",
     "AQAAAAIAAAAyAAAAEOMwvh3+FZxqkdMBz2ekgGhwQ4B6pZWND6zgESBuWiHw"),
    ("aspnet-test-v3-success-sha512-250-salt-32-subkey-64", "VerifyHashedPassword_Version3CompatMode_SuccessCases "
     "(SHA512, 250 iterations, 256-bit salt, 512-bit subkey)",
     "AQAAAAIAAAD6AAAAIJbVi5wbMR+htSfFp8fTw8N8GOS/Sje+S/4YZcgBfU7EQuqv4OkVYmc4VJl9AGZzmRTxSkP7LtVi9IWyUxX8IAAfZ8v+"
     "ZfhjCcudtC1YERSqE1OEdXLW9VukPuJWBBjLuw=="),
    ("aspnet-test-v3-success-sha1-250-subkey-16", "VerifyHashedPassword_Version3CompatMode_SuccessCases "
     "(SHA1, 250 iterations, 128-bit salt, 128-bit subkey)",
     "AQAAAAAAAAD6AAAAEAhftMyfTJylOlZT+eEotFXd1elee8ih5WsjXaR3PA9M"),
    ("aspnet-test-v3-success-sha256-250000-salt-32", "VerifyHashedPassword_Version3CompatMode_SuccessCases "
     "(SHA256, 250000 iterations, 256-bit salt, 256-bit subkey)",
     "AQAAAAEAA9CQAAAAIESkQuj2Du8Y+kbc5lcN/W/3NiAZFEm11P27nrSN5/tId+bR1SwV8CO1Jd72r4C08OLvplNlCDc3oQZ8efcW+jQ="),
]
for name, what, s in ASPNET_PUB:
    aspnet_match(name, f"{ASPNET_TEST} ({what})", MYPW, s)
aspnet_match("aspnet-formats-v3-sha512-100000",
             "shared/reference/formats.md section 3 (ASP.NET Identity v3 row, a string of aspnetcore's "
             "PasswordHasherTest.cs: SHA512, 100000 iterations); re-verified by the PasswordHasher port",
             MYPW, "AQAAAAIAAYagAAAAEAABAgMEBQYHCAkKCwwNDg/Q8A0WMKbtHQJQ2DHCdoEeeFBrgNlldq6vH4qX/CGqGQ==")
# the test's failure cases ("my password" must fail); kinds per hashport's semantics
ASPNET_FAIL = f"{ASPNET_TEST} (VerifyHashedPassword_FailureCases"
aspnet_neg("aspnet-test-v2-fail-incorrect-password", f"{ASPNET_FAIL}, V2 'incorrect password')", MYPW,
           "AAABAgMEBQYHCAkKCwwNDg+uAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALtH1uJg==")
aspnet_neg("aspnet-test-v2-fail-too-short", f"{ASPNET_FAIL}, V2 'too short': a V2 blob is exactly 49 bytes)", MYPW,
           "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggE=", "error", "invalid_hash")
aspnet_neg("aspnet-test-v2-fail-extra-data", f"{ASPNET_FAIL}, V2 'extra data at end': a V2 blob is exactly 49 "
           "bytes)", MYPW, "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJgAAAAAAAAAAAAA=",
           "error", "invalid_hash")
aspnet_neg("aspnet-test-v3-fail-incorrect-password", f"{ASPNET_FAIL}, V3 'incorrect password')", MYPW,
           "AQAAAAAAAAD6AAAAEAhftMyfTJyAAAAAAAAAAAAAAAAAAAih5WsjXaR3PA9M")
aspnet_neg("aspnet-test-v3-fail-too-short", f"{ASPNET_FAIL}, V3 'too short': a 3-byte subkey, under the verifier's "
           "16-byte minimum)", MYPW, "AQAAAAIAAAAyAAAAEOMwvh3+FZxqkdMBz2ekgGhwQ4A=", "error", "invalid_hash")
aspnet_neg("aspnet-test-v3-fail-extra-data", f"{ASPNET_FAIL}, V3 'extra data at end': the subkey is the rest of the "
           "blob, so the longer subkey is derived and differs)", MYPW,
           "AQAAAAIAAAAyAAAAEOMwvh3+FZxqkdMBz2ekgGhwQ4B6pZWND6zgESBuWiHwAAAAAAAAAAAA")

# generated
rng = SeededRng(2_0_1_3)
V2 = hash_password_v2(PW, rng)
aspnet_match("aspnet-v2", ASPNET_V2, PW, V2)
aspnet_match("aspnet-v2-empty-password", ASPNET_V2, "", hash_password_v2("", rng))
aspnet_match("aspnet-v2-unicode-password", ASPNET_V2, "mötley crüe ♫ 日本語 🐦", hash_password_v2("mötley crüe ♫ 日本語 🐦", rng))
V3_256 = hash_password_v3(PW, rng, 1, 10000, 16, 32)
aspnet_match("aspnet-v3-sha256-10000", ASPNET_V3 + " (prf HMACSHA256, 10000 iterations: the pre-.NET 7 default)",
             PW, V3_256)
V3_512 = hash_password_v3(PW, rng, 2, 100000, 16, 32)
aspnet_match("aspnet-v3-sha512-100000", ASPNET_V3 + " (prf HMACSHA512, 100000 iterations: the .NET 7+ default)",
             PW, V3_512)
aspnet_match("aspnet-v3-sha512-10000-empty-password", ASPNET_V3, "", hash_password_v3("", rng, 2, 10000, 16, 32))
aspnet_match("aspnet-v3-sha256-10000-unicode-password", ASPNET_V3, "Ιωαννης пароль 🔑",
             hash_password_v3("Ιωαννης пароль 🔑", rng, 1, 10000, 16, 32))
V3_1 = hash_password_v3(PW, rng, 0, 5000, 16, 20)
aspnet_match("aspnet-v3-sha1-5000-subkey-20", ASPNET_V3 + " (prf HMACSHA1)", PW, V3_1)
aspnet_match("aspnet-v3-sha512-1000-salt-32-subkey-64", ASPNET_V3, PW, hash_password_v3(PW, rng, 2, 1000, 32, 64))
aspnet_match("aspnet-v3-sha256-1000-subkey-48-two-blocks", ASPNET_V3, PW, hash_password_v3(PW, rng, 1, 1000, 16, 48))

# negatives on generated strings
d2 = fk.b64d_strict(V2)
d3 = fk.b64d_strict(V3_256)
d5 = fk.b64d_strict(V3_512)
T2, T3 = f"{ASPNET_V2}, tampered from aspnet-v2", f"{ASPNET_V3}, tampered from aspnet-v3-sha256-10000"
aspnet_neg("aspnet-v2-wrong-password", T2, "pbkdf2 form passwore", V2)
aspnet_neg("aspnet-v2-near-miss-trailing-newline", T2, PW + "\n", V2)
aspnet_neg("aspnet-v2-subkey-bit-flipped", T2, PW, fk.b64(fk.flip(d2, 8 * 48 + 7)))
aspnet_neg("aspnet-v2-salt-bit-flipped", T2, PW, fk.b64(fk.flip(d2, 8 * 1)))
aspnet_neg("aspnet-v2-truncated", T2, PW, fk.b64(d2[:48]), "error", "invalid_hash")
aspnet_neg("aspnet-v3-wrong-password", T3, "pbkdf2 form passwore", V3_256)
aspnet_neg("aspnet-v3-near-miss-one-char", T3, PW[:-1] + "D", V3_256)
aspnet_neg("aspnet-v3-subkey-bit-flipped", T3, PW, fk.b64(fk.flip(d3, 8 * 40)))
aspnet_neg("aspnet-v3-iterations-tampered", T3, PW, fk.b64(d3[:5] + struct.pack(">I", 10001) + d3[9:]))
aspnet_neg("aspnet-v3-prf-tampered-sha512", T3, PW, fk.b64(d3[:1] + struct.pack(">I", 2) + d3[5:]))
aspnet_neg("aspnet-v3-sha512-prf-tampered-sha256", f"{ASPNET_V3}, tampered from aspnet-v3-sha512-100000", PW,
           fk.b64(d5[:1] + struct.pack(">I", 1) + d5[5:]))
aspnet_neg("aspnet-v3-salt-length-17", T3, PW, fk.b64(d3[:9] + struct.pack(">I", 17) + d3[13:]))
aspnet_neg("aspnet-v3-salt-length-15-under-minimum", T3 + " (the verifier requires a salt of at least 16 bytes)",
           PW, fk.b64(d3[:9] + struct.pack(">I", 15) + d3[13:]), "error", "invalid_hash")
aspnet_neg("aspnet-v3-salt-length-past-end", T3, PW, fk.b64(d3[:9] + struct.pack(">I", 200) + d3[13:]),
           "error", "invalid_hash")
aspnet_neg("aspnet-v3-subkey-truncated-to-15", T3 + " (the verifier requires a subkey of at least 16 bytes)",
           PW, fk.b64(d3[:13 + 16 + 15]), "error", "invalid_hash")
aspnet_neg("aspnet-v3-header-truncated", T3, PW, fk.b64(d3[:11]), "error", "invalid_hash")
aspnet_neg("aspnet-v3-prf-3-unknown", T3 + " (no KeyDerivationPrf 3: KeyDerivation.Pbkdf2 throws, Failed)", PW,
           fk.b64(d3[:1] + struct.pack(">I", 3) + d3[5:]), "error", "invalid_hash")
# Without a known marker, hashport cannot tell the blob from a raw base64 hash that lacks its
# config, and asks for the config (invalid_config): still never a match.
aspnet_neg("aspnet-format-marker-2-unknown", T3 + " (format marker 0x02: Failed)", PW, fk.b64(b"\x02" + d3[1:]),
           "error", "invalid_config")
aspnet_neg("aspnet-v3-iterations-0", T3 + " (KeyDerivation.Pbkdf2 throws on 0 iterations: Failed)", PW,
           fk.b64(d3[:5] + struct.pack(">I", 0) + d3[9:]), "error", "param_out_of_range")
aspnet_neg("aspnet-v3-bad-base64", T3, PW, V3_256[:10] + "*" + V3_256[11:], "error", "invalid_hash")
# the subkey length is whatever follows the salt, and PBKDF2's output is a prefix stream: the producer's own
# verifier accepts a V3 blob whose subkey was cut to 16 bytes (its minimum)
cut = fk.b64(d3[:13 + 16 + 16])
assert verify_hashed_password(cut, PW)
aspnet_match("aspnet-v3-subkey-cut-to-16-still-verifies",
             T3 + " (subkey cut to 16 bytes: VerifyHashedPasswordV3 derives len(rest) bytes and returns Success)",
             PW, cut)


# ---------------------------------------------------------------------------
# Keycloak credential JSON
KC_ALG = {"pbkdf2": "sha1", "pbkdf2-sha256": "sha256", "pbkdf2-sha512": "sha512"}
kc_rng = random.Random(24_0)


def kc_encode(raw_password, iterations, salt, key_bits, alg):
    """Pbkdf2PasswordHashProvider.encodedCredential: NUL-pad to 14 chars, PBEKeySpec (UTF-8), Base64.encodeBytes."""
    padded = raw_password + "\0" * max(0, 14 - len(raw_password.encode("utf-16-le")) // 2)
    return fk.b64(hashlib.pbkdf2_hmac(KC_ALG[alg], padded.encode("utf-8"), salt, iterations, key_bits // 8))


def kc_credential(value, salt, iterations, alg, extra=None, pretty=False, with_type=True):
    secret = json.dumps({"value": value, "salt": fk.b64(salt), "additionalParameters": {}}, separators=(",", ":"))
    cred = json.dumps({"hashIterations": iterations, "algorithm": alg, "additionalParameters": {}},
                      separators=(",", ":"))
    obj = dict(extra or {})
    if with_type:
        obj.setdefault("type", "password")
    obj["secretData"] = secret
    obj["credentialData"] = cred
    if pretty:  # Jackson's default pretty printer, as in a realm export file
        return json.dumps(obj, indent=2, ensure_ascii=False).replace('": ', '" : ')
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def kc_legacy(value, salt, iterations, alg, full=False):
    if full:  # Keycloak 4-9 realm export element
        obj = {"type": "password", "hashedSaltedValue": value, "salt": fk.b64(salt), "hashIterations": iterations,
               "counter": 0, "algorithm": alg, "digits": 0, "period": 0, "createdDate": 1559306131000, "config": {}}
    else:  # the four members of the task brief's layout
        obj = {"hashedSaltedValue": value, "salt": fk.b64(salt), "hashIterations": iterations, "algorithm": alg}
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def kc_read(s):
    """The values the provider's verify() uses, from either layout."""
    o = json.loads(s)
    if o.get("type", "password") != "password":
        raise ValueError("not a password credential")
    if "secretData" in o:
        sd, cd = json.loads(o["secretData"]), json.loads(o["credentialData"])
        return sd["value"], fk.b64d_strict(sd["salt"]), cd["hashIterations"], cd["algorithm"]
    return o["hashedSaltedValue"], fk.b64d_strict(o["salt"]), o["hashIterations"], o["algorithm"]


def kc_verify(pw, s):
    """Pbkdf2PasswordHashProvider.verify: re-encode with keySize = 8 * len(decoded value), compare strings."""
    try:
        value, salt, it, alg = kc_read(s)
        if alg not in KC_ALG or it < 1:
            return False
        return kc_encode(pw, it, salt, 8 * len(fk.b64d_strict(value)), alg) == value
    except (ValueError, KeyError, TypeError):
        return False


def kc_match(name, source, pw, s, slow=False):
    assert kc_verify(pw, s), name
    value, salt, it, alg = kc_read(s)
    key = fk.b64d_strict(value)
    assert fk.pbkdf2_check(KC_ALG[alg], pw, salt, it, key), name  # unpadded password: same HMAC key
    add("keycloak", name, source, pw, s, "match", slow=slow)


def kc_neg(name, source, pw, s, expect="mismatch", error=None):
    assert not kc_verify(pw, s), name
    if expect == "mismatch":
        value, salt, it, alg = kc_read(s)
        assert not fk.pbkdf2_check(KC_ALG[alg], pw, salt, it, fk.b64d_strict(value)), name
    add("keycloak", name, source, pw, s, expect, error)


def kc_gen(name, pw, alg, iterations, key_bits=512, layout="current", extra=None, pretty=False, slow=False,
           note="", with_type=True):
    salt = bytes(kc_rng.randrange(256) for _ in range(16))
    value = kc_encode(pw, iterations, salt, key_bits, alg)
    if layout == "current":
        s, src = kc_credential(value, salt, iterations, alg, extra, pretty, with_type), KEYCLOAK
    else:
        s, src = kc_legacy(value, salt, iterations, alg, full=layout == "legacy-full"), KEYCLOAK_LEGACY
    kc_match(name, src + note, pw, s, slow=slow)
    return s, value, salt


# published: the verified admin-API sample quoted in exporters.md section 5 (JSON strings with spaces)
KC_PUB = ('{"credentialData":"{\\"hashIterations\\": 27500,\\"algorithm\\": \\"pbkdf2-sha256\\"}",'
          '"secretData":"{\\"salt\\": \\"x/bm4Y3DcuV9eU97ervkPA==\\",\\"value\\": '
          '\\"1u7BLvfSPxQFpwc5jpGSA+88EGl9pZYKhaZ8YPIu9N4=\\"}","type":"password"}')
KC_PUB_SRC = ("https://dev.to/oskarspakers/import-pbkdf2-hashed-user-passwords-into-keycloak-571m, quoted in "
              "shared/reference/exporters.md section 5 (PBKDF2-HMAC-SHA256(admin, 27500, 32 bytes))")
kc_match("keycloak-published-admin-api-sample-sha256-27500", KC_PUB_SRC, "admin", KC_PUB)
kc_neg("keycloak-published-admin-api-sample-wrong-password", KC_PUB_SRC, "Admin", KC_PUB)

KPW = "keycloak password"
KC256, KC256_V, KC256_S = kc_gen("keycloak-pbkdf2-sha256-27500", KPW, "pbkdf2-sha256", 27500,
                                 note=" (27500 iterations, 512-bit key: the pre-24 defaults)")
kc_gen("keycloak-pbkdf2-sha512-210000", KPW, "pbkdf2-sha512", 210000, slow=True,
       note=" (210000 iterations: the Keycloak 24+ pbkdf2-sha512 default)")
KC1, KC1_V, KC1_S = kc_gen("keycloak-pbkdf2-sha1-20000", KPW, "pbkdf2", 20000)
kc_gen("keycloak-pbkdf2-sha256-1000-key-32", KPW, "pbkdf2-sha256", 1000, key_bits=256)
kc_gen("keycloak-pbkdf2-sha512-1000-key-128", KPW, "pbkdf2-sha512", 1000, key_bits=1024)
kc_gen("keycloak-pbkdf2-sha256-1000-short-password-padded", "ab", "pbkdf2-sha256", 1000,
       note=" (a 2-char password, NUL-padded to 14 chars by the provider)")
kc_gen("keycloak-pbkdf2-sha256-1000-unicode-password", "Ιωαννης пароль 🔑", "pbkdf2-sha256", 1000)
kc_gen("keycloak-pbkdf2-sha512-1000-long-password", "correct horse battery staple " * 6, "pbkdf2-sha512", 1000)
kc_gen("keycloak-pbkdf2-sha256-1000-realm-export-element", KPW, "pbkdf2-sha256", 1000,
       extra={"id": "5f1c2a7e-1b8c-4f6e-9d3a-0c2b7e9a4d11", "type": "password", "userLabel": "My password",
              "createdDate": 1716212345678}, pretty=True,
       note=" (a credentials[] element of a realm export, pretty-printed as Jackson writes it)")
kc_gen("keycloak-pbkdf2-sha256-1000-no-type", KPW, "pbkdf2-sha256", 1000, with_type=False,
       note=" (without the 'type' member: the layout of the task brief)")
KCL, KCL_V, KCL_S = kc_gen("keycloak-legacy-pbkdf2-sha256-27500", KPW, "pbkdf2-sha256", 27500, layout="legacy")
kc_gen("keycloak-legacy-pbkdf2-1000-realm-export-element", KPW, "pbkdf2", 1000, layout="legacy-full",
       note=" (Keycloak 4-9 realm export element: counter/digits/period/createdDate/config)")
kc_gen("keycloak-legacy-pbkdf2-sha512-1000-unicode-password", "mötley crüe ♫", "pbkdf2-sha512", 1000,
       layout="legacy")


T = f"{KEYCLOAK}, tampered from keycloak-pbkdf2-sha256-27500"
TL = f"{KEYCLOAK_LEGACY}, tampered from keycloak-legacy-pbkdf2-sha256-27500"
kv = fk.b64d_strict(KC256_V)
kc_neg("keycloak-wrong-password", T, "keycloak passwore", KC256)
kc_neg("keycloak-near-miss-trailing-space", T, KPW + " ", KC256)
# HMAC zero-pads a key shorter than its block, so a password that differs only by trailing NULs gives the same
# PBKDF2 key (this is also why the provider's NUL padding changes nothing); the provider accepts it
kc_match("keycloak-trailing-nul-same-hmac-key", T + " (password + NUL: HMAC zero-pads keys shorter than the block)",
         KPW + "\0", KC256)
kc_neg("keycloak-near-miss-case", T, KPW.title(), KC256)
kc_neg("keycloak-value-bit-flipped", T, KPW, kc_credential(fk.b64(fk.flip(kv, 300)), KC256_S, 27500, "pbkdf2-sha256"))
kc_neg("keycloak-iterations-tampered", T, KPW, kc_credential(KC256_V, KC256_S, 27501, "pbkdf2-sha256"))
kc_neg("keycloak-algorithm-tampered-sha512", T, KPW, kc_credential(KC256_V, KC256_S, 27500, "pbkdf2-sha512"))
kc_neg("keycloak-algorithm-tampered-sha1", T, KPW, kc_credential(KC256_V, KC256_S, 27500, "pbkdf2"))
kc_neg("keycloak-salt-bit-flipped", T, KPW, kc_credential(KC256_V, fk.flip(KC256_S, 5), 27500, "pbkdf2-sha256"))
kc_neg("keycloak-salt-truncated", T, KPW, kc_credential(KC256_V, KC256_S[:15], 27500, "pbkdf2-sha256"))
# keySize is 8 * len(decoded value) and PBKDF2 output is a prefix stream: a value cut at a byte boundary
# (re-encoded) still verifies in the provider, as the 32-byte values seen in the wild do
cut = kc_credential(fk.b64(kv[:32]), KC256_S, 27500, "pbkdf2-sha256")
kc_match("keycloak-value-cut-to-32-bytes-still-verifies",
         T + " (value cut to its first 32 bytes: verify() derives 8*len(value) bits)", KPW, cut)
kc_neg("keycloak-value-string-truncated", T + " (two base64 characters cut: not valid base64)", KPW,
       kc_credential(KC256_V[:-4] + KC256_V[-2:], KC256_S, 27500, "pbkdf2-sha256"), "error", "invalid_hash")
kc_neg("keycloak-secretdata-not-json", T, KPW,
       json.dumps({"type": "password", "secretData": "{\"value\":\"" + KC256_V,
                   "credentialData": json.loads(KC256)["credentialData"]}, separators=(",", ":")),
       "error", "invalid_hash")
kc_neg("keycloak-credentialdata-missing", T, KPW,
       json.dumps({"type": "password", "secretData": json.loads(KC256)["secretData"]}, separators=(",", ":")),
       "error", "invalid_hash")
kc_neg("keycloak-iterations-missing", T, KPW, KC256.replace('\\"hashIterations\\":27500,', ""), "error",
       "invalid_hash")
kc_neg("keycloak-iterations-0", T, KPW, kc_credential(KC256_V, KC256_S, 0, "pbkdf2-sha256"), "error",
       "param_out_of_range")
kc_neg("keycloak-algorithm-pbkdf2-sha384-unsupported", T + " (Keycloak has a pbkdf2-sha384 provider; hashport "
       "takes SHA-1/256/512 only)", KPW, kc_credential(KC256_V, KC256_S, 27500, "pbkdf2-sha384"), "error",
       "unsupported")
kc_neg("keycloak-not-a-password-credential", T + " (type otp)", KPW,
       kc_credential(KC256_V, KC256_S, 27500, "pbkdf2-sha256", extra={"type": "otp"}), "error", "invalid_hash")
klv = fk.b64d_strict(KCL_V)
kc_neg("keycloak-legacy-wrong-password", TL, "keycloak passwore", KCL)
kc_neg("keycloak-legacy-value-bit-flipped", TL, KPW, kc_legacy(fk.b64(fk.flip(klv, 0)), KCL_S, 27500, "pbkdf2-sha256"))
kc_neg("keycloak-legacy-iterations-tampered", TL, KPW, kc_legacy(KCL_V, KCL_S, 27000, "pbkdf2-sha256"))
kc_neg("keycloak-legacy-salt-truncated", TL, KPW, kc_legacy(KCL_V, KCL_S[:12], 27500, "pbkdf2-sha256"))
kc_neg("keycloak-legacy-salt-missing", TL, KPW,
       json.dumps({"hashedSaltedValue": KCL_V, "hashIterations": 27500, "algorithm": "pbkdf2-sha256"},
                  separators=(",", ":")), "error", "invalid_hash")

# ---------------------------------------------------------------------------
for form in sorted(set(n_pos) | set(n_neg)):
    print(f"{form}: {n_pos.get(form, 0)} positive, {n_neg.get(form, 0)} negative")
doc = {
    "type": "pbkdf2",
    "description": (
        "Producer spellings of PBKDF2, without a config: Django pbkdf2_sha1$<iter>$<salt text>$<b64> (written by "
        f"Django {DJ_VERSION}'s PBKDF2SHA1PasswordHasher, re-checked with its check_password); ASP.NET Core Identity "
        "v2/v3 base64 blobs (a port of Microsoft's PasswordHasher.cs, plus aspnetcore's PasswordHasherTest.cs "
        "strings); Keycloak password credentials as JSON text, current secretData/credentialData layout and the "
        "legacy hashedSaltedValue layout (a port of Keycloak's Pbkdf2PasswordHashProvider, plus the admin-API "
        "sample quoted in exporters.md). Every positive case is re-checked with the producer's verify and with "
        "two independent PBKDF2 implementations."
    ),
    "cases": cases,
}
write(OUT, doc, ensure_ascii=False)
