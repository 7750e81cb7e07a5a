"""Lines a conversion split or padded: page furniture dropped, lines joined (``extract.structure.normalize``).

``join_edits(text, c)`` classifies every line (blank, page furniture — page numbers, running headers, database
lines —, or text) and returns the deletions that join a line split in mid-sentence with the next, and drop the
furniture; in a hard-wrapped text (a PDF's text layer, rule ``join.wrapped``) a line filled to the text's width
continues whatever its last character.  ``c`` is ``normalize._compiled()``: the rules are data, in
``extract/rules/normalize.yaml``.
"""

from __future__ import annotations

import re

_BLANK, _DROP, _TEXT = 0, 1, 2


_SQUEEZE = re.compile(r"[\s#*>\u3000]+")


def _squeeze_line(line: str) -> str:
    """A line without spaces and Markdown marks, to compare repeated lines."""
    return _SQUEEZE.sub("", line)


def _classify(text: str, c) -> tuple[list[tuple[int, int]], list[int]]:
    """Every line's ``(start, end)`` (without its newline) and its kind:
    blank, dropped (page number or running header) or text."""
    lines: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        nl = n if nl == -1 else nl
        lines.append((pos, nl))
        pos = nl + 1
    kinds = []
    page = c["page"].fullmatch
    furniture = c["furniture"].fullmatch
    for s, e in lines:
        if not text[s:e].strip():
            kinds.append(_BLANK)
        elif (e - s <= 40 and page(text, s, e)) or (e - s <= 300 and furniture(text, s, e)):
            kinds.append(_DROP)
        else:
            kinds.append(_TEXT)
    _mark_headers(text, lines, kinds, c)
    return lines, kinds


def _footnotes(text: str, lines, kinds, c) -> list[tuple[int, int, str]]:
    """Mark footnotes (rule ``footnote``): the text lines at a page's foot, next to a page number, that open
    with a note mark the text uses before them inside a line; returns the deletions of those reference marks."""
    f = c["footnote"]
    marks: set[str] = set()
    for i, k in enumerate(kinds):
        if k != _DROP or not c["page"].fullmatch(text, *lines[i]):
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(kinds) and kinds[j] == _BLANK:
                j += step
            while 0 <= j < len(kinds) and kinds[j] == _TEXT and lines[j][1] - lines[j][0] <= f["max_length"]:
                m = f["line"].match(text, *lines[j])
                if not m or not f["reference"](m.group("mark")).search(text, 0, lines[j][0]):
                    break
                kinds[j] = _DROP
                marks.add(m.group("mark"))
                j += step
    edits = []
    for mark in marks:
        edits += [(m.start(), m.end(), "") for m in f["reference"](mark).finditer(text)
                  if kinds[_line_of(lines, m.start())] == _TEXT]
    return edits


def _line_of(lines, pos: int) -> int:
    import bisect

    return bisect.bisect_right([s for s, _ in lines], pos) - 1


def _mark_headers(text: str, lines, kinds, c) -> None:
    """Mark running headers: the text line nearest a page number (before or
    after it) that is short, unpunctuated, occurs at least twice and is not
    the text's first line (a title repeated as a header keeps its first)."""
    def short(i):
        s, e = lines[i]
        line = text[s:e].strip()
        return len(line) <= c["header_max"] and not c["header_punct"].search(line) and not c["header_markup"].match(line)

    first = next((i for i, k in enumerate(kinds) if k == _TEXT), -1)  # the title stays
    candidates = set()
    for i, k in enumerate(kinds):
        if k != _DROP:
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(kinds) and kinds[j] == _BLANK:
                j += step
            if 0 <= j < len(kinds) and j != first and kinds[j] == _TEXT and short(j):
                candidates.add(j)
    if not candidates:
        return
    keys = {_squeeze_line(text[slice(*lines[j])]) for j in candidates}
    counts = dict.fromkeys(keys, 0)
    longest = c["header_max"] * 2  # a longer line cannot squeeze to a header
    for i, k in enumerate(kinds):
        if k == _TEXT and lines[i][1] - lines[i][0] <= longest:
            key = _squeeze_line(text[slice(*lines[i])])
            if key in counts:
                counts[key] += 1
    for j in candidates:
        if counts[_squeeze_line(text[slice(*lines[j])])] >= c["header_repeats"]:
            kinds[j] = _DROP


def _wrap_width(text: str, lines, kinds, c) -> int:
    """The width of a hard-wrapped text (rule ``join.wrapped``: a PDF's text layer, where most lines are
    filled to the same width), 0 for any other text."""
    w = c["wrapped"]
    lengths: dict[int, int] = {}
    count = 0
    for (s, e), k in zip(lines, kinds):
        if k == _TEXT and text[s:e].lstrip()[:1] not in ("|", "#", "<"):
            n = len(text[s:e].rstrip())
            if n >= c["min_prev"]:
                lengths[n] = lengths.get(n, 0) + 1
                count += 1
    if count < w["min_lines"]:
        return 0
    width = max(lengths, key=lambda n: (lengths.get(n - 1, 0) + lengths[n] + lengths.get(n + 1, 0), n))
    near = lengths.get(width - 1, 0) + lengths[width] + lengths.get(width + 1, 0)
    return width if width <= w["max_width"] and near >= w["min_share"] * count else 0


