"""``/api/workload``, ``/api/coparticipation`` (+ ``/graph``) and ``/api/stats``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from graph import queries as Q

from ..deps import AnalyticsDep, StoreDep
from ..params import ListFormat, listing, strict_query
from ..viz_graphs import coparticipation_view
from .lookup import department_info, rows

router = APIRouter(prefix="/api", tags=["analytics"], dependencies=[Depends(strict_query)])


@router.get("/workload", summary="Tasks per department and role (networkx, from one SELECT)")
def workload(request: Request, store: StoreDep, analytics: AnalyticsDep,
             limit: Annotated[int | None, Query(ge=1)] = None, format: ListFormat = None):
    items = analytics.workload()[:limit]
    infos = department_info(store, [w.department for w in items])
    return listing(request, {"total": len(analytics.departments()), "items": [
        {"id": infos[w.department]["id"], "label": infos[w.department]["label"], "tasks": w.tasks,
         "lead": w.lead, "participant": w.participant, "responsible": w.responsible} for w in items]},
        format, "workload")


@router.get("/coparticipation", summary="Department pairs and how many tasks they share")
def coparticipation(request: Request, store: StoreDep, analytics: AnalyticsDep,
                    min_shared: Annotated[int, Query(ge=1)] = 1,
                    limit: Annotated[int | None, Query(ge=1)] = None, format: ListFormat = None):
    pairs = analytics.coparticipation(min_shared)
    page = pairs[:limit]
    infos = department_info(store, sorted({i for p in page for i in (p.a, p.b)}))

    def dept(i: str) -> dict:
        return {"id": infos[i]["id"], "label": infos[i]["label"]}
    return listing(request, {"total": len(pairs), "items": [
        {"a": dept(p.a), "b": dept(p.b), "shared": p.shared} for p in page]}, format, "coparticipation")


@router.get("/coparticipation/graph", summary="The co-participation network (top pairs) as nodes and edges")
def coparticipation_network(store: StoreDep, analytics: AnalyticsDep,
                            top: Annotated[int, Query(ge=1, le=5000)] = 60,
                            min_shared: Annotated[int, Query(ge=1)] = 1) -> dict:
    return coparticipation_view(store, analytics, top, min_shared)


def stats_of(store, analytics) -> dict:
    counts = {r["cls"].rsplit("#", 1)[-1]: int(r["n"]) for r in rows(store, Q.stats())}
    unresolved = len(rows(store, Q.unresolved_departments()))
    departments = counts.get("Department", 0) + counts.get("DepartmentGroup", 0)
    return {"triples": len(store), "documents": counts.get("Document", 0), "sections": counts.get("Section", 0),
            "tasks": counts.get("Task", 0), "departments": departments,
            "department_groups": counts.get("DepartmentGroup", 0), "unresolved_departments": unresolved,
            "departments_with_tasks": len(analytics.departments()),
            "targets": counts.get("Target", 0), "districts": counts.get("District", 0),
            "places": counts.get("Place", 0), "platforms": counts.get("Platform", 0),
            "industries": counts.get("Industry", 0), "warnings": counts.get("Warning", 0),
            "coparticipating_pairs": len(analytics.coparticipation())}


@router.get("/stats", summary="Counts of what the graph holds")
def stats(store: StoreDep, analytics: AnalyticsDep) -> dict:
    return stats_of(store, analytics)
