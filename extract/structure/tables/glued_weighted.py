"""Assessment tables (考核表) flattened by a crawler with no separator between cells: a glued header with a
weight column and department columns ("考核内容重点考核事项考核指标…牵头部门配合部门(单位)"), then rows
"1.耕地保有量(6分)区环境与国土资源局区农村发展局（农业处） 2.…" whose indicator ends with its weight right
before the row's unit cells (rule ``weighted_table`` in ``tables.yaml``).

``weighted_rows(text)`` finds the header, then the rows 1, 2, 3 … in sequence; a row's units are the unit
names glued or spaced right after its weight (a group heading run in after them ends the run).  A space
stands for a line break inside a cell: the units up to the first glued joint are the first department
column's, the rest the second's (names joined by 、 are one cell's).  Returns inline
:class:`~extract.structure.tables.cells.TableRow` objects with spans into ``text``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.structure.actors import is_unit
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["weighted_table"]
    dept = sorted(table_rules()["general_table"]["dept_words"], key=len, reverse=True)
    suffixes = sorted(table_rules()["dept_suffixes"], key=len, reverse=True)
    return {
        "dept": re.compile("(?:" + "|".join(map(re.escape, dept)) + r")(?:[（(][\u4e00-\u9fff]{1,4}[）)])?"),
        "weight_word": re.compile(r["weight_word"]),
        "head_word": re.compile("|".join(sorted({re.escape(w) for w in table_rules()["glued_table"]["header_words"]}
                                                | set(r["weight_word"].split("|")) | set(r["head_words"]),
                                                key=len, reverse=True))),
        "min_head_words": int(r["min_head_words"]),
        "head_stop": re.compile(r["head_stop"] + r"|[\s]"),
        "max_head": int(r["max_head"]),
        "max_gap": int(r["max_gap"]),
        "row_number": r["row_number"],
        "weight": re.compile(r["weight"]),
        "division": re.compile(r["division"]),
        "suffix": tuple(suffixes),
        "max_name": int(r["max_name"]),
        "max_row": int(r["max_row"]),
        "min_rows": int(r["min_rows"]),
        "table_end": re.compile(r["table_end"]),
        "joiner": r["joiner"],
        "weight_mark": r["weight_mark"],
    }


def weighted_rows(text: str) -> list[TableRow]:
    """Rows of flattened assessment tables in ``text`` (see module doc)."""
    r = _rules()
    if r["weight_mark"] not in text:
        return []
    out: list[TableRow] = []
    at = 0
    while True:
        m = r["dept"].search(text, at)
        if m is None:
            return out
        at = m.end()
        head = _header(text, m)
        if head is None:
            continue
        cells, roles, end = head
        rows = _rows(text, end, cells, roles)
        if len(rows) >= r["min_rows"]:
            out.extend(rows)
            at = rows[-1].span[1]


def _header(text: str, m: re.Match) -> Optional[tuple[list[str], list[str], int]]:
    """(department column words, their roles, end) of the header around the department word ``m``."""
    r = _rules()
    stops = [s.end() for s in r["head_stop"].finditer(text, max(0, m.start() - r["max_head"]), m.start())]
    start = stops[-1] if stops else max(0, m.start() - r["max_head"])
    if not r["weight_word"].search(text, start, m.start()):
        return None
    if len(r["head_word"].findall(text, start, m.start())) < r["min_head_words"]:
        return None  # "考核得分由牵头部门汇总": a sentence, not a run of column words
    words, end = [m.group()], m.end()
    while True:
        n = r["dept"].match(text, end)
        if n is None:
            break
        words.append(n.group())
        end = n.end()
    roles = [header_role(w) for w in words]
    if not roles or any(role not in DEPT_ROLES for role in roles):
        return None
    return words, roles, end


def _rows(text: str, start: int, cells: list[str], roles: list[str]) -> list[TableRow]:
    r = _rules()
    end_m = r["table_end"].search(text, start, start + r["max_row"] * 60)
    limit = end_m.start() if end_m else min(len(text), start + r["max_row"] * 60)
    out: list[TableRow] = []
    n, pos, gap = 1, start, r["max_gap"]
    while True:
        mark = re.compile(r["row_number"].format(n=n)).search(text, pos, min(limit, pos + gap))
        if mark is None:
            return out
        w = r["weight"].search(text, mark.end(), min(limit, mark.end() + r["max_row"]))
        nxt = re.compile(r["row_number"].format(n=n + 1)).search(text, mark.end(), limit)
        if w is None or (nxt and w.start() > nxt.start()):
            return out
        units = _unit_run(text, w.end(), nxt.start() if nxt else limit)
        if not units:
            return out
        row = _row(text, n, mark, w, units, cells, roles)
        out.append(row)
        n, pos, gap = n + 1, units[-1][1], r["max_row"]


def _row(text, n, mark, w, units, cells, roles) -> TableRow:
    """The row's cells: the units up to the first glued joint in the first department column, the rest
    in the second (a single column takes them all)."""
    split = len(units)
    for k in range(1, len(units)):
        if units[k][0] == units[k - 1][1]:
            split = k
            break
    a, b = mark.end(), w.end()
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    row_cells = {"task": Cell(text[a:b], (a, b))}
    for k, (a, b) in enumerate(units):
        role = roles[0] if k < split or len(roles) == 1 else roles[1]
        key, i = role, 2
        while key in row_cells:
            key, i = f"{role}:{i}", i + 1
        row_cells[key] = Cell(text[a:b], (a, b))
    return TableRow(number=str(n), cells=row_cells, span=(mark.start(), units[-1][1]),
                    header=["序号", "考核指标", *cells], inline=True)


def _unit_run(text: str, pos: int, end: int) -> list[tuple[int, int]]:
    """Spans of the unit names glued or separated by a space from ``pos`` on (before ``end``)."""
    out: list[tuple[int, int]] = []
    while pos < end:
        e = _unit_at(text, pos, end)
        if e is None:
            break
        out.append((pos, e))
        pos = e
        while pos < end and text[pos] in " \u3000":
            pos += 1
        if pos < end and text[pos] in _rules()["joiner"] and _unit_at(text, pos + 1, end) is not None:
            pos += 1  # "市农业农村局、市发展改革委": names of one cell
    return out


def _unit_at(text: str, pos: int, end: int) -> Optional[int]:
    """End of the unit name at ``pos``: the shortest one (ending in a department suffix, with a bracketed
    division) that a space, the end or another unit name follows, else the shortest one; None if none."""
    r = _rules()
    found = []
    for e in range(pos + 2, min(end, pos + r["max_name"]) + 1):
        if text[e - 1].isspace():
            break  # a space ends a name (one before its division's bracket is the division's)
        if not text.endswith(r["suffix"], pos, e):
            continue
        d = r["division"].match(text, e, end)
        stop = d.end() if d else e
        if is_unit(text[pos:stop].replace(" ", "").replace("\u3000", "")):
            found.append(stop)
    if not found:
        return None
    for stop in found:
        if stop >= end or text[stop] in " \u3000" or _starts_unit(text, stop, end):
            return stop
    return found[0]


def _starts_unit(text: str, pos: int, end: int) -> bool:
    r = _rules()
    for e in range(pos + 2, min(end, pos + r["max_name"]) + 1):
        if text[e - 1].isspace():
            return False
        if text.endswith(r["suffix"], pos, e) and is_unit(text[pos:e]):
            return True
    return False
