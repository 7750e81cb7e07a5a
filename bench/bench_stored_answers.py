"""The named queries answered from the answers kept with the store generation, beside running them.

    python bench/bench_stored_answers.py --data D [--repeat 5] [--out NAME] [--no-http]

For every named query (:mod:`graph.stored_answers`: the gallery ``graph/examples/*.rq`` and the
query page's example) on the embedded store of ``--data``, in turn and in the same minutes:

- what the build spent on it (the ``seconds`` kept beside the answer: the query run and its JSON
  written, two at a time);
- *run*: the query run on the store, its rows read (as ``bench/bench_query_texts.py``), and run
  and serialized as SPARQL JSON (what a ``/sparql`` query worker does);
- *kept*: the kept answer as SPARQL JSON (:func:`graph.stored_answers.serve`), as CSV (the first
  one written from the JSON, then the one kept beside it), and as the rows of the HTML table;
- over HTTP (TestClient, the app of this checkout, unless ``--no-http``): ``/sparql`` with the
  named text (kept) and with the same text edited by one blank (run in a query worker), both as
  SPARQL JSON; the bodies are compared.

Medians of ``--repeat``; writes bench/results/<out>.md with the command and the load average.
A generation that keeps no answer for a query (built before this code) gets one written first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import keep, load_average  # noqa: E402


def _median(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default="stored-answers")
    ap.add_argument("--no-http", action="store_true")
    args = ap.parse_args(argv)
    import pyoxigraph as ox

    from graph import gallery, stored_answers as SA
    from graph import queries as Q
    from graph.answers import serialize_capped
    from graph.store_files import current_generation

    generation = current_generation(args.data)
    store = ox.Store.read_only(str(generation))
    named = [(e.name, e.sparql) for e in gallery.examples()] + [(SA.EXAMPLE, Q.example_query())]
    load = [load_average()]
    client = None
    if not args.no_http:
        from fastapi.testclient import TestClient

        from api.app import create_app
        from api.settings import Settings
        client = TestClient(create_app(Settings(data=args.data, build_if_empty=False,
                                                allowed_hosts=["testserver"], query_timeout=600)))
        client.__enter__()
    lines = ["| query | rows | build step | run: rows read | run + JSON | kept: JSON | kept: CSV first / kept "
             "| kept: HTML rows | `/sparql` kept (JSON) | `/sparql` edited text, run |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    total_bytes = 0
    for name, text in named:
        kept = SA.lookup(generation, text)
        if kept is None:
            body, rows = SA.json_answer(SA.raw_result(store.query(text)))
            kept = SA.keep(generation, text, body, rows)
        meta = json.loads(kept.path.with_suffix(".meta").read_text(encoding="utf-8"))
        total_bytes += kept.path.stat().st_size
        t_rows, _ = _median(lambda: len(list(store.query(text))), args.repeat)
        t_json, ran = _median(lambda: serialize_capped(SA.raw_result(store.query(text)),
                                                       {"table": "json"}, 1 << 62), args.repeat)
        t_kept, served = _median(lambda: SA.serve(SA.lookup(generation, text), {"table": "json"}, 1 << 62),
                                 args.repeat)
        assert served.body == ran.body, name
        kept.path.with_suffix(".csv").unlink(missing_ok=True)
        t0 = time.perf_counter()
        SA.serve(SA.lookup(generation, text), {"table": "csv"}, 1 << 62)
        t_csv_first = time.perf_counter() - t0
        t_csv, _ = _median(lambda: SA.serve(SA.lookup(generation, text), {"table": "csv"}, 1 << 62), args.repeat)
        t_html, _ = _median(lambda: SA.serve(SA.lookup(generation, text), {"table": "html"}, 1 << 62), args.repeat)
        http = "— | —"
        if client is not None:
            edited = text.replace("SELECT", "SELECT ", 1)

            def get(q: str):
                r = client.get("/sparql", params={"query": q, "format": "json"})
                r.raise_for_status()
                return r
            t_http, a = _median(lambda: get(text), args.repeat)
            t_run, b = _median(lambda: get(edited), args.repeat)
            assert a.headers.get("x-policykg-answer") == "stored" and a.content == b.content, name
            http = f"{_fmt(t_http)} | {_fmt(t_run)}"
        lines.append(f"| {name} | {kept.rows:,} | {_fmt(meta['seconds'])} | {_fmt(t_rows)} | {_fmt(t_json)} | "
                     f"{_fmt(t_kept)} | {_fmt(t_csv_first)} / {_fmt(t_csv)} | {_fmt(t_html)} | {http} |")
        print(lines[-1], flush=True)
    if client is not None:
        client.__exit__(None, None, None)
    load.append(load_average())
    folder = generation / SA.ANSWERS_DIR
    size = sum(p.stat().st_size for p in folder.iterdir())
    command = "python bench/bench_stored_answers.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = (f"Command: `{command}`\n\nStore: {args.data} ({len(store):,} triples), generation {generation.name}; "
            f"median of {args.repeat}. Load average: {load[0]} → {load[1]} (2 cores, shared). Kept answers: "
            f"{total_bytes / 1e6:.1f} MB of JSON ({size / 1e6:.1f} MB with the CSV kept by this run).\n\n"
            + "\n".join(lines) + "\n")
    keep(args.out, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
