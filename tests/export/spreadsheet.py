"""Recalculate a saved workbook with a real spreadsheet engine and read the values back.

Two engines:

- ``libreoffice``: Debian's LibreOffice Calc, headless, with a private profile that recalculates
  every formula on load; the recalculated file is saved again and read with openpyxl
  (``data_only``). Edits are applied to a copy with openpyxl first (formulas stay formulas).
- ``formulas``: the maintained pure-Python engine of the same name (``formulas`` on PyPI).

``recalc(engine, path, edits)`` returns ``{(sheet, "A1"): value}`` for every cell, with empty
text and blanks as ``None``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import openpyxl

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
Edits = dict[tuple[str, str], Any]


def _blank(v: Any) -> Any:
    return None if v is None or v == "" else v


def libreoffice_profile(folder: Path) -> Path:
    (folder / "user").mkdir(parents=True, exist_ok=True)
    (folder / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
    return folder


def soffice_convert(paths: list[Path], fmt: str, outdir: Path, profile: Path) -> list[Path]:
    """Convert files with headless LibreOffice (recalculating on load)."""
    assert SOFFICE, "LibreOffice is not installed"
    outdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--norestore", "--convert-to", fmt, "--outdir", str(outdir),
                           *map(str, paths)], capture_output=True, text=True, timeout=180,
                          check=False)
    out = [outdir / (p.stem + "." + fmt.split(":")[0]) for p in paths]
    missing = [p for p in out if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}: {proc.stdout} {proc.stderr}"
    return out


def read_values(path: Path) -> dict[tuple[str, str], Any]:
    wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                out[(ws.title, c.coordinate)] = _blank(c.value)
    return out


_RECALCULATED: dict[tuple[str, int, frozenset], dict[tuple[str, str], Any]] = {}


def _job_key(path: Path, edits: Edits | None) -> tuple[str, int, frozenset]:
    return str(path), path.stat().st_mtime_ns, frozenset((edits or {}).items())


def recalc_libreoffice_many(jobs: list[tuple[Path, Edits | None]]) -> None:
    """Recalculate several (workbook, edits) pairs in one LibreOffice process (starting it is
    most of the time of one conversion) and keep the values for ``recalc_libreoffice``."""
    with tempfile.TemporaryDirectory(prefix="penalty-lo-") as tmp:
        folder = Path(tmp)
        sources = []
        for i, (path, edits) in enumerate(jobs):
            copy = folder / f"job{i}-{path.name}"
            if edits:
                wb = openpyxl.load_workbook(path)
                for (sheet, ref), value in edits.items():
                    wb[sheet][ref] = value
                wb.save(copy)
            else:
                shutil.copyfile(path, copy)
            sources.append(copy)
        profile = libreoffice_profile(folder / "profile")
        outs = soffice_convert(sources, "xlsx", folder / "out", profile)
        for (path, edits), out in zip(jobs, outs):
            _RECALCULATED[_job_key(path, edits)] = read_values(out)


def recalc_libreoffice(path: Path, edits: Edits | None = None) -> dict[tuple[str, str], Any]:
    key = _job_key(path, edits)
    if key not in _RECALCULATED:
        recalc_libreoffice_many([(path, edits)])
    return _RECALCULATED[key]


def convert_default_libreoffice(path: Path) -> dict[tuple[str, str], Any]:
    """What a user with LibreOffice's default settings sees: converted with a fresh, empty
    profile (no forced recalculation: LibreOffice then trusts the cached results), read back."""
    with tempfile.TemporaryDirectory(prefix="penalty-lo-default-") as tmp:
        folder = Path(tmp)
        profile = folder / "profile"
        profile.mkdir()
        (out,) = soffice_convert([path], "xlsx", folder / "out", profile)
        return read_values(out)


_MODELS: dict[tuple[str, int], Any] = {}


def recalc_formulas(path: Path, edits: Edits | None = None,
                    cells: list[tuple[str, str]] | None = None) -> dict[tuple[str, str], Any]:
    """``cells``: compute only these (and what they depend on); a full recalculation of the
    what-if workbook takes seconds, the few rows an edit test compares a fraction of that."""
    import formulas

    key = (str(path), path.stat().st_mtime_ns)
    if key not in _MODELS:  # loading is the slow part; a loaded model recalculates any inputs
        _MODELS[key] = formulas.ExcelModel().loads(str(path)).finish()
    model = _MODELS[key]
    book = path.name.upper()
    inputs = {f"'[{path.name}]{sheet.upper()}'!{ref}": value
              for (sheet, ref), value in (edits or {}).items()}
    outputs = [f"'[{path.name}]{sheet.upper()}'!{ref}" for sheet, ref in cells] if cells else None
    solution = model.calculate(inputs=inputs or None, outputs=outputs)
    sheets = {ws.title.upper(): ws.title for ws in openpyxl.load_workbook(path).worksheets}
    out: dict[tuple[str, str], Any] = {}
    for key, ranges in solution.items():
        if "!" not in key or ":" in key.split("!")[1]:
            continue
        where, ref = key.rsplit("!", 1)
        where = where.strip("'")
        if not where.upper().startswith(f"[{book}]"):
            continue
        sheet = sheets.get(where.split("]", 1)[1].upper())
        value = ranges.value[0][0]
        if hasattr(value, "dtype"):
            value = value.item()
        if type(value).__name__ in ("XlError",):
            value = f"#ERR {value}"
        if str(value) in ("", "empty"):  # formulas' marker of an empty cell
            value = None
        out[(sheet, ref)] = _blank(value)
    return out


ENGINES = {"libreoffice": recalc_libreoffice, "formulas": recalc_formulas}


def recalc(engine: str, path: Path, edits: Edits | None = None,
           cells: list[tuple[str, str]] | None = None) -> dict[tuple[str, str], Any]:
    """Every cell recalculated by ``engine``; with ``cells``, at least those (the ``formulas``
    engine then computes only them; LibreOffice recalculates the whole file anyway)."""
    if engine == "formulas":
        return recalc_formulas(path, edits, cells)
    return ENGINES[engine](path, edits)
