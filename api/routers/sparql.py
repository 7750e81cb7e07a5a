"""``/sparql``: the SPARQL 1.1 Protocol (query operation only) over the read-only store.

GET ``?query=``; POST ``application/x-www-form-urlencoded`` (``query=``) or
``application/sparql-query``.  The result format comes from ``format=`` if
given, else from ``Accept``.  Updates are refused (400 ``read-only``); a bad
query gives 400 ``bad-query``; an unsatisfiable Accept gives 406.  A GET
without a query from a browser gets the query page.
"""

from __future__ import annotations

import re
from typing import Annotated, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from graph import queries as Q
from graph.store import QueryError

from ..deps import SettingsDep, StoreDep, TemplatesDep
from ..errors import ApiError

router = APIRouter(tags=["sparql"])

#: format name → media type
MEDIA = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json", "html": "text/html",
}
#: result kind → accepted media types (first = default) → format name
_OFFERS = {
    "table": [("application/sparql-results+json", "json"), ("application/json", "json"),
              ("application/sparql-results+xml", "xml"), ("application/xml", "xml"),
              ("text/xml", "xml"), ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
              ("text/html", "html")],
    "graph": [("text/turtle", "turtle"), ("application/x-turtle", "turtle"),
              ("application/n-triples", "ntriples"), ("text/plain", "ntriples"),
              ("application/rdf+xml", "rdfxml"), ("application/xml", "rdfxml"),
              ("application/ld+json", "jsonld"), ("application/json", "jsonld"), ("text/html", "html")],
}
_FORMATS = {"table": {"json", "xml", "csv", "tsv", "html"},
            "graph": {"turtle", "ntriples", "rdfxml", "jsonld", "html"}}
_UPDATE = re.compile(
    r"(?:^|[\s}])(?:INSERT|DELETE)\s*(?:DATA\b|WHERE\b|\{)|(?:^|\s)(?:LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)"
    r"\s+(?:SILENT\s+)?(?:GRAPH|DEFAULT|NAMED|ALL|<)|(?:^|\s)WITH\s+<", re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?[<?$\w]", re.IGNORECASE)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, highest q first (ties keep header order)."""
    ranges = []
    for i, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, fields[0].lower()))
    return [m for _, _, m in sorted(ranges)]


def negotiate(kind: str, accept: str | None, fmt: str | None) -> str:
    """The format name for a result of ``kind`` ("table" or "graph"); raises ApiError 400/406."""
    if fmt:
        fmt = fmt.lower()
        if fmt in _FORMATS[kind]:
            return fmt
        by_media = dict(_OFFERS[kind])
        if fmt in by_media:
            return by_media[fmt]
        raise ApiError(400, "bad-format", f"format {fmt!r} is not available for this query",
                       {"available": sorted(_FORMATS[kind])})
    offers = _OFFERS[kind]
    for media in parse_accept(accept):
        if media == "*/*":
            return offers[0][1]
        for offered, name in offers:
            if media == offered or (media.endswith("/*") and offered.startswith(media[:-1])):
                return name
    raise ApiError(406, "not-acceptable", f"cannot answer this query as {accept!r}",
                   {"available": sorted({m for m, _ in offers})})


def wants_html(request: Request) -> bool:
    accept = parse_accept(request.headers.get("accept"))
    return bool(accept) and accept[0] in ("text/html", "application/xhtml+xml")


def _refuse_update(text: str) -> None:
    raise ApiError(400, "read-only", "this endpoint is read-only: SPARQL updates are not accepted",
                   {"query": text[:200]})


def run(store, settings, templates, request: Request, text: Optional[str], fmt: Optional[str]) -> Response:
    """Execute ``text`` and serialize it as negotiated."""
    if text is None or not text.strip():
        if fmt == "html" or (fmt is None and wants_html(request)):
            return page(templates, request)
        raise ApiError(400, "missing-query", "no query: pass ?query=, a query form field or a sparql-query body")
    if not settings.allow_service and _SERVICE.search(text):
        raise ApiError(400, "service-disabled", "federated queries (SERVICE) are disabled on this endpoint")
    try:
        result = store.query(text)
    except QueryError as exc:
        if _UPDATE.search(text):
            _refuse_update(text)
        raise ApiError(400, "bad-query", str(exc), {"query": text}) from None
    try:
        name = negotiate("graph" if result.kind == "graph" else "table", request.headers.get("accept"), fmt)
        if name == "html":
            names, values = result.rows()
            return page(templates, request, text, names, values)
        body = result.serialize(name)
    finally:
        # pyoxigraph results are thread-bound: drop them here, not with a traceback elsewhere
        del result
    return Response(body, media_type=MEDIA[name] + (
        "; charset=utf-8" if name in ("csv", "tsv", "turtle", "ntriples") else ""))


def page(templates, request: Request, text: str | None = None, names=None, values=None) -> HTMLResponse:
    """The query page: a form (pre-filled with the example) and, after a query, a result table."""
    return templates.TemplateResponse(request, "sparql.html", {
        "query": text or Q.example_query(), "names": names, "rows": values,
        "formats": ["html", "json", "xml", "csv", "tsv", "turtle", "ntriples", "rdfxml", "jsonld"]})


@router.get("/sparql", summary="SPARQL query (GET)")
def sparql_get(store: StoreDep, settings: SettingsDep, templates: TemplatesDep, request: Request,
               query: Annotated[Optional[str], Query(description="SPARQL 1.1 query")] = None,
               format: Annotated[Optional[str], Query(description="json|xml|csv|tsv|turtle|ntriples|rdfxml|jsonld|html")] = None,
               update: Annotated[Optional[str], Query(include_in_schema=False)] = None) -> Response:
    if update is not None:
        _refuse_update(update)
    return run(store, settings, templates, request, query, format)


@router.post("/sparql", summary="SPARQL query (POST form or sparql-query body)")
async def sparql_post(store: StoreDep, settings: SettingsDep, templates: TemplatesDep, request: Request,
                      format: Annotated[Optional[str], Query()] = None) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype in _FORM_TYPES:
        form = await request.form()
        if "update" in form:
            _refuse_update(str(form["update"]))
        text = form.get("query")
        fmt = format or form.get("format") or None
        text = str(text) if text is not None else None
    elif ctype == "application/sparql-query":
        text, fmt = (await request.body()).decode("utf-8", errors="replace"), format
    elif ctype == "application/sparql-update":
        _refuse_update((await request.body()).decode("utf-8", errors="replace"))
    else:
        raise ApiError(415, "unsupported-media-type",
                       f"POST needs application/x-www-form-urlencoded or application/sparql-query, not {ctype!r}")
    # query evaluation is CPU-bound: run it in the thread pool like the plain-def endpoints
    return await run_in_threadpool(run, store, settings, templates, request, text, str(fmt) if fmt else None)
