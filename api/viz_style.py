"""How each kind of node and edge is drawn, and the legend that explains it (pure data).

``node_style(node) -> dict`` and ``edge_style(edge) -> dict`` give colour,
shape, size and dashes from a JSON-twin node's ``kind`` (and ``role``,
``body``, ``focus``, ``load``) or an edge's ``role``; ``legend(graph)`` lists
the entries for every style the graph uses, with Chinese labels.  The pyvis
page (:mod:`api.views`) and the SVG export (:mod:`api.svg`) both draw from
these, so the two pictures agree.
"""

from __future__ import annotations

from graph.vocab import ROLE_RANK

ROLE_COLORS = {"lead": "#d62728", "responsible": "#2ca02c", "participant": "#1f77b4"}
ROLE_NAMES = {"lead": "牵头", "responsible": "负责", "participant": "参与"}
#: edge role → (colour, dash pattern or None, width, Chinese label)
EDGE_STYLES = {
    "lead": ("#d62728", None, 3.0, "牵头（实线，红）"),
    "responsible": ("#2ca02c", [10, 5], 2.5, "负责（虚线，绿）"),
    "participant": ("#1f77b4", [3, 4], 1.5, "参与（点线，蓝）"),
    "coparticipation": ("#8c99a6", None, 1.0, "共同承担任务（线宽=共同任务数）"),
    "parent": ("#555555", [6, 3, 2, 3], 2.0, "上级任务 → 下级任务（点划线）"),
    "target": ("#9467bd", None, 1.5, "任务目标（紫）"),
    "mentions": ("#bcbd22", [2, 3], 1.5, "提及（点线，橄榄）"),
    "predicate": ("#7f7f7f", None, 1.0, "谓词（标签=谓词名）"),
}
#: body (graph/ stores pkg:body) → (colour, Chinese label)
BODY_STYLES = {
    "government": ("#1f77b4", "政府部门"),
    "party": ("#d62728", "党委部门"),
    "congress": ("#9467bd", "人大"),
    "cppcc": ("#ff7f0e", "政协"),
    "stationed": ("#8c564b", "驻地垂直管理单位（中央、省属）"),
    "group": ("#17becf", "领导小组、工作专班"),
    "mass_org": ("#e377c2", "群团组织"),
    "judicial": ("#7f7f7f", "司法机关"),
    "enterprise": ("#bcbd22", "企业"),
    "other": ("#c7c7c7", "其他、未识别"),
}
FOCUS = ("#ff9f1c", "box", "焦点（本页主体）")
#: node kind → (colour, shape, Chinese label)
NODE_STYLES = {
    "department": ("#9aa5b1", "dot", "协同部门（大小=共同任务数）"),
    "task": ("#6b7a8f", "dot", "任务"),
    "taskgroup": ("#4c6a92", "square", "任务组：一个文件（或章节）中的任务，点击展开（大小=任务数，颜色=本部门最常见的角色）"),
    "target": ("#9467bd", "diamond", "目标指标"),
    "district": ("#bcbd22", "triangle", "板块（区县）"),
    "platform": ("#e377c2", "square", "平台、载体"),
    "resource": ("#6b7a8f", "dot", "资源（IRI）"),
    "literal": ("#c7c7c7", "square", "字面值"),
}


def body_of(node: dict) -> str:
    body = node.get("body") or ("group" if node.get("group_unit") else "other")
    return body if body in BODY_STYLES else "other"


def node_style(node: dict) -> dict:
    """{color, shape, size} of a JSON-twin node."""
    if node.get("focus"):
        return {"color": FOCUS[0], "shape": "box", "size": 20}
    kind = node.get("kind", "resource")
    color, shape, _ = NODE_STYLES.get(kind, NODE_STYLES["resource"])
    size = 10
    if kind in ("task", "taskgroup") and node.get("role") in ROLE_COLORS:
        color = ROLE_COLORS[node["role"]]
    if kind == "taskgroup":
        size = 8 + 1.5 * max(node.get("count", 1), 1) ** 0.5
    if kind == "department":
        if "load" in node:  # workload and co-participation: coloured by body, sized by load
            color = BODY_STYLES[body_of(node)][0]
            size = 6 + 2.2 * max(node["load"], 0) ** 0.5
        elif "shared" in node:
            size = 6 + 2.5 * node["shared"] ** 0.5
    return {"color": color, "shape": shape, "size": round(size, 1)}


def edge_style(edge: dict) -> dict:
    """{color, dashes, width} of a JSON-twin edge."""
    color, dashes, width, _ = EDGE_STYLES.get(edge.get("role"), EDGE_STYLES["predicate"])
    if "weight" in edge:
        width = 1 + 1.2 * (edge["weight"] - 1) ** 0.5
    # a partner's link to a task is context: drawn fainter than the focus' own links
    opacity = 0.35 if edge.get("faint") else 0.85
    return {"color": color, "dashes": dashes or False, "width": round(width, 2), "opacity": opacity}


def legend(graph: dict) -> list[dict]:
    """Legend entries for what ``graph`` holds: {"kind": "node"|"edge", label, color, shape|dashes, width}."""
    out: list[dict] = []
    nodes, edges = graph["nodes"], graph["edges"]
    if any(n.get("focus") for n in nodes):
        out.append({"kind": "node", "label": FOCUS[2], "color": FOCUS[0], "shape": "box"})
    tasks = [n for n in nodes if n.get("kind") in ("task", "taskgroup") and not n.get("focus")]
    for role in ROLE_RANK:  # strongest first
        if any(t.get("role") == role for t in tasks):
            out.append({"kind": "node", "label": f"任务：本部门{ROLE_NAMES[role]}（颜色）",
                        "color": ROLE_COLORS[role], "shape": "dot"})
    if any("role" not in t for t in tasks if t["kind"] == "task"):
        out.append({"kind": "node", "label": NODE_STYLES["task"][2], "color": NODE_STYLES["task"][0],
                    "shape": "dot"})
    depts = [n for n in nodes if n.get("kind") == "department" and not n.get("focus")]
    if any("load" in d for d in depts):
        for body in BODY_STYLES:
            if any(body_of(d) == body for d in depts if "load" in d):
                out.append({"kind": "node", "label": BODY_STYLES[body][1], "color": BODY_STYLES[body][0],
                            "shape": "dot"})
        out.append({"kind": "size", "label": "圆点大小 = 任务数（工作量）", "color": "#9aa5b1", "shape": "dot"})
    elif depts:
        out.append({"kind": "node", "label": NODE_STYLES["department"][2] if any("shared" in d for d in depts)
                    else "部门", "color": NODE_STYLES["department"][0], "shape": "dot"})
    for kind in ("taskgroup", "target", "district", "platform", "resource", "literal"):
        if any(n.get("kind") == kind and not n.get("focus") for n in nodes):
            c, shape, label = NODE_STYLES[kind]
            out.append({"kind": "node", "label": label, "color": c, "shape": shape})
    for role, (color, dashes, width, label) in EDGE_STYLES.items():
        if any(e.get("role", "predicate") == role for e in edges):
            out.append({"kind": "edge", "label": label, "color": color, "dashes": dashes or False, "width": width})
    return out
