"""The network views in a real headless Chromium, served by a real uvicorn.

Skipped only when Debian's /usr/bin/chromium is missing (CI installs it and
sets POLICYKG_REQUIRE_BROWSER=1, which turns the skip into a failure).  Any
request that does not go to the loopback server is blocked and recorded, and
the test fails if there was one.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from browser_support import browser, live_server, open_page, pytestmark  # noqa: F401 (fixtures, marks)

# the page flags the first frame drawn (see api.views)
DRAWN_OR_ERROR = "() => window.policykgDrawn === true || !!window.policykgError"
COUNTS = "() => [network.body.data.nodes.length, Object.keys(network.getPositions()).length]"
# share of canvas pixels that are not white (the canvas is drawn, not blank)
INKED = """() => { const c = document.querySelector('#mynetwork canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let ink = 0;
  for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) ink++; }
  return ink / (c.width * c.height); }"""
# every node's label box in canvas coordinates, as vis-network drew it
LABEL_BOXES = """() => Object.values(network.body.nodes).filter(n => n.options.label).map(n => {
  const s = n.labelModule.size; return [n.id, s.left, s.top, s.width, s.height]; })"""

# every view and its JSON twin (tests/test_views.py)
from test_views import CONSTRUCT, DEPT, TASK, VIEWS  # noqa: E402

EVIL_DOC = """# 苏州市关于<script>window.pwned=1</script>推进测试工作的实施意见

## 一、重点任务

**1. 推进<img src=x onerror="window.pwned=2">数字化转型**，加快建设测试平台<script>window.pwned=3</script>。（市科技局牵头，市<script>window.pwned=4</script>局、市<img src=x onerror=window.pwned=5>委参与）

