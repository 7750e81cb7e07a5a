"""Linked data over the store: one entity's description, the page that shows it, the VoID.

``describe(store, kind, key, base) -> list[pyoxigraph.Triple] | None``: the
triples of the instance ``<base><kind>/<key>`` (key percent-encoded as
:mod:`graph.build` mints it) plus its provenance: every ``pkg:Evidence`` whose
``rdf:subject`` or ``rdf:object`` it is, with all of that evidence's triples.
``None`` when the store says nothing about the IRI.

``page_of(store, kind, key, base) -> str | None``: the path of the HTML page
that shows the entity (``/tasks/{key}``, ``/departments/{id}``,
``/documents/{id}``, ``/districts/{id}``, ``/platforms/{id}``; a section,
target, warning or piece of evidence is shown on its task's or document's
page; a place or industry by ``/search?q=``).

``void_description(store, base, endpoint, ...)`` -> an rdflib Graph
describing the dataset (VoID and DCAT).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef

from . import instances
from . import queries as Q
from .queries import dataset as DQ
from .vocab import DCAT, DCTERMS, ONTOLOGY_IRI, ORG, PKG, PROV, RDF, SKOS, VOID, XSD

def describe(store, kind: str, key: str, base: str) -> Optional[list]:
    """The entity's triples and its evidence (see module doc), or None when it is unknown."""
    node = instances.term(kind, key, base)
    triples = list(store.query(DQ.describe(node)).raw)
    subject = node[1:-1]
    if not any(t.subject.value == subject for t in triples):
        return None
    return triples


def _one(store, query: str) -> Optional[list]:
    _, rows = store.query(query).rows()
    return rows[0] if rows else None


def page_of(store, kind: str, key: str, base: str) -> Optional[str]:
    """The path of the HTML page showing the entity (see module doc); None when there is none."""
    if kind in instances.PAGES:
        return instances.PAGES[kind] + quote(key, safe="")
    node = instances.term(kind, key, base)
    holder = DQ.holder(kind, node)
    if holder:
        row = _one(store, holder)
        owner = instances.parse(row[0], base) if row and row[0] else None
        if owner is not None:
            return page_of(store, owner[0], owner[1], base) if owner[0] != kind else None
        return None
    row = _one(store, DQ.label(node))
    return f"/search?q={quote(row[0], safe='')}" if row and row[0] else None


def build_date(store) -> Optional[datetime]:
    """When the embedded store's generation was built (its directory's time); None for a server."""
    generation = getattr(store, "generation", None)
    if generation is None:
        return None
    try:
        return datetime.fromtimestamp(Path(generation).stat().st_mtime, tz=timezone.utc).replace(microsecond=0)
    except OSError:
        return None


def void_description(store, base: str, dataset: str, endpoint: str, license: Optional[str] = None) -> Graph:
    """VoID + DCAT of the store: triples, documents, classes (with their entity counts), the build
    date, the source files, the licence (when set), the SPARQL endpoint and an example task."""
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("pkg", PKG._NS),
                       ("prov", PROV), ("org", ORG), ("skos", SKOS)):
        g.bind(prefix, ns)
    ds, service = URIRef(dataset), URIRef(endpoint)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("policykg: tasks, departments and targets of policy documents", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "A knowledge graph extracted from Chinese government policy documents: numbered tasks, the "
        "departments that lead and take part, targets, districts and platforms, each fact with its "
        "evidence (document, character span, sentence as written).", lang="en")))
    g.add((ds, VOID.triples, Literal(len(store), datatype=XSD.integer)))
    counts = {r[0]: int(r[1]) for r in store.query(Q.stats()).rows()[1]}
    g.add((ds, VOID.documents, Literal(counts.get(str(PKG.Document), 0), datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(counts), datatype=XSD.integer)))
    for cls, n in sorted(counts.items()):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    built = build_date(store)
    if built is not None:
        g.add((ds, DCTERMS.modified, Literal(built.isoformat(), datatype=XSD.dateTime)))
    for row in store.query(DQ.SOURCE_FILES).rows()[1]:
        g.add((ds, DCTERMS.source, Literal(row[0])))
    if license:
        g.add((ds, DCTERMS.license, URIRef(license)))
    g.add((ds, DCTERMS.rights, Literal(
        "The source texts are official documents and press reports published by Chinese authorities; "
        "the graph records where each fact was read in them.", lang="en")))
    g.add((ds, VOID.sparqlEndpoint, service))
    example = _one(store, DQ.FIRST_TASK)
    if example and example[0]:
        g.add((ds, VOID.exampleResource, URIRef(example[0])))
    g.add((ds, VOID.uriSpace, Literal(base)))
    for vocabulary in (ONTOLOGY_IRI + "#", str(PROV), str(ORG), str(SKOS), str(DCTERMS)):
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    access = BNode()
    g.add((ds, DCAT.accessService, access))
    g.add((access, RDF.type, DCAT.DataService))
    g.add((access, DCAT.endpointURL, service))
    g.add((access, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    return g
