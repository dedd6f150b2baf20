"""The parsed catalogue kept on disk, so a command does not parse and validate every YAML file
each time it starts (about 0.8 s against 0.04 s to read the saved copy).

The saved copy is keyed by a hash of the data files (``data_digest``; the catalogue adds its
folder's name, and sets its ``root`` to the folder it was asked for), of the package's own source
files and of the versions of Python, numpy and pydantic (whose objects the copy holds): any edit
to ``data/`` or to the code that builds the catalogue, or another numpy or pydantic, makes a new
key, so a stale copy is never read. A copy that cannot be read (truncated, corrupt,
written by another version) is ignored and rebuilt from the data. Copies are written
atomically (a temporary file, then a rename), so two processes starting together are safe.

Where: ``$PENALTY_CACHE_DIR``, else ``$XDG_CACHE_HOME/penalty``, else ``~/.cache/penalty``.
``PENALTY_CACHE_DIR=off`` (or an unwritable folder) turns the cache off: the catalogue is then
built from the data each time, as before. The copy is a Python pickle, read only from the user's
own cache folder.

:func:`memo` keeps, under the same key, values computed on demand from the data (the likely
range's parts per key, ``penalty.likely_store``): one small file per value in a folder per key,
so a process reads only the values it asks for however many other processes have saved (one
table of every value grew to 0.8 MB, about 1,400 keys, and took 30-40 ms to read for one of
them); new values are written when the process ends.
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


_VALUES: dict[Path, tuple[Hashable, Any]] = {}  # memo values read or computed here, by file
_DIRTY: dict[Path, str] = {}  # memo files not saved yet, and their table names


def _memo_path(folder: Path, data_digest: str, name: str, key: Hashable) -> Path:
    """The file of ``key``'s value: ``NAME-KEY/HASH.pickle``, HASH over ``repr(key)`` (the file
    holds the key too, so two keys with one repr are told apart)."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    return folder / f"{name}-{cache_key(data_digest)}" / f"{digest}.pickle"


def memo(data_digest: str, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """The value saved for ``key`` in table ``name`` under ``data_digest``'s key, else
    ``compute()``, kept for the rest of the process and saved when it ends (:func:`flush`).
    ``compute`` errors are never saved; a value must pickle."""
    folder = cache_dir()
    if folder is None:
        return compute()
    path = _memo_path(folder, data_digest, name, key)
    held = _VALUES.get(path)
    if held is None:
        held = _read(path, tuple)
    if held is not None and len(held) == 2 and held[0] == key:
        _VALUES[path] = held
        return held[1]
    value = compute()
    _VALUES[path] = (key, value)
    if not _DIRTY:
        atexit.register(flush)
    _DIRTY[path] = name
    return value


def flush() -> None:
    """Save the memo values computed in this process (one file each), then remove the folders of
    all but the ``KEEP`` latest keys of each table."""
    tables = set()
    while _DIRTY:
        path, name = _DIRTY.popitem()
        tables.add((path.parent.parent, name))
        _save(path.parent, path, _VALUES[path], name=None)
    for folder, name in tables:
        _prune(folder, name)
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


def _save(folder: Path, path: Path, obj: object, name: str | None = "catalogue") -> None:
    """Write ``obj`` to ``path`` atomically; then, unless ``name`` is None, remove all but the
    ``KEEP`` latest saved copies of that name. A read-only or full disk saves nothing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except (OSError, pickle.PicklingError):
        return  # a read-only or full disk: the object is still returned, just not saved
    if name is not None:
        _prune(folder, name)


def _prune(folder: Path, name: str) -> None:
    """Remove all but the ``KEEP`` latest saved copies named ``name`` in ``folder``: files of
    :func:`cached`, folders of :func:`memo` (and its former one-file tables)."""
    try:
        old = sorted(folder.glob(f"{name}-*"), key=lambda p: p.stat().st_mtime)[:-KEEP]
        for stale in old:
            if stale.is_dir():
                import shutil

                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # removed meanwhile by another process
