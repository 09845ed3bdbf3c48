#!/usr/bin/env python3
"""Known-answer cases for peer spellings of Firebase's modified scrypt (passwordHashType "firebase-scrypt").

Run:  python gen_firebase_scrypt_forms.py     (writes firebase-scrypt.json beside this file)

Firebase's modified scrypt (firebase/scrypt; shared/reference/formats.md section 2):
  key  = scrypt(password, salt || saltSeparator, N = 2^memCost, r = rounds, p = 1, dkLen = 64)
  hash = AES-256-CTR(key[0:32], initial counter block = 16 zero bytes).encrypt(signerKey)
No producer library exists for the peers' strings, so the hash is computed here with hashlib.scrypt and
pyca/cryptography's AES-256-CTR, after FIRST reproducing the published firebase/scrypt README vector
(user1@test.com: the exported hash and the ports' intermediate scrypt key) with that same code.

Forms (all base64 is the standard alphabet with padding, as Firebase exports it; salts are 10 bytes as Firebase
draws them; signer keys 64 bytes; separator Bw== unless stated):
  * Kratos    $firescrypt$ln=<memCost>,r=<rounds>,p=1$<salt>$<hash>$<saltSeparator>$<signerKey>
              (ory/kratos hash/hash_comparator.go decodeFirebaseScryptHash: std base64, strict, padded)
  * Supabase  $fbscrypt$v=1,n=<memCost>,r=<rounds>,p=1,ss=<saltSeparator>,sk=<signerKey>$<salt>$<hash>
              (supabase/auth internal/crypto/password.go fbscryptHashRegexp; n is log2 N)
  * WorkOS    $firebase-scrypt$hash=<hash>$salt=<salt>$sk=<signerKey>$ss=<saltSeparator>$r=<rounds>$m=<memCost>
              (WorkOS migration tooling encodeFirebaseScryptPHC; it keeps the export's padding, WorkOS's docs ask
              for unpadded values: both are written)
  * Clerk     <hash>$<salt>$<signerKey>$<saltSeparator>$<rounds>$<memCost>   (password_hasher scrypt_firebase)
  * Frontegg, empty per-user salt: passwordHash = <saltSeparator as written in the config><hash>, config
              {memCost, rounds, saltSeparator, signerKey} (hashport README "Accepted inputs" with salt = "")
The peer strings carry the project parameters themselves, so they take no config; given WITH a config, a config
that agrees verifies and one whose signerKey / saltSeparator / memCost disagrees is invalid_config.

Every positive is recomputed independently (pyca/cryptography's Scrypt KDF, plus the pure-Python RFC 7914 scrypt
where cheap, and AES-256-CTR rebuilt from AES-ECB of counter blocks) and every mismatch case is asserted to fail.
Costs: memCost <= 14, rounds 8.  Deterministic: seeded salts and keys.
"""
import hashlib
import hmac
import json
import os
import random
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # noqa: E402

import formskit as fk  # noqa: E402
from formskit import b64, b64d  # noqa: E402
from vecfile import case, write  # noqa: E402

OUT = os.path.join(HERE, "..", "forms", "firebase-scrypt.json")
SCRIPT = "vectors/gen/gen_firebase_scrypt.py"
IMPL = "Firebase modified scrypt: hashlib.scrypt + pyca/cryptography AES-256-CTR"
LAYOUT = {
    "kratos": "ory/kratos's $firescrypt$ layout (hash/hash_comparator.go decodeFirebaseScryptHash)",
    "supabase": "supabase/auth's $fbscrypt$ layout (internal/crypto/password.go fbscryptHashRegexp)",
    "workos": "WorkOS's $firebase-scrypt$ layout (migration tooling encodeFirebaseScryptPHC)",
    "workos-unpadded": "WorkOS's $firebase-scrypt$ layout with unpadded base64, as WorkOS's docs ask",
    "clerk": "Clerk's scrypt_firebase digest layout (hash$salt$signerKey$saltSeparator$rounds$memCost)",
    "frontegg": "hashport's Frontegg layout <saltSeparator as written><hash> with an empty per-user salt",
}


