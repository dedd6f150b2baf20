"""What keeps the command line quick: the single-case path loads neither pandas nor pyarrow, and
the parsed catalogue is saved on disk under a key that changes with the data and the code, and is
rebuilt whenever the saved copy cannot be trusted."""

from __future__ import annotations

import io
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


def test_one_assessment_from_the_command_line_loads_neither_pandas_nor_typer(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    code = ("import gc, sys\n"
            "from penalty.__main__ import main\n"  # the installed `penalty` script's entry point
            f"sys.argv = ['penalty', 'assess', {str(case)!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "heavy = sorted(m for m in ('pandas', 'pyarrow', 'holidays', 'xlsxwriter', 'docx',"
            " 'penalty.cases', 'yaml', 'typer') if m in sys.modules)\n"
            "print('LOADED', heavy, 'frozen' if gc.get_freeze_count() else 'not frozen')\n")
    env = {**os.environ, "PENALTY_CACHE_DIR": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=env)
    result = json.loads(first.stdout[:first.stdout.rindex("LOADED")])
    assert result["band"] == "lenient" and result["likely"]["n"] > 0
    # the first process parses the data files and reads the published decisions for the likely
    # range, and saves the catalogue and the likely range's parts
    assert first.stdout.rstrip().endswith("LOADED ['penalty.cases', 'yaml'] frozen")
    assert len(list((tmp_path / "cache").glob("catalogue-*.pickle"))) == 1  # saved for next time
    assert len(list((tmp_path / "cache").glob("likely-*/*.pickle"))) == 1  # the one value
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=env)
    # neither the case modules, nor the YAML parser, nor the command-line framework are even
    # imported; the objects alive at the end are exempt from the collections at shutdown
    assert again.stdout.rstrip().endswith("LOADED [] frozen")
    assert json.loads(again.stdout[:again.stdout.rindex("LOADED")]) == result


# Runs ``main()`` once per argument list in one process (a process per call would cost the test
# suite seconds), each call with its own UTF-8 standard output and error, as a terminal or a pipe
# gives the installed script; prints [[exit code, stdout, stderr], ...] as JSON.
_CALLS = """import io, json, sys
{entry}
results = []
real_out = sys.stdout
for args in json.loads(sys.argv[1]):
    sys.argv = ['penalty', *args]
    sys.stdout, sys.stderr = (io.TextIOWrapper(io.BytesIO(), encoding='utf-8') for _ in 'oe')
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    texts = []
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode('utf-8'))
    results.append([code, *texts])
real_out.write(json.dumps(results))
"""


def _both_ways(calls: list[list[str]], env: dict[str, str]) -> list[list[list[object]]]:
    """[exit code, stdout, stderr] of ``penalty ARGS`` for each ARGS in ``calls``: through the
    installed script's entry point (``penalty/__main__.py``, which takes the quick path for
    ``assess CASE.json``), then through the command-line framework alone (``penalty.cli.main``)."""
    out = []
    for entry in ("from penalty.__main__ import main", "from penalty.cli import main"):
        p = subprocess.run([sys.executable, "-c", _CALLS.format(entry=entry), json.dumps(calls)],
                           capture_output=True, text=True, env=env, check=True, timeout=120)
        out.append(json.loads(p.stdout))
    return out


def test_the_quick_assess_prints_exactly_what_the_framework_prints(tmp_path):
    """Results (one case, gains and turnover, two provisions of one act, separate acts) and every
    kind of error: byte for byte the same output and exit code either way."""
    cases = {
        "one": CASE,
        "gains": {**CASE, "provision": "pipl-66-2-entity-serious", "turnover_cny": "80000000",
                  "illegal_gain_cny": "250000.50", "authority_level": "provincial"},
        "two": {**CASE, "provision": None, "illegal_gain_cny": "40000",
                "provisions": ["dsl-45-1-entity-base", "pipl-66-1-entity-base"]},
        "acts": [CASE, {**CASE, "provision": "pipl-66-1-entity-base"}],
        "unknown": {**CASE, "provision": "dsl-45-1-entity-bas"},
        "string": "a JSON string",
    }
    files = []
    for name, data in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({k: v for k, v in data.items() if v is not None}
                                   if isinstance(data, dict) else data), encoding="utf-8")
        files.append(path)
    (tmp_path / "broken.json").write_text('{"provision": ', encoding="utf-8")
    (tmp_path / "latin1.json").write_bytes('{"label": "caf\u00e9"}'.encode("latin-1"))
    files += [tmp_path / "broken.json", tmp_path / "latin1.json", tmp_path / "missing.json", tmp_path]
    env = {**os.environ, "PENALTY_CACHE_DIR": str(tmp_path / "cache")}
    quick, framework = _both_ways([["assess", str(path)] for path in files], env)
    for path, got, want in zip(files, quick, framework, strict=True):
        assert got == want, path.name
        assert (got[0] == 0) == (path.stem in {"one", "gains", "two", "acts"}), (path.name, got)
        assert got[1].startswith("{") if got[0] == 0 else got[2].startswith("error: "), got
        assert "Traceback" not in got[2]


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


def test_two_folders_of_the_same_data_each_get_their_own_root(folder, tmp_path_factory):
    """A copy saved from one checkout serves another checkout of the same data, but names the
    folder it was loaded from: callers open files there, and the first folder may be gone by
    then (as a removed worktree was)."""
    import shutil

    from penalty.catalogue import data_dir, load_catalogue

    first, second = (tmp_path_factory.mktemp(n) / "data" for n in ("one", "two"))
    for where in (first, second):
        shutil.copytree(data_dir(), where)
    assert load_catalogue(first).root == first
    shutil.rmtree(first)
    again = load_catalogue(second)
    assert again.root == second
    assert (again.root / "procedure.yaml").is_file()
    assert len(list(folder.glob("catalogue-*.pickle"))) == 1  # one parse serves both
    # the provisions name their file by the folder's name, so another name is another parse
    renamed = tmp_path_factory.mktemp("three") / "mydata"
    shutil.copytree(data_dir(), renamed)
    files = {p.source_file.split("/")[0] for p in load_catalogue(renamed).provisions.values()}
    assert files == {"mydata"}


def test_other_numpy_or_pydantic_changes_the_key(monkeypatch):
    # a copy pickled under another numpy or pydantic holds objects of that version
    before = cache.cache_key("d1")
    monkeypatch.setattr(cache.numpy, "__version__", "0.0-other")
    assert cache.cache_key("d1") != before
    monkeypatch.undo()
    monkeypatch.setattr(cache.pydantic, "VERSION", "0.0-other")
    assert cache.cache_key("d1") != before


def _memo_files(folder, digest="d1", name="t"):
    return sorted((folder / f"{name}-{cache.cache_key(digest)}").glob("*.pickle"))


def test_memo_computes_a_value_once_and_saves_one_file_per_value(folder):
    calls = []

    def compute(v):
        calls.append(v)
        return v

    assert cache.memo("d1", "t", ("a", 1), lambda: compute(10)) == 10
    assert cache.memo("d1", "t", ("a", 1), lambda: compute(11)) == 10  # kept in this process
    assert cache.memo("d1", "t", ("b", 2), lambda: compute(20)) == 20
    assert calls == [10, 20]
    assert not _memo_files(folder)  # saved when the process ends
    cache.flush()
    saved = {pickle.loads(f.read_bytes()) for f in _memo_files(folder)}
    assert saved == {(("a", 1), 10), (("b", 2), 20)}  # each value with its key
    cache._VALUES.clear()  # as a new process: read back from the files
    assert cache.memo("d1", "t", ("b", 2), lambda: compute(21)) == 20
    assert cache.memo("d2", "t", ("b", 2), lambda: compute(22)) == 22  # other data, other folder
    assert calls == [10, 20, 22]


def test_memo_reads_what_another_process_saved_and_only_that_value(folder, monkeypatch):
    assert cache.memo("d1", "t", "a", lambda: 1) == 1
    cache.flush()
    cache._VALUES.clear()
    other = cache._memo_path(folder, "d1", "t", "other")
    other.write_bytes(pickle.dumps(("other", 5)))  # saved by another process
    read = []
    real = cache._read
    monkeypatch.setattr(cache, "_read", lambda path, kind: read.append(path.name) or real(path, kind))
    assert cache.memo("d1", "t", "other", lambda: 6) == 5
    assert read == [other.name]  # not the file of "a"
    assert cache.memo("d1", "t", "other", lambda: 7) == 5 and len(read) == 1  # read once


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(["a list"]),
                                     pickle.dumps(("another key", 9))])
