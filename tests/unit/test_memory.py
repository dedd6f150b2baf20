"""penalty.memory: the allocator settings for large batches are an explicit opt-in of a batch
process, never a side effect of the library. Every check runs in a fresh process, so the test
process keeps its own allocator settings."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

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


@pytest.mark.parametrize("env", ["1", "0"])
def test_the_library_never_applies_them(env):
    """Not even for a large frame, whatever the environment says."""
    code = ("import pandas as pd, penalty\n"
            "from penalty import api, memory\n"
            "api.PARALLEL_MIN_ROWS = 3\n"
            f"penalty.assess_frame(pd.DataFrame([{ROW}] * 4))\n"
            "print('applied' in memory._state)\n")
    assert _run(code, PENALTY_KEEP_MEMORY=env) == ["False"]


BATCH = ("import sys, tempfile, pathlib\n"
         "from penalty import memory\n"
         "from penalty.cli import main\n"
         "d = pathlib.Path(tempfile.mkdtemp())\n"
         "(d / 'in.csv').write_text('provision,violation_date,decision_date\\n"
         "dsl-45-1-entity-base,2025-09-01,2025-12-01\\n')\n"
         "sys.argv = ['penalty', 'batch', str(d / 'in.csv'), '-o', str(d / 'out.csv'), '--json'"
         " ] + sys.argv[1:]\n"
         "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code\n"
         "print('APPLIED', memory._state.get('applied'))\n")


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
@pytest.mark.parametrize("args, env, applied", [
    ([], {}, "None"),
    (["--keep-memory"], {}, "True"),
    ([], {"PENALTY_KEEP_MEMORY": "1"}, "True"),
    ([], {"PENALTY_KEEP_MEMORY": "0"}, "None"),
    (["--no-keep-memory"], {"PENALTY_KEEP_MEMORY": "1"}, "None"),
])
def test_penalty_batch_opts_in_when_asked(args, env, applied):
    base = {k: v for k, v in os.environ.items() if k != "PENALTY_KEEP_MEMORY"}
    out = subprocess.run([sys.executable, "-c", BATCH, *args], capture_output=True, text=True,
                         env={**base, **env}, check=True).stdout
    assert out.split()[-2:] == ["APPLIED", applied]
