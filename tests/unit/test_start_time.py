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
            "heavy = sorted(m for m in ('pandas', 'pyarrow', 'holidays', 'xlsxwriter', 'docx',"
            " 'penalty.cases') if m in sys.modules)\n"
            "print('LOADED', heavy)\n")
    env = {**os.environ, "PENALTY_CACHE_DIR": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=env)
    result = json.loads(first.stdout[:first.stdout.rindex("LOADED")])
    assert result["band"] == "lenient" and result["likely"]["n"] > 0
    # the first process reads the published decisions for the likely range and saves its parts
    assert first.stdout.rstrip().endswith("LOADED ['penalty.cases']")
    assert len(list((tmp_path / "cache").glob("catalogue-*.pickle"))) == 1  # saved for next time
    assert len(list((tmp_path / "cache").glob("likely-*.pickle"))) == 1
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=env)
    assert again.stdout.rstrip().endswith("LOADED []")  # the case modules are not even imported
    assert json.loads(again.stdout[:again.stdout.rindex("LOADED")]) == result


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


def test_memo_computes_a_value_once_and_saves_the_table(folder):
    calls = []

    def compute(v):
        calls.append(v)
        return v

    assert cache.memo("d1", "t", ("a", 1), lambda: compute(10)) == 10
    assert cache.memo("d1", "t", ("a", 1), lambda: compute(11)) == 10  # this process's table
    assert cache.memo("d1", "t", ("b", 2), lambda: compute(20)) == 20
    assert calls == [10, 20]
    path = folder / f"t-{cache.cache_key('d1')}.pickle"
    assert not path.exists()  # saved once, when the process ends
    cache.flush()
    assert pickle.loads(path.read_bytes()) == {("a", 1): 10, ("b", 2): 20}
    cache._TABLES.clear()  # as a new process: read back from the file
    assert cache.memo("d1", "t", ("b", 2), lambda: compute(21)) == 20
    assert cache.memo("d2", "t", ("b", 2), lambda: compute(22)) == 22  # other data, other table
    assert calls == [10, 20, 22]


def test_memo_keeps_what_another_process_saved_meanwhile(folder):
    assert cache.memo("d1", "t", "a", lambda: 1) == 1
    cache.flush()
    path = folder / f"t-{cache.cache_key('d1')}.pickle"
    path.write_bytes(pickle.dumps({"a": 1, "other": 5}))  # written by another process
    assert cache.memo("d1", "t", "b", lambda: 2) == 2
    cache.flush()
    assert pickle.loads(path.read_bytes()) == {"a": 1, "other": 5, "b": 2}


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(["a list"])])
def test_memo_a_corrupt_table_is_started_again(folder, content):
    path = folder / f"t-{cache.cache_key('d1')}.pickle"
    path.write_bytes(content)
    cache._TABLES.clear()
    assert cache.memo("d1", "t", "a", lambda: 3) == 3
    cache.flush()
    assert pickle.loads(path.read_bytes()) == {"a": 3}


def test_memo_switched_off_or_failing_saves_nothing(folder, monkeypatch):
    def broken():
        raise ValueError("bad data")

    with pytest.raises(ValueError, match="bad data"):
        cache.memo("d1", "t", "a", broken)
    cache.flush()
    assert not list(folder.iterdir())
    monkeypatch.setenv("PENALTY_CACHE_DIR", "off")
    calls = []
    for _ in range(2):
        cache.memo("d1", "t", "a", lambda: calls.append(1))
    assert calls == [1, 1]


def test_saved_likely_parts_give_the_same_assessments(folder, monkeypatch):
    """One case per provision (party, circumstances and authority level varying from one to the
    next): the likely range and note read from the saved parts equal those computed from the
    decisions."""
    import penalty
    from penalty.catalogue import load_catalogue

    cat = load_catalogue()
    variants = [("organisation", [], None), ("individual", ["eliminated_or_reduced_harm"], "provincial"),
                ("organisation", ["eliminated_or_reduced_harm"], "city"), ("individual", [], "national")]
    cases = [{"provision": pid, "violation_date": "2025-09-01", "decision_date": "2025-12-01",
              "party": {"kind": kind}, "circumstances": circ, "authority_level": level,
              "illegal_gain_cny": "250000", "turnover_cny": "8000000"}
             for i, pid in enumerate(cat.ids) for kind, circ, level in [variants[i % len(variants)]]]
    monkeypatch.setenv("PENALTY_CACHE_DIR", "off")
    direct = []
    for c in cases:
        try:
            direct.append(penalty.assess(c, catalogue=cat))
        except penalty.InputError:
            direct.append(None)
    assert sum(a is not None and a.likely is not None for a in direct) > 20
    assert sum(a is not None and a.likely is None and a.likely_note is not None for a in direct) > 0
    monkeypatch.setenv("PENALTY_CACHE_DIR", str(folder))
    for round_ in ("saved", "read back"):
        cache.flush()
        cache._TABLES.clear()  # as a new process
        if round_ == "read back":  # every part comes from the saved table
            monkeypatch.setattr("penalty.cases.likely.likely_parts", lambda *a: pytest.fail("recomputed"))
        for c, want in zip(cases, direct, strict=True):
            if want is not None:
                got = penalty.assess(c, catalogue=cat)
                assert (got.likely, got.likely_note) == (want.likely, want.likely_note), (round_, c)
    assert len(list(folder.glob("likely-*.pickle"))) == 1


def test_the_likely_parts_follow_the_message_files(monkeypatch):
    """The saved notes are worded from penalty/messages: other message files, another table."""
    import penalty.messages
    from penalty import likely_store

    before = likely_store._digest("d1")
    likely_store._digest.cache_clear()
    monkeypatch.setattr(penalty.messages, "files_digest", lambda: "other wording")
    assert likely_store._digest("d1") != before
    likely_store._digest.cache_clear()
