"""Build and query at scale: varied copies of the sample, side by side with the anchors.

    python bench/bench_scale.py --copies 10,100 [--queries] [--variant LABEL=DIR[|ARGS]]...

For each number of copies, :mod:`bench.scale_corpus` writes the corpus, then
each variant runs ``policykg build CORPUS --data TMP ARGS`` in a subprocess
with ``PYTHONPATH=DIR`` (default: one variant ``this`` = this checkout; give
``--variant before=/work/main --variant after=.`` to compare two checkouts in
the same run).  Recorded per build: wall time, the phases the build prints
(``phases:`` line, when it has one), the child's peak RSS (``wait4``) and the
peak of the summed RSS of its process tree (polled from ``/proc`` every 0.1 s,
which counts pool workers too), triples, and the machine's 1-minute load average
(at the start, mean and max of one reading a second, at the end: the cores are shared).

With ``--queries``, the store of the last variant is asked the named queries
(the README's 市科技局 query and every gallery query ``graph/examples/*.rq``)
on the embedded store (pyoxigraph read-only, median of ``--repeat``; and, when the generation keeps
its answer, :mod:`graph.stored_answers`, that answer read and served as SPARQL JSON), on rdflib
Memory (loaded from the store's N-Triples in a subprocess, one run per query,
killed after ``--rdflib-budget`` seconds) and on a real ``oxigraph serve-read-only``
over the same data (median of ``--repeat``, HTTP included), plus
co-participation with networkx (:class:`graph.analytics.Analytics`), and the
API's ``/healthz`` and ``/api/stats`` through FastAPI's TestClient (on each variant's store,
with its code).

Writes bench/results/scale.md (command, then one table per corpus size).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS, readme_query  # noqa: E402
from bench.scale_corpus import write_corpus  # noqa: E402

README_QUERY = readme_query()


def named_queries() -> dict[str, str]:
    """The README's query, then the gallery (graph/examples/*.rq) by name."""
    out = {"README: tasks involving 市科技局": README_QUERY}
    for path in sorted((ROOT / "graph" / "examples").glob("*.rq")):
        out[path.stem] = path.read_text(encoding="utf-8")
    return out


# ---------------------------------------------------------------- builds

def _tree_rss_kb(pid: int) -> int:
    """Summed VmRSS (kB) of ``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def run_build(code_dir: Path, extra: list[str], corpus: Path, data: Path) -> dict:
    """``policykg build corpus --data data extra`` with ``PYTHONPATH=code_dir``: timings, RSS, output."""
    env = dict(os.environ, PYTHONPATH=str(code_dir))
    cmd = [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())",
           "build", str(corpus), "--data", str(data), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=str(code_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    loads: list[float] = [_load1()]
    done = threading.Event()

    def poll():
        ticks = 0
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            ticks += 1
            if ticks % 10 == 0:
                loads.append(_load1())
            done.wait(0.1)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True)
    err_chunks: list[bytes] = []
    ereader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    ereader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    reader.join()
    ereader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = b"".join(out_chunks).decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(cmd)}\n"
                         f"{b''.join(err_chunks).decode('utf-8', 'replace')[-2000:]}")
    fields = dict(line.split(": ", 1) for line in out.splitlines()
                  if ": " in line and not line.startswith(("warning", "skipped")))
    return {"wall": wall, "max_rss_mb": usage.ru_maxrss / 1024, "tree_rss_mb": peak[0] / 1024,
            "triples": int(fields.get("triples", "0")), "documents": fields.get("documents"),
            "tasks": fields.get("tasks"), "phases": fields.get("phases", ""),
            "cpu": usage.ru_utime + usage.ru_stime,
            "load": (loads[0], sum(loads) / len(loads), max(loads), _load1())}


def _load1() -> float:
    """The machine's 1-minute load average (the cores are shared: what else was running)."""
    return float(Path("/proc/loadavg").read_text().split()[0])


# ---------------------------------------------------------------- queries

