"""Numbered task tables flattened with no separator whose unit columns come last, two of them (牵头 and 配合) or
one followed by a time column (rule ``scored_table.pair`` in ``tables.yaml``): "序号任务名称任务内容牵头部门配合部门
时间节点1加强组织领导召开全区…动员大会。区政府办公室各联席会议成员单位2019年3月2将生活垃圾管理…".

``pair_rows(text, taken)`` finds the header: 序号 and a content column word, then the department column words
glued one to the next (one or two, ``scored_table.dept_words`` or ``pair.second_words``), then at most a time
column word (``pair.deadline_words``) and trailing words, nothing after.  Rows are cut at the numbers 1, 2, 3 …
in sequence (``scored_table.row_number``).  A row's unit cells end at its end, or, with a time column, where its
time limit starts (``glued_table.deadline_start`` within ``pair.max_tail`` characters of the row's end, right after
a unit name); they are the chain of unit names after the farthest cell boundary that runs to there (as in
``glued_scored``).  Names joined by 、，； are one cell's; where two names are glued with nothing between them the
first column's cell ends ("区政府办公室|各联席会议成员单位"): the names before go to the first department column,
the rest to the second.  A row with no unit cell of its own takes the cells above it (a merged cell printed once),
unless its text ends as a unit name that was not read.  ``min_rows`` rows make a table; tables other readers read
(``taken`` spans) are left to them.  Returns inline :class:`~extract.structure.tables.cells.TableRow` objects.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, rows_at_matches, table_rules
from extract.structure.tables.glued_scored import _cell_start, _names, _rules as _scored, name_end

__all__ = ["pair_rows"]


@lru_cache(maxsize=1)
def _rules() -> dict:
    p = table_rules()["scored_table"]["pair"]

    def words(items):
        return re.compile("|".join(map(re.escape, sorted(items, key=len, reverse=True))))

    return {
        "dept": words(list(table_rules()["scored_table"]["dept_words"]) + list(p["second_words"])),
        "deadline_word": words(p["deadline_words"]),
        "deadline": re.compile(table_rules()["glued_table"]["deadline_start"]),
        "max_tail": int(p["max_tail"]),
        "deadline_full": re.compile(p["deadline"]),
    }


def pair_rows(text: str, taken: list[tuple[int, int]] = ()) -> list[TableRow]:
    """Rows of the tables described in the module doc, in text order."""
    r, s = _rules(), _scored()
    if s["number_word"] not in text and r["deadline_word"].search(text) is None:
        return []

    def read(text: str, m: re.Match) -> Optional[list[TableRow]]:
        head = _header(text, m)
        if head is None:
            return None
        header, roles, timed, body = head
        end_m = s["table_end"].search(text, body, body + s["max_table"])
        end = end_m.start() if end_m else min(len(text), body + s["max_table"])
        rows = _rows(text, body, end, header, roles, timed)
        if len(rows) >= s["min_rows"] and not any(a < rows[-1].span[1] and body < b for a, b in taken):
            return rows
        return None

    return rows_at_matches(r["dept"], text, read)


def _header(text: str, m: re.Match) -> Optional[tuple[list[str], list[str], bool, int]]:
    r, s = _rules(), _scored()
    lo = max(0, m.start() - s["max_head"])
    stops = [x.end() for x in s["head_stop"].finditer(text, lo, m.start())]
    lo = stops[-1] if stops else lo
    numbered = text[lo:m.start()].lstrip().startswith(s["number_word"])
    if s["content"].search(text, lo, m.start()) is None:
        return None
    words, at = [m.group()], m.end()
    n = r["dept"].match(text, at)
    if n is not None:
        words.append(n.group())
        at = n.end()
    roles = [header_role(w) for w in words]
    if any(role not in DEPT_ROLES for role in roles) or len(set(roles)) < len(roles):
        return None
    d = r["deadline_word"].match(text, at)
    timed = d is not None
    at = d.end() if d else at
    at = s["trailing"].match(text, at).end()
    if (len(words) == 1 and not timed) or not (numbered or timed):
        return None  # one unit column last: glued_scored's table; no numbers and no time limits to cut rows at
    if r["dept"].match(text, at) or s["content"].match(text, at) or r["deadline_word"].match(text, at):
        return None
    return [text[lo:m.start()].strip(), *words, s["number_word"] if numbered else ""], roles, timed, at


def _numbers(text: str, body: int, end: int) -> list[int]:
    out, expected = [], 1
    for m in _scored()["row_number"].finditer(text, body, end):
        if int(m.group(1)) == expected:
            out.append(m.start())
            expected += 1
    return out


def _unit_end(text: str, a: int, e: int, timed: bool) -> int:
    """Where the row ``text[a:e]``'s unit cells end: before its time limit, else at its end."""
    r, s = _rules(), _scored()
    if not timed:
        return e
    for p in range(max(a, e - r["max_tail"]), e):
        if name_end(text, p) and r["deadline"].match(text, p, e):
            return p
    return e


def _deadline_ends(text: str, body: int, end: int) -> list[int]:
    """Where the rows of an unnumbered table end: after a time limit glued to a unit name before it."""
    out = []
    for m in _rules()["deadline_full"].finditer(text, body, end):
        if m.start() > body and name_end(text, m.start()) and (not out or m.start() > out[-1]):
            out.append(m.end())
    return out


def _rows(text: str, body: int, end: int, header: list[str], roles: list[str], timed: bool) -> list[TableRow]:
    s = _scored()
    if header[-1]:
        starts = _numbers(text, body, end)
    else:  # rows one after another, each closed by its time limit
        ends = _deadline_ends(text, body, end)
        starts = [body] + ends[:-1]
        end = ends[-1] if ends else body
    rows: list[TableRow] = []
    above = None
    for k, a in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else end
        while e > a and text[e - 1] in " \u3000\t\n":
            e -= 1
        a = s["lead_marks"].match(text, a, e).end()
        q = _unit_end(text, a, e, timed)
        c = _cell_start(text, max(a, q - s["max_cell"]), q)
        names = _names(text, c, q) if c is not None else []
        task_end = c if names else q
        while task_end > a and text[task_end - 1] in " \u3000\t":
            task_end -= 1
        if names:
            split = next((i for i in range(1, len(names)) if names[i][0] == names[i - 1][1]), len(names))
            cols = [names[:split], names[split:]] if len(roles) > 1 else [names]
            above = cols
        elif q > a and name_end(text, q):
            above = None  # the row ends as a unit name that was not read: no merged cell reaches past it
        if above is None or task_end - a < 2:
            continue
        cells = {"task": Cell(text[a:task_end], (a, task_end))}
        for role, col in zip(roles, above):
            for i, (x, y) in enumerate(col):
                cells[role if i == 0 else f"{role}:{i + 1}"] = Cell(text[x:y], (x, y))
        rows.append(TableRow(number=str(k + 1) if header[-1] else None, cells=cells, span=(starts[k], e), header=header, inline=True))
    return rows
