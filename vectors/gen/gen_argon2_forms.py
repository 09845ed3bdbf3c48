#!/usr/bin/env python3
"""Known-answer cases for producer spellings of Argon2 (passwordHashType "argon2", no config).

Run:  python gen_argon2_forms.py     (writes argon2.json beside this file)

Forms:
  * Django  argon2$argon2<id|i>$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>
    i.e. "argon2" + a PHC string; salt and hash are std base64 without padding; the salt is the UTF-8 bytes of
    Django's 22-character salt text.  Written by Django's own Argon2PasswordHasher (make_password; argon2i
    through a subclass whose params() names Type.I, as Django <= 3.1 wrote) and re-checked with
    django.contrib.auth.hashers.check_password.  Django's published test strings are included.
  * Keycloak argon2 password credential, the whole credential object as JSON text in passwordHash
    (shared/reference/exporters.md section 5):
      {"type":"password","secretData":"{\"value\":\"<std b64 tag>\",\"salt\":\"<std b64 16-byte salt>\",
       \"additionalParameters\":{}}","credentialData":"{\"hashIterations\":<t>,\"algorithm\":\"argon2\",
       \"additionalParameters\":{\"hashLength\":[\"<bytes>\"],\"memory\":[\"<KiB>\"],\"type\":[\"id|i|d\"],
       \"version\":[\"1.3|1.0\"],\"parallelism\":[\"<p>\"]}}"}
    Written by a Python port of Keycloak's Argon2PasswordHashProvider.encode (Bouncy Castle Argon2BytesGenerator,
    UTF-8 password, java.util.Base64) with the tag from argon2-cffi's low-level hash_secret_raw.

Every positive is re-checked by the producer's verify (Django check_password; the Keycloak port's verify) and
recomputed by an independent Argon2: the pure-Python RFC 9106 implementation of formskit.py (first checked
against the six phc-winner-argon2 KAT files) where m*t is small enough, argon2-cffi's hash_secret_raw otherwise.
Every mismatch case is asserted to fail both.  Deterministic: seeded salts.
"""
import hmac
import importlib.metadata
import json
import os
import random
import re
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from django.conf import settings

settings.configure(PASSWORD_HASHERS=[
    "django.contrib.auth.hashers.MD5PasswordHasher",  # cheap default: check_password never "hardens" with it
    "django.contrib.auth.hashers.Argon2PasswordHasher",
])
from django.contrib.auth import hashers as dj  # noqa: E402
import argon2  # noqa: E402
from argon2.low_level import Type, hash_secret_raw  # noqa: E402

import formskit as fk  # noqa: E402
from vecfile import case, write  # noqa: E402

OUT = os.path.join(HERE, "..", "forms", "argon2.json")
DJ_VERSION = importlib.metadata.version("Django")
A2_VERSION = importlib.metadata.version("argon2-cffi")
assert DJ_VERSION.startswith("5.2."), DJ_VERSION
assert A2_VERSION == "25.1.0", A2_VERSION


def find_published(fname):
    for base in ("/work/shared", os.path.join(HERE, "..", "..", "shared"), os.path.join(HERE, "..", "shared")):
        p = os.path.join(base, "reference", "published-vectors", fname)
        if os.path.exists(p):
            return p
    sys.exit(f"cannot find shared/reference/published-vectors/{fname}")


PUBLISHED = find_published("argon2.json")
fk.self_test_argon2(PUBLISHED)
fk.PY_ARGON2_BUDGET = 40000  # Keycloak's default m=7168, t=5 stays in the pure-Python check (~12 s)

SCRIPT = "vectors/gen/gen_argon2.py"
DJANGO = f"{SCRIPT} (Django {DJ_VERSION} Argon2PasswordHasher via make_password, argon2-cffi {A2_VERSION})"
KC_SRC = "keycloak/keycloak crypto/default/src/main/java/org/keycloak/crypto/hash/Argon2PasswordHashProvider.java"
KEYCLOAK = (f"{SCRIPT} (Python port of Keycloak Argon2PasswordHashProvider.encodedCredential, {KC_SRC}; "
            f"tag from argon2-cffi {A2_VERSION} hash_secret_raw)")
