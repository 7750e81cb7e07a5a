"""Assessment tables (考核表, 评分细则) flattened with no separator between cells, a score column among the
columns and the unit column last (rule ``scored_table`` in ``tables.yaml``): "序号考核项目各项分值考核指标负责考核
部门总分100一、巩固成果…311完善“四个到位”5进一步健全…考核评估。县河长办2强化督查督办4严格执行…县河长办3…".

``scored_rows(text, taken)`` finds the header: a department column word (``dept_words``) with, before it in a run
of no sentence punctuation, a score column word (``score_words``) and a content column word (``content_words``),
and after it at most trailing column words (``trailing_words``: 备注, 说明) — the unit column is the last.  The rows
are cut at their unit cells, not at their numbers (a row number is often glued to a score or a group's total:
"…实效311完善…" is a group of 31 points and row 1): a unit cell is a chain of unit names (joined by 、，； or
spaces) that opens after a cell boundary (a sentence end, a closing bracket, a digit, a score "1分", a space) and
ends right before the next row's number, a group heading ("二、"), or the table's end.  When the header's score
column stands right before the unit column ("分值责任单位"), a unit cell may also open right after a score ("…10分
区交建局") and the next row then starts where its names end.  The task cell is the text between one unit cell
and the next (its number and leading marks stripped).  At least ``min_rows`` rows make a table; tables other
readers read (``taken`` spans) are left to them.  Returns inline :class:`~extract.structure.tables.cells.TableRow`
objects, the unit cell under the role of the header's department word.  A header whose content part names a lead
column after its content columns ("…评分标准自评牵头部门考评单位标准分责任单位", rule ``lead_column``) gives each row
its lead cell too: the unit names closing the task cell before its score (after the standard's last sentence end or
score), cut at their first glued joint when a column of other bodies (考评单位) follows the lead column; a chain
right before a score and a unit cell is then that lead cell, not a row's unit cell.  Circled numbers (①…) join the
names of a unit cell; a group heading after a space ends a unit cell; a row whose unit cell is printed empty ("7-")
takes no merged cell.  Bounded work: a unit cell is searched
over at most ``max_cell`` characters before each candidate end.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_shape import is_unit_name
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, rows_at_matches, table_rules

__all__ = ["scored_rows"]


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["scored_table"]

    def words(key):
        return "|".join(map(re.escape, sorted(r[key], key=len, reverse=True)))

    return {
        "dept": re.compile(words("dept_words")),
        "score_word": re.compile(words("score_words")),
        "score_list": tuple(r["score_words"]),
        "content": re.compile(words("content_words")),
        "trailing": re.compile("(?:" + words("trailing_words") + ")*"),
        "head_stop": re.compile(r["head_stop"]),
        "max_head": int(r["max_head"]),
        "boundary": re.compile(r["boundary"]),
        "score": re.compile(r["score"]),
        "next_row": re.compile(r["next_row"]),
        "row_number": re.compile(r["row_number"]),
        "number_word": r["number_word"],
        "joiner": re.compile(r["joiner"]),
        "lead_marks": re.compile(r["lead_marks"]),
        "table_end": re.compile(r["table_end"]),
        "min_name": int(r["min_name"]),
        "max_bare": int(r["max_bare"]),
        "level": re.compile(r["level_word"]),
        "max_name": int(r["max_name"]),
        "max_cell": int(r["max_cell"]),
        "max_table": int(r["max_table"]),
        "min_rows": int(r["min_rows"]),
        "unit_end": frozenset(s[-1] for s in table_rules()["dept_suffixes"]),
        "lead_word": re.compile("|".join(map(re.escape, r["lead_column"]["lead_words"]))),
        "other_word": re.compile("|".join(map(re.escape, r["lead_column"]["other_words"]))),
        "score_tail": re.compile(r["lead_column"]["score_tail"]),
        "empty_cell": re.compile(r["lead_column"]["empty_cell"]),
        "heading_row": re.compile(r["lead_column"]["heading_row"]),
        "trailing_heading": re.compile(r["lead_column"]["trailing_heading"]),
        "standard_end": re.compile(r["lead_column"]["standard_end"]),
    }


def scored_rows(text: str, taken: list[tuple[int, int]] = ()) -> list[TableRow]:
    """Rows of the assessment tables of ``text`` (see module doc), in text order."""
    r = _rules()

    def read(text: str, m: re.Match) -> Optional[list[TableRow]]:
        head = _header(text, m)
        if head is None:
            return None
        header, body, score_first = head
        end_m = r["table_end"].search(text, body, body + r["max_table"])
        end = end_m.start() if end_m else min(len(text), body + r["max_table"])
        rows = _rows(text, body, end, header, score_first)
        if len(rows) >= r["min_rows"] and not any(a < rows[-1].span[1] and body < b for a, b in taken):
            return rows
        return None

    return rows_at_matches(r["dept"], text, read)


def _header(text: str, m: re.Match) -> Optional[tuple[list[str], int, bool]]:
    """(header words, where the rows start, score column right before the unit column) or None."""
    r = _rules()
    lo = max(0, m.start() - r["max_head"])
    stops = [s.end() for s in r["head_stop"].finditer(text, lo, m.start())]
    lo = stops[-1] if stops else lo
    scores = list(r["score_word"].finditer(text, lo, m.start()))
    content = r["content"].search(text, lo, m.start())
    numbered = text[lo:m.start()].lstrip().startswith(r["number_word"]) or (
        content is not None and r["number_word"] in text[lo:content.start()])  # ("项目序号考核内容…")
    if not (scores or numbered) or content is None or header_role(m.group()) not in DEPT_ROLES:
        return None
    stop = r["head_stop"].search(text, m.end(), m.end() + r["max_head"])
    if r["dept"].search(text, m.end(), stop.start() if stop else m.end() + r["max_head"]):
        return None  # another unit column after this one in the header run: the last one is the table's
    tail = r["trailing"].match(text, m.end())
    body = tail.end()
    if r["dept"].match(text, body) or r["content"].match(text, body):
        return None  # another column after the unit column: not this table
    score_first = any(text.endswith(w, lo, m.start()) for w in r["score_list"])
    return [text[content.start():m.start()], m.group(), "序号" if numbered else ""], body, score_first


def _rows(text: str, body: int, end: int, header: list[str], score_first: bool) -> list[TableRow]:
    r = _rules()
    role = header_role(header[1])
    cells_at: list[tuple[int, int]] = []
    for q in _ends(text, body, end):
        if cells_at and q <= cells_at[-1][1]:
            continue
        lo = cells_at[-1][1] if cells_at else body
        s = _cell_start(text, max(lo, q - r["max_cell"]), q)
        if s is not None:
            cells_at.append((s, q))
    lead_col = _lead_column(header[0])
    if lead_col:  # "…4分。公安部门12区公安局16…": a chain right before the score and a unit cell is the lead cell
        cells_at = [c for k, c in enumerate(cells_at) if k + 1 == len(cells_at)
                    or not r["score_tail"].fullmatch(text, c[1], cells_at[k + 1][0])]
    if score_first and not lead_col:  # "…10分区交建局加强…": a cell right after a score, the next row after its names
        cells_at = _after_scores(text, body, end, cells_at)
    own = {q: (s, q) for s, q in cells_at}
    cuts = sorted({q for _, q in cells_at} | (set(_numbers(text, body, end, own)) if header[2] else set()))
    if header[2] and cells_at:
        cuts.append(end)  # (numbered rows: the last one runs to the table's end, its cell merged from above)
    rows: list[TableRow] = []
    lo, above = body, None
    for q in sorted(set(cuts)):
        e = q
        while e > lo and text[e - 1] in " \u3000\t\n":
            e -= 1
        cell = own.get(q) or own.get(e)
        h = None if cell else r["trailing_heading"].search(text, lo, e)
        if h and h.start() > lo:  # a group heading printed before the next row's number: not the row's
            e = h.start()
        if cell is not None and cell[0] < lo:
            cell = None
        s = cell[0] if cell else e
        a = r["lead_marks"].match(text, lo, s).end()
        b = s
        while b > a and text[b - 1] in " \u3000\t":
            b -= 1
        if cell is None and e > lo and text[e - 1] in r["unit_end"]:
            above = None  # the row ends as a unit name that was not read: no merged cell reaches past it
        leads: list[tuple[int, int]] = []
        if lead_col and b - a >= 2:  # "…3分。政法部门、交通运输主管部门省交通运输厅7": lead, assessor, score cells
            leads, b = _lead_cells(text, a, b, lead_col == "other")
        if cell is None and r["empty_cell"].search(text, lo, e):
            names = above = []  # a unit cell printed empty ("7-"): no merged cell above reaches it
        elif cell is None and r["heading_row"].fullmatch(text, a, b):
            names = []  # a group heading between rows
        else:
            names = (_names(text, *cell) or [cell]) if cell else (above or [])
        if b - a >= 2 and (names or leads):
            cells = {"task": Cell(text[a:b], (a, b))}
            for i, (x, y) in enumerate(leads):
                cells["lead" if i == 0 else f"lead:{i + 1}"] = Cell(text[x:y], (x, y))
            for i, (x, y) in enumerate(names):
                cells[role if i == 0 else f"{role}:{i + 1}"] = Cell(text[x:y], (x, y))
            at = a
            while at > lo and text[at - 1] in "0123456789.．、":
                at -= 1  # (the row's number, glued before its text, is the row's)
            rows.append(TableRow(number=None, cells=cells, span=(at, e), header=header, inline=True))
            above = names or above  # a merged unit cell printed once: the rows under it take it
        lo = q
    return rows


def _lead_column(head: str) -> Optional[str]:
    """"lead" when the header's content part names a lead column after its content columns ("…评分标准自评牵头部门
    标准分"), "other" when a column of other bodies (考评单位) stands between it and the score; else None."""
    r = _rules()
    lead = r["lead_word"].search(head)
    content = r["content"].search(head)
    if lead is None or content is None or content.start() > lead.start():
        return None
    return "other" if r["other_word"].search(head, lead.end()) else "lead"


