"""The harness the browser tests share: Debian's headless Chromium driven by Playwright
(no browser download) against a real uvicorn on a loopback port.

- ``pytestmark``: the ``browser`` mark, and a skip when /usr/bin/chromium is missing
  (CI installs it and sets POLICYKG_REQUIRE_BROWSER=1, which turns the skip into a failure).
- ``serve(settings, port)`` → (server, thread): uvicorn in a thread, started.
- ``live_server(settings, port)``: a generator for a module fixture that yields the base URL.
- ``browser``: a module-scoped fixture with the launched browser.
- ``open_page(browser, url, viewport, init_script)`` → (page, foreign requests, console errors):
  every request that does not go to 127.0.0.1 is blocked and recorded.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("POLICYKG_REQUIRE_BROWSER"),
                       reason="Debian chromium (/usr/bin/chromium) is not installed"),
]


def serve(settings, port: int):
    """uvicorn serving ``create_app(settings)`` on 127.0.0.1:``port`` in a thread, once started."""
    import uvicorn

    from api.app import create_app

    srv = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                                        lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        if not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    return srv, thread


def live_server(settings, port: int):
    """Yields the base URL of a started server, and stops it afterwards (for module fixtures)."""
    srv, thread = serve(settings, port)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def open_page(browser, url: str, viewport=(1400, 900), init_script: str | None = None):
    """A loaded page with every non-loopback request blocked: (page, foreign URLs, console errors)."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    foreign: list[str] = []
    errors: list[str] = []

    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    if init_script:
        page.add_init_script(init_script)
    page.goto(url, wait_until="load")
    return page, foreign, errors
