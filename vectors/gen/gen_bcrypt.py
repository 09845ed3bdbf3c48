#!/usr/bin/env python3
"""Generate vectors/bcrypt.json.

Run from the repository root:  python vectors/gen/gen_bcrypt.py

Expected results come from
  * the published vectors in shared/reference/published-vectors/bcrypt.json
    (copied exactly, with their source), and the formats.md section 4.2 KATs;
  * pyca bcrypt 4.3.0 (standard OpenBSD semantics for $2a$/$2b$/$2y$, and $2x$
    for 7-bit passwords, which crypt_blowfish computes like $2a$/$2y$);
  * passlib 1.7.4's builtin backend (PASSLIB_BUILTIN_BCRYPT=enabled), the only
    available implementation of the original "$2$" variant (no NUL terminator).

Every match/mismatch case that pyca or passlib can compute is re-checked with
them before the file is written (the crypt_blowfish-only $2x$ 8-bit and $2a$
countermeasure vectors come from Openwall's published table).  Error kinds
follow hashport's documented semantics (vectors/README.md).

Deterministic: fixed salts from random.Random(seed); no time or OS randomness.
"""
import json
import os
import random
import sys
from pathlib import Path

os.environ["PASSLIB_BUILTIN_BCRYPT"] = "enabled"

import bcrypt  # noqa: E402  (pyca)
from passlib.hash import bcrypt as passlib_bcrypt  # noqa: E402
from passlib.utils.binary import bcrypt64  # noqa: E402

from vecfile import case, write

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "vectors" / "bcrypt.json"


def find_published(fname):
    for base in (REPO / "shared", REPO.parent / "shared"):
        p = base / "reference" / "published-vectors" / fname
        if p.exists():
            return p
    sys.exit(f"cannot find published-vectors/{fname} under {REPO}/shared or {REPO.parent}/shared")


PYCA = f"vectors/gen/gen_bcrypt.py (pyca bcrypt {bcrypt.__version__})"
PASSLIB = "vectors/gen/gen_bcrypt.py (passlib 1.7.4 builtin backend, PASSLIB_BUILTIN_BCRYPT=enabled)"
SPEC = "vectors/gen/gen_bcrypt.py (malformed/out-of-range input; error kind per hashport semantics, vectors/README.md)"
FORMATS = "shared/reference/formats.md section 4.2 KATs"

assert bcrypt.__version__ == "4.3.0", bcrypt.__version__

pb2 = passlib_bcrypt.using(ident="2")
pb2.set_backend("builtin")
passlib_bcrypt.set_backend("builtin")

cases = []
# per-case independent re-check: name -> ("pyca"|"passlib", password bytes, hash)
checks = {}


def to_bytes(pw):
    return pw.encode("utf-8") if isinstance(pw, str) else pw


def add(name, source, pw, h, expect, error=None, slow=False, typ=None, check=None):
    cases.append(case(name, source, pw, h, expect, error=error, slow=slow, typ=typ))
    if check:
        checks[name] = (check, to_bytes(pw), h, expect)


def kebab(s):
    return s.lower().replace(".", "-").replace("_", "-")


def salt22(rng):
    """22-char bcrypt-base64 salt (16 random bytes, unused bits zero)."""
    s = bcrypt64.encode_bytes(bytes(rng.getrandbits(8) for _ in range(16)))
    assert len(s) == 22
    return s


def pyca_hash(pw, cost, ident, rng):
    setting = f"${ident}${cost:02d}${salt22(rng).decode()}".encode()
    return bcrypt.hashpw(to_bytes(pw), setting).decode()


def passlib2_hash(pw, cost, rng):
    h = pb2.using(rounds=cost, salt=salt22(rng).decode()).hash(to_bytes(pw))
    assert h.startswith("$2$") and len(h) == 59, h
    return h


def swap_char(h, i):
    """Replace the character at i with a different bcrypt-base64 char whose
    6-bit value differs in a significant bit (flip the low bit of the value)."""
    alpha = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    v = alpha.index(h[i]) ^ 0x01
    return h[:i] + alpha[v] + h[i + 1:]


