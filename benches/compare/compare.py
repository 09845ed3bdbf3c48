"""Side-by-side timing of hashport and other implementations of each family.

Run through run.sh, which installs and builds everything. Every implementation
verifies the same records (made by records.py with independent code) with the
same password, single-threaded, interleaved: each round visits every case and,
within it, every implementation in a rotating order, so that drifts of a noisy
machine hit all of them alike. The table reports medians of all calls.
"""

import argparse
import ctypes
import ctypes.util
import datetime
import hashlib
import hmac
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import records
from records import PASSWORD, SALT16


# ---------------------------------------------------------------- others

def load_sodium():
    path = ctypes.util.find_library("sodium")
    if not path:
        return None
    lib = ctypes.CDLL(path)
    if lib.sodium_init() < 0:  # selects the SIMD code paths
        return None
    lib.crypto_pwhash_scryptsalsa208sha256_ll.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t,
        ctypes.c_uint64, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_size_t]
    lib.crypto_pwhash.argtypes = [
        ctypes.c_void_p, ctypes.c_ulonglong, ctypes.c_char_p, ctypes.c_ulonglong,
        ctypes.c_char_p, ctypes.c_ulonglong, ctypes.c_size_t, ctypes.c_int]
    lib.sodium_version_string.restype = ctypes.c_char_p
    return lib


class Argon2Context(ctypes.Structure):
    _fields_ = [
        ("out", ctypes.c_void_p), ("outlen", ctypes.c_uint32),
        ("pwd", ctypes.c_char_p), ("pwdlen", ctypes.c_uint32),
        ("salt", ctypes.c_char_p), ("saltlen", ctypes.c_uint32),
        ("secret", ctypes.c_void_p), ("secretlen", ctypes.c_uint32),
        ("ad", ctypes.c_void_p), ("adlen", ctypes.c_uint32),
        ("t_cost", ctypes.c_uint32), ("m_cost", ctypes.c_uint32),
        ("lanes", ctypes.c_uint32), ("threads", ctypes.c_uint32),
        ("version", ctypes.c_uint32),
        ("allocate_cbk", ctypes.c_void_p), ("free_cbk", ctypes.c_void_p),
        ("flags", ctypes.c_uint32),
    ]


ALLOC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_void_p), ctypes.c_size_t)
FREE = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_size_t)


class Arena:
    """libargon2's allocation hooks handing out one reused, 64-byte aligned buffer."""

    def __init__(self):
        self.buf = None
        self.size = 0
        self.alloc = ALLOC(self._alloc)
        self.free = FREE(lambda p, n: None)

    def _alloc(self, memory, size):
        if size > self.size:
            self.buf = ctypes.create_string_buffer(size + 64)
            self.size = size
        addr = ctypes.addressof(self.buf)
        memory[0] = (addr + 63) & ~63
        return 0


def argon2_impls(name, path):
    lib = records.argon2_lib(path)
    lib.argon2_ctx.argtypes = [ctypes.POINTER(Argon2Context), ctypes.c_int]
    arena = Arena()

    def reused(case):
        p = case["params"]
        want = case["raw"]
        out = ctypes.create_string_buffer(len(want))

        def run():
            ctx = Argon2Context(
                ctypes.addressof(out), len(want), PASSWORD, len(PASSWORD), SALT16, 16,
                None, 0, None, 0, p["t"], p["m"], p["p"], 1, 0x13,
                ctypes.cast(arena.alloc, ctypes.c_void_p), ctypes.cast(arena.free, ctypes.c_void_p), 0)
            assert lib.argon2_ctx(ctypes.byref(ctx), 2) == 0
            return hmac.compare_digest(out.raw, want)
        return run

    def fresh(case):
        p = case["params"]
        want = case["raw"]
        out = ctypes.create_string_buffer(len(want))
        # argon2_ctx with threads = 1 and libargon2's own malloc/free per call.
        def run():
            ctx = Argon2Context(
                ctypes.addressof(out), len(want), PASSWORD, len(PASSWORD), SALT16, 16,
                None, 0, None, 0, p["t"], p["m"], p["p"], 1, 0x13, None, None, 0)
            assert lib.argon2_ctx(ctypes.byref(ctx), 2) == 0
            return hmac.compare_digest(out.raw, want)
        return run

    return [(f"{name}, reused memory", {"argon2": reused}),
            (f"{name}, fresh memory", {"argon2": fresh})]


