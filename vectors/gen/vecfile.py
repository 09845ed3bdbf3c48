"""Shared by the vector generators: one case of a vectors/*.json file.

Every generator builds its cases with `case()` and writes them with
`write()`, so the files share one checked format: one
field order, one password rule (UTF-8 text when it decodes, hex when not)
and one set of checks.
"""

import json


def case(name, source, pw, phash, expect, *, config=None, error=None, slow=False, typ=None):
    """A case dict in the file format of vectors/README.md.

    `pw` is a str or bytes; bytes that are not UTF-8 are written as
    `passwordHex`.
    """
    c = {"name": name, "source": source}
    b = pw.encode("utf-8") if isinstance(pw, str) else pw
    try:
        c["password"] = b.decode("utf-8")
    except UnicodeDecodeError:
        c["passwordHex"] = b.hex()
    c["passwordHash"] = phash
    if config is not None:
        c["passwordHashConfig"] = config
    if typ is not None:
        c["type"] = typ
    c["expect"] = expect
    if error is not None:
        assert expect == "error", name
        c["error"] = error
    if slow:
        c["slow"] = True
    return c


def write(path, doc, ensure_ascii=True):
    """Checks the cases of `doc` and writes it as a vectors/*.json file.

    Names must be unique and kebab-case, every case needs a source, and
    `error` goes with `expect = "error"` and nothing else.
    """
    cases = doc["cases"]
    names = [c["name"] for c in cases]
    dups = sorted({n for n in names if names.count(n) > 1})
    assert not dups, dups
    for c in cases:
        name = c["name"]
        assert all(ch.islower() or ch.isdigit() or ch == "-" for ch in name), name
        assert c["source"], name
        assert c["expect"] in ("match", "mismatch", "error"), name
        assert (c["expect"] == "error") == ("error" in c), name
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=ensure_ascii)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path}")