# ---------------------------------------------------------------------------
# 1. published vectors
# ---------------------------------------------------------------------------
pub = json.load(open(find_published("bcrypt.json")))
by_id = {}
for section in pub["sections"]:
    for v in section["vectors"]:
        by_id[v["id"]] = v


def pub_pw(v):
    return bytes.fromhex(v["password_hex"])


CRYPT_BLOWFISH_ONLY = {
    # $2x$ (sign-extension bug emulation) with 8-bit passwords
    "openwall-wrapper.c-05", "openwall-wrapper.c-06", "openwall-wrapper.c-13",
    "openwall-wrapper.c-14", "openwall-wrapper.c-15", "openwall-wrapper.c-21",
    "openwall-wrapper.c-23", "openwall-wrapper.c-24",
    # crypt_blowfish $2a$ countermeasure
    "openwall-wrapper.c-08", "openwall-wrapper.c-17",
}

# Openwall invalid settings (29-35): crypt() must fail.  hashport gets a full
# 60-char hash: the setting completed with openwall-wrapper.c-01's hash part.
OW01_HASHPART = by_id["openwall-wrapper.c-01"]["hash"][29:]
OW_INVALID = {
    "openwall-wrapper.c-29": "param_out_of_range",  # cost 03
    "openwall-wrapper.c-30": "param_out_of_range",  # cost 32
    "openwall-wrapper.c-31": "invalid_hash",  # $2c$
    "openwall-wrapper.c-32": "invalid_hash",  # $2z$
    "openwall-wrapper.c-33": "invalid_hash",  # $2`$
    "openwall-wrapper.c-34": "invalid_hash",  # $2{$
}

for section in pub["sections"]:
    for v in section["vectors"]:
        vid = v["id"]
        name = kebab(vid)
        pw = pub_pw(v)
        if vid in OW_INVALID:
            h = v["setting"] + OW01_HASHPART
            add(name + "-completed", f"{v['source']} (setting {v['setting']} is invalid: crypt() must fail; "
                f"completed to 60 chars with the hash part of openwall-wrapper.c-01)",
                pw, h, "error", OW_INVALID[vid])
            continue
        if vid == "openwall-wrapper.c-35":
            add(name, v["source"] + " (setting \"*0\" must be rejected)", pw, "*0", "error", "invalid_hash")
            continue
        assert v["expect"] == "verify", vid
        h = v["hash"]
        cost = int(h.split("$")[2])
        slow = cost >= 11
        if b"\x00" in pw:
            add(name, v["source"] + " (password contains a NUL byte: hashport rejects it before hashing)",
                pw, h, "error", "password_contains_nul")
            continue
        if vid in CRYPT_BLOWFISH_ONLY:
            check = None
        elif h.startswith("$2$"):
            check = "passlib"
        elif vid.startswith("passlib-bcrypt-3") and h.startswith("$2a$"):
            # passlib "full mode" legacy vectors; standard $2a$ semantics
            check = "pyca"
        else:
            check = "pyca"
        add(name, v["source"], pw, h, "match", slow=slow, check=check)

# formats.md section 4.2 KATs
add("formats-kratos-2a-12-test", FORMATS + " (ory/kratos hash/hasher_test.go)", "test",
    "$2a$12$o6hx.Wog/wvFSkT/Bp/6DOxCtLRTDj7lm9on9suF/WaCGNVHbkfL6", "match", slow=True, check="pyca")
add("formats-auth0-2b-10-hello", FORMATS + " (Auth0 docs)", "hello",
    "$2b$10$nFguVi9LsCAcvTZFKQlRKeLVydo8ETv483lkNsSFI/Wl1Rz1Ypo1K", "match", check="pyca")
RB = "$05$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe"
for ident in ("2b", "2a", "2y", "2x"):
    add(f"formats-rust-bcrypt-{ident}-05", FORMATS + f" (rust-bcrypt tests; valid with the ${ident}$ prefix, 7-bit password)",
        "My S3cre7 P@55w0rd!", f"${ident}" + RB, "match", check="pyca")
