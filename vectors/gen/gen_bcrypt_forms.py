#!/usr/bin/env python3
"""Known-answer cases for the Django spelling of bcrypt (passwordHashType "bcrypt", no config).

Run:  python gen_bcrypt_forms.py     (writes bcrypt.json beside this file)

Form:
  * Django  bcrypt$<modular crypt string>, i.e. "bcrypt$" + "$2b$<cost, 2 digits>$<22-char salt><31-char hash>"
    (bcrypt's own base64 alphabet ./A-Za-z0-9), written by Django's own BCryptPasswordHasher (make_password,
    pyca/bcrypt underneath; other costs through a subclass with another `rounds`, Django's documented way) and
    re-checked with django.contrib.auth.hashers.check_password.  BCryptPasswordHasher hands the UTF-8 password
    to bcrypt unchanged, so bcrypt's 72-byte truncation applies (pyca/bcrypt 4.x truncates silently).

Every positive is re-checked by Django's check_password and recomputed by passlib 1.7.4's pure-Python
bcrypt (passlib.crypto._blowfish.raw_bcrypt, no shared code with pyca/bcrypt); every mismatch case is asserted
to fail both.  Deterministic: pyca/bcrypt's gensalt, which Django calls for a salt, is replaced by a seeded
draw of 16 bytes in bcrypt's base64.
"""
import hmac
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
    "django.contrib.auth.hashers.BCryptPasswordHasher",
])
from django.contrib.auth import hashers as dj  # noqa: E402
import bcrypt  # noqa: E402
from passlib.crypto._blowfish import raw_bcrypt  # noqa: E402

import formskit as fk  # noqa: E402
from vecfile import case, write  # noqa: E402

OUT = os.path.join(HERE, "..", "forms", "bcrypt.json")
DJ_VERSION = importlib.metadata.version("Django")
BC_VERSION = importlib.metadata.version("bcrypt")
PL_VERSION = importlib.metadata.version("passlib")
assert DJ_VERSION.startswith("5.2."), DJ_VERSION
assert BC_VERSION == "4.3.0", BC_VERSION
assert PL_VERSION == "1.7.4", PL_VERSION

SCRIPT = "vectors/gen/gen_bcrypt.py"
DJANGO = f"{SCRIPT} (Django {DJ_VERSION} BCryptPasswordHasher via make_password, pyca/bcrypt {BC_VERSION})"

cases = []
n_pos = n_neg = 0

rng = random.Random(1999)


def seeded_gensalt(rounds=12, prefix=b"2b"):
    return b"$" + prefix + b"$" + b"%02d" % rounds + b"$" + fk.bcrypt64_encode(
        bytes(rng.randrange(256) for _ in range(16))).encode()


bcrypt.gensalt = seeded_gensalt  # Django's salt() looks it up on the module at call time


class Rounds(dj.BCryptPasswordHasher):
    def __init__(self, rounds):
        self.rounds = rounds


def dj_ok(pw, s):
    try:
        return dj.check_password(pw, s)
    except (ValueError, TypeError, AssertionError):
        return False


def passlib_ok(pw, s):
    """bcrypt recomputed by passlib's pure-Python Blowfish: UTF-8 bytes, first 72 bytes."""
    assert s.startswith("bcrypt$$2")
    mcf = s[len("bcrypt$"):]
    _, ident, cost, rest = mcf.split("$")
    pwb = pw.encode("utf-8")[:72]
    return hmac.compare_digest(raw_bcrypt(pwb, ident, rest[:22].encode(), int(cost)), rest[22:].encode())


def add(name, source, pw, s, expect, error=None):
    global n_pos, n_neg
    cases.append(case(name, source, pw, s, expect, error=error))
    if expect == "match":
        n_pos += 1
    else:
        n_neg += 1


def dj_match(name, pw, s, source=DJANGO):
    assert dj_ok(pw, s) and not dj_ok("!" + pw, s), name
    assert passlib_ok(pw, s), name
    add(name, source, pw, s, "match")


def dj_gen(name, pw, rounds=None):
    s = dj.make_password(pw, hasher=dj.BCryptPasswordHasher() if rounds is None else Rounds(rounds))
    assert s.startswith("bcrypt$$2b$"), s
    dj_match(name, pw, s)
    return s


def dj_neg(name, base, pw, s, expect="mismatch", error=None, note="", producer_check=True):
    if producer_check:  # off only where Django would run 2^31 rounds
        assert not dj_ok(pw, s), name
    if expect == "mismatch":
        assert not passlib_ok(pw, s), name
    add(name, f"{DJANGO}, tampered from {base}{note}", pw, s, expect, error)


PW = "bcrypt form password"
BASE = dj_gen("django-bcrypt-2b-cost-4", PW, 4)
dj_gen("django-bcrypt-2b-cost-5-unicode-password", "Ιωαννης пароль 🔑", 5)
dj_gen("django-bcrypt-2b-cost-4-empty-password", "", 4)
dj_gen("django-bcrypt-2b-cost-6", "correct horse battery staple", 6)
dj_gen("django-bcrypt-2b-cost-4-password-72-bytes", "x" * 71 + "y", 4)
P73 = "x" * 71 + "yz"
S73 = dj_gen("django-bcrypt-2b-cost-4-password-73-bytes-truncated", P73, 4)
dj_gen("django-bcrypt-2b-cost-4-password-80-bytes-multibyte", "пароль " * 6 + "abcd", 4)
dj_gen(f"django-bcrypt-2b-default-cost-{dj.BCryptPasswordHasher.rounds}", PW)

