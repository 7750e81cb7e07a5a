"""Extraction records → RDF triples.

``to_graph(documents) -> rdflib.Graph`` maps :mod:`extract.model` records
onto the vocabulary of ``ontology.ttl`` (through :data:`graph.vocab.PKG`).
IRIs are minted from stable keys (document id, task key, gazetteer id), so the
same input always gives the same graph.  Every role is also materialised as
``pkg:involves`` and each department carries its ``pkg:taskCount`` and
``pkg:leadCount`` so workload questions need no aggregate at query time.
Every task, role link and target link gets an evidence node (PROV-O, see
:mod:`graph.provenance`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Mapping, Optional

from rdflib import RDF as _RDF, RDFS as _RDFS, XSD as _XSD, Graph, Literal, URIRef

from extract.entities.jurisdiction import describe_jurisdiction, parent_of
from extract.model import DeptRef, Document, Mention, Role, Target, Task

from . import instances
from .formats import nt_escape
from .provenance import EvidenceTriples, LineIndex, Provenance
from .vocab import DCTERMS as _DCTERMS, ID, ORG as _ORG, PKG as _PKG, PROV, ROLE_PROPERTY, SKOS as _SKOS, Terms

#: the vocabularies' terms, each made once (:class:`graph.vocab.Terms`: the same terms)
PKG, RDF, RDFS, XSD, DCTERMS, ORG, SKOS = (Terms(ns) for ns in (_PKG, _RDF, _RDFS, _XSD, _DCTERMS, _ORG, _SKOS))

_MENTION = {
    "district": (PKG.District, PKG.mentionsDistrict),
    "place": (PKG.Place, PKG.mentionsPlace),
    "platform": (PKG.Platform, PKG.mentionsPlatform),
    "industry": (PKG.Industry, PKG.aboutIndustry),
}


def document_iri(doc_id: str) -> URIRef:
    return instances.node("doc", doc_id)


def task_iri(key: str) -> URIRef:
    return instances.node("task", key)


def department_iri(ref: DeptRef, jurisdiction: str | None) -> URIRef:
    """Gazetteer departments by id; others by jurisdiction and canonical name (``DeptRef.identity``)."""
    return instances.node("dept", ref.identity(jurisdiction))


def jurisdiction_iri(jid: str | None) -> URIRef:
    return instances.node("jurisdiction", jid or "unknown")


def mention_iri(m: Mention) -> URIRef:
    return instances.node(m.kind, m.id or m.name)


class NTLiteral:
    """A literal already in its N-Triples form (``nt``): what ``to_graph`` makes instead of an
    rdflib Literal for a sink that writes N-Triples (``plain_literals``: :class:`graph.file_graph.NTriplesSink`).
    rdflib's Literal checks and normalises each value, which took a third of the mapping's time;
    this is only used where that Literal would be the very same term: a string with a language
    tag or none, and a Python int as xsd:integer."""

    __slots__ = ("nt",)

    def __init__(self, nt: str):
        self.nt = nt


_XSD_INTEGER = f"^^<{XSD.integer}>"


def _span(g: Graph, node: URIRef, span) -> None:
    g.add((node, PKG.spanStart, _int(g, span[0])))
    g.add((node, PKG.spanEnd, _int(g, span[1])))


def _lit(g, value: str):
    """``Literal(value, lang="zh")`` (see :class:`NTLiteral`)."""
    if type(value) is str and getattr(g, "plain_literals", False):
        return NTLiteral(f'"{nt_escape(value)}"@zh')
    return Literal(value, lang="zh")


def _plain(g, value):
    """``Literal(value)`` (see :class:`NTLiteral`: a str gets no datatype)."""
    if type(value) is str and getattr(g, "plain_literals", False):
        return NTLiteral(f'"{nt_escape(value)}"')
    return Literal(value)


def _int(g, value):
    """``Literal(value, datatype=XSD.integer)`` (see :class:`NTLiteral`)."""
    if type(value) is int and getattr(g, "plain_literals", False):
        return NTLiteral(f'"{value}"{_XSD_INTEGER}')
    return Literal(value, datatype=XSD.integer)


def to_graph(documents: Iterable[Document], texts: Optional[Mapping[str, str]] = None,
             evidence: Optional[EvidenceTriples] = None, sink=None):
    """An rdflib Graph of ``documents`` (see module docstring).  ``texts`` maps a document's
    ``path`` to the original text of its file: evidence then carries the sentence as written
    and its line (without it, the fact's own text).  Evidence triples go into the Graph, or
    into ``evidence`` when one is given (the build writes those straight to the store).
    ``sink``: anything with ``add(triple)`` (e.g. :class:`graph.file_graph.NTriplesSink`)
    receives the triples instead of a new Graph, and is returned."""
    if sink is None:
        g = Graph()
        g.bind("pkg", PKG._NS)
        g.bind("id", ID)
        g.bind("prov", PROV)
        g.bind("org", ORG)
    else:
        g = sink
    texts = texts or {}
    lines: dict[str, LineIndex] = {}
    task_counts: Counter = Counter()
    lead_counts: Counter = Counter()
    described: set = set()  # departments and mentions already described
    for doc in documents:
        d = document_iri(doc.id)
        g.add((d, RDF.type, PKG.Document))
        g.add((d, DCTERMS.title, _lit(g, doc.title)))
        g.add((d, RDFS.label, _lit(g, doc.title)))
        g.add((d, PKG.kind, _lit(g, doc.kind)))
        g.add((d, PKG.sourceFile, _plain(g, doc.path)))
        _span(g, d, doc.span)
        if doc.part_of:
            g.add((d, PKG.partOf, document_iri(doc.part_of)))
        for attr, prop in (("issuer", PKG.issuer), ("source", PKG.source), ("jurisdiction", PKG.jurisdiction)):
            if getattr(doc, attr):
                g.add((d, prop, _plain(g, getattr(doc, attr))))
        if doc.jurisdiction:
            g.add((d, PKG.inJurisdiction, _jurisdiction(g, doc.jurisdiction, described)))
        if doc.date:
            g.add((d, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))
            g.add((d, DCTERMS.issued, Literal(doc.date, datatype=XSD.date)))
        if doc.issuer:
            g.add((d, DCTERMS.creator, _plain(g, doc.issuer)))
        if doc.number:  # the 文号
            g.add((d, DCTERMS.identifier, _plain(g, doc.number)))
        text = texts.get(doc.path)
        if text is not None and doc.path not in lines:
            lines[doc.path] = LineIndex(text)
        prov = Provenance(g if evidence is None else evidence, d, text, lines.get(doc.path))
        for sec in doc.sections:
            s = instances.node("section", sec.key)
            g.add((s, RDF.type, PKG.Section))
            g.add((s, PKG.key, _plain(g, sec.key)))
            g.add((s, PKG.number, _plain(g, sec.number)))
            g.add((s, DCTERMS.title, _lit(g, sec.title)))
            g.add((s, RDFS.label, _lit(g, f"{sec.number}{sec.title}")))
            g.add((s, PKG.inDocument, d))
            if sec.parent:
                g.add((s, PKG.parentSection, instances.node("section", sec.parent)))
            _span(g, s, sec.span)
        for i, target in enumerate(doc.targets):
            _target(g, d, f"{doc.id}#indicator", i, target, prov)
        section_keys = {s.key for s in doc.sections}
        for task in doc.tasks:
            counted = _task(g, task, d, doc, section_keys, described, prov)
            task_counts.update(counted[0])
            lead_counts.update(counted[1])
        for i, w in enumerate(doc.warnings):
            wn = instances.node("warning", f"{doc.id}#{i}")
            g.add((d, PKG.hasWarning, wn))
            g.add((wn, RDF.type, PKG.Warning))
            g.add((wn, PKG.code, _plain(g, w.code)))
            g.add((wn, RDFS.comment, _plain(g, w.message)))
            if w.span:
                _span(g, wn, w.span)
            if w.line:
                g.add((wn, PKG.line, _int(g, w.line)))
    for dept, n in task_counts.items():
        g.add((dept, PKG.taskCount, Literal(n, datatype=XSD.integer)))
        g.add((dept, PKG.leadCount, Literal(lead_counts.get(dept, 0), datatype=XSD.integer)))
    return g


def _task(g: Graph, task: Task, d: URIRef, doc: Document, section_keys: set[str], described: set,
          prov: Provenance):
    t = task_iri(task.key)
    prov.task(task.key, t, task.span, task.title)
    g.add((t, RDF.type, PKG.Task))
    g.add((t, PKG.inDocument, d))
    g.add((t, PKG.key, _plain(g, task.key)))
    g.add((t, PKG.number, _plain(g, task.id)))
    g.add((t, DCTERMS.title, _lit(g, task.title)))
    g.add((t, RDFS.label, _lit(g, f"{task.id}. {task.title}")))
    g.add((t, PKG.text, _lit(g, task.text)))
    if task.section:
        g.add((t, PKG.sectionPath, _lit(g, task.section)))
    if task.section_key in section_keys:  # the section the structure stage placed it in
        g.add((t, PKG.inSection, instances.node("section", task.section_key)))
    if task.parent:
        g.add((t, PKG.parentTask, task_iri(task.parent)))
    if task.inherited:
        g.add((t, PKG.inheritedAssignment, Literal(True)))
    if task.assignment_text:  # the evidence sentence a task page highlights in pkg:text
        g.add((t, PKG.assignmentText, _lit(g, task.assignment_text)))
    _span(g, t, task.span)
    involved: set[URIRef] = set()
    leads: set[URIRef] = set()
    for role, prop in ROLE_PROPERTY.items():
        for i, ref in enumerate(getattr(task, role.field)):
            dept = _department(g, ref, doc.jurisdiction, described)
            _sub_organization(g, ref, dept, doc)
            g.add((t, prop, dept))
            prov.role(task.key, f"{role.field}-{i}", t, prop, dept, ref.span, task.assignment_span, ref.name)
            g.add((t, PKG.involves, dept))
            involved.add(dept)
            if role is Role.LEAD:
                leads.add(dept)
    for i, target in enumerate(task.targets):
        _target(g, t, task.key, i, target, prov)
    for m in (*task.districts, *task.platforms, *task.industries):
        g.add((t, _mention(g, m, described), mention_iri(m)))
    return involved, leads


def _department(g: Graph, ref: DeptRef, jurisdiction: str | None, described: set) -> URIRef:
    """The department's IRI; its description is added once per (IRI, name as written)."""
    node = department_iri(ref, jurisdiction)
    if (node, ref.name) in described:
        return node
    described.add((node, ref.name))
    g.add((node, RDF.type, PKG.Department))
    if ref.group:
        g.add((node, RDF.type, PKG.DepartmentGroup))
    g.add((node, PKG.nameAsWritten, _lit(g, ref.name)))
    g.add((node, RDFS.label, _lit(g, ref.label or ref.name)))
    g.add((node, PKG.resolved, Literal(ref.id is not None or ref.label is not None)))
    where = ref.jurisdiction or jurisdiction
    g.add((node, PKG.inJurisdiction, jurisdiction_iri(where)))
    _jurisdiction(g, where, described)
    # SKOS: the canonical name is the prefLabel, every other name seen an altLabel
    g.add((node, SKOS.prefLabel, _lit(g, ref.label or ref.name)))
    if ref.label and ref.name != ref.label:
        g.add((node, SKOS.altLabel, _lit(g, ref.name)))
    if ref.level:
        g.add((node, PKG.level, _plain(g, ref.level)))
    if ref.body:
        g.add((node, PKG.body, _plain(g, ref.body)))
    if ref.kind:
        g.add((node, PKG.unitKind, _plain(g, ref.kind)))
    for member in ref.members:
        g.add((node, PKG.member, instances.node("dept", member)))
    return node


def _jurisdiction(g: Graph, jid: str | None, described: set) -> URIRef:
    """The jurisdiction's node (label, level, enclosing jurisdiction), described once."""
    node = jurisdiction_iri(jid)
    if node in described:
        return node
    described.add(node)
    found = describe_jurisdiction(jid)
    g.add((node, RDF.type, PKG.Jurisdiction))
    g.add((node, PKG.key, _plain(g, jid or "unknown")))
    g.add((node, RDFS.label, _lit(g, found.name if found else "unknown")))
    if found and found.level:
        g.add((node, PKG.jurisdictionLevel, _plain(g, found.level)))
    parent = parent_of(jid)
    if parent:  # 昆山市 in 苏州市 in 江苏省 in 中华人民共和国
        g.add((node, PKG.inJurisdiction, _jurisdiction(g, parent, described)))
    return node


def _sub_organization(g: Graph, ref: DeptRef, dept: URIRef, doc: Document) -> None:
    """A division (处/科/室/中心 without a region: ``unitKind`` division) named in a document is a
    unit of the body that issued it, when the issuer is a known department (W3C ORG)."""
    if ref.kind != "division" or not doc.issuer:
        return
    owner = _issuer(doc.issuer, doc.jurisdiction)
    if owner is not None and owner.id != ref.id:
        g.add((dept, ORG.subOrganizationOf, department_iri(owner, doc.jurisdiction)))


def _issuer(issuer: str, jurisdiction: Optional[str]) -> Optional[DeptRef]:
    """The issuing body as a resolved department (first of a joint issue), or None."""
    from extract.entities.departments import resolve  # the gazetteer, loaded only when a division is named

    first = re.split(r"[、，,\s]+", issuer.strip())[0]
    hit = resolve(first, jurisdiction)
    if hit is None or hit.group:
        return None
    return DeptRef(name=first, id=hit.id, label=hit.label)


def _target(g: Graph, t: URIRef, key: str, i: int, target: Target, prov: Provenance) -> None:
    n = instances.node("target", f"{key}#{i}")
    g.add((t, PKG.hasTarget, n))
    prov.add(instances.evidence(key, f"target-{i}"), t, PKG.hasTarget, n, target.span, target.text)
    g.add((n, RDF.type, PKG.Target))
    g.add((n, PKG.indicator, _lit(g, target.indicator)))
    g.add((n, PKG.comparator, _plain(g, target.comparator)))
    g.add((n, PKG.text, _lit(g, target.text)))
    g.add((n, RDFS.label, _lit(g, target.text)))
    if target.value is not None:
        g.add((n, PKG.value, Literal(repr(float(target.value)), datatype=XSD.decimal)))
    if target.value_text:
        g.add((n, PKG.valueText, _lit(g, target.value_text)))
    if target.unit:
        g.add((n, PKG.unit, _plain(g, target.unit)))
    if target.ratio:
        g.add((n, PKG.ratio, _plain(g, target.ratio)))
    if target.year:
        g.add((n, PKG.dueYear, Literal(str(target.year), datatype=XSD.gYear)))
    if target.period:
        g.add((n, PKG.periodStart, Literal(str(target.period[0]), datatype=XSD.gYear)))
        g.add((n, PKG.periodEnd, Literal(str(target.period[1]), datatype=XSD.gYear)))
    _span(g, n, target.span)


def _mention(g: Graph, m: Mention, described: set) -> URIRef:
    """The property linking a task to ``m``; the mention is described once."""
    cls, prop = _MENTION.get(m.kind, (PKG.Place, PKG.mentionsPlace))
    node = mention_iri(m)
    if node in described:
        return prop
    described.add(node)
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, _lit(g, m.label or m.name)))
    if m.kind == "industry":
        g.add((node, SKOS.prefLabel, _lit(g, m.label or m.name)))
    if m.type and m.kind == "platform":
        g.add((node, PKG.platformType, _plain(g, m.type)))
    return prop