def other_impls(args, level=None):
    """Every other implementation; at a forced `level`, only those whose SIMD
    that level can limit (see `OtherServer`)."""
    impls = []  # (name, {family: factory(case) -> callable returning bool})

    crypt = records.libcrypt()
    crypt.crypt_rn.restype = ctypes.c_char_p
    crypt.crypt_rn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    data = ctypes.create_string_buffer(records.CRYPT_DATA_SIZE)  # reused across calls

    def xcrypt(case):
        setting = case["record"][1].encode()
        def run():
            out = crypt.crypt_rn(PASSWORD, setting, data, records.CRYPT_DATA_SIZE)
            return hmac.compare_digest(out, setting)
        return run
    impls.append(("libxcrypt crypt_rn (C)", {"bcrypt": xcrypt}))

    try:
        import bcrypt as pyca_bcrypt

        def pyca(case):
            stored = case["record"][1].encode()
            return lambda: pyca_bcrypt.checkpw(PASSWORD, stored)
        impls.append(("pyca bcrypt (Rust)", {"bcrypt": pyca}))
    except ImportError:
        pass

    sodium = load_sodium()
    if sodium is not None:
        ver = sodium.sodium_version_string().decode()

        def sodium_scrypt(case):
            p = case["params"]
            want = case["raw"]
            out = ctypes.create_string_buffer(len(want))
            def run():
                assert sodium.crypto_pwhash_scryptsalsa208sha256_ll(
                    PASSWORD, len(PASSWORD), SALT16, 16, p["n"], p["r"], p["p"], out, len(want)) == 0
                return hmac.compare_digest(out.raw, want)
            return run

        def sodium_firebase(case):
            salt, sep, signer, want = case["params"]["extra"]
            n, r = 1 << case["params"]["mem_cost"], case["params"]["rounds"]
            key = ctypes.create_string_buffer(32)
            s = salt + sep
            def run():
                assert sodium.crypto_pwhash_scryptsalsa208sha256_ll(
                    PASSWORD, len(PASSWORD), s, len(s), n, r, 1, key, 32) == 0
                return hmac.compare_digest(aes_ctr(key.raw, signer), want)
            return run

        def sodium_argon2(case):
            p = case["params"]
            # libsodium picks its argon2 SIMD at run time and has no switch to
            # limit it, so it sits out the forced levels.
            if p["p"] != 1 or level:
                return None  # libsodium implements one lane only
            want = case["raw"]
            out = ctypes.create_string_buffer(len(want))
            def run():
                assert sodium.crypto_pwhash(out, len(want), PASSWORD, len(PASSWORD), SALT16,
                                            p["t"], p["m"] * 1024, 2) == 0
                return hmac.compare_digest(out.raw, want)
            return run
        impls.append((f"libsodium {ver} (C)", {"scrypt": sodium_scrypt,
                                                 "firebase-scrypt": sodium_firebase,
                                                 "argon2": sodium_argon2}))

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    from cryptography.hazmat.backends import default_backend
    ossl = " ".join(default_backend().openssl_version_text().split()[:2])

    def crypto_pbkdf2(case):
        p = case["params"]
        algo = {"sha1": hashes.SHA1, "sha256": hashes.SHA256, "sha512": hashes.SHA512}[p["digest"]]
        want = case["raw"]
        def run():
            kdf = PBKDF2HMAC(algorithm=algo(), length=len(want), salt=SALT16, iterations=p["iterations"])
            return hmac.compare_digest(kdf.derive(PASSWORD), want)
        return run

    def crypto_scrypt(case):
        p = case["params"]
        want = case["raw"]
        def run():
            return hmac.compare_digest(
                Scrypt(salt=SALT16, length=len(want), n=p["n"], r=p["r"], p=p["p"]).derive(PASSWORD), want)
        return run

    def crypto_firebase(case):
        salt, sep, signer, want = case["params"]["extra"]
        n, r = 1 << case["params"]["mem_cost"], case["params"]["rounds"]
        def run():
            key = Scrypt(salt=salt + sep, length=32, n=n, r=r, p=1).derive(PASSWORD)
            return hmac.compare_digest(aes_ctr(key, signer), want)
        return run
    impls.append((f"cryptography ({ossl})", {"pbkdf2": crypto_pbkdf2, "scrypt": crypto_scrypt,
                                              "firebase-scrypt": crypto_firebase}))

    def hashlib_pbkdf2(case):
        p = case["params"]
        want = case["raw"]
        return lambda: hmac.compare_digest(
            hashlib.pbkdf2_hmac(p["digest"], PASSWORD, SALT16, p["iterations"], len(want)), want)

    def hashlib_scrypt(case):
        p = case["params"]
        want = case["raw"]
        return lambda: hmac.compare_digest(
            hashlib.scrypt(PASSWORD, salt=SALT16, n=p["n"], r=p["r"], p=p["p"], maxmem=1 << 30,
                           dklen=len(want)), want)
    impls.append((f"hashlib ({' '.join(__import__('ssl').OPENSSL_VERSION.split()[:2])})",
                  {"pbkdf2": hashlib_pbkdf2, "scrypt": hashlib_scrypt}))

    for name, path in ((f"libargon2 {args.argon2_avx2_label}", args.argon2_avx2),
                       (f"libargon2 {args.argon2_native_label}", args.argon2_native)):
        if path:
            impls.extend(argon2_impls(name, path))
    return impls