def _lead_cells(text: str, a: int, b: int, other: bool) -> tuple[list[tuple[int, int]], int]:
    """(the lead unit names closing a task cell ``text[a:b]`` before its score, where the task cell then ends): the
    farthest chain of unit names before the score; with a column of other bodies after the lead column, the chain's
    names up to its first glued joint ("政法部门、交通运输主管部门省交通运输厅" → 政法部门, 交通运输主管部门)."""
    r = _rules()
    t = r["score_tail"].search(text, a, b)
    e = t.start() if t else b
    s = _cell_start(text, max(a, e - r["max_cell"]), e)
    names = _names(text, s, e) if s is not None else []
    if not names:  # a cell right after the standard's last sentence may hold long bare names ("交通运输主管部门")
        stops = [m.end() for m in r["standard_end"].finditer(text, max(a, e - r["max_cell"]), e)]
        s = stops[-1] if stops else None  # (after its last sentence end or score: "…，2分。" / "…得2分")
        names = _names(text, s, e, r["max_name"]) if s is not None and e - s <= r["max_cell"] else []
    if s is None or s - a < 2 or not names:
        return [], b
    if other:
        cut = next((i for i in range(1, len(names)) if names[i][0] == names[i - 1][1]), len(names))
        names = names[:cut]
    end = s
    while end > a and text[end - 1] in " \u3000\t":
        end -= 1
    return names, end


