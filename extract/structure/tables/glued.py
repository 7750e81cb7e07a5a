"""Task tables whose cells a crawler ran together with no separator at all:
"序号工作任务责任单位时间进度1探索…方式。市民政局、市财政局2017年6月底前出台2动员…".

``glued_table_rows(text)`` finds such a table by its header (header words of
``tables.yaml``'s ``glued_table`` rule written one after another, 序号 first,
one department column), then cuts rows at the row numbers 1, 2, 3 … (a number
between two Chinese characters, not part of a date) and each row into its
task (up to the last sentence end before the department list), its
department list (the longest run of unit-shaped names) and the rest (the
time column).  A row whose task has no sentence end ("1发布一批…科技成果包科技部
会同有关部门2016年6月底前完成") is cut where its unit list begins: at a name of
the department gazetteer (with a level word before it, 国家/省/市…) or, failing
that, at a level word, the earliest such place from which unit names joined by
、，和及与会同 run to a deadline or the row's end.  Returns
:class:`~extract.structure.tables.cells.TableRow` objects with spans into ``text``; nothing
when no such header exists.  Linear in the text (a row is tried at most at a
bounded number of starts).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Optional

from extract.rules.loader import gazetteer_files
from extract.structure.lead_search import lead_search
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["glued_table"]
    words = sorted(r["header_words"], key=len, reverse=True)
    suffixes = sorted(table_rules()["dept_suffixes"], key=len, reverse=True)
    # a header word may be printed with spaces between its characters ("工  作  任  务", "负 责 单 位")
    spaced = "|".join(r"[ \u3000]*".join(map(re.escape, w)) for w in words)
    return {
        # a header word may carry a bracketed note ("类型（机制、任务等）")
        "header": re.compile(r"序号((?:[\s\u3000]*(?:" + spaced + r")(?:[（(][^（）()]{1,12}[）)])?){2,6})"),
        # a header without 序号 needs three glued header words ("主线项目主要内容责任单位完成时限")
        "header_bare": lead_search(re.compile(r"(?<!序号)((?:" + "|".join(map(re.escape, words)) + r")(?:[\s\u3000]*(?:"
                                              + "|".join(map(re.escape, words)) + ")){2,5})")),  # searched from a word
        "group": re.compile(r["group_marker"]),
        "continues": re.compile(r["continued_line"]),
        "word": re.compile(spaced),
        "joiner": re.compile(r["joiner"]),
        "max_row": int(r["max_row"]),
        "suffix": re.compile("|".join(map(re.escape, suffixes))),
        "cjk_run": re.compile(r"[\u4e00-\u9fff]+"),
        "paren": re.compile(r"[（(][\u4e00-\u9fff]{1,12}[）)]"),
        "level": re.compile(r["level_word"]),
        "level_before": re.compile(r["level_before_known"]),
        "deadline_start": re.compile(r["deadline_start"]),
        "unit": re.compile(r"[\u4e00-\u9fff]{1,30}(?:" + "|".join(map(re.escape, suffixes))
                           + r")(?:[（(][\u4e00-\u9fff]{1,12}[）)])?"),
        "sentence_end": re.compile(r"[。；;！？]"),
        # a row number: between Chinese characters, not part of a date, a count or a decimal
        # (after a month it may follow a deadline: "…2015年6月2加快…")
        # ("1.增强…" with a dot, when a header glued to its first row shows the table)
        "row_number": re.compile(r"(?<![0-9日.．])(?<![0-9]年)[0-9]{1,3}(?:[.．](?![0-9]))?(?![0-9年月日号%．.])"
                                 r"(?=[\u4e00-\u9fff“《])"),
        # the same where one space may stand between the number and its row (glued_last tables:
        # "…区环境与国土资源局99 流水…", "…研究中心104 302电台迁建…")
        "row_number_spaced": re.compile(r"(?<![0-9日.．])(?<![0-9]年)[0-9]{1,3}(?:[.．](?![0-9]))?"
                                        r"(?![0-9年月日号%．.])(?=[ \u3000]?[\u4e00-\u9fff“《]|[ \u3000][0-9])"),
        # where two unit names glued with no separator meet ("区经济发展局区直各有关单位")
        "glue": re.compile(r"(?<=[局委办厅部院会室处所站心])(?=[区市县省州各])"),
    }


@lru_cache(maxsize=1)
def _known_units() -> dict[str, tuple[str, ...]]:
    """Names of the department gazetteer (labels and aliases, read as data: no
    entity-stage code) by first character, longest first."""
    names: set[str] = set()
    for entry in (e for gazetteer in gazetteer_files() for e in gazetteer.get("departments") or []):
        names.update([entry["label"], *entry.get("aliases", []), *entry.get("local_aliases", [])])
    by_first: dict[str, list[str]] = {}
    for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    return {k: tuple(v) for k, v in by_first.items()}


def _known_in(text: str, start: int, end: int):
    """(start, end) of each gazetteer name found in ``text[start:end]`` (the
    longest at each place), in text order."""
    known = _known_units()
    for i in range(start, end):
        for name in known.get(text[i], ()):
            if text.startswith(name, i) and i + len(name) <= end:
                yield i, i + len(name)
                break


def _header(text: str, m: re.Match) -> list[Optional[str]]:
    words = [_unspaced(w.group()) for w in _rules()["word"].finditer(m.group(1))]
    return ["number"] + [header_role(w) for w in words]


def _unspaced(word: str) -> str:
    return word.replace(" ", "").replace("\u3000", "")


def _row_starts(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(number, start of the number, start of the row text) for rows 1, 2, …
    (one scan: each row number is the first number after the previous one
    that is the next in sequence, or 1 again right after a group heading
    "（二）…" when the numbering restarts in each group)."""
    out = []
    n = 1
    last = start
    groups = [g.start() for g in _rules()["group"].finditer(text, start, end)]  # one scan
    dotted = None  # rows are numbered "1." or "1" throughout (the other kind numbers points inside a row)
    for m in _rules()["row_number"].finditer(text, start, end):
        v = int(m.group().rstrip(".．"))
        k = bisect_left(groups, last)
        if dotted is not None and (m.group()[-1] in ".．") != dotted:
            continue
        if v == n or (v == 1 and out and k < len(groups) and groups[k] < m.start()):
            dotted = m.group()[-1] in ".．"
            out.append((v, m.start(), m.end()))
            n, last = v + 1, m.end()
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


