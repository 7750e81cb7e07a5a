"""Flattened project tables whose unit cell stands between person cells (rule ``person_table``).

A project ledger (项目任务分解表) often names, for each row, a leading official (责任领导), the
managing unit (管理单位 / 责任单位: 单位名称 + 项目责任人) and the owner (项目业主: 单位名称 +
项目负责人).  Flattened with no separator, the row is "1平潭对台…工程井边西路长…完工企业自筹谢秀桐
澳前片区开发管理局郑 宇区交投集团陈江滔已完成…", so no reader that looks for the units at the row's
end reads it.  ``person_table_rows(text, taken)`` finds the header ("序号" and, within
``max_head`` characters with no sentence punctuation, a task word, a unit column word and a person
column word after it), cuts rows at arabic markers in sequence (1, 2 … restarting at 1 after a
group row "二、公共停车场（1个）"), each after the framed unit of the row before it (the cleaned
text drops the spaces between rows: "…林我禄无5寨山南路"), and reads the row's
first unit cell framed by two person names (a surname of ``surnames`` and two characters, or one
character padded with a space as tables print two-character names: "郑 宇").  That cell is the
row's ``responsible`` unit (a unit column without role word); a cell of two glued names
("区交建局流水片区开发管理局") is cut after ``split_after`` where both halves are units.  The task
cell runs from the marker to the first punctuation or figure (not a year: "2016年城市公共停车场"),
the project's name (its sizes are no targets).  When the header has a goal column of a year
(``goal_column``: "2016年工作目标"), the targets of the row's goal cell (after the last spaced figure
of the figure columns, up to the person before the unit: "完成67%财政拨款") are the row's, of that year.  A row with no framed unit is no
row; fewer than ``min_rows`` rows is no table.  Tables other readers read (``taken`` spans) are
left to them.  Pure; bounded work per header.

``person_deadline_rows(text, taken)`` reads the same family without a number column (rule
``person_deadline_table``): a glued header of a task column, a leader column, a unit column and a person column
right before a deadline column ("类别项目内容责任领导责任处室责任人完成时限"); each row closes with its person cell(s) and
deadline after its glued unit names ("…江裕森曹承代信用信息处药械处食品处瞿武朝施友鹏陈国清6月"); every unit name is
``responsible``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Optional

from extract.entities.targets import extract_targets
from extract.structure.tables.cells import Cell, TableRow, rows_at_headers, table_end, table_rules
from extract.structure.tables.general import _is_name


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["person_table"]
    g = table_rules()["general_table"]
    names = "[" + "".join(r["surnames"]) + "]"
    return {
        "task": re.compile("|".join(map(re.escape, r["task_words"]))),
        "unit": re.compile("|".join(map(re.escape, r["unit_words"]))),
        "person_col": re.compile("|".join(map(re.escape, r["person_words"]))),
        "head_stop": re.compile(g["head_stop"]),
        "max_head": int(r["max_head"]),
        "max_table": int(g["max_table"]),
        "max_unit": int(r["max_unit"]),
        "min_rows": int(r["min_rows"]),
        "table_end": re.compile(g["table_end"]),
        "person": re.compile(names + r"(?:[\u4e00-\u9fff]{2}|[ \u3000][\u4e00-\u9fff])"),
        "marker": re.compile(r"(?<![0-9.A-Za-z０-９（(])([0-9]{1,3})(?=[\u4e00-\u9fff（(])"),  # (not "（1个）")
        "task_end": re.compile(r"[。；;，,：:]|[0-9]+(?:\.[0-9]+)?(?![0-9.年])"),
        "unit_end": frozenset(s[-1] for s in table_rules()["dept_suffixes"]),
        "split_after": frozenset(r["split_after"]),
        "goal_column": re.compile(r["goal_column"]),
        "spaced_figure": re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?[ \u3000]+"),
    }


def person_table_rows(text: str, taken: list[tuple[int, int]] = ()) -> list[TableRow]:
    """Rows of the project tables described in the module doc, in text order."""
    return rows_at_headers(text, lambda at: _table(text, at, taken))


def _header_end(text: str, at: int) -> Optional[int]:
    """End of the header that opens with 序号 at ``at`` (its last person column word), else None."""
    r = _rules()
    start = at + 2
    stop = r["head_stop"].search(text, start, start + r["max_head"])
    limit = stop.start() if stop else min(len(text), start + r["max_head"])
    task = r["task"].search(text, start, limit)
    unit = r["unit"].search(text, start, limit)
    if task is None or unit is None:
        return None
    end = None
    for m in r["person_col"].finditer(text, unit.end(), limit):
        end = m.end()
    return end


def _table(text: str, at: int, taken) -> Optional[tuple[list[TableRow], int]]:
    r = _rules()
    body = _header_end(text, at)
    if body is None:
        return None
    goal = r["goal_column"].search(text, at, body)
    year = int(goal.group(1)) if goal else None
    end = table_end(text, body, r["table_end"], r["max_table"])
    if any(a < end and at < b for a, b in taken):
        return [], end  # another reader read this table
    starts, n, framed = [], 1, None
    for m in r["marker"].finditer(text, body, end):
        v = int(m.group(1))
        if not (v == n or (v == 1 and starts)):
            continue
        if starts:  # the row before must be complete: its framed unit ends before this marker
            if framed is None:
                framed = _framed_unit(text, starts[-1][2], end) or (end, end, end)
            if framed[1] > m.start():
                continue
        starts.append((m.group(1), m.start(), m.end()))
        n, framed = v + 1, None
    rows = []
    for k, (label, m_at, m_end) in enumerate(starts):
        row_end = starts[k + 1][1] if k + 1 < len(starts) else end
        row = _row(text, label, m_at, m_end, row_end, year if goal else None)
        if row is not None:
            rows.append(row)
    if len(rows) < r["min_rows"]:
        return None
    return rows, end


def _row(text: str, label: str, m_at: int, body: int, end: int, year: Optional[int]) -> Optional[TableRow]:
    r = _rules()
    unit = _framed_unit(text, body, end)
    if unit is None:
        return None
    a, b, leader = unit
    t = r["task_end"].search(text, body, a)
    task_end = t.start() if t else a
    task = text[body:task_end].strip()
    if not task:
        return None
    cells = {"number": Cell(label, (m_at, body)), "task": Cell(task, (body, body + len(task)))}
    for k, (x, y) in enumerate(_split(text, a, b)):
        cells["responsible" if k == 0 else f"responsible:{k + 1}"] = Cell(text[x:y], (x, y))
    targets = []
    if year is not None:  # the goal cell: after the last spaced figure, up to the person before the unit
        figs = [m.end() for m in r["spaced_figure"].finditer(text, task_end, leader)]
        if figs:
            targets = [t if t.year is not None else replace(t, year=year)
                       for t in extract_targets(text[figs[-1]:leader], figs[-1])]
    return TableRow(number=label, cells=cells, span=(m_at, end), header=[], inline=True, targets=targets)


def _framed_unit(text: str, start: int, end: int) -> Optional[tuple[int, int, int]]:
    """(start, end) of the first unit name of ``text[start:end]`` with a person name right before it
    and right after it (spaces allowed between), and the start of the person before it."""
    r = _rules()
    for i in range(start, end):
        p = r["person"].match(text, i, end)
        if p is None:
            continue
        j = p.end()
        while j < end and text[j] in " \u3000":
            j += 1
        for k in range(j + 2, min(end, j + r["max_unit"]) + 1):
            if text[k - 1] not in r["unit_end"]:
                continue
            q = k
            while q < end and text[q] in " \u3000":
                q += 1
            if r["person"].match(text, q, end) and _is_name(text[j:k]):
                return j, k, i
    return None


def _split(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``text[a:b]`` cut after a ``split_after`` character where both halves are unit names."""
    r = _rules()
    for k in range(a + 3, b - 3):
        if text[k - 1] in r["split_after"] and _is_name(text[a:k]) and _is_name(text[k:b]):
            return [(a, k), (k, b)]
    return [(a, b)]