def test_memo_a_corrupt_or_foreign_file_is_computed_again(folder, content):
    path = cache._memo_path(folder, "d1", "t", "a")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    cache._VALUES.clear()
    assert cache.memo("d1", "t", "a", lambda: 3) == 3
    cache.flush()
    assert pickle.loads(path.read_bytes()) == ("a", 3)


def test_memo_keeps_the_latest_keys_and_removes_a_former_table(folder):
    (folder / "t-0123.pickle").write_bytes(pickle.dumps({"a": 1}))  # one table of every value
    os.utime(folder / "t-0123.pickle", (1, 1))
    for i in range(cache.KEEP + 2):
        cache.memo(f"d{i}", "t", "a", lambda i=i: i)
        cache.flush()
        os.utime(folder / f"t-{cache.cache_key(f'd{i}')}", (10 + i, 10 + i))
    kept = sorted(p.name for p in folder.glob("t-*"))
    assert kept == sorted(f"t-{cache.cache_key(f'd{i}')}" for i in range(2, cache.KEEP + 2))


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
        cache._VALUES.clear()  # as a new process
        if round_ == "read back":  # every part comes from the saved table
            monkeypatch.setattr("penalty.cases.likely.likely_parts", lambda *a: pytest.fail("recomputed"))
        for c, want in zip(cases, direct, strict=True):
            if want is not None:
                got = penalty.assess(c, catalogue=cat)
                assert (got.likely, got.likely_note) == (want.likely, want.likely_note), (round_, c)
    assert len(list(folder.glob("likely-*"))) == 1


