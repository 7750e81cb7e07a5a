"""The one module that decides which triple store is used.

The default is an embedded pyoxigraph (RocksDB) store in a data directory
(``./.policykg/`` or ``$POLICYKG_DATA``), laid out as::

    <data>/store/          the current store (replaced atomically by a build)
    <data>/build-<pid>/    a build in progress (removed on failure)

``build_store(data_dir, ntriples)`` loads into a fresh directory and swaps it
in, so a failed build never touches the store already there and queries never
see a half-built graph.  ``open_store(data_dir)`` opens it read-only, so a
server and the command line can use one store at the same time.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pyoxigraph as ox

STORE_DIR = "store"

_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class StoreError(Exception):
    """The store is missing, locked or unreadable; the message names the path."""


class QueryError(ValueError):
    """A SPARQL query could not be parsed or evaluated."""


def default_data_dir() -> Path:
    return Path(os.environ.get("POLICYKG_DATA", ".policykg"))


@dataclass
class QueryResult:
    """A query's answer: ``kind`` is "select", "ask" or "graph"."""

    kind: str
    raw: object

    def serialize(self, fmt: str) -> bytes:
        """Serialize as json/xml/csv/tsv (select, ask) or turtle/ntriples/rdfxml/jsonld (graph)."""
        if self.kind == "graph":
            return self.raw.serialize(format=_GRAPH_FORMATS[fmt])
        return self.raw.serialize(format=_RESULT_FORMATS[fmt])

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
    if term is None:
        return None
    return term.value


class EmbeddedStore:
    """A pyoxigraph store on disk, opened read-only."""

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        path = self.data_dir / STORE_DIR
        if not path.is_dir():
            raise StoreError(f"{path}: no store here (run `policykg build` first)")
        try:
            self._store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"{path}: cannot open store: {exc}") from exc

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL 1.1 query; raises :class:`QueryError` on a bad query."""
        try:
            res = self._store.query(sparql)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise QueryError(str(exc)) from exc
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", res)
        if isinstance(res, ox.QuerySolutions):
            return QueryResult("select", res)
        return QueryResult("graph", res)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store = None


def store_exists(data_dir: Path | str) -> bool:
    return (Path(data_dir) / STORE_DIR).is_dir()


def open_store(data_dir: Path | str | None = None) -> EmbeddedStore:
    """Open the store of ``data_dir`` (default: :func:`default_data_dir`)."""
    return EmbeddedStore(data_dir or default_data_dir())


def build_store(data_dir: Path | str, ntriples: bytes) -> int:
    """Load N-Triples into a fresh store and swap it in; return the triple count.

    Raises :class:`StoreError` (naming the directory) when the data directory
    cannot be written; the existing store is then left as it was.
    """
    data_dir = Path(data_dir)
    tmp = data_dir / f"build-{os.getpid()}"
    old = data_dir / f"old-{os.getpid()}"
    current = data_dir / STORE_DIR
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        if tmp.exists():
            shutil.rmtree(tmp)
        store = ox.Store(str(tmp))
        store.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        count = len(store)
        del store
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(f"{data_dir}: cannot build the store: {exc}") from exc
    if current.exists():
        current.rename(old)
    tmp.rename(current)
    shutil.rmtree(old, ignore_errors=True)
    return count