def aes_ctr(key, data):
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    enc = Cipher(algorithms.AES(key), modes.CTR(b"\0" * 16)).encryptor()
    return enc.update(data) + enc.finalize()


# ------------------------------------------------ others at a forced level

# OpenSSL's capability vector (OPENSSL_ia32cap, "~mask:~mask", see OpenSSL's
# man page OPENSSL_ia32cap): the first word is CPUID leaf 1 (EDX low, ECX high),
# the second CPUID leaf 7 (EBX low, ECX high). Each level masks what hashport's
# level of the same name turns off.
_LEAF1_ABOVE_SSE2 = sum(1 << (32 + b) for b in (0, 1, 9, 11, 12, 19, 20, 22, 25, 28, 29))
_LEAF7_ALL = (1 << 64) - 1
_LEAF7_AVX512 = sum(1 << b for b in (16, 17, 21, 26, 27, 28, 30, 31)) | sum(
    1 << (32 + b) for b in (1, 6, 11, 12, 14))
IA32CAP = {
    # SSE2 only, as hashport's portable level (x86-64's baseline): no SSSE3,
    # AVX, AVX2, BMI, SHA-NI, AES-NI or AVX-512.
    "portable": f"~0x{_LEAF1_ABOVE_SSE2:x}:~0x{_LEAF7_ALL:x}",
    "avx2": f"~0x0:~0x{_LEAF7_AVX512:x}",
    # AVX2 without the SHA extensions (CPUID leaf 7 EBX bit 29).
    "avx2-nosha": f"~0x0:~0x{_LEAF7_AVX512 | (1 << 29):x}",
}


