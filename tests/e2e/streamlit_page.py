"""What every browser test does with a Streamlit page: wait for a run to finish, take a
screenshot, check for a traceback, read the case from the address, write an amount as the app
does. One definition, imported by each test file.

Waiting on runs, not on the clock: the app's root element carries the frontend's script state
(``data-test-script-state``: ``initial``, ``running``, ``rerunRequested``, ``notRunning``, ...).
A script added to every page (``RUN_COUNTER``) counts the runs that start, so ``settle`` waits
until a run has started since the previous ``settle`` and then until the app is idle again,
instead of sleeping a fixed half second around every action. A run that begins and ends between
two renders of the page never shows as running; ``settle`` then waits ``START_WITHIN_MS`` and
finds the app idle, which it is.
"""

from __future__ import annotations

import base64
import contextlib
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

import penalty
from app_pages.common import query_to_case

CAT = penalty.load_catalogue()
BANDS = {b.code: b for b in CAT.bands}

# Counts every change of the script state away from "notRunning" (a run requested or started).
RUN_COUNTER = """
window.__stStarted = 0;
window.__stSeen = 0;
new MutationObserver(records => {
  for (const r of records) {
    const state = r.target.getAttribute('data-test-script-state');
    if (state && state !== 'notRunning' && state !== r.oldValue) window.__stStarted++;
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
"""
# Transitions and animations off (the fade of stale elements during a run, the status widget's
# icon), and the text caret hidden (it blinks in a focused field, as screenshots would show):
# the page ends in the same state, but the browser no longer draws every frame of each fade at
# every run. About an eighth less browser CPU over the browser tests.
NO_MOTION = """
document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { transition: none !important;'
                    + ' animation: none !important; caret-color: transparent !important; }';
  document.head.appendChild(style);
});
"""
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# How long an action may take to start a run before we conclude it started none (a click on a
# heading, an assertion in between): the widget message's round trip is tens of milliseconds.
START_WITHIN_MS = 1_000
# Waits check every 50 ms, not on every animation frame (Playwright's default for functions),
# which would keep the browser drawing frames for as long as a test waits.
POLL_MS = 50
SHOT_MAX_HEIGHT = 8_000  # pixels: the longest page (the estimate) is about 5,600


def new_context(browser, **context):
    """A browser context whose pages count Streamlit runs (see ``settle``) and draw no
    transitions or animations (``NO_MOTION``)."""
    ctx = browser.new_context(**context)
    ctx.add_init_script(RUN_COUNTER)
    ctx.add_init_script(NO_MOTION)
    return ctx


def new_page(ctx):
    """A page of ``ctx`` (its own Streamlit session once it opens the app)."""
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    return page


def open_app(page, server: str, **query: str) -> None:
    """Open the app (the Estimate page) with ``query`` as a shared link, and wait for its run."""
    page.goto(f"{server}/?{urlencode(query)}" if query else server)
    page.get_by_role("heading", name=re.compile("Estimate a fine|测算罚款")).wait_for()
    page.locator(".st-key-headline").wait_for()
    settle(page)
    no_exception(page)


def settle(page) -> None:
    """Wait until the run started by the last action (if it started one) has finished and drawn."""
    seen = page.evaluate("() => window.__stSeen")
    with contextlib.suppress(PlaywrightTimeout):  # on a timeout the action started no run
        page.wait_for_function("seen => window.__stStarted > seen", arg=seen,
                               polling=POLL_MS, timeout=START_WITHIN_MS)
    page.wait_for_function(f"() => document.querySelector({IDLE!r}) !== null", polling=POLL_MS,
                           timeout=30_000)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)
    # two animation frames: React has committed and the browser has painted the last message
    page.evaluate("() => { window.__stSeen = window.__stStarted;"
                  " return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }")


def shoot(page, path, whole_page: bool = True) -> None:
    """A screenshot as a lossless PNG: of the whole page from the top, or with ``whole_page``
    false of the window as it is (scrolled to what the test shows). The app scrolls inside its
    main container, so for a whole page the window grows to the page's height (at most
    ``SHOT_MAX_HEIGHT``) for the shot and then returns to its size: the tests run in a window
    of an ordinary height, which the browser repaints at every run.

    The shot is taken through the DevTools protocol with ``optimizeForSpeed``: the same pixels
    (compared pixel by pixel), compressed less tightly, in about half the browser's time
    (0.3 instead of 0.6 CPU-seconds for the estimate page); Playwright does not offer it."""
    if not whole_page:
        _capture(page, path)
        return
    size = page.viewport_size
    height = page.evaluate(
        "() => { document.activeElement && document.activeElement.blur();"
        " document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; });"
        " const main = document.querySelector(\"[data-testid='stMain']\");"
        " return Math.max(main ? main.scrollHeight : 0, document.documentElement.scrollHeight); }")
    page.set_viewport_size({"width": size["width"],
                            "height": min(max(height, size["height"]), SHOT_MAX_HEIGHT)})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    _capture(page, path)
    page.set_viewport_size(size)


def _capture(page, path) -> None:
    """The window's pixels, as PNG, to ``path``, at the device's pixel ratio (a phone's two
    pixels a point), as Playwright's own screenshots are."""
    params: dict = {"format": "png", "optimizeForSpeed": True}
    # the web fonts drawn (as Playwright waits for them), and the device's pixel ratio
    scale = page.evaluate("() => document.fonts.ready.then(() => window.devicePixelRatio)")
    if scale != 1:
        size = page.viewport_size
        params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                          "scale": scale}
    cdp = page.context.new_cdp_session(page)
    try:
        shot = cdp.send("Page.captureScreenshot", params)
    finally:
        cdp.detach()
    Path(path).write_bytes(base64.b64decode(shot["data"]))


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def case_in_url(page) -> dict:
    return query_to_case(dict(parse_qsl(urlparse(page.url).query)))


def amount(d) -> str:
    return f"{d:,.2f}".removesuffix(".00")


def en(r) -> str:
    return f"CNY {amount(r.low_cny)} – {amount(r.high_cny)}"


def zh(r) -> str:
    return f"{amount(r.low_cny)}元 – {amount(r.high_cny)}元"
