#!/usr/bin/env python3
"""Scale check for `hashport lint` and `hashport convert`: one million users.

    python3 benches/migrate/scale.py [--users N] [--binary target/release/hashport]

Writes a bulk body of N users (mixed bcrypt, argon2, pbkdf2, scrypt and
firebase-scrypt records, a few hundred distinct hashes repeated; every
email distinct) and the same users as a Supabase JSON Lines export, then
runs `hashport lint --json` on the body and `hashport convert --from
supabase` on the export, printing wall time and peak resident memory of
each (from wait4's ru_maxrss). A benchmark, not a test: run it alone.
"""
import argparse
import base64
import json
import os
import resource
import subprocess
import sys
import tempfile
import time


def b64(b):
    return base64.b64encode(b).decode().rstrip("=")


def records():
    out = []
    for i in range(50):
        s = os.urandom(16)
        out.append(("bcrypt", "$2b$10$" + "." * 53, None))
        out.append(("argon2", f"$argon2id$v=19$m=19456,t=2,p=1${b64(s)}${b64(os.urandom(32))}", None))
        out.append(("pbkdf2", f"$pbkdf2-sha256$i=600000,l=32${b64(s)}${b64(os.urandom(32))}", None))
        out.append(("scrypt", f"$scrypt$ln=14,r=8,p=1${b64(s)}${b64(os.urandom(32))}", None))
        cfg = json.dumps({"memCost": 14, "rounds": 8, "saltSeparator": "Bw==",
                          "signerKey": base64.b64encode(os.urandom(64)).decode()})
        out.append(("firebase-scrypt", base64.b64encode(s).decode() + "Bw==" +
                    base64.b64encode(os.urandom(64)).decode(), cfg))
    return out


def run(cmd, stdout):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=1_000_000)
    ap.add_argument("--binary", default="target/release/hashport")
    args = ap.parse_args()
    recs = records()
    with tempfile.TemporaryDirectory() as tmp:
        body = os.path.join(tmp, "body.json")
        export = os.path.join(tmp, "users.jsonl")
        with open(body, "w") as f, open(export, "w") as g:
            f.write('{"users":[\n')
            for i in range(args.users):
                ty, h, cfg = recs[i % len(recs)]
                user = {"email": f"user{i}@example.com", "tenantId": f"t{i % 7}",
                        "passwordHashType": ty, "passwordHash": h}
                if cfg:
                    user["passwordHashConfig"] = cfg
                f.write(("," if i else "") + json.dumps(user) + "\n")
                if ty == "bcrypt" or ty == "argon2":
                    g.write(json.dumps({"id": str(i), "email": f"user{i}@example.com",
                                        "encrypted_password": h}) + "\n")
            f.write("]}\n")
        size = os.path.getsize(body) / 2**20
        with open(os.devnull, "w") as null:
            wall, rss, code = run([args.binary, "lint", "--json", body], null)
            print(f"lint    {args.users} users ({size:.0f} MiB): {wall:.2f} s, peak RSS {rss:.0f} MiB, exit {code}")
            n = sum(1 for _ in open(export))
            wall, rss, code = run([args.binary, "convert", "--from", "supabase", "--tenant-id", "t",
                                   "--rejects", os.devnull, export], null)
            print(f"convert {n} Supabase users: {wall:.2f} s, peak RSS {rss:.0f} MiB, exit {code}")


if __name__ == "__main__":
    sys.exit(main())
