"""Shared by the gen_*_forms.py generators: encodings and pure-Python reference primitives.

The pure-Python PBKDF2, scrypt and Argon2 below are independent recomputations: they share no code with
the producers' libraries (Django, Werkzeug, argon2-cffi, pyca/bcrypt) or with hashlib's KDFs. Each one
checks itself against published test vectors the first time it is used (self_test_*), so a bug here
cannot silently agree with a producer.
"""
import base64
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives import hashes

MASK64 = (1 << 64) - 1
MASK32 = (1 << 32) - 1


# ---------------------------------------------------------------------------
# encodings
def b64(b, url=False, pad=True):
    s = (base64.urlsafe_b64encode(b) if url else base64.b64encode(b)).decode()
    return s if pad else s.rstrip("=")


def b64d(s):
    s = s.replace("-", "+").replace("_", "/")
    return base64.b64decode(s + "=" * (-len(s) % 4), validate=True)


def b64d_strict(s):
    """Standard alphabet, padding required (Go's base64.StdEncoding.Strict(), Java's Base64.getDecoder())."""
    return base64.b64decode(s, validate=True)


def flip(b, bit=0):
    a = bytearray(b)
    a[bit // 8] ^= 1 << (bit % 8)
    return bytes(a)


def flip_b64_char(s, i):
    """Replace the i-th character of a base64 string by another valid one (keeps length and padding)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    c = s[i]
    assert c in alphabet, (s, i)
    return s[:i] + alphabet[(alphabet.index(c) + 1) % 64] + s[i + 1:]


BCRYPT64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def bcrypt64_encode(b):
    """bcrypt's base64 (alphabet ./A-Za-z0-9, no padding), as OpenBSD encode_base64."""
    out = []
    for i in range(0, len(b), 3):
        chunk = b[i:i + 3]
        n = int.from_bytes(chunk + b"\0" * (3 - len(chunk)), "big")
        chars = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63]
        out.extend(BCRYPT64[c] for c in chars[:len(chunk) + 1])
    return "".join(out)


# ---------------------------------------------------------------------------
# PBKDF2-HMAC, written out (HMAC built here from the bare hash: no hmac/pbkdf2_hmac from the library)
def _hmac_states(digest, key):
    h = hashlib.new(digest)
    bs = h.block_size
    if len(key) > bs:
        key = hashlib.new(digest, key).digest()
    key = key.ljust(bs, b"\0")
    inner = hashlib.new(digest, bytes(k ^ 0x36 for k in key))
    outer = hashlib.new(digest, bytes(k ^ 0x5C for k in key))
    return inner, outer


def pbkdf2_py(digest, password, salt, iterations, dklen):
    inner, outer = _hmac_states(digest, password)

    def prf(msg):
        i = inner.copy()
        i.update(msg)
        o = outer.copy()
        o.update(i.digest())
        return o.digest()

    out = b""
    block = 1
    while len(out) < dklen:
        u = prf(salt + struct.pack(">I", block))
        acc = int.from_bytes(u, "big")
        for _ in range(iterations - 1):
            u = prf(u)
            acc ^= int.from_bytes(u, "big")
        out += acc.to_bytes(len(u), "big")
        block += 1
    return out[:dklen]


def pbkdf2_pyca(digest, password, salt, iterations, dklen):
    alg = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256(), "sha512": hashes.SHA512()}[digest]
    return PBKDF2HMAC(algorithm=alg, length=dklen, salt=salt, iterations=iterations).derive(password)


_pbkdf2_tested = False


