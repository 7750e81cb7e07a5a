"""Views and list endpoints on a big store: first answer, warm answer, kept answer.

    python bench/bench_scale_views.py --data DIR [--repeat 5] [--out scale-views]

Opens the store of ``--data`` (e.g. built from ``bench/scale_corpus.py --copies
1000``) in the app (TestClient, in process: the server's own time, no HTTP
client) twice: with the answer cache off (``POLICYKG_RESPONSE_CACHE_MB=0``),
timing the first request of each URL (cold: nothing computed yet for this
generation but the analytics of the earlier URLs) and the median of
``--repeat`` more (warm: the process's query memo and analytics kept); and with
the cache on, timing the answer kept for the generation (median of
``--repeat``).  The department is the one with the most tasks (its id from
the store), the task the first of the gallery's README question.  Writes
bench/results/<out>.md with the store's triple count and the load average.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402


def urls(store) -> list[tuple[str, str]]:
    """(name, URL) of what is timed, with ids read from ``store``."""
    from graph import instances
    from graph import queries as Q

    _, top = store.query(Q.PREFIXES + "SELECT ?d ?n WHERE { ?d pkg:taskCount ?n } ORDER BY DESC(?n) LIMIT 1").rows()
    dept, n = instances.local_id(top[0][0]), int(top[0][1])
    _, keys = store.query(Q.PREFIXES + "SELECT ?k WHERE { ?t pkg:involves ?d ; pkg:key ?k . "
                          f"VALUES ?d {{ <{top[0][0]}> }} }} LIMIT 1").rows()
    d = quote(dept, safe="")
    return [("/healthz", "/healthz"), ("/api/stats", "/api/stats"),
            (f"/api/tasks?department= (busiest, {n} tasks)", f"/api/tasks?department={d}"),
            ("/api/tasks?year=2025 (page 1)", "/api/tasks?year=2025"),
            ("/api/workload?limit=50", "/api/workload?limit=50"),
            ("/api/coparticipation?limit=50", "/api/coparticipation?limit=50"),
            (f"/viz/department (busiest, {n} tasks)", f"/viz/department/{d}"),
            ("/viz/department, one document (expanded group)", None),
            ("/viz/workload", "/viz/workload"),
            ("/viz/coparticipation", "/viz/coparticipation"),
            ("/viz/coparticipation?top=5000", "/viz/coparticipation?top=5000"),
            ("/viz/task", "/viz/task/" + quote(keys[0][0], safe="")),
            ("/viz/district/昆山市", "/viz/district/" + quote("昆山市")),
            ("/viz/platform/姑苏实验室", "/viz/platform/" + quote("姑苏实验室"))]


def _time(client, url: str) -> tuple[float, int]:
    t = time.perf_counter()
    r = client.get(url, headers={"accept-encoding": "identity"})  # the server's time, no decompression here
    return (time.perf_counter() - t) * 1000, r.status_code


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default="scale-views")
    args = ap.parse_args(argv)
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from graph.store import open_store

    store = open_store(args.data)
    triples = (store.counts or {}).get("triples") or len(store)
    plan = urls(store)
    rows: dict[str, list] = {}
    load = [float(Path("/proc/loadavg").read_text().split()[0])]
    base = dict(data=args.data, build_if_empty=False, allowed_hosts=["testserver"])
    with TestClient(create_app(Settings(**base, response_cache_mb=0))) as c:
        for name, url in plan:
            if url is None:  # the first group of the department view, expanded
                graph = c.get(plan[6][1].replace("/viz/department/", "/api/departments/") + "/graph").json()
                group = next((n for n in graph["nodes"] if n.get("kind") == "taskgroup"), None)
                url = group["href"] if group else plan[6][1]
                plan[plan.index((name, None))] = (name, url)
            cold, status = _time(c, url)
            warm = statistics.median(_time(c, url)[0] for _ in range(args.repeat))
            rows[name] = [status, cold, warm]
            print(f"{name:50} {status} cold {cold:9.1f} ms  warm {warm:8.1f} ms", flush=True)
    load.append(float(Path("/proc/loadavg").read_text().split()[0]))
    with TestClient(create_app(Settings(**base))) as c:
        for name, url in plan:
            _time(c, url)
            kept = statistics.median(_time(c, url)[0] for _ in range(args.repeat))
            rows[name].append(kept)
            print(f"{name:50} kept {kept:8.2f} ms", flush=True)
    load.append(float(Path("/proc/loadavg").read_text().split()[0]))
    command = "python bench/bench_scale_views.py " + " ".join(argv if argv is not None else sys.argv[1:])
    lines = [f"Command: `{command.strip()}`", "",
             f"Store: {args.data} ({triples:,} triples). In process (TestClient): the server's time, no HTTP. "
             f"Load average during the runs: {', '.join(f'{x:.1f}' for x in load)} (2 cores, shared).", "",
             "| URL | status | first answer (cache off) | warm, median of "
             f"{args.repeat} (cache off) | kept answer, median of {args.repeat} |",
             "| --- | --- | --- | --- | --- |"]
    for name, (status, cold, warm, kept) in rows.items():
        lines.append(f"| {name} | {status} | {cold:,.1f} ms | {warm:,.1f} ms | {kept:.2f} ms |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
