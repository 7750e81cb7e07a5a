"""``/api/departments``, ``/api/departments/{id-or-name}`` and its ``/graph`` (JSON twin of the view)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ..deps import AnalyticsDep, StoreDep
from ..params import ListFormat, listing, strict_query
from ..viz_graphs import department_view
from .viz import Doc, Jurisdiction, Role
from .lookup import (department_info, find_tasks, ref, resolve_department,
                     task_summaries, with_workload)

router = APIRouter(prefix="/api/departments", tags=["departments"], dependencies=[Depends(strict_query)])


@router.get("", summary="Departments with their workload (task and lead counts)")
def list_departments(request: Request, store: StoreDep, analytics: AnalyticsDep,
                     unresolved: Annotated[bool | None, Query(description="only (un)resolved names")] = None,
                     format: ListFormat = None):
    infos = department_info(store)
    items = [with_workload(i, analytics) for i in infos.values()
             if unresolved is None or i["resolved"] != unresolved]
    items.sort(key=lambda d: (-d["workload"]["tasks"], -d["workload"]["lead"], d["id"]))
    return listing(request, {"total": len(items), "items": items}, format, "departments")


@router.get("/{ident}", summary="One department and its tasks by role")
def get_department(ident: str, store: StoreDep, analytics: AnalyticsDep) -> dict:
    node = resolve_department(store, ident)
    info = with_workload(department_info(store, [node])[node], analytics)
    by_role = {}
    for role in ("lead", "participant", "responsible"):
        by_role[role] = task_summaries(store, find_tasks(store, department_iris=[ref(node)], role=role))
    return {**info, "tasks": by_role}


@router.get("/{ident}/graph", summary="The department's task network as nodes and edges (the view's twin)")
def get_department_graph(ident: str, store: StoreDep, role: Role = None, document: Doc = None,
                         jurisdiction: Jurisdiction = None) -> dict:
    return department_view(store, ident, role, document, jurisdiction)
