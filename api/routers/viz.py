"""``/viz/...``: the network views (HTML; ``format=svg|png`` exports; ``embed=1`` to be framed).

Every view has a JSON twin under ``/api/.../graph`` (:mod:`api.routers.graphs`)
listing the same nodes, edges and positions.  ``/viz/sparql`` runs its query
through the same guarded worker pool as ``/sparql`` (same limits and errors).
"""

from __future__ import annotations

from typing import Annotated, Optional
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from graph.vocab import ROLE_RANK

from ..deps import AnalyticsDep, SettingsDep, StoreDep
from ..kept_views import coparticipation_graph as copart_graph
from ..kept_views import workload_graph
from ..params import strict_query
from ..viz_entities import mention_view, result_view, task_view
from ..viz_export import build_date, check_format, export, form, threshold_slider
from ..viz_graphs import department_view as dept_graph
from . import sparql as sparql_router
from .insights import members_of

router = APIRouter(prefix="/viz", tags=["views"], dependencies=[Depends(strict_query)])

Embed = Annotated[bool, Query(description="page without header, filling its frame, for embedding in reports")]
Format = Annotated[Optional[str], Query(description="html (default), svg or png")]
RoleParam = Annotated[Optional[str], Query(pattern=f"^({'|'.join(ROLE_RANK)})$",
                                      description="only tasks where the department has this role")]
Doc = Annotated[Optional[str], Query(description="only tasks of this document id")]
Jurisdiction = Annotated[Optional[str], Query(description="only tasks of documents of this jurisdiction")]


def source_of(settings) -> str:
    return settings.sparql_query or "policykg 嵌入式库"


def respond(request: Request, graph: dict, settings, store, fmt: Optional[str], embed: bool, twin: str,
            controls: str = "") -> Response:
    """The view of ``graph`` as asked (html/svg/png), with links to its twin and exports."""
    fmt = check_format(fmt)
    params = {k: v for k, v in request.query_params.items() if k not in ("format", "embed")}
    base = request.url.path + ("?" + urlencode(params) if params else "")
    sep = "&" if params else "?"
    links = [("JSON", twin), ("SVG", base + sep + "format=svg"), ("PNG", base + sep + "format=png")]
    page_url = str(request.base_url).rstrip("/") + base
    body, media = export(graph, fmt, source=source_of(settings), built=build_date(store), embed=embed,
                         links=links, controls=controls, page_url=page_url, cjk_font=settings.cjk_font)
    headers = {}
    if fmt != "html":
        name = "policykg-view." + fmt
        headers["Content-Disposition"] = f"inline; filename=\"{name}\""
    return Response(body, media_type=media, headers=headers)


def _twin(path: str, request: Request) -> str:
    params = {k: v for k, v in request.query_params.items() if k not in ("format", "embed")}
    return path + ("?" + urlencode(params) if params else "")


@router.get("/department/{ident}", summary="A department's tasks (by document and chapter) and partners")
def department_view(ident: str, request: Request, store: StoreDep, settings: SettingsDep,
                    role: RoleParam = None, document: Doc = None, jurisdiction: Jurisdiction = None,
                    embed: Embed = False, format: Format = None) -> Response:
    check_format(format)
    graph = dept_graph(store, ident, role, document, jurisdiction)
    twin = _twin(f"/api/departments/{quote(graph['department']['id'], safe='')}/graph", request)
    docs = [d for d in graph["choices"]["document"] if "|" not in d]
    places = [j for j in graph["choices"]["jurisdiction"] if "|" not in j]
    controls = form(request.url.path, [("role", "角色", role or "", "select:|" + "|".join(ROLE_RANK)),
                                       ("document", "文件", document or "", "select:" + "|".join(["", *docs])),
                                       ("jurisdiction", "辖区", jurisdiction or "",
                                        "select:" + "|".join(["", *places]))])
    return respond(request, graph, settings, store, format, embed, twin, controls)