def glued_starts_at(text: str, pos: int) -> bool:
    """Whether a glued table's header (序号 and header words) starts at ``pos``."""
    return bool(_rules()["header"].match(text, pos))


def glued_table_rows(text: str) -> list[TableRow]:
    """Rows of glued tables in ``text`` (see module doc)."""
    if "序号" not in text and not _rules()["header_bare"].search(text):
        return []
    out: list[TableRow] = []
    headers = list(_rules()["header"].finditer(text)) or list(_rules()["header_bare"].finditer(text))
    for m in headers:
        roles = _header(text, m)
        depts = [r for r in roles if r in DEPT_ROLES]
        combined = depts == ["lead"] and "combined" in roles  # 牵头单位 | 配合/责任单位
        if "task" not in roles or (len(depts) != 1 and not combined):
            continue
        line_end = _table_end(text, m.end())
        starts = _row_starts(text, m.end(), line_end)
        header = ([text[m.start():m.start() + 2]] if text.startswith("序号", m.start()) else []) \
            + [_unspaced(w.group()) for w in _rules()["word"].finditer(m.group(1))]
        words = header[-len(roles) + 1:] if len(roles) > 1 else []
        at = roles.index(depts[0])
        mid = not combined and at < len(roles) - 1 and roles[at + 1] != "deadline" and words[at] != "备注"
        timed = not combined and at < len(roles) - 1 and roles[at + 1] == "deadline"  # rule chain
        for k, (n, num_at, body) in enumerate(starts):
            row_end = starts[k + 1][1] if k + 1 < len(starts) else line_end
            row = (_combined_row(text, n, num_at, body, row_end, header) if combined
                   else _mid_row(text, n, num_at, body, row_end, depts[0], header) if mid
                   else _cut_row(text, n, num_at, body, row_end, depts[0], header, timed))
            if row is not None:
                out.append(row)
    return out


