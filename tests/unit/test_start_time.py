"""What keeps the command line quick: the single-case path loads neither pandas nor pyarrow, and
the parsed catalogue is saved on disk under a key that changes with the data and the code, and is
rebuilt whenever the saved copy cannot be trusted."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from penalty.catalogue import cache

CASE = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
        "decision_date": "2025-12-01", "circumstances": ["eliminated_or_reduced_harm"]}


def test_one_assessment_from_the_command_line_loads_neither_pandas_nor_pyarrow(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    code = ("import sys\n"
            "from penalty.cli import main\n"
            f"sys.argv = ['penalty', 'assess', {str(case)!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "heavy = sorted(m for m in ('pandas', 'pyarrow', 'holidays', 'xlsxwriter', 'docx')"
            " if m in sys.modules)\n"
            "print('LOADED', heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PENALTY_CACHE_DIR": str(tmp_path / "cache")})
    assert json.loads(out.stdout[:out.stdout.rindex("LOADED")])["band"] == "lenient"
    assert out.stdout.rstrip().endswith("LOADED []")
    assert len(list((tmp_path / "cache").glob("catalogue-*.pickle"))) == 1  # saved for next time


class Built:
    """A stand-in for the catalogue: counts how often it was built."""
    count = 0

    def __init__(self, value: int):
        self.value = value
        Built.count += 1


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PENALTY_CACHE_DIR", str(tmp_path))
    Built.count = 0
    return tmp_path


def test_built_once_then_read_back(folder):
    assert cache.cached("d1", lambda: Built(1), Built).value == 1
    assert cache.cached("d1", lambda: Built(2), Built).value == 1  # the saved copy
    assert Built.count == 1
    assert len(list(folder.glob("catalogue-*.pickle"))) == 1


def test_other_data_other_key(folder):
    assert cache.cached("d1", lambda: Built(1), Built).value == 1
    assert cache.cached("d2", lambda: Built(2), Built).value == 2  # not d1's copy
    assert cache.cache_key("d1") != cache.cache_key("d2")


def test_changed_code_changes_the_key(monkeypatch):
    before = cache.cache_key("d1")
    monkeypatch.setattr(cache, "_source_digest", lambda: "other source")
    assert cache.cache_key("d1") != before


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps({"a": 1})[:-3],
                                     pickle.dumps("a string, not a catalogue")])
def test_a_corrupt_or_foreign_copy_is_rebuilt_and_replaced(folder, content):
    path = folder / f"catalogue-{cache.cache_key('d1')}.pickle"
    path.write_bytes(content)
    assert cache.cached("d1", lambda: Built(7), Built).value == 7
    assert Built.count == 1
    assert pickle.loads(path.read_bytes()).value == 7  # replaced by a good copy


def test_a_failed_build_saves_nothing(folder):
    def broken():
        raise ValueError("bad data")

    with pytest.raises(ValueError, match="bad data"):
        cache.cached("d1", broken, Built)
    assert not list(folder.iterdir())


@pytest.mark.parametrize("setting", ["off", ""])
def test_switched_off(monkeypatch, tmp_path, setting):
    monkeypatch.setenv("PENALTY_CACHE_DIR", setting)
    Built.count = 0
    cache.cached("d1", lambda: Built(1), Built)
    cache.cached("d1", lambda: Built(1), Built)
    assert Built.count == 2
    assert cache.cache_dir() is None


def test_an_unwritable_folder_still_returns_the_catalogue(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("PENALTY_CACHE_DIR", str(blocker / "cache"))  # below a file: cannot exist
    assert cache.cached("d1", lambda: Built(3), Built).value == 3


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("PENALTY_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == Path(tmp_path) / "penalty"


def test_old_copies_are_pruned(folder):
    for i in range(cache.KEEP + 3):
        cache.cached(f"d{i}", lambda i=i: Built(i), Built)
    assert len(list(folder.glob("catalogue-*.pickle"))) == cache.KEEP


def test_the_real_catalogue_reads_back_equal(folder):
    from penalty.catalogue import Catalogue, data_dir
    from penalty.catalogue.loader import data_digest

    root = data_dir()
    first = cache.cached(data_digest(root), lambda: Catalogue(root), Catalogue)
    again = cache.cached(data_digest(root), lambda: pytest.fail("rebuilt"), Catalogue)
    assert again is not first and again.digest == first.digest and again.ids == first.ids
    assert again.provisions == first.provisions
    assert all((again.arrays.__dict__[k] == v).all() for k, v in first.arrays.__dict__.items())


def test_other_numpy_or_pydantic_changes_the_key(monkeypatch):
    # a copy pickled under another numpy or pydantic holds objects of that version
    before = cache.cache_key("d1")
    monkeypatch.setattr(cache.numpy, "__version__", "0.0-other")
    assert cache.cache_key("d1") != before
    monkeypatch.undo()
    monkeypatch.setattr(cache.pydantic, "VERSION", "0.0-other")
    assert cache.cache_key("d1") != before
