"""The header of a glued task table (see :mod:`extract.structure.tables.general`): the rule data of
``general_table`` compiled once (``rules()``), and ``header(text, at) -> (cells, roles, end) | None``
for the header that opens with 序号 at ``at``: cut into cells at spaces, at the known header words,
then after each cell-ending noun; each cell with its role (a year, a bracketed measure unit or a count
word and no role: a figure column). Only headers whose department columns come last are returned. Pure.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.structure.tables.cells import DEPT_ROLES, header_role, table_rules

CN = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def rules() -> dict:
    r = table_rules()["general_table"]
    dept = sorted(r["dept_words"], key=len, reverse=True)
    words = sorted(set(dept) | set(r["trailing_words"]) | set(table_rules()["glued_table"]["header_words"]),
                   key=len, reverse=True)
    suffixes = table_rules()["dept_suffixes"]
    return {
        "dept": re.compile("|".join(map(re.escape, dept))),
        "trailing": re.compile(r"[ \u3000]*(" + "|".join(map(re.escape, sorted(set(r["trailing_words"]) | set(dept),
                                                                                  key=len, reverse=True))) + ")"),
        "known": re.compile("|".join(map(re.escape, words))),
        "cell_end": re.compile(r["cell_end"]),
        "head_stop": re.compile(r["head_stop"]),
        "max_head": int(r["max_head"]),
        "max_table": int(r["max_table"]),
        "max_units": int(r["max_units"]),
        "total_row": re.compile(r["total_row"]),
        "table_end": re.compile(r["table_end"]),
        "opener": re.compile(r["opener"]),
        "sub_marker": re.compile(r"[（(]([" + CN + r"]{1,3})[）)]"),
        "boundary": re.compile(r["boundary"]),
        "deadline": re.compile(table_rules()["glued_table"]["deadline_start"]),
        "year": re.compile(r"((?:19|20)[0-9]{2})年"),
        "bracket": re.compile(r"[（(]([^（）()0-9]{1,6})[）)]"),
        "figure": re.compile(r"(?<![0-9.A-Za-z])[0-9]+(?:\.[0-9]+)?(?![0-9.%％A-Za-z])"),
        "next_figure": re.compile(r"[ \u3000]+([0-9]+(?:\.[0-9]+)?)(?![0-9.%％A-Za-z])"),
        "count": re.compile(r["count_column"]),
        "base": re.compile(table_rules()["figure_columns"]["columns"]["base_kind"]),
        "goal": re.compile(table_rules()["figure_columns"]["target_kind"]),
        "unit_end": frozenset(s[-1] for s in suffixes),
        "role_end": frozenset(r["role_end"]),
        "min_rows": int(r["min_rows"]),
        "name": re.compile(r["name"]),
        "group_tail": re.compile(r["group_tail"]),
    }


def header(text: str, at: int) -> Optional[tuple[list[str], list[Optional[str]], int]]:
    """(cells, roles, end) of the header that opens with 序号 at ``at``, else None."""
    r = rules()
    start = at + 2
    stop = r["head_stop"].search(text, start, start + r["max_head"])
    limit = stop.start() if stop else start + r["max_head"]
    m = r["dept"].search(text, start, limit)
    if m is None:
        return None
    end = m.end()
    while True:
        t = r["trailing"].match(text, end)
        if t is None:
            break
        end = t.end()
    cells = _cells(text[start:end])
    roles = [header_role(c) for c in cells]
    for i, (c, role) in enumerate(zip(cells, roles)):
        if role is None and (r["year"].search(c) or r["bracket"].search(c) or r["count"].search(c)):
            roles[i] = "figure"
    depts = [i for i, role in enumerate(roles) if role in DEPT_ROLES]
    if "task" not in roles or not depts:
        return None
    if any(role not in DEPT_ROLES and role not in ("deadline", None) for role in roles[depts[0]:]) \
            or depts != list(range(depts[0], depts[-1] + 1)):
        return None  # the department columns come last (a time limit or 备注 may follow them)
    if any(role is None and c != "备注" for c in cells[depts[-1] + 1:] for role in [header_role(c)]):
        return None
    return ["序号", *cells], ["number", *roles], end


def _cells(head: str) -> list[str]:
    """The header run cut into cells: at spaces (letters spaced out one by one, or a cell broken by
    a space, "牵头 单位", joined back), then each piece at the known header words, the rest after
    cell-ending nouns."""
    tokens: list[str] = []
    spaced = False  # the last token is letters spaced out one by one ("工 作 任 务")
    for tok in head.split():
        if tokens and len(tok) == 1 and (spaced or len(tokens[-1]) == 1):
            tokens[-1] += tok
            spaced = True
        elif tokens and header_role(tok) is None and header_role(tokens[-1] + tok) is not None:
            tokens[-1] += tok
            spaced = False
        else:
            tokens.append(tok)
            spaced = False
    return [c for tok in tokens for c in _glued_cells(tok)]


def _glued_cells(head: str) -> list[str]:
    r = rules()
    out: list[str] = []
    pos = 0
    for m in r["known"].finditer(head):
        pieces = _cut(head[pos:m.start()])
        word = m.group()
        if pieces and not _ends_cell(pieces[-1]):
            word = pieces.pop() + word  # "工程包及项目" + "名称": the words before a known word are its own
        out.extend(pieces)
        out.append(word)
        pos = m.end()
    out.extend(_cut(head[pos:]))
    return [c for c in out if c]


def _ends_cell(piece: str) -> bool:
    ends = [m.end() for m in rules()["cell_end"].finditer(piece)]
    return bool(ends) and ends[-1] == len(piece)


def _cut(run: str) -> list[str]:
    out, pos = [], 0
    for m in rules()["cell_end"].finditer(run):
        out.append(run[pos:m.end()])
        pos = m.end()
    if pos < len(run):
        if out:
            out[-1] += run[pos:]
        else:
            out.append(run[pos:])
    return out
