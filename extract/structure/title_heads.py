"""Lists under unnumbered titles that name a unit (issue 7 family 6, rule ``duty_lists.unit_headings.title_head``).

"2016年平潭综合实验区X局环境保护目标责任" over "一、…二、…", the next unit's title over items numbered from 一 again: each
item is a task of the title's unit, whatever its own verbs, with the role and the partners its sentences state
(GOLD_GUIDE "roles" and R1: 牵头 → lead, an item that only assists others → participants, a clause "会同Y" / "联合Y" /
"组织Y" / "牵头Y" → lead with the units Y taking part; units only assisted, 协同Y / 配合Y, are not added).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.duty_split import title_head
from extract.structure.numbering import number_value
from extract.structure.verb_roles import partner_units

__all__ = ["titled_scope"]

_CLAUSE = re.compile(r"[^，,。；;！!？?]+")


@lru_cache(maxsize=1)
def _partner() -> re.Pattern:
    return re.compile(load_rules("assignments.yaml")["duty_lists"]["unit_headings"]["title_partner"])


def titled_scope(heads: dict, text: str, item, end: int, accept: Callable[[str], bool],
                 head_role: Callable) -> Optional[Assignment]:
    """The assignment of ``item`` (its text up to ``end``) under the unit title of its run (``heads``, kept per parent
    and numbering style, updated at each restart of the numbering: an item numbered 1 / 一), or None when its run has
    no such title. ``head_role`` gives the title unit's role from the item's verbs."""
    key = ("title", item.parent, item.style)
    if number_value(item.number) == 1:
        heads[key] = title_head(text, item.start, accept)
    head = heads.get(key)
    if head is None:
        return None
    a = head_role(head, text, item.head_start, end)
    role = "lead" if a.lead else "participants" if a.participants else "responsible"
    names = [n for n, _ in a.lead + a.participants + a.responsible]
    partners: list = []
    for m in _CLAUSE.finditer(text, item.head_start, end):  # "…，组织各乡镇开展…" (rule unit_headings.title_partner)
        w = _partner().match(text, m.start(), m.end())
        more = partner_units(text, w.end(), m.end(), accept) if w else []
        role = "lead" if more and role == "responsible" else role
        partners.extend(p for p in more if p[0] not in names and p[0] not in [q[0] for q in partners])
    units = a.lead + a.participants + a.responsible
    out = Assignment(span=a.span, **{role: list(units)})
    out.participants = out.participants + partners if role != "participants" else out.participants
    return out
