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
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from extract.entities.jurisdiction import describe_jurisdiction, parent_of
from extract.model import DeptRef, Document, Mention, Target, Task

from .provenance import EvidenceTriples, LineIndex, Provenance, evidence_iri
from .vocab import DCTERMS, ID, ORG, PKG, PROV, SKOS

_ROLES = (("lead", PKG.lead), ("participants", PKG.participant), ("responsible", PKG.responsible))
_MENTION = {
    "district": (PKG.District, PKG.mentionsDistrict),
    "place": (PKG.Place, PKG.mentionsPlace),
    "platform": (PKG.Platform, PKG.mentionsPlatform),
    "industry": (PKG.Industry, PKG.aboutIndustry),
}


def _iri(kind: str, key: str) -> URIRef:
    return ID[f"{kind}/{quote(key, safe='')}"]


def document_iri(doc_id: str) -> URIRef:
    return _iri("doc", doc_id)


def task_iri(key: str) -> URIRef:
    return _iri("task", key)


def department_iri(ref: DeptRef, jurisdiction: str | None) -> URIRef:
    """Gazetteer departments by id; others by jurisdiction and canonical name (``DeptRef.identity``)."""
    return _iri("dept", ref.identity(jurisdiction))


def jurisdiction_iri(jid: str | None) -> URIRef:
    return _iri("jurisdiction", jid or "unknown")


def mention_iri(m: Mention) -> URIRef:
    return _iri(m.kind, m.id or m.name)


def _span(g: Graph, node: URIRef, span) -> None:
    g.add((node, PKG.spanStart, Literal(span[0], datatype=XSD.integer)))
    g.add((node, PKG.spanEnd, Literal(span[1], datatype=XSD.integer)))


def _lit(value: str) -> Literal:
    return Literal(value, lang="zh")


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
        g.add((d, DCTERMS.title, _lit(doc.title)))
        g.add((d, RDFS.label, _lit(doc.title)))
        g.add((d, PKG.kind, _lit(doc.kind)))
        g.add((d, PKG.sourceFile, Literal(doc.path)))
        _span(g, d, doc.span)
        if doc.part_of:
            g.add((d, PKG.partOf, document_iri(doc.part_of)))
        for attr, prop in (("issuer", PKG.issuer), ("source", PKG.source), ("jurisdiction", PKG.jurisdiction)):
            if getattr(doc, attr):
                g.add((d, prop, Literal(getattr(doc, attr))))
        if doc.jurisdiction:
            g.add((d, PKG.inJurisdiction, _jurisdiction(g, doc.jurisdiction, described)))
        if doc.date:
            g.add((d, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))
            g.add((d, DCTERMS.issued, Literal(doc.date, datatype=XSD.date)))
        if doc.issuer:
            g.add((d, DCTERMS.creator, Literal(doc.issuer)))
        if doc.number:  # the 文号
            g.add((d, DCTERMS.identifier, Literal(doc.number)))
        text = texts.get(doc.path)
        if text is not None and doc.path not in lines:
            lines[doc.path] = LineIndex(text)
        prov = Provenance(g if evidence is None else evidence, d, text, lines.get(doc.path))
        for sec in doc.sections:
            s = _iri("section", sec.key)
            g.add((s, RDF.type, PKG.Section))
            g.add((s, PKG.key, Literal(sec.key)))
            g.add((s, PKG.number, Literal(sec.number)))
            g.add((s, DCTERMS.title, _lit(sec.title)))
            g.add((s, RDFS.label, _lit(f"{sec.number}{sec.title}")))
            g.add((s, PKG.inDocument, d))
            if sec.parent:
                g.add((s, PKG.parentSection, _iri("section", sec.parent)))
            _span(g, s, sec.span)
        for i, target in enumerate(doc.targets):
            _target(g, d, f"{doc.id}#indicator", i, target, prov)
        section_keys = {s.key for s in doc.sections}
        for task in doc.tasks:
            counted = _task(g, task, d, doc, section_keys, described, prov)
            task_counts.update(counted[0])
            lead_counts.update(counted[1])
        for i, w in enumerate(doc.warnings):
            wn = _iri("warning", f"{doc.id}#{i}")
            g.add((d, PKG.hasWarning, wn))
            g.add((wn, RDF.type, PKG.Warning))
            g.add((wn, PKG.code, Literal(w.code)))
            g.add((wn, RDFS.comment, Literal(w.message)))
            if w.span:
                _span(g, wn, w.span)
            if w.line:
                g.add((wn, PKG.line, Literal(w.line, datatype=XSD.integer)))
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
    g.add((t, PKG.key, Literal(task.key)))
    g.add((t, PKG.number, Literal(task.id)))
    g.add((t, DCTERMS.title, _lit(task.title)))
    g.add((t, RDFS.label, _lit(f"{task.id}. {task.title}")))
    g.add((t, PKG.text, _lit(task.text)))
    if task.section:
        g.add((t, PKG.sectionPath, _lit(task.section)))
    parent_section = task.key.rsplit(".", 1)[0] if "." in task.key else None
    if parent_section in section_keys:
        g.add((t, PKG.inSection, _iri("section", parent_section)))
    if task.parent:
        g.add((t, PKG.parentTask, task_iri(task.parent)))
    if task.inherited:
        g.add((t, PKG.inheritedAssignment, Literal(True)))
    if task.assignment_text:  # the evidence sentence a task page highlights in pkg:text
        g.add((t, PKG.assignmentText, _lit(task.assignment_text)))
    _span(g, t, task.span)
    involved: set[URIRef] = set()
    leads: set[URIRef] = set()
    for attr, prop in _ROLES:
        for i, ref in enumerate(getattr(task, attr)):
            dept = _department(g, ref, doc.jurisdiction, described)
            _sub_organization(g, ref, dept, doc)
            g.add((t, prop, dept))
            prov.role(task.key, f"{attr}-{i}", t, prop, dept, ref.span, task.assignment_span, ref.name)
            g.add((t, PKG.involves, dept))
            involved.add(dept)
            if prop == PKG.lead:
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
    g.add((node, PKG.nameAsWritten, _lit(ref.name)))
    g.add((node, RDFS.label, _lit(ref.label or ref.name)))
    g.add((node, PKG.resolved, Literal(ref.id is not None or ref.label is not None)))
    where = ref.jurisdiction or jurisdiction
    g.add((node, PKG.inJurisdiction, jurisdiction_iri(where)))
    _jurisdiction(g, where, described)
    # SKOS: the canonical name is the prefLabel, every other name seen an altLabel
    g.add((node, SKOS.prefLabel, _lit(ref.label or ref.name)))
    if ref.label and ref.name != ref.label:
        g.add((node, SKOS.altLabel, _lit(ref.name)))
    if ref.level:
        g.add((node, PKG.level, Literal(ref.level)))
    if ref.body:
        g.add((node, PKG.body, Literal(ref.body)))
    if ref.kind:
        g.add((node, PKG.unitKind, Literal(ref.kind)))
    for member in ref.members:
        g.add((node, PKG.member, _iri("dept", member)))
    return node


