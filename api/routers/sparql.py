"""``/sparql``: the SPARQL 1.1 Protocol (query operation only) over the read-only store.

GET ``?query=``; POST ``application/x-www-form-urlencoded`` (``query=``) or
``application/sparql-query``.  The result format comes from ``format=`` if
given, else from ``Accept``.  Updates are refused (400 ``read-only``); a bad
query gives 400 ``bad-query`` with the parser's line and column in a readable
sentence; a query with SERVICE (found by :mod:`graph.query_guard`, not by a
pattern over the text) gives 400 ``service-disabled``; an unsatisfiable
Accept gives 406.  Queries run in killable worker processes
(:mod:`graph.query_pool`): past the time limit 503 ``query-timeout``, past
the memory limit 503 ``query-memory``, past the row cap 400
``too-many-rows``, too many at once from one client 429
``too-many-queries``, all workers busy 503 ``busy``.  A named query (a gallery text or the
query page's example, :mod:`graph.stored_answers`) on the embedded store is answered from the
answer kept with the store generation (header ``X-Policykg-Answer: stored``), made by the build or
by the first request of that generation; the bytes are those of running it.  A GET
without a query from a browser gets the query page (an editor, the gallery of
:mod:`graph.gallery`); a browser's query gets its results as a table, or its
error on that page, next to the query (same status as the JSON error).
"""

from __future__ import annotations

import re
import threading
import time
from urllib.parse import urlencode
from typing import Annotated, Optional

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from graph import gallery
from graph.formats import FORMATS, GRAPH, TABLE, offers
from graph import queries as Q
from graph import stored_answers
from graph.answers import Answer, RowLimitError
from graph.query_guard import service_calls
from graph.query_messages import explain
from graph.query_pool import QueryLimitError
from graph.store import QueryError, StoreError, store_generation
from graph.terms import completion_terms, prefixes

from ..deps import SettingsDep, TemplatesDep
from ..errors import ApiError
from ..query_page import links, table_body

router = APIRouter(tags=["sparql"])

#: result kind → the formats it is answered in (graph.formats; the first is the default)
_FORMATS = {"table": (*TABLE, "html"), "graph": (*GRAPH, "html")}
#: result kind → accepted media types (first = default) → format name
_OFFERS = {kind: offers(names) for kind, names in _FORMATS.items()}
_UPDATE = re.compile(
    r"(?:^|[\s}])(?:INSERT|DELETE)\s*(?:DATA\b|WHERE\b|\{)|(?:^|\s)(?:LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)"
    r"\s+(?:SILENT\s+)?(?:GRAPH|DEFAULT|NAMED|ALL|<)|(?:^|\s)WITH\s+<", re.IGNORECASE)
#: set to "stored" on the answer of a named query read from the store generation (graph.stored_answers)
STORED_HEADER = "X-Policykg-Answer"
#: a kept answer of at least this many bytes goes to a client accepting gzip compressed (as GZipMiddleware)
GZIP_MIN = 1024
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


_LIMIT_STATUS = {"time": (503, "query-timeout", "POLICYKG_QUERY_TIMEOUT"),
                 "memory": (503, "query-memory", "POLICYKG_QUERY_MEMORY_MB"),
                 "crashed": (503, "query-stopped", None),
                 "rows": (400, "too-many-rows", "POLICYKG_QUERY_MAX_ROWS"),
                 "per-client": (429, "too-many-queries", "POLICYKG_QUERY_PER_CLIENT"),
                 "busy": (503, "busy", "POLICYKG_QUERY_WORKERS"),
                 "cancelled": (503, "cancelled", None)}


def check_query(settings, text: str) -> None:
    """Refuse a query that would fetch from the network (SERVICE), as its lexer reads it."""
    if settings.allow_service:
        return
    calls = service_calls(text)
    if calls:
        first = calls[0]
        raise ApiError(400, "service-disabled",
                       f"federated queries (SERVICE, line {first.line}, column {first.column}) are disabled "
                       "on this endpoint: it never fetches from other servers",
                       {"line": first.line, "column": first.column})


