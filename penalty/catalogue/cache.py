"""The parsed catalogue kept on disk, so a command does not parse and validate every YAML file
each time it starts (about 0.8 s against 0.04 s to read the saved copy).

The saved copy is keyed by a hash of the data files (``data_digest``), of the package's own
source files and of the versions of Python, numpy and pydantic (whose objects the copy holds):
any edit to ``data/`` or to the code that builds the catalogue, or another numpy or pydantic,
makes a new key, so a stale copy is never read. A copy that cannot be read (truncated, corrupt,
written by another version) is ignored and rebuilt from the data. Copies are written
atomically (a temporary file, then a rename), so two processes starting together are safe.

Where: ``$PENALTY_CACHE_DIR``, else ``$XDG_CACHE_HOME/penalty``, else ``~/.cache/penalty``.
``PENALTY_CACHE_DIR=off`` (or an unwritable folder) turns the cache off: the catalogue is then
built from the data each time, as before. The copy is a Python pickle, read only from the user's
own cache folder.

:func:`memo` keeps, under the same key, a table of values computed on demand from the data (the
likely range's parts per key, ``penalty.likely_store``): read once per process, extended when a
value is missing and saved again when the process ends.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Hashable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import numpy
import pydantic

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # penalty/
KEEP = 8  # saved copies kept per folder; older ones are removed when a new one is written


def cache_dir() -> Path | None:
    """The folder of saved catalogues, or None when caching is off."""
    explicit = os.environ.get("PENALTY_CACHE_DIR")
    if explicit is not None:
        return None if explicit.strip().lower() in {"", "off", "0", "none"} else Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "penalty"


@lru_cache(maxsize=1)
def _source_digest() -> str:
    """SHA-256 over the package's Python files (names and bytes), so changed code never reads a
    catalogue pickled by other code (computed once per process: the data catalogue and the
    messages share it)."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(str(path.relative_to(PACKAGE_DIR)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def cache_key(data_digest: str) -> str:
    h = hashlib.sha256()
    for part in (data_digest, _source_digest(), sys.version, numpy.__version__,
                 pydantic.VERSION, str(pickle.HIGHEST_PROTOCOL)):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:32]


def cached(data_digest: str, build: Callable[[], T], kind: type[T], name: str = "catalogue") -> T:
    """The object saved under ``data_digest``'s key if there is a readable one of type ``kind``,
    else ``build()``, saved for next time. ``build`` errors (bad data) are never saved. ``name``
    tells apart the kinds of saved object (the data catalogue, the messages), each keeping its
    own ``KEEP`` latest copies."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{cache_key(data_digest)}.pickle"
    saved = _read(path, kind)
    if saved is not None:
        return saved
    obj = build()
    _save(folder, path, obj, name)
    return obj


_TABLES: dict[Path, dict[Hashable, Any]] = {}  # memo tables read in this process, by file
_DIRTY: dict[Path, str] = {}  # tables with values not saved yet, and their names


def memo(data_digest: str, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """The value saved for ``key`` in table ``name`` under ``data_digest``'s key, else
    ``compute()``, added to the table. New values are saved when the process ends (:func:`flush`:
    one write, however many values were added), together with what other processes saved
    meanwhile. ``compute`` errors are never saved; a value must pickle."""
    folder = cache_dir()
    if folder is None:
        return compute()
    path = folder / f"{name}-{cache_key(data_digest)}.pickle"
    table = _TABLES.get(path)
    if table is None:
        table = _TABLES[path] = _read_table(path)
    if key in table:
        return table[key]
    value = table[key] = compute()
    if not _DIRTY:
        atexit.register(flush)
    _DIRTY[path] = name
    return value


def flush() -> None:
    """Save the memo tables that gained values in this process (merged with the saved copy)."""
    while _DIRTY:
        path, name = _DIRTY.popitem()
        _save(path.parent, path, {**_read_table(path), **_TABLES[path]}, name)
    atexit.unregister(flush)


def _read(path: Path, kind: type[T]) -> T | None:
    """The saved object of type ``kind`` at ``path``; None if it is missing, truncated, foreign
    or of another type (the caller then rebuilds it)."""
    try:
        with path.open("rb") as fh:
            obj = pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, truncated or foreign
        return None
    return obj if isinstance(obj, kind) else None


def _read_table(path: Path) -> dict[Hashable, Any]:
    return _read(path, dict) or {}


def _save(folder: Path, path: Path, obj: object, name: str = "catalogue") -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        old = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]
        for stale in old:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass  # a read-only or full disk: the catalogue is still returned, just not saved
