"""Task tables a crawler flattened into running text with single spaces between cells, whose header
has no 序号 column and may have several department columns: "工 作 任 务 党工委管委会牵头部门 本局责任处
（单位） 工　作　要　求 一、… （一）… 1.全面公开…清单 区行政审批局 综合处牵头，各处、单位配合落实 通过…更新。
2.…" (rule ``spaced_table: bare`` in ``tables.yaml``).

``spaced_bare_rows(text)`` finds such a header from its department header cells: the space-separated
cells around one (letters spaced out one by one, "工 作 任 务", joined back), every one a known header
cell (``header_roles`` or the glued-table ``header_words``), at least ``min_header`` of them, one a task
column and one or more department columns.  Rows are cut at the row numbers 1, 2, 3 … after a space ("1.", "1、" or "1 "
before the row's text; 1 again after a group heading).  In a row, after the task cell (its first token), the first run of
unit tokens is the row's department cells: tokens that are unit names ("区办公室、区经济发展局"), a
bracket after a unit ("区党工委管委会办公室 （政策法规处）"), or a cell stating roles in words
(``role_cell``: "综合处牵头，各处、单位配合落实", "牵头落实" after the units it belongs to).  Bare unit
tokens take the role of the department column they stand in (the first until a role-stating cell has
been passed); a role-stating cell keeps its words (``parse_cell``).  A row with no unit token shares the
department cells of the row above (a merged cell).  Returns
:class:`~extract.structure.tables.cells.TableRow` objects (``inline`` set) with spans into ``text``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, table_rules
from extract.structure.tables.glued import glued_starts_at
from extract.structure.tables.spaced import _rules as _spaced_rules, _unit_token, numbered_starts


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["spaced_table"]["bare"]
    return {
        # a department header cell: a whole token (a bracketed note may follow it: 本局责任处（单位）)
        "anchor": re.compile(r"(?:" + r["dept_header"] + r")(?:[（(][^（）()\s]{0,8}[）)])?(?=\s)"),
        "role_cell": re.compile(r["role_cell"]),
        "role_only": re.compile(r["role_only"]),
        "min_header": int(r["min_header"]),
        "max_cells": int(r["max_cells"]),
        "max_before": int(r["max_before"]),
        "max_row": int(table_rules()["spaced_table"]["max_row"]),
        "words": frozenset(table_rules()["glued_table"]["header_words"]),
        "token": re.compile(r"\S+"),
        "bracket": re.compile(r"[（(][^（）()\s]{1,16}[）)]"),
        "row_number": re.compile(r["row_number"]),
        "group": re.compile(table_rules()["spaced_table"]["group_heading"]),
    }


def _cell_role(cell: str) -> Optional[str]:
    """The role of a header cell ("known" for a header word without a role), or None."""
    role = header_role(cell)
    return role or ("known" if re.sub(r"[（(][^（）()]*[）)]", "", cell) in _rules()["words"] else None)


def _header_cells(text: str, at: int) -> Optional[tuple[int, int, list[str], list[Optional[str]]]]:
    """(start, end, cells, roles) of the spaced header around the header cell at ``at``, or None."""
    r = _rules()
    lo, hi = max(0, at - 120), min(len(text), at + 120)
    line_start = text.rfind("\n", lo, at) + 1 or lo
    toks = [(m.start(), m.end(), m.group()) for m in r["token"].finditer(text, max(lo, line_start), hi)]
    cells: list[tuple[int, int, str]] = []
    spaced = False  # the last cell is a run of letters spaced out one by one ("工 作 任 务")
    for s, e, t in toks:
        if spaced and len(t) == 1:
            cells[-1] = (cells[-1][0], e, cells[-1][2] + t)
        else:
            cells.append((s, e, t))
            spaced = len(t) == 1
    k = next((i for i, c in enumerate(cells) if c[0] <= at < c[1]), None)
    if k is None or _cell_role(cells[k][2]) is None:
        return None
    i = j = k
    while i > 0 and k - i < r["max_cells"] and _cell_role(cells[i - 1][2]):
        i -= 1
    while j + 1 < len(cells) and j - i < r["max_cells"] and _cell_role(cells[j + 1][2]):
        j += 1
    run = cells[i:j + 1]
    roles = [_cell_role(c[2]) for c in run]
    if len(run) < r["min_header"] or "task" not in roles or not any(x in DEPT_ROLES for x in roles):
        return None
    return run[0][0], run[-1][1], [c[2] for c in run], roles


def spaced_bare_rows(text: str) -> list[TableRow]:
    """Rows of spaced tables without a 序号 header cell (see module doc)."""
    r = _rules()
    out: list[TableRow] = []
    done = -1
    for m in r["anchor"].finditer(text):
        if m.start() < done:
            continue
        head = _header_cells(text, m.start())
        if head is None:
            continue
        start, end, cells, roles = head
        done = end
        if sum(x in DEPT_ROLES for x in roles) == 1 and (glued_starts_at(text, start)
                                                         or _spaced_rules()["header"].match(text, start)):
            continue  # a header with 序号 and one department column: the glued or the spaced-table reader's
        depts = [x for x in roles if x in DEPT_ROLES]
        starts = _starts(text, end, len(text))
        line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        if not starts or (not text[line_start:start].strip()
                          and not text[end:len(text) if line_end < 0 else line_end].strip()):
            continue  # a header line of its own: the flat-table reader's
        rows, own, stated = _rows(text, starts, depts, cells, spread=False)
        if not stated:  # no cell states roles in words: bare cells stand one per department column
            rows, own, _ = _rows(text, starts, depts, cells, spread=True)
        if rows and own * 2 >= len(rows):  # most rows name their own units: the table is read
            out.extend(rows)
            done = rows[-1].span[1]
    return out


def _rows(text: str, starts, depts: list[str], header: list[str], spread: bool) -> tuple[list[TableRow], int, bool]:
    """(rows, how many name units of their own, whether any cell states roles) of one table."""
    r = _rules()
    above: dict[str, Cell] = {}
    rows, own, stated = [], 0, False
    for k, (n, num_at, body) in enumerate(starts):
        row_end = starts[k + 1][1] if k + 1 < len(starts) else min(len(text), body + r["max_row"])
        got = _row(text, n, num_at, body, row_end, depts, header, above, spread)
        if got is not None:
            row, says = got
            stated = stated or says
            own += any(c.span[0] >= body for key, c in row.cells.items() if key.split(":")[0] in DEPT_ROLES)
            above = {key: c for key, c in row.cells.items() if key.split(":")[0] in DEPT_ROLES}
            rows.append(row)
    return rows, own, stated


def _starts(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(number, its start, the row text's start) of rows 1, 2, 3 … (rule ``row_number``: a number
    after a space, "1.", "1、" or "1 " before the row's text), or 1 again after a group heading."""
    r = _rules()
    return numbered_starts(r["row_number"], r["group"], text, start, end, r["max_row"])


