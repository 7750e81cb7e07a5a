"""Query DoS under a real server: limits hold, and /healthz and a trivial query stay fast.

    python bench/bench_dos.py [--data DIR] [--timeout 10] [--seconds 6]

Starts ``policykg serve`` (the bundled sample, built into ``--data`` first if
needed) on a free loopback port with its default limits (except
``--timeout``), then:

1. latency of ``/healthz`` and of ``ASK {}`` with nothing else running;
2. the same while 4 slow queries (a cartesian product) run from 4 other
   client addresses (127.0.0.2–5);
3. 8 concurrent slow queries from one address (per-client limit);
4. the DoS suite: cartesian product, deep property path, a 900 KB VALUES
   block, a 20 MB body; each must be stopped at its limit;

sampling the RSS of the server and its workers all along.  Writes
bench/results/dos.md and exits 1 if /healthz's p99 or the trivial query's
p50 under load is 50 ms or more, if any query escapes its limit, or if RSS
passes ``--rss-bound`` MB.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402

CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DEEP_PATH = "SELECT (COUNT(*) AS ?n) { ?a (!<urn:x>)*/(!<urn:y>)*/(!<urn:z>)* ?b . ?c ?d ?e }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, body: bytes | None = None, source: str = "127.0.0.1",
            ctype: str = "application/sparql-query", timeout: float = 120) -> tuple[int, str, float]:
    """(status, error code or "", seconds) of one request from ``source``."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        headers = {"Host": "127.0.0.1", "Accept": "application/sparql-results+json"}
        if body is not None:
            headers["Content-Type"] = ctype
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        code = ""
        if resp.status >= 400:
            try:
                code = json.loads(data)["error"]["code"]
            except (ValueError, KeyError):
                code = "?"
        return resp.status, code, time.perf_counter() - start
    except OSError as exc:
        return 0, type(exc).__name__, time.perf_counter() - start
    finally:
        conn.close()


def query_path(query: str) -> str:
    return "/sparql?query=" + quote(query)


class RssSampler(threading.Thread):
    """Peak RSS (MB) of a process and its children, sampled every 0.1 s."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()

    def _tree(self) -> float:
        total = 0
        pids = [str(self.pid)] + subprocess.run(["pgrep", "-P", str(self.pid)], capture_output=True,
                                                text=True).stdout.split()
        for pid in pids:
            try:
                with open(f"/proc/{pid}/statm") as fh:
                    total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, ValueError, IndexError):
                pass
        return total / 2 ** 20

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, self._tree())
            time.sleep(0.1)


def latencies(port: int, path: str, seconds: float) -> list[float]:
    out, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        status, _, took = request(port, "GET", path)
        if status == 200:
            out.append(took * 1000)
        time.sleep(0.02)
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--rss-bound", type=float, default=2500.0)
    args = ap.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="policykg-dos-"))
    from graph import build_corpus
    from graph.store import store_exists
    if not store_exists(data):
        build_corpus(None, data)
    port = _free_port()
    env = {**os.environ, "POLICYKG_QUERY_TIMEOUT": str(args.timeout)}
    server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--data", str(data), "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    failures: list[str] = []
    rows = []
    try:
        for _ in range(300):
            if request(port, "GET", "/healthz")[0] == 200:
                break
            time.sleep(0.1)
        request(port, "GET", query_path("ASK {}"))  # the first worker is warm
        sampler = RssSampler(server.pid)
        sampler.start()
        idle_h = latencies(port, "/healthz", 2)
        idle_q = latencies(port, query_path("ASK {}"), 2)
        slow_results = []
        slow = [threading.Thread(target=lambda s=s: slow_results.append(
            request(port, "GET", query_path(CARTESIAN), source=s))) for s in
            ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")]
        for t in slow:
            t.start()
        time.sleep(0.5)
        load_h = latencies(port, "/healthz", min(args.seconds, args.timeout - 1.5))
        load_q = latencies(port, query_path("ASK {}"), 1.0)
        for t in slow:
            t.join()
        rows += [("/healthz, idle", len(idle_h), pct(idle_h, .5), pct(idle_h, .99)),
                 ("ASK {}, idle", len(idle_q), pct(idle_q, .5), pct(idle_q, .99)),
                 ("/healthz, 4 slow queries running", len(load_h), pct(load_h, .5), pct(load_h, .99)),
                 ("ASK {}, 4 slow queries running", len(load_q), pct(load_q, .5), pct(load_q, .99))]
        if pct(load_h, .99) >= 50 or pct(load_q, .5) >= 50:
            failures.append("latency under load is 50 ms or more")
        stopped = [r for r in slow_results if (r[0], r[1]) == (503, "query-timeout")]
        if len(stopped) != 4:
            failures.append(f"slow queries: {slow_results}")

        burst: list = []
        threads = [threading.Thread(target=lambda: burst.append(request(port, "GET", query_path(CARTESIAN))))
                   for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        burst_codes = sorted(f"{s} {c}" for s, c, _ in burst)

        values = " ".join(f'"v{i}"' for i in range(110_000))
        suite = [("cartesian product", "GET", query_path(CARTESIAN), None, (503, "query-timeout")),
                 ("deep property path", "GET", query_path(DEEP_PATH), None, (503, "query-timeout")),
                 ("900 KB VALUES block", "POST", "/sparql",
                  f"SELECT (COUNT(*) AS ?n) {{ VALUES ?x {{ {values} }} }}".encode(), (200, "")),
                 ("20 MB body", "POST", "/sparql", b"#" * (20 * 2 ** 20), (413, "body-too-large")),
                 ("SELECT * over every triple", "GET", query_path("SELECT * { ?a ?b ?c . ?d ?e ?f }"), None,
                  (400, "too-many-rows"))]
        suite_rows = []
        for name, method, path, body, expected in suite:
            status, code, took = request(port, method, path, body)
            suite_rows.append((name, f"{status} {code}".strip(), f"{took:.2f} s"))
            if (status, code) != expected:
                failures.append(f"{name}: {status} {code}, expected {expected}")
        sampler.stop.set()
        sampler.join()
        if sampler.peak > args.rss_bound:
            failures.append(f"RSS {sampler.peak:.0f} MB over {args.rss_bound:.0f} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)

    lines = ["| measured | requests | p50 ms | p99 ms |", "| --- | --- | --- | --- |"]
    lines += [f"| {n} | {k} | {a:.1f} | {b:.1f} |" for n, k, a, b in rows]
    lines += ["", f"8 slow queries from one client at once: {', '.join(burst_codes)}", "",
              "| DoS suite | answer | time |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in suite_rows]
    lines += ["", f"peak RSS of the server and its workers: {sampler.peak:.0f} MB (bound {args.rss_bound:.0f} MB)",
              f"time limit {args.timeout:g} s; failures: {len(failures)}"]
    lines += [f"- {f}" for f in failures]
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "dos.md").write_text(f"Command: `python bench/bench_dos.py --timeout {args.timeout:g}`\n\n{text}\n",
                                    encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
