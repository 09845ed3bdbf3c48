"""Verify imported legacy password hashes (bcrypt, scrypt, Firebase scrypt,
PBKDF2, Argon2) and upgrade them to a native hash at login.

A wrong password is a value (``Login.matched`` is False); every hashport
error raises a :class:`HashportError` subclass. All hashing runs with the
GIL released.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from typing import Optional, Union

from . import _hashport
from ._errors import (
    HashportError,
    InternalError,
    OutOfMemoryError,
    OverBudgetError,
    PasswordError,
    RecordError,
)
from ._hashport import (
    ERROR_KINDS,
    LIMIT_NAMES,
    Batch,
    Limits,
    Login,
    NativeRecord,
    Policy,
    Record,
    Upgrade,
    __version__,
)

__all__ = [
    "ERROR_KINDS",
    "LIMIT_NAMES",
    "Batch",
    "Engine",
    "HashportError",
    "InternalError",
    "Limits",
    "Login",
    "NativeRecord",
    "OutOfMemoryError",
    "OverBudgetError",
    "Password",
    "PasswordError",
    "Policy",
    "Record",
    "RecordError",
    "Upgrade",
    "__version__",
]

#: What a password may be: ``str`` is encoded as UTF-8 (never normalised).
Password = Union[str, bytes, bytearray, memoryview]


class Engine(_hashport.Engine):
    """Verifies imported records at login and upgrades them to the native
    policy. Safe to share between threads."""

    __slots__ = ()

    async def login_async(
        self,
        record: Optional[Record],
        password: Password,
        *,
        executor: Optional[Executor] = None,
    ) -> Login:
        """:meth:`login` in ``executor`` (default: the loop's default
        executor). The GIL is released while hashing, so a thread pool runs
        logins in parallel; the engine's ``max_concurrent_logins`` caps how
        many verify at once."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(executor, self.login, record, password)