def _jurisdiction(g: Graph, jid: str | None, described: set) -> URIRef:
    """The jurisdiction's node (label, level, enclosing jurisdiction), described once."""
    node = jurisdiction_iri(jid)
    if node in described:
        return node
    described.add(node)
    found = describe_jurisdiction(jid)
    g.add((node, RDF.type, PKG.Jurisdiction))
    g.add((node, PKG.key, Literal(jid or "unknown")))
    g.add((node, RDFS.label, _lit(found.name if found else "unknown")))
    if found and found.level:
        g.add((node, PKG.jurisdictionLevel, Literal(found.level)))
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
    n = _iri("target", f"{key}#{i}")
    g.add((t, PKG.hasTarget, n))
    prov.add(evidence_iri(key, f"target-{i}"), t, PKG.hasTarget, n, target.span, target.text)
    g.add((n, RDF.type, PKG.Target))
    g.add((n, PKG.indicator, _lit(target.indicator)))
    g.add((n, PKG.comparator, Literal(target.comparator)))
    g.add((n, PKG.text, _lit(target.text)))
    g.add((n, RDFS.label, _lit(target.text)))
    if target.value is not None:
        g.add((n, PKG.value, Literal(repr(float(target.value)), datatype=XSD.decimal)))
    if target.value_text:
        g.add((n, PKG.valueText, _lit(target.value_text)))
    if target.unit:
        g.add((n, PKG.unit, Literal(target.unit)))
    if target.ratio:
        g.add((n, PKG.ratio, Literal(target.ratio)))
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
    g.add((node, RDFS.label, _lit(m.label or m.name)))
    if m.kind == "industry":
        g.add((node, SKOS.prefLabel, _lit(m.label or m.name)))
    if m.type and m.kind == "platform":
        g.add((node, PKG.platformType, Literal(m.type)))
    return prop
