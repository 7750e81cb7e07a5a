"""HTML tables left inside Markdown or plain text (crawls keep ``<table>`` for
merged cells), read in place so that every cell keeps its span.

``html_blocks(text)`` returns, per ``<table>…</table>``, the rows in the shape
of ``extract.structure.tables.pipe.pipe_blocks``: ``[(row span, [Cell, …]), …]``.  A cell
spanning rows or columns (``rowspan``/``colspan``) is the same
:class:`~extract.structure.tables.cells.Cell` in every grid position it covers.  A cell's text
is its content with tags blanked to spaces (``<br>`` to "；"), so offsets in
the text are offsets in the source.  Nested tables are not data tables and
are skipped.  Linear in the length of the text.
"""

from __future__ import annotations

import re

from extract.structure.tables.cells import Cell

_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</table\s*>|$)", re.IGNORECASE | re.DOTALL)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)(?:</\1\s*>|(?=<t[dh]\b|</tr\s*>|$))", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", re.IGNORECASE)
_SPAN_ATTR = {k: re.compile(rf"{k}\s*=\s*[\"']?(\d+)", re.IGNORECASE) for k in ("rowspan", "colspan")}
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">"}
MAX_SPAN = 200  # a rowspan/colspan beyond the table is clipped to it


def _cell_text(raw: str) -> str:
    """``raw`` with tags blanked (same length): <br> and paragraph ends become "；"."""
    def blank(m: re.Match) -> str:
        return "；" + " " * (len(m.group()) - 1)

    out = _BREAK.sub(blank, raw)
    out = _TAG.sub(lambda m: " " * len(m.group()), out)
    for ent, ch in _ENTITIES.items():
        out = out.replace(ent, ch + " " * (len(ent) - 1))
    return out


def _attr(attrs: str, name: str, limit: int) -> int:
    m = _SPAN_ATTR[name].search(attrs)
    return max(1, min(int(m.group(1)), limit)) if m else 1


def _tables(text: str) -> list[tuple[int, int]]:
    """(start, end) of the content of every innermost-free ``<table>`` (one
    holding no other table), paired by one linear scan of the table tags; an
    unclosed ``<table>`` is ignored."""
    out, stack = [], []  # stack: [content start, holds a table]
    for m in _TABLE_TAG.finditer(text):
        if not m.group(1):
            if stack:
                stack[-1][1] = True
            stack.append([m.end(), False])
        elif stack:
            start, nested = stack.pop()
            if not nested:
                out.append((start, m.start()))
    return sorted(out)


def html_blocks(text: str) -> list[list[tuple[tuple[int, int], list[Cell]]]]:
    """Rows of every HTML table in ``text`` (see module doc)."""
    if "<t" not in text and "<T" not in text:
        return []
    blocks = []
    for base, stop in _tables(text):
        body = text[base:stop]
        grid: dict[tuple[int, int], Cell] = {}
        spans: list[tuple[int, int]] = []
        for r, row in enumerate(_ROW.finditer(body)):
            spans.append((base + row.start(), base + row.end()))
            c = 0
            for cell in _CELL.finditer(row.group(1)):
                while (r, c) in grid:
                    c += 1
                start = base + row.start(1) + cell.start(3)
                raw = cell.group(3)
                value = _cell_text(raw)
                lead = len(value) - len(value.lstrip(" \n\t；"))
                stripped = value.strip(" \n\t；")
                obj = Cell(stripped, (start + lead, start + lead + len(stripped)))
                rows_, cols = _attr(cell.group(2), "rowspan", MAX_SPAN), _attr(cell.group(2), "colspan", 50)
                for dr in range(rows_):
                    for dc in range(cols):
                        grid.setdefault((r + dr, c + dc), obj)
                c += cols
        if not grid:
            continue
        width = max(c for _, c in grid) + 1
        block = []
        for r, span in enumerate(spans):
            cells = [grid.get((r, c), Cell("", (span[0], span[0]))) for c in range(width)]
            if any(cell.text for cell in cells):
                block.append((span, cells))
        if block:
            blocks.append(block)
    return blocks
