#!/usr/bin/env python3
"""Generate the example vendor export files under examples/exports/.

Every file is written in the layout its vendor's exporter writes (see
README.md next to this script and /work/shared/reference/exporters.md).
Every user with a password has a known plaintext, and every hash is made by
the producer's own library where one is installable (Django's hashers,
pyca bcrypt, argon2-cffi, Werkzeug) or by hashlib / cryptography following
the producer's published algorithm (Auth0's Node PHC and scrypt, Firebase's
modified scrypt, Keycloak's PBKDF2 and Argon2 encodings, Clerk's digests).

Deterministic: every salt, id, key and timestamp comes from a per-source
random.Random(seed) (SEEDS below) or is written out literally, so running the
script twice gives byte-identical files.

    python3 -m venv /tmp/exp-venv
    /tmp/exp-venv/bin/pip install -r examples/exports/requirements.txt
    /tmp/exp-venv/bin/python examples/exports/generate.py
    # optional: also run every carried user through a hashport binary
    /tmp/exp-venv/bin/python examples/exports/generate.py --hashport target/release/hashport

Self-check: before anything is written, every carried user's stored hash is
re-verified against its password with the producer's own verify function
(Django check_password, bcrypt.checkpw, argon2 PasswordHasher.verify,
werkzeug check_password_hash) or by recomputation with hashlib, and the
Firebase implementation must first reproduce the firebase/scrypt README vector.
"""

import argparse
import base64
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import argon2
import argon2.low_level
import bcrypt
import werkzeug.security
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

OUT = Path(__file__).resolve().parent

SEEDS = {
    "auth0": 1001,
    "auth0-import": 1002,
    "firebase": 1003,
    "supabase": 1004,
    "clerk": 1005,
    "keycloak": 1006,
    "django": 1007,
}

MANIFEST = []      # one entry per user per file
HASHPORT = []      # (file, position, record) for the optional --hashport check
WRITTEN = {}       # relative path -> text


# ---------------------------------------------------------------- helpers

def b64(b):
    return base64.b64encode(b).decode()


def b64np(b):
    return base64.b64encode(b).decode().rstrip("=")


BCRYPT_ALPHABET = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
STD_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def bcrypt_salt(rng, cost, prefix=b"2b"):
    """A deterministic bcrypt salt string for pyca bcrypt.hashpw."""
    s = base64.b64encode(rng.randbytes(16)).rstrip(b"=")
    s = s.translate(bytes.maketrans(STD_ALPHABET, BCRYPT_ALPHABET))
    return b"$" + prefix + b"$" + b"%02d" % cost + b"$" + s


def make_bcrypt(rng, password, cost, prefix=b"2b"):
    h = bcrypt.hashpw(password.encode(), bcrypt_salt(rng, cost, prefix)).decode()
    assert bcrypt.checkpw(password.encode(), h.encode())
    return h


def make_argon2(rng, password, t, m, p, typ=argon2.low_level.Type.ID, salt_len=16):
    h = argon2.low_level.hash_secret(password.encode(), rng.randbytes(salt_len),
                                     time_cost=t, memory_cost=m, parallelism=p,
                                     hash_len=32, type=typ).decode()
    assert argon2.PasswordHasher().verify(h, password)
    return h


