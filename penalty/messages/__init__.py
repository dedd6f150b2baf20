"""One catalogue of the English and Chinese text a user reads (issue: one wording layer).

The messages live in ``penalty/messages/*.yaml``, one file per domain (``app.yaml`` for the
Streamlit pages, and so on); together they are one catalogue: a key is unique across all files.
Each entry is::

    key_name:
      en: "Text with {fields}"
      zh: "含{fields}的文字"

Law names, article numbers, labels of circumstances and bands, amounts and dates are never written
into a message: they come from ``data/`` and are passed in as fields. The loader checks every file
when it is first read: both languages present and non-empty, the same ``{fields}`` in both, keys in
``snake_case`` and unique across files. A broken file is an error naming the file, the key and the
problem, not a silent fallback.

``t(key, lang, **fields)`` gives the text in ``"en"`` or ``"zh"``; ``pair(key, **fields)`` gives
``(en, zh)``; a field given to ``pair`` as an ``(en, zh)`` tuple (a citation, an amount in words) is
used in its own language.

The checked catalogue is kept in the same on-disk cache as the parsed data catalogue
(:mod:`penalty.catalogue.cache`), keyed by a digest of the message files, so a command that words
one assessment does not parse YAML: reading the saved copy takes well under a millisecond, parsing
every file several milliseconds.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

LANGS = ("en", "zh")
_HERE = Path(__file__).parent
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class MessageError(ValueError):
    """A message file that breaks the catalogue's rules, or a key that is not in it."""


def _fields(text: str) -> set[str]:
    """The replacement fields of a ``str.format`` template ("{n} cases" -> {"n"})."""
    try:
        return {name.split(".")[0].split("[")[0]
                for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:  # an unbalanced brace
        raise MessageError(f"{text!r}: {exc}") from None


def _check(path: Path, key: object, entry: object) -> tuple[str, str]:
    where = f"{path.name}: {key!r}"
    if not isinstance(key, str) or not _KEY.match(key):
        raise MessageError(f"{where}: a key must be snake_case (a-z, 0-9, _), starting with a letter")
    if not isinstance(entry, dict) or set(entry) != set(LANGS):
        got = sorted(entry) if isinstance(entry, dict) else type(entry).__name__
        raise MessageError(f"{where}: must have exactly the languages {list(LANGS)}; has {got}")
    en, zh = entry["en"], entry["zh"]
    for lang, text in (("en", en), ("zh", zh)):
        if not isinstance(text, str) or not text.strip():
            raise MessageError(f"{where}: the {lang} text is empty or not a string")
    try:
        same = _fields(en) == _fields(zh)
    except MessageError as exc:
        raise MessageError(f"{where}: {exc}") from None
    if not same:
        raise MessageError(f"{where}: the fields differ between en {sorted(_fields(en))} and "
                           f"zh {sorted(_fields(zh))}")
    return en, zh


def load(folder: Path = _HERE) -> dict[str, tuple[str, str]]:
    """Read and check every ``*.yaml`` file of ``folder`` into one mapping key -> (en, zh)."""
    # here, not with the module: a process that reads the saved copy parses no YAML
    from penalty.catalogue.yamlfile import safe_load

    out: dict[str, tuple[str, str]] = {}
    origin: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        raw = safe_load(path.read_text(encoding="utf-8"))
        if raw is None:
            continue
        if not isinstance(raw, dict):
            raise MessageError(f"{path.name}: must be a mapping of keys to messages")
        for key, entry in raw.items():
            pair_ = _check(path, key, entry)
            if key in out:
                raise MessageError(f"{path.name}: {key!r} is already defined in {origin[key]}")
            out[key], origin[key] = pair_, path.name
    return out


def files_digest(folder: Path = _HERE) -> str:
    """SHA-256 over the names and bytes of the message files of ``folder``."""
    h = hashlib.sha256(b"penalty-messages\0")
    for path in sorted(folder.glob("*.yaml")):
        h.update(path.name.encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def catalogue() -> dict[str, tuple[str, str]]:
    """The package's messages, read once per process (from the saved copy when there is one
    for these exact files and this code)."""
    from penalty.catalogue.cache import cached

    return cached(files_digest(), load, dict, name="messages")


def _lookup(key: str) -> tuple[str, str]:
    try:
        return catalogue()[key]
    except KeyError:
        raise MessageError(f"message {key!r} is not in penalty/messages/*.yaml") from None


def pair(key: str, **fields: object) -> tuple[str, str]:
    """The message ``key`` as ``(en, zh)``, each formatted with ``fields``; a field whose value
    is an ``(en, zh)`` tuple gives its first item to the English text, its second to the
    Chinese."""
    en, zh = _lookup(key)
    if not fields:
        return en, zh
    if not any(isinstance(v, tuple) for v in fields.values()):
        return en.format(**fields), zh.format(**fields)
    return (en.format(**{k: v[0] if isinstance(v, tuple) else v for k, v in fields.items()}),
            zh.format(**{k: v[1] if isinstance(v, tuple) else v for k, v in fields.items()}))


# What a message must take as a field rather than write: an article (Art. 12, 第十二条, 第二款),
# an amount of money (5万元, CNY 10,000) and a law's code (the catalogue's, e.g. PIPL, or APL).
_WRITTEN_LAW = (
    ("an article number", re.compile(r"\bArts?\.\s*\d|第[零一二三四五六七八九十百两\d]+[条款项]")),
    ("an amount", re.compile(r"\d[\d,.]*\s*[万亿]?元|(?:CNY|¥|￥)\s*\d")),
)


def written_law(messages: dict[str, tuple[str, str]], law_codes: Iterable[str]) -> list[str]:
    """The messages that write an article number, an amount or a law's code into their text
    (each ``"key (lang): what 'snippet'"``); these belong in data/ and come in as fields."""
    codes = sorted(set(law_codes), key=len, reverse=True)
    checks = [*_WRITTEN_LAW]
    if codes:
        checks.append(("a law's code", re.compile(r"\b(?:" + "|".join(map(re.escape, codes)) + r")\b")))
    problems = []
    for key, texts in messages.items():
        for lang, text in zip(LANGS, texts, strict=True):
            for what, pattern in checks:
                m = pattern.search(text)
                if m:
                    problems.append(f"{key} ({lang}): {what} written in, {m.group(0)!r}; pass it as a field")
    return problems


def t(key: str, lang: str = "en", **fields: object) -> str:
    """The message ``key`` in ``lang`` ("en" or "zh"), formatted with ``fields``."""
    if lang not in LANGS:
        raise MessageError(f"lang: {lang!r} is not valid; must be one of {list(LANGS)}")
    text = _lookup(key)[LANGS.index(lang)]
    return text.format(**fields) if fields else text
