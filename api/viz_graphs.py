"""JSON twins of the network views: nodes, edges, legend and server-side positions.

Each builder takes the read-only store (and analytics where noted) and returns
``{"title", "nodes", "edges", "legend", "counts", "empty_reason", ...}``; every
node carries ``x``/``y`` from :mod:`api.layout`, so the page, the SVG and the
PNG all draw the same picture.  A node's ``href`` is the entity's HTML page;
``title`` is its plain-text tooltip.  Unknown ids raise
:class:`api.errors.ApiError` (404).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import quote

from graph import instances
from graph import queries as Q
from graph.queries import views as VQ
from graph.analytics import Analytics
from graph.store import EmbeddedStore
from graph.vocab import ROLE_RANK

from . import layout
from .routers.lookup import department_info, natural_key, ref, resolve_department, rows, task_summaries
from .viz_aggregate import DEPT_TASK_CAP, grouped_department_view, task_groups
from .viz_style import BODY_STYLES, ROLE_NAMES, body_of, legend, node_style

_CUT = re.compile(r"[，、；：。（(,;:]")
SHORT = 10  # characters of a task title shown on the canvas


def short_title(title: str, limit: int = SHORT) -> str:
    """A task's title cut at its first clause break (if it is long enough) or at ``limit`` characters."""
    m = _CUT.search(title)
    if m and 4 <= m.start() <= limit:
        return title[: m.start()]
    return title if len(title) <= limit else title[: limit - 1] + "…"


def short_name(info: dict) -> str:
    """The shortest name a department is written as (市发改委), else its label."""
    names = [n for n in info.get("names_as_written", []) if n]
    return min(names, key=lambda n: (len(n), n)) if names else info["label"]


def dept_href(dept_id: str) -> str:
    return f"/departments/{quote(dept_id, safe='')}"


def task_href(key: str) -> str:
    return f"/tasks/{quote(key, safe='')}"


def _first_sentence(text: str | None, limit: int = 120) -> str:
    if not text:
        return ""
    end = text.find("。")
    sentence = text[: end + 1] if 0 <= end < limit else text[:limit] + ("…" if len(text) > limit else "")
    return sentence


def task_facts(store: EmbeddedStore, task_iris: list[str], text: bool = True) -> dict[str, dict]:
    """Task IRI → {key, number, title, text (None unless ``text``), chapter, doc, doc_title, jurisdiction}."""
    out: dict[str, dict] = {}
    for i in range(0, len(task_iris), 500):
        for r in rows(store, VQ.task_facts([ref(t) for t in task_iris[i:i + 500]], text)):
            path = r["path"] or ""
            out[r["t"]] = {"key": r["key"], "number": r["number"], "title": r["title"], "text": r.get("text"),
                           "chapter": path.split(" > ")[0], "doc": instances.local_id(r["doc"]),
                           "doc_title": r["dtitle"] or instances.local_id(r["doc"]), "jurisdiction": r["jur"]}
    return out


def task_node(fact: dict, role: str | None = None) -> dict:
    lines = [fact["title"], f"编号 {fact['number']} · {fact['doc_title']}"]
    if fact.get("chapter"):
        lines.append(f"章节：{fact['chapter']}")
    if role:
        lines.append(f"本部门角色：{ROLE_NAMES[role]}")
    sentence = _first_sentence(fact.get("text"))
    if sentence:
        lines.append(f"原文：{sentence}")
    node = {"id": f"task:{fact['key']}", "kind": "task", "label": short_title(fact["title"]),
            "title": "\n".join(lines), "key": fact["key"], "document": fact["doc"],
            "group": fact["doc"], "href": task_href(fact["key"])}
    if role:
        node["role"] = role
    return node


def dept_view_node(info: dict, focus: bool = False) -> dict:
    names = " / ".join(dict.fromkeys([info["label"], *info.get("names_as_written", [])]))
    return {"id": f"dept:{info['id']}", "kind": "department", "label": short_name(info), "title": names,
            "focus": focus, "href": dept_href(info["id"])}