TYPES = {"i": Type.I, "d": Type.D, "id": Type.ID}

cases = []
n_pos, n_neg = {}, {}
checkers = set()


def add(form, name, source, pw, phash, expect, error=None, slow=False):
    cases.append(case(name, source, pw, phash, expect, error=error, slow=slow))
    d = n_pos if expect == "match" else n_neg
    d[form] = d.get(form, 0) + 1


def independent(pw, salt, t, m, p, taglen, typ, version):
    """The tag by the pure-Python RFC 9106 Argon2 when cheap, else by argon2-cffi's raw API."""
    pw = pw.encode() if isinstance(pw, str) else pw
    if m * t <= fk.PY_ARGON2_BUDGET:
        checkers.add("pure-Python RFC 9106")
        return fk.argon2_py(pw, salt, t, m, p, taglen, typ, version)
    checkers.add("argon2-cffi hash_secret_raw")
    return hash_secret_raw(pw, salt, t, m, p, taglen, TYPES[typ], version)


# ---------------------------------------------------------------------------
# Django
dj_rng = random.Random(19_0)
dj.get_random_string = lambda n, allowed_chars=dj.RANDOM_STRING_CHARS: "".join(
    dj_rng.choice(allowed_chars) for _ in range(n))


class Tuned(dj.Argon2PasswordHasher):
    """Django's documented way to change the cost: a subclass with other time/memory/parallelism; `variety`
    I stands for the argon2i hasher of Django <= 3.1."""

    def __init__(self, t, m, p, variety=Type.ID):
        self.time_cost, self.memory_cost, self.parallelism, self.variety = t, m, p, variety

    def params(self):
        prm = super().params()
        prm.type = self.variety
        return prm


PHC = re.compile(r"^\$argon2(id|i|d)\$(?:v=(\d+)\$)?m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]*)\$([A-Za-z0-9+/]*)$")


def parse_phc(s):
    mt = PHC.match(s)
    typ, v, m, t, p, salt, h = mt.groups()
    return typ, int(v) if v else 0x10, int(m), int(t), int(p), fk.b64d(salt), fk.b64d(h)


def dj_ok(pw, s):
    try:
        return dj.check_password(pw, s)
    except (ValueError, TypeError, AssertionError, argon2.exceptions.InvalidHashError):
        return False


def dj_independent(pw, s):
    assert s.startswith("argon2$")
    typ, v, m, t, p, salt, h = parse_phc(s[len("argon2"):])
    return hmac.compare_digest(independent(pw, salt, t, m, p, len(h), typ, v), h)


def dj_match(name, source, pw, s, slow=False):
    assert dj_ok(pw, s) and not dj_ok(pw + "x", s), name
    assert dj_independent(pw, s), name
    add("django", name, source, pw, s, "match", slow=slow)


def dj_gen(name, pw, hasher=None):
    s = dj.make_password(pw, hasher=hasher or dj.Argon2PasswordHasher())
    dj_match(name, DJANGO, pw, s)
    return s


def dj_neg(name, base, pw, s, expect="mismatch", error=None, source=None):
    assert not dj_ok(pw, s), name
    if expect == "mismatch":
        assert not dj_independent(pw, s), name
    add("django", name, source or f"{DJANGO}, tampered from {base}", pw, s, expect, error)


# published Django strings (published-vectors/argon2.json, "Django argon2 test hashes")
doc = json.load(open(PUBLISHED, encoding="utf-8"))
pub = [v for sec in doc["sections"] for v in sec["vectors"] if v["id"].startswith("django-argon2-")]
assert len(pub) == 3, [v["id"] for v in pub]
for v in pub:
    dj_match(f"published-{v['id']}", v["source"], v["password"], v["encoded"])
    for neg in v.get("negative_passwords", []):
        dj_neg(f"published-{v['id']}-wrong-password", None, neg, v["encoded"], source=v["source"])

