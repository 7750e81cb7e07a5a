"""Answers computed once by the build, so named queries need no aggregate over the whole graph.

The streamed build (:mod:`graph.pipeline`) maps each file in a worker
(:mod:`graph.file_graph`); this module adds, per file and then for the corpus:

- per task, ``pkg:sortKey``: the task key with every run of digits padded to
  ten digits (``doc:1.10`` → ``doc:0000000001.0000000010``), so a plain string
  ``ORDER BY`` orders keys by document, then by their numbers (1.9 before 1.10), and a
  list endpoint can page inside the query (``ORDER BY ?sortKey LIMIT … OFFSET …``);
- per task, ``pkg:orderInDocument``: its place in its document in the order of
  ``pkg:sortKey``, and per document, ``pkg:documentOrder``: its place among all the
  stored documents in the order of their padded ids (the corpus step, like the counts:
  :func:`document_order_ntriples`).  ``ORDER BY ?documentOrder ?orderInDocument`` is the
  order of ``pkg:sortKey`` on two integers, which pyoxigraph compares in place, where a
  string ``ORDER BY`` reads both strings from the store at every comparison (4,100 rows:
  about 60 ms against 270 ms);
- per target, ``pkg:dueBy``: the year it is due by (its due year, or the end of its
  period; an ``xsd:gYear`` like them), and per task, ``pkg:earliestDueYear``: the earliest
  of its targets' (an ``xsd:integer``), so "due by 2025" is one pattern and a
  filter instead of a ``UNION`` joined target by target;
- per document, ``pkg:documentTaskCount``: how many tasks it holds;
- per department (and group), ``pkg:participantCount`` and
  ``pkg:responsibleCount`` (``pkg:taskCount`` and ``pkg:leadCount`` are summed
  by :mod:`graph.file_graph`), so the workload needs no ``GROUP BY``;
- per department (or group) and document it has tasks in, one ``pkg:DepartmentInDocument``
  (``pkg:summaryDepartment``, ``pkg:summaryDocument``): its tasks there by its first role in
  each (``pkg:tasksAsLead``, ``pkg:tasksAsResponsible``, ``pkg:tasksAsParticipant``: lead, then
  responsible, then participant), its first :data:`SAMPLE_TASKS` tasks in key order
  (``pkg:sampleTask``) and ``pkg:partnerTasks``: the other departments named in its tasks
  there, with how many tasks each shares (a JSON object, IRI → tasks, keys sorted), so the
  department view of a department with thousands of tasks reads one node per document
  instead of every task (:func:`department_summaries`; a per-document fact, in the file's
  part: an ``add``/``remove`` replaces it with its file);
- per pair of departments named in the same tasks (in any role), one
  ``pkg:CoParticipation`` node with ``pkg:departmentA`` / ``pkg:departmentB``
  (A's IRI sorts before B's) and ``pkg:sharedTasks`` (the number of tasks they
  share): the 2-hop pair count that took seconds at query time;
- per platform named by a task, one ``pkg:PlatformTasks`` node with ``pkg:tasksPlatform``,
  ``pkg:platformTaskCount`` and ``pkg:platformTaskKeys`` (the tasks' keys in key order, one space
  between): the gallery's tasks by platform read the key of every mention (75,174 on 1,000
  copies: 0.9–2.2 s); a per-file partial (:func:`platform_tasks`: platform → its tasks' keys in
  the file) summed by the build and by the ledger (:func:`platform_ntriples`).

A task belongs to one file, so every figure is a sum of per-file partials:
``partial(documents) -> Partial`` in the worker, ``Partial.add`` in the
parent, ``corpus_ntriples(total) -> bytes`` once at the end;
``file_ntriples(documents) -> bytes`` holds the per-task and per-document
triples.  ``materialised_ntriples(documents)`` is the same for a whole corpus
at once (the reference the tests compare the streamed build with).  Nothing
here raises on well-formed records.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable

from extract.model import Document, Role

from . import instances
from .build import department_iri, document_iri, mention_iri, task_iri
from .formats import nt_escape
from .vocab import PKG, RDF, ROLE_RANK, Terms

_XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"
_XSD_GYEAR = "<http://www.w3.org/2001/XMLSchema#gYear>"


class _Iris(Terms):
    """:class:`graph.vocab.Terms` as plain strings: the IRIs of the lines below, each made once
    (rdflib's namespaces make a new URIRef on every access, and a plain ``str`` formats faster in
    an f-string than an rdflib term, a ``str`` subclass)."""

    def __getattr__(self, name: str) -> str:
        value = str(getattr(self._namespace, name))
        self.__dict__[name] = value
        return value


_P, _R = _Iris(PKG), _Iris(RDF)
_DIGITS = re.compile(r"\d+")
#: role attribute of a task → the count property of its departments materialised here
ROLE_COUNTS = {"participants": "participantCount", "responsible": "responsibleCount"}
#: tasks a department's summary of a document names (``pkg:sampleTask``): its first, in key order
SAMPLE_TASKS = 5
#: role → the property of a summary counting the tasks where it is the department's first role
SUMMARY_COUNTS = {"lead": "tasksAsLead", "responsible": "tasksAsResponsible", "participant": "tasksAsParticipant"}
_NATURAL = re.compile(r"(\d+)")
#: (role, the Task attribute of its departments), strongest role first (:data:`graph.vocab.ROLE_RANK`)
_RANKED_ROLES = tuple(sorted(((r.value, r.field) for r in Role), key=lambda rf: ROLE_RANK[rf[0]]))


def sort_key(key: str) -> str:
    """``key`` with every run of digits left-padded to ten digits and its document part ended by a
    space (which sorts before any character of an id), so ``doc-1:…`` comes before ``doc-1-a1:…``
    (see the module docstring)."""
    doc, sep, path = key.partition(":")
    return _pad(doc) + (" " + _pad(path) if sep else "")


def natural_key(text: str) -> tuple:
    """Sort key that orders "1.2" before "1.10" (the order of the API's task lists and views)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _NATURAL.split(text) if p)


def _pad(text: str) -> str:
    return _DIGITS.sub(lambda m: m.group(0).zfill(10), text)


def pair_iri(a: str, b: str) -> str:
    """The IRI of the co-participation of departments ``a`` < ``b`` (their IRIs)."""
    return instances.iri("coparticipation", instances.local_id(a) + "|" + instances.local_id(b))


@dataclass
class Partial:
    """What one file (or several, after :meth:`add`) contributes to the corpus-wide figures."""

    #: (department IRI a, department IRI b), a < b → tasks naming both
    pairs: Counter = field(default_factory=Counter)
    #: (department IRI, count property local name) → tasks
    roles: Counter = field(default_factory=Counter)
    #: every department (or group) named in a role
    departments: set = field(default_factory=set)

    def add(self, other: "Partial") -> None:
        self.pairs.update(other.pairs)
        self.roles.update(other.roles)
        self.departments |= other.departments


def _assignees(task, jurisdiction) -> dict[str, set[str]]:
    """Role attribute → IRIs of the departments the task names in it."""
    return {attr: {str(department_iri(ref, jurisdiction)) for ref in getattr(task, attr)}
            for attr in ("lead", "participants", "responsible")}


def partial(documents: Iterable[Document]) -> Partial:
    """The pair and role counts of ``documents`` (one file's, in the build)."""
    out = Partial()
    for doc in documents:
        for task in doc.tasks:
            by_role = _assignees(task, doc.jurisdiction)
            for attr, prop in ROLE_COUNTS.items():
                out.roles.update((d, prop) for d in by_role[attr])
            everyone = sorted(set().union(*by_role.values()))
            out.departments.update(everyone)
            out.pairs.update(combinations(everyone, 2))
    return out


def role_counts(documents: Iterable[Document]) -> Counter:
    """``partial(documents).roles`` without the pairs (what a file's worker sums: its pairs come from
    the mapping's role links, :meth:`graph.file_graph.NTriplesSink.pairs`)."""
    out: Counter = Counter()
    for doc in documents:
        iris = _DepartmentIris(doc.jurisdiction)
        for task in doc.tasks:
            for attr, prop in ROLE_COUNTS.items():
                out.update((d, prop) for d in {iris(ref) for ref in getattr(task, attr)})
    return out


class _DepartmentIris(dict):
    """``str(department_iri(ref, jurisdiction))`` of the refs of one document, each made once (the
    refs are alive while the document is read: keyed by the object)."""

    def __init__(self, jurisdiction):
        super().__init__()
        self.jurisdiction = jurisdiction

    def __call__(self, ref) -> str:
        found = self.get(id(ref))
        if found is None:  # (the ref is kept with its IRI: its id stays its own)
            self[id(ref)] = found = (str(department_iri(ref, self.jurisdiction)), ref)
        return found[0]


def platform_tasks(documents: Iterable[Document]) -> dict[str, list[str]]:
    """Platform IRI → the keys of the tasks of ``documents`` naming it (``pkg:mentionsPlatform``),
    in the tasks' order (one file's, in the build)."""
    out: dict[str, list[str]] = {}
    for doc in documents:
        for task in doc.tasks:
            for m in (*task.districts, *task.platforms, *task.industries):  # as graph.build links them
                if m.kind == "platform":  # pkg:mentionsPlatform
                    keys = out.setdefault(str(mention_iri(m)), [])
                    if not keys or keys[-1] != task.key:
                        keys.append(task.key)
    return out


def platform_tasks_iri(platform: str) -> str:
    """The IRI of the ``pkg:PlatformTasks`` of ``platform`` (its IRI)."""
    return instances.iri("platformtasks", instances.local_id(platform))


def platform_ntriples(tasks: dict[str, Iterable[str]]) -> bytes:
    """N-Triples of the ``pkg:PlatformTasks`` of every platform of ``tasks`` (platform IRI → the
    keys of the tasks naming it, summed over the files; each key counted once, written in key
    order); a platform with no task has none."""
    lines = []
    for platform, keys in sorted(tasks.items()):
        ordered = sorted(set(keys), key=lambda k: (sort_key(k), k))
        if not ordered:
            continue
        node = platform_tasks_iri(platform)
        lines += [f"<{node}> <{_R.type}> <{_P.PlatformTasks}> .\n",
                  f"<{node}> <{_P.tasksPlatform}> <{platform}> .\n",
                  f'<{node}> <{_P.platformTaskCount}> "{len(ordered)}"^^{_XSD_INTEGER} .\n',
                  f'<{node}> <{_P.platformTaskKeys}> "{nt_escape(" ".join(ordered))}" .\n']
    return "".join(lines).encode("utf-8")


def summary_iri(doc_id: str, dept: str) -> str:
    """The IRI of department ``dept``'s (IRI) summary of document ``doc_id``."""
    return instances.iri("summary", doc_id + "|" + instances.local_id(dept))


def department_summaries(doc: Document) -> list[str]:
    """N-Triples lines of the ``pkg:DepartmentInDocument`` of every department (or group) named in
    a role in ``doc``'s tasks (module docstring); none for a document without assignments."""
    per: dict[str, dict] = {}
    iris = _DepartmentIris(doc.jurisdiction)
    for task in sorted(doc.tasks, key=lambda t: natural_key(t.key)):
        first: dict[str, str] = {}  # department → its first role in the task (lead, responsible, participant)
        for role, attr in _RANKED_ROLES:
            for ref in getattr(task, attr):
                first.setdefault(iris(ref), role)
        for dept, role in first.items():
            s = per.get(dept)
            if s is None:
                s = per[dept] = {"roles": Counter(), "samples": [], "partners": Counter()}
            s["roles"][role] += 1
            if len(s["samples"]) < SAMPLE_TASKS:
                s["samples"].append(task.key)
            partners = s["partners"]
            for other in first:
                if other != dept:
                    partners[other] += 1
    lines, doc_node = [], str(document_iri(doc.id))  # (plain strings format faster than rdflib terms)
    for dept, s in sorted(per.items()):
        node = summary_iri(doc.id, dept)
        lines += [f"<{node}> <{_R.type}> <{_P.DepartmentInDocument}> .\n",
                  f"<{node}> <{_P.summaryDepartment}> <{dept}> .\n",
                  f"<{node}> <{_P.summaryDocument}> <{doc_node}> .\n"]
        lines += [f'<{node}> <{getattr(_P, prop)}> "{s["roles"][role]}"^^{_XSD_INTEGER} .\n'
                  for role, prop in SUMMARY_COUNTS.items()]
        lines += [f"<{node}> <{_P.sampleTask}> <{str(task_iri(key))}> .\n" for key in s["samples"]]
        partners = json.dumps(dict(sorted(s["partners"].items())), ensure_ascii=False, separators=(",", ":"))
        lines.append(f'<{node}> <{_P.partnerTasks}> "{nt_escape(partners)}" .\n')
    return lines


def due_years(target) -> list[int]:
    """The years a target is due by: its due year and the end of its period (each once)."""
    return sorted({y for y in (target.year, target.period[1] if target.period else None) if y})


def file_ntriples(documents: Iterable[Document]) -> bytes:
    """N-Triples of the per-task sort keys, places in the document and earliest due years, the
    per-target due years (``pkg:dueBy``), the per-document task counts and the departments'
    summaries of each document (:func:`department_summaries`) of ``documents``."""
    lines = []
    for doc in documents:
        lines.append(f'<{str(document_iri(doc.id))}> <{_P.documentTaskCount}> "{len(doc.tasks)}"^^{_XSD_INTEGER} .\n')
        lines.extend(department_summaries(doc))
        for i, target in enumerate(doc.targets):  # the document's own (its 主要指标 table)
            lines.extend(_due_by(f"{doc.id}#indicator", i, target))
        order = sorted(doc.tasks, key=lambda t: (sort_key(t.key), t.key))
        for place, task in enumerate(order):
            node = str(task_iri(task.key))  # (plain strings format faster than rdflib terms)
            lines.append(f'<{node}> <{_P.sortKey}> "{nt_escape(sort_key(task.key))}" .\n')
            lines.append(f'<{node}> <{_P.orderInDocument}> "{place}"^^{_XSD_INTEGER} .\n')
            years = [y for target in task.targets for y in due_years(target)]
            if years:
                lines.append(f'<{node}> <{_P.earliestDueYear}> "{min(years)}"^^{_XSD_INTEGER} .\n')
            for i, target in enumerate(task.targets):
                lines.extend(_due_by(task.key, i, target))
    return "".join(dict.fromkeys(lines)).encode("utf-8")


def _due_by(key: str, i: int, target) -> list[str]:
    node = instances.iri("target", f"{key}#{i}")  # as graph.build mints it
    return [f'<{node}> <{_P.dueBy}> "{y}"^^{_XSD_GYEAR} .\n' for y in due_years(target)]


def document_order_ntriples(document_ids: Iterable[str]) -> bytes:
    """N-Triples of every document's ``pkg:documentOrder``: its place (0, 1, …) among
    ``document_ids`` (all the stored documents) in the order of their padded ids, the order
    ``pkg:sortKey`` starts with (a tie, two ids equal once padded, goes by the id)."""
    ordered = sorted(set(document_ids), key=lambda d: (sort_key(d), d))
    return "".join(f'<{document_iri(d)}> <{_P.documentOrder}> "{i}"^^{_XSD_INTEGER} .\n'
                   for i, d in enumerate(ordered)).encode("utf-8")


def corpus_ntriples(total: Partial) -> bytes:
    """N-Triples of the role counts and the co-participation nodes of the summed ``total``."""
    lines = []
    for dept in sorted(total.departments):
        for prop in ROLE_COUNTS.values():
            lines.append(f'<{dept}> <{getattr(_P, prop)}> "{total.roles.get((dept, prop), 0)}"^^{_XSD_INTEGER} .\n')
    for (a, b), n in sorted(total.pairs.items()):
        node = pair_iri(a, b)
        lines.append(f"<{node}> <{_R.type}> <{_P.CoParticipation}> .\n")
        lines.append(f"<{node}> <{_P.departmentA}> <{a}> .\n")
        lines.append(f"<{node}> <{_P.departmentB}> <{b}> .\n")
        lines.append(f'<{node}> <{_P.sharedTasks}> "{n}"^^{_XSD_INTEGER} .\n')
    return "".join(lines).encode("utf-8")


def pair_ntriples(pairs: dict[str, int]) -> bytes:
    """N-Triples of the co-participation nodes of ``pairs`` ("a b", the two department IRIs in
    order, → shared tasks; the build's and the ledger's key); a pair with no shared task has none."""
    kept = Counter({tuple(k.split(" ")): n for k, n in pairs.items() if n > 0})
    return corpus_ntriples(Partial(pairs=kept))  # no departments: the pairs alone


def materialised_ntriples(documents: list[Document]) -> bytes:
    """Everything this module adds, for a whole corpus at once."""
    return (file_ntriples(documents) + corpus_ntriples(partial(documents))
            + document_order_ntriples(d.id for d in documents) + platform_ntriples(platform_tasks(documents)))
