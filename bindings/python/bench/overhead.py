"""Per-call overhead of Engine.login (not a test).

Times `engine.login` on a trivially cheap record, PBKDF2-SHA256 with one
iteration (made with hashlib, in the native form of a
`Policy.pbkdf2_sha256(1)` engine, so there is no upgrade hash), against a
no-op Python call taking the same arguments. The difference is what the
binding (argument conversion, releasing and retaking the GIL, building the
result) and hashport's fixed work (decoding, a few HMAC blocks) cost per
call. Prints medians only.

    python bindings/python/bench/overhead.py [--calls N]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import statistics
import time
from typing import Callable, List, Optional

import hashport


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def median_ns(fn: Callable[[], object], calls: int, repeat: int) -> float:
    """The median over `repeat` runs of the mean time of `calls` calls."""
    runs: List[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter_ns() - t0) / calls)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per run")
    parser.add_argument("--repeat", type=int, default=15, help="runs (median reported)")
    args = parser.parse_args()

    password = "overhead password"
    salt = os.urandom(16)
    dk = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1, 32)
    record = hashport.Record("pbkdf2", f"$pbkdf2-sha256$i=1,l=32${b64(salt)}${b64(dk)}")

    engine = hashport.Engine(policy=hashport.Policy.pbkdf2_sha256(1))
    login = engine.login(record, password)
    assert login.matched and login.upgrade is None, "expected a native match"

    def noop(record: Optional[hashport.Record], password: str) -> None:
        return None

    batch = hashport.Batch(engine, threads=1, upgrade=False)
    jobs = [(record, password)] * 100

    base = median_ns(lambda: noop(record, password), args.calls, args.repeat)
    match = median_ns(lambda: engine.login(record, password), args.calls, args.repeat)
    mismatch = median_ns(lambda: engine.login(record, "wrong"), args.calls, args.repeat)
    per_job = median_ns(lambda: batch.verify(jobs), max(1, args.calls // 100), args.repeat) / 100

    # The record and call of `cargo run --release --example binding_baseline`
    # (the Rust side): a default engine, a wrong password.
    baseline = hashport.Record(
        "pbkdf2",
        "$pbkdf2-sha256$i=1,l=32$9U3WAMXw1Igifj1Y72wgOg$/x21yJ9+q7Ha4d5cxNX6QU7o2X8W+eFg+G9h9JcrY/U",
    )
    default = hashport.Engine()
    assert not default.login(baseline, "wrong password").matched
    same = median_ns(lambda: default.login(baseline, "wrong password"), args.calls, args.repeat)

    print(f"no-op Python call              : {base / 1000:8.2f} us")
    print(f"engine.login, as binding_baseline: {same / 1000:8.2f} us")
    print(f"engine.login, pbkdf2 i=1 match : {match / 1000:8.2f} us  (+{(match - base) / 1000:.2f} us)")
    print(f"engine.login, pbkdf2 i=1 wrong : {mismatch / 1000:8.2f} us  (+{(mismatch - base) / 1000:.2f} us)")
    print(f"Batch.verify, 100 jobs, 1 thread: {per_job / 1000:8.2f} us per job")


if __name__ == "__main__":
    main()
