"""HTTP load on loopback: p50/p99 and requests per second at concurrency 1, 8 and 32.

    python bench/bench_http.py [--data DIR] [--workers N] [--tool wrk|httpx] [--seconds 10]
                               [--requests 2000] [--final 10000] [--concurrency 1,8,32] [--no-cache]
                               [--gzip] [--endpoints 0,3,4] [--jurisdiction J] [--task-key K] [--out http]

Starts ``policykg serve --workers N --no-access-log`` on a free loopback port
over ``--data`` (default: the bundled sample, built into a temporary directory),
warms each endpoint, then drives it at each concurrency.  Endpoints:
``/api/tasks?department=市科技局``, the README's SPARQL query (JSON results),
an entity page (``/tasks/{key}``, HTML), ``/healthz`` and the department view
``/viz/department/市科技局`` (``--endpoints`` picks some by number).  The server runs with
``POLICYKG_QUERY_PER_CLIENT=--per-client`` (default 64): the load comes from
one address, and the default limit of 2 queries at once per client would
answer most /sparql requests at c=8 with 429 by design.  ``--no-cache`` sets
``POLICYKG_RESPONSE_CACHE_MB=0`` (every request runs its handler).

Load generators: ``wrk`` (default when installed, Debian package ``wrk``: a C
event loop on one thread, so the client takes little of the two cores the
server uses; duration-bound, ``--seconds`` per run, non-2xx answers and socket
errors counted as errors), or ``httpx`` + asyncio in this process
(count-bounded: ``--requests`` per run and ``--final`` at the highest
concurrency on the department tasks; every latency kept and every answer's
status and size checked, but the Python client needs about as much CPU as the
server).  The machine's 1-minute load average is written next to each row.

Writes bench/results/<out>.md; exits 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
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

def make_endpoints(department: str = "市科技局", jurisdiction: str | None = None,
                   task_key: str = "suzhou_2022_01-1-a1:1.10") -> list[tuple[str, str, str]]:
    """(name, path, Accept) of the endpoints driven; ``jurisdiction`` picks the department when the
    store has one of that name per city (the scaled corpus)."""
    where = "&jurisdiction=" + quote(jurisdiction) if jurisdiction else ""
    return [
        ("department tasks", "/api/tasks?department=" + quote(department) + where, "application/json"),
        ("README SPARQL query", "/sparql?query=" + quote(README_QUERY), "application/sparql-results+json"),
        ("entity page (task)", "/tasks/" + quote(task_key, safe=""), "text/html"),
        ("/healthz", "/healthz", "application/json"),
        ("department view", "/viz/department/" + quote(department, safe="") + where.replace("&", "?", 1),
         "text/html"),
    ]


ENDPOINTS = make_endpoints()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int, per_client: int, workers: int = 1, cache: bool = True,
                 code: Path = ROOT, flags: list[str] | None = None) -> subprocess.Popen:
    """``policykg serve`` of the checkout ``code`` over ``data`` on ``port``, once it answers /healthz.

    ``flags`` replaces ``--workers N --no-access-log`` (a checkout without them: ``[]``)."""
    # all load comes from one address: the per-client query limit (default 2 at once, 429 above) is
    # raised so that /sparql is measured rather than refused; every other setting is the default
    env = {**os.environ, "PYTHONPATH": str(code), "POLICYKG_BUILD_IF_EMPTY": "true",
           "POLICYKG_QUERY_PER_CLIENT": str(per_client)}
    if not cache:
        env["POLICYKG_RESPONSE_CACHE_MB"] = "0"
    log = open(data.parent / f"bench-http-server-{port}.log", "w+")  # noqa: SIM115 - kept open while it runs
    flags = ["--workers", str(workers), "--no-access-log"] if flags is None else flags
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--data", str(Path(data).resolve()), "--port", str(port),
                             *flags], cwd=str(code), env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
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


def _ms(text: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    raise ValueError(text)


def drive_wrk(base: str, path: str, accept: str, seconds: float, concurrency: int, gzip: bool = False) -> dict:
    """wrk on one thread for ``seconds`` at ``concurrency`` connections (see the module docstring);
    ``gzip``: ask for compressed answers, as browsers do."""
    extra = ["-H", "Accept-Encoding: gzip"] if gzip else []
    out = subprocess.run(["wrk", "-t1", f"-c{concurrency}", f"-d{seconds:g}s", "--latency", "--timeout", "10s",
                          "-H", f"Accept: {accept}", *extra, base + path],
                         capture_output=True, text=True, check=True).stdout
    lat = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+(?:us|ms|s|m))\s*$", out, re.MULTILINE))
    if set(lat) != {"50", "99"}:
        raise SystemExit(f"wrk printed no latency distribution:\n{out}")
    n = int(re.search(r"(\d+) requests in", out).group(1))
    errors = {}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        errors["non-2xx"] = int(bad.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock and any(int(x) for x in sock.groups()):
        errors["socket"] = sum(int(x) for x in sock.groups())
    return {"n": n, "p50": _ms(lat["50"]), "p99": _ms(lat["99"]),
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "errors": errors}


def warm(base: str, path: str, accept: str) -> int:
    """One GET of ``path`` (first answers build caches); its status."""
    import httpx

    return httpx.get(base + path, headers={"accept": accept, "host": "127.0.0.1"}, timeout=120).status_code


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="data directory (default: a fresh temporary one)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--final", type=int, default=10000)
    ap.add_argument("--concurrency", default="1,8,32")
    ap.add_argument("--per-client", type=int, default=64, help="POLICYKG_QUERY_PER_CLIENT of the server")
    ap.add_argument("--workers", type=int, default=1, help="policykg serve --workers")
    ap.add_argument("--tool", choices=("wrk", "httpx"), default="wrk" if shutil.which("wrk") else "httpx")
    ap.add_argument("--seconds", type=float, default=10.0, help="duration of each wrk run")
    ap.add_argument("--no-cache", action="store_true", help="POLICYKG_RESPONSE_CACHE_MB=0 on the server")
    ap.add_argument("--endpoints", default=None, help="comma-separated numbers of ENDPOINTS to run (default all)")
    ap.add_argument("--out", default="http", help="results file name under bench/results/")
    ap.add_argument("--gzip", action="store_true", help="wrk asks for gzip (Accept-Encoding), as browsers do")
    ap.add_argument("--jurisdiction", default=None, help="jurisdiction= of the department endpoints (scaled corpus)")
    ap.add_argument("--task-key", default="suzhou_2022_01-1-a1:1.10", help="key of the entity page")
    args = ap.parse_args(argv)
    import httpx

    levels = [int(c) for c in args.concurrency.split(",")]
    tmp = tempfile.TemporaryDirectory(prefix="policykg-bench-http-")
    data = args.data or Path(tmp.name)
    port = free_port()
    server = start_server(data, port, args.per_client, args.workers, not args.no_cache)
    every = make_endpoints(jurisdiction=args.jurisdiction, task_key=args.task_key)
    endpoints = [every[int(i)] for i in args.endpoints.split(",")] if args.endpoints else every
    base = f"http://127.0.0.1:{port}"
    rows, failed = [], 0
    try:
        sizes = {}
        for name, path, accept in endpoints:
            for _ in range(20):  # warm: first answers build caches (and the query workers start)
                r = httpx.get(base + path, headers={"accept": accept, "host": "127.0.0.1"}, timeout=60)
            if r.status_code != 200:
                raise SystemExit(f"{path}: {r.status_code} {r.text[:300]}")
            sizes[path] = len(r.content)
        plan = [(e, c, args.requests) for e in endpoints for c in levels]
        if args.tool == "httpx" and args.final:
            plan.append((endpoints[0], levels[-1], args.final))
        for (name, path, accept), c, n in plan:
            load = load_average()
            if args.tool == "wrk":
                res = drive_wrk(base, path, accept, args.seconds, c, args.gzip)
            else:
                res = asyncio.run(drive(base, path, accept, n, c, sizes[path]))
            failed += sum(res["errors"].values())
            errs = ", ".join(f"{k}: {v}" for k, v in res["errors"].items()) or "0"
            rows.append((name, c, res["n"], res["p50"], res["p99"], res["rps"], errs, load))
            print(f"{name:22} c={c:<3} n={res['n']:<6} p50 {res['p50']:7.1f} ms  p99 {res['p99']:7.1f} ms  "
                  f"{res['rps']:7.1f} req/s  errors {errs}  load {load:.1f}", flush=True)
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
    command = "python bench/bench_http.py " + " ".join(argv if argv is not None else sys.argv[1:])
    table = ["| endpoint | concurrency | requests | p50 ms | p99 ms | req/s | errors | load average |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    table += [f"| {a} | {c} | {n:,} | {p50:.1f} | {p99:.1f} | {rps:.0f} | {e} | {ld:.1f} |"
              for a, c, n, p50, p99, rps, e, ld in rows]
    client = (f"wrk 4.1 (one thread, duration-bound{', Accept-Encoding: gzip' if args.gzip else ''})"
              if args.tool == "wrk"
              else "httpx + asyncio in one process (count-bounded)")
    store = f"the store in {args.data}" if args.data else "the bundled sample"
    text = (f"Command: `{command.strip()}`\n\nServer: `policykg serve --workers {args.workers} --no-access-log` on "
            f"loopback over {store}, POLICYKG_QUERY_PER_CLIENT={args.per_client} (all load comes from one address), "
            f"answer cache {'off (POLICYKG_RESPONSE_CACHE_MB=0)' if args.no_cache else 'on (default)'}, other "
            f"settings default; load generator: {client}, on the same 2 cores (shared with other jobs: the "
            f"1-minute load average is given per row).\n\n" + "\n".join(table) + f"\n\nfailed requests: {failed}\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    print(f"failed requests: {failed}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