PW = "argon2 form password"
DJ_ID = dj_gen("django-argon2id-m256-t2-p1", PW, Tuned(2, 256, 1))
dj_gen("django-argon2id-m1024-t3-p2-unicode-password", "Ιωαννης пароль 🔑", Tuned(3, 1024, 2))
dj_gen("django-argon2id-m64-t1-p4-empty-password", "", Tuned(1, 64, 4))
dj_gen("django-argon2id-m512-t2-p1-long-password", "correct horse battery staple " * 10, Tuned(2, 512, 1))
dj_gen(f"django-argon2id-default-m{dj.Argon2PasswordHasher.memory_cost}-t{dj.Argon2PasswordHasher.time_cost}-"
       f"p{dj.Argon2PasswordHasher.parallelism}", PW)
DJ_I = dj_gen("django-argon2i-m256-t3-p1", PW, Tuned(3, 256, 1, Type.I))
dj_gen("django-argon2i-m128-t2-p2-unicode-password", "mötley crüe ♫ 日本語 🐦", Tuned(2, 128, 2, Type.I))
dj_gen("django-argon2i-m64-t1-p1-empty-password", "", Tuned(1, 64, 1, Type.I))

B = "django-argon2id-m256-t2-p1"
typ, v, m, t, p, salt, h = parse_phc(DJ_ID[len("argon2"):])
head, hash_part = DJ_ID.rsplit("$", 1)
salt_part = head.rsplit("$", 1)[1]
dj_neg("django-argon2id-wrong-password", B, "argon2 form passwore", DJ_ID)
dj_neg("django-argon2id-near-miss-trailing-space", B, PW + " ", DJ_ID)
dj_neg("django-argon2id-near-miss-empty", B, "", DJ_ID)
dj_neg("django-argon2id-hash-bit-flipped", B, PW, head + "$" + fk.b64(fk.flip(h, 100), pad=False))
dj_neg("django-argon2id-m-tampered", B, PW, DJ_ID.replace("m=256,", "m=264,", 1))
dj_neg("django-argon2id-t-tampered", B, PW, DJ_ID.replace(",t=2,", ",t=3,", 1))
dj_neg("django-argon2id-p-tampered", B, PW, DJ_ID.replace(",p=1$", ",p=2$", 1))
dj_neg("django-argon2id-relabelled-argon2i", B, PW, DJ_ID.replace("argon2$argon2id$", "argon2$argon2i$", 1))
dj_neg("django-argon2id-relabelled-argon2d", B, PW, DJ_ID.replace("argon2$argon2id$", "argon2$argon2d$", 1))
dj_neg("django-argon2id-version-tampered-16", B, PW, DJ_ID.replace("$v=19$", "$v=16$", 1))
dj_neg("django-argon2id-tag-cut-to-16-bytes", B + " (the tag length enters H0, so a shorter tag is no prefix)",
       PW, head + "$" + fk.b64(h[:16], pad=False))
dj_neg("django-argon2id-salt-cut-by-one-byte", B, PW,
       DJ_ID.replace("$" + salt_part + "$", "$" + fk.b64(salt[:-1], pad=False) + "$", 1))
assert fk.b64(fk.b64d(hash_part[:-1]), pad=False) != hash_part[:-1]  # non-canonical trailing bits
dj_neg("django-argon2id-hash-field-cut-mid-quantum", B + " (42 characters: trailing bits not zero)", PW, DJ_ID[:-1],
       "error", "invalid_hash")
dj_neg("django-argon2id-missing-hash", B, PW, head, "error", "invalid_hash")
dj_neg("django-argon2id-wrapper-without-dollar", B + " (the 'argon2' prefix glued to the PHC identifier)", PW,
       "argon2" + DJ_ID[len("argon2$"):], "error", "invalid_hash")