def _row(text: str, n: int, num_at: int, body: int, end: int, depts: list[str], header: list[str],
         above: dict[str, Cell], spread: bool) -> Optional[tuple[TableRow, bool]]:
    """One row (and whether a cell of it states roles): the task cell (first token), the department
    cells (first run of unit tokens), the rest.  ``spread``: bare cells stand one per department
    column, in order; else they share the column they stand in until a role-stating cell is passed."""
    r = _rules()
    if end - body > r["max_row"]:
        return None
    toks = [(t.start(), t.end(), t.group()) for t in r["token"].finditer(text, body, end)]
    if not toks:
        return None
    groups: list[list] = []  # [start, end, stated] per department cell
    before = 0
    for s, e, tok in toks[1:]:
        stated = bool(r["role_cell"].fullmatch(tok))
        if groups and (r["bracket"].fullmatch(tok) or r["role_only"].fullmatch(tok)) and not groups[-1][2]:
            groups[-1][1] = e  # a bracket or a role word the space cut off its units
            groups[-1][2] = bool(r["role_only"].fullmatch(tok))
            continue
        if stated or _unit_token(tok):
            groups.append([s, e, stated])
            continue
        if groups:
            break
        before += 1
        if before > r["max_before"]:
            break
    task_end = groups[0][0] if groups else toks[0][1]
    cells = {"number": Cell(str(n), (num_at, num_at + len(str(n)))),
             "task": Cell(text[body:task_end].strip(), (body, task_end))}
    col, used = 0, set()
    for s, e, stated in groups:
        if (stated and col in used) or (not stated and used and col in used and (spread or _prev_stated(groups, s))):
            col += 1
        used.add(col)
        role = depts[min(col, len(depts) - 1)]
        key = role
        while key in cells:
            key = f"{role}:{len(cells)}"
        cells[key] = Cell(text[s:e], (s, e))
    if not groups:
        cells.update(above)  # a merged cell: the units of the row above
    last = groups[-1][1] if groups else toks[0][1]
    if last < end and text[last:end].strip():
        cells["detail"] = Cell(text[last:end].strip(), (last, end))
    return (TableRow(number=str(n), cells=cells, span=(num_at, end), header=header, inline=True),
            any(g[2] for g in groups))


def _prev_stated(groups: list[list], s: int) -> bool:
    """Whether the department cell just before the one at ``s`` states its roles."""
    prev = [g for g in groups if g[0] < s]
    return bool(prev) and prev[-1][2]
