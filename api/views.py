"""Network pages drawn with pyvis (the only module that imports pyvis).

``render_network(graph, title, *, embed=False, physics_nodes=300, links=()) -> str``
turns a JSON twin (``{"nodes": [...], "edges": [...]}`` as built by
:mod:`api.routers.lookup`) into a self-contained HTML page: vis-network is
inlined, pyvis' CDN Bootstrap tags and its unescaped heading are removed, and
our own (escaped) header is added unless ``embed``.  Raises ``RuntimeError`` if
the page would still load anything over http(s).
"""

from __future__ import annotations

import html
import re

import networkx as nx
from pyvis.network import Network

ROLE_COLORS = {"lead": "#d62728", "responsible": "#2ca02c", "participant": "#1f77b4"}
ROLE_NAMES = {"lead": "牵头 lead", "responsible": "负责 responsible", "participant": "参与 participant"}
DEPT_COLOR = "#9aa5b1"
FOCUS_COLOR = "#ff9f1c"

_BOOTSTRAP = re.compile(r"<link\b[^>]*?href=\"https?://[^\"]*\"[^>]*?/?>|<script\b[^>]*?src=\"https?://[^\"]*\"[^>]*?>\s*</script>",
                        re.IGNORECASE | re.DOTALL)
_COMMENTED_LIBS = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.DOTALL)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")
_REMOTE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)


def safe_title(text: str) -> str:
    """A tooltip without "href" (which would switch pyvis to innerHTML popups)."""
    return re.sub("href", "h\u200bref", text, flags=re.IGNORECASE)


def _layout(graph: dict) -> dict[str, tuple[float, float]]:
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in graph["nodes"])
    g.add_edges_from((e["source"], e["target"]) for e in graph["edges"])
    pos = nx.spring_layout(g, seed=1, iterations=50)
    scale = 40 * max(len(graph["nodes"]), 1) ** 0.5
    return {k: (float(x) * scale, float(y) * scale) for k, (x, y) in pos.items()}


def _node_style(n: dict) -> dict:
    if n["kind"] == "task":
        return {"color": ROLE_COLORS.get(n.get("role"), DEPT_COLOR), "shape": "dot", "size": 12}
    if n.get("focus"):
        return {"color": FOCUS_COLOR, "shape": "box", "font": {"size": 22}}
    size = 10 + 2 * n["tasks"] ** 0.5 if "tasks" in n else 14
    return {"color": DEPT_COLOR, "shape": "ellipse" if "tasks" not in n else "dot", "size": size}


def build_network(graph: dict, physics_nodes: int = 300) -> Network:
    """A pyvis Network for the JSON twin ``graph``."""
    net = Network(height="780px", width="100%", cdn_resources="in_line", bgcolor="#ffffff")
    physics = len(graph["nodes"]) <= physics_nodes
    positions = {} if physics else _layout(graph)
    for n in graph["nodes"]:
        extra = {"x": positions[n["id"]][0], "y": positions[n["id"]][1]} if n["id"] in positions else {}
        net.add_node(n["id"], label=n["label"], title=safe_title(n.get("title") or n["label"]),
                     **_node_style(n), **extra)
    for e in graph["edges"]:
        if "weight" in e:
            net.add_edge(e["source"], e["target"], value=e["weight"], title=f"{e['weight']} shared tasks",
                         color="#b0b8c4")
        else:
            net.add_edge(e["source"], e["target"], color=ROLE_COLORS.get(e["role"], DEPT_COLOR),
                         title=ROLE_NAMES.get(e["role"], e["role"]))
    net.options = {
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": 100 if len(graph["nodes"]) > 100 else 250}},
        "interaction": {"hover": True, "tooltipDelay": 150},
        "edges": {"smooth": False},
    }
    return net


def _header(title: str, links: list[tuple[str, str]], legend: bool) -> str:
    parts = [f"<header style=\"font-family:sans-serif;padding:.4em 1em;background:#1f3a5f;color:#fff\">"
             f"<a href=\"/\" style=\"color:#fff;font-weight:bold;text-decoration:none\">policykg</a> · "
             f"<span class=\"viz-title\">{html.escape(title)}</span>"]
    for label, href in links:
        parts.append(f" · <a style=\"color:#cde\" href=\"{html.escape(href, quote=True)}\">{html.escape(label)}</a>")
    parts.append("</header>")
    if legend:
        chips = "".join(f"<span style=\"background:{c};color:#fff;padding:0 .5em;margin-right:.5em;border-radius:3px\">"
                        f"{html.escape(ROLE_NAMES[r])}</span>" for r, c in ROLE_COLORS.items())
        parts.append(f"<div style=\"font-family:sans-serif;padding:.3em 1em\">{chips}</div>")
    return "".join(parts)


# After drawGraph(): once the layout is stable (or at once without physics) freeze it, then
# flag the first frame drawn after that as window.policykgDrawn (browsers and tests wait on it).
# vis-network emits stabilization events from timers, so hooking here cannot miss them.
_READY_HOOK = """drawGraph();
              (function () {
                  window.policykgDrawn = false;
                  var t0 = performance.now();
                  function ready() {
                      network.setOptions({physics: {enabled: false}});
                      network.once("afterDrawing", function () {
                          window.policykgDrawMs = performance.now() - t0;
                          window.policykgDrawn = true;
                      });
                      network.redraw();
                  }
                  if (network.physics.options.enabled) { network.once("stabilizationIterationsDone", ready); }
                  else { ready(); }
              })();
"""


def sanitize(page: str) -> str:
    """Remove pyvis' remote Bootstrap tags, commented-out lib tags and empty headings."""
    page = _BOOTSTRAP.sub("", page)
    page = _COMMENTED_LIBS.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    if page.count("drawGraph();\n") != 1:
        raise RuntimeError("unexpected pyvis template: cannot find the drawGraph() call")
    page = page.replace("drawGraph();\n", _READY_HOOK, 1)
    if _REMOTE.search(page):
        raise RuntimeError("the generated page still references a remote script or stylesheet")
    return page


def render_network(graph: dict, title: str, *, embed: bool = False, physics_nodes: int = 300,
                   links: list[tuple[str, str]] | tuple = (), legend: bool = False) -> str:
    """The HTML page of ``graph`` (see module docstring)."""
    page = sanitize(build_network(graph, physics_nodes).generate_html())
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
    if not embed:
        page = page.replace("<body>", "<body>\n" + _header(title, list(links), legend), 1)
    elif legend:
        page = page.replace("<body>", "<body>\n" + _header(title, [], legend).split("</header>", 1)[1], 1)
    return page
