#!/usr/bin/env python3
"""Known-answer cases for producer spellings of scrypt (passwordHashType "scrypt", no config).

Run:  python gen_scrypt_forms.py     (writes scrypt.json beside this file)

Forms:
  * Django    scrypt$<N>$<salt text>$<r>$<p>$<std base64, padded, of the 64-byte key>
    N is the cost itself (not log2); the salt is used as its UTF-8 text.  Written by Django's own
    ScryptPasswordHasher (make_password; other costs through a subclass with another work_factor/block_size/
    parallelism, Django's documented way) and re-checked with django.contrib.auth.hashers.check_password.
  * Werkzeug  scrypt:<N>:<r>:<p>$<salt text>$<lowercase hex of the 64-byte key>
    written by werkzeug.security.generate_password_hash(method="scrypt:N:r:p") and re-checked with its
    check_password_hash.

Every positive is also recomputed by independent scrypts: pyca/cryptography's Scrypt always, and the
pure-Python RFC 7914 scrypt of formskit.py (checked first against RFC 7914 section 12) where N*r*p is small;
every mismatch case is asserted to fail them.  Costs stay at N <= 2^14.  Deterministic: Django's and Werkzeug's
salt generators are replaced by seeded draws from their own alphabets.
"""
import importlib.metadata
import os
import random
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from django.conf import settings

settings.configure(PASSWORD_HASHERS=[
    "django.contrib.auth.hashers.MD5PasswordHasher",  # cheap default: check_password never "hardens" with it
    "django.contrib.auth.hashers.ScryptPasswordHasher",
])
from django.contrib.auth import hashers as dj  # noqa: E402
import werkzeug.security as wz  # noqa: E402

import formskit as fk  # noqa: E402
from vecfile import case, write  # noqa: E402

OUT = os.path.join(HERE, "..", "forms", "scrypt.json")
DJ_VERSION = importlib.metadata.version("Django")
WZ_VERSION = importlib.metadata.version("werkzeug")
assert DJ_VERSION.startswith("5.2."), DJ_VERSION
assert WZ_VERSION == "3.1.9", WZ_VERSION

SCRIPT = "vectors/gen/gen_scrypt.py"
DJANGO = f"{SCRIPT} (Django {DJ_VERSION} ScryptPasswordHasher via make_password)"
WERKZEUG = f"{SCRIPT} (Werkzeug {WZ_VERSION} generate_password_hash)"
DJANGO_PUB = ("https://github.com/django/django/blob/02dbf1667c6da61ea9346f7c9f174a158b896811/tests/auth_tests/"
              "test_hashers.py (TestUtilsHashPassScrypt.test_scrypt), via shared/reference/published-vectors/"
              "scrypt.json")

cases = []
n_pos, n_neg = {}, {}
checkers = set()


def add(form, name, source, pw, s, expect, error=None):
    cases.append(case(name, source, pw, s, expect, error=error))
    d = n_pos if expect == "match" else n_neg
    d[form] = d.get(form, 0) + 1


def indep(pw, salt, n, r, p, key):
    ok, ran = fk.scrypt_check(pw, salt, n, r, p, key)
    checkers.update(ran)
    return ok


# ---------------------------------------------------------------------------
# Django
dj_rng = random.Random(2021)
dj.get_random_string = lambda n, allowed_chars=dj.RANDOM_STRING_CHARS: "".join(
    dj_rng.choice(allowed_chars) for _ in range(n))


class Cost(dj.ScryptPasswordHasher):
    def __init__(self, n, r, p):
        self.work_factor, self.block_size, self.parallelism = n, r, p


def dj_parse(s):
    alg, n, salt, r, p, h = s.split("$")
    assert alg == "scrypt"
    return salt.encode(), int(n), int(r), int(p), fk.b64d_strict(h)


def dj_ok(pw, s):
    try:
        return dj.check_password(pw, s)
    except (ValueError, TypeError, AssertionError):
        return False


def dj_match(name, source, pw, s):
    assert dj_ok(pw, s) and not dj_ok(pw + "x", s), name
    assert indep(pw, *dj_parse(s)), name
    add("django", name, source, pw, s, "match")


def dj_gen(name, pw, cost=None):
    s = dj.make_password(pw, hasher=Cost(*cost) if cost else dj.ScryptPasswordHasher())
    dj_match(name, DJANGO, pw, s)
    return s


def dj_neg(name, base, pw, s, expect="mismatch", error=None, source=None):
    assert not dj_ok(pw, s), name
    if expect == "mismatch":
        assert not indep(pw, *dj_parse(s)), name
    add("django", name, source or f"{DJANGO}, tampered from {base}", pw, s, expect, error)