**2. 加强<b onmouseover=window.pwned=6>人才</b>引进**，完善人才政策。（市人社局牵头，市科技局参与）
"""


@pytest.fixture(scope="module")
def server(api_settings, free_port):
    """A uvicorn server on a free loopback port in a thread; yields its base URL."""
    yield from live_server(api_settings, free_port())


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory, free_port):
    """A server on a store built from a document whose titles and department names carry scripts."""
    from api.settings import Settings
    from graph import build_corpus

    root = tmp_path_factory.mktemp("evil")
    doc = root / "evil.md"
    doc.write_text(EVIL_DOC, encoding="utf-8")
    build_corpus([doc], root / "data")
    yield from live_server(Settings(data=root / "data", build_if_empty=False, allowed_hosts=["127.0.0.1"]),
                           free_port())


def _open(browser, url: str, viewport=(1400, 900)):
    """A drawn view with every non-loopback request blocked and recorded: (page, foreign, console errors)."""
    # a script error ends the wait at once (instead of at the hang guard) and fails the test
    page, foreign, errors = open_page(browser, url, viewport, init_script=(
        "window.addEventListener('error', function (e) { window.policykgError = String(e.message); });"))
    page.wait_for_function(DRAWN_OR_ERROR, timeout=300_000)  # a hang guard, not a speed limit
    assert page.evaluate("() => window.policykgError || null") is None, errors
    return page, foreign, errors


@pytest.mark.parametrize("path,twin", VIEWS)
def test_view_draws_exactly_its_twin_offline_and_stably(server, browser, path, twin):
    import httpx

    listed = httpx.get(server + twin).json()
    page, foreign, errors = _open(browser, server + path)
    in_data, placed = page.evaluate(COUNTS)
    ids = sorted(page.evaluate("() => network.body.data.nodes.getIds()"))
    positions = page.evaluate("() => network.getPositions()")
    inked = page.evaluate(INKED)
    page.close()
    again, _, _ = _open(browser, server + path)
    positions_again = again.evaluate("() => network.getPositions()")
    again.close()
    assert foreign == [] and errors == []
    assert in_data == placed == len(listed["nodes"])
    assert ids == sorted(n["id"] for n in listed["nodes"])
    assert positions == positions_again
    # vis-network reports whole pixels
    assert all(abs(positions[n["id"]]["x"] - n["x"]) <= 1 and abs(positions[n["id"]]["y"] - n["y"]) <= 1
               for n in listed["nodes"])
    assert inked > 0.003, f"the canvas looks blank ({inked:.4%} inked)"


def _overlaps(boxes: list) -> list[tuple]:
    bad = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[1] < b[1] + b[3] and b[1] < a[1] + a[3] and a[2] < b[2] + b[4] and b[2] < a[2] + a[4]:
                bad.append((a[0], b[0]))
    return bad


def test_no_two_drawn_labels_overlap_on_the_five_busiest_departments(server, browser):
    import httpx

    busiest = httpx.get(server + "/api/workload", params={"limit": 5}).json()
    items = busiest.get("items") or busiest.get("departments")
    assert len(items) == 5
    for item in items:
        ident = item.get("id") or item["department"]["id"]
        page, foreign, errors = _open(browser, f"{server}/viz/department/{quote(ident, safe='')}")
        boxes = page.evaluate(LABEL_BOXES)
        page.close()
        assert foreign == [] and errors == []
        assert len(boxes) > 20 and all(b[3] > 0 and b[4] > 0 for b in boxes)
        assert _overlaps(boxes) == [], ident


def test_embed_fills_a_small_frame_and_resizes_with_it(server, browser):
    page, foreign, errors = _open(browser, f"{server}/viz/department/{quote(DEPT)}?embed=1", viewport=(800, 450))
    size = page.evaluate("() => { const r = document.getElementById('mynetwork').getBoundingClientRect();"
                         " return [r.width, r.height, document.getElementById('viz-caption').textContent]; }")
    focus = page.evaluate("() => network.canvasToDOM(network.getPositions(['dept:suzhou.kjj'])['dept:suzhou.kjj'])")
    page.set_viewport_size({"width": 600, "height": 700})
    page.wait_for_timeout(600)
    resized = page.evaluate("() => { const r = document.getElementById('mynetwork').getBoundingClientRect();"
                            " return [r.width, r.height]; }")
    page.close()
    assert foreign == [] and errors == []
    assert size[0] == 800 and 380 <= size[1] < 450
    assert size[2].startswith("苏州市科学技术局：41 项任务") and "数据来源：" in size[2] and "构建：" in size[2]
    # the focus node is in the middle of the frame, not at its edge
    assert 300 < focus["x"] < 500 and 120 < focus["y"] < 320
    assert resized[0] == 600 and resized[1] > 600


def test_a_click_on_a_node_opens_its_page(server, browser):
    page, _, _ = _open(browser, f"{server}/viz/task/{quote(TASK)}")
    target = page.evaluate("() => network.canvasToDOM(network.getPositions(['dept:suzhou.fgw'])['dept:suzhou.fgw'])")
    box = page.evaluate("() => document.getElementById('mynetwork').getBoundingClientRect().toJSON()")
    with page.expect_navigation():
        page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    url = page.url
    page.close()
    assert url == f"{server}/departments/suzhou.fgw"


def test_threshold_control_hides_weak_links(server, browser):
    page, _, errors = _open(browser, f"{server}/viz/workload?min_shared=1")
    before = page.evaluate("() => network.body.data.edges.get().filter(e => !e.hidden).length")
    page.evaluate("() => { const s = document.getElementById('viz-threshold'); s.value = 5;"
                  " s.dispatchEvent(new Event('input')); }")
    after = page.evaluate("() => network.body.data.edges.get().filter(e => !e.hidden).length")
    heavy = page.evaluate("() => network.body.data.edges.get().filter(e => e.weight >= 5).length")
    page.close()
    assert errors == [] and before > after == heavy > 0


@pytest.mark.parametrize("path", [f"/viz/department/{quote(DEPT)}", f"/viz/department/{quote(DEPT)}?embed=1",
                                  "/viz/workload?min_shared=1", "/viz/coparticipation",
                                  "/viz/task/evil-1%3A1.1", f"/viz/sparql?query={quote(CONSTRUCT)}"])
def test_no_script_from_document_text_runs(evil_server, browser, path):
    import httpx

    page, foreign, errors = _open(browser, evil_server + path)
    # hover every node so that every tooltip is shown once
    ids = page.evaluate("() => network.body.data.nodes.getIds()")
    box = page.evaluate("() => document.getElementById('mynetwork').getBoundingClientRect().toJSON()")
    for nid in ids:
        p = page.evaluate(f"() => network.canvasToDOM(network.getPositions([{nid!r}])[{nid!r}])")
        page.mouse.move(box["x"] + p["x"], box["y"] + p["y"])
        page.wait_for_timeout(250)
    pwned = page.evaluate("() => window.pwned === undefined ? null : window.pwned")
    injected = page.evaluate("() => document.querySelectorAll('#mynetwork img, .vis-tooltip img, .vis-tooltip b,"
                             " .viz-bar script, .viz-caption script').length")
    labels = page.evaluate("() => network.body.data.nodes.get().map(n => n.label + ' ' + n.title).join(' ')")
    page.close()
    assert pwned is None and errors == [] and foreign == [] and injected == 0
    if "task" in path or "department" in path:
        assert "<script>" in labels or "<img" in labels or "onerror" in labels  # shown as text, not run
    svg = httpx.get(evil_server + path + ("&" if "?" in path else "?") + "format=svg").text
    import xml.etree.ElementTree as ET
    ET.fromstring(svg)
    assert "<script" not in svg and "<img" not in svg
