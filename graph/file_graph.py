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
from itertools import combinations
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rdflib import RDF, Literal, URIRef

from extract.model import Role
from extract.pipeline import extract_file

from . import instances, materialise
from .build import NTLiteral, to_graph
from .formats import nt_escape
from .counts import DEPARTMENT_FIGURES
from .provenance import EvidenceTriples
from .vocab import PKG, XSD

#: corpus-wide aggregates: computed per file, summed by the build, written once
#: (taskCount and leadCount come from ``to_graph``; the participant and responsible counts from
#: :func:`graph.materialise.partial`)
AGGREGATES = DEPARTMENT_FIGURES
_AGGREGATE_KEYS = {str(PKG.taskCount): "taskCount", str(PKG.leadCount): "leadCount"}
_TYPE = str(RDF.type)
_TASK = str(PKG.Task)
#: how an evidence node is written (``<`` and the IRIs of :func:`graph.instances.evidence`)
_EVIDENCE_NODE = "<" + instances.iri("evidence", "")
#: how a department's summary of a document is typed (graph.materialise.department_summaries)
_SUMMARY_TYPE = f"> <{RDF.type}> <{PKG.DepartmentInDocument}> .\n".encode()

#: nodes several files describe with the same triples (a department, a jurisdiction, a mention):
#: their triples are "shared", every other triple of a file (its documents, sections, tasks,
#: targets, warnings, evidence) is the file's own (IRIs minted from its document ids)
SHARED_CLASSES = frozenset(str(c) for c in (PKG.Department, PKG.DepartmentGroup, PKG.Jurisdiction,
                                            PKG.District, PKG.Place, PKG.Platform, PKG.Industry))
#: the role links whose departments make co-participating pairs (graph.queries.assignments)
ROLE_LINKS = frozenset(str(p) for p in (PKG.lead, PKG.participant, PKG.responsible))
#: the properties :meth:`NTriplesSink.add` notes apart: an aggregate (counted, not written), a type,
#: a role link
_COUNTED, _TYPED, _ROLE = "counted", "typed", "role"
_SPECIAL = {**dict.fromkeys(_AGGREGATE_KEYS, _COUNTED), _TYPE: _TYPED, **dict.fromkeys(ROLE_LINKS, _ROLE)}


@dataclass
class FileGraph:
    """What one file contributes to the corpus graph."""

    path: str
    #: the file's own triples (N-Triples lines, each once), evidence included
    ntriples: bytes = b""
    #: triples of shared nodes (:data:`SHARED_CLASSES`), each once: other files may state them too
    shared: bytes = b""
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
    #: partial counts for the store's figures (graph.ledger): class IRI → instances among the
    #: file's own nodes; "d1 d2" (department IRIs, sorted) → tasks of this file naming both
    types: dict[str, int] = field(default_factory=dict)
    pairs: dict[str, int] = field(default_factory=dict)
    #: document ids of this file (``policykg remove`` accepts them)
    document_ids: list[str] = field(default_factory=list)
    #: platform IRI → keys of this file's tasks naming it (pkg:PlatformTasks, summed by the build)
    platform_tasks: dict[str, list[str]] = field(default_factory=dict)
    #: what the build's per-file checks found (:func:`graph.shape_checks.check_file`; None: not
    #: checked); never kept in a stored part
    violations: Optional[list[str]] = None
    #: (start, end): the bytes of ``ntriples`` that are its evidence lines, when the file was just
    #: made (the per-file checks leave evidence out: :func:`graph.engines.file_checks`); never kept
    #: in a stored part, and not part of what the file contributes (left out of ``==``)
    evidence_at: Optional[tuple[int, int]] = field(default=None, compare=False)


