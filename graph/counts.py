"""What a store holds, counted once by the build and kept with its generation.

Counting a big store on every request is slow (``COUNT(*)`` over 5.7M triples
takes 2.7 s), so the embedded build counts the fresh store once, before it is
swapped in, and writes the figures into the generation directory
(``stores/<gen>/policykg-counts.json``, next to RocksDB's files, which it
ignores): they are replaced, and removed, with the store they describe.

``count_graph(select, triples) -> dict`` computes the figures from
``select(sparql) -> iterable of dict`` (rows of plain strings) and the triple count;
``write_counts(generation, counts)`` / ``read_counts(generation) -> dict | None``
keep them (None when a generation has none, e.g. built by an earlier version,
or the file is unreadable: callers then count the store).  The keys are those
of ``/api/stats`` (README "What counts as a department").

Per-document partial counts (incremental builds, :mod:`graph.ledger`): each file
contributes additive figures ``(kind, key) → n``, summed over the stored files:

- ``("own", "triples")``: its own triples (not those of shared nodes);
- ``("type", CLASS_IRI)``: its own nodes of that class (documents, sections, tasks, targets, warnings);
- ``("taskCount", DEPT_IRI)`` / ``("leadCount", DEPT_IRI)``: the workload figures;
- ``("pair", "DEPT_IRI DEPT_IRI")`` (sorted, a space between): its tasks naming both departments
  in a role (lead, participant, responsible) — the co-participation weight;
- ``("platformTask", "PLATFORM_IRI TASK_KEY")``: 1 when its task names the platform (the
  ``pkg:PlatformTasks`` of every platform named: four triples each);

and the triples of shared nodes (departments, jurisdictions, mentions) are counted once whatever
the number of files stating them.  ``counts_from_tally(tally, shared)`` gives the same figures as
``count_graph`` from these alone (``tests/test_incremental_build.py`` compares them).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Callable, Iterable, Optional

from rdflib import RDF, XSD

from . import queries as Q
from .vocab import PKG

#: the figures the build writes for every department (and group) named in a task: local name →
#: property (graph.file_graph sums them per file, graph.incremental rewrites them)
DEPARTMENT_FIGURES = {"taskCount": PKG.taskCount, "leadCount": PKG.leadCount,
                      "participantCount": PKG.participantCount, "responsibleCount": PKG.responsibleCount}

COUNTS_FILE = "policykg-counts.json"

#: instance counts per class: stats key → class local name
CLASSES = {"documents": "Document", "sections": "Section", "tasks": "Task",
           "department_groups": "DepartmentGroup", "jurisdictions": "Jurisdiction", "targets": "Target",
           "districts": "District", "places": "Place", "platforms": "Platform", "industries": "Industry",
           "warnings": "Warning"}

Select = Callable[[str], Iterable[dict]]


def count_graph(select: Select, triples: int) -> dict:
    """The figures of ``/api/stats`` for the graph ``select`` queries (``triples``: its size)."""
    by_class = {r["cls"].rsplit("#", 1)[-1]: int(r["n"]) for r in select(Q.stats())}
    groups = {r["d"] for r in select(Q.groups())}
    per_task: dict[str, set[str]] = defaultdict(set)
    for r in select(Q.assignments()):  # every role link: rows are read one at a time
        per_task[r["t"]].add(sys.intern(r["d"]))
    assigned = set().union(*per_task.values()) if per_task else set()
    pairs = {pair for depts in per_task.values() for pair in combinations(sorted(depts), 2)}
    counts = {"triples": triples}
    counts.update({key: by_class.get(cls, 0) for key, cls in CLASSES.items()})
    counts["departments"] = by_class.get("Department", 0) - by_class.get("DepartmentGroup", 0)
    counts["unresolved_departments"] = sum(1 for _ in select(Q.unresolved_departments()))
    counts["departments_with_tasks"] = len(assigned - groups)
    counts["coparticipating_pairs"] = len(pairs)
    return counts


RDF_TYPE = str(RDF.type)
GROUP, RESOLVED = f"<{PKG.DepartmentGroup}>", str(PKG.resolved)
FALSE = f'"false"^^<{XSD.boolean}>'


def counts_from_tally(tally: dict[tuple[str, str], int], shared: Iterable[tuple[str, str, str]]) -> dict:
    """:func:`count_graph`'s figures from the summed partial counts ``tally`` (module docstring) and
    the distinct ``shared`` triples as (subject IRI, predicate IRI, object in N-Triples)."""
    types: dict[str, int] = defaultdict(int)
    groups, unresolved, shared_triples = set(), set(), 0
    for s, p, o in shared:
        shared_triples += 1
        if p == RDF_TYPE:
            types[o] += 1
            if o == GROUP:
                groups.add(s)
        elif p == RESOLVED and o == FALSE:
            unresolved.add(s)
    return counts_from_sums(tally.get(("own", "triples"), 0),
                            ((key, n) for (kind, key), n in tally.items() if kind == "type"),
                            shared_triples, types.items(), groups, unresolved,
                            {key for (kind, key), n in tally.items() if kind == "taskCount" and n > 0},
                            sum(1 for (kind, _), n in tally.items() if kind == "pair" and n > 0),
                            len({key.split(" ", 1)[0] for (kind, key), n in tally.items()
                                 if kind == "platformTask" and n > 0}))


def counts_from_sums(own_triples: int, own_types: Iterable[tuple[str, int]], shared_triples: int,
                     shared_types: Iterable[tuple[str, int]], groups: set, unresolved: set, with_tasks: set,
                     pairs: int, platforms: int) -> dict:
    """:func:`counts_from_tally`'s figures from the sums it reads (what :meth:`graph.ledger.Ledger.counts`
    asks SQLite for): the own triples, (class IRI, own nodes) per ``type`` tally, the number of shared
    triples and (class in N-Triples, shared nodes) per class, the shared nodes typed as groups and
    those marked unresolved, the departments with a task count above 0, the number of pairs sharing a task
    and of platforms with a task (subjects and departments as IRIs)."""
    by_class: dict[str, int] = defaultdict(int)
    for key, n in own_types:
        if n > 0:
            by_class[key.rsplit("#", 1)[-1]] += n
    for o, n in shared_types:
        by_class[o[1:-1].rsplit("#", 1)[-1]] += n
    # own and shared lines, the department figures (DEPARTMENT_FIGURES: four per department with tasks),
    # four triples per co-participation node and per pkg:PlatformTasks node, one pkg:documentOrder per
    # document (graph.materialise)
    counts = {"triples": own_triples + shared_triples + len(DEPARTMENT_FIGURES) * len(with_tasks)
              + 4 * pairs + 4 * platforms + by_class.get("Document", 0)}
    counts.update({key: by_class.get(cls, 0) for key, cls in CLASSES.items()})
    counts["departments"] = by_class.get("Department", 0) - by_class.get("DepartmentGroup", 0)
    counts["unresolved_departments"] = len(unresolved - groups)
    counts["departments_with_tasks"] = len(with_tasks - groups)
    counts["coparticipating_pairs"] = pairs
    return counts


def write_counts(generation: Path, counts: dict) -> None:
    """Keep ``counts`` in the generation directory (raises OSError when it cannot be written)."""
    (Path(generation) / COUNTS_FILE).write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")


def read_counts(generation: Optional[Path]) -> Optional[dict]:
    """The counts kept with ``generation``; None when there are none or they cannot be read."""
    if generation is None:
        return None
    try:
        data = json.loads((Path(generation) / COUNTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("triples"), int) else None
