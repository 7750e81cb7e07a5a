"""Every goal of the scale issue measured in one run, with its anchor beside it.

    python bench/bench_goals.py --anchor DIR [--copies 1000] [--anchor-copies 100] [--repeat 3]
                                [--seconds 10] [--work DIR] [--out goals]

``--anchor`` is a checkout of the code the scale issue measured at its start (the build through an
rdflib Graph and pySHACL over the whole graph, no stored counts or answers, one server process), e.g.
``git worktree add --detach /tmp/anchor 0ba6a27^``.  In one run, on the same machine state:

1. builds (:func:`bench.bench_scale.run_build`: wall, CPU, peak RSS of the process tree, load):
   this code on ``--anchor-copies`` and on ``--copies`` copies of the sample (:mod:`bench.scale_corpus`),
   the anchor on ``--anchor-copies`` (at 1,000 copies it needs about 20 GB and 16 minutes or more);
2. the named queries on this code's ``--anchor-copies`` store (over 1M triples): the answer as served
   (kept with the generation) and run on the embedded store, against rdflib Memory and a real
   ``oxigraph serve-read-only`` on the same triples (the timers of :mod:`bench.bench_scale`);
3. first answers (one fresh process per URL, answer cache off, no warm-up), warm answers and kept
   answers of the list endpoints and every view: this code on its ``--copies`` store, the anchor on
   its ``--anchor-copies`` store;
4. HTTP throughput on the bundled sample with wrk (:mod:`bench.bench_http`): ``/api/tasks?department=市科技局``
   and ``/healthz`` at concurrency 1, 8 and 32, this code (``--workers 2``, answer cache off, then on)
   and the anchor (one process);
5. incremental: ``policykg add``/``remove`` of one file and a build after one changed file on this
   code's ``--copies`` store, against a full build (this code's, above, and the anchor's);
6. the build's extraction on a local Dask cluster of 2 workers against the local pool: the same triples.

Writes ``bench/results/<out>.md``: the goal table (goal, target, this code, anchor from the same run,
met) that the README's "Benchmarks" section copies, then every figure the rows are made of.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import bench_http as H  # noqa: E402
from bench.bench_scale import (_load1, embedded_times, kept_times, named_queries, oxigraph_times,  # noqa: E402
                               rdflib_times, run_build)
from bench.goals_table import goal_table, query_table, seconds as _s  # noqa: E402
from bench.report import RESULTS  # noqa: E402
from bench.scale_corpus import SAMPLE, vary, write_corpus  # noqa: E402

_TIME_URL = r"""
import json, statistics, sys, time
from fastapi.testclient import TestClient
from api.app import create_app
from api.settings import Settings
data, repeat, cache, urls = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", json.loads(sys.argv[4])
kw = dict(data=data, build_if_empty=False, allowed_hosts=["testserver"])
if "response_cache_mb" in Settings.model_fields and not cache:
    kw["response_cache_mb"] = 0
def get(c, u):
    t = time.perf_counter(); r = c.get(u, headers={"accept-encoding": "identity"})
    return time.perf_counter() - t, r.status_code
out = {}
with TestClient(create_app(Settings(**kw))) as c:
    for u in urls:
        first, status = get(c, u)
        if cache:
            get(c, u)
        out[u] = [status, first, statistics.median(get(c, u)[0] for _ in range(repeat))]
print(json.dumps(out))
"""


def time_urls(code: Path, data: Path, urls: list[str], repeat: int, cache: bool) -> dict[str, list]:
    """``{url: [status, first s, warm s]}`` from a TestClient over ``data`` running ``code``'s app (a child
    process with ``code`` first on ``sys.path``)."""
    env = dict(os.environ, PYTHONPATH=str(code))
    res = subprocess.run([sys.executable, "-c", _TIME_URL, str(data), str(repeat), "1" if cache else "0",
                          json.dumps(urls)], env=env, cwd=str(code), capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"timing {urls} with {code} failed:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def first_answers(code: Path, data: Path, urls: list[str], repeat: int) -> dict[str, list]:
    """Each URL's first answer in a fresh process (no warm-up, cache off), then warm."""
    out = {}
    for url in urls:
        out.update(time_urls(code, data, [url], repeat, cache=False))
    return out


_BUSIEST = r"""
import json, sys
from fastapi.testclient import TestClient
from api.app import create_app
from api.settings import Settings
with TestClient(create_app(Settings(data=sys.argv[1], build_if_empty=False, allowed_hosts=["testserver"]))) as c:
    top = c.get("/api/departments").json()["items"][0]
print(json.dumps([top["id"], top["workload"]["tasks"]]))
"""