def src(form):
    return f"{SCRIPT} ({IMPL}, written in {LAYOUT[form]})"


def firebase(pw, salt, sep, signer, mem, rounds):
    pw = pw.encode() if isinstance(pw, str) else pw
    dk = hashlib.scrypt(pw, salt=salt + sep, n=1 << mem, r=rounds, p=1, dklen=64, maxmem=512 << 20)
    enc = Cipher(algorithms.AES(dk[:32]), modes.CTR(bytes(16))).encryptor()
    return enc.update(signer) + enc.finalize()


# ---------------------------------------------------------------------------
# FIRST: the published firebase/scrypt README vector, with the code above
def find_published(fname):
    for base in ("/work/shared", os.path.join(HERE, "..", "..", "shared"), os.path.join(HERE, "..", "shared")):
        p = os.path.join(base, "reference", "published-vectors", fname)
        if os.path.exists(p):
            return p
    sys.exit(f"cannot find shared/reference/published-vectors/{fname}")


F1 = json.load(open(find_published("firebase-scrypt.json"), encoding="utf-8"))["sections"][0]["vectors"][0]
assert F1["id"] == "firebase-readme-user1"
F1_SIGNER = F1["hash_config"]["base64_signer_key"]
F1_SEP = F1["hash_config"]["base64_salt_separator"]
F1_SALT, F1_PW, F1_HASH = F1["base64_salt"], F1["password"], F1["expected_password_hash_base64"]
assert (F1["hash_config"]["rounds"], F1["hash_config"]["mem_cost"]) == (8, 14)
assert hashlib.scrypt(F1_PW.encode(), salt=b64d(F1_SALT) + b64d(F1_SEP), n=1 << 14, r=8, p=1, dklen=64,
                      maxmem=512 << 20) == b64d(F1["intermediate_scrypt_key_base64"]), "README intermediate key"
assert b64(firebase(F1_PW, b64d(F1_SALT), b64d(F1_SEP), b64d(F1_SIGNER), 14, 8)) == F1_HASH, "README vector"
assert fk.firebase_check(F1_PW, b64d(F1_SALT), b64d(F1_SEP), b64d(F1_SIGNER), 14, 8, b64d(F1_HASH))
F1_SRC = F1["source"]

F2_SRC = ("shared/reference/formats.md section 5 (Ory Kratos $firescrypt$ example: the Aoang/firebase-scrypt "
          "main_test.go vector that ory/kratos's tests use)")
F2_STR = ("$firescrypt$ln=14,r=8,p=1$sPtDhWcd1MfdAw==$xbSou7FOl6mChCyzpCPIQ7tku7nsQMTFtyOZSXXd7tjBa4NtimOx7v42Gv2Sfz"
          "PQu1oxM2/k4SsbOu73wlKe1A==$Bw==$YE0dO4bwD4JnJafh6lZZfkp1MtKzuKAXQcDCJNJNyeCHairWHKENOkbh3dzwaCdizzOspwr/FIT"
          "UVlnOAwPKyw==")
F3_SRC = ("https://github.com/supabase/auth internal/crypto/password_test.go (TestScrypt 'Firebase Scrypt: "
          "appropriate hash'), shared/reference/formats.md section 2.4 KAT-F3")
F3_STR = ("$fbscrypt$v=1,n=14,r=8,p=1,ss=Bw==,sk=ou9tdYTGyYm8kuR6Dt0Bp0kDuAYoXrK16mbZO4yGwAn3oLspjnN0/c41v8xZnO1n14J3M"
          "jKj1b2g6AUCAlFwMw==$C0sHCg9ek77hsg==$zKVTMvnWVw5BBOZNUdnsalx4c4c7y/w7IS5p6Ut2+CfEFFlz37J9huyQfov4iizN8dbjvE"
          "JlM5tQaJP84+hfTw==")
F3_BAD_SRC = ("https://github.com/supabase/auth internal/crypto/password_test.go (TestScrypt 'Firebase Scrypt: "
              "incorrect hash': a 13-byte hash for a 64-byte signer key)")

# ---------------------------------------------------------------------------
cases = []
n_pos, n_neg = {}, {}