DJ_PUB = "scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw=="
dj_match("django-published-seasalt-n16384-r8-p1", DJANGO_PUB, "lètmein", DJ_PUB)
dj_neg("django-published-seasalt-wrong-password", None, "lètmeinz", DJ_PUB, source=DJANGO_PUB)

PW = "scrypt form password"
DJ = dj_gen("django-scrypt-n1024-r8-p1", PW, (1024, 8, 1))
dj_gen("django-scrypt-n2048-r4-p2-unicode-password", "Ιωαννης пароль 🔑", (2048, 4, 2))
dj_gen("django-scrypt-n1024-r8-p1-empty-password", "", (1024, 8, 1))
dj_gen("django-scrypt-n4096-r2-p1-long-password", "correct horse battery staple " * 10, (4096, 2, 1))
dj_gen(f"django-scrypt-default-n{dj.ScryptPasswordHasher.work_factor}-r{dj.ScryptPasswordHasher.block_size}-"
       f"p{dj.ScryptPasswordHasher.parallelism}", PW)

B = "django-scrypt-n1024-r8-p1"
alg, n_, salt_, r_, p_, h_ = DJ.split("$")
key = fk.b64d_strict(h_)


def dj_with(n=n_, salt=salt_, r=r_, p=p_, h=h_):
    return "$".join(["scrypt", str(n), salt, str(r), str(p), h])


dj_neg("django-scrypt-wrong-password", B, "scrypt form passwore", DJ)
dj_neg("django-scrypt-near-miss-trailing-space", B, PW + " ", DJ)
dj_neg("django-scrypt-near-miss-case", B, PW.title(), DJ)
dj_neg("django-scrypt-hash-bit-flipped", B, PW, dj_with(h=fk.b64(fk.flip(key, 333))))
dj_neg("django-scrypt-n-tampered", B, PW, dj_with(n=2048))
dj_neg("django-scrypt-r-tampered", B, PW, dj_with(r=4))
dj_neg("django-scrypt-p-tampered", B, PW, dj_with(p=2))
dj_neg("django-scrypt-salt-char-changed", B, PW, dj_with(salt=salt_[:-1] + ("a" if salt_[-1] != "a" else "b")))
dj_neg("django-scrypt-truncated-salt", B, PW, dj_with(salt=salt_[:-1]))
dj_neg("django-scrypt-salt-read-as-base64-is-wrong", B + " (the salt text is used as is, never base64-decoded)",
       PW, dj_with(salt="c2FsdHNhbHQ", h=fk.b64(fk.scrypt_pyca(PW.encode(), fk.b64d("c2FsdHNhbHQ"), 1024, 8, 1, 64))))
dj_neg("django-scrypt-hash-field-truncated", B + " (4 characters cut: not valid padded base64)", PW, DJ[:-4] + "==",
       "error", "invalid_hash")
dj_neg("django-scrypt-missing-hash", B, PW, DJ.rsplit("$", 1)[0], "error", "invalid_hash")
dj_neg("django-scrypt-missing-p", B, PW, "$".join(["scrypt", n_, salt_, r_, h_]), "error", "invalid_hash")
dj_neg("django-scrypt-n-not-power-of-two", B, PW, dj_with(n=1000), "error", "invalid_param")
dj_neg("django-scrypt-n-2-pow-21", B, PW, dj_with(n=2 ** 21), "error", "param_out_of_range")
dj_neg("django-scrypt-r-0", B, PW, dj_with(r=0), "error", "param_out_of_range")


# ---------------------------------------------------------------------------
# Werkzeug
wz_rng = random.Random(2023)
wz.gen_salt = lambda n: "".join(wz_rng.choice(wz.SALT_CHARS) for _ in range(n))


def wz_ok(pw, s):
    try:
        return wz.check_password_hash(s, pw)
    except (ValueError, TypeError):
        return False


def wz_parse(s):
    method, salt, h = s.split("$")
    name, n, r, p = method.split(":")
    assert name == "scrypt"
    return salt.encode(), int(n), int(r), int(p), bytes.fromhex(h)


def wz_gen(name, pw, method, salt_length=16):
    s = wz.generate_password_hash(pw, method=method, salt_length=salt_length)
    assert s.startswith(method + "$"), s
    assert wz_ok(pw, s) and not wz_ok(pw + "x", s), name
    salt, n, r, p, key = wz_parse(s)
    assert s.split("$")[2] == key.hex() and len(key) == 64, name
    assert indep(pw, salt, n, r, p, key), name
    add("werkzeug", name, WERKZEUG, pw, s, "match")
    return s


def wz_neg(name, base, pw, s, expect="mismatch", error=None, note="", producer_check=True):
    if producer_check:  # off only where Werkzeug would allocate gigabytes (its maxmem is 132*N*r*p)
        assert not wz_ok(pw, s), name
    if expect == "mismatch":
        assert not indep(pw, *wz_parse(s)), name
    add("werkzeug", name, f"{WERKZEUG}, tampered from {base}{note}", pw, s, expect, error)


