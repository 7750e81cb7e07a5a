"""Task tables whose cells a crawler ran together with no separator at all:
"序号工作任务责任单位时间进度1探索…方式。市民政局、市财政局2017年6月底前出台2动员…".

``glued_table_rows(text)`` finds such a table by its header (header words of
``tables.yaml``'s ``glued_table`` rule written one after another, 序号 first,
one department column), then cuts rows at the row numbers 1, 2, 3 … (a number
between two Chinese characters, not part of a date) and each row into its
task (up to the last sentence end before the department list), its
department list (the longest run of unit-shaped names) and the rest (the
time column).  Returns :class:`~extract.tables.TableRow` objects with spans
into ``text``; nothing when no such header exists.  Linear in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .tables import DEPT_ROLES, Cell, TableRow, header_role, table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["glued_table"]
    words = sorted(r["header_words"], key=len, reverse=True)
    suffixes = sorted(table_rules()["dept_suffixes"], key=len, reverse=True)
    return {
        "header": re.compile("序号((?:" + "|".join(map(re.escape, words)) + "){2,6})"),
        "word": re.compile("|".join(map(re.escape, words))),
        "unit": re.compile(r"[\u4e00-\u9fff]{1,30}(?:" + "|".join(map(re.escape, suffixes))
                           + r")(?:[（(][\u4e00-\u9fff]{1,12}[）)])?"),
        "sentence_end": re.compile(r"[。；;！？]"),
        # a row number: between Chinese characters, not part of a date, a count or a decimal
        "row_number": re.compile(r"(?<![0-9年月日.．])[0-9]{1,3}(?![0-9年月日号%．.])(?=[\u4e00-\u9fff“《])"),
    }


def _header(text: str, m: re.Match) -> list[Optional[str]]:
    words = [w.group() for w in _rules()["word"].finditer(m.group(1))]
    return ["number"] + [header_role(w) for w in words]


def _row_starts(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(number, start of the number, start of the row text) for rows 1, 2, …
    (one scan: each row number is the first number after the previous one
    that is the next in sequence)."""
    out = []
    n = 1
    for m in _rules()["row_number"].finditer(text, start, end):
        if int(m.group()) == n:
            out.append((n, m.start(), m.end()))
            n += 1
    return out


def _units(text: str, pos: int, end: int) -> int:
    """End of the run of unit names separated by 、，, starting at ``pos``."""
    unit = _rules()["unit"]
    at = pos
    while at < end:
        m = unit.match(text, at, end)
        if not m:
            break
        at = m.end()
        if at < end and text[at] in "、，,":
            at += 1
            continue
        break
    return at if at > pos else pos


def glued_table_rows(text: str) -> list[TableRow]:
    """Rows of glued tables in ``text`` (see module doc)."""
    if "序号" not in text:
        return []
    out: list[TableRow] = []
    for m in _rules()["header"].finditer(text):
        roles = _header(text, m)
        depts = [r for r in roles if r in DEPT_ROLES]
        if "task" not in roles or len(depts) != 1:
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end == -1 else line_end
        starts = _row_starts(text, m.end(), line_end)
        header = [text[m.start():m.start() + 2]] + [w.group() for w in _rules()["word"].finditer(m.group(1))]
        for k, (n, num_at, body) in enumerate(starts):
            row_end = starts[k + 1][1] if k + 1 < len(starts) else line_end
            row = _cut_row(text, n, num_at, body, row_end, depts[0], header)
            if row is not None:
                out.append(row)
    return out


def _cut_row(text: str, n: int, num_at: int, body: int, end: int, role: str, header: list[str]) -> Optional[TableRow]:
    """One glued row: task up to a sentence end, then the unit list, then the rest."""
    ends = [e.end() for e in _rules()["sentence_end"].finditer(text, body, end)]
    for cut in reversed(ends):
        units_end = _units(text, cut, end)
        if units_end > cut:
            cells = {"number": Cell(str(n), (num_at, body)),
                     "task": Cell(text[body:cut], (body, cut)),
                     role: Cell(text[cut:units_end], (cut, units_end))}
            if units_end < end:
                cells["deadline"] = Cell(text[units_end:end], (units_end, end))
            return TableRow(number=str(n), cells=cells, span=(num_at, end), header=header)
    return None
