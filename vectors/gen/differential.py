#!/usr/bin/env python3
"""Differential check: fresh random cases from independent implementations,
verified by `hashport verify`; any disagreement fails.

    python vectors/gen/differential.py [HASHPORT] [--seed N | --seed random | --random] [--count N]

HASHPORT is the hashport binary (default target/release/hashport). Every run
generates --count base cases per type (default 30) with random passwords
(bytes, unicode, empty, long), salts and small parameters, writes each in every
accepted form, adds negatives (wrong password, flipped hash bit, tampered
parameter, truncated hash), feeds them all to `hashport verify` as JSON Lines
and compares each outcome with the expected one (a truncated hash must not
match: an error or a mismatch). The seed is fixed by default
(reproducible); --random (or --seed random) draws one and prints it.

Independent implementations (vectors/gen/requirements.txt):
- bcrypt: pyca/bcrypt (hashpw) and passlib (its $2a$/$2b$/$2y$ formatting);
  pyca's checkpw cross-checks every case it can read.
- scrypt: hashlib.scrypt (OpenSSL), Frontegg form written here; PHC form by
  passlib.hash.scrypt.
- firebase-scrypt: hashlib.scrypt and pyca/cryptography AES-256-CTR.
- pbkdf2: hashlib.pbkdf2_hmac; passlib's pbkdf2_* and django_pbkdf2_* forms;
  Werkzeug's generate_password_hash (pbkdf2:<digest>:<iterations>$salt$hex).
- argon2: argon2-cffi (the reference C implementation): PasswordHasher for
  v=19, the low-level core (with associated data) for v=16 and data=.

Exit status: 0 when hashport agrees with every case, 1 on any disagreement
(each printed with its case, its random test password and both outcomes),
2 on a usage or setup error.
"""

import argparse
import base64
import hashlib
import json
import logging
import os
import random
import subprocess
import sys
import time
import warnings

logging.disable(logging.CRITICAL)  # passlib's bcrypt backend probe is noisy
warnings.filterwarnings("ignore")

try:
    import argon2
    import bcrypt
    from argon2.low_level import ARGON2_VERSION, Type, core, ffi, lib
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from passlib import hash as ph
    import werkzeug.security as wz
except ImportError as e:  # pragma: no cover
    print(f"differential.py: missing package ({e}); pip install -r vectors/gen/requirements.txt", file=sys.stderr)
    sys.exit(2)

TYPES = ["bcrypt", "scrypt", "firebase-scrypt", "pbkdf2", "argon2"]
BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
STD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


# --------------------------------------------------------------------------
# Encoders

def b64(data, url=False, pad=True):
    s = (base64.urlsafe_b64encode(data) if url else base64.b64encode(data)).decode()
    return s if pad else s.rstrip("=")


def b64_any(rng, data):
    """Standard or URL-safe, padded or not."""
    return b64(data, url=rng.random() < 0.5, pad=rng.random() < 0.5)


def bcrypt_b64(data):
    bits = "".join(f"{b:08b}" for b in data)
    bits += "0" * (-len(bits) % 6)
    return "".join(BCRYPT_ALPHABET[int(bits[i:i + 6], 2)] for i in range(0, len(bits), 6))


def ab64(data):
    return b64(data, pad=False).replace("+", ".")


def flip(data, rng):
    a = bytearray(data)
    bit = rng.randrange(len(a) * 8)
    a[bit // 8] ^= 1 << (bit % 8)
    return bytes(a)


# --------------------------------------------------------------------------
# Random inputs

def password(rng, max_len=40, nul=True):
    kind = rng.randrange(6)
    if kind == 0:
        return b""
    if kind == 1:
        pw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, max_len)))
        return pw if nul else pw.replace(b"\0", b"\1")
    if kind == 2:
        return "".join(rng.choice("pässwörd€𝄞日本語abc XYZ!\"\\") for _ in range(rng.randrange(1, 20))).encode()
    if kind == 3:
        return bytes(rng.randrange(0x20, 0x7F) for _ in range(rng.randrange(70, 110)))
    return "".join(chr(rng.randrange(0x20, 0x7F)) for _ in range(rng.randrange(1, max_len))).encode()


