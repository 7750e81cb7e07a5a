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
    keys = ("assisted", "with_assisting", "partner_verb", "own_open", "continued", "own_split", "lead_clause", "bodiless",
            "partner_open", "oblique_open")
    return {**{k: re.compile(r[k]) for k in keys}, "own_min": r["own_min"]}


def _own_duties(text: str, body: int, end: int) -> bool:
    """Whether the clause ``text[body:end]`` goes on, after its first part (rule ``unit_heads.own_split``) that holds a
    partner verb, with work of its own: a later part with no partner verb (rules ``continued``, ``own_min``), a comma
    part that opens with 负责 (``own_open``), or, when the partner verb assists no body ("配合做好…", ``bodiless``), a
    later comma part of its first part."""
    r = _rules()
    parts = r["own_split"].split(text[body:end])
    first = next((k for k, p in enumerate(parts) if r["partner_verb"].search(p)), None)
    if first is None:
        return False
    if any(r["own_open"].match(c) for p in parts[first:] for c in _COMMA.split(p)[1:]):
        return True
    if r["bodiless"].match(parts[first]) and any(_own(c, r) for c in _COMMA.split(parts[first])[1:]):
        return True  # "X：配合做好…，协调解决…" (rule bodiless): no body assisted, its later comma parts are its own work
    return any(len(p.strip()) >= r["own_min"] and not r["partner_verb"].search(p) and not r["continued"].match(p)
               for p in parts[first + 1:])


_COMMA = re.compile("[，,]")


def _own(part: str, r: dict) -> bool:
    """A comma part of work of its own: ``own_min`` characters, no partner verb, no continuation."""
    return len(part.strip()) >= r["own_min"] and not r["partner_verb"].search(part) and not r["continued"].match(part)


def _clause_role(text: str, a: Assignment, body: int, end: int) -> Optional[Assignment]:
    """The role the colon form's whole clause gives its one unit (real_unseen27 decision 1): lead where a later clause
    opens with 牵头 (rule ``unit_heads.lead_clause``), responsible where a clause that opens with a partner verb goes
    on with work of its own; None when neither applies."""
    r = _rules()
    if a.participants and not a.lead and not a.responsible and not _opens_partner(text, body, end):
        return Assignment(span=a.span, responsible=list(a.participants))  # "X：根据…，组织所属部队参加…，协助…"
    if len(a.lead + a.participants + a.responsible) != 1:
        return None
    (x,) = a.lead + a.participants + a.responsible
    if not a.lead and r["lead_clause"].search(text, body, end):
        return Assignment(span=a.span, lead=[x])
    if a.participants and _own_duties(text, body, end):
        return Assignment(span=a.span, responsible=[x])
    return None


def _opens_partner(text: str, body: int, end: int) -> bool:
    """Whether the colon form's clause at ``body`` opens with a partner verb (rule ``unit_heads.partner_open``), after an
    oblique part that opens it ("根据区防指的要求，", ``oblique_open``): a partner verb later in the clause ("…组织所属部队
    参加…") makes no participant."""
    r = _rules()
    oblique = r["oblique_open"].match(text, body, end)
    return bool(r["partner_open"].match(text, oblique.end() if oblique else body, end))


def own_duties(text: str, start: int, end: int) -> bool:
    """:func:`_own_duties` of a heading's sub-item ``text[start:end]``, up to its last full sentence: a next list's title
    a crawl ran into the item ("…建设。 2016年X局环境保护目标责任") is none of its parts."""
    while start < end and text[start] in _SPACE:
        start += 1
    item = text[start:end].rstrip()
    if item and item[-1] not in _ENDS:
        k = max(item.rfind(c) for c in _ENDS)
        end = start + k + 1 if k >= 0 else end
    return _own_duties(text, start, end)


_ENDS = "。；;！!？?"


def own_work(text: str, body: int, end: int) -> bool:
    """Whether a unit's entry ``text[body:end]`` whose partner verb ("配合…", "协助…") would make it a participant goes on
    with work of its own (:func:`_own_duties`: "2.派出所。配合开展消防监督检查，依法查处违法行为", "7.协助开展火灾事故延伸
    调查工作，协调做好善后工作"), or opens with no partner verb at all ("X。根据…，组织所属部队参加…"): the colon form's
    reading (real_unseen27 decision 1), for every form of a unit's entry — full stop, comma, a heading's sub-item."""
    while body < end and text[body] in _SPACE:
        body += 1
    return not _opens_partner(text, body, end) or _own_duties(text, body, end)


def with_assisted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens "负责会同Y配合Z制订…" with its assisted body Z (rule ``unit_heads.with_assisting``,
    read by :func:`assisting_body`: X and Z lead, Y takes part), so that no other reader takes Y alone as X's partners."""
    m = _rules()["with_assisting"].match(text, start, end)
    return m is not None and m["assist"] is not None


def assisting_body(text: str, a: Optional[Assignment], body: int, end: int, accept) -> Optional[Assignment]:
    """The colon form's assignment ``a`` with the body assisted (rule ``unit_heads.assisted``): "X：负责协助Y完成…"
    → Y leads, X takes part; "X：负责会同Y配合Z制订…" (``with_assisting``) → X and Z lead, Y takes part."""
    if a is None:
        return a
    while body < end and text[body] in _SPACE:
        body += 1
    whole = _clause_role(text, a, body, end)
    if whole is not None or len(a.lead + a.participants + a.responsible) != 1:
        return whole or a
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
    if not names:
        return a
    at = max(n[1][1] for n in names)
    while at < end and text[at] in _SPACE:
        at += 1
    return assisting_body(text, a, at + 1, end, accept) if text.startswith(("：", ":"), at) else a
