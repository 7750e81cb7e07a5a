"""Serialize a query answer under a row cap: SPARQL JSON/XML/CSV/TSV, RDF, or plain rows.

``serialize_capped(result, formats, max_rows) -> Answer``: ``formats`` maps a
result kind ("table" for SELECT/ASK, "graph" for CONSTRUCT/DESCRIBE) to a
format name (json, xml, csv, tsv, html / turtle, ntriples, rdfxml, jsonld,
html), or to ``None`` when that kind cannot be answered as asked (the caller
then reports its own negotiation error).  Rows are read one by one, so an
answer over ``max_rows`` raises :class:`RowLimitError` before it is kept in
memory.  SPARQL JSON is written here (pyoxigraph cannot serialize a list of
solutions); XML and TSV are converted from it by pyoxigraph; CSV is written
here so that a cell that a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@``, tab, CR) is escaped with a leading ``'`` (numbers are left as
they are).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Optional

import pyoxigraph as ox

from extract.export import spreadsheet_safe

from .formats import store_format
from .results import QueryResult
from .vocab import RDF, XSD

XSD_STRING = str(XSD.string)
RDF_LANG_STRING = str(RDF.langString)
XSD_BOOLEAN = str(XSD.boolean)


class RowLimitError(Exception):
    """The answer has more rows (or triples) than the cap allows."""

    def __init__(self, max_rows: int):
        super().__init__(f"the answer has more than {max_rows:,} rows; add a LIMIT or a narrower pattern")
        self.max_rows = max_rows


@dataclass
class Answer:
    """A serialized answer: its kind ("table"/"graph"), the format used, and the bytes
    (or, for ``html``, the variable names and rows of terms in SPARQL JSON form, None when unbound)."""

    kind: str
    format: Optional[str]
    body: bytes = b""
    names: Optional[list] = None
    rows: Optional[list] = None
    #: the number of rows of a SELECT answer (None when not counted)
    count: Optional[int] = None
    #: True when the answer was kept with the store generation (graph.stored_answers), not run
    stored: bool = False
    #: the file that holds ``body`` when it was kept (graph.stored_answers.gzipped compresses it once)
    kept: Optional[str] = None


def term_json(term) -> dict:
    """A term in SPARQL 1.1 JSON results form (RDF-star triples included)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        out["datatype"] = term.datatype.value
    return out


def csv_cell(term) -> str:
    """A term as a SPARQL CSV cell, escaped against spreadsheet formulas."""
    if term is None:
        return ""
    text = f"_:{term.value}" if isinstance(term, ox.BlankNode) else (
        str(term) if isinstance(term, ox.Triple) else term.value)
    return spreadsheet_safe(text)


def _cell(term) -> Optional[dict]:
    """A cell of an HTML table: the term in SPARQL JSON form (None when unbound)."""
    return None if term is None else term_json(term)


def _capped(items, max_rows: int) -> list:
    out = []
    for item in items:
        if len(out) >= max_rows:
            raise RowLimitError(max_rows)
        out.append(item)
    return out


def _table(result: QueryResult, fmt: str, max_rows: int) -> Answer:
    if result.kind == "ask":
        if fmt == "html":
            return Answer("table", fmt, names=["boolean"], rows=[[{
                "type": "literal", "value": str(bool(result.raw)).lower(), "datatype": XSD_BOOLEAN}]])
        return Answer("table", fmt, result.serialize(fmt))
    names = [v.value for v in result.raw.variables]
    solutions = _capped(([sol[n] for n in names] for sol in result.raw), max_rows)
    if fmt == "html":
        return Answer("table", fmt, names=names, rows=[[_cell(t) for t in row] for row in solutions],
                      count=len(solutions))
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([csv_cell(t) for t in row] for row in solutions)
        return Answer("table", fmt, buf.getvalue().encode("utf-8"), count=len(solutions))
    doc = {"head": {"vars": names}, "results": {"bindings": [
        {n: term_json(t) for n, t in zip(names, row) if t is not None} for row in solutions]}}
    body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt != "json":
        body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(
            format=store_format(fmt))
    return Answer("table", fmt, body, count=len(solutions))


def _graph(result: QueryResult, fmt: str, max_rows: int) -> Answer:
    triples = _capped(result.raw, max_rows)
    if fmt == "html":
        return Answer("graph", fmt, names=["subject", "predicate", "object"],
                      rows=[[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in triples])
    return Answer("graph", fmt, ox.serialize(triples, format=store_format(fmt)))


def serialize_capped(result: QueryResult, formats: dict, max_rows: int) -> Answer:
    """The answer of ``result`` in the format ``formats`` names for its kind; raises :class:`RowLimitError`."""
    kind = "graph" if result.kind == "graph" else "table"
    fmt = formats.get(kind)
    if fmt is None:
        return Answer(kind, None)
    return (_graph if kind == "graph" else _table)(result, fmt, max_rows)
