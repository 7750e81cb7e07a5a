"""A unit that assists another body: "X：负责协助Y完成…" → Y leads, X takes part; "X：负责会同Y配合Z制订…" → X and
Z lead, Y takes part (rules ``duty_lists.unit_heads.assisted`` and ``with_assisting`` in
``extract/rules/assignments.yaml``). Used by the unit-headed items (:mod:`extract.structure.unit_heads`) and the
duty sentences (:mod:`extract.structure.duties`); it imports neither. Pure.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.prose_units import accepted_units

_SPACE = " \t\u3000"


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = load_rules("assignments.yaml")["duty_lists"]["unit_heads"]
    return {"assisted": re.compile(r["assisted"]), "with_assisting": re.compile(r["with_assisting"])}


def assisting_body(text: str, a: Optional[Assignment], body: int, end: int, accept) -> Optional[Assignment]:
    """The colon form's assignment ``a`` with the body assisted (rule ``unit_heads.assisted``): "X：负责协助Y完成…"
    → Y leads, X takes part; "X：负责会同Y配合Z制订…" (``with_assisting``) → X and Z lead, Y takes part."""
    if a is None or len(a.lead + a.participants + a.responsible) != 1:
        return a
    while body < end and text[body] in _SPACE:
        body += 1
    r = _rules()
    (x,) = a.lead + a.participants + a.responsible
    m = r["assisted"].match(text, body, end)
    if m:
        helped = accepted_units(m["assist"], m.start("assist"), accept)
        return Assignment(span=a.span, lead=helped, participants=[x]) if helped else a
    m = r["with_assisting"].match(text, body, end)
    if m:
        partners = accepted_units(m["with"], m.start("with"), accept)
        helped = accepted_units(m["assist"], m.start("assist"), accept) if m["assist"] else []
        if partners:
            return Assignment(span=a.span, lead=[x] + helped, participants=partners)
    return a


def assisting(text: str, a: Assignment, end: int, accept) -> Assignment:
    """:func:`assisting_body` for an assignment ``a`` of one unit whose name a colon follows ("X：负责协助Y…"), else ``a``."""
    names = a.lead + a.participants + a.responsible
    if len(names) != 1:
        return a
    at = names[0][1][1]
    while at < end and text[at] in _SPACE:
        at += 1
    return assisting_body(text, a, at + 1, end, accept) if text.startswith(("：", ":"), at) else a
