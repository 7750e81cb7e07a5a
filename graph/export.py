"""The stored graph as files other tools read: RDF with named graphs, and CSV tables.

``export(target, fmt, out)`` writes format ``fmt`` (one of :data:`FORMATS`)
of the store of ``target`` to the binary stream ``out`` and returns the number
of records written (quads, triples, rows, or nodes for the network formats of
:mod:`graph.network_export`).  Raises :class:`graph.store.StoreError` when the
store cannot be read and ``ValueError`` for an unknown format.

RDF is read and written by pyoxigraph (fast at any size; rdflib is not needed).
Named graphs are computed at export time, one per document (the graph's name
is the document's IRI): the document's own triples, its sections, tasks,
targets, warnings and evidence.  Departments, districts, platforms and
industries are shared by documents (and their counts are corpus-wide), so
they stay in the default graph.  The store itself keeps everything in its
default graph, so every query and the remote-store path are unchanged.
Turtle cannot hold named graphs: ``turtle`` is the same triples, flattened.
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

import pyoxigraph as ox

from extract.export import spreadsheet_safe

from . import instances
from .formats import store_format
from . import queries as Q
from .queries import dataset as DQ
from .store import StoreTarget, open_store
from .vocab import ROLES, prefixes

#: --format values: RDF, CSV tables, and the networks of graph.network_export
RDF_FORMATS = ("trig", "nquads", "turtle", "jsonld")
CSV_FORMATS = ("csv-tasks", "csv-departments")
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = (*RDF_FORMATS, *CSV_FORMATS, *NETWORK_FORMATS)


def export(target: StoreTarget, fmt: str, out: BinaryIO, network: str = "departments") -> int:
    """Write ``fmt`` of the store of ``target`` to ``out``; the number of records written."""
    if fmt not in FORMATS:
        raise ValueError(f"--format: unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    store = open_store(target)
    try:
        if fmt in RDF_FORMATS:
            return write_rdf(store, fmt, out)
        if fmt == "csv-tasks":
            return write_csv(out, TASK_COLUMNS, task_rows(store))
        if fmt == "csv-departments":
            return write_csv(out, DEPARTMENT_COLUMNS, department_rows(store))
        if fmt in NETWORK_FORMATS:
            from .network_export import write_network

            return write_network(store, fmt, network, out)
    finally:
        store.close()
    raise AssertionError(fmt)  # every format is handled above


# ---------------------------------------------------------------- RDF

def document_of(store) -> dict[str, ox.NamedNode]:
    """Node IRI → the named graph (its document's IRI) its triples go to; shared nodes are absent."""
    graphs: dict[str, ox.NamedNode] = {}
    owner: dict[str, ox.NamedNode] = {}
    for node, doc in store.query(DQ.OWNERS).rows()[1]:
        if node not in owner:
            owner[node] = graphs.setdefault(doc, ox.NamedNode(doc))
    return owner


class _Counted:
    """Iterates the store's triples (as quads for a dataset format), counting them."""

    def __init__(self, store, owner: dict | None):
        self.store, self.owner, self.n = store, owner, 0

    def __iter__(self):
        default = ox.DefaultGraph()
        owner = self.owner
        for t in self.store.query(DQ.EVERYTHING).raw:
            self.n += 1
            if owner is None:
                yield ox.Triple(t.subject, t.predicate, t.object)
            else:
                yield ox.Quad(t.subject, t.predicate, t.object,
                              owner.get(t.subject.value, default) if isinstance(t.subject, ox.NamedNode) else default)


def write_rdf(store, fmt: str, out: BinaryIO) -> int:
    """Stream the store's triples: trig, nquads and jsonld with a named graph per document; turtle
    flat.  Only the node → document map is held in memory.  Returns the number of triples."""
    rdf_format = store_format(fmt)
    triples = _Counted(store, document_of(store) if rdf_format.supports_datasets else None)
    named = rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE)
    ox.serialize(triples, out, format=rdf_format, prefixes=prefixes() if named else None)
    return triples.n


# ---------------------------------------------------------------- CSV

TASK_COLUMNS = ["task", "task_number", "task_title", "document", "document_title", "role", "department",
                "department_label", "department_resolved", "source_file", "line", "span_start", "span_end",
                "evidence"]
DEPARTMENT_COLUMNS = ["department", "label", "names_as_written", "group", "resolved", "level", "body",
                      "unit_kind", "jurisdictions", "tasks", *ROLES]

def _rows(store, query: str) -> list[dict]:
    names, rows = store.query(query).rows()
    return [dict(zip(names, r)) for r in rows]


def _int(value) -> int:
    return int(value) if value not in (None, "") else 0


def task_rows(store) -> list[list]:
    """One row per (task, role, department), with the first evidence of that link."""
    best: dict = {}
    for r in _rows(store, DQ.TASK_ROLES):
        k = (r["t"], r["role"], r["d"])
        if k not in best or _int(r["start"]) < _int(best[k]["start"]):
            best[k] = r
    out = []
    for r in sorted(best.values(), key=lambda r: (r["key"], ROLES.index(r["role"]), r["d"])):
        out.append([r["key"], r["number"], r["title"], instances.local_id(r["doc"]), r["docTitle"], r["role"],
                    instances.local_id(r["d"]), r["label"], r["resolved"], r["file"], r["line"], r["start"],
                    r["end"], r["text"]])
    return out


def department_info(store) -> dict[str, dict]:
    """Department IRI → attributes and workload (the figures of ``/api/departments``)."""
    from .analytics import Analytics

    info: dict[str, dict] = {}
    for r in _rows(store, Q.departments()):
        d = info.setdefault(r["d"], {"id": instances.local_id(r["d"]), "label": r["label"], "names": set(),
                                     "group": r["cls"].endswith("#DepartmentGroup"),
                                     "resolved": r["resolved"] == "true", "level": r["level"] or "",
                                     "body": r["body"] or "", "unit_kind": "", "jurisdictions": set()})
        if r["cls"].endswith("#DepartmentGroup"):
            d["group"] = True
        if r["written"]:
            d["names"].add(r["written"])
    for r in _rows(store, DQ.UNIT_KINDS):
        if r["d"] in info:
            info[r["d"]]["unit_kind"] = r["k"]
    for r in _rows(store, DQ.DEPARTMENT_JURISDICTIONS):
        if r["d"] in info:
            info[r["d"]]["jurisdictions"].add(r["j"])
    analytics = Analytics.from_store(store)
    for iri, d in info.items():
        w = analytics.workload_of(iri)
        d.update(tasks=w.tasks if w else 0, **(w.by_role() if w else dict.fromkeys(ROLES, 0)))
    return info


def department_rows(store) -> list[list]:
    """One row per department, most tasks first (ties by id)."""
    info = department_info(store)
    out = []
    for d in sorted(info.values(), key=lambda d: (-d["tasks"], -d["lead"], d["id"])):
        out.append([d["id"], d["label"], "|".join(sorted(d["names"])), str(d["group"]).lower(),
                    str(d["resolved"]).lower(), d["level"], d["body"], d["unit_kind"],
                    "|".join(sorted(d["jurisdictions"])), d["tasks"], *(d[role] for role in ROLES)])
    return out


def _cell(value) -> str:
    """A CSV cell, safe from spreadsheet formulas (extract.export.spreadsheet_safe)."""
    return "" if value is None else spreadsheet_safe(str(value))


def write_csv(out: BinaryIO, columns: list[str], rows: list[list]) -> int:
    """UTF-8 CSV with a byte-order mark (Excel reads the Chinese), header first; the row count."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(v) for v in r])
    out.write(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return len(rows)
