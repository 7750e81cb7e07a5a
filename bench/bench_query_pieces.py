"""What the slow gallery queries spend their time on: the same question read column by column.

    python bench/bench_query_pieces.py --data D [--repeat 3] [--out query-pieces]

Runs, on the embedded store of ``--data`` (pyoxigraph read-only), each gallery
query that answers thousands of rows as written and in pieces: its rows with
no column but the ones that find them, then one more column, then every column
unsorted, then sorted (tasks by role); the rows unsorted, sorted without the
title tie-break, sorted as written (documents by issuer); the mentions counted,
with their task keys, as written (tasks by platform).  Each piece is timed
``--repeat`` times (median).  The difference between two pieces is what the
added column or sort costs: about one index lookup per row and column.  Writes
bench/results/<out>.md with the load average before and after.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402

PREFIXES = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_ROLE = """?dept pkg:nameAsWritten "市科技局"@zh .
  { ?task pkg:lead ?dept BIND("lead" AS ?role) } UNION { ?task pkg:participant ?dept BIND("participant" AS ?role) }
  UNION { ?task pkg:responsible ?dept BIND("responsible" AS ?role) }"""
_ISSUER = """?document a pkg:Document ; rdfs:label ?title ; pkg:documentTaskCount ?tasks .
  OPTIONAL { ?document pkg:issuer ?issuer }
  OPTIONAL { ?document pkg:kind ?kind }"""


def _example(name: str) -> str:
    return (ROOT / "graph" / "examples" / f"{name}.rq").read_text(encoding="utf-8")


def pieces() -> list[tuple[str, str]]:
    """(name, query) of every piece, in the order they are timed."""
    return [
        ("tasks by role: task and role only (the rows)", f"SELECT ?task ?role WHERE {{ {_ROLE} }}"),
        ("… + 1 column (pkg:key)", f"SELECT ?task ?role ?key WHERE {{ {_ROLE} ?task pkg:key ?key }}"),
        ("… + the 3 order columns (document, place, document's place)",
         f"SELECT ?task ?role WHERE {{ {_ROLE} ?task pkg:inDocument ?doc ; pkg:orderInDocument ?place . "
         "?doc pkg:documentOrder ?docOrder }"),
        ("… every column, unsorted",
         f"SELECT ?task ?key ?number ?title ?role WHERE {{ {_ROLE} ?task pkg:inDocument ?doc ; "
         "pkg:orderInDocument ?place ; pkg:key ?key ; pkg:number ?number ; dcterms:title ?title . "
         "?doc pkg:documentOrder ?docOrder }"),
        ("… as written (sorted on the two integers)", _example("department-tasks-by-role")),
        ("documents by issuer: unsorted", f"SELECT ?document ?title ?issuer ?kind ?tasks WHERE {{ {_ISSUER} }}"),
        ("… sorted without the title tie-break",
         f"SELECT ?document ?title ?issuer ?kind ?tasks WHERE {{ {_ISSUER} }} "
         "ORDER BY DESC(BOUND(?issuer)) ?issuer DESC(?tasks)"),
        ("… as written (the title breaks ties)", _example("documents-by-issuer")),
        ("tasks by platform: mentions counted", "SELECT (COUNT(*) AS ?n) WHERE { ?task pkg:mentionsPlatform ?p }"),
        ("… with each mention's task key read",
         "SELECT (COUNT(?k) AS ?n) WHERE { ?task pkg:mentionsPlatform ?p ; pkg:key ?k }"),
        ("… every mention's key grouped (the text before pkg:PlatformTasks)",
         "SELECT ?platform ?label ?type (COUNT(DISTINCT ?task) AS ?tasks) "
         "(GROUP_CONCAT(DISTINCT ?key; SEPARATOR=\" \") AS ?keys) WHERE { "
         "?platform a pkg:Platform ; rdfs:label ?label ; pkg:platformType ?type . "
         "?task pkg:mentionsPlatform ?platform ; pkg:key ?key } GROUP BY ?platform ?label ?type "
         "ORDER BY DESC(?tasks) ?label"),
        ("… as written (the stored pkg:PlatformTasks)", _example("tasks-by-platform")),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default="query-pieces")
    args = ap.parse_args(argv)
    import pyoxigraph as ox

    store = ox.Store.read_only(str((args.data / "store").resolve()))
    load = [Path("/proc/loadavg").read_text().split()[0]]
    lines = ["| piece | rows | median |", "| --- | --- | --- |"]
    for name, query in pieces():
        text = query if query.lstrip().startswith(("#", "PREFIX")) else PREFIXES + query
        times, rows = [], 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            rows = len(list(store.query(text)))
            times.append(time.perf_counter() - t)
        lines.append(f"| {name} | {rows:,} | {statistics.median(times) * 1000:,.0f} ms |")
        print(lines[-1], flush=True)
    load.append(Path("/proc/loadavg").read_text().split()[0])
    command = "python bench/bench_query_pieces.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = (f"Command: `{command}`\n\nStore: {args.data} ({len(store):,} triples), embedded, median of "
            f"{args.repeat}. Load average: {load[0]} → {load[1]} (2 cores, shared).\n\n" + "\n".join(lines) + "\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