dj_neg("django-argon2id-m-below-8p", B, PW, DJ_ID.replace("m=256,", "m=7,", 1), "error", "invalid_param")
dj_neg("django-argon2id-version-17", B, PW, DJ_ID.replace("$v=19$", "$v=17$", 1), "error", "invalid_param")
_, _, _, _, _, salt_i, h_i = parse_phc(DJ_I[len("argon2"):])
dj_neg("django-argon2i-wrong-password", "django-argon2i-m256-t3-p1", "Argon2 form password", DJ_I)
dj_neg("django-argon2i-relabelled-argon2id", "django-argon2i-m256-t3-p1", PW,
       DJ_I.replace("argon2$argon2i$", "argon2$argon2id$", 1))
dj_neg("django-argon2i-hash-bit-flipped", "django-argon2i-m256-t3-p1", PW,
       DJ_I.rsplit("$", 1)[0] + "$" + fk.b64(fk.flip(h_i, 255), pad=False))


# ---------------------------------------------------------------------------
# Keycloak argon2 credentials
KC_TYPE = {"id": "id", "i": "i", "d": "d"}
KC_VERSION = {"1.3": 0x13, "1.0": 0x10}
kc_rng = random.Random(25_0)


def kc_encode(pw, salt, version, typ, hash_length, parallelism, memory, iterations):
    """Argon2PasswordHashProvider.encode: Argon2BytesGenerator (UTF-8 chars), java.util.Base64 encoder."""
    tag = hash_secret_raw(pw.encode("utf-8"), salt, iterations, memory, parallelism, hash_length, TYPES[typ],
                          KC_VERSION[version])
    return fk.b64(tag)


def kc_credential(value, salt, t, hash_length, memory, typ, version, parallelism, salt_b64=None, params=None):
    secret = json.dumps({"value": value, "salt": salt_b64 or fk.b64(salt), "additionalParameters": {}},
                        separators=(",", ":"))
    # the member order of the realm-export fixture quoted in exporters.md (a Java HashMap's order)
    ap = params if params is not None else {"hashLength": [str(hash_length)], "memory": [str(memory)],
                                            "type": [typ], "version": [version], "parallelism": [str(parallelism)]}
    cred = json.dumps({"hashIterations": t, "algorithm": "argon2", "additionalParameters": ap},
                      separators=(",", ":"))
    return json.dumps({"type": "password", "secretData": secret, "credentialData": cred}, separators=(",", ":"))


def kc_read(s):
    o = json.loads(s)
    sd, cd = json.loads(o["secretData"]), json.loads(o["credentialData"])
    ap = cd["additionalParameters"]
    first = lambda k: ap[k][0]  # MultivaluedHashMap.getFirst
    return (sd["value"], fk.b64d_strict(sd["salt"]), cd["hashIterations"], int(first("hashLength")),
            int(first("memory")), first("type"), first("version"), int(first("parallelism")), cd["algorithm"])


def kc_verify(pw, s):
    """Argon2PasswordHashProvider.verify: re-encode with the stored parameters, compare the base64 strings."""
    try:
        value, salt, t, hl, m, typ, ver, p, alg = kc_read(s)
        if alg != "argon2" or typ not in KC_TYPE or ver not in KC_VERSION:
            return False
        return kc_encode(pw, salt, ver, typ, hl, p, m, t) == value
    except (ValueError, KeyError, TypeError, IndexError, argon2.exceptions.HashingError):
        return False


def kc_independent(pw, s):
    value, salt, t, hl, m, typ, ver, p, alg = kc_read(s)
    tag = fk.b64d_strict(value)
    return len(tag) == hl and hmac.compare_digest(independent(pw, salt, t, m, p, hl, typ, KC_VERSION[ver]), tag)


def kc_match(name, source, pw, s):
    assert kc_verify(pw, s) and not kc_verify(pw + "x", s), name
    assert kc_independent(pw, s), name
    add("keycloak", name, source, pw, s, "match")


def kc_neg(name, source, pw, s, expect="mismatch", error=None):
    assert not kc_verify(pw, s), name
    if expect == "mismatch":
        assert not kc_independent(pw, s), name
    add("keycloak", name, source, pw, s, expect, error)


