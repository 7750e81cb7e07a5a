"""The unit a heading gives the sub-items under it (a department-first list's heading over numbered duties).

``head_role`` gives the heading's unit the role a sub-item's own words give it (牵头 → lead, a partner verb →
participants, else as the heading); ``line_scope`` picks the unit of an item's run (a title unit, the item's own
assignments, or the lead-in line "区财政局职责：" above it, rule ``unit_headings.line_head``); ``opens_with_unit`` tells a
sub-item that names its own unit ("1.市财政局负责…"). Pure functions of the text; split from ``duties.py``, whose
clause reader (``read_clause``) and rules they use.
"""

from __future__ import annotations

from functools import lru_cache

from extract.structure.assignments import Assignment
from extract.structure.assisting import own_duties
from extract.structure.duties import read_clause
from extract.structure.duty_rules import Accept, rules
from extract.structure.duty_split import head_partner, line_head
from extract.structure.title_heads import titled_scope


@lru_cache(maxsize=1)
def _headings_rule() -> dict:
    from extract.rules.loader import load_rules

    return load_rules("assignments.yaml")["duty_lists"]["unit_headings"]


def head_role(head: Assignment, text: str, start: int, end: int) -> Assignment:
    """The unit of a heading over sub-items ("（五）区社会事业局"), for the sub-item
    ``text[start:end]``: lead where a clause of it opens with 牵头 ("…等要求，牵头负责…",
    rule ``head_lead``), else responsible as in ``head``."""
    names = list(head.lead + head.participants + head.responsible)
    opening = text[start:end].lstrip(" \t\u3000").startswith("牵头")  # "2.5.2牵头负责…" ('^' of the rule)
    if opening or rules()["head_lead"].search(text[start:end]):  # ("部署并牵头开展…" at its start too)
        return Assignment(span=head.span, lead=names)
    if head_partner(text, start, end) and not own_duties(text, start, end):  # "2.配合开展联合执法" (rule
        return Assignment(span=head.span, participants=names)  # unit_headings.head_partner; "7.协助开展…，协调做好…": own)
    return head


def line_scope(heads: dict, text: str, item, end: int, accept: Accept, found: list) -> list:
    """The unit of the title of ``item``'s run (:func:`titled_scope`) unless it opens with its own; else ``found`` (its
    own assignments), else the unit of the lead-in line "区财政局职责：" above ``item`` (text up to ``end``) or an earlier
    sibling (``heads``: rule ``unit_headings.line_head``), with the role its verbs give it (:func:`head_role`)."""
    titled = titled_scope(heads, text, item, end, accept, head_role)  # "X局目标责任 一、…" (rule unit_headings.title_head)
    if titled and not opens_with_unit(text, item.head_start, end, accept):
        return [titled]
    key = (item.parent, item.style)
    heads[key] = (line_head(text, item.start, accept) if item.parent is not None else None) or heads.get(key)
    return found or ([head_role(heads[key], text, item.head_start, end)] if heads[key] else [])


def opens_with_unit(text: str, start: int, end: int, accept: Accept) -> bool:
    """Whether ``text[start:end]`` opens with a duty clause of its own ("1.市财政局负责…", :func:`read_clause`): a sub-item
    of a department-first list under a group heading ("（一）市级相关部门。1.市财政局负责…") names its own unit."""
    while start < end and text[start] in " \t\u3000":
        start += 1
    return read_clause(text, start, end, accept) is not None
