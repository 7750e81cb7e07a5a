"""Commas inside an inclusion remark of a unit name ("各市（含定州、辛集市，雄安新区）、县（市、区）盐业主管部门").

The prose readers cut clauses at every comma, so such a name would be cut in two.  While a passage is read,
each comma inside an inclusion remark (rule ``prose.inclusion``; not one closed by "下同") is stood in for by a small comma, which the
clause patterns do not cut at and which folds (NFKC) to the same comma; the names read are given their
printed commas back.
"""

from __future__ import annotations

from extract.structure.assignment_record import Assignment
from extract.structure.prose_rules import rules as _prose_rules

STAND_IN = "\ufe50"  # SMALL COMMA: no clause pattern cuts at it
_COMMAS = "，,"


def masked(text: str, start: int, end: int) -> str | None:
    """``text`` with the commas inside inclusion remarks in ``text[start:end]`` stood in for, or None when
    there is none (the usual case: nothing is copied)."""
    segment = text[start:end]
    if "含" not in segment or not any(c in segment for c in _COMMAS):
        return None
    spans = [m.span() for m in _prose_rules()["inclusion"].finditer(segment)  # (not "（含…，下同）", a remark
             if any(c in m.group() for c in _COMMAS) and "下同" not in m.group()]  # that stands apart from the name)
    if not spans:
        return None
    chars = list(segment)
    for s, e in spans:
        for i in range(s, e):
            if chars[i] in _COMMAS:
                chars[i] = STAND_IN
    return text[:start] + "".join(chars) + text[end:]


def restored(found: list[Assignment], text: str) -> list[Assignment]:
    """``found`` with the printed commas of ``text`` back in the names read from the masked text."""
    for a in found:
        for units in (a.lead, a.participants, a.responsible):
            for i, (name, (s, e)) in enumerate(units):
                if STAND_IN in name:
                    comma = next((c for c in text[s:e] if c in _COMMAS), "，")
                    units[i] = (name.replace(STAND_IN, comma), (s, e))
    return found
