#!/usr/bin/env python3
"""Generate vectors/firebase-scrypt.json.

Run from the repository root:  python vectors/gen/gen_firebase_scrypt.py

Firebase's modified scrypt:
  key  = scrypt(password, b64dec(salt) + b64dec(saltSeparator), N = 2^memCost, r = rounds, p = 1, dkLen = 64)
  hash = AES-256-CTR(key[0:32], initial counter block = 16 zero bytes).encrypt(b64dec(signerKey))

Published vectors (firebase/scrypt README, Aoang/firebase-scrypt, supabase/auth) are embedded with their
sources; other cases are computed here with Python's hashlib.scrypt (OpenSSL) and pyca/cryptography
(AES-256-CTR). Every positive case is recomputed before the file is written. Output is deterministic.
"""
import base64
import hashlib
import json
import os
import random

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from vecfile import case, write

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "firebase-scrypt.json")

GEN = "vectors/gen/gen_firebase_scrypt.py (Python hashlib.scrypt, OpenSSL; pyca/cryptography AES-256-CTR)"
F1 = ("https://github.com/firebase/scrypt/blob/d6b3ce8afff902da0ce6eff39d7a6b07a0d650b6/README.md "
      "(sample password hash parameters, user1@test.com)")
F1_NEG = "JaakkoL/firebase-scrypt-python and nhairs/firebase-scrypt-python tests (test_fails_with_invalid_password)"
F2 = "Aoang/firebase-scrypt main_test.go (same vector in ory/kratos), shared/reference/formats.md section 2.4 KAT-F2"
F3 = ("supabase/auth internal/crypto/password_test.go $fbscrypt$ vector, converted to the Frontegg form; "
      "shared/reference/formats.md section 2.4 KAT-F3")

MAXMEM = 512 * 1024 * 1024


def b64(b, url=False, pad=True):
    s = (base64.urlsafe_b64encode(b) if url else base64.b64encode(b)).decode()
    return s if pad else s.rstrip("=")


def b64d(s):
    s = s.replace("-", "+").replace("_", "/")
    return base64.b64decode(s + "=" * (-len(s) % 4), validate=True)


def to_url(s):
    return s.replace("+", "-").replace("/", "_")


def firebase(pw, salt, sep, signer, mem, rounds):
    dk = hashlib.scrypt(pw, salt=salt + sep, n=1 << mem, r=rounds, p=1, dklen=64, maxmem=MAXMEM)
    enc = Cipher(algorithms.AES(dk[:32]), modes.CTR(bytes(16))).encryptor()
    return enc.update(signer) + enc.finalize()