def kc_gen(name, pw, t=5, m=7168, p=1, hl=32, typ="id", ver="1.3", note=""):
    salt = bytes(kc_rng.randrange(256) for _ in range(16))  # Salt.generateSalt(): 16 bytes
    value = kc_encode(pw, salt, ver, typ, hl, p, m, t)
    s = kc_credential(value, salt, t, hl, m, typ, ver, p)
    kc_match(name, KEYCLOAK + note, pw, s)
    return s, value, salt


# exporters.md section 5: a conversion vector computed there (not a publication), and a realm-export fixture
# whose password exporters.md calls unpublished (it is "password")
EXP = "shared/reference/exporters.md section 5"
kc_match("keycloak-exporters-md-admin-m7168-t5", f"{EXP} (Argon2 conversion vector, computed there with argon2-cffi; "
         "not a publication); re-verified here", "admin",
         kc_credential("EqaoW0DVlcWJn830udZ0zI59EOhmehJVKeRS5/vh0V4=", None, 5, 32, 7168, "id", "1.3", 1,
                       salt_b64="x/bm4Y3DcuV9eU97ervkPA=="))
FIXTURE = ('{"type":"password","secretData":"{\\"value\\":\\"BruFLfFkjH/8erZ26NnrbkOrWiZuQyDRCHD9o0R6Scg=\\",'
           '\\"salt\\":\\"Cf9AYCE5pAbb4CKEF0GUTA==\\",\\"additionalParameters\\":{}}","credentialData":'
           '"{\\"hashIterations\\":5,\\"algorithm\\":\\"argon2\\",\\"additionalParameters\\":{\\"hashLength\\":'
           '[\\"32\\"],\\"memory\\":[\\"7168\\"],\\"type\\":[\\"id\\"],\\"version\\":[\\"1.3\\"],'
           '\\"parallelism\\":[\\"1\\"]}}"}')
FIXTURE_SRC = (f"{EXP} (Keycloak realm-export fixture, password said to be unpublished; the guess 'password' "
               "verifies, found and re-verified by this generator)")
kc_match("keycloak-realm-export-fixture-password", FIXTURE_SRC, "password", FIXTURE)
kc_neg("keycloak-realm-export-fixture-wrong-password", FIXTURE_SRC, "admin", FIXTURE)

KPW = "keycloak argon2 password"
kc_gen("keycloak-argon2id-default-m7168-t5-p1", KPW,
       note=" (Keycloak 25+ defaults: id, 1.3, hashLength 32, memory 7168, iterations 5, p 1)")
KB = "keycloak-argon2id-m512-t3-p1"
KC, KC_V, KC_S = kc_gen(KB, KPW, t=3, m=512)
kc_gen("keycloak-argon2id-m256-t2-p2-unicode-password", "Ιωαννης пароль 🔑", t=2, m=256, p=2)
kc_gen("keycloak-argon2id-m128-t1-p1-short-password", "ab", t=1, m=128)
kc_gen("keycloak-argon2i-m256-t3-p1", KPW, t=3, m=256, typ="i")
kc_gen("keycloak-argon2d-m256-t2-p1", KPW, t=2, m=256, typ="d")
KB10 = "keycloak-argon2id-version-1-0-m256-t2-p1"
KC10, KC10_V, KC10_S = kc_gen(KB10, KPW, t=2, m=256, ver="1.0")
kc_gen("keycloak-argon2id-hashlength-64-m256-t2-p4", KPW, t=2, m=256, p=4, hl=64)
kc_gen("keycloak-argon2id-hashlength-16-m64-t3-p1", KPW, t=3, m=64, hl=16)
kc_gen("keycloak-argon2id-long-password", "correct horse battery staple " * 10, t=1, m=512)

T = f"{KEYCLOAK}, tampered from {KB}"
kvb = fk.b64d_strict(KC_V)