def _table_end(text: str, start: int) -> int:
    """End of a glued table whose header ends at ``start``: its line, and the
    lines after it that open with a group heading or a sub-point ("（二）深化…1成立…",
    "①放宽…", where line breaks were put back; rule ``continued_line``)."""
    end = text.find("\n", start)
    while end != -1:
        nxt = end + 1
        while nxt < len(text) and text[nxt] in " \t\u3000":
            nxt += 1
        if not _rules()["continues"].match(text, nxt):
            return end
        end = text.find("\n", nxt)
    return len(text)


def _row(text: str, n: int, num_at: int, body: int, cut: int, units_end: int, end: int,
         role: str, header: list[str]) -> TableRow:
    cells = {"number": Cell(str(n), (num_at, num_at + len(str(n)))),
             "task": Cell(text[body:cut], (body, cut)),
             role: Cell(text[cut:units_end], (cut, units_end))}
    if units_end < end:
        cells["deadline"] = Cell(text[units_end:end], (units_end, end))
    return TableRow(number=str(n), cells=cells, span=(num_at, end), header=header)


def _cut_row(text: str, n: int, num_at: int, body: int, end: int, role: str, header: list[str],
             timed: bool = False) -> Optional[TableRow]:
    """One glued row: task up to a sentence end, then the unit list, then the rest;
    without such a sentence end, the task up to where a unit list starts that
    runs to the deadline (see module doc).  ``timed`` (a time column follows the
    department column): the unit list read backwards from the row's time limit first
    (glued_chain, rule ``glued_table.chain``)."""
    if timed and end - body <= _rules()["max_row"]:
        from extract.structure.tables.glued_chain import chain_cell

        cell = chain_cell(text, body, end)
        if cell is not None:
            return _row(text, n, num_at, body, cell[0], cell[1], end, role, header)
    ends = [e.end() for e in _rules()["sentence_end"].finditer(text, body, end)]
    for cut in reversed(ends):
        units_end = _units(text, cut, end)
        if units_end > cut:
            return _row(text, n, num_at, body, cut, units_end, end, role, header)
    if end - body > _rules()["max_row"]:  # no row of a table is this long: do not search it for names
        return None
    for cut, first_end in _unit_starts(text, body + 2, end):
        units_end = _joined_units(text, cut, first_end, end)
        if units_end > cut and _ends_row(text, units_end, end):
            return _row(text, n, num_at, body, cut, units_end, end, role, header)
    return None


def _mid_row(text: str, n: int, num_at: int, body: int, end: int, role: str, header: list[str]) -> Optional[TableRow]:
    """A glued row whose department column has another column after it: the cell found by its
    content (glued_mid.mid_units); the task up to it."""
    from extract.structure.tables.glued_mid import mid_units

    if end - body > _rules()["max_row"]:
        return None
    cell = mid_units(text, body, end)
    if cell is None:
        return None
    cells = {"number": Cell(str(n), (num_at, num_at + len(str(n)))), "task": Cell(text[body:cell[0]], (body, cell[0])),
             role: Cell(text[cell[0]:cell[1]], cell)}
    return TableRow(number=str(n), cells=cells, span=(num_at, end), header=header)


