"""Build and query speed of the main job on the embedded store.

    python bench/bench_build.py [--copies 20] [--repeat 20]

Builds the bundled sample, then ``--copies`` renamed copies of it (a larger
corpus of distinct documents), into fresh stores, and times the phases and a
few analyst queries (median of ``--repeat``).  Prints a Markdown table and
writes bench/results/build.md.
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

from bench.report import report  # noqa: E402
from graph import build_corpus  # noqa: E402
from graph.analytics import Analytics  # noqa: E402
from graph.store import open_store  # noqa: E402

QUERIES = {
    "tasks involving 市科技局": """PREFIX pkg: <https://w3id.org/policykg/ontology#>
        SELECT DISTINCT ?t WHERE { ?t pkg:involves ?d . ?d pkg:nameAsWritten "市科技局"@zh }""",
    "workload top 10 (materialised)": """PREFIX pkg: <https://w3id.org/policykg/ontology#>
        SELECT ?d ?n WHERE { ?d pkg:taskCount ?n } ORDER BY DESC(?n) LIMIT 10""",
    "targets due by 2025": """PREFIX pkg: <https://w3id.org/policykg/ontology#>
        SELECT ?t ?x WHERE { ?t pkg:hasTarget ?x . ?x pkg:dueYear ?y FILTER(STR(?y) <= "2025") }""",
}


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    sample = ROOT / "data" / "suzhou_2022_01.md"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        corpus.mkdir()
        for i in range(args.copies):
            shutil.copy(sample, corpus / f"copy_{i:03d}.md")
        for label, paths in (("sample", None), (f"{args.copies} copies", [corpus])):
            data = tmp / f"data-{len(rows)}"
            t0 = time.perf_counter()
            summary = build_corpus(paths, data)
            build_s = time.perf_counter() - t0
            store = open_store(data)
            rows.append((f"build {label}", f"{summary.documents} documents, {summary.tasks} tasks, "
                                           f"{summary.triples:,} triples in {build_s:.2f} s (SHACL included)"))
            for name, q in QUERIES.items():
                ms = _median_ms(lambda q=q: store.query(q).rows(), args.repeat)
                rows.append((f"{label}: {name}", f"{ms:.1f} ms"))
            ms = _median_ms(lambda: Analytics.from_store(store).coparticipation(1), max(3, args.repeat // 4))
            rows.append((f"{label}: co-participation pairs (networkx)", f"{ms:.0f} ms"))
    report("build", f"python bench/bench_build.py --copies {args.copies} --repeat {args.repeat}", rows)

if __name__ == "__main__":
    main()
