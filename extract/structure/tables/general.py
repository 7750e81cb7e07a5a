"""Flattened task tables of any glued shape, read by header and column inference (the fallback
for tables that no layout-specific reader of this package reads).

``general_table_rows(text, taken)`` finds a header: "序号" and, within ``general_table.max_head``
characters with no sentence punctuation, a department header word (``dept_words``) and the header
words that follow it (``trailing_words``), glued or spaced.  The header is cut into cells (at the
known words, then after each cell-ending noun: ``cell_end``) and each cell gets its role from
``header_roles`` (a cell holding a year, a bracketed measure unit or a count word (``count_column``:
任务数) and no role is a figure column).
The table is read only when it has a task column and its department columns come last (a time
limit or 备注 column may follow them).  Rows are cut at row markers in sequence, arabic (1, 2 …)
or Chinese (一, 二 …, glued or with 、), each right after the header, a total row (合计 12.17) or
the unit cell that ends the row before it; sub-rows "（一）（二）…" inside a row are rows of their
own, their numbering restarting in each row.  A row's unit cells are read from its end: a trailing
time limit dropped, then the longest run of unit names (``unit_lists.names``, each unit-shaped)
that starts after a sentence end, a figure or an opener word (``opener``); the run is split among
the department columns at the glued joint (no joiner) before the last column's units — or in two
equal halves when the same unit stands in both.  The task cell runs from the marker to the first
figure of the figure columns right after it (each figure a target of its column: the column's year
and measure unit, "="; a base column, 2020年完成值, gives none, a plan
column, 2016年计划完成投资, does; several figures only when spaces
part them), else to the units.  A row naming no unit is no row.  Tables that other readers read (``taken``
spans) are left to them.  Pure; bounded work per header.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_shape import is_unit_name
from extract.model import Target
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, looks_like_deadline, rows_at_headers, table_end
from extract.structure.tables.general_header import CN as _CN, header as _header, rules as _rules

def _numeral(n: int) -> str:
    """The Chinese numeral of 1 … 99 as printed in row markers (一, 十, 十一, 二十一)."""
    tens, ones = divmod(n, 10)
    return (("" if tens < 2 else _CN[tens - 1]) + ("十" if tens else "") + (_CN[ones - 1] if ones else "")) or "〇"


def general_table_rows(text: str, taken: list[tuple[int, int]] = ()) -> list[TableRow]:
    """Rows of glued task tables that no other reader read (see module doc); ``taken``: spans of
    the rows the other readers found (a table holding one of them is theirs)."""
    return rows_at_headers(text, lambda at: _table(text, at, taken))


def _table(text: str, at: int, taken) -> Optional[tuple[list[TableRow], int]]:
    r = _rules()
    head = _header(text, at)
    if head is None:
        return None
    cells, roles, body = head
    if any(at <= a < body + 200 for a, _ in taken):
        return [], body  # another reader read the table under this header (cheap look-ahead)
    end = table_end(text, body, r["table_end"], r["max_table"])
    if any(a < end and at < b for a, b in taken):
        return [], end  # another reader read this table
    pos = body
    while pos < end and text[pos] in " \u3000\n\t":
        pos += 1
    total = r["total_row"].match(text, pos, end)
    if total:
        pos = total.end()
        while pos < end and text[pos] in " \u3000\n\t":
            pos += 1
    if pos >= end:
        return None
    chinese = text[pos] == "一"
    if not chinese and not (text.startswith("1", pos) and not text[pos + 1:pos + 2].isdigit()):
        return None
    starts = _markers(text, pos, end, chinese, roles[-1] == "deadline")
    if starts:
        nxt = _numeral(len(starts) + 1) if chinese else str(len(starts) + 1)
        if re.search(r"\s*".join(nxt) + r"\s*[\u4e00-\u9fff]", text[starts[-1][2]:end]):
            end = starts.pop()[1]  # the numbering goes on where no marker was found: the last row's end is unknown
    if len(starts) < r["min_rows"]:
        return None
    rows: list[TableRow] = []
    for k, (label, m_at, m_end) in enumerate(starts):
        row_end = starts[k + 1][1] if k + 1 < len(starts) else end
        for sub in _subrows(text, label, m_at, m_end, row_end):
            row = _row(text, *sub, cells, roles)
            if row is not None:
                rows.append(row)
    return rows, end


def _deadline_ends(text: str, at: int, start: int) -> bool:
    """Whether a time limit ends right before ``at`` (the last cell of a row in a table whose
    time column comes last: "…市科技局2024年底前2完善…")."""
    return any(looks_like_deadline(text[at - k:at]) for k in range(2, min(16, at - start) + 1))


def _markers(text: str, pos: int, end: int, chinese: bool, timed: bool = False) -> list[tuple[str, int, int]]:
    """(label, start, end) of the top-level row markers 1, 2 … (or 一, 二 …) in sequence, each
    at ``pos`` or right after a unit name's or a role word's last character or a space (a Chinese
    marker also after a figure; with ``timed``, a table whose last column is a time limit, also right
    after a time limit)."""
    r = _rules()
    out = []
    n, at = 1, pos
    while at < end:
        label = _numeral(n) if chinese else str(n)
        i = text.find(label, at, end)
        while i != -1:
            before = text[i - 1] if i > pos else ""
            after = text[i + len(label): i + len(label) + 1]
            ok_before = i == pos or before in r["unit_end"] or before in r["role_end"] or before.isspace() \
                or (chinese and before.isdigit()) or (timed and _deadline_ends(text, i, pos))
            ok_after = (after not in _CN and not after.isdigit()) if after else False
            if ok_before and ok_after and not (chinese and before and before in "（("):
                break
            i = text.find(label, i + 1, end)
        if i == -1:
            break
        m_end = i + len(label)
        if text.startswith("、", m_end) or text.startswith(".", m_end) or text.startswith("．", m_end):
            m_end += 1
        out.append((label, i, m_end))
        n += 1
        at = m_end
    return out


def _subrows(text: str, label: str, m_at: int, m_end: int, end: int):
    """(label, marker start, body start, end) of a row and its sub-rows "（一）…（二）…" in sequence."""
    r = _rules()
    subs = []
    n = 1
    for m in r["sub_marker"].finditer(text, m_end, end):
        if m.group(1) == _numeral(n):
            subs.append(m)
            n += 1
    if not subs:
        return [(label, m_at, m_end, end)]
    out = [(label, m_at, m_end, subs[0].start())]
    for k, m in enumerate(subs):
        out.append((f"{label}.{k + 1}", m.start(), m.end(), subs[k + 1].start() if k + 1 < len(subs) else end))
    return out


def _row(text: str, label: str, m_at: int, body: int, end: int, cells: list[str],
         roles: list[Optional[str]]) -> Optional[TableRow]:
    r = _rules()
    while end > body and text[end - 1] in " \u3000\n\t":
        end -= 1
    units_end = end
    depts = [i for i, role in enumerate(roles) if role in DEPT_ROLES]
    if any(role == "deadline" for role in roles[depts[-1] + 1:]):
        cut = _deadline_start(text, body, end)
        if cut is None:
            return None
        units_end = cut
        while units_end > body and text[units_end - 1] in " \u3000\n\t":
            units_end -= 1
    chain = _chain(text, body, units_end)
    if chain is None:
        return None
    u0, parts = chain
    if len(parts) != 1 and len(parts) != len(depts):
        parts = [(parts[0][0], parts[-1][1])]
    row_cells: dict[str, Cell] = {"number": Cell(label, (m_at, body))}
    cols = depts[-len(parts):] if len(parts) < len(depts) else depts
    same = len(parts) == 2 and text[parts[0][0]:parts[0][1]] == text[parts[1][0]:parts[1][1]]
    for i, (a, b) in zip(cols, parts):
        if same and roles[i] != "lead" and any(roles[j] == "lead" for j in cols):
            continue  # the same unit in the lead column and another: it leads
        key = roles[i] if roles[i] not in row_cells else f"{roles[i]}:2"
        row_cells[key] = Cell(text[a:b], (a, b))
    targets: list[Target] = []
    task_end = u0
    t = roles.index("task")
    figs = []  # the figure columns right after the task (2024年 | 2025年 | 2026年, 目标值, 任务数)
    while t + 1 + len(figs) < len(roles) and roles[t + 1 + len(figs)] in ("figure", "target"):
        figs.append(t + 1 + len(figs))
    if figs:
        f = None
        for f in r["figure"].finditer(text, body, u0):  # the first figure that k - 1 spaced figures follow
            at, n = f.end(), 1
            while n < len(figs) and r["next_figure"].match(text, at, u0):
                at, n = r["next_figure"].match(text, at, u0).end(), n + 1
            if n == len(figs):
                break
        if f is not None and f.start() > body:
            task_end = f.start()
            found = [f.span()]
            for _ in figs[1:]:  # further figures only when spaces part them (a glued run has no one reading)
                m = r["next_figure"].match(text, found[-1][1], u0)
                if m is None:
                    break
                found.append(m.span(1))
            if len(found) == len(figs):
                targets = [_target(text, span, cells[j]) for span, j in zip(found, figs)
                           if not r["base"].search(cells[j]) or r["goal"].search(cells[j])]
            rest = found[-1][1]
            while rest < u0 and text[rest] in " \u3000":
                rest += 1
            if rest < u0:
                row_cells["detail"] = Cell(text[rest:u0].strip(), (rest, u0))
    task = text[body:task_end].strip()
    if not task:
        return None
    row_cells["task"] = Cell(task, (body, body + len(task)))
    return TableRow(number=label, cells=row_cells, span=(m_at, end), header=list(cells), inline=True,
                    targets=targets)


def _target(text: str, span: tuple[int, int], column: str) -> Target:
    """The figure at ``span`` as a target of its column: the column's year and bracketed measure unit, "="."""
    r = _rules()
    year = r["year"].search(column)
    unit = r["bracket"].search(column)
    value = text[span[0]:span[1]]
    return Target(indicator="", value=float(value), unit=unit.group(1) if unit else None, comparator="=",
                  text=value, span=span, value_text=value, year=int(year.group(1)) if year else None)


