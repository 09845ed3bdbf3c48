"""Every hashport error is a HashportError subclass with kind, message and
details; none carries a secret."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap

import pytest

import hashport
from hashport import _errors
from conftest import BCRYPT_HASH, BCRYPT_PASSWORD

SECRET = "Zq9-distinctive-Secret"


def bcrypt_hash_at_cost(cost: int) -> str:
    return BCRYPT_HASH.replace("$05$", f"${cost:02d}$")


def test_class_hierarchy() -> None:
    for cls in (
        hashport.RecordError,
        hashport.PasswordError,
        hashport.OverBudgetError,
        hashport.OutOfMemoryError,
        hashport.InternalError,
    ):
        assert issubclass(cls, hashport.HashportError)
        assert issubclass(cls, Exception)
    assert issubclass(hashport.RecordError, ValueError)
    assert issubclass(hashport.PasswordError, ValueError)
    for cls in (hashport.OverBudgetError, hashport.OutOfMemoryError, hashport.InternalError):
        assert not issubclass(cls, ValueError)
        assert not issubclass(cls, MemoryError)
    assert not issubclass(hashport.HashportError, ValueError)


def test_every_kind_has_a_class() -> None:
    expected = {
        "unknown_type": hashport.RecordError,
        "invalid_config": hashport.RecordError,
        "invalid_hash": hashport.RecordError,
        "invalid_param": hashport.RecordError,
        "param_out_of_range": hashport.RecordError,
        "unsupported": hashport.RecordError,
        "input_too_large": hashport.RecordError,
        "password_too_long": hashport.PasswordError,
        "password_contains_nul": hashport.PasswordError,
        "over_budget": hashport.OverBudgetError,
        "out_of_memory": hashport.OutOfMemoryError,
        "internal": hashport.InternalError,
    }
    assert set(hashport.ERROR_KINDS) == set(expected)
    for kind, cls in expected.items():
        e = _errors._make(kind, "msg", {"param": "x"})
        assert type(e) is cls and e.kind == kind and e.message == "msg"
        assert e.details == {"param": "x"} and str(e) == "msg"
    # A kind added by a newer hashport: internal.
    e = _errors._make("something_new", "msg", {})
    assert type(e) is hashport.InternalError and e.kind == "internal"


def test_errors_pickle_and_construct() -> None:
    e = hashport.RecordError("bad", "invalid_hash", {"field": "passwordHash"})
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is hashport.RecordError
    assert (back.kind, back.message, back.details) == (e.kind, e.message, e.details)
    assert hashport.OverBudgetError("x").kind == "over_budget"
    assert hashport.InternalError("x").details == {}
    assert repr(e) == "RecordError('bad', kind='invalid_hash')"
    assert type(e).__module__ == "hashport"


def test_param_out_of_range(engine: hashport.Engine) -> None:
    record = hashport.Record("bcrypt", bcrypt_hash_at_cost(40))
    with pytest.raises(hashport.RecordError) as info:
        engine.login(record, SECRET)
    e = info.value
    assert isinstance(e, ValueError)
    assert e.kind == "param_out_of_range"
    assert e.details == {"param": "cost", "min": 4, "max": 16, "actual": 40}
    assert all(type(e.details[k]) is int for k in ("min", "max", "actual"))
    assert "40" in e.message and e.message == str(e)
    assert SECRET not in e.message and record.password_hash not in e.message


def test_invalid_hash_details(engine: hashport.Engine) -> None:
    record = hashport.Record("bcrypt", "$2b$05$" + "A" * 10)
    with pytest.raises(hashport.RecordError) as info:
        engine.login(record, SECRET)
    assert info.value.kind == "invalid_hash"
    assert info.value.details["field"] == "passwordHash"
    assert set(info.value.details) <= {"field", "param"}
    assert "A" * 10 not in info.value.message


def test_invalid_config_and_unknown_type(engine: hashport.Engine) -> None:
    with pytest.raises(hashport.RecordError) as info:
        engine.login(hashport.Record("scrypt", "aGFzaA==", "{not json"), SECRET)
    assert info.value.kind == "invalid_config"
    assert info.value.details["field"] == "passwordHashConfig"
    with pytest.raises(hashport.RecordError) as info:
        engine.login(hashport.Record("md5", "x"), SECRET)
    assert info.value.kind == "unknown_type" and info.value.details == {}


def test_input_too_large(engine: hashport.Engine) -> None:
    with pytest.raises(hashport.RecordError) as info:
        engine.login(hashport.Record("bcrypt", "$" * 5000), SECRET)
    e = info.value
    assert e.kind == "input_too_large"
    assert e.details == {"field": "passwordHash", "max": 4096, "actual": 5000}


def test_password_errors(bcrypt_record: hashport.Record) -> None:
    engine = hashport.Engine(limits=hashport.Limits(max_password_len=16))
    with pytest.raises(hashport.PasswordError) as info:
        engine.login(bcrypt_record, SECRET)  # 22 bytes
    e = info.value
    assert isinstance(e, ValueError)
    assert e.kind == "password_too_long"
    assert e.details == {"field": "password", "max": 16, "actual": len(SECRET)}
    assert SECRET not in e.message
    with pytest.raises(hashport.PasswordError):
        engine.hash("x" * 17)
    with pytest.raises(hashport.PasswordError) as info:
        hashport.Engine().login(bcrypt_record, b"nul\x00byte")
    assert info.value.kind == "password_contains_nul"


def test_setting_errors() -> None:
    with pytest.raises(hashport.RecordError) as info:
        hashport.Limits(no_such_limit=3)
    assert info.value.kind == "invalid_param"
    assert info.value.details == {"param": "no_such_limit"}
    with pytest.raises(hashport.RecordError) as info:
        hashport.Limits(bcrypt_max_cost=2**40)
    assert info.value.kind == "invalid_param"
    assert info.value.details["param"] == "bcrypt_max_cost"
    with pytest.raises(hashport.RecordError) as info:
        hashport.Limits(min_digest_len=0)
    assert info.value.kind == "invalid_param"
    with pytest.raises(hashport.RecordError) as info:
        hashport.Limits(max_password_len=-1)
    assert info.value.kind == "invalid_param"
    with pytest.raises(hashport.RecordError) as info:
        hashport.Engine(policy=hashport.Policy.bcrypt(40))
    assert info.value.kind == "param_out_of_range"
    assert info.value.details == {"param": "cost", "min": 4, "max": 31, "actual": 40}
    with pytest.raises(hashport.RecordError) as info:
        hashport.Engine(policy=hashport.Policy.bcrypt(-1))
    assert info.value.kind == "invalid_param" and info.value.details == {"param": "cost"}
    with pytest.raises(hashport.RecordError) as info:
        hashport.Engine(policy=hashport.Policy.argon2id(m_kib=2**33))
    assert info.value.kind == "invalid_param"
    with pytest.raises(hashport.RecordError):
        hashport.Engine(policy=hashport.Policy.argon2id(m_kib=1 << 20))  # over the limits
    with pytest.raises(hashport.RecordError):
        hashport.Engine(retain_bytes=-5)
    with pytest.raises(hashport.RecordError):
        hashport.Engine(max_concurrent_logins=-1)
    engine = hashport.Engine(policy=hashport.Policy.bcrypt(4))
    with pytest.raises(hashport.RecordError) as info:
        hashport.Batch(engine, threads=1025)
    assert info.value.kind == "invalid_param"
    assert info.value.details == {"param": "threads"}
    with pytest.raises(hashport.RecordError):
        hashport.Batch(engine, threads=-1)
    with pytest.raises(hashport.RecordError):
        hashport.Batch(engine, memory_budget=-1)
    with pytest.raises(TypeError):
        hashport.Batch(engine, upgrade="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hashport.Batch("engine")  # type: ignore[arg-type]


def test_batch_returns_error_instances_in_order(engine: hashport.Engine) -> None:
    good = hashport.Record("bcrypt", BCRYPT_HASH)
    jobs = [
        (good, BCRYPT_PASSWORD),
        (hashport.Record("bcrypt", bcrypt_hash_at_cost(40)), SECRET),
        (good, "wrong"),
        (hashport.Record("argon2", "$argon2id$nope"), SECRET),
        (good, b"a\x00b"),
        (good, BCRYPT_PASSWORD),
    ]
    results = hashport.Batch(engine, upgrade=False).verify(jobs)
    kinds = [
        r.kind if isinstance(r, hashport.HashportError) else ("match" if r.matched else "mismatch")
        for r in results
    ]
    assert kinds == [
        "match",
        "param_out_of_range",
        "mismatch",
        "invalid_hash",
        "password_contains_nul",
        "match",
    ]
    assert isinstance(results[1], hashport.RecordError)
    assert isinstance(results[4], hashport.PasswordError)
    for r in results:
        if isinstance(r, hashport.HashportError):
            assert SECRET not in r.message


def test_over_budget(engine: hashport.Engine) -> None:
    native = engine.hash("pw")  # argon2id, 19 MiB
    batch = hashport.Batch(engine, memory_budget=1 << 20, upgrade=False)
    (result,) = batch.verify([(native, "pw")])
    assert isinstance(result, hashport.OverBudgetError)
    assert result.kind == "over_budget"
    assert result.details["param"] == "memory_budget"
    assert result.details["actual"] > result.details["max"]


def test_out_of_memory_in_a_constrained_process(tmp_path: object) -> None:
    # An address-space limit just above what the process uses: a 128 MiB
    # argon2 verification cannot map its memory.
    code = textwrap.dedent(
        """
        import resource, sys
        import hashport
        engine = hashport.Engine(policy=hashport.Policy.argon2id(m_kib=8, t=1, p=1),
                                 retain_bytes=0)
        big = hashport.Engine(policy=hashport.Policy.argon2id(m_kib=131072, t=1, p=1),
                              retain_bytes=0).hash("pw")
        with open("/proc/self/statm") as f:
            vm = int(f.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (vm + (48 << 20), resource.RLIM_INFINITY))
        try:
            engine.login(big, "pw")
        except hashport.OutOfMemoryError as e:
            print("KIND", e.kind, type(e).__name__)
            sys.exit(0)
        except MemoryError:
            print("python MemoryError")
            sys.exit(3)
        print("no error")
        sys.exit(2)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    if proc.returncode == 3:
        pytest.skip("the interpreter itself ran out of memory first")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "KIND out_of_memory OutOfMemoryError" in proc.stdout


def test_rejections_are_all_hashport_errors_not_panics(engine: hashport.Engine) -> None:
    # Hostile shapes: every one is a HashportError or a login, never a
    # PanicException (a BaseException) or a crash.
    hostile = [
        hashport.Record("bcrypt", ""),
        hashport.Record("scrypt", "", ""),
        hashport.Record("scrypt", "x", "{}"),
        hashport.Record("firebase-scrypt", "x", '{"signerKey":"", "saltSeparator":""}'),
        hashport.Record("pbkdf2", "$pbkdf2-sha256$i=0,l=32$AAAA$AAAA"),
        hashport.Record("argon2", "$argon2id$v=19$m=4294967295,t=1,p=1$AAAA$AAAA"),
        hashport.Record("argon2", "\u0000\uffff"),
    ]
    for record in hostile:
        try:
            engine.login(record, "pw")
        except hashport.HashportError as e:
            assert e.kind in hashport.ERROR_KINDS