# ------------------------------------------------------------ rows closed by a deadline (rule person_deadline_table)


@lru_cache(maxsize=1)
def _deadline_rules() -> dict:
    r = table_rules()["person_deadline_table"]
    words = lambda key: re.compile("|".join(map(re.escape, r[key])))  # noqa: E731
    return {
        "task": words("task_words"), "unit": words("unit_words"), "person_col": words("person_words"),
        "deadline_col": words("deadline_words"), "deadline": re.compile(r["deadline"]),
        "unit_end": _rules()["unit_end"] | frozenset(r["extra_unit_end"]),
        "closing": re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{1,15}?(?:" + r["deadline"] + ")"),
        "max_head": int(r["max_head"]), "max_row": int(r["max_row"]), "min_rows": int(r["min_rows"]),
        "head_stop": re.compile(table_rules()["general_table"]["head_stop"] + r"|[\s]"),
        "group": re.compile(r"[ \u3000]*(?:[\u4e00-\u9fff][ \u3000]+){1,5}[\u4e00-\u9fff](?![\u4e00-\u9fff]{0,1}[ \u3000])"),
    }


def person_deadline_rows(text: str, taken: list[tuple[int, int]] = ()) -> list[TableRow]:
    """Rows of the unnumbered person tables (rule ``person_deadline_table``): a glued header whose last column
    is a deadline, rows each closed by person cell(s) + deadline cell after their unit cell(s)."""
    d = _deadline_rules()
    out: list[TableRow] = []
    resume = 0
    for m in d["deadline_col"].finditer(text):
        if m.start() < resume:
            continue
        head = _deadline_header(text, m)
        if head is None:
            continue
        at, header = head
        rows, end = _deadline_table(text, m.end(), header)
        if len(rows) >= d["min_rows"] and not any(a < end and at < b for a, b in taken):
            out.extend(rows)
            resume = end
    return out


