"""What the query page shows: result cells with links and sort keys, share and download links.

- ``entity_href(iri) -> str``: where a browser goes for an IRI: an instance
  IRI of a department, task, document, district or platform → its HTML page
  (``/departments/{id}``, ``/tasks/{key}``, ``/documents/{id}``,
  ``/districts/{id}``, ``/platforms/{id}``); any other instance IRI → its
  ``/id/...`` path (linked data); any other ``http(s)`` IRI → itself.
- ``cell(term) -> dict``: one table cell from a term in SPARQL JSON form (or
  None): ``text``, ``href`` (IRIs only), ``num`` (the number a numeric literal
  sorts by, else None) and ``title`` (datatype, language, or an IRI in full;
  the text of an IRI is its prefixed name with a known prefix).
- ``table_body(rows) -> Markup``: the escaped ``<tr>`` rows of a result table.
- ``links(query, kind) -> dict``: the shareable GET URL of the query, the
  downloads (CSV/JSON/TSV for tables; Turtle/N-Triples/JSON-LD for graphs)
  and the "see as graph" link (``/viz/sparql?query=…``).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Optional
from urllib.parse import unquote, urlencode

from markupsafe import Markup

from graph import instances, vocab
from graph.formats import FORMATS
from graph.terms import prefixes

XSD = str(vocab.XSD)
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                              "nonNegativeInteger", "positiveInteger", "negativeInteger",
                              "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
                              "unsignedByte")}
DOWNLOADS = {kind: [(FORMATS[name].label, name) for name in names]
             for kind, names in (("table", ("csv", "json", "tsv")), ("graph", ("turtle", "ntriples", "jsonld")))}


def entity_href(iri: str) -> Optional[str]:
    """The link for ``iri`` (see the module docstring); None for an IRI a browser cannot open."""
    page = instances.href(iri)
    if page is not None:
        return page
    if iri.startswith(("http://", "https://")):
        return iri
    return None


@lru_cache(maxsize=1)
def _namespaces() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(prefixes().items(), key=lambda p: -len(p[1])))


@lru_cache(maxsize=65536)
def short_iri(iri: str) -> str:
    """``iri`` as a prefixed name with a known prefix (its local part percent-decoded), else as it is."""
    for prefix, namespace in _namespaces():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace):]
            return f"{prefix}:{unquote(local) if '%' in local else local}"
    return iri


def _number(value: str) -> Optional[float]:
    try:
        return float(value)
    except ValueError:
        return None


def cell(term: Optional[dict]) -> dict:
    """A table cell for ``term`` (SPARQL JSON form, or None when unbound)."""
    if term is None:
        return {"text": "", "href": None, "num": None, "title": None}
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return {"text": short_iri(value), "href": entity_href(value), "num": None, "title": value}
    if kind == "bnode":
        return {"text": "_:" + value, "href": None, "num": None, "title": None}
    if kind == "triple":
        parts = [cell(term["value"][k])["text"] for k in ("subject", "predicate", "object")]
        return {"text": "<< " + " ".join(parts) + " >>", "href": None, "num": None, "title": None}
    datatype = term.get("datatype")
    num = _number(value) if datatype in _NUMERIC else None
    title = ("@" + term["xml:lang"]) if term.get("xml:lang") else (datatype.replace(XSD, "xsd:") if datatype else None)
    return {"text": value, "href": None, "num": num, "title": title}


def td(c: dict) -> str:
    """The ``<td>`` of a cell (see :func:`cell`), escaped."""
    attrs = (f' class="num" data-num="{c["num"]}"' if c["num"] is not None else "") + (
        f' title="{escape(c["title"])}"' if c["title"] else "")
    text = escape(c["text"])
    return f'<td{attrs}><a href="{escape(c["href"])}">{text}</a></td>' if c["href"] else f"<td{attrs}>{text}</td>"


def table_body(rows: list) -> Markup:
    """The ``<tbody>`` rows of an answer's rows of terms (SPARQL JSON form), as safe HTML: built here,
    not in the template, because Jinja takes about ten times as long for a 10,000-row table."""
    return Markup("".join("<tr>" + "".join(td(cell(t)) for t in row) + "</tr>" for row in rows))


def links(query: str, kind: str) -> dict:
    """Share, download and graph links for ``query`` whose answer is of ``kind`` ("table"/"graph")."""
    return {
        "share": "/sparql?" + urlencode({"query": query}),
        "downloads": [(label, "/sparql?" + urlencode({"query": query, "format": fmt}))
                      for label, fmt in DOWNLOADS[kind]],
        "graph": "/viz/sparql?" + urlencode({"query": query}),
    }