def self_test_pbkdf2():
    """RFC 6070 section 2 (test cases 1, 2, 3, 5, 6) and RFC 7914 section 11 vector 1."""
    global _pbkdf2_tested
    if _pbkdf2_tested:
        return
    for p, s, c, n, dk in [
        (b"password", b"salt", 1, 20, "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
        (b"password", b"salt", 2, 20, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
        (b"password", b"salt", 4096, 20, "4b007901b765489abead49d926f721d065a429c1"),
        (b"passwordPASSWORDpassword", b"saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25,
         "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"),
        (b"pass\0word", b"sa\0lt", 4096, 16, "56fa6aa75548099dcc37d7f03425e0c3"),
    ]:
        assert pbkdf2_py("sha1", p, s, c, n).hex() == dk, ("RFC 6070", p, c)
    assert pbkdf2_py("sha256", b"passwd", b"salt", 1, 64).hex() == (
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"), "RFC 7914 s11"
    _pbkdf2_tested = True


def pbkdf2_check(digest, password, salt, iterations, dk):
    """True when both independent PBKDF2s (written out here; pyca/cryptography) give dk."""
    self_test_pbkdf2()
    pw = password.encode() if isinstance(password, str) else password
    a = pbkdf2_py(digest, pw, salt, iterations, len(dk))
    b = pbkdf2_pyca(digest, pw, salt, iterations, len(dk))
    assert a == b, "pure-Python and pyca PBKDF2 disagree"
    return hmac.compare_digest(a, dk)


# ---------------------------------------------------------------------------
# scrypt (RFC 7914), written out
def _salsa20_8(B):
    x = list(B)

    def R(a, b):
        return ((a << b) | (a >> (32 - b))) & MASK32

    for _ in range(4):
        x[4] ^= R((x[0] + x[12]) & MASK32, 7); x[8] ^= R((x[4] + x[0]) & MASK32, 9)
        x[12] ^= R((x[8] + x[4]) & MASK32, 13); x[0] ^= R((x[12] + x[8]) & MASK32, 18)
        x[9] ^= R((x[5] + x[1]) & MASK32, 7); x[13] ^= R((x[9] + x[5]) & MASK32, 9)
        x[1] ^= R((x[13] + x[9]) & MASK32, 13); x[5] ^= R((x[1] + x[13]) & MASK32, 18)
        x[14] ^= R((x[10] + x[6]) & MASK32, 7); x[2] ^= R((x[14] + x[10]) & MASK32, 9)
        x[6] ^= R((x[2] + x[14]) & MASK32, 13); x[10] ^= R((x[6] + x[2]) & MASK32, 18)
        x[3] ^= R((x[15] + x[11]) & MASK32, 7); x[7] ^= R((x[3] + x[15]) & MASK32, 9)
        x[11] ^= R((x[7] + x[3]) & MASK32, 13); x[15] ^= R((x[11] + x[7]) & MASK32, 18)
        x[1] ^= R((x[0] + x[3]) & MASK32, 7); x[2] ^= R((x[1] + x[0]) & MASK32, 9)
        x[3] ^= R((x[2] + x[1]) & MASK32, 13); x[0] ^= R((x[3] + x[2]) & MASK32, 18)
        x[6] ^= R((x[5] + x[4]) & MASK32, 7); x[7] ^= R((x[6] + x[5]) & MASK32, 9)
        x[4] ^= R((x[7] + x[6]) & MASK32, 13); x[5] ^= R((x[4] + x[7]) & MASK32, 18)
        x[11] ^= R((x[10] + x[9]) & MASK32, 7); x[8] ^= R((x[11] + x[10]) & MASK32, 9)
        x[9] ^= R((x[8] + x[11]) & MASK32, 13); x[10] ^= R((x[9] + x[8]) & MASK32, 18)
        x[12] ^= R((x[15] + x[14]) & MASK32, 7); x[13] ^= R((x[12] + x[15]) & MASK32, 9)
        x[14] ^= R((x[13] + x[12]) & MASK32, 13); x[15] ^= R((x[14] + x[13]) & MASK32, 18)
    return [(x[i] + B[i]) & MASK32 for i in range(16)]


def _blockmix(B, r):
    X = B[(2 * r - 1) * 16:]
    Y = []
    for i in range(2 * r):
        X = _salsa20_8([X[j] ^ B[i * 16 + j] for j in range(16)])
        Y.append(X)
    return [w for i in range(0, 2 * r, 2) for w in Y[i]] + [w for i in range(1, 2 * r, 2) for w in Y[i]]


def _romix(Bbytes, N, r):
    X = list(struct.unpack("<%dI" % (32 * r), Bbytes))
    V = []
    for _ in range(N):
        V.append(X)
        X = _blockmix(X, r)
    for _ in range(N):
        j = X[(2 * r - 1) * 16] % N
        Vj = V[j]
        X = _blockmix([a ^ b for a, b in zip(X, Vj)], r)
    return struct.pack("<%dI" % (32 * r), *X)


def scrypt_py(password, salt, N, r, p, dklen):
    B = pbkdf2_py("sha256", password, salt, 1, 128 * r * p)
    B = b"".join(_romix(B[i * 128 * r:(i + 1) * 128 * r], N, r) for i in range(p))
    return pbkdf2_py("sha256", password, B, 1, dklen)


def scrypt_pyca(password, salt, N, r, p, dklen):
    return Scrypt(salt=salt, length=dklen, n=N, r=r, p=p).derive(password)


_scrypt_tested = False


def self_test_scrypt():
    """RFC 7914 section 12, first vector (the other three are too slow in pure Python)."""
    global _scrypt_tested
    if _scrypt_tested:
        return
    self_test_pbkdf2()
    assert scrypt_py(b"", b"", 16, 1, 1, 64).hex() == (
        "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
        "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"), "RFC 7914 s12 #1"
    _scrypt_tested = True


# pure-Python scrypt is only run where it stays cheap: N*r*p at most this (about 3 s)
PY_SCRYPT_BUDGET = 1 << 14


def scrypt_check(password, salt, N, r, p, dk):
    """True when the independent scrypts give dk: pyca/cryptography always, the written-out one when cheap.

    Returns the list of checkers that ran, or raises when they disagree."""
    self_test_scrypt()
    pw = password.encode() if isinstance(password, str) else password
    got = scrypt_pyca(pw, salt, N, r, p, len(dk))
    ran = ["pyca/cryptography Scrypt"]
    if N * r * p <= PY_SCRYPT_BUDGET:
        assert scrypt_py(pw, salt, N, r, p, len(dk)) == got, "pure-Python and pyca scrypt disagree"
        ran.append("pure-Python RFC 7914 scrypt")
    return hmac.compare_digest(got, dk), ran


# ---------------------------------------------------------------------------
# Firebase modified scrypt, recomputed without hashlib.scrypt or AES-CTR mode:
# scrypt from pyca (and the written-out one when cheap), AES-256-CTR as ECB of counter blocks XORed in.
def aes256_ctr_by_ecb(key, data):
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    out = bytearray()
    for i in range(0, len(data), 16):
        ks = enc.update((i // 16).to_bytes(16, "big"))
        out += bytes(a ^ b for a, b in zip(data[i:i + 16], ks))
    return bytes(out)


def firebase_check(password, salt, sep, signer, mem, rounds, expected):
    pw = password.encode() if isinstance(password, str) else password
    self_test_scrypt()
    dk = scrypt_pyca(pw, salt + sep, 1 << mem, rounds, 1, 64)
    if (1 << mem) * rounds <= PY_SCRYPT_BUDGET:
        assert scrypt_py(pw, salt + sep, 1 << mem, rounds, 1, 64) == dk
    return hmac.compare_digest(aes256_ctr_by_ecb(dk[:32], signer), expected)


# ---------------------------------------------------------------------------
# Argon2 (RFC 9106), written out
def _blake2b_long(outlen, data):
    if outlen <= 64:
        return hashlib.blake2b(struct.pack("<I", outlen) + data, digest_size=outlen).digest()
    r = -(-outlen // 32) - 2
    V = hashlib.blake2b(struct.pack("<I", outlen) + data, digest_size=64).digest()
    out = V[:32]
    for _ in range(1, r):
        V = hashlib.blake2b(V, digest_size=64).digest()
        out += V[:32]
    out += hashlib.blake2b(V, digest_size=outlen - 32 * r).digest()
    return out


def _gb(v, a, b, c, d):
    va, vb, vc, vd = v[a], v[b], v[c], v[d]
    va = (va + vb + 2 * (va & MASK32) * (vb & MASK32)) & MASK64
    vd ^= va
    vd = ((vd >> 32) | (vd << 32)) & MASK64
    vc = (vc + vd + 2 * (vc & MASK32) * (vd & MASK32)) & MASK64
    vb ^= vc
    vb = ((vb >> 24) | (vb << 40)) & MASK64
    va = (va + vb + 2 * (va & MASK32) * (vb & MASK32)) & MASK64
    vd ^= va
    vd = ((vd >> 16) | (vd << 48)) & MASK64
    vc = (vc + vd + 2 * (vc & MASK32) * (vd & MASK32)) & MASK64
    vb ^= vc
    vb = ((vb >> 63) | (vb << 1)) & MASK64
    v[a], v[b], v[c], v[d] = va, vb, vc, vd


def _perm(v, idx):
    i = idx
    _gb(v, i[0], i[4], i[8], i[12]); _gb(v, i[1], i[5], i[9], i[13])
    _gb(v, i[2], i[6], i[10], i[14]); _gb(v, i[3], i[7], i[11], i[15])
    _gb(v, i[0], i[5], i[10], i[15]); _gb(v, i[1], i[6], i[11], i[12])
    _gb(v, i[2], i[7], i[8], i[13]); _gb(v, i[3], i[4], i[9], i[14])


_ROWS = [list(range(16 * k, 16 * k + 16)) for k in range(8)]
_COLS = [[2 * k + 16 * j + e for j in range(8) for e in (0, 1)] for k in range(8)]


def _fill(prev, ref, old=None):
    R = [a ^ b for a, b in zip(prev, ref)]
    Z = list(R)
    for idx in _ROWS:
        _perm(Z, idx)
    for idx in _COLS:
        _perm(Z, idx)
    if old is None:
        return [a ^ b for a, b in zip(Z, R)]
    return [a ^ b ^ c for a, b, c in zip(Z, R, old)]


def _block_from_bytes(b):
    return list(struct.unpack("<128Q", b))


def argon2_py(password, salt, t, m, p, taglen, typ, version=0x13, secret=b"", ad=b""):
    y = {"d": 0, "i": 1, "id": 2}[typ]
    h0 = hashlib.blake2b(
        struct.pack("<6I", p, taglen, m, t, version, y)
        + struct.pack("<I", len(password)) + password
        + struct.pack("<I", len(salt)) + salt
        + struct.pack("<I", len(secret)) + secret
        + struct.pack("<I", len(ad)) + ad, digest_size=64).digest()
    mp = 4 * p * (m // (4 * p))
    q = mp // p
    seg = q // 4
    B = [[None] * q for _ in range(p)]
    for lane in range(p):
        B[lane][0] = _block_from_bytes(_blake2b_long(1024, h0 + struct.pack("<II", 0, lane)))
        B[lane][1] = _block_from_bytes(_blake2b_long(1024, h0 + struct.pack("<II", 1, lane)))
    zero = [0] * 128
    for r in range(t):
        for s in range(4):
            for lane in range(p):
                indep = typ == "i" or (typ == "id" and r == 0 and s < 2)
                start = 2 if (r == 0 and s == 0) else 0
                counter = 0
                addresses = None
                if indep:
                    inp = [r, lane, s, mp, t, y] + [0] * 122

                    def next_addresses():
                        nonlocal counter
                        counter += 1
                        inp[6] = counter
                        return _fill(zero, _fill(zero, inp))
                    if start == 2:
                        addresses = next_addresses()
                for i in range(start, seg):
                    col = s * seg + i
                    prev = B[lane][col - 1] if col > 0 else B[lane][q - 1]
                    if indep:
                        if i % 128 == 0:
                            addresses = next_addresses()
                        rnd = addresses[i % 128]
                    else:
                        rnd = prev[0]
                    j1, j2 = rnd & MASK32, rnd >> 32
                    ref_lane = lane if (r == 0 and s == 0) else j2 % p
                    same = ref_lane == lane
                    if r == 0:
                        if s == 0:
                            area = i - 1
                        else:
                            area = s * seg + i - 1 if same else s * seg + (-1 if i == 0 else 0)
                    else:
                        area = q - seg + i - 1 if same else q - seg + (-1 if i == 0 else 0)
                    x = (j1 * j1) >> 32
                    rel = area - 1 - ((area * x) >> 32)
                    startpos = 0 if (r == 0 or s == 3) else (s + 1) * seg
                    ref = B[ref_lane][(startpos + rel) % q]
                    if version == 0x10 or r == 0:
                        B[lane][col] = _fill(prev, ref)
                    else:
                        B[lane][col] = _fill(prev, ref, B[lane][col])
    final = B[0][q - 1]
    for lane in range(1, p):
        final = [a ^ b for a, b in zip(final, B[lane][q - 1])]
    return _blake2b_long(taglen, struct.pack("<128Q", *final))


_argon2_tested = False


def self_test_argon2(published_json):
    """The six phc-winner-argon2 KAT files (argon2d/i/id, v=16 and v=19, with secret and associated data;
    the v=19 ones are RFC 9106 section 5), read from shared/reference/published-vectors/argon2.json."""
    global _argon2_tested
    if _argon2_tested:
        return
    import json
    doc = json.load(open(published_json, encoding="utf-8"))
    n = 0
    for sec in doc["sections"]:
        for v in sec["vectors"]:
            if not v["id"].startswith("phc-kat-"):
                continue
            hx = lambda k: bytes.fromhex(v[k].replace(" ", ""))
            tag = argon2_py(hx("Password"), hx("Salt"), v["t_cost"], v["m_cost_kib"], v["parallelism"],
                            v["hash_len"], v["type"][len("argon2"):], v["version"], hx("Secret"),
                            hx("Associated data"))
            assert tag.hex() == v["tag_hex"], v["id"]
            n += 1
    assert n == 6, n
    _argon2_tested = True


# pure-Python Argon2 is only run where it stays cheap: m*t at most this many KiB-passes (about 10 s)
PY_ARGON2_BUDGET = 16384