def arrange(graph: dict, layers: list[list[str]], fixed: set[int] = frozenset()) -> dict:
    """Add style sizes, x/y positions and the legend to ``graph`` (in place); returns it."""
    styled = []
    for n in graph["nodes"]:
        s = node_style(n)
        styled.append({"id": n["id"], "label": n["label"], "size": s["size"], "shape": s["shape"]})
    pos = layout.place(styled, graph["edges"], layers, fixed_order=fixed)
    for n in graph["nodes"]:
        n["x"], n["y"] = pos[n["id"]]
    graph["legend"] = legend(graph)
    graph["counts"] = dict(sorted(Counter(n["kind"] for n in graph["nodes"]).items()))
    graph["counts"]["edges"] = len(graph["edges"])
    return graph


# ---------------------------------------------------------------- department view

def department_view(store: EmbeddedStore, ident: str, role: str | None = None, document: str | None = None,
                    jurisdiction: str | None = None) -> dict:
    """The department, its tasks (grouped by document and chapter) and its partner departments.

    ``jurisdiction`` (id or name) picks the department when ``ident`` names several
    (市经信局 of 成都 and of 杭州), and keeps the tasks of that jurisdiction's documents."""
    from .routers.identify import candidates_in, jurisdiction_table, resolve_one

    dept_iri = resolve_one(store, ident) if not jurisdiction or len(candidates_in(store, ident)) < 2 \
        else resolve_department(store, ident, jurisdiction)
    if jurisdiction:  # a name of a jurisdiction → its id (the documents carry ids)
        jurisdiction = next((j["id"] for j in jurisdiction_table(store).values()
                             if jurisdiction in (j["id"], j["name"])), jurisdiction)
    me = instances.local_id(dept_iri)
    if not (role or document):  # grouped from the build's summaries of its documents, when it has many tasks
        graph = _summarised(store, me, dept_iri, jurisdiction)
        if graph is not None:
            return graph
    task_rows = sorted(rows(store, Q.task_list(department_iris=[ref(dept_iri)], role=role, document=document)),
                       key=lambda r: natural_key(r["key"]))
    # a grouped view (DEPT_TASK_CAP) shows no task's text: 4,130 texts are not read for it
    facts = task_facts(store, [r["t"] for r in task_rows], text=len(task_rows) <= DEPT_TASK_CAP)
    # the filter choices come from all the department's tasks: their facts when unfiltered, else one
    # DISTINCT (not every task's facts again)
    every = [{"doc": f["doc"], "jur": f["jurisdiction"]} for f in facts.values()] if not (role or document) \
        else [{"doc": instances.local_id(r["doc"]), "jur": r["jur"]}
              for r in rows(store, VQ.department_documents(ref(dept_iri)))]
    choices = {"document": sorted({r["doc"] for r in every}, key=natural_key),
               "jurisdiction": sorted({r["jur"] for r in every if r["jur"]})}
    if jurisdiction:
        task_rows = [r for r in task_rows if facts[r["t"]]["jurisdiction"] == jurisdiction]
        if len(task_rows) <= DEPT_TASK_CAP < len(facts):  # drawn task by task after all: with their texts
            facts = task_facts(store, [r["t"] for r in task_rows])
    summaries = task_summaries(store, task_rows)
    partner_ids = sorted({p["id"] for t in summaries for people in t["departments"].values() for p in people})
    infos = {instances.local_id(i): v for i, v in department_info(store, [dept_iri, *[instances.iri("dept", p)
                                                                              for p in partner_ids]]).items()}
    focus = dept_view_node(infos[me], focus=True)
    filters = {k: v for k, v in (("role", role), ("document", document), ("jurisdiction", jurisdiction)) if v}
    if len(task_rows) > DEPT_TASK_CAP:  # thousands of tasks: grouped by document (or chapter), expandable
        tasks = []
        for r, t in zip(task_rows, summaries):
            mine = [x for x, people in t["departments"].items() if any(p["id"] == me for p in people)]
            tasks.append((facts[r["t"]], t, min(mine, key=ROLE_RANK.__getitem__)))
        groups = task_groups(me, tasks, "chapter" if document else "document")
        return _grouped(me, focus, infos, groups, filters, choices)
    nodes, edges, shared = {focus["id"]: focus}, [], Counter()
    order = []
    for r, t in zip(task_rows, summaries):
        mine = [x for x, people in t["departments"].items() if any(p["id"] == me for p in people)]
        my_role = min(mine, key=ROLE_RANK.__getitem__)
        node = task_node(facts[r["t"]], my_role)
        nodes[node["id"]] = node
        order.append(node)
        for x, people in t["departments"].items():
            for p in people:
                pid = f"dept:{p['id']}"
                if pid not in nodes:
                    nodes[pid] = dept_view_node(infos.get(p["id"], {"id": p["id"], "label": p["label"] or p["id"],
                                                                     "names_as_written": []}))
                if p["id"] != me:
                    shared[pid] += 1
                edge = {"source": node["id"], "target": pid, "role": x,
                        "title": f"{nodes[pid]['label']} {ROLE_NAMES[x]}"}
                if p["id"] != me:
                    edge["faint"] = True
                edges.append(edge)
    for pid, n in shared.items():
        n_node = nodes[pid]
        n_node["shared"] = n
        n_node["title"] += f"\n与{focus['label']}共同承担 {n} 项任务"
    order.sort(key=lambda n: (n["document"], natural_key(n["key"])))
    partners = [i for i in nodes if i.startswith("dept:") and i != focus["id"]]
    graph = {"title": f"{infos[me]['label']}：{len(order)} 项任务，{len(partners)} 个协同部门",
             "department": infos[me], "filters": filters, "choices": choices,
             "nodes": list(nodes.values()), "edges": edges,
             "empty_reason": None}
    if not order:
        said = "、".join(f"{k}={v}" for k, v in filters.items())
        graph["empty_reason"] = (f"{infos[me]['label']} 在筛选条件（{said}）下没有任务" if filters
                                 else f"{infos[me]['label']} 在本库中没有任务")
    return arrange(graph, [[focus["id"]], [n["id"] for n in order], partners], fixed={1})


