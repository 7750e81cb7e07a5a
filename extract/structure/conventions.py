"""Document-level conventions and notes around assignments: "列第一位者为牵头单位" and
"逗号前为牵头单位" statements, carry-forward notes ("以下均需X落实，不再列出") and closing
paragraphs ("以上任务由X牵头"), read with the rules of assignments.yaml that
:mod:`extract.structure.assignments` compiles (this module is its document-level half)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Optional

from extract.rules.loader import load_rules
from extract.structure.assignment_record import label_notes
from extract.structure.assignments import Assignment, parse_assignment, unit_shaped
from extract.entities.unit_lists import names as _names
from extract.structure.assignment_rules import rules as _rules
from extract.structure.prefilter import any_needed
from extract.structure.lead_convention import ALL_KIND, COMMA_KIND, FIRST, SHARED_KIND, Convention, Conventions


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


def stated_conventions(text: str) -> list[tuple[int, str, str, bool]]:
    """Every convention stated in ``text``, sorted by offset: (offset, kind (FIRST,
    COMMA_KIND or ALL_KIND), the role of the other listed units (rule ``convention_rest``; None when
    unstated: participants, or the role word of each bracket, rule ``bracket_rest``), whether it holds only from there on (rule ``convention_onward``: "下同"))."""
    rest_re, onward_re = _statement_rules()
    out = []
    for kind, rule in ((FIRST, "first_is_lead"), (COMMA_KIND, "comma_is_lead"), (ALL_KIND, "all_are_lead"),
                       (SHARED_KIND, "shared_lead")):
        live = _statement_live(rule)
        if live is not None and live(text) is None:
            continue  # (no literal a statement of this rule needs: most texts state no "逗号前…", no scan of them)
        for m in _rules()[rule].finditer(text):
            tail = text[m.end():m.end() + 60]
            rest = rest_re.match(tail)
            role = None if not rest else "responsible" if rest["responsible"] else "participants"
            out.append((m.start(), kind, role, bool(onward_re.match(tail))))
    return sorted(out)


@lru_cache(maxsize=8)
def _statement_live(rule: str):
    """``search(text)`` finding a literal every statement of ``rule`` needs (:func:`any_needed`), or None."""
    return any_needed([_rules()[rule]])


def document_conventions(stated: list, scope: list[tuple[int, int]], doc_start: int) -> Conventions:
    """The conventions in force in a document: those of ``stated`` (``stated_conventions``)
    inside one of the ``scope`` spans (the document, and for an annex its parent).  One
    stated with "下同" holds from its statement on; one stated without it — in a notice, a
    note, a table header or a single bracket — from ``doc_start`` (a convention said once
    is meant for the document); at one start a comma convention wins."""
    found = [Convention(kind, rest or "participants", pos if onward else doc_start, kind == SHARED_KIND, rest is None)
             for pos, kind, rest, onward in stated if any(s <= pos < e for s, e in scope)]
    found.sort(key=lambda c: (c.start, c.kind == COMMA_KIND))
    shared = next((c.start for c in found if c.shared), None)  # stacked: a later convention keeps the shared lead
    if shared is not None:
        found = [c if c.start < shared else replace(c, shared=True) for c in found]
    return Conventions(tuple(found))


def find_carry_forward(text: str, start: int, end: int) -> list[tuple[int, "Assignment"]]:
    """Carry-forward notes ("以下均需X落实，不再列出", rule ``carry_forward``) in
    ``text[start:end]``: (offset of the note, the units it carries)."""
    r = _rules()
    out = []
    for m in r["carry"].finditer(text, start, end):
        a = Assignment(span=(m.start(), m.end()))
        if m["label2"]:  # "各项任务的实施单位均为X": X in the label's role (rule carry_forward, second form)
            if _label_note(a, m["label2"], m["named2"], m.start("named2")):
                out.append((m.start(), a))
            continue
        verb = m["verb"]
        role = "participants" if verb in r["carry_participants"] else "lead" if verb in r["carry_lead"] else "responsible"
        listed = _names(m["list"], m.start("list")) if m["list"].strip() else []
        if not listed and m["pre"]:  # "以下各项任务X均需落实": the units before 均
            listed = _names(m["pre"], m.start("pre"))
        getattr(a, role).extend(listed)
        if not a.empty():
            out.append((m.start(), a))
    chain: dict = {}  # "A为实施单位，B为配合单位，下同": one note (A's clause ends where B's starts)
    for at, stop, label, named in label_notes(text, start, end):  # "X为实施单位，下同" (the third form)
        a = chain.pop(at, None)
        if a is None:
            a = Assignment(span=(at, stop))
        else:
            a.span = (a.span[0], stop)
        if _label_note(a, label, named["named"], at) and all(a is not b for _, b in out):
            out.append((a.span[0], a))
        chain[stop] = a
    return sorted(out, key=lambda note: note[0])


def _label_note(a: "Assignment", label: str, named: str, named_at: int) -> bool:
    """Give the units of ``named`` the role of ``label`` in note ``a``; False when there is no unit or no role."""
    role = _rules()["label_role"].get(label)
    listed = [n for n in _names(named, named_at) if unit_shaped(n[0])]
    if role and listed:
        getattr(a, role).extend(listed)
    return bool(role and listed)


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
