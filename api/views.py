"""Network pages drawn with pyvis (the only module that imports pyvis).

``render_network(graph, title=None, *, embed=False, links=(), controls="",
caption="", page_url="") -> str`` turns a JSON twin (``{"nodes", "edges",
"legend"?, "empty_reason"?}`` with server-side ``x``/``y``, see
:mod:`api.viz_graphs`) into a self-contained HTML page: vis-network is inlined,
pyvis' CDN Bootstrap tags and its unescaped heading are removed, physics is
off (the layout is fixed), every text we add is escaped, and tooltips are
plain text.  A click on a node with an ``href`` opens that page.  The page
fills its window (``embed``: no header, the caption under the canvas) and
says why when the graph is empty.  Raises ``RuntimeError`` if the page would
still load anything over http(s).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader
from pyvis.network import Network

from .viz_style import edge_style, legend as legend_of, node_style

_BOOTSTRAP = re.compile(r"<link\b[^>]*?href=\"https?://[^\"]*\"[^>]*?/?>|<script\b[^>]*?src=\"https?://[^\"]*\"[^>]*?>\s*</script>",
                        re.IGNORECASE | re.DOTALL)
_COMMENTED_LIBS = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.DOTALL)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")
_REMOTE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)
FONT = {"size": 14, "face": "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif"}


def safe_title(text: str) -> str:
    """A tooltip without "href" (which would switch pyvis to innerHTML popups)."""
    return re.sub("href", "h\u200bref", text, flags=re.IGNORECASE)


def _ensure_positions(graph: dict) -> None:
    if all("x" in n and "y" in n for n in graph["nodes"]):
        return
    from .layout import hop_layers, place  # a bare graph (tests, callers outside the routers)

    styled = [{**n, **node_style(n)} for n in graph["nodes"]]
    centre = [n["id"] for n in graph["nodes"] if n.get("focus")][:1] or [n["id"] for n in graph["nodes"]][:1]
    pos = place(styled, graph["edges"], hop_layers(graph["nodes"], graph["edges"], centre) if centre else [])
    for n in graph["nodes"]:
        n["x"], n["y"] = pos[n["id"]]


@lru_cache(maxsize=4)
def _templates(folder: str) -> Environment:
    """The Jinja environment of pyvis' templates, shared by every Network: pyvis makes a new one
    per Network, which compiles its page template again for every page drawn (the same
    ``Environment(loader=FileSystemLoader(folder))`` it makes; Jinja keeps compiled templates per
    environment and reloads one whose file changed)."""
    return Environment(loader=FileSystemLoader(folder))


def warm_templates() -> None:
    """Compile pyvis' page template now (about 0.1-0.2 s), so that the first view drawn does not."""
    net = Network()
    _templates(net.template_dir).get_template(net.path)