class OtherServer:
    """The other implementations held to a forced kernel level, so that each
    hashport level has a like-for-like fastest other: a child process of this
    script with OpenSSL's SIMD and SHA extensions masked (`OPENSSL_ia32cap`,
    which OpenSSL reads at start), libargon2 built for that level
    (portable: `-march=x86-64`, SSE2 only; avx2 and avx2-nosha: the AVX2
    build), libsodium's scrypt (SSE2, which every level has) and the scalar
    bcrypts. libsodium's argon2 picks AVX2 by itself and is left out."""

    def __init__(self, args, level, argon2_lib):
        env = dict(os.environ)
        env["OPENSSL_ia32cap"] = IA32CAP[level]
        cmd = [sys.executable, os.path.abspath(__file__), "--serve-others", level,
               "--hashport", args.hashport, "--filter", args.filter]
        if argon2_lib:
            cmd += ["--argon2-avx2", argon2_lib, "--argon2-avx2-label", args.level_argon2_label[level]]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1, env=env)
        self.names = json.loads(self.proc.stdout.readline())  # {label: [impl names]}

    def run(self, label, name, reps):
        self.proc.stdin.write(json.dumps([label, name, reps]) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        if "error" in reply:
            raise SystemExit(f"{name} [{label}]: {reply['error']}")
        return reply["ms"]


def serve_others(args, level, cases):
    """The child side of `OtherServer`: lists what it can run, then times
    requests ([label, name, reps]) one per line."""
    table = {}
    for name, impl in other_impls(args, level):
        for case in cases:
            factory = impl.get(case["family"])
            fn = factory(case) if factory else None
            if fn is not None:
                table[(case["label"], name)] = fn
    names = {}
    for label, name in table:
        names.setdefault(label, []).append(name)
    print(json.dumps(names), flush=True)
    for line in sys.stdin:
        label, name, reps = json.loads(line)
        try:
            print(json.dumps({"ms": timed(table[(label, name)], reps)}), flush=True)
        except (KeyError, SystemExit, AssertionError) as e:
            print(json.dumps({"error": repr(e)}), flush=True)


# ---------------------------------------------------------------- hashport

def level_env(level):
    env = dict(os.environ)
    env.pop("HASHPORT_CPU", None)
    if level:
        env["HASHPORT_CPU"] = level
    return env


class Hashport:
    """The login path: hashport_timer verifying in one long-lived process."""

    def __init__(self, binary, level=None):
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1, env=level_env(level))

    def run(self, case, reps):
        typ, h, cfg = case["record"]
        req = {"type": typ, "hash": h, "config": cfg, "passwordHex": PASSWORD.hex(), "reps": reps}
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        if not reply.get("ok"):
            raise SystemExit(f"hashport failed on {case['label']}: {reply}")
        return [ns / 1e6 for ns in reply["ns"]]


class HashportCli:
    """The command line: one whole `hashport verify --jobs 1 --no-upgrade` process
    over `count` copies of the record, minus the start-up of the same command on
    an empty input, per record."""

    def __init__(self, binary, workdir, level=None):
        self.binary = binary
        self.workdir = workdir
        self.env = level_env(level)
        self.files = {}
        self.counts = {}
        empty = os.path.join(workdir, "empty.jsonl")
        open(empty, "w").close()
        self.startup = statistics.median(self._process(empty) for _ in range(15))

    def _process(self, path):
        t0 = time.perf_counter_ns()
        out = subprocess.run([self.binary, "verify", "--jobs", "1", "--no-upgrade", path],
                             env=self.env, capture_output=True, text=True)
        elapsed = (time.perf_counter_ns() - t0) / 1e6
        if out.returncode != 0 or out.stdout.count('"outcome":"match"') != self.lines(path):
            raise SystemExit(f"hashport verify failed on {path}: {out.stdout[:300]} {out.stderr[:300]}")
        return elapsed

    def lines(self, path):
        return self.counts.get(path, 0)

    def prepare(self, case, per_record_ms):
        """30 records per process, as the issue that asked for this measure says (a
        process that verifies a handful pays its arenas' first faults on each);
        100 for records under 5 ms, so that start-up noise stays small."""
        count = 100 if per_record_ms < 5 else 30
        typ, h, cfg = case["record"]
        line = json.dumps({"passwordHashType": typ, "passwordHash": h, "passwordHashConfig": cfg,
                           "passwordHex": PASSWORD.hex()})
        path = os.path.join(self.workdir, f"{case['family']}-{case['label']}.jsonl".replace("/", "_"))
        with open(path, "w") as f:
            f.write((line + "\n") * count)
        self.files[case["label"]] = path
        self.counts[path] = count

    def run(self, case, reps):
        path = self.files[case["label"]]
        count = self.counts[path]
        return [(self._process(path) - self.startup) / count for _ in range(reps)]