# the 73rd byte is not hashed: the same string verifies the 72-byte prefix (Django and passlib agree)
dj_match("django-bcrypt-73-bytes-verified-by-72-byte-prefix", P73[:72], S73,
         source=f"{DJANGO}, the string of django-bcrypt-2b-cost-4-password-73-bytes-truncated (bcrypt reads 72 "
                "bytes)")

B = "django-bcrypt-2b-cost-4"
mcf = BASE[len("bcrypt$"):]
salt22, chk31 = mcf[7:29], mcf[29:]
assert len(salt22) == 22 and len(chk31) == 31


def with_chk(c):
    return "bcrypt$" + mcf[:29] + c


def flip_b64_char(c, i):
    alphabet = fk.BCRYPT64
    return c[:i] + alphabet[(alphabet.index(c[i]) + 1) % 64] + c[i + 1:]


dj_neg("django-bcrypt-wrong-password", B, "bcrypt form passwore", BASE)
dj_neg("django-bcrypt-near-miss-trailing-space", B, PW + " ", BASE)
dj_neg("django-bcrypt-near-miss-case", B, PW.capitalize(), BASE)
dj_neg("django-bcrypt-near-miss-empty", B, "", BASE)
dj_neg("django-bcrypt-checksum-char-changed", B, PW, with_chk(flip_b64_char(chk31, 10)))
dj_neg("django-bcrypt-salt-char-changed", B, PW, "bcrypt$" + mcf[:7] + flip_b64_char(salt22, 3) + chk31)
dj_neg("django-bcrypt-cost-tampered", B, PW, BASE.replace("$2b$04$", "$2b$05$", 1))
dj_neg("django-bcrypt-truncated-checksum", B, PW, BASE[:-1], "error", "invalid_hash")
dj_neg("django-bcrypt-missing-checksum", B, PW, BASE[:-31], "error", "invalid_hash")
dj_neg("django-bcrypt-wrapper-single-dollar", B, PW, "bcrypt" + BASE[len("bcrypt$"):], "error", "invalid_hash",
       note=" ('bcrypt' glued to the modular crypt string)")
dj_neg("django-bcrypt-wrapper-misspelt", B, PW, "bcrpyt$" + BASE[len("bcrypt$"):], "error", "invalid_hash")
dj_neg("django-bcrypt-cost-31", B, PW, BASE.replace("$2b$04$", "$2b$31$", 1), "error", "param_out_of_range",
       producer_check=False)
dj_neg("django-bcrypt-cost-3", B, PW, BASE.replace("$2b$04$", "$2b$03$", 1), "error", "param_out_of_range")
# $2a$/$2y$ compute the same function as $2b$ for passwords under 255 bytes: Django (pyca) and passlib verify
for ident in ("2a", "2y"):
    s = BASE.replace("$2b$", f"${ident}$", 1)
    dj_match(f"django-bcrypt-relabelled-{ident}", PW, s,
             source=f"{DJANGO}, relabelled from {B} (${ident}$ is the same function for passwords under 255 bytes)")

# BCryptSHA256PasswordHasher (Django's other bcrypt, bcrypt of hex(sha256(password))): not this type's algorithm
sha = dj.make_password(PW, hasher=type("S", (dj.BCryptSHA256PasswordHasher,), {"rounds": 4})())
assert sha.startswith("bcrypt_sha256$$2b$04$")
assert dj.BCryptSHA256PasswordHasher().verify(PW, sha)
add("django-bcrypt-sha256-unsupported",
    f"{SCRIPT} (Django {DJ_VERSION} BCryptSHA256PasswordHasher via make_password: bcrypt of hex(sha256(password)), "
    "which passwordHashType bcrypt does not compute)", PW, sha, "error", "unsupported")

# a NUL byte: BCryptPasswordHasher passes it to pyca/bcrypt, which hashes it; hashport refuses such passwords
nul = dj.make_password("bcrypt\0form", hasher=Rounds(4))
assert dj_ok("bcrypt\0form", nul)
add("django-bcrypt-password-with-nul", f"{DJANGO} (password with a NUL byte; hashport rejects NUL for bcrypt)",
    "bcrypt\0form", nul, "error", "password_contains_nul")

print(f"django: {n_pos} positive, {n_neg} negative")
doc = {
    "type": "bcrypt",
    "description": (
        "The Django spelling of bcrypt, bcrypt$<$2b$ modular crypt string>, without a config: written by Django "
        f"{DJ_VERSION}'s BCryptPasswordHasher (pyca/bcrypt {BC_VERSION}) and re-checked with its check_password; "
        f"every positive case is also recomputed with passlib {PL_VERSION}'s pure-Python bcrypt."
    ),
    "cases": cases,
}
write(OUT, doc, ensure_ascii=False)
