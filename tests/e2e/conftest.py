"""A real server and a real browser: ``streamlit run`` on a free port, headless Debian Chromium
driven by Playwright. Screenshots go to ``artifacts/screenshots/`` (git-ignored)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit_page import new_context, new_page

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    port = _free_port()
    log = (ROOT / "artifacts").joinpath(f"streamlit-{port}.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
           "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start; see {log}")
            time.sleep(0.3)
        yield url
    finally:
        # Killed rather than asked to stop: the test server has nothing to save, and
        # Streamlit's orderly shutdown takes about a second, at the very end of the run.
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def desktop(browser):
    """One desktop browser context for the session: each test opens its own page in it (its own
    Streamlit session), and the pages share the context's cache of the app's scripts, so every
    page load after the first costs the browser about a fifth less. The window is a laptop's
    (1500 x 1100): the browser repaints what the window shows at every run, and ``shoot``
    grows the window to the page's height for a whole-page screenshot."""
    ctx = new_context(browser, viewport={"width": 1500, "height": 1100}, locale="en-GB")
    yield ctx
    ctx.close()


@pytest.fixture
def page(desktop):
    pg = new_page(desktop)
    yield pg
    pg.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
