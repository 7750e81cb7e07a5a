"""The query page with large answers: server-side HTML table vs JSON, and sorting it in Chromium.

    python bench/bench_query_page.py [--data DIR] [--repeat 5]

Serves the store in ``--data`` (the bundled sample, built there first if
needed) with uvicorn on a free loopback port, then:

1. ``GET /sparql`` of ``SELECT ?s ?p ?o { ?s ?p ?o } LIMIT N`` (N = 100,
   1,000, 10,000) as a browser asks for it (the HTML page) and as
   ``application/sparql-results+json``: median wall time and size;
2. in headless Chromium (Debian ``/usr/bin/chromium``): load the page of
   10,000 rows (until the page's script has run), then sort its ``?o`` column
   (text, natural order) and a column of integers, each timed in the page.

Writes bench/results/query_page.md.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import report  # noqa: E402

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JSON = "application/sparql-results+json"
NUMBERS = ("PREFIX pkg: <https://w3id.org/policykg/ontology#> SELECT ?s ?n ?x WHERE { "
           "{ ?s pkg:spanStart ?n } UNION { ?s pkg:spanEnd ?n } . ?x ?y ?z } LIMIT 10000")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, accept: str) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept": accept})
    resp = conn.getresponse()
    body = resp.read()
    elapsed = time.perf_counter() - start
    conn.close()
    if resp.status != 200:
        raise SystemExit(f"{path[:80]}: HTTP {resp.status}")
    return elapsed, len(body)


def _serve(data: Path):
    import uvicorn

    from api.app import create_app
    from api.settings import Settings

    port = _port()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(data=data, allowed_hosts=["127.0.0.1"])),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, port


def _browser(port: int) -> list[tuple[str, str]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for label, query, column in (("10,000 rows, sort ?o (text, natural order)",
                                      "SELECT ?s ?p ?o { ?s ?p ?o } LIMIT 10000", 3),
                                     ("10,000 rows, sort ?n (integers)", NUMBERS, 2)):
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/sparql?query={quote(query)}")
            page.wait_for_function("() => window.policykgPageReady === true", timeout=120_000)
            loaded = time.perf_counter() - start
            took = page.evaluate(f"""() => {{
                const th = document.querySelector('#results th:nth-child({column})');
                const t0 = performance.now(); th.click(); return performance.now() - t0; }}""")
            count = page.locator("#results tbody tr").count()
            rows.append((f"Chromium: {label}", f"page ready {loaded * 1000:,.0f} ms, sort {took:,.0f} ms ({count:,} rows)"))
        browser.close()
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("/tmp/policykg-bench-query-page"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    from api.app import ensure_store
    from api.settings import Settings

    ensure_store(Settings(data=args.data))
    server, thread, port = _serve(args.data)
    rows = []
    try:
        for n in (100, 1000, 10000):
            path = "/sparql?" + urlencode({"query": f"SELECT ?s ?p ?o {{ ?s ?p ?o }} LIMIT {n}"})
            for name, accept in (("HTML page", HTML), ("SPARQL JSON", JSON)):
                _get(port, path, accept)  # warm
                runs = [_get(port, path, accept) for _ in range(args.repeat)]
                rows.append((f"{n:,} rows as {name}",
                             f"median {statistics.median(r[0] for r in runs) * 1000:,.0f} ms, "
                             f"{runs[0][1] / 1024:,.0f} KB"))
        if Path("/usr/bin/chromium").exists():
            rows += _browser(port)
    finally:
        server.should_exit = True
        thread.join()
    report("query_page", "python bench/bench_query_page.py " + " ".join(argv or sys.argv[1:]), rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