def kc_base(value=None, salt=None, t=3, hl=32, m=512, typ="id", ver="1.3", p=1, params=None):
    return kc_credential(KC_V if value is None else value, KC_S if salt is None else salt, t, hl, m, typ, ver, p,
                         params=params)


kc_neg("keycloak-argon2-wrong-password", T, "keycloak argon2 passwore", KC)
kc_neg("keycloak-argon2-near-miss-case", T, KPW.upper(), KC)
kc_neg("keycloak-argon2-near-miss-trailing-space", T, KPW + " ", KC)
kc_neg("keycloak-argon2-value-bit-flipped", T, KPW, kc_base(value=fk.b64(fk.flip(kvb, 17))))
kc_neg("keycloak-argon2-memory-tampered", T, KPW, kc_base(m=520))
kc_neg("keycloak-argon2-iterations-tampered", T, KPW, kc_base(t=4))
kc_neg("keycloak-argon2-parallelism-tampered", T, KPW, kc_base(p=2))
kc_neg("keycloak-argon2-type-tampered-i", T, KPW, kc_base(typ="i"))
kc_neg("keycloak-argon2-version-tampered-1-0", T, KPW, kc_base(ver="1.0"))
kc_neg("keycloak-argon2-version-1-0-relabelled-1-3", f"{KEYCLOAK}, tampered from {KB10}", KPW,
       kc_credential(KC10_V, KC10_S, 2, 32, 256, "id", "1.3", 1))
kc_neg("keycloak-argon2-salt-truncated", T, KPW, kc_base(salt=KC_S[:15]))
kc_neg("keycloak-argon2-hashlength-disagrees", T + " (hashLength 64, a 32-byte value)", KPW, kc_base(hl=64),
       "error", "invalid_hash")
kc_neg("keycloak-argon2-value-cut-to-16-bytes", T + " (hashLength still 32)", KPW, kc_base(value=fk.b64(kvb[:16])),
       "error", "invalid_hash")
kc_neg("keycloak-argon2-value-string-truncated", T + " (not valid base64)", KPW, kc_base(value=KC_V[:-3]),
       "error", "invalid_hash")
kc_neg("keycloak-argon2-version-1-1", T, KPW, kc_base(ver="1.1"), "error", "invalid_param")
kc_neg("keycloak-argon2-type-unknown", T, KPW, kc_base(typ="x"), "error", "invalid_hash")
kc_neg("keycloak-argon2-memory-missing", T, KPW,
       kc_base(params={"hashLength": ["32"], "type": ["id"], "version": ["1.3"], "parallelism": ["1"]}),
       "error", "invalid_hash")
kc_neg("keycloak-argon2-memory-below-8p", T, KPW, kc_base(m=7), "error", "invalid_param")
kc_neg("keycloak-argon2-iterations-0", T, KPW, kc_base(t=0), "error", "param_out_of_range")

# ---------------------------------------------------------------------------
for form in sorted(set(n_pos) | set(n_neg)):
    print(f"{form}: {n_pos.get(form, 0)} positive, {n_neg.get(form, 0)} negative")
print("independent checkers used:", ", ".join(sorted(checkers)))
doc = {
    "type": "argon2",
    "description": (
        "Producer spellings of Argon2, without a config: Django argon2$<PHC string> (argon2id and argon2i, written "
        f"by Django {DJ_VERSION}'s Argon2PasswordHasher with argon2-cffi {A2_VERSION} and re-checked with its "
        "check_password, plus Django's published test strings); Keycloak argon2 password credentials as JSON text "
        "(secretData/credentialData with additionalParameters type/version/memory/parallelism/hashLength; a port "
        "of Keycloak's Argon2PasswordHashProvider). Every positive case is also recomputed by an independent "
        "Argon2 (pure-Python RFC 9106, checked against the phc-winner-argon2 KAT files, where cheap; "
        "argon2-cffi's raw API otherwise)."
    ),
    "cases": cases,
}
write(OUT, doc, ensure_ascii=False)
