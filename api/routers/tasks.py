"""``/api/tasks`` (filtered, paged) and ``/api/tasks/{key}`` (full detail with evidence)."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Depends, Query, Request

from graph import instances
from graph import queries as Q
from graph.vocab import DCTERMS, PKG, ROLES

from ..deps import SettingsDep, StoreDep
from ..errors import ApiError, not_found
from ..params import ListFormat, Year, listing, strict_query
from .identify import resolve_jurisdiction, resolve_one
from .lookup import evidence_sentence, ref, rows, task_page, task_summaries

router = APIRouter(prefix="/api/tasks", tags=["tasks"], dependencies=[Depends(strict_query)])

RoleParam = Literal[ROLES]
_PKG = str(PKG._NS)
_DCT = str(DCTERMS)


@router.get("", summary="Tasks, filtered and paged")
def list_tasks(request: Request, store: StoreDep, settings: SettingsDep,
               department: Annotated[Optional[str], Query(description="id, canonical label, name as written or any alias")] = None,
               jurisdiction: Annotated[Optional[str], Query(description="jurisdiction id or name: tasks of its documents, its department")] = None,
               role: Annotated[Optional[RoleParam], Query(description="the department's role (or: tasks with any such role)")] = None,
               document: Annotated[Optional[str], Query(description="document id")] = None,
               year: Year = None,
               q: Annotated[Optional[str], Query(description="text contained in the title or text")] = None,
               limit: Annotated[int, Query(ge=1)] = 50,
               offset: Annotated[int, Query(ge=0)] = 0, format: ListFormat = None):
    """Tasks with a target due in or before ``year``, of ``department`` in ``role``, … (JSON or CSV)."""
    if limit > settings.max_limit:
        raise ApiError(422, "invalid-parameter", f"limit: at most {settings.max_limit}", {"limit": limit})
    dept_iris = None
    where = resolve_jurisdiction(store, jurisdiction)
    if department is not None:  # 404 with the closest names, 409 with the candidates
        dept_iris = [ref(resolve_one(store, department, where))]
    # a department named by jurisdiction: its tasks; otherwise the tasks of the jurisdiction's documents
    in_docs = f"<{where}>" if where and department is None else None
    total, page = task_page(store, limit, offset, department_iris=dept_iris, role=role, document=document,
                            year=year, text=q, jurisdiction_iri=in_docs)
    return listing(request, {"total": total, "limit": limit, "offset": offset,
                             "departments": [instances.local_id(i[1:-1]) for i in dept_iris or []],
                             "items": task_summaries(store, page)}, format, "tasks")


def _group_targets(target_rows: list[dict]) -> list[dict]:
    props: dict[str, dict] = defaultdict(dict)
    for r in target_rows:
        name = r["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        props[r["g"]][name] = r["o"]
    out = []
    for g, p in props.items():
        value = p.get("value")
        out.append({"id": instances.local_id(g), "text": p.get("text"), "indicator": p.get("indicator"),
                    "comparator": p.get("comparator"), "value": float(value) if value else None,
                    "value_text": p.get("valueText"), "unit": p.get("unit"), "ratio": p.get("ratio"),
                    "due_year": int(p["dueYear"]) if p.get("dueYear") else None,
                    "period": [int(p["periodStart"]), int(p["periodEnd"])] if p.get("periodStart") else None,
                    "span": [int(p["spanStart"]), int(p["spanEnd"])] if p.get("spanStart") else None})
    return sorted(out, key=lambda t: (t["span"] or [0])[0])


@router.get("/{key}", summary="One task: departments by role, targets, mentions, evidence")
def get_task(key: str, store: StoreDep) -> dict:
    node = instances.term("task", key)
    props: dict[str, list[str]] = defaultdict(list)
    for r in rows(store, Q.task_detail(node)):
        props[r["p"]].append(r["o"])
    if not props:
        raise not_found("task", key)

    def one(prop: str):
        return props.get(prop, [None])[0]

    summary = task_summaries(store, [{"t": node[1:-1], "key": key, "number": one(_PKG + "number"),
                                      "title": one(_DCT + "title"), "doc": one(_PKG + "inDocument")}])[0]
    mentions: dict[str, list] = {k: [] for k in ("districts", "places", "platforms", "industries")}
    for r in rows(store, Q.task_mentions(node)):
        mentions[r["kind"]].append({"id": instances.local_id(r["m"]), "label": r["label"], "type": r["type"]})
    for items in mentions.values():
        items.sort(key=lambda m: m["id"])
    start, end = one(_PKG + "spanStart"), one(_PKG + "spanEnd")
    parent = one(_PKG + "parentTask")
    return {**summary, "section": one(_PKG + "sectionPath"),
            "parent": instances.local_id(parent) if parent else None,
            "inherited_assignment": one(_PKG + "inheritedAssignment") == "true",
            "targets": _group_targets(rows(store, Q.task_targets(node))), **mentions,
            "evidence": {"text": one(_PKG + "text"),
                         "span": [int(start), int(end)] if start is not None else None,
                         "assignment": one(_PKG + "assignmentText"),
                         "sentence": evidence_sentence(one(_PKG + "text"), one(_PKG + "assignmentText"))}}