def rand_str(rng, n, alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def rand_uuid(rng):
    return str(uuid.UUID(bytes=rng.randbytes(16), version=4))


def firebase_scrypt(password, salt, sep, signer, rounds, mem_cost):
    """firebase/scrypt: scrypt(pw, salt||sep, N=2^mem_cost, r=rounds, p=1, 64),
    then AES-256-CTR(key=dk[:32], 16 zero bytes initial counter) over the signer key."""
    dk = hashlib.scrypt(password, salt=salt + sep, n=1 << mem_cost, r=rounds, p=1,
                        dklen=64, maxmem=256 * 1024 * 1024)
    enc = Cipher(algorithms.AES(dk[:32]), modes.CTR(b"\0" * 16)).encryptor()
    return dk, enc.update(signer) + enc.finalize()


def check_firebase_kat():
    """The firebase/scrypt README vector (formats.md KAT-F1), key and hash."""
    vec = {
        "signer": "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==",
        "sep": "Bw==", "salt": "42xEC+ixf3L2lw==", "password": "user1password",
        "dk": "6H+iLZtOO+a71BIU8vmPjHi2lL0X4Swrc1AQVKIJnOEf6JZIPGikQ8bPn/io3+Hf4q2qS+bIyht2hmh6JvSIMQ==",
        "hash": "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==",
    }
    d = base64.b64decode
    dk, h = firebase_scrypt(vec["password"].encode(), d(vec["salt"]), d(vec["sep"]),
                            d(vec["signer"]), 8, 14)
    assert b64(dk) == vec["dk"], "firebase scrypt intermediate key differs from the README vector"
    assert b64(h) == vec["hash"], "firebase scrypt hash differs from the README vector"
    # KAT-F2 (Aoang/firebase-scrypt, Kratos) as well
    _, h2 = firebase_scrypt(b"8x4WjoDbSxJZdR", d("sPtDhWcd1MfdAw=="), d("Bw=="),
                            d("YE0dO4bwD4JnJafh6lZZfkp1MtKzuKAXQcDCJNJNyeCHairWHKENOkbh3dzwaCdizzOspwr/FITUVlnOAwPKyw=="), 8, 14)
    assert b64(h2) == "xbSou7FOl6mChCyzpCPIQ7tku7nsQMTFtyOZSXXd7tjBa4NtimOx7v42Gv2SfzPQu1oxM2/k4SsbOu73wlKe1A=="


def entry(file, position, uid, email, password, expect, reason=None, htype=None,
          note="", role="users", record=None):
    assert expect in ("carried", "reject")
    assert (expect == "carried") == (reason is None)
    assert (expect == "carried") == (htype is not None)
    MANIFEST.append({
        "file": file, "position": position, "id": uid, "email": email,
        "password": password, "expect": expect, "reason": reason,
        "passwordHashType": htype, "note": note, "role": role,
    })
    if record is not None and role == "users":
        assert expect == "carried"
        HASHPORT.append((file, position, password, record))


def write(rel, text):
    WRITTEN[rel] = text


def ndjson_line(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def jackson(value, nesting=0):
    """Jackson DefaultPrettyPrinter, as Keycloak's exporter writes: objects
    indent two spaces per object level, arrays stay inline ("[ a, b ]"),
    key separator " : ", empty containers "{ }" / "[ ]"."""
    if isinstance(value, dict):
        if not value:
            return "{ }"
        pad = "  " * (nesting + 1)
        items = [pad + json.dumps(k, ensure_ascii=False) + " : " + jackson(v, nesting + 1)
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * nesting + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(jackson(v, nesting) for v in value) + " ]"
    return json.dumps(value, ensure_ascii=False)


def csv_field(v):
    """Postgres COPY ... CSV rules: NULL is an empty unquoted field, an empty
    string is "", and a value with , " CR LF is quoted with "" for quotes."""
    if v is None:
        return ""
    s = str(v)
    if s == "" or any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_plain(v):
    """Minimal CSV quoting (RFC 4180 style): empty stays empty."""
    s = "" if v is None else str(v)
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


# ---------------------------------------------------------------- Firebase project (shared)

def firebase_project(rng):
    return {
        "signer": rng.randbytes(64),
        "sep": b"\x07",          # Bw==, Firebase's usual separator
        "rounds": 8,
        "mem_cost": 10,
    }


# ---------------------------------------------------------------- Auth0 password-hash export

def gen_auth0():
    rng = random.Random(SEEDS["auth0"])
    src = "auth0"
    hashes_file = f"{src}/password-hashes.ndjson"
    prof_file = f"{src}/profiles.ndjson"
    tenant = "acme-prod"
    conn = "Username-Password-Authentication"

    def oid():
        return rng.randbytes(12).hex()

    users = []   # (record, manifest kwargs, profile)

    # 1: the published shape: _id as {"$oid"}, root email, $2b$
    o = oid(); pw = "Tr0ub4dor&3"; h = make_bcrypt(rng, pw, 5, b"2b")
    users.append(({"_id": {"$oid": o}, "email_verified": True, "email": "ada@example.com",
                   "identifiers": [{"type": "email", "value": "ada@example.com", "verified": True}],
                   "passwordHash": h, "password_set_date": {"$date": "2023-03-14T09:26:53.589Z"},
                   "tenant": tenant, "connection": conn, "_tmp_is_unique": True},
                  dict(uid=f"auth0|{o}", email="ada@example.com", password=pw, expect="carried",
                       htype="bcrypt", note="_id as MongoDB extended JSON {$oid}; bcrypt $2b$ cost 5 (pyca bcrypt)",
                       record=("bcrypt", h, None)),
                  {"name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace", "tenantId": "tenant-a"}))

    # 2: alt_id present -> user_id is auth0|<alt_id>; $2a$
    o = oid(); pw = "correct horse battery staple"; h = make_bcrypt(rng, pw, 4, b"2a")
    users.append(({"_id": {"$oid": o}, "email_verified": False, "email": "grace@example.com",
                   "passwordHash": h, "password_set_date": {"$date": "2022-11-02T17:05:10.004Z"},
                   "tenant": tenant, "connection": conn, "_tmp_is_unique": True, "alt_id": "legacy-4711"},
                  dict(uid="auth0|legacy-4711", email="grace@example.com", password=pw, expect="carried",
                       htype="bcrypt", note="alt_id present: the Auth0 user_id is auth0|<alt_id>, not auth0|<_id>; bcrypt $2a$ cost 4",
                       record=("bcrypt", h, None)),
                  {"name": "Grace Hopper", "given_name": "Grace", "family_name": "Hopper", "tenantId": "tenant-a"}))

    # 3: _id as a plain string (the shape WorkOS's importer parses)
    o = oid(); pw = "hunter2-but-longer"; h = make_bcrypt(rng, pw, 6, b"2b")
    users.append(({"_id": o, "email_verified": True, "email": "linus@example.com",
                   "passwordHash": h, "password_set_date": {"$date": "2024-01-20T08:00:00.000Z"},
                   "tenant": tenant, "connection": conn, "_tmp_is_unique": True, "version": "1.1"},
                  dict(uid=f"auth0|{o}", email="linus@example.com", password=pw, expect="carried",
                       htype="bcrypt", note="_id as a plain string (WorkOS migrate-auth0-users shape), plus the 'version' field seen in Clerk's sample; bcrypt $2b$ cost 6",
                       record=("bcrypt", h, None)),
                  {"name": "Linus Example", "tenantId": "tenant-b"}))

    # 4: root email absent, email only inside identifiers[]
    o = oid(); pw = "pässwörd-Ω-42"; h = make_bcrypt(rng, pw, 5, b"2a")
    users.append(({"_id": {"$oid": o}, "identifiers": [
                       {"type": "email", "value": "margaret@example.com", "verified": True},
                       {"type": "username", "value": "mhamilton", "verified": False}],
                   "passwordHash": h, "password_set_date": {"$date": "2021-07-16T20:17:00.000Z"},
                   "tenant": tenant, "connection": conn, "_tmp_is_unique": True},
                  dict(uid=f"auth0|{o}", email="margaret@example.com", password=pw, expect="carried",
                       htype="bcrypt", note="no root email/email_verified: the email is only in identifiers[] (documented by Auth0); non-ASCII password (UTF-8 bytes); bcrypt $2a$ cost 5",
                       record=("bcrypt", h, None)),
                  {"name": "Margaret Hamilton", "username": "mhamilton", "tenantId": "tenant-b"}))

    # 5: "_ID" capitalised key (Ory's guide); second DB connection
    o = oid(); pw = "open sesame 1970"; h = make_bcrypt(rng, pw, 4, b"2b")
    users.append(({"_ID": {"$oid": o}, "email_verified": True, "email": "alan@example.com",
                   "passwordHash": h, "password_set_date": {"$date": "2020-02-29T12:00:00.000Z"},
                   "tenant": tenant, "connection": "legacy-db", "_tmp_is_unique": True},
                  dict(uid=f"auth0|{o}", email="alan@example.com", password=pw, expect="carried",
                       htype="bcrypt", note="key spelled \"_ID\" as in Ory's Auth0 guide (exporters.md: treat key case leniently); connection 'legacy-db' (several connections in one export); bcrypt $2b$ cost 4",
                       record=("bcrypt", h, None)),
                  {"name": "Alan Turing", "tenantId": "tenant-a"}))

    # 6: no passwordHash (invited user who never set a password)
    o = oid()
    users.append(({"_id": {"$oid": o}, "email_verified": False, "email": "invited@example.com",
                   "identifiers": [{"type": "email", "value": "invited@example.com", "verified": False}],
                   "tenant": tenant, "connection": conn, "_tmp_is_unique": True},
                  dict(uid=f"auth0|{o}", email="invited@example.com", password=None, expect="reject",
                       reason="no_password", note="database user without passwordHash (invited, never set a password)"),
                  {"name": "invited@example.com", "tenantId": "tenant-b"}))

    # 7: no email anywhere (username + phone identifiers only), has a hash
    o = oid(); pw = "no-email-here-7"; h = make_bcrypt(rng, pw, 4, b"2b")
    users.append(({"_id": {"$oid": o}, "identifiers": [
                       {"type": "username", "value": "kiosk07", "verified": False},
                       {"type": "phone_number", "value": "+15555550107", "verified": True}],
                   "passwordHash": h, "password_set_date": {"$date": "2023-09-09T09:09:09.000Z"},
                   "tenant": tenant, "connection": conn, "_tmp_is_unique": True},
                  dict(uid=f"auth0|{o}", email=None, password=pw, expect="reject", reason="missing_field",
                       note="no email at the root, in identifiers[] or in the profile (username + phone_number only); the hash itself is valid bcrypt"),
                  {"name": "kiosk07", "username": "kiosk07", "phone_number": "+15555550107", "tenantId": "tenant-a"}))

    # 8: truncated bcrypt (59 characters)
    o = oid(); pw = "truncated-hash-8"; h = make_bcrypt(rng, pw, 5, b"2b")[:-1]
    users.append(({"_id": {"$oid": o}, "email_verified": True, "email": "broken@example.com",
                   "passwordHash": h, "password_set_date": {"$date": "2024-05-05T05:05:05.000Z"},
                   "tenant": tenant, "connection": conn, "_tmp_is_unique": True},
                  dict(uid=f"auth0|{o}", email="broken@example.com", password=pw, expect="reject",
                       reason="invalid_hash", note="bcrypt string truncated to 59 characters (last character dropped); password is the one the full hash was made from"),
                  {"name": "Broken Hash", "tenantId": "tenant-b"}))

    lines = []
    for i, (rec, m, _) in enumerate(users):
        lines.append(ndjson_line(rec))
        entry(hashes_file, i + 1, **m)
    write(hashes_file, "\n".join(lines) + "\n")

    # Profiles: Auth0 bulk user export (POST /api/v2/jobs/users-exports, format ndjson),
    # one line per user in the tenant, including a social-only user not in the hash file.
    plines = []
    created = ["2019-12-06T18:36:12.412Z", "2020-01-05T10:00:00.000Z", "2020-06-01T08:30:00.000Z",
               "2021-07-16T20:17:00.000Z", "2020-02-29T12:00:00.000Z", "2024-02-01T00:00:00.000Z",
               "2023-09-09T09:09:09.000Z", "2024-05-05T05:05:05.000Z"]
    pos = 0
    for i, (rec, m, prof) in enumerate(users):
        p = {"user_id": m["uid"]}
        if m["email"]:
            p["email"] = m["email"]
            p["email_verified"] = rec.get("email_verified", True)
        if "username" in prof:
            p["username"] = prof["username"]
        if "phone_number" in prof:
            p["phone_number"] = prof["phone_number"]
        p["name"] = prof["name"]
        for k in ("given_name", "family_name"):
            if k in prof:
                p[k] = prof[k]
        p["created_at"] = created[i]
        p["identities"] = [{"connection": rec["connection"], "provider": "auth0",
                            "user_id": m["uid"].split("|", 1)[1], "isSocial": False}]
        p["app_metadata"] = {"tenantId": prof["tenantId"]}
        p["user_metadata"] = {}
        plines.append(ndjson_line(p))
        pos += 1
        pm = dict(m)
        pm.pop("record", None)
        pm["note"] = f"profile of {hashes_file} line {i + 1} (joined by user_id); outcome after the join: " + m["note"]
        entry(prof_file, pos, role="profiles", **pm)
    # social-only user: only in the profiles file
    gid = "google-oauth2|1098" + "".join(rng.choice("0123456789") for _ in range(17))
    plines.append(ndjson_line({"user_id": gid, "email": "social@gmail.example", "email_verified": True,
                               "name": "Social Only", "created_at": "2022-04-04T04:04:04.000Z",
                               "identities": [{"connection": "google-oauth2", "provider": "google-oauth2",
                                               "user_id": gid.split("|", 1)[1], "isSocial": True}],
                               "app_metadata": {"tenantId": "tenant-a"}, "user_metadata": {}}))
    pos += 1
    entry(prof_file, pos, gid, "social@gmail.example", None, "reject", reason="no_password",
          role="profiles", note="Google social user: in the profile export only, no line in the hash export")
    write(prof_file, "\n".join(plines) + "\n")


# ---------------------------------------------------------------- Auth0 bulk-import file

def gen_auth0_import():
    rng = random.Random(SEEDS["auth0-import"])
    src = "auth0-import"
    f = f"{src}/users.json"
    arr = []

    def add(obj, **m):
        entry(f, len(arr), **m)
        arr.append(obj)

    def uid():
        return rng.randbytes(12).hex()

    # 0: top-level password_hash (bcrypt)
    u = uid(); pw = "Imp0rt-me-0"; h = make_bcrypt(rng, pw, 5, b"2b")
    add({"email": "imp0@example.com", "email_verified": True, "user_id": u, "given_name": "Imp", "family_name": "Zero",
         "app_metadata": {"tenantId": "tenant-a"}, "password_hash": h},
        uid=u, email="imp0@example.com", password=pw, expect="carried", htype="bcrypt",
        note="top-level password_hash, bcrypt $2b$ cost 5", record=("bcrypt", h, None))

    # 1: custom_password_hash bcrypt $2a$, no salt
    u = uid(); pw = "bcrypt via custom hash"; h = make_bcrypt(rng, pw, 4, b"2a")
    add({"email": "imp1@example.com", "email_verified": False, "user_id": u,
         "custom_password_hash": {"algorithm": "bcrypt", "hash": {"value": h, "encoding": "utf8"}}},
        uid=u, email="imp1@example.com", password=pw, expect="carried", htype="bcrypt",
        note="custom_password_hash algorithm bcrypt without salt, $2a$ cost 4", record=("bcrypt", h, None))

    # 2: argon2id PHC
    u = uid(); pw = "argon-Ärger-2"; h = make_argon2(rng, pw, t=2, m=1024, p=1)
    add({"email": "imp2@example.com", "email_verified": True, "user_id": u, "name": "Imp Two",
         "custom_password_hash": {"algorithm": "argon2", "hash": {"value": h, "encoding": "utf8"}}},
        uid=u, email="imp2@example.com", password=pw, expect="carried", htype="argon2",
        note="custom_password_hash argon2: PHC $argon2id$v=19$m=1024,t=2,p=1 (argon2-cffi); non-ASCII password",
        record=("argon2", h, None))

    # 3: pbkdf2-sha256 PHC with i and l
    u = uid(); pw = "pbkdf2-sha256-three"; salt = rng.randbytes(16)
    dk = hashlib.pbkdf2_hmac("sha256", pw.encode(), salt, 10000, 32)
    h = f"$pbkdf2-sha256$i=10000,l=32${b64np(salt)}${b64np(dk)}"
    add({"email": "imp3@example.com", "email_verified": True, "user_id": u,
         "custom_password_hash": {"algorithm": "pbkdf2", "hash": {"value": h, "encoding": "utf8"}}},
        uid=u, email="imp3@example.com", password=pw, expect="carried", htype="pbkdf2",
        note="custom_password_hash pbkdf2: PHC $pbkdf2-sha256$i=10000,l=32, std base64 unpadded (hashlib)",
        record=("pbkdf2", h, None))

    # 4: pbkdf2-sha512 PHC without l (Auth0 default l=64 = the decoded length here)
    u = uid(); pw = "pbkdf2 sha512 four"; salt = rng.randbytes(16)
    dk = hashlib.pbkdf2_hmac("sha512", pw.encode(), salt, 5000, 64)
    h = f"$pbkdf2-sha512$i=5000${b64np(salt)}${b64np(dk)}"
    add({"email": "imp4@example.com", "email_verified": True, "user_id": u,
         "custom_password_hash": {"algorithm": "pbkdf2", "hash": {"value": h, "encoding": "utf8"}}},
        uid=u, email="imp4@example.com", password=pw, expect="carried", htype="pbkdf2",
        note="PHC $pbkdf2-sha512$i=5000 with no l= (Auth0's default l=64, equal to the 64-byte decoded hash)",
        record=("pbkdf2", h, None))

    # 5: pbkdf2-sha1 PHC (Auth0's id is pbkdf2-<digest>)
    u = uid(); pw = "sha1-pbkdf2-five"; salt = rng.randbytes(16)
    dk = hashlib.pbkdf2_hmac("sha1", pw.encode(), salt, 10000, 20)
    h = f"$pbkdf2-sha1$i=10000,l=20${b64np(salt)}${b64np(dk)}"
    add({"email": "imp5@example.com", "email_verified": False, "user_id": u,
         "custom_password_hash": {"algorithm": "pbkdf2", "hash": {"value": h, "encoding": "utf8"}}},
        uid=u, email="imp5@example.com", password=pw, expect="carried", htype="pbkdf2",
        note="PHC id $pbkdf2-sha1$ (Auth0 spells the digest); hashport's PHC SHA-1 id is $pbkdf2$, so a converter rewrites the id",
        record=("pbkdf2", h.replace("$pbkdf2-sha1$", "$pbkdf2$", 1), None))

    # 6: scrypt, Auth0's own documented example (salt utf8, hash hex, keylen 32, cost 4096)
    u = uid(); pw = "password"
    key = hashlib.scrypt(pw.encode(), salt=b"abc123", n=4096, r=8, p=1, dklen=32)
    assert key.hex() == "097f6197e1b41538f723e32aa7a68e8d76227d8e432ce5faa4882a913032db29"
    add({"email": "imp6@example.com", "email_verified": True, "user_id": u,
         "custom_password_hash": {"algorithm": "scrypt",
                                  "hash": {"value": key.hex(), "encoding": "hex"},
                                  "salt": {"value": "abc123", "encoding": "utf8"},
                                  "keylen": 32, "cost": 4096}},
        uid=u, email="imp6@example.com", password=pw, expect="carried", htype="scrypt",
        note="Auth0's published scrypt example (KAT): salt utf8 'abc123', hash hex, keylen 32, cost 4096, blockSize/parallelization defaulted (8/1)",
        record=("scrypt", f"abc123:{key.hex()}", {"saltSeparator": ":", "N": 4096, "r": 8, "p": 1, "keyLen": 32}))

    # 7: scrypt, salt base64 + hash base64, explicit blockSize/parallelization
    u = uid(); pw = "scrypt b64 seven"; salt = rng.randbytes(16)
    key = hashlib.scrypt(pw.encode(), salt=salt, n=2048, r=8, p=1, dklen=64)
    add({"email": "imp7@example.com", "email_verified": True, "user_id": u,
         "custom_password_hash": {"algorithm": "scrypt",
                                  "hash": {"value": b64(key), "encoding": "base64"},
                                  "salt": {"value": b64(salt), "encoding": "base64"},
                                  "keylen": 64, "cost": 2048, "blockSize": 8, "parallelization": 1}},
        uid=u, email="imp7@example.com", password=pw, expect="carried", htype="scrypt",
        note="scrypt with salt.encoding base64 and hash.encoding base64 (hashlib.scrypt over the decoded salt bytes); carried because hashport's scrypt config has saltEncoding/keyEncoding",
        record=("scrypt", f"{b64(salt)}:{b64(key)}",
                {"saltSeparator": ":", "N": 2048, "r": 8, "p": 1, "keyLen": 64,
                 "saltEncoding": "base64", "keyEncoding": "base64"}))

    # 8: md5 (unsupported)
    u = uid(); pw = "md5-is-old-8"
    add({"email": "imp8@example.com", "email_verified": True, "user_id": u,
         "custom_password_hash": {"algorithm": "md5", "hash": {"value": hashlib.md5(pw.encode()).hexdigest(), "encoding": "hex"}}},
        uid=u, email="imp8@example.com", password=pw, expect="reject", reason="unsupported_algorithm",
        note="custom_password_hash algorithm md5 (unsalted hex): not one of hashport's five types")

    # 9: bcrypt with a salt prefix (unsupported)
    u = uid(); pw = "salted-bcrypt-9"; pepper = "s4lt-pr3fix"
    h = bcrypt.hashpw((pepper + pw).encode(), bcrypt_salt(rng, 4, b"2b")).decode()
    assert bcrypt.checkpw((pepper + pw).encode(), h.encode())
    add({"email": "imp9@example.com", "email_verified": True, "user_id": u,
         "custom_password_hash": {"algorithm": "bcrypt", "hash": {"value": h, "encoding": "utf8"},
                                  "salt": {"value": pepper, "encoding": "utf8", "position": "prefix"}}},
        uid=u, email="imp9@example.com", password=pw, expect="reject", reason="unsupported_algorithm",
        note="bcrypt with salt (prefix): bcrypt(salt||password) has no place for the salt in hashport's bcrypt")

    # 10: no password at all
    u = uid()
    add({"email": "imp10@example.com", "email_verified": True, "user_id": u, "name": "Passwordless"},
        uid=u, email="imp10@example.com", password=None, expect="reject", reason="no_password",
        note="neither password_hash nor custom_password_hash (passwordless user)")

    # 11: no email (username connection)
    u = uid(); pw = "username-only-11"; h = make_bcrypt(rng, pw, 4, b"2b")
    add({"username": "operator11", "user_id": u, "password_hash": h},
        uid=u, email=None, password=pw, expect="reject", reason="missing_field",
        note="no email (username-only user of a requires_username connection); the bcrypt password_hash is valid")

    # 12: malformed argon2 PHC (non-base64 character in the hash)
    u = uid(); pw = "corrupt-argon-12"; h = make_argon2(rng, pw, t=2, m=512, p=1)
    head, tail = h.rsplit("$", 1)
    bad = head + "$" + tail[:10] + "*" + tail[11:]
    add({"email": "imp12@example.com", "email_verified": True, "user_id": u,
         "custom_password_hash": {"algorithm": "argon2", "hash": {"value": bad, "encoding": "utf8"}}},
        uid=u, email="imp12@example.com", password=pw, expect="reject", reason="invalid_hash",
        note="argon2 PHC whose hash segment has a '*' (corrupt base64); password is the one the intact hash was made from")

    write(f, json.dumps(arr, indent=2, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- Firebase auth:export

def gen_firebase():
    rng = random.Random(SEEDS["firebase"])
    proj = firebase_project(rng)
    signer_b64, sep_b64 = b64(proj["signer"]), b64(proj["sep"])
    jf, cf = "firebase/users.json", "firebase/users.csv"

    def fb_hash(pw):
        salt = rng.randbytes(10)
        _, h = firebase_scrypt(pw.encode(), salt, proj["sep"], proj["signer"], proj["rounds"], proj["mem_cost"])
        return b64(h), b64(salt)

    def local_id():
        return rand_str(rng, 28)

    def fb_record(h, s):
        cfg = {"memCost": proj["mem_cost"], "rounds": proj["rounds"], "saltSeparator": sep_b64,
               "signerKey": signer_b64, "salt": s}
        return ("firebase-scrypt", h, cfg)

    users = []  # (api user dict as downloadAccount returns it, manifest kwargs)

    pw = "firebase-ada-0"; h, s = fb_hash(pw); lid = local_id()
    users.append(({"localId": lid, "email": "ada@fire.example", "emailVerified": True, "passwordHash": h, "salt": s,
                   "displayName": "Ada Lovelace", "lastLoginAt": "1704153600000", "createdAt": "1704067200000",
                   "providerUserInfo": [{"providerId": "password", "rawId": "ada@fire.example", "email": "ada@fire.example"}]},
                  dict(uid=lid, email="ada@fire.example", password=pw, expect="carried", htype="firebase-scrypt",
                       note="plain email/password user", record=fb_record(h, s))))

    pw = "Hopper, Grace! 1906"; h, s = fb_hash(pw); lid = local_id()
    users.append(({"localId": lid, "email": "grace@fire.example", "emailVerified": False, "passwordHash": h, "salt": s,
                   "displayName": "Hopper, Grace", "photoUrl": "https://img.example/grace.png",
                   "createdAt": "1706745600000",
                   "providerUserInfo": [{"providerId": "password", "rawId": "grace@fire.example"}]},
                  dict(uid=lid, email="grace@fire.example", password=pw, expect="carried", htype="firebase-scrypt",
                       note="displayName contains a comma (quoted in the CSV); never signed in (lastSignedInAt absent / CSV field 24 empty); password contains a comma",
                       record=fb_record(h, s))))

    pw = "linked-google-2"; h, s = fb_hash(pw); lid = local_id()
    users.append(({"localId": lid, "email": "linked@fire.example", "emailVerified": True, "passwordHash": h, "salt": s,
                   "displayName": "Linked User", "lastLoginAt": "1709251200000", "createdAt": "1709164800000",
                   "providerUserInfo": [
                       {"providerId": "password", "rawId": "linked@fire.example"},
                       {"providerId": "google.com", "rawId": "109876543210987654321", "email": "linked@gmail.example",
                        "displayName": "Linked User", "photoUrl": "https://lh3.example/linked.jpg"}]},
                  dict(uid=lid, email="linked@fire.example", password=pw, expect="carried", htype="firebase-scrypt",
                       note="password plus a linked google.com provider (CSV fields 7-10 filled)", record=fb_record(h, s))))

    pw = "Kênnwört-ß-3"; h, s = fb_hash(pw); lid = local_id()
    users.append(({"localId": lid, "email": "claims@fire.example", "emailVerified": True, "passwordHash": h, "salt": s,
                   "lastLoginAt": "1711929600000", "createdAt": "1711843200000",
                   "customAttributes": "{\"tenantId\":\"tenant-42\",\"role\":\"admin\"}",
                   "providerUserInfo": [{"providerId": "password", "rawId": "claims@fire.example"}]},
                  dict(uid=lid, email="claims@fire.example", password=pw, expect="carried", htype="firebase-scrypt",
                       note="customAttributes (custom claims) with a tenantId; CSV field 27 quoted with doubled quotes; non-ASCII password",
                       record=fb_record(h, s))))

    pw = "disabled-but-valid-4"; h, s = fb_hash(pw); lid = local_id()
    users.append(({"localId": lid, "email": "disabled@fire.example", "emailVerified": True, "passwordHash": h, "salt": s,
                   "displayName": "Disabled User", "lastLoginAt": "1714521600000", "createdAt": "1714435200000",
                   "disabled": True,
                   "providerUserInfo": [{"providerId": "password", "rawId": "disabled@fire.example"}]},
                  dict(uid=lid, email="disabled@fire.example", password=pw, expect="carried", htype="firebase-scrypt",
                       note="disabled: true; the hash is valid and carried (disabling is account state, not a hash property)",
                       record=fb_record(h, s))))

    lid = local_id()
    users.append(({"localId": lid, "email": "social@gmail.example", "emailVerified": True,
                   "displayName": "Social Only", "photoUrl": "https://lh3.example/social.jpg",
                   "lastLoginAt": "1717200000000", "createdAt": "1717113600000",
                   "providerUserInfo": [{"providerId": "google.com", "rawId": "101010101010101010101",
                                         "email": "social@gmail.example", "displayName": "Social Only",
                                         "photoUrl": "https://lh3.example/social.jpg"}]},
                  dict(uid=lid, email="social@gmail.example", password=None, expect="reject", reason="no_password",
                       note="Google sign-in only: no passwordHash/salt")))

    pw = "phone-and-password-6"; h, s = fb_hash(pw); lid = local_id()
    users.append(({"localId": lid, "passwordHash": h, "salt": s, "lastLoginAt": "1719792000000",
                   "createdAt": "1719705600000", "phoneNumber": "+15555550106",
                   "providerUserInfo": [{"providerId": "phone", "rawId": "+15555550106", "phoneNumber": "+15555550106"}]},
                  dict(uid=lid, email=None, password=pw, expect="reject", reason="missing_field",
                       note="phone number and a password hash (created with the Admin SDK) but no email; the hash is valid")))

    pw = "corrupt-b64-7"; h, s = fb_hash(pw); lid = local_id()
    bad = h[:85]   # 85 characters: a length no base64 text can have
    assert len(bad) % 4 == 1
    users.append(({"localId": lid, "email": "corrupt@fire.example", "emailVerified": True, "passwordHash": bad, "salt": s,
                   "lastLoginAt": "1722470400000", "createdAt": "1722384000000",
                   "providerUserInfo": [{"providerId": "password", "rawId": "corrupt@fire.example"}]},
                  dict(uid=lid, email="corrupt@fire.example", password=pw, expect="reject", reason="invalid_hash",
                       note="passwordHash truncated to 85 base64 characters (length % 4 == 1, not decodable); password is the one the intact hash was made from")))

    # JSON: firebase-tools writes '{"users": [' EOL, then JSON.stringify(user, null, 2) joined by ',' EOL, then ']}'
    exported_keys = ["localId", "email", "emailVerified", "passwordHash", "salt", "displayName", "photoUrl",
                     "lastLoginAt", "createdAt", "phoneNumber", "disabled", "customAttributes"]
    kept = {"google.com": 7, "facebook.com": 11, "twitter.com": 15, "github.com": 19}
    parts = []
    for i, (u, m) in enumerate(users):
        o = {}
        for k in exported_keys:
            if k in u:
                o["lastSignedInAt" if k == "lastLoginAt" else k] = u[k]
        o["providerUserInfo"] = [{k: p[k] for k in ("providerId", "rawId", "email", "displayName", "photoUrl") if k in p}
                                 for p in u["providerUserInfo"] if p["providerId"] in kept]
        parts.append(json.dumps(o, indent=2, ensure_ascii=False))
        entry(jf, i, **m)
    write(jf, '{"users": [\n' + ",\n".join(parts) + "]}")

    # CSV: no header, 28 values + trailing comma (transUserToArray(user).join(",") + ",")
    def esc_comma(s):
        return f'"{s}"' if "," in s else s

    lines = []
    for i, (u, m) in enumerate(users):
        a = [""] * 28
        a[0] = u["localId"]
        a[1] = u.get("email", "")
        a[2] = "true" if u.get("emailVerified") else "false"
        a[3] = u.get("passwordHash", "")
        a[4] = u.get("salt", "")
        a[5] = esc_comma(u.get("displayName", ""))
        a[6] = u.get("photoUrl", "")
        for p in u["providerUserInfo"]:
            if p["providerId"] in kept:
                j = kept[p["providerId"]]
                a[j], a[j + 1], a[j + 2], a[j + 3] = p["rawId"], p.get("email", ""), esc_comma(p.get("displayName", "")), p.get("photoUrl", "")
        a[23] = u["createdAt"]
        a[24] = u.get("lastLoginAt", "")
        a[25] = u.get("phoneNumber", "")
        a[26] = "true" if u.get("disabled") else ""
        a[27] = '"' + u["customAttributes"].replace('"', '""') + '"' if "customAttributes" in u else ""
        lines.append(",".join(a) + ",")
        cm = dict(m)
        entry(cf, i + 1, **cm)
    write(cf, "\n".join(lines) + "\n")

    write("firebase/hash_config.txt",
          "hash_config {\n"
          "  algorithm: SCRYPT,\n"
          f"  base64_signer_key: {signer_b64},\n"
          f"  base64_salt_separator: {sep_b64},\n"
          f"  rounds: {proj['rounds']},\n"
          f"  mem_cost: {proj['mem_cost']},\n"
          "}\n")
    write("firebase/hash_config.json", json.dumps({
        "algorithm": "SCRYPT", "base64_signer_key": signer_b64, "base64_salt_separator": sep_b64,
        "rounds": proj["rounds"], "mem_cost": proj["mem_cost"]}, indent=2) + "\n")
    return proj


# ---------------------------------------------------------------- Supabase auth.users

def gen_supabase(fb_proj):
    rng = random.Random(SEEDS["supabase"])
    cols = ["instance_id", "id", "aud", "role", "email", "encrypted_password", "email_confirmed_at",
            "last_sign_in_at", "raw_app_meta_data", "raw_user_meta_data", "created_at", "updated_at",
            "phone", "phone_confirmed_at"]
    inst = "00000000-0000-0000-0000-000000000000"
    email_meta = '{"provider":"email","providers":["email"]}'

    def row(email, enc, created, app=email_meta, user_meta="{}", confirmed=True, last=None, phone=None):
        r = {"instance_id": inst, "id": rand_uuid(rng), "aud": "authenticated", "role": "authenticated",
             "email": email, "encrypted_password": enc,
             "email_confirmed_at": created if (confirmed and email) else None,
             "last_sign_in_at": last, "raw_app_meta_data": app, "raw_user_meta_data": user_meta,
             "created_at": created, "updated_at": last or created,
             "phone": phone, "phone_confirmed_at": created if phone else None}
        return r

    users = []
    pw = "supa-go-bcrypt-0"; h = make_bcrypt(rng, pw, 5, b"2a")
    r = row("ada@supa.example", h, "2024-01-15 10:30:00.000000+00", last="2024-03-01 08:00:00.123456+00")
    users.append((r, dict(uid=r["id"], email=r["email"], password=pw, expect="carried", htype="bcrypt",
                          note="bcrypt $2a$ cost 5, the prefix Go x/crypto/bcrypt writes (made with pyca bcrypt)",
                          record=("bcrypt", h, None))))

    pw = "Kk4aPMeiaRpAs2OeX1NE-like-1"; h = make_bcrypt(rng, pw, 4, b"2b")
    r = row("grace@supa.example", h, "2024-01-16 11:00:00.000000+00", confirmed=False)
    users.append((r, dict(uid=r["id"], email=r["email"], password=pw, expect="carried", htype="bcrypt",
                          note="bcrypt $2b$ cost 4; email not confirmed (email_confirmed_at NULL)",
                          record=("bcrypt", h, None))))

    pw = "argon2id-imported-2"; h = make_argon2(rng, pw, t=2, m=1024, p=1)
    r = row("argon-id@supa.example", h, "2024-02-01 00:00:00.000000+00",
            user_meta='{"full_name":"Argon Id","imported_from":"legacy"}')
    users.append((r, dict(uid=r["id"], email=r["email"], password=pw, expect="carried", htype="argon2",
                          note="imported $argon2id$v=19$m=1024,t=2,p=1 kept until first login (argon2-cffi)",
                          record=("argon2", h, None))))

    pw = "argon2i imported 3"; h = make_argon2(rng, pw, t=2, m=512, p=2, typ=argon2.low_level.Type.I)
    r = row("argon-i@supa.example", h, "2024-02-02 00:00:00.000000+00")
    users.append((r, dict(uid=r["id"], email=r["email"], password=pw, expect="carried", htype="argon2",
                          note="imported $argon2i$v=19$m=512,t=2,p=2 (argon2-cffi)",
                          record=("argon2", h, None))))

    pw = "from-firebase-4"; salt = rng.randbytes(10)
    _, fh = firebase_scrypt(pw.encode(), salt, fb_proj["sep"], fb_proj["signer"], fb_proj["rounds"], fb_proj["mem_cost"])
    enc = (f"$fbscrypt$v=1,n={fb_proj['mem_cost']},r={fb_proj['rounds']},p=1,ss={b64(fb_proj['sep'])},"
           f"sk={b64(fb_proj['signer'])}${b64(salt)}${b64(fh)}")
    r = row("firebase-import@supa.example", enc, "2024-02-03 00:00:00.000000+00")
    users.append((r, dict(uid=r["id"], email=r["email"], password=pw, expect="carried", htype="firebase-scrypt",
                          note="imported Firebase hash in Supabase's $fbscrypt$ form (n = mem_cost, log2 N; same project parameters as firebase/hash_config.*)",
                          record=("firebase-scrypt", b64(fh), {"memCost": fb_proj["mem_cost"], "rounds": fb_proj["rounds"],
                                                               "saltSeparator": b64(fb_proj["sep"]),
                                                               "signerKey": b64(fb_proj["signer"]), "salt": b64(salt)}))))

    pw = "ünïcödé pass 5"; h = make_bcrypt(rng, pw, 6, b"2a")
    r = row("unicode@supa.example", h, "2024-02-04 00:00:00.000000+00", last="2024-02-05 12:34:56.789012+00")
    users.append((r, dict(uid=r["id"], email=r["email"], password=pw, expect="carried", htype="bcrypt",
                          note="bcrypt $2a$ cost 6, non-ASCII password", record=("bcrypt", h, None))))

    r = row("oauth@gmail.example", "", "2024-03-01 00:00:00.000000+00",
            app='{"provider":"google","providers":["google"]}',
            user_meta='{"avatar_url":"https://lh3.example/o.jpg","full_name":"OAuth User","provider_id":"1122334455"}')
    users.append((r, dict(uid=r["id"], email=r["email"], password=None, expect="reject", reason="no_password",
                          note="Google OAuth user: encrypted_password is the empty string")))

    pw = "phone-pass-7"; h = make_bcrypt(rng, pw, 4, b"2a")
    r = row(None, h, "2024-03-02 00:00:00.000000+00", app='{"provider":"phone","providers":["phone"]}',
            phone="15555550107")
    users.append((r, dict(uid=r["id"], email=None, password=pw, expect="reject", reason="missing_field",
                          note="phone sign-up with a password: email NULL; the bcrypt hash is valid")))

    pw = "truncated-8"; h = make_bcrypt(rng, pw, 5, b"2a")[:-1]
    r = row("truncated@supa.example", h, "2024-03-03 00:00:00.000000+00")
    users.append((r, dict(uid=r["id"], email=r["email"], password=pw, expect="reject", reason="invalid_hash",
                          note="bcrypt truncated to 59 characters; password is the one the full hash was made from")))

    arr = [r for r, _ in users]
    write("supabase/users.json", json.dumps(arr, indent=2, ensure_ascii=False) + "\n")
    write("supabase/users.jsonl", "\n".join(ndjson_line(r) for r in arr) + "\n")
    lines = [",".join(cols)] + [",".join(csv_field(r[c]) for c in cols) for r in arr]
    write("supabase/users.csv", "\n".join(lines) + "\n")
    for i, (_, m) in enumerate(users):
        entry("supabase/users.json", i, **m)
    for i, (_, m) in enumerate(users):
        entry("supabase/users.jsonl", i + 1, **m)
    for i, (_, m) in enumerate(users):
        entry("supabase/users.csv", i + 2, **m)


# ---------------------------------------------------------------- Clerk dashboard CSV

def gen_clerk(fb_proj):
    rng = random.Random(SEEDS["clerk"])
    from django.contrib.auth.hashers import (BCryptSHA256PasswordHasher, PBKDF2PasswordHasher, check_password)

    f = "clerk/users.csv"
    header = ["id", "first_name", "last_name", "username", "primary_email_address", "primary_phone_number",
              "verified_email_addresses", "unverified_email_addresses", "verified_phone_numbers",
              "unverified_phone_numbers", "totp_secret", "password_digest", "password_hasher"]
    rows = []

    def cid():
        return "user_2" + rand_str(rng, 26)

    def add(first, last, email, digest, hasher, m, username="", phone="", totp="", verified=True):
        uid = cid()
        rows.append([uid, first, last, username, email, phone,
                     email if (email and verified) else "", email if (email and not verified) else "",
                     phone, "", totp, digest, hasher])
        entry(f, len(rows) + 1, uid=uid, email=email or None, **m)

    pw = "clerk-bcrypt-b"; h = make_bcrypt(rng, pw, 5, b"2b")
    add("Jane", "Doe", "jane@clerk.example", h, "bcrypt",
        dict(password=pw, expect="carried", htype="bcrypt", note="bcrypt $2b$ cost 5; has a TOTP secret (not migrated)",
             record=("bcrypt", h, None)),
        totp="JBSWY3DPEHPK3PXP")

    pw = "clerk-bcrypt-a"; h = make_bcrypt(rng, pw, 4, b"2a")
    add("John", "Roe", "john@clerk.example", h, "bcrypt",
        dict(password=pw, expect="carried", htype="bcrypt", note="bcrypt $2a$ cost 4; email unverified",
             record=("bcrypt", h, None)), verified=False)

    pw = "clerk argon2id"; h = make_argon2(rng, pw, t=2, m=1024, p=1)
    add("Argo", "Id", "argon@clerk.example", h, "argon2id",
        dict(password=pw, expect="carried", htype="argon2", note="password_hasher argon2id, PHC v=19 (argon2-cffi)",
             record=("argon2", h, None)))

    pw = "clerk-pbkdf2-b64"; salt = rng.randbytes(16)
    dk = hashlib.pbkdf2_hmac("sha256", pw.encode(), salt, 10000, 32)
    digest = f"pbkdf2_sha256$10000${b64(salt)}${b64(dk)}"
    add("Pat", "Base", "pbkdf2@clerk.example", digest, "pbkdf2_sha256",
        dict(password=pw, expect="carried", htype="pbkdf2",
             note="password_hasher pbkdf2_sha256: salt AND hash base64 (salt bytes are the DECODED salt) - the same text shape as Django's pbkdf2_sha256, where the salt is used as text; only the hasher column tells them apart",
             record=("pbkdf2", f"$pbkdf2-sha256$i=10000,l=32${b64np(salt)}${b64np(dk)}", None)))

    pw = "clerk-django-pbkdf2"; dsalt = rand_str(rng, 22)
    digest = PBKDF2PasswordHasher().encode(pw, dsalt, iterations=10000)
    assert check_password(pw, digest)
    add("Dj", "Ango", "django@clerk.example", digest, "pbkdf2_sha256_django",
        dict(password=pw, expect="carried", htype="pbkdf2",
             note="password_hasher pbkdf2_sha256_django: Django's own string (Django 5.2 PBKDF2PasswordHasher, 10000 iterations), salt used as UTF-8 text",
             record=("pbkdf2", digest, None)))

    pw = "clerk-pbkdf2-sha1-hex"; tsalt = rand_str(rng, 12)
    dk = hashlib.pbkdf2_hmac("sha1", pw.encode(), tsalt.encode(), 10000, 20)
    digest = f"pbkdf2_sha1$10000${tsalt}${dk.hex()}"
    add("Sha", "One", "sha1@clerk.example", digest, "pbkdf2_sha1",
        dict(password=pw, expect="carried", htype="pbkdf2",
             note="password_hasher pbkdf2_sha1: salt as text, hash as HEX (Django's pbkdf2_sha1 uses base64 - same prefix, different encoding)",
             record=("pbkdf2", f"$pbkdf2$i=10000,l=20${b64np(tsalt.encode())}${b64np(dk)}", None)))

    pw = "clerk-from-firebase"; salt = rng.randbytes(10)
    _, fh = firebase_scrypt(pw.encode(), salt, fb_proj["sep"], fb_proj["signer"], fb_proj["rounds"], fb_proj["mem_cost"])
    digest = f"{b64(fh)}${b64(salt)}${b64(fb_proj['signer'])}${b64(fb_proj['sep'])}${fb_proj['rounds']}${fb_proj['mem_cost']}"
    add("Fire", "Base", "firebase@clerk.example", digest, "scrypt_firebase",
        dict(password=pw, expect="carried", htype="firebase-scrypt",
             note="password_hasher scrypt_firebase: <hash>$<salt>$<signer key>$<salt separator>$<rounds>$<memory cost> (same Firebase project as firebase/)",
             record=("firebase-scrypt", b64(fh), {"memCost": fb_proj["mem_cost"], "rounds": fb_proj["rounds"],
                                                  "saltSeparator": b64(fb_proj["sep"]), "signerKey": b64(fb_proj["signer"]),
                                                  "salt": b64(salt)})))

    pw = "clerk-werkzeug-scrypt"; wsalt = rand_str(rng, 16)
    hexkey, method = werkzeug.security._hash_internal("scrypt:4096:8:1", wsalt, pw)
    digest = f"{method}${wsalt}${hexkey}"
    assert werkzeug.security.check_password_hash(digest, pw)
    add("Werk", "Zeug", "werkzeug@clerk.example", digest, "scrypt_werkzeug",
        dict(password=pw, expect="carried", htype="scrypt",
             note="password_hasher scrypt_werkzeug: Werkzeug 3.1 string scrypt:4096:8:1$<salt text>$<hex 64-byte key>",
             record=("scrypt", f"{wsalt}${hexkey}", {"saltSeparator": "$", "N": 4096, "r": 8, "p": 1, "keyLen": 64})))

    pw = "clerk-md5"
    add("Em", "Dee", "md5@clerk.example", hashlib.md5(pw.encode()).hexdigest(), "md5",
        dict(password=pw, expect="reject", reason="unsupported_algorithm", note="password_hasher md5 (unsalted hex)"))

    pw = "clerk-bcrypt-sha256"; bs = bcrypt_salt(rng, 5, b"2b")
    digest = BCryptSHA256PasswordHasher().encode(pw, bs)
    assert check_password(pw, digest)
    add("Bee", "Shaw", "bcryptsha@clerk.example", digest, "bcrypt_sha256_django",
        dict(password=pw, expect="reject", reason="unsupported_algorithm",
             note="password_hasher bcrypt_sha256_django: bcrypt over hex(sha256(password)) (Django 5.2 BCryptSHA256PasswordHasher)"))

    add("Oauth", "Only", "oauth@clerk.example", "", "",
        dict(password=None, expect="reject", reason="no_password",
             note="OAuth-only user: password_digest and password_hasher empty"))

    pw = "clerk-no-email"; h = make_bcrypt(rng, pw, 4, b"2b")
    add("Phone", "User", "", h, "bcrypt",
        dict(password=pw, expect="reject", reason="missing_field",
             note="username + phone only, no email address; the bcrypt digest is valid"),
        username="phoneuser", phone="+15555550111")

    pw = "clerk-truncated"; h = make_bcrypt(rng, pw, 5, b"2b")[:-1]
    add("Trunc", "Ated", "truncated@clerk.example", h, "bcrypt",
        dict(password=pw, expect="reject", reason="invalid_hash",
             note="bcrypt digest truncated to 59 characters; password is the one the full hash was made from"))

    text = ",".join(header) + "\n" + "".join(",".join(csv_plain(v) for v in r) + "\n" for r in rows)
    write(f, text)


# ---------------------------------------------------------------- Keycloak kc.sh export

def gen_keycloak():
    rng = random.Random(SEEDS["keycloak"])
    realm = "acme"
    uf = f"keycloak/{realm}-users-0.json"
    users = []
    ts = [1700000000000 + i * 86400000 for i in range(20)]

    def cred_pbkdf2(pw, algo, iters, keylen, i):
        salt = rng.randbytes(16)
        digest = {"pbkdf2": "sha1", "pbkdf2-sha256": "sha256", "pbkdf2-sha512": "sha512"}[algo]
        dk = hashlib.pbkdf2_hmac(digest, pw.encode(), salt, iters, keylen)
        ident = {"pbkdf2": "$pbkdf2$", "pbkdf2-sha256": "$pbkdf2-sha256$", "pbkdf2-sha512": "$pbkdf2-sha512$"}[algo]
        rec = ("pbkdf2", f"{ident}i={iters},l={keylen}${b64np(salt)}${b64np(dk)}", None)
        c = {"id": rand_uuid(rng), "type": "password", "userLabel": "My password", "createdDate": ts[i],
             "secretData": json.dumps({"value": b64(dk), "salt": b64(salt), "additionalParameters": {}}, separators=(",", ":")),
             "credentialData": json.dumps({"hashIterations": iters, "algorithm": algo, "additionalParameters": {}}, separators=(",", ":"))}
        return c, rec, dk, salt

    def cred_argon2(pw, typ, m, t, p, i):
        salt = rng.randbytes(16)
        t_enum = {"id": argon2.low_level.Type.ID, "i": argon2.low_level.Type.I}[typ]
        raw = argon2.low_level.hash_secret_raw(pw.encode(), salt, time_cost=t, memory_cost=m, parallelism=p,
                                               hash_len=32, type=t_enum, version=19)
        phc = f"$argon2{typ}$v=19$m={m},t={t},p={p}${b64np(salt)}${b64np(raw)}"
        assert argon2.PasswordHasher().verify(phc, pw)
        c = {"id": rand_uuid(rng), "type": "password", "createdDate": ts[i],
             "secretData": json.dumps({"value": b64(raw), "salt": b64(salt), "additionalParameters": {}}, separators=(",", ":")),
             "credentialData": json.dumps({"hashIterations": t, "algorithm": "argon2", "additionalParameters": {
                 "hashLength": ["32"], "memory": [str(m)], "type": [typ], "version": ["1.3"], "parallelism": [str(p)]}},
                 separators=(",", ":"))}
        return c, ("argon2", phc, None)

    def otp_cred(i):
        secret = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(20))
        return {"id": rand_uuid(rng), "type": "otp", "userLabel": "Phone app", "createdDate": ts[i],
                "secretData": json.dumps({"value": secret}, separators=(",", ":")),
                "credentialData": json.dumps({"subType": "totp", "digits": 6, "counter": 0, "period": 30,
                                              "algorithm": "HmacSHA1"}, separators=(",", ":"))}

    def user(i, username, email, first, last, creds, totp=False, fed=None, verified=True):
        u = {"id": rand_uuid(rng), "createdTimestamp": ts[i] - 1000, "username": username, "enabled": True,
             "totp": totp, "emailVerified": verified if email else False}
        if first:
            u["firstName"] = first
        if last:
            u["lastName"] = last
        if email:
            u["email"] = email
        if fed:
            u["federatedIdentities"] = fed
        u["credentials"] = creds
        u["disableableCredentialTypes"] = []
        u["requiredActions"] = []
        u["realmRoles"] = [f"default-roles-{realm}"]
        u["notBefore"] = 0
        u["groups"] = []
        return u

    def add(u, **m):
        entry(uf, len(users), uid=u["id"], email=u.get("email"), **m)
        users.append(u)

    pw = "kc-pbkdf2-sha256"; c, rec, _, _ = cred_pbkdf2(pw, "pbkdf2-sha256", 10000, 32, 0)
    add(user(0, "ada", "ada@kc.example", "Ada", "Lovelace", [c]), password=pw, expect="carried", htype="pbkdf2",
        note="pbkdf2-sha256, 10000 iterations, 32-byte value (secretData/credentialData layout)", record=rec)

    pw = "kc-pbkdf2-sha512"; c, rec, _, _ = cred_pbkdf2(pw, "pbkdf2-sha512", 5000, 64, 1)
    add(user(1, "grace", "grace@kc.example", "Grace", "Hopper", [c]), password=pw, expect="carried", htype="pbkdf2",
        note="pbkdf2-sha512, 5000 iterations, 64-byte value", record=rec)

    pw = "kc-pbkdf2-sha1"; c, rec, _, _ = cred_pbkdf2(pw, "pbkdf2", 7500, 64, 2)
    add(user(2, "linus", "linus@kc.example", "Linus", None, [c]), password=pw, expect="carried", htype="pbkdf2",
        note="algorithm \"pbkdf2\" = PBKDF2-HMAC-SHA1, 7500 iterations, 64-byte value (Keycloak's 512-bit default)", record=rec)

    pw = "kc-argon2id"; c, rec = cred_argon2(pw, "id", 1024, 2, 1, 3)
    add(user(3, "margaret", "margaret@kc.example", "Margaret", "Hamilton", [c]), password=pw, expect="carried",
        htype="argon2", note="argon2 (Keycloak 25+ default), type id, version 1.3, memory 1024 KiB, hashIterations 2, parallelism 1, hashLength 32", record=rec)

    pw = "kc-argon2i"; c, rec = cred_argon2(pw, "i", 512, 2, 2, 4)
    add(user(4, "alan", "alan@kc.example", "Alan", "Turing", [c]), password=pw, expect="carried", htype="argon2",
        note="argon2 type i, memory 512, hashIterations 2, parallelism 2", record=rec)

    pw = "kc-password-and-otp"; c, rec = cred_argon2(pw, "id", 1024, 1, 1, 5)
    add(user(5, "barbara", "barbara@kc.example", "Barbara", "Liskov", [c, otp_cred(5)], totp=True),
        password=pw, expect="carried", htype="argon2",
        note="password credential plus an otp credential: the converter takes the password one (OTP is not migrated)", record=rec)

    add(user(6, "otp-only", "otp-only@kc.example", "Otp", "Only", [otp_cred(6)], totp=True),
        password=None, expect="reject", reason="no_password", note="only an otp credential, no password credential")

    add(user(7, "social", "social@gmail.example", "Social", "User", [],
             fed=[{"identityProvider": "google", "userId": "112233445566778899001", "userName": "social@gmail.example"}]),
        password=None, expect="reject", reason="no_password",
        note="federated Google identity, credentials empty")

    pw = "kc-no-email"; c, _, _, _ = cred_pbkdf2(pw, "pbkdf2-sha256", 10000, 32, 8)
    add(user(8, "svc-operator", None, None, None, [c]), password=pw, expect="reject", reason="missing_field",
        note="username only, no email; the pbkdf2-sha256 credential is valid")

    pw = "kc-corrupt"; c, _, dk, salt = cred_pbkdf2(pw, "pbkdf2-sha256", 10000, 32, 9)
    v = b64(dk)
    bad = v[:20] + "*" + v[21:]
    c["secretData"] = json.dumps({"value": bad, "salt": b64(salt), "additionalParameters": {}}, separators=(",", ":"))
    add(user(9, "corrupt", "corrupt@kc.example", "Cor", "Rupt", [c]), password=pw, expect="reject", reason="invalid_hash",
        note="secretData.value has a '*' (corrupt base64); password is the one the intact value was made from")

    write(uf, jackson({"realm": realm, "users": users}))

    realm_rep = {
        "id": rand_uuid(rng), "realm": realm, "displayName": "ACME", "notBefore": 0,
        "defaultSignatureAlgorithm": "RS256", "revokeRefreshToken": False, "accessTokenLifespan": 300,
        "sslRequired": "external", "registrationAllowed": False, "registrationEmailAsUsername": False,
        "rememberMe": False, "verifyEmail": False, "loginWithEmailAllowed": True, "duplicateEmailsAllowed": False,
        "resetPasswordAllowed": True, "editUsernameAllowed": False, "bruteForceProtected": False,
        "enabled": True,
        "roles": {"realm": [{"id": rand_uuid(rng), "name": f"default-roles-{realm}",
                             "description": "${role_default-roles}", "composite": True,
                             "composites": {"realm": ["offline_access", "uma_authorization"]},
                             "clientRole": False, "containerId": realm, "attributes": {}}]},
        "groups": [], "defaultRole": {"id": rand_uuid(rng), "name": f"default-roles-{realm}",
                                       "description": "${role_default-roles}", "composite": True,
                                       "clientRole": False, "containerId": realm},
        "requiredCredentials": ["password"],
        "passwordPolicy": "length(8) and hashAlgorithm(argon2)",
        "otpPolicyType": "totp", "otpPolicyAlgorithm": "HmacSHA1", "otpPolicyInitialCounter": 0,
        "otpPolicyDigits": 6, "otpPolicyLookAheadWindow": 1, "otpPolicyPeriod": 30,
        "identityProviders": [{"alias": "google", "internalId": rand_uuid(rng), "providerId": "google",
                               "enabled": True, "trustEmail": True, "storeToken": False,
                               "config": {"clientId": "example-client-id.apps.googleusercontent.example",
                                          "clientSecret": "**********"}}],
        "internationalizationEnabled": False, "supportedLocales": [],
        "keycloakVersion": "26.0.7",
    }
    write(f"keycloak/{realm}-realm.json", jackson(realm_rep))

    # An older export (Keycloak 3.4, --users realm_file): users inside the realm file,
    # credentials in the deprecated hashedSaltedValue layout.
    lf = "keycloak/legacy-realm.json"
    lusers = []

    def old_cred(pw, algo, iters, i):
        salt = rng.randbytes(16)
        digest = {"pbkdf2": "sha1", "pbkdf2-sha256": "sha256"}[algo]
        dk = hashlib.pbkdf2_hmac(digest, pw.encode(), salt, iters, 64)
        ident = {"pbkdf2": "$pbkdf2$", "pbkdf2-sha256": "$pbkdf2-sha256$"}[algo]
        return ({"type": "password", "hashedSaltedValue": b64(dk), "salt": b64(salt), "hashIterations": iters,
                 "counter": 0, "algorithm": algo, "digits": 0, "period": 0, "createdDate": ts[i], "config": {}},
                ("pbkdf2", f"{ident}i={iters},l=64${b64np(salt)}${b64np(dk)}", None))

    def old_user(i, username, email, first, last, creds):
        u = {"id": rand_uuid(rng), "createdTimestamp": ts[i] - 5000, "username": username, "enabled": True,
             "totp": False, "emailVerified": True, "firstName": first, "lastName": last, "email": email,
             "credentials": creds, "disableableCredentialTypes": ["password"] if creds else [],
             "requiredActions": [] if creds else ["UPDATE_PASSWORD"],
             "realmRoles": ["offline_access", "uma_authorization"],
             "clientRoles": {"account": ["manage-account", "view-profile"]}, "notBefore": 0, "groups": []}
        return u

    def ladd(u, **m):
        entry(lf, len(lusers), uid=u["id"], email=u.get("email"), **m)
        lusers.append(u)

    pw = "legacy-kc-sha256"; c, rec = old_cred(pw, "pbkdf2-sha256", 10000, 10)
    ladd(old_user(10, "demo", "demo@legacy.example", "John", "Doe", [c]), password=pw, expect="carried", htype="pbkdf2",
         note="deprecated layout: hashedSaltedValue/salt/hashIterations/algorithm at the credential's top level; pbkdf2-sha256, 64-byte value", record=rec)

    pw = "legacy-kc-sha1"; c, rec = old_cred(pw, "pbkdf2", 10000, 11)
    ladd(old_user(11, "olduser", "old@legacy.example", "Old", "User", [c]), password=pw, expect="carried", htype="pbkdf2",
         note="deprecated layout, algorithm \"pbkdf2\" (SHA-1), 10000 iterations, 64-byte value", record=rec)

    ladd(old_user(12, "newhire", "newhire@legacy.example", "New", "Hire", []), password=None, expect="reject",
         reason="no_password", note="created by an admin with UPDATE_PASSWORD required action; credentials empty")

    legacy = {
        "id": "legacy", "realm": "legacy", "notBefore": 0, "revokeRefreshToken": False,
        "accessTokenLifespan": 300, "enabled": True, "sslRequired": "external",
        "registrationAllowed": False, "loginWithEmailAllowed": True, "duplicateEmailsAllowed": False,
        "resetPasswordAllowed": False, "editUsernameAllowed": False, "bruteForceProtected": False,
        "groups": [], "defaultRoles": ["offline_access", "uma_authorization"],
        "requiredCredentials": ["password"], "passwordPolicy": "hashIterations(10000)",
        "otpPolicyType": "totp", "otpPolicyAlgorithm": "HmacSHA1", "otpPolicyInitialCounter": 0,
        "otpPolicyDigits": 6, "otpPolicyLookAheadWindow": 1, "otpPolicyPeriod": 30,
        "users": lusers,
        "keycloakVersion": "3.4.3.Final",
    }
    write(lf, jackson(legacy))


# ---------------------------------------------------------------- Django

def gen_django():
    rng = random.Random(SEEDS["django"])
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import (Argon2PasswordHasher, BCryptPasswordHasher,
                                             BCryptSHA256PasswordHasher, MD5PasswordHasher,
                                             PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher,
                                             ScryptPasswordHasher, check_password, is_password_usable)
    from django.core.management import call_command
    from datetime import datetime, timezone

    class SmallArgon2(Argon2PasswordHasher):
        time_cost = 2
        memory_cost = 1024
        parallelism = 1

    User = get_user_model()
    User.objects.all().delete()
    specs = []

    def salt():
        return rand_str(rng, 22)

    def add(username, email, password, encoded, first="", last="", **m):
        specs.append((username, email, encoded, first, last, password, m))

    pw = "django-pbkdf2-sha256"; e = PBKDF2PasswordHasher().encode(pw, salt(), iterations=10000)
    add("ada", "ada@dj.example", pw, e, "Ada", "Lovelace", expect="carried", htype="pbkdf2",
        note="pbkdf2_sha256, 10000 iterations (Django 5.2 PBKDF2PasswordHasher); salt used as UTF-8 text",
        record=("pbkdf2", e, None))

    pw = "lètmein-ü"; e = PBKDF2PasswordHasher().encode(pw, salt(), iterations=8000)
    add("grace", "grace@dj.example", pw, e, "Grace", "Hopper", expect="carried", htype="pbkdf2",
        note="pbkdf2_sha256, 8000 iterations, non-ASCII password", record=("pbkdf2", e, None))

    pw = "django-pbkdf2-sha1"; e = PBKDF2SHA1PasswordHasher().encode(pw, salt(), iterations=10000)
    add("linus", "linus@dj.example", pw, e, "Linus", "", expect="carried", htype="pbkdf2",
        note="pbkdf2_sha1, 10000 iterations (PBKDF2SHA1PasswordHasher)", record=("pbkdf2", e, None))

    pw = "django-argon2"; e = SmallArgon2().encode(pw, salt())
    add("margaret", "margaret@dj.example", pw, e, "Margaret", "Hamilton", expect="carried", htype="argon2",
        note="argon2$argon2id$v=19$m=1024,t=2,p=1 (Argon2PasswordHasher with small costs); strip the leading 'argon2'",
        record=("argon2", e[len("argon2"):], None))

    pw = "django-bcrypt"; e = BCryptPasswordHasher().encode(pw, bcrypt_salt(rng, 5, b"2b"))
    add("alan", "alan@dj.example", pw, e, "Alan", "Turing", expect="carried", htype="bcrypt",
        note="bcrypt$$2b$05$... (BCryptPasswordHasher); strip 'bcrypt$'", record=("bcrypt", e[len("bcrypt$"):], None))

    pw = "django-scrypt"; s = salt(); e = ScryptPasswordHasher().encode(pw, s, n=4096, r=8, p=1)
    key_b64 = e.rsplit("$", 1)[1]
    add("barbara", "barbara@dj.example", pw, e, "Barbara", "Liskov", expect="carried", htype="scrypt",
        note="scrypt$4096$<salt>$8$1$<b64 64-byte key> (ScryptPasswordHasher); maps to Frontegg scrypt <salt>$<key> with saltSeparator '$', keyLen 64",
        record=("scrypt", f"{s}${key_b64}", {"saltSeparator": "$", "N": 4096, "r": 8, "p": 1, "keyLen": 64,
                                             "keyEncoding": "base64"}))

    unusable = "!" + rand_str(rng, 40)
    add("sociallogin", "social@dj.example", None, unusable, "Social", "Login", expect="reject", reason="no_password",
        note="unusable password ('!' + 40 random characters, as set_unusable_password() writes)")

    pw = "django-md5"; e = MD5PasswordHasher().encode(pw, salt())
    add("olduser", "old@dj.example", pw, e, expect="reject", reason="unsupported_algorithm",
        note="md5$<salt>$<hex> (MD5PasswordHasher)")

    pw = "django-bcrypt-sha256"; e = BCryptSHA256PasswordHasher().encode(pw, bcrypt_salt(rng, 5, b"2b"))
    add("bshauser", "bsha@dj.example", pw, e, expect="reject", reason="unsupported_algorithm",
        note="bcrypt_sha256$$2b$05$... (BCryptSHA256PasswordHasher): bcrypt over hex(sha256(password))")

    pw = "django-no-email"; e = PBKDF2PasswordHasher().encode(pw, salt(), iterations=10000)
    add("noemail", "", pw, e, expect="reject", reason="missing_field",
        note="email is the empty string (Django's default for a blank EmailField); the hash is valid")

    pw = "django-truncated"; e = PBKDF2PasswordHasher().encode(pw, salt(), iterations=10000)
    bad = e.rsplit("$", 1)[0]
    add("truncated", "truncated@dj.example", pw, bad, expect="reject", reason="invalid_hash",
        note="pbkdf2_sha256 string cut before its hash field (pbkdf2_sha256$<iter>$<salt>, 3 fields); password is the one the full string was made from")

    # self-check with Django's own check_password, then store and dump
    for username, email, encoded, first, last, password, m in specs:
        if m["expect"] == "carried":
            assert check_password(password, encoded), username
        elif m.get("reason") == "unsupported_algorithm":
            assert check_password(password, encoded), username
        elif m.get("reason") == "no_password":
            assert not is_password_usable(encoded)
    joined = datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)
    for i, (username, email, encoded, first, last, password, m) in enumerate(specs):
        u = User(username=username, email=email, first_name=first, last_name=last, password=encoded,
                 is_active=True, is_staff=(i == 0), is_superuser=(i == 0),
                 date_joined=joined.replace(day=1 + i),
                 last_login=joined.replace(month=3, day=1 + i) if i % 3 == 0 else None)
        u.save()
    buf = io.StringIO()
    call_command("dumpdata", "auth.user", indent=2, stdout=buf)
    write("django/dumpdata.json", buf.getvalue())
    dumped = json.loads(buf.getvalue())
    for idx, obj in enumerate(dumped):
        spec = specs[idx]
        assert obj["fields"]["username"] == spec[0]
        m = dict(spec[6])
        entry("django/dumpdata.json", idx, uid=str(obj["pk"]), email=spec[1] or None, password=spec[5], **m)

    # CSV: psql \copy (select id, username, email, password, is_active, date_joined from auth_user order by id) csv header
    lines = ["id,username,email,password,is_active,date_joined"]
    for idx, obj in enumerate(dumped):
        fl = obj["fields"]
        dj = fl["date_joined"].replace("T", " ").replace("Z", "+00")
        lines.append(",".join(csv_field(v) for v in [obj["pk"], fl["username"], fl["email"], fl["password"],
                                                      "t" if fl["is_active"] else "f", dj]))
        spec = specs[idx]
        entry("django/users.csv", idx + 2, uid=str(obj["pk"]), email=spec[1] or None, password=spec[5], **dict(spec[6]))
    write("django/users.csv", "\n".join(lines) + "\n")


# ---------------------------------------------------------------- Django bootstrap (in-memory)

def setup_django():
    import django
    from django.conf import settings
    if not settings.configured:
        settings.configure(
            INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
            DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
            USE_TZ=True, TIME_ZONE="UTC",
            PASSWORD_HASHERS=[
                "django.contrib.auth.hashers.PBKDF2PasswordHasher",
                "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
                "django.contrib.auth.hashers.Argon2PasswordHasher",
                "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
                "django.contrib.auth.hashers.BCryptPasswordHasher",
                "django.contrib.auth.hashers.ScryptPasswordHasher",
                "django.contrib.auth.hashers.MD5PasswordHasher",
            ],
        )
        django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0, interactive=False)


# ---------------------------------------------------------------- self-checks

def self_check():
    """Every carried user's hashport-side record must reproduce from its password
    with an independent recomputation (hashlib / bcrypt / argon2-cffi / cryptography)."""
    for file, pos, pw, (typ, h, cfg) in HASHPORT:
        p = pw.encode()
        if typ == "bcrypt":
            assert bcrypt.checkpw(p, h.encode()), (file, pos)
        elif typ == "argon2":
            assert argon2.PasswordHasher().verify(h, pw), (file, pos)
        elif typ == "pbkdf2":
            if h.startswith("$pbkdf2"):
                ident, params, s, d = h[1:].split("$")
                digest = {"pbkdf2": "sha1", "pbkdf2-sha256": "sha256", "pbkdf2-sha512": "sha512"}[ident]
                it = int(dict(kv.split("=") for kv in params.split(","))["i"])
                pad = lambda x: x + "=" * (-len(x) % 4)
                salt, dk = base64.b64decode(pad(s)), base64.b64decode(pad(d))
            else:
                algo, it, s, d = h.split("$")
                digest = {"pbkdf2_sha256": "sha256", "pbkdf2_sha1": "sha1"}[algo]
                it, salt, dk = int(it), s.encode(), base64.b64decode(d)
            assert hashlib.pbkdf2_hmac(digest, p, salt, it, len(dk)) == dk, (file, pos)
        elif typ == "scrypt":
            sep = cfg["saltSeparator"]
            s, k = h.rsplit(sep, 1)
            salt = base64.b64decode(s) if cfg.get("saltEncoding") == "base64" else s.encode()
            key = base64.b64decode(k) if (cfg.get("keyEncoding") == "base64") else bytes.fromhex(k)
            assert len(key) == cfg["keyLen"]
            assert hashlib.scrypt(p, salt=salt, n=cfg["N"], r=cfg["r"], p=cfg["p"], dklen=cfg["keyLen"],
                                  maxmem=256 * 1024 * 1024) == key, (file, pos)
        elif typ == "firebase-scrypt":
            d = base64.b64decode
            _, out = firebase_scrypt(p, d(cfg["salt"]), d(cfg["saltSeparator"]), d(cfg["signerKey"]),
                                     cfg["rounds"], cfg["memCost"])
            assert out == d(h), (file, pos)
        else:
            raise AssertionError(typ)


def check_manifest():
    seen = set()
    for e in MANIFEST:
        key = (e["file"], e["position"])
        assert key not in seen, key
        seen.add(key)
        assert e["file"] in WRITTEN, e["file"]
        if e["expect"] == "carried":
            assert e["password"] is not None and e["email"]
        if e["reason"] == "no_password":
            assert e["password"] is None
    # positions point at the right user
    for e in MANIFEST:
        text = WRITTEN[e["file"]]
        if e["file"].endswith((".ndjson", ".jsonl", ".csv")):
            line = text.split("\n")[e["position"] - 1]
            uid = e["id"].split("|", 1)[1] if e["file"] == "auth0/password-hashes.ndjson" else e["id"]
            assert uid in line, (e["file"], e["position"], uid)
        else:
            doc = json.loads(text)
            arr = doc["users"] if isinstance(doc, dict) else doc
            item = arr[e["position"]]
            if e["file"].startswith("django/"):
                assert str(item["pk"]) == e["id"], (e["file"], e["position"])
            else:
                assert e["id"] in json.dumps(item, ensure_ascii=False), (e["file"], e["position"])


def run_hashport(binary):
    lines = []
    for file, pos, pw, (typ, h, cfg) in HASHPORT:
        lines.append(json.dumps({"passwordHashType": typ, "passwordHash": h,
                                 "passwordHashConfig": None if cfg is None else json.dumps(cfg, separators=(",", ":")),
                                 "password": pw}))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as t:
        t.write("\n".join(lines) + "\n")
    out = subprocess.run([binary, "verify", "--no-upgrade", t.name], capture_output=True, text=True, check=True).stdout
    os.unlink(t.name)
    bad = 0
    for (file, pos, _, rec), line in zip(HASHPORT, out.splitlines()):
        r = json.loads(line)
        if r["outcome"] != "match":
            bad += 1
            print(f"hashport: {file}#{pos} {rec[0]} -> {line}", file=sys.stderr)
    print(f"hashport check: {len(HASHPORT) - bad}/{len(HASHPORT)} carried records match")
    return bad == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hashport", help="a hashport binary: also run every carried user's converted record through `hashport verify`")
    ap.add_argument("--check", action="store_true", help="generate in memory and compare with the files on disk; write nothing")
    args = ap.parse_args()

    check_firebase_kat()
    setup_django()
    gen_auth0()
    gen_auth0_import()
    fb = gen_firebase()
    gen_supabase(fb)
    gen_clerk(fb)
    gen_keycloak()
    gen_django()
    self_check()
    write("manifest.json", json.dumps(MANIFEST, indent=2, ensure_ascii=False) + "\n")
    check_manifest()

    if args.check:
        diff = [rel for rel, text in WRITTEN.items()
                if not (OUT / rel).exists() or (OUT / rel).read_text(encoding="utf-8") != text]
        print("up to date" if not diff else "differs: " + ", ".join(diff))
        ok = run_hashport(args.hashport) if args.hashport else True
        sys.exit(1 if diff or not ok else 0)
    for rel, text in WRITTEN.items():
        path = OUT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    counts = {}
    for e in MANIFEST:
        if e["role"] != "users":
            continue
        c = counts.setdefault(e["file"], [0, 0])
        c[0 if e["expect"] == "carried" else 1] += 1
    for f, (c, r) in sorted(counts.items()):
        print(f"{f}: {c} carried, {r} rejected")
    if args.hashport and not run_hashport(args.hashport):
        sys.exit(1)


if __name__ == "__main__":
    main()
