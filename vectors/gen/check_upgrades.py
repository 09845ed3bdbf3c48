#!/usr/bin/env python3
"""Cross-checks hashport's login upgrades with an independent argon2.

Runs `hashport verify` over every matching, non-slow case in vectors/*.json
and checks each returned upgrade with argon2-cffi (the reference libargon2):
the new hash must verify with the password and fail with a wrong one, carry
the default policy's parameters, and have no config. Exits 1 on any
disagreement.

    python vectors/gen/check_upgrades.py [--binary target/release/hashport]
"""

import argparse
import json
import pathlib
import subprocess
import sys

import argon2

ROOT = pathlib.Path(__file__).resolve().parents[2]
FILES = ["bcrypt", "scrypt", "firebase-scrypt", "pbkdf2", "argon2"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=str(ROOT / "target/release/hashport"))
    args = ap.parse_args()

    cases = []
    for stem in FILES:
        data = json.loads((ROOT / "vectors" / f"{stem}.json").read_text())
        for c in data["cases"]:
            if c["expect"] == "match" and not c.get("slow"):
                cases.append((stem, data["type"], c))

    lines = []
    for _, ty, c in cases:
        rec = {
            "passwordHashType": c.get("type", ty),
            "passwordHash": c["passwordHash"],
            "passwordHashConfig": c.get("passwordHashConfig"),
        }
        if "password" in c:
            rec["password"] = c["password"]
        else:
            rec["passwordHex"] = c["passwordHex"]
        lines.append(json.dumps(rec))
    out = subprocess.run(
        [args.binary, "verify", "-"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    results = [json.loads(l) for l in out.stdout.splitlines()]
    assert len(results) == len(cases), "one output line per input line"

    hasher = argon2.PasswordHasher()
    failures = 0
    upgrades = 0
    for (stem, _, c), r in zip(cases, results):
        name = f"{stem}/{c['name']}"
        if r["outcome"] != "match":
            print(f"{name}: expected match, got {r['outcome']}")
            failures += 1
            continue
        up = r.get("upgrade")
        if up is None:
            # Only a record already native at the default policy may lack one.
            if not c["passwordHash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$"):
                print(f"{name}: match without an upgrade")
                failures += 1
            continue
        upgrades += 1
        pw = c["password"].encode() if "password" in c else bytes.fromhex(c["passwordHex"])
        h = up["passwordHash"]
        ok = (
            up["passwordHashType"] == "argon2"
            and up["passwordHashConfig"] is None
            and h.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        )
        try:
            hasher.verify(h, pw)
        except argon2.exceptions.VerifyMismatchError:
            ok = False
        try:
            hasher.verify(h, pw + b"x")
            ok = False
        except argon2.exceptions.VerifyMismatchError:
            pass
        if not ok:
            print(f"{name}: upgrade does not verify with argon2-cffi")
            failures += 1
    print(f"check_upgrades: {upgrades} upgrades checked with argon2-cffi, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
