"""``/api/workload``, ``/api/coparticipation`` (+ ``/graph``) and ``/api/stats``."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Depends, Query, Request

from graph import queries as Q

from ..deps import AnalyticsDep, StoreDep, get_analytics
from ..params import ListFormat, listing, strict_query
from ..kept_views import coparticipation_graph
from .identify import resolve_jurisdiction
from .lookup import department_info, rows

router = APIRouter(prefix="/api", tags=["analytics"], dependencies=[Depends(strict_query)])


Jurisdiction = Annotated[Optional[str], Query(description="jurisdiction id or name: its departments only")]


def members_of(store, jurisdiction: Optional[str]) -> Optional[set[str]]:
    """IRIs of the departments of ``jurisdiction`` (id or name; 404 if unknown), None for all."""
    where = resolve_jurisdiction(store, jurisdiction)
    if where is None:
        return None
    return {r["d"] for r in rows(store, Q.department_jurisdictions()) if r["j"] == where}


@router.get("/workload", summary="Tasks per department and role (networkx, from one SELECT)")
def workload(request: Request, store: StoreDep, analytics: AnalyticsDep,
             limit: Annotated[int | None, Query(ge=1)] = None, jurisdiction: Jurisdiction = None,
             format: ListFormat = None):
    members = members_of(store, jurisdiction)
    every = [w for w in analytics.workload() if members is None or w.department in members]
    items = every[:limit]
    infos = department_info(store, [w.department for w in items])
    return listing(request, {"total": len(every), "items": [
        {"id": infos[w.department]["id"], "label": infos[w.department]["label"], "tasks": w.tasks,
         **w.by_role()} for w in items]},
        format, "workload")


@router.get("/coparticipation", summary="Department pairs and how many tasks they share")
def coparticipation(request: Request, store: StoreDep, analytics: AnalyticsDep,
                    min_shared: Annotated[int, Query(ge=1)] = 1,
                    limit: Annotated[int | None, Query(ge=1)] = None, jurisdiction: Jurisdiction = None,
                    format: ListFormat = None):
    members = members_of(store, jurisdiction)
    if members is None and limit is not None:  # the page's pairs only (a big store: not all of them)
        total, page = analytics.coparticipation_page(limit, min_shared)
    else:
        pairs = [p for p in analytics.coparticipation(min_shared)
                 if members is None or (p.a in members and p.b in members)]
        total, page = len(pairs), pairs[:limit]
    infos = department_info(store, sorted({i for p in page for i in (p.a, p.b)}))

    def dept(i: str) -> dict:
        return {"id": infos[i]["id"], "label": infos[i]["label"]}
    return listing(request, {"total": total, "items": [
        {"a": dept(p.a), "b": dept(p.b), "shared": p.shared} for p in page]}, format, "coparticipation")


@router.get("/coparticipation/graph", summary="The co-participation network (top pairs) as nodes and edges")
def coparticipation_network(request: Request, store: StoreDep, analytics: AnalyticsDep,
                            top: Annotated[int, Query(ge=1, le=5000)] = 60,
                            min_shared: Annotated[int, Query(ge=1)] = 1, jurisdiction: Jurisdiction = None) -> dict:
    return coparticipation_graph(request.app.state, store, analytics, top, min_shared,
                                 members_of(store, jurisdiction))


def stats_of(store, analytics) -> dict:
    """Counts; ``departments`` by the one definition (README "What counts as a department"):
    department nodes that are not groups (a group is a DepartmentGroup and a Department).
    The figures the build stored with the generation (:mod:`graph.counts`) when there are any,
    else counted now (a server's store, a store of an earlier version)."""
    stored = getattr(store, "counts", None)
    if stored:
        return dict(stored)
    return live_stats(store, analytics)


def live_stats(store, analytics) -> dict:
    """:func:`stats_of` counted on the store and ``analytics`` now."""
    counts = {r["cls"].rsplit("#", 1)[-1]: int(r["n"]) for r in rows(store, Q.stats())}
    unresolved = len(rows(store, Q.unresolved_departments()))
    departments = counts.get("Department", 0) - counts.get("DepartmentGroup", 0)
    groups = {r["d"] for r in rows(store, Q.groups())}
    return {"triples": len(store), "documents": counts.get("Document", 0), "sections": counts.get("Section", 0),
            "tasks": counts.get("Task", 0), "departments": departments,
            "department_groups": counts.get("DepartmentGroup", 0), "unresolved_departments": unresolved,
            "departments_with_tasks": sum(1 for d in analytics.departments() if d not in groups),
            "jurisdictions": counts.get("Jurisdiction", 0),
            "targets": counts.get("Target", 0), "districts": counts.get("District", 0),
            "places": counts.get("Place", 0), "platforms": counts.get("Platform", 0),
            "industries": counts.get("Industry", 0), "warnings": counts.get("Warning", 0),
            "coparticipating_pairs": len(analytics.coparticipation())}


@router.get("/stats", summary="Counts of what the graph holds (stored by the build)")
def stats(request: Request, store: StoreDep) -> dict:
    stored = getattr(store, "counts", None)
    if stored:  # no analytics needed: a big store answers at once
        return dict(stored)
    return live_stats(store, get_analytics(request))