def wrong(rng, pw, significant=None):
    """A different password that the algorithm cannot confuse with pw."""
    n = len(pw) if significant is None else min(len(pw), significant)
    if n == 0:
        return b"x"
    a = bytearray(pw)
    i = rng.randrange(n)
    a[i] ^= 1 << rng.randrange(7)  # low bits: keeps ASCII ASCII
    if a[i] == 0:
        a[i] = 0x41
    return bytes(a)


def text_salt(rng, lo, hi):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEF0123456789./+=é") for _ in range(rng.randint(lo, hi)))


# --------------------------------------------------------------------------
# Cases

class Cases:
    def __init__(self):
        self.items = []

    def add(self, name, ty, hash_, config, pw, expect):
        self.items.append({"name": name, "type": ty, "hash": hash_, "config": config, "password": pw, "expect": expect})


def gen_bcrypt(rng, cases, i):
    cost = rng.randint(4, 5)
    salt = bcrypt_b64(bytes(rng.randrange(256) for _ in range(16)))
    pw = password(rng, nul=False)
    bad = wrong(rng, pw, 72)
    for ident in ["2a", "2b", "2y"]:
        setting = f"${ident}${cost:02d}${salt}"
        h = bcrypt.hashpw(pw, setting.encode()).decode()
        assert h.startswith(setting)
        if ident != "2a" or all(b < 0x80 for b in pw):
            # passlib formats the same hash independently of pyca's string.
            ph_hash = ph.bcrypt.using(ident=ident, rounds=cost, salt=salt, truncate_error=False).hash(pw)
            assert ph_hash == h, (ph_hash, h)
        assert bcrypt.checkpw(pw, h.encode()) and not bcrypt.checkpw(bad, h.encode())
        name = f"bcrypt-{i}-{ident}"
        cases.add(name, "bcrypt", h, None, pw, "match")
        cases.add(name + "-wrong-password", "bcrypt", h, None, bad, "mismatch")
        digest = bcrypt_b64_decode(h[29:], 23)
        cases.add(name + "-flipped-bit", "bcrypt", h[:29] + bcrypt_b64(flip(digest, rng)), None, pw, "mismatch")
        other = f"${ident}${cost + 1:02d}${h[7:]}"
        cases.add(name + "-tampered-cost", "bcrypt", other, None, pw, "mismatch")
        cases.add(name + "-truncated", "bcrypt", h[:-1], None, pw, "nomatch")
        if len(pw) > 72:
            cases.add(name + "-72-byte-prefix", "bcrypt", h, None, pw[:72], "match")


def bcrypt_b64_decode(s, n):
    bits = "".join(f"{BCRYPT_ALPHABET.index(c):06b}" for c in s)
    return bytes(int(bits[k * 8:k * 8 + 8], 2) for k in range(n))


def scrypt_key(pw, salt, n, r, p, dklen):
    return hashlib.scrypt(pw, salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=256 << 20)


