"""SVG and PNG exports of a view, drawn from the JSON twin's server-side layout.

``to_svg(graph, caption_lines) -> str``: the nodes at their ``x``/``y``, edges
styled as on the page (:mod:`api.viz_style`), labels as ``<text>`` (Chinese
stays text), the legend and the caption; every text is XML-escaped.
``to_png(svg, font=None) -> bytes`` rasterises it with resvg (``resvg_py``,
no browser, no system libraries) using a CJK font found by
:func:`find_cjk_font`; it raises :class:`NoCjkFont` when there is none
(rather than drawing empty boxes for every Chinese character).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from xml.sax.saxutils import escape, quoteattr

from .layout import FONT, footprint, text_width
from .viz_style import edge_style, legend as legend_of, node_style

FAMILY = "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
#: known CJK font files (Debian packages fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-cjk) → family
KNOWN_FONTS = {
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc": "WenQuanYi Micro Hei",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc": "WenQuanYi Zen Hei",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc": "Noto Sans CJK SC",
}
LEGEND_W = 330
#: a white outline under label text, so that edges passing behind a label do not cross it out
HALO = 'stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"'
MAX_PNG_SIDE = 2000  # px; PNG time is per pixel (encoding 7 Mpx took 4-6 s)


class NoCjkFont(RuntimeError):
    """No font with Chinese glyphs was found for the PNG export."""


def _dash(dashes) -> str:
    return f' stroke-dasharray="{" ".join(str(d) for d in dashes)}"' if dashes else ""


def _shape(shape: str, x: float, y: float, s: float, color: str, w: float = 0, h: float = 0) -> str:
    c = quoteattr(color)
    if shape == "box":
        return (f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" rx="4" '
                f'fill={c} stroke="#b36b00"/>')
    if shape == "square":
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" fill={c}/>'
    if shape == "diamond":
        return (f'<polygon points="{x:.1f},{y - s:.1f} {x + s:.1f},{y:.1f} {x:.1f},{y + s:.1f} {x - s:.1f},{y:.1f}" '
                f'fill={c}/>')
    if shape == "triangle":
        return (f'<polygon points="{x:.1f},{y - s:.1f} {x + s:.1f},{y + s * .8:.1f} {x - s:.1f},{y + s * .8:.1f}" '
                f'fill={c}/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill={c}/>'


def _legend(entries: list[dict], x0: float, y0: float) -> tuple[str, float]:
    out = [f'<text x="{x0:.1f}" y="{y0 + 14:.1f}" font-size="14" font-weight="bold">图例</text>']
    y = y0 + 24
    for e in entries:
        c = e["color"]
        if e["kind"] == "edge":
            out.append(f'<line x1="{x0:.1f}" y1="{y + 8:.1f}" x2="{x0 + 34:.1f}" y2="{y + 8:.1f}" '
                       f'stroke={quoteattr(c)} stroke-width="{e["width"]}"{_dash(e["dashes"])}/>')
        elif e["kind"] == "size":
            out.append(_shape("dot", x0 + 6, y + 8, 3, c) + _shape("dot", x0 + 24, y + 8, 7, c))
        else:
            out.append(_shape(e.get("shape", "dot"), x0 + 17, y + 8, 6, c, 22, 14))
        out.append(f'<text x="{x0 + 42:.1f}" y="{y + 13:.1f}" font-size="14">{escape(e["label"])}</text>')
        y += 22
    return "".join(out), y - y0


def to_svg(graph: dict, caption_lines: list[str]) -> str:
    """An SVG document of ``graph`` (nodes need ``x``/``y``) with ``caption_lines`` above and below."""
    nodes, edges = graph["nodes"], graph["edges"]
    at = {n["id"]: n for n in nodes}
    boxes = []
    for n in nodes:
        st = node_style(n)
        w, h, off = footprint({"label": n["label"], "size": st["size"], "shape": st["shape"]})
        boxes.append((n["x"] - w / 2, n["y"] + off - h / 2, n["x"] + w / 2, n["y"] + off + h / 2))
    minx = min((b[0] for b in boxes), default=0) - 20
    miny = min((b[1] for b in boxes), default=0) - 20
    maxx = max((b[2] for b in boxes), default=400) + 20
    maxy = max((b[3] for b in boxes), default=300) + 20
    head = 30 + 18 * max(len(caption_lines) - 1, 0)
    entries = graph.get("legend") or legend_of(graph)
    legend_svg, legend_h = _legend(entries, 0, 0)
    width = (maxx - minx) + LEGEND_W
    height = max(maxy - miny, legend_h + 20) + head + 10
    dx, dy = -minx, -miny + head
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" font-family={quoteattr(FAMILY)}>',
             '<rect width="100%" height="100%" fill="#ffffff"/>']
    if caption_lines:
        parts.append(f'<text x="12" y="22" font-size="18" font-weight="bold">{escape(caption_lines[0])}</text>')
        for i, line in enumerate(caption_lines[1:]):
            parts.append(f'<text x="12" y="{44 + 18 * i}" font-size="14" fill="#444">{escape(line)}</text>')
    parts.append(f'<g class="edges" transform="translate({dx:.1f},{dy:.1f})">')
    for e in edges:
        a, b = at.get(e["source"]), at.get(e["target"])
        if a is None or b is None:
            continue
        st = edge_style(e)
        parts.append(f'<line x1="{a["x"]:.1f}" y1="{a["y"]:.1f}" x2="{b["x"]:.1f}" y2="{b["y"]:.1f}" '
                     f'stroke={quoteattr(st["color"])} stroke-width="{st["width"]}" stroke-opacity="{st["opacity"]}"'
                     f'{_dash(st["dashes"])}/>')
        if e.get("label"):
            parts.append(f'<text x="{(a["x"] + b["x"]) / 2:.1f}" y="{(a["y"] + b["y"]) / 2:.1f}" font-size="10" '
                         f'fill="#555" text-anchor="middle">{escape(e["label"])}</text>')
    parts.append('</g><g class="nodes" transform="translate(%.1f,%.1f)">' % (dx, dy))
    for n in nodes:
        st = node_style(n)
        x, y = n["x"], n["y"]
        lines = n["label"].split("\n")
        if st["shape"] == "box":
            w = max(text_width(line, 16) for line in lines) + 16
            h = 20 * len(lines) + 8
            parts.append(_shape("box", x, y, st["size"], st["color"], w, h))
            for i, line in enumerate(lines):
                parts.append(f'<text class="label" x="{x:.1f}" y="{y + 6 - 10 * (len(lines) - 1) + 20 * i:.1f}" '
                             f'font-size="16" text-anchor="middle">{escape(line)}</text>')
            continue
        parts.append(_shape(st["shape"], x, y, st["size"], st["color"]))
        for i, line in enumerate(lines):
            parts.append(f'<text class="label" x="{x:.1f}" y="{y + st["size"] + FONT + 2 + 17 * i:.1f}" '
                         f'font-size="{FONT}" text-anchor="middle" {HALO}>{escape(line)}</text>')
    parts.append("</g>")
    parts.append(f'<g class="legend" transform="translate({maxx - minx + 10:.1f},{head:.1f})">{legend_svg}</g>')
    if graph.get("empty_reason"):
        parts.append(f'<text x="{width / 2:.1f}" y="{height / 2:.1f}" font-size="18" text-anchor="middle" '
                     f'fill="#8a6d00">{escape(graph["empty_reason"])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def find_cjk_font(configured: str | None = None) -> tuple[str, str]:
    """(font file, family) of a font with Chinese glyphs: ``configured`` (POLICYKG_CJK_FONT), a known
    Debian font, or what fontconfig lists for ``:lang=zh``.  Raises :class:`NoCjkFont`."""
    if configured:
        if not os.path.isfile(configured):
            raise NoCjkFont(f"POLICYKG_CJK_FONT={configured}: no such font file")
        return configured, KNOWN_FONTS.get(configured, "")
    for path, family in KNOWN_FONTS.items():
        if os.path.isfile(path):
            return path, family
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "file", "family"], capture_output=True, text=True,
                             timeout=20).stdout
        for line in sorted(out.splitlines()):
            path, _, family = line.partition(":")
            if path.strip() and os.path.isfile(path.strip()):
                return path.strip(), family.split(",")[0].strip()
    raise NoCjkFont("the PNG export needs a font with Chinese glyphs and none is installed: install the Debian "
                    "package fonts-wqy-microhei (or fonts-noto-cjk), or set POLICYKG_CJK_FONT to a .ttf/.ttc/.otf")


def to_png(svg: str, font: str | None = None) -> bytes:
    """PNG bytes of ``svg`` rendered by resvg with a CJK font (see :func:`find_cjk_font`)."""
    import resvg_py

    path, family = find_cjk_font(font)
    head = svg[: svg.find(">")]
    w = float(head.split('width="', 1)[1].split('"', 1)[0])
    h = float(head.split('height="', 1)[1].split('"', 1)[0])
    zoom = min(1.0, MAX_PNG_SIDE / max(w, h, 1))
    kwargs = {"sans_serif_family": family, "font_family": family} if family else {}
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, font_files=[path], skip_system_fonts=True,
                                       zoom=zoom, background="#ffffff", **kwargs))


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) read from a PNG header."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