def flip(b, bit=0):
    a = bytearray(b)
    a[bit // 8] ^= 1 << (bit % 8)
    return bytes(a)


def cfg(mem, rounds, sep, signer, salt=None, **extra):
    d = {"memCost": mem, "rounds": rounds, "saltSeparator": sep, "signerKey": signer}
    if salt is not None:
        d["salt"] = salt
    d.update(extra)
    return json.dumps(d, separators=(",", ":"))


cases = []
checks = []


def add(name, source, pw, phash, config, expect, error=None, slow=False, typ=None):
    cases.append(case(name, source, pw, phash, expect, config=config, error=error, slow=slow, typ=typ))


def add_match(name, source, pw, phash, config, params, expected):
    """params = (salt b64, sep b64, signer b64, mem, rounds) as written; expected = hash bytes."""
    checks.append((name, pw.encode() if isinstance(pw, str) else pw, params, expected))
    add(name, source, pw, phash, config, "match")


def published(prefix, source, pw, salt, sep, signer, mem, rounds, h, wrong_pw, full=True):
    """Both forms, plus URL-safe and unpadded variants, of a published vector (16 MiB each: fewer when not full)."""
    P = (salt, sep, signer, mem, rounds)
    hb = b64d(h)
    add_match(f"{prefix}-salt-in-hash", source, pw, salt + sep + h, cfg(mem, rounds, sep, signer), P, hb)
    add_match(f"{prefix}-salt-in-config", source, pw, h, cfg(mem, rounds, sep, signer, salt=salt), P, hb)
    add_match(f"{prefix}-salt-in-hash-urlsafe", source, pw, to_url(salt) + sep + to_url(h),
              cfg(mem, rounds, sep, to_url(signer)), P, hb)
    if not full:
        add(f"{prefix}-wrong-password", source, wrong_pw, salt + sep + h, cfg(mem, rounds, sep, signer), "mismatch")
        return
    add_match(f"{prefix}-salt-in-config-urlsafe-unpadded", source, pw, to_url(h).rstrip("="),
              cfg(mem, rounds, sep.rstrip("="), to_url(signer).rstrip("="), salt=to_url(salt).rstrip("=")), P, hb)
    add_match(f"{prefix}-salt-in-hash-unpadded", source, pw, salt.rstrip("=") + sep + h.rstrip("="),
              cfg(mem, rounds, sep, signer), P, hb)
    add(f"{prefix}-wrong-password", source, wrong_pw, salt + sep + h, cfg(mem, rounds, sep, signer), "mismatch")
    add(f"{prefix}-salt-in-config-wrong-password", source, wrong_pw, h, cfg(mem, rounds, sep, signer, salt=salt),
        "mismatch")


# ---------------------------------------------------------------------------
# KAT-F1: firebase/scrypt README
F1_SIGNER = "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA=="
F1_SALT = "42xEC+ixf3L2lw=="
F1_HASH = "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ=="
F1_DK = "6H+iLZtOO+a71BIU8vmPjHi2lL0X4Swrc1AQVKIJnOEf6JZIPGikQ8bPn/io3+Hf4q2qS+bIyht2hmh6JvSIMQ=="
assert hashlib.scrypt(b"user1password", salt=b64d(F1_SALT) + b"\x07", n=16384, r=8, p=1, dklen=64,
                      maxmem=MAXMEM) == b64d(F1_DK)
published("firebase-readme", F1, "user1password", F1_SALT, "Bw==", F1_SIGNER, 14, 8, F1_HASH, "user1passworD")
add("firebase-readme-wrong-password-secret", F1_NEG, "secret", F1_SALT + "Bw==" + F1_HASH,
    cfg(14, 8, "Bw==", F1_SIGNER), "mismatch")
add_match("firebase-readme-separator-unpadded-in-config-and-hash", F1, "user1password",
          F1_SALT + "Bw" + F1_HASH, cfg(14, 8, "Bw", F1_SIGNER), (F1_SALT, "Bw==", F1_SIGNER, 14, 8), b64d(F1_HASH))
add("firebase-readme-memcost-tampered", F1, "user1password", F1_SALT + "Bw==" + F1_HASH,
    cfg(13, 8, "Bw==", F1_SIGNER), "mismatch")
add("firebase-readme-rounds-tampered", F1, "user1password", F1_SALT + "Bw==" + F1_HASH,
    cfg(14, 7, "Bw==", F1_SIGNER), "mismatch")
add("firebase-readme-hash-bit-flipped", F1, "user1password", F1_SALT + "Bw==" + b64(flip(b64d(F1_HASH), 3)),
    cfg(14, 8, "Bw==", F1_SIGNER), "mismatch")

# KAT-F2: Aoang/firebase-scrypt, Kratos
F2_SIGNER = "YE0dO4bwD4JnJafh6lZZfkp1MtKzuKAXQcDCJNJNyeCHairWHKENOkbh3dzwaCdizzOspwr/FITUVlnOAwPKyw=="
F2_HASH = "xbSou7FOl6mChCyzpCPIQ7tku7nsQMTFtyOZSXXd7tjBa4NtimOx7v42Gv2SfzPQu1oxM2/k4SsbOu73wlKe1A=="
published("aoang", F2, "8x4WjoDbSxJZdR", "sPtDhWcd1MfdAw==", "Bw==", F2_SIGNER, 14, 8, F2_HASH, "8x4WjoDbSxJZdr", full=False)

# KAT-F3: supabase/auth $fbscrypt$v=1,n=14,r=8,p=1,ss=Bw==,sk=...$C0sHCg9ek77hsg==$zKVT...
F3_SIGNER = "ou9tdYTGyYm8kuR6Dt0Bp0kDuAYoXrK16mbZO4yGwAn3oLspjnN0/c41v8xZnO1n14J3MjKj1b2g6AUCAlFwMw=="
F3_HASH = "zKVTMvnWVw5BBOZNUdnsalx4c4c7y/w7IS5p6Ut2+CfEFFlz37J9huyQfov4iizN8dbjvEJlM5tQaJP84+hfTw=="
published("supabase", F3, "mytestpassword", "C0sHCg9ek77hsg==", "Bw==", F3_SIGNER, 14, 8, F3_HASH, "mytestpasswor", full=False)
add("supabase-signer-key-of-other-project", F3, "mytestpassword", "C0sHCg9ek77hsg==Bw==" + F3_HASH,
    cfg(14, 8, "Bw==", F2_SIGNER), "mismatch")

# ---------------------------------------------------------------------------
# generated cases (cheap: memCost 10, rounds 8 -> 1 MiB)
rng = random.Random(2017)


def rb(n):
    return bytes(rng.randrange(256) for _ in range(n))


MEM, RNDS = 10, 8
SIGNER = next(x for x in (rb(64) for _ in range(1000)) if "+" in b64(x) and "/" in b64(x))
SIGNER_B64 = b64(SIGNER)
SEP = "Bw=="
PW = "firebase user password"


def gen(name, pw=PW, salt=None, sep=SEP, signer=SIGNER_B64, mem=MEM, rounds=RNDS, form="hash", url=False,
        pad=True, hash_pad=None):
    salt = salt if salt is not None else b64(rb(10))
    pwb = pw.encode() if isinstance(pw, str) else pw
    h = firebase(pwb, b64d(salt), b64d(sep), b64d(signer), mem, rounds)
    hs = b64(h, url, pad if hash_pad is None else hash_pad)
    if form == "hash":
        phash, config = salt + sep + hs, cfg(mem, rounds, sep, signer)
    else:
        phash, config = hs, cfg(mem, rounds, sep, signer, salt=salt)
    add_match(name, GEN, pw, phash, config, (salt, sep, signer, mem, rounds), h)
    return phash, config, salt, h


# find a salt whose hash has both '+' and '/' in standard base64
i = 0
while True:
    s = b64(hashlib.sha256(b"fb-url-%d" % i).digest()[:10])
    hh = b64(firebase(PW.encode(), b64d(s), b"\x07", SIGNER, MEM, RNDS))
    if "+" in hh and "/" in hh and ("+" in s or "/" in s):
        SALT_URL = s
        break
    i += 1

BASE, BASE_CFG, BASE_SALT, BASE_H = gen("gen-salt-in-hash")
CFG_HASH, CFG_CFG, CFG_SALT, CFG_H = gen("gen-salt-in-config", form="config")
gen("gen-salt-in-hash-urlsafe-hash", salt=to_url(SALT_URL), url=True)
gen("gen-salt-in-hash-std-with-plus-slash", salt=SALT_URL)
gen("gen-salt-in-hash-unpadded-hash", hash_pad=False)
gen("gen-salt-in-config-urlsafe-unpadded", salt=SALT_URL, form="config", url=True, pad=False)
gen("gen-signer-key-urlsafe-unpadded", signer=b64(SIGNER, url=True, pad=False), salt=SALT_URL)
gen("gen-signer-key-32-bytes", signer=b64(rb(32)))
gen("gen-signer-key-100-bytes", signer=b64(rb(100)))
gen("gen-separator-two-bytes", sep=b64(b"\x07\x08"))
gen("gen-separator-empty", sep="")
gen("gen-salt-16-bytes", salt=b64(rb(16)))
gen("gen-empty-password", pw="")
gen("gen-empty-password-salt-in-config", pw="", form="config")
gen("gen-unicode-password", pw="contraseña-パスワード-🔥")
gen("gen-non-utf8-password-bytes", pw=b"\xc3\x28\xa0\xa1")
gen("gen-memcost-1-rounds-1", mem=1, rounds=1)
gen("gen-memcost-12-rounds-16", mem=12, rounds=16)
gen("gen-memcost-14-rounds-1", mem=14, rounds=1)

add("gen-wrong-password", GEN, "firebase user passworf", BASE, BASE_CFG, "mismatch")
add("gen-near-miss-password-trailing-newline", GEN, PW + "\n", BASE, BASE_CFG, "mismatch")
add("gen-empty-password-against-nonempty", GEN, "", BASE, BASE_CFG, "mismatch")
add("gen-salt-in-config-wrong-password", GEN, "Firebase user password", b64(CFG_H), CFG_CFG, "mismatch")
add("gen-hash-bit-flipped", GEN, PW, BASE_SALT + SEP + b64(flip(BASE_H, 200)), BASE_CFG, "mismatch")
add("gen-salt-in-config-hash-bit-flipped", GEN, PW, b64(flip(CFG_H, 511)), CFG_CFG, "mismatch")
add("gen-memcost-tampered", GEN, PW, BASE, cfg(MEM + 1, RNDS, SEP, SIGNER_B64), "mismatch")
add("gen-rounds-tampered", GEN, PW, BASE, cfg(MEM, RNDS - 1, SEP, SIGNER_B64), "mismatch")
add("gen-signer-key-tampered", GEN, PW, BASE, cfg(MEM, RNDS, SEP, b64(flip(SIGNER, 0))), "mismatch")
add("gen-salt-in-config-tampered", GEN, PW, b64(CFG_H), cfg(MEM, RNDS, SEP, SIGNER_B64, salt=b64(flip(b64d(CFG_SALT), 0))),
    "mismatch")
assert len(BASE_SALT) == 16
add("gen-truncated-salt", GEN, PW, BASE_SALT[:12] + SEP + b64(BASE_H), BASE_CFG, "mismatch")
add("gen-salt-separator-in-config-differs", GEN, PW, BASE, cfg(MEM, RNDS, "CA==", SIGNER_B64), "error", "invalid_hash")
add("gen-truncated-hash", GEN, PW, BASE[:-4], BASE_CFG, "error", "invalid_hash")
add("gen-hash-length-differs-from-signer-key", GEN, PW, BASE, cfg(MEM, RNDS, SEP, b64(SIGNER[:32])),
    "error", "invalid_hash")
add("gen-salt-in-config-truncated-hash", GEN, PW, b64(CFG_H[:60]), CFG_CFG, "error", "invalid_hash")
add("gen-salt-in-config-but-hash-carries-salt", GEN, PW, CFG_SALT + SEP + b64(CFG_H), CFG_CFG, "error", "invalid_hash")
add("gen-bad-base64-in-hash", GEN, PW, BASE[:-6] + "!!!!==", BASE_CFG, "error", "invalid_hash")
add("gen-bad-base64-salt-in-hash", GEN, PW, "!!!!!!!!!!!!!!==" + SEP + b64(BASE_H), BASE_CFG, "error", "invalid_hash")
add("gen-empty-password-hash", GEN, PW, "", BASE_CFG, "error", "invalid_hash")

# config errors
add("gen-config-not-json", GEN, PW, BASE, "not json", "error", "invalid_config")
add("gen-config-absent", GEN, PW, BASE, None, "error", "invalid_config")
add("gen-config-missing-signerkey", GEN, PW, BASE,
    json.dumps({"memCost": MEM, "rounds": RNDS, "saltSeparator": SEP}, separators=(",", ":")), "error", "invalid_config")
add("gen-config-missing-memcost", GEN, PW, BASE,
    json.dumps({"rounds": RNDS, "saltSeparator": SEP, "signerKey": SIGNER_B64}, separators=(",", ":")),
    "error", "invalid_config")
add("gen-config-unknown-key", GEN, PW, BASE, cfg(MEM, RNDS, SEP, SIGNER_B64, parallelization=1), "error",
    "invalid_config")
add("gen-config-duplicate-key", GEN, PW, BASE,
    '{"memCost":%d,"rounds":%d,"rounds":%d,"saltSeparator":"%s","signerKey":"%s"}' % (MEM, RNDS, RNDS, SEP, SIGNER_B64),
    "error", "invalid_config")
add("gen-config-signerkey-bad-base64", GEN, PW, BASE, cfg(MEM, RNDS, SEP, "not*base64!"), "error", "invalid_config")
add("gen-config-saltseparator-bad-base64", GEN, PW, BASE, cfg(MEM, RNDS, "B*==", SIGNER_B64), "error", "invalid_config")
add("gen-config-salt-bad-base64", GEN, PW, b64(CFG_H), cfg(MEM, RNDS, SEP, SIGNER_B64, salt="%%%%"), "error",
    "invalid_config")
add("gen-config-memcost-not-a-number", GEN, PW, BASE, cfg("fourteen", RNDS, SEP, SIGNER_B64), "error", "invalid_config")

# parameter limits
add("gen-memcost-31", GEN, PW, BASE, cfg(31, RNDS, SEP, SIGNER_B64), "error", "param_out_of_range")
add("gen-memcost-18", GEN, PW, BASE, cfg(18, 1, SEP, SIGNER_B64), "error", "param_out_of_range")
add("gen-memcost-0", GEN, PW, BASE, cfg(0, RNDS, SEP, SIGNER_B64), "error", "param_out_of_range")
add("gen-rounds-0", GEN, PW, BASE, cfg(MEM, 0, SEP, SIGNER_B64), "error", "param_out_of_range")
add("gen-rounds-17", GEN, PW, BASE, cfg(MEM, 17, SEP, SIGNER_B64), "error", "param_out_of_range")
add("gen-memory-256-mib-memcost-17-rounds-16", GEN, PW, BASE, cfg(17, 16, SEP, SIGNER_B64), "error",
    "param_out_of_range")
add("gen-memory-144-mib-memcost-17-rounds-9", GEN, PW, BASE, cfg(17, 9, SEP, SIGNER_B64), "error",
    "param_out_of_range")
add("gen-password-hash-too-large", GEN, PW, "A" * 4096 + SEP + b64(BASE_H), BASE_CFG, "error", "input_too_large")
add("gen-config-too-large", GEN, PW, BASE, cfg(MEM, RNDS, SEP, b64(rb(3100))), "error", "input_too_large")
add("gen-password-too-long", GEN, "p" * 4097, BASE, BASE_CFG, "error", "password_too_long")

# ---------------------------------------------------------------------------
for name, pw, (salt, sep, signer, mem, rounds), expected in checks:
    assert firebase(pw, b64d(salt), b64d(sep), b64d(signer), mem, rounds) == expected, name
doc = {
    "type": "firebase-scrypt",
    "description": (
        "Firebase modified scrypt in the Frontegg form: passwordHash = <b64 salt><saltSeparator as written in the "
        "config><b64 hash>, or the b64 hash alone when the config carries a 'salt' key. Published vectors: "
        "firebase/scrypt README (KAT-F1), Aoang/firebase-scrypt (KAT-F2), supabase/auth (KAT-F3); other cases are "
        "computed by vectors/gen/gen_firebase_scrypt.py (hashlib.scrypt + pyca/cryptography AES-256-CTR), which "
        "re-checks every positive case."
    ),
    "cases": cases,
}
write(OUT, doc)
