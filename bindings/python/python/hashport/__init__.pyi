"""Verify imported legacy password hashes (bcrypt, scrypt, Firebase scrypt,
PBKDF2, Argon2) and upgrade them to a native hash at login.

A wrong password is a value (``Login.matched`` is False), never an
exception. Every hashport error raises a :class:`HashportError` subclass
chosen by its ``kind``:

==========================  =====================
kind                        class
==========================  =====================
``unknown_type``            :class:`RecordError`
``invalid_config``          :class:`RecordError`
``invalid_hash``            :class:`RecordError`
``invalid_param``           :class:`RecordError` (also an invalid setting of
                            Engine, Batch, Limits or Policy: unknown limit
                            name, policy numbers, ``threads`` > 1024 ...)
``param_out_of_range``      :class:`RecordError` (also a policy number out
                            of range when an Engine is built)
``unsupported``             :class:`RecordError`
``input_too_large``         :class:`RecordError`
``password_too_long``       :class:`PasswordError`
``password_contains_nul``   :class:`PasswordError`
``over_budget``             :class:`OverBudgetError`
``out_of_memory``           :class:`OutOfMemoryError`
``internal``                :class:`InternalError` (a bug, caught panics too)
==========================  =====================

:class:`RecordError` and :class:`PasswordError` are also ``ValueError``\\ s.
A wrong argument type raises ``TypeError``. Messages and ``details`` carry
field names and numbers only, never a password, hash, salt or key.
"""

from concurrent.futures import Executor
from typing import (
    Any,
    Dict,
    Final,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Tuple,
    Union,
    final,
)

from typing_extensions import Self, disjoint_base

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

__version__: Final[str]

#: Every ``HashportError.kind`` (hashport's ``Error::KINDS``).
ERROR_KINDS: Final[Tuple[str, ...]]
#: Every keyword argument of :class:`Limits` (hashport's ``Limits::NAMES``).
LIMIT_NAMES: Final[Tuple[str, ...]]

#: A password: ``str`` is encoded as UTF-8 (never normalised); bytes-like
#: values are used as they are. Any other type raises ``TypeError``.
Password = Union[str, bytes, bytearray, memoryview]

@disjoint_base
class Record:
    """A stored record in the migration API's shape. The repr never shows
    the hash or the config (both are secrets)."""

    def __new__(
        cls,
        password_hash_type: str,
        password_hash: str,
        password_hash_config: Optional[str] = None,
    ) -> Self: ...
    @classmethod
    def from_dict(cls, d: Mapping[str, Optional[str]]) -> Record:
        """A record from the camelCase keys ``passwordHashType``,
        ``passwordHash`` and (optional) ``passwordHashConfig``; other keys are
        ignored. A missing required key raises ``KeyError``, a value that is
        not a ``str`` ``TypeError``."""
    @property
    def password_hash_type(self) -> str:
        """``bcrypt``, ``scrypt``, ``firebase-scrypt``, ``pbkdf2`` or ``argon2``."""
    @property
    def password_hash(self) -> str:
        """The hash string, verbatim."""
    @property
    def password_hash_config(self) -> Optional[str]:
        """The stringified JSON config, verbatim, or None."""
    def to_dict(self) -> Dict[str, Optional[str]]:
        """The record with camelCase keys."""

@final
class NativeRecord(Record):
    """A record written by the engine's native policy (no config). It is a
    :class:`Record`, so it can be passed back to :meth:`Engine.login`."""

    @property
    def password_hash_type(self) -> Literal["argon2", "bcrypt", "scrypt", "pbkdf2"]: ...

@final
class Upgrade:
    """A native record to store in place of the legacy one: write
    ``record`` only where the stored ``passwordHash`` still equals
    ``replaces`` (compare-and-swap)."""

    @property
    def record(self) -> NativeRecord: ...
    @property
    def replaces(self) -> str:
        """The ``passwordHash`` that was just verified."""
    @property
    def reason(self) -> Literal["not_native", "truncated"]:
        """``not_native``: not in the policy's form and parameters;
        ``truncated``: bcrypt checked only the first 72 bytes."""

@final
class Login:
    """The result of a login check. ``bool(login)`` raises ``TypeError``:
    test ``login.matched``."""

    @property
    def matched(self) -> bool: ...
    @property
    def upgrade(self) -> Optional[Upgrade]:
        """Present on a match that should replace the stored record."""
    def __bool__(self) -> bool:
        """Always raises ``TypeError``."""