def build_network(graph: dict) -> Network:
    """A pyvis Network for the JSON twin ``graph`` (positions fixed, physics off)."""
    _ensure_positions(graph)
    net = Network(height="100%", width="100%", cdn_resources="in_line", bgcolor="#ffffff")
    net.templateEnv = _templates(net.template_dir)  # compiled once, not on every page (40-80 ms)
    # nodes and edges are set directly rather than through add_node/add_edge: those scan every
    # node and edge added before (quadratic: 2.9 s for 2,000 nodes) and drop a second edge between
    # the same two nodes, which the JSON twin keeps
    nodes = []
    for n in graph["nodes"]:
        style = node_style(n)
        node = {"id": n["id"], "label": n["label"], "title": safe_title(n.get("title") or n["label"]),
                "x": n["x"], "y": n["y"], "color": style["color"], "shape": style["shape"], "size": style["size"]}
        if n.get("focus"):
            node["font"] = {"size": 16, "color": "#000"}
        if n.get("href"):
            node["href"] = n["href"]
        nodes.append(node)
    edges = []
    for e in graph["edges"]:
        style = edge_style(e)
        edge = {"from": e["source"], "to": e["target"], "title": safe_title(e.get("title") or e.get("role", "")),
                "color": {"color": style["color"], "highlight": style["color"], "hover": style["color"],
                          "opacity": style["opacity"]},
                "dashes": style["dashes"], "width": style["width"]}
        if e.get("label"):
            edge.update(label=e["label"], font={"size": 10, "color": "#555"})
        if "weight" in e:
            edge["weight"] = e["weight"]
        edges.append(edge)
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = {
        "physics": {"enabled": False},
        "layout": {"randomSeed": 1, "improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(graph["edges"]) > 1500},
        "edges": {"smooth": False, "selectionWidth": 2},
        # labels never overlap (see api.layout), so draw them even when zoomed out to fit
        "nodes": {"fixed": {"x": False, "y": False}, "scaling": {"label": {"drawThreshold": 0}}, "font": FONT},
    }
    return net


_CSS = """<style>
html, body { margin: 0; height: 100%; font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; }
body { display: flex; flex-direction: column; overflow: hidden; }
body > .card { flex: 1 1 auto; min-height: 0; width: 100%; position: relative; border: 0; }
#mynetwork { width: 100% !important; height: 100% !important; float: none !important; border: 0 !important; }
.viz-bar { background: #1f3a5f; color: #fff; padding: .35em 1em; font-size: 14px; }
.viz-bar a { color: #cde; }
.viz-tools { padding: .3em 1em; font-size: 13px; border-bottom: 1px solid #ddd; background: #f6f8fa; }
.viz-tools form { display: inline; margin-right: 1em; }
.viz-tools input[type=text] { width: 9em; }
.viz-tools input[type=number] { width: 5em; }
.viz-legend { position: absolute; right: 8px; top: 8px; background: rgba(255,255,255,.92); border: 1px solid #ccc;
  padding: .4em .6em; font-size: 12px; max-height: 70%; overflow: auto; z-index: 5; }
.viz-legend div { white-space: nowrap; line-height: 1.6; }
.viz-legend svg { vertical-align: middle; margin-right: .4em; }
.viz-empty { position: absolute; left: 50%; top: 40%; transform: translate(-50%, -50%); z-index: 6;
  background: #fff8e1; border: 1px solid #e0b000; padding: 1em 1.5em; font-size: 16px; }
.viz-caption { font-size: 12px; color: #333; padding: .25em .8em; border-top: 1px solid #ddd; background: #fafafa; }
.viz-snippet textarea { width: 100%; font-family: monospace; font-size: 12px; }
</style>"""

# After drawGraph(): the layout is fixed, so flag the first frame vis-network draws as window.policykgDrawn
# (browsers and tests wait on it), and make a click on a node open its page.
_READY_HOOK = r"""drawGraph();
              (function () {
                  window.policykgDrawn = false;
                  var t0 = performance.now();
                  network.once("afterDrawing", function () {
                      window.policykgDrawMs = performance.now() - t0;
                      window.policykgDrawn = true;
                  });
                  network.on("click", function (p) {
                      if (!p.nodes.length) { return; }
                      var n = network.body.data.nodes.get(p.nodes[0]);
                      if (!n || typeof n.href !== "string" || !/^\/[^\/\\]/.test(n.href)) { return; }
                      if (window.self !== window.top) { window.open(n.href, "_blank", "noopener"); }
                      else { window.location.href = n.href; }
                  });
              })();
"""


def sanitize(page: str) -> str:
    """Remove pyvis' remote Bootstrap tags, commented-out lib tags and empty headings; add the ready hook."""
    page = _BOOTSTRAP.sub("", page)
    page = _COMMENTED_LIBS.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    if page.count("drawGraph();\n") != 1:
        raise RuntimeError("unexpected pyvis template: cannot find the drawGraph() call")
    page = page.replace("drawGraph();\n", _READY_HOOK, 1)
    if _REMOTE.search(page):
        raise RuntimeError("the generated page still references a remote script or stylesheet")
    return page


def _swatch(entry: dict) -> str:
    c = html.escape(entry["color"], quote=True)
    if entry["kind"] == "edge":
        dash = " ".join(str(d) for d in entry["dashes"]) if entry["dashes"] else "none"
        return (f'<svg width="36" height="10"><line x1="1" y1="5" x2="35" y2="5" stroke="{c}" '
                f'stroke-width="{entry["width"]}" stroke-dasharray="{dash}"/></svg>')
    if entry["kind"] == "size":
        return (f'<svg width="36" height="16"><circle cx="5" cy="8" r="3" fill="{c}"/>'
                f'<circle cx="22" cy="8" r="7" fill="{c}"/></svg>')
    shape = entry.get("shape")
    if shape in ("box", "square"):
        body = f'<rect x="10" y="2" width="16" height="12" fill="{c}"/>'
    elif shape == "diamond":
        body = f'<polygon points="18,1 25,8 18,15 11,8" fill="{c}"/>'
    elif shape == "triangle":
        body = f'<polygon points="18,1 26,15 10,15" fill="{c}"/>'
    else:
        body = f'<circle cx="18" cy="8" r="6" fill="{c}"/>'
    return f'<svg width="36" height="16">{body}</svg>'


def legend_html(entries: list[dict]) -> str:
    """The legend box: one line per node kind, colour, size rule and edge style."""
    if not entries:
        return ""
    lines = "".join(f"<div>{_swatch(e)}{html.escape(e['label'])}</div>" for e in entries)
    return (f'<details class="viz-legend" id="viz-legend" open><summary><b>图例</b></summary>{lines}</details>')


def render_network(graph: dict, title: str | None = None, *, embed: bool = False,
                   links: list[tuple[str, str]] | tuple = (), controls: str = "", caption: str = "",
                   page_url: str = "", legend: bool = True) -> str:
    """The HTML page of ``graph`` (see the module docstring); ``controls`` is trusted HTML."""
    title = title or graph.get("title") or "policykg"
    page = sanitize(build_network(graph).generate_html())
    page = page.replace("<head>", f"<head>\n<meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"data:,\">\n<title>{html.escape(title)}</title>", 1)
    page = page.replace("</head>", _CSS + "\n</head>", 1)
    top = []
    if not embed:
        bar = [f'<div class="viz-bar"><a href="/" style="color:#fff;font-weight:bold;text-decoration:none">'
               f'policykg</a> · <span class="viz-title">{html.escape(title)}</span>']
        for label, href in links:
            bar.append(f' · <a href="{html.escape(href, quote=True)}">{html.escape(label)}</a>')
        bar.append("</div>")
        top.append("".join(bar))
        snippet = ""
        if page_url:
            src = page_url + ("&" if "?" in page_url else "?") + "embed=1"
            frame = (f'<iframe src="{html.escape(src, quote=True)}" width="800" height="450" '
                     f'style="border:0" title="{html.escape(title, quote=True)}"></iframe>')
            snippet = (f'<details class="viz-snippet" style="display:inline"><summary>嵌入代码 embed</summary>'
                       f'<textarea readonly rows="2" onclick="this.select()">{html.escape(frame)}</textarea></details>')
        top.append(f'<div class="viz-tools">{controls}{snippet}</div>')
    page = page.replace("<body>", "<body>\n" + "".join(top), 1)
    overlay = legend_html(graph.get("legend") or legend_of(graph)) if legend else ""
    if graph.get("empty_reason"):
        overlay += f'<div class="viz-empty" id="viz-empty">{html.escape(graph["empty_reason"])}</div>'
    page = page.replace('<div id="mynetwork" class="card-body"></div>',
                        '<div id="mynetwork" class="card-body"></div>' + overlay, 1)
    if caption:
        page = page.replace("</body>", f'<div class="viz-caption" id="viz-caption">{html.escape(caption)}</div>\n'
                            "</body>", 1)
    return page