def _deadline_start(text: str, start: int, end: int) -> Optional[int]:
    """Start of the time limit that ends ``text[start:end]`` (rule glued_table.deadline_start)."""
    r = _rules()
    for i in range(max(start, end - 30), end):
        if r["deadline"].match(text, i, end):
            return i
    return None


def _chain(text: str, start: int, end: int) -> Optional[tuple[int, list[tuple[int, int]]]]:
    """(start of the row's unit run, the run's parts per department column) of ``text[start:end]``:
    two equal halves that are a unit, else the longest run of unit names that starts after a
    boundary or at an opener word, split at its last glued joint (no joiner) before a name."""
    r = _rules()
    for half in range(min((end - start) // 2, r["max_units"] // 2), 1, -1):
        a = end - 2 * half
        if text[a:end - half] == text[end - half:end] and _units(text, end - half, end):
            return a, [(a, end - half), (end - half, end)]
    lo = max(start, end - r["max_units"])
    for p in range(lo, end - 1):
        if not (p == start or r["boundary"].match(text, p - 1) or r["opener"].match(text, p)):
            continue
        found = _units(text, p, end)
        if found is None:
            continue
        joints = [b for (_, b), (c, _) in zip(found, found[1:]) if b == c]
        if joints:
            return p, [(p, joints[-1]), (joints[-1], end)]
        return p, [(p, end)]
    return None


def _units(text: str, start: int, end: int) -> Optional[list[tuple[int, int]]]:
    """Spans of the unit names ``text[start:end]`` consists of (joined by 、，, or glued: a unit's
    last character, then an opener word), else None."""
    r = _rules()
    pieces, a, depth = [], start, 0
    for i in range(start, end):
        c = text[i]
        depth += c in "（(" and 1 or (-1 if c in "）)" else 0)
        if depth < 0:
            return None
        if depth == 0 and c in "、，,":
            pieces.append((a, i))
            a = i + 1
    pieces.append((a, end))
    out = []
    for a, b in pieces:
        t = r["group_tail"].search(text, a, b)
        if t is not None and t.end() == b and t.start() > a:
            b = t.start()
        cuts = _best_cuts(text, a, b)
        if cuts is None:
            return None
        out.extend(cuts)
    return out


def _best_cuts(text: str, a: int, b: int) -> Optional[list[tuple[int, int]]]:
    """``text[a:b]`` as names glued at joints (a unit's last character before an opener word), as
    many names as it splits into, else as one name; None when it is no name."""
    r = _rules()
    for k in range(a + 2, b - 1):
        if text[k - 1] in r["unit_end"] and r["opener"].match(text, k) and _is_name(text[a:k]):
            rest = _best_cuts(text, k, b)
            if rest is not None:
                return [(a, k)] + rest
    return [(a, b)] if _is_name(text[a:b]) else None


@lru_cache(maxsize=4096)
def _is_name(name: str) -> bool:
    r = _rules()
    return bool(r["name"].fullmatch(name)) and name.count("（") + name.count("(") == name.count("）") + name.count(")") \
        and is_unit_name(name)
