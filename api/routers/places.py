"""``/api/districts``, ``/api/districts/{id}``, ``/api/platforms``, ``/api/platforms/{id}``.

Lists give each district (platform) with its label, type and the number of
tasks that mention it (JSON, or CSV with ``format=csv``); one item gives the
same with its tasks (summaries with departments by role).  Unknown ids: 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from graph.queries import entities as EQ
from graph import instances

from ..deps import StoreDep
from ..errors import not_found
from ..params import ListFormat, listing, strict_query
from .lookup import natural_key, rows, task_summaries

router = APIRouter(prefix="/api", tags=["districts and platforms"], dependencies=[Depends(strict_query)])

_SINGULAR = {"districts": "district", "platforms": "platform"}


def mention_list(store, kind: str) -> list[dict]:
    """Every district/platform as {id, label, type, tasks}, most mentioned first."""
    items = [{"id": instances.local_id(r["m"]), "label": r["label"], "type": r["type"], "tasks": int(r["tasks"])}
             for r in rows(store, EQ.mentions(kind))]
    return sorted(items, key=lambda m: (-m["tasks"], natural_key(m["id"])))


def mention_detail(store, kind: str, key: str) -> dict:
    """One district/platform with the tasks that mention it; 404 ApiError when there is none."""
    found = rows(store, EQ.mention(kind, key))
    if not found:
        raise not_found(_SINGULAR[kind], key)
    task_rows = sorted(rows(store, EQ.mention_tasks(kind, key)), key=lambda r: natural_key(r["key"]))
    return {"id": key, "kind": _SINGULAR[kind], "label": found[0]["label"], "type": found[0]["type"],
            "total": len(task_rows), "tasks": task_summaries(store, task_rows)}


@router.get("/districts", summary="Districts mentioned by tasks, with task counts")
def list_districts(request: Request, store: StoreDep, format: ListFormat = None):
    items = mention_list(store, "districts")
    return listing(request, {"total": len(items), "items": items}, format, "districts")


@router.get("/districts/{key}", summary="One district and the tasks that mention it")
def get_district(key: str, store: StoreDep) -> dict:
    return mention_detail(store, "districts", key)


@router.get("/platforms", summary="Platforms (labs, parks, funds, events…) mentioned by tasks, with task counts")
def list_platforms(request: Request, store: StoreDep, format: ListFormat = None):
    items = mention_list(store, "platforms")
    return listing(request, {"total": len(items), "items": items}, format, "platforms")


@router.get("/platforms/{key}", summary="One platform and the tasks that mention it")
def get_platform(key: str, store: StoreDep) -> dict:
    return mention_detail(store, "platforms", key)
