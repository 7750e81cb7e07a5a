"""``/`` (home page; JSON with ``Accept: application/json``), ``/api`` (its JSON twin), ``/healthz``."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from graph import queries as Q

from ..deps import AnalyticsDep, StoreDep, TemplatesDep
from ..params import strict_query
from .insights import stats_of
from .lookup import department_info, with_workload
from .sparql import parse_accept

router = APIRouter(tags=["home"], dependencies=[Depends(strict_query)])

ENDPOINTS = [
    ("GET, POST", "/sparql", "SPARQL 1.1 query endpoint (read-only); query page for browsers"),
    ("GET", "/api/queries", "the gallery of example SPARQL queries (also on the query page and in the CLI)"),
    ("GET", "/api/queries/{name}", "one example query: title, description, SPARQL, the URL that runs it"),
    ("GET", "/api/documents", "documents with metadata and task counts"),
    ("GET", "/api/documents/{id}", "one document with sections and tasks"),
    ("GET", "/api/tasks", "tasks; filters department, jurisdiction, role, document, year, q; paging limit, offset"),
    ("GET", "/api/tasks/{key}", "one task: departments by role, targets, mentions, evidence text and span"),
    ("GET", "/api/departments", "departments with workload and jurisdiction; filters name, jurisdiction, unresolved, groups"),
    ("GET", "/api/departments/{id-or-name}", "one department and its tasks by role"),
    ("GET", "/api/departments/{id-or-name}/graph", "the department's task network (JSON twin of the view)"),
    ("GET", "/api/workload", "tasks per department and role"),
    ("GET", "/api/coparticipation", "department pairs and how many tasks they share"),
    ("GET", "/api/coparticipation/graph", "the co-participation network, top N pairs (JSON twin of the view)"),
    ("GET", "/api/stats", "counts of what the graph holds"),
    ("GET", "/api/districts", "districts mentioned by tasks, with task counts"),
    ("GET", "/api/districts/{id}", "one district and the tasks that mention it"),
    ("GET", "/api/platforms", "platforms mentioned by tasks, with type and task counts"),
    ("GET", "/api/platforms/{id}", "one platform and the tasks that mention it"),
    ("GET", "/api/search", "search tasks: q (jieba + BM25, department names and aliases resolved), limit, offset"),
    ("GET", "/departments", "HTML: departments with workload"),
    ("GET", "/departments/{id-or-name}", "HTML: one department and its tasks by role"),
    ("GET", "/tasks", "HTML: tasks with the filters of /api/tasks"),
    ("GET", "/tasks/{key}", "HTML: one task with its evidence sentence highlighted"),
    ("GET", "/documents", "HTML: documents"),
    ("GET", "/documents/{id}", "HTML: one document with its sections and tasks"),
    ("GET", "/districts", "HTML: districts"),
    ("GET", "/districts/{id}", "HTML: one district and its tasks"),
    ("GET", "/platforms", "HTML: platforms"),
    ("GET", "/platforms/{id}", "HTML: one platform and its tasks"),
    ("GET", "/search", "HTML: search page"),
    ("GET", "/viz/department/{id-or-name}", "HTML network: a department, its tasks by role, co-assigned departments"),
    ("GET", "/viz/coparticipation", "HTML network: departments weighted by shared tasks (top N)"),
    ("GET", "/id/{kind}/{key}", "an instance IRI: its triples with provenance (Turtle, JSON-LD); 303 to its page for browsers"),
    ("GET", "/.well-known/void", "VoID/DCAT description of the dataset (Turtle, JSON-LD)"),
    ("GET", "/healthz", "liveness and the store's triple count"),
    ("GET", "/openapi.json", "OpenAPI description of this API"),
]


def example_link(name: str = Q.EXAMPLE_DEPARTMENT) -> str:
    return "/sparql?" + urlencode({"query": Q.example_query(name), "format": "html"})


def overview(store, analytics, top: int = 30) -> dict:
    infos = department_info(store, [w.department for w in analytics.workload()[:top]])
    departments = [with_workload(infos[w.department], analytics) for w in analytics.workload()[:top]]
    return {
        "name": "policykg", "stats": stats_of(store, analytics),
        "example_query": {"question": f"Which tasks involve {Q.EXAMPLE_DEPARTMENT}?",
                          "sparql": Q.example_query(), "href": example_link(),
                          "rest": f"/api/tasks?department={quote(Q.EXAMPLE_DEPARTMENT)}"},
        "departments": [{"id": d["id"], "label": d["label"], "workload": d["workload"],
                         "api": f"/api/departments/{quote(d['id'], safe='')}",
                         "page": f"/departments/{quote(d['id'], safe='')}",
                         "view": f"/viz/department/{quote(d['id'], safe='')}"} for d in departments],
        "endpoints": [{"method": m, "path": p, "description": d} for m, p, d in ENDPOINTS],
    }


@router.get("/", summary="Home page (HTML, or JSON with Accept: application/json)")
def home(request: Request, store: StoreDep, analytics: AnalyticsDep, templates: TemplatesDep):
    data = overview(store, analytics)
    accept = parse_accept(request.headers.get("accept"))
    if accept and accept[0] in ("application/json", "application/*"):
        return JSONResponse(data)
    return templates.TemplateResponse(request, "home.html", {"data": data, "quote": quote})


@router.get("/api", summary="The home page's JSON twin")
def api_root(store: StoreDep, analytics: AnalyticsDep) -> dict:
    return overview(store, analytics)


@router.get("/healthz", summary="Liveness and store size")
def healthz(store: StoreDep) -> dict:
    """The triple count the build stored with the store's generation (a server's store is counted)."""
    counts = getattr(store, "counts", None)
    return {"status": "ok", "triples": counts["triples"] if counts else len(store)}
