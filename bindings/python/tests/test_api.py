"""The shapes of the API: records, logins, upgrades, policies, limits."""

from __future__ import annotations

import base64
import hashlib
import os
import unicodedata

import pytest

import hashport
from conftest import BCRYPT_HASH, BCRYPT_PASSWORD

NATIVE_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$"


def pbkdf2_record(password: bytes, iterations: int = 1) -> hashport.Record:
    """A PHC `$pbkdf2-sha256$` record made by hashlib (not hashport)."""
    salt = os.urandom(16)
    dk = hashlib.pbkdf2_hmac("sha256", password, salt, iterations, 32)

    def b64(b: bytes) -> str:
        return base64.b64encode(b).decode().rstrip("=")

    return hashport.Record(
        "pbkdf2", f"$pbkdf2-sha256$i={iterations},l=32${b64(salt)}${b64(dk)}"
    )


def test_legacy_match_offers_an_upgrade(
    engine: hashport.Engine, bcrypt_record: hashport.Record
) -> None:
    login = engine.login(bcrypt_record, BCRYPT_PASSWORD)
    assert login.matched is True
    up = login.upgrade
    assert isinstance(up, hashport.Upgrade)
    assert up.reason == "not_native"
    assert up.replaces == BCRYPT_HASH
    record = up.record
    assert isinstance(record, hashport.NativeRecord)
    assert isinstance(record, hashport.Record)
    assert record.password_hash_type == "argon2"
    assert record.password_hash.startswith(NATIVE_PREFIX)
    assert record.password_hash_config is None
    assert record.to_dict() == {
        "passwordHashType": "argon2",
        "passwordHash": record.password_hash,
        "passwordHashConfig": None,
    }
    # The upgrade verifies, and is native: no further upgrade.
    again = engine.login(record, BCRYPT_PASSWORD)
    assert again.matched and again.upgrade is None
    assert engine.login(record, "wrong").matched is False


def test_upgrade_verifies_with_argon2_cffi(
    engine: hashport.Engine, bcrypt_record: hashport.Record
) -> None:
    argon2 = pytest.importorskip("argon2")
    login = engine.login(bcrypt_record, BCRYPT_PASSWORD)
    assert login.upgrade is not None
    assert argon2.PasswordHasher().verify(login.upgrade.record.password_hash, BCRYPT_PASSWORD)


def test_native_record_has_no_upgrade(engine: hashport.Engine) -> None:
    native = engine.hash("correct horse")
    assert isinstance(native, hashport.NativeRecord)
    assert native.password_hash.startswith(NATIVE_PREFIX)
    assert engine.needs_upgrade(native) is False
    login = engine.login(native, "correct horse")
    assert login.matched is True
    assert login.upgrade is None
    # The same record built by hand.
    copy = hashport.Record(native.password_hash_type, native.password_hash)
    assert engine.login(copy, "correct horse").upgrade is None
    # Fresh salt each time.
    assert engine.hash("correct horse").password_hash != native.password_hash


def test_truncated_upgrade_reason(engine: hashport.Engine) -> None:
    long_password = "x" * 80
    # bcrypt reads 72 bytes: the legacy system hashed what it could.
    legacy = hashport.Engine(policy=hashport.Policy.bcrypt(4)).hash(long_password[:72])
    assert legacy.password_hash.startswith("$2b$04$")
    login = engine.login(legacy, long_password)
    assert login.matched
    assert login.upgrade is not None and login.upgrade.reason == "truncated"


def test_wrong_password_is_a_value(
    engine: hashport.Engine, bcrypt_record: hashport.Record
) -> None:
    login = engine.login(bcrypt_record, "not the password")
    assert isinstance(login, hashport.Login)
    assert login.matched is False
    assert login.upgrade is None


def test_login_has_no_truth_value(
    engine: hashport.Engine, bcrypt_record: hashport.Record
) -> None:
    for password in (BCRYPT_PASSWORD, "wrong"):
        login = engine.login(bcrypt_record, password)
        with pytest.raises(TypeError, match=r"\.matched"):
            bool(login)
        with pytest.raises(TypeError):
            if login:  # noqa: SIM108 - the point of the test
                pass


def test_unknown_user_is_a_mismatch(engine: hashport.Engine) -> None:
    login = engine.login(None, "whatever")
    assert login.matched is False and login.upgrade is None
    assert engine.login(None, b"\xff\x00bytes").matched is False


