"""Assignment tables flattened to plain lines (pypdf output, copy-paste).

Two layouts are recognised, both starting with a header whose cells all map
to roles, the first being the number (序号) column:

* one cell per line: ``序号\\n重点任务\\n牵头单位\\n配合单位`` then rows
  ``1\\n任务…\\n市发改委\\n市科技局、市工信局``;
* one row per line: ``序号 重点任务 牵头单位 配合单位`` then
  ``1 任务… 市发改委 市科技局、市工信局``.

A row starts at a line whose first token is the next bare number (1, 2, …)
and runs to the next such line.  Its pieces (whitespace-separated tokens of
its lines, number excluded) are placed in the header's columns by a small
dynamic programme: adjacent pieces may be glued into one cell (wrapped
cells), columns may be skipped (merged cells: they inherit the row above),
and each placement is scored by content — department lists (ending with
局/委/办/部/厅/单位/政府…) belong in lead/participants/responsible columns,
time limits in the deadline column, long sentences in the task column, short
labels in the category column.  When a row has one department cell but two
department columns, the cell goes to the later column (participants) and
the lead is inherited: a lead unit spans several tasks far more often than a
participant list does.  Costs live in ``rules/tables.yaml`` (``cost``).

The table ends at a blank line not followed by the next row or a repeated
header, or at a section heading not followed by the next row.  The last row
keeps at most one line per column (one line in the one-row-per-line layout)
and stops before a sentence that follows a department cell.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from extract.structure.tables.cells import (DEPT_ROLES, Cell, TableRow, build_row, header_role,
                                            is_ditto, looks_like_deadline, looks_like_departments,
                                            table_rules)

_TOKEN = re.compile(r"\S+")
_BARE_NUMBER = re.compile(r"(\d{1,3})[.、．]?")
_GLUED_NUMBER = re.compile(r"(\d{1,3})(?=[\u4e00-\u9fff])")
_WRAP = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_MAX_PIECES = 80

Line = list[Cell]


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """(candidate header-line regex, section heading regex), compiled once."""
    rules = table_rules()
    number = next(rule["pattern"] for rule in rules["header_roles"] if rule["role"] == "number")
    candidate = re.compile(rf"^[ \t\u3000]*(?:{number})[ \t\u3000]*$|^[ \t\u3000]*(?:{number})[ \t\u3000]", re.M)
    return candidate, re.compile(rules["section_heading"]["pattern"])


def flat_table_rows(text: str) -> list[TableRow]:
    """Rows of all flattened tables in ``text`` (pipe-table lines are ignored)."""
    rows: list[TableRow] = []
    resume = 0
    for match in _patterns()[0].finditer(text):
        if match.start() < resume:
            continue
        header = _read_header(text, match.start())
        if header is None:
            continue
        cells, inline, body = header
        found, resume = _read_rows(text, body, cells, inline)
        rows.extend(found)
    return rows


@functools.lru_cache(maxsize=1)
def _repairs() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(dept-name fragment, glued-deadline cut, CJK space) regexes, compiled once."""
    rules = table_rules()
    return tuple(re.compile(rules[key]["pattern"]) for key in ("dept_fragment", "glued_deadline", "cjk_space"))


def is_dept_fragment(piece: str) -> bool:
    """True for a piece that starts a department name broken by a space
    ("市市场监管" before "局"); a complete unit ("市科技局") is none."""
    return bool(_repairs()[0].search(piece)) and not looks_like_departments(piece)


def unwrap(cell_text: str) -> str:
    """A text cell without the spaces a wrapped line left between Chinese
    characters ("通关时间 压缩到" → "通关时间压缩到"; "5G 网络" stays)."""
    return _repairs()[2].sub("", cell_text)


def split_glued(piece: Cell) -> list[Cell]:
    """``piece`` cut where a unit runs into a year ("市商务局2026年9月")."""
    match = _repairs()[1].search(piece.text)
    if match is None:
        return [piece]
    cut, start = match.start(), piece.span[0]
    return [Cell(piece.text[:cut], (start, start + cut)), Cell(piece.text[cut:], (start + cut, piece.span[1]))]


def _lines(text: str, pos: int):
    """Yield (pieces, next line start) for each line from ``pos`` on."""
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        pieces = [part for m in _TOKEN.finditer(text, pos, end) for part in split_glued(Cell(m.group(), m.span()))]
        yield pieces, end + 1
        pos = end + 1