def _deadline_header(text: str, m) -> Optional[tuple[int, str]]:
    """(start, text) of the glued header closed by the deadline column word ``m``, else None."""
    d = _deadline_rules()
    lo = max(0, m.start() - d["max_head"])
    stops = [s.end() for s in d["head_stop"].finditer(text, lo, m.start())]
    lo = stops[-1] if stops else lo
    persons = list(d["person_col"].finditer(text, lo, m.start()))
    units = list(d["unit"].finditer(text, lo, m.start()))
    tasks = list(d["task"].finditer(text, lo, m.start()))
    if not (persons and units and tasks) or persons[-1].end() != m.start():  # the person column comes right before
        return None
    if not any(p.end() <= units[0].start() for p in persons):  # a leader column before the unit column, too
        return None
    return tasks[0].start(), text[tasks[0].start():m.end()]


def _deadline_table(text: str, body: int, header: str) -> tuple[list[TableRow], int]:
    d = _deadline_rules()
    rows, pos = [], body
    while True:
        start = _skip_opening(text, pos, header)
        tail = None
        for i in range(start + 1, min(len(text), start + d["max_row"])):
            tail = _row_tail(text, i)
            if tail is not None:
                break
        if tail is None:
            return rows, pos
        for i in range(tail[0] + 1, tail[1][-1][1]):  # a surname-like character inside the task cell ("…签章江裕森…"):
            other = _row_tail(text, i)  # the reading whose first unit name is shortest, same row end (on a tie the
            # later one: a task ending in a surname-like word, "先行赔付机制", keeps it; several leaders stay in the task)
            if other is not None and other[2] == tail[2] and _first_len(other) <= _first_len(tail):
                tail = other
        lead, units, end = tail
        task = text[start:lead].strip()
        cells = {"task": Cell(task, (start, start + len(task)))}
        for k, (x, y) in enumerate(units):
            cells["responsible" if k == 0 else f"responsible:{k + 1}"] = Cell(text[x:y], (x, y))
        rows.append(TableRow(number=None, cells=cells, span=(start, end), header=[], inline=True))
        pos = end


def _skip_opening(text: str, pos: int, header: str) -> int:
    """Past the repeated header and the spaced group cell ("改 革 创 新") that may open a row at ``pos``."""
    d = _deadline_rules()
    while True:
        while pos < len(text) and text[pos] in " \u3000":
            pos += 1
        again = text.find(header, pos, pos + len(header) + 8)  # the header repeated ("类别" + header)
        if again != -1:
            pos = again + len(header)
            continue
        g = d["group"].match(text, pos)
        if g is None:
            return pos
        pos = g.end()


def _row_tail(text: str, i: int) -> Optional[tuple[int, list[tuple[int, int]], int]]:
    """At ``i``: person cell(s), unit cell(s), person cell(s), deadline cell -> (i, unit spans, row end)."""
    for j in sorted(_person_run(text, i), reverse=True):  # the longest run of leaders first
        units = _unit_run(text, j)
        if not units:
            continue
        closing = _deadline_rules()["closing"].match(text, units[-1][1])  # the person cell(s), any names
        if closing is not None:
            return i, units, closing.end()
    return None


def _person_run(text: str, i: int) -> set[int]:
    """Ends of one or more glued person names from ``i`` (spaces after each allowed)."""
    person = _rules()["person"]
    ends, frontier = set(), [i]
    while frontier:
        p = frontier.pop()
        m = person.match(text, p)
        if m is None:
            continue
        e = m.end()
        while e < len(text) and text[e] in " \u3000":
            e += 1
        if e not in ends:
            ends.add(e)
            frontier.append(e)
    return ends


def _unit_run(text: str, j: int) -> list[tuple[int, int]]:
    """Glued unit names from ``j``, each the shortest name closed by a unit ending (none when none is)."""
    d = _deadline_rules()
    person = _rules()["person"]
    out, a = [], j
    while True:
        b = next((k for k in range(a + 2, min(len(text), a + _rules()["max_unit"]) + 1)
                  if text[k - 1] in d["unit_end"] and _is_name(text[a:k])), None)
        if b is None or (out and person.match(text, a) and not _is_name(text[a:b])):
            return out
        out.append((a, b))
        a = b
        if person.match(text, a) or not _unit_start(text, a):
            return out


def _unit_start(text: str, a: int) -> bool:
    d = _deadline_rules()
    return any(k - a >= 2 and text[k - 1] in d["unit_end"] and _is_name(text[a:k])
               for k in range(a + 2, min(len(text), a + _rules()["max_unit"]) + 1))


def _first_len(tail) -> int:
    (a, b), *_ = tail[1]
    return b - a