def anchor_busiest(code: Path, data: Path) -> tuple[str, int]:
    """The department with the most tasks by ``code``'s own ``/api/departments`` (id, tasks)."""
    res = subprocess.run([sys.executable, "-c", _BUSIEST, str(data)], env=dict(os.environ, PYTHONPATH=str(code)),
                         cwd=str(code), capture_output=True, text=True, check=True)
    ident, tasks = json.loads(res.stdout.strip().splitlines()[-1])
    return ident, tasks


def busiest(data: Path) -> tuple[str, int]:
    """This code's store: the department with the most tasks (id, count)."""
    from graph import instances
    from graph import queries as Q
    from graph.store import open_store

    _, top = open_store(data).query(Q.PREFIXES + "SELECT ?d ?n WHERE { ?d pkg:taskCount ?n } "
                                                 "ORDER BY DESC(?n) LIMIT 1").rows()
    return instances.local_id(top[0][0]), int(top[0][1])


def policykg(*args: str) -> tuple[float, float, str]:
    """``policykg ARGS`` with this code, in a child process: (wall s, CPU s of it and its workers, stdout)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = os.times()
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, cwd=str(ROOT),
                         capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = os.times()
    if res.returncode != 0:
        raise SystemExit(f"policykg {' '.join(args)} failed:\n{res.stderr[-2000:]}")
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system), res.stdout


def http_rows(code: Path, data: Path, flags: list[str], cache: bool, seconds: float) -> list[dict]:
    """wrk on ``/api/tasks?department=市科技局`` and ``/healthz`` at c=1, 8, 32 against ``code``'s server."""
    port = H.free_port()
    server = H.start_server(data, port, 64, cache=cache, code=code, flags=flags)
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        for name, path, accept in (H.ENDPOINTS[0], H.ENDPOINTS[3]):
            for _ in range(20):  # warm: first answers build caches
                H.warm(base, path, accept)
            for c in (1, 8, 32):
                load = _load1()
                rows.append({"endpoint": name, "c": c, "load": load, **H.drive_wrk(base, path, accept, seconds, c)})
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.log.close()
    return rows