class P:
    """One Firebase record: the per-user salt and hash, the project parameters, all as bytes."""

    def __init__(self, pw, salt, sep, signer, mem, rounds, hash_=None):
        self.pw, self.salt, self.sep, self.signer, self.mem, self.rounds = pw, salt, sep, signer, mem, rounds
        self.hash = hash_ if hash_ is not None else firebase(pw, salt, sep, signer, mem, rounds)

    def but(self, **kw):
        d = dict(pw=self.pw, salt=self.salt, sep=self.sep, signer=self.signer, mem=self.mem, rounds=self.rounds,
                 hash_=self.hash)
        d.update({("hash_" if k == "hash" else k): v for k, v in kw.items()})
        return P(**d)

    def ok(self, pw, deep=True):
        """Independent recomputation (pure-Python scrypt too when deep and cheap)."""
        if len(self.hash) != len(self.signer):
            return False
        if not deep:
            dk = fk.scrypt_pyca(pw.encode(), self.salt + self.sep, 1 << self.mem, self.rounds, 1, 64)
            return hmac.compare_digest(fk.aes256_ctr_by_ecb(dk[:32], self.signer), self.hash)
        return fk.firebase_check(pw, self.salt, self.sep, self.signer, self.mem, self.rounds, self.hash)

    def config(self, **over):
        d = {"memCost": self.mem, "rounds": self.rounds, "saltSeparator": b64(self.sep), "signerKey": b64(self.signer)}
        d.update(over)
        return json.dumps(d, separators=(",", ":"))


def render(form, x, pad=True):
    e = lambda b: b64(b, pad=pad)
    if form == "kratos":
        return f"$firescrypt$ln={x.mem},r={x.rounds},p=1${e(x.salt)}${e(x.hash)}${e(x.sep)}${e(x.signer)}"
    if form == "supabase":
        return f"$fbscrypt$v=1,n={x.mem},r={x.rounds},p=1,ss={e(x.sep)},sk={e(x.signer)}${e(x.salt)}${e(x.hash)}"
    if form in ("workos", "workos-unpadded"):
        e = lambda b: b64(b, pad=form == "workos")
        return f"$firebase-scrypt$hash={e(x.hash)}$salt={e(x.salt)}$sk={e(x.signer)}$ss={e(x.sep)}$r={x.rounds}$m={x.mem}"
    if form == "clerk":
        return f"{e(x.hash)}${e(x.salt)}${e(x.signer)}${e(x.sep)}${x.rounds}${x.mem}"
    if form == "frontegg":
        assert x.salt == b""
        return b64(x.sep) + b64(x.hash)
    raise ValueError(form)


def add(form, name, source, pw, phash, config, expect, error=None):
    cases.append(case(name, source, pw, phash, expect, config=config, error=error))
    key = "workos" if form.startswith("workos") else form
    d = n_pos if expect == "match" else n_neg
    d[key] = d.get(key, 0) + 1


def pos(form, name, source, x, phash=None, config=None):
    assert x.ok(x.pw) and not x.ok(x.pw + "x", deep=False), name
    add(form, name, source, x.pw, phash if phash is not None else render(form, x), config, "match")


def neg(form, name, source, pw, phash, config=None, expect="mismatch", error=None, x=None):
    if expect == "mismatch":
        assert x is not None and not x.ok(pw, deep=False), name
    add(form, name, source, pw, phash, config, expect, error)


rng = random.Random(1_4_8)


def rb(n):
    return bytes(rng.randrange(256) for _ in range(n))


SIGNER = rb(64)
SEP = b"\x07"
MEM, ROUNDS = 10, 8
PW = "firebase form password"
PWS = [("ascii", PW), ("unicode-password", "contraseña пароль 🔥"), ("long-password", "correct horse battery staple " * 8)]

# published strings in their own layouts, and KAT-F1 written in each layout
x1 = P(F1_PW, b64d(F1_SALT), b64d(F1_SEP), b64d(F1_SIGNER), 14, 8, b64d(F1_HASH))
x2 = P("8x4WjoDbSxJZdR", b64d("sPtDhWcd1MfdAw=="), b"\x07", b64d(F2_STR.split("$")[6]), 14, 8,
       b64d(F2_STR.split("$")[4]))
