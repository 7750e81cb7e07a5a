"""One input file → its validated N-Triples and partial counts (the unit of a streaming build).

``file_graph(item, check) -> FileGraph`` reads and extracts one file
(``item`` = (path, name, id prefix), as planned by
:func:`extract.pipeline.plan_files`), maps its documents with
:func:`graph.build.to_graph` into a graph of that file only, validates it with
the SHACL shapes when ``check`` is set, and returns it as N-Triples (with its
evidence nodes, :mod:`graph.provenance`, which the build writes as they are) without the
corpus-wide aggregates (``pkg:taskCount``, ``pkg:leadCount``), whose per-file
parts come back as ``counts`` for the caller to sum.  It never raises on bad
input: an unreadable file, or one whose graph does not conform, comes back with
``skipped`` set to the reason.  It runs in worker processes, so everything it
returns is plain data (bytes, strings, ints).

Why the union of these graphs is the corpus graph: IRIs are minted from
stable keys, descriptions repeated in several files are the same triples, and
the only cross-document state of ``to_graph`` is the pair of counters summed
here (a task belongs to one file, so the per-file counts add up).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from extract.pipeline import extract_text
from extract.readers import InputError, read_file

from .build import to_graph
from .provenance import EvidenceTriples
from .shapes import validate
from .vocab import PKG

#: corpus-wide aggregates: computed per file, summed by the build, written once
AGGREGATES = {"taskCount": PKG.taskCount, "leadCount": PKG.leadCount}


@dataclass
class FileGraph:
    """What one file contributes to the corpus graph."""

    path: str
    ntriples: bytes = b""
    #: department IRI → {"taskCount": n, "leadCount": n} in this file
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    documents: int = 0
    tasks: int = 0
    #: department identities (not groups) named in this file (README "What counts as a department")
    departments: set[str] = field(default_factory=set)
    warning_lines: list[str] = field(default_factory=list)
    #: why the file was left out (unreadable, or its graph does not conform to the shapes)
    skipped: Optional[str] = None
    #: seconds spent per step on this file (extract, graph, shacl, serialise)
    seconds: dict[str, float] = field(default_factory=dict)


def file_graph(item: tuple[Path, str, str], check: bool = True) -> FileGraph:
    """The contribution of one file (see the module docstring)."""
    path, name, prefix = item
    out = FileGraph(path=str(path))
    clock = _Clock(out.seconds)
    try:
        raw = read_file(path)
    except InputError as exc:
        out.skipped = exc.reason
        return out
    docs = extract_text(raw.text, name, prefix)
    clock("extract")
    evidence = EvidenceTriples()  # written as it is, out of the SHACL pass, as the whole-corpus build did
    g = to_graph(docs, {name: raw.text}, evidence)
    clock("graph")
    if check:
        ok, report = validate(g)
        clock("shacl")
        if not ok:
            head = " | ".join(line.strip() for line in report.splitlines()[:12] if line.strip())
            out.skipped = f"its graph does not conform to graph/shapes.ttl: {head}"
            return out
    for key, prop in AGGREGATES.items():
        for dept, n in g.subject_objects(prop):
            out.counts.setdefault(str(dept), {})[key] = int(n)
        g.remove((None, prop, None))
    out.ntriples = g.serialize(format="nt", encoding="utf-8") + evidence.ntriples()
    clock("serialise")
    out.documents = len(docs)
    out.tasks = sum(len(d.tasks) for d in docs)
    out.departments = {r.identity(d.jurisdiction) for d in docs for t in d.tasks
                       for r in (*t.lead, *t.participants, *t.responsible) if not r.group}
    out.warning_lines = [f"warning: {w.code} {d.path}:{w.line or 1}: {w.message}"
                         for d in docs for w in d.warnings]
    return out


class _Clock:
    """``clock(name)`` records the seconds since the previous call (or creation) under ``name``."""

    def __init__(self, seconds: dict[str, float]):
        self.seconds, self.last = seconds, time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self.last
        self.last = now


def aggregate_ntriples(totals: dict[str, dict[str, int]]) -> bytes:
    """N-Triples of the summed aggregates: every department with a task count gets both figures."""
    lines = []
    xsd_integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    for dept in sorted(totals):
        for key, prop in AGGREGATES.items():
            lines.append(f'<{dept}> <{prop}> "{totals[dept].get(key, 0)}"^^{xsd_integer} .\n')
    return "".join(lines).encode("utf-8")
