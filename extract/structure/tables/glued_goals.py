"""Goal tables of a performance (绩效) or assessment plan flattened with no separator between cells, each goal
closed by its score and followed by a basis cell, the unit cell and person cells (rule ``goal_score_table`` in
``tables.yaml``): "项目一级指标年度工作目标制定依据责任处室责任人责任分管领导业务工作实绩（25）药械监督管理
（2.5分）1.开展药品安全日常监管工作，…不得少于1次。（1分）部门法定职能药械处施友鹏高建武2.开展医疗器械…（1分）
部门法定职能3.…稽查工作 (2.5分）1.依法查处…".

``goal_rows(text)`` finds the header: a unit column word followed, glued, by a person column word, with a goal
column word (``goal_words``) before it and no sentence punctuation or space in between.  The rows are the goals
numbered "N." in sequence, the numbering restarting at 1 in each indicator's block; a block's heading
("稽查工作 (2.5分）", a short text closed by a score right before the "1.") is left out of the row before it.  A
row's unit cell is the unit name(s) right before a person name (a surname of ``person_table.surnames`` and one or two
characters, or one padded with a space as tables print two-character names: "陈 榕"), opening after the last end
of the basis cell before them (``cell_end``: a sentence end, a closing bracket or quote, a basis word 职能/部署/
要求/通知 …), names glued one to the next ("政策法规处行政许可处信用信息处"); a cell printed with spaces
("办 公 室") is read as printed.  The merged unit cell is printed once per block: a goal of the block without a
unit cell of its own takes the one above it.  The task cell runs from the number to the row's last score before
its unit cell (or, with none, the row's last score).  ``min_rows`` rows with a unit make a table.  Returns inline
:class:`~extract.structure.tables.cells.TableRow` objects, the unit cell under the header's role.  Linear in the
text (a row is searched over at most ``max_row`` characters).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_shape import is_unit_name
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, rows_at_matches, table_rules

__all__ = ["goal_rows"]


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["goal_score_table"]
    surnames = "[" + "".join(table_rules()["person_table"]["surnames"]) + "]"

    def words(key):
        return re.compile("|".join(map(re.escape, sorted(r[key], key=len, reverse=True))))

    return {
        "goal": words("goal_words"),
        "unit": words("unit_words"),
        "person_col": words("person_words"),
        "head_stop": re.compile(r["head_stop"]),
        "max_head": int(r["max_head"]),
        "number": re.compile(r["row_number"]),
        "score": re.compile(r["score"]),
        "heading": re.compile(r["block_heading"]),
        "cell_end": re.compile(r["cell_end"]),
        "person": re.compile(surnames + r"(?:[\u4e00-\u9fff]{2}|[ \u3000][\u4e00-\u9fff])"),
        "unit_end": frozenset(s[-1] for s in table_rules()["dept_suffixes"]) | frozenset(r["extra_unit_end"]),
        "max_name": int(r["max_name"]),
        "min_name": int(r["min_name"]),
        "max_scores": int(r["max_scores"]),
        "max_row": int(r["max_row"]),
        "min_rows": int(r["min_rows"]),
        "table_end": re.compile(r["table_end"]),
        "mark": r["quick_mark"],
    }


def goal_rows(text: str) -> list[TableRow]:
    """Rows of the goal tables of ``text`` (see module doc), in text order."""
    r = _rules()
    if r["mark"] not in text:
        return []

    def read(text: str, m: re.Match) -> Optional[list[TableRow]]:
        head = _header(text, m)
        if head is None:
            return None
        header, end = head
        rows = [row for row in _rows(text, end, header) if len(row.cells) > 1]
        return rows if len(rows) >= r["min_rows"] else None

    return rows_at_matches(r["unit"], text, read)


def _header(text: str, m: re.Match) -> Optional[tuple[list[str], int]]:
    """(column words, end) of the glued header whose unit column word is ``m``, else None."""
    r = _rules()
    p = r["person_col"].match(text, m.end())
    if p is None:
        return None
    lo = max(0, m.start() - r["max_head"])
    stops = [s.end() for s in r["head_stop"].finditer(text, lo, m.start())]
    lo = stops[-1] if stops else lo
    goal = r["goal"].search(text, lo, m.start())
    if goal is None:
        return None
    end = p.end()
    while True:  # further person columns glued on ("责任人责任分管领导")
        q = r["person_col"].match(text, end)
        if q is None:
            break
        end = q.end()
    return [text[goal.start():m.start()], m.group(), text[m.end():end]], end


def _markers(text: str, start: int, stop: int) -> list[re.Match]:
    """The goals' numbers "N." in sequence from ``start`` (1 opens a block; N+1 follows N)."""
    r = _rules()
    out, expect = [], None
    for m in r["number"].finditer(text, start, stop):
        n = int(m.group(1))
        if n == 1 or (expect is not None and n == expect and m.start() - out[-1].end() <= r["max_row"]):
            out.append(m)
            expect = n + 1
    return out


