"""Parallel speed-up of Engine.login from Python threads (not a test).

Four bcrypt cost-10 records verified by one thread, then by two threads
(two each) on the same engine. The GIL is released while hashing, so on a
machine with two free cores the two-thread run should be close to twice as
fast (goal: a speed-up of at least 1.5x). Prints figures only.

    python bindings/python/bench/threads.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
from typing import List, Tuple

import hashport


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="repetitions (median reported)")
    args = parser.parse_args()

    # bcrypt is the policy, so matching records are native: a login is one
    # bcrypt verification and nothing else.
    engine = hashport.Engine(policy=hashport.Policy.bcrypt(10))
    users: List[Tuple[hashport.Record, str]] = []
    for i in range(4):
        password = f"password-{i}"
        users.append((engine.hash(password), password))
    for record, password in users:  # warm up each thread's state
        login = engine.login(record, password)
        assert login.matched and login.upgrade is None

    def verify(jobs: List[Tuple[hashport.Record, str]]) -> None:
        for record, password in jobs:
            if not engine.login(record, password).matched:
                raise AssertionError("expected a match")

    def one_thread() -> float:
        t0 = time.perf_counter()
        verify(users)
        return time.perf_counter() - t0

    def two_threads() -> float:
        halves = [users[0::2], users[1::2]]
        threads = [threading.Thread(target=verify, args=(h,)) for h in halves]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - t0

    ones: List[float] = []
    twos: List[float] = []
    for _ in range(args.rounds):  # interleaved, so drift affects both alike
        ones.append(one_thread())
        twos.append(two_threads())
    one, two = statistics.median(ones), statistics.median(twos)
    print(f"cores available: {os.cpu_count()}")
    print(f"4 x bcrypt cost 10, 1 thread : median {one * 1000:7.1f} ms over {args.rounds} rounds")
    print(f"4 x bcrypt cost 10, 2 threads: median {two * 1000:7.1f} ms over {args.rounds} rounds")
    print(f"speed-up: {one / two:.2f}x (goal >= 1.5x)")


if __name__ == "__main__":
    main()
