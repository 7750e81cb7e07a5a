"""GOLD_GUIDE R10 with a lead-in paragraph (rule ``duty_lists.unit_headings.lead_in_paragraph``): a heading whose whole
title is a unit over a paragraph that opens with the same body's short name heads its sub-items with the title's name.

``titled_over(text, title, pos, child, child_end, accept)`` -> the title's unit as an
:class:`~extract.structure.assignments.Assignment` (responsible), or None; raises nothing.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from extract.structure.assignments import Assignment
from extract.structure.duties import is_duty_heading, organisation_only
from extract.structure.heading_scopes import _headings_rule, opens_with_unit
from extract.structure.duty_split import title_name
from extract.structure.entry_names import self_governing

Accept = Callable[[str], bool]

__all__ = ["titled_over"]


def titled_over(text: str, title: str, pos: int, child: int, child_end: int, accept: Accept) -> Optional[Assignment]:
    """GOLD_GUIDE R10 with a lead-in (rule ``duty_lists.unit_headings.lead_in_paragraph``): a heading whose whole title is a
    unit ("（一）虹口区绿化和市容管理局") and whose own paragraph, before its first sub-item at ``child``, opens with a unit
    (the body's short name: "区绿化市容局是本区…主管部门，主要履行以下职责：") heads those sub-items; the paragraph is part of
    the heading, which gives no task.  None when the title names no unit, there is no such paragraph, or the first
    sub-item (``text[child:child_end]``) opens with a unit of its own."""
    if not _headings_rule()["lead_in_paragraph"]:
        return None
    t = title_name(title)
    if not t or len(t) > 40 or not accept(t) or self_governing(t) or is_duty_heading(title):
        return None
    at = text.find(t, pos, child)
    if at < 0:
        return None
    body = at + len(t)
    while body < child and text[body] in " \t\u3000\n：:。":
        body += 1
    if body >= child or "\n" not in text[at + len(t):body]:  # (the lead-in is a paragraph of its own)
        return None
    stop = min(child, body + len(t) + 1)
    opening = next((text[body:k] for k in range(body + 3, stop + 1)
                    if _short_name(text[body:k], t) and accept(text[body:k])), "")  # (the shortest that names the title's body)
    if not opening or opens_with_unit(text, child, child_end, accept):
        return None
    a = Assignment(span=(at, at + len(t)), responsible=[(t, (at, at + len(t)))])
    return None if organisation_only(a) else a


def _short_name(short: str, full: str) -> bool:
    """Whether ``short`` ("区城管执法局", "公安分局") is the short form of ``full`` ("虹口区城市管理行政执法局", "上海市公安局
    虹口分局"): its characters, a level word before it left out (rule ``unit_headings.lead_in_level``), appear in ``full``
    in order."""
    level = re.match(_headings_rule()["lead_in_level"], short)
    short = short[level.end():] if level else short
    if len(short) < 3 or short == full:
        return short == full
    it = iter(full)
    return all(c in it for c in short)