def _summarised(store: EmbeddedStore, me: str, dept_iri: str, jurisdiction: str | None) -> dict | None:
    """The grouped view of a department with more than :data:`DEPT_TASK_CAP` tasks (in the
    documents of ``jurisdiction``, when given) from the build's ``pkg:DepartmentInDocument``
    summaries (graph.materialise): one node per document, no task read but the first five of
    each.  None when the department has no more tasks than that, or the store has no summaries
    (built by an earlier version): the caller reads its tasks."""
    found = rows(store, VQ.department_summaries(ref(dept_iri)))
    kept = [r for r in found if not jurisdiction or r["jur"] == jurisdiction]
    if sum(int(r[x]) for r in kept for x in ("lead", "resp", "part")) <= DEPT_TASK_CAP:
        return None
    choices = {"document": sorted({instances.local_id(r["doc"]) for r in found}, key=natural_key),
               "jurisdiction": sorted({r["jur"] for r in found if r["jur"]})}
    samples: dict[str, list] = {}
    for r in rows(store, VQ.department_samples(ref(dept_iri))):
        samples.setdefault(r["doc"], []).append(r)
    groups = {}
    for r in kept:
        first = sorted(samples.get(r["doc"], []), key=lambda t: natural_key(t["key"]))
        doc = instances.local_id(r["doc"])
        roles = Counter({x: int(r[k]) for x, k in (("lead", "lead"), ("responsible", "resp"), ("participant", "part"))
                         if int(r[k])})
        groups[doc] = {"doc": doc, "doc_title": r["dtitle"] or doc, "chapter": None, "roles": roles,
                       "titles": [f"{t['number']} {t['title']}" for t in first],
                       "shared": Counter({instances.local_id(p): n for p, n in json.loads(r["partners"]).items()}),
                       "first": natural_key(first[0]["key"]) if first else ()}
    groups = dict(sorted(groups.items(), key=lambda kv: kv[1]["first"]))  # as the tasks' key order
    partners = sorted({p for g in groups.values() for p in g["shared"]})
    infos = {instances.local_id(i): v for i, v in department_info(store, [dept_iri, *[instances.iri("dept", p)
                                                                              for p in partners]]).items()}
    filters = {"jurisdiction": jurisdiction} if jurisdiction else {}
    return _grouped(me, dept_view_node(infos[me], focus=True), infos, groups, filters, choices)


