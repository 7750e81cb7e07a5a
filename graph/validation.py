"""SHACL validation of a stored graph, each violation traced to its source.

``store_graph(target) -> rdflib.Graph`` reads every triple of a store (the
embedded one or a SPARQL server, through :func:`graph.store.open_store`).
``check(graph) -> list[Violation]`` runs pySHACL with ``graph/shapes.ttl`` and
returns one :class:`Violation` per result: the node, the rule (the node shape,
the property path and the SHACL constraint), pySHACL's message, and where the
node was read: source file, line, character span and the text as written,
taken from the node's evidence (:mod:`graph.provenance`) or, for a node without
evidence, its own span and document.  Raises :class:`graph.store.StoreError`
when the store cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.namespace import SH

from .queries.dataset import EVERYTHING
from .results import StoreError
from .shapes import shapes_graph
from .store import StoreTarget, open_store
from .vocab import DCTERMS, PKG, PROV

@dataclass
class Violation:
    node: str
    shape: str  # e.g. "pkg:TaskShape"
    path: Optional[str]  # e.g. "pkg:number"
    constraint: str  # e.g. "MinCount"
    message: str
    file: Optional[str] = None
    line: Optional[int] = None
    span: Optional[tuple[int, int]] = None
    text: Optional[str] = None

    def lines(self) -> list[str]:
        """The violation as readable lines (node, rule, source, text as written)."""
        rule = self.shape + (f" / {self.path}" if self.path else "") + f": {self.constraint}"
        where = self.file or "(source unknown)"
        if self.line:
            where += f":{self.line}"
        if self.span:
            where += f" (characters {self.span[0]}-{self.span[1]})"
        out = [f"violation: {self.node}", f"  rule: {rule}", f"  message: {self.message}",
               f"  source: {where}"]
        if self.text is not None:
            out.append(f"  as written: {' '.join(self.text.split())[:300]}")
        return out


def store_graph(target: StoreTarget) -> Graph:
    """Every triple of the store of ``target`` as an rdflib Graph; StoreError when it cannot be read."""
    store = open_store(target)
    try:
        data = store.query(EVERYTHING).serialize("ntriples")
    finally:
        store.close()
    return Graph().parse(data=data, format="nt")


def _short(g: Graph, term) -> str:
    if isinstance(term, URIRef):
        try:
            return g.namespace_manager.normalizeUri(term)
        except Exception:  # an IRI no prefix covers
            return f"<{term}>"
    return str(term)


def check(data: Graph) -> list[Violation]:
    """Validate ``data`` against graph/shapes.ttl; one Violation per SHACL result."""
    from pyshacl import validate as shacl_validate  # heavy import, paid only when validating

    shapes = shapes_graph()
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                         allow_warnings=True)
    if conforms:
        return []
    data.bind("pkg", PKG._NS)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        node = report.value(result, SH.focusNode)
        source = report.value(result, SH.sourceShape)
        owner = next(shapes.subjects(SH.property, source), None) if isinstance(source, BNode) else source
        path = report.value(result, SH.resultPath)
        component = str(report.value(result, SH.sourceConstraintComponent) or "")
        v = Violation(node=f"<{node}>" if isinstance(node, URIRef) else str(node), shape=_short(shapes, owner) if owner is not None else "?",
                      path=_short(data, path) if path is not None else None,
                      constraint=component.rsplit("#", 1)[-1].replace("ConstraintComponent", ""),
                      message=str(report.value(result, SH.resultMessage) or ""))
        _locate(data, node, v)
        found.append(v)
    return sorted(found, key=lambda v: (v.file or "", v.line or 0, v.node, v.shape, v.path or ""))


def _int(value) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _evidence_of(g: Graph, node) -> Optional[URIRef]:
    """The evidence describing ``node``: its own (an Evidence node), the evidence of the node being
    what it is (a task), else of the first fact it takes part in."""
    if (node, RDF.type, PKG.Evidence) in g:
        return node
    own = [e for e in g.subjects(RDF.subject, node) if g.value(e, RDF.predicate) == RDF.type]
    if own:
        return own[0]
    others = [*g.subjects(RDF.subject, node), *g.subjects(RDF.object, node)]
    others.sort(key=lambda e: (_int(g.value(e, PKG.spanStart)) or 0, str(e)))
    return others[0] if others else None


def _document_of(g: Graph, node):
    if (node, RDF.type, PKG.Document) in g:
        return node
    return g.value(node, PKG.inDocument) or g.value(node, PROV.wasDerivedFrom) or \
        next(g.subjects(PKG.hasTarget, node), None)


def _locate(g: Graph, node, v: Violation) -> None:
    """Fill in file, line, span and text of ``v`` from what the graph says about ``node``."""
    evidence = _evidence_of(g, node)
    holder = evidence if evidence is not None else node
    doc = _document_of(g, holder)
    if doc is not None and (doc, RDF.type, PKG.Document) not in g:
        doc = _document_of(g, doc)  # a target of a task: the task's document
    if doc is not None:
        f = g.value(doc, PKG.sourceFile)
        v.file = str(f) if f is not None else None
    start, end = _int(g.value(holder, PKG.spanStart)), _int(g.value(holder, PKG.spanEnd))
    if start is not None and end is not None:
        v.span = (start, end)
    v.line = _int(g.value(holder, PKG.line))
    for prop in (PROV.value, PKG.text, DCTERMS.title, RDFS.label):
        value = g.value(holder, prop)
        if value is not None:
            v.text = str(value)
            break


def validate_store(target: StoreTarget) -> tuple[int, list[Violation]]:
    """(triple count, violations) of the store of ``target``; StoreError when it cannot be read."""
    data = store_graph(target)
    if len(data) == 0:
        raise StoreError("the store holds no triples")
    return len(data), check(data)
