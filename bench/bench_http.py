"""HTTP load on loopback: p50/p99 and requests per second at concurrency 1, 8 and 32.

    python bench/bench_http.py [--data DIR] [--requests 2000] [--final 10000] [--concurrency 1,8,32]

Starts ``policykg serve`` (one uvicorn worker, as users run it) on a free
loopback port over the bundled sample (built into ``--data`` first when it
holds no store), warms each endpoint, then drives it with a count-bounded
load generator: ``--requests`` requests per endpoint and concurrency, and
``--final`` requests at the highest concurrency on the department tasks
(the no-error check).  Endpoints: ``/api/tasks?department=市科技局``, the
README's SPARQL query (JSON results), an entity page (``/tasks/{key}``,
HTML) and ``/healthz``.  Every answer must be 200 with the expected body
size; any other is counted as an error.  The server runs with
``POLICYKG_QUERY_PER_CLIENT=--per-client`` (default 64): the load comes from
one address, and the default limit of 2 queries at once per client would
answer most /sparql requests at c=8 with 429 by design.

The load generator is httpx with asyncio in this process: requests are
bounded in count (wrk bounds by duration), each latency is kept (exact
percentiles) and each answer is checked; it shares the machine's two cores
with the server, so requests per second are a lower bound for the server.

Writes bench/results/http.md; exits 1 when the department tasks' p50 at
concurrency 1 is over 20 ms or any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS, readme_query  # noqa: E402

README_QUERY = readme_query()

ENDPOINTS = [
    ("department tasks", "/api/tasks?department=" + quote("市科技局"), "application/json"),
    ("README SPARQL query", "/sparql?query=" + quote(README_QUERY), "application/sparql-results+json"),
    ("entity page (task)", "/tasks/" + quote("suzhou_2022_01-1-a1:1.10", safe=""), "text/html"),
    ("/healthz", "/healthz", "application/json"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int, per_client: int) -> subprocess.Popen:
    # all load comes from one address: the per-client query limit (default 2 at once, 429 above) is
    # raised so that /sparql is measured rather than refused; every other setting is the default
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYKG_BUILD_IF_EMPTY": "true",
           "POLICYKG_QUERY_PER_CLIENT": str(per_client)}
    log = open(data.parent / f"bench-http-server-{port}.log", "w+")  # noqa: SIM115 - kept open while it runs
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--data", str(data), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    proc.log = log
    import httpx

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the server stopped: {log.read()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not answer /healthz within 300 s")


async def drive(base: str, path: str, accept: str, total: int, concurrency: int, size: int) -> dict:
    """``total`` GETs of ``path`` from ``concurrency`` workers on kept-alive connections."""
    import httpx

    latencies: list[float] = []
    errors: dict[str, int] = {}
    left = total
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60,
                                 headers={"accept": accept, "host": "127.0.0.1"}) as client:
        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                start = time.perf_counter()
                try:
                    r = await client.get(path)
                    ok = r.status_code == 200 and len(r.content) == size
                    reason = "" if ok else f"{r.status_code}/{len(r.content)} bytes"
                except httpx.HTTPError as exc:
                    cause = exc.__cause__ or exc.__context__
                    ok, reason = False, f"{type(exc).__name__} ({cause!r})" if cause else type(exc).__name__
                latencies.append(time.perf_counter() - start)
                if not ok:
                    errors[reason] = errors.get(reason, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {"n": len(latencies), "p50": statistics.median(latencies) * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            "rps": len(latencies) / elapsed, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="data directory (default: a fresh temporary one)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--final", type=int, default=10000)
    ap.add_argument("--concurrency", default="1,8,32")
    ap.add_argument("--per-client", type=int, default=64, help="POLICYKG_QUERY_PER_CLIENT of the server")
    args = ap.parse_args(argv)
    import httpx

    levels = [int(c) for c in args.concurrency.split(",")]
    tmp = tempfile.TemporaryDirectory(prefix="policykg-bench-http-")
    data = args.data or Path(tmp.name)
    port = free_port()
    server = start_server(data, port, args.per_client)
    base = f"http://127.0.0.1:{port}"
    rows, failed = [], 0
    try:
        sizes = {}
        for name, path, accept in ENDPOINTS:
            for _ in range(20):  # warm: first answers build caches (and the query workers start)
                r = httpx.get(base + path, headers={"accept": accept, "host": "127.0.0.1"}, timeout=60)
            if r.status_code != 200:
                raise SystemExit(f"{path}: {r.status_code} {r.text[:300]}")
            sizes[path] = len(r.content)
        plan = [(e, c, args.requests) for e in ENDPOINTS for c in levels]
        plan.append((ENDPOINTS[0], levels[-1], args.final))
        for (name, path, accept), c, n in plan:
            res = asyncio.run(drive(base, path, accept, n, c, sizes[path]))
            failed += sum(res["errors"].values())
            errs = ", ".join(f"{k}: {v}" for k, v in res["errors"].items()) or "0"
            rows.append((name, c, res["n"], res["p50"], res["p99"], res["rps"], errs))
            print(f"{name:22} c={c:<3} n={res['n']:<6} p50 {res['p50']:7.1f} ms  p99 {res['p99']:7.1f} ms  "
                  f"{res['rps']:7.1f} req/s  errors {errs}", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        server.log.seek(0)
        problems = [line for line in server.log.read().splitlines()
                    if "ERROR" in line or "Traceback" in line or "WARNING" in line]
        server.log.close()
        print(f"server log: {len(problems)} warning/error lines", *problems[:20], sep="\n")
        tmp.cleanup()
    dept_p50 = next(r[3] for r in rows if r[0] == "department tasks" and r[1] == levels[0])
    command = "python bench/bench_http.py " + " ".join(argv if argv is not None else sys.argv[1:])
    table = ["| endpoint | concurrency | requests | p50 ms | p99 ms | req/s | errors |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    table += [f"| {a} | {c} | {n:,} | {p50:.1f} | {p99:.1f} | {rps:.0f} | {e} |" for a, c, n, p50, p99, rps, e in rows]
    verdict = (f"department tasks p50 at concurrency {levels[0]}: {dept_p50:.1f} ms (goal ≤ 20 ms); "
               f"failed requests: {failed} (goal 0)")
    text = (f"Command: `{command.strip()}`\n\nServer: `policykg serve` (one uvicorn worker) on loopback over the "
            f"bundled sample, POLICYKG_QUERY_PER_CLIENT={args.per_client} (all load comes from one address), other settings default; load generator: httpx + asyncio in one process on the same 2 cores.\n\n"
            + "\n".join(table) + f"\n\n{verdict}\n")
    print(verdict)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "http.md").write_text(text, encoding="utf-8")
    return 0 if dept_p50 <= 20 and failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
