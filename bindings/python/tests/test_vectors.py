"""Every case of every vector file gives the expected outcome (match,
mismatch or the error kind) through the binding: what `hashport verify`
gives (the crate's tests/vectors.rs checks that side).

Cases marked `slow` are over the default time budget on purpose; they run
only with HASHPORT_SLOW=1, under max_verify_millis=10000 as in the crate.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

import pytest

import hashport
from conftest import Case, load_cases, vector_files

FILES = vector_files()
SLOW = os.environ.get("HASHPORT_SLOW") == "1"


def outcome(engine: hashport.Engine, case: Case) -> str:
    try:
        login = engine.login(case.record, case.password)
    except hashport.HashportError as e:
        # Errors never carry the hash.
        if len(case.record.password_hash) >= 8 and case.record.password_hash in str(e):
            return f"error:{e.kind} (message contains the hash)"
        return f"error:{e.kind}"
    if login.matched:
        return "match"
    return "mismatch"


def test_the_vector_files_are_there() -> None:
    assert len(FILES) == 10, [str(f) for f in FILES]
    cases = [c for f in FILES for c in load_cases(f)]
    assert len(cases) > 1000
    wants = {c.want.split(":")[0] for c in cases}
    assert wants == {"match", "mismatch", "error"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_vector_through_login(engine: hashport.Engine, path: Path) -> None:
    cases = [c for c in load_cases(path) if not c.slow]
    assert cases
    # The GIL is released while hashing: two threads use both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        got = list(pool.map(lambda c: outcome(engine, c), cases))
    failures = [
        f"{c.label}: expected {c.want}, got {g}" for c, g in zip(cases, got) if g != c.want
    ]
    assert failures == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_vector_through_a_dry_run_batch(engine: hashport.Engine, path: Path) -> None:
    cases = [c for c in load_cases(path) if not c.slow]
    batch = hashport.Batch(engine, upgrade=False)
    results = batch.verify([(c.record, c.password) for c in cases])
    assert len(results) == len(cases)
    failures: List[str] = []
    for c, r in zip(cases, results):
        if isinstance(r, hashport.HashportError):
            got = f"error:{r.kind}"
        elif isinstance(r, hashport.Login):
            got = "match" if r.matched else "mismatch"
            if r.matched and r.upgrade is not None:
                failures.append(f"{c.label}: a dry run offered an upgrade")
        else:
            got = f"unexpected result {type(r).__name__}"
        if got != c.want:
            failures.append(f"{c.label}: expected {c.want}, got {got}")
    assert failures == []


@pytest.mark.skipif(not SLOW, reason="costly cases: set HASHPORT_SLOW=1")
def test_slow_vectors() -> None:
    engine = hashport.Engine(limits=hashport.Limits(max_verify_millis=10_000))
    cases = [c for f in FILES for c in load_cases(f) if c.slow]
    assert cases
    got = [outcome(engine, c) for c in cases]
    failures = [
        f"{c.label}: expected {c.want}, got {g}" for c, g in zip(cases, got) if g != c.want
    ]
    assert failures == []
