"""The only code that reads ``data/``: YAML in, validated frozen models and arrays out.

Errors name the file, the entry and the field (STYLE habit 5). Checks that span entries and
files live here: duplicate keys and ids, overlapping versions of one law, dangling or one-way
links between versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from penalty.errors import DataError
from penalty.errors import problems as pydantic_problems

from .schema import AssumptionsFile, BenchmarkFile, FactorsFile, ProvisionFile

M = TypeVar("M", bound=BaseModel)

# Circumstances travel through the engine as one signed 64-bit mask per case (``np.int64``,
# bit i = ``catalogue.circumstance_codes[i]``): bits 0..62 are usable, the sign bit is not.
MAX_CIRCUMSTANCES = 63

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def data_dir() -> Path:
    """``$PENALTY_DATA_DIR`` if set, else the ``data/`` folder beside the package."""
    return Path(os.environ.get("PENALTY_DATA_DIR", DEFAULT_DATA_DIR))


def read_yaml(path: Path, data: bytes | None = None) -> Any:
    """The parsed YAML file (duplicate keys refused); ``data``: its bytes, if already read. The
    YAML library is imported here, not with the module: a process that reads the saved catalogue
    (``cache.py``) parses no YAML."""
    from .yamlfile import read_yaml as read

    return read(path, data)


def _entry_label(raw: Any, loc: tuple[Any, ...]) -> str:
    """'provisions[3] (id dsl-45-1-entity-base)' for a pydantic error location."""
    label: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            label[-1] = f"{label[-1]}[{part}]"
            ident = node[part].get("id") or node[part].get("code") if isinstance(
                node, list) and isinstance(node[part], dict) else None
            if ident:
                label[-1] += f" (id {ident})"
        else:
            label.append(_date_key(str(part)))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(label)


_DATE_REPR = re.compile(r"^datetime\.date\((\d+), (\d+), (\d+)\)$")


def _date_key(part: str) -> str:
    """A date key of a dated parameter as the file writes it (``2025-08-01``), not as pydantic
    names it (``datetime.date(2025, 8, 1)``)."""
    m = _DATE_REPR.match(part)
    return dt.date(*map(int, m.groups())).isoformat() if m else part


# Files validated in this process, by (model, SHA-256 of the file's bytes). A file read again
# unchanged (a copy of the data folder with one file edited, as the tests of broken data make) is
# neither parsed nor validated again: the models are frozen, and the same bytes give the same
# model wherever the file lies. The bytes hashed are the bytes parsed. A file that fails is not
# kept.
_VALIDATED: dict[tuple[type[BaseModel], str], BaseModel] = {}
_VALIDATED_MAX = 256


def validate_file(path: Path, model: type[M]) -> M:
    """The file, parsed and validated as ``model``; a ``DataError`` names the file, the entry and
    the field of each problem."""
    try:
        data: bytes | None = path.read_bytes()
    except OSError:  # read_yaml words the error
        data = None
    key = None if data is None else (model, hashlib.sha256(data).hexdigest())
    if key in _VALIDATED:
        return _VALIDATED[key]  # type: ignore[return-value]
    result = _validate(path, model, data)
    if key is not None:
        if len(_VALIDATED) >= _VALIDATED_MAX:  # many copies read: start again
            _VALIDATED.clear()
        _VALIDATED[key] = result
    return result


def forget_validated() -> None:
    """Forget the files validated so far: the next load parses and validates every file."""
    _VALIDATED.clear()


def _validate(path: Path, model: type[M], data: bytes | None = None) -> M:
    raw = read_yaml(path, data)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in pydantic_problems(exc):
            where = _entry_label(raw, err.loc) or "(top level)"
            shown = "" if isinstance(err.value, (dict, list)) else f"; value {err.value!r}"
            problems.append(f"{where}: {err.msg}{shown}")
        raise DataError(str(path), problems) from None


def cross_check_provisions(files: dict[str, ProvisionFile]) -> None:
    """Checks spanning provision files: unique ids, versions that do not overlap, sound links."""
    problems: dict[str, list[str]] = defaultdict(list)
    where: dict[str, str] = {}
    law_of: dict[str, tuple[str, str]] = {}
    entries = {}
    for name, pf in files.items():
        for p in pf.provisions:
            if p.id in where:
                problems[name].append(f"provisions (id {p.id}): duplicate id, also in {where[p.id]}")
            where[p.id] = name
            law_of[p.id] = (pf.instrument.code, pf.instrument.version)
            entries[p.id] = p
    by_law: dict[str, list[tuple[str, ProvisionFile]]] = defaultdict(list)
    for name, pf in files.items():
        by_law[pf.instrument.code].append((name, pf))
    for code, versions in by_law.items():
        versions.sort(key=lambda t: t[1].instrument.effective_from)
        for (n1, a), (n2, b) in zip(versions, versions[1:]):
            end = a.instrument.effective_to
            if end is None or end > b.instrument.effective_from:
                problems[n2].append(
                    f"instrument.effective_from: version {b.instrument.version} of {code} starts "
                    f"{b.instrument.effective_from} while version {a.instrument.version} ({n1}) is in "
                    f"force until {end or 'further notice'}: versions overlap")
            if a.instrument.version == b.instrument.version:
                problems[n2].append(f"instrument.version: {code} version {b.instrument.version} "
                                    f"is also defined in {n1}")
    for pid, p in entries.items():
        name = where[pid]
        for link in p.counterparts:
            if link not in entries:
                problems[name].append(f"provisions (id {pid}).counterparts: {link!r} does not exist")
                continue
            if law_of[link][0] != law_of[pid][0] or law_of[link][1] == law_of[pid][1]:
                problems[name].append(
                    f"provisions (id {pid}).counterparts: {link!r} is not another version of "
                    f"{law_of[pid][0]}")
            if pid not in entries[link].counterparts:
                problems[name].append(
                    f"provisions (id {pid}).counterparts: {link!r} does not link back to {pid!r}")
        for link in p.refers_to:
            if link not in entries:
                problems[name].append(f"provisions (id {pid}).refers_to: {link!r} does not exist")
        if p.persons is not None:
            target = entries.get(p.persons)
            if target is None or target.liable != "responsible_person" or \
                    law_of[p.persons] != law_of[pid]:
                problems[name].append(
                    f"provisions (id {pid}).persons: {p.persons!r} must be a responsible_person "
                    f"entry of the same law version")
    for name, pf in files.items():
        for r in pf.retired:
            if r.id in entries:
                problems[name].append(f"retired (id {r.id}): the id is still a provision")
            for succ in r.replaced_by:
                if succ not in entries:
                    problems[name].append(f"retired (id {r.id}).replaced_by: {succ!r} does not "
                                          "exist")
    if problems:
        first = sorted(problems)[0]
        all_problems = [f"{n}: {msg}" for n in sorted(problems) for msg in problems[n]]
        raise DataError(first if len(problems) == 1 else "data/provisions", all_problems)


def data_digest(root: Path) -> str:
    """SHA-256 over every data file's relative path and bytes, in sorted order."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".yaml", ".csv"}):
        h.update(str(path.relative_to(root)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def load_raw(root: Path) -> tuple[dict[str, ProvisionFile], BenchmarkFile, FactorsFile,
                                  AssumptionsFile]:
    prov_dir = root / "provisions"
    files = sorted(prov_dir.glob("*.yaml"))
    if not files:
        raise DataError(str(prov_dir), ["no provision files (*.yaml) found"])
    provisions = {str(f.relative_to(root.parent) if root.parent in f.parents else f):
                  validate_file(f, ProvisionFile) for f in files}
    cross_check_provisions(provisions)
    bench = validate_file(root / "benchmark.yaml", BenchmarkFile)
    factors = validate_file(root / "factors.yaml", FactorsFile)
    assumptions = validate_file(root / "assumptions.yaml", AssumptionsFile)
    _check_unique(root / "factors.yaml", [c.code for c in factors.circumstances], "circumstances")
    _check_unique(root / "assumptions.yaml", [a.id for a in assumptions.assumptions], "assumptions")
    check_mask_width(root / "factors.yaml", len(factors.circumstances))
    _check_types_used(root / "benchmark.yaml", "confiscation_types", bench.confiscation_types.types,
                      provisions.values())
    return provisions, bench, factors, assumptions


def _check_types_used(path: Path, key: str, types: tuple[str, ...], files) -> None:
    """Every penalty type ``key`` lists is one some provision lists (a typo would match none)."""
    used = {x for f in files for p in f.provisions for pt in p.penalties
            for x in (pt.type, *(pt.options or ()))}
    unknown = [t for t in types if t not in used]
    if unknown:
        raise DataError(str(path), [f"{key}.types: {t!r} is no penalty type of any provision"
                                    for t in unknown])


def check_mask_width(path: Path, count: int) -> None:
    """Refuse a catalogue with more circumstances than the int64 bit mask can carry."""
    if count > MAX_CIRCUMSTANCES:
        raise DataError(str(path), [
            f"circumstances: {count} codes, but at most {MAX_CIRCUMSTANCES} fit the 64-bit "
            f"circumstance mask (bit 63 is the sign bit); merge or remove "
            f"{count - MAX_CIRCUMSTANCES} code(s), or widen the mask (penalty/ingest/arrays.py)"])


def _check_unique(path: Path, keys: list[str], what: str) -> None:
    seen, dup = set(), []
    for k in keys:
        if k in seen:
            dup.append(f"{what} (id {k}): duplicate")
        seen.add(k)
    if dup:
        raise DataError(str(path), dup)