class NTriplesSink:
    """Receives ``to_graph``'s triples (``add``) as N-Triples lines, each distinct triple once;
    the aggregates go to ``counts`` instead (department IRI → {"taskCount": n, "leadCount": n}).
    It also notes the types of subjects (which nodes are shared, :data:`SHARED_CLASSES`) and the
    departments of each task's role links (for co-participating pairs)."""

    #: ``to_graph`` may give literals already in N-Triples (:class:`graph.build.NTLiteral`)
    plain_literals = True

    def __init__(self):
        self._lines: dict[str, str] = {}  # insertion-ordered: line → its subject
        self.counts: dict[str, dict[str, int]] = {}
        self._types: dict[str, set[str]] = {}
        self._roles: dict[str, set[str]] = {}

    def add(self, triple) -> None:
        s, p, o = triple
        p, subject = str(p), str(s)  # plain strings: rdflib terms hash and compare in Python
        special = _SPECIAL.get(p)  # (one look-up for the few properties noted apart)
        if special is not None:
            if special is _COUNTED:
                self.counts.setdefault(subject, {})[_AGGREGATE_KEYS[p]] = int(o)
                return
            (self._types if special is _TYPED else self._roles).setdefault(subject, set()).add(str(o))
        if not isinstance(s, URIRef):
            raise TypeError(f"to_graph made a subject N-Triples cannot hold here: {s!r}")
        self._lines[f"<{subject}> <{p}> {o.nt if type(o) is NTLiteral else _nt(o)} .\n"] = subject

    def __len__(self) -> int:
        return len(self._lines)

    def ntriples(self) -> bytes:
        return "".join(self._lines).encode("utf-8")

    def split(self) -> tuple[bytes, bytes]:
        """(the file's own lines, the lines of shared nodes)."""
        shared_nodes = {s for s, types in self._types.items() if types & SHARED_CLASSES}
        own: list[str] = []
        shared: list[str] = []
        for line, s in self._lines.items():  # one pass, each kept in its order
            (shared if s in shared_nodes else own).append(line)
        return "".join(own).encode("utf-8"), "".join(shared).encode("utf-8")

    def own_types(self) -> dict[str, int]:
        """Class IRI → instances among the file's own (not shared) nodes."""
        out: dict[str, int] = {}
        for types in self._types.values():
            if not types & SHARED_CLASSES:
                for t in types:
                    out[t] = out.get(t, 0) + 1
        return out

    def pairs(self) -> dict[str, int]:
        """"d1 d2" → tasks naming both departments in a role (as :func:`graph.counts.count_graph`)."""
        out: dict[str, int] = {}
        for task, depts in self._roles.items():
            if _TASK in self._types.get(task, ()):
                for pair in combinations(sorted(depts), 2):
                    key = " ".join(pair)
                    out[key] = out.get(key, 0) + 1
        return out




def _nt(term) -> str:
    """An rdflib IRI or literal as N-Triples (the terms ``to_graph`` makes: no blank nodes)."""
    if type(term) is NTLiteral:
        return term.nt
    if type(term) is URIRef:
        return f"<{str(term)}>"  # (an rdflib term, a str subclass, costs more to format)
    if isinstance(term, Literal):
        lex = nt_escape(str(term))
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
    own, out.shared = sink.split()
    made = materialise.file_ntriples(docs)  # sort keys, document task counts, summaries: the file's own
    lines = evidence.unique_ntriples()  # each evidence line once
    out.ntriples = b"".join((own, lines, made))
    if evidence.nodes_start_with(_EVIDENCE_NODE):  # (as the checks tell evidence lines)
        out.evidence_at = (len(own), len(own) + len(lines))
    for (dept, prop), n in materialise.role_counts(docs).items():  # summed like the task counts
        out.counts.setdefault(dept, {})[prop] = n
    out.types, out.pairs = sink.own_types(), sink.pairs()
    summaries = made.count(_SUMMARY_TYPE)  # its nodes too (checked here, counted against the store)
    if summaries:
        out.types[str(PKG.DepartmentInDocument)] = summaries
    out.document_ids = [d.id for d in docs]
    out.platform_tasks = materialise.platform_tasks(docs)
    clock("graph")
    out.documents = len(docs)
    out.tasks = sum(len(d.tasks) for d in docs)
    out.departments = {r.identity(d.jurisdiction) for d in docs for t in d.tasks
                       for role in Role for r in getattr(t, role.field) if not r.group}
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
    xsd_integer = f"<{XSD.integer}>"
    for dept in sorted(totals):
        for key, prop in AGGREGATES.items():
            lines.append(f'<{dept}> <{prop}> "{totals[dept].get(key, 0)}"^^{xsd_integer} .\n')
    return "".join(lines).encode("utf-8")
