"""One input file → its N-Triples and partial counts (the unit of the streamed build).

``file_graph(item) -> FileGraph`` reads and extracts one file (``item`` =
(path, name, id prefix), as planned by :func:`extract.pipeline.plan_files`),
maps its documents with :func:`graph.build.to_graph` into an
:class:`NTriplesSink` (no rdflib Graph: each triple is written as an N-Triples
line as it is made) and returns the lines, its evidence nodes
(:mod:`graph.provenance`) and, apart, the corpus-wide aggregates
(``pkg:taskCount``, ``pkg:leadCount``) of this file, for the caller to sum.  It
never raises on bad input: a file that is unreadable or holds no text
(:func:`extract.pipeline.extract_file`) comes back with ``skipped`` set to the
reason.  It runs in worker processes, so what it returns is plain data.
Validation happens on the loaded store (:mod:`graph.shape_checks`).

Why the union of these files is the corpus graph: IRIs are minted from stable
keys, descriptions repeated in several files are the same triples, and the
only cross-document state of ``to_graph`` is the pair of counters summed here
(a task belongs to one file, so the per-file counts add up).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rdflib import Literal, URIRef

from extract.pipeline import extract_file

from . import materialise
from .build import to_graph
from .provenance import EvidenceTriples
from .vocab import PKG

#: corpus-wide aggregates: computed per file, summed by the build, written once
AGGREGATES = {"taskCount": PKG.taskCount, "leadCount": PKG.leadCount}
_AGGREGATE_KEYS = {prop: key for key, prop in AGGREGATES.items()}


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
    #: why the file was left out (unreadable, no text)
    skipped: Optional[str] = None
    #: seconds spent per step on this file (extract, graph)
    seconds: dict[str, float] = field(default_factory=dict)
    #: this file's share of the figures :mod:`graph.materialise` adds for the corpus
    materialised: materialise.Partial = field(default_factory=materialise.Partial)


class NTriplesSink:
    """Receives ``to_graph``'s triples (``add``) as N-Triples lines, each distinct triple once;
    the aggregates go to ``counts`` instead (department IRI → {"taskCount": n, "leadCount": n})."""

    def __init__(self):
        self._lines: dict[str, None] = {}  # insertion-ordered set
        self.counts: dict[str, dict[str, int]] = {}

    def add(self, triple) -> None:
        s, p, o = triple
        key = _AGGREGATE_KEYS.get(p)
        if key is not None:
            self.counts.setdefault(str(s), {})[key] = int(o)
            return
        self._lines[f"{_nt(s)} <{p}> {_nt(o)} .\n"] = None

    def __len__(self) -> int:
        return len(self._lines)

    def ntriples(self) -> bytes:
        return "".join(self._lines).encode("utf-8")


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term) -> str:
    """An rdflib IRI or literal as N-Triples (the terms ``to_graph`` makes: no blank nodes)."""
    if isinstance(term, Literal):
        lex = str(term).translate(_NT_ESCAPES)
        if term.language:
            return f'"{lex}"@{term.language}'
        return f'"{lex}"^^<{term.datatype}>' if term.datatype else f'"{lex}"'
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise TypeError(f"to_graph made a term N-Triples cannot hold here: {term!r}")


def file_graph(item: tuple[Path, str, str]) -> FileGraph:
    """The contribution of one file (see the module docstring)."""
    path, name, _ = item
    out = FileGraph(path=str(path))
    clock = _Clock(out.seconds)
    docs, out.skipped, text = extract_file(item)
    if out.skipped is not None:
        return out
    clock("extract")
    evidence = EvidenceTriples()  # written as it is, as the whole-corpus build did
    sink = NTriplesSink()
    to_graph(docs, {name: text}, evidence, sink=sink)
    out.counts = sink.counts
    out.ntriples = sink.ntriples() + evidence.ntriples() + materialise.file_ntriples(docs)
    out.materialised = materialise.partial(docs)
    clock("graph")
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
