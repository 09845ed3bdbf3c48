"""The exceptions of hashport.

Every hashport error raises a :class:`HashportError` subclass chosen by its
stable ``kind`` (hashport's ``Error::kind()``); :class:`hashport.Batch`
returns the same instances in its result list instead of raising them. A
wrong password is never an exception: it is a ``Login`` with ``matched``
False.

The compiled module builds instances with :func:`_make`. Messages and
details hold field names and numbers only, never a password, hash, salt or
key.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Type

__all__ = [
    "HashportError",
    "RecordError",
    "PasswordError",
    "OverBudgetError",
    "OutOfMemoryError",
    "InternalError",
]


class HashportError(Exception):
    """An error of hashport.

    ``kind`` is one of ``hashport.ERROR_KINDS``; ``message`` is the
    human-readable text (also ``str(error)``); ``details`` holds the keys
    ``field``, ``param``, ``min``, ``max`` and ``actual`` where they apply
    (numbers as ``int``).
    """

    _default_kind = "internal"

    kind: str
    message: str
    details: Dict[str, Any]

    def __init__(
        self,
        message: str,
        kind: Optional[str] = None,
        details: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind if kind is not None else self._default_kind
        self.details = dict(details) if details is not None else {}

    def __reduce__(self) -> Any:
        return (type(self), (self.message, self.kind, self.details))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, kind={self.kind!r})"


class RecordError(HashportError, ValueError):
    """The record, or a setting, is at fault: ``unknown_type``,
    ``invalid_config``, ``invalid_hash``, ``invalid_param`` (also for an
    invalid Engine/Batch/Limits/Policy setting), ``param_out_of_range``,
    ``unsupported`` or ``input_too_large``."""

    _default_kind = "invalid_hash"


class PasswordError(HashportError, ValueError):
    """The password cannot be checked: ``password_too_long`` or
    ``password_contains_nul``."""

    _default_kind = "password_too_long"


class OverBudgetError(HashportError):
    """``over_budget``: one verification needs more than a batch's whole
    memory budget."""

    _default_kind = "over_budget"


class OutOfMemoryError(HashportError):
    """``out_of_memory``: the system could not supply working memory or a
    thread; a resource limit, not a bug. Retry later."""

    _default_kind = "out_of_memory"


class InternalError(HashportError):
    """``internal``: a bug in hashport (a caught panic included)."""

    _default_kind = "internal"


_CLASSES: Dict[str, Type[HashportError]] = {
    "unknown_type": RecordError,
    "invalid_config": RecordError,
    "invalid_hash": RecordError,
    "invalid_param": RecordError,
    "param_out_of_range": RecordError,
    "unsupported": RecordError,
    "input_too_large": RecordError,
    "password_too_long": PasswordError,
    "password_contains_nul": PasswordError,
    "over_budget": OverBudgetError,
    "out_of_memory": OutOfMemoryError,
    "internal": InternalError,
}


# Shown (in tracebacks, reprs, pickles) as the package's public names.
for _cls in (
    HashportError,
    RecordError,
    PasswordError,
    OverBudgetError,
    OutOfMemoryError,
    InternalError,
):
    _cls.__module__ = "hashport"
del _cls


def _make(kind: str, message: str, details: Mapping[str, Any]) -> HashportError:
    """The exception for ``kind``; a kind this package does not know (one
    a newer hashport added) is an :class:`InternalError` of kind
    ``internal``."""
    cls = _CLASSES.get(kind)
    if cls is None:
        return InternalError(message, "internal", details)
    return cls(message, kind, details)