def _formats(request: Request, fmt: Optional[str]) -> tuple[dict, dict]:
    """The negotiated format per result kind, and the negotiation error of a kind that has none."""
    chosen, failed = {}, {}
    for kind in ("table", "graph"):
        try:
            chosen[kind] = negotiate(kind, request.headers.get("accept"), fmt)
        except ApiError as exc:
            chosen[kind], failed[kind] = None, exc
    if len(failed) == 2 and failed["table"].status == 400 and failed["graph"].status == 400:
        raise failed["table"]
    return chosen, failed


async def _answer(request: Request, text: str, formats: dict) -> Answer:
    """The answer of ``text``: kept with the store generation when it is a named query
    (:mod:`graph.stored_answers`), else run in the query pool; raises ApiError."""
    try:
        generation = _named_generation(request, text)
        if generation is None:
            return await _pooled(request, text, formats)
        return await _named_answer(request, text, formats, generation)
    except QueryLimitError as exc:
        status, code, setting = _LIMIT_STATUS[exc.limit]
        headers = {"Retry-After": "2"} if status in (429, 503) else None
        raise ApiError(status, code, str(exc), {"limit": exc.limit, "setting": setting},
                       headers=headers) from None
    except QueryError as exc:
        if _UPDATE.search(text):
            _refuse_update(text)
        explained = explain(text, str(exc))
        raise ApiError(400, "bad-query", explained.message,
                       {**explained.detail(), "parser": str(exc)[:2000], "query": text[:2000]}) from None
    except StoreError as exc:
        raise ApiError(503, "store-unavailable", str(exc)) from None


def _named_generation(request: Request, text: str) -> Optional[str]:
    """The current generation of the embedded store when ``text`` is a named query, else None."""
    if stored_answers.named(text) is None:
        return None
    return store_generation(request.app.state.settings.store_config())


def _serve_kept(generation: str, text: str, formats: dict, max_rows: int) -> Optional[Answer]:
    kept = stored_answers.lookup(generation, text)
    if kept is None:
        return None
    try:
        return stored_answers.serve(kept, formats, max_rows)
    except RowLimitError as exc:
        raise QueryLimitError("rows", str(exc)) from None


async def _named_answer(request: Request, text: str, formats: dict, generation: str) -> Answer:
    """A named query's kept answer; on the first request of a generation it is run (as SPARQL JSON,
    on that generation) and kept, then served like a kept one."""
    max_rows = request.app.state.query_pool.limits.max_rows
    answer = await anyio.to_thread.run_sync(_serve_kept, generation, text, formats, max_rows)
    if answer is not None:
        return answer
    started = time.perf_counter()
    ran = await _pooled(request, text, {"table": "json", "graph": formats.get("graph")},
                        store=("embedded", generation))
    if ran.kind != "table" or ran.format != "json" or ran.count is None:
        return ran

    def keep_and_serve() -> Answer:
        stored_answers.keep(generation, text, ran.body, ran.count, time.perf_counter() - started)
        kept = _serve_kept(generation, text, formats, max_rows)
        if kept is not None:
            kept.stored = False  # run now, kept for the next request
            return kept
        return stored_answers.serve(stored_answers.unkept(ran.body, ran.count), formats, max_rows)
    return await anyio.to_thread.run_sync(keep_and_serve)


async def _pooled(request: Request, text: str, formats: dict, store: Optional[tuple] = None) -> Answer:
    """Run ``text`` in the query pool, stopping it if the client goes away; raises QueryLimitError,
    QueryError or StoreError."""
    state = request.app.state
    cancelled = threading.Event()
    client = request.client.host if request.client else ""

    async def watch() -> None:
        while not cancelled.is_set():
            if await request.is_disconnected():
                cancelled.set()
                return
            await anyio.sleep(0.25)

    outcome: dict = {}
    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            outcome["answer"] = await anyio.to_thread.run_sync(
                state.query_pool.run, text, formats, client, cancelled, store, limiter=state.query_threads)
        except (QueryLimitError, QueryError, StoreError) as exc:
            outcome["error"] = exc
        finally:
            cancelled.set()
            group.cancel_scope.cancel()
    if "answer" in outcome:
        return outcome["answer"]
    raise outcome["error"]


