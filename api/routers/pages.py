"""HTML pages for every thing, each rendered from its JSON twin's answer:

``/departments``, ``/departments/{id-or-name}``, ``/tasks`` (the filters of
``/api/tasks``), ``/tasks/{key}`` (with its evidence sentence highlighted),
``/documents``, ``/documents/{id}``, ``/districts``, ``/districts/{id}``,
``/platforms``, ``/platforms/{id}``.  Unknown ids raise the same 404
ApiError as the JSON twins (browsers get the HTML 404 page, see
:mod:`api.errors`).  Every value is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal, Optional
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from graph.vocab import ROLES

from ..deps import AnalyticsDep, SettingsDep, StoreDep, TemplatesDep
from ..errors import ApiError
from ..params import strict_query
from .departments import get_department, list_departments
from .documents import all_documents, get_document, list_documents
from .places import mention_detail, mention_list
from .tasks import get_task, list_tasks

router = APIRouter(tags=["pages"], dependencies=[Depends(strict_query)], default_response_class=HTMLResponse)

Blank = Annotated[Optional[str], Query()]


def install_filters(templates) -> None:
    """``|u``: a path segment or query value, percent-encoded; ``roles``: the role names (graph.vocab)."""
    templates.env.filters["u"] = lambda value: quote(str(value), safe="")
    templates.env.globals["roles"] = ROLES


def _payload(answer) -> dict:
    """What a JSON twin answered (a list endpoint answers with a ready JSONResponse)."""
    return json.loads(answer.body) if isinstance(answer, Response) else answer


def _render(templates, request: Request, name: str, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context)


@router.get("/departments", summary="Departments (HTML twin of /api/departments)")
def departments_page(request: Request, store: StoreDep, analytics: AnalyticsDep, templates: TemplatesDep,
                     unresolved: Annotated[Optional[bool], Query()] = None):
    data = _payload(list_departments(request=request, store=store, analytics=analytics, unresolved=unresolved,
                                     format="json"))
    api = "/api/departments" + ("" if unresolved is None else f"?unresolved={str(unresolved).lower()}")
    return _render(templates, request, "departments.html", data=data, unresolved=unresolved, api=api)


@router.get("/departments/{ident}", summary="One department and its tasks by role (HTML)")
def department_page(ident: str, request: Request, store: StoreDep, analytics: AnalyticsDep,
                    templates: TemplatesDep):
    d = get_department(ident, store, analytics)
    documents = sorted({t["document"] for tasks in d["tasks"].values() for t in tasks})
    return _render(templates, request, "department.html", d=d, documents=documents)


def _blank(value: Optional[str]) -> Optional[str]:
    value = (value or "").strip()
    return value or None


def _year(value: Optional[str]) -> Optional[int]:
    value = _blank(value)
    if value is None:
        return None
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise ApiError(422, "invalid-parameter", f"year: {value!r} is not a year between 1900 and 2100",
                       {"parameter": "year", "value": value})
    return int(value)


@router.get("/tasks", summary="Tasks, filtered and paged (HTML twin of /api/tasks)")
def tasks_page(request: Request, store: StoreDep, settings: SettingsDep, templates: TemplatesDep,
               department: Blank = None,
               role: Annotated[Optional[Literal[("", *ROLES)]], Query()] = None,
               document: Blank = None, year: Blank = None, q: Blank = None,
               limit: Annotated[int, Query(ge=1)] = 50, offset: Annotated[int, Query(ge=0)] = 0):
    filters = {"department": _blank(department), "role": _blank(role), "document": _blank(document),
               "year": _year(year), "q": _blank(q)}
    data = _payload(list_tasks(request=request, store=store, settings=settings, limit=limit, offset=offset,
                               format="json", **filters))
    given = {k: v for k, v in filters.items() if v is not None}
    api = "/api/tasks" + ("?" + urlencode(given) if given else "")
    base = "/tasks?" + (urlencode(given) + "&" if given else "")
    return _render(templates, request, "tasks.html", data=data, f=filters, api=api, base=base)


@router.get("/tasks/{key}", summary="One task with its evidence (HTML)")
def task_page(key: str, request: Request, store: StoreDep, templates: TemplatesDep):
    t = get_task(key, store)
    text, sentence = t["evidence"]["text"] or "", t["evidence"]["sentence"]
    parts = (text[:sentence[0]], text[sentence[0]:sentence[1]], text[sentence[1]:]) if sentence else None
    return _render(templates, request, "task.html", t=t, parts=parts)


@router.get("/documents", summary="Documents (HTML twin of /api/documents)")
def documents_page(request: Request, store: StoreDep, templates: TemplatesDep):
    return _render(templates, request, "documents.html", data=_payload(list_documents(request=request, store=store, format="json")))


@router.get("/documents/{doc_id}", summary="One document with its sections and tasks (HTML)")
def document_page(doc_id: str, request: Request, store: StoreDep, templates: TemplatesDep):
    d = get_document(doc_id, store)
    annexes = [a for a in all_documents(store) if a["part_of"] == doc_id]
    return _render(templates, request, "document.html", d=d, annexes=annexes)


def _mentions_page(kind: str):
    def page(request: Request, store: StoreDep, templates: TemplatesDep):
        items = mention_list(store, kind)
        return _render(templates, request, "mentions.html", kind=kind,
                       data={"total": len(items), "items": items})
    return page


def _mention_page(kind: str):
    def page(key: str, request: Request, store: StoreDep, templates: TemplatesDep):
        return _render(templates, request, "mention.html", kind=kind, m=mention_detail(store, kind, key))
    return page


for _kind in ("districts", "platforms"):
    router.add_api_route(f"/{_kind}", _mentions_page(_kind), methods=["GET"],
                         summary=f"{_kind.capitalize()} mentioned by tasks (HTML twin of /api/{_kind})")
    router.add_api_route(f"/{_kind}/{{key}}", _mention_page(_kind), methods=["GET"],
                         summary=f"One of the {_kind} and its tasks (HTML)")