def _read_header(text: str, pos: int) -> Optional[tuple[Line, bool, int]]:
    """Parse a header run at ``pos``: (header cells, one-row-per-line?, body start)."""
    cells: Line = []
    inline, body, blanks = False, pos, 0
    for pieces, following in _lines(text, pos):
        if not pieces:
            blanks += 1
            if blanks > 1:
                break
            continue
        if pieces[0].text.startswith("|"):
            break
        if cells and not header_role(pieces[0].text) and header_role(cells[-1].text + pieces[0].text):
            # a header cell wrapped over two lines ("序\n号 重点工作 …")
            cells[-1] = Cell(cells[-1].text + pieces[0].text, (cells[-1].span[0], pieces[0].span[1]))
            pieces = pieces[1:]
        if not all(header_role(p.text) for p in pieces):
            break
        cells.extend(pieces)
        inline = inline or len(pieces) > 1
        body, blanks = following, 0
    roles = [header_role(cell.text) for cell in cells]
    if (len(roles) < 3 or roles[0] != "number" or "task" not in roles or len(set(roles)) != len(roles)
            or not any(role in DEPT_ROLES for role in roles)):
        return None
    return cells, inline, body


def _bare_number(pieces: Line) -> Optional[int]:
    """The row number when the line starts with a bare number token."""
    match = _BARE_NUMBER.fullmatch(pieces[0].text) if pieces else None
    return int(match.group(1)) if match else None


def _split_glued_number(pieces: Line, expected: Optional[int]) -> Line:
    """A line whose first token is the expected row number glued to the task
    ("1推行…", the space removed with conversion damage) as two pieces."""
    match = _GLUED_NUMBER.match(pieces[0].text) if pieces else None
    if match is None or int(match.group(1)) != (expected or 1):
        return pieces
    first, cut = pieces[0], match.end(1)
    return [Cell(first.text[:cut], (first.span[0], first.span[0] + cut)),
            Cell(first.text[cut:], (first.span[0] + cut, first.span[1])), *pieces[1:]]


def _read_rows(text: str, pos: int, header: Line, inline: bool) -> tuple[list[TableRow], int]:
    """Rows of one table whose body starts at ``pos``; also the end position."""
    heading_re = _patterns()[1]
    names = [cell.text for cell in header]
    blocks: list[tuple[Optional[Cell], list[Line]]] = []
    expected, blank, group, end = None, False, None, pos
    lines = _LazyLines(text, pos)
    index = 0
    while lines.has(index):
        pieces, following = lines[index]
        pieces = _split_glued_number(pieces, expected)
        number = _bare_number(pieces)
        if not pieces:
            blank = True
        elif _is_header_repeat(lines, index, names):
            index += _header_length(lines, index, len(names))
            blank = False
            continue
        elif number is not None and (expected is None or number == expected):
            blocks.append((group, [pieces]))
            group, expected, blank = None, number + 1, False
        elif heading_re.match(pieces[0].text):
            following_number = _next_number(lines, index + 1)
            if following_number is None or expected not in (None, following_number):
                break
            group = Cell(text[pieces[0].span[0]:pieces[-1].span[1]], (pieces[0].span[0], pieces[-1].span[1]))
        elif blocks and not blank and sum(map(len, blocks[-1][1])) < _MAX_PIECES:
            blocks[-1][1].append(pieces)
        else:
            break
        end = following
        index += 1
    if blocks:
        blocks[-1] = (blocks[-1][0], _trim_last(blocks[-1][1], len(header), inline))
    return _assemble(text, blocks, header), end


class _LazyLines:
    """Lines of ``text`` from ``pos`` on, split into pieces only when asked."""

    def __init__(self, text: str, pos: int) -> None:
        self._source = _lines(text, pos)
        self._items: list[tuple[Line, int]] = []

    def has(self, index: int) -> bool:
        """True when line ``index`` exists (reads lines up to it)."""
        while len(self._items) <= index:
            item = next(self._source, None)
            if item is None:
                return False
            self._items.append(item)
        return True

    def __getitem__(self, index: int) -> tuple[Line, int]:
        self.has(index)
        return self._items[index]

    def window(self, index: int, size: int) -> list[tuple[Line, int]]:
        """Up to ``size`` lines starting at ``index``."""
        self.has(index + size - 1)
        return self._items[index : index + size]


def _next_number(lines, index: int) -> Optional[int]:
    """Row number of the next non-blank line at or after ``index``."""
    for pieces, _ in lines.window(index, 3):
        if pieces:
            return _bare_number(pieces)
    return None


def _header_length(lines, index: int, size: int) -> int:
    """How many lines a repeated header of ``size`` cells occupies."""
    count, taken = 0, 0
    while taken < size and lines.has(index + count):
        taken += len(lines[index + count][0])
        count += 1
    return count


def _is_header_repeat(lines, index: int, names: list[str]) -> bool:
    """True when the header cells repeat from line ``index`` (a new page)."""
    first = lines[index][0]
    if not first or first[0].text != names[0]:
        return False
    found: list[str] = []
    for pieces, _ in lines.window(index, len(names) + 1):
        found.extend(piece.text for piece in pieces)
        if len(found) >= len(names):
            return found == names
    return False