def _median(fn, repeat: int) -> tuple[float, object]:
    """Median seconds of ``fn`` over ``repeat`` runs (fewer when one run takes over 2 s), last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        if times[-1] > 2:
            break
    return statistics.median(times), result


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def embedded_times(generation: Path, queries: dict[str, str], repeat: int) -> dict[str, tuple[float, int]]:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(generation))
    out = {}
    for name, q in queries.items():
        out[name] = _median(lambda q=q: len(list(store.query(q))), repeat)
    return out


def kept_times(generation: Path, queries: dict[str, str], repeat: int) -> dict[str, float]:
    """The answers kept with the generation (graph.stored_answers), read and served as SPARQL JSON:
    {name: median seconds} for the queries that have one."""
    try:
        from graph import stored_answers as SA
    except ImportError:  # a checkout before kept answers
        return {}
    out = {}
    for name, q in queries.items():
        if SA.lookup(generation, q) is not None:
            out[name] = _median(lambda q=q: SA.serve(SA.lookup(generation, q), {"table": "json"}, 1 << 62),
                                repeat)[0]
    return out


_RDFLIB = r"""
import json, sys, time
from rdflib import Graph
t0 = time.perf_counter()
g = Graph()
g.parse(sys.argv[1], format="nt")
print(json.dumps({"name": "load", "s": time.perf_counter() - t0, "rows": len(g)}), flush=True)
for name, q in json.loads(sys.stdin.read()).items():
    t0 = time.perf_counter()
    try:
        n = len(list(g.query(q)))
    except Exception as exc:  # rdflib fails on some queries (ORDER BY over unbound values)
        n = f"error: {type(exc).__name__}"
    print(json.dumps({"name": name, "s": time.perf_counter() - t0, "rows": n}), flush=True)
"""


def rdflib_times(nt: Path, queries: dict[str, str], budget: float) -> tuple[dict, str]:
    """rdflib Memory in a subprocess: {name: (s, rows)}, and what was cut when ``budget`` ran out."""
    proc = subprocess.Popen([sys.executable, "-c", _RDFLIB, str(nt)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    proc.stdin.write(json.dumps(queries))
    proc.stdin.close()
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    reader.join(budget)
    cut = ""
    if reader.is_alive():
        os.killpg(proc.pid, signal.SIGKILL)
        cut = f"killed after {budget:.0f} s"
        reader.join()
    proc.wait()
    found = {}
    for line in lines:
        r = json.loads(line)
        found[r["name"]] = (r["s"], r["rows"])
    return found, cut


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_times(nt: Path, work: Path, queries: dict[str, str], repeat: int) -> tuple[dict, float]:
    """A real ``oxigraph serve-read-only`` on the same triples: {name: (s, rows)} and its load time."""
    location = work / "oxigraph"
    t0 = time.perf_counter()
    subprocess.run(["oxigraph", "load", "--location", str(location), "--file", str(nt)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    load_s = time.perf_counter() - t0
    port = _free_port()
    server = subprocess.Popen(["oxigraph", "serve-read-only", "--location", str(location),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)

        def ask(q: str) -> int:
            req = urllib.request.Request(url, data=q.encode("utf-8"), headers={
                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(req, timeout=600) as resp:
                return len(json.loads(resp.read())["results"]["bindings"])

        return {name: _median(lambda q=q: ask(q), repeat) for name, q in queries.items()}, load_s
    finally:
        server.terminate()
        server.wait()


def api_times(data: Path, code_dir: Path, repeat: int) -> dict[str, float]:
    """``/healthz`` and ``/api/stats`` (warm: the second request on) through TestClient, in a subprocess
    running ``code_dir``'s code."""
    script = r"""
import json, statistics, sys, time
from fastapi.testclient import TestClient
from api.app import create_app
from api.settings import Settings
out = {}
with TestClient(create_app(Settings(data=sys.argv[1])), base_url="http://127.0.0.1") as client:
    for path in ("/healthz", "/api/stats"):
        client.get(path).raise_for_status()
        times = []
        for _ in range(int(sys.argv[2])):
            t0 = time.perf_counter(); client.get(path).raise_for_status(); times.append(time.perf_counter() - t0)
        out[path] = statistics.median(times)
print(json.dumps(out))
"""
    env = dict(os.environ, PYTHONPATH=str(code_dir))
    res = subprocess.run([sys.executable, "-c", script, str(data), str(repeat)], env=env, cwd=str(code_dir),
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- main

def parse_variant(text: str) -> tuple[str, Path, list[str]]:
    label, _, rest = text.partition("=")
    code, _, args = rest.partition("|")
    if not label or not code:
        raise SystemExit(f"--variant {text!r}: expected LABEL=DIR or LABEL=DIR|ARGS")
    return label, Path(code).resolve(), shlex.split(args)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", default="10,100", help="comma-separated corpus sizes (copies of the sample)")
    ap.add_argument("--variant", action="append", default=[],
                    help="LABEL=DIR[|BUILD ARGS]: build with the code in DIR (repeatable)")
    ap.add_argument("--queries", action="store_true", help="time the named queries against the anchors")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rdflib-budget", type=float, default=240.0,
                    help="seconds rdflib may take (load and queries) per corpus size")
    ap.add_argument("--out", default="scale", help="results file name under bench/results/")
    ap.add_argument("--data", type=Path, default=None,
                    help="with --queries: time them on the store already built in this data directory "
                         "(no corpus is written, nothing is built)")
    args = ap.parse_args()
    variants = [parse_variant(v) for v in args.variant] or [("this", ROOT, [])]
    sizes = [int(x) for x in args.copies.split(",")]
    command = "python bench/bench_scale.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    sections = [f"Command: `{command}`", "",
                f"Machine: {os.cpu_count()} cores (shared with other jobs), "
                f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}."]
    if args.data is not None:
        with tempfile.TemporaryDirectory(prefix="pkg-scale-") as tmp:
            rows = query_rows(args.data, ROOT, Path(tmp), args)
        load = Path("/proc/loadavg").read_text().split()[:3]
        table = "\n".join(["| measure | result |", "| --- | --- |"] + [f"| {a} | {b} |" for a, b in rows])
        sections.append(f"\n### the store in {args.data} (load average at the end: {', '.join(load)})\n\n{table}")
        print(sections[-1], flush=True)
        sizes = []
    for copies in sizes:
        with tempfile.TemporaryDirectory(prefix="pkg-scale-") as tmp:
            tmp = Path(tmp)
            corpus = tmp / "corpus"
            write_corpus(corpus, copies)
            mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
            rows = []
            last_data, built = None, []
            for label, code, extra in variants:
                data = tmp / f"data-{label}"
                r = run_build(code, extra, corpus, data)
                print(f"[{copies} copies] {label}: {r}", flush=True)
                rows.append((f"build, {label} (`{' '.join(extra) or 'defaults'}`)",
                             f"{r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, peak RSS {r['max_rss_mb']:,.0f} MB "
                             f"(process tree {r['tree_rss_mb']:,.0f} MB), {r['triples']:,} triples, "
                             f"{r['documents']} documents, {r['tasks']} tasks; load average (1 min) "
                             "{:.1f} at the start, {:.1f} mean, {:.1f} max, {:.1f} at the end".format(*r["load"])
                             + (f"; phases: {r['phases']}" if r["phases"] else "")))
                last_data, last_code = data, code
                built.append((label, data, code))
            if args.queries:
                rows.extend(query_rows(last_data, last_code, tmp, args))
                for label, data, code in built:
                    for path, sec in api_times(data, code, max(3, args.repeat)).items():
                        rows.append((f"`GET {path}`, {label} (TestClient, warm, median)", _fmt(sec)))
        table = "\n".join(["| measure | result |", "| --- | --- |"] + [f"| {a} | {b} |" for a, b in rows])
        section = f"\n### {copies} copies ({mb:.1f} MB)\n\n{table}"
        print(section, flush=True)
        sections.append(section)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text("\n".join(sections) + "\n", encoding="utf-8")