async def run(settings, templates, request: Request, text: Optional[str], fmt: Optional[str]) -> Response:
    """Execute ``text`` in a query worker and serialize it as negotiated.  A browser (Accept: text/html
    first) gets an error on the query page, next to its query, with the error's status."""
    try:
        return await _run(settings, templates, request, text, fmt)
    except ApiError as exc:
        if text and text.strip() and wants_html(request):
            return page(templates, request, text, error=exc)
        raise


async def _run(settings, templates, request: Request, text: Optional[str], fmt: Optional[str]) -> Response:
    if text is None or not text.strip():
        if fmt == "html" or (fmt is None and wants_html(request)):
            return page(templates, request)
        raise ApiError(400, "missing-query", "no query: pass ?query=, a query form field or a sparql-query body")
    check_query(settings, text)
    formats, failed = _formats(request, fmt)
    started = time.perf_counter()
    answer = await _answer(request, text, formats)
    if answer.format is None:
        raise failed[answer.kind]
    headers = {STORED_HEADER: "stored"} if answer.stored else {}
    if answer.format == "html":
        response = page(templates, request, text, answer, elapsed=time.perf_counter() - started)
        if headers:
            response.headers.update(headers)
        return response
    if answer.kept and len(answer.body) >= GZIP_MIN and "gzip" in request.headers.get("accept-encoding", "").lower():
        # compressed once and kept (the app's GZipMiddleware passes an encoded answer through)
        body = await anyio.to_thread.run_sync(stored_answers.gzipped, answer)
        headers.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return Response(body, media_type=FORMATS[answer.format].content_type, headers=headers)
    return Response(answer.body, media_type=FORMATS[answer.format].content_type, headers=headers)


def page(templates, request: Request, text: str | None = None, answer: Answer | None = None,
         error: ApiError | None = None, elapsed: float | None = None) -> HTMLResponse:
    """The query page: the editor (pre-filled with the example, or the query asked), the gallery,
    and after a query its result table with share/download links, or its error (with its status)."""
    text = text.replace("\r\n", "\n") if text is not None else None  # a form sends CR LF line ends
    context = {"query": text or Q.example_query(), "asked": text is not None, "names": None, "rows": None,
               "gallery": [e.as_dict() | {"href": "/sparql?" + urlencode({"query": e.sparql}),
                                          "current": text is not None and text.strip() == e.sparql.strip()}
                           for e in gallery.examples()],
               "terms": completion_terms(), "prefixes": prefixes(), "error": None}
    if answer is not None:
        context.update(names=answer.names, rows=answer.rows, body=table_body(answer.rows), elapsed=elapsed,
                       kind=answer.kind, links=links(text, answer.kind))
    headers = None
    if error is not None:
        context["error"] = {"status": error.status, "code": error.code, "message": error.message,
                            "detail": error.detail if isinstance(error.detail, dict) else {}}
        headers = error.headers
    return templates.TemplateResponse(request, "sparql.html", context,
                                      status_code=error.status if error else 200, headers=headers)


@router.get("/sparql", summary="SPARQL query (GET)")
async def sparql_get(settings: SettingsDep, templates: TemplatesDep, request: Request,
               query: Annotated[Optional[str], Query(description="SPARQL 1.1 query")] = None,
               format: Annotated[Optional[str], Query(description="json|xml|csv|tsv|turtle|ntriples|rdfxml|jsonld|html")] = None,
               update: Annotated[Optional[str], Query(include_in_schema=False)] = None) -> Response:
    if update is not None:
        _refuse_update(update)
    return await run(settings, templates, request, query, format)


@router.post("/sparql", summary="SPARQL query (POST form or sparql-query body)")
async def sparql_post(settings: SettingsDep, templates: TemplatesDep, request: Request,
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
    return await run(settings, templates, request, text, str(fmt) if fmt else None)
