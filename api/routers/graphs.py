"""JSON twins of the views that have no other home: ``/api/workload/graph``, ``/api/tasks/{key}/graph``,
``/api/districts/{id}/graph``, ``/api/platforms/{id}/graph``, ``/api/sparql/graph?query=``.

Each returns what the matching ``/viz/...`` page draws (nodes with positions,
edges, legend, counts, ``empty_reason``); see :mod:`api.viz_graphs`.
"""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Depends, Query, Request

from ..deps import AnalyticsDep, SettingsDep, StoreDep
from ..params import strict_query
from ..viz_entities import mention_view, task_view
from ..kept_views import workload_graph as kept_workload_graph
from .viz import Doc, Jurisdiction, query_graph

router = APIRouter(prefix="/api", tags=["views"], dependencies=[Depends(strict_query)])


@router.get("/workload/graph", summary="The workload view as nodes (load, body) and co-participation edges")
def workload_graph(request: Request, store: StoreDep, analytics: AnalyticsDep,
                   min_shared: Annotated[int, Query(ge=1)] = 2, document: Doc = None,
                   jurisdiction: Jurisdiction = None) -> dict:
    return kept_workload_graph(request.app.state, store, analytics, min_shared, document, jurisdiction)


@router.get("/tasks/{key}/graph", summary="A task's network as nodes and edges")
def task_graph(key: str, store: StoreDep) -> dict:
    return task_view(store, key)


@router.get("/districts/{ident}/graph", summary="A district's network as nodes and edges")
def district_graph(ident: str, store: StoreDep) -> dict:
    return mention_view(store, "district", ident)


@router.get("/platforms/{ident}/graph", summary="A platform's network as nodes and edges")
def platform_graph(ident: str, store: StoreDep) -> dict:
    return mention_view(store, "platform", ident)


@router.get("/sparql/graph", summary="A query result as nodes and edges (same limits as /sparql)")
async def sparql_graph(request: Request, settings: SettingsDep,
                       query: Annotated[Optional[str], Query(description="the SPARQL query")] = None) -> dict:
    return await query_graph(request, settings, query)
