"""A store behind any SPARQL 1.1 server (Protocol, Update, optional Graph Store).

Used through :mod:`graph.store`, which decides whether the embedded store or
a server is used.  Only the standard library talks HTTP here (no new
dependency); pyoxigraph parses and serializes the results, so a remote answer
behaves exactly like an embedded one.

A build never touches the data being served until it is complete: triples go
into a fresh named graph (Graph Store Protocol ``POST ?graph=`` when a GSP URL
is given, else ``INSERT DATA`` in chunks), and one ``MOVE <build> TO DEFAULT``
replaces the default graph.  On any failure the build graph is dropped and
:class:`StoreError` is raised, naming the URL.  The same request sets the marker
of :mod:`graph.remote_update` (which local ledger describes the data), which also
updates a server file by file.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pyoxigraph as ox

from .bindings import inline
from .formats import FORMATS, by_media
from .queries import store as SQ
from .queries import updates as UQ
from .results import QueryError, QueryResult, StoreError, TripleResult

_JSON = FORMATS["json"].media
ACCEPT = f"{_JSON}, {FORMATS['ntriples'].media};q=0.9, {FORMATS['turtle'].media};q=0.8"
CHUNK_LINES = 20000
#: seconds an update or upload may take: the ``MOVE`` of a build of 1.5M triples takes minutes
UPDATE_TIMEOUT = 1800


def _post(url: str, body: bytes, content_type: str, accept: str | None = None, timeout: float = 120):
    """POST and return (content type, body); StoreError for transport failures,
    QueryError for a 400 (a bad query) with the server's message."""
    headers = {"Content-Type": content_type}
    if accept:
        headers["Accept"] = accept
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.headers.get_content_type(), resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:500]
        if exc.code == 400:
            raise QueryError(detail or "the server rejected the request") from exc
        raise StoreError(f"{url}: HTTP {exc.code}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError(f"{url}: cannot reach the SPARQL server: {exc}") from exc


class RemoteStore:
    """Query a SPARQL 1.1 endpoint as if it were the embedded store."""

    def __init__(self, query_url: str, timeout: float = 120):
        self.query_url, self.timeout = query_url, timeout

    def query(self, sparql: str) -> QueryResult:
        """Run a query on the server (a :class:`graph.bindings.Bound` one with its values written in);
        QueryError for a bad query, StoreError when unreachable."""
        ctype, body = _post(self.query_url, inline(sparql).encode("utf-8"), "application/sparql-query", ACCEPT,
                            timeout=self.timeout)
        if ctype == _JSON:
            raw = ox.parse_query_results(body, format=FORMATS["json"].store)
            return QueryResult("ask" if isinstance(raw, ox.QueryBoolean) else "select", raw)
        fmt = by_media(ctype)
        if fmt is not None and fmt.kind == "graph":  # a triple format of graph.formats
            return QueryResult("graph", TripleResult(list(ox.parse(body, format=fmt.store))))
        raise StoreError(f"{self.query_url}: unexpected result type {ctype}")

    def __len__(self) -> int:
        _, body = _post(self.query_url, SQ.COUNT_TRIPLES.encode("utf-8"),
                        "application/sparql-query", _JSON)
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    #: a server's store keeps no build-time counts: its figures are counted when asked
    counts = None

    def close(self) -> None:
        """Nothing to release (one HTTP request per query)."""


def upload(update_url: str, graph: str, ntriples: bytes, gsp_url: str | None = None) -> None:
    """Add ``ntriples`` to the named graph ``graph``: one Graph Store Protocol ``POST ?graph=`` when
    ``gsp_url`` is given, else ``INSERT DATA`` requests of at most :data:`CHUNK_LINES` triples."""
    if gsp_url:
        sep = "&" if "?" in gsp_url else "?"
        _post(f"{gsp_url}{sep}{urllib.parse.urlencode({'graph': graph})}", ntriples, "application/n-triples",
              timeout=UPDATE_TIMEOUT)
        return
    lines = ntriples.decode("utf-8").splitlines()
    for i in range(0, len(lines), CHUNK_LINES):
        _update(update_url, SQ.insert_data(graph, "\n".join(lines[i:i + CHUNK_LINES])))


def build_remote(query_url: str, update_url: str, ntriples: bytes, gsp_url: str | None = None,
                 marker: str = "") -> int:
    """Replace the server's default graph with ``ntriples``; return its triple count.  ``marker``
    (:mod:`graph.remote_update`) is the local ledger generation that now describes the server, set in
    the same request as the ``MOVE`` ("": none does, any marker there is removed)."""
    graph = f"urn:policykg:build:{uuid.uuid4()}"
    try:
        upload(update_url, graph, ntriples, gsp_url)
        _update(update_url, SQ.move_to_default(graph) + " ;\n" + UQ.set_marker(marker))
    except (StoreError, QueryError) as exc:
        try:
            _update(update_url, SQ.drop_graph(graph))
        except (StoreError, QueryError):
            pass
        raise StoreError(f"{update_url}: the build was not applied: {exc}".splitlines()[0]) from exc
    return len(RemoteStore(query_url))


def _update(url: str, update: str) -> None:
    _post(url, update.encode("utf-8"), "application/sparql-update", timeout=UPDATE_TIMEOUT)
