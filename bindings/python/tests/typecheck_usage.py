"""Type-checked with `mypy --strict` (not collected by pytest): the stubs
must describe a typical use of the package."""

from __future__ import annotations

import asyncio
from typing import Dict, List, Optional, Union

import hashport


def store(record: hashport.NativeRecord, replaces: str) -> Dict[str, Optional[str]]:
    row = record.to_dict()
    row["replaces"] = replaces
    return row


def login(engine: hashport.Engine, row: Optional[Dict[str, Optional[str]]], password: str) -> bool:
    record = hashport.Record.from_dict(row) if row is not None else None
    try:
        result = engine.login(record, password)
    except hashport.PasswordError as e:
        print(e.kind, e.details.get("max"))
        return False
    except hashport.RecordError as e:
        print(e.kind, e.message)
        return False
    if result.upgrade is not None:
        up: hashport.Upgrade = result.upgrade
        store(up.record, up.replaces)
        reason: str = up.reason
        print(reason)
    matched: bool = result.matched
    return matched


async def login_async(engine: hashport.Engine, password: bytes) -> bool:
    result = await engine.login_async(None, password)
    return result.matched


def batch(engine: hashport.Engine, records: List[hashport.Record]) -> List[str]:
    b = hashport.Batch(engine, threads=2, memory_budget=1 << 30, upgrade=False)
    out: List[str] = []
    results: List[Union[hashport.Login, hashport.HashportError]] = b.verify(
        [(r, "pw") for r in records]
    )
    for r in results:
        if isinstance(r, hashport.HashportError):
            out.append(r.kind)
        else:
            out.append("match" if r.matched else "mismatch")
    return out


def main() -> None:
    engine = hashport.Engine(
        policy=hashport.Policy.argon2id(m_kib=19456, t=2, p=1),
        limits=hashport.Limits(bcrypt_max_cost=14, max_password_len=1024),
        retain_bytes=None,
        max_concurrent_logins=4,
    )
    native = engine.hash(bytearray(b"pw"))
    ty: str = native.password_hash_type
    assert engine.needs_upgrade(native) is False
    engine.dummy_verify(memoryview(b"pw"))
    print(ty, login(engine, native.to_dict(), "pw"))
    print(asyncio.run(login_async(engine, b"pw")))
    print(batch(engine, [native]))
    limits: hashport.Limits = engine.limits
    print(limits.bcrypt_max_cost + 1, engine.policy.algorithm, hashport.ERROR_KINDS[0])
    kinds: tuple[str, ...] = hashport.LIMIT_NAMES
    print(kinds, hashport.__version__)
    password: hashport.Password = "pw"
    print(engine.login(None, password).matched)


if __name__ == "__main__":
    main()