def named_query_times(data: Path, work: Path, queries: dict[str, str], args) -> dict:
    """The named queries on ``data``'s generation: kept answer, embedded run, oxigraph serve, rdflib Memory
    (seconds), and co-participation with networkx."""
    import pyoxigraph as ox

    from graph.analytics import Analytics
    from graph.store import open_store

    generation = (data / "store").resolve()
    nt = work / "dump.nt"
    store = ox.Store.read_only(str(generation))
    store.dump(output=str(nt), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    del store
    out = {"embedded": embedded_times(generation, queries, args.repeat),
           "kept": kept_times(generation, queries, args.repeat)}
    out["oxigraph"], out["oxigraph_load"] = oxigraph_times(nt, work, queries, args.repeat)
    rdf, cut = rdflib_times(nt, queries, args.rdflib_budget)
    nt.unlink()
    out["rdflib"] = {k: v[0] for k, v in rdf.items() if k != "load" and not isinstance(v[1], str)}
    out["rdflib_text"] = lambda name: (_s(rdf[name][0]) if name in rdf and not isinstance(rdf[name][1], str)
                                       else rdf[name][1] if name in rdf else f"not answered ({cut or 'budget'})")
    s = open_store(data)
    t0 = time.perf_counter()
    Analytics.from_store(s).coparticipation(1)
    out["networkx"] = time.perf_counter() - t0
    return out


def _build_text(r: dict) -> str:
    return (f"{r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, peak RSS {r['tree_rss_mb']:,.0f} MB, "
            f"{r['triples']:,} triples (load {r['load'][1]:.1f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--anchor", type=Path, required=True, help="checkout of the code at the issue's start")
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--anchor-copies", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=10.0, help="duration of each wrk run")
    ap.add_argument("--rdflib-budget", type=float, default=300.0)
    ap.add_argument("--flat-copies", type=int, default=0,
                    help="also build this many copies (memory row only; corpus and store deleted after)")
    ap.add_argument("--work", type=Path, default=None, help="keep corpora and stores here (default: a temporary dir)")
    ap.add_argument("--out", default="goals")
    ap.add_argument("--readme", action="store_true",
                    help="also put the table into README.md (between the goals:start/end markers)")
    args = ap.parse_args()
    anchor, n, a = args.anchor.resolve(), args.copies, args.anchor_copies
    command = "python bench/bench_goals.py " + " ".join(shlex.quote(x) for x in sys.argv[1:])
    tmp = tempfile.TemporaryDirectory(prefix="pkg-goals-") if args.work is None else None
    work = Path(tmp.name) if tmp else args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    anchor_commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=anchor, capture_output=True,
                                   text=True).stdout.strip()
    detail: list[str] = []

    def note(line: str) -> None:
        print(line, flush=True)
        detail.append(line)

    # 1. builds
    small, big = work / f"corpus-{a}", work / f"corpus-{n}"
    for corpus, copies in ((small, a), (big, n)):
        if not corpus.exists():
            write_corpus(corpus, copies)
    b_anchor = run_build(anchor, [], small, work / "anchor-small")
    note(f"- build {a} copies, anchor: {_build_text(b_anchor)}; phases: {b_anchor['phases']}")
    b_small = run_build(ROOT, [], small, work / "this-small")
    note(f"- build {a} copies, this code: {_build_text(b_small)}; phases: {b_small['phases']}")
    b_big = run_build(ROOT, [], big, work / "this-big")
    note(f"- build {n} copies, this code: {_build_text(b_big)}; phases: {b_big['phases']}")

    b_flat = None
    if args.flat_copies:
        import shutil

        flat = work / f"corpus-{args.flat_copies}"
        write_corpus(flat, args.flat_copies)
        b_flat = {**run_build(ROOT, [], flat, work / "this-flat"), "copies": args.flat_copies}
        note(f"- build {args.flat_copies} copies, this code: {_build_text(b_flat)}; phases: {b_flat['phases']}")
        shutil.rmtree(flat)
        shutil.rmtree(work / "this-flat")

    # 2. named queries at over 1M triples, with rdflib and oxigraph serve on the same triples
    queries = named_queries()
    q = named_query_times(work / "this-small", work, queries, args)
    for name in queries:
        note(f"- query {name} ({b_small['triples']:,} triples): kept {_s(q['kept'][name]) if name in q['kept'] else 'no (run on first request)'}, "
             f"run {_s(q['embedded'][name][0])} ({q['embedded'][name][1]} rows), oxigraph serve "
             f"{_s(q['oxigraph'][name][0])}, rdflib {q['rdflib_text'](name)}")
    note(f"- co-participation with networkx: {_s(q['networkx'])}; oxigraph load {q['oxigraph_load']:.1f} s, "
         f"rdflib load {q['rdflib_text']('load')}")

    # 3. first, warm and kept answers: this code on its big store, the anchor on its small one
    dept, ntasks = busiest(work / "this-big")
    d = quote(dept, safe="")
    this_urls = ["/healthz", "/api/stats", f"/api/tasks?department={d}", "/api/tasks?year=2025",
                 "/api/workload?limit=50", "/api/coparticipation?limit=50", f"/viz/department/{d}",
                 "/viz/workload", "/viz/coparticipation", "/viz/district/" + quote("昆山市"),
                 "/viz/platform/" + quote("姑苏实验室")]
    a_dept, a_ntasks = anchor_busiest(anchor, work / "anchor-small")
    ad = quote(a_dept, safe="")
    anchor_urls = ["/healthz", "/api/stats", f"/api/tasks?department={ad}", "/api/workload?limit=50",
                   f"/viz/department/{ad}", "/viz/coparticipation"]
    this_first = first_answers(ROOT, work / "this-big", this_urls, args.repeat)
    this_kept = time_urls(ROOT, work / "this-big", this_urls, args.repeat, cache=True)
    anchor_first = first_answers(anchor, work / "anchor-small", anchor_urls, args.repeat)
    for u, (st, first, warm) in this_first.items():
        note(f"- this code, {n} copies, `{unquote(u)}`: {st}, first {_s(first)}, warm {_s(warm)}, kept {_s(this_kept[u][2])}")
    for u, (st, first, warm) in anchor_first.items():
        note(f"- anchor, {a} copies, `{unquote(u)}`: {st}, first {_s(first)}, warm {_s(warm)}")

    # 4. HTTP on the sample
    sample_this, sample_anchor = work / "sample-this", work / "sample-anchor"
    if not sample_this.exists():
        policykg("build", "--data", str(sample_this))
        subprocess.run([sys.executable, "-m", "api.cli", "build", "--data", str(sample_anchor)], cwd=anchor,
                       env=dict(os.environ, PYTHONPATH=str(anchor)), check=True, capture_output=True)
    http = {"this, 2 workers, cache off": http_rows(ROOT, sample_this, ["--workers", "2", "--no-access-log"],
                                                    False, args.seconds),
            "this, 2 workers, cache on": http_rows(ROOT, sample_this, ["--workers", "2", "--no-access-log"],
                                                   True, args.seconds),
            "anchor (one process)": http_rows(anchor, sample_anchor, [], True, args.seconds)}
    for label, rows in http.items():
        for r in rows:
            note(f"- HTTP {label}: {r['endpoint']} c={r['c']}: {r['rps']:,.0f} req/s, p50 {r['p50']:.1f} ms, "
                 f"p99 {r['p99']:.1f} ms, errors {sum(r['errors'].values())} (load {r['load']:.1f})")

    # 5. incremental, on the big store (after everything that reads it)
    new = work / "extra" / "copy_new.md"
    new.parent.mkdir(exist_ok=True)
    new.write_text(vary(SAMPLE.read_text(encoding="utf-8"), n + 7), encoding="utf-8")
    data_big = str(work / "this-big")
    add = policykg("add", str(new), "--data", data_big)
    remove = policykg("remove", new.name, "--data", data_big)
    victim = sorted(big.glob("*.md"))[n // 2]
    original = victim.read_text(encoding="utf-8")
    victim.write_text(original.replace("市科技局", "市科学技术局", 1), encoding="utf-8")
    changed = policykg("build", str(big), "--data", data_big)
    victim.write_text(original, encoding="utf-8")
    for label, (wall, cpu, _) in (("add one file (10 documents)", add), ("remove it", remove),
                                  ("build after one file changed", changed)):
        note(f"- incremental, {n * 10:,} documents: {label}: {wall:.2f} s wall, {cpu:.2f} s CPU")

    # 6. Dask against the local pool: the same triples
    import pyoxigraph as ox

    from graph.store_files import current_generation

    dask_corpus = work / "corpus-dask"
    if not dask_corpus.exists():
        write_corpus(dask_corpus, 20)
    local = policykg("build", str(dask_corpus), "--data", str(work / "dask-local"))
    on_dask = policykg("build", str(dask_corpus), "--data", str(work / "dask"), "--engine", "dask")
    same = ({q.triple for q in ox.Store.read_only(str(current_generation(work / "dask")))}
            == {q.triple for q in ox.Store.read_only(str(current_generation(work / "dask-local")))})
    note(f"- 20 copies on a local Dask cluster (2 workers): {on_dask[0]:.1f} s wall; the local pool "
         f"{local[0]:.1f} s; the same triples: {same}")

    table = goal_table(n=n, a=a, b_anchor=b_anchor, b_small=b_small, b_big=b_big, q=q, dept=dept, ntasks=ntasks,
                       this_first=this_first, this_kept=this_kept, anchor_first=anchor_first, http=http, add=add,
                       changed=changed, same=same, on_dask=on_dask, local=local, a_dept=a_dept, a_ntasks=a_ntasks,
                       b_flat=b_flat)
    table += f"\n\nThe named queries one by one ({b_small['triples']:,} triples, {a} copies):\n\n" + query_table(q)
    text = (f"Command: `{command}`\n\nThis code: {commit}; anchor: {anchor_commit} ({anchor}). Machine: "
            f"{os.cpu_count()} cores, started {started}, load average (1 min) beside each figure.\n\n{table}\n\n"
            "## Every figure\n\n" + "\n".join(detail) + "\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    print(table)
    if args.readme:
        put_in_readme(f"Run of {started}: this code {commit}, anchor {anchor_commit}; result file "
                      f"`bench/results/{args.out}.md`.\n\n{table}")
    if tmp:
        tmp.cleanup()


def put_in_readme(block: str, readme: Path = ROOT / "README.md") -> None:
    """Replace what README.md holds between ``<!-- goals:start -->`` and ``<!-- goals:end -->``."""
    text = readme.read_text(encoding="utf-8")
    head, sep, rest = text.partition("<!-- goals:start -->\n")
    _, sep2, tail = rest.partition("<!-- goals:end -->")
    if not (sep and sep2):
        raise SystemExit("README.md: no <!-- goals:start --> ... <!-- goals:end --> block")
    readme.write_text(f"{head}{sep}{block}\n{sep2}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
