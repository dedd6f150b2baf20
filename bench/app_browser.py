"""How fast the app answers a lawyer: the Estimate page driven in headless Chromium.

Starts ``streamlit run streamlit_app.py`` on a free port, opens the page in Debian's Chromium
(Playwright), and measures

* **first load**: from navigation until the headline (band and range) is on screen;
* **toggle, browser**: from a click on a circumstance until the headline shows the new band;
* **toggle, server**: how long the server spends re-running the form and the result for that
  click (the app appends each run's duration to ``PENALTY_APP_TIMING``).

Targets (issue 11): server < 150 ms, browser < 300 ms (median), first load < 2 s.

    .venv/bin/python bench/app_browser.py                 # 20 toggles, 3 first loads
    .venv/bin/python bench/app_browser.py --toggles 40 --loads 5
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGETS = {"server_ms": 150, "browser_ms": 300, "first_load_ms": 2000}
CIRCUMSTANCE = "eliminated_or_reduced_harm"  # moves DSL 45(1) from standard to lenient and back


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(timing: Path) -> tuple[subprocess.Popen, str]:
    port = _port()
    env = {**os.environ, "PENALTY_APP_TIMING": str(timing)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
         "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("streamlit did not start")


def _headline(page) -> str:
    return page.locator(".st-key-headline").inner_text()


def _idle(page) -> None:
    page.wait_for_timeout(150)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)


def measure(toggles: int, loads: int, width: int) -> dict:
    from playwright.sync_api import sync_playwright

    timing = Path(tempfile.mkstemp(prefix="penalty-app-timing-", suffix=".txt")[1])
    proc, url = _start(timing)
    out: dict = {"first_load_ms": [], "browser_ms": [], "server_ms": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            # warm the server once (imports, catalogue, case set), as a running app would be
            ctx = browser.new_context(viewport={"width": width, "height": 1400})
            page = ctx.new_page()
            page.goto(url)
            page.locator(".st-key-headline").wait_for(timeout=60_000)
            ctx.close()
            for _ in range(loads):
                ctx = browser.new_context(viewport={"width": width, "height": 1400})
                page = ctx.new_page()
                t0 = time.perf_counter()
                page.goto(url)
                page.locator(".st-key-headline h4").first.wait_for(timeout=60_000)
                out["first_load_ms"].append((time.perf_counter() - t0) * 1000)
                ctx.close()
            ctx = browser.new_context(viewport={"width": width, "height": 1400})
            page = ctx.new_page()
            page.goto(url)
            page.locator(".st-key-headline").wait_for(timeout=60_000)
            _idle(page)
            box = page.locator(f".st-key-in_circ_{CIRCUMSTANCE} label").first
            for _ in range(toggles):
                before = _headline(page)
                timing.write_text("")
                t0 = time.perf_counter()
                box.click()
                page.wait_for_function(
                    "old => { const h = document.querySelector('.st-key-headline');"
                    " return h && h.innerText !== old; }", arg=before, polling="raf",
                    timeout=30_000)
                out["browser_ms"].append((time.perf_counter() - t0) * 1000)
                _idle(page)
                runs = [float(x) for x in timing.read_text().split()]
                if runs:
                    out["server_ms"].append(runs[-1])
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        timing.unlink(missing_ok=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--toggles", type=int, default=20)
    ap.add_argument("--loads", type=int, default=3)
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--json", action="store_true", help="print the raw timings as JSON too")
    a = ap.parse_args()
    load = os.getloadavg()[0]
    res = measure(a.toggles, a.loads, a.width)
    print(f"load average {load:.2f} on {os.cpu_count()} cpus (busy machines inflate every figure)")
    ok = True
    for key, label in (("server_ms", "toggle, server"), ("browser_ms", "toggle, browser"),
                       ("first_load_ms", "first load")):
        xs = res[key]
        if not xs:
            print(f"{label:16s} no measurement")
            ok = False
            continue
        med, mx = statistics.median(xs), max(xs)
        met = med < TARGETS[key]
        ok &= met
        print(f"{label:16s} median {med:7.1f} ms   max {mx:7.1f} ms   (n={len(xs)})   "
              f"target < {TARGETS[key]} ms: {'MET' if met else 'NOT MET'}")
    if a.json:
        print(json.dumps(res))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
