"""Network views: server time (graph + layout + page) and drawing time in headless Chromium.

    python bench/bench_views.py [--nodes 2000] [--repeat 3]

Views of the sample (department 市发改委, the busiest; workload; co-participation
at top=5000) are served by a real uvicorn on a freshly built store; a
synthetic department-shaped view of ``--nodes`` nodes (1 focus, 60% tasks, the
rest partner departments, 3 partners per task, fixed seed) goes through the
same layout and page code.  Each page is opened in Debian's Chromium
(Playwright, no browser download); "usable" is the time from navigation to the
first frame drawn (``window.policykgDrawn``), then a zoom is timed to its next
frame.  Also: SVG and PNG export times.  Writes bench/results/views.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import report  # noqa: E402

DRAWN = "() => window.policykgDrawn === true"
ZOOM = """() => new Promise(done => { const t = performance.now();
  network.once('afterDrawing', () => done(performance.now() - t)); network.moveTo({scale: 1.0}); })"""


def synthetic(n: int, seed: int = 1) -> dict:
    """A department-shaped twin of ``n`` nodes, laid out by the real code."""
    from api.viz_graphs import arrange

    rnd = random.Random(seed)
    tasks = int(n * 0.6)
    depts = n - tasks - 1
    nodes = [{"id": "dept:focus", "kind": "department", "label": "市测试局", "title": "市测试局", "focus": True}]
    names = [f"市第{i}局" for i in range(depts)]
    nodes += [{"id": f"dept:{i}", "kind": "department", "label": names[i], "title": names[i], "shared": 1}
              for i in range(depts)]
    edges = []
    for t in range(tasks):
        tid = f"task:{t}"
        nodes.append({"id": tid, "kind": "task", "label": f"推进第{t}项重点任务", "title": f"任务 {t}",
                      "role": rnd.choice(["lead", "participant"]), "group": f"doc{t // 100}"})
        edges.append({"source": tid, "target": "dept:focus", "role": "lead"})
        for d in rnd.sample(range(depts), 3):
            edges.append({"source": tid, "target": f"dept:{d}", "role": "participant", "faint": True})
    graph = {"title": f"合成视图：{n} 个节点", "nodes": nodes, "edges": edges, "empty_reason": None}
    task_ids = [f"task:{t}" for t in range(tasks)]
    return arrange(graph, [["dept:focus"], task_ids, [f"dept:{i}" for i in range(depts)]], fixed={1})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from api.app import create_app
    from api.settings import Settings
    from api.svg import to_png, to_svg
    from api.views import render_network
    from graph import build_corpus

    rows: list[tuple[str, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-views-"))
    build_corpus(None, tmp / "data")
    srv = uvicorn.Server(uvicorn.Config(create_app(Settings(data=tmp / "data", build_if_empty=False,
                                                            allowed_hosts=["127.0.0.1"])),
                                        host="127.0.0.1", port=8931, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    base = "http://127.0.0.1:8931"

    t0 = time.perf_counter()
    graph = synthetic(args.nodes)
    layout_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    page_html = render_network(graph, caption=graph["title"])
    page_s = time.perf_counter() - t0
    rows.append((f"synthetic view, {len(graph['nodes']):,} nodes / {len(graph['edges']):,} edges: graph + layout",
                 f"{layout_s * 1000:.0f} ms"))
    rows.append(("… page HTML", f"{page_s * 1000:.0f} ms, {len(page_html) / 1e6:.2f} MB"))
    t0 = time.perf_counter()
    svg = to_svg(graph, [graph["title"]])
    svg_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    png = to_png(svg)
    png_s = time.perf_counter() - t0
    rows.append(("… SVG export / PNG export (resvg)", f"{svg_s * 1000:.0f} ms / {png_s * 1000:.0f} ms "
                                                       f"({len(png) / 1e6:.1f} MB)"))
    synth = tmp / "synthetic.html"
    synth.write_text(page_html, encoding="utf-8")

    views = [("department 市发改委 (sample)", f"/viz/department/{quote('市发改委')}"),
             ("workload, min_shared=1 (sample)", "/viz/workload?min_shared=1"),
             ("co-participation, top=5000 (sample, 400 drawn)", "/viz/coparticipation?top=5000")]
    import httpx
    for label, path in views:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = httpx.get(base + path, timeout=120)
            times.append(time.perf_counter() - t0)
            assert r.status_code == 200
        rows.append((f"server: {label}", f"median {statistics.median(times) * 1000:.0f} ms"))
        t0 = time.perf_counter()
        assert httpx.get(base + path + "&format=png" if "?" in path else base + path + "?format=png",
                         timeout=120).status_code == 200
        rows.append((f"server PNG: {label}", f"{(time.perf_counter() - t0) * 1000:.0f} ms"))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        targets = [(label, base + path) for label, path in views] + [
            (f"synthetic {len(graph['nodes']):,} nodes", synth.as_uri())]
        for label, url in targets:
            usable, zoom = [], []
            for _ in range(args.repeat):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(url, wait_until="load")
                page.wait_for_function(DRAWN, timeout=120_000)
                usable.append(page.evaluate("() => performance.now()"))
                zoom.append(page.evaluate(ZOOM))
                page.close()
            rows.append((f"Chromium: {label}: navigation → first frame drawn (usable)",
                         f"median {statistics.median(usable):.0f} ms (max {max(usable):.0f})"))
            rows.append((f"Chromium: {label}: a zoom → next frame", f"median {statistics.median(zoom):.0f} ms"))
        browser.close()
    srv.should_exit = True
    report("views", " ".join(["python bench/bench_views.py", *sys.argv[1:]]), rows)


if __name__ == "__main__":
    main()
