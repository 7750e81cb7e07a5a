"""JSON twins of the task, district, platform and query-result views (see :mod:`api.viz_graphs`).

``task_view(store, key)``, ``mention_view(store, "district"|"platform", ident)``
and ``result_view(kind, names, rows)`` return the same shape as
:func:`api.viz_graphs.department_view`.  Unknown ids raise ApiError 404; a
SELECT without ``?source`` and ``?target`` (or ``?s ?o``) raises ApiError 400
``not-a-graph`` naming the variables it had.
"""

from __future__ import annotations

from urllib.parse import quote

from graph import instances
from graph.queries import views as VQ
from graph.store import EmbeddedStore
from graph.vocab import ROLE_RANK

from .errors import ApiError, not_found
from .routers.lookup import department_info, natural_key, ref, rows, task_summaries
from .layout import hop_layers
from .viz_graphs import arrange, dept_view_node, short_title, task_facts, task_node

_KIND_PROP = {"district": ("District", "mentionsDistrict", "districts"),
              "platform": ("Platform", "mentionsPlatform", "platforms")}


def _task_iri(store: EmbeddedStore, key: str) -> str:
    found = rows(store, VQ.task_by_key(key))
    if not found:
        raise not_found("task", key)
    return found[0]["t"]


def _add_departments(store: EmbeddedStore, task_rows: list[dict], nodes: dict, edges: list) -> None:
    """Departments of the tasks in ``task_rows`` (nodes ``task:{key}`` already present), by role."""
    summaries = task_summaries(store, task_rows)
    ids = sorted({p["id"] for t in summaries for people in t["departments"].values() for p in people})
    infos = {instances.local_id(i): v for i, v in department_info(store, [instances.iri("dept", d) for d in ids]).items()}
    for t in summaries:
        for role in sorted(t["departments"], key=ROLE_RANK.__getitem__):
            for p in t["departments"][role]:
                pid = f"dept:{p['id']}"
                if pid not in nodes:
                    nodes[pid] = dept_view_node(infos.get(p["id"], {"id": p["id"], "label": p["label"] or p["id"],
                                                                     "names_as_written": []}))
                edges.append({"source": f"task:{t['key']}", "target": pid, "role": role,
                              "title": f"{role} · {nodes[pid]['label']}"})


def task_view(store: EmbeddedStore, key: str) -> dict:
    """A task with its departments by role, targets, districts, platforms, parent and child tasks."""
    t_iri = _task_iri(store, key)
    links = rows(store, VQ.task_links([ref(t_iri)]))
    related = sorted({r["o"] for r in links if r["rel"] in ("parent", "child")})
    facts = task_facts(store, [t_iri, *related])
    me = task_node(facts[t_iri])
    me["focus"] = True
    nodes, edges = {me["id"]: me}, []
    for r in sorted(links, key=lambda r: (r["rel"], natural_key(r["o"]))):
        if r["rel"] in ("parent", "child"):
            other = task_node(facts[r["o"]])
            nodes.setdefault(other["id"], other)
            src, dst = (other["id"], me["id"]) if r["rel"] == "parent" else (me["id"], other["id"])
            edges.append({"source": src, "target": dst, "role": "parent",
                          "title": "上级任务 → 下级任务"})
            continue
        kind = r["rel"]
        nid = f"{kind}:{instances.local_id(r['o'])}"
        label = r["label"] or instances.local_id(r["o"])
        node = {"id": nid, "kind": kind, "label": short_title(label, 12), "title": label}
        if kind in ("district", "platform"):
            node["href"] = f"/{_KIND_PROP[kind][2]}/{quote(instances.local_id(r['o']), safe='')}"
        nodes.setdefault(nid, node)
        edges.append({"source": me["id"], "target": nid, "role": "target" if kind == "target" else "mentions",
                      "title": {"target": "目标", "district": "提及板块", "platform": "提及平台"}[kind]})
    _add_departments(store, [{"t": t_iri, "key": facts[t_iri]["key"], "number": facts[t_iri]["number"],
                              "title": facts[t_iri]["title"], "doc": instances.iri("doc", facts[t_iri]["doc"])}],
                     nodes, edges)
    graph = {"title": f"任务 {facts[t_iri]['number']}：{facts[t_iri]['title']}", "task": key,
             "nodes": list(nodes.values()), "edges": edges, "empty_reason": None}
    if len(nodes) == 1:
        graph["empty_reason"] = "这项任务没有分工部门、目标、板块、平台或上下级任务"
    return arrange(graph, hop_layers(graph["nodes"], edges, [me["id"]]))