def _numbers(text: str, body: int, end: int, own: dict) -> list[int]:
    """Where the rows numbered 1, 2, 3 … start (a number right after a unit cell resyncs the count)."""
    r = _rules()
    out, expected = [], 1
    opens = {s for s, _ in own.values()}
    for m in r["row_number"].finditer(text, body, end):
        if m.end() in opens:
            continue  # a score right before a unit cell ("…交通运输厅3区交建局"), not a row number
        v = int(m.group(1))
        if v == expected or m.start() in own:
            out.append(m.start())
            expected = v + 1
    return out


def _ends(text: str, body: int, end: int) -> list[int]:
    """Candidate ends of unit cells: before a next row's number or a group heading, and the table's end."""
    r = _rules()
    out = []
    for m in r["next_row"].finditer(text, body, end):
        e = m.start()
        while e > body and text[e - 1] in " \u3000\t\n" and not text[m.start()].isdigit():
            e -= 1  # ("…区交建局 二、加强…": a space before a group heading, not before a score "公安部门 12区公安局")
        if e > body and text[e - 1] in r["unit_end"]:
            out.append(e)
    e = end
    while e > body and text[e - 1] in " \u3000\t\n":
        e -= 1
    if e > body and text[e - 1] in r["unit_end"]:
        out.append(e)
    return sorted(set(out))


