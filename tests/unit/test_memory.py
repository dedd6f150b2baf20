"""penalty.memory: the allocator settings for large batches, and the way to switch them off."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from penalty import memory

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def test_switched_off_by_the_environment(monkeypatch):
    monkeypatch.setenv("PENALTY_KEEP_MEMORY", "0")
    assert memory._apply() is False


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_glibc_accepts_the_settings(monkeypatch):
    monkeypatch.delenv("PENALTY_KEEP_MEMORY", raising=False)
    assert memory._apply() is True


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
@pytest.mark.parametrize("env, applied", [("1", True), ("0", False)])
def test_a_large_frame_applies_them_once_unless_switched_off(env, applied):
    """In a fresh process: nothing before the first large frame; then applied once."""
    code = (
        "import pandas as pd, penalty\n"
        "from penalty import api, memory\n"
        "api.PARALLEL_MIN_ROWS = 3\n"
        "row = {'provision': 'dsl-45-1-entity-base', 'violation_date': '2025-09-01',"
        " 'decision_date': '2025-12-01'}\n"
        "penalty.assess_frame(pd.DataFrame([row] * 2))\n"
        "print('applied' in memory._state)\n"
        "penalty.assess_frame(pd.DataFrame([row] * 3))\n"
        "print(memory._state['applied'])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PENALTY_KEEP_MEMORY": env, "PATH": "/usr/bin:/bin"}, check=True)
    assert out.stdout.split() == ["False", str(applied)]
