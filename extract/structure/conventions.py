"""Document-level conventions and notes around assignments: "列第一位者为牵头单位" and
"逗号前为牵头单位" statements, carry-forward notes ("以下均需X落实，不再列出") and closing
paragraphs ("以上任务由X牵头"), read with the rules of assignments.yaml that
:mod:`extract.structure.assignments` compiles (this module is its document-level half)."""

from __future__ import annotations

from typing import Optional

from extract.structure.assignments import Assignment, parse_assignment
from extract.entities.unit_lists import names as _names
from extract.structure.assignments import _rules


def first_is_lead_positions(text: str) -> list[int]:
    """Sorted offsets where ``text`` states that the first listed unit leads."""
    return [m.start() for m in _rules()["first_is_lead"].finditer(text)]


def comma_is_lead_positions(text: str) -> list[int]:
    """Sorted offsets where ``text`` states that the units before the first comma lead."""
    return [m.start() for m in _rules()["comma_is_lead"].finditer(text)]


def find_carry_forward(text: str, start: int, end: int) -> list[tuple[int, "Assignment"]]:
    """Carry-forward notes ("以下均需X落实，不再列出", rule ``carry_forward``) in
    ``text[start:end]``: (offset of the note, the units it carries)."""
    r = _rules()
    out = []
    for m in r["carry"].finditer(text, start, end):
        a = Assignment(span=(m.start(), m.end()))
        role = "participants" if m["verb"] in r["carry_participants"] else "responsible"
        getattr(a, role).extend(_names(m["list"], m.start("list")))
        if not a.empty():
            out.append((m.start(), a))
    return out


def states_first_is_lead(text: str) -> bool:
    """True when the document says the first listed unit leads (列第一位者为牵头单位)."""
    return bool(_rules()["first_is_lead"].search(text))


def find_scoped(text: str, start: int, end: int) -> Optional[tuple[tuple[int, int], Assignment]]:
    """The first closing paragraph "以上任务由X牵头，Y负责" (rule ``scoped``) in
    ``text[start:end]``: (span of the paragraph, its assignment), else None."""
    for m in _rules()["scoped"].finditer(text, start, end):
        a = parse_assignment(m["body"], m.start("body"))
        if a is not None and not a.empty():
            return (m.start(), m.end()), a
    return None