add("formats-rust-bcrypt-2b-05-wrong-password", PYCA + ": formats.md rust-bcrypt KAT with a wrong password",
    "My S3cre7 P@55w0rd?", "$2b" + RB, "mismatch", check="pyca")

# ---------------------------------------------------------------------------
# 2. crypt_blowfish variant negatives built from published vectors
# ---------------------------------------------------------------------------
OW = "openwall crypt_blowfish wrapper.c table"
add("2x-8bit-correct-hash-a3-mismatch",
    f"{OW}: $2x$ of \\xa3 is ...CE5elH... (openwall-wrapper.c-05), so the correct ($2y$, openwall-wrapper.c-10) hash part under $2x$ does not verify",
    b"\xa3", "$2x$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", "mismatch")
add("2x-8bit-correct-hash-yo-mismatch",
    f"{OW} + passlib: $2x$ of U+0451 is ...OiwqTy... (openwall-wrapper.c-23), so the correct $2y$ hash part (passlib-bcrypt-18) under $2x$ does not verify",
    "ё", "$2x$05$6bNw2HLQYeqHYyBfLMsv/OUcZd0LKP39b87nBw3.S2tVZSqiQX6eu", "mismatch")
add("2x-8bit-correct-hash-ffa3345-mismatch",
    f"{OW}: $2x$ of ff a3 '345' is ...o./n25... (openwall-wrapper.c-14), so the correct hash part (openwall-wrapper.c-18) under $2x$ does not verify",
    b"\xff\xa3345", "$2x$05$/OK.fbVrR/bpIqNJ5ianF.nRht2l/HRhr6zmCp9vYUvvsqynflf9e", "mismatch")