def test_the_likely_parts_follow_the_message_files(monkeypatch):
    """The saved notes are worded from penalty/messages: other message files, another table."""
    import penalty.messages
    from penalty import likely_store

    before = likely_store._digest("d1")
    likely_store._digest.cache_clear()
    monkeypatch.setattr(penalty.messages, "files_digest", lambda: "other wording")
    assert likely_store._digest("d1") != before
    likely_store._digest.cache_clear()


def _utf8_stream():
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8")


def test_quick_assess_in_process(tmp_path, monkeypatch):
    """The quick path prints what ``penalty assess`` prints; on anything unusual it prints nothing
    and hands over (False)."""
    import penalty
    from penalty import __main__ as entry
    from penalty.clitools import dump

    monkeypatch.setenv("PENALTY_CACHE_DIR", "off")  # nothing saved from the test process
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    out = _utf8_stream()
    monkeypatch.setattr(sys, "stdout", out)
    assert entry._quick_assess(str(case)) is True
    want = dump(penalty.assess(CASE).model_dump(mode="json")) + "\n"
    assert out.buffer.getvalue().decode("utf-8") == want
    for bad in ("[1, 2]", '"text"', "{", '{"provision": "x"}'):
        case.write_text(bad, encoding="utf-8")
        out = _utf8_stream()
        monkeypatch.setattr(sys, "stdout", out)
        assert entry._quick_assess(str(case)) is False, bad
        out.flush()
        assert out.buffer.getvalue() == b"", bad  # nothing printed before handing over
    assert entry._quick_assess(str(tmp_path / "missing.json")) is False
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="latin-1"))
    assert entry._quick_assess(str(case)) is False  # the framework adapts other encodings


def test_quick_assess_hands_over_or_exits_like_the_framework(tmp_path, monkeypatch):
    from penalty import __main__ as entry

    calls = []
    monkeypatch.setattr("penalty.cli.main", lambda: calls.append(sys.argv[1:]))
    monkeypatch.setattr(entry, "_quick_assess", lambda path: False)
    for args in (["assess", "case.json"], ["assess", "-"], ["assess", "--help"], ["provisions"],
                 ["assess", "a.json", "b.json"]):
        monkeypatch.setattr(sys, "argv", ["penalty", *args])
        entry.main()
    assert calls == [["assess", "case.json"], ["assess", "-"], ["assess", "--help"],
                     ["provisions"], ["assess", "a.json", "b.json"]]

    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(entry, "_quick_assess", interrupted)
    monkeypatch.setattr(sys, "argv", ["penalty", "assess", "case.json"])
    with pytest.raises(SystemExit) as exc:  # as click: exit 130, no traceback
        entry.main()
    assert exc.value.code == 130


def test_quick_assess_into_a_closed_pipe_exits_1(tmp_path, monkeypatch):
    from penalty import __main__ as entry

    monkeypatch.setenv("PENALTY_CACHE_DIR", "off")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)  # e.g. `penalty assess case.json | head -0`
    out = io.TextIOWrapper(io.FileIO(write_end, "w"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", out)
    with pytest.raises(SystemExit) as exc:
        entry._quick_assess(str(case))
    assert exc.value.code == 1
    out.close()
