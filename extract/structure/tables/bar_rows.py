"""Task tables stored as bar-separated cells without a leading bar, as web page stores keep
them: one row per line ("1 | 做好… | 疾控处 | 长期推进 |") or one cell per line, each closed by
" |" ("序号 |\\n重点工作 |\\n责任单位 |\\n1 |\\n坚持… |\\n改革办 |").

``bar_table_rows(text)`` finds a header that opens with "序号 |" at a line start (rule
``bar_table`` in ``tables.yaml``), reads the cells of the run of bar lines that follows (a line
of bars only, "|" or "||", is an empty cell the store printed, not a cell), takes the header up
to the first row number, and cuts rows at the row numbers in sequence (the next integer, first
cell of its line; a table may start at any number: a progress report goes on from row 24).  A
row's cells are placed in the header's columns in order: when the row prints fewer cells than
the header has columns (a spanned cell printed once, a cell left empty), each cell goes to the
next column that takes its kind (unit lists, also with role words after them ("…等按职责分工落实",
rule ``role_tail``), to department columns, time limits to the deadline
column, other text to the others).  Roles come from ``header_roles`` (a column whose header maps
to none is kept only to hold its cells; a header repeated at a page break is no row's cells); a
"combined" column (配合/责任单位, 责任主体与协同单位)
takes part where the row has a lead, else it is responsible.  Spanned and ditto cells inherit the
row above (``build_row``).  Returns TableRows with spans into ``text``; none when there is no such
header with a task column and a department column.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, build_row, header_role, table_rules
from extract.structure.tables.cells import looks_like_deadline, looks_like_departments


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["bar_table"]
    return {"header": re.compile(r["header"], re.M), "number": re.compile(r["number"]),
            "max_lines": int(r["max_lines"]), "role_tail": re.compile(r["role_tail"]),
            "neutral_tail": re.compile(r["neutral_tail"])}


def bar_table_rows(text: str) -> list[TableRow]:
    """Rows of the bar-separated tables of ``text`` (see module doc)."""
    if "序" not in text or "|" not in text:
        return []  # (cheap look-ahead: no header can be there)
    out: list[TableRow] = []
    resume = 0
    for m in _rules()["header"].finditer(text):
        if m.start() < resume:
            continue
        cells, end = _cells(text, m.start())
        resume = end
        out.extend(_rows(cells))
    return out


def _cells(text: str, pos: int) -> tuple[list[tuple[Cell, bool]], int]:
    """(cell, first of its line) of the run of bar lines from ``pos``, and the run's end."""
    out: list[tuple[Cell, bool]] = []
    lines = 0
    while pos < len(text) and lines < _rules()["max_lines"]:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if "|" not in line:
            if line.strip():
                break
        else:
            first = True
            at = pos
            parts = line.split("|")
            inner = sum(1 for p in parts if p.strip()) >= 2  # a row per line: an empty cell between bars is a cell
            for k, part in enumerate(parts):
                value = part.strip()
                if value or (inner and 0 < k < len(parts) - 1 and not first):
                    start = at + (part.index(value) if value else 0)
                    out.append((Cell(value, (start, start + len(value))), first))
                    first = False
                at += len(part) + 1
        lines += 1
        pos = end + 1
    return out, min(pos, len(text))


def _rows(cells: list[tuple[Cell, bool]]) -> list[TableRow]:
    number = _rules()["number"]
    head = []
    k = 0
    while k < len(cells) and not number.fullmatch(cells[k][0].text):
        head.append(cells[k][0])
        k += 1
    names = [c.text for c in head]
    roles = [header_role(n) for n in names]
    if not head or roles[0] != "number" or "task" not in roles \
            or not any(r in DEPT_ROLES or r == "combined" for r in roles):
        return []
    roles = _dedupe(roles)
    starts = []
    expected = None
    repeats = set()  # cells of a header repeated at a page break
    for i in range(k, len(cells)):
        if cells[i][0].text == names[0] and [c.text for c, _ in cells[i:i + len(names)]] == names:
            repeats.update(range(i, i + len(names)))
    cells = [c for i, c in enumerate(cells) if i not in repeats]
    for i in range(k, len(cells)):
        cell, first = cells[i]
        if first and number.fullmatch(cell.text) and (expected is None or int(cell.text) == expected):
            starts.append(i)
            expected = int(cell.text) + 1
    out: list[TableRow] = []
    above: dict[str, Cell] = {}
    for j, s in enumerate(starts):
        e = starts[j + 1] if j + 1 < len(starts) else len(cells)
        row = [c for c, _ in cells[s:e]]
        own = _place(row, roles)
        if own is None:
            continue
        for key in [k for k in own if k in DEPT_ROLES or k == "combined"]:
            own[key] = _without_tail(own[key])
        span = (row[0].span[0], row[-1].span[1])
        built = build_row(own, above, None, span, names)
        if built is None:
            continue
        above = dict(built.cells)
        if "combined" in built.cells:
            combined = built.cells.pop("combined")
            lead = built.cells.get("lead")
            key = "participants" if lead is not None and lead.text else "responsible"
            built.cells[key if key not in built.cells else f"{key}:2"] = combined
        out.append(built)
    return out


def _dedupe(roles: list[Optional[str]]) -> list[Optional[str]]:
    """The first column of each role keeps it; a second task column is the ``detail``."""
    seen, out = set(), []
    for role in roles:
        if role == "task" and "task" in seen:
            role = "detail" if "detail" not in seen else None
        out.append(None if role in seen else role)
        seen.add(role)
    return out


def _place(row: list[Cell], roles: list[Optional[str]]) -> Optional[dict[str, Cell]]:
    """The row's cells by role: in order when it prints a cell per column, else each cell in the
    next column that takes its kind; None when a cell finds no column."""
    if len(row) == len(roles):
        return {r: c for r, c in zip(roles, row) if r}
    own: dict[str, Cell] = {"number": row[0]}
    col = 1
    for cell in row[1:]:
        kind = _kind(cell.text)
        while col < len(roles) and not _takes(roles[col], kind):
            col += 1
        if col >= len(roles):
            return None  # (a cell no column takes: the row is not read rather than misread)
        if roles[col]:
            own[roles[col]] = cell
        col += 1
    return own


def _without_tail(cell: Cell) -> Cell:
    """A unit cell without the role words that give no role ("…等按职责分工落实": rule ``neutral_tail``)."""
    m = _rules()["neutral_tail"].search(cell.text)
    if m is None or m.start() == 0:
        return cell
    return Cell(cell.text[:m.start()], (cell.span[0], cell.span[0] + m.start()))


def _kind(value: str) -> str:
    if looks_like_departments(value) or looks_like_departments(_rules()["role_tail"].sub("", value)):
        return "dept"
    if looks_like_deadline(value):
        return "deadline"
    return "text"


def _takes(role: Optional[str], kind: str) -> bool:
    if role in DEPT_ROLES or role == "combined":
        return kind == "dept"
    if role == "deadline":
        return kind == "deadline"
    return kind == "text"