def gen_scrypt(rng, cases, i):
    ln = rng.randint(1, 10)
    n = 1 << ln
    r = rng.randint(1, 8)
    # OpenSSL requires N < 2^(16 r); hashport does not (RFC 7914 does).
    while ln >= 16 * r:
        r += 1
    p = rng.randint(1, 3)
    key_len = rng.choice([16, 32, 33, 64, rng.randint(10, 100)])
    pw = password(rng)
    bad = wrong(rng, pw)
    sep = rng.choice([":", "$", "|", "::"])
    salt_text = text_salt(rng, 0, 24)
    salt_bytes = bytes(rng.randrange(256) for _ in range(rng.randint(0, 24)))
    for salt_enc in ["utf8", "hex", "base64"]:
        salt = salt_text.encode() if salt_enc == "utf8" else salt_bytes
        salt_field = {"utf8": salt_text, "hex": salt_bytes.hex(), "base64": b64_any(rng, salt_bytes)}[salt_enc]
        key = scrypt_key(pw, salt, n, r, p, key_len)
        key_enc = rng.choice(["hex", "base64"])
        key_field = key.hex() if key_enc == "hex" else b64_any(rng, key)
        if key_enc == "hex" and rng.random() < 0.3:
            key_field = key_field.upper()
        cfg = {"saltSeparator": sep, "N": n, "r": r, "p": p, "keyLen": key_len}
        if salt_enc != "utf8" or rng.random() < 0.3:
            cfg["saltEncoding"] = salt_enc
        if rng.random() < 0.5:
            cfg["keyEncoding"] = key_enc
        config = json.dumps(cfg)
        name = f"scrypt-{i}-frontegg-salt-{salt_enc}-key-{key_enc}"
        hash_ = salt_field + sep + key_field
        cases.add(name, "scrypt", hash_, config, pw, "match")
        cases.add(name + "-wrong-password", "scrypt", hash_, config, bad, "mismatch")
        bad_key = flip(key, rng)
        bad_field = bad_key.hex() if key_enc == "hex" else b64(bad_key, pad=key_field.endswith("="), url=("-" in key_field or "_" in key_field))
        cases.add(name + "-flipped-bit", "scrypt", salt_field + sep + bad_field, config, pw, "mismatch")
        tampered = dict(cfg, N=n * 2)
        cases.add(name + "-tampered-n", "scrypt", hash_, json.dumps(tampered), pw, "mismatch")
        cases.add(name + "-truncated", "scrypt", hash_.rstrip("=")[:-2], config, pw, "nomatch")
    # PHC, formatted by passlib (its own base64 handling).
    phc_salt = bytes(rng.randrange(256) for _ in range(rng.randint(8, 24)))
    h = ph.scrypt.using(rounds=ln, block_size=r, parallelism=p, salt=phc_salt).hash(pw)
    assert ph.scrypt.verify(pw, h) and not ph.scrypt.verify(bad, h)
    name = f"scrypt-{i}-phc-passlib"
    cases.add(name, "scrypt", h, None, pw, "match")
    cases.add(name + "-wrong-password", "scrypt", h, None, bad, "mismatch")
    head, _, digest = h.rpartition("$")
    raw = base64.b64decode(digest + "=" * (-len(digest) % 4))
    cases.add(name + "-flipped-bit", "scrypt", f"{head}${b64(flip(raw, rng), pad=False)}", None, pw, "mismatch")
    cases.add(name + "-tampered-r", "scrypt", h.replace(f",r={r},", f",r={r + 1},"), None, pw, "mismatch")


def firebase_hash(pw, salt, sep, signer, mem_cost, rounds):
    key = scrypt_key(pw, salt + sep, 1 << mem_cost, rounds, 1, 64)
    enc = Cipher(algorithms.AES(key[:32]), modes.CTR(bytes(16))).encryptor()
    return enc.update(signer) + enc.finalize()