def _cell_start(text: str, lo: int, q: int) -> Optional[int]:
    """The farthest cell boundary in ``text[lo:q]`` from which a chain of unit names runs exactly to ``q``."""
    r = _rules()
    starts = sorted({m.end() for m in r["boundary"].finditer(text, lo, q)} | {lo})
    for s in starts:
        while s < q and text[s] in " \u3000\t":
            s += 1
        if s < q and _names(text, s, q):
            return s
    return None


def _names(text: str, s: int, q: int, max_bare: Optional[int] = None) -> list[tuple[int, int]]:
    """The unit names of ``text[s:q]`` when it is only unit names joined by joiners or glued, else [] (a name longer
    than ``max_bare``, default the rule's, opens with a level word)."""
    r = _rules()
    max_bare = r["max_bare"] if max_bare is None else max_bare
    out, at = [], s
    if not ("\u4e00" <= text[s:s + 1] <= "\u9fff") or (text[s:s + 1] == "分" and text[s - 1:s].isdigit()):
        return []  # a name opens with a letter of its own, not a score's "（10分）" or "分"
    while at < q:
        ks = [k for k in range(min(q, at + r["max_name"]), at + r["min_name"] - 1, -1)
              if name_end(text, k) and _is_name(text[at:k])]
        # the shortest name a joiner or a glued name opening with a level word follows ("区政府办公室各联席…"),
        # else the longest that runs to the end, a joiner or another name
        e = next((k for k in reversed(ks) if k < q and (r["joiner"].match(text, k)
                                                         or (r["level"].match(text, k) and _opens(text, k, q)))),
                 None) or next((k for k in ks if k == q or _opens(text, k, q)), None)
        if e is None or (e - at > max_bare and not r["level"].match(text, at)):
            return []  # (a long name opening with no level word is running text: "…进行光伏开发申通地铁集团")
        out.append((at, e))
        j = r["joiner"].match(text, e)
        at = j.end() if j else e
    return out


def name_end(text: str, k: int) -> bool:
    """True when a unit name may end at ``k``: after a unit suffix, or after a bracket closing a name's division or
    other name that follows one ("区委组织部（区公务员局）", "各街镇（园区）")."""
    unit_end = _rules()["unit_end"]
    if text[k - 1] in unit_end:
        return True
    if text[k - 1] not in "）)":
        return False
    o = max(text.rfind("（", 0, k), text.rfind("(", 0, k))
    return o > 0 and k - o <= 12 and (text[o - 1] in unit_end or text[o - 1] in "镇街区县市")


def _opens(text: str, k: int, q: int) -> bool:
    r = _rules()
    return any(name_end(text, j) and _is_name(text[k:j])
               for j in range(k + r["min_name"], min(q, k + r["max_name"]) + 1))


_BRACKET_TAIL = re.compile(r"[（(][^（()）]{1,10}[）)]$")


def _is_name(name: str) -> bool:
    """A unit name, a bracket after it ("各街镇（园区）") read without it."""
    return is_unit_name(name) or (name[-1:] in "）)" and is_unit_name(_BRACKET_TAIL.sub("", name)))


def _after_scores(text: str, body: int, end: int, cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``cells`` and the unit cells that open right after a score (a row with no number after its units)."""
    r = _rules()
    out = list(cells)
    for m in r["score"].finditer(text, body, end):
        at = m.end()
        if any(a <= at < b for a, b in out):
            continue
        names, e = [], at
        while e < end:
            k = next((k for k in range(e + r["min_name"], min(end, e + r["max_name"]) + 1)
                      if text[k - 1] in r["unit_end"] and is_unit_name(text[e:k])), None)  # (the shortest)
            if k is None:
                break
            names.append((e, k))
            j = r["joiner"].match(text, k)
            if j is None or not _opens(text, j.end(), end):
                break
            e = j.end()
        if names:
            out.append((at, names[-1][1]))
    return sorted(out)