def test_needs_upgrade(engine: hashport.Engine, bcrypt_record: hashport.Record) -> None:
    assert engine.needs_upgrade(bcrypt_record) is True
    stronger = hashport.Record("argon2", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$" + "A" * 43)
    assert engine.needs_upgrade(stronger) is True
    with pytest.raises(hashport.RecordError) as info:
        engine.needs_upgrade(hashport.Record("bcrypt", "$2b$05$short"))
    assert info.value.kind == "invalid_hash"


def test_hash_and_dummy_verify(engine: hashport.Engine) -> None:
    assert engine.dummy_verify("anything") is None
    assert engine.dummy_verify(b"x" * 100_000) is None  # cut to the limit, no error
    native = engine.hash(b"bytes password")
    assert engine.login(native, "bytes password").matched


def test_password_types_are_equivalent(engine: hashport.Engine) -> None:
    text = "pässwörd ✓"
    raw = text.encode("utf-8")
    record = pbkdf2_record(raw, 1000)
    for password in (text, raw, bytearray(raw), memoryview(raw)):
        assert engine.login(record, password).matched, type(password)
    # A non-contiguous memoryview is copied as its bytes.
    doubled = bytes(b for c in raw for b in (c, 0))
    assert engine.login(record, memoryview(doubled)[::2]).matched
    assert not engine.login(record, text.upper()).matched


def test_str_is_never_normalised(engine: hashport.Engine) -> None:
    nfc = unicodedata.normalize("NFC", "café")
    nfd = unicodedata.normalize("NFD", "café")
    assert nfc != nfd
    record = pbkdf2_record(nfc.encode(), 10)
    assert engine.login(record, nfc).matched
    assert not engine.login(record, nfd).matched


def test_wrong_argument_types(engine: hashport.Engine, bcrypt_record: hashport.Record) -> None:
    for bad in (None, 123, 1.5, ["pw"], object()):
        with pytest.raises(TypeError):
            engine.login(bcrypt_record, bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            engine.hash(bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            engine.dummy_verify(bad)  # type: ignore[arg-type]
    for record in ({"passwordHashType": "bcrypt", "passwordHash": BCRYPT_HASH}, "bcrypt", 1):
        with pytest.raises(TypeError):
            engine.login(record, "pw")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            engine.needs_upgrade(record)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hashport.Record(1, "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hashport.Record("bcrypt", b"x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hashport.Record("bcrypt", "x", {"N": 1})  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        engine.login(bcrypt_record, "lone \ud800 surrogate")


def test_record_fields_and_from_dict() -> None:
    r = hashport.Record("scrypt", "hash", '{"N":16}')
    assert (r.password_hash_type, r.password_hash, r.password_hash_config) == (
        "scrypt",
        "hash",
        '{"N":16}',
    )
    assert hashport.Record("bcrypt", "h").password_hash_config is None
    d = {
        "passwordHashType": "scrypt",
        "passwordHash": "hash",
        "passwordHashConfig": '{"N":16}',
        "email": "ignored@example.com",
    }
    r2 = hashport.Record.from_dict(d)
    assert type(r2) is hashport.Record
    assert r2.to_dict() == {k: v for k, v in d.items() if k != "email"}
    r3 = hashport.Record.from_dict({"passwordHashType": "bcrypt", "passwordHash": "h"})
    assert r3.password_hash_config is None
    r4 = hashport.Record.from_dict(
        {"passwordHashType": "bcrypt", "passwordHash": "h", "passwordHashConfig": None}
    )
    assert r4.password_hash_config is None
    with pytest.raises(KeyError):
        hashport.Record.from_dict({"passwordHashType": "bcrypt"})
    with pytest.raises(TypeError):
        hashport.Record.from_dict({"passwordHashType": "bcrypt", "passwordHash": 5})
    with pytest.raises(AttributeError):
        r.password_hash = "other"  # type: ignore[misc]


def test_from_dict_record_logs_in(engine: hashport.Engine) -> None:
    r = hashport.Record.from_dict({"passwordHashType": "bcrypt", "passwordHash": BCRYPT_HASH})
    assert engine.login(r, BCRYPT_PASSWORD).matched


def test_reprs_never_show_hashes(
    engine: hashport.Engine, bcrypt_record: hashport.Record
) -> None:
    login = engine.login(bcrypt_record, BCRYPT_PASSWORD)
    assert login.upgrade is not None
    secret_config = '{"signerKey":"c2VjcmV0a2V5"}'
    objects = [
        login,
        login.upgrade,
        login.upgrade.record,
        bcrypt_record,
        hashport.Record("firebase-scrypt", "c2VjcmV0aGFzaA==", secret_config),
    ]
    secrets = [BCRYPT_HASH, login.upgrade.record.password_hash, "c2VjcmV0", BCRYPT_PASSWORD]
    for obj in objects:
        text = repr(obj) + str(obj)
        for secret in secrets:
            assert secret not in text, (type(obj).__name__, text)
    assert "argon2" in repr(login.upgrade.record)
    assert "bcrypt" in repr(bcrypt_record)
    assert repr(login).startswith("Login(matched=True, upgrade=Upgrade(")
    assert "not_native" in repr(login)
    assert repr(engine.login(None, "x")) == "Login(matched=False, upgrade=None)"


def test_policies() -> None:
    assert repr(hashport.Policy.argon2id()) == "Policy.argon2id(m_kib=19456, t=2, p=1)"
    assert hashport.Policy.argon2id() == hashport.Policy.argon2id(19456, 2, 1)
    assert hashport.Policy.bcrypt(10) != hashport.Policy.bcrypt(11)
    assert hashport.Policy.scrypt(ln=10, r=8, p=1).algorithm == "scrypt"
    assert hashport.Policy.pbkdf2_sha256(iterations=1000).algorithm == "pbkdf2_sha256"
    cheap = {
        "argon2": hashport.Policy.argon2id(m_kib=8, t=1, p=1),
        "bcrypt": hashport.Policy.bcrypt(4),
        "scrypt": hashport.Policy.scrypt(ln=4, r=8, p=1),
        "pbkdf2": hashport.Policy.pbkdf2_sha256(10),
    }
    for ty, policy in cheap.items():
        engine = hashport.Engine(policy=policy)
        assert engine.policy == policy
        native = engine.hash("pw")
        assert native.password_hash_type == ty
        login = engine.login(native, "pw")
        assert login.matched and login.upgrade is None
    with pytest.raises(TypeError):
        hashport.Policy.bcrypt("10")  # type: ignore[arg-type]


def test_limits() -> None:
    default = hashport.Limits()
    assert repr(default) == "Limits()"
    assert default.bcrypt_max_cost == 16
    assert default.to_dict()["max_password_len"] == 4096
    assert set(default.to_dict()) == set(hashport.LIMIT_NAMES)
    for name in hashport.LIMIT_NAMES:
        assert isinstance(getattr(default, name), int), name
    limits = hashport.Limits(bcrypt_max_cost=14, max_password_len=64)
    assert (limits.bcrypt_max_cost, limits.max_password_len) == (14, 64)
    assert repr(limits) == "Limits(max_password_len=64, bcrypt_max_cost=14)"
    assert limits == hashport.Limits(max_password_len=64, bcrypt_max_cost=14)
    assert limits != default
    engine = hashport.Engine(limits=limits)
    assert engine.limits == limits
    cost15 = hashport.Engine(policy=hashport.Policy.bcrypt(4)).hash("pw").password_hash
    with pytest.raises(hashport.RecordError) as info:
        engine.login(hashport.Record("bcrypt", cost15.replace("$04$", "$15$")), "pw")
    assert info.value.details["max"] == 14
    with pytest.raises(TypeError):
        hashport.Limits(bcrypt_max_cost="14")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hashport.Limits(bcrypt_max_cost=True)  # type: ignore[arg-type]


def test_engine_options() -> None:
    engine = hashport.Engine()
    assert engine.policy == hashport.Policy.argon2id()
    assert engine.limits == hashport.Limits()
    # Default: what one native hash needs (19 MiB of argon2 at the default).
    assert engine.retain_bytes is not None and engine.retain_bytes >= 19456 * 1024
    tuned = hashport.Engine(retain_bytes=0, max_concurrent_logins=1)
    assert tuned.retain_bytes == 0
    native = tuned.hash("pw")
    assert tuned.login(native, "pw").matched
    # Positional arguments work too.
    positional = hashport.Engine(hashport.Policy.bcrypt(4), hashport.Limits())
    assert positional.policy == hashport.Policy.bcrypt(4)


def test_batch_shapes(engine: hashport.Engine, bcrypt_record: hashport.Record) -> None:
    batch = hashport.Batch(engine, threads=2)
    assert batch.threads == 2
    bad = hashport.Record("nope", "x")
    results = batch.verify(
        [
            (bcrypt_record, BCRYPT_PASSWORD),
            (bad, "pw"),
            (bcrypt_record, "wrong"),
            (bcrypt_record, BCRYPT_PASSWORD.encode()),
        ]
    )
    assert len(results) == 4
    first, second, third, fourth = results
    assert isinstance(first, hashport.Login) and first.matched
    assert first.upgrade is not None and first.upgrade.reason == "not_native"
    assert isinstance(second, hashport.RecordError) and second.kind == "unknown_type"
    assert isinstance(third, hashport.Login) and not third.matched
    assert isinstance(fourth, hashport.Login) and fourth.matched
    assert batch.verify([]) == []
    # Any iterable of pairs.
    assert len(batch.verify((bcrypt_record, pw) for pw in ["a", "b"])) == 2
    dry = hashport.Batch(engine, upgrade=False).verify([(bcrypt_record, BCRYPT_PASSWORD)])
    assert isinstance(dry[0], hashport.Login) and dry[0].matched and dry[0].upgrade is None
    for jobs in ([bcrypt_record], [(bcrypt_record,)], [("bcrypt", "pw")], [(bcrypt_record, 5)], 5):
        with pytest.raises(TypeError):
            batch.verify(jobs)  # type: ignore[arg-type]


def test_module_constants() -> None:
    assert "invalid_hash" in hashport.ERROR_KINDS
    assert "internal" in hashport.ERROR_KINDS
    assert "bcrypt_max_cost" in hashport.LIMIT_NAMES
    assert hashport.__version__
    assert hashport.Engine.__module__ == "hashport"
    for cls in (hashport.Record, hashport.NativeRecord, hashport.Login, hashport.Upgrade,
                hashport.Policy, hashport.Limits, hashport.Batch):
        assert cls.__module__ == "hashport", cls
    with pytest.raises(TypeError):
        hashport.Login()  # type: ignore[call-arg]
