"""``/viz/department/{name}`` and ``/viz/coparticipation``: pyvis pages (``?embed=1`` without chrome)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse
from urllib.parse import quote

from ..deps import AnalyticsDep, SettingsDep, StoreDep
from ..params import strict_query
from ..views import render_network
from .insights import members_of
from .lookup import coparticipation_graph, department_graph, resolve_department

router = APIRouter(prefix="/viz", tags=["views"], dependencies=[Depends(strict_query)])

Embed = Annotated[bool, Query(description="page without header, for embedding in reports")]


@router.get("/department/{ident}", response_class=HTMLResponse, summary="A department's task network")
def department_view(ident: str, store: StoreDep, settings: SettingsDep, embed: Embed = False,
                    jurisdiction: Annotated[str | None, Query(description="jurisdiction id or name")] = None) -> HTMLResponse:
    graph = department_graph(store, resolve_department(store, ident, jurisdiction))
    dept = graph["department"]
    tasks = sum(1 for n in graph["nodes"] if n["kind"] == "task")
    title = f"{dept['label']}: {tasks} tasks, {len(graph['nodes']) - tasks - 1} other departments"
    twin = f"/api/departments/{quote(dept['id'], safe='')}/graph"
    return HTMLResponse(render_network(graph, title, embed=embed, physics_nodes=settings.viz_physics_nodes,
                                       links=[("JSON", twin), ("network", "/viz/coparticipation")], legend=True))


@router.get("/coparticipation", response_class=HTMLResponse, summary="Departments linked by shared tasks")
def coparticipation_view(store: StoreDep, settings: SettingsDep, analytics: AnalyticsDep,
                         top: Annotated[int, Query(ge=1, le=5000)] = 60,
                         min_shared: Annotated[int, Query(ge=1)] = 1, embed: Embed = False,
                         jurisdiction: Annotated[str | None, Query(description="jurisdiction id or name")] = None) -> HTMLResponse:
    graph = coparticipation_graph(store, analytics, top, min_shared, members_of(store, jurisdiction))
    title = f"Co-participation: the {len(graph['edges'])} strongest department pairs"
    twin = f"/api/coparticipation/graph?top={top}&min_shared={min_shared}" + (
        f"&jurisdiction={quote(jurisdiction, safe='')}" if jurisdiction else "")
    return HTMLResponse(render_network(graph, title, embed=embed, physics_nodes=settings.viz_physics_nodes,
                                       links=[("JSON", twin)]))
