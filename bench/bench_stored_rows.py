"""Would stored answer rows make "tasks of a department, by role" fast?  A prototype on a copy of a store.

    python bench/bench_stored_rows.py --data D [--repeat 5] [--out NAME]

Copies the current generation of ``D`` to a temporary directory, writes two kinds of stored
rows for the gallery's department (市科技局) into the copy with one SPARQL update (a prototype
of what a build would materialise, not the project's vocabulary):

- *row nodes*: one node per (task, role) with one property per column of the answer
  (task, key, number, title, role, order), so the query reads the department's rows and
  then one value per column;
- *packed rows*: one literal per row on the department (order, role, number, key and title
  joined by a space), so the query reads one string per row and splits it with
  ``STRBEFORE``/``STRAFTER`` (the task's IRI rebuilt with ``IRI(CONCAT(…, ENCODE_FOR_URI(?key)))``).

Then compacts the copy (``Store.optimize``), opens it read-only and times, alternately, the
gallery text (``graph/examples/department-tasks-by-role.rq``), the row-node text sorted and
unsorted, the packed literals alone and the packed text split into the answer's columns,
checking that the split text gives exactly the gallery text's rows.  Prints and writes
bench/results/<out>.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402

PREFIXES = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
PROTO = "https://w3id.org/policykg/prototype#"
INSERT = PREFIXES + f"""PREFIX proto: <{PROTO}>
INSERT {{ ?row proto:department ?dept ; proto:task ?task ; proto:key ?key ; proto:number ?number ;
              proto:title ?title ; proto:role ?role ; proto:order ?order .
          ?dept proto:packedRow ?packed . }}
WHERE {{ ?dept pkg:nameAsWritten "市科技局"@zh .
  {{ ?task pkg:lead ?dept BIND("lead" AS ?role) }} UNION {{ ?task pkg:participant ?dept BIND("participant" AS ?role) }}
  UNION {{ ?task pkg:responsible ?dept BIND("responsible" AS ?role) }}
  ?task pkg:inDocument ?doc ; pkg:orderInDocument ?place ; pkg:key ?key ; pkg:number ?number ; dcterms:title ?title .
  ?doc pkg:documentOrder ?docOrder .
  BIND(?docOrder * 1000000 + ?place AS ?order)
  BIND(IRI(CONCAT(STR(?task), "/row/", ?role)) AS ?row)
  BIND(CONCAT(STR(?order), " ", ?role, " ", STR(?number), " ", STR(?key), " ", STR(?title)) AS ?packed)
}}"""
ROW_NODES = PREFIXES + f"""PREFIX proto: <{PROTO}>
SELECT ?task ?key ?number ?title ?role WHERE {{
  ?dept pkg:nameAsWritten "市科技局"@zh .
  ?row proto:department ?dept ; proto:task ?task ; proto:key ?key ; proto:number ?number ; proto:title ?title ;
       proto:role ?role ; proto:order ?order .
}} ORDER BY ?order"""
PACKED = PREFIXES + f"""PREFIX proto: <{PROTO}>
SELECT ?packed WHERE {{ ?dept pkg:nameAsWritten "市科技局"@zh ; proto:packedRow ?packed }}"""
SPLIT = PREFIXES + f"""PREFIX proto: <{PROTO}>
SELECT ?task ?key ?number ?title ?role WHERE {{
  ?dept pkg:nameAsWritten "市科技局"@zh ; proto:packedRow ?packed .
  BIND(STRBEFORE(?packed, " ") AS ?order) BIND(STRAFTER(?packed, " ") AS ?r1)
  BIND(STRBEFORE(?r1, " ") AS ?role) BIND(STRAFTER(?r1, " ") AS ?r2)
  BIND(STRBEFORE(?r2, " ") AS ?number) BIND(STRAFTER(?r2, " ") AS ?r3)
  BIND(STRBEFORE(?r3, " ") AS ?key) BIND(STRLANG(STRAFTER(?r3, " "), "zh") AS ?title)
  BIND(IRI(CONCAT("https://w3id.org/policykg/id/task/", ENCODE_FOR_URI(?key))) AS ?task)
}} ORDER BY xsd:integer(?order)"""
COLUMNS = ("task", "key", "number", "title", "role")


def _rows(store, query: str) -> tuple[float, list]:
    t = time.perf_counter()
    rows = [tuple(str(s[c]) for c in COLUMNS) if "?task" in query else (str(s[0]),) for s in store.query(query)]
    return time.perf_counter() - t, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default="stored-rows")
    args = ap.parse_args(argv)
    import pyoxigraph as ox

    gallery = (ROOT / "graph" / "examples" / "department-tasks-by-role.rq").read_text(encoding="utf-8")
    texts = {"gallery text (7 lookups per row)": gallery, "row nodes, one property per column": ROW_NODES,
             "row nodes, unsorted": ROW_NODES.replace("ORDER BY ?order", ""),
             "packed literals alone (one string per row)": PACKED,
             "packed literals split into the columns": SPLIT}
    with tempfile.TemporaryDirectory(prefix="pkg-rows-") as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree((args.data / "store").resolve(), copy)
        store = ox.Store(str(copy))
        t = time.perf_counter()
        store.update(INSERT)
        store.optimize()
        written = time.perf_counter() - t
        del store
        store = ox.Store.read_only(str(copy))
        load = [Path("/proc/loadavg").read_text().split()[0]]
        times: dict[str, list] = {k: [] for k in texts}
        rows: dict[str, list] = {}
        for _ in range(args.repeat):
            for name, q in texts.items():
                sec, rows[name] = _rows(store, q)
                times[name].append(sec)
        load.append(Path("/proc/loadavg").read_text().split()[0])
        triples = len(store)
    same = rows["packed literals split into the columns"] == rows["gallery text (7 lookups per row)"]
    lines = ["| text | rows | median |", "| --- | --- | --- |"]
    lines += [f"| {name} | {len(rows[name]):,} | {statistics.median(times[name]) * 1000:.0f} ms |" for name in texts]
    command = "python bench/bench_stored_rows.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = (f"Command: `{command}`\n\nStore: a copy of {args.data} with the prototype rows ({triples:,} triples; "
            f"rows written and the copy compacted in {written:.1f} s), embedded read-only, median of "
            f"{args.repeat}, the texts alternately. Load average: {load[0]} → {load[1]} (2 cores, shared). "
            f"The split packed rows equal the gallery text's rows, in order: {same}.\n\n" + "\n".join(lines) + "\n")
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
