#!/usr/bin/env python3
"""Generate vectors/pbkdf2.json.

Run from the repository root:  python vectors/gen/gen_pbkdf2.py

Forms covered: PHC ($pbkdf2[-sha256|-sha512]$i=..,l=..$salt$hash), passlib MCF ($pbkdf2[-sha*]$rounds$ab64$ab64),
Django (pbkdf2_sha256$iter$salt text$b64), Werkzeug (pbkdf2:sha256:iter$salt text$hex) and a raw derived key
with a JSON config ({digest, iterations, salt, saltEncoding, keyLen, hashEncoding}).

Published vectors (RFC 6070, RFC 7914 section 11, Werkzeug, passlib, Django, Kratos) are embedded with their
sources; Werkzeug-form strings are written by werkzeug.security.generate_password_hash (version pinned in
requirements.txt) and re-checked with its check_password_hash; other cases are computed here with Python's
hashlib.pbkdf2_hmac (OpenSSL). Every positive case is recomputed with hashlib.pbkdf2_hmac before the file is
written. Output is deterministic.
"""
import base64
import hashlib
import importlib.metadata
import json
import os
import random

import werkzeug.security

from vecfile import case, write

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pbkdf2.json")

GEN = "vectors/gen/gen_pbkdf2.py (Python hashlib.pbkdf2_hmac, OpenSSL)"
RFC6070 = "RFC 6070 section 2"
RFC7914 = "RFC 7914 section 11"
WERKZEUG = ("https://github.com/pallets/werkzeug/blob/07515734363cf3a408df5661aef3d798cf4de37e/tests/test_security.py "
            "(test_pbkdf2, pbkdf2_hex)")
PASSLIB = ("passlib 1.7.4 (PyPI wheel; upstream https://foss.heptapod.net/python-libs/passlib): "
           "passlib/tests/test_handlers_pbkdf2.py known_correct_hashes")
PASSLIB_DJ = ("passlib 1.7.4 (PyPI wheel; upstream https://foss.heptapod.net/python-libs/passlib): "
              "passlib/tests/test_handlers_django.py known_correct_hashes (generated via Django 1.4 hasher)")
DJANGO = ("https://github.com/django/django/blob/02dbf1667c6da61ea9346f7c9f174a158b896811/tests/auth_tests/"
          "test_hashers.py")
KRATOS = ("ory/kratos hash/hasher_test.go, shared/reference/formats.md section 3 (PHC row); "
          "re-verified by vectors/gen/gen_pbkdf2.py (hashlib.pbkdf2_hmac)")
DJANGO_1M = ("shared/reference/formats.md section 3 (Django row); "
             "re-verified by vectors/gen/gen_pbkdf2.py (hashlib.pbkdf2_hmac)")

DIGEST_SIZE = {"sha1": 20, "sha256": 32, "sha512": 64}


def b64(b, url=False, pad=True):
    s = (base64.urlsafe_b64encode(b) if url else base64.b64encode(b)).decode()
    return s if pad else s.rstrip("=")


def b64d(s):
    s = s.replace("-", "+").replace("_", "/").replace(".", "+")
    return base64.b64decode(s + "=" * (-len(s) % 4), validate=True)


def ab64(b):
    return b64(b, pad=False).replace("+", ".")


