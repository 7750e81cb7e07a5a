"""Store reads shared by the routers: resolving ids, shaping rows into JSON.

All functions take the read-only store (and analytics where noted) and return
plain dicts/lists; they raise :class:`api.errors.ApiError` (404) for unknown
ids and ``graph.store.QueryError`` if a named query is broken.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict, defaultdict

from graph import instances
from graph import queries as Q
from graph.materialise import natural_key, sort_key
from graph.analytics import Analytics
from graph.store import EmbeddedStore
from graph.vocab import ROLES


_MEMO_QUERIES = 512  # answers kept per store generation (least recently used dropped)
_MEMO_ROWS = 20_000  # larger answers are not kept
_memo: "weakref.WeakKeyDictionary[object, OrderedDict]" = weakref.WeakKeyDictionary()
_memo_lock = threading.Lock()


def rows(store: EmbeddedStore, sparql: str) -> list[dict]:
    """The rows of a SELECT as dicts (fresh ones: callers may change them).

    An embedded store is read-only and one generation never changes, so its answers are kept per
    store handle (a rebuild opens a new handle, which starts empty); a remote store is always asked.
    """
    if getattr(store, "generation", None) is None:
        names, values = store.query(sparql).rows()
        return [dict(zip(names, v)) for v in values]
    with _memo_lock:
        memo = _memo.setdefault(store, OrderedDict())
        found = memo.get(sparql)
        if found is not None:
            memo.move_to_end(sparql)
    if found is None:
        names, values = store.query(sparql).rows()
        found = (names, values)
        if len(values) <= _MEMO_ROWS:
            with _memo_lock:
                memo[sparql] = found
                while len(memo) > _MEMO_QUERIES:
                    memo.popitem(last=False)
    names, values = found
    return [dict(zip(names, v)) for v in values]


def ref(node_iri: str) -> str:
    return f"<{node_iri}>"


# ---------------------------------------------------------------- departments

def resolve_department(store: EmbeddedStore, ident: str, jurisdiction: str | None = None) -> str:
    """The one department ``ident`` (id, label, name as written or any alias) names, in the
    jurisdiction ``jurisdiction`` (id or name) when given: 404 with the closest names, 409
    with the candidates (see :mod:`api.routers.identify`)."""
    from .identify import resolve_jurisdiction, resolve_one

    return resolve_one(store, ident, resolve_jurisdiction(store, jurisdiction))


def department_info(store: EmbeddedStore, iris: list[str] | None = None) -> dict[str, dict]:
    """IRI → {id, iri, label, names_as_written, group, resolved, level, body, jurisdiction}
    (``jurisdiction``: {id, name, level} of the one it belongs to)."""
    out: dict[str, dict] = {}
    if iris is not None and not iris:
        return out
    for r in rows(store, Q.departments([ref(i) for i in iris] if iris else None)):
        info = out.setdefault(r["d"], {
            "id": instances.local_id(r["d"]), "iri": r["d"], "label": r["label"], "names_as_written": [],
            "group": r["cls"].endswith("#DepartmentGroup"), "resolved": r["resolved"] == "true",
            "level": r["level"], "body": r["body"],
            "jurisdiction": {"id": r["jkey"], "name": r["jlabel"], "level": r["jlevel"]} if r["j"] else None})
        if r["cls"].endswith("#DepartmentGroup"):
            info["group"] = True
        if r["written"] and r["written"] not in info["names_as_written"]:
            info["names_as_written"].append(r["written"])
    for info in out.values():
        info["names_as_written"].sort()
    return out


def with_workload(info: dict, analytics: Analytics) -> dict:
    w = analytics.workload_of(info["iri"])
    counts = {"tasks": w.tasks, **w.by_role()} if w else dict.fromkeys(("tasks", *ROLES), 0)
    return {**info, "workload": counts}


# ---------------------------------------------------------------- tasks

def task_summaries(store: EmbeddedStore, task_rows: list[dict]) -> list[dict]:
    """Rows of :func:`graph.queries.task_list` → dicts with departments by role."""
    if not task_rows:
        return []
    roles: dict[str, dict[str, list]] = defaultdict(lambda: {r: [] for r in ROLES})
    edges = rows(store, Q.task_departments([ref(t["t"]) for t in task_rows]))
    names = {}
    if edges:
        for r in rows(store, Q.department_labels([ref(d) for d in sorted({e["d"] for e in edges})])):
            names[r["d"]] = (r["label"], r["written"])
    for e in edges:
        label, written = names.get(e["d"], (None, None))
        roles[e["t"]][e["p"].rsplit("#", 1)[-1]].append(
            {"id": instances.local_id(e["d"]), "label": label, "name_as_written": written})
    out = []
    for t in task_rows:
        depts = roles[t["t"]]
        for people in depts.values():
            people.sort(key=lambda p: p["id"])
        out.append({"key": t["key"], "number": t["number"], "title": t["title"],
                    "document": instances.local_id(t["doc"]), "departments": depts})
    return out


_SENTENCE_END = "。！？；;!?\n"


def evidence_sentence(text: str | None, assignment: str | None) -> list[int] | None:
    """``[start, end]`` in ``text`` of the sentence that states ``assignment`` (the clause as the
    extractor read it): from the end of the sentence before it through the end of its own sentence
    (a bracketed assignment after a full stop is a sentence of its own). None when ``text`` does
    not contain it (an inherited or scoped assignment, stated elsewhere)."""
    if not text or not assignment:
        return None
    at = text.rfind(assignment)
    if at < 0:
        return None
    start = at
    while start > 0 and text[start - 1] not in _SENTENCE_END:
        start -= 1
    end = at + len(assignment)
    if text[end - 1] not in "）)":
        while end < len(text) and text[end - 1] not in _SENTENCE_END:
            end += 1
    while start < end and text[start].isspace():
        start += 1
    return [start, end]


def find_tasks(store: EmbeddedStore, **filters) -> list[dict]:
    """Task rows matching ``filters`` (see :func:`graph.queries.task_list`), sorted by key: by
    document, then by the key's numbers (1.9 before 1.10; the order of the stored ``pkg:sortKey``)."""
    found = rows(store, Q.task_list(**filters))
    return sorted(found, key=lambda r: sort_key(r["key"]))


