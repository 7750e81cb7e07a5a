"""Raw pyoxigraph stores in memory, for the build's and the updates' checks.

``select_rows(store, sparql)`` yields a SELECT's rows as {variable: plain string};
``select_in_memory(ntriples)`` gives ``select(sparql)`` over one file's triples (raises
:class:`StoreError` when they cannot be read); ``touched(store, changed)`` gives the nodes a change
touches and a small store of what their shapes read; ``quads(ntriples)`` parses N-Triples bytes.
"""
from __future__ import annotations

from typing import Callable, Iterator

import pyoxigraph as ox

from .results import StoreError
from .vocab import PKG


def select_rows(store: ox.Store, sparql: str) -> Iterator[dict]:
    """Rows of a SELECT on a raw pyoxigraph store as {variable: plain string}, one at a time (the
    build's counts read every role link of the corpus)."""
    res = store.query(sparql)
    names = [v.value for v in res.variables]
    for sol in res:
        yield {n: (None if sol[n] is None else sol[n].value) for n in names}


def select_in_memory(ntriples: bytes) -> Callable[[str], Iterator[dict]]:
    """``select(sparql)`` (rows as :func:`select_rows` gives them) over an in-memory store of
    ``ntriples`` alone: one file's triples, checked in a build's worker (:func:`graph.shape_checks.check_file`).
    Raises :class:`StoreError` when they cannot be read."""
    store = ox.Store()
    try:
        store.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"cannot read a file's triples: {exc}") from exc
    return lambda q: select_rows(store, q)


def quads(ntriples: bytes) -> list:
    """The quads of N-Triples bytes (none for empty bytes); raises SyntaxError on a bad line."""
    return list(ox.parse(input=ntriples, format=ox.RdfFormat.N_TRIPLES)) if ntriples else []


_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_DOCUMENT_ORDER = ox.NamedNode(str(PKG.documentOrder))


def touched(store: ox.Store, changed: list) -> tuple[ox.Store, list[str]]:
    """The nodes ``changed`` touches (their subjects, and the nodes whose values changed type),
    as IRIs, and an in-memory store with every triple of these nodes, the types of all their
    values (what the shapes' ``sh:class`` reads) and the graph's ``rdfs:subClassOf`` triples."""
    # a document whose only change is its place (pkg:documentOrder, rewritten for every document after
    # a new one: graph.materialise) keeps its triples, which conformed: not checked again
    focus = {q.subject for q in changed if q.predicate != _DOCUMENT_ORDER}
    for q in changed:
        if q.predicate == _TYPE:
            focus.update(p.subject for p in store.quads_for_pattern(None, None, q.subject))
    found = [q for node in focus for q in store.quads_for_pattern(node, None, None)]
    values = {q.object for q in found if isinstance(q.object, ox.NamedNode)} - focus
    found += [q for node in values for q in store.quads_for_pattern(node, _TYPE, None)]
    found += store.quads_for_pattern(None, _SUBCLASS, None)
    small = ox.Store()
    small.bulk_extend(found)
    return small, [n.value for n in focus if isinstance(n, ox.NamedNode)]