def gen_firebase(rng, cases, i):
    mem_cost = rng.randint(1, 10)
    rounds = rng.randint(1, 8)
    while mem_cost >= 16 * rounds:
        rounds += 1
    salt = bytes(rng.randrange(256) for _ in range(rng.randint(1, 24)))
    sep = bytes(rng.randrange(256) for _ in range(rng.randint(0, 4)))
    signer = bytes(rng.randrange(256) for _ in range(rng.choice([16, 32, 64, rng.randint(10, 80)])))
    pw = password(rng)
    bad = wrong(rng, pw)
    h = firebase_hash(pw, salt, sep, signer, mem_cost, rounds)
    sep_text = b64_any(rng, sep)
    cfg = {"memCost": mem_cost, "rounds": rounds, "saltSeparator": sep_text, "signerKey": b64_any(rng, signer)}
    for where in ["config", "hash"]:
        c = dict(cfg)
        h_text = b64_any(rng, h)
        if where == "config":
            c["salt"] = b64_any(rng, salt)
            hash_ = h_text
            flipped = b64(flip(h, rng))
        else:
            salt_text = b64_any(rng, salt)
            hash_ = salt_text + sep_text + h_text
            flipped = salt_text + sep_text + b64(flip(h, rng))
        config = json.dumps(c)
        name = f"firebase-{i}-salt-in-{where}"
        cases.add(name, "firebase-scrypt", hash_, config, pw, "match")
        cases.add(name + "-wrong-password", "firebase-scrypt", hash_, config, bad, "mismatch")
        cases.add(name + "-flipped-bit", "firebase-scrypt", flipped, config, pw, "mismatch")
        cases.add(name + "-tampered-rounds", "firebase-scrypt", hash_, json.dumps(dict(c, rounds=rounds + 1)), pw, "mismatch")
        cases.add(name + "-truncated", "firebase-scrypt", hash_.rstrip("=")[:-4], config, pw, "nomatch")


PBKDF2 = {
    "sha1": (20, ph.pbkdf2_sha1, ph.django_pbkdf2_sha1),
    "sha256": (32, ph.pbkdf2_sha256, ph.django_pbkdf2_sha256),
    "sha512": (64, None, None),
}


