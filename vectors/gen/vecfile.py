"""Shared by the vector generators: one case of a vectors/*.json file.

Every generator builds its cases with `case()`, so the files share one
field order and one password rule (UTF-8 text when it decodes, hex when not).
"""


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