def _combined_row(text: str, n: int, num_at: int, body: int, end: int, header: list[str]) -> Optional[TableRow]:
    """A glued row of a table with a 牵头单位 column and a combined 配合/责任单位 column: the task up
    to its last sentence end, then the lead names glued one to the next and to the first name of
    the combined list ("区经济发展局区行政审批局区直各有关单位，各片区管理局"); a space after the
    sentence end is an empty lead cell.  The combined list takes part where there is a lead and is
    responsible where there is none."""
    ends = [e.end() for e in _rules()["sentence_end"].finditer(text, body, end)]
    if not ends:
        return None
    cut = ends[-1]
    empty_lead = cut < end and text[cut] in " \t\u3000"
    start = cut
    while start < end and text[start] in " \t\u3000":
        start += 1
    units_end = _units(text, start, end)
    if units_end <= start:
        return None
    first = re.match(r"[^、，,]*", text[start:units_end]).group()
    glued = [start] + [start + m.start() for m in _rules()["glue"].finditer(first) if m.start() > 0]
    cells = {"number": Cell(str(n), (num_at, num_at + len(str(n)))), "task": Cell(text[body:cut], (body, cut))}
    if empty_lead or len(glued) < 2:
        cells["responsible"] = Cell(text[start:units_end], (start, units_end))
    else:
        split = glued[-1]
        cells["lead"] = Cell(text[start:split], (start, split))
        cells["participants"] = Cell(text[split:units_end], (split, units_end))
    return TableRow(number=str(n), cells=cells, span=(num_at, end), header=header)


def _unit_starts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end of the first unit) where a unit list may start in a row, in
    text order: a gazetteer name (with a level word just before it), or a level
    word that begins a unit name in which no gazetteer name starts later
    (国家科技成果信息系统科技部 is a task running into 科技部)."""
    rules = _rules()
    out: dict[int, int] = {}
    for k_start, k_end in _known_in(text, start, end):
        lv = [x for x in rules["level_before"].finditer(text, max(start, k_start - 4), k_start)
              if x.end() == k_start]
        out.setdefault(lv[0].start() if lv else k_start, k_end)
    for lv in rules["level"].finditer(text, start, end):
        u = _unit_at(text, lv.start(), end)
        if lv.start() not in out and u and next(_known_in(text, lv.end(), u), None) is None:
            out[lv.start()] = u
    return sorted(out.items())


def _unit_at(text: str, pos: int, end: int) -> int:
    """End of the shortest unit-shaped name at ``pos`` (Chinese characters up to
    a unit suffix, with a parenthesis) that a joiner, 等, a deadline or the row's
    end follows; 0 when there is none within 24 characters."""
    stop = min(end, pos + 24)
    cjk = _rules()["cjk_run"].match(text, pos, stop)
    if not cjk:
        return 0
    for m in _rules()["suffix"].finditer(text, pos + 1, cjk.end()):
        at = m.end()
        paren = _rules()["paren"].match(text, at, end)
        for e in ((paren.end(), at) if paren else (at,)):
            if _ends_unit(text, e, end):
                return e
    return 0


def _ends_unit(text: str, at: int, end: int) -> bool:
    return at >= end or text[at] == "等" or bool(_rules()["joiner"].match(text, at, end)) \
        or bool(_rules()["deadline_start"].match(text, at, end))


def _joined_units(text: str, pos: int, first_end: int, end: int) -> int:
    """End of a run of unit names joined by the rule's joiners (、，和及与会同)
    whose first name ends at ``first_end``, with a trailing 等; ``pos`` when
    the first name is not followed by a joiner, 等, a deadline or the end."""
    joiner = _rules()["joiner"]
    at = first_end
    while at < end and _ends_unit(text, at, end):
        j = joiner.match(text, at, end)
        if not j:
            break
        nxt = _unit_at(text, j.end(), end)
        if not nxt:
            break
        at = nxt
    if not _ends_unit(text, at, end):
        return pos
    if at < end and text[at] == "等":
        at += 1
    return at


def _ends_row(text: str, at: int, end: int) -> bool:
    """Nothing, or a deadline, follows the unit list."""
    return at >= end or bool(_rules()["deadline_start"].match(text, at, end))