@router.get("/workload", summary="Every department sized by its load, coloured by body, linked by shared tasks")
def workload_view(request: Request, store: StoreDep, settings: SettingsDep, analytics: AnalyticsDep,
                  min_shared: Annotated[int, Query(ge=1, description="hide links with fewer shared tasks")] = 2,
                  document: Doc = None, jurisdiction: Jurisdiction = None, embed: Embed = False,
                  format: Format = None) -> Response:
    check_format(format)
    graph = workload_graph(request.app.state, store, analytics, min_shared, document, jurisdiction)
    controls = (form(request.url.path, [("min_shared", "共同任务 ≥", str(min_shared), "number"),
                                        ("document", "文件", document or "", "text"),
                                        ("jurisdiction", "辖区", jurisdiction or "", "text")])
                + threshold_slider(graph["max_weight"], min_shared))
    return respond(request, graph, settings, store, format, embed, _twin("/api/workload/graph", request), controls)


@router.get("/coparticipation", summary="Departments linked by shared tasks (the strongest pairs)")
def coparticipation_view(request: Request, store: StoreDep, settings: SettingsDep, analytics: AnalyticsDep,
                         top: Annotated[int, Query(ge=1, le=5000)] = 60,
                         min_shared: Annotated[int, Query(ge=1)] = 1,
                         jurisdiction: Annotated[Optional[str], Query(description="its departments only")] = None,
                         embed: Embed = False, format: Format = None) -> Response:
    check_format(format)
    graph = copart_graph(request.app.state, store, analytics, top, min_shared, members_of(store, jurisdiction))
    controls = form(request.url.path, [("top", "最强的对数", str(top), "number"),
                                       ("min_shared", "共同任务 ≥", str(min_shared), "number")])
    return respond(request, graph, settings, store, format, embed,
                   _twin("/api/coparticipation/graph", request), controls)


@router.get("/task/{key}", summary="A task with its departments, targets, districts, platforms, parent and children")
def task_graph_view(key: str, request: Request, store: StoreDep, settings: SettingsDep, embed: Embed = False,
                    format: Format = None) -> Response:
    check_format(format)
    graph = task_view(store, key)
    return respond(request, graph, settings, store, format, embed,
                   _twin(f"/api/tasks/{quote(key, safe='')}/graph", request))


@router.get("/district/{ident}", summary="A district, the tasks that mention it and their departments")
def district_view(ident: str, request: Request, store: StoreDep, settings: SettingsDep, embed: Embed = False,
                  format: Format = None) -> Response:
    check_format(format)
    graph = mention_view(store, "district", ident)
    return respond(request, graph, settings, store, format, embed,
                   _twin(f"/api/districts/{quote(ident, safe='')}/graph", request))


@router.get("/platform/{ident}", summary="A platform, the tasks that mention it and their departments")
def platform_view(ident: str, request: Request, store: StoreDep, settings: SettingsDep, embed: Embed = False,
                  format: Format = None) -> Response:
    check_format(format)
    graph = mention_view(store, "platform", ident)
    return respond(request, graph, settings, store, format, embed,
                   _twin(f"/api/platforms/{quote(ident, safe='')}/graph", request))


async def query_graph(request: Request, settings, query: Optional[str]) -> dict:
    """Run ``query`` in the guarded pool (as /sparql does) and shape the answer as a graph."""
    from ..errors import ApiError

    if query is None or not query.strip():
        raise ApiError(400, "missing-query", "no query: pass ?query= with a CONSTRUCT, or a SELECT naming "
                       "?source and ?target")
    sparql_router.check_query(settings, query)
    answer = await sparql_router._answer(request, query, {"table": "html", "graph": "html"})
    return result_view(answer.kind, answer.names or [], answer.rows or [], query)


@router.get("/sparql", summary="A CONSTRUCT result, or a SELECT of ?source ?target [?label], as a graph")
async def sparql_view(request: Request, settings: SettingsDep, store: StoreDep,
                      query: Annotated[Optional[str], Query(description="the SPARQL query")] = None,
                      embed: Embed = False, format: Format = None) -> Response:
    check_format(format)
    graph = await query_graph(request, settings, query)
    return respond(request, graph, settings, store, format, embed, _twin("/api/sparql/graph", request))