def mention_view(store: EmbeddedStore, kind: str, ident: str) -> dict:
    """A district or platform, the tasks that mention it, and the departments of those tasks."""
    cls, prop, _ = _KIND_PROP[kind]
    found = rows(store, VQ.find_mentioned(cls, ident))
    if not found:
        raise not_found(kind, ident)
    m_iri, label = found[0]["m"], found[0]["label"]
    tasks = [r["t"] for r in rows(store, VQ.tasks_mentioning(prop, ref(m_iri)))]
    facts = task_facts(store, tasks)
    centre = {"id": f"{kind}:{instances.local_id(m_iri)}", "kind": kind, "label": label, "title": label, "focus": True}
    nodes, edges = {centre["id"]: centre}, []
    task_rows = []
    for t in sorted(tasks, key=lambda t: (facts[t]["doc"], natural_key(facts[t]["key"]))):
        node = task_node(facts[t])
        nodes[node["id"]] = node
        edges.append({"source": centre["id"], "target": node["id"], "role": "mentions", "title": "提及"})
        task_rows.append({"t": t, "key": facts[t]["key"], "number": facts[t]["number"],
                          "title": facts[t]["title"], "doc": instances.iri("doc", facts[t]["doc"])})
    _add_departments(store, task_rows, nodes, edges)
    word = {"district": "板块", "platform": "平台"}[kind]
    graph = {"title": f"{word} {label}：{len(tasks)} 项任务提及", kind: instances.local_id(m_iri),
             "nodes": list(nodes.values()), "edges": edges, "empty_reason": None}
    if not tasks:
        graph["empty_reason"] = f"没有任务提及{word}“{label}”"
    task_ids = [n["id"] for n in graph["nodes"] if n["kind"] == "task"]
    dept_ids = [n["id"] for n in graph["nodes"] if n["kind"] == "department"]
    return arrange(graph, [[centre["id"]], task_ids, dept_ids], fixed={1})


# ---------------------------------------------------------------- query results

#: most triples or rows a query-result view draws (the title says when there were more)
RESULT_EDGE_CAP = 3000
_PAIRS = (("source", "target"), ("s", "o"), ("subject", "object"), ("from", "to"))


def _term_node(value: str) -> dict:
    if value.startswith(("http://", "https://", "urn:")):
        local = value.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        path = instances.id_path(value)
        node = {"id": value, "kind": "resource", "label": short_title(instances.local_id(value) if path else local, 16),
                "title": value}
        if path:
            node["href"] = path
        return node
    return {"id": "literal:" + value, "kind": "literal", "label": short_title(value, 16), "title": value}


def _plain(cell) -> str | None:
    """A cell of an ``html`` answer (a term in SPARQL JSON form, or None) as its plain value."""
    return cell["value"] if isinstance(cell, dict) else cell


def result_view(kind: str, names: list[str], table: list[list], query: str = "") -> dict:
    """A CONSTRUCT/DESCRIBE answer (triples) or a SELECT naming ``?source ?target [?label]`` as a graph
    (cells as the ``html`` answers give them: terms in SPARQL JSON form)."""
    table = [[_plain(c) for c in row] for row in table]
    if kind == "graph":
        triples = [(s, p, o) for s, p, o in table]
    else:
        lower = {n.lower(): i for i, n in enumerate(names)}
        pair = next(((lower[a], lower[b]) for a, b in _PAIRS if a in lower and b in lower), None)
        if pair is None:
            raise ApiError(400, "not-a-graph",
                           "to draw a SELECT as a graph, name its variables ?source and ?target "
                           f"(optionally ?label); this query has {', '.join('?' + n for n in names) or 'none'}",
                           {"variables": names})
        li = next((lower[k] for k in ("label", "p", "predicate", "edge") if k in lower), None)
        triples = [(r[pair[0]], r[li] if li is not None else None, r[pair[1]]) for r in table
                   if r[pair[0]] is not None and r[pair[1]] is not None]
    total = len(triples)
    triples = triples[:RESULT_EDGE_CAP]
    nodes: dict[str, dict] = {}
    edges = []
    for s, p, o in triples:
        a, b = _term_node(s), _term_node(o)
        nodes.setdefault(a["id"], a)
        nodes.setdefault(b["id"], b)
        label = (p.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] if p else "")
        edges.append({"source": a["id"], "target": b["id"], "role": "predicate", "label": label[:24],
                      "title": p or ""})
    title = f"查询结果：{len(nodes)} 个节点，{len(edges)} 条边"
    if total > len(triples):
        title += f"（共 {total} 条，只画前 {RESULT_EDGE_CAP} 条）"
    graph = {"title": title, "query": query, "edges_in_result": total,
             "nodes": list(nodes.values()), "edges": edges, "empty_reason": None}
    if not nodes:
        graph["empty_reason"] = "查询没有返回任何三元组或行"
    degree: dict[str, int] = {}
    for e in edges:
        for k in (e["source"], e["target"]):
            degree[k] = degree.get(k, 0) + 1
    centre = [min(degree, key=lambda k: (-degree[k], k))] if degree else []
    return arrange(graph, hop_layers(graph["nodes"], edges, centre) if centre else [])
