"""Document-level conventions and notes around assignments: "列第一位者为牵头单位" and
"逗号前为牵头单位" statements, carry-forward notes ("以下均需X落实，不再列出") and closing
paragraphs ("以上任务由X牵头"), read with the rules of assignments.yaml that
:mod:`extract.structure.assignments` compiles (this module is its document-level half)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment, parse_assignment
from extract.entities.unit_lists import names as _names, parentheticals
from extract.structure.assignments import _rules
from extract.structure.lead_convention import COMMA_KIND, FIRST, Convention, Conventions


def first_is_lead_positions(text: str) -> list[int]:
    """Sorted offsets where ``text`` states that the first listed unit leads."""
    return [m.start() for m in _rules()["first_is_lead"].finditer(text)]


def comma_is_lead_positions(text: str) -> list[int]:
    """Sorted offsets where ``text`` states that the units before the first comma lead."""
    return [m.start() for m in _rules()["comma_is_lead"].finditer(text)]


@lru_cache(maxsize=1)
def _statement_rules():
    r = load_rules("assignments.yaml")
    return re.compile(r["convention_rest"]["pattern"]), re.compile(r["convention_onward"]["pattern"])


def stated_conventions(text: str) -> list[tuple[int, str, str, bool, Optional[tuple[int, int]]]]:
    """Every convention stated in ``text``, sorted by offset: (offset, kind (FIRST or
    COMMA_KIND), the role of the other listed units (rule ``convention_rest``: participants
    unless stated), whether it holds from there on (rule ``convention_onward``: "下同"), and
    the span of the assignment bracket it is stated in without "下同" (it holds there only),
    else None)."""
    rest_re, onward_re = _statement_rules()
    out = []
    for kind, rule in ((FIRST, "first_is_lead"), (COMMA_KIND, "comma_is_lead")):
        for m in _rules()[rule].finditer(text):
            tail = text[m.end():m.end() + 60]
            rest = rest_re.match(tail)
            role = "responsible" if rest and rest["responsible"] else "participants"
            onward = bool(onward_re.match(tail))
            out.append((m.start(), kind, role, onward, None if onward else _own_bracket(text, m.start())))
    return sorted(out)


def _own_bracket(text: str, pos: int, reach: int = 300) -> Optional[tuple[int, int]]:
    """The bracket around ``pos`` when it also assigns units ("（A、B负责，列首位的为牵头单位）"),
    else None (a table header "责任单位（排在第一位的为牵头单位）", a note, a notice)."""
    for s, e in parentheticals(text, max(0, pos - reach), min(len(text), pos + reach), 2 * reach):
        if s < pos < e:
            a = parse_assignment(text[s + 1:e - 1], s + 1)
            return (s, e) if a is not None and not a.empty() else None
    return None


def document_conventions(stated: list, scope: list[tuple[int, int]], doc_start: int) -> Conventions:
    """The conventions in force in a document: those of ``stated`` (``stated_conventions``)
    inside one of the ``scope`` spans (the document, and for an annex its parent).  One
    stated with "下同" holds from its statement on, one stated in an assignment bracket
    only there, another from ``doc_start``; at one start a comma convention wins."""
    found = [Convention(kind, rest, pos if onward else own[0] if own else doc_start, own[1] if own else None)
             for pos, kind, rest, onward, own in stated if any(s <= pos < e for s, e in scope)]
    found.sort(key=lambda c: (c.start, c.kind == COMMA_KIND))
    return Conventions(tuple(found))


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
