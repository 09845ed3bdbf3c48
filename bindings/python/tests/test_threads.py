"""Concurrency: one engine shared by threads, the GIL released while
hashing, and login_async under asyncio."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, List, Tuple

import pytest

import hashport
from conftest import BCRYPT_PASSWORD

SLOW_COST = 12  # about 0.2 s per bcrypt verification here


@pytest.fixture(scope="module")
def slow_engine() -> hashport.Engine:
    """Every operation of this engine costs one bcrypt cost-12 hash."""
    return hashport.Engine(policy=hashport.Policy.bcrypt(SLOW_COST))


@pytest.fixture(scope="module")
def slow_record(slow_engine: hashport.Engine) -> hashport.NativeRecord:
    return slow_engine.hash("slow password")


def test_four_threads_share_one_engine(engine: hashport.Engine) -> None:
    maker = hashport.Engine(policy=hashport.Policy.bcrypt(4))
    users = [(f"user-{i}-password", maker.hash(f"user-{i}-password")) for i in range(4)]
    errors: List[str] = []

    def work(i: int) -> None:
        password, record = users[i]
        other_password, _ = users[(i + 1) % 4]
        for round_ in range(4):
            ok = engine.login(record, password)
            bad = engine.login(record, other_password)
            unknown = engine.login(None, password)
            if not ok.matched or ok.upgrade is None or ok.upgrade.reason != "not_native":
                errors.append(f"thread {i} round {round_}: expected a match with an upgrade")
            elif not engine.login(ok.upgrade.record, password).matched:
                errors.append(f"thread {i} round {round_}: the upgrade does not verify")
            if bad.matched or unknown.matched:
                errors.append(f"thread {i} round {round_}: expected mismatches")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def _gaps_while(work: Callable[[], object]) -> Tuple[float, float, int]:
    """Runs `work` in a thread while this thread counts loop iterations.
    Returns (how long `work` took, the longest stretch of it during which
    this thread made no progress, this thread's iterations during it). If
    `work` held the GIL, this thread would make none for all of it."""
    window: List[float] = []  # the worker's start and end times
    marks: List[float] = []  # this thread's progress, at most one a millisecond

    def run() -> None:
        window.append(time.perf_counter())
        work()
        window.append(time.perf_counter())

    worker = threading.Thread(target=run)
    worker.start()
    inside = 0
    last_mark = 0.0
    while worker.is_alive():
        now = time.perf_counter()
        if len(window) == 1:
            inside += 1
        if now - last_mark >= 0.001:
            marks.append(now)
            last_mark = now
    worker.join()
    start, end = window
    points = [start] + [m for m in marks if start < m < end] + [end]
    longest = max(b - a for a, b in zip(points, points[1:]))
    return end - start, longest, inside


@pytest.mark.parametrize("operation", ["login", "login_unknown_user", "hash", "dummy_verify", "batch"])
def test_the_gil_is_released(
    slow_engine: hashport.Engine, slow_record: hashport.NativeRecord, operation: str
) -> None:
    batch = hashport.Batch(slow_engine, threads=1)
    work: Callable[[], object] = {
        "login": lambda: slow_engine.login(slow_record, "wrong"),
        "login_unknown_user": lambda: slow_engine.login(None, "wrong"),
        "hash": lambda: slow_engine.hash("pw"),
        "dummy_verify": lambda: slow_engine.dummy_verify("pw"),
        "batch": lambda: batch.verify([(slow_record, "wrong"), (slow_record, "wrong")]),
    }[operation]
    took, longest, count = _gaps_while(work)
    assert took > 0.1, f"the operation took only {took:.3f} s: not slow enough to tell"
    # Held GIL: one stall of about `took`. Released: this thread runs on.
    assert longest < took / 2, f"stalled {longest:.3f} s of {took:.3f} s"
    assert count > 20_000, f"only {count} iterations in {took:.3f} s"


def test_login_async(engine: hashport.Engine, bcrypt_record: hashport.Record) -> None:
    async def main() -> List[hashport.Login]:
        return await asyncio.gather(
            engine.login_async(bcrypt_record, BCRYPT_PASSWORD),
            engine.login_async(bcrypt_record, "wrong"),
            engine.login_async(None, "anyone"),
        )

    ok, bad, unknown = asyncio.run(main())
    assert ok.matched and ok.upgrade is not None
    assert not bad.matched and not unknown.matched


def test_login_async_raises_hashport_errors(engine: hashport.Engine) -> None:
    async def main() -> None:
        await engine.login_async(hashport.Record("nope", "x"), "pw")

    with pytest.raises(hashport.RecordError) as info:
        asyncio.run(main())
    assert info.value.kind == "unknown_type"


def test_login_async_keeps_the_loop_running(
    slow_engine: hashport.Engine, slow_record: hashport.NativeRecord
) -> None:
    async def main() -> Tuple[int, bool]:
        ticks = 0
        done = False

        async def ticker() -> None:
            nonlocal ticks
            while not done:
                await asyncio.sleep(0.005)
                ticks += 1

        task = asyncio.ensure_future(ticker())
        with ThreadPoolExecutor(max_workers=2) as pool:
            login = await slow_engine.login_async(slow_record, "slow password", executor=pool)
        done = True
        await task
        return ticks, login.matched

    ticks, matched = asyncio.run(main())
    assert matched
    # About 0.2 s of verification: dozens of 5 ms ticks if the loop ran.
    assert ticks >= 10, ticks


def test_batch_from_threads(engine: hashport.Engine, bcrypt_record: hashport.Record) -> None:
    batch = hashport.Batch(engine, threads=2, upgrade=False)
    jobs = [(bcrypt_record, BCRYPT_PASSWORD if i % 2 == 0 else "wrong") for i in range(8)]

    def run(_: int) -> List[bool]:
        out = []
        for r in batch.verify(jobs):
            assert isinstance(r, hashport.Login)
            out.append(r.matched)
        return out

    with ThreadPoolExecutor(max_workers=3) as pool:
        for result in pool.map(run, range(3)):
            assert result == [i % 2 == 0 for i in range(8)]
