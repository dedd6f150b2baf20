"""The library without its extras: the core installs no app and no document writers; what needs
them says which extra to install, and everything else still works."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import requires

import pytest

from penalty.errors import MissingExtra, PenaltyError
from penalty.extras import EXTRAS, require

CASE = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
        "decision_date": "2025-12-01"}


def _requirements() -> dict[str | None, set[str]]:
    """Distribution names by extra (None for the core) from the installed metadata."""
    out: dict[str | None, set[str]] = {}
    for line in requires("penalty") or []:
        spec, _, marker = line.partition(";")
        name = spec.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()
        extra = marker.split("extra ==")[1].strip(' "\'') if "extra ==" in marker else None
        out.setdefault(extra, set()).add(name)
    return out


def test_the_core_brings_neither_the_app_nor_the_document_writers():
    reqs = _requirements()
    assert {"numpy", "pandas", "pyarrow", "pydantic", "pyyaml", "typer"} <= reqs[None]
    assert not reqs[None] & {"streamlit", "altair", "xlsxwriter", "openpyxl", "python-docx"}
    assert {"xlsxwriter", "openpyxl", "python-docx"} <= reqs["export"]
    assert {"streamlit", "altair"} <= reqs["app"]


def test_every_optional_module_is_named_with_an_extra_that_brings_it():
    reqs = _requirements()
    for module, (package, extra, _purpose) in EXTRAS.items():
        assert package.lower() in reqs[extra], (module, extra)


def test_a_missing_package_names_its_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import of docx now fails as if absent
    with pytest.raises(MissingExtra) as err:
        require("docx")
    assert isinstance(err.value, PenaltyError) and isinstance(err.value, ImportError)
    assert str(err.value) == ("Writing DOCX statements needs the package 'python-docx', which is "
                              "not installed; install it with: pip install 'penalty[export]'")


def test_a_broken_package_shows_its_own_error(monkeypatch):
    """A package that is installed but fails inside its own imports is not reported as missing."""
    monkeypatch.setitem(sys.modules, "altair", None)

    def broken(name, *args, **kwargs):
        raise ImportError("inner failure", name="narwhals")

    monkeypatch.setattr("importlib.import_module", broken)
    with pytest.raises(ImportError, match="inner failure") as err:
        require("altair")
    assert not isinstance(err.value, MissingExtra)


SCRIPT = r"""
import io, json, sys
for name in ("xlsxwriter", "openpyxl", "docx", "altair", "streamlit"):
    sys.modules[name] = None  # as if only the core were installed
import penalty
from penalty.errors import MissingExtra
from penalty import export
case = json.loads(sys.argv[1])
out = {"band": penalty.assess(case).band}
csv_in = b"provision,violation_date,decision_date\n" + ",".join(case.values()).encode() + b"\n"
summary = export.run_batch(csv_in, io.BytesIO(), input_format="csv", output_format="csv")
out["csv_rows"] = summary.rows_out
out["markdown"] = export.statement_markdown(case).startswith("#")
for what, call in [("xlsx", lambda: export.whatif_bytes(case)),
                   ("docx", lambda: export.statement_docx(case)),
                   ("batch_xlsx", lambda: export.run_batch(csv_in, io.BytesIO(), input_format="csv",
                                                           output_format="xlsx")),
                   ("charts", lambda: __import__("penalty.cases.charts"))]:
    try:
        call()
        out[what] = "ran"
    except MissingExtra as exc:
        out[what] = exc.extra
print(json.dumps(out))
"""


def test_without_the_extras_the_core_works_and_the_rest_names_its_extra():
    run = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(CASE)], capture_output=True,
                         text=True, check=True)
    assert json.loads(run.stdout) == {
        "band": "standard", "csv_rows": 1, "markdown": True,
        "xlsx": "export", "docx": "export", "batch_xlsx": "export", "charts": "app"}