@final
class Policy:
    """The native hash. Its numbers are checked when an :class:`Engine` is
    built (``RecordError`` of kind ``invalid_param`` or
    ``param_out_of_range``)."""

    @staticmethod
    def argon2id(m_kib: int = 19456, t: int = 2, p: int = 1) -> Policy: ...
    @staticmethod
    def bcrypt(cost: int) -> Policy: ...
    @staticmethod
    def scrypt(ln: int, r: int, p: int) -> Policy: ...
    @staticmethod
    def pbkdf2_sha256(iterations: int) -> Policy: ...
    @property
    def algorithm(self) -> Literal["argon2id", "bcrypt", "scrypt", "pbkdf2_sha256"]: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Limits:
    """Bounds on imported parameters, by hashport's ``Limits`` field names
    (``LIMIT_NAMES``); unset ones keep their defaults. An unknown name or a
    value out of range raises ``RecordError`` of kind ``invalid_param``; a
    value that is not an ``int`` raises ``TypeError``."""

    def __new__(
        cls,
        *,
        max_password_len: int = ...,
        max_hash_len: int = ...,
        max_config_len: int = ...,
        min_digest_len: int = ...,
        max_digest_len: int = ...,
        max_salt_len: int = ...,
        bcrypt_max_cost: int = ...,
        scrypt_max_n: int = ...,
        scrypt_max_r: int = ...,
        scrypt_max_p: int = ...,
        scrypt_max_memory: int = ...,
        firebase_max_mem_cost: int = ...,
        firebase_max_rounds: int = ...,
        pbkdf2_max_iterations: int = ...,
        pbkdf2_max_work: int = ...,
        argon2_max_m_kib: int = ...,
        argon2_max_t: int = ...,
        argon2_max_p: int = ...,
        max_verify_millis: int = ...,
    ) -> Self: ...
    @property
    def max_password_len(self) -> int: ...
    @property
    def max_hash_len(self) -> int: ...
    @property
    def max_config_len(self) -> int: ...
    @property
    def min_digest_len(self) -> int: ...
    @property
    def max_digest_len(self) -> int: ...
    @property
    def max_salt_len(self) -> int: ...
    @property
    def bcrypt_max_cost(self) -> int: ...
    @property
    def scrypt_max_n(self) -> int: ...
    @property
    def scrypt_max_r(self) -> int: ...
    @property
    def scrypt_max_p(self) -> int: ...
    @property
    def scrypt_max_memory(self) -> int: ...
    @property
    def firebase_max_mem_cost(self) -> int: ...
    @property
    def firebase_max_rounds(self) -> int: ...
    @property
    def pbkdf2_max_iterations(self) -> int: ...
    @property
    def pbkdf2_max_work(self) -> int: ...
    @property
    def argon2_max_m_kib(self) -> int: ...
    @property
    def argon2_max_t(self) -> int: ...
    @property
    def argon2_max_p(self) -> int: ...
    @property
    def max_verify_millis(self) -> int: ...
    def to_dict(self) -> Dict[str, int]:
        """Every limit by name."""
    def __eq__(self, other: object, /) -> bool: ...

class Engine:
    """Verifies imported records at login and upgrades them to the native
    policy. Safe to share between threads; every hashing call releases the
    GIL.

    ``retain_bytes``: working memory each login thread keeps between logins
    (default: what one native hash needs). ``max_concurrent_logins``: the
    most logins verifying at once, others wait (default: the number of
    cores). Building an engine hashes and verifies one password with the
    policy (a self-check)."""

    def __new__(
        cls,
        policy: Optional[Policy] = None,
        limits: Optional[Limits] = None,
        retain_bytes: Optional[int] = None,
        max_concurrent_logins: Optional[int] = None,
    ) -> Self: ...
    def login(self, record: Optional[Record], password: Password) -> Login:
        """Checks ``password`` against ``record``; ``record`` None is an
        unknown user: a mismatch after one dummy verification. Every
        rejection path costs one verification at the policy's cost."""
    async def login_async(
        self,
        record: Optional[Record],
        password: Password,
        *,
        executor: Optional[Executor] = None,
    ) -> Login:
        """:meth:`login` in ``executor`` (default: the running loop's)."""
    def needs_upgrade(self, record: Record) -> bool:
        """Whether a match on ``record`` would offer an upgrade (decodes
        only; raises for an undecodable record)."""
    def hash(self, password: Password) -> NativeRecord:
        """Hashes ``password`` with the native policy."""
    def dummy_verify(self, password: Password) -> None:
        """Spends one verification at the policy's cost."""
    @property
    def policy(self) -> Policy: ...
    @property
    def limits(self) -> Limits: ...
    @property
    def retain_bytes(self) -> Optional[int]: ...

@final
class Batch:
    """Verifies many records at once on its own thread pool (``threads`` 0:
    one per core, at most 1024), within a memory budget (``memory_budget``
    None: a quarter of the memory this process may use). ``upgrade`` False
    is a dry run: matches carry no upgrade."""

    def __new__(
        cls,
        engine: Engine,
        threads: int = 0,
        memory_budget: Optional[int] = None,
        upgrade: bool = True,
    ) -> Self: ...
    def verify(
        self, jobs: Iterable[Tuple[Record, Password]]
    ) -> List[Union[Login, HashportError]]:
        """One result per job, in input order: a :class:`Login`, or the
        :class:`HashportError` (returned, not raised) of a job that failed.
        The whole batch runs with the GIL released."""
    @property
    def threads(self) -> int: ...

class HashportError(Exception):
    """An error of hashport. ``kind`` is one of ``ERROR_KINDS``;
    ``details`` holds ``field``, ``param``, ``min``, ``max`` and ``actual``
    where they apply (numbers as ``int``)."""

    kind: str
    message: str
    details: Dict[str, Any]
    def __init__(
        self,
        message: str,
        kind: Optional[str] = None,
        details: Optional[Mapping[str, Any]] = None,
    ) -> None: ...

class RecordError(HashportError, ValueError):
    """The record or a setting is at fault: ``unknown_type``,
    ``invalid_config``, ``invalid_hash``, ``invalid_param`` (records and
    settings alike), ``param_out_of_range``, ``unsupported``,
    ``input_too_large``."""

class PasswordError(HashportError, ValueError):
    """``password_too_long`` or ``password_contains_nul``."""

class OverBudgetError(HashportError):
    """``over_budget``: one verification needs more than a batch's whole
    memory budget."""

class OutOfMemoryError(HashportError):
    """``out_of_memory``: working memory or a thread could not be had."""

class InternalError(HashportError):
    """``internal``: a bug in hashport, a caught panic included."""