def _grouped(me: str, focus: dict, infos: dict, groups: dict[str, dict], filters: dict, choices: dict) -> dict:
    """The department view with its tasks grouped (:mod:`api.viz_aggregate`)."""
    nodes, edges, grouped = grouped_department_view(me, focus, infos, groups, filters,
                                                    f"/viz/department/{quote(me, safe='')}")
    unit = "个文件" if grouped["by"] == "document" else "个章节"
    title = (f"{infos[me]['label']}：{grouped['tasks']} 项任务，按{unit[1:]}汇总为 {grouped['groups']} {unit}（点击展开），"
             f"{grouped['partners']} 个协同部门")
    if grouped["partners_drawn"] < grouped["partners"]:
        title += f"（画出共同任务最多的 {grouped['partners_drawn']} 个）"
    graph = {"title": title, "department": infos[me], "filters": filters, "choices": choices,
             "nodes": [focus, *nodes], "edges": edges, "empty_reason": None, "grouped": grouped}
    groups = [n["id"] for n in nodes if n["kind"] == "taskgroup"]
    partners = [n["id"] for n in nodes if n["kind"] == "department"]
    return arrange(graph, [[focus["id"]], groups, partners], fixed={1})


# ---------------------------------------------------------------- workload and co-participation

def _task_filter(store: EmbeddedStore, document: str | None, jurisdiction: str | None) -> set[str] | None:
    if not document and not jurisdiction:
        return None
    keep = set()
    for r in rows(store, VQ.task_documents()):
        if document and instances.local_id(r["doc"]) != document:
            continue
        if jurisdiction and r["jur"] != jurisdiction:
            continue
        keep.add(r["t"])
    return keep


def _dept_nodes(store: EmbeddedStore, iris: list[str], load: dict[str, int]) -> list[dict]:
    infos = department_info(store, iris)
    out = []
    for i in iris:
        info = infos.get(i) or {"id": instances.local_id(i), "label": instances.local_id(i), "names_as_written": [],
                                "group": False, "body": None}
        node = dept_view_node(info)
        node.update({"load": load.get(i, 0), "body": info.get("body"), "group_unit": info.get("group", False)})
        node["title"] += f"\n任务 {node['load']} 项"
        out.append(node)
    return out


def _ring_by_body(nodes: list[dict]) -> list[str]:
    rank = {b: i for i, b in enumerate(BODY_STYLES)}
    for n in nodes:
        n["group"] = body_of(n)
    return [n["id"] for n in sorted(nodes, key=lambda n: (rank[n["group"]], -n["load"], n["id"]))]


#: most departments the workload view draws (the busiest; the twin says how many there were)
WORKLOAD_NODE_CAP = 300