#: how many documents (in their stored order) a page of the year filter is looked for in first,
#: before all the matches are sorted
FIRST_DOCUMENTS = (64, 256)


def _department_page(store: EmbeddedStore, dept: str, limit: int, offset: int) -> tuple[int, list[dict]] | None:
    """(total, page) of one department's tasks from the build's per-document summaries: the total
    is their sum and the page is read from the documents it falls in; None when the store has
    no summaries (an earlier build)."""
    docs = sorted(rows(store, Q.department_document_counts(dept)), key=lambda r: int(r["docOrder"]))
    if not docs:
        return None
    total = sum(int(r["n"]) for r in docs)
    before, wanted, skip = 0, [], 0
    for r in docs:
        n = int(r["n"])
        if before + n > offset and before < offset + limit:
            if not wanted:
                skip = offset - before
            wanted.append(ref(r["doc"]))
        before += n
    return total, rows(store, Q.department_page_in_documents(dept, wanted, limit, skip)) if wanted else []


def task_page(store: EmbeddedStore, limit: int, offset: int, **filters) -> tuple[int, list[dict]]:
    """(total, the rows of one page) of the tasks matching ``filters``, in :func:`find_tasks`' order.

    A store with the build's sort keys is paged inside the query (a COUNT and one ``LIMIT``/``OFFSET``
    SELECT, so a big store never sends every match); another (an earlier build, a server loaded
    elsewhere) is read whole and paged here, and so is a text search (see :func:`graph.queries.task_count`)."""
    if not filters.get("text") and rows(store, Q.has_sort_keys()) == [{"boolean": "true"}]:
        given = {k for k, v in filters.items() if v is not None}
        if given == {"department_iris"} and len(filters["department_iris"]) == 1:
            paged = _department_page(store, filters["department_iris"][0], limit, offset)
            if paged is not None:
                return paged
        total = int(rows(store, Q.task_count(**{k: v for k, v in filters.items() if k != "text"}))[0]["n"])
        if offset >= total:
            return total, []
        if given == {"year"}:  # the first documents hold the first pages: read them, not every due year
            for documents in FIRST_DOCUMENTS:
                page = rows(store, Q.due_page_in_first_documents(filters["year"], documents, limit, offset))
                if len(page) == min(limit, total - offset):  # enough matches there: they come first
                    return total, page
        return total, rows(store, Q.task_list(**filters, page=(limit, offset)))
    found = find_tasks(store, **filters)
    return len(found), found[offset:offset + limit]
