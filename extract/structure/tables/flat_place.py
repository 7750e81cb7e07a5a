"""Placement of a flattened row's pieces into the header's columns (``flat.py``): a small dynamic
programme whose costs live in ``rules/tables.yaml`` (``cost``); see ``flat.py``'s module doc."""

from __future__ import annotations

import functools
import re
from typing import Optional

from extract.structure.tables.cells import Cell, is_ditto, looks_like_deadline, looks_like_departments, table_rules

Line = list[Cell]
_MAX_PIECES = 80
_WRAP = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_LIST_PIECE = 16  # characters of a piece of a broken unit list at most
OTHER = "other"  # a column of no role (rule flat_header_other)


@functools.lru_cache(maxsize=1)
def _repairs() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(dept-name fragment, glued-deadline cut, CJK space) regexes, compiled once."""
    rules = table_rules()
    return tuple(re.compile(rules[key]["pattern"]) for key in ("dept_fragment", "glued_deadline", "cjk_space"))


def is_dept_fragment(piece: str) -> bool:
    """True for a piece that starts a department name broken by a space
    ("市市场监管" before "局"); a complete unit ("市科技局") is none."""
    return bool(_repairs()[0].search(piece)) and not looks_like_departments(piece)


def _place(text: str, pieces: Line, roles: list[str], above: dict) -> Optional[dict[str, Cell]]:
    """Best placement of ``pieces`` into columns ``roles`` (see module doc)."""
    if len(pieces) > _MAX_PIECES:
        return None
    cost = table_rules()["cost"]
    m, k = len(pieces), len(roles)
    inf = float("inf")
    best = [[inf] * (k + 1) for _ in range(m + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    open_end = re.compile(table_rules()["flat_open_piece"]["pattern"])
    fragment = [is_dept_fragment(piece.text) or bool(open_end.search(piece.text)) for piece in pieces]
    for j in range(k):
        skip = cost["skip"][_cost_key(roles[j])] + (0 if roles[j] in above else cost["skip_without_above"])
        for i in range(m + 1):
            if best[i][j] == inf:
                continue
            _relax(best, back, i, j + 1, best[i][j] + skip, (i, j))
            glue = 0.0
            for stop in range(i + 1, m + 1):
                if stop - 1 > i:  # pieces[stop - 2] is glued to pieces[stop - 1]
                    glue += cost["fragment_join"] if fragment[stop - 2] else cost["join"]
                value = best[i][j] + glue + _compat(roles[j], text, pieces[i:stop])
                _relax(best, back, stop, j + 1, value, (i, j))
    if best[m][k] == inf:
        return None
    placed: dict[str, Cell] = {}
    i, j = m, k
    while j > 0:
        pi, pj = back[(i, j)]
        if pi < i:
            placed[roles[pj]] = _join(text, pieces[pi:i])
        i, j = pi, pj
    return placed


def _relax(best, back, i: int, j: int, value: float, origin: tuple[int, int]) -> None:
    """Keep the cheaper way to reach state (i, j); ties keep the first."""
    if value < best[i][j] - 1e-9:
        best[i][j] = value
        back[(i, j)] = origin


def _join(text: str, pieces: Line) -> Cell:
    """One cell from adjacent pieces: the source slice with line wraps removed."""
    start, end = pieces[0].span[0], pieces[-1].span[1]
    return Cell(_WRAP.sub("", text[start:end]), (start, end))


def _compat(role: str, text: str, pieces: Line) -> float:
    """Cost of the cell made of ``pieces`` in a column of ``role``."""
    cost = table_rules()["cost"]
    value = _join(text, pieces).text
    kind = _kind(value)
    if kind == "dept" and not all(_list_part(piece.text) or is_dept_fragment(piece.text) for piece in pieces[:-1]):
        kind = "short" if len(value) <= 12 else "text"  # 提升能力 + 市科技局 is no list
    extra = cost["lead_list"] if _cost_key(role) == "lead" and kind == "dept" and "、" in value else 0.0
    return cost["compat"][_cost_key(role)][kind] + extra


def _cost_key(role: str) -> str:
    """The cost table's column for ``role`` ("lead:2" → lead, detail → task)."""
    return "task" if role == "detail" else role.split(":")[0]


def _list_part(value: str) -> bool:
    """True for a piece that can start a wrapped department list: a unit name, or a short piece broken
    after a list mark (a sentence of a text cell running on, "…得1分。；", starts none)."""
    return (value.endswith(("、", "，", ",", "；", ";")) and len(value) <= _LIST_PIECE and "。" not in value
            or looks_like_departments(value))


def _kind(value: str) -> str:
    """Content kind of a cell: ditto, dept, deadline, short or text."""
    if is_ditto(value):
        return "ditto"
    if len(value.strip()) < 2:
        return "short"  # "局" alone is the tail of a broken name, not a unit
    if looks_like_departments(value):
        return "dept"
    if looks_like_deadline(value):
        return "deadline"
    return "short" if len(value) <= 12 else "text"
