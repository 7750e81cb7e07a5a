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
least ``min_name`` characters (a digit, the next cell's number, ends it too).  The task cell is the text between one unit cell and the next (a
problem cell run into it stays in the task).  At least ``min_rows`` cells make a table.  Returns
:class:`~extract.structure.tables.cells.TableRow` objects (number None, ``inline`` set) with
spans into ``text``.  Bounded work: at most ``max_name`` characters per name try.

``first_column_rows(text)`` reads the same glued table with its unit column FIRST (rule
``glued_cells.first_column``): "…一览表牵头责任单位权数考核指标…备注430一、行动计划367.62区经济发展局306.规模以上…
12区社会事业局3011.文化产业…": a department word glued to header cells with no sentence punctuation, one a
column of work or indicators; each row opens with its unit cell (names joined by 、 or a space, or glued
where the next opens with a level word) after a space or right after the values of the row before (its
first name then opens with a level word) and a number or a space follows it; the task is the cell after
it, its number removed, up to where its values start.  Cells keyed by the header's role (牵头责任单位:
lead).  ``glued_cell_rows`` returns both kinds (first-column rows that overlap a last-column row dropped).
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
        if e >= end or text[e] in "、，, \u3000" or text[e].isdigit() or r["role"].match(text, e):
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
    """Rows of glued tables without row numbers whose unit column is last (see module doc), then
    those whose unit column is first (:func:`first_column_rows`)."""
    r = _rules()
    last = _last_column_rows(text) if r["role"].search(text) else []
    taken = [row.span for row in last]
    return last + [row for row in first_column_rows(text)
                   if not any(a < row.span[1] and row.span[0] < b for a, b in taken)]


def _last_column_rows(text: str) -> list[TableRow]:
    r = _rules()
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


@lru_cache(maxsize=1)
def _first_rules() -> dict:
    r = table_rules()["glued_cells"]["first_column"]
    return {k: re.compile(r[k]) for k in ("head_word", "head_stop", "level_word", "row_gap", "cell_number", "value_start",
                                          "table_end")} | {"max_head": int(r["max_head"]),
                                                           "min_rows": int(r["min_rows"])}


def _first_head(text: str, d) -> Optional[tuple[int, int]]:
    """(end of the header, start of the first row) of a unit-first header whose department word is
    ``d``, or None: the first row is the first unit chain after the header cells that a number
    follows (glued to the header) or that a space opens, within ``max_head`` characters."""
    f = _first_rules()
    stop = min(len(text), d.end() + f["max_head"])
    punct = f["head_stop"].search(text, d.end(), stop)
    stop = punct.start() + 1 if punct else stop  # (a row may still open just before it)
    for lv in f["level_word"].finditer(text, d.end() + 2, stop):
        p = lv.start()
        if _row_units(text, p, len(text), first=True) is not None:
            head = "".join(text[d.end():p].split())
            return (p, p) if f["head_word"].search(head) else None
    return None


def _row_units(text: str, pos: int, end: int, first: bool) -> Optional[int]:
    """End of the unit cell that opens a unit-first row at ``pos`` (names joined by 、 or a space, or
    glued where the next opens with a level word: "区卫生和计划生育局区市场监督管理局"),
    or None: a number or a space follows the cell; with ``first`` (the first row, which may be glued to
    the header: "…备 注区社会事业局17.", or a row glued to the values before it) it opens with a level
    word (``level_word``: 区, 市 …)."""
    if pos >= end or not "\u4e00" <= text[pos] <= "\u9fff" or (first and not _first_rules()["level_word"].match(text, pos)):
        return None
    at = _chain(text, pos, end, "、 \u3000")
    if at == pos:
        return None
    while at < end and _first_rules()["level_word"].match(text, at):  # names glued with no separator
        more = _chain(text, at, end, "、 \u3000")
        if more == at:
            break
        at = more
    nxt = at
    while nxt < end and text[nxt] in " \u3000":
        nxt += 1
    if nxt >= end:
        return None
    if text[nxt].isdigit() or (nxt > at and "\u4e00" <= text[nxt] <= "\u9fff"):
        return at
    return None


def first_column_rows(text: str) -> list[TableRow]:
    """Rows of glued tables whose unit column is the first (rule ``glued_cells.first_column``):
    one row per unit cell, its task the cell after it up to its values; cells keyed by the header's role."""
    r, f = _rules(), _first_rules()
    heads = []
    for d in r["dept"].finditer(text):
        role = header_role(d.group())
        if role in DEPT_ROLES and (not heads or d.start() >= heads[-1][2]):
            h = _first_head(text, d)
            if h is not None:
                heads.append((d, role, h[1]))
    out: list[TableRow] = []
    for k, (d, role, first) in enumerate(heads):
        stop = f["table_end"].search(text, first)
        end = min(stop.start() if stop else len(text), heads[k + 1][0].start() if k + 1 < len(heads) else len(text))
        cells = []
        # a row opens after a space, or glued to the last value of the row before (a level word then opens it)
        for p, level in [(first, True)] + [(m.end(), not m.group()) for m in f["row_gap"].finditer(text, first, end)]:
            if cells and p < cells[-1][1]:
                continue
            a = _row_units(text, p, end, first=level)
            if a is not None:
                cells.append((p, a))
        if len(cells) < f["min_rows"]:
            continue
        header = [d.group(), text[d.end():first].strip()]
        for i, (a, b) in enumerate(cells):
            row_end = cells[i + 1][0] if i + 1 < len(cells) else end
            t = b
            while t < row_end and text[t] in " \u3000":
                t += 1
            num = f["cell_number"].match(text, t, row_end)
            t = num.end() if num else t
            v = f["value_start"].search(text, t + 1, row_end)
            t_end = v.start() if v else row_end
            if t_end <= t:
                continue
            out.append(TableRow(number=None, span=(a, row_end), header=header, inline=True,
                                cells={"task": Cell(text[t:t_end], (t, t_end)), role: Cell(text[a:b], (a, b))}))
    return out