def workload_view(store: EmbeddedStore, analytics: Analytics, min_shared: int = 1, document: str | None = None,
                  jurisdiction: str | None = None) -> dict:
    """Every department (sized by tasks, coloured by body), linked by shared tasks >= ``min_shared``."""
    keep = _task_filter(store, document, jurisdiction)
    if keep is not None:
        edges = [(t[1], r, d[1]) for t, d, roles in
                 ((u, v, rs) if u[0] == "t" else (v, u, rs) for u, v, rs in analytics.graph.edges(data="roles"))
                 if t[1] in keep for r in roles]
        analytics = Analytics(edges)
    load = {w.department: w.tasks for w in analytics.workload()}
    busiest = sorted(load, key=lambda d: (-load[d], d))[:WORKLOAD_NODE_CAP]  # workload() order
    iris = sorted(busiest)
    drawn = set(iris)
    pairs = analytics.pairs_among(drawn, min_shared) if iris else []  # a big store: only these pairs read
    nodes = _dept_nodes(store, iris, load)
    edges = [{"source": f"dept:{instances.local_id(p.a)}", "target": f"dept:{instances.local_id(p.b)}", "weight": p.shared,
              "role": "coparticipation", "title": f"共同承担 {p.shared} 项任务"} for p in pairs]
    filters = {k: v for k, v in (("document", document), ("jurisdiction", jurisdiction)) if v}
    title = f"部门工作量：{len(nodes)} 个部门，{len(edges)} 条协同关系（共同任务 ≥ {min_shared}）"
    if len(load) > len(nodes):
        title = (f"部门工作量：共 {len(load)} 个部门，只画任务最多的 {len(nodes)} 个，{len(edges)} 条协同关系"
                 f"（共同任务 ≥ {min_shared}）")
    graph = {"title": title, "departments": len(load), "drawn": len(nodes),
             "filters": filters, "min_shared": min_shared, "nodes": nodes, "edges": edges,
             "max_weight": max((e["weight"] for e in edges), default=0), "empty_reason": None}
    if not nodes:
        said = "、".join(f"{k}={v}" for k, v in filters.items())
        graph["empty_reason"] = f"筛选条件（{said}）下没有任何任务" if filters else "本库中没有任务分工"
    return arrange(graph, [_ring_by_body(nodes)], fixed={0})


#: most edges the co-participation view draws (the twin says how many pairs there were)
COPART_EDGE_CAP = 400


def coparticipation_view(store: EmbeddedStore, analytics: Analytics, top: int, min_shared: int = 1,
                         members: set[str] | None = None) -> dict:
    """The ``top`` heaviest department pairs (at most :data:`COPART_EDGE_CAP` drawn), of
    departments in ``members`` only when given (a jurisdiction's)."""
    if members is None:  # the top pairs only (a big store: not all of them)
        total, asked = analytics.coparticipation_page(top, min_shared)
    else:
        pairs = [p for p in analytics.coparticipation(min_shared) if p.a in members and p.b in members]
        total, asked = len(pairs), pairs[:top]
    drawn = asked[:COPART_EDGE_CAP]
    iris = sorted({i for p in drawn for i in (p.a, p.b)})
    load = {w.department: w.tasks for w in analytics.workload()}
    nodes = _dept_nodes(store, iris, load)
    edges = [{"source": f"dept:{instances.local_id(p.a)}", "target": f"dept:{instances.local_id(p.b)}", "weight": p.shared,
              "role": "coparticipation", "title": f"共同承担 {p.shared} 项任务"} for p in drawn]
    title = f"部门协同：最强的 {len(drawn)} 对部门（共同任务 ≥ {min_shared}）"
    if len(drawn) < len(asked):
        title += f"，共 {len(asked)} 对中只画前 {COPART_EDGE_CAP} 对"
    graph = {"title": title, "top": top, "min_shared": min_shared, "pairs": total, "asked": len(asked),
             "drawn": len(drawn), "nodes": nodes, "edges": edges, "empty_reason": None}
    if not drawn:
        graph["empty_reason"] = (f"没有部门对共同承担 {min_shared} 项以上任务" if total == 0 and min_shared > 1
                                 else "本库中没有两个部门共同承担的任务")
    return arrange(graph, [_ring_by_body(nodes)], fixed={0})