assert render("kratos", x2) == F2_STR
pos("kratos", "kratos-published-aoang-vector", F2_SRC, x2, F2_STR)
neg("kratos", "kratos-published-aoang-vector-wrong-password", F2_SRC, "8x4WjoDbSxJZdr", F2_STR, x=x2)
x3 = P("mytestpassword", b64d("C0sHCg9ek77hsg=="), b"\x07", b64d(F3_STR.split(",sk=")[1].split("$")[0]), 14, 8,
       b64d(F3_STR.rsplit("$", 1)[1]))
assert render("supabase", x3) == F3_STR
pos("supabase", "supabase-published-password-test", F3_SRC, x3, F3_STR)
neg("supabase", "supabase-published-password-test-wrong-password", F3_SRC, "mytestpasswor", F3_STR, x=x3)
neg("supabase", "supabase-published-incorrect-hash", F3_BAD_SRC, "mytestpassword",
    F3_STR.rsplit("$", 1)[0] + "$ZGlmZmVyZW50aGFzaA==", expect="error", error="invalid_hash")
for form in ("kratos", "supabase", "workos", "workos-unpadded", "clerk"):
    pos(form, f"{form}-firebase-readme-user1", f"{F1_SRC}, written in {LAYOUT[form]}", x1)
    if form != "workos-unpadded":
        neg(form, f"{form}-firebase-readme-user1-wrong-password", f"{F1_SRC}, written in {LAYOUT[form]}", "secret",
            render(form, x1), x=x1)

# generated records, one set per layout
bases = {}
for form in ("kratos", "supabase", "workos", "clerk"):
    S = src(form)
    base = None
    for tag, pw in PWS:
        x = P(pw, rb(10), SEP, SIGNER, MEM, ROUNDS)
        pos(form, f"{form}-gen-{tag}", S, x)
        base = base or x
    bases[form] = base
    if form == "workos":
        pos("workos-unpadded", "workos-unpadded-gen-ascii", src("workos-unpadded"), base, render("workos-unpadded", base))
    pos(form, f"{form}-gen-memcost-14", S, P(PW, rb(10), SEP, SIGNER, 14, ROUNDS))
    pos(form, f"{form}-gen-separator-two-bytes", S, P(PW, rb(10), b"\x07\x08", SIGNER, MEM, ROUNDS))
    pos(form, f"{form}-gen-signer-key-32-bytes", S, P(PW, rb(10), SEP, rb(32), MEM, ROUNDS))
    B = f"{S}, tampered from {form}-gen-ascii"
    s0 = render(form, base)
    neg(form, f"{form}-wrong-password", B, "firebase form passwore", s0, x=base)
    neg(form, f"{form}-near-miss-trailing-space", B, PW + " ", s0, x=base)
    neg(form, f"{form}-near-miss-case", B, PW.upper(), s0, x=base)
    t = base.but(hash=fk.flip(base.hash, 201))
    neg(form, f"{form}-hash-bit-flipped", B, PW, render(form, t), x=t)
    t = base.but(mem=MEM + 1)
    neg(form, f"{form}-memcost-tampered", B, PW, render(form, t), x=t)
    t = base.but(rounds=ROUNDS - 1)
    neg(form, f"{form}-rounds-tampered", B, PW, render(form, t), x=t)
    t = base.but(signer=fk.flip(SIGNER, 3))
    neg(form, f"{form}-signer-key-tampered", B, PW, render(form, t), x=t)
    t = base.but(sep=b"\x08")
    neg(form, f"{form}-separator-tampered", B, PW, render(form, t), x=t)
    t = base.but(salt=base.salt[:-1])
    neg(form, f"{form}-salt-truncated", B, PW, render(form, t), x=t)
    neg(form, f"{form}-hash-truncated", B + " (hash shorter than the signer key)", PW,
        render(form, base.but(hash=base.hash[:-1])), expect="error", error="invalid_hash")
    neg(form, f"{form}-memcost-18", B, PW, render(form, base.but(mem=18)), expect="error", error="param_out_of_range")
    neg(form, f"{form}-rounds-0", B, PW, render(form, base.but(rounds=0)), expect="error", error="param_out_of_range")
    # with a config: agreeing (also spelt differently) verifies, disagreeing is a config error
    pos(form, f"{form}-with-config-that-agrees", B + " (config repeats the string's parameters)", base, s0,
        base.config())
    pos(form, f"{form}-with-config-that-agrees-other-base64-spelling",
        B + " (same bytes, URL-safe unpadded base64 in the config)", base, s0,
        base.config(saltSeparator=b64(SEP, url=True, pad=False), signerKey=b64(SIGNER, url=True, pad=False)))
    neg(form, f"{form}-with-config-signer-key-disagrees", B, PW, s0, base.config(signerKey=b64(fk.flip(SIGNER, 0))),
        expect="error", error="invalid_config")
    neg(form, f"{form}-with-config-separator-disagrees", B, PW, s0, base.config(saltSeparator="CA=="),
        expect="error", error="invalid_config")
    neg(form, f"{form}-with-config-memcost-disagrees", B, PW, s0, base.config(memCost=MEM + 1),
        expect="error", error="invalid_config")