add("2y-buggy-hash-a3-mismatch", PYCA + ": the $2x$ (buggy) hash part of \\xa3 under $2y$",
    b"\xa3", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", "mismatch", check="pyca")
add("2a-standard-ffffa3-match", PYCA + ": standard (OpenBSD) $2a$ of ff ff a3; hashport accepts it as well as the crypt_blowfish countermeasure form (openwall-wrapper.c-08)",
    b"\xff\xff\xa3", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", "match", check="pyca")
add("2b-countermeasure-hash-ffffa3-mismatch", PYCA + ": crypt_blowfish's $2a$ countermeasure hash part (openwall-wrapper.c-08) under $2b$ (no countermeasure for $2b$)",
    b"\xff\xff\xa3", "$2b$05$/OK.fbVrR/bpIqNJ5ianF.nqd1wy.pTMdcvrRWxyiGL2eMz.2a85.", "mismatch", check="pyca")
add("2y-countermeasure-hash-ffa3-mismatch", PYCA + ": crypt_blowfish's $2a$ countermeasure hash part (openwall-wrapper.c-17) under $2y$",
    bytes.fromhex("ffa33334ffffffa3333435"), "$2y$05$/OK.fbVrR/bpIqNJ5ianF.ZC1JEJ8Z4gPfpe1JOr/oyPXTWl9EFd.", "mismatch", check="pyca")
add("2a-countermeasure-wrong-password-mismatch", PYCA + ": openwall-wrapper.c-08 hash with a different 8-bit password (pyca: no match)",
    b"\xff\xff\xa4", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.nqd1wy.pTMdcvrRWxyiGL2eMz.2a85.", "mismatch", check="pyca")

# ---------------------------------------------------------------------------
# 3. generated with pyca bcrypt (costs 4-6)
# ---------------------------------------------------------------------------
rng = random.Random(0xB0C7)

base_pw = "correct horse battery staple"
h2b = pyca_hash(base_pw, 5, "2b", rng)
add("gen-2b-ascii", PYCA, base_pw, h2b, "match", check="pyca")
add("gen-2b-wrong-password", PYCA, "Tr0ub4dor&3", h2b, "mismatch", check="pyca")
add("gen-2b-near-miss-one-char", PYCA, "correct horse battery stapld", h2b, "mismatch", check="pyca")
add("gen-2b-near-miss-case", PYCA, "Correct horse battery staple", h2b, "mismatch", check="pyca")
add("gen-2b-near-miss-trailing-space", PYCA, base_pw + " ", h2b, "mismatch", check="pyca")
add("gen-2b-near-miss-leading-space", PYCA, " " + base_pw, h2b, "mismatch", check="pyca")
add("gen-2b-near-miss-truncated", PYCA, base_pw[:-1], h2b, "mismatch", check="pyca")
add("gen-2b-empty-password-vs-nonempty-hash", PYCA, "", h2b, "mismatch", check="pyca")
mid = 7 + 22 + 15  # middle of the 31-char hash part
add("gen-2b-hash-char-flipped", PYCA + ": one bit flipped in a middle character of the hash part",
    base_pw, swap_char(h2b, mid), "mismatch", check="pyca")
add("gen-2b-hash-first-char-flipped", PYCA + ": one bit flipped in the first character of the hash part",
    base_pw, swap_char(h2b, 29), "mismatch", check="pyca")
add("gen-2b-salt-char-flipped", PYCA + ": one bit flipped in a middle character of the salt",
    base_pw, swap_char(h2b, 7 + 10), "mismatch", check="pyca")
add("gen-2b-cost-lowered", PYCA + ": cost field changed 05 -> 04", base_pw, h2b.replace("$05$", "$04$", 1), "mismatch", check="pyca")
add("gen-2b-cost-raised", PYCA + ": cost field changed 05 -> 06", base_pw, h2b.replace("$05$", "$06$", 1), "mismatch", check="pyca")
for ident in ("2a", "2y", "2x"):
    add(f"gen-2b-relabelled-{ident}", PYCA + f": $2b$ hash relabelled ${ident}$ (identical for a 7-bit password)",
        base_pw, f"${ident}$" + h2b[4:], "match", check="pyca")

for ident, cost in (("2a", 4), ("2y", 6), ("2x", 4)):
    h = pyca_hash("hunter2", cost, ident, rng)
    src = PYCA + (" (pyca computes $2x$ like $2b$; crypt_blowfish $2x$ is identical for 7-bit passwords)" if ident == "2x" else "")
    add(f"gen-{ident}-ascii", src, "hunter2", h, "match", check="pyca")
    add(f"gen-{ident}-wrong-password", src, "hunter3", h, "mismatch", check="pyca")

for ident in ("2a", "2b", "2y"):
    h = pyca_hash("", 4, ident, rng)
    add(f"gen-{ident}-empty-password", PYCA, "", h, "match", check="pyca")
    add(f"gen-{ident}-empty-hash-vs-space", PYCA, " ", h, "mismatch", check="pyca")

# unicode
for label, pw in (("latin1", "pässwörd"), ("cjk", "パスワード"), ("emoji", "🔑🔒 secret"),
                  ("cyrillic", "пароль"), ("mixed", "táБℓə")):
    h = pyca_hash(pw, 4, "2b", rng)
    add(f"gen-2b-unicode-{label}", PYCA + ": UTF-8 password", pw, h, "match", check="pyca")
    if label == "latin1":
        add("gen-2b-unicode-latin1-relabelled-2a", PYCA + ": $2a$ relabel (OpenBSD/pyca $2a$ = $2b$)", pw, "$2a$" + h[4:], "match", check="pyca")
        add("gen-2b-unicode-latin1-relabelled-2y", PYCA + ": $2y$ relabel", pw, "$2y$" + h[4:], "match", check="pyca")
        add("gen-2b-unicode-latin1-ascii-fold", PYCA + ": accents dropped", "password", h, "mismatch", check="pyca")
nfc = "caf\u00e9"
nfd = "cafe\u0301"
h = pyca_hash(nfc, 4, "2b", rng)
add("gen-2b-unicode-nfc", PYCA + ": NFC form", nfc, h, "match", check="pyca")
add("gen-2b-unicode-nfd-vs-nfc-hash", PYCA + ": NFD form of the same text is different bytes (no normalisation)", nfd, h, "mismatch", check="pyca")
raw8 = b"\xff\xfe\x80abc\xc0"
h = pyca_hash(raw8, 5, "2b", rng)
add("gen-2b-non-utf8-bytes", PYCA + ": password bytes that are not UTF-8", raw8, h, "match", check="pyca")
add("gen-2b-non-utf8-bytes-near-miss", PYCA, b"\xff\xfe\x81abc\xc0", h, "mismatch", check="pyca")

# lengths around 72 bytes
lrng = random.Random(72)
alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
long_pw = "".join(lrng.choice(alnum) for _ in range(4096))
hashes_by_len = {}
for n in (71, 72, 73, 255, 256):
    pw = long_pw[:n]
    h = pyca_hash(pw, 4, "2b", rng)
    hashes_by_len[n] = h
    add(f"gen-2b-len-{n}", PYCA + f": {n}-byte password (only the first 72 bytes are used)", pw, h, "match", check="pyca")
h = pyca_hash(long_pw[:255], 4, "2a", rng)
add("gen-2a-len-255", PYCA + ": 255-byte password under $2a$ (no OpenBSD length wraparound; first 72 bytes)", long_pw[:255], h, "match", check="pyca")

h73 = hashes_by_len[73]
p73 = long_pw[:73]
other = "X" if p73[71] != "X" else "Y"
add("gen-2b-len-73-different-72nd-byte", PYCA + ": hash of a 73-byte password checked with the 72nd byte changed (first-72-byte prefix differs)",
    p73[:71] + other + p73[72], h73, "mismatch", check="pyca")
other = "X" if p73[72] != "X" else "Y"
add("gen-2b-len-73-different-73rd-byte", PYCA + ": hash of a 73-byte password checked with only the 73rd byte changed (same 72-byte prefix, bytes past 72 ignored)",
    p73[:72] + other, h73, "match", check="pyca")
add("gen-2b-len-73-checked-with-72-prefix", PYCA + ": hash of a 73-byte password checked with its 72-byte prefix",
    p73[:72], h73, "match", check="pyca")
add("gen-2b-len-71-checked-with-72", PYCA + ": hash of a 71-byte password checked with one more byte (the NUL terminator is the 72nd key byte)",
    long_pw[:72], hashes_by_len[71], "mismatch", check="pyca")
add("gen-2b-len-72-checked-with-71", PYCA + ": hash of a 72-byte password checked with its 71-byte prefix",
    long_pw[:71], hashes_by_len[72], "mismatch", check="pyca")
add("gen-2b-len-256-checked-with-1000", PYCA + ": 256-byte password hash checked with a 1000-byte password sharing the first 256 bytes",
    long_pw[:1000], hashes_by_len[256], "match", check="pyca")

# multi-byte UTF-8 character straddling the 72-byte boundary
straddle = long_pw[:71] + "é"  # bytes 0..70 ascii, 71 = 0xc3, 72 = 0xa9
h = pyca_hash(straddle, 4, "2b", rng)
add("gen-2b-utf8-straddles-72", PYCA + ": 71 ASCII bytes + U+00E9 (c3 a9): only c3 is within the first 72 bytes", straddle, h, "match", check="pyca")
add("gen-2b-utf8-straddles-72-other-char", PYCA + ": same hash checked with U+00E8 (c3 a8) as the last char: identical first 72 bytes",
    long_pw[:71] + "è", h, "match", check="pyca")
add("gen-2b-utf8-straddles-72-different-lead", PYCA + ": same hash checked with U+0451 (d1 91) as the last char: 72nd byte differs",
    long_pw[:71] + "ё", h, "mismatch", check="pyca")

# 4096-byte limit
h4096 = pyca_hash(long_pw, 4, "2b", rng)
add("gen-2b-len-4096", PYCA + ": 4096-byte password (hashport's default maximum)", long_pw, h4096, "match", check="pyca")
add("gen-2b-len-4097-too-long", SPEC + ": 4097-byte password, over the 4096-byte default maximum",
    long_pw + "a", h4096, "error", "password_too_long")

# NUL bytes
hn = pyca_hash("ab", 4, "2b", rng)
add("gen-nul-inside-password", SPEC + ": password a\\0b", "a\x00b", hn, "error", "password_contains_nul")
add("gen-nul-trailing-password", SPEC + ": password ab\\0 (a C implementation would match the hash of ab)", "ab\x00", hn, "error", "password_contains_nul")
add("gen-nul-only-password", SPEC + ": password \\0", "\x00", hn, "error", "password_contains_nul")
add("gen-nul-leading-password", SPEC + ": password \\0ab",
    "\x00ab", hn, "error", "password_contains_nul")

# cost boundaries
h_c16 = pyca_hash("boundary", 16, "2b", rng)
add("gen-2b-cost-16-max", PYCA + ": cost 16, hashport's default maximum", "boundary", h_c16, "match", slow=True, check="pyca")
add("gen-2b-cost-04-min", PYCA + ": cost 4, the minimum", "boundary", pyca_hash("boundary", 4, "2b", rng), "match", check="pyca")
hc = pyca_hash("boundary", 4, "2b", rng)
for cost, kind in (("17", "param_out_of_range"), ("31", "param_out_of_range"), ("32", "param_out_of_range"),
                   ("99", "param_out_of_range"), ("03", "param_out_of_range"), ("00", "param_out_of_range")):
    add(f"err-2b-cost-{cost}", SPEC + f": cost {cost} outside 4..=16", "boundary", hc.replace("$04$", f"${cost}$", 1), "error", kind)

# structure errors (invalid_hash)
add("err-truncated-hash-59", SPEC + ": last hash character removed (59 chars)", base_pw, h2b[:-1], "error", "invalid_hash")
add("err-truncated-hash-30", SPEC + ": hash part cut to 1 char", base_pw, h2b[:30], "error", "invalid_hash")
add("err-truncated-salt", SPEC + ": one salt character removed (59 chars)", base_pw, h2b[:7 + 11] + h2b[7 + 12:], "error", "invalid_hash")
add("err-setting-only", SPEC + ": setting without hash part (29 chars)", base_pw, h2b[:29], "error", "invalid_hash")
add("err-extra-char", SPEC + ": one extra character (61 chars)", base_pw, h2b + ".", "error", "invalid_hash")
add("err-empty-hash", SPEC + ": empty passwordHash", base_pw, "", "error", "invalid_hash")
add("err-bad-alphabet-plus", SPEC + ": '+' (not bcrypt base64) in the hash part", base_pw, h2b[:mid] + "+" + h2b[mid + 1:], "error", "invalid_hash")
add("err-bad-alphabet-equals", SPEC + ": '=' in the salt", base_pw, h2b[:7 + 5] + "=" + h2b[7 + 6:], "error", "invalid_hash")
add("err-cost-one-digit", SPEC + ": one-digit cost", base_pw, "$2b$5$" + h2b[7:], "error", "invalid_hash")
add("err-cost-not-digits", SPEC + ": cost 'a5'", base_pw, "$2b$a5$" + h2b[7:], "error", "invalid_hash")
add("err-cost-three-digits", SPEC + ": three-digit cost 005", base_pw, "$2b$005$" + h2b[7:], "error", "invalid_hash")
add("err-minor-2c", SPEC + ": unknown minor $2c$", base_pw, "$2c$" + h2b[4:], "error", "invalid_hash")
add("err-minor-2z", SPEC + ": unknown minor $2z$", base_pw, "$2z$" + h2b[4:], "error", "invalid_hash")
add("err-minor-uppercase-2b", SPEC + ": $2B$ (minor is case-sensitive)", base_pw, "$2B$" + h2b[4:], "error", "invalid_hash")
add("err-prefix-3", SPEC + ": $3b$", base_pw, "$3b$" + h2b[4:], "error", "invalid_hash")
add("err-missing-leading-dollar", SPEC + ": leading '$' missing", base_pw, h2b[1:], "error", "invalid_hash")
add("err-missing-cost-dollar", SPEC + ": '$' after the cost missing", base_pw, h2b[:6] + h2b[7:], "error", "invalid_hash")
add("err-2-variant-60-chars", SPEC + ": $2$ with a 32-char hash part (60 chars)", "abc", "$2$05$" + h2b[7:] + ".", "error", "invalid_hash")

# ---------------------------------------------------------------------------
# 4. "$2$" (original variant, no NUL terminator) via passlib's builtin backend
# ---------------------------------------------------------------------------
for label, pw, cost in (("abc", "abc", 4), ("password", "password", 5), ("empty", "", 4),
                        ("unicode", "pässwörd", 4), ("len-72", long_pw[:72], 4), ("len-80", long_pw[:80], 4)):
    h = passlib2_hash(pw, cost, rng)
    add(f"gen-2-{label}", PASSLIB + ": $2$ (no NUL terminator)", pw, h, "match", check="passlib")
    if label == "abc":
        add("gen-2-abc-wrong-password", PASSLIB, "abd", h, "mismatch", check="passlib")
        add("gen-2-abc-repeated", PASSLIB + ": the key repeats with no NUL, so 'abcabc' gives the same key schedule as 'abc'",
            "abcabc", h, "match", check="passlib")
        add("gen-2-abc-relabelled-2a", PYCA + ": $2$ hash part relabelled $2a$ (60 chars) does not verify (the NUL is part of the $2a$ key)",
            "abc", "$2a$" + h[3:], "mismatch", check="pyca")
        add("gen-2-abc-hash-char-flipped", PASSLIB + ": one bit flipped in a middle character of the hash part",
            "abc", swap_char(h, 6 + 22 + 15), "mismatch", check="passlib")
        add("err-2-cost-03", SPEC + ": $2$ with cost 03", "abc", h.replace("$04$", "$03$", 1), "error", "param_out_of_range")
        add("err-2-truncated", SPEC + ": $2$ with the last char removed (58 chars)", "abc", h[:-1], "error", "invalid_hash")
        add("err-2-nul-password", SPEC + ": NUL in the password of a $2$ hash", "abc\x00", h, "error", "password_contains_nul")
    if label == "len-80":
        add("gen-2-len-80-checked-with-72-prefix", PASSLIB + ": only the first 72 bytes count", long_pw[:72], h, "match", check="passlib")
# a pyca $2a$ hash relabelled $2$ (59 chars)
ha = pyca_hash("abc", 4, "2a", rng)
add("gen-2a-abc", PYCA, "abc", ha, "match", check="pyca")
add("gen-2a-abc-relabelled-2", PASSLIB + ": $2a$ hash part relabelled $2$ does not verify (no NUL in the $2$ key)",
    "abc", "$2$" + ha[4:], "mismatch", check="passlib")

# unknown type
add("err-unknown-type-bcrypt2", SPEC + ": passwordHashType 'bcrypt2' is not one of the five names",
    base_pw, h2b, "error", "unknown_type", typ="bcrypt2")
add("err-unknown-type-uppercase", SPEC + ": passwordHashType 'BCRYPT' (names are exact)",
    base_pw, h2b, "error", "unknown_type", typ="BCRYPT")

# ---------------------------------------------------------------------------
# independent re-check, uniqueness, write
# ---------------------------------------------------------------------------
for name, (how, pw, h, expect) in checks.items():
    if how == "pyca":
        got = bcrypt.checkpw(pw, h.encode())
    else:
        got = pb2.verify(pw, h) if h.startswith("$2$") else passlib_bcrypt.verify(pw, h)
    if got != (expect == "match"):
        sys.exit(f"re-check failed for {name}: {how} says {got}, expected {expect}")

doc = {
    "type": "bcrypt",
    "description": (
        "bcrypt ($2$, $2a$, $2b$, $2x$, $2y$) known answers. Published vectors from Openwall crypt_blowfish "
        "wrapper.c ($2x$ bug emulation and the $2a$ countermeasure), pyca/bcrypt and passlib tests and the "
        "formats.md KATs, plus cases generated by vectors/gen/gen_bcrypt.py with pyca bcrypt 4.3.0 and passlib "
        "1.7.4's builtin backend ($2$). Regenerate with: python vectors/gen/gen_bcrypt.py"
    ),
    "cases": cases,
}
write(OUT, doc, ensure_ascii=False)