def gen_pbkdf2(rng, cases, i):
    digest = rng.choice(list(PBKDF2))
    size, passlib_handler, django_handler = PBKDF2[digest]
    iterations = rng.randint(1, 2000)
    pw = password(rng)
    bad = wrong(rng, pw)
    salt = bytes(rng.randrange(256) for _ in range(rng.randint(0, 24)))
    key_len = rng.choice([size, size, rng.randint(10, 100)])
    dk = hashlib.pbkdf2_hmac(digest, pw, salt, iterations, key_len)
    ident = {"sha1": rng.choice(["pbkdf2", "pbkdf2-sha1"]), "sha256": "pbkdf2-sha256", "sha512": "pbkdf2-sha512"}[digest]
    forms = []
    # PHC, with and without l=.
    with_l = rng.random() < 0.5 or key_len != size
    params = f"i={iterations},l={key_len}" if with_l else f"i={iterations}"
    forms.append(("phc", f"${ident}${params}${b64_any(rng, salt)}$", dk, lambda d: b64(d, pad=False), None))
    # Raw hash with a config.
    enc = rng.choice(["hex", "base64"])
    text_s = text_salt(rng, 0, 16)
    salt_enc = rng.choice(["utf8", "hex", "base64"])
    salt_for_raw = text_s.encode() if salt_enc == "utf8" else salt
    dk_raw = hashlib.pbkdf2_hmac(digest, pw, salt_for_raw, iterations, key_len)
    cfg = {"digest": rng.choice([digest, digest.upper(), digest.replace("sha", "SHA-")]), "iterations": iterations,
           "salt": {"utf8": text_s, "hex": salt.hex(), "base64": b64_any(rng, salt)}[salt_enc]}
    if salt_enc != "utf8":
        cfg["saltEncoding"] = salt_enc
    if key_len != size or rng.random() < 0.5:
        cfg["keyLen"] = key_len
    if rng.random() < 0.5:
        cfg["hashEncoding"] = enc
    forms.append(("raw-" + enc, "", dk_raw, (lambda d: d.hex()) if enc == "hex" else (lambda d: b64(d)), json.dumps(cfg)))
    for label, prefix, key, encode, config in forms:
        name = f"pbkdf2-{i}-{digest}-{label}"
        hash_ = prefix + encode(key)
        cases.add(name, "pbkdf2", hash_, config, pw, "match")
        cases.add(name + "-wrong-password", "pbkdf2", hash_, config, bad, "mismatch")
        cases.add(name + "-flipped-bit", "pbkdf2", prefix + encode(flip(key, rng)), config, pw, "mismatch")
    # passlib's own strings: $pbkdf2-sha256$rounds$ab64$ab64 and Django's.
    if passlib_handler is not None:
        h = passlib_handler.using(rounds=iterations, salt=salt or b"\0").hash(pw)
        assert passlib_handler.verify(pw, h) and not passlib_handler.verify(bad, h)
        name = f"pbkdf2-{i}-{digest}-passlib"
        cases.add(name, "pbkdf2", h, None, pw, "match")
        cases.add(name + "-wrong-password", "pbkdf2", h, None, bad, "mismatch")
        parts = h.split("$")
        cases.add(name + "-tampered-rounds", "pbkdf2", "$".join(parts[:2] + [str(iterations + 1)] + parts[3:]), None, pw, "mismatch")
        dj_salt = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(rng.randint(1, 12)))
        h = django_handler.using(rounds=iterations, salt=dj_salt).hash(pw)
        assert django_handler.verify(pw, h)
        name = f"pbkdf2-{i}-{digest}-django"
        cases.add(name, "pbkdf2", h, None, pw, "match")
        cases.add(name + "-wrong-password", "pbkdf2", h, None, bad, "mismatch")
        cases.add(name + "-truncated", "pbkdf2", h.rstrip("=")[:-4], None, pw, "nomatch")
    # Werkzeug's pbkdf2:<digest>:<iterations>$<salt text>$<hex>, for text passwords. Its salt comes from a side
    # generator seeded by this case, so the main stream (and every other case of a seed) stays as it was.
    try:
        text_pw = pw.decode("utf-8")
    except UnicodeDecodeError:
        return
    side = random.Random(hashlib.sha256(b"werkzeug" + pw + salt).digest())
    h = werkzeug_hash(side, text_pw, f"pbkdf2:{digest}:{iterations}", side.randint(1, 24))
    assert wz.check_password_hash(h, text_pw) and not wz.check_password_hash(h, text_pw + "x")
    method, wz_salt, hexkey = h.split("$")
    assert hexkey == hashlib.pbkdf2_hmac(digest, pw, wz_salt.encode(), iterations).hex()
    name = f"pbkdf2-{i}-{digest}-werkzeug"
    cases.add(name, "pbkdf2", h, None, pw, "match")
    cases.add(name + "-wrong-password", "pbkdf2", h, None, bad, "mismatch")
    cases.add(name + "-flipped-bit", "pbkdf2", f"{method}${wz_salt}${flip(bytes.fromhex(hexkey), side).hex()}", None, pw,
              "mismatch")
    cases.add(name + "-tampered-iterations", "pbkdf2", f"pbkdf2:{digest}:{iterations + 1}${wz_salt}${hexkey}", None, pw,
              "mismatch")
    cases.add(name + "-truncated", "pbkdf2", h[:-2], None, pw, "nomatch")


def werkzeug_hash(rng, pw, method, salt_length):
    """werkzeug.security.generate_password_hash, its salt drawn from rng (Werkzeug's SALT_CHARS) instead of
    `secrets`, so that a seed reproduces its cases."""
    saved = wz.gen_salt
    wz.gen_salt = lambda n: "".join(rng.choice(wz.SALT_CHARS) for _ in range(n))
    try:
        return wz.generate_password_hash(pw, method=method, salt_length=salt_length)
    finally:
        wz.gen_salt = saved


ARGON2_TYPES = {"argon2d": Type.D, "argon2i": Type.I, "argon2id": Type.ID}