# layout-specific malformations
K = src("kratos") + ", tampered from kratos-gen-ascii"
kb = render("kratos", bases["kratos"])
neg("kratos", "kratos-missing-signer-key", K, PW, kb.rsplit("$", 1)[0], expect="error", error="invalid_hash")
neg("kratos", "kratos-ln-written-as-n", K + " (ln is memCost, log2 N: 1024 is no memCost)", PW,
    kb.replace("ln=10,", "ln=1024,", 1), expect="error", error="param_out_of_range")
kparts = kb.split("$")
kparts[3] = "*" + kparts[3][1:]
neg("kratos", "kratos-bad-base64-salt", K, PW, "$".join(kparts), expect="error", error="invalid_hash")
Sb = src("supabase") + ", tampered from supabase-gen-ascii"
sb_x = bases["supabase"]
sb = render("supabase", sb_x)
neg("supabase", "supabase-version-2", Sb, PW, sb.replace("$fbscrypt$v=1,", "$fbscrypt$v=2,", 1), expect="error",
    error="invalid_hash")
no_keys = f"$fbscrypt$v=1,n={MEM},r={ROUNDS},p=1${b64(sb_x.salt)}${b64(sb_x.hash)}"
neg("supabase", "supabase-without-ss-sk-no-config", Sb + " (ss= and sk= are optional in Supabase's grammar; "
    "without them there is no signer key)", PW, no_keys, expect="error", error="invalid_hash")
pos("supabase", "supabase-without-ss-sk-with-config", Sb + " (ss= and sk= left out, the project's values in the "
    "Frontegg config)", sb_x, no_keys, sb_x.config())
Wk = src("workos") + ", tampered from workos-gen-ascii"
wb = render("workos", bases["workos"])
neg("workos", "workos-missing-m", Wk, PW, wb.rsplit("$", 1)[0], expect="error", error="invalid_hash")
neg("workos", "workos-unknown-field", Wk, PW, wb.replace("$r=", "$x=", 1), expect="error", error="invalid_hash")
Cl = src("clerk") + ", tampered from clerk-gen-ascii"
cb_x = bases["clerk"]
cb = render("clerk", cb_x)
neg("clerk", "clerk-five-segments", Cl, PW, cb.rsplit("$", 1)[0], expect="error", error="invalid_hash")
neg("clerk", "clerk-rounds-not-a-number", Cl, PW, cb.replace(f"${ROUNDS}${MEM}", f"$eight${MEM}"), expect="error",
    error="invalid_hash")
neg("clerk", "clerk-rounds-and-memcost-swapped", Cl + " (rounds 10, memCost 8)", PW,
    cb.replace(f"${ROUNDS}${MEM}", f"${MEM}${ROUNDS}"), x=cb_x.but(mem=ROUNDS, rounds=MEM))

# ---------------------------------------------------------------------------
# Frontegg form with an EMPTY per-user salt: <saltSeparator as written><b64 hash>
F = src("frontegg")
fbase = None
for tag, pw in PWS:
    x = P(pw, b"", SEP, SIGNER, MEM, ROUNDS)
    pos("frontegg", f"frontegg-empty-salt-{tag}", F, x, render("frontegg", x), x.config())
    fbase = fbase or x
