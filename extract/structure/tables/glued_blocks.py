"""Task tables a crawler ran together with no separator whose unit column comes FIRST and spans several
numbered rows, the numbering restarting at 1 for each unit (rule ``glued_cells.unit_blocks`` in
``tables.yaml``): "责任单位政务公开工作要点公开时限公开载体办公室1.领导参加的重大会议…及时网站2.…及时网站
中小企业处1.全省民营经济…定期网站2.…" (a department's work points divided among its divisions).

``unit_block_rows(text)`` finds such a table by its header: a department column word (``glued_cells.dept_words``)
glued to the header cells of the other columns, one of them a column of work (``head_word``), with no sentence
punctuation, the first row number "1." within ``max_head`` characters.  The rows are the numbers in sequence
after it (``row_number``: "1." "2." "2、"; a number 1 opens the next unit's block, other numbers in a row's
text are skipped).  A block's unit is the name glued before its "1.": the longest unit-shaped name (at most
``max_name`` characters) that stands right after a row's last cell, i.e. the text before it ends as the rows
that end before a number of their own block end (their last ``tail_chars`` characters: "网站", "内刊"), or, for
the first block, as a header column word (``column_word``: 时限, 载体 …; a name holding one is none).  A table needs ``min_blocks`` blocks and
each block a unit, else nothing is read.  Returns :class:`~extract.structure.tables.cells.TableRow` objects
(number as printed, ``inline`` set) whose task cell runs to the row's end (its time and carrier cells stay in
it) and whose unit cell is keyed by the column's role (责任单位: responsible).  Linear in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_shape import is_unit_name
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, table_rules

__all__ = ["unit_block_rows"]


@lru_cache(maxsize=1)
def _rules() -> dict:
    g = table_rules()["glued_cells"]
    r = g["unit_blocks"]
    words = "|".join(map(re.escape, sorted(g["dept_words"], key=len, reverse=True)))
    return {"enabled": bool(r["enabled"]), "dept": re.compile(r"(?:" + words + r")(?=[\u4e00-\u9fff])"),
            "head_word": re.compile(r["head_word"]), "head_stop": re.compile(r["head_stop"]),
            "max_head": int(r["max_head"]), "row_number": re.compile(r["row_number"]),
            "tail_chars": int(r["tail_chars"]), "max_name": int(r["max_name"]),
            "column_word": re.compile(r["column_word"]),
            "column_end": re.compile("(?:" + r["column_word"] + ")$"), "min_blocks": int(r["min_blocks"])}


def unit_block_rows(text: str) -> list[TableRow]:
    """Rows of the unit-block glued tables of ``text`` (see module doc); [] when there is none."""
    r = _rules()
    if not r["enabled"]:
        return []
    out: list[TableRow] = []
    done = 0
    for d in r["dept"].finditer(text):
        if d.start() < done or header_role(d.group()) not in DEPT_ROLES:
            continue
        rows, end = _table(text, d)
        if rows:
            out.extend(rows)
            done = end
    return out


def _first_number(text: str, d: re.Match) -> Optional[re.Match]:
    """The row number 1 that ends the header whose department word is ``d``, or None (punctuation, a line
    break or ``max_head`` characters come first, or the header holds no column of work)."""
    r = _rules()
    stop = min(len(text), d.end() + r["max_head"])
    for m in r["row_number"].finditer(text, d.end(), stop):
        head = text[d.end():m.start()]
        if m.group(1) != "1" or "\n" in head.rstrip() or r["head_stop"].search(head) or not r["head_word"].search(head):
            return None
        return m
    return None


def _table(text: str, d: re.Match) -> tuple[list[TableRow], int]:
    """(rows, end) of the table whose header's department word is ``d``; ([], 0) when it is none."""
    r = _rules()
    first = _first_number(text, d)
    if first is None:
        return [], 0
    line_end = _table_end(text, first.end())
    starts = [first]  # the row numbers in sequence: n+1 goes on, 1 opens a block
    n = 2
    for m in r["row_number"].finditer(text, first.end(), line_end):
        v = int(m.group(1))
        if v == n or v == 1:
            starts.append(m)
            n = v + 1
    blocks = [k for k, m in enumerate(starts) if m.group(1) == "1"]
    if len(blocks) < r["min_blocks"]:
        return [], 0
    tails = {text[max(0, _back(text, starts[k + 1].start()) - r["tail_chars"]):_back(text, starts[k + 1].start())]
             for k in range(len(starts) - 1) if starts[k + 1].group(1) != "1"}
    units: dict[int, tuple[int, int]] = {}  # block's first row index -> span of its unit
    for k in blocks:
        lo = d.end() if k == 0 else starts[k - 1].end()
        span = _unit(text, lo, _back(text, starts[k].start()), tails if k else None)
        if span is None:
            return [], 0
        units[k] = span
    role = header_role(d.group())
    header = [d.group(), text[d.end():units[0][0]]]
    out: list[TableRow] = []
    unit = units[0]
    for k, m in enumerate(starts):
        unit = units.get(k, unit)
        row_end = units[k + 1][0] if k + 1 in units else starts[k + 1].start() if k + 1 < len(starts) else line_end
        body, stop = m.end(), row_end
        stop = _back(text, stop)
        if stop <= body:
            continue
        out.append(TableRow(number=m.group(1), span=(m.start(), row_end), header=header, inline=True,
                            cells={"task": Cell(text[body:stop], (body, stop)),
                                   role: Cell(text[unit[0]:unit[1]], unit)}))
    return out, line_end


def _back(text: str, p: int) -> int:
    """``p`` moved back over the white space before it (a line break a clean-up put before a row number)."""
    while p > 0 and text[p - 1] in " \t\u3000\n":
        p -= 1
    return p


def _table_end(text: str, start: int) -> int:
    """End of the table whose rows start before ``start``: its line and the lines after it that open with a row
    number (a clean-up may have put line breaks back before the numbers)."""
    r = _rules()
    end = text.find("\n", start)
    while end != -1:
        nxt = end + 1
        while nxt < len(text) and text[nxt] in " \t\u3000":
            nxt += 1
        if not r["row_number"].match(text, nxt):
            return end
        end = text.find("\n", nxt)
    return len(text)


def _unit(text: str, lo: int, p: int, tails: Optional[set]) -> Optional[tuple[int, int]]:
    """The span of the unit name glued before the number at ``p`` (the text from ``lo``): the longest
    unit-shaped name after which text ends as a row does (``tails``) or, for the first block (``tails``
    None), as a header column word does (a name holding such a word is none); None when there is none."""
    r = _rules()
    for k in range(min(r["max_name"], p - lo - 1), 1, -1):
        at = p - k
        if not is_unit_name(text[at:p]):
            continue
        before = text[max(lo, at - r["tail_chars"]):at]
        if (before in tails) if tails is not None else (bool(r["column_end"].search(text, lo, at))
                                                        and not r["column_word"].search(text, at, p)):
            return at, p
    return None
