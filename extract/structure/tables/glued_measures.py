"""Glued two-level task tables whose measures are numbered "N、" and end in a
time-limit cell glued to the unit cell ("序号主要工作任务具体工作措施完成时限主要责任单位
任务来源1推进生态文明建设 1、建立…领导小组3月区经发局区环土局 1、平潭…工作要点 2、…
会议2、制定…方案6月区环土局3、组织编制…12月区环土局…"; rule ``glued_measures`` in
``tables.yaml``).

``glued_measure_rows(text)`` finds such a table by 序号 and a header run in which a
time-limit word is followed by a department word (完成时限主要责任单位).  Each measure
ends where a time limit (3月, 12月, 全年 …) is followed by unit names only, up to a
line end, the next number or the text's end; it starts at the last "N、" before that
end that continues the measures' numbering (so the numbered lists of another column,
such as 任务来源, which restart at 1 in every group, are passed over).  Returns
:class:`~extract.structure.tables.cells.TableRow` objects with spans into ``text``:
``number``, ``task``, ``deadline`` and the unit cell under the role of the header's
department word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_lists import names as unit_names
from extract.entities.unit_shape import is_unit_name as _is_unit
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["glued_measures"]
    return {
        "header": re.compile(r["header"]),
        "deadline": re.compile(r["deadline"]),
        "units_end": re.compile(r["units_end"]),
        "marker": re.compile(r["marker"]),
        "max_units": int(r["max_units"]),
        "end": re.compile(r["table_end"]),
    }


def glued_measure_rows(text: str) -> list[TableRow]:
    """Rows of glued two-level tables of "N、" measures (see module doc)."""
    if "序号" not in text:
        return []
    out: list[TableRow] = []
    for h in _rules()["header"].finditer(text):
        role = header_role(h["dept"])
        role = role if role in DEPT_ROLES else "responsible"
        stop = _rules()["end"].search(text, h.end())
        end = stop.start() if stop else len(text)
        out.extend(_measures(text, h.end(), end, role, ["序号", h["cols"], h["dept"]]))
    return out


def _measures(text: str, start: int, end: int, role: str, header: list[str]) -> list[TableRow]:
    r = _rules()
    rows: list[TableRow] = []
    n, prev = 1, start
    for d in r["deadline"].finditer(text, start, end):
        if d.start() < prev:
            continue
        units_end = _units(text, d.end(), end)
        if units_end is None:
            continue
        marker = _marker(text, prev, d.start(), n)
        if marker is None:
            continue
        v, m_start, m_end = marker
        rows.append(TableRow(number=str(v), span=(m_start, units_end), header=header, cells={
            "number": Cell(str(v), (m_start, m_start + len(str(v)))),
            "task": Cell(text[m_end:d.start()].strip(), (m_end, d.start())),
            "deadline": Cell(d.group(), d.span()),
            role: Cell(text[d.end():units_end], (d.end(), units_end))}))
        n, prev = v + 1, units_end
    return rows


def _units(text: str, start: int, end: int) -> Optional[int]:
    """End of the unit names right after a time limit, up to a line end, a number or ``end``
    (the longest run of them: the next cell may be glued after it); None when no unit stands there."""
    r = _rules()
    stop = r["units_end"].search(text, start, min(end, start + r["max_units"]))
    e = stop.start() if stop else min(end, start + r["max_units"])
    if e == start + r["max_units"] and e < end:
        return None
    for k in range(e, start + 1, -1):  # the longest run of units: a source cell may be glued after it
        names = unit_names(text[start:k], start)
        if names and all(_is_unit(x) for x, _ in names):
            return k
    return None


def _marker(text: str, start: int, end: int, n: int) -> Optional[tuple[int, int, int]]:
    """The last "N、" in ``text[start:end]`` numbered ``n`` (else the last numbered more: a
    number skipped), where another column's list restarts at 1 in every group: (number,
    its start, its end)."""
    same = later = None
    for m in _rules()["marker"].finditer(text, start, end):
        v = int(m.group(1))
        if v == n:
            same = (v, m.start(), m.end())
        elif v > n:
            later = (v, m.start(), m.end())
    return same or later