def argon2_raw(pw, salt, ad, t, m, p, hash_len, typ, version):
    """argon2 via the reference C implementation's argon2_ctx (argon2-cffi's
    low-level core), which takes associated data and any version."""
    out = ffi.new("uint8_t[]", hash_len)
    keep = [ffi.new("uint8_t[]", pw or b"\0"), ffi.new("uint8_t[]", salt), ffi.new("uint8_t[]", ad or b"\0")]
    ctx = ffi.new("argon2_context *", dict(
        version=version, out=out, outlen=hash_len,
        pwd=keep[0], pwdlen=len(pw), salt=keep[1], saltlen=len(salt),
        secret=ffi.NULL, secretlen=0, ad=keep[2] if ad else ffi.NULL, adlen=len(ad),
        t_cost=t, m_cost=m, lanes=p, threads=p,
        allocate_cbk=ffi.NULL, free_cbk=ffi.NULL, flags=lib.ARGON2_DEFAULT_FLAGS,
    ))
    rc = core(ctx, typ.value)
    if rc != lib.ARGON2_OK:
        raise RuntimeError(f"argon2 core failed: {rc}")
    return bytes(ffi.buffer(out, hash_len))


def gen_argon2(rng, cases, i):
    variant = rng.choice(list(ARGON2_TYPES))
    typ = ARGON2_TYPES[variant]
    p = rng.randint(1, 4)
    m = rng.randint(8 * p, 512)  # not always a multiple of 4p
    t = rng.randint(1, 3)
    hash_len = rng.choice([16, 32, rng.randint(10, 64)])
    salt = bytes(rng.randrange(256) for _ in range(rng.randint(8, 32)))
    pw = password(rng)
    bad = wrong(rng, pw)
    # v=19 through the high-level API (its own PHC formatting).
    h = argon2.PasswordHasher(time_cost=t, memory_cost=m, parallelism=p, hash_len=hash_len,
                              salt_len=len(salt), type=typ).hash(pw, salt=salt)
    assert argon2.PasswordHasher().verify(h, pw)
    name = f"argon2-{i}-{variant}-cffi"
    cases.add(name, "argon2", h, None, pw, "match")
    cases.add(name + "-wrong-password", "argon2", h, None, bad, "mismatch")
    head, _, digest = h.rpartition("$")
    raw = base64.b64decode(digest + "=" * (-len(digest) % 4))
    cases.add(name + "-flipped-bit", "argon2", f"{head}${b64(flip(raw, rng), pad=False)}", None, pw, "mismatch")
    cases.add(name + "-tampered-t", "argon2", h.replace(f",t={t},", f",t={t + 1},"), None, pw, "mismatch")
    cases.add(name + "-truncated", "argon2", h[: len(h) - len(digest)] + digest[:4], None, pw, "nomatch")
    # v=16 (with and without v=) and associated data, through the core.
    for version, ad in [(0x10, b""), (0x13, bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))), (0x10, b"ad")]:
        raw = argon2_raw(pw, salt, ad, t, m, p, hash_len, typ, version)
        v = f"v={version}$" if version == 0x13 or rng.random() < 0.5 else ""
        data = f",data={b64_any(rng, ad)}" if ad else ""
        prefix = f"${variant}${v}m={m},t={t},p={p}{data}${b64_any(rng, salt)}$"
        name = f"argon2-{i}-{variant}-core-v{version}{'-data' if ad else ''}{'-no-v' if not v else ''}"
        cases.add(name, "argon2", prefix + b64_any(rng, raw), None, pw, "match")
        cases.add(name + "-wrong-password", "argon2", prefix + b64(raw, pad=False), None, bad, "mismatch")
        cases.add(name + "-flipped-bit", "argon2", prefix + b64(flip(raw, rng), pad=False), None, pw, "mismatch")


GENERATORS = {"bcrypt": gen_bcrypt, "scrypt": gen_scrypt, "firebase-scrypt": gen_firebase, "pbkdf2": gen_pbkdf2, "argon2": gen_argon2}


