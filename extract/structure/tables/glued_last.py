"""Glued task tables whose department column is the last one and whose other
header cells are words of the document's own ("序号指标名称2020年完成值2025年目标值
责任单位养老方面1养老服务床位总量（张）25783000区社会事业局2…"; rule
``glued_last`` in ``tables.yaml``).

``glued_last_rows(text)`` finds such a table by 序号 and a header run that ends
with a department header word, the first row (1, after at most a group heading)
right after it; it cuts rows at the row numbers 1, 2, 3 … glued to their text
(numbering may restart at 1 after a group heading such as "托育方面" or
"二、托育项目"), and reads each row's units from its end: the names after the
row's last digit or sentence end, glued or separated by 、, every one a unit
(a group heading run in after them is left out).  A table the glued-table
reader knows (its header words) is left to it.  Returns
:class:`~extract.structure.tables.cells.TableRow` objects with spans into ``text``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_lists import names as unit_names
from extract.entities.unit_shape import is_unit_name as _is_unit
from extract.rules.loader import load_rules
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, table_rules
from extract.structure.tables.figures import row_targets
from extract.structure.tables.glued import _rules as _glued_rules, _table_end, glued_starts_at


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["glued_last"]
    words = "|".join(map(re.escape, sorted(r["dept_words"], key=len, reverse=True)))
    places = "|".join(map(re.escape, sorted(r["place_words"], key=len, reverse=True)))
    return {
        "header": re.compile(r["header"].replace("{dept}", words).replace("{place}", places)
                             .replace("{group}", r["group_heading"])),
        "group_tail": re.compile("(?:" + r["group_heading"] + ")$"),
        "boundary": re.compile(r["unit_boundary"]),
        "note": re.compile(r["note"] + "|" + r["total_row"]),
        "max_tail": int(r["max_tail"]),
        "after_units": r["row_after_units"],
        # sub-point references after the units ("区效能办（1-2）", assignments.yaml subpoint_ref) are no boundary
        "ref": re.compile(load_rules("assignments.yaml")["subpoint_ref"]["pattern"]),
    }


def glued_last_rows(text: str) -> list[TableRow]:
    """Rows of glued tables whose department column is the last (see module doc)."""
    if "序号" not in text:
        return []
    out: list[TableRow] = []
    for m in _rules()["header"].finditer(text):
        if glued_starts_at(text, m.start()):
            continue
        role = header_role(m["dept"])
        role = role if role in DEPT_ROLES else "responsible"
        end = _table_end(text, m.end())
        nxt = text.find("序号", m.end(), end)  # the next table's header ends this one
        end = nxt if nxt != -1 else end
        starts = _starts(text, m.end(), end, int(m["first"]))
        header = ["序号", m["cols"], m["dept"]]
        for k, (n, num_at, body) in enumerate(starts):
            row_end = starts[k + 1][1] if k + 1 < len(starts) else end
            row = _row(text, n, num_at, body, row_end, role, header, bool(m["place"]))
            if row is not None:
                out.append(row)
    return out


def _starts(text: str, start: int, end: int, first: int = 1) -> list[tuple[int, int, int]]:
    """(number, its start, the row text's start) of rows ``first``, ``first`` + 1 … (a table may go
    on from an earlier list: 98, 99 …); 1 again after a group heading."""
    rx = _glued_rules()["row_number_spaced"]
    out: list[tuple[int, int, int]] = []
    n, last, dotted = first, start, None
    for m in rx.finditer(text, start, end):
        v = int(m.group().rstrip(".．"))
        is_dotted = m.group()[-1] in ".．"
        if dotted is not None and is_dotted != dotted:
            continue  # "1.设置…" points inside a row numbered "1土地…"
        restart = v == 1 and out and _rules()["group_tail"].search(text, max(last, m.start() - 12), m.start())
        if v == n + 1 and out and not dotted:  # row n glued to its figure: "…区社会事业局1065岁…"
            n, last = _glued_row(text, last, m.start(), n, out)
        if v == n or restart:
            dotted = is_dotted
            out.append((v, m.start(), m.end()))
            n, last = v + 1, m.end()
    if out and not dotted:
        _glued_row(text, last, end, n, out)
    return out


def _glued_row(text: str, start: int, end: int, n: int, out: list) -> tuple[int, int]:
    """Row ``n`` glued to the figure that opens it, right after the units of the row before it
    in ``text[start:end]`` (rule row_after_units), added to ``out``: the next (n, last)."""
    m = _after_units(n).search(text, start, end)
    if m is None:
        return n, start
    out.append((n, m.start(), m.end()))
    return n + 1, m.end()


def _row(text: str, n: int, num_at: int, body: int, end: int, role: str, header: list[str],
         place: bool = False) -> Optional[TableRow]:
    r = _rules()
    note = r["note"].search(text, body, end)
    end = note.start() if note else end
    while end > body and text[end - 1].isspace():
        end -= 1
    lo = max(body, end - r["max_tail"])
    refs = [m.span() for m in r["ref"].finditer(text, lo, end)]
    cut = max((b.end() for b in r["boundary"].finditer(text, lo, end)
               if not any(a <= b.start() < z for a, z in refs)), default=None)
    if cut is None or cut <= body:
        return None
    units_end = _units_end(text, cut, end)
    if units_end is None:
        return None
    figures_end = cut  # the figure cells end where the location cell (or the units) start
    if place:  # the location cell glued before the units (rule place_words) is no unit
        cut = _after_place(text, cut, units_end)
        if cut is None:
            return None
    cells = {"number": Cell(str(n), (num_at, num_at + len(str(n)))),
             "task": Cell(text[body:cut].strip(), (body, cut)),
             role: Cell(text[cut:units_end], (cut, units_end))}
    return TableRow(number=str(n), cells=cells, span=(num_at, end), header=header,
                    targets=row_targets(text[body:figures_end], body, header[1]))  # its figure cells (rule figure_columns)


def _units_end(text: str, start: int, end: int) -> Optional[int]:
    """End of the longest run from ``start`` that is only unit names, with at most a short
    group heading after it ("区社会事业局托育方面"); None when there is none."""
    for e in range(end, start + 1, -1):
        names = unit_names(text[start:e], start)
        if names and all(_is_unit(x) for x, _ in names):
            rest = text[e:end]
            if e == end or _rules()["group_tail"].fullmatch(rest):
                return e
    return None


def _after_place(text: str, start: int, end: int) -> Optional[int]:
    """Where the units start after the location cell that opens ``text[start:end]``: after
    its shortest opening that is a unit, when units follow it; None when none do."""
    while start < end and text[start].isspace():
        start += 1
    for k in range(start + 2, end - 1):
        if _is_unit(text[start:k]):
            names = unit_names(text[k:end], k)
            if names and all(_is_unit(x) for x, _ in names):
                return k
    return None



@lru_cache(maxsize=64)
def _after_units(n: int) -> re.Pattern:
    return re.compile(_rules()["after_units"] + str(n) + "(?=[0-9])")
