"""One view, four outputs: the HTML page, SVG, PNG, and the caption they all carry.

``caption(graph, source, built) -> list[str]`` gives the caption lines;
``export(graph, fmt, ...) -> (bytes, media type)`` renders ``fmt`` ("html",
"svg" or "png").  An unknown format raises ApiError 422 ``invalid-parameter``
naming it; a PNG without a CJK font raises ApiError 503 ``no-cjk-font``.
Used by :mod:`api.routers.viz` and by ``policykg viz``.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from graph.formats import FORMATS as ALL_FORMATS

from .errors import ApiError
from .svg import NoCjkFont, to_png, to_svg
from .views import render_network

#: what a view is exported as → its Content-Type (graph.formats)
FORMATS = {name: ALL_FORMATS[name].content_type for name in ("html", "svg", "png")}
_KIND_WORDS = {"department": "个部门", "task": "项任务", "target": "个目标", "district": "个板块",
               "platform": "个平台", "resource": "个资源", "literal": "个字面值", "edges": "条边"}


def check_format(fmt: str | None) -> str:
    """``fmt`` or "html"; 422 naming an unknown one."""
    fmt = (fmt or "html").lower()
    if fmt not in FORMATS:
        raise ApiError(422, "invalid-parameter",
                       f"format: unknown format {fmt!r}; a view is exported as html, svg or png",
                       {"parameter": "format", "value": fmt, "allowed": sorted(FORMATS)})
    return fmt


def build_date(store) -> str:
    """The UTC date and time the store generation was built (its directory's mtime), or "unknown"."""
    gen = getattr(store, "generation", None)
    try:
        stamp = Path(gen).stat().st_mtime if gen else None
    except OSError:
        stamp = None
    if stamp is None:
        return "unknown"
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def counts_text(graph: dict) -> str:
    counts = graph.get("counts", {})
    return "，".join(f"{n} {_KIND_WORDS.get(k, k)}" for k, n in counts.items())


def caption(graph: dict, source: str, built: str) -> list[str]:
    """[title, "counts · 数据来源 · 构建"] for a view."""
    return [graph["title"], f"{counts_text(graph)} · 数据来源：{source} · 构建：{built}"]


def export(graph: dict, fmt: str, *, source: str, built: str, embed: bool = False, links=(), controls: str = "",
           page_url: str = "", cjk_font: str | None = None) -> tuple[bytes, str]:
    """The view of ``graph`` as ``fmt`` bytes and its media type (see the module docstring)."""
    fmt = check_format(fmt)
    lines = caption(graph, source, built)
    if fmt == "html":
        page = render_network(graph, graph["title"], embed=embed, links=links, controls=controls,
                              caption=" · ".join(lines), page_url=page_url)
        return page.encode("utf-8"), FORMATS[fmt]
    svg = to_svg(graph, lines)
    if fmt == "svg":
        return svg.encode("utf-8"), FORMATS[fmt]
    try:
        return to_png(svg, cjk_font), FORMATS[fmt]
    except NoCjkFont as exc:
        raise ApiError(503, "no-cjk-font", str(exc), {"setting": "POLICYKG_CJK_FONT"}) from None


def form(action: str, fields: list[tuple[str, str, str, str]], submit: str = "筛选") -> str:
    """A GET form (escaped): fields are (name, label, value, input type or "select:a|b|c")."""
    parts = [f'<form method="get" action="{html.escape(action, quote=True)}">']
    for name, label, value, kind in fields:
        parts.append(f"<label>{html.escape(label)} ")
        if kind.startswith("select:"):
            opts = "".join(f'<option value="{html.escape(o, quote=True)}"{" selected" if o == value else ""}>'
                           f"{html.escape(o or '全部')}</option>" for o in kind[7:].split("|"))
            parts.append(f'<select name="{name}">{opts}</select>')
        else:
            parts.append(f'<input type="{kind}" name="{name}" value="{html.escape(value or "", quote=True)}"'
                         f'{" min=1" if kind == "number" else ""}>')
        parts.append("</label> ")
    parts.append(f'<button type="submit">{html.escape(submit)}</button></form>')
    return "".join(parts)


def threshold_slider(max_weight: int, start: int) -> str:
    """A range input that hides co-participation edges lighter than its value (in the browser)."""
    if max_weight < 1:
        return ""
    return (f'<label>隐藏弱关系：共同任务 ≥ <output id="viz-threshold-value">{start}</output> '
            f'<input type="range" id="viz-threshold" min="1" max="{max_weight}" value="{start}" '
            'oninput="policykgThreshold(this.value)"></label> '
            "<script>function policykgThreshold(v) { v = Number(v);"
            " document.getElementById('viz-threshold-value').textContent = v;"
            " var es = network.body.data.edges; es.update(es.get().map(function (e) {"
            " return {id: e.id, hidden: (e.weight || 0) < v}; })); }</script>")