WZ = wz_gen("werkzeug-scrypt-1024-8-1", PW, "scrypt:1024:8:1")
wz_gen("werkzeug-scrypt-16384-8-1", PW, "scrypt:16384:8:1")
wz_gen("werkzeug-scrypt-4096-8-2-unicode-password", "mötley crüe ♫ 日本語 🐦", "scrypt:4096:8:2")
wz_gen("werkzeug-scrypt-2048-4-1-empty-password", "", "scrypt:2048:4:1")
wz_gen("werkzeug-scrypt-1024-8-1-salt-length-1", PW, "scrypt:1024:8:1", salt_length=1)
wz_gen("werkzeug-scrypt-1024-8-1-salt-length-32", PW, "scrypt:1024:8:1", salt_length=32)
wz_gen("werkzeug-scrypt-1024-16-1-long-password", "correct horse battery staple " * 10, "scrypt:1024:16:1")

W = "werkzeug-scrypt-1024-8-1"
wmethod, wsalt, whex = WZ.split("$")


def flip_hex(s, i):
    return s[:i] + format(int(s[i], 16) ^ 1, "x") + s[i + 1:]


wz_neg("werkzeug-scrypt-wrong-password", W, "scrypt form passwore", WZ)
wz_neg("werkzeug-scrypt-near-miss-trailing-newline", W, PW + "\n", WZ)
wz_neg("werkzeug-scrypt-near-miss-empty", W, "", WZ)
wz_neg("werkzeug-scrypt-hex-digit-flipped", W, PW, f"{wmethod}${wsalt}${flip_hex(whex, 77)}")
wz_neg("werkzeug-scrypt-n-tampered", W, PW, f"scrypt:2048:8:1${wsalt}${whex}")
wz_neg("werkzeug-scrypt-r-tampered", W, PW, f"scrypt:1024:4:1${wsalt}${whex}")
wz_neg("werkzeug-scrypt-p-tampered", W, PW, f"scrypt:1024:8:2${wsalt}${whex}")
wz_neg("werkzeug-scrypt-salt-char-changed", W, PW, f"{wmethod}${wsalt[:-1]}{'a' if wsalt[-1] != 'a' else 'b'}${whex}")
wz_neg("werkzeug-scrypt-truncated-salt", W, PW, f"{wmethod}${wsalt[:-1]}${whex}")
wz_neg("werkzeug-scrypt-hex-odd-length", W, PW, f"{wmethod}${wsalt}${whex[:-1]}", "error", "invalid_hash")
wz_neg("werkzeug-scrypt-hex-not-hex", W, PW, f"{wmethod}${wsalt}${whex[:-2]}zz", "error", "invalid_hash")
wz_neg("werkzeug-scrypt-missing-hash", W, PW, f"{wmethod}${wsalt}", "error", "invalid_hash")
wz_neg("werkzeug-scrypt-method-two-params", W, PW, f"scrypt:1024:8${wsalt}${whex}", "error", "invalid_hash",
       note=" (check_password_hash raises: 'scrypt' takes 3 arguments)")
wz_neg("werkzeug-scrypt-n-not-power-of-two", W, PW, f"scrypt:1000:8:1${wsalt}${whex}", "error", "invalid_param")
wz_neg("werkzeug-scrypt-n-2-pow-21", W, PW, f"scrypt:2097152:8:1${wsalt}${whex}", "error", "param_out_of_range",
       producer_check=False)
wz_neg("werkzeug-scrypt-p-0", W, PW, f"scrypt:1024:8:0${wsalt}${whex}", "error", "param_out_of_range")

# ---------------------------------------------------------------------------
for form in sorted(set(n_pos) | set(n_neg)):
    print(f"{form}: {n_pos.get(form, 0)} positive, {n_neg.get(form, 0)} negative")
print("independent checkers used:", ", ".join(sorted(checkers)))
doc = {
    "type": "scrypt",
    "description": (
        "Producer spellings of scrypt, without a config: Django scrypt$<N>$<salt text>$<r>$<p>$<b64 64-byte key> "
        f"(written by Django {DJ_VERSION}'s ScryptPasswordHasher, re-checked with its check_password, plus Django's "
        f"published test string) and Werkzeug scrypt:<N>:<r>:<p>$<salt text>$<hex 64-byte key> (written by Werkzeug "
        f"{WZ_VERSION}'s generate_password_hash, re-checked with its check_password_hash). Every positive case is "
        "also recomputed with pyca/cryptography's Scrypt and, where cheap, a pure-Python RFC 7914 scrypt."
    ),
    "cases": cases,
}
write(OUT, doc, ensure_ascii=False)
