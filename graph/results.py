"""Query answers and store errors shared by the embedded and remote stores.

``QueryResult(kind, raw)``: ``kind`` is "select", "ask" or "graph"; ``raw`` is
a pyoxigraph result object (or :class:`TripleResult` for graph answers read
from a server).  ``serialize(fmt)`` and ``rows()`` work the same for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pyoxigraph as ox

from .formats import FORMATS



class StoreError(Exception):
    """The store is missing, locked, unreachable or unreadable; the message names it."""


class QueryError(ValueError):
    """A SPARQL query could not be parsed or evaluated."""


class TripleResult:
    """Triples of a CONSTRUCT/DESCRIBE answer read from a server."""

    def __init__(self, triples: list):
        self._triples = triples

    def __iter__(self):
        return iter(self._triples)

    def serialize(self, format) -> bytes:  # noqa: A002 - mirrors pyoxigraph's signature
        return ox.serialize(self._triples, format=format)


@dataclass
class QueryResult:
    """A query's answer: ``kind`` is "select", "ask" or "graph"."""

    kind: str
    raw: object

    def serialize(self, fmt: str) -> bytes:
        """Serialize as json/xml/csv/tsv (select, ask) or turtle/ntriples/rdfxml/jsonld (graph)."""
        if FORMATS[fmt].kind != ("graph" if self.kind == "graph" else "table"):
            raise KeyError(fmt)
        return self.raw.serialize(format=FORMATS[fmt].store)

    def rows(self) -> tuple[list[str], list[list[Optional[str]]]]:
        """Variable names and rows of plain strings (SELECT); ASK gives one boolean row."""
        if self.kind == "ask":
            return ["boolean"], [[str(bool(self.raw)).lower()]]
        if self.kind == "graph":
            return ["subject", "predicate", "object"], [
                [_plain(t.subject), _plain(t.predicate), _plain(t.object)] for t in self.raw]
        names = [v.value for v in self.raw.variables]
        return names, [[_plain(sol[n]) for n in names] for sol in self.raw]


def _plain(term) -> Optional[str]:
    return None if term is None else term.value