def level_of(name):
    """The forced level a runner's name ends with (`... [portable]`), or ""."""
    if name.endswith("]") and "[" in name:
        return name[name.rindex("[") + 1:-1]
    return ""


def timed(fn, reps):
    out = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        ok = fn()
        out.append((time.perf_counter_ns() - t0) / 1e6)
        if not ok:
            raise SystemExit("an implementation returned a mismatch")
    return out


def raw_of(case):
    """The expected raw output bytes, for the implementations that compare bytes."""
    import base64
    typ, h, _ = case["record"]
    if typ in ("scrypt", "pbkdf2", "argon2"):
        last = h.rsplit("$", 1)[1]
        return base64.b64decode(last + "=" * (-len(last) % 4))
    return None


def avx512():
    try:
        with open("/proc/cpuinfo") as f:
            return "avx512f" in f.read()
    except OSError:
        return False


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hashport", required=True)
    ap.add_argument("--argon2-avx2")
    ap.add_argument("--argon2-avx2-label", default="AVX2 build")
    ap.add_argument("--argon2-native")
    ap.add_argument("--argon2-native-label", default="-march=native build")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--budget", type=float, default=0.3, help="seconds per implementation, case and round")
    ap.add_argument("--filter", default="", help="only cases whose family/label contains this")
    ap.add_argument("--out", help="write the table here too (markdown)")
    ap.add_argument("--cli", help="the hashport binary: also time the command line's path")
    ap.add_argument("--levels", default="",
                    help="comma-separated HASHPORT_CPU levels to time besides the best one")
    ap.add_argument("--argon2-generic", help="libargon2 built with -march=x86-64 (SSE2), "
                    "the other argon2 at the portable level")
    ap.add_argument("--serve-others", metavar="LEVEL", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.level_argon2_label = {"portable": "x86-64 (SSE2) build", "avx2": args.argon2_avx2_label,
                               "avx2-nosha": args.argon2_avx2_label}
    levels = [lv for lv in args.levels.split(",") if lv]

    cases = []
    for family, label, params, record in records.make_cases(args.argon2_avx2):
        case = {"family": family, "label": label, "params": params, "record": record}
        case["raw"] = raw_of(case)
        if args.filter in f"{family}/{label}":
            cases.append(case)
    if args.serve_others:
        serve_others(args, args.serve_others, cases)
        return

    import tempfile
    workdir = tempfile.mkdtemp(prefix="hashport-compare-")
    # Every hashport path: the login path and the command line, at the best
    # level ("") and at each forced level.
    paths = []  # (name, runner object)
    for level in [""] + levels:
        tag = f" [{level}]" if level else ""
        paths.append(("hashport" + tag, Hashport(args.hashport, level or None)))
        if args.cli:
            paths.append(("hashport CLI" + tag, HashportCli(args.cli, workdir, level or None)))
    others = other_impls(args)
    # The others held to each forced level, in a child process each.
    servers = {lv: OtherServer(args, lv, {"portable": args.argon2_generic,
                                          "avx2": args.argon2_avx2,
                                          "avx2-nosha": args.argon2_avx2}.get(lv))
               for lv in levels if lv in IA32CAP}
    plan = []  # per case: list of (name, runner(reps) -> [ms])
    for case in cases:
        runners = [(name, lambda reps, c=case, r=runner: r.run(c, reps)) for name, runner in paths]
        for name, table in others:
            factory = table.get(case["family"])
            fn = factory(case) if factory else None
            if fn is not None:
                runners.append((name, lambda reps, f=fn: timed(f, reps)))
        for lv, server in servers.items():
            for name in server.names.get(case["label"], []):
                runners.append((f"{name} [{lv}]", lambda reps, s=server, lb=case["label"], n=name:
                                s.run(lb, n, reps)))
        plan.append((case, runners))

    # Warm-up and calibration: one call each (also checks every one matches).
    reps = {}
    for case, runners in plan:
        login_ms = min(paths[0][1].run(case, 1) + paths[0][1].run(case, 1))
        for _, runner in paths:
            if isinstance(runner, HashportCli):
                runner.prepare(case, login_ms)
        for name, run in runners:
            t = min(run(1) + run(1))
            reps[(case["label"], name)] = max(1, min(50, round(args.budget * 1000 / t)))

    samples = {}
    for rnd in range(args.rounds):
        for case, runners in plan:
            k = rnd % len(runners)
            for name, run in runners[k:] + runners[:k]:
                key = (case["label"], name)
                samples.setdefault(key, []).extend(run(reps[key]))
        print(f"round {rnd + 1}/{args.rounds} done", file=sys.stderr)

    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Run {date} on {cpu_model()} ({os.cpu_count()} logical CPUs"
        f"{', AVX-512' if avx512() else ', no AVX-512'}), {platform.system()} "
        f"{platform.release()}; {args.rounds} interleaved rounds, single thread, medians in ms.",
        "",
    ]
    hp_names = [name for name, _ in paths]
    if len(hp_names) > 1:
        startups = ", ".join(f"{name} {runner.startup:.2f} ms" for name, runner in paths
                             if isinstance(runner, HashportCli))
        lines += [
            "Every hashport path against the fastest other implementation: the login path "
            "(`hashport`, one long-lived process) and the command line (`hashport CLI`: "
            "`hashport verify --jobs 1 --no-upgrade`, whole process, 30 records (100 under 5 ms), start-up "
            f"on an empty input subtracted: {startups}), at the best kernel level and at each "
            "forced `HASHPORT_CPU` level; ratio = hashport / fastest other at the same level. "
            "At a forced level the others are held to it too (`OtherServer`: OpenSSL through "
            "`OPENSSL_ia32cap`, libargon2 built for it; libsodium's argon2, which cannot be "
            "held, sits out).",
            "",
            "| family | parameters | " + " | ".join(
                f"fastest other{f' [{lv}]' if lv else ''} (ms)" for lv in [""] + levels)
            + " | " + " | ".join(hp_names) + " |",
            "|---|---|" + "---|" * (len(levels) + 1 + len(hp_names)),
        ]
        for case, runners in plan:
            med = {name: statistics.median(samples[(case["label"], name)]) for name, _ in runners}
            best = {}
            for lv in [""] + levels:
                other = [m for n, m in med.items() if n not in hp_names and level_of(n) == lv]
                best[lv] = min(other) if other else None
            cells = [f"{best[lv]:.2f}" if best[lv] else "none" for lv in [""] + levels]
            for name in hp_names:
                b = best.get(level_of(name))
                cells.append(f"{med[name]:.2f} ({med[name] / b:.2f}x)" if b else f"{med[name]:.2f}")
            lines.append(f"| {case['family']} | {case['label']} | " + " | ".join(cells) + " |")
        lines += ["", "The login path at the best level against each other implementation:", ""]
    lines += [
        "| family | parameters | hashport | fastest other | its median | ratio | all others |",
        "|---|---|---|---|---|---|---|",
    ]
    for case, runners in plan:
        med = {name: statistics.median(samples[(case["label"], name)]) for name, _ in runners}
        hp_med = med.pop("hashport")
        for name in hp_names:
            med.pop(name, None)
        med = {n: m for n, m in med.items() if level_of(n) == ""}
        if med:
            best = min(med, key=med.get)
            rest = "; ".join(f"{n} {m:.2f}" for n, m in sorted(med.items(), key=lambda x: x[1]))
            lines.append(f"| {case['family']} | {case['label']} | {hp_med:.2f} | {best} | "
                         f"{med[best]:.2f} | {hp_med / med[best]:.2f} | {rest} |")
        else:
            lines.append(f"| {case['family']} | {case['label']} | {hp_med:.2f} | none | | | |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        with open(args.out, "w") as f:
            f.write("# hashport against other implementations\n\n"
                    "Written by `benches/compare/run.sh`. The ratio is hashport's median over the "
                    "fastest other implementation's median, from the same run.\n\n" + table + "\n")


if __name__ == "__main__":
    main()
