"""The build's per-department summaries (pkg:DepartmentInDocument) added to a store built before them.

    python bench/summaries_from_store.py STORE_DIR OUT.nt

Reads every task's role links and key from the store at STORE_DIR (a generation directory,
read-only), works out each department's summary of each document as graph.materialise writes
them (first-role counts, first five tasks in key order, partners as JSON) and writes their
N-Triples to OUT.nt, for ``pyoxigraph.Store(copy).bulk_load`` into a copy of the store: a
1,000-copy store gets its summaries in minutes instead of a rebuild (on the 100-copy store built
with the summaries, the output is exactly its 113,200 summary triples).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import instances  # noqa: E402
from graph.formats import NT_ESCAPES  # noqa: E402
from graph.materialise import _XSD_INTEGER, SAMPLE_TASKS, SUMMARY_COUNTS, natural_key, summary_iri  # noqa: E402
from graph.vocab import PKG, RDF, ROLE_RANK  # noqa: E402


def main(store_dir: str, out_path: str) -> None:
    store = ox.Store.read_only(store_dir)
    t0 = time.time()
    roles = {}
    q = f"""PREFIX pkg: <{PKG._NS}>
    SELECT ?t ?key ?doc ?role ?d WHERE {{ ?t pkg:inDocument ?doc ; pkg:key ?key .
     {{ ?t pkg:lead ?d BIND("lead" AS ?role) }} UNION {{ ?t pkg:responsible ?d BIND("responsible" AS ?role) }}
     UNION {{ ?t pkg:participant ?d BIND("participant" AS ?role) }} }}"""
    for s in store.query(q):
        roles.setdefault((s["doc"].value, s["t"].value, s["key"].value), {}).setdefault(s["d"].value, set()).add(s["role"].value)
    print("links read", time.time() - t0, len(roles), file=sys.stderr)
    per = {}
    for (doc, t, key), people in sorted(roles.items(), key=lambda kv: natural_key(kv[0][2])):
        for dept, mine in people.items():
            s = per.setdefault((doc, dept), {"roles": Counter(), "samples": [], "partners": Counter()})
            s["roles"][min(mine, key=ROLE_RANK.__getitem__)] += 1
            if len(s["samples"]) < SAMPLE_TASKS:
                s["samples"].append(t)
            s["partners"].update(set(people) - {dept})
    with open(out_path, "w", encoding="utf-8") as out:
        for (doc, dept), s in per.items():
            doc_id = instances.local_id(doc)
            node = summary_iri(doc_id, dept)
            out.write(f"<{node}> <{RDF.type}> <{PKG.DepartmentInDocument}> .\n<{node}> <{PKG.summaryDepartment}> <{dept}> .\n"
                      f"<{node}> <{PKG.summaryDocument}> <{doc}> .\n")
            for role, prop in SUMMARY_COUNTS.items():
                out.write(f'<{node}> <{PKG[prop]}> "{s["roles"][role]}"^^{_XSD_INTEGER} .\n')
            for t in s["samples"]:
                out.write(f"<{node}> <{PKG.sampleTask}> <{t}> .\n")
            partners = json.dumps(dict(sorted(s["partners"].items())), ensure_ascii=False, separators=(",", ":"))
            out.write(f'<{node}> <{PKG.partnerTasks}> "{partners.translate(NT_ESCAPES)}" .\n')
    print("written", time.time() - t0, len(per), file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
