"""``/api/search?q=`` (JSON or CSV) and ``/search?q=`` (its HTML page): Chinese full-text search
over task titles and texts (jieba terms, BM25) with department names resolved; see
:mod:`graph.search`.  The index is built once per store generation (``SearchDep``)."""

from __future__ import annotations

from typing import Annotated, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from graph.search import SearchIndex

from ..deps import SearchDep, SettingsDep, TemplatesDep, get_search
from ..errors import ApiError
from ..params import ListFormat, listing, strict_query

router = APIRouter(tags=["search"], dependencies=[Depends(strict_query)])

MAX_QUERY = 200
Text = Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="words, a department name or both")]
Limit = Annotated[int, Query(ge=1, description="hits per page")]
Offset = Annotated[int, Query(ge=0)]


def search_page(index: SearchIndex, q: str, limit: int, offset: int, max_limit: int) -> tuple[dict, list]:
    """The JSON answer for one page of hits, and those hits (for the HTML page)."""
    if limit > max_limit:
        raise ApiError(422, "invalid-parameter", f"limit: at most {max_limit}", {"limit": limit})
    result = index.search(q, limit, offset)
    page = result.hits
    return ({"query": result.query, "terms": result.terms, "departments": result.departments,
             "total": result.total, "limit": limit, "offset": offset,
             "items": [h.as_dict() for h in page]}, page)


@router.get("/api/search", summary="Search tasks (jieba + BM25; department names and aliases resolved)")
def api_search(request: Request, index: SearchDep, settings: SettingsDep, q: Text,
               limit: Limit = 20, offset: Offset = 0, format: ListFormat = None):
    payload, _ = search_page(index, q, limit, offset, settings.max_limit)
    return listing(request, payload, format, "search")


@router.get("/search", response_class=HTMLResponse, summary="Search page (HTML twin of /api/search)")
def html_search(request: Request, settings: SettingsDep, templates: TemplatesDep,
                q: Annotated[Optional[str], Query(max_length=MAX_QUERY)] = None,
                limit: Limit = 20, offset: Offset = 0):
    text = " ".join((q or "").split())
    data, hits = {}, []
    if text:  # the index is only built when there is something to search
        data, hits = search_page(get_search(request), text, limit, offset, settings.max_limit)
    api = "/api/search?" + urlencode({"q": text}) if text else "/api/search"
    base = "/search?" + urlencode({"q": text}) + "&"
    return templates.TemplateResponse(request, "search.html", {"q": text, "data": data, "hits": hits,
                                                               "api": api, "base": base})
