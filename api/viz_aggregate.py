"""The department view of a department with many tasks: tasks grouped, not drawn one by one.

``grouped_department_view(me, focus, infos, groups, filters, base)``
returns the nodes and edges of :func:`api.viz_graphs.department_view` when the
department has more than :data:`DEPT_TASK_CAP` tasks (after the filters): one
node per document holding its tasks (or, when the view already shows one
document, per chapter of it), sized by its task count, linked to the
department by the role it has most often there and to the partner departments
it shares tasks with (at most :data:`PARTNER_CAP` partners, those sharing the
most tasks).  A document node opens the view of that document's tasks
(``?document=``: drawn one by one when there are few enough); a chapter node
opens the task list of that document (``/tasks?department=…&document=…``).
So a department with thousands of tasks draws a few hundred nodes at most and
every task stays two clicks away.  The groups come from the tasks
(:func:`task_groups`) or, for a view by document, from the build's per-department
summaries of its documents (``pkg:DepartmentInDocument``, read by
:mod:`api.viz_graphs`).  Pure: nothing here touches the store.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from .viz_style import ROLE_NAMES

#: tasks the department view draws one by one; above this it groups them by document or chapter
DEPT_TASK_CAP = 150
#: partner departments an aggregated view draws (most shared tasks first)
PARTNER_CAP = 60
ROLE_RANK = {"lead": 0, "responsible": 1, "participant": 2}


def task_groups(me: str, tasks: list[tuple[dict, dict, str]], by: str) -> dict[str, dict]:
    """Group key (document id, or chapter when ``by`` is "chapter") → {doc, doc_title, chapter,
    roles (Counter of my role), titles (the first five "number title"), shared (Counter: partner
    id → tasks naming it)}, in the order of ``tasks``: (facts, summary, my role) per task, in key
    order (facts of :func:`api.viz_graphs.task_facts`, summary of ``task_summaries``)."""
    groups: dict[str, dict] = {}
    for facts, summary, role in tasks:
        key = facts["chapter"] or "（无章节）" if by == "chapter" else facts["doc"]
        g = groups.setdefault(key, {"doc": facts["doc"], "doc_title": facts["doc_title"], "chapter": facts["chapter"],
                                    "roles": Counter(), "titles": [], "shared": Counter()})
        g["roles"][role] += 1
        if len(g["titles"]) < 5:
            g["titles"].append(f"{facts['number']} {facts['title']}")
        # a partner counts once per task, whatever its roles in it (as pkg:partnerTasks counts)
        g["shared"].update({p["id"] for people in summary["departments"].values() for p in people} - {me})
    return groups


def grouped_department_view(me: str, focus: dict, infos: dict, groups: dict[str, dict],
                            filters: dict, base: str) -> tuple[list[dict], list[dict], dict]:
    """(nodes, edges, summary) of the grouped view.

    ``groups``: as :func:`task_groups` gives them (or the build's summaries of the department's
    documents, graph.materialise); ``infos``: department id → info; ``base``: the view's path
    (``/viz/department/{id}``); ``filters``: the view's role/document/jurisdiction filters (kept
    in the links)."""
    by = "chapter" if filters.get("document") else "document"
    partner_total: Counter = Counter()
    for g in groups.values():
        partner_total.update(g["shared"])
    shared = {key: g["shared"] for key, g in groups.items()}
    partners = [p for p, _ in sorted(partner_total.items(), key=lambda kv: (-kv[1], kv[0]))[:PARTNER_CAP]]
    nodes: list[dict] = []
    edges: list[dict] = []
    keep = {k: v for k, v in filters.items() if k in ("role", "jurisdiction")}
    for i, (key, g) in enumerate(groups.items()):
        n = sum(g["roles"].values())
        role = min(g["roles"], key=lambda r: (-g["roles"][r], ROLE_RANK[r]))
        name = g["doc_title"] if by == "document" else key
        if by == "document":
            href = base + "?" + urlencode({**keep, "document": g["doc"]})
        else:
            href = "/tasks?" + urlencode({"department": me, "document": g["doc"]})
        roles = "，".join(f"{ROLE_NAMES[r]} {c}" for r, c in sorted(g["roles"].items(), key=lambda x: ROLE_RANK[x[0]]))
        more = f"\n… 共 {n} 项" if n > len(g["titles"]) else ""
        node_id = f"group:{i}"
        nodes.append({"id": node_id, "kind": "taskgroup", "label": f"{_short(name)}（{n}）", "count": n,
                      "role": role, "group": g["doc"], "document": g["doc"], "chapter": g["chapter"] if by == "chapter" else None,
                      "href": href, "title": f"{name}\n{n} 项任务（{roles}）\n" + "\n".join(g["titles"]) + more
                      + ("\n点击：逐项展开本文件的任务" if by == "document" else "\n点击：本文件的任务列表")})
        edges.append({"source": focus["id"], "target": node_id, "role": role, "weight": n,
                      "title": f"{focus['label']} {ROLE_NAMES[role]} {n} 项"})
        for p in partners:
            if shared[key][p]:
                edges.append({"source": node_id, "target": f"dept:{p}", "role": "coparticipation", "faint": True,
                              "weight": shared[key][p], "title": f"共同承担 {shared[key][p]} 项"})
    from .viz_graphs import dept_view_node  # the one department node of the views (imported late: a cycle)

    for p in partners:
        info = infos.get(p, {"id": p, "label": p, "names_as_written": []})
        node = dept_view_node(info)
        node["shared"] = partner_total[p]
        node["title"] += f"\n与{focus['label']}共同承担 {partner_total[p]} 项任务"
        nodes.append(node)
    summary = {"by": by, "groups": len(groups), "tasks": sum(sum(g["roles"].values()) for g in groups.values()),
               "cap": DEPT_TASK_CAP,
               "partners": len(partner_total), "partners_drawn": len(partners)}
    return nodes, edges, summary


def _short(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
