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
value then falls back to the fact's own text and no line is given) and a
``sink``: the rdflib Graph itself, or an :class:`EvidenceTriples` list that the
build writes straight to N-Triples (evidence is more than half of the triples;
keeping it out of the rdflib Graph and the build's SHACL pass keeps the build
about as fast as without it; ``policykg validate`` checks it on demand).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Optional

from rdflib import RDF, XSD, Literal, URIRef

from . import instances
from .formats import nt_escape
from .vocab import PKG, PROV

Span = tuple[int, int]

#: Where a sentence ends (or a line does): the evidence of a name is the sentence around it.
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
#: The longest sentence kept as evidence, in characters (a run-on table cell is cut here).
MAX_SENTENCE = 400


@lru_cache(maxsize=4)  # one file's text serves all its facts
def _sentence_ends(text: str) -> list[int]:
    """The offsets just after each sentence end of ``text``, in order."""
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def sentence_span(text: str, span: Span) -> Span:
    """The sentence of ``text`` around ``span``: from after the previous sentence end up to and
    including the next one (at most :data:`MAX_SENTENCE` characters on either side)."""
    start, end = span
    lo = max(0, start - MAX_SENTENCE)
    ends = _sentence_ends(text)
    i = bisect_right(ends, start) - 1  # the last sentence end before ``start``, if at or after ``lo``
    s = ends[i] if i >= 0 and ends[i] > lo else lo
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


# the terms, looked up once (a DefinedNamespace attribute lookup is slow in a loop)
_EVIDENCE, _START, _END, _LINE = PKG.Evidence, PKG.spanStart, PKG.spanEnd, PKG.line
_DERIVED, _VALUE, _TASK = PROV.wasDerivedFrom, PROV.value, PKG.Task
_INT = f"^^<{XSD.integer}>"
#: line boundaries of ``str.splitlines`` that N-Triples does not escape (\n and \r are escaped)
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_NT_TYPE = f" <{RDF.type}> <{_EVIDENCE}> ."
_NT_SUBJECT, _NT_PREDICATE, _NT_OBJECT = f"<{RDF.subject}>", f"<{RDF.predicate}>", f"<{RDF.object}>"
_NT_DERIVED, _NT_VALUE = f"<{_DERIVED}>", f"<{_VALUE}>"
_NT_START, _NT_END, _NT_LINE = f"<{_START}>", f"<{_END}>", f"<{_LINE}>"


class EvidenceTriples:
    """Evidence kept out of the rdflib Graph, as N-Triples lines (``ntriples()`` joins them).  Each
    node's lines are made as one string (its block, ending in a line end), from its terms as plain
    strings (an rdflib term, a ``str`` subclass, costs more to format)."""

    def __init__(self):
        self._blocks: list[str] = []
        self.triples = 0
        self._odd_breaks = False  # a value holds a line boundary other than \n and \r (str.splitlines)
        self._nodes: set = set()  # the evidence nodes described
        self._again = False  # a node described twice (only then can two lines be the same)

    def evidence(self, node, subject, predicate, obj, doc, span, line, value) -> None:
        n = f"<{str(node)}>"
        if n in self._nodes:
            self._again = True
        self._nodes.add(n)
        block = (f"{n}{_NT_TYPE}\n{n} {_NT_SUBJECT} <{str(subject)}> .\n{n} {_NT_PREDICATE} <{str(predicate)}> .\n"
                 f"{n} {_NT_OBJECT} <{str(obj)}> .\n{n} {_NT_DERIVED} <{str(doc)}> .\n"
                 f'{n} {_NT_VALUE} "{nt_escape(value)}"@zh .\n')
        if not self._odd_breaks and _ODD_BREAKS.search(value):
            self._odd_breaks = True
        triples = 6
        if span is not None:
            block += f'{n} {_NT_START} "{span[0]}"{_INT} .\n{n} {_NT_END} "{span[1]}"{_INT} .\n'
            triples += 2
        if line is not None:
            block += f'{n} {_NT_LINE} "{line}"{_INT} .\n'
            triples += 1
        self._blocks.append(block)
        self.triples += triples

    def ntriples(self) -> bytes:
        """The evidence as N-Triples (UTF-8)."""
        return "".join(self._blocks).encode("utf-8")

    def nodes_start_with(self, prefix: str) -> bool:
        """Whether every evidence node described, written ``<…>``, starts with ``prefix``."""
        return all(n.startswith(prefix) for n in self._nodes)

    def unique_ntriples(self) -> bytes:
        """:meth:`ntriples` with each line once (a line repeated in a file would be one triple in the
        store), as ``"".join(dict.fromkeys(ntriples().decode().splitlines(True))).encode()``: the
        same bytes, without decoding and splitting them again, unless a value holds a line
        boundary that ``splitlines`` also splits at (the N-Triples escapes leave only those)."""
        if self._odd_breaks:
            return "".join(dict.fromkeys(self.ntriples().decode("utf-8").splitlines(True))).encode("utf-8")
        if not self._again:  # each line opens with its node and one node's lines differ: all distinct
            return self.ntriples()
        lines = "".join(self._blocks).split("\n")  # no line holds a \n (values are escaped)
        lines.pop()  # (after the last line end)
        return ("\n".join(dict.fromkeys(lines)) + "\n").encode("utf-8")


class LineIndex:
    """1-based line numbers of character offsets in one text (its newlines found once)."""

    def __init__(self, text: str):
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self._newlines, offset - 1) + 1


class Provenance:
    """Adds evidence nodes for the facts of one document (``doc``: its IRI; ``text``: the original
    text of its source file, or None; ``lines``: its :class:`LineIndex`, shared by the documents of
    one file) to ``sink`` (an rdflib Graph or :class:`EvidenceTriples`)."""

    def __init__(self, sink, doc: URIRef, text: Optional[str], lines: Optional[LineIndex] = None):
        self.g, self.doc, self.text = sink, doc, text
        self.lines = lines if lines is not None or text is None else LineIndex(text)

    def add(self, node: URIRef, subject: URIRef, predicate: URIRef, obj: URIRef,
            span: Optional[Span], fallback: str) -> URIRef:
        """Describe ``node`` as the evidence of (subject, predicate, obj), found at ``span`` of the
        source text; ``fallback`` is the value when there is no text or no span."""
        value, line = fallback, None
        if span is not None and self.text is not None and 0 <= span[0] <= span[1] <= len(self.text):
            value = self.text[span[0]:span[1]]
            line = self.lines.line(span[0])
        g = self.g
        if isinstance(g, EvidenceTriples):
            g.evidence(node, subject, predicate, obj, self.doc, span, line, value)
            return node
        for p, o in ((RDF.type, _EVIDENCE), (RDF.subject, subject), (RDF.predicate, predicate),
                     (RDF.object, obj), (_DERIVED, self.doc), (_VALUE, Literal(value, lang="zh"))):
            g.add((node, p, o))
        if span is not None:
            g.add((node, _START, Literal(span[0], datatype=XSD.integer)))
            g.add((node, _END, Literal(span[1], datatype=XSD.integer)))
        if line is not None:
            g.add((node, _LINE, Literal(line, datatype=XSD.integer)))
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
        return self.add(instances.evidence(task_key, fact), task, role, dept, span, name)

    def task(self, task_key: str, task: URIRef, span: Span, title: str) -> URIRef:
        """Evidence that ``task`` is a task: the first line of its span (its heading as written)."""
        line = first_line(self.text, span) if self.text is not None else span
        return self.add(instances.evidence(task_key, "task"), task, RDF.type, _TASK, line, title)
