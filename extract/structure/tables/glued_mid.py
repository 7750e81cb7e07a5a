"""Rows of glued task tables whose department column is followed by another column that is
no time limit ("工作措施工作目标具体内容进度安排负责部门绩效指标…1.推动…第四季度：进行工作总结。
知识产权处完成相关专利政策的制定、修订工作。2.完善…"; rule ``glued_table: mid_column`` in
``tables.yaml``).

``mid_units(text, body, end)`` finds a row's department cell by its content: at the last cell
boundary of ``text[body:end]`` (after a sentence end, a closing bracket or a space) from which a
chain of unit-shaped names starts, the names glued to one another, separated by 、，, or by
nothing ("知识产权处稽查支队各分局"), ending where the next cell's text starts (a space, the
row's end or text that opens no unit name).  Each name is the longest unit-shaped opening that a
cell boundary ends, else the shortest one of at least ``min_name`` characters.  Returns the
cell's (start, end) or None.  Pure; bounded work (``max_name`` characters per try).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_shape import is_unit_name as _is_unit_name
from extract.structure.tables.cells import table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["glued_table"]["mid_column"]
    return {
        "boundary": re.compile(r["cell_boundary"]),
        "stop": re.compile(r["name_stop"]),
        "min_name": int(r["min_name"]),
        "max_name": int(r["max_name"]),
        "not_after": tuple(r["not_after"]),
        "collective": re.compile(r["collective"]),
    }


def _is_unit(name: str) -> bool:
    """A unit name, or the villages as a collective (rule ``mid_column.collective``: a unit in a table cell)."""
    return _is_unit_name(name) or _rules()["collective"].fullmatch(name) is not None


def _name_at(text: str, pos: int, end: int) -> int:
    """End of the unit name that opens ``text[pos:end]``, or ``pos`` when none does."""
    r = _rules()
    stop = min(end, pos + r["max_name"])
    run = pos
    while run < stop and "\u4e00" <= text[run] <= "\u9fff" or (run < stop and text[run] in "（）"):
        run += 1
    shortest = longest_hard = pos
    for e in range(pos + r["min_name"], run + 1):
        if not _balanced(text, pos, e) or not _is_unit(text[pos:e]):
            continue  # (no name ends inside its note: "各行政村（社" of "各行政村（社区）")
        if shortest == pos:
            shortest = e
        if e >= end or r["stop"].match(text, e) or _opens_name(text, e, end):
            longest_hard = e
    return longest_hard if longest_hard > pos else shortest


def _opens_name(text: str, pos: int, end: int) -> bool:
    """Whether a unit name opens at ``pos`` (the shortest one of ``min_name`` characters or more): a name glued to
    the next name ends where that one opens ("各处室（中心）各行政村（社区）", "东庠办事处各行政村")."""
    r = _rules()
    stop = min(end, pos + r["max_name"])
    e = pos + r["min_name"]
    while e <= stop and "\u4e00" <= text[e - 1] <= "\u9fff" or (e <= stop and text[e - 1] in "（）"):
        if _balanced(text, pos, e) and _is_unit(text[pos:e]):
            return True
        e += 1
    return False


def _balanced(text: str, start: int, end: int) -> bool:
    return text.count("（", start, end) == text.count("）", start, end)


def _chain(text: str, pos: int, end: int) -> int:
    """End of the chain of unit names from ``pos`` (``pos`` when it opens none)."""
    at = pos
    while at < end:
        e = _name_at(text, at, end)
        if e == at:
            break
        at = e
        if at < end and text[at] in "、，,":
            if _name_at(text, at + 1, end) == at + 1:
                break
            at += 1
    return at


def mid_units(text: str, body: int, end: int) -> Optional[tuple[int, int]]:
    """(start, end) of the row's department cell (see module doc), or None."""
    r = _rules()
    starts = [m.end() for m in r["boundary"].finditer(text, body, end)]
    for k in range(len(starts) - 1, -1, -1):
        s = _skip_space(text, starts[k], end)
        if s >= end or text.startswith(r["not_after"], s):
            continue
        e = _chain(text, s, end)
        if e > s:
            while k > 0 and text[starts[k] - 1] in "）)":  # (the chain may start before a name's closing note:
                earlier = _skip_space(text, starts[k - 1], end)  # "…措施。各处室（中心）各行政村（社区）")
                if earlier >= s or text.startswith(r["not_after"], earlier) or _chain(text, earlier, end) < e:
                    break
                s, k = earlier, k - 1
            return s, e
    return None


def _skip_space(text: str, s: int, end: int) -> int:
    while s < end and text[s] in " \t\u3000":
        s += 1
    return s
