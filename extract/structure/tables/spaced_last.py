"""Task tables a crawler printed one row a line (or ran together) with a space between cells and the unit column
last (rule ``spaced_last`` in ``tables.yaml``): "项目 子项 分项 考核标准 落实措施 责任 单位 完成情况 火灾 预防30分
消防安全源头管控（7分） 1、行政审批部门…开办。（4分） 分别从…不得分。 各级各有关部门…存档备查。 规划、住建、…人防等
2、相关部门…（3分） … 工商、质监部门 区公安消防支队 火灾隐患排查整治（7分） 3、…".

The layout says where a row's unit cell is, not a word list: ``spaced_last_rows(text, taken)`` finds a header of short
space-separated cells whose department column (``dept_header``, its two halves may be printed apart: "责任 单位") has
only trailing columns after it (``trailing_words``: 完成情况, 备注) and a task or standard column before it
(``header_role``).  Rows are cut at the numbers 1, 2, 3 … in sequence (``row_number``).  In a row, read from its end:
first the group headings printed between rows (a token closed by its score, ``heading_token``: "预防30分",
"经费保障（5分）", and short words right before one: "火灾"), then the unit cell: the run of space-separated tokens
that are chains of unit names (``split``: 、，及); a chain may hold bare function words ("规划、住建、…人防等",
"宣传、广播电视部门") when it closes with a unit name or 等, or when the same token closes other rows of the table.
A row whose merged measure cell holds two sub-rows keeps the unit cell that stands between two sentences
("…存档备查。 住房和城乡建设部门 检查、督促…").  A row with no unit cell takes the one above (a merged cell).
Returns inline :class:`~extract.structure.tables.cells.TableRow` objects: ``task`` (the row's first cell), ``detail``
(the cells between it and the units), and one department cell per unit token.  Tables other readers read
(``taken`` spans) are left to them.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from extract.entities.unit_shape import is_unit_name
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, rows_at_matches, table_rules

__all__ = ["spaced_last_rows"]

_TOKEN = re.compile(r"\S+")
_HAN = re.compile("[\u4e00-\u9fff]+")
_ROLES: dict[str, Optional[str]] = {}  # header_role of the cells seen (a plain dict, emptied when it grows)


def _role(cell: str) -> Optional[str]:
    if cell not in _ROLES:
        if len(_ROLES) > 4096:
            _ROLES.clear()
        _ROLES[cell] = header_role(cell)
    return _ROLES[cell]


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["spaced_last"]
    return {
        "dept": re.compile(r["dept_header"].replace("{trailing}", "|".join(map(re.escape, r["trailing_words"])))),
        "content_word": re.compile("|".join(map(re.escape, table_rules()["scored_table"]["content_words"]))),
        "trailing": frozenset(r["trailing_words"]),
        "max_header_cell": int(r["max_header_cell"]),
        "max_glued_head": int(r["max_glued_head"]),
        "max_head_span": int(r["max_head_span"]),
        "min_header": int(r["min_header"]),
        "row_number": re.compile(r["row_number"], re.M),
        "line_number": re.compile(r["line_number"], re.M),
        "group_line": re.compile(r["group_line"], re.M),
        "lead_marks": re.compile(r["lead_marks"]),
        "heading": re.compile(r["heading_token"]),
        "max_heading_word": int(r["max_heading_word"]),
        "split": re.compile(r["split"]),
        "bare": re.compile(r["bare_piece"]),
        "not_unit": re.compile(r["not_unit"]),
        "sentence_end": re.compile(r["sentence_end"]),
        "table_end": re.compile(r["table_end"]),
        "max_name": int(r["max_name"]),
        "max_row": int(r["max_row"]),
        "min_rows": int(r["min_rows"]),
    }


def spaced_last_rows(text: str, taken: list[tuple[int, int]] = ()) -> list[TableRow]:
    """Rows of the tables of ``text`` laid out as the module doc says, in text order."""
    r = _rules()

    def read(text: str, m: re.Match) -> list[TableRow]:
        head = _header(text, *_dept_cell(text, m))
        if head is None:
            return []
        header, role, body = head
        rows = _rows(text, body, header, role)
        if len(rows) >= r["min_rows"] and not any(a < rows[-1].span[1] and rows[0].span[0] < b for a, b in taken):
            return rows
        return []

    return rows_at_matches(r["dept"], text, read)


def _dept_cell(text: str, m: re.Match) -> tuple[int, int]:
    """The header cell a department header word ends: its whole token, with the token before it when the word's halves
    were printed apart ("责任 单位")."""
    r = _rules()
    a, floor = m.start(), max(0, m.start() - r["max_glued_head"] - r["max_header_cell"])
    while a > floor and not text[a - 1].isspace():
        a -= 1  # (bounded: a longer token is no header cell)
    if m.end() - a <= 2 and a > 1 and text[a - 1] in " \u3000":
        b = a - 1
        while b > 0 and not text[b - 1].isspace():
            b -= 1
        if b < a - 1 and _role(text[b:m.end()].replace(" ", "").replace("\u3000", "")) in DEPT_ROLES:
            a = b
    return a, m.end()


def _header(text: str, start: int, end: int) -> Optional[tuple[list[str], str, int]]:
    """(header cells, the department column's role, where the rows start) or None, for the header cell
    ``text[start:end]``."""
    r = _rules()
    cell = re.sub(r"\s", "", text[start:end])
    glued: list[str] = []
    if len(cell) > r["max_header_cell"]:  # a header printed glued ("项目子项分项考核标准落实措施责任单位"): its last cell
        cut = next((k for k in range(max(1, len(cell) - r["max_header_cell"]), len(cell) - 1)
                    if _role(cell[k:]) in DEPT_ROLES), None)
        if cut is None or cut > r["max_glued_head"] or not _HAN.fullmatch(cell, 0, cut) \
                or not r["content_word"].search(cell, 0, cut):
            return None
        glued, cell = [cell[:cut]], cell[cut:]
    role = _role(cell)
    if role not in DEPT_ROLES:
        return None
    at = end
    while at < len(text) and not text[at].isspace():
        at += 1  # (trailing columns glued after the unit column: "责任单位完成情况")
    for t in _TOKEN.finditer(text, at):
        if t.group() not in r["trailing"]:
            if _role(t.group()) is not None and _role(t.group()) != "number":
                return None  # a column after the unit column that is no trailing column: not this table
            break
        at = t.end()
    lo = max(0, start - r["max_head_span"])
    line_start = text.rfind("\n", lo, start) + 1 or lo  # (bounded)
    before = [t.group() for t in _TOKEN.finditer(text, line_start, start)] + glued
    cells: list[str] = []
    for tok in reversed(before):
        if (len(tok) > r["max_header_cell"] or not r["bare"].fullmatch(tok)) and not (glued and tok is glued[0]):
            break
        cells.insert(0, tok)
    if not glued and (len(cells) + 1 < r["min_header"] or not any(_role(c) in ("task", "target") for c in cells)):
        return None
    return cells + [cell], role, at


def _rows(text: str, body: int, header: list[str], role: str) -> list[TableRow]:
    r = _rules()
    # rows one a line ("1 完善…": the numbers that open lines) or numbered "1、" anywhere: the longer run
    starts = max(_starts(text, body, r["line_number"]), _starts(text, body, r["row_number"]), key=len)
    if len(starts) < r["min_rows"]:
        return []
    spans = []
    for i, (number, at, lo) in enumerate(starts):
        if i + 1 < len(starts):
            hi = starts[i + 1][1]
        else:
            line_end = text.find("\n", lo)
            hi = min(line_end if line_end != -1 else len(text), lo + r["max_row"])
            stop = r["table_end"].search(text, lo, hi)
            hi = stop.start() if stop else hi
        heading = r["group_line"].search(text, lo, hi)  # a group heading's line ends the row above it
        spans.append((number, at, lo, heading.start() if heading else hi))
    tokens = [[(t.start(), t.end()) for t in _TOKEN.finditer(text, lo, hi)] for _, _, lo, hi in spans]
    closing = Counter(_last_cell(text, toks) for toks in tokens)
    repeated = {c for c, n in closing.items() if c and n >= 2}
    rows: list[TableRow] = []
    above: list[tuple[int, int]] = []
    for (number, at, lo, hi), toks in zip(spans, tokens):
        units, _, first = _unit_tail(text, toks, loose=True, repeated=repeated)
        if not toks:
            continue
        a = r["lead_marks"].match(text, lo, toks[0][1]).end()
        task_end = toks[0][1]
        if a >= task_end:
            continue
        inner = _sub_row_units(text, toks[1:first])
        names = inner + units or above
        if not names:
            continue
        above = units or above
        cells = {"task": Cell(text[a:task_end], (a, task_end))}
        rest = toks[1:first]
        if rest:
            cells["detail"] = Cell(text[rest[0][0]:rest[-1][1]], (rest[0][0], rest[-1][1]))
        for i, (x, y) in enumerate(names):
            cells[role if i == 0 else f"{role}:{i + 1}"] = Cell(text[x:y], (x, y))
        end = max(toks[-1][1], task_end)
        rows.append(TableRow(number=number, cells=cells, span=(at, end), header=header, inline=True))
    return rows


def _starts(text: str, body: int, number: re.Pattern) -> list[tuple[str, int, int]]:
    """(number, where it starts, where the row's text starts) of the rows numbered 1, 2, 3 … after ``body``."""
    r = _rules()
    starts: list[tuple[str, int, int]] = []
    expected = 1
    for m in number.finditer(text, body):
        if m.start() - (starts[-1][2] if starts else body) > r["max_row"]:
            break  # (bounded: no row this far after the last one)
        if int(m.group(1)) != expected:
            continue
        starts.append((m.group(1), m.start(1), m.end()))
        expected += 1
    return starts


def _last_cell(text: str, toks: list[tuple[int, int]]) -> str:
    """The token that closes a row before the group headings printed after it ("" when none)."""
    i = _headings_from(text, toks)
    return text[toks[i - 1][0]:toks[i - 1][1]] if i > 1 else ""


def _headings_from(text: str, toks: list[tuple[int, int]]) -> int:
    """Index of the first of the group headings (and trailing header words) that close a row's tokens."""
    r = _rules()
    i = len(toks)
    heading = False
    while i > 1:  # the group headings printed after the row's last cell
        tok = text[toks[i - 1][0]:toks[i - 1][1]]
        if tok in r["trailing"] or r["heading"].search(tok):
            heading = True
        elif heading and len(tok) <= r["max_heading_word"] and r["bare"].fullmatch(tok) and not is_unit_name(tok):
            pass  # the first word of a heading printed apart ("火灾 预防30分")
        else:
            break
        i -= 1
    return i


def _unit_tail(text: str, toks: list[tuple[int, int]], loose: bool,
               repeated: frozenset | set = frozenset()) -> tuple[list[tuple[int, int]], str, int]:
    """(the unit tokens closing a row, their text, index of the first of them) — group headings after them skipped."""
    r = _rules()
    i = _headings_from(text, toks)
    j = i
    while j > 1:
        tok = text[toks[j - 1][0]:toks[j - 1][1]]
        if not (_chain(tok, strict=True) or loose and (_chain(tok, strict=False) or tok in repeated and
                                                      _chain(tok, strict=False, closed=False))):
            break
        j -= 1
    units = toks[j:i]
    return units, " ".join(text[a:b] for a, b in units), j


def _chain(tok: str, strict: bool, closed: bool = True) -> bool:
    """Whether ``tok`` is a chain of unit names ("工商、质监部门"); not ``strict``: bare function words may stand in it
    when (``closed``) it closes with a unit name or 等 ("规划、住建、…人防等", "宣传、广播电视部门")."""
    r = _rules()
    tok = tok.rstrip("、，,；;")
    if not tok or r["not_unit"].search(tok):
        return False
    pieces = [p for p in r["split"].split(tok)]
    if any(not p or len(p) > r["max_name"] for p in pieces):
        return False
    known = [is_unit_name(p[:-1] if p.endswith("等") and len(p) > 2 else p) for p in pieces]
    if all(known):
        return True
    if strict or not all(k or r["bare"].fullmatch(p.removesuffix("等")) for k, p in zip(known, pieces)):
        return False
    return not closed or (len(pieces) >= 2 and (known[-1] or tok.endswith("等")))


def _sub_row_units(text: str, toks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The unit cells of a merged row's sub-rows: a unit chain between two sentences ("…备查。 住房和城乡建设部门 检查…")."""
    r = _rules()
    out = []
    for k in range(1, len(toks) - 1):
        prev, tok = text[toks[k - 1][0]:toks[k - 1][1]], text[toks[k][0]:toks[k][1]]
        nxt = text[toks[k + 1][0]:toks[k + 1][1]]
        if r["sentence_end"].search(prev) and _chain(tok, strict=True) and not _chain(nxt, strict=False):
            out.append(toks[k])
    return out
