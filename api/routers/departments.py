"""``/api/departments``, ``/api/departments/{id-or-name}`` and its ``/graph`` (JSON twin of the view).

A department (README "What counts as a department") is a department node that
is not a group; ``groups=true`` lists the group expressions (各成员单位 …) too.
"""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Depends, Query, Request

from graph.vocab import ROLES

from ..deps import AnalyticsDep, StoreDep
from ..params import ListFormat, listing, strict_query
from ..viz_graphs import department_view
from .identify import candidates_in, resolve_jurisdiction
from .lookup import (department_info, find_tasks, ref, resolve_department,
                     task_summaries, with_workload)
from .viz import Doc, RoleParam

router = APIRouter(prefix="/api/departments", tags=["departments"], dependencies=[Depends(strict_query)])

Jurisdiction = Annotated[Optional[str], Query(description="jurisdiction id or name (hangzhou, 杭州市, city:广安市)")]


@router.get("", summary="Departments with their workload (task and lead counts)")
def list_departments(request: Request, store: StoreDep, analytics: AnalyticsDep,
                     unresolved: Annotated[bool | None, Query(description="only (un)resolved names")] = None,
                     name: Annotated[Optional[str], Query(description="id, label, name as written or alias: one candidate per jurisdiction")] = None,
                     jurisdiction: Jurisdiction = None,
                     groups: Annotated[bool, Query(description="list group expressions (各成员单位 …) too")] = False,
                     format: ListFormat = None):
    where = resolve_jurisdiction(store, jurisdiction)
    wanted = candidates_in(store, name, where) if name is not None else None
    infos = department_info(store, wanted)
    items = [with_workload(i, analytics) for i in infos.values()
             if (unresolved is None or i["resolved"] != unresolved) and (groups or not i["group"])
             and (where is None or (i["jurisdiction"] and i["jurisdiction"]["id"] == _key(store, where)))]
    items.sort(key=lambda d: (-d["workload"]["tasks"], -d["workload"]["lead"], d["id"]))
    return listing(request, {"total": len(items), "items": items}, format, "departments")


def _key(store, jurisdiction_iri: str) -> str:
    from .identify import jurisdiction_table

    return jurisdiction_table(store)[jurisdiction_iri]["id"]


@router.get("/{ident}", summary="One department and its tasks by role")
def get_department(ident: str, store: StoreDep, analytics: AnalyticsDep, jurisdiction: Jurisdiction = None) -> dict:
    node = resolve_department(store, ident, jurisdiction)
    info = with_workload(department_info(store, [node])[node], analytics)
    by_role = {}
    for role in ROLES:
        by_role[role] = task_summaries(store, find_tasks(store, department_iris=[ref(node)], role=role))
    return {**info, "tasks": by_role}


@router.get("/{ident}/graph", summary="The department's task network as nodes and edges (the view's twin)")
def get_department_graph(ident: str, store: StoreDep, role: RoleParam = None, document: Doc = None,
                         jurisdiction: Jurisdiction = None) -> dict:
    return department_view(store, ident, role, document, jurisdiction)
