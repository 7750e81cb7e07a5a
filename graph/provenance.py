"""Evidence for every extracted fact, as PROV-O.

A fact is one triple the extractors stated: a task's role link (``pkg:lead``,
``pkg:participant``, ``pkg:responsible``), a target link (``pkg:hasTarget``)
or a task itself (``rdf:type pkg:Task``).  Its evidence is a node of class
``pkg:Evidence`` (a ``prov:Entity`` and an ``rdf:Statement``)::

    <…/id/evidence/<task key>#lead-0> a pkg:Evidence ;
        rdf:subject <task> ; rdf:predicate pkg:lead ; rdf:object <dept> ;
        prov:wasDerivedFrom <document> ;
        pkg:spanStart 7537 ; pkg:spanEnd 7563 ;   # characters of the source file's text
        pkg:line 97 ;                             # 1-based line of spanStart
        prov:value "（市科技局牵头，…参与）"@zh .   # the sentence as written

so a SPARQL answer can join any fact to its evidence through the standard
reification properties.  :class:`Provenance` is made once per document with
the original text of its source file (``None`` when the caller has none: the
value then falls back to the fact's own text and no line is given).
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import quote

from rdflib import RDF, XSD, Graph, Literal, URIRef

from .vocab import ID, PKG, PROV

Span = tuple[int, int]

#: Where a sentence ends (or a line does): the evidence of a name is the sentence around it.
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
#: The longest sentence kept as evidence, in characters (a run-on table cell is cut here).
MAX_SENTENCE = 400


def evidence_iri(key: str, fact: str) -> URIRef:
    """The evidence node of ``fact`` (e.g. ``lead-0``) of the task or document ``key``; stable."""
    return ID[f"evidence/{quote(f'{key}#{fact}', safe='')}"]


def sentence_span(text: str, span: Span) -> Span:
    """The sentence of ``text`` around ``span``: from after the previous sentence end up to and
    including the next one (at most :data:`MAX_SENTENCE` characters on either side)."""
    start, end = span
    lo = max(0, start - MAX_SENTENCE)
    head = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    s = head[-1] if head else lo
    m = _SENTENCE_END.search(text, end, min(len(text), end + MAX_SENTENCE))
    e = m.end() if m and m.group() != "\n" else (m.start() if m else min(len(text), end + MAX_SENTENCE))
    while s < start and text[s].isspace():
        s += 1
    return s, max(e, end)


def first_line(text: str, span: Span) -> Span:
    """The first non-blank line of ``span`` in ``text`` (a task's heading as written)."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    stop = text.find("\n", start, end)
    return start, (stop if stop != -1 else end)


class Provenance:
    """Adds evidence nodes for the facts of one document (``doc``: its IRI; ``text``: the original
    text of its source file, or None)."""

    def __init__(self, g: Graph, doc: URIRef, text: Optional[str]):
        self.g, self.doc, self.text = g, doc, text

    def add(self, node: URIRef, subject: URIRef, predicate: URIRef, obj: URIRef,
            span: Optional[Span], fallback: str) -> URIRef:
        """Describe ``node`` as the evidence of (subject, predicate, obj), found at ``span`` of the
        source text; ``fallback`` is the value when there is no text or no span."""
        g = self.g
        g.add((node, RDF.type, PKG.Evidence))
        g.add((node, RDF.subject, subject))
        g.add((node, RDF.predicate, predicate))
        g.add((node, RDF.object, obj))
        g.add((node, PROV.wasDerivedFrom, self.doc))
        value = fallback
        if span is not None:
            g.add((node, PKG.spanStart, Literal(span[0], datatype=XSD.integer)))
            g.add((node, PKG.spanEnd, Literal(span[1], datatype=XSD.integer)))
            if self.text is not None and 0 <= span[0] <= span[1] <= len(self.text):
                value = self.text[span[0]:span[1]]
                line = self.text.count("\n", 0, span[0]) + 1
                g.add((node, PKG.line, Literal(line, datatype=XSD.integer)))
        g.add((node, PROV.value, Literal(value, lang="zh")))
        return node

    def role(self, task_key: str, fact: str, task: URIRef, role: URIRef, dept: URIRef,
             name_span: Optional[Span], assignment_span: Optional[Span], name: str) -> URIRef:
        """Evidence of a role link: the assignment as written when it holds the name, else the
        sentence around the name."""
        span = None
        if assignment_span and (name_span is None or assignment_span[0] <= name_span[0] <= assignment_span[1]):
            span = assignment_span
        elif name_span and self.text is not None:
            span = sentence_span(self.text, name_span)
        elif name_span:
            span = name_span
        return self.add(evidence_iri(task_key, fact), task, role, dept, span, name)

    def task(self, task_key: str, task: URIRef, span: Span, title: str) -> URIRef:
        """Evidence that ``task`` is a task: the first line of its span (its heading as written)."""
        line = first_line(self.text, span) if self.text is not None else span
        return self.add(evidence_iri(task_key, "task"), task, RDF.type, PKG.Task, line, title)
