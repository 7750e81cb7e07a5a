"""Store reads shared by the routers: resolving ids, shaping rows into JSON.

All functions take the read-only store (and analytics where noted) and return
plain dicts/lists; they raise :class:`api.errors.ApiError` (404) for unknown
ids and ``graph.store.QueryError`` if a named query is broken.
"""

from __future__ import annotations

import re
from collections import defaultdict

from graph import queries as Q
from graph.analytics import Analytics
from graph.store import EmbeddedStore

from ..errors import not_found

ROLE_ORDER = {"lead": 0, "responsible": 1, "participant": 2}
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that orders "1.2" before "1.10"."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _DIGITS.split(text) if p)


def rows(store: EmbeddedStore, sparql: str) -> list[dict]:
    names, values = store.query(sparql).rows()
    return [dict(zip(names, v)) for v in values]


def ref(node_iri: str) -> str:
    return f"<{node_iri}>"


# ---------------------------------------------------------------- departments

def resolve_departments(store: EmbeddedStore, ident: str) -> list[str]:
    """IRIs of the departments whose id, label or name as written is ``ident`` (maybe none)."""
    return [r["d"] for r in rows(store, Q.find_departments(ident))]


def resolve_department(store: EmbeddedStore, ident: str) -> str:
    """The one department ``ident`` names (an id match wins); 404 when none does."""
    found = resolve_departments(store, ident)
    if not found:
        raise not_found("department", ident)
    exact = Q.iri("dept", ident)[1:-1]
    return exact if exact in found else found[0]


def department_info(store: EmbeddedStore, iris: list[str] | None = None) -> dict[str, dict]:
    """IRI → {id, iri, label, names_as_written, group, resolved, level, body}."""
    out: dict[str, dict] = {}
    if iris is not None and not iris:
        return out
    for r in rows(store, Q.departments([ref(i) for i in iris] if iris else None)):
        info = out.setdefault(r["d"], {
            "id": Q.local_id(r["d"]), "iri": r["d"], "label": r["label"], "names_as_written": [],
            "group": r["cls"].endswith("#DepartmentGroup"), "resolved": r["resolved"] == "true",
            "level": r["level"], "body": r["body"]})
        if r["written"] and r["written"] not in info["names_as_written"]:
            info["names_as_written"].append(r["written"])
    for info in out.values():
        info["names_as_written"].sort()
    return out


def with_workload(info: dict, analytics: Analytics) -> dict:
    w = analytics.workload_of(info["iri"])
    counts = {"tasks": w.tasks, "lead": w.lead, "participant": w.participant,
              "responsible": w.responsible} if w else dict.fromkeys(("tasks", *Q.ROLES), 0)
    return {**info, "workload": counts}


# ---------------------------------------------------------------- tasks

def task_summaries(store: EmbeddedStore, task_rows: list[dict]) -> list[dict]:
    """Rows of :func:`graph.queries.task_list` → dicts with departments by role."""
    if not task_rows:
        return []
    roles: dict[str, dict[str, list]] = defaultdict(lambda: {r: [] for r in Q.ROLES})
    edges = rows(store, Q.task_departments([ref(t["t"]) for t in task_rows]))
    names = {}
    if edges:
        for r in rows(store, Q.department_labels([ref(d) for d in sorted({e["d"] for e in edges})])):
            names[r["d"]] = (r["label"], r["written"])
    for e in edges:
        label, written = names.get(e["d"], (None, None))
        roles[e["t"]][e["p"].rsplit("#", 1)[-1]].append(
            {"id": Q.local_id(e["d"]), "label": label, "name_as_written": written})
    out = []
    for t in task_rows:
        depts = roles[t["t"]]
        for people in depts.values():
            people.sort(key=lambda p: p["id"])
        out.append({"key": t["key"], "number": t["number"], "title": t["title"],
                    "document": Q.local_id(t["doc"]), "departments": depts})
    return out


def find_tasks(store: EmbeddedStore, **filters) -> list[dict]:
    """Task rows matching ``filters`` (see :func:`graph.queries.task_list`), naturally sorted by key."""
    found = rows(store, Q.task_list(**filters))
    return sorted(found, key=lambda r: natural_key(r["key"]))
