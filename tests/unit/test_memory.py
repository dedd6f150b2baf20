"""penalty.memory: the allocator settings for large batches are an explicit opt-in of a batch
process, never a side effect of the library. Every check runs in a fresh process, so the test
process keeps its own allocator settings."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
ROW = ("{'provision': 'dsl-45-1-entity-base', 'violation_date': '2025-09-01',"
       " 'decision_date': '2025-12-01'}")


def _run(code: str, **env: str) -> list[str]:
    base = {k: v for k, v in os.environ.items() if k != "PENALTY_KEEP_MEMORY"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**base, **env}, check=True)
    return out.stdout.split()


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_glibc_accepts_the_settings_once():
    assert _run("from penalty import memory\n"
                "print(memory.keep_freed_memory(), memory.keep_freed_memory(),"
                " memory._state)") == ["True", "True", "{'applied':", "True}"]


def test_the_library_never_applies_them():
    """Not even for a large frame, and whatever the environment says."""
    code = ("import pandas as pd, penalty\n"
            "from penalty import api, memory\n"
            "api.PARALLEL_MIN_ROWS = 3\n"
            f"penalty.assess_frame(pd.DataFrame([{ROW}] * 4))\n"
            "print('applied' in memory._state)\n")
    assert _run(code, PENALTY_KEEP_MEMORY="1") == ["False"]


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_penalty_batch_keep_memory_applies_them():
    """End to end, in a fresh process: the command line's opt-in reaches the allocator."""
    code = ("import sys, tempfile, pathlib\n"
            "from penalty import memory\n"
            "from penalty.cli import main\n"
            "d = pathlib.Path(tempfile.mkdtemp())\n"
            "(d / 'in.csv').write_text('provision,violation_date,decision_date\\n"
            "dsl-45-1-entity-base,2025-09-01,2025-12-01\\n')\n"
            "sys.argv = ['penalty', 'batch', str(d / 'in.csv'), '-o', str(d / 'out.csv'),"
            " '--json', '--keep-memory']\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code\n"
            "print('APPLIED', memory._state.get('applied'))\n")
    assert _run(code)[-2:] == ["APPLIED", "True"]


@pytest.mark.parametrize("args, env, asked", [
    ([], {}, False),
    (["--keep-memory"], {}, True),
    ([], {"PENALTY_KEEP_MEMORY": "1"}, True),
    ([], {"PENALTY_KEEP_MEMORY": "0"}, False),
    (["--no-keep-memory"], {"PENALTY_KEEP_MEMORY": "1"}, False),
])
def test_penalty_batch_asks_only_when_told(monkeypatch, tmp_path, args, env, asked):
    """The option and the environment variable; the allocator call itself is replaced by a
    recorder, so this process's allocator is left alone."""
    from typer.testing import CliRunner

    from penalty import memory
    from penalty.cli import app

    calls = []
    monkeypatch.setattr(memory, "keep_freed_memory", lambda: calls.append(1) or True)
    monkeypatch.delenv("PENALTY_KEEP_MEMORY", raising=False)
    source = tmp_path / "in.csv"
    source.write_text("provision,violation_date,decision_date\n"
                      "dsl-45-1-entity-base,2025-09-01,2025-12-01\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "out.csv"),
                                      "--json", *args], env=env)
    assert result.exit_code == 0, result.output
    assert calls == ([1] if asked else [])


@pytest.mark.slow
def test_starting_the_app_never_applies_them():
    """The Streamlit entry point and its first page, run in a fresh process with the batch
    opt-in set in the environment: the allocator module is not even imported (it is the only
    caller of ``mallopt``), so the server process keeps glibc's defaults."""
    code = ("import sys\n"
            "from streamlit.testing.v1 import AppTest\n"
            f"at = AppTest.from_file({str(APP)!r}, default_timeout=120).run()\n"
            "print(len(at.exception), 'penalty' in sys.modules, 'penalty.memory' in sys.modules)\n")
    assert _run(code, PENALTY_KEEP_MEMORY="1")[-3:] == ["0", "True", "False"]


def test_importing_and_assessing_leave_the_allocator_alone():
    code = ("import sys, pandas as pd, penalty\n"
            f"penalty.assess(penalty.Case(**{ROW}))\n"
            f"penalty.assess_frame(pd.DataFrame([{ROW}] * 2))\n"
            "print('penalty.memory' in sys.modules)\n")
    assert _run(code, PENALTY_KEEP_MEMORY="1") == ["False"]
