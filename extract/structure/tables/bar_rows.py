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
    if not head or roles[0] != "number" or not any(r in DEPT_ROLES or r == "combined" for r in roles):
        return []
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
    groups = [_sub_rows(cells[s:(starts[j + 1] if j + 1 < len(starts) else len(cells))], len(roles))
              for j, s in enumerate(starts)]
    if "task" not in roles:
        roles = _task_by_content(roles, [group[0] for group in groups])
        if "task" not in roles:
            return []
    roles = _dedupe(roles)
    out: list[TableRow] = []
    above: dict[str, Cell] = {}
    for group in groups:
        for index, row in enumerate(group):
            built = _row(row, roles, above, names, sub=index > 0)
            if built is not None:
                above = dict(built.cells)
                _combined(built)
                out.append(built)
    return out


def _sub_rows(seg: list[tuple[Cell, bool]], n: int) -> list[list[Cell]]:
    """A numbered row printed one row a line, split into the sub-rows under its spanned cells: the lines after the
    first ``n`` cells, each printing fewer than ``n`` cells (the spanned ones left out, or left as empty cells
    "| ||||"), are sub-rows (each led by the row's number cell); else the row as it is."""
    row = [c for c, _ in seg]
    lines: list[list[Cell]] = []
    for cell, first in seg:
        if first or not lines:
            lines.append([])
        lines[-1].append(cell)
    if len(row) <= n or len(lines[0]) < 2:
        return [row]
    main: list[Cell] = []
    i = 0
    while i < len(lines) and len(main) < n:
        main += lines[i]
        i += 1
    subs = [[c for c in line if c.text] for line in lines[i:]]
    if len(main) != n or not subs or any(not 0 < len(sub) < n - 1 for sub in subs):
        return [row]
    return [main] + [[main[0], *sub] for sub in subs]


def _row(row: list[Cell], roles: list[Optional[str]], above: dict[str, Cell], names: list[str],
         sub: bool = False) -> Optional[TableRow]:
    own = _place_last(row, roles) if sub else _place(row, roles)
    if own is None:
        return None
    for key in [k for k in own if k in DEPT_ROLES or k == "combined"]:
        own[key] = _without_tail(own[key])
    return build_row(own, above, None, (row[0].span[0], row[-1].span[1]), names)


def _combined(built: TableRow) -> None:
    if "combined" in built.cells:
        combined = built.cells.pop("combined")
        lead = built.cells.get("lead")
        key = "participants" if lead is not None and lead.text else "responsible"
        built.cells[key if key not in built.cells else f"{key}:2"] = combined


def _task_by_content(roles: list[Optional[str]], rows: list[list[Cell]]) -> list[Optional[str]]:
    """A header with unit columns but none of tasks ("工作 责任组 | 责任 单位 | 月度目标要求"): the first column of no
    role whose cells, in the rows that print every cell, are mostly sentences (rule ``bar_table.task_by_content``)
    is the task column."""
    rule = table_rules()["bar_table"]["task_by_content"]
    full = [row for row in rows if len(row) == len(roles)]
    if len(full) < rule["min_rows"]:
        return roles
    for c, role in enumerate(roles):
        if role is not None or c == 0:
            continue
        long = sum(1 for row in full if len(row[c].text) >= rule["min_chars"] and _kind(row[c].text) == "text")
        if long / len(full) >= rule["min_share"]:
            return [*roles[:c], "task", *roles[c + 1:]]
    return roles


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


def _place_last(row: list[Cell], roles: list[Optional[str]]) -> Optional[dict[str, Cell]]:
    """A sub-row's cells (after its row's number cell) by role: in the last columns that take their kinds, the
    columns before them spanned (they inherit the row above); None when no such columns are there."""
    cells = row[1:]
    for start in range(len(roles) - len(cells), 0, -1):
        own: dict[str, Cell] = {"number": row[0]}
        col = start
        for cell in cells:
            kind = _kind(cell.text)
            while col < len(roles) and not _takes(roles[col], kind):
                col += 1
            if col >= len(roles):
                break
            if roles[col]:
                own[roles[col]] = cell
            col += 1
        else:
            return own
    return None


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
