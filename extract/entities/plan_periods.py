"""The period or year a heading or a plan's title names (rules ``plan_period`` and ``relative_year.part_year`` in
``extract/rules/targets.yaml``; GOLD_GUIDE R12): pure functions of one string, None when it names none.

``plan_period(title)`` -> (first, last) year of "…行动计划（2021—2023年）" or "“十四五”…规划"; ``plan_period_end(title)``
its last year; ``part_period_end(heading)`` the last year of a part heading's period ("（三）“十四五”重点安排");
``part_year_of(heading)`` the one year a part heading names ("二、2016年重点任务").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.numbers import parse_number
from extract.rules.loader import load_rules

__all__ = ["five_year_plan_first", "part_period_end", "part_year_of", "plan_period", "plan_period_end"]


def part_year_of(heading: str) -> Optional[int]:
    """The one year a part's heading names as the year of its work ("二、2016年重点任务", "（一）2017年工作目标"; rule
    ``relative_year.part_year`` in targets.yaml; a stage of the work with its deadline, "第二阶段(2024年第四季度前完成)":
    rule ``relative_year.stage_year``), else None."""
    rule = load_rules("targets.yaml")["relative_year"]
    m = re.match(rule["part_year"], heading or "") or re.match(rule["stage_year"], heading or "")
    return int(m.group(1)) if m else None


def stage_year_of(text: str, start: int, title: str) -> Optional[int]:
    """The year of a stage whose heading line (from ``start``, its title ``title`` printed in it) gives the stage's time
    in a bracket the title leaves out ("(二)第二阶段(2024年第四季度前完成)"; rule ``relative_year.stage_year``), else
    None."""
    end = text.find("\n", start, start + 80)
    line = text[start:end if end >= 0 else start + 80]
    at = line.find(title) if title else -1
    if at < 0 or "阶段" not in title:
        return None
    m = re.match(load_rules("targets.yaml")["relative_year"]["stage_year"], line[at:])
    return int(m.group(1)) if m else None


def part_period_end(heading: str) -> Optional[int]:
    """The last year of the period a part's heading names as the period of its work ("（三）“十四五”重点安排",
    "二、2021—2025年主要任务"; rule ``plan_period.part`` in targets.yaml), else None."""
    m = _part_period().match(heading or "")
    if m is None:
        return None
    if m.group("plan"):
        return five_year_plan_first(m.group("plan")) + 4
    first, last = int(m.group("first")), int(m.group("last"))
    return last if last >= first else None


@lru_cache(maxsize=1)
def _part_period() -> re.Pattern:
    return re.compile(load_rules("targets.yaml")["plan_period"]["part"])


def plan_period_end(title: Optional[str]) -> Optional[int]:
    """The last year of the period a plan's title names ("…行动计划（2021—2023年）" → 2023, "“十三五”…实施方案" →
    2020; rule ``plan_period.title`` in targets.yaml), else None (an opinion, a plan without years)."""
    period = plan_period(title)
    return period[1] if period else None


def plan_period(title: Optional[str]) -> Optional[tuple[int, int]]:
    """(first, last) year of the period a plan's title names (see ``plan_period_end``), else None."""
    m = re.search(load_rules("targets.yaml")["plan_period"]["title"], title or "")
    if m is None:
        return None
    if m.group("plan"):
        return five_year_plan_first(m.group("plan")), five_year_plan_first(m.group("plan")) + 4
    first, last = int(m.group("first") or m.group("first2")), int(m.group("last") or m.group("last2"))
    return (first, last) if last >= first else None


def five_year_plan_first(number: str) -> int:
    """The first year of the ``number``-th five-year plan ("十一" → 2006, "十四" → 2021)."""
    return 2006 + 5 * (int(parse_number(number)) - 1)
