"""The terms a SPARQL editor can complete: this ontology's classes and properties, the known prefixes.

``prefixes() -> dict[str, str]``: prefix → namespace IRI, those of
:data:`graph.queries.PREFIXES`.
``completion_terms(ontology=ONTOLOGY_FILE) -> list[dict]``: one entry per term,
``{"prefix", "local", "iri", "kind" ("class"|"property"), "label", "comment"}``:
every term of :class:`graph.vocab.PKG` (its kind, labels and comment read
from ``ontology.ttl`` when that file is there, as in a source checkout; from
the name's case otherwise), then the RDF/RDFS/DCTERMS/SKOS/XSD terms the
build writes.  Nothing here touches a store.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from .bundled import bundled
from .queries import PREFIXES
from .vocab import ONTOLOGY_IRI, PKG

ONTOLOGY_FILE = bundled("ontology.ttl")

#: terms of other vocabularies that graph.build writes (prefixed name, kind, comment)
_OTHER = [
    ("rdf:type", "property", "class membership (also written a)"),
    ("rdfs:label", "property", "display name (@zh)"),
    ("rdfs:comment", "property", "a warning's message"),
    ("dcterms:title", "property", "title of a document, section or task"),
    ("dcterms:date", "property", "date of a document"),
    ("dcterms:identifier", "property", "document number"),
    ("skos:prefLabel", "property", "preferred name"),
    ("skos:altLabel", "property", "alias of a department"),
    ("xsd:integer", "datatype", ""),
    ("xsd:decimal", "datatype", ""),
    ("xsd:date", "datatype", ""),
    ("xsd:string", "datatype", ""),
]


@lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[str, str], ...]:
    return tuple(re.findall(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", PREFIXES))


def prefixes() -> dict[str, str]:
    """The prefixes this project declares in its own queries: name → namespace IRI."""
    return dict(_prefixes())


def _text(graph: Graph, node: URIRef, prop: URIRef) -> str:
    values = sorted(graph.objects(node, prop), key=lambda v: (getattr(v, "language", None) != "en", str(v)))
    return " / ".join(str(v) for v in values if isinstance(v, Literal))


@lru_cache(maxsize=2)
def completion_terms(ontology: Path = ONTOLOGY_FILE) -> list[dict]:
    """Every term an editor may complete (see the module docstring)."""
    graph = Graph()
    if ontology.exists():
        graph.parse(ontology, format="turtle")
    known = prefixes()
    terms = []
    for local in sorted(PKG.__annotations__):
        node = URIRef(f"{ONTOLOGY_IRI}#{local}")
        types = set(graph.objects(node, RDF.type))
        kind = "class" if OWL.Class in types or (not types and local[:1].isupper()) else "property"
        terms.append({"prefix": "pkg", "local": local, "iri": str(node), "kind": kind,
                      "label": _text(graph, node, RDFS.label), "comment": _text(graph, node, RDFS.comment)})
    for pname, kind, comment in _OTHER:
        prefix, local = pname.split(":")
        terms.append({"prefix": prefix, "local": local, "iri": known[prefix] + local, "kind": kind,
                      "label": "", "comment": comment})
    return terms
