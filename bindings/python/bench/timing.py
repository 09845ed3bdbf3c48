"""Equal-time rejection through the binding (not a test).

Median times of three ways a login is refused on a default engine
(argon2id m=19456, t=2, p=1): an unknown user (`login(None, pw)`), an
undecodable record (raises RecordError after a dummy verification) and a
wrong password against a native record. hashport spends one verification
at the policy's cost on each, so the three should be equal within noise.
Prints figures only.

    python bindings/python/bench/timing.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable, Dict, List

import hashport


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60, help="samples of each case")
    args = parser.parse_args()

    engine = hashport.Engine()
    native = engine.hash("the right password")
    broken = hashport.Record("bcrypt", "$2b$10$this-is-not-a-bcrypt-hash")

    def unknown_user() -> None:
        assert not engine.login(None, "a wrong password").matched

    def undecodable() -> None:
        try:
            engine.login(broken, "a wrong password")
        except hashport.RecordError:
            return
        raise AssertionError("expected a RecordError")

    def wrong_password() -> None:
        assert not engine.login(native, "a wrong password").matched

    cases: Dict[str, Callable[[], None]] = {
        "unknown user (None)": unknown_user,
        "undecodable record": undecodable,
        "wrong password, native record": wrong_password,
    }
    for fn in cases.values():  # warm up: the thread's working memory
        fn()
    samples: Dict[str, List[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):  # interleaved, so drift affects all alike
        for name, fn in cases.items():
            t0 = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - t0)
    medians = {name: statistics.median(s) for name, s in samples.items()}
    reference = medians["wrong password, native record"]
    for name, s in samples.items():
        q = statistics.quantiles(s, n=4)
        print(
            f"{name:31s}: median {medians[name] * 1000:6.2f} ms "
            f"(IQR {q[0] * 1000:6.2f}-{q[2] * 1000:6.2f} ms), "
            f"{(medians[name] / reference - 1) * 100:+5.1f}% vs wrong password"
        )


if __name__ == "__main__":
    main()