def query_rows(data: Path, code: Path, tmp: Path, args) -> list[tuple[str, str]]:
    import pyoxigraph as ox

    queries = named_queries()
    generation = (data / "store").resolve()
    nt = tmp / "dump.nt"
    store = ox.Store.read_only(str(generation))
    store.dump(output=str(nt), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    del store
    emb = embedded_times(generation, queries, args.repeat)
    kept = kept_times(generation, queries, args.repeat)
    ox_times, ox_load = oxigraph_times(nt, tmp, queries, args.repeat)
    rdf, cut = rdflib_times(nt, queries, args.rdflib_budget)
    rows = [("anchors: loading the same N-Triples",
             f"oxigraph load {ox_load:.1f} s; rdflib Memory "
             + (f"{rdf['load'][0]:.1f} s" if "load" in rdf else f"not loaded ({cut})"))]
    for name in queries:
        e, o, r = emb[name], ox_times[name], rdf.get(name)
        rows.append((f"query: {name} ({e[1]} rows)",
                     (f"kept answer (SPARQL JSON) {_fmt(kept[name])} · " if name in kept else "")
                     + f"embedded {_fmt(e[0])} · oxigraph serve {_fmt(o[0])} · rdflib "
                     + (("fails: " + r[1][7:]) if isinstance(r and r[1], str)
                        else _fmt(r[0]) if r else f"> budget ({cut or 'not run'})")))
    sys.path.insert(0, str(code))
    from graph.analytics import Analytics
    from graph.store import open_store

    s = open_store(data)
    t, a = _median(lambda: Analytics.from_store(s).coparticipation(1), max(1, args.repeat // 2))
    rows.append((f"co-participation pairs with networkx ({len(a)} pairs)", _fmt(t)))
    return rows


if __name__ == "__main__":
    main()
