#!/usr/bin/env python3
"""Builds the seed corpus of every fuzz target from the vector files.

    python3 fuzz/make_seeds.py        # from the repository root

Writes fuzz/seeds/<target>/<sha1 of the seed> (the directory is emptied
first), deterministically: the same vectors give the same seeds. Run it again
after changing vectors/*.json, and commit fuzz/seeds/. (fuzz/corpus/, where
cargo-fuzz keeps what it finds, is git-ignored.)

Seed formats follow hashport::fuzzing (src/fuzzing.rs):
- decode:   one byte choosing the type (0 bcrypt, 1 scrypt, 2 firebase-scrypt,
            3 pbkdf2, 4 argon2; 5 = the type as text up to a NUL), then
            passwordHash, then NUL and passwordHashConfig when there is one.
- config:   the passwordHashConfig text.
- cli_line: one `hashport verify` input line.
- convert_line: one byte choosing a line-based source of `hashport convert`
            (0 auth0 NDJSON, 1 supabase JSON Lines, 2 firebase CSV, 3 clerk
            CSV, 4 django CSV), then input: each line of the example exports
            in examples/exports/ (a CSV's header, then the line).
- verify:   bytes read by Spec::tiny (type, parameters, salt), a tweak, then
            the password; pseudo-random with a fixed seed, a few per type.
"""

import hashlib
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPES = ["bcrypt", "scrypt", "firebase-scrypt", "pbkdf2", "argon2"]


def cases():
    for path in sorted((ROOT / "vectors").glob("*.json")) + sorted((ROOT / "vectors" / "forms").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield case.get("type", data["type"]), case


def decode_seed(ty, case):
    if ty in TYPES:
        out = bytes([TYPES.index(ty)])
    else:
        out = bytes([5]) + ty.encode() + b"\0"
    out += case["passwordHash"].encode()
    if case.get("passwordHashConfig") is not None:
        out += b"\0" + case["passwordHashConfig"].encode()
    return out


def cli_seed(ty, case):
    line = {"passwordHashType": ty, "passwordHash": case["passwordHash"]}
    if "passwordHashConfig" in case:
        line["passwordHashConfig"] = case["passwordHashConfig"]
    if "passwordHex" in case:
        line["passwordHex"] = case["passwordHex"]
    else:
        line["password"] = case["password"]
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode()


def verify_seeds():
    rng = random.Random(20240611)
    passwords = [b"", b"password", "pässwörd €".encode(), bytes(range(1, 80)), b"\xff\xfe\x00ab"]
    for kind in range(5):
        for i, password in enumerate(passwords):
            body = bytes(rng.randrange(256) for _ in range(160))
            yield bytes([kind]) + body[: 40 + 24 * i] + password


CONVERT_SOURCES = [
    ("auth0/password-hashes.ndjson", False),
    ("supabase/users.jsonl", False),
    ("firebase/users.csv", False),
    ("clerk/users.csv", True),
    ("django/users.csv", True),
]


def convert_seeds():
    for kind, (name, header) in enumerate(CONVERT_SOURCES):
        lines = (ROOT / "examples" / "exports" / name).read_bytes().splitlines(keepends=True)
        head, body = (lines[0], lines[1:]) if header else (b"", lines)
        for line in body:
            yield bytes([kind]) + head + line


def write(target, seeds):
    folder = ROOT / "fuzz" / "seeds" / target
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    unique = {hashlib.sha1(s).hexdigest(): s for s in seeds}
    for name, seed in sorted(unique.items()):
        (folder / name).write_bytes(seed)
    print(f"{target}: {len(unique)} seeds")


def main():
    all_cases = list(cases())
    write("decode", (decode_seed(t, c) for t, c in all_cases))
    configs = [c["passwordHashConfig"].encode() for _, c in all_cases if c.get("passwordHashConfig")]
    write("config", configs + [b"{}", b"null", b""])
    write("cli_line", (cli_seed(t, c) for t, c in all_cases))
    write("verify", verify_seeds())
    write("convert_line", convert_seeds())


if __name__ == "__main__":
    main()