x = P(PW, b"", SEP, SIGNER, 14, ROUNDS)
pos("frontegg", "frontegg-empty-salt-memcost-14", F, x, render("frontegg", x), x.config())
x = P(PW, b"", b"", SIGNER, MEM, ROUNDS)
pos("frontegg", "frontegg-empty-salt-empty-separator", F + " (separator empty too: passwordHash is the hash alone)",
    x, b64(x.hash), x.config(saltSeparator=""))
pos("frontegg", "frontegg-empty-salt-in-config", F + " (config salt \"\", passwordHash the hash alone)", fbase,
    b64(fbase.hash), fbase.config(salt=""))
FB = f"{F}, tampered from frontegg-empty-salt-ascii"
f0, fc = render("frontegg", fbase), fbase.config()
neg("frontegg", "frontegg-empty-salt-wrong-password", FB, "firebase form passwore", f0, fc, x=fbase)
neg("frontegg", "frontegg-empty-salt-near-miss-trailing-space", FB, PW + " ", f0, fc, x=fbase)
t = fbase.but(hash=fk.flip(fbase.hash, 7))
neg("frontegg", "frontegg-empty-salt-hash-bit-flipped", FB, PW, render("frontegg", t), fc, x=t)
neg("frontegg", "frontegg-empty-salt-memcost-tampered", FB, PW, f0, fbase.config(memCost=MEM + 1),
    x=fbase.but(mem=MEM + 1))
neg("frontegg", "frontegg-empty-salt-rounds-tampered", FB, PW, f0, fbase.config(rounds=ROUNDS - 1),
    x=fbase.but(rounds=ROUNDS - 1))
neg("frontegg", "frontegg-empty-salt-signer-key-tampered", FB, PW, f0, fbase.config(signerKey=b64(fk.flip(SIGNER, 9))),
    x=fbase.but(signer=fk.flip(SIGNER, 9)))
salt10 = rb(10)
neg("frontegg", "frontegg-empty-salt-a-salt-prepended", FB + " (a 10-byte salt that was not used)", PW,
    b64(salt10) + f0, fc, x=fbase.but(salt=salt10))
neg("frontegg", "frontegg-empty-salt-separator-missing", FB + " (the hash alone, config without salt)", PW,
    b64(fbase.hash), fc, expect="error", error="invalid_hash")
neg("frontegg", "frontegg-empty-salt-separator-in-config-differs", FB + " (the separator as written must precede "
    "the hash, as in vectors/firebase-scrypt.json gen-salt-separator-in-config-differs)", PW, f0,
    fbase.config(saltSeparator="CA=="), expect="error", error="invalid_hash")
neg("frontegg", "frontegg-empty-salt-hash-truncated", FB, PW, b64(SEP) + b64(fbase.hash[:-1]), fc, expect="error",
    error="invalid_hash")

# ---------------------------------------------------------------------------
for form in sorted(set(n_pos) | set(n_neg)):
    print(f"{form}: {n_pos.get(form, 0)} positive, {n_neg.get(form, 0)} negative")
doc = {
    "type": "firebase-scrypt",
    "description": (
        "Peer spellings of Firebase's modified scrypt that carry the project parameters in the string, without "
        "a config (or with one that agrees; a disagreeing config is invalid_config): Kratos $firescrypt$, Supabase "
        "$fbscrypt$, WorkOS $firebase-scrypt$ (padded and unpadded), Clerk scrypt_firebase six-segment digests; "
        "and the Frontegg form <saltSeparator><hash> for a record with an empty per-user salt. Published: the "
        "firebase/scrypt README vector (reproduced first, then written in each layout), the Kratos/Aoang and "
        "supabase/auth test strings. Other hashes are computed by hashlib.scrypt + pyca/cryptography AES-256-CTR "
        "and recomputed independently (pyca Scrypt / pure-Python scrypt, AES-CTR from AES-ECB)."
    ),
    "cases": cases,
}
write(OUT, doc, ensure_ascii=False)
