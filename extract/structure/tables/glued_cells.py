"""Task tables a crawler ran together with no separator and no row numbers, the unit column
last: "存在问题整改目标和措施责任单位投资增长动力不足出台…实施意见。区经发局牵头，区交建局、环土局
创新应用…模式。区财金局、经发局牵头，区环土局…" (rule ``glued_cells`` in ``tables.yaml``).

``glued_cell_rows(text)`` finds such a table by its header: header cells glued one to the next,
one of them a task column (``header_roles``), ending with a department column word
(``dept_words``).  With no row numbers to cut at, each row is cut at its unit cell: after a
sentence end, a chain of unit names joined by 、 followed by a role word (``role_word``, "牵头"),
then, after a comma, the units with no role word ("X、Y牵头，Z、W": Z and W responsible); the
cell ends where the last name ends (the next row's text runs on after it).  A name ends at a
joiner, a space, a role word or the row's end, else it is the shortest unit-shaped opening of at
least ``min_name`` characters.  The task cell is the text between one unit cell and the next (a
problem cell run into it stays in the task).  At least ``min_rows`` cells make a table.  Returns
:class:`~extract.structure.tables.cells.TableRow` objects (number None, ``inline`` set) with
spans into ``text``.  Bounded work: at most ``max_name`` characters per name try.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_shape import is_unit_name as _is_unit
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["glued_cells"]
    words = "|".join(map(re.escape, sorted(r["dept_words"], key=len, reverse=True)))
    return {
        "dept": re.compile(r"(?:" + words + r")(?=[\u4e00-\u9fff])"),
        "cjk_before": re.compile(r"[\u4e00-\u9fff]{4,40}$"),
        "role": re.compile(r["role_word"]),
        "start": re.compile(r["cell_start"]),
        "min_rows": int(r["min_rows"]),
        "min_name": int(r["min_name"]),
        "max_name": int(r["max_name"]),
        "end": re.compile(r["table_end"]),
        "suffixes": table_rules()["dept_suffixes"],
        "collective": re.compile(r["collective"]),
        "task_word": re.compile(r["task_word"]),
    }


class _Header:
    """A header run: ``cols`` (the glued header cells before the department word) and ``dept``."""

    def __init__(self, text: str, cols_at: int, dept_at: int, dept_end: int):
        self.cols, self.dept = text[cols_at:dept_at], text[dept_at:dept_end]
        self._span = (cols_at, dept_end)

    def __getitem__(self, key: str) -> str:
        return getattr(self, key)

    def start(self) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._span[1]


def _headers(text: str):
    """Header runs: a department word (``dept_words``) glued to the next cell, after 4 to 40 Chinese
    characters (the header cells before it)."""
    r = _rules()
    for d in r["dept"].finditer(text):
        before = r["cjk_before"].search(text, max(0, d.start() - 40), d.start())
        if before:
            yield _Header(text, before.start(), d.start(), d.end())


@lru_cache(maxsize=4096)
def _has_task_column(cols: str) -> bool:
    """Whether a glued header run holds a task column word: a cell of at most 16 characters ending
    at most 4 characters after a task keyword (``task_word``) that ``header_roles`` reads as a task
    column (bounded work: only around the keywords)."""
    ends = {min(len(cols), k.end() + d) for k in _rules()["task_word"].finditer(cols) for d in range(5)}
    return any(header_role(cols[i:j]) == "task" for j in sorted(ends) for i in range(max(0, j - 16), j - 1))


def _name_end(text: str, pos: int, end: int) -> int:
    """End of the unit name that opens ``text[pos:end]`` (``pos`` when none does)."""
    r = _rules()
    stop = min(end, pos + r["max_name"])
    cands = []
    depth, opened = 0, -1
    for e in range(pos + 1, stop + 1):
        ch = text[e - 1]
        if ch in "（(":
            depth, opened = depth + 1, e - 1
        elif ch in "）)":
            depth -= 1
        elif not "\u4e00" <= ch <= "\u9fff":
            break
        if depth < 0:
            break
        name = text[pos:e]
        if depth == 0 and ch in "）)":  # a unit with its division in brackets: 区社会事业局（医改办）
            if cands and cands[-1] == opened:
                cands.append(e)
        elif depth == 0 and e - pos >= 2 and name.endswith(r["suffixes"]) \
                and (_is_unit(name) or r["collective"].fullmatch(name)):
            cands.append(e)
    if not cands:
        return pos
    for e in reversed(cands):
        if e >= end or text[e] in "、，, \u3000" or r["role"].match(text, e):
            return e
    longer = [e for e in cands if e - pos >= r["min_name"]]
    return longer[0] if longer else cands[0]


def _chain(text: str, pos: int, end: int, joiners: str) -> int:
    """End of a chain of unit names joined by ``joiners`` from ``pos`` (``pos`` when none)."""
    at = pos
    while True:
        e = _name_end(text, at, end)
        if e == at:
            return at if at > pos and text[at - 1] not in joiners else (at - 1 if at > pos else pos)
        at = e
        if at < end and text[at] in joiners:
            at += 1
            continue
        return at


def _cell(text: str, pos: int, end: int) -> Optional[tuple[int, int]]:
    """(start, end) of a unit cell "X、Y牵头[，Z、W]" at ``pos``, or None."""
    r = _rules()
    at = _chain(text, pos, end, "、")
    if at == pos:
        return None
    role = r["role"].match(text, at, end)
    if not role:
        return None
    at = role.end()
    if at < end and text[at] in "，,":
        more = _chain(text, at + 1, end, "、，,")
        if more > at + 1:
            at = more
    return pos, at


def glued_cell_rows(text: str) -> list[TableRow]:
    """Rows of glued tables without row numbers whose unit column is last (see module doc)."""
    r = _rules()
    if not r["role"].search(text):
        return []
    out: list[TableRow] = []
    for m in _headers(text):
        if "序号" in m["cols"] or not _has_task_column(m["cols"]) or (out and m.start() < out[-1].span[1]):
            continue  # (a header with 序号 numbers its rows: the glued-table readers')
        stop = r["end"].search(text, m.end())
        end = stop.start() if stop else len(text)
        cells = []
        for s in [m.end()] + [x.end() for x in r["start"].finditer(text, m.end(), end)]:
            while s < end and text[s] in " \u3000":
                s += 1
            if cells and s < cells[-1][1]:
                continue
            c = _cell(text, s, end)
            if c is not None:
                cells.append(c)
        if len(cells) < r["min_rows"]:
            continue
        role = header_role(m["dept"])
        role = role if role in DEPT_ROLES else "responsible"
        header = [m["cols"], m["dept"]]
        body, first = m.end(), m.start()  # the first row's span takes the header in (and the space before it)
        while first > 0 and text[first - 1] in " \u3000":
            first -= 1
        for a, b in cells:
            if text[body:a].strip():
                out.append(TableRow(number=None, span=(first, b), header=header, inline=True,
                                    cells={"task": Cell(text[body:a], (body, a)), role: Cell(text[a:b], (a, b))}))
            body = first = b
    return out
