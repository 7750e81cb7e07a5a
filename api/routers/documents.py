"""``/api/documents`` and ``/api/documents/{id}``."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Depends, Query, Request

from graph import instances
from graph import queries as Q

from ..deps import StoreDep
from ..errors import not_found
from ..params import ListFormat, listing, strict_query
from .identify import jurisdiction_table, resolve_jurisdiction
from .lookup import find_tasks, natural_key, rows, task_summaries

router = APIRouter(prefix="/api/documents", tags=["documents"], dependencies=[Depends(strict_query)])


def _document(r: dict) -> dict:
    span = [int(r["start"]), int(r["end"])] if r["start"] is not None else None
    return {"id": instances.local_id(r["d"]), "iri": r["d"], "title": r["title"], "kind": r["kind"],
            "date": r["date"], "issuer": r["issuer"], "source": r["source"],
            "number": r["number"], "jurisdiction": r["jurisdiction"],
            "jurisdiction_name": r["jname"], "jurisdiction_level": r["jlevel"],
            "part_of": instances.local_id(r["partOf"]) if r["partOf"] else None,
            "source_file": r["file"], "span": span, "tasks": int(r["tasks"])}


def all_documents(store) -> list[dict]:
    docs = [_document(r) for r in rows(store, Q.documents())]
    return sorted(docs, key=lambda d: ((d["span"] or [0])[0], natural_key(d["id"])))


@router.get("", summary="Documents with metadata and task counts")
def list_documents(request: Request, store: StoreDep, format: ListFormat = None,
                   jurisdiction: Annotated[Optional[str], Query(description="jurisdiction id or name")] = None):
    docs = all_documents(store)
    if jurisdiction is not None:
        key = jurisdiction_table(store)[resolve_jurisdiction(store, jurisdiction)]["id"]
        docs = [d for d in docs if d["jurisdiction"] == key]
    return listing(request, {"total": len(docs), "items": docs}, format, "documents")


@router.get("/{doc_id}", summary="One document with its sections and tasks")
def get_document(doc_id: str, store: StoreDep) -> dict:
    doc = next((d for d in all_documents(store) if d["id"] == doc_id), None)
    if doc is None:
        raise not_found("document", doc_id)
    sections = [{"key": s["key"], "number": s["number"], "title": s["title"],
                 "parent": instances.local_id(s["parent"]) if s["parent"] else None}
                for s in sorted(rows(store, Q.document_sections(instances.term("doc", doc_id))),
                                key=lambda s: int(s["start"] or 0))]
    tasks = task_summaries(store, find_tasks(store, document=doc_id))
    return {**doc, "sections": sections, "task_list": tasks}
