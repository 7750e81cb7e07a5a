"""Relative time phrases that date targets: "N年内", "未来N年", "明年" (used by ``extract.entities.targets``).

``horizon(match, default_year, within_base)`` is the year a "N年内"/"未来N年" match of the rule
``relative_year.within`` (targets.yaml) is due; ``relative_marks(text, horizons, default_year, rules)`` lists
(position, year) for every such phrase and every "明年" (rule ``relative_year.next_year``) of a text, sorted;
``last_mark(marks, s0, pos, year_t, period_t)`` is the year of the last of them in ``[s0, pos)`` when it comes
after the time phrases ``year_t``/``period_t`` that govern the number at ``pos`` ("2019年上半年…，五年内压缩到
5个工作日以内": 五年内 wins), else None; ``this_year(text, s0, s1, default_year, rules)`` is the document's year when a
sentence speaks of this year (年内, 年底前 …, not inside a date of another year).  Pure functions; nothing is raised on text input.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional

from extract.entities.numbers import TimePhrase, parse_number


def horizon(m: re.Match, default_year: int, within_base: Optional[int]) -> int:
    """The year a "N年内" (group 1: ``within_base`` + N, by default ``default_year`` + N − 1: the plan's first
    year counts) or a "未来N年" (group 2: the coming N years from ``default_year`` on, its last one) is due."""
    if m.group(1):
        return (default_year - 1 if within_base is None else within_base) + int(parse_number(m.group(1)))
    return default_year - 1 + int(parse_number(m.group(2)))


def relative_marks(text: str, horizons: list, default_year: Optional[int], rules) -> list[tuple[int, int]]:
    """(position, year) of the "N年内" phrases (``horizons``: (position, year, opens its sentence)), of every
    "明年" in ``text`` (the document's year + 1) and of every "，N年不少于…" (rule ``relative_year.span``: the
    document's year + N − 1), sorted; empty without ``default_year``."""
    if not default_year:
        return []
    return sorted([(h[0], h[1]) for h in horizons]
                  + [(m.start(), default_year + 1) for m in rules.next_year.finditer(text)]
                  + [(m.start(), default_year - 1 + int(parse_number(m.group(1))))
                     for m in rules.span_years.finditer(text)])


def last_mark(marks: list, s0: int, pos: int, year_t: Optional[TimePhrase],
              period_t: Optional[TimePhrase]) -> Optional[int]:
    """The year of the last mark in ``[s0, pos)`` written after the governing time phrases, else None."""
    k = bisect.bisect_left(marks, (pos,))
    if not k or marks[k - 1][0] < s0:
        return None
    latest = max([t.start for t in (year_t, period_t) if t is not None], default=-1)
    return marks[k - 1][1] if marks[k - 1][0] > latest else None


def this_year(text: str, s0: int, s1: int, default_year: Optional[int], rules) -> Optional[int]:
    """``default_year`` when the sentence ``text[s0:s1]`` speaks of this year (年内, 今年, 年底前 …: rule
    ``relative_year.words``), not counting such a word inside a date of another year ("2024年6月底前" in a 2023
    plan: rule ``explicit_year``), else None."""
    if not default_year:
        return None
    for m in rules.relative_year.finditer(text, s0, s1):
        own = rules.explicit_year.search(text, max(s0, m.start() - 8), m.start())
        if own is None or int(own.group(1)) == default_year:
            return default_year
    return None


def ordinal_year(text: str, span: tuple[int, int], floor: int, period: Optional[tuple[int, int]], rules: dict) -> Optional[int]:
    """The year an ordinal year of the plan's ``period`` (first, last) opening the clause of a target at ``span`` (from
    ``floor`` on) names ("第二年全区应完成的任务量不少于900亩" in a 2024—2026 plan: 2025; rule ``plan_period.ordinal_year``
    of ``rules``, the targets.yaml data), else None (w2t)."""
    if period is None:
        return None
    start = max(floor, *(text.rfind(c, floor, span[0]) + 1 for c in "。；;！？\n"))
    m = re.search(rules["plan_period"]["ordinal_year"], text[start:span[1]])
    year = period[0] + int(parse_number(m.group(1))) - 1 if m else None
    return year if year is not None and year <= period[1] else None
