"""Every result and file format, in one table: name ↔ media types ↔ pyoxigraph format.

:data:`FORMATS` maps a format's name (what ``?format=``, ``--format`` and the
query page say) to a :class:`Format`: its ``kind`` ("table" for SELECT/ASK
answers, "graph" for triples, "dataset" for quads, "page" for HTML,
"picture" for the views' SVG and PNG), its
media type and the other media types an ``Accept`` header may name it by,
whether it is text (served with ``; charset=utf-8``), the pyoxigraph
format that reads and writes it (None for HTML and pictures) and the name people know it
by (the query page's download links).  The SPARQL endpoint's
content negotiation, the CLI's ``query --format``, ``policykg export``, the
linked-data routes, the REST lists' CSV, the views' exports and the remote
store's ``Accept`` are all read from it.

``offers(names) -> [(media type, name)]``: what an endpoint that answers in
``names`` accepts, in that order (the first is its default).  ``by_media(t)``:
the format whose media type (or alias) is ``t``, else None.  ``KeyError`` for
an unknown name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import pyoxigraph as ox

#: what a literal's text needs escaped in an N-Triples line the build writes itself (file_graph,
#: provenance, materialise): ``text.translate(NT_ESCAPES)``
NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_escape(text: str) -> str:
    """``text.translate(NT_ESCAPES)``, about ten times faster on the build's texts (most need no
    escape; ``translate`` with a table looks up every character)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return text

Store = Union[ox.QueryResultsFormat, ox.RdfFormat, None]


@dataclass(frozen=True)
class Format:
    """One format (see the module docstring)."""

    name: str
    kind: str
    media: str
    store: Store
    also: tuple[str, ...] = ()
    text: bool = False
    label: str = ""

    @property
    def content_type(self) -> str:
        """The Content-Type of a response in this format."""
        return self.media + ("; charset=utf-8" if self.text else "")

    @property
    def accepts(self) -> tuple[str, ...]:
        """The media types an Accept header may name this format by, its own first."""
        return (self.media, *self.also)


FORMATS: dict[str, Format] = {f.name: f for f in (
    # SELECT and ASK answers (SPARQL 1.1 Query Results)
    Format("json", "table", "application/sparql-results+json", ox.QueryResultsFormat.JSON, ("application/json",),
           label="JSON"),
    Format("xml", "table", "application/sparql-results+xml", ox.QueryResultsFormat.XML,
           ("application/xml", "text/xml"), label="XML"),
    Format("csv", "table", "text/csv", ox.QueryResultsFormat.CSV, text=True, label="CSV"),
    Format("tsv", "table", "text/tab-separated-values", ox.QueryResultsFormat.TSV, text=True, label="TSV"),
    # triples (CONSTRUCT and DESCRIBE answers, linked data, export)
    Format("turtle", "graph", "text/turtle", ox.RdfFormat.TURTLE, ("application/x-turtle",), text=True,
           label="Turtle"),
    Format("ntriples", "graph", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",), text=True,
           label="N-Triples"),
    Format("rdfxml", "graph", "application/rdf+xml", ox.RdfFormat.RDF_XML, ("application/xml",), label="RDF/XML"),
    Format("jsonld", "graph", "application/ld+json", ox.RdfFormat.JSON_LD, ("application/json",), label="JSON-LD"),
    # quads (export: one named graph per document)
    Format("trig", "dataset", "application/trig", ox.RdfFormat.TRIG, text=True, label="TriG"),
    Format("nquads", "dataset", "application/n-quads", ox.RdfFormat.N_QUADS, text=True, label="N-Quads"),
    # a page for browsers, and the pictures of the network views
    Format("html", "page", "text/html", None, ("application/xhtml+xml",), text=True, label="HTML"),
    Format("svg", "picture", "image/svg+xml", None, label="SVG"),
    Format("png", "picture", "image/png", None, label="PNG"),
)}

#: the formats of SELECT/ASK answers and of CONSTRUCT/DESCRIBE answers
TABLE = tuple(n for n, f in FORMATS.items() if f.kind == "table")
GRAPH = tuple(n for n, f in FORMATS.items() if f.kind == "graph")


def store_format(name: str) -> Store:
    """The pyoxigraph format of ``name``; KeyError for an unknown name."""
    return FORMATS[name].store


def offers(names, aliases: bool = True) -> list[tuple[str, str]]:
    """(media type, name) for each format of ``names`` in order: its media type, then (``aliases``)
    the other media types it answers to."""
    return [(media, name) for name in names
            for media in (FORMATS[name].accepts if aliases else (FORMATS[name].media,))]


def by_media(media: str) -> Optional[Format]:
    """The format whose own media type is ``media`` (parameters ignored), else None."""
    media = media.split(";")[0].strip().lower()
    return next((f for f in FORMATS.values() if f.media == media), None)