def _rows(text: str, start: int, header: list[str]) -> list[TableRow]:
    r = _rules()
    end_m = r["table_end"].search(text, start)
    stop = end_m.start() if end_m else len(text)
    marks = _markers(text, start, stop)
    role = header_role(header[1]) or "responsible"
    if role not in DEPT_ROLES:
        role = "responsible"
    rows: list[TableRow] = []
    above: Optional[Cell] = None
    for k, m in enumerate(marks):
        nxt = marks[k + 1] if k + 1 < len(marks) else None
        row_end = min(nxt.start() if nxt else stop, m.end() + r["max_row"])
        if m.group(1) == "1":
            above = None
        units = _unit_cell(text, m.end(), row_end)
        goal_end = row_end
        if nxt is not None and nxt.group(1) == "1":
            h = r["heading"].search(text, units[-1][1] if units else m.end(), row_end)
            if h is not None:
                goal_end = h.start()  # the next block's heading ("稽查工作 (2.5分）")
        scores = [s for s in r["score"].finditer(text, m.end(), units[0][0] if units else goal_end)]
        if not scores:
            continue
        task = Cell(text[m.end():scores[-1].end()], (m.end(), scores[-1].end()))
        cells = {"task": task}
        if units:
            a, b = units[0][0], units[-1][1]
            above = Cell(text[a:b], (a, b))
            for i, (x, y) in enumerate(units):
                cells[role if i == 0 else f"{role}:{i + 1}"] = Cell(text[x:y], (x, y))
        elif above is not None:
            cells[role] = above
        rows.append(TableRow(number=m.group(1), cells=cells, span=(m.start(), row_end), header=header, inline=True))
    return rows


def _unit_cell(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Spans of the unit names of the row ``text[a:b]``: the glued names right before its first person name that
    follows a score (see module doc); [] when none."""
    r = _rules()
    first = r["score"].search(text, a, b)
    if first is None:
        return []
    person = r["person"]
    for p in range(first.end() + 2, b):
        if text[p - 1] in r["unit_end"] and person.match(text, p, b):
            names = _names_before(text, first.end(), p)
            if names:
                if len(r["score"].findall(text, a, names[0][0])) > r["max_scores"]:
                    return []  # goals of rows with no number of their own run in: not this row's cell
                return names
    return []


def _names_before(text: str, lo: int, end: int) -> list[tuple[int, int]]:
    """Glued unit names ending at ``end`` and opening after the last basis-cell end in ``text[lo:end]``."""
    r = _rules()
    if end - lo < 2 or text[end - 1] not in r["unit_end"]:
        return []
    cut = lo
    for c in r["cell_end"].finditer(text, max(lo, end - r["max_name"] * 3), end):
        if c.end() < end:
            cut = c.end()
    piece = text[cut:end]
    if len(piece.replace(" ", "").replace("\u3000", "")) < 2 or len(piece) > r["max_name"] * 3:
        return []
    out, x = [], cut
    while x < end:
        while x < end and text[x] in " \u3000" and text[x + 1:x + 2] not in ("", ) and _spaced(text, x, end) is None:
            x += 1
        y = _spaced(text, x, end) or next((k for k in range(x + 2, min(end, x + r["max_name"]) + 1)
                                           if text[k - 1] in r["unit_end"] and is_unit_name(text[x:k])
                                           and (k == end or (k - x >= r["min_name"] and _opens_unit(text, k, end)))),
                                          None)
        if y is None:
            return []
        out.append((x, y))
        x = y
    return out


_SPACED = re.compile(r"[\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff]){1,4}")  # characters one space apart


def _spaced(text: str, x: int, end: int) -> Optional[int]:
    """End of a name printed with a space between its characters ("办 公 室", "药 械 处") at ``x``, else None."""
    m = _SPACED.match(text, x, end)
    if m is None or m.end() - x < 3 or text[m.end() - 1] not in _rules()["unit_end"]:
        return None
    return m.end() if is_unit_name(m.group().replace(" ", "").replace("\u3000", "")) else None


def _opens_unit(text: str, k: int, end: int) -> bool:
    r = _rules()
    return any(text[j - 1] in r["unit_end"] and is_unit_name(text[k:j])
               for j in range(k + r["min_name"], min(end, k + r["max_name"]) + 1))
