"""Shared fixtures: the repository's vector files and engines."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Union

import pytest

import hashport

# bindings/python/tests -> the repository root.
ROOT = Path(__file__).resolve().parents[3]
VECTOR_DIRS = [ROOT / "vectors", ROOT / "vectors" / "forms"]

# pyca/bcrypt's published example: "My S3cre7 P@55w0rd!" at cost 5.
BCRYPT_PASSWORD = "My S3cre7 P@55w0rd!"
BCRYPT_HASH = "$2b$05$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe"


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    record: hashport.Record
    password: Union[str, bytes]
    want: str  # "match", "mismatch" or "error:<kind>"
    slow: bool

    @property
    def label(self) -> str:
        return f"{self.file}: {self.name}"


def vector_files() -> List[Path]:
    files = []
    for d in VECTOR_DIRS:
        files.extend(sorted(d.glob("*.json")))
    return files


def load_cases(path: Path) -> List[Case]:
    data = json.loads(path.read_text(encoding="utf-8"))
    cases = []
    for c in data["cases"]:
        password: Union[str, bytes]
        if "passwordHex" in c:
            password = bytes.fromhex(c["passwordHex"])
        else:
            password = c["password"]
        config: Optional[str] = c.get("passwordHashConfig")
        want = c["expect"] if c["expect"] != "error" else f"error:{c['error']}"
        cases.append(
            Case(
                file=str(path.relative_to(ROOT)),
                name=c["name"],
                record=hashport.Record(c.get("type", data["type"]), c["passwordHash"], config),
                password=password,
                want=want,
                slow=bool(c.get("slow", False)),
            )
        )
    return cases


@pytest.fixture(scope="session")
def engine() -> hashport.Engine:
    """A default engine (argon2id m=19456, t=2, p=1; default limits)."""
    return hashport.Engine()


@pytest.fixture(scope="session")
def bcrypt_record() -> hashport.Record:
    return hashport.Record("bcrypt", BCRYPT_HASH)