def _trim_last(block: list[Line], columns: int, inline: bool) -> list[Line]:
    """Cut trailing prose off the last row of a table."""
    if inline:
        return block[:1]
    kept, count = [block[0]], len(block[0])
    for pieces in block[1:]:
        if count >= columns:
            break
        previous = " ".join(piece.text for piece in kept[-1])
        joined = " ".join(piece.text for piece in pieces)
        if looks_like_departments(previous) and not (
            looks_like_departments(joined) or looks_like_deadline(joined) or len(joined) <= 12
        ):
            break
        kept.append(pieces)
        count += len(pieces)
    return kept


def _assemble(text: str, blocks, header: Line) -> list[TableRow]:
    """Turn row blocks into TableRows (cell placement + inheritance)."""
    roles = [header_role(cell.text) for cell in header]
    names = [cell.text for cell in header]
    rows: list[TableRow] = []
    above: dict[str, Cell] = {}
    group: Optional[Cell] = None
    for block_group, block in blocks:
        if block_group is not None:
            group, above = block_group, {}
        pieces = [piece for line in block for piece in line]
        own = {"number": pieces[0]}
        placed = _place(text, pieces[1:], roles[1:], above)
        if placed is None:
            continue
        own.update(placed)
        span = (pieces[0].span[0], pieces[-1].span[1])
        row = build_row(own, above, group, span, names)
        if row is not None:
            rows.append(row)
            above = row.cells
    return rows


def _place(text: str, pieces: Line, roles: list[str], above: dict) -> Optional[dict[str, Cell]]:
    """Best placement of ``pieces`` into columns ``roles`` (see module doc)."""
    if len(pieces) > _MAX_PIECES:
        return None
    cost = table_rules()["cost"]
    m, k = len(pieces), len(roles)
    inf = float("inf")
    best = [[inf] * (k + 1) for _ in range(m + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    fragment = [is_dept_fragment(piece.text) for piece in pieces]
    for j in range(k):
        skip = cost["skip"][roles[j]] + (0 if roles[j] in above else cost["skip_without_above"])
        for i in range(m + 1):
            if best[i][j] == inf:
                continue
            _relax(best, back, i, j + 1, best[i][j] + skip, (i, j))
            glue = 0.0
            for stop in range(i + 1, m + 1):
                if stop - 1 > i:  # pieces[stop - 2] is glued to pieces[stop - 1]
                    glue += cost["fragment_join"] if fragment[stop - 2] else cost["join"]
                value = best[i][j] + glue + _compat(roles[j], text, pieces[i:stop])
                _relax(best, back, stop, j + 1, value, (i, j))
    if best[m][k] == inf:
        return None
    placed: dict[str, Cell] = {}
    i, j = m, k
    while j > 0:
        pi, pj = back[(i, j)]
        if pi < i:
            placed[roles[pj]] = _join(text, pieces[pi:i])
        i, j = pi, pj
    return placed


def _relax(best, back, i: int, j: int, value: float, origin: tuple[int, int]) -> None:
    """Keep the cheaper way to reach state (i, j); ties keep the first."""
    if value < best[i][j] - 1e-9:
        best[i][j] = value
        back[(i, j)] = origin


def _join(text: str, pieces: Line) -> Cell:
    """One cell from adjacent pieces: the source slice with line wraps removed."""
    start, end = pieces[0].span[0], pieces[-1].span[1]
    return Cell(_WRAP.sub("", text[start:end]), (start, end))


def _compat(role: str, text: str, pieces: Line) -> float:
    """Cost of the cell made of ``pieces`` in a column of ``role``."""
    cost = table_rules()["cost"]
    value = _join(text, pieces).text
    kind = _kind(value)
    if kind == "dept" and not all(_list_part(piece.text) or is_dept_fragment(piece.text) for piece in pieces[:-1]):
        kind = "short" if len(value) <= 12 else "text"  # 提升能力 + 市科技局 is no list
    extra = cost["lead_list"] if role == "lead" and kind == "dept" and "、" in value else 0.0
    return cost["compat"][role][kind] + extra


def _list_part(value: str) -> bool:
    """True for a piece that can start a wrapped department list."""
    return value.endswith(("、", "，", ",", "；", ";")) or looks_like_departments(value)


def _kind(value: str) -> str:
    """Content kind of a cell: ditto, dept, deadline, short or text."""
    if is_ditto(value):
        return "ditto"
    if len(value.strip()) < 2:
        return "short"  # "局" alone is the tail of a broken name, not a unit
    if looks_like_departments(value):
        return "dept"
    if looks_like_deadline(value):
        return "deadline"
    return "short" if len(value) <= 12 else "text"