def flip(b, bit=0):
    a = bytearray(b)
    a[bit // 8] ^= 1 << (bit % 8)
    return bytes(a)


def cfg(digest, iterations, salt, **extra):
    d = {"digest": digest, "iterations": iterations, "salt": salt}
    d.update(extra)
    return json.dumps(d, separators=(",", ":"), ensure_ascii=False)


cases = []
checks = []


def add(name, source, pw, phash, config, expect, error=None, slow=False, typ=None):
    cases.append(case(name, source, pw, phash, expect, config=config, error=error, slow=slow, typ=typ))


def add_match(name, source, pw, phash, config, digest, salt, iterations, dk, slow=False):
    checks.append((name, pw.encode() if isinstance(pw, str) else pw, digest, salt, iterations, dk, slow))
    add(name, source, pw, phash, config, "match", slow=slow)


def pbkdf2(digest, pw, salt, it, n=None):
    pw = pw.encode() if isinstance(pw, str) else pw
    return hashlib.pbkdf2_hmac(digest, pw, salt, it, n or DIGEST_SIZE[digest])


# ---------------------------------------------------------------------------
# RFC 6070 (SHA-1) as raw config records: hash hex, salt as UTF-8 text (or hex when it contains NUL)
RFC6070_VECTORS = [
    ("1", "password", "salt", 1, 20, "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
    ("2", "password", "salt", 2, 20, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
    ("3", "password", "salt", 4096, 20, "4b007901b765489abead49d926f721d065a429c1"),
    ("4", "password", "salt", 16777216, 20, "eefe3d61cd4da4e4e9945b3d6ba2158c2634e984"),
    ("5", "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25,
     "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"),
    ("6", "pass\x00word", "sa\x00lt", 4096, 16, "56fa6aa75548099dcc37d7f03425e0c3"),
]
for vid, P, S, c, dklen, dk in RFC6070_VECTORS:
    src = f"{RFC6070}, test case {vid}"
    extra = {}
    if dklen != 20:
        extra["keyLen"] = dklen
    if "\x00" in S:
        salt_field, extra["saltEncoding"] = S.encode().hex(), "hex"
    else:
        salt_field = S
    config = cfg("sha1", c, salt_field, **extra)
    if c > 10_000_000:
        add(f"rfc6070-{vid}-c{c}-over-iteration-limit", src, P, dk, config, "error", "param_out_of_range")
        continue
    add_match(f"rfc6070-{vid}-c{c}-dklen{dklen}", src, P, dk, config, "sha1", S.encode(), c, bytes.fromhex(dk))
dk1 = bytes.fromhex(RFC6070_VECTORS[0][5])
add_match("rfc6070-1-base64-hash", f"{RFC6070}, test case 1", "password", b64(dk1), cfg("sha1", 1, "salt"),
          "sha1", b"salt", 1, dk1)
add_match("rfc6070-1-hash-uppercase-hex", f"{RFC6070}, test case 1", "password", dk1.hex().upper(),
          cfg("sha1", 1, "salt"), "sha1", b"salt", 1, dk1)
add_match("rfc6070-3-hashencoding-hex-explicit", f"{RFC6070}, test case 3", "password", RFC6070_VECTORS[2][5],
          cfg("sha1", 4096, "salt", hashEncoding="hex"), "sha1", b"salt", 4096, bytes.fromhex(RFC6070_VECTORS[2][5]))
add_match("rfc6070-3-saltencoding-base64", f"{RFC6070}, test case 3", "password", RFC6070_VECTORS[2][5],
          cfg("sha1", 4096, b64(b"salt"), saltEncoding="base64"), "sha1", b"salt", 4096,
          bytes.fromhex(RFC6070_VECTORS[2][5]))
add("rfc6070-2-wrong-password", f"{RFC6070}, test case 2", "passwore", RFC6070_VECTORS[1][5], cfg("sha1", 2, "salt"),
    "mismatch")
add("rfc6070-2-iterations-tampered", f"{RFC6070}, test case 2", "password", RFC6070_VECTORS[1][5],
    cfg("sha1", 3, "salt"), "mismatch")
add("rfc6070-2-digest-tampered-sha256-with-keylen", f"{RFC6070}, test case 2", "password", RFC6070_VECTORS[1][5],
    cfg("sha256", 2, "salt", keyLen=20), "mismatch")
add("rfc6070-6-password-without-nul", f"{RFC6070}, test case 6", "password", RFC6070_VECTORS[5][5],
    cfg("sha1", 4096, "7361006c74", keyLen=16, saltEncoding="hex"), "mismatch")
add("rfc6070-5-without-keylen-no-reading-fits", f"{RFC6070}, test case 5", RFC6070_VECTORS[4][1],
    RFC6070_VECTORS[4][5], cfg("sha1", 4096, RFC6070_VECTORS[4][2]), "error", "invalid_hash")

# RFC 7914 section 11 (SHA-256), dkLen 64
RFC7914_VECTORS = [
    ("1", "passwd", "salt", 1, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                                "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
    ("2", "Password", "NaCl", 80000, "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                                      "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
]
for vid, P, S, c, dk in RFC7914_VECTORS:
    add_match(f"rfc7914-s11-{vid}-c{c}", f"{RFC7914}, vector {vid}", P, dk, cfg("sha256", c, S, keyLen=64),
              "sha256", S.encode(), c, bytes.fromhex(dk))
add("rfc7914-s11-1-without-keylen-no-reading-fits", f"{RFC7914}, vector 1", "passwd", RFC7914_VECTORS[0][4],
    cfg("sha256", 1, "salt"), "error", "invalid_hash")
add_match("rfc7914-s11-1-first-32-bytes-no-keylen", f"{RFC7914}, vector 1 (first 32 bytes of the 64-byte output)",
          "passwd", RFC7914_VECTORS[0][4][:64], cfg("sha256", 1, "salt"), "sha256", b"salt", 1,
          bytes.fromhex(RFC7914_VECTORS[0][4][:64]))
add("rfc7914-s11-1-keylen-tampered", f"{RFC7914}, vector 1", "passwd", RFC7914_VECTORS[0][4],
    cfg("sha256", 1, "salt", keyLen=32), "error", "invalid_hash")

# Werkzeug pbkdf2_hex vectors
WERKZEUG_VECTORS = [
    ("01", "password", "salt", 1, 32, "sha256", "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
    ("02", "password", "salt", 2, 32, "sha256", "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
    ("03", "password", "salt", 4096, 20, "sha256", "c5e478d59288c841aa530db6845c4c8d962893a0"),
    ("04", "password", "ATHENA.MIT.EDUraeburn", 1, 16, "sha1", "cdedb5281bb2f801565a1122b2563515"),
    ("05", "password", "ATHENA.MIT.EDUraeburn", 1, 32, "sha1",
     "cdedb5281bb2f801565a1122b25635150ad1f7a04bb9f3a333ecc0e2e1f70837"),
    ("06", "password", "ATHENA.MIT.EDUraeburn", 2, 16, "sha1", "01dbee7f4a9e243e988b62c73cda935d"),
    ("07", "password", "ATHENA.MIT.EDUraeburn", 2, 32, "sha1",
     "01dbee7f4a9e243e988b62c73cda935da05378b93244ec8f48a99e61ad799d86"),
    ("08", "password", "ATHENA.MIT.EDUraeburn", 1200, 32, "sha1",
     "5c08eb61fdf71e4e4ec3cf6ba1f5512ba7e52ddbc5e5142f708a31e2e62b1e13"),
    ("09", "X" * 64, "pass phrase equals block size", 1200, 32, "sha1",
     "139c30c0966bc32ba55fdbf212530ac9c5ec59f1a452f5cc9ad940fea0598ed1"),
    ("10", "X" * 65, "pass phrase exceeds block size", 1200, 32, "sha1",
     "9ccad6d468770cd51b10e6a68721be611a8b4d282601db3b36be9246915ec82a"),
]
for vid, P, S, c, kl, dg, dk in WERKZEUG_VECTORS:
    extra = {} if kl == DIGEST_SIZE[dg] else {"keyLen": kl}
    add_match(f"werkzeug-pbkdf2-hex-{vid}-{dg}-c{c}-len{kl}", f"{WERKZEUG}, vector {vid}", P, dk,
              cfg(dg, c, S, **extra), dg, S.encode(), c, bytes.fromhex(dk))

# ---------------------------------------------------------------------------
# Werkzeug's string form, written by Werkzeug itself:
# pbkdf2:<digest>:<iterations>$<salt text>$<lowercase hex of a digest-size key>.
# generate_password_hash draws its salt with `secrets`; for a deterministic file,
# its gen_salt is replaced by a seeded draw from Werkzeug's own SALT_CHARS.
WZ_VERSION = importlib.metadata.version("werkzeug")
WZ = f"vectors/gen/gen_pbkdf2.py (Werkzeug {WZ_VERSION} generate_password_hash)"
wz_rng = random.Random(1_000_000)
werkzeug.security.gen_salt = lambda n: "".join(wz_rng.choice(werkzeug.security.SALT_CHARS) for _ in range(n))
WZ_PW = "werkzeug test password"


def wz_check(s, pw):
    """check_password_hash, with Werkzeug's exceptions (bad iterations, unknown digest) read as no match."""
    try:
        return werkzeug.security.check_password_hash(s, pw)
    except ValueError:
        return False


def parse_werkzeug(s):
    method, salt, h = s.split("$")
    _, dg, it = method.split(":")
    return dg, int(it), salt.encode(), bytes.fromhex(h)


def wz_gen(name, method, pw=WZ_PW, salt_length=16, slow=False):
    s = werkzeug.security.generate_password_hash(pw, method=method, salt_length=salt_length)
    assert wz_check(s, pw) and not wz_check(s, pw + "x"), name
    dg, it, salt, h = parse_werkzeug(s)
    assert s.split("$")[2] == h.hex() and len(h) == DIGEST_SIZE[dg], name
    add_match(name, WZ, pw, s, None, dg, salt, it, h, slow=slow)
    return s


def wz_neg(name, base, pw, s, expect, error=None):
    assert not wz_check(s, pw), name
    add(name, f"{WZ}, tampered from {base}", pw, s, None, expect, error)


WZ1 = wz_gen("gen-werkzeug-sha1-1000", "pbkdf2:sha1:1000")
WZ256 = wz_gen("gen-werkzeug-sha256-1000", "pbkdf2:sha256:1000")
WZ512 = wz_gen("gen-werkzeug-sha512-1000", "pbkdf2:sha512:1000")
wz_gen("gen-werkzeug-sha1-10000-unicode-password", "pbkdf2:sha1:10000", pw="Ιωαννης пароль 🔑")
wz_gen("gen-werkzeug-sha256-50000", "pbkdf2:sha256:50000")
wz_gen("gen-werkzeug-sha512-20000", "pbkdf2:sha512:20000")
wz_gen("gen-werkzeug-sha256-empty-password", "pbkdf2:sha256:1000", pw="")
wz_gen("gen-werkzeug-sha256-unicode-password", "pbkdf2:sha256:1000", pw="mötley crüe ♫ 日本語 🐦")
# longer than the HMAC block (64 bytes for SHA-1/256, 128 for SHA-512): the key is hashed first
wz_gen("gen-werkzeug-sha256-long-password", "pbkdf2:sha256:1000", pw="correct horse battery staple " * 10)
wz_gen("gen-werkzeug-sha512-long-password", "pbkdf2:sha512:1000", pw="correct horse battery staple " * 10)
wz_gen("gen-werkzeug-sha256-salt-length-1", "pbkdf2:sha256:1000", salt_length=1)
wz_gen("gen-werkzeug-sha256-salt-length-32", "pbkdf2:sha256:1000", salt_length=32)
# Werkzeug's default: "pbkdf2:sha256" is written with its iteration count spelled out
WZ_DEF = wz_gen(f"gen-werkzeug-sha256-default-{werkzeug.security.DEFAULT_PBKDF2_ITERATIONS}-iterations",
                "pbkdf2:sha256", slow=True)
assert WZ_DEF.startswith(f"pbkdf2:sha256:{werkzeug.security.DEFAULT_PBKDF2_ITERATIONS}$")
# check_password_hash also reads a method without iterations as DEFAULT_PBKDF2_ITERATIONS
WZ_NOIT = WZ_DEF.replace(f":{werkzeug.security.DEFAULT_PBKDF2_ITERATIONS}$", "$", 1)
assert wz_check(WZ_NOIT, WZ_PW) and not wz_check(WZ_NOIT, WZ_PW + "x")
# hashport refuses to guess it: the default has changed between Werkzeug
# versions (150000, 260000, 600000, 1000000), and no version writes this form.
add("gen-werkzeug-sha256-iterations-omitted",
    f"{WZ}, with ':{werkzeug.security.DEFAULT_PBKDF2_ITERATIONS}' removed: check_password_hash reads "
    f"pbkdf2:sha256 without iterations as its current DEFAULT_PBKDF2_ITERATIONS; hashport does not guess "
    f"a default that changed across versions",
    WZ_PW, WZ_NOIT, None, "error", "invalid_hash")

B256 = "gen-werkzeug-sha256-1000"
WZ256_METHOD, WZ256_SALT, WZ256_HEX = WZ256.split("$")
WZ256_TAIL = f"${WZ256_SALT}${WZ256_HEX}"
wz_neg("gen-werkzeug-sha256-wrong-password", B256, "pbkdf2 test password", WZ256, "mismatch")
wz_neg("gen-werkzeug-sha256-near-miss-one-char", B256, WZ_PW[:-1] + "e", WZ256, "mismatch")
wz_neg("gen-werkzeug-sha256-near-miss-trailing-space", B256, WZ_PW + " ", WZ256, "mismatch")
wz_neg("gen-werkzeug-sha256-near-miss-empty", B256, "", WZ256, "mismatch")


def flip_hex(s, i):
    return s[:i] + format(int(s[i], 16) ^ 1, "x") + s[i + 1:]


wz_neg("gen-werkzeug-sha256-hex-digit-flipped", B256, WZ_PW, f"{WZ256_METHOD}${WZ256_SALT}${flip_hex(WZ256_HEX, 17)}",
       "mismatch")
m512, s512, h512 = WZ512.split("$")
wz_neg("gen-werkzeug-sha512-hex-digit-flipped", "gen-werkzeug-sha512-1000", WZ_PW, f"{m512}${s512}${flip_hex(h512, 127)}",
       "mismatch")
m1, s1, h1 = WZ1.split("$")
wz_neg("gen-werkzeug-sha1-hex-digit-flipped", "gen-werkzeug-sha1-1000", WZ_PW, f"{m1}${s1}${flip_hex(h1, 0)}",
       "mismatch")
wz_neg("gen-werkzeug-sha256-iterations-tampered", B256, WZ_PW, "pbkdf2:sha256:1001" + WZ256_TAIL, "mismatch")
wz_neg("gen-werkzeug-sha256-salt-tampered", B256, WZ_PW,
       f"{WZ256_METHOD}${WZ256_SALT[:-1]}{'a' if WZ256_SALT[-1] != 'a' else 'b'}${WZ256_HEX}", "mismatch")
wz_neg("gen-werkzeug-sha256-salt-truncated", B256, WZ_PW, f"{WZ256_METHOD}${WZ256_SALT[:-1]}${WZ256_HEX}", "mismatch")
# the hex must be the digest's full output: shorter or longer is malformed, not a prefix match
wz_neg("gen-werkzeug-sha256-truncated-hash", B256, WZ_PW, WZ256[:-2], "error", "invalid_hash")
wz_neg("gen-werkzeug-sha256-truncated-hash-odd-length", B256, WZ_PW, WZ256[:-1], "error", "invalid_hash")
wz_neg("gen-werkzeug-sha256-relabelled-sha512", B256, WZ_PW, "pbkdf2:sha512:1000" + WZ256_TAIL, "error",
       "invalid_hash")
wz_neg("gen-werkzeug-sha1-relabelled-sha256", "gen-werkzeug-sha1-1000", WZ_PW, f"pbkdf2:sha256:1000${s1}${h1}",
       "error", "invalid_hash")
wz_neg("gen-werkzeug-sha256-bad-hex", B256, WZ_PW, WZ256[:-2] + "zz", "error", "invalid_hash")
wz_neg("gen-werkzeug-missing-hash", B256, WZ_PW, f"{WZ256_METHOD}${WZ256_SALT}", "error", "invalid_hash")
wz_neg("gen-werkzeug-sha256-iterations-0", B256, WZ_PW, "pbkdf2:sha256:0" + WZ256_TAIL, "error", "param_out_of_range")
wz_neg("gen-werkzeug-sha256-iterations-10000001", B256, WZ_PW, "pbkdf2:sha256:10000001" + WZ256_TAIL, "error",
       "param_out_of_range")
wz_neg("gen-werkzeug-sha256-iterations-hex", B256, WZ_PW, "pbkdf2:sha256:0x3e8" + WZ256_TAIL, "error", "invalid_hash")
wz_neg("gen-werkzeug-sha256-iterations-empty", B256, WZ_PW, "pbkdf2:sha256:" + WZ256_TAIL, "error", "invalid_hash")
# Werkzeug itself accepts any hashlib digest: this md5 record is valid there, but hashport declines md5
WZMD5 = werkzeug.security.generate_password_hash(WZ_PW, method="pbkdf2:md5:1000", salt_length=16)
assert wz_check(WZMD5, WZ_PW) and WZMD5.startswith("pbkdf2:md5:1000$")
assert WZMD5.split("$")[2] == hashlib.pbkdf2_hmac("md5", WZ_PW.encode(), WZMD5.split("$")[1].encode(), 1000).hex()
add("gen-werkzeug-md5-unsupported", f"{WZ} (method pbkdf2:md5:1000; Werkzeug's check_password_hash accepts it)",
    WZ_PW, WZMD5, None, "error", "unsupported")

# ---------------------------------------------------------------------------
# PHC strings published by Kratos
KRATOS_VECTORS = [
    ("sha256", "$pbkdf2-sha256$i=100000,l=32$1jP+5Zxpxgtee/iPxGgOz0RfE9/KJuDElP1ley4VxXc$"
               "QJxzfvdbHYBpydCbHoFg3GJEqMFULwskiuqiJctoYpI"),
    ("sha512", "$pbkdf2-sha512$i=100000,l=32$bdHBpn7OWOivJMVJypy2UqR0UnaD5prQXRZevj/05YU$"
               "+wArTfv1a+bNGO1iZrmEdVjhA+lL11wF4/IxpgYfPwc"),
]


def parse_phc(s):
    _, ident, params, salt, h = s.split("$")
    digest = {"pbkdf2": "sha1", "pbkdf2-sha256": "sha256", "pbkdf2-sha512": "sha512"}[ident]
    kv = dict(x.split("=") for x in params.split(","))
    return digest, int(kv["i"]), b64d(salt), b64d(h)


for dg, s in KRATOS_VECTORS:
    d, it, salt, h = parse_phc(s)
    add_match(f"kratos-phc-{dg}", KRATOS, "test", s, None, d, salt, it, h)
add("kratos-phc-sha256-wrong-password", KRATOS, "tesT", KRATOS_VECTORS[0][1], None, "mismatch")

# passlib MCF
PASSLIB_VECTORS = [
    ("sha1-01", "password", "$pbkdf2$1212$OB.dtnSEXZK8U5cgxU/GYQ$y5LKPOplRmok7CZp/aqVDVg8zGI"),
    ("sha1-02", "Ιωαννης", "$pbkdf2$1212$THDqatpidANpadlLeTeOEg$HV3oi1k5C5LQCgG1BMOL.BX4YZc"),
    ("sha256-03", "password", "$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ"),
    ("sha256-04", "Ιωαννης", "$pbkdf2-sha256$1212$3SABFJGDtyhrQMVt1uABPw$WyaUoqCLgvz97s523nF4iuOqZNbp5Nt8do/cuaa7AiI"),
    ("sha512-05", "password", "$pbkdf2-sha512$1212$RHY0Fr3IDMSVO/RSZyb5ow$eNLfBK.eVozomMr.1gYa17k9B7KIK25NOEshvhrSX."
                              "esqY3s.FvWZViXz4KoLlQI.BzY/YTNJOiKc5gBYFYGww"),
    ("sha512-06", "Ιωαννης", "$pbkdf2-sha512$1212$KkbvoKGsAIcF8IslDR6skQ$8be/PRmd88Ps8fmPowCJttH9G3vgxpG.Krjt3KT.NP6c"
                             "KJ0V4Prarqf.HBwz0dCkJ6xgWnSj2ynXSV7MlvMa8Q"),
]


def parse_mcf(s):
    _, ident, rounds, salt, h = s.split("$")
    digest = {"pbkdf2": "sha1", "pbkdf2-sha256": "sha256", "pbkdf2-sha512": "sha512"}[ident]
    return digest, int(rounds), b64d(salt), b64d(h)


for vid, pw, s in PASSLIB_VECTORS:
    d, it, salt, h = parse_mcf(s)
    add_match(f"passlib-pbkdf2-{vid}", f"{PASSLIB} (id passlib-pbkdf2_{vid})", pw, s, None, d, salt, it, h)
add("passlib-pbkdf2-sha1-02-wrong-password", PASSLIB, "Ιωαννη", PASSLIB_VECTORS[1][2], None, "mismatch")
add("passlib-pbkdf2-sha256-03-rounds-tampered", PASSLIB, "password",
    PASSLIB_VECTORS[2][2].replace("$1212$", "$1213$"), None, "mismatch")
add("passlib-pbkdf2-sha256-03-truncated-hash", PASSLIB, "password", PASSLIB_VECTORS[2][2][:-2], None,
    "error", "invalid_hash")
add("passlib-pbkdf2-sha256-03-labelled-sha512", PASSLIB, "password",
    PASSLIB_VECTORS[2][2].replace("$pbkdf2-sha256$", "$pbkdf2-sha512$"), None, "error", "invalid_hash")

# Django
DJANGO_VECTORS = [
    ("passlib-django-pbkdf2-sha256-01", PASSLIB_DJ, "not a password",
     "pbkdf2_sha256$10000$kjVJaVz6qsnJ$5yPHw3rwJGECpUf70daLGhOrQ5+AMxIJdz1c3bqK1Rs="),
    ("passlib-django-pbkdf2-sha256-02", PASSLIB_DJ, "táБℓə",
     "pbkdf2_sha256$10000$bEwAfNrH1TlQ$OgYUblFNUX1B8GfMqaCYUK/iHyO0pa7STTDdaEJBuY0="),
    ("passlib-django-pbkdf2-sha1-03", PASSLIB_DJ, "not a password",
     "pbkdf2_sha1$10000$wz5B6WkasRoF$atJmJ1o+XfJxKq1+Nu1f1i57Z5I="),
    ("passlib-django-pbkdf2-sha1-04", PASSLIB_DJ, "táБℓə", "pbkdf2_sha1$10000$KZKWwvqb8BfL$rw5pWsxJEU4JrZAQhHTCO+u0f5Y="),
    ("django-pbkdf2-sha256-seasalt", DJANGO + " (TestUtilsHashPass.test_pbkdf2)", "lètmein",
     "pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c="),
    ("django-pbkdf2-sha256-seasalt2", DJANGO + " (TestUtilsHashPass.test_low_level_pbkdf2)", "lètmein",
     "pbkdf2_sha256$390000$seasalt2$geC/uZ92nRXDSjSxeoiBqYyRcrLzMm8xK3ro1QS1uo8="),
    ("django-pbkdf2-sha1-seasalt2", DJANGO + " (TestUtilsHashPass.test_low_level_pbkdf2_sha1)", "lètmein",
     "pbkdf2_sha1$390000$seasalt2$aDapRanzW8aHTz97v2TcfHzWD+I="),
]


def parse_django(s):
    alg, it, salt, h = s.split("$")
    return {"pbkdf2_sha256": "sha256", "pbkdf2_sha1": "sha1"}[alg], int(it), salt.encode(), b64d(h)


for name, src, pw, s in DJANGO_VECTORS:
    d, it, salt, h = parse_django(s)
    add_match(name, src, pw, s, None, d, salt, it, h)
add("django-pbkdf2-sha256-seasalt-wrong-password", DJANGO + " (TestUtilsHashPass.test_pbkdf2)", "lètmeinz",
    DJANGO_VECTORS[4][3], None, "mismatch")
add("django-pbkdf2-sha1-seasalt2-wrong-password", DJANGO + " (TestUtilsHashPass.test_low_level_pbkdf2_sha1)",
    "lètmeinz", DJANGO_VECTORS[6][3], None, "mismatch")
DJ1M = "pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps="
d, it, salt, h = parse_django(DJ1M)
add_match("django-pbkdf2-sha256-1000000-iterations", DJANGO_1M, "lètmein", DJ1M, None, d, salt, it, h, slow=True)

# ---------------------------------------------------------------------------
# generated cases
rng = random.Random(6070)


def rb(n):
    return bytes(rng.randrange(256) for _ in range(n))


PW = "pbkdf2 test password"
IT = 1000


def phc_str(dg, it, salt, h, l=True, url=False, pad=False):
    ident = {"sha1": "pbkdf2", "sha256": "pbkdf2-sha256", "sha512": "pbkdf2-sha512"}[dg]
    params = f"i={it},l={len(h)}" if l else f"i={it}"
    return f"${ident}${params}${b64(salt, url, pad)}${b64(h, url, pad)}"


def phc_gen(name, dg="sha256", pw=PW, it=IT, salt=None, dklen=None, **kw):
    salt = salt if salt is not None else rb(16)
    h = pbkdf2(dg, pw, salt, it, dklen)
    s = phc_str(dg, it, salt, h, **kw)
    add_match(name, GEN, pw, s, None, dg, salt, it, h)
    return s, salt, h


# a salt for which salt and hash base64 both contain '+' and '/'
i = 0
while True:
    salt_u = hashlib.sha256(b"pbkdf2-url-%d" % i).digest()[:16]
    hu = pbkdf2("sha256", PW, salt_u, IT)
    if all(ch in b64(salt_u) + b64(hu) for ch in "+/"):
        break
    i += 1

PHC1, PHC1_SALT, PHC1_H = phc_gen("gen-phc-sha1", dg="sha1")
PHC256, PHC256_SALT, PHC256_H = phc_gen("gen-phc-sha256")
PHC512, PHC512_SALT, PHC512_H = phc_gen("gen-phc-sha512", dg="sha512")
phc_gen("gen-phc-sha256-no-l", l=False)
phc_gen("gen-phc-sha512-no-l-64-bytes", dg="sha512", l=False)
phc_gen("gen-phc-sha256-padded", salt=salt_u, pad=True)
phc_gen("gen-phc-sha256-urlsafe", salt=salt_u, url=True)
phc_gen("gen-phc-sha256-urlsafe-padded", salt=salt_u, url=True, pad=True)
phc_gen("gen-phc-sha256-std-with-plus-slash", salt=salt_u)
phc_gen("gen-phc-sha512-l-64", dg="sha512", dklen=64)
phc_gen("gen-phc-sha1-l-40-two-blocks", dg="sha1", dklen=40)
phc_gen("gen-phc-sha256-l-10-minimum", dklen=10)
phc_gen("gen-phc-sha256-l-1024-maximum", it=10, dklen=1024)
phc_gen("gen-phc-unicode-password", pw="пароль ü 🔑")
phc_gen("gen-phc-empty-password", pw="")
phc_gen("gen-phc-non-utf8-password", pw=b"\xfe\xff\x00\x01")
phc_gen("gen-phc-iterations-1", it=1)
phc_gen("gen-phc-iterations-20000", it=20000)
phc_gen("gen-phc-salt-8-bytes", salt=rb(8))
# PBKDF2 output is a prefix stream: with no l, the first 24 bytes verify against a 24-byte derivation
phc_gen("gen-phc-sha256-no-l-24-byte-hash", l=False, dklen=24)

add("gen-phc-sha256-wrong-password", GEN, "pbkdf2 test passworD", PHC256, None, "mismatch")
add("gen-phc-sha256-near-miss-empty", GEN, "", PHC256, None, "mismatch")
add("gen-phc-sha256-hash-bit-flipped", GEN, PW, PHC256.rsplit("$", 1)[0] + "$" + b64(flip(PHC256_H, 9), pad=False),
    None, "mismatch")
add("gen-phc-sha512-hash-bit-flipped", GEN, PW, PHC512.rsplit("$", 1)[0] + "$" + b64(flip(PHC512_H, 255), pad=False),
    None, "mismatch")
add("gen-phc-sha256-iterations-tampered", GEN, PW, PHC256.replace("i=1000,", "i=1001,"), None, "mismatch")
add("gen-phc-sha256-relabelled-sha512", GEN, PW, PHC256.replace("$pbkdf2-sha256$", "$pbkdf2-sha512$"), None,
    "mismatch")
add("gen-phc-sha1-relabelled-sha256", GEN, PW, PHC1.replace("$pbkdf2$", "$pbkdf2-sha256$"), None, "mismatch")
salt_part = PHC256.split("$")[3]
assert len(salt_part) == 22
add("gen-phc-sha256-truncated-salt", GEN, PW, PHC256.replace("$" + salt_part + "$", "$" + salt_part[:-2] + "$"),
    None, "mismatch")
add("gen-phc-sha256-truncated-hash-with-l", GEN, PW, PHC256[:-4], None, "error", "invalid_hash")
add("gen-phc-sha256-truncated-hash-invalid-length", GEN, PW, PHC256[:-2], None, "error", "invalid_hash")
add("gen-phc-sha256-l-disagrees", GEN, PW, PHC256.replace(",l=32$", ",l=31$"), None, "error", "invalid_hash")
add("gen-phc-sha256-l-larger-than-hash", GEN, PW, PHC256.replace(",l=32$", ",l=64$"), None, "error", "invalid_hash")
add("gen-phc-missing-hash", GEN, PW, PHC256.rsplit("$", 1)[0], None, "error", "invalid_hash")
add("gen-phc-missing-iterations", GEN, PW, PHC256.replace("i=1000,", ""), None, "error", "invalid_hash")
add("gen-phc-bad-base64-hash", GEN, PW, PHC256[:-3] + "*!*", None, "error", "invalid_hash")
add("gen-phc-sha384-unsupported", GEN, PW,
    phc_str("sha256", IT, PHC256_SALT, pbkdf2("sha384", PW, PHC256_SALT, IT, 48)).replace("pbkdf2-sha256", "pbkdf2-sha384"),
    None, "error", "unsupported")
add("gen-phc-iterations-0", GEN, PW, PHC256.replace("i=1000,", "i=0,"), None, "error", "param_out_of_range")
add("gen-phc-iterations-2-pow-32", GEN, PW, PHC256.replace("i=1000,", "i=4294967296,"), None, "error",
    "param_out_of_range")
add("gen-phc-iterations-10000001", GEN, PW, PHC256.replace("i=1000,", "i=10000001,"), None, "error",
    "param_out_of_range")
h60 = rb(60)
add("gen-phc-sha1-work-over-limit-3-blocks", GEN, PW, phc_str("sha1", 7_000_000, rb(16), h60), None, "error",
    "param_out_of_range")
add("gen-phc-hash-9-bytes", GEN, PW, phc_str("sha256", IT, rb(16), rb(9)), None, "error", "param_out_of_range")
add("gen-phc-hash-1025-bytes", GEN, PW, phc_str("sha256", 10, rb(16), rb(1025)), None, "error", "param_out_of_range")

# passlib MCF generated (ab64 with '.')
def mcf_gen(name, dg, pw=PW, it=IT, salt=None):
    salt = salt if salt is not None else rb(16)
    h = pbkdf2(dg, pw, salt, it)
    ident = {"sha1": "pbkdf2", "sha256": "pbkdf2-sha256", "sha512": "pbkdf2-sha512"}[dg]
    s = f"${ident}${it}${ab64(salt)}${ab64(h)}"
    add_match(name, GEN, pw, s, None, dg, salt, it, h)
    return s, h


i = 0
while True:
    salt_d = hashlib.sha256(b"mcf-dot-%d" % i).digest()[:16]
    if "." in ab64(salt_d) and "." in ab64(pbkdf2("sha256", PW, salt_d, IT)):
        break
    i += 1
mcf_gen("gen-mcf-sha1", "sha1")
MCF256, MCF256_H = mcf_gen("gen-mcf-sha256-with-dots", "sha256", salt=salt_d)
mcf_gen("gen-mcf-sha512", "sha512")
mcf_gen("gen-mcf-sha256-empty-password", "sha256", pw="")
add("gen-mcf-sha256-wrong-password", GEN, "wrong", MCF256, None, "mismatch")
add("gen-mcf-sha256-hash-bit-flipped", GEN, PW, MCF256.rsplit("$", 1)[0] + "$" + ab64(flip(MCF256_H, 100)), None,
    "mismatch")
add("gen-mcf-sha256-rounds-0", GEN, PW, MCF256.replace(f"${IT}$", "$0$"), None, "error", "param_out_of_range")

# Django generated
def django_gen(name, dg, pw=PW, it=IT, salt="abcdefghijkl"):
    h = pbkdf2(dg, pw, salt.encode(), it)
    s = f"pbkdf2_{dg}${it}${salt}${b64(h)}"
    add_match(name, GEN, pw, s, None, dg, salt.encode(), it, h)
    return s, h


DJ256, DJ256_H = django_gen("gen-django-sha256", "sha256")
DJ1, DJ1_H = django_gen("gen-django-sha1", "sha1", salt="MTIzNDU2Nzg5MDEy")  # base64-looking salt used as text
django_gen("gen-django-sha256-unicode-password", "sha256", pw="mötley crüe ♫")
add("gen-django-sha256-wrong-password", GEN, "pbkdf2 test passwor", DJ256, None, "mismatch")
add("gen-django-sha256-hash-bit-flipped", GEN, PW, DJ256.rsplit("$", 1)[0] + "$" + b64(flip(DJ256_H, 0)), None,
    "mismatch")
add("gen-django-sha256-iterations-tampered", GEN, PW, DJ256.replace(f"${IT}$", f"${IT + 1}$"), None, "mismatch")
add("gen-django-sha256-truncated-salt", GEN, PW, DJ256.replace("$abcdefghijkl$", "$abcdefghijk$"), None, "mismatch")
add("gen-django-sha1-salt-is-not-base64-decoded", GEN, PW,
    f"pbkdf2_sha1${IT}$MTIzNDU2Nzg5MDEy${b64(pbkdf2('sha1', PW, b64d('MTIzNDU2Nzg5MDEy'), IT))}", None, "mismatch")
add("gen-django-sha256-truncated-hash", GEN, PW, DJ256[:-5] + "=", None, "error", "invalid_hash")

# raw hash + config
SALT_TXT = "raw-salt-text"
RAW256 = pbkdf2("sha256", PW, SALT_TXT.encode(), IT)
RAW_CFG = cfg("sha256", IT, SALT_TXT)


def raw_gen(name, dg="sha256", pw=PW, it=IT, salt=SALT_TXT, salt_bytes=None, enc="hex", keylen=None, **extra):
    sb = salt_bytes if salt_bytes is not None else salt.encode()
    h = pbkdf2(dg, pw, sb, it, keylen)
    if keylen is not None:
        extra["keyLen"] = keylen
    ph = {"hex": h.hex(), "b64": b64(h), "b64-nopad": b64(h, pad=False), "url": b64(h, url=True, pad=False)}[enc]
    add_match(name, GEN, pw, ph, cfg(dg, it, salt, **extra), dg, sb, it, h)


raw_gen("gen-raw-sha256-hex")
raw_gen("gen-raw-sha256-base64", enc="b64")
raw_gen("gen-raw-sha256-base64-unpadded", enc="b64-nopad")
SALT_URL = next(f"url-{i}" for i in range(1000)
                if all(ch in b64(pbkdf2("sha256", PW, f"url-{i}".encode(), IT)) for ch in "+/"))
raw_gen("gen-raw-sha256-base64-urlsafe", enc="url", salt=SALT_URL)
raw_gen("gen-raw-sha1-hex", dg="sha1")
raw_gen("gen-raw-sha512-base64", dg="sha512", enc="b64")
raw_gen("gen-raw-sha512-keylen-32", dg="sha512", keylen=32)
raw_gen("gen-raw-sha256-keylen-64-two-blocks", keylen=64, enc="b64")
raw_gen("gen-raw-hashencoding-base64-explicit", enc="b64", hashEncoding="base64")
raw_gen("gen-raw-hashencoding-hex-explicit", hashEncoding="hex")
raw_gen("gen-raw-saltencoding-utf8-explicit", saltEncoding="utf8")
RAW_SALT = next(x for x in (rb(16) for _ in range(1000)) if "+" in b64(x) and "/" in b64(x))
raw_gen("gen-raw-saltencoding-hex", salt=RAW_SALT.hex(), salt_bytes=RAW_SALT, saltEncoding="hex")
raw_gen("gen-raw-saltencoding-base64", salt=b64(RAW_SALT), salt_bytes=RAW_SALT, saltEncoding="base64")
raw_gen("gen-raw-saltencoding-base64-urlsafe-unpadded", salt=b64(RAW_SALT, url=True, pad=False), salt_bytes=RAW_SALT,
        saltEncoding="base64")
raw_gen("gen-raw-empty-salt", salt="")
raw_gen("gen-raw-unicode-salt-and-password", pw="ñandú 🐦", salt="sål†")
raw_gen("gen-raw-empty-password", pw="")

add("gen-raw-wrong-password", GEN, "pbkdf2 test passwore", RAW256.hex(), RAW_CFG, "mismatch")
add("gen-raw-hash-bit-flipped-hex", GEN, PW, flip(RAW256, 13).hex(), RAW_CFG, "mismatch")
add("gen-raw-hash-bit-flipped-base64", GEN, PW, b64(flip(RAW256, 250)), RAW_CFG, "mismatch")
add("gen-raw-iterations-tampered", GEN, PW, RAW256.hex(), cfg("sha256", IT * 2, SALT_TXT), "mismatch")
add("gen-raw-digest-tampered", GEN, PW, RAW256.hex(), cfg("sha512", IT, SALT_TXT, keyLen=32), "mismatch")
add("gen-raw-truncated-salt", GEN, PW, RAW256.hex(), cfg("sha256", IT, SALT_TXT[:-1]), "mismatch")
add("gen-raw-salt-text-but-saltencoding-base64", GEN, PW, pbkdf2("sha256", PW, b"MTIz", IT).hex(),
    cfg("sha256", IT, "MTIz", saltEncoding="base64"), "mismatch")
add("gen-raw-truncated-hash-hex", GEN, PW, RAW256.hex()[:-2], RAW_CFG, "error", "invalid_hash")
add("gen-raw-hash-length-no-reading-fits", GEN, PW, RAW256.hex(), cfg("sha512", IT, SALT_TXT), "error", "invalid_hash")
add("gen-raw-hashencoding-base64-but-hex", GEN, PW, RAW256.hex(), cfg("sha256", IT, SALT_TXT, keyLen=32, hashEncoding="base64"),
    "error", "invalid_hash")
add("gen-raw-hashencoding-hex-but-base64", GEN, PW, b64(RAW256), cfg("sha256", IT, SALT_TXT, hashEncoding="hex"),
    "error", "invalid_hash")
add("gen-raw-keylen-disagrees-with-hash", GEN, PW, RAW256.hex(), cfg("sha256", IT, SALT_TXT, keyLen=20), "error",
    "invalid_hash")
add("gen-raw-empty-hash", GEN, PW, "", RAW_CFG, "error", "invalid_hash")
add("gen-raw-config-not-json", GEN, PW, RAW256.hex(), "not json", "error", "invalid_config")
add("gen-raw-config-unknown-digest", GEN, PW, RAW256.hex(), cfg("md5", IT, SALT_TXT), "error", "invalid_config")
add("gen-raw-config-missing-iterations", GEN, PW, RAW256.hex(),
    json.dumps({"digest": "sha256", "salt": SALT_TXT}, separators=(",", ":")), "error", "invalid_config")
add("gen-raw-config-missing-salt", GEN, PW, RAW256.hex(),
    json.dumps({"digest": "sha256", "iterations": IT}, separators=(",", ":")), "error", "invalid_config")
add("gen-raw-config-unknown-key", GEN, PW, RAW256.hex(), cfg("sha256", IT, SALT_TXT, rounds=IT), "error",
    "invalid_config")
add("gen-raw-config-duplicate-key", GEN, PW, RAW256.hex(),
    '{"digest":"sha256","iterations":1000,"iterations":1000,"salt":"raw-salt-text"}', "error", "invalid_config")
add("gen-raw-config-iterations-string-word", GEN, PW, RAW256.hex(), cfg("sha256", "many", SALT_TXT), "error",
    "invalid_config")
add("gen-raw-config-salt-bad-hex", GEN, PW, RAW256.hex(), cfg("sha256", IT, "zz", saltEncoding="hex"), "error",
    "invalid_config")
add("gen-raw-config-bad-hashencoding", GEN, PW, RAW256.hex(), cfg("sha256", IT, SALT_TXT, hashEncoding="base32"),
    "error", "invalid_config")
add("gen-raw-config-too-large", GEN, PW, RAW256.hex(), cfg("sha256", IT, "s" * 4100), "error", "input_too_large")
add("gen-raw-hash-too-large", GEN, PW, "ab" * 2049, RAW_CFG, "error", "input_too_large")
add("gen-raw-iterations-0", GEN, PW, RAW256.hex(), cfg("sha256", 0, SALT_TXT), "error", "param_out_of_range")
add("gen-raw-iterations-10000001", GEN, PW, RAW256.hex(), cfg("sha256", 10_000_001, SALT_TXT), "error",
    "param_out_of_range")
add("gen-raw-work-over-limit-sha256-keylen-96", GEN, PW, rb(96).hex(), cfg("sha256", 7_000_000, SALT_TXT, keyLen=96),
    "error", "param_out_of_range")
add("gen-raw-keylen-9", GEN, PW, rb(9).hex(), cfg("sha256", IT, SALT_TXT, keyLen=9), "error", "param_out_of_range")
add("gen-raw-password-too-long", GEN, "x" * 4097, RAW256.hex(), RAW_CFG, "error", "password_too_long")

# unknown passwordHashType
add("unknown-type-uppercase-pbkdf2", GEN, PW, RAW256.hex(), RAW_CFG, "error", "unknown_type", typ="PBKDF2")
add("unknown-type-sha256", GEN, PW, RAW256.hex(), RAW_CFG, "error", "unknown_type", typ="sha256")
add("unknown-type-pbkdf2-sha256", GEN, PW, PHC256, None, "error", "unknown_type", typ="pbkdf2-sha256")

# ---------------------------------------------------------------------------
for name, pw, dg, salt, it, dk, slow in checks:
    assert hashlib.pbkdf2_hmac(dg, pw, salt, it, len(dk)) == dk, name
doc = {
    "type": "pbkdf2",
    "description": (
        "PBKDF2-HMAC-SHA1/256/512 in PHC, passlib MCF, Django and Werkzeug (pbkdf2:<digest>:<iterations>$salt$hex) "
        "string forms (no config), and as a raw derived key with a {digest, iterations, salt, saltEncoding, keyLen, "
        "hashEncoding} config. Published vectors: RFC 6070, RFC 7914 section 11, Werkzeug, passlib 1.7.4, Django and "
        "Kratos test strings; Werkzeug-form strings are written by Werkzeug " + WZ_VERSION + "'s "
        "generate_password_hash and re-checked with its check_password_hash; other cases are computed by "
        "vectors/gen/gen_pbkdf2.py (Python hashlib.pbkdf2_hmac, OpenSSL), which re-checks every positive case."
    ),
    "cases": cases,
}
write(OUT, doc)