def _joins(prev: str, nxt: str, c, width: int = 0, continued: bool = False, numbered: bool = False) -> bool | None:
    """Whether the line ``prev`` continues on the line ``nxt`` (``width``: of a hard-wrapped text, whose
    filled lines continue whatever their last character, unless the next line is indented; ``continued``:
    ``prev`` itself continues the line before it, so it is no title; ``numbered``: ``nxt`` opens with an item's
    number followed by a space, in a list of such lines, a new block as ``block_start``)."""
    if width and len(prev.rstrip()) >= width - 1 and not c["indented"].match(nxt):
        prev = prev.replace("**", "").strip()
        nxt = nxt.lstrip().lstrip("*")
        title = (not continued and c["title_end"].search(prev) and not c["sentence"].search(prev)
                 and not c["title_goes_on"].match(nxt))
        inside = (c["open_end"].search(prev) or _open_bracket(prev)
                  or (c["mid_word"].search(prev) and c["label"].match(nxt)))
        if prev.startswith(("#", "|")) or title or not nxt or nxt.startswith(("<", "|")) or _next_row(prev, nxt, c):
            return False
        # a number or a label at the start of the next line: a new block, or a page's break in a run-in list (None:
        # kept, but joined where the inline numbering is looked for)
        return True if inside or not (numbered or c["new_block"].match(nxt)) else None
    if width and c["indented"].match(nxt):  # (a hard-wrapped text's paragraph starts with its indent)
        return False
    prev = prev.replace("**", "").strip()
    nxt = nxt.lstrip().lstrip("*")
    if len(prev) < c["min_prev"] or prev.startswith(("#", "|")):
        return False
    marker = c["new_block"].match(prev)  # "一、" is not running text
    if c["label"].match(prev) and prev[-1] not in "、，,：:（(—":  # a label line's unit list ends with its line
        return False
    body = prev[marker.end():] if marker else prev
    if not c["no_end"](prev) or not c["inner"].search(body) or c["title_end"].search(prev):
        return False
    return bool(nxt) and not numbered and not c["new_block"].match(nxt) and not _next_row(prev, nxt, c)


def numbered_lines(text: str, line_number, row_gap) -> dict[int, int]:
    """Line start -> where the space after its item's number starts (``number_spaces.line_number``): lines
    opening "N " with a line opening "N+1 " or "N-1 " too (a text layer's numbered items, not one line's "2 个"),
    the line before not ending in a digit (a hard-wrapped "…1\n00 鑫桥…" is one number cut by the page), nor a
    flattened table's row (``row_gap``: columns printed apart, "…压缩至 1 天以内 市市场监管 局 市政务服务中心…")."""
    found = {(m.start(), m.end(1)): int(m.group(1)) for m in line_number.finditer(text)
             if not text[max(0, m.start() - 2):m.start()].rstrip("\n\r")[-1:].isdigit()  # (no number cut by a line end)
             and not _table_row(text, m.end(1), row_gap)}
    if len(found) < 2:
        return {}
    numbers = set(found.values())
    return {line: pos for (line, pos), n in found.items() if n + 1 in numbers or n - 1 in numbers}


def _table_row(text: str, pos: int, row_gap) -> bool:
    """True when the line from ``pos`` holds two or more gaps between Chinese characters (a table's columns)."""
    end = text.find("\n", pos)
    gaps = row_gap.finditer(text, pos, len(text) if end < 0 else end)
    return next(gaps, None) is not None and next(gaps, None) is not None


def _open_bracket(line: str) -> bool:
    """True when ``line`` ends inside a round bracket ("…（责任" before "单位：…"): more opened than closed."""
    return line.count("（") + line.count("(") > line.count("）") + line.count(")")


def _next_row(prev: str, nxt: str, c) -> bool:
    """True when ``prev`` is a flattened table row "N …" and ``nxt`` starts row N+1."""
    a, b = c["row_number"].match(prev), c["row_number"].match(nxt)
    return bool(a and b) and int(b.group(1)) == int(a.group(1)) + 1


def join_edits(text: str, c, soft: list | None = None, numbered: dict | None = None) -> list[tuple[int, int, str]]:
    """Edits that join lines split in mid-sentence and drop page furniture.

    Between two consecutive text lines the whole gap (newlines, blank lines,
    page numbers, running headers) is deleted when the first continues on
    the second; otherwise only the dropped lines (with their newline) go.
    ``soft`` receives the gaps of a hard-wrapped text kept before a line that
    starts like a new block (the text joined there too is where inline numbering
    is looked for).  ``numbered``: the text's :func:`numbered_lines`, when the caller has them.
    """
    lines, kinds = _classify(text, c)
    notes = _footnotes(text, lines, kinds, c) if c["footnote"]["any"](text) else []
    width = _wrap_width(text, lines, kinds, c)
    if numbered is None:
        numbered = numbered_lines(text, c["line_number"], c["row_gap"])
    edits: list[tuple[int, int, str]] = []
    prev = None
    continued = False
    for i, (s, e) in enumerate(lines):
        kind = kinds[i]
        if kind == _TEXT:
            joined = (_joins(text[slice(*lines[prev])], text[s:e], c, width, continued, s in numbered)
                      if prev is not None else False)
            continued = bool(joined)
            if joined is None and soft is not None:
                soft.append((lines[prev][1], s, ""))
            if joined:
                ps, pe = lines[prev]
                while pe > ps and text[pe - 1] in " \t\u3000":
                    pe -= 1
                ns = s
                while ns < e and text[ns] in " \t\u3000":
                    ns += 1
                while edits and edits[-1][0] >= pe:
                    edits.pop()  # dropped lines inside the gap go with it
                edits.append((pe, ns, ""))
            prev = i
        elif kind == _DROP:
            edits.append((s, min(e + 1, len(text)), ""))
    return sorted(edits + notes) if notes else edits
