"""The department view in a real headless Chromium, served by a real uvicorn.

Skipped only when Debian's /usr/bin/chromium is missing (CI installs it).
Any request that does not go to the loopback server is blocked and recorded,
and the test fails if there was one.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    # CI sets POLICYKG_REQUIRE_BROWSER=1 and installs chromium: there a missing browser fails
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("POLICYKG_REQUIRE_BROWSER"),
                       reason="Debian chromium (/usr/bin/chromium) is not installed"),
]

# the page flags the first frame drawn after the layout settled (see api.views)
DRAWN = "() => window.policykgDrawn === true"
# nodes in the data set, and nodes the network placed on the canvas
COUNTS = "() => [network.body.data.nodes.length, Object.keys(network.getPositions()).length]"


@pytest.fixture(scope="module")
def server(api_settings, free_port):
    """A uvicorn server on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    from api.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(api_settings), host="127.0.0.1", port=port, log_level="warning",
                            lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        if not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
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


def _open(browser, url: str):
    """A page with every non-loopback request blocked and recorded; returns (page, foreign list)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    foreign: list[str] = []

    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    return page, foreign


@pytest.mark.parametrize("path,twin", [
    (f"/viz/department/{quote('市科技局')}", f"/api/departments/{quote('市科技局')}/graph"),
    ("/viz/coparticipation?top=60", "/api/coparticipation/graph?top=60"),
])
def test_view_draws_every_node_offline(server, browser, tmp_path, path, twin):
    import httpx

    expected = len(httpx.get(server + twin).json()["nodes"])
    page, foreign = _open(browser, server + path)
    page.wait_for_function(DRAWN, timeout=300_000)  # a hang guard, not a speed limit
    in_data, placed = page.evaluate(COUNTS)
    shot = tmp_path / "view.png"
    page.screenshot(path=str(shot), full_page=True)
    errors = page.evaluate("() => typeof vis === 'undefined' ? 'vis missing' : null")
    page.close()
    assert foreign == []
    assert errors is None
    assert in_data == placed == expected
    assert shot.stat().st_size > 10_000