# --------------------------------------------------------------------------
# Running hashport

def line_of(case):
    rec = {"passwordHashType": case["type"], "passwordHash": case["hash"]}
    if case["config"] is not None:
        rec["passwordHashConfig"] = case["config"]
    try:
        rec["password"] = case["password"].decode("utf-8")
    except UnicodeDecodeError:
        rec["passwordHex"] = case["password"].hex()
    return json.dumps(rec, ensure_ascii=False)


def run_hashport(binary, cases):
    args = [binary, "verify", "-"]
    try:
        helptext = subprocess.run([binary, "verify", "--help"], capture_output=True, text=True, timeout=30).stdout
    except OSError as e:
        print(f"differential.py: cannot run {binary}: {e}", file=sys.stderr)
        sys.exit(2)
    if "--no-upgrade" in helptext:
        args.insert(2, "--no-upgrade")  # upgrades would only add time
    stdin = "".join(line_of(c) + "\n" for c in cases).encode()
    proc = subprocess.run(args, input=stdin, capture_output=True, timeout=600)
    if proc.returncode != 0:
        print(f"differential.py: hashport exited {proc.returncode}: {proc.stderr.decode(errors='replace')}", file=sys.stderr)
        sys.exit(1)
    out = [json.loads(l) for l in proc.stdout.decode().splitlines()]
    if len(out) != len(cases):
        print(f"differential.py: {len(cases)} lines in, {len(out)} out", file=sys.stderr)
        sys.exit(1)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("hashport", nargs="?", default="target/release/hashport")
    ap.add_argument("--seed", default="1", help="an integer, or 'random'")
    ap.add_argument("--random", action="store_true", help="same as --seed random")
    ap.add_argument("--count", type=int, default=30, help="base cases per type (default 30)")
    ap.add_argument("--types", default=",".join(TYPES), help="comma-separated subset of types")
    args = ap.parse_args()
    if args.random or args.seed == "random":
        seed = int.from_bytes(os.urandom(8), "big")
    else:
        try:
            seed = int(args.seed)
        except ValueError:
            ap.error("--seed takes an integer or 'random'")
    types = [t for t in args.types.split(",") if t]
    for t in types:
        if t not in GENERATORS:
            ap.error(f"unknown type {t}")
    start = time.monotonic()
    cases = Cases()
    for ty in types:
        rng = random.Random(f"{seed}-{ty}")
        for i in range(args.count):
            GENERATORS[ty](rng, cases, i)
    generated = time.monotonic()
    out = run_hashport(args.hashport, cases.items)
    failures = []
    for n, (case, got) in enumerate(zip(cases.items, out), 1):
        outcome = got.get("outcome")
        want = ("mismatch", "error") if case["expect"] == "nomatch" else (case["expect"],)
        if got.get("line") != n or outcome not in want:
            failures.append((case, got))
    counts = {}
    for c in cases.items:
        counts[c["expect"]] = counts.get(c["expect"], 0) + 1
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    print(f"differential: seed {seed}, {len(cases.items)} cases ({summary}) over {', '.join(types)}; "
          f"generated in {generated - start:.1f}s, hashport in {time.monotonic() - generated:.1f}s")
    for case, got in failures:
        pw = case["password"]
        shown = pw.decode("utf-8") if pw.decode("utf-8", "replace") == pw.decode("utf-8", "ignore") else "hex:" + pw.hex()
        print(f"DISAGREE {case['name']}: expected {case['expect']}, hashport {json.dumps(got)}\n"
              f"  type {case['type']} hash {case['hash'][:300]!r} config {case['config']!r} password {shown!r}")
    print(f"{len(cases.items) - len(failures)} passed, {len(failures)} failed")
    if failures:
        print(f"reproduce: python vectors/gen/differential.py {args.hashport} --seed {seed} --count {args.count}")
        sys.exit(1)


if __name__ == "__main__":
    main()
